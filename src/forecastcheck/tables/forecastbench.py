"""ForecastBench's forecast and resolution sets (JSON), mapped onto the tidy binary layout.

ForecastBench (Karger et al. 2025; github.com/forecastingresearch/forecastbench and
its forecastbench-datasets repository) publishes, per forecast due date:

- a **forecast set**: ``{"organization", "model", "model_organization",
  "question_set", "forecast_due_date", "forecasts": [...]}``, each forecast with
  ``id``, ``source``, ``direction``, ``resolution_date`` and ``forecast`` (a
  processed forecast set also has ``resolved_to``, ``resolved`` and ``imputed``);
- a **resolution set** ``<date>_resolution_set.json``: ``{"forecast_due_date",
  "question_set", "resolutions": [...]}``, each with ``id``, ``source``,
  ``direction``, ``resolution_date``, ``resolved_to`` and ``resolved``;
- a **question set** ``<date>-llm.json`` (or ``-human.json``): ``{"forecast_due_date",
  "question_set", "questions": [...]}``, each with ``id``, ``source``,
  ``question``, ``resolution_criteria``, ``url``, ``freeze_datetime``,
  ``freeze_datetime_value`` and ``resolution_dates`` (a list for a dataset
  question, ``"N/A"`` for a market); a combination question has a list of
  ``id`` and its parts under ``combination_of`` (its directions are the
  forecasts': each combination is asked in all four).

Mapping onto the tidy layout (one row per forecast and resolution date):

==================  ==========================================================
tidy column         from
==================  ==========================================================
``model``           the forecast set's ``model``
``organization``    the forecast set's ``organization`` (a unit column)
``forecast_due_date``  the set's due date (the date in ``question_set``)
``source``          ``source``; ``source_type`` is ``dataset`` (acled, dbnomics,
                    fred, wikipedia, yfinance) or ``market`` (infer, manifold,
                    metaculus, polymarket)
``id``              ``id``; a combination question's two ids joined by ``|``
``direction``       ``""`` for a single question; a combination's directions
                    joined by ``|`` (``1|-1``: the first happens, the second not)
``resolution_date`` ``resolution_date``: a dataset question has one row per
                    resolution date; a market forecast without a date is
                    scored at every date its resolution set gives
``predicted``       ``forecast``
``observed``        ``resolved_to``: 0/1 once resolved, else (markets) the
                    market's value, scored as a probabilistic outcome
``resolved``        ``resolved``
``question``, ...   with question sets: the question's ``question``,
                    ``resolution_criteria``, ``url``, ``freeze_datetime`` and
                    ``freeze_datetime_value`` (``"N/A"`` as None; a
                    combination's question, its parts' joined by `` | ``
                    when it has none of its own), matched by due date,
                    source and id
==================  ==========================================================

A forecast with no resolution row gets no observation (counted, or a problem,
as ``missing`` says); a dataset question not yet resolved likewise, since
ForecastBench drops it ("Remove unresolved data-source rows", src/resolve/resolve_all.py).

:func:`leaderboard` gives per model the mean Brier score on dataset and on
market questions and the equal-weight overall mean of the two, with a
t-interval (:func:`forecastcheck.compare.stratified_mean`): unadjusted.
ForecastBench's own leaderboard — difficulty-adjusted, with its bootstrap
interval — is :func:`forecastcheck.tables.forecastbench_board.forecastbench_board`.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, Final

import attrs

from forecastcheck.errors import Problem
from forecastcheck.tables.validate import TableError

__all__ = [
    "DATASET_SOURCES",
    "MARKET_SOURCES",
    "LeaderboardRow",
    "crowd_median",
    "forecastbench_table",
    "leaderboard",
]

DATASET_SOURCES: Final = ("acled", "dbnomics", "fred", "wikipedia", "yfinance")
MARKET_SOURCES: Final = ("infer", "manifold", "metaculus", "polymarket")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _load(
    item: str | Path | Mapping[str, Any], problems: list[Problem]
) -> tuple[str, dict[str, Any]]:
    if isinstance(item, Mapping):
        return "", dict(item)
    name = str(item)
    try:
        data = json.loads(Path(name).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        problems.append(Problem(name, "", f"cannot read as JSON: {exc}"))
        return name, {}
    if not isinstance(data, dict):
        problems.append(Problem(name, "$", "must be a JSON object"))
        return name, {}
    return name, data


def _joined(value: Any) -> str:
    """An id or direction: a combination's list joined by ``|``; None or [] as ``""``."""
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return "|".join(str(v) for v in value)
    return str(value)


def _due_date(name: str, data: dict[str, Any], problems: list[Problem]) -> str:
    due = data.get("forecast_due_date")
    if due is None:
        m = _DATE.search(str(data.get("question_set", "")))
        due = m.group(0) if m else None
    if due is None:
        problems.append(
            Problem(name, "$.forecast_due_date", "missing (and no date in question_set)")
        )
        return ""
    return str(due)[:10]


def _source_type(source: str) -> str | None:
    if source in DATASET_SOURCES:
        return "dataset"
    if source in MARKET_SOURCES:
        return "market"
    return None


def _listed(
    sets: Sequence[str | Path | Mapping[str, Any]], key: str, what: str, problems: list[Problem]
) -> Iterator[tuple[str, dict[str, Any], str, list[Any]]]:
    """(name, data, due date, the list under ``key``) of each set that loads and has that list."""
    for item in sets:
        name, data = _load(item, problems)
        if not data:
            continue
        due = _due_date(name, data, problems)
        rows = data.get(key)
        if not isinstance(rows, list):
            problems.append(Problem(name, f"$.{key}", f"missing: {what} lists them"))
            continue
        yield name, data, due, rows


def _resolutions(
    sets: Sequence[str | Path | Mapping[str, Any]], problems: list[Problem]
) -> dict[tuple[str, str, str, str], list[tuple[str, Any, Any]]]:
    """``(due date, source, id, direction) -> [(resolution_date, resolved_to, resolved)]``."""
    out: dict[tuple[str, str, str, str], list[tuple[str, Any, Any]]] = {}
    for name, _, due, rows in _listed(sets, "resolutions", "a resolution set", problems):
        for i, r in enumerate(rows):
            if not isinstance(r, dict) or "id" not in r or "source" not in r:
                problems.append(Problem(name, f"$.resolutions[{i}]", "needs an id and a source"))
                continue
            key = (due, str(r["source"]), _joined(r["id"]), _joined(r.get("direction")))
            date = str(r.get("resolution_date") or "")[:10]
            out.setdefault(key, []).append((date, r.get("resolved_to"), r.get("resolved")))
    return out


_QUESTION_FIELDS = (
    "question",
    "resolution_criteria",
    "url",
    "freeze_datetime",
    "freeze_datetime_value",
)
"""The question-set fields a row carries when question sets are given (``"N/A"`` as None)."""

_Meta = tuple[tuple[str | None, ...], tuple[str, ...] | None]


def _text(value: Any) -> str | None:
    if value is None or value == "N/A":
        return None
    return _joined(value) if isinstance(value, list | tuple) else str(value)


def _dates(q: dict[str, Any]) -> tuple[str, ...] | None:
    """A question's resolution dates; a combination's, those its parts share."""
    dates = q.get("resolution_dates")
    if isinstance(dates, list):
        return tuple(str(d)[:10] for d in dates)
    parts = [_dates(c) for c in q.get("combination_of") or () if isinstance(c, dict)]
    known = [set(d) for d in parts if d is not None]
    return tuple(sorted(set.intersection(*known))) if known else None


def _question_sets(
    sets: Sequence[str | Path | Mapping[str, Any]], problems: list[Problem]
) -> dict[tuple[str, str, str], _Meta]:
    """``(due date, source, id) -> (the _QUESTION_FIELDS, resolution dates or None)``."""
    out: dict[tuple[str, str, str], _Meta] = {}
    for name, _, due, rows in _listed(sets, "questions", "a question set", problems):
        for i, q in enumerate(rows):
            if not isinstance(q, dict) or "id" not in q or "source" not in q:
                problems.append(Problem(name, f"$.questions[{i}]", "needs an id and a source"))
                continue
            text = q.get("question")
            if text is None and q.get("combination_of"):
                text = " | ".join(str(c.get("question")) for c in q["combination_of"])
            meta = tuple(_text(text if f == "question" else q.get(f)) for f in _QUESTION_FIELDS)
            out[(due, str(q["source"]), _joined(q["id"]))] = (meta, _dates(q))
    return out


def _question_of(
    questions: dict[tuple[str, str, str], _Meta],
    key: tuple[str, str, str],
    date: str,
    where: tuple[str, str],
    problems: list[Problem],
) -> tuple[str | None, ...]:
    """The question-set fields of a forecast, or a problem when it has no question."""
    name, path = where
    found = questions.get(key)
    if found is None:
        problems.append(Problem(name, path, f"not in the question set of {key[0]}"))
        return (None,) * len(_QUESTION_FIELDS)
    meta, dates = found
    if date and dates is not None and date not in dates:
        problems.append(
            Problem(name, f"{path}.resolution_date", f"{date} is not among the question's dates")
        )
    return meta


_COLUMNS = (
    "model",
    "organization",
    "forecast_due_date",
    "source",
    "source_type",
    "id",
    "direction",
    "resolution_date",
    "resolved",
    "observed",
    "predicted",
)
"""The columns of :func:`forecastbench_table`, in order."""


def _forecast_rows(
    name: str,
    data: dict[str, Any],
    due: str,
    forecasts: list[Any],
    *,
    truth: dict[tuple[str, str, str, str], list[tuple[str, Any, Any]]],
    questions: dict[tuple[str, str, str], _Meta] | None,
    problems: list[Problem],
) -> Iterator[tuple[Any, ...]]:
    """The rows (in :data:`_COLUMNS` order, then the question's fields when ``questions``
    are given) of one forecast set, matched to their resolutions."""
    model = str(data.get("model", ""))
    org = str(data.get("organization", ""))
    for i, f in enumerate(forecasts):
        where = f"$.forecasts[{i}]"
        if not isinstance(f, dict) or "id" not in f or "source" not in f:
            problems.append(Problem(name, where, "needs an id and a source"))
            continue
        source = str(f["source"])
        kind = _source_type(source)
        if kind is None:
            problems.append(
                Problem(name, f"{where}.source", f"{source!r} is not a ForecastBench source")
            )
            continue
        key = (due, source, _joined(f["id"]), _joined(f.get("direction")))
        date = str(f.get("resolution_date") or "")[:10]
        matches = [r for r in truth.get(key, []) if r[0] == date or (not date and kind == "market")]
        if not matches:
            matches = [(date, f.get("resolved_to"), f.get("resolved"))]
        predicted = _probability(f.get("forecast"), (name, f"{where}.forecast"), problems)
        meta: tuple[str | None, ...] = ()
        if questions is not None:
            meta = _question_of(questions, key[:3], date, (name, where), problems)
        for rdate, resolved_to, resolved in matches:
            observed = (
                None  # a dataset question not yet resolved: ForecastBench does not score it
                if kind == "dataset" and resolved is False
                else _probability(resolved_to, (name, f"{where}, its resolved_to"), problems)
            )
            yield (
                model,
                org,
                due,
                source,
                kind,
                key[2],
                key[3],
                rdate,
                None if resolved is None else bool(resolved),
                observed,
                predicted,
                *meta,
            )


def _probability(value: Any, at: tuple[str, str], problems: list[Problem]) -> float | None:
    """``value`` as a probability in [0, 1] (None stays None); otherwise a problem at ``at``."""
    if value is None:
        return None
    try:
        p = float(value)
    except (TypeError, ValueError):
        p = math.nan
    if isinstance(value, bool) or not 0.0 <= p <= 1.0:
        problems.append(Problem(*at, f"expected a probability in [0, 1], got {value!r}"))
        return None
    return p


def forecastbench_table(
    forecast_sets: Sequence[str | Path | Mapping[str, Any]],
    resolution_sets: Sequence[str | Path | Mapping[str, Any]] = (),
    question_sets: Sequence[str | Path | Mapping[str, Any]] = (),
) -> Any:
    """Forecast sets (and their resolution and question sets) as one tidy binary pyarrow Table.

    Args:
        forecast_sets: forecast-set files (or their parsed JSON), raw or processed.
        resolution_sets: resolution-set files for raw forecast sets; a processed
            forecast set's own ``resolved_to`` is used when no resolution matches.
        question_sets: question-set files; when given, each row also carries its
            question's ``question``, ``resolution_criteria``, ``url``,
            ``freeze_datetime`` and ``freeze_datetime_value``, and a forecast of no
            question in them, or at a date not among its question's
            ``resolution_dates``, is a problem.

    Returns:
        A pyarrow Table in the tidy layout (see the module docs for the columns).

    Raises:
        TableError: every problem of the files, located by file and JSON path.
    """
    import pyarrow as pa

    problems: list[Problem] = []
    truth = _resolutions(resolution_sets, problems)
    questions = _question_sets(question_sets, problems) if question_sets else None
    names = _COLUMNS + (_QUESTION_FIELDS if question_sets else ())
    rows = [
        row
        for name, data, due, forecasts in _listed(
            forecast_sets, "forecasts", "a forecast set", problems
        )
        for row in _forecast_rows(
            name, data, due, forecasts, truth=truth, questions=questions, problems=problems
        )
    ]
    cols = {c: [row[k] for row in rows] for k, c in enumerate(names)}
    if problems:
        raise TableError(problems)
    schema = {"resolved": pa.bool_(), "observed": pa.float64(), "predicted": pa.float64()}
    return pa.table({c: pa.array(v, schema.get(c, pa.string())) for c, v in cols.items()})


def crowd_median(table: Any, model: str = "crowd median") -> Any:
    """The median of the individual forecasts of each question, as one more model.

    ForecastBench's superforecaster and public medians are the median of the
    individual forecasts per question (``forecastcheck.crowd.crowd_aggregate``,
    ``method="median"``). Returns ``table`` with the median's rows appended.
    """
    import numpy as np
    import pyarrow as pa

    from forecastcheck.crowd import crowd_aggregate

    unit = ["forecast_due_date", "source", "id", "direction", "resolution_date"]
    rows = table.select([*unit, "source_type", "resolved", "observed", "predicted"]).to_pylist()
    keys = np.array(["\x1f".join(str(r[c]) for c in unit) for r in rows])
    pooled = crowd_aggregate(keys, [r["predicted"] for r in rows], "median", nan_policy="omit")
    first = dict(zip(keys.tolist(), rows, strict=True))
    out = []
    for q, p in zip(pooled.questions.tolist(), pooled.p.tolist(), strict=True):
        r = dict(first[q])
        out.append({**r, "model": model, "organization": "crowd", "predicted": p})
    extra = pa.Table.from_pylist(out, schema=table.schema)
    return pa.concat_tables([table, extra])


@attrs.frozen
class LeaderboardRow:
    """One model's line of the leaderboard.

    Attributes:
        model: the model.
        n_dataset: dataset-question forecasts scored.
        n_market: market-question forecasts scored.
        dataset: mean Brier score on dataset questions (NaN without any).
        market: mean Brier score on market questions (NaN without any).
        overall: ``(dataset + market) / 2``, each question type weighted equally.
        low: lower end of the overall mean's t-interval.
        high: upper end.
    """

    model: str
    n_dataset: int
    n_market: int
    dataset: float
    market: float
    overall: float
    low: float
    high: float


def leaderboard(table: Any, *, level: float = 0.95) -> list[LeaderboardRow]:
    """Per model: mean Brier on dataset and market questions and their equal-weight mean.

    Plain means, not adjusted for question difficulty: ForecastBench's own leaderboard
    is :func:`forecastcheck.tables.forecastbench_board.forecastbench_board`.
    Forecasts without an observation are left out (and not counted here: score the
    table with :func:`~forecastcheck.tables.score_table` and ``missing="count"`` to
    see how many). Sorted by the overall score, best first.
    """
    import numpy as np

    from forecastcheck.compare import stratified_mean
    from forecastcheck.scoring import brier_probabilistic

    rows = [
        r
        for r in table.select(["model", "source_type", "observed", "predicted"]).to_pylist()
        if r["observed"] is not None and r["predicted"] is not None
    ]
    out: list[LeaderboardRow] = []
    for model in sorted({r["model"] for r in rows}):
        mine = [r for r in rows if r["model"] == model]
        kinds = np.array([r["source_type"] for r in mine])
        scores = brier_probabilistic([r["predicted"] for r in mine], [r["observed"] for r in mine])
        s = stratified_mean(kinds, scores, level=level)
        means = dict(zip(s.strata, s.means.tolist(), strict=True))
        counts = dict(zip(s.strata, s.counts.tolist(), strict=True))
        out.append(
            LeaderboardRow(
                model=model,
                n_dataset=int(counts.get("dataset", 0)),
                n_market=int(counts.get("market", 0)),
                dataset=means.get("dataset", float("nan")),
                market=means.get("market", float("nan")),
                overall=s.mean,
                low=s.interval.low,
                high=s.interval.high,
            )
        )
    return sorted(out, key=lambda r: r.overall)
