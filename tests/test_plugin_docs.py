"""docs/pytest-plugin.md names exactly the plugin's options, ini keys and JUnit properties."""

from __future__ import annotations

import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import scipy.stats  # type: ignore[import-untyped]  # noqa: F401

# loaded before any in-process pytester run (see tests/test_pytest_plugin.py)
import forecastcheck.evaluation
import forecastcheck.report  # noqa: F401
from forecastcheck import pytest_plugin

ROOT = Path(__file__).resolve().parent.parent
PAGE = (ROOT / "docs" / "pytest-plugin.md").read_text(encoding="utf-8")

pytestmark = pytest.mark.filterwarnings("ignore::pytest.PytestAssertRewriteWarning")


class _Recorder:
    """Stands in for pytest's parser and option group: keeps the names registered."""

    def __init__(self) -> None:
        self.options: list[str] = []
        self.ini: list[str] = []

    def getgroup(self, *args: object, **kwargs: object) -> _Recorder:
        return self

    def addoption(self, name: str, *args: object, **kwargs: object) -> None:
        self.options.append(name)

    def addini(self, name: str, *args: object, **kwargs: object) -> None:
        self.ini.append(name)


def _documented_pairs() -> list[tuple[str, str]]:
    """The (option, ini key) pairs of the page's "Options and ini keys" table."""
    return re.findall(r"^\| `(--forecastcheck[\w-]*)[^`]*` \| `(forecastcheck_\w+)` \|", PAGE, re.M)


def test_the_options_table_names_every_option_and_ini_key() -> None:
    """Each option and ini key the plugin registers is in the page's table, and no other."""
    registered = _Recorder()
    pytest_plugin.pytest_addoption(registered)  # type: ignore[arg-type]
    pairs = _documented_pairs()
    assert sorted(o for o, _ in pairs) == sorted(registered.options)
    assert sorted(i for _, i in pairs) == sorted(registered.ini)


def _documented_properties() -> set[str]:
    section = PAGE.split("## JUnit XML", 1)[1].split("\n## ", 1)[0]
    prose = section.split("```", 1)[0]
    return set(re.findall(r"`(forecastcheck_\w+)`", prose))


def test_the_junit_section_names_every_property(pytester: pytest.Pytester) -> None:
    """The JUnit XML a gated run writes has exactly the properties the page lists."""
    shutil.copytree(ROOT / "fixtures" / "karabakh", pytester.path / "karabakh")
    gates = [
        "--forecastcheck-max-brier=0.3",
        "--forecastcheck-max-source-brier=0.3",
        "--forecastcheck-min-resolved=1",
        "--forecastcheck-min-source-resolved=1",
    ]
    pytester.runpytest(
        "--forecastcheck",
        "karabakh",
        "--forecastcheck-as-of=2026-02-07",
        *gates,
        "--junitxml=j.xml",
    )
    tree = ET.parse(pytester.path / "j.xml")
    written = {p.get("name") or "" for p in tree.iter("property")}
    assert written == _documented_properties()
