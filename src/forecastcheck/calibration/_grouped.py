"""Reliability tables of many groups of forecasts, from one pass over them all.

:func:`reliability_tables` gives, for each group, what
:func:`~forecastcheck.calibration.reliability_table` gives for the group's
forecasts alone: the bins of every forecast are found at once, counted and
summed exactly per (group, bin, outcome) by one ``np.bincount`` and one exact
sum, and the binomial bands of all the groups are taken together
(:func:`~forecastcheck.calibration._binom.ppf_parts`). Exact sums do not
depend on how the values are grouped, so each table is the same.

Private: imported as a module (``from forecastcheck.calibration import _grouped``).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray

from forecastcheck.calibration import _binom
from forecastcheck.calibration.bins import BinStats, band_inputs, bin_index
from forecastcheck.calibration.results import ReliabilityTable
from forecastcheck.scoring import BoolArray, FloatArray, _exact

__all__ = ["reliability_tables"]

_BAND = (0.05, 0.95)


def reliability_tables(
    pa: FloatArray, yb: BoolArray, groups: NDArray[np.intp], wanted: Sequence[int], bins: int
) -> list[ReliabilityTable]:
    """The reliability table of each wanted group's forecasts (``bins`` equal-width bins).

    ``pa`` and ``yb`` are validated forecasts and outcomes
    (:func:`~forecastcheck.scoring._validate.binary_kept`), ``groups`` each
    one's group code; the tables are in the order of ``wanted`` (codes below
    ``max(groups) + 1`` or any other, whose table then counts nothing).
    """
    if not wanted:
        return []
    ngroups = max(int(groups.max()) + 1 if groups.size else 0, max(wanted) + 1)
    edges, cell = bin_index(pa, bins)
    nbins = edges.size - 1
    width = 2 * nbins
    cell *= 2
    cell += yb
    cell += groups * width
    count = np.bincount(cell, minlength=ngroups * width).reshape(ngroups, nbins, 2)
    count = count.astype(np.int64)
    sum_p = _exact.sums(pa, cell, ngroups * width)
    values = np.empty(0)
    stats = [
        BinStats(
            edges=edges,
            values=values,
            count=count[g],
            sum_p=tuple(sum_p[g * width : (g + 1) * width]),
            sum_brier=None,
        )
        for g in wanted
    ]
    arrays = [s._arrays() for s in stats]
    with np.errstate(invalid="ignore"):
        quantiles = _binom.ppf_parts(_BAND, [band_inputs(a[0], a[2]) for a in arrays])
    return [s._table(a, q, _BAND) for s, a, q in zip(stats, arrays, quantiles, strict=True)]
