"""Records as parsed, placed by file and record path, and runs of records built as read.

A private module of the loader: :mod:`~forecastcheck.ledger._raw` makes
them, :mod:`~forecastcheck.ledger._places` gathers them by table.
"""

from __future__ import annotations

import typing
from collections.abc import Iterator, Sequence
from typing import NamedTuple

from forecastcheck.ledger.convert import TABLES

__all__ = ["LINE_PATHS", "Built", "Lines", "Record", "Rows", "new_record"]


class Record(NamedTuple):
    """One record as parsed, placed by the file and record path its problems name."""

    table: str
    file: str
    path: str
    raw: object
    """The record's tree as parsed; a loader puts the record built in its place once built."""
    blocked: bool = False
    """The raw tree is unsafe to structure (nested too deep); its problem is already given."""
    level: int | None = None
    """The record's nesting level when its tree is not yet searched for problems (a
    quick reading's record, searched only if it fails to structure: see :func:`searched`)."""


new_record = tuple.__new__
"""A :class:`Record` made from all its fields at once (as its own ``__new__`` makes it)."""


LINE_PATHS = {table: f"$.{table}" for table in (*TABLES, "log")}
"""The record path of each table's JSON Lines lines."""


class Built(Sequence[Record]):
    """Records of one table read one after another, each built as it was read.

    It holds only the records built; each one's :class:`Record` (file and
    path, as its problems name them) is made when it is asked for. A large
    file's loaded records are then held as nothing but themselves. The kinds
    are :class:`Lines` (a JSON Lines file's lines) and :class:`Rows` (the
    records in a row of a JSON or TOML file's table).

    Args:
        table: the table of every record.
        label: the file's label.
        first: the number of the first line, or the index of the first record in its table.
        built: each record built, in order (appended to while the file is read).
    """

    __slots__ = ("built", "first", "label", "table")

    def __init__(self, table: str, label: str, first: int, built: list[object]) -> None:
        self.table = table
        self.label = label
        self.first = first
        self.built = built

    def __len__(self) -> int:
        return len(self.built)

    @typing.overload
    def __getitem__(self, index: int) -> Record: ...

    @typing.overload
    def __getitem__(self, index: slice) -> list[Record]: ...

    def __getitem__(self, index: int | slice) -> Record | list[Record]:
        if isinstance(index, slice):
            return [self[i] for i in range(len(self.built))[index]]
        i = range(len(self.built))[index]  # an index out of range raises IndexError here
        return self._placed(i, self.built[i])

    def __iter__(self) -> Iterator[Record]:
        return map(self._placed, range(len(self.built)), self.built)

    def _placed(self, i: int, built: object) -> Record:
        """The ``i``-th record's :class:`Record`, ``built``."""
        raise NotImplementedError


class Lines(Built):
    """Lines one after another of a JSON Lines file, each a record of one table built as read.

    Line ``first + i``'s record has file ``label:number`` and path ``$.table``.
    """

    __slots__ = ()

    def _placed(self, i: int, built: object) -> Record:
        file = f"{self.label}:{self.first + i}"
        return new_record(Record, (self.table, file, LINE_PATHS[self.table], built, False, None))


class Rows(Built):
    """Records in a row of a JSON or TOML file's table, each built as read.

    Record ``i`` is the table's record ``first + i``: file ``label``, path
    ``$.table[first + i]``.
    """

    __slots__ = ()

    def _placed(self, i: int, built: object) -> Record:
        path = f"$.{self.table}[{self.first + i}]"
        return new_record(Record, (self.table, self.label, path, built, False, None))
