"""The evaluation package: one status vocabulary, its stages and the names it keeps."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest

from forecastcheck import evaluation
from forecastcheck.evaluation import CallStatus, PredictionResult, Verdict, _made, evaluate
from forecastcheck.evaluation import call_results as call_results_module
from forecastcheck.evaluation.interpreting import Reader
from forecastcheck.evaluation.verdicts import verdict_of
from forecastcheck.ledger import Confidence, DateWindow, Occurs, Prediction, load
from forecastcheck.report._format import VERDICT_WORDS
from forecastcheck.resolution import Status
from forecastcheck.verbal import POINT_RULES, Interpretation, Scale, get_scale, interpret

KARABAKH = Path(__file__).resolve().parent.parent / "fixtures" / "karabakh"

# every public name forecastcheck/evaluation.py defined before it became a package
NAMES_BEFORE = (
    "ALL_SOURCES",
    "CALIBRATION_BINS",
    "LEVEL",
    "MAX_PERMUTATION_PAIRS",
    "CallStatus",
    "Comparison",
    "Evaluation",
    "Evidence",
    "EvidenceLink",
    "PredictionResult",
    "Scorecard",
    "Verdict",
    "evaluate",
)


class TestVocabulary:
    def test_call_status_takes_every_resolution_status_by_name(self) -> None:
        """Each resolution.Status is a CallStatus of the same name, whose string is that name."""
        for status in Status:
            assert CallStatus.of(status) is CallStatus[status.name]
            assert str(CallStatus.of(status)) == str(status) == status.name

    def test_a_call_adds_only_unscorable_and_after_the_fact(self) -> None:
        """CallStatus is resolution.Status's members plus UNSCORABLE and AFTER_THE_FACT, no more."""
        added = {c.name for c in CallStatus} - {s.name for s in Status}
        assert added == {"UNSCORABLE", "AFTER_THE_FACT"}

    def test_verdict_holds_only_what_a_score_adds(self) -> None:
        """Verdict's own members are HIT, MISS, EVEN and NUMERIC; the rest are CallStatus's."""
        assert [str(v) for v in Verdict] == ["HIT", "MISS", "EVEN", "NUMERIC"]
        for name in ("PENDING", "AMBIGUOUS", "ANNULLED", "UNSCORABLE", "AFTER_THE_FACT"):
            assert getattr(Verdict, name) is CallStatus[name]

    def test_an_unscored_verdict_is_the_status(self) -> None:
        """verdict_of gives an undecided call its status and a decided one HIT, MISS or EVEN."""
        assert verdict_of(CallStatus.PENDING, 0.9, None) is Verdict.PENDING
        assert verdict_of(CallStatus.AFTER_THE_FACT, None, 1) is Verdict.AFTER_THE_FACT
        assert verdict_of(CallStatus.YES, 0.9, 1) is Verdict.HIT
        assert verdict_of(CallStatus.NO, 0.9, 0) is Verdict.MISS
        assert verdict_of(CallStatus.NO, 0.5, 0) is Verdict.EVEN

    def test_every_verdict_has_words_in_the_reports(self) -> None:
        """The reports explain every verdict a call can get, scored or not."""
        possible = {*Verdict, *(c for c in CallStatus if not c.scored)}
        assert set(VERDICT_WORDS) == possible

    def test_the_html_report_explains_unscored_verdicts(self) -> None:
        """The HTML report gives a pending call's badge its words (a status, not a Verdict)."""
        from forecastcheck.report.html import render_html

        ledger = load(KARABAKH)
        page = render_html(evaluate(ledger, as_of=dt.date(2026, 2, 7), n_bootstrap=0), ledger)
        assert f'title="{VERDICT_WORDS[Verdict.PENDING]}"' in page


class TestStages:
    def test_each_phrase_is_interpreted_once(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """The reader interprets a phrase once however many calls use it."""
        seen: list[str] = []

        def counting(phrase: str, scale: Scale) -> Interpretation:
            seen.append(phrase)
            return interpret(phrase, scale)

        monkeypatch.setattr("forecastcheck.evaluation.interpreting.interpret", counting)
        reader = Reader(get_scale("icd203"), "mid")
        calls = [
            Prediction(
                id=f"p{i}",
                source="s",
                quote="it will",
                stated=DateWindow.day(dt.date(2020, 1, 1)),
                proposition=Occurs(subject="x", kind="happens", deadline="by 2021"),
                confidence=Confidence(phrase="likely"),
            )
            for i in range(3)
        ]
        readings = [reader.read(p) for p in calls]
        assert seen == ["likely"]
        assert len({r.probability for r in readings}) == 1

    def test_each_result_is_made_once(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """evaluate makes one PredictionResult per prediction, its scores in it, and no copy."""
        made: list[str] = []
        copied: list[str] = []
        init = PredictionResult.__init__
        make = _made.result  # what call_results makes each result with

        def counting(self: PredictionResult, **fields: Any) -> None:
            copied.append(fields["id"])  # a copy (attrs.evolve) or a result made by keyword
            init(self, **fields)

        def making(values: Sequence[object]) -> PredictionResult:
            made.append(str(values[0]))  # the id comes first
            return make(values)

        ledger = load(KARABAKH)
        monkeypatch.setattr(PredictionResult, "__init__", counting)
        monkeypatch.setattr(call_results_module, "made_result", making)
        evaluation = evaluate(ledger, as_of=dt.date(2026, 2, 7), n_bootstrap=0)
        assert made == [p.id for p in ledger.predictions]
        assert copied == []
        assert any(r.brier is not None for r in evaluation.predictions)

    def test_an_event_has_one_evidence_record(self) -> None:
        """Two calls decided by the same event share its Evidence record (made once)."""
        evaluation = evaluate(load(KARABAKH), as_of=dt.date(2026, 2, 7), n_bootstrap=0)
        by_event: dict[str, set[int]] = {}
        for result in evaluation.predictions:
            for evidence in result.evidence:
                by_event.setdefault(evidence.event, set()).add(id(evidence))
        assert any(len(ids) == 1 for ids in by_event.values())
        assert all(len(ids) == 1 for ids in by_event.values())
        assert sum(len(r.evidence) for r in evaluation.predictions) > len(by_event)

    @pytest.mark.parametrize("rule", POINT_RULES)
    def test_every_verbal_point_rule_is_accepted(self, rule: str) -> None:
        """evaluate takes each of verbal.POINT_RULES, the one list of point rules."""
        ev = evaluate(load(KARABAKH), as_of=dt.date(2026, 2, 7), point_rule=rule, n_bootstrap=0)
        assert ev.point_rule == rule

    def test_an_unknown_point_rule_names_the_verbal_list(self) -> None:
        """The refusal of an unknown point rule lists verbal.POINT_RULES."""
        with pytest.raises(ValueError, match=", ".join(POINT_RULES)):
            evaluate(load(KARABAKH), as_of=dt.date(2026, 2, 7), point_rule="median")


class TestNamespace:
    # the package's layout rules are tests/test_architecture.py's
    def test_every_name_before_is_still_importable(self) -> None:
        """Each public name of the old evaluation module is importable from the package."""
        for name in NAMES_BEFORE:
            assert hasattr(evaluation, name), name
        assert set(NAMES_BEFORE) <= set(evaluation.__all__)
