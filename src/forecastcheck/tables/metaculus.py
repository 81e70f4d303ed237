"""Metaculus' question and forecast exports, scored as Metaculus scores its questions.

A Metaculus data export holds ``question_data.csv`` (``Question ID``,
``Question Type``, ``Open Time``, ``Scheduled Close Time``, ``Actual Close
Time``, ``Resolution``...) and ``forecast_data.csv`` (``Question ID``,
``Forecaster ID``, ``Forecaster Username``, ``Start Time``, ``End Time``,
``Probability Yes``, ``Probability Yes Per Category``, ``Continuous CDF``...):
each forecast stands from its start until its end (or the question's close).
Rows without a ``Forecaster ID`` are Metaculus' aggregates (``recency_weighted``...):
scored like a forecaster, but left out of the peer score's reference.

Scores of a forecaster on a question, as Metaculus' ``scoring/score_math.py``
computes them (``evaluate_forecasts_baseline_accuracy`` and
``evaluate_forecasts_peer_accuracy``), each averaged over the question's life
from ``Open Time`` to ``Scheduled Close Time`` by *coverage* — a time without a
standing forecast counts 0:

- **baseline**: on a binary or multiple-choice question with ``k`` options
  offered, ``100 ln(p k) / ln(k)`` for the probability ``p`` given to what
  happened (``100 (log2 p + 1)`` when binary: 0 for 50%, 100 for certainty); on a
  numeric or discrete question, ``50 ln(p / b)`` for the mass ``p`` of the
  resolution's bucket of the forecast's pmf against the baseline mass ``b``:
  0.05 for each out-of-bounds bucket and ``(1 - 0.05 m) / n`` for each of the
  ``n`` in-range buckets (``m`` the open bounds) — times the share of the life
  the forecast stood;
- **peer**: ``100 N/(N - 1) ln(p / g)`` (halved on a numeric or discrete question)
  against the geometric mean ``g`` of the N forecasters' standing pmfs
  (``scipy.stats.gmean``, not renormalised), over each interval between changes
  of the standing set.

A numeric or discrete forecast's pmf is its ``Continuous CDF`` (``n + 1`` values,
201 by default, at the question's ``Continuous Range``) differenced:
``(F_0, F_1 - F_0, ..., F_n - F_(n-1), 1 - F_n)``; the resolution's bucket is
0 below the range, ``n + 1`` above it, else the grid interval holding it (a
value on a grid point, or above it by less than 1e-10 of the interval's width,
falls in the interval below it, the lower bound in bucket 1), as Metaculus'
``string_location_to_bucket_index``. A multiple-choice option
not offered when the forecast was made is empty in ``Probability Yes Per
Category`` and the score reads the last option ("Other") instead, as Metaculus does.

``coverage`` is the share of the life covered. Questions of other types
(``date``...), or resolved ``annulled`` or ``ambiguous``, or not resolved, are
not scored: each is listed with its reason by :func:`metaculus_scores`, and
each forecaster's count of them is in ``n_no_observation``.
"""

from __future__ import annotations

import ast
import csv
import datetime as dt
import itertools
import math
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Final

import attrs
import numpy as np

from forecastcheck.errors import Problem
from forecastcheck.tables.validate import MAX_PROBLEMS, Problems, TableError

__all__ = [
    "MetaculusScore",
    "metaculus_results",
    "metaculus_scores",
    "read_forecasts",
    "read_questions",
]

_QUESTION_COLUMNS = ("Question ID", "Question Type", "Open Time", "Scheduled Close Time")
_FORECAST_COLUMNS = ("Question ID", "Start Time", "End Time", "Probability Yes")
_CATEGORICAL: Final = ("binary", "multiple_choice")
_CONTINUOUS: Final = ("numeric", "discrete")
_OUT_OF_BOUNDS_BASELINE: Final = 0.05  # Metaculus' baseline mass of an out-of-bounds bucket
_ON_GRID: Final = 1e-10  # Metaculus' tolerance: this close above a grid point counts as on it


@attrs.frozen
class _Question:
    id: str
    kind: str
    open: float
    scheduled_close: float
    actual_close: float
    resolution: str
    options: tuple[str, ...] = ()
    grid: tuple[float, ...] = ()
    open_bounds: int = 0


@attrs.frozen
class _Forecast:
    question: str
    forecaster: str
    individual: bool
    start: float
    end: float | None
    pmf: tuple[float, ...]
    row: int = 0


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


def _listed(text: str | None, where: str, problems: list[Problem], file: str) -> list[Any] | None:
    """A list cell (``[0.1, None, 0.9]``, ``['a', 'b']``) as a list; ``""`` as None."""
    if text is None or not text.strip():
        return None
    try:
        value = ast.literal_eval(text.strip())
    except (ValueError, SyntaxError, MemoryError, RecursionError):
        value = None
    if not isinstance(value, list | tuple):
        problems.append(Problem(file, where, f"{text[:40]!r} is not a list"))
        return None
    return list(value)


def _numbers(
    values: list[Any], where: str, problems: list[Problem], file: str, *, none: bool = False
) -> tuple[float, ...] | None:
    """Every entry a number (``None`` as NaN when ``none``), else a problem and None."""
    out: list[float] = []
    for v in values:
        if v is None and none:
            out.append(math.nan)
        elif isinstance(v, int | float) and not isinstance(v, bool) and math.isfinite(v):
            out.append(float(v))
        else:
            problems.append(Problem(file, where, f"{v!r} is not a number"))
            return None
    return tuple(out)


def _question_shape(
    r: dict[str, str], i: int, problems: list[Problem], path: str
) -> tuple[tuple[str, ...], tuple[float, ...], int]:
    """A question's options, CDF grid and number of open bounds (empty when not given)."""
    options = _listed(
        r.get("MC Options (All)"), f"row {i}, column MC Options (All)", problems, path
    )
    where = f"row {i}, column Continuous Range"
    grid_values = _listed(r.get("Continuous Range"), where, problems, path)
    grid: tuple[float, ...] = ()
    if grid_values is not None and r.get("Question Type", "").strip().lower() in _CONTINUOUS:
        grid = _numbers(grid_values, where, problems, path) or ()
        if grid and any(b <= a for a, b in itertools.pairwise(grid)):
            problems.append(Problem(path, where, "must increase"))
    bounds = sum(
        (r.get(c) or "").strip().lower() == "true" for c in ("Open Lower Bound", "Open Upper Bound")
    )
    return tuple(str(o) for o in options or ()), grid, bounds


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
        options, grid, bounds = _question_shape(r, i, problems, path)
        out[r["Question ID"]] = _Question(
            id=r["Question ID"],
            kind=r["Question Type"].strip().lower(),
            open=opened,
            scheduled_close=scheduled,
            actual_close=scheduled if actual is None else min(actual, scheduled),
            resolution=(r.get("Resolution") or "").strip(),
            options=options,
            grid=grid,
            open_bounds=bounds,
        )
    return out


def _binary_pmf(text: str, where: str, problems: list[Problem], path: str) -> tuple[float, ...]:
    try:
        p = float(text)
    except ValueError:
        p = math.nan
    if not 0.0 < p < 1.0:  # Metaculus keeps forecasts within [0.001, 0.999]
        problems.append(
            Problem(path, where, f"{text!r} is not a probability strictly between 0 and 1")
        )
        return ()
    return (1.0 - p, p)


def _category_pmf(text: str, where: str, problems: list[Problem], path: str) -> tuple[float, ...]:
    values = _listed(text, where, problems, path)
    pmf = None if values is None else _numbers(values, where, problems, path, none=True)
    if pmf is None:
        return ()
    given = [v for v in pmf if not math.isnan(v)]
    if len(given) < 2 or not all(0.0 < v < 1.0 for v in given) or abs(sum(given) - 1.0) > 1e-6:
        problems.append(
            Problem(
                path, where, "needs two or more probabilities strictly between 0 and 1 summing to 1"
            )
        )
        return ()
    return pmf


def _cdf_pmf(text: str, where: str, problems: list[Problem], path: str) -> tuple[float, ...]:
    values = _listed(text, where, problems, path)
    cdf = None if values is None else _numbers(values, where, problems, path)
    if cdf is None:
        return ()
    arr = np.asarray(cdf)
    if arr.size < 2 or arr[0] < 0.0 or arr[-1] > 1.0 or np.any(np.diff(arr) < 0.0):
        problems.append(Problem(path, where, "must be a non-decreasing CDF within [0, 1]"))
        return ()
    return (float(arr[0]), *np.diff(arr).tolist(), 1.0 - float(arr[-1]))


_PMF_COLUMNS: Final = (
    ("Probability Yes", _binary_pmf),
    ("Probability Yes Per Category", _category_pmf),
    ("Continuous CDF", _cdf_pmf),
)


def read_forecasts(path: str, problems: list[Problem]) -> list[_Forecast]:
    """``forecast_data.csv``'s forecasts as pmfs (problems appended, located by row and column)."""
    out: list[_Forecast] = []
    for i, r in enumerate(_rows(path, _FORECAST_COLUMNS, problems), start=1):
        given = [(c, f) for c, f in _PMF_COLUMNS if (r.get(c) or "").strip()]
        if not given:
            problems.append(
                Problem(path, f"row {i}", "no Probability Yes, Per Category or Continuous CDF")
            )
            continue
        column, parse = given[0]
        pmf = parse(r[column], f"row {i}, column {column}", problems, path)
        start = _time(r.get("Start Time"), f"row {i}, column Start Time", problems, path)
        end = _time(r.get("End Time"), f"row {i}, column End Time", problems, path)
        if start is None:
            if not (r.get("Start Time") or "").strip():
                problems.append(Problem(path, f"row {i}, column Start Time", "missing"))
            continue
        if not pmf:
            continue
        ident = (r.get("Forecaster ID") or "").strip()
        name = (r.get("Forecaster Username") or "").strip() or ident or "(anonymous)"
        out.append(_Forecast(r["Question ID"], name, bool(ident), start, end, pmf, i))
    return out


def _bucket(q: _Question) -> int | str:
    """The index of the resolution in a forecast's pmf, or why the question is not scored."""
    low = q.resolution.lower()
    if low in ("annulled", "ambiguous"):
        return f"resolved {low}"
    if not low:
        return "not resolved"
    if q.kind == "binary" and low in ("yes", "no"):
        return int(low == "yes")
    if q.kind == "multiple_choice" and q.resolution in q.options:
        return q.options.index(q.resolution)
    if q.kind in _CONTINUOUS and len(q.grid) >= 2:
        n = len(q.grid)
        if low in ("below_lower_bound", "above_upper_bound"):
            return 0 if low == "below_lower_bound" else n
        try:
            x = float(q.resolution)
        except ValueError:
            return f"resolution {q.resolution!r} is not a number"
        if x < q.grid[0]:
            return 0
        if x >= q.grid[-1]:
            return n if x > q.grid[-1] else n - 1  # the upper bound: the last in-range bucket
        # Metaculus: int(u (n - 1) + 1 - 1e-10), u the location on the range: the
        # interval k holding x, or the one below within 1e-10 of its width above grid[k]
        k = int(np.searchsorted(q.grid, x, side="right")) - 1
        frac = (x - q.grid[k]) / (q.grid[k + 1] - q.grid[k])
        return max(k + 1 if frac >= _ON_GRID else k, 1)
    if q.kind in (*_CATEGORICAL, *_CONTINUOUS):
        return f"resolution {q.resolution!r} not among its options or range"
    return f"question type {q.kind!r} is not scored"


def _mass(pmf: Sequence[float], bucket: int) -> float:
    """The pmf's mass on the bucket; an option not offered (NaN) reads "Other", the last."""
    p = pmf[bucket]
    return pmf[-1] if math.isnan(p) else p


def _span(q: _Question, f: _Forecast) -> tuple[float, float]:
    return max(f.start, q.open), q.actual_close if f.end is None else min(f.end, q.actual_close)


def _baseline(q: _Question, f: _Forecast, bucket: int) -> tuple[float, float]:
    start, end = _span(q, f)
    if end - start <= 0:
        return 0.0, 0.0
    coverage = (end - start) / (q.scheduled_close - q.open)
    if q.kind in _CATEGORICAL:
        k = sum(not math.isnan(v) for v in f.pmf)
        score = 100.0 * math.log(_mass(f.pmf, bucket) * k) / math.log(k)
    else:
        inner = (1.0 - _OUT_OF_BOUNDS_BASELINE * q.open_bounds) / (len(f.pmf) - 2)
        base = _OUT_OF_BOUNDS_BASELINE if bucket in (0, len(f.pmf) - 1) else inner
        score = 100.0 * math.log(f.pmf[bucket] / base) / 2
    return score * coverage, coverage


def _standing(q: _Question, base: list[_Forecast]) -> list[tuple[float, tuple[float, ...], int]]:
    """``(time, geometric mean of the standing pmfs, forecasters)`` at each change."""
    from scipy import stats  # type: ignore[import-untyped]  # lazily: import time

    steps = sorted({f.start for f in base} | {f.end for f in base if f.end is not None})
    out = []
    for t in steps:
        pmfs = [f.pmf for f in base if f.start <= t and (f.end is None or f.end > t)]
        if pmfs:
            g = tuple(float(v) for v in stats.gmean(np.array(pmfs), axis=0))
            out.append((max(t, q.open), g, len(pmfs)))
    return out


def _peer(
    q: _Question, f: _Forecast, bucket: int, means: list[tuple[float, tuple[float, ...], int]]
) -> tuple[float, float]:
    start, end = _span(q, f)
    if end - start <= 0:
        return 0.0, 0.0
    p = _mass(f.pmf, bucket)
    total = q.scheduled_close - q.open
    times = [m[0] for m in means if m[0] < q.actual_close] + [q.actual_close]
    score = coverage = 0.0
    for i in range(len(times) - 1):
        t, g, n = means[i]
        if not start <= t < end:
            continue
        n_eff = n if n > 1 else 0
        interval = 100.0 * (n_eff / (n_eff - 1)) * math.log(p / _mass(g, bucket))
        if q.kind in _CONTINUOUS:
            interval /= 2
        score += interval * (times[i + 1] - times[i]) / total
        coverage += (times[i + 1] - times[i]) / total
    return score, coverage


def _check_shapes(
    questions: dict[str, _Question], forecasts: list[_Forecast], path: str
) -> list[Problem]:
    """Each forecast's pmf fits its question: k options, or the grid's n + 1 values."""
    problems: list[Problem] = []
    for f in forecasts:
        q = questions[f.question]
        need = {"binary": 2, "multiple_choice": len(q.options)}.get(q.kind)
        if q.kind in _CONTINUOUS:
            need = len(q.grid) + 1 if q.grid else None
        if need is not None and need >= 2 and len(f.pmf) != need:
            problems.append(
                Problem(path, f"row {f.row}", f"a forecast of {len(f.pmf)} values, not {need}")
            )
            continue
        if q.kind in _CONTINUOUS and isinstance(b := _bucket(q), int) and f.pmf[b] <= 0.0:
            problems.append(
                Problem(path, f"row {f.row}", f"no mass on the resolution's bucket {b}")
            )
    return problems


def _capped(problems: list[Problem], file: str) -> TableError:
    """The first :data:`MAX_PROBLEMS` problems, the rest counted in one line, as for a table."""
    collector = Problems(file, MAX_PROBLEMS)
    for problem in problems:
        collector.add(problem.path, problem.message, 0, problem.file)
    return collector.error()


def metaculus_scores(
    questions_csv: str, forecasts_csv: str
) -> tuple[list[MetaculusScore], dict[str, int], dict[str, str]]:
    """Baseline and peer scores of every forecaster on every scored question.

    Args:
        questions_csv: the export's ``question_data.csv``.
        forecasts_csv: the export's ``forecast_data.csv``.

    Returns:
        ``(scores, unscored, skipped)``: one :class:`MetaculusScore` per forecaster and
        question; per forecaster the number of questions not scored; and per question
        not scored the reason (its type, ``resolved annulled``, ``not resolved``...).

    Raises:
        TableError: every problem of the two files, by file, row and column.
    """
    problems: list[Problem] = []
    questions = read_questions(questions_csv, problems)
    forecasts = read_forecasts(forecasts_csv, problems)
    problems += [
        Problem(
            forecasts_csv,
            f"row {f.row}, column Question ID",
            f"{f.question!r} is not in {questions_csv}",
        )
        for f in forecasts
        if f.question not in questions
    ]
    if not problems:
        problems = _check_shapes(questions, forecasts, forecasts_csv)
    if problems:
        raise _capped(problems, forecasts_csv)
    out: list[MetaculusScore] = []
    unscored: dict[str, int] = {}
    skipped: dict[str, str] = {}
    by_question: dict[str, list[_Forecast]] = {}
    for f in forecasts:
        by_question.setdefault(f.question, []).append(f)
    for qid, mine in by_question.items():
        q = questions[qid]
        names = sorted({f.forecaster for f in mine})
        bucket = _bucket(q)
        if isinstance(bucket, str):
            skipped[qid] = bucket
            for name in names:
                unscored[name] = unscored.get(name, 0) + 1
            continue
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
    return out, unscored, skipped


def metaculus_results(questions_csv: str, forecasts_csv: str) -> Any:
    """The scores per forecaster — mean over scored questions — as a :class:`TableScores`.

    Scores ``baseline_score``, ``peer_score`` and ``coverage``; ``n`` counts the
    questions scored and ``n_no_observation`` those not scored.

    Raises:
        TableError: as :func:`metaculus_scores`.
    """
    from forecastcheck.aggregate import ScoreTotals
    from forecastcheck.tables.engine import GroupScores, TableScores

    scores, unscored, _ = metaculus_scores(questions_csv, forecasts_csv)
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
