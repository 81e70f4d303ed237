"""The streamed grouped exact sums (``_exact.GroupedSums``) against the rational sums."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from forecastcheck.scoring import ScoringInputError, _exact

_FLOATS = st.floats(allow_nan=False, allow_infinity=False) | st.sampled_from(
    [5e-324, -5e-324, 2.2250738585072014e-308, 1.7976931348623157e308, -0.0, 1.0, 0.1]
)


@given(
    st.lists(st.tuples(_FLOATS, st.integers(0, 3)), max_size=60),
    st.lists(st.integers(0, 60), max_size=4),
)
def test_chunked_grouped_sums_are_the_rational_sums(
    rows: list[tuple[float, int]], cuts: list[int]
) -> None:
    """Added in any chunks, each group's total is exactly the rational sum of its values."""
    values = np.array([v for v, _ in rows], dtype=np.float64)
    groups = np.array([g for _, g in rows], dtype=np.intp)
    acc = _exact.GroupedSums()
    for part in np.split(np.arange(values.size), sorted(min(c, values.size) for c in cuts)):
        acc.add(values[part], groups[part], 4)
    expected = [sum((Fraction(v) for v, g in rows if g == k), Fraction(0)) for k in range(4)]
    assert [_exact.to_fraction(t) for t in acc.totals()] == expected


def test_grouped_sums_equal_sums_on_a_million_probabilities() -> None:
    """On 10**6 values in 2000 groups, added in 3 chunks, the totals are those of sums()."""
    rng = np.random.default_rng(5)
    x = rng.random(1_000_000) ** 3
    g = rng.integers(0, 2000, x.size).astype(np.intp)
    acc = _exact.GroupedSums()
    for part in np.array_split(np.arange(x.size), 3):
        acc.add(x[part], g[part], 2000)
    assert acc.totals() == _exact.sums(x, g, 2000)


def test_grouped_sums_flush_before_a_float_cell_could_round(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """With a flush every 4 values, 10 equal values still sum exactly (totals from Python ints)."""
    monkeypatch.setattr(_exact, "_FLUSH_ROWS", 4)
    acc = _exact.GroupedSums()
    x = np.full(10, 1.0 - 2**-53)
    acc.add(x, np.zeros(10, dtype=np.intp), 1)
    assert _exact.to_fraction(acc.totals()[0]) == 10 * Fraction(1.0 - 2**-53)


def test_grouped_sums_refuse_non_finite_values() -> None:
    """A NaN or infinity is an error, not a silent skip."""
    with pytest.raises(ScoringInputError, match="non-finite"):
        _exact.GroupedSums().add(np.array([1.0, np.inf]), np.zeros(2, dtype=np.intp), 1)


def test_many_groups_take_the_sparse_path_with_the_same_sums(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Past the cell budget (many groups), the totals are still exactly those of sums()."""
    monkeypatch.setattr(_exact, "_MAX_CELLS", 256)
    monkeypatch.setattr(_exact, "_SPARSE_ROWS", 7)
    rng = np.random.default_rng(8)
    x = rng.random(500) ** 5
    g = rng.integers(0, 300, x.size).astype(np.intp)
    acc = _exact.GroupedSums()
    g[:100] %= 3
    acc.add(x[:100], g[:100], 3)  # few groups: the dense cells
    acc.add(x[100:], g[100:], 300)  # then many: the sparse path, merged with the cells
    assert acc.totals() == _exact.sums(x, g, 300)
    assert acc._cells.shape[1] <= 3  # the cells never grew to 300 groups
