"""Binary inputs are checked alike whole and in chunks: every NaN, infinity and value out of range.

The checks find a NaN from one min and one max of ``p`` (:func:`_validate.extremes`);
these tests put one bad value at the ends of arrays around the compiled sweep's
1024-forecast blocks and its 8192 boundary, so that any weaker check (a NaN or a
bound looked for in part of the array, or not at all) fails them.
"""

from __future__ import annotations

import math
from collections.abc import Iterator

import numpy as np
import pytest

from forecastcheck.aggregate import BinaryAccumulator
from forecastcheck.scoring import ScoringInputError, _validate, brier

SIZES = [1, 2, 1023, 1024, 1025, 8191, 8192, 8193]
BAD_P = [math.nan, math.inf, -math.inf, 1.0 + 2**-52, -5e-324]
BAD_Y_FLOAT = [math.nan, math.inf, -math.inf, 0.5, 2.0, -1.0]
BAD_Y_INT = [2, -1, 255]


def _places(n: int) -> Iterator[int]:
    """The first, last and block-edge positions of an array of ``n`` values."""
    yield from sorted({0, n - 1, *(i for i in (1023, 1024, 8191, 8192) if i < n)})


def _good(n: int, y_dtype: str) -> tuple[np.ndarray, np.ndarray]:
    p = np.linspace(0.0, 1.0, n)
    y = (np.arange(n) % 2).astype(y_dtype)
    return p, y


def _error(p: np.ndarray, y: np.ndarray, nan_policy: str = "raise") -> str:
    with pytest.raises(ScoringInputError) as info:
        _validate.binary_inputs(p, y, nan_policy)
    return str(info.value)


@pytest.mark.parametrize("n", SIZES)
@pytest.mark.parametrize("bad", BAD_P)
def test_one_bad_probability_anywhere_is_found_at_its_index(n: int, bad: float) -> None:
    """A NaN, infinite or out-of-range p at any block edge is an error naming p and its index."""
    for i in _places(n):
        p, y = _good(n, "float64")
        p[i] = bad
        message = _error(p, y)
        assert message.startswith("p: 1 value ")
        assert f"first at flat index {i} " in message


@pytest.mark.parametrize("n", SIZES)
@pytest.mark.parametrize(
    ("bad", "dtype"), [(v, "float64") for v in BAD_Y_FLOAT] + [(v, "int64") for v in BAD_Y_INT]
)
def test_one_bad_outcome_anywhere_is_found_at_its_index(n: int, bad: float, dtype: str) -> None:
    """A NaN, infinite or non-0/1 y, float or integer, at any block edge names y and its index."""
    for i in _places(n):
        p, y = _good(n, dtype)
        y[i] = bad
        message = _error(p, y)
        assert message.startswith("y: 1 value ")
        assert f"first at flat index {i} " in message


@pytest.mark.parametrize("n", [1023, 8193])
def test_omitting_nan_leaves_the_range_checked(n: int) -> None:
    """Under nan_policy='omit' a NaN is omitted, but an infinity or a p above 1 still fails."""
    p, y = _good(n, "float64")
    p[0], y[n - 1] = math.nan, math.nan
    *_, mask = _validate.binary_inputs(p, y, "omit")
    assert mask is not None
    assert np.flatnonzero(mask).tolist() == [0, n - 1]
    for bad in (math.inf, 1.0 + 2**-52, -5e-324):
        q = p.copy()
        q[n // 2] = bad
        assert f"first at flat index {n // 2} " in _error(q, y, "omit")
    z = y.copy()
    z[n // 2] = math.inf
    assert _error(p, z, "omit").startswith("y: 1 value not 0 or 1")


def test_only_nan_probabilities_are_all_omitted() -> None:
    """p all NaN under 'omit' is every forecast omitted, no range error."""
    p = np.full(1025, math.nan)
    *_, mask = _validate.binary_inputs(p, np.zeros(1025), "omit")
    assert mask is not None
    assert bool(mask.all())


@pytest.mark.parametrize("chunk", [1024, 8192])
def test_a_bad_value_fails_its_chunk_alone(chunk: int) -> None:
    """Scored in chunks, only the chunk holding the bad value fails, at its index there."""
    n = 2 * chunk + 1
    for bad_p in (math.nan, math.inf, 1.5):
        p, y = _good(n, "int8")
        p[chunk] = bad_p
        outcomes = []
        for start in range(0, n, chunk):
            try:
                BinaryAccumulator.from_forecasts(p[start : start + chunk], y[start : start + chunk])
                outcomes.append("ok")
            except ScoringInputError as exc:
                outcomes.append(str(exc).split(";")[1].strip())
        assert outcomes == ["ok", "first at flat index 0 " + f"({bad_p!r})", "ok"]
        with pytest.raises(ScoringInputError, match=f"first at flat index {chunk} "):
            brier(p, y)


def test_extremes_and_nan_mask_are_one_check() -> None:
    """nan_mask is extremes' mask; the bounds are the array's min and max, (0, 0) when empty."""
    p = np.array([0.25, math.nan, 0.75])
    mask, lo, hi = _validate.extremes(p)
    assert mask is not None
    assert mask.tolist() == [False, True, False]
    assert math.isnan(lo)
    assert math.isnan(hi)
    assert _validate.nan_mask(p) is not None
    assert _validate.extremes(np.array([0.25, 0.75])) == (None, 0.25, 0.75)
    assert _validate.extremes(np.empty(0)) == (None, 0.0, 0.0)
