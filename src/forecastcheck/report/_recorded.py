"""What the recorder decided and what decided each call, in the words every report shares.

A call *rests on a paraphrase* when its quote is marked ``paraphrase = true``
(not verbatim); *on a judged event* when an event among its evidence has
``judged_by``; *on a notes-flagged interpretation* when the prediction has
non-blank ``notes`` (the recorder explained how the quote was read). The
counts are over every call recorded. Evidence is described event by event:
a report that the event had *not* happened says so, and a judged event names
who judged it and why. A NO with no event at all rests on the log's
completeness alone, and says so. See ``docs/report-json.md`` and
``docs/prediction-files.md``.
"""

from __future__ import annotations

import attrs

from forecastcheck._counted import counted
from forecastcheck.evaluation import Evaluation, Evidence, PredictionResult

__all__ = [
    "COMPLETENESS_ONLY",
    "RecorderCounts",
    "evidence_words",
    "recorded_bits",
    "recorder_counts",
    "recorder_line",
]

COMPLETENESS_ONLY = (
    "no event report: the NO rests on the log's completeness alone (nothing was recorded)"
)
"""What a report shows as the evidence of a NO decided with no event at all."""


@attrs.frozen
class RecorderCounts:
    """How many of ``n_calls`` calls rest on a paraphrase, a judged event, notes."""

    n_calls: int
    n_paraphrase: int
    n_judged: int
    n_notes_flagged: int


def recorder_counts(evaluation: Evaluation) -> RecorderCounts:
    """The recorder's decisions counted over every call of the evaluation."""
    calls = evaluation.predictions
    return RecorderCounts(
        n_calls=len(calls),
        n_paraphrase=sum(r.paraphrase for r in calls),
        # a call without evidence is not judged, one without notes not flagged: skipped unread
        n_judged=sum(r.judged for r in calls if r.evidence),
        n_notes_flagged=sum(r.notes_flagged for r in calls if r.notes),
    )


def recorder_line(evaluation: Evaluation) -> str:
    """The counts in one sentence, without a final full stop."""
    c = recorder_counts(evaluation)
    return (
        f"What the recorder decided: of {counted(c.n_calls, 'call')}, "
        f"{c.n_paraphrase} rest{'s' if c.n_paraphrase == 1 else ''} on a paraphrase, "
        f"{c.n_judged} on a judged event, {c.n_notes_flagged} on a notes-flagged interpretation"
    )


def evidence_words(e: Evidence) -> str:
    """What the event adds beyond its summary: a "had not happened" report, a judgement."""
    bits = []
    if not e.occurred:
        bits.append(f"a report that it had not happened as of {e.date}")
    if e.judged_by is not None:
        bits.append(f"judged by {e.judged_by}: {e.reason}")
    return "; ".join(bits)


def recorded_bits(result: PredictionResult) -> list[str]:
    """What the recorder decided about one call: paraphrase, tags, notes (empty when nothing)."""
    bits = []
    if result.paraphrase:
        bits.append("paraphrase (the quote is not verbatim)")
    if result.tags:
        bits.append(f"tags: {', '.join(result.tags)}")
    if result.notes_flagged:
        bits.append(f"notes: {' '.join(result.notes.split())}")
    return bits
