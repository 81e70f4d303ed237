"""Point forecasts of values and dates in every report: per call, and per source.

The words and cells here are shared by the text, Markdown and HTML reports
(each escapes them its own way): :func:`call_wording` says what a call
stated (:func:`point_text` for a point forecast), :func:`call_figures` how a
point forecast fared (:func:`figures_text`), :func:`summary_rows`
gives one row per source and kind for the scoreboard's numeric table, and
:func:`text_section`, :func:`markdown_section` and :func:`html_section`
render that table.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from forecastcheck.evaluation import Evaluation, PredictionResult, Scorecard
from forecastcheck.evaluation.numeric_results import NumericScore, NumericSummary, Point
from forecastcheck.report._format import (
    Layout,
    fmt_percent,
    probability_text,
    scoreboard_order,
    table,
)

__all__ = [
    "NUMERIC_GUIDE",
    "call_figures",
    "call_wording",
    "figures_text",
    "html_section",
    "markdown_section",
    "point_text",
    "summary_rows",
    "text_section",
]

NUMERIC_GUIDE = (
    "Point forecasts of values and dates, stated with no probability, are scored by their "
    "error (forecast − truth; dates in days), not by Brier. Coverage: the share of stated "
    "intervals that held the truth, ends included."
)

_HEAD = ["Source", "Kind", "Scored", "Pending", "Unclear", "Mean |error|", "Median |error|"]
_HEAD += ["Coverage"]


def _fmt(x: Point | None) -> str:
    if x is None:
        return "…"
    return x.isoformat() if isinstance(x, dt.date) else f"{x:g}"


def _amount(x: float | None, unit: str) -> str:
    return "—" if x is None else f"{x:.4g}{unit}"


def point_text(score: NumericScore) -> str:
    """``point 3.5, interval 2..4 (90%) → no probability: scored by its error``."""
    out = f"point {_fmt(score.point)}"
    if score.lower is not None or score.upper is not None:
        out += f", interval {_fmt(score.lower)}..{_fmt(score.upper)}"
        if score.level is not None:
            out += f" ({fmt_percent(score.level)})"
    return f"{out} → no probability: scored by its error"


def figures_text(score: NumericScore) -> str:
    """``truth 4 · error −0.5 · |error| 0.5 · in interval · interval score 0.5``, or why not."""
    unit = " days" if score.kind == "date" else ""
    if not score.scored:
        return "truth not known yet" if score.truth is None else f"truth {_fmt(score.truth)}"
    parts = [f"truth {_fmt(score.truth)}", f"error (forecast − truth) {score.error:+g}{unit}"]
    parts.append(f"|error| {score.absolute_error:g}{unit}")
    if score.in_interval is not None:
        parts.append("in the interval" if score.in_interval else "outside the interval")
    if score.interval_score is not None:
        parts.append(f"interval score {score.interval_score:.4g}{unit}")
    return " · ".join(parts)


def _coverage(s: NumericSummary) -> str:
    if s.coverage is None:
        return "—"
    held = round(s.coverage * s.n_with_interval)
    return f"{held} of {s.n_with_interval} ({fmt_percent(s.coverage)})"


def summary_rows(evaluation: Evaluation) -> list[list[str]]:
    """One row per source and kind that has point forecasts, then the pooled rows."""
    rows: list[list[str]] = []
    cards: list[Scorecard] = [*scoreboard_order(evaluation), evaluation.overall]
    for card in cards:
        for kind, s, unit in (
            ("values", card.value_forecasts, ""),
            ("dates", card.date_forecasts, " d"),
        ):
            if s.n_total == 0:
                continue
            rows.append(
                [
                    card.source_name,
                    kind,
                    str(s.n),
                    str(s.n_pending),
                    str(s.n_ambiguous + s.n_after_the_fact),
                    _amount(s.mean_absolute_error, unit),
                    _amount(s.median_absolute_error, unit),
                    _coverage(s),
                ]
            )
    return rows


def text_section(evaluation: Evaluation, layout: Layout = table) -> list[str]:
    """The scoreboard's numeric table as text lines (none without point forecasts)."""
    rows = summary_rows(evaluation)
    if not rows:
        return []
    right = [False, False, True, True, True, True, True, False]
    return ["", f"Point forecasts. {NUMERIC_GUIDE}", *layout([_HEAD, *rows], right)]


def markdown_section(evaluation: Evaluation, cell: Callable[[str], str]) -> list[str]:
    """The numeric table as Markdown lines, each cell escaped by ``cell``."""
    rows = summary_rows(evaluation)
    if not rows:
        return []
    out = ["", "## Point forecasts", "", NUMERIC_GUIDE, ""]
    out += ["| " + " | ".join(_HEAD) + " |", "|---|---|---:|---:|---:|---:|---:|---|"]
    out += ["| " + " | ".join(cell(c) for c in row) + " |" for row in rows]
    return out


def html_section(evaluation: Evaluation, escape: Callable[[object], str]) -> str:
    """The numeric table as an HTML section, each cell escaped by ``escape``."""
    rows = summary_rows(evaluation)
    if not rows:
        return ""
    head = "".join(f"<th>{escape(h)}</th>" for h in _HEAD)
    body = "".join("<tr>" + "".join(f"<td>{escape(c)}</td>" for c in row) + "</tr>" for row in rows)
    return (
        f'<section id="point-forecasts"><h2>Point forecasts</h2>'
        f'<p class="small">{escape(NUMERIC_GUIDE)}</p>'
        f'<div class="scroll"><table class="scoreboard"><thead><tr>{head}</tr></thead>'
        f"<tbody>{body}</tbody></table></div></section>"
    )


def call_figures(result: PredictionResult) -> str | None:
    """How a call's point forecast fared, or ``None`` for a call that is not one."""
    return None if result.numeric is None else figures_text(result.numeric)


def call_wording(result: PredictionResult) -> str:
    """What a call stated: a point forecast's point and interval, else its wording."""
    return probability_text(result) if result.numeric is None else point_text(result.numeric)
