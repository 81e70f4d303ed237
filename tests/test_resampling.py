"""The question-level bootstrap's resampled means: over the answered cells only, in a fixed order."""

from __future__ import annotations

import contextlib
import math
import subprocess
import sys
from unittest import mock

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from numpy.typing import NDArray

from forecastcheck.compare import _draws, _long, bootstrap, resampling


@st.composite
def _long_rows(draw: st.DrawFn, integer: bool = False) -> tuple[list[int], list[int], list[float]]:
    """Sources, questions and scores: repeats, ties, lone questions, a source answering all."""
    n_sources = draw(st.integers(1, 5))
    n_questions = draw(st.integers(1, 12))
    cells = st.tuples(st.integers(0, n_sources - 1), st.integers(0, n_questions - 1))
    pairs = draw(st.lists(cells, min_size=1, max_size=40))
    if draw(st.booleans()):  # one more source answering every question
        pairs += [(n_sources, q) for q in range(n_questions)]
    if integer:
        value = st.integers(0, 10).map(float)
    else:  # a few values drawn often (ties) or any finite score
        value = st.sampled_from([0.0, 0.25, 1.0]) | st.floats(0.0, 5.0, allow_subnormal=False)
    scores = draw(st.lists(value, min_size=len(pairs), max_size=len(pairs)))
    return [s for s, _ in pairs], [q for _, q in pairs], scores


def _sparse_and_dense(
    rows: tuple[list[int], list[int], list[float]], n_resamples: int, seed: int
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """The bootstrap's resampled means, and the dense formula's from the same weights."""
    su, si, qu, qi, v = _long.long_format(*rows)
    M, Q = su.size, qu.size
    cells, _, _ = resampling._cells(si, qi, v, M, Q)
    sparse = resampling._resampled_means(cells, Q, n_resamples, seed)
    W = np.hstack(list(_draws.columns(seed, Q, n_resamples, n_resamples))).T
    flat = si.astype(np.int64) * Q + qi
    sums = np.bincount(flat, weights=v, minlength=M * Q).reshape(M, Q)
    counts = np.bincount(flat, minlength=M * Q).reshape(M, Q).astype(np.float64)
    with np.errstate(invalid="ignore", divide="ignore"):
        dense = (W @ sums.T) / (W @ counts.T)
    return sparse, dense


@settings(max_examples=150, deadline=None)
@given(_long_rows(), st.integers(1, 40), st.integers(0, 2**32 - 1))
def test_the_means_are_the_dense_formulas(
    rows: tuple[list[int], list[int], list[float]], n_resamples: int, seed: int
) -> None:
    """Resampled means over the answered cells equal the dense matrix formula to 1e-12."""
    sparse, dense = _sparse_and_dense(rows, n_resamples, seed)
    assert np.array_equal(np.isnan(sparse), np.isnan(dense))  # no drawn question: NaN in both
    np.testing.assert_allclose(sparse, dense, rtol=1e-12, atol=0.0, equal_nan=True)


@settings(max_examples=100, deadline=None)
@given(_long_rows(integer=True), st.integers(1, 40), st.integers(0, 2**32 - 1))
def test_with_integer_scores_the_means_are_the_dense_formulas_bit_for_bit(
    rows: tuple[list[int], list[int], list[float]], n_resamples: int, seed: int
) -> None:
    """With exact-integer scores every sum is exact, so the means equal the dense ones exactly."""
    sparse, dense = _sparse_and_dense(rows, n_resamples, seed)
    assert np.array_equal(sparse, dense, equal_nan=True)


@pytest.mark.parametrize("batch_cells", [1, 7 * 300, 10**9])
def test_the_bounds_do_not_depend_on_the_batch_of_resamples(
    monkeypatch: pytest.MonkeyPatch, batch_cells: int
) -> None:
    """The intervals are the same to the last bit however many resamples go in one product."""
    rng = np.random.default_rng(11)
    sources = rng.integers(0, 40, size=3000)
    questions = rng.integers(0, 300, size=3000)
    scores = rng.random(3000)
    whole = bootstrap(sources, questions, scores, n_resamples=200, seed=2)
    monkeypatch.setattr(resampling, "_BATCH_CELLS", batch_cells)
    assert bootstrap(sources, questions, scores, n_resamples=200, seed=2) == whole


def test_no_dense_source_by_question_matrix_is_formed() -> None:
    """The answered cells are kept source by source: two entries per answered cell."""
    su, si, qu, qi, v = _long.long_format([0, 0, 1, 2], [5, 5, 6, 9], [0.1, 0.2, 0.3, 0.4])
    cells, n, n_questions = resampling._cells(si, qi, v, su.size, qu.size)
    assert cells.indptr.tolist() == [0, 1, 2, 3]  # three answered cells
    assert cells.column.tolist() == [0, 1, 2]
    assert cells.sums.tolist() == [[0.1 + 0.2, 0.3, 0.4]]  # one score array
    assert cells.counts.tolist() == [2.0, 1.0, 1.0]
    assert n.tolist() == [2, 1, 1]
    assert n_questions.tolist() == [1, 1, 1]
    stack = np.stack([v, 10.0 * v])  # two score arrays share the cells and counts
    both, _, _ = resampling._cells(si, qi, stack, su.size, qu.size)
    assert both.sums.tolist() == [[0.1 + 0.2, 0.3, 0.4], [10 * 0.1 + 10 * 0.2, 10 * 0.3, 10 * 0.4]]
    assert both.counts.tolist() == [2.0, 1.0, 1.0]
    assert both.indptr.tolist() == [0, 1, 2, 3]
    assert both.column.tolist() == [0, 1, 2]


def _csr_means(
    si: NDArray[np.intp], qi: NDArray[np.intp], v: NDArray[np.float64], n_resamples: int, seed: int
) -> NDArray[np.float64]:
    """The resampled means by scipy.sparse's compressed-row product, as the bootstrap once did."""
    from scipy import sparse  # type: ignore[import-untyped]

    M, Q = int(si.max()) + 1, int(qi.max()) + 1
    cells, _, _ = resampling._cells(si, qi, v, M, Q)
    end = cells.indptr[1:]
    indptr = np.concatenate([cells.indptr, end[-1] + end])
    data = np.concatenate([cells.sums[0], cells.counts])  # the one score array's sums
    csr = sparse.csr_array((data, np.tile(cells.column, 2), indptr), shape=(2 * M, Q))
    batch = max(1, min(n_resamples, resampling._BATCH_CELLS // Q))
    parts = []
    for columns in _draws.columns(seed, Q, n_resamples, batch):
        both = csr @ columns
        with np.errstate(invalid="ignore", divide="ignore"):
            parts.append((both[:M] / both[M:]).T)
    return np.vstack(parts)


@st.composite
def _wide_rows(draw: st.DrawFn) -> tuple[NDArray[np.intp], NDArray[np.intp], NDArray[np.float64]]:
    """Many sources of very different sizes, signed and infinite scores, repeated cells."""
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    n_sources = draw(st.integers(1, 30))
    n_questions = draw(st.integers(1, 80))
    sizes = rng.integers(1, n_questions + 1, size=n_sources)
    si = np.repeat(np.arange(n_sources), sizes)
    qi = np.concatenate([rng.choice(n_questions, size=k, replace=False) for k in sizes.tolist()])
    qi[0] = n_questions - 1  # every question index up to the largest is in use
    extra = rng.integers(0, si.size, size=si.size // 4)  # some cells answered twice
    si, qi = np.concatenate([si, si[extra]]), np.concatenate([qi, qi[extra]])
    pool = draw(st.sampled_from(["any", "signed", "ties", "infinite"]))
    if pool == "any":
        v = rng.random(si.size) * 3.0
    elif pool == "signed":
        v = rng.normal(size=si.size)
    elif pool == "ties":
        v = rng.choice([0.0, -0.0, 0.25, 1.0 / 3.0], size=si.size)
    else:
        v = rng.choice([0.1, 2.0, np.inf], size=si.size)
    order = rng.permutation(si.size)
    return si[order], qi[order], v[order]


@settings(max_examples=120, deadline=None)
@given(
    _wide_rows(),
    st.integers(1, 60),
    st.integers(0, 2**16),
    st.tuples(st.sampled_from([1, 3, 8, 1000]), st.sampled_from([1, 40, 32_768])),
)
def test_the_means_are_scipy_sparse_products_bit_for_bit(
    rows: tuple[NDArray[np.intp], NDArray[np.intp], NDArray[np.float64]],
    n_resamples: int,
    seed: int,
    limits: tuple[int, int],
) -> None:
    """Steps and lone sources add the terms in scipy.sparse's order: the same floats to the bit."""
    si, qi, v = rows
    expected = _csr_means(si, qi, v, n_resamples, seed)
    M, Q = int(si.max()) + 1, int(qi.max()) + 1
    cells, _, _ = resampling._cells(si, qi, v, M, Q)
    few_rows, row_cells = limits  # every source alone, a few steps, all steps; tiny gathers
    with (
        mock.patch.object(resampling, "_FEW_ROWS", few_rows),
        mock.patch.object(resampling, "_ROW_CELLS", row_cells),
    ):
        got = resampling._resampled_means(cells, Q, n_resamples, seed)
    assert got.tobytes() == expected.tobytes()


@settings(max_examples=80, deadline=None)
@given(
    _wide_rows(),
    st.integers(1, 40),
    st.integers(0, 2**16),
    st.tuples(st.sampled_from([1, 3, 8, 1000]), st.sampled_from([1, 40, 32_768])),
)
def test_a_stack_of_score_arrays_gives_each_ones_scipy_sparse_means_bit_for_bit(
    rows: tuple[NDArray[np.intp], NDArray[np.intp], NDArray[np.float64]],
    n_resamples: int,
    seed: int,
    limits: tuple[int, int],
) -> None:
    """Three arrays through one plan and one set of weights: each one's CSR means, to the bit."""
    si, qi, v = rows
    stack = np.stack([v, v[::-1] * 0.7 - 0.1, np.sqrt(np.abs(v)) + 1.0])
    M, Q = int(si.max()) + 1, int(qi.max()) + 1
    cells, _, _ = resampling._cells(si, qi, stack, M, Q)
    few_rows, row_cells = limits
    with (
        mock.patch.object(resampling, "_FEW_ROWS", few_rows),
        mock.patch.object(resampling, "_ROW_CELLS", row_cells),
    ):
        got = resampling._resampled(cells, Q, n_resamples, seed)
    assert len(got) == len(stack)
    for means, row in zip(got, stack, strict=True):
        assert means.tobytes() == _csr_means(si, qi, row, n_resamples, seed).tobytes()


def test_the_bootstrap_imports_no_scipy() -> None:
    """The bootstrap's product is numpy's own: a bootstrap leaves scipy unimported."""
    code = (
        "import sys\n"
        "from forecastcheck.compare import bootstrap\n"
        "bootstrap([0, 0, 1, 1, 2], [0, 1, 0, 1, 1], [0.1, 0.4, 0.2, 0.3, 0.9], n_resamples=50)\n"
        "print('scipy' in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"


def _weights(seed: int, q: int, n_resamples: int, batch: int) -> NDArray[np.float64]:
    """All of a fresh draw's weights, one row a resample."""
    return np.hstack(list(_draws.columns(seed, q, n_resamples, batch))).T


@pytest.mark.parametrize("q", [1, 2, 7, 500])
def test_every_resample_draws_q_questions_and_each_once_on_average(q: int) -> None:
    """Each resample's weights are counts summing to q; a question is drawn once on average."""
    W = _weights(4, q, 3000, 250)
    assert W.shape == (3000, q)
    assert np.array_equal(W, np.round(W))
    assert W.min() >= 0
    assert np.all(W.sum(axis=1) == q)
    assert abs(W.mean() - 1.0) < 4 * np.sqrt((1 - 1 / q) / W.size) + 1e-12  # binomial sd


@pytest.mark.parametrize("q", [3, 4])
def test_the_weights_are_multinomial(q: int) -> None:
    """The joint law of a resample's counts is Multinomial(q, 1/q): a chi-square fit, fixed seed."""
    from scipy import stats

    n = 20_000
    W = _weights(0, q, n, 4096).astype(np.int64)
    outcomes, seen = np.unique(W, axis=0, return_counts=True)
    assert len(outcomes) == math.comb(2 * q - 1, q)  # every way to split q draws is seen
    expected = n * stats.multinomial.pmf(outcomes, q, [1.0 / q] * q)
    assert math.isclose(expected.sum(), n)
    assert stats.chisquare(seen, expected).pvalue > 0.001


def test_the_weights_do_not_depend_on_the_batch() -> None:
    """One seed gives one draw of weights however the resamples are batched."""
    whole = _weights(9, 300, 100, 100)
    for batch in (1, 7, 32, 33, 64):
        assert np.array_equal(_weights(9, 300, 100, batch), whole)


@settings(max_examples=100, deadline=None)
@given(_long_rows(), st.integers(1, 30), st.integers(0, 2**32 - 1), st.data())
def test_one_resampling_of_several_score_arrays_is_each_ones_own_bootstrap(
    rows: tuple[list[int], list[int], list[float]],
    n_resamples: int,
    seed: int,
    data: st.DataObject,
) -> None:
    """Each array's means and intervals from the shared product are its own bootstrap's, bit for bit."""
    sources, questions, first = rows
    value = st.floats(0.0, 5.0, allow_subnormal=False)
    second = data.draw(st.lists(value, min_size=len(first), max_size=len(first)))
    resamples = resampling.resample(
        sources, questions, [first, second], n_resamples=n_resamples, seed=seed
    )
    for k, scores in enumerate((first, second)):
        su, si, qu, qi, v = _long.long_format(sources, questions, scores)
        cells, _, _ = resampling._cells(si, qi, v, su.size, qu.size)
        alone = resampling._resampled_means(cells, qu.size, n_resamples, seed)
        assert np.array_equal(resamples.means[k], alone, equal_nan=True)
        own = bootstrap(sources, questions, scores, n_resamples=n_resamples, seed=seed)
        assert repr(resampling.intervals(resamples, k)) == repr(own)  # NaN where none drawn


@settings(max_examples=100, deadline=None)
@given(_long_rows(), st.integers(1, 30), st.integers(0, 2**32 - 1), st.data())
def test_intervals_among_some_sources_are_their_rows_own_bootstrap(
    rows: tuple[list[int], list[int], list[float]],
    n_resamples: int,
    seed: int,
    data: st.DataObject,
) -> None:
    """Among sources holding every question: their rows' bootstrap; else None (not the same draw)."""
    sources, questions, scores = rows
    names = sorted(set(sources))
    among = sorted(data.draw(st.sets(st.sampled_from(names), min_size=1)))
    resamples = resampling.resample(
        sources, questions, [scores], n_resamples=n_resamples, seed=seed
    )
    got = resampling.intervals(resamples, among=np.array(among))
    kept = [i for i, s in enumerate(sources) if s in among]
    if {questions[i] for i in kept} != set(questions):
        assert got is None
        return
    own = bootstrap(
        [sources[i] for i in kept],
        [questions[i] for i in kept],
        [scores[i] for i in kept],
        n_resamples=n_resamples,
        seed=seed,
    )
    assert repr(got) == repr(own)  # every float the same (NaN where nothing was drawn)


def test_intervals_among_unknown_sources_are_none() -> None:
    """A source the resampling does not hold gives no intervals (nothing to read)."""
    resamples = resampling.resample([0, 1], [0, 0], [[0.1, 0.2]], n_resamples=5)
    assert resampling.intervals(resamples, among=np.array([0, 2])) is None
    assert resampling.intervals(resamples, among=np.array([1])) is not None


@settings(max_examples=150, deadline=None)
@given(
    st.integers(1, 300),
    st.integers(1, 12),
    st.integers(0, 2**32 - 1),
    st.sampled_from(["normal", "wide", "ties", "infinite"]),
)
def test_a_running_total_adds_each_column_in_order(n: int, b: int, seed: int, pool: str) -> None:
    """Column by column, the total is the terms added one at a time from the first row."""
    rng = np.random.default_rng(seed)
    if pool == "normal":
        terms = rng.normal(size=(n, b))
    elif pool == "wide":  # magnitudes far apart: any other order rounds differently
        terms = rng.normal(size=(n, b)) * 10.0 ** rng.integers(-12, 12, size=(n, b))
    elif pool == "ties":
        terms = rng.choice([0.0, -0.0, 0.1, 1.0 / 3.0, 1e16], size=(n, b))
    else:
        terms = rng.choice([0.5, np.inf, -np.inf, np.nan], size=(n, b))
    expected = []
    for column in terms.T.tolist():
        total = column[0]
        for term in column[1:]:
            total += term
        expected.append(total)
    with np.errstate(all="ignore"):  # inf - inf: NaN, unwarned, as the bootstrap adds it
        got = resampling._running_total(terms.copy())
    assert got.shape == (b,)
    want = np.array(expected)
    assert np.array_equal(got, want, equal_nan=True)
    numbers = ~np.isnan(want)  # a zero keeps its sign (a NaN's sign means nothing)
    assert np.array_equal(np.signbit(got[numbers]), np.signbit(want[numbers]))


def test_a_running_total_of_a_long_column_is_in_order_not_pairwise() -> None:
    """One column (where numpy's reduction would sum pairwise) and many columns, 10^4 rows."""
    rng = np.random.default_rng(2)
    terms = rng.normal(size=(10_000, 3)) * 10.0 ** rng.integers(-12, 12, size=(10_000, 3))
    for block in (terms[:, :1].copy(), terms):
        expected = []
        for column in block.T.tolist():
            total = column[0]
            for term in column[1:]:
                total += term
            expected.append(total)
        assert resampling._running_total(block).tolist() == expected


@pytest.mark.parametrize("shared", [False, True])
def test_the_weights_as_kept_are_the_float_columns(shared: bool) -> None:
    """Counts kept inside shared() (or a fresh draw's floats) hold the numbers columns() gives."""
    fresh = [c.copy() for c in _draws.columns(11, 700, 90, 25)]
    with _draws.shared() if shared else contextlib.nullcontext():
        kept = list(_draws.weights(11, 700, 90, 25))
        again = list(_draws.weights(11, 700, 90, 25))
    assert [k.dtype.kind for k in kept] == ["u" if shared else "f"] * len(fresh)
    assert all(np.array_equal(k, f) for k, f in zip(kept, fresh, strict=True))
    assert all(np.array_equal(k, a) for k, a in zip(kept, again, strict=True))
