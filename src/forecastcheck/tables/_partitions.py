"""Point, quantile, sample and categorical tables scored a part at a time (private).

:func:`score_partitioned` reads the table once, batch by batch, and writes each
row to one of K temporary Arrow IPC files, chosen by a hash of its forecast
unit, so every row of a forecast (and every duplicate of it) lands in the same
file. Each file is then read back alone and scored by
:func:`~forecastcheck.tables.gathered.score_gathered`, and the groups' exact
totals (:class:`~forecastcheck.aggregate.ScoreTotals`) and counts are merged:
the scores equal the one-pass result bit for bit, whatever K, while only one
part is in memory at a time. The rows keep their row numbers of the original
table, so every problem is located there. The files live in a temporary
folder removed when scoring ends, on error too.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs
import numpy as np
import numpy.typing as npt

from forecastcheck.tables import _common, _unit_hashes, gathered, layout
from forecastcheck.tables.layout import ForecastType
from forecastcheck.tables.validate import Problems

if TYPE_CHECKING:
    import pyarrow as pa

__all__ = ["score_partitioned", "unit_hash"]


def unit_hash(batch: pa.RecordBatch | pa.Table, unit: Sequence[str]) -> npt.NDArray[np.uint64]:
    """A 64-bit hash of each row's forecast-unit values (equal values, equal hashes).

    :func:`~forecastcheck.tables._unit_hashes.unit_hashes`, in this process.
    """
    import pyarrow as pa

    table = pa.Table.from_batches([batch]) if isinstance(batch, pa.RecordBatch) else batch
    return _unit_hashes.unit_hashes(table, unit, stable=False)


def _split(
    source: _common.Source, columns: list[str], unit: list[str], k: int, folder: Path
) -> list[Path]:
    """Each row written to part ``hash(unit) % k``; the paths of the parts written."""
    import pyarrow as pa

    paths = [folder / f"part-{j}.arrow" for j in range(k)]
    writers: dict[int, Any] = {}
    offset = 0
    try:
        for read in source(columns):
            rows = _common.row_numbers(read, offset)
            offset += read.num_rows
            batch = read
            if layout.ROW not in batch.column_names:
                batch = batch.append_column(layout.ROW, pa.array(rows))
            part = (unit_hash(batch, unit) % np.uint64(k)).astype(np.intp)
            order = np.argsort(part, kind="stable")
            bounds = np.searchsorted(part[order], np.arange(k + 1))
            ordered = batch.take(pa.array(order))
            for j in np.flatnonzero(np.diff(bounds)).tolist():
                if j not in writers:
                    writers[j] = pa.ipc.new_file(str(paths[j]), ordered.schema)
                writers[j].write_batch(ordered.slice(bounds[j], bounds[j + 1] - bounds[j]))
    finally:
        for writer in writers.values():
            writer.close()
    return [paths[j] for j in sorted(writers)]


def _parts(paths: list[Path]) -> Iterator[pa.Table]:
    import pyarrow as pa

    for path in paths:
        with pa.memory_map(str(path)) as mapped:
            yield pa.ipc.open_file(mapped).read_all()


def _reader(table: pa.Table) -> _common.Source:
    def read(columns: Sequence[str]) -> Iterator[pa.RecordBatch]:
        yield from table.select(list(columns)).to_batches()

    return read


def score_partitioned(
    source: _common.Source, ftype: ForecastType, ctx: _common.Context, k: int
) -> dict[_common.Key, _common.Group]:
    """Score in ``k`` parts by forecast unit (see the module docs); ``k <= 1``: in one pass."""
    if k <= 1:
        return gathered.score_gathered(source, ftype, ctx)
    within = layout.WITHIN[ftype]
    unit = ctx.unit
    wanted = [*unit, layout.OBSERVED, layout.PREDICTED, *([within] if within else [])]
    if layout.ROW in ctx.names:
        wanted.append(layout.ROW)
    names = [*ctx.names, *([] if layout.ROW in ctx.names else [layout.ROW])]
    groups: dict[_common.Key, _common.Group] = {}
    with tempfile.TemporaryDirectory(prefix="forecastcheck-parts-") as folder:
        paths = _split(source, list(dict.fromkeys(wanted)), unit, k, Path(folder))
        for table in _parts(paths):
            # each part checked on its own, its problems then listed with the table's
            problems = Problems(ctx.problems.file, None, ctx.problems.locate)
            part_ctx = attrs.evolve(ctx, names=names, problems=problems)
            _common.merge_groups(groups, gathered.score_gathered(_reader(table), ftype, part_ctx))
            for row, _, p in problems.listed:
                ctx.problems.add(p.path, p.message, row, p.file)
            del table
    return groups
