"""The pytest plugin, driven through pytester: collection, verdicts, scoreboard, thresholds."""

from __future__ import annotations

import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

# Imported here so in-process pytester runs find them already loaded: pytester
# drops modules first imported during a run, and numpy cannot load twice.
import forecastcheck.evaluation
import forecastcheck.report  # noqa: F401

KARABAKH = Path(__file__).resolve().parent.parent / "fixtures" / "karabakh"
AS_OF = "--forecastcheck-as-of=2026-02-07"
PREDICTIONS = 19

pytestmark = pytest.mark.filterwarnings("ignore::pytest.PytestAssertRewriteWarning")


@pytest.fixture
def karabakh(pytester: pytest.Pytester) -> Path:
    """A copy of the Karabakh ledger inside the pytester folder."""
    target = pytester.path / "karabakh"
    shutil.copytree(KARABAKH, target)
    return target


class TestCollection:
    def test_inert_without_the_flag(self, pytester: pytest.Pytester, karabakh: Path) -> None:
        """Without --forecastcheck, ledger files are not collected."""
        result = pytester.runpytest("karabakh")
        assert result.ret == pytest.ExitCode.NO_TESTS_COLLECTED

    def test_every_prediction_listed_with_its_verdict(
        self, pytester: pytest.Pytester, karabakh: Path
    ) -> None:
        """-v lists each Karabakh prediction with its verdict, prints the scoreboard and exits 0."""
        result = pytester.runpytest("--forecastcheck", "karabakh", "-v", AS_OF)
        assert result.ret == pytest.ExitCode.OK
        result.stdout.fnmatch_lines(
            [
                "*predictions.toml::niculescu-withdrawal-by-2025-11 MISS*",
                "*predictions.toml::pritchin-never-return PENDING*",
                "*predictions.toml::karavaev-gradual-winddown UNSCORABLE*",
                "*predictions.toml::amashov-eventual-withdrawal HIT*",
                "*forecastcheck: karabakh*",
            ]
        )
        listed = [line for line in result.outlines if "predictions.toml::" in line]
        assert len(listed) == PREDICTIONS
        for name in ("Niculescu", "Pritchin", "Amashov", "Verdiev", "Orujlu"):
            assert any(name in line for line in result.outlines), name

    def test_pyproject_is_not_a_ledger(self, pytester: pytest.Pytester, karabakh: Path) -> None:
        """TOML files that are not ledgers (pyproject.toml) are left alone."""
        pytester.makefile(".toml", pyproject="[tool.other]\nx = 1\n")
        result = pytester.runpytest("--forecastcheck", ".", AS_OF)
        assert result.ret == pytest.ExitCode.OK
        outcomes = result.parseoutcomes()
        assert sum(outcomes.values()) == PREDICTIONS
        assert "failed" not in outcomes
        assert "pyproject.toml::" not in result.stdout.str()

    def test_ini_paths_turn_it_on(self, pytester: pytest.Pytester, karabakh: Path) -> None:
        """The ini setting forecastcheck_paths enables the plugin and names the ledgers."""
        pytester.makeini(
            "[pytest]\nforecastcheck_paths = karabakh\nforecastcheck_as_of = 2026-02-07\n"
        )
        result = pytester.runpytest("-v")
        assert result.ret == pytest.ExitCode.OK
        result.stdout.fnmatch_lines(["*niculescu-withdrawal-by-2025-11 MISS*"])


class TestInvalidData:
    def test_only_invalid_items_fail(self, pytester: pytest.Pytester, karabakh: Path) -> None:
        """An invalid record fails its own item with the located problem; the rest are skipped."""
        preds = karabakh / "predictions.toml"
        preds.write_text(
            preds.read_text(encoding="utf-8").replace(
                'confidence = { phrase = "unlikely" }', "confidence = { probability = 1.3 }"
            ),
            encoding="utf-8",
        )
        result = pytester.runpytest("--forecastcheck", "karabakh", AS_OF)
        assert result.ret == pytest.ExitCode.TESTS_FAILED
        outcomes = result.parseoutcomes()
        assert outcomes["failed"] == 1
        assert outcomes["skipped"] == PREDICTIONS - 1
        assert (
            "karabakh/predictions.toml: $.predictions[1].confidence.probability: "
            "expected a probability between 0 and 1, got 1.3" in result.stdout.str()
        )


class TestThresholds:
    def test_unmet_brier_threshold_fails_the_run(
        self, pytester: pytest.Pytester, karabakh: Path
    ) -> None:
        """A maximum mean Brier below the ledger's fails the run with an explicit line."""
        result = pytester.runpytest(
            "--forecastcheck", "karabakh", AS_OF, "--forecastcheck-max-brier=0.01"
        )
        assert result.ret == pytest.ExitCode.TESTS_FAILED
        result.stdout.fnmatch_lines(["FAIL Required mean Brier of at most 0.01 not met*"])

    def test_unmet_resolved_count_fails_the_run(
        self, pytester: pytest.Pytester, karabakh: Path
    ) -> None:
        """A minimum resolved count above the ledger's fails the run and says why."""
        result = pytester.runpytest(
            "--forecastcheck", "karabakh", AS_OF, "--forecastcheck-min-resolved=50"
        )
        assert result.ret == pytest.ExitCode.TESTS_FAILED
        result.stdout.fnmatch_lines(["FAIL Required resolved calls of 50 not reached*"])

    def test_met_thresholds_pass(self, pytester: pytest.Pytester, karabakh: Path) -> None:
        """Thresholds the ledger meets leave the run green."""
        result = pytester.runpytest(
            "--forecastcheck",
            "karabakh",
            AS_OF,
            "--forecastcheck-max-brier=1",
            "--forecastcheck-min-resolved=1",
        )
        assert result.ret == pytest.ExitCode.OK
        assert "FAIL Required" not in result.stdout.str()

    def test_bad_as_of_is_a_usage_error(self, pytester: pytest.Pytester, karabakh: Path) -> None:
        """A malformed as-of date is a usage error, not a traceback."""
        result = pytester.runpytest("--forecastcheck", "karabakh", "--forecastcheck-as-of=soon")
        assert result.ret == pytest.ExitCode.USAGE_ERROR
        result.stderr.fnmatch_lines(["*expected a day (YYYY-MM-DD), got 'soon'*"])


class TestXdist:
    def test_same_under_two_workers(self, pytester: pytest.Pytester, karabakh: Path) -> None:
        """Under -n 2 the verdicts, the scoreboard and the threshold failure are the same."""
        ok = pytester.runpytest_subprocess("--forecastcheck", "karabakh", "-v", AS_OF, "-n", "2")
        assert ok.ret == pytest.ExitCode.OK
        ok.stdout.fnmatch_lines(
            ["*MISS*niculescu-withdrawal-by-2025-11*", "*forecastcheck: karabakh*"]
        )
        failing = pytester.runpytest_subprocess(
            "--forecastcheck", "karabakh", AS_OF, "-n", "2", "--forecastcheck-max-brier=0.01"
        )
        assert failing.ret == pytest.ExitCode.TESTS_FAILED
        failing.stdout.fnmatch_lines(["FAIL Required mean Brier of at most 0.01 not met*"])


class TestOutputs:
    def test_junit_xml_carries_the_figures(self, pytester: pytest.Pytester, karabakh: Path) -> None:
        """Per-item figures reach JUnit XML through user_properties."""
        result = pytester.runpytest("--forecastcheck", "karabakh", AS_OF, "--junitxml=out.xml")
        assert result.ret == pytest.ExitCode.OK
        tree = ET.parse(pytester.path / "out.xml")
        case = next(
            c for c in tree.iter("testcase") if c.get("name") == "niculescu-withdrawal-by-2025-11"
        )
        props = {p.get("name"): p.get("value") for p in case.iter("property")}
        assert props["forecastcheck_verdict"] == "MISS"
        assert float(props["forecastcheck_brier"] or "nan") >= 0.64

    def test_fixture_gives_scorecards(self, pytester: pytest.Pytester, karabakh: Path) -> None:
        """Users can assert on scorecards through the forecastcheck fixture."""
        pytester.makepyfile(
            test_mine="""
            def test_niculescu(forecastcheck):
                evaluation = forecastcheck.evaluation("karabakh")
                card = evaluation.source("niculescu")
                assert card.n_predictions == 4
                assert evaluation.by_id("pritchin-never-return").verdict == "PENDING"
            """
        )
        result = pytester.runpytest("test_mine.py", AS_OF)
        assert result.ret == pytest.ExitCode.OK
        result.assert_outcomes(passed=1)
