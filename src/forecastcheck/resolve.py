"""Resolution: every proposition decided against the event log, as of a date.

A proposition is answered by the events of an :class:`~forecastcheck.ledger.EventLog`.
The answer depends on the date you ask: as of January 2024 nothing about the
Karabakh withdrawal was decided; by June 2024 much was. :func:`resolve` gives a
:class:`Resolution`: the :class:`Status`, the day the outcome became known, the
events that decided it and a one-line reason a person can read.

How it works. Each simple proposition (occurs, holds at, holds throughout,
date of, value of) is decided over the *whole* record: the record fixes the
outcome and the day it became known (``decided_on``). Resolving as of a date
then shows that outcome if it was known by then, and PENDING otherwise. So a
resolution never flips or reverts as the as-of date moves on, and a question is
never decided on an event that was not yet visible (an event is visible from
the last day of its date window). ``not`` / ``all`` / ``any`` combine the
as-of answers of their parts in three-valued (Kleene) logic. The rules are
described, with examples, in ``docs/resolution.md``.

Deadlines and dates inside propositions are kept as written and read here,
relative to the statement date (the *anchor*), with
:mod:`forecastcheck.ledger.deadlines`; each distinct (phrase, anchor) is read once. The
event log is indexed for these questions by :mod:`forecastcheck.timeline`.
"""

from __future__ import annotations

import datetime as dt
import enum
import functools
from collections.abc import Iterable, Sequence

import attrs

from forecastcheck.ledger import (
    AllOf,
    AnyOf,
    DateOf,
    DateWindow,
    Deadline,
    DeadlineError,
    Event,
    EventLog,
    HoldsAt,
    HoldsThroughout,
    If,
    Ledger,
    Not,
    Occurs,
    PointEstimate,
    Prediction,
    Proposition,
    Readings,
    ValueOf,
)
from forecastcheck.timeline import Conflict, Reports, Timeline

__all__ = [
    "Resolution",
    "Resolver",
    "Status",
    "Timing",
    "resolve",
    "resolve_ledger",
    "resolve_prediction",
    "statement_timing",
]

_DAY = dt.timedelta(days=1)
_MAX = dt.date.max


class Status(enum.Enum):
    """The outcome of a proposition as of a date.

    - ``YES`` / ``NO``: decided, and scored;
    - ``PENDING``: not decidable yet;
    - ``AMBIGUOUS``: reality is unclear (reports disagree, or a report's date
      cannot be placed on one side of a deadline); reported, not scored;
    - ``ANNULLED``: the question failed (a conditional whose condition did not
      happen); reported, not scored.

    .. versionadded:: 0.1
    """

    YES = "yes"
    NO = "no"
    PENDING = "pending"
    AMBIGUOUS = "ambiguous"
    ANNULLED = "annulled"

    @property
    def decided(self) -> bool:
        """Whether the outcome is known (anything but PENDING); it then never changes."""
        return self is not Status.PENDING

    def __str__(self) -> str:
        return self.name


@attrs.frozen(kw_only=True)
class Resolution:
    """A proposition resolved against the event log, as of a date.

    Args:
        status: the outcome.
        as_of: the date the question was asked.
        reason: one line a person can read: what decided it, or why not yet.
        decided_on: the day the outcome became known; ``None`` while PENDING.
        events: the events that decided it (both reports, when they disagree).
        open_ended: the claim has no horizon ("eventually", "never"): it can
            resolve one way only, and otherwise stays PENDING.
        deadline: the deadline the decision was measured against, if one.
        realised_date: for a date forecast, the day the event happened (the
            midpoint of its window when only a window is known).
        realised_window: for a date forecast, the window the event's date is
            known to (the overlap of every report of it).
        forecast_date: for a date forecast, the forecast day (the point).
        realised_value: for a value forecast, the value reported.
        forecast_value: for a value forecast, the point forecast.
        error: realised minus forecast: days for dates, units for values.
        absolute_error: the size of ``error``.
        covered: whether the stated interval held the realised date or value
            (``None`` when no interval was stated or it cannot be told).
        parts: the resolutions of the parts of ``not``, ``all``, ``any``, ``if``.
        settled_from: the first day the outcome may already have been settled:
            the first day of the deciding event's date window, ``decided_on``
            itself when that day is known; ``None`` while PENDING.

    .. versionadded:: 0.1
    """

    status: Status
    as_of: dt.date
    reason: str
    decided_on: dt.date | None = None
    events: tuple[Event, ...] = ()
    open_ended: bool = False
    deadline: Deadline | None = None
    realised_date: dt.date | None = None
    realised_window: DateWindow | None = None
    forecast_date: dt.date | None = None
    realised_value: float | None = None
    forecast_value: float | None = None
    error: float | None = None
    absolute_error: float | None = None
    covered: bool | None = None
    parts: tuple[Resolution, ...] = ()
    settled_from: dt.date | None = None

    @property
    def outcome(self) -> bool | None:
        """True for YES, False for NO, None for anything that is not scored."""
        if self.status is Status.YES:
            return True
        if self.status is Status.NO:
            return False
        return None


class Timing(enum.StrEnum):
    """When a call was stated, against the event that decided it (see :func:`statement_timing`).

    - ``AFTER_THE_FACT``: the statement window starts on or after the day the
      outcome became known; it is not a forecast and is never scored;
    - ``MAY_BE_AFTER_THE_FACT``: the statement window starts before that day
      but reaches the deciding event's date; it is scored, and flagged.

    .. versionadded:: 0.1
    """

    AFTER_THE_FACT = "AFTER_THE_FACT"
    MAY_BE_AFTER_THE_FACT = "MAY_BE_AFTER_THE_FACT"


def statement_timing(stated: DateWindow, resolution: Resolution) -> tuple[Timing, str] | None:
    """Whether a call was stated after the event, or the report, that decided it.

    Only a decided YES or NO is judged. The outcome became known on
    ``resolution.decided_on`` (the last day of the deciding event's or
    report's date window) and may have been settled from
    ``resolution.settled_from`` (its first day).

    Args:
        stated: when the call was made.
        resolution: its resolution.

    Returns:
        ``(Timing.AFTER_THE_FACT, why)`` when ``stated`` starts on or after
        ``decided_on``; ``(Timing.MAY_BE_AFTER_THE_FACT, why)`` when it starts
        before but ends on or after ``settled_from``; otherwise ``None``.

    .. versionadded:: 0.1
    """
    known = resolution.decided_on
    if resolution.status not in (Status.YES, Status.NO) or known is None:
        return None
    settled = known if resolution.settled_from is None else resolution.settled_from
    ids = ", ".join(e.id for e in resolution.events)
    by = f" ({ids})" if ids else ""
    if stated.start >= known:
        return Timing.AFTER_THE_FACT, (
            f"stated {stated}, on or after the outcome ({resolution.status}) was known on "
            f"{known}{by}: made after the fact, not a forecast, not scored"
        )
    if stated.end >= settled:
        when = f"on {known}" if settled == known else f"from {settled} to {known}"
        return Timing.MAY_BE_AFTER_THE_FACT, (
            f"stated {stated}, a window reaching the deciding event{by}, settled {when}: "
            f"it may have been made after the fact (scored)"
        )
    return None


# --- text -----------------------------------------------------------------


@functools.lru_cache(maxsize=1 << 16)
def _when(window: DateWindow) -> str:
    return f"on {window}" if window.start == window.end else f"in {window}"


def _rule(deadline: Deadline) -> str:
    return f"{deadline.last_day} ({deadline.phrase}: {deadline.rule})"


def _span(lo: dt.date | None, hi: dt.date | None) -> str:
    if lo is not None and hi is not None:
        return f"{lo}..{hi}"
    return f"from {lo} on" if lo is not None else f"up to {hi}"


def _day_after(day: dt.date) -> dt.date | None:
    """The next day; ``None`` after the calendar's last day, 9999-12-31.

    A NO is known the day after a deadline's last day, so a NO on a deadline
    ending 9999-12-31 is never known: such a question stays PENDING.
    """
    return None if day == _MAX else day + _DAY


def _complete_text(subject: str, complete: dt.date | None) -> str:
    if complete is None:
        return f"the log claims no completeness for {subject}"
    return f"the log is complete for {subject} only through {complete}"


# --- a leaf's outcome over the whole record ----------------------------------


@attrs.frozen(kw_only=True)
class _Final:
    """What the whole record says about a simple proposition, and when it became known.

    ``day`` is when the outcome became known; ``settled`` the first day the
    deciding event may have happened, when its date is a window (``day``
    when ``None``).
    """

    status: Status
    day: dt.date
    reason: str
    events: tuple[Event, ...] = ()
    settled: dt.date | None = None


@attrs.frozen(kw_only=True)
class _Figures:
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


_NO_FIGURES = _Figures(visible=_MAX)


@attrs.frozen(kw_only=True)
class _Interval:
    """A date forecast's point and the interval its yes/no question asks about."""

    point: PointEstimate
    lo: dt.date | None
    hi: dt.date | None
    latest: Deadline | None
    stated: str


# --- the resolver -------------------------------------------------------------


class Resolver:
    """Resolves propositions against one event log, indexed once for as long as it is kept.

    Make one per log and keep it for as many questions as you like: the log
    is indexed on first use (reports by subject and kind, states, values,
    completeness) and each distinct (phrase, statement date) is read once.
    The resolver (with the readings it is given) is the only cache: nothing
    is kept between calls of the module's functions.

    Args:
        log: the event log; it is immutable, so the index never goes stale.
        readings: the phrase readings to use: a ledger's
            (:attr:`~forecastcheck.ledger.Ledger.readings`), so its phrases
            are not read again; a fresh set, filled on demand, when ``None``.

    .. versionadded:: 0.1
    """

    def __init__(self, log: EventLog, readings: Readings | None = None) -> None:
        self.index = Timeline(log, readings)

    @property
    def log(self) -> EventLog:
        """The event log resolved against."""
        return self.index.log

    def resolve(
        self, proposition: Proposition, as_of: dt.date, *, anchor: DateWindow | dt.date
    ) -> Resolution:
        """Resolve ``proposition`` as of the day ``as_of``; see :func:`resolve`."""
        return self._resolve(proposition, as_of, _as_window(anchor))

    def resolve_prediction(self, prediction: Prediction, as_of: dt.date) -> Resolution:
        """Resolve a prediction against its statement date; see :func:`resolve_prediction`."""
        if prediction.proposition is None:
            raise ValueError(f"prediction {prediction.id!r} records no proposition")
        return self._resolve(prediction.proposition, as_of, prediction.stated)

    def resolve_all(
        self, predictions: Iterable[Prediction], as_of: dt.date
    ) -> dict[str, Resolution]:
        """Resolve every prediction that records a proposition; see :func:`resolve_ledger`."""
        return {
            prediction.id: self._resolve(prediction.proposition, as_of, prediction.stated)
            for prediction in predictions
            if prediction.proposition is not None
        }

    def timings(self, predictions: Iterable[Prediction]) -> dict[str, tuple[Timing, str]]:
        """The calls stated after, or maybe after, the event that decided them.

        Each prediction that records a proposition and is not marked
        unscorable is resolved on the whole record (as of 9999-12-31) and
        judged by :func:`statement_timing`.

        Returns:
            By prediction id, in order: the timing and why, for the flagged calls only.
        """
        out: dict[str, tuple[Timing, str]] = {}
        for prediction in predictions:
            if prediction.proposition is None or prediction.unscorable is not None:
                continue
            resolution = self._resolve(prediction.proposition, _MAX, prediction.stated)
            found = statement_timing(prediction.stated, resolution)
            if found is not None:
                out[prediction.id] = found
        return out

    def dates(
        self, proposition: Proposition, anchor: DateWindow | dt.date
    ) -> tuple[dt.date | None, ...]:
        """The days a simple proposition is decided against, read as resolution reads them.

        Two propositions of one kind, about the same thing, with the same
        dates here, ask the same question however their phrases are worded.

        Args:
            proposition: a simple proposition (``not``, ``all``, ``any`` and
                ``if`` have no dates of their own and give ``()``).
            anchor: the statement date.

        Returns:
            For ``occurs`` and ``value of``, the deadline's last day (``None``
            when open-ended); for ``holds at``, the day; for ``holds
            throughout``, the first and the last day of the period; for ``date
            of``, the forecast day and the interval's first and last day
            (``None`` for an open bound).

        Raises:
            DeadlineError: as :func:`resolve`.
        """
        window = _as_window(anchor)
        match proposition:
            case Occurs(deadline=text) | ValueOf(by=text):
                deadline = self.index.horizon(text, window)
                return (None if deadline is None else deadline.last_day,)
            case HoldsAt():
                return (self.index.point(proposition.date, window).day,)
            case HoldsThroughout():
                first, end = self._period(proposition, window)
                return (first, end.last_day)
            case DateOf():
                interval = self._interval(proposition, window)
                return (interval.point.day, interval.lo, interval.hi)
            case _:
                return ()

    def _resolve(self, proposition: Proposition, as_of: dt.date, anchor: DateWindow) -> Resolution:
        match proposition:
            case Occurs():
                return self._occurs(proposition, as_of, anchor)
            case HoldsAt():
                return self._holds_at(proposition, as_of, anchor)
            case HoldsThroughout():
                return self._holds_throughout(proposition, as_of, anchor)
            case DateOf():
                return self._date_of(proposition, as_of, anchor)
            case ValueOf():
                return self._value_of(proposition, as_of, anchor)
            case Not(proposition=inner):
                return _negate(self._resolve(inner, as_of, anchor))
            case AllOf(propositions=parts):
                return _all([self._resolve(p, as_of, anchor) for p in parts], as_of)
            case AnyOf(propositions=parts):
                return _any([self._resolve(p, as_of, anchor) for p in parts], as_of)
            case If(condition=condition, then=then):
                return _if(
                    self._resolve(condition, as_of, anchor), self._resolve(then, as_of, anchor)
                )
        raise TypeError(f"not a proposition: {type(proposition).__name__}")  # pragma: no cover

    # -- no occurrence by a day -------------------------------------------------

    def _none_by(
        self, subject: str, what: str, reports: Reports, last: dt.date, due: str
    ) -> _Final | None:
        """NO: nothing happened by ``last`` — from completeness, or a report saying so."""
        after = _day_after(last)
        if after is None:
            return None
        options: list[_Final] = []
        complete = self.index.complete(subject)
        if complete is not None and complete >= last:
            options.append(
                _Final(
                    status=Status.NO,
                    day=after,
                    reason=f"no {what} recorded by {due}; "
                    f"the log is complete for {subject} through {complete}",
                )
            )
        negative = reports.negative_from(last)
        if negative is not None:
            options.append(
                _Final(
                    status=Status.NO,
                    day=max(after, negative.date.end),
                    reason=f"{negative.id} reports no {what} as of {negative.date}, after {due}",
                    events=(negative,),
                )
            )
        return min(options, key=lambda f: f.day) if options else None

    @staticmethod
    def _disagree(what: str, conflict: Conflict) -> _Final:
        a, b = conflict.first, conflict.other
        says = "had not happened" if not b.occurred else "happened"
        return _Final(
            status=Status.AMBIGUOUS,
            day=conflict.day,
            reason=f"reports disagree on {what}: {a.id} says it happened {_when(a.date)}, "
            f"{b.id} says it {says} {_when(b.date)}",
            events=(a, b),
        )

    # -- occurs ---------------------------------------------------------------------

    def _occurs(self, p: Occurs, as_of: dt.date, anchor: DateWindow) -> Resolution:
        deadline = self.index.horizon(p.deadline, anchor)
        what = f"'{p.kind}' event for {p.subject}"
        reports = self.index.reports(p.subject, p.kind)
        first, window = reports.first, reports.window
        final: _Final | None = None
        if reports.conflict is not None:
            final = self._disagree(what, reports.conflict)
        elif deadline is None:
            if first is not None and window is not None:
                final = _Final(
                    status=Status.YES,
                    day=window.end,
                    reason=f"{what} {_when(first.date)} (open-ended: no deadline)",
                    events=(first,),
                    settled=window.start,
                )
        else:
            last = deadline.last_day
            due = f"the deadline {_rule(deadline)}"
            if first is not None and window is not None and window.start <= last:
                if window.end <= last:
                    final = _Final(
                        status=Status.YES,
                        day=window.end,
                        reason=f"{what} {_when(first.date)}, before {due}",
                        events=(first,),
                        settled=window.start,
                    )
                else:
                    final = _Final(
                        status=Status.AMBIGUOUS,
                        day=window.end,
                        reason=f"{what} {_when(window)}: the date straddles {due}",
                        events=(first,),
                    )
            else:
                final = self._none_by(p.subject, what, reports, last, due)
        if final is not None and final.day <= as_of:
            return _leaf(final, as_of, deadline=deadline, open_ended=deadline is None)
        return Resolution(
            status=Status.PENDING,
            as_of=as_of,
            reason=self._occurs_pending(p.subject, what, reports, deadline, as_of),
            open_ended=deadline is None,
            deadline=deadline,
        )

    def _occurs_pending(
        self,
        subject: str,
        what: str,
        reports: Reports,
        deadline: Deadline | None,
        as_of: dt.date,
    ) -> str:
        first, window = reports.first, reports.window
        complete = self.index.complete(subject)
        if first is not None and first.date.end <= as_of:
            if deadline is not None and window is not None and window.start > deadline.last_day:
                return (
                    f"{what} recorded {_when(first.date)}, after the deadline {_rule(deadline)}; "
                    f"an earlier one is not excluded: {_complete_text(subject, complete)}"
                )
            return f"{what} is reported, but the reports are not settled as of {as_of}"
        if deadline is None:
            return f"open-ended: no {what} recorded as of {as_of}"
        if as_of <= deadline.last_day:
            return (
                f"no {what} recorded as of {as_of}; the deadline {_rule(deadline)} has not passed"
            )
        return (
            f"no {what} recorded by the deadline {_rule(deadline)}, "
            f"but {_complete_text(subject, complete)}"
        )

    # -- holds at -----------------------------------------------------------------

    def _holds_at(self, p: HoldsAt, as_of: dt.date, anchor: DateWindow) -> Resolution:
        point = self.index.point(p.date, anchor)
        day = point.day
        line = self.index.line(p.state)
        complete = self.index.complete(p.state)
        at = f"on {day}" if p.date.strip() == str(day) else f"on {day} ({p.date}: {point.rule})"
        final: _Final | None = None
        if complete is not None and complete >= day:
            span = line.surely(day)
            if span is not None:
                start = span[2]
                since = (
                    f"since {start.id} {_when(start.date)}" if start else "from the record's start"
                )
                final = _Final(
                    status=Status.YES,
                    day=day,
                    reason=f"{p.state} holds {at}: {since}",
                    events=(start,) if start else (),
                )
            elif not line.possibly(day):
                end = line.ended_before(day)
                why = f"ended by {end.id} {_when(end.date)}" if end else "never started"
                final = _Final(
                    status=Status.NO,
                    day=day,
                    reason=f"{p.state} does not hold {at}: {why}",
                    events=(end,) if end else (),
                )
            else:
                unsure = line.uncertain_at(day, day)
                final = _Final(
                    status=Status.AMBIGUOUS,
                    day=max([day, *(e.date.end for e in unsure)]),
                    reason=f"{p.state} may or may not hold {at}: "
                    + ", ".join(f"{e.id} is dated {e.date}" for e in unsure),
                    events=unsure,
                )
        if final is not None and final.day <= as_of:
            return _leaf(final, as_of)
        if as_of < day:
            why = f"{p.state} is asked about {at}, after {as_of}"
        else:
            why = f"{p.state} {at} is unknown: {_complete_text(p.state, complete)}"
        return Resolution(status=Status.PENDING, as_of=as_of, reason=why)

    # -- holds throughout ---------------------------------------------------------

    def _period(self, p: HoldsThroughout, anchor: DateWindow) -> tuple[dt.date, Deadline]:
        """The period's first day and its end's deadline."""
        first = self.index.deadline(p.start, anchor).window.start
        end = self.index.deadline(p.end, anchor)
        if end.last_day < first:
            raise DeadlineError(
                f"period {p.start!r} to {p.end!r} ends ({end.last_day}) before it starts ({first})",
                p.end,
            )
        return first, end

    def _holds_throughout(
        self, p: HoldsThroughout, as_of: dt.date, anchor: DateWindow
    ) -> Resolution:
        first, end = self._period(p, anchor)
        last = end.last_day
        line = self.index.line(p.state)
        complete = self.index.complete(p.state)
        period = f"from {first} to {_rule(end)}"
        final: _Final | None = None
        options: list[_Final] = []
        gap, ender = line.first_gap(first)
        if gap <= last and complete is not None and complete >= gap:
            seen = f"it ended {_when(ender.date)} ({ender.id})" if ender else "it was not holding"
            options.append(
                _Final(
                    status=Status.NO,
                    day=gap,
                    reason=f"{p.state} does not hold on {gap}, within the period {period}: {seen}",
                    events=(ender,) if ender else (),
                )
            )
        stop, stopper = line.next_end(first)
        if stop <= last and stopper is not None:
            options.append(
                _Final(
                    status=Status.NO,
                    day=stop,
                    reason=f"{p.state} ends {_when(stopper.date)} ({stopper.id}), "
                    f"within the period {period}",
                    events=(stopper,),
                    settled=max(first, stopper.date.start),
                )
            )
        if options:
            final = min(options, key=lambda f: f.day)
        elif complete is not None and complete >= last:
            span = line.surely(first)
            if span is not None and span[1] > last:
                start = span[2]
                since = (
                    f"since {start.id} {_when(start.date)}" if start else "from the record's start"
                )
                final = _Final(
                    status=Status.YES,
                    day=last,
                    reason=f"{p.state} holds every day {period}: {since}",
                    events=(start,) if start else (),
                )
            else:
                unsure = line.uncertain_at(first, last)
                final = _Final(
                    status=Status.AMBIGUOUS,
                    day=max([last, *(e.date.end for e in unsure)]),
                    reason=f"{p.state} may not hold every day {period}: "
                    + ", ".join(f"{e.id} is dated {e.date}" for e in unsure),
                    events=unsure,
                )
        if final is not None and final.day <= as_of:
            return _leaf(final, as_of, deadline=end)
        if as_of <= last:
            why = f"{p.state} has held so far in the period {period}, as of {as_of}"
        else:
            why = f"{p.state} {period} is unknown: {_complete_text(p.state, complete)}"
        return Resolution(status=Status.PENDING, as_of=as_of, reason=why, deadline=end)

    # -- date of ------------------------------------------------------------------

    def _interval(self, p: DateOf, anchor: DateWindow) -> _Interval:
        """A date forecast's point and interval, read against the statement date."""
        point = self.index.point(p.point, anchor)
        if p.earliest is None and p.latest is None:
            return _Interval(
                point=point,
                lo=point.window.start,
                hi=point.window.end,
                latest=None,
                stated=f"the window {point.window} named by {p.point!r}",
            )
        lo = self.index.deadline(p.earliest, anchor).window.start if p.earliest else None
        latest = self.index.deadline(p.latest, anchor) if p.latest else None
        hi = latest.last_day if latest else None
        return _Interval(
            point=point, lo=lo, hi=hi, latest=latest, stated=f"the stated interval {_span(lo, hi)}"
        )

    def _date_of(self, p: DateOf, as_of: dt.date, anchor: DateWindow) -> Resolution:
        interval = self._interval(p, anchor)
        point, lo, hi = interval.point, interval.lo, interval.hi
        latest, stated = interval.latest, interval.stated
        what = f"'{p.kind}' event for {p.subject}"
        reports = self.index.reports(p.subject, p.kind)
        first, window = reports.first, reports.window
        final: _Final | None = None
        figures: _Figures | None = None
        if reports.conflict is not None:
            final = self._disagree(what, reports.conflict)
        elif first is not None and window is not None:
            realised = window.start if window.start == window.end else window.midpoint
            error = (realised - point.day).days
            inside = (lo is None or window.start >= lo) and (hi is None or window.end <= hi)
            after = hi is not None and window.start > hi
            outside = after or (lo is not None and window.end < lo)
            figures = _Figures(
                visible=window.end,
                realised_date=realised,
                realised_window=window,
                forecast_date=point.day,
                error=error,
                absolute_error=abs(error),
                covered=True if inside else False if outside else None,
            )
            happened = (
                f"{what} {_when(first.date)}"
                + ("" if window == first.date else f" (reports agree on {window})")
                + f"; forecast {point.day} ({p.point}), error {error:+d} days"
            )
            if inside:
                final = _Final(
                    status=Status.YES,
                    day=window.end,
                    reason=f"{happened}; within {stated}",
                    events=(first,),
                    settled=window.start,
                )
            elif outside:
                final = _Final(
                    status=Status.NO,
                    day=window.end,
                    reason=f"{happened}; outside {stated}",
                    events=(first,),
                    settled=window.start,
                )
                if after and hi is not None:
                    early = self._none_by(p.subject, what, reports, hi, f"the end {hi} of {stated}")
                    if early is not None and early.day < final.day:
                        final = early
            else:
                final = _Final(
                    status=Status.AMBIGUOUS,
                    day=window.end,
                    reason=f"{happened}; the date straddles {stated}",
                    events=(first,),
                )
        elif hi is not None:
            final = self._none_by(p.subject, what, reports, hi, f"the end {hi} of {stated}")
        open_ended = hi is None
        if final is not None and final.day <= as_of:
            shown = figures if figures is not None and figures.visible <= as_of else None
            return _leaf(final, as_of, deadline=latest, open_ended=open_ended, figures=shown)
        if first is not None and first.date.end <= as_of:
            why = f"{what} is reported, but the reports are not settled as of {as_of}"
        elif hi is None or as_of <= hi:
            why = f"no {what} recorded as of {as_of}; {stated} has not passed"
        else:
            complete = self.index.complete(p.subject)
            why = f"no {what} recorded by {hi}, but {_complete_text(p.subject, complete)}"
        return Resolution(
            status=Status.PENDING,
            as_of=as_of,
            reason=why,
            open_ended=open_ended,
            deadline=latest,
            forecast_date=point.day,
        )

    # -- value of -----------------------------------------------------------------

    def _value_of(self, p: ValueOf, as_of: dt.date, anchor: DateWindow) -> Resolution:
        deadline = self.index.horizon(p.by, anchor)
        last = deadline.last_day if deadline else None
        what = f"{p.quantity} of {p.subject}"
        counted = [
            e
            for e in self.index.values(p.subject, p.quantity)
            if last is None or e.date.start <= last
        ]
        final: _Final | None = None
        figures: _Figures | None = None
        if counted:
            first = counted[0]
            value = float(_value(first))
            other = next((e for e in counted if _value(e) != value), None)
            if other is not None:
                final = _Final(
                    status=Status.AMBIGUOUS,
                    day=other.date.end,
                    reason=f"reports disagree on {what}: {first.id} says {_value(first):g} "
                    f"{_when(first.date)}, {other.id} says {_value(other):g} {_when(other.date)}",
                    events=(first, other),
                )
            else:
                if p.lower is None and p.upper is None:
                    inside, stated, covered = value == p.point, f"the point {p.point:g}", None
                else:
                    inside = (p.lower is None or value >= p.lower) and (
                        p.upper is None or value <= p.upper
                    )
                    low = "…" if p.lower is None else f"{p.lower:g}"
                    high = "…" if p.upper is None else f"{p.upper:g}"
                    stated, covered = f"the stated interval {low}..{high}", inside
                error = value - p.point
                figures = _Figures(
                    visible=first.date.end,
                    realised_value=value,
                    forecast_value=p.point,
                    error=error,
                    absolute_error=abs(error),
                    covered=covered,
                )
                final = _Final(
                    status=Status.YES if inside else Status.NO,
                    day=first.date.end,
                    reason=f"{what} was {value:g} {_when(first.date)} ({first.id}): "
                    f"{'within' if inside else 'outside'} {stated}; error {error:+g}",
                    events=(first,),
                    settled=first.date.start,
                )
        elif deadline is not None and last is not None:
            complete = self.index.complete(p.subject)
            after = _day_after(last)
            if complete is not None and complete >= last and after is not None:
                final = _Final(
                    status=Status.AMBIGUOUS,
                    day=after,
                    reason=f"no {what} recorded by the deadline {_rule(deadline)}, "
                    f"although the log is complete for {p.subject} through {complete}",
                )
        if final is not None and final.day <= as_of:
            return _leaf(
                final, as_of, deadline=deadline, open_ended=deadline is None, figures=figures
            )
        return Resolution(
            status=Status.PENDING,
            as_of=as_of,
            reason=f"no settled {what} recorded as of {as_of}",
            open_ended=deadline is None,
            deadline=deadline,
            forecast_value=p.point,
        )


def _value(event: Event) -> float:
    """The value an event reports (only called for events that carry one)."""
    assert event.value is not None
    return event.value


def _leaf(
    final: _Final,
    as_of: dt.date,
    *,
    deadline: Deadline | None = None,
    open_ended: bool = False,
    figures: _Figures | None = None,
) -> Resolution:
    f = figures or _NO_FIGURES
    return Resolution(
        status=final.status,
        as_of=as_of,
        reason=final.reason,
        decided_on=final.day,
        events=final.events,
        open_ended=open_ended,
        deadline=deadline,
        realised_date=f.realised_date,
        realised_window=f.realised_window,
        forecast_date=f.forecast_date,
        realised_value=f.realised_value,
        forecast_value=f.forecast_value,
        error=f.error,
        absolute_error=f.absolute_error,
        covered=f.covered,
        settled_from=final.day if final.settled is None else final.settled,
    )


# --- three-valued logic -------------------------------------------------------

_SWAP = {Status.YES: Status.NO, Status.NO: Status.YES}


def _merged(parts: Iterable[Resolution]) -> tuple[Event, ...]:
    seen: dict[str, Event] = {}
    for part in parts:
        for event in part.events:
            seen.setdefault(event.id, event)
    return tuple(seen.values())


def _negate(inner: Resolution) -> Resolution:
    status = _SWAP.get(inner.status, inner.status)
    if status is Status.PENDING:
        reason = inner.reason
    else:
        reason = f"the negated proposition is {inner.status}: {inner.reason}"
    return attrs.evolve(inner, status=status, reason=reason, parts=(inner,))


def _undecided(parts: Sequence[Resolution], as_of: dt.date, how: str) -> Resolution:
    """The result when no part decides: PENDING if any part may still, else AMBIGUOUS/ANNULLED."""
    open_ended = any(p.open_ended for p in parts)
    pending = [i for i, p in enumerate(parts) if p.status is Status.PENDING]
    if pending:
        which = ", ".join(str(i + 1) for i in pending)
        return Resolution(
            status=Status.PENDING,
            as_of=as_of,
            reason=f"{how}: part {which} not decided yet; {parts[pending[0]].reason}",
            open_ended=open_ended,
            parts=tuple(parts),
        )
    status = (
        Status.AMBIGUOUS if any(p.status is Status.AMBIGUOUS for p in parts) else Status.ANNULLED
    )
    failed = [(i, p) for i, p in enumerate(parts) if p.status is status]
    return Resolution(
        status=status,
        as_of=as_of,
        reason=f"{how}: " + "; ".join(f"part {i + 1} is {p.status}: {p.reason}" for i, p in failed),
        decided_on=max(p.decided_on for p in parts if p.decided_on is not None),
        settled_from=max(p.settled_from for p in parts if p.settled_from is not None),
        events=_merged(p for _, p in failed),
        open_ended=open_ended,
        parts=tuple(parts),
    )


def _decisive(
    parts: Sequence[Resolution], status: Status, as_of: dt.date, how: str
) -> Resolution | None:
    """The earliest part with ``status`` decides the whole (NO for all, YES for any)."""
    hits = [(p.decided_on or _MAX, i, p) for i, p in enumerate(parts) if p.status is status]
    if not hits:
        return None
    _, i, part = min(hits, key=lambda h: (h[0], h[1]))
    return Resolution(
        status=status,
        as_of=as_of,
        reason=f"{how}: part {i + 1} is {status}: {part.reason}",
        decided_on=part.decided_on,
        settled_from=min(p.settled_from or _MAX for _, _, p in hits),
        events=part.events,
        open_ended=any(p.open_ended for p in parts),
        deadline=part.deadline,
        parts=tuple(parts),
    )


def _every(
    parts: Sequence[Resolution], status: Status, as_of: dt.date, how: str
) -> Resolution | None:
    """Every part has ``status`` (YES for all, NO for any): known when the last one was."""
    if not all(p.status is status for p in parts):
        return None
    days = [p.decided_on for p in parts if p.decided_on is not None]
    return Resolution(
        status=status,
        as_of=as_of,
        reason=f"{how}: every part is {status}: " + "; ".join(p.reason for p in parts),
        decided_on=max(days),
        settled_from=max(p.settled_from for p in parts if p.settled_from is not None),
        events=_merged(parts),
        open_ended=any(p.open_ended for p in parts),
        parts=tuple(parts),
    )


def _all(parts: Sequence[Resolution], as_of: dt.date) -> Resolution:
    return (
        _decisive(parts, Status.NO, as_of, "all")
        or _every(parts, Status.YES, as_of, "all")
        or _undecided(parts, as_of, "all")
    )


def _any(parts: Sequence[Resolution], as_of: dt.date) -> Resolution:
    return (
        _decisive(parts, Status.YES, as_of, "any")
        or _every(parts, Status.NO, as_of, "any")
        or _undecided(parts, as_of, "any")
    )


def _if(condition: Resolution, then: Resolution) -> Resolution:
    as_of = condition.as_of
    parts = (condition, then)
    open_ended = condition.open_ended or then.open_ended
    if condition.status is Status.NO:
        return Resolution(
            status=Status.ANNULLED,
            as_of=as_of,
            reason=f"annulled: the condition did not hold: {condition.reason}",
            decided_on=condition.decided_on,
            settled_from=condition.settled_from,
            events=condition.events,
            open_ended=open_ended,
            deadline=condition.deadline,
            parts=parts,
        )
    if condition.status is Status.YES:
        if then.status is Status.PENDING:
            return attrs.evolve(
                then,
                reason=f"the condition holds; the consequent is pending: {then.reason}",
                open_ended=open_ended,
                parts=parts,
            )
        assert condition.decided_on is not None
        assert then.decided_on is not None
        return attrs.evolve(
            then,
            reason=f"the condition holds ({condition.reason}); then {then.status}: {then.reason}",
            decided_on=max(condition.decided_on, then.decided_on),
            settled_from=max(condition.settled_from or _MAX, then.settled_from or _MAX),
            events=_merged(parts),
            open_ended=open_ended,
            parts=parts,
        )
    if condition.status is Status.PENDING:
        return Resolution(
            status=Status.PENDING,
            as_of=as_of,
            reason=f"the condition is not decided yet: {condition.reason}",
            open_ended=open_ended,
            parts=parts,
        )
    return attrs.evolve(
        condition,
        reason=f"the condition is {condition.status}: {condition.reason}",
        open_ended=open_ended,
        parts=parts,
    )


# --- public API ---------------------------------------------------------------


def _as_window(anchor: DateWindow | dt.date) -> DateWindow:
    if isinstance(anchor, DateWindow):
        return anchor
    return DateWindow.day(anchor)


def resolve(
    proposition: Proposition,
    log: EventLog,
    as_of: dt.date,
    *,
    anchor: DateWindow | dt.date,
) -> Resolution:
    """Resolve ``proposition`` against ``log`` as of the day ``as_of``.

    Args:
        proposition: what is claimed.
        log: what happened, and how far the record is complete.
        as_of: the day the question is asked; only what was known by then counts.
        anchor: the statement date, against which relative phrases ("this
            year", "within six months") in the proposition are read.

    Returns:
        The resolution: status, the day it became known, the deciding events
        and the reason. Each call indexes ``log`` afresh; to ask many
        questions of one log, keep a :class:`Resolver`, or use
        :func:`resolve_ledger`.

    Raises:
        DeadlineError: a deadline or date phrase in the proposition cannot be
            read (unrecognised, or ambiguous for an uncertain ``anchor``), or a
            period ends before it starts.

    .. versionadded:: 0.1
    """
    return Resolver(log).resolve(proposition, as_of, anchor=anchor)


def resolve_prediction(prediction: Prediction, log: EventLog, as_of: dt.date) -> Resolution:
    """Resolve a prediction's proposition, reading its phrases against when it was stated.

    Args:
        prediction: the prediction; its ``stated`` window is the anchor.
        log: the event log.
        as_of: the day the question is asked.

    Returns:
        The resolution of ``prediction.proposition``.

    Raises:
        ValueError: the prediction records no proposition.
        DeadlineError: as :func:`resolve`.

    .. versionadded:: 0.1
    """
    return Resolver(log).resolve_prediction(prediction, as_of)


def resolve_ledger(
    ledger: Ledger,
    as_of: dt.date,
) -> dict[str, Resolution]:
    """Resolve every prediction of a ledger that records a proposition, in one pass.

    The log is indexed once (by one :class:`Resolver`, dropped on return) and
    the phrases are those the ledger read when it was built
    (:attr:`~forecastcheck.ledger.Ledger.readings`). Unscorable predictions
    are resolved too when they record a proposition; predictions without one
    are left out. Nothing is left to fail here: a :class:`Ledger` refuses,
    when it is built, every phrase that cannot be read and every period that
    ends before it starts.

    Args:
        ledger: the ledger.
        as_of: the day the questions are asked.

    Returns:
        The resolution of each prediction, by prediction id, in ledger order.

    .. versionadded:: 0.1
    """
    return Resolver(ledger.log, ledger.readings).resolve_all(ledger.predictions, as_of)
