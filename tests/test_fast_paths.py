"""The fast paths give exactly the figures of the plain ones: the compiled sweep, CORP from counts."""

from __future__ import annotations

import contextlib
import subprocess
import sys
from collections.abc import Iterator

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from forecastcheck.aggregate import BinaryAccumulator
from forecastcheck.calibration import corp
from forecastcheck.scoring import (
    ScoringInputError,
    _exact,
    _fused,
    brier,
    log_score,
    misclassification,
)

# values that sit on bin edges, at the ends, at 50%, below 1/16 and among the subnormals
_SPECIAL = [0.0, -0.0, 1.0, 0.5, 0.7, 0.3, 0.1, 0.9, 0.0625, 0.06, 1e-300, 5e-324, 1 - 2**-53]
probs = st.one_of(st.sampled_from(_SPECIAL), st.floats(0.0, 1.0, allow_nan=False))


@st.composite
def forecasts(draw: st.DrawFn, max_size: int = 60) -> tuple[np.ndarray, np.ndarray]:
    """Binary forecasts (special values included) and outcomes."""
    n = draw(st.integers(0, max_size))
    p = np.array(draw(st.lists(probs, min_size=n, max_size=n)), dtype=np.float64)
    y = np.array(draw(st.lists(st.booleans(), min_size=n, max_size=n)), dtype=bool)
    return p, y


@contextlib.contextmanager
def _compiled(on: bool) -> Iterator[None]:
    saved = _fused.MIN_SIZE
    _fused.MIN_SIZE = 0 if on else sys.maxsize
    try:
        yield
    finally:
        _fused.MIN_SIZE = saved


def _fields(acc: BinaryAccumulator) -> tuple[object, ...]:
    b = acc.bins
    return (
        b.edges.tolist(),
        b.count.tolist(),
        b.sum_p,
        b.sum_brier,
        b.n_omitted,
        acc.log_total,
        acc.log_infinite,
        acc.spherical_total,
        acc.misclassification_halves,
    )


@pytest.mark.parametrize("bins", [10, 7, [0.0, 0.25, 0.7, 1.0]])
@settings(max_examples=60, deadline=None)
@given(data=forecasts())
def test_compiled_sweep_equals_the_numpy_path(
    data: tuple[np.ndarray, np.ndarray], bins: int | list[float]
) -> None:
    """With numba, the compiled sweep's counts and exact sums equal numpy's, bit for bit."""
    pytest.importorskip("numba")
    p, y = data
    with _compiled(False):
        plain = BinaryAccumulator.from_forecasts(p, y, bins)
    with _compiled(True):
        fast = BinaryAccumulator.from_forecasts(p, y, bins)
    assert _fields(fast) == _fields(plain)


def test_compiled_sweep_runs_when_numba_is_installed() -> None:
    """Above MIN_SIZE the accumulator takes the compiled sweep (so the test above compares two paths)."""
    pytest.importorskip("numba")
    p = np.linspace(0.0, 1.0, 11)
    with _compiled(True):
        assert _fused.binary_sums(p, p > 0.5, np.arange(11) / 10, True) is not None
    with _compiled(False):
        assert _fused.binary_sums(p, p > 0.5, np.arange(11) / 10, True) is None


def test_chunked_equals_whole_on_the_compiled_path() -> None:
    """Chunks merged on the compiled path give the whole set's figures (exactness kept)."""
    pytest.importorskip("numba")
    rng = np.random.default_rng(3)
    p = rng.random(3000)
    y = rng.random(3000) < p
    with _compiled(True):
        whole = BinaryAccumulator.from_forecasts(p, y)
        head = BinaryAccumulator.from_forecasts(p[:700], y[:700])
        tail = BinaryAccumulator.from_forecasts(p[700:], y[700:])
    merged = head.merge(tail)
    assert _fields(merged) == _fields(whole)
    assert merged.finish() == whole.finish()


def test_importing_forecastcheck_does_not_import_numba() -> None:
    """numba (and scipy.stats, scipy.optimize) load only when a figure needs them."""
    script = "import sys, forecastcheck.aggregate, forecastcheck.calibration\nprint(*sys.modules)"
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    heavy = {"numba", "scipy.stats", "scipy.optimize"}
    assert heavy.isdisjoint(done.stdout.split())


@settings(max_examples=80, deadline=None)
@given(
    st.lists(st.tuples(st.floats(0.0, 1e6, allow_nan=False), st.integers(0, 10**12)), max_size=30),
    st.booleans(),
)
def test_weighted_sum_is_the_sum_of_the_repeated_values(
    pairs: list[tuple[float, int]], many: bool
) -> None:
    """weighted_sum(values, counts) is the exact sum of each value written out count times."""
    values = np.array([v for v, _ in pairs], dtype=np.float64)
    counts = np.array([c for _, c in pairs], dtype=np.int64)
    expected = sum(
        (int(c) * _exact.to_fraction(_exact.sums(np.array([v]))[0]) for v, c in pairs), 0
    )
    if many:  # the repeat-and-sum branch, on counts small enough to write out
        counts %= 50
        expected = _exact.to_fraction(_exact.sums(np.repeat(values, counts))[0])
        saved = _exact._FEW
        _exact._FEW = -1
        try:
            got = _exact.weighted_sum(values, counts)
        finally:
            _exact._FEW = saved
    else:
        got = _exact.weighted_sum(values, counts)
    assert _exact.to_fraction(got) == expected


_SCORES = {"brier": brier, "log": log_score, "misclassification": misclassification}


@settings(max_examples=60, deadline=None)
@given(
    forecasts(max_size=50).filter(lambda d: d[0].size > 0),
    st.sampled_from(sorted(_SCORES)),
    st.booleans(),
)
def test_corp_from_counts_equals_scoring_every_forecast(
    data: tuple[np.ndarray, np.ndarray], score: str, rounded: bool
) -> None:
    """CORP's means from per-value counts equal those of scoring each forecast (a callable score)."""
    p, y = data
    if rounded:  # many repeated values, and so few PAV blocks
        p = np.round(p, 1)
    fn = _SCORES[score]
    fast = corp(p, y, score)  # type: ignore[arg-type]
    plain = corp(p, y, fn)  # a callable: every forecast scored
    for field in ("n", "mean_score", "recalibrated_score", "unc", "mcb", "dsc", "n_infinite"):
        a, b = getattr(fast, field), getattr(plain, field)
        assert a == b or (np.isnan(a) and np.isnan(b)), field
    assert fast.x.tolist() == plain.x.tolist()
    assert fast.x_count.tolist() == plain.x_count.tolist()
    assert fast.x_count.dtype == plain.x_count.dtype
    assert np.array_equal(fast.recalibrated, plain.recalibrated)


def _edge_values(rng: np.random.Generator, n: int) -> np.ndarray:
    """Forecasts on and beside every bin edge k/10 and k/7, at the ends, tiny and random."""
    edges = np.concatenate([np.arange(11) / 10, np.arange(8) / 7, [0.25, 0.7, 0.0625, 0.5]])
    beside = np.concatenate([edges, np.nextafter(edges, 0.0), np.nextafter(edges, 1.0)])
    special = np.concatenate([beside, _SPECIAL, [2.0**-1074, 2.0**-60, 1 - 2.0**-52]])
    p = np.where(rng.random(n) < 0.5, rng.choice(special, n), rng.random(n))
    return np.clip(p, 0.0, 1.0)


@pytest.mark.parametrize("bins", [10, 7, [0.0, 0.25, 0.7, 1.0]])
def test_compiled_sweep_equals_numpy_across_blocks_and_calls(bins: int | list[float]) -> None:
    """Over many kernel blocks and calls, edge, end and tiny forecasts sum as on the numpy path."""
    pytest.importorskip("numba")
    rng = np.random.default_rng(11)
    p = _edge_values(rng, 5000)
    y = rng.random(p.size) < 0.5
    with _compiled(False):
        plain = BinaryAccumulator.from_forecasts(p, y, bins)
    saved = _fused._CALL
    _fused._CALL = 1500  # several calls, none a whole number of blocks
    try:
        with _compiled(True):
            fast = BinaryAccumulator.from_forecasts(p, y, bins)
            head = BinaryAccumulator.from_forecasts(p[:2345], y[:2345], bins)
            tail = BinaryAccumulator.from_forecasts(p[2345:], y[2345:], bins)
    finally:
        _fused._CALL = saved
    assert _fields(fast) == _fields(plain)
    assert _fields(head.merge(tail)) == _fields(plain)


@pytest.mark.parametrize(
    "make",
    [
        lambda r: (r.random(3000) * 1e-20, np.zeros(3000, dtype=bool)),  # tiny p and Brier
        lambda r: (1.0 - r.random(3000) * 1e-13, np.ones(3000, dtype=bool)),  # tiny log scores
        lambda r: (r.random(3000) * 1e-20, np.ones(3000, dtype=bool)),  # tiny spherical
    ],
    ids=["tiny-p", "tiny-log", "tiny-spherical"],
)
def test_compiled_sweep_adds_scores_too_fine_for_fixed_point_exactly(make: object) -> None:
    """Scores with bits below the fixed-point words take the exponent cells and stay exact."""
    pytest.importorskip("numba")
    p, y = make(np.random.default_rng(5))  # type: ignore[operator]
    with _compiled(False):
        plain = BinaryAccumulator.from_forecasts(p, y)
    with _compiled(True):
        fast = BinaryAccumulator.from_forecasts(p, y)
    assert _fields(fast) == _fields(plain)
    with _compiled(True):
        sums = _fused.binary_sums(p, y, np.arange(11) / 10, True)
    assert sums is not None
    assert sums.rests > 0  # the exponent cells were used


@pytest.mark.parametrize(
    ("p_bad", "y_bad"), [(np.nan, 0), (1.5, 0), (-0.25, 0), (0.5, 2), (0.5, -1)]
)
def test_compiled_path_rejects_bad_input_as_the_numpy_path(p_bad: float, y_bad: int) -> None:
    """NaN, out-of-range p and non-0/1 y fail with the same located message on both paths."""
    pytest.importorskip("numba")
    p = np.linspace(0.0, 1.0, 3000)
    y = (np.arange(3000) % 2).astype(np.int8)
    p[1234], y[2345] = p_bad, y_bad if y_bad != 0 else y[2345]
    messages = []
    for on in (False, True):
        with _compiled(on), pytest.raises(ScoringInputError) as info:
            BinaryAccumulator.from_forecasts(p, y)
        messages.append(str(info.value))
    assert messages[0] == messages[1]
    assert "flat index" in messages[0]


@pytest.mark.parametrize("threads", [2, 3, 7])
def test_compiled_sweep_split_over_threads_sums_as_one_sweep(threads: int) -> None:
    """Cut into parts swept in threads (uneven cuts, tiny scores among them), every sum is the same."""
    pytest.importorskip("numba")
    rng = np.random.default_rng(23)
    p = np.concatenate([_edge_values(rng, 4000), rng.random(1001) * 1e-20])
    y = rng.random(p.size) < 0.5
    edges = np.arange(11) / 10
    saved = _fused.THREADS, _fused.MIN_PART, _fused.MIN_SIZE
    try:
        _fused.MIN_SIZE = 0
        _fused.THREADS, _fused.MIN_PART = 1, 1
        whole = _fused.binary_sums(p, y, edges, True)
        _fused.THREADS, _fused.MIN_PART = threads, 1000  # 5001 forecasts: min(threads, 5) parts
        split = _fused.binary_sums(p, y, edges, True)
        with _compiled(False):
            plain = BinaryAccumulator.from_forecasts(p, y)
        _fused.THREADS = threads
        fast = BinaryAccumulator.from_forecasts(p, y)
    finally:
        _fused.THREADS, _fused.MIN_PART, _fused.MIN_SIZE = saved
    assert whole is not None
    assert split is not None
    assert whole.rests > 0
    assert split.counts.tolist() == whole.counts.tolist()
    assert split[1:] == whole[1:]  # every field after the counts
    assert _fields(fast) == _fields(plain)


def test_compiled_sweep_splits_only_parts_of_min_part_forecasts() -> None:
    """A sweep runs in as many threads as there are whole parts of MIN_PART, THREADS at most."""
    pytest.importorskip("numba")
    p = np.linspace(0.0, 1.0, 3000)
    y = p > 0.5
    seen: list[int] = []
    real = _fused._sweep_part

    def spy(*args: object) -> object:
        seen.append(args[1].size)  # type: ignore[attr-defined]
        return real(*args)  # type: ignore[arg-type]

    saved = _fused.THREADS, _fused.MIN_PART, _fused.MIN_SIZE
    try:
        _fused.MIN_SIZE, _fused.THREADS = 0, 4
        for min_part, parts in [(1000, 3), (1001, 2), (1500, 2), (1501, 1), (3001, 1), (700, 4)]:
            _fused.MIN_PART = min_part
            seen.clear()
            _fused._sweep_part = spy  # type: ignore[assignment]
            try:
                _fused.binary_sums(p, y, np.arange(11) / 10, True)
            finally:
                _fused._sweep_part = real
            assert len(seen) == parts, min_part
            assert sum(seen) == p.size
            assert max(seen) - min(seen) <= 1  # even cuts
    finally:
        _fused.THREADS, _fused.MIN_PART, _fused.MIN_SIZE = saved
