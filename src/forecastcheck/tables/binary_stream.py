"""Binary forecasts scored as the record batches stream past, one row each.

Each batch's rows are added, for all groups at once, to the stream's counts and
exact sums (:class:`_Sums`), which become one
:class:`~forecastcheck.calibration.BinStats` per group and the exact
:class:`~forecastcheck.aggregate.ScoreTotals` of the other scores; only a
64-bit hash and the row number of each row are kept, to find duplicate
forecasts (rows sharing a hash are read again and compared exactly).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

from forecastcheck.aggregate import ScoreTotals
from forecastcheck.calibration import BinStats
from forecastcheck.scoring import _exact
from forecastcheck.tables import _common, layout

__all__ = ["score_binary"]


def score_binary(source: _common.Source, ctx: _common.Context) -> dict[_common.Key, _common.Group]:
    """Stream binary forecasts: validate each batch, accumulate per group, exactly."""
    problems = ctx.problems
    groups: dict[_common.Key, _common.Group] = {}
    sums = _Sums(ctx)
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
        rows = _common.row_numbers(batch, offset)
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
        y = _common.floats(batch.column(layout.OBSERVED), layout.OBSERVED, rows, problems)
        p = _common.floats(batch.column(layout.PREDICTED), layout.PREDICTED, rows, problems)
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
            problems.rows(no_p, rows, layout.PREDICTED, None, _common.MISSING_FORECAST)
            problems.rows(no_y & ~no_p, rows, layout.OBSERVED, None, _common.MISSING_OBSERVED)
        if problems:
            continue  # keep validating; nothing is scored once a problem is found
        codes, keys = _common.codes([columns[c] for c in ctx.by], n, cache)
        _binary_batch(groups, sums, keys=keys, codes=codes, p=p, y=y)
    sums.into(groups)
    if dup_cols and hashes:
        every = np.concatenate(hashes)
        rows_of = np.arange(1, every.size + 1) if counted else np.concatenate(numbers)
        _duplicates_by_hash(source, dup_cols, every, rows_of, ctx)
    return groups


class _Sums:
    """The stream's statistics of hard (0/1) outcomes per group, in arrays grown as groups appear.

    Per group, bin and outcome: the count and the exact sums of ``p`` and of the
    Brier scores (the :class:`~forecastcheck.calibration.BinStats` of the group);
    per group: the exact totals of the other scores. Each batch is added for all
    groups at once (:class:`~forecastcheck.scoring._exact.GroupedSums`), so the
    sums cost a few ``np.bincount`` passes a batch, whatever the number of groups.
    """

    def __init__(self, ctx: _common.Context) -> None:
        self.ids: dict[_common.Key, int] = {}
        self.B = ctx.bins
        self.count = np.zeros(0, dtype=np.int64)  # at (group * B + bin) * 2 + outcome
        self.sum_p = _exact.GroupedSums()
        self.sum_brier = _exact.GroupedSums()
        wanted = ("log_score", "spherical_score", "misclassification")
        self.named = {
            n: _exact.GroupedSums() for n in wanted if n == "log_score" or n in ctx.scores
        }
        self.infinite = {n: np.zeros((0, 3), dtype=np.int64) for n in self.named}  # +inf, -inf, NaN

    def add(self, keys: list[_common.Key], codes: npt.NDArray[np.intp], p: Any, y: Any) -> None:
        """One batch's hard forecasts (``codes`` index ``keys``)."""
        from forecastcheck.calibration.bins import bin_index
        from forecastcheck.scoring import _formulas

        ids = np.array([self.ids.setdefault(k, len(self.ids)) for k in keys], dtype=np.intp)
        G, cells = len(self.ids), 2 * self.B * len(self.ids)
        g = ids[codes]
        _, b = bin_index(p, self.B)
        cell = g * (2 * self.B) + 2 * b + y
        self.count = np.pad(self.count, (0, cells - self.count.size))
        self.count += np.bincount(cell, minlength=cells)
        self.sum_p.add(p, cell, cells)
        self.sum_brier.add(_formulas.brier(p, y), cell, cells)
        formulas = {
            "log_score": _formulas.log,
            "spherical_score": _formulas.spherical,
            "misclassification": _formulas.misclassification,
        }
        for name, sums in self.named.items():
            v = formulas[name](p, y)
            finite = np.isfinite(v)
            inf = self.infinite[name] = np.pad(
                self.infinite[name], ((0, G - len(self.infinite[name])), (0, 0))
            )
            if not finite.all():
                for j, odd in enumerate((v == np.inf, v == -np.inf, np.isnan(v))):
                    inf[:, j] += np.bincount(g[odd], minlength=G)
                v, g_finite = v[finite], g[finite]
            else:
                g_finite = g
            sums.add(v, g_finite, G)

    def into(self, groups: dict[_common.Key, _common.Group]) -> None:
        """Each group's BinStats and score totals (none for a group without hard outcomes)."""
        cells = 2 * self.B * len(self.ids)
        sum_p = _padded(self.sum_p.totals(), cells)
        sum_brier = _padded(self.sum_brier.totals(), cells)
        named = {n: _padded(s.totals(), len(self.ids)) for n, s in self.named.items()}
        edges = np.arange(self.B + 1) / self.B
        for key, gid in self.ids.items():
            mine = slice(2 * self.B * gid, 2 * self.B * (gid + 1))
            count = self.count[mine].reshape(self.B, 2)
            if not count.any():
                continue
            group = groups[key]
            group.bins = BinStats(
                edges=edges,
                values=np.empty(0),
                count=count.copy(),
                sum_p=tuple(sum_p[mine]),
                sum_brier=tuple(sum_brier[mine]),
            )
            totals = {}
            for name, total in named.items():
                pos, neg, nan = self.infinite[name][gid].tolist()
                n = int(count.sum()) - pos - neg - nan
                totals[name] = ScoreTotals(total[gid], n, pos, neg, nan)
            group.totals = _common.merge_totals(totals, group.totals)


def _padded(totals: list[int], size: int) -> list[int]:
    return totals + [0] * (size - len(totals))


def _binary_batch(
    groups: dict[_common.Key, _common.Group],
    sums: _Sums,
    *,
    keys: list[_common.Key],
    codes: npt.NDArray[np.intp],
    p: Any,
    y: Any,
) -> None:
    """One batch of valid binary forecasts into the groups' counts and statistics.

    0/1 outcomes go into ``sums`` (reliability table, Brier sums, Murphy
    decomposition, the log score's exact totals); an outcome strictly between 0
    and 1 is scored against it as a probability (:mod:`forecastcheck.scoring.soft`),
    with no place in the reliability table.
    """
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
    if hard.all():
        sums.add(keys, codes, p, y == 1)
    elif hard.any():
        sums.add(keys, codes[hard], p[hard], y[hard] == 1)
    parts = _soft_totals(p[soft], y[soft], codes[soft]) if soft.any() else {}
    for g in range(G):
        group = groups.setdefault(keys[g], _common.Group())
        for reason in _common.REASONS:
            group.count(reason, int(counts[reason][g]))
        group.n += int(counts["n"][g])
        if g in parts:
            group.totals = _common.merge_totals(group.totals, parts[g])


def _soft_totals(ps: Any, ys: Any, cs: npt.NDArray[np.intp]) -> dict[int, dict[str, ScoreTotals]]:
    """Per group code, the exact totals of forecasts scored against an outcome in (0, 1)."""
    from forecastcheck import scoring
    from forecastcheck.aggregate import score_totals_by

    parts: dict[int, dict[str, ScoreTotals]] = {}
    soft_named = {
        "soft_brier": scoring.brier_probabilistic(ps, ys),
        "soft_log": scoring.log_score_probabilistic(ps, ys),
    }
    for name, values in soft_named.items():
        for code, totals in score_totals_by(cs, values).items():
            parts.setdefault(int(code), {})[name] = totals  # type: ignore[call-overload]
    return parts


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
            ints = pc.cast(arr, pa.int64())
            if ints.null_count:
                ints = pc.fill_null(ints, -(2**62))  # null: one more value
            vals = np.asarray(ints.to_numpy(zero_copy_only=False), dtype=np.int64).view(np.uint64)
        elif pa.types.is_floating(t):
            f = pc.fill_null(pc.cast(arr, pa.float64()), np.nan).to_numpy(zero_copy_only=False)
            f = np.asarray(f, dtype=np.float64) + 0.0  # -0.0 as 0.0
            vals = np.where(np.isnan(f), np.nan, f).view(np.uint64)  # one NaN
        else:  # text and anything else: the hash of each distinct value
            idx, values = _common.encoded(col, cache)
            words = np.array([hash(v) for v in values], dtype=np.int64).view(np.uint64)
            vals = words[idx]
        h ^= vals
        h *= prime
    h ^= h >> np.uint64(29)
    return h


def _duplicates_by_hash(
    source: _common.Source,
    unit: list[str],
    hashes: npt.NDArray[np.uint64],
    numbers: npt.NDArray[np.int64],
    ctx: _common.Context,
) -> None:
    """Rows sharing a hash are read again and compared exactly (:func:`_common.duplicates`)."""
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
        rows = _common.row_numbers(batch, offset)
        offset += batch.num_rows
        pick = np.flatnonzero(np.isin(rows, list(wanted)))
        if pick.size:
            t = pa.Table.from_batches([batch.select(unit)]).take(pa.array(pick))
            parts.append(t.append_column(layout.ROW, pa.array(rows[pick])))
    if parts:
        _common.duplicates(pa.concat_tables(parts), unit, None, ctx.problems)
