"""Deadline sensitivity: which verdicts flip between a deadline's shortest and longest reading."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest

import forecastcheck
from forecastcheck.evaluation import CallStatus
from forecastcheck.report import render_html, render_json, render_markdown, render_text

KARABAKH = Path(__file__).resolve().parent.parent / "fixtures" / "karabakh"

TALKS = {"subject": "talks", "kind": "begin", "type": "occurs"}


def _call(source: str, probability: float, deadline: str) -> dict[str, object]:
    """One call that talks begin by ``deadline``, stated 2022-01-03."""
    proposition = {**TALKS, "deadline": deadline}
    return {"id": f"{source}-talks", "source": source, "stated": "2022-01-03", "quote": "q"} | {
        "confidence": {"probability": probability},
        "proposition": proposition,
    }


LEDGER = {
    "log": {"complete_through": "2022-12-31"},
    "sources": [{"id": "quick", "name": "Quick Analyst"}, {"id": "slow", "name": "Slow Analyst"}],
    "predictions": [_call("quick", 0.9, "within weeks"), _call("slow", 0.6, "by the end of 2022")],
    "events": [
        {"id": "talks-begin", "subject": "talks", "kind": "begin", "date": "2022-02-10"}
        | {"evidence": [{"outlet": "Reuters"}]}
    ],
}


def _evaluation(tmp_path: Path) -> forecastcheck.Evaluation:
    path = tmp_path / "ledger.json"
    path.write_text(json.dumps(LEDGER), encoding="utf-8")
    ledger = forecastcheck.load(path)
    return forecastcheck.evaluate(ledger, as_of=dt.date(2023, 1, 1), min_resolved=1)


def test_a_flip_is_listed_with_both_verdicts(tmp_path: Path) -> None:
    """'within weeks' said 2022-01-03, the event on 2022-02-10: NO at 2 weeks, YES at 8."""
    evaluation = _evaluation(tmp_path)
    ds = evaluation.deadline_sensitivity
    assert ds.n_two_readings == 1
    [flip] = ds.flips
    assert (flip.prediction, flip.source_name, flip.phrases) == (
        "quick-talks",
        "Quick Analyst",
        ("within weeks",),
    )
    assert (flip.shortest, flip.longest) == (CallStatus.NO, CallStatus.YES)
    assert evaluation.by_id("quick-talks").resolved is CallStatus.YES  # the default: longest


def test_per_source_scores_and_ranking_both_ways(tmp_path: Path) -> None:
    """The quick source ranks first under the longest reading and last under the shortest."""
    ds = _evaluation(tmp_path).deadline_sensitivity
    by = {s.source: s for s in ds.sources}
    quick = by["quick"]
    assert (quick.n_two_readings, quick.n_flipped) == (1, 1)
    assert quick.brier_longest == pytest.approx(0.01)
    assert quick.brier_shortest == pytest.approx(0.81)
    assert (quick.rank_longest, quick.rank_shortest) == (1, 2)
    assert (by["slow"].rank_longest, by["slow"].rank_shortest) == (2, 1)
    assert ds.ranking_changes


def test_reports_show_the_flip(tmp_path: Path) -> None:
    """The text report lists the flip by source name; the JSON report has the documented key."""
    evaluation = _evaluation(tmp_path)
    text = render_text(evaluation)
    assert "  - quick-talks (Quick Analyst) 'within weeks': shortest NO, longest YES" in text
    assert "  Ranking: changes between the readings." in text
    tree = json.loads(render_json(evaluation))["deadline_sensitivity"]
    assert tree["flips"][0]["shortest"] == "NO"
    assert tree["ranking_changes"] is True


def test_karabakh_deadline_sensitivity_is_pinned() -> None:
    """Karabakh has no deadline with two readings: its section says so, verdicts unchanged."""
    ledger = forecastcheck.load(KARABAKH)
    evaluation = forecastcheck.evaluate(ledger, as_of=dt.date(2026, 2, 7))
    text = render_text(evaluation, width=120)
    assert text.endswith(
        "Deadline sensitivity: verdicts under each deadline's shortest and longest reading "
        "(the longest is the default)\n"
        "  No call has a deadline with two readings: no verdict can flip.\n"
    )
    assert json.loads(render_json(evaluation))["deadline_sensitivity"] == {
        "default_reading": "longest",
        "n_two_readings": 0,
        "ranking_changes": False,
        "flips": [],
        "sources": [],
    }
    assert "## Deadline sensitivity\n\n```text\nDeadline sensitivity: " in render_markdown(
        evaluation
    )
    html = render_html(evaluation, ledger)
    assert '<section id="deadline-sensitivity">' in html
    assert "No call has a deadline with two readings: no verdict can flip." in html


def _html_section(evaluation: forecastcheck.Evaluation, ledger: forecastcheck.Ledger) -> str:
    html = render_html(evaluation, ledger)
    start = html.index('<section id="deadline-sensitivity"')
    return html[start : html.index("</section>", start)]


def _page_section(tmp_path: Path, min_resolved: int = 1) -> str:
    path = tmp_path / "ledger.json"
    path.write_text(json.dumps(LEDGER), encoding="utf-8")
    ledger = forecastcheck.load(path)
    evaluation = forecastcheck.evaluate(
        ledger, as_of=dt.date(2023, 1, 1), min_resolved=min_resolved
    )
    return _html_section(evaluation, ledger)


def test_html_section_is_tables_by_name_not_a_terminal_dump(tmp_path: Path) -> None:
    """The page shows the flips and the sources as tables, by name and in words, with no <pre>."""
    section = _page_section(tmp_path)
    assert "<pre>" not in section
    assert '<table class="deadline-flips cards">' in section
    assert '<table class="deadline-sources cards">' in section
    assert '<a href="#call-quick-talks">Quick Analyst, 3 January 2022</a>' in section
    assert '<td data-label="Shortest reading">did not come true</td>' in section
    assert '<td data-label="Longest reading (used)">came true</td>' in section
    assert '<td class="name">Slow Analyst</td>' in section
    visible = re.sub(r"<[^>]+>", " ", section)
    assert "quick-talks" not in visible
    assert "slow" not in visible.replace("Slow Analyst", "")
    assert "The ranking changes between the two readings." in section


def test_html_section_says_why_a_rank_is_missing(tmp_path: Path) -> None:
    """A source below the minimum of resolved calls shows why it has no rank, not a blank."""
    section = _page_section(tmp_path, min_resolved=5)
    assert '<td class="num" data-label="Rank, shortest">not ranked: too few resolved calls' in (
        section
    )
    assert not re.search(r"<td[^>]*></td>", section)


def _vague(pid: str, source: str, deadline: str, **fields: object) -> dict[str, object]:
    """A call on the talks stated 2022-01-03, with ``fields`` (a confidence, or unscorable)."""
    proposition = {**TALKS, "deadline": deadline}
    return {"id": pid, "source": source, "stated": "2022-01-03", "quote": "q"} | {
        "proposition": proposition,
        **fields,
    }


def _loaded(tmp_path: Path, *calls: dict[str, object]) -> forecastcheck.Ledger:
    path = tmp_path / "ledger.json"
    ledger = {**LEDGER, "predictions": [*LEDGER["predictions"], *calls]}
    path.write_text(json.dumps(ledger), encoding="utf-8")
    return forecastcheck.load(path)


MORE_CALLS = (
    _vague("slow-months", "slow", "within months", confidence={"probability": 0.3}),
    _vague("quick-plain", "quick", "by March 2022", confidence={"probability": 0.7}),
    _vague("vague-talks", "slow", "within weeks", unscorable="states no likelihood"),
)


def test_an_unscorable_call_that_flips_is_listed_too(tmp_path: Path) -> None:
    """An unscorable call holding 'within weeks' is resolved again as well: its flip is listed."""
    ds = forecastcheck.evaluate(
        _loaded(tmp_path, *MORE_CALLS), as_of=dt.date(2023, 1, 1), min_resolved=1
    ).deadline_sensitivity
    assert ds.n_two_readings == 2  # the unscorable call has no verdict of its own to flip
    assert [(f.prediction, f.phrases, f.shortest, f.longest) for f in ds.flips] == [
        ("quick-talks", ("within weeks",), CallStatus.NO, CallStatus.YES),
        ("vague-talks", (), CallStatus.NO, CallStatus.YES),
    ]


def test_only_the_calls_with_two_readings_are_resolved_again(tmp_path: Path) -> None:
    """Resolving again only the calls holding a two-reading phrase gives every call's result."""
    from forecastcheck.evaluation.call_results import call_results
    from forecastcheck.evaluation.deadline_sensitivity import deadline_sensitivity
    from forecastcheck.evaluation.interpreting import Reader
    from forecastcheck.evaluation.resolving import resolve_calls
    from forecastcheck.verbal import DEFAULT_SCALE, get_scale

    ledger = _loaded(tmp_path, *MORE_CALLS)
    as_of = dt.date(2023, 1, 1)
    evaluation = forecastcheck.evaluate(ledger, as_of=as_of, min_resolved=1)
    every = resolve_calls(ledger, as_of, ledger.readings.picking("shortest"))
    shortest = call_results(ledger, every, Reader(get_scale(DEFAULT_SCALE), "stated"))
    whole = deadline_sensitivity(ledger, evaluation.predictions, shortest, min_resolved=1, seed=0)
    assert evaluation.deadline_sensitivity == whole
    assert (len(whole.flips), len(whole.sources)) == (2, 2)
