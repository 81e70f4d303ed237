"""The binary score formulas on arrays already validated (float64 ``p``, 0/1 or bool ``y``).

One place for each formula, shared by the public scores (:mod:`.binary`), the
per-bin statistics of :mod:`forecastcheck.calibration` and the accumulators
of :mod:`forecastcheck.aggregate`. No checks: validate with
:func:`forecastcheck.scoring._validate.binary_inputs` first.
Private: imported as a module (``from forecastcheck.scoring import _formulas``).
"""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import NDArray

from forecastcheck.scoring._validate import BoolArray, FloatArray


def brier(pa: FloatArray, y: NDArray[Any]) -> FloatArray:
    """``(p - y)**2`` per forecast, in a fresh array."""
    out = np.asarray(np.subtract(pa, y, dtype=np.float64))
    np.square(out, out=out)
    return out


def log(pa: FloatArray, yb: BoolArray) -> FloatArray:
    """``-ln p_y`` per forecast (``+inf`` for a wrong certainty)."""
    out = np.asarray(np.subtract(1.0, pa))  # the probability given to what happened
    np.copyto(out, pa, where=yb)
    with np.errstate(divide="ignore"):
        np.log(out, out=out)
        # ln(fl(1 - p)) loses relative accuracy as p -> 0: use log1p below 1/16
        small = (pa < 0.0625) & ~yb
        if small.any():
            out[small] = np.log1p(-pa[small])
    np.negative(out, out=out)
    out += 0.0  # -0.0 (a certain, right forecast) reads as 0.0
    return out


def spherical(pa: FloatArray, yb: BoolArray) -> FloatArray:
    """``p_y / sqrt(p**2 + (1 - p)**2)`` per forecast."""
    norm = np.asarray(np.square(pa))
    out = np.asarray(np.subtract(1.0, pa))
    np.square(out, out=out)
    norm += out
    np.sqrt(norm, out=norm)
    np.subtract(1.0, pa, out=out)
    np.copyto(out, pa, where=yb)
    out /= norm
    return out


def misclassification(pa: FloatArray, yb: BoolArray) -> FloatArray:
    """1 on the wrong side of 50%, 0 on the right side, 0.5 at exactly 0.5."""
    out = np.where(yb, pa < 0.5, pa > 0.5).astype(np.float64)
    out[pa == 0.5] = 0.5
    return out
