"""Loading and saving ledgers: strictness, located problems, atomic saves, round trips."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import attrs
import pytest
import tomli_w
from hypothesis import given, settings
from hypothesis import strategies as st

from forecastcheck import ledger as files
from forecastcheck.cli import main
from forecastcheck.errors import FieldError, LedgerError, Problem
from forecastcheck.ledger import (
    MAX_PROPOSITION_DEPTH,
    DateWindow,
    Ledger,
    Not,
    Occurs,
    Prediction,
    Proposition,
)
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


NASTY_TEXTS = [
    "a\r\nb",
    "a\rb",
    "\r",
    "\r\n",
    "ends with CR\r",
    "a\nb\r\n",
    "tab\there",
    "nul\x00byte",
    "line\u2028separator\u2029paragraph",
    "esc\x1b[31mbel\x07del\x7f",
    "\x85next line\x0bvt\x0cff",
    '"""triple quotes"""',
    "'''single'''",
    "back\\slash\\",
    "\ufeffbom inside",
    "right-to-left \u202e override",
    "\U0001f600 emoji",
    "  spaces around  ",
]
"""Strings that have broken round trips or could: every one must survive every format."""

NASTY_PIECES = st.lists(
    st.sampled_from(
        [
            *("\r\n", "\r", "\n", "\t", "\x00", "\x1b", "\x7f", "\x85", "\u2028", "\ufeff"),
            *('"""', "'", "\\", "a", " "),
        ]
    ),
    max_size=8,
).map("".join)
"""Texts built from the pieces of NASTY_TEXTS, in any order."""


def _with_text(ledger: Ledger, text: str) -> Ledger:
    """The ledger with ``text`` in every free-text field of every record."""

    def proposition(p: Proposition | None) -> Proposition | None:
        return None if p is None else attrs.evolve(p, text=text)

    return attrs.evolve(
        ledger,
        sources=[attrs.evolve(s, notes=text, role=text) for s in ledger.sources],
        documents=[attrs.evolve(d, notes=text, author=text) for d in ledger.documents],
        predictions=[
            attrs.evolve(
                p, quote=f"q{text}", notes=text, topic=text, proposition=proposition(p.proposition)
            )
            for p in ledger.predictions
        ],
        log=attrs.evolve(
            ledger.log, events=[attrs.evolve(e, summary=text) for e in ledger.log.events]
        ),
    )


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

        monkeypatch.setattr("forecastcheck.ledger.writing.os.replace", boom)
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


# --- hostile and broken input -------------------------------------------------

ONE_RECORD: dict[str, list[dict[str, object]]] = {
    "sources": [{"id": "a", "name": "A"}],
    "predictions": [
        {
            "id": "p",
            "source": "a",
            "quote": "It will happen.",
            "stated": "2024-01-01",
            "confidence": {"probability": 0.5},
            "proposition": {"type": "occurs", "subject": "s", "kind": "k", "deadline": "2025"},
        }
    ],
}


def _jsonl(tree: dict[str, list[dict[str, object]]]) -> str:
    return "".join(json.dumps({table: r}) + "\n" for table, rows in tree.items() for r in rows)


class TestFolders:
    def _ledger_folder(self, tmp_path: Path) -> Path:
        folder = tmp_path / "ledger"
        folder.mkdir()
        (folder / "a.toml").write_text(MINIMAL.format(confidence="probability = 0.5"), "utf-8")
        return folder

    def test_unreadable_subfolder_is_a_problem(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """A sub-folder the system refuses to list is reported, not skipped."""
        folder = self._ledger_folder(tmp_path)
        (folder / "locked").mkdir()
        real_scandir = os.scandir

        def scandir(path: str) -> Iterator[os.DirEntry[str]]:
            if Path(path).name == "locked":
                raise PermissionError(13, "Permission denied", path)
            return real_scandir(path)

        monkeypatch.setattr(os, "scandir", scandir)
        assert _problems(folder) == ["ledger/locked: cannot read folder: Permission denied"]

    @pytest.mark.skipif(
        hasattr(os, "geteuid") and os.geteuid() == 0,
        reason="root reads every folder whatever its mode, so chmod 000 cannot lock it",
    )
    def test_chmod_000_subfolder_is_a_problem(self, tmp_path: Path) -> None:
        """A chmod 000 sub-folder, checked as an unprivileged user, is reported."""
        folder = self._ledger_folder(tmp_path)
        locked = folder / "locked"
        locked.mkdir()
        (locked / "b.toml").write_text("", "utf-8")
        locked.chmod(0)
        try:
            assert _problems(folder) == ["ledger/locked: cannot read folder: Permission denied"]
        finally:
            locked.chmod(0o755)

    def test_unreadable_file_is_a_problem(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """A ledger file the system refuses to open is reported with its name."""
        folder = self._ledger_folder(tmp_path)
        real_open = os.open

        def fake_open(path: Path, flags: int) -> int:
            if path.name == "a.toml":
                raise PermissionError(13, "Permission denied", str(path))
            return real_open(path, flags)

        monkeypatch.setattr(os, "open", fake_open)
        assert _problems(folder) == ["ledger/a.toml: cannot read: Permission denied"]

    def test_symlinked_subfolder_is_read(self, tmp_path: Path) -> None:
        """A symbolic link to a folder is followed: its files are part of the ledger."""
        folder = self._ledger_folder(tmp_path)
        elsewhere = tmp_path / "elsewhere"
        elsewhere.mkdir()
        (elsewhere / "s.toml").write_text('[[sources]]\nid = "b"\nname = "B"\n', "utf-8")
        (folder / "linked").symlink_to(elsewhere, target_is_directory=True)
        assert [s.id for s in files.load(folder).sources] == ["a", "b"]
        assert [label for _, label in files.ledger_files(folder)] == [
            "ledger/a.toml",
            "ledger/linked/s.toml",
        ]

    def test_symlink_loop_is_a_problem_not_a_hang(self, tmp_path: Path) -> None:
        """A link back to an enclosing folder is reported once; nothing is read twice."""
        folder = self._ledger_folder(tmp_path)
        (folder / "sub").mkdir()
        (folder / "sub" / "loop").symlink_to(folder, target_is_directory=True)
        assert _problems(folder) == [
            "ledger/sub/loop: the same folder as ledger (a symbolic link loop or a second "
            "link to it); each folder is read once"
        ]

    def test_second_link_to_a_file_is_a_problem(self, tmp_path: Path) -> None:
        """Two names for one ledger file are reported, not read twice."""
        folder = self._ledger_folder(tmp_path)
        (folder / "b.toml").symlink_to(folder / "a.toml")
        assert _problems(folder) == [
            "ledger/b.toml: the same file as ledger/a.toml (through a symbolic link); "
            "each file is read once"
        ]

    def test_dangling_symlink_is_a_problem(self, tmp_path: Path) -> None:
        """A *.toml link whose target is gone is reported, not skipped."""
        folder = self._ledger_folder(tmp_path)
        (folder / "gone.toml").symlink_to(tmp_path / "nowhere.toml")
        assert _problems(folder) == [
            f"ledger/gone.toml: broken symbolic link (to {tmp_path / 'nowhere.toml'}, "
            "which does not exist)"
        ]

    def test_fifo_in_folder_is_a_problem_not_a_hang(self, tmp_path: Path) -> None:
        """A named pipe called *.toml inside a ledger folder is reported and never read."""
        folder = self._ledger_folder(tmp_path)
        os.mkfifo(folder / "pipe.toml")
        assert _problems(folder) == ["ledger/pipe.toml: not a regular file (a named pipe)"]

    def test_check_dot_labels_files_relative_to_the_folder(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """`check .` names files as bad.toml, not /bad.toml."""
        _write(tmp_path, "[[forecasts]]\n", "bad.toml")
        monkeypatch.chdir(tmp_path)
        assert main(["check", "."]) == 1
        assert capsys.readouterr().err.splitlines()[0].startswith("bad.toml: $.forecasts:")


class TestPaths:
    def test_device_as_path_is_a_problem(self) -> None:
        """/dev/zero as PATH is refused by kind, never read (no MemoryError)."""
        assert _problems(Path("/dev/zero")) == [
            "/dev/zero: not a ledger file or folder (a character device)"
        ]

    def test_fifo_as_path_is_a_problem_not_a_hang(self, tmp_path: Path) -> None:
        """A named pipe as PATH is refused by kind without opening it (no hang)."""
        os.mkfifo(tmp_path / "pipe.toml")
        assert _problems(tmp_path / "pipe.toml") == [
            f"{tmp_path / 'pipe.toml'}: not a ledger file or folder (a named pipe)"
        ]

    def test_overlong_path_is_a_problem(self, tmp_path: Path) -> None:
        """A 300-character file name is a problem naming the path, not an OSError."""
        path = tmp_path / ("x" * 300 + ".toml")
        assert _problems(path) == [f"{path}: cannot read: File name too long"]


class TestStringsRoundTrip:
    def test_crlf_from_json_survives_toml(self, tmp_path: Path) -> None:
        """load(JSON with "a\\r\\nb") → save TOML → load gives the same text back."""
        tree = json.loads(json.dumps(ONE_RECORD))
        tree["predictions"][0]["quote"] = "a\r\nb"
        ledger = files.load(_write(tmp_path, json.dumps(tree), "l.json"))
        assert files.load(files.save(ledger, tmp_path / "l.toml")) == ledger
        assert ledger.predictions[0].quote == "a\r\nb"

    @pytest.mark.parametrize("fmt", files.FORMATS)
    @pytest.mark.parametrize("text", NASTY_TEXTS)
    def test_every_string_survives_every_format(self, tmp_path: Path, fmt: str, text: str) -> None:
        """Control characters, CR, CRLF, tabs, U+2028, NUL and quotes survive save → load."""
        ledger = _with_text(files.load(_write(tmp_path, json.dumps(ONE_RECORD), "l.json")), text)
        assert files.load(files.save(ledger, tmp_path / f"copy.{fmt}")) == ledger

    @settings(max_examples=60)
    @given(
        ledger=ledgers(),
        text=NASTY_PIECES,
        fmt=st.sampled_from(files.FORMATS),
    )
    def test_nasty_text_round_trips(
        self, tmp_path_factory: pytest.TempPathFactory, ledger: Ledger, text: str, fmt: str
    ) -> None:
        """Generated ledgers whose texts hold CR, controls and separators load back equal."""
        ledger = _with_text(ledger, text)
        path = tmp_path_factory.mktemp("rt") / f"ledger.{fmt}"
        assert files.load(files.save(ledger, path)) == ledger


class TestDuplicateKeys:
    @pytest.mark.parametrize("name", ["l.json", "l.jsonl"])
    def test_duplicate_key_in_a_record(self, tmp_path: Path, name: str) -> None:
        """{"probability": 0.9, "probability": 0.1} is a located error, not "last wins"."""
        text = _jsonl(ONE_RECORD) if name.endswith("l") else json.dumps(ONE_RECORD)
        text = text.replace('"probability": 0.5', '"probability": 0.9, "probability": 0.1')
        where = "l.jsonl:2: $.predictions" if name.endswith("l") else "l.json: $.predictions[0]"
        assert _problems(_write(tmp_path, text, name)) == [
            f"{where}.confidence.probability: duplicate key 'probability'"
        ]

    def test_second_top_level_table(self, tmp_path: Path) -> None:
        """A second top-level "sources" is reported instead of dropping the first."""
        text = json.dumps(ONE_RECORD)[:-1] + ', "sources": [{"id": "a", "name": "B"}]}'
        assert _problems(_write(tmp_path, text, "l.json")) == [
            "l.json: $.sources: duplicate key 'sources'"
        ]

    def test_duplicate_key_deep_in_a_proposition(self, tmp_path: Path) -> None:
        """A duplicate at any depth is found and placed."""
        text = json.dumps(ONE_RECORD).replace('"kind": "k"', '"kind": "k", "kind": "j"')
        assert _problems(_write(tmp_path, text, "l.json")) == [
            "l.json: $.predictions[0].proposition.kind: duplicate key 'kind'"
        ]


def _nested_all(depth: int) -> dict[str, object]:
    proposition: dict[str, object] = {"type": "occurs", "subject": "s", "kind": "k"}
    for i in range(depth - 1):
        proposition = {"type": ("all", "any", "not", "if")[i % 4], **_children(i, proposition)}
    return proposition


def _children(i: int, inner: dict[str, object]) -> dict[str, object]:
    kind = ("all", "any", "not", "if")[i % 4]
    if kind == "not":
        return {"proposition": inner}
    if kind == "if":
        return {"condition": {"type": "occurs", "subject": "c", "kind": "k"}, "then": inner}
    return {"propositions": [inner]}


def _inline_toml(tree: dict[str, object]) -> str:
    """A tree as TOML with inline tables (tomli_w cannot write 200 nested tables)."""

    def inline(value: object) -> str:
        if isinstance(value, dict):
            return "{ " + ", ".join(f"{k} = {inline(v)}" for k, v in value.items()) + " }"
        if isinstance(value, list):
            return "[" + ", ".join(inline(v) for v in value) + "]"
        return json.dumps(value)

    return "".join(f"{k} = {inline(v)}\n" for k, v in tree.items())


class TestDepth:
    def test_very_deep_json_is_a_problem(self, tmp_path: Path) -> None:
        """10^5 nested JSON arrays give a located problem, not a RecursionError."""
        text = '{"sources": ' + "[" * 100_000 + "]" * 100_000 + "}"
        (problem,) = _problems(_write(tmp_path, text, "l.json"))
        assert problem.startswith("l.json: nested too deep")

    def test_very_deep_jsonl_is_a_problem(self, tmp_path: Path) -> None:
        """A JSON Lines record nested 10^5 deep is placed by its line."""
        text = (
            '{"sources": {"id": "a", "name": "A"}}\n{"events": '
            + "[" * 100_000
            + "]" * 100_000
            + "}\n"
        )
        (problem,) = _problems(_write(tmp_path, text, "l.jsonl"))
        assert problem.startswith("l.jsonl:2: nested too deep")

    def test_very_deep_toml_is_a_problem(self, tmp_path: Path) -> None:
        """1000 nested TOML arrays give a located problem, not a RecursionError."""
        text = "[[sources]]\nid = 'a'\nname = 'A'\nnotes = " + "[" * 1000 + "]" * 1000 + "\n"
        (problem,) = _problems(_write(tmp_path, text))
        assert problem.startswith("l.toml: nested too deep")

    def test_deep_but_parseable_json_is_a_problem(self, tmp_path: Path) -> None:
        """Arrays nested past the documented limit, though parseable, are a located problem."""
        deep = "[" * (files.MAX_FILE_NESTING + 1) + "]" * (files.MAX_FILE_NESTING + 1)
        text = json.dumps(ONE_RECORD).replace('"It will happen."', deep)
        assert _problems(_write(tmp_path, text, "l.json")) == [
            f"l.json: $.predictions[0]: arrays and tables nested more than "
            f"{files.MAX_FILE_NESTING} levels deep"
        ]

    @pytest.mark.parametrize("name", ["l.toml", "l.json"])
    def test_deep_propositions_are_a_problem(self, tmp_path: Path, name: str) -> None:
        """200 nested all/any/not/if propositions are refused at load with a located problem."""
        tree = json.loads(json.dumps(ONE_RECORD))
        tree["predictions"][0]["proposition"] = _nested_all(200)
        text = _inline_toml(tree) if name.endswith("toml") else json.dumps(tree)
        assert _problems(_write(tmp_path, text, name)) == [
            f"{name}: $.predictions[0].proposition: propositions nested more than "
            f"{MAX_PROPOSITION_DEPTH} deep (not, all, any and if)"
        ]

    def test_deepest_allowed_propositions_load_and_report(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A proposition at the maximum depth loads, checks and reports."""
        tree = json.loads(json.dumps(ONE_RECORD))
        tree["predictions"][0]["proposition"] = _nested_all(MAX_PROPOSITION_DEPTH)
        path = _write(tmp_path, json.dumps(tree), "l.json")
        assert files.load(path).predictions[0].proposition is not None
        assert main(["report", str(path), "--as-of", "2026-02-07", "--bootstrap", "0"]) == 0

    def test_deep_proposition_in_memory_is_refused(self) -> None:
        """A Prediction built in memory with 200 nested propositions is refused, not recursed."""
        proposition: Proposition = Occurs(subject="s", kind="k")
        for _ in range(199):
            proposition = Not(proposition=proposition)
        with pytest.raises(FieldError, match="propositions nested more than 32 deep"):
            Prediction(
                id="p",
                source="a",
                quote="q",
                stated=DateWindow.parse("2024"),
                unscorable="x",
                proposition=proposition,
            )


class TestHugeNumbers:
    @pytest.mark.parametrize("name", ["l.json", "l.jsonl", "l.toml"])
    def test_integer_over_the_digit_limit(self, tmp_path: Path, name: str) -> None:
        """A 5000-digit integer is a located problem, not ValueError: Exceeds the limit."""
        huge = "1" + "0" * 4999
        if name.endswith("toml"):
            text = MINIMAL.format(confidence=f"probability = {huge}")
            where = "l.toml: not valid TOML: a whole number has more than 4300 digits (at line 11"
        else:
            text = _jsonl(ONE_RECORD) if name.endswith("l") else json.dumps(ONE_RECORD)
            text = text.replace('"probability": 0.5', f'"probability": {huge}')
            where = f"{'l.jsonl:2: $.predictions' if name.endswith('l') else 'l.json: $.predictions[0]'}"
            where += ".confidence.probability: expected a number of at most 4300 digits, got 5000"
        (problem,) = _problems(_write(tmp_path, text, name))
        assert problem.startswith(where), problem

    def test_integer_too_large_for_a_float(self, tmp_path: Path) -> None:
        """A 400-digit integer probability is a located problem, not OverflowError."""
        text = MINIMAL.format(confidence=f"probability = 1{'0' * 400}")
        assert _problems(_write(tmp_path, text)) == [
            "l.toml: $.predictions[0].confidence.probability: expected a finite number, "
            "got a whole number of 401 digits"
        ]


class TestSurrogates:
    @pytest.mark.parametrize("name", ["l.json", "l.jsonl"])
    def test_lone_surrogate_is_a_problem(self, tmp_path: Path, name: str) -> None:
        """A lone surrogate ("\\ud800") in a value is refused at load, so save cannot fail."""
        text = _jsonl(ONE_RECORD) if name.endswith("l") else json.dumps(ONE_RECORD)
        text = text.replace("It will happen.", "It will\\ud800 happen.")
        where = "l.jsonl:2: $.predictions" if name.endswith("l") else "l.json: $.predictions[0]"
        assert _problems(_write(tmp_path, text, name)) == [
            f"{where}.quote: text holds a lone surrogate ('\\ud800'), which is not a character"
        ]

    def test_lone_surrogate_in_a_key_is_a_problem(self, tmp_path: Path) -> None:
        """A lone surrogate in a key is refused too."""
        text = json.dumps(ONE_RECORD).replace('"name"', '"n\\udfffame"')
        problems = _problems(_write(tmp_path, text, "l.json"))
        assert (
            "l.json: $.sources[0]: key holds a lone surrogate ('\\udfff'), which is not a character"
            in problems
        )

    @pytest.mark.parametrize("name", ["l.json", "l.jsonl"])
    def test_upper_case_escape_deep_in_a_record_is_found(self, tmp_path: Path, name: str) -> None:
        """A lone surrogate written "\\uDBFF" inside a nested table is found like a lower-case one."""
        text = _jsonl(ONE_RECORD) if name.endswith("l") else json.dumps(ONE_RECORD)
        text = text.replace('"kind": "k",', '"kind": "k", "text": "a\\uDBFF",')
        where = "l.jsonl:2: $.predictions" if name.endswith("l") else "l.json: $.predictions[0]"
        assert _problems(_write(tmp_path, text, name)) == [
            f"{where}.proposition.text: text holds a lone surrogate ('\\udbff'), "
            "which is not a character"
        ]

    def test_an_escaped_pair_is_one_character(self, tmp_path: Path) -> None:
        """A surrogate pair escape ("\\ud83d\\ude00") is one character, not a problem."""
        text = json.dumps(ONE_RECORD).replace("It will happen.", "It will \\ud83d\\ude00 happen.")
        ledger = files.load(_write(tmp_path, text, "l.json"))
        assert ledger.predictions[0].quote == "It will \U0001f600 happen."


class TestOnePass:
    def test_type_and_deadline_problems_come_together(self, tmp_path: Path) -> None:
        """topic = 5 and deadline "whenever" in one record are both reported at once."""
        text = MINIMAL.format(confidence="probability = 0.5")
        text = text.replace('deadline = "2025"', 'deadline = "whenever"')
        text = text.replace('stated = "2024-01-01"', 'stated = "2024-01-01"\ntopic = 5')
        problems = _problems(_write(tmp_path, text))
        assert len(problems) == 2, problems
        assert problems[0].startswith("l.toml: $.predictions[0].proposition.deadline: ")
        assert "'whenever'" in problems[0]
        assert problems[1] == "l.toml: $.predictions[0].topic: expected text, got 5"

    def test_type_and_identifier_problems_come_together(self, tmp_path: Path) -> None:
        """A bad id and a wrong type in one record are both reported at once."""
        text = MINIMAL.format(confidence="probability = 0.5")
        text = text.replace('id = "p"', 'id = "no spaces"\ntopic = 5')
        problems = _problems(_write(tmp_path, text))
        assert problems == [
            "l.toml: $.predictions[0].id: expected an identifier (letters, digits and . _ : / -), "
            "got 'no spaces'",
            "l.toml: $.predictions[0].topic: expected text, got 5",
        ]


class TestFileStart:
    @pytest.mark.parametrize("name", ["l.toml", "l.json", "l.jsonl"])
    def test_byte_order_mark_is_accepted(self, tmp_path: Path, name: str) -> None:
        """A file starting with a UTF-8 byte-order mark reads as without it."""
        text = {"l.toml": tomli_w.dumps(ONE_RECORD), "l.json": json.dumps(ONE_RECORD)}.get(
            name, _jsonl(ONE_RECORD)
        )
        path = tmp_path / name
        path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
        assert files.load(path) == files.load(_write(tmp_path, text, "plain." + name[2:]))


class TestEcho:
    @pytest.mark.parametrize(
        ("field", "start"),
        [
            ("stated", "expected a date"),
            ("id", "expected an identifier"),
            ("confidence.polarity", "expected one of"),
            ("proposition.deadline", "deadline"),
            ("confidence.probability", "expected a number"),
        ],
    )
    def test_long_bad_values_are_cut(self, tmp_path: Path, field: str, start: str) -> None:
        """A bad 10^7-character value is echoed as its first 60 characters and its length."""
        tree = json.loads(json.dumps(ONE_RECORD))
        *parents, name = field.split(".")
        record = tree["predictions"][0]
        for parent in parents:
            record = record[parent]
        record[name] = "x " * 5_000_000
        (problem,) = _problems(_write(tmp_path, json.dumps(tree), "l.json"))
        assert start in problem
        assert len(problem) < 400, problem[:400]
        assert f"…({10**7} characters)" in problem
