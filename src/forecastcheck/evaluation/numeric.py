"""Score, numbers: point forecasts of a value or a date, scored by their error.

A ``value_of`` or ``date_of`` prediction recorded with no confidence is a
point forecast (:func:`is_point_forecast`): it has no probability, so no
Brier score, and :func:`point_scores` gives it a :class:`NumericScore`
instead — the point, the truth, the signed error (forecast minus truth) and
the absolute error (days for dates), from :mod:`forecastcheck.scoring`;
whether the truth fell in the stated interval (both ends count as inside);
and, when both ends and the interval's nominal level are stated, the
interval score of :func:`forecastcheck.scoring.interval_score` at
``alpha = 1 - level``. With no level stated the interval score is left
out: no level is assumed. :func:`summarize_numbers` sums a source's point
forecasts of one kind into a :class:`NumericSummary` (exact means from
:func:`forecastcheck.scoring.summarize`).

A point forecast is scored once its call is decided (YES or NO: the truth
is known and the call was stated before it); until the truth is known it is
pending, when the record is unclear ambiguous, and stated once the truth was
known it is after the fact — counted each, never dropped.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

import attrs
import numpy as np

from forecastcheck.evaluation.numeric_results import (
    NumericKind,
    NumericScore,
    NumericSummary,
    Point,
)
from forecastcheck.evaluation.results import PredictionResult
from forecastcheck.evaluation.verdicts import CallStatus
from forecastcheck.ledger import DateOf, Ledger, Prediction, ValueOf
from forecastcheck.resolution import Resolution, Resolver
from forecastcheck.scoring import absolute_error, interval_score, signed_error, summarize

__all__ = [
    "is_point_forecast",
    "point_scores",
    "summarize_numbers",
]


def is_point_forecast(prediction: Prediction) -> bool:
    """Whether a prediction is a point forecast: ``value_of`` or ``date_of``, no confidence."""
    return (
        prediction.confidence is None
        and prediction.unscorable is None
        and isinstance(prediction.proposition, DateOf | ValueOf)
    )


def _ends(
    prediction: Prediction, proposition: DateOf | ValueOf, resolver: Resolver
) -> tuple[Point, Point | None, Point | None]:
    """The point and the stated interval's ends, dates read as resolution reads them."""
    if isinstance(proposition, ValueOf):
        return proposition.point, proposition.lower, proposition.upper
    day, first, last = resolver.dates(proposition, prediction.stated)
    assert day is not None  # a date forecast's point is always a day
    lower = first if proposition.earliest is not None else None
    upper = last if proposition.latest is not None else None
    return day, lower, upper


def _truth(resolution: Resolution | None) -> Point | None:
    if resolution is None:
        return None
    if resolution.realised_value is not None:
        return resolution.realised_value
    return resolution.realised_date


def _number(x: Point) -> float:
    """A value as it is; a day as its ordinal, so differences are in days."""
    return float(x.toordinal()) if isinstance(x, dt.date) else float(x)


def numeric_score(
    prediction: Prediction,
    status: CallStatus,
    resolution: Resolution | None,
    resolver: Resolver,
) -> NumericScore:
    """The numeric score of a point forecast standing at ``status`` (see :class:`NumericScore`)."""
    proposition = prediction.proposition
    assert isinstance(proposition, DateOf | ValueOf)
    point, lower, upper = _ends(prediction, proposition, resolver)
    kind: NumericKind = "date" if isinstance(proposition, DateOf) else "value"
    truth = _truth(resolution)
    score = NumericScore(
        kind=kind, point=point, lower=lower, upper=upper, level=proposition.level, truth=truth
    )
    if truth is None or resolution is None or not status.scored:
        return score
    forecast, truth_at = [_number(point)], [_number(truth)]
    error = float(signed_error(forecast, truth_at)[0])
    stated = lower is not None or upper is not None
    interval = None
    if lower is not None and upper is not None and proposition.level is not None:
        ends = [_number(lower)], [_number(upper)]
        interval = float(interval_score(*ends, truth_at, 1.0 - proposition.level)[0])
    return attrs.evolve(
        score,
        scored=True,
        error=error,
        absolute_error=float(absolute_error(forecast, truth_at)[0]),
        in_interval=resolution.covered if stated else None,
        interval_score=interval,
    )


def point_scores(
    ledger: Ledger,
    predictions: Sequence[Prediction],
    statuses: Sequence[CallStatus],
    resolutions: Mapping[str, Resolution],
) -> dict[int, NumericScore]:
    """Each point forecast's :class:`NumericScore`, by its index among ``predictions``.

    ``statuses`` are where the calls stand, in the same order.
    """
    at = [i for i, p in enumerate(predictions) if is_point_forecast(p)]
    if not at:
        return {}
    resolver = Resolver(ledger.log, ledger.readings)
    return {
        i: numeric_score(predictions[i], statuses[i], resolutions.get(predictions[i].id), resolver)
        for i in at
    }


def summarize_numbers(calls: Sequence[PredictionResult], kind: NumericKind) -> NumericSummary:
    """The :class:`NumericSummary` of the point forecasts of one kind among ``calls``."""
    mine = [c for c in calls if c.numeric is not None and c.numeric.kind == kind]
    scored = [c.numeric for c in mine if c.numeric is not None and c.numeric.scored]
    errors = [float(s.error or 0.0) for s in scored]  # a scored forecast has its error
    absolute = [abs(e) for e in errors]
    covered = [s.in_interval for s in scored if s.in_interval is not None]
    status = [c.status for c in mine]
    # a decided call whose truth is not visible yet (NO by the log's completeness) is pending
    unseen = sum(c.status.scored for c in mine) - len(scored)
    return NumericSummary(
        n=len(scored),
        n_pending=status.count(CallStatus.PENDING) + unseen,
        n_ambiguous=status.count(CallStatus.AMBIGUOUS) + status.count(CallStatus.ANNULLED),
        n_after_the_fact=status.count(CallStatus.AFTER_THE_FACT),
        mean_error=summarize(errors).mean if errors else None,
        mean_absolute_error=summarize(absolute).mean if absolute else None,
        median_absolute_error=float(np.median(absolute)) if absolute else None,
        n_with_interval=len(covered),
        coverage=sum(covered) / len(covered) if covered else None,
    )
