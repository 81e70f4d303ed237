"""The summaries' one-pass shortcuts give the very numbers of the loops they replace."""

from __future__ import annotations

import datetime as dt
import itertools
from collections import Counter
from fractions import Fraction
from types import SimpleNamespace
from typing import cast

import numpy as np
from hypothesis import example, given, settings
from hypothesis import strategies as st

from forecastcheck.calibration import BinStats
from forecastcheck.calibration import bins as _bins
from forecastcheck.compare import bootstrap, pairwise
from forecastcheck.compare import significance as _significance
from forecastcheck.compare import tournament as _tournament
from forecastcheck.evaluation import ranking as _ranking
from forecastcheck.evaluation import scorecards as _scorecards
from forecastcheck.evaluation import skill as _skill
from forecastcheck.evaluation.results import PredictionResult
from forecastcheck.evaluation.verdicts import CallStatus, Verdict

keys = st.sets(st.tuples(st.sampled_from("abcdefg"), st.integers(0, 12)), max_size=60)


@given(keys)
def test_pairs_counted_as_every_pair_of_every_question(found: set[tuple[str, int]]) -> None:
    """_n_pairs counts the distinct pairs of sources sharing a question, as listing them does."""
    by_question: dict[int, list[str]] = {}
    for source, question in found:
        by_question.setdefault(question, []).append(source)
    pairs = {frozenset(p) for who in by_question.values() for p in itertools.combinations(who, 2)}
    assert _skill._n_pairs(list(found)) == len(pairs)


@settings(max_examples=25, deadline=None)
@given(st.integers(0, 2**32 - 1), st.integers(2, 9))
def test_grouped_by_places_is_the_bootstrap_by_names(seed: int, n_sources: int) -> None:
    """ranking._bootstrap (groups as integer places) gives bootstrap()'s intervals by name."""
    rng = np.random.default_rng(seed)
    n = 40
    names = [f"source {k}" for k in range(n_sources)] + ["*"]
    groups = [names[k] for k in rng.integers(0, len(names), size=n)]
    questions = rng.integers(0, 15, size=n).tolist()
    values = (rng.random(n) ** 2).tolist()
    got = _ranking._bootstrap(groups, questions, values, 50, seed % 1000)
    expected = bootstrap(
        np.array(groups, dtype=object),
        np.array(questions),
        np.array(values),
        n_resamples=50,
        level=_ranking.LEVEL,
        seed=seed % 1000,
    )
    assert list(got) == [s.source for s in expected.sources]
    for want in expected.sources:
        have = got[str(want.source)]
        assert (have.mean_low, have.mean_high, have.rank_low, have.rank_high) == (
            want.mean_low,
            want.mean_high,
            want.rank_low,
            want.rank_high,
        )


def _pair_loop(
    x: np.ndarray, n_permutations: int, seed: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Ratios, raw and Holm-adjusted p-values as pairwise() computed them pair by pair."""
    answered = ~np.isnan(x)
    a_f = answered.astype(np.float64)
    overlap = (a_f @ a_f.T).round()
    m = x.shape[0]
    sums = np.zeros((m, m))
    for a in range(m):  # one term a shared question, in question order, as documented
        for b in range(m):
            total = 0.0
            for q in np.flatnonzero(answered[a] & answered[b]).tolist():
                total += float(x[a, q])
            sums[a, b] = total
    pairs = [(a, b) for a in range(m) for b in range(a + 1, m) if overlap[a, b] >= 1]
    ratio = np.full((m, m), np.nan)
    np.fill_diagonal(ratio, 1.0)
    pval = np.full((m, m), np.nan)
    rng = np.random.default_rng(seed)
    for a, b in pairs:
        with np.errstate(divide="ignore", invalid="ignore"):
            ratio[a, b] = sums[a, b] / sums[b, a]
            ratio[b, a] = sums[b, a] / sums[a, b]
        if n_permutations:
            shared = answered[a] & answered[b]
            d = x[a, shared] - x[b, shared]
            pval[a, b] = pval[b, a] = _tournament._sign_flip_p(d, n_permutations, rng)
    adjusted = np.full((m, m), np.nan)
    if pairs:
        flat = _significance.holm(np.array([pval[a, b] for a, b in pairs]))
        for (a, b), adj in zip(pairs, flat.tolist(), strict=True):
            adjusted[a, b] = adjusted[b, a] = adj
    return ratio, pval, adjusted


@settings(max_examples=15, deadline=None)
@given(st.integers(0, 2**32 - 1), st.sampled_from([0, 19]))
@example(398541, 19)  # seeds whose dense (BLAS) sums were a unit in the last place off
@example(179859, 0)
@example(17509, 0)
def test_pairwise_over_index_arrays_is_the_pair_loop(seed: int, n_permutations: int) -> None:
    """pairwise()'s ratios and (adjusted) p-values equal the pair-by-pair loop's, NaN for NaN."""
    rng = np.random.default_rng(seed)
    x = np.where(rng.random((5, 8)) < 0.6, rng.random((5, 8)) ** 2, np.nan)
    x[:, 0] = rng.random(5)  # every source answers one question at least
    x[0, 1] = 0.0  # a zero score: a ratio may be 0 or infinite
    s, q = np.nonzero(~np.isnan(x))
    got = pairwise(s, q, x[s, q], n_permutations=n_permutations, seed=seed, include_self=False)
    ratio, pval, adjusted = _pair_loop(x, n_permutations, seed)
    np.testing.assert_array_equal(got.ratio, ratio)
    np.testing.assert_array_equal(got.p_value, pval)
    np.testing.assert_array_equal(got.p_adjusted, adjusted)


def _result(source: str, question: int, brier: float, day: int) -> PredictionResult:
    """The fields relative skill reads of a scored call: source, question, Brier, stated end,
    and (for the last call of a chain) id, chain and revises, here a call of no chain."""
    stated = SimpleNamespace(end=dt.date(2020, 1, 1) + dt.timedelta(days=day))
    found = SimpleNamespace(
        id=f"{source}-{question}-{day}",
        source=source,
        question=question,
        brier=brier,
        stated=stated,
        chain=None,
        revises=None,
    )
    return cast(PredictionResult, found)


@settings(max_examples=30, deadline=None)
@given(
    st.lists(st.tuples(st.sampled_from("abcd"), st.integers(0, 6), st.floats(0, 1)), max_size=30)
)
@example([("a", 0, 2.225073858507203e-309), ("b", 0, 1.0)])  # a ratio past the largest float
def test_shared_questions_counted_per_source(calls: list[tuple[str, int, float]]) -> None:
    """Each note's shared questions are those the source and some other source answered."""
    scored = [_result(s, q, b, k) for k, (s, q, b) in enumerate(calls)]
    skill = _skill.relative_skill(scored, seed=0)
    answered: dict[int, set[str]] = {}
    for source, question, _ in calls:
        answered.setdefault(question, set()).add(source)
    for source, (value, note, comparisons) in skill.items():
        if value is None:
            continue
        shared = sum(1 for who in answered.values() if source in who and len(who) > 1)
        assert note.endswith(f"on {shared} shared question" + ("" if shared == 1 else "s"))
        others = {c.other for c in comparisons}
        assert others == {o for who in answered.values() if source in who for o in who} - {source}


@given(st.lists(st.sampled_from([*CallStatus, *Verdict])))
def test_tally_counts_as_a_counter(values: list[CallStatus | Verdict]) -> None:
    """The scorecard's tally of statuses and verdicts equals a Counter of them, member by member."""
    tally, counter = _scorecards._Tally(values), Counter(values)
    for member in [*CallStatus, *Verdict]:
        assert tally[member] == counter[member]


@given(st.lists(st.tuples(st.floats(0, 1), st.booleans()), min_size=1, max_size=40))
def test_bin_means_are_the_fractions_rounded(rows: list[tuple[float, bool]]) -> None:
    """Each bin's mean forecast is its exact sum over its count, correctly rounded."""
    p = np.array([r[0] for r in rows])
    y = np.array([r[1] for r in rows])
    stats = BinStats.from_forecasts(p, y, 10)
    _, index = _bins.bin_index(p, 10)
    _, _, means = stats._arrays()
    for k in range(10):
        inside = p[index == k].tolist()
        if not inside:
            assert np.isnan(means[k])
            continue
        assert means[k] == float(sum(map(Fraction, inside)) / len(inside))


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 2**32 - 1), st.integers(1, 7), st.integers(0, 12))
def test_shared_sums_in_steps_are_the_question_by_question_sums(seed: int, m: int, q: int) -> None:
    """Adding every pair's j-th shared term at once gives the very sums of going question by
    question (the path taken past the term limit): the same terms in the same order."""
    rng = np.random.default_rng(seed)
    x = np.where(rng.random((m, q)) < rng.random(), rng.random((m, q)) ** 3, np.nan)
    answered = ~np.isnan(x)
    steps = _tournament._shared_sums(x, answered)
    one_by_one = _tournament._shared_sums(x, answered, limit=-1)
    np.testing.assert_array_equal(steps, one_by_one)
    for a in range(m):  # and each is the sum in question order
        for b in range(m):
            total = 0.0
            for k in np.flatnonzero(answered[a] & answered[b]).tolist():
                total += float(x[a, k])
            assert a == b or steps[a, b] == total


@settings(max_examples=60, deadline=None)
@given(st.integers(0, 2**32 - 1), st.integers(1, 8), st.integers(0, 14))
def test_the_overlap_counted_from_the_pairs_is_the_indicator_product(
    seed: int, m: int, q: int
) -> None:
    """Counting the shared questions pair by pair gives the dense product's whole numbers."""
    rng = np.random.default_rng(seed)
    answered = rng.random((m, q)) < rng.random()
    pairs = _tournament._pairs(answered)
    assert pairs is not None
    counted = _tournament._overlap(answered, pairs)
    assert counted.dtype == np.int64
    np.testing.assert_array_equal(counted, _tournament._overlap(answered))
    assert _tournament._pairs(answered, limit=-1) is None  # past the limit: none listed


@given(st.sets(st.tuples(st.integers(0, 6), st.integers(0, 9)), max_size=40))
def test_shared_questions_count_each_sources_questions_another_answered(
    keys: set[tuple[int, int]],
) -> None:
    """By source: its questions some other source answered too, as counting the keys gives."""
    listed = sorted(keys)
    source = np.array([s for s, _ in listed], dtype=np.int64)
    question = np.array([q for _, q in listed], dtype=np.int64)
    got = _skill._shared_questions(source, question, 7)
    for s in range(7):
        mine = {q for t, q in listed if t == s}
        others = {q for t, q in listed if t != s}
        assert got[s] == len(mine & others)
