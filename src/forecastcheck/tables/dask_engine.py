"""Score a Dask DataFrame: one pass over its partitions, the accumulators merged exactly.

Each partition is scored by the in-memory engine into the library's own mergeable
partial results, one :class:`~forecastcheck.calibration.BinStats` and one
:class:`~forecastcheck.aggregate.ScoreTotals` per group and score (exact integer
sums), and the partials are merged in a tree (``split_every`` at a time). Merging
is exact, associative and commutative, so the figures are bit-identical to
:func:`~forecastcheck.tables.score_table` on the same rows, however the rows are
partitioned. Binary forecasts (one row each) are scored where they lie; the rows
of a point, quantile, sample or categorical forecast are first brought together by
a shuffle on the forecast-unit columns. Duplicate forecasts are found across
partitions: by that shuffle, or for binary forecasts by 64-bit hashes of the
forecast units, computed with each partition's scores, sorted and split by range
into buckets; each bucket's repeats are found by one task and their rows read
again and compared exactly (``check_duplicates=False`` skips this, and says so).

A problem is located at its partition and its row there (counted from 1), e.g.
``DATASET partition 3: row 17, column predicted: ...``. Scores that need the whole
sorted sample (CORP, ROC AUC) are not merged: asking for one is an error naming
:mod:`~forecastcheck.tables.dask_sorted`, which computes them exactly in two passes.
Needs the ``dask`` extra (dask[dataframe], distributed).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from forecastcheck.errors import Problem
from forecastcheck.tables import _common, _unit_hashes, engine, layout
from forecastcheck.tables.binary_stream import score_binary
from forecastcheck.tables.engine import Missing, TableScores
from forecastcheck.tables.gathered import score_gathered
from forecastcheck.tables.layout import ForecastType
from forecastcheck.tables.validate import MAX_PROBLEMS, Problems, TableError

__all__ = [
    "MAX_BUCKETS",
    "NOT_MERGEABLE",
    "SPLIT_EVERY",
    "is_dask",
    "number_rows",
    "refuse_unchecked",
    "score_dask",
]

#: Scores that cannot be merged from partial results, and what to use instead.
NOT_MERGEABLE: dict[str, str] = {
    "corp": "forecastcheck.tables.dask_sorted.corp(ddf) (exact, in two passes: per-value "
    "counts, then PAV), equal to forecastcheck.calibration.corp(p, y) on the collected columns, "
    "or the binned reliability table, which merges",
    "roc_auc": "forecastcheck.tables.dask_sorted.roc_auc(ddf) (exact, from per-value counts), "
    "equal to forecastcheck.calibration.roc_auc(p, y) on the collected columns",
}
#: Partial results merged per task of the tree reduction.
SPLIT_EVERY = 8
#: At most this many ranges of unit hashes (one task each) for the duplicate check,
#: which keeps the task graph at (1 + MAX_BUCKETS) keys per partition.
MAX_BUCKETS = 64
_PART = 32  # a row number is partition << _PART | row in the partition
_Partial = tuple[dict[_common.Key, _common.Group], list[tuple[int, int, Problem]], int]


def is_dask(table: Any) -> bool:
    """Whether ``table`` is a Dask DataFrame (without importing Dask when it is not loaded)."""
    import sys

    dd = sys.modules.get("dask.dataframe")
    return dd is not None and isinstance(table, dd.DataFrame)


def score_dask(
    ddf: Any,
    *,
    by: Sequence[str] | str | None = None,
    scores: Sequence[str] | None = None,
    forecast_type: ForecastType | None = None,
    missing: Missing = "raise",
    bins: int = 10,
    max_problems: int | None = MAX_PROBLEMS,
    file: str = "",
    check_duplicates: bool = True,
) -> TableScores:
    """Validate and score a tidy Dask DataFrame on the current Dask scheduler.

    Arguments are :func:`~forecastcheck.tables.score_table`'s. With
    ``check_duplicates=False`` binary forecasts are not checked for a forecast
    unit repeated across partitions (saving the hashes' exchange); the result
    says so (``duplicates_checked=False``). Other forecast types are always
    checked, by the shuffle that brings each forecast's rows together.

    Raises:
        TableError: every problem, located by partition, row and column; or a
            score that does not merge (:data:`NOT_MERGEABLE`).
    """
    import dask

    names = [str(c) for c in ddf.columns if c != layout.ROW]
    by_list = [by] if isinstance(by, str) else (None if by is None else list(by))
    _refuse_unmergeable(scores, file)
    ftype = forecast_type or layout.type_from_columns(names)
    if ftype is None and {layout.OBSERVED, layout.PREDICTED} <= set(names):
        ftype = _binary_or_point(ddf)
    problems = Problems(file, max_problems, _locator(file))
    meta = engine.table_source(_arrow(ddf._meta))  # every up-front check, on no rows
    ftype, by_cols, want = engine.plan(meta, names, by_list, scores, ftype, missing, problems)
    ddf = _nested_as_text(ddf, names, ftype, problems)
    options = (ftype, by_cols, want, missing, bins, file)
    unit = layout.forecast_unit(names)
    numbered = ddf if layout.ROW in ddf.columns else number_rows(ddf)
    hashed = ftype == "binary" and check_duplicates and bool(unit)
    buckets = min(MAX_BUCKETS, max(1, numbered.npartitions // SPLIT_EVERY)) if hashed else 0
    if ftype == "binary":
        parts = numbered.to_delayed(optimize_graph=False)
    else:  # each forecast's rows (and any duplicates) brought into one partition
        shuffled = numbered.shuffle(on=unit) if unit else numbered.repartition(npartitions=1)
        parts = shuffled.to_delayed(optimize_graph=False)
    scored = [
        dask.delayed(_score_part, nout=1 + buckets)(p, names, options, unit, buckets) for p in parts
    ]
    repeated = [dask.delayed(_repeats)(*[out[1 + k] for out in scored]) for k in range(buckets)]
    # one graph: each partition is read once, for its scores and its hashes
    (groups, listed, n_more), hashes = dask.compute(_tree([out[0] for out in scored]), repeated)
    for row, _, problem in sorted(listed, key=lambda t: (t[0], t[1])):
        problems.add(problem.path, problem.message, row, problem.file)
    problems.n_more += n_more
    if any(len(h) for h in hashes):
        suspects = numbered.map_partitions(
            _suspects, unit, np.concatenate(hashes), meta=numbered._meta[[*unit, layout.ROW]]
        )
        _common.duplicates(_arrow(suspects.compute()), unit, None, problems)
    problems.raise_if_any()
    ctx = _context(names, options, problems)
    groups_out = tuple(engine._finish(groups, ctx))
    return TableScores(ftype, tuple(by_cols), want, groups_out, duplicates_checked=check_duplicates)


def _nested_as_text(ddf: Any, names: list[str], ftype: ForecastType, problems: Problems) -> Any:
    """``ddf`` with its nested unit columns as text (never scored), each column a problem.

    Their type is told from the first partition of the unit's object columns.
    """
    keys, within = _common.unit_and_within(names, ftype)
    objects = [c for c in keys if ddf[c].dtype == object]
    if not objects:
        return ddf
    first = _arrow(ddf[objects].partitions[0].compute()).schema
    types = dict(zip(first.names, first.types, strict=True))
    nested = _common.nested_keys(types, objects, within, problems)
    return ddf.assign(**{c: ddf[c].map(_text, meta=(c, "object")) for c in nested})


def _text(value: Any) -> str | None:
    return None if value is None else repr(value)


def _refuse_unmergeable(scores: Sequence[str] | None, file: str) -> None:
    refused = [
        Problem(
            file,
            "scores",
            f"{name!r} needs the whole sorted sample and does not merge "
            f"across partitions; use {NOT_MERGEABLE[name]}",
        )
        for name in scores or ()
        if name in NOT_MERGEABLE
    ]
    if refused:
        raise TableError(refused)


def _binary_or_point(ddf: Any) -> ForecastType:
    """Binary when every observed value is 0/1 (or boolean) and every forecast in [0, 1]."""
    import dask
    import pandas as pd

    obs, pred = ddf[layout.OBSERVED], ddf[layout.PREDICTED]
    if pd.api.types.is_bool_dtype(obs.dtype):
        obs_ok: Any = True
    elif not (pd.api.types.is_numeric_dtype(obs.dtype) and pd.api.types.is_numeric_dtype(pred)):
        return "point"
    else:
        obs_ok = (obs.isin([0, 1]) | obs.isna()).all()
    ok, lo, hi = dask.compute(obs_ok, pred.min(), pred.max())
    binary = bool(ok) and (pd.isna(lo) or (lo >= 0 and hi <= 1))
    return "binary" if binary else "point"


def _arrow(frame: Any) -> Any:
    import pyarrow as pa

    return pa.Table.from_pandas(frame, preserve_index=False)


def _locator(file: str) -> Any:
    def locate(row: int) -> tuple[str, int]:
        return f"{file} partition {row >> _PART}", row & ((1 << _PART) - 1)

    return locate


def _context(names: list[str], options: tuple[Any, ...], problems: Problems) -> _common.Context:
    ftype, by, want, missing, bins, _ = options
    # binary duplicates are found across partitions by the hash count; others after the shuffle
    return _common.Context(
        [*names, layout.ROW], by, want, missing, bins, problems, ftype != "binary"
    )


def _score_part(
    frame: Any, names: list[str], options: tuple[Any, ...], unit: list[str], buckets: int
) -> tuple[Any, ...]:
    """One partition scored into its groups' partial results and its problems.

    With ``buckets``, also the 64-bit hashes of its rows' forecast units, sorted and
    split into that many buckets by their top bits (bucket ``k`` of every partition
    goes to the same task, :func:`_repeats`).
    """
    ftype, *_, file = options
    problems = Problems(file, None, _locator(file))
    if len(frame) == 0:
        return ({}, [], 0), *[np.empty(0, dtype=np.uint64)] * buckets
    ctx = _context(names, options, problems)
    table = _arrow(frame[[*names, layout.ROW]])
    source = engine.table_source(table)
    groups = score_binary(source, ctx) if ftype == "binary" else score_gathered(source, ftype, ctx)
    partial = (groups, problems.listed, problems.n_more)
    if not buckets:
        return (partial,)
    hashes = _unit_hashes.unit_hashes(table, unit)
    hashes.sort()
    bounds = np.searchsorted(hashes, _bucket_edges(buckets))
    return partial, *np.split(hashes, bounds)


def _bucket_edges(buckets: int) -> Any:
    """The lowest hash of buckets 1 .. ``buckets - 1`` (equal ranges of the 64-bit hashes)."""
    return np.array([(k << 64) // buckets for k in range(1, buckets)], dtype=np.uint64)


def _repeats(*parts: Any) -> Any:
    """The hashes occurring more than once among the partitions' (sorted) parts of one bucket."""
    every = np.concatenate(parts) if parts else np.empty(0, dtype=np.uint64)
    every.sort()
    same = every[1:] == every[:-1]
    return np.unique(every[1:][same])


def number_rows(ddf: Any) -> Any:
    """The frame with a :data:`~forecastcheck.tables.layout.ROW` column: partition << 32 | row.

    :func:`score_dask` numbers the rows itself, and keeps this column when a
    frame has it (a reader that filters or joins rows numbers them first).
    """
    return ddf.map_partitions(_numbered, meta=_numbered(ddf._meta))


def _numbered(frame: Any, partition_info: Any = None) -> Any:
    """The partition with its row numbers (partition << 32 | row there, from 1)."""
    number = 0 if partition_info is None else int(partition_info["number"])
    rows = (number << _PART) + np.arange(1, len(frame) + 1, dtype=np.int64)
    return frame.assign(**{layout.ROW: rows})


def _tree(partials: list[Any]) -> Any:
    """Merge the partials ``SPLIT_EVERY`` at a time, level by level (a tree reduction)."""
    import dask

    level = partials or [dask.delayed(_merge)()]
    while len(level) > 1:
        level = [
            dask.delayed(_merge)(*level[i : i + SPLIT_EVERY])
            for i in range(0, len(level), SPLIT_EVERY)
        ]
    return level[0]


def _merge(*parts: _Partial) -> _Partial:
    """Partials merged exactly: counts added, bins and totals merged, problems pooled."""
    groups: dict[_common.Key, _common.Group] = {}
    listed: list[tuple[int, int, Problem]] = []
    n_more = 0
    for part_groups, part_listed, part_more in parts:
        listed += part_listed
        n_more += part_more
        _common.merge_groups(groups, part_groups)
    return groups, listed, n_more


def _suspects(frame: Any, unit: list[str], repeated: Any) -> Any:
    """The partition's rows whose forecast unit's hash is one of the ``repeated`` ones."""
    hit = np.isin(_unit_hashes.unit_hashes(_arrow(frame[unit]), unit), repeated)
    return frame.loc[hit, [*unit, layout.ROW]]


def refuse_unchecked(file: str) -> None:
    """``check_duplicates=False`` outside Dask: an error (a table in memory is always checked)."""
    message = "False is for Dask DataFrames only: a table in one process is always checked"
    raise TableError([Problem(file, "check_duplicates", message)])
