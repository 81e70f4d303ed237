"""Scores of interval and quantile forecasts: interval score, coverage, quantile score, WIS.

Numbers or dates (then in days). The interval score's formula is written once,
in :func:`_interval`; the weighted interval score adds up its weighted terms.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from forecastcheck.scoring import _validate
from forecastcheck.scoring._validate import BoolArray, FloatArray, NanPolicy, NumbersOrDates

__all__ = ["interval_coverage", "interval_score", "quantile_score", "weighted_interval_score"]


def _alpha(alpha: npt.ArrayLike) -> FloatArray:
    a = np.asarray(alpha, dtype=np.float64)
    if not np.all((a > 0.0) & (a < 1.0)):
        raise _validate.ScoringInputError(
            f"alpha must be in (0, 1): a central (1 - alpha) interval; got {a}"
        )
    return a


def _interval(lo: FloatArray, up: FloatArray, y: FloatArray, a: FloatArray | float) -> FloatArray:
    """``(u - l) + (2/alpha) (l - y) 1{y < l} + (2/alpha) (y - u) 1{y > u}``."""
    with np.errstate(invalid="ignore"):
        below = np.where(y < lo, lo - y, 0.0)
        above = np.where(y > up, y - up, 0.0)
    return np.asarray((up - lo) + (2.0 / a) * (below + above), dtype=np.float64)


def _interval_inputs(
    lower: NumbersOrDates, upper: NumbersOrDates, y: NumbersOrDates, nan_policy: str
) -> tuple[FloatArray, FloatArray, FloatArray, BoolArray | None]:
    """Validate and broadcast ``lower``, ``upper`` and ``y``; ``upper < lower`` is an error."""
    named: dict[str, NumbersOrDates] = {"lower": lower, "upper": upper, "y": y}
    (lo, up, ya), mask = _validate.numeric_inputs(named, nan_policy)
    with np.errstate(invalid="ignore"):
        crossed = lo > up
    if crossed.any():
        raise _validate.first_bad("upper", crossed, up, "below lower")
    return lo, up, ya, mask


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
    lo, up, ya, mask = _interval_inputs(lower, upper, y, nan_policy)
    a = _alpha(alpha)
    out = _interval(lo, up, ya, a)
    if weigh:
        out = np.asarray(out * (a / 2.0), dtype=np.float64)
    return _validate.finish(out, mask)


def interval_coverage(
    lower: NumbersOrDates,
    upper: NumbersOrDates,
    y: NumbersOrDates,
    *,
    nan_policy: NanPolicy = "raise",
) -> FloatArray:
    """Whether each interval covers what happened: 1.0 if ``l <= y <= u`` else 0.0.

    Both ends count as covered (as in scoringutils). The mean over forecasts
    (:func:`~forecastcheck.scoring.summarize`) is the empirical coverage, to compare with
    the nominal level (e.g. 0.5 for 50% intervals, 0.9 for 90%).

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
    lo, up, ya, mask = _interval_inputs(lower, upper, y, nan_policy)
    with np.errstate(invalid="ignore"):
        out = ((lo <= ya) & (ya <= up)).astype(np.float64)
    return _validate.finish(out, mask)


def _quantile_inputs(
    quantiles: NumbersOrDates, levels: npt.ArrayLike, y: NumbersOrDates, nan_policy: str
) -> tuple[FloatArray, FloatArray, FloatArray, BoolArray | None]:
    """Validate quantile forecasts: ``quantiles`` (n, Q), ``levels`` (Q,), ``y`` (n,)."""
    _validate.check_policy(nan_policy)
    tau = np.asarray(levels, dtype=np.float64)
    if tau.ndim != 1 or tau.size == 0:
        raise _validate.ScoringInputError(
            f"levels must be a non-empty 1-D array, not shape {tau.shape}"
        )
    if not np.all((tau > 0.0) & (tau < 1.0)) or np.any(np.diff(tau) <= 0.0):
        raise _validate.ScoringInputError(
            f"levels must be strictly increasing in (0, 1), got {tau}"
        )
    q, ya = _validate.same_kind("quantiles", quantiles, y)
    if q.ndim == 1:
        q = q[None, :]
    if q.ndim != 2 or q.shape[1] != tau.size:
        raise _validate.ScoringInputError(
            f"quantiles must have shape (n, {tau.size}) to match levels, not {q.shape}"
        )
    ya = ya.reshape(-1)
    if ya.shape[0] != q.shape[0]:
        raise _validate.ScoringInputError(
            f"y must have {q.shape[0]} values, one per forecast, not {ya.size}"
        )
    mask = _validate.row_mask(np.isnan(q).any(axis=1) | np.isnan(ya), nan_policy, "quantiles or y")
    with np.errstate(invalid="ignore"):
        crossing: BoolArray = np.asarray((np.diff(q, axis=1) < 0.0).any(axis=1))
    if crossing.any():
        raise _validate.first_bad(
            "quantiles", crossing, np.arange(len(crossing)), "rows not non-decreasing"
        )
    return q, tau, ya, mask


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
    diff = q - ya[:, None]
    out = np.asarray(((diff > 0.0) - tau[None, :]) * diff, dtype=np.float64)
    return _validate.finish(out, mask)


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
    It equals :func:`~forecastcheck.scoring.crps_quantile` on the same levels.

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
    dispersion, over, under = _wis_parts(q, tau, ya)
    return _validate.finish(dispersion + over + under, mask)


def _wis_parts(q: FloatArray, tau: FloatArray, ya: FloatArray) -> tuple[FloatArray, ...]:
    """Dispersion, overprediction and underprediction of the WIS on validated quantiles.

    With K central intervals ``[l_k, u_k]`` at ``alpha_k = 2 tau_k`` and, when
    present, the median ``m`` weighted 1/2, each divided by ``K + 1/2`` (``K``
    without the median)::

        dispersion      = sum_k (alpha_k / 2) (u_k - l_k)
        overprediction  = sum_k (l_k - y) 1{y < l_k} + 1/2 (m - y) 1{y < m}
        underprediction = sum_k (y - u_k) 1{y > u_k} + 1/2 (y - m) 1{y > m}

    the terms of scoringutils' ``interval_score(weigh = TRUE, separate_results = TRUE)``,
    averaged as its ``wis()`` does. Their sum is the WIS.

    Raises:
        ScoringInputError: levels that are not symmetric pairs ``tau, 1 - tau``.
    """
    Q = tau.size
    if not np.allclose(tau, 1.0 - tau[::-1], rtol=0.0, atol=1e-12):
        raise _validate.ScoringInputError(
            f"levels must pair up as tau and 1 - tau (central intervals), got {tau}"
        )
    K = Q // 2
    dispersion = np.zeros(q.shape[0])
    over = np.zeros(q.shape[0])
    under = np.zeros(q.shape[0])
    with np.errstate(invalid="ignore"):
        for k in range(K):
            lo, up = q[:, k], q[:, Q - 1 - k]
            dispersion += tau[k] * (up - lo)  # alpha_k / 2 = tau_k
            over += np.where(ya < lo, lo - ya, 0.0)
            under += np.where(ya > up, ya - up, 0.0)
        if Q % 2 == 1:  # with the median, weighted 1/2
            m = q[:, K]
            over += 0.5 * np.where(ya < m, m - ya, 0.0)
            under += 0.5 * np.where(ya > m, ya - m, 0.0)
    denominator = K + 0.5 if Q % 2 == 1 else float(K)
    return dispersion / denominator, over / denominator, under / denominator
