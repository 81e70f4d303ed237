"""A JSON Lines file read a block at a time (ledger/folders.py ``text_blocks``, ledger/_raw.py):
the same text, the same line numbers and the same ledger or problems as the whole text gives."""

from __future__ import annotations

import json
import typing
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from forecastcheck.errors import LedgerError, Problem
from forecastcheck.ledger import Ledger, _raw, folders, load

# -- the blocks ---------------------------------------------------------------

BYTE_LINES = st.sampled_from(
    [b"", b"a", b"abc def", b"x" * 70, "é ü 日本".encode(), b"\r", b"tail\r", b"{}"]
)


def _joined(blocks: list[tuple[str, int]], whole: str) -> str:
    """The blocks put back together: each ended at a newline, the last one too when the text is."""
    return "\n".join(text for text, _ in blocks) + ("\n" if whole.endswith("\n") else "")


@settings(deadline=None)
@given(
    lines=st.lists(BYTE_LINES, max_size=8),
    end=st.sampled_from([b"", b"\n", b"\n\n"]),
    bom=st.booleans(),
    size=st.integers(1, 40),
)
def test_blocks_put_together_are_the_whole_text_and_number_its_lines(
    tmp_path_factory: pytest.TempPathFactory, lines: list[bytes], end: bytes, bom: bool, size: int
) -> None:
    """Whatever the block size (smaller than a character, than a line, than the byte-order
    mark): the blocks are the text read whole, and each starts at its line's number."""
    path = tmp_path_factory.mktemp("blocks") / "l.jsonl"
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + b"\n".join(lines) + end)
    whole = folders.read_text(path, "l.jsonl")
    assert isinstance(whole, str)
    blocks = list(folders.text_blocks(path, size))
    assert _joined(blocks, whole) == whole
    before = 0
    for text, first in blocks:
        assert first == before + 1
        before += text.count("\n") + 1
    assert len(blocks) <= whole.count("\n") + 1


def test_a_block_is_a_run_of_whole_lines_of_about_the_size(tmp_path: Path) -> None:
    path = tmp_path / "l.jsonl"
    path.write_bytes(b"".join(b"%03d\n" % i for i in range(100)))  # 4 bytes a line
    blocks = list(folders.text_blocks(path, 10))
    # 10 bytes read at a time: each block ends at the last newline read, the rest carried on
    assert blocks[:3] == [("000\n001", 1), ("002\n003\n004", 3), ("005\n006", 6)]
    assert [first for _, first in blocks] == [n + 5 * k for k in range(20) for n in (1, 3)]
    assert blocks[-1] == ("097\n098\n099", 98)
    one = list(folders.text_blocks(path, 1 << 20))
    assert one == [("\n".join(f"{i:03d}" for i in range(100)), 1)]


def test_an_empty_file_is_one_empty_block(tmp_path: Path) -> None:
    path = tmp_path / "l.jsonl"
    path.write_bytes(b"")
    assert list(folders.text_blocks(path, 4)) == [("", 1)]


def test_a_line_longer_than_many_blocks_is_joined_once(tmp_path: Path) -> None:
    path = tmp_path / "l.jsonl"
    path.write_bytes(b"a" * 1000 + b"\nb\n" + "é".encode() * 300)
    assert list(folders.text_blocks(path, 3)) == [("a" * 1000, 1), ("b", 2), ("é" * 300, 3)]


def test_bytes_that_are_not_utf8_fail_in_their_block(tmp_path: Path) -> None:
    path = tmp_path / "l.jsonl"
    path.write_bytes(b"ok\n" * 10 + b"\xff\n" + b"ok\n")
    blocks = folders.text_blocks(path, 6)
    assert next(blocks) == ("ok\nok", 1)
    with pytest.raises(UnicodeDecodeError):
        list(blocks)


def test_a_file_that_cannot_be_opened_raises_before_any_block(tmp_path: Path) -> None:
    with pytest.raises(OSError, match="cannot read"):
        next(folders.text_blocks(tmp_path / "missing.jsonl"))
    with pytest.raises(OSError, match="not a regular file"):
        next(folders.text_blocks(tmp_path))


# -- the ledger -----------------------------------------------------------------


def _line(table: str, record: object) -> bytes:
    return json.dumps({table: record}).encode()


def _prediction(i: int, **changes: object) -> dict[str, object]:
    record: dict[str, object] = {
        "id": f"p{i}",
        "source": "a",
        "quote": "It will happen.",
        "stated": "2024-01-01",
        "confidence": {"probability": 0.5},
        "proposition": {"type": "occurs", "subject": f"s{i}", "kind": "k", "deadline": "2025"},
    }
    record.update(changes)
    return record


#: Lines of a JSON Lines ledger, each made for its place (``i``): good records, and every kind
#: of trouble a block may hold, found by the quick reading, by the careful one or by the ledger.
LEDGER_LINES: list[Callable[[int], bytes]] = [
    lambda i: _line("predictions", _prediction(i)),
    lambda i: _line("predictions", _prediction(i)),
    lambda i: _line("predictions", _prediction(i, proposition={"type": "occurs", "subject": "é"})),
    lambda i: _line("predictions", _prediction(i, source="nobody")),  # a reference problem
    lambda i: _line("predictions", _prediction(i, stated="soon")),  # a field problem
    lambda i: _line(  # a date problem, found when the ledger is checked
        "predictions",
        _prediction(
            i, proposition={"type": "occurs", "subject": "s", "kind": "k", "deadline": "by 2020"}
        ),
    ),
    lambda i: _line("predictions", _prediction(i, id="p0")),  # an id named twice
    lambda i: b'{"predictions": {"id": "p%d", "id": "q"}}' % i,  # a duplicate key
    lambda i: b'{"predictions": {"id": "p%d", "quote": "\\ud800"}}' % i,  # a lone surrogate
    lambda i: b"{not json",
    lambda i: b"  " + _line("events", {"id": f"e{i}", "subject": "s", "kind": "k", "date": "2024"}),
    lambda i: _line("events", {"id": f"e{i}", "subject": "s", "kind": "k", "date": "2024"}) + b"\r",
    lambda i: b"",
    lambda i: b'{"predictions": {"id": "p%d", "quote": "\xff"}}' % i,  # not UTF-8
    lambda i: _line("log", {"complete_through": "2026-01-01"}),
]


def _outcome(path: Path) -> Ledger | tuple[Problem, ...]:
    try:
        return load(path)
    except LedgerError as error:
        return error.problems


@settings(deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    picks=st.lists(st.integers(0, len(LEDGER_LINES) - 1), min_size=1, max_size=12),
    size=st.integers(1, 300),
)
def test_a_file_read_in_blocks_gives_what_the_whole_text_gives(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, picks: list[int], size: int
) -> None:
    """The same ledger, or the same problems (their line numbers too), whichever block holds
    a line and whatever is wrong with it, as reading the whole text at once."""
    path = tmp_path / "l.jsonl"
    body = [_line("sources", {"id": "a", "name": "A"})]
    body += [LEDGER_LINES[k](i) for i, k in enumerate(picks)]
    path.write_bytes(b"\n".join(body) + b"\n")
    with monkeypatch.context() as patch:
        patch.setattr(_raw, "_streamed_lines", lambda *_: None)  # the whole text, as before
        whole = _outcome(path)
    with monkeypatch.context() as patch:
        patch.setattr(folders, "BLOCK", size)
        assert _outcome(path) == whole


def test_a_large_clean_file_is_read_in_blocks(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every block read quickly, none of the whole text read; problems the ledger finds name
    their lines in the blocks past the first."""
    path = tmp_path / "l.jsonl"
    lines = [_line("sources", {"id": "a", "name": "A"})]
    lines += [_line("predictions", _prediction(i)) for i in range(200)]
    lines[150] = _line("predictions", _prediction(149, source="nobody"))
    lines[180] = _line("predictions", _prediction(3))
    path.write_bytes(b"\n".join(lines))
    read: list[int] = []
    blocks = folders.text_blocks

    def counted(file: Path, size: int | None = None) -> Iterator[tuple[str, int]]:
        for block in blocks(file, size):
            read.append(block[1])
            yield block

    monkeypatch.setattr(_raw, "text_blocks", counted)
    monkeypatch.setattr(_raw, "read_text", lambda *_: pytest.fail("the whole text was read"))
    monkeypatch.setattr(folders, "BLOCK", 1000)
    with pytest.raises(LedgerError) as caught:
        load(path)
    assert len(read) > 20
    assert read == sorted(read)
    assert [str(p) for p in caught.value.problems] == [
        "l.jsonl:151: $.predictions.source: no source with id 'nobody'",
        "l.jsonl:181: $.predictions.id: duplicate id 'p3' (also at l.jsonl:5: $.predictions)",
    ]


# -- the records held -------------------------------------------------------------


def test_lines_make_each_record_when_asked_for() -> None:
    """Each line's record is its file, line number, table path and record built, by index."""
    lines = _raw.Lines("predictions", "l.jsonl", 7, ["a", "b", "c"])
    expected = [
        _raw.Record("predictions", f"l.jsonl:{n}", "$.predictions", raw)
        for n, raw in zip((7, 8, 9), "abc", strict=True)
    ]
    assert len(lines) == 3
    assert list(lines) == expected
    assert [lines[i] for i in range(3)] == expected
    assert lines[-1] == expected[-1]
    assert lines[1:] == expected[1:]
    with pytest.raises(IndexError):
        lines[3]
    with pytest.raises(IndexError):
        lines[-4]


def test_a_tables_runs_are_one_sequence_of_its_records() -> None:
    """Runs of records and of lines, as one table's records in the order read."""
    from forecastcheck.ledger._places import Runs

    first = _raw.Lines("events", "a.jsonl", 2, ["x", "y"])
    records = [_raw.Record("events", "b.json", f"$.events[{i}]", i) for i in range(3)]
    last = _raw.Lines("events", "c.jsonl", 10, ["z"])
    runs = Runs()
    for run in (first, [], records, last):
        runs.add(run)
    expected = [*first, *records, *last]
    assert len(runs) == 6
    assert list(runs) == expected
    assert [runs[i] for i in range(6)] == expected
    assert [runs[i] for i in range(-6, 0)] == expected
    assert runs[2:5] == expected[2:5]
    assert runs.built() == ["x", "y", 0, 1, 2, "z"]
    assert runs.types() == {str, int}
    with pytest.raises(IndexError):
        runs[6]
    assert list(Runs()) == []
    assert Runs().built() == []


def test_a_file_the_blocks_refuse_is_read_carefully_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A line needing care sends the file to the careful reading, not to a second quick one."""
    from forecastcheck.ledger import _quick, files

    path = tmp_path / "l.jsonl"
    lines = [_line("sources", {"id": "a", "name": "A"}), _line("predictions", _prediction(0))]
    path.write_bytes(b"\n".join([*lines, b"{not json", _line("predictions", _prediction(1))]))
    quick = _quick.quick_lines
    texts: list[str] = []

    def counted(text: str, *args: typing.Any) -> object:
        texts.append(text)
        return quick(text, *args)

    monkeypatch.setattr(_quick, "quick_lines", counted)
    records, problems = _raw.read_tree(path, "l.jsonl", files._quick_build)
    assert len(texts) == 1  # the one block, not the whole text after it
    assert [str(p) for p in problems] == [
        "l.jsonl:3: not valid JSON: Expecting property name enclosed in double quotes (column 2)"
    ]
    assert len(records) == 3
