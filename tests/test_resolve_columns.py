"""Columnar resolution of many predictions: equal to resolving each one, shape by shape."""

from __future__ import annotations

import datetime as dt
import gc
import random

import attrs
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from forecastcheck import ledger as lg
from forecastcheck import strategies as fs
from forecastcheck.ledger import DateWindow, Event, EventLog, Occurs, Prediction, Proposition
from forecastcheck.resolution import (
    Resolution,
    Resolutions,
    Resolver,
    Status,
    _batch,
    _columns,
    _final,
    resolve_ledger,
)
from forecastcheck.resolution import _occurs as occurs_batch
from forecastcheck.resolution.timeline import Reports, StateLine, Timeline

BASE = dt.date(2024, 1, 1)
SPAN = 80
DEADLINES = [
    None,
    "eventually",
    "by February 2024",
    "before March 2024",
    "within six weeks",
    "by the end of this year",
    "2024-02-10",
    "9999-12-31",
]


def _day(n: int) -> dt.date:
    return BASE + dt.timedelta(days=n)


#: Days, often next to the deadlines' last days (2024-02-10, 2024-02-29), where rules meet.
_EDGES = st.sampled_from([39, 40, 41, 58, 59, 60])
DAYS = st.one_of(_EDGES, _EDGES, _EDGES, st.integers(0, SPAN))


@st.composite
def _logs(draw: st.DrawFn) -> EventLog:
    """Small dense logs: positive, later and "had not happened" reports of few events."""
    events = []
    for i in range(draw(st.integers(1, 9))):
        start = draw(DAYS)
        width = draw(st.sampled_from([0, 0, 1, 3, 20, 20]))
        events.append(
            Event(
                id=f"e{i}",
                subject=draw(st.sampled_from(["a", "b", "c"])),
                kind=draw(st.sampled_from(["k", "k", "m"])),
                date=DateWindow(_day(start), _day(start + width)),
                occurred=draw(st.sampled_from([True, True, True, True, True, False])),
                starts=draw(st.lists(st.sampled_from(["on"]), max_size=1)),
            )
        )
    complete = draw(st.none() | DAYS.map(_day))
    subjects = draw(st.dictionaries(st.sampled_from(["a", "b", "c", "d"]), DAYS.map(_day)))
    return EventLog(events=events, complete_through=complete, subjects=subjects)


def _occurs() -> st.SearchStrategy[Proposition]:
    return st.builds(
        Occurs,
        subject=st.sampled_from(["a", "b", "c", "d"]),
        kind=st.sampled_from(["k", "k", "m"]),
        deadline=st.sampled_from(DEADLINES),
    )


def _parts() -> st.SearchStrategy[Proposition]:
    """The parts of a compound: plain occurs, its not, and shapes the columns leave one by one."""
    return st.one_of(
        _occurs(),
        st.builds(lg.Not, proposition=_occurs()),
        st.builds(
            lg.HoldsAt, state=st.just("on"), date=st.integers(0, SPAN).map(lambda n: str(_day(n)))
        ),
        st.builds(lg.AllOf, propositions=st.lists(_occurs(), min_size=1, max_size=2)),
    )


def _propositions() -> st.SearchStrategy[Proposition]:
    """Plain occurs questions mostly, and shapes the columns leave to the per-prediction rules."""
    other = st.one_of(
        st.builds(lg.Not, proposition=_occurs()),
        st.builds(lg.AllOf, propositions=st.lists(_occurs(), min_size=1, max_size=2)),
        st.builds(lg.AllOf, propositions=st.lists(_parts(), min_size=1, max_size=3)),
        st.builds(lg.AnyOf, propositions=st.lists(_parts(), min_size=1, max_size=3)),
        st.builds(lg.If, condition=_parts(), then=_parts()),
        st.builds(
            lg.HoldsAt, state=st.just("on"), date=st.integers(0, SPAN).map(lambda n: str(_day(n)))
        ),
        st.builds(
            Occurs,
            subject=st.just("a"),
            kind=st.just("k"),
            deadline=st.just("within six weeks"),
            after=st.builds(lg.Anchor, subject=st.just("b"), kind=st.just("k")),
        ),
    )
    return st.one_of(_occurs(), _occurs(), other)


@st.composite
def _predictions(draw: st.DrawFn) -> list[Prediction]:
    out = []
    for i, proposition in enumerate(draw(st.lists(_propositions(), min_size=2, max_size=10))):
        stated = _day(draw(st.integers(-40, 5)))
        pid = draw(st.sampled_from([f"p{i}", f"p{i}", "same"]))  # some ids repeat
        out.append(_prediction(pid, proposition, stated))
    return out


def _prediction(pid: str, proposition: Proposition, stated: dt.date) -> Prediction:
    return Prediction(
        id=pid,
        source="s",
        quote="q",
        stated=DateWindow.day(stated),
        proposition=proposition,
        confidence=lg.Confidence(probability=0.5),
    )


def _one_by_one(
    log: EventLog, predictions: list[Prediction], as_of: dt.date
) -> dict[str, Resolution]:
    """The reference: each prediction resolved on its own, by a fresh resolver."""
    return {
        p.id: Resolver(log).resolve_prediction(p, as_of)
        for p in predictions
        if p.proposition is not None
    }


AS_OF = st.one_of(DAYS, st.integers(-45, SPAN + 60)).map(_day) | st.just(dt.date.max)


@given(_logs(), _predictions(), AS_OF)
def test_columns_equal_one_by_one_on_dense_logs(
    log: EventLog, predictions: list[Prediction], as_of: dt.date
) -> None:
    """Resolving together gives every prediction the resolution it gets on its own, in order."""
    together = Resolver(log).resolve_all(predictions, as_of)
    alone = _one_by_one(log, predictions, as_of)
    assert list(together) == list(alone)
    assert together == alone
    assert [r.reason for r in together.values()] == [r.reason for r in alone.values()]


@given(fs.ledgers(), AS_OF)
def test_columns_equal_one_by_one_on_generated_ledgers(ledger: lg.Ledger, as_of: dt.date) -> None:
    """On every ledger the strategies generate, resolve_ledger equals per-prediction resolution."""
    predictions = list(ledger.predictions)
    assert resolve_ledger(ledger, as_of) == _one_by_one(ledger.log, predictions, as_of)


def _with_negations(predictions: list[Prediction]) -> list[Prediction]:
    """Each prediction, followed by the not of its occurs question (under the id suffixed "-not")."""
    out = []
    for p in predictions:
        out.append(p)
        if isinstance(p.proposition, Occurs):
            negated = lg.Not(proposition=p.proposition)
            out.append(attrs.evolve(p, id=f"{p.id}-not", proposition=negated))
    return out


@given(fs.ledgers(), AS_OF)
def test_negated_columns_equal_one_by_one_on_generated_ledgers(
    ledger: lg.Ledger, as_of: dt.date
) -> None:
    """With every generated proposition also asked under a not, the columns equal one by one."""
    predictions = _with_negations(list(ledger.predictions))
    together = Resolver(ledger.log, ledger.readings).resolve_all(predictions, as_of)
    alone = _one_by_one(ledger.log, predictions, as_of)
    assert list(together) == list(alone)
    assert together == alone


@given(_logs(), _predictions())
def test_columns_are_monotone_in_as_of(log: EventLog, predictions: list[Prediction]) -> None:
    """Resolved together, a decided status and its decision day never change as as-of moves on."""
    resolver = Resolver(log)
    decided: dict[str, Resolution] = {}
    for n in range(-45, SPAN + 60, 4):
        for pid, r in resolver.resolve_all(predictions, _day(n)).items():
            if pid in decided:
                assert (r.status, r.decided_on) == (decided[pid].status, decided[pid].decided_on)
            elif r.status.decided:
                decided[pid] = r


@pytest.fixture
def only_occurs_batch(monkeypatch: pytest.MonkeyPatch) -> None:
    """The batches as this module knows them: plain occurs only (others may be registered)."""
    monkeypatch.setattr(_batch, "BATCHES", {Occurs: occurs_batch.OccursBatch})


@pytest.mark.usefixtures("only_occurs_batch")
def test_only_plain_occurs_questions_are_columnar_whatever_they_are_parts_of() -> None:
    """Plain occurs goes to the columns, under any not or compound; other shapes fall back."""
    plain = Occurs(subject="a", kind="k", deadline="by 2025")
    anchored = Occurs(
        subject="a", kind="k", deadline="within a year", after=lg.Anchor(subject="b", kind="k")
    )
    shapes: list[Proposition] = [
        plain,
        anchored,
        lg.Not(proposition=plain),
        lg.Not(proposition=anchored),
        lg.Not(proposition=lg.Not(proposition=plain)),
        lg.AllOf(propositions=[plain]),
        lg.HoldsAt(state="on", date="2024-05-01"),
    ]
    columnar = [True, False, True, False, True, True, False]
    assert [_columns.columnar(p) for p in shapes] == columnar
    called: list[Proposition] = []

    def fallback(p: Proposition, as_of: dt.date, anchor: DateWindow) -> Resolution:
        called.append(p)
        return Resolution(status=Status.PENDING, as_of=as_of, reason="fallback")

    predictions = [_prediction(f"p{i}", p, BASE) for i, p in enumerate(shapes)]
    out = _columns.resolve_all(Resolver(EventLog()).index, predictions, BASE, fallback)
    assert called == [anchored, anchored, shapes[6]]  # the simple ones with no batch
    assert list(out) == [f"p{i}" for i in range(len(shapes))]
    assert out["p0"].reason != "fallback"
    assert out["p2"] == _one_by_one(EventLog(), predictions[2:3], BASE)["p2"]


def test_a_repeated_id_keeps_its_first_place_and_its_last_resolution() -> None:
    """As a dict built in order: a repeated id stays where it first came, with the last answer."""
    log = EventLog(events=[Event(id="e", subject="a", kind="k", date=DateWindow.day(BASE))])
    first = _prediction("x", Occurs(subject="a", kind="k"), BASE)
    middle = _prediction("y", lg.HoldsAt(state="on", date="2024-01-01"), BASE)
    last = _prediction("x", lg.Not(proposition=Occurs(subject="a", kind="k")), BASE)
    out = Resolver(log).resolve_all([first, middle, last], BASE)
    assert list(out) == ["x", "y"]
    assert out["x"].status is Status.NO
    again = Resolver(log).resolve_all([last, middle, first], BASE)
    assert again["x"].status is Status.YES


def test_resolve_ledger_of_a_plain_ledger_is_decided_in_columns() -> None:
    """A ledger of plain occurs questions resolves with reasons, deadlines and events filled."""
    log = EventLog(
        events=[Event(id="e1", subject="a", kind="k", date=DateWindow.day(_day(20)))],
        complete_through=_day(60),
    )
    ledger = lg.Ledger(
        sources=[lg.Source(id="s", name="S")],
        predictions=[
            _prediction("yes", Occurs(subject="a", kind="k", deadline="by March 2024"), BASE),
            _prediction("no", Occurs(subject="b", kind="k", deadline="by February 2024"), BASE),
        ],
        log=log,
    )
    out = resolve_ledger(ledger, _day(70))
    assert out["yes"].status is Status.YES
    assert out["yes"].decided_on == _day(20)
    assert out["no"].status is Status.NO
    assert out["no"].decided_on == dt.date(2024, 3, 1)
    assert "the log is complete for b through 2024-03-01" in out["no"].reason


def _grid_logs() -> list[EventLog]:
    """Every arrangement of one event's reports around the deadlines' last days (40, 59)."""
    logs = []
    for start in (40, 41, 59, 60):
        for width in (0, 20):
            for negative in (None, 40, 60):
                for later in (False, True):
                    for complete in (None, 40, 59, 60):
                        events = [_event("e1", start, width)]
                        if negative is not None:
                            events.append(_event("e2", negative, 0, occurred=False))
                        if later:
                            events.append(_event("e3", start + width + 5, 0))
                        logs.append(
                            EventLog(
                                events=events,
                                complete_through=None if complete is None else _day(complete),
                            )
                        )
    return logs


def _event(eid: str, start: int, width: int, *, occurred: bool = True) -> Event:
    window = DateWindow(_day(start), _day(start + width))
    return Event(id=eid, subject="a", kind="k", date=window, occurred=occurred)


def _asked(shape: str, question: Occurs) -> list[Proposition]:
    """The question as the grid asks it: plain, under a ``not``, or both (one after the other)."""
    negated: Proposition = lg.Not(proposition=question)
    other: Proposition = Occurs(subject="a", kind="k", deadline="before March 2024")
    pair: list[Proposition] = [question, lg.Not(proposition=other)]
    asked: dict[str, list[Proposition]] = {
        "plain": [question],
        "not": [negated],
        "both": [question, negated],
        "all": [lg.AllOf(propositions=pair), question],
        "any": [lg.AnyOf(propositions=pair), negated],
        "if": [lg.If(condition=pair[0], then=pair[1]), lg.If(condition=pair[1], then=pair[0])],
    }
    return asked[shape]


@pytest.mark.parametrize("shape", ["plain", "not", "both", "all", "any", "if"])
def test_columns_equal_one_by_one_on_every_boundary(shape: str) -> None:
    """At and next to every deadline's last day the columns answer as the per-prediction rule."""
    predictions = [
        _prediction(f"p{i}-{s}-{j}", asked, _day(s))
        for i, d in enumerate(DEADLINES)
        for s in (-40, -18)
        for j, asked in enumerate(_asked(shape, Occurs(subject="a", kind="k", deadline=d)))
    ]
    for log in _grid_logs():
        resolver = Resolver(log)
        for n in (40, 41, 60, 61, 85):
            together = resolver.resolve_all(predictions, _day(n))
            _assert_same(together, _one_by_one(log, predictions, _day(n)))


@attrs.frozen(kw_only=True)
class _FreezeWatchingLog(EventLog):
    """An event log that records, when asked, how many objects the collector leaves frozen."""

    seen: list[tuple[bool, int]] = attrs.field(factory=list, eq=False, hash=False)

    def complete_for(self, subject: str) -> dt.date | None:
        self.seen.append((gc.isenabled(), gc.get_freeze_count()))
        return super().complete_for(subject)


def _watched_ledger() -> tuple[_FreezeWatchingLog, lg.Ledger]:
    # a subject's own completeness: asked for by subject (a log with one day for all is not)
    log = _FreezeWatchingLog(
        events=[_event("e1", 20, 0)], complete_through=_day(60), subjects={"b": _day(50)}
    )
    prediction = _prediction("p", Occurs(subject="a", kind="k", deadline="by March 2024"), BASE)
    return log, lg.Ledger(sources=[lg.Source(id="s", name="S")], predictions=[prediction], log=log)


def test_the_collector_skips_what_was_alive_while_a_ledger_resolves() -> None:
    """While a ledger resolves, the objects alive before are frozen; after, none are, gc still on."""
    log, ledger = _watched_ledger()
    assert gc.get_freeze_count() == 0
    assert resolve_ledger(ledger, _day(70))["p"].status is Status.YES
    assert log.seen
    assert all(enabled and frozen > 0 for enabled, frozen in log.seen)
    assert gc.isenabled()
    assert gc.get_freeze_count() == 0


def test_a_freeze_made_by_the_caller_is_left_as_it_is() -> None:
    """Objects the caller froze stay frozen, all of them, after a ledger resolves."""
    log, ledger = _watched_ledger()
    gc.freeze()
    try:
        frozen = gc.get_freeze_count()
        resolve_ledger(ledger, _day(70))
        assert [count for _, count in log.seen] == [frozen]
        assert gc.get_freeze_count() == frozen
    finally:
        gc.unfreeze()


def test_rows_asking_alike_share_one_resolution_equal_to_each_alone() -> None:
    """Two calls on one event and one deadline reading get one record, the one each gets alone."""
    log = EventLog(events=[_event("e1", 20, 0)], complete_through=_day(60))
    plain = Occurs(subject="a", kind="k", deadline="by March 2024")
    predictions = [
        _prediction("p1", plain, BASE),
        _prediction("p2", plain, BASE),
        _prediction("p3", plain, _day(1)),  # read against another statement date
    ]
    for n in (10, 20, 70):
        together = Resolver(log).resolve_all(predictions, _day(n))
        assert together["p1"] is together["p2"]
        assert together == _one_by_one(log, predictions, _day(n))


@pytest.mark.usefixtures("only_occurs_batch")
def test_a_compound_asks_the_fallback_only_for_its_other_parts() -> None:
    """A compound answers its plain occurs parts in the columns, only its other simple parts one
    by one (a compound with no plain occurs part included): the fallback is asked leaves only."""
    plain = Occurs(subject="a", kind="k", deadline="by 2025")
    holds = lg.HoldsAt(state="on", date="2024-05-01")
    shapes: list[Proposition] = [
        lg.AllOf(propositions=[plain, holds]),
        lg.AnyOf(propositions=[holds, lg.Not(proposition=plain)]),
        lg.If(condition=holds, then=plain),
        lg.AllOf(propositions=[holds]),
    ]
    called: list[Proposition] = []
    resolver = Resolver(EventLog())

    def fallback(p: Proposition, as_of: dt.date, anchor: DateWindow) -> Resolution:
        called.append(p)
        return resolver.resolve(p, as_of, anchor=anchor)

    predictions = [_prediction(f"p{i}", p, BASE) for i, p in enumerate(shapes)]
    out = _columns.resolve_all(resolver.index, predictions, BASE, fallback)
    assert called == [holds, holds, holds, holds]
    assert out == _one_by_one(EventLog(), predictions, BASE)


class _MyNot(lg.Not):
    pass


class _MyAll(lg.AllOf):
    pass


class _MyOccurs(Occurs):
    pass


class _MyHolds(lg.HoldsAt):
    pass


def test_a_subclass_is_taken_apart_or_batched_as_before_and_resolves_as_its_base() -> None:
    """A compound's subclass is still a compound over its parts; a simple class's subclass goes
    to the fallback (no batch is registered for it), anchored occurs too, at any depth; the
    exact classes after them keep their batches."""
    log = EventLog(events=[_event("e1", 20, 0), _event("e2", 50, 3)], complete_through=_day(70))
    plain = Occurs(subject="a", kind="k", deadline="by February 2024")
    mine = _MyOccurs(subject="a", kind="k", deadline="by February 2024")
    anchored = Occurs(
        subject="a", kind="k", deadline="within a year", after=lg.Anchor(subject="a", kind="k")
    )
    holds, my_holds = (
        lg.HoldsAt(state="on", date="2024-05-01"),
        _MyHolds(state="on", date="2024-01-25"),
    )
    shapes: list[Proposition] = [
        _MyNot(proposition=plain),
        _MyAll(propositions=[plain, _MyNot(proposition=mine), anchored]),
        lg.AnyOf(propositions=[_MyNot(proposition=holds), my_holds, anchored]),
        lg.Not(proposition=_MyAll(propositions=[mine, lg.If(condition=plain, then=holds)])),
        mine,
        my_holds,
        holds,
        lg.Not(proposition=holds),
        lg.If(condition=_MyNot(proposition=anchored), then=lg.AllOf(propositions=[plain])),
    ]
    called: list[Proposition] = []
    resolver = Resolver(log)

    def fallback(p: Proposition, as_of: dt.date, anchor: DateWindow) -> Resolution:
        called.append(p)
        return resolver.resolve(p, as_of, anchor=anchor)

    predictions = [_prediction(f"p{i}", p, BASE) for i, p in enumerate(shapes)]
    out = _columns.resolve_all(resolver.index, predictions, _day(80), fallback)
    # (attrs equality holds between instances of one class only)
    assert called == [mine, anchored, my_holds, anchored, mine, mine, my_holds, anchored]
    assert out == _one_by_one(log, predictions, _day(80))


def _stated(pid: str, proposition: Proposition, start: int, end: int) -> Prediction:
    return attrs.evolve(
        _prediction(pid, proposition, BASE), stated=DateWindow(_day(start), _day(end))
    )


def test_a_reading_is_shared_only_by_questions_read_alike() -> None:
    """A deadline reading is shared by phrase and whole statement window, or by phrase alone."""
    log = EventLog(events=[_event("e1", 41, 0)], complete_through=_day(85))
    predictions = []
    for end in (3, 9):  # one statement start, two ends
        for short, phrase in (("year", "by the end of this year"), ("feb", "by February 2024")):
            question = Occurs(subject="a", kind="k", deadline=phrase)
            predictions.append(_stated(f"w{end}-{short}", question, 3, end))
            predictions.append(_stated(f"n{end}-{short}", lg.Not(proposition=question), 3, end))
    for n in (40, 41, 42, 50, 85):
        together = Resolver(log).resolve_all(predictions, _day(n))
        assert together == _one_by_one(log, predictions, _day(n)), n
        # a phrase read alike on every date: one record for all its plain questions
        assert together["w3-feb"] is together["w9-feb"]


def test_a_reading_that_fails_for_a_wider_window_fails_in_columns_too() -> None:
    """A phrase read on one day is not reused for a wider window with that first day."""
    question = Occurs(subject="a", kind="k", deadline="within six weeks")
    day = _stated("day", question, 3, 3)
    wide = _stated("wide", question, 3, 9)  # six weeks from when in it? the reading refuses
    log = EventLog(events=[_event("e1", 41, 0)])
    with pytest.raises(lg.DeadlineError) as alone:
        Resolver(log).resolve_prediction(wide, _day(50))
    with pytest.raises(lg.DeadlineError) as together:
        Resolver(log).resolve_all([day, wide], _day(50))
    assert str(together.value) == str(alone.value)


def test_a_leaf_with_figures_carries_every_figure_into_its_record() -> None:
    """Every field of Figures but visible reaches the Resolution a leaf builds, by name."""
    names = [f.name for f in attrs.fields(_final.Figures) if f.name != "visible"]
    values: dict[str, object] = {
        "realised_date": _day(1),
        "realised_window": DateWindow(_day(0), _day(2)),
        "forecast_date": _day(3),
        "realised_value": 1.5,
        "forecast_value": 2.5,
        "error": -1.0,
        "absolute_error": 1.0,
        "covered": False,
    }
    assert sorted(values) == sorted(names)
    figures = _final.Figures(visible=_day(2), **values)  # type: ignore[arg-type]
    final = _final.Final(status=Status.NO, day=_day(2), reason="r")
    record = _final.leaf(final, _day(5), figures=figures)
    assert {name: getattr(record, name) for name in names} == values
    assert record == Resolution(
        status=Status.NO,
        as_of=_day(5),
        reason="r",
        decided_on=_day(2),
        settled_from=_day(2),
        **values,  # type: ignore[arg-type]
    )


# -- Resolutions: decided in columns, records built on read -------------------------------------


def _assert_same(together: Resolutions, alone: dict[str, Resolution]) -> None:
    """The columns equal each record's status and day, read before any record is built; then
    every record equals the per-prediction one, field for field, in order."""
    assert isinstance(together, Resolutions)
    assert list(together) == list(alone)
    assert len(together) == len(alone)
    assert together.statuses() == {pid: r.status for pid, r in alone.items()}
    assert together.decision_days() == {pid: r.decided_on for pid, r in alone.items()}
    for pid, r in alone.items():
        assert together.status(pid) is r.status
        assert together.decided_on(pid) == r.decided_on
    counts = {s: sum(r.status is s for r in alone.values()) for s in Status}
    assert together.counts() == counts
    assert all(r is None for r in together._records), "a column read built a record"
    for pid, r in alone.items():
        assert attrs.asdict(together[pid], recurse=False) == attrs.asdict(r, recurse=False), pid
    assert list(together.items()) == list(alone.items())
    assert together == alone
    assert alone == together


@given(_logs(), _predictions(), AS_OF)
def test_columns_are_each_record_s_status_and_day_on_dense_logs(
    log: EventLog, predictions: list[Prediction], as_of: dt.date
) -> None:
    """Every status and decision day is decided in the columns, equal to the record's."""
    _assert_same(
        Resolver(log).resolve_all(predictions, as_of), _one_by_one(log, predictions, as_of)
    )


@given(fs.ledgers(), AS_OF)
def test_columns_are_each_record_s_status_and_day_on_generated_ledgers(
    ledger: lg.Ledger, as_of: dt.date
) -> None:
    """On generated ledgers, each proposition also asked under a not: columns equal records."""
    predictions = _with_negations(list(ledger.predictions))
    together = Resolver(ledger.log, ledger.readings).resolve_all(predictions, as_of)
    _assert_same(together, _one_by_one(ledger.log, predictions, as_of))


def _mixed() -> tuple[EventLog, list[Prediction]]:
    """A small log and predictions of every compound over plain, negated and fallback parts."""
    log = EventLog(
        events=[_event("e1", 20, 0), _event("e2", 50, 20), _event("e3", 30, 0, occurred=False)],
        complete_through=_day(60),
    )
    plain = Occurs(subject="a", kind="k", deadline="by March 2024")
    late = Occurs(subject="b", kind="k", deadline="by February 2024")
    holds = lg.HoldsAt(state="on", date="2024-01-10")
    shapes: list[Proposition] = [
        plain,
        late,
        lg.Not(proposition=plain),
        lg.AllOf(propositions=[plain, late]),
        lg.AnyOf(propositions=[late, lg.Not(proposition=plain), holds]),
        lg.If(condition=late, then=plain),
        lg.If(condition=plain, then=lg.Not(proposition=late)),
        lg.Not(proposition=lg.AllOf(propositions=[holds, lg.AnyOf(propositions=[plain])])),
    ]
    return log, [_prediction(f"p{i}", p, BASE) for i, p in enumerate(shapes)]


def test_resolutions_is_an_immutable_mapping_equal_to_the_dict() -> None:
    """A Mapping in ledger order, equal to the dict both ways, not to a changed one; no setting."""
    from collections.abc import Mapping

    import forecastcheck

    log, predictions = _mixed()
    out = Resolver(log).resolve_all(predictions, _day(70))
    alone = _one_by_one(log, predictions, _day(70))
    assert forecastcheck.Resolutions is Resolutions
    assert isinstance(out, Mapping)
    assert out == alone
    assert alone == out
    assert dict(out) == alone
    changed = dict(alone, p0=attrs.evolve(alone["p0"], reason="other"))
    assert out != changed
    assert changed != out
    assert out != {k: v for k, v in alone.items() if k != "p0"}
    assert "p0" in out
    assert "nope" not in out
    assert out.get("nope") is None
    assert out.get("p1") == alone["p1"]
    assert list(out.keys()) == [f"p{i}" for i in range(len(predictions))]
    assert list(out.values()) == list(alone.values())
    for missing in (out.status, out.decided_on, out.__getitem__):
        with pytest.raises(KeyError):
            missing("nope")
    with pytest.raises(TypeError):
        out["p0"] = alone["p0"]  # type: ignore[index]
    assert out["p0"] is out["p0"]  # built once, kept
    assert out.as_of == _day(70)
    counts = ", ".join(f"{s} {n}" for s, n in out.counts().items() if n)
    assert repr(out) == f"<Resolutions as of 2024-03-11: 8 predictions ({counts})>"


def test_resolutions_read_from_several_threads_agree() -> None:
    """Records read at once from several threads are all equal to the per-prediction ones."""
    from concurrent.futures import ThreadPoolExecutor

    log, base = _mixed()
    predictions = [
        attrs.evolve(p, id=f"{p.id}-{j}", stated=DateWindow.day(_day(-j % 40)))
        for j in range(60)
        for p in base
    ]
    alone = _one_by_one(log, predictions, _day(70))
    for _ in range(3):
        out = Resolver(log).resolve_all(predictions, _day(70))
        ids = list(out)
        order = [ids, ids[::-1]] * 2
        with ThreadPoolExecutor(4) as pool:
            seen = list(pool.map(lambda chosen, got=out: {p: got[p] for p in chosen}, order))
        assert all(s == alone for s in seen)
        assert out == alone


class _Spy:
    """A batch for ``holds at``: each row resolved on decide (as the fallback), records counted."""

    def __init__(self, index: Timeline) -> None:
        self.resolver = Resolver(index.log, index.readings)
        self.asked: list[tuple[Proposition, DateWindow]] = []
        self.records: list[Resolution] = []
        self.read: list[int] = []

    def add(self, proposition: Proposition, anchor: DateWindow) -> int:
        self.asked.append((proposition, anchor))
        return len(self.asked) - 1

    def decide(self, as_of: dt.date) -> tuple[np.ndarray, np.ndarray]:
        self.records = [self.resolver.resolve(p, as_of, anchor=a) for p, a in self.asked]
        codes = [_batch.STATUSES.index(r.status) for r in self.records]
        days = [r.decided_on.toordinal() if r.decided_on else 0 for r in self.records]
        return np.array(codes, np.int8), np.array(days, np.int64)

    def record(self, row: int, as_of: dt.date) -> Resolution:
        self.read.append(row)
        return self.records[row]


def test_a_registered_batch_decides_its_class_and_builds_records_only_when_read(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """BATCHES names the batch of a class: its rows are decided with it, records read on demand."""
    made: list[_Spy] = []

    def factory(index: Timeline) -> _Spy:
        made.append(_Spy(index))
        return made[-1]

    monkeypatch.setattr(_batch, "BATCHES", {Occurs: occurs_batch.OccursBatch, lg.HoldsAt: factory})
    log, predictions = _mixed()
    log = EventLog(events=log.events, complete_through=log.complete_through)
    called: list[Proposition] = []
    resolver = Resolver(log)

    def fallback(p: Proposition, as_of: dt.date, anchor: DateWindow) -> Resolution:
        called.append(p)
        return resolver.resolve(p, as_of, anchor=anchor)

    out = _columns.resolve_all(resolver.index, predictions, _day(70), fallback)
    assert called == []
    assert len(made) == 1  # one batch, every holds at in it
    assert [p for p, _ in made[0].asked] == [lg.HoldsAt(state="on", date="2024-01-10")] * 2
    assert made[0].read == []
    alone = _one_by_one(log, predictions, _day(70))
    assert out.status("p4") is alone["p4"].status  # from the columns, the spy not read
    assert made[0].read == []
    _assert_same(out, alone)
    assert sorted(made[0].read) == [0, 1]


@pytest.mark.parametrize(
    ("kind", "codes", "days", "want"),
    [
        # all: the earliest NO (a NO with no day counts as latest); every YES: the latest day
        ("all", (1, 1, 0), (9, 5, 7), (1, 5)),
        ("all", (1, 1), (0, 5), (1, 5)),
        ("all", (0, 0), (3, 8), (0, 8)),
        ("all", (0, 2), (3, 0), (2, 0)),
        ("all", (0, 3, 4), (3, 9, 2), (3, 9)),
        ("all", (4, 0), (6, 2), (4, 6)),
        # any: the earliest YES; every NO: the latest day
        ("any", (2, 0, 0), (0, 7, 4), (0, 4)),
        ("any", (1, 1), (3, 8), (1, 8)),
        ("any", (1, 2), (3, 0), (2, 0)),
        ("any", (1, 4, 4), (9, 2, 3), (4, 9)),
        # if: ANNULLED when the condition is NO; the consequent's when it is YES
        ("if", (1, 0), (4, 2), (4, 4)),
        ("if", (0, 2), (4, 0), (2, 0)),
        ("if", (0, 1), (4, 2), (1, 4)),
        ("if", (0, 0), (4, 9), (0, 9)),
        ("if", (2, 0), (0, 9), (2, 0)),
        ("if", (3, 0), (6, 9), (3, 6)),
        ("not", (0,), (5,), (1, 5)),
        ("not", (3,), (5,), (3, 5)),
    ],
)
def test_a_compound_s_column_follows_logic(
    kind: str, codes: tuple[int, ...], days: tuple[int, ...], want: tuple[int, int]
) -> None:
    """The status code (YES 0, NO 1, PENDING 2, AMBIGUOUS 3, ANNULLED 4) and day of a compound."""
    assert tuple(Status) == _batch.STATUSES
    number = {"not": _columns._NOT, "all": _columns._ALL, "any": _columns._ANY, "if": _columns._IF}
    parts = tuple(range(len(codes)))
    assert _columns._combine(number[kind], parts, list(codes), list(days)) == want


def _fields(reports: object) -> tuple[object, ...]:
    return tuple(getattr(reports, name) for name in ("conflict", "window", "first", "negated"))


@given(
    _logs(),
    st.lists(st.sampled_from([None, 1.0, 2.0]), min_size=9, max_size=9),
    st.lists(st.booleans(), min_size=9, max_size=9),
    st.randoms(use_true_random=False),
)
def test_the_index_gives_each_event_its_own_reports_however_asked(
    log: EventLog, values: list[float | None], ends: list[bool], rng: random.Random
) -> None:
    """Reports, summaries, values and state lines, each against the log filtered by hand."""
    events = [
        attrs.evolve(e, value=v, ends=("on",) if end else ())
        for e, v, end in zip(log.events, values, ends, strict=False)
    ]
    log = attrs.evolve(log, events=events)
    index = Timeline(log)
    keys = [(s, k) for s in ("a", "b", "c", "d") for k in ("k", "m")]
    asked = keys + rng.sample(keys, 3)  # some asked twice
    rng.shuffle(asked)
    never = 10**7
    first = index.summaries([f"{s} {k}" for s, k in asked], never)
    for subject, kind in keys:
        mine = [e for e in log.events if (e.subject, e.kind) == (subject, kind)]
        want = Reports(mine)
        assert _fields(index.reports(subject, kind)) == _fields(want)
        valued = sorted(
            (e for e in mine if e.occurred and e.value is not None),
            key=lambda e: (e.date.end, e.date.start, e.id),
        )
        assert index.values(subject, kind) == valued
    again = index.summaries([f"{s} {k}" for s, k in asked], never)  # reports made meanwhile
    for columns in (first, again):
        assert all(c.dtype == np.int64 for c in columns)
        for i, (subject, kind) in enumerate(asked):
            want = Reports([e for e in log.events if (e.subject, e.kind) == (subject, kind)])
            day = want.conflict.day.toordinal() if want.conflict else never
            window = None if want.conflict else want.window
            assert tuple(c[i] for c in columns) == (
                day,
                window.start.toordinal() if window else never,
                window.end.toordinal() if window else never,
                int(want.negated),
            )
    steps = [
        (e, starts)
        for e in log.events
        if e.occurred
        for starts in (True, False)
        if "on" in (e.starts if starts else e.ends)
    ]
    line, hand = index.line("on"), StateLine(steps)
    assert (line._steps, line._sure, line._possible) == (hand._steps, hand._sure, hand._possible)


@given(_logs(), st.lists(st.tuples(st.sampled_from("abcd"), st.sampled_from("km"), DAYS)))
def test_the_index_finds_each_had_not_happened_report_as_the_reports_do(
    log: EventLog, asked: list[tuple[str, str, int]]
) -> None:
    """negatives(): per key and day, the visible day of the report negative_from finds."""
    index = Timeline(log)
    keys, days = [f"{s} {k}" for s, k, _ in asked], [_day(d) for _, _, d in asked]
    found = index.negatives(keys, days, -7)
    assert found.dtype == np.int64
    want = []
    for (subject, kind, _), day in zip(asked, days, strict=True):
        negative = Reports(
            [e for e in log.events if (e.subject, e.kind) == (subject, kind)]
        ).negative_from(day)
        want.append(-7 if negative is None else negative.date.end.toordinal())
    assert found.tolist() == want


def test_an_empty_log_summarises_every_event_as_never_reported() -> None:
    columns = Timeline(EventLog(events=())).summaries(["a k", "b m"], 99)
    assert [c.tolist() for c in columns] == [[99, 99], [99, 99], [99, 99], [0, 0]]


def test_one_completeness_day_for_all_is_read_once() -> None:
    """A log naming no subject's own completeness has one day for all (-1: none); else none."""
    day = dt.date(2024, 3, 1)
    assert Timeline(EventLog(events=(), complete_through=day)).uniform_completeness() == (
        day.toordinal()
    )
    assert Timeline(EventLog(events=())).uniform_completeness() == -1
    own = EventLog(events=(), complete_through=day, subjects={"a": dt.date(2024, 1, 1)})
    assert Timeline(own).uniform_completeness() is None


@pytest.mark.parametrize("subjects", [{}, {"b": dt.date(2024, 1, 5)}, {"a": dt.date(2024, 3, 9)}])
def test_completeness_decides_alike_for_one_day_or_each_subjects(
    subjects: dict[str, dt.date],
) -> None:
    """A NO by completeness, decided in columns, on the day the per-prediction rule gives."""
    log = EventLog(events=(), complete_through=dt.date(2024, 3, 1), subjects=subjects)
    predictions = [
        _prediction(f"p{i}", Occurs(subject=s, kind="k", deadline=d), BASE)
        for i, (s, d) in enumerate(
            (s, d) for s in ("a", "b") for d in ("by February 2024", "by March 2024", "2024")
        )
    ]
    for as_of in (dt.date(2024, 3, 1), dt.date(2024, 3, 2), dt.date(2024, 4, 1)):
        _assert_same(
            Resolver(log).resolve_all(predictions, as_of), _one_by_one(log, predictions, as_of)
        )


@pytest.mark.parametrize("first", ["eventually", "by March 2024"])
def test_the_index_refuses_an_open_ended_deadline_each_time_it_is_asked(first: str) -> None:
    """A phrase that names no date is refused by its own message every time, whatever was
    asked before: whether a phrase is open-ended is kept per phrase, never shared."""
    index = Timeline(EventLog(events=()))
    anchor = DateWindow.day(dt.date(2024, 1, 1))
    if first != "eventually":
        assert index.deadline(first, anchor).last_day == dt.date(2024, 3, 31)
    for _ in range(2):
        with pytest.raises(
            lg.DeadlineError, match=r"^phrase 'eventually' is open-ended: it names no date$"
        ):
            index.deadline("eventually", anchor)
    assert index.deadline("by March 2024", anchor).last_day == dt.date(2024, 3, 31)


def _spans_by_hand(
    steps: list[tuple[Event, bool]],
) -> tuple[
    list[tuple[dt.date, dt.date, Event | None]], list[tuple[dt.date, dt.date, Event | None]]
]:
    """A state's sure and possible spans, worked out as the definition says, step by step.

    The transitions in date order (an end before a start on the same dates)
    pair into intervals: a start opens one if none is open, an end closes the
    open one, and an end before any start closes one open since ever. An
    interval surely holds from its start's last day to its end's first day
    (when that is not empty) and possibly from its start's first day to its
    end's last day, overlapping possible spans merged.
    """
    ordered = sorted(steps, key=lambda s: (s[0].date.start, s[0].date.end, s[1], s[0].id))
    intervals: list[tuple[Event | None, Event | None]] = []
    opened: list[Event] = []
    for event, starts in ordered:
        if starts and not opened:
            opened.append(event)
        elif not starts and opened:
            intervals.append((opened.pop(), event))
        elif not starts and not intervals:
            intervals.append((None, event))
    if opened:
        intervals.append((opened.pop(), None))
    low, high = dt.date.min, dt.date.max
    sure = [
        (a.date.end if a else low, b.date.start if b else high, a)
        for a, b in intervals
        if (a.date.end if a else low) < (b.date.start if b else high)
    ]
    possible: list[tuple[dt.date, dt.date, Event | None]] = []
    for a, b in intervals:
        lo, hi = a.date.start if a else low, b.date.end if b else high
        if possible and lo <= possible[-1][1]:
            if hi > possible[-1][1]:
                possible[-1] = (possible[-1][0], hi, b)
        else:
            possible.append((lo, hi, b))
    return sure, possible


@given(_logs(), st.lists(st.booleans(), min_size=9, max_size=9), DAYS, DAYS)
def test_a_state_line_holds_the_spans_its_definition_gives(
    log: EventLog, ends: list[bool], one: int, other: int
) -> None:
    """A state line's sure and possible spans (and their starts and ends) are those worked out
    by hand, and the day its uncertain transitions are all visible is the latest of the
    period's last day and their windows' last days."""
    events = [
        attrs.evolve(e, ends=("on",) if end else (), starts=() if end and i % 2 else e.starts)
        for i, (e, end) in enumerate(zip(log.events, ends, strict=False))
    ]
    steps = [
        (e, starts)
        for e in events
        if e.occurred
        for starts in (True, False)
        if "on" in (e.starts if starts else e.ends)
    ]
    line = StateLine(steps)
    sure, possible = _spans_by_hand(steps)
    assert (line._sure, line._possible) == (sure, possible)
    assert line._sure_starts == [s[0] for s in sure]
    assert line._possible_starts == [p[0] for p in possible]
    assert line._possible_ends == [p[1] for p in possible]
    periods = [(_day(min(one, other)), _day(max(one, other)))]
    week = dt.timedelta(days=7)
    for event, _ in steps:  # periods beginning on a window's last day, ending on its first
        periods += [
            (event.date.end, event.date.end + week),
            (event.date.start - week, event.date.start),
        ]
    for first, last in periods:
        widest = max([last, *(e.date.end for e in line.uncertain_at(first, last))])
        assert line.uncertain_until(first, last) == widest
