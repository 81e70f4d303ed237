"""The reports' shortcuts give exactly what the work they skip would give."""

from __future__ import annotations

import html
import re

from hypothesis import example, given
from hypothesis import strategies as st

from forecastcheck import _terminal
from forecastcheck._terminal import CONTROL_CODES, printable
from forecastcheck.report import _html_calls
from forecastcheck.report import _text_fit as fit

# words of letters, wide (East Asian) and combining characters, spaces, tabs, NBSP and newlines
_TEXT = st.text(alphabet="ab xyz\u4e2d\u6587\u0301 \t\u00a0\n-", max_size=300)
_WIDTH = st.integers(min_value=fit.MIN_WIDTH, max_value=100)
_INDENT = st.sampled_from(["", "  ", "      ", " " * 30])


def _unmemoised(lines: list[str], width: int) -> list[str]:
    """What :func:`fit.fit_lines` gave before it remembered its wrapped lines."""
    out: list[str] = []
    for line in lines:
        out += [line] if len(line) <= width else fit.wrap_line(line, width)
    return out


@given(st.lists(st.tuples(_INDENT, _TEXT), max_size=6), _WIDTH)
@example([("  ", "x" * 90), ("  ", "x" * 90)], 40)  # a long word, twice: the second from memory
@example([("", "\u4e2d" * 50 + " " + "ab " * 30)] * 2, 60)  # wide characters count as one
def test_remembered_wraps_equal_wrapping_each_line(
    pieces: list[tuple[str, str]], width: int
) -> None:
    """``fit_lines`` with its memory equals wrapping every line afresh, at the first and later calls."""
    lines = [indent + text for indent, text in pieces]
    expected = _unmemoised(lines, width)
    fit._wrapped.cache_clear()
    assert fit.fit_lines(lines, width) == expected
    assert fit.fit_lines(lines, width) == expected  # now every long line comes from the memory
    assert fit.fit_lines(lines * 2, width + 1) == _unmemoised(lines * 2, width + 1)


def test_a_remembered_wrap_is_reused() -> None:
    """A line wrapped once at a width is wrapped from memory the next time, not again."""
    fit._wrapped.cache_clear()
    line = "      why: " + "it did not happen " * 8
    first = fit.fit_lines([line], 50)
    second = fit.fit_lines([line], 50)
    assert first == second
    assert len(first) > 1
    assert fit._wrapped.cache_info().hits == 1


def test_no_control_code_is_printable_to_str() -> None:
    """``str.isprintable`` is false for every code ``printable`` escapes, so its shortcut is safe."""
    assert not any(chr(code).isprintable() for code in CONTROL_CODES)


@given(st.text(max_size=60))
@example("ok\x1b[2J\nforged\u202e\u2028\ud800 “quoted” → 12.5%")
def test_printable_equals_escaping_every_match(text: str) -> None:
    """``printable`` gives what replacing every control code by its escape gives, shortcut or not."""
    pattern = re.compile(_terminal.any_of(CONTROL_CODES).pattern)
    assert printable(text) == pattern.sub(lambda m: _terminal._escape(ord(m.group())), text)


@given(st.one_of(st.text(alphabet="ab &<>\"'\u00e9\u201c", max_size=40), st.integers()))
@example('<a href="x">O\'Brien & co</a>')
def test_html_escaping_with_a_shortcut_equals_html_escape(text: object) -> None:
    """The HTML report's ``_e`` gives ``html.escape(str(text), quote=True)``, shortcut or not."""
    assert _html_calls._e(text) == html.escape(str(text), quote=True)
