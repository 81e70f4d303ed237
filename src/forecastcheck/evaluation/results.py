"""The evaluation's results: one per prediction, one scorecard per source, and the whole.

Plain frozen records and nothing else: :class:`PredictionResult` (with its
:class:`Evidence` and :class:`EvidenceLink`), :class:`Scorecard` (with its
:class:`Comparison` entries) and :class:`Evaluation`, which holds them and
looks them up. The stages that fill them live in the sibling modules; the
conventions behind every field are in the package's documentation
(:mod:`forecastcheck.evaluation`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

import attrs

from forecastcheck.calibration import ReliabilityTable
from forecastcheck.evaluation.deadline_results import DeadlineSensitivity
from forecastcheck.evaluation.numeric_results import NumericScore, NumericSummary
from forecastcheck.evaluation.verdicts import CallStatus, Verdict
from forecastcheck.ledger import DEFAULT_KIND, DateWindow, SourceKind
from forecastcheck.resolution import Timing
from forecastcheck.verbal import Sensitivity

# Same shape as in evaluation/__init__.py: a package re-exports its modules' names, listed in both
# __all__ lists (intentional).
__all__ = [
    "ALL_SOURCES",
    "Comparison",
    "CrowdComparison",
    "CrowdQuestion",
    "Evaluation",
    "Evidence",
    "EvidenceLink",
    "PredictionResult",
    "Scorecard",
]

ALL_SOURCES = "*"
"""The ``source`` of the pooled scorecard (``*`` is never a valid source id)."""


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


# Same shape as EvidenceLink and PredictionResult: attrs records, one field per fact (intentional).
@attrs.frozen(kw_only=True)
class Evidence:
    """An event that decided a prediction, with its reports.

    Args:
        event: the event's id.
        date: when it happened.
        summary: what happened.
        links: the reports behind it.
        occurred: ``False`` for a report that the event had *not* happened by ``date``.
        judged_by: who judged it, when the event is a judgement (else ``None``).
        reason: why it was judged so, with ``judged_by``.
    """

    event: str
    date: DateWindow
    summary: str
    links: tuple[EvidenceLink, ...] = ()
    occurred: bool = True
    judged_by: str | None = None
    reason: str | None = None


# Same shape as Evidence above: attrs records, one field per fact (intentional).
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
            ``None`` when unscorable or stated after the fact.
        mapping_rules: the rules that read the phrase (see
            :attr:`forecastcheck.verbal.Interpretation.rules`).
        mapping: one line: how the phrase was read, or ``None`` without a phrase.
        status: the resolution's status, UNSCORABLE, or AFTER_THE_FACT.
        resolved: the resolution's status even when the call is unscorable;
            ``None`` when no proposition was recorded.
        verdict: HIT, MISS, EVEN, or the status (see :class:`Verdict`).
        outcome: 1 if the proposition came true, 0 if not, ``None`` while
            undecided (also given for unscorable calls whose proposition was decided).
        brier: the Brier score, ``None`` unless resolved and scorable.
        log_score: the log score (``+inf`` for a certain miss), likewise.
        decided_on: the day the outcome became known.
        reason: the resolution's line, or why the call is unscorable.
        evidence: the events that decided it, with their reports.
        open_ended: the claim has no horizon ("eventually", "never").
        deadline: the last day the question was measured against, if any.
        lead_days: see the package docs (:mod:`forecastcheck.evaluation`).
        proposition_text: the proposition in plain words, or ``None``.
        error_days: for a date forecast, realised minus forecast date, in days.
        value_error: for a value forecast, realised minus forecast value.
        question: the question's number within the evaluation (shared by
            calls on the same question), or ``None`` without a proposition.
        topic: the prediction's topic.
        timing: :class:`~forecastcheck.resolution.Timing` when the call was
            stated after, or maybe after, the event that decided it; else ``None``.
        timing_note: why, in words, or ``None``.
        notes: the prediction's notes (how the recorder read the quote).
        tags: the prediction's tags.
        paraphrase: the quote is not verbatim (see :class:`~forecastcheck.ledger.Prediction`).
        weight: the reading's share of its chain's score under the
            evaluation's ``restated`` policy (see
            :mod:`~forecastcheck.evaluation.restating`): 1 for a call on its
            own that has a probability, 0 for a call without one.
        chain: the id of its chain's first reading when it is one of two or
            more readings of one forecast (``revises``), else ``None``.
        revises: the id of the reading it restates, or ``None``.
        numeric: for a point forecast (a ``value_of`` or ``date_of`` call with
            no confidence), its :class:`NumericScore`; ``None`` otherwise.
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
    verdict: Verdict | CallStatus
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
    timing: Timing | None = None
    timing_note: str | None = None
    notes: str = ""
    tags: tuple[str, ...] = ()
    paraphrase: bool = False
    weight: float = 1.0
    chain: str | None = None
    revises: str | None = None
    numeric: NumericScore | None = None

    @property
    def scored(self) -> bool:
        """Whether the call is resolved and scorable (it has a Brier score)."""
        return self.brier is not None

    @property
    def judged(self) -> bool:
        """Whether an event that decided it is a judgement (has ``judged_by``)."""
        return any(e.judged_by is not None for e in self.evidence)

    @property
    def notes_flagged(self) -> bool:
        """Whether the recorder left notes on it (non-blank ``notes``): a reading to check."""
        return bool(self.notes.strip())

    @property
    def by_completeness(self) -> bool:
        """Whether it was decided NO with no event at all: on the log's completeness alone."""
        return self.resolved is CallStatus.NO and not self.evidence


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
class CrowdQuestion:
    """One question of a :class:`CrowdComparison`: the call and the crowd reading compared.

    Args:
        question: the question's number within the evaluation.
        call: the id of the source's call (its last scored call on the question).
        reading: the id of the crowd's reading (its latest scored reading
            stated no later than the call).
        brier: the call's Brier score.
        crowd_brier: the reading's Brier score.
    """

    question: int
    call: str
    reading: str
    brier: float
    crowd_brier: float


@attrs.frozen(kw_only=True)
class CrowdComparison:
    """A person, institution or model against a community or market source.

    Made by :mod:`~forecastcheck.evaluation.crowd_comparison`, which says
    which call and which crowd reading are compared on each question.

    Args:
        source: the compared source's id.
        source_name: its name.
        crowd: the community or market source's id.
        crowd_name: its name.
        crowd_kind: ``"community"`` or ``"market"``.
        n_shared: resolved questions compared (both answered, and the crowd
            had a reading by the time of the source's call).
        n_no_earlier_reading: resolved questions both answered that are not
            compared, because the crowd's first reading came after the call.
        brier: the source's mean Brier score on the compared questions, or
            ``None`` with none.
        crowd_brier: the crowd's mean Brier score on the same questions.
        difference: ``brier - crowd_brier`` (below 0: better than the crowd).
        ratio: ``brier / crowd_brier`` (below 1: better than the crowd);
            ``None`` when the crowd's mean is 0 or there is nothing compared.
        questions: each compared question, in question order.
    """

    source: str
    source_name: str
    crowd: str
    crowd_name: str
    crowd_kind: SourceKind
    n_shared: int
    n_no_earlier_reading: int
    brier: float | None
    crowd_brier: float | None
    difference: float | None
    ratio: float | None
    questions: tuple[CrowdQuestion, ...]


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
        n_unscorable: recorded but not scorable (the calls stated after the
            fact among them).
        n_after_the_fact: calls stated on or after the outcome was known
            (AFTER_THE_FACT): counted in ``n_unscorable``, never scored.
        n_timing_uncertain: scored calls that may have been stated after the fact.
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
        kind: the source's kind (:data:`~forecastcheck.ledger.SourceKind`);
            ``None`` for the pooled card. Community, market and model sources
            are ranked among themselves, people and institutions among
            themselves (:mod:`~forecastcheck.evaluation.crowd_comparison`).
        value_forecasts: its point forecasts of values, scored by their error;
            these calls are counted in ``n_predictions`` only, not in the
            yes/no counts above.
        date_forecasts: likewise for its point forecasts of dates, in days.
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
    n_after_the_fact: int
    n_timing_uncertain: int
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
    kind: SourceKind | None = DEFAULT_KIND
    value_forecasts: NumericSummary = attrs.field(factory=NumericSummary)
    date_forecasts: NumericSummary = attrs.field(factory=NumericSummary)


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
        restated: how chains of restated readings were scored: ``"each"``,
            ``"first"``, ``"last"`` or ``"time-averaged"``.
        sources: one scorecard per source, in ledger order.
        overall: all sources pooled.
        sensitivity: the verbal sensitivity table of the ledger (every
            built-in scale; point rules lower, mid, upper, and ``point_rule``).
        crowd_comparison: each person, institution and model against each
            community and market source it shares resolved questions with.
        deadline_sensitivity: which verdicts flip between the shortest and
            the longest reading of the deadlines that have two
            (:mod:`~forecastcheck.evaluation.deadline_sensitivity`).
        n_drafts: draft predictions of the ledger, still to confirm, skipped.
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
    crowd_comparison: tuple[CrowdComparison, ...] = ()
    restated: str = "time-averaged"
    deadline_sensitivity: DeadlineSensitivity = attrs.field(factory=lambda: DeadlineSensitivity(0))
    _by_prediction: Mapping[str, int] = attrs.field(init=False, eq=False, repr=False, factory=dict)
    _by_source: Mapping[str, int] = attrs.field(init=False, eq=False, repr=False, factory=dict)
    n_drafts: int = 0

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
