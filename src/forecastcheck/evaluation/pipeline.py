"""The pipeline: :func:`evaluate` runs the stages resolve → interpret → score → summarise.

Each stage is a function of the sibling modules; this module only checks
the arguments and hands each stage's output to the next:

1. resolve (:mod:`~forecastcheck.evaluation.resolving`): every proposition
   against the event log as of the date, and its question number;
2. interpret (:mod:`~forecastcheck.evaluation.interpreting`): every
   confidence as the proposition's probability, joined with its resolution
   into an unscored result (:mod:`~forecastcheck.evaluation.call_results`);
3. score (:mod:`~forecastcheck.evaluation.scoring_calls`): the resolved,
   scorable calls' Brier and log scores; then each reading of a chain of
   restated forecasts weighed, and each chain made one call, under the
   ``restated`` policy (:mod:`~forecastcheck.evaluation.restating`); the point
   forecasts' errors (:mod:`~forecastcheck.evaluation.numeric`);
4. summarise: the scale sensitivity
   (:mod:`~forecastcheck.evaluation.sensitivities`), the deadline sensitivity
   (:mod:`~forecastcheck.evaluation.deadline_sensitivity`), ranks and bootstrap
   intervals (:mod:`~forecastcheck.evaluation.ranking`), relative skill
   (:mod:`~forecastcheck.evaluation.skill`) and one scorecard per source and
   for all pooled (:mod:`~forecastcheck.evaluation.scorecards`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

import attrs

from forecastcheck import _collector
from forecastcheck.compare import _draws
from forecastcheck.evaluation.call_results import Weighing, call_results
from forecastcheck.evaluation.crowd_comparison import crowd_comparisons
from forecastcheck.evaluation.deadline_results import DeadlineSensitivity
from forecastcheck.evaluation.deadline_sensitivity import deadline_phrases, deadline_sensitivity
from forecastcheck.evaluation.interpreting import Reader
from forecastcheck.evaluation.ranking import mean_intervals, pooled, rank_by_kind
from forecastcheck.evaluation.resolving import resolve_calls
from forecastcheck.evaluation.restating import units_of
from forecastcheck.evaluation.results import ALL_SOURCES, Evaluation, PredictionResult, Scorecard
from forecastcheck.evaluation.scorecards import SourceCalls, SourceScores, scorecard, scorecards
from forecastcheck.evaluation.sensitivities import (
    pooled_ranges,
    scale_sensitivity,
    source_ranges,
)
from forecastcheck.evaluation.skill import relative_skill, revisions
from forecastcheck.ledger import DEFAULT_KIND, Ledger, SourceKind
from forecastcheck.ledger.chains import DEFAULT_RESTATED, Restated, chains_of, parse_restated
from forecastcheck.verbal import (
    DEFAULT_SCALE,
    POINT_RULES,
    Scale,
    Sensitivity,
    get_scale,
)

__all__ = ["evaluate"]


@_collector.held()  # the ledger and its results left out of the collector's passes
def evaluate(
    ledger: Ledger,
    *,
    as_of: dt.date,
    scale: str | Scale = DEFAULT_SCALE,
    point_rule: str = "stated",
    min_resolved: int = 5,
    n_bootstrap: int = 1000,
    seed: int = 0,
    restated: str = DEFAULT_RESTATED,
) -> Evaluation:
    """Resolve, read and score every prediction of a ledger as of a date.

    Args:
        ledger: the ledger.
        as_of: the day the questions are asked; only what was known by then counts.
        scale: the verbal scale phrases are read under: a built-in scale's
            name, or a :class:`~forecastcheck.verbal.Scale` (a user's own, from
            :func:`~forecastcheck.verbal.load_scale`).
        point_rule: how a phrase's interval becomes one probability: ``"stated"``
            (the default: the scale's own published point — a survey's median,
            Kent's centre — else the midpoint), ``"mid"``, ``"lower"`` or ``"upper"``.
        min_resolved: resolved calls a source needs to be ranked (below: shown, unranked).
        n_bootstrap: question-level bootstrap resamples for the 90% intervals
            of the mean scores and ranks (0 leaves the intervals out).
        seed: seed of the bootstrap and of the permutation tests.
        restated: how chains of readings are scored: ``"time-averaged"`` (:mod:`.restating`).

    Returns:
        The :class:`Evaluation`; draft predictions are left out, and counted.

    Raises:
        ScaleError: ``scale`` names no built-in scale.
        ValueError: an unknown point rule or ``restated``, or a negative
            ``min_resolved`` or ``n_bootstrap``.

    .. versionadded:: 0.1
    """
    reader = _checked_reader(as_of, scale, point_rule, min_resolved, n_bootstrap)
    ledger, n_drafts = _without_drafts(ledger)
    results, calls, sens = _score(ledger, as_of, reader, restated, min_resolved)
    sources, overall = _summarise(
        ledger, calls, sens, min_resolved=min_resolved, n_bootstrap=n_bootstrap, seed=seed
    )
    return Evaluation(  # built by keyword; `duplicates` pairs the shape with others (intentional)
        as_of=as_of,
        scale=reader.scale.name,
        point_rule=point_rule,
        min_resolved=min_resolved,
        n_bootstrap=n_bootstrap,
        seed=seed,
        restated=restated,
        predictions=tuple(results),
        sources=sources,
        overall=overall,
        sensitivity=sens,
        crowd_comparison=crowd_comparisons(ledger.sources, results),
        deadline_sensitivity=_deadlines(ledger, as_of, reader, results, (min_resolved, seed)),
        n_drafts=n_drafts,
    )


def _score(
    ledger: Ledger, as_of: dt.date, reader: Reader, restated: str, min_resolved: int
) -> tuple[list[PredictionResult], list[PredictionResult], Sensitivity]:
    """Resolve, interpret and score every call, weigh each chain; and the scale sensitivity.

    Returns:
        Every prediction's result (in ledger order), the calls the scorecards
        count (one per chain unless ``restated`` is ``"each"``) and the
        sensitivity table.
    """
    policy = _checked_restated(restated)
    chains = chains_of(ledger.predictions)
    weighing = Weighing(policy, as_of, chains)
    results = call_results(ledger, resolve_calls(ledger, as_of), reader, weighing)
    calls = units_of(results, chains, policy)
    sens = scale_sensitivity(ledger, results, reader.scale, reader.point_rule, min_resolved)
    return results, calls, sens


def _checked_restated(restated: str) -> Restated:
    """The policy for restated forecasts ``restated`` names."""
    try:
        return parse_restated(restated)
    except ValueError as exc:
        raise ValueError(f"unknown restated policy {restated!r}; {exc}") from None


def _deadlines(
    ledger: Ledger,
    as_of: dt.date,
    reader: Reader,
    results: list[PredictionResult],
    ranking: tuple[int, int],
) -> DeadlineSensitivity:
    """The deadline sensitivity: the ledger resolved again under the shortest readings.

    ``ranking`` is (min_resolved, seed), as :func:`evaluate` was given them.
    Only the predictions holding a phrase with two readings are resolved
    again; every other one resolves the same way under both, so its result
    stands for it in the shortest reading's too.
    """
    min_resolved, seed = ranking
    phrases, changed = deadline_phrases(ledger)
    shortest = None
    if any(phrases.values()):
        again = [ledger.predictions[i] for i in changed]
        resolved = resolve_calls(ledger, as_of, ledger.readings.picking("shortest"), again)
        redone = call_results(ledger, resolved, reader, predictions=again)
        shortest = list(results)
        for i, result in zip(changed, redone, strict=True):
            shortest[i] = result
    return deadline_sensitivity(
        ledger, results, shortest, min_resolved=min_resolved, seed=seed, phrases=phrases
    )


def _without_drafts(ledger: Ledger) -> tuple[Ledger, int]:
    """The ledger without its draft predictions (not yet confirmed), and how many there were."""
    kept = tuple(p for p in ledger.predictions if not p.draft)
    n = len(ledger.predictions) - len(kept)
    return (attrs.evolve(ledger, predictions=kept, checked=None), n) if n else (ledger, 0)


def _checked_reader(
    as_of: dt.date, scale: str | Scale, point_rule: str, min_resolved: int, n_bootstrap: int
) -> Reader:
    """The reader of the scale and point rule, once each argument of :func:`evaluate` is checked."""
    if isinstance(as_of, dt.datetime) or not isinstance(as_of, dt.date):
        raise TypeError(f"as_of must be a date, not {type(as_of).__name__}")
    scale_used = scale if isinstance(scale, Scale) else get_scale(scale)
    if point_rule not in POINT_RULES:
        raise ValueError(
            f"unknown point rule {point_rule!r}; expected one of {', '.join(POINT_RULES)}"
        )
    if min_resolved < 0 or n_bootstrap < 0:
        raise ValueError("min_resolved and n_bootstrap must not be negative")
    return Reader(scale_used, point_rule)


def _summarise(
    ledger: Ledger,
    results: Sequence[PredictionResult],
    sens: Sensitivity,
    *,
    min_resolved: int,
    n_bootstrap: int,
    seed: int,
) -> tuple[tuple[Scorecard, ...], Scorecard]:
    """One scorecard per source (ledger order, then any unlisted source), and the pooled one.

    ``results`` are the calls the scorecards count: one per chain of restated
    readings unless every reading is its own call.
    """
    by_source: dict[str, list[PredictionResult]] = {s.id: [] for s in ledger.sources}
    for r in results:
        by_source.setdefault(r.source, []).append(r)
    scored = [r for r in results if r.brier is not None]
    kinds: dict[str, SourceKind] = {s.id: s.kind for s in ledger.sources}
    brier = [float(r.brier or 0.0) for r in scored]  # every scored call has both scores
    log = [float(r.log_score or 0.0) for r in scored]
    with _draws.shared():  # bootstraps of the same questions share one draw of weights
        shared = pooled(scored, brier, log, n_bootstrap, seed)  # both scores, one resampling
        placing = rank_by_kind(
            kinds,
            by_source,
            scored,
            min_resolved=min_resolved,
            n_bootstrap=n_bootstrap,
            seed=seed,
            shared=shared,
        )
        brier_interval = mean_intervals(scored, brier, n_bootstrap, seed, shared=shared)
        log_interval = mean_intervals(scored, log, n_bootstrap, seed, shared=shared, part=1)
    scores = SourceScores(
        brier_interval=brier_interval,
        log_interval=log_interval,
        rank_interval=placing.rank_interval,
        skill=relative_skill(scored, seed, revisions(results)),
    )
    ranges = source_ranges(sens)
    names = {s.id: s.name for s in ledger.sources}
    entries = [
        SourceCalls(
            source,
            names.get(source, source),
            calls,
            ranges.get(source, (None, None)),
            placing.rank(source),
            placing.n_ranked(source),
            kinds.get(source, DEFAULT_KIND),
        )
        for source, calls in by_source.items()
    ]
    sources = scorecards(entries, scores=scores, min_resolved=min_resolved)
    return sources, _overall(results, (brier_interval, log_interval), sens, min_resolved)


def _overall(
    results: Sequence[PredictionResult],
    intervals: tuple[Mapping[str, tuple[float, float]], Mapping[str, tuple[float, float]]],
    sens: Sensitivity,
    min_resolved: int,
) -> Scorecard:
    """The scorecard of all sources pooled; ``intervals``: the (Brier, log) bootstrap intervals."""
    brier_interval, log_interval = intervals
    return scorecard(
        ALL_SOURCES,
        name="All sources",
        calls=results,
        scores=SourceScores(
            brier_interval=brier_interval, log_interval=log_interval, rank_interval={}, skill={}
        ),
        ranges=pooled_ranges(sens),
        rank=None,
        n_ranked=0,
        min_resolved=min_resolved,
        kind=None,
    )
