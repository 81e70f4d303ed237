"""Crowd aggregation: Metaculus' test vector, published examples and identities."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy import stats  # type: ignore[import-untyped]

from forecastcheck.crowd import crowd_aggregate, geometric_mean_pmf, neyman_extremizing_factor
from forecastcheck.scoring import ScoringInputError

inner = st.floats(0.01, 0.99)


def test_metaculus_geometric_means() -> None:
    """Metaculus' test_get_geometric_means: 0.7, 0.8, 0.9 -> pmf (0.18171206, 0.79581144)."""
    # Metaculus/metaculus tests/unit/test_scoring/test_score_math.py, "maths" case: the
    # component-wise scipy gmean of the pmfs (1 - p, p), not renormalised.
    p = np.array([0.7, 0.8, 0.9])
    questions, pooled, n = geometric_mean_pmf(["q"] * 3, np.column_stack([1 - p, p]))
    assert questions.tolist() == ["q"]
    assert n.tolist() == [3]
    assert np.round(pooled[0], 8).tolist() == [0.18171206, 0.79581144]
    assert crowd_aggregate(["q"] * 3, p, "geometric_mean").p[0] == pytest.approx(0.79581144)
    _, normalized, _ = geometric_mean_pmf(["q"] * 3, np.column_stack([1 - p, p]), normalize=True)
    assert normalized[0].sum() == pytest.approx(1.0)


def test_metaculus_numeric_geometric_means() -> None:
    """Metaculus' numeric case: three cdfs -> pmf (0.36342412, 0.18171206, 0.18171206, 0.2)."""
    cdfs = np.array([[0.2, 0.5, 0.8], [0.4, 0.6, 0.8], [0.6, 0.7, 0.8]])
    pmfs = np.diff(np.column_stack([np.zeros(3), cdfs, np.ones(3)]), axis=1)
    _, pooled, _ = geometric_mean_pmf([1, 1, 1], pmfs)
    assert np.round(pooled[0], 8).tolist() == [0.36342412, 0.18171206, 0.18171206, 0.2]


def test_sevilla_geometric_mean_of_odds() -> None:
    """Sevilla (2021): 1.40%, 2.21%, 0.39%, 0.40% pool to 1.10% (mean) and odds 1:118 (0.84%)."""
    p = [0.014, 0.0221, 0.0039, 0.004]
    assert crowd_aggregate([0] * 4, p, "mean").p[0] == pytest.approx(0.0110, abs=1e-4)
    g = crowd_aggregate([0] * 4, p, "geometric_mean_odds").p[0]
    assert g == pytest.approx(0.0084, abs=1e-4)
    assert (1 - g) / g == pytest.approx(118, abs=1)


def test_neyman_factor() -> None:
    """d(1) = 1, d(2) = 2(sqrt(7) - 2), and d(n) -> sqrt(3) (about 1.73 past n = 50)."""
    d = neyman_extremizing_factor([1, 2, 51, 10**6])
    assert d[0] == 1.0
    assert d[1] == pytest.approx(2 * (math.sqrt(7) - 2))
    assert d[2] == pytest.approx(1.73, abs=0.02)
    assert d[3] == pytest.approx(math.sqrt(3), abs=1e-5)


def test_methods_by_question() -> None:
    """Each question is pooled on its own; scipy's trim_mean and gmean are used as defined."""
    q = ["a"] * 10 + ["b"] * 2
    p = np.concatenate([np.arange(10) / 20 + 0.01, [0.2, 0.6]])
    med = crowd_aggregate(q, p, "median").as_dict()
    assert med == pytest.approx({"a": np.median(p[:10]), "b": 0.4})
    tm = crowd_aggregate(q, p, "trimmed_mean", trim=0.1).p
    assert tm[0] == pytest.approx(stats.trim_mean(p[:10], 0.1))
    assert tm[1] == pytest.approx(0.4)
    assert crowd_aggregate(q, p, "geometric_mean").p[1] == pytest.approx(math.sqrt(0.12))
    agg = crowd_aggregate(q, p, "mean")
    assert agg.n.tolist() == [10, 2]
    assert agg.n_omitted.tolist() == [0, 0]


def test_extremized_single_forecaster_unchanged() -> None:
    """With Neyman's factor a lone forecast is left as it is; a fixed d extremizes it."""
    assert crowd_aggregate(["x"], [0.7], "extremized_mean_odds").p[0] == pytest.approx(0.7)
    r = crowd_aggregate(["x"], [0.7], "extremized_mean_odds", extremize=2.0)
    assert r.p[0] == pytest.approx(0.49 / (0.49 + 0.09))
    assert r.extremize is not None
    assert r.extremize.tolist() == [2.0]


@given(st.lists(inner, min_size=1, max_size=12))
def test_odds_pooling_symmetric(p: list[float]) -> None:
    """Pooling odds treats yes and no alike: pool(1 - p) = 1 - pool(p)."""
    for method in ("geometric_mean_odds", "extremized_mean_odds"):
        a = crowd_aggregate([0] * len(p), p, method).p[0]
        b = crowd_aggregate([0] * len(p), 1 - np.array(p), method).p[0]
        assert a == pytest.approx(1 - b, abs=1e-12)


@given(st.lists(inner, min_size=1, max_size=12))
def test_all_methods_within_the_range(p: list[float]) -> None:
    """Non-extremizing pools lie between the smallest and largest forecast."""
    for method in ("median", "mean", "trimmed_mean", "geometric_mean", "geometric_mean_odds"):
        v = crowd_aggregate([0] * len(p), p, method).p[0]
        assert min(p) - 1e-12 <= v <= max(p) + 1e-12


def test_certainty_is_not_clipped() -> None:
    """0 and 1 pass through unclipped; both on one question have no pooled odds."""
    assert crowd_aggregate([0, 0], [0.0, 0.5], "geometric_mean_odds").p[0] == 0.0
    assert crowd_aggregate([0, 0], [0.0, 0.5], "geometric_mean").p[0] == 0.0
    with pytest.raises(ScoringInputError, match="both 0 and 1"):
        crowd_aggregate([0, 0], [0.0, 1.0], "geometric_mean_odds")


def test_nan_policy_and_bad_input() -> None:
    """NaN raises unless omitted (then counted per question); bad options are errors."""
    with pytest.raises(ScoringInputError, match="NaN"):
        crowd_aggregate([0, 0], [0.5, math.nan])
    r = crowd_aggregate([0, 0, 1], [0.5, math.nan, math.nan], nan_policy="omit")
    assert r.n.tolist() == [1, 0]
    assert r.n_omitted.tolist() == [1, 1]
    assert r.p[0] == 0.5
    assert math.isnan(r.p[1])
    with pytest.raises(ScoringInputError, match="method"):
        crowd_aggregate([0], [0.5], "mode")  # type: ignore[arg-type]
    with pytest.raises(ScoringInputError, match="outside"):
        crowd_aggregate([0], [1.5])
    with pytest.raises(ScoringInputError, match="extremize"):
        crowd_aggregate([0], [0.5], "extremized_mean_odds", extremize=-1.0)
