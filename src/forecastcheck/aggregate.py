"""Aggregation through mergeable partial results.

A :class:`BinaryAccumulator` holds the sufficient statistics of a set of
binary forecasts: counts, *exact* sums of the Brier, log, spherical and
misclassification scores, and per-bin counts and exact sums for the
reliability table and the Murphy decomposition. Sums are exact integers (in
units of 2**-1127, see ``forecastcheck.scoring._exact``), so merging partials is
exact, associative and commutative: ``merge(a(chunk1), a(chunk2)).finish()``
equals ``a(whole).finish()`` bit for bit, whichever way the data were split
or ordered. That is what lets chunked, streamed or distributed input combine
to the whole-array figures.

:func:`aggregate_by` groups by any key array (source, topic, year, lead
time...) and :func:`partials_by` / :func:`merge_partials` do the same in a
map-reduce shape.

Any other per-forecast score (WIS, CRPS, bias, coverage, a Brier score against
a probabilistic outcome...) is summarised per group by :func:`summarize_by`,
through :class:`ScoreTotals`: the count, the exact sum and the counts of
omitted and infinite scores, mergeable in the same way (:func:`score_totals_by`
and :func:`merge_by` for chunks).
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping
from fractions import Fraction
from typing import Protocol, Self, TypeVar

import attrs
import numpy as np
import numpy.typing as npt

from forecastcheck.calibration import (
    Bins,
    BinStats,
    MurphyDecomposition,
    ReliabilityTable,
)
from forecastcheck.calibration import bins as _bins
from forecastcheck.scoring import (
    BoolArray,
    FloatArray,
    NanPolicy,
    ScoreSummary,
    ScoringInputError,
    _exact,
    _formulas,
    _fused,
    _validate,
)

__all__ = [
    "BinaryAccumulator",
    "BinaryReport",
    "ScoreTotals",
    "aggregate_by",
    "merge_by",
    "merge_partials",
    "partials_by",
    "score_totals_by",
    "summarize_by",
]


@attrs.frozen
class BinaryReport:
    """Every whole-set figure of a set of binary forecasts.

    Attributes:
        n: forecasts scored.
        n_omitted: forecasts left out under ``nan_policy="omit"``.
        brier: Brier score summary.
        log: log score summary (``n_infinite`` counts wrong certainties).
        spherical: spherical score summary (higher is better).
        misclassification: misclassification summary (error rate).
        reliability: the reliability table.
        murphy: the Murphy decomposition (None when ``n == 0``).
    """

    n: int
    n_omitted: int
    brier: ScoreSummary
    log: ScoreSummary
    spherical: ScoreSummary
    misclassification: ScoreSummary
    reliability: ReliabilityTable
    murphy: MurphyDecomposition | None


# Same shape as in calibration/bins.py: the same keyword options by design (one public API shape)
# (intentional).
@attrs.frozen(eq=False)
class BinaryAccumulator:
    """Mergeable sufficient statistics of binary forecasts.

    Build one per chunk with :meth:`from_forecasts`, combine with
    :meth:`merge` (or :func:`merge_partials`), read the figures with
    :meth:`finish`.

    Attributes:
        bins: per-bin statistics (carry the binning and the Brier total).
        log_total: exact sum of the finite log scores.
        log_infinite: forecasts with an infinite log score.
        spherical_total: exact sum of the spherical scores.
        misclassification_halves: twice the sum of the misclassification scores
            (an integer: each score is 0, 0.5 or 1).
    """

    bins: BinStats
    log_total: int
    log_infinite: int
    spherical_total: int
    misclassification_halves: int

    @property
    def n(self) -> int:
        """Forecasts counted."""
        return self.bins.n

    # Same parameters as BinStats.from_forecasts: the statistics it extends (intentional).
    @classmethod
    def from_forecasts(
        cls,
        p: npt.ArrayLike,
        y: npt.ArrayLike,
        bins: Bins = 10,
        *,
        nan_policy: NanPolicy = "raise",
    ) -> BinaryAccumulator:
        """Validate once and collect the statistics of one chunk of forecasts.

        Args:
            p: probabilities in [0, 1].
            y: outcomes, 0/1 or booleans.
            bins: binning for the reliability table and Murphy decomposition
                (an int, edges, or ``"unique"``); partials must agree to merge.
            nan_policy: ``"raise"`` (default) or ``"omit"``.

        Returns:
            The accumulator.

        Raises:
            ScoringInputError: malformed input or bins.
        """
        pa, yb, n_omitted = _validate.binary_kept(p, y, nan_policy)
        return cls._from_valid(pa, yb, bins, n_omitted)

    @classmethod
    def _from_valid(
        cls, pa: FloatArray, yb: BoolArray, bins: Bins, n_omitted: int
    ) -> BinaryAccumulator:
        if not isinstance(bins, str):  # fixed bins: one compiled sweep, when numba is there
            edges, uniform = _bins.bin_edges(bins)
            fused = _fused.binary_sums(pa, yb, edges, uniform)
            if fused is not None:
                return cls._from_fused(fused, edges, n_omitted)
        stats_ = BinStats.from_valid(pa, yb, bins, n_omitted=n_omitted)
        logs, n_inf = _exact.sums_checked(_formulas.log(pa, yb), None, 1)
        sph = _exact.sums(_formulas.spherical(pa, yb))[0]
        halves = int(np.sum(_formulas.misclassification(pa, yb) * 2.0, dtype=np.int64))
        return cls(
            bins=stats_,
            log_total=logs[0],
            log_infinite=n_inf,
            spherical_total=sph,
            misclassification_halves=halves,
        )

    @classmethod
    def _from_fused(
        cls, fused: _fused.BinarySums, edges: FloatArray, n_omitted: int
    ) -> BinaryAccumulator:
        stats_ = BinStats(
            edges=edges,
            values=np.empty(0),
            count=fused.counts,
            sum_p=fused.sum_p,
            sum_brier=fused.sum_brier,
            n_omitted=n_omitted,
        )
        return cls(
            bins=stats_,
            log_total=fused.log_total,
            log_infinite=fused.log_infinite,
            spherical_total=fused.spherical_total,
            misclassification_halves=fused.misclassification_halves,
        )

    @classmethod
    def empty(cls, bins: Bins = 10) -> BinaryAccumulator:
        """An accumulator of no forecasts (the identity of :meth:`merge`)."""
        return cls._from_valid(np.empty(0), np.empty(0, dtype=bool), bins, 0)

    def merge(self, other: BinaryAccumulator) -> BinaryAccumulator:
        """Combine with the statistics of another, disjoint, set of forecasts (exact).

        Raises:
            ScoringInputError: the two were binned differently.
        """
        return BinaryAccumulator(
            bins=self.bins.merge(other.bins),
            log_total=self.log_total + other.log_total,
            log_infinite=self.log_infinite + other.log_infinite,
            spherical_total=self.spherical_total + other.spherical_total,
            misclassification_halves=self.misclassification_halves + other.misclassification_halves,
        )

    def finish(self, band: tuple[float, float] = (0.05, 0.95)) -> BinaryReport:
        """All whole-set figures: score summaries, reliability table, Murphy decomposition.

        Args:
            band: quantile levels of the reliability table's binomial band.

        Returns:
            A :class:`BinaryReport`.
        """
        n = self.n
        omitted = self.bins.n_omitted
        brier_total = self.bins.brier_total
        assert brier_total is not None  # collected with second moments
        return BinaryReport(
            n=n,
            n_omitted=omitted,
            brier=ScoreSummary.from_exact_total(
                "brier", brier_total, n_finite=n, n_omitted=omitted
            ),
            log=ScoreSummary.from_exact_total(
                "log",
                self.log_total,
                n_finite=n - self.log_infinite,
                n_pos=self.log_infinite,
                n_omitted=omitted,
            ),
            spherical=ScoreSummary.from_exact_total(
                "spherical",
                self.spherical_total,
                n_finite=n,
                n_omitted=omitted,
                higher_is_better=True,
            ),
            misclassification=ScoreSummary.from_exact_total(
                "misclassification",
                self.misclassification_halves << (_exact.SCALE - 1),
                n_finite=n,
                n_omitted=omitted,
            ),
            reliability=self.bins.reliability_table(band),
            murphy=self.bins.murphy() if n else None,
        )


def merge_partials(partials: Iterable[BinaryAccumulator]) -> BinaryAccumulator:
    """Merge any number of accumulators (in any order: the result is the same).

    Raises:
        ScoringInputError: no partials, or partials binned differently.
    """
    it = iter(partials)
    try:
        out = next(it)
    except StopIteration:
        raise ScoringInputError("nothing to merge") from None
    for part in it:
        out = out.merge(part)
    return out


def _groups(keys: npt.ArrayLike, n: int) -> list[tuple[Hashable, npt.NDArray[np.intp]]]:
    k = np.asarray(keys).reshape(-1)
    if k.size != n:
        raise ScoringInputError(f"keys must have one entry per forecast ({n}), not {k.size}")
    uniq, inverse = np.unique(k, return_inverse=True)
    inverse = inverse.reshape(-1)
    order = np.argsort(inverse, kind="stable")
    bounds = np.searchsorted(inverse[order], np.arange(uniq.size + 1))
    return [
        (uniq[g].item() if hasattr(uniq[g], "item") else uniq[g], order[bounds[g] : bounds[g + 1]])
        for g in range(uniq.size)
    ]


# Same shape as in aggregate.py: the same keyword options by design (one public API shape)
# (intentional).
def partials_by(
    keys: npt.ArrayLike,
    p: npt.ArrayLike,
    y: npt.ArrayLike,
    bins: Bins = 10,
    *,
    nan_policy: NanPolicy = "raise",
) -> dict[Hashable, BinaryAccumulator]:
    """One accumulator per distinct key (the map step; merge with :func:`merge_partials`).

    Args:
        keys: a key per forecast (source, topic, year, lead-time bucket...).
        p: probabilities in [0, 1].
        y: outcomes, 0/1 or booleans.
        bins: binning, as in :meth:`BinaryAccumulator.from_forecasts`.
        nan_policy: ``"raise"`` (default) or ``"omit"``.

    Returns:
        ``{key: accumulator}`` in key order.

    Raises:
        ScoringInputError: malformed input.
    """
    pa, ya, mask = _validate.binary_inputs(p, y, nan_policy)
    pa = pa.reshape(-1)
    yb = _validate.as_bool(ya).reshape(-1)
    omitted = np.zeros(pa.size, dtype=bool) if mask is None else mask.reshape(-1)
    out: dict[Hashable, BinaryAccumulator] = {}
    for key, rows in _groups(keys, pa.size):
        keep = rows[~omitted[rows]]
        out[key] = BinaryAccumulator._from_valid(
            pa[keep], yb[keep], bins, int(rows.size - keep.size)
        )
    return out


class _Mergeable(Protocol):
    def merge(self, other: Self, /) -> Self: ...


_M = TypeVar("_M", bound=_Mergeable)


def merge_by(*parts: Mapping[Hashable, _M]) -> dict[Hashable, _M]:
    """Merge several ``{key: partial}`` maps (the reduce step), key by key.

    Args:
        parts: maps from :func:`partials_by` or :func:`score_totals_by`, e.g. one
            per chunk or worker.

    Returns:
        ``{key: merged partial}``.

    Raises:
        ScoringInputError: accumulators of one key binned differently.
    """
    out: dict[Hashable, _M] = {}
    for part in parts:
        for key, acc in part.items():
            out[key] = out[key].merge(acc) if key in out else acc
    return out


# The parameters are partials_by's: the same grouping, finished (the same API by design).
# Same shape as partials_by above: the same keyword options, map step and report (intentional).
def aggregate_by(
    keys: npt.ArrayLike,
    p: npt.ArrayLike,
    y: npt.ArrayLike,
    bins: Bins = 10,
    *,
    nan_policy: NanPolicy = "raise",
) -> dict[Hashable, BinaryReport]:
    """Every figure of :class:`BinaryReport`, per distinct key.

    Args:
        keys: a key per forecast.
        p: probabilities in [0, 1].
        y: outcomes, 0/1 or booleans.
        bins: binning for the reliability tables and Murphy decompositions.
        nan_policy: ``"raise"`` (default) or ``"omit"``.

    Returns:
        ``{key: report}`` in key order.

    Raises:
        ScoringInputError: malformed input.
    """
    return {
        key: acc.finish()
        for key, acc in partials_by(keys, p, y, bins, nan_policy=nan_policy).items()
    }


@attrs.frozen
class ScoreTotals:
    """Mergeable exact totals of one per-forecast score over a set of forecasts.

    Attributes:
        total: exact sum of the finite scores, an integer in units of ``2**-1127``
            (see :attr:`exact_sum`).
        n_finite: finite scores.
        n_pos: scores of ``+inf``.
        n_neg: scores of ``-inf``.
        n_omitted: NaN scores (forecasts omitted under ``nan_policy="omit"``).
    """

    total: int = 0
    n_finite: int = 0
    n_pos: int = 0
    n_neg: int = 0
    n_omitted: int = 0

    @property
    def n(self) -> int:
        """Scores counted (finite and infinite; omitted ones excluded)."""
        return self.n_finite + self.n_pos + self.n_neg

    @property
    def exact_sum(self) -> Fraction:
        """The exact sum of the finite scores, as a fraction."""
        return _exact.to_fraction(self.total)

    @classmethod
    def from_scores(cls, values: npt.ArrayLike) -> ScoreTotals:
        """The totals of one chunk of per-forecast scores (NaN: omitted).

        Raises:
            ScoringInputError: ``values`` is not numeric.
        """
        return next(iter(score_totals_by(np.zeros(np.size(values)), values).values()), cls())

    def merge(self, other: ScoreTotals) -> ScoreTotals:
        """Combine with the totals of another, disjoint, set of forecasts (exact)."""
        return ScoreTotals(
            total=self.total + other.total,
            n_finite=self.n_finite + other.n_finite,
            n_pos=self.n_pos + other.n_pos,
            n_neg=self.n_neg + other.n_neg,
            n_omitted=self.n_omitted + other.n_omitted,
        )

    def summary(self, rule: str = "score", *, higher_is_better: bool = False) -> ScoreSummary:
        """The :class:`~forecastcheck.scoring.ScoreSummary` of these totals."""
        return ScoreSummary.from_exact_total(
            rule,
            self.total,
            n_finite=self.n_finite,
            n_pos=self.n_pos,
            n_neg=self.n_neg,
            n_omitted=self.n_omitted,
            higher_is_better=higher_is_better,
        )


def score_totals_by(keys: npt.ArrayLike, scores: npt.ArrayLike) -> dict[Hashable, ScoreTotals]:
    """Exact totals of a per-forecast score per distinct key (the map step).

    One pass over the scores: ``np.unique`` numbers the keys and the exact
    sums are taken per group at once. NaN scores (forecasts omitted under
    ``nan_policy="omit"``) are counted in ``n_omitted``, never averaged.

    Args:
        keys: a key per score (model, target, horizon...), shape (n,).
        scores: one score per forecast from any function of
            :mod:`forecastcheck.scoring`, shape (n,).

    Returns:
        ``{key: totals}`` in key order; merge chunks with :func:`merge_by`.

    Raises:
        ScoringInputError: scores not numeric, keys not one per score or not sortable.
    """
    v = _validate.probabilities(scores, "scores").reshape(-1)
    k = np.asarray(keys).reshape(-1)
    if k.size != v.size:
        raise ScoringInputError(f"keys must have one entry per score ({v.size}), not {k.size}")
    try:
        uniq, inverse = np.unique(k, return_inverse=True)
    except TypeError as exc:
        raise ScoringInputError(f"keys cannot be sorted ({exc})") from exc
    inverse = inverse.reshape(-1).astype(np.intp)
    ngroups = int(uniq.size)
    totals, n_nonfinite = _exact.sums_checked(v, inverse, ngroups)
    size = np.bincount(inverse, minlength=ngroups)
    nan = pos = neg = np.zeros(ngroups, dtype=np.int64)
    if n_nonfinite:
        nan = np.bincount(inverse, weights=np.isnan(v), minlength=ngroups).astype(np.int64)
        pos = np.bincount(inverse, weights=v == np.inf, minlength=ngroups).astype(np.int64)
        neg = np.bincount(inverse, weights=v == -np.inf, minlength=ngroups).astype(np.int64)
    return {
        (uniq[g].item() if hasattr(uniq[g], "item") else uniq[g]): ScoreTotals(
            total=totals[g],
            n_finite=int(size[g] - nan[g] - pos[g] - neg[g]),
            n_pos=int(pos[g]),
            n_neg=int(neg[g]),
            n_omitted=int(nan[g]),
        )
        for g in range(ngroups)
    }


def summarize_by(
    keys: npt.ArrayLike,
    scores: npt.ArrayLike,
    *,
    rule: str = "score",
    higher_is_better: bool = False,
) -> dict[Hashable, ScoreSummary]:
    """Summarise any per-forecast score per distinct key: count, exact mean, omitted, infinite.

    The per-key form of :func:`~forecastcheck.scoring.summarize`: each mean is
    the correctly rounded value of the group's exact sum, so it does not depend
    on the order of the forecasts or on how they were chunked.

    Args:
        keys: a key per score, shape (n,).
        scores: one score per forecast, shape (n,); NaN marks an omitted forecast.
        rule: the score's name, carried into each summary.
        higher_is_better: the score's orientation, carried into each summary.

    Returns:
        ``{key: summary}`` in key order.

    Raises:
        ScoringInputError: as :func:`score_totals_by`.
    """
    return {
        key: t.summary(rule, higher_is_better=higher_is_better)
        for key, t in score_totals_by(keys, scores).items()
    }
