"""``forecastcheck report TABLE``: a tidy table of calls read as a ledger (private).

A ``.csv``, ``.parquet`` or ``.pq`` path given to ``report`` is read by
:func:`forecastcheck.tables.ledger_from_table` as of the report's date; what the
table does not carry is said on standard error.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from forecastcheck._counted import counted
from forecastcheck.errors import LedgerError

if TYPE_CHECKING:
    from forecastcheck.ledger import Ledger

__all__ = ["SUFFIXES", "is_table", "load", "say_problems"]

SUFFIXES = (".csv", ".parquet", ".pq")


def is_table(path: str) -> bool:
    """Whether ``path`` names a table file (by its suffix) rather than a ledger."""
    return Path(path).suffix.lower() in SUFFIXES


def say_problems(exc: LedgerError, where: str, say: Callable[[str], None]) -> None:
    """Each problem on its line, then how many (``WHERE: N problems``)."""
    for problem in exc.problems:
        say(str(problem))
    say(f"{where}: {counted(len(exc.problems), 'problem')}")


def load(
    path: str,
    as_of: dt.date | None,
    say: Callable[[str], None],
    note: Callable[[str], None] | None = None,
) -> Ledger | None:
    """The table at ``path`` as a ledger as of ``as_of`` (or today); None once problems are said.

    Problems go to ``say``; the note on what a table does not carry, said when
    the table is read, goes to ``note`` (``say`` if None).
    """
    from forecastcheck.tables import tidy_ledger  # noqa: PLC0415 - keep `check` light

    try:
        ledger: Ledger = tidy_ledger.ledger_from_table(
            path, as_of=dt.date.today() if as_of is None else as_of
        )
    except ImportError as exc:  # pyarrow or narwhals not installed
        say("reading a table needs pyarrow and narwhals: pip install 'forecastcheck[tables]'")
        say(f"({exc})")
        return None
    except LedgerError as exc:
        say_problems(exc, "forecastcheck report", say)
        return None
    missing = ", ".join(tidy_ledger.NOT_CARRIED)
    (say if note is None else note)(
        f"{path}: calls rebuilt from a tidy table, which does not carry their {missing}"
    )
    return ledger
