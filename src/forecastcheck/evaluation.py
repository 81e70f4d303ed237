"""Evaluation: a ledger resolved, read and scored, as of a date, per prediction and per source.

:func:`evaluate` is the one call the reports, the command line and the
pytest plugin stand on. It takes a :class:`~forecastcheck.ledger.Ledger` and
gives an :class:`Evaluation`:

- one :class:`PredictionResult` per prediction, in ledger order: the wording
  as written, the interval and point probability *of the proposition* (after
  polarity) under the chosen scale, the resolution, the verdict and the scores;
- one :class:`Scorecard` per source, and one for all sources pooled: counts,
  mean Brier and log scores with question-level bootstrap intervals, hit
  rate, a reliability table, pairwise relative skill where sources share
  questions, the range of the mean scores over every built-in scale, and a
  rank — only for sources with at least ``min_resolved`` resolved calls.

Nothing is scored here by hand: the scores come from
:mod:`forecastcheck.scoring`, the reliability table and hit rate from
:mod:`forecastcheck.calibration`, intervals and relative skill from
:mod:`forecastcheck.compare`, phrases from :mod:`forecastcheck.verbal` and
outcomes from :mod:`forecastcheck.resolve`.

Conventions, in one place:

- **probability** is the stated number when there is one, else the point of
  the phrase's interval under ``scale`` and ``point_rule``; with polarity
  ``"against"`` both are turned to the proposition's side (``1 - p``, the
  interval ``[1 - hi, 1 - lo]``).
- **verdict**: HIT when the probability was on the side that happened
  (above 0.5 and YES, below 0.5 and NO), MISS on the other side, EVEN at
  exactly 0.5; otherwise the status (PENDING, AMBIGUOUS, ANNULLED, UNSCORABLE).
- **certain wrong forecasts** score ``+inf`` under the log score; they are
  counted (``n_infinite``) and make the mean ``+inf``. Nothing is clipped.
- a **question** is a proposition with its dates read against the statement
  date as resolution reads them (the days it is decided on:
  :meth:`~forecastcheck.resolve.Resolver.dates`) and its wording (``text``)
  ignored: "by 2025" and "2025-12-31" are one question, "before 2025" another.
  Two sources answering the same question can be compared, and the bootstrap
  resamples questions, not calls.
- **lead_days**: days from the statement (the last day of its window) to the
  deadline the question was measured against or, with no deadline, to the day
  it was decided; ``None`` for an open question with neither.

.. versionadded:: 0.1
"""

from __future__ import annotations

import datetime as dt
import enum
import math
from collections.abc import Hashable, Iterable, Mapping, Sequence
from typing import cast

import attrs
import numpy as np

from forecastcheck.calibration import ReliabilityTable, reliability_table, right_side
from forecastcheck.compare import bootstrap, pairwise
from forecastcheck.errors import ForecastcheckError
from forecastcheck.ledger import (
    DateOf,
    DateWindow,
    Document,
    Event,
    HoldsAt,
    HoldsThroughout,
    Ledger,
    Occurs,
    Prediction,
    Proposition,
    ValueOf,
    walk,
)
from forecastcheck.resolve import Resolution, Resolver
from forecastcheck.scoring import brier, log_score, summarize
from forecastcheck.verbal import (
    DEFAULT_SCALE,
    Interpretation,
    PointRule,
    Scale,
    Sensitivity,
    VerbalRecord,
    builtin_scales,
    get_scale,
    interpret,
    sensitivity,
)

__all__ = [
    "ALL_SOURCES",
    "CALIBRATION_BINS",
    "CallStatus",
    "Comparison",
    "Evaluation",
    "Evidence",
    "EvidenceLink",
    "PredictionResult",
    "Scorecard",
    "Verdict",
    "evaluate",
]

ALL_SOURCES = "*"
"""The ``source`` of the pooled scorecard (``*`` is never a valid source id)."""

CALIBRATION_BINS = 10
"""Equal-width bins of the reliability tables (empty bins are kept)."""

LEVEL = 0.9
"""Nominal coverage of the bootstrap intervals (5%–95%)."""

MAX_PERMUTATION_PAIRS = 300
"""Above this many overlapping pairs of sources, relative skill is given without p-values."""

_POINT_RULES = ("mid", "lower", "upper", "stated")


class CallStatus(enum.StrEnum):
    """Where a prediction stands: its resolution's status, or UNSCORABLE.

    .. versionadded:: 0.1
    """

    YES = "YES"
    NO = "NO"
    PENDING = "PENDING"
    AMBIGUOUS = "AMBIGUOUS"
    ANNULLED = "ANNULLED"
    UNSCORABLE = "UNSCORABLE"


class Verdict(enum.StrEnum):
    """The verdict on one call, as a reader would put it.

    HIT, MISS and EVEN are for resolved, scored calls (EVEN: a probability of
    exactly 0.5 is on neither side); the rest mirror :class:`CallStatus`.

    .. versionadded:: 0.1
    """

    HIT = "HIT"
    MISS = "MISS"
    EVEN = "EVEN"
    PENDING = "PENDING"
    AMBIGUOUS = "AMBIGUOUS"
    ANNULLED = "ANNULLED"
    UNSCORABLE = "UNSCORABLE"


@attrs.frozen(kw_only=True)
class EvidenceLink:
    """One public report behind an event.

    Args:
        outlet: who reported it (a ledger document's outlet when it is one).
        url: where, if online.
        title: its title, if known.
        published: when it was published, if known.
        document: the ledger document's id, when the evidence is one.
    """

    outlet: str
    url: str | None = None
    title: str | None = None
    published: DateWindow | None = None
    document: str | None = None


@attrs.frozen(kw_only=True)
class Evidence:
    """An event that decided a prediction, with its reports.

    Args:
        event: the event's id.
        date: when it happened.
        summary: what happened.
        links: the reports behind it.
    """

    event: str
    date: DateWindow
    summary: str
    links: tuple[EvidenceLink, ...] = ()


@attrs.frozen(kw_only=True)
class PredictionResult:
    """One prediction as of the evaluation date: what was said, what happened, the scores.

    Args:
        id: the prediction's id.
        source: the source's id.
        source_name: the source's name.
        quote: the statement verbatim.
        stated: when it was said.
        document: the document quoting it, if any.
        wording: the phrase as written, or ``None``.
        stated_probability: the number stated, as written (before polarity), or ``None``.
        polarity: ``"for"`` or ``"against"`` (see :class:`~forecastcheck.ledger.Confidence`).
        interval: the phrase's interval for the proposition (after polarity),
            or ``None`` when no phrase was mapped.
        probability: the point probability of the proposition, after polarity;
            ``None`` when unscorable.
        mapping_rules: the rules that read the phrase (see
            :attr:`forecastcheck.verbal.Interpretation.rules`).
        mapping: one line: how the phrase was read, or ``None`` without a phrase.
        status: the resolution's status, or UNSCORABLE.
        resolved: the resolution's status even when the call is unscorable;
            ``None`` when no proposition was recorded.
        verdict: HIT, MISS, EVEN, or the status.
        outcome: 1 if the proposition came true, 0 if not, ``None`` while
            undecided (also given for unscorable calls whose proposition was decided).
        brier: the Brier score, ``None`` unless resolved and scorable.
        log_score: the log score (``+inf`` for a certain miss), likewise.
        decided_on: the day the outcome became known.
        reason: the resolution's line, or why the call is unscorable.
        evidence: the events that decided it, with their reports.
        open_ended: the claim has no horizon ("eventually", "never").
        deadline: the last day the question was measured against, if any.
        lead_days: see the module docs.
        proposition_text: the proposition in plain words, or ``None``.
        error_days: for a date forecast, realised minus forecast date, in days.
        value_error: for a value forecast, realised minus forecast value.
        question: the question's number within the evaluation (shared by
            calls on the same question), or ``None`` without a proposition.
        topic: the prediction's topic.
    """

    id: str
    source: str
    source_name: str
    quote: str
    stated: DateWindow
    document: str | None
    wording: str | None
    stated_probability: float | None
    polarity: str
    interval: tuple[float, float] | None
    probability: float | None
    mapping_rules: tuple[str, ...]
    mapping: str | None
    status: CallStatus
    resolved: CallStatus | None
    verdict: Verdict
    outcome: int | None
    brier: float | None
    log_score: float | None
    decided_on: dt.date | None
    reason: str
    evidence: tuple[Evidence, ...]
    open_ended: bool
    deadline: dt.date | None
    lead_days: int | None
    proposition_text: str | None
    error_days: float | None
    value_error: float | None
    question: int | None
    topic: str | None

    @property
    def scored(self) -> bool:
        """Whether the call is resolved and scorable (it has a Brier score)."""
        return self.brier is not None


@attrs.frozen(kw_only=True)
class Comparison:
    """One source against another on the questions both answered.

    Args:
        other: the other source's id.
        n_shared: questions both answered (and resolved).
        ratio: sum of this source's Brier scores over the shared questions
            divided by the other's (below 1: better); ``None`` when undefined (0/0).
        p_value: paired permutation p-value, Holm-adjusted over all pairs;
            ``None`` when not computed.
    """

    other: str
    n_shared: int
    ratio: float | None
    p_value: float | None


@attrs.frozen(kw_only=True)
class Scorecard:
    """A source's record: counts, mean scores with intervals, calibration, skill and rank.

    Args:
        source: the source's id (:data:`ALL_SOURCES` for the pooled card).
        source_name: the source's name.
        n_predictions: statements recorded.
        n_scorable: statements with a probability (the rest are unscorable).
        n_resolved: scorable and decided YES or NO (scored).
        n_pending: scorable, not decided yet.
        n_ambiguous: scorable, reality unclear.
        n_annulled: scorable, the question failed.
        n_unscorable: recorded but not scorable.
        n_hits: resolved calls on the side that happened.
        n_misses: resolved calls on the other side.
        n_even: resolved calls at exactly 0.5.
        n_questions: distinct questions among the resolved calls.
        brier: mean Brier score of the resolved calls (0 best), ``None`` if none.
        brier_interval: question-level bootstrap 90% interval of the mean;
            ``None`` with fewer than two resolved questions (or no resamples).
        log_score: mean log score (0 best; ``+inf`` after a certain miss).
        log_score_interval: its bootstrap interval (``None`` when infinite).
        n_infinite: resolved calls with an infinite log score.
        hit_rate: ``n_hits / n_resolved``, ``None`` if nothing resolved.
        calibration: the reliability table of the resolved calls.
        relative_skill: geometric mean of the Brier ratios against the sources
            it shares questions with (below 1: better than them), or ``None``.
        skill_note: the relative skill in words, e.g. ``"n/a (no overlap)"``.
        comparisons: one entry per source it shares resolved questions with.
        sensitivity_brier: (min, max) of the mean Brier score over every
            built-in scale and point rule, on the calls every scale maps.
        sensitivity_log: likewise for the log score.
        ranked: whether it has at least ``min_resolved`` resolved calls.
        rank: its rank by mean Brier among the ranked sources (1 best; ties share).
        rank_interval: bootstrap 90% interval of that rank.
        ranking: the rank in words, e.g. ``"unranked: 2 resolved < 5"``.
    """

    source: str
    source_name: str
    n_predictions: int
    n_scorable: int
    n_resolved: int
    n_pending: int
    n_ambiguous: int
    n_annulled: int
    n_unscorable: int
    n_hits: int
    n_misses: int
    n_even: int
    n_questions: int
    brier: float | None
    brier_interval: tuple[float, float] | None
    log_score: float | None
    log_score_interval: tuple[float, float] | None
    n_infinite: int
    hit_rate: float | None
    calibration: ReliabilityTable | None
    relative_skill: float | None
    skill_note: str
    comparisons: tuple[Comparison, ...]
    sensitivity_brier: tuple[float, float] | None
    sensitivity_log: tuple[float, float] | None
    ranked: bool
    rank: int | None
    rank_interval: tuple[float, float] | None
    ranking: str


@attrs.frozen(kw_only=True)
class Evaluation:
    """A ledger evaluated as of a date.

    Args:
        as_of: the day the questions were asked.
        scale: the verbal scale's name.
        point_rule: how a point was taken from each phrase's interval.
        min_resolved: resolved calls a source needs to be ranked.
        n_bootstrap: bootstrap resamples behind the intervals (0: none).
        seed: the seed of the bootstrap and permutations.
        predictions: one result per prediction, in ledger order.
        sources: one scorecard per source, in ledger order.
        overall: all sources pooled.
        sensitivity: the verbal sensitivity table of the ledger (every
            built-in scale; point rules lower, mid, upper, and ``point_rule``).
    """

    as_of: dt.date
    scale: str
    point_rule: str
    min_resolved: int
    n_bootstrap: int
    seed: int
    predictions: tuple[PredictionResult, ...]
    sources: tuple[Scorecard, ...]
    overall: Scorecard
    sensitivity: Sensitivity
    _by_prediction: Mapping[str, int] = attrs.field(init=False, eq=False, repr=False, factory=dict)
    _by_source: Mapping[str, int] = attrs.field(init=False, eq=False, repr=False, factory=dict)

    def __attrs_post_init__(self) -> None:
        object.__setattr__(
            self, "_by_prediction", {p.id: i for i, p in enumerate(self.predictions)}
        )
        object.__setattr__(self, "_by_source", {s.source: i for i, s in enumerate(self.sources)})

    def by_id(self, prediction_id: str) -> PredictionResult:
        """The result of one prediction.

        Raises:
            KeyError: no prediction with this id.
        """
        try:
            return self.predictions[self._by_prediction[prediction_id]]
        except KeyError:
            raise KeyError(f"no prediction with id {prediction_id!r}") from None

    def source(self, source_id: str) -> Scorecard:
        """The scorecard of one source (:data:`ALL_SOURCES` gives the pooled one).

        Raises:
            KeyError: no source with this id.
        """
        if source_id == ALL_SOURCES:
            return self.overall
        try:
            return self.sources[self._by_source[source_id]]
        except KeyError:
            raise KeyError(f"no source with id {source_id!r}") from None

    def calls(self, source_id: str) -> tuple[PredictionResult, ...]:
        """The results of one source's predictions, in ledger order."""
        return tuple(p for p in self.predictions if p.source == source_id)


# --- reading one prediction -------------------------------------------------


def _question_key(prediction: Prediction, proposition: Proposition, resolver: Resolver) -> Hashable:
    """The question a proposition asks: its structure, its dates read, its wording ignored.

    The dates are those resolution decides the question on (`Resolver.dates`),
    read against the statement date, so "before 2025" and "by 2025" differ
    and "by 2025" and "2025-12-31" do not.
    """
    anchor = prediction.stated
    parts: list[Hashable] = []
    for node in walk(proposition):
        fields: list[Hashable] = [type(node).__name__]
        match node:
            case Occurs(subject=subject, kind=kind):
                fields += [subject, kind]
            case ValueOf(subject=subject, quantity=quantity, point=point, lower=lo, upper=hi):
                fields += [subject, quantity, point, lo, hi]
            case HoldsAt(state=state) | HoldsThroughout(state=state):
                fields += [state]
            case DateOf(subject=subject, kind=kind):
                fields += [subject, kind]
            case _:
                pass
        try:
            fields += resolver.dates(node, anchor)
        except ForecastcheckError:  # unreadable here: keep the words and the anchor
            fields += [repr(node), anchor]
        parts.append(tuple(fields))
    return tuple(parts)


@attrs.frozen
class _Reading:
    wording: str | None
    stated_probability: float | None
    interval: tuple[float, float] | None
    probability: float | None
    rules: tuple[str, ...]
    mapping: str | None
    unscorable: str | None


def _read(
    prediction: Prediction,
    scale: Scale,
    point_rule: str,
    cache: dict[str, Interpretation],
) -> _Reading:
    """The probability of the proposition the prediction states, or why there is none."""
    confidence = prediction.confidence
    if prediction.unscorable is not None or confidence is None:
        reason = prediction.unscorable or "no confidence recorded"
        phrase = confidence.phrase if confidence is not None else None
        number = confidence.probability if confidence is not None else None
        return _Reading(phrase, number, None, None, (), None, reason)
    against = confidence.polarity == "against"
    interval: tuple[float, float] | None = None
    rules: tuple[str, ...] = ()
    mapping: str | None = None
    point: float | None = None
    problem: str | None = None
    if confidence.phrase is not None and confidence.phrase.strip():
        read = cache.get(confidence.phrase)
        if read is None:
            read = cache[confidence.phrase] = interpret(confidence.phrase, scale)
        rules, mapping = read.rules, read.reason
        if read.interval is not None:
            iv = read.interval.negate() if against else read.interval
            interval = (iv.lo, iv.hi)
            point = iv.point(cast(PointRule, point_rule))
        else:
            problem = f"wording {read.status} under {read.scale}: {read.reason}"
    if confidence.probability is not None:  # a stated number wins over the words
        p = float(confidence.probability)
        point = 1.0 - p if against else p
        problem = None
    return _Reading(
        confidence.phrase, confidence.probability, interval, point, rules, mapping, problem
    )


def _evidence(events: Iterable[Event], documents: Mapping[str, Document]) -> tuple[Evidence, ...]:
    out = []
    for event in events:
        links = []
        for c in event.evidence:
            doc = documents.get(c.document) if c.document is not None else None
            if doc is not None:
                links.append(
                    EvidenceLink(
                        outlet=c.outlet or doc.outlet,
                        url=c.url or doc.url,
                        title=c.title or doc.title,
                        published=c.published or doc.published,
                        document=doc.id,
                    )
                )
            else:
                links.append(
                    EvidenceLink(
                        outlet=c.outlet or c.document or "",
                        url=c.url,
                        title=c.title,
                        published=c.published,
                        document=c.document,
                    )
                )
        out.append(
            Evidence(event=event.id, date=event.date, summary=event.summary, links=tuple(links))
        )
    return tuple(out)


def _result(
    prediction: Prediction,
    *,
    source_name: str,
    reading: _Reading,
    resolution: Resolution | None,
    question: int | None,
    documents: Mapping[str, Document],
) -> PredictionResult:
    resolved = None if resolution is None else CallStatus(resolution.status.name)
    status = CallStatus.UNSCORABLE if reading.unscorable is not None else resolved
    if status is None:  # a scorable prediction always records a proposition
        status = CallStatus.UNSCORABLE
    outcome: int | None = None
    if resolution is not None and resolution.outcome is not None:
        outcome = int(resolution.outcome)
    verdict = Verdict(status.value) if status not in (CallStatus.YES, CallStatus.NO) else None
    if verdict is None:
        p = reading.probability
        assert p is not None
        assert outcome is not None
        if p == 0.5:
            verdict = Verdict.EVEN
        else:
            verdict = Verdict.HIT if (p > 0.5) == (outcome == 1) else Verdict.MISS
    deadline = None
    decided_on = None
    lead_days = None
    error_days = value_error = None
    if resolution is not None:
        decided_on = resolution.decided_on
        if resolution.deadline is not None:
            deadline = resolution.deadline.last_day
        end = deadline or decided_on
        if end is not None:
            lead_days = (end - prediction.stated.end).days
        if resolution.forecast_date is not None:
            error_days = resolution.error
        if resolution.forecast_value is not None:
            value_error = resolution.error
    if reading.unscorable is not None:
        reason = reading.unscorable
    elif resolution is not None:
        reason = resolution.reason
    else:  # pragma: no cover - a scorable prediction records a proposition
        reason = ""
    proposition = prediction.proposition
    return PredictionResult(
        id=prediction.id,
        source=prediction.source,
        source_name=source_name,
        quote=prediction.quote,
        stated=prediction.stated,
        document=prediction.document,
        wording=reading.wording,
        stated_probability=reading.stated_probability,
        polarity=prediction.confidence.polarity if prediction.confidence else "for",
        interval=reading.interval,
        probability=reading.probability if reading.unscorable is None else None,
        mapping_rules=reading.rules,
        mapping=reading.mapping,
        status=status,
        resolved=resolved,
        verdict=verdict,
        outcome=outcome,
        brier=None,
        log_score=None,
        decided_on=decided_on,
        reason=reason,
        evidence=() if resolution is None else _evidence(resolution.events, documents),
        open_ended=False if resolution is None else resolution.open_ended,
        deadline=deadline,
        lead_days=lead_days,
        proposition_text=None if proposition is None else (proposition.text or None),
        error_days=error_days,
        value_error=value_error,
        question=question,
        topic=prediction.topic,
    )


# --- per source -------------------------------------------------------------


@attrs.frozen
class _Scores:
    """Bootstrap intervals, ranks and pairwise skill, keyed by source id."""

    brier_interval: Mapping[str, tuple[float, float]]
    log_interval: Mapping[str, tuple[float, float]]
    rank_interval: Mapping[str, tuple[float, float]]
    skill: Mapping[str, tuple[float | None, str, tuple[Comparison, ...]]]


def _finite_or_none(x: float) -> float | None:
    return None if math.isnan(x) else float(x)


def _intervals(
    scored: Sequence[PredictionResult],
    values: Sequence[float],
    n_bootstrap: int,
    seed: int,
) -> dict[str, tuple[float, float]]:
    """Question-level bootstrap intervals of each source's mean, and of the pooled mean.

    One resampling serves both: the pooled card is one more group, under
    :data:`ALL_SOURCES`, holding every score. Only groups with finite values
    on at least two questions get an interval: resampling a single question
    gives a zero-width interval that would read as certainty.
    """
    if n_bootstrap < 1 or not scored:
        return {}
    groups = [r.source for r in scored]
    bad = {g for g, v in zip(groups, values, strict=True) if not math.isfinite(v)}
    keep = [i for i, g in enumerate(groups) if g not in bad]
    rows = [(groups[i], i) for i in keep]
    if not bad:
        rows += [(ALL_SOURCES, i) for i in range(len(scored))]
    if not rows:
        return {}
    result = bootstrap(
        np.array([g for g, _ in rows], dtype=object),
        np.array([scored[i].question for _, i in rows], dtype=np.int64),
        np.array([values[i] for _, i in rows], dtype=np.float64),
        n_resamples=n_bootstrap,
        level=LEVEL,
        seed=seed,
    )
    return {
        str(s.source): (float(s.mean_low), float(s.mean_high))
        for s in result.sources
        if s.n_questions >= 2 and not (math.isnan(s.mean_low) or math.isnan(s.mean_high))
    }


def _skill(
    scored: Sequence[PredictionResult], seed: int
) -> dict[str, tuple[float | None, str, tuple[Comparison, ...]]]:
    """Pairwise relative skill on shared questions (the last call per source and question)."""
    last: dict[tuple[str, int], PredictionResult] = {}
    for r in scored:
        assert r.question is not None
        k = (r.source, r.question)
        if k not in last or r.stated.end >= last[k].stated.end:
            last[k] = r
    by_question: dict[int, list[str]] = {}
    for source, question in last:
        by_question.setdefault(question, []).append(source)
    pairs = {
        (a, b)
        for sources in by_question.values()
        for i, a in enumerate(sources)
        for b in sources[i + 1 :]
    }
    names = sorted({s for s, _ in last})
    out: dict[str, tuple[float | None, str, tuple[Comparison, ...]]] = dict.fromkeys(
        names, (None, "n/a (no overlap)", ())
    )
    if not pairs:
        return out
    rows = list(last.values())
    result = pairwise(
        np.array([r.source for r in rows], dtype=object),
        np.array([r.question for r in rows], dtype=np.int64),
        np.array([r.brier for r in rows], dtype=np.float64),
        min_overlap=1,
        n_permutations=999 if len(pairs) <= MAX_PERMUTATION_PAIRS else 0,
        include_self=False,
        seed=seed,
    )
    index = [str(s) for s in result.sources]
    for a, name in enumerate(index):
        comparisons = []
        for b, other in enumerate(index):
            n_shared = int(result.overlap[a, b])
            if a == b or n_shared < 1:
                continue
            ratio = float(result.ratio[a, b])
            p = float(result.p_adjusted[a, b])
            comparisons.append(
                Comparison(
                    other=other,
                    n_shared=n_shared,
                    ratio=ratio if math.isfinite(ratio) else None,
                    p_value=_finite_or_none(p),
                )
            )
        if not comparisons:
            continue
        skill = float(result.relative_skill[a])
        shared = sum(c.n_shared for c in comparisons)
        others = len(comparisons)
        if math.isfinite(skill):
            note = (
                f"{skill:.2f} against {others} source{'s' if others != 1 else ''} "
                f"on {shared} shared question{'s' if shared != 1 else ''}"
            )
            out[name] = (skill, note, tuple(comparisons))
        else:
            out[name] = (
                None,
                "n/a (undefined: zero scores on shared questions)",
                tuple(comparisons),
            )
    return out


def _range(pair: tuple[float, float] | None) -> tuple[float, float] | None:
    if pair is None or math.isnan(pair[0]) or math.isnan(pair[1]):
        return None
    return (float(pair[0]), float(pair[1]))


def _card(
    source: str,
    *,
    name: str,
    calls: Sequence[PredictionResult],
    scores: _Scores,
    sens: tuple[tuple[float, float] | None, tuple[float, float] | None],
    rank: int | None,
    n_ranked: int,
    min_resolved: int,
) -> Scorecard:
    count = dict.fromkeys(CallStatus, 0)
    verdicts = dict.fromkeys(Verdict, 0)
    for c in calls:
        count[c.status] += 1
        verdicts[c.verdict] += 1
    scored = [c for c in calls if c.brier is not None]
    n_resolved = len(scored)
    mean_brier = mean_log = hit_rate = None
    n_infinite = 0
    table = None
    if scored:
        p = np.array([c.probability for c in scored], dtype=np.float64)
        y = np.array([c.outcome for c in scored], dtype=np.int8)
        mean_brier = summarize([float(c.brier or 0.0) for c in scored], rule="brier").mean
        log_summary = summarize([float(c.log_score or 0.0) for c in scored], rule="log")
        mean_log, n_infinite = log_summary.mean, log_summary.n_infinite
        hit_rate = right_side(p, y).share_right
        table = reliability_table(p, y, CALIBRATION_BINS)
    ranked = source != ALL_SOURCES and n_resolved >= min_resolved
    if source == ALL_SOURCES:
        ranking = "all sources pooled"
    elif ranked and rank is not None:
        ranking = f"rank {rank} of {n_ranked}"
    else:
        ranking = f"unranked: {n_resolved} resolved < {min_resolved}"
    skill, note, comparisons = scores.skill.get(source, (None, "n/a (nothing resolved)", ()))
    if source == ALL_SOURCES:
        note = "n/a (pooled)"
    return Scorecard(
        source=source,
        source_name=name,
        n_predictions=len(calls),
        n_scorable=len(calls) - count[CallStatus.UNSCORABLE],
        n_resolved=n_resolved,
        n_pending=count[CallStatus.PENDING],
        n_ambiguous=count[CallStatus.AMBIGUOUS],
        n_annulled=count[CallStatus.ANNULLED],
        n_unscorable=count[CallStatus.UNSCORABLE],
        n_hits=verdicts[Verdict.HIT],
        n_misses=verdicts[Verdict.MISS],
        n_even=verdicts[Verdict.EVEN],
        n_questions=len({c.question for c in scored}),
        brier=mean_brier,
        brier_interval=scores.brier_interval.get(source),
        log_score=mean_log,
        log_score_interval=scores.log_interval.get(source),
        n_infinite=n_infinite,
        hit_rate=hit_rate,
        calibration=table,
        relative_skill=skill,
        skill_note=note,
        comparisons=comparisons,
        sensitivity_brier=sens[0],
        sensitivity_log=sens[1],
        ranked=ranked,
        rank=rank if ranked else None,
        rank_interval=scores.rank_interval.get(source) if ranked else None,
        ranking=ranking,
    )


def _sensitivity(
    ledger: Ledger,
    results: Sequence[PredictionResult],
    scale: Scale,
    point_rule: str,
) -> Sensitivity:
    records = []
    for prediction, result in zip(ledger.predictions, results, strict=True):
        confidence = prediction.confidence
        if prediction.unscorable is not None or confidence is None:
            continue
        statement: str | float
        if confidence.probability is not None:
            statement = float(confidence.probability)
        elif confidence.phrase is not None and confidence.phrase.strip():
            statement = confidence.phrase
        else:  # pragma: no cover - a confidence holds one or the other
            continue
        outcome = result.outcome if result.resolved in (CallStatus.YES, CallStatus.NO) else None
        records.append(VerbalRecord(prediction.source, statement, confidence.polarity, outcome))
    rules: tuple[PointRule, ...] = ("lower", "mid", "upper")
    if point_rule == "stated":
        rules += ("stated",)
    scales = {**builtin_scales(), scale.name: scale}  # a user's scale joins (or overrides) them
    return sensitivity(records, scales.values(), rules, reference=(scale.name, point_rule))


def _pooled_range(
    sens: Sensitivity,
) -> tuple[tuple[float, float] | None, tuple[float, float] | None]:
    """(min, max) over scales and point rules of the pooled mean scores.

    Each source is scored on the same records under every choice, so the
    pooled mean under one choice is the count-weighted mean of the sources'.
    """
    counted = [s for s in sens.sources if s.n]
    if not counted:
        return None, None
    total = sum(s.n for s in counted)
    brier_means, log_means = [], []
    for k in range(len(counted[0].cells)):
        brier_means.append(sum(s.n * s.cells[k].brier for s in counted) / total)
        log_means.append(sum(s.n * s.cells[k].log for s in counted) / total)
    return (min(brier_means), max(brier_means)), (min(log_means), max(log_means))


def evaluate(
    ledger: Ledger,
    *,
    as_of: dt.date,
    scale: str | Scale = DEFAULT_SCALE,
    point_rule: str = "stated",
    min_resolved: int = 5,
    n_bootstrap: int = 1000,
    seed: int = 0,
) -> Evaluation:
    """Resolve, read and score every prediction of a ledger as of a date.

    Args:
        ledger: the ledger.
        as_of: the day the questions are asked; only what was known by then counts.
        scale: the verbal scale phrases are read under: a built-in scale's
            name, or a :class:`~forecastcheck.verbal.Scale` (a user's own, from
            :func:`~forecastcheck.verbal.load_scale`).
        point_rule: how a phrase's interval becomes one probability:
            ``"stated"`` (the default: the scale's own published point where
            it gives one — a survey's median, Kent's centre — else the
            interval's midpoint, so for ICD 203, PHIA and IPCC the midpoint),
            ``"mid"``, ``"lower"`` or ``"upper"``.
        min_resolved: resolved calls a source needs to be ranked; sources
            below are shown, marked unranked.
        n_bootstrap: question-level bootstrap resamples for the 90% intervals
            of the mean scores and ranks (0 leaves the intervals out).
        seed: seed of the bootstrap and of the permutation tests.

    Returns:
        The :class:`Evaluation`.

    Raises:
        ScaleError: ``scale`` names no built-in scale.
        ValueError: an unknown point rule, or a negative ``min_resolved`` or
            ``n_bootstrap``.

    .. versionadded:: 0.1
    """
    if isinstance(as_of, dt.datetime) or not isinstance(as_of, dt.date):
        raise TypeError(f"as_of must be a date, not {type(as_of).__name__}")
    scale_used = scale if isinstance(scale, Scale) else get_scale(scale)
    chosen = scale_used.name
    if point_rule not in _POINT_RULES:
        raise ValueError(
            f"unknown point rule {point_rule!r}; expected one of {', '.join(_POINT_RULES)}"
        )
    if min_resolved < 0 or n_bootstrap < 0:
        raise ValueError("min_resolved and n_bootstrap must not be negative")

    resolver = Resolver(ledger.log, ledger.readings)
    resolutions = resolver.resolve_all(ledger.predictions, as_of)
    names = {s.id: s.name for s in ledger.sources}
    documents = {d.id: d for d in ledger.documents}
    cache: dict[str, Interpretation] = {}
    questions: dict[Hashable, int] = {}
    results: list[PredictionResult] = []
    for prediction in ledger.predictions:
        reading = _read(prediction, scale_used, point_rule, cache)
        question = None
        if prediction.proposition is not None:
            key = _question_key(prediction, prediction.proposition, resolver)
            question = questions.setdefault(key, len(questions))
        results.append(
            _result(
                prediction,
                source_name=names.get(prediction.source, prediction.source),
                reading=reading,
                resolution=resolutions.get(prediction.id),
                question=question,
                documents=documents,
            )
        )

    # score every resolved, scorable call at once
    scored_at = [
        i
        for i, r in enumerate(results)
        if r.status in (CallStatus.YES, CallStatus.NO) and r.probability is not None
    ]
    if scored_at:
        p = np.array([results[i].probability for i in scored_at], dtype=np.float64)
        y = np.array([results[i].outcome for i in scored_at], dtype=np.int8)
        b, lg = brier(p, y).tolist(), log_score(p, y).tolist()
        for k, i in enumerate(scored_at):
            results[i] = attrs.evolve(results[i], brier=b[k], log_score=lg[k])
    scored = [results[i] for i in scored_at]

    # rank by mean Brier among the sources with enough resolved calls
    by_source: dict[str, list[PredictionResult]] = {s.id: [] for s in ledger.sources}
    for r in results:
        by_source.setdefault(r.source, []).append(r)
    means = {}
    for source, calls in by_source.items():
        done = [c.brier for c in calls if c.brier is not None]
        if done and len(done) >= min_resolved:
            means[source] = summarize(done, rule="brier").mean
    ranks = {s: 1 + sum(m < means[s] for m in means.values()) for s in means}

    ranked_scored = [r for r in scored if r.source in means]
    rank_interval: dict[str, tuple[float, float]] = {}
    if len(means) >= 2 and n_bootstrap:
        result = bootstrap(
            np.array([r.source for r in ranked_scored], dtype=object),
            np.array([r.question for r in ranked_scored], dtype=np.int64),
            np.array([r.brier for r in ranked_scored], dtype=np.float64),
            n_resamples=n_bootstrap,
            level=LEVEL,
            seed=seed,
        )
        rank_interval = {
            str(s.source): (float(s.rank_low), float(s.rank_high)) for s in result.sources
        }
    elif len(means) == 1:
        rank_interval = dict.fromkeys(means, (1.0, 1.0))
    b_values = [float(r.brier) for r in scored if r.brier is not None]
    l_values = [float(r.log_score) for r in scored if r.log_score is not None]
    brier_interval = _intervals(scored, b_values, n_bootstrap, seed)
    log_interval = _intervals(scored, l_values, n_bootstrap, seed)
    scores = _Scores(
        brier_interval=brier_interval,
        log_interval=log_interval,
        rank_interval=rank_interval,
        skill=_skill(scored, seed),
    )
    pooled = _Scores(
        brier_interval=brier_interval, log_interval=log_interval, rank_interval={}, skill={}
    )

    sens = _sensitivity(ledger, results, scale_used, point_rule)
    ranges = {s.source: (_range(s.brier), _range(s.log)) for s in sens.sources}
    sources = tuple(
        _card(
            source,
            name=names.get(source, source),
            calls=calls,
            scores=scores,
            sens=ranges.get(source, (None, None)),
            rank=ranks.get(source),
            n_ranked=len(means),
            min_resolved=min_resolved,
        )
        for source, calls in by_source.items()
    )
    overall = _card(
        ALL_SOURCES,
        name="All sources",
        calls=results,
        scores=pooled,
        sens=_pooled_range(sens),
        rank=None,
        n_ranked=0,
        min_resolved=min_resolved,
    )
    return Evaluation(
        as_of=as_of,
        scale=chosen,
        point_rule=point_rule,
        min_resolved=min_resolved,
        n_bootstrap=n_bootstrap,
        seed=seed,
        predictions=tuple(results),
        sources=sources,
        overall=overall,
        sensitivity=sens,
    )
