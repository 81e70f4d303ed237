"""Question-level bootstrap intervals for every source's mean score and rank."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import attrs
import numpy as np
import numpy.typing as npt

from forecastcheck.compare import _draws, _long
from forecastcheck.scoring import FloatArray, _exact, _validate

__all__ = ["BootstrapResult", "SourceInterval", "bootstrap"]
# Resamples, resample and intervals serve the evaluation's summary (one resampling of
# several score arrays); they are not part of the package's flat namespace.


@attrs.frozen
class SourceInterval:
    """A source's mean score and rank with question-level bootstrap intervals.

    Attributes:
        source: the source.
        n: scores of this source.
        n_questions: questions it answered.
        mean: its mean score.
        mean_low: lower end of the interval for the mean.
        mean_high: upper end.
        rank: its rank by mean (1 = lowest mean score = best).
        rank_low: lower end of the interval for the rank.
        rank_high: upper end.
    """

    source: object
    n: int
    n_questions: int
    mean: float
    mean_low: float
    mean_high: float
    rank: float
    rank_low: float
    rank_high: float


@attrs.frozen
class BootstrapResult:
    """Question-level bootstrap percentile intervals for every source.

    Attributes:
        sources: one :class:`SourceInterval` per source.
        level: the intervals' nominal coverage.
        n_resamples: bootstrap resamples.
        n_questions: questions resampled.
    """

    sources: tuple[SourceInterval, ...]
    level: float
    n_resamples: int
    n_questions: int


def _row_ranks(means: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    """Average ranks (1 = lowest) within each row, NaN left out and kept as NaN.

    The same numbers as ``scipy.stats.rankdata`` on each row's non-NaN
    values, in one sort for the whole matrix: ties share the mean of their
    positions, a half-integer, which is exact in floating point.
    """
    rows, width = means.shape
    order = np.argsort(means, axis=1, kind="stable")  # NaN sorts last
    ordered = np.take_along_axis(means, order, axis=1)
    starts = np.ones((rows, width), dtype=bool)
    starts[:, 1:] = ordered[:, 1:] != ordered[:, :-1]
    group = np.cumsum(starts.ravel()) - 1
    size = np.bincount(group)
    first = np.flatnonzero(starts.ravel()) % max(width, 1)
    average = (first + (size + 1) / 2.0)[group].reshape(rows, width)
    average[np.isnan(ordered)] = np.nan
    ranks = np.empty_like(means)
    np.put_along_axis(ranks, order, average, axis=1)
    return ranks


def _quantiles(
    values: npt.NDArray[np.float64], levels: tuple[float, float]
) -> tuple[list[float], list[float]]:
    """Each column's two quantiles over its non-NaN values (NaN for a column of NaN only).

    The columns without NaN (nearly all) are done in one ``np.quantile`` call;
    the same numbers as one call per column, which the others get.
    """
    low = np.full(values.shape[1], np.nan)
    high = np.full(values.shape[1], np.nan)
    missing = np.isnan(values)
    whole = ~missing.any(axis=0)
    if values.shape[0] and whole.any():
        low[whole], high[whole] = np.quantile(values[:, whole], levels, axis=0)
    for k in np.flatnonzero(~whole).tolist():
        kept = values[~missing[:, k], k]
        if kept.size:
            low[k], high[k] = np.quantile(kept, levels)
    return low.tolist(), high.tolist()


_BATCH_CELLS = 4_000_000
"""Weights per batch of resamples (questions x resamples): 32 MB as floats."""

_FEW_ROWS = 8
"""Below this many sources still summing, each goes on alone (see :func:`_products`)."""

_ROW_CELLS = 32_768
"""Weights gathered at a time for one source going on alone (256 KB as floats)."""


@attrs.frozen(eq=False)
class _Cells:
    """The answered (source, question) cells, source by source, in increasing question order.

    Source ``m``'s cells are ``indptr[m]:indptr[m + 1]`` of ``column`` (the
    question), ``sums[j]`` (the ``j``-th score array's sum there, summed in
    input order; ``k`` x cells) and ``counts`` (how many scores): entries a
    cell, however many questions go unanswered.
    """

    indptr: npt.NDArray[np.int64]
    column: npt.NDArray[np.int64]
    sums: FloatArray
    counts: FloatArray


def _cells(
    si: npt.NDArray[np.intp], qi: npt.NDArray[np.intp], v: FloatArray, M: int, Q: int
) -> tuple[_Cells, npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """The answered cells, and each source's scores and answered questions.

    ``v`` may also be a stack of ``k`` score arrays (``k`` x rows): their
    cells share the rows' questions and counts, and each array's sums are the
    numbers it has alone.
    """
    stack = v.reshape(-1, si.size)
    cell, inverse = np.unique(si.astype(np.int64) * Q + qi, return_inverse=True)
    inverse = inverse.reshape(-1)
    sums = np.stack(
        [np.asarray(np.bincount(inverse, weights=row), dtype=np.float64) for row in stack]
    )
    counts = np.bincount(inverse).astype(np.float64)
    row = cell // Q
    n_questions = np.bincount(row, minlength=M)
    indptr = np.concatenate([[0], np.cumsum(n_questions)]).astype(np.int64)
    cells = _Cells(indptr=indptr, column=cell - row * Q, sums=sums, counts=counts)
    return cells, np.bincount(si, minlength=M), n_questions


_Step = tuple[int, npt.NDArray[np.int64], FloatArray, FloatArray]
_Rest = tuple[int, int, int]
_Plan = tuple[npt.NDArray[np.intp], list[_Step], list[_Rest]]


def _plan(cells: _Cells) -> _Plan:
    """The order :func:`_products` adds the cells in: sources by falling number of cells.

    Step ``j`` adds every source's ``j``-th cell at once (the sources with
    more than ``j`` cells: the first ``r`` in that order); once fewer than
    :data:`_FEW_ROWS` are left, each goes on alone from its cell ``j``.
    Returned: the order, the steps ``(r, questions, sums, counts)`` (``sums``
    one ``r`` x 1 block per score array) and the sources going on alone
    ``(place in the order, first cell, end)``.
    """
    sizes = np.diff(cells.indptr)
    order = np.argsort(-sizes, kind="stable")
    sizes, starts = sizes[order], cells.indptr[:-1][order]
    steps: list[_Step] = []
    j = 0
    longest = int(sizes[0]) if sizes.size else 0
    while j < longest:
        r = int(np.count_nonzero(sizes > j))
        if r < _FEW_ROWS:
            break
        at = starts[:r] + j
        steps.append((r, cells.column[at], cells.sums[:, at, None], cells.counts[at, None]))
        j += 1
    rest = [
        (int(i), int(starts[i]) + j, int(starts[i] + sizes[i])) for i in np.flatnonzero(sizes > j)
    ]
    return order, steps, rest


_Weights = npt.NDArray[np.float64] | npt.NDArray[np.unsignedinteger[Any]]
"""A batch of resample weights: floats, or the counts :mod:`._draws` keeps."""


def _products(cells: _Cells, plan: _Plan, W: _Weights) -> tuple[FloatArray, FloatArray]:
    """Each score array's weighted sums and the counts per source and resample (plan's order).

    ``S[j, m, r] = sum_q W[q, r] sums[j][m, q]`` over the questions ``m``
    answered, added one term at a time in increasing question order from 0,
    each term the rounded product: the numbers of a compressed-sparse-row
    product (``scipy.sparse``'s ``csr_matvecs``, which the tests compare),
    with no scipy, and for each array the numbers it has alone. A step adds
    one cell of many sources; a source going on alone adds its cells in
    order (:func:`_running_total`) over a few hundred kilobytes of gathered
    weights at a time. ``W`` may hold the weights as floats or as unsigned
    counts: a count times a float is the same float either way. The counts
    are whole numbers, exact in any order.
    """
    _, steps, rest = plan
    k, M, b = cells.sums.shape[0], cells.indptr.size - 1, W.shape[1]
    S, C = np.zeros((k, M, b)), np.zeros((M, b))
    for r, questions, sums, counts in steps:
        gathered = W.take(questions, axis=0).astype(np.float64, copy=False)  # used 1 + k times
        C[:r] += gathered * counts
        for j in range(k):
            S[j, :r] += gathered * sums[j]
    chunk = max(1, _ROW_CELLS // max(b, 1))
    for i, first, end in rest:
        totals = [S[j, i] for j in range(k)]
        for start in range(first, end, chunk):
            stop = min(end, start + chunk)
            alone = W.take(cells.column[start:stop], axis=0)
            C[i] += cells.counts[start:stop] @ alone
            for j in range(k):
                terms = alone * cells.sums[j, start:stop, None]
                terms[0] += totals[j]
                totals[j] = _running_total(terms)
        for j in range(k):
            S[j, i] = totals[j]
    return S, C


def _running_total(terms: FloatArray) -> FloatArray:
    """Each column's terms added one at a time from the first row down (cells x resamples).

    With two columns or more, ``np.add.reduce`` over the rows of a C-ordered
    block adds row after row to the running row, every column in order (its
    pairwise summation is only along the contiguous axis), in vector steps;
    a single column is summed by ``cumsum``, which adds in order however
    laid out, one term at a time.
    """
    if terms.ndim == 2 and terms.shape[1] >= 2 and terms.flags.c_contiguous:
        # from -0.0, which adds to any term exactly (numpy's own start, 0.0, turns -0.0 to 0.0)
        return np.asarray(np.add.reduce(terms, axis=0, initial=-0.0))
    return np.asarray(np.cumsum(terms, axis=0)[-1])


def _resampled(
    cells: _Cells, Q: int, n_resamples: int, seed: _long.Seed
) -> list[npt.NDArray[np.float64]]:
    """Each score array's resampled means per source (resamples x sources; NaN: none drawn).

    ``cells`` is :func:`_cells`'s, of ``k`` score arrays; a resample's weights
    multiply the answered cells only, so ``means[j][r, m]`` is
    ``sum_q W[r, q] sums_j[m, q] / sum_q W[r, q] counts[m, q]`` over the
    questions ``m`` answered, in increasing question order.
    """
    k, M = cells.sums.shape[0], cells.indptr.size - 1
    plan = _plan(cells)
    means = [np.empty((n_resamples, M)) for _ in range(k)]
    batch = max(1, min(n_resamples, _BATCH_CELLS // max(Q, 1)))
    done = 0
    for columns in _draws.weights(seed, Q, n_resamples, batch):  # kept counts: no float copy
        b = columns.shape[1]
        with np.errstate(all="ignore"):  # an infinite score times 0: NaN, as in C, unwarned
            S, C = _products(cells, plan, columns)
            for j in range(k):
                means[j][done : done + b, plan[0]] = (S[j] / C).T
        done += b
    return means


def _resampled_means(
    cells: _Cells, Q: int, n_resamples: int, seed: _long.Seed
) -> npt.NDArray[np.float64]:
    """Each resample's mean per source (resamples x sources) of :func:`_cells`' one score array."""
    (means,) = _resampled(cells, Q, n_resamples, seed)
    return means


@attrs.frozen(eq=False)
class Resamples:
    """One question-level resampling of one or more score arrays over the same calls.

    Made by :func:`resample`; :func:`intervals` reads a :class:`BootstrapResult`
    from it, for all its sources or for some of them, with the very numbers
    :func:`bootstrap` gives for those sources' rows alone (when they answered
    every question resampled).

    Attributes:
        sources: the sources, sorted (their places index the rest).
        si: each row's source place.
        qi: each row's question place.
        values: each score array, as floats.
        means: each score array's resampled means (resamples x sources).
        n: each source's rows.
        n_questions: each source's answered questions.
        n_resamples: resamples.
    """

    sources: npt.NDArray[np.generic]
    si: npt.NDArray[np.intp]
    qi: npt.NDArray[np.intp]
    values: tuple[FloatArray, ...]
    means: tuple[npt.NDArray[np.float64], ...]
    n: npt.NDArray[np.int64]
    n_questions: npt.NDArray[np.int64]
    n_resamples: int

    @property
    def questions(self) -> int:
        """Questions resampled."""
        return int(self.qi.max()) + 1


def resample(
    sources: npt.ArrayLike,
    questions: npt.ArrayLike,
    scores: Sequence[npt.ArrayLike],
    *,
    n_resamples: int,
    seed: _long.Seed = 0,
) -> Resamples:
    """:func:`bootstrap`'s resampling of several score arrays of the same rows in one product.

    Every array shares the rows' cells, counts and weights, so one product
    product serves them all; each array's means are the numbers its own
    :func:`bootstrap` resamples.

    Raises:
        ScoringInputError: malformed input or fewer than one resample.
    """
    if n_resamples < 1:
        raise _validate.ScoringInputError("n_resamples must be at least 1")
    values = []
    su = si = qi = None
    for score in scores:
        su, si, _, qi, v = _long.long_format(sources, questions, score)
        values.append(v)
    if su is None or si is None or qi is None:
        raise _validate.ScoringInputError("no scores")
    M, Q = su.size, int(qi.max()) + 1
    cells, n, n_questions = _cells(si, qi, np.stack(values), M, Q)
    means = _resampled(cells, Q, n_resamples, seed)
    return Resamples(su, si, qi, tuple(values), tuple(means), n, n_questions, n_resamples)


def intervals(
    resamples: Resamples, k: int = 0, *, level: float = 0.9, among: npt.ArrayLike | None = None
) -> BootstrapResult | None:
    """The percentile intervals of the ``k``-th score array, ranks within ``among`` (all: None).

    ``among`` (some of the sources) gives their intervals and their ranks
    among themselves: the numbers :func:`bootstrap` gives for their rows
    alone, when those rows hold every question resampled (the same questions
    draw the same weights); when they do not, ``None``.
    """
    M = resamples.sources.size
    places = np.arange(M) if among is None else np.searchsorted(resamples.sources, among)
    if among is not None:
        known = places < M
        if not (known.all() and np.array_equal(resamples.sources[places[known]], among)):
            return None
        if np.unique(resamples.qi[np.isin(resamples.si, places)]).size != resamples.questions:
            return None
    v = resamples.values[k]
    means = resamples.means[k][:, places]
    exact = _exact.sums(v, resamples.si, M)  # exact point means: equal means rank as ties
    n = resamples.n[places]
    point = np.array(
        [
            float(_exact.to_fraction(exact[m]) / int(c))
            for m, c in zip(places.tolist(), n.tolist(), strict=True)
        ]
    )
    return _result(resamples, places, means, point, level)


def _result(
    resamples: Resamples,
    places: npt.NDArray[np.intp],
    means: npt.NDArray[np.float64],
    point: FloatArray,
    level: float,
) -> BootstrapResult:
    """The :class:`BootstrapResult` of the sources at ``places``: their means and point means."""
    ranks = _row_ranks(means)
    point_rank = _row_ranks(point.reshape(1, -1))[0]  # exact means are finite: no NaN
    lo, hi = (1.0 - level) / 2.0, 1.0 - (1.0 - level) / 2.0
    mean_q, rank_q = _quantiles(means, (lo, hi)), _quantiles(ranks, (lo, hi))
    out = []
    su = resamples.sources
    for j, k in enumerate(places.tolist()):
        out.append(
            SourceInterval(
                source=su[k].item() if hasattr(su[k], "item") else su[k],
                n=int(resamples.n[k]),
                n_questions=int(resamples.n_questions[k]),
                mean=float(point[j]),
                mean_low=mean_q[0][j],
                mean_high=mean_q[1][j],
                rank=float(point_rank[j]),
                rank_low=rank_q[0][j],
                rank_high=rank_q[1][j],
            )
        )
    return BootstrapResult(
        sources=tuple(out),
        level=level,
        n_resamples=resamples.n_resamples,
        n_questions=resamples.questions,
    )


# Over 60 lines, kept whole: most of it is the docstring; the body is one resampling loop.
def bootstrap(
    sources: npt.ArrayLike,
    questions: npt.ArrayLike,
    scores: npt.ArrayLike,
    *,
    n_resamples: int = 2000,
    level: float = 0.9,
    seed: _long.Seed = 0,
) -> BootstrapResult:
    """Question-level bootstrap intervals for each source's mean score and rank.

    Questions (not forecasts) are resampled with replacement, so forecasts of
    one question stay together and sources keep facing the same draws; in
    each resample a source's mean is over its scores on the drawn questions
    (counted as often as drawn) and sources are ranked by it (average ranks
    for ties; a source with no drawn question sits that resample out).
    Intervals are percentile intervals (Efron & Tibshirani 1993).

    Args:
        sources: source id per score (all equal for a single source).
        questions: question id per score.
        scores: negatively oriented scores.
        n_resamples: resamples.
        level: nominal coverage, e.g. 0.9 for 5%–95%.
        seed: seed or Generator.

    Returns:
        A :class:`BootstrapResult`.

    Raises:
        ScoringInputError: malformed input or ``level`` outside (0, 1).
    """
    if not 0.0 < level < 1.0:
        raise _validate.ScoringInputError("level must be in (0, 1)")
    resamples = resample(sources, questions, [scores], n_resamples=n_resamples, seed=seed)
    result = intervals(resamples, level=level)
    assert result is not None  # every source: every question
    return result
