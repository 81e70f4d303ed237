"""CORP and ROC AUC of a Dask DataFrame's binary forecasts, exactly, in two passes.

Neither merges from per-group sums: CORP's PAV fit needs the whole sample in
forecast order, the AUC the ranks. Both are functions of the sample's per-value
counts, though: for each distinct forecast ``p``, the rows ``n`` and those that
came true ``n_true``. Pass 1 counts each partition
(:func:`forecastcheck.calibration.decomposition.value_counts`) and merges the
counts exactly, value by value, in a tree of tasks; pass 2, on the merged
counts (one row per distinct forecast, on the client), is the PAV fit and the
CORP decomposition of :func:`forecastcheck.calibration.decomposition.corp_from_counts`,
and the Mann–Whitney statistic with midranks for ties from the cumulative
counts, in exact integers. The results are those of
:func:`~forecastcheck.calibration.corp` and :func:`~forecastcheck.calibration.roc_auc`
on the collected columns, bit for bit (the in-memory AUC sums its midranks in
float64, exactly below about 1.3 × 10⁸ forecasts; above that this one stays exact).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt

from forecastcheck.calibration import Corp, decomposition
from forecastcheck.scoring import _validate
from forecastcheck.tables import layout

__all__ = ["corp", "roc_auc"]

_Counts = tuple[npt.NDArray[np.float64], npt.NDArray[np.int64], npt.NDArray[np.int64]]
_SPLIT_EVERY = 8


def corp(ddf: Any, score: decomposition.CorpScore = "brier") -> Corp:
    """:func:`~forecastcheck.calibration.corp` of the ``predicted``/``observed`` columns.

    No resampling band and no weights (those need the rows themselves).

    Raises:
        ScoringInputError: as :func:`~forecastcheck.calibration.corp` (a bad value,
            a NaN, no forecasts).
    """
    x, counts, hits = value_counts(ddf)
    return decomposition.corp_from_counts(x, counts, hits, score)


def roc_auc(ddf: Any) -> float:
    """:func:`~forecastcheck.calibration.roc_auc` of the ``predicted``/``observed`` columns.

    Raises:
        ScoringInputError: as :func:`~forecastcheck.calibration.roc_auc` (a bad
            value, a NaN, only one outcome present).
    """
    _, counts, hits = value_counts(ddf)
    n1 = int(hits.sum())
    n0 = int(counts.sum()) - n1
    if n1 == 0 or n0 == 0:
        raise _validate.ScoringInputError("ROC AUC needs both outcomes: some true and some false")
    before = np.cumsum(counts) - counts  # forecasts below each distinct value
    # twice the sum of the true forecasts' midranks, before + (n + 1) / 2, in exact integers
    twice = 2 * before + counts + 1
    if int(counts.sum()) < 1 << 31:  # each product below 2**63
        r1_twice = int(np.dot(hits, twice))
    else:
        r1_twice = sum(int(h) * int(t) for h, t in zip(hits, twice, strict=True))
    u1 = (r1_twice - n1 * (n1 + 1)) / 2  # U_1 = R_1 - n_1 (n_1 + 1) / 2
    return u1 / (n1 * n0)


def value_counts(ddf: Any) -> _Counts:
    """Pass 1: the distinct forecasts, rising, with their counts and hits, merged exactly."""
    import dask

    parts = ddf[[layout.PREDICTED, layout.OBSERVED]].to_delayed(optimize_graph=False)
    level = [dask.delayed(_part_counts)(p) for p in parts] or [dask.delayed(_merge)()]
    while len(level) > 1:
        level = [
            dask.delayed(_merge)(*level[i : i + _SPLIT_EVERY])
            for i in range(0, len(level), _SPLIT_EVERY)
        ]
    counts: _Counts = dask.compute(level[0])[0]
    return counts


def _part_counts(frame: Any) -> _Counts:
    """One partition's counts per distinct forecast (validated as the in-memory scores do)."""
    p = frame[layout.PREDICTED].to_numpy(dtype=np.float64, na_value=np.nan)
    y = frame[layout.OBSERVED].to_numpy(dtype=np.float64, na_value=np.nan)
    if p.size == 0:
        return _merge()
    pa, ya, _ = _validate.binary_inputs(p, y, "raise")
    return decomposition.value_counts(pa.reshape(-1), _validate.as_bool(ya).reshape(-1))


def _merge(*parts: _Counts) -> _Counts:
    """Counts of several parts added value by value (exact, in any order)."""
    if not parts:
        return np.empty(0), np.empty(0, dtype=np.int64), np.empty(0, dtype=np.int64)
    x = np.concatenate([p[0] for p in parts])
    counts = np.concatenate([p[1] for p in parts])
    hits = np.concatenate([p[2] for p in parts])
    if x.size == 0:
        return x, counts, hits
    order = np.argsort(x.view(np.int64), kind="stable")  # the bits of p >= 0 rise with it
    x, counts, hits = x[order], counts[order], hits[order]
    starts = np.flatnonzero(np.concatenate(([True], x[1:] != x[:-1])))
    return x[starts], np.add.reduceat(counts, starts), np.add.reduceat(hits, starts)
