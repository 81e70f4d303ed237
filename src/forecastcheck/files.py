"""Ledger files: hand-written TOML, and JSON / JSON Lines for bulk and machines.

One strict cattrs converter reads and writes every format. It refuses what
cattrs' defaults would coerce silently: ``"false"`` is not a bool, ``2.7`` is
not an int, a datetime is not a date, a string is not a list of strings.

A ledger is one file or a folder of files (``*.toml``, ``*.json``,
``*.jsonl``, read in name order, recursively, following symbolic links and
reading each real file once). Every problem in every file is collected and
raised at once as a :class:`~forecastcheck.errors.LedgerError`, each naming
its file, record path and field: unreadable folders and files, broken links,
pipes and devices, duplicate JSON keys, lone surrogates, nesting past
:data:`MAX_NESTING` (propositions past
:data:`~forecastcheck.model.MAX_PROPOSITION_DEPTH`) and integers past
Python's digit limit included. See ``docs/prediction-files.md``.

File layout (TOML shown; JSON is the same tree)::

    [log]
    complete_through = "2026-02-07"

    [[sources]]
    id = "niculescu"
    ...

    [[predictions]]
    ...

    [[events]]
    ...

A JSON Lines file holds one record per line, as an object with one key naming
its table: ``{"predictions": {...}}``, ``{"events": {...}}``, ``{"log": {...}}``.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import difflib
import functools
import glob
import json
import math
import os
import re
import secrets
import stat
import sys
import tomllib
import types
import typing
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any as _Any

import attrs
import cattrs
import tomli_w
from cattrs.errors import (
    ClassValidationError,
    ForbiddenExtraKeysError,
    IterableValidationError,
    IterableValidationNote,
)
from cattrs.gen import make_dict_unstructure_fn

from forecastcheck.dates import DateWindow
from forecastcheck.errors import ECHO_LIMIT, FieldError, LedgerError, Problem, shown
from forecastcheck.model import (
    MAX_PROPOSITION_DEPTH,
    TOO_DEEP,
    All,
    Any,
    DateOf,
    Document,
    Event,
    EventLog,
    HoldsAt,
    HoldsThroughout,
    If,
    Ledger,
    Not,
    Occurs,
    Prediction,
    Proposition,
    Source,
    ValueOf,
    date_problems,
    proposition_date_problems,
    reference_problems,
)

__all__ = [
    "FORMATS",
    "MAX_NESTING",
    "RecordPlace",
    "converter",
    "dumps",
    "ledger_files",
    "load",
    "record_places",
    "save",
    "write_text_atomic",
]

FORMATS = ("toml", "json", "jsonl")
"""The file formats :func:`load` reads and :func:`save` writes, by suffix."""

TABLES: dict[str, type] = {
    "sources": Source,
    "documents": Document,
    "predictions": Prediction,
    "events": Event,
}

PROPOSITION_TYPES: dict[str, type] = {
    "occurs": Occurs,
    "holds_at": HoldsAt,
    "holds_throughout": HoldsThroughout,
    "date_of": DateOf,
    "value_of": ValueOf,
    "not": Not,
    "all": All,
    "any": Any,
    "if": If,
}
_TAG_OF = {cls: tag for tag, cls in PROPOSITION_TYPES.items()}
_PROPOSITION_ARGS = frozenset(typing.get_args(Proposition))


def _describe(value: object) -> str:
    if isinstance(value, _BigInt):
        return f"a whole number of {value.digits} digits"
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.datetime):
        return f"a date-time {value.isoformat()!r}"
    return shown(value)


# --- strict scalar hooks ----------------------------------------------------


def _str(value: object, _: type) -> str:
    if not isinstance(value, str):
        raise ValueError(f"expected text, got {_describe(value)}")
    return value


def _bool(value: object, _: type) -> bool:
    if not isinstance(value, bool):
        raise ValueError(f"expected true or false, got {_describe(value)}")
    return value


def _too_many_digits(value: object, what: str) -> None:
    if isinstance(value, _BigInt):
        limit = sys.get_int_max_str_digits()
        raise ValueError(f"expected {what} of at most {limit} digits, got {value.digits} digits")


def _int(value: object, _: type) -> int:
    _too_many_digits(value, "a whole number")
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"expected a whole number, got {_describe(value)}")
    return value


def _float(value: object, _: type) -> float:
    _too_many_digits(value, "a number")
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError(f"expected a number, got {_describe(value)}")
    try:
        number = float(value)
    except OverflowError:
        raise ValueError(
            f"expected a finite number, got a whole number of {len(str(abs(value)))} digits"
        ) from None
    if not math.isfinite(number):
        raise ValueError(f"expected a finite number, got {_describe(value)}")
    return number


def _cut(message: str, text: str) -> str:
    """``message`` with a long echoed ``text`` cut as :func:`~forecastcheck.errors.shown` does."""
    return message.replace(repr(text), shown(text)) if len(text) > ECHO_LIMIT else message


def _date(value: object, _: type) -> dt.date:
    if isinstance(value, dt.datetime):
        raise ValueError(f"expected a date, got {_describe(value)}")
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        window = _window(value, DateWindow)
        if window.precision == "day":
            return window.start
        raise ValueError(f"expected a day (YYYY-MM-DD), got {shown(value)}")
    raise ValueError(f"expected a date, got {_describe(value)}")


def _window(value: object, _: type) -> DateWindow:
    if isinstance(value, dt.datetime):
        raise ValueError(f"expected a date, got {_describe(value)}")
    if isinstance(value, dt.date):
        return DateWindow.day(value)
    if isinstance(value, str):
        try:
            return DateWindow.parse(value)
        except ValueError as exc:
            raise ValueError(_cut(str(exc), value)) from None
    raise ValueError(f"expected a date, got {_describe(value)}")


def _is_literal(t: object) -> bool:
    return typing.get_origin(t) is typing.Literal


def _literal(value: object, t: type) -> object:
    allowed = typing.get_args(t)
    if isinstance(value, bool) or value not in allowed:
        options = ", ".join(repr(a) for a in allowed)
        raise ValueError(f"expected one of {options}, got {_describe(value)}")
    return value


def _is_sequence(t: object) -> bool:
    origin = typing.get_origin(t)
    return origin is tuple


def _make_sequence_hook(
    c: cattrs.Converter,
) -> Callable[[type], Callable[[object, type], tuple[object, ...]]]:
    def factory(t: type) -> Callable[[object, type], tuple[object, ...]]:
        (item_type, _) = typing.get_args(t)
        item_hook = c.get_structure_hook(item_type)

        def hook(value: object, _: type) -> tuple[object, ...]:
            if not isinstance(value, list | tuple):
                raise ValueError(f"expected a list, got {_describe(value)}")
            items: list[object] = []
            errors: list[Exception] = []
            for index, item in enumerate(value):
                try:
                    items.append(item_hook(item, item_type))
                except Exception as exc:  # collected and re-raised as a group
                    exc.add_note(IterableValidationNote(f"item {index}", index, item_type))
                    errors.append(exc)
            if errors:
                raise IterableValidationError(f"while structuring {t}", errors, t)
            return tuple(items)

        return hook

    return factory


def _is_day_mapping(t: object) -> bool:
    return t == Mapping[str, dt.date]


def _mapping_hook(value: object, t: type) -> dict[str, dt.date]:
    if not isinstance(value, dict):
        raise ValueError(f"expected a table, got {_describe(value)}")
    return {_str(k, str): _date(v, dt.date) for k, v in value.items()}


# --- propositions: a union tagged by "type" ----------------------------------


def _is_proposition(t: object) -> bool:
    if not isinstance(t, types.UnionType) and typing.get_origin(t) is not typing.Union:
        return False
    args = frozenset(typing.get_args(t)) - {type(None)}
    return args == _PROPOSITION_ARGS


def _make_proposition_hooks(
    c: cattrs.Converter,
) -> tuple[Callable[[object, type], Proposition | None], Callable[[object], object]]:
    def structure(value: object, t: type) -> Proposition | None:
        if value is None and type(None) in typing.get_args(t):
            return None
        if not isinstance(value, dict):
            raise ValueError(f"expected a proposition table, got {_describe(value)}")
        tag = value.get("type")
        if tag not in PROPOSITION_TYPES:
            raise FieldError(
                "type",
                f"expected a proposition type ({', '.join(PROPOSITION_TYPES)}), "
                f"got {_describe(tag)}",
            )
        body = {k: v for k, v in value.items() if k != "type"}
        result: Proposition = c.structure(body, PROPOSITION_TYPES[tag])
        return result

    bodies: dict[type, Callable[[object], dict[str, object]]] = {
        cls: make_dict_unstructure_fn(cls, c, _cattrs_omit_if_default=True)
        for cls in PROPOSITION_TYPES.values()
    }

    def unstructure(value: object) -> object:
        if value is None:
            return None
        return {"type": _TAG_OF[type(value)], **bodies[type(value)](value)}

    return structure, unstructure


def _make_converter() -> cattrs.Converter:
    c = cattrs.Converter(forbid_extra_keys=True, omit_if_default=True)
    c.register_structure_hook(str, _str)
    c.register_structure_hook(bool, _bool)
    c.register_structure_hook(int, _int)
    c.register_structure_hook(float, _float)
    c.register_structure_hook(dt.date, _date)
    c.register_unstructure_hook(dt.date, lambda d: d.isoformat())
    c.register_structure_hook(DateWindow, _window)
    c.register_unstructure_hook(DateWindow, str)
    c.register_structure_hook_func(_is_literal, _literal)
    c.register_structure_hook_factory(_is_sequence, _make_sequence_hook(c))
    c.register_unstructure_hook_func(_is_sequence, lambda v: [c.unstructure(x) for x in v])
    c.register_structure_hook_func(_is_day_mapping, _mapping_hook)
    c.register_unstructure_hook_func(
        _is_day_mapping, lambda m: {k: v.isoformat() for k, v in m.items()}
    )
    structure, unstructure = _make_proposition_hooks(c)
    c.register_structure_hook_func(_is_proposition, structure)
    c.register_unstructure_hook_func(_is_proposition, unstructure)
    for cls in PROPOSITION_TYPES.values():
        c.register_unstructure_hook(cls, unstructure)
    return c


converter: cattrs.Converter = _make_converter()
"""The one converter between ledger records and plain data (TOML/JSON trees)."""


# --- turning structuring errors into located problems -----------------------


def _field_names(cls: type) -> list[str]:
    return [f.alias or f.name for f in attrs.fields(cls)]


def _problems_in(exc: BaseException, path: str) -> Iterator[tuple[str, str]]:
    if isinstance(exc, ClassValidationError):
        with_notes, without = exc.group_exceptions()
        for inner, note in with_notes:
            yield from _problems_in(inner, f"{path}.{note.name}")
        for inner in without:
            yield from _problems_in(inner, path)
    elif isinstance(exc, IterableValidationError):
        with_index, without_index = exc.group_exceptions()
        for inner, item in with_index:
            yield from _problems_in(inner, f"{path}[{item.index}]")
        for inner in without_index:
            yield from _problems_in(inner, path)
    elif isinstance(exc, ForbiddenExtraKeysError):
        names = _field_names(exc.cl) if attrs.has(exc.cl) else []
        for key in sorted(exc.extra_fields):
            close = difflib.get_close_matches(key, names, n=1) if len(key) <= ECHO_LIMIT else []
            hint = f"did you mean {close[0]!r}? " if close else ""
            yield (
                f"{path}.{_key(key)}",
                f"unknown key {shown(key)} ({hint}expected one of: {', '.join(names)})",
            )
    elif isinstance(exc, BaseExceptionGroup):
        for member in exc.exceptions:
            yield from _problems_in(member, path)
    elif isinstance(exc, KeyError):
        yield path, "required key missing"
    elif isinstance(exc, FieldError):
        yield f"{path}.{exc.field}", exc.message
    elif (
        isinstance(exc, ValueError)
        and len(exc.args) == 4
        and isinstance(exc.args[1], attrs.Attribute)
    ):  # attrs.validators.in_
        yield (
            f"{path}.{exc.args[1].name}",
            f"expected one of {list(exc.args[2])}, got {shown(exc.args[3])}",
        )
    elif isinstance(exc, ValueError | TypeError):
        yield path, str(exc)
    else:  # pragma: no cover - an unexpected error is still reported, not raised
        yield path, f"{type(exc).__name__}: {exc}"


# --- reading ----------------------------------------------------------------

MAX_NESTING = 100
"""How deep arrays and tables may nest in a ledger file (the top-level table is level 1).

A deeper file is a located problem ("nested too deep"), never a RecursionError.
Records sit at level 3 (2 in JSON Lines); a proposition nested
:data:`~forecastcheck.model.MAX_PROPOSITION_DEPTH` deep stays well inside.
"""


@attrs.frozen
class _Record:
    table: str
    file: str
    path: str
    raw: object
    blocked: bool = False
    """The raw tree is unsafe to structure (nested too deep); its problem is already given."""


@attrs.frozen
class _BigInt:
    """A JSON integer with more digits than Python converts (``sys.get_int_max_str_digits``)."""

    digits: int


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


def _json_int(text: str) -> int | _BigInt:
    limit = sys.get_int_max_str_digits()
    digits = len(text.lstrip("-"))
    return _BigInt(digits) if limit and digits > limit else int(text)


def _parse_json(text: str) -> object:
    return json.loads(text, object_pairs_hook=_json_object, parse_int=_json_int)


_TOO_DEEP = (
    f"nested too deep: more arrays and tables inside each other than can be read "
    f"(at most {MAX_NESTING} levels)"
)


def _key(key: str) -> str:
    """A key as it can stand in a record path: control characters and surrogates escaped,
    a long key cut as :func:`~forecastcheck.errors.shown` cuts a value."""
    short = key if len(key) <= ECHO_LIMIT else key[:ECHO_LIMIT]
    if not short.isprintable():
        short = "".join(c if c.isprintable() else repr(c)[1:-1] for c in short)
    return short if short is key else f"{short}…({len(key)} characters)"


def _surrogate(text: str) -> str | None:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        return text[exc.start]
    return None


def _surrogate_message(what: str, char: str) -> str:
    return f"{what} holds a lone surrogate ({char!r}), which is not a character"


def _tree_problems(record: _Record, depth: int) -> tuple[list[Problem], bool]:
    """Duplicate keys, lone surrogates and too-deep nesting anywhere in one raw record.

    Walks the tree with an explicit stack, so no depth of input can overflow it.

    Returns:
        The problems, and whether the record is nested too deep to structure.
    """
    problems: list[Problem] = []
    stack: list[tuple[object, str, int]] = [(record.raw, record.path, depth)]
    while stack:
        value, where, level = stack.pop()
        if isinstance(value, str):
            if (char := _surrogate(value)) is not None:
                problems.append(Problem(record.file, where, _surrogate_message("text", char)))
            continue
        if not isinstance(value, dict | list):
            continue
        if level > MAX_NESTING:
            message = f"arrays and tables nested more than {MAX_NESTING} levels deep"
            return [*problems, Problem(record.file, record.path, message)], True
        if isinstance(value, list):
            stack.extend((item, f"{where}[{i}]", level + 1) for i, item in enumerate(value))
            continue
        if isinstance(value, _DuplicateKeys):
            problems.extend(
                Problem(record.file, f"{where}.{_key(k)}", f"duplicate key {shown(k)}")
                for k in value.duplicates
            )
        for key, item in value.items():
            if (char := _surrogate(key)) is not None:
                problems.append(Problem(record.file, where, _surrogate_message("key", char)))
            stack.append((item, f"{where}.{_key(key)}", level + 1))
    return problems, False


_KINDS = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISFIFO, "a named pipe"),
    (stat.S_ISSOCK, "a socket"),
)


def _kind(mode: int) -> str:
    return next((name for test, name in _KINDS if test(mode)), "not a regular file")


def _read_text(file: Path, label: str) -> str | Problem:
    """The text of one ledger file, or why it cannot be read.

    The file is opened without blocking and checked to be a regular file
    before anything is read, so a named pipe or a device never hangs or fills
    memory. A leading UTF-8 byte-order mark is dropped.
    """
    try:
        fd = os.open(file, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as exc:
        return Problem(label, "", f"cannot read: {exc.strerror or exc}")
    with os.fdopen(fd, "rb") as handle:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            return Problem(label, "", f"not a regular file ({_kind(mode)})")
        try:
            data = handle.read()
        except OSError as exc:
            return Problem(label, "", f"cannot read: {exc.strerror or exc}")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return Problem(label, "", f"not UTF-8 text: {exc.reason} at byte {exc.start}")


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


def _read_tree(file: Path, label: str) -> tuple[list[_Record], list[Problem]]:
    """Split one file into raw records, each placed by file and path."""
    suffix = file.suffix.lower().lstrip(".")
    text = _read_text(file, label)
    if isinstance(text, Problem):
        return [], [text]
    if suffix == "jsonl":
        records: list[_Record] = []
        problems: list[Problem] = []
        for number, line in enumerate(text.split("\n"), start=1):
            if not line.strip():
                continue
            where = f"{label}:{number}"
            try:
                obj = _parse_json(line)
            except json.JSONDecodeError as exc:
                problems.append(
                    Problem(where, "", f"not valid JSON: {exc.msg} (column {exc.colno})")
                )
                continue
            except RecursionError:
                problems.append(Problem(where, "", _TOO_DEEP))
                continue
            if not isinstance(obj, dict) or len(obj) != 1:
                problems.append(
                    Problem(where, "$", "expected an object with one key naming its table")
                )
                continue
            ((table, raw),) = obj.items()
            if isinstance(obj, _DuplicateKeys):
                problems.append(Problem(where, f"$.{_key(table)}", f"duplicate key {shown(table)}"))
            if table not in (*TABLES, "log"):
                problems.append(Problem(where, f"$.{_key(table)}", _unknown_table(table)))
                continue
            record, trouble = _checked(_Record(table, where, f"$.{table}", raw), depth=2)
            records.append(record)
            problems.extend(trouble)
        return records, problems
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
    return _split_tree(tree, label)


def _checked(record: _Record, depth: int) -> tuple[_Record, list[Problem]]:
    """The record with the problems of its raw tree; blocked when it is unsafe to structure.

    A prediction whose proposition nests past
    :data:`~forecastcheck.model.MAX_PROPOSITION_DEPTH` is blocked with that
    problem (the rest of the record is still searched for tree problems).
    """
    raw = record.raw
    if (
        record.table == "predictions"
        and isinstance(raw, dict)
        and _raw_proposition_depth(raw.get("proposition")) > MAX_PROPOSITION_DEPTH
    ):
        rest = attrs.evolve(record, raw={k: v for k, v in raw.items() if k != "proposition"})
        problems, _ = _tree_problems(rest, depth)
        deep = Problem(record.file, f"{record.path}.proposition", TOO_DEEP)
        return attrs.evolve(record, blocked=True), [*problems, deep]
    problems, too_deep = _tree_problems(record, depth)
    return (attrs.evolve(record, blocked=True) if too_deep else record), problems


def _unknown_table(key: str) -> str:
    return f"unknown key {shown(key)} (expected one of: log, {', '.join(TABLES)})"


def _split_tree(tree: object, label: str) -> tuple[list[_Record], list[Problem]]:
    if not isinstance(tree, dict):
        return [], [Problem(label, "$", f"expected a table at the top, got {_describe(tree)}")]
    records: list[_Record] = []
    problems: list[Problem] = []
    if isinstance(tree, _DuplicateKeys):
        problems.extend(
            Problem(label, f"$.{_key(k)}", f"duplicate key {shown(k)}") for k in tree.duplicates
        )
    found: list[_Record] = []
    for key, value in tree.items():
        if key == "log":
            found.append(_Record("log", label, "$.log", value))
        elif key in TABLES:
            if not isinstance(value, list):
                problems.append(
                    Problem(label, f"$.{key}", f"expected a list of tables, got {_describe(value)}")
                )
                continue
            found.extend(_Record(key, label, f"$.{key}[{i}]", raw) for i, raw in enumerate(value))
        else:
            if (char := _surrogate(key)) is not None:
                problems.append(Problem(label, "$", _surrogate_message("key", char)))
            problems.append(Problem(label, f"$.{_key(key)}", _unknown_table(key)))
    for record in found:
        checked, trouble = _checked(record, depth=2 if record.table == "log" else 3)
        records.append(checked)
        problems.extend(trouble)
    return records, problems


def _labeller(root: Path, folder: bool) -> Callable[[Path], str]:
    """How problems name the files under ``root``: relative to the folder given.

    A folder's files are named with the folder's own name first
    (``karabakh/predictions.toml``); when the folder has no name of its own
    (``.``, ``/``, ``..``) the files are named relative to it (``bad.toml``).
    """
    prefix = root.name if root.name not in ("", "..") else ""

    def label(file: Path) -> str:
        if not folder:
            return file.name
        if file == root:
            return prefix or str(root)
        relative = file.relative_to(root).as_posix()
        return f"{prefix}/{relative}" if prefix else relative

    return label


def _walk(root: Path, label: Callable[[Path], str]) -> tuple[list[Path], list[Problem]]:
    """The ledger files of a folder, recursively, in name order, and what could not be read.

    Symbolic links to folders and files are followed. A folder or file
    reached a second time (a link loop, or two links to one place) is a
    problem, and so is a ledger-named link whose target does not exist, and a
    folder the system refuses to list.
    """
    problems: list[Problem] = []
    folders: dict[str, Path] = {os.path.realpath(root): root}

    def refused(exc: OSError) -> None:
        where = Path(exc.filename) if exc.filename else root
        problems.append(Problem(label(where), "", f"cannot read folder: {exc.strerror or exc}"))

    found: list[Path] = []
    for top, dirs, names in os.walk(root, onerror=refused, followlinks=True):
        dirs.sort()
        for name in list(dirs):
            sub = Path(top, name)
            real = os.path.realpath(sub)
            if real in folders:
                problems.append(
                    Problem(
                        label(sub),
                        "",
                        f"the same folder as {label(folders[real])} (a symbolic link loop "
                        "or a second link to it); each folder is read once",
                    )
                )
                dirs.remove(name)
            else:
                folders[real] = sub
        found.extend(Path(top, n) for n in names if Path(n).suffix.lower().lstrip(".") in FORMATS)
    found.sort(key=lambda p: p.relative_to(root).parts)
    real_files: dict[str, Path] = {}
    result: list[Path] = []
    for file in found:
        if not file.exists() and file.is_symlink():
            problems.append(
                Problem(
                    label(file),
                    "",
                    f"broken symbolic link (to {os.readlink(file)}, which does not exist)",
                )
            )
            continue
        real = os.path.realpath(file)
        if real in real_files:
            problems.append(
                Problem(
                    label(file),
                    "",
                    f"the same file as {label(real_files[real])} (through a symbolic link); "
                    "each file is read once",
                )
            )
            continue
        real_files[real] = file
        result.append(file)
    return result, problems


def _ledger_files(path: str | os.PathLike[str]) -> tuple[list[tuple[Path, str]], list[Problem]]:
    """The files of a ledger with their labels, and every problem finding them."""
    root = Path(path)
    name = os.fspath(path)
    try:
        mode = os.stat(root).st_mode
    except FileNotFoundError:
        if root.is_symlink():
            target = os.readlink(root)
            return [], [
                Problem(name, "", f"broken symbolic link (to {target}, which does not exist)")
            ]
        return [], [Problem(name, "", "no such file or folder")]
    except OSError as exc:
        return [], [Problem(name, "", f"cannot read: {exc.strerror or exc}")]
    if stat.S_ISDIR(mode):
        label = _labeller(root, folder=True)
        found, problems = _walk(root, label)
        return [(file, label(file)) for file in found], problems
    if not stat.S_ISREG(mode):
        return [], [Problem(name, "", f"not a ledger file or folder ({_kind(mode)})")]
    if root.suffix.lower().lstrip(".") not in FORMATS:
        return [], [
            Problem(root.name, "", f"unknown format (expected a .{', .'.join(FORMATS)} file)")
        ]
    return [(root, root.name)], []


def ledger_files(path: str | os.PathLike[str]) -> list[tuple[Path, str]]:
    """The files :func:`load` reads for ``path``, each with the name its problems carry.

    Args:
        path: a ledger file or folder.

    Returns:
        (file, label) pairs in reading order; the label is how
        :class:`~forecastcheck.errors.Problem` names the file
        (``karabakh/predictions.toml`` for a folder, the file name for a file).
        Files that cannot be found or read are left out (:func:`load` reports them).
    """
    return _ledger_files(path)[0]


@attrs.frozen
class RecordPlace:
    """Where one record of a ledger stands, named as its problems would name it.

    Attributes:
        table: "sources", "documents", "predictions", "events" or "log".
        file: the file label, with ``:line`` for JSON Lines.
        path: the record path (``$.predictions[3]``; ``$.predictions`` in JSON Lines).
        source: the file on disk.
        id: the record's id as written, if it has one.
    """

    table: str
    file: str
    path: str
    source: Path
    id: str | None

    def holds(self, problem: Problem) -> bool:
        """Whether ``problem`` is about this record (or a field inside it)."""
        if problem.file != self.file:
            return False
        rest = problem.path.removeprefix(self.path)
        return rest != problem.path and (rest == "" or rest[0] in ".[")


def record_places(path: str | os.PathLike[str]) -> list[RecordPlace]:
    """Every record of a ledger and where it stands, without validating anything.

    Files that cannot be read or parsed contribute no records (loading them
    reports why).

    Args:
        path: a ledger file or folder.
    """
    places: list[RecordPlace] = []
    for file, label in ledger_files(path):
        records, _ = _read_tree(file, label)
        places.extend(
            RecordPlace(r.table, r.file, r.path, file, _text_at(r.raw, "id")) for r in records
        )
    return places


def load(path: str | os.PathLike[str]) -> Ledger:
    """Read a ledger from a file or a folder of files.

    Args:
        path: a ``.toml``, ``.json`` or ``.jsonl`` file, or a folder holding
            such files (read recursively, in name order).

    Returns:
        The ledger, every record validated and every reference checked.

    Raises:
        LedgerError: listing every problem in every file, each with file,
            record path and field.
    """
    found, problems = _ledger_files(path)
    if not found and not problems:
        problems = [Problem(os.fspath(path), "", "the folder holds no ledger files")]
    records: list[_Record] = []
    for file, label in found:
        read, trouble = _read_tree(file, label)
        records.extend(read)
        problems.extend(trouble)
    return _build(records, problems)


def _structure(record: _Record, cls: type, problems: list[Problem]) -> object | None:
    if record.blocked:
        return None
    try:
        return converter.structure(record.raw, cls)
    except Exception as exc:  # every failure becomes a located problem
        found = [Problem(record.file, p, m) for p, m in _problems_in(exc, record.path)]
        problems.extend(found)
        if attrs.has(cls) and isinstance(record.raw, dict):
            problems.extend(_more_problems(record, cls, {p.path for p in found}))
        return None


def _raw_proposition_depth(raw: object) -> int:
    """:func:`~forecastcheck.model.proposition_depth` of a proposition not yet structured."""
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


@functools.cache
def _field_types(cls: type) -> dict[str, object]:
    return typing.get_type_hints(cls)


def _more_problems(record: _Record, cls: type, reported: set[str]) -> Iterator[Problem]:
    """What a record that failed to structure would also be told, so one pass shows all.

    cattrs stops before a class's own validators when any field fails, and a
    prediction that fails is never read for its dates; here every field that
    structured but was not yet checked is validated on its own, and a
    prediction's deadlines and dates are read if its proposition and
    statement date can be.
    """
    assert isinstance(record.raw, dict)
    raw: dict[str, object] = record.raw
    types_of = _field_types(cls)

    def untouched(key: str) -> bool:
        path = f"{record.path}.{key}"
        return not any(p == path or p.startswith((f"{path}.", f"{path}[")) for p in reported)

    values: dict[str, object] = {}
    for field in attrs.fields(cls):
        key = field.alias or field.name
        if key not in raw or not untouched(key):
            continue
        try:
            value: object = converter.structure(raw[key], types_of[field.name])  # type: ignore[arg-type]
            values[key] = value
        except Exception:
            continue
        if field.validator is not None:
            try:
                field.validator(None, field, value)
            except Exception as exc:
                yield from (Problem(record.file, p, m) for p, m in _problems_in(exc, record.path))
    proposition, stated = values.get("proposition"), values.get("stated")
    if cls is Prediction and proposition is not None and isinstance(stated, DateWindow):
        for sub, message in proposition_date_problems(
            typing.cast(Proposition, proposition), stated
        ):
            yield Problem(record.file, f"{record.path}{sub}", message)


def _text_at(raw: object, key: str) -> str | None:
    value = raw.get(key) if isinstance(raw, dict) else None
    return value if isinstance(value, str) else None


def _build(records: list[_Record], problems: list[Problem]) -> Ledger:
    built: dict[str, list[tuple[int, object]]] = {t: [] for t in TABLES}
    places: dict[str, list[_Record]] = {t: [] for t in TABLES}
    log_records = [r for r in records if r.table == "log"]
    for record in records:
        if record.table == "log":
            continue
        index = len(places[record.table])
        places[record.table].append(record)
        value = _structure(record, TABLES[record.table], problems)
        if value is not None:
            built[record.table].append((index, value))

    def locate(table: str, index: int) -> tuple[str, str]:
        record = places[table][index]
        return record.file, record.path

    log = EventLog()
    if len(log_records) > 1:
        first = log_records[0]
        problems.extend(
            Problem(r.file, r.path, f"a ledger has one log table (first given in {first.file})")
            for r in log_records[1:]
        )
    if log_records:
        header = log_records[0]
        if isinstance(header.raw, dict) and "events" in header.raw:
            problems.append(
                Problem(
                    header.file,
                    f"{header.path}.events",
                    "events go in the top-level [[events]] list",
                )
            )
        else:
            parsed = _structure(header, EventLog, problems)
            if isinstance(parsed, EventLog):
                log = parsed

    # references are checked on the raw records, so a record that failed to
    # validate still has its dangling references reported
    ids = {
        table: [(i, rid) for i, r in enumerate(rows) if (rid := _text_at(r.raw, "id")) is not None]
        for table, rows in places.items()
    }
    prediction_refs = [
        (i, _text_at(r.raw, "source"), _text_at(r.raw, "document"))
        for i, r in enumerate(places["predictions"])
    ]
    citation_refs = [
        (i, k, doc)
        for i, r in enumerate(places["events"])
        if isinstance(r.raw, dict) and isinstance(r.raw.get("evidence"), list)
        for k, c in enumerate(r.raw["evidence"])
        if (doc := _text_at(c, "document")) is not None
    ]
    problems.extend(reference_problems(ids, prediction_refs, citation_refs, locate=locate))
    for index, prediction in built["predictions"]:
        file, path = locate("predictions", index)
        problems.extend(
            Problem(file, f"{path}{sub}", message)
            for sub, message in date_problems(typing.cast(Prediction, prediction))
        )
    if problems:
        raise LedgerError(problems)
    return Ledger(
        sources=tuple(typing.cast(Source, v) for _, v in built["sources"]),
        documents=tuple(typing.cast(Document, v) for _, v in built["documents"]),
        predictions=tuple(typing.cast(Prediction, v) for _, v in built["predictions"]),
        log=attrs.evolve(log, events=tuple(typing.cast(Event, v) for _, v in built["events"])),
    )


# --- writing ----------------------------------------------------------------


def _tree(ledger: Ledger) -> dict[str, _Any]:
    tree: dict[str, _Any] = {}
    log = converter.unstructure(attrs.evolve(ledger.log, events=()))
    if log:
        tree["log"] = log
    for table in TABLES:
        records = ledger.events if table == "events" else getattr(ledger, table)
        if records:
            tree[table] = [converter.unstructure(r) for r in records]
    return tree


def _has_carriage_return(tree: object) -> bool:
    stack = [tree]
    while stack:
        value = stack.pop()
        if isinstance(value, str):
            if "\r" in value:
                return True
        elif isinstance(value, dict):
            stack.extend(value.values())
        elif isinstance(value, list):
            stack.extend(value)
    return False


def dumps(ledger: Ledger, fmt: str) -> str:
    """The ledger as text in ``fmt`` ("toml", "json" or "jsonl")."""
    tree = _tree(ledger)
    if fmt == "toml":
        # tomli_w writes "\r\n" inside a multi-line string as a bare newline, which
        # reads back as "\n"; a ledger holding a carriage return is written with
        # every string on one line ("\r" and "\n" escaped) so nothing is lost
        return tomli_w.dumps(tree, multiline_strings=not _has_carriage_return(tree))
    if fmt == "json":
        return json.dumps(tree, indent=2, ensure_ascii=False) + "\n"
    if fmt == "jsonl":
        lines = [json.dumps({"log": tree["log"]}, ensure_ascii=False)] if "log" in tree else []
        for table in TABLES:
            lines.extend(json.dumps({table: r}, ensure_ascii=False) for r in tree.get(table, []))
        return "".join(f"{line}\n" for line in lines)
    raise ValueError(f"unknown format {fmt!r} (expected one of {', '.join(FORMATS)})")


_TEMPORARY = ".forecastcheck-tmp"
"""How the atomic writer's temporary files end: ``.{name}.{pid}-{random}.forecastcheck-tmp``."""


def _running(pid: int) -> bool:
    """Whether process ``pid`` may still be running (and writing its temporary file)."""
    if pid == os.getpid():
        return True
    if os.name != "posix":  # no signal 0 there; an open file cannot be removed anyway
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # it exists, under another user
        return True
    return True


def _remove_leftovers(folder: Path, name: str) -> None:
    """Remove the temporaries that earlier saves of ``folder/name`` left when killed."""
    for stray in folder.glob(f".{glob.escape(name)}.*{_TEMPORARY}"):
        pid = stray.name[len(name) + 2 : -len(_TEMPORARY)].partition("-")[0]
        if pid.isdigit() and not _running(int(pid)):
            with contextlib.suppress(OSError):  # gone already, or still open (Windows)
                stray.unlink()


def write_text_atomic(path: str | os.PathLike[str], text: str) -> Path:
    """Write ``text`` to ``path`` in one step: a crash leaves the old file or the new one.

    The text goes to a temporary file next to the file written, is flushed to
    disk, then replaces it with :func:`os.replace`; on any failure the
    temporary file is removed and the old file is untouched.

    - A symlink is written through: the file it points at is replaced (or
      created), the link stays.
    - A path that is not a regular file — a FIFO, ``/dev/stdout``, a terminal —
      is written to directly, as a shell redirection would.
    - A new file gets the usual mode (0666 less the umask: 0644 under umask
      022); a replaced file keeps its mode.
    - The temporary file is named ``.{name}.{pid}-{random}.forecastcheck-tmp``;
      one left by a save that was killed (its process no longer runs) is
      removed by the next save of the same path.

    Returns:
        The path written.

    Raises:
        OSError: the folder does not exist or cannot be written.
    """
    target = Path(path)
    try:
        old: os.stat_result | None = os.stat(target)
    except FileNotFoundError:
        old = None
    if old is not None and not stat.S_ISREG(old.st_mode):
        with open(target, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
        return target
    real = Path(os.path.realpath(target))
    _remove_leftovers(real.parent, real.name)
    mode = 0o666 if old is None else stat.S_IMODE(old.st_mode)
    while True:
        tmp = real.with_name(f".{real.name}.{os.getpid()}-{secrets.token_hex(6)}{_TEMPORARY}")
        try:  # the kernel applies the umask, as for any new file
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
        except FileExistsError:  # pragma: no cover - 48 random bits
            continue
        break
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        if old is not None:
            os.chmod(tmp, mode)  # exactly the old mode, whatever the umask
        os.replace(tmp, real)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return target


def save(ledger: Ledger, path: str | os.PathLike[str]) -> Path:
    """Write a ledger to one file, atomically; the format follows the suffix.

    Missing parent folders are created.

    Args:
        ledger: what to write.
        path: a ``.toml``, ``.json`` or ``.jsonl`` file.

    Returns:
        The path written.

    Raises:
        ValueError: the suffix names no known format (nothing is written).
    """
    target = Path(path)
    text = dumps(ledger, target.suffix.lower().lstrip("."))
    target.parent.mkdir(parents=True, exist_ok=True)
    return write_text_atomic(target, text)
