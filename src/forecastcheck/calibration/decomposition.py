"""Decompositions of a mean score: Murphy's of the Brier score, and CORP of any proper score."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Literal, TypeAlias

import attrs
import numpy as np
import numpy.typing as npt
from numpy.typing import NDArray

from forecastcheck.calibration.bins import Bins, BinStats
from forecastcheck.calibration.results import MurphyDecomposition
from forecastcheck.scoring import (
    FloatArray,
    NanPolicy,
    ScoreSummary,
    _exact,
    _validate,
    brier,
    log_score,
    misclassification,
    summarize,
)

__all__ = ["Corp", "CorpScore", "corp", "murphy"]

CorpScore: TypeAlias = (
    Literal["brier", "log", "misclassification"]
    | Callable[[FloatArray, NDArray[np.bool_]], FloatArray]
)
ScoreFn: TypeAlias = Callable[[FloatArray, NDArray[np.bool_]], FloatArray]
IntArray: TypeAlias = NDArray[np.int64]


def murphy(
    p: npt.ArrayLike,
    y: npt.ArrayLike,
    bins: Bins = "unique",
    *,
    nan_policy: NanPolicy = "raise",
) -> MurphyDecomposition:
    """Murphy decomposition of the Brier score: REL, RES, UNC (Tetlock's CI, DI, VI, NDI).

    Murphy (1973); Tetlock (2005), Expert Political Judgment, technical
    appendix. With ``bins="unique"`` (the default) each distinct forecast is a
    bin and ``Brier = REL - RES + UNC`` holds exactly. With coarser bins the
    within-bin terms WBV and WBC of Stephenson, Coelho & Jolliffe (2008) are
    reported and ``Brier = REL - RES + UNC + WBV - WBC``.

    Args:
        p: probabilities in [0, 1].
        y: outcomes, 0/1 or booleans.
        bins: ``"unique"`` (default), a number of equal-width bins, or edges.
        nan_policy: ``"raise"`` (default) or ``"omit"``.

    Returns:
        A :class:`MurphyDecomposition`.

    Raises:
        ScoringInputError: malformed input or no forecasts.
    """
    return BinStats.from_forecasts(p, y, bins, nan_policy=nan_policy).murphy()


@attrs.frozen(eq=False)
class Corp:
    """CORP decomposition of a mean score and the CORP reliability diagram.

    ``mean_score = mcb - dsc + unc`` (exact in real arithmetic; the reported
    figures agree to rounding).

    Attributes:
        score: the scoring rule's name.
        n: forecasts.
        mean_score: mean score of the forecasts ``S̄``.
        recalibrated_score: mean score of the PAV-recalibrated forecasts ``S̄_rc``.
        unc: mean score of the base rate as a constant forecast.
        mcb: miscalibration ``S̄ - S̄_rc`` (>= 0).
        dsc: discrimination ``UNC - S̄_rc`` (>= 0).
        n_infinite: forecasts scoring infinitely (log score of a wrong certainty).
        x: the distinct forecast values, increasing.
        recalibrated: the PAV fit (isotonic regression of y on p) at each of ``x``.
        x_count: forecasts at each of ``x``.
        band_low: lower consistency band at ``x`` (None without resampling).
        band_high: upper consistency band at ``x`` (None without resampling).
        p_value: resampling p-value of the hypothesis "calibrated" from MCB (None without).
        n_resamples: resamples drawn (0 for none).
        n_omitted: forecasts left out under ``nan_policy="omit"``.
        x_weight: total weight at each of ``x`` (None without ``weights``).
    """

    score: str
    n: int
    mean_score: float
    recalibrated_score: float
    unc: float
    mcb: float
    dsc: float
    n_infinite: int
    x: FloatArray
    recalibrated: FloatArray
    x_count: IntArray
    band_low: FloatArray | None
    band_high: FloatArray | None
    p_value: float | None
    n_resamples: int
    n_omitted: int = 0
    x_weight: FloatArray | None = None


# Over 60 lines, kept whole: the CORP steps (recalibrate, score, resample) share their arrays.
def corp(
    p: npt.ArrayLike,
    y: npt.ArrayLike,
    score: CorpScore = "brier",
    *,
    n_resamples: int = 0,
    band: tuple[float, float] = (0.05, 0.95),
    seed: int | np.random.Generator = 0,
    weights: npt.ArrayLike | None = None,
    nan_policy: NanPolicy = "raise",
) -> Corp:
    """CORP decomposition (Dimitriadis, Gneiting & Jordan 2021): score = MCB − DSC + UNC.

    The forecasts are recalibrated by the pool-adjacent-violators algorithm:
    ``x̂`` is the isotonic (non-decreasing) regression of ``y`` on ``p``, with
    equal forecasts pooled into one block first (``scipy.optimize.isotonic_regression``
    on the distinct values, weighted by their counts). Then, for the proper
    score ``S``: ``S̄ = mean S(p, y)``, ``S̄_rc = mean S(x̂, y)``,
    ``UNC = mean S(ȳ, y)``, ``MCB = S̄ - S̄_rc`` and ``DSC = UNC - S̄_rc``,
    both non-negative for a proper score.

    With ``n_resamples > 0``, outcomes are redrawn as ``y* ~ Bernoulli(p)``
    (the forecasts taken as calibrated), the PAV fit is redone, and the
    pointwise ``band`` quantiles of the refits give the consistency band;
    the p-value is ``(1 + #{MCB* >= MCB}) / (1 + n_resamples)``.

    With ``weights`` every mean is weighted, ``sum w S / sum w`` (the exact sum
    of the products ``w S``, correctly rounded), the base rate is
    ``sum w y / sum w``, and the PAV fit is the weighted isotonic regression
    (``scipy.optimize.isotonic_regression`` with the total weight of each
    distinct forecast). Weights of 1 give exactly the unweighted result.

    Args:
        p: probabilities in [0, 1].
        y: outcomes, 0/1 or booleans.
        score: ``"brier"``, ``"log"``, ``"misclassification"`` or a function
            ``f(p, y) -> per-forecast scores`` (negatively oriented, proper).
        n_resamples: resamples for the consistency band and p-value (0: none).
        band: quantile levels of the band.
        seed: seed or ``numpy.random.Generator`` for the resampling.
        weights: a positive, finite weight per forecast, same shape as ``p``
            (None: all equal).
        nan_policy: ``"raise"`` (default) or ``"omit"``.

    Returns:
        A :class:`Corp`.

    Raises:
        ScoringInputError: malformed input or weights, no forecasts, or an unknown score.
    """
    name, fn = _score_fn(score)
    pa, ya, mask = _validate.binary_inputs(p, y, nan_policy)
    w = None if weights is None else _weights(weights, pa.shape)
    pa, yb = pa.reshape(-1), _validate.as_bool(ya).reshape(-1)
    n_omitted = 0
    if mask is not None:
        keep = ~mask.reshape(-1)
        pa, yb = pa[keep], yb[keep]
        w = None if w is None else w[keep]
        n_omitted = int(keep.size - np.count_nonzero(keep))
    n = int(pa.size)
    if n == 0:
        raise _validate.ScoringInputError("no forecasts")
    s_orig = _summary(fn, pa, yb, w)
    if w is None and n_resamples == 0 and not callable(score):
        x, counts, fit, s_rc, s_unc = _from_counts(fn, pa, yb)
        inverse, x_weight = np.empty(0, dtype=np.intp), None
    else:
        x, inverse, counts = np.unique(pa, return_inverse=True, return_counts=True)
        inverse = inverse.reshape(-1)
        counts = counts.astype(np.int64)
        x_weight = (
            None
            if w is None
            else np.asarray(np.bincount(inverse, weights=w, minlength=x.size), dtype=np.float64)
        )
        fit = _pav(counts, inverse, yb, w, x_weight)
        s_rc = _mean(fn, fit[inverse], yb, w)
        if w is None:
            base_rate = float(np.count_nonzero(yb)) / n
        else:
            base_rate = float(
                _exact.to_fraction(_exact.sums(w[yb])[0]) / _exact.to_fraction(_exact.sums(w)[0])
            )
        s_unc = _mean(fn, np.full(n, base_rate), yb, w)
    mcb = s_orig.mean - s_rc
    band_low = band_high = None
    p_value = None
    if n_resamples > 0:
        lo_q, hi_q = band
        if not 0.0 <= lo_q < hi_q <= 1.0:
            raise _validate.ScoringInputError(
                f"band must be two quantile levels 0 <= a < b <= 1, got {band}"
            )
        fits, exceed = _resample(
            fn,
            pa,
            counts=counts,
            inverse=inverse,
            weights=(w, x_weight),
            mcb=mcb,
            n_resamples=n_resamples,
            seed=seed,
        )
        band_low = np.quantile(fits, lo_q, axis=0)
        band_high = np.quantile(fits, hi_q, axis=0)
        p_value = (1 + exceed) / (1 + n_resamples)
    return _record(
        name,
        s_orig,
        (s_rc, s_unc),
        (x, fit, counts),
        band_low=band_low,
        band_high=band_high,
        p_value=p_value,
        n_resamples=n_resamples,
        n_omitted=n_omitted,
        x_weight=x_weight,
    )


def _record(
    name: str,
    s_orig: ScoreSummary,
    fitted: tuple[float, float],
    at_values: tuple[FloatArray, FloatArray, IntArray],
    **rest: Any,
) -> Corp:
    """The :class:`Corp` of S̄ (``s_orig``), (S̄_rc, UNC) and (x, the PAV fit, counts)."""
    s_rc, s_unc = fitted
    x, fit, counts = at_values
    return Corp(
        score=name,
        n=int(counts.sum()),
        mean_score=s_orig.mean,
        recalibrated_score=s_rc,
        unc=s_unc,
        mcb=s_orig.mean - s_rc,
        dsc=s_unc - s_rc,
        n_infinite=s_orig.n_infinite,
        x=x,
        recalibrated=fit,
        x_count=counts,
        **rest,
    )


def _score_fn(score: CorpScore) -> tuple[str, ScoreFn]:
    if callable(score):
        return getattr(score, "__name__", "custom"), score
    if score == "brier":
        return "brier", brier
    if score == "log":
        return "log", log_score
    if score == "misclassification":
        return "misclassification", misclassification
    raise _validate.ScoringInputError(
        f"score must be 'brier', 'log', 'misclassification' or a callable, not {score!r}"
    )


def _weights(weights: npt.ArrayLike, shape: tuple[int, ...]) -> FloatArray:
    """Validated CORP weights: float64, the shape of ``p``, positive and finite."""
    w = _validate.probabilities(weights, "weights")
    if w.shape != shape:
        raise _validate.ScoringInputError(
            f"weights must have the shape of p, {shape}, not {w.shape}"
        )
    with np.errstate(invalid="ignore"):
        bad = ~(np.isfinite(w) & (w > 0.0))
    if bad.any():
        raise _validate.first_bad("weights", bad, w, "not positive and finite")
    return w.reshape(-1)


def _pav(
    counts: IntArray,
    inverse: NDArray[np.intp],
    y: NDArray[np.bool_],
    w: FloatArray | None = None,
    x_weight: FloatArray | None = None,
) -> FloatArray:
    """Isotonic (increasing) fit of the (weighted) event frequencies at the distinct forecasts."""
    if w is None or x_weight is None:
        hits = np.bincount(inverse, weights=y, minlength=counts.size).astype(np.float64)
        total = counts.astype(np.float64)
    else:
        hits = np.asarray(
            np.bincount(inverse, weights=np.where(y, w, 0.0), minlength=counts.size),
            dtype=np.float64,
        )
        total = x_weight
    return _isotonic(hits, total)


def _isotonic(hits: FloatArray, total: FloatArray) -> FloatArray:
    """The increasing PAV fit of the frequencies ``hits / total``, weighted by ``total``."""
    from scipy import optimize  # type: ignore[import-untyped]  # lazily: import time

    fit = optimize.isotonic_regression(hits / total, weights=total, increasing=True)
    return np.clip(np.asarray(fit.x, dtype=np.float64), 0.0, 1.0)  # only undoes float drift


def _from_counts(
    fn: ScoreFn, pa: FloatArray, yb: NDArray[np.bool_]
) -> tuple[FloatArray, IntArray, FloatArray, float, float]:
    """Unweighted CORP from per-value counts: x, counts, the PAV fit, S̄_rc and UNC.

    One sort of the keys ``2 * bits(p) + y`` (``p`` in [0, 1], so its bits rise
    with it) gives the distinct values with their counts and hits. The
    recalibrated forecasts take one value per PAV block, the base rate one in
    all, so each mean is the exact sum of (score, count) pairs over blocks and
    outcomes: the numbers of scoring every forecast, without doing so.
    """
    x, counts, hits = value_counts(pa, yb)
    fit, s_rc, s_unc = fit_counts(fn, counts, hits)
    return x, counts, fit, s_rc, s_unc


def value_counts(pa: FloatArray, yb: NDArray[np.bool_]) -> tuple[FloatArray, IntArray, IntArray]:
    """The distinct forecasts, rising, with their counts and hits (validated ``p``, ``y``).

    Counts of parts of a sample merge exactly (added value by value), which is how
    :mod:`forecastcheck.tables.dask_sorted` fits CORP to a partitioned table.
    """
    key = (pa + 0.0).view(np.int64) << 1  # + 0.0: -0.0 is 0.0
    key |= yb
    key.sort()
    value = key >> 1
    starts = np.flatnonzero(np.concatenate(([True], value[1:] != value[:-1])))
    counts = np.diff(np.append(starts, key.size)).astype(np.int64)
    hits = np.add.reduceat(key & 1, starts).astype(np.int64) if key.size else counts
    return value[starts].view(np.float64), counts, hits


def fit_counts(fn: ScoreFn, counts: IntArray, hits: IntArray) -> tuple[FloatArray, float, float]:
    """The PAV fit at the distinct forecasts, S̄_rc and UNC, from their counts and hits."""
    fit = _isotonic(hits.astype(np.float64), counts.astype(np.float64))
    first = np.flatnonzero(np.concatenate(([True], fit[1:] != fit[:-1])))
    block_hits = np.add.reduceat(hits, first)
    block_counts = np.add.reduceat(counts, first)
    s_rc = _mean_of_pairs(fn, fit[first], block_hits, block_counts)
    n_hits, n = int(block_hits.sum()), int(counts.sum())
    base = np.array([n_hits / n])
    s_unc = _mean_of_pairs(fn, base, np.array([n_hits]), np.array([n], dtype=np.int64))
    return fit, s_rc, s_unc


def corp_from_counts(
    x: FloatArray, counts: IntArray, hits: IntArray, score: CorpScore = "brier"
) -> Corp:
    """:func:`corp` (no resamples, no weights) from the :func:`value_counts` of the sample.

    The same :class:`Corp`, bit for bit, as :func:`corp` of the forecasts written out.

    Raises:
        ScoringInputError: no forecasts, or an unknown score.
    """
    name, fn = _score_fn(score)
    n = int(counts.sum())
    if n == 0:
        raise _validate.ScoringInputError("no forecasts")
    s_orig = _summary_of_pairs(fn, x, hits, counts)
    fit, s_rc, s_unc = fit_counts(fn, counts, hits)
    none = dict.fromkeys(("band_low", "band_high", "p_value", "x_weight"))
    return _record(
        name, s_orig, (s_rc, s_unc), (x, fit, counts), n_resamples=0, n_omitted=0, **none
    )


def _mean_of_pairs(fn: ScoreFn, f: FloatArray, hits: IntArray, counts: IntArray) -> float:
    """The mean score of ``hits[j]`` outcomes 1 and ``counts[j] - hits[j]`` 0 at forecast ``f[j]``.

    Exactly :func:`_mean` of the forecasts written out one by one.
    """
    return _summary_of_pairs(fn, f, hits, counts).mean


def _summary_of_pairs(fn: ScoreFn, f: FloatArray, hits: IntArray, counts: IntArray) -> ScoreSummary:
    """:func:`_mean_of_pairs`' summary (its mean and its counts of infinite scores)."""
    values = np.concatenate((fn(f, np.ones(f.size, dtype=bool)), fn(f, np.zeros(f.size, bool))))
    weights = np.concatenate((hits, counts - hits))
    used = weights > 0
    values, weights = values[used], weights[used]
    finite = np.isfinite(values)
    return ScoreSummary.from_exact_total(
        "score",
        _exact.weighted_sum(values[finite], weights[finite]),
        n_finite=int(weights[finite].sum()),
        n_pos=int(weights[values == np.inf].sum()),
        n_neg=int(weights[values == -np.inf].sum()),
    )


def _summary(
    fn: ScoreFn, p: FloatArray, y: NDArray[np.bool_], w: FloatArray | None
) -> ScoreSummary:
    """The (weighted) mean score of forecasts ``p``, with its counts (exact sums)."""
    scores = np.asarray(fn(p, y), dtype=np.float64)
    if w is None:
        return summarize(scores)
    plain = summarize(scores)
    finite = np.isfinite(scores)
    if not finite.any():
        return plain
    total = _exact.to_fraction(_exact.sums(scores[finite] * w[finite])[0])
    mean_finite = float(total / _exact.to_fraction(_exact.sums(w[finite])[0]))
    if not finite.all():  # an infinite score keeps the mean infinite, weighted or not
        return attrs.evolve(plain, mean_finite=mean_finite)
    return attrs.evolve(plain, mean=mean_finite, mean_finite=mean_finite)


def _mean(fn: ScoreFn, p: FloatArray, y: NDArray[np.bool_], w: FloatArray | None = None) -> float:
    """The (weighted) mean score of forecasts ``p`` (exact, see :func:`_summary`)."""
    return _summary(fn, p, y, w).mean


def _resample(
    fn: ScoreFn,
    pa: FloatArray,
    *,
    counts: IntArray,
    inverse: NDArray[np.intp],
    weights: tuple[FloatArray | None, FloatArray | None],
    mcb: float,
    n_resamples: int,
    seed: int | np.random.Generator,
) -> tuple[FloatArray, int]:
    """PAV refits under ``y* ~ Bernoulli(p)``, and how many refits reach an MCB of ``mcb``."""
    rng = np.random.default_rng(seed)
    fits = np.empty((n_resamples, counts.size))
    exceed = 0
    w, x_weight = weights
    for r in range(n_resamples):
        ystar = rng.random(pa.size) < pa
        fits[r] = _pav(counts, inverse, ystar, w, x_weight)
        mcb_r = _mean(fn, pa, ystar, w) - _mean(fn, fits[r][inverse], ystar, w)
        exceed += int(mcb_r >= mcb)
    return fits, exceed
