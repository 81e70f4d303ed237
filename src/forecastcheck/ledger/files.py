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
:data:`~forecastcheck.ledger.raw.MAX_FILE_NESTING` (propositions past
:data:`~forecastcheck.ledger.propositions.MAX_PROPOSITION_DEPTH`) and integers past
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

import functools
import json
import os
import typing
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import attrs
import tomli_w

from forecastcheck import _collector
from forecastcheck.errors import LedgerError, Problem
from forecastcheck.ledger import _fast, _places, _raw
from forecastcheck.ledger.book import Ledger
from forecastcheck.ledger.chains import chain_problems
from forecastcheck.ledger.checks import (
    Checked,
    DateScreens,
    anchor_problems,
    proposition_date_problems,
    record_reference_problems,
    reference_problems,
)
from forecastcheck.ledger.convert import (
    TABLES,
    converter,
    problems_in,
    quick_converter,
    window_memo,
)
from forecastcheck.ledger.dates import DateWindow
from forecastcheck.ledger.folders import FORMATS, find_files, ledger_files
from forecastcheck.ledger.propositions import Proposition
from forecastcheck.ledger.readings import Readings
from forecastcheck.ledger.records import Document, Event, EventLog, Prediction, Source
from forecastcheck.ledger.writing import write_text_atomic

__all__ = [
    "RecordPlace",
    "dumps",
    "load",
    "record_places",
    "save",
]


@attrs.frozen
class RecordPlace:
    """Where one record of a ledger stands, named as its problems would name it.

    Attributes:
        table: "sources", "documents", "predictions", "events" or "log".
        file: the file label, with ``:line`` for JSON Lines.
        path: the record path (``$.predictions[3]``; ``$.predictions`` in JSON Lines).
        source: the file on disk.
        id: the record's id as written, if it has one.
        draft: whether the record says ``draft = true`` as written.
    """

    table: str
    file: str
    path: str
    source: Path
    id: str | None
    draft: bool = False

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
        records, _ = _raw.read_tree(file, label)
        places.extend(
            RecordPlace(
                r.table,
                r.file,
                r.path,
                file,
                _raw.text_at(r.raw, "id"),
                _raw.value_at(r.raw, "draft") is True,
            )
            for r in records
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
    found, problems = find_files(path)
    if not found and not problems:
        problems = [Problem(os.fspath(path), "", "the folder holds no ledger files")]
    records: list[_raw.Record | _raw.Built] = []
    with window_memo(), _collector.paused():
        build = _quick_builder()
        for file, label in found:
            read, trouble = _raw.read_tree(file, label, build)
            records.extend(read)
            problems.extend(trouble)
        ledger = _build(records, problems)
        _collector.aged()  # the ledger lives on: not walked as young objects
        return ledger


_QUICK_HOOKS = {table: quick_converter.get_structure_hook(cls) for table, cls in TABLES.items()}


_FAST = _fast.Builder(quick_converter, TABLES.values())


def _quick_build(table: str, raw: object) -> object | None:
    """A record built as it is read: in one pass (:mod:`._fast`), else by the quick converter,
    else not yet (``None``: built again, and told, by :func:`_structure`)."""
    built = _FAST.build(TABLES[table], raw)
    return built if built is not None else _hooked_build(table, raw)


def _quick_builder() -> _raw.Build:
    """:func:`_quick_build` for the load under way, its memos looked up once (not per record)."""
    memos = _FAST.memos()
    fast = {table: _FAST.function(cls) for table, cls in TABLES.items()}

    def build(table: str, raw: object) -> object | None:
        built = fast[table](raw, memos)
        return built if built is not None else _hooked_build(table, raw)

    return build


def _hooked_build(table: str, raw: object) -> object | None:
    """A record the one pass refused, built by the quick converter, else ``None``."""
    if _raw.too_deep(table, raw):
        return None
    try:
        built = _QUICK_HOOKS[table](raw, TABLES[table])
    except Exception:  # told by _structure, which tries the record again
        return None
    return typing.cast(object, built)


def _structure(
    record: _raw.Record, cls: type, problems: list[Problem], readings: Readings
) -> object | None:
    if type(record.raw) is cls:  # built as it was read
        return record.raw
    if record.blocked:
        return None
    try:  # most records pass: the quick converter first, the detailed one to say what failed
        return quick_converter.structure(record.raw, cls)
    except Exception:  # told again, located, just below
        pass
    record, trouble = _raw.searched(record)
    problems.extend(trouble)
    if record.blocked:
        return None
    try:
        return converter.structure(record.raw, cls)
    except Exception as exc:  # every failure becomes a located problem
        found = [Problem(record.file, p, m) for p, m in problems_in(exc, record.path)]
        problems.extend(found)
        if attrs.has(cls) and isinstance(record.raw, dict):
            problems.extend(_more_problems(record, cls, {p.path for p in found}, readings))
        return None


@functools.cache
def _field_types(cls: type) -> dict[str, object]:
    return typing.get_type_hints(cls)


def _more_problems(
    record: _raw.Record, cls: type, reported: set[str], readings: Readings
) -> Iterator[Problem]:
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
                yield from (Problem(record.file, p, m) for p, m in problems_in(exc, record.path))
    proposition, stated = values.get("proposition"), values.get("stated")
    if cls is Prediction and proposition is not None and isinstance(stated, DateWindow):
        for sub, message in proposition_date_problems(
            typing.cast(Proposition, proposition), stated, readings
        ):
            yield Problem(record.file, f"{record.path}{sub}", message)


def _log_of(log_records: list[_raw.Record], problems: list[Problem]) -> EventLog:
    """The ledger's one log table (without its events), or an empty log."""
    if len(log_records) > 1:
        first = log_records[0]
        problems.extend(
            Problem(r.file, r.path, f"a ledger has one log table (first given in {first.file})")
            for r in log_records[1:]
        )
    if not log_records:
        return EventLog()
    header = log_records[0]
    if isinstance(header.raw, dict) and "events" in header.raw:
        problems.append(
            Problem(
                header.file, f"{header.path}.events", "events go in the top-level [[events]] list"
            )
        )
        return EventLog()
    parsed = _structure(header, EventLog, problems, Readings())
    return parsed if isinstance(parsed, EventLog) else EventLog()


def _evidence(raw: object) -> Sequence[object]:
    """An event's citations: a built event's, or a raw one's list (nothing if it has none)."""
    if isinstance(raw, Event):
        return raw.evidence
    found = raw.get("evidence") if isinstance(raw, dict) else None
    return found if isinstance(found, list) else ()


Ids = dict[str, list[tuple[int, str]]]
"""Each table's (index, id) of the records that have an id as text."""


def _ids(places: Places) -> Ids:
    return {
        table: [
            (i, rid) for i, r in enumerate(rows) if (rid := _raw.text_at(r.raw, "id")) is not None
        ]
        for table, rows in places.items()
    }


def _raw_reference_problems(places: Places, ids: Ids) -> list[Problem]:
    """Duplicate ids and dangling references, found on the raw records (or those built).

    A record that failed to validate still has its dangling references reported.
    """

    def locate(table: str, index: int) -> tuple[str, str]:
        record = places[table][index]
        return record.file, record.path

    prediction_refs = [
        (i, _raw.text_at(r.raw, "source"), _raw.text_at(r.raw, "document"))
        for i, r in enumerate(places["predictions"])
    ]
    citation_refs = [
        (i, k, doc)
        for i, r in enumerate(places["events"])
        for k, c in enumerate(_evidence(r.raw))
        if (doc := _raw.text_at(c, "document")) is not None
    ]
    return reference_problems(ids, prediction_refs, citation_refs, locate=locate)


def _anchor_problems(places: Places, ids: Ids, anchoring: list[Prediction]) -> list[Problem]:
    """Anchors naming no event of the log, placed in their prediction's file.

    Only the predictions whose proposition has an anchored part are walked
    (``anchoring``, as :class:`DateScreens` found them; most have none).
    """
    if not anchoring:
        return []
    events = {rid for _, rid in ids["events"]}
    found = [(p.id, sub, message) for p in anchoring for sub, message in anchor_problems(p, events)]
    if not found:
        return []
    records = {rid: places["predictions"][i] for i, rid in ids["predictions"]}
    return [
        Problem(record.file, f"{record.path}{sub}", message)
        for pid, sub, message in found
        if (record := records.get(pid)) is not None
    ]


def _build(records: list[_raw.Record | _raw.Built], problems: list[Problem]) -> Ledger:
    """The ledger of the raw records, every record and every reference checked once.

    The checks a :class:`Ledger` makes on construction are made here, on the
    records as they stand in their files (so problems carry the file and record
    path), and the ledger is given their outcome (a :class:`Checked` of its
    very records) instead of checking again. When every record was built,
    references are checked on the records (:func:`record_reference_problems`,
    one screen of sets); otherwise on the raw records, so those that failed
    to validate are checked too.
    """
    readings = Readings()
    placed = _places.placed_whole(records)
    places: Places
    if placed is None:
        listed, built, logs = _placed(list(_places.each_record(records)), problems, readings)
        places = dict(listed.items())
        whole = all(len(built[t]) == len(rows) for t, rows in places.items())
    else:
        whole_places, logs = placed
        built = {t: rows.built() for t, rows in whole_places.items()}
        places, whole = dict(whole_places.items()), True
    log = _log_of(logs, problems)
    sources = tuple(typing.cast(list[Source], built["sources"]))
    documents = tuple(typing.cast(list[Document], built["documents"]))
    predictions = tuple(typing.cast(list[Prediction], built["predictions"]))
    events = tuple(typing.cast(list[Event], built["events"]))
    screens = DateScreens(readings)
    at = places["predictions"]
    if not whole:  # the records of the predictions built
        at = [r for r in at if type(r.raw) is Prediction]
    for i, found in screens.screened(predictions):
        record = at[i]
        problems.extend(Problem(record.file, f"{record.path}{s}", m) for s, m in found)
    if whole:

        def locate(table: str, index: int) -> tuple[str, str]:
            record = places[table][index]
            return record.file, record.path

        problems.extend(
            record_reference_problems(sources, documents, predictions, events, locate=locate)
        )
    ids = _ids(places) if not whole or screens.anchoring or _revising(predictions) else _NO_IDS
    if not whole:
        problems.extend(_raw_reference_problems(places, ids))
    if ids is not _NO_IDS:
        placed_predictions = [
            ((r.file, r.path), r.raw) for r in places["predictions"] if type(r.raw) is Prediction
        ]
        known = (rid for _, rid in ids["predictions"])
        problems.extend(chain_problems(known, typing.cast(list[Any], placed_predictions), readings))
        problems.extend(_anchor_problems(places, ids, screens.anchoring))
    if problems:
        raise LedgerError(problems)
    checked = Checked(sources, documents, predictions, events, (), readings)
    return Ledger(
        sources=sources,
        documents=documents,
        predictions=predictions,
        log=attrs.evolve(log, events=events),
        checked=checked,
    )


Places = _places.Places


def _placed(
    records: list[_raw.Record], problems: list[Problem], readings: Readings
) -> tuple[dict[str, list[_raw.Record]], dict[str, list[object]], list[_raw.Record]]:
    """Each table's records, those of them built, and the log's records.

    A record not built as read is structured here (:func:`_structure`, which
    tells what is wrong with one that fails); one that fails stays in its
    table's records but not among those built.
    """
    built: dict[str, list[object]] = {t: [] for t in TABLES}
    places: dict[str, list[_raw.Record]] = {t: [] for t in TABLES}
    logs: list[_raw.Record] = []
    for index, record in enumerate(records):
        table = record.table
        if table == "log":
            logs.append(record)
            continue
        cls, raw = TABLES[table], record.raw
        value = raw if type(raw) is cls else _structure(record, cls, problems, readings)
        if value is None:
            places[table].append(record)
            continue
        # the raw tree is let go (a large load's memory): ids and references are read
        # from the record built, which holds the very same values
        if raw is not value:
            records[index] = record._replace(raw=value)
        places[table].append(records[index])
        built[table].append(value)
    return places, built, logs


_NO_IDS: Ids = {}
"""The ids of no table: a load with nothing left to check by id needs none."""


def _revising(predictions: Sequence[Prediction]) -> bool:
    """Whether any prediction revises another (only then can a chain have a problem)."""
    return any(p.revises is not None for p in predictions)


# --- writing ----------------------------------------------------------------


def _tree(ledger: Ledger) -> dict[str, Any]:
    tree: dict[str, Any] = {}
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
