"""Resolve: every prediction's proposition against the event log, as of a date.

:func:`resolve_calls` runs one :class:`~forecastcheck.resolution.Resolver` over
the ledger: each prediction's :class:`~forecastcheck.resolution.Resolution` and
its question number (:mod:`forecastcheck.evaluation.questions`).
:func:`evidence_of` and :func:`figures_of` turn a resolution into what a
result shows: the events behind it with their reports, the deadline, the
day it was decided, the lead time and the error of a date or value forecast.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence

import attrs

from forecastcheck import _collector
from forecastcheck.evaluation.questions import number_questions
from forecastcheck.evaluation.results import Evidence, EvidenceLink
from forecastcheck.ledger import Citation, Document, Event, Ledger, Prediction, Readings
from forecastcheck.resolution import Resolution, Resolver

__all__ = ["Figures", "Resolved", "evidence_of", "figures_of", "resolve_calls"]


@attrs.frozen
class Resolved:
    """The ledger resolved: resolutions by prediction id, question numbers in ledger order."""

    resolutions: Mapping[str, Resolution]
    questions: list[int | None]


def resolve_calls(
    ledger: Ledger,
    as_of: dt.date,
    readings: Readings | None = None,
    predictions: Sequence[Prediction] | None = None,
) -> Resolved:
    """Resolve every prediction of the ledger as of a date and number its questions.

    ``readings`` are the ledger's own unless given (the shortest reading's, for
    the deadline sensitivity); ``predictions`` are the ledger's unless given
    (some of them: their questions are then numbered among themselves).
    """
    calls = ledger.predictions if predictions is None else predictions
    with _collector.held():  # indexing and numbering too (see resolve_ledger)
        resolver = Resolver(ledger.log, ledger.readings if readings is None else readings)
        resolutions = resolver.resolve_all(calls, as_of)
        return Resolved(resolutions, number_questions(calls, resolver))


def _link(citation: Citation, documents: Mapping[str, Document]) -> EvidenceLink:
    """One report, its missing details taken from the ledger document it cites."""
    doc = documents.get(citation.document) if citation.document is not None else None
    if doc is None:
        return EvidenceLink(
            outlet=citation.outlet or citation.document or "",
            url=citation.url,
            title=citation.title,
            published=citation.published,
            document=citation.document,
        )
    return EvidenceLink(
        outlet=citation.outlet or doc.outlet,
        url=citation.url or doc.url,
        title=citation.title or doc.title,
        published=citation.published or doc.published,
        document=doc.id,
    )


def evidence_of(events: Iterable[Event], documents: Mapping[str, Document]) -> tuple[Evidence, ...]:
    """The events that decided a prediction, each with its reports."""
    return tuple(
        Evidence(
            event=event.id,
            date=event.date,
            summary=event.summary,
            links=tuple(_link(c, documents) for c in event.evidence),
            occurred=event.occurred,
            judged_by=event.judged_by,
            reason=event.reason,
        )
        for event in events
    )


@attrs.frozen
class Figures:
    """The days and errors a :class:`~forecastcheck.evaluation.PredictionResult` shows."""

    deadline: dt.date | None = None
    decided_on: dt.date | None = None
    lead_days: int | None = None
    error_days: float | None = None
    value_error: float | None = None


def figures_of(prediction: Prediction, resolution: Resolution | None) -> Figures:
    """Deadline, decision day, lead days and forecast errors of one resolved prediction.

    The lead runs from the statement (the last day of its window) to the
    deadline or, with none, to the day it was decided.
    """
    if resolution is None:
        return Figures()
    deadline = None if resolution.deadline is None else resolution.deadline.last_day
    end = deadline or resolution.decided_on
    return Figures(
        deadline=deadline,
        decided_on=resolution.decided_on,
        lead_days=None if end is None else (end - prediction.stated.end).days,
        error_days=resolution.error if resolution.forecast_date is not None else None,
        value_error=resolution.error if resolution.forecast_value is not None else None,
    )
