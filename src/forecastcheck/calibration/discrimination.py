"""Discrimination of binary forecasts: ROC AUC, the right side of 50%, Murphy diagrams."""

from __future__ import annotations

import attrs
import numpy as np
import numpy.typing as npt

from forecastcheck.scoring import FloatArray, NanPolicy, _validate

__all__ = ["MurphyDiagram", "SideCounts", "murphy_diagram", "right_side", "roc_auc"]


def roc_auc(p: npt.ArrayLike, y: npt.ArrayLike, *, nan_policy: NanPolicy = "raise") -> float:
    """Area under the ROC curve, by the Mann–Whitney statistic with midranks for ties.

    ``AUC = U_1 / (n_1 n_0)``, ``U_1 = R_1 - n_1 (n_1 + 1) / 2`` with ``R_1`` the
    sum of the midranks of the forecasts whose proposition came true (Hanley &
    McNeil 1982; ``scipy.stats.mannwhitneyu``): the probability that a random
    "yes" got a higher forecast than a random "no", ties counted half. Equals
    scikit-learn's ``roc_auc_score``.

    Args:
        p: probabilities in [0, 1] (any scores work; only their order matters).
        y: outcomes, 0/1 or booleans.
        nan_policy: ``"raise"`` (default) or ``"omit"``.

    Returns:
        The AUC in [0, 1].

    Raises:
        ScoringInputError: malformed input, or only one outcome present.
    """
    pa, yb, _ = _validate.binary_kept(p, y, nan_policy)
    n1 = int(np.count_nonzero(yb))
    n0 = int(yb.size - n1)
    if n1 == 0 or n0 == 0:
        raise _validate.ScoringInputError("ROC AUC needs both outcomes: some true and some false")
    return _u1(pa, yb, n1) / (n1 * n0)


def _u1(pa: FloatArray, yb: npt.NDArray[np.bool_], n1: int) -> float:
    """``U_1 = R_1 - n_1 (n_1 + 1) / 2``, counted exactly in integers, without scipy.

    A midrank is ``(first + last) / 2 + 1`` over the positions of its tied
    values in sorted order, so twice it is a whole number and so is twice
    ``U_1``; the float is that number halved. ``scipy.stats.mannwhitneyu``
    sums its float midranks, which is exact as long as twice the sum stays
    below 2**53 (fewer than about 9 * 10**7 forecasts): the same number.
    """
    _, where, size = np.unique(pa, return_inverse=True, return_counts=True)
    twice_rank = 2 * (np.cumsum(size) - size) + size + 1  # first + last + 2, 0-based
    hits = np.bincount(where.reshape(-1)[yb], minlength=size.size)
    twice_r1 = int(np.dot(hits, twice_rank))
    return (twice_r1 - n1 * (n1 + 1)) / 2


@attrs.frozen
class SideCounts:
    """Forecasts on the right and wrong side of 50%.

    Attributes:
        n: forecasts.
        n_right: ``p > 0.5`` and true, or ``p < 0.5`` and false.
        n_wrong: ``p > 0.5`` and false, or ``p < 0.5`` and true.
        n_half: forecasts of exactly 0.5 (on neither side).
        share_right: ``n_right / n`` (NaN when ``n == 0``).
        share_right_decided: ``n_right / (n - n_half)``, among forecasts that took a side.
    """

    n: int
    n_right: int
    n_wrong: int
    n_half: int
    share_right: float
    share_right_decided: float


def right_side(
    p: npt.ArrayLike, y: npt.ArrayLike, *, nan_policy: NanPolicy = "raise"
) -> SideCounts:
    """Count forecasts on the right side of 50% (a forecast of 0.5 is on neither).

    Args:
        p: probabilities in [0, 1].
        y: outcomes, 0/1 or booleans.
        nan_policy: ``"raise"`` (default) or ``"omit"``.

    Returns:
        A :class:`SideCounts`.

    Raises:
        ScoringInputError: malformed input.
    """
    pa, yb, _ = _validate.binary_kept(p, y, nan_policy)
    n = int(pa.size)
    half = int(np.count_nonzero(pa == 0.5))
    right = int(np.count_nonzero(np.where(yb, pa > 0.5, pa < 0.5)))
    wrong = n - half - right
    return SideCounts(
        n=n,
        n_right=right,
        n_wrong=wrong,
        n_half=half,
        share_right=right / n if n else float("nan"),
        share_right_decided=right / (n - half) if n - half else float("nan"),
    )


@attrs.frozen(eq=False)
class MurphyDiagram:
    """Mean elementary scores over thresholds (Ehm, Gneiting, Jordan & Krüger 2016).

    Attributes:
        thetas: the thresholds θ in (0, 1).
        scores: mean ``S_θ(p, y) = θ 1{y = 0, p >= θ} + (1 - θ) 1{y = 1, p < θ}``.
        n: forecasts.
    """

    thetas: FloatArray
    scores: FloatArray
    n: int


def murphy_diagram(
    p: npt.ArrayLike,
    y: npt.ArrayLike,
    thetas: npt.ArrayLike | None = None,
    *,
    nan_policy: NanPolicy = "raise",
) -> MurphyDiagram:
    """Murphy-diagram data: the mean elementary score at each threshold θ.

    ``S_θ(p, y) = θ·1{y = 0, p >= θ} + (1 - θ)·1{y = 1, p < θ}`` — the cost of
    acting on ``p`` at cost/loss ratio θ. Every proper score of binary
    forecasts is a mixture of these, so a source whose curve is nowhere
    higher is at least as good under every proper score.

    Args:
        p: probabilities in [0, 1].
        y: outcomes, 0/1 or booleans.
        thetas: thresholds in (0, 1); default 0.01, 0.02, ..., 0.99.
        nan_policy: ``"raise"`` (default) or ``"omit"``.

    Returns:
        A :class:`MurphyDiagram`.

    Raises:
        ScoringInputError: malformed input or thresholds outside (0, 1).
    """
    pa, yb, _ = _validate.binary_kept(p, y, nan_policy)
    th = np.arange(1, 100) / 100 if thetas is None else np.asarray(thetas, dtype=np.float64)
    if th.ndim != 1 or not np.all((th > 0.0) & (th < 1.0)):
        raise _validate.ScoringInputError("thetas must be a 1-D array of thresholds in (0, 1)")
    n = int(pa.size)
    if n == 0:
        raise _validate.ScoringInputError("no forecasts")
    p0 = np.sort(pa[~yb])
    p1 = np.sort(pa[yb])
    n0_ge = p0.size - np.searchsorted(p0, th, side="left")  # y = 0 and p >= θ
    n1_lt = np.searchsorted(p1, th, side="left")  # y = 1 and p < θ
    scores = (th * n0_ge + (1.0 - th) * n1_lt) / n
    return MurphyDiagram(thetas=th, scores=np.asarray(scores, dtype=np.float64), n=n)
