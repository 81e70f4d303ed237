"""The pytest plugin, driven through pytester: collection, verdicts, scoreboard, thresholds."""

from __future__ import annotations

import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import scipy.stats  # type: ignore[import-untyped]  # noqa: F401

# Imported here so in-process pytester runs find them already loaded: pytester
# drops modules first imported during a run, and numpy cannot load twice
# (scipy.stats, which the bootstrap imports on first use, loads numpy.fft).
import forecastcheck.evaluation
import forecastcheck.report  # noqa: F401

ROOT = Path(__file__).resolve().parent.parent
KARABAKH = ROOT / "fixtures" / "karabakh"
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

    def test_the_plugin_object_is_registered_only_when_on(
        self, pytester: pytest.Pytester, karabakh: Path
    ) -> None:
        """The hooks that do the work are registered by --forecastcheck, not by installing."""
        off = pytester.parseconfigure("karabakh")
        assert off.pluginmanager.get_plugin("forecastcheck-ledgers") is None
        on = pytester.parseconfigure("--forecastcheck", "karabakh")
        assert on.pluginmanager.get_plugin("forecastcheck-ledgers") is not None

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

    def test_the_summary_fits_eighty_columns(
        self, pytester: pytest.Pytester, karabakh: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """At COLUMNS=80 no line of the terminal summary's scoreboard is wider than 80."""
        monkeypatch.setenv("COLUMNS", "80")
        result = pytester.runpytest("--forecastcheck", "karabakh", AS_OF)
        lines = result.outlines
        start = next(i for i, line in enumerate(lines) if "forecastcheck: karabakh" in line)
        board = lines[start + 1 :]
        assert board[0] == "Forecast scoreboard as of 2026-02-07"
        assert max(len(line) for line in board) <= 80

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

    def test_ini_paths_alone_name_the_ledgers(
        self, pytester: pytest.Pytester, karabakh: Path
    ) -> None:
        """With forecastcheck_paths and no arguments, the ledger is evaluated once, not again as '.'."""
        pytester.makeini(
            "[pytest]\nforecastcheck_paths = karabakh\nforecastcheck_as_of = 2026-02-07\n"
        )
        result = pytester.runpytest()
        assert result.ret == pytest.ExitCode.OK
        headers = [line for line in result.outlines if " forecastcheck: " in line]
        assert [h.strip("= ") for h in headers] == ["forecastcheck: karabakh"]
        assert sum(result.parseoutcomes().values()) == PREDICTIONS

    def test_a_file_inside_a_named_folder_is_not_a_second_ledger(
        self, pytester: pytest.Pytester, karabakh: Path
    ) -> None:
        """Naming a ledger folder and a file in it evaluates the folder once, as one ledger."""
        result = pytester.runpytest(
            "--forecastcheck", "karabakh", "karabakh/predictions.toml", AS_OF
        )
        assert result.ret == pytest.ExitCode.OK
        headers = [line for line in result.outlines if " forecastcheck: " in line]
        assert len(headers) == 1, headers


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


MAX_BRIER_PASS = "gate max-brier 0.3: 5 resolved calls, mean 0.196 — pass"
MAX_BRIER_FAIL = "gate max-brier 0.1: 5 resolved calls, mean 0.196 — FAIL"
SOURCE_FAIL = (
    "gate max-source-brier 0.3: 4 sources checked (>= 1 resolved)"
    " — FAIL: George Vlad Niculescu 0.436"
)
SOURCE_PASS = "gate max-source-brier 0.5: 4 sources checked (>= 1 resolved), worst 0.436 — pass"
SOURCE_EMPTY = (
    "gate max-source-brier 0.3: 0 of 9 sources have the 5 resolved calls the gate needs"
    " — FAIL (nothing to check)"
)
SOURCE_EMPTY_ALLOWED = (
    "gate max-source-brier 0.3: 0 of 9 sources have the 5 resolved calls the gate needs"
    " — pass (nothing to check; empty gates allowed)"
)


def gate_lines(result: pytest.RunResult) -> list[str]:
    """The gate lines of a run's output."""
    return [line for line in result.outlines if line.startswith(("gate ", "gates "))]


class TestThresholds:
    def test_max_brier_passes_and_fails(self, pytester: pytest.Pytester, karabakh: Path) -> None:
        """max-brier prints what it checked; above the ledger's mean it passes, below it fails."""
        ok = pytester.runpytest(
            "--forecastcheck", "karabakh", AS_OF, "--forecastcheck-max-brier=0.3"
        )
        assert ok.ret == pytest.ExitCode.OK
        assert gate_lines(ok) == [MAX_BRIER_PASS]
        failing = pytester.runpytest(
            "--forecastcheck", "karabakh", AS_OF, "--forecastcheck-max-brier=0.1"
        )
        assert failing.ret == pytest.ExitCode.TESTS_FAILED
        assert gate_lines(failing) == [MAX_BRIER_FAIL]

    def test_max_brier_with_nothing_resolved_fails(
        self, pytester: pytest.Pytester, karabakh: Path
    ) -> None:
        """max-brier with no resolved call fails the run, saying so, unless empty gates are allowed."""
        early = ["--forecastcheck", "karabakh", "--forecastcheck-as-of=2022-08-01"]
        empty = pytester.runpytest(*early, "--forecastcheck-max-brier=0.3")
        assert empty.ret == pytest.ExitCode.TESTS_FAILED
        assert gate_lines(empty) == [
            "gate max-brier 0.3: 0 of 19 calls resolved, no mean to check — FAIL (nothing to check)"
        ]
        allowed = pytester.runpytest(
            *early, "--forecastcheck-max-brier=0.3", "--forecastcheck-allow-empty-gates"
        )
        assert allowed.ret == pytest.ExitCode.OK
        assert gate_lines(allowed) == [
            "gate max-brier 0.3: 0 of 19 calls resolved, no mean to check"
            " — pass (nothing to check; empty gates allowed)"
        ]

    def test_source_gate_with_no_source_to_check_fails(
        self, pytester: pytest.Pytester, karabakh: Path
    ) -> None:
        """The issue's case: no source has the default 5 resolved calls, so the gate fails, saying why."""
        result = pytester.runpytest(
            "--forecastcheck", "karabakh", AS_OF, "--forecastcheck-max-source-brier", "0.3"
        )
        assert result.ret == pytest.ExitCode.TESTS_FAILED
        assert gate_lines(result) == [SOURCE_EMPTY]

    def test_empty_source_gate_passes_when_allowed(
        self, pytester: pytest.Pytester, karabakh: Path
    ) -> None:
        """--forecastcheck-allow-empty-gates lets a gate with nothing to check pass, and says so."""
        result = pytester.runpytest(
            "--forecastcheck",
            "karabakh",
            AS_OF,
            "--forecastcheck-max-source-brier=0.3",
            "--forecastcheck-allow-empty-gates",
        )
        assert result.ret == pytest.ExitCode.OK
        assert gate_lines(result) == [SOURCE_EMPTY_ALLOWED]

    def test_source_gate_fails_naming_the_source(
        self, pytester: pytest.Pytester, karabakh: Path
    ) -> None:
        """With one resolved call enough, four sources are checked and Niculescu's 0.436 fails 0.3."""
        result = pytester.runpytest(
            "--forecastcheck",
            "karabakh",
            AS_OF,
            "--forecastcheck-max-source-brier=0.3",
            "--forecastcheck-min-source-resolved=1",
        )
        assert result.ret == pytest.ExitCode.TESTS_FAILED
        assert gate_lines(result) == [SOURCE_FAIL]

    def test_source_gate_passes(self, pytester: pytest.Pytester, karabakh: Path) -> None:
        """A source threshold every checked source meets passes and prints the worst figure."""
        result = pytester.runpytest(
            "--forecastcheck",
            "karabakh",
            AS_OF,
            "--forecastcheck-max-source-brier=0.5",
            "--forecastcheck-min-source-resolved=1",
        )
        assert result.ret == pytest.ExitCode.OK
        assert gate_lines(result) == [SOURCE_PASS]

    def test_min_source_resolved_sets_the_ranking(
        self, pytester: pytest.Pytester, karabakh: Path
    ) -> None:
        """The per-source minimum is also the scoreboard's ranking minimum, and is printed."""
        result = pytester.runpytest(
            "--forecastcheck", "karabakh", AS_OF, "--forecastcheck-min-source-resolved=2"
        )
        assert result.ret == pytest.ExitCode.OK
        text = result.stdout.str()
        assert "Ranked only with at least 2 resolved calls;" in text
        assert "Rank of 1" in text
        assert gate_lines(result) == []

    def test_min_resolved_passes_and_fails(self, pytester: pytest.Pytester, karabakh: Path) -> None:
        """min-resolved counts resolved calls: 5 of 19 meet 5 and miss 50."""
        ok = pytester.runpytest(
            "--forecastcheck", "karabakh", AS_OF, "--forecastcheck-min-resolved=5"
        )
        assert ok.ret == pytest.ExitCode.OK
        assert gate_lines(ok) == ["gate min-resolved 5: 5 resolved calls of 19 — pass"]
        failing = pytester.runpytest(
            "--forecastcheck", "karabakh", AS_OF, "--forecastcheck-min-resolved=50"
        )
        assert failing.ret == pytest.ExitCode.TESTS_FAILED
        assert gate_lines(failing) == ["gate min-resolved 50: 5 resolved calls of 19 — FAIL"]

    def test_one_line_per_gate_in_order(self, pytester: pytest.Pytester, karabakh: Path) -> None:
        """Every gate set gets its line after the scoreboard; one failing gate fails the run."""
        result = pytester.runpytest(
            "--forecastcheck",
            "karabakh",
            AS_OF,
            "--forecastcheck-max-brier=0.3",
            "--forecastcheck-max-source-brier=0.3",
            "--forecastcheck-min-source-resolved=1",
            "--forecastcheck-min-resolved=1",
        )
        assert result.ret == pytest.ExitCode.TESTS_FAILED
        assert gate_lines(result) == [
            MAX_BRIER_PASS,
            SOURCE_FAIL,
            "gate min-resolved 1: 5 resolved calls of 19 — pass",
        ]
        scoreboard = result.outlines.index("Forecast scoreboard as of 2026-02-07")
        assert result.outlines.index(MAX_BRIER_PASS) > scoreboard

    def test_no_gate_no_line(self, pytester: pytest.Pytester, karabakh: Path) -> None:
        """Without a gate set, no gate line is printed."""
        result = pytester.runpytest("--forecastcheck", "karabakh", AS_OF)
        assert result.ret == pytest.ExitCode.OK
        assert gate_lines(result) == []

    def test_gate_fails_a_run_with_no_items(self, pytester: pytest.Pytester) -> None:
        """A ledger with no predictions and an empty gate exits 1 (a failed gate), not 5."""
        pytester.makefile(".toml", lone='[[sources]]\nid = "a"\nname = "A"\n')
        result = pytester.runpytest(
            "--forecastcheck", "lone.toml", AS_OF, "--forecastcheck-max-brier=0.3"
        )
        assert result.ret == pytest.ExitCode.TESTS_FAILED
        assert gate_lines(result) == [
            "gate max-brier 0.3: 0 of 0 calls resolved, no mean to check — FAIL (nothing to check)"
        ]

    def test_broken_ledger_is_named_as_not_gated(
        self, pytester: pytest.Pytester, karabakh: Path
    ) -> None:
        """A ledger that cannot be evaluated is named as not gated; the others get their lines."""
        pytester.makefile(".toml", broken='[[sources]]\nid = 5\nname = "B"\n')
        result = pytester.runpytest(
            "--forecastcheck", "broken.toml", "karabakh", AS_OF, "--forecastcheck-max-brier=0.3"
        )
        assert result.ret == pytest.ExitCode.TESTS_FAILED
        assert gate_lines(result) == [
            "gate max-brier 0.3 (karabakh): 5 resolved calls, mean 0.196 — pass",
            "gates not checked on broken.toml: the ledger has problems (see the failures)",
        ]


class TestIniKeys:
    def test_gate_settings_from_the_ini_file(
        self, pytester: pytest.Pytester, karabakh: Path
    ) -> None:
        """forecastcheck_max_source_brier and forecastcheck_min_source_resolved set the gate."""
        pytester.makeini(
            "[pytest]\nforecastcheck_paths = karabakh\nforecastcheck_as_of = 2026-02-07\n"
            "forecastcheck_max_source_brier = 0.3\nforecastcheck_min_source_resolved = 1\n"
            "forecastcheck_max_brier = 0.3\nforecastcheck_min_resolved = 50\n"
        )
        result = pytester.runpytest()
        assert result.ret == pytest.ExitCode.TESTS_FAILED
        assert gate_lines(result) == [
            MAX_BRIER_PASS,
            SOURCE_FAIL,
            "gate min-resolved 50: 5 resolved calls of 19 — FAIL",
        ]

    def test_allow_empty_gates_from_the_ini_file(
        self, pytester: pytest.Pytester, karabakh: Path
    ) -> None:
        """forecastcheck_allow_empty_gates = true lets an empty gate pass."""
        pytester.makeini(
            "[pytest]\nforecastcheck_paths = karabakh\nforecastcheck_as_of = 2026-02-07\n"
            "forecastcheck_max_source_brier = 0.3\nforecastcheck_allow_empty_gates = true\n"
        )
        result = pytester.runpytest()
        assert result.ret == pytest.ExitCode.OK
        assert gate_lines(result) == [SOURCE_EMPTY_ALLOWED]

    def test_command_line_wins_over_the_ini_file(
        self, pytester: pytest.Pytester, karabakh: Path
    ) -> None:
        """An option given on the command line overrides the ini key."""
        pytester.makeini("[pytest]\nforecastcheck_max_brier = 0.1\n")
        result = pytester.runpytest(
            "--forecastcheck", "karabakh", AS_OF, "--forecastcheck-max-brier=0.3"
        )
        assert result.ret == pytest.ExitCode.OK
        assert gate_lines(result) == [MAX_BRIER_PASS]

    def test_bad_as_of_is_a_usage_error(self, pytester: pytest.Pytester, karabakh: Path) -> None:
        """A malformed as-of date is a usage error, not a traceback."""
        result = pytester.runpytest("--forecastcheck", "karabakh", "--forecastcheck-as-of=soon")
        assert result.ret == pytest.ExitCode.USAGE_ERROR
        result.stderr.fnmatch_lines(["*expected a day (YYYY-MM-DD), got 'soon'*"])

    def test_as_of_is_read_as_the_command_line_reads_it(
        self, pytester: pytest.Pytester, karabakh: Path
    ) -> None:
        """An as-of day not written exactly YYYY-MM-DD (20260207) is refused, as by the CLI."""
        result = pytester.runpytest("--forecastcheck", "karabakh", "--forecastcheck-as-of=20260207")
        assert result.ret == pytest.ExitCode.USAGE_ERROR
        result.stderr.fnmatch_lines(["*expected a day (YYYY-MM-DD), got '20260207'*"])


class TestXdist:
    def test_same_under_two_workers(self, pytester: pytest.Pytester, karabakh: Path) -> None:
        """Under -n 2 the verdicts, the scoreboard and the threshold failure are the same."""
        ok = pytester.runpytest_subprocess("--forecastcheck", "karabakh", "-v", AS_OF, "-n", "2")
        assert ok.ret == pytest.ExitCode.OK
        ok.stdout.fnmatch_lines(
            ["*MISS*niculescu-withdrawal-by-2025-11*", "*forecastcheck: karabakh*"]
        )
        failing = pytester.runpytest_subprocess(
            "--forecastcheck", "karabakh", AS_OF, "-n", "2", "--forecastcheck-max-brier=0.1"
        )
        assert failing.ret == pytest.ExitCode.TESTS_FAILED
        assert gate_lines(failing) == [MAX_BRIER_FAIL]

    def test_gates_under_two_workers(self, pytester: pytest.Pytester, karabakh: Path) -> None:
        """Under -n 2 each gate prints the same line, sets the same exit code and reaches JUnit XML."""
        empty = pytester.runpytest_subprocess(
            "--forecastcheck", "karabakh", AS_OF, "-n", "2", "--forecastcheck-max-source-brier=0.3"
        )
        assert empty.ret == pytest.ExitCode.TESTS_FAILED
        assert gate_lines(empty) == [SOURCE_EMPTY]
        passing = pytester.runpytest_subprocess(
            "--forecastcheck",
            "karabakh",
            AS_OF,
            "-n",
            "2",
            "--forecastcheck-max-source-brier=0.5",
            "--forecastcheck-min-source-resolved=1",
            "--forecastcheck-max-brier=0.3",
            "--junitxml=out.xml",
        )
        assert passing.ret == pytest.ExitCode.OK
        assert gate_lines(passing) == [MAX_BRIER_PASS, SOURCE_PASS]
        assert suite_properties(pytester.path / "out.xml") == {
            "forecastcheck_gate_max_brier": MAX_BRIER_PASS,
            "forecastcheck_gate_max_source_brier": SOURCE_PASS,
            "forecastcheck_gates": "pass",
        }


def suite_properties(path: Path) -> dict[str, str | None]:
    """The properties of a JUnit XML file's test suite (not of its test cases)."""
    suite = ET.parse(path).getroot().find("testsuite")
    assert suite is not None
    props = suite.find("properties")
    if props is None:
        return {}
    return {p.get("name", ""): p.get("value") for p in props.iter("property")}


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

    def test_junit_xml_carries_the_gate_lines(
        self, pytester: pytest.Pytester, karabakh: Path
    ) -> None:
        """Each gate's line, and the overall gate result, are properties of the JUnit test suite."""
        result = pytester.runpytest(
            "--forecastcheck",
            "karabakh",
            AS_OF,
            "--forecastcheck-max-source-brier=0.3",
            "--forecastcheck-min-source-resolved=1",
            "--junitxml=out.xml",
        )
        assert result.ret == pytest.ExitCode.TESTS_FAILED
        assert suite_properties(pytester.path / "out.xml") == {
            "forecastcheck_gate_max_source_brier": SOURCE_FAIL,
            "forecastcheck_gates": "fail",
        }

    def test_junit_xml_without_gates_has_no_gate_property(
        self, pytester: pytest.Pytester, karabakh: Path
    ) -> None:
        """Without gates, the test suite carries no gate property."""
        result = pytester.runpytest("--forecastcheck", "karabakh", AS_OF, "--junitxml=out.xml")
        assert result.ret == pytest.ExitCode.OK
        assert suite_properties(pytester.path / "out.xml") == {}

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

    def test_the_documented_fixture_example_passes(
        self, pytester: pytest.Pytester, karabakh: Path
    ) -> None:
        """The fixture example of docs/pytest-plugin.md passes as a test, as the page says."""
        page = (ROOT / "docs" / "pytest-plugin.md").read_text(encoding="utf-8")
        blocks = re.findall(r"^```python\n(.*?)^```", page, re.MULTILINE | re.DOTALL)
        (example,) = [b for b in blocks if "def test_" in b]
        fixtures = pytester.path / "fixtures"
        fixtures.mkdir()
        karabakh.rename(fixtures / "karabakh")
        pytester.makepyfile(test_documented=example)
        result = pytester.runpytest("test_documented.py", AS_OF)
        assert result.ret == pytest.ExitCode.OK
        result.assert_outcomes(passed=1)


MISSPELT = '[[sources]]\nid = "a"\nname = "A"\n\n[[predictons]]\nid = "x"\n'


class TestHostileInput:
    def test_fail_line_names_the_failing_ledger(
        self, pytester: pytest.Pytester, karabakh: Path
    ) -> None:
        """With a broken ledger listed first, the threshold failure names the ledger that failed it."""
        pytester.makefile(".toml", broken='[[sources]]\nid = 5\nname = "B"\n')
        result = pytester.runpytest(
            "--forecastcheck", "broken.toml", "karabakh", AS_OF, "--forecastcheck-max-brier=0.01"
        )
        assert result.ret == pytest.ExitCode.TESTS_FAILED
        lines = [line for line in result.outlines if "0.01" in line and "FAIL" in line]
        assert lines, result.stdout.str()
        assert all("karabakh" in line and "broken" not in line for line in lines), lines

    @pytest.mark.parametrize("value", ["nan", "inf", "-inf", "-0.1", "1.5"])
    @pytest.mark.parametrize("option", ["max-brier", "max-source-brier"])
    def test_threshold_out_of_range_is_a_usage_error(
        self, pytester: pytest.Pytester, karabakh: Path, option: str, value: str
    ) -> None:
        """A Brier threshold that is not a number from 0 to 1 is a usage error, not a switched-off gate."""
        result = pytester.runpytest(
            "--forecastcheck", "karabakh", AS_OF, f"--forecastcheck-{option}={value}"
        )
        assert result.ret == pytest.ExitCode.USAGE_ERROR
        result.stderr.fnmatch_lines(
            [f"*--forecastcheck-{option}: expected a number from 0 to 1, got '{value}'*"]
        )

    def test_threshold_from_ini_is_checked_too(
        self, pytester: pytest.Pytester, karabakh: Path
    ) -> None:
        """A non-finite threshold in the ini file is a usage error naming the ini key."""
        pytester.makeini("[pytest]\nforecastcheck_max_brier = nan\n")
        result = pytester.runpytest("--forecastcheck", "karabakh", AS_OF)
        assert result.ret == pytest.ExitCode.USAGE_ERROR
        result.stderr.fnmatch_lines(["*forecastcheck_max_brier: expected a number from 0 to 1*"])

    @pytest.mark.parametrize("option", ["min-resolved", "min-source-resolved"])
    def test_negative_count_is_a_usage_error(
        self, pytester: pytest.Pytester, karabakh: Path, option: str
    ) -> None:
        """A negative minimum count is a usage error."""
        result = pytester.runpytest(
            "--forecastcheck", "karabakh", AS_OF, f"--forecastcheck-{option}=-1"
        )
        assert result.ret == pytest.ExitCode.USAGE_ERROR
        result.stderr.fnmatch_lines(
            [f"*--forecastcheck-{option}: expected a whole number of 0 or more, got '-1'*"]
        )

    def test_misspelt_table_in_a_named_file_is_reported_on_it(
        self, pytester: pytest.Pytester
    ) -> None:
        """A ledger file named on the command line with a misspelt table fails with the loader's problem."""
        pytester.makefile(".toml", mine=MISSPELT)
        result = pytester.runpytest("--forecastcheck", "mine.toml", AS_OF)
        assert result.ret == pytest.ExitCode.TESTS_FAILED
        assert "not found" not in result.stdout.str() + result.stderr.str()
        result.stdout.fnmatch_lines(["*mine.toml: $.predictons: unknown key 'predictons'*"])
        result.assert_outcomes(failed=1)

    def test_misspelt_table_in_a_ledger_folder_is_reported_on_its_file(
        self, pytester: pytest.Pytester, karabakh: Path
    ) -> None:
        """A misspelt table in one file of a ledger folder keeps the folder one ledger and names the file."""
        preds = karabakh / "predictions.toml"
        preds.write_text(
            preds.read_text(encoding="utf-8").replace("[[predictions]]", "[[predictons]]", 1),
            encoding="utf-8",
        )
        result = pytester.runpytest("--forecastcheck", "karabakh", AS_OF)
        assert result.ret == pytest.ExitCode.TESTS_FAILED
        result.stdout.fnmatch_lines(
            ["*karabakh/predictions.toml: $.predictons: unknown key 'predictons'*"]
        )


class TestProblemPlacement:
    def test_a_colon_in_a_file_name_keeps_its_problems_on_its_items(
        self, pytester: pytest.Pytester, karabakh: Path
    ) -> None:
        """A problem in a file whose name holds a colon fails that file's item, not another file's."""
        preds = karabakh / "predictions.toml"
        preds.write_text(
            preds.read_text(encoding="utf-8").replace(
                'confidence = { phrase = "unlikely" }', "confidence = { probability = 1.3 }"
            ),
            encoding="utf-8",
        )
        preds.rename(karabakh / "pre:dictions.toml")
        result = pytester.runpytest("--forecastcheck", "karabakh", AS_OF, "-rf")
        assert result.ret == pytest.ExitCode.TESTS_FAILED
        outcomes = result.parseoutcomes()
        assert outcomes["failed"] == 1
        assert outcomes["skipped"] == PREDICTIONS - 1
        result.stdout.fnmatch_lines(["FAILED *pre:dictions.toml::niculescu-treaty-by-2025-11*"])
        assert "[ledger]" not in result.stdout.str()


ESC_RLO_NAME = "George \\u001b[2J\\u202eNiculescu"


class TestTerminalEscapes:
    def test_control_characters_in_a_source_name_are_escaped(
        self, pytester: pytest.Pytester, karabakh: Path
    ) -> None:
        """An ESC or RLO in a source name reaches the terminal as a visible escape, in every line."""
        sources = karabakh / "sources.toml"
        sources.write_text(
            sources.read_text(encoding="utf-8").replace("George Vlad Niculescu", ESC_RLO_NAME),
            encoding="utf-8",
        )
        result = pytester.runpytest(
            "--forecastcheck",
            "karabakh",
            AS_OF,
            "--forecastcheck-max-source-brier=0.3",
            "--forecastcheck-min-source-resolved=1",
        )
        out = result.stdout.str()
        assert "\x1b" not in out
        assert "\u202e" not in out
        assert gate_lines(result) == [
            "gate max-source-brier 0.3: 4 sources checked (>= 1 resolved)"
            " — FAIL: George \\x1b[2J\\u202eNiculescu 0.436"
        ]

    def test_a_newline_in_a_file_name_is_escaped(self, pytester: pytest.Pytester) -> None:
        """A newline in a ledger file's name cannot forge a line of the plugin's output."""
        (pytester.path / "bad\nname.toml").write_text(
            '[[sources]]\nid = 5\nname = "B"\n', encoding="utf-8"
        )
        result = pytester.runpytest("--forecastcheck", "bad\nname.toml", AS_OF)
        assert result.ret == pytest.ExitCode.TESTS_FAILED
        problem = "bad\\nname.toml: $.sources[0].id: expected text, got 5"
        result.stdout.fnmatch_lines(["*= forecastcheck: bad\\nname.toml =*"])
        lines = result.outlines
        at = lines.index("not evaluated: 1 problem found:")
        assert lines[at + 1] == f"  {problem}"
        at = lines.index("invalid prediction data:")
        assert lines[at + 1] == problem
        # only pytest's own lines (the progress line, the short summary) name the node raw
        raw = [line for line in result.outlines if line.startswith("name.toml")]
        assert [line.split()[0] for line in raw] == ["name.toml", "name.toml::[ledger]"]
