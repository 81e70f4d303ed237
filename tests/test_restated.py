"""Restated forecasts: chains of readings linked by ``revises``, checked, weighed and scored."""

from __future__ import annotations

import datetime as dt
import json
import math
import re
from pathlib import Path
from typing import Any

import attrs
import pytest
import scipy.stats  # type: ignore[import-untyped]  # noqa: F401
from hypothesis import given
from hypothesis import strategies as st

# Loaded before any in-process pytester run (numpy cannot load twice; see test_pytest_plugin).
import forecastcheck.report  # noqa: F401
from forecastcheck.cli import main
from forecastcheck.errors import LedgerError
from forecastcheck.evaluation import CallStatus, evaluate, restating
from forecastcheck.evaluation.restating import units_of
from forecastcheck.ledger import Occurs, Prediction, Source, dumps, load, save
from forecastcheck.ledger.book import Ledger
from forecastcheck.ledger.chains import RESTATED_POLICIES, chains_of, parse_restated
from forecastcheck.ledger.dates import DateWindow
from forecastcheck.ledger.records import Confidence, Event, EventLog
from forecastcheck.report import _json_extras
from forecastcheck.report.json import to_dict
from forecastcheck.session import RunSettings, evaluate_ledger

pytestmark = pytest.mark.filterwarnings("ignore::pytest.PytestAssertRewriteWarning")

KARABAKH = Path(__file__).resolve().parent.parent / "fixtures" / "karabakh"
DAY0 = dt.date(2022, 1, 1)
AS_OF = "2023-06-01"
QUESTION = Occurs(subject="treaty", kind="signed", deadline="2022-12-31", text="a treaty by 2022")
WORKED = {"time-averaged": 0.22557, "last": 0.0441, "first": 0.36, "each": 0.17553}


def day(n: int) -> dt.date:
    return DAY0 + dt.timedelta(days=n)


def reading(
    pid: str, p: float, stated: DateWindow | int, revises: str | None = None, **kw: Any
) -> Prediction:
    window = stated if isinstance(stated, DateWindow) else DateWindow.day(day(stated))
    fields: dict[str, Any] = {
        "id": pid,
        "source": "ana",
        "quote": f"{p:.0%} chance of a treaty",
        "stated": window,
        "proposition": QUESTION,
        "confidence": Confidence(probability=p),
        "revises": revises,
    }
    return Prediction(**{**fields, **kw})


def ledger_of(*predictions: Prediction, event_day: int | None = 100) -> Ledger:
    events: tuple[Event, ...] = ()
    if event_day is not None:
        events = (
            Event(
                id="signing", subject="treaty", kind="signed", date=DateWindow.day(day(event_day))
            ),
        )
    return Ledger(
        sources=(Source(id="ana", name="Ana"), Source(id="ben", name="Ben")),
        predictions=predictions,
        log=EventLog(events=events),
    )


WORKED_LEDGER = (
    reading("r1", 0.40, 0),
    reading("r2", 0.65, 50, revises="r1"),
    reading("r3", 0.79, 80, revises="r2"),
)


def report_json(path: Path, *args: str, capsys: pytest.CaptureFixture[str]) -> dict[str, Any]:
    code = main(
        ["report", str(path), "--as-of", AS_OF, "--format", "json", "--bootstrap", "0", *args]
    )
    out = capsys.readouterr().out
    assert code == 0, out
    result: dict[str, Any] = json.loads(out)
    return result


def source_card(report: dict[str, Any], source: str = "ana") -> dict[str, Any]:
    cards: list[dict[str, Any]] = [c for c in report["sources"] if c["source"] == source]
    (card,) = cards
    return card


# --- the file key -------------------------------------------------------------


@pytest.mark.parametrize("suffix", ["toml", "json", "jsonl"])
def test_revises_round_trips(tmp_path: Path, suffix: str) -> None:
    """``revises`` is written as ``revises = "<id>"`` and read back unchanged, in every format."""
    ledger = ledger_of(*WORKED_LEDGER)
    saved = save(ledger, tmp_path / f"chain.{suffix}")
    assert 'revises = "r1"' in saved.read_text() or '"revises": "r1"' in saved.read_text()
    again = load(saved)
    assert again == ledger
    assert [p.revises for p in again.predictions] == [None, "r1", "r2"]
    assert dumps(again, suffix) == dumps(ledger, suffix)


def test_a_call_on_its_own_writes_no_revises_key() -> None:
    """A prediction that revises nothing is written as before: no ``revises`` key."""
    assert "revises" not in dumps(ledger_of(reading("r1", 0.4, 0)), "toml")


# --- check ---------------------------------------------------------------------

TOML_HEAD = """
[[sources]]
id = "ana"
name = "Ana"

[[sources]]
id = "ben"
name = "Ben"
"""


def toml_reading(pid: str, *, source: str = "ana", stated: str = "2022-01-01", **extra: str) -> str:
    lines = [
        "[[predictions]]",
        f'id = "{pid}"',
        f'source = "{source}"',
        'quote = "a treaty, likely"',
        f'stated = "{stated}"',
        *(f'{k} = "{v}"' for k, v in extra.items()),
        "confidence = { probability = 0.6 }",
        'proposition = { type = "occurs", subject = "treaty", kind = "signed" }',
    ]
    return "\n".join(lines) + "\n"


def problems_of(tmp_path: Path, *records: str) -> list[str]:
    file = tmp_path / "ledger.toml"
    file.write_text(TOML_HEAD + "\n".join(records))
    with pytest.raises(LedgerError) as caught:
        load(file)
    return [str(p) for p in caught.value.problems]


def test_check_names_an_unknown_prediction(tmp_path: Path) -> None:
    """A revises naming no prediction is a problem at ``$.predictions[i].revises``."""
    found = problems_of(tmp_path, toml_reading("a"), toml_reading("b", revises="nobody"))
    assert found == ["ledger.toml: $.predictions[1].revises: no prediction with id 'nobody'"]


def test_check_names_another_sources_prediction(tmp_path: Path) -> None:
    """A reading cannot restate another source's forecast."""
    found = problems_of(tmp_path, toml_reading("a"), toml_reading("b", source="ben", revises="a"))
    assert len(found) == 1
    assert found[0].startswith("ledger.toml: $.predictions[1].revises: revises 'a'")
    assert "of source 'ana', not of 'ben'" in found[0]


def test_check_names_a_different_proposition(tmp_path: Path) -> None:
    """A reading must restate the same proposition (its wording aside)."""
    other = toml_reading("b", revises="a").replace('kind = "signed"', 'kind = "broken"')
    found = problems_of(tmp_path, toml_reading("a"), other)
    assert len(found) == 1
    assert "$.predictions[1].revises: revises 'a'" in found[0]
    assert "different proposition" in found[0]


def test_same_proposition_in_other_words_is_one_question() -> None:
    """Propositions that differ only in their ``text`` make a valid chain."""
    worded = attrs.evolve(QUESTION, text="peace signed this year")
    ledger = ledger_of(reading("a", 0.4, 0), reading("b", 0.6, 10, revises="a", proposition=worded))
    assert chains_of(ledger.predictions) == [(0, 1)]


def test_check_names_a_relative_deadline_read_differently(tmp_path: Path) -> None:
    """ "within a year" said on two days is two questions: the chain is refused, and says why."""
    relative = 'kind = "signed", deadline = "within a year"'
    found = problems_of(
        tmp_path,
        toml_reading("a").replace('kind = "signed"', relative),
        toml_reading("b", revises="a", stated="2022-03-01").replace('kind = "signed"', relative),
    )
    assert len(found) == 1
    assert found[0].startswith("ledger.toml: $.predictions[1].revises: revises 'a'")
    assert "'within a year' means" in found[0]
    assert "same absolute dates" in found[0]


def test_an_absolute_relative_phrase_is_one_question() -> None:
    """A phrase that reads alike from both statement dates ("by the end of 2022") is fine."""
    fixed = attrs.evolve(QUESTION, deadline="by the end of 2022")
    ledger = ledger_of(
        reading("a", 0.4, 0, proposition=fixed),
        reading("b", 0.6, 30, revises="a", proposition=fixed),
    )
    assert chains_of(ledger.predictions) == [(0, 1)]


def test_check_names_a_cycle(tmp_path: Path) -> None:
    """Readings that revise each other in a loop are reported at every reading of the loop."""
    found = problems_of(
        tmp_path,
        toml_reading("a", revises="c"),
        toml_reading("b", revises="a"),
        toml_reading("c", revises="b"),
    )
    assert sorted(p.split(": ")[1] for p in found) == [
        "$.predictions[0].revises",
        "$.predictions[1].revises",
        "$.predictions[2].revises",
    ]
    assert all("revise in a cycle" in p for p in found)


def test_check_names_a_reading_revising_itself(tmp_path: Path) -> None:
    """A reading revising itself is a cycle of one."""
    found = problems_of(tmp_path, toml_reading("a", revises="a"))
    assert found == [
        "ledger.toml: $.predictions[0].revises: the readings revise in a cycle: 'a' → 'a'"
    ]


def test_check_refuses_a_fork(tmp_path: Path) -> None:
    """Two readings revising the same one are a fork: the second is reported."""
    found = problems_of(
        tmp_path,
        toml_reading("a"),
        toml_reading("b", revises="a", stated="2022-02-01"),
        toml_reading("c", revises="a", stated="2022-03-01"),
    )
    assert len(found) == 1
    assert found[0].startswith("ledger.toml: $.predictions[2].revises: 'a' is already revised")
    assert "$.predictions[1]" in found[0]


def test_check_refuses_a_revision_stated_before_its_reading(tmp_path: Path) -> None:
    """A reading cannot restate one stated after it."""
    found = problems_of(
        tmp_path, toml_reading("a", stated="2022-05-01"), toml_reading("b", revises="a")
    )
    assert len(found) == 1
    assert "$.predictions[1].revises: stated (2022-01-01) before 'a'" in found[0]


def test_ledger_built_in_python_checks_its_chains() -> None:
    """A Ledger built in Python reports the same problems, at ``$.predictions[i].revises``."""
    with pytest.raises(LedgerError) as caught:
        ledger_of(reading("a", 0.4, 0), reading("b", 0.6, 10, revises="a", source="ben"))
    (problem,) = caught.value.problems
    assert problem.path == "$.predictions[1].revises"


def test_a_revised_record_that_failed_is_not_called_unknown(tmp_path: Path) -> None:
    """A revises naming a record with its own problems adds no second, false problem."""
    broken = toml_reading("a").replace("probability = 0.6", "probability = 6")
    found = problems_of(tmp_path, broken, toml_reading("b", revises="a"))
    assert not any(".revises" in p for p in found)


# --- the worked example ----------------------------------------------------------


@pytest.fixture
def worked(tmp_path: Path) -> Path:
    return save(ledger_of(*WORKED_LEDGER), tmp_path / "worked.toml")


@pytest.mark.parametrize("policy", list(WORKED))
def test_worked_example(worked: Path, policy: str, capsys: pytest.CaptureFixture[str]) -> None:
    """0.40 / 0.65 / 0.79 on days 0 / 50 / 80, the event on day 100: the issue's four Briers."""
    report = report_json(worked, "--restated", policy, capsys=capsys)
    assert report["restated"] == policy
    assert source_card(report)["brier"] == pytest.approx(WORKED[policy], abs=5e-6)
    assert report["overall"]["brier"] == pytest.approx(WORKED[policy], abs=5e-6)


def test_time_averaged_is_the_default(worked: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Without --restated the report is time-averaged, and says so."""
    report = report_json(worked, capsys=capsys)
    assert report["restated"] == "time-averaged"
    assert source_card(report)["brier"] == pytest.approx(WORKED["time-averaged"], abs=5e-6)


@pytest.mark.parametrize(
    ("policy", "weights"),
    [
        ("time-averaged", [0.5, 0.3, 0.2]),
        ("last", [0.0, 0.0, 1.0]),
        ("first", [1.0, 0.0, 0.0]),
        ("each", [1.0, 1.0, 1.0]),
    ],
)
def test_each_readings_weight_in_the_json(
    worked: Path, policy: str, weights: list[float], capsys: pytest.CaptureFixture[str]
) -> None:
    """The per-prediction JSON gives each reading's weight, what it revises and its chain."""
    report = report_json(worked, "--restated", policy, capsys=capsys)
    assert [p["weight"] for p in report["predictions"]] == pytest.approx(weights)
    assert [p["revises"] for p in report["predictions"]] == [None, "r1", "r2"]
    assert [p["chain"] for p in report["predictions"]] == ["r1", "r1", "r1"]


@pytest.mark.parametrize(("policy", "calls"), [("each", 3), ("first", 1), ("time-averaged", 1)])
def test_a_chain_is_counted_once(
    worked: Path, policy: str, calls: int, capsys: pytest.CaptureFixture[str]
) -> None:
    """Calls, Resolved and Hits count a chain once, except under ``each``."""
    card = source_card(report_json(worked, "--restated", policy, capsys=capsys))
    hits = {"each": 2, "first": 0, "time-averaged": 1}[policy]  # 0.4 misses; the mean 0.553 hits
    assert (card["n_predictions"], card["n_resolved"], card["n_hits"]) == (calls, calls, hits)


@pytest.mark.parametrize("fmt", ["text", "markdown"])
def test_reports_name_the_policy(
    worked: Path, fmt: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """The text and Markdown reports name the policy at the top and each reading's weight."""
    args = ["report", str(worked), "--as-of", AS_OF, "--format", fmt, "--bootstrap", "0"]
    assert main([*args, "--restated", "last"]) == 0
    out = capsys.readouterr().out
    assert "Restated forecasts: last (" in "\n".join(out.splitlines()[:6])
    assert "reading of chain r1, revises r2; weight 1" in out
    assert "reading of chain r1; weight 0" in out


def test_html_names_the_policy(worked: Path, tmp_path: Path) -> None:
    """The HTML page names the policy in its header and each reading's weight by its call."""
    page = tmp_path / "page.html"
    args = ["report", str(worked), "--as-of", AS_OF, "--html", str(page), "--bootstrap", "0"]
    assert main(args) == 0
    html = page.read_text()
    header = html[html.index("<header>") : html.index("</header>")]
    assert "Restated forecasts: time-averaged (" in header
    assert "<dt>Restated</dt><dd>reading of chain r1, revises r1; weight 0.3</dd>" in html


def test_an_unknown_policy_is_a_usage_error(
    worked: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``--restated sometimes`` is a usage error (exit 2) naming the choices."""
    with pytest.raises(SystemExit) as caught:
        main(["report", str(worked), "--restated", "sometimes"])
    assert caught.value.code == 2
    assert "time-averaged" in capsys.readouterr().err


def test_evaluate_refuses_an_unknown_policy() -> None:
    """``evaluate(restated=...)`` refuses a policy it does not know."""
    with pytest.raises(ValueError, match="unknown restated policy 'sometimes'"):
        evaluate(ledger_of(*WORKED_LEDGER), as_of=day(400), restated="sometimes")


def test_parse_restated() -> None:
    """Every policy reads as itself; anything else is a ValueError naming the choices."""
    assert [parse_restated(p) for p in RESTATED_POLICIES] == list(RESTATED_POLICIES)
    with pytest.raises(ValueError, match="expected one of each, first, last, time-averaged"):
        parse_restated("Last")


# --- edge cases ----------------------------------------------------------------------


def brier_of(ledger: Ledger, policy: str) -> float | None:
    return evaluate(ledger, as_of=day(400), n_bootstrap=0, restated=policy).source("ana").brier


def test_a_reading_after_the_decision_carries_no_weight() -> None:
    """A reading stated after the event is AFTER_THE_FACT, shown with weight 0, and changes nothing."""
    late = reading("r4", 0.99, 120, revises="r3")
    evaluation = evaluate(ledger_of(*WORKED_LEDGER, late), as_of=day(400), n_bootstrap=0)
    r4 = evaluation.by_id("r4")
    assert (r4.status, r4.weight) == (CallStatus.AFTER_THE_FACT, 0.0)
    assert [evaluation.by_id(i).weight for i in ("r1", "r2", "r3")] == pytest.approx(
        [0.5, 0.3, 0.2]
    )
    assert evaluation.source("ana").brier == pytest.approx(WORKED["time-averaged"], abs=5e-6)
    assert brier_of(ledger_of(*WORKED_LEDGER, late), "last") == pytest.approx(0.0441)
    assert to_dict(evaluation)["predictions"][3]["weight"] == 0.0


def test_an_unresolved_chain_is_pending() -> None:
    """A chain whose question is undecided is one pending call, weighed up to the as-of day."""
    ledger = ledger_of(*WORKED_LEDGER, event_day=None)
    evaluation = evaluate(ledger, as_of=day(99), n_bootstrap=0)
    card = evaluation.source("ana")
    assert (card.n_predictions, card.n_pending, card.n_resolved, card.brier) == (1, 1, 0, None)
    assert [p.weight for p in evaluation.predictions] == pytest.approx([0.5, 0.3, 0.2])


def test_the_deadline_ends_a_readings_standing() -> None:
    """A reading stands no longer than the day after the question's deadline."""
    short = attrs.evolve(QUESTION, deadline="2022-03-31")  # day 89; the event never comes
    ledger = ledger_of(
        reading("r1", 0.4, 0, proposition=short),
        reading("r2", 0.7, 60, revises="r1", proposition=short),
        event_day=None,
    )
    evaluation = evaluate(ledger, as_of=day(400), n_bootstrap=0)
    assert [p.weight for p in evaluation.predictions] == pytest.approx([60 / 90, 30 / 90])


def test_vague_dates_stand_from_the_first_day_of_their_window() -> None:
    """A reading stated in a month stands from the month's first day."""
    ledger = ledger_of(
        reading("r1", 0.40, 0),
        reading("r2", 0.65, DateWindow.parse("2022-02"), revises="r1"),  # from day 31
    )
    evaluation = evaluate(ledger, as_of=day(400), n_bootstrap=0)
    assert [p.weight for p in evaluation.predictions] == pytest.approx([31 / 100, 69 / 100])
    expected = (31 * 0.6**2 + 69 * 0.35**2) / 100
    assert evaluation.source("ana").brier == pytest.approx(expected)


def test_a_chain_of_one() -> None:
    """A call on its own has weight 1, no chain, and the same score under every policy."""
    ledger = ledger_of(reading("solo", 0.7, 10))
    scores = {policy: brier_of(ledger, policy) for policy in RESTATED_POLICIES}
    assert list(scores.values()) == pytest.approx([0.09] * 4)
    only = evaluate(ledger, as_of=day(400), n_bootstrap=0).predictions[0]
    assert (only.weight, only.chain, only.revises) == (1.0, None, None)


def test_an_unscorable_reading_is_passed_over() -> None:
    """A reading without a probability carries no weight; the one before it stands on."""
    vague = reading("r2", 0.5, 50, revises="r1", confidence=None, unscorable="no number given")
    ledger = ledger_of(reading("r1", 0.4, 0), vague, reading("r3", 0.8, 80, revises="r2"))
    evaluation = evaluate(ledger, as_of=day(400), n_bootstrap=0)
    assert [p.weight for p in evaluation.predictions] == pytest.approx([0.8, 0.0, 0.2])


def test_the_karabakh_report_is_unchanged() -> None:
    """Karabakh has no chains: its JSON is the same under every policy but for ``restated``."""
    ledger = load(KARABAKH)
    base = to_dict(evaluate(ledger, as_of=dt.date(2026, 2, 7), n_bootstrap=50, restated="each"))
    assert all(p["weight"] in (0.0, 1.0) and p["chain"] is None for p in base["predictions"])
    for policy in ("first", "last", "time-averaged"):
        other = to_dict(
            evaluate(ledger, as_of=dt.date(2026, 2, 7), n_bootstrap=50, restated=policy)
        )
        assert other.pop("restated") == policy
        assert {**base, "restated": None} == {**other, "restated": None}


# --- properties ------------------------------------------------------------------------

probabilities = st.floats(0.01, 0.99)


@given(p=probabilities, stated=st.integers(0, 150), event=st.one_of(st.none(), st.integers(0, 200)))
def test_a_chain_of_one_scores_alike_under_every_policy(
    p: float, stated: int, event: int | None
) -> None:
    """For a chain of one, all four policies give the same Brier score."""
    ledger = ledger_of(reading("solo", p, stated), event_day=event)
    scores = {brier_of(ledger, policy) for policy in RESTATED_POLICIES}
    assert len(scores) == 1


@given(
    steps=st.lists(st.tuples(probabilities, st.integers(0, 40)), min_size=1, max_size=6),
    event=st.integers(0, 220),
)
def test_time_averaged_weights_sum_to_one(steps: list[tuple[float, int]], event: int) -> None:
    """Time-averaged weights sum to 1 over the readings that carry weight."""
    predictions, start = [], 0
    for k, (p, gap) in enumerate(steps):
        start += gap
        predictions.append(reading(f"r{k}", p, start, revises=f"r{k - 1}" if k else None))
    evaluation = evaluate(ledger_of(*predictions, event_day=event), as_of=day(400), n_bootstrap=0)
    weights = [r.weight for r in evaluation.predictions if r.weight > 0]
    assert all(0 <= r.weight <= 1 for r in evaluation.predictions)
    if weights:
        assert math.fsum(weights) == pytest.approx(1.0)
    else:  # every reading was stated on or after the event
        assert all(r.status is CallStatus.AFTER_THE_FACT for r in evaluation.predictions)


# --- the fronts: the pytest plugin and the session --------------------------------------

PLUGIN_AS_OF = "--forecastcheck-as-of=2023-06-01"


@pytest.fixture
def in_pytester(pytester: pytest.Pytester) -> Path:
    """The worked example's chain as a ledger inside the pytester folder."""
    return save(ledger_of(*WORKED_LEDGER), pytester.path / "worked.toml")


def scoreboard_brier(text: str) -> float:
    """The pooled row's Brier score in the plugin's scoreboard."""
    (row,) = re.findall(r"^All sources\s+\d+ of \d+\s+([0-9.]+)", text, flags=re.MULTILINE)
    return float(row)


def test_the_option_sets_the_policy(pytester: pytest.Pytester, in_pytester: Path) -> None:
    """``--forecastcheck-restated last`` scores the chain by its last reading, and says so."""
    result = pytester.runpytest(
        "--forecastcheck", "worked.toml", PLUGIN_AS_OF, "--forecastcheck-restated=last"
    )
    assert result.ret == pytest.ExitCode.OK
    text = result.stdout.str()
    assert "Restated forecasts: last (" in text
    assert scoreboard_brier(text) == pytest.approx(WORKED["last"], abs=5e-4)


def test_the_ini_key_sets_the_policy(pytester: pytest.Pytester, in_pytester: Path) -> None:
    """The ini key ``forecastcheck_restated`` sets the policy; the command line wins over it."""
    pytester.makeini("[pytest]\nforecastcheck_restated = first\n")
    from_ini = pytester.runpytest("--forecastcheck", "worked.toml", PLUGIN_AS_OF)
    assert "Restated forecasts: first (" in from_ini.stdout.str()
    assert scoreboard_brier(from_ini.stdout.str()) == pytest.approx(WORKED["first"], abs=5e-4)
    both = pytester.runpytest(
        "--forecastcheck", "worked.toml", PLUGIN_AS_OF, "--forecastcheck-restated=each"
    )
    assert "Restated forecasts: each (" in both.stdout.str()


def test_the_default_is_time_averaged(pytester: pytest.Pytester, in_pytester: Path) -> None:
    """Without the option or the ini key the plugin scores chains time-averaged."""
    result = pytester.runpytest("--forecastcheck", "worked.toml", PLUGIN_AS_OF)
    assert "Restated forecasts: time-averaged (" in result.stdout.str()


def test_the_plugin_refuses_an_unknown_policy(pytester: pytest.Pytester, in_pytester: Path) -> None:
    """A policy the library does not know is a usage error naming the option and the choices."""
    result = pytester.runpytest("--forecastcheck", "worked.toml", "--forecastcheck-restated=most")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(
        ["*--forecastcheck-restated: expected one of each, first, last, time-averaged, got 'most'*"]
    )


def test_the_session_passes_the_policy_on() -> None:
    """``RunSettings.restated`` reaches ``evaluate``: the source's Brier follows it."""
    ledger = ledger_of(*WORKED_LEDGER)
    for policy, expected in WORKED.items():
        settings = RunSettings(as_of=dt.date(2023, 6, 1), restated=policy, n_bootstrap=0)
        evaluation = evaluate_ledger(ledger, settings)
        assert evaluation.restated == policy
        assert evaluation.source("ana").brier == pytest.approx(expected, abs=5e-6)


@pytest.mark.parametrize("policy", list(WORKED))
def test_json_calibration_figures_count_a_chain_as_its_scorecard_does(
    worked: Path, policy: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """murphy/ece/auc count the calls the card counts: one per chain unless 'each'."""
    report = report_json(worked, "--restated", policy, capsys=capsys)
    for card in report["sources"]:
        if card["n_resolved"]:
            assert card["murphy"]["n"] == card["n_resolved"]
            assert card["murphy"]["n"] == sum(b["n"] for b in card["calibration"]["bins"])


@pytest.mark.parametrize("policy", list(WORKED))
def test_the_json_extras_count_a_chain_listed_out_of_order_as_its_scorecard_does(
    policy: str,
) -> None:
    """A file listing a revision before what it revises: the extras' calls are the scorecard's."""
    ledger = ledger_of(WORKED_LEDGER[2], WORKED_LEDGER[0], WORKED_LEDGER[1])
    settings = RunSettings(as_of=dt.date(2023, 6, 1), restated=policy, n_bootstrap=0)
    evaluation = evaluate_ledger(ledger, settings)
    cards = units_of(evaluation.predictions, chains_of(ledger.predictions), parse_restated(policy))
    assert restating.counted(evaluation.predictions, policy) == cards
    assert evaluation.source("ana").brier == pytest.approx(WORKED[policy], abs=5e-6)
    extras = _json_extras.cards_extras(evaluation, ["ana"], ledger)["ana"]
    assert extras["murphy"]["n"] == evaluation.source("ana").n_resolved


def test_the_last_call_follows_a_chain_through_an_unscorable_reading() -> None:
    """C revises an unscorable B revising A ("January to March"): C is the source's last call."""
    a = reading("a", 0.4, DateWindow.parse("2022-01-01..2022-03-31"))
    b = reading("b", 0.5, 1, revises="a", unscorable="the quote is cut off")
    c = reading("c", 0.7, 2, revises="b")
    crowd = reading("m", 0.6, DateWindow.day(dt.date(2021, 12, 31)), source="mkt")
    ledger = Ledger(
        sources=(Source(id="ana", name="Ana"), Source(id="mkt", name="Mkt", kind="market")),
        predictions=(a, b, c, crowd),
        log=ledger_of().log,
    )
    settings = RunSettings(as_of=dt.date(2023, 6, 1), n_bootstrap=0)
    (comparison,) = evaluate_ledger(ledger, settings).crowd_comparison
    assert [q.call for q in comparison.questions] == ["c"]
