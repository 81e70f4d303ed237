"""Summarise, part three: how much the mean scores move with the verbal scale and point rule.

:func:`scale_sensitivity` hands every scorable forecast of the ledger (not
those stated after the fact) to :func:`forecastcheck.verbal.sensitivity`
under every built-in scale (and the chosen one) and the point rules lower,
mid, upper (and ``stated`` when chosen); :func:`source_ranges` and
:func:`pooled_ranges` give each scorecard its (min, max) of the mean scores.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

from forecastcheck.evaluation.results import PredictionResult
from forecastcheck.evaluation.verdicts import CallStatus
from forecastcheck.ledger import Ledger
from forecastcheck.verbal import (
    PointRule,
    Scale,
    Sensitivity,
    VerbalRecord,
    builtin_scales,
    sensitivity,
)

__all__ = ["Ranges", "pooled_ranges", "scale_sensitivity", "source_ranges"]

Range = tuple[float, float] | None
Ranges = tuple[Range, Range]
"""(min, max) of the mean Brier score and of the mean log score, or ``None`` each."""


_Made = dict[tuple[str, type, str | float, str, type, int | None], VerbalRecord]
_DECIDED = (CallStatus.YES, CallStatus.NO)


def _records(ledger: Ledger, results: Sequence[PredictionResult]) -> list[VerbalRecord]:
    """Every forecast as the sensitivity table reads it, in ledger order; none that no scale scores.

    A forecast is left out when it is marked unscorable, holds no confidence
    (or neither a number nor a phrase) or was stated after the fact. Records
    are values: each one is made once and handed out again for every later
    forecast equal to it (most are: a few phrases, many calls).
    """
    made: _Made = {}
    records: list[VerbalRecord] = []
    for prediction, result in zip(ledger.predictions, results, strict=True):
        confidence = prediction.confidence
        if prediction.unscorable is not None or confidence is None:
            continue
        if result.status is CallStatus.AFTER_THE_FACT:  # not a forecast: no scale scores it
            continue
        statement: str | float
        if confidence.probability is not None:
            statement = float(confidence.probability)
        elif confidence.phrase is not None and confidence.phrase.strip():
            statement = confidence.phrase
        else:  # pragma: no cover - a confidence holds one or the other
            continue
        outcome = result.outcome if result.resolved in _DECIDED else None
        polarity = confidence.polarity
        key = (prediction.source, type(statement), statement, polarity, type(outcome), outcome)
        record = made.get(key)
        if record is None:
            record = made[key] = VerbalRecord(prediction.source, statement, polarity, outcome)
        records.append(record)
    return records


def scale_sensitivity(
    ledger: Ledger,
    results: Sequence[PredictionResult],
    scale: Scale,
    point_rule: str,
    min_resolved: int | None = None,
) -> Sensitivity:
    """The verbal sensitivity table of the ledger's forecasts, ``(scale, point_rule)`` marked.

    The table names each source by its name (not its id) and, given the
    scoreboard's ``min_resolved``, says how its counts relate to the scoreboard's.
    """
    records = _records(ledger, results)
    rules: tuple[PointRule, ...] = ("lower", "mid", "upper")
    if point_rule == "stated":
        rules += ("stated",)
    scales = {**builtin_scales(), scale.name: scale}  # a user's scale joins (or overrides) them
    return sensitivity(
        records,
        scales.values(),
        rules,
        reference=(scale.name, point_rule),
        labels={source.id: source.name for source in ledger.sources},
        min_resolved=min_resolved,
    )


def _range(pair: tuple[float, float] | None) -> Range:
    if pair is None or math.isnan(pair[0]) or math.isnan(pair[1]):
        return None
    return (float(pair[0]), float(pair[1]))


def source_ranges(sens: Sensitivity) -> Mapping[str, Ranges]:
    """Each source's (min, max) of its mean scores over the scales and point rules."""
    return {s.source: (_range(s.brier), _range(s.log)) for s in sens.sources}


def pooled_ranges(sens: Sensitivity) -> Ranges:
    """(min, max) over scales and point rules of the pooled mean scores.

    Each source is scored on the same records under every choice, so the
    pooled mean under one choice is the count-weighted mean of the sources'.
    """
    counted = [s for s in sens.sources if s.n]
    if not counted:
        return None, None
    total = sum(s.n for s in counted)
    brier_means, log_means = [], []
    for k in range(len(counted[0].cells)):
        brier_means.append(sum(s.n * s.cells[k].brier for s in counted) / total)
        log_means.append(sum(s.n * s.cells[k].log for s in counted) / total)
    return (min(brier_means), max(brier_means)), (min(log_means), max(log_means))
