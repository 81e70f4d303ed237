"""Crowd aggregation: one forecast per question from the forecasts of many.

:func:`crowd_aggregate` pools the probabilities that several forecasters gave
each binary question, by one of six standard rules; :func:`geometric_mean_pmf`
takes the geometric mean of whole probability vectors, component by component,
as Metaculus' peer score does. Both are arrays in, arrays out: a question key
and a probability per forecast.

(:mod:`forecastcheck.aggregate` is something else: mergeable sums of scores.)
"""

from __future__ import annotations

import math
import typing
from collections.abc import Hashable
from typing import Literal, TypeAlias

import attrs
import numpy as np
import numpy.typing as npt

from forecastcheck.scoring import FloatArray, NanPolicy, _validate

__all__ = [
    "CrowdAggregate",
    "CrowdMethod",
    "crowd_aggregate",
    "geometric_mean_pmf",
    "neyman_extremizing_factor",
]

CrowdMethod: TypeAlias = Literal[
    "median",
    "mean",
    "trimmed_mean",
    "geometric_mean",
    "geometric_mean_odds",
    "extremized_mean_odds",
]
_METHODS: tuple[str, ...] = typing.get_args(CrowdMethod)


@attrs.frozen(eq=False)
class CrowdAggregate:
    """One pooled forecast per question.

    Attributes:
        questions: the distinct questions, in key order, shape (Q,).
        p: the pooled probability of each (NaN for a question with no forecast left).
        n: forecasts pooled per question.
        n_omitted: forecasts left out (NaN) per question under ``nan_policy="omit"``.
        method: the pooling rule.
        extremize: the extremizing factor per question (``extremized_mean_odds``
            only; None otherwise).
    """

    questions: npt.NDArray[np.generic]
    p: FloatArray
    n: npt.NDArray[np.int64]
    n_omitted: npt.NDArray[np.int64]
    method: str
    extremize: FloatArray | None = None

    def as_dict(self) -> dict[Hashable, float]:
        """``{question: pooled probability}``."""
        return {
            (q.item() if hasattr(q, "item") else q): float(v)
            for q, v in zip(self.questions, self.p, strict=True)
        }


def neyman_extremizing_factor(n: npt.ArrayLike) -> FloatArray:
    """Neyman & Roughgarden's extremizing factor for ``n`` forecasters.

    ``d(n) = n (sqrt(3 n**2 - 3 n + 1) - 2) / (n**2 - n - 1)``: 1 for one
    forecaster, about 1.29 for two, tending to ``sqrt(3) ≈ 1.73`` (Neyman &
    Roughgarden 2022, "Are you smarter than a random expert? The robust
    aggregation of substitutable signals"; recommended for pooling log odds
    by Sevilla 2021, "Principled extremizing of aggregated forecasts", who
    finds it does well on Metaculus data).

    Args:
        n: numbers of forecasters, each at least 1.

    Returns:
        The factor for each.

    Raises:
        ScoringInputError: a count below 1.
    """
    k = np.asarray(n, dtype=np.float64)
    if np.any(k < 1):
        raise _validate.ScoringInputError("the number of forecasters must be at least 1")
    return np.asarray(k * (np.sqrt(3.0 * k * k - 3.0 * k + 1.0) - 2.0) / (k * k - k - 1.0))


def _groups(
    questions: npt.ArrayLike, n: int
) -> tuple[npt.NDArray[np.generic], npt.NDArray[np.intp], npt.NDArray[np.intp]]:
    """Distinct questions, the row order that groups them, and the group bounds."""
    k = np.asarray(questions).reshape(-1)
    if k.size != n:
        raise _validate.ScoringInputError(
            f"questions must have one entry per forecast ({n}), not {k.size}"
        )
    uniq, inverse = _validate.sorted_keys(k, "questions")
    order = np.argsort(inverse, kind="stable")
    bounds = np.searchsorted(inverse[order], np.arange(uniq.size + 1))
    return uniq, order, bounds


# Over 60 lines, kept whole: its docstring and one branch per pooling method, each a few lines.
def crowd_aggregate(
    questions: npt.ArrayLike,
    p: npt.ArrayLike,
    method: CrowdMethod = "median",
    *,
    trim: float = 0.1,
    extremize: float | Literal["neyman"] = "neyman",
    nan_policy: NanPolicy = "raise",
) -> CrowdAggregate:
    """Pool the forecasters' probabilities of each question into one.

    For the n probabilities ``p_i`` given a question, with odds ``o_i = p_i / (1 - p_i)``:

    - ``"median"``: the median (the mean of the middle two for even n), as
      ForecastBench's and Metaculus' community medians.
    - ``"mean"``: the arithmetic mean (linear opinion pool).
    - ``"trimmed_mean"``: ``scipy.stats.trim_mean(p, trim)``: the mean after
      cutting ``floor(trim * n)`` forecasts from each end (``trim=0.1`` by default).
    - ``"geometric_mean"``: ``scipy.stats.gmean(p)``, the geometric mean of the
      probabilities of "yes" alone; it is not the pooled "no" complemented (see
      :func:`geometric_mean_pmf` for both sides, as Metaculus computes them).
    - ``"geometric_mean_odds"``: ``o = (prod o_i)**(1/n)``, ``p = o / (1 + o)``,
      i.e. the mean of the log odds (Satopää et al. 2014; Sevilla 2021, "When
      pooling forecasts, use the geometric mean of odds").
    - ``"extremized_mean_odds"``: ``o = (prod o_i)**(d/n)``: the mean log odds
      times ``d`` (Baron et al. 2014; Satopää et al. 2014 fit ``d`` between 1.16
      and 3.92 in hindsight). ``extremize="neyman"`` (default) takes
      :func:`neyman_extremizing_factor` of each question's ``n`` (1 for a single
      forecaster, towards ``sqrt(3)`` for many); a number fixes ``d``.

    Certainty is never clipped: a probability of 0 or 1 makes the odds 0 or
    infinite and the pooled odds follow (a question holding both 0 and 1 has no
    pooled odds and is an error).

    Args:
        questions: the question of each forecast, shape (n,).
        p: each forecast's probability of "yes", in [0, 1], shape (n,).
        method: one of the six rules above.
        trim: the share cut from each end for ``"trimmed_mean"``, in [0, 0.5).
        extremize: ``"neyman"`` or a factor ``d > 0`` for ``"extremized_mean_odds"``.
        nan_policy: ``"raise"`` (default) or ``"omit"`` (NaN forecasts left out and
            counted per question).

    Returns:
        A :class:`CrowdAggregate`.

    Raises:
        ScoringInputError: malformed input, an unknown method or option, or a question
            with forecasts of both 0 and 1 under an odds rule.
    """
    from scipy import special, stats  # type: ignore[import-untyped]  # noqa: PLC0415

    _validate.check_policy(nan_policy)
    if method not in _METHODS:
        raise _validate.ScoringInputError(f"method must be one of {_METHODS}, not {method!r}")
    if not 0.0 <= trim < 0.5:
        raise _validate.ScoringInputError(f"trim must be in [0, 0.5), not {trim!r}")
    if extremize != "neyman" and not (
        isinstance(extremize, int | float) and math.isfinite(extremize) and extremize > 0
    ):
        raise _validate.ScoringInputError(
            f"extremize must be 'neyman' or a positive number, not {extremize!r}"
        )
    pa = _validate.probabilities(p).reshape(-1)
    mask = _validate.nan_mask(pa)
    if mask is not None and nan_policy == "raise":
        raise _validate.first_bad("p", mask, pa, "NaN (pass nan_policy='omit' to leave them out)")
    with np.errstate(invalid="ignore"):
        outside = (pa < 0.0) | (pa > 1.0)
    if outside.any():
        raise _validate.first_bad("p", outside, pa, "outside [0, 1]")
    uniq, order, bounds = _groups(questions, pa.size)
    ngroups = uniq.size
    out = np.full(ngroups, np.nan)
    counts = np.zeros(ngroups, dtype=np.int64)
    omitted = np.zeros(ngroups, dtype=np.int64)
    factors = np.full(ngroups, np.nan) if method == "extremized_mean_odds" else None
    ordered = pa[order]
    for g in range(ngroups):
        values = ordered[bounds[g] : bounds[g + 1]]
        kept = values[~np.isnan(values)]
        counts[g], omitted[g] = kept.size, values.size - kept.size
        if kept.size == 0:
            continue
        if method == "median":
            out[g] = np.median(kept)
        elif method == "mean":
            out[g] = np.mean(kept)
        elif method == "trimmed_mean":
            out[g] = stats.trim_mean(kept, trim)
        elif method == "geometric_mean":
            with np.errstate(divide="ignore"):
                out[g] = stats.gmean(kept)
        else:
            if (kept == 0.0).any() and (kept == 1.0).any():
                key = uniq[g].item() if hasattr(uniq[g], "item") else uniq[g]
                raise _validate.ScoringInputError(
                    f"question {key!r}: forecasts of both 0 and 1 have no geometric mean of odds"
                )
            with np.errstate(divide="ignore"):
                mean_logit = float(np.mean(special.logit(kept)))
            d = 1.0
            if factors is not None:
                d = (
                    float(neyman_extremizing_factor(kept.size))
                    if extremize == "neyman"
                    else float(extremize)
                )
                factors[g] = d
            out[g] = special.expit(d * mean_logit)
    return CrowdAggregate(
        questions=uniq, p=out, n=counts, n_omitted=omitted, method=method, extremize=factors
    )


# Over 60 lines, kept whole: most of it is the docstring; the body is short.
def geometric_mean_pmf(
    questions: npt.ArrayLike,
    pmfs: npt.ArrayLike,
    *,
    normalize: bool = False,
    nan_policy: NanPolicy = "raise",
) -> tuple[npt.NDArray[np.generic], FloatArray, npt.NDArray[np.int64]]:
    """The geometric mean of the forecasters' probability vectors, per question and component.

    Metaculus' ``get_geometric_means`` (its peer score's reference): the
    geometric mean over forecasters of each component of the pmf,
    ``scipy.stats.gmean(pmfs, axis=0)``, *not* renormalised — for a binary
    question the pmf is ``(1 - p, p)`` and the two means need not sum to 1.
    Metaculus' test vector: ``p = 0.7, 0.8, 0.9`` gives ``(0.18171206, 0.79581144)``.
    With ``normalize=True`` each row is divided by its sum (a probability vector).

    Args:
        questions: the question of each forecast, shape (n,).
        pmfs: the forecasts' probability vectors, shape (n, K), each row in [0, 1]
            and summing to 1 (within 1e-8; never renormalised on input).
        normalize: divide each pooled vector by its sum.
        nan_policy: ``"raise"`` (default) or ``"omit"`` (rows with NaN left out).

    Returns:
        ``(questions, pooled, n)``: the distinct questions (Q,), the pooled vectors
        (Q, K; NaN for a question with no row left) and the rows pooled per question.

    Raises:
        ScoringInputError: malformed input.
    """
    from scipy import stats  # noqa: PLC0415

    _validate.check_policy(nan_policy)
    arr = _validate.probabilities(pmfs, "pmfs")
    if arr.ndim != 2 or arr.shape[1] < 2:
        raise _validate.ScoringInputError(
            f"pmfs must be 2-D, one row per forecast and one column per outcome, not {arr.shape}"
        )
    rows: npt.NDArray[np.bool_] = np.asarray(np.isnan(arr).any(axis=1))
    _validate.row_mask(rows, nan_policy, "pmfs")
    kept_rows = arr[~rows]
    with np.errstate(invalid="ignore"):
        bad = (kept_rows < 0.0) | (kept_rows > 1.0)
    if bad.any():
        raise _validate.first_bad("pmfs", bad, kept_rows, "outside [0, 1]")
    off = np.abs(kept_rows.sum(axis=1) - 1.0) > 1e-8
    if off.any():
        raise _validate.first_bad("pmfs", off, kept_rows.sum(axis=1), "rows not summing to 1")
    uniq, order, bounds = _groups(questions, arr.shape[0])
    pooled = np.full((uniq.size, arr.shape[1]), np.nan)
    counts = np.zeros(uniq.size, dtype=np.int64)
    ordered, ordered_rows = arr[order], rows[order]
    for g in range(uniq.size):
        block = ordered[bounds[g] : bounds[g + 1]][~ordered_rows[bounds[g] : bounds[g + 1]]]
        counts[g] = block.shape[0]
        if block.shape[0]:
            with np.errstate(divide="ignore"):
                pooled[g] = stats.gmean(block, axis=0)
            if normalize:
                pooled[g] /= pooled[g].sum()
    return uniq, pooled, counts
