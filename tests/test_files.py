"""Loading and saving ledgers: strictness, located problems, atomic saves, round trips."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from forecastcheck import files
from forecastcheck.dates import DateWindow
from forecastcheck.errors import LedgerError, Problem
from forecastcheck.model import Ledger, Occurs, Prediction
from forecastcheck.strategies import ledgers

KARABAKH = Path(__file__).resolve().parent.parent / "fixtures" / "karabakh"

MINIMAL = """
[[sources]]
id = "a"
name = "A"

[[predictions]]
id = "p"
source = "a"
quote = "It will happen."
stated = "2024-01-01"
confidence = {{ {confidence} }}
proposition = {{ type = "occurs", subject = "s", kind = "k", deadline = "2025" }}
"""


def _problems(path: Path) -> list[str]:
    with pytest.raises(LedgerError) as info:
        files.load(path)
    return [str(p) for p in info.value.problems]


def _write(tmp_path: Path, text: str, name: str = "l.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


class TestStrictness:
    @pytest.mark.parametrize(
        ("confidence", "message"),
        [
            ('probability = "0.3"', "expected a number, got '0.3'"),
            ("probability = true", "expected a number, got true"),
            ("probability = 1.3", "expected a probability between 0 and 1, got 1.3"),
            ('phrase = "likely", polarity = "up"', "expected one of 'for', 'against', got 'up'"),
            ("phrase = 3", "expected text, got 3"),
        ],
    )
    def test_values_are_not_coerced(self, tmp_path: Path, confidence: str, message: str) -> None:
        """Strings, bools and out-of-range numbers are refused, never coerced."""
        problems = _problems(_write(tmp_path, MINIMAL.format(confidence=confidence)))
        assert len(problems) == 1
        assert problems[0].startswith("l.toml: $.predictions[0].confidence")
        assert message in problems[0]

    def test_bool_is_not_text_for_occurred(self, tmp_path: Path) -> None:
        """A string "false" is not the boolean false."""
        text = (
            '[[events]]\nid = "e"\nsubject = "s"\nkind = "k"\ndate = "2024"\noccurred = "false"\n'
        )
        assert _problems(_write(tmp_path, text)) == [
            "l.toml: $.events[0].occurred: expected true or false, got 'false'"
        ]

    def test_datetime_is_not_a_date(self, tmp_path: Path) -> None:
        """A TOML date-time where a date is meant is an error, not a silent truncation."""
        text = MINIMAL.format(confidence="probability = 0.5").replace(
            'stated = "2024-01-01"', "stated = 2024-01-01T10:00:00"
        )
        (problem,) = _problems(_write(tmp_path, text))
        assert "$.predictions[0].stated: expected a date, got a date-time" in problem

    def test_toml_dates_are_accepted(self, tmp_path: Path) -> None:
        """A native TOML date reads as that day."""
        text = MINIMAL.format(confidence="probability = 0.5").replace(
            'stated = "2024-01-01"', "stated = 2024-01-01"
        )
        ledger = files.load(_write(tmp_path, text))
        assert ledger.predictions[0].stated.start == dt.date(2024, 1, 1)

    def test_whole_number_probability_is_a_number(self, tmp_path: Path) -> None:
        """A probability written as 1 is accepted as 1.0 (ints are numbers; floats are never truncated)."""
        ledger = files.load(_write(tmp_path, MINIMAL.format(confidence="probability = 1")))
        confidence = ledger.predictions[0].confidence
        assert confidence is not None
        assert confidence.probability == 1.0

    def test_string_is_not_a_list(self, tmp_path: Path) -> None:
        """tags = "abc" is an error, not the list ["a", "b", "c"]."""
        text = MINIMAL.format(confidence="probability = 0.5") + "\n"
        text = text.replace('stated = "2024-01-01"', 'stated = "2024-01-01"\ntags = "abc"')
        assert _problems(_write(tmp_path, text)) == [
            "l.toml: $.predictions[0].tags: expected a list, got 'abc'"
        ]

    def test_scorable_prediction_needs_confidence(self, tmp_path: Path) -> None:
        """A statement with neither confidence nor an unscorable reason is reported."""
        text = MINIMAL.format(confidence="probability = 0.5").replace(
            "confidence = { probability = 0.5 }\n", ""
        )
        (problem,) = _problems(_write(tmp_path, text))
        assert problem.startswith(
            "l.toml: $.predictions[0]: a scorable prediction needs confidence"
        )


class TestBrokenCopy:
    def test_every_problem_is_named_at_once(self, tmp_path: Path) -> None:
        """A broken copy of the Karabakh case reports all five problems, each with file and path."""
        copy = tmp_path / "karabakh"
        shutil.copytree(KARABAKH, copy)
        preds = copy / "predictions.toml"
        text = preds.read_text(encoding="utf-8")
        # 1: a probability of 1.3
        text = text.replace(
            'confidence = { phrase = "seems highly unlikely" }',
            'confidence = { probability = 1.3, phrase = "seems highly unlikely" }',
        )
        # 2: a misspelled key
        text = text.replace(
            'topic = "peace-treaty"\nconfidence = { phrase = "unlikely" }',
            'topik = "peace-treaty"\nconfidence = { phrase = "unlikely" }',
        )
        # 4: a duplicate id
        text = text.replace('id = "amashov-enclaves-soon"', 'id = "amashov-eventual-withdrawal"')
        # 5: a reference to a missing source
        text = text.replace(
            'source = "markov"\ndocument = "caliber-2024-04-19"\nstated = "2024-04-19"\nquote = "In',
            'source = "markof"\ndocument = "caliber-2024-04-19"\nstated = "2024-04-19"\nquote = "In',
        )
        preds.write_text(text, encoding="utf-8")
        events = copy / "events.toml"
        # 3: an event date "soon"
        events.write_text(
            events.read_text(encoding="utf-8").replace('date = "2024-06-12"', 'date = "soon"'),
            encoding="utf-8",
        )
        problems = _problems(copy)
        assert len(problems) == 5, problems
        joined = "\n".join(problems)
        assert (
            "karabakh/predictions.toml: $.predictions[0].confidence.probability: expected a probability between 0 and 1, got 1.3"
            in joined
        )
        assert "karabakh/predictions.toml: $.predictions[1].topik: unknown key 'topik'" in joined
        assert "karabakh/events.toml: $.events[13].date: expected a date" in joined
        assert "got 'soon'" in joined
        assert (
            "karabakh/predictions.toml: $.predictions[18].id: duplicate id 'amashov-eventual-withdrawal'"
            in joined
        )
        assert (
            "karabakh/predictions.toml: $.predictions[16].source: no source with id 'markof'"
            in joined
        )


class TestFormats:
    def test_karabakh_round_trips_in_every_format(self, tmp_path: Path) -> None:
        """The fixture saved as TOML, JSON and JSON Lines loads back equal."""
        ledger = files.load(KARABAKH)
        for fmt in files.FORMATS:
            assert files.load(files.save(ledger, tmp_path / f"k.{fmt}")) == ledger

    def test_jsonl_problems_name_the_line(self, tmp_path: Path) -> None:
        """In JSON Lines a problem is placed by line number."""
        lines = [
            {"sources": {"id": "a", "name": "A"}},
            {"events": {"id": "e", "subject": "s", "kind": "k", "date": "soon"}},
        ]
        path = _write(tmp_path, "\n".join(json.dumps(x) for x in lines), "l.jsonl")
        (problem,) = _problems(path)
        assert problem.startswith("l.jsonl:2: $.events.date: expected a date")

    def test_invalid_syntax_is_a_problem_not_a_traceback(self, tmp_path: Path) -> None:
        """A TOML syntax error becomes one located problem."""
        (problem,) = _problems(_write(tmp_path, "[[sources]\nid = 1"))
        assert problem.startswith("l.toml: not valid TOML")

    def test_unknown_top_level_table(self, tmp_path: Path) -> None:
        """An unknown top-level key is named with the keys that are allowed."""
        (problem,) = _problems(_write(tmp_path, "[[forecasts]]\nid = 'x'\n"))
        assert problem == (
            "l.toml: $.forecasts: unknown key 'forecasts' "
            "(expected one of: log, sources, documents, predictions, events)"
        )

    def test_missing_path(self, tmp_path: Path) -> None:
        """Loading a path that does not exist says so."""
        (problem,) = _problems(tmp_path / "nope.toml")
        assert "no such file or folder" in problem


class TestAtomicSave:
    def test_failed_save_leaves_the_old_file(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """If writing fails midway, the previous file is intact and no temporary file is left."""
        ledger = files.load(KARABAKH)
        target = files.save(ledger, tmp_path / "k.toml")
        before = target.read_bytes()

        def boom(*args: object) -> None:
            raise OSError("disk full")

        monkeypatch.setattr("forecastcheck.files.os.replace", boom)
        with pytest.raises(OSError, match="disk full"):
            files.save(Ledger(), target)
        assert target.read_bytes() == before
        assert [p.name for p in tmp_path.iterdir()] == ["k.toml"]

    def test_unknown_suffix(self, tmp_path: Path) -> None:
        """Saving to an unknown format is refused before anything is written."""
        with pytest.raises(ValueError, match="unknown format 'yaml'"):
            files.save(Ledger(), tmp_path / "k.yaml")
        assert not list(tmp_path.iterdir())


class TestRoundTrip:
    @settings(max_examples=60)
    @given(ledger=ledgers(), fmt=st.sampled_from(files.FORMATS))
    def test_load_save_load_is_lossless(
        self, tmp_path_factory: pytest.TempPathFactory, ledger: Ledger, fmt: str
    ) -> None:
        """load(save(x)) == x for generated ledgers, in TOML, JSON and JSON Lines."""
        path = tmp_path_factory.mktemp("rt") / f"ledger.{fmt}"
        assert files.load(files.save(ledger, path)) == ledger

    def test_nested_propositions_keep_their_type(self) -> None:
        """A nested proposition unstructures with its type tag and back."""
        raw = files.converter.unstructure(
            Prediction(
                id="p",
                source="s",
                quote="q",
                stated=DateWindow.parse("2024"),
                unscorable="why",
                proposition=Occurs(subject="s", kind="k"),
            )
        )
        assert raw["proposition"] == {"type": "occurs", "subject": "s", "kind": "k"}


class TestRecordPlaces:
    def test_places_name_records_as_problems_do(self) -> None:
        """record_places lists every record with the file label and path its problems carry."""
        places = files.record_places(KARABAKH)
        predictions = [p for p in places if p.table == "predictions"]
        assert len(predictions) == 19
        assert predictions[1].file == "karabakh/predictions.toml"
        assert predictions[1].path == "$.predictions[1]"
        assert predictions[1].id == "niculescu-treaty-by-2025-11"
        assert next(label for _, label in files.ledger_files(KARABAKH)) == "karabakh/documents.toml"

    def test_holds_respects_index_boundaries(self) -> None:
        """A problem at $.predictions[10] belongs to record 10, not to record 1."""
        place = files.RecordPlace("predictions", "l.toml", "$.predictions[1]", Path("l.toml"), "p")
        assert place.holds(Problem("l.toml", "$.predictions[1].confidence", "x"))
        assert place.holds(Problem("l.toml", "$.predictions[1]", "x"))
        assert not place.holds(Problem("l.toml", "$.predictions[10].confidence", "x"))
        assert not place.holds(Problem("other.toml", "$.predictions[1]", "x"))
