"""Grouped scoring of a tidy forecast table, batch by batch, through the library's accumulators.

The engine reads a table as a stream of Arrow record batches (from memory or
from a file through ``pyarrow.dataset``). Binary forecasts, one row each, are
scored as the batches pass: each batch's rows go into one
:class:`~forecastcheck.calibration.BinStats` per group (reliability table, Brier
sums, Murphy decomposition) and the exact :class:`~forecastcheck.aggregate.ScoreTotals`
of the other scores, merged exactly, so a file never has to fit in memory; only
a 64-bit hash and the row number of each row are kept, to find duplicate
forecasts (rows sharing a hash are read again and compared exactly). Point,
quantile, sample and categorical forecasts span several rows that can be
anywhere in the file, so their columns are gathered first (only the columns
scoring needs) and the rows of each forecast put together; their per-forecast scores come from
:mod:`forecastcheck.scoring` and are summed per group with
:func:`~forecastcheck.aggregate.score_totals_by`.

Nothing is dropped silently: a row without an observation or a forecast is an
error (``missing="raise"``, the default) or counted per group under its
reason (``missing="count"``).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any, Literal, TypeAlias

import attrs
import numpy as np
import numpy.typing as npt

from forecastcheck.aggregate import ScoreTotals
from forecastcheck.aggregate import score_totals_by as _totals_by
from forecastcheck.calibration import BinStats, MurphyDecomposition, ReliabilityTable
from forecastcheck.scoring import ScoreSummary, ScoringInputError
from forecastcheck.tables import layout
from forecastcheck.tables.layout import ForecastType
from forecastcheck.tables.validate import MAX_PROBLEMS, Problems

if TYPE_CHECKING:
    import pyarrow as pa

__all__ = [
    "DEFAULT_SCORES",
    "SCORES",
    "GroupScores",
    "Missing",
    "Source",
    "TableScores",
    "score_source",
]

Missing: TypeAlias = Literal["raise", "count"]
#: A table as a function of the columns wanted, yielding record batches (read afresh each call).
Source: TypeAlias = Callable[[Sequence[str]], Iterable["pa.RecordBatch"]]
Key: TypeAlias = tuple[Hashable, ...]

#: Scores available per forecast type (``interval_coverage_<N>`` for any central N% interval).
SCORES: dict[ForecastType, tuple[str, ...]] = {
    "binary": ("brier_score", "log_score", "spherical_score", "misclassification"),
    "point": ("ae_point", "se_point", "ape"),
    "quantile": (
        "wis",
        "overprediction",
        "underprediction",
        "dispersion",
        "bias",
        "interval_coverage_50",
        "interval_coverage_90",
        "ae_median",
    ),
    "sample": ("crps", "ae_median", "se_mean"),
    "categorical": ("log_score", "brier_score"),
}
#: The scores computed when none are named: scoringutils' defaults where it has them.
DEFAULT_SCORES: dict[ForecastType, tuple[str, ...]] = {
    "binary": ("brier_score", "log_score"),
    "point": ("ae_point", "se_point", "ape"),
    "quantile": SCORES["quantile"],
    "sample": SCORES["sample"],
    "categorical": ("log_score", "brier_score"),
}
_HIGHER_IS_BETTER = frozenset({"spherical_score"})
REASONS = ("no_observation", "no_forecast")
_BATCH = 1 << 20


@attrs.frozen
class GroupScores:
    """The scores of one group of forecasts.

    Attributes:
        key: the group's values of the ``by`` columns.
        n: forecasts scored.
        unscored: forecasts not scored, per reason (``no_observation``, ``no_forecast``).
        scores: one :class:`~forecastcheck.scoring.ScoreSummary` per score name.
        reliability: binary forecasts with 0/1 outcomes: the reliability table
            (None for other forecasts, or with none).
        murphy: likewise, the Murphy decomposition of the Brier score.
    """

    key: Key
    n: int
    unscored: dict[str, int]
    scores: dict[str, ScoreSummary]
    reliability: ReliabilityTable | None = None
    murphy: MurphyDecomposition | None = None


@attrs.frozen
class TableScores:
    """The scores of a table, per group.

    Attributes:
        forecast_type: the forecast type scored.
        by: the grouping columns.
        score_names: the scores, in column order.
        groups: one :class:`GroupScores` per group, in key order.
        output_type: the hubverse output type scored (None for a tidy table).
    """

    forecast_type: ForecastType
    by: tuple[str, ...]
    score_names: tuple[str, ...]
    groups: tuple[GroupScores, ...]
    output_type: str | None = None

    def columns(self) -> dict[str, list[Any]]:
        """The result as columns: ``by`` columns, ``n``, ``n_<reason>``, one per score."""
        out: dict[str, list[Any]] = {c: [] for c in self.by}
        out["n"] = []
        for reason in REASONS:
            out[f"n_{reason}"] = []
        for name in self.score_names:
            out[name] = []
        for g in self.groups:
            for c, v in zip(self.by, g.key, strict=True):
                out[c].append(v)
            out["n"].append(g.n)
            for reason in REASONS:
                out[f"n_{reason}"].append(g.unscored.get(reason, 0))
            for name in self.score_names:
                out[name].append(g.scores[name].mean)
        return out


@attrs.define
class _Group:
    n: int = 0
    bins: BinStats | None = None
    totals: dict[str, ScoreTotals] = attrs.field(factory=dict)
    unscored: dict[str, int] = attrs.field(factory=dict)

    def count(self, reason: str, n: int) -> None:
        if n:
            self.unscored[reason] = self.unscored.get(reason, 0) + n


def table_source(table: pa.Table, batch_size: int = _BATCH) -> Source:
    """A :data:`Source` over an Arrow table in memory."""

    def read(columns: Sequence[str]) -> Iterator[pa.RecordBatch]:
        yield from table.select(list(columns)).to_batches(max_chunksize=batch_size)

    return read


def score_source(
    source: Source,
    names: Sequence[str],
    *,
    by: Sequence[str] | None = None,
    scores: Sequence[str] | None = None,
    forecast_type: ForecastType | None = None,
    missing: Missing = "raise",
    bins: int = 10,
    file: str = "",
    max_problems: int | None = MAX_PROBLEMS,
    check_duplicates: bool = True,
    locate: Callable[[int], tuple[str, int]] | None = None,
) -> TableScores:
    """Validate and score a tidy table given as a :data:`Source` with column ``names``.

    ``locate`` maps a row number of the whole stream to a file and its row there
    (for a table read from several files).

    Raises:
        TableError: every problem found, located by row and column.
    """
    problems = Problems(file, max_problems, locate)
    by_cols = _by_columns(names, by, problems)
    for col in (layout.OBSERVED, layout.PREDICTED):
        if col not in names:
            problems.column(col, "missing: a tidy forecast table needs it")
    if missing not in ("raise", "count"):
        problems.add("missing", f"must be 'raise' or 'count', not {missing!r}")
    if layout.OBSERVED not in names or layout.PREDICTED not in names:
        problems.raise_if_any()  # the type cannot be told without them
    ftype = forecast_type or layout.type_from_columns(names) or _binary_or_point(source)
    if ftype not in layout.FORECAST_TYPES:
        problems.add("forecast_type", f"must be one of {layout.FORECAST_TYPES}, not {ftype!r}")
    want = tuple(scores) if scores is not None else DEFAULT_SCORES.get(ftype, ())
    for name in want:
        if name not in SCORES.get(ftype, ()) and not is_coverage(name, ftype):
            problems.add(
                "scores", f"no score {name!r} for {ftype} forecasts; choose from {SCORES[ftype]}"
            )
    problems.raise_if_any()
    ctx = _Context(names, by_cols, want, missing, bins, problems, check_duplicates)
    groups = _binary(source, ctx) if ftype == "binary" else _gathered(source, ftype, ctx)
    problems.raise_if_any()
    return TableScores(ftype, tuple(by_cols), want, tuple(_finish(groups, ctx)))


def _by_columns(names: Sequence[str], by: Sequence[str] | None, problems: Problems) -> list[str]:
    if by is None:
        return [layout.MODEL] if layout.MODEL in names else []
    cols = [by] if isinstance(by, str) else list(by)
    for c in cols:
        if c not in names:
            problems.column(c, "named in by, but the table has no such column")
        elif c in layout.PROTECTED:
            problems.column(c, "cannot group by it: it is not part of the forecast unit")
    return cols


def is_coverage(name: str, ftype: str) -> bool:
    """Whether ``name`` is ``interval_coverage_<N>`` (0 < N < 100) of a quantile forecast."""
    head, _, pct = name.rpartition("_")
    return (
        ftype == "quantile" and head == "interval_coverage" and pct.isdigit() and 0 < int(pct) < 100
    )


@attrs.frozen
class _Context:
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


def _binary_or_point(source: Source) -> ForecastType:
    """Binary when every observed value is 0/1 (or boolean) and every forecast in [0, 1]."""
    import pyarrow as pa
    import pyarrow.compute as pc

    for batch in source([layout.OBSERVED, layout.PREDICTED]):
        obs, pred = batch.column(0), batch.column(1)
        if pa.types.is_boolean(obs.type):
            continue
        if not (_is_number(obs.type) and _is_number(pred.type)):
            return "point"
        o = pc.drop_null(obs)
        ok_obs = len(o) == 0 or bool(pc.all(pc.is_in(o, pa.array([0, 1], o.type))).as_py())
        lo, hi = pc.min_max(pred).values()
        ok_pred = lo.as_py() is None or (lo.as_py() >= 0 and hi.as_py() <= 1)
        if not (ok_obs and ok_pred):
            return "point"
    return "binary"


def _is_number(t: pa.DataType) -> bool:
    import pyarrow as pa

    return bool(pa.types.is_integer(t) or pa.types.is_floating(t) or pa.types.is_decimal(t))


def _floats(col: Any, name: str, rows: npt.NDArray[np.int64], problems: Problems) -> Any:
    """A numeric column as float64 (null: NaN); a non-numeric column is one problem."""
    import pyarrow as pa
    import pyarrow.compute as pc

    if pa.types.is_boolean(col.type) or _is_number(col.type) or pa.types.is_null(col.type):
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


def _encoded(col: Any, cache: dict[int, Any] | None = None) -> tuple[Any, list[Any]]:
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


def _codes(
    columns: Sequence[Any], n: int, cache: dict[int, Any] | None = None
) -> tuple[npt.NDArray[np.intp], list[Key]]:
    """Dense group codes for rows and the key (a tuple of values) of each code."""
    if not columns:
        return np.zeros(n, dtype=np.intp), [()]
    code: npt.NDArray[np.int64] | None = None
    dicts: list[list[Any]] = []
    for col in columns:
        idx, values = _encoded(col, cache)
        dicts.append(values)
        code = idx if code is None else code * len(values) + idx
    assert code is not None
    if len(columns) == 1:
        return code.astype(np.intp), [(v,) for v in dicts[0]]
    uniq, inverse = np.unique(code, return_inverse=True)
    keys: list[Key] = []
    for combined in uniq.tolist():
        parts: list[Any] = []
        rest = combined
        for values in reversed(dicts):
            rest, r = divmod(rest, len(values))
            parts.append(values[r])
        keys.append(tuple(reversed(parts)))
    return inverse.reshape(-1).astype(np.intp), keys


def _rows_by_group(codes: npt.NDArray[np.intp], ngroups: int) -> list[npt.NDArray[np.intp]]:
    """The row indices of each group (a stable radix sort when codes fit 16 bits)."""
    small = codes.astype(np.uint16) if ngroups <= 1 << 16 else codes
    order = np.argsort(small, kind="stable")
    bounds = np.searchsorted(codes[order], np.arange(ngroups + 1))
    return [order[bounds[g] : bounds[g + 1]] for g in range(ngroups)]


def _row_numbers(batch: Any, offset: int) -> npt.NDArray[np.int64]:
    """The table's row numbers of a batch: its ``ROW`` column, else counted from 1."""
    if layout.ROW in batch.column_names:
        return np.asarray(batch.column(layout.ROW).to_numpy(zero_copy_only=False), dtype=np.int64)
    return np.arange(offset + 1, offset + batch.num_rows + 1, dtype=np.int64)


def _binary(source: Source, ctx: _Context) -> dict[Key, _Group]:
    """Stream binary forecasts: validate each batch, accumulate per group, exactly."""
    problems = ctx.problems
    groups: dict[Key, _Group] = {}
    wanted = [layout.OBSERVED, layout.PREDICTED, *ctx.by]
    dup_cols = ctx.unit if ctx.check_duplicates else []
    read = list(dict.fromkeys([*wanted, *dup_cols]))
    hashes: list[npt.NDArray[np.uint64]] = []
    numbers: list[npt.NDArray[np.int64]] = []  # kept only while rows are not 1, 2, 3...
    counted = True
    offset = 0
    if layout.ROW in ctx.names:
        read.append(layout.ROW)
    for batch in source(read):
        n = batch.num_rows
        rows = _row_numbers(batch, offset)
        offset += n
        columns = {c: batch.column(c) for c in read}
        cache: dict[int, Any] = {}  # a column both grouped by and hashed is encoded once
        if dup_cols:
            hashes.append(_row_hashes([columns[c] for c in dup_cols], n, cache))
            plain = n == 0 or (rows[0] == offset - n + 1 and rows[-1] == offset)
            if counted and not plain:  # from here on the row numbers are kept
                numbers = [np.arange(1, offset - n + 1, dtype=np.int64)]
                counted = False
            if not counted:
                numbers.append(rows)
        y = _floats(batch.column(layout.OBSERVED), layout.OBSERVED, rows, problems)
        p = _floats(batch.column(layout.PREDICTED), layout.PREDICTED, rows, problems)
        if y is None or p is None:
            continue
        no_p, no_y = np.isnan(p), np.isnan(y)
        with np.errstate(invalid="ignore"):
            problems.rows(
                (p < 0) | (p > 1), rows, layout.PREDICTED, p, "is not a probability in [0, 1]"
            )
            problems.rows(
                (y < 0) | (y > 1), rows, layout.OBSERVED, y, "is not an outcome in [0, 1]"
            )
        if ctx.missing == "raise":
            problems.rows(no_p, rows, layout.PREDICTED, None, _MISSING_FORECAST)
            problems.rows(no_y & ~no_p, rows, layout.OBSERVED, None, _MISSING_OBSERVED)
        if problems:
            continue  # keep validating; nothing is scored once a problem is found
        codes, keys = _codes([columns[c] for c in ctx.by], n, cache)
        _binary_batch(groups, keys, codes, p, y, ctx=ctx)
    if dup_cols and hashes:
        every = np.concatenate(hashes)
        rows_of = np.arange(1, every.size + 1) if counted else np.concatenate(numbers)
        _duplicates_by_hash(source, dup_cols, every, rows_of, ctx)
    return groups


_MISSING_FORECAST = "is missing: no forecast (pass missing='count' to count such rows instead)"
_MISSING_OBSERVED = "is missing: no observation (pass missing='count' to count such rows instead)"


def _binary_batch(
    groups: dict[Key, _Group],
    keys: list[Key],
    codes: npt.NDArray[np.intp],
    p: Any,
    y: Any,
    *,
    ctx: _Context,
) -> None:
    """One batch of valid binary forecasts into the groups' statistics.

    0/1 outcomes: :class:`~forecastcheck.calibration.BinStats` per group (reliability
    table, Brier sums, Murphy decomposition) and the log score's exact totals; an
    outcome strictly between 0 and 1 is scored against it as a probability
    (:mod:`forecastcheck.scoring.soft`), with no place in the reliability table.
    """
    from forecastcheck import scoring
    from forecastcheck.aggregate import score_totals_by
    from forecastcheck.calibration import BinStats

    G = len(keys)
    no_p = np.isnan(p)
    no_y = np.isnan(y) & ~no_p
    keep = ~(no_p | no_y)
    hard = keep & ((y == 0) | (y == 1))
    soft = keep & ~hard
    counts = {
        "no_forecast": np.bincount(codes[no_p], minlength=G),
        "no_observation": np.bincount(codes[no_y], minlength=G),
    }
    counts["n"] = np.bincount(codes, minlength=G) - counts["no_forecast"] - counts["no_observation"]
    ph, yh, ch = p[hard], y[hard] == 1, codes[hard]
    by_group = _rows_by_group(ch, G)
    order = np.concatenate(by_group) if by_group else np.empty(0, dtype=np.intp)
    # each group's rows contiguous: its sums are taken over a slice, with no grouping pass
    ph_sorted, yh_sorted = ph[order], yh[order]
    bounds = np.cumsum([0, *(len(i) for i in by_group)])
    named = {"log_score": scoring.log_score(ph_sorted, yh_sorted)}
    if "spherical_score" in ctx.scores:
        named["spherical_score"] = scoring.spherical(ph_sorted, yh_sorted)
    if "misclassification" in ctx.scores:
        named["misclassification"] = scoring.misclassification(ph_sorted, yh_sorted)
    parts: dict[int, dict[str, ScoreTotals]] = {}
    if soft.any():
        ps, ys, cs = p[soft], y[soft], codes[soft]
        soft_named = {
            "soft_brier": scoring.brier_probabilistic(ps, ys),
            "soft_log": scoring.log_score_probabilistic(ps, ys),
        }
        for name, values in soft_named.items():
            for code, totals in score_totals_by(cs, values).items():
                parts.setdefault(int(code), {})[name] = totals  # type: ignore[call-overload]
    for g in range(G):
        group = groups.setdefault(keys[g], _Group())
        for reason in REASONS:
            group.count(reason, int(counts[reason][g]))
        group.n += int(counts["n"][g])
        rows = slice(int(bounds[g]), int(bounds[g + 1]))
        if rows.stop > rows.start:
            stats = BinStats.from_valid(ph_sorted[rows], yh_sorted[rows], ctx.bins)
            group.bins = stats if group.bins is None else group.bins.merge(stats)
            mine = {name: ScoreTotals.from_scores(v[rows]) for name, v in named.items()}
            group.totals = _merge_totals(group.totals, mine)
        if g in parts:
            group.totals = _merge_totals(group.totals, parts[g])


def _merge_totals(a: dict[str, ScoreTotals], b: dict[str, ScoreTotals]) -> dict[str, ScoreTotals]:
    """Score by score, as :func:`~forecastcheck.aggregate.merge_by` merges keys."""
    out = dict(a)
    for name, totals in b.items():
        out[name] = out[name].merge(totals) if name in out else totals
    return out


def _row_hashes(
    columns: Sequence[Any], n: int, cache: dict[int, Any] | None = None
) -> npt.NDArray[np.uint64]:
    """A 64-bit hash of each row's values (equal rows, equal hashes; checked exactly after)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    h = np.full(n, 0xCBF29CE484222325, dtype=np.uint64)
    prime = np.uint64(0x100000001B3)
    for col in columns:
        arr = col.combine_chunks() if isinstance(col, pa.ChunkedArray) else col
        t = arr.type
        if pa.types.is_temporal(t):
            arr = arr.view(pa.int32() if t.bit_width == 32 else pa.int64())
            t = arr.type
        if pa.types.is_integer(t) or pa.types.is_boolean(t):
            ints = pc.fill_null(pc.cast(arr, pa.int64()), -(2**62))  # null: one more value
            vals = np.asarray(ints.to_numpy(zero_copy_only=False), dtype=np.int64).view(np.uint64)
        elif pa.types.is_floating(t):
            f = pc.fill_null(pc.cast(arr, pa.float64()), np.nan).to_numpy(zero_copy_only=False)
            f = np.asarray(f, dtype=np.float64) + 0.0  # -0.0 as 0.0
            vals = np.where(np.isnan(f), np.nan, f).view(np.uint64)  # one NaN
        else:  # text and anything else: the hash of each distinct value
            idx, values = _encoded(col, cache)
            words = np.array([hash(v) for v in values], dtype=np.int64).view(np.uint64)
            vals = words[idx]
        h ^= vals
        h *= prime
    h ^= h >> np.uint64(29)
    return h


def _duplicates_by_hash(
    source: Source,
    unit: list[str],
    hashes: npt.NDArray[np.uint64],
    numbers: npt.NDArray[np.int64],
    ctx: _Context,
) -> None:
    """Rows sharing a hash are read again and compared exactly (:func:`_duplicates`)."""
    import pyarrow as pa

    ordered = np.sort(hashes)
    same = ordered[1:] == ordered[:-1]
    if not same.any():
        return
    suspects = np.unique(ordered[1:][same])
    where = np.isin(hashes, suspects)
    wanted = set(numbers[where].tolist())
    cols = [*unit, *([layout.ROW] if layout.ROW in ctx.names else [])]
    parts = []
    offset = 0
    for batch in source(cols):
        rows = _row_numbers(batch, offset)
        offset += batch.num_rows
        pick = np.flatnonzero(np.isin(rows, list(wanted)))
        if pick.size:
            t = pa.Table.from_batches([batch.select(unit)]).take(pa.array(pick))
            parts.append(t.append_column(layout.ROW, pa.array(rows[pick])))
    if parts:
        _duplicates(pa.concat_tables(parts), unit, None, ctx.problems)


def _duplicates(table: pa.Table, unit: list[str], within: str | None, problems: Problems) -> None:
    """A problem at each row repeating an earlier row's forecast unit (and ``within`` value)."""
    import pyarrow.compute as pc

    cols = [*unit, *([within] if within else [])]
    counted = table.group_by(cols, use_threads=True).aggregate([([], "count_all")])
    dup = counted.filter(pc.greater(counted["count_all"], 1))
    if dup.num_rows == 0:
        return
    numbered = table.select([*cols, layout.ROW])
    hits = numbered.join(dup.select(cols), keys=cols, join_type="inner")
    hits = hits.sort_by([(c, "ascending") for c in cols] + [(layout.ROW, "ascending")])
    what = f"forecast unit ({', '.join(unit)})" + (f" and {within}" if within else "")
    first: dict[tuple[Any, ...], int] = {}
    for rec in hits.to_pylist():
        k = tuple(rec[c] for c in cols)
        if k in first:
            problems.row(
                rec[layout.ROW],
                within or (unit[0] if unit else layout.PREDICTED),
                f"repeats the {what} of {problems.where(first[k], rec[layout.ROW])} "
                "(a duplicate forecast)",
            )
        else:
            first[k] = rec[layout.ROW]


# ---------------------------------------------------------------- point, quantile, sample, pmf


def _gathered(source: Source, ftype: ForecastType, ctx: _Context) -> dict[Key, _Group]:
    """Gather the columns scoring needs, put each forecast's rows together, score."""
    import pyarrow as pa

    within = layout.WITHIN[ftype]
    unit = ctx.unit
    cols = [*unit, layout.OBSERVED, layout.PREDICTED, *([within] if within else [])]
    if layout.ROW in ctx.names:
        cols.append(layout.ROW)
    batches = list(source(list(dict.fromkeys(cols))))
    table = pa.Table.from_batches(batches).combine_chunks()
    problems = ctx.problems
    rows = _row_numbers(table, 0)
    if layout.ROW not in table.column_names:
        table = table.append_column(layout.ROW, pa.array(rows))
    p = _floats(table.column(layout.PREDICTED), layout.PREDICTED, rows, problems)
    if ftype == "categorical":
        y = None  # labels: read where needed
    else:
        y = _floats(table.column(layout.OBSERVED), layout.OBSERVED, rows, problems)
    if p is None or (ftype != "categorical" and y is None):
        return {}
    if ctx.check_duplicates or within is None:
        _duplicates(table, unit, within, problems)
    unit_id, _ = _codes([table.column(c) for c in unit], table.num_rows)
    order = _unit_order(table, unit_id, within, ftype, rows=rows, problems=problems, p=p)
    if order is None:
        return {}
    uid = unit_id[order]
    starts = np.flatnonzero(np.r_[True, uid[1:] != uid[:-1]])
    first = order[starts]  # each forecast's first row
    group_codes, group_keys = _codes(
        [table.column(c).take(pa.array(first)) for c in ctx.by], starts.size
    )
    if ftype == "categorical":
        obs_missing = np.asarray(
            table.column(layout.OBSERVED).is_null().to_numpy(zero_copy_only=False)
        )[order]
    else:
        assert y is not None
        obs_missing = np.isnan(y[order])
    pred_missing = np.isnan(p[order])
    unit_no_y = np.logical_or.reduceat(obs_missing, starts)
    unit_no_p = np.logical_or.reduceat(pred_missing, starts)
    if ctx.missing == "raise":
        problems.rows(pred_missing, rows[order], layout.PREDICTED, None, _MISSING_FORECAST)
        problems.rows(
            obs_missing & ~pred_missing, rows[order], layout.OBSERVED, None, _MISSING_OBSERVED
        )
    if within is not None:
        _constant_observed(table, y, order, starts, rows=rows, problems=problems)
    groups: dict[Key, _Group] = {}
    for g, key in enumerate(group_keys):
        grp = groups.setdefault(key, _Group())
        in_g = group_codes == g
        grp.count("no_forecast", int((in_g & unit_no_p).sum()))
        grp.count("no_observation", int((in_g & unit_no_y & ~unit_no_p).sum()))
    scored = ~(unit_no_p | unit_no_y)
    for g, key in enumerate(group_keys):
        groups[key].n = int((scored & (group_codes == g)).sum())
    if problems:
        return groups
    sizes = np.diff(np.r_[starts, order.size])
    ctx_block = _Block(table, p, y, order, starts, sizes, rows, group_codes, group_keys, ctx)
    score = {
        "point": _score_point,
        "quantile": _score_quantile,
        "sample": _score_sample,
        "categorical": _score_categorical,
    }[ftype]
    for key, totals in score(ctx_block, scored).items():
        grp = groups.setdefault(key, _Group())
        grp.totals = _merge_totals(grp.totals, totals)
    return groups


def _unit_order(
    table: pa.Table,
    unit_id: npt.NDArray[np.intp],
    within: str | None,
    ftype: ForecastType,
    *,
    rows: npt.NDArray[np.int64],
    problems: Problems,
    p: Any,
) -> npt.NDArray[np.intp] | None:
    """Row order: by forecast unit, then by quantile level / sample id / label.

    A row without a forecast may lack its level too (it is counted as no forecast).
    """
    if within is None:
        return np.argsort(unit_id, kind="stable")
    col = table.column(within)
    if ftype == "quantile":
        tau = _floats(col, within, rows, problems)
        if tau is None:
            return None
        with np.errstate(invalid="ignore"):
            bad = (np.isnan(tau) & ~np.isnan(p)) | (tau <= 0) | (tau >= 1)
        problems.rows(bad, rows, within, tau, "is not a quantile level in (0, 1)")
        secondary: npt.NDArray[Any] = tau
    else:
        secondary, _ = _codes([col], table.num_rows)
        if ftype == "categorical":  # categories in label order, whatever the row order
            labels = col.to_pylist()
            rank = {v: i for i, v in enumerate(sorted({str(v) for v in labels}))}
            secondary = np.array([rank[str(v)] for v in labels], dtype=np.int64)
    return np.lexsort((secondary, unit_id))


def _constant_observed(
    table: pa.Table,
    y: Any,
    order: npt.NDArray[np.intp],
    starts: npt.NDArray[np.intp],
    *,
    rows: npt.NDArray[np.int64],
    problems: Problems,
) -> None:
    """Every row of a forecast must carry the same observed value."""
    if y is not None:
        ys = y[order]
        head = np.repeat(ys[starts], np.diff(np.r_[starts, order.size]))
        differs = ~((ys == head) | (np.isnan(ys) & np.isnan(head)))
    else:
        labels = np.asarray(table.column(layout.OBSERVED).to_pylist(), dtype=object)[order]
        head = np.repeat(labels[starts], np.diff(np.r_[starts, order.size]))
        differs = labels != head
    problems.rows(
        differs,
        rows[order],
        layout.OBSERVED,
        None,
        "differs from the observed value of the same forecast's first row",
    )


@attrs.frozen
class _Block:
    table: pa.Table
    p: Any
    y: Any
    order: npt.NDArray[np.intp]
    starts: npt.NDArray[np.intp]
    sizes: npt.NDArray[np.intp]
    rows: npt.NDArray[np.int64]
    group_codes: npt.NDArray[np.intp]
    group_keys: list[Key]
    ctx: _Context

    def shapes(self, scored: npt.NDArray[np.bool_]) -> Iterator[npt.NDArray[np.intp]]:
        """The scored forecasts (unit indices) of each distinct number of rows."""
        for size in np.unique(self.sizes[scored]).tolist():
            yield np.flatnonzero(scored & (self.sizes == size))

    def matrix(self, units: npt.NDArray[np.intp], values: Any) -> npt.NDArray[Any]:
        """``values`` of the forecasts ``units`` (all of one size), one row per forecast."""
        size = int(self.sizes[units[0]])
        idx = self.starts[units][:, None] + np.arange(size)[None, :]
        return np.asarray(values[self.order[idx]])

    def observed(self, units: npt.NDArray[np.intp]) -> Any:
        return self.y[self.order[self.starts[units]]]

    def first_row(self, units: npt.NDArray[np.intp]) -> int:
        return int(self.rows[self.order[self.starts[units[0]]]])

    def totals(
        self, units: npt.NDArray[np.intp], named: dict[str, Any]
    ) -> dict[Key, dict[str, ScoreTotals]]:
        """Per group, the exact totals of each named per-forecast score."""
        out: dict[Key, dict[str, ScoreTotals]] = {}
        codes = self.group_codes[units]
        for name, values in named.items():
            if name not in self.ctx.scores:
                continue
            for code, t in _totals_by(codes, np.asarray(values, dtype=np.float64)).items():
                key = self.group_keys[int(code)]  # type: ignore[call-overload]
                out.setdefault(key, {})[name] = t
        return out


def _merge_into(
    out: dict[Key, dict[str, ScoreTotals]], part: dict[Key, dict[str, ScoreTotals]]
) -> None:
    for key, totals in part.items():
        out[key] = _merge_totals(out.get(key, {}), totals)


def _score_point(b: _Block, scored: npt.NDArray[np.bool_]) -> dict[Key, dict[str, ScoreTotals]]:
    from forecastcheck.scoring import absolute_error, signed_error

    units = np.flatnonzero(scored)
    if units.size == 0:
        return {}
    pred = b.matrix(units, b.p)[:, 0]
    y = b.observed(units)
    ae = absolute_error(pred, y)
    with np.errstate(divide="ignore", invalid="ignore"):
        ape = ae / np.abs(y)
    return b.totals(units, {"ae_point": ae, "se_point": signed_error(pred, y) ** 2, "ape": ape})


def _score_quantile(b: _Block, scored: npt.NDArray[np.bool_]) -> dict[Key, dict[str, ScoreTotals]]:
    from forecastcheck import scoring

    tau_all = _floats(b.table.column(layout.QUANTILE_LEVEL), "", b.rows, Problems())
    out: dict[Key, dict[str, ScoreTotals]] = {}
    for same_size in b.shapes(scored):
        levels = b.matrix(same_size, tau_all)
        _, which = np.unique(levels, axis=0, return_inverse=True)
        for k in np.unique(which).tolist():
            units = same_size[which.reshape(-1) == k]
            tau = levels[np.flatnonzero(which.reshape(-1) == k)[0]]
            q = b.matrix(units, b.p)
            y = b.observed(units)
            crossing = np.diff(q, axis=1) < 0
            if crossing.any():
                bad_u, bad_j = np.nonzero(crossing)
                for u, j in zip(bad_u.tolist(), bad_j.tolist(), strict=True):
                    row = int(b.rows[b.order[b.starts[units[u]] + j + 1]])
                    b.ctx.problems.row(
                        row,
                        layout.PREDICTED,
                        f"{float(q[u, j + 1])!r} at level {float(tau[j + 1])!r} is below "
                        f"{float(q[u, j])!r} at level {float(tau[j])!r}: crossing quantiles",
                    )
                continue
            try:
                named = _quantile_scores(scoring, q, tau, y, b.ctx.scores)
            except ScoringInputError as exc:
                b.ctx.problems.row(
                    b.first_row(units), layout.QUANTILE_LEVEL, f"levels {tau.tolist()}: {exc}"
                )
                continue
            _merge_into(out, b.totals(units, named))
    return out


def _quantile_scores(
    scoring: Any, q: Any, tau: Any, y: Any, wanted: tuple[str, ...]
) -> dict[str, Any]:
    named: dict[str, Any] = {}
    if {"wis", "overprediction", "underprediction", "dispersion"} & set(wanted):
        c = scoring.wis_components(q, tau, y)
        named |= {
            "wis": c.wis,
            "overprediction": c.overprediction,
            "underprediction": c.underprediction,
            "dispersion": c.dispersion,
        }
    if "bias" in wanted:
        named["bias"] = scoring.quantile_bias(q, tau, y)
    nan = np.full(y.shape, np.nan)
    median = np.flatnonzero(np.abs(tau - 0.5) <= 1e-12)
    named["ae_median"] = scoring.absolute_error(q[:, median[0]], y) if median.size else nan
    for name in wanted:
        if name.startswith("interval_coverage_"):
            level = int(name.rsplit("_", 1)[1]) / 100
            try:
                cov = scoring.central_coverage(q, tau, y, central=[level])
            except ScoringInputError:
                named[name] = nan  # no such interval among the levels: not scored (omitted)
            else:
                named[name] = cov.covered[:, 0]
    return named


def _score_sample(b: _Block, scored: npt.NDArray[np.bool_]) -> dict[Key, dict[str, ScoreTotals]]:
    from forecastcheck.scoring import absolute_error, crps_sample, signed_error

    out: dict[Key, dict[str, ScoreTotals]] = {}
    for units in b.shapes(scored):
        x = b.matrix(units, b.p)
        y = b.observed(units)
        named = {
            "crps": crps_sample(x, y),
            "ae_median": absolute_error(np.median(x, axis=1), y),
            "se_mean": signed_error(np.mean(x, axis=1), y) ** 2,
        }
        _merge_into(out, b.totals(units, named))
    return out


def _score_categorical(
    b: _Block, scored: npt.NDArray[np.bool_]
) -> dict[Key, dict[str, ScoreTotals]]:
    from forecastcheck.scoring import categorical_log_score, multicategory_brier

    labels = np.asarray(
        [str(v) for v in b.table.column(layout.PREDICTED_LABEL).to_pylist()], dtype=str
    )
    observed = np.asarray([str(v) for v in b.table.column(layout.OBSERVED).to_pylist()], dtype=str)
    out: dict[Key, dict[str, ScoreTotals]] = {}
    problems = b.ctx.problems
    for same_size in b.shapes(scored):
        lab = b.matrix(same_size, labels)
        P = b.matrix(same_size, b.p)
        sums = P.sum(axis=1)
        off = np.abs(sums - 1.0) > 1e-6
        bad_p = (P < 0) | (P > 1)
        obs = observed[b.order[b.starts[same_size]]]
        hit = lab == obs[:, None]
        for u in np.flatnonzero(off | ~hit.any(axis=1) | bad_p.any(axis=1)).tolist():
            row = b.first_row(same_size[u : u + 1])
            if bad_p[u].any():
                problems.row(
                    row, layout.PREDICTED, f"probabilities {P[u].tolist()} are not all in [0, 1]"
                )
            elif off[u]:
                problems.row(
                    row,
                    layout.PREDICTED,
                    f"the probabilities of this forecast's {lab.shape[1]} rows sum to "
                    f"{float(sums[u])!r}, not 1",
                )
            else:
                problems.row(
                    row,
                    layout.OBSERVED,
                    f"{obs[u]!r} is not among the forecast's labels {lab[u].tolist()}",
                )
        keep = ~(off | ~hit.any(axis=1) | bad_p.any(axis=1))
        _, which = (
            np.unique(lab[keep], axis=0, return_inverse=True)
            if keep.any()
            else (None, np.empty(0, dtype=np.intp))
        )
        which = which.reshape(-1)
        kept = same_size[keep]
        for k in np.unique(which).tolist():
            units = kept[which == k]
            sel = np.flatnonzero(keep)[which == k]
            Pk = P[sel]
            yk = np.argmax(hit[sel], axis=1)
            named = {
                "log_score": categorical_log_score(Pk, yk),
                "brier_score": multicategory_brier(Pk, yk),
            }
            _merge_into(out, b.totals(units, named))
    return out


# ---------------------------------------------------------------- results


def _finish(groups: dict[Key, _Group], ctx: _Context) -> list[GroupScores]:
    out: list[GroupScores] = []
    for key in _sorted_keys(groups):
        g = groups[key]
        totals = dict(g.totals)
        hard_n = 0 if g.bins is None else g.bins.n
        if g.bins is not None:
            brier = ScoreTotals(total=g.bins.brier_total or 0, n_finite=hard_n)
            totals["brier_score"] = brier.merge(totals.get("brier_score", ScoreTotals()))
        for soft, name in (("soft_brier", "brier_score"), ("soft_log", "log_score")):
            if soft in totals:
                totals[name] = totals.get(name, ScoreTotals()).merge(totals.pop(soft))
        summaries = {
            name: totals.get(name, ScoreTotals()).summary(
                name, higher_is_better=name in _HIGHER_IS_BETTER
            )
            for name in ctx.scores
        }
        reliability = murphy = None
        if g.bins is not None and hard_n:
            reliability, murphy = g.bins.reliability_table(), g.bins.murphy()
        out.append(GroupScores(key, g.n, dict(g.unscored), summaries, reliability, murphy))
    return out


def _sorted_keys(groups: dict[Key, _Group]) -> list[Key]:
    try:
        return sorted(groups, key=lambda k: tuple((v is None, v) for v in k))
    except TypeError:
        return sorted(groups, key=lambda k: tuple((v is None, str(v)) for v in k))
