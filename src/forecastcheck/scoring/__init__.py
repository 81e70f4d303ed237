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

Every name is importable from here; the modules hold one family each:
:mod:`.binary`, :mod:`.categorical`, :mod:`.point`, :mod:`.interval`
(interval and quantile forecasts), :mod:`.quantile` (WIS components, bias and
coverage of quantile forecasts), :mod:`.soft` (Brier and log scores against a
probabilistic outcome), :mod:`.sample` (CRPS) and :mod:`.summary`.
"""

from __future__ import annotations

from forecastcheck.scoring._validate import BoolArray as BoolArray
from forecastcheck.scoring._validate import FloatArray as FloatArray
from forecastcheck.scoring._validate import NanPolicy, NumbersOrDates, ScoringInputError
from forecastcheck.scoring.binary import brier, log_score, misclassification, spherical
from forecastcheck.scoring.categorical import (
    categorical_log_score,
    multicategory_brier,
    ranked_logarithmic_score,
    ranked_probability_score,
)
from forecastcheck.scoring.interval import (
    interval_coverage,
    interval_score,
    quantile_score,
    weighted_interval_score,
)
from forecastcheck.scoring.point import absolute_error, signed_error
from forecastcheck.scoring.quantile import (
    CentralCoverage,
    QuantileCoverage,
    WisComponents,
    central_coverage,
    quantile_bias,
    quantile_coverage,
    wis_components,
)
from forecastcheck.scoring.sample import CrpsEstimator, crps_quantile, crps_sample
from forecastcheck.scoring.soft import brier_probabilistic, log_score_probabilistic
from forecastcheck.scoring.summary import BinaryRule, ScoreSummary, summarize, summarize_binary

# FloatArray and BoolArray (the array types in the signatures) are importable
# from here for annotations, as before, but are not part of the listed API.
__all__ = [
    "BinaryRule",
    "CentralCoverage",
    "CrpsEstimator",
    "NanPolicy",
    "NumbersOrDates",
    "QuantileCoverage",
    "ScoreSummary",
    "ScoringInputError",
    "WisComponents",
    "absolute_error",
    "brier",
    "brier_probabilistic",
    "categorical_log_score",
    "central_coverage",
    "crps_quantile",
    "crps_sample",
    "interval_coverage",
    "interval_score",
    "log_score",
    "log_score_probabilistic",
    "misclassification",
    "multicategory_brier",
    "quantile_bias",
    "quantile_coverage",
    "quantile_score",
    "ranked_logarithmic_score",
    "ranked_probability_score",
    "signed_error",
    "spherical",
    "summarize",
    "summarize_binary",
    "weighted_interval_score",
    "wis_components",
]
