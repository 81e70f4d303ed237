"""Time `forecastcheck report` end to end on a generated 10,000-prediction ledger.

The ledger is built directly (faster than Hypothesis) and looks like a large
hand-recorded one: about 200 sources, 2,500 questions each answered by about
four sources, a mix of verbal phrases (some said of the opposite) and stated
numbers, some statements recorded as unscorable, open-ended claims, negations
and states, and an event log (with cited reports) complete through early
2026, which resolves most of the questions. It is saved to a temporary file
and the command line is run in a fresh process, as a user would run it:
loading, validation, resolution, evaluation (bootstrap, calibration,
pairwise skill, scale sensitivity) and rendering all count.

Targets: `forecastcheck report` ≤ 10 s. The pytest plugin's run
(`pytest --forecastcheck`, target ≤ 60 s) is timed by :func:`time_pytest`
when ``forecastcheck.pytest_plugin`` is importable.

Run:  python benchmarks/bench_report.py [--n 10000] [--sources 200] [--format jsonl]
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.metadata
import importlib.util
import os
import random
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from forecastcheck.ledger import (
    Citation,
    Confidence,
    DateWindow,
    Document,
    Event,
    EventLog,
    HoldsAt,
    Ledger,
    Not,
    Occurs,
    Polarity,
    Prediction,
    Proposition,
    Source,
    save,
)

AS_OF = "2026-02-07"
REPORT_TARGET_S = 10.0
PYTEST_TARGET_S = 60.0
START = dt.date(2015, 1, 1)
COMPLETE = dt.date(2026, 2, 1)
PHRASES = (
    "almost certainly",
    "very likely",
    "likely",
    "probably",
    "will probably",
    "roughly even chance",
    "unlikely",
    "seems highly unlikely",
    "very unlikely",
    "almost no chance",
    "I do not expect",
    "absolutely inevitable",
    "will",
    "will not",
    "could",  # unscorable wording: states no likelihood
)
MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
KINDS = ("signed", "withdrawal-complete", "elected", "launched", "closed", "ratified")


def _day(rng: random.Random, first: dt.date, last: dt.date) -> dt.date:
    return first + dt.timedelta(days=rng.randrange(max(1, (last - first).days)))


def build(n: int = 10_000, n_sources: int = 200, seed: int = 11) -> Ledger:
    """A ledger of ``n`` predictions by ``n_sources`` sources on about ``n / 4`` questions.

    Args:
        n: predictions.
        n_sources: sources.
        seed: the random seed.

    Returns:
        The ledger (valid: it passes the model's checks).
    """
    rng = random.Random(seed)
    sources = [
        Source(id=f"src-{i:03d}", name=f"Analyst {i:03d}", role="analyst", affiliation="Institute")
        for i in range(n_sources)
    ]
    documents = [
        Document(
            id=f"doc-{i}",
            outlet=f"Outlet {i % 40}",
            title=f"Article {i}",
            url=f"https://news.example/{i}",
            published=DateWindow.day(_day(rng, START, dt.date(2024, 12, 31))),
        )
        for i in range(max(1, n // 20))
    ]
    n_questions = max(1, n // 4)
    questions: list[tuple[Proposition, dt.date, dt.date]] = []  # proposition, earliest said, last
    events: list[Event] = []
    for q in range(n_questions):
        subject, kind = f"subject-{q}", KINDS[q % len(KINDS)]
        opened = _day(rng, START, dt.date(2024, 6, 30))
        roll = rng.random()
        if roll < 0.75:  # happens by a month's end
            due = _day(rng, opened + dt.timedelta(days=90), dt.date(2026, 12, 31))
            deadline = f"by {MONTHS[due.month - 1]} {due.year}"
            prop: Proposition = Occurs(
                subject=subject,
                kind=kind,
                deadline=deadline,
                text=f"{kind} of {subject} by {deadline[3:]}",
            )
        elif roll < 0.85:  # open-ended
            due = COMPLETE
            prop = Occurs(subject=subject, kind=kind, text=f"{kind} of {subject}, eventually")
        elif roll < 0.93:  # negation
            due = _day(rng, opened + dt.timedelta(days=90), dt.date(2026, 6, 30))
            deadline = f"by {due.year}"
            prop = Not(
                proposition=Occurs(subject=subject, kind=kind, deadline=deadline),
                text=f"no {kind} of {subject} by {due.year}",
            )
        else:  # a state on a day
            due = _day(rng, opened + dt.timedelta(days=60), dt.date(2026, 1, 15))
            state = f"state-{q}"
            prop = HoldsAt(state=state, date=due.isoformat(), text=f"{state} holds on {due}")
            start = _day(rng, opened - dt.timedelta(days=400), opened)
            events.append(
                Event(
                    id=f"ev-{q}-start",
                    subject=subject,
                    kind="begins",
                    date=DateWindow.day(start),
                    starts=(state,),
                )
            )
            if rng.random() < 0.5:
                ended = _day(rng, start + dt.timedelta(days=1), dt.date(2026, 1, 31))
                events.append(
                    Event(
                        id=f"ev-{q}-end",
                        subject=subject,
                        kind="ends",
                        date=DateWindow.day(ended),
                        ends=(state,),
                    )
                )
            questions.append((prop, opened, due))
            continue
        if rng.random() < 0.45:  # the event happens (before or after the deadline)
            when = _day(rng, opened + dt.timedelta(days=1), dt.date(2026, 1, 31))
            doc = rng.choice(documents)
            events.append(
                Event(
                    id=f"ev-{q}",
                    subject=subject,
                    kind=kind,
                    date=DateWindow.day(when),
                    summary=f"{kind} of {subject}",
                    evidence=(
                        Citation(outlet="Wire", url=f"https://wire.example/{q}"),
                        Citation(document=doc.id),
                    ),
                )
            )
        questions.append((prop, opened, due))

    predictions = []
    for i in range(n):
        prop, opened, due = (
            questions[rng.randrange(n_questions)] if i >= n_questions else questions[i]
        )
        stated = _day(
            rng,
            opened,
            min(due, dt.date(2025, 12, 31)) if due > opened else opened + dt.timedelta(days=1),
        )
        stated = min(stated, opened + dt.timedelta(days=700))
        roll = rng.random()
        unscorable = None
        confidence: Confidence | None
        if roll < 0.05:
            unscorable, confidence = "no observable criterion", None
        elif roll < 0.40:
            confidence = Confidence(probability=round(rng.uniform(0.02, 0.98), 2))
        else:
            phrase = rng.choice(PHRASES)
            polarity: Polarity = "against" if rng.random() < 0.1 else "for"
            confidence = Confidence(phrase=phrase, polarity=polarity)
        predictions.append(
            Prediction(
                id=f"p-{i:05d}",
                source=sources[rng.randrange(n_sources)].id,
                document=rng.choice(documents).id,
                quote=f"Statement {i}: what will happen to the question, in the source's words.",
                stated=DateWindow.day(stated),
                proposition=prop if unscorable is None or rng.random() < 0.5 else None,
                confidence=confidence,
                unscorable=unscorable,
                topic=f"topic-{i % 12}",
            )
        )
    return Ledger(
        sources=sources,
        documents=documents,
        predictions=predictions,
        log=EventLog(events=events, complete_through=COMPLETE),
    )


def _run(
    argv: Sequence[str], cwd: Path | None = None
) -> tuple[float, subprocess.CompletedProcess[str]]:
    started = time.perf_counter()
    result = subprocess.run(list(argv), capture_output=True, text=True, check=False, cwd=cwd)
    return time.perf_counter() - started, result


def time_report(path: Path, *extra: str) -> float:
    """Seconds for ``forecastcheck report PATH --as-of 2026-02-07 [extra]`` in a fresh process.

    Raises:
        RuntimeError: the command failed.
    """
    argv = [
        sys.executable,
        "-m",
        "forecastcheck.cli",
        "report",
        str(path),
        "--as-of",
        AS_OF,
        *extra,
    ]
    seconds, result = _run(argv)
    if result.returncode != 0:
        raise RuntimeError(f"{' '.join(argv)} exited {result.returncode}:\n{result.stderr}")
    return seconds


def _plugin_registered() -> bool:
    return any(
        ep.value.startswith("forecastcheck.pytest_plugin")
        for ep in importlib.metadata.entry_points(group="pytest11")
    )


def time_pytest(path: Path, *extra: str) -> float | None:
    """Seconds for ``pytest --forecastcheck PATH`` in a fresh process, or None without the plugin.

    The run happens in the ledger's folder, so only the ledger is collected.
    The plugin is loaded through its ``pytest11`` entry point when installed,
    else with ``-p forecastcheck.pytest_plugin``.

    Raises:
        RuntimeError: pytest exited with an error other than a failed threshold.
    """
    if importlib.util.find_spec("forecastcheck.pytest_plugin") is None:
        return None
    load = [] if _plugin_registered() else ["-p", "forecastcheck.pytest_plugin"]
    argv = [
        sys.executable,
        "-m",
        "pytest",
        *load,
        "-p",
        "no:cacheprovider",
        "-q",
        "--forecastcheck",
        "--forecastcheck-as-of",
        AS_OF,
        str(path),
        *extra,
    ]
    seconds, result = _run(argv, cwd=path.parent)
    if result.returncode not in (0, 1):
        raise RuntimeError(f"{' '.join(argv)} exited {result.returncode}:\n{result.stdout[-3000:]}")
    return seconds


def main(argv: Sequence[str] | None = None) -> int:
    """Build, save, time, print; exit 1 if a target is missed."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=10_000, help="predictions (default 10000)")
    parser.add_argument("--sources", type=int, default=200, help="sources (default 200)")
    parser.add_argument("--format", choices=("jsonl", "json", "toml"), default="jsonl")
    parser.add_argument("--no-pytest", action="store_true", help="skip the pytest plugin timing")
    args = parser.parse_args(argv)

    started = time.perf_counter()
    ledger = build(args.n, args.sources)
    built = time.perf_counter() - started
    missed = []
    with tempfile.TemporaryDirectory() as tmp:
        path = save(ledger, Path(tmp) / f"ledger.{args.format}")
        size = os.path.getsize(path) / 1e6
        print(
            f"ledger: {len(ledger.predictions):,} predictions, {len(ledger.sources)} sources, "
            f"{len(ledger.events):,} events, {len(ledger.documents)} documents "
            f"({args.format}, {size:.1f} MB; built in {built:.1f} s)"
        )
        out = Path(tmp) / "out"
        rows = [
            ("forecastcheck report (text)", time_report(path, "-o", str(out)), REPORT_TARGET_S),
            ("  --format json", time_report(path, "--format", "json", "-o", str(out)), None),
            (
                "  text + --html page",
                time_report(path, "-o", str(out), "--html", str(out) + ".html"),
                None,
            ),
        ]
        if not args.no_pytest:
            seconds = time_pytest(path)
            if seconds is None:
                print("pytest --forecastcheck: forecastcheck.pytest_plugin not available; skipped")
            else:
                rows.append(("pytest --forecastcheck", seconds, PYTEST_TARGET_S))
        for label, seconds, target in rows:
            verdict = ""
            if target is not None:
                ok = seconds <= target
                verdict = f"  (target ≤ {target:g} s: {'ok' if ok else 'MISSED'})"
                if not ok:
                    missed.append(label)
            print(f"{label:<30} {seconds:6.2f} s{verdict}")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
