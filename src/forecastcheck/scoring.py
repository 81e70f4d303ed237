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

from fractions import Fraction
from typing import Any, Literal, TypeAlias

import attrs
import numpy as np
import numpy.typing as npt
from numpy.typing import NDArray

from forecastcheck.errors import ForecastcheckError

__all__ = [
    "NanPolicy",
    "ScoreSummary",
    "ScoringInputError",
    "brier",
    "log_score",
    "misclassification",
    "spherical",
    "summarize",
    "summarize_binary",
]

NanPolicy: TypeAlias = Literal["raise", "omit"]
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
    out = np.asarray(np.subtract(pa, ya, dtype=np.float64))
    np.square(out, out=out)
    if two_category:
        out *= 2.0
    return _finish(out, mask)


def log_score(
    p: npt.ArrayLike,
    y: npt.ArrayLike,
    *,
    epsilon: float | None = None,
    nan_policy: NanPolicy = "raise",
) -> FloatArray:
    """Logarithmic score per forecast: ``-ln p_y`` in nats (0 best; lower is better).

    Good (1952). ``p_y`` is the probability given to what happened: ``p`` when
    ``y = 1``, ``1 - p`` when ``y = 0`` (computed as ``log1p(-p)`` for accuracy).
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
    yb = _as_bool(ya)
    out = np.asarray(np.negative(pa))
    with np.errstate(divide="ignore", invalid="ignore"):
        np.log1p(out, out=out, where=~yb)
        np.log(pa, out=out, where=yb)
    np.negative(out, out=out)
    out += 0.0  # -0.0 (a certain, right forecast) reads as 0.0
    return _finish(out, mask)


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
        One score per forecast, float64, in [1/sqrt(2) * 0, 1].

    Raises:
        ScoringInputError: malformed input.
    """
    pa, ya, mask = _binary_inputs(p, y, nan_policy)
    yb = _as_bool(ya)
    norm = np.asarray(np.square(pa))
    out = np.asarray(np.subtract(1.0, pa))
    np.square(out, out=out)
    norm += out
    np.sqrt(norm, out=norm)
    np.subtract(1.0, pa, out=out)
    np.copyto(out, pa, where=yb)
    out /= norm
    return _finish(out, mask)


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
    yb = _as_bool(ya)
    out = np.where(yb, pa < 0.5, pa > 0.5).astype(np.float64)
    out[pa == 0.5] = 0.5
    return _finish(out, mask)


# ---------------------------------------------------------------------------
# Summaries
# ---------------------------------------------------------------------------

_EXP_OFFSET = 1074  # frexp exponents of finite float64 are in [-1073, 1024]
_NBUCKETS = _EXP_OFFSET + 1025
_SCALE = 53 + _EXP_OFFSET  # value = integer * 2**-(_SCALE)
_CHUNK = 1 << 18


def _exact_sums(values: FloatArray, groups: NDArray[np.intp] | None, ngroups: int) -> list[int]:
    """Exact sums of finite ``values`` per group, as integers in units of 2**-1127.

    Each value ``m * 2**e`` is split into two integer halves of its 53-bit
    mantissa; ``np.bincount`` adds those per (group, exponent) bucket. Every
    partial sum is an integer below 2**53, so float addition is exact and the
    result does not depend on order or chunking: merging sums of chunks gives
    exactly the sum of the whole.
    """
    totals = [0] * ngroups
    flat = values.reshape(-1)
    gflat = None if groups is None else groups.reshape(-1)
    for start in range(0, flat.size, _CHUNK):
        chunk = flat[start : start + _CHUNK]
        mant, expo = np.frexp(chunk)
        mant *= 2.0**53  # exact: an integer of at most 53 bits
        hi = np.trunc(mant * 2.0**-26)
        mant -= hi * 2.0**26  # now the low 26 bits
        bucket = expo.astype(np.intp)
        bucket += _EXP_OFFSET
        if gflat is not None:
            bucket += gflat[start : start + _CHUNK] * _NBUCKETS
        size = ngroups * _NBUCKETS
        hsum = np.bincount(bucket, weights=hi, minlength=size)
        lsum = np.bincount(bucket, weights=mant, minlength=size)
        for idx in np.flatnonzero((hsum != 0) | (lsum != 0)).tolist():
            g, b = divmod(idx, _NBUCKETS)
            totals[g] += ((int(hsum[idx]) << 26) + int(lsum[idx])) << b
    return totals


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
    nan = _nan_mask(arr)
    n_omitted = 0 if nan is None else int(np.count_nonzero(nan))
    if nan is not None:
        arr = arr[~nan]
    inf = np.isinf(arr) if arr.size and not np.isfinite(np.sum(arr)) else None
    n_pos = n_neg = 0
    if inf is not None and inf.any():
        n_pos = int(np.count_nonzero(arr[inf] > 0))
        n_neg = int(np.count_nonzero(arr[inf] < 0))
        arr = arr[~inf]
    n_finite = int(arr.size)
    n = n_finite + n_pos + n_neg
    total = _to_fraction(_exact_sums(arr, None, 1)[0])
    mean_finite = float(total / n_finite) if n_finite else float("nan")
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
        n=n,
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
