"""Per-forecast scores: golden values from published sources, propriety, identities."""

from __future__ import annotations

import datetime as dt
import math
from fractions import Fraction
from typing import Any

import attrs
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from sklearn.metrics import brier_score_loss, log_loss

from forecastcheck.errors import ForecastcheckError
from forecastcheck.scoring import (
    ScoreSummary,
    ScoringInputError,
    _exact,
    absolute_error,
    brier,
    categorical_log_score,
    crps_quantile,
    crps_sample,
    interval_coverage,
    interval_score,
    log_score,
    misclassification,
    multicategory_brier,
    quantile_score,
    ranked_probability_score,
    signed_error,
    spherical,
    summarize,
    summarize_binary,
    weighted_interval_score,
)

probs = st.floats(0.0, 1.0, allow_nan=False)
inner = st.floats(0.001, 0.999, allow_nan=False)


def _binary_data(draw: st.DrawFn, min_size: int = 1) -> tuple[np.ndarray, np.ndarray]:
    n = draw(st.integers(min_size, 60))
    p = np.array(draw(st.lists(probs, min_size=n, max_size=n)))
    y = np.array(draw(st.lists(st.booleans(), min_size=n, max_size=n)))
    return p, y


binary_data = st.composite(_binary_data)


class TestGoldenBinary:
    def test_brier_sklearn_docstring(self) -> None:
        """Brier matches scikit-learn's brier_score_loss docstring example (0.0375)."""
        # scikit-learn 1.9 brier_score_loss docstring: y_true [0,1,1,0],
        # y_prob [0.1,0.9,0.8,0.3] -> 0.0375; scale_by_half=False -> 0.075.
        p, y = [0.1, 0.9, 0.8, 0.3], [0, 1, 1, 0]
        assert summarize_binary(p, y).mean == pytest.approx(0.0375, abs=1e-15)
        assert summarize_binary(p, y, "brier2").mean == pytest.approx(0.075, abs=1e-15)

    def test_log_sklearn_docstring(self) -> None:
        """Log score matches scikit-learn's log_loss docstring example (0.21616)."""
        # scikit-learn log_loss docstring: labels ["spam","ham","ham","spam"] with
        # columns (ham, spam) [[.1,.9],[.9,.1],[.8,.2],[.35,.65]] -> 0.21616;
        # as binary forecasts of "spam": p = [.9,.1,.2,.65], y = [1,0,0,1].
        mean = summarize_binary([0.9, 0.1, 0.2, 0.65], [1, 0, 0, 1], "log").mean
        assert mean == pytest.approx(0.21616, abs=5e-6)

    def test_multicategory_sklearn_docstring(self) -> None:
        """Multi-category Brier matches scikit-learn's three-class example (0.146...)."""
        # scikit-learn 1.9 brier_score_loss docstring: [[.8,.1,.1],[.2,.7,.1],[.2,.2,.6]]
        # with labels eggs/ham/spam and outcomes eggs, ham, spam -> 0.146 (printed
        # rounded); by hand (0.06 + 0.14 + 0.24) / 3 = 0.14666...
        P = [[0.8, 0.1, 0.1], [0.2, 0.7, 0.1], [0.2, 0.2, 0.6]]
        assert multicategory_brier(P, [0, 1, 2]).mean() == pytest.approx(0.44 / 3)

    def test_log_of_certainty_is_infinite_and_counted(self) -> None:
        """A wrong forecast of exactly 0 or 1 scores +inf and is counted, not clipped."""
        values = log_score([0.0, 1.0, 1.0, 0.5], [1, 0, 1, 1])
        assert values.tolist()[:3] == [math.inf, math.inf, 0.0]
        s = summarize_binary([0.0, 1.0, 1.0, 0.5], [1, 0, 1, 1], "log")
        assert (s.n, s.n_infinite, s.mean) == (4, 2, math.inf)
        assert s.mean_finite == pytest.approx(math.log(2) / 2)

    def test_log_epsilon_counts_only_forecasts_it_moves(self) -> None:
        """A forecast exactly at epsilon or 1 - epsilon is not clipped, so it is not counted."""
        s = summarize_binary([0.25, 0.75, 0.2, 0.8], [1, 0, 1, 0], "log", epsilon=0.25)
        assert s.n_clipped == 2
        assert s.mean == pytest.approx(-math.log(0.25))

    @pytest.mark.parametrize("epsilon", [0.0, 0.5, -0.1])
    def test_log_epsilon_must_be_inside_zero_to_half(self, epsilon: float) -> None:
        """epsilon = 0 clips nothing and 0.5 turns every forecast into 0.5: both are rejected."""
        with pytest.raises(ScoringInputError, match="epsilon"):
            log_score([0.3], [1], epsilon=epsilon)

    def test_log_epsilon_is_opt_in_and_counted(self) -> None:
        """epsilon clips only on request, and the clipped forecasts are counted."""
        s = summarize_binary([0.0, 1.0, 0.5], [1, 1, 0], "log", epsilon=1e-15)
        assert s.n_clipped == 2
        assert s.n_infinite == 0
        assert s.mean == pytest.approx((-math.log(1e-15) + 0.0 + math.log(2)) / 3, rel=1e-3)

    def test_log_small_p_is_accurate(self) -> None:
        """-ln(1 - p) for tiny p keeps full relative accuracy (log1p)."""
        assert log_score([1e-12], [0])[0] == pytest.approx(-math.log1p(-1e-12), rel=1e-15)

    def test_spherical_hand_values(self) -> None:
        """Spherical score by hand: p=0.8, y=1 -> 0.8/sqrt(0.68); p=0.5 -> 1/sqrt(2)."""
        # Computed by hand from the definition p_y / sqrt(p^2 + (1-p)^2).
        out = spherical([0.8, 0.8, 0.5], [1, 0, 1])
        assert out == pytest.approx([0.8 / math.sqrt(0.68), 0.2 / math.sqrt(0.68), 2**-0.5])

    def test_misclassification_half_scores_half(self) -> None:
        """Misclassification: right side 0, wrong side 1, exactly 0.5 scores 0.5."""
        out = misclassification([0.5, 0.7, 0.7, 0.2, 0.2], [1, 1, 0, 1, 0])
        assert out.tolist() == [0.5, 0.0, 1.0, 1.0, 0.0]

    def test_two_category_equals_multicategory(self) -> None:
        """brier(two_category=True) equals multi-category Brier with two categories."""
        p = np.array([0.1, 0.6, 0.95])
        y = np.array([1, 0, 1])
        P = np.column_stack([1 - p, p])
        assert brier(p, y, two_category=True) == pytest.approx(multicategory_brier(P, y))


class TestSklearnDifferential:
    @given(binary_data())
    def test_brier_matches_sklearn(self, data: tuple[np.ndarray, np.ndarray]) -> None:
        """Mean Brier equals scikit-learn's brier_score_loss on any binary data."""
        p, y = data
        ours = summarize_binary(p, y).mean
        assert ours == pytest.approx(brier_score_loss(y, p, labels=[0, 1]), abs=1e-12)

    @given(binary_data())
    def test_log_matches_sklearn_where_finite(self, data: tuple[np.ndarray, np.ndarray]) -> None:
        """Mean log score equals scikit-learn's log_loss whenever no score is infinite."""
        p, y = data
        p = np.clip(p, 1e-9, 1 - 1e-9)  # the test keeps scores finite; the library never clips
        ours = summarize_binary(p, y, "log").mean
        assert ours == pytest.approx(log_loss(y, p, labels=[0, 1]), rel=1e-9, abs=1e-12)


class TestPropriety:
    @pytest.mark.parametrize(("rule", "sign"), [("brier", 1.0), ("log", 1.0), ("spherical", -1.0)])
    @given(q=st.floats(0.02, 0.98))
    def test_expected_score_uniquely_optimal_at_truth(
        self, rule: str, sign: float, q: float
    ) -> None:
        """Expected score under truth q is best at p = q, strictly, on a grid (strict propriety)."""
        fn = {"brier": brier, "log": log_score, "spherical": spherical}[rule]
        grid = np.unique(np.concatenate([np.linspace(0.001, 0.999, 999), [q]]))
        expected = q * fn(grid, np.ones_like(grid)) + (1 - q) * fn(grid, np.zeros_like(grid))
        expected = sign * expected  # orient so lower is better
        at_truth = expected[np.searchsorted(grid, q)]
        others = np.delete(expected, np.searchsorted(grid, q))
        assert np.all(others > at_truth - 1e-15)
        assert grid[int(np.argmin(expected))] == pytest.approx(q, abs=1e-3)


class TestValidation:
    def test_errors_are_project_errors(self) -> None:
        """Input errors are ScoringInputError, a ForecastcheckError and a ValueError."""
        assert issubclass(ScoringInputError, ForecastcheckError)
        assert issubclass(ScoringInputError, ValueError)

    @pytest.mark.parametrize(
        ("p", "y", "message"),
        [
            ([0.2, 1.2], [1, 0], "outside"),
            ([0.2, -0.1], [1, 0], "outside"),
            ([0.2, 0.3], [1, 2], "not 0 or 1"),
            ([0.2, 0.3], [1.0, 0.5], "not 0 or 1"),
            ([0.2, math.nan], [1, 0], "NaN"),
            ([0.2, 0.3], [1.0, math.nan], "NaN"),
            ([0.2, 0.3], [1], "same shape"),
            ([0.2, 0.3], ["a", "b"], "outcomes"),
        ],
    )
    def test_bad_input_is_named(self, p: list[float], y: list[Any], message: str) -> None:
        """Malformed p or y raises a clear error naming the problem."""
        with pytest.raises(ScoringInputError, match=message):
            brier(p, y)

    def test_omit_marks_and_counts(self) -> None:
        """nan_policy='omit' scores NaN rows as NaN and the summary counts them as omitted."""
        values = brier([0.2, math.nan, 0.4], [1, 0, math.nan], nan_policy="omit")
        assert values[0] == pytest.approx(0.64)
        assert np.isnan(values[1:]).all()
        s = summarize(values, rule="brier")
        assert (s.n, s.n_omitted) == (1, 2)

    def test_unknown_nan_policy(self) -> None:
        """An unknown nan_policy is rejected rather than ignored."""
        with pytest.raises(ScoringInputError, match="nan_policy"):
            brier([0.5], [1], nan_policy="ignore")  # type: ignore[arg-type]

    def test_categorical_rows_must_sum_to_one(self) -> None:
        """Multi-category forecasts are never renormalised: bad rows are an error."""
        with pytest.raises(ScoringInputError, match="summing to 1"):
            multicategory_brier([[0.5, 0.4]], [0])


class TestExactSums:
    @given(st.lists(st.floats(-1e300, 1e300, allow_nan=False), max_size=50))
    def test_exact_sum_equals_rational_sum(self, xs: list[float]) -> None:
        """The exact summation equals the rational sum of the floats, and fsum after rounding."""
        arr = np.array(xs, dtype=np.float64)
        exact = sum((Fraction(x) for x in xs), Fraction(0))
        assert _exact.to_fraction(_exact.sums(arr)[0]) == exact
        assert float(exact) == math.fsum(xs)

    def test_mean_does_not_depend_on_order(self) -> None:
        """The summary mean is order-free: reversing or shuffling the values changes nothing."""
        rng = np.random.default_rng(3)
        x = rng.random(10_000) ** 3
        a = summarize(x).mean
        assert summarize(x[::-1]).mean == a
        assert summarize(rng.permutation(x)).mean == a

    @given(st.lists(st.floats(-10, 10) | st.just(math.inf) | st.just(math.nan), max_size=30))
    def test_summary_from_exact_total_equals_summarize(self, xs: list[float]) -> None:
        """ScoreSummary.from_exact_total on the exact sum and counts is summarize's summary."""
        arr = np.array(xs, dtype=np.float64)
        finite = arr[np.isfinite(arr)]
        built = ScoreSummary.from_exact_total(
            "x",
            _exact.sums(finite)[0],
            n_finite=finite.size,
            n_pos=int(np.count_nonzero(arr == np.inf)),
            n_omitted=int(np.count_nonzero(np.isnan(arr))),
        )
        expected = summarize(arr, rule="x")
        assert attrs.astuple(built) == pytest.approx(attrs.astuple(expected), nan_ok=True)
        assert built.mean == expected.mean or (math.isnan(built.mean) and math.isnan(expected.mean))


class TestCategorical:
    def test_rps_two_categories_is_brier(self) -> None:
        """Unnormalised RPS with two ordered categories equals the binary Brier score."""
        p = np.array([0.3, 0.6, 1.0])
        y = np.array([1, 0, 1])
        P = np.column_stack([1 - p, p])
        assert ranked_probability_score(P, y) == pytest.approx(brier(p, y))

    def test_rps_hand_example_and_normalisation(self) -> None:
        """RPS by hand for K=3 and its divide-by-(K-1) variant."""
        # P = (0.2, 0.5, 0.3), outcome category 2: F = (0.2, 0.7), O = (0, 0)
        # -> 0.04 + 0.49 = 0.53 (hand computation from the definition).
        P = [[0.2, 0.5, 0.3]]
        assert ranked_probability_score(P, [2])[0] == pytest.approx(0.53)
        assert ranked_probability_score(P, [2], normalize=True)[0] == pytest.approx(0.265)

    def test_categorical_log(self) -> None:
        """Categorical log score is -ln of the probability on what happened; 0 gives inf."""
        out = categorical_log_score([[0.2, 0.5, 0.3], [0.0, 0.5, 0.5]], [1, 0])
        assert out[0] == pytest.approx(math.log(2))
        assert out[1] == math.inf

    CATEGORICAL = (multicategory_brier, ranked_probability_score, categorical_log_score)

    @pytest.mark.parametrize("score", CATEGORICAL)
    @pytest.mark.parametrize(
        ("y", "shown"),
        [
            ([0, -1], "-1"),  # would wrap round to the last category
            ([0, 3], "3"),  # one past the last category
            ([0.0, -1.0], "-1.0"),
            ([0.0, 3.0], "3.0"),
            (np.array([0, 2**64 - 1], dtype=np.uint64), "18446744073709551615"),  # -1 as intp
            ([0, 2**63], "9.223372036854776e+18"),  # numpy holds it as a float; -2**63 as intp
            ([0.0, 1e20], "1e+20"),  # out of range for intp
            ([0.0, math.inf], "inf"),
        ],
    )
    def test_category_index_out_of_range_is_named(self, score: Any, y: Any, shown: str) -> None:
        """A category index outside 0..K-1 is a ValueError naming it as given, never wrapped."""
        P = [[0.2, 0.3, 0.5], [0.2, 0.3, 0.5]]
        with pytest.raises(ValueError, match=r"1 value not a category index in 0\.\.2") as info:
            score(P, y)
        assert isinstance(info.value, ScoringInputError)
        assert str(info.value).endswith(f"first at flat index 1 ({shown})")

    @pytest.mark.parametrize("score", CATEGORICAL)
    def test_category_index_check_skips_omitted_rows(self, score: Any) -> None:
        """Under nan_policy='omit' a NaN outcome is omitted, not read as a bad index."""
        out = score([[0.2, 0.3, 0.5], [0.2, 0.3, 0.5]], [2.0, math.nan], nan_policy="omit")
        assert np.isfinite(out[0])
        assert np.isnan(out[1])


class TestNumeric:
    def test_dates_give_days(self) -> None:
        """Date forecasts give signed and absolute errors in days."""
        f = [dt.date(2025, 11, 10), dt.date(2025, 9, 30)]
        y = [dt.date(2025, 11, 1), dt.date(2025, 10, 3)]
        assert signed_error(f, y).tolist() == [9.0, -3.0]
        assert absolute_error(f, y).tolist() == [9.0, 3.0]
        d = np.array(["2025-01-01T12"], dtype="datetime64[h]")
        assert signed_error(d, np.datetime64("2025-01-02")).tolist() == [-0.5]

    def test_mixing_dates_and_numbers_is_an_error(self) -> None:
        """Dates and numbers cannot be mixed silently."""
        with pytest.raises(ScoringInputError, match="mixing"):
            absolute_error([dt.date(2025, 1, 1)], [3.0])

    def test_interval_score_scoringrules_value(self) -> None:
        """Interval score equals scoringrules' unit-test value (obs 0.1 in [0, 0.4], alpha 0.5 -> 0.4)."""
        # scoringrules tests/test_interval.py: interval_score(0.1, 0.0, 0.4, 0.5) -> 0.4
        assert interval_score(0.0, 0.4, 0.1, 0.5)[()] == pytest.approx(0.4)

    def test_interval_score_penalties(self) -> None:
        """Outside the interval the score adds (2/alpha) times the distance (hand computed)."""
        # [0, 1], alpha 0.2, y = 2: width 1 + (2/0.2) * 1 = 11; weigh -> 11 * 0.1 = 1.1
        assert interval_score(0.0, 1.0, 2.0, 0.2)[()] == pytest.approx(11.0)
        assert interval_score(0.0, 1.0, 2.0, 0.2, weigh=True)[()] == pytest.approx(1.1)

    def test_quantile_score_scoringrules_values(self) -> None:
        """Pinball loss equals scoringrules' unit-test values 0.16 and 0.04."""
        # scoringrules tests/test_quantile.py: quantile_score(obs 0.3, fct 0.5, alpha 0.2) -> 0.16,
        # quantile_score(0.3, 0.1, 0.2) -> 0.04
        assert quantile_score([[0.5]], [0.2], [0.3])[0, 0] == pytest.approx(0.16)
        assert quantile_score([[0.1]], [0.2], [0.3])[0, 0] == pytest.approx(0.04)

    def test_wis_scoringutils_one_interval_and_median(self) -> None:
        """WIS equals scoringutils' test values 1/3, 16.5, 19.5 (1 interval + median)."""
        # scoringutils tests (test-interval_score / covidHubUtils parity), "wis works,
        # 1 interval and median", count_median_twice = FALSE: expected c(1/3, 16.5, 19.5).
        y = [1, -15, 22]
        q = [[0, 1, 2], [1, 2, 2], [0, 3, 3]]
        out = weighted_interval_score(q, [0.25, 0.5, 0.75], y)
        assert out == pytest.approx([1 / 3, 16.5, 19.5])

    def test_wis_scoringutils_two_intervals_and_median(self) -> None:
        """WIS equals scoringutils' covidHubUtils-parity test with 2 intervals and the median."""
        # scoringutils tests, "wis is correct, 2 intervals and median - test corresponds
        # to covidHubUtils": expected = (1/2.5) * (0.5|y - m| + (q5-q1)*0.1 + c(0,13,18)
        #                                          + (q4-q2)*0.25 + c(0,16,19))
        y = np.array([1.0, -15.0, 22.0])
        q = np.array([[-1, 0, 1, 2, 3], [-2, 1, 2, 2, 4], [-2, 0, 3, 3, 4]], dtype=float)
        expected = (1 / 2.5) * (
            0.5 * np.abs(y - q[:, 2])
            + (q[:, 4] - q[:, 0]) * 0.1
            + np.array([0, 13, 18])
            + (q[:, 3] - q[:, 1]) * 0.25
            + np.array([0, 16, 19])
        )
        out = weighted_interval_score(q, [0.1, 0.25, 0.5, 0.75, 0.9], y)
        assert out == pytest.approx(expected)

    def test_wis_one_interval_without_median(self) -> None:
        """Without the median, WIS of one interval is (alpha/2) IS_alpha (Bracher et al. eq. 2)."""
        # alpha = 0.5, [0, 2]: 0.25 * 2 = 0.5; y = -15: 0.25 * 2 + 15; y = 22: 0.25 * 2 + 20.
        out = weighted_interval_score([[0, 2]] * 3, [0.25, 0.75], [1, -15, 22])
        assert out == pytest.approx([0.5, 15.5, 20.5])

    def test_wis_two_intervals_without_median_is_their_mean(self) -> None:
        """Without the median, WIS is the mean over the K intervals of (alpha_k/2) IS_alpha_k."""
        # [-1, 3] at alpha 0.2 and [0, 2] at alpha 0.5, by hand:
        # y = 1: (0.1 * 4 + 0.25 * 2) / 2 = 0.45
        # y = 5: (0.1 * (4 + 10 * 2) + 0.25 * (2 + 4 * 3)) / 2 = (2.4 + 3.5) / 2 = 2.95
        # y = -15: (0.1 * (4 + 10 * 14) + 0.25 * (2 + 4 * 15)) / 2 = (14.4 + 15.5) / 2 = 14.95
        q = [[-1, 0, 2, 3]] * 3
        levels = [0.1, 0.25, 0.75, 0.9]
        out = weighted_interval_score(q, levels, [1, 5, -15])
        assert out == pytest.approx([0.45, 2.95, 14.95])
        assert out == pytest.approx(crps_quantile(q, levels, [1, 5, -15]))

    def test_wis_median_only_is_absolute_error(self) -> None:
        """WIS of the median alone is the absolute error (scoringutils' 'median only' test)."""
        assert weighted_interval_score([[1], [2], [3]], [0.5], [1, -15, 22]) == pytest.approx(
            [0, 17, 19]
        )

    @given(
        y=st.floats(-10, 10),
        q=st.lists(st.floats(-10, 10), min_size=5, max_size=5),
    )
    def test_wis_equals_crps_quantile_on_symmetric_levels(self, y: float, q: list[float]) -> None:
        """WIS equals the quantile-decomposition CRPS on symmetric levels."""
        qs = np.sort(np.array(q))[None, :]
        levels = [0.05, 0.25, 0.5, 0.75, 0.95]
        assert weighted_interval_score(qs, levels, [y])[0] == pytest.approx(
            crps_quantile(qs, levels, [y])[0], abs=1e-9
        )

    def test_interval_coverage_inclusive(self) -> None:
        """Coverage counts both ends as inside."""
        assert interval_coverage([0, 0, 0], [1, 1, 1], [0, 1, 1.5]).tolist() == [1.0, 1.0, 0.0]

    @pytest.mark.parametrize("levels", [[0.25, 0.25, 0.75], [0.0, 0.5], [0.5, 1.0], [0.75, 0.25]])
    def test_levels_strictly_increasing_inside_the_unit_interval(self, levels: list[float]) -> None:
        """Repeated levels, or a level of 0 or 1, are rejected: no quantile is defined twice."""
        q = [list(range(len(levels)))]
        with pytest.raises(ScoringInputError, match=r"strictly increasing in \(0, 1\)"):
            quantile_score(q, levels, [0.0])

    @pytest.mark.parametrize("alpha", [0.0, 1.0])
    def test_interval_alpha_inside_the_unit_interval(self, alpha: float) -> None:
        """alpha = 0 (an infinite interval) and alpha = 1 (an empty one) are rejected."""
        with pytest.raises(ScoringInputError, match=r"alpha must be in \(0, 1\)"):
            interval_score(0.0, 1.0, 0.5, alpha)

    def test_crossing_quantiles_rejected(self) -> None:
        """Quantiles that decrease with the level are rejected, not sorted silently."""
        with pytest.raises(ScoringInputError, match="non-decreasing"):
            crps_quantile([[2.0, 1.0]], [0.25, 0.75], [0.0])


class TestCrps:
    @pytest.mark.parametrize(
        ("y", "ensemble", "expected"),
        [
            (0, [0, 1], 0.25),
            (0, [1, 0], 0.25),
            (0, [1, 1], 1.0),
            (2, [0, 1], 1.25),
            (0, [-1, 1], 0.5),
            (0, [0, 0, 1], 1.0 / 9),
            (1, [0, 0, 1], 4.0 / 9),
            (0, [-1, 0, 0, 1], 1.0 / 8),
        ],
    )
    def test_properscoring_toy_examples(
        self, y: float, ensemble: list[float], expected: float
    ) -> None:
        """CRPS ('nrg') equals properscoring's test_crps_toy_examples values."""
        # properscoring/tests/test_crps.py, TestCRPS.test_crps_toy_examples
        assert crps_sample([ensemble], [y])[0] == pytest.approx(expected)

    @given(st.floats(-1e6, 1e6), st.floats(-1e6, 1e6))
    def test_point_forecast_is_absolute_error(self, x: float, y: float) -> None:
        """CRPS of a one-member ensemble equals the absolute error."""
        assert crps_sample([[x]], [y])[0] == pytest.approx(abs(x - y), rel=1e-12, abs=1e-9)

    @given(
        st.lists(st.floats(-100, 100), min_size=2, max_size=12),
        st.floats(-100, 100),
    )
    def test_sorted_formulas_equal_pairwise_definitions(self, xs: list[float], y: float) -> None:
        """The O(M log M) forms equal the O(M^2) energy and fair definitions."""
        x = np.array(xs)
        M = x.size
        spread = np.abs(x[:, None] - x[None, :]).sum()
        nrg = np.abs(x - y).mean() - spread / (2 * M * M)
        fair = np.abs(x - y).mean() - spread / (2 * M * (M - 1))
        assert crps_sample([x], [y])[0] == pytest.approx(nrg, abs=1e-9)
        assert crps_sample([x], [y], estimator="pwm")[0] == pytest.approx(fair, abs=1e-9)

    def test_pwm_needs_two_members(self) -> None:
        """The fair/pwm estimator refuses a single member."""
        with pytest.raises(ScoringInputError, match="at least 2"):
            crps_sample([[1.0]], [0.0], estimator="pwm")
