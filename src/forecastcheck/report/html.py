"""The evaluation as one self-contained HTML page, for readers who are not statisticians.

The page opens offline: its CSS and its one small script are inline, its
charts are inline SVG drawn without matplotlib, and it loads no font, image
or other file. The only outside addresses on it are the evidence links
(``<a href>``), linked under the rule of every renderer
(:func:`~forecastcheck.report._format.link_target`): only a plain ``http`` or
``https`` address; any other is shown as text. Every piece of text from the
ledger is escaped. With scripts off the page reads the same: the script
only opens the section a link points into, filters the sources and sorts
the scoreboard.

The page is a list of sections (:data:`SECTIONS`), each a function of the
evaluation and the ledger returning one ``<section>`` (or nothing); the
contents bar is built from the sections' ids and headings. In order: what
was said and what happened, the scoreboard with a chart of every score and
its interval, calibration (pooled and per source), every call by source
(closed ``<details>``, calls in date order, unscorable calls apart), calls
stated after the fact, a timeline with a time axis, every event and
document, and the scale sensitivity.

.. versionadded:: 0.1
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable
from html import escape

import attrs

from forecastcheck import _version
from forecastcheck._counted import counted
from forecastcheck.evaluation import Evaluation, PredictionResult, Scorecard, Verdict
from forecastcheck.ledger import Ledger
from forecastcheck.report import (
    _crowds,
    _deadlines,
    _format,
    _html_calls,
    _html_charts,
    _html_style,
    _html_tables,
    _html_words,
    _numeric,
    _recorded,
    _restated,
)

__all__ = ["SECTIONS", "SUMMARY_LIMIT", "TIMELINE_LIMIT", "render_html"]

TIMELINE_LIMIT = 1000
"""At most this many entries in the timeline's date-ordered list (the rest are counted)."""

SUMMARY_LIMIT = 8
"""Up to this many resolved calls, the summary gives each in a sentence; beyond, the most
confident misses and hits (three each), and points to the rest."""


def _e(text: object) -> str:
    return escape(str(text), quote=True)


def _miss_size(result: PredictionResult) -> float:
    return result.brier if result.brier is not None else -1.0


def _summary(evaluation: Evaluation, ledger: Ledger) -> str:
    """What was said and what happened, in sentences: the biggest miss first."""
    resolved = [r for r in evaluation.predictions if r.brier is not None]
    o = evaluation.overall
    figures = (
        f"{counted(o.n_predictions, 'call')} by {counted(len(evaluation.sources), 'source')}; "
        f"{o.n_resolved} resolved "
        f"and scored, {o.n_pending} still open, {o.n_unscorable} not scorable."
    )
    misses = sorted(
        (r for r in resolved if r.verdict is Verdict.MISS), key=_miss_size, reverse=True
    )
    hits = sorted((r for r in resolved if r.verdict is Verdict.HIT), key=_miss_size)
    as_of = evaluation.as_of
    if misses:
        worst = misses[0]
        lead = (
            f'<p class="miss"><b>Biggest miss: {_e(worst.source_name)}.</b> '
            f"{_e(_html_words.call_sentence(worst, as_of))} "
            f'<a href="#{_html_calls.anchor("call", worst.id)}">The call</a></p>'
        )
    elif resolved:
        lead = '<p class="miss"><b>No resolved call missed.</b></p>'
    else:
        lead = "<p><b>No call is resolved yet.</b></p>"
    if len(resolved) <= SUMMARY_LIMIT:
        shown = sorted(resolved, key=lambda r: r.stated.start)
        more = ""
    else:
        shown = misses[:3] + hits[:3]
        more = (
            f"<p>The most confident misses and hits of {len(resolved)} resolved calls; every "
            'call is under <a href="#sources">Every call, by source</a>.</p>'
        )
    items = "".join(
        f"<li>{_html_calls.badge(r.verdict)} {_e(_html_words.call_sentence(r, as_of))}</li>"
        for r in shown
        if not misses or r is not misses[0]
    )
    listing = f"<ul>{items}</ul>" if items else ""
    return (
        '<section id="summary" class="lead" data-toc="Summary">'
        f"<h2>What was said and what happened</h2>{lead}{more}{listing}"
        f'<p class="figures">{_e(figures)}</p></section>'
    )


def _cell(label: str, value: str, sort: object, num: bool = True, cls: str = "") -> str:
    klass = " ".join(c for c in ("num" if num else "", cls) if c)
    attr = f' class="{klass}"' if klass else ""
    return f'<td{attr} data-label="{_e(label)}" data-v="{_e(sort)}">{value}</td>'


def _interval_text(card: Scorecard) -> str:
    if card.brier is None:
        return "no resolved call"
    if card.brier_interval is None:
        return "too few calls"
    return _format.fmt_interval(card.brier_interval)


def _rank_text(card: Scorecard, n_ranked: int) -> str:
    if not card.ranked or card.rank is None:
        return "—"
    text = f"{card.rank} of {n_ranked}"
    if card.rank_interval is not None:
        low, high = (round(x) for x in card.rank_interval)
        text += f" (likely {low}–{high})" if low != high else ""
    return text


def _board_row(card: Scorecard, n_ranked: int, pooled: bool = False) -> str:
    name = _e(card.source_name)
    if not pooled:
        name = f'<a href="#{_html_calls.anchor("source", card.source)}">{name}</a>'
    brier = card.brier if card.brier is not None else math.inf
    return (
        f"<tr{' class=pooled' if pooled else ''}>"
        f'<td class="name" data-v="{_e(card.source_name)}">{name}</td>'
        + _cell("Resolved", f"{card.n_resolved} of {card.n_predictions}", card.n_resolved)
        + _cell("Brier", _e(_format.fmt_score(card.brier)), brier)
        + _cell("90% interval", _e(_interval_text(card)), brier, num=False)
        + _cell(
            "Hits", _e(_format.hits_text(card)), card.hit_rate if card.hit_rate is not None else -1
        )
        + _cell(
            "Rank",
            _e("" if pooled else _rank_text(card, n_ranked)),
            card.rank or math.inf,
            num=False,
        )
        + "</tr>"
    )


def _scoreboard(evaluation: Evaluation, ledger: Ledger) -> str:
    apart = {c.source for c in _crowds.board(evaluation)[1]}
    order = [c for c in _format.board_order(evaluation) if c.source not in apart]
    ranked = [c for c in order if c.ranked]
    unranked = [c for c in order if not c.ranked]
    n = len(ranked)
    body = f"<tbody>{''.join(_board_row(c, n) for c in ranked)}</tbody>"
    if unranked:
        body += (
            f'<tbody><tr class="group"><td colspan="6">Not ranked: fewer than '
            f"{counted(evaluation.min_resolved, 'resolved call')} (sorted by Brier score)</td></tr>"
            f"{''.join(_board_row(c, n) for c in unranked)}</tbody>"
        )
    pooled = _board_row(_pooled(evaluation.overall), n, pooled=True)
    return f"""<section id="scoreboard" data-toc="Scoreboard"><h2>Scoreboard</h2>
<p class="small">{_e(_format.BRIER_GUIDE)} Ranges are 90% intervals; the rank range is where
the rank falls in nine resamples of ten.</p>
<div class="scroll"><table class="scoreboard cards sortable"><thead><tr>
<th data-sort>Source</th><th class="num" data-sort>Resolved</th><th class="num" data-sort>Brier</th>
<th>90% interval</th><th class="num" data-sort>Hits</th><th data-sort>Rank</th></tr></thead>
{body}<tfoot>{pooled}</tfoot></table></div>
{_html_charts.score_chart(order)}
{_html_tables.head_to_head(evaluation, order)}
{_guide(evaluation)}</section>"""


def _pooled(card: Scorecard) -> Scorecard:
    """The pooled card, named for readers."""
    return attrs.evolve(card, source_name="All sources")


def _crowd_sections(evaluation: Evaluation, ledger: Ledger) -> str:
    """Crowds, markets and models apart, and each person against the crowd."""
    n = sum(c.ranked for c in _crowds.board(evaluation)[1])
    return _crowds.crowd_html(evaluation, lambda card: _board_row(card, n))


def _point_forecasts(evaluation: Evaluation, ledger: Ledger) -> str:
    return _numeric.html_section(evaluation, _e)


def _deadline_sensitivity(evaluation: Evaluation, ledger: Ledger) -> str:
    calls = {r.id: r for r in evaluation.predictions}
    return _deadlines.html_section(evaluation.deadline_sensitivity, calls)


def _guide(evaluation: Evaluation) -> str:
    return f"""<details class="guide"><summary>How to read the scores</summary>
<p>Each call is a statement about the future with how sure it sounded. Words such as “highly
unlikely” are turned into a probability with the published <b>{_e(evaluation.scale)}</b> scale
(the middle of its range, unless a number was stated).</p>
<p>The <b>Brier score</b> measures how far a call was from what happened: 0 is perfect, 0.25 is
what always saying 50-50 earns, 1 is certain and wrong. The <b>log score</b> punishes confident
misses harder. A <b>hit</b> leaned the way things went; a <b>miss</b> leaned the other way.</p>
<p>With few calls, scores are uncertain: the ranges are 90% intervals from resampling the
questions. Nobody is ranked with fewer than {counted(evaluation.min_resolved, "resolved call")}.</p>
</details>"""


def _calibration(evaluation: Evaluation, ledger: Ledger) -> str:
    table = evaluation.overall.calibration
    head = (
        '<section id="calibration" data-toc="Calibration"><h2>Were the confident calls right?</h2>'
    )
    if table is None or table.n == 0:
        return head + "<p>No call is resolved yet, so there is nothing to compare.</p></section>"
    intro = (
        "<p>If calls were well calibrated, things called 20% likely would happen about one time "
        f"in five. All sources together ({table.n} resolved call{'s' if table.n != 1 else ''}):</p>"
    )
    chart = _html_charts.reliability_chart(
        table, "reliability", "Reliability of all resolved calls"
    )
    figures = []
    for card in _format.board_order(evaluation):
        if card.calibration is None or card.calibration.n == 0:
            continue
        mini = _html_charts.reliability_chart(
            card.calibration, f"cal-{card.source}", f"Reliability of {card.source_name}", small=True
        )
        figures.append(
            f"<figure>{mini}<figcaption>{_e(card.source_name)}: {_e(_format.hits_text(card))} "
            "hits</figcaption></figure>"
        )
    multiples = (
        "<h3>Source by source</h3><p class=small>The same diagram for each source with a resolved "
        "call; with only a few calls a dot far from the diagonal means little.</p>"
        f'<div class="multiples">{"".join(figures)}</div>'
    )
    return (
        head + intro + f'<div class="diagram reliability-diagram">{chart}</div>'
        "<details><summary>The numbers behind the diagram</summary>"
        f'<div class="scroll">{_html_tables.reliability_table(table)}</div></details>'
        f"{multiples}</section>"
    )


def _sources(evaluation: Evaluation, ledger: Ledger) -> str:
    sections = _html_calls.source_sections(evaluation, ledger, _format.board_order(evaluation))
    return (
        '<section id="sources" data-toc="Every call"><h2>Every call, by source</h2>'
        "<p class=small>Open a source to see its calls, in the order they were made; calls "
        f'that cannot be scored are grouped at the end.</p><div id="source-list">{sections}</div>'
        "</section>"
    )


def _after_the_fact(evaluation: Evaluation, ledger: Ledger) -> str:
    """The calls stated after (not scored), or maybe after (scored), the deciding event."""
    late = _format.after_the_fact(evaluation)
    if not late:
        return ""
    items = "".join(
        f'<li><a href="#{_html_calls.anchor("call", r.id)}">{_html_calls.badge(r.verdict)} '
        f"{_e(r.source_name)}, {_e(_html_words.plain_date(r.stated))}</a> — "
        f"{_e(r.timing_note)}</li>"
        for r in late
    )
    opened = " open" if len(late) <= _html_calls.OPEN_LIMIT else ""
    return (
        '<section id="after-the-fact" data-toc="After the fact"><h2>Stated after the fact</h2>'
        '<p class="small">A call stated once its outcome was known is not a forecast and is not '
        "scored; one whose statement date reaches the deciding event is scored, and flagged.</p>"
        f"<details{opened}><summary>{len(late)} calls</summary><ul>{items}</ul></details></section>"
    )


def _timeline_list(evaluation: Evaluation, ledger: Ledger) -> str:
    entries: list[tuple[dt.date, int, str, str]] = []
    for r in evaluation.predictions:
        what = _format.shorten(r.proposition_text or r.quote, 140)
        entries.append(
            (
                r.stated.start,
                0,
                "statement",
                f"<time>{_e(_html_words.plain_date(r.stated))}</time><span class=kind>said</span>"
                f'<a href="#{_html_calls.anchor("call", r.id)}">'
                f"{_e(r.source_name)}: {_e(what)}</a> "
                f"{_html_calls.badge(r.verdict)}",
            )
        )
    for event in ledger.events:
        label = event.summary or f"{event.kind} of {event.subject}"
        entries.append(
            (
                event.date.start,
                1,
                "event",
                f"<time>{_e(_html_words.plain_date(event.date))}</time>"
                "<span class=kind>event</span>"
                f'<a href="#{_html_calls.anchor("event", event.id)}">'
                f"{_e(_format.shorten(label, 160))}</a>",
            )
        )
    entries.sort(key=lambda e: (e[0], e[1]))
    hidden = max(0, len(entries) - TIMELINE_LIMIT)
    items = "".join(f'<li class="{c}">{inner}</li>' for _, _, c, inner in entries[:TIMELINE_LIMIT])
    note = f'<p class="small">{hidden} later entries not shown.</p>' if hidden else ""
    return (
        f"<details><summary>Everything in date order ({len(entries)} entries)</summary>"
        f'<ol class="timeline">{items}</ol>{note}</details>'
    )


def _timeline(evaluation: Evaluation, ledger: Ledger) -> str:
    wide = _html_charts.timeline_chart(evaluation, 960.0, "timeline-wide")
    narrow = _html_charts.timeline_chart(evaluation, 400.0, "timeline-narrow")
    charts = f'<div class="wide">{wide}</div><div class="narrow">{narrow}</div>' if wide else ""
    return (
        '<section id="timeline" data-toc="Timeline"><h2>Timeline of statements and events</h2>'
        "<p class=small>Dots are statements (green: hit, red: miss, grey: not decided or not "
        "scored), squares the events that decided them; a line joins each call to its event. "
        "Dates given as a month or a range are placed at their start.</p>"
        f"{charts}{_timeline_list(evaluation, ledger)}</section>"
    )


def _events(evaluation: Evaluation, ledger: Ledger) -> str:
    return _html_calls.events_section(evaluation, ledger)


def _documents(evaluation: Evaluation, ledger: Ledger) -> str:
    return _html_calls.documents_section(ledger)


def _sensitivity(evaluation: Evaluation, ledger: Ledger) -> str:
    return _html_tables.sensitivity_section(evaluation, _format.board_order(evaluation))


Section = Callable[[Evaluation, Ledger], str]

SECTIONS: list[Section] = [
    _summary,
    _scoreboard,
    _crowd_sections,
    _point_forecasts,
    _calibration,
    _sources,
    _after_the_fact,
    _timeline,
    _events,
    _documents,
    _sensitivity,
    _deadline_sensitivity,
]
"""The page's sections in order: each returns one ``<section id=… data-toc=…>`` (or "")."""

_SECTION_TAG = re.compile(r"<section\b([^>]*)>(?:<h2>(.*?)</h2>)?")
_ATTRIBUTE = re.compile(r'\b(id|data-toc)="([^"]*)"')


def _contents(sections: list[str]) -> str:
    """The contents bar: a link to each section, labelled by its ``data-toc`` or heading."""
    links = []
    for html in sections:
        m = _SECTION_TAG.match(html)
        if m is None:
            continue
        found = dict(_ATTRIBUTE.findall(m[1]))
        label = found.get("data-toc") or m[2]
        if "id" in found and label:
            links.append(f'<a href="#{found["id"]}">{label}</a>')
    return f'<nav class="contents" aria-label="Contents">{"".join(links)}</nav>'


def render_html(evaluation: Evaluation, ledger: Ledger) -> str:
    """One self-contained HTML page: summary, scoreboard, calibration, every call, timeline.

    Args:
        evaluation: what :func:`forecastcheck.evaluate` returned for ``ledger``.
        ledger: the ledger evaluated, for source details, documents and the event log.

    Returns:
        The page, a complete HTML document that needs no network.
    """
    title = f"Forecast scoreboard as of {evaluation.as_of}"
    sub = (
        f"As of {_html_words.plain_date(evaluation.as_of)} · scale {evaluation.scale} · "
        f"{_format.counts_line(evaluation.overall)} from "
        f"{counted(len(evaluation.sources), 'source')}"
    )
    sections = [s for s in (section(evaluation, ledger) for section in SECTIONS) if s]
    body = "\n".join(sections)
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="forecastcheck {_e(_version.VERSION)}">
<title>{_e(title)}</title>
<style>{_html_style.CSS}</style>
</head>
<body>
<header><h1>Forecast scoreboard</h1><p>{_e(sub)}</p>{_restated.html_policy(evaluation)}
<p id="recorder">{_e(_recorded.recorder_line(evaluation))}.</p></header>
{_contents(sections)}
<main>
{body}
<footer>Made with forecastcheck {_e(_version.VERSION)} on the ledger as of {evaluation.as_of};
phrases read under {_e(evaluation.scale)} ({_e(evaluation.point_rule)} point);
intervals from {evaluation.n_bootstrap} question-level bootstrap resamples (seed
{evaluation.seed}).</footer>
</main>
<script>{_html_style.SCRIPT}</script>
</body>
</html>
"""
