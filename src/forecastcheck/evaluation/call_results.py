"""One call's result: its resolution and its reading joined, judged, not yet scored.

:func:`call_result` puts together what the resolve stage
(:mod:`~forecastcheck.evaluation.resolving`) and the interpret stage
(:mod:`~forecastcheck.evaluation.interpreting`) found for one prediction,
with its status and verdict (:mod:`~forecastcheck.evaluation.verdicts`).
Its scores are left empty; the score stage fills them.
"""

from __future__ import annotations

from collections.abc import Mapping

from forecastcheck.evaluation.interpreting import Reading
from forecastcheck.evaluation.resolving import evidence_of, figures_of
from forecastcheck.evaluation.results import PredictionResult
from forecastcheck.evaluation.verdicts import NOT_SCORED, call_status, verdict_of
from forecastcheck.ledger import Document, Prediction
from forecastcheck.resolution import Resolution

__all__ = ["call_result"]


def _reason(reading: Reading, resolution: Resolution | None) -> str:
    """Why the call stands where it does: why it is unscorable, else the resolution's line."""
    if reading.unscorable is not None:
        return reading.unscorable
    if resolution is not None:
        return resolution.reason
    return ""  # pragma: no cover - a scorable prediction records a proposition


def call_result(
    prediction: Prediction,
    *,
    source_name: str,
    reading: Reading,
    resolution: Resolution | None,
    question: int | None,
    documents: Mapping[str, Document],
) -> PredictionResult:
    """The result of one prediction, with its verdict and no scores yet."""
    status, resolved, timing = call_status(prediction.stated, reading.unscorable, resolution)
    outcome = None
    if resolution is not None and resolution.outcome is not None:
        outcome = int(resolution.outcome)
    figures = figures_of(prediction, resolution)
    proposition = prediction.proposition
    # a record built by keyword; `duplicates` pairs the shape with other records' constructors
    return PredictionResult(
        id=prediction.id,
        source=prediction.source,
        source_name=source_name,
        quote=prediction.quote,
        stated=prediction.stated,
        document=prediction.document,
        wording=reading.wording,
        stated_probability=reading.stated_probability,
        polarity=prediction.confidence.polarity if prediction.confidence else "for",
        interval=reading.interval,
        probability=reading.probability if status not in NOT_SCORED else None,
        mapping_rules=reading.rules,
        mapping=reading.mapping,
        status=status,
        resolved=resolved,
        verdict=verdict_of(status, reading.probability, outcome),
        outcome=outcome,
        brier=None,
        log_score=None,
        decided_on=figures.decided_on,
        reason=_reason(reading, resolution),
        evidence=() if resolution is None else evidence_of(resolution.events, documents),
        open_ended=False if resolution is None else resolution.open_ended,
        deadline=figures.deadline,
        lead_days=figures.lead_days,
        proposition_text=None if proposition is None else (proposition.text or None),
        error_days=figures.error_days,
        value_error=figures.value_error,
        question=question,
        topic=prediction.topic,
        timing=None if timing is None else timing[0],
        timing_note=None if timing is None else timing[1],
        notes=prediction.notes,
        tags=prediction.tags,
        paraphrase=prediction.paraphrase,
    )
