"""Time `resolve_ledger` on synthetic ledgers of 10^3, 10^4 and 10^5 predictions.

Each ledger has as many events as predictions, spread over subjects, kinds and
states so that every rule runs: occurs by a deadline phrase and open-ended,
holds at, holds throughout, date and value forecasts, not / all / any / if.
Statement dates are spread over ten years, so deadline phrases are read
against thousands of distinct anchors; a proposition asking about a time
already past when it was stated (which a ledger refuses) is drawn again.
The figures show whether the cost per prediction stays flat as the ledger
grows (near-linear growth).

Run:  python benchmarks/bench_resolve.py [--sizes 1000 10000 100000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
import time

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
from forecastcheck.resolution import Status, resolve_ledger

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
WIDTHS = (12, 8, 8, 10, 8)
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


def main(argv: list[str] | None = None) -> int:
    """Print build time, resolve time and per-item cost for each size."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000, 100_000])
    parser.add_argument("--repeat", type=int, default=3, help="runs per size; the best is shown")
    parser.add_argument("--as-of", type=dt.date.fromisoformat, default=dt.date(2026, 2, 7))
    args = parser.parse_args(argv)
    python = sys.version.split()[0]
    print(f"resolve_ledger as of {args.as_of}; best of {args.repeat} runs (python {python})")
    head = ("predictions", "events", "build s", "resolve s", "µs/item")
    print(" ".join(f"{h:>{w}}" for h, w in zip(head, WIDTHS, strict=True)), " statuses")
    for n in args.sizes:
        began = time.perf_counter()
        ledger = build(n)
        built = time.perf_counter() - began
        best = float("inf")
        results = {}
        for _ in range(args.repeat):
            began = time.perf_counter()
            results = resolve_ledger(ledger, args.as_of)
            best = min(best, time.perf_counter() - began)
        counts = {s.name.lower(): 0 for s in Status}
        for resolution in results.values():
            counts[resolution.status.name.lower()] += 1
        summary = " ".join(f"{k}={v}" for k, v in counts.items())
        row = (
            f"{n:,}",
            f"{len(ledger.events):,}",
            f"{built:.2f}",
            f"{best:.3f}",
            f"{best / n * 1e6:.1f}",
        )
        print(" ".join(f"{c:>{w}}" for c, w in zip(row, WIDTHS, strict=True)), "", summary)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
