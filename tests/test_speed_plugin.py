"""The pytest plugin's cheap path: valid prediction items skip the per-test machinery, and say the same."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import scipy.special  # type: ignore[import-untyped]
import scipy.stats  # type: ignore[import-untyped]  # noqa: F401

# Imported here so in-process pytester runs find them already loaded (see test_pytest_plugin).
import forecastcheck.evaluation
import forecastcheck.report  # noqa: F401
from forecastcheck import session as session_module

ROOT = Path(__file__).resolve().parent.parent
KARABAKH = ROOT / "fixtures" / "karabakh"
AS_OF = "--forecastcheck-as-of=2026-02-07"
PREDICTIONS = 19

pytestmark = pytest.mark.filterwarnings("ignore::pytest.PytestAssertRewriteWarning")

COUNT_SETUPS = """
import pytest

SETUPS = []

@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    SETUPS.append(item.nodeid)

def pytest_terminal_summary(terminalreporter):
    marked = [n for n in SETUPS if "::" in n and not n.startswith("test_")]
    terminalreporter.write_line(f"setups of predictions: {len(marked)}")
    terminalreporter.write_line(f"setups of tests: {len(SETUPS) - len(marked)}")
"""


@pytest.fixture
def karabakh(pytester: pytest.Pytester) -> Path:
    """A copy of the Karabakh ledger inside the pytester folder."""
    target = pytester.path / "karabakh"
    shutil.copytree(KARABAKH, target)
    return target


def _normalised(xml: str) -> str:
    """JUnit XML without what changes from run to run (times, host name)."""
    return re.sub(r'(time|timestamp|hostname)="[^"]*"', r'\1=""', xml)


class TestCheapProtocol:
    def test_valid_predictions_skip_the_setup_hooks(
        self, pytester: pytest.Pytester, karabakh: Path
    ) -> None:
        """A valid prediction runs no setup hook; a test beside it still gets its own."""
        pytester.makeconftest(COUNT_SETUPS)
        pytester.makepyfile(test_plain="def test_one():\n    assert True\n")
        result = pytester.runpytest("--forecastcheck", "test_plain.py", "karabakh", AS_OF)
        assert result.ret == 0
        assert result.parseoutcomes()["passed"] == 1  # predictions count under their verdicts
        result.stdout.fnmatch_lines(["setups of predictions: 0", "setups of tests: 1"])

    def test_reports_are_those_of_pytests_own_protocol(
        self, pytester: pytest.Pytester, karabakh: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """The -v lines and the JUnit XML are the same as when every item takes pytest's protocol."""
        from forecastcheck import pytest_plugin

        args = ("--forecastcheck", "karabakh", AS_OF, "-v", "-p", "no:cacheprovider")
        cheap = pytester.runpytest(*args, "--junitxml=cheap.xml")
        monkeypatch.setattr(pytest_plugin, "_quick", lambda item: False)
        full = pytester.runpytest(*args, "--junitxml=full.xml")
        items = [line for line in cheap.outlines if "::" in line]
        assert len(items) == PREDICTIONS
        assert items == [line for line in full.outlines if "::" in line]
        cheap_xml = (pytester.path / "cheap.xml").read_text(encoding="utf-8")
        full_xml = (pytester.path / "full.xml").read_text(encoding="utf-8")
        assert _normalised(cheap_xml) == _normalised(full_xml)

    def test_a_marked_prediction_keeps_its_marker(
        self, pytester: pytest.Pytester, karabakh: Path
    ) -> None:
        """A prediction given a strict xfail marker by a conftest fails as XPASS(strict)."""
        pytester.makeconftest(
            "import pytest\n"
            "def pytest_collection_modifyitems(items):\n"
            "    items[0].add_marker(pytest.mark.xfail(reason='known', strict=True))\n"
        )
        result = pytester.runpytest("--forecastcheck", "karabakh", AS_OF)
        assert result.ret == 1
        assert result.parseoutcomes()["failed"] == 1
        result.stdout.fnmatch_lines(["*XPASS(strict)*known*"])

    def test_tests_in_other_folders_run_between_ledgers(self, pytester: pytest.Pytester) -> None:
        """Ledgers before and after a test module with module setup leave pytest's setup state sound."""
        for name in ("a_ledger", "c_ledger"):
            shutil.copytree(KARABAKH, pytester.path / name)
        tests = pytester.mkdir("b_tests")
        (tests / "test_mod.py").write_text(
            "CALLS = []\n"
            "def setup_module():\n    CALLS.append('setup')\n"
            "def test_one():\n    assert CALLS == ['setup']\n"
            "def test_two():\n    assert CALLS == ['setup']\n",
            encoding="utf-8",
        )
        result = pytester.runpytest("--forecastcheck", "a_ledger", "b_tests", "c_ledger", AS_OF)
        assert result.ret == 0
        assert result.parseoutcomes()["passed"] == 2


class TestPlacingProblems:
    def test_each_file_is_resolved_once(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """Placing the problems of a 200-record file resolves paths a few times, not per record."""
        from forecastcheck.ledger import RecordPlace

        ledger = tmp_path / "ledger.jsonl"
        ledger.write_text("{}\n", encoding="utf-8")
        places = [
            RecordPlace("predictions", f"ledger.jsonl:{i + 1}", "$", ledger, f"p{i}")
            for i in range(200)
        ]
        calls: list[Path] = []
        real = Path.resolve

        def counted(self: Path, strict: bool = False) -> Path:
            calls.append(self)
            return real(self, strict)

        monkeypatch.setattr(Path, "resolve", counted)
        placed = session_module.place_problems(ledger, ledger, (), places)
        assert [r.name for r in placed.records] == [f"p{i}" for i in range(200)]
        assert len(calls) < 10
