"""Time each shape's batch against its per-prediction rule, on `bench_resolve.py`'s ledger.

For ``date of``, ``value of``, ``holds at`` and ``holds throughout``, the
ledger's top-level predictions of that shape are resolved three ways, each on
a fresh index of the log (made outside the timing): by the per-prediction
rule, one call each (``rule``); by the batch, every row added and decided in
columns, no record read (``decide``); and by the batch with every row's
record read as well (``decide + records``). Each figure is the median of
``--repeat`` interleaved rounds (wall and CPU seconds), with the ratios of
the batch's CPU times to the rule's and the load average before and after.
The batch's answers are checked equal to the rule's first.

Run:  python benchmarks/bench_batches.py [--n 100000] [--repeat 5]
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import gc
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from bench_resolve import build  # the ledger generator, beside this script
from forecastcheck.ledger import DateOf, DateWindow, HoldsAt, HoldsThroughout, Ledger, ValueOf
from forecastcheck.ledger import Proposition as Prop
from forecastcheck.resolution import _batches, estimates, leaves
from forecastcheck.resolution._batch import STATUSES
from forecastcheck.resolution.outcomes import Resolution
from forecastcheck.resolution.timeline import Timeline

Rule = Callable[[Timeline, Prop, dt.date, DateWindow], Resolution]
Rows = list[tuple[Prop, DateWindow]]
SHAPES: dict[str, tuple[type, type[_batches._Questions], Rule]] = {
    "date of": (DateOf, _batches.DateOfBatch, estimates.date_of),  # type: ignore[dict-item]
    "value of": (ValueOf, _batches.ValueOfBatch, estimates.value_of),  # type: ignore[dict-item]
    "holds at": (HoldsAt, _batches.HoldsAtBatch, leaves.holds_at),  # type: ignore[dict-item]
    "holds throughout": (
        HoldsThroughout,
        _batches.HoldsThroughoutBatch,
        leaves.holds_throughout,  # type: ignore[dict-item]
    ),
}


def _rule(rule: Rule, index: Timeline, *, rows: Rows, as_of: dt.date) -> list[Resolution]:
    return [rule(index, p, as_of, anchor) for p, anchor in rows]


def _batch(
    cls: type[_batches._Questions], index: Timeline, *, rows: Rows, as_of: dt.date, read: bool
) -> list[Resolution]:
    batch = cls(index)
    add = batch.add
    for p, anchor in rows:
        add(p, anchor)
    batch.decide(as_of)
    return [batch.record(i, as_of) for i in range(len(rows))] if read else []


def _same(ledger: Ledger, name: str, rows: Rows, as_of: dt.date) -> None:
    """The batch's codes, days and records equal the rule's, row by row."""
    _, cls, rule = SHAPES[name]
    expected = _rule(rule, Timeline(ledger.log, ledger.readings), rows=rows, as_of=as_of)
    batch = cls(Timeline(ledger.log, ledger.readings))
    for p, anchor in rows:
        batch.add(p, anchor)
    codes, days = batch.decide(as_of)
    for i, r in enumerate(expected):
        decided = 0 if r.decided_on is None else r.decided_on.toordinal()
        assert (STATUSES[codes[i]], int(days[i])) == (r.status, decided), (name, i)
        assert batch.record(i, as_of) == r, (name, i)


def _load() -> str:
    one, five, _ = os.getloadavg()
    return f"load {one:.2f} / {five:.2f} (1 / 5 min) on {os.cpu_count()} cores"


def main(argv: list[str] | None = None) -> int:
    """Print, per shape, the rule's, the batch's decide and decide + records times, with ratios."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=100_000, help="predictions (and events)")
    parser.add_argument("--repeat", type=int, default=5, help="runs per figure (median shown)")
    parser.add_argument("--as-of", type=dt.date.fromisoformat, default=dt.date(2026, 2, 7))
    args = parser.parse_args(argv)
    began = time.perf_counter()
    ledger = build(args.n)
    built = time.perf_counter() - began
    print(f"batches against the per-prediction rules as of {args.as_of}; median of {args.repeat}")
    print(f"{args.n:,} predictions x {len(ledger.events):,} events (built in {built:.1f} s)")
    print("wall s / cpu s; ratios are of cpu times within one run")
    print(f"  {_load()} before")
    for name, (kind, cls, rule) in SHAPES.items():
        asked = ((p.proposition, p.stated) for p in ledger.predictions)
        rows: Rows = [(q, anchor) for q, anchor in asked if q is not None and type(q) is kind]
        _same(ledger, name, rows, args.as_of)
        fns: dict[str, Callable[[Timeline], object]] = {
            "rule": functools.partial(_rule, rule, rows=rows, as_of=args.as_of),
            "decide": functools.partial(_batch, cls, rows=rows, as_of=args.as_of, read=False),
            "decide + records": functools.partial(
                _batch, cls, rows=rows, as_of=args.as_of, read=True
            ),
        }
        walls: dict[str, list[float]] = {k: [] for k in fns}
        cpus: dict[str, list[float]] = {k: [] for k in fns}
        for _ in range(args.repeat):
            for label, fn in fns.items():
                index = Timeline(ledger.log, ledger.readings)  # a fresh index, not timed
                gc.collect()
                wall, cpu = time.perf_counter(), time.process_time()
                fn(index)
                walls[label].append(time.perf_counter() - wall)
                cpus[label].append(time.process_time() - cpu)
        print(f"\n{name}: {len(rows):,} rows")
        base = statistics.median(cpus["rule"])
        for label in fns:
            wall, cpu = statistics.median(walls[label]), statistics.median(cpus[label])
            each = cpu / max(len(rows), 1) * 1e6
            ratio = "" if label == "rule" else f"  ({cpu / base:.2f}x the rule)"
            print(f"  {label:<17} {wall:7.3f} / {cpu:7.3f}  ({each:.1f} µs each){ratio}")
    print(f"\n  {_load()} after")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
