"""Mergeable partial results: chunked input gives exactly the whole-array figures."""

from __future__ import annotations

import itertools
import math

import attrs
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from forecastcheck.aggregate import (
    BinaryAccumulator,
    BinaryReport,
    aggregate_by,
    merge_by,
    merge_partials,
    partials_by,
)
from forecastcheck.calibration import murphy, reliability_table
from forecastcheck.scoring import ScoringInputError, summarize_binary


def _same(u: object, v: object) -> bool:
    """Equality that treats NaN as equal to NaN."""
    if isinstance(u, float) and isinstance(v, float) and math.isnan(u) and math.isnan(v):
        return True
    return u == v


def _same_report(a: BinaryReport, b: BinaryReport) -> bool:
    """Bitwise equality of two reports (NaN, e.g. of empty bins, equal to NaN)."""
    for name in ("brier", "log", "spherical", "misclassification"):
        x, y = attrs.astuple(getattr(a, name)), attrs.astuple(getattr(b, name))
        if not all(_same(u, v) for u, v in zip(x, y, strict=True)):
            return False
    if (a.n, a.n_omitted, a.murphy) != (b.n, b.n_omitted, b.murphy):
        return False
    for bin_a, bin_b in zip(a.reliability.bins, b.reliability.bins, strict=True):
        pairs = zip(attrs.astuple(bin_a), attrs.astuple(bin_b), strict=True)
        if not all(_same(u, v) for u, v in pairs):
            return False
    return True


@st.composite
def chunked(draw: st.DrawFn) -> tuple[np.ndarray, np.ndarray, list[int]]:
    """Forecasts, outcomes and cut points splitting them into chunks."""
    n = draw(st.integers(1, 80))
    p = np.array(
        draw(
            st.lists(
                st.one_of(st.floats(0.0, 1.0), st.sampled_from([0.0, 0.1, 0.5, 0.7, 1.0])),
                min_size=n,
                max_size=n,
            )
        )
    )
    y = np.array(draw(st.lists(st.booleans(), min_size=n, max_size=n)))
    cuts = sorted(draw(st.lists(st.integers(0, n), max_size=5)))
    return p, y, cuts


class TestChunking:
    @pytest.mark.parametrize("bins", [10, "unique", [0.0, 0.2, 0.5, 1.0]])
    @given(data=chunked())
    def test_chunked_equals_whole(
        self, bins: int | str | list[float], data: tuple[np.ndarray, np.ndarray, list[int]]
    ) -> None:
        """Merging partials of any split, in any order, equals the whole bit for bit."""
        p, y, cuts = data
        whole = BinaryAccumulator.from_forecasts(p, y, bins).finish()  # type: ignore[arg-type]
        edges = [0, *cuts, p.size]
        parts = [
            BinaryAccumulator.from_forecasts(p[a:b], y[a:b], bins)  # type: ignore[arg-type]
            for a, b in itertools.pairwise(edges)
        ]
        assert _same_report(merge_partials(parts).finish(), whole)
        assert _same_report(merge_partials(parts[::-1]).finish(), whole)

    def test_whole_equals_the_public_functions(self) -> None:
        """The accumulator's figures are exactly those of the per-figure public functions."""
        rng = np.random.default_rng(4)
        p = rng.random(5000)
        p[::5] = np.round(p[::5], 1)
        y = rng.random(5000) < p
        r = BinaryAccumulator.from_forecasts(p, y, 10).finish()
        assert r.brier == summarize_binary(p, y, "brier")
        assert r.log == summarize_binary(p, y, "log")
        assert r.spherical == summarize_binary(p, y, "spherical")
        assert r.misclassification == summarize_binary(p, y, "misclassification")
        assert r.reliability == reliability_table(p, y, 10)
        assert r.murphy == murphy(p, y, 10)

    def test_float_figures_agree_with_naive_means(self) -> None:
        """The exact means agree with numpy's float means to rounding (np.isclose)."""
        rng = np.random.default_rng(8)
        p = rng.random(10_000)
        y = rng.random(10_000) < p
        r = BinaryAccumulator.from_forecasts(p, y).finish()
        assert np.isclose(r.brier.mean, np.mean((p - y) ** 2), rtol=1e-14, atol=0)

    def test_infinite_log_counted_across_chunks(self) -> None:
        """Wrong certainties stay counted through merging."""
        a = BinaryAccumulator.from_forecasts([0.0, 0.5], [1, 1])
        b = BinaryAccumulator.from_forecasts([1.0], [0])
        r = a.merge(b).finish()
        assert (r.log.n_infinite, r.log.mean) == (2, math.inf)

    def test_different_bins_refuse_to_merge(self) -> None:
        """Partials binned differently cannot be merged."""
        with pytest.raises(ScoringInputError, match="different bins"):
            BinaryAccumulator.from_forecasts([0.5], [1], 10).merge(
                BinaryAccumulator.from_forecasts([0.5], [1], 5)
            )

    def test_empty_is_identity(self) -> None:
        """The empty accumulator merges as the identity."""
        a = BinaryAccumulator.from_forecasts([0.2, 0.9], [0, 1])
        assert _same_report(BinaryAccumulator.empty().merge(a).finish(), a.finish())


class TestAggregateBy:
    def test_groups_equal_separate_runs(self) -> None:
        """aggregate_by gives each key the figures of its own forecasts."""
        rng = np.random.default_rng(6)
        keys = rng.choice(["econ", "politics", "sport"], 300)
        p = rng.random(300)
        y = rng.random(300) < p
        out = aggregate_by(keys, p, y)
        assert list(out) == ["econ", "politics", "sport"]
        for k, rep in out.items():
            sel = keys == k
            assert _same_report(rep, BinaryAccumulator.from_forecasts(p[sel], y[sel]).finish())

    def test_map_reduce_by_key(self) -> None:
        """Per-key partials of two chunks, merged key by key, equal the whole."""
        rng = np.random.default_rng(7)
        keys = rng.integers(2020, 2024, 400)
        p = rng.random(400)
        y = rng.random(400) < p
        merged = merge_by(
            partials_by(keys[:150], p[:150], y[:150]), partials_by(keys[150:], p[150:], y[150:])
        )
        whole = aggregate_by(keys, p, y)
        assert set(merged) == set(whole)
        for k in whole:
            assert _same_report(merged[k].finish(), whole[k])

    def test_omitted_counted_per_key(self) -> None:
        """Omitted forecasts are counted in their key's report."""
        out = aggregate_by(["a", "a", "b"], [0.5, math.nan, 0.2], [1, 0, 0], nan_policy="omit")
        assert (out["a"].n, out["a"].n_omitted, out["b"].n_omitted) == (1, 1, 0)
