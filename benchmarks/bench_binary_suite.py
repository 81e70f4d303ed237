"""Benchmark: the binary suite at 10^6 forecasts against scikit-learn and a one-pass numpy floor.

Not a test: run it by hand, ``python benchmarks/bench_binary_suite.py [n] [repeats]``.

On the same arrays (``p`` float64, ``y`` int8 0/1), each repeat times, in turn:

- forecastcheck: ``BinaryAccumulator.from_forecasts(p, y, 10).finish()`` —
  mean Brier, log, spherical and misclassification scores (exact means, with
  counts), the 10-bin reliability table with its band and the 10-bin Murphy
  decomposition, validated once; the compiled sweep when numba is installed
  (the ``fast`` extra; in one thread per core, the count printed), and
  separately the numpy path;
- the peer, scikit-learn: ``brier_score_loss`` + ``log_loss`` +
  ``calibration_curve(n_bins=10)``;
- the floor: one hand-written numpy pass for the same figures in floating
  point (no validation, no exact sums, no band).

Each figure is the median of the repeats (at least 5), taken within one run so
that the ratios are fair on a shared machine; the CPU seconds of the process
(median per call) and the load average are printed beside the wall seconds.
The warm-up call loads numba and its cached compiled code (in a fresh process
that costs about a second or two, once: numba's own start-up, not
compilation). Goal: forecastcheck <= 0.1x scikit-learn and <= 1.5x the numpy
floor.
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from collections.abc import Callable
from typing import Any

import numpy as np
from numpy.typing import NDArray
from sklearn.calibration import calibration_curve
from sklearn.metrics import brier_score_loss, log_loss

from _timing import median_times, size_and_repeats  # benchmarks/_timing.py
from bench_scoring import make  # the same arrays as the older scoring benchmark
from forecastcheck.aggregate import BinaryAccumulator

_fused: Any  # the module, or None
try:
    from forecastcheck.scoring import _fused as _compiled

    _fused = _compiled
except ImportError:  # a checkout before the compiled sweep: time it too
    _fused = None

Data = tuple[NDArray[np.float64], NDArray[np.int8]]


def ours(p: NDArray[np.float64], y: NDArray[np.int8]) -> object:
    """Every figure through one accumulator (validated once, one sweep)."""
    return BinaryAccumulator.from_forecasts(p, y, 10).finish()


def ours_numpy(p: NDArray[np.float64], y: NDArray[np.int8]) -> object:
    """The same, with the compiled sweep switched off (the numpy path)."""
    if _fused is None:
        return ours(p, y)
    saved = _fused.MIN_SIZE
    _fused.MIN_SIZE = sys.maxsize
    try:
        return ours(p, y)
    finally:
        _fused.MIN_SIZE = saved


def sklearn(p: NDArray[np.float64], y: NDArray[np.int8]) -> object:
    """scikit-learn's nearest equivalents."""
    return brier_score_loss(y, p), log_loss(y, p), calibration_curve(y, p, n_bins=10)


def floor(p: NDArray[np.float64], y: NDArray[np.int8]) -> object:
    """One hand-written numpy pass: float means, a 10-bin table and Murphy's terms."""
    yb = y.astype(bool)
    d = p - y
    brier = d * d
    q = np.where(yb, p, 1.0 - p)
    log = -np.mean(np.log(q))
    sph = np.mean(q / np.sqrt(p * p + (1.0 - p) ** 2))
    k = np.minimum((p * 10).astype(np.intp), 9)
    n_k = np.bincount(k, minlength=10)
    hits = np.bincount(k, weights=yb, minlength=10)
    pbar = np.bincount(k, weights=p, minlength=10) / np.maximum(n_k, 1)
    obar_k = hits / np.maximum(n_k, 1)
    obar = hits.sum() / p.size
    rel = np.sum(n_k * (pbar - obar_k) ** 2) / p.size
    res = np.sum(n_k * (obar_k - obar) ** 2) / p.size
    return float(np.mean(brier)), log, sph, pbar, obar_k, rel, res, obar * (1 - obar)


def _cpu_timed(fn: Callable[..., object], into: list[float]) -> Callable[..., object]:
    """``fn``, recording the process CPU seconds of each call into ``into``."""

    def timed(*args: object) -> object:
        t0 = time.process_time()
        out = fn(*args)
        into.append(time.process_time() - t0)
        return out

    return timed


def main() -> None:
    n, repeats = size_and_repeats()
    fns = {"ours": ours, "ours_numpy": ours_numpy, "sklearn": sklearn, "floor": floor}
    for fn in fns.values():
        fn(*make(1 << 17, 1))  # warm-up: imports, compilation (or the numba cache)
    cpu: dict[str, list[float]] = {name: [] for name in fns}
    load = os.getloadavg()[0]
    t = median_times(
        {name: _cpu_timed(fn, cpu[name]) for name, fn in fns.items()}, make(n), repeats
    )
    c = {name: statistics.median(ts) for name, ts in cpu.items()}
    compiled = "numba" if _fused is not None and _fused.available() else "numpy"
    print(
        f"binary suite, n = {n:,}, median of {repeats}; "
        f"load average {load:.2f} before, {os.getloadavg()[0]:.2f} after"
    )
    threads = f", up to {_fused.THREADS} threads" if compiled == "numba" else ""
    print(f"  forecastcheck ({compiled}{threads}): {t['ours']:.4f} s wall, {c['ours']:.4f} s CPU")
    print(
        f"  forecastcheck (numpy path): {t['ours_numpy']:.4f} s wall, {c['ours_numpy']:.4f} s CPU"
    )
    print(f"  peer, scikit-learn:         {t['sklearn']:.4f} s wall, {c['sklearn']:.4f} s CPU")
    print(f"  floor, one numpy pass:      {t['floor']:.4f} s wall, {c['floor']:.4f} s CPU")
    for name in ("ours", "ours_numpy"):
        print(
            f"  {name}: {t[name] / t['sklearn']:.3f}x scikit-learn (goal <= 0.1), "
            f"{t[name] / t['floor']:.2f}x the floor (goal <= 1.5)"
        )


if __name__ == "__main__":
    main()
