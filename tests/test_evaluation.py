"""Evaluation: verdicts, scores, scorecards, ranking and sensitivity of a ledger as of a date."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from pathlib import Path

import attrs
import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings

from forecastcheck import strategies as fst
from forecastcheck.errors import ScaleError
from forecastcheck.evaluation import (
    ALL_SOURCES,
    CallStatus,
    Evaluation,
    Scorecard,
    Verdict,
    evaluate,
)
from forecastcheck.ledger import (
    Citation,
    Confidence,
    DateOf,
    DateWindow,
    Document,
    Event,
    EventLog,
    HoldsAt,
    HoldsThroughout,
    If,
    Ledger,
    Occurs,
    Prediction,
    Proposition,
    Source,
    load,
)
from forecastcheck.scoring import brier, log_score

KARABAKH = Path(__file__).resolve().parent.parent / "fixtures" / "karabakh"
LATE = dt.date(2026, 2, 7)
EARLY = dt.date(2024, 1, 1)
STATED = DateWindow.day(dt.date(2020, 1, 1))


@pytest.fixture(scope="module")
def ledger() -> Ledger:
    return load(KARABAKH)


@pytest.fixture(scope="module")
def late(ledger: Ledger) -> Evaluation:
    return evaluate(ledger, as_of=LATE, n_bootstrap=200)


# --- a small ledger built in code -------------------------------------------

Call = tuple[str, str, float | str, bool | None]
"""(source, question subject, probability or phrase, True/False happened, None: pending)."""


def build(calls: Sequence[Call], polarity: str = "for") -> Ledger:
    """One prediction per call: "<subject> happens by 2021", stated 2020-01-01."""
    events: list[Event] = []
    for _, subject, _, happened in calls:
        if happened and all(e.subject != subject for e in events):
            day = DateWindow.day(dt.date(2021, 6, 1))
            events.append(Event(id=f"e-{subject}", subject=subject, kind="happens", date=day))
    pending = {s for _, s, _, h in calls if h is None}
    predictions = []
    for i, (source, subject, said, _) in enumerate(calls):
        confidence = (
            Confidence(phrase=said, polarity=polarity)  # type: ignore[arg-type]
            if isinstance(said, str)
            else Confidence(probability=said, polarity=polarity)  # type: ignore[arg-type]
        )
        deadline = "by 2031" if subject in pending else "by 2021"
        predictions.append(
            Prediction(
                id=f"c{i}",
                source=source,
                quote=f"{subject} will happen",
                stated=STATED,
                proposition=Occurs(subject=subject, kind="happens", deadline=deadline),
                confidence=confidence,
            )
        )
    sources = sorted({c[0] for c in calls})
    return Ledger(
        sources=[Source(id=s, name=s.title()) for s in sources],
        predictions=predictions,
        log=EventLog(events=events, complete_through=dt.date(2025, 12, 31)),
    )


def counts_add_up(card: Scorecard) -> None:
    points = card.value_forecasts.n_total + card.date_forecasts.n_total
    assert card.n_predictions == card.n_scorable + card.n_unscorable + points
    assert card.n_scorable == card.n_resolved + card.n_pending + card.n_ambiguous + card.n_annulled
    assert card.n_resolved == card.n_hits + card.n_misses + card.n_even


class TestKarabakh:
    def test_niculescu_withdrawal_is_a_scored_miss(self, late: Evaluation) -> None:
        """'Seems highly unlikely' withdrawal happened: p ≤ 0.2 under ICD 203, MISS, Brier ≥ 0.64."""
        r = late.by_id("niculescu-withdrawal-by-2025-11")
        assert r.wording == "seems highly unlikely"
        assert r.proposition_text is not None
        assert "withdrawn from Karabakh by November 2025" in r.proposition_text
        assert r.interval == (0.05, 0.2)
        assert r.probability is not None
        assert r.probability <= 0.2
        assert r.status is CallStatus.YES
        assert r.verdict is Verdict.MISS
        assert r.outcome == 1
        assert r.brier is not None
        assert r.brier >= 0.64
        assert r.log_score == pytest.approx(-math.log(0.125))
        assert r.decided_on == dt.date(2024, 6, 12)
        assert r.deadline == dt.date(2025, 11, 30)
        assert r.lead_days == (dt.date(2025, 11, 30) - dt.date(2022, 7, 14)).days

    def test_evidence_carries_events_and_links(self, late: Evaluation) -> None:
        """The deciding event is listed with its date and the URLs of its reports."""
        r = late.by_id("niculescu-withdrawal-by-2025-11")
        assert r.evidence
        event = r.evidence[0]
        assert event.date.start == dt.date(2024, 6, 12)
        assert any(link.url and link.url.startswith("https://") for link in event.links)
        assert all(link.outlet for link in event.links)

    def test_pritchin_is_pending_and_open_ended(self, late: Evaluation) -> None:
        """'Will never return' is PENDING as of 2026-02-07, open-ended, unscored."""
        r = late.by_id("pritchin-never-return")
        assert r.status is CallStatus.PENDING
        assert r.verdict is Verdict.PENDING
        assert r.open_ended
        assert r.brier is None
        assert r.log_score is None
        assert r.outcome is None

    def test_polarity_turns_the_probability_to_the_proposition(self, late: Evaluation) -> None:
        """'Will never' said of the return becomes a high probability that no one returns."""
        r = late.by_id("pritchin-never-return")
        assert r.polarity == "against"
        assert r.probability is not None
        assert r.interval is not None
        assert r.probability >= 0.9
        assert r.interval[0] <= r.probability <= r.interval[1]

    def test_every_source_has_a_scorecard(self, late: Evaluation, ledger: Ledger) -> None:
        """Every source of the ledger appears, in ledger order, even with nothing scored."""
        assert [c.source for c in late.sources] == [s.id for s in ledger.sources]
        assert late.source("shainoglu").n_scorable == 0
        assert late.source("shainoglu").brier is None

    def test_predictions_keep_ledger_order(self, late: Evaluation, ledger: Ledger) -> None:
        """Results come one per prediction, in the ledger's order."""
        assert [r.id for r in late.predictions] == [p.id for p in ledger.predictions]

    def test_counts_add_up(self, late: Evaluation) -> None:
        """Per card: stated = scorable + unscorable, scorable = resolved + pending + ambiguous + annulled."""
        for card in (*late.sources, late.overall):
            counts_add_up(card)
        assert late.overall.n_predictions == sum(c.n_predictions for c in late.sources)
        assert late.overall.n_resolved == 5

    def test_unscorable_wording_keeps_the_resolution(self, late: Evaluation) -> None:
        """'Might need to' is unscorable, yet its proposition's NO outcome is reported."""
        r = late.by_id("niculescu-stay-beyond-2025-11")
        assert r.status is CallStatus.UNSCORABLE
        assert r.resolved is CallStatus.NO
        assert r.outcome == 0
        assert r.probability is None
        assert r.brier is None
        assert "might need to" in r.reason

    def test_recorded_unscorable_reason(self, late: Evaluation) -> None:
        """A statement recorded as unscorable carries its reason and no proposition."""
        r = late.by_id("amashov-enclaves-soon")
        assert r.verdict is Verdict.UNSCORABLE
        assert r.reason.startswith("A hope, not a forecast")
        assert r.resolved is None

    def test_date_forecast_error_days(self, late: Evaluation) -> None:
        """Verdiev's end-of-September date was 110 days late: error -110 days, still a HIT."""
        r = late.by_id("verdiev-withdrawal-complete-2024-09")
        assert r.error_days == -110
        assert r.verdict is Verdict.HIT

    def test_no_ranking_below_min_resolved(self, late: Evaluation) -> None:
        """With at most two resolved calls each, no one is ranked, and each says why."""
        card = late.source("niculescu")
        assert not card.ranked
        assert card.rank is None
        assert card.ranking == "unranked: 2 resolved < 5"
        assert all(not c.ranked for c in late.sources)

    def test_ranking_with_a_lower_minimum(self, ledger: Ledger) -> None:
        """With min_resolved=1 sources are ranked by mean Brier; equal means share a rank."""
        ev = evaluate(ledger, as_of=LATE, min_resolved=1, n_bootstrap=50)
        ranks = {c.source: c.rank for c in ev.sources if c.ranked}
        assert ranks == {"amashov": 1, "verdiev": 1, "orujlu": 3, "niculescu": 4}
        assert ev.source("niculescu").ranking == "rank 4 of 4"
        assert ev.source("karavaev").ranking == "unranked: 0 resolved < 1"

    def test_no_overlap_is_said(self, late: Evaluation) -> None:
        """Sources share no resolved question: relative skill is 'n/a (no overlap)'."""
        card = late.source("niculescu")
        assert card.relative_skill is None
        assert card.skill_note == "n/a (no overlap)"
        assert card.comparisons == ()

    def test_sensitivity_covers_the_ledger(self, late: Evaluation) -> None:
        """The sensitivity spans every built-in scale; Niculescu's range holds his ICD 203 mean."""
        assert "icd203" in late.sensitivity.scales
        assert len(late.sensitivity.scales) >= 6
        card = late.source("niculescu")
        assert card.brier is not None
        assert card.sensitivity_brier is not None
        lo, hi = card.sensitivity_brier
        assert lo <= card.brier <= hi
        assert late.overall.sensitivity_brier is not None

    def test_as_of_2024_nothing_is_decided(self, ledger: Ledger) -> None:
        """As of 2024-01-01 every scorable call is PENDING and nothing is scored."""
        ev = evaluate(ledger, as_of=EARLY)
        statuses = {r.status for r in ev.predictions}
        assert statuses == {CallStatus.PENDING, CallStatus.UNSCORABLE}
        assert ev.overall.n_resolved == 0
        assert ev.overall.brier is None
        assert ev.overall.calibration is None
        assert ev.by_id("niculescu-withdrawal-by-2025-11").verdict is Verdict.PENDING

    def test_lookup_errors(self, late: Evaluation) -> None:
        """Unknown ids raise KeyError naming them; ALL_SOURCES gives the pooled card."""
        with pytest.raises(KeyError, match="nobody"):
            late.source("nobody")
        with pytest.raises(KeyError, match="no-such-call"):
            late.by_id("no-such-call")
        assert late.source(ALL_SOURCES) is late.overall


class TestScores:
    def test_scores_come_from_the_scoring_module(self) -> None:
        """Each call's Brier and log score equal forecastcheck.scoring's, and the card's mean theirs."""
        ev = evaluate(
            build([("a", "x", 0.8, True), ("a", "y", 0.3, False), ("a", "z", 0.6, False)]),
            as_of=LATE,
            n_bootstrap=0,
        )
        p, y = np.array([0.8, 0.3, 0.6]), np.array([1, 0, 0])
        assert [r.brier for r in ev.predictions] == pytest.approx(brier(p, y).tolist())
        assert [r.log_score for r in ev.predictions] == pytest.approx(log_score(p, y).tolist())
        assert ev.source("a").brier == pytest.approx(float(np.mean(brier(p, y))))
        assert [r.verdict for r in ev.predictions] == [Verdict.HIT, Verdict.HIT, Verdict.MISS]
        assert ev.source("a").hit_rate == pytest.approx(2 / 3)

    def test_certain_miss_is_infinite_and_counted(self) -> None:
        """A stated certainty that failed scores +inf: the mean is inf, the count says 1."""
        ev = evaluate(
            build([("a", "x", 1.0, False), ("a", "y", 0.7, True), ("a", "z", 0.2, False)]),
            as_of=LATE,
            n_bootstrap=100,
        )
        assert ev.by_id("c0").log_score == math.inf
        card = ev.source("a")
        assert card.log_score == math.inf
        assert card.n_infinite == 1
        assert card.log_score_interval is None
        assert card.brier is not None
        assert math.isfinite(card.brier)
        assert card.brier_interval is not None
        assert ev.overall.n_infinite == 1

    def test_half_is_even(self) -> None:
        """A probability of exactly 0.5 is EVEN, neither hit nor miss, and still scored 0.25."""
        ev = evaluate(build([("a", "x", 0.5, True)]), as_of=LATE, n_bootstrap=0)
        r = ev.by_id("c0")
        assert r.verdict is Verdict.EVEN
        assert r.brier == 0.25
        assert ev.source("a").n_even == 1

    def test_stated_number_wins_over_words(self) -> None:
        """With both a number and a phrase, the number is scored; the phrase's interval is kept."""
        base = build([("a", "x", 0.9, True)])
        both = Confidence(probability=0.9, phrase="unlikely")
        pred = base.predictions[0]
        ledger = attrs.evolve(base, predictions=[attrs.evolve(pred, confidence=both)])
        r = evaluate(ledger, as_of=LATE, n_bootstrap=0).by_id("c0")
        assert r.probability == 0.9
        assert r.stated_probability == 0.9
        assert r.interval == (0.2, 0.45)

    def test_polarity_against_a_number(self) -> None:
        """A stated 0.2 against the proposition is 0.8 for it."""
        ev = evaluate(build([("a", "x", 0.2, True)], polarity="against"), as_of=LATE)
        r = ev.by_id("c0")
        assert r.probability == pytest.approx(0.8)
        assert r.verdict is Verdict.HIT

    @pytest.mark.parametrize(
        ("rule", "expected"), [("lower", 0.55), ("mid", 0.675), ("upper", 0.8)]
    )
    def test_point_rule(self, rule: str, expected: float) -> None:
        """The point rule picks the low end, middle or high end of 'likely' (ICD 203: 55–80%)."""
        ev = evaluate(build([("a", "x", "likely", True)]), as_of=LATE, point_rule=rule)
        assert ev.by_id("c0").probability == pytest.approx(expected)
        assert ev.point_rule == rule

    def test_another_scale(self) -> None:
        """Under kent1964 'probable' is read as Kent's 63–87%."""
        ev = evaluate(build([("a", "x", "probable", True)]), as_of=LATE, scale="kent1964")
        assert ev.scale == "kent1964"
        assert ev.by_id("c0").interval == (0.63, 0.87)

    def test_unmapped_phrase_is_unscorable(self) -> None:
        """A phrase no rule reads is UNSCORABLE, never guessed."""
        ev = evaluate(build([("a", "x", "blorptastic", True)]), as_of=LATE)
        r = ev.by_id("c0")
        assert r.status is CallStatus.UNSCORABLE
        assert r.resolved is CallStatus.YES
        assert "unmapped" in r.reason

    def test_ambiguous_and_annulled_are_counted_not_scored(self) -> None:
        """Disagreeing reports make a call AMBIGUOUS, a failed condition ANNULLED; neither is scored."""
        log = EventLog(
            events=[
                Event(id="a", subject="q", kind="k", date=DateWindow.day(dt.date(2021, 6, 1))),
                Event(
                    id="b",
                    subject="q",
                    kind="k",
                    date=DateWindow.day(dt.date(2021, 9, 1)),
                    occurred=False,
                ),
            ],
            complete_through=dt.date(2025, 1, 1),
        )
        occurs: Proposition = Occurs(subject="q", kind="k", deadline="by 2021")
        conditional: Proposition = If(
            condition=Occurs(subject="c", kind="k", deadline="by 2021"), then=occurs
        )
        ledger = Ledger(
            sources=[Source(id="s", name="S")],
            predictions=[
                Prediction(
                    id=f"p{i}",
                    source="s",
                    quote="q",
                    stated=STATED,
                    proposition=prop,
                    confidence=Confidence(probability=0.7),
                )
                for i, prop in enumerate((occurs, conditional))
            ],
            log=log,
        )
        ev = evaluate(ledger, as_of=LATE)
        assert [r.verdict for r in ev.predictions] == [Verdict.AMBIGUOUS, Verdict.ANNULLED]
        card = ev.source("s")
        assert (card.n_ambiguous, card.n_annulled, card.n_resolved) == (1, 1, 0)
        assert card.brier is None
        assert ev.by_id("p0").reason.startswith("reports disagree")
        counts_add_up(card)

    def test_evidence_links_resolve_documents(self) -> None:
        """A citation naming a ledger document takes the document's outlet, title and URL."""
        doc = Document(id="d", outlet="Outlet", title="Title", url="https://example.org/d")
        event = Event(
            id="e",
            subject="x",
            kind="happens",
            date=DateWindow.day(dt.date(2021, 6, 1)),
            evidence=[Citation(document="d"), Citation(outlet="Wire", url="https://w.example")],
        )
        base = build([("a", "x", 0.9, False)])
        ledger = attrs.evolve(base, documents=[doc], log=attrs.evolve(base.log, events=[event]))
        r = evaluate(ledger, as_of=LATE).by_id("c0")
        links = r.evidence[0].links
        assert (links[0].outlet, links[0].title, links[0].url) == (
            "Outlet",
            "Title",
            "https://example.org/d",
        )
        assert links[1].url == "https://w.example"


class TestIntervalsAndSkill:
    def test_bootstrap_interval_holds_the_mean(self) -> None:
        """The 90% question-level interval brackets the mean; n_bootstrap=0 leaves it out."""
        calls: list[Call] = [("a", f"q{i}", 0.1 * (i % 9) + 0.05, i % 3 == 0) for i in range(12)]
        ev = evaluate(build(calls), as_of=LATE, n_bootstrap=300)
        card = ev.source("a")
        assert card.brier is not None
        assert card.brier_interval is not None
        lo, hi = card.brier_interval
        assert lo <= card.brier <= hi
        assert ev.overall.brier_interval == card.brier_interval  # one source: pooled is the same
        bare = evaluate(build(calls), as_of=LATE, n_bootstrap=0)
        assert bare.source("a").brier_interval is None
        assert bare.source("a").brier == card.brier

    def test_one_question_has_no_interval(self) -> None:
        """A source with one resolved question gets no (zero-width) interval."""
        ev = evaluate(build([("a", "x", 0.7, True)]), as_of=LATE)
        assert ev.source("a").brier_interval is None

    def test_same_seed_same_result(self) -> None:
        """The evaluation is reproducible with a seed."""
        calls: list[Call] = [("a", f"q{i}", 0.3 + 0.05 * i, i % 2 == 0) for i in range(8)]
        one = evaluate(build(calls), as_of=LATE, seed=3)
        two = evaluate(build(calls), as_of=LATE, seed=3)
        assert one.source("a").brier_interval == two.source("a").brier_interval

    def test_shared_questions_give_relative_skill(self) -> None:
        """Two sources on the same questions get reciprocal Brier ratios and the shared count."""
        calls: list[Call] = []
        for i in range(6):
            happened = i % 2 == 0
            calls.append(("good", f"q{i}", 0.8 if happened else 0.2, happened))
            calls.append(("poor", f"q{i}", 0.4 if happened else 0.6, happened))
        ev = evaluate(build(calls), as_of=LATE, min_resolved=5)
        good, poor = ev.source("good"), ev.source("poor")
        assert good.comparisons[0].other == "poor"
        assert good.comparisons[0].n_shared == 6
        ratio_gp, ratio_pg = good.comparisons[0].ratio, poor.comparisons[0].ratio
        assert ratio_gp is not None
        assert ratio_pg is not None
        assert ratio_gp * ratio_pg == pytest.approx(1.0)
        assert good.relative_skill is not None
        assert good.relative_skill < 1 < (poor.relative_skill or 0)
        assert good.comparisons[0].p_value is not None
        assert "6 shared questions" in good.skill_note
        assert (good.rank, poor.rank) == (1, 2)
        assert good.rank_interval is not None

    def test_questions_ignore_wording(self) -> None:
        """Two calls on one proposition worded differently share a question number."""
        base = build([("a", "x", 0.7, True), ("b", "x", 0.6, True)])
        preds = list(base.predictions)
        first = preds[0].proposition
        assert isinstance(first, Occurs)
        preds[0] = attrs.evolve(preds[0], proposition=attrs.evolve(first, text="X happens"))
        ev = evaluate(attrs.evolve(base, predictions=preds), as_of=LATE)
        assert ev.by_id("c0").question == ev.by_id("c1").question


def _question_pair(first: Proposition, second: Proposition) -> tuple[int | None, int | None]:
    """The question numbers of two calls stated 2020-01-01 on these propositions."""
    predictions = [
        Prediction(
            id=f"q{i}",
            source="a",
            quote="q",
            stated=STATED,
            proposition=p,
            confidence=Confidence(probability=0.6),
        )
        for i, p in enumerate((first, second))
    ]
    ledger = Ledger(sources=[Source(id="a", name="A")], predictions=predictions)
    ev = evaluate(ledger, as_of=LATE, n_bootstrap=0)
    return ev.by_id("q0").question, ev.by_id("q1").question


class TestQuestions:
    """A question is read as resolution reads it: the dates it is decided on, not the words."""

    @pytest.mark.parametrize(
        ("first", "second"),
        [
            (
                HoldsThroughout(state="st", start="2021", end="before 2025"),
                HoldsThroughout(state="st", start="2021", end="by 2025"),
            ),
            (
                DateOf(subject="s", kind="k", point="2023", latest="before 2025"),
                DateOf(subject="s", kind="k", point="2023", latest="by 2025"),
            ),
            (
                Occurs(subject="s", kind="k", deadline="before 2025"),
                Occurs(subject="s", kind="k", deadline="by 2025"),
            ),
            (
                HoldsAt(state="st", date="2023"),
                HoldsAt(state="st", date="2023-01-01"),
            ),
        ],
    )
    def test_deadlines_a_year_apart_are_different_questions(
        self, first: Proposition, second: Proposition
    ) -> None:
        """'before 2025' (last day 2024-12-31) and 'by 2025' (2025-12-31) never share a question."""
        one, other = _question_pair(first, second)
        assert one is not None
        assert other is not None
        assert one != other

    @pytest.mark.parametrize(
        ("first", "second"),
        [
            (
                HoldsThroughout(state="st", start="2021", end="by 2025"),
                HoldsThroughout(state="st", start="2021-01-01", end="2025-12-31"),
            ),
            (
                DateOf(subject="s", kind="k", point="mid 2023", latest="by 2025"),
                DateOf(subject="s", kind="k", point="2023-07-01", latest="until the end of 2025"),
            ),
            (
                Occurs(subject="s", kind="k", deadline="before 2026"),
                Occurs(subject="s", kind="k", deadline="by 2025"),
            ),
        ],
    )
    def test_phrases_read_alike_are_one_question(
        self, first: Proposition, second: Proposition
    ) -> None:
        """Phrases that resolution reads to the same days ask the same question."""
        one, other = _question_pair(first, second)
        assert one is not None
        assert one == other


class TestArguments:
    def test_unknown_scale(self, ledger: Ledger) -> None:
        """An unknown scale name raises ScaleError."""
        with pytest.raises(ScaleError):
            evaluate(ledger, as_of=LATE, scale="no-such-scale")

    def test_unknown_point_rule(self, ledger: Ledger) -> None:
        """An unknown point rule raises ValueError naming the choices."""
        with pytest.raises(ValueError, match="mid, lower, upper, stated"):
            evaluate(ledger, as_of=LATE, point_rule="median")

    def test_negative_minimum(self, ledger: Ledger) -> None:
        """A negative min_resolved is refused."""
        with pytest.raises(ValueError, match="negative"):
            evaluate(ledger, as_of=LATE, min_resolved=-1)

    def test_datetime_is_not_a_date(self, ledger: Ledger) -> None:
        """as_of must be a date, not a datetime."""
        with pytest.raises(TypeError):
            evaluate(ledger, as_of=dt.datetime(2026, 2, 7))


class TestAnyLedger:
    @settings(max_examples=25, suppress_health_check=[HealthCheck.too_slow])
    @given(fst.ledgers())
    def test_evaluate_never_crashes_and_counts_add_up(self, ledger: Ledger) -> None:
        """Any valid ledger evaluates without error; counts add up; only resolved calls score."""
        ev = evaluate(ledger, as_of=LATE, n_bootstrap=20)
        assert len(ev.predictions) == len(ledger.predictions)
        for card in (*ev.sources, ev.overall):
            counts_add_up(card)
        for r in ev.predictions:
            decided = r.status in (CallStatus.YES, CallStatus.NO)
            assert (r.brier is not None) == (decided and r.numeric is None)
            if (
                r.numeric is not None
            ):  # a point forecast: scored by its error once the truth is seen
                assert r.numeric.scored == (decided and r.numeric.truth is not None)
                assert (r.numeric.error is not None) == r.numeric.scored
            if r.probability is not None:
                assert 0.0 <= r.probability <= 1.0
