"""The sensitivity table's mean scores, every source's records scored at once per scale.

Private: imported as a module (``from forecastcheck.verbal import _grouped_means``).

:func:`source_means` takes each source's block of records (which scales map
each record, the points each rule picks, the outcomes), scores all sources'
records under one scale in one :func:`~forecastcheck.scoring.brier` and one
:func:`~forecastcheck.scoring.log_score` call (every rule a row), and then
takes each source's means from its own columns. Each mean is of the same
numbers in the same order, summed as a C-contiguous row, so it is the mean a
source scored alone gets.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TypeAlias

import numpy as np
import numpy.typing as npt

from forecastcheck.scoring import brier, log_score

__all__ = ["Block", "ScaleMeans", "source_means"]

Block: TypeAlias = tuple[npt.NDArray[np.bool_], npt.NDArray[np.float64], npt.NDArray[np.float64]]
"""One source's records: mapped (records x scales), points (records x scales x rules), outcomes."""

ScaleMeans: TypeAlias = tuple[list[float], list[float], list[float], list[float]]
"""Per rule, under one scale: the mean Brier and log scores over the records the scale maps,
then over the records every scale maps (NaN for none)."""


def _row_means(values: npt.NDArray[np.float64]) -> list[float]:
    """Each row's mean, in one call: a C-contiguous row is summed as ``np.mean`` sums it alone.

    ``np.mean`` is this sum divided by the count; called directly it skips
    ``np.mean``'s checks, which cost more than the sum of a short row.
    """
    sums = np.add.reduce(np.ascontiguousarray(values), axis=1)
    return (sums / values.shape[1]).tolist()  # type: ignore[no-any-return]


def source_means(
    blocks: Sequence[Block], n_scales: int, n_rules: int, log_epsilon: float | None
) -> list[list[ScaleMeans]]:
    """Each source's :data:`ScaleMeans`, scale by scale, in the order of ``blocks``."""
    out: list[list[ScaleMeans]] = [[] for _ in blocks]
    if not blocks:
        return out
    mapped = np.concatenate([b[0] for b in blocks])
    points = np.concatenate([b[1] for b in blocks])
    y = np.concatenate([b[2] for b in blocks])
    bounds = np.cumsum([0, *(b[0].shape[0] for b in blocks)])
    common: npt.NDArray[np.bool_] = np.all(mapped, axis=1)
    nan = [math.nan] * n_rules
    for k in range(n_scales):
        kept = np.flatnonzero(mapped[:, k])
        both = np.empty((2 * n_rules, 0))
        if kept.size:
            p = np.ascontiguousarray(points[kept, k, :].T)
            yk = np.tile(y[kept], (n_rules, 1))
            both = np.concatenate([brier(p, yk), log_score(p, yk, epsilon=log_epsilon)])
        columns = np.searchsorted(kept, bounds).tolist()  # each source's columns of `both`
        shared_all = common[kept]
        for s in range(len(blocks)):
            c0, c1 = columns[s], columns[s + 1]
            if c0 == c1:
                out[s].append((nan, nan, nan, nan))
                continue
            block = both[:, c0:c1]
            own = _row_means(block)
            shared = shared_all[c0:c1]
            both_common = _row_means(block[:, shared]) if shared.any() else nan + nan
            out[s].append(
                (own[:n_rules], own[n_rules:], both_common[:n_rules], both_common[n_rules:])
            )
    return out
