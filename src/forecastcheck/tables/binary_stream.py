"""Binary forecasts scored as the record batches stream past, one row each.

Each batch's rows are added, for all groups at once, to the stream's counts and
exact sums (:class:`_Sums`), which become one
:class:`~forecastcheck.calibration.BinStats` per group and the exact
:class:`~forecastcheck.aggregate.ScoreTotals` of the other scores; only a
64-bit hash and the row number of each row are kept, to find duplicate
forecasts (rows sharing a hash are read again and compared exactly).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt

from forecastcheck.aggregate import ScoreTotals
from forecastcheck.calibration import BinStats
from forecastcheck.scoring import _exact
from forecastcheck.tables import _common, _unit_hashes, layout

__all__ = ["score_binary"]


def score_binary(source: _common.Source, ctx: _common.Context) -> dict[_common.Key, _common.Group]:
    """Stream binary forecasts: validate each batch, accumulate per group, exactly."""
    problems = ctx.problems
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
    for whole in source(read):
        for start in range(0, max(whole.num_rows, 1), _common.PIECE):
            batch = whole.slice(start, _common.PIECE)
            n = batch.num_rows
            rows = _common.row_numbers(batch, offset)
            offset += n
            columns = {c: batch.column(c) for c in read}
            cache = _common.encoded_dictionaries([columns[c] for c in {*ctx.by, *dup_cols}])
            if dup_cols:
                hashes.append(_unit_hashes.row_hashes([columns[c] for c in dup_cols], n, cache))
                plain = n == 0 or (rows[0] == offset - n + 1 and rows[-1] == offset)
                if counted and not plain:  # from here on the row numbers are kept
                    numbers = [np.arange(1, offset - n + 1, dtype=np.int64)]
                    counted = False
                if not counted:
                    numbers.append(rows)
            p, y = _valid(batch, rows, ctx)
            if p is None or y is None or problems:
                continue  # keep validating; nothing is scored once a problem is found
            codes, keys = _common.codes([columns[c] for c in ctx.by], n, cache)
            sums.batch(keys, codes, p, y)
    groups = sums.into()
    if dup_cols and hashes:
        rows_of = None if counted else np.concatenate(numbers)
        _duplicates_by_hash(source, dup_cols, hashes, rows_of, ctx)
    return groups


def _valid(batch: Any, rows: npt.NDArray[np.int64], ctx: _common.Context) -> tuple[Any, Any]:
    """The batch's forecasts and outcomes as float64, each bad value a problem."""
    problems = ctx.problems
    y = _common.floats(batch.column(layout.OBSERVED), layout.OBSERVED, rows, problems)
    p = _common.floats(batch.column(layout.PREDICTED), layout.PREDICTED, rows, problems)
    if y is None or p is None:
        return p, y
    with np.errstate(invalid="ignore"):
        bad_p = (p < 0) | (p > 1)
        bad_y = (y < 0) | (y > 1)
    if bad_p.any():
        problems.rows(bad_p, rows, layout.PREDICTED, p, "is not a probability in [0, 1]")
    if bad_y.any():
        problems.rows(bad_y, rows, layout.OBSERVED, y, "is not an outcome in [0, 1]")
    if ctx.missing == "raise":
        no_p, no_y = np.isnan(p), np.isnan(y)
        if no_p.any() or no_y.any():
            problems.rows(no_p, rows, layout.PREDICTED, None, _common.MISSING_FORECAST)
            problems.rows(no_y & ~no_p, rows, layout.OBSERVED, None, _common.MISSING_OBSERVED)
    return p, y


class _Sums:
    """The stream's statistics per group, in arrays grown as groups appear.

    Per group: the forecasts scored and not scored (per reason), and the exact
    totals of the scores. Per group, bin and hard (0/1) outcome: the count and
    the exact sums of ``p`` and of the Brier scores (the
    :class:`~forecastcheck.calibration.BinStats` of the group). Each batch is
    added for all groups at once (:class:`~forecastcheck.scoring._exact.GroupedSums`),
    so the sums cost a few ``np.bincount`` passes a batch, whatever the number of
    groups; forecasts scored against an outcome strictly between 0 and 1
    (:mod:`forecastcheck.scoring.soft`) have no place in the reliability table
    and are summed per group apart.
    """

    def __init__(self, ctx: _common.Context) -> None:
        self.ids: dict[_common.Key, int] = {}
        self.B = ctx.bins
        self.tally = np.zeros((0, 3), dtype=np.int64)  # n, no_forecast, no_observation
        self.soft: dict[int, dict[str, ScoreTotals]] = {}
        self.count = np.zeros(0, dtype=np.int64)  # at (group * B + bin) * 2 + outcome
        self.sum_p = _exact.GroupedSums()
        self.sum_brier = _exact.GroupedSums()
        wanted = ("log_score", "spherical_score", "misclassification")
        self.named = {
            n: _exact.GroupedSums() for n in wanted if n == "log_score" or n in ctx.scores
        }
        self.infinite = {n: np.zeros((0, 3), dtype=np.int64) for n in self.named}  # +inf, -inf, NaN

    def batch(self, keys: list[_common.Key], codes: npt.NDArray[np.intp], p: Any, y: Any) -> None:
        """One batch of valid forecasts (``codes`` index ``keys``) into the counts and sums."""
        ids = np.array([self.ids.setdefault(k, len(self.ids)) for k in keys], dtype=np.intp)
        G = len(self.ids)
        g = ids[codes]
        self.tally = np.pad(self.tally, ((0, G - len(self.tally)), (0, 0)))
        no_p = np.isnan(p)
        no_y = np.isnan(y)
        if no_p.any() or no_y.any():
            no_y &= ~no_p
            self.tally[:, 1] += np.bincount(g[no_p], minlength=G)
            self.tally[:, 2] += np.bincount(g[no_y], minlength=G)
            keep = ~(no_p | no_y)
        else:
            keep = None
        self.tally[:, 0] += np.bincount(g if keep is None else g[keep], minlength=G)
        if keep is not None:
            g, p, y = g[keep], p[keep], y[keep]
        hard = (y == 0) | (y == 1)
        if hard.all():
            self._hard(g, p, y == 1)
            return
        self._hard(g[hard], p[hard], y[hard] == 1)
        soft = ~hard
        for gid, totals in _soft_totals(p[soft], y[soft], g[soft]).items():
            self.soft[gid] = _common.merge_totals(self.soft.get(gid, {}), totals)

    def _hard(self, g: npt.NDArray[np.intp], p: Any, y: Any) -> None:
        """Forecasts of group ids ``g`` with 0/1 (boolean) outcomes ``y``."""
        from forecastcheck.calibration.bins import bin_index
        from forecastcheck.scoring import _formulas

        G, cells = len(self.ids), 2 * self.B * len(self.ids)
        _, b = bin_index(p, self.B)
        cell = g * (2 * self.B)
        cell += 2 * b
        cell += y
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

    def into(self) -> dict[_common.Key, _common.Group]:
        """Each group's counts, BinStats and score totals (no BinStats without hard outcomes)."""
        groups: dict[_common.Key, _common.Group] = {}
        cells = 2 * self.B * len(self.ids)
        sum_p = _padded(self.sum_p.totals(), cells)
        sum_brier = _padded(self.sum_brier.totals(), cells)
        named = {n: _padded(s.totals(), len(self.ids)) for n, s in self.named.items()}
        count_all = np.pad(self.count, (0, cells - self.count.size))
        edges = np.arange(self.B + 1) / self.B
        for key, gid in self.ids.items():
            group = groups[key] = _common.Group()
            n, no_forecast, no_observation = self.tally[gid].tolist()
            group.n = n
            group.count("no_forecast", no_forecast)
            group.count("no_observation", no_observation)
            mine = slice(2 * self.B * gid, 2 * self.B * (gid + 1))
            count = count_all[mine].reshape(self.B, 2)
            if count.any():
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
                    hard = int(count.sum()) - pos - neg - nan
                    totals[name] = ScoreTotals(total[gid], hard, pos, neg, nan)
                group.totals = totals
            group.totals = _common.merge_totals(group.totals, self.soft.get(gid, {}))
        return groups


def _padded(totals: list[int], size: int) -> list[int]:
    return totals + [0] * (size - len(totals))


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


def _duplicates_by_hash(
    source: _common.Source,
    unit: list[str],
    hashes: list[npt.NDArray[np.uint64]],
    numbers: npt.NDArray[np.int64] | None,
    ctx: _common.Context,
) -> None:
    """Rows sharing a hash are read again and compared exactly (:func:`_common.duplicates`).

    The hashes of the pieces, in stream order, are sorted once, together;
    ``numbers`` are the rows' numbers (None: 1, 2, 3...).
    """
    import pyarrow as pa

    ordered = np.concatenate(hashes)
    ordered.sort()
    same = ordered[1:] == ordered[:-1]
    if not same.any():
        return
    suspects = np.unique(ordered[1:][same])
    del ordered
    where = np.flatnonzero(np.concatenate([np.isin(h, suspects) for h in hashes]))
    wanted = set((where + 1 if numbers is None else numbers[where]).tolist())
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
