"""Building a ledger in memory: the screened checks report exactly what the exact ones do."""

from __future__ import annotations

import datetime as dt
import gc
from collections.abc import Iterator
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from forecastcheck.errors import LedgerError, Problem
from forecastcheck.ledger import Ledger, Readings, anchor_problems, check_records, checks
from forecastcheck.ledger.checks import date_problems
from forecastcheck.ledger.dates import DateWindow
from forecastcheck.ledger.propositions import (
    AllOf,
    Anchor,
    DateOf,
    HoldsAt,
    HoldsThroughout,
    Not,
    Occurs,
    Proposition,
    ValueOf,
)
from forecastcheck.ledger.records import (
    Citation,
    Confidence,
    Document,
    Event,
    EventLog,
    Prediction,
    Source,
)

BY_MARCH = Occurs(subject="treaty", kind="signed", deadline="by March 2026")
"""A phrase every statement date reads alike: its question ends on 2026-03-31."""
NEXT_YEAR = HoldsThroughout(state="calm", start="next year", end="2025")
"""A period read from the statement date: stated in 2025, it ends before it starts."""
POOL: tuple[Proposition, ...] = (
    BY_MARCH,
    NEXT_YEAR,
    Occurs(subject="treaty", kind="signed", deadline="soonish"),
    HoldsThroughout(state="calm", start="2026", end="2025"),
    Occurs(subject="truce", kind="broken", deadline="within six months"),
    Occurs(subject="truce", kind="broken", deadline="within 30 days", after=Anchor(event="ev-1")),
    Occurs(subject="truce", kind="broken", deadline="by 2027", after=Anchor(event="ev-gone")),
    HoldsAt(state="calm", date="2025-06-30"),
    AllOf(propositions=(BY_MARCH, HoldsAt(state="calm", date="2025-Q3"), NEXT_YEAR)),
)
"""Propositions shared between predictions: fixed, relative, unreadable, bad periods, anchors."""


def _predict(i: int, proposition: Proposition | None, stated: dt.date, **kw: Any) -> Prediction:
    fields: dict[str, Any] = {"source": "ana", "quote": "it will", "proposition": proposition}
    if proposition is None:
        fields["unscorable"] = "no observable criterion"
    else:
        fields["confidence"] = Confidence(probability=0.7)
    return Prediction(id=f"p-{i}", stated=DateWindow.day(stated), **{**fields, **kw})


def _records(predictions: list[Prediction]) -> dict[str, Any]:
    return {
        "sources": (Source(id="ana", name="Ana"),),
        "documents": (Document(id="d-1", outlet="Wire", title="Report"),),
        "predictions": tuple(predictions),
        "log": EventLog(
            events=(
                Event(
                    id="ev-1",
                    subject="truce",
                    kind="agreed",
                    date=DateWindow.day(dt.date(2025, 1, 1)),
                    evidence=(
                        Citation(document="d-1"),
                        Citation(outlet="Wire", url="https://wire.example/1"),
                    ),
                ),
            )
        ),
    }


def _problems(predictions: list[Prediction]) -> list[str]:
    with pytest.raises(LedgerError) as caught:
        Ledger(**_records(predictions))
    return [str(p) for p in caught.value.problems]


def _one_by_one(predictions: list[Prediction], events: set[str]) -> Iterator[Problem]:
    """The date and anchor problems of each prediction read on its own, in the ledger's order."""
    readings = Readings()
    for i, prediction in enumerate(predictions):
        for path, message in date_problems(prediction, readings):
            yield Problem("", f"$.predictions[{i}]{path}", message)
    for i, prediction in enumerate(predictions):
        for path, message in anchor_problems(prediction, events):
            yield Problem("", f"$.predictions[{i}]{path}", message)


def test_a_shared_question_is_past_from_the_day_after_its_last_day() -> None:
    """Stated on a shared question's last day passes; the day after is a problem, at its record."""
    stated = [dt.date(2026, 1, 1), dt.date(2026, 3, 31), dt.date(2026, 4, 1), dt.date(2026, 3, 30)]
    found = _problems([_predict(i, BY_MARCH, day) for i, day in enumerate(stated)])
    assert found == [
        "$.predictions[2].proposition.deadline: deadline 'by March 2026' ends (2026-03-31) "
        "before the statement date (2026-04-01): a call about a time already past is not a forecast"
    ]


def test_the_first_reading_of_a_shared_question_may_be_the_past_one() -> None:
    """The prediction a shared question is first read for keeps its problem; the next is clear."""
    found = _problems(
        [_predict(0, BY_MARCH, dt.date(2026, 4, 1)), _predict(1, BY_MARCH, dt.date(2026, 3, 31))]
    )
    assert [p.split(": ")[0] for p in found] == ["$.predictions[0].proposition.deadline"]


def test_a_relative_period_is_read_from_each_statement_date() -> None:
    """A shared period read from the statement date is a problem for one stated in 2025 only."""
    found = _problems(
        [_predict(0, NEXT_YEAR, dt.date(2024, 6, 1)), _predict(1, NEXT_YEAR, dt.date(2025, 6, 1))]
    )
    assert found == [
        "$.predictions[1].proposition.end: period 'next year' to '2025' ends (2025-12-31) "
        "before it starts (2026-01-01)"
    ]


def test_a_shared_problem_is_reported_at_every_prediction() -> None:
    """An unreadable phrase and a dangling anchor shared by two predictions are problems at each."""
    bad = Occurs(subject="x", kind="y", deadline="soonish", after=Anchor(event="ev-gone"))
    found = _problems([_predict(i, bad, dt.date(2025, 1, 1)) for i in range(2)])
    assert [p.split(": ")[0] for p in found] == [
        "$.predictions[0].proposition.after.event",
        "$.predictions[0].proposition.deadline",
        "$.predictions[1].proposition.after.event",
        "$.predictions[1].proposition.deadline",
    ]


LEAVES: tuple[Proposition, ...] = (
    BY_MARCH,
    Occurs(subject="truce", kind="broken", deadline="by March 2026"),
    Not(proposition=Occurs(subject="pact", kind="signed", deadline="by March 2026")),
    Not(proposition=Not(proposition=Occurs(subject="pact", kind="signed", deadline="by 2025"))),
    Occurs(subject="truce", kind="broken", deadline="by March 2026", after=Anchor(event="ev-1")),
    Not(proposition=Occurs(subject="x", kind="y", deadline="by 2026", after=Anchor(event="no"))),
    Occurs(subject="truce", kind="broken"),
    Occurs(subject="truce", kind="broken", deadline="this year"),
    Occurs(subject="pact", kind="signed", deadline="this year"),
    Occurs(subject="pact", kind="signed", deadline="soonish"),
    HoldsAt(state="calm", date="2025-06-30"),
    HoldsAt(state="war", date="2025-06-30"),
    HoldsAt(state="calm", date="2026-Q1"),
    HoldsThroughout(state="calm", start="2024", end="2025"),
    HoldsThroughout(state="war", start="2026", end="2025"),
    HoldsThroughout(state="calm", start="2025", end="2026"),
    ValueOf(subject="gdp", quantity="growth", point=1.0, by="by 2025"),
    ValueOf(subject="cpi", quantity="rate", point=2.0, by="by 2025"),
    ValueOf(subject="cpi", quantity="rate", point=2.0),
    DateOf(subject="truce", kind="broken", point="2025-06-30"),
    DateOf(subject="pact", kind="signed", point="2025-06-30", earliest="2025", latest="2026"),
    DateOf(subject="pact", kind="signed", point="2025-06-30", earliest="2026", latest="2025"),
    DateOf(subject="pact", kind="signed", point="2026-06-30", latest="2025"),
)
"""Leaves (some under ``not``) that share some phrases but not all, or not their anchor."""


@settings(max_examples=80, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(LEAVES),
            st.dates(dt.date(2024, 1, 1), dt.date(2027, 12, 31)),
        ),
        max_size=12,
    )
)
def test_leaves_sharing_phrases_are_checked_as_each_read_on_its_own(
    drawn: list[tuple[Proposition, dt.date]],
) -> None:
    """Leaves with the same phrases share one screen: the same problems, in order, as each
    prediction read on its own, and the same readings."""
    predictions = [_predict(i, prop, day) for i, (prop, day) in enumerate(drawn)]
    log = _records(predictions)["log"]
    assert isinstance(log, EventLog)
    checked = check_records(
        (Source(id="ana", name="Ana"),),
        (Document(id="d-1", outlet="Wire", title="Report"),),
        tuple(predictions),
        log.events,
    )
    assert list(checked.problems) == list(_one_by_one(predictions, {"ev-1"}))
    readings = Readings()
    for prediction in predictions:
        list(date_problems(prediction, readings))
    assert sorted(map(repr, checked.readings)) == sorted(map(repr, readings))


def test_a_leaf_screen_is_shared_by_phrase_not_by_anchor() -> None:
    """The same deadline anchored on an event is not the stated question: past for the
    prediction stated after it, never for the anchored one."""
    anchored = Occurs(subject="t", kind="k", deadline="by March 2026", after=Anchor(event="ev-1"))
    late = dt.date(2026, 5, 1)
    found = _problems(
        [
            _predict(0, anchored, late),
            _predict(1, Not(proposition=attrs.evolve(BY_MARCH, subject="pact")), late),
            _predict(2, BY_MARCH, dt.date(2026, 3, 1)),
        ]
    )
    assert [p.split(": ")[0] for p in found] == [
        "$.predictions[1].proposition.proposition.deadline"
    ]


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(POOL),
            st.dates(dt.date(2024, 1, 1), dt.date(2027, 12, 31)),
            st.booleans(),
        ),
        max_size=12,
    )
)
def test_screened_checks_equal_each_prediction_read_on_its_own(
    drawn: list[tuple[Proposition, dt.date, bool]],
) -> None:
    """Shared or equal-but-distinct propositions: the same problems, in order, and the same readings."""
    predictions = [
        _predict(i, prop if shared else attrs.evolve(prop), day)
        for i, (prop, day, shared) in enumerate(drawn)
    ]
    records = _records(predictions)
    log = records["log"]
    assert isinstance(log, EventLog)
    checked = check_records(
        (Source(id="ana", name="Ana"),),
        (Document(id="d-1", outlet="Wire", title="Report"),),
        tuple(predictions),
        log.events,
    )
    assert list(checked.problems) == list(_one_by_one(predictions, {"ev-1"}))
    readings = Readings()
    for prediction in predictions:
        list(date_problems(prediction, readings))
    assert sorted(map(repr, checked.readings)) == sorted(map(repr, readings))


BREACHES: dict[str, tuple[dict[str, Any], str]] = {
    "source id twice": (
        {"sources": (Source(id="ana", name="Ana"), Source(id="ana", name="Bo"))},
        "$.sources[1].id: duplicate id 'ana' (also at $.sources[0])",
    ),
    "document id twice": (
        {"documents": (Document(id="d-1", outlet="W", title="T"),) * 2},
        "$.documents[1].id: duplicate id 'd-1' (also at $.documents[0])",
    ),
    "prediction id twice": (
        {"predictions": (_predict(0, None, dt.date(2025, 1, 1)),) * 2},
        "$.predictions[1].id: duplicate id 'p-0' (also at $.predictions[0])",
    ),
    "event id twice": (
        {
            "log": EventLog(
                events=(Event(id="e", subject="s", kind="k", date=DateWindow.year(2025)),) * 2
            )
        },
        "$.events[1].id: duplicate id 'e' (also at $.events[0])",
    ),
    "unknown source": (
        {"predictions": (_predict(0, None, dt.date(2025, 1, 1), source="bo"),)},
        "$.predictions[0].source: no source with id 'bo'",
    ),
    "unknown document": (
        {"predictions": (_predict(0, None, dt.date(2025, 1, 1), document="d-2"),)},
        "$.predictions[0].document: no document with id 'd-2'",
    ),
    "unknown cited document": (
        {
            "log": EventLog(
                events=(
                    Event(
                        id="e",
                        subject="s",
                        kind="k",
                        date=DateWindow.year(2025),
                        evidence=(Citation(outlet="Wire"), Citation(document="d-9")),
                    ),
                )
            )
        },
        "$.events[0].evidence[1].document: no document with id 'd-9'",
    ),
}


@pytest.mark.parametrize("breach", sorted(BREACHES))
def test_each_reference_breach_is_found_alone(breach: str) -> None:
    """One duplicate id or dangling reference among sound records is the one problem reported."""
    change, expected = BREACHES[breach]
    sound = _records([_predict(0, None, dt.date(2025, 1, 1), document="d-1")])
    with pytest.raises(LedgerError) as caught:
        Ledger(**{**sound, **change})
    assert [str(p) for p in caught.value.problems] == [expected]


def test_sound_references_pass() -> None:
    """A prediction naming no document and an event citing a known one pass the screen."""
    records = _records([_predict(0, BY_MARCH, dt.date(2025, 1, 1), document=None)])
    assert Ledger(**records).checked.problems == ()  # type: ignore[union-attr]


def test_a_cycle_among_repeated_ids_reads_as_before() -> None:
    """A cycle met through a repeated id is named from the reading first met, after the others."""
    day = dt.date(2025, 1, 1)
    predictions = [
        _predict(0, BY_MARCH, day),
        _predict(1, BY_MARCH, day, revises="p-2"),
        _predict(2, BY_MARCH, day, revises="p-1"),
        attrs.evolve(_predict(0, BY_MARCH, day), revises="p-2"),
    ]
    records = _records(predictions)
    checked = check_records(
        records["sources"], records["documents"], tuple(predictions), records["log"].events
    )
    assert [str(p) for p in checked.problems] == [
        "$.predictions[3].id: duplicate id 'p-0' (also at $.predictions[0])",
        "$.predictions[3].revises: 'p-2' is already revised by the prediction at "
        "$.predictions[1]: a chain of readings cannot fork",
        "$.predictions[2].revises: the readings revise in a cycle: 'p-2' → 'p-1' → 'p-2'",
        "$.predictions[1].revises: the readings revise in a cycle: 'p-2' → 'p-1' → 'p-2'",
    ]


def test_a_ledger_without_revises_has_no_chain_problem() -> None:
    """Predictions that revise nothing pass; one revise of an unknown id is then found."""
    day = dt.date(2025, 1, 1)
    sound = [_predict(i, BY_MARCH, day) for i in range(3)]
    assert Ledger(**_records(sound)).checked.problems == ()  # type: ignore[union-attr]
    assert _problems([*sound, _predict(3, BY_MARCH, day, revises="p-7")]) == [
        "$.predictions[3].revises: no prediction with id 'p-7'"
    ]


def test_looking_up_by_id_equals_a_scan_and_reads_alike_again() -> None:
    """Each table's look-up by id gives the first record with that id, the same on every read."""
    ledger = Ledger(**_records([_predict(i, BY_MARCH, dt.date(2025, 1, 1)) for i in range(5)]))
    twin = Ledger(
        sources=ledger.sources, documents=ledger.documents, predictions=ledger.predictions
    )
    for _ in range(2):
        for p in ledger.predictions:
            assert ledger.prediction(p.id) is next(q for q in ledger.predictions if q.id == p.id)
        assert ledger.source("ana") is ledger.sources[0]
        assert ledger.document("d-1") is ledger.documents[0]
    assert (ledger.sources, ledger.predictions) == (twin.sources, twin.predictions)
    assert attrs.evolve(ledger) == ledger
    assert hash(attrs.evolve(ledger)) == hash(ledger)
    for look_up, what in ((ledger.prediction, "prediction"), (ledger.source, "source")):
        with pytest.raises(KeyError, match=f"no {what} with id 'nobody'"):
            look_up("nobody")


def test_an_evolved_ledger_indexes_its_own_records() -> None:
    """A ledger evolved from one already looked up in finds its own predictions, not the old ones."""
    day = dt.date(2025, 1, 1)
    ledger = Ledger(**_records([_predict(0, BY_MARCH, day)]))
    assert ledger.prediction("p-0").stated == DateWindow.day(day)
    later = attrs.evolve(ledger, predictions=(_predict(0, BY_MARCH, dt.date(2025, 2, 1)),))
    assert later.prediction("p-0").stated == DateWindow.day(dt.date(2025, 2, 1))
    with pytest.raises(KeyError):
        attrs.evolve(ledger, predictions=()).prediction("p-0")


@pytest.mark.parametrize("enabled", [True, False])
def test_checking_restores_garbage_collection_as_it_was(
    enabled: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Collection is held off only while checking: restored as found, after problems and errors."""
    was = gc.isenabled()
    try:
        gc.enable() if enabled else gc.disable()
        Ledger(**_records([_predict(0, BY_MARCH, dt.date(2025, 1, 1))]))
        assert gc.isenabled() is enabled
        _problems([_predict(0, BY_MARCH, dt.date(2026, 5, 1))])
        assert gc.isenabled() is enabled
        monkeypatch.setattr(checks, "chain_problems", _fails)
        with pytest.raises(RuntimeError, match="inside the check"):
            Ledger(**_records([_predict(0, BY_MARCH, dt.date(2025, 1, 1), revises="p-0")]))
        assert gc.isenabled() is enabled
    finally:
        gc.enable() if was else gc.disable()


def _fails(*args: object) -> list[Problem]:
    raise RuntimeError("inside the check")


@pytest.mark.parametrize(
    ("first", "second", "path"),
    [
        (
            HoldsThroughout(state="calm", start="2024", end="2025"),
            HoldsThroughout(state="war", start="2026", end="2025"),
            "end",
        ),
        (
            DateOf(subject="p", kind="k", point="2025-06-30", earliest="2025", latest="2025"),
            DateOf(subject="p", kind="k", point="2025-06-30", earliest="2026", latest="2025"),
            "latest",
        ),
        (
            DateOf(subject="p", kind="k", point="2025-12-30"),
            DateOf(subject="p", kind="k", point="2025-01-30"),
            "point",
        ),
    ],
)
def test_a_leaf_screen_is_shared_only_by_every_same_phrase(
    first: Proposition, second: Proposition, path: str
) -> None:
    """Two leaves alike but for one phrase: the second's problem is found after the first clears."""
    stated = dt.date(2025, 3, 1)
    found = _problems([_predict(0, first, stated), _predict(1, second, stated)])
    assert [p.split(": ")[0] for p in found] == [f"$.predictions[1].proposition.{path}"]
