"""Indented JSON text, byte for byte ``json.dumps(data, indent=..., ensure_ascii=False,
allow_nan=False)``, written mostly by the C encoder.

The standard library encodes with ``indent`` in pure Python (a generator a
level, each piece passed up through every level above it): most of a large
JSON report's time. Its C encoder writes no indentation, but it takes any
item separator; so a container without any non-empty container inside (a
link, a calibration bin, a list of tags) is encoded by it in one call, with
``",\\n"`` and the indentation of its items as the separator, and only its
opening and closing lines are added here. A container holding others is
walked here, its runs of plain values again encoded by the C encoder in one
call each. Keys and values are encoded by the same functions as the
standard library's (string escaping, ``float.__repr__``, ``int.__repr__``),
so the text is the same; anything out of the ordinary (a key that is not a
string, a value JSON cannot hold, a structure nested deeper than
:data:`_DEEPEST`) is left to ``json.dumps`` itself, which writes the same
text, or raises its own error.

Private: imported as a module (``from forecastcheck.report import _json_text``).
"""

from __future__ import annotations

import json
from json import encoder as _json_encoder
from typing import Any

__all__ = ["dumps"]

_DEEPEST = 200
"""Deeper nesting than this goes to ``json.dumps`` (and its own recursion limit)."""

_CONTAINERS = (dict, list, tuple)
_PLAIN = frozenset({str, int, float, bool, type(None)})
"""Exact types a value may have for its container to be one C call (checked in C: ``map(type)``)."""


def _flat(values: Any) -> bool:
    """Whether every one of ``values`` is a plain string, number, boolean or ``None``."""
    return _PLAIN.issuperset(map(type, values))


def _encoder(separator: str) -> Any:
    """``json.JSONEncoder(ensure_ascii=False, allow_nan=False, separators=(separator, ": "))``'s
    ``encode``, its C encoder made once rather than at each call (as ``JSONEncoder.iterencode``
    makes it, with the same arguments); the ``JSONEncoder`` itself without the C encoder."""
    standard = json.JSONEncoder(ensure_ascii=False, allow_nan=False, separators=(separator, ": "))
    make = getattr(_json_encoder, "c_make_encoder", None)
    if make is None:  # pragma: no cover - a Python without the _json module
        return standard.encode
    markers: dict[int, object] = {}  # check_circular, as json.dumps: a cycle raises ValueError
    chunks = make(
        markers, standard.default, _json_encoder.encode_basestring, None, ": ", separator,
        False, False, False,
    )  # fmt: skip

    def encode(o: object) -> str:
        return "".join(chunks(o, 0))

    return encode


class _UnusualError(Exception):
    """Something this writer leaves to ``json.dumps``."""


class _Writer:
    """The pieces of one document's text, container by container."""

    def __init__(self, indent: str) -> None:
        self.indent = indent
        self.pieces: list[str] = []
        self._flat: dict[int, Any] = {}

    def flat(self, level: int) -> Any:
        """An encoder of one value in one line but for ``level``'s item separator (see _encoder)."""
        encode = self._flat.get(level)
        if encode is None:
            encode = _encoder(",\n" + self.indent * level)
            self._flat[level] = encode
        return encode

    def value(self, o: object, level: int) -> None:
        """Write ``o`` (at nesting ``level``) as ``json.dumps`` would there."""
        if isinstance(o, dict):
            self.mapping(o, level)
        elif isinstance(o, list | tuple):
            self.sequence(o, level)
        else:
            self.pieces.append(self.flat(level + 1)(o))

    def mapping(self, d: dict[Any, Any], level: int) -> None:
        if level > _DEEPEST:
            raise _UnusualError
        close = "\n" + self.indent * level + "}"
        if _flat(d.values()):
            text = self.flat(level + 1)(d)
            if text == "{}":
                self.pieces.append(text)
            else:
                self.pieces += ("{\n", self.indent * (level + 1), text[1:-1], close)
            return
        pad = "\n" + self.indent * (level + 1)
        lead = "{" + pad
        run: dict[str, object] = {}
        for k, v in d.items():
            if type(k) is not str:
                raise _UnusualError
            if isinstance(v, _CONTAINERS) and v:
                if run:
                    self.pieces += (lead, self.flat(level + 1)(run)[1:-1])
                    lead, run = "," + pad, {}
                self.pieces += (lead, _json_encoder.encode_basestring(k), ": ")
                lead = "," + pad
                self.value(v, level + 1)
            else:
                run[k] = v
        if run:
            self.pieces += (lead, self.flat(level + 1)(run)[1:-1])
        self.pieces.append(close)

    def sequence(self, items: list[Any] | tuple[Any, ...], level: int) -> None:
        if level > _DEEPEST:
            raise _UnusualError
        if not items:
            self.pieces.append("[]")
            return
        pad = "\n" + self.indent * (level + 1)
        close = "\n" + self.indent * level + "]"
        if _flat(items):
            self.pieces += ("[", pad, self.flat(level + 1)(items)[1:-1], close)
            return
        lead = "[" + pad
        for v in items:
            self.pieces.append(lead)
            lead = "," + pad
            self.value(v, level + 1)
        self.pieces.append(close)


def dumps(data: object, indent: int | str) -> str:
    """``json.dumps(data, indent=indent, ensure_ascii=False, allow_nan=False)``, the same text."""
    writer = _Writer(" " * indent if isinstance(indent, int) else indent)
    try:
        writer.value(data, 0)
    except (_UnusualError, TypeError, ValueError, RecursionError):
        return json.dumps(data, indent=indent, ensure_ascii=False, allow_nan=False)
    return "".join(writer.pieces)
