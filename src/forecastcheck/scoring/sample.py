"""The CRPS of forecasts given as samples (an ensemble) or as quantiles.

Numbers or dates (then in days); lower is better.
"""

from __future__ import annotations

from typing import Literal, TypeAlias

import numpy as np
import numpy.typing as npt

from forecastcheck.scoring import _validate
from forecastcheck.scoring._validate import FloatArray, NanPolicy, NumbersOrDates
from forecastcheck.scoring.interval import quantile_score

__all__ = ["CrpsEstimator", "crps_quantile", "crps_sample"]

CrpsEstimator: TypeAlias = Literal["nrg", "pwm"]


def crps_quantile(
    quantiles: NumbersOrDates,
    levels: npt.ArrayLike,
    y: NumbersOrDates,
    *,
    nan_policy: NanPolicy = "raise",
) -> FloatArray:
    """CRPS of a quantile forecast, by the quantile decomposition (lower is better).

    ``CRPS ~= (2/Q) sum_i QS_{tau_i}(q_i, y)`` with
    :func:`~forecastcheck.scoring.quantile_score` (Laio & Tamea 2007; Gneiting &
    Ranjan 2011; scoringrules' ``crps_quantile``). It approaches the CRPS of
    the underlying distribution as the levels fill (0, 1) evenly; on symmetric
    levels it equals :func:`~forecastcheck.scoring.weighted_interval_score`.

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
    scores = quantile_score(quantiles, levels, y, nan_policy=nan_policy)  # NaN rows stay NaN
    return np.asarray(scores.sum(axis=1) * (2.0 / scores.shape[1]), dtype=np.float64)


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
    _validate.check_policy(nan_policy)
    if estimator not in ("nrg", "pwm"):
        raise _validate.ScoringInputError(f"estimator must be 'nrg' or 'pwm', not {estimator!r}")
    x, ya = _validate.sample_inputs(samples, y)
    M = x.shape[1]
    if estimator == "pwm" and M < 2:
        raise _validate.ScoringInputError(
            "the 'pwm' (fair) estimator needs at least 2 samples per forecast"
        )
    mask = _validate.row_mask(np.isnan(x).any(axis=1) | np.isnan(ya), nan_policy, "samples or y")
    xs = np.sort(x, axis=1)
    spread_weights = 2.0 * np.arange(1, M + 1) - M - 1.0  # (2i - M - 1), i = 1..M
    spread = xs @ spread_weights  # = (1/2) sum_ij |x_i - x_j|
    mae = np.abs(xs - ya[:, None]).mean(axis=1)
    out = mae - spread / (M * M) if estimator == "nrg" else mae - spread / (M * (M - 1.0))
    return _validate.finish(np.asarray(out, dtype=np.float64), mask)
