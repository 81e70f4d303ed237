"""Summarise, part five: each person, institution and model measured against the crowd.

Community, market and model sources are ranked apart from people and
institutions (:func:`~forecastcheck.evaluation.ranking.rank_by_kind`).
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

from forecastcheck.evaluation.results import CrowdComparison, CrowdQuestion, PredictionResult
from forecastcheck.evaluation.skill import last_calls, revisions
from forecastcheck.ledger import Source

__all__ = ["COMPARED_KINDS", "YARDSTICK_KINDS", "crowd_comparisons"]

YARDSTICK_KINDS: tuple[str, ...] = ("community", "market")
"""Kinds of source the others are compared with (:func:`crowd_comparisons`)."""

COMPARED_KINDS: tuple[str, ...] = ("person", "institution", "model")
"""Kinds of source compared with each yardstick."""

_Key = tuple[str, int]


def _by_question(scored: Iterable[PredictionResult]) -> dict[_Key, list[PredictionResult]]:
    """The scored calls by (source, question), each list in ledger order."""
    out: dict[_Key, list[PredictionResult]] = {}
    for r in scored:
        if r.brier is not None and r.question is not None:
            out.setdefault((r.source, r.question), []).append(r)
    return out


def _latest(calls: Iterable[PredictionResult], links: Mapping[str, str]) -> PredictionResult | None:
    """The last of one source's calls on one question (the rule of :func:`.skill.last_calls`)."""
    return next(iter(last_calls(calls, links).values()), None)


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
    links: Mapping[str, str],
    asked: Mapping[str, list[int]],
) -> CrowdComparison | None:
    """One source against one crowd, or ``None`` when they share no resolved question.

    ``asked`` holds each source's questions in ``calls``.
    """
    shared = sorted(q for q in asked.get(source.id, ()) if (crowd.id, q) in calls)
    if not shared:
        return None
    questions = []
    for q in shared:
        call = _latest(calls[(source.id, q)], links)
        assert call is not None  # every key holds at least one call
        earlier = (r for r in calls[(crowd.id, q)] if r.stated.end <= call.stated.end)
        reading = _latest(earlier, links)
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
    compared = [s for s in sources if s.kind in COMPARED_KINDS]
    crowds = [s for s in sources if s.kind in YARDSTICK_KINDS]
    if not compared or not crowds:  # no pair to compare
        return ()
    links = revisions(results)  # every reading's, so chains are followed through unscored ones
    wanted = {s.id for s in compared} | {c.id for c in crowds}
    calls = _by_question(r for r in results if r.source in wanted)  # only the paired sources'
    asked: dict[str, list[int]] = {}
    for source, question in calls:
        asked.setdefault(source, []).append(question)
    out = (_compare(s, c, calls, links, asked) for s in compared for c in crowds)
    return tuple(c for c in out if c is not None)
