"""Means of per-forecast scores with the counts behind them.

:func:`summarize` turns any array of per-forecast scores into a
:class:`ScoreSummary`: the correctly rounded mean of the exact sum, and how
many forecasts were scored, omitted (NaN), infinite or clipped.
"""

from __future__ import annotations

from typing import Literal, TypeAlias

import attrs
import numpy as np
import numpy.typing as npt

from forecastcheck.scoring import _exact, _validate
from forecastcheck.scoring._validate import NanPolicy
from forecastcheck.scoring.binary import brier, log_score, misclassification, spherical

__all__ = ["BinaryRule", "ScoreSummary", "summarize", "summarize_binary"]

BinaryRule: TypeAlias = Literal["brier", "brier2", "log", "spherical", "misclassification"]


# Same shape as in scoring/summary.py: a record built by keyword, one argument per field
# (intentional).
@attrs.frozen
class ScoreSummary:
    """The mean of a per-forecast score, with the counts behind it.

    Attributes:
        rule: the score's name (``"brier"``, ``"log"``, ...).
        mean: mean over the scored forecasts, correctly rounded from the exact
            sum; ``+inf`` when any score is infinite; NaN when ``n == 0``.
        n: forecasts scored (omitted ones excluded, infinite ones included).
        n_infinite: forecasts scoring ``+inf`` (a wrong certainty under the log score).
        n_omitted: forecasts left out under ``nan_policy="omit"``.
        n_clipped: forecasts clipped by an explicit ``epsilon``.
        mean_finite: mean over the finite scores only (equals ``mean`` when
            ``n_infinite == 0``).
        higher_is_better: the score's orientation.
    """

    rule: str
    mean: float
    n: int
    n_infinite: int = 0
    n_omitted: int = 0
    n_clipped: int = 0
    mean_finite: float = float("nan")
    higher_is_better: bool = False

    @classmethod
    def from_exact_total(
        cls,
        rule: str,
        total: int,
        *,
        n_finite: int,
        n_pos: int = 0,
        n_neg: int = 0,
        n_omitted: int = 0,
        n_clipped: int = 0,
        higher_is_better: bool = False,
    ) -> ScoreSummary:
        """The summary of an exact total of the finite scores and the counts.

        Args:
            rule: the score's name.
            total: the exact sum of the ``n_finite`` finite scores, an integer in
                units of ``2**-1127`` (as :class:`~forecastcheck.calibration.BinStats`
                and :class:`~forecastcheck.aggregate.BinaryAccumulator` hold them).
            n_finite: finite scores.
            n_pos: scores of ``+inf``.
            n_neg: scores of ``-inf``.
            n_omitted: forecasts left out under ``nan_policy="omit"``.
            n_clipped: forecasts clipped by an explicit ``epsilon``.
            higher_is_better: the score's orientation.

        Returns:
            The summary; its mean is NaN when both infinities occur.
        """
        exact = _exact.to_fraction(total)
        mean_finite = float(exact / n_finite) if n_finite else float("nan")
        if n_pos and n_neg:
            mean = float("nan")
        elif n_pos:
            mean = float("inf")
        elif n_neg:
            mean = float("-inf")
        else:
            mean = mean_finite
        return cls(
            rule=rule,
            mean=mean,
            n=n_finite + n_pos + n_neg,
            n_infinite=n_pos + n_neg,
            n_omitted=n_omitted,
            n_clipped=n_clipped,
            mean_finite=mean_finite,
            higher_is_better=higher_is_better,
        )


# Same shape as in scoring/summary.py: a record built by keyword, one argument per field
# (intentional).
def summarize(
    values: npt.ArrayLike,
    *,
    rule: str = "score",
    higher_is_better: bool = False,
    n_clipped: int = 0,
) -> ScoreSummary:
    """Summarise per-forecast scores: exact mean and counts.

    NaN entries are the forecasts omitted under ``nan_policy="omit"`` and are
    counted in ``n_omitted``; ``+inf`` or ``-inf`` entries are counted in
    ``n_infinite`` and make the mean infinite. The mean is the correctly
    rounded value of the exact sum divided by ``n``, so it does not depend on
    the order of the forecasts.

    Args:
        values: per-forecast scores from any function of :mod:`forecastcheck.scoring`.
        rule: the score's name, carried into the summary.
        higher_is_better: the score's orientation, carried into the summary.
        n_clipped: how many forecasts were clipped (see :func:`summarize_binary`).

    Returns:
        A :class:`ScoreSummary`.

    Raises:
        ScoringInputError: ``values`` is not numeric.
    """
    arr = _validate.probabilities(values, "values").reshape(-1)
    totals, n_nonfinite = _exact.sums_checked(arr, None, 1)
    n_omitted = n_pos = n_neg = 0
    if n_nonfinite:
        n_omitted = int(np.count_nonzero(np.isnan(arr)))
        n_pos = int(np.count_nonzero(arr == np.inf))
        n_neg = int(np.count_nonzero(arr == -np.inf))
    # the keywords are from_exact_total's, passed through
    return ScoreSummary.from_exact_total(
        rule,
        totals[0],
        n_finite=int(arr.size) - n_nonfinite,
        n_pos=n_pos,
        n_neg=n_neg,
        n_omitted=n_omitted,
        n_clipped=n_clipped,
        higher_is_better=higher_is_better,
    )


def summarize_binary(
    p: npt.ArrayLike,
    y: npt.ArrayLike,
    rule: BinaryRule = "brier",
    *,
    epsilon: float | None = None,
    nan_policy: NanPolicy = "raise",
) -> ScoreSummary:
    """Score binary forecasts with one rule and summarise, counting clipped forecasts.

    Args:
        p: probabilities of the proposition, in [0, 1].
        y: outcomes, 0/1 or booleans.
        rule: ``"brier"``, ``"brier2"`` (the two-category form ``2(p - y)**2``),
            ``"log"``, ``"spherical"`` or ``"misclassification"``.
        epsilon: log score only: clip to ``[epsilon, 1 - epsilon]`` and count
            the clipped forecasts in ``n_clipped``.
        nan_policy: ``"raise"`` (default) or ``"omit"``.

    Returns:
        A :class:`ScoreSummary`.

    Raises:
        ScoringInputError: malformed input, an unknown rule, or ``epsilon``
            with a rule other than ``"log"``.
    """
    if epsilon is not None and rule != "log":
        raise _validate.ScoringInputError("epsilon applies to the log score only")
    n_clipped = 0
    if rule == "brier":
        values = brier(p, y, nan_policy=nan_policy)
    elif rule == "brier2":
        values = brier(p, y, two_category=True, nan_policy=nan_policy)
    elif rule == "log":
        values = log_score(p, y, epsilon=epsilon, nan_policy=nan_policy)
        if epsilon is not None:
            pa = _validate.probabilities(p)
            with np.errstate(invalid="ignore"):
                n_clipped = int(np.count_nonzero((pa < epsilon) | (pa > 1.0 - epsilon)))
    elif rule == "spherical":
        values = spherical(p, y, nan_policy=nan_policy)
    elif rule == "misclassification":
        values = misclassification(p, y, nan_policy=nan_policy)
    else:
        raise _validate.ScoringInputError(f"unknown rule {rule!r}")
    return summarize(values, rule=rule, higher_is_better=rule == "spherical", n_clipped=n_clipped)
