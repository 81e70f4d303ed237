"""The per-call stages' shortcuts give what the plain code gave: phrases, standings, results."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from forecastcheck import _collector, strategies
from forecastcheck.evaluation import call_results as call_results_module
from forecastcheck.evaluation.call_results import call_results
from forecastcheck.evaluation.deadline_sensitivity import (
    alternative_phrases,
    deadline_phrases,
    two_reading_phrases,
)
from forecastcheck.evaluation.interpreting import Reader
from forecastcheck.evaluation.resolving import resolve_calls
from forecastcheck.evaluation.verdicts import call_standing, call_status
from forecastcheck.ledger import (
    AllOf,
    Anchor,
    Confidence,
    DateWindow,
    Deadline,
    Ledger,
    Not,
    Occurs,
    Prediction,
    Proposition,
    Source,
    load,
    walk,
)
from forecastcheck.ledger.propositions import date_fields
from forecastcheck.verbal import get_scale

KARABAKH = Path(__file__).resolve().parent.parent / "fixtures" / "karabakh"
AS_OF = dt.date(2026, 2, 7)
SOURCES = (Source(id="s", name="S"),)
# deadlines with two readings ("within weeks", an alternative) and with one, or none
DEADLINES = (
    None,
    "within weeks",
    "within days",
    "by late January / early February 2022",
    "by November 2025",
    "2022-03-01",
    "within six months",
    "eventually",
)


def _old_alternative_phrases(ledger: Ledger, prediction: Prediction) -> tuple[str, ...]:
    """The phrases as read before a plain ``occurs`` was read without a walk."""
    if prediction.proposition is None:
        return ()
    found: list[str] = []
    for part in walk(prediction.proposition):
        for _, text, how in date_fields(part):
            result = ledger.readings.read(text, how, prediction.stated).result
            if isinstance(result, Deadline) and result.alternatives and text not in found:
                found.append(text)
    return tuple(found)


def _occurs(deadline: str | None, anchored: bool, by: str | None) -> Occurs:
    after = Anchor(subject="war", kind="start", by=by) if anchored else None
    return Occurs(subject="talks", kind="begin", deadline=deadline, after=after)


def _propositions() -> st.SearchStrategy[Proposition]:
    """Plain and anchored ``occurs`` with every kind of deadline, alone or nested."""
    deadline = st.sampled_from(DEADLINES)
    leaf = st.builds(_occurs, deadline, st.booleans(), st.sampled_from(DEADLINES[1:]))
    return st.recursive(
        leaf,
        lambda inner: (
            st.builds(Not, proposition=inner)
            | st.builds(AllOf, propositions=st.lists(inner, min_size=1, max_size=3))
        ),
        max_leaves=4,
    )


def _prediction(k: int, proposition: Proposition | None, day: int, unscorable: bool) -> Prediction:
    return Prediction(
        id=f"p{k}",
        source="s",
        quote="q",
        stated=DateWindow.day(dt.date(2022, 1, 1) + dt.timedelta(days=day)),
        proposition=proposition,
        confidence=Confidence(probability=0.7),
        unscorable="no number" if unscorable or proposition is None else None,
    )


@st.composite
def _ledgers(draw: st.DrawFn) -> Ledger:
    calls = draw(
        st.lists(
            st.tuples(st.none() | _propositions(), st.integers(0, 30), st.booleans()),
            max_size=8,
        )
    )
    return Ledger(
        sources=SOURCES, predictions=[_prediction(k, *call) for k, call in enumerate(calls)]
    )


@given(_ledgers())
@settings(suppress_health_check=[HealthCheck.too_slow], max_examples=80)
def test_alternative_phrases_equal_every_date_read(ledger: Ledger) -> None:
    """A plain occurs read alone gives the phrases walking every date field gave."""
    phrases, changed = deadline_phrases(ledger)
    for i, prediction in enumerate(ledger.predictions):
        old = _old_alternative_phrases(ledger, prediction)
        assert alternative_phrases(ledger, prediction) == old
        assert (i in changed) == bool(old)
        assert phrases[prediction.id] == two_reading_phrases(ledger, prediction)
        assert phrases[prediction.id] == (() if prediction.unscorable is not None else old)


def test_a_plain_occurs_with_two_readings_is_found() -> None:
    """The shortcut finds a two-reading deadline of a plain occurs, and none in a one-reading one."""
    ledger = Ledger(
        sources=SOURCES,
        predictions=[
            _prediction(0, _occurs("within weeks", False, None), 0, False),
            _prediction(1, _occurs("by November 2025", False, None), 0, False),
            _prediction(2, _occurs(None, False, None), 0, False),
        ],
    )
    assert deadline_phrases(ledger) == ({"p0": ("within weeks",), "p1": (), "p2": ()}, [0])


@given(strategies.ledgers(max_records=8))
@settings(suppress_health_check=[HealthCheck.too_slow], max_examples=40)
def test_standing_from_the_shared_status_equals_call_status(ledger: Ledger) -> None:
    """A call's standing from its resolution's shared status equals call_status's."""
    resolutions = resolve_calls(ledger, AS_OF).resolutions
    decided = call_results_module._DecidedBy({})
    for prediction in ledger.predictions:
        resolution = resolutions.get(prediction.id)
        for unscorable in (None, prediction.unscorable, "no number"):
            status, resolved, timing = call_status(prediction.stated, unscorable, resolution)
            shared = None if resolution is None else decided(resolution)[2]
            assert shared == resolved
            standing = call_standing(prediction.stated, unscorable, resolution, shared)
            assert standing == (status, timing)


def test_results_are_settled_in_slices(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every result is made, in ledger order, however many slices of the collector's step."""
    ledger = load(KARABAKH)
    reader = Reader(get_scale("icd203"), "stated")
    whole = call_results(ledger, resolve_calls(ledger, AS_OF), reader)
    for step in (1, 2, 3, len(ledger.predictions), len(ledger.predictions) + 1):
        monkeypatch.setattr(_collector, "SETTLE_EVERY", step)
        sliced = call_results(ledger, resolve_calls(ledger, AS_OF), reader)
        assert sliced == whole
        assert [r.id for r in sliced] == [p.id for p in ledger.predictions]


def test_a_resolution_missing_from_the_questions_is_an_error() -> None:
    """Question numbers that do not match the predictions one for one are refused."""
    ledger = load(KARABAKH)
    resolved = resolve_calls(ledger, AS_OF)
    short = attrs.evolve(resolved, questions=resolved.questions[:-1])
    reader = Reader(get_scale("icd203"), "stated")
    with pytest.raises(ValueError, match="question numbers"):
        call_results(ledger, short, reader)
