"""Standard errors, t-intervals and stratified means: published values and identities."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy import stats  # type: ignore[import-untyped]

from forecastcheck.compare import standard_error, stratified_mean, t_interval
from forecastcheck.scoring import ScoringInputError

# Student's sleep data (Cushny & Peebles 1905): extra sleep, drug 2 minus drug 1.
SLEEP_DIFF = [1.2, 2.4, 1.3, 1.3, 0.0, 1.0, 1.8, 0.8, 4.6, 1.4]

scores = st.lists(st.floats(-1e3, 1e3, allow_nan=False), min_size=2, max_size=40)


def test_sleep_data_paired_t_interval() -> None:
    """R's t.test(extra ~ group, data = sleep, paired = TRUE): mean 1.58, 95% CI 0.7001142, 2.4598858."""
    r = t_interval(SLEEP_DIFF, level=0.95)
    assert r.mean == pytest.approx(1.58)
    assert (r.low, r.high) == pytest.approx((0.7001142, 2.4598858), abs=1e-7)
    assert r.df == 9.0
    assert r.n == 10
    assert r.mean / r.se == pytest.approx(4.0621, abs=1e-4)  # R's t = 4.0621


@given(scores, st.floats(0.5, 0.99))
def test_matches_scipy(values: list[float], level: float) -> None:
    """The interval is scipy.stats.t.interval around the mean with scale sem."""
    r = t_interval(values, level=level)
    assert r.se == pytest.approx(stats.sem(values), rel=1e-9, abs=1e-12)
    assert standard_error(values) == r.se
    if r.se > 0:
        lo, hi = stats.t.interval(level, len(values) - 1, loc=np.mean(values), scale=r.se)
        assert (r.low, r.high) == pytest.approx((lo, hi), rel=1e-9, abs=1e-9)


def test_one_score_has_no_interval() -> None:
    """One score gives its mean and NaN for the standard error and interval."""
    r = t_interval([0.3])
    assert r.mean == 0.3
    assert math.isnan(r.se)
    assert math.isnan(r.low)


def test_bad_input() -> None:
    """NaN raises unless omitted (and counted); infinite scores and bad levels are errors."""
    with pytest.raises(ScoringInputError, match="NaN"):
        t_interval([1.0, math.nan])
    assert t_interval([1.0, 3.0, math.nan], nan_policy="omit").n_omitted == 1
    with pytest.raises(ScoringInputError, match="infinite"):
        t_interval([1.0, math.inf])
    with pytest.raises(ScoringInputError, match="level"):
        t_interval([1.0, 2.0], level=1.5)


def test_stratified_mean_weighs_strata_equally() -> None:
    """Two strata of 2 and 3 scores: mean of the means, with Cochran's standard error."""
    r = stratified_mean(["a", "a", "b", "b", "b"], [1.0, 2.0, 3.0, 4.0, 5.0])
    assert r.strata == ("a", "b")
    assert r.means.tolist() == [1.5, 4.0]
    assert r.counts.tolist() == [2, 3]
    assert r.mean == 2.75
    # se = (1/2) sqrt(0.5/2 + 1/3)
    assert r.interval.se == pytest.approx(0.5 * math.sqrt(0.5 / 2 + 1 / 3))
    a = np.array([0.5 / 2, 1 / 3])
    assert r.interval.df == pytest.approx(a.sum() ** 2 / (a[0] ** 2 / 1 + a[1] ** 2 / 2))


@given(scores)
def test_one_stratum_is_the_plain_interval(values: list[float]) -> None:
    """With a single stratum the stratified figures are the t-interval's."""
    s = stratified_mean(["x"] * len(values), values).interval
    t = t_interval(values)
    assert s.mean == t.mean
    assert s.df == pytest.approx(t.df, rel=1e-12)
    assert s.se == pytest.approx(t.se, rel=1e-12, abs=1e-300)


def test_singleton_stratum_has_no_standard_error() -> None:
    """A stratum with one score has no variance: the se and interval are NaN."""
    r = stratified_mean(["a", "b", "b"], [1.0, 2.0, 3.0])
    assert r.mean == 1.75
    assert math.isnan(r.interval.se)
