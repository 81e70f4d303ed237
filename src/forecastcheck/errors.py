"""The one exception family forecastcheck raises, and the problems it carries.

Every error a user can act on names *where* it is: the file, the record path
inside it (a JSONPath such as ``$.predictions[3].deadline``) and what is wrong.
Errors are collected, never raised one at a time, so a user fixes a file in
one pass.
"""

from __future__ import annotations

from collections.abc import Iterable

import attrs

__all__ = [
    "ECHO_LIMIT",
    "FieldError",
    "ForecastcheckError",
    "LedgerError",
    "Problem",
    "ScaleError",
    "shown",
]

ECHO_LIMIT = 60
"""How many characters of a bad value a message echoes; longer values are cut, and say so."""


def shown(value: object) -> str:
    """``repr(value)`` for a message, a long text cut to its first :data:`ECHO_LIMIT` characters.

    A cut text ends with how long it was: ``'xxxx…'…(10000000 characters)``.
    """
    if isinstance(value, str) and len(value) > ECHO_LIMIT:
        return f"{value[:ECHO_LIMIT]!r}…({len(value)} characters)"
    return repr(value)


@attrs.frozen(order=True)
class Problem:
    """One thing wrong with an input, located precisely.

    Args:
        file: the file it was found in ("" for objects built in memory).
        path: the record path inside the file, JSONPath style (``$.predictions[3].deadline``).
        message: what is wrong, phrased so a person can fix it.
    """

    file: str
    path: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}: " if self.file else ""
        path = f"{self.path}: " if self.path else ""
        return f"{where}{path}{self.message}"


class ForecastcheckError(Exception):
    """Base class of every error forecastcheck raises on purpose."""


class FieldError(ForecastcheckError, ValueError):
    """A value is wrong for one named field; loaders add the field to the record path.

    Attributes:
        field: the field's name.
        message: what is wrong with its value.
    """

    def __init__(self, field: str, message: str) -> None:
        self.field = field
        self.message = message
        super().__init__(message)


class LedgerError(ForecastcheckError, ValueError):
    """A ledger (or anything loaded like one) has problems; all of them are listed.

    Attributes:
        problems: every problem found, in file and path order.
    """

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems: tuple[Problem, ...] = tuple(sorted(problems))
        super().__init__(self._render())

    def _render(self) -> str:
        n = len(self.problems)
        head = f"{n} problem{'s' if n != 1 else ''} found:"
        return "\n".join([head, *(f"  {p}" for p in self.problems)])


class ScaleError(LedgerError):
    """A verbal-probability scale file has problems; all of them are listed."""
