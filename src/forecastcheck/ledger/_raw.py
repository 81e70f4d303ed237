"""Ledger files' text as raw records: JSON, JSON Lines and TOML parsed, every record placed.

Each record is kept as parsed, with the file and record path its problems
name. What no converter can be trusted to see is found here, on the raw tree:
duplicate JSON keys, lone surrogates, integers past Python's digit limit,
nesting past :data:`MAX_FILE_NESTING` and propositions nested past
:data:`~forecastcheck.ledger.propositions.MAX_PROPOSITION_DEPTH` (such a
record is *blocked*: it is never structured).
"""

from __future__ import annotations

import json
import re
import sys
import tomllib
import typing
from collections.abc import Callable
from pathlib import Path

import attrs

from forecastcheck.errors import Problem, shown
from forecastcheck.ledger import _quick, _values
from forecastcheck.ledger._runs import LINE_PATHS, Built, Lines, Record, Rows, new_record
from forecastcheck.ledger.convert import TABLES
from forecastcheck.ledger.folders import read_text, text_blocks
from forecastcheck.ledger.propositions import MAX_PROPOSITION_DEPTH, TOO_DEEP

__all__ = [
    "MAX_FILE_NESTING",
    "Built",
    "Lines",
    "Record",
    "Rows",
    "raw_proposition_depth",
    "read_tree",
    "searched",
    "text_at",
    "too_deep",
    "value_at",
]

MAX_FILE_NESTING = 100
"""How deep arrays and tables may nest in a ledger file (the top-level table is level 1).

A deeper file is a located problem ("nested too deep"), never a RecursionError.
Records sit at level 3 (2 in JSON Lines); a proposition nested
:data:`~forecastcheck.ledger.MAX_PROPOSITION_DEPTH` deep stays well inside.
"""


class _DuplicateKeys(dict[str, object]):
    """A JSON object that named some keys more than once (the last value is kept)."""

    duplicates: tuple[str, ...] = ()


def _json_object(pairs: list[tuple[str, object]]) -> dict[str, object]:
    result = dict(pairs)
    if len(result) == len(pairs):
        return result
    seen: set[str] = set()
    duplicates: list[str] = []
    for key, _ in pairs:
        if key in seen and key not in duplicates:
            duplicates.append(key)
        seen.add(key)
    marked = _DuplicateKeys(result)
    marked.duplicates = tuple(duplicates)
    return marked


def _parse_json(text: str) -> object:
    return json.loads(text, object_pairs_hook=_json_object, parse_int=_values.json_int)


_TOO_DEEP = (
    f"nested too deep: more arrays and tables inside each other than can be read "
    f"(at most {MAX_FILE_NESTING} levels)"
)


def _surrogate(text: str) -> str | None:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        return text[exc.start]
    return None


def _surrogate_message(what: str, char: str) -> str:
    return f"{what} holds a lone surrogate ({char!r}), which is not a character"


_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")
"""A JSON escape that may stand for a lone surrogate; text without one holds none.

A file's text is strict UTF-8, which has no surrogates, and TOML refuses
escapes of them, so only a JSON escape can put one in a parsed string.
"""


_CONTAINERS = frozenset({dict, list, _DuplicateKeys})
"""The types of a parsed table or array (JSON and TOML parsers give no others)."""


def _tree_problems(record: Record, depth: int, strings: bool) -> tuple[list[Problem], bool]:
    """Duplicate keys, lone surrogates and too-deep nesting anywhere in one raw record.

    Walks the tree with an explicit stack, so no depth of input can overflow it.
    Text and keys are searched for lone surrogates only when ``strings`` says
    the file may hold one (see :data:`_SURROGATE_ESCAPE`); otherwise only the
    tables and arrays are visited.

    Returns:
        The problems, and whether the record is nested too deep to structure.
    """
    problems: list[Problem] = []
    stack: list[tuple[object, str, int]] = [(record.raw, record.path, depth)]
    while stack:
        value, where, level = stack.pop()
        if type(value) not in _CONTAINERS:
            if strings and isinstance(value, str) and (char := _surrogate(value)) is not None:
                problems.append(Problem(record.file, where, _surrogate_message("text", char)))
            continue
        if level > MAX_FILE_NESTING:
            message = f"arrays and tables nested more than {MAX_FILE_NESTING} levels deep"
            return [*problems, Problem(record.file, record.path, message)], True
        if isinstance(value, list):
            stack.extend(
                (item, f"{where}[{i}]", level + 1)
                for i, item in enumerate(value)
                if strings or type(item) in _CONTAINERS
            )
            continue
        assert isinstance(value, dict)
        if isinstance(value, _DuplicateKeys):
            problems.extend(
                Problem(record.file, f"{where}.{_values.key(k)}", f"duplicate key {shown(k)}")
                for k in value.duplicates
            )
        if strings:
            problems.extend(
                Problem(record.file, where, _surrogate_message("key", char))
                for key in value
                if (char := _surrogate(key)) is not None
            )
        stack.extend(
            (item, f"{where}.{_values.key(key)}", level + 1)
            for key, item in value.items()
            if strings or type(item) in _CONTAINERS
        )
    return problems, False


def _toml_value_error(text: str, exc: ValueError) -> str:
    """A ValueError tomllib lets through (an integer over the digit limit), located."""
    limit = sys.get_int_max_str_digits()
    match = re.search(f"[0-9][0-9_]{{{limit},}}", text) if limit else None
    if match is None:
        return f"not valid TOML: {exc}"
    line = text.count("\n", 0, match.start()) + 1
    column = match.start() - text.rfind("\n", 0, match.start())
    return (
        f"not valid TOML: a whole number has more than {limit} digits "
        f"(at line {line}, column {column})"
    )


Build = Callable[[str, object], object | None]
"""What a loader makes of one record of a table as parsed: the record built, or ``None``."""


@typing.overload
def read_tree(file: Path, label: str) -> tuple[list[Record], list[Problem]]: ...


@typing.overload
def read_tree(
    file: Path, label: str, build: Build
) -> tuple[list[Record | Built], list[Problem]]: ...


def read_tree(
    file: Path, label: str, build: Build | None = None
) -> tuple[list[Record], list[Problem]] | tuple[list[Record | Built], list[Problem]]:
    """Split one file into raw records, each placed by file and path.

    Given ``build``, a file the quick reading accepts has each record built
    as it is read (kept as ``raw`` in place of its tree, unless ``build``
    gives ``None``): the trees of a large JSON Lines file are never all held
    at once, and a JSON or TOML file's are let go as soon as it is read. The
    records built one after another come as :class:`Lines` (of a JSON Lines
    file) or :class:`Rows` (of a JSON or TOML file's table), each one's
    :class:`Record` made only when asked for.
    """
    suffix = file.suffix.lower().lstrip(".")
    streamed = False  # read a block at a time, and refused by the quick reading there
    if suffix == "jsonl" and build is not None:
        found = _streamed_lines(file, label, build)
        if found is not None:
            return found, []
        streamed = True
    text = read_text(file, label)
    if isinstance(text, Problem):
        return [], [text]
    # a text with no backslash holds no escape (one scan at memchr's speed, not the regex's)
    strings = suffix != "toml" and "\\" in text and _SURROGATE_ESCAPE.search(text) is not None
    if not strings and not streamed:  # read in blocks, the quick reading refused it already
        quick = _quick_records(text, suffix, label, build)
        if quick is not None:
            return quick, []
    if suffix == "jsonl":
        return _read_lines(text, label, strings, build)
    try:
        tree = tomllib.loads(text) if suffix == "toml" else _parse_json(text)
    except tomllib.TOMLDecodeError as exc:
        return [], [Problem(label, "", f"not valid TOML: {exc}")]
    except json.JSONDecodeError as exc:
        return [], [
            Problem(label, "", f"not valid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})")
        ]
    except RecursionError:
        return [], [Problem(label, "", _TOO_DEEP)]
    except ValueError as exc:
        return [], [Problem(label, "", _toml_value_error(text, exc))]
    return _split_tree(tree, label, strings)


def _quick_records(
    text: str, suffix: str, label: str, build: Build | None
) -> list[Record | Built] | None:
    """The records of a file the quick reading accepts (see :mod:`._quick`), else ``None``.

    Their trees are left unsearched (see :attr:`Record.level`). Given
    ``build``, the records of a table built one after another are kept as
    :class:`Rows` (each one's :class:`Record` made only when asked for), and
    a record ``build`` refuses as a record of its tree. A prediction whose
    proposition nests too deep still sends the file to the careful reading,
    which reports it.
    """

    if suffix == "jsonl":
        return _quick.quick_lines(text, _line_keeper(label, build))
    tree = _quick.quick_tree(text, suffix == "toml")
    if tree is None:
        return None
    records: list[Record | Built] = []
    for key, value in tree.items():
        if key == "log":
            record = _unbuilt(key, label, "$.log", value, 2)  # built with the ledger
        elif not isinstance(value, list):  # every other table is one (the quick reading checks)
            continue
        elif build is None:
            found = [_unbuilt(key, label, f"$.{key}[{i}]", r, 3) for i, r in enumerate(value)]
            if None in found:
                return None
            records.extend(typing.cast(list[Record], found))
            continue
        else:  # each record built in place of its tree (most are)
            if not _built_rows(records, key, label, value, build):
                return None
            continue
        if record is None:
            return None
        records.append(record)
    return records


def _built_rows(
    records: list[Record | Built], table: str, label: str, raws: list[object], build: Build
) -> bool:
    """Add a table's records to ``records``, built: each row of them built one after another
    as :class:`Rows`, one ``build`` refuses as its tree's record; ``False`` when that is
    refused too (a proposition nested too deep)."""
    rows = Rows(table, label, 0, [])
    add = rows.built.append
    for i, raw in enumerate(raws):
        built = build(table, raw)
        if built is not None:
            add(built)
            continue
        unbuilt = _unbuilt(table, label, f"$.{table}[{i}]", raw, 3)
        if unbuilt is None:
            return False
        if rows.built:
            records.append(rows)
        records.append(unbuilt)
        rows = Rows(table, label, i + 1, [])
        add = rows.built.append
    if rows.built:
        records.append(rows)
    return True


def _unbuilt(table: str, file: str, path: str, raw: object, level: int) -> Record | None:
    """A record kept as parsed, its tree unsearched; ``None`` for a prediction whose
    proposition nests too deep (``build`` refuses it without structuring it)."""
    if too_deep(table, raw):
        return None
    return Record(table, file, path, raw, level=level)


def _line_keeper(label: str, build: Build | None) -> Callable[[int, str, object], Record | None]:
    """What the quick reading keeps of each JSON Lines line: its record, built if it can be."""
    paths = LINE_PATHS

    def line(number: int, table: str, raw: object) -> Record | None:
        built = None if build is None or table == "log" else build(table, raw)
        file = f"{label}:{number}"
        if built is not None:
            return new_record(Record, (table, file, paths[table], built, False, None))
        return _unbuilt(table, file, paths[table], raw, 2)

    return line


def _streamed_lines(file: Path, label: str, build: Build) -> list[Record | Built] | None:
    """The records of a JSON Lines file the quick reading accepts, read a block at a time.

    The file's bytes and text are never held whole (see
    :func:`~forecastcheck.ledger.folders.text_blocks`), nor a :class:`Record`
    per line: the lines built one after another, of one table, are kept as
    :class:`Lines`, and only a line kept as parsed (the log's, or one
    ``build`` refused) as a record. ``None`` when any block needs the careful
    reading, or the file cannot be read or decoded; the whole text is read
    then, as for any file, and that reading reports what it finds.
    """
    paths = LINE_PATHS
    found: list[Record | Built] = []
    run, after = "", 0  # the table of the run of lines built, and the line after it
    add: Callable[[object], None] = list[object]().append  # appends to the run's records

    def keep(number: int, table: str, raw: object) -> bool | None:
        nonlocal run, after, add
        built = None if table == "log" else build(table, raw)
        if built is not None:
            if number != after or table != run:  # a new run of lines
                lines = Lines(table, label, number, [])
                found.append(lines)
                run, add = table, lines.built.append
            add(built)
            after = number + 1
            return True
        record = _unbuilt(table, f"{label}:{number}", paths[table], raw, 2)
        if record is None:
            return None
        found.append(record)
        run = ""
        return True

    blocks = text_blocks(file)
    try:
        for text, first in blocks:
            if "\\" in text and _SURROGATE_ESCAPE.search(text) is not None:
                return None
            if _quick.quick_lines(text, keep, first) is None:
                return None
    except (OSError, UnicodeDecodeError):
        return None
    finally:
        blocks.close()
    return found


def too_deep(table: str, raw: object) -> bool:
    """A prediction whose raw proposition nests past the limit."""
    if table != "predictions" or not isinstance(raw, dict):
        return False
    proposition = raw.get("proposition")
    if isinstance(proposition, dict) and proposition.keys().isdisjoint(_NESTING_KEYS):
        return False  # a leaf (most are), read without a call
    return raw_proposition_depth(proposition) > MAX_PROPOSITION_DEPTH


def _read_lines(
    text: str, label: str, strings: bool, build: Build | None
) -> tuple[list[Record], list[Problem]]:
    """The records of a JSON Lines file: one object per line, its one key naming its table.

    The file is read line by line, and given ``build``, a record whose tree
    has no problem is built at once and its tree let go (as the quick
    reading does): a large file with a mistake is never held as every
    line's parsed tree.
    """
    records: list[Record] = []
    problems: list[Problem] = []
    for number, line in _quick.numbered_lines(text):
        if not line.strip():
            continue
        where = f"{label}:{number}"
        try:
            obj = _parse_json(line)
        except json.JSONDecodeError as exc:
            problems.append(Problem(where, "", f"not valid JSON: {exc.msg} (column {exc.colno})"))
            continue
        except RecursionError:
            problems.append(Problem(where, "", _TOO_DEEP))
            continue
        if not isinstance(obj, dict) or len(obj) != 1:
            problems.append(Problem(where, "$", "expected an object with one key naming its table"))
            continue
        ((table, raw),) = obj.items()
        if isinstance(obj, _DuplicateKeys):
            problems.append(
                Problem(where, f"$.{_values.key(table)}", f"duplicate key {shown(table)}")
            )
        if table not in (*TABLES, "log"):
            problems.append(Problem(where, f"$.{_values.key(table)}", _unknown_table(table)))
            continue
        record, trouble = _checked(Record(table, where, f"$.{table}", raw), 2, strings)
        if not trouble and build is not None and table != "log":
            built = build(table, raw)
            if built is not None:
                record = record._replace(raw=built)
        records.append(record)
        problems.extend(trouble)
    return records, problems


def searched(record: Record) -> tuple[Record, list[Problem]]:
    """A quick reading's record with the problems of its tree, as the careful reading finds them.

    A record already searched is given back with no problems.
    """
    if record.level is None:
        return record, []
    return _checked(record._replace(level=None), record.level, False)


def _checked(record: Record, depth: int, strings: bool) -> tuple[Record, list[Problem]]:
    """The record with the problems of its raw tree; blocked when it is unsafe to structure.

    A prediction whose proposition nests past
    :data:`~forecastcheck.ledger.MAX_PROPOSITION_DEPTH` is blocked with that
    problem (the rest of the record is still searched for tree problems).
    """
    raw = record.raw
    if too_deep(record.table, raw):
        assert isinstance(raw, dict)
        rest = record._replace(raw={k: v for k, v in raw.items() if k != "proposition"})
        problems, _ = _tree_problems(rest, depth, strings)
        deep = Problem(record.file, f"{record.path}.proposition", TOO_DEEP)
        return record._replace(blocked=True), [*problems, deep]
    problems, nested = _tree_problems(record, depth, strings)
    return (record._replace(blocked=True) if nested else record), problems


def _unknown_table(key: str) -> str:
    return f"unknown key {shown(key)} (expected one of: log, {', '.join(TABLES)})"


def _split_tree(tree: object, label: str, strings: bool) -> tuple[list[Record], list[Problem]]:
    if not isinstance(tree, dict):
        return [], [
            Problem(label, "$", f"expected a table at the top, got {_values.describe(tree)}")
        ]
    records: list[Record] = []
    problems: list[Problem] = []
    if isinstance(tree, _DuplicateKeys):
        problems.extend(
            Problem(label, f"$.{_values.key(k)}", f"duplicate key {shown(k)}")
            for k in tree.duplicates
        )
    found: list[Record] = []
    for key, value in tree.items():
        if key == "log":
            found.append(Record("log", label, "$.log", value))
        elif key in TABLES:
            if not isinstance(value, list):
                problems.append(
                    Problem(
                        label,
                        f"$.{key}",
                        f"expected a list of tables, got {_values.describe(value)}",
                    )
                )
                continue
            found.extend(Record(key, label, f"$.{key}[{i}]", raw) for i, raw in enumerate(value))
        else:
            if (char := _surrogate(key)) is not None:
                problems.append(Problem(label, "$", _surrogate_message("key", char)))
            problems.append(Problem(label, f"$.{_values.key(key)}", _unknown_table(key)))
    for record in found:
        checked, trouble = _checked(record, 2 if record.table == "log" else 3, strings)
        records.append(checked)
        problems.extend(trouble)
    return records, problems


_NESTING_KEYS = ("proposition", "condition", "then", "propositions")


def raw_proposition_depth(raw: object) -> int:
    """:func:`~forecastcheck.ledger.proposition_depth` of a proposition not yet structured."""
    if not isinstance(raw, dict):
        return 0
    if raw.keys().isdisjoint(_NESTING_KEYS):
        return 1
    parts = _parts(raw)
    if all(part.keys().isdisjoint(_NESTING_KEYS) for part in parts):
        return 2 if parts else 1  # a table of leaves (``not`` around one, most often)
    deepest = 0
    stack: list[tuple[object, int]] = [(raw, 1)]
    while stack and deepest <= MAX_PROPOSITION_DEPTH:
        part, depth = stack.pop()
        if not isinstance(part, dict):
            continue
        deepest = max(deepest, depth)
        inner = [part.get(k) for k in ("proposition", "condition", "then")]
        if isinstance(many := part.get("propositions"), list):
            inner.extend(many)
        stack.extend((p, depth + 1) for p in inner if isinstance(p, dict))
    return deepest


def _parts(table: dict[str, object]) -> list[dict[str, object]]:
    """The tables a raw proposition's table holds as its parts (one level down)."""
    found = [p for k in _SINGLE_PARTS if isinstance(p := table.get(k), dict)]
    many = table.get("propositions")
    if isinstance(many, list):
        found.extend(p for p in many if isinstance(p, dict))
    return found


_SINGLE_PARTS = ("proposition", "condition", "then")

_BUILT = frozenset(TABLES.values())


def value_at(raw: object, key: str) -> object:
    """The value at ``key`` of a raw table, or of a record built from one (``None`` if none)."""
    kind = type(raw)
    if kind in _BUILT:  # most are, once a load has built them
        return getattr(raw, key, None)
    if isinstance(raw, dict):
        return raw.get(key)
    if attrs.has(kind):
        return getattr(raw, key, None)
    return None


def text_at(raw: object, key: str) -> str | None:
    """The text at ``key`` of a raw table, or of a record built from one (``None`` if none)."""
    value = value_at(raw, key)
    return value if isinstance(value, str) else None
