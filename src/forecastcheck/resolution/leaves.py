"""The leaf rules for events and states: ``occurs``, ``holds at``, ``holds throughout``.

Each rule decides a simple proposition over the *whole* record into a
:class:`~forecastcheck.resolution._final.Final` (the outcome and the day it
became known), then shows it as of the asked date if it was known by then,
and PENDING, with the reason why, otherwise. Deadlines and dates are read
against the statement date (the *anchor*) through the :class:`Timeline`.
"""

from __future__ import annotations

import datetime as dt

from forecastcheck.ledger import (
    DateWindow,
    Deadline,
    DeadlineError,
    Event,
    HoldsAt,
    HoldsThroughout,
    Occurs,
    PointEstimate,
)
from forecastcheck.resolution import _final, _text
from forecastcheck.resolution._final import Final
from forecastcheck.resolution.outcomes import Resolution, Status
from forecastcheck.resolution.timeline import Reports, StateLine, Timeline

# The rules are called by the resolver as module functions; none is API.
__all__: list[str] = []


# -- occurs ---------------------------------------------------------------------


def occurs(index: Timeline, p: Occurs, as_of: dt.date, anchor: DateWindow) -> Resolution:
    """Resolve an ``occurs`` proposition as of ``as_of``."""
    deadline = index.horizon(p.deadline, anchor)
    what = what_text(p)
    reports = index.reports(p.subject, p.kind)
    first, window = reports.first, reports.window
    final: Final | None = None
    if reports.conflict is not None:
        final = _final.disagree(what, reports.conflict)
    elif deadline is None:
        if first is not None and window is not None:
            final = reported(what, first, window, None)
    else:
        final = _occurs_by(index, p, what, reports, deadline)
    return occurs_answer(index, p.subject, what, reports, deadline, final=final, as_of=as_of)


def occurs_answer(
    index: Timeline,
    subject: str,
    what: str,
    reports: Reports,
    deadline: Deadline | None,
    *,
    final: Final | None,
    as_of: dt.date,
) -> Resolution:
    """An ``occurs`` as of ``as_of``: the outcome ``final`` if known by then, else PENDING, why."""
    if final is not None and final.day <= as_of:
        return _final.leaf(final, as_of, deadline=deadline, open_ended=deadline is None)
    reason = occurs_pending(index, subject, what, reports, deadline, as_of=as_of)
    return _final.pending(as_of, reason, deadline=deadline, open_ended=deadline is None)


def _occurs_by(
    index: Timeline, p: Occurs, what: str, reports: Reports, deadline: Deadline
) -> Final | None:
    """What the whole record says of an ``occurs`` with a deadline, reports agreeing."""
    first, window = reports.first, reports.window
    last = deadline.last_day
    due = due_text(deadline)
    if first is not None and window is not None and window.start <= last:
        if window.end <= last:
            return reported(what, first, window, due)
        return straddles(what, first, window, due)
    return _final.none_by(index, p.subject, what, reports, last, due=due)


def reported(what: str, first: Event, window: DateWindow, due: str | None) -> Final:
    """YES from the first report: by the deadline ``due`` names, or open-ended when ``None``."""
    return Final(
        status=Status.YES,
        day=window.end,
        reason=open_yes_text(what, first) if due is None else by_yes_text(what, first, due),
        events=(first,),
        settled=window.start,
    )


def straddles(what: str, first: Event, window: DateWindow, due: str) -> Final:
    """AMBIGUOUS: the reports place the event in a window reaching past the deadline."""
    return Final(
        status=Status.AMBIGUOUS,
        day=window.end,
        reason=straddle_text(what, window, due),
        events=(first,),
    )


def what_text(p: Occurs) -> str:
    """How an ``occurs`` proposition names its event in a reason."""
    return f"'{p.kind}' event for {p.subject}"


def due_text(deadline: Deadline) -> str:
    """How a reason names a deadline."""
    return f"the deadline {_text.rule(deadline)}"


def open_yes_text(what: str, first: Event) -> str:
    """The reason of an open-ended YES."""
    return f"{what} {_text.when(first.date)} (open-ended: no deadline)"


def by_yes_text(what: str, first: Event, due: str) -> str:
    """The reason of a YES by a deadline."""
    return f"{what} {_text.when(first.date)}, before {due}"


def straddle_text(what: str, window: DateWindow, due: str) -> str:
    """The reason of an AMBIGUOUS whose date straddles the deadline."""
    return f"{what} {_text.when(window)}: the date straddles {due}"


def occurs_pending(
    index: Timeline,
    subject: str,
    what: str,
    reports: Reports,
    deadline: Deadline | None,
    *,
    as_of: dt.date,
) -> str:
    first, window = reports.first, reports.window
    complete = index.complete(subject)
    if first is not None and first.date.end <= as_of:
        if deadline is not None and window is not None and window.start > deadline.last_day:
            return (
                f"{what} recorded {_text.when(first.date)}, after the deadline "
                f"{_text.rule(deadline)}; "
                f"an earlier one is not excluded: {_text.complete_text(subject, complete)}"
            )
        return f"{what} is reported, but the reports are not settled as of {as_of}"
    if deadline is None:
        return f"open-ended: no {what} recorded as of {as_of}"
    if as_of <= deadline.last_day:
        return (
            f"no {what} recorded as of {as_of}; the deadline {_text.rule(deadline)} has not passed"
        )
    return (
        f"no {what} recorded by the deadline {_text.rule(deadline)}, "
        f"but {_text.complete_text(subject, complete)}"
    )


# -- holds at -----------------------------------------------------------------


def holds_at(index: Timeline, p: HoldsAt, as_of: dt.date, anchor: DateWindow) -> Resolution:
    """Resolve a ``holds at`` proposition as of ``as_of``."""
    return holds_at_answer(index, p, index.point(p.date, anchor), as_of=as_of)


def holds_at_answer(
    index: Timeline, p: HoldsAt, point: PointEstimate, *, as_of: dt.date
) -> Resolution:
    """A ``holds at`` as of ``as_of``, its day read as ``point``."""
    day = point.day
    line = index.line(p.state)
    complete = index.complete(p.state)
    at = f"on {day}" if p.date.strip() == str(day) else f"on {day} ({p.date}: {point.rule})"
    final: Final | None = None
    if complete is not None and complete >= day:
        final = _holds_at_final(line, p.state, day, at)
    if final is not None and final.day <= as_of:
        return _final.leaf(final, as_of)
    if as_of < day:
        why = f"{p.state} is asked about {at}, after {as_of}"
    else:
        why = f"{p.state} {at} is unknown: {_text.complete_text(p.state, complete)}"
    return Resolution(status=Status.PENDING, as_of=as_of, reason=why)


def _holds_at_final(line: StateLine, state: str, day: dt.date, at: str) -> Final:
    """What a complete record says of a state on ``day``."""
    span = line.surely(day)
    if span is not None:
        return _held_since(span[2], day, f"{state} holds {at}")
    if not line.possibly(day):
        end = line.ended_before(day)
        why = f"ended by {end.id} {_text.when(end.date)}" if end else "never started"
        return Final(
            status=Status.NO,
            day=day,
            reason=f"{state} does not hold {at}: {why}",
            events=(end,) if end else (),
        )
    return _unsure(line, day, day, f"{state} may or may not hold {at}")


# -- holds throughout ---------------------------------------------------------


def period(index: Timeline, p: HoldsThroughout, anchor: DateWindow) -> tuple[dt.date, Deadline]:
    """The period's first day and its end's deadline."""
    first = index.deadline(p.start, anchor).window.start
    end = index.deadline(p.end, anchor)
    if end.last_day < first:
        raise DeadlineError(
            f"period {p.start!r} to {p.end!r} ends ({end.last_day}) before it starts ({first})",
            p.end,
        )
    return first, end


def holds_throughout(
    index: Timeline, p: HoldsThroughout, as_of: dt.date, anchor: DateWindow
) -> Resolution:
    """Resolve a ``holds throughout`` proposition as of ``as_of``."""
    first, end = period(index, p, anchor)
    return throughout_answer(index, p, first, end, as_of=as_of)


def throughout_answer(
    index: Timeline, p: HoldsThroughout, first: dt.date, end: Deadline, *, as_of: dt.date
) -> Resolution:
    """A ``holds throughout`` as of ``as_of``, its period read as ``first`` to ``end``."""
    last = end.last_day
    line = index.line(p.state)
    complete = index.complete(p.state)
    span = f"from {first} to {_text.rule(end)}"
    final = _broken(line, p.state, first, last, complete, span=span)
    if final is None and complete is not None and complete >= last:
        final = _held(line, p.state, first, last, span)
    if final is not None and final.day <= as_of:
        return _final.leaf(final, as_of, deadline=end)
    if as_of <= last:
        why = f"{p.state} has held so far in the period {span}, as of {as_of}"
    else:
        why = f"{p.state} {span} is unknown: {_text.complete_text(p.state, complete)}"
    return Resolution(status=Status.PENDING, as_of=as_of, reason=why, deadline=end)


def _broken(
    line: StateLine,
    state: str,
    first: dt.date,
    last: dt.date,
    complete: dt.date | None,
    *,
    span: str,
) -> Final | None:
    """NO, on the earliest day the state is known not to hold within the period."""
    options: list[Final] = []
    gap, ender = line.first_gap(first)
    if gap <= last and complete is not None and complete >= gap:
        seen = f"it ended {_text.when(ender.date)} ({ender.id})" if ender else "it was not holding"
        options.append(
            Final(
                status=Status.NO,
                day=gap,
                reason=f"{state} does not hold on {gap}, within the period {span}: {seen}",
                events=(ender,) if ender else (),
            )
        )
    stop, stopper = line.next_end(first)
    if stop <= last and stopper is not None:
        options.append(
            Final(
                status=Status.NO,
                day=stop,
                reason=f"{state} ends {_text.when(stopper.date)} ({stopper.id}), "
                f"within the period {span}",
                events=(stopper,),
                settled=max(first, stopper.date.start),
            )
        )
    return min(options, key=lambda f: f.day) if options else None


def _held(line: StateLine, state: str, first: dt.date, last: dt.date, span: str) -> Final:
    """YES or AMBIGUOUS, once the record is complete through the period and nothing broke it."""
    held = line.surely(first)
    if held is not None and held[1] > last:
        return _held_since(held[2], last, f"{state} holds every day {span}")
    return _unsure(line, first, last, f"{state} may not hold every day {span}")


def _held_since(start: Event | None, day: dt.date, what: str) -> Final:
    """YES on ``day``: the state has held since ``start`` (or since the record's start)."""
    since = f"since {start.id} {_text.when(start.date)}" if start else "from the record's start"
    return Final(
        status=Status.YES, day=day, reason=f"{what}: {since}", events=(start,) if start else ()
    )


def _unsure(line: StateLine, first: dt.date, last: dt.date, what: str) -> Final:
    """AMBIGUOUS: the events dated too loosely to say whether the state held ``first``..``last``."""
    unsure = line.uncertain_at(first, last)
    return Final(
        status=Status.AMBIGUOUS,
        day=max([last, *(e.date.end for e in unsure)]),
        reason=f"{what}: " + ", ".join(f"{e.id} is dated {e.date}" for e in unsure),
        events=unsure,
    )
