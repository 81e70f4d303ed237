"""Benchmark: CORP at 10^6 distinct forecast values against a scipy pipeline.

Not a test: run it by hand, ``python benchmarks/bench_corp.py [n] [repeats]``.

On the same arrays (``p`` float64 with ``n`` distinct values, ``y`` bool),
each repeat times, in turn:

- forecastcheck: ``corp(p, y)`` (Brier score, no band): exact means of the
  forecasts, the PAV-recalibrated forecasts and the base rate;
- the peer, a scipy pipeline: ``np.unique`` (values, inverse, counts),
  ``np.bincount`` for the hits, ``scipy.optimize.isotonic_regression``, and the
  three float means ``mean((p - y)**2)``, ``mean((fit[inverse] - y)**2)``,
  ``mean((ybar - y)**2)``;
- the floor: the part no CORP can skip, a sort of ``p`` and the isotonic
  regression on the distinct values' frequencies.

Each figure is the median of the repeats (at least 5), taken within one run.
Goal: forecastcheck <= 1.1x the peer.
"""

from __future__ import annotations

import os

import numpy as np
from numpy.typing import NDArray
from scipy.optimize import isotonic_regression  # type: ignore[import-untyped]

from _timing import median_times, size_and_repeats  # benchmarks/_timing.py
from forecastcheck.calibration import corp

Data = tuple[NDArray[np.float64], NDArray[np.bool_]]


def ours(p: NDArray[np.float64], y: NDArray[np.bool_]) -> object:
    """CORP of the Brier score, no resampling."""
    return corp(p, y)


def peer(p: NDArray[np.float64], y: NDArray[np.bool_]) -> object:
    """The same three means through numpy and scipy, in floating point."""
    x, inverse, counts = np.unique(p, return_inverse=True, return_counts=True)
    hits = np.bincount(inverse, weights=y, minlength=x.size)
    fit = isotonic_regression(hits / counts, weights=counts, increasing=True).x
    ybar = y.mean()
    return (
        np.mean((p - y) ** 2),
        np.mean((fit[inverse] - y) ** 2),
        np.mean((ybar - y) ** 2),
    )


def floor(p: NDArray[np.float64], y: NDArray[np.bool_]) -> object:
    """A sort of the forecasts and one PAV fit of n values (the work no CORP can skip)."""
    return np.sort(p)[0], isotonic_regression(y.astype(np.float64), increasing=True).x


def make(n: int, seed: int = 0) -> Data:
    rng = np.random.default_rng(seed)
    p = rng.random(n)  # distinct with probability ~1
    return p, rng.random(n) < p


def main() -> None:
    n, repeats = size_and_repeats()
    fns = {"ours": ours, "peer": peer, "floor": floor}
    for fn in fns.values():
        fn(*make(1000, 1))  # warm-up: imports
    data = make(n)
    t = median_times(fns, data, repeats)
    distinct = np.unique(data[0]).size
    print(f"CORP, n = {n:,} ({distinct:,} distinct values), median of {repeats}; ", end="")
    print(f"load average {os.getloadavg()[0]:.2f}")
    print(f"  forecastcheck corp(p, y):     {t['ours']:.4f} s")
    print(f"  peer, numpy + scipy pipeline: {t['peer']:.4f} s")
    print(f"  floor, sort + PAV:            {t['floor']:.4f} s")
    print(
        f"  ratio {t['ours'] / t['peer']:.2f}x the peer (goal <= 1.1), "
        f"{t['ours'] / t['floor']:.2f}x the floor"
    )


if __name__ == "__main__":
    main()
