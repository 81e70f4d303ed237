"""Benchmark: forecastcheck's binary figures against scikit-learn's, at 10^6 and 10^7 forecasts.

Not a test: run it by hand, ``python benchmarks/bench_scoring.py``.

For each size, on the same arrays (``p`` float64, ``y`` int8 0/1):

- forecastcheck: mean Brier, log and spherical scores (exact means, with
  counts), a 10-bin reliability table and the 10-bin Murphy decomposition,
  each through its public function (each validates its input);
- the same figures through one ``BinaryAccumulator`` (validated once);
- scikit-learn: ``brier_score_loss`` + ``log_loss`` + ``calibration_curve(n_bins=10)``.

Times are wall-clock seconds of one run each, after a warm-up call on a small
array (imports, first-call set-up). Peak memory is measured in a separate run
of the same calls under ``tracemalloc`` (numpy reports its buffers to it), as
the peak traced above what was allocated before the call, and compared with
the bytes of the input arrays. Targets: forecastcheck <= 0.5x scikit-learn's
time, peak <= 4x the input; CORP (no band) on 10^6 forecasts <= 1 s.
"""

from __future__ import annotations

import time
import tracemalloc
from collections.abc import Callable

import numpy as np
from numpy.typing import NDArray
from sklearn.calibration import calibration_curve
from sklearn.metrics import brier_score_loss, log_loss

from forecastcheck.aggregate import BinaryAccumulator
from forecastcheck.calibration import corp, murphy, reliability_table
from forecastcheck.scoring import summarize_binary

Data = tuple[NDArray[np.float64], NDArray[np.int8]]


def ours(p: NDArray[np.float64], y: NDArray[np.int8]) -> object:
    """The five figures through the public functions."""
    return (
        summarize_binary(p, y, "brier"),
        summarize_binary(p, y, "log"),
        summarize_binary(p, y, "spherical"),
        reliability_table(p, y, 10),
        murphy(p, y, 10),
    )


def ours_one_pass(p: NDArray[np.float64], y: NDArray[np.int8]) -> object:
    """The same figures (and more) through one accumulator."""
    return BinaryAccumulator.from_forecasts(p, y, 10).finish()


def sklearn(p: NDArray[np.float64], y: NDArray[np.int8]) -> object:
    """scikit-learn's nearest equivalents."""
    return (
        brier_score_loss(y, p),
        log_loss(y, p),
        calibration_curve(y, p, n_bins=10),
    )


def timed(fn: Callable[[NDArray[np.float64], NDArray[np.int8]], object], data: Data) -> float:
    t0 = time.perf_counter()
    fn(*data)
    return time.perf_counter() - t0


def peak(fn: Callable[[NDArray[np.float64], NDArray[np.int8]], object], data: Data) -> int:
    tracemalloc.start()
    tracemalloc.reset_peak()
    before, _ = tracemalloc.get_traced_memory()
    fn(*data)
    _, top = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return top - before


def make(n: int, seed: int = 0) -> Data:
    rng = np.random.default_rng(seed)
    p = rng.random(n)
    y = (rng.random(n) < p).astype(np.int8)
    return p, y


def main() -> None:
    small = make(1000)
    for fn in (ours, ours_one_pass, sklearn):
        fn(*small)  # warm-up
    corp(*small)

    mib = 1024.0**2
    for n in (10**6, 10**7):
        data = make(n)
        in_bytes = data[0].nbytes + data[1].nbytes
        t_ours, t_one, t_sk = timed(ours, data), timed(ours_one_pass, data), timed(sklearn, data)
        m_ours, m_one, m_sk = peak(ours, data), peak(ours_one_pass, data), peak(sklearn, data)
        print(f"n = {n:,}   input arrays: {in_bytes / mib:.1f} MiB (p float64 + y int8)")
        print(f"  scikit-learn (brier_score_loss + log_loss + calibration_curve): {t_sk:7.3f} s")
        print(
            f"  forecastcheck, public functions:  {t_ours:7.3f} s   ratio {t_ours / t_sk:.2f}x"
            f"   peak {m_ours / mib:7.1f} MiB = {m_ours / in_bytes:.2f}x input"
        )
        print(
            f"  forecastcheck, one accumulator:   {t_one:7.3f} s   ratio {t_one / t_sk:.2f}x"
            f"   peak {m_one / mib:7.1f} MiB = {m_one / in_bytes:.2f}x input"
        )
        print(f"  scikit-learn peak: {m_sk / mib:7.1f} MiB = {m_sk / in_bytes:.2f}x input")
        if n == 10**6:
            t_corp = timed(corp, data)
            print(f"  CORP (Brier, PAV, no band) on {n:,}: {t_corp:.3f} s")


if __name__ == "__main__":
    main()
