"""forecastcheck.session: the settings, evaluation and problem placement both fronts share."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

import forecastcheck.gates
import forecastcheck.ledger
from forecastcheck.errors import ForecastcheckError, LedgerError, Problem, ScaleError
from forecastcheck.gates import GateSettings
from forecastcheck.ledger import RecordPlace, load, record_places
from forecastcheck.session import (
    RunSettings,
    Session,
    evaluate_ledger,
    parse_day,
    place_problems,
    problems_of,
    scale_for,
)
from forecastcheck.verbal import DEFAULT_SCALE, Scale

ROOT = Path(__file__).resolve().parent.parent
KARABAKH = ROOT / "fixtures" / "karabakh"
AS_OF = dt.date(2026, 2, 7)


class TestReading:
    @pytest.mark.parametrize("text", ["20260207", "2026-2-7", "2026-02-30", "soon", ""])
    def test_parse_day_refuses_anything_but_yyyy_mm_dd(self, text: str) -> None:
        """Only an existing day written YYYY-MM-DD is an as-of day."""
        with pytest.raises(ValueError, match="expected a date as YYYY-MM-DD"):
            parse_day(text)

    def test_parse_day_reads_a_day(self) -> None:
        """2026-02-07 is that day."""
        assert parse_day("2026-02-07") == AS_OF

    def test_scale_for_names_and_files(self, tmp_path: Path) -> None:
        """None is the default scale, a name stays a name, a .toml file is loaded."""
        assert scale_for(None) == DEFAULT_SCALE
        assert scale_for("kent1964") == "kent1964"
        with pytest.raises(ScaleError):
            scale_for(str(tmp_path / "missing.toml"))

    def test_scale_for_loads_a_scale_file(self) -> None:
        """A built-in scale's own file, named by path, is loaded as a Scale."""
        file = ROOT / "src" / "forecastcheck" / "verbal" / "data" / "scales" / "kent1964.toml"
        assert isinstance(scale_for(str(file)), Scale)


class TestEvaluation:
    def test_the_ranking_minimum_is_the_source_gates(self) -> None:
        """evaluate_ledger ranks with the gates' min_source_resolved: the two cannot disagree."""
        settings = RunSettings(
            as_of=AS_OF, n_bootstrap=0, gates=GateSettings(min_source_resolved=1)
        )
        evaluation = evaluate_ledger(load(KARABAKH), settings)
        assert evaluation.min_resolved == 1

    def test_each_ledger_is_evaluated_once_and_gated_once(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """A Session loads and evaluates a ledger once however often it is asked, and gates once."""
        calls: list[str] = []
        real_load, real_check = forecastcheck.ledger.load, forecastcheck.gates.check_gates

        def counting_load(path: Path) -> object:
            calls.append("load")
            return real_load(path)

        def counting_check(*args: object) -> object:
            calls.append("gates")
            return real_check(*args)  # type: ignore[arg-type]

        monkeypatch.setattr("forecastcheck.session.load", counting_load)
        monkeypatch.setattr("forecastcheck.session.check_gates", counting_check)
        settings = RunSettings(as_of=AS_OF, n_bootstrap=0, gates=GateSettings(max_brier=0.3))
        session = Session(settings, [KARABAKH])
        assert session.evaluation(KARABAKH) is session.evaluation(KARABAKH)
        assert session.gates() is session.gates()
        assert calls == ["load", "gates"]

    def test_a_broken_ledger_is_its_problems(self, tmp_path: Path) -> None:
        """A ledger that cannot be loaded gives its LedgerError, its problems, and no gate line."""
        broken = tmp_path / "broken.toml"
        broken.write_text('[[sources]]\nid = 5\nname = "B"\n', encoding="utf-8")
        session = Session(RunSettings(as_of=AS_OF, gates=GateSettings(max_brier=0.3)), [broken])
        assert isinstance(session.evaluation(broken), LedgerError)
        (problem,) = session.problems(broken)
        assert (problem.file, problem.path) == ("broken.toml", "$.sources[0].id")
        assert session.broken() == [broken]
        assert session.gates() == ()

    def test_problems_of_another_error_is_one_unlocated_problem(self) -> None:
        """An error that carries no problems becomes one problem with no file or path."""
        assert problems_of(ScaleError([Problem("s.toml", "$", "bad")])) == (
            Problem("s.toml", "$", "bad"),
        )
        assert problems_of(ForecastcheckError("no")) == (Problem("", "", "no"),)


class TestPlacing:
    def test_jsonl_problems_go_to_their_line(self, tmp_path: Path) -> None:
        """In JSON Lines a problem at file:N is on the record of line N, and that line is given."""
        folder = tmp_path / "l"
        folder.mkdir()
        file = folder / "p.jsonl"
        file.write_text(
            '{"predictions": {"id": "a"}}\n\n{"predictions": {"id": "b"}}\nnot json\n',
            encoding="utf-8",
        )
        problems = [
            Problem("l/p.jsonl:3", "$.predictions.quote", "missing"),
            Problem("l/p.jsonl:4", "", "not valid JSON"),
        ]
        placed = place_problems(folder, file, problems, record_places(folder))
        assert [(r.name, r.line, r.problems) for r in placed.records] == [
            ("a", 1, ()),
            ("b", 3, (problems[0],)),
        ]
        assert placed.rest == (problems[1],)

    def test_a_colon_in_a_label_is_part_of_the_name(self, tmp_path: Path) -> None:
        """A file named a:1.toml owns the problems on a:1.toml; the first file takes none of them."""
        folder = tmp_path / "k"
        shutil.copytree(KARABAKH, folder)
        odd = folder / "zz:1.toml"
        odd.write_text('[[predictions]]\nid = "x"\n', encoding="utf-8")
        problem = Problem("k/zz:1.toml", "$.predictions[0].source", "missing")
        places = record_places(folder)
        first = place_problems(folder, folder / "documents.toml", [problem], places)
        mine = place_problems(folder, odd, [problem], places)
        assert first.rest == ()
        assert [(r.name, r.problems) for r in mine.records] == [("x", (problem,))]

    def test_problems_no_file_owns_go_to_the_first_file(self, tmp_path: Path) -> None:
        """A problem naming no file of the ledger is the first file's, and only its."""
        orphan = Problem("", "", "something about the whole ledger")
        places = record_places(KARABAKH)
        first = place_problems(KARABAKH, KARABAKH / "documents.toml", [orphan], places)
        other = place_problems(KARABAKH, KARABAKH / "events.toml", [orphan], places)
        assert (first.rest, other.rest) == ((orphan,), ())

    def test_records_are_named_by_id_or_place(self, tmp_path: Path) -> None:
        """A prediction record with no id is named predictions[N], N its place in the file."""
        file = tmp_path / "one.toml"
        file.write_text('[[predictions]]\nquote = "q"\n[[predictions]]\nid = "b"\n', "utf-8")
        placed = place_problems(file, file, [], record_places(file))
        assert [r.name for r in placed.records] == ["predictions[0]", "b"]
        assert all(isinstance(r.place, RecordPlace) for r in placed.records)
