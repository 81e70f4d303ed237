"""Per-forecast proper scores: arrays in, arrays out, plus summaries with counts.

Binary forecasts are a probability ``p`` of the proposition and its outcome
``y`` (0 or 1; booleans welcome). Every function validates its input once, at
the boundary, then computes on whole arrays. Each returns one score per
forecast, in the shape of the input; :func:`summarize` turns such an array
into a :class:`ScoreSummary` that carries its counts.

Missing values are an error by default (``nan_policy="raise"``). With
``nan_policy="omit"`` a forecast whose ``p`` or ``y`` is NaN scores NaN, and
:func:`summarize` reports it in ``n_omitted`` instead of averaging it.

Nothing is clipped unless asked: a wrong forecast of exactly 0 or 1 has log
score ``+inf`` and is counted in ``n_infinite``; ``epsilon=`` clips on request
and the clipped forecasts are counted in ``n_clipped``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from fractions import Fraction
from typing import Any, Literal, TypeAlias

import attrs
import numpy as np
import numpy.typing as npt
from numpy.typing import NDArray

from forecastcheck.errors import ForecastcheckError

__all__ = [
    "BinaryRule",
    "CrpsEstimator",
    "NanPolicy",
    "NumbersOrDates",
    "ScoreSummary",
    "ScoringInputError",
    "absolute_error",
    "brier",
    "categorical_log_score",
    "crps_quantile",
    "crps_sample",
    "interval_coverage",
    "interval_score",
    "log_score",
    "misclassification",
    "multicategory_brier",
    "quantile_score",
    "ranked_probability_score",
    "signed_error",
    "spherical",
    "summarize",
    "summarize_binary",
    "weighted_interval_score",
]

NanPolicy: TypeAlias = Literal["raise", "omit"]
CrpsEstimator: TypeAlias = Literal["nrg", "pwm"]
NumbersOrDates: TypeAlias = npt.ArrayLike | Sequence[dt.date | None]
"""Numbers, or dates (``datetime.date``/``datetime.datetime``/``numpy.datetime64``)."""
FloatArray: TypeAlias = NDArray[np.float64]
BoolArray: TypeAlias = NDArray[np.bool_]


class ScoringInputError(ForecastcheckError, ValueError):
    """Forecasts or outcomes handed to a scoring function are malformed.

    The message names the argument, what is wrong, how many values are
    affected and the index of the first one.
    """


# ---------------------------------------------------------------------------
# Validation at the boundary
# ---------------------------------------------------------------------------


def _first_bad(name: str, bad: BoolArray, values: NDArray[Any], what: str) -> ScoringInputError:
    flat = bad.reshape(-1)
    count = int(np.count_nonzero(flat))
    first = int(np.argmax(flat))
    value = values.reshape(-1)[first].item()
    return ScoringInputError(
        f"{name}: {count} value{'s' if count != 1 else ''} {what}; "
        f"first at flat index {first} ({value!r})"
    )


def _check_policy(nan_policy: str) -> None:
    if nan_policy not in ("raise", "omit"):
        raise ScoringInputError(f"nan_policy must be 'raise' or 'omit', not {nan_policy!r}")


def _probabilities(p: npt.ArrayLike, name: str = "p") -> FloatArray:
    """``p`` as a float64 array (no copy when it already is one)."""
    try:
        arr = np.asarray(p, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise ScoringInputError(f"{name}: not numeric ({exc})") from exc
    return arr


def _nan_mask(arr: FloatArray) -> BoolArray | None:
    """The NaN positions of ``arr``, or None when it has none (two cheap reductions)."""
    if arr.size == 0:
        return None
    if np.isnan(np.min(arr)) or np.isnan(np.max(arr)):
        return np.isnan(arr)
    return None


def _check_unit_interval(arr: FloatArray, name: str, mask: BoolArray | None) -> None:
    if arr.size == 0:
        return
    if mask is None:
        lo, hi = float(np.min(arr)), float(np.max(arr))
    elif mask.all():
        return
    else:
        lo, hi = float(np.nanmin(arr)), float(np.nanmax(arr))
    if lo < 0.0 or hi > 1.0:
        with np.errstate(invalid="ignore"):
            bad = (arr < 0.0) | (arr > 1.0)
        raise _first_bad(name, bad, arr, "outside [0, 1]")


def _outcomes(y: npt.ArrayLike, name: str = "y") -> tuple[NDArray[Any], BoolArray | None]:
    """Validate binary outcomes; returns the array (uncopied when possible) and its NaN mask."""
    arr = np.asarray(y)
    kind = arr.dtype.kind
    if kind == "b":
        return arr, None
    if kind in "iu":
        if arr.size and (int(np.min(arr)) < 0 or int(np.max(arr)) > 1):
            raise _first_bad(name, (arr != 0) & (arr != 1), arr, "not 0 or 1")
        return arr, None
    if kind == "f":
        mask = _nan_mask(arr)
        if arr.size:
            with np.errstate(invalid="ignore"):
                ok = (arr == 0.0) | (arr == 1.0)
            if mask is not None:
                ok |= mask
            if not ok.all():
                raise _first_bad(name, ~ok, arr, "not 0 or 1")
        return arr, mask
    raise ScoringInputError(
        f"{name}: outcomes must be booleans or the numbers 0 and 1, not {arr.dtype}"
    )


def _binary_inputs(
    p: npt.ArrayLike, y: npt.ArrayLike, nan_policy: str
) -> tuple[FloatArray, NDArray[Any], BoolArray | None]:
    """Validate a binary forecast set once.

    Returns ``p`` as float64, ``y`` as given (bool, int or float 0/1) and the
    mask of omitted forecasts (None when nothing is omitted).

    Raises:
        ScoringInputError: shapes differ, ``p`` is outside [0, 1], ``y`` is not
            0/1, or a value is NaN under ``nan_policy="raise"``.
    """
    _check_policy(nan_policy)
    pa = _probabilities(p)
    ya, ymask = _outcomes(y)
    if pa.shape != ya.shape:
        raise ScoringInputError(f"p and y must have the same shape, not {pa.shape} and {ya.shape}")
    pmask = _nan_mask(pa)
    mask: BoolArray | None
    if pmask is None:
        mask = ymask
    elif ymask is None:
        mask = pmask
    else:
        mask = pmask | ymask
    if mask is not None and nan_policy == "raise":
        if pmask is not None:
            raise _first_bad("p", pmask, pa, "NaN (pass nan_policy='omit' to leave them out)")
        raise _first_bad("y", mask, ya, "NaN (pass nan_policy='omit' to leave them out)")
    _check_unit_interval(pa, "p", pmask)
    return pa, ya, mask


def _as_bool(y: NDArray[Any]) -> BoolArray:
    if y.dtype.kind == "b":
        return y
    return np.asarray(y == 1)


def _finish(out: FloatArray, mask: BoolArray | None) -> FloatArray:
    if mask is not None:
        out[mask] = np.nan
    return out


# ---------------------------------------------------------------------------
# Binary scores
# ---------------------------------------------------------------------------


def brier(
    p: npt.ArrayLike,
    y: npt.ArrayLike,
    *,
    two_category: bool = False,
    nan_policy: NanPolicy = "raise",
) -> FloatArray:
    """Brier score per forecast: ``(p - y)**2`` (0 best, 1 worst).

    Brier (1950). With ``two_category=True`` the score is ``2 * (p - y)**2``
    (range 0–2), the sum over both outcomes that Brier originally wrote and
    that Good Judgment and Fatebook report; it equals :func:`multicategory_brier`
    with two categories.

    Args:
        p: probabilities of the proposition, in [0, 1].
        y: outcomes, 0/1 or booleans, same shape as ``p``.
        two_category: score ``2 * (p - y)**2`` instead of ``(p - y)**2``.
        nan_policy: ``"raise"`` (default) or ``"omit"`` (NaN in, NaN out).

    Returns:
        One score per forecast, float64, in the shape of ``p``.

    Raises:
        ScoringInputError: malformed input (see :class:`ScoringInputError`).
    """
    pa, ya, mask = _binary_inputs(p, y, nan_policy)
    out = _brier_values(pa, ya)
    if two_category:
        out *= 2.0
    return _finish(out, mask)


def _brier_values(pa: FloatArray, y: NDArray[Any]) -> FloatArray:
    out = np.asarray(np.subtract(pa, y, dtype=np.float64))
    np.square(out, out=out)
    return out


def log_score(
    p: npt.ArrayLike,
    y: npt.ArrayLike,
    *,
    epsilon: float | None = None,
    nan_policy: NanPolicy = "raise",
) -> FloatArray:
    """Logarithmic score per forecast: ``-ln p_y`` in nats (0 best; lower is better).

    Good (1952). ``p_y`` is the probability given to what happened: ``p`` when
    ``y = 1``, ``1 - p`` when ``y = 0`` (as ``log1p(-p)`` when ``p < 1/16``, for accuracy).
    A wrong forecast of exactly 0 or 1 scores ``+inf``; :func:`summarize`
    counts those in ``n_infinite``. Clipping is opt-in: with ``epsilon``, ``p``
    is first clipped to ``[epsilon, 1 - epsilon]`` (scikit-learn's ``log_loss``
    behaviour); use :func:`summarize_binary` to get the number clipped.

    Args:
        p: probabilities of the proposition, in [0, 1].
        y: outcomes, 0/1 or booleans, same shape as ``p``.
        epsilon: clip ``p`` to ``[epsilon, 1 - epsilon]`` first; ``0 < epsilon < 0.5``.
        nan_policy: ``"raise"`` (default) or ``"omit"`` (NaN in, NaN out).

    Returns:
        One score per forecast, float64 (``+inf`` possible without ``epsilon``).

    Raises:
        ScoringInputError: malformed input or an ``epsilon`` outside (0, 0.5).
    """
    pa, ya, mask = _binary_inputs(p, y, nan_policy)
    if epsilon is not None:
        pa = np.clip(pa, _epsilon(epsilon), 1.0 - epsilon)
    return _finish(_log_values(pa, _as_bool(ya)), mask)


def _log_values(pa: FloatArray, yb: BoolArray) -> FloatArray:
    out = np.asarray(np.subtract(1.0, pa))  # the probability given to what happened
    np.copyto(out, pa, where=yb)
    with np.errstate(divide="ignore"):
        np.log(out, out=out)
        # ln(fl(1 - p)) loses relative accuracy as p -> 0: use log1p below 1/16
        small = (pa < 0.0625) & ~yb
        if small.any():
            out[small] = np.log1p(-pa[small])
    np.negative(out, out=out)
    out += 0.0  # -0.0 (a certain, right forecast) reads as 0.0
    return out


def _epsilon(epsilon: float) -> float:
    if not 0.0 < epsilon < 0.5:
        raise ScoringInputError(f"epsilon must be in (0, 0.5), not {epsilon!r}")
    return float(epsilon)


def spherical(p: npt.ArrayLike, y: npt.ArrayLike, *, nan_policy: NanPolicy = "raise") -> FloatArray:
    """Spherical score per forecast: ``p_y / sqrt(p**2 + (1 - p)**2)`` (1 best; higher is better).

    Good (1971); Gneiting & Raftery (2007), section 3.

    Args:
        p: probabilities of the proposition, in [0, 1].
        y: outcomes, 0/1 or booleans, same shape as ``p``.
        nan_policy: ``"raise"`` (default) or ``"omit"`` (NaN in, NaN out).

    Returns:
        One score per forecast, float64, in [0, 1].

    Raises:
        ScoringInputError: malformed input.
    """
    pa, ya, mask = _binary_inputs(p, y, nan_policy)
    return _finish(_spherical_values(pa, _as_bool(ya)), mask)


def _spherical_values(pa: FloatArray, yb: BoolArray) -> FloatArray:
    norm = np.asarray(np.square(pa))
    out = np.asarray(np.subtract(1.0, pa))
    np.square(out, out=out)
    norm += out
    np.sqrt(norm, out=norm)
    np.subtract(1.0, pa, out=out)
    np.copyto(out, pa, where=yb)
    out /= norm
    return out


def misclassification(
    p: npt.ArrayLike, y: npt.ArrayLike, *, nan_policy: NanPolicy = "raise"
) -> FloatArray:
    """Misclassification (zero-one) score per forecast (0 best; lower is better).

    1 when the forecast is on the wrong side of 50% (``p > 0.5`` and ``y = 0``,
    or ``p < 0.5`` and ``y = 1``), 0 on the right side, and 0.5 for a forecast
    of exactly 0.5 — the value under which the score stays proper (Dimitriadis,
    Gneiting & Jordan 2021, Table 1). Its mean is the error rate, and one minus
    it is the share of forecasts on the right side of 50% (ties counted half).

    Args:
        p: probabilities of the proposition, in [0, 1].
        y: outcomes, 0/1 or booleans, same shape as ``p``.
        nan_policy: ``"raise"`` (default) or ``"omit"`` (NaN in, NaN out).

    Returns:
        One score per forecast: 0.0, 0.5 or 1.0.

    Raises:
        ScoringInputError: malformed input.
    """
    pa, ya, mask = _binary_inputs(p, y, nan_policy)
    return _finish(_misclassification_values(pa, _as_bool(ya)), mask)


def _misclassification_values(pa: FloatArray, yb: BoolArray) -> FloatArray:
    out = np.where(yb, pa < 0.5, pa > 0.5).astype(np.float64)
    out[pa == 0.5] = 0.5
    return out


# ---------------------------------------------------------------------------
# Summaries
# ---------------------------------------------------------------------------

_SCALE = 1127  # an exact sum is an integer times 2**-1127 (= 2**-1074 * 2**-53)
_CHUNK = 1 << 16  # keeps every bincount partial sum far below 2**53, and temporaries small


def _exact_sums(
    values: FloatArray,
    groups: NDArray[np.intp] | None = None,
    ngroups: int = 1,
    *,
    square: bool = False,
) -> list[int]:
    """Exact sums of finite ``values`` (or of their rounded squares) per group.

    Returns one integer per group, in units of ``2**-1127`` (see :func:`_to_fraction`).
    Each value's 53-bit integer mantissa is split into halves of 27 and 26
    bits and ``np.bincount`` adds the halves per (group, sign and exponent).
    Every partial sum is an integer below 2**53 (at most 2**18 terms per chunk), so
    the float additions are exact and the result depends neither on the order
    of the values nor on chunking: the sums of two chunks add up to exactly
    the sum of the whole.

    Raises:
        ScoringInputError: a value (or square) is NaN or infinite.
    """
    totals, bad = _exact_sums_checked(values, groups, ngroups, square=square)
    if bad:
        raise ScoringInputError(f"cannot sum non-finite values ({bad} found)")
    return totals


def _exact_sums_checked(
    values: FloatArray,
    groups: NDArray[np.intp] | None,
    ngroups: int,
    *,
    square: bool = False,
) -> tuple[list[int], int]:
    """:func:`_exact_sums` that skips non-finite values and returns how many it skipped."""
    totals = [0] * ngroups
    skipped = 0
    flat = values.reshape(-1)
    gflat = None if groups is None else groups.reshape(-1)
    buffers = _Buffers(min(flat.size, _CHUNK))
    for start in range(0, flat.size, _CHUNK):
        chunk = flat[start : start + _CHUNK]
        gchunk = None if gflat is None else gflat[start : start + _CHUNK]
        if square:
            chunk = np.multiply(chunk, chunk, out=buffers.square[: chunk.size])
        result = _chunk_sums(chunk, gchunk, ngroups, buffers)
        if result is None:  # NaN or inf inside: sum the finite values only
            finite = np.isfinite(chunk)
            skipped += int(finite.size - np.count_nonzero(finite))
            kept = chunk[finite]
            result = _chunk_sums(kept, None if gchunk is None else gchunk[finite], ngroups, buffers)
            assert result is not None
        for g, add in result:
            totals[g] += add
    return totals, skipped


class _Buffers:
    """Work arrays reused from chunk to chunk (no fresh memory per chunk)."""

    def __init__(self, size: int) -> None:
        self.square = np.empty(size)
        self.key = np.empty(size, dtype=np.intp)
        self.hi = np.empty(size, dtype=np.int64)
        self.lo = np.empty(size, dtype=np.int64)


_LOW26 = (1 << 26) - 1


def _chunk_sums(
    chunk: FloatArray, groups: NDArray[np.intp] | None, ngroups: int, buf: _Buffers
) -> list[tuple[int, int]] | None:
    """(group, exact integer sum) pairs for one chunk; None if a value is not finite.

    Works on the IEEE-754 bits: ``x = (-1)**s * M * 2**(max(E, 1) - 1075)`` with
    the 12-bit key ``s * 2048 + E`` and the 53-bit integer ``M``: the 52 stored
    bits plus the implicit leading bit when ``E > 0``. Per key, ``np.bincount``
    adds ``hi`` = the top 26 stored bits plus the implicit bit, and ``lo`` = the
    low 26 bits: sums of integers below 2**27, exact in float64.
    """
    m = chunk.size
    if m == 0:
        return []
    bits = np.ascontiguousarray(chunk).view(np.int64)
    key, hi, lo = buf.key[:m], buf.hi[:m], buf.lo[:m]
    np.right_shift(bits, 52, out=key)
    key &= 0xFFF  # sign bit and biased exponent
    np.right_shift(bits, 26, out=hi)
    hi &= _LOW26
    hi += 1 << 26  # the implicit bit; taken back below where E = 0
    np.bitwise_and(bits, _LOW26, out=lo)
    kmin = int(key.min())
    span = int(key.max()) - kmin + 1
    key -= kmin
    if groups is not None:
        key += groups * span
    size = ngroups * span
    hsum = np.bincount(key, weights=hi, minlength=size)
    lsum = np.bincount(key, weights=lo, minlength=size)
    nonzero = np.flatnonzero(hsum).tolist()  # every value adds at least 2**26 to hsum
    subnormal: dict[int, int] = {}
    for idx in nonzero:
        k = idx % span + kmin
        if k & 0x7FF == 0x7FF:  # inf or NaN
            return None
        if k & 0x7FF == 0 and not subnormal:  # zeros or subnormals: count them
            raw = (key % span) + kmin if groups is not None else key + kmin
            at = np.flatnonzero((raw & 0x7FF) == 0)
            counts = np.bincount(key[at], minlength=size)
            subnormal = {int(c): int(counts[c]) for c in np.flatnonzero(counts).tolist()}
    out = []
    for idx in nonzero:
        g, k = divmod(idx, span)
        k += kmin
        sign, e = divmod(k, 2048)
        h = int(hsum[idx]) - (subnormal.get(idx, 0) << 26 if e == 0 else 0)
        # value = M * 2**(max(E, 1) - 1075) = M * 2**(max(E, 1) + 52) * 2**-1127
        add = ((h << 26) + int(lsum[idx])) << (max(e, 1) + 52)
        out.append((g, -add if sign else add))
    return out


def _to_fraction(total: int) -> Fraction:
    return Fraction(total, 1 << _SCALE)


@attrs.frozen
class ScoreSummary:
    """The mean of a per-forecast score, with the counts behind it.

    Attributes:
        rule: the score's name (``"brier"``, ``"log"``, ...).
        mean: mean over the scored forecasts, correctly rounded from the exact
            sum; ``+inf`` when any score is infinite; NaN when ``n == 0``.
        n: forecasts scored (omitted ones excluded, infinite ones included).
        n_infinite: forecasts scoring ``+inf`` (a wrong certainty under the log score).
        n_omitted: forecasts left out under ``nan_policy="omit"``.
        n_clipped: forecasts clipped by an explicit ``epsilon``.
        mean_finite: mean over the finite scores only (equals ``mean`` when
            ``n_infinite == 0``).
        higher_is_better: the score's orientation.
    """

    rule: str
    mean: float
    n: int
    n_infinite: int = 0
    n_omitted: int = 0
    n_clipped: int = 0
    mean_finite: float = float("nan")
    higher_is_better: bool = False


def summarize(
    values: npt.ArrayLike,
    *,
    rule: str = "score",
    higher_is_better: bool = False,
    n_clipped: int = 0,
) -> ScoreSummary:
    """Summarise per-forecast scores: exact mean and counts.

    NaN entries are the forecasts omitted under ``nan_policy="omit"`` and are
    counted in ``n_omitted``; ``+inf`` or ``-inf`` entries are counted in
    ``n_infinite`` and make the mean infinite. The mean is the correctly
    rounded value of the exact sum divided by ``n``, so it does not depend on
    the order of the forecasts.

    Args:
        values: per-forecast scores from any function of this module.
        rule: the score's name, carried into the summary.
        higher_is_better: the score's orientation, carried into the summary.
        n_clipped: how many forecasts were clipped (see :func:`summarize_binary`).

    Returns:
        A :class:`ScoreSummary`.

    Raises:
        ScoringInputError: ``values`` is not numeric.
    """
    arr = _probabilities(values, "values").reshape(-1)
    totals, n_nonfinite = _exact_sums_checked(arr, None, 1)
    n_omitted = n_pos = n_neg = 0
    if n_nonfinite:
        n_omitted = int(np.count_nonzero(np.isnan(arr)))
        n_pos = int(np.count_nonzero(arr == np.inf))
        n_neg = int(np.count_nonzero(arr == -np.inf))
    return _summary(
        rule,
        totals[0],
        n_finite=int(arr.size) - n_nonfinite,
        n_pos=n_pos,
        n_neg=n_neg,
        n_omitted=n_omitted,
        n_clipped=n_clipped,
        higher_is_better=higher_is_better,
    )


def _summary(
    rule: str,
    total: int,
    *,
    n_finite: int,
    n_pos: int = 0,
    n_neg: int = 0,
    n_omitted: int = 0,
    n_clipped: int = 0,
    higher_is_better: bool = False,
) -> ScoreSummary:
    """A :class:`ScoreSummary` from an exact total (see :func:`_exact_sums`) and counts."""
    exact = _to_fraction(total)
    mean_finite = float(exact / n_finite) if n_finite else float("nan")
    if n_pos and n_neg:
        mean = float("nan")
    elif n_pos:
        mean = float("inf")
    elif n_neg:
        mean = float("-inf")
    else:
        mean = mean_finite
    return ScoreSummary(
        rule=rule,
        mean=mean,
        n=n_finite + n_pos + n_neg,
        n_infinite=n_pos + n_neg,
        n_omitted=n_omitted,
        n_clipped=n_clipped,
        mean_finite=mean_finite,
        higher_is_better=higher_is_better,
    )


BinaryRule: TypeAlias = Literal["brier", "brier2", "log", "spherical", "misclassification"]


def summarize_binary(
    p: npt.ArrayLike,
    y: npt.ArrayLike,
    rule: BinaryRule = "brier",
    *,
    epsilon: float | None = None,
    nan_policy: NanPolicy = "raise",
) -> ScoreSummary:
    """Score binary forecasts with one rule and summarise, counting clipped forecasts.

    Args:
        p: probabilities of the proposition, in [0, 1].
        y: outcomes, 0/1 or booleans.
        rule: ``"brier"``, ``"brier2"`` (the two-category form ``2(p - y)**2``),
            ``"log"``, ``"spherical"`` or ``"misclassification"``.
        epsilon: log score only: clip to ``[epsilon, 1 - epsilon]`` and count
            the clipped forecasts in ``n_clipped``.
        nan_policy: ``"raise"`` (default) or ``"omit"``.

    Returns:
        A :class:`ScoreSummary`.

    Raises:
        ScoringInputError: malformed input, an unknown rule, or ``epsilon``
            with a rule other than ``"log"``.
    """
    if epsilon is not None and rule != "log":
        raise ScoringInputError("epsilon applies to the log score only")
    n_clipped = 0
    if rule == "brier":
        values = brier(p, y, nan_policy=nan_policy)
    elif rule == "brier2":
        values = brier(p, y, two_category=True, nan_policy=nan_policy)
    elif rule == "log":
        values = log_score(p, y, epsilon=epsilon, nan_policy=nan_policy)
        if epsilon is not None:
            pa = _probabilities(p)
            with np.errstate(invalid="ignore"):
                n_clipped = int(np.count_nonzero((pa < epsilon) | (pa > 1.0 - epsilon)))
    elif rule == "spherical":
        values = spherical(p, y, nan_policy=nan_policy)
    elif rule == "misclassification":
        values = misclassification(p, y, nan_policy=nan_policy)
    else:
        raise ScoringInputError(f"unknown rule {rule!r}")
    return summarize(values, rule=rule, higher_is_better=rule == "spherical", n_clipped=n_clipped)


# ---------------------------------------------------------------------------
# Several categories
# ---------------------------------------------------------------------------

_SUM_TOLERANCE = 1e-8


def _categorical_inputs(
    P: npt.ArrayLike, y: npt.ArrayLike, nan_policy: str
) -> tuple[FloatArray, NDArray[np.intp], BoolArray | None]:
    """Validate ``P`` (n forecasts x K categories, rows summing to 1) and ``y`` (category indices).

    Returns ``P`` as float64, ``y`` as indices (0 where omitted) and the
    mask of omitted rows.
    """
    _check_policy(nan_policy)
    Pa = _probabilities(P, "P")
    if Pa.ndim != 2 or Pa.shape[1] < 2:
        raise ScoringInputError(
            f"P must be 2-D, one row per forecast and one column per category (K >= 2), "
            f"not shape {Pa.shape}"
        )
    ya = np.asarray(y)
    if ya.shape != (Pa.shape[0],):
        raise ScoringInputError(f"y must have shape ({Pa.shape[0]},), not {ya.shape}")
    K = Pa.shape[1]
    mask: BoolArray | None = None
    rowmask: BoolArray = np.asarray(np.isnan(Pa).any(axis=1))
    if ya.dtype.kind == "f":
        ymask = np.isnan(ya)
        rowmask |= ymask
        if not ymask.all():
            fin = ya[~ymask]
            if not np.all(fin == np.round(fin)):
                raise _first_bad("y", (ya != np.round(ya)) & ~ymask, ya, "not a category index")
    elif ya.dtype.kind not in "iub":
        raise ScoringInputError(f"y must hold category indices 0..{K - 1}, not {ya.dtype}")
    if rowmask.any():
        if nan_policy == "raise":
            raise _first_bad("P or y", rowmask, np.arange(len(rowmask)), "rows with NaN")
        mask = rowmask
    keep = slice(None) if mask is None else ~mask
    Pk = Pa[keep]
    with np.errstate(invalid="ignore"):
        bad = (Pa < 0.0) | (Pa > 1.0)
    if bad.any():
        raise _first_bad("P", bad, Pa, "outside [0, 1]")
    sums = Pk.sum(axis=1)
    off = np.abs(sums - 1.0) > _SUM_TOLERANCE
    if off.any():
        raise _first_bad("P", off, sums, f"rows not summing to 1 (tolerance {_SUM_TOLERANCE})")
    # The range is checked on y as given, before the cast to indices: a negative index
    # would pick a category counted from the end, and a huge one wraps round in the cast.
    yv = ya.copy()
    if mask is not None:
        yv[mask] = 0
    badi = (yv < 0) | (yv >= K)
    if badi.any():
        raise _first_bad("y", badi, yv, f"not a category index in 0..{K - 1}")
    return Pa, yv.astype(np.intp), mask


def multicategory_brier(
    P: npt.ArrayLike, y: npt.ArrayLike, *, nan_policy: NanPolicy = "raise"
) -> FloatArray:
    """Multi-category Brier score per forecast: ``sum_k (P_k - 1{y = k})**2`` (0 best, 2 worst).

    Brier (1950), the original form. With two categories it equals
    ``brier(p, y, two_category=True)``; scikit-learn's ``brier_score_loss``
    reports this sum for more than two classes.

    Args:
        P: forecasts, shape (n, K); each row a probability vector summing to 1
            (to within 1e-8; rows are never renormalised).
        y: the index (0..K-1) of the category that happened, shape (n,).
        nan_policy: ``"raise"`` (default) or ``"omit"`` (a row with NaN scores NaN).

    Returns:
        One score per forecast, shape (n,).

    Raises:
        ScoringInputError: malformed input.
    """
    Pa, yi, mask = _categorical_inputs(P, y, nan_policy)
    D = Pa.copy()
    rows = np.arange(Pa.shape[0])
    D[rows, yi] -= 1.0
    out = np.einsum("ij,ij->i", D, D)
    return _finish(out, mask)


def ranked_probability_score(
    P: npt.ArrayLike,
    y: npt.ArrayLike,
    *,
    normalize: bool = False,
    nan_policy: NanPolicy = "raise",
) -> FloatArray:
    """Ranked probability score per forecast, for ordered categories (0 best).

    Epstein (1969); Murphy (1971). With cumulative forecast ``F_k = P_0 + ... + P_k``
    and cumulative outcome ``O_k = 1{y <= k}``, the score is
    ``sum_{k=0}^{K-2} (F_k - O_k)**2`` — the sum over the K - 1 thresholds
    between categories, *not* divided by anything (range 0 to K - 1; with two
    categories it equals the binary Brier score ``(p - y)**2``). With
    ``normalize=True`` it is divided by ``K - 1`` (range 0–1), the form of
    Epstein (1969) and of several verification packages.

    Args:
        P: forecasts, shape (n, K), categories in their natural order.
        y: the index (0..K-1) of the category that happened.
        normalize: divide by ``K - 1``.
        nan_policy: ``"raise"`` (default) or ``"omit"``.

    Returns:
        One score per forecast, shape (n,).

    Raises:
        ScoringInputError: malformed input.
    """
    Pa, yi, mask = _categorical_inputs(P, y, nan_policy)
    K = Pa.shape[1]
    F = np.cumsum(Pa[:, :-1], axis=1)
    F -= np.arange(K - 1)[None, :] >= yi[:, None]
    out = np.einsum("ij,ij->i", F, F)
    if normalize:
        out /= K - 1
    return _finish(out, mask)


def categorical_log_score(
    P: npt.ArrayLike,
    y: npt.ArrayLike,
    *,
    epsilon: float | None = None,
    nan_policy: NanPolicy = "raise",
) -> FloatArray:
    """Logarithmic score per forecast for several categories: ``-ln P_y`` (0 best).

    A probability of exactly 0 on the category that happened scores ``+inf``
    (counted by :func:`summarize`). With ``epsilon`` the probability of the
    outcome is first clipped to ``[epsilon, 1 - epsilon]`` (scikit-learn's
    ``log_loss`` clips the whole vector and renormalises; here nothing else
    is touched and nothing is renormalised).

    Args:
        P: forecasts, shape (n, K).
        y: the index (0..K-1) of the category that happened.
        epsilon: opt-in clipping, ``0 < epsilon < 0.5``.
        nan_policy: ``"raise"`` (default) or ``"omit"``.

    Returns:
        One score per forecast, shape (n,).

    Raises:
        ScoringInputError: malformed input.
    """
    Pa, yi, mask = _categorical_inputs(P, y, nan_policy)
    py = Pa[np.arange(Pa.shape[0]), yi]
    if epsilon is not None:
        py = np.clip(py, _epsilon(epsilon), 1.0 - epsilon)
    with np.errstate(divide="ignore", invalid="ignore"):
        out = np.asarray(-np.log(py))
    out += 0.0
    return _finish(out, mask)


# ---------------------------------------------------------------------------
# Numbers and dates
# ---------------------------------------------------------------------------


def _numbers(x: NumbersOrDates, name: str) -> tuple[FloatArray, bool]:
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
        raise _first_bad(name, np.isinf(out), out, "infinite")
    return out, False


def _numeric_inputs(
    named: dict[str, NumbersOrDates], nan_policy: str
) -> tuple[list[FloatArray], BoolArray | None]:
    """Convert and broadcast numeric (or date) arguments; all dates or all numbers."""
    _check_policy(nan_policy)
    arrays: list[FloatArray] = []
    kinds: dict[str, bool] = {}
    for name, value in named.items():
        arr, is_date = _numbers(value, name)
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
        m = _nan_mask(arr)
        if m is None:
            continue
        if nan_policy == "raise":
            raise _first_bad(name, m, arr, "NaN (pass nan_policy='omit' to leave them out)")
        mask = m if mask is None else mask | m
    return arrays, mask


def signed_error(
    forecast: NumbersOrDates, y: NumbersOrDates, *, nan_policy: NanPolicy = "raise"
) -> FloatArray:
    """Signed error per forecast: ``forecast - y`` (positive: too high, or too late).

    Dates (``datetime.date``/``datetime.datetime`` objects or ``numpy.datetime64``)
    give the error in days, fractional when the inputs carry times.

    Args:
        forecast: point forecasts, numbers or dates.
        y: what happened, of the same kind, broadcastable to ``forecast``.
        nan_policy: ``"raise"`` (default) or ``"omit"`` (NaN/NaT in, NaN out).

    Returns:
        One error per forecast, float64.

    Raises:
        ScoringInputError: malformed input, or dates mixed with numbers.
    """
    (f, ya), mask = _numeric_inputs({"forecast": forecast, "y": y}, nan_policy)
    return _finish(np.asarray(np.subtract(f, ya)), mask)


def absolute_error(
    forecast: NumbersOrDates, y: NumbersOrDates, *, nan_policy: NanPolicy = "raise"
) -> FloatArray:
    """Absolute error per forecast: ``|forecast - y|``, in days for dates.

    The CRPS of a point forecast (Gneiting & Raftery 2007): :func:`crps_sample`
    with one member gives the same number.

    Args:
        forecast: point forecasts, numbers or dates.
        y: what happened, of the same kind.
        nan_policy: ``"raise"`` (default) or ``"omit"``.

    Returns:
        One error per forecast, float64, non-negative.

    Raises:
        ScoringInputError: malformed input, or dates mixed with numbers.
    """
    out = signed_error(forecast, y, nan_policy=nan_policy)
    np.abs(out, out=out)
    return out


def _alpha(alpha: npt.ArrayLike) -> FloatArray:
    a = np.asarray(alpha, dtype=np.float64)
    if not np.all((a > 0.0) & (a < 1.0)):
        raise ScoringInputError(f"alpha must be in (0, 1): a central (1 - alpha) interval; got {a}")
    return a


def interval_score(
    lower: NumbersOrDates,
    upper: NumbersOrDates,
    y: NumbersOrDates,
    alpha: npt.ArrayLike,
    *,
    weigh: bool = False,
    nan_policy: NanPolicy = "raise",
) -> FloatArray:
    """Interval score of a central ``(1 - alpha)`` prediction interval (lower is better).

    Gneiting & Raftery (2007), eq. (43):
    ``(u - l) + (2/alpha) (l - y) 1{y < l} + (2/alpha) (y - u) 1{y > u}``.
    With ``weigh=True`` the score is multiplied by ``alpha / 2``, the form
    scoringutils' ``interval_score(weigh = TRUE)`` returns and the terms the
    weighted interval score adds up.

    Args:
        lower: lower ends ``l``, numbers or dates.
        upper: upper ends ``u`` (``u >= l``).
        y: what happened.
        alpha: ``0 < alpha < 1``, e.g. 0.1 for a 90% interval; scalar or broadcastable.
        weigh: multiply by ``alpha / 2``.
        nan_policy: ``"raise"`` (default) or ``"omit"``.

    Returns:
        One score per forecast, float64, in days for dates.

    Raises:
        ScoringInputError: malformed input, ``upper < lower`` or ``alpha`` outside (0, 1).
    """
    (lo, up, ya), mask = _numeric_inputs({"lower": lower, "upper": upper, "y": y}, nan_policy)
    a = _alpha(alpha)
    with np.errstate(invalid="ignore"):
        crossed = lo > up
    if crossed.any():
        raise _first_bad("upper", crossed, up, "below lower")
    with np.errstate(invalid="ignore"):
        below = np.where(ya < lo, lo - ya, 0.0)
        above = np.where(ya > up, ya - up, 0.0)
    out = np.asarray((up - lo) + (2.0 / a) * (below + above), dtype=np.float64)
    if weigh:
        out = np.asarray(out * (a / 2.0), dtype=np.float64)
    return _finish(out, mask)


def interval_coverage(
    lower: NumbersOrDates,
    upper: NumbersOrDates,
    y: NumbersOrDates,
    *,
    nan_policy: NanPolicy = "raise",
) -> FloatArray:
    """Whether each interval covers what happened: 1.0 if ``l <= y <= u`` else 0.0.

    Both ends count as covered (as in scoringutils). The mean over forecasts
    (:func:`summarize`) is the empirical coverage, to compare with the nominal
    level (e.g. 0.5 for 50% intervals, 0.9 for 90%).

    Args:
        lower: lower ends, numbers or dates.
        upper: upper ends (``upper >= lower``).
        y: what happened.
        nan_policy: ``"raise"`` (default) or ``"omit"`` (NaN out).

    Returns:
        1.0 or 0.0 per forecast (NaN where omitted).

    Raises:
        ScoringInputError: malformed input or ``upper < lower``.
    """
    (lo, up, ya), mask = _numeric_inputs({"lower": lower, "upper": upper, "y": y}, nan_policy)
    with np.errstate(invalid="ignore"):
        crossed = lo > up
        if crossed.any():
            raise _first_bad("upper", crossed, up, "below lower")
        out = ((lo <= ya) & (ya <= up)).astype(np.float64)
    return _finish(out, mask)


def _quantile_inputs(
    quantiles: NumbersOrDates, levels: npt.ArrayLike, y: NumbersOrDates, nan_policy: str
) -> tuple[FloatArray, FloatArray, FloatArray, BoolArray | None]:
    """Validate quantile forecasts: ``quantiles`` (n, Q), ``levels`` (Q,), ``y`` (n,)."""
    _check_policy(nan_policy)
    tau = np.asarray(levels, dtype=np.float64)
    if tau.ndim != 1 or tau.size == 0:
        raise ScoringInputError(f"levels must be a non-empty 1-D array, not shape {tau.shape}")
    if not np.all((tau > 0.0) & (tau < 1.0)) or np.any(np.diff(tau) <= 0.0):
        raise ScoringInputError(f"levels must be strictly increasing in (0, 1), got {tau}")
    q, q_dates = _numbers(quantiles, "quantiles")
    ya, y_dates = _numbers(y, "y")
    if q_dates != y_dates:
        raise ScoringInputError("mixing dates and numbers: give quantiles and y of one kind")
    if q.ndim == 1:
        q = q[None, :]
    if q.ndim != 2 or q.shape[1] != tau.size:
        raise ScoringInputError(
            f"quantiles must have shape (n, {tau.size}) to match levels, not {q.shape}"
        )
    ya = ya.reshape(-1)
    if ya.shape[0] != q.shape[0]:
        raise ScoringInputError(f"y must have {q.shape[0]} values, one per forecast, not {ya.size}")
    rowmask = np.isnan(q).any(axis=1) | np.isnan(ya)
    mask: BoolArray | None = None
    if rowmask.any():
        if nan_policy == "raise":
            raise _first_bad("quantiles or y", rowmask, np.arange(len(rowmask)), "rows with NaN")
        mask = rowmask
    with np.errstate(invalid="ignore"):
        crossing: BoolArray = np.asarray((np.diff(q, axis=1) < 0.0).any(axis=1))
    if crossing.any():
        raise _first_bad("quantiles", crossing, np.arange(len(crossing)), "rows not non-decreasing")
    return q, tau, ya, mask


def _pinball(q: FloatArray, tau: FloatArray, y: FloatArray) -> FloatArray:
    """``(1{y < q} - tau) (q - y)`` elementwise, ``q`` (n, Q), ``tau`` (Q,), ``y`` (n,)."""
    diff = q - y[:, None]
    return np.asarray(((diff > 0.0) - tau[None, :]) * diff, dtype=np.float64)


def quantile_score(
    quantiles: NumbersOrDates,
    levels: npt.ArrayLike,
    y: NumbersOrDates,
    *,
    nan_policy: NanPolicy = "raise",
) -> FloatArray:
    """Quantile (pinball) score per forecast and level: ``(1{y < q} - tau) (q - y)``.

    Koenker & Bassett (1978); Gneiting & Raftery (2007), eq. (40) with
    ``s(x) = x``; scoringrules' ``quantile_score``. scoringutils'
    ``quantile_score`` is twice this.

    Args:
        quantiles: shape (n, Q): forecast ``n``'s quantile at each level.
        levels: shape (Q,), strictly increasing in (0, 1).
        y: shape (n,), what happened.
        nan_policy: ``"raise"`` (default) or ``"omit"`` (a row with NaN scores NaN).

    Returns:
        Shape (n, Q).

    Raises:
        ScoringInputError: malformed input, or crossing quantiles.
    """
    q, tau, ya, mask = _quantile_inputs(quantiles, levels, y, nan_policy)
    out = _pinball(q, tau, ya)
    if mask is not None:
        out[mask] = np.nan
    return out


def weighted_interval_score(
    quantiles: NumbersOrDates,
    levels: npt.ArrayLike,
    y: NumbersOrDates,
    *,
    nan_policy: NanPolicy = "raise",
) -> FloatArray:
    """Weighted interval score per forecast (Bracher et al. 2021, eq. 2; lower is better).

    The levels must come in pairs ``tau, 1 - tau`` forming K central
    intervals with ``alpha_k = 2 tau_k``, and may include the median 0.5.
    With the median ``m``::

        WIS = (1 / (K + 1/2)) * (1/2 |y - m| + sum_k (alpha_k / 2) IS_{alpha_k})

    the median weighted 1/2 — scoringutils' ``wis(count_median_twice = FALSE)``,
    its default. Without the median: ``WIS = (1/K) sum_k (alpha_k/2) IS_{alpha_k}``.
    It equals :func:`crps_quantile` on the same levels.

    Args:
        quantiles: shape (n, Q), the forecast quantiles.
        levels: shape (Q,), symmetric about 0.5, strictly increasing.
        y: shape (n,), what happened.
        nan_policy: ``"raise"`` (default) or ``"omit"``.

    Returns:
        One score per forecast, shape (n,).

    Raises:
        ScoringInputError: malformed input, or levels that are not symmetric pairs.
    """
    q, tau, ya, mask = _quantile_inputs(quantiles, levels, y, nan_policy)
    Q = tau.size
    if not np.allclose(tau, 1.0 - tau[::-1], rtol=0.0, atol=1e-12):
        raise ScoringInputError(
            f"levels must pair up as tau and 1 - tau (central intervals), got {tau}"
        )
    K = Q // 2
    has_median = Q % 2 == 1
    total = np.zeros(q.shape[0])
    for k in range(K):
        a = 2.0 * tau[k]
        lo, up = q[:, k], q[:, Q - 1 - k]
        with np.errstate(invalid="ignore"):
            below = np.where(ya < lo, lo - ya, 0.0)
            above = np.where(ya > up, ya - up, 0.0)
        total += (a / 2.0) * ((up - lo) + (2.0 / a) * (below + above))
    if has_median:
        total += 0.5 * np.abs(ya - q[:, K])
        total /= K + 0.5
    else:
        total /= K
    return _finish(total, mask)


def crps_quantile(
    quantiles: NumbersOrDates,
    levels: npt.ArrayLike,
    y: NumbersOrDates,
    *,
    nan_policy: NanPolicy = "raise",
) -> FloatArray:
    """CRPS of a quantile forecast, by the quantile decomposition (lower is better).

    ``CRPS ~= (2/Q) sum_i QS_{tau_i}(q_i, y)`` with :func:`quantile_score`
    (Laio & Tamea 2007; Gneiting & Ranjan 2011; scoringrules' ``crps_quantile``).
    It approaches the CRPS of the underlying distribution as the levels fill
    (0, 1) evenly; on symmetric levels it equals :func:`weighted_interval_score`.

    Args:
        quantiles: shape (n, Q).
        levels: shape (Q,), strictly increasing in (0, 1).
        y: shape (n,).
        nan_policy: ``"raise"`` (default) or ``"omit"``.

    Returns:
        One score per forecast, shape (n,).

    Raises:
        ScoringInputError: malformed input.
    """
    q, tau, ya, mask = _quantile_inputs(quantiles, levels, y, nan_policy)
    out = _pinball(q, tau, ya).sum(axis=1) * (2.0 / tau.size)
    return _finish(np.asarray(out, dtype=np.float64), mask)


def crps_sample(
    samples: NumbersOrDates,
    y: NumbersOrDates,
    *,
    estimator: CrpsEstimator = "nrg",
    nan_policy: NanPolicy = "raise",
) -> FloatArray:
    """CRPS of a forecast given as M samples (an ensemble), exactly (lower is better).

    With members sorted ``x_(1) <= ... <= x_(M)``:

    - ``"nrg"`` (default): the CRPS of the empirical distribution of the
      samples, i.e. the energy form ``mean|x_i - y| - (1/(2 M**2)) sum_ij |x_i - x_j|``
      (Gneiting & Raftery 2007, eq. 20), computed in O(M log M) as
      ``mean|x_i - y| - (1/M**2) sum_i (2i - M - 1) x_(i)``. One member gives
      the absolute error. scoringrules' ``crps_ensemble(estimator="nrg")`` and
      properscoring's ``crps_ensemble``.
    - ``"pwm"``: the probability-weighted-moment form
      ``mean|x_i - y| + b0 - 2 b1`` with ``b0 = mean x``,
      ``b1 = sum_i (i - 1) x_(i) / (M (M - 1))`` (Taillardat et al. 2016),
      equal to the "fair" CRPS ``... - (1/(2 M (M - 1))) sum_ij |x_i - x_j|``
      (Ferro 2014): unbiased for the CRPS of the distribution the samples
      come from. Needs M >= 2. scoringrules' ``crps_ensemble(estimator="pwm")``.

    Args:
        samples: shape (n, M): M samples per forecast (a 1-D array is one forecast).
        y: shape (n,), what happened; numbers or dates (then in days).
        estimator: ``"nrg"`` or ``"pwm"``.
        nan_policy: ``"raise"`` (default) or ``"omit"`` (a row with NaN scores NaN).

    Returns:
        One score per forecast, shape (n,).

    Raises:
        ScoringInputError: malformed input, or ``"pwm"`` with one member.
    """
    _check_policy(nan_policy)
    if estimator not in ("nrg", "pwm"):
        raise ScoringInputError(f"estimator must be 'nrg' or 'pwm', not {estimator!r}")
    x, x_dates = _numbers(samples, "samples")
    ya, y_dates = _numbers(y, "y")
    if x_dates != y_dates:
        raise ScoringInputError("mixing dates and numbers: give samples and y of one kind")
    if x.ndim == 1:
        x = x[None, :]
    ya = ya.reshape(-1)
    if x.ndim != 2 or x.shape[0] != ya.shape[0] or x.shape[1] == 0:
        raise ScoringInputError(
            f"samples must have shape (n, M) with n = {ya.shape[0]} and M >= 1, not {x.shape}"
        )
    M = x.shape[1]
    if estimator == "pwm" and M < 2:
        raise ScoringInputError("the 'pwm' (fair) estimator needs at least 2 samples per forecast")
    rowmask = np.isnan(x).any(axis=1) | np.isnan(ya)
    mask: BoolArray | None = None
    if rowmask.any():
        if nan_policy == "raise":
            raise _first_bad("samples or y", rowmask, np.arange(len(rowmask)), "rows with NaN")
        mask = rowmask
    xs = np.sort(x, axis=1)
    spread_weights = 2.0 * np.arange(1, M + 1) - M - 1.0  # (2i - M - 1), i = 1..M
    spread = xs @ spread_weights  # = (1/2) sum_ij |x_i - x_j|
    mae = np.abs(xs - ya[:, None]).mean(axis=1)
    out = mae - spread / (M * M) if estimator == "nrg" else mae - spread / (M * (M - 1.0))
    return _finish(np.asarray(out, dtype=np.float64), mask)
