"""Crowds, markets and models in the reports: their own block, and people against the crowd.

Every renderer lists community, market and model sources apart from people and
institutions (:func:`board`), in a block of their own under the scoreboard,
and shows the evaluation's crowd comparison
(:attr:`~forecastcheck.evaluation.Evaluation.crowd_comparison`). The
renderer's own row and escaping functions are passed in, so a crowd row looks
like any other row of the same report. A ledger of people and institutions
only gets neither block: its reports are as before.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from html import escape

from forecastcheck.evaluation import (
    APART_KINDS,
    YARDSTICK_KINDS,
    CrowdComparison,
    Evaluation,
    Scorecard,
)
from forecastcheck.report._format import Layout, fmt_score, scoreboard_order, table

__all__ = [
    "APART_GUIDE",
    "APART_TITLE",
    "COMPARISON_GUIDE",
    "COMPARISON_TITLE",
    "board",
    "crowd_html",
    "crowd_markdown",
    "crowd_text",
]

APART_TITLE = "Crowds, markets and models"

APART_GUIDE = (
    "Ranked among themselves, not with the people and institutions above; "
    "the pooled row above counts their calls too."
)

COMPARISON_TITLE = "Against the crowd"

COMPARISON_GUIDE = (
    "On each resolved question both answered, the source's last call "
    "against the crowd's latest reading stated no later (a question where the crowd spoke "
    "only later is left out). Mean Brier scores on those questions; a difference below 0 "
    "and a ratio below 1 are better than the crowd."
)

_BOARD_HEAD = ["Source", "Calls", "Resolved", "Brier [90% interval]", "Log", "Hits", "Rank"]
"""The columns of the text and Markdown boards, after ``Kind``."""

_HTML_BOARD_HEAD = ["Kind", "Source", "Resolved", "Brier", "90% interval", "Hits", "Rank"]
"""The columns of the HTML board: its own (``_board_row`` in html.py), after ``Kind``."""

_HTML_BOARD_NUMERIC = [h in {"Resolved", "Brier", "Hits"} for h in _HTML_BOARD_HEAD]

_HEAD = ["Source", "Against", "Questions", "Brier", "Crowd Brier", "Difference", "Ratio"]


def board(evaluation: Evaluation) -> tuple[list[Scorecard], list[Scorecard]]:
    """The scoreboard's order split: people and institutions, then the sources kept apart."""
    order = scoreboard_order(evaluation)
    return (
        [c for c in order if c.kind not in APART_KINDS],
        [c for c in order if c.kind in APART_KINDS],
    )


def _has_yardstick(evaluation: Evaluation) -> bool:
    return any(c.kind in YARDSTICK_KINDS for c in evaluation.sources)


def _cells(c: CrowdComparison) -> list[str]:
    """One comparison as plain cells (escaped by the renderer)."""
    shared = str(c.n_shared)
    if c.n_no_earlier_reading:
        shared += f" ({c.n_no_earlier_reading} left out: the crowd spoke later)"
    difference = "—" if c.difference is None else f"{c.difference:+.3f}"
    return [
        c.source_name,
        f"{c.crowd_name} ({c.crowd_kind})",
        shared,
        fmt_score(c.brier),
        fmt_score(c.crowd_brier),
        difference,
        fmt_score(c.ratio, 2),
    ]


_NONE = (
    "no person, institution or model shares a resolved question with a community or market source."
)


def crowd_text(
    evaluation: Evaluation, row: Callable[[Scorecard], list[str]], layout: Layout = table
) -> list[str]:
    """The plain-text block: the sources kept apart, then the comparison (lines, unescaped).

    ``layout`` lays a table out (its rows, then which columns are right-aligned).
    """
    apart = board(evaluation)[1]
    out: list[str] = []
    if apart:
        rows = [["Kind", *_BOARD_HEAD], *([c.kind or "", *row(c)] for c in apart)]
        out += ["", f"{APART_TITLE}. {APART_GUIDE}"]
        out += layout(rows, [False, False, True, True, False, False, True, False])
    if _has_yardstick(evaluation):
        out += ["", f"{COMPARISON_TITLE}. {COMPARISON_GUIDE}"]
        if evaluation.crowd_comparison:
            rows = [_HEAD, *(_cells(c) for c in evaluation.crowd_comparison)]
            out += layout(rows, [False, False, False, True, True, True, True])
        else:
            out.append(f"  n/a: {_NONE}")
    return out


def crowd_markdown(
    evaluation: Evaluation, row: Callable[[Scorecard], str], cell: Callable[[str], str]
) -> list[str]:
    """The Markdown block: a table of the sources kept apart, then the comparison table."""
    apart = board(evaluation)[1]
    out: list[str] = []
    if apart:
        out += ["", f"## {APART_TITLE}", "", APART_GUIDE, ""]
        out += [
            "| Kind | Source | Calls | Resolved | Brier [90% interval] | Log | Hits | Rank |",
            "|---|---|---:|---:|---|---|---:|---|",
        ]
        out += [f"| {c.kind} {row(c)}" for c in apart]
    if _has_yardstick(evaluation):
        out += ["", f"## {COMPARISON_TITLE}", "", COMPARISON_GUIDE, ""]
        if evaluation.crowd_comparison:
            out += ["| " + " | ".join(_HEAD) + " |", "|---|---|---|---:|---:|---:|---:|"]
            out += [
                "| " + " | ".join(cell(x) for x in _cells(c)) + " |"
                for c in evaluation.crowd_comparison
            ]
        else:
            out.append(f"n/a: {_NONE}")
    return out


def _html_table(head: Sequence[str], rows: str, numeric: Sequence[bool]) -> str:
    cells = "".join(
        f'<th class="num">{escape(h)}</th>' if n else f"<th>{escape(h)}</th>"
        for h, n in zip(head, numeric, strict=True)
    )
    return (
        f'<div class="scroll"><table class="scoreboard"><thead><tr>{cells}</tr></thead>'
        f"<tbody>{rows}</tbody></table></div>"
    )


def crowd_html(evaluation: Evaluation, row: Callable[[Scorecard], str]) -> str:
    """The HTML sections (empty for a ledger of people and institutions only)."""
    apart = board(evaluation)[1]
    out = ""
    if apart:
        rows = "".join(
            f"<tr><td>{escape(c.kind or '')}</td>{row(c).removeprefix('<tr>')}" for c in apart
        )
        out += (
            f'<section id="crowds"><h2>{APART_TITLE}</h2>'
            f'<p class="small">{escape(APART_GUIDE)}</p>'
            f"{_html_table(_HTML_BOARD_HEAD, rows, _HTML_BOARD_NUMERIC)}</section>"
        )
    if _has_yardstick(evaluation):
        out += (
            f'<section id="against-the-crowd"><h2>{COMPARISON_TITLE}</h2>'
            f'<p class="small">{escape(COMPARISON_GUIDE)}</p>'
        )
        if evaluation.crowd_comparison:
            rows = "".join(
                "<tr>"
                + "".join(
                    f'<td class="num">{escape(x)}</td>' if i >= 2 else f"<td>{escape(x)}</td>"
                    for i, x in enumerate(_cells(c))
                )
                + "</tr>"
                for c in evaluation.crowd_comparison
            )
            out += _html_table(_HEAD, rows, [False, False, True, True, True, True, True])
        else:
            out += f"<p>n/a: {escape(_NONE)}</p>"
        out += "</section>"
    return out
