"""Restated forecasts in the reports: the policy at the top, each reading's weight by its call.

Every report names the ``restated`` policy its scores were made under; a call
that is one reading of a chain (``revises``) says which chain and what share
of its score it carries. A call on its own gets no extra line.
"""

from __future__ import annotations

from html import escape

from forecastcheck.evaluation import Evaluation, PredictionResult

__all__ = ["html_policy", "policy_line", "reading_note", "text_reading_lines"]

_MEANING = {
    "each": "every reading is its own call",
    "first": "a chain of readings is scored by its first reading, and counted once",
    "last": (
        "a chain of readings is scored by its last reading before the decision, and counted once"
    ),
    "time-averaged": (
        "a chain of readings is scored by the day-weighted mean of its readings' scores, "
        "and counted once"
    ),
}


def policy_line(evaluation: Evaluation) -> str:
    """One sentence naming the policy, e.g. ``Restated forecasts: time-averaged (…)``."""
    meaning = _MEANING.get(evaluation.restated, "")
    return f"Restated forecasts: {evaluation.restated} ({meaning})"


def html_policy(evaluation: Evaluation) -> str:
    """:func:`policy_line` as an HTML paragraph."""
    return f'<p class="restated">{escape(policy_line(evaluation))}</p>'


def reading_note(result: PredictionResult) -> str | None:
    """``reading of chain X (revises Y), weight 0.3``; ``None`` for a call on its own."""
    if result.chain is None:
        return None
    restates = "" if result.revises is None else f", revises {result.revises}"
    return f"reading of chain {result.chain}{restates}; weight {result.weight:.4g}"


def text_reading_lines(result: PredictionResult) -> list[str]:
    """The reading's note as an indented line of the text report, or no line."""
    note = reading_note(result)
    return [] if note is None else [f"      {note}"]
