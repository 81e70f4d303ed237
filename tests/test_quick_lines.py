"""The quick JSON Lines reading (ledger/_quick.py ``quick_lines``): each line parsed where it
stands in the file's text, and exactly what a line-by-line parse of the same text accepts."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from forecastcheck.errors import LedgerError
from forecastcheck.ledger import _quick, _values, load
from forecastcheck.ledger.convert import TABLES

Line = tuple[int, str, object]


def _has_duplicate_keys(line: str) -> bool:
    twice = False

    def pairs(found: list[tuple[str, object]]) -> dict[str, object]:
        nonlocal twice
        result = dict(found)
        twice = twice or len(result) != len(found)
        return result

    json.loads(line, object_pairs_hook=pairs, parse_int=_values.json_int)
    return twice


def _line_by_line(text: str) -> list[Line] | None:
    """What the quick reading must give: each line parsed alone, ``None`` if any needs care."""
    found: list[Line] = []
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line, parse_int=_values.json_int)
            twice = _has_duplicate_keys(line)
        except (ValueError, RecursionError):
            return None
        if type(obj) is not dict or len(obj) != 1 or twice:
            return None
        ((table, raw),) = obj.items()
        if table != "log" and table not in TABLES:
            return None
        found.append((number, table, raw))
    return found


def _quick_lines(text: str) -> list[Line] | None:
    return _quick.quick_lines(text, lambda number, table, raw: (number, table, raw))


KEYS = st.sampled_from(["id", "name", "a"])
"""Few keys, so objects written from pairs often name one twice."""


def _object(values: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    pairs = st.lists(st.tuples(KEYS, values), max_size=3)
    return pairs.map(lambda ps: "{" + ", ".join(f"{json.dumps(k)}: {v}" for k, v in ps) + "}")


SCALARS = st.one_of(
    st.integers(-5, 5).map(str),
    st.sampled_from(['"x"', '"a: b"', '"{[\\"]}"', '"\\u00e9"', "true", "null", "1.5", "1" * 5000]),
)
VALUES: st.SearchStrategy[str] = st.recursive(
    SCALARS,
    lambda inner: st.one_of(
        _object(inner), st.lists(inner, max_size=3).map(lambda vs: "[" + ", ".join(vs) + "]")
    ),
    max_leaves=8,
)
TABLE_NAMES = st.sampled_from(["sources", "predictions", "events", "log", "colour"])
RECORD_LINES = st.builds(lambda t, v: "{" + json.dumps(t) + ": " + v + "}", TABLE_NAMES, VALUES)


def _split(line: str, at: int) -> str:
    """The line broken in two at a space (a value over two lines), if it has one there."""
    spaces = [i for i, c in enumerate(line) if c == " "]
    if not spaces:
        return line
    i = spaces[at % len(spaces)]
    return line[:i] + "\n" + line[i + 1 :]


LINES = st.one_of(
    RECORD_LINES,
    RECORD_LINES,
    RECORD_LINES.map(lambda line: f"  {line} \r"),
    st.builds(_split, RECORD_LINES, st.integers(0, 20)),
    st.builds(lambda line, at: line[:at], RECORD_LINES, st.integers(0, 30)),
    st.builds(lambda a, b: f"{a} {b}", RECORD_LINES, RECORD_LINES),
    st.sampled_from(["", " ", "[]", "1", "{}", '{"a": 1, "b": 2}', "{not json", "[" * 5000]),
)


@settings(max_examples=300, deadline=None)
@given(lines=st.lists(LINES, max_size=6), end=st.sampled_from(["", "\n", "\n\n"]))
def test_the_quick_reading_accepts_exactly_what_a_line_by_line_parse_does(
    lines: list[str], end: str
) -> None:
    """Any text (duplicate keys at any depth, values over two lines, space around a line, broken
    or too deep lines) is read quickly to the same (line, table, record)s, or sent to care."""
    text = "\n".join(lines) + end
    assert _quick_lines(text) == _line_by_line(text)


@pytest.mark.parametrize(
    ("text", "told"),
    [
        (
            '{"sources": {"id": "a", "name": "A"}}\n{"sources":\n{"id": "b", "name": "B"}}\n',
            [
                "l.jsonl:2: not valid JSON: Expecting value (column 12)",
                "l.jsonl:3: not valid JSON: Extra data (column 25)",
            ],
        ),
        (
            '{"sources": {"id": "a", "name": "A"}} {"sources": {"id": "b", "name": "B"}}\n',
            ["l.jsonl:1: not valid JSON: Extra data (column 39)"],
        ),
        (
            '{"sources": {"id": "a", "name": "A", "name": "B"}}\n',
            ["l.jsonl:1: $.sources.name: duplicate key 'name'"],
        ),
    ],
)
def test_a_value_that_is_not_its_line_alone_is_left_to_the_careful_reading(
    text: str, told: list[str], tmp_path: Path
) -> None:
    """A value over two lines, two values on a line, or a duplicate key: no quick reading, and
    the load names each line's problem as the careful reading does."""
    assert _quick_lines(text) is None
    path = tmp_path / "l.jsonl"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(LedgerError) as info:
        load(path)
    assert [str(p) for p in info.value.problems] == told


@pytest.mark.parametrize(
    ("text", "read"),
    [
        (  # lines as this package writes them, the table changing from line to line
            '{"log": {"a": 1}}\n{"sources": {"id": "s"}}\n{"predictions": {"id": "p"}}\n'
            '{"predictions": {"id": "q"}}\n{"events": [1]}\n{"documents": "d"}\n'
            '{"sources": {"id": "t"}}\n',
            [
                (1, "log", {"a": 1}),
                (2, "sources", {"id": "s"}),
                (3, "predictions", {"id": "p"}),
                (4, "predictions", {"id": "q"}),
                (5, "events", [1]),
                (6, "documents", "d"),
                (7, "sources", {"id": "t"}),
            ],
        ),
        (  # written by another writer: the line parsed whole
            '{"events": {"id": "e"}}\n{"predictions":{"id": "p"}}\n{ "sources": {"id": "s"}}\n'
            '{"events": {"id": "f"}}\n',
            [
                (1, "events", {"id": "e"}),
                (2, "predictions", {"id": "p"}),
                (3, "sources", {"id": "s"}),
                (4, "events", {"id": "f"}),
            ],
        ),
        (  # space after the value, or around the line: parsed as the line alone
            '{"predictions": {"id": "p"} }\n  {"events": {"id": "e"}}\r\n\n',
            [(1, "predictions", {"id": "p"}), (2, "events", {"id": "e"})],
        ),
        ('{"predictions": {"id": "p"}, "events": {}}\n', None),  # two tables on a line
        ('{"predictions": {"id": "p", "id": "q"}}\n', None),  # a key named twice
        ('{"predictions": {"id": "p"}}}\n', None),  # a brace too many
        ('{"predictions": {"id": "p"}\n}\n', None),  # the object closed on the next line
        ('{"colour": {"id": "p"}}\n', None),  # no such table
    ],
)
def test_a_line_as_written_is_read_by_its_value_alone(text: str, read: list[Line] | None) -> None:
    """A line ``{"table": value}`` gives that table and value; any other line is read whole,
    as a line-by-line parse reads it."""
    assert _quick_lines(text) == read == _line_by_line(text)
