"""Calls stated after the event that decided them: AFTER_THE_FACT, never scored, always shown."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from forecastcheck.cli import main
from forecastcheck.evaluation import CallStatus, Evaluation, Verdict, evaluate
from forecastcheck.ledger import (
    AllOf,
    Confidence,
    DateWindow,
    Event,
    EventLog,
    HoldsAt,
    Ledger,
    Occurs,
    Prediction,
    Proposition,
    Source,
    save,
)
from forecastcheck.report import render_html, render_json, render_markdown, render_text
from forecastcheck.resolution import Resolver, Timing, resolve, statement_timing

AS_OF = dt.date(2026, 2, 7)
WITHDRAWN = Occurs(subject="x", kind="withdrawn", deadline="by November 2025")


def _call(id: str, stated: str, p: float, proposition: Proposition = WITHDRAWN) -> Prediction:
    return Prediction(
        id=id,
        source="s",
        quote="They will have withdrawn by November 2025.",
        stated=DateWindow.parse(stated),
        proposition=proposition,
        confidence=Confidence(probability=p),
    )


def _ledger(*calls: Prediction, event_date: str = "2024-06-12") -> Ledger:
    return Ledger(
        sources=[Source(id="s", name="S")],
        predictions=calls,
        log=EventLog(
            events=[
                Event(id="done", subject="x", kind="withdrawn", date=DateWindow.parse(event_date))
            ],
            complete_through=dt.date(2026, 1, 1),
        ),
    )


@pytest.fixture(scope="module")
def evaluation() -> Evaluation:
    ledger = _ledger(
        _call("late", "2024-07-01", 0.99),
        _call("same-day", "2024-06-12", 0.99),
        _call("maybe", "2024-06", 0.8),
        _call("early", "2022-07-14", 0.2),
    )
    return evaluate(ledger, as_of=AS_OF, n_bootstrap=50, min_resolved=1)


class TestStatementTiming:
    """statement_timing compares the statement window with the deciding event's dates."""

    def _timing(self, stated: str, event_date: str = "2024-06-12") -> Timing | None:
        ledger = _ledger(event_date=event_date)
        r = resolve(WITHDRAWN, ledger.log, AS_OF, anchor=DateWindow.parse("2022-07-14"))
        found = statement_timing(DateWindow.parse(stated), r)
        return None if found is None else found[0]

    @pytest.mark.parametrize(
        ("stated", "event_date", "expected"),
        [
            ("2024-07-01", "2024-06-12", Timing.AFTER_THE_FACT),
            ("2024-06-12", "2024-06-12", Timing.AFTER_THE_FACT),
            ("2024-06-11", "2024-06-12", None),
            ("2024-06", "2024-06-12", Timing.MAY_BE_AFTER_THE_FACT),
            ("2024-06-15", "2024-06", Timing.MAY_BE_AFTER_THE_FACT),
            ("2024-06-30", "2024-06", Timing.AFTER_THE_FACT),
            ("2024-05-31", "2024-06", None),
        ],
    )
    def test_rule(self, stated: str, event_date: str, expected: Timing | None) -> None:
        """On/after the day it was known: after the fact; reaching the event's window: maybe."""
        assert self._timing(stated, event_date) is expected

    def test_pending_and_compounds(self) -> None:
        """Nothing pending is judged; an all is settled when its last part was."""
        log = _ledger().log
        stated = DateWindow.parse("2024-07-01")
        pending = resolve(Occurs(subject="y", kind="k"), log, AS_OF, anchor=stated)
        assert statement_timing(stated, pending) is None
        both = AllOf(propositions=[WITHDRAWN, HoldsAt(state="st", date="2025-06-01")])
        r = resolve(both, log, AS_OF, anchor=stated)  # NO: decided 2025-06-01
        assert statement_timing(stated, r) is None

    def test_resolver_timings_skip_unscorable(self) -> None:
        """Resolver.timings lists flagged scorable calls by id, resolved on the whole record."""
        ledger = _ledger(_call("late", "2024-07-01", 0.99), _call("early", "2022-07-14", 0.2))
        timings = Resolver(ledger.log).timings(ledger.predictions)
        assert list(timings) == ["late"]
        assert timings["late"][0] is Timing.AFTER_THE_FACT


class TestEvaluation:
    """An after-the-fact call is counted and shown, never scored; a straddling one is flagged."""

    def test_after_the_fact_is_not_a_hit(self, evaluation: Evaluation) -> None:
        """Stated 2024-07-01 at 0.99 on an event of 2024-06-12: AFTER_THE_FACT, no Brier."""
        for call in ("late", "same-day"):
            r = evaluation.by_id(call)
            assert r.status is CallStatus.AFTER_THE_FACT
            assert r.verdict is Verdict.AFTER_THE_FACT
            assert r.resolved is CallStatus.YES
            assert (r.brier, r.log_score, r.probability) == (None, None, None)
            assert r.timing is Timing.AFTER_THE_FACT
            assert r.timing_note is not None
            assert "2024-06-12" in r.timing_note

    def test_straddling_is_scored_and_flagged(self, evaluation: Evaluation) -> None:
        """Stated in June 2024, the month of the event: scored, flagged MAY_BE_AFTER_THE_FACT."""
        r = evaluation.by_id("maybe")
        assert (r.status, r.verdict) == (CallStatus.YES, Verdict.HIT)
        assert r.brier == pytest.approx(0.04)
        assert r.timing is Timing.MAY_BE_AFTER_THE_FACT
        assert evaluation.by_id("early").timing is None

    def test_not_counted_in_scores(self, evaluation: Evaluation) -> None:
        """Counts, means, calibration and ranking hold only the two forecasts."""
        card = evaluation.source("s")
        assert (card.n_predictions, card.n_resolved, card.n_after_the_fact) == (4, 2, 2)
        assert card.n_unscorable == 2
        assert card.n_scorable == 2
        assert card.n_timing_uncertain == 1
        assert card.brier == pytest.approx((0.04 + 0.64) / 2)
        assert card.calibration is not None
        assert card.calibration.n == 2
        assert (card.n_hits, card.n_misses, card.rank) == (1, 1, 1)
        assert evaluation.overall.n_after_the_fact == 2
        assert all(s.n == 2 for s in evaluation.sensitivity.sources)


class TestReports:
    """Every report shows the after-the-fact calls, apart from the scores."""

    def test_text(self, evaluation: Evaluation) -> None:
        """The text report lists them with their verdict and why, and counts them."""
        text = render_text(evaluation)
        assert "[AFTER_THE_FACT] late" in text
        assert "[HIT] late" not in text
        assert "2 after the fact, 1 maybe after the fact" in text
        assert "Stated after the fact" in text

    def test_json(self, evaluation: Evaluation) -> None:
        """JSON: verdict AFTER_THE_FACT (neither HIT nor MISS), brier null, counts, format 2."""
        report = json.loads(render_json(evaluation))
        assert report["format_version"] == 2
        calls = {p["id"]: p for p in report["predictions"]}
        late = calls["late"]
        assert (late["verdict"], late["status"], late["resolved"]) == (
            "AFTER_THE_FACT",
            "AFTER_THE_FACT",
            "YES",
        )
        assert late["brier"] is None
        assert late["log_score"] is None
        assert late["timing"] == "AFTER_THE_FACT"
        assert calls["maybe"]["timing"] == "MAY_BE_AFTER_THE_FACT"
        assert calls["early"]["timing"] is None
        card = report["sources"][0]
        assert (card["n_after_the_fact"], card["n_timing_uncertain"]) == (2, 1)

    def test_markdown(self, evaluation: Evaluation) -> None:
        """Markdown shows the verdict in the call's row and in a section of its own."""
        text = render_markdown(evaluation)
        assert "| **AFTER_THE_FACT** | `late` |" in text
        assert "## Stated after the fact" in text
        assert "may have been made after the fact" in text

    def test_html(self, evaluation: Evaluation) -> None:
        """HTML gives the badge, the reason and a section listing them."""
        page = render_html(evaluation, _ledger(_call("late", "2024-07-01", 0.99)))
        assert 'class="badge v-AFTER_THE_FACT"' in page
        assert 'id="after-the-fact"' in page
        assert "not a forecast" in page


class TestCheck:
    """`forecastcheck check` warns of them on stderr, located, and still exits 0."""

    @pytest.mark.parametrize("suffix", ["toml", "jsonl"])
    def test_warnings(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str], suffix: str
    ) -> None:
        """One warning per flagged call, `file: $.predictions[i]: warning: …`; exit 0."""
        ledger = _ledger(
            _call("early", "2022-07-14", 0.2),
            _call("late", "2024-07-01", 0.99),
            _call("maybe", "2024-06", 0.8),
        )
        path = save(ledger, tmp_path / f"l.{suffix}")
        assert main(["check", str(path)]) == 0
        out = capsys.readouterr()
        assert ": ok — " in out.out
        lines = out.err.splitlines()
        assert len(lines) == 2
        where = ["l.toml: $.predictions[1]", "l.toml: $.predictions[2]"]
        if suffix == "jsonl":
            where = ["l.jsonl:4: $.predictions", "l.jsonl:5: $.predictions"]
        assert lines[0].startswith(f"{where[0]}: warning: prediction 'late' stated 2024-07-01")
        assert "after the fact" in lines[0]
        assert lines[1].startswith(f"{where[1]}: warning: prediction 'maybe' stated 2024-06")
        assert "may have been made after the fact" in lines[1]

    def test_no_warning_for_forecasts(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A ledger of calls made before their events checks clean, with nothing on stderr."""
        path = save(_ledger(_call("early", "2022-07-14", 0.2)), tmp_path / "l.toml")
        assert main(["check", str(path)]) == 0
        assert capsys.readouterr().err == ""
