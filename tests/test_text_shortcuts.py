"""The reports' shortcuts give exactly what the work they skip would give."""

from __future__ import annotations

import calendar
import datetime as dt
import html
import math
import re
from pathlib import Path

import attrs
from hypothesis import example, given
from hypothesis import strategies as st

from forecastcheck import _terminal, evaluate, load
from forecastcheck._terminal import CONTROL_CODES, printable
from forecastcheck.ledger import DateWindow
from forecastcheck.report import _format, _html_calls, _html_words, _recorded
from forecastcheck.report import _text_fit as fit
from forecastcheck.report import text as text_report

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
    assert fit.fit_block(lines, width) == "\n".join(expected)


@given(_WIDTH)
def test_a_block_wraps_only_its_lines_longer_than_the_width(width: int) -> None:
    """``fit_block``: a line of exactly ``width`` is kept, one character more is wrapped."""
    kept = "      " + "ab " * width
    kept = kept[:width].rstrip() + "x" * (width - len(kept[:width].rstrip()))
    longer = kept + "y"
    assert len(kept) == width
    assert fit.fit_block([], width) == ""
    assert fit.fit_block([kept, kept], width) == f"{kept}\n{kept}"
    expected = [kept, *fit.wrap_line(longer, width), kept]
    assert len(expected) > 3
    assert fit.fit_block([kept, longer, kept], width) == "\n".join(expected)


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


def test_printable_text_has_no_whitespace_but_the_space() -> None:
    """Every whitespace character but the space fails ``str.isprintable``: ``_plain``'s shortcut."""
    space = re.compile(r"\s")
    assert not any(
        chr(code).isprintable()
        for code in range(0x110000)
        if code != 0x20 and space.match(chr(code))
    )


@given(st.text(alphabet="ab \t\u00a0\u2003\u3000\n\x1c\u4e2d\u0301", max_size=60))
@example("one  two")
@example("one\u00a0two")
@example("plain words only")
def test_plain_equals_searching_for_other_whitespace(text: str) -> None:
    """``_plain`` says what the ``_NOT_PLAIN`` search says, for printable text and other text."""
    assert fit._plain(text) == (fit._NOT_PLAIN.search(text) is None)


@given(st.lists(st.text(alphabet="ab x\x1b\n\u202e\u4e2d", max_size=120), max_size=8), _WIDTH)
@example(["fits", "also fits"], 40)
@example(["      why: " + "words " * 20, "  bell\x07"], 40)
def test_fitted_lines_equal_escaping_then_fitting_each_line(lines: list[str], width: int) -> None:
    """The text report's call lines: escaped only when needed, fitted as each line escaped would be."""
    expected = _unmemoised([printable(line) for line in lines], width)
    assert text_report._fitted_lines(list(lines), width) == expected
    assert fit.fit_lines(iter([printable(line) for line in lines]), width) == expected


_DAY = st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31))


def _window(pair: tuple[dt.date, dt.date]) -> DateWindow:
    return DateWindow(min(pair), max(pair))


_WINDOWS = st.one_of(
    st.tuples(_DAY, _DAY).map(_window),
    st.sampled_from(["2024-02", "2024-Q3", "2023-H2", "2022", "2024-01..2024-03"]).map(
        DateWindow.parse
    ),
)


def _plain_date_reference(when: DateWindow) -> str:
    """The plain date as written before days and windows were told apart ahead of the precision."""
    s, e = when.start, when.end
    month = calendar.month_name
    match when.precision:
        case "day":
            return f"{s.day} {month[s.month]} {s.year}"
        case "month":
            return f"{month[s.month]} {s.year}"
        case "quarter":
            return f"the {('first', 'second', 'third', 'fourth')[(s.month - 1) // 3]} quarter of {s.year}"
        case "half":
            return f"the {'first' if s.month == 1 else 'second'} half of {s.year}"
        case "year":
            return str(s.year)
    if s.day == 1 and (e + dt.timedelta(days=1)).day == 1:
        return f"{month[s.month]} {s.year} – {month[e.month]} {e.year}"
    if (s.year, s.month) == (e.year, e.month):
        return f"{s.day}–{e.day} {month[s.month]} {s.year}"
    if s.year == e.year:
        return f"{s.day} {month[s.month]} – {e.day} {month[e.month]} {e.year}"
    return f"{s.day} {month[s.month]} {s.year} – {e.day} {month[e.month]} {e.year}"


@given(_WINDOWS)
@example(DateWindow.parse("2024-03-05"))
@example(DateWindow.parse("2024-03-05..2024-03-09"))
@example(DateWindow.parse("2023-12-30..2024-01-02"))
def test_plain_dates_from_memory_equal_working_each_out(when: DateWindow) -> None:
    """``plain_date`` of a day or window, first time or remembered, is the reference's words."""
    expected = _plain_date_reference(when)
    assert _html_words.plain_date(when) == expected
    assert _html_words.plain_date(when) == expected  # now remembered
    assert text_report._code(when) == str(when)


_KARABAKH = evaluate(
    load(Path(__file__).resolve().parent.parent / "fixtures" / "karabakh"),
    as_of=dt.date(2026, 2, 7),
)
_CALL = _KARABAKH.predictions[0]


_ZEROS = st.sampled_from([0.0, -0.0, 0.125, 0.125000001, 1.0, math.inf, math.nan])


@given(
    st.sampled_from([None, "likely", "seems highly unlikely"]),
    st.one_of(st.none(), _ZEROS),
    st.sampled_from(["for", "against"]),
    st.one_of(st.none(), _ZEROS),
    st.one_of(st.none(), st.tuples(_ZEROS, _ZEROS)),
)
def test_remembered_probability_words_equal_the_words_worked_out(
    wording: str | None,
    stated: float | None,
    polarity: str,
    p: float | None,
    interval: tuple[float, float] | None,
) -> None:
    """A call's probability words are the same remembered or not: -0.0 stays ``-0%``."""
    call = attrs.evolve(
        _CALL, wording=wording, stated_probability=stated, polarity=polarity, probability=p
    )
    call = attrs.evolve(call, interval=interval)
    expected = _format._probability_text(wording, stated, polarity, p, interval)
    assert _format.probability_text(call) == expected
    assert _format.probability_text(call) == expected  # from the memory, when remembered


@given(_ZEROS, st.one_of(st.none(), _ZEROS))
@example(0.0, -0.0)
@example(0.25, -0.0)
@example(-0.0, 0.693)
def test_remembered_scores_equal_the_scores_formatted(brier: float, log: float | None) -> None:
    """A scored call's status is the same remembered or not: a log of -0.0 stays ``-0.000``."""
    call = attrs.evolve(_CALL, brier=brier, log_score=log)
    expected = f" · Brier {_format.fmt_score(brier)} · log {_format.fmt_score(log)}"
    assert text_report._status(call).endswith(expected)
    assert text_report._status(call).endswith(expected)


def test_recorder_counts_equal_counting_every_call() -> None:
    """Counting only calls with evidence (judged) or notes (flagged) counts what every call gives."""
    calls = list(_KARABAKH.predictions)
    noted = attrs.evolve(calls[0], notes="  ", evidence=())
    flagged = attrs.evolve(calls[1], notes=" read as the opposite ")
    calls += [noted, flagged]
    evaluation = attrs.evolve(_KARABAKH, predictions=tuple(calls))
    counts = _recorded.recorder_counts(evaluation)
    assert counts.n_judged == sum(r.judged for r in calls)
    assert counts.n_notes_flagged == sum(r.notes_flagged for r in calls)
    assert counts.n_notes_flagged >= 1
    assert counts.n_paraphrase == sum(r.paraphrase for r in calls)


def test_zero_and_minus_zero_are_not_taken_for_each_other() -> None:
    """0.0 == -0.0, but they print apart: neither is remembered as the other."""
    for first, second in ((0.0, -0.0), (-0.0, 0.0)):
        a, b = (attrs.evolve(_CALL, brier=0.25, log_score=x) for x in (first, second))
        assert text_report._status(a) != text_report._status(b)
        a, b = (attrs.evolve(_CALL, probability=0.5, stated_probability=x) for x in (first, second))
        assert _format.probability_text(a) != _format.probability_text(b)
        a, b = (attrs.evolve(_CALL, probability=0.5, interval=(x, 0.75)) for x in (first, second))
        assert _format.probability_text(a) != _format.probability_text(b)
        a, b = (attrs.evolve(_CALL, probability=x, interval=None) for x in (first, second))
        assert _format.probability_text(a) != _format.probability_text(b)
