"""Calibration and discrimination of binary forecasts.

Reliability tables with counts and binomial bands, the Murphy decomposition
of the Brier score (with Tetlock's names), the CORP decomposition of any
proper score (Dimitriadis, Gneiting & Jordan 2021), expected calibration
error, ROC AUC, the share on the right side of 50%, and Murphy-diagram data.

Bin convention
--------------
``bins=B`` (an integer) means the B equal-width bins with edges ``k / B``
(each the float nearest to k/B, so ``0.7`` *is* the edge between the 8th and
9th of ten bins). ``bins=[e_0, ..., e_B]`` gives the edges explicitly; they
must rise strictly from 0 to 1. Every bin is left-closed, ``[e_k, e_{k+1})``,
except the last, which is closed, ``[e_{B-1}, 1]``: a forecast exactly on an
inner edge belongs to the bin *above* the edge, and ``p = 1.0`` lands in the
last bin. ``bins="unique"`` makes one bin per distinct forecast value, the
binning under which the Murphy decomposition is exact.

scikit-learn's ``calibration_curve`` differs in two ways: a forecast exactly on
an inner edge goes to the bin *below* (its bins are ``(e_k, e_{k+1}]`` apart from
the first), and empty bins are dropped. Here empty bins are kept, marked
``empty=True``, with NaN means.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from fractions import Fraction
from typing import Literal, TypeAlias

import attrs
import numpy as np
import numpy.typing as npt
from numpy.typing import NDArray
from scipy import optimize, stats  # type: ignore[import-untyped]

from forecastcheck.scoring import (
    BoolArray,
    FloatArray,
    NanPolicy,
    ScoreSummary,
    ScoringInputError,
    _as_bool,
    _binary_inputs,
    _brier_values,
    _exact_sums,
    _to_fraction,
    brier,
    log_score,
    misclassification,
    summarize,
)

__all__ = [
    "BinStats",
    "Bins",
    "CalibrationError",
    "Corp",
    "CorpScore",
    "MurphyDecomposition",
    "MurphyDiagram",
    "ReliabilityBin",
    "ReliabilityTable",
    "SideCounts",
    "corp",
    "ece",
    "murphy",
    "murphy_diagram",
    "reliability_table",
    "right_side",
    "roc_auc",
]

Bins: TypeAlias = int | Sequence[float] | NDArray[np.float64] | Literal["unique"]
CorpScore: TypeAlias = (
    Literal["brier", "log", "misclassification"]
    | Callable[[FloatArray, NDArray[np.bool_]], FloatArray]
)
IntArray: TypeAlias = NDArray[np.int64]


# ---------------------------------------------------------------------------
# Binning and the sufficient statistics per bin
# ---------------------------------------------------------------------------


def _edges(bins: int | Sequence[float] | FloatArray) -> tuple[FloatArray, bool]:
    """The bin edges and whether they are the uniform ``k / B`` edges."""
    if isinstance(bins, int | np.integer):
        B = int(bins)
        if B < 1:
            raise ScoringInputError(f"bins must be at least 1, not {B}")
        return np.arange(B + 1) / B, True
    edges = np.asarray(bins, dtype=np.float64)
    if edges.ndim != 1 or edges.size < 2:
        raise ScoringInputError("bin edges must be a 1-D sequence of at least two numbers")
    if edges[0] != 0.0 or edges[-1] != 1.0 or np.any(np.diff(edges) <= 0.0):
        raise ScoringInputError(
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
        pa, ya, mask = _binary_inputs(p, y, nan_policy)
        n_omitted = 0
        pa = pa.reshape(-1)
        yb = _as_bool(ya).reshape(-1)
        if mask is not None:
            keep = ~mask.reshape(-1)
            n_omitted = int(keep.size - np.count_nonzero(keep))
            pa, yb = pa[keep], yb[keep]
        return cls._collect(pa, yb, bins, n_omitted, second_moments)

    @classmethod
    def _collect(
        cls, pa: FloatArray, yb: BoolArray, bins: Bins, n_omitted: int, second_moments: bool
    ) -> BinStats:
        if isinstance(bins, str):
            if bins != "unique":
                raise ScoringInputError(f"bins must be an int, edges or 'unique', not {bins!r}")
            values, inverse = np.unique(pa, return_inverse=True)
            key = inverse.reshape(-1).astype(np.intp) * 2
            key += yb
            count = np.bincount(key, minlength=2 * values.size).reshape(-1, 2)
            total = None
            if second_moments:
                total = (_exact_sums(_brier_values(pa, yb))[0],)
            return cls(
                edges=np.empty(0),
                values=values,
                count=count.astype(np.int64),
                sum_p=(),
                sum_brier=total,
                n_omitted=n_omitted,
            )
        edges, uniform = _edges(bins)
        B = edges.size - 1
        key = _bin_index(pa, edges, uniform)
        key *= 2
        key += yb
        count = np.bincount(key, minlength=2 * B).reshape(B, 2)
        sum_brier = None
        if second_moments:
            sum_brier = tuple(_exact_sums(_brier_values(pa, yb), key, 2 * B))
        return cls(
            edges=edges,
            values=np.empty(0),
            count=count.astype(np.int64),
            sum_p=tuple(_exact_sums(pa, key, 2 * B)),
            sum_brier=sum_brier,
            n_omitted=n_omitted,
        )

    def merge(self, other: BinStats) -> BinStats:
        """Combine the statistics of two disjoint sets of forecasts, exactly.

        Raises:
            ScoringInputError: the two were binned differently.
        """
        if self.unique != other.unique or not np.array_equal(self.edges, other.edges):
            raise ScoringInputError("cannot merge statistics collected with different bins")
        if (self.sum_brier is None) != (other.sum_brier is None):
            raise ScoringInputError("cannot merge statistics with and without second moments")
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
        for k, m in enumerate(n.tolist()):
            total = _to_fraction(self.sum_p[2 * k]) + _to_fraction(self.sum_p[2 * k + 1])
            means.append(float(total / m) if m else float("nan"))
        return n, hits, np.array(means, dtype=np.float64)

    def _exact_bins(self) -> list[tuple[int, int, Fraction, Fraction, Fraction]]:
        """Fixed bins: n, hits, sum p, sum p**2, sum of p over y = 1 (all exact).

        The sum of ``p**2`` is recovered exactly from the Brier sums,
        ``sum_{y=0} p**2 + sum_{y=1} ((p - 1)**2 + 2p - 1)`` with each square as
        rounded by :func:`~forecastcheck.scoring.brier`, so the decomposition
        adds up to exactly the Brier total.
        """
        rows = []
        for k, (n0, n1) in enumerate(self.count.tolist()):
            s0, s1 = _to_fraction(self.sum_p[2 * k]), _to_fraction(self.sum_p[2 * k + 1])
            q = Fraction(0)
            if self.sum_brier is not None:
                b0 = _to_fraction(self.sum_brier[2 * k])
                b1 = _to_fraction(self.sum_brier[2 * k + 1])
                q = b0 + b1 + 2 * s1 - n1
            rows.append((n0 + n1, n1, s0 + s1, q, s1))
        return rows

    def reliability_table(self, band: tuple[float, float] = (0.05, 0.95)) -> ReliabilityTable:
        """The reliability table of these statistics (see :func:`reliability_table`)."""
        return _table(self, band)

    def murphy(self) -> MurphyDecomposition:
        """The Murphy decomposition of these statistics (see :func:`murphy`)."""
        return _murphy(self)


# ---------------------------------------------------------------------------
# Reliability table
# ---------------------------------------------------------------------------


@attrs.frozen
class ReliabilityBin:
    """One row of a reliability table.

    Attributes:
        lower: the bin's lower edge (the value itself for ``bins="unique"``).
        upper: the bin's upper edge (the value itself for ``bins="unique"``).
        closed_upper: whether ``upper`` itself belongs to the bin (last bin only).
        n: forecasts in the bin.
        hits: forecasts in the bin whose proposition came true.
        mean_forecast: mean ``p`` in the bin (NaN when empty).
        observed: observed frequency ``hits / n`` (NaN when empty).
        band_low: lower end of the binomial band: the ``band[0]`` quantile of
            Binomial(n, mean_forecast) / n (NaN when empty).
        band_high: the ``band[1]`` quantile, likewise.
        empty: no forecast fell in the bin.
    """

    lower: float
    upper: float
    closed_upper: bool
    n: int
    hits: int
    mean_forecast: float
    observed: float
    band_low: float
    band_high: float
    empty: bool

    @property
    def hits_text(self) -> str:
        """``"X of Y"``: how many of the bin's forecasts came true."""
        return f"{self.hits} of {self.n}"

    @property
    def inside_band(self) -> bool:
        """Whether the observed frequency lies within the binomial band (False if empty)."""
        return (not self.empty) and self.band_low <= self.observed <= self.band_high


@attrs.frozen
class ReliabilityTable:
    """A binned reliability table; empty bins are kept.

    Attributes:
        bins: one :class:`ReliabilityBin` per bin, in order.
        n: forecasts counted.
        n_omitted: forecasts left out under ``nan_policy="omit"``.
        band: the two quantile levels of the binomial band.
    """

    bins: tuple[ReliabilityBin, ...]
    n: int
    n_omitted: int
    band: tuple[float, float]

    def column(self, name: str) -> NDArray[np.float64]:
        """One attribute of every bin as an array, e.g. ``table.column("observed")``."""
        return np.array([getattr(b, name) for b in self.bins], dtype=np.float64)


def _table(st: BinStats, band: tuple[float, float]) -> ReliabilityTable:
    lo_q, hi_q = band
    if not 0.0 <= lo_q < hi_q <= 1.0:
        raise ScoringInputError(f"band must be two quantile levels 0 <= a < b <= 1, got {band}")
    n, hits, mean_p = st._arrays()
    if st.unique:
        lowers = st.values.tolist()
        uppers = lowers
    else:
        lowers = st.edges[:-1].tolist()
        uppers = st.edges[1:].tolist()
    nz = n > 0
    safe_n = np.where(nz, n, 1)
    with np.errstate(invalid="ignore"):
        observed = np.where(nz, hits / safe_n, np.nan)
        pbar = np.where(nz, mean_p, 0.5)
        band_low = np.where(nz, stats.binom.ppf(lo_q, safe_n, pbar) / safe_n, np.nan)
        band_high = np.where(nz, stats.binom.ppf(hi_q, safe_n, pbar) / safe_n, np.nan)
    last = n.size - 1
    out = tuple(
        ReliabilityBin(
            lower=float(lowers[k]),
            upper=float(uppers[k]),
            closed_upper=st.unique or k == last,
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
    return ReliabilityTable(bins=out, n=st.n, n_omitted=st.n_omitted, band=(lo_q, hi_q))


def reliability_table(
    p: npt.ArrayLike,
    y: npt.ArrayLike,
    bins: Bins = 10,
    *,
    band: tuple[float, float] = (0.05, 0.95),
    nan_policy: NanPolicy = "raise",
) -> ReliabilityTable:
    """Reliability table: per bin the count, mean forecast, observed frequency and band.

    Per bin k: ``n_k``, hits ("X of Y"), mean forecast ``p̄_k``, observed
    frequency ``ō_k = hits / n_k``, and a consistency band — the 5% and 95%
    quantiles of Binomial(n_k, p̄_k) / n_k (``scipy.stats.binom.ppf``): where
    ō_k would fall 90% of the time if the forecasts in the bin were calibrated
    (Bröcker & Smith 2007 use the same idea). Empty bins are kept and marked.
    The bin convention is in the module docs: ``[e_k, e_{k+1})``, the last bin
    closed so ``p = 1.0`` is in it.

    Args:
        p: probabilities in [0, 1].
        y: outcomes, 0/1 or booleans.
        bins: number of equal-width bins, explicit edges from 0 to 1, or ``"unique"``.
        band: the two quantile levels of the binomial band.
        nan_policy: ``"raise"`` (default) or ``"omit"``.

    Returns:
        A :class:`ReliabilityTable`.

    Raises:
        ScoringInputError: malformed input, bins or band.
    """
    stats_ = BinStats.from_forecasts(p, y, bins, second_moments=False, nan_policy=nan_policy)
    return stats_.reliability_table(band)


# ---------------------------------------------------------------------------
# Murphy decomposition
# ---------------------------------------------------------------------------


@attrs.frozen
class MurphyDecomposition:
    """Murphy's (1973) decomposition of the Brier score, with Tetlock's names.

    ``brier = rel - res + unc + wbv - wbc``, where the within-bin terms
    (Stephenson, Coelho & Jolliffe 2008) vanish when every bin holds a single
    forecast value (``bins="unique"``); then ``brier = rel - res + unc``
    exactly (up to the rounding of each reported figure).

    Attributes:
        n: forecasts.
        brier: mean Brier score ``(p - y)**2``, correctly rounded.
        rel: reliability ``(1/N) sum_k n_k (p̄_k - ō_k)**2`` (0 best) — Tetlock's CI.
        res: resolution ``(1/N) sum_k n_k (ō_k - ō)**2`` (higher better) — Tetlock's DI.
        unc: uncertainty ``ō (1 - ō)`` — Tetlock's VI.
        base_rate: ``ō``, the share of propositions that came true.
        wbv: within-bin variance of the forecasts ``(1/N) sum_k sum_i (p_i - p̄_k)**2``.
        wbc: within-bin covariance ``(2/N) sum_k sum_i (p_i - p̄_k)(y_i - ō_k)``.
        exact: whether the bins are the distinct forecast values (``wbv = wbc = 0``).
        n_bins: bins used (non-empty and empty).
        n_omitted: forecasts left out under ``nan_policy="omit"``.
    """

    n: int
    brier: float
    rel: float
    res: float
    unc: float
    base_rate: float
    wbv: float
    wbc: float
    exact: bool
    n_bins: int
    n_omitted: int = 0

    @property
    def ci(self) -> float:
        """Tetlock's calibration index CI (= REL; 0 best)."""
        return self.rel

    @property
    def di(self) -> float:
        """Tetlock's discrimination index DI (= RES; higher better)."""
        return self.res

    @property
    def vi(self) -> float:
        """Tetlock's variability index VI (= UNC)."""
        return self.unc

    @property
    def ndi(self) -> float:
        """Tetlock's normalised discrimination index NDI = DI / VI (NaN when VI = 0)."""
        return self.res / self.unc if self.unc else float("nan")


def _murphy(st: BinStats) -> MurphyDecomposition:
    brier_total = st.brier_total
    if brier_total is None:
        raise ScoringInputError("these statistics were collected without second moments")
    if st.unique:  # many bins: floats, each p̄_k exact (the value itself)
        n, hits, values = st._arrays()
        N, H = int(n.sum()), int(hits.sum())
        if N == 0:
            raise ScoringInputError("no forecasts to decompose")
        obar = Fraction(H, N)
        freq = hits / n
        rel_f = math.fsum((n * (values - freq) ** 2).tolist()) / N
        res_f = math.fsum((n * (freq - float(obar)) ** 2).tolist()) / N
        wbv_f = wbc_f = 0.0
        n_bins = int(n.size)
    else:  # few bins: exact rational arithmetic on the exact sums
        rows = st._exact_bins()
        N = sum(r[0] for r in rows)
        if N == 0:
            raise ScoringInputError("no forecasts to decompose")
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
        brier=float(_to_fraction(brier_total) / N),
        rel=rel_f,
        res=res_f,
        unc=float(obar * (1 - obar)),
        base_rate=float(obar),
        wbv=wbv_f,
        wbc=wbc_f,
        exact=st.unique,
        n_bins=n_bins,
        n_omitted=st.n_omitted,
    )


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


# ---------------------------------------------------------------------------
# Expected calibration error
# ---------------------------------------------------------------------------


@attrs.frozen
class CalibrationError:
    """Expected calibration error and the table it was computed from.

    Attributes:
        value: ``sum_b (n_b / N) |ō_b - p̄_b|`` over the non-empty bins.
        table: the reliability table behind it.
    """

    value: float
    table: ReliabilityTable


def ece(
    p: npt.ArrayLike,
    y: npt.ArrayLike,
    bins: Bins = 10,
    *,
    nan_policy: NanPolicy = "raise",
) -> CalibrationError:
    """Expected calibration error (Naeini, Cooper & Hauskrecht 2015) — a secondary figure.

    Not a proper score and sensitive to the binning: prefer :func:`murphy`
    (REL) or :func:`corp` (MCB). It is reported with its table so the bins
    are visible.

    Args:
        p: probabilities in [0, 1].
        y: outcomes, 0/1 or booleans.
        bins: as in :func:`reliability_table`.
        nan_policy: ``"raise"`` (default) or ``"omit"``.

    Returns:
        A :class:`CalibrationError`.

    Raises:
        ScoringInputError: malformed input or no forecasts.
    """
    table = reliability_table(p, y, bins, nan_policy=nan_policy)
    if table.n == 0:
        raise ScoringInputError("no forecasts")
    total = sum((b.n * abs(b.observed - b.mean_forecast) for b in table.bins if not b.empty), 0.0)
    return CalibrationError(value=total / table.n, table=table)


# ---------------------------------------------------------------------------
# Discrimination
# ---------------------------------------------------------------------------


def roc_auc(p: npt.ArrayLike, y: npt.ArrayLike, *, nan_policy: NanPolicy = "raise") -> float:
    """Area under the ROC curve, by the Mann–Whitney statistic with midranks for ties.

    ``AUC = (R_1 - n_1 (n_1 + 1) / 2) / (n_1 n_0)`` with ``R_1`` the sum of the
    midranks of the forecasts whose proposition came true (Hanley & McNeil
    1982): the probability that a random "yes" got a higher forecast than a
    random "no", ties counted half. Equals scikit-learn's ``roc_auc_score``.

    Args:
        p: probabilities in [0, 1] (any scores work; only their order matters).
        y: outcomes, 0/1 or booleans.
        nan_policy: ``"raise"`` (default) or ``"omit"``.

    Returns:
        The AUC in [0, 1].

    Raises:
        ScoringInputError: malformed input, or only one outcome present.
    """
    pa, ya, mask = _binary_inputs(p, y, nan_policy)
    pa, yb = pa.reshape(-1), _as_bool(ya).reshape(-1)
    if mask is not None:
        keep = ~mask.reshape(-1)
        pa, yb = pa[keep], yb[keep]
    n1 = int(np.count_nonzero(yb))
    n0 = int(yb.size - n1)
    if n1 == 0 or n0 == 0:
        raise ScoringInputError("ROC AUC needs both outcomes: some true and some false")
    ranks = stats.rankdata(pa, method="average")
    r1 = float(np.sum(ranks[yb]))
    return (r1 - n1 * (n1 + 1) / 2.0) / (n1 * n0)


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
    pa, ya, mask = _binary_inputs(p, y, nan_policy)
    pa, yb = pa.reshape(-1), _as_bool(ya).reshape(-1)
    if mask is not None:
        keep = ~mask.reshape(-1)
        pa, yb = pa[keep], yb[keep]
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


# ---------------------------------------------------------------------------
# Murphy diagram
# ---------------------------------------------------------------------------


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
    pa, ya, mask = _binary_inputs(p, y, nan_policy)
    pa, yb = pa.reshape(-1), _as_bool(ya).reshape(-1)
    if mask is not None:
        keep = ~mask.reshape(-1)
        pa, yb = pa[keep], yb[keep]
    th = np.arange(1, 100) / 100 if thetas is None else np.asarray(thetas, dtype=np.float64)
    if th.ndim != 1 or not np.all((th > 0.0) & (th < 1.0)):
        raise ScoringInputError("thetas must be a 1-D array of thresholds in (0, 1)")
    n = int(pa.size)
    if n == 0:
        raise ScoringInputError("no forecasts")
    p0 = np.sort(pa[~yb])
    p1 = np.sort(pa[yb])
    n0_ge = p0.size - np.searchsorted(p0, th, side="left")  # y = 0 and p >= θ
    n1_lt = np.searchsorted(p1, th, side="left")  # y = 1 and p < θ
    scores = (th * n0_ge + (1.0 - th) * n1_lt) / n
    return MurphyDiagram(thetas=th, scores=np.asarray(scores, dtype=np.float64), n=n)


# ---------------------------------------------------------------------------
# CORP
# ---------------------------------------------------------------------------


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


def _score_fn(
    score: CorpScore,
) -> tuple[str, Callable[[FloatArray, NDArray[np.bool_]], FloatArray]]:
    if callable(score):
        return getattr(score, "__name__", "custom"), score
    if score == "brier":
        return "brier", brier
    if score == "log":
        return "log", log_score
    if score == "misclassification":
        return "misclassification", misclassification
    raise ScoringInputError(
        f"score must be 'brier', 'log', 'misclassification' or a callable, not {score!r}"
    )


def _pav(counts: IntArray, hits: NDArray[np.float64]) -> FloatArray:
    """Isotonic (increasing) fit of the event frequencies at the sorted distinct forecasts."""
    freq = hits / counts
    fit = optimize.isotonic_regression(freq, weights=counts.astype(np.float64), increasing=True)
    return np.clip(np.asarray(fit.x, dtype=np.float64), 0.0, 1.0)  # only undoes float drift


def _mean(values: FloatArray, name: str) -> ScoreSummary:
    return summarize(values, rule=name)


def corp(
    p: npt.ArrayLike,
    y: npt.ArrayLike,
    score: CorpScore = "brier",
    *,
    n_resamples: int = 0,
    band: tuple[float, float] = (0.05, 0.95),
    seed: int | np.random.Generator = 0,
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

    Args:
        p: probabilities in [0, 1].
        y: outcomes, 0/1 or booleans.
        score: ``"brier"``, ``"log"``, ``"misclassification"`` or a function
            ``f(p, y) -> per-forecast scores`` (negatively oriented, proper).
        n_resamples: resamples for the consistency band and p-value (0: none).
        band: quantile levels of the band.
        seed: seed or ``numpy.random.Generator`` for the resampling.
        nan_policy: ``"raise"`` (default) or ``"omit"``.

    Returns:
        A :class:`Corp`.

    Raises:
        ScoringInputError: malformed input, no forecasts, or an unknown score.
    """
    name, fn = _score_fn(score)
    pa, ya, mask = _binary_inputs(p, y, nan_policy)
    pa, yb = pa.reshape(-1), _as_bool(ya).reshape(-1)
    n_omitted = 0
    if mask is not None:
        keep = ~mask.reshape(-1)
        n_omitted = int(keep.size - np.count_nonzero(keep))
        pa, yb = pa[keep], yb[keep]
    n = int(pa.size)
    if n == 0:
        raise ScoringInputError("no forecasts")
    x, inverse, counts = np.unique(pa, return_inverse=True, return_counts=True)
    inverse = inverse.reshape(-1)
    hits = np.bincount(inverse, weights=yb, minlength=x.size).astype(np.float64)
    fit = _pav(counts.astype(np.int64), hits)
    s_orig = _mean(np.asarray(fn(pa, yb), dtype=np.float64), name)
    s_rc = _mean(np.asarray(fn(fit[inverse], yb), dtype=np.float64), name)
    base = np.full(n, float(np.count_nonzero(yb)) / n)
    s_unc = _mean(np.asarray(fn(base, yb), dtype=np.float64), name)
    mcb = s_orig.mean - s_rc.mean
    dsc = s_unc.mean - s_rc.mean

    band_low = band_high = None
    p_value = None
    if n_resamples > 0:
        lo_q, hi_q = band
        if not 0.0 <= lo_q < hi_q <= 1.0:
            raise ScoringInputError(f"band must be two quantile levels 0 <= a < b <= 1, got {band}")
        rng = np.random.default_rng(seed)
        fits = np.empty((n_resamples, x.size))
        exceed = 0
        for r in range(n_resamples):
            ystar = rng.random(n) < pa
            hits_r = np.bincount(inverse, weights=ystar, minlength=x.size).astype(np.float64)
            fit_r = _pav(counts.astype(np.int64), hits_r)
            fits[r] = fit_r
            m_orig = _mean(np.asarray(fn(pa, ystar), dtype=np.float64), name).mean
            m_rc = _mean(np.asarray(fn(fit_r[inverse], ystar), dtype=np.float64), name).mean
            exceed += int(m_orig - m_rc >= mcb)
        band_low = np.quantile(fits, lo_q, axis=0)
        band_high = np.quantile(fits, hi_q, axis=0)
        p_value = (1 + exceed) / (1 + n_resamples)

    return Corp(
        score=name,
        n=n,
        mean_score=s_orig.mean,
        recalibrated_score=s_rc.mean,
        unc=s_unc.mean,
        mcb=mcb,
        dsc=dsc,
        n_infinite=s_orig.n_infinite,
        x=x,
        recalibrated=fit,
        x_count=counts.astype(np.int64),
        band_low=band_low,
        band_high=band_high,
        p_value=p_value,
        n_resamples=n_resamples,
        n_omitted=n_omitted,
    )
