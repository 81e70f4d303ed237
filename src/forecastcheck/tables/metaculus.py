"""Metaculus' question and forecast exports, scored as Metaculus scores binary questions.

A Metaculus data export holds ``question_data.csv`` (``Question ID``,
``Question Type``, ``Open Time``, ``Scheduled Close Time``, ``Actual Close
Time``, ``Resolution``...) and ``forecast_data.csv`` (``Question ID``,
``Forecaster ID``, ``Forecaster Username``, ``Start Time``, ``End Time``,
``Probability Yes``...): each forecast stands from its start until its end (or
the question's close). Rows without a ``Forecaster ID`` are Metaculus'
aggregates (``recency_weighted``...): scored like a forecaster, but left out of
the peer score's reference.

Scores of a forecaster on a binary question, as Metaculus' ``scoring/score_math.py``
computes them (``evaluate_forecasts_baseline_accuracy`` and
``evaluate_forecasts_peer_accuracy``), each averaged over the question's life
from ``Open Time`` to ``Scheduled Close Time`` by *coverage* — a time without a
standing forecast counts 0:

- **baseline**: ``100 (log2 p + 1)`` for the probability ``p`` given to what
  happened (0 for 50%, 100 for certainty), times the share of the life the
  forecast stood;
- **peer**: ``100 N/(N - 1) ln(p / g)`` against the geometric mean ``g`` of the
  N forecasters' standing pmfs (:func:`forecastcheck.crowd.geometric_mean_pmf`,
  not renormalised), over each interval between changes of the standing set.

``coverage`` is the share of the life covered. Questions that are not binary,
or resolved ``annulled`` or ``ambiguous``, or not resolved, are not scored:
each forecaster's count of them is in ``n_no_observation``.
"""

from __future__ import annotations

import csv
import datetime as dt
import math
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import attrs
import numpy as np

from forecastcheck.errors import Problem
from forecastcheck.tables.validate import TableError

__all__ = [
    "MetaculusScore",
    "metaculus_results",
    "metaculus_scores",
    "read_forecasts",
    "read_questions",
]

_QUESTION_COLUMNS = ("Question ID", "Question Type", "Open Time", "Scheduled Close Time")
_FORECAST_COLUMNS = ("Question ID", "Start Time", "End Time", "Probability Yes")


@attrs.frozen
class _Question:
    id: str
    kind: str
    open: float
    scheduled_close: float
    actual_close: float
    resolution: str


@attrs.frozen
class _Forecast:
    question: str
    forecaster: str
    individual: bool
    start: float
    end: float | None
    p: float


@attrs.frozen
class MetaculusScore:
    """One forecaster's scores on one question.

    Attributes:
        question: the question's id.
        forecaster: the forecaster's username (or id).
        coverage: the share of the question's life with a standing forecast.
        baseline: the time-averaged baseline score.
        peer: the time-averaged peer score.
    """

    question: str
    forecaster: str
    coverage: float
    baseline: float
    peer: float


def _time(text: str | None, where: str, problems: list[Problem], file: str) -> float | None:
    if text is None or not text.strip():
        return None
    try:
        stamp = dt.datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        problems.append(Problem(file, where, f"{text!r} is not an ISO date and time"))
        return None
    if stamp.tzinfo is None:
        stamp = stamp.replace(tzinfo=dt.UTC)
    return stamp.timestamp()


def _rows(path: str, needed: Sequence[str], problems: list[Problem]) -> list[dict[str, str]]:
    try:
        with Path(path).open(encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle)
            header = reader.fieldnames or []
            missing = [c for c in needed if c not in header]
            for c in missing:
                problems.append(Problem(path, f"column {c}", "missing"))
            return [] if missing else list(reader)
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        problems.append(Problem(path, "", f"cannot read: {exc}"))
        return []


def read_questions(path: str, problems: list[Problem]) -> dict[str, _Question]:
    """``question_data.csv`` by question id (problems appended, located by row and column)."""
    out: dict[str, _Question] = {}
    for i, r in enumerate(_rows(path, _QUESTION_COLUMNS, problems), start=1):
        times = {}
        for c in ("Open Time", "Scheduled Close Time", "Actual Close Time"):
            times[c] = _time(r.get(c), f"row {i}, column {c}", problems, path)
        opened, scheduled = times["Open Time"], times["Scheduled Close Time"]
        if opened is None or scheduled is None:
            if r.get("Open Time") and r.get("Scheduled Close Time"):
                continue  # already a problem
            problems.append(
                Problem(path, f"row {i}", "needs an Open Time and a Scheduled Close Time")
            )
            continue
        actual = times["Actual Close Time"]
        out[r["Question ID"]] = _Question(
            id=r["Question ID"],
            kind=r["Question Type"].strip().lower(),
            open=opened,
            scheduled_close=scheduled,
            actual_close=scheduled if actual is None else min(actual, scheduled),
            resolution=(r.get("Resolution") or "").strip().lower(),
        )
    return out


def read_forecasts(path: str, problems: list[Problem]) -> list[_Forecast]:
    """``forecast_data.csv``'s binary forecasts (problems appended, located by row and column)."""
    out: list[_Forecast] = []
    for i, r in enumerate(_rows(path, _FORECAST_COLUMNS, problems), start=1):
        text = (r.get("Probability Yes") or "").strip()
        if not text:
            continue  # not a binary forecast
        try:
            p = float(text)
        except ValueError:
            p = math.nan
        if not 0.0 < p < 1.0:  # Metaculus keeps forecasts within [0.001, 0.999]
            problems.append(
                Problem(
                    path,
                    f"row {i}, column Probability Yes",
                    f"{text!r} is not a probability strictly between 0 and 1",
                )
            )
            continue
        start = _time(r.get("Start Time"), f"row {i}, column Start Time", problems, path)
        end = _time(r.get("End Time"), f"row {i}, column End Time", problems, path)
        if start is None:
            if not (r.get("Start Time") or "").strip():
                problems.append(Problem(path, f"row {i}, column Start Time", "missing"))
            continue
        ident = (r.get("Forecaster ID") or "").strip()
        name = (r.get("Forecaster Username") or "").strip() or ident or "(anonymous)"
        out.append(_Forecast(r["Question ID"], name, bool(ident), start, end, p))
    return out


def _baseline(q: _Question, f: _Forecast, bucket: int) -> tuple[float, float]:
    start = max(f.start, q.open)
    end = q.actual_close if f.end is None else min(f.end, q.actual_close)
    if end - start <= 0:
        return 0.0, 0.0
    coverage = (end - start) / (q.scheduled_close - q.open)
    p = f.p if bucket == 1 else 1.0 - f.p
    return 100.0 * math.log(p * 2) / math.log(2) * coverage, coverage


def _standing(q: _Question, base: list[_Forecast]) -> list[tuple[float, float, float, int]]:
    """``(time, geometric means of P(no) and P(yes), forecasters)`` at each change."""
    from forecastcheck.crowd import geometric_mean_pmf

    steps = sorted({f.start for f in base} | {f.end for f in base if f.end is not None})
    keys: list[int] = []
    pmfs: list[list[float]] = []
    for k, t in enumerate(steps):
        for f in base:
            if f.start <= t and (f.end is None or f.end > t):
                keys.append(k)
                pmfs.append([1.0 - f.p, f.p])
    if not keys:
        return []
    which, pooled, counts = geometric_mean_pmf(np.array(keys), np.array(pmfs))
    return [
        (max(steps[int(k)], q.open), float(pooled[j][0]), float(pooled[j][1]), int(counts[j]))
        for j, k in enumerate(which.tolist())
    ]


def _peer(
    q: _Question, f: _Forecast, bucket: int, means: list[tuple[float, float, float, int]]
) -> tuple[float, float]:
    start = max(f.start, q.open)
    end = q.actual_close if f.end is None else min(f.end, q.actual_close)
    if end - start <= 0:
        return 0.0, 0.0
    p = f.p if bucket == 1 else 1.0 - f.p
    total = q.scheduled_close - q.open
    times = [m[0] for m in means if m[0] < q.actual_close] + [q.actual_close]
    score = coverage = 0.0
    for i in range(len(times) - 1):
        t, g_no, g_yes, n = means[i]
        if not start <= t < end:
            continue
        g = g_yes if bucket == 1 else g_no
        n_eff = n if n > 1 else 0
        interval = 100.0 * (n_eff / (n_eff - 1)) * math.log(p / g)
        score += interval * (times[i + 1] - times[i]) / total
        coverage += (times[i + 1] - times[i]) / total
    return score, coverage


def metaculus_scores(
    questions_csv: str, forecasts_csv: str
) -> tuple[list[MetaculusScore], dict[str, int]]:
    """Baseline and peer scores of every forecaster on every scored binary question.

    Args:
        questions_csv: the export's ``question_data.csv``.
        forecasts_csv: the export's ``forecast_data.csv``.

    Returns:
        ``(scores, unscored)``: one :class:`MetaculusScore` per forecaster and
        question, and per forecaster the questions not scored (not binary, annulled,
        ambiguous or unresolved).

    Raises:
        TableError: every problem of the two files, by file, row and column.
    """
    problems: list[Problem] = []
    questions = read_questions(questions_csv, problems)
    forecasts = read_forecasts(forecasts_csv, problems)
    for f in forecasts:
        if f.question not in questions:
            problems.append(
                Problem(
                    forecasts_csv, "column Question ID", f"{f.question!r} is not in {questions_csv}"
                )
            )
            break
    if problems:
        raise TableError(problems)
    out: list[MetaculusScore] = []
    unscored: dict[str, int] = {}
    by_question: dict[str, list[_Forecast]] = {}
    for f in forecasts:
        by_question.setdefault(f.question, []).append(f)
    for qid, mine in by_question.items():
        q = questions[qid]
        names = sorted({f.forecaster for f in mine})
        if q.kind != "binary" or q.resolution not in ("yes", "no"):
            for name in names:
                unscored[name] = unscored.get(name, 0) + 1
            continue
        bucket = 1 if q.resolution == "yes" else 0
        means = _standing(q, [f for f in mine if f.individual])
        for name in names:
            theirs = [f for f in mine if f.forecaster == name]
            base = [_baseline(q, f, bucket) for f in theirs]
            peer = [_peer(q, f, bucket, means) for f in theirs]
            out.append(
                MetaculusScore(
                    question=qid,
                    forecaster=name,
                    coverage=sum(c for _, c in base),
                    baseline=sum(s for s, _ in base),
                    peer=sum(s for s, _ in peer),
                )
            )
    return out, unscored


def metaculus_results(questions_csv: str, forecasts_csv: str) -> Any:
    """The scores per forecaster — mean over scored questions — as a :class:`TableScores`.

    Scores ``baseline_score``, ``peer_score`` and ``coverage``; ``n`` counts the
    questions scored and ``n_no_observation`` those not scored.

    Raises:
        TableError: as :func:`metaculus_scores`.
    """
    from forecastcheck.aggregate import ScoreTotals
    from forecastcheck.tables.engine import GroupScores, TableScores

    scores, unscored = metaculus_scores(questions_csv, forecasts_csv)
    names = ("baseline_score", "peer_score", "coverage")
    groups = []
    for who in sorted({s.forecaster for s in scores} | set(unscored)):
        mine = [s for s in scores if s.forecaster == who]
        values = {
            "baseline_score": [s.baseline for s in mine],
            "peer_score": [s.peer for s in mine],
            "coverage": [s.coverage for s in mine],
        }
        summaries = {
            n: ScoreTotals.from_scores(values[n]).summary(n, higher_is_better=True) for n in names
        }
        reasons = {"no_observation": unscored[who]} if who in unscored else {}
        groups.append(GroupScores((who,), len(mine), reasons, summaries))
    return TableScores("binary", ("model",), names, tuple(groups))
