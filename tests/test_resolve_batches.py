"""The batches of date, value and state questions: equal to the per-prediction rules, row by row."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from forecastcheck import ledger as lg
from forecastcheck.ledger import DateWindow, DeadlineError, Event, EventLog, Proposition
from forecastcheck.resolution import Resolution, Status, _batches, estimates, leaves
from forecastcheck.resolution._batch import STATUSES
from forecastcheck.resolution.timeline import Timeline

BASE = dt.date(2024, 1, 1)
SPAN = 80
Rule = Callable[[Timeline, Proposition, dt.date, DateWindow], Resolution]
Batch = type[_batches.DateOfBatch | _batches.ValueOfBatch]


def _day(n: int) -> dt.date:
    return BASE + dt.timedelta(days=n)


#: Days next to the phrases' last days (2024-02-10, 2024-02-29), where rules meet, and others.
_EDGES = st.sampled_from([19, 20, 21, 39, 40, 41, 58, 59, 60])
DAYS = st.one_of(_EDGES, _EDGES, st.integers(0, SPAN))
ISO = DAYS.map(lambda n: _day(n).isoformat())
DEADLINES = [
    None,
    "eventually",
    "by February 2024",
    "within six weeks",
    "by the end of this year",
    "2024-02-10",
    "9999-12-31",
]
BOUNDS = [None, "2024-01-21", "2024-02-10", "by February 2024", "within six weeks", "9999-12-31"]
POINTS = ["2024-02-10", "February 2024", "end of February this year", "2024-01-21", "eventually"]
NUMBERS = [0.0, -0.0, 1.0, 2.0, 2, 3.5]
STATES = ["on", "off"]
#: One set of readings for every log: each phrase is read once, on every statement date met.
READINGS = lg.Readings()


@st.composite
def _logs(draw: st.DrawFn) -> EventLog:
    """Small dense logs: reports, "had not happened" reports, values, state starts and ends."""
    events = []
    for i in range(draw(st.integers(0, 10))):
        start = draw(DAYS)
        width = draw(st.sampled_from([0, 0, 0, 1, 3, 20]))
        kind = draw(st.sampled_from(["k", "k", "m", "n"]))
        occurred = draw(st.sampled_from([True, True, True, True, False]))
        value = draw(st.sampled_from(NUMBERS)) if kind == "n" and occurred else None
        starts: list[str] = []
        ends: list[str] = []
        if occurred:
            starts = draw(st.lists(st.sampled_from(STATES), max_size=1))
            ends = draw(st.lists(st.sampled_from(STATES), max_size=1))
        events.append(
            Event(
                id=f"e{i}",
                subject=draw(st.sampled_from(["a", "b"])),
                kind=kind,
                date=DateWindow(_day(start), _day(start + width)),
                occurred=occurred,
                starts=tuple(s for s in starts if s not in ends),
                ends=tuple(ends),
                value=value,
            )
        )
    complete = draw(st.none() | DAYS.map(_day))
    names = st.sampled_from(["a", "b", "c", *STATES])
    subjects = draw(st.dictionaries(names, DAYS.map(_day) | st.just(dt.date.max)))
    return EventLog(events=events, complete_through=complete, subjects=subjects)


def _date_of() -> st.SearchStrategy[Proposition]:
    return st.builds(
        lg.DateOf,
        subject=st.sampled_from(["a", "b", "c"]),
        kind=st.sampled_from(["k", "m"]),
        point=st.sampled_from(POINTS) | ISO,
        earliest=st.sampled_from(BOUNDS),
        latest=st.sampled_from(BOUNDS),
    )


@st.composite
def _value_of(draw: st.DrawFn) -> Proposition:
    number = st.sampled_from(NUMBERS)
    lower, upper = draw(st.none() | number), draw(st.none() | number)
    if lower is not None and upper is not None and lower > upper:
        lower, upper = upper, lower
    return lg.ValueOf(
        subject=draw(st.sampled_from(["a", "b", "c"])),
        quantity=draw(st.sampled_from(["n", "n", "k"])),
        point=draw(number),
        lower=lower,
        upper=upper,
        by=draw(st.sampled_from(DEADLINES)),
    )


def _holds_at() -> st.SearchStrategy[Proposition]:
    return st.builds(
        lg.HoldsAt,
        state=st.sampled_from([*STATES, "never"]),
        date=ISO | st.sampled_from(POINTS) | ISO.map(lambda s: f" {s}"),
    )


def _holds_throughout() -> st.SearchStrategy[Proposition]:
    return st.builds(
        lg.HoldsThroughout,
        state=st.sampled_from([*STATES, "never"]),
        start=ISO | st.sampled_from(["2024-01-21", "February 2024", "eventually"]),
        end=ISO | st.sampled_from(["by February 2024", "within six weeks", "9999-12-31"]),
    )


def _anchors() -> st.SearchStrategy[DateWindow]:
    """Statement dates: one day mostly, a few windows (which some phrases cannot be read on)."""
    day = st.integers(-40, 10).map(_day)
    wide = st.builds(lambda d, w: DateWindow(d, d + dt.timedelta(days=w)), day, st.integers(1, 40))
    return st.one_of(day.map(DateWindow.day), day.map(DateWindow.day), wide)


SHAPES: dict[str, tuple[type, Rule, Callable[[], st.SearchStrategy[Proposition]]]] = {
    "date of": (_batches.DateOfBatch, estimates.date_of, _date_of),  # type: ignore[dict-item]
    "value of": (_batches.ValueOfBatch, estimates.value_of, _value_of),  # type: ignore[dict-item]
    "holds at": (_batches.HoldsAtBatch, leaves.holds_at, _holds_at),  # type: ignore[dict-item]
    "holds throughout": (
        _batches.HoldsThroughoutBatch,
        leaves.holds_throughout,  # type: ignore[dict-item]
        _holds_throughout,
    ),
}


def _gather(
    batch: _batches._Questions,
    rule: Rule,
    log: EventLog,
    asked: list[tuple[Proposition, DateWindow]],
) -> list[tuple[int, Proposition, DateWindow]]:
    """Every question added; one the rule cannot read fails to add, with the rule's error."""
    rows = []
    for p, anchor in asked:
        try:
            rule(Timeline(log, READINGS), p, dt.date.max, anchor)
        except DeadlineError as error:
            with pytest.raises(DeadlineError, match=f"^{re.escape(str(error))}$"):
                batch.add(p, anchor)
            continue
        rows.append((batch.add(p, anchor), p, anchor))
    return rows


def _check(
    batch: _batches._Questions,
    rule: Rule,
    log: EventLog,
    rows: list[tuple[int, Proposition, DateWindow]],
    as_of: dt.date,
) -> list[Resolution]:
    """decide and record as of ``as_of`` equal the rule, row by row; the rule's answers."""
    codes, days = batch.decide(as_of)
    assert codes.dtype == np.int8
    assert days.dtype == np.int64
    assert len(codes) == len(days) == len(batch.rows)
    index = Timeline(log, READINGS)
    answers = []
    for row, p, anchor in rows:
        expected = rule(index, p, as_of, anchor)
        decided = expected.decided_on
        assert (STATUSES[codes[row]], int(days[row])) == (
            expected.status,
            0 if decided is None else decided.toordinal(),
        ), (p, anchor, as_of)
        got = batch.record(row, as_of)
        assert got == expected
        assert got.reason == expected.reason
        answers.append(expected)
    return answers


@pytest.mark.parametrize("shape", list(SHAPES))
@settings(max_examples=80, deadline=None)
@given(data=st.data())
def test_batches_equal_the_rules(shape: str, data: st.DataObject) -> None:
    """At as-of dates before, on and after each deciding day, every row answers as its rule."""
    cls, rule, propositions = SHAPES[shape]
    log = data.draw(_logs())
    asked = data.draw(st.lists(st.tuples(propositions(), _anchors()), min_size=1, max_size=8))
    asked += data.draw(st.lists(st.sampled_from(asked), max_size=3))  # some asked again
    batch = cls(Timeline(log, READINGS))
    rows = _gather(batch, rule, log, asked)
    whole = _check(batch, rule, log, rows, dt.date.max)
    days = {r.decided_on for r in whole if r.decided_on is not None}
    as_ofs = {d + dt.timedelta(days=k) for d in days for k in (-1, 0) if d > dt.date.min}
    as_ofs |= set(data.draw(st.lists(DAYS.map(_day), max_size=3)))
    for as_of in sorted(as_ofs):
        _check(batch, rule, log, rows, as_of)


def _event(eid: str, day: str, **fields: object) -> Event:
    date = DateWindow.day(dt.date.fromisoformat(day))
    return Event(id=eid, subject=fields.pop("subject", "a"), kind="k", date=date, **fields)  # type: ignore[arg-type]


def _answers(
    batch: _batches._Questions, p: Proposition, log: EventLog, days: list[str]
) -> list[tuple[Status, dt.date | None]]:
    row = batch.add(p, DateWindow.day(BASE))
    out = []
    for day in days:
        as_of = dt.date.fromisoformat(day)
        codes, decided = batch.decide(as_of)
        record = batch.record(row, as_of)
        assert (STATUSES[codes[row]], int(decided[row])) == (
            record.status,
            0 if record.decided_on is None else record.decided_on.toordinal(),
        )
        out.append((record.status, record.decided_on))
    return out


D = dt.date.fromisoformat
YES, NO, PENDING, AMBIGUOUS = Status.YES, Status.NO, Status.PENDING, Status.AMBIGUOUS


def test_date_of_is_decided_on_the_day_its_report_is_visible() -> None:
    """Inside the interval: PENDING the day before the report, YES on its day."""
    log = EventLog(events=[_event("e", "2024-02-10")])
    p = lg.DateOf(subject="a", kind="k", point="2024-02-01", latest="2024-02-10")
    batch = _batches.DateOfBatch(Timeline(log))
    got = _answers(batch, p, log, ["2024-02-09", "2024-02-10"])
    assert got == [(PENDING, None), (YES, D("2024-02-10"))]
    late = lg.DateOf(subject="a", kind="k", point="2024-02-01", latest="2024-02-09")
    got = _answers(batch, late, log, ["2024-02-09", "2024-02-10"])
    assert got == [(PENDING, None), (NO, D("2024-02-10"))]


def test_date_of_late_report_is_beaten_by_completeness() -> None:
    """Reported after the interval, a log complete through its end says NO the day after it."""
    log = EventLog(events=[_event("e", "2024-03-10")], complete_through=D("2024-02-10"))
    p = lg.DateOf(subject="a", kind="k", point="2024-02-01", latest="2024-02-10")
    batch = _batches.DateOfBatch(Timeline(log))
    got = _answers(batch, p, log, ["2024-02-10", "2024-02-11"])
    assert got == [(PENDING, None), (NO, D("2024-02-11"))]


def test_value_of_no_value_by_the_deadline_is_ambiguous_the_day_after() -> None:
    """No value by a deadline the log is complete through: AMBIGUOUS from the next day."""
    log = EventLog(events=[], complete_through=D("2024-02-10"))
    p = lg.ValueOf(subject="a", quantity="n", point=1.0, by="2024-02-10")
    batch = _batches.ValueOfBatch(Timeline(log))
    got = _answers(batch, p, log, ["2024-02-10", "2024-02-11"])
    assert got == [(PENDING, None), (AMBIGUOUS, D("2024-02-11"))]
    short = EventLog(events=[], complete_through=D("2024-02-09"))
    got = _answers(_batches.ValueOfBatch(Timeline(short)), p, short, ["2099-01-01"])
    assert got == [(PENDING, None)]


def test_value_of_rows_alike_share_a_record_and_signed_zeros_do_not() -> None:
    """Rows asking alike share one record; a point of -0.0 is worded apart from one of 0.0."""
    log = EventLog(events=[_event("v", "2024-01-05", value=0.0)])
    batch = _batches.ValueOfBatch(Timeline(log))
    anchor = DateWindow.day(BASE)
    rows = [
        batch.add(lg.ValueOf(subject="a", quantity="k", point=x), anchor) for x in (0.0, 0.0, -0.0)
    ]
    as_of = D("2024-12-31")
    codes, _ = batch.decide(as_of)
    assert [STATUSES[c] for c in codes] == [YES, YES, YES]
    first, again, negative = (batch.record(row, as_of) for row in rows)
    assert first is again
    assert "the point 0;" in first.reason
    assert "the point -0;" in negative.reason


def test_holds_at_is_decided_on_its_day_once_the_log_is_complete() -> None:
    """A state started before the day: YES on the day itself, when the log is complete by then."""
    log = EventLog(
        events=[_event("s", "2024-01-05", starts=("on",))], subjects={"on": D("2024-02-10")}
    )
    p = lg.HoldsAt(state="on", date="2024-02-10")
    batch = _batches.HoldsAtBatch(Timeline(log))
    got = _answers(batch, p, log, ["2024-02-09", "2024-02-10"])
    assert got == [(PENDING, None), (YES, D("2024-02-10"))]
    later = lg.HoldsAt(state="on", date="2024-02-11")
    assert _answers(batch, later, log, ["2099-01-01"]) == [(PENDING, None)]


def test_holds_throughout_is_broken_on_the_end_day() -> None:
    """An end within the period: NO on the end's day, PENDING the day before."""
    events = [_event("s", "2024-01-05", starts=("on",)), _event("x", "2024-02-10", ends=("on",))]
    log = EventLog(events=events)
    p = lg.HoldsThroughout(state="on", start="2024-02-01", end="2024-02-10")
    batch = _batches.HoldsThroughoutBatch(Timeline(log))
    got = _answers(batch, p, log, ["2024-02-09", "2024-02-10"])
    assert got == [(PENDING, None), (NO, D("2024-02-10"))]
    before = lg.HoldsThroughout(state="on", start="2024-02-01", end="2024-02-09")
    assert _answers(batch, before, log, ["2099-01-01"]) == [(PENDING, None)]
    complete = EventLog(events=events[:1], complete_through=D("2024-02-09"))
    got = _answers(
        _batches.HoldsThroughoutBatch(Timeline(complete)),
        before,
        complete,
        ["2024-02-08", "2024-02-09"],
    )
    assert got == [(PENDING, None), (YES, D("2024-02-09"))]


def test_an_empty_batch_decides_nothing() -> None:
    """No rows: two empty columns of the protocol's types."""
    codes, days = _batches.DateOfBatch(Timeline(EventLog(events=[]))).decide(BASE)
    assert codes.dtype == np.int8
    assert days.dtype == np.int64
    assert (len(codes), len(days)) == (0, 0)


def _wide(eid: str, first: str, last: str, **fields: object) -> Event:
    date = DateWindow(dt.date.fromisoformat(first), dt.date.fromisoformat(last))
    return Event(id=eid, subject="a", kind="k", date=date, **fields)  # type: ignore[arg-type]


def test_date_of_not_happened_on_the_last_day_says_no_the_day_after() -> None:
    """A "had not happened" report dated the interval's last day: NO from the next day."""
    log = EventLog(events=[_event("n", "2024-02-10", occurred=False)])
    p = lg.DateOf(subject="a", kind="k", point="2024-02-01", latest="2024-02-10")
    batch = _batches.DateOfBatch(Timeline(log))
    got = _answers(batch, p, log, ["2024-02-10", "2024-02-11"])
    assert got == [(PENDING, None), (NO, D("2024-02-11"))]


def test_date_of_window_from_the_last_day_on_straddles() -> None:
    """A report whose window starts on the interval's last day and ends after it: AMBIGUOUS."""
    log = EventLog(events=[_wide("e", "2024-02-10", "2024-02-13")])
    p = lg.DateOf(subject="a", kind="k", point="2024-02-01", latest="2024-02-10")
    batch = _batches.DateOfBatch(Timeline(log))
    got = _answers(batch, p, log, ["2024-02-12", "2024-02-13"])
    assert got == [(PENDING, None), (AMBIGUOUS, D("2024-02-13"))]


def test_value_of_on_the_lower_bound_is_inside() -> None:
    """A value equal to the interval's lower end (or its upper end) is within it: YES."""
    log = EventLog(events=[_event("v", "2024-01-05", value=1.0)])
    batch = _batches.ValueOfBatch(Timeline(log))
    for lower, upper in ((1.0, None), (None, 1.0), (1, 2)):
        p = lg.ValueOf(subject="a", quantity="k", point=1.5, lower=lower, upper=upper)
        got = _answers(batch, p, log, ["2024-01-04", "2024-01-05"])
        assert got == [(PENDING, None), (YES, D("2024-01-05"))]


def test_holds_throughout_until_an_end_dated_loosely_from_the_last_day_is_ambiguous() -> None:
    """Surely held until a loosely dated end starting on the last day: AMBIGUOUS when it ends."""
    events = [
        _event("s", "2024-01-05", starts=("on",)),
        _wide("x", "2024-02-10", "2024-02-15", ends=("on",)),
    ]
    log = EventLog(events=events, complete_through=D("2024-03-31"))
    p = lg.HoldsThroughout(state="on", start="2024-02-01", end="2024-02-10")
    batch = _batches.HoldsThroughoutBatch(Timeline(log))
    got = _answers(batch, p, log, ["2024-02-14", "2024-02-15"])
    assert got == [(PENDING, None), (AMBIGUOUS, D("2024-02-15"))]


def test_an_empty_bound_is_not_read_as_in_the_rule() -> None:
    """A date forecast with an empty bound: the rule reads no phrase there, nor does the batch."""
    log = EventLog(events=[_event("e", "2024-02-10")])
    p = lg.DateOf(subject="a", kind="k", point="2024-02-10", earliest="", latest="by March 2024")
    batch = _batches.DateOfBatch(Timeline(log))
    row = batch.add(p, DateWindow.day(BASE))
    batch.decide(D("2024-12-31"))
    expected = estimates.date_of(Timeline(log), p, D("2024-12-31"), DateWindow.day(BASE))
    assert batch.record(row, D("2024-12-31")) == expected
    assert expected.status is YES


def test_value_of_compares_a_large_integer_bound_exactly() -> None:
    """An integer bound a float cannot hold is compared as the rule compares it, exactly."""
    log = EventLog(events=[_event("v", "2024-01-05", value=float(2**53))])
    p = lg.ValueOf(subject="a", quantity="k", point=2**53 + 1, lower=2**53 + 1)
    batch = _batches.ValueOfBatch(Timeline(log))
    assert _answers(batch, p, log, ["2024-01-05"]) == [(NO, D("2024-01-05"))]
