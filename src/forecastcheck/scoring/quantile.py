"""Diagnostics of quantile forecasts: WIS components, bias and coverage per level.

A quantile forecast is a row of ``quantiles`` (n forecasts x Q levels) at the
strictly increasing ``levels``, and ``y`` what happened; numbers or dates (then
in days). Each function validates as :func:`~forecastcheck.scoring.quantile_score`
does (crossing quantiles are an error, NaN follows ``nan_policy``) and follows
scoringutils' definitions, named in each docstring.
"""

from __future__ import annotations

from collections.abc import Sequence

import attrs
import numpy as np
import numpy.typing as npt

from forecastcheck.scoring import _validate, interval
from forecastcheck.scoring._validate import FloatArray, NanPolicy, NumbersOrDates

__all__ = [
    "CentralCoverage",
    "QuantileCoverage",
    "WisComponents",
    "central_coverage",
    "quantile_bias",
    "quantile_coverage",
    "wis_components",
]

_PAIR_TOLERANCE = 1e-12


@attrs.frozen(eq=False)
class WisComponents:
    """The weighted interval score of each forecast and its three parts.

    ``wis == dispersion + overprediction + underprediction`` exactly (the WIS is
    computed as that sum), and equals :func:`~forecastcheck.scoring.weighted_interval_score`.

    Attributes:
        wis: the weighted interval score, shape (n,).
        dispersion: the spread of the intervals, ``sum_k (alpha_k/2)(u_k - l_k)``, scaled.
        overprediction: the penalty for intervals (and the median) above ``y``.
        underprediction: the penalty for intervals (and the median) below ``y``.
    """

    wis: FloatArray
    dispersion: FloatArray
    overprediction: FloatArray
    underprediction: FloatArray


def wis_components(
    quantiles: NumbersOrDates,
    levels: npt.ArrayLike,
    y: NumbersOrDates,
    *,
    nan_policy: NanPolicy = "raise",
) -> WisComponents:
    """The WIS decomposed into dispersion, overprediction and underprediction.

    Bracher et al. (2021), section 2.2; scoringutils' ``wis(separate_results = TRUE)``
    and its ``dispersion_quantile``, ``overprediction_quantile`` and
    ``underprediction_quantile``, with its defaults (``weigh = TRUE``,
    ``count_median_twice = FALSE``). With K central intervals ``[l_k, u_k]`` at
    ``alpha_k = 2 tau_k`` and the median ``m`` weighted 1/2, each part is
    divided by ``K + 1/2`` (by ``K`` without a median)::

        dispersion      = sum_k (alpha_k/2) (u_k - l_k)
        overprediction  = sum_k (l_k - y) 1{y < l_k} + 1/2 (m - y) 1{y < m}
        underprediction = sum_k (y - u_k) 1{y > u_k} + 1/2 (y - m) 1{y > m}

    Args:
        quantiles: shape (n, Q), the forecast quantiles.
        levels: shape (Q,), symmetric about 0.5 (pairs ``tau, 1 - tau``), strictly increasing.
        y: shape (n,), what happened.
        nan_policy: ``"raise"`` (default) or ``"omit"`` (a row with NaN gives NaN parts).

    Returns:
        A :class:`WisComponents` of arrays of shape (n,), in days for dates.

    Raises:
        ScoringInputError: malformed input, crossing quantiles, or unpaired levels.
    """
    q, tau, ya, mask = interval._quantile_inputs(quantiles, levels, y, nan_policy)
    dispersion, over, under = interval._wis_parts(q, tau, ya)
    total = dispersion + over + under
    return WisComponents(
        wis=_validate.finish(total, mask),
        dispersion=_validate.finish(dispersion, mask),
        overprediction=_validate.finish(over, mask),
        underprediction=_validate.finish(under, mask),
    )


def quantile_bias(
    quantiles: NumbersOrDates,
    levels: npt.ArrayLike,
    y: NumbersOrDates,
    *,
    nan_policy: NanPolicy = "raise",
) -> FloatArray:
    """Bias of each quantile forecast, in [-1, 1] (0 best; positive: too high).

    scoringutils' ``bias_quantile`` (Funk et al. 2019, for quantiles): with the
    median ``m`` (interpolated linearly between the two innermost levels when
    0.5 is not among them),

    - ``y == m``: 0;
    - ``y < m``: 1 if ``y`` is below every quantile, else ``1 - 2 tau*`` with
      ``tau* = max{tau_i : q_i <= y}``;
    - ``y > m``: -1 if ``y`` is above every quantile, else ``1 - 2 tau*`` with
      ``tau* = min{tau_i : q_i >= y}``.

    scoringutils drops NaN quantiles of a row (``na.rm = TRUE``); here a row
    with NaN is an error, or scores NaN under ``nan_policy="omit"``.

    Args:
        quantiles: shape (n, Q), non-decreasing along each row.
        levels: shape (Q,), strictly increasing in (0, 1), with a level at or below
            0.5 and one at or above it.
        y: shape (n,), what happened.
        nan_policy: ``"raise"`` (default) or ``"omit"``.

    Returns:
        One bias per forecast, shape (n,).

    Raises:
        ScoringInputError: malformed input, crossing quantiles, or levels all on
            one side of 0.5.
    """
    q, tau, ya, mask = interval._quantile_inputs(quantiles, levels, y, nan_policy)
    if not (tau.min() <= 0.5 <= tau.max()):
        raise _validate.ScoringInputError(
            f"levels must include one at or below 0.5 and one at or above it, got {tau}"
        )
    median = _median(q, tau)
    Q = tau.size
    with np.errstate(invalid="ignore"):
        n_at_or_below = np.count_nonzero(q <= ya[:, None], axis=1)
        n_at_or_above = np.count_nonzero(q >= ya[:, None], axis=1)
        below = ya < median
        above = ya > median
    out = np.zeros(q.shape[0])
    lo_tau = np.where(n_at_or_below > 0, tau[np.maximum(n_at_or_below - 1, 0)], np.nan)
    out[below] = np.where(n_at_or_below[below] == 0, 1.0, 1.0 - 2.0 * lo_tau[below])
    hi_tau = np.where(n_at_or_above > 0, tau[np.minimum(Q - n_at_or_above, Q - 1)], np.nan)
    out[above] = np.where(n_at_or_above[above] == 0, -1.0, 1.0 - 2.0 * hi_tau[above])
    return _validate.finish(out, mask)


def _median(q: FloatArray, tau: FloatArray) -> FloatArray:
    """The 0.5 quantile, or scoringutils' linear interpolation between the innermost two."""
    at = np.flatnonzero(np.abs(tau - 0.5) <= _PAIR_TOLERANCE)
    if at.size:
        return q[:, int(at[0])]
    i = int(np.flatnonzero(tau < 0.5)[-1])  # the innermost level below 0.5; i + 1 is above
    w = (0.5 - tau[i]) / (tau[i + 1] - tau[i])
    return np.asarray(q[:, i] + w * (q[:, i + 1] - q[:, i]), dtype=np.float64)


# Same shape as in scoring/quantile.py: two coverage records of one shape: central intervals and
# single quantiles (intentional).
@attrs.frozen(eq=False)
class CentralCoverage:
    """Whether each central interval covered what happened, per nominal level.

    Attributes:
        nominal: the central levels ``1 - 2 tau`` (e.g. 0.5, 0.9), increasing, shape (K,).
        covered: 1.0 where ``l <= y <= u``, else 0.0 (NaN where omitted), shape (n, K).
    """

    nominal: FloatArray
    covered: FloatArray

    @property
    def deviation(self) -> FloatArray:
        """``covered - nominal`` per forecast and level; its mean is the coverage deviation."""
        return np.asarray(self.covered - self.nominal[None, :], dtype=np.float64)


# Over 60 lines, kept whole: most of it is the docstring; the body is short.
def central_coverage(
    quantiles: NumbersOrDates,
    levels: npt.ArrayLike,
    y: NumbersOrDates,
    *,
    central: Sequence[float] | None = None,
    nan_policy: NanPolicy = "raise",
) -> CentralCoverage:
    """Coverage of every central interval of a quantile forecast, and its deviation.

    scoringutils' ``interval_coverage`` (both ends inside) and ``get_coverage``'s
    ``interval_coverage_deviation = interval_coverage - interval_range / 100``.
    The ``(1 - 2 tau)`` central interval is ``[q_tau, q_{1 - tau}]``; the mean of
    ``covered`` over forecasts is the empirical coverage, to set against ``nominal``.

    Args:
        quantiles: shape (n, Q), non-decreasing along each row.
        levels: shape (Q,), strictly increasing in (0, 1).
        y: shape (n,), what happened.
        central: the central levels wanted (e.g. ``[0.5, 0.9]``); each needs both its
            quantiles among ``levels``. None (default): every pair ``tau, 1 - tau``
            present; levels without a partner form no interval (their coverage is in
            :func:`quantile_coverage`).
        nan_policy: ``"raise"`` (default) or ``"omit"`` (a row with NaN covers NaN).

    Returns:
        A :class:`CentralCoverage`.

    Raises:
        ScoringInputError: malformed input, crossing quantiles, no complete pair, or a
            wanted level whose quantiles are missing.
    """
    q, tau, ya, mask = interval._quantile_inputs(quantiles, levels, y, nan_policy)
    pairs: list[tuple[float, int, int]] = []
    for i in np.flatnonzero(tau < 0.5).tolist():
        partner = np.flatnonzero(np.abs(tau - (1.0 - tau[i])) <= _PAIR_TOLERANCE)
        if partner.size:
            pairs.append((1.0 - 2.0 * float(tau[i]), i, int(partner[0])))
    if central is not None:
        wanted = np.asarray(central, dtype=np.float64).reshape(-1)
        chosen = []
        for level in wanted.tolist():
            match = [p for p in pairs if abs(p[0] - level) <= 1e-9]
            if not match:
                raise _validate.ScoringInputError(
                    f"a {level!r} central interval needs the quantiles at levels "
                    f"{(1.0 - level) / 2!r} and {(1.0 + level) / 2!r}; levels are {tau}"
                )
            chosen.append(match[0])
        pairs = chosen
    elif not pairs:
        raise _validate.ScoringInputError(
            f"no central interval: no pair of levels tau and 1 - tau among {tau}"
        )
    pairs.sort()
    lo = q[:, [p[1] for p in pairs]]
    up = q[:, [p[2] for p in pairs]]
    with np.errstate(invalid="ignore"):
        covered = ((lo <= ya[:, None]) & (ya[:, None] <= up)).astype(np.float64)
    return CentralCoverage(
        nominal=np.array([p[0] for p in pairs]), covered=_validate.finish(covered, mask)
    )


# Same shape as in scoring/quantile.py: two coverage records of one shape: central intervals and
# single quantiles (intentional).
@attrs.frozen(eq=False)
class QuantileCoverage:
    """Whether what happened fell at or below each forecast quantile.

    Attributes:
        levels: the quantile levels, shape (Q,).
        covered: 1.0 where ``y <= q_tau``, else 0.0 (NaN where omitted), shape (n, Q).
    """

    levels: FloatArray
    covered: FloatArray

    @property
    def deviation(self) -> FloatArray:
        """``covered - tau`` per forecast and level; its mean is the quantile coverage deviation."""
        return np.asarray(self.covered - self.levels[None, :], dtype=np.float64)


# Same shape as in calibration/pit.py: the quantile inputs checked, then one comparison per level;
# the figures differ (intentional).
def quantile_coverage(
    quantiles: NumbersOrDates,
    levels: npt.ArrayLike,
    y: NumbersOrDates,
    *,
    nan_policy: NanPolicy = "raise",
) -> QuantileCoverage:
    """Coverage of each quantile: ``1{y <= q_tau}``, whose mean should be ``tau``.

    scoringutils' ``get_coverage``: ``quantile_coverage = observed <= predicted``
    and ``quantile_coverage_deviation = quantile_coverage - quantile_level``.

    Args:
        quantiles: shape (n, Q), non-decreasing along each row.
        levels: shape (Q,), strictly increasing in (0, 1).
        y: shape (n,), what happened.
        nan_policy: ``"raise"`` (default) or ``"omit"``.

    Returns:
        A :class:`QuantileCoverage`.

    Raises:
        ScoringInputError: malformed input or crossing quantiles.
    """
    q, tau, ya, mask = interval._quantile_inputs(quantiles, levels, y, nan_policy)
    with np.errstate(invalid="ignore"):
        covered = (ya[:, None] <= q).astype(np.float64)
    return QuantileCoverage(levels=tau, covered=_validate.finish(covered, mask))
