"""`forecastcheck report` and `pytest --forecastcheck` against their floor, in one run.

The ledger is :func:`bench_report.build`'s (about 200 sources, four calls per
question, verbal phrases and stated numbers), saved as JSON Lines. Each figure
is the median of ``--repeat`` (at least 5) fresh processes, taken in the same
run, so the ratios hold however loaded the machine is:

- today: ``forecastcheck report LEDGER --as-of 2026-02-07 -o OUT`` (text);
- pytest: ``pytest --forecastcheck LEDGER`` (skipped with ``--no-pytest``);
- floor: ``python -c "import forecastcheck.cli; forecastcheck.ledger.load(LEDGER)"``,
  the start-up and the load that every report pays before any evaluation.

No peer is named for these figures (no other tool writes this report), so
none is timed. The goals are absolute: report ≤ 1.5 s at 10^4 and ≤ 8 s at
10^5, pytest ≤ 4 s at 10^4.

Run:  python benchmarks/bench_report_ratio.py [--n 10000] [--repeat 5] [--no-pytest]
"""

from __future__ import annotations

import argparse
import importlib.util
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

import bench_report  # the ledger generator, beside this script
from forecastcheck.ledger import save

GOALS = {10_000: (1.5, 4.0), 100_000: (8.0, None)}


def _median(run: Callable[[], float], repeat: int) -> float:
    return statistics.median(run() for _ in range(repeat))


def _floor(path: Path) -> float:
    code = (
        f"import forecastcheck.cli, forecastcheck.ledger; forecastcheck.ledger.load({str(path)!r})"
    )
    began = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], check=True)
    return time.perf_counter() - began


def main(argv: list[str] | None = None) -> int:
    """Print the medians, the ratios to the floor and whether the goals are met."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--no-pytest", action="store_true")
    args = parser.parse_args(argv)
    if args.repeat < 5:
        parser.error("--repeat must be at least 5 (the figures are medians of five or more)")
    report_goal, pytest_goal = GOALS.get(args.n, (None, None))
    with tempfile.TemporaryDirectory() as tmp:
        path = save(bench_report.build(args.n), Path(tmp) / "ledger.jsonl")
        out = str(Path(tmp) / "out.txt")
        floor = _median(lambda: _floor(path), args.repeat)
        rows = [
            (
                "forecastcheck report",
                _median(lambda: bench_report.time_report(path, "-o", out), args.repeat),
                report_goal,
            )
        ]
        if not args.no_pytest and importlib.util.find_spec("forecastcheck.pytest_plugin"):
            median = _median(lambda: bench_report.time_pytest(path) or 0.0, args.repeat)
            rows.append(("pytest --forecastcheck", median, pytest_goal))
    print(f"{args.n:,} predictions; median of {args.repeat} fresh processes each")
    print(f"{'floor (import + load)':<26} {floor:7.2f} s")
    print(f"{'peer':<26}       — (none for this row)")
    for label, seconds, goal in rows:
        verdict = (
            "" if goal is None else f"  goal ≤ {goal:g} s: {'met' if seconds <= goal else 'missed'}"
        )
        print(f"{label:<26} {seconds:7.2f} s  {seconds / floor:5.2f}× the floor{verdict}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
