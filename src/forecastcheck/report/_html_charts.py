"""The HTML page's charts, as inline SVG: scores with intervals, reliability, the timeline.

Each function returns one ``<svg>`` element (see :mod:`forecastcheck.report._svg`)
drawn for a view box that stays legible on a 390-pixel phone: text is 11–13
view-box units and the page never shows a chart wider than it can read.
Nothing here needs matplotlib.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from html import escape

from forecastcheck._counted import counted
from forecastcheck.calibration import ReliabilityTable
from forecastcheck.evaluation import CallStatus, Evaluation, Scorecard, Verdict
from forecastcheck.report import _format, _svg
from forecastcheck.report._html_words import plain_date

__all__ = ["reliability_chart", "score_chart", "timeline_chart"]

_ROW = 34.0
_WIDTH = 400.0


def _x(value: float, left: float, right: float) -> float:
    return left + max(0.0, min(1.0, value)) * (right - left)


def _score_row(card: Scorecard, top: float) -> str:
    size = 13.0
    left, right = 8.0, _WIDTH - 8.0
    if card.brier is None:
        note = "no resolved call yet"
    elif card.brier_interval is None:
        note = f"{_format.fmt_score(card.brier)} · too few calls"
    else:
        low, high = card.brier_interval
        note = (
            f"{_format.fmt_score(card.brier)} [{_format.fmt_score(low)}–{_format.fmt_score(high)}]"
        )
    room = right - left - _svg.CHAR_WIDTH * size * len(note) - 10
    name = _format.shorten(card.source_name, max(4, int(room / (_svg.CHAR_WIDTH * size))))
    parts = [
        _svg.text(left, top + 13, name, size=size, cls="ink"),
        _svg.text(right, top + 13, note, size=size, anchor="end", cls="muted"),
        f'<line x1="{left}" x2="{right}" y1="{top + 24}" y2="{top + 24}" class="track"/>',
    ]
    if card.brier is not None:
        if card.brier_interval is not None:
            a, b = (_x(v, left, right) for v in card.brier_interval)
            parts.append(
                f'<line x1="{a:.1f}" x2="{b:.1f}" y1="{top + 24}" y2="{top + 24}" class="range"/>'
            )
        hollow = "" if card.ranked else " hollow"
        parts.append(
            f'<circle cx="{_x(card.brier, left, right):.1f}" cy="{top + 24}" r="4.5" '
            f'class="dot{hollow}"/>'
        )
    return f"<g><title>{_esc(card.source_name)}: {_esc(note)}</title>{''.join(parts)}</g>"


def _esc(value: str) -> str:
    return escape(value, quote=True)


def score_chart(cards: Sequence[Scorecard]) -> str:
    """Every source's mean Brier score as a dot, with its 90% interval as a bar."""
    height = 8 + _ROW * len(cards) + 40
    rows = "".join(_score_row(card, 8 + _ROW * i) for i, card in enumerate(cards))
    axis_y = 8 + _ROW * len(cards) + 6
    left, right = 8.0, _WIDTH - 8.0
    ticks = []
    for v in (0.0, 0.25, 0.5, 0.75, 1.0):
        x = _x(v, left, right)
        anchor = "start" if v == 0 else "end" if v == 1 else "middle"
        ticks.append(f'<line x1="{x:.1f}" x2="{x:.1f}" y1="8" y2="{axis_y}" class="grid"/>')
        ticks.append(_svg.text(x, axis_y + 14, f"{v:g}", size=12, anchor=anchor, cls="muted"))
    ticks.append(
        _svg.text(
            _WIDTH / 2,
            axis_y + 30,
            "mean Brier score: 0 is perfect",
            size=12,
            anchor="middle",
            cls="ink",
        )
    )
    desc = (
        "One row per source, in scoreboard order: the dot is the mean Brier score (lower is "
        "better), the bar its 90% interval; a hollow dot is a source not ranked."
    )
    return _svg.svg(
        "scores",
        (_WIDTH, height),
        "Mean Brier score of every source, with 90% intervals",
        desc,
        "".join(ticks) + rows,
    )


def reliability_chart(table: ReliabilityTable, key: str, title: str, *, small: bool = False) -> str:
    """A reliability diagram: how often calls came true against how likely they were called.

    Each non-empty bin is a dot at (mean forecast, share that came true),
    sized by its count, over the grey band where the share falls 90% of the
    time if the calls were calibrated; the dashed diagonal is perfect
    calibration. The large diagram labels each dot "k of n" where a label
    fits (see :func:`~forecastcheck.report._svg.place_labels`).
    """
    side = 150.0 if small else 360.0
    size = 11.0 if small else 12.0
    left, top = (36.0, 8.0) if small else (48.0, 12.0)
    right, bottom = side - 8.0, side - (26.0 if small else 46.0)
    plot = _svg.Box(left, top, right, bottom)

    def px(v: float) -> float:
        return _x(v, left, right)

    def py(v: float) -> float:
        return bottom - max(0.0, min(1.0, v)) * (bottom - top)

    parts = [
        f'<rect x="{left}" y="{top}" width="{right - left}" height="{bottom - top}" class="plot"/>'
    ]
    obstacles: list[_svg.Box] = []
    for v in (0.0, 0.5, 1.0) if small else (0.0, 0.25, 0.5, 0.75, 1.0):
        label = f"{100 * v:g}%" if v == 1.0 or not small else f"{100 * v:g}"
        parts.append(
            _svg.text(
                px(v),
                bottom + size + 6,
                label,
                size=size,
                anchor="end" if v == 1 else "middle",
                cls="muted",
            )
        )
        parts.append(
            _svg.text(left - 4, py(v) + size / 3, label, size=size, anchor="end", cls="muted")
        )
    parts.append(
        f'<line x1="{px(0):.1f}" y1="{py(0):.1f}" x2="{px(1):.1f}" y2="{py(1):.1f}" class="diag"/>'
    )
    bins = [b for b in table.bins if not b.empty]
    most = max((b.n for b in bins), default=1)
    anchors = []
    for b in bins:
        x, y = px(b.mean_forecast), py(b.observed)
        if not (math.isnan(b.band_low) or math.isnan(b.band_high)):
            parts.append(
                f'<rect x="{x - 4:.1f}" y="{py(b.band_high):.1f}" width="8" '
                f'height="{max(1.0, py(b.band_low) - py(b.band_high)):.1f}" class="band"/>'
            )
        r = (2.5 + 3 * math.sqrt(b.n / most)) if small else (4 + 8 * math.sqrt(b.n / most))
        parts.append(
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r:.1f}" class="dot">'
            f"<title>{_esc(b.hits_text)} came true; said {_format.fmt_percent(b.mean_forecast)} "
            f"on average</title></circle>"
        )
        obstacles.append(_svg.Box(x - r, y - r, x + r, y + r))
        anchors.append((x, y, b.hits_text, r))
    missing = 0
    if not small:
        for x, y, label, r in anchors:
            placed, lost = _svg.place_labels([(x, y, label)], obstacles, plot, size, clearance=r)
            obstacles.extend(_svg.text_box(p.x, p.y, p.text, size, p.anchor) for p in placed)
            parts += [
                _svg.text(p.x, p.y, p.text, size=size, anchor=p.anchor, cls="ink") for p in placed
            ]
            missing += lost
        parts.append(
            _svg.text(
                (left + right) / 2,
                side - 8,
                "how likely the calls said it was",
                size=size,
                anchor="middle",
                cls="ink",
            )
        )
        parts.append(
            f'<text transform="translate(12 {(top + bottom) / 2:.1f}) rotate(-90)" '
            f'font-size="{size:g}" text-anchor="middle" class="ink">how often it happened</text>'
        )
    desc = (
        f"{counted(table.n, 'resolved call')} in {counted(len(bins), 'group')} by how likely they "
        "were called: each dot "
        "is a group, at the average probability said (across) and the share that came true (up); "
        "the dashed diagonal is perfect calibration, the grey bar the 90% range expected if "
        "calibrated."
    )
    if missing:
        desc += f" {missing} dot labels did not fit; the table gives every group."
    return _svg.svg(
        key, (side, side), title, desc, "".join(parts), cls="chart small" if small else "chart"
    )


_COLOURS: dict[Verdict | CallStatus, str] = {Verdict.HIT: "hit", Verdict.MISS: "miss"}


def _day_x(day: dt.date, first: dt.date, last: dt.date, left: float, right: float) -> float:
    span = max(1, (last - first).days)
    return left + (day - first).days / span * (right - left)


def timeline_chart(evaluation: Evaluation, width: float, key: str) -> str:
    """Statements and the events that decided them on one time axis, each call linked to its event.

    Statements are dots in the upper lane (green hit, red miss, grey
    otherwise), stacked where they crowd; deciding events are squares in the
    lower lane; a thin line joins each decided call to its first deciding
    event. Every mark links to its entry on the page.
    """
    results = list(evaluation.predictions)
    events: dict[str, tuple[dt.date, str]] = {}
    for r in results:
        for e in r.evidence:
            events.setdefault(e.event, (e.date.start, e.summary or e.event))
    days = [r.stated.start for r in results] + [d for d, _ in events.values()]
    if not days:
        return ""
    first, last = min(days), max(*days, evaluation.as_of)
    first = dt.date(first.year, 1, 1)
    last = dt.date(last.year + 1, 1, 1)
    left, right = 8.0, width - 8.0
    said_base, event_top, step = 100.0, 118.0, 6.0
    height = event_top + 48 + 24
    stacks: dict[int, int] = {}
    marks: list[str] = []
    lines: list[str] = []
    event_xy: dict[str, tuple[float, float]] = {}
    for ident, (day, summary) in sorted(events.items(), key=lambda kv: kv[1][0]):
        x = _day_x(day, first, last, left, right)
        column = -1 - int(x // step)
        level = stacks.get(column, 0)
        stacks[column] = level + 1
        y = event_top + min(level, 6) * step
        event_xy[ident] = (x, y)
        marks.append(
            f'<a href="#event-{_esc(ident)}"><rect x="{x - 2.5:.1f}" y="{y:.1f}" width="5" '
            f'height="5" class="ev"><title>{_esc(plain_date(day))}: {_esc(summary[:120])}</title>'
            "</rect></a>"
        )
    for r in sorted(results, key=lambda r: r.stated.start):
        x = _day_x(r.stated.start, first, last, left, right)
        column = int(x // step)
        level = stacks.get(column, 0)
        stacks[column] = level + 1
        y = said_base - min(level, 14) * step
        cls = _COLOURS.get(r.verdict, "other")
        if r.evidence:
            ex, ey = event_xy[min(r.evidence, key=lambda e: e.date.start).event]
            lines.append(
                f'<line x1="{x:.1f}" y1="{y:.1f}" x2="{ex:.1f}" y2="{ey:.1f}" class="link"/>'
            )
        marks.append(
            f'<a href="#call-{_esc(r.id)}"><circle cx="{x:.1f}" cy="{y:.1f}" r="2.6" '
            f'class="{cls}"><title>{_esc(r.source_name)}, {_esc(plain_date(r.stated))}: '
            f"{_esc(str(r.verdict))}</title></circle></a>"
        )
    years = last.year - first.year
    per_year = (right - left) / max(1, years)
    every = max(1, math.ceil(40 / per_year))
    axis_y = event_top + 48
    ticks = [f'<line x1="{left}" x2="{right}" y1="{axis_y}" y2="{axis_y}" class="axis"/>']
    for year in range(first.year, last.year + 1, every):
        x = _day_x(dt.date(year, 1, 1), first, last, left, right)
        ticks.append(f'<line x1="{x:.1f}" x2="{x:.1f}" y1="8" y2="{axis_y + 4}" class="grid"/>')
        anchor = "start" if year == first.year else "end" if x > right - 20 else "middle"
        ticks.append(_svg.text(x, axis_y + 17, str(year), size=11, anchor=anchor, cls="muted"))
    desc = (
        f"{len(results)} statements (dots, above) and {len(events)} deciding events (squares, "
        f"below) from {first.year} to {last.year - 1}; a line joins each decided call to the "
        "event that settled it. Every mark links to its entry below."
    )
    body = "".join(ticks) + "".join(lines) + "".join(marks)
    return _svg.svg(
        key,
        (width, height),
        "Timeline of statements and deciding events",
        desc,
        body,
        cls="chart timeline",
    )
