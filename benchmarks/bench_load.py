"""Time `forecastcheck.load` of a generated 10^5-prediction JSON ledger beside `json.loads`.

The ledger is :func:`bench_report.build`'s (about 500 sources, a quarter as
many questions as predictions, deadline phrases read against thousands of
statement dates), saved once as JSON. Each round times reading the file and
``json.loads`` of its text, then ``forecastcheck.load`` of the file; the
figures are the medians of the rounds, and the ratio says how many
``json.loads`` one ``load`` costs (validating every record, checking every
reference and reading every date phrase once).

To compare two versions, generate the file once and time each version on it
(``--ledger`` loads an existing file, so the generator is not needed)::

    python benchmarks/bench_load.py --save /tmp/ledger.json
    PYTHONPATH=/path/to/other/src python benchmarks/bench_load.py --ledger /tmp/ledger.json

Run:  python benchmarks/bench_load.py [--n 100000] [--sources 500] [--repeat 3]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import forecastcheck


def generate(path: Path, n: int, n_sources: int) -> Path:
    """Write the benchmark ledger of ``n`` predictions to ``path`` (JSON)."""
    sys.path.insert(0, str(Path(__file__).parent))
    from bench_report import build
    from forecastcheck.ledger import save

    return save(build(n, n_sources), path)


Timing = tuple[float, float]
"""Seconds of (wall clock, this process's CPU): on a shared machine the CPU figure is steadier."""


def _timed(call: Callable[[], object]) -> Timing:
    wall, cpu = time.perf_counter(), time.process_time()
    call()
    return time.perf_counter() - wall, time.process_time() - cpu


def _median(timings: list[Timing]) -> Timing:
    return statistics.median(t[0] for t in timings), statistics.median(t[1] for t in timings)


def time_load(path: Path, repeat: int) -> tuple[Timing, Timing]:
    """Medians of (read + ``json.loads``, ``forecastcheck.load``) over ``repeat`` rounds."""
    plain: list[Timing] = []
    loads: list[Timing] = []
    for _ in range(repeat):
        plain.append(_timed(lambda: json.loads(path.read_text(encoding="utf-8"))))
        loads.append(_timed(lambda: forecastcheck.load(path)))
    return _median(plain), _median(loads)


def main(argv: list[str] | None = None) -> int:
    """Generate (or take) the ledger, time it, print the medians and the ratio."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=100_000, help="predictions")
    parser.add_argument("--sources", type=int, default=500, help="sources")
    parser.add_argument("--repeat", type=int, default=3, help="rounds (at least 3)")
    parser.add_argument("--ledger", type=Path, help="time this JSON ledger instead")
    parser.add_argument("--save", type=Path, help="generate the ledger here and stop")
    args = parser.parse_args(argv)
    if args.repeat < 3:
        parser.error("--repeat must be at least 3 (the figure is a median)")
    if args.save is not None:
        print(f"wrote {generate(args.save, args.n, args.sources)}")
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        path = args.ledger or generate(Path(tmp) / "ledger.json", args.n, args.sources)
        plain, loaded = time_load(path, args.repeat)
        n = len(forecastcheck.load(path).predictions)
        size = path.stat().st_size / 1e6
    print(f"forecastcheck from {Path(forecastcheck.__file__).parent}")
    print(f"{n} predictions, {size:.1f} MB of JSON")
    print(f"medians of {args.repeat} rounds   wall s   cpu s")
    print(f"json.loads           {plain[0]:7.2f} {plain[1]:7.2f}")
    print(f"forecastcheck.load   {loaded[0]:7.2f} {loaded[1]:7.2f}")
    print(
        f"ratio                {loaded[0] / plain[0]:6.1f}x {loaded[1] / plain[1]:6.1f}x json.loads"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
