"""The Hypothesis profile tests/conftest.py loads under CI, by name, and by default."""

from __future__ import annotations

from pathlib import Path

import pytest

CONFTEST = Path(__file__).resolve().parent / "conftest.py"

SHOW = """
from hypothesis import settings

def test_show() -> None:
    s = settings.default
    print(f"PROFILE derandomize={s.derandomize} database={s.database is not None} "
          f"examples={s.max_examples} blob={s.print_blob}")
"""


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({"CI": "true"}, "derandomize=True database=False examples=100 blob=True"),
        ({"HYPOTHESIS_PROFILE": "ci"}, "derandomize=True database=False examples=100 blob=True"),
        ({}, "derandomize=False database=True examples=100 blob=True"),
        ({"CI": "false"}, "derandomize=False database=True examples=100 blob=True"),
        (
            {"CI": "true", "HYPOTHESIS_PROFILE": "thorough"},
            "derandomize=False database=True examples=2000 blob=True",
        ),
    ],
)
def test_profile_selection(
    pytester: pytest.Pytester,
    monkeypatch: pytest.MonkeyPatch,
    env: dict[str, str],
    expected: str,
) -> None:
    """CI (or HYPOTHESIS_PROFILE=ci) runs derandomized without a database; a name wins over CI."""
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.delenv("HYPOTHESIS_PROFILE", raising=False)
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    pytester.makeconftest(CONFTEST.read_text(encoding="utf-8"))
    pytester.makepyfile(test_show=SHOW)
    result = pytester.runpytest_subprocess("-s", "-p", "no:cacheprovider")
    result.assert_outcomes(passed=1)
    result.stdout.fnmatch_lines([f"*PROFILE {expected}*"])
