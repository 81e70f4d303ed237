"""Summarise, part four: one :class:`~forecastcheck.evaluation.Scorecard` from a source's calls.

:func:`scorecard` counts a source's calls by status and verdict, takes the
mean scores of its scored calls (:func:`forecastcheck.scoring.summarize`),
their hit rate and reliability table (:mod:`forecastcheck.calibration`), and
adds what the other summarise stages found for it (:class:`SourceScores`:
intervals, rank, skill; the scale ranges). The pooled card
(:data:`~forecastcheck.evaluation.ALL_SOURCES`) is built the same way from
every call, unranked.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import attrs
import numpy as np

from forecastcheck.calibration import ReliabilityTable, reliability_table, right_side
from forecastcheck.evaluation.numeric import summarize_numbers
from forecastcheck.evaluation.ranking import APART_KINDS
from forecastcheck.evaluation.results import ALL_SOURCES, PredictionResult, Scorecard
from forecastcheck.evaluation.sensitivities import Ranges
from forecastcheck.evaluation.skill import Skill
from forecastcheck.evaluation.verdicts import CallStatus, Verdict
from forecastcheck.ledger import DEFAULT_KIND, SourceKind
from forecastcheck.resolution import Timing
from forecastcheck.scoring import summarize

__all__ = ["CALIBRATION_BINS", "SourceScores", "scorecard"]

CALIBRATION_BINS = 10
"""Equal-width bins of the reliability tables (empty bins are kept)."""

_AMONG = " among crowds, markets and models"
"""Follows the rank in words of a community, market or model source: it is ranked apart
(``"rank 1 of 2 among crowds, markets and models"``)."""


@attrs.frozen
class SourceScores:
    """Bootstrap intervals, rank intervals and pairwise skill, keyed by source id."""

    brier_interval: Mapping[str, tuple[float, float]]
    log_interval: Mapping[str, tuple[float, float]]
    rank_interval: Mapping[str, tuple[float, float]]
    skill: Mapping[str, Skill]


class _Tally:
    """How often each value occurs in a list, counted when asked (``list.count``).

    A scorecard asks for a handful of statuses and verdicts; counting each in
    one pass of C is cheaper than hashing every call's member into a ``Counter``.
    """

    def __init__(self, values: list[CallStatus | Verdict]) -> None:
        self._values = values

    def __getitem__(self, value: CallStatus | Verdict) -> int:
        return self._values.count(value)


@attrs.frozen
class _Means:
    """The mean scores, hit rate and reliability of the scored calls (all ``None`` without)."""

    brier: float | None = None
    log_score: float | None = None
    n_infinite: int = 0
    hit_rate: float | None = None
    calibration: ReliabilityTable | None = None


def _means(scored: Sequence[PredictionResult]) -> _Means:
    if not scored:
        return _Means()
    p = np.array([c.probability for c in scored], dtype=np.float64)
    y = np.array([c.outcome for c in scored], dtype=np.int8)
    log_summary = summarize([float(c.log_score or 0.0) for c in scored], rule="log")
    return _Means(
        brier=summarize([float(c.brier or 0.0) for c in scored], rule="brier").mean,
        log_score=log_summary.mean,
        n_infinite=log_summary.n_infinite,
        hit_rate=right_side(p, y).share_right,
        calibration=reliability_table(p, y, CALIBRATION_BINS),
    )


def _ranking(
    source: str,
    placed: tuple[bool, int | None, int],
    n: int,
    need: int,
    kind: SourceKind | None,
) -> str:
    """The ranking text; ``placed`` is (ranked, rank, number ranked)."""
    ranked, rank, n_ranked = placed
    if source == ALL_SOURCES:
        return "all sources pooled"
    if ranked and rank is not None:
        return f"rank {rank} of {n_ranked}" + (_AMONG if kind in APART_KINDS else "")
    return f"unranked: {n} resolved < {need}"


def scorecard(
    source: str,
    *,
    name: str,
    calls: Sequence[PredictionResult],
    scores: SourceScores,
    ranges: Ranges,
    rank: int | None,
    n_ranked: int,
    min_resolved: int,
    kind: SourceKind | None = DEFAULT_KIND,
) -> Scorecard:
    """The scorecard of one source's calls (``ALL_SOURCES``: every call), point forecasts apart."""
    everything, calls = calls, [c for c in calls if c.numeric is None]
    status = _Tally([c.status for c in calls])
    verdict = _Tally([c.verdict for c in calls])
    scored = [c for c in calls if c.brier is not None]
    means = _means(scored)
    ranked = source != ALL_SOURCES and len(scored) >= min_resolved
    skill, note, comparisons = scores.skill.get(source, (None, "n/a (nothing resolved)", ()))
    not_scorable = status[CallStatus.UNSCORABLE] + status[CallStatus.AFTER_THE_FACT]
    return Scorecard(
        source=source,
        source_name=name,
        n_predictions=len(everything),
        n_scorable=len(calls) - not_scorable,
        n_resolved=len(scored),
        n_pending=status[CallStatus.PENDING],
        n_ambiguous=status[CallStatus.AMBIGUOUS],
        n_annulled=status[CallStatus.ANNULLED],
        n_unscorable=not_scorable,
        n_after_the_fact=status[CallStatus.AFTER_THE_FACT],
        n_timing_uncertain=[c.timing for c in calls].count(Timing.MAY_BE_AFTER_THE_FACT),
        n_hits=verdict[Verdict.HIT],
        n_misses=verdict[Verdict.MISS],
        n_even=verdict[Verdict.EVEN],
        n_questions=len({c.question for c in scored}),
        brier=means.brier,
        brier_interval=scores.brier_interval.get(source),
        log_score=means.log_score,
        log_score_interval=scores.log_interval.get(source),
        n_infinite=means.n_infinite,
        hit_rate=means.hit_rate,
        calibration=means.calibration,
        relative_skill=skill,
        skill_note="n/a (pooled)" if source == ALL_SOURCES else note,
        comparisons=comparisons,
        sensitivity_brier=ranges[0],
        sensitivity_log=ranges[1],
        ranked=ranked,
        rank=rank if ranked else None,
        rank_interval=scores.rank_interval.get(source) if ranked else None,
        ranking=_ranking(source, (ranked, rank, n_ranked), len(scored), min_resolved, kind),
        kind=kind,
        value_forecasts=summarize_numbers(everything, "value"),
        date_forecasts=summarize_numbers(everything, "date"),
    )
