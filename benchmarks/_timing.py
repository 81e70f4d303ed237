"""Timing shared by the benchmark scripts: interleaved repeats, medians, the command line."""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable, Sequence


def median_times(
    fns: dict[str, Callable[..., object]], data: Sequence[object], repeats: int
) -> dict[str, float]:
    """Median wall-clock seconds of each function, the functions interleaved per repeat."""
    times: dict[str, list[float]] = {name: [] for name in fns}
    for _ in range(repeats):
        for name, fn in fns.items():
            t0 = time.perf_counter()
            fn(*data)
            times[name].append(time.perf_counter() - t0)
    return {name: statistics.median(ts) for name, ts in times.items()}


def size_and_repeats(default_n: int = 10**6) -> tuple[int, int]:
    """``[n] [repeats]`` from the command line: n forecasts, at least 5 repeats (7 by default)."""
    n = int(sys.argv[1]) if len(sys.argv) > 1 else default_n
    return n, max(5, int(sys.argv[2]) if len(sys.argv) > 2 else 7)
