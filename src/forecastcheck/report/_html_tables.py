"""The HTML page's tables of numbers: reliability groups, head to head, scale sensitivity.

Sources appear by name, in scoreboard order; a source with nothing to show
says "too few calls" rather than leaving a cell blank.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from html import escape

from forecastcheck.calibration import ReliabilityTable
from forecastcheck.evaluation import Evaluation, Scorecard
from forecastcheck.report import _format

__all__ = ["head_to_head", "reliability_table", "sensitivity_section"]


def _e(text: object) -> str:
    return escape(str(text), quote=True)


def head_to_head(evaluation: Evaluation, order: Sequence[Scorecard]) -> str:
    """The pairwise comparisons, by name, in scoreboard order."""
    names = {c.source: c.source_name for c in evaluation.sources}
    rows = []
    for card in order:
        for c in card.comparisons:
            ratio = _format.fmt_score(c.ratio, 2) if c.ratio is not None else "—"
            p = _format.fmt_score(c.p_value, 3) if c.p_value is not None else "—"
            rows.append(
                f"<tr><td>{_e(card.source_name)}</td><td>{_e(names.get(c.other, c.other))}</td>"
                f'<td class="num">{c.n_shared}</td><td class="num">{_e(ratio)}</td>'
                f'<td class="num">{_e(p)}</td></tr>'
            )
    if not rows:
        return (
            "<h3>Head to head</h3><p>No two sources answered the same resolved question, so "
            "none can be compared directly; compare their Brier scores with care.</p>"
        )
    return (
        "<h3>Head to head</h3><p>On the questions both answered: the ratio of their Brier "
        "scores (below 1: the first did better) and the chance of a gap this large by luck "
        "(adjusted for the number of pairs).</p>"
        "<details><summary>Every pair of sources with shared questions</summary>"
        '<div class="scroll">'
        "<table><thead><tr><th>Source</th><th>Against</th><th class=num>Shared</th>"
        "<th class=num>Brier ratio</th><th class=num>p</th></tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table></div></details>"
    )


def reliability_table(table: ReliabilityTable) -> str:
    """The numbers behind a reliability diagram, one row per non-empty group."""
    rows = []
    for b in table.bins:
        if b.empty:
            continue
        rows.append(
            f"<tr><td>{_format.fmt_percent(b.lower)}–{_format.fmt_percent(b.upper)}</td>"
            f'<td class="num">{b.n}</td><td class="num">{_format.fmt_percent(b.mean_forecast)}</td>'
            f'<td class="num">{_e(b.hits_text)}</td>'
            f'<td class="num">{_format.fmt_percent(b.observed)}</td>'
            f'<td class="num">{_format.fmt_percent(b.band_low)}–'
            f"{_format.fmt_percent(b.band_high)}</td>"
            f"<td>{'yes' if b.inside_band else 'no'}</td></tr>"
        )
    empty = sum(1 for b in table.bins if b.empty)
    note = f" {empty} empty group{'s' if empty != 1 else ''} not shown." if empty else ""
    return f"""<table class="reliability-table"><thead><tr><th>Calls said</th>
<th class="num">Calls</th><th class="num">Average said</th><th class="num">Came true</th>
<th class="num">Share true</th><th class="num">Expected if calibrated (90%)</th>
<th>Within?</th></tr></thead><tbody>{"".join(rows)}</tbody></table>
<p class="small">Each row groups calls by how likely they said the outcome was.{note}</p>"""


def sensitivity_section(evaluation: Evaluation, order: Sequence[Scorecard]) -> str:
    """How each source's scores move with the scale, by name, and whether the ranking holds."""
    sens = evaluation.sensitivity
    by_id = {s.source: s for s in sens.sources}
    order = [c for c in order if c.source in by_id]
    rows = []
    for card in order:
        s = by_id[card.source]
        note = sens.note(card.source)
        if s.n or any(s.read):
            (b0, b1), (l0, l1) = sens.spans(card.source)
            brier = f"{_format.fmt_score(b0)}–{_format.fmt_score(b1)}"
            log = f"{_format.fmt_score(l0)}–{_format.fmt_score(l1)}"
        else:
            brier = log = note or "too few calls"
        rows.append(
            f'<tr><td class="name">{_e(card.source_name)}</td>'
            f'<td class="num" data-label="Calls every scale reads">{s.n} of {card.n_resolved}</td>'
            f'<td class="num" data-label="Brier, lowest–highest">{_e(brier)}</td>'
            f'<td class="num" data-label="Log score, lowest–highest">{_e(log)}</td>'
            f'<td data-label="Note">{_e(note)}</td></tr>'
        )
    ranked = [c for c in order if c.ranked and by_id[c.source].n]
    if len(ranked) < 2:
        holds = "<p>Fewer than two sources are ranked, so there is no ranking to test.</p>"
    else:
        verdicts = {True: "holds under every scale and reading", False: "changes under some"}
        pairs = "".join(
            f"<li>{_e(a.source_name)} level with {_e(b.source_name)}: tied</li>"
            if sens.tied(a.source, b.source)
            else f"<li>{_e(a.source_name)} ahead of {_e(b.source_name)}: "
            f"{verdicts[sens.robust(a.source, b.source)]}</li>"
            for a, b in itertools.pairwise(ranked)
        )
        holds = (
            f"<p>Does the ranking hold? Each ranked source against the next:</p><ul>{pairs}</ul>"
        )
    return f"""<section id="sensitivity" data-toc="Scales"><h2>Does the choice of scale matter?</h2>
<p>Different readers turn the same words into different numbers. Here is each source's mean
score under every one of {len(sens.scales)} published scales ({_e(", ".join(sens.scales))}),
taking the low end, middle or high end of each range. A wide range means the verdict depends on
how the words are read. Only calls that every scale can read are counted, so the count can be
below the scoreboard's resolved calls.</p>
<div class="scroll"><table class="sensitivity cards"><thead><tr><th>Source</th>
<th class="num">Calls every scale reads</th><th class="num">Brier, lowest–highest</th>
<th class="num">Log score, lowest–highest</th><th>Note</th></tr></thead>
<tbody>{"".join(rows)}</tbody>
</table></div>
{holds}</section>"""
