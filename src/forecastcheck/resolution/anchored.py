"""Anchored deadlines: an ``occurs`` whose deadline counts from an event, not the statement.

"Kyiv could fall within 72 hours of a full invasion": the window opens when
the anchor happens, and the deadline phrase is read against the anchor's
date as if it had been said that day. The anchor is an event of the log
(a named date) or the first event of a subject and kind, which may never
happen: a call whose anchor is known not to have happened by its ``by``
is ANNULLED as not triggered, and one whose anchor has not happened yet is
PENDING. The rules are in ``docs/resolution.md`` and ``docs/dates.md``.
"""

from __future__ import annotations

import datetime as dt

import attrs

from forecastcheck.ledger import Anchor, DateWindow, DeadlineError, Event, Occurs
from forecastcheck.resolution import _text, leaves, logic
from forecastcheck.resolution.outcomes import Resolution, Status
from forecastcheck.resolution.timeline import Timeline

# Called by the resolver as a module function; not API.
__all__: list[str] = []


def _trigger(index: Timeline, after: Anchor, as_of: dt.date, stated: DateWindow) -> Resolution:
    """Whether the anchor has happened as of ``as_of``: YES with its event, NO, or PENDING."""
    if after.event is None:
        assert after.subject is not None  # Anchor checks it has both, or an event
        assert after.kind is not None
        anchor = Occurs(subject=after.subject, kind=after.kind, deadline=after.by)
        return leaves.occurs(index, anchor, as_of, stated)
    event = next((e for e in index.log.events if e.id == after.event), None)
    if event is None:  # `check` refuses a dangling anchor; a log given apart may lack it
        return Resolution(
            status=Status.PENDING, as_of=as_of, reason=f"the log holds no event {after.event!r}"
        )
    if event.date.end > as_of:
        return Resolution(
            status=Status.PENDING,
            as_of=as_of,
            reason=f"{event.id} is dated {event.date}, after {as_of}",
        )
    return Resolution(
        status=Status.YES,
        as_of=as_of,
        reason=f"{event.id} {_text.when(event.date)}",
        decided_on=event.date.end,
        events=(event,),
        settled_from=event.date.start,
    )


def occurs_after(index: Timeline, p: Occurs, as_of: dt.date, stated: DateWindow) -> Resolution:
    """Resolve an anchored ``occurs`` (``p.after`` set) as of ``as_of``."""
    assert p.after is not None
    trigger = _trigger(index, p.after, as_of, stated)
    if trigger.status is Status.NO:
        return attrs.evolve(
            trigger,
            status=Status.ANNULLED,
            reason=f"not triggered: the anchor did not happen: {trigger.reason}",
            parts=(trigger,),
        )
    if trigger.status is Status.PENDING:
        return attrs.evolve(trigger, reason=f"not triggered yet: {trigger.reason}")
    if trigger.status is not Status.YES:
        return attrs.evolve(trigger, reason=f"the anchor is {trigger.status}: {trigger.reason}")
    event: Event = trigger.events[0]
    opens = f"the window opens with {event.id} {_text.when(event.date)}"
    try:
        then = leaves.occurs(index, attrs.evolve(p, after=None), as_of, event.date)
    except DeadlineError as exc:
        return attrs.evolve(
            trigger, status=Status.AMBIGUOUS, reason=f"{opens}, but {exc}", parts=(trigger,)
        )
    combined = logic.if_then(trigger, then)
    return attrs.evolve(combined, reason=f"{opens}; {then.reason}")
