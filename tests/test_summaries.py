"""Grouped summaries of any per-forecast score: exact, mergeable, counted."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from forecastcheck.aggregate import ScoreTotals, merge_by, score_totals_by, summarize_by
from forecastcheck.scoring import (
    ScoringInputError,
    summarize,
    summarize_binary,
    weighted_interval_score,
)

values = st.one_of(
    st.floats(-1e6, 1e6, allow_nan=False), st.just(math.nan), st.just(math.inf), st.just(-math.inf)
)


@st.composite
def grouped(draw: st.DrawFn) -> tuple[np.ndarray, np.ndarray]:
    """Keys from a few groups and scores with NaN and infinities among them."""
    n = draw(st.integers(0, 60))
    keys = np.array(draw(st.lists(st.sampled_from(["a", "b", "c"]), min_size=n, max_size=n)))
    scores = np.array(draw(st.lists(values, min_size=n, max_size=n)), dtype=float)
    return keys, scores


def test_wis_by_model() -> None:
    """WIS per model: counts and means of the scoringutils test rows, grouped."""
    y = [1, -15, 22]
    q = [[-1, 0, 1, 2, 3], [-2, 1, 2, 2, 4], [-2, 0, 3, 3, 4]]
    wis = weighted_interval_score(q, [0.1, 0.25, 0.5, 0.75, 0.9], y)
    out = summarize_by(["m1", "m2", "m1"], wis, rule="wis")
    assert out["m1"].n == 2
    assert out["m1"].mean == pytest.approx((0.36 + 19.14) / 2)
    assert out["m2"].rule == "wis"
    assert out["m2"].mean == pytest.approx(15.34)


@given(grouped())
def test_each_group_is_summarize_of_its_scores(data: tuple[np.ndarray, np.ndarray]) -> None:
    """Per key, the summary equals summarize() of that key's scores (counts and exact mean)."""
    keys, scores = data
    out = summarize_by(keys, scores, rule="s")
    assert sorted(map(str, out)) == sorted(set(keys.tolist()))
    for key, summary in out.items():
        expected = summarize(scores[keys == key], rule="s")
        assert summary.n == expected.n
        assert summary.n_omitted == expected.n_omitted
        assert summary.n_infinite == expected.n_infinite
        assert summary.mean == expected.mean or (
            math.isnan(summary.mean) and math.isnan(expected.mean)
        )


@given(grouped(), st.integers(1, 7))
def test_chunked_equals_whole(data: tuple[np.ndarray, np.ndarray], chunk: int) -> None:
    """Totals of chunks merged (in reverse) equal the totals of the whole, exactly."""
    keys, scores = data
    whole = score_totals_by(keys, scores)
    parts = [
        score_totals_by(keys[i : i + chunk], scores[i : i + chunk])
        for i in range(0, keys.size, chunk)
    ]
    assert merge_by(*reversed(parts)) == whole


def test_exact_sum_and_single_totals() -> None:
    """The exact sum is the rational sum of the floats; from_scores holds one group."""
    t = ScoreTotals.from_scores([0.1, 0.2, math.nan])
    assert t.exact_sum == pytest.approx(0.3)
    assert (t.n, t.n_omitted) == (2, 1)
    assert t.summary("brier").mean == summarize([0.1, 0.2]).mean
    assert ScoreTotals.from_scores([]) == ScoreTotals()


def test_binary_scores_agree_with_summarize_binary() -> None:
    """Grouping Brier scores gives summarize_binary's figures per group."""
    rng = np.random.default_rng(2)
    p = rng.random(500)
    y = rng.random(500) < p
    keys = rng.choice(["x", "y"], 500)
    from forecastcheck.scoring import brier

    out = summarize_by(keys, brier(p, y), rule="brier")
    for key in ("x", "y"):
        assert out[key] == summarize_binary(p[keys == key], y[keys == key])


def test_misaligned_keys_rejected() -> None:
    """Keys must be one per score."""
    with pytest.raises(ScoringInputError, match="one entry per score"):
        summarize_by(["a"], [1.0, 2.0])
