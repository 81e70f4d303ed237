"""Calibration and discrimination: tables, decompositions, CORP, AUC, Murphy diagrams."""

from __future__ import annotations

import functools
import math
from collections.abc import Callable

import attrs
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy import stats  # type: ignore[import-untyped]
from sklearn.calibration import calibration_curve
from sklearn.metrics import roc_auc_score

from forecastcheck.calibration import (
    BinStats,
    corp,
    ece,
    murphy,
    murphy_diagram,
    reliability_table,
    right_side,
    roc_auc,
)
from forecastcheck.scoring import ScoringInputError, summarize_binary


@st.composite
def binary_data(draw: st.DrawFn, grid: bool = False) -> tuple[np.ndarray, np.ndarray]:
    """Forecasts (optionally on a coarse grid, as verbal probabilities are) and outcomes."""
    n = draw(st.integers(2, 60))
    if grid:
        p = np.array(
            draw(
                st.lists(
                    st.sampled_from([0.0, 0.05, 0.1, 0.3, 0.5, 0.7, 0.9, 1.0]),
                    min_size=n,
                    max_size=n,
                )
            )
        )
    else:
        p = np.array(draw(st.lists(st.floats(0.0, 1.0), min_size=n, max_size=n)))
    y = np.array(draw(st.lists(st.booleans(), min_size=n, max_size=n)))
    return p, y


class TestReliabilityTable:
    def test_sklearn_docstring_example(self) -> None:
        """The table's non-empty bins reproduce scikit-learn's calibration_curve docstring."""
        # scikit-learn calibration_curve docstring, n_bins=3:
        # prob_true [0, 0.5, 1], prob_pred [0.2, 0.525, 0.85]
        y = [0, 0, 0, 0, 1, 1, 1, 1, 1]
        p = [0.1, 0.2, 0.3, 0.4, 0.65, 0.7, 0.8, 0.9, 1.0]
        t = reliability_table(p, y, 3)
        assert t.column("observed") == pytest.approx([0.0, 0.5, 1.0])
        assert t.column("mean_forecast") == pytest.approx([0.2, 0.525, 0.85])
        assert [b.hits_text for b in t.bins] == ["0 of 3", "1 of 2", "4 of 4"]

    def test_empty_bins_kept_and_marked(self) -> None:
        """Empty bins stay in the table, marked, with NaN means and zero counts."""
        t = reliability_table([0.05, 0.95], [0, 1], 10)
        assert len(t.bins) == 10
        assert [b.empty for b in t.bins] == [False] + [True] * 8 + [False]
        assert math.isnan(t.bins[4].observed)
        assert t.bins[4].hits_text == "0 of 0"

    def test_edge_convention(self) -> None:
        """p on an inner edge goes to the bin above; p = 1.0 to the last bin; 0.7 starts [0.7, 0.8)."""
        t = reliability_table([0.0, 0.5, 0.7, 1.0], [0, 0, 1, 1], 10)
        assert t.column("n").tolist() == [1, 0, 0, 0, 0, 1, 0, 1, 0, 1]
        assert t.bins[-1].closed_upper
        assert not t.bins[0].closed_upper

    def test_edge_convention_differs_from_sklearn(self) -> None:
        """Documented difference: scikit-learn puts a p on an inner edge in the bin below."""
        p, y = [0.5, 0.2], [1, 0]
        ours = reliability_table(p, y, 2)
        prob_true, _ = calibration_curve(y, p, n_bins=2)
        assert ours.column("n").tolist() == [1, 1]  # 0.5 in [0.5, 1]
        assert prob_true.tolist() == [0.5]  # scikit-learn: both in the first bin

    @given(binary_data())
    def test_nonempty_bins_match_sklearn(self, data: tuple[np.ndarray, np.ndarray]) -> None:
        """Away from bin edges, the non-empty bins equal scikit-learn's calibration_curve."""
        p, y = data
        p = np.where(np.isclose(p * 10, np.round(p * 10), atol=1e-9), p + 1e-6, p)
        p = np.clip(p, 0.0, 1.0 - 1e-7)
        t = reliability_table(p, y, 10)
        prob_true, prob_pred = calibration_curve(y, p, n_bins=10)
        keep = ~np.array([b.empty for b in t.bins])
        assert t.column("observed")[keep] == pytest.approx(prob_true)
        assert t.column("mean_forecast")[keep] == pytest.approx(prob_pred)

    def test_binomial_band(self) -> None:
        """The band is the 5%/95% quantiles of Binomial(n, mean forecast) / n (scipy)."""
        p = np.full(20, 0.3)
        y = np.zeros(20, dtype=bool)
        y[:4] = True
        b = reliability_table(p, y, 10).bins[3]
        assert b.band_low == stats.binom.ppf(0.05, 20, 0.3) / 20
        assert b.band_high == stats.binom.ppf(0.95, 20, 0.3) / 20
        assert b.inside_band

    def test_unique_bins(self) -> None:
        """bins='unique' makes one bin per distinct forecast value."""
        t = reliability_table([0.3, 0.3, 0.7], [1, 0, 1], "unique")
        assert [(b.lower, b.n, b.hits) for b in t.bins] == [(0.3, 2, 1), (0.7, 1, 1)]

    @pytest.mark.parametrize("B", [1, 3, 7, 10, 49, 100, 1000])
    def test_fast_binning_matches_the_edges(self, B: int) -> None:
        """The floor(p*B) fast path bins exactly as the edges k/B say, at and around every edge."""
        edges = np.arange(B + 1) / B
        rng = np.random.default_rng(B)
        near = np.concatenate([edges, np.nextafter(edges, 0.0), np.nextafter(edges, 1.0)])
        p = np.concatenate([rng.random(5000), near[(near >= 0.0) & (near <= 1.0)]])
        t = reliability_table(p, np.zeros(p.size, dtype=bool), B)
        expected = np.minimum(np.searchsorted(edges, p, side="right") - 1, B - 1)
        assert t.column("n").tolist() == np.bincount(expected, minlength=B).tolist()

    def test_edge_convention_with_explicit_edges(self) -> None:
        """With edges given, a p on an inner edge goes to the bin above too."""
        t = reliability_table([0.3, 0.6, 0.29, 1.0], [0, 0, 1, 1], [0.0, 0.3, 0.6, 1.0])
        assert t.column("n").tolist() == [1, 1, 2]

    def test_repeated_edge_rejected(self) -> None:
        """Edges must increase strictly: a repeated edge would make an empty, unnamed bin."""
        with pytest.raises(ScoringInputError):
            reliability_table([0.5], [1], [0.0, 0.5, 0.5, 1.0])

    @pytest.mark.parametrize("hits", [2, 8])
    def test_band_ends_are_inside(self, hits: int) -> None:
        """An observed frequency exactly on the band's end is inside the band."""
        y = np.arange(10) < hits
        b = reliability_table(np.full(10, 0.5), y, 2).bins[1]
        assert (b.band_low, b.band_high) == (0.2, 0.8)
        assert b.observed in (b.band_low, b.band_high)
        assert b.inside_band

    @pytest.mark.parametrize("band", [(0.5, 0.5), (0.9, 0.1), (-0.1, 0.9), (0.1, 1.1)])
    def test_band_levels_must_be_increasing_quantile_levels(
        self, band: tuple[float, float]
    ) -> None:
        """A band of two equal levels is a line, not a band: rejected, in tables and in CORP."""
        with pytest.raises(ScoringInputError, match="band must be two quantile levels"):
            reliability_table([0.5], [1], 2, band=band)
        with pytest.raises(ScoringInputError, match="band must be two quantile levels"):
            corp([0.5, 0.2], [1, 0], n_resamples=5, band=band)

    def test_bad_edges(self) -> None:
        """Edges that do not cover [0, 1] would drop forecasts, so they are rejected."""
        with pytest.raises(ScoringInputError, match="from 0 to 1"):
            reliability_table([0.5], [1], [0.0, 0.5, 0.9])

    def test_omitted_counted(self) -> None:
        """Omitted forecasts are counted on the table, not silently dropped."""
        t = reliability_table([0.2, math.nan], [1, 0], 5, nan_policy="omit")
        assert (t.n, t.n_omitted) == (1, 1)


class TestMurphy:
    def test_hand_example_with_tetlock_names(self) -> None:
        """Murphy decomposition by hand on two forecast values, with CI/DI/VI/NDI."""
        # p = 0.2 x4 (1 hit), 0.8 x4 (3 hits). By hand: ō = 0.5, UNC = 0.25,
        # REL = (4*(0.2-0.25)^2 + 4*(0.8-0.75)^2)/8 = 0.0025,
        # RES = (4*0.25^2 + 4*0.25^2)/8 = 0.0625, Brier = 0.19.
        p = [0.2] * 4 + [0.8] * 4
        y = [1, 0, 0, 0, 1, 1, 1, 0]
        m = murphy(p, y)
        assert m.exact
        assert (m.rel, m.res, m.unc, m.brier) == pytest.approx((0.0025, 0.0625, 0.25, 0.19))
        assert (m.ci, m.di, m.vi, m.ndi) == pytest.approx((0.0025, 0.0625, 0.25, 0.25))

    @given(binary_data(grid=True))
    def test_identity_with_distinct_values(self, data: tuple[np.ndarray, np.ndarray]) -> None:
        """Brier = REL - RES + UNC when the bins are the distinct forecast values."""
        p, y = data
        m = murphy(p, y, "unique")
        assert m.wbv == m.wbc == 0.0
        assert m.brier == pytest.approx(m.rel - m.res + m.unc, abs=1e-12)
        assert m.brier == summarize_binary(p, y).mean

    @given(binary_data())
    def test_identity_with_fixed_bins(self, data: tuple[np.ndarray, np.ndarray]) -> None:
        """With other binning, Brier = REL - RES + UNC + WBV - WBC (Stephenson et al. 2008)."""
        p, y = data
        m = murphy(p, y, 10)
        assert m.brier == pytest.approx(m.rel - m.res + m.unc + m.wbv - m.wbc, abs=1e-12)
        assert m.wbv >= -1e-15

    @given(binary_data(), st.sampled_from([10, 3, "unique"]))
    def test_from_valid_equals_from_forecasts(
        self, data: tuple[np.ndarray, np.ndarray], bins: int | str
    ) -> None:
        """BinStats.from_valid on validated arrays collects what from_forecasts collects."""
        p, y = data
        a = BinStats.from_forecasts(p, y, bins)  # type: ignore[arg-type]
        b = BinStats.from_valid(p.astype(np.float64), y.astype(bool), bins)  # type: ignore[arg-type]
        assert a.count.tolist() == b.count.tolist()
        assert (a.sum_p, a.sum_brier, a.n_omitted) == (b.sum_p, b.sum_brier, b.n_omitted)
        assert np.array_equal(a.edges, b.edges)
        assert np.array_equal(a.values, b.values)

    def test_stats_merge_exactly(self) -> None:
        """Bin statistics of two halves merge to exactly those of the whole."""
        rng = np.random.default_rng(5)
        p = rng.random(1000)
        y = rng.random(1000) < p
        whole = BinStats.from_forecasts(p, y, 10).murphy()
        merged = BinStats.from_forecasts(p[:400], y[:400], 10).merge(
            BinStats.from_forecasts(p[400:], y[400:], 10)
        )
        assert merged.murphy() == whole


class TestCorp:
    def test_hand_example(self) -> None:
        """CORP by hand: PAV pools the violating pair; Brier MCB, DSC, UNC."""
        # p = (0.1, 0.3, 0.6, 0.9), y = (0, 1, 0, 1). PAV on the sorted y: (0, 1, 0, 1)
        # pools the middle pair -> (0, 0.5, 0.5, 1). By hand: S̄ = (0.01+0.49+0.36+0.01)/4
        # = 0.2175; S̄_rc = (0 + 0.25 + 0.25 + 0)/4 = 0.125; UNC = 0.25;
        # MCB = 0.0925; DSC = 0.125.
        c = corp([0.1, 0.3, 0.6, 0.9], [0, 1, 0, 1])
        assert c.recalibrated.tolist() == [0.0, 0.5, 0.5, 1.0]
        assert (c.mean_score, c.mcb, c.dsc, c.unc) == pytest.approx((0.2175, 0.0925, 0.125, 0.25))

    def test_ties_are_pooled(self) -> None:
        """Equal forecasts form one block before PAV (ties pooled)."""
        c = corp([0.4, 0.4, 0.4, 0.2], [1, 0, 1, 0])
        assert c.x.tolist() == [0.2, 0.4]
        assert c.recalibrated.tolist() == pytest.approx([0.0, 2 / 3])
        assert c.x_count.tolist() == [1, 3]

    @pytest.mark.parametrize("score", ["brier", "log", "misclassification"])
    @given(data=binary_data())
    def test_decomposition_identity(self, score: str, data: tuple[np.ndarray, np.ndarray]) -> None:
        """S̄ = MCB - DSC + UNC with MCB, DSC >= 0 (up to float tolerance)."""
        p, y = data
        p = np.clip(p, 0.01, 0.99)  # keeps the log score finite
        c = corp(p, y, score)  # type: ignore[arg-type]
        assert c.mean_score == pytest.approx(c.mcb - c.dsc + c.unc, abs=1e-12)
        assert c.mcb >= -1e-12
        assert c.dsc >= -1e-12

    def test_callable_score(self) -> None:
        """A user-supplied score function works like the built-in ones."""

        def sq(q: np.ndarray, yb: np.ndarray) -> np.ndarray:
            return np.asarray((q - yb) ** 2, dtype=np.float64)

        p, y = [0.1, 0.3, 0.6, 0.9], [0, 1, 0, 1]
        assert corp(p, y, sq).mcb == pytest.approx(corp(p, y).mcb)

    def test_band_and_p_value_are_seeded(self) -> None:
        """The consistency band and p-value are reproducible for a seed, and bracket sensibly."""
        rng = np.random.default_rng(1)
        p = np.round(rng.random(300), 1)
        y = rng.random(300) < p
        a = corp(p, y, n_resamples=200, seed=7)
        b = corp(p, y, n_resamples=200, seed=7)
        assert a.p_value == b.p_value
        assert a.band_low is not None
        assert b.band_low is not None
        assert np.array_equal(a.band_low, b.band_low)
        assert a.band_high is not None
        assert np.all(a.band_low <= a.band_high)
        assert a.p_value is not None
        assert 0.0 < a.p_value <= 1.0
        # (1 + k) / (1 + 200) for the k resamples at least as miscalibrated as the data;
        # the outcomes were drawn from the forecasts, so the data are not unusually so.
        k = a.p_value * 201 - 1
        assert k == pytest.approx(round(k))
        assert a.p_value > 0.1
        other = corp(p, y, n_resamples=200, seed=8)
        assert other.p_value is not None
        assert other.p_value != a.p_value

    def test_calibrated_forecaster_gets_p_one_and_a_band_around_its_forecasts(self) -> None:
        """Outcome frequencies equal to the forecasts: MCB 0, p-value 1, bands bracket p."""
        levels = np.array([0.1, 0.3, 0.5, 0.7, 0.9])
        p = np.repeat(levels, 100)
        y = np.concatenate([np.arange(100) < round(100 * q) for q in levels])
        c = corp(p, y, n_resamples=200, seed=3)
        assert c.recalibrated.tolist() == levels.tolist()
        assert c.mcb == 0.0
        assert c.p_value == 1.0
        assert c.band_low is not None
        assert c.band_high is not None
        assert np.all(c.band_low < levels)
        assert np.all(levels < c.band_high)
        # resamples are drawn as y* ~ Bernoulli(p): the band is centred on p, not on 1 - p
        assert np.all(np.abs((c.band_low + c.band_high) / 2 - levels) < 0.05)

    def test_miscalibrated_forecaster_gets_the_smallest_p(self) -> None:
        """Always 0.9 for something that happens one time in ten: p-value 1 / (1 + n_resamples)."""
        p = np.full(100, 0.9)
        y = np.arange(100) < 10
        c = corp(p, y, n_resamples=200, seed=3)
        assert c.mcb == pytest.approx(0.64)  # Brier 0.73 against 0.09 recalibrated to 0.1
        assert c.p_value == 1 / 201
        assert c.band_low is not None
        assert c.band_high is not None
        assert c.band_low[0] < 0.9 < c.band_high[0]  # the band is where calibrated data would be
        assert c.recalibrated[0] < c.band_low[0]  # and the data fall far outside it


P_WITH_NAN = np.array([0.1, math.nan, 0.35, 0.8, 0.6, 0.2, 0.9, 0.4, 0.6])
Y_WITH_NAN = np.array([0.0, 1.0, 1.0, math.nan, 1.0, 0.0, 1.0, 0.0, 0.0])
CLEAN = ~(np.isnan(P_WITH_NAN) | np.isnan(Y_WITH_NAN))


def _comparable(result: object) -> object:
    """A result as plain data (arrays as lists, n_omitted left out), for equality."""
    if isinstance(result, float):
        return result
    fields = attrs.asdict(result, recurse=False)  # type: ignore[arg-type]
    fields.pop("n_omitted", None)
    return {k: v.tolist() if isinstance(v, np.ndarray) else v for k, v in fields.items()}


NAN_OMITTING: list[tuple[str, Callable[..., object]]] = [
    ("roc_auc", roc_auc),
    ("right_side", right_side),
    ("murphy_diagram", murphy_diagram),
    ("corp", corp),
    ("corp resampled", functools.partial(corp, n_resamples=50, seed=4)),
]


@pytest.mark.parametrize(("name", "fn"), NAN_OMITTING, ids=[n for n, _ in NAN_OMITTING])
def test_nan_omit_equals_the_cleaned_arrays(name: str, fn: Callable[..., object]) -> None:
    """With nan_policy='omit' a forecast with NaN p or y is left out: as if never given."""
    omitted = fn(P_WITH_NAN, Y_WITH_NAN, nan_policy="omit")
    cleaned = fn(P_WITH_NAN[CLEAN], Y_WITH_NAN[CLEAN])
    assert _comparable(omitted) == _comparable(cleaned)
    if name.startswith("corp"):
        assert (omitted.n, omitted.n_omitted) == (7, 2)  # type: ignore[attr-defined]


@pytest.mark.parametrize(("name", "fn"), NAN_OMITTING, ids=[n for n, _ in NAN_OMITTING])
def test_nan_raises_by_default(name: str, fn: Callable[..., object]) -> None:
    """By default a NaN in p or y is an error naming the argument and its first index."""
    with pytest.raises(ScoringInputError, match=r"p: 1 value NaN .*first at flat index 1"):
        fn(P_WITH_NAN, np.nan_to_num(Y_WITH_NAN))
    with pytest.raises(ScoringInputError, match=r"y: 1 value NaN .*first at flat index 3"):
        fn(np.nan_to_num(P_WITH_NAN), Y_WITH_NAN, nan_policy="raise")


class TestDiscrimination:
    def test_auc_from_sklearn_roc_example(self) -> None:
        """AUC of scikit-learn's roc_curve docstring data is 0.75."""
        # scikit-learn roc_curve docstring: y = [1,1,2,2] (pos 2), scores [0.1,0.4,0.35,0.8]:
        # fpr [0,0,.5,.5,1], tpr [0,.5,.5,1,1] -> area 0.75.
        assert roc_auc([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1]) == pytest.approx(0.75)

    @given(binary_data(grid=True))
    def test_auc_matches_sklearn_with_ties(self, data: tuple[np.ndarray, np.ndarray]) -> None:
        """Mann–Whitney AUC with midranks equals roc_auc_score, ties included."""
        p, y = data
        if y.all() or not y.any():
            with pytest.raises(ScoringInputError, match="both outcomes"):
                roc_auc(p, y)
            return
        assert roc_auc(p, y) == pytest.approx(roc_auc_score(y, p))

    @given(st.booleans().flatmap(lambda grid: binary_data(grid=grid)))
    def test_auc_is_scipys_mann_whitney_exactly(self, data: tuple[np.ndarray, np.ndarray]) -> None:
        """The AUC counted in integers is the float scipy's Mann–Whitney U_1 gives, bit for bit."""
        p, y = data
        yb = y.astype(bool)
        if yb.all() or not yb.any():
            return
        n1, n0 = int(yb.sum()), int((~yb).sum())
        u1 = stats.mannwhitneyu(p[yb], p[~yb], method="asymptotic").statistic
        assert roc_auc(p, y) == float(u1) / (n1 * n0)

    def test_auc_ties_signed_zeros_and_golden_values(self) -> None:
        """Tied forecasts share their midrank (-0.0 ties 0.0); golden AUCs by hand."""
        assert roc_auc([0.0, -0.0, 0.0, 1.0], [1, 0, 0, 1]) == 0.75  # pairs: 0.5 + 0.5 + 1 + 1
        assert roc_auc([0.2, 0.2, 0.2, 0.2], [1, 0, 1, 0]) == 0.5
        assert roc_auc([0.9, 0.8, 0.1], [1, 1, 0]) == 1.0
        assert roc_auc([0.1, 0.9, 0.8], [1, 0, 0]) == 0.0
        assert roc_auc([0.3, 0.1, 0.3, 0.7, 0.1], [1, 0, 0, 1, 1]) == 4 / 6

    def test_right_side(self) -> None:
        """Right side of 50% counts; a 0.5 forecast is on neither side."""
        s = right_side([0.5, 0.7, 0.2, 0.9], [1, 1, 1, 0])
        assert (s.n_right, s.n_wrong, s.n_half) == (1, 2, 1)
        assert s.share_right_decided == pytest.approx(1 / 3)

    def test_ece_with_its_bins(self) -> None:
        """ECE is the count-weighted mean |observed - forecast| over non-empty bins, by hand."""
        # sklearn docstring data, 3 bins: |0-0.2|*3 + |0.5-0.525|*2 + |1-0.85|*4 = 1.25 -> /9
        y = [0, 0, 0, 0, 1, 1, 1, 1, 1]
        p = [0.1, 0.2, 0.3, 0.4, 0.65, 0.7, 0.8, 0.9, 1.0]
        e = ece(p, y, 3)
        assert e.value == pytest.approx(1.25 / 9)
        assert len(e.table.bins) == 3


class TestMurphyDiagram:
    def test_brute_force(self) -> None:
        """Elementary scores equal a direct evaluation of the definition at each θ."""
        rng = np.random.default_rng(2)
        p = np.round(rng.random(50), 2)
        y = rng.random(50) < p
        th = np.array([0.1, 0.25, 0.5, 0.73])
        d = murphy_diagram(p, y, th)
        direct = [np.mean(t * ((~y) & (p >= t)) + (1 - t) * (y & (p < t))) for t in th]
        assert d.scores == pytest.approx(direct)

    @pytest.mark.parametrize("theta", [0.0, 1.0])
    def test_thresholds_strictly_inside_the_unit_interval(self, theta: float) -> None:
        """θ = 0 or 1 is no cost/loss ratio: rejected."""
        with pytest.raises(ScoringInputError, match="thresholds in"):
            murphy_diagram([0.5], [1], [theta])

    def test_integral_is_half_brier(self) -> None:
        """Averaged over θ uniform on (0,1), the elementary score is half the Brier score."""
        p = np.array([0.2, 0.7, 0.9])
        y = np.array([0, 0, 1])
        th = (np.arange(100_000) + 0.5) / 100_000
        d = murphy_diagram(p, y, th)
        assert d.scores.mean() == pytest.approx(summarize_binary(p, y).mean / 2, abs=1e-6)
