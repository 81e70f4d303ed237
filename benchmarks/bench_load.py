"""Time loading ledgers beside their parsers (JSON, TOML, JSON Lines) and building one in memory.

The ledger is :func:`bench_report.build`'s (about 500 sources, a quarter as
many questions as predictions, deadline phrases read against thousands of
statement dates), saved once per format. Each row prints today's figure
(``forecastcheck.load`` of the file), the parser floor from the same run
(reading the file and parsing it with ``json.loads``, ``tomllib.loads``, or
``json.loads`` line by line) and the ratio, as medians of ``--repeat`` rounds
(at least 5) with the floor and the load interleaved round by round; wall
and CPU seconds both (on a shared machine the CPU figure is steadier). The
build row times :class:`~forecastcheck.ledger.Ledger` made in memory from
records already built (every reference, chain and date checked), beside the
floor of making those records (unchecked), at ``--n`` (medians) and at
``--big`` (one round each, with the peak resident memory). JSON Lines at
10^6 is timed once, in a fresh process, with its peak resident memory
(``resource.getrusage``).

Goals (issue 17): JSON ≤ 2× ``json.loads``; TOML ≤ 1.2× ``tomllib``; JSON
Lines at 10^6 ≤ 15 s and ≤ 2 GiB; a ledger of 10^6 built in memory ≤ 5 s.

To compare two versions, generate the files once and time each version on
them (``--dir`` keeps the files; they are generated only where missing)::

    python benchmarks/bench_load.py --dir /tmp/ledgers
    PYTHONPATH=/path/to/other/src python benchmarks/bench_load.py --dir /tmp/ledgers

Run:  python benchmarks/bench_load.py [--n 100000] [--big 1000000] [--repeat 5]
      [--rows json,toml,jsonl,build] [--dir DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import tomllib
import typing
from collections.abc import Callable
from pathlib import Path

import forecastcheck
from forecastcheck.ledger import Ledger

Timing = tuple[float, float]
"""Seconds of (wall clock, this process's CPU)."""

SOURCES = 500
GOALS = {
    "json": "<= 2x",
    "toml": "<= 1.2x",
    "jsonl": "<= 15 s, <= 2 GiB",
    "build": "<= 5 s at 10^6",
}


def _ledger(n: int) -> Ledger:
    sys.path.insert(0, str(Path(__file__).parent))
    from bench_report import build

    return build(n, SOURCES)


def ledger_file(folder: Path, n: int, fmt: str) -> Path:
    """The benchmark ledger of ``n`` predictions in ``fmt``, generated if missing."""
    path = folder / f"ledger-{n}.{fmt}"
    if not path.exists():
        from forecastcheck.ledger import save

        save(_ledger(n), path)
    return path


def _timed(call: Callable[[], object]) -> Timing:
    wall, cpu = time.perf_counter(), time.process_time()
    call()
    return time.perf_counter() - wall, time.process_time() - cpu


def _median(timings: list[Timing]) -> Timing:
    return statistics.median(t[0] for t in timings), statistics.median(t[1] for t in timings)


def _parse_lines(path: Path) -> object:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def _floor(fmt: str) -> Callable[[Path], object]:
    if fmt == "toml":
        return lambda p: tomllib.loads(p.read_text(encoding="utf-8"))
    if fmt == "jsonl":
        return _parse_lines
    return lambda p: json.loads(p.read_text(encoding="utf-8"))


def interleaved(
    floor: Callable[[], object], work: Callable[[], object], repeat: int
) -> tuple[Timing, Timing]:
    """Medians of (floor, work) over ``repeat`` rounds, the two interleaved."""
    floors: list[Timing] = []
    works: list[Timing] = []
    for _ in range(repeat):
        floors.append(_timed(floor))
        works.append(_timed(work))
    return _median(floors), _median(works)


def _row(name: str, floor_name: str, floor: Timing, today: Timing) -> None:
    print(f"{name:<24} today {today[0]:7.2f} wall {today[1]:7.2f} cpu")
    print(f"{'  floor: ' + floor_name:<24}       {floor[0]:7.2f} wall {floor[1]:7.2f} cpu")
    print(
        f"{'  ratio':<24}       {today[0] / floor[0]:6.2f}x wall {today[1] / floor[1]:6.2f}x cpu"
        f"   goal {GOALS[name.split(maxsplit=1)[0]]}"
    )


def time_file(path: Path, fmt: str, repeat: int) -> None:
    """Print the row of one file: load beside its parser."""
    floor, today = interleaved(lambda: _floor(fmt)(path), lambda: forecastcheck.load(path), repeat)
    size = path.stat().st_size / 1e6
    _row(f"{fmt} ({size:.0f} MB)", f"parse ({fmt})", floor, today)


def _records(n: int) -> dict[str, object]:
    """The benchmark ledger's records, made as :func:`bench_report.build` makes them, unchecked.

    ``build`` ends by passing its records to ``Ledger``; for the floor it is
    given ``dict`` in its place, so the records are made and nothing is checked.
    """
    _ledger(1)  # puts bench_report on the path
    import bench_report

    module = typing.cast(typing.Any, bench_report)
    checked, module.Ledger = module.Ledger, dict
    try:
        return typing.cast(dict[str, object], module.build(n, SOURCES))
    finally:
        module.Ledger = checked


def _rss_gib() -> float:
    """This process's peak resident memory so far, in GiB."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**20


def time_build(n: int, repeat: int) -> None:
    """Print the build row: a Ledger made in memory from built records, beside making them.

    Below 10^6 the figures are medians of ``repeat`` interleaved rounds; at
    10^6 and above, one round of each, the ledger first, with this process's
    peak resident memory once it is built (the records, the ledger the
    benchmark's ``build`` makes, and the one timed) and before the floor
    makes the records again.
    """
    built = _ledger(n)

    def make() -> Ledger:
        return Ledger(
            sources=built.sources,
            documents=built.documents,
            predictions=built.predictions,
            log=built.log,
        )

    if n < 10**6:
        floor, today = interleaved(lambda: _records(n), make, repeat)
        _row(f"build ({n})", "the records", floor, today)
        return
    today = _timed(make)
    peak = _rss_gib()
    floor = _timed(lambda: _records(n))
    _row(f"build ({n})", "the records", floor, today)
    met = today[0] * 10**6 / n <= 5
    print(f"{'  peak memory':<24}       {peak:7.2f} GiB with the records and the ledger built")
    print(f"{'  goal at 10^6':<24}       <= 5 s wall: {'met' if met else 'not met'} (one round)")


def time_big_lines(path: Path) -> None:
    """One load of a large JSON Lines file in a fresh process, with its peak memory."""
    # ru_maxrss keeps the parent's high-water mark across exec on Linux (the JSON row run
    # first would show here): the child's own peak, VmHWM, is read where there is one
    code = (
        "import resource, sys, time, forecastcheck\n"
        "def peak():\n"
        "    try:\n"
        "        with open('/proc/self/status') as f:\n"
        "            return next(int(l.split()[1]) for l in f if l.startswith('VmHWM:'))\n"
        "    except (OSError, StopIteration):\n"
        "        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
        "w, c = time.perf_counter(), time.process_time()\n"
        "forecastcheck.load(sys.argv[1])\n"
        "print(time.perf_counter() - w, time.process_time() - c, peak())\n"
    )
    floor_code = code.replace(
        "forecastcheck.load(sys.argv[1])",
        "import json; [json.loads(l) for l in open(sys.argv[1], encoding='utf-8') if l.strip()]",
    )
    runs = []
    for source in (floor_code, code):
        out = subprocess.run(
            [sys.executable, "-c", source, str(path)], capture_output=True, text=True, check=True
        )
        wall, cpu, rss_kib = out.stdout.split()
        runs.append((float(wall), float(cpu), int(rss_kib) / 2**20))
    (fw, fc, frss), (lw, lc, lrss) = runs
    size = path.stat().st_size / 1e6
    print(f"{f'jsonl ({size:.0f} MB)':<24} today {lw:7.2f} wall {lc:7.2f} cpu  peak {lrss:.2f} GiB")
    print(f"{'  floor: json by line':<24}       {fw:7.2f} wall {fc:7.2f} cpu  peak {frss:.2f} GiB")
    print(f"{'  ratio':<24}       {lw / fw:6.2f}x wall {lc / fc:6.2f}x cpu   goal {GOALS['jsonl']}")


def main(argv: list[str] | None = None) -> int:
    """Generate (or take) the ledgers, time each row, print the figures and ratios."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=100_000, help="predictions (JSON, TOML)")
    parser.add_argument("--big", type=int, default=1_000_000, help="predictions (JSONL, build)")
    parser.add_argument("--repeat", type=int, default=5, help="rounds (at least 5)")
    parser.add_argument("--rows", default="json,toml,jsonl,build", help="rows to time")
    parser.add_argument("--dir", type=Path, help="keep the generated ledgers here")
    args = parser.parse_args(argv)
    if args.repeat < 5:
        parser.error("--repeat must be at least 5 (the figures are medians)")
    rows = args.rows.split(",")
    unknown = sorted(set(rows) - {"json", "toml", "jsonl", "build"})
    if unknown:
        parser.error(f"unknown row {', '.join(unknown)}; expected json, toml, jsonl or build")
    print(f"forecastcheck from {Path(forecastcheck.__file__).parent}")
    print(f"load average {os.getloadavg()[0]:.2f} (1 min), {os.cpu_count()} cores")
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.dir or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        for fmt in ("json", "toml"):
            if fmt in rows:
                time_file(ledger_file(folder, args.n, fmt), fmt, args.repeat)
        if "jsonl" in rows:
            time_big_lines(ledger_file(folder, args.big, "jsonl"))
        if "build" in rows:
            time_build(args.n, args.repeat)
            time_build(args.big, args.repeat)
    print(
        f"this process's peak {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**20:.2f} GiB"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
