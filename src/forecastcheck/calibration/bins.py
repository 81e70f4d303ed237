"""Binning of binary forecasts and the sufficient statistics per bin.

The bin convention (see :mod:`forecastcheck.calibration`): ``bins=B`` means
the B equal-width bins with edges ``k / B``; explicit edges rise strictly from
0 to 1; every bin is ``[e_k, e_{k+1})`` except the last, closed at 1;
``bins="unique"`` makes one bin per distinct forecast value. :class:`BinStats`
holds counts and exact sums per bin, merges exactly, and yields the
reliability table and the Murphy decomposition.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from fractions import Fraction
from typing import Literal, TypeAlias

import attrs
import numpy as np
import numpy.typing as npt
from numpy.typing import NDArray

from forecastcheck.calibration import _binom
from forecastcheck.calibration.results import (
    MurphyDecomposition,
    ReliabilityBin,
    ReliabilityTable,
)
from forecastcheck.scoring import BoolArray, FloatArray, NanPolicy, _exact, _formulas, _validate

__all__ = ["BinStats", "Bins"]

Bins: TypeAlias = int | Sequence[float] | NDArray[np.float64] | Literal["unique"]
IntArray: TypeAlias = NDArray[np.int64]


def bin_edges(bins: int | Sequence[float] | FloatArray) -> tuple[FloatArray, bool]:
    """The bin edges and whether they are the uniform ``k / B`` edges.

    Raises:
        ScoringInputError: fewer than one bin, or edges not rising strictly from 0 to 1.
    """
    if isinstance(bins, int | np.integer):
        B = int(bins)
        if B < 1:
            raise _validate.ScoringInputError(f"bins must be at least 1, not {B}")
        return np.arange(B + 1) / B, True
    edges = np.asarray(bins, dtype=np.float64)
    if edges.ndim != 1 or edges.size < 2:
        raise _validate.ScoringInputError(
            "bin edges must be a 1-D sequence of at least two numbers"
        )
    if edges[0] != 0.0 or edges[-1] != 1.0 or np.any(np.diff(edges) <= 0.0):
        raise _validate.ScoringInputError(
            "bin edges must rise strictly from 0 to 1 so that every forecast has a bin, "
            f"got {edges}"
        )
    return edges, False


def _bin_index(p: FloatArray, edges: FloatArray, uniform: bool) -> NDArray[np.intp]:
    """Bin of each forecast: ``[e_k, e_{k+1})``, the last bin closed at 1."""
    B = edges.size - 1
    if not uniform:
        return np.searchsorted(edges[1:-1], p, side="right").astype(np.intp, copy=False)
    scaled = p * B
    idx = scaled.astype(np.intp)
    # p * B is rounded, so floor(p * B) can be off by one within a few ulps of
    # an edge; recheck those forecasts (and p = 1.0) against the edges themselves.
    scaled -= idx
    near = scaled < 1e-6
    near |= scaled > 1.0 - 1e-6
    np.minimum(idx, B - 1, out=idx)
    if near.any():
        where = np.flatnonzero(near)
        idx[where] = np.searchsorted(edges[1:-1], p[where], side="right")
    return idx


def band_inputs(n: IntArray, mean_p: FloatArray) -> tuple[IntArray, FloatArray]:
    """The counts and means the binomial band is taken at: 1 and 0.5 in an empty bin."""
    nz = n > 0
    return np.where(nz, n, 1), np.where(nz, mean_p, 0.5)


def bin_index(
    p: FloatArray, bins: int | Sequence[float] | FloatArray
) -> tuple[FloatArray, NDArray[np.intp]]:
    """The edges of fixed ``bins`` and each (valid) forecast's bin, as :class:`BinStats` bins."""
    edges, uniform = bin_edges(bins)
    return edges, _bin_index(p, edges, uniform)


# Same shape as in aggregate.py: the same keyword options by design (one public API shape)
# (intentional).
@attrs.frozen(eq=False)
class BinStats:
    """Sufficient statistics of binary forecasts per bin; mergeable exactly.

    Per bin ``k`` and outcome ``y``: the count, and the exact sums of ``p`` and
    of the Brier scores ``(p - y)**2`` (integers in units of 2**-1127, so
    merging is exact and order-free). With ``bins="unique"`` the counts per
    distinct value and the Brier total suffice. Everything in
    :func:`reliability_table`, :func:`murphy` and :func:`ece` is computed
    from these.

    Attributes:
        edges: the bin edges (empty when ``unique``).
        values: the distinct forecast values, one bin each (``unique`` only).
        count: shape (B, 2): forecasts per bin with ``y = 0`` and ``y = 1``.
        sum_p: exact sums of ``p`` per bin and outcome, flattened (2B; empty
            when ``unique``).
        sum_brier: exact sums of the Brier scores per bin and outcome (with
            ``unique``: one total); None when collected for a reliability
            table only.
        n_omitted: forecasts left out under ``nan_policy="omit"``.
    """

    edges: FloatArray
    values: FloatArray
    count: IntArray
    sum_p: tuple[int, ...]
    sum_brier: tuple[int, ...] | None
    n_omitted: int = 0

    @property
    def unique(self) -> bool:
        """Whether there is one bin per distinct forecast value."""
        return self.edges.size == 0

    @property
    def n(self) -> int:
        """Forecasts counted."""
        return int(self.count.sum())

    @property
    def brier_total(self) -> int | None:
        """Exact sum of the Brier scores, in units of 2**-1127 (None without them)."""
        return None if self.sum_brier is None else sum(self.sum_brier)

    # Same parameters as aggregate.BinaryAccumulator.from_forecasts, which extends it (intentional).
    @classmethod
    def from_forecasts(
        cls,
        p: npt.ArrayLike,
        y: npt.ArrayLike,
        bins: Bins = 10,
        *,
        second_moments: bool = True,
        nan_policy: NanPolicy = "raise",
    ) -> BinStats:
        """Validate binary forecasts once and collect their per-bin statistics.

        Args:
            p: probabilities in [0, 1].
            y: outcomes, 0/1 or booleans.
            bins: an int B, explicit edges, or ``"unique"`` (see the module docs).
            second_moments: also collect the Brier sums that :meth:`murphy`
                needs (a reliability table does not).
            nan_policy: ``"raise"`` (default) or ``"omit"`` (counted in ``n_omitted``).

        Returns:
            The statistics.

        Raises:
            ScoringInputError: malformed input or bins.
        """
        pa, yb, n_omitted = _validate.binary_kept(p, y, nan_policy)
        return cls.from_valid(pa, yb, bins, n_omitted=n_omitted, second_moments=second_moments)

    @classmethod
    def from_valid(
        cls,
        pa: FloatArray,
        yb: BoolArray,
        bins: Bins = 10,
        *,
        n_omitted: int = 0,
        second_moments: bool = True,
    ) -> BinStats:
        """Collect the per-bin statistics of forecasts validated already.

        For callers that validated once for several figures
        (:class:`~forecastcheck.aggregate.BinaryAccumulator`): nothing is
        checked but the bins.

        Args:
            pa: probabilities, flat float64 in [0, 1], no NaN.
            yb: outcomes, flat booleans, aligned with ``pa``.
            bins: an int B, explicit edges, or ``"unique"`` (see the module docs).
            n_omitted: forecasts the caller left out, carried into the statistics.
            second_moments: also collect the Brier sums (see :meth:`from_forecasts`).

        Returns:
            The statistics.

        Raises:
            ScoringInputError: malformed bins.
        """
        if isinstance(bins, str):
            if bins != "unique":
                raise _validate.ScoringInputError(
                    f"bins must be an int, edges or 'unique', not {bins!r}"
                )
            edges = np.empty(0)
            values, inverse = np.unique(pa, return_inverse=True)
            key = inverse.reshape(-1).astype(np.intp)
            nbins = values.size
        else:
            edges, uniform = bin_edges(bins)
            values = np.empty(0)
            nbins = edges.size - 1
            key = _bin_index(pa, edges, uniform)
        key *= 2
        key += yb
        count = np.bincount(key, minlength=2 * nbins).reshape(nbins, 2)
        sum_brier = None
        if second_moments:  # with "unique", one total suffices
            brier = _formulas.brier(pa, yb)
            sum_brier = tuple(
                _exact.sums(brier) if edges.size == 0 else _exact.sums(brier, key, 2 * nbins)
            )
        return cls(
            edges=edges,
            values=values,
            count=count.astype(np.int64),
            sum_p=() if edges.size == 0 else tuple(_exact.sums(pa, key, 2 * nbins)),
            sum_brier=sum_brier,
            n_omitted=n_omitted,
        )

    def merge(self, other: BinStats) -> BinStats:
        """Combine the statistics of two disjoint sets of forecasts, exactly.

        Raises:
            ScoringInputError: the two were binned differently.
        """
        if self.unique != other.unique or not np.array_equal(self.edges, other.edges):
            raise _validate.ScoringInputError(
                "cannot merge statistics collected with different bins"
            )
        if (self.sum_brier is None) != (other.sum_brier is None):
            raise _validate.ScoringInputError(
                "cannot merge statistics with and without second moments"
            )
        n_omitted = self.n_omitted + other.n_omitted
        sum_brier = None
        if self.sum_brier is not None and other.sum_brier is not None:
            sum_brier = tuple(a + b for a, b in zip(self.sum_brier, other.sum_brier, strict=True))
        if self.unique:
            values = np.union1d(self.values, other.values)
            count = np.zeros((values.size, 2), dtype=np.int64)
            count[np.searchsorted(values, self.values)] += self.count
            count[np.searchsorted(values, other.values)] += other.count
            return BinStats(
                edges=self.edges,
                values=values,
                count=count,
                sum_p=(),
                sum_brier=sum_brier,
                n_omitted=n_omitted,
            )
        return BinStats(
            edges=self.edges,
            values=self.values,
            count=self.count + other.count,
            sum_p=tuple(a + b for a, b in zip(self.sum_p, other.sum_p, strict=True)),
            sum_brier=sum_brier,
            n_omitted=n_omitted,
        )

    def _arrays(self) -> tuple[IntArray, IntArray, FloatArray]:
        """Per bin: count, hits and mean forecast (correctly rounded; NaN when empty)."""
        n = np.asarray(self.count.sum(axis=1), dtype=np.int64)
        hits = np.asarray(self.count[:, 1], dtype=np.int64)
        if self.unique:
            return n, hits, np.array(self.values, dtype=np.float64)
        means = []
        for k, m in enumerate(n.tolist()):  # int / int is correctly rounded, as a Fraction is
            total = self.sum_p[2 * k] + self.sum_p[2 * k + 1]
            means.append(total / (m << _exact.SCALE) if m else float("nan"))
        return n, hits, np.array(means, dtype=np.float64)

    def _exact_bins(self) -> list[tuple[int, int, Fraction, Fraction, Fraction]]:
        """Fixed bins: n, hits, sum p, sum p**2, sum of p over y = 1 (all exact).

        The sum of ``p**2`` is recovered exactly from the Brier sums,
        ``sum_{y=0} p**2 + sum_{y=1} ((p - 1)**2 + 2p - 1)`` with each square as
        rounded by :func:`~forecastcheck.scoring.brier`, so the decomposition
        adds up to exactly the Brier total.
        """
        rows = []
        frac = _exact.to_fraction
        for k, (n0, n1) in enumerate(self.count.tolist()):
            s0, s1 = frac(self.sum_p[2 * k]), frac(self.sum_p[2 * k + 1])
            q = Fraction(0)
            if self.sum_brier is not None:
                b0, b1 = frac(self.sum_brier[2 * k]), frac(self.sum_brier[2 * k + 1])
                q = b0 + b1 + 2 * s1 - n1
            rows.append((n0 + n1, n1, s0 + s1, q, s1))
        return rows

    def reliability_table(self, band: tuple[float, float] = (0.05, 0.95)) -> ReliabilityTable:
        """The reliability table of these statistics (see ``calibration.reliability_table``).

        Raises:
            ScoringInputError: ``band`` is not two quantile levels.
        """
        lo_q, hi_q = band
        if not 0.0 <= lo_q < hi_q <= 1.0:
            raise _validate.ScoringInputError(
                f"band must be two quantile levels 0 <= a < b <= 1, got {band}"
            )
        arrays = self._arrays()
        with np.errstate(invalid="ignore"):
            quantiles = _binom.ppf((lo_q, hi_q), *band_inputs(arrays[0], arrays[2]))
        return self._table(arrays, quantiles, (lo_q, hi_q))

    def _table(
        self,
        arrays: tuple[IntArray, IntArray, FloatArray],
        quantiles: Sequence[FloatArray],
        band: tuple[float, float],
    ) -> ReliabilityTable:
        """The table of :meth:`_arrays`, given the band's two binomial quantiles per bin.

        ``quantiles`` are ``_binom.ppf(band, *band_inputs(n, mean_p))``.
        """
        lo_q, hi_q = band
        n, hits, mean_p = arrays
        low_k, high_k = quantiles
        if self.unique:
            lowers = self.values.tolist()
            uppers = lowers
        else:
            lowers = self.edges[:-1].tolist()
            uppers = self.edges[1:].tolist()
        nz = n > 0
        safe_n = np.where(nz, n, 1)
        with np.errstate(invalid="ignore"):
            observed = np.where(nz, hits / safe_n, np.nan)
            band_low = np.where(nz, low_k / safe_n, np.nan)
            band_high = np.where(nz, high_k / safe_n, np.nan)
        last = n.size - 1
        out = tuple(
            ReliabilityBin(
                lower=float(lowers[k]),
                upper=float(uppers[k]),
                closed_upper=self.unique or k == last,
                n=int(n[k]),
                hits=int(hits[k]),
                mean_forecast=float(mean_p[k]),
                observed=float(observed[k]),
                band_low=float(band_low[k]),
                band_high=float(band_high[k]),
                empty=not bool(nz[k]),
            )
            for k in range(n.size)
        )
        return ReliabilityTable(bins=out, n=self.n, n_omitted=self.n_omitted, band=(lo_q, hi_q))

    def murphy(self) -> MurphyDecomposition:
        """The Murphy decomposition of these statistics (see ``calibration.murphy``).

        Raises:
            ScoringInputError: collected without second moments, or no forecasts.
        """
        brier_total = self.brier_total
        if brier_total is None:
            raise _validate.ScoringInputError(
                "these statistics were collected without second moments"
            )
        if self.unique:  # many bins: floats, each p̄_k exact (the value itself)
            n, hits, values = self._arrays()
            N, H = int(n.sum()), int(hits.sum())
            if N == 0:
                raise _validate.ScoringInputError("no forecasts to decompose")
            obar = Fraction(H, N)
            freq = hits / n
            rel_f = math.fsum((n * (values - freq) ** 2).tolist()) / N
            res_f = math.fsum((n * (freq - float(obar)) ** 2).tolist()) / N
            wbv_f = wbc_f = 0.0
            n_bins = int(n.size)
        else:  # few bins: exact rational arithmetic on the exact sums
            rows = self._exact_bins()
            N = sum(r[0] for r in rows)
            if N == 0:
                raise _validate.ScoringInputError("no forecasts to decompose")
            H = sum(r[1] for r in rows)
            obar = Fraction(H, N)
            rel = res = wbv = wbc = Fraction(0)
            for m, h, sp, sp2, spy in rows:
                if m == 0:
                    continue
                rel += (sp - h) ** 2 / m  # m (p̄ - ō)**2 = (sum p - hits)**2 / m
                res += m * (Fraction(h, m) - obar) ** 2
                wbv += sp2 - sp * sp / m
                wbc += 2 * (spy - sp * h / m)
            rel_f, res_f = float(rel / N), float(res / N)
            wbv_f, wbc_f = float(wbv / N), float(wbc / N)
            n_bins = len(rows)
        return MurphyDecomposition(
            n=N,
            brier=float(_exact.to_fraction(brier_total) / N),
            rel=rel_f,
            res=res_f,
            unc=float(obar * (1 - obar)),
            base_rate=float(obar),
            wbv=wbv_f,
            wbc=wbc_f,
            exact=self.unique,
            n_bins=n_bins,
            n_omitted=self.n_omitted,
        )
