"""The field validators the ledger's record classes share (a private module).

Each raises :class:`~forecastcheck.errors.FieldError` naming the field, so a
loader can place the problem at ``$.predictions[3].source``.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import typing as t
from collections.abc import Iterable
from typing import TypeAlias

import attrs

from forecastcheck.errors import FieldError, shown
from forecastcheck.ledger.dates import DateWindow

Attr: TypeAlias = "attrs.Attribute[t.Any]"

IDENTIFIER = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:/-]*")
"""What :func:`identifier` accepts (in full)."""


def identifier(instance: object, attribute: Attr, value: str) -> None:
    if not isinstance(value, str) or not IDENTIFIER.fullmatch(value):
        raise FieldError(
            attribute.name,
            f"expected an identifier (letters, digits and . _ : / -), got {shown(value)}",
        )


def optional_identifier(instance: object, attribute: Attr, value: str | None) -> None:
    if value is not None:
        identifier(instance, attribute, value)


def text(instance: object, attribute: Attr, value: str) -> None:
    if not isinstance(value, str) or not value.strip():
        raise FieldError(attribute.name, "must be non-empty text")


def optional_text(instance: object, attribute: Attr, value: str | None) -> None:
    if value is not None:
        text(instance, attribute, value)


def strings(instance: object, attribute: Attr, value: tuple[str, ...]) -> None:
    for item in value:
        identifier(instance, attribute, item)


def window(instance: object, attribute: Attr, value: object) -> None:
    if value is not None and not isinstance(value, DateWindow):
        raise FieldError(attribute.name, f"must be a DateWindow, got {type(value).__name__}")


def day(instance: object, attribute: Attr, value: object) -> None:
    if value is not None and (not isinstance(value, dt.date) or isinstance(value, dt.datetime)):
        raise FieldError(attribute.name, f"must be a date, got {type(value).__name__}")


def as_tuple(value: Iterable[object]) -> tuple[object, ...]:
    return tuple(value)


def finite(instance: object, attribute: Attr, value: float | None) -> None:
    if value is None:
        return
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise FieldError(attribute.name, f"must be a finite number, got {value!r}")


def nonempty(instance: object, attribute: Attr, value: tuple[object, ...]) -> None:
    if not value:
        raise FieldError(attribute.name, "must hold at least one proposition")


def probability(instance: object, attribute: Attr, value: float | None) -> None:
    if value is None:
        return
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0.0 <= value <= 1.0:
        raise FieldError(attribute.name, f"expected a probability between 0 and 1, got {value!r}")


def level(instance: object, attribute: Attr, value: float | None) -> None:
    if value is None:
        return
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0.0 < value < 1.0:
        raise FieldError(
            attribute.name,
            f"expected an interval's level between 0 and 1 (0.9: 90%), got {value!r}",
        )


def level_has_interval(level: float | None, low: object, high: object) -> None:
    """A stated level belongs to a stated interval: at least one end is given."""
    if level is not None and low is None and high is None:
        raise FieldError("level", "a level needs an interval: give one end or both")
