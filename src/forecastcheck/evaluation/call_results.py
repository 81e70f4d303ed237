"""Every call's result, made once with its final values: resolution and reading joined, scored.

:func:`call_results` puts together what the resolve stage
(:mod:`~forecastcheck.evaluation.resolving`) and the interpret stage
(:mod:`~forecastcheck.evaluation.interpreting`) found for each prediction,
with its status and verdict (:mod:`~forecastcheck.evaluation.verdicts`), its
Brier and log scores (every scored call at once,
:mod:`~forecastcheck.evaluation.scoring_calls`) and, when weighed, its weight
in its chain of restated readings (:mod:`~forecastcheck.evaluation.restating`)
and a point forecast's :class:`NumericScore`
(:mod:`~forecastcheck.evaluation.numeric`). Each
:class:`~forecastcheck.evaluation.PredictionResult` is made once, from these
figures gathered first; an event's :class:`Evidence` is made once and shared
by every call it decided.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping, Sequence

import attrs

from forecastcheck import _collector
from forecastcheck.evaluation._made import result as made_result
from forecastcheck.evaluation.interpreting import Reader, Reading
from forecastcheck.evaluation.numeric import point_scores
from forecastcheck.evaluation.numeric_results import NumericScore
from forecastcheck.evaluation.resolving import Resolved, evidence_of
from forecastcheck.evaluation.restating import weights_of
from forecastcheck.evaluation.results import Evidence, PredictionResult
from forecastcheck.evaluation.scoring_calls import call_scores
from forecastcheck.evaluation.verdicts import NOT_SCORED, CallStatus, call_standing, verdict_of
from forecastcheck.ledger import DateWindow, Document, Event, Ledger, Prediction
from forecastcheck.ledger.chains import Restated
from forecastcheck.resolution import Resolution, Timing

__all__ = ["Weighing", "call_results"]


@attrs.frozen
class Weighing:
    """How the readings are weighed: the ``restated`` policy, the evaluation date, the chains."""

    policy: Restated
    as_of: dt.date
    chains: Sequence[tuple[int, ...]]


@attrs.define(slots=True)
class _Call:
    """What one call's result is made from, before it is made (dropped once it is)."""

    prediction: Prediction
    reading: Reading
    resolution: Resolution | None
    status: CallStatus
    resolved: CallStatus | None
    timing: tuple[Timing, str] | None
    outcome: int | None
    probability: float | None
    figures: _Figures
    evidence: tuple[Evidence, ...]

    @property
    def id(self) -> str:
        return self.prediction.id

    @property
    def stated(self) -> DateWindow:
        return self.prediction.stated

    @property
    def decided_on(self) -> dt.date | None:
        return self.figures[1]

    @property
    def deadline(self) -> dt.date | None:
        return self.figures[0]


_Figures = tuple[dt.date | None, dt.date | None, int | None, float | None, float | None]
"""A call's (deadline, decided_on, lead_days, error_days, value_error): the fields of
:func:`~forecastcheck.evaluation.resolving.figures_of`'s record, in its order."""

_NO_FIGURES: _Figures = (None, None, None, None, None)


def _figures(prediction: Prediction, resolution: Resolution | None) -> _Figures:
    """The fields of :func:`~forecastcheck.evaluation.resolving.figures_of`, as a plain tuple."""
    if resolution is None:
        return _NO_FIGURES
    window = resolution.deadline
    deadline = None if window is None else window.last_day
    decided_on = resolution.decided_on
    end = deadline or decided_on
    error = resolution.error
    return (
        deadline,
        decided_on,
        None if end is None else (end - prediction.stated.end).days,
        error if resolution.forecast_date is not None else None,
        error if resolution.forecast_value is not None else None,
    )


def _call(
    prediction: Prediction, reading: Reading, resolution: Resolution | None, decided: _DecidedBy
) -> _Call:
    """One call judged: where it stands, its outcome and its probability (if it carries one).

    What depends on the resolution alone (its outcome, evidence and status as
    a call status) is made once per resolution (:class:`_DecidedBy`).
    """
    outcome: int | None = None
    evidence: tuple[Evidence, ...] = ()
    resolved: CallStatus | None = None
    if resolution is not None:
        outcome, evidence, resolved = decided(resolution)
    status, timing = call_standing(prediction.stated, reading.unscorable, resolution, resolved)
    probability = reading.probability if status not in NOT_SCORED else None
    return _Call(
        prediction,
        reading,
        resolution,
        status,
        resolved,
        timing,
        outcome,
        probability,
        _figures(prediction, resolution),
        evidence,
    )


def _reason(reading: Reading, resolution: Resolution | None) -> str:
    """Why the call stands where it does: why it is unscorable, else the resolution's line."""
    if reading.unscorable is not None:
        return reading.unscorable
    if resolution is not None:
        return resolution.reason
    return ""  # pragma: no cover - a scorable prediction records a proposition


class _DecidedBy:
    """What each resolution gives every call it decides: its outcome and its evidence, made once.

    Calls on one question share their resolution; each event's :class:`Evidence`
    is made once too, and shared by every resolution it decided.
    """

    def __init__(self, documents: Mapping[str, Document]) -> None:
        self.documents = documents
        self.events: dict[int, tuple[Event, Evidence]] = {}  # by the object, kept alive here
        self.made: dict[int, tuple[Resolution, _Decided]] = {}

    def __call__(self, resolution: Resolution) -> _Decided:
        found = self.made.get(id(resolution))
        if found is None or found[0] is not resolution:
            outcome = None if resolution.outcome is None else int(resolution.outcome)
            made = (outcome, self._evidence(resolution.events), CallStatus.of(resolution.status))
            found = self.made[id(resolution)] = (resolution, made)
        return found[1]

    def _evidence(self, events: Sequence[Event]) -> tuple[Evidence, ...]:
        out = []
        for event in events:
            found = self.events.get(id(event))
            if found is None or found[0] is not event:
                (made,) = evidence_of((event,), self.documents)
                found = self.events[id(event)] = (event, made)
            out.append(found[1])
        return tuple(out)


_Decided = tuple[int | None, tuple[Evidence, ...], CallStatus]
"""A resolution's outcome (1, 0 or ``None``), the evidence behind it, and its status as a call's."""


def _settling(n: int) -> Iterator[slice]:
    """``n`` items in slices of :data:`~forecastcheck._collector.SETTLE_EVERY`, in order.

    After each whole slice, what was made so far is frozen
    (:func:`~forecastcheck._collector.settled`, inside a ``held`` block): the
    results live to the end of the evaluation and hold no reference cycle, so
    the collector's full passes over them would find nothing.
    """
    step = _collector.SETTLE_EVERY
    for lo in range(0, n, step):
        yield slice(lo, lo + step)
        if lo + step <= n:
            _collector.settled()


def _in_order(resolutions: Mapping[str, Resolution]) -> dict[str, Resolution]:
    """The resolutions as a dict: every record built once, in order, and looked up in C."""
    return dict(resolutions.items())


def call_results(
    ledger: Ledger,
    resolved: Resolved,
    reader: Reader,
    weighing: Weighing | None = None,
    predictions: Sequence[Prediction] | None = None,
) -> list[PredictionResult]:
    """The result of every prediction (ledger order, or ``predictions``'), each made once.

    ``resolved`` holds the resolutions and question numbers (in the order of
    the predictions). With ``weighing``, each reading gets its weight, chain
    and ``revises`` and each point forecast its :class:`NumericScore`; without,
    each result keeps weight 1 and no chain or numeric score (the deadline
    sensitivity's second resolution reads only statuses and Brier scores).
    """
    every = ledger.predictions if predictions is None else predictions
    decided = _DecidedBy({d.id: d for d in ledger.documents})
    found = _in_order(resolved.resolutions).get
    read = reader.read
    n = len(every)
    calls: list[_Call] = []
    for part in _settling(n):
        calls += [_call(p, read(p), found(p.id), decided) for p in every[part]]
    brier, log = call_scores(
        [c.status.scored for c in calls],
        [c.probability for c in calls],
        [c.outcome for c in calls],
    )
    weights: list[float] = [1.0] * n
    chain: list[str | None] = [None] * n
    revises: list[str | None] = [None] * n
    points: dict[int, NumericScore] = {}
    if weighing is not None:
        weights, chain = weights_of(calls, weighing.chains, weighing.policy, weighing.as_of)
        revises = [c.prediction.revises for c in calls]
        points = point_scores(
            ledger, [c.prediction for c in calls], [c.status for c in calls], resolved.resolutions
        )
    numeric: list[NumericScore | None] = [points.get(i) for i in range(n)] if points else [None] * n
    questions = resolved.questions
    if len(questions) != n:
        raise ValueError(f"{len(questions)} question numbers for {n} predictions")
    names = {s.id: s.name for s in ledger.sources}
    return _results(calls, names, questions, (brier, log, weights, chain, revises, numeric))


def _results(
    calls: Sequence[_Call],
    names: Mapping[str, str],
    questions: Sequence[int | None],
    finals: _FinalColumns,
) -> list[PredictionResult]:
    """Every call's result, in order, made in settled slices (:func:`_settling`).

    ``finals`` are the columns of :data:`_Finals`, one value per call each.
    """
    brier, log, weights, chain, revises, numeric = finals
    results: list[PredictionResult] = []
    for part in _settling(len(calls)):
        results += [
            _result(c, names, question, (b, lg, w, ch, rv, pt))
            for c, question, b, lg, w, ch, rv, pt in zip(
                calls[part],
                questions[part],
                brier[part],
                log[part],
                weights[part],
                chain[part],
                revises[part],
                numeric[part],
                strict=True,
            )
        ]
    return results


_Finals = tuple[float | None, float | None, float, str | None, str | None, NumericScore | None]
"""One call's (brier, log, weight, chain, revises, numeric)."""
_FinalColumns = tuple[
    list[float | None],
    list[float | None],
    list[float],
    list[str | None],
    list[str | None],
    list[NumericScore | None],
]
"""The :data:`_Finals` of every call, as columns."""


def _result(
    c: _Call, names: Mapping[str, str], question: int | None, final: _Finals
) -> PredictionResult:
    """One call's result: ``final`` is its (brier, log, weight, chain, revises, numeric).

    The values are given in the order of the class's fields (:mod:`._made`).
    """
    prediction, reading, resolution = c.prediction, c.reading, c.resolution
    deadline, decided_on, lead_days, error_days, value_error = c.figures
    timing = c.timing
    brier, log, weight, chain, revises, point = final
    proposition = prediction.proposition
    source = prediction.source
    confidence = prediction.confidence
    return made_result(
        (
            prediction.id,
            source,
            names.get(source, source),  # source_name
            prediction.quote,
            prediction.stated,
            prediction.document,
            reading.wording,
            reading.stated_probability,
            confidence.polarity if confidence else "for",  # polarity
            reading.interval,
            c.probability,
            reading.rules,  # mapping_rules
            reading.mapping,
            c.status,
            c.resolved,
            verdict_of(c.status, reading.probability, c.outcome),
            c.outcome,
            brier,
            log,  # log_score
            decided_on,
            _reason(reading, resolution),
            c.evidence,
            False if resolution is None else resolution.open_ended,
            deadline,
            lead_days,
            None if proposition is None else (proposition.text or None),  # proposition_text
            error_days,
            value_error,
            question,
            prediction.topic,
            None if timing is None else timing[0],  # timing
            None if timing is None else timing[1],  # timing_note
            prediction.notes,
            prediction.tags,
            prediction.paraphrase,
            weight,
            chain,
            revises,
            point,  # numeric
        )
    )
