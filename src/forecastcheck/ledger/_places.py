r"""Each table's records as loaded, in the order read: placed by table, for the loader.

A file's records come as :class:`~forecastcheck.ledger._runs.Record`\ s, or as
:class:`~forecastcheck.ledger._runs.Built` runs (a JSON Lines file's lines, or
a JSON or TOML file's table's records, built one after another, each one's
record made only when asked for);
:func:`placed_whole` gathers each table's into :class:`Runs`, one sequence
of its records that keeps the runs as they are.
"""

from __future__ import annotations

import bisect
import itertools
import operator
import typing
from collections.abc import Iterator, Sequence

from forecastcheck.ledger import _raw
from forecastcheck.ledger.convert import TABLES

__all__ = ["Places", "Runs", "each_record", "placed_whole"]

_TABLE = operator.attrgetter("table")
_RAW = operator.itemgetter(3)
"""A record's table and its raw tree (or the record built in its place)."""


Places = dict[str, Sequence[_raw.Record]]
"""Each table's records, in the order read."""


class Runs(Sequence[_raw.Record]):
    """One table's records in the order read, kept as the runs they were read in.

    A run is a list of records or a :class:`~forecastcheck.ledger._runs.Built` run
    (whose records are made only when asked for).
    """

    __slots__ = ("_runs", "_size", "_starts")

    def __init__(self) -> None:
        self._runs: list[Sequence[_raw.Record]] = []
        self._starts: list[int] = []  # each run's first index
        self._size = 0

    def add(self, run: Sequence[_raw.Record]) -> None:
        """Place a run after the others."""
        if run:
            self._runs.append(run)
            self._starts.append(self._size)
            self._size += len(run)

    def __len__(self) -> int:
        return self._size

    @typing.overload
    def __getitem__(self, index: int) -> _raw.Record: ...

    @typing.overload
    def __getitem__(self, index: slice) -> list[_raw.Record]: ...

    def __getitem__(self, index: int | slice) -> _raw.Record | list[_raw.Record]:
        if isinstance(index, slice):
            return [self[i] for i in range(self._size)[index]]
        i = range(self._size)[index]  # an index out of range raises IndexError here
        at = bisect.bisect_right(self._starts, i) - 1
        return self._runs[at][i - self._starts[at]]

    def __iter__(self) -> Iterator[_raw.Record]:
        return itertools.chain.from_iterable(self._runs)

    def built(self) -> list[object]:
        """Each record's raw tree, or the record built in its place, in order."""
        found: list[object] = []
        for run in self._runs:
            found.extend(run.built if isinstance(run, _raw.Built) else map(_RAW, run))
        return found

    def types(self) -> set[type]:
        """The types of :meth:`built`."""
        found: set[type] = set()
        for run in self._runs:
            found.update(map(type, run.built if isinstance(run, _raw.Built) else map(_RAW, run)))
        return found


def each_record(records: list[_raw.Record | _raw.Built]) -> Iterator[_raw.Record]:
    """Every record, each of a :class:`~forecastcheck.ledger._runs.Built` run made one."""
    for item in records:
        if isinstance(item, _raw.Built):
            yield from item
        else:
            yield item


def placed_whole(
    records: list[_raw.Record | _raw.Built],
) -> tuple[dict[str, Runs], list[_raw.Record]] | None:
    """Each table's records and the log's, when every record of a table was built as read.

    ``None`` when any was not (the loader structures and tells them).
    Records come in runs of one table (a file's tables one after another),
    taken a run at a time.
    """
    places = {t: Runs() for t in TABLES}
    logs: list[_raw.Record] = []
    for table, run in itertools.groupby(records, _TABLE):
        place = places.get(table)
        if place is None:  # the log's records, never built as read
            logs.extend(typing.cast(Iterator[_raw.Record], run))
            continue
        rows: list[_raw.Record] = []
        for item in run:
            if isinstance(item, _raw.Built):
                place.add(rows)
                place.add(item)
                rows = []
            else:
                rows.append(item)
        place.add(rows)
    for table, place in places.items():
        if place and place.types() != {TABLES[table]}:
            return None
    return places, logs
