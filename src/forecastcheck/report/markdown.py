# Same shape as in report/text.py: an import list; each module imports the names it uses
# (intentional).
"""The scoreboard as Markdown (GitHub-flavoured tables), for issues, wikis and READMEs.

Every piece of ledger text is escaped: a cell stays one line of one cell,
markup characters (``|``, ``*``, ``_``, backticks, brackets, ``<>``, ``&``, ``~``)
are shown as written, and control and bidirectional characters are shown as
visible escapes (``\\x1b``, ``\\u202e``). Evidence is linked only under the rule of
every renderer (:func:`~forecastcheck.report._format.link_target`): an
``http(s)`` address, percent-encoded; any other address is shown as text.

.. versionadded:: 0.1
"""

from __future__ import annotations

import re

from forecastcheck._counted import counted
from forecastcheck._terminal import printable
from forecastcheck.evaluation import Evaluation, PredictionResult, Scorecard

# Same shape as in report/html.py: an import list; each module imports the names it uses
# (intentional).
from forecastcheck.report import _deadlines, _restated
from forecastcheck.report._crowds import board, crowd_markdown
from forecastcheck.report._format import (
    BRIER_GUIDE,
    after_the_fact,
    calls_by_source,
    counts_line,
    fmt_interval,
    fmt_score,
    hits_text,
    link_target,
    scoreboard_order,
    shorten,
    unlinked,
)
from forecastcheck.report._numeric import call_figures, call_wording, markdown_section
from forecastcheck.report._recorded import (
    COMPLETENESS_ONLY,
    evidence_words,
    recorded_bits,
    recorder_line,
)

__all__ = ["render_markdown"]


_MARKUP = re.compile(r"[\\|*_`\[\]<>&~]")
"""What a table cell escapes with a backslash: a backslash, pipes and Markdown's markup."""


def _cell(text: str) -> str:
    """Text safe inside a table cell: one line, controls shown, pipes and markup escaped."""
    text = printable(" ".join(text.split()))
    return _MARKUP.sub(r"\\\g<0>", text) if _MARKUP.search(text) else text  # most have none


def _code(text: str) -> str:
    """``text`` as an inline code span, fenced by more backticks than it holds."""
    text = printable(" ".join(text.split()))
    fence = "`"
    while fence in text:
        fence += "`"
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def _row(cells: list[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def _board(card: Scorecard, bold: bool = False) -> str:
    name = _cell(card.source_name)
    brier = f"{fmt_score(card.brier)} {fmt_interval(card.brier_interval)}".strip()
    log = fmt_score(card.log_score)
    if card.n_infinite:
        log += f" ({card.n_infinite} certain)"
    cells = [
        f"**{name}**" if bold else name,
        str(card.n_predictions),
        str(card.n_resolved),
        brier,
        log,
        hits_text(card),
        _cell(card.ranking),
    ]
    return _row(cells)


def _call(result: PredictionResult) -> str:
    decided = "" if result.decided_on is None else str(result.decided_on)
    links = []
    for e in result.evidence:
        for link in e.links:
            href = link_target(link.url)
            if not link.url:
                links.append(_cell(link.outlet))
            elif href is None:
                links.append(_cell(unlinked(link.outlet, link.url)))
            else:
                links.append(f"[{_cell(link.outlet)}](<{href}>)")
    links += _evidence_notes(result)
    status = str(result.status)
    if result.resolved is not None and result.resolved != result.status:
        status += f" ({result.resolved})"
    if result.timing_note:
        status += f"; {_cell(result.timing_note)}"
    if (note := _restated.reading_note(result)) is not None:
        status += f"; {_cell(note)}"
    return _row(
        [
            f"**{result.verdict}**",
            f"`{result.id}`",
            str(result.stated),
            _cell(shorten(result.quote, 120)),
            _cell(call_wording(result)),
            _cell(result.proposition_text or "—"),
            status,
            decided or "—",
            _cell(call_figures(result) or fmt_score(result.brier)),
            ", ".join(dict.fromkeys(links)) or "—",
        ]
    )


def _evidence_notes(result: PredictionResult) -> list[str]:
    """What the evidence cell adds to the links: judgements, "had not happened" reports."""
    notes = [
        f"{_code(e.event)}: {_cell(words)}" for e in result.evidence if (words := evidence_words(e))
    ]
    return [*notes, _cell(COMPLETENESS_ONLY)] if result.by_completeness else notes


def _recorded(calls: list[PredictionResult]) -> list[str]:
    """A list under a source's table: what the recorder decided about each call, if anything."""
    lines = [
        f"- {_code(r.id)}: {_cell('; '.join(bits))}" for r in calls if (bits := recorded_bits(r))
    ]
    return ["", "Recorded:", "", *lines] if lines else []


def render_markdown(evaluation: Evaluation) -> str:
    """The scoreboard, each source's calls and the scale sensitivity, in Markdown.

    Args:
        evaluation: what :func:`forecastcheck.evaluate` returned.

    Returns:
        Markdown text, ending with a newline.
    """
    out = [
        f"# Forecast scoreboard as of {evaluation.as_of}",
        "",
        f"Scale {_code(evaluation.scale)} (point: {evaluation.point_rule}); "
        f"{counted(len(evaluation.sources), 'source')}; {counts_line(evaluation.overall)}.",
        "",
        f"{_restated.policy_line(evaluation)}.",
        "",
        f"{BRIER_GUIDE} Intervals are 90% question-level bootstrap intervals. "
        f"Sources are ranked only with at least "
        f"{counted(evaluation.min_resolved, 'resolved call')}.",
        "",
        f"{_cell(recorder_line(evaluation))}.",
        "",
        "| Source | Calls | Resolved | Brier [90% interval] | Log | Hits | Rank |",
        "|---|---:|---:|---|---|---:|---|",
    ]
    out += [_board(c) for c in board(evaluation)[0]]
    out.append(_board(evaluation.overall, bold=True))
    out += crowd_markdown(evaluation, _board, _cell)
    out += markdown_section(evaluation, _cell)
    out += ["", "## Relative skill", ""]
    skills = [c for c in evaluation.sources if c.comparisons]
    if skills:
        out += [f"- {_cell(c.source_name)}: {_cell(c.skill_note)}" for c in skills]
    else:
        out.append("n/a (no overlap): no two sources answered the same resolved question.")
    calls = calls_by_source(evaluation)
    for card in scoreboard_order(evaluation):
        out += [
            "",
            f"## {_cell(card.source_name)}",
            "",
            f"{counts_line(card)}; {_cell(card.ranking)}.",
            "",
            "| Verdict | Call | Said | Quote | Wording → probability | Proposition "
            "| Status | Decided | Brier | Evidence |",
            "|---|---|---|---|---|---|---|---|---:|---|",
        ]
        out += [_call(r) for r in calls.get(card.source, [])]
        out += _recorded(calls.get(card.source, []))
    late = after_the_fact(evaluation)
    if late:
        out += ["", "## Stated after the fact", ""]
        out += [f"- **{r.verdict}** `{_cell(r.id)}`: {_cell(r.timing_note or '')}" for r in late]
    out += ["", "## Scale sensitivity", "", "```text"]
    out += [printable(line) for line in evaluation.sensitivity.table().split("\n")]
    out.append("```")
    out += ["", *_deadlines.markdown(evaluation.deadline_sensitivity)]
    return "\n".join(out) + "\n"
