"""Calibration and discrimination of binary forecasts.

Reliability tables with counts and binomial bands, the Murphy decomposition
of the Brier score (with Tetlock's names), the CORP decomposition of any
proper score (Dimitriadis, Gneiting & Jordan 2021), expected calibration
error, ROC AUC, the share on the right side of 50%, Murphy-diagram data, and
PIT values and histograms of sample and quantile forecasts.

Every name is importable from here; the modules: :mod:`.bins` (binning and
the per-bin statistics), :mod:`.results` (the result types),
:mod:`.reliability` (tables, ECE), :mod:`.decomposition` (Murphy, CORP) and
:mod:`.discrimination` (ROC AUC, right side of 50%, Murphy diagrams) and
:mod:`.pit` (PIT values and histograms; their bins are right-closed, see there).

Bin convention
--------------
``bins=B`` (an integer) means the B equal-width bins with edges ``k / B``
(each the float nearest to k/B, so ``0.7`` *is* the edge between the 8th and
9th of ten bins). ``bins=[e_0, ..., e_B]`` gives the edges explicitly; they
must rise strictly from 0 to 1. Every bin is left-closed, ``[e_k, e_{k+1})``,
except the last, which is closed, ``[e_{B-1}, 1]``: a forecast exactly on an
inner edge belongs to the bin *above* the edge, and ``p = 1.0`` lands in the
last bin. ``bins="unique"`` makes one bin per distinct forecast value, the
binning under which the Murphy decomposition is exact.

scikit-learn's ``calibration_curve`` differs in two ways: a forecast exactly on
an inner edge goes to the bin *below* (its bins are ``(e_k, e_{k+1}]`` apart from
the first), and empty bins are dropped. Here empty bins are kept, marked
``empty=True``, with NaN means.
"""

from __future__ import annotations

from forecastcheck.calibration.bins import Bins, BinStats
from forecastcheck.calibration.decomposition import Corp, CorpScore, corp, murphy
from forecastcheck.calibration.discrimination import (
    MurphyDiagram,
    SideCounts,
    murphy_diagram,
    right_side,
    roc_auc,
)
from forecastcheck.calibration.pit import (
    PitBracket,
    PitHistogram,
    pit_histogram,
    pit_histogram_quantile,
    pit_quantile,
    pit_sample,
)
from forecastcheck.calibration.reliability import CalibrationError, ece, reliability_table
from forecastcheck.calibration.results import (
    MurphyDecomposition,
    ReliabilityBin,
    ReliabilityTable,
)

__all__ = [
    "BinStats",
    "Bins",
    "CalibrationError",
    "Corp",
    "CorpScore",
    "MurphyDecomposition",
    "MurphyDiagram",
    "PitBracket",
    "PitHistogram",
    "ReliabilityBin",
    "ReliabilityTable",
    "SideCounts",
    "corp",
    "ece",
    "murphy",
    "murphy_diagram",
    "pit_histogram",
    "pit_histogram_quantile",
    "pit_quantile",
    "pit_sample",
    "reliability_table",
    "right_side",
    "roc_auc",
]
