"""ForecastBench's leaderboard as ForecastBench computes it: difficulty-adjusted Brier scores.

ForecastBench's published leaderboard (``src/leaderboard/main.py`` of
github.com/forecastingresearch/forecastbench: ``get_df_info``, ``score_models``,
``two_way_fixed_effects``, ``rescale_difficulty_adjusted_brier``,
``apply_brier_index_transform``, ``generate_simulated_leaderboards``,
``get_confidence_interval``) is rebuilt here from a
:func:`~forecastcheck.tables.forecastbench.forecastbench_table`:

1. Combination questions are left out, and so are questions not resolved (a market
   question still open, a dataset question whose date has not come).
2. A *question* is a due date, source and id — and, for a dataset question, its
   resolution date: each horizon is a question of its own.
3. On dataset and on market questions separately, each forecast's Brier score
   ``(p - o)^2`` is adjusted for the question's difficulty: the question effect
   ``b_q`` of the two-way fixed-effects fit ``brier = a_model + b_q + e``
   (:func:`forecastcheck.compare.difficulty_adjust`) is subtracted. The fit uses
   only ForecastBench's own models (organization ``ForecastBench``) other than its
   reference forecasters (``Always 0``, ``Always 1``, ``Always 0.5``, ``Random
   Uniform``, ``Imputed Forecaster`` and the LLM-crowd ensembles); every model's
   forecasts are then adjusted with its effects. With
   ``market_adjustment="imputed_forecaster"`` (ForecastBench's tournament
   leaderboard) a market question's effect is instead the Brier score of the
   ``Imputed Forecaster`` on it.
4. Each model's mean adjusted score per question type is shifted so that ``Always
   0.5`` scores 0.25: by that model's own score when the table has it, else — the
   same when it forecasts every question — by the mean question effect.
5. ``overall = (dataset + market) / 2``; the Brier index is ``100 (1 - sqrt(score))``
   (100 perfect, 50 for always 0.5, higher is better).
6. The interval is ForecastBench's bootstrap: each replicate redraws, within each
   due date and source, that many questions with replacement (a question drawn
   twice counts as two), refits the question effects and recomputes the Brier
   indices; the interval is the percentiles ``(1 - level)/2`` and ``(1 + level)/2``
   of the replicates (1,999 by default, as ForecastBench).

Not reproduced: ForecastBench also leaves out of the fit models released over a
year before the due date (the table has no release dates: pass ``fit_models``),
and drops from the leaderboard forecast sets with over 5% imputed forecasts.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Sequence
from typing import Any, Final, Literal

import attrs
import numpy as np
import numpy.typing as npt

from forecastcheck._counted import counted
from forecastcheck.errors import Problem
from forecastcheck.tables import _common
from forecastcheck.tables.validate import TableError

__all__ = ["FB_REFERENCE_MODELS", "ForecastBenchBoard", "ForecastBenchRow", "forecastbench_board"]

FB_REFERENCE_MODELS: Final = (
    "Always 0",
    "Always 1",
    "Always 0.5",
    "Random Uniform",
    "Imputed Forecaster",
    "LLM Crowd (gpt-4o, claude-3.5-sonnet, gemini-1.5-pro) geometric mean log odds with news",
    "LLM Crowd (gpt-4o, claude-3.5-sonnet, gemini-1.5-pro) geometric mean with news",
    "LLM Crowd (gpt-4o, claude-3.5-sonnet, gemini-1.5-pro) median with news",
)
"""ForecastBench's reference forecasters, left out of the fixed-effects fit."""

_BENCHMARK: Final = "ForecastBench"
_TYPES: Final = ("dataset", "market")
_NEEDED: Final = (
    *("organization", "model", "forecast_due_date", "source", "source_type", "id"),
    *("direction", "resolution_date", "resolved", "observed", "predicted"),
)
MarketAdjustment = Literal["fixed_effects", "imputed_forecaster"]


@attrs.frozen
class ForecastBenchRow:
    """One model's line of ForecastBench's leaderboard.

    Attributes:
        organization: the forecast sets' ``organization``.
        model: the model.
        dataset: difficulty-adjusted Brier score on dataset questions (NaN without any).
        market: likewise on market questions.
        overall: ``(dataset + market) / 2``.
        n_dataset: dataset questions scored.
        n_market: market questions scored.
        index_dataset: the Brier index ``100 (1 - sqrt(dataset))``.
        index_market: likewise of ``market``.
        index_overall: likewise of ``overall``: the leaderboard's ranking score.
        intervals: per ``"dataset"``, ``"market"`` and ``"overall"``, the bootstrap
            percentile interval ``(low, high)`` of the Brier index (NaN with ``n_boot=0``).
    """

    organization: str
    model: str
    dataset: float
    market: float
    overall: float
    n_dataset: int
    n_market: int
    index_dataset: float
    index_market: float
    index_overall: float
    intervals: dict[str, tuple[float, float]]


@attrs.frozen
class ForecastBenchBoard:
    """ForecastBench's leaderboard and what it left out.

    Attributes:
        rows: one per model, best (highest overall Brier index) first.
        left_out: forecasts not scored, per reason: ``combination``,
            ``unresolved`` and ``no_forecast``.
        question_effects: per question type, each question's effect, by question
            ``(due date, source, id, resolution date)`` (``""`` for a market's date).
    """

    rows: tuple[ForecastBenchRow, ...]
    left_out: dict[str, int]
    question_effects: dict[str, dict[tuple[str, str, str, str], float]]


@attrs.frozen
class _Part:
    """One question type's forecasts as arrays."""

    model: npt.NDArray[np.int64]  # index into the board's models
    question: npt.NDArray[np.int64]  # index into ``keys``
    brier: npt.NDArray[np.float64]
    fit: npt.NDArray[np.bool_]
    keys: tuple[tuple[str, str, str, str], ...]
    group: npt.NDArray[np.int64]  # per question: its (due date, source) stratum


def _brier_index(score: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    with np.errstate(invalid="ignore"):
        out: npt.NDArray[np.float64] = (1.0 - np.sqrt(score)) * 100.0
    return out


def _effects(
    part: _Part,
    question: npt.NDArray[np.int64],
    n_questions: int,
    *,
    imputed: int | None,
    names: Sequence[tuple[str, str, str, str]] | None,
) -> npt.NDArray[np.float64]:
    """Each question's effect: fixed effects on the fit rows, or the Imputed Forecaster's Brier."""
    from forecastcheck.compare import difficulty_adjust
    from forecastcheck.scoring import ScoringInputError

    effect = np.full(n_questions, np.nan)
    if imputed is not None:
        mine = part.model == imputed
        effect[question[mine]] = part.brier[mine]
    elif part.fit.any():
        try:
            fitted = difficulty_adjust(
                part.model[part.fit], question[part.fit], part.brier[part.fit]
            )
        except ScoringInputError as exc:
            raise TableError([Problem("", "", f"question effects: {exc}")]) from exc
        effect[np.asarray(fitted.questions, dtype=np.int64)] = fitted.question_effect
    missing = np.flatnonzero(np.isnan(effect))
    if missing.size:
        who = "the Imputed Forecaster" if imputed is not None else "any model of the fit"
        labels = [str(names[k]) if names else f"question {k}" for k in missing.tolist()]
        raise TableError(
            [Problem("", "", f"no question effect: {who} did not forecast {q}") for q in labels]
        )
    return effect


def _scores(
    part: _Part,
    draw: tuple[npt.NDArray[np.int64], npt.NDArray[np.int64], int] | None,
    n_models: int,
    *,
    imputed: int | None,
    always_half: int | None,
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    """Per model the mean adjusted Brier score of one question type (``Always 0.5`` at 0.25),
    and the question effects."""
    if draw is None:
        sub, question, nq, names = part, part.question, len(part.keys), part.keys
    else:
        rows, question, nq = draw
        sub = attrs.evolve(part, model=part.model[rows], brier=part.brier[rows], fit=part.fit[rows])
        names = None
    effect = _effects(sub, question, nq, imputed=imputed, names=names)
    adjusted = sub.brier - effect[question]
    n = np.bincount(sub.model, minlength=n_models)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = np.bincount(sub.model, weights=adjusted, minlength=n_models) / n
    shift = float(np.mean(effect)) if always_half is None else 0.25 - float(mean[always_half])
    return mean + shift, effect


def _replicate(
    part: _Part, rng: np.random.Generator
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64], int]:
    """ForecastBench's question-level bootstrap: (rows, relabelled questions, n questions).

    Within each (due date, source) stratum as many questions as it has are drawn with
    replacement; a question drawn twice is two questions (its rows repeated, relabelled).
    """
    of_question = _common.rows_by_group(part.question, len(part.keys))
    drawn = [
        rng.choice(members, size=members.size, replace=True)
        for g in np.unique(part.group)
        if (members := np.flatnonzero(part.group == g)).size
    ]
    picks = np.concatenate(drawn)
    rows = [of_question[q] for q in picks.tolist()]
    sizes = np.array([r.size for r in rows], dtype=np.int64)
    return np.concatenate(rows), np.repeat(np.arange(picks.size), sizes), int(picks.size)


def _parts(
    records: Sequence[tuple[int, dict[str, Any]]],
    models: list[tuple[str, str]],
    fit: set[tuple[str, str]],
) -> tuple[dict[str, _Part], list[Problem]]:
    """Each question type's forecasts (``records``: the table's row numbers and rows)."""
    index = {m: k for k, m in enumerate(models)}
    problems: list[Problem] = []
    parts: dict[str, _Part] = {}
    for kind in _TYPES:
        mine = [(row, r) for row, r in records if r["source_type"] == kind]
        keys: dict[tuple[str, str, str, str], int] = {}
        groups: dict[tuple[str, str], int] = {}
        cols: dict[str, list[Any]] = {"model": [], "question": [], "brier": [], "fit": []}
        seen: set[tuple[int, int]] = set()
        qgroup: list[int] = []
        for row, r in mine:
            date = (r["resolution_date"] or "") if kind == "dataset" else ""
            key = (r["forecast_due_date"], r["source"], r["id"], date)
            if key not in keys:
                keys[key] = len(keys)
                qgroup.append(groups.setdefault(key[:2], len(groups)))
            who = (r["organization"], r["model"])
            pair = (index[who], keys[key])
            if pair in seen:
                problems.append(
                    Problem("", f"row {row}", f"{who[1]!r} forecasts {key} more than once")
                )
                continue
            seen.add(pair)
            cols["model"].append(index[who])
            cols["question"].append(keys[key])
            cols["brier"].append((r["predicted"] - r["observed"]) ** 2)
            cols["fit"].append(who in fit)
        parts[kind] = _Part(
            model=np.array(cols["model"], dtype=np.int64),
            question=np.array(cols["question"], dtype=np.int64),
            brier=np.array(cols["brier"], dtype=np.float64),
            fit=np.array(cols["fit"], dtype=np.bool_),
            keys=tuple(keys),
            group=np.array(qgroup, dtype=np.int64),
        )
    return parts, problems


def _board_scores(
    parts: dict[str, _Part],
    draws: dict[str, tuple[npt.NDArray[np.int64], npt.NDArray[np.int64], int]] | None,
    n_models: int,
    imputed: int | None,
    always_half: int | None,
) -> tuple[dict[str, npt.NDArray[np.float64]], dict[str, npt.NDArray[np.float64]]]:
    """Per question type (and overall) each model's rescaled adjusted score; the effects."""
    out: dict[str, npt.NDArray[np.float64]] = {}
    effects: dict[str, npt.NDArray[np.float64]] = {}
    for kind, part in parts.items():
        if part.brier.size == 0:
            out[kind], effects[kind] = np.full(n_models, np.nan), np.zeros(0)
            continue
        out[kind], effects[kind] = _scores(
            part,
            None if draws is None else draws[kind],
            n_models,
            imputed=imputed if kind == "market" else None,
            always_half=always_half,
        )
    out["overall"] = (out["dataset"] + out["market"]) / 2
    return out, effects


def forecastbench_board(
    table: Any,
    *,
    market_adjustment: MarketAdjustment = "fixed_effects",
    fit_models: Collection[str] | None = None,
    n_boot: int = 1999,
    level: float = 0.95,
    seed: int | None = None,
    file: str = "",
) -> ForecastBenchBoard:
    """ForecastBench's leaderboard of a ForecastBench table, as ForecastBench computes it.

    Args:
        table: the tidy table of ForecastBench forecast sets and their resolutions.
        market_adjustment: ``"fixed_effects"`` (ForecastBench's baseline leaderboard)
            or ``"imputed_forecaster"`` (its tournament leaderboard: a market
            question's effect is the ``Imputed Forecaster``'s Brier score on it).
        fit_models: the models whose forecasts estimate the question effects; by
            default ForecastBench's own models other than :data:`FB_REFERENCE_MODELS`.
        n_boot: bootstrap replicates (0: no interval).
        level: the interval's coverage.
        seed: seeds the bootstrap, for a reproducible interval.
        file: the name problems are located in (what the table was read from).

    Returns:
        A :class:`ForecastBenchBoard`.

    Raises:
        TableError: a model forecasting a question twice (at its row of the table),
            a question without an effect (no model of the fit forecast it), or
            ``market_adjustment="imputed_forecaster"`` on a table without the
            ``Imputed Forecaster`` (one problem, counting the market questions).
    """
    try:
        return _board(table, market_adjustment, fit_models, n_boot, level, seed)
    except TableError as exc:
        if not file:
            raise
        raise TableError([attrs.evolve(p, file=file) for p in exc.problems]) from None


def _board(  # noqa: PLR0917 - forecastbench_board's arguments, in its order
    table: Any,
    market_adjustment: MarketAdjustment,
    fit_models: Collection[str] | None,
    n_boot: int,
    level: float,
    seed: int | None,
) -> ForecastBenchBoard:
    """:func:`forecastbench_board`, its problems located in no file."""
    raw = table.select(list(_NEEDED)).to_pylist()
    left_out = {"combination": 0, "unresolved": 0, "no_forecast": 0}
    records = []
    for row, r in enumerate(raw, start=1):
        reason = (
            "combination"
            if r["direction"] or "|" in r["id"]
            else "unresolved"
            if not r["resolved"] or r["observed"] is None
            else "no_forecast"
            if r["predicted"] is None
            else None
        )
        if reason is None:
            records.append((row, r))
        else:
            left_out[reason] += 1
    models = sorted({(r["organization"], r["model"]) for _, r in records})
    fit = (
        {m for m in models if m[0] == _BENCHMARK and m[1] not in FB_REFERENCE_MODELS}
        if fit_models is None
        else {m for m in models if m[1] in set(fit_models)}
    )
    parts, problems = _parts(records, models, fit)
    if problems:
        raise TableError(problems)
    index = {m: k for k, m in enumerate(models)}
    always_half = index.get((_BENCHMARK, "Always 0.5"))
    imputed = None
    if market_adjustment == "imputed_forecaster":
        imputed = index.get((_BENCHMARK, "Imputed Forecaster"))
        if imputed is None and parts["market"].keys:
            n = counted(len(parts["market"].keys), "market question")
            message = (
                "no forecast of ForecastBench's 'Imputed Forecaster': "
                f"market_adjustment='imputed_forecaster' takes the effect of each of the {n} "
                "from its Brier score"
            )
            raise TableError([Problem("", "column model", message)])
    point, effects = _board_scores(parts, None, len(models), imputed, always_half)
    reps: dict[str, list[npt.NDArray[np.float64]]] = {k: [] for k in point}
    rng = np.random.default_rng(seed)
    for _ in range(n_boot):
        draws = {kind: _replicate(part, rng) for kind, part in parts.items() if part.keys}
        for k, score in _board_scores(parts, draws, len(models), imputed, always_half)[0].items():
            reps[k].append(_brier_index(score))
    tails = ((1.0 - level) / 2.0, (1.0 + level) / 2.0)
    bounds = {k: np.full((2, len(models)), np.nan) for k in reps}
    for k, v in reps.items():
        stack = np.array(v)
        for m in range(len(models)):
            column = stack[:, m] if v else np.zeros(0)
            if np.isfinite(column).any():  # a replicate without the model's questions is NaN
                bounds[k][:, m] = np.quantile(column[np.isfinite(column)], tails)
    counts = {k: np.bincount(p.model, minlength=len(models)) for k, p in parts.items()}
    rows = [
        ForecastBenchRow(
            organization=org,
            model=name,
            n_dataset=int(counts["dataset"][m]),
            n_market=int(counts["market"][m]),
            dataset=float(point["dataset"][m]),
            market=float(point["market"][m]),
            overall=float(point["overall"][m]),
            index_dataset=float(_brier_index(point["dataset"])[m]),
            index_market=float(_brier_index(point["market"])[m]),
            index_overall=float(_brier_index(point["overall"])[m]),
            intervals={k: (float(b[0][m]), float(b[1][m])) for k, b in bounds.items()},
        )
        for m, (org, name) in enumerate(models)
    ]
    rows.sort(key=lambda r: -r.index_overall if math.isfinite(r.index_overall) else math.inf)
    named = {k: dict(zip(p.keys, effects[k].tolist(), strict=True)) for k, p in parts.items()}
    return ForecastBenchBoard(tuple(rows), left_out, named)
