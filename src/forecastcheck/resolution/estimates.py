"""The leaf rules for estimates: ``date of`` and ``value of``, with their realised figures.

A date or value forecast is a point (and maybe an interval) whose yes/no
question is whether the realised date or value fell inside. Each rule
decides that over the whole record, with the realised figures (the date or
value, the error, whether the interval covered it), and shows it as of the
asked date; the figures are shown once the deciding report is visible.
"""

from __future__ import annotations

import datetime as dt

import attrs

from forecastcheck.ledger import DateOf, DateWindow, Deadline, Event, PointEstimate, ValueOf
from forecastcheck.resolution import _final, _text
from forecastcheck.resolution._final import Figures, Final
from forecastcheck.resolution.outcomes import Resolution, Status
from forecastcheck.resolution.timeline import Reports, Timeline

# The rules are called by the resolver as module functions; none is API.
__all__: list[str] = []


@attrs.frozen(kw_only=True)
class Interval:
    """A date forecast's point and the interval its yes/no question asks about."""

    point: PointEstimate
    lo: dt.date | None
    hi: dt.date | None
    latest: Deadline | None
    stated: str


def bounds(
    index: Timeline, p: DateOf, anchor: DateWindow
) -> tuple[PointEstimate, dt.date | None, dt.date | None, Deadline | None]:
    """A date forecast's point, its interval's first and last days and latest deadline, read."""
    point = index.point(p.point, anchor)
    if p.earliest is None and p.latest is None:
        return point, point.window.start, point.window.end, None
    lo = index.deadline(p.earliest, anchor).window.start if p.earliest else None
    latest = index.deadline(p.latest, anchor) if p.latest else None
    return point, lo, latest.last_day if latest else None, latest


def interval(index: Timeline, p: DateOf, anchor: DateWindow) -> Interval:
    """A date forecast's point and interval, read against the statement date."""
    return stated_interval(p, bounds(index, p, anchor))


def stated_interval(
    p: DateOf, read: tuple[PointEstimate, dt.date | None, dt.date | None, Deadline | None]
) -> Interval:
    """A date forecast's point and interval from its :func:`bounds`, as the reasons name it."""
    point, lo, hi, latest = read
    if p.earliest is None and p.latest is None:
        stated = f"the window {point.window} named by {p.point!r}"
    else:
        stated = f"the stated interval {_text.span(lo, hi)}"
    return Interval(point=point, lo=lo, hi=hi, latest=latest, stated=stated)


# -- date of ------------------------------------------------------------------


def date_of(index: Timeline, p: DateOf, as_of: dt.date, anchor: DateWindow) -> Resolution:
    """Resolve a ``date of`` proposition as of ``as_of``."""
    span = interval(index, p, anchor)
    reports = index.reports(p.subject, p.kind)
    final, figures = date_final(index, p, span, reports)
    return date_answer(index, p, span, reports, final=final, figures=figures, as_of=as_of)


def date_final(
    index: Timeline, p: DateOf, span: Interval, reports: Reports
) -> tuple[Final | None, Figures | None]:
    """What the whole record says of a date forecast (``None`` when nothing decides it yet)."""
    what = f"'{p.kind}' event for {p.subject}"
    if reports.conflict is not None:
        return _final.disagree(what, reports.conflict), None
    if reports.first is not None and reports.window is not None:
        return _dated(index, p, span, what, reports)
    if span.hi is not None:
        due = f"the end {span.hi} of {span.stated}"
        return _final.none_by(index, p.subject, what, reports, span.hi, due=due), None
    return None, None


def date_answer(
    index: Timeline,
    p: DateOf,
    span: Interval,
    reports: Reports,
    *,
    final: Final | None,
    figures: Figures | None,
    as_of: dt.date,
) -> Resolution:
    """A date forecast as of ``as_of``: ``final`` if known by then, else PENDING, and why."""
    open_ended = span.hi is None
    if final is not None and final.day <= as_of:
        shown = figures if figures is not None and figures.visible <= as_of else None
        return _final.leaf(final, as_of, deadline=span.latest, open_ended=open_ended, figures=shown)
    what = f"'{p.kind}' event for {p.subject}"
    return Resolution(
        status=Status.PENDING,
        as_of=as_of,
        reason=_date_pending(index, p, span, what, reports, as_of=as_of),
        open_ended=open_ended,
        deadline=span.latest,
        forecast_date=span.point.day,
    )


def _dated(
    index: Timeline, p: DateOf, span: Interval, what: str, reports: Reports
) -> tuple[Final, Figures]:
    """The outcome and figures of a date forecast whose event is reported, reports agreeing."""
    first, window = reports.first, reports.window
    assert first is not None
    assert window is not None
    point, lo, hi, stated = span.point, span.lo, span.hi, span.stated
    realised = window.start if window.start == window.end else window.midpoint
    error = (realised - point.day).days
    inside = (lo is None or window.start >= lo) and (hi is None or window.end <= hi)
    after = hi is not None and window.start > hi
    outside = after or (lo is not None and window.end < lo)
    figures = Figures(
        visible=window.end,
        realised_date=realised,
        realised_window=window,
        forecast_date=point.day,
        error=error,
        absolute_error=abs(error),
        covered=True if inside else False if outside else None,
    )
    happened = (
        f"{what} {_text.when(first.date)}"
        + ("" if window == first.date else f" (reports agree on {window})")
        + f"; forecast {point.day} ({p.point}), error {error:+d} days"
    )
    if inside:
        status, reason, settled = Status.YES, f"{happened}; within {stated}", window.start
    elif outside:
        status, reason, settled = Status.NO, f"{happened}; outside {stated}", window.start
    else:
        status, reason = Status.AMBIGUOUS, f"{happened}; the date straddles {stated}"
        settled = None
    final = Final(status=status, day=window.end, reason=reason, events=(first,), settled=settled)
    if after and hi is not None:
        early = _final.none_by(index, p.subject, what, reports, hi, due=f"the end {hi} of {stated}")
        if early is not None and early.day < final.day:
            final = early
    return final, figures


def _date_pending(
    index: Timeline, p: DateOf, span: Interval, what: str, reports: Reports, *, as_of: dt.date
) -> str:
    """Why a date forecast is not decided as of ``as_of``."""
    first, hi = reports.first, span.hi
    if first is not None and first.date.end <= as_of:
        return f"{what} is reported, but the reports are not settled as of {as_of}"
    if hi is None or as_of <= hi:
        return f"no {what} recorded as of {as_of}; {span.stated} has not passed"
    complete = index.complete(p.subject)
    return f"no {what} recorded by {hi}, but {_text.complete_text(p.subject, complete)}"


# -- value of -----------------------------------------------------------------


def value_of(index: Timeline, p: ValueOf, as_of: dt.date, anchor: DateWindow) -> Resolution:
    """Resolve a ``value of`` proposition as of ``as_of``."""
    deadline = index.horizon(p.by, anchor)
    final, figures = value_final(index, p, deadline)
    return value_answer(p, deadline, final, figures, as_of=as_of)


def value_final(
    index: Timeline, p: ValueOf, deadline: Deadline | None
) -> tuple[Final | None, Figures | None]:
    """What the whole record says of a value forecast (``None`` when nothing decides it yet)."""
    last = deadline.last_day if deadline else None
    what = f"{p.quantity} of {p.subject}"
    counted = [
        e for e in index.values(p.subject, p.quantity) if last is None or e.date.start <= last
    ]
    if counted:
        return _valued(p, what, counted)
    if deadline is not None and last is not None:
        return _no_value(index, p, what, deadline), None
    return None, None


def value_answer(
    p: ValueOf,
    deadline: Deadline | None,
    final: Final | None,
    figures: Figures | None,
    *,
    as_of: dt.date,
) -> Resolution:
    """A value forecast as of ``as_of``: ``final`` if known by then, else PENDING, and why."""
    if final is not None and final.day <= as_of:
        return _final.leaf(
            final, as_of, deadline=deadline, open_ended=deadline is None, figures=figures
        )
    return Resolution(
        status=Status.PENDING,
        as_of=as_of,
        reason=f"no settled {p.quantity} of {p.subject} recorded as of {as_of}",
        open_ended=deadline is None,
        deadline=deadline,
        forecast_value=p.point,
    )


def _valued(p: ValueOf, what: str, counted: list[Event]) -> tuple[Final, Figures | None]:
    """The outcome (and figures, when the reports agree) of a reported value."""
    first = counted[0]
    value = float(_value(first))
    other = next((e for e in counted if _value(e) != value), None)
    if other is not None:
        final = Final(
            status=Status.AMBIGUOUS,
            day=other.date.end,
            reason=f"reports disagree on {what}: {first.id} says {_value(first):g} "
            f"{_text.when(first.date)}, {other.id} says {_value(other):g} "
            f"{_text.when(other.date)}",
            events=(first, other),
        )
        return final, None
    if p.lower is None and p.upper is None:
        inside, stated, covered = value == p.point, f"the point {p.point:g}", None
    else:
        inside = (p.lower is None or value >= p.lower) and (p.upper is None or value <= p.upper)
        low = "…" if p.lower is None else f"{p.lower:g}"
        high = "…" if p.upper is None else f"{p.upper:g}"
        stated, covered = f"the stated interval {low}..{high}", inside
    error = value - p.point
    figures = Figures(
        visible=first.date.end,
        realised_value=value,
        forecast_value=p.point,
        error=error,
        absolute_error=abs(error),
        covered=covered,
    )
    final = Final(
        status=Status.YES if inside else Status.NO,
        day=first.date.end,
        reason=f"{what} was {value:g} {_text.when(first.date)} ({first.id}): "
        f"{'within' if inside else 'outside'} {stated}; error {error:+g}",
        events=(first,),
        settled=first.date.start,
    )
    return final, figures


def _no_value(index: Timeline, p: ValueOf, what: str, deadline: Deadline) -> Final | None:
    """AMBIGUOUS: no value by the deadline, although the log is complete through it."""
    last = deadline.last_day
    complete = index.complete(p.subject)
    after = _text.day_after(last)
    if complete is not None and complete >= last and after is not None:
        return Final(
            status=Status.AMBIGUOUS,
            day=after,
            reason=f"no {what} recorded by the deadline {_text.rule(deadline)}, "
            f"although the log is complete for {p.subject} through {complete}",
        )
    return None


def _value(event: Event) -> float:
    """The value an event reports (only called for events that carry one)."""
    assert event.value is not None
    return event.value
