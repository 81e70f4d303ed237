"""Summarise, part one: ranks by mean Brier score, and question-level bootstrap intervals.

:func:`rank_sources` ranks the sources with at least ``min_resolved``
resolved calls by their mean Brier score (1 best; ties share a rank) and
bootstraps each rank's interval; :func:`mean_intervals` bootstraps the
interval of each source's mean score and of the pooled mean. Both resample
questions, not calls (:func:`forecastcheck.compare.bootstrap`), at the
nominal coverage :data:`LEVEL`.

Community, market and model sources (:data:`APART_KINDS`) are listed and
ranked apart from people and institutions: a community forecast or a market
price is an aggregate of many forecasters, not one more contestant, and a
model is a method, so none of them moves a person's rank. They are ranked
among themselves (:func:`rank_by_kind`).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import cast

import attrs
import numpy as np

from forecastcheck.compare import SourceInterval, bootstrap
from forecastcheck.compare import resampling as _resampling
from forecastcheck.evaluation.results import ALL_SOURCES, PredictionResult
from forecastcheck.ledger import DEFAULT_KIND
from forecastcheck.scoring import summarize

__all__ = [
    "APART_KINDS",
    "LEVEL",
    "Placing",
    "Pooled",
    "Ranking",
    "mean_intervals",
    "rank_by_kind",
    "rank_sources",
]

LEVEL = 0.9
"""Nominal coverage of the bootstrap intervals (5%–95%)."""

APART_KINDS: tuple[str, ...] = ("community", "market", "model")
"""Kinds of source listed and ranked apart from people and institutions."""


def _bootstrap(
    groups: Sequence[str],
    questions: Sequence[int | None],
    values: Sequence[float | None],
    n_bootstrap: int,
    seed: int,
) -> dict[str, SourceInterval]:
    """One question-level bootstrap of the values, grouped (by source): each group's interval.

    The groups go in as their places in sorted order (integers sort faster than
    strings, in the same order), and come out by name.
    """
    names = sorted(set(groups))
    place = {name: k for k, name in enumerate(names)}
    result = bootstrap(
        np.array([place[g] for g in groups], dtype=np.int64),
        np.array(questions, dtype=np.int64),
        np.array(values, dtype=np.float64),
        n_resamples=n_bootstrap,
        level=LEVEL,
        seed=seed,
    )
    return {names[cast(int, s.source)]: s for s in result.sources}


@attrs.frozen(eq=False)
class Pooled:
    """One bootstrap of every scored call's Brier and log scores, by source and pooled.

    The rows :func:`mean_intervals` resamples (every call under its source,
    and again under :data:`ALL_SOURCES`), both scores resampled in one
    product (:func:`forecastcheck.compare.resampling.resample`); the mean
    intervals and, when the ranked sources answered every question, the rank
    intervals are read from it, the same numbers their own bootstraps give.
    ``names`` are the groups in sorted order (their places index
    ``resamples``); ``log`` says whether the log scores are in it (only when
    every one is finite).
    """

    names: tuple[str, ...]
    resamples: _resampling.Resamples
    log: bool

    def _result(
        self, k: int, among: Sequence[str] | None = None
    ) -> dict[str, SourceInterval] | None:
        place = {name: j for j, name in enumerate(self.names)}
        chosen = None if among is None else np.array([place[name] for name in among])
        result = _resampling.intervals(self.resamples, k, level=LEVEL, among=chosen)
        if result is None:
            return None
        return {self.names[cast(int, s.source)]: s for s in result.sources}


def pooled(
    scored: Sequence[PredictionResult],
    brier: Sequence[float],
    log: Sequence[float],
    n_bootstrap: int,
    seed: int,
) -> Pooled | None:
    """The :class:`Pooled` bootstrap of the scored calls' scores (``None`` without resamples).

    ``None`` too when some Brier score is not finite (its intervals leave
    sources out, so they are bootstrapped on their own).
    """
    if n_bootstrap < 1 or not scored or len(brier) != len(scored) or len(log) != len(scored):
        return None
    if not np.isfinite(np.asarray(brier, dtype=np.float64)).all():
        return None
    with_log = bool(np.isfinite(np.asarray(log, dtype=np.float64)).all())
    groups = [r.source for r in scored]
    groups = [*groups, *[ALL_SOURCES] * len(groups)]
    names = sorted(set(groups))
    place = {name: k for k, name in enumerate(names)}
    questions = [r.question for r in scored] * 2
    scores = [[*brier, *brier]] + ([[*log, *log]] if with_log else [])
    resamples = _resampling.resample(
        np.array([place[g] for g in groups], dtype=np.int64),
        np.array(questions, dtype=np.int64),
        [np.array(v, dtype=np.float64) for v in scores],
        n_resamples=n_bootstrap,
        seed=seed,
    )
    return Pooled(tuple(names), resamples, with_log)


@attrs.frozen
class Ranking:
    """The ranked sources: their mean Brier scores, ranks and rank intervals, by source id."""

    means: Mapping[str, float]
    ranks: Mapping[str, int]
    rank_interval: Mapping[str, tuple[float, float]]


def rank_sources(
    by_source: Mapping[str, Sequence[PredictionResult]],
    scored: Sequence[PredictionResult],
    min_resolved: int,
    n_bootstrap: int,
    seed: int,
    *,
    shared: Pooled | None = None,
) -> Ranking:
    """Rank by mean Brier the sources with at least ``min_resolved`` resolved calls.

    A lone ranked source ranks (1, 1); with two or more, the interval is
    bootstrapped over their calls among ``scored`` (the scored calls, in
    ledger order), none with ``n_bootstrap`` 0; read from ``shared`` (the
    :func:`pooled` bootstrap of the same ``scored``) when it holds them.
    """
    means = {}
    for source, calls in by_source.items():
        done = [c.brier for c in calls if c.brier is not None]
        if done and len(done) >= min_resolved:
            means[source] = summarize(done, rule="brier").mean
    ranks = {s: 1 + sum(m < means[s] for m in means.values()) for s in means}
    rank_interval: dict[str, tuple[float, float]] = {}
    if len(means) >= 2 and n_bootstrap:
        result = None
        if shared is not None and ALL_SOURCES not in means:
            result = shared._result(0, sorted(means))
        if result is None:
            ranked = [r for r in scored if r.source in means]
            result = _bootstrap(
                [r.source for r in ranked],
                [r.question for r in ranked],
                [r.brier for r in ranked],
                n_bootstrap,
                seed,
            )
        rank_interval = {
            source: (float(s.rank_low), float(s.rank_high)) for source, s in result.items()
        }
    elif len(means) == 1:
        rank_interval = dict.fromkeys(means, (1.0, 1.0))
    return Ranking(means=means, ranks=ranks, rank_interval=rank_interval)


@attrs.frozen
class Placing:
    """The two rankings, people and institutions and the kinds kept apart, by source."""

    rankings: tuple[Ranking, ...]

    def _of(self, source: str) -> Ranking | None:
        return next((r for r in self.rankings if source in r.ranks), None)

    def rank(self, source: str) -> int | None:
        """The source's rank within its group, or ``None`` when it is unranked."""
        ranking = self._of(source)
        return None if ranking is None else ranking.ranks[source]

    def n_ranked(self, source: str) -> int:
        """How many sources are ranked in the source's group (0 when it is unranked)."""
        ranking = self._of(source)
        return 0 if ranking is None else len(ranking.means)

    @property
    def rank_interval(self) -> dict[str, tuple[float, float]]:
        """Every ranked source's rank interval, within its group."""
        return {s: i for r in self.rankings for s, i in r.rank_interval.items()}


def rank_by_kind(
    kinds: Mapping[str, str],
    by_source: Mapping[str, Sequence[PredictionResult]],
    scored: Sequence[PredictionResult],
    *,
    min_resolved: int,
    n_bootstrap: int,
    seed: int,
    shared: Pooled | None = None,
) -> Placing:
    """Two rankings (:func:`rank_sources`): people and institutions among
    themselves, the :data:`APART_KINDS` among themselves.

    A source missing from ``kinds`` is of the default kind
    (:data:`~forecastcheck.ledger.DEFAULT_KIND`, a person). ``shared``: as
    :func:`rank_sources` takes it.
    """
    people: dict[str, Sequence[PredictionResult]] = {}
    apart: dict[str, Sequence[PredictionResult]] = {}
    for source, calls in by_source.items():
        (apart if kinds.get(source, DEFAULT_KIND) in APART_KINDS else people)[source] = calls
    return Placing(
        tuple(
            rank_sources(group, scored, min_resolved, n_bootstrap, seed, shared=shared)
            for group in (people, apart)
        )
    )


def mean_intervals(
    scored: Sequence[PredictionResult],
    values: Sequence[float],
    n_bootstrap: int,
    seed: int,
    *,
    shared: Pooled | None = None,
    part: int = 0,
) -> dict[str, tuple[float, float]]:
    """Question-level bootstrap intervals of each source's mean, and of the pooled mean.

    One resampling serves both: the pooled card is one more group, under
    :data:`ALL_SOURCES`, holding every score. Only groups with finite values
    on at least two questions get an interval: resampling a single question
    gives a zero-width interval that would read as certainty. ``shared`` is
    the :func:`pooled` bootstrap of ``scored``, read instead of a bootstrap
    of their own when it holds ``values``, its ``part`` (0: the Brier
    scores, 1: the log scores).
    """
    if n_bootstrap < 1 or not scored:
        return {}
    if shared is not None and (part == 0 or shared.log):
        return _intervals(shared._result(part))
    groups = [r.source for r in scored]
    questions = [r.question for r in scored]
    if len(values) != len(groups):
        raise ValueError(f"{len(values)} values for {len(groups)} scored calls")
    finite = np.isfinite(np.asarray(values, dtype=np.float64))
    if finite.all():  # every source kept, and the pooled group holds every score
        rows_groups = [*groups, *[ALL_SOURCES] * len(groups)]
        rows_questions = questions * 2
        rows_values = [*values, *values]
    else:
        bad = {groups[i] for i in np.flatnonzero(~finite).tolist()}
        keep = [i for i, g in enumerate(groups) if g not in bad]
        if not keep:
            return {}
        rows_groups = [groups[i] for i in keep]
        rows_questions = [questions[i] for i in keep]
        rows_values = [values[i] for i in keep]
    return _intervals(_bootstrap(rows_groups, rows_questions, rows_values, n_bootstrap, seed))


def _intervals(result: Mapping[str, SourceInterval] | None) -> dict[str, tuple[float, float]]:
    """The mean intervals of a bootstrap's groups on at least two questions."""
    return {
        source: (float(s.mean_low), float(s.mean_high))
        for source, s in (result or {}).items()
        if s.n_questions >= 2 and not (math.isnan(s.mean_low) or math.isnan(s.mean_high))
    }
