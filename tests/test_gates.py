"""Gates (forecastcheck.gates): what each checks, its line, empty gates; and `report`'s gates."""

from __future__ import annotations

import datetime as dt
import inspect
import json
import math
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from forecastcheck.cli import main
from forecastcheck.evaluation import Evaluation, evaluate
from forecastcheck.gates import (
    MIN_SOURCE_RESOLVED,
    GateSettings,
    GateStatus,
    SourceFigure,
    _figure,
    any_failed,
    check_gates,
    parse_brier_threshold,
    parse_count,
)
from forecastcheck.ledger import load
from forecastcheck.report import render_json

KARABAKH = Path(__file__).resolve().parent.parent / "fixtures" / "karabakh"
AS_OF = dt.date(2026, 2, 7)


@pytest.fixture(scope="module")
def karabakh() -> Evaluation:
    """The Karabakh case as of 2026-02-07, every source with a resolved call ranked."""
    return evaluate(load(KARABAKH), as_of=AS_OF, n_bootstrap=0, min_resolved=1)


class TestSettings:
    @pytest.mark.parametrize("text", ["nan", "inf", "-inf", "-0.1", "1.01", "", "low"])
    def test_brier_threshold_outside_0_to_1_is_refused(self, text: str) -> None:
        """NaN, infinities, negatives, values above 1 and non-numbers are not Brier thresholds."""
        with pytest.raises(ValueError, match="expected a number from 0 to 1"):
            parse_brier_threshold(text)

    @pytest.mark.parametrize(("text", "value"), [("0", 0.0), ("1", 1.0), ("0.3", 0.3)])
    def test_brier_threshold_in_range(self, text: str, value: float) -> None:
        """0, 1 and anything between are Brier thresholds."""
        assert parse_brier_threshold(text) == value

    @pytest.mark.parametrize("text", ["-1", "1.5", "five", ""])
    def test_count_must_be_a_whole_number_of_0_or_more(self, text: str) -> None:
        """A minimum count is a whole number of 0 or more."""
        with pytest.raises(ValueError, match="expected a whole number of 0 or more"):
            parse_count(text)

    @pytest.mark.parametrize(
        "kwargs",
        [
            {"max_brier": math.nan},
            {"max_brier": math.inf},
            {"max_source_brier": -0.5},
            {"max_source_brier": True},
            {"min_resolved": -1},
            {"min_source_resolved": -3},
            {"min_resolved": 2.0},
        ],
    )
    def test_settings_refuse_what_would_switch_a_gate_off(self, kwargs: dict[str, object]) -> None:
        """GateSettings built in code refuse the same values the fronts refuse."""
        with pytest.raises(ValueError, match="expected"):
            GateSettings(**kwargs)  # type: ignore[arg-type]

    def test_default_minimum_is_the_rankings(self) -> None:
        """The per-source gate's default minimum is evaluate's ranking minimum."""
        default = inspect.signature(evaluate).parameters["min_resolved"].default
        assert GateSettings().min_source_resolved == MIN_SOURCE_RESOLVED == default

    def test_nothing_set_checks_nothing(self, karabakh: Evaluation) -> None:
        """With no gate set there is no result (and nothing fails)."""
        assert not GateSettings().any
        assert check_gates(GateSettings(), [(None, karabakh)]) == ()
        assert not any_failed(())


class TestMaxBrier:
    def test_pass(self, karabakh: Evaluation) -> None:
        """The Karabakh mean 0.196 passes 0.3; the result carries the counts and the mean."""
        (result,) = check_gates(GateSettings(max_brier=0.3), [(None, karabakh)])
        assert result.line == "gate max-brier 0.3: 5 resolved calls, mean 0.196 — pass"
        assert (result.status, result.passed) == (GateStatus.PASS, True)
        assert (result.n_checked, result.n_total) == (5, 19)
        assert result.value == pytest.approx(0.195735)

    def test_fail(self, karabakh: Evaluation) -> None:
        """The Karabakh mean 0.196 fails 0.1."""
        (result,) = check_gates(GateSettings(max_brier=0.1), [(None, karabakh)])
        assert result.line == "gate max-brier 0.1: 5 resolved calls, mean 0.196 — FAIL"
        assert (result.status, result.passed) == (GateStatus.FAIL, False)

    def test_the_threshold_itself_passes(self, karabakh: Evaluation) -> None:
        """A mean equal to the threshold passes ("at most")."""
        assert karabakh.overall.brier is not None
        (result,) = check_gates(GateSettings(max_brier=karabakh.overall.brier), [(None, karabakh)])
        assert result.passed

    def test_a_close_mean_is_shown_on_its_side_of_the_threshold(self, karabakh: Evaluation) -> None:
        """A mean that rounds to the threshold is printed with the digits that tell them apart."""
        (result,) = check_gates(GateSettings(max_brier=0.196), [(None, karabakh)])
        assert result.line == "gate max-brier 0.196: 5 resolved calls, mean 0.1957 — pass"

    def test_nothing_resolved_is_empty_and_fails(self) -> None:
        """With no resolved call the gate is empty and fails, unless empty gates are allowed."""
        early = evaluate(load(KARABAKH), as_of=dt.date(2022, 8, 1), n_bootstrap=0)
        (result,) = check_gates(GateSettings(max_brier=0.3), [(None, early)])
        assert result.line == (
            "gate max-brier 0.3: 0 of 19 calls resolved, no mean to check — FAIL (nothing to check)"
        )
        assert (result.status, result.passed, result.value) == (GateStatus.EMPTY, False, None)
        (allowed,) = check_gates(GateSettings(max_brier=0.3, allow_empty=True), [(None, early)])
        assert allowed.status is GateStatus.EMPTY
        assert allowed.passed
        assert allowed.line.endswith("— pass (nothing to check; empty gates allowed)")


class TestMaxSourceBrier:
    def test_fail_names_the_source(self, karabakh: Evaluation) -> None:
        """Four sources have a resolved call; Niculescu's 0.436 is over 0.3 and is named."""
        (result,) = check_gates(
            GateSettings(max_source_brier=0.3, min_source_resolved=1), [(None, karabakh)]
        )
        assert result.line == (
            "gate max-source-brier 0.3: 4 sources checked (>= 1 resolved)"
            " — FAIL: George Vlad Niculescu 0.436"
        )
        assert (result.n_checked, result.n_total, result.min_source_resolved) == (4, 9, 1)
        assert result.failing == (
            SourceFigure("niculescu", "George Vlad Niculescu", pytest.approx(0.435625), 2),  # type: ignore[arg-type]
        )

    def test_failing_sources_worst_first(self, karabakh: Evaluation) -> None:
        """Every source over the threshold is named, worst first."""
        (result,) = check_gates(
            GateSettings(max_source_brier=0.01, min_source_resolved=1), [(None, karabakh)]
        )
        assert [f.source for f in result.failing] == ["niculescu", "orujlu"]
        assert result.line.endswith("— FAIL: George Vlad Niculescu 0.436, Arastun Orujlu 0.106")

    def test_pass_shows_the_worst(self, karabakh: Evaluation) -> None:
        """When every checked source meets the threshold, the line shows the worst figure."""
        (result,) = check_gates(
            GateSettings(max_source_brier=0.5, min_source_resolved=1), [(None, karabakh)]
        )
        assert result.line == (
            "gate max-source-brier 0.5: 4 sources checked (>= 1 resolved), worst 0.436 — pass"
        )
        assert result.passed

    def test_only_sources_with_enough_resolved_calls_are_checked(
        self, karabakh: Evaluation
    ) -> None:
        """With a minimum of 2, only Niculescu (2 resolved) is checked."""
        (result,) = check_gates(
            GateSettings(max_source_brier=0.3, min_source_resolved=2), [(None, karabakh)]
        )
        assert result.line == (
            "gate max-source-brier 0.3: 1 source checked (>= 2 resolved)"
            " — FAIL: George Vlad Niculescu 0.436"
        )

    def test_no_source_with_enough_calls_is_empty_and_fails(self, karabakh: Evaluation) -> None:
        """The default minimum of 5 leaves no Karabakh source to check: the gate fails, saying why."""
        (result,) = check_gates(GateSettings(max_source_brier=0.3), [(None, karabakh)])
        assert result.line == (
            "gate max-source-brier 0.3: 0 of 9 sources have the 5 resolved calls the gate needs"
            " — FAIL (nothing to check)"
        )
        assert (result.status, result.passed) == (GateStatus.EMPTY, False)

    def test_a_minimum_of_0_still_needs_a_score(self, karabakh: Evaluation) -> None:
        """A minimum of 0 checks sources with at least one resolved call (the others have no score)."""
        (result,) = check_gates(
            GateSettings(max_source_brier=0.5, min_source_resolved=0), [(None, karabakh)]
        )
        assert (result.n_checked, result.min_source_resolved) == (4, 1)


class TestMinResolved:
    def test_pass_and_fail(self, karabakh: Evaluation) -> None:
        """min-resolved compares the resolved count: 5 meets 5 and misses 6."""
        (ok,) = check_gates(GateSettings(min_resolved=5), [(None, karabakh)])
        (short,) = check_gates(GateSettings(min_resolved=6), [(None, karabakh)])
        assert ok.line == "gate min-resolved 5: 5 resolved calls of 19 — pass"
        assert short.line == "gate min-resolved 6: 5 resolved calls of 19 — FAIL"
        assert (ok.passed, short.passed) == (True, False)


class TestSeveralLedgers:
    def test_each_ledger_named_in_its_lines(self, karabakh: Evaluation) -> None:
        """Labels name the ledgers; results follow the ledgers, then the gate order."""
        early = evaluate(load(KARABAKH), as_of=dt.date(2022, 8, 1), n_bootstrap=0)
        results = check_gates(
            GateSettings(max_brier=0.3, min_resolved=1), [("now", karabakh), ("then", early)]
        )
        assert [(r.ledger, r.name, r.passed) for r in results] == [
            ("now", "max-brier", True),
            ("now", "min-resolved", True),
            ("then", "max-brier", False),
            ("then", "min-resolved", False),
        ]
        assert results[0].line.startswith("gate max-brier 0.3 (now): ")
        assert any_failed(results)


@given(
    x=st.floats(0, 1, allow_nan=False),
    threshold=st.floats(0, 1, allow_nan=False),
)
def test_figure_is_on_the_same_side_of_the_threshold(x: float, threshold: float) -> None:
    """The printed figure never appears on the other side of (or equal to) the threshold."""
    shown = float(_figure(x, threshold))
    assert (shown > threshold) == (x > threshold)
    assert (shown == threshold) == (x == threshold)


class TestReportCommand:
    def run(self, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
        code = main(["report", str(KARABAKH), "--as-of", "2026-02-07", "--bootstrap", "0", *args])
        out, err = capsys.readouterr()
        return code, out, err

    def test_failing_gate_exits_1_after_the_report(
        self, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """`report --max-source-brier 0.3 --min-resolved 1` prints the report, the line, exits 1."""
        code, out, err = self.run(capsys, "--max-source-brier", "0.3", "--min-resolved", "1")
        assert code == 1
        assert out.startswith("Forecast scoreboard as of 2026-02-07")
        assert err.splitlines() == [
            "gate max-source-brier 0.3: 4 sources checked (>= 1 resolved)"
            " — FAIL: George Vlad Niculescu 0.436"
        ]

    def test_passing_gate_exits_0(self, capsys: pytest.CaptureFixture[str]) -> None:
        """A gate the ledger meets prints its line and exits 0."""
        code, _, err = self.run(capsys, "--max-brier", "0.3")
        assert code == 0
        assert err.splitlines() == ["gate max-brier 0.3: 5 resolved calls, mean 0.196 — pass"]

    def test_empty_gate_exits_1_unless_allowed(self, capsys: pytest.CaptureFixture[str]) -> None:
        """With the default --min-resolved 5 the source gate is empty: exit 1, or 0 if allowed."""
        code, _, err = self.run(capsys, "--max-source-brier", "0.3")
        assert code == 1
        assert "0 of 9 sources have the 5 resolved calls the gate needs" in err
        code, _, err = self.run(capsys, "--max-source-brier", "0.3", "--allow-empty-gates")
        assert code == 0
        assert err.rstrip().endswith("— pass (nothing to check; empty gates allowed)")

    @pytest.mark.parametrize("value", ["nan", "inf", "-0.1", "2"])
    def test_bad_threshold_is_a_usage_error(
        self, capsys: pytest.CaptureFixture[str], value: str
    ) -> None:
        """A Brier threshold outside 0..1 is a usage error (exit 2) naming the option."""
        with pytest.raises(SystemExit) as exc:
            self.run(capsys, f"--max-brier={value}")
        assert exc.value.code == 2
        assert f"--max-brier: expected a number from 0 to 1, got '{value}'" in (
            capsys.readouterr().err
        )

    def test_json_report_carries_the_gates(self, capsys: pytest.CaptureFixture[str]) -> None:
        """`--format json` adds a "gates" list with each gate's figures and line."""
        code, out, _ = self.run(
            capsys, "--format", "json", "--max-brier", "0.3", "--max-source-brier", "0.3"
        )
        assert code == 1
        gates = json.loads(out)["gates"]
        assert [(g["name"], g["status"], g["passed"]) for g in gates] == [
            ("max-brier", "pass", True),
            ("max-source-brier", "empty", False),
        ]
        assert gates[0]["value"] == pytest.approx(0.195735)
        assert (gates[1]["n_checked"], gates[1]["n_total"], gates[1]["min_source_resolved"]) == (
            0,
            9,
            5,
        )
        assert gates[1]["line"].startswith("gate max-source-brier 0.3: 0 of 9 sources")

    def test_json_report_without_gates_has_an_empty_list(self, karabakh: Evaluation) -> None:
        """Without gates the JSON report's "gates" is an empty list (the field is always there)."""
        assert json.loads(render_json(karabakh))["gates"] == []

    def test_json_failing_sources(self, karabakh: Evaluation) -> None:
        """Failing sources reach the JSON report with their figures."""
        results = check_gates(
            GateSettings(max_source_brier=0.3, min_source_resolved=1), [(None, karabakh)]
        )
        (gate,) = json.loads(render_json(karabakh, gates=results))["gates"]
        assert gate["failing"] == [
            {
                "source": "niculescu",
                "source_name": "George Vlad Niculescu",
                "brier": pytest.approx(0.435625),
                "n_resolved": 2,
            }
        ]
