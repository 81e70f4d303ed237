"""Summarise, part four: which verdicts flip between a deadline's shortest and longest reading.

A vague span ("within weeks") and an alternative ("by late January / early
February 2022") have two readings; the ledger is resolved under the longest
(the default) and, when any call has such a deadline, again under the
shortest. :func:`deadline_sensitivity` compares the two: every call whose
verdict flips, each source's count and mean Brier score both ways, and the
ranking both ways. The reports render it as "deadline sensitivity".
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from forecastcheck.evaluation.deadline_results import (
    DeadlineFlip,
    DeadlineSensitivity,
    SourceDeadlines,
)
from forecastcheck.evaluation.ranking import rank_sources
from forecastcheck.evaluation.results import PredictionResult
from forecastcheck.ledger import Deadline, Ledger, Occurs, Prediction, Reading, Readings, walk
from forecastcheck.ledger.propositions import date_fields

__all__ = [
    "alternative_phrases",
    "deadline_phrases",
    "deadline_sensitivity",
    "two_reading_phrases",
]


def two_reading_phrases(ledger: Ledger, prediction: Prediction) -> tuple[str, ...]:
    """The deadline phrases of a prediction that have a shortest and a longest reading.

    An unscorable prediction has none here (it has no verdict to flip).
    """
    if prediction.unscorable is not None:
        return ()
    return alternative_phrases(ledger, prediction)


def alternative_phrases(ledger: Ledger, prediction: Prediction) -> tuple[str, ...]:
    """The deadline phrases with two readings a prediction's proposition holds, scorable or not.

    Only a prediction holding one can be resolved differently under the
    shortest reading; :func:`two_reading_phrases` leaves out the unscorable ones.
    """
    return _alternatives(ledger.readings, prediction)


def _alternatives(readings: Readings, prediction: Prediction) -> tuple[str, ...]:
    """:func:`alternative_phrases` under ``readings``; a plain ``occurs`` read without a walk.

    A plain ``occurs`` (no ``after``) holds one date, its deadline, read as a
    horizon: what :func:`~forecastcheck.ledger.propositions.date_fields` gives for it.
    """
    proposition = prediction.proposition
    if proposition is None:
        return ()
    if type(proposition) is Occurs and proposition.after is None:  # the common case
        text = proposition.deadline
        if text is None or not _two_readings(readings.read(text, "horizon", prediction.stated)):
            return ()
        return (text,)
    found: list[str] = []
    for part in walk(proposition):
        for _, text, how in date_fields(part):
            if _two_readings(readings.read(text, how, prediction.stated)) and text not in found:
                found.append(text)
    return tuple(found)


def _two_readings(reading: Reading) -> bool:
    """Whether a phrase's reading is a deadline with a shortest and a longest reading."""
    result = reading.result
    return isinstance(result, Deadline) and bool(result.alternatives)


def deadline_phrases(ledger: Ledger) -> tuple[dict[str, tuple[str, ...]], list[int]]:
    """Each prediction's :func:`two_reading_phrases` by id, and which may resolve otherwise.

    The second are the indices of the predictions holding any phrase with two
    readings (:func:`alternative_phrases`, the unscorable ones too): every
    other prediction resolves the same way under either reading. Each
    prediction's phrases are read once.
    """
    phrases: dict[str, tuple[str, ...]] = {}
    changed: list[int] = []
    readings = ledger.readings
    for i, prediction in enumerate(ledger.predictions):
        found = _alternatives(readings, prediction)
        if found:
            changed.append(i)
            phrases[prediction.id] = () if prediction.unscorable is not None else found
        else:
            phrases[prediction.id] = ()
    return phrases, changed


def _mean(calls: Sequence[PredictionResult]) -> float | None:
    done = [c.brier for c in calls if c.brier is not None]
    return sum(done) / len(done) if done else None


def deadline_sensitivity(
    ledger: Ledger,
    longest: Sequence[PredictionResult],
    shortest: Sequence[PredictionResult] | None,
    *,
    min_resolved: int,
    seed: int,
    phrases: Mapping[str, tuple[str, ...]] | None = None,
) -> DeadlineSensitivity:
    """Compare the ledger's scored results under the longest and the shortest readings.

    Args:
        ledger: the ledger.
        longest: its results under the default, the longest reading.
        shortest: its results under the shortest reading; ``None`` when no
            call has a deadline with two readings (nothing to compare). Only
            the statuses, sources and Brier scores are read.
        min_resolved: resolved calls a source needs to be ranked.
        seed: the ranking's seed (no bootstrap is drawn here).
        phrases: each prediction's :func:`two_reading_phrases`, by id, when
            the caller has them already (else they are read here).
    """
    if phrases is None:
        phrases = {p.id: two_reading_phrases(ledger, p) for p in ledger.predictions}
    n = sum(1 for found in phrases.values() if found)
    if shortest is None or not n:
        return DeadlineSensitivity(n)
    flips = tuple(
        DeadlineFlip(lo.id, lo.source, lo.source_name, phrases[lo.id], sh.resolved, lo.resolved)
        for lo, sh in zip(longest, shortest, strict=True)
        if sh.resolved != lo.resolved
    )
    ranks = [_ranks(results, min_resolved, seed) for results in (shortest, longest)]
    names = {s.id: s.name for s in ledger.sources}
    sources = []
    for source, calls in _by_source(longest).items():
        short_calls = [r for r in shortest if r.source == source]
        sources.append(
            SourceDeadlines(
                source=source,
                name=names.get(source, source),
                n_two_readings=sum(1 for c in calls if phrases[c.id]),
                n_flipped=sum(1 for f in flips if f.source == source),
                brier_shortest=_mean(short_calls),
                brier_longest=_mean(calls),
                rank_shortest=ranks[0].get(source),
                rank_longest=ranks[1].get(source),
            )
        )
    moved = tuple(s for s in sources if s.n_two_readings or s.rank_shortest != s.rank_longest)
    return DeadlineSensitivity(n, flips, moved)


def _by_source(results: Sequence[PredictionResult]) -> dict[str, list[PredictionResult]]:
    by: dict[str, list[PredictionResult]] = {}
    for r in results:
        by.setdefault(r.source, []).append(r)
    return by


def _ranks(results: Sequence[PredictionResult], min_resolved: int, seed: int) -> Mapping[str, int]:
    scored = [r for r in results if r.brier is not None]
    return rank_sources(_by_source(results), scored, min_resolved, 0, seed).ranks
