"""PIT values and histograms for sample and quantile forecasts."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from forecastcheck.calibration import (
    pit_histogram,
    pit_histogram_quantile,
    pit_quantile,
    pit_sample,
)
from forecastcheck.scoring import ScoringInputError, quantile_coverage

# scoringutils tests/testthat/test-metrics-quantile.R data
Y = [1, -15, 22]
Q5 = [[-1, 0, 1, 2, 3], [-2, 1, 2, 2, 4], [-2, 0, 3, 3, 4]]
L5 = [0.1, 0.25, 0.5, 0.75, 0.9]


class TestSamplePit:
    def test_scoringutils_single_observation(self) -> None:
        """scoringutils' single-observation case (y 2.5, samples 1.5:10.5): F(y) = 0.2."""
        # test-metrics-sample.R "pit_histogram_sample() works with a single observvation";
        # p_x = rowSums(predicted <= observed) / n = 2 / 10; one sample ties with y.
        samples = [np.arange(1.5, 11.5)]
        assert pit_sample(samples, [2.5], randomize=False).tolist() == [0.2]
        u = pit_sample(samples, [2.5], seed=1)[0]
        assert 0.1 <= u <= 0.2

    def test_no_ties_needs_no_randomisation(self) -> None:
        """Without ties the randomised PIT equals F(y) whatever the seed."""
        samples = np.array([[0.1, 0.5, 0.9, 1.3]])
        assert pit_sample(samples, [0.7], seed=3).tolist() == [0.5]
        assert pit_sample(samples, [0.7], randomize=False).tolist() == [0.5]

    def test_seeded(self) -> None:
        """The same seed draws the same randomised PIT values."""
        x = np.tile(np.arange(5.0), (20, 1))
        y = np.arange(20) % 5
        assert np.array_equal(pit_sample(x, y, seed=7), pit_sample(x, y, seed=7))

    @given(st.integers(1, 6), st.integers(0, 6), st.integers(0, 2**32 - 1))
    def test_randomised_pit_lies_in_the_step(self, m: int, y: int, seed: int) -> None:
        """For counts, u lies in [F(y - 1), F(y)] (Czado, Gneiting & Held 2009)."""
        x = np.arange(m, dtype=float)[None, :]
        u = pit_sample(x, [y], seed=seed)[0]
        assert np.mean(x <= y - 1) <= u <= np.mean(x <= y)

    def test_calibrated_counts_are_uniform(self) -> None:
        """Poisson forecasts of Poisson outcomes give randomised PIT values near uniform."""
        rng = np.random.default_rng(0)
        lam = rng.uniform(1, 5, 4000)
        x = rng.poisson(lam[:, None], (4000, 200))
        y = rng.poisson(lam)
        h = pit_histogram(pit_sample(x, y, seed=1), 10)  # not the data seed
        assert h.counts.sum() == 4000
        assert np.abs(h.density - 1.0).max() < 0.2

    def test_nan_rows(self) -> None:
        """NaN rows raise by default and give NaN under 'omit', counted by the histogram."""
        with pytest.raises(ScoringInputError, match="NaN"):
            pit_sample([[1.0, np.nan]], [1.0])
        u = pit_sample([[1.0, np.nan], [0.0, 2.0]], [1.0, 1.0], nan_policy="omit")
        assert np.isnan(u[0])
        h = pit_histogram(u, 2)
        assert (h.n, h.n_omitted) == (1, 1)


class TestHistogram:
    def test_right_closed_bins_kept_when_empty(self) -> None:
        """Bins are [0, e1], (e1, e2], ...; empty bins stay, with 0."""
        h = pit_histogram([0.0, 0.1, 0.1000001, 1.0], 10)
        assert h.counts.tolist() == [2, 1, 0, 0, 0, 0, 0, 0, 0, 1]
        assert h.edges[3] == 0.3  # the float nearest 3/10

    def test_explicit_edges(self) -> None:
        """Edges must rise from 0 to 1; values outside [0, 1] are errors."""
        assert pit_histogram([0.3, 0.6], [0.0, 0.5, 1.0]).counts.tolist() == [1, 1]
        with pytest.raises(ScoringInputError, match="rise strictly"):
            pit_histogram([0.3], [0.0, 0.5])
        with pytest.raises(ScoringInputError, match="outside"):
            pit_histogram([1.5])


class TestQuantilePit:
    def test_bracket(self) -> None:
        """Each PIT bracket is (tau_i, tau_{i+1}] with q_i < y <= q_{i+1}."""
        b = pit_quantile(Q5, L5, Y)
        assert b.lower.tolist() == [0.25, 0.0, 0.9]
        assert b.upper.tolist() == [0.5, 0.1, 1.0]

    def test_scoringutils_quantile_histogram(self) -> None:
        """Counts equal scoringutils' get_pit_histogram: diff(c(0, coverage, 1)) times n."""
        # scoringutils R/class-forecast-quantile.R: density = diff(c(0, quantile_coverage, 1))
        # / diff(quantiles), quantile_coverage = mean(observed <= predicted) per level.
        h = pit_histogram_quantile(Q5, L5, Y)
        coverage = quantile_coverage(Q5, L5, Y).covered.mean(axis=0)
        expected = np.diff(np.concatenate([[0.0], coverage, [1.0]])) * 3
        assert h.counts.tolist() == pytest.approx(expected.tolist())
        assert h.counts.tolist() == [1, 0, 1, 0, 0, 1]
        assert h.edges.tolist() == [0.0, *L5, 1.0]

    def test_coarser_edges_from_the_levels(self) -> None:
        """Edges may be a subset of the levels; other edges are an error, not a fallback."""
        assert pit_histogram_quantile(Q5, L5, Y, edges=[0, 0.5, 1]).counts.tolist() == [2, 1]
        with pytest.raises(ScoringInputError, match="not among the forecast levels"):
            pit_histogram_quantile(Q5, L5, Y, edges=[0, 0.33, 1])

    @given(st.lists(st.floats(-5, 5), min_size=5, max_size=5), st.floats(-6, 6))
    def test_histogram_of_brackets_matches_quantile_coverage(
        self, q: list[float], y: float
    ) -> None:
        """One forecast lands in exactly the bin where its quantile coverage steps up."""
        qs = np.sort(np.array(q))[None, :]
        h = pit_histogram_quantile(qs, L5, [y])
        cov = quantile_coverage(qs, L5, [y]).covered[0]
        assert h.counts.tolist() == np.diff(np.concatenate([[0.0], cov, [1.0]])).tolist()
