"""The plugin's item kinds: one item per prediction (the default) or one per ledger file."""

from __future__ import annotations

import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import scipy.stats  # type: ignore[import-untyped]  # noqa: F401

# Imported here so in-process pytester runs find them already loaded (see test_pytest_plugin).
import forecastcheck.evaluation
import forecastcheck.report  # noqa: F401
from forecastcheck import _pytest_items, pytest_plugin

ROOT = Path(__file__).resolve().parent.parent
KARABAKH = ROOT / "fixtures" / "karabakh"
AS_OF = "--forecastcheck-as-of=2026-02-07"
PREDICTIONS = 19
FILE_ITEM = "karabakh/predictions.toml::[predictions]"
TALLY = "11 UNSCORABLE, 4 HIT, 3 PENDING, 1 MISS"

pytestmark = pytest.mark.filterwarnings("ignore::pytest.PytestAssertRewriteWarning")


@pytest.fixture
def karabakh(pytester: pytest.Pytester) -> Path:
    """A copy of the Karabakh ledger inside the pytester folder."""
    return Path(shutil.copytree(KARABAKH, pytester.path / "karabakh"))


def _summary(result: pytest.RunResult) -> list[str]:
    """The lines from the first forecastcheck heading to the end, without pytest's last line."""
    lines = result.outlines
    start = next(i for i, line in enumerate(lines) if " forecastcheck: " in line)
    return [line for line in lines[start:] if not re.match(r"=+ .* in [0-9.]+s", line)]


UNLIKELY = 'confidence = { phrase = "unlikely" }'
TOO_HIGH = "confidence = { probability = 1.3 }"


def _both(pytester: pytest.Pytester, *extra: str) -> tuple[pytest.RunResult, pytest.RunResult]:
    """The Karabakh run with -v and an item per prediction, then with ``extra`` and one per file."""
    each = pytester.runpytest("--forecastcheck", "karabakh", AS_OF, "-v")
    one = pytester.runpytest(
        "--forecastcheck", "karabakh", AS_OF, *extra, "--forecastcheck-items=file"
    )
    return each, one


def _verdicts(result: pytest.RunResult) -> dict[str, str]:
    """Each prediction's verdict as -v prints it, by prediction name."""
    found = re.findall(r"predictions\.toml::(\S+) ([A-Z_]+)", result.stdout.str())
    return dict(found)


class TestOneItemPerFile:
    def test_one_item_shows_the_tally_and_the_same_summary(
        self, pytester: pytest.Pytester, karabakh: Path
    ) -> None:
        """--forecastcheck-items=file collects one item with the verdict tally; the scoreboard is unchanged."""
        each, one = _both(pytester, "-v")
        assert one.ret == pytest.ExitCode.OK
        one.assert_outcomes(passed=1)
        assert f"{FILE_ITEM} PASSED ({TALLY})" in one.outlines[one.outlines.index("") + 1]
        assert _summary(one) == _summary(each)

    def test_the_listing_gives_each_predictions_verdict(
        self, pytester: pytest.Pytester, karabakh: Path
    ) -> None:
        """-rP lists every prediction with the verdict its own item shows in the default mode."""
        each, one = _both(pytester, "-rP")
        out = one.stdout.str()
        section = out.split("Captured forecastcheck verdicts call", 1)[1].split("\n=", 1)[0]
        listed = dict(line.split(" ") for line in section.strip().splitlines()[1:])
        assert len(listed) == PREDICTIONS
        assert listed == _verdicts(each)

    def test_junit_carries_the_count_and_the_tally(
        self, pytester: pytest.Pytester, karabakh: Path
    ) -> None:
        """The file's test case has forecastcheck_predictions and forecastcheck_verdicts; gates are unchanged."""
        gate = "--forecastcheck-max-brier=0.3"
        result = pytester.runpytest(
            "--forecastcheck",
            "karabakh",
            AS_OF,
            gate,
            "--junitxml=j.xml",
            "--forecastcheck-items=file",
        )
        assert result.ret == pytest.ExitCode.OK
        tree = ET.parse(pytester.path / "j.xml")
        (case,) = tree.iter("testcase")
        props = {p.get("name"): p.get("value") for p in case.iter("property")}
        assert props == {
            "forecastcheck_predictions": str(PREDICTIONS),
            "forecastcheck_verdicts": TALLY,
        }
        suite = {p.get("name"): p.get("value") for p in tree.getroot().iter("property")}
        assert suite["forecastcheck_gates"] == "pass"

    def test_an_invalid_record_fails_the_files_item_with_its_problem(
        self, pytester: pytest.Pytester, karabakh: Path
    ) -> None:
        """One invalid record fails the file's one item, naming the located problem."""
        preds = karabakh / "predictions.toml"
        text = preds.read_text(encoding="utf-8")
        preds.write_text(text.replace(UNLIKELY, TOO_HIGH), encoding="utf-8")
        result = pytester.runpytest(
            "--forecastcheck", "karabakh", AS_OF, "--forecastcheck-items=file"
        )
        assert result.ret == pytest.ExitCode.TESTS_FAILED
        result.assert_outcomes(failed=1)
        result.stdout.fnmatch_lines(
            [
                "*invalid prediction data:*",
                "karabakh/predictions.toml: $.predictions[1].confidence.probability: "
                "expected a probability between 0 and 1, got 1.3",
            ]
        )

    def test_a_file_of_a_broken_ledger_is_skipped_and_unowned_problems_fail_ledger(
        self, pytester: pytest.Pytester, karabakh: Path
    ) -> None:
        """A valid file of a ledger broken elsewhere is skipped; a misspelt table fails its file's [ledger] item."""
        (karabakh / "extra.toml").write_text("[[predictons]]\nid = 'x'\n", encoding="utf-8")
        result = pytester.runpytest(
            "--forecastcheck", "karabakh", AS_OF, "-rfs", "--forecastcheck-items=file"
        )
        assert result.ret == pytest.ExitCode.TESTS_FAILED
        result.assert_outcomes(failed=1, skipped=1)
        result.stdout.fnmatch_lines(
            [
                "FAILED karabakh/extra.toml::[[]ledger[]] - invalid prediction data:*",
                "SKIPPED [[]1[]] *: not evaluated: the ledger has problems*",
            ]
        )

    def test_xdist_shows_the_same_item_and_summary(
        self, pytester: pytest.Pytester, karabakh: Path
    ) -> None:
        """Under -n 2 the file's item passes with the same tally and the scoreboard is the same."""
        args = ("--forecastcheck", "karabakh", AS_OF, "-v", "--forecastcheck-items=file")
        alone = pytester.runpytest_subprocess(*args)
        shared = pytester.runpytest_subprocess(*args, "-n", "2")
        assert shared.ret == pytest.ExitCode.OK
        shared.assert_outcomes(passed=1)
        shared.stdout.fnmatch_lines([f"*PASSED ({TALLY}) {FILE_ITEM.replace('[', '[[]')}*"])
        assert _summary(shared) == _summary(alone)

    def test_the_ini_key_sets_the_kind(self, pytester: pytest.Pytester, karabakh: Path) -> None:
        """forecastcheck_items = file in the ini file gives one item per file."""
        pytester.makeini("[pytest]\nforecastcheck_items = file\n")
        result = pytester.runpytest("--forecastcheck", "karabakh", AS_OF)
        result.assert_outcomes(passed=1)

    def test_the_option_wins_over_the_ini_key(
        self, pytester: pytest.Pytester, karabakh: Path
    ) -> None:
        """--forecastcheck-items=prediction overrides forecastcheck_items = file."""
        pytester.makeini("[pytest]\nforecastcheck_items = file\n")
        result = pytester.runpytest(
            "--forecastcheck", "karabakh", AS_OF, "-v", "--forecastcheck-items=prediction"
        )
        assert len(_verdicts(result)) == PREDICTIONS

    @pytest.mark.parametrize(
        ("args", "ini", "where"),
        [
            (["--forecastcheck-items=files"], "", "--forecastcheck-items"),
            ([], "[pytest]\nforecastcheck_items = every\n", "forecastcheck_items"),
        ],
    )
    def test_an_unknown_kind_is_a_usage_error(
        self, pytester: pytest.Pytester, karabakh: Path, args: list[str], ini: str, where: str
    ) -> None:
        """Anything but prediction or file is a usage error naming the option or the ini key."""
        if ini:
            pytester.makeini(ini)
        result = pytester.runpytest("--forecastcheck", "karabakh", AS_OF, *args)
        assert result.ret == pytest.ExitCode.USAGE_ERROR
        result.stderr.fnmatch_lines([f"ERROR: {where}: expected one of prediction, file, got *"])

    def test_the_default_is_one_item_per_prediction(
        self, pytester: pytest.Pytester, karabakh: Path
    ) -> None:
        """Without the option or the ini key every prediction is its own item."""
        result = pytester.runpytest("--forecastcheck", "karabakh", AS_OF, "-v")
        assert len(_verdicts(result)) == PREDICTIONS
        assert "[predictions]" not in result.stdout.str()


class TestTally:
    def test_most_frequent_first_ties_by_name(self) -> None:
        """The tally counts each verdict, most frequent first, equal counts in name order."""
        assert _pytest_items.tally(["MISS", "HIT", "PENDING", "HIT", "EVEN", "MISS"]) == (
            "2 HIT, 2 MISS, 1 EVEN, 1 PENDING"
        )

    def test_nothing_is_an_empty_tally(self) -> None:
        """No verdicts give an empty tally."""
        assert _pytest_items.tally([]) == ""


class TestSharedPerFileWork:
    def test_locations_and_hooks_are_pytests_own(
        self, pytester: pytest.Pytester, karabakh: Path
    ) -> None:
        """Each item's shared location and hook relay equal what pytest computes for the item alone."""
        items, _ = pytester.inline_genitems("--forecastcheck", str(karabakh), AS_OF)
        assert len(items) == PREDICTIONS
        for item in items:
            assert item.location == pytest.Item.location.func(item)  # type: ignore[attr-defined]
            for hook in ("pytest_runtest_makereport", "pytest_runtest_logreport"):
                shared = getattr(pytest_plugin._hook_of(item), hook).get_hookimpls()
                assert shared == getattr(item.ihook, hook).get_hookimpls()
