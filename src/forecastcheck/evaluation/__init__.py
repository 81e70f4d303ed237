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
outcomes from :mod:`forecastcheck.resolution`.

Conventions, in one place:

- **probability** is the stated number when there is one, else the point of
  the phrase's interval under ``scale`` and ``point_rule``; with polarity
  ``"against"`` both are turned to the proposition's side (``1 - p``, the
  interval ``[1 - hi, 1 - lo]``).
- **verdict**: HIT when the probability was on the side that happened
  (above 0.5 and YES, below 0.5 and NO), MISS on the other side, EVEN at
  exactly 0.5; otherwise the status itself (PENDING, AMBIGUOUS, ANNULLED,
  UNSCORABLE, AFTER_THE_FACT: ``Verdict.PENDING is CallStatus.PENDING``). A
  call's status is its proposition's :class:`~forecastcheck.resolution.Status`
  under the same name, or UNSCORABLE, or AFTER_THE_FACT (see
  :mod:`.verdicts`).
- **after the fact**: a call decided YES or NO whose statement window starts on
  or after the day the outcome was known is not a forecast: AFTER_THE_FACT,
  never scored, counted (``n_after_the_fact``, within ``n_unscorable``); one
  whose window reaches the deciding event's date is scored but flagged
  (``timing`` = MAY_BE_AFTER_THE_FACT). See
  :func:`~forecastcheck.resolution.statement_timing`.
- **certain wrong forecasts** score ``+inf`` under the log score; they are
  counted (``n_infinite``) and make the mean ``+inf``. Nothing is clipped.
- a **question** is a proposition with its dates read against the statement
  date as resolution reads them (the days it is decided on:
  :meth:`~forecastcheck.resolution.Resolver.dates`) and its wording (``text``)
  ignored: "by 2025" and "2025-12-31" are one question, "before 2025" another.
  Two sources answering the same question can be compared, and the bootstrap
  resamples questions, not calls.
- **kinds of source**: community, market and model sources are ranked among
  themselves, apart from people and institutions; each person, institution
  and model is compared with each community and market source on the
  questions both answered (:mod:`.crowd_comparison`).
- **restated forecasts**: a chain of readings (``revises``) is one call on
  every scorecard, scored under ``evaluate(restated=...)``: time-averaged
  (the default), first, last, or each reading its own call; every reading
  keeps its own scores and gets its ``weight`` (:mod:`.restating`).
- **point forecasts**: a ``value_of`` or ``date_of`` call stated with no
  confidence has no probability and no Brier score; it is scored by its
  error (``NumericScore``, forecast minus truth, days for dates) and
  summed up per source apart (``NumericSummary``, in :mod:`.numeric_results`), counted in
  ``n_predictions`` but not in the yes/no counts. See :mod:`.numeric`.
- **lead_days**: days from the statement (the last day of its window) to the
  deadline the question was measured against or, with no deadline, to the day
  it was decided; ``None`` for an open question with neither.

The package runs in stages, one module each, behind this flat namespace:
resolve (:mod:`.resolving`, :mod:`.questions`) → interpret
(:mod:`.interpreting`, joined in :mod:`.call_results`, judged in
:mod:`.verdicts`) → score (:mod:`.scoring_calls`, chains of restated
readings weighed in :mod:`.restating`) → summarise
(:mod:`.sensitivities`, :mod:`.deadline_sensitivity`, :mod:`.ranking`,
:mod:`.skill`, :mod:`.scorecards`, :mod:`.crowd_comparison`);
:mod:`.pipeline` holds :func:`evaluate`, :mod:`.results` the result types.

.. versionadded:: 0.1
"""

from __future__ import annotations

from forecastcheck.evaluation.crowd_comparison import COMPARED_KINDS, YARDSTICK_KINDS
from forecastcheck.evaluation.deadline_results import (
    DeadlineFlip,
    DeadlineSensitivity,
    SourceDeadlines,
)
from forecastcheck.evaluation.pipeline import evaluate
from forecastcheck.evaluation.ranking import APART_KINDS, LEVEL
from forecastcheck.evaluation.results import (
    ALL_SOURCES,
    Comparison,
    CrowdComparison,
    CrowdQuestion,
    Evaluation,
    Evidence,
    EvidenceLink,
    PredictionResult,
    Scorecard,
)
from forecastcheck.evaluation.scorecards import CALIBRATION_BINS
from forecastcheck.evaluation.skill import MAX_PERMUTATION_PAIRS
from forecastcheck.evaluation.verdicts import CallStatus, Verdict

# The flat namespace lists again its modules' public names, by design (`duplicates`
# pairs this list with results.__all__).
# Same shape as in evaluation/results.py: a package re-exports its modules' names, listed in both
# __all__ lists (intentional).
__all__ = [
    "ALL_SOURCES",
    "APART_KINDS",
    "CALIBRATION_BINS",
    "COMPARED_KINDS",
    "LEVEL",
    "MAX_PERMUTATION_PAIRS",
    "YARDSTICK_KINDS",
    "CallStatus",
    "Comparison",
    "CrowdComparison",
    "CrowdQuestion",
    "DeadlineFlip",
    "DeadlineSensitivity",
    "Evaluation",
    "Evidence",
    "EvidenceLink",
    "PredictionResult",
    "Scorecard",
    "SourceDeadlines",
    "Verdict",
    "evaluate",
]
