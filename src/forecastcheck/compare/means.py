"""Means with standard errors and Student-t intervals, plain and stratified.

The closed-form counterparts of :func:`~forecastcheck.compare.bootstrap`: for
one array of per-forecast scores, the mean, its standard error
``s / sqrt(n)`` and the t-interval ``mean ± t_{n-1} s / sqrt(n)``; and the
stratified mean, which weighs every stratum (question type, data source,
market vs dataset questions) equally however many forecasts it holds.
"""

from __future__ import annotations

import math

import attrs
import numpy as np
import numpy.typing as npt

from forecastcheck.scoring import FloatArray, NanPolicy, _exact, _validate

__all__ = ["MeanInterval", "StratifiedMean", "standard_error", "stratified_mean", "t_interval"]


@attrs.frozen
class MeanInterval:
    """A mean with its standard error and Student-t interval.

    Attributes:
        mean: the mean (correctly rounded from the exact sum for a plain mean).
        se: its standard error (NaN when it cannot be estimated).
        df: the t distribution's degrees of freedom (NaN with ``se``).
        low: lower end of the interval, ``mean - t_{(1+level)/2, df} se``.
        high: upper end.
        level: the interval's nominal coverage.
        n: scores used.
        n_omitted: NaN scores left out under ``nan_policy="omit"``.
    """

    mean: float
    se: float
    df: float
    low: float
    high: float
    level: float
    n: int
    n_omitted: int = 0


@attrs.frozen
class StratifiedMean:
    """The equal-weight mean over strata, with its standard error and t-interval.

    Attributes:
        interval: the stratified mean ``(1/H) sum_h mean_h`` with its
            standard error and interval (a :class:`MeanInterval`; ``n`` counts
            every score, ``df`` is Satterthwaite's).
        strata: the strata, in key order.
        means: the mean of each stratum.
        counts: the scores in each stratum.
    """

    interval: MeanInterval
    strata: tuple[object, ...]
    means: FloatArray
    counts: npt.NDArray[np.int64]

    @property
    def mean(self) -> float:
        """The stratified mean."""
        return self.interval.mean


def _scores(scores: npt.ArrayLike, nan_policy: str) -> tuple[FloatArray, FloatArray, int]:
    """The scores (flat), the kept ones, and how many NaN were omitted."""
    _validate.check_policy(nan_policy)
    v = _validate.probabilities(scores, "scores").reshape(-1)
    mask = _validate.nan_mask(v)
    if mask is not None and nan_policy == "raise":
        raise _validate.first_bad(
            "scores", mask, v, "NaN (pass nan_policy='omit' to leave them out)"
        )
    if np.isinf(v).any():
        raise _validate.first_bad("scores", np.isinf(v), v, "infinite: no finite mean or variance")
    kept = v if mask is None else v[~mask]
    return v, kept, 0 if mask is None else int(np.count_nonzero(mask))


def _exact_mean(v: FloatArray) -> float:
    return float(_exact.to_fraction(_exact.sums(v)[0]) / v.size) if v.size else math.nan


def _interval(mean: float, se: float, df: float, level: float) -> tuple[float, float]:
    from scipy import stats  # type: ignore[import-untyped]  # lazily: import time

    if not (math.isfinite(se) and df > 0):
        return math.nan, math.nan
    half = float(stats.t.ppf(0.5 + level / 2.0, df)) * se
    return mean - half, mean + half


def _check_level(level: float) -> None:
    if not 0.0 < level < 1.0:
        raise _validate.ScoringInputError(f"level must be in (0, 1), not {level!r}")


def standard_error(scores: npt.ArrayLike, *, nan_policy: NanPolicy = "raise") -> float:
    """Standard error of the mean of ``scores``: ``s / sqrt(n)``, ``s`` with ``n - 1``.

    Treats the scores as independent draws; forecasts of one question share
    its outcome, so when several sources or dates answered each question,
    average per question first (or use the question-level bootstrap).

    Args:
        scores: per-forecast scores.
        nan_policy: ``"raise"`` (default) or ``"omit"``.

    Returns:
        The standard error; NaN with fewer than 2 scores.

    Raises:
        ScoringInputError: scores not numeric, infinite, or NaN under ``"raise"``.
    """
    _, kept, _ = _scores(scores, nan_policy)
    if kept.size < 2:
        return math.nan
    return float(np.std(kept, ddof=1) / math.sqrt(kept.size))


def t_interval(
    scores: npt.ArrayLike, *, level: float = 0.9, nan_policy: NanPolicy = "raise"
) -> MeanInterval:
    """The mean of ``scores`` with its Student-t interval (``scipy.stats.t``).

    ``mean ± t_{(1+level)/2, n-1} · s / sqrt(n)`` (Student 1908): exact for
    normal scores, approximate otherwise; compare
    :func:`~forecastcheck.compare.bootstrap`. The mean is correctly rounded
    from the exact sum, as :func:`~forecastcheck.scoring.summarize`'s.

    Args:
        scores: per-forecast scores.
        level: nominal coverage, e.g. 0.9 for a 90% interval.
        nan_policy: ``"raise"`` (default) or ``"omit"``.

    Returns:
        A :class:`MeanInterval` (``se``, ``low``, ``high`` NaN with fewer than 2 scores).

    Raises:
        ScoringInputError: malformed scores or ``level`` outside (0, 1).
    """
    _check_level(level)
    _, kept, n_omitted = _scores(scores, nan_policy)
    n = int(kept.size)
    mean = _exact_mean(kept)
    se = float(np.std(kept, ddof=1) / math.sqrt(n)) if n >= 2 else math.nan
    df = float(n - 1) if n >= 2 else math.nan
    low, high = _interval(mean, se, df, level)
    return MeanInterval(
        mean=mean, se=se, df=df, low=low, high=high, level=level, n=n, n_omitted=n_omitted
    )


# Over 60 lines, kept whole: most of it is the docstring; the body is short.
# Same shape as in calibration/reliability.py: the same keyword options by design (one public API
# shape) (intentional).
def stratified_mean(
    strata: npt.ArrayLike,
    scores: npt.ArrayLike,
    *,
    level: float = 0.9,
    nan_policy: NanPolicy = "raise",
) -> StratifiedMean:
    """The equal-weight mean over strata, with its standard error and t-interval.

    With H strata of ``n_h`` scores, mean ``m_h`` and variance ``s_h**2``::

        mean = (1/H) sum_h m_h
        se   = (1/H) sqrt(sum_h s_h**2 / n_h)

    the stratified estimator with weights ``1/H`` (Cochran 1977, *Sampling
    Techniques*, ch. 5), and Satterthwaite's (1946) degrees of freedom
    ``(sum_h a_h)**2 / sum_h (a_h**2 / (n_h - 1))`` with ``a_h = s_h**2 / n_h``
    for the t-interval (``sum_h (n_h - 1)`` when every stratum has variance 0,
    where that ratio is 0/0). A stratum of one score has no variance: then ``se``
    and the interval are NaN (the mean is still given).

    Args:
        strata: the stratum of each score (e.g. ``"market"`` / ``"dataset"``), shape (n,).
        scores: per-forecast scores, shape (n,).
        level: nominal coverage of the interval.
        nan_policy: ``"raise"`` (default) or ``"omit"`` (NaN scores left out and counted).

    Returns:
        A :class:`StratifiedMean`.

    Raises:
        ScoringInputError: malformed input, no scores, or ``level`` outside (0, 1).
    """
    _check_level(level)
    v, _, n_omitted = _scores(scores, nan_policy)
    k = np.asarray(strata).reshape(-1)
    if k.size != v.size:
        raise _validate.ScoringInputError(
            f"strata must have one entry per score ({v.size}), not {k.size}"
        )
    keep = ~np.isnan(v)
    v, k = v[keep], k[keep]
    if v.size == 0:
        raise _validate.ScoringInputError("no scores")
    uniq, inverse = _validate.sorted_keys(k, "strata")
    order = np.argsort(inverse, kind="stable")
    groups = np.split(v[order], np.cumsum(np.bincount(inverse))[:-1])
    H = len(groups)
    means = np.array([_exact_mean(g) for g in groups])
    counts = np.array([g.size for g in groups], dtype=np.int64)
    mean = float(np.mean(means))
    if counts.min() >= 2:
        a = np.array([np.var(g, ddof=1) / g.size for g in groups])
        se = float(math.sqrt(float(a.sum())) / H)
        denominator = float(np.sum(a * a / (counts - 1)))
        df = float(a.sum() ** 2 / denominator) if denominator > 0 else float(counts.sum() - H)
    else:
        se = df = math.nan
    if se == 0.0:
        low = high = mean
    else:
        low, high = _interval(mean, se, df, level)
    interval = MeanInterval(
        mean=mean,
        se=se,
        df=df,
        low=low,
        high=high,
        level=level,
        n=int(v.size),
        n_omitted=n_omitted,
    )
    return StratifiedMean(
        interval=interval,
        strata=tuple(u.item() if hasattr(u, "item") else u for u in uniq),
        means=means,
        counts=counts,
    )
