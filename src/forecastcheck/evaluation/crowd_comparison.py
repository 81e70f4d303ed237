"""Summarise, part five: kinds of source, and each person measured against the crowd.

Community, market and model sources (:data:`APART_KINDS`) are listed and
ranked apart from people and institutions: a community forecast or a market
price is an aggregate of many forecasters, not one more contestant, and a
model is a method, so none of them moves a person's rank. They are ranked
among themselves (:func:`rank_by_kind`).

Community and market sources (:data:`YARDSTICK_KINDS`) are also the yardstick:
:func:`crowd_comparisons` sets each person, institution and model
(:data:`COMPARED_KINDS`) against each of them on the resolved questions both
answered (the evaluation's question identity,
:mod:`~forecastcheck.evaluation.questions`), as Metaculus' peer score sets a
forecast against the others' forecasts standing at the same time and
ForecastBench sets a forecaster against the market's price on the questions'
freeze date. Per question:

- the source's **call** is its last scored call on the question (the latest
  statement date, the later in ledger order on a tie), as relative skill
  takes it (:mod:`~forecastcheck.evaluation.skill`);
- the crowd's **reading** is its latest scored reading on the question stated
  no later than that call (the last day of each statement window, the later in
  ledger order on a tie): what the crowd said when the source spoke, and
  never a reading that knew more. A question on which the crowd said nothing
  by then is not compared, and counted (``n_no_earlier_reading``).

The comparison is the mean Brier score of the calls and of the readings over
the compared questions, their difference (source − crowd: below 0 is better
than the crowd) and their ratio (source / crowd: below 1 is better).
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Mapping, Sequence

import attrs

from forecastcheck.evaluation.ranking import Ranking, rank_sources
from forecastcheck.evaluation.results import CrowdComparison, CrowdQuestion, PredictionResult
from forecastcheck.ledger import Source

__all__ = [
    "APART_KINDS",
    "COMPARED_KINDS",
    "YARDSTICK_KINDS",
    "Placing",
    "crowd_comparisons",
    "rank_by_kind",
]

APART_KINDS: tuple[str, ...] = ("community", "market", "model")
"""Kinds of source listed and ranked apart from people and institutions."""

YARDSTICK_KINDS: tuple[str, ...] = ("community", "market")
"""Kinds of source the others are compared with (:func:`crowd_comparisons`)."""

COMPARED_KINDS: tuple[str, ...] = ("person", "institution", "model")
"""Kinds of source compared with each yardstick."""

_Key = tuple[str, int]


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
) -> Placing:
    """Two rankings (:func:`~forecastcheck.evaluation.ranking.rank_sources`): people and
    institutions among themselves, the :data:`APART_KINDS` among themselves.

    A source missing from ``kinds`` is a person (the default kind).
    """
    people: dict[str, Sequence[PredictionResult]] = {}
    apart: dict[str, Sequence[PredictionResult]] = {}
    for source, calls in by_source.items():
        (apart if kinds.get(source, "person") in APART_KINDS else people)[source] = calls
    return Placing(
        tuple(
            rank_sources(group, scored, min_resolved, n_bootstrap, seed)
            for group in (people, apart)
        )
    )


def _by_question(scored: Iterable[PredictionResult]) -> dict[_Key, list[PredictionResult]]:
    """The scored calls by (source, question), each list in ledger order."""
    out: dict[_Key, list[PredictionResult]] = {}
    for r in scored:
        if r.brier is not None and r.question is not None:
            out.setdefault((r.source, r.question), []).append(r)
    return out


def _latest(calls: Iterable[PredictionResult]) -> PredictionResult | None:
    """The call stated last (last day of its window); the later in ledger order on a tie."""
    latest = None
    for r in calls:
        if latest is None or r.stated.end >= latest.stated.end:
            latest = r
    return latest


_Means = tuple[float | None, float | None, float | None, float | None]


def _means(questions: Sequence[CrowdQuestion]) -> _Means:
    """The two means, their difference and their ratio (all ``None`` with no question)."""
    if not questions:
        return None, None, None, None
    brier = statistics.fmean(x.brier for x in questions)
    crowd = statistics.fmean(x.crowd_brier for x in questions)
    return brier, crowd, brier - crowd, brier / crowd if crowd else None


def _compare(
    source: Source,
    crowd: Source,
    calls: Mapping[_Key, list[PredictionResult]],
) -> CrowdComparison | None:
    """One source against one crowd, or ``None`` when they share no resolved question."""
    shared = sorted(q for s, q in calls if s == source.id and (crowd.id, q) in calls)
    if not shared:
        return None
    questions = []
    for q in shared:
        call = _latest(calls[(source.id, q)])
        assert call is not None  # every key holds at least one call
        reading = _latest(r for r in calls[(crowd.id, q)] if r.stated.end <= call.stated.end)
        if reading is not None:
            questions.append(
                CrowdQuestion(
                    question=q,
                    call=call.id,
                    reading=reading.id,
                    brier=float(call.brier or 0.0),  # a scored call has a Brier score
                    crowd_brier=float(reading.brier or 0.0),
                )
            )
    brier, crowd_brier, difference, ratio = _means(questions)
    return CrowdComparison(
        source=source.id,
        source_name=source.name,
        crowd=crowd.id,
        crowd_name=crowd.name,
        crowd_kind=crowd.kind,
        n_shared=len(questions),
        n_no_earlier_reading=len(shared) - len(questions),
        brier=brier,
        crowd_brier=crowd_brier,
        difference=difference,
        ratio=ratio,
        questions=tuple(questions),
    )


def crowd_comparisons(
    sources: Sequence[Source], results: Sequence[PredictionResult]
) -> tuple[CrowdComparison, ...]:
    """Each compared source against each yardstick it shares a resolved question with.

    In ledger order of the compared sources, then of the yardsticks. See the
    module's documentation for which call and which reading are compared.
    """
    calls = _by_question(results)
    compared = [s for s in sources if s.kind in COMPARED_KINDS]
    crowds = [s for s in sources if s.kind in YARDSTICK_KINDS]
    out = (_compare(s, c, calls) for s in compared for c in crowds)
    return tuple(c for c in out if c is not None)
