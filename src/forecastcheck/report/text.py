# Same shape as in report/markdown.py: an import list; each module imports the names it uses
# (intentional).
"""The scoreboard as plain text, for a terminal.

Control and bidirectional characters in ledger text are shown as visible
escapes (``\\x1b``, ``\\n``, ``\\u202e``): every line is one line, as written.

.. versionadded:: 0.1
"""

from __future__ import annotations

from forecastcheck._counted import counted
from forecastcheck._terminal import printable
from forecastcheck.evaluation import Evaluation, PredictionResult, Scorecard
from forecastcheck.report import _deadlines, _restated
from forecastcheck.report._crowds import board, crowd_text
from forecastcheck.report._format import (
    BRIER_GUIDE,
    after_the_fact,
    calls_by_source,
    counts_line,
    fmt_interval,
    fmt_score,
    hits_text,
    scoreboard_order,
    shorten,
    table,
)
from forecastcheck.report._numeric import call_figures, call_wording, text_section
from forecastcheck.report._recorded import (
    COMPLETENESS_ONLY,
    evidence_words,
    recorded_bits,
    recorder_line,
)

__all__ = ["render_scoreboard", "render_text"]


def _board_row(card: Scorecard) -> list[str]:
    brier = fmt_score(card.brier)
    if card.brier_interval is not None:
        brier += f" {fmt_interval(card.brier_interval)}"
    log = fmt_score(card.log_score)
    if card.n_infinite:
        log += f" ({card.n_infinite} certain miss{'es' if card.n_infinite != 1 else ''})"
    return [
        printable(card.source_name),
        str(card.n_predictions),
        str(card.n_resolved),
        brier,
        log,
        hits_text(card),
        printable(card.ranking),
    ]


# Same shape as in report/html.py: the same facts, worded for each report format (intentional).
def _call_lines(result: PredictionResult) -> list[str]:
    said = str(result.stated)
    head = f"  [{result.verdict}] {result.id} · said {said}"
    lines = [head, f"      “{shorten(result.quote, 100)}”"]
    what = call_wording(result)
    if result.proposition_text:
        what += f" that: {result.proposition_text}"
    lines.append(f"      {what}")
    status = str(result.status)
    if result.resolved is not None and result.resolved != result.status:
        status += f" (the proposition: {result.resolved})"
    if result.decided_on is not None:
        status += f" on {result.decided_on}"
    if result.open_ended:
        status += " · open-ended"
    if result.brier is not None:
        status += f" · Brier {fmt_score(result.brier)} · log {fmt_score(result.log_score)}"
    if result.error_days is not None:
        status += f" · off by {result.error_days:+g} days"
    lines.append(f"      {status}")
    lines += [f"      {f}" for f in (call_figures(result),) if f]
    lines.append(f"      why: {shorten(result.reason, 150)}")
    if result.timing_note:
        lines.append(f"      timing: {shorten(result.timing_note, 150)}")
    lines += _recorded_lines(result)
    return lines


def _recorded_lines(result: PredictionResult) -> list[str]:
    """The evidence, event by event, and what the recorder decided about the call."""
    lines = []
    for e in result.evidence:
        outlets = ", ".join(dict.fromkeys(link.outlet for link in e.links))
        said = "; ".join(b for b in (outlets, evidence_words(e)) if b)
        lines.append(f"      evidence: {e.event} ({e.date})" + (f" — {said}" if said else ""))
    if result.by_completeness:
        lines.append(f"      evidence: {COMPLETENESS_ONLY}")
    bits = recorded_bits(result)
    if bits:
        lines.append(f"      recorded: {' · '.join(bits)}")
    return lines


def _lines(lines: list[str]) -> str:
    """The lines joined, each with its control characters (a stray newline too) escaped."""
    return "\n".join(printable(line) for line in lines)


def render_scoreboard(evaluation: Evaluation) -> str:
    """The scoreboard alone: a heading, one row per source and the pooled row, relative skill.

    This is the top of :func:`render_text`, for places with little room (a
    terminal summary).

    Args:
        evaluation: what :func:`forecastcheck.evaluate` returned.

    Returns:
        Plain text lines, without a final newline.
    """
    overall = evaluation.overall
    out = [
        f"Forecast scoreboard as of {evaluation.as_of}",
        f"Scale {evaluation.scale} (point: {evaluation.point_rule}) · "
        f"{counted(len(evaluation.sources), 'source')} · {counts_line(overall)}",
        _restated.policy_line(evaluation),
        f"{BRIER_GUIDE} Intervals: 90% question-level bootstrap. "
        f"Ranked only with at least {counted(evaluation.min_resolved, 'resolved call')}.",
        "",
    ]
    head = ["Source", "Calls", "Resolved", "Brier [90% interval]", "Log", "Hits", "Rank"]
    rows = [head, *(_board_row(c) for c in board(evaluation)[0])]
    rows.append(_board_row(overall))
    right = [False, True, True, False, False, True, False]
    lines = table(rows, right)
    lines.insert(len(lines) - 1, lines[1])  # a rule above the pooled row
    out += lines
    out += crowd_text(evaluation, _board_row)
    out += text_section(evaluation)

    skills = [c for c in evaluation.sources if c.comparisons]
    out += ["", "Relative skill (Brier ratio on shared questions; below 1 is better):"]
    if skills:
        out += [f"  {c.source_name}: {c.skill_note}" for c in skills]
    else:
        out.append("  n/a (no overlap): no two sources answered the same resolved question.")
    return _lines(out)


def render_text(evaluation: Evaluation) -> str:
    """The scoreboard, then each source's calls, then the scale sensitivity.

    Args:
        evaluation: what :func:`forecastcheck.evaluate` returned.

    Returns:
        Plain text, ending with a newline.
    """
    out = ["", f"{recorder_line(evaluation)}."]
    calls = calls_by_source(evaluation)
    for card in scoreboard_order(evaluation):
        out += ["", f"{card.source_name} ({card.source}) — {counts_line(card)}"]
        for result in calls.get(card.source, []):
            out += [*_call_lines(result), *_restated.text_reading_lines(result)]

    late = after_the_fact(evaluation)
    if late:
        out += ["", "Stated after the fact (AFTER_THE_FACT: not scored) or maybe after (scored):"]
        out += [f"  [{r.verdict}] {r.id} ({r.source}): {r.timing_note}" for r in late]

    out += drafts_lines(evaluation)
    out += ["", "Scale sensitivity", *evaluation.sensitivity.table().split("\n")]
    out += ["", *_deadlines.lines(evaluation.deadline_sensitivity)]
    return f"{render_scoreboard(evaluation)}\n{_lines(out)}\n"


def drafts_lines(evaluation: Evaluation) -> list[str]:
    """How many draft predictions the report skipped (none: no lines)."""
    n = evaluation.n_drafts
    if not n:
        return []
    which = "prediction" if n == 1 else "predictions"
    return ["", f"Skipped {n} draft {which} still to confirm (forecastcheck check lists them)."]
