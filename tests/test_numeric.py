"""Point forecasts of values and dates: scored by their error, summed up per source, reported."""

from __future__ import annotations

import datetime as dt
import json
import math
from pathlib import Path
from typing import Any

import pytest

from forecastcheck import LedgerError, load
from forecastcheck.evaluation import CallStatus, Evaluation, Scorecard, Verdict, evaluate
from forecastcheck.ledger import (
    Confidence,
    DateOf,
    DateWindow,
    Event,
    EventLog,
    Ledger,
    Prediction,
    Proposition,
    Source,
    ValueOf,
)
from forecastcheck.report.html import render_html
from forecastcheck.report.json import to_dict
from forecastcheck.report.markdown import render_markdown
from forecastcheck.report.text import render_text

KARABAKH = Path(__file__).resolve().parent.parent / "fixtures" / "karabakh"
PINNED = Path(__file__).resolve().parent / "karabakh-report-2026-02-07.json"
SAID = DateWindow.parse("2024-01-10")
AS_OF = dt.date(2025, 6, 1)


def _ledger(
    forecasts: list[tuple[str, Proposition, Confidence | None]],
    events: list[Event],
    *,
    stated: DateWindow = SAID,
    complete: dt.date | None = None,
) -> Ledger:
    return Ledger(
        sources=[Source(id="ana", name="Ana")],
        predictions=[
            Prediction(
                id=ident,
                source="ana",
                stated=stated,
                quote=f"{ident} as said",
                proposition=proposition,
                confidence=confidence,
            )
            for ident, proposition, confidence in forecasts
        ],
        log=EventLog(events=events, complete_through=complete),
    )


def _value(ident: str, day: str, value: float) -> Event:
    return Event(
        id=ident, subject="ruritania", kind="growth", date=DateWindow.parse(day), value=value
    )


def _event(ident: str, day: str, kind: str = "election") -> Event:
    return Event(id=ident, subject="ruritania", kind=kind, date=DateWindow.parse(day))


def _growth(
    point: float,
    lower: float | None = None,
    upper: float | None = None,
    level: float | None = None,
) -> ValueOf:
    return ValueOf(
        subject="ruritania", quantity="growth", point=point, lower=lower, upper=upper, level=level
    )


def _election(
    point: str, earliest: str | None = None, latest: str | None = None, level: float | None = None
) -> DateOf:
    return DateOf(
        subject="ruritania",
        kind="election",
        point=point,
        earliest=earliest,
        latest=latest,
        level=level,
    )


def _one(proposition: Proposition, events: list[Event], **kw: Any) -> Evaluation:
    return evaluate(_ledger([("f", proposition, None)], events, **kw), as_of=AS_OF, n_bootstrap=0)


class TestValueForecasts:
    def test_hand_computed_value_scores(self) -> None:
        """3.5 in [2, 4] at 90%, truth 4.5: error -1, outside, interval score 2 + 20 * 0.5 = 12."""
        result = _one(_growth(3.5, 2.0, 4.0, 0.9), [_value("g", "2024-11-30", 4.5)]).by_id("f")
        score = result.numeric
        assert score is not None
        assert (score.kind, score.point, score.truth, score.scored) == ("value", 3.5, 4.5, True)
        assert (score.error, score.absolute_error, score.in_interval) == (-1.0, 1.0, False)
        assert score.interval_score is not None
        assert math.isclose(score.interval_score, 12.0)
        assert result.verdict is Verdict.NUMERIC
        assert result.brier is None
        assert result.probability is None

    def test_truth_on_an_end_counts_inside(self) -> None:
        """A truth exactly on either end of the interval is inside: the score is the width alone."""
        for truth in (2.0, 4.0):
            score = _one(_growth(3.0, 2.0, 4.0, 0.5), [_value("g", "2024-11-30", truth)]).by_id("f")
            assert score.numeric is not None
            assert score.numeric.in_interval is True
            assert score.numeric.interval_score == 2.0

    def test_no_level_no_interval_score(self) -> None:
        """Both ends with no stated level: coverage is counted, the interval score is left out."""
        evaluation = _one(_growth(3.0, 2.0, 4.0), [_value("g", "2024-11-30", 5.0)])
        score = evaluation.by_id("f").numeric
        assert score is not None
        assert (score.in_interval, score.interval_score) == (False, None)
        assert evaluation.source("ana").value_forecasts.coverage == 0.0

    def test_one_end_is_an_open_interval(self) -> None:
        """Only a lower end stated: the truth above it is inside; no interval score."""
        score = _one(_growth(3.0, lower=2.0, level=0.9), [_value("g", "2024-11-30", 9.0)])
        numeric = score.by_id("f").numeric
        assert numeric is not None
        assert (numeric.in_interval, numeric.interval_score) == (True, None)

    def test_a_point_alone_has_no_interval(self) -> None:
        """A bare point is scored by its error; whether it was 'in an interval' is not asked."""
        numeric = _one(_growth(3.0), [_value("g", "2024-11-30", 3.25)]).by_id("f").numeric
        assert numeric is not None
        assert (numeric.error, numeric.in_interval) == (-0.25, None)

    def test_summary_means_median_and_coverage(self) -> None:
        """Absolute errors 1, 2 and 6: mean 3, median 2, bias (1 - 2 + 6)/3; coverage 2 of 3."""
        forecasts: list[tuple[str, Proposition, Confidence | None]] = [
            ("a", ValueOf(subject="a", quantity="q", point=11.0, lower=5.0, upper=15.0), None),
            ("b", ValueOf(subject="b", quantity="q", point=8.0, lower=5.0, upper=15.0), None),
            ("c", ValueOf(subject="c", quantity="q", point=16.0, lower=12.0, upper=20.0), None),
        ]
        events = [
            Event(id=f"e{s}", subject=s, kind="q", date=DateWindow.parse("2024-06-01"), value=10.0)
            for s in "abc"
        ]
        card = evaluate(_ledger(forecasts, events), as_of=AS_OF, n_bootstrap=0).source("ana")
        summary = card.value_forecasts
        assert (summary.n, summary.mean_absolute_error, summary.median_absolute_error) == (
            3,
            3.0,
            2.0,
        )
        assert summary.mean_error == 5.0 / 3.0
        assert (summary.n_with_interval, summary.coverage) == (3, 2.0 / 3.0)
        assert card.date_forecasts.n_total == 0

    def test_a_probability_on_a_value_stays_a_binary_call(self) -> None:
        """'Likely above 10%': the yes/no call on the interval is scored by Brier, not by error."""
        likely = Confidence(phrase="likely")
        proposition = ValueOf(subject="ruritania", quantity="growth", point=10.0, lower=10.0)
        ledger = _ledger([("f", proposition, likely)], [_value("g", "2024-11-30", 12.0)])
        evaluation = evaluate(ledger, as_of=AS_OF, n_bootstrap=0)
        result = evaluation.by_id("f")
        assert result.numeric is None
        assert result.verdict is Verdict.HIT
        assert result.brier is not None
        card = evaluation.source("ana")
        assert (card.n_resolved, card.value_forecasts.n_total) == (1, 0)
        assert to_dict(evaluation)["predictions"][0]["numeric"] is None


class TestDateForecasts:
    def test_across_the_leap_day(self) -> None:
        """27 Feb 2024 forecast, 2 Mar truth: -4 days; 20 Feb..5 Mar is 14 days wide, truth inside."""
        proposition = _election("2024-02-27", "2024-02-20", "2024-03-05", level=0.5)
        score = _one(proposition, [_event("e", "2024-03-02")]).by_id("f").numeric
        assert score is not None
        assert (score.point, score.truth) == (dt.date(2024, 2, 27), dt.date(2024, 3, 2))
        assert (score.error, score.absolute_error, score.in_interval) == (-4.0, 4.0, True)
        assert score.interval_score == 14.0

    def test_across_a_month_in_a_common_year(self) -> None:
        """27 Feb 2023 forecast, 2 Mar truth: -3 days (no 29 February)."""
        said = DateWindow.parse("2022-06-01")
        evaluation = _one(_election("2023-02-27"), [_event("e", "2023-03-02")], stated=said)
        score = evaluation.by_id("f").numeric
        assert score is not None
        assert (score.error, score.in_interval) == (-3.0, None)

    def test_late_truth_outside_the_interval(self) -> None:
        """Interval 20..28 Feb 2024 at 50%, truth 2 Mar: width 8 + (2/0.5) * 3 days late = 20."""
        proposition = _election("2024-02-24", "2024-02-20", "2024-02-28", level=0.5)
        evaluation = _one(proposition, [_event("e", "2024-03-02")])
        score = evaluation.by_id("f").numeric
        assert score is not None
        assert (score.error, score.in_interval, score.interval_score) == (-7.0, False, 20.0)
        assert evaluation.by_id("f").status is CallStatus.NO

    def test_truth_on_the_latest_day_counts_inside(self) -> None:
        """An event on the interval's last day is inside it."""
        proposition = _election("2024-02-24", "2024-02-20", "2024-02-28", level=0.5)
        score = _one(proposition, [_event("e", "2024-02-28")]).by_id("f").numeric
        assert score is not None
        assert (score.in_interval, score.interval_score) == (True, 8.0)

    def test_a_month_phrase_reads_its_ends(self) -> None:
        """earliest 'March 2024' starts on 1 March, latest 'April 2024' ends on 30 April."""
        proposition = _election("2024-03-20", "March 2024", "April 2024", level=0.9)
        score = _one(proposition, [_event("e", "2024-03-10")]).by_id("f").numeric
        assert score is not None
        assert (score.lower, score.upper) == (dt.date(2024, 3, 1), dt.date(2024, 4, 30))
        assert score.error == 10.0


class TestCounted:
    def test_pending_is_counted_never_dropped(self) -> None:
        """A date forecast whose event has not happened is pending: counted, with no truth."""
        evaluation = _one(_election("2026-06-15"), [])
        card = evaluation.source("ana")
        assert (card.date_forecasts.n, card.date_forecasts.n_pending) == (0, 1)
        assert card.date_forecasts.mean_absolute_error is None
        assert card.n_predictions == 1
        assert card.n_pending == 0
        assert evaluation.by_id("f").verdict is Verdict.PENDING
        data = to_dict(evaluation)
        assert data["sources"][0]["date_forecasts"]["n_pending"] == 1
        assert data["predictions"][0]["numeric"]["truth"] is None

    def test_a_miss_known_before_the_truth_is_pending(self) -> None:
        """NO by the log's completeness, the event not yet seen: the error is unknown, so pending."""
        proposition = _election("2024-02-24", "2024-02-20", "2024-02-28", level=0.5)
        evaluation = _one(proposition, [], complete=dt.date(2025, 1, 1))
        assert evaluation.by_id("f").status is CallStatus.NO
        card = evaluation.source("ana")
        assert (card.date_forecasts.n, card.date_forecasts.n_pending) == (0, 1)

    def test_disagreeing_reports_are_ambiguous(self) -> None:
        """Two reports of different values: ambiguous, counted, not scored."""
        events = [_value("g1", "2024-11-30", 4.0), _value("g2", "2024-12-01", 5.0)]
        card = _one(_growth(3.0), events).source("ana")
        assert (card.value_forecasts.n, card.value_forecasts.n_ambiguous) == (0, 1)

    def test_stated_after_the_truth_is_not_scored(self) -> None:
        """A value 'forecast' stated once the value was out is after the fact: counted, not scored."""
        events = [_value("g", "2024-01-05", 4.0)]
        evaluation = _one(_growth(3.0), events)
        assert evaluation.by_id("f").status is CallStatus.AFTER_THE_FACT
        summary = evaluation.source("ana").value_forecasts
        assert (summary.n, summary.n_after_the_fact) == (0, 1)

    def test_counts_add_up(self) -> None:
        """Calls = yes/no scorable + unscorable + every point forecast, per source and pooled."""
        forecasts: list[tuple[str, Proposition, Confidence | None]] = [
            ("v", _growth(3.0, 2.0, 4.0), None),
            ("d", _election("2026-06-15"), None),
            ("b", _growth(3.0, lower=2.0), Confidence(probability=0.8)),
        ]
        evaluation = evaluate(
            _ledger(forecasts, [_value("g", "2024-11-30", 3.5)]), as_of=AS_OF, n_bootstrap=0
        )
        cards: list[Scorecard] = [evaluation.source("ana"), evaluation.overall]
        for card in cards:
            numeric = card.value_forecasts.n_total + card.date_forecasts.n_total
            assert card.n_predictions == card.n_scorable + card.n_unscorable + numeric == 3
            assert card.n_scorable == card.n_resolved == 1


class TestAcceptance:
    def test_a_value_forecast_without_confidence_is_scored(self) -> None:
        """A value forecast with no confidence is scored: its source has value_forecasts.n >= 1."""
        evaluation = _one(_growth(3.5, 2.0, 4.0, 0.9), [_value("g", "2024-11-30", 3.0)])
        data = json.loads(json.dumps(to_dict(evaluation)))
        (source,) = data["sources"]
        assert source["value_forecasts"]["n"] >= 1
        assert set(source["value_forecasts"]) >= {
            "n",
            "mean_absolute_error",
            "median_absolute_error",
            "coverage",
            "n_with_interval",
        }
        assert source["value_forecasts"]["mean_absolute_error"] == 0.5
        call = data["predictions"][0]["numeric"]
        assert (call["point"], call["truth"], call["error"], call["absolute_error"]) == (
            3.5,
            3.0,
            0.5,
            0.5,
        )
        assert (call["in_interval"], call["interval_score"]) == (True, 2.0)

    def test_dates_in_the_json_are_days(self) -> None:
        """A date forecast's point and truth are written as YYYY-MM-DD, its errors in days."""
        proposition = _election("2024-02-27", "2024-02-20", "2024-03-05", level=0.5)
        data = to_dict(_one(proposition, [_event("e", "2024-03-02")]))
        call = data["predictions"][0]["numeric"]
        assert (call["point"], call["truth"], call["lower"], call["upper"]) == (
            "2024-02-27",
            "2024-03-02",
            "2024-02-20",
            "2024-03-05",
        )
        assert data["sources"][0]["date_forecasts"]["median_absolute_error"] == 4.0

    def test_every_report_shows_the_numeric_part(self) -> None:
        """Text, Markdown and HTML show a point forecast's truth and error and the numeric table."""
        ledger = _ledger(
            [("f", _growth(3.5, 2.0, 4.0, 0.9), None)], [_value("g", "2024-11-30", 4.5)]
        )
        evaluation = evaluate(ledger, as_of=AS_OF, n_bootstrap=0)
        call = "truth 4.5 · error (forecast − truth) -1 · |error| 1 · outside the interval"
        text = render_text(evaluation)
        assert "Point forecasts." in text
        assert call in text
        assert "[NUMERIC] f" in text
        assert "point 3.5, interval 2..4 (90%) → no probability: scored by its error" in text
        assert "1 call, 1 point forecast\n" in text
        markdown = render_markdown(evaluation)
        assert "## Point forecasts" in markdown
        assert "\\|error\\| 1" in markdown
        page = render_html(evaluation, ledger)
        assert 'id="point-forecasts"' in page
        assert "outside the interval" in page


class TestFiles:
    BASE = """
[[sources]]
id = "ana"
name = "Ana"

[[predictions]]
id = "f"
source = "ana"
stated = "2024-01-10"
quote = "Growth will be 3.5%."
proposition = {proposition}
"""

    def _load(self, tmp_path: Path, proposition: str) -> Ledger:
        path = tmp_path / "l.toml"
        path.write_text(self.BASE.format(proposition=proposition), encoding="utf-8")
        return load(path)

    def _problems(self, tmp_path: Path, proposition: str) -> list[str]:
        with pytest.raises(LedgerError) as caught:
            self._load(tmp_path, proposition)
        return [str(p) for p in caught.value.problems]

    def test_a_point_forecast_needs_no_confidence(self, tmp_path: Path) -> None:
        """A value_of with no confidence loads as a point forecast, with its level."""
        ledger = self._load(
            tmp_path,
            '{ type = "value_of", subject = "r", quantity = "g", point = 3.5, '
            "lower = 2.0, upper = 4.0, level = 0.9 }",
        )
        (prediction,) = ledger.predictions
        assert prediction.confidence is None
        assert isinstance(prediction.proposition, ValueOf)
        assert prediction.proposition.level == 0.9

    def test_other_propositions_still_need_confidence(self, tmp_path: Path) -> None:
        """An occurs proposition with no confidence is still a located problem."""
        (problem,) = self._problems(tmp_path, '{ type = "occurs", subject = "r", kind = "k" }')
        assert problem.startswith(
            "l.toml: $.predictions[0]: a scorable prediction needs confidence"
        )

    def test_a_level_outside_zero_one_is_a_problem(self, tmp_path: Path) -> None:
        """level = 90 (a percentage, not a share) is a located problem."""
        (problem,) = self._problems(
            tmp_path,
            '{ type = "value_of", subject = "r", quantity = "g", point = 3.5, lower = 2.0, '
            "upper = 4.0, level = 90 }",
        )
        assert problem == (
            "l.toml: $.predictions[0].proposition.level: "
            "expected an interval's level between 0 and 1 (0.9: 90%), got 90.0"
        )

    def test_a_level_without_an_interval_is_a_problem(self, tmp_path: Path) -> None:
        """A level with neither end of an interval is a located problem."""
        (problem,) = self._problems(
            tmp_path,
            '{ type = "date_of", subject = "r", kind = "k", point = "2024-03", level = 0.5 }',
        )
        assert "level" in problem
        assert "a level needs an interval" in problem

    def test_a_saved_level_loads_back(self, tmp_path: Path) -> None:
        """Saving and loading a ledger keeps a point forecast and its level, in every format."""
        from forecastcheck import save

        ledger = self._load(
            tmp_path,
            '{ type = "date_of", subject = "r", kind = "k", point = "2024-03-02", '
            'earliest = "2024-02", latest = "2024-03", level = 0.8 }',
        )
        for suffix in ("toml", "json", "jsonl"):
            assert load(save(ledger, tmp_path / f"copy.{suffix}")) == ledger


@pytest.fixture(scope="module")
def report() -> dict[str, Any]:
    evaluation = evaluate(load(KARABAKH), as_of=dt.date(2026, 2, 7), n_bootstrap=0)
    return to_dict(evaluation)


class TestKarabakh:
    def test_its_date_forecast_stays_binary(self, report: dict[str, Any]) -> None:
        """Verdiev's date_of carries the phrase 'will': a yes/no call, no numeric score."""
        (verdiev,) = [p for p in report["predictions"] if p["id"].startswith("verdiev-withdrawal")]
        assert verdiev["numeric"] is None
        assert verdiev["brier"] is not None
        assert all(p["numeric"] is None for p in report["predictions"])
        for card in [report["overall"], *report["sources"]]:
            assert card["value_forecasts"]["n"] == card["date_forecasts"]["n"] == 0

    def test_report_unchanged_but_for_new_keys(self, report: dict[str, Any]) -> None:
        """Every key and value of the pinned Karabakh JSON report is still there, unchanged.

        One change is meant: a NO decided by the log's completeness now also lists the
        "had not happened" report behind it (``occurred = false``), so an evidence list
        may gain entries; every pinned entry must still be there. The scale-sensitivity
        section is left out: it gained a scale (``mauboussin2018``) and its own pins are in
        tests/test_verbal.py and docs/tutorial.md. The pin is of format 1: it is read
        through the documented migration to format 2 (:func:`_to_version_2`) first.
        """
        pinned = _to_version_2(json.loads(PINNED.read_text(encoding="utf-8")))
        pinned.pop("generator")
        pinned.pop("sensitivity")
        _contains(json.loads(json.dumps(report)), pinned, "$")


def _to_version_2(report: dict[str, Any]) -> dict[str, Any]:
    """A format-1 report as format 2 reads it (docs/report-json.md: changes from version 1)."""
    assert report["format_version"] == 1
    report["format_version"] = 2
    for card in [report["overall"], *report["sources"]]:
        for b in (card["calibration"] or {"bins": []})["bins"]:
            b["n_true"] = b.pop("hits")
    return report


def _contains(new: object, old: object, path: str) -> None:
    """``new`` holds ``old``: the same lists, and dicts with at least ``old``'s keys, equal."""
    if isinstance(old, dict):
        assert isinstance(new, dict), path
        for key, value in old.items():
            assert key in new, f"{path}.{key} is gone"
            _contains(new[key], value, f"{path}.{key}")
    elif (
        isinstance(old, list)
        and isinstance(new, list)
        and path.endswith(".evidence")
        and len(new) > len(old)
    ):
        added = [e for e in new if isinstance(e, dict) and e.get("occurred") is False]
        _contains([e for e in new if e not in added], old, path)
    elif isinstance(old, list):
        assert isinstance(new, list), path
        assert len(new) == len(old), path
        for i, (a, b) in enumerate(zip(new, old, strict=True)):
            _contains(a, b, f"{path}[{i}]")
    else:
        assert new == old, f"{path}: {new!r} != {old!r}"
