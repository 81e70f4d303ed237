"""Problems of a forecast table, each located by row and column, all collected at once.

A problem's path is ``row R, column C`` (or ``column C`` for the whole column):
rows count the table's data rows from 1, so in a CSV file with a header, row R
is on line R + 1. Problems are collected over the whole table before anything
is raised, so a user fixes a file in one pass; past ``max_problems`` (1000 by
default) the rest are counted in one closing problem instead of listed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

import numpy as np
import numpy.typing as npt

from forecastcheck.errors import LedgerError, Problem, shown

__all__ = ["MAX_PROBLEMS", "Problems", "TableError"]

MAX_PROBLEMS = 1000
"""How many problems a :class:`TableError` lists before counting the rest."""


class TableError(LedgerError):
    """A forecast table has problems; all of them are listed, by row and column.

    Unlike a ledger's, the problems keep their table order: whole columns first, then
    by row number (1, 2, ... 10, not 1, 10, 2).
    """

    def __init__(self, problems: Iterable[Problem]) -> None:
        super().__init__(problems)
        self.problems = tuple(problems)
        self.args = (self._render(),)

    def __str__(self) -> str:
        return self._render()

    def __reduce__(self) -> tuple[type[TableError], tuple[tuple[Problem, ...]]]:
        """Pickled by its problems (raised in a Dask worker, it arrives whole)."""
        return type(self), (self.problems,)


class Problems:
    """A collector of located problems with a listing limit."""

    def __init__(
        self,
        file: str = "",
        max_problems: int | None = MAX_PROBLEMS,
        locate: Callable[[int], tuple[str, int]] | None = None,
    ) -> None:
        self.file = file
        self.locate = locate
        self.max_problems = max_problems
        self.listed: list[tuple[int, int, Problem]] = []
        self._order = 0
        self.n_more = 0

    def __bool__(self) -> bool:
        return bool(self.listed)

    def add(self, path: str, message: str, row: int = 0, file: str | None = None) -> None:
        """Record one problem (counted, not listed, past the limit); ``row`` orders it."""
        if self.max_problems is not None and len(self.listed) >= self.max_problems:
            self.n_more += 1
            return
        self._order += 1
        where = self.file if file is None else file
        self.listed.append((row, self._order, Problem(where, path, message)))

    def column(self, column: str, message: str) -> None:
        """A problem of a whole column."""
        self.add(f"column {column}", message)

    def row(self, row: int, column: str, message: str) -> None:
        """A problem of one cell (``row`` counts over the table; ``locate`` maps it to a file)."""
        file, local = (self.file, row) if self.locate is None else self.locate(row)
        self.add(f"row {local}, column {column}", message, row, file)

    def where(self, row: int, seen_from: int) -> str:
        """``row R``, or ``FILE row R`` when it is in another file than row ``seen_from``."""
        if self.locate is None:
            return f"row {row}"
        file, local = self.locate(row)
        return f"row {local}" if file == self.locate(seen_from)[0] else f"{file} row {local}"

    def rows(
        self,
        bad: npt.NDArray[np.bool_],
        row_numbers: npt.NDArray[np.int64],
        column: str,
        values: Iterable[object] | npt.NDArray[np.generic] | None,
        message: str,
    ) -> None:
        """One problem per row where ``bad`` holds: ``row R, column C: <value> <message>``."""
        where = np.flatnonzero(bad)
        if where.size == 0:
            return
        vals = None if values is None else np.asarray(values, dtype=object)
        for i in where.tolist():
            echo = "" if vals is None else f"{_shown(vals[i])} "
            self.row(int(row_numbers[i]), column, f"{echo}{message}")

    def error(self) -> TableError:
        """The :class:`TableError` of every problem collected (and a count of the rest)."""
        problems = [p for _, _, p in sorted(self.listed, key=lambda t: (t[0], t[1]))]
        if self.n_more:
            problems.append(
                Problem(
                    self.file,
                    "",
                    f"and {self.n_more} more problem{'s' if self.n_more != 1 else ''} "
                    f"(only the first {self.max_problems} are listed)",
                )
            )
        return TableError(problems)

    def raise_if_any(self) -> None:
        """Raise :class:`TableError` if any problem was recorded."""
        if self.listed:
            raise self.error()


def _shown(value: object) -> str:
    return shown(value.item() if isinstance(value, np.generic) else value)
