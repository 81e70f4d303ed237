"""The text report on any terminal: its width, its legend, its board order, quotes and reasons.

On the Karabakh case and on the benchmark's generated 600-call, 30-source
ledger, at 80, 60 and 120 columns: no line is wider than the terminal.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import sys
import textwrap
from pathlib import Path

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from forecastcheck.cli import main
from forecastcheck.evaluation import Evaluation, evaluate
from forecastcheck.ledger import Ledger, load
from forecastcheck.report import _text_fit as fit
from forecastcheck.report import render_scoreboard, render_text

ROOT = Path(__file__).resolve().parent.parent
AS_OF = dt.date(2026, 2, 7)
WIDTHS = (80, 60, 120)
NICULESCU = "niculescu-withdrawal-by-2025-11"
FAST = ["--bootstrap", "50"]


@pytest.fixture(scope="module")
def evaluations(large_ledger: Ledger) -> dict[str, Evaluation]:
    """The Karabakh and the generated ledger's evaluations, made once for the module."""
    return {
        "karabakh": evaluate(load(ROOT / "fixtures" / "karabakh"), as_of=AS_OF),
        "large": evaluate(large_ledger, as_of=AS_OF, n_bootstrap=200),
    }


@pytest.fixture(scope="module")
def karabakh(evaluations: dict[str, Evaluation]) -> Evaluation:
    """The Karabakh case's evaluation."""
    return evaluations["karabakh"]


def widest(text: str) -> int:
    """The widest line of ``text``, in characters."""
    return max(len(line) for line in text.split("\n"))


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", ["karabakh", "large"])
def test_no_line_is_wider_than_the_terminal(
    evaluations: dict[str, Evaluation], name: str, width: int
) -> None:
    """At 80, 60 and 120 columns, no line of the whole text report is wider than that."""
    text = render_text(evaluations[name], width=width)
    assert widest(text) <= width
    assert "All sources" in text


@pytest.mark.parametrize("width", WIDTHS)
def test_the_command_reads_columns(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], width: int
) -> None:
    """`forecastcheck report` fits COLUMNS (80 when output is not a terminal and it is unset)."""
    monkeypatch.setenv("COLUMNS", str(width))
    args = ["report", str(ROOT / "fixtures" / "karabakh"), "--as-of", "2026-02-07"]
    assert main([*args, *FAST]) == 0
    out = capsys.readouterr().out
    assert widest(out) <= width
    assert out.startswith("Forecast scoreboard as of 2026-02-07")


def test_eighty_columns_without_a_terminal(
    monkeypatch: pytest.MonkeyPatch, karabakh: Evaluation
) -> None:
    """With no COLUMNS and output not a terminal, the scoreboard is 80 wide at most."""
    monkeypatch.delenv("COLUMNS")
    monkeypatch.setattr(sys, "__stdout__", io.StringIO())  # not a terminal
    assert fit.report_width() == 80
    assert widest(render_scoreboard(karabakh)) <= 80


def test_the_scoreboard_follows_columns(
    monkeypatch: pytest.MonkeyPatch, karabakh: Evaluation
) -> None:
    """render_scoreboard, the pytest plugin's summary, fits COLUMNS=60 (never below 40)."""
    monkeypatch.setenv("COLUMNS", "60")
    assert widest(render_scoreboard(karabakh)) <= 60
    assert widest(render_scoreboard(karabakh, width=10)) <= fit.MIN_WIDTH


def test_the_quote_keeps_the_confidence_phrase(karabakh: Evaluation) -> None:
    """Niculescu's quote is cut around "seems highly unlikely", not from its start."""
    text = render_text(karabakh, width=80)
    block = text[text.index(f"[MISS] {NICULESCU}") :].split("\n")
    assert (
        block[1]
        == "      “…withdrawal of Russian peacekeepers by that time seems highly unlikely.”"
    )


def test_every_score_shown_is_defined(karabakh: Evaluation) -> None:
    """The legend under the board defines Brier, Log, the interval, Hits and Rank."""
    board = render_scoreboard(karabakh, width=80)
    legend = board.split("What the columns mean (lower scores are better):\n", 1)[1]
    for term in ("  Brier: ", "  Log: ", "  [lo, hi]: ", "  Hits: ", "  Rank of N: "):
        assert term in legend
    assert "Ranked only with at least 5 resolved calls;" in legend


def test_unranked_sources_are_sorted_by_score_and_marked_once(karabakh: Evaluation) -> None:
    """Below the ranked rows, the unranked ones by Brier (best first) under one line."""
    board = render_scoreboard(karabakh, width=120).split("\n\n")[1].split("\n")
    mark = board.index("Not ranked: fewer than 5 resolved calls (sorted by Brier score):")
    rows = [re.split(r"\s{2,}", row) for row in board[mark + 1 : board.index(board[1], mark)]]
    briers = [float(r[2].split()[0]) for r in rows if r[2] != "—"]
    assert len(briers) == 4
    assert briers == sorted(briers)
    assert rows[3][0] == "George Vlad Niculescu"
    assert all(r[-1] == "—" for r in rows)
    assert "unranked" not in "\n".join(board)


def test_reasons_are_in_plain_words(karabakh: Evaluation) -> None:
    """A call's why says what happened and when, not the resolver's mechanical rule."""
    text = render_text(karabakh, width=1000)
    block = text[text.index(f"[MISS] {NICULESCU}") :].split("\n")
    (why,) = (line for line in block[:8] if line.startswith("      why: "))
    assert why.endswith("(12 June 2024), 17 months before the deadline of 30 November 2025")
    assert "'by' + month" not in text


def test_a_wide_table_drops_its_spare_columns_and_says_so() -> None:
    """Too wide, the table leaves out a spare column first, with a note naming it."""
    rows = [["Name", "Count", "Note"], ["Someone", "1", "x" * 30]]
    lines = fit.fit_table(rows, [False, True, False], 40, spare=(2,))
    assert lines[:3] == ["Name     Count", "-------  -----", "Someone      1"]
    assert lines[3].startswith("(Left out to fit 40 columns: Note;")
    assert widest("\n".join(lines)) <= 40


def test_a_table_that_cannot_fit_lists_one_block_per_row() -> None:
    """With no column to spare and names at their shortest, each row becomes a block."""
    rows = [["Name", "A", "B"], ["Someone Long", "a" * 20, "b" * 20]]
    lines = fit.fit_table(rows, [False, False, False], 40)
    assert lines[-3:] == ["Someone Long", f"  A {'a' * 20} · B", f"    {'b' * 20}"]


def test_names_are_shortened_with_an_ellipsis_no_further_than_twelve() -> None:
    """A name column is cut with … to fit, never below 12 characters."""
    rows = [["Name", "Score"], ["A Very Long Source Name", "0.123"]]
    lines = fit.fit_table(rows, [False, True], 20)
    assert lines[2] == "A Very Long…  0.123"


def test_group_lines_and_rules_go_before_their_rows() -> None:
    """A group's line is put before its row, and ``""`` puts a rule there."""
    rows = [["Name", "N"], ["a", "1"], ["b", "2"], ["all", "3"]]
    lines = fit.fit_table(rows, [False, True], 40, groups={1: "Group:", 2: ""})
    assert lines == ["Name  N", "----  -", "a     1", "Group:", "b     2", "----  -", "all   3"]


words = st.lists(st.text("abcdefgh", min_size=1, max_size=9), min_size=1, max_size=40)


@given(before=words, phrase=words, after=words, width=st.integers(10, 90))
def test_quote_around_fits_and_keeps_the_phrase(
    before: list[str], phrase: list[str], after: list[str], width: int
) -> None:
    """The cut quote is never wider than asked, and keeps the phrase whenever it fits."""
    said = " ".join(phrase)
    quote = " ".join([*before, "X", said, "X", *after])
    cut = fit.quote_around(quote, said, width)
    assert len(cut) <= width
    if len(said) + 2 <= width:
        assert said in cut
    if len(quote) <= width:
        assert cut == quote


@given(text=st.text(st.sampled_from("ab  "), max_size=300), width=st.integers(40, 100))
def test_fit_lines_never_exceeds_the_width(text: str, width: int) -> None:
    """Whatever the line, every wrapped line is at most the width and no word is lost."""
    lines = fit.fit_lines([text], width)
    assert all(len(line) <= width for line in lines)
    assert re.sub(r"\s+", "", "".join(lines)) == re.sub(r"\s+", "", text)


def test_no_bootstrap_is_not_called_too_few_calls() -> None:
    """With the bootstrap off, a two-question source says "no interval", not "too few calls"."""
    ev = evaluate(load(ROOT / "fixtures" / "karabakh"), as_of=AS_OF, n_bootstrap=0)
    rows = render_scoreboard(ev, width=120).split("\n")
    (niculescu,) = (r for r in rows if r.startswith("George Vlad Niculescu "))
    (verdiev,) = (r for r in rows if r.startswith("Adalat Verdiev "))
    assert "0.436 (no interval)" in niculescu
    assert "0.001 (too few calls)" in verdiev


@given(
    words=st.lists(
        st.text(alphabet=st.sampled_from("ab…é-,."), min_size=1, max_size=14),
        min_size=12,
        max_size=40,
    ),
    seps=st.lists(st.sampled_from([" "] * 12 + ["  ", "\u00a0", "\t"]), min_size=40, max_size=40),
    width=st.integers(min_value=fit.MIN_WIDTH, max_value=90),
    indent=st.sampled_from(["", "  ", "    ", "      "]),
    plain=st.booleans(),
)
@example(words=["abcd"] * 30, seps=[" "] * 40, width=44, indent="", plain=True)  # lines fit exactly
@example(words=["abcd"] * 30, seps=[" "] * 40, width=46, indent="  ", plain=True)
def test_the_fast_wrap_is_textwraps(
    words: list[str], seps: list[str], width: int, indent: str, plain: bool
) -> None:
    """Lines wrapped by the report are exactly textwrap's, for any words, spaces and indent."""
    seps = [" "] * len(seps) if plain else seps  # single spaces: the fast path
    text = "".join(w + s for w, s in zip(words, seps, strict=False)).strip(" ")
    if not text:
        return
    line = indent + text
    expected = (
        [line]
        if len(line) <= width
        else textwrap.wrap(
            text,
            width,
            initial_indent=indent if len(indent) + 2 <= width // 2 else "",
            subsequent_indent=(indent if len(indent) + 2 <= width // 2 else "") + "  ",
            break_on_hyphens=False,
        )
    )
    assert fit.fit_lines([line], width) == expected


@given(
    words=st.lists(st.integers(min_value=1, max_value=70), min_size=1, max_size=30),
    width=st.integers(min_value=fit.MIN_WIDTH, max_value=90),
    indent=st.sampled_from(["", "  ", "    ", "      ", " " * 30]),
)
@example(words=[38, 37, 39, 38], width=40, indent="  ")  # first line's word fits; later ones not
@example(words=[3, 37, 5, 38], width=40, indent="")
def test_long_words_are_wrapped_as_textwrap_wraps_them(
    words: list[int], width: int, indent: str
) -> None:
    """Words as long as or longer than a line are wrapped exactly as textwrap wraps them."""
    text = " ".join(chr(ord("a") + i % 26) * n for i, n in enumerate(words))
    line = indent + text
    kept = indent if len(indent) + 2 <= width // 2 else ""
    expected = (
        [line]
        if len(line) <= width
        else textwrap.wrap(
            text, width, initial_indent=kept, subsequent_indent=kept + "  ", break_on_hyphens=False
        )
    )
    assert fit.fit_lines([line], width) == expected


def test_a_table_that_fits_stays_a_table_whatever_its_names() -> None:
    """A table narrower than the width is laid out as a table, even with short names."""
    rows = [["Name", "Value"], ["ab", "x" * 30]]
    lines = fit.fit_table(rows, [False, False], 40)
    assert not any("one row a block" in line for line in lines)
    assert any(line.startswith("ab ") and line.endswith("x" * 30) for line in lines)
