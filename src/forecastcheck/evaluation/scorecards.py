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
import numpy.typing as npt

from forecastcheck.calibration import ReliabilityTable, _grouped, reliability_table, right_side
from forecastcheck.evaluation.numeric import summarize_numbers
from forecastcheck.evaluation.ranking import APART_KINDS
from forecastcheck.evaluation.results import ALL_SOURCES, PredictionResult, Scorecard
from forecastcheck.evaluation.sensitivities import Ranges
from forecastcheck.evaluation.skill import Skill
from forecastcheck.evaluation.verdicts import CallStatus, Verdict
from forecastcheck.ledger import DEFAULT_KIND, SourceKind
from forecastcheck.resolution import Timing
from forecastcheck.scoring import ScoreSummary, _exact, _validate, summarize

__all__ = ["CALIBRATION_BINS", "SourceCalls", "SourceScores", "scorecard", "scorecards"]

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


def _all_means(groups: Sequence[Sequence[PredictionResult]]) -> list[_Means]:
    """:func:`_means` of each group of scored calls, taken over all the groups at once.

    The scores are summed exactly per group (:mod:`~forecastcheck.scoring._exact`:
    the same integers as each group summed alone), the calls on the right side
    counted per group, and the reliability tables made together
    (:func:`~forecastcheck.calibration._grouped.reliability_tables`).
    """
    sizes = [len(g) for g in groups]
    every = [c for g in groups for c in g]
    if not every:
        return [_Means() for _ in groups]
    ngroups = len(groups)
    codes = np.repeat(np.arange(ngroups, dtype=np.intp), sizes)
    p = np.array([c.probability for c in every], dtype=np.float64)
    y = np.array([c.outcome for c in every], dtype=np.int8)
    pa, yb, _ = _validate.binary_kept(p, y, "raise")
    brier = _summaries([float(c.brier or 0.0) for c in every], codes, sizes, "brier")
    log = _summaries([float(c.log_score or 0.0) for c in every], codes, sizes, "log")
    right = np.bincount(codes, np.where(yb, pa > 0.5, pa < 0.5), ngroups).tolist()
    wanted = [g for g, n in enumerate(sizes) if n]
    tables = dict(
        zip(
            wanted,
            _grouped.reliability_tables(pa, yb, codes, wanted, CALIBRATION_BINS),
            strict=True,
        )
    )
    return [
        _Means(
            brier=brier[g].mean,
            log_score=log[g].mean,
            n_infinite=log[g].n_infinite,
            hit_rate=int(right[g]) / n,
            calibration=tables[g],
        )
        if n
        else _Means()
        for g, n in enumerate(sizes)
    ]


def _summaries(
    values: list[float], codes: npt.NDArray[np.intp], sizes: list[int], rule: str
) -> list[ScoreSummary]:
    """:func:`~forecastcheck.scoring.summarize` of each group's values (``codes``: their groups)."""
    arr = np.array(values, dtype=np.float64)
    ngroups = len(sizes)
    totals, n_bad = _exact.sums_checked(arr, codes, ngroups)
    n_omitted = n_pos = n_neg = [0] * ngroups
    if n_bad:
        n_omitted = np.bincount(codes[np.isnan(arr)], minlength=ngroups).tolist()
        n_pos = np.bincount(codes[arr == np.inf], minlength=ngroups).tolist()
        n_neg = np.bincount(codes[arr == -np.inf], minlength=ngroups).tolist()
    return [
        ScoreSummary.from_exact_total(
            rule,
            totals[g],
            n_finite=sizes[g] - n_omitted[g] - n_pos[g] - n_neg[g],
            n_pos=n_pos[g],
            n_neg=n_neg[g],
            n_omitted=n_omitted[g],
        )
        for g in range(ngroups)
    ]


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


@attrs.frozen
class SourceCalls:
    """One source's calls and its place, as :func:`scorecards` takes them (:func:`scorecard`'s
    arguments of the same names)."""

    source: str
    name: str
    calls: Sequence[PredictionResult]
    ranges: Ranges
    rank: int | None
    n_ranked: int
    kind: SourceKind | None = DEFAULT_KIND


def scorecards(
    sources: Sequence[SourceCalls], *, scores: SourceScores, min_resolved: int
) -> tuple[Scorecard, ...]:
    """:func:`scorecard` of each source, their mean scores and reliability tables taken at once."""
    split = [_split(s.calls) for s in sources]
    means = _all_means([scored for _, scored in split])
    return tuple(
        _card(s, kept, scored, m, (scores, min_resolved))
        for s, (kept, scored), m in zip(sources, split, means, strict=True)
    )


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
    entry = SourceCalls(source, name, calls, ranges, rank, n_ranked, kind)
    kept, scored = _split(calls)
    return _card(entry, kept, scored, _means(scored), (scores, min_resolved))


def _split(
    calls: Sequence[PredictionResult],
) -> tuple[list[PredictionResult], list[PredictionResult]]:
    """The calls that are not point forecasts, and the scored ones among them."""
    kept = [c for c in calls if c.numeric is None]
    return kept, [c for c in kept if c.brier is not None]


def _card(
    entry: SourceCalls,
    calls: list[PredictionResult],
    scored: list[PredictionResult],
    means: _Means,
    shared: tuple[SourceScores, int],
) -> Scorecard:
    """The scorecard of ``entry``: ``calls`` and ``scored`` are :func:`_split`'s of its calls,
    ``means`` are the scored calls' :func:`_means`, ``shared`` is (scores, min_resolved)."""
    scores, min_resolved = shared
    source, name, everything, ranges = entry.source, entry.name, entry.calls, entry.ranges
    rank, n_ranked, kind = entry.rank, entry.n_ranked, entry.kind
    status = _Tally([c.status for c in calls])
    verdict = _Tally([c.verdict for c in calls])
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
