"""The quick load path (plain parser, quick converter, shared tables): same records, same problems."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import cast

import pytest
from hypothesis import HealthCheck, given, settings

from forecastcheck.errors import LedgerError
from forecastcheck.ledger import MAX_FILE_NESTING, Ledger, _places, _quick, _raw, files, load, save
from forecastcheck.strategies import ledgers

PROPOSITION = {"type": "occurs", "subject": "s", "kind": "k", "deadline": "2025"}
PREDICTION = {"id": "p", "source": "a", "quote": "It will happen.", "stated": "2024-01-01"} | {
    "confidence": {"probability": 0.5},
    "proposition": PROPOSITION,
}


def _tree(*predictions: dict[str, object]) -> dict[str, object]:
    return {"sources": [{"id": "a", "name": "A"}], "predictions": list(predictions)}


def _problems(path: Path) -> list[str]:
    with pytest.raises(LedgerError) as info:
        load(path)
    return [str(p) for p in info.value.problems]


def _careful(path: Path, monkeypatch: pytest.MonkeyPatch) -> list[_raw.Record]:
    with monkeypatch.context() as m:
        m.setattr(_quick, "quick_tree", lambda *_: None)
        m.setattr(_quick, "quick_lines", lambda *_: None)
        records, problems = _raw.read_tree(path, path.name)
    assert problems == []
    return records


@pytest.mark.parametrize("fmt", ["json", "toml", "jsonl"])
@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(ledger=ledgers())
def test_quick_and_careful_readings_agree(
    ledger: Ledger, fmt: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A valid file gives the same records, in order, by the quick reading as by the careful one."""
    with tempfile.TemporaryDirectory() as folder:
        path = save(ledger, Path(folder) / f"l.{fmt}")
        quick, problems = _raw.read_tree(path, path.name)
        careful = _careful(path, monkeypatch)
        assert problems == []
        assert [r._replace(level=None) for r in quick] == careful
        assert all(r.level is not None for r in quick)  # the quick reading was taken
        assert load(path) == ledger


def test_a_shared_table_keeps_its_types(tmp_path: Path) -> None:
    """``true`` after an equal ``1`` in the same place is still refused (the memo tells types apart)."""
    second = {**PREDICTION, "id": "q", "confidence": {"probability": True}}
    path = tmp_path / "l.json"
    path.write_text(json.dumps(_tree({**PREDICTION, "confidence": {"probability": 1}}, second)))
    assert _problems(path) == [
        "l.json: $.predictions[1].confidence.probability: expected a number, got true"
    ]


def test_repeated_tables_are_built_once_per_load(tmp_path: Path) -> None:
    """Equal proposition and confidence tables give one shared object within a load, not across."""
    path = tmp_path / "l.json"
    path.write_text(json.dumps(_tree(PREDICTION, {**PREDICTION, "id": "q"})))
    first, second = load(path).predictions
    assert first.proposition is second.proposition
    assert first.confidence is second.confidence
    assert load(path).predictions[0].proposition is not first.proposition


DEEP = "[" * (MAX_FILE_NESTING + 1) + "]" * (MAX_FILE_NESTING + 1)


@pytest.mark.parametrize(
    ("name", "text", "where"),
    [
        (
            "l.jsonl",
            '{"sources": {"id": "a", "name": "A"}}\n'
            + json.dumps({"predictions": PREDICTION}).replace('"It will happen."', DEEP)
            + "\n",
            "l.jsonl:2: $.predictions",
        ),
        (
            "l.json",
            json.dumps(
                {**_tree(PREDICTION), "log": {"complete_through": [[[]]], "subjects": 1}}
            ).replace("[[[]]]", DEEP[1:-1]),
            "l.json: $.log",
        ),
        (
            "l.toml",
            "[[sources]]\nid = 'a'\nname = 'A'\nnotes = " + DEEP[2:-2] + "\n",
            "l.toml: $.sources[0]",
        ),
    ],
)
def test_deep_nesting_in_a_record_is_found_when_it_fails(
    tmp_path: Path, name: str, text: str, where: str
) -> None:
    """A record nested past the limit in an otherwise well-formed file is reported, located."""
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    problems = _problems(path)
    assert f"{where}: arrays and tables nested more than {MAX_FILE_NESTING} levels deep" in problems


def _careful_problems(path: Path, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    with monkeypatch.context() as m:
        m.setattr(_quick, "quick_tree", lambda *_: None)
        m.setattr(_quick, "quick_lines", lambda *_: None)
        return _problems(path)


BAD_LEDGERS = {
    "a bad probability": _tree({**PREDICTION, "confidence": {"probability": 1.5}}),
    "an unknown key": _tree({**PREDICTION, "colour": "red"}),
    "a bad date": _tree({**PREDICTION, "stated": "soon"}),
    "a dangling revises": _tree({**PREDICTION, "revises": "nothing"}),
    "a self revision": _tree({**PREDICTION, "revises": "p"}),
    "an unknown source": _tree({**PREDICTION, "source": "b"}),
    "several at once": _tree(
        {**PREDICTION, "stated": "soon"}, {**PREDICTION, "id": "q", "source": "b"}
    ),
}


@pytest.mark.parametrize("case", list(BAD_LEDGERS))
@pytest.mark.parametrize("fmt", ["json", "jsonl"])
def test_quick_and_careful_readings_report_the_same_problems(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, case: str, fmt: str
) -> None:
    """A file with mistakes gives the same located problems, all of them, by either reading."""
    ledger = BAD_LEDGERS[case]
    path = tmp_path / f"l.{fmt}"
    if fmt == "json":
        path.write_text(json.dumps(ledger), encoding="utf-8")
    else:
        lines = [
            {table: record}
            for table, records in ledger.items()
            for record in cast("list[object]", records)
        ]
        path.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    quick = _problems(path)
    assert quick  # every case is a mistake
    assert quick == _careful_problems(path, monkeypatch)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(ledger=ledgers())
def test_json_lines_records_are_built_as_they_are_read(
    ledger: Ledger, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A JSON Lines load builds each line's record as read, keeps no parsed tree, equals careful."""
    with tempfile.TemporaryDirectory() as folder:
        path = save(ledger, Path(folder) / "l.jsonl")
        read, problems = _raw.read_tree(path, path.name, files._quick_build)
        # the lines built one after another are held as runs, each line's record made on demand
        runs = [r for r in read if r.table != "log"]
        assert all(type(r) is _raw.Lines for r in runs)
        assert len(runs) == len({r.table for r in runs})  # one run a table: saved in one piece
        built = list(_places.each_record(read))
        careful = _careful(path, monkeypatch)
        assert problems == []
        assert [(r.table, r.file, r.path) for r in built] == [
            (r.table, r.file, r.path) for r in careful
        ]
        assert not any(isinstance(r.raw, dict) for r in built if r.table != "log")
        with monkeypatch.context() as m:
            m.setattr(_quick, "quick_lines", lambda *_: None)
            carefully = load(path)
        assert load(path) == carefully == ledger


def test_json_lines_in_any_layout_read_alike(tmp_path: Path) -> None:
    """Blank lines, CRLF endings, spaces around a line and no final newline keep line numbers."""
    lines = [
        json.dumps({"sources": {"id": "a", "name": "A"}}),
        json.dumps({"predictions": PREDICTION}),
        json.dumps({"predictions": {**PREDICTION, "id": "q", "stated": "soon"}}),
    ]
    plain = tmp_path / "plain.jsonl"
    plain.write_text("\n".join(lines) + "\n", encoding="utf-8")
    other = tmp_path / "other.jsonl"
    other.write_text(f"{lines[0]}\r\n\n  {lines[1]} \n{lines[2]}", encoding="utf-8")
    assert _problems(plain) == [
        "plain.jsonl:3: $.predictions.stated: expected a date (YYYY-MM-DD, YYYY-MM, YYYY-Qn, "
        "YYYY-Hn, YYYY or A..B), got 'soon'"
    ]
    assert _problems(other) == [
        p.replace("plain.jsonl:3", "other.jsonl:4") for p in _problems(plain)
    ]


def test_a_broken_json_lines_file_is_read_line_by_line_keeping_built_records(
    tmp_path: Path,
) -> None:
    """The careful reading of a JSON Lines file with a bad line builds each good line's record
    as read and keeps no parsed tree of it; the problem is still told, located by line."""
    lines = [json.dumps({"sources": {"id": "a", "name": "A"}})]
    lines += [json.dumps({"predictions": {**PREDICTION, "id": f"p{i}"}}) for i in range(50)]
    lines.insert(20, "{not json")
    path = tmp_path / "l.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    read, problems = _raw.read_tree(path, path.name, files._quick_build)
    records = list(_places.each_record(read))
    assert [str(p) for p in problems] == [
        "l.jsonl:21: not valid JSON: Expecting property name enclosed in double quotes (column 2)"
    ]
    assert len(records) == 51
    assert not any(isinstance(r.raw, dict) for r in records)
    assert _problems(path) == [str(p) for p in problems]


@pytest.mark.parametrize("fmt", ["json", "toml"])
@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(ledger=ledgers())
def test_a_tables_records_are_built_as_they_are_read(
    ledger: Ledger, fmt: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A JSON or TOML load holds each table's records built as read in one run, each record
    placed (file and path) when asked for, as the careful reading places it."""
    with tempfile.TemporaryDirectory() as folder:
        path = save(ledger, Path(folder) / f"l.{fmt}")
        read, problems = _raw.read_tree(path, path.name, files._quick_build)
        runs = [r for r in read if r.table != "log"]
        assert all(type(r) is _raw.Rows for r in runs)
        assert len(runs) == len({r.table for r in runs})  # every record built: one run a table
        built = list(_places.each_record(read))
        careful = _careful(path, monkeypatch)
        assert problems == []
        assert [(r.table, r.file, r.path) for r in built] == [
            (r.table, r.file, r.path) for r in careful
        ]
        assert not any(isinstance(r.raw, dict) for r in built if r.table != "log")
        for run in runs:  # a record asked for by its place is the one iterated there
            assert [run[i] for i in range(len(run))] == list(run) == run[:]


def test_a_record_the_pass_refuses_splits_its_tables_run(tmp_path: Path) -> None:
    """A record not built as read is kept as parsed between two runs of records built; every
    problem after it, of the record itself or of a record built, names its own place."""
    predictions = [{**PREDICTION, "id": f"p{i}"} for i in range(6)]
    predictions[2] = {**predictions[2], "stated": "soon"}  # refused: structured, and told
    predictions[4] = {**predictions[4], "stated": "2026-01-01"}  # built: its deadline is past
    path = tmp_path / "l.json"
    path.write_text(json.dumps(_tree(*predictions)), encoding="utf-8")
    read, problems = _raw.read_tree(path, path.name, files._quick_build)
    assert problems == []
    shapes = [(type(r).__name__, r.table, len(r) if isinstance(r, _raw.Rows) else 1) for r in read]
    assert shapes == [
        ("Rows", "sources", 1),
        ("Rows", "predictions", 2),
        ("Record", "predictions", 1),
        ("Rows", "predictions", 3),
    ]
    paths = [r.path for r in _places.each_record(read) if r.table == "predictions"]
    assert paths == [f"$.predictions[{i}]" for i in range(6)]
    told = _problems(path)
    assert told[0] == (
        "l.json: $.predictions[2].stated: expected a date (YYYY-MM-DD, YYYY-MM, YYYY-Qn, "
        "YYYY-Hn, YYYY or A..B), got 'soon'"
    )
    assert len(told) == 2
    assert told[1].startswith("l.json: $.predictions[4].proposition.deadline:")
