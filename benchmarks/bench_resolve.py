"""Time `resolve_ledger` against a dict-join floor on ledgers of 10^5 and 10^6 predictions.

Each ledger has as many events as predictions, spread over subjects, kinds and
states so that every rule runs: occurs by a deadline phrase and open-ended,
holds at, holds throughout, date and value forecasts, not / all / any / if.
Statement dates are spread over ten years, so deadline phrases are read
against thousands of distinct anchors; a proposition asking about a time
already past when it was stated (which a ledger refuses) is drawn again.
Each figure is the median of ``--repeat`` runs (wall and CPU seconds), taken
in one run of the script: ``resolve_ledger`` (every status and decision day
decided, in columns where a batch covers the shape, each record left to be
built when read), "every record read" (``resolve_ledger`` and then every
value of it read, so every record built: the laziness shown honestly), the
per-prediction path they replace (checked equal, record for record and
column for column), and the floor, a hand-written dict join (see
:func:`dict_join`), with the ratios between them, the goal for the size
(issue 17) and the load average before and after.

Run:  python benchmarks/bench_resolve.py [--sizes 100000 1000000] [--repeat 5]
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import os
import random
import statistics
import sys
import time
from collections.abc import Callable, Mapping

from forecastcheck.ledger import (
    AllOf,
    AnyOf,
    Confidence,
    DateOf,
    DateWindow,
    Event,
    EventLog,
    HoldsAt,
    HoldsThroughout,
    If,
    Ledger,
    Not,
    Occurs,
    Prediction,
    Proposition,
    Source,
    ValueOf,
    date_problems,
)
from forecastcheck.resolution import Resolution, Resolver, Status, _columns, resolve_ledger

START = dt.date(2015, 1, 1)
DAYS = 3650
PHRASES = (
    "by November 2025",
    "until the end of 2024",
    "before 2027",
    "by 2025 at the latest",
    "end of September this year",
    "at least this year",
    "within six months",
    "in 2 years",
    "Q3 2025",
    "H1 2026",
    "late 2024",
    "2025-11-10",
)
#: The issue's goals for resolve_ledger, in wall seconds on a quiet 2-core machine, by size.
GOALS = {100_000: 0.5, 1_000_000: 4.0}
KINDS = ("signed", "withdrawal-complete", "elected", "launched", "closed")


def _day(rng: random.Random, spread: int = DAYS) -> dt.date:
    return START + dt.timedelta(days=rng.randrange(spread))


def _events(n: int, rng: random.Random) -> tuple[list[Event], int, int]:
    """Mostly one report per event; a few corroborate, contradict or precede it."""
    subjects = max(1, n // len(KINDS))
    states = max(1, n // 20)
    events: list[Event] = []
    for i in range(n):
        roll = rng.random()
        state = f"state-{rng.randrange(states)}"
        extra: dict[str, object] = {}
        if events and roll < 0.08:
            earlier = rng.choice(events)
            subject, kind, window = earlier.subject, earlier.kind, earlier.date
            if roll < 0.05:  # a second report of the same event, maybe less precise
                window = DateWindow(window.start - dt.timedelta(days=rng.randrange(5)), window.end)
            elif roll < 0.06:  # a report that disagrees on the date
                later = window.end + dt.timedelta(days=100)
                window = DateWindow.day(later)
            else:  # "had not happened as of" a day before it did
                window = DateWindow.day(window.start - dt.timedelta(days=30))
                extra["occurred"] = False
        else:
            subject, kind = f"s{i // len(KINDS)}", KINDS[i % len(KINDS)]
            day = _day(rng, DAYS + 800)
            wide = rng.random() < 0.1
            window = DateWindow(day, day + dt.timedelta(days=20)) if wide else DateWindow.day(day)
            if roll > 0.92:
                kind, extra["value"] = "count", float(rng.randrange(100))
            elif roll > 0.85:
                extra["starts" if roll > 0.885 else "ends"] = (state,)
        events.append(
            Event(id=f"e{i}", subject=subject, kind=kind, date=window, **extra)  # type: ignore[arg-type]
        )
    return events, subjects, states


def _proposition(rng: random.Random, subjects: int, states: int, depth: int = 0) -> Proposition:
    subject = f"s{rng.randrange(subjects + subjects // 4)}"
    state = f"state-{rng.randrange(states)}"
    roll = rng.random()
    if roll < 0.45:
        return Occurs(subject=subject, kind=rng.choice(KINDS), deadline=rng.choice(PHRASES))
    if roll < 0.55:
        return Occurs(subject=subject, kind=rng.choice(KINDS))
    if roll < 0.63:
        return HoldsAt(state=state, date=_day(rng, DAYS + 400).isoformat())
    if roll < 0.68:
        first = _day(rng)
        return HoldsThroughout(
            state=state,
            start=first.isoformat(),
            end=(first + dt.timedelta(days=rng.randrange(1, 400))).isoformat(),
        )
    if roll < 0.78:
        return DateOf(
            subject=subject,
            kind=rng.choice(KINDS),
            point=rng.choice(PHRASES),
            latest=rng.choice((None, "by 2026 at the latest")),
        )
    if roll < 0.84:
        return ValueOf(subject=subject, quantity="count", point=50.0, lower=25.0, upper=75.0)
    if depth > 0:
        return Occurs(subject=subject, kind=rng.choice(KINDS), deadline=rng.choice(PHRASES))
    if roll < 0.90:
        return Not(proposition=_proposition(rng, subjects, states, depth + 1))
    parts = [_proposition(rng, subjects, states, depth + 1) for _ in range(rng.randrange(2, 4))]
    if roll < 0.95:
        return AllOf(propositions=parts)
    if roll < 0.98:
        return AnyOf(propositions=parts)
    return If(condition=parts[0], then=parts[1])


def build(n: int, seed: int = 5) -> Ledger:
    """A synthetic ledger with ``n`` predictions and ``n`` events."""
    rng = random.Random(seed)
    events, subjects, states = _events(n, rng)
    confidence = Confidence(probability=0.7)
    predictions = []
    for i in range(n):
        stated = _day(rng)
        while True:
            prediction = Prediction(
                id=f"p{i}",
                source="bench",
                quote="synthetic",
                stated=DateWindow.day(stated),
                proposition=_proposition(rng, subjects, states),
                confidence=confidence,
            )
            if next(date_problems(prediction), None) is None:
                break
        predictions.append(prediction)
    return Ledger(
        sources=(Source(id="bench", name="Benchmark"),),
        predictions=predictions,
        log=EventLog(events=events, complete_through=dt.date(2026, 6, 30)),
    )


def per_prediction(ledger: Ledger, as_of: dt.date) -> dict[str, Resolution]:
    """The per-prediction path: every prediction resolved on its own (columns off)."""
    resolver = Resolver(ledger.log, ledger.readings)
    return {
        p.id: resolver.resolve_prediction(p, as_of)
        for p in ledger.predictions
        if p.proposition is not None
    }


def dict_join(ledger: Ledger, as_of: dt.date) -> dict[str, tuple[Status, dt.date | None]]:
    """The floor: a hand-written dict join of predictions to first-report days.

    One dict from (subject, kind) to the first day a report of it is visible,
    built from the log; then, per prediction, one look-up of its deadline (in
    the ledger's readings, for an ``occurs``) and of its event, giving a bare
    (status, day) pair: no reports merged, no conflicts, states, completeness
    or reasons. Any real resolution does at least this much.
    """
    first: dict[tuple[str, str], dt.date] = {}
    for e in ledger.log.events:
        if e.occurred:
            key = (e.subject, e.kind)
            day = first.get(key)
            if day is None or e.date.end < day:
                first[key] = e.date.end
    readings = ledger.readings
    out: dict[str, tuple[Status, dt.date | None]] = {}
    for p in ledger.predictions:
        q = p.proposition
        if isinstance(q, Occurs):
            deadline = None if q.deadline is None else readings.horizon(q.deadline, p.stated)
            day = first.get((q.subject, q.kind))
            if day is not None and day <= as_of:
                late = deadline is not None and day > deadline.last_day
                out[p.id] = (Status.NO if late else Status.YES, day)
            else:
                out[p.id] = (Status.PENDING, None)
        elif q is not None:
            out[p.id] = (Status.PENDING, None)
    return out


Timed = Callable[[Ledger, dt.date], object]


def every_record(ledger: Ledger, as_of: dt.date) -> list[Resolution]:
    """``resolve_ledger``, then every record read (each built, as a report reads them all)."""
    return list(resolve_ledger(ledger, as_of).values())


def _check(reference: dict[str, Resolution], results: Mapping[str, Resolution]) -> None:
    """The columnar results equal the per-prediction ones: every record, every column entry."""
    columns = getattr(results, "statuses", None)  # the columns, where the mapping has them
    if columns is not None:  # read before any record is built
        statuses = {pid: r.status for pid, r in reference.items()}
        assert columns() == statuses, "a status column disagrees with the per-prediction path"
        days = {pid: r.decided_on for pid, r in reference.items()}
        assert results.decision_days() == days, "a decision day disagrees"  # type: ignore[attr-defined]
    assert list(results) == list(reference), "the order of the ids differs"
    for pid, record in reference.items():  # every record, field for field
        assert results[pid] == record, f"{pid}: the columnar and per-prediction records disagree"


def _interleaved(
    fns: Mapping[str, Timed], ledger: Ledger, as_of: dt.date, n: int
) -> dict[str, tuple[float, float]]:
    """Median wall and CPU seconds of each function over ``n`` rounds, one run each a round.

    Interleaving the runs makes a change in the machine's load hit every figure alike.
    """
    walls: dict[str, list[float]] = {name: [] for name in fns}
    cpus: dict[str, list[float]] = {name: [] for name in fns}
    for _ in range(n):
        for name, fn in fns.items():
            gc.collect()
            wall, cpu = time.perf_counter(), time.process_time()
            fn(ledger, as_of)
            walls[name].append(time.perf_counter() - wall)
            cpus[name].append(time.process_time() - cpu)
    return {name: (statistics.median(walls[name]), statistics.median(cpus[name])) for name in fns}


def _load() -> str:
    one, five, _ = os.getloadavg()
    return f"load {one:.2f} / {five:.2f} (1 / 5 min) on {os.cpu_count()} cores"


def main(argv: list[str] | None = None) -> int:
    """Print, per size, the columnar and per-prediction times and the floor's, with ratios."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--repeat", type=int, default=5, help="runs per figure (median shown)")
    parser.add_argument("--as-of", type=dt.date.fromisoformat, default=dt.date(2026, 2, 7))
    parser.add_argument(
        "--no-per-prediction", action="store_true", help="skip the per-prediction figure"
    )
    args = parser.parse_args(argv)
    python = sys.version.split()[0]
    print(f"resolve_ledger as of {args.as_of}; median of {args.repeat} runs (python {python})")
    print("wall s / cpu s; ratios are of wall times within one run")
    for n in args.sizes:
        began = time.perf_counter()
        ledger = build(n)
        built = time.perf_counter() - began
        print(f"\n{n:,} predictions x {len(ledger.events):,} events (built in {built:.1f} s)")
        print(f"  {_load()} before")
        fns: dict[str, Timed] = {
            "resolve_ledger": resolve_ledger,
            "every record read": every_record,
            "floor": dict_join,
        }
        if not args.no_per_prediction:
            fns["per-prediction"] = per_prediction
        times = _interleaved(fns, ledger, args.as_of, args.repeat)
        results = resolve_ledger(ledger, args.as_of)
        if not args.no_per_prediction:
            _check(per_prediction(ledger, args.as_of), results)
        (wall, cpu), (floor_wall, floor_cpu) = times["resolve_ledger"], times["floor"]
        read_wall, read_cpu = times["every record read"]
        print(f"  resolve_ledger   {wall:8.3f} / {cpu:8.3f}  ({wall / n * 1e6:.1f} µs each)")
        print(
            f"  every record read {read_wall:7.3f} / {read_cpu:8.3f}"
            f"  ({read_wall / floor_wall:.2f}x the floor's wall)"
        )
        if "per-prediction" in times:
            one_wall, one_cpu = times["per-prediction"]
            print(
                f"  per-prediction   {one_wall:8.3f} / {one_cpu:8.3f}"
                f"  (resolve_ledger {one_wall / wall:.2f}x faster)"
            )
        print(f"  floor: dict join {floor_wall:8.3f} / {floor_cpu:8.3f}")
        print(f"  ratio to floor   {wall / floor_wall:8.2f}x wall, {cpu / floor_cpu:.2f}x cpu")
        goal = GOALS.get(n)
        if goal is not None:
            met = "met" if wall <= goal else "not met"
            print(f"  goal             {goal:8.3f} s wall (issue 17, a quiet machine): {met}")
        counts = {s.name.lower(): 0 for s in Status}
        for resolution in results.values():
            counts[resolution.status.name.lower()] += 1
        print(f"  {_load()} after")
        print("  statuses: " + " ".join(f"{k}={v}" for k, v in counts.items()))
        asked = [p.proposition for p in ledger.predictions if p.proposition is not None]
        columnar = sum(_columns.columnar(q) for q in asked)
        print(f"  in columns: {columnar:,} of {len(asked):,} (plain occurs, or a part of it)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
