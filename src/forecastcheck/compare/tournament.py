"""Pairwise tournament of sources: score ratios on shared questions, relative skill, p-values."""

from __future__ import annotations

from typing import TypeAlias

import attrs
import numpy as np
import numpy.typing as npt
from numpy.typing import NDArray

from forecastcheck.compare import _long
from forecastcheck.compare.significance import holm
from forecastcheck.scoring import FloatArray, _validate

__all__ = ["PairwiseComparison", "pairwise"]

IntArray: TypeAlias = NDArray[np.int64]


@attrs.frozen(eq=False)
class PairwiseComparison:
    """Pairwise relative skill of sources (scoringutils' definition).

    Attributes:
        sources: the sources, in the order of every array here.
        ratio: ``ratio[a, b] = θ_ab = sum S_a / sum S_b`` over the questions
            both answered (NaN below ``min_overlap``); 1 on the diagonal.
        overlap: ``overlap[a, b]`` = number of questions both answered.
        p_value: paired sign-flip permutation p-value for ``a`` vs ``b`` (NaN
            on the diagonal, below ``min_overlap`` and with ``n_permutations=0``).
        p_adjusted: Holm-adjusted over the distinct pairs.
        relative_skill: geometric mean of each row of ``ratio`` (ignoring NaN;
            the diagonal's 1 included unless ``include_self=False``); below 1
            is better than the field.
        scaled_relative_skill: ``relative_skill / relative_skill[baseline]``
            (None without a baseline).
        n_compared: ratios each relative skill rests on.
        baseline: the baseline source, or None.
        min_overlap: the minimum overlap required for a pair to count.
        n_permutations: permutations per pair.
    """

    sources: tuple[object, ...]
    ratio: FloatArray
    overlap: IntArray
    p_value: FloatArray
    p_adjusted: FloatArray
    relative_skill: FloatArray
    scaled_relative_skill: FloatArray | None
    n_compared: IntArray
    baseline: object | None
    min_overlap: int
    n_permutations: int


# Over 60 lines, kept whole: most of it is the docstring; the body is one loop over pairs.
def pairwise(
    sources: npt.ArrayLike,
    questions: npt.ArrayLike,
    scores: npt.ArrayLike,
    *,
    baseline: object | None = None,
    min_overlap: int = 1,
    n_permutations: int = 999,
    include_self: bool = True,
    seed: _long.Seed = 0,
) -> PairwiseComparison:
    """Pairwise tournament: mean score ratios on shared questions, relative skill, p-values.

    scoringutils' ``get_pairwise_comparisons`` (Cramer et al. 2022, PNAS;
    Bosse et al. 2022): for sources A and B and the questions ``C_AB`` both
    answered, ``θ_AB = sum_{C_AB} S_A / sum_{C_AB} S_B``; the relative skill of
    A is the geometric mean of ``θ_AB`` over the sources, the ratio 1 of A with
    itself included as scoringutils does (``include_self=False`` averages over
    the others only); the scaled relative skill divides by the baseline
    source's. Pairs sharing fewer than ``min_overlap`` questions are left out.
    p-values come from a paired permutation test of the mean difference (each
    question's two scores swapped with probability 1/2, as scoringutils'
    ``permutation_test``), Holm-adjusted over all pairs: two-sided, the share
    of sign flips of the n differences whose mean is at least as far from 0
    as the observed one. With ``2**n <= n_permutations`` every flip is
    enumerated and the share is exact; otherwise ``n_permutations`` random
    flips give ``(1 + #{|flipped mean| >= |mean|}) / (1 + n_permutations)``
    (``scipy.stats.permutation_test``).

    Args:
        sources: source id per score.
        questions: question id per score.
        scores: negatively oriented, non-negative scores (Brier, log, WIS, ...).
        baseline: a source to scale relative skill by.
        min_overlap: questions two sources must share to be compared.
        n_permutations: permutations per pair (0: no p-values).
        include_self: include the ratio 1 of a source with itself (scoringutils).
        seed: seed or Generator for the permutations.

    Returns:
        A :class:`PairwiseComparison`.

    Raises:
        ScoringInputError: malformed input, negative scores, duplicate
            (source, question) pairs, fewer than two sources, or an unknown baseline.
    """
    su, si, qu, qi, v = _long.long_format(sources, questions, scores)
    if np.any(v < 0):
        raise _validate.ScoringInputError(
            "pairwise ratios need non-negative scores (e.g. Brier, log, WIS)"
        )
    if min_overlap < 1:
        raise _validate.ScoringInputError("min_overlap must be at least 1")
    if su.size < 2:
        raise _validate.ScoringInputError("pairwise comparison needs at least two sources")
    X = _long.matrix(si, qi, v, su.size, qu.size)
    answered = ~np.isnan(X)
    pairs = _pairs(answered)  # None past the term limit: then found no more
    overlap = _overlap(answered, pairs)
    # the pairs a < b compared, row by row (a, then b): the order the p-values are drawn in
    first, second = np.nonzero(np.triu(overlap >= min_overlap, k=1))
    ratio = _ratios(_shared_sums(X, answered, pairs=pairs), first, second)
    pval = np.full(ratio.shape, np.nan)
    if n_permutations > 0:
        rng = np.random.default_rng(seed)
        for a, b in zip(first.tolist(), second.tolist(), strict=True):
            shared = answered[a] & answered[b]
            d = X[a, shared] - X[b, shared]
            pval[a, b] = pval[b, a] = _sign_flip_p(d, n_permutations, rng)
    adjusted = np.full(ratio.shape, np.nan)
    if first.size:
        adjusted[first, second] = adjusted[second, first] = holm(pval[first, second])
    rel, n_compared = _relative_skill(ratio, include_self)
    scaled = None
    if baseline is not None:
        hit = np.flatnonzero(su == baseline)
        if hit.size != 1:
            raise _validate.ScoringInputError(f"baseline {baseline!r} is not one of the sources")
        scaled = rel / rel[hit[0]]
    return PairwiseComparison(
        sources=tuple(su.tolist()),
        ratio=ratio,
        overlap=overlap,
        p_value=pval,
        p_adjusted=adjusted,
        relative_skill=rel,
        scaled_relative_skill=scaled,
        n_compared=n_compared,
        baseline=baseline,
        min_overlap=min_overlap,
        n_permutations=n_permutations,
    )


_Pairs = tuple[IntArray, IntArray, IntArray]
"""Every answer paired with every answer to its question: sources ``a``, ``b`` and the question."""

_STEP_TERMS = 1 << 24
"""Above this many (pair, shared question) terms, :func:`_shared_sums` goes question by question."""


def _pairs(answered: NDArray[np.bool_], limit: int = _STEP_TERMS) -> _Pairs | None:
    """Each question two sources or more answered: every (a, b) both answered it, ``a == b`` too.

    By question, then ``a``, then ``b``; ``None`` past ``limit`` pairs in all.
    """
    multi = np.flatnonzero(np.count_nonzero(answered, axis=0) >= 2)
    question, source = np.nonzero(answered[:, multi].T)  # by question, then source
    sizes = np.bincount(question, minlength=multi.size)
    per = sizes[question]  # each answer is paired with every answer to its question
    if int(per.sum()) > limit:
        return None
    starts = np.concatenate([[0], np.cumsum(sizes)[:-1]])
    first = np.repeat(np.arange(question.size), per)
    offset = np.arange(first.size) - np.repeat(np.cumsum(per) - per, per)
    second = starts[question[first]] + offset
    return source[first], source[second], multi[question[first]]


def _overlap(answered: NDArray[np.bool_], pairs: _Pairs | None = None) -> IntArray:
    """``overlap[a, b]``: the questions both ``a`` and ``b`` answered (the diagonal: ``a``'s own).

    Counted from the :func:`_pairs` when given (whole numbers, exact), else
    the integer product ``A @ A.T`` of the answered-cell indicator, taken in
    single precision (every partial sum a whole number below ``2**24``, so
    exact whatever the order) while there are fewer questions than that, in
    double precision past it: one dense BLAS product, where a sparse product
    of counts needs scipy.sparse (and its import).
    """
    m = answered.shape[0]
    if pairs is not None:
        a, b, _ = pairs
        overlap = np.bincount(a * m + b, minlength=m * m).astype(np.int64).reshape(m, m)
        np.fill_diagonal(overlap, np.count_nonzero(answered, axis=1))
        return overlap
    if answered.shape[1] < 2**24:
        single = answered.astype(np.float32)
        return np.asarray((single @ single.T).round(), dtype=np.int64)
    double = answered.astype(np.float64)
    return np.asarray((double @ double.T).round(), dtype=np.int64)


def _shared_sums(
    X: FloatArray,
    answered: NDArray[np.bool_],
    limit: int = _STEP_TERMS,
    pairs: _Pairs | None = None,
) -> FloatArray:
    """``sums[a, b]``: a's scores summed over the questions a and b both answered.

    One term a shared question, added in increasing question order from 0.0,
    so the numbers depend neither on the BLAS build nor on its thread count
    (a dense product over every cell adds in an order of its own). Only the
    questions two sources or more answered count; the diagonal is not read.
    Step ``j`` adds every pair's ``j``-th shared question's term at once
    (``pairs``: the :func:`_pairs`, found here unless given); past ``limit``
    terms in all, the questions are visited one by one instead, adding the
    same terms in the same order.
    """
    m = X.shape[0]
    sums = np.zeros((m, m))
    if pairs is None:
        pairs = _pairs(answered, limit)
    if pairs is None:
        multi = np.flatnonzero(np.count_nonzero(answered, axis=0) >= 2)
        for q in multi.tolist():
            who = np.flatnonzero(answered[:, q])
            sums[np.ix_(who, who)] += X[who, q][:, None]
        return sums
    a, b, question = pairs
    key = a * m + b
    value = X[a, question]
    order = np.lexsort((question, key))  # each pair's terms in question order
    key, value = key[order], value[order]
    bounds = np.flatnonzero(np.diff(key)) + 1
    rank = np.arange(key.size) - np.repeat(
        np.concatenate([[0], bounds]), np.diff(np.concatenate([[0], bounds, [key.size]]))
    )
    by_rank = np.argsort(rank, kind="stable")
    steps = np.bincount(rank)
    flat = sums.reshape(-1)
    done = 0
    for count in steps.tolist():  # keys are distinct within a step: one term a pair
        take = by_rank[done : done + count]
        flat[key[take]] += value[take]
        done += count
    return sums


def _ratios(sums: FloatArray, first: IntArray, second: IntArray) -> FloatArray:
    """``θ_ab = sums[a, b] / sums[b, a]`` for the pairs compared, 1 on the diagonal, else NaN.

    ``sums[a, b]`` is the sum of a's scores over the questions a and b share;
    the pairs compared are ``(first[k], second[k])``, each with ``a < b``.
    """
    ratio = np.full(sums.shape, np.nan)
    np.fill_diagonal(ratio, 1.0)
    # a ratio past the largest float is inf, as a ratio over zero is: not finite, shown as n/a
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        ratio[first, second] = sums[first, second] / sums[second, first]
        ratio[second, first] = sums[second, first] / sums[first, second]
    return ratio


def _relative_skill(ratio: FloatArray, include_self: bool) -> tuple[FloatArray, IntArray]:
    """Geometric mean of each row of ``ratio`` over its ratios, and how many there are."""
    use = ratio.copy()
    if not include_self:
        np.fill_diagonal(use, np.nan)
    with np.errstate(divide="ignore", invalid="ignore"):
        logs = np.log(use)
    valid = ~np.isnan(logs)
    n_compared = valid.sum(axis=1).astype(np.int64)
    with np.errstate(invalid="ignore"):
        rel = np.exp(
            np.where(valid, logs, 0.0).sum(axis=1) / np.where(n_compared > 0, n_compared, 1)
        )
    return np.where(n_compared > 0, rel, np.nan), n_compared


def _abs_mean(d: FloatArray, axis: int) -> FloatArray:
    return np.asarray(np.abs(np.mean(d, axis=axis)), dtype=np.float64)


def _sign_flip_p(d: FloatArray, n_permutations: int, rng: np.random.Generator) -> float:
    """Two-sided paired permutation p-value of ``|mean(d)|`` by sign flips (see ``pairwise``)."""
    if d.size == 1:  # both flips of one difference are as far from 0: p = 1 exactly
        return 1.0  # (scipy's permutation_test wants two observations or more)
    from scipy import stats  # type: ignore[import-untyped]  # lazily: import time

    result = stats.permutation_test(
        (d,),
        _abs_mean,
        permutation_type="samples",  # one sample: the signs of its values are flipped
        vectorized=True,
        n_resamples=n_permutations,
        alternative="greater",  # |mean| at least the observed one
        batch=max(1, min(n_permutations, 4_000_000 // max(d.size, 1))),  # bounded memory
        rng=rng,
    )
    return float(result.pvalue)
