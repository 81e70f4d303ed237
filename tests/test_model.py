"""The typed model: validation on construction, references, helpers."""

from __future__ import annotations

import datetime as dt
import itertools

import attrs
import pytest
from hypothesis import Phase, find, given, settings
from hypothesis import strategies as st

from forecastcheck import strategies as fst
from forecastcheck.errors import FieldError, LedgerError
from forecastcheck.ledger import (
    AllOf,
    Citation,
    Confidence,
    DateOf,
    DateWindow,
    Document,
    Event,
    EventLog,
    HoldsThroughout,
    If,
    Ledger,
    Not,
    Occurs,
    Prediction,
    Proposition,
    Source,
    ValueOf,
    chains_of,
    walk,
    walk_paths,
)

Y2024 = DateWindow.year(2024)


def _prediction(**changes: object) -> Prediction:
    base: dict[str, object] = {
        "id": "p",
        "source": "s",
        "quote": "It will happen.",
        "stated": Y2024,
        "proposition": Occurs(subject="x", kind="happens", deadline="2025"),
        "confidence": Confidence(probability=0.7),
    }
    base.update(changes)
    return Prediction(**base)  # type: ignore[arg-type]


class TestValidation:
    def test_probability_out_of_range(self) -> None:
        """A probability outside [0, 1] is refused, naming the field."""
        with pytest.raises(FieldError) as info:
            Confidence(probability=1.3)
        assert info.value.field == "probability"

    def test_bool_is_not_a_probability(self) -> None:
        """True is not the probability 1."""
        with pytest.raises(FieldError):
            Confidence(probability=True)

    def test_confidence_needs_something(self) -> None:
        """A confidence with neither number nor phrase is refused."""
        with pytest.raises(ValueError, match="needs a probability, a phrase, or both"):
            Confidence()

    def test_identifiers_are_checked(self) -> None:
        """Ids with spaces are refused."""
        with pytest.raises(FieldError, match="expected an identifier"):
            Source(id="has space", name="X")

    def test_unscorable_needs_no_proposition(self) -> None:
        """An unscorable statement is recorded with its reason and nothing else."""
        p = _prediction(proposition=None, confidence=None, unscorable="not a forecast")
        assert p.unscorable == "not a forecast"

    def test_scorable_needs_proposition_and_confidence(self) -> None:
        """Without an unscorable reason, both proposition and confidence are required."""
        with pytest.raises(ValueError, match="needs proposition and confidence"):
            _prediction(proposition=None, confidence=None)

    def test_value_interval_order(self) -> None:
        """A value interval whose lower end exceeds the upper is refused."""
        with pytest.raises(ValueError, match="exceeds upper"):
            ValueOf(subject="s", quantity="q", point=1.0, lower=2.0, upper=0.0)

    def test_citation_needs_a_source(self) -> None:
        """Evidence must name an outlet or a ledger document."""
        with pytest.raises(ValueError, match="outlet or a document"):
            Citation(url="https://example.org")

    def test_datetime_is_not_a_window(self) -> None:
        """A datetime is refused where a date window is meant."""
        with pytest.raises(TypeError):
            DateWindow(dt.datetime(2024, 1, 1), dt.datetime(2024, 1, 2))

    def test_frozen(self) -> None:
        """Records are immutable; changed copies come from attrs.evolve."""
        p = _prediction()
        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            p.id = "q"  # type: ignore[misc]
        assert attrs.evolve(p, id="q").id == "q"


class TestLedger:
    def test_dangling_and_duplicate_references(self) -> None:
        """Every duplicate id and dangling reference is listed in one error."""
        with pytest.raises(LedgerError) as info:
            Ledger(
                sources=[Source(id="s", name="S"), Source(id="s", name="S2")],
                predictions=[_prediction(source="t", document="d")],
                log=EventLog(
                    events=[
                        Event(
                            id="e",
                            subject="x",
                            kind="k",
                            date=Y2024,
                            evidence=[Citation(document="missing")],
                        )
                    ]
                ),
            )
        messages = [str(p) for p in info.value.problems]
        assert messages == [
            "$.events[0].evidence[0].document: no document with id 'missing'",
            "$.predictions[0].document: no document with id 'd'",
            "$.predictions[0].source: no source with id 't'",
            "$.sources[1].id: duplicate id 's' (also at $.sources[0])",
        ]

    def test_unreadable_deadline_in_memory(self) -> None:
        """A ledger built in memory also refuses deadline phrases it cannot read."""
        with pytest.raises(LedgerError, match="unrecognised deadline phrase 'soon'"):
            Ledger(
                sources=[Source(id="s", name="S")],
                predictions=[
                    _prediction(proposition=Occurs(subject="x", kind="k", deadline="soon"))
                ],
            )

    def test_lookup_by_id(self) -> None:
        """Records are found by id; a missing id is a KeyError naming it."""
        ledger = Ledger(sources=[Source(id="s", name="S")], predictions=[_prediction()])
        assert ledger.source("s").name == "S"
        assert ledger.prediction("p").source == "s"
        with pytest.raises(KeyError, match="no source with id 'z'"):
            ledger.source("z")

    def test_log_completeness_per_subject(self) -> None:
        """A subject's own completeness date overrides the log's."""
        log = EventLog(complete_through=dt.date(2026, 2, 7), subjects={"x": dt.date(2020, 1, 1)})
        assert log.complete_for("x") == dt.date(2020, 1, 1)
        assert log.complete_for("y") == dt.date(2026, 2, 7)

    @given(fst.ledgers())
    def test_generated_ledgers_are_valid(self, ledger: Ledger) -> None:
        """The shipped strategy only builds ledgers that pass every check."""
        assert attrs.evolve(ledger) == ledger

    def test_generated_ledgers_restate_forecasts(self) -> None:
        """The strategy builds chains of restated readings: each revises the one before, same source."""
        quiet = settings(max_examples=500, database=None, derandomize=True, phases=[Phase.generate])
        ledger = find(
            fst.ledgers(max_records=2),
            lambda ledger: len(_longest_chain(ledger)) >= 2,
            settings=quiet,
        )
        chain = [ledger.predictions[i] for i in _longest_chain(ledger)]
        assert all(b.revises == a.id for a, b in itertools.pairwise(chain))
        assert len({p.source for p in chain}) == 1


class TestWalk:
    def test_walk_visits_every_part_with_its_path(self) -> None:
        """walk and walk_paths visit nested propositions depth first, with paths."""
        a = Occurs(subject="a", kind="k")
        b = Occurs(subject="b", kind="k", deadline="2025")
        prop = If(condition=a, then=AllOf(propositions=[Not(proposition=b), a]))
        assert list(walk(prop))[1:] == [a, prop.then, Not(proposition=b), b, a]
        paths = [path for path, _ in walk_paths(prop)]
        assert paths == [
            "",
            ".condition",
            ".then",
            ".then.propositions[0]",
            ".then.propositions[0].proposition",
            ".then.propositions[1]",
        ]
        assert Occurs(subject="a", kind="k").open_ended
        assert not b.open_ended


class TestStrategies:
    @pytest.mark.parametrize(
        "cls",
        [Ledger, Source, Document, Prediction, Event, EventLog, Occurs, DateWindow],
        ids=lambda cls: cls.__name__,
    )
    @given(data=st.data())
    def test_from_type_is_registered(self, cls: type, data: st.DataObject) -> None:
        """st.from_type builds valid model objects through Hypothesis' entry point."""
        assert isinstance(data.draw(st.from_type(cls)), cls)


class TestPeriods:
    @pytest.mark.parametrize(
        ("proposition", "field"),
        [
            (HoldsThroughout(state="s", start="2025-06", end="2025-01"), "end"),
            (
                DateOf(subject="s", kind="k", point="2025", earliest="2026", latest="2025-03"),
                "latest",
            ),
        ],
    )
    def test_period_ending_before_it_starts_is_refused(
        self, proposition: Proposition, field: str
    ) -> None:
        """A period that ends before it starts is a located problem when the ledger is built, not at report time."""
        with pytest.raises(LedgerError) as info:
            Ledger(
                sources=[Source(id="s", name="S")],
                predictions=[_prediction(proposition=proposition)],
            )
        (problem,) = info.value.problems
        assert problem.path == f"$.predictions[0].proposition.{field}"
        assert "ends" in problem.message
        assert "before it starts" in problem.message

    def test_ordered_period_is_accepted(self) -> None:
        """A period in order passes."""
        prop = HoldsThroughout(state="s", start="2025-01", end="by June 2025")
        ledger = Ledger(
            sources=[Source(id="s", name="S")], predictions=[_prediction(proposition=prop)]
        )
        assert ledger.predictions[0].proposition == prop


def test_proposition_type_keys_are_unchanged() -> None:
    """The renamed ``AllOf`` and ``AnyOf`` are still written as ``type = "all"`` / ``"any"``."""
    import forecastcheck
    import forecastcheck.ledger

    types = forecastcheck.ledger.PROPOSITION_TYPES
    assert (types["all"], types["any"]) == (forecastcheck.AllOf, forecastcheck.AnyOf)


def _longest_chain(ledger: Ledger) -> tuple[int, ...]:
    return max(chains_of(ledger.predictions), key=len, default=())
