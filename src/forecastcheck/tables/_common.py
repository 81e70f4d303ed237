"""The types and helpers the table engine's scoring paths share.

A private module: :mod:`forecastcheck.tables.engine` scores through
:mod:`~forecastcheck.tables.binary_stream` (binary forecasts, streamed) and
:mod:`~forecastcheck.tables.gathered` (point, quantile, sample, categorical),
and all three use these group accumulators, column conversions and checks.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Hashable, Iterable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Literal, TypeAlias

import attrs
import numpy as np
import numpy.typing as npt

from forecastcheck.aggregate import ScoreTotals
from forecastcheck.calibration import BinStats
from forecastcheck.tables import layout
from forecastcheck.tables.validate import Problems

if TYPE_CHECKING:
    import pyarrow as pa

Missing: TypeAlias = Literal["raise", "count"]
#: A table as a function of the columns wanted, yielding record batches (read afresh each call).
Source: TypeAlias = Callable[[Sequence[str]], Iterable["pa.RecordBatch"]]
Key: TypeAlias = tuple[Hashable, ...]
REASONS = ("no_observation", "no_forecast")

#: Rows worked on at a time: a batch is cut into pieces of this many rows, so that the
#: arrays of each numpy pass stay in the processor's cache (twice as fast as whole batches).
PIECE = 1 << 17


@attrs.define
class Group:
    n: int = 0
    bins: BinStats | None = None
    totals: dict[str, ScoreTotals] = attrs.field(factory=dict)
    unscored: dict[str, int] = attrs.field(factory=dict)

    def count(self, reason: str, n: int) -> None:
        if n:
            self.unscored[reason] = self.unscored.get(reason, 0) + n


@attrs.frozen
class Context:
    names: Sequence[str]
    by: list[str]
    scores: tuple[str, ...]
    missing: Missing
    bins: int
    problems: Problems
    check_duplicates: bool

    @property
    def unit(self) -> list[str]:
        return layout.forecast_unit(self.names)


def is_number(t: pa.DataType) -> bool:
    import pyarrow as pa

    return bool(pa.types.is_integer(t) or pa.types.is_floating(t) or pa.types.is_decimal(t))


def floats(col: Any, name: str, rows: npt.NDArray[np.int64], problems: Problems) -> Any:
    """A numeric column as float64 (null: NaN); a non-numeric column is one problem."""
    import pyarrow as pa
    import pyarrow.compute as pc

    if pa.types.is_boolean(col.type) or is_number(col.type) or pa.types.is_null(col.type):
        if col.null_count == 0 and not pa.types.is_decimal(col.type):
            return np.asarray(col.to_numpy(zero_copy_only=False), dtype=np.float64)
        arr = pc.cast(col, pa.float64())
        return np.asarray(arr.to_numpy(zero_copy_only=False), dtype=np.float64)
    try:
        arr = pc.cast(col, pa.float64())
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        values = col.to_pylist()
        bad = np.zeros(len(values), dtype=bool)
        for i, v in enumerate(values):
            if v is not None:
                try:
                    float(v)
                except (TypeError, ValueError):
                    bad[i] = True
        problems.rows(bad, rows, name, values, "is not a number")
        return None
    return np.asarray(arr.to_numpy(zero_copy_only=False), dtype=np.float64)


def encoded(col: Any, cache: dict[int, Any] | None = None) -> tuple[Any, list[Any]]:
    """A column's dictionary codes (int64) and distinct values (a null is one of them)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    if cache is not None and id(col) in cache:
        return cache[id(col)]  # type: ignore[no-any-return]
    arr = col.combine_chunks() if isinstance(col, pa.ChunkedArray) else col
    if pa.types.is_dictionary(arr.type):
        arr = arr.dictionary_decode()
    enc = pc.dictionary_encode(arr, null_encoding="encode")
    out = (
        np.asarray(enc.indices.to_numpy(zero_copy_only=False), dtype=np.int64),
        enc.dictionary.to_pylist(),
    )
    if cache is not None:
        cache[id(col)] = out
    return out


def encoded_dictionaries(columns: Sequence[Any]) -> dict[int, Any]:
    """The :func:`encoded` codes of the dictionary-typed columns, keyed as its cache.

    A dictionary column (a pandas categorical, Parquet text read as such) is coded
    from its indices, not decoded: its dictionary (few values) is encoded, and
    codes for values no row uses are dropped, so the values are those present.
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    cache: dict[int, Any] = {}  # a column both grouped by and hashed is encoded once
    for col in columns:
        arr = col.combine_chunks() if isinstance(col, pa.ChunkedArray) else col
        if not pa.types.is_dictionary(arr.type):
            continue
        enc = pc.dictionary_encode(arr.dictionary, null_encoding="encode")
        values = enc.dictionary.to_pylist()
        remap = np.asarray(enc.indices.to_numpy(zero_copy_only=False), dtype=np.int64)
        if arr.indices.null_count:  # a null row: the value None
            if None not in values:
                values.append(None)
            remap = np.append(remap, values.index(None))
            indices = pc.fill_null(arr.indices, len(arr.dictionary))
        else:
            indices = arr.indices
        idx = remap[np.asarray(indices.to_numpy(zero_copy_only=False), dtype=np.intp)]
        present = np.bincount(idx, minlength=len(values)) > 0
        if not present.all():
            idx = (np.cumsum(present) - 1)[idx]
            values = [v for v, here in zip(values, present.tolist(), strict=True) if here]
        cache[id(col)] = (idx, values)
    return cache


# the largest count of combined codes kept before they are made dense again: a product of
# cardinalities past 2**63 would wrap in int64 and name wrong keys
_DENSE_PAST = 1 << 62


def codes(
    columns: Sequence[Any], n: int, cache: dict[int, Any] | None = None
) -> tuple[npt.NDArray[np.intp], list[Key]]:
    """Dense group codes for rows and the key (a tuple of values) of each code.

    Codes combine column by column (``code * len(values) + index``, the first
    column the most significant, so keys come in the order of their values'
    codes); when the next product could pass :data:`_DENSE_PAST`, the codes so far
    are made dense first (at most one per row), keeping that order.
    """
    if not columns:
        return np.zeros(n, dtype=np.intp), [()]
    code: npt.NDArray[np.int64] | None = None
    parts: list[tuple[list[Any], bool]] = []  # each part's values; True: tuples of a dense prefix
    size = 1
    for col in columns:
        idx, values = encoded(col, cache)
        if code is not None and size * len(values) >= _DENSE_PAST:
            uniq, inverse = np.unique(code, return_inverse=True)
            parts = [([_key(c, parts) for c in uniq.tolist()], True)]
            code, size = inverse.reshape(-1).astype(np.int64), len(uniq)
        parts.append((values, False))
        code = idx if code is None else code * len(values) + idx
        size *= len(values)
    assert code is not None
    if len(columns) == 1:
        return code.astype(np.intp), [(v,) for v in parts[0][0]]
    uniq, inverse = np.unique(code, return_inverse=True)
    return inverse.reshape(-1).astype(np.intp), [_key(c, parts) for c in uniq.tolist()]


def _key(combined: int, parts: list[tuple[list[Any], bool]]) -> Key:
    """The tuple of values a combined code names (see :func:`codes`)."""
    found: list[tuple[Any, ...]] = []
    rest = combined
    for values, dense in reversed(parts):
        rest, r = divmod(rest, len(values))
        found.append(values[r] if dense else (values[r],))
    return tuple(v for part in reversed(found) for v in part)


def rows_by_group(codes: npt.NDArray[np.intp], ngroups: int) -> list[npt.NDArray[np.intp]]:
    """The row indices of each group (a stable radix sort when codes fit 16 bits)."""
    small = codes.astype(np.uint16) if ngroups <= 1 << 16 else codes
    order = np.argsort(small, kind="stable")
    bounds = np.searchsorted(codes[order], np.arange(ngroups + 1))
    return [order[bounds[g] : bounds[g + 1]] for g in range(ngroups)]


def row_numbers(batch: Any, offset: int) -> npt.NDArray[np.int64]:
    """The table's row numbers of a batch: its ``ROW`` column, else counted from 1."""
    if layout.ROW in batch.column_names:
        return np.asarray(batch.column(layout.ROW).to_numpy(zero_copy_only=False), dtype=np.int64)
    return np.arange(offset + 1, offset + batch.num_rows + 1, dtype=np.int64)


MISSING_FORECAST = "is missing: no forecast (pass missing='count' to count such rows instead)"
MISSING_OBSERVED = "is missing: no observation (pass missing='count' to count such rows instead)"


def merge_totals(a: dict[str, ScoreTotals], b: dict[str, ScoreTotals]) -> dict[str, ScoreTotals]:
    """Score by score, as :func:`~forecastcheck.aggregate.merge_by` merges keys."""
    out = dict(a)
    for name, totals in b.items():
        out[name] = out[name].merge(totals) if name in out else totals
    return out


def merge_groups(into: dict[Key, Group], part: dict[Key, Group]) -> None:
    """``part``'s groups merged into ``into``, exactly: counts added, bins and totals merged."""
    for key, g in part.items():
        out = into.setdefault(key, Group())
        out.n += g.n
        for reason, n in g.unscored.items():
            out.count(reason, n)
        if g.bins is not None:
            out.bins = g.bins if out.bins is None else out.bins.merge(g.bins)
        out.totals = merge_totals(out.totals, g.totals)


def duplicates(table: pa.Table, unit: list[str], within: str | None, problems: Problems) -> None:
    """A problem at each row repeating an earlier row's forecast unit (and ``within`` value).

    Units are compared as :func:`codes` tells them apart, a missing value (null,
    NaN) being one value like any other: two rows of a unit with an empty column
    are one unit twice, as they are one group when scored.
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    cols = [*unit, *([within] if within else [])]
    counted = table.group_by(cols, use_threads=True).aggregate([([], "count_all")])
    if not pc.any(pc.greater(counted["count_all"], 1)).as_py():
        return
    code, _ = codes([table.column(c) for c in cols], table.num_rows)  # the repeats' rows
    repeated = np.flatnonzero(np.bincount(code)[code] > 1)
    rows = np.asarray(table.column(layout.ROW).to_numpy(zero_copy_only=False), dtype=np.int64)
    first = np.full(int(code.max()) + 1, np.iinfo(np.int64).max, dtype=np.int64)
    np.minimum.at(first, code[repeated], rows[repeated])
    keys = [*cols, layout.ROW]  # the repeats in unit order, each unit's rows in file order
    hits = table.select(keys).take(pa.array(repeated))
    order = repeated[pc.sort_indices(hits, [(c, "ascending") for c in keys]).to_numpy()]
    what = f"forecast unit ({', '.join(unit)})" + (f" and {within}" if within else "")
    column = within or (unit[0] if unit else layout.PREDICTED)
    for row, c in zip(rows[order].tolist(), code[order].tolist(), strict=True):
        if row != first[c]:
            earlier = problems.where(int(first[c]), row)
            problems.row(row, column, f"repeats the {what} of {earlier} (a duplicate forecast)")


@functools.cache
def keyable(t: pa.DataType) -> bool:
    """Whether pyarrow can encode and group values of type ``t`` (not struct, list, map...)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    try:
        empty = pa.table({"k": pa.nulls(0, t)})
        pc.dictionary_encode(empty["k"])
        empty.group_by(["k"]).aggregate([])
    except (pa.ArrowNotImplementedError, pa.ArrowInvalid, pa.ArrowTypeError):
        return False
    return True


def nested_unit(t: pa.DataType) -> str:
    """The problem of a forecast-unit column of type ``t`` that is not :func:`keyable`."""
    return (
        f"is a nested column ({t}): it is part of the forecast unit, whose columns must "
        "hold plain values (text, numbers, dates); split it into plain columns or drop it"
    )


def nested_keys(
    types: Mapping[str, pa.DataType], keys: Sequence[str], within: str | None, problems: Problems
) -> list[str]:
    """The ``keys`` columns whose type is not :func:`keyable`, each one problem.

    A nested ``within`` column (``quantile_level``, ``sample_id``, ``predicted_label``)
    is raised at once: the rows of a forecast cannot be told apart without it.
    """
    nested = [c for c in keys if c in types and not keyable(types[c])]
    for c in nested:
        t = types[c]
        problems.column(
            c,
            f"is a nested column ({t}): it must hold plain values"
            if c == within
            else nested_unit(t),
        )
    if within in nested:
        problems.raise_if_any()
    return nested


def unit_and_within(names: Sequence[str], ftype: str) -> tuple[list[str], str | None]:
    """The forecast-unit columns and the column telling a forecast's rows apart (if present)."""
    within = layout.WITHIN.get(ftype)  # type: ignore[call-overload]
    present = within if within is not None and within in names else None
    return [*layout.forecast_unit(names), *([present] if present else [])], present


def first_types(source: Source, columns: Sequence[str]) -> dict[str, pa.DataType]:
    """The Arrow types of ``columns`` in the source's first batch (none when it has no rows)."""
    batches = iter(source(columns))
    try:
        first = next(batches, None)
    finally:
        close = getattr(batches, "close", None)
        if close is not None:
            close()
    return {} if first is None else dict(zip(first.schema.names, first.schema.types, strict=True))


def as_text(source: Source, columns: Iterable[str]) -> Source:
    """The source with the nested ``columns`` as text (each value's repr), to tell rows apart.

    Only for a table that is not scored: it lets the rest be validated, every
    problem found at once.
    """
    import pyarrow as pa

    nested = set(columns)

    def read(wanted: Sequence[str]) -> Iterator[pa.RecordBatch]:
        for batch in source(wanted):
            out = batch
            for i, name in enumerate(batch.schema.names):
                if name in nested and not keyable(batch.schema.field(i).type):
                    text = [None if v is None else repr(v) for v in batch.column(i).to_pylist()]
                    out = out.set_column(i, name, pa.array(text, pa.string()))
            yield out

    return read
