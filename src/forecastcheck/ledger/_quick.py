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
from collections.abc import Callable

from forecastcheck.ledger import _values
from forecastcheck.ledger.convert import TABLES

__all__ = ["quick_lines", "quick_tree"]


def _decoder() -> tuple[Callable[[str], object], list[int]]:
    """A JSON decoder like the careful reading's, and how many objects named a key twice.

    Every key it reads is kept once, however many texts it decodes: the JSON
    parser shares the keys within one text, and a JSON Lines file is a text a line.
    """
    twice = [0]
    keys: dict[str, str] = {}
    same = keys.setdefault

    def pairs(found: list[tuple[str, object]]) -> dict[str, object]:
        result = {same(k, k): v for k, v in found}
        if len(result) != len(found):
            twice[0] += 1
        return result

    return json.JSONDecoder(object_pairs_hook=pairs, parse_int=_values.json_int).decode, twice


def _tables_ok(tree: dict[str, object]) -> bool:
    return all(key == "log" or (key in TABLES and type(v) is list) for key, v in tree.items())


def quick_tree(text: str, toml: bool) -> dict[str, object] | None:
    """The parsed tree of a TOML or JSON file, or ``None`` if it needs the careful reading."""
    decode, twice = _decoder()
    try:
        tree = tomllib.loads(text) if toml else decode(text)
    except (ValueError, RecursionError):
        return None
    if type(tree) is not dict or twice[0] or not _tables_ok(tree):
        return None
    return tree


def quick_lines(text: str) -> list[tuple[int, str, object]] | None:
    """(line number, table, record) of a JSON Lines file, or ``None`` if it needs care."""
    found: list[tuple[int, str, object]] = []
    decode, twice = _decoder()
    try:
        for number, line in enumerate(text.split("\n"), start=1):
            if not line.strip():
                continue
            obj = decode(line)
            if type(obj) is not dict or len(obj) != 1:
                return None
            ((table, raw),) = obj.items()
            if table != "log" and table not in TABLES:
                return None
            found.append((number, table, raw))
    except (ValueError, RecursionError):
        return None
    return None if twice[0] else found
