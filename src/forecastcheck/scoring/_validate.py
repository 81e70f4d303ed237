"""Validation at the boundary, shared by every score family.

Each public scoring function validates its input here once, then computes on
whole arrays: ``p`` and ``y`` (binary), numbers or dates (point, interval,
quantile and sample forecasts), and the NaN mask that ``nan_policy`` reads.
Private: imported as a module (``from forecastcheck.scoring import _validate``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any, Literal, TypeAlias

import numpy as np
import numpy.typing as npt
from numpy.typing import NDArray

from forecastcheck.errors import ForecastcheckError

NanPolicy: TypeAlias = Literal["raise", "omit"]
NumbersOrDates: TypeAlias = npt.ArrayLike | Sequence[dt.date | None]
"""Numbers, or dates (``datetime.date``/``datetime.datetime``/``numpy.datetime64``)."""
FloatArray: TypeAlias = NDArray[np.float64]
BoolArray: TypeAlias = NDArray[np.bool_]

_OMIT_HINT = "NaN (pass nan_policy='omit' to leave them out)"


class ScoringInputError(ForecastcheckError, ValueError):
    """Forecasts or outcomes handed to a scoring function are malformed.

    The message names the argument, what is wrong, how many values are
    affected and the index of the first one.
    """


def first_bad(name: str, bad: BoolArray, values: NDArray[Any], what: str) -> ScoringInputError:
    """The error naming how many of ``values`` are ``bad`` and the first of them."""
    flat = bad.reshape(-1)
    count = int(np.count_nonzero(flat))
    first = int(np.argmax(flat))
    value = values.reshape(-1)[first].item()
    return ScoringInputError(
        f"{name}: {count} value{'s' if count != 1 else ''} {what}; "
        f"first at flat index {first} ({value!r})"
    )


def check_policy(nan_policy: str) -> None:
    """Reject a ``nan_policy`` other than ``"raise"`` and ``"omit"``."""
    if nan_policy not in ("raise", "omit"):
        raise ScoringInputError(f"nan_policy must be 'raise' or 'omit', not {nan_policy!r}")


def probabilities(p: npt.ArrayLike, name: str = "p") -> FloatArray:
    """``p`` as a float64 array (no copy when it already is one)."""
    try:
        arr = np.asarray(p, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise ScoringInputError(f"{name}: not numeric ({exc})") from exc
    return arr


def extremes(arr: FloatArray) -> tuple[BoolArray | None, float, float]:
    """The NaN positions of ``arr`` (None when it has none), and its min and max.

    One min and one max: each propagates a NaN, so a NaN anywhere is seen there,
    and only then is each value looked at. An empty ``arr`` has no NaN, and (0, 0).
    """
    if arr.size == 0:
        return None, 0.0, 0.0
    lo, hi = float(np.min(arr)), float(np.max(arr))
    if np.isnan(lo) or np.isnan(hi):
        return np.isnan(arr), lo, hi
    return None, lo, hi


def nan_mask(arr: FloatArray) -> BoolArray | None:
    """The NaN positions of ``arr``, or None when it has none (:func:`extremes`)."""
    return extremes(arr)[0]


def row_mask(rows: BoolArray, nan_policy: str, name: str) -> BoolArray | None:
    """The rows with a NaN as the omitted mask, None without any; an error under "raise"."""
    if not rows.any():
        return None
    if nan_policy == "raise":
        raise first_bad(name, rows, np.arange(len(rows)), "rows with NaN")
    return rows


def _check_unit_interval(
    arr: FloatArray, name: str, mask: BoolArray | None, bounds: tuple[float, float]
) -> None:
    """Reject values outside [0, 1] (``mask``, ``bounds``: from :func:`extremes` of ``arr``)."""
    if arr.size == 0:
        return
    if mask is None:
        lo, hi = bounds
    elif mask.all():
        return
    else:
        lo, hi = float(np.nanmin(arr)), float(np.nanmax(arr))
    if lo < 0.0 or hi > 1.0:
        with np.errstate(invalid="ignore"):
            bad = (arr < 0.0) | (arr > 1.0)
        raise first_bad(name, bad, arr, "outside [0, 1]")


def _outcomes(y: npt.ArrayLike, name: str = "y") -> tuple[NDArray[Any], BoolArray | None]:
    """Validate binary outcomes; returns the array (uncopied when possible) and its NaN mask."""
    arr = np.asarray(y)
    kind = arr.dtype.kind
    if kind == "b":
        return arr, None
    if kind in "iu":
        if arr.size and (int(np.min(arr)) < 0 or int(np.max(arr)) > 1):
            raise first_bad(name, (arr != 0) & (arr != 1), arr, "not 0 or 1")
        return arr, None
    if kind == "f":
        mask = nan_mask(arr)
        if arr.size:
            with np.errstate(invalid="ignore"):
                ok = (arr == 0.0) | (arr == 1.0)
            if mask is not None:
                ok |= mask
            if not ok.all():
                raise first_bad(name, ~ok, arr, "not 0 or 1")
        return arr, mask
    raise ScoringInputError(
        f"{name}: outcomes must be booleans or the numbers 0 and 1, not {arr.dtype}"
    )


def binary_inputs(
    p: npt.ArrayLike, y: npt.ArrayLike, nan_policy: str
) -> tuple[FloatArray, NDArray[Any], BoolArray | None]:
    """Validate a binary forecast set once.

    Returns ``p`` as float64, ``y`` as given (bool, int or float 0/1) and the
    mask of omitted forecasts (None when nothing is omitted).

    Raises:
        ScoringInputError: shapes differ, ``p`` is outside [0, 1], ``y`` is not
            0/1, or a value is NaN under ``nan_policy="raise"``.
    """
    check_policy(nan_policy)
    pa = probabilities(p)
    ya, ymask = _outcomes(y)
    if pa.shape != ya.shape:
        raise ScoringInputError(f"p and y must have the same shape, not {pa.shape} and {ya.shape}")
    pmask, lo, hi = extremes(pa)  # one min and one max find any NaN and bound the range
    mask: BoolArray | None
    if pmask is None:
        mask = ymask
    elif ymask is None:
        mask = pmask
    else:
        mask = pmask | ymask
    if mask is not None and nan_policy == "raise":
        if pmask is not None:
            raise first_bad("p", pmask, pa, _OMIT_HINT)
        raise first_bad("y", mask, ya, _OMIT_HINT)
    _check_unit_interval(pa, "p", pmask, (lo, hi))
    return pa, ya, mask


def binary_kept(
    p: npt.ArrayLike, y: npt.ArrayLike, nan_policy: str
) -> tuple[FloatArray, BoolArray, int]:
    """Validate a binary forecast set and keep the scored forecasts.

    Returns ``p`` (float64) and ``y`` (bool), both flat, without the
    forecasts omitted under ``nan_policy="omit"``, and how many were omitted.

    Raises:
        ScoringInputError: as :func:`binary_inputs`.
    """
    pa, ya, mask = binary_inputs(p, y, nan_policy)
    pa, yb = pa.reshape(-1), as_bool(ya).reshape(-1)
    if mask is None:
        return pa, yb, 0
    keep = ~mask.reshape(-1)
    return pa[keep], yb[keep], int(keep.size - np.count_nonzero(keep))


def as_bool(y: NDArray[Any]) -> BoolArray:
    """Validated 0/1 outcomes as booleans (no copy when they are booleans or bytes)."""
    if y.dtype.kind == "b":
        return y
    if y.dtype.kind in "iu" and y.dtype.itemsize == 1:  # bytes 0 and 1 are booleans already
        return y.view(np.bool_)
    return np.asarray(y == 1)


def sorted_keys(keys: NDArray[Any], what: str) -> tuple[NDArray[Any], NDArray[np.intp]]:
    """The distinct ``keys`` and each key's index among them (a flat array of ``keys.size``).

    Raises:
        ScoringInputError: the keys cannot be sorted (``what`` names them).
    """
    try:
        uniq, inverse = np.unique(keys, return_inverse=True)
    except TypeError as exc:
        raise ScoringInputError(f"{what} cannot be sorted ({exc})") from exc
    return uniq, np.asarray(inverse, dtype=np.intp).reshape(-1)


def sample_inputs(samples: NumbersOrDates, y: NumbersOrDates) -> tuple[FloatArray, FloatArray]:
    """Samples as an (n, M) array (one forecast may be given as 1-D) and ``y`` as (n,).

    Raises:
        ScoringInputError: mixed numbers and dates, or shapes that do not match.
    """
    x, ya = same_kind("samples", samples, y)
    if x.ndim == 1:
        x = x[None, :]
    ya = ya.reshape(-1)
    if x.ndim != 2 or x.shape[0] != ya.shape[0] or x.shape[1] == 0:
        raise ScoringInputError(
            f"samples must have shape (n, M) with n = {ya.shape[0]} and M >= 1, not {x.shape}"
        )
    return x, ya


def finish(out: FloatArray, mask: BoolArray | None) -> FloatArray:
    """``out`` with the omitted forecasts set to NaN."""
    if mask is not None:
        out[mask] = np.nan
    return out


def epsilon(value: float) -> float:
    """A clipping ``epsilon``, checked to lie in (0, 0.5)."""
    if not 0.0 < value < 0.5:
        raise ScoringInputError(f"epsilon must be in (0, 0.5), not {value!r}")
    return float(value)


def numbers(x: NumbersOrDates, name: str) -> tuple[FloatArray, bool]:
    """``x`` as float64, with dates converted to days since 1970-01-01.

    Returns the array and whether it held dates. NaT becomes NaN.
    """
    arr = np.asarray(x)
    if arr.dtype.kind == "O":
        flat = arr.reshape(-1).tolist()
        try:
            if flat and all(v is None or isinstance(v, dt.date) for v in flat):
                arr = arr.astype("datetime64[us]")  # a date becomes its midnight
            else:
                arr = arr.astype(np.float64)
        except (TypeError, ValueError) as exc:
            raise ScoringInputError(f"{name}: neither numbers nor dates ({exc})") from exc
    if arr.dtype.kind == "M":
        unit, _ = np.datetime_data(arr.dtype)
        ticks = arr.astype(np.int64).astype(np.float64)
        ticks[np.isnat(arr)] = np.nan
        per_day = np.timedelta64(1, "D") / np.timedelta64(1, unit)  # type: ignore[call-overload]
        return ticks / float(per_day), True
    if arr.dtype.kind not in "iufb":
        raise ScoringInputError(f"{name}: neither numbers nor dates (dtype {arr.dtype})")
    out = arr.astype(np.float64, copy=False)
    if np.isinf(out).any():
        raise first_bad(name, np.isinf(out), out, "infinite")
    return out, False


def same_kind(what: str, x: NumbersOrDates, y: NumbersOrDates) -> tuple[FloatArray, FloatArray]:
    """Two arguments as float64 (see :func:`numbers`), both dates or both numbers."""
    xa, x_dates = numbers(x, what)
    ya, y_dates = numbers(y, "y")
    if x_dates != y_dates:
        raise ScoringInputError(f"mixing dates and numbers: give {what} and y of one kind")
    return xa, ya


def numeric_inputs(
    named: dict[str, NumbersOrDates], nan_policy: str
) -> tuple[list[FloatArray], BoolArray | None]:
    """Convert and broadcast numeric (or date) arguments; all dates or all numbers."""
    check_policy(nan_policy)
    arrays: list[FloatArray] = []
    kinds: dict[str, bool] = {}
    for name, value in named.items():
        arr, is_date = numbers(value, name)
        arrays.append(arr)
        kinds[name] = is_date
    if len(set(kinds.values())) > 1:
        dates = [k for k, v in kinds.items() if v]
        raise ScoringInputError(
            f"mixing dates ({', '.join(dates)}) and numbers: give all as dates or all as numbers"
        )
    try:
        arrays = [np.asarray(a) for a in np.broadcast_arrays(*arrays)]
    except ValueError as exc:
        shapes = ", ".join(f"{k} {np.shape(a)}" for k, a in zip(named, arrays, strict=True))
        raise ScoringInputError(f"shapes do not match: {shapes}") from exc
    mask: BoolArray | None = None
    for name, arr in zip(named, arrays, strict=True):
        m = nan_mask(arr)
        if m is None:
            continue
        if nan_policy == "raise":
            raise first_bad(name, m, arr, _OMIT_HINT)
        mask = m if mask is None else mask | m
    return arrays, mask
