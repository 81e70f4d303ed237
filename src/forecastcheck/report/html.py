"""The evaluation as one self-contained HTML page, for readers who are not statisticians.

The page opens offline: its CSS is inline, its plots are inline SVG, and it
loads no script, font or image. The only outside addresses on it are the
evidence links (``<a href>``), linked under the rule of every renderer
(:func:`~forecastcheck.report._format.link_target`): only a plain ``http`` or
``https`` address; any other is shown as text. Every piece of text from the ledger is escaped.

Sections: the key figures, how to read them, the scoreboard, a reliability
diagram (with matplotlib, the ``plot`` extra; otherwise its table), every
call by source with its quote, wording, probability and resolution (with the
dates and evidence links), a timeline of statements and events, and the
scale sensitivity.

.. versionadded:: 0.1
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable
from html import escape

from forecastcheck import _version
from forecastcheck._counted import counted
from forecastcheck.calibration import ReliabilityTable
from forecastcheck.evaluation import Evaluation, PredictionResult, Scorecard
from forecastcheck.ledger import Document, Ledger

# Same shape as in report/markdown.py: an import list; each module imports the names it uses
# (intentional).
from forecastcheck.report import _deadlines, _restated
from forecastcheck.report._crowds import board, crowd_html
from forecastcheck.report._format import (
    VERDICT_WORDS,
    after_the_fact,
    calls_by_source,
    counts_line,
    fmt_interval,
    fmt_percent,
    fmt_score,
    hits_text,
    link_target,
    scoreboard_order,
    shorten,
    unlinked,
)
from forecastcheck.report._numeric import call_figures, call_wording, html_section
from forecastcheck.report._recorded import (
    COMPLETENESS_ONLY,
    evidence_words,
    recorded_bits,
    recorder_line,
)
from forecastcheck.report.plots import reliability_svg

__all__ = ["TIMELINE_LIMIT", "render_html"]

TIMELINE_LIMIT = 1000
"""At most this many entries on the timeline (the rest are counted, not shown)."""

_CSS = """
:root { --ink:#1f2430; --muted:#5d6673; --line:#e3e6ea; --bg:#f7f8fa; --card:#fff;
  --hit:#1d7a46; --miss:#b3261e; --pending:#a86400; --neutral:#6b7280; --accent:#2358a6; }
* { box-sizing: border-box; }
body { margin:0; color:var(--ink); background:var(--bg);
  font:16px/1.55 system-ui,-apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif; }
header { background:#1f2f4a; color:#fff; padding:2rem 1.5rem 1.6rem; }
header h1 { margin:0 0 .3rem; font-size:1.9rem; font-weight:650; }
header p { margin:0; color:#cfd8e6; }
main { max-width:1100px; margin:0 auto; padding:1.5rem; }
section { margin:0 0 2.5rem; }
h2 { font-size:1.35rem; margin:0 0 .8rem; border-bottom:2px solid var(--line);
  padding-bottom:.3rem; }
h3 { font-size:1.1rem; margin:0 0 .2rem; }
.figures { display:flex; flex-wrap:wrap; gap:.8rem; }
.figure { background:var(--card); border:1px solid var(--line); border-radius:10px;
  padding:.8rem 1rem; min-width:9.5rem; }
.figure b { display:block; font-size:1.6rem; }
.figure span { color:var(--muted); font-size:.9rem; }
.guide { background:var(--card); border-left:4px solid var(--accent); padding:.7rem 1rem;
  border-radius:6px; }
.guide p { margin:.3rem 0; }
table { border-collapse:collapse; width:100%; background:var(--card); font-size:.94rem; }
th, td { text-align:left; padding:.45rem .6rem; border-bottom:1px solid var(--line);
  vertical-align:top; }
th { background:#eef1f5; font-weight:600; }
td.num, th.num { text-align:right; font-variant-numeric:tabular-nums; }
tr.pooled td { font-weight:600; background:#f3f5f8; }
.unranked { color:var(--muted); }
.small { font-size:.88rem; color:var(--muted); }
.diagram { display:flex; flex-wrap:wrap; gap:1.5rem; align-items:flex-start; }
.diagram svg { max-width:100%; height:auto; background:var(--card); border:1px solid var(--line);
  border-radius:8px; }
article.source { background:var(--card); border:1px solid var(--line); border-radius:10px;
  padding:1rem 1.2rem; margin:0 0 1.2rem; }
.call { border-top:1px solid var(--line); padding:.9rem 0 .6rem; }
.call:first-of-type { border-top:none; }
.call blockquote { margin:.4rem 0; padding:.1rem .9rem; border-left:3px solid var(--line);
  color:#333a44; font-style:italic; }
.badge { display:inline-block; font-size:.78rem; font-weight:700; letter-spacing:.04em;
  color:#fff; border-radius:4px; padding:.1rem .45rem; margin-right:.4rem; vertical-align:1px; }
.v-HIT { background:var(--hit); } .v-MISS { background:var(--miss); }
.v-PENDING { background:var(--pending); }
.v-EVEN, .v-ANNULLED, .v-AMBIGUOUS { background:var(--neutral); }
.v-UNSCORABLE { background:#9aa1ab; }
.v-AFTER_THE_FACT { background:#7a3e9d; }
.id { font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace; font-size:.84rem;
  color:var(--muted); }
.pbar { display:inline-block; width:6rem; height:.55rem; background:#e6e9ee; border-radius:3px;
  margin:0 .4rem; vertical-align:middle; overflow:hidden; }
.pbar > span { display:block; height:100%; background:var(--accent); }
dl.facts { display:grid; grid-template-columns:max-content 1fr; gap:.15rem .8rem; margin:.4rem 0; }
dl.facts dt { color:var(--muted); }
dl.facts dd { margin:0; }
ul.evidence { margin:.2rem 0 0; padding-left:1.1rem; }
ol.timeline { list-style:none; margin:0; padding:0 0 0 1.2rem; border-left:3px solid var(--line); }
ol.timeline li { position:relative; margin:0 0 .7rem; padding-left:.6rem; }
ol.timeline li::before { content:""; position:absolute; left:-1.72rem; top:.45rem; width:.8rem;
  height:.8rem; border-radius:50%; background:var(--accent); border:2px solid var(--bg); }
ol.timeline li.event::before { background:#6b7280; border-radius:2px; }
ol.timeline time { font-weight:600; font-variant-numeric:tabular-nums; margin-right:.5rem; }
.kind { font-size:.78rem; text-transform:uppercase; letter-spacing:.05em; color:var(--muted);
  margin-right:.4rem; }
details summary { cursor:pointer; color:var(--accent); }
pre { background:var(--card); border:1px solid var(--line); padding:.8rem; overflow-x:auto;
  font-size:.82rem; }
footer { color:var(--muted); font-size:.85rem; border-top:1px solid var(--line); padding-top:1rem; }
a { color:var(--accent); }
"""


_OUTCOME_WORDS = {
    "YES": "it happened (YES)",
    "NO": "it did not happen (NO)",
    "PENDING": "not decided yet (PENDING)",
    "AMBIGUOUS": "the record is unclear (AMBIGUOUS)",
    "ANNULLED": "the question fell away (ANNULLED)",
    "UNSCORABLE": "not scored (UNSCORABLE)",
    "AFTER_THE_FACT": "stated after the outcome was known: not a forecast, not scored",
}


def _e(text: object) -> str:
    return escape(str(text), quote=True)


def _link(url: str | None, label: str) -> str:
    """An evidence link under the rule of every renderer; any other address is shown as text."""
    href = link_target(url)
    if href is not None:
        return f'<a href="{_e(href)}" rel="noopener noreferrer">{_e(label)}</a>'
    return _e(unlinked(label, url) if url else label)


def _anchor(kind: str, ident: str) -> str:
    return _e(f"{kind}-{ident}")


def _figures(evaluation: Evaluation) -> str:
    o = evaluation.overall
    items = [
        (str(o.n_predictions), "call recorded" if o.n_predictions == 1 else "calls recorded"),
        (str(len(evaluation.sources)), "source" if len(evaluation.sources) == 1 else "sources"),
        (str(o.n_resolved), "resolved and scored"),
        (str(o.n_pending), "still pending"),
        (str(o.n_unscorable), "not scorable"),
        (fmt_score(o.brier), "mean Brier score, all sources"),
        (hits_text(o), "calls on the right side"),
    ]
    cells = "".join(
        f'<div class="figure"><b>{_e(v)}</b><span>{_e(k)}</span></div>' for v, k in items
    )
    return f'<section id="summary" class="figures">{cells}</section>'


def _guide(evaluation: Evaluation) -> str:
    return f"""<section id="how-to-read" class="guide">
<p><b>How to read this page.</b> Each call is a statement someone made about the future,
with how sure they sounded. Words such as “highly unlikely” are turned into a probability
with the published <b>{_e(evaluation.scale)}</b> scale (the middle of its range, unless a
number was stated).</p>
<p>The <b>Brier score</b> measures how far a call was from what happened: 0 is perfect,
0.25 is what you earn by always saying 50-50, 1 is being certain and wrong. Lower is better.
The <b>log score</b> punishes confident misses harder; a call made with certainty that
turned out wrong scores infinity.</p>
<p>A <b>hit</b> leaned the way things went; a <b>miss</b> leaned the other way. Ranges in
brackets are 90% intervals: with so few calls, scores are uncertain. Nobody is ranked with
fewer than {counted(evaluation.min_resolved, "resolved call")}; they are shown, marked
“unranked”.</p>
</section>"""


def _board_row(card: Scorecard, pooled: bool = False) -> str:
    name = _e(card.source_name)
    if not pooled:
        name = f'<a href="#{_anchor("source", card.source)}">{name}</a>'
    log = fmt_score(card.log_score)
    if card.n_infinite:
        log += f" ({card.n_infinite} certain miss{'es' if card.n_infinite != 1 else ''})"
    rank_class = "" if card.ranked or pooled else ' class="unranked"'
    return (
        f"<tr{' class=pooled' if pooled else ''}><td>{name}</td>"
        f'<td class="num">{card.n_predictions}</td><td class="num">{card.n_resolved}</td>'
        f'<td class="num">{card.n_pending}</td><td class="num">{card.n_unscorable}</td>'
        f'<td class="num">{_e(fmt_score(card.brier))}</td>'
        f'<td class="small">{_e(fmt_interval(card.brier_interval))}</td>'
        f'<td class="num">{_e(log)}</td><td class="num">{_e(hits_text(card))}</td>'
        f"<td{rank_class}>{_e(card.ranking)}</td></tr>"
    )


def _scoreboard(evaluation: Evaluation) -> str:
    rows = "".join(_board_row(c) for c in board(evaluation)[0])
    rows += _board_row(evaluation.overall, pooled=True)
    skills = [c for c in evaluation.sources if c.comparisons]
    if skills:
        notes = "".join(f"<li>{_e(c.source_name)}: {_e(c.skill_note)}</li>" for c in skills)
        skill = f"<ul>{notes}</ul>"
    else:
        skill = (
            "<p>Relative skill: n/a (no overlap). No two sources answered the same resolved "
            "question, so they cannot be compared head to head; compare their Brier scores "
            "with care.</p>"
        )
    return f"""<section id="scoreboard"><h2>Scoreboard</h2>
<table class="scoreboard"><thead><tr><th>Source</th><th class="num">Calls</th>
<th class="num">Resolved</th><th class="num">Pending</th><th class="num">Unscorable</th>
<th class="num">Brier</th><th>90% interval</th><th class="num">Log score</th>
<th class="num">Hits</th><th>Rank</th></tr></thead><tbody>{rows}</tbody></table>
<div class="small">{skill}</div></section>"""


def _reliability_table(table: ReliabilityTable) -> str:
    rows = []
    for b in table.bins:
        if b.empty:
            continue
        rows.append(
            f"<tr><td>{fmt_percent(b.lower)}–{fmt_percent(b.upper)}</td>"
            f'<td class="num">{b.n}</td><td class="num">{fmt_percent(b.mean_forecast)}</td>'
            f'<td class="num">{_e(b.hits_text)}</td><td class="num">{fmt_percent(b.observed)}</td>'
            f'<td class="num">{fmt_percent(b.band_low)}–{fmt_percent(b.band_high)}</td>'
            f"<td>{'yes' if b.inside_band else 'no'}</td></tr>"
        )
    empty = sum(1 for b in table.bins if b.empty)
    note = f" {empty} empty bin{'s' if empty != 1 else ''} not shown." if empty else ""
    return f"""<table class="reliability-table"><thead><tr><th>Calls said</th>
<th class="num">Calls</th><th class="num">Average said</th><th class="num">Came true</th>
<th class="num">Share true</th><th class="num">Expected if calibrated (90%)</th>
<th>Within?</th></tr></thead><tbody>{"".join(rows)}</tbody></table>
<p class="small">Each row groups calls by how likely they said the outcome was.{note}</p>"""


def _calibration(evaluation: Evaluation) -> str:
    table = evaluation.overall.calibration
    head = '<section id="calibration"><h2>Were the confident calls right?</h2>'
    if table is None or table.n == 0:
        return head + "<p>No call is resolved yet, so there is nothing to compare.</p></section>"
    intro = (
        "<p>If calls were well calibrated, things called 20% likely would happen about one "
        "time in five. The diagram sets how likely the calls said things were against how "
        "often they happened, for all sources together "
        f"({table.n} resolved call{'s' if table.n != 1 else ''}).</p>"
    )
    svg = reliability_svg(table, title="Reliability of all resolved calls")
    if svg is None:
        body = f'<div class="diagram reliability-fallback">{_reliability_table(table)}</div>'
    else:
        body = (
            f'<div class="diagram reliability-diagram">{svg}</div>'
            f"<details><summary>The numbers behind the diagram</summary>"
            f"{_reliability_table(table)}</details>"
        )
    return head + intro + body + "</section>"


def _document_line(result: PredictionResult, documents: dict[str, Document]) -> str:
    if result.document is None or result.document not in documents:
        return ""
    doc = documents[result.document]
    label = f"{doc.outlet}: {doc.title}"
    when = f" ({_e(doc.published)})" if doc.published is not None else ""
    return f"<dt>Quoted in</dt><dd>{_link(doc.url, label)}{when}</dd>"


def _evidence(result: PredictionResult) -> str:
    if result.by_completeness:
        return f"<dt>Evidence</dt><dd>{_e(COMPLETENESS_ONLY)}</dd>"
    if not result.evidence:
        return ""
    items = []
    for e in result.evidence:
        links = []
        for link in e.links:
            label = link.outlet + (f": {link.title}" if link.title else "")
            when = f" ({_e(link.published)})" if link.published is not None else ""
            links.append(_link(link.url, label) + when)
        summary = _e(e.summary or e.event)
        sources = f" — {'; '.join(links)}" if links else ""
        words = evidence_words(e)
        sources += f' <span class="judged">({_e(words)})</span>' if words else ""
        items.append(f"<li><time>{_e(e.date)}</time> {summary}{sources}</li>")
    return f'<dt>Evidence</dt><dd><ul class="evidence">{"".join(items)}</ul></dd>'


def _pbar(p: float | None) -> str:
    if p is None or math.isnan(p):
        return ""
    return (
        f'<span class="pbar" aria-hidden="true"><span style="width:{100 * p:.1f}%"></span></span>'
    )


# Same shape as in report/text.py: the same facts, worded for each report format (intentional).
def _call(result: PredictionResult, documents: dict[str, Document]) -> str:
    verdict = result.verdict
    status = _OUTCOME_WORDS.get(str(result.status), str(result.status))
    if result.resolved is not None and result.resolved != result.status:
        status += f"; the proposition itself: {result.resolved}"
    if result.decided_on is not None:
        status += f", decided on {result.decided_on}"
    if result.open_ended:
        status += "; open-ended (no deadline)"
    scores = ""
    if result.brier is not None:
        scores = (
            f"<dt>Scores</dt><dd>Brier {_e(fmt_score(result.brier))} · "
            f"log {_e(fmt_score(result.log_score))}</dd>"
        )
    figures = call_figures(result)
    scores += f"<dt>Point forecast</dt><dd>{_e(figures)}</dd>" if figures else ""
    timing = ""
    if result.error_days is not None:
        timing = f"<dt>Timing</dt><dd>off by {result.error_days:+g} days</dd>"
    proposition = ""
    if result.proposition_text:
        proposition = f"<dt>Scored as</dt><dd>{_e(result.proposition_text)}</dd>"
    deadline = f"<dt>Deadline</dt><dd>{_e(result.deadline)}</dd>" if result.deadline else ""
    if result.timing_note:
        timing += f"<dt>When said</dt><dd>{_e(result.timing_note)}</dd>"
    if (note := _restated.reading_note(result)) is not None:
        timing += f"<dt>Restated</dt><dd>{_e(note)}</dd>"
    meaning = _e(VERDICT_WORDS[verdict])
    return f"""<div class="call" id="{_anchor("call", result.id)}">
<div><span class="badge v-{_e(verdict)}" title="{meaning}">{_e(verdict)}</span>
<span class="id">{_e(result.id)}</span> · said {_e(result.stated)}</div>
<blockquote>{_e(result.quote)}</blockquote>
<dl class="facts">{proposition}
<dt>Wording</dt><dd>{_e(call_wording(result))}{_pbar(result.probability)}</dd>
<dt>Outcome</dt><dd>{_e(status)}</dd>{deadline}{scores}{timing}
<dt>Why</dt><dd>{_e(result.reason)}</dd>
{_document_line(result, documents)}{_evidence(result)}{_recorded(result)}</dl></div>"""


def _recorded(result: PredictionResult) -> str:
    """What the recorder decided about the call (paraphrase, tags, notes), if anything."""
    bits = recorded_bits(result)
    return f"<dt>Recorded</dt><dd>{_e(' · '.join(bits))}</dd>" if bits else ""


def _sources(evaluation: Evaluation, ledger: Ledger) -> str:
    documents = {d.id: d for d in ledger.documents}
    known = {s.id: s for s in ledger.sources}
    calls = calls_by_source(evaluation)
    parts = ['<section id="sources"><h2>Every call, by source</h2>']
    for card in scoreboard_order(evaluation):
        source = known.get(card.source)
        about = ""
        if source is not None:
            bits = [b for b in (source.role, source.affiliation) if b]
            about = f'<p class="small">{_e(", ".join(bits))}</p>' if bits else ""
        score = ""
        if card.brier is not None:
            score = (
                f" Mean Brier {_e(fmt_score(card.brier))} {_e(fmt_interval(card.brier_interval))};"
                f" hits {_e(hits_text(card))}."
            )
        parts.append(
            f'<article class="source" id="{_anchor("source", card.source)}">'
            f"<h3>{_e(card.source_name)}</h3>{about}"
            f'<p class="small">{_e(counts_line(card))}; {_e(card.ranking)}.{score}</p>'
        )
        if card.ranked and card.calibration is not None:
            parts.append(
                f"<details><summary>Calibration of {_e(card.source_name)}</summary>"
                f"{_reliability_table(card.calibration)}</details>"
            )
        parts += [_call(r, documents) for r in calls.get(card.source, [])]
        parts.append("</article>")
    parts.append("</section>")
    return "".join(parts)


def _after_the_fact(evaluation: Evaluation) -> str:
    """The calls stated after (not scored), or maybe after (scored), the deciding event."""
    late = after_the_fact(evaluation)
    if not late:
        return ""
    items = "".join(
        f'<li><a href="#{_anchor("call", r.id)}"><span class="badge v-{_e(r.verdict)}">'
        f"{_e(r.verdict)}</span> {_e(r.id)}</a> — {_e(r.timing_note)}</li>"
        for r in late
    )
    return (
        '<section id="after-the-fact"><h2>Stated after the fact</h2>'
        '<p class="small">A call stated once its outcome was known is not a forecast and is '
        "not scored; one whose statement date reaches the deciding event is scored, and "
        f"flagged.</p><ul>{items}</ul></section>"
    )


def _timeline_entries(
    evaluation: Evaluation, ledger: Ledger
) -> Iterable[tuple[dt.date, int, str, str]]:
    """(day, order, css class, inner HTML) for each statement and event."""
    for r in evaluation.predictions:
        words = r.wording or (fmt_percent(r.stated_probability) if r.stated_probability else "")
        what = shorten(r.proposition_text or r.quote, 140)
        said = (
            f"{_e(r.source_name)}: “{_e(words)}” — {_e(what)}"
            if words
            else (f"{_e(r.source_name)}: {_e(what)}")
        )
        inner = (
            f'<time>{_e(r.stated)}</time><span class="kind">statement</span>'
            f'<a href="#{_anchor("call", r.id)}">{said}</a>'
            f' <span class="badge v-{_e(r.verdict)}">{_e(r.verdict)}</span>'
        )
        yield r.stated.start, 0, "statement", inner
    for event in ledger.events:
        label = event.summary or f"{event.kind} of {event.subject}"
        if not event.occurred:
            label = f"reported not to have happened: {label}"
        links = [_link(c.url, c.outlet or c.title or "report") for c in event.evidence if c.url]
        more = f" ({', '.join(links)})" if links else ""
        inner = (
            f'<time>{_e(event.date)}</time><span class="kind">event</span>'
            f"{_e(shorten(label, 200))}{more}"
        )
        yield event.date.start, 1, "event", inner


def _timeline(evaluation: Evaluation, ledger: Ledger) -> str:
    entries = sorted(_timeline_entries(evaluation, ledger), key=lambda e: (e[0], e[1]))
    hidden = max(0, len(entries) - TIMELINE_LIMIT)
    items = "".join(f'<li class="{c}">{inner}</li>' for _, _, c, inner in entries[:TIMELINE_LIMIT])
    note = f'<p class="small">{hidden} later entries not shown.</p>' if hidden else ""
    return f"""<section id="timeline"><h2>Timeline of statements and events</h2>
<p class="small">Round dots are statements (linked to the call), square ones events
from the log. Dates given as a month or a range are placed at their start.</p>
<ol class="timeline">{items}</ol>{note}</section>"""


def _sensitivity(evaluation: Evaluation) -> str:
    sens = evaluation.sensitivity
    rows = []
    for s in sens.sources:
        (b0, b1), (l0, l1) = sens.spans(s.source)
        rows.append(
            f"<tr><td>{_e(sens.label(s.source))}</td><td class='num'>{s.n}</td>"
            f"<td class='num'>{_e(fmt_score(b0))}–{_e(fmt_score(b1))}</td>"
            f"<td class='num'>{_e(fmt_score(l0))}–{_e(fmt_score(l1))}</td>"
            f"<td>{_e(sens.note(s.source))}</td></tr>"
        )
    return f"""<section id="sensitivity"><h2>Does the choice of scale matter?</h2>
<p>Different readers turn the same words into different numbers. Here is each source's mean
score under every one of {len(sens.scales)} published scales ({_e(", ".join(sens.scales))})
and when taking the low end, middle or high end of each range. A wide range means the verdict
depends on how the words are read.</p>
<table class="sensitivity"><thead><tr><th>Source</th><th class="num">Calls counted</th>
<th class="num">Brier, lowest–highest</th><th class="num">Log score, lowest–highest</th>
<th>Note</th></tr>
</thead><tbody>{"".join(rows)}</tbody></table>
<details><summary>The full table and which rankings hold</summary>
<pre>{_e(sens.table())}</pre></details></section>"""


def render_html(evaluation: Evaluation, ledger: Ledger) -> str:
    """One self-contained HTML page: scoreboard, calibration, every call, timeline.

    Args:
        evaluation: what :func:`forecastcheck.evaluate` returned for ``ledger``.
        ledger: the ledger evaluated, for source details, documents and the event log.

    Returns:
        The page, a complete HTML document that needs no network.
    """
    title = f"Forecast scoreboard as of {evaluation.as_of}"
    sub = (
        f"As of {evaluation.as_of} · scale {evaluation.scale} · "
        f"{counts_line(evaluation.overall)} from {counted(len(evaluation.sources), 'source')}"
    )
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="forecastcheck {_e(_version.VERSION)}">
<title>{_e(title)}</title>
<style>{_CSS}</style>
</head>
<body>
<header><h1>Forecast scoreboard</h1><p>{_e(sub)}</p>{_restated.html_policy(evaluation)}</header>
<main>
{_figures(evaluation)}
<p class="small" id="recorder">{_e(recorder_line(evaluation))}.</p>
{_guide(evaluation)}
{_scoreboard(evaluation)}{crowd_html(evaluation, _board_row)}
{_scoreboard(evaluation)}{html_section(evaluation, _e)}
{_calibration(evaluation)}
{_sources(evaluation, ledger)}
{_after_the_fact(evaluation)}
{_timeline(evaluation, ledger)}
{_sensitivity(evaluation)}
{_deadlines.html_section(evaluation.deadline_sensitivity)}
<footer>Made with forecastcheck {_e(_version.VERSION)} on the ledger as of {evaluation.as_of};
phrases read under {_e(evaluation.scale)} ({_e(evaluation.point_rule)} point);
intervals from {evaluation.n_bootstrap} question-level bootstrap resamples (seed
{evaluation.seed}).</footer>
</main>
</body>
</html>
"""
