"""Tests of score differences: Diebold–Mariano, and Holm's adjustment of p-values."""

from __future__ import annotations

from typing import Literal

import attrs
import numpy as np
import numpy.typing as npt

from forecastcheck.scoring import FloatArray, _validate

__all__ = ["DieboldMariano", "diebold_mariano", "holm"]


def holm(p_values: npt.ArrayLike) -> FloatArray:
    """Holm's (1979) step-down adjustment of p-values (NaN entries are left alone).

    Args:
        p_values: the raw p-values.

    Returns:
        Adjusted p-values, same shape; as R's ``p.adjust(method = "holm")``.

    Raises:
        ValueError: ``p_values`` is not numeric.
    """
    pv = np.asarray(p_values, dtype=np.float64)
    flat = pv.reshape(-1)
    out = np.full(flat.shape, np.nan)
    ok = np.flatnonzero(~np.isnan(flat))
    m = ok.size
    if m:
        order = ok[np.argsort(flat[ok], kind="stable")]
        adj = np.maximum.accumulate((m - np.arange(m)) * flat[order])
        out[order] = np.minimum(adj, 1.0)
    return out.reshape(pv.shape)


@attrs.frozen
class DieboldMariano:
    """Diebold–Mariano test with the Harvey–Leybourne–Newbold correction.

    Attributes:
        statistic: the corrected statistic (negative: the first source scores lower).
        p_value: from Student's t with ``n - 1`` degrees of freedom.
        mean_difference: mean of ``scores_a - scores_b``.
        n: pairs.
        h: forecast horizon used for the autocovariances.
        alternative: ``"two-sided"``, ``"less"`` (a better) or ``"greater"``.
    """

    statistic: float
    p_value: float
    mean_difference: float
    n: int
    h: int
    alternative: str


# Over 60 lines, kept whole: most of it is the docstring; the body is short.
def diebold_mariano(
    scores_a: npt.ArrayLike,
    scores_b: npt.ArrayLike,
    *,
    h: int = 1,
    alternative: Literal["two-sided", "less", "greater"] = "two-sided",
) -> DieboldMariano:
    """Diebold–Mariano (1995) test of equal mean score, HLN-corrected (1997).

    With ``d_t = S_a,t - S_b,t`` over paired forecasts in time order,
    ``DM = mean(d) / sqrt(V / n)``, ``V = γ_0 + 2 sum_{k=1}^{h-1} γ_k`` (sample
    autocovariances of ``d``), and the Harvey–Leybourne–Newbold statistic
    ``DM * sqrt((n + 1 - 2h + h(h - 1)/n) / n)`` is referred to Student's t
    with ``n - 1`` degrees of freedom.

    Args:
        scores_a: the first source's scores, in time order.
        scores_b: the second source's scores on the same questions, same order.
        h: forecast horizon (1 for one-step: no autocovariance terms).
        alternative: ``"two-sided"`` (default), ``"less"`` (a has lower mean
            score) or ``"greater"``.

    Returns:
        A :class:`DieboldMariano`.

    Raises:
        ScoringInputError: misaligned or non-finite input, ``n < 2``, or a
            non-positive variance estimate.
    """
    from scipy import stats  # type: ignore[import-untyped]  # lazily: import time

    a = np.asarray(scores_a, dtype=np.float64).reshape(-1)
    b = np.asarray(scores_b, dtype=np.float64).reshape(-1)
    if a.shape != b.shape:
        raise _validate.ScoringInputError("scores_a and scores_b must be paired (same length)")
    if not (np.all(np.isfinite(a)) and np.all(np.isfinite(b))):
        raise _validate.ScoringInputError("scores must be finite")
    n = a.size
    if n < 2 or h < 1 or h >= n:
        raise _validate.ScoringInputError(f"need n >= 2 and 1 <= h < n (n = {n}, h = {h})")
    if alternative not in ("two-sided", "less", "greater"):
        raise _validate.ScoringInputError(f"unknown alternative {alternative!r}")
    d = a - b
    dbar = float(d.mean())
    dc = d - dbar
    var = float(dc @ dc) / n
    for k in range(1, h):
        var += 2.0 * float(dc[k:] @ dc[:-k]) / n
    if not var > 0.0:
        raise _validate.ScoringInputError(
            "the long-run variance estimate of the differences is not positive"
        )
    dm = dbar / np.sqrt(var / n)
    stat = float(dm * np.sqrt((n + 1 - 2 * h + h * (h - 1) / n) / n))
    t = stats.t(df=n - 1)
    if alternative == "two-sided":
        pv = float(2.0 * t.sf(abs(stat)))
    elif alternative == "less":
        pv = float(t.cdf(stat))
    else:
        pv = float(t.sf(stat))
    return DieboldMariano(
        statistic=stat, p_value=pv, mean_difference=dbar, n=n, h=h, alternative=alternative
    )
