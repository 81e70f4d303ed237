"""The quick reading of a well-formed ledger file's text (a private module of ``_raw``).

Most files are well formed, and for them the careful reading in
:mod:`forecastcheck.ledger._raw` (a walk of every record, naming each place it
passes, in search of duplicate keys and nesting past the limit) costs more
than the parser. Here a file is accepted without that walk when parsing shows
what the walk would look for cannot be there: no JSON object named a key twice
(the parser's object hook counts them), only known tables, every table a
list, every JSON Lines line an object with one key. Anything else gives
``None``, and the careful reading runs and reports what it finds exactly as
before.

Nesting is left to the loader: a record that structures has the depth of its
fields' types (well inside the limit), and a record that fails is searched
then (see :attr:`~forecastcheck.ledger._raw.Record.level`).
"""

from __future__ import annotations

import json
import tomllib
from collections.abc import Callable, Iterator
from typing import TypeVar

from forecastcheck.ledger import _values
from forecastcheck.ledger.convert import TABLES

__all__ = ["numbered_lines", "quick_lines", "quick_tree"]

_T = TypeVar("_T")


def _decoder() -> tuple[json.JSONDecoder, list[int]]:
    """A JSON decoder like the careful reading's, and how many objects named a key twice."""
    twice = [0]

    def pairs(found: list[tuple[str, object]]) -> dict[str, object]:
        result = dict(found)
        if len(result) != len(found):
            twice[0] += 1
        return result

    return json.JSONDecoder(object_pairs_hook=pairs, parse_int=_values.json_int), twice


_TABLES = frozenset((*TABLES, "log"))


def _tables_ok(tree: dict[str, object]) -> bool:
    return all(key == "log" or (key in TABLES and type(v) is list) for key, v in tree.items())


def quick_tree(text: str, toml: bool) -> dict[str, object] | None:
    """The parsed tree of a TOML or JSON file, or ``None`` if it needs the careful reading."""
    decoder, twice = _decoder()
    try:
        tree = tomllib.loads(text) if toml else decoder.decode(text)
    except (ValueError, RecursionError):
        return None
    if type(tree) is not dict or twice[0] or not _tables_ok(tree):
        return None
    return tree


def numbered_lines(text: str) -> Iterator[tuple[int, str]]:
    """(line number, line) of a text split at each newline, one line at a time.

    ``text.split("\\n")`` would hold a second copy of a large file as a list of lines.
    """
    start, number, size = 0, 1, len(text)
    while start <= size:
        end = text.find("\n", start)
        if end < 0:
            end = size
        yield number, text[start:end]
        start, number = end + 1, number + 1


def quick_lines(
    text: str, keep: Callable[[int, str, object], _T | None], first: int = 1
) -> list[_T] | None:
    """What ``keep`` makes of each line of a JSON Lines file, or ``None`` if it needs care.

    Each line is parsed and handed to ``keep`` as (line number, table, record)
    at once, and its parsed tree is let go unless ``keep`` holds on to it: a
    large file's records are never all held as trees. ``keep`` giving
    ``None`` sends the file to the careful reading. Lines are numbered from
    ``first`` (the text may be a block of a file's lines).

    A line as written (``{...}`` from its first character to its newline) is
    parsed where it stands in ``text``, with no copy of it made; a value that
    stops short of its newline or runs past it (space around it, a value over
    several lines, not JSON) is parsed again as that line alone, as the
    careful reading parses it, and fails there if it is not one JSON value.
    A line written as this package writes one, ``{"table": value}``, has its
    value parsed alone, where it stands, and is that table's record if the
    value ends just before the line's closing brace.
    """
    found: list[_T] = []
    decoder, twice = _decoder()
    parse, find, starts = decoder.raw_decode, text.find, text.startswith
    scan: Callable[[str, int], tuple[object, int]] = decoder.scan_once  # type: ignore[attr-defined]
    start, number, size = 0, first - 1, len(text)
    run, prefix = _PREFIXES[0]  # the table of the line before, and how its lines begin
    try:
        while start <= size:
            end = find("\n", start)
            if end < 0:
                end = size
            line_start, start, number = start, end + 1, number + 1
            if not starts(prefix, line_start):
                run, prefix = _line_table(text, line_start, run, prefix)
            if starts(prefix, line_start):
                try:  # the value alone, as ``raw_decode`` parses it
                    raw, stop = scan(text, line_start + len(prefix))
                except (StopIteration, ValueError):
                    stop = -1
                if stop + 1 == end and text[stop] == "}":  # the line is {"table": value}
                    if twice[0]:
                        return None
                    kept = keep(number, run, raw)
                    if kept is None:
                        return None
                    found.append(kept)
                    continue
            try:
                obj, stop = parse(text, line_start)
            except json.JSONDecodeError:
                obj, stop = None, -1
            if stop != end:
                line = text[line_start:end]
                if not line.strip():
                    continue
                obj = decoder.decode(line)
            if type(obj) is not dict or len(obj) != 1 or twice[0]:
                return None
            ((table, raw),) = obj.items()
            if table not in _TABLES:
                return None
            kept = keep(number, table, raw)
            if kept is None:
                return None
            found.append(kept)
    except (ValueError, RecursionError):
        return None
    return found


_PREFIXES = [(t, f'{{"{t}": ') for t in ("predictions", *sorted(_TABLES - {"predictions"}))]
"""Each table and how this package begins its lines (``json.dumps``'s own separators)."""


def _line_table(text: str, at: int, table: str, prefix: str) -> tuple[str, str]:
    """The (table, prefix) this package begins the line at ``at`` with; else those given."""
    for found in _PREFIXES:
        if text.startswith(found[1], at):
            return found
    return table, prefix
