"""The renderers' hot paths: work done once per report, not once per call or per source."""

from __future__ import annotations

import ast
import datetime as dt
import itertools
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from forecastcheck._terminal import CONTROL_CODES, any_of, printable
from forecastcheck.evaluation import Evaluation, PredictionResult, evaluate, restating
from forecastcheck.ledger import Ledger, load
from forecastcheck.report import _format, _html_calls, markdown, render_json
from forecastcheck.report import json as report_json
from forecastcheck.report.json import to_dict

KARABAKH = Path(__file__).resolve().parent.parent / "fixtures" / "karabakh"
AS_OF = dt.date(2026, 2, 7)


@pytest.fixture(scope="module")
def case() -> tuple[Ledger, Evaluation]:
    """The Karabakh ledger and its evaluation, without the bootstrap."""
    ledger = load(KARABAKH)
    return ledger, evaluate(ledger, as_of=AS_OF, n_bootstrap=0)


def test_the_json_report_gathers_the_counted_calls_once(
    case: tuple[Ledger, Evaluation], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every scorecard's Murphy, ECE and AUC come from one gathering of the calls, not one each."""
    ledger, evaluation = case
    gathered: list[int] = []
    real = restating.counted

    def counting(results: Sequence[PredictionResult], policy: str) -> list[PredictionResult]:
        gathered.append(len(results))
        return real(results, policy)

    monkeypatch.setattr(restating, "counted", counting)
    render_json(evaluation, ledger=ledger)
    assert len(evaluation.sources) > 1
    assert gathered == [len(evaluation.predictions)]


def test_each_card_keeps_the_figures_of_its_own_calls(case: tuple[Ledger, Evaluation]) -> None:
    """Gathered once, each source's Murphy n is still the number of its own scored calls."""
    ledger, evaluation = case
    data = to_dict(evaluation, ledger=ledger)
    calls = restating.counted(evaluation.predictions, evaluation.restated)
    scored = [r for r in calls if r.brier is not None]
    assert (data["overall"]["murphy"] or {"n": 0})["n"] == len(scored)
    for card in data["sources"]:
        mine = [r for r in scored if r.source == card["source"]]
        assert (card["murphy"] or {"n": 0})["n"] == len(mine)


def test_the_html_cards_read_the_event_log_once(
    case: tuple[Ledger, Evaluation], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every call card finds its events in one index of the log, not by reading the whole log."""
    ledger, evaluation = case
    reads = itertools.count()
    real = Ledger.events.fget  # type: ignore[attr-defined]
    monkeypatch.setattr(Ledger, "events", property(lambda self: (next(reads), real(self))[1]))
    _html_calls.source_sections(evaluation, ledger, _format.board_order(evaluation))
    assert len(evaluation.predictions) > 10
    assert next(reads) == 1  # the one read so far, by the index


def test_a_call_card_lists_the_related_events_in_log_order(
    case: tuple[Ledger, Evaluation],
) -> None:
    """Without evidence, a decided call's card lists every event on its subjects, in log order."""
    ledger, evaluation = case
    log = _html_calls._Log(ledger)
    for result in evaluation.predictions:
        found = _html_calls._related(ledger, result, log)
        keys = {e.subject for e in found} | {s for e in found for s in (*e.starts, *e.ends)}
        expected = [e for e in ledger.events if e.subject in keys or keys & {*e.starts, *e.ends}]
        assert found == [e for e in expected if e in found]
        assert [ledger.events.index(e) for e in found] == sorted(
            ledger.events.index(e) for e in found
        )


def test_a_percentage_keeps_the_sign_of_zero_once_cached() -> None:
    """``-0.0`` equals ``0.0`` but prints ``-0%``: the cache of percentages keeps them apart."""
    assert _format.fmt_percent(0.0) == "0%"
    assert _format.fmt_percent(-0.0) == "-0%"
    assert _format.fmt_percent(0.0) == "0%"
    assert [_format.fmt_percent(p) for p in (0.125, 0.125, 1.0)] == ["12.5%", "12.5%", "100%"]


@given(st.sets(st.integers(0, 0x10FFFF), min_size=1, max_size=40))
def test_a_character_class_of_ranges_matches_exactly_its_codes(codes: set[int]) -> None:
    """``any_of`` matches each of its codes and neither neighbour of any that is not one."""
    pattern = any_of(codes)
    near = {c + d for c in codes for d in (-1, 0, 1) if 0 <= c + d <= 0x10FFFF}
    assert {c for c in near if pattern.fullmatch(chr(c))} == codes


def test_the_control_codes_are_escaped_as_before() -> None:
    """Every control code becomes its escape in text, and a ``\\u`` escape in JSON strings."""
    codes = [c for c in CONTROL_CODES if c >= 0x7F]
    assert printable("".join(chr(c) for c in CONTROL_CODES)) == "".join(
        {9: "\\t", 10: "\\n", 13: "\\r"}.get(c, f"\\x{c:02x}" if c < 0x100 else f"\\u{c:04x}")
        for c in CONTROL_CODES
    )
    text = "a" + "".join(chr(c) for c in codes) + "b"
    assert report_json._escaped(text) == "a" + "".join(f"\\u{c:04x}" for c in codes) + "b"


def test_the_text_renderer_loads_no_other_renderer() -> None:
    """Importing ``render_text`` leaves the HTML, JSON and Markdown renderers unimported."""
    probe = (
        "import sys\nfrom forecastcheck.report import render_text\n"
        "print(sorted(m for m in sys.modules if m.startswith('forecastcheck.report.')))"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    ).stdout
    loaded = ast.literal_eval(out.strip())
    assert "forecastcheck.report.text" in loaded
    assert {f"forecastcheck.report.{m}" for m in ("html", "json", "markdown")} & set(
        loaded
    ) == set()


@given(st.text(alphabet="\\|*_`[]<>&~ ab\n\x1b", max_size=30))
def test_a_markdown_cell_escapes_as_one_replacement_per_character(text: str) -> None:
    """One pass over the cell gives what escaping each markup character in turn gives."""
    expected = printable(" ".join(text.split()))
    for ch in ("\\", "|", "*", "_", "`", "[", "]", "<", ">", "&", "~"):
        expected = expected.replace(ch, "\\" + ch)
    assert markdown._cell(text) == expected
