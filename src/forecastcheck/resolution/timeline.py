"""The event log indexed for questions: reports per event, state intervals, completeness.

:class:`Timeline` indexes an :class:`~forecastcheck.ledger.EventLog` once, for
the resolver in :mod:`forecastcheck.resolution.resolver` to ask of it: every report of one
event (a subject and a kind) summarised as :class:`Reports`, with the first
disagreement between them as a :class:`Conflict`; the spans a state held,
built from the events that start and end it, as a :class:`StateLine`; the
reported values of a quantity; the day through which the log claims to be
complete for a subject; and deadline and date phrases read against statement
dates, through the ledger's :class:`~forecastcheck.ledger.Readings` (each
phrase read once).
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Iterable, Sequence

import attrs
import numpy as np

from forecastcheck.ledger import (
    DateWindow,
    Deadline,
    DeadlineError,
    Event,
    EventLog,
    PointEstimate,
    Readings,
    is_open_ended,
)

__all__ = [
    "Conflict",
    "Reports",
    "StateLine",
    "Timeline",
]

_DAY = dt.timedelta(days=1)
_MIN = dt.date.min
_MAX = dt.date.max


def _event_key(event: Event) -> tuple[dt.date, dt.date, str]:
    return event.date.end, event.date.start, event.id


def _step_key(step: tuple[Event, bool]) -> tuple[dt.date, dt.date, bool, str]:
    """A state's transitions in date order, an end (``False``) before a start on the same dates."""
    event, starts = step
    window = event.date
    return window.start, window.end, starts, event.id


@attrs.frozen
class Conflict:
    """The earliest disagreement between the reports of one event.

    Args:
        day: the day the disagreement became visible.
        first: the positive report visible first.
        other: the report that disagrees with it: a later positive report
            whose window lies wholly after ``first``'s, or a "had not
            happened as of" report dated on or after the day ``first``
            became visible.
    """

    day: dt.date
    first: Event
    other: Event


class Reports:
    """Every report of one event (a subject and a kind), summarised once.

    ``first`` is the positive report visible first; ``window`` is where the
    reports, taken together, place the first occurrence (the overlap of the
    positive reports' windows, after the latest "had not happened as of"
    report); ``conflict`` is the earliest disagreement, if any (and then
    ``window`` is ``None``).

    Args:
        events: every report of the event, positive ("it happened") and
            negative ("it had not happened as of"), in any order.
    """

    __slots__ = ("_negative_ends", "_negative_starts", "conflict", "first", "window")

    def __init__(self, events: Sequence[Event]) -> None:
        self.conflict: Conflict | None = None
        self.window: DateWindow | None = None
        self.first: Event | None = None
        # shared empty tuples while there is no negative report (the common case)
        self._negative_starts: Sequence[dt.date] = ()
        self._negative_ends: Sequence[tuple[dt.date, str, Event]] = ()
        if not events:
            return
        if len(events) == 1 and events[0].occurred:  # the common case: one report
            self.first, self.window = events[0], events[0].date
            return
        positives = sorted([e for e in events if e.occurred], key=_event_key)
        negatives = [e for e in events if not e.occurred]
        self.first = positives[0] if positives else None
        if negatives:  # the rarer case: some report says it had not happened (as of a day)
            negatives.sort(key=lambda e: (e.date.start, *_event_key(e)))
            self._negative_starts = [e.date.start for e in negatives]
            # suffix minimum of (visible day, event): the earliest-visible report at or after a
            # start
            best: list[tuple[dt.date, str, Event]] = []
            for e in reversed(negatives):
                here = (e.date.end, e.id, e)
                best.append(here if not best or here[:2] < best[-1][:2] else best[-1])
            best.reverse()
            self._negative_ends = best
        first = self.first
        if first is None:
            return
        candidates: list[Conflict] = [
            Conflict(e.date.end, first, e) for e in positives if e.date.start > first.date.end
        ]
        late = self.negative_from(first.date.end) if negatives else None
        if late is not None:
            candidates.append(Conflict(max(late.date.end, first.date.end), first, late))
        if candidates:
            self.conflict = min(candidates, key=lambda c: (c.day, c.other.id))
            return
        start = max([e.date.start for e in positives])
        if negatives:
            start = max(start, negatives[-1].date.start + _DAY)
        self.window = DateWindow(start, first.date.end)

    @property
    def negated(self) -> bool:
        """Whether any report says the event had not happened (as of some day)."""
        return bool(self._negative_starts)

    def negative_from(self, day: dt.date) -> Event | None:
        """The earliest-visible "had not happened as of X" report with X on or after ``day``.

        Args:
            day: the first day X may be.

        Returns:
            The report, or ``None`` when no negative report reaches ``day``.
        """
        i = bisect.bisect_left(self._negative_starts, day)
        return self._negative_ends[i][2] if i < len(self._negative_ends) else None


class StateLine:
    """When one state held, from the events that start and end it.

    Starts and ends are taken in date order (an end before a start on the
    same date) and paired in order: a start while the state holds and an end
    while it does not are redundant; an end with no start before it means the
    state held from before the record began. The state holds from the day of
    its start up to, not including, the day of its end; with date windows it
    *surely* holds from the start window's end to before the end window's
    start, and *possibly* from the start window's start to before the end
    window's end.

    Args:
        steps: the transitions of the state: each an occurred event, with
            ``True`` when it starts the state and ``False`` when it ends it.
    """

    __slots__ = (
        "_possible",
        "_possible_ends",
        "_possible_starts",
        "_steps",
        "_sure",
        "_sure_starts",
    )

    def __init__(self, steps: Iterable[tuple[Event, bool]]) -> None:
        # built once per state asked of, most of them with one or two steps: plain loops, the
        # columns appended as the spans are found (a comprehension is a call of its own)
        ordered = sorted(steps, key=_step_key)
        self._steps = ordered
        intervals: list[tuple[Event | None, Event | None]] = []
        open_: Event | None = None
        is_open = False
        for event, starts in ordered:
            if starts:
                if not is_open:
                    open_, is_open = event, True
            elif is_open:
                intervals.append((open_, event))
                open_, is_open = None, False
            elif not intervals:
                intervals.append((None, event))
        if is_open:
            intervals.append((open_, None))
        # surely holds on [lo, hi): (lo, hi, start event)
        sure: list[tuple[dt.date, dt.date, Event | None]] = []
        # possibly holds on [lo, hi): merged, (lo, hi, the end event closing it)
        possible: list[tuple[dt.date, dt.date, Event | None]] = []
        sure_starts: list[dt.date] = []
        possible_starts: list[dt.date] = []
        possible_ends: list[dt.date] = []
        for start, end in intervals:
            if start is None:
                sure_lo = lo = _MIN
            else:
                window = start.date
                sure_lo, lo = window.end, window.start
            if end is None:
                sure_hi = hi = _MAX
            else:
                window = end.date
                sure_hi, hi = window.start, window.end
            if sure_lo < sure_hi:
                sure.append((sure_lo, sure_hi, start))
                sure_starts.append(sure_lo)
            if possible and lo <= possible_ends[-1]:
                if hi > possible_ends[-1]:
                    possible[-1] = (possible_starts[-1], hi, end)
                    possible_ends[-1] = hi
            else:
                possible.append((lo, hi, end))
                possible_starts.append(lo)
                possible_ends.append(hi)
        self._sure = sure
        self._possible = possible
        self._sure_starts = sure_starts
        self._possible_starts = possible_starts
        self._possible_ends = possible_ends

    def surely(self, day: dt.date) -> tuple[dt.date, dt.date, Event | None] | None:
        """The sure span holding ``day``, if any.

        Args:
            day: the day asked about.

        Returns:
            ``(lo, hi, start)``: the state surely holds on ``[lo, hi)``, from the
            ``start`` event (``None`` when it held from before the record
            began); or ``None`` when it does not surely hold on ``day``.
        """
        i = bisect.bisect_right(self._sure_starts, day) - 1
        if i >= 0 and day < self._sure[i][1]:
            return self._sure[i]
        return None

    def possibly(self, day: dt.date) -> bool:
        """Whether the state may have held on ``day``.

        Args:
            day: the day asked about.

        Returns:
            True when ``day`` lies in a possible span.
        """
        i = bisect.bisect_right(self._possible_starts, day) - 1
        return i >= 0 and day < self._possible[i][1]

    def ended_before(self, day: dt.date) -> Event | None:
        """The end event of the last possible span that closed on or before ``day``.

        Args:
            day: the day asked about.

        Returns:
            That end event, or ``None`` when no span closed by ``day`` (or the
            one that did never ended).
        """
        i = bisect.bisect_right(self._possible_ends, day) - 1
        return self._possible[i][2] if i >= 0 else None

    def first_gap(self, day: dt.date) -> tuple[dt.date, Event | None]:
        """The first day on or after ``day`` the state surely did not hold, with the end seen.

        Args:
            day: the first day to look at.

        Returns:
            ``(gap, end)``: ``gap`` is ``day`` itself when the state surely did
            not hold then, else the end of the possible span holding ``day``
            (``datetime.date.max`` when the state may hold from ``day`` on for
            good); ``end`` is the event closing that span, if any.
        """
        i = bisect.bisect_right(self._possible_starts, day) - 1
        if i >= 0 and day < self._possible[i][1]:
            return self._possible[i][1], self._possible[i][2]
        return day, None

    def next_end(self, day: dt.date) -> tuple[dt.date, Event | None]:
        """The first day on or after ``day`` an observed end leaves the state surely not holding.

        Args:
            day: the first day to look at.

        Returns:
            ``(day, end)``: the end of the possible span holding ``day``, or
            else of the next one, with the event closing it;
            ``(datetime.date.max, None)`` when there is none.
        """
        i = bisect.bisect_right(self._possible_starts, day) - 1
        if i < 0 or day >= self._possible[i][1]:
            i += 1
        if i < len(self._possible):
            return self._possible[i][1], self._possible[i][2]
        return _MAX, None

    def uncertain_until(self, first: dt.date, last: dt.date) -> dt.date:
        """The day every transition :meth:`uncertain_at` gives is visible, or ``last`` if later.

        Args:
            first: the first day of the period.
            last: the last day of the period.

        Returns:
            The latest of ``last`` and the last days of those transitions' windows.
        """
        day = last
        for event, _ in self._steps:
            window = event.date
            if window.start != window.end and window.start <= last and window.end >= first:
                day = max(day, window.end)
        return day

    def uncertain_at(self, first: dt.date, last: dt.date) -> tuple[Event, ...]:
        """The transitions whose windows are wider than a day and meet [first, last].

        Args:
            first: the first day of the period.
            last: the last day of the period.

        Returns:
            The start and end events, in date order, whose dates are uncertain
            within the period.
        """
        return tuple(
            e
            for e, _ in self._steps
            if e.date.start != e.date.end and e.date.start <= last and e.date.end >= first
        )


class Timeline:
    """The event log indexed once: reports by (subject, kind), transitions by state.

    Everything is built on first use and kept: each event's :class:`Reports`,
    each state's :class:`StateLine`, each quantity's values and each
    subject's completeness. Phrases are read through ``readings``.

    Args:
        log: the event log; kept as ``log``.
        readings: the phrase readings to use, a ledger's
            (:attr:`~forecastcheck.ledger.Ledger.readings`) when there is one;
            a fresh set, filled on demand, when ``None``. Kept as ``readings``.
    """

    def __init__(self, log: EventLog, readings: Readings | None = None) -> None:
        self.log = log
        self.readings = Readings() if readings is None else readings
        events = self._events = log.events
        # each event's key, "subject kind" (identifiers hold no space): strings, unlike tuples,
        # are not tracked by the garbage collector, which then has less to walk
        keys = [f"{event.subject} {event.kind}" for event in events]
        # each key's place in the log: its only report's, or its last one's (which stands for
        # no report of its own: a key in _several is read from there, never from here alone)
        self._places = dict(zip(keys, range(len(keys)), strict=True))
        # every report of each event reported more than once, in log order
        self._several: dict[str, list[Event]] = {}
        # the places of the reports of those events
        self._shared: np.ndarray = np.zeros(0, np.intp)
        if len(self._places) < len(keys):  # some event is reported more than once
            last = np.fromiter(map(self._places.__getitem__, keys), np.intp, len(keys))
            self._shared = np.flatnonzero(np.bincount(last, minlength=len(keys))[last] > 1)
            for i in self._shared.tolist():
                self._several.setdefault(keys[i], []).append(events[i])
        by_state: dict[str, list[tuple[Event, bool]]] = {}
        # the few events that start or end a state, picked out by one comprehension first
        for event in [e for e in events if e.starts or e.ends]:
            if event.occurred:
                for state in event.starts:
                    by_state.setdefault(state, []).append((event, True))
                for state in event.ends:
                    by_state.setdefault(state, []).append((event, False))
        self._by_state = by_state
        self._lone: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None
        self._reports: dict[str, Reports] = {}
        self._lines: dict[str, StateLine] = {}
        self._values: dict[str, list[Event]] = {}
        self._complete: dict[str, dt.date | None] = {}
        self._open: dict[str, bool] = {}  # whether each phrase read as a deadline is open-ended
        self._uniform = self.uniform_completeness()

    def _of(self, key: str) -> Sequence[Event]:
        """Every report of the event ``key`` (``"subject kind"``), in log order."""
        several = self._several.get(key)
        if several is not None:
            return several
        place = self._places.get(key)
        return () if place is None else (self._events[place],)

    def _lone_columns(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """By place in the log: whether the report is its event's only one and says it happened,
        and the first and last day of its window (made on first use, then kept)."""
        if self._lone is None:
            events, n = self._events, len(self._events)
            dates = [event.date for event in events]
            lone = np.fromiter([event.occurred for event in events], np.bool_, n)
            lone[self._shared] = False
            start = np.fromiter([d.start.toordinal() for d in dates], np.int64, n)
            end = np.fromiter([d.end.toordinal() for d in dates], np.int64, n)
            self._lone = (lone, start, end)
        return self._lone

    def reports(self, subject: str, kind: str) -> Reports:
        """Every report of one event, summarised.

        Args:
            subject: the event's subject.
            kind: the event's kind.

        Returns:
            The reports of that event (empty when the log has none).
        """
        return self._summary(f"{subject} {kind}")

    def _summary(self, key: str) -> Reports:
        """The reports of the event ``key`` (``"subject kind"``), summarised once and kept."""
        found = self._reports.get(key)
        if found is None:
            found = self._reports[key] = Reports(self._of(key))
        return found

    def summaries(self, keys: Sequence[str], never: int) -> tuple[np.ndarray, ...]:
        """The reports of many events summarised into columns, one entry per key.

        Args:
            keys: the events, each as ``"subject kind"``.
            never: the day that stands for "none".

        Returns:
            Four int64 columns: the day the reports' disagreement became
            visible (``never`` when they agree), the first and the last day of
            the window placing the first occurrence (``never`` when none does)
            and 1 where a report says the event had not happened (else 0), as
            :meth:`reports` gives them. An event reported once, as happened
            (the common case), is read straight off its report.
        """
        n = len(keys)
        conflict, negated = np.full(n, never, np.int64), np.zeros(n, np.int64)
        if not self._events:  # no place to look at (the columns below would be empty)
            return conflict, np.full(n, never, np.int64), np.full(n, never, np.int64), negated
        places = self._places
        at = np.fromiter([places.get(key, -1) for key in keys], np.intp, n)
        only, starts, ends = self._lone_columns()
        found = at >= 0
        at[~found] = 0  # any place: what is read there for a key not found is masked out
        lone = found & only[at]  # the common case: read straight off the one report
        start, end = starts[at], ends[at]  # int64, whatever type ``never`` has
        start[~lone] = end[~lone] = never
        for i in np.flatnonzero(found & ~lone).tolist():
            summary = self._summary(keys[i])
            if summary.conflict is not None:
                conflict[i] = summary.conflict.day.toordinal()
            elif summary.window is not None:
                start[i], end[i] = summary.window.start.toordinal(), summary.window.end.toordinal()
            negated[i] = int(summary.negated)
        return conflict, start, end, negated

    def negatives(self, keys: Sequence[str], days: Sequence[dt.date], never: int) -> np.ndarray:
        """For each event ``keys[i]`` (``"subject kind"``), the day its earliest-visible "had not
        happened as of X" report with X on or after ``days[i]`` became visible (the last day of
        its window), as :meth:`Reports.negative_from` finds it; ``never`` where there is none.

        Returns:
            An int64 column, one entry per key.
        """
        found = np.full(len(keys), never, np.int64)
        for i, (key, day) in enumerate(zip(keys, days, strict=True)):
            negative = self._summary(key).negative_from(day)
            if negative is not None:
                found[i] = negative.date.end.toordinal()
        return found

    def values(self, subject: str, quantity: str) -> list[Event]:
        """The reported values of one quantity of a subject.

        Args:
            subject: the subject measured.
            quantity: the event kind carrying the value.

        Returns:
            The occurred events with a value, the first visible first.
        """
        key = f"{subject} {quantity}"
        found = self._values.get(key)
        if found is None:
            reports = self._of(key)  # often none
            found = []
            if reports:
                found = [e for e in reports if e.occurred and e.value is not None]
                found.sort(key=_event_key)
            self._values[key] = found
        return found

    def line(self, state: str) -> StateLine:
        """When one state held.

        Args:
            state: the state's name, as events' ``starts`` and ``ends`` give it.

        Returns:
            The state's line (holding never, when no event starts or ends it).
        """
        found = self._lines.get(state)
        if found is None:
            found = self._lines[state] = StateLine(self._by_state.get(state, ()))
        return found

    def complete(self, name: str) -> dt.date | None:
        """The last day through which the log is complete for a subject or state.

        Args:
            name: the subject or state.

        Returns:
            That day, or ``None`` when the log claims no completeness for it.
        """
        if name not in self._complete:
            self._complete[name] = self.log.complete_for(name)
        return self._complete[name]

    def complete_day(self, name: str) -> int:
        """:meth:`complete` as a date ordinal, -1 when the log claims no completeness."""
        if self._uniform is not None:
            return self._uniform
        through = self.complete(name)
        return -1 if through is None else through.toordinal()

    def uniform_completeness(self) -> int | None:
        """The ordinal of the day every subject and state is complete through, -1 for none,
        when the log gives them all one (it names no subject or state of its own); else ``None``.
        """
        if self.log.subjects:
            return None
        through = self.log.complete_through
        return -1 if through is None else through.toordinal()

    def horizon(self, text: str | None, anchor: DateWindow) -> Deadline | None:
        """A deadline phrase read against a statement date.

        Args:
            text: the phrase, or ``None`` when none was given.
            anchor: the statement date.

        Returns:
            The deadline, or ``None`` for no phrase or an open-ended one.

        Raises:
            DeadlineError: the phrase cannot be read.
        """
        return None if text is None else self.readings.horizon(text, anchor)

    def deadline(self, text: str, anchor: DateWindow) -> Deadline:
        """A phrase that must name a date, read against a statement date.

        Args:
            text: the phrase.
            anchor: the statement date.

        Returns:
            The deadline.

        Raises:
            DeadlineError: the phrase cannot be read, or is open-ended.
        """
        open_ended = self._open.get(text)
        if open_ended is None:  # asked once per phrase, not once per question
            open_ended = self._open[text] = is_open_ended(text)
        if open_ended:
            raise DeadlineError(f"phrase {text!r} is open-ended: it names no date", text)
        return self.readings.deadline(text, anchor)

    def point(self, text: str, anchor: DateWindow) -> PointEstimate:
        """A date estimate read as one day, against a statement date.

        Args:
            text: the phrase.
            anchor: the statement date.

        Returns:
            The point estimate (see :func:`forecastcheck.ledger.parse_point`).

        Raises:
            DeadlineError: the phrase cannot be read.
        """
        return self.readings.point(text, anchor)
