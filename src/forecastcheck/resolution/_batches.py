"""Batches for ``date of``, ``value of``, ``holds at`` and ``holds throughout``, in columns.

Each batch follows the protocol of :mod:`~forecastcheck.resolution._batch`.
:meth:`~_Questions.add` files a row under its *question*: the proposition's
fields that the rule reads and the reading of its phrases (each distinct
phrase and statement window read once through the
:class:`~forecastcheck.resolution.timeline.Timeline`, a phrase whose reading
depends on no date once for all), so rows asking alike share everything
after. A new question is joined then to what the log says of it, as plain
numbers (date ordinals): its state's spans, its quantity's values, its
subject's completeness (a ``date of`` question's event's reports are
summarised for every question at once, when the batch decides, by
:meth:`~forecastcheck.resolution.timeline.Timeline.summaries`).
:meth:`~_Questions.decide` turns those columns, with numpy over every
question at once, into the status and day the whole record gives each (as the rule in
:mod:`~forecastcheck.resolution.estimates` or
:mod:`~forecastcheck.resolution.leaves` decides it), and then into the
as-of answer of every row. :meth:`~_Questions.record` builds a row's
:class:`~forecastcheck.resolution.Resolution` only when it is read, by the
rule's own answer function (``date_answer``, ``value_answer``,
``holds_at_answer``, ``throughout_answer``) from the readings and summaries
already made, once per question and as-of date: every reason is worded by
the rule alone.
"""

from __future__ import annotations

import array
import datetime as dt
from collections.abc import Callable, Hashable
from typing import Any, TypeVar, cast

import numpy as np

from forecastcheck.ledger import (
    DateOf,
    DateWindow,
    Deadline,
    HoldsAt,
    HoldsThroughout,
    PointEstimate,
    Proposition,
    ValueOf,
)
from forecastcheck.ledger.dates import How
from forecastcheck.resolution import estimates, leaves
from forecastcheck.resolution._batch import STATUSES
from forecastcheck.resolution._final import Figures, Final
from forecastcheck.resolution.estimates import Interval
from forecastcheck.resolution.outcomes import Resolution, Status
from forecastcheck.resolution.timeline import Timeline

__all__ = ["DateOfBatch", "HoldsAtBatch", "HoldsThroughoutBatch", "ValueOfBatch"]

_MAX_ORD = dt.date.max.toordinal()
_BIG = _MAX_ORD + 10  # later than any day: "never", "no such bound"
_SMALL = -_BIG  # earlier than any day
#: What a ``value of`` question with no value counted is joined to: no first value, none
#: visible, no other one.
_UNCOUNTED: tuple[float | None, int, int] = (None, _BIG, _BIG)

YES, NO, PENDING, AMBIGUOUS = (
    STATUSES.index(s) for s in (Status.YES, Status.NO, Status.PENDING, Status.AMBIGUOUS)
)

#: A date forecast's point, interval bounds and latest deadline (``estimates.bounds``).
_Bounds = tuple[PointEstimate, dt.date | None, dt.date | None, Deadline | None]
#: How each batch's phrases are read (a ``date of``'s point and bounds, a period's ends).
_DATE_HOWS: tuple[How, ...] = ("point", "deadline", "deadline")
_PERIOD_HOWS: tuple[How, ...] = ("deadline", "deadline")


#: The statement window a question's phrases are read against; ``None`` when read alike on
#: every date.
_When = tuple[dt.date, dt.date] | None
_P = TypeVar("_P", bound=Proposition)
_R = TypeVar("_R")
#: The rule's reading of a proposition's phrases against a statement date (it may refuse them).
_Read = Callable[[Timeline, _P, DateWindow], _R]


def _ord(day: dt.date | None, none: int) -> int:
    return none if day is None else day.toordinal()


class _Questions:
    """Rows filed under distinct questions; answers in columns, records built on read.

    A subclass's ``add`` names what its question is asked of and calls
    :meth:`_ask`, which finds the row's question by that, its phrases and
    the statement window :meth:`_when` says they depend on, has
    :meth:`_new` append a new question's columns (from :meth:`_reading` of
    its phrases), and files the row; the subclass gives :meth:`_new`,
    :meth:`_whole` (each question's status code and day over the whole
    record, ``_BIG`` for none) and :meth:`_record`.
    """

    def __init__(self, index: Timeline) -> None:
        self.index = index
        self.rows = array.array("q")  # each row's question
        self._codes: dict[Hashable, int] = {}  # each question's code, by its key
        self._fixed: dict[tuple[str | None, ...], bool] = {}  # phrases read alike on every date
        self._whole_cache: tuple[np.ndarray, np.ndarray] | None = None
        self._records: dict[int, Resolution] = {}  # by question, as of ``_as_of``
        self._as_of: dt.date | None = None
        # the rule's reading of each question's phrases, by (phrases, window): many share one
        self._readings: dict[tuple[tuple[str | None, ...], _When], Any] = {}

    def _ask(
        self,
        head: Hashable,
        texts: tuple[str | None, ...],
        p: _P,
        anchor: DateWindow,
        *,
        hows: tuple[How, ...],
        read: _Read[_P, object],
    ) -> int:
        """File one row; its row number.

        Its question is found by ``head`` (what the proposition asks of, and
        any other field the rule reads), its phrases ``texts`` (each read as
        ``hows`` says, by ``read``) and the statement window they depend on;
        a new one is made by :meth:`_new`. Called once per row of a large
        ledger, so the common steps are written out here.
        """
        fixed = self._fixed.get(texts)
        if fixed is None:
            when = self._when(texts, hows, p, anchor, read)
        else:
            when = None if fixed else (anchor.start, anchor.end)
        key = (head, texts, when)
        code = self._codes.get(key)
        if code is None:
            self._new(p, anchor, self._reading(texts, when, p, anchor, read))
            code = self._codes[key] = len(self._codes)
            self._whole_cache = None
        rows = self.rows
        rows.append(code)
        return len(rows) - 1

    def _when(
        self,
        texts: tuple[str | None, ...],
        hows: tuple[How, ...],
        p: _P,
        anchor: DateWindow,
        read: _Read[_P, object],
    ) -> _When:
        """The statement window the reading of ``texts``, met for the first time, depends on:
        ``None`` when they are read alike on every date, else ``anchor``'s two days.

        The rule reads them (``read``, which may refuse them: nothing is kept
        then, and they are met again as new), and whether every one of them
        is read alike on every date (as the readings, which the rule has just
        filled, say) is kept for the next row asking them, with the reading.
        """
        reading = read(self.index, p, anchor)
        alike = self.index.readings.fixed
        fixed = True
        for text, how in zip(texts, hows, strict=True):
            if text and not alike(text, how):  # the rule reads no empty bound either
                fixed = False
                break
        self._fixed[texts] = fixed
        when = None if fixed else (anchor.start, anchor.end)
        self._readings[texts, when] = reading
        return when

    def _reading(
        self,
        texts: tuple[str | None, ...],
        when: _When,
        p: _P,
        anchor: DateWindow,
        read: _Read[_P, _R],
    ) -> _R:
        """The rule's reading of ``texts`` against ``when`` (as :meth:`_when` gave it), made
        by ``read`` once for every question asking it."""
        key, readings = (texts, when), self._readings
        if key in readings:
            return cast(_R, readings[key])
        found = readings[key] = read(self.index, p, anchor)
        return found

    def decide(self, as_of: dt.date) -> tuple[np.ndarray, np.ndarray]:
        """Every row's status code and decision day (an ordinal, 0 while PENDING) as of a date."""
        if self._whole_cache is None:
            self._whole_cache = self._whole()
        status, day = self._whole_cache
        known = day <= as_of.toordinal()
        rows = np.array(self.rows, np.intp)
        codes = np.where(known, status, PENDING).astype(np.int8)
        days = np.where(known, day, 0).astype(np.int64)
        return codes[rows], days[rows]

    def record(self, row: int, as_of: dt.date) -> Resolution:
        """Row ``row``'s resolution as of ``as_of``, built once per question and as-of date."""
        if as_of != self._as_of:
            self._records, self._as_of = {}, as_of
        question = self.rows[row]
        found = self._records.get(question)
        if found is None:
            found = self._records[question] = self._record(question, as_of)
        return found

    def add(self, proposition: Proposition, anchor: DateWindow) -> int:  # pragma: no cover
        raise NotImplementedError

    def _new(self, p: Any, anchor: DateWindow, reading: Any) -> None:  # pragma: no cover
        raise NotImplementedError

    def _whole(self) -> tuple[np.ndarray, np.ndarray]:  # pragma: no cover - abstract
        raise NotImplementedError

    def _record(self, question: int, as_of: dt.date) -> Resolution:  # pragma: no cover
        raise NotImplementedError


def _columns(columns: list[list[int]]) -> list[np.ndarray]:
    return [np.asarray(column, np.int64) for column in columns]


# -- date of ------------------------------------------------------------------


class DateOfBatch(_Questions):
    """``date of`` rows: decided from their event's reports against the stated interval."""

    def __init__(self, index: Timeline) -> None:
        super().__init__(index)
        self._props: list[DateOf] = []  # each question's first row's proposition
        self._bounds: list[_Bounds] = []  # each question's bounds, as read when it was filed
        self._events: list[str] = []  # each question's event, "subject kind"
        self._finals: dict[int, tuple[Interval, Final | None, Figures | None]] = {}
        # per question: interval lo and hi, completeness (what its event's reports say is
        # summarised for every question at once, by _whole)
        self._cols: list[list[int]] = [[] for _ in range(3)]

    def add(self, proposition: Proposition, anchor: DateWindow) -> int:
        """Gather one ``date of`` row; its row number."""
        assert isinstance(proposition, DateOf)
        p = proposition
        texts = (p.point, p.earliest, p.latest)
        return self._ask(
            (p.subject, p.kind), texts, p, anchor, hows=_DATE_HOWS, read=estimates.bounds
        )

    def _new(self, p: DateOf, anchor: DateWindow, bounds: _Bounds) -> None:
        _, lo, hi, _ = bounds
        self._props.append(p)
        self._bounds.append(bounds)
        self._events.append(f"{p.subject} {p.kind}")
        cols = self._cols
        cols[0].append(_SMALL if lo is None else lo.toordinal())
        cols[1].append(_BIG if hi is None else hi.toordinal())
        cols[2].append(self.index.complete_day(p.subject))

    def _reported(self, hi: np.ndarray) -> tuple[np.ndarray, ...]:
        """Per question, what its event's reports say: the day their disagreement became
        visible, the first and last day of the window placing the event (each ``_BIG`` for
        none, the window's when they disagree too), and the visible day of the earliest "had
        not happened" report reaching ``hi`` (``_BIG`` for none, or no ``hi``)."""
        conflict, start, end, negated = self.index.summaries(self._events, _BIG)
        negative = np.full(len(hi), _BIG, np.int64)
        rare = np.flatnonzero((negated == 1) & (hi < _BIG)).tolist()
        lasts = [self._bounds[q][2] for q in rare]  # hi < _BIG: each a day
        negative[rare] = self.index.negatives(
            [self._events[q] for q in rare], [d for d in lasts if d is not None], _BIG
        )
        return conflict, start, end, negative

    def _whole(self) -> tuple[np.ndarray, np.ndarray]:
        lo, hi, complete = _columns(self._cols)
        conflict, start, end, negative = self._reported(hi)
        # none_by(hi): known the day after hi, from completeness or a "had not happened" report;
        # never when there is no hi, or hi is the calendar's last day
        none_by = np.where(
            hi < _MAX_ORD,
            np.minimum(
                np.where(complete >= hi, hi + 1, _BIG),
                np.where(negative < _BIG, np.maximum(hi + 1, negative), _BIG),
            ),
            _BIG,
        )
        disagree = conflict < _BIG
        dated = end < _BIG
        inside = (start >= lo) & (end <= hi)
        after = start > hi
        outside = after | (end < lo)
        dated_status = np.where(inside, YES, np.where(outside, NO, AMBIGUOUS))
        # reported after the interval, but known not to have happened by its end sooner
        dated_day = np.where(after & (none_by < end), none_by, end)
        cases = [disagree, dated, hi < _BIG]
        status = np.select(cases, [AMBIGUOUS, dated_status, NO], PENDING)
        day = np.select(cases, [conflict, dated_day, none_by], _BIG)
        return status, day

    def _record(self, question: int, as_of: dt.date) -> Resolution:
        p = self._props[question]
        reports = self.index.reports(p.subject, p.kind)  # kept by the index
        found = self._finals.get(question)
        if found is None:
            span = estimates.stated_interval(p, self._bounds[question])
            final, figures = estimates.date_final(self.index, p, span, reports)
            found = self._finals[question] = (span, final, figures)
        span, final, figures = found
        return estimates.date_answer(
            self.index, p, span, reports, final=final, figures=figures, as_of=as_of
        )


# -- value of -----------------------------------------------------------------


class ValueOfBatch(_Questions):
    """``value of`` rows: decided from their quantity's reported values by the deadline."""

    def __init__(self, index: Timeline) -> None:
        super().__init__(index)
        self._props: list[ValueOf] = []
        self._deadlines: list[Deadline | None] = []
        self._finals: dict[int, tuple[Final | None, Figures | None]] = {}
        # what the values counted by a deadline say, by (subject, quantity, last day)
        self._counted: dict[tuple[str, str, dt.date | None], tuple[float | None, int, int]] = {}
        # per question: first value visible, other value visible, deadline, completeness, inside
        self._cols: list[list[int]] = [[] for _ in range(5)]
        # per question: the first value (nan: none), the point, the bounds (infinite: open)
        self._values: list[list[float]] = [[] for _ in range(4)]

    def add(self, proposition: Proposition, anchor: DateWindow) -> int:
        """Gather one ``value of`` row; its row number."""
        assert isinstance(proposition, ValueOf)
        p = proposition
        numbers: tuple[object, ...] = (p.point, p.lower, p.upper)
        if not _plain(p):  # equal numbers worded apart (an int, a signed zero): by their repr
            numbers = tuple(map(repr, numbers))
        return self._ask(
            (p.subject, p.quantity, numbers), (p.by,), p, anchor, hows=("horizon",), read=_horizon
        )

    def _first_values(
        self, subject: str, quantity: str, last: dt.date | None
    ) -> tuple[float | None, int, int]:
        """The first value counted by ``last``, when it is visible, and when another one is."""
        values = self.index.values(subject, quantity)  # kept by the index
        if not values:  # no value reported: nothing to count (nor to keep)
            return _UNCOUNTED
        key = (subject, quantity, last)
        found = self._counted.get(key)
        if found is None:
            counted = values
            if last is not None:
                counted = [e for e in values if e.date.start <= last]
            if not counted:
                found = _UNCOUNTED
            else:
                first = counted[0]
                assert first.value is not None
                value = float(first.value)
                other = next((e for e in counted if e.value != value), None)
                seen = _BIG if other is None else other.date.end.toordinal()
                found = (value, first.date.end.toordinal(), seen)
            self._counted[key] = found
        return found

    def _new(self, p: ValueOf, anchor: DateWindow, deadline: Deadline | None) -> None:
        last = deadline.last_day if deadline else None
        value, first, other = self._first_values(p.subject, p.quantity, last)
        inside = -1  # decided in the columns
        if value is not None and not _plain(p):
            inside = int(_inside(p, value))  # maybe a bound numpy does not hold exactly
        self._props.append(p)
        self._deadlines.append(deadline)
        cols, values = self._cols, self._values
        cols[0].append(first)
        cols[1].append(other)
        cols[2].append(_ord(last, _BIG))
        cols[3].append(self.index.complete_day(p.subject))
        cols[4].append(inside)
        values[0].append(np.nan if value is None else value)
        values[1].append(float(p.point))
        values[2].append(-np.inf if p.lower is None else float(p.lower))
        values[3].append(np.inf if p.upper is None else float(p.upper))

    def _whole(self) -> tuple[np.ndarray, np.ndarray]:
        first, other, last, complete, given = _columns(self._cols)
        value, point, lower, upper = (np.asarray(v, np.float64) for v in self._values)
        bounded = np.isfinite(lower) | np.isfinite(upper)
        inside = np.where(bounded, (value >= lower) & (value <= upper), value == point)
        inside = np.where(given < 0, inside, given == 1)
        counted = first < _BIG
        disagree = counted & (other < _BIG)
        none_by = (last < _MAX_ORD) & (complete >= last)
        cases = [disagree, counted, none_by]
        status = np.select(cases, [AMBIGUOUS, np.where(inside, YES, NO), AMBIGUOUS], PENDING)
        day = np.select(cases, [other, first, last + 1], _BIG)
        return status, day

    def _record(self, question: int, as_of: dt.date) -> Resolution:
        p, deadline = self._props[question], self._deadlines[question]
        found = self._finals.get(question)
        if found is None:
            found = self._finals[question] = estimates.value_final(self.index, p, deadline)
        final, figures = found
        return estimates.value_answer(p, deadline, final, figures, as_of=as_of)


def _plain(p: ValueOf) -> bool:
    """Whether a value forecast's numbers are floats other than zero (or open bounds)."""
    point, lower, upper = p.point, p.lower, p.upper
    return (
        type(point) is float
        and point != 0.0
        and (lower is None or (type(lower) is float and lower != 0.0))
        and (upper is None or (type(upper) is float and upper != 0.0))
    )


def _inside(p: ValueOf, value: float) -> bool:
    """Whether ``value`` answers YES, compared as the rule compares it (in Python numbers)."""
    if p.lower is None and p.upper is None:
        return value == p.point
    return (p.lower is None or value >= p.lower) and (p.upper is None or value <= p.upper)


def _horizon(index: Timeline, p: ValueOf, anchor: DateWindow) -> Deadline | None:
    """A value forecast's deadline, read as the rule reads it."""
    return index.horizon(p.by, anchor)


def _point(index: Timeline, p: HoldsAt, anchor: DateWindow) -> PointEstimate:
    """A ``holds at`` proposition's day, read as the rule reads it."""
    return index.point(p.date, anchor)


# -- holds at -----------------------------------------------------------------


class HoldsAtBatch(_Questions):
    """``holds at`` rows: decided from their state's spans once the log is complete."""

    def __init__(self, index: Timeline) -> None:
        super().__init__(index)
        self._props: list[HoldsAt] = []
        self._points: list[PointEstimate] = []
        # per question: the day, completeness, surely holds, possibly holds, the unsure day
        self._cols: list[list[int]] = [[] for _ in range(5)]

    def add(self, proposition: Proposition, anchor: DateWindow) -> int:
        """Gather one ``holds at`` row; its row number."""
        assert isinstance(proposition, HoldsAt)
        p = proposition
        return self._ask(p.state, (p.date,), p, anchor, hows=("point",), read=_point)

    def _new(self, p: HoldsAt, anchor: DateWindow, point: PointEstimate) -> None:
        day = point.day
        ordinal = day.toordinal()
        line = self.index.line(p.state)
        complete = self.index.complete_day(p.state)
        surely = line.surely(day) is not None
        possibly = line.possibly(day)
        unsure = ordinal
        if complete >= ordinal and not surely and possibly:
            unsure = line.uncertain_until(day, day).toordinal()
        self._props.append(p)
        self._points.append(point)
        cols = self._cols
        cols[0].append(ordinal)
        cols[1].append(complete)
        cols[2].append(surely)
        cols[3].append(possibly)
        cols[4].append(unsure)

    def _whole(self) -> tuple[np.ndarray, np.ndarray]:
        day, complete, surely, possibly, unsure = _columns(self._cols)
        known = complete >= day
        plain = (surely == 1) | (possibly == 0)  # holds, or surely does not: known on the day
        found = np.where(surely == 1, YES, np.where(possibly == 0, NO, AMBIGUOUS))
        status = np.where(known, found, PENDING)
        return status, np.where(known, np.where(plain, day, unsure), _BIG)

    def _record(self, question: int, as_of: dt.date) -> Resolution:
        p, point = self._props[question], self._points[question]
        return leaves.holds_at_answer(self.index, p, point, as_of=as_of)


# -- holds throughout ---------------------------------------------------------


class HoldsThroughoutBatch(_Questions):
    """``holds throughout`` rows: broken on the first day the state surely fails, else held."""

    def __init__(self, index: Timeline) -> None:
        super().__init__(index)
        self._props: list[HoldsThroughout] = []
        self._periods: list[tuple[dt.date, Deadline]] = []
        # per question: the last day, completeness, the first gap, the next observed end,
        # the end of the sure span holding the first day, the unsure day
        self._cols: list[list[int]] = [[] for _ in range(6)]

    def add(self, proposition: Proposition, anchor: DateWindow) -> int:
        """Gather one ``holds throughout`` row; its row number."""
        assert isinstance(proposition, HoldsThroughout)
        p = proposition
        return self._ask(
            p.state, (p.start, p.end), p, anchor, hows=_PERIOD_HOWS, read=leaves.period
        )

    def _new(
        self, p: HoldsThroughout, anchor: DateWindow, period: tuple[dt.date, Deadline]
    ) -> None:
        first, end = period
        last = end.last_day
        line = self.index.line(p.state)
        complete = self.index.complete_day(p.state)
        gap, _ = line.first_gap(first)
        stop, stopper = line.next_end(first)
        held = line.surely(first)
        until = _SMALL if held is None else held[1].toordinal()
        unsure = last
        ordinal = last.toordinal()
        if complete >= ordinal and until <= ordinal:
            unsure = line.uncertain_until(first, last)
        self._props.append(p)
        self._periods.append(period)
        cols = self._cols
        cols[0].append(ordinal)
        cols[1].append(complete)
        cols[2].append(gap.toordinal())
        cols[3].append(_BIG if stopper is None else stop.toordinal())
        cols[4].append(until)
        cols[5].append(unsure.toordinal())

    def _whole(self) -> tuple[np.ndarray, np.ndarray]:
        last, complete, gap, stop, until, unsure = _columns(self._cols)
        seen_gap = np.where((gap <= last) & (complete >= gap), gap, _BIG)
        broken = np.minimum(seen_gap, np.where(stop <= last, stop, _BIG))
        held = until > last
        cases = [broken < _BIG, complete >= last]
        status = np.select(cases, [NO, np.where(held, YES, AMBIGUOUS)], PENDING)
        day = np.select(cases, [broken, np.where(held, last, unsure)], _BIG)
        return status, day

    def _record(self, question: int, as_of: dt.date) -> Resolution:
        first, end = self._periods[question]
        return leaves.throughout_answer(self.index, self._props[question], first, end, as_of=as_of)
