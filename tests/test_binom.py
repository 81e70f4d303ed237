"""The reliability bands' binomial quantile: scipy's numbers, counted in numpy where sure."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats  # type: ignore[import-untyped]
from scipy.special import _ufuncs  # type: ignore[import-untyped]

from forecastcheck.calibration import _binom

GRID = [k / 20 for k in range(21)] + [0.01, 0.99, 0.125, 1 / 3, 0.875]


def _scipy(q: float, n: np.ndarray, p: np.ndarray) -> np.ndarray:
    """scipy.stats.binom.ppf, the reference."""
    return np.asarray(stats.binom.ppf(q, n, p), dtype=np.float64)


_probabilities = (
    st.floats(0.0, 1.0)
    | st.sampled_from(GRID)
    | st.floats(1e-12, 1e-3)
    | st.floats(1e-12, 1e-3).map(lambda x: 1.0 - x)
)
_levels = st.sampled_from([0.0, 1.0, 0.05, 0.95, 0.025, 0.975, 0.5, 1e-9, 1 - 1e-9]) | st.floats(
    1e-6, 1 - 1e-6
)  # (Boost warns of levels as small as 5e-324: left out)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.tuples(st.integers(1, 3000), _probabilities), min_size=1, max_size=12),
    st.lists(_levels, min_size=1, max_size=3),
)
def test_the_quantiles_are_scipys(cells: list[tuple[int, float]], levels: list[float]) -> None:
    """Random counts, probabilities (ties, tails, ends) and levels: binom.ppf's numbers exactly."""
    n = np.array([c for c, _ in cells], dtype=np.int64)
    p = np.array([x for _, x in cells])
    got = _binom.ppf(tuple(levels), n, p)
    for q, quantile in zip(levels, got, strict=True):
        assert np.array_equal(quantile, _scipy(q, n, p), equal_nan=True)


@settings(max_examples=100, deadline=None)
@given(st.integers(1, 10**6), st.floats(1e-9, 1 - 1e-9), _levels.filter(lambda q: 0 < q < 1))
def test_a_sure_count_is_boosts(n: int, p: float, q: float) -> None:
    """Wherever the count is called sure it is the ufunc's answer, up to a million forecasts."""
    ((counted, sure),) = _binom._counted((q,), np.array([float(n)]), np.array([p]))
    if sure[0]:
        assert counted[0] == _ufuncs._binom_ppf(q, float(n), p)


def test_the_ends_and_bad_probabilities() -> None:
    """q = 0 gives -1, q = 1 gives n; p = 0 gives 0, p = 1 gives n; p outside [0, 1] is NaN."""
    n = np.array([4, 4, 4, 4, 7])
    p = np.array([0.0, 1.0, -0.1, np.nan, 0.5])
    low, mid, high = _binom.ppf((0.0, 0.3, 1.0), n, p)
    assert low.tolist()[:2] == [-1.0, -1.0]
    assert low[4] == -1.0
    assert mid.tolist()[:2] == [0.0, 4.0]
    assert mid[4] == 3.0
    assert high.tolist()[:2] == [4.0, 4.0]
    assert high[4] == 7.0
    for out in (low, mid, high):
        assert np.isnan(out[2])
        assert np.isnan(out[3])


def test_golden_bands() -> None:
    """Hand-checked quantiles: Binomial(10, 0.5) at 5% and 95% is 2 and 8; (1, 0.3) is 0 and 1."""
    low, high = _binom.ppf((0.05, 0.95), np.array([10, 1, 100]), np.array([0.5, 0.3, 0.02]))
    assert low.tolist() == [2.0, 0.0, 0.0]
    assert high.tolist() == [8.0, 1.0, 5.0]  # P(X <= 4) = 0.9492 for (100, 0.02)


def test_a_near_tie_asks_scipy(monkeypatch: pytest.MonkeyPatch) -> None:
    """One forecast of 95% at the 5% level is a tie to 4e-17: scipy decides it; others do not."""
    asked: list[int] = []
    scipy_ppf = _binom._scipy_ppf

    def counting(q: float, n: np.ndarray, p: np.ndarray) -> np.ndarray:
        asked.append(n.size)
        return scipy_ppf(q, n, p)

    monkeypatch.setattr(_binom, "_scipy_ppf", counting)
    (low,) = _binom.ppf((0.05,), np.array([1, 5]), np.array([0.95, 0.4]))
    assert asked == [1]  # the tie only
    assert low.tolist() == _scipy(0.05, np.array([1, 5]), np.array([0.95, 0.4])).tolist()
    asked.clear()
    _binom.ppf((0.05, 0.95), np.array([30, 7, 2]), np.array([0.31, 0.62, 0.5]))
    assert asked == []


def test_counts_past_the_most_go_to_scipy() -> None:
    """Over a million forecasts in a bin: scipy's quantile, still the same numbers."""
    n = np.array([_binom.MOST + 1, 3])
    p = np.array([0.3, 0.3])
    ((_, sure),) = _binom._counted((0.05,), n.astype(np.float64), p)
    assert sure.tolist() == [False, True]
    assert _binom.ppf((0.05,), n, p)[0].tolist() == _scipy(0.05, n, p).tolist()
