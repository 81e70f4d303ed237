# Same shape as in report/markdown.py: an import list; each module imports the names it uses
# (intentional).
"""The scoreboard as plain text, for a terminal, as wide as the terminal.

Control and bidirectional characters in ledger text are shown as visible
escapes (``\\x1b``, ``\\n``, ``\\u202e``): every line is one line, as written.
No line is wider than the report's width (``COLUMNS``, 80 when output is not
a terminal; :mod:`forecastcheck.report._text_fit` says how lines, tables and
quotes are fitted). A legend under the scoreboard defines every score shown;
unranked sources follow the ranked ones, sorted by Brier score, under one
line that says why they are not ranked; each call's reason is in plain words
(the resolver's own line is in the JSON).

.. versionadded:: 0.1
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Sequence

from forecastcheck._counted import counted
from forecastcheck._terminal import printable
from forecastcheck.evaluation import CallStatus, Evaluation, PredictionResult, Scorecard
from forecastcheck.ledger import DateWindow
from forecastcheck.report import _deadlines, _restated, _text_fit
from forecastcheck.report._crowds import board, crowd_text
from forecastcheck.report._format import (
    after_the_fact,
    board_order,
    calls_by_source,
    counts_line,
    fmt_interval,
    fmt_score,
    hits_text,
    probability_text,
)
from forecastcheck.report._html_words import plain_date, plain_reason
from forecastcheck.report._numeric import figures_text, point_text, text_section
from forecastcheck.report._recorded import (
    COMPLETENESS_ONLY,
    evidence_words,
    recorded_bits,
    recorder_line,
)

__all__ = ["render_scoreboard", "render_text"]

_QUOTE_INDENT = 6
"""Calls' detail lines are indented this far under their heading."""


def _legend(evaluation: Evaluation) -> list[str]:
    """What every score on the board means, in a line or two each."""
    need = counted(evaluation.min_resolved, "resolved call")
    return [
        "What the columns mean (lower scores are better):",
        "  Brier: the squared gap between the probability and what happened (1 or 0), "
        "averaged: 0 is perfect, 0.25 is what always saying 50-50 earns, 1 is certain and wrong.",
        "  Log: minus the natural log of the probability given to what happened, averaged: "
        "0 is perfect, 0.693 is what always saying 50-50 earns, ∞ follows a certain miss.",
        "  [lo, hi]: a 90% interval (question-level bootstrap); too few calls: a single "
        "question, no interval; no interval: the bootstrap was turned off.",
        "  Hits: resolved calls that leaned the way things went (a 50-50 call is neither).",
        "  Rank of N: among the N ranked sources; (lo–hi) is where the rank falls in nine "
        "resamples of ten.",
        f"  Ranked only with at least {need}; — marks a source not ranked.",
    ]


def _rank_cell(card: Scorecard, once: bool) -> str:
    """The rank and its likely range; an unranked row's reason, or ``—`` when it is said once.

    On the people's board (``once``) the rank is a number under ``Rank of N``;
    elsewhere it is the scorecard's own text (``rank 2 of 3 (among …)``).
    """
    if not card.ranked or card.rank is None:
        return "—" if once else printable(card.ranking)
    text = str(card.rank) if once else printable(card.ranking)
    if card.rank_interval is not None:
        low, high = (round(x) for x in card.rank_interval)
        text += f" ({low}–{high})" if low != high else ""
    return text


def _board_row(card: Scorecard, once: bool = False) -> list[str]:
    brier = fmt_score(card.brier)
    if card.brier is not None:  # without an interval: one question, or no bootstrap asked for
        none = "(too few calls)" if card.n_questions < 2 else "(no interval)"
        brier += f" {fmt_interval(card.brier_interval) or none}"
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
        _rank_cell(card, once),
    ]


def _people_board(evaluation: Evaluation, width: int) -> list[str]:
    """The people and institutions, ranked first, the unranked under one line; the pooled row."""
    apart = {c.source for c in board(evaluation)[1]}
    order = [c for c in board_order(evaluation) if c.source not in apart]
    n_ranked = sum(1 for c in order if c.ranked)
    head = [
        "Source",
        "Resolved",
        "Brier [90% interval]",
        "Log",
        "Hits",
        f"Rank of {n_ranked}" if n_ranked else "Rank",
    ]
    pooled = [*_board_row(evaluation.overall)[:-1], ""]  # its name says it: no rank cell
    rows = [head, *(_merged(_board_row(c, once=True)) for c in order), _merged(pooled)]
    groups = {len(order): ""}  # a rule above the pooled row
    if n_ranked < len(order):
        need = counted(evaluation.min_resolved, "resolved call")
        groups[n_ranked] = f"Not ranked: fewer than {need} (sorted by Brier score):"
    right = [False, True, False, False, True, False]
    return _text_fit.fit_table(rows, right, width, spare=(3, 4), groups=groups)


def _merged(row: list[str]) -> list[str]:
    """A board row with its calls and resolved counts in one cell: ``2 of 4``."""
    name, calls, resolved, *rest = row
    return [name, f"{resolved} of {calls}", *rest]


_PAD = " " * _QUOTE_INDENT


def _call_block(result: PredictionResult, as_of: dt.date, width: int) -> str:
    """A call's lines, fitted to ``width`` and joined: one string a call, however many lines.

    The lines, in order: the heading, the quote, what was said, how the call
    stands, a point forecast's figures, why, a timing note, the evidence, what
    the recorder decided, and the note of a reading of a restated chain.
    """
    numeric = result.numeric
    what = probability_text(result) if numeric is None else point_text(numeric)
    if result.proposition_text:
        what += f" that: {result.proposition_text}"
    quote = _text_fit.quote_around(result.quote, result.wording, width - _QUOTE_INDENT - 2)
    lines = [
        f"  [{result.verdict}] {result.id} · said {plain_date(result.stated)}",
        f"{_PAD}“{quote}”",
        f"{_PAD}{what}",
        f"{_PAD}{_status(result)}",
    ]
    if numeric is not None:
        lines.append(f"{_PAD}{figures_text(numeric)}")
    lines.append(f"{_PAD}why: {plain_reason(result, as_of)}")
    if result.timing_note:
        lines.append(f"{_PAD}timing: {result.timing_note}")
    if result.evidence:
        lines += _evidence_lines(result)
    elif result.resolved is CallStatus.NO:  # ``by_completeness``: a NO with no event at all
        lines.append(_COMPLETENESS_LINE)
    # nothing recorded without a paraphrase, tags or notes: most calls skip the look
    if result.paraphrase or result.tags or result.notes:
        bits = recorded_bits(result)
        if bits:
            lines.append(f"      recorded: {' · '.join(bits)}")
    if result.chain is not None:
        lines.append(f"      {_restated.reading_note(result)}")
    if not "".join(lines).isprintable():
        lines = [printable(line) for line in lines]
    return _text_fit.fit_block(lines, width)


def _status(result: PredictionResult) -> str:
    """``YES on 2024-06-12 · Brier 0.766 · log 2.079``: how the call stands, and its scores."""
    status = str(result.status)
    if result.resolved is not None and result.resolved != result.status:
        status += f" (the proposition: {result.resolved})"
    if result.decided_on is not None:
        status += f" on {result.decided_on}"
    if result.open_ended:
        status += " · open-ended"
    brier = result.brier
    if brier is not None:
        log = result.log_score
        # remembered only without a zero: -0.0 == 0.0, but one prints "-0.000"
        status += _remembered_scores(brier, log) if brier and log else _scores(brier, log)
    if result.error_days is not None:
        days = result.error_days
        when = "before" if days < 0 else "after"
        status += f" · {abs(days):g} days {when} the forecast date" if days else " · on the day"
    return status


def _scores(brier: float, log: float | None) -> str:
    """`` · Brier 0.766 · log 2.079``: a scored call's part of its status line."""
    return f" · Brier {fmt_score(brier)} · log {fmt_score(log)}"


_remembered_scores = functools.lru_cache(maxsize=4096)(_scores)
""":func:`_scores`, each pair formatted once: calls on a scale's few points score alike."""


def _evidence_lines(result: PredictionResult) -> list[str]:
    """The evidence, event by event: its outlets, and what a report or a judgement adds."""
    lines = []
    for e in result.evidence:
        outlets = ", ".join(dict.fromkeys(link.outlet for link in e.links))
        said = "; ".join(b for b in (outlets, evidence_words(e)) if b)
        lines.append(
            f"      evidence: {e.event} ({_code(e.date)})" + (f" — {said}" if said else "")
        )
    return lines


_COMPLETENESS_LINE = f"      evidence: {COMPLETENESS_ONLY}"


def _code(when: DateWindow) -> str:
    """``str(when)``: a day's ISO date written at once, without working out the precision."""
    return when.start.isoformat() if when.start == when.end else str(when)


def _fitted(lines: list[str], width: int) -> str:
    """The lines, each with its control characters (a stray newline too) escaped, then fitted
    to ``width``: escaped, a line holds no line break, so each is fitted as it comes."""
    return "\n".join(_fitted_lines(lines, width))


def _fitted_lines(lines: list[str], width: int) -> list[str]:
    """:func:`_fitted`'s lines, not yet joined.

    Lines that are all printable together (one ``str.isprintable`` scan of
    them joined) have nothing to escape: :func:`printable` would return each
    as it is, so it is called only when some line has a control character.
    """
    if not "".join(lines).isprintable():
        lines = [printable(line) for line in lines]
    return _text_fit.fit_lines(lines, width)


def render_scoreboard(evaluation: Evaluation, *, width: int | None = None) -> str:
    """The scoreboard alone: a heading, one row per source and the pooled row, a legend.

    This is the top of :func:`render_text`, for places with little room (a
    terminal summary).

    Args:
        evaluation: what :func:`forecastcheck.evaluate` returned.
        width: the widest line; by default the terminal's (``COLUMNS``, else
            80 when output is not a terminal), never below 40.

    Returns:
        Plain text lines, without a final newline.
    """
    width = _text_fit.report_width(width)
    out = [
        f"Forecast scoreboard as of {evaluation.as_of}",
        f"Scale {evaluation.scale} (point: {evaluation.point_rule}) · "
        f"{counted(len(evaluation.sources), 'source')} · {counts_line(evaluation.overall)}",
        _restated.policy_line(evaluation),
        "",
        *_people_board(evaluation, width),
        "",
        *_legend(evaluation),
    ]

    def layout(rows: Sequence[Sequence[str]], right: Sequence[bool]) -> list[str]:
        return _text_fit.fit_table(rows, right, width)

    out += crowd_text(evaluation, _board_row, layout)
    out += text_section(evaluation, layout)

    skills = [c for c in evaluation.sources if c.comparisons]
    out += ["", "Relative skill (Brier ratio on shared questions; below 1 is better):"]
    if skills:
        out += [f"  {c.source_name}: {c.skill_note}" for c in skills]
    else:
        out.append("  n/a (no overlap): no two sources answered the same resolved question.")
    return _fitted(out, width)


def _sensitivity_lines(evaluation: Evaluation, width: int) -> list[str]:
    """The scale sensitivity, its table fitted to ``width`` (its note column may go)."""
    sens = evaluation.sensitivity
    lines = sens.table().split("\n")
    rows = [[printable(cell) for cell in row] for row in sens.rows()]
    first = next(i for i, line in enumerate(lines) if line.startswith(f"{rows[0][0]} "))
    right = [False, *(True,) * (len(rows[0]) - 2), False]
    fitted = _text_fit.fit_table(rows, right, width, spare=(len(rows[0]) - 1,))
    return [*lines[:first], *fitted, *lines[first + len(rows) + 1 :]]


def render_text(evaluation: Evaluation, *, width: int | None = None) -> str:
    """The scoreboard, then each source's calls, then the scale sensitivity.

    Args:
        evaluation: what :func:`forecastcheck.evaluate` returned.
        width: the widest line, as for :func:`render_scoreboard`.

    Returns:
        Plain text, ending with a newline.
    """
    width = _text_fit.report_width(width)
    # fitted lines and fitted call blocks (each one string): fewer, smaller pieces to hold
    pieces = _fitted_lines(["", f"{recorder_line(evaluation)}."], width)
    calls = calls_by_source(evaluation)
    people, apart = board(evaluation)
    order = [*people, *apart]  # board() keeps the scoreboard order
    for card in order:
        pieces += _fitted_lines(
            ["", f"{card.source_name} ({card.source}) — {counts_line(card)}"], width
        )
        pieces += [_call_block(r, evaluation.as_of, width) for r in calls.get(card.source, [])]

    out: list[str] = []
    late = after_the_fact(evaluation)
    if late:
        out += ["", "Stated after the fact (AFTER_THE_FACT: not scored) or maybe after (scored):"]
        out += [f"  [{r.verdict}] {r.id} ({r.source}): {r.timing_note}" for r in late]

    out += drafts_lines(evaluation)
    out += ["", "Scale sensitivity", *_sensitivity_lines(evaluation, width)]
    out += ["", *_deadlines.lines(evaluation.deadline_sensitivity)]
    board_text = render_scoreboard(evaluation, width=width)
    # one join, not a joined body copied again into the whole: a large report is held once
    return "\n".join([board_text, *pieces, *_fitted_lines(out, width), ""])


def drafts_lines(evaluation: Evaluation) -> list[str]:
    """How many draft predictions the report skipped (none: no lines)."""
    n = evaluation.n_drafts
    if not n:
        return []
    which = "prediction" if n == 1 else "predictions"
    return ["", f"Skipped {n} draft {which} still to confirm (forecastcheck check lists them)."]
