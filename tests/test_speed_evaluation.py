"""The evaluation's shortcuts give what they replaced: shared readings and shared decisions."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from forecastcheck import strategies
from forecastcheck.evaluation import call_results as call_results_module
from forecastcheck.evaluation import crowd_comparison, interpreting, skill
from forecastcheck.evaluation.call_results import call_results
from forecastcheck.evaluation.interpreting import Reader, Reading
from forecastcheck.evaluation.resolving import evidence_of, resolve_calls
from forecastcheck.evaluation.results import CrowdComparison, PredictionResult
from forecastcheck.ledger import Confidence, Ledger, Prediction, Source, load
from forecastcheck.verbal import Scale, get_scale, interpret

PHRASES = ("likely", "very unlikely", "almost certainly", "could", "blorf", "even chance", " ")
AS_OF = dt.date(2026, 2, 7)
KARABAKH = Path(__file__).resolve().parent.parent / "fixtures" / "karabakh"


def _old_read(scale: Scale, point_rule: str, confidence: Confidence) -> Reading:
    """A confidence's reading as :class:`Reader` made it before readings were shared."""
    against = confidence.polarity == "against"
    interval: tuple[float, float] | None = None
    rules: tuple[str, ...] = ()
    mapping: str | None = None
    point: float | None = None
    problem: str | None = None
    if confidence.phrase is not None and confidence.phrase.strip():
        read = interpret(confidence.phrase, scale)
        rules, mapping = read.rules, read.reason
        if read.interval is not None:
            iv = read.interval.negate() if against else read.interval
            interval = (iv.lo, iv.hi)
            point = iv.point(point_rule)  # type: ignore[arg-type]
        else:
            problem = f"wording {read.status} under {read.scale}: {read.reason}"
    if confidence.probability is not None:
        p = float(confidence.probability)
        point = 1.0 - p if against else p
        problem = None
    return Reading(
        confidence.phrase, confidence.probability, interval, point, rules, mapping, problem
    )


def _confidences() -> st.SearchStrategy[Confidence]:
    """Confidences of a few real phrases (and one blank), numbers, or both, either side."""
    phrase = st.sampled_from(PHRASES)
    probability = st.floats(0.0, 1.0)
    polarity = st.sampled_from(["for", "against"])
    return st.one_of(
        st.builds(Confidence, phrase=phrase.filter(str.strip), polarity=polarity),
        st.builds(Confidence, probability=probability, phrase=phrase, polarity=polarity),
        st.builds(Confidence, probability=probability, polarity=polarity),
    )


def _with_confidence(prediction: Prediction, confidence: Confidence) -> Prediction:
    """The prediction with this confidence instead of its own, when it holds one."""
    if prediction.confidence is None:
        return prediction
    return attrs.evolve(prediction, confidence=confidence)


@given(
    st.lists(
        st.one_of(
            strategies.predictions(),
            st.builds(_with_confidence, strategies.predictions(), _confidences()),
        ),
        max_size=12,
    ),
    st.sampled_from(("icd203", "phia2025")),
    st.sampled_from(("stated", "mid", "lower", "upper")),
)
@settings(suppress_health_check=[HealthCheck.too_slow])
def test_shared_readings_equal_a_reading_per_call(
    predictions: list[Prediction], scale: str, point_rule: str
) -> None:
    """One reader's readings, shared by phrase and side, equal each call read on its own."""
    reader = Reader(get_scale(scale), point_rule)  # type: ignore[arg-type]
    for prediction in predictions:
        confidence = prediction.confidence
        if confidence is None or prediction.unscorable is not None:
            continue  # read as before, with no phrase to share
        assert reader.read(prediction) == _old_read(reader.scale, point_rule, confidence)


def test_a_phrase_is_read_once_per_side(monkeypatch: pytest.MonkeyPatch) -> None:
    """Sixty calls of two phrases on two sides take one point per phrase and side, not sixty."""
    points: list[tuple[str, bool]] = []
    real = interpreting.Reader._read_phrase

    def counted(self: Reader, phrase: str, against: bool) -> Reading:
        points.append((phrase, against))
        return real(self, phrase, against)

    monkeypatch.setattr(interpreting.Reader, "_read_phrase", counted)
    reader = Reader(get_scale("icd203"), "stated")
    calls = [
        Confidence(phrase=PHRASES[i % 2], polarity="against" if i % 3 else "for") for i in range(60)
    ]
    readings = [reader._read_confidence(c) for c in calls]
    assert sorted(set(points)) == sorted(points)
    assert len(points) == 4
    assert readings[0] is readings[6]  # the same phrase on the same side: one shared value


@given(strategies.ledgers(max_records=8))
@settings(suppress_health_check=[HealthCheck.too_slow], max_examples=40)
def test_shared_decisions_equal_each_call_decided_on_its_own(ledger: Ledger) -> None:
    """Each result's outcome and evidence equal its own resolution's, made afresh."""
    resolved = resolve_calls(ledger, AS_OF)
    results = call_results(ledger, resolved, Reader(get_scale("icd203"), "stated"))
    documents = {d.id: d for d in ledger.documents}
    for prediction, result in zip(ledger.predictions, results, strict=True):
        resolution = resolved.resolutions.get(prediction.id)
        if resolution is None:
            assert (result.outcome, result.evidence) == (None, ())
            continue
        outcome = None if resolution.outcome is None else int(resolution.outcome)
        assert result.outcome == outcome
        assert result.evidence == evidence_of(resolution.events, documents)


def test_calls_on_one_resolution_share_its_evidence() -> None:
    """Asked twice for one resolution, the decisions hand out the very same evidence tuple."""
    ledger = load(KARABAKH)
    decided = call_results_module._DecidedBy({d.id: d for d in ledger.documents})
    resolutions = [r for r in resolve_calls(ledger, AS_OF).resolutions.values() if r.events]
    assert resolutions
    for resolution in resolutions:
        assert decided(resolution)[1] is decided(resolution)[1]


def _old_crowd_comparisons(
    sources: Sequence[Source], results: Sequence[PredictionResult]
) -> tuple[CrowdComparison, ...]:
    """The comparisons as made before only the paired sources' calls were grouped."""
    calls = crowd_comparison._by_question(results)
    links = skill.revisions(results)
    asked: dict[str, list[int]] = {}
    for source, question in calls:  # every key, as the old scan over all keys read them
        asked.setdefault(source, []).append(question)
    out = (
        crowd_comparison._compare(s, c, calls, links, asked)
        for s in sources
        if s.kind in crowd_comparison.COMPARED_KINDS
        for c in sources
        if c.kind in crowd_comparison.YARDSTICK_KINDS
    )
    return tuple(c for c in out if c is not None)


@given(strategies.ledgers(max_records=8))
@settings(suppress_health_check=[HealthCheck.too_slow], max_examples=40)
def test_crowd_comparisons_equal_every_call_grouped(ledger: Ledger) -> None:
    """Grouping only the paired sources' calls gives the comparisons of grouping every call."""
    results = call_results(
        ledger, resolve_calls(ledger, AS_OF), Reader(get_scale("icd203"), "stated")
    )
    assert crowd_comparison.crowd_comparisons(ledger.sources, results) == _old_crowd_comparisons(
        ledger.sources, results
    )


def test_no_yardstick_groups_no_call(monkeypatch: pytest.MonkeyPatch) -> None:
    """A ledger with no crowd, market or model to compare with groups none of its calls."""
    ledger = load(KARABAKH)
    results = call_results(
        ledger, resolve_calls(ledger, AS_OF), Reader(get_scale("icd203"), "stated")
    )
    grouped: list[object] = []
    monkeypatch.setattr(crowd_comparison, "_by_question", grouped.append)
    people = [s for s in ledger.sources if s.kind not in crowd_comparison.YARDSTICK_KINDS]
    assert people
    assert crowd_comparison.crowd_comparisons(people, results) == ()
    assert grouped == []
