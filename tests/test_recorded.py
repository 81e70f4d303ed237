"""Judged events, what the recorder decided, "did not happen" evidence and the report wording."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

import attrs
import pytest

from forecastcheck.errors import LedgerError
from forecastcheck.evaluation import Evaluation, evaluate
from forecastcheck.ledger import DateWindow, Ledger, Occurs, load, save
from forecastcheck.ledger.records import Citation, Confidence, Event, EventLog, Prediction, Source
from forecastcheck.report import render_html, render_json, render_markdown, render_text

AS_OF = dt.date(2025, 6, 1)
KARABAKH = Path(__file__).resolve().parent.parent / "fixtures" / "karabakh"

WAR = Occurs(
    subject="war", kind="biggest-since-1945", deadline="by the end of 2023", text="the biggest war"
)
TREATY = Occurs(subject="treaty", kind="signed", deadline="by the end of March 2024", text="treaty")
QUIET = Occurs(subject="border", kind="clash", deadline="by the end of 2023", text="a clash")


def _event(what: Occurs, day: dt.date, report: Citation, **extra: object) -> Event:
    """An event of the proposition's subject and kind on ``day``, with one report."""
    return Event(
        id=f"{what.subject}-{what.kind}",
        subject=what.subject,
        kind=what.kind,
        date=DateWindow.day(day),
        evidence=[report],
        **extra,  # type: ignore[arg-type]
    )


JUDGED = _event(
    WAR,
    dt.date(2022, 3, 1),
    Citation(outlet="Reuters", url="https://example.org/war"),
    judged_by="the recorder",
    reason="more troops than any European war since 1945",
)
NOT_SIGNED = _event(TREATY, dt.date(2024, 6, 1), Citation(outlet="OC Media"), occurred=False)


def _call(pid: str, source: str, proposition: Occurs, p: float, **extra: object) -> Prediction:
    return Prediction(
        id=pid,
        source=source,
        quote=f"{pid} said so",
        stated=DateWindow.day(dt.date(2021, 1, 1)),
        proposition=proposition,
        confidence=Confidence(probability=p),
        **extra,  # type: ignore[arg-type]
    )


def case() -> Ledger:
    """Three sources on one judged question; a NO with a "not signed" report; one by completeness."""
    return Ledger(
        sources=[
            Source(id="ann", name="Ann"),
            Source(id="bob", name="Bob"),
            Source(id="cat", name="Cat"),
        ],
        predictions=[
            _call(
                "ann-war",
                "ann",
                WAR,
                0.8,
                paraphrase=True,
                tags=("war", "europe"),
                notes="'the biggest' read as by troop numbers",
            ),
            _call("bob-war", "bob", WAR, 0.6),
            _call("cat-war", "cat", WAR, 0.6),
            _call("ann-treaty", "ann", TREATY, 0.3),
            _call("bob-quiet", "bob", QUIET, 0.2),
        ],
        log=EventLog(events=[JUDGED, NOT_SIGNED], complete_through=dt.date(2024, 12, 31)),
    )


@pytest.fixture(scope="module")
def evaluation() -> Evaluation:
    return evaluate(case(), as_of=AS_OF, n_bootstrap=0)


def _one_source() -> Ledger:
    return Ledger(
        sources=[Source(id="ann", name="Ann")],
        predictions=[_call("ann-war", "ann", WAR, 0.8)],
        log=EventLog(events=[JUDGED], complete_through=dt.date(2024, 12, 31)),
    )


def _problems(tmp_path: Path, line: str) -> str:
    """The problems of loading one event with ``line`` added to it."""
    (tmp_path / "l.toml").write_text(
        f'[[events]]\nid = "e"\nsubject = "s"\nkind = "k"\ndate = "2024-01-01"\n{line}\n'
    )
    with pytest.raises(LedgerError) as info:
        load(tmp_path / "l.toml")
    return str(info.value)


class TestJudgedEvents:
    def test_judged_by_without_a_reason_is_a_located_problem(self, tmp_path: Path) -> None:
        """An event with judged_by and no reason is refused at $.events[0].reason."""
        problems = _problems(tmp_path, 'judged_by = "me"')
        assert "l.toml: $.events[0].reason: a judged event needs a reason" in problems

    def test_a_reason_without_a_judge_is_a_located_problem(self, tmp_path: Path) -> None:
        """A reason with no judged_by is refused at $.events[0].judged_by."""
        problems = _problems(tmp_path, 'reason = "because"')
        assert "$.events[0].judged_by: a reason is given: name who judged" in problems

    def test_a_blank_judge_is_a_located_problem(self, tmp_path: Path) -> None:
        """A judged_by of only spaces is refused as empty text."""
        problems = _problems(tmp_path, 'judged_by = " "\nreason = "r"')
        assert "$.events[0].judged_by: must be non-empty text" in problems

    def test_judgement_and_paraphrase_survive_save_and_load(self, tmp_path: Path) -> None:
        """judged_by, reason and paraphrase come back equal after save then load, in every format."""
        ledger = case()
        for suffix in ("toml", "json", "jsonl"):
            again = load(save(ledger, tmp_path / f"l.{suffix}"))
            assert again.log.events == ledger.log.events
            assert again.predictions == ledger.predictions

    def test_the_evidence_carries_who_judged_and_why(self, evaluation: Evaluation) -> None:
        """The verdict of a call on a judged event carries its judge and reason on the evidence."""
        result = evaluation.by_id("bob-war")
        (evidence,) = result.evidence
        assert (evidence.judged_by, evidence.reason) == (JUDGED.judged_by, JUDGED.reason)
        assert result.judged

    def test_json_names_the_judge_and_the_reason(self, evaluation: Evaluation) -> None:
        """The JSON evidence entry of a judged event has judged_by and reason."""
        entry = _json_call(evaluation, "bob-war")["evidence"][0]
        assert (entry["judged_by"], entry["reason"]) == (JUDGED.judged_by, JUDGED.reason)


def _json_call(evaluation: Evaluation, pid: str) -> dict[str, Any]:
    data = json.loads(render_json(evaluation))
    (entry,) = [p for p in data["predictions"] if p["id"] == pid]
    return entry  # type: ignore[no-any-return]


class TestRecorderDecisions:
    def test_notes_tags_and_paraphrase_reach_the_result(self, evaluation: Evaluation) -> None:
        """A call's notes, tags and paraphrase flag are on its result."""
        r = evaluation.by_id("ann-war")
        assert (r.paraphrase, r.tags, r.notes_flagged) == (True, ("war", "europe"), True)

    def test_json_carries_notes_tags_and_paraphrase(self, evaluation: Evaluation) -> None:
        """The JSON call has notes, tags, paraphrase and the flags derived from them."""
        entry = _json_call(evaluation, "ann-war")
        assert entry["notes"] == "'the biggest' read as by troop numbers"
        assert (entry["tags"], entry["paraphrase"], entry["notes_flagged"]) == (
            ["war", "europe"],
            True,
            True,
        )
        assert entry["judged"] is True

    def test_json_counts_what_the_recorder_decided(self, evaluation: Evaluation) -> None:
        """JSON "recorder" counts the calls resting on paraphrase, judgement, notes."""
        data = json.loads(render_json(evaluation))
        assert data["recorder"] == {"n_calls": 5, "paraphrase": 1, "judged": 3, "notes_flagged": 1}

    def test_blank_notes_do_not_flag_a_call(self) -> None:
        """Notes of only spaces do not make a call notes-flagged."""
        ledger = _one_source()
        ledger = attrs.evolve(ledger, predictions=[attrs.evolve(ledger.predictions[0], notes="  ")])
        assert not evaluate(ledger, as_of=AS_OF, n_bootstrap=0).by_id("ann-war").notes_flagged


EVERY_REPORT_SAYS = {
    "judgement": "judged by the recorder: more troops than any European war since 1945",
    "paraphrase": "paraphrase (the quote is not verbatim)",
    "tags": "tags: war, europe",
    "notes": "troop numbers",
    "counts": "of 5 calls, 1 rests on a paraphrase, 3 on a judged event, "
    "1 on a notes-flagged interpretation",
    "not-happened": "a report that it had not happened as of 2024-06-01",
    "outlet-without-url": "OC Media",
    "completeness-only": "the NO rests on the log's completeness alone",
}


@pytest.mark.parametrize("what", sorted(EVERY_REPORT_SAYS))
@pytest.mark.parametrize("fmt", ["text", "markdown", "html"])
def test_every_human_report_says(evaluation: Evaluation, fmt: str, what: str) -> None:
    """Text, Markdown and HTML show judgements, the recorder's flags, counts and "not" reports."""
    assert EVERY_REPORT_SAYS[what] in _render(evaluation, fmt)


def _render(evaluation: Evaluation, fmt: str) -> str:
    if fmt == "text":
        return render_text(evaluation, width=1000)  # what it says, not how it is wrapped
    if fmt == "markdown":
        return render_markdown(evaluation)
    return render_html(evaluation, case()).replace("&#x27;", "'")


class TestDidNotHappen:
    def test_a_not_happened_report_is_evidence_when_the_log_is_complete(
        self, evaluation: Evaluation
    ) -> None:
        """A NO decided by completeness still lists the "not signed" report among its evidence."""
        result = evaluation.by_id("ann-treaty")
        assert str(result.resolved) == "NO"
        assert [(e.event, e.occurred) for e in result.evidence] == [("treaty-signed", False)]

    def test_the_report_joins_only_once_its_date_has_passed(self) -> None:
        """As of a day before the "not signed" report, the NO (by completeness) lists no evidence."""
        ev = evaluate(case(), as_of=dt.date(2024, 5, 1), n_bootstrap=0)
        result = ev.by_id("ann-treaty")
        assert str(result.resolved) == "NO"
        assert result.evidence == ()

    def test_json_marks_the_not_happened_report(self, evaluation: Evaluation) -> None:
        """The JSON evidence entry of the report says occurred: false."""
        (entry,) = _json_call(evaluation, "ann-treaty")["evidence"]
        assert entry["event"] == "treaty-signed"
        assert entry["occurred"] is False

    def test_json_says_a_no_rests_on_completeness_alone(self, evaluation: Evaluation) -> None:
        """JSON decided_by_completeness is true for that NO only."""
        flags = {
            p["id"]: p["decided_by_completeness"]
            for p in json.loads(render_json(evaluation))["predictions"]
        }
        assert flags == dict.fromkeys(["ann-war", "bob-war", "cat-war", "ann-treaty"], False) | {
            "bob-quiet": True
        }


class TestWording:
    def test_one_source_is_not_sources(self) -> None:
        """With one source and min_resolved 1 the reports say "1 source" and "1 resolved call"."""
        ev = evaluate(_one_source(), as_of=AS_OF, n_bootstrap=0, min_resolved=1)
        for out in (render_text(ev), render_markdown(ev), render_html(ev, _one_source())):
            assert not re.search(r"\b1 (sources|resolved calls)\b", out), out
            assert "1 source" in out

    def test_check_says_1_source(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """`forecastcheck check` on a one-source ledger says "1 source", not "1 sources"."""
        from forecastcheck.cli import main

        save(_one_source(), tmp_path / "l.toml")
        main(["check", str(tmp_path / "l.toml")])
        out = capsys.readouterr().out
        assert "1 source, 0 documents, 1 prediction, 1 event" in out

    def test_skill_counts_distinct_shared_questions(self, evaluation: Evaluation) -> None:
        """Against 2 sources on 1 question the skill says "1 shared question", as n_questions does."""
        card = evaluation.source("cat")
        assert card.n_questions == 1
        assert card.skill_note.endswith("against 2 sources on 1 shared question")

    def test_tied_scores_are_shown_with_equals(self) -> None:
        """Ann and Bob, the same stated number on the one question, are shown "Ann = Bob"."""
        ledger = Ledger(
            sources=[Source(id="ann", name="Ann"), Source(id="bob", name="Bob")],
            predictions=[_call("ann-war", "ann", WAR, 0.6), _call("bob-war", "bob", WAR, 0.6)],
            log=EventLog(events=[JUDGED]),
        )
        ev = evaluate(ledger, as_of=AS_OF, n_bootstrap=0)
        table = ev.sensitivity.table()
        assert "Ranking by mean Brier under icd203/stated: Ann = Bob" in table
        assert "Ann < Bob" not in table
        (step,) = json.loads(render_json(ev))["sensitivity"]["robust_steps"]
        assert step["tied"] is True

    def test_markdown_shows_an_outlet_without_a_url(self, evaluation: Evaluation) -> None:
        """A citation with an outlet and no URL shows the outlet in the Markdown evidence cell."""
        (row,) = [
            line for line in render_markdown(evaluation).split("\n") if "`ann-treaty`" in line
        ]
        assert "OC Media" in row.rstrip(" |").split(" | ")[-1]


class TestKarabakh:
    def test_the_not_signed_report_is_niculescus_evidence(self) -> None:
        """Karabakh: the 2026 "treaty not signed" report now stands behind the treaty-by-2025 NO."""
        ev = evaluate(load(KARABAKH), as_of=dt.date(2026, 2, 7), n_bootstrap=0)
        result = ev.by_id("niculescu-treaty-by-2025-11")
        assert [e.event for e in result.evidence] == ["treaty-not-signed-2026"]
        assert str(result.verdict) == "HIT"
