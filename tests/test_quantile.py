"""Quantile-forecast diagnostics: WIS components, bias, coverage; golden values and identities."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from forecastcheck.scoring import (
    ScoringInputError,
    central_coverage,
    quantile_bias,
    quantile_coverage,
    weighted_interval_score,
    wis_components,
)

# scoringutils tests/testthat/test-metrics-quantile.R (the covidHubUtils parity data)
Y = [1, -15, 22]
Q5 = [[-1, 0, 1, 2, 3], [-2, 1, 2, 2, 4], [-2, 0, 3, 3, 4]]
L5 = [0.1, 0.25, 0.5, 0.75, 0.9]

finite = st.floats(-100, 100, allow_nan=False)


@st.composite
def quantile_forecasts(draw: st.DrawFn) -> tuple[np.ndarray, list[float], np.ndarray]:
    """Sorted quantile rows on symmetric levels (with or without the median) and outcomes."""
    n = draw(st.integers(1, 8))
    levels = draw(
        st.sampled_from(
            [[0.5], [0.25, 0.75], [0.25, 0.5, 0.75], L5, [0.05, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95]]
        )
    )
    q = np.sort(
        np.array(
            draw(st.lists(finite, min_size=n * len(levels), max_size=n * len(levels)))
        ).reshape(n, len(levels)),
        axis=1,
    )
    y = np.array(draw(st.lists(finite, min_size=n, max_size=n)))
    return q, levels, y


class TestWisComponents:
    def test_scoringutils_two_intervals_and_median(self) -> None:
        """The parts match scoringutils' covidHubUtils-parity terms (sum 0.36, 15.34, 19.14)."""
        # scoringutils test "wis is correct, 2 intervals and median": expected =
        # (1/2.5) * (0.5|y - m| + (q5 - q1) 0.1 + c(0, 13, 18) + (q4 - q2) 0.25 + c(0, 16, 19)).
        # Its terms split as dispersion (the widths), overprediction (row 2: 13 + 16 + 0.5*17)
        # and underprediction (row 3: 18 + 19 + 0.5*19), each divided by 2.5.
        c = wis_components(Q5, L5, Y)
        assert c.dispersion == pytest.approx([0.9 / 2.5, 0.85 / 2.5, 1.35 / 2.5])
        assert c.overprediction == pytest.approx([0.0, 37.5 / 2.5, 0.0])
        assert c.underprediction == pytest.approx([0.0, 0.0, 46.5 / 2.5])
        assert c.wis == pytest.approx([0.36, 15.34, 19.14])

    def test_median_only(self) -> None:
        """A median alone has no dispersion; its over/under-prediction is the absolute error."""
        c = wis_components([[1], [2], [3]], [0.5], Y)
        assert c.dispersion.tolist() == [0.0, 0.0, 0.0]
        assert c.overprediction.tolist() == [0.0, 17.0, 0.0]
        assert c.underprediction.tolist() == [0.0, 0.0, 19.0]

    @given(quantile_forecasts())
    def test_parts_sum_exactly_to_the_wis(
        self, data: tuple[np.ndarray, list[float], np.ndarray]
    ) -> None:
        """dispersion + overprediction + underprediction == wis == weighted_interval_score, bit for bit."""
        q, levels, y = data
        c = wis_components(q, levels, y)
        assert np.array_equal(c.dispersion + c.overprediction + c.underprediction, c.wis)
        assert np.array_equal(c.wis, weighted_interval_score(q, levels, y))
        assert (c.dispersion >= 0).all()
        assert (c.overprediction >= 0).all()
        assert not ((c.overprediction > 0) & (c.underprediction > 0)).any()

    def test_nan_rows_omitted(self) -> None:
        """Under nan_policy='omit' a row with NaN has NaN parts; the others are scored."""
        c = wis_components(
            np.array([[0, 1, 2], [np.nan, 1, 2]]), [0.25, 0.5, 0.75], [1, 1], nan_policy="omit"
        )
        assert np.isnan(c.wis[1])
        assert np.isnan(c.dispersion[1])
        assert c.wis[0] == pytest.approx(1 / 3)

    def test_unpaired_levels_rejected(self) -> None:
        """Levels that do not pair up as tau, 1 - tau are an error, as in scoringutils."""
        with pytest.raises(ScoringInputError, match="pair up"):
            wis_components([[0, 1, 2]], [0.1, 0.5, 0.75], [1])


class TestBias:
    def test_scoringutils_basic(self) -> None:
        """scoringutils' 'bias_quantile() works as expected': 0, -0.8 and -0.8 (23 levels)."""
        assert quantile_bias([[1, 2, 3]], [0.1, 0.5, 0.9], [2]).tolist() == [0.0]
        assert quantile_bias([[0, 1, 2]], [0.1, 0.5, 0.9], [2]) == pytest.approx([-0.8])
        predicted = [
            705.500, 1127.000, 4006.250, 4341.500, 4709.000, 4821.996,
            5340.500, 5451.000, 5703.500, 6087.014, 6329.500, 6341.000,
            6352.500, 6594.986, 6978.500, 7231.000, 7341.500, 7860.004,
            7973.000, 8340.500, 8675.750, 11555.000, 11976.500,
        ]  # fmt: skip
        levels = [0.01, 0.025, *[round(0.05 * k, 2) for k in range(1, 20)], 0.975, 0.99]
        assert quantile_bias([predicted], levels, [8062]) == pytest.approx([-0.8])

    def test_scoringutils_matrix(self) -> None:
        """scoringutils' 'bias_quantile handles matrix input': c(-1.0, -0.8, 0.8, 1.0)."""
        q = np.arange(1, 13).reshape(3, 4).T  # R's matrix(1:12, ncol = 3)
        out = quantile_bias(q, [0.1, 0.5, 0.9], np.linspace(10, 0, 4))
        assert out == pytest.approx([-1.0, -0.8, 0.8, 1.0])

    def test_scoringutils_interpolated_median(self) -> None:
        """Without the 0.5 level the median is interpolated (scoringutils: 0.8, -0.8, 1, -1, 0)."""
        levels = [0.1, 0.3, 0.7, 0.9]
        assert quantile_bias([[1, 2, 4, 5]], levels, [1]) == pytest.approx([0.8])
        assert quantile_bias([[1, 2, 4, 5]], levels, [5]) == pytest.approx([-0.8])
        assert quantile_bias([[2, 3, 4, 5]], levels, [1]).tolist() == [1.0]
        assert quantile_bias([[1, 2, 3, 4]], [0.1, 0.3, 0.5, 0.7], [6]).tolist() == [-1.0]
        assert quantile_bias([[1, 2, 3, 4]], [0.1, 0.3, 0.5, 0.7], [3]).tolist() == [0.0]
        assert quantile_bias([[1]], [0.5], [1]).tolist() == [0.0]  # a point forecast

    def test_levels_on_one_side_rejected(self) -> None:
        """Levels all below 0.5 give no median: an error, as in scoringutils."""
        with pytest.raises(ScoringInputError, match=r"at or below 0\.5"):
            quantile_bias([[1, 10]], [0.2, 0.4], [15])

    @given(quantile_forecasts())
    def test_bias_bounded_and_signed(
        self, data: tuple[np.ndarray, list[float], np.ndarray]
    ) -> None:
        """Bias lies in [-1, 1], is positive only when y is below the median, negative only above."""
        q, levels, y = data
        b = quantile_bias(q, levels, y)
        assert ((b >= -1) & (b <= 1)).all()
        K = len(levels) // 2
        # the median, or scoringutils' interpolation between the innermost two (weight 1/2)
        m = q[:, K] if len(levels) % 2 else q[:, K - 1] + 0.5 * (q[:, K] - q[:, K - 1])
        assert not ((b > 0) & (y >= m)).any()
        assert not ((b < 0) & (y <= m)).any()


class TestCoverage:
    def test_scoringutils_interval_coverage(self) -> None:
        """scoringutils' 'interval_coverage works': the 50% intervals cover c(TRUE, FALSE, FALSE)."""
        c = central_coverage(Q5, L5, Y, central=[0.5])
        assert c.nominal.tolist() == [0.5]
        assert c.covered[:, 0].tolist() == [1.0, 0.0, 0.0]

    def test_every_pair_and_deviation(self) -> None:
        """Without `central`, every pair is an interval (0.5, 0.8); deviation is covered - nominal."""
        c = central_coverage(Q5, L5, Y)
        assert c.nominal == pytest.approx([0.5, 0.8])
        assert c.covered.tolist() == [[1.0, 1.0], [0.0, 0.0], [0.0, 0.0]]
        assert c.deviation.mean(axis=0) == pytest.approx([1 / 3 - 0.5, 1 / 3 - 0.8])

    def test_missing_quantile_rejected(self) -> None:
        """A wanted interval whose quantile is missing is an error (scoringutils' message)."""
        with pytest.raises(ScoringInputError, match=r"0\.25 and 0\.75"):
            central_coverage(
                np.delete(np.array(Q5), 3, axis=1), [0.1, 0.25, 0.5, 0.9], Y, central=[0.5]
            )

    def test_quantile_coverage(self) -> None:
        """Quantile coverage is 1{y <= q} per level; its mean minus tau is the deviation."""
        c = quantile_coverage(Q5, L5, Y)
        assert c.covered.mean(axis=0) == pytest.approx([1 / 3, 1 / 3, 2 / 3, 2 / 3, 2 / 3])
        assert c.deviation.mean(axis=0) == pytest.approx(
            np.array([1, 1, 2, 2, 2]) / 3 - np.array(L5)
        )

    @given(quantile_forecasts())
    def test_central_coverage_agrees_with_quantile_coverage(
        self, data: tuple[np.ndarray, list[float], np.ndarray]
    ) -> None:
        """A central interval covers y exactly when y <= upper and not y < lower."""
        q, levels, y = data
        if len(levels) < 2:
            return
        c = central_coverage(q, levels, y)
        Q = len(levels)
        for j in range(c.nominal.size):
            lo, up = q[:, Q // 2 - 1 - j], q[:, Q - Q // 2 + j]
            assert np.array_equal(c.covered[:, j], ((lo <= y) & (y <= up)).astype(float))
