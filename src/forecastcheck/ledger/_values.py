"""How raw values and keys are named in a loader's messages and record paths (private)."""

from __future__ import annotations

import datetime as dt
import sys

import attrs

from forecastcheck.errors import ECHO_LIMIT, shown


@attrs.frozen
class BigInt:
    """A JSON integer with more digits than Python converts (``sys.get_int_max_str_digits``)."""

    digits: int


def json_int(text: str) -> int | BigInt:
    """A JSON integer's text as an int, or a :class:`BigInt` past Python's digit limit."""
    limit = sys.get_int_max_str_digits()
    digits = len(text.lstrip("-"))
    return BigInt(digits) if limit and digits > limit else int(text)


def describe(value: object) -> str:
    if isinstance(value, BigInt):
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


def key(key: str) -> str:
    """A key as it can stand in a record path: control characters and surrogates escaped,
    a long key cut as :func:`~forecastcheck.errors.shown` cuts a value."""
    short = key if len(key) <= ECHO_LIMIT else key[:ECHO_LIMIT]
    if not short.isprintable():
        short = "".join(c if c.isprintable() else repr(c)[1:-1] for c in short)
    return short if short is key else f"{short}…({len(key)} characters)"
