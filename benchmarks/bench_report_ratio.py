"""`forecastcheck report` and `pytest --forecastcheck` against their floor, in one run.

The ledger is :func:`bench_report.build`'s (about 200 sources, four calls per
question, verbal phrases and stated numbers), saved as JSON Lines. Each figure
is the median of ``--repeat`` (at least 5) fresh processes, taken in the same
run, so the ratios hold however loaded the machine is:

- today: ``forecastcheck report LEDGER --as-of 2026-02-07 --format FORMAT -o OUT``
  (``--format``: text by default; the goals are the text report's);
- pytest: ``pytest --forecastcheck LEDGER`` (skipped with ``--no-pytest``) as
  typed (``forecastcheck_items = auto``: one item per prediction up to 1000
  predictions in the file, one item for the file above) and with
  ``--forecastcheck-items=prediction`` (one item per prediction at any size);
- pytest floor (``--pytest-floor``): a plain ``pytest`` run of as many empty
  parametrized tests as the ledger has predictions, the per-item cost pytest
  itself pays before any plugin does anything;
- floor: ``python -c "import forecastcheck.cli; forecastcheck.ledger.load(LEDGER)"``,
  the start-up and the load that every report pays before any evaluation.

Beside each wall-clock median it prints the median CPU time of the same
processes (user + system, from ``resource.getrusage(RUSAGE_CHILDREN)``), which
a loaded machine inflates far less, and the largest peak resident set size of
the figure's processes (Linux reports it in KiB). Quote ``uptime``'s load
average with the absolute figures.

No peer is named for these figures (no other tool writes this report), so
none is timed. The goals are absolute: report ≤ 1.5 s at 10^4 and ≤ 8 s and
≤ 600 MiB peak resident memory at 10^5, pytest ≤ 4 s at 10^4.

Run:  python benchmarks/bench_report_ratio.py [--n 10000] [--repeat 5] [--no-pytest]
      [--pytest-floor] [--format text|markdown|json|html]
"""

from __future__ import annotations

import argparse
import importlib.util
import resource
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
PEAK_GOALS_MIB = {100_000: 600}  # the report's peak resident memory


class _Figure:
    """Median wall and CPU seconds, and the peak RSS, of ``repeat`` runs of one command."""

    def __init__(self, run: Callable[[], float], repeat: int) -> None:
        walls, cpus, peaks = [], [], []
        for _ in range(repeat):
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            walls.append(run())
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
            peaks.append(after.ru_maxrss)  # the largest child so far: runs go small to large
        self.wall = statistics.median(walls)
        self.cpu = statistics.median(cpus)
        self.peak_mib = max(peaks) / 1024

    def line(self, label: str) -> str:
        return f"{label:<26} {self.wall:7.2f} s wall {self.cpu:7.2f} s CPU {self.peak_mib:6.0f} MiB"


def _floor(path: Path) -> float:
    code = (
        f"import forecastcheck.cli, forecastcheck.ledger; forecastcheck.ledger.load({str(path)!r})"
    )
    began = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], check=True)
    return time.perf_counter() - began


EMPTY_TESTS = """
import pytest

@pytest.mark.parametrize("i", range({n}))
def test_empty(i):
    pass
"""


def _pytest_floor(folder: Path, n: int) -> float:
    """Seconds for a plain ``pytest`` run of ``n`` empty tests in a fresh process."""
    test = folder / "test_empty.py"
    if not test.exists():
        folder.mkdir(exist_ok=True)
        test.write_text(EMPTY_TESTS.format(n=n), encoding="utf-8")
    argv = [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-q", test.name]
    began = time.perf_counter()
    subprocess.run(argv, check=True, cwd=folder, capture_output=True)
    return time.perf_counter() - began


def main(argv: list[str] | None = None) -> int:
    """Print the medians, the ratios to the floor and whether the goals are met."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--no-pytest", action="store_true")
    parser.add_argument(
        "--format", default="text", choices=("text", "markdown", "json", "html"), dest="fmt"
    )
    parser.add_argument(
        "--pytest-floor", action="store_true", help="also time pytest on as many empty tests"
    )
    args = parser.parse_args(argv)
    if args.repeat < 5:
        parser.error("--repeat must be at least 5 (the figures are medians of five or more)")
    report_goal, pytest_goal = GOALS.get(args.n, (None, None))
    with tempfile.TemporaryDirectory() as tmp:
        path = save(bench_report.build(args.n), Path(tmp) / "ledger.jsonl")
        out = str(Path(tmp) / f"out.{args.fmt}")
        floor = _Figure(lambda: _floor(path), args.repeat)
        extra = ("--format", args.fmt, "-o", out)
        report = _Figure(lambda: bench_report.time_report(path, *extra), args.repeat)
        label = "forecastcheck report"
        if args.fmt != "text":  # the goals are the text report's
            label, report_goal = f"report --format {args.fmt}", None
        rows = [(label, report, report_goal)]
        if not args.no_pytest and importlib.util.find_spec("forecastcheck.pytest_plugin"):
            plugin = _Figure(lambda: bench_report.time_pytest(path) or 0.0, args.repeat)
            rows.append(("pytest --forecastcheck", plugin, pytest_goal))
            apiece = ("--forecastcheck-items=prediction",)
            one = _Figure(lambda: bench_report.time_pytest(path, *apiece) or 0.0, args.repeat)
            rows.append(("pytest, items = prediction", one, None))
        if args.pytest_floor:
            empty = _Figure(lambda: _pytest_floor(Path(tmp) / "empty", args.n), args.repeat)
            rows.append((f"pytest, {args.n:,} empty tests", empty, None))
    print(f"{args.n:,} predictions; median of {args.repeat} fresh processes each")
    print(floor.line("floor (import + load)"))
    print(f"{'peer':<26}       — (none for this row)")
    for label, figure, goal in rows:
        verdict = (
            ""
            if goal is None
            else f"  goal ≤ {goal:g} s: {'met' if figure.wall <= goal else 'missed'}"
        )
        print(f"{figure.line(label)}  {figure.wall / floor.wall:5.2f}× the floor{verdict}")
    figures = {label: figure for label, figure, _ in rows}
    if "pytest, items = prediction" in figures:
        each = figures["pytest, items = prediction"].wall - figures["pytest --forecastcheck"].wall
        print(f"{'items, one per prediction':<26} {each:7.2f} s wall more than as typed")
    peak_goal = PEAK_GOALS_MIB.get(args.n)
    if peak_goal is not None:
        met = "met" if report.peak_mib <= peak_goal else "missed"
        peak = f"{report.peak_mib:6.0f} MiB  goal ≤ {peak_goal} MiB: {met}"
        print(f"{'report peak memory':<26} {peak}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
