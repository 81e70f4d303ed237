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
from forecastcheck.evaluation.verdicts import CallStatus, Verdict
from forecastcheck.ledger import DateWindow
from forecastcheck.resolution import Timing
from forecastcheck.verbal import Sensitivity

__all__ = [
    "ALL_SOURCES",
    "Comparison",
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
