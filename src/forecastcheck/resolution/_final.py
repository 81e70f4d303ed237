"""A leaf's outcome over the whole record, and how it is shown as of a date.

Each simple proposition is decided over the whole record into a
:class:`Final` (the status and the day it became known), with the realised
figures of a date or value forecast as :class:`Figures`; :func:`leaf` turns
them into the :class:`~forecastcheck.resolution.Resolution` seen as of a
date, and :func:`pending` builds one not known yet. :func:`none_by` and
:func:`disagree` are the two findings the leaf rules share: nothing
happened by a day, and reports of one event disagree.
"""

from __future__ import annotations

import datetime as dt

import attrs

from forecastcheck.ledger import DateWindow, Deadline, Event
from forecastcheck.resolution import _text
from forecastcheck.resolution.outcomes import Resolution, Status
from forecastcheck.resolution.timeline import Conflict, Reports, Timeline

_MAX = dt.date.max


@attrs.frozen(kw_only=True)
class Final:
    """What the whole record says about a simple proposition, and when it became known.

    ``day`` is when the outcome became known; ``settled`` the first day the
    deciding event may have happened, when its date is a window (``day``
    when ``None``). ``also`` are reports that bear the outcome out but did not
    decide it first (a "had not happened" report after completeness decided
    a NO); each joins the deciding events once it is visible (its date has ended).
    """

    status: Status
    day: dt.date
    reason: str
    events: tuple[Event, ...] = ()
    settled: dt.date | None = None
    also: tuple[Event, ...] = ()


# Same shape as in resolution/outcomes.py: Figures holds Resolution's figure fields, copied into it
# by name by leaf() (intentional).
@attrs.frozen(kw_only=True)
class Figures:
    """Realised date or value against the forecast; known from ``visible`` on."""

    visible: dt.date
    realised_date: dt.date | None = None
    realised_window: DateWindow | None = None
    forecast_date: dt.date | None = None
    realised_value: float | None = None
    forecast_value: float | None = None
    error: float | None = None
    absolute_error: float | None = None
    covered: bool | None = None


_NO_FIGURES = Figures(visible=dt.date.min)
"""A leaf without figures: every figure field at its default (``visible`` is not read)."""


def leaf(
    final: Final,
    as_of: dt.date,
    *,
    deadline: Deadline | None = None,
    open_ended: bool = False,
    figures: Figures | None = None,
) -> Resolution:
    """The resolution, as of ``as_of``, of a leaf whose outcome was known by then."""
    events = final.events
    if final.also:  # rare: a "had not happened" report beside a NO, once it is visible
        events += tuple(e for e in final.also if e.date.end <= as_of)
    settled = final.day if final.settled is None else final.settled
    figures = _NO_FIGURES if figures is None else figures
    # every field of Figures but ``visible``, by name
    return Resolution(
        status=final.status,
        as_of=as_of,
        reason=final.reason,
        decided_on=final.day,
        events=events,
        open_ended=open_ended,
        deadline=deadline,
        realised_date=figures.realised_date,
        realised_window=figures.realised_window,
        forecast_date=figures.forecast_date,
        realised_value=figures.realised_value,
        forecast_value=figures.forecast_value,
        error=figures.error,
        absolute_error=figures.absolute_error,
        covered=figures.covered,
        settled_from=settled,
    )


def pending(
    as_of: dt.date, reason: str, *, deadline: Deadline | None = None, open_ended: bool = False
) -> Resolution:
    """The resolution, as of ``as_of``, of a leaf whose outcome was not known by then."""
    return Resolution(
        status=Status.PENDING,
        as_of=as_of,
        reason=reason,
        open_ended=open_ended,
        deadline=deadline,
    )


def none_by(
    index: Timeline, subject: str, what: str, reports: Reports, last: dt.date, *, due: str
) -> Final | None:
    """NO: nothing happened by ``last`` — from completeness, or a report saying so.

    Whichever decided it first gives the day and the reason; a report that
    the event had not happened by ``last`` is among the deciding events
    either way (once its date has passed).
    """
    after = _text.day_after(last)
    if after is None:
        return None
    options: list[Final] = []
    complete = index.complete(subject)
    negative = reports.negative_from(last)
    if complete is not None and complete >= last:
        options.append(
            Final(
                status=Status.NO,
                day=after,
                reason=complete_no_text(what, due, subject, complete),
                # a report that it had not happened is evidence of the NO all the same
                also=() if negative is None else (negative,),
            )
        )
    if negative is not None:
        options.append(
            Final(
                status=Status.NO,
                day=max(after, negative.date.end),
                reason=negative_no_text(what, due, negative),
                events=(negative,),
            )
        )
    return min(options, key=lambda f: f.day, default=None)


def complete_no_text(what: str, due: str, subject: str, complete: dt.date) -> str:
    """The reason of a NO that the log's completeness decided."""
    return f"no {what} recorded by {due}; the log is complete for {subject} through {complete}"


def negative_no_text(what: str, due: str, negative: Event) -> str:
    """The reason of a NO that a "had not happened" report decided."""
    return f"{negative.id} reports no {what} as of {negative.date}, after {due}"


def disagree(what: str, conflict: Conflict) -> Final:
    """AMBIGUOUS: the reports of one event disagree, from the day that became visible."""
    a, b = conflict.first, conflict.other
    says = "had not happened" if not b.occurred else "happened"
    return Final(
        status=Status.AMBIGUOUS,
        day=conflict.day,
        reason=f"reports disagree on {what}: {a.id} says it happened {_text.when(a.date)}, "
        f"{b.id} says it {says} {_text.when(b.date)}",
        events=(a, b),
    )
