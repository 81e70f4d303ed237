"""Comparing sources: skill, Metaculus scores, pairwise skill, bootstrap, DM, difficulty."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy import stats  # type: ignore[import-untyped]

from forecastcheck.compare import (
    baseline_score,
    bootstrap,
    diebold_mariano,
    difficulty_adjust,
    holm,
    pairwise,
    peer_score,
    skill_score,
)
from forecastcheck.scoring import ScoringInputError


def _gmean(xs: list[float]) -> float:
    return math.exp(sum(math.log(x) for x in xs) / len(xs))


class TestSkillScore:
    def test_against_half(self) -> None:
        """Brier skill against always-0.5 is 1 - Brier / 0.25 (hand computed)."""
        s = skill_score([0.9, 0.2, 0.7], [1, 0, 1])
        assert s.reference_score == 0.25
        assert s.value == pytest.approx(1 - ((0.01 + 0.04 + 0.09) / 3) / 0.25)

    def test_against_base_rate(self) -> None:
        """Against the base rate the reference Brier is ō(1 - ō)."""
        s = skill_score([0.9, 0.2, 0.7], [1, 0, 1], "base_rate")
        assert s.reference_score == pytest.approx(2 / 9)

    def test_against_supplied_spherical(self) -> None:
        """A supplied reference works for a positively oriented score: (S - Sref)/(1 - Sref)."""
        p, q, y = [0.8, 0.3], [0.6, 0.5], [1, 0]
        s = skill_score(p, y, q, rule="spherical")
        assert s.value == pytest.approx((s.score - s.reference_score) / (1 - s.reference_score))
        assert s.value > 0


class TestMetaculus:
    @pytest.mark.parametrize(
        ("p", "y", "expected"),
        [
            (0.5, 1, 0.0),
            (0.9, 1, 84.79969066),
            (0.1, 1, -232.19280949),
            (0.9, 0, -232.19280949),
            (2 ** (-1 / 2), 1, 50.0),
            (2 ** (-3 / 2), 1, -50.0),
        ],
    )
    def test_baseline_score_metaculus_values(self, p: float, y: int, expected: float) -> None:
        """Baseline score equals Metaculus' unit-test values."""
        # Metaculus/metaculus tests/unit/test_scoring/test_score_math.py,
        # test_evaluate_forecasts_baseline_accuracy ("maths" cases, full coverage).
        assert round(float(baseline_score([p], [y])[0]), 8) == pytest.approx(expected)

    def test_peer_score_metaculus_values(self) -> None:
        """Peer scores equal Metaculus' test values 100 ln(p / gmean(others))."""
        # Metaculus test_evaluate_forecasts_peer_accuracy: forecasts 0.1, 0.5, 0.9 on a
        # question resolving yes -> 100*log(0.1/gmean([0.5, 0.9])) etc.
        out = peer_score(["q"] * 3, [0.1, 0.5, 0.9], [1, 1, 1])
        expected = [
            100 * math.log(0.1 / _gmean([0.5, 0.9])),
            100 * math.log(0.5 / _gmean([0.1, 0.9])),
            100 * math.log(0.9 / _gmean([0.1, 0.5])),
        ]
        assert out == pytest.approx(expected)

    def test_single_forecast_scores_zero(self) -> None:
        """A lone forecast on a question has peer score 0 (as Metaculus gives)."""
        assert peer_score(["q"], [0.9], [1]).tolist() == [0.0]

    @given(
        st.lists(
            st.tuples(st.integers(0, 4), st.floats(0.01, 0.99), st.booleans()),
            min_size=1,
            max_size=40,
        )
    )
    def test_peer_scores_sum_to_zero(self, rows: list[tuple[int, float, bool]]) -> None:
        """Peer scores on each question sum to 0."""
        q = np.array([r[0] for r in rows])
        p = np.array([r[1] for r in rows])
        outcome = {k: v for k, _, v in rows}  # one outcome per question
        y = np.array([outcome[k] for k in q])
        out = peer_score(q, p, y)
        for k in np.unique(q):
            assert out[q == k].sum() == pytest.approx(0.0, abs=1e-9)

    def test_conflicting_outcomes_detected(self) -> None:
        """Two outcomes for one question are an error, not scored twice."""
        with pytest.raises(ScoringInputError, match="conflicting"):
            peer_score(["q", "q"], [0.5, 0.6], [1, 0])


class TestPairwise:
    SOURCES = ("A", "A", "A", "B", "B", "C", "C", "C")
    QUESTIONS = (1, 2, 3, 1, 2, 1, 2, 3)
    SCORES = (0.1, 0.2, 0.3, 0.2, 0.2, 0.4, 0.1, 0.3)

    def test_hand_computed_relative_skill(self) -> None:
        """θ on shared questions and the geometric mean (self included, as scoringutils)."""
        # By hand from scoringutils' definition: θ_AB on {1,2} = 0.3/0.4 = 0.75,
        # θ_AC on {1,2,3} = 0.6/0.8 = 0.75, θ_BC on {1,2} = 0.4/0.5 = 0.8.
        # Relative skill of A = gmean(1, 0.75, 0.75).
        r = pairwise(self.SOURCES, self.QUESTIONS, self.SCORES, baseline="B", n_permutations=0)
        assert r.sources == ("A", "B", "C")
        assert r.ratio[0, 1] == pytest.approx(0.75)
        assert r.ratio[1, 2] == pytest.approx(0.8)
        assert r.overlap.tolist() == [[3, 2, 3], [2, 2, 2], [3, 2, 3]]
        rel = [_gmean([1, 0.75, 0.75]), _gmean([1 / 0.75, 1, 0.8]), _gmean([1 / 0.75, 1.25, 1])]
        assert r.relative_skill == pytest.approx(rel)
        assert r.scaled_relative_skill is not None
        assert r.scaled_relative_skill == pytest.approx(np.array(rel) / rel[1])

    def test_without_self(self) -> None:
        """include_self=False averages over the other sources only."""
        r = pairwise(
            self.SOURCES, self.QUESTIONS, self.SCORES, include_self=False, n_permutations=0
        )
        assert r.relative_skill[0] == pytest.approx(0.75)

    def test_min_overlap_excludes_pairs(self) -> None:
        """Pairs below min_overlap get no ratio and do not count toward relative skill."""
        r = pairwise(self.SOURCES, self.QUESTIONS, self.SCORES, min_overlap=3, n_permutations=0)
        assert math.isnan(r.ratio[0, 1])
        assert r.n_compared.tolist() == [2, 1, 2]

    def test_permutation_p_values_are_seeded_and_holm_adjusted(self) -> None:
        """p-values repeat for a seed, and the adjusted ones are Holm's of the raw ones."""
        rng = np.random.default_rng(0)
        q = np.tile(np.arange(40), 3)
        s = np.repeat(["a", "b", "c"], 40)
        v = np.concatenate([rng.random(40) * 0.2, rng.random(40) * 0.3, rng.random(40) * 0.25])
        a = pairwise(s, q, v, n_permutations=300, seed=11)
        b = pairwise(s, q, v, n_permutations=300, seed=11)
        assert np.array_equal(a.p_value, b.p_value, equal_nan=True)
        raw = [a.p_value[0, 1], a.p_value[0, 2], a.p_value[1, 2]]
        adj = [a.p_adjusted[0, 1], a.p_adjusted[0, 2], a.p_adjusted[1, 2]]
        assert adj == pytest.approx(holm(raw).tolist())
        assert a.p_value[0, 1] < 0.05  # a clearly better than b

    def test_few_shared_questions_give_the_exact_sign_flip_p_value(self) -> None:
        """With 2**n <= n_permutations the p-value is the share of all 2**n sign flips."""
        a = [0.8, 0.4, 0.9, 0.7]
        b = [0.5, 0.5, 0.5, 0.5]
        d = np.subtract(a, b)
        flips = np.array(list(itertools.product([1.0, -1.0], repeat=d.size)))
        exact = np.count_nonzero(np.abs(flips @ d) >= abs(d.sum()) - 1e-12) / flips.shape[0]
        assert (
            exact == 0.25
        )  # |sum| >= 0.8 only for the identity, -0.1 flipped, and their negations
        for seed in (0, 1):
            r = pairwise(
                ["a"] * 4 + ["b"] * 4, [0, 1, 2, 3] * 2, a + b, n_permutations=16, seed=seed
            )
            assert r.p_value[0, 1] == r.p_value[1, 0] == exact

    def test_one_shared_question_has_p_value_one(self) -> None:
        """A pair sharing one question gets p = 1: both sign flips are as far from 0."""
        r = pairwise(["a", "b"], [0, 0], [0.1, 0.7], n_permutations=99)
        assert r.p_value[0, 1] == 1.0

    def test_many_shared_questions_give_a_sampled_p_value(self) -> None:
        """Past 2**n > n_permutations the p-value is (1 + #{|flipped mean| >= |mean|}) / (1 + N)."""
        rng = np.random.default_rng(3)
        v = np.concatenate([rng.random(30) * 0.2, rng.random(30) * 0.3])
        r = pairwise(np.repeat(["a", "b"], 30), np.tile(np.arange(30), 2), v, n_permutations=199)
        k = r.p_value[0, 1] * 200 - 1
        assert k == pytest.approx(round(k), abs=1e-9)
        assert 0 <= round(k) <= 199

    def test_holm_matches_r(self) -> None:
        """Holm adjustment equals R's p.adjust(c(.01,.04,.03,.005), 'holm') = .03,.06,.06,.02."""
        # Hand computation of Holm (1979): sorted .005*4, .01*3, .03*2, .04*1 with running max.
        assert holm([0.01, 0.04, 0.03, 0.005]) == pytest.approx([0.03, 0.06, 0.06, 0.02])

    def test_duplicates_rejected(self) -> None:
        """Two scores of one source on one question are an error."""
        with pytest.raises(ScoringInputError, match="more than one score"):
            pairwise(["A", "A", "B"], [1, 1, 1], [0.1, 0.2, 0.3])

    @given(
        st.sets(st.tuples(st.integers(0, 5), st.integers(0, 7)), min_size=2, max_size=40),
        st.integers(1, 3),
    )
    def test_overlap_counts_the_questions_both_answered(
        self, cells: set[tuple[int, int]], min_overlap: int
    ) -> None:
        """overlap[a, b] is the count of questions a and b both answered, diagonal included."""
        pairs = sorted(cells)
        sources = [f"s{s}" for s, _ in pairs]
        if len(set(sources)) < 2:
            return
        questions = [q for _, q in pairs]
        r = pairwise(
            sources, questions, [0.1] * len(pairs), min_overlap=min_overlap, n_permutations=0
        )
        answered = {
            name: {q for s, q in zip(sources, questions, strict=True) if s == name}
            for name in r.sources
        }
        expected = [[len(answered[a] & answered[b]) for b in r.sources] for a in r.sources]
        assert r.overlap.tolist() == expected
        assert r.overlap.dtype == np.int64
        compared = (np.array(expected) >= min_overlap) & ~np.eye(len(expected), dtype=bool)
        assert np.array_equal(~np.isnan(r.ratio) & compared, compared)


class TestBootstrap:
    def test_seeded_and_brackets_the_mean(self) -> None:
        """Intervals repeat for a seed and contain the point mean."""
        rng = np.random.default_rng(3)
        q = np.tile(np.arange(30), 2)
        s = np.repeat(["x", "y"], 30)
        v = rng.random(60)
        a = bootstrap(s, q, v, n_resamples=300, seed=5)
        assert a == bootstrap(s, q, v, n_resamples=300, seed=5)
        for si in a.sources:
            assert si.mean_low <= si.mean <= si.mean_high
            assert 1 <= si.rank_low <= si.rank_high <= 2

    def test_equal_means_tie(self) -> None:
        """Sources with equal means share a rank (exact means, no float noise)."""
        r = bootstrap(
            ["A"] * 3 + ["B"] * 2, [1, 2, 3, 1, 2], [0.1, 0.2, 0.3, 0.2, 0.2], n_resamples=10
        )
        assert [s.rank for s in r.sources] == [1.5, 1.5]


class TestDieboldMariano:
    def test_hand_computed_h1(self) -> None:
        """h = 1: the HLN statistic is DM * sqrt((n - 1)/n), DM = mean(d)/sqrt(var0/n)."""
        # Hand computation from Harvey, Leybourne & Newbold (1997), eq. (9), h = 1.
        a = np.array([0.1, 0.4, 0.2, 0.5, 0.3])
        b = np.array([0.3, 0.5, 0.2, 0.9, 0.4])
        d = a - b
        n = d.size
        dm = d.mean() / math.sqrt(((d - d.mean()) ** 2).mean() / n)
        hln = dm * math.sqrt((n + 1 - 2 + 0) / n)
        r = diebold_mariano(a, b)
        assert r.statistic == pytest.approx(hln)
        assert r.p_value == pytest.approx(2 * stats.t.sf(abs(hln), n - 1))
        assert diebold_mariano(a, b, alternative="less").p_value == pytest.approx(
            stats.t.cdf(hln, n - 1)
        )

    def test_identical_is_an_error(self) -> None:
        """No variance in the differences: the test refuses rather than divide by zero."""
        with pytest.raises(ScoringInputError, match="variance"):
            diebold_mariano([0.1, 0.2], [0.1, 0.2])


class TestDifficulty:
    def test_recovers_additive_effects(self) -> None:
        """Exactly additive scores with unequal coverage: source effects recovered."""
        src = np.repeat(["s0", "s1", "s2"], 4)
        qs = np.tile(np.arange(4), 3)
        a = {"s0": 0.0, "s1": 0.05, "s2": 0.1}
        b = np.array([0.0, 0.1, -0.05, 0.2])
        v = np.array([0.1 + a[s] + b[q] for s, q in zip(src, qs, strict=True)])
        keep = np.ones(v.size, dtype=bool)
        keep[[1, 6, 11]] = False  # unequal coverage
        d = difficulty_adjust(src[keep], qs[keep], v[keep])
        means = dict(zip(d.sources, d.source_mean.tolist(), strict=True))
        assert means["s1"] - means["s0"] == pytest.approx(0.05, abs=1e-9)
        assert means["s2"] - means["s0"] == pytest.approx(0.10, abs=1e-9)
        assert d.question_effect.mean() == pytest.approx(0.0, abs=1e-12)

    def test_constant_source_keeps_its_score(self) -> None:
        """A source answering every question with Brier 0.25 keeps mean 0.25 after adjustment."""
        rng = np.random.default_rng(9)
        qs = np.tile(np.arange(20), 3)
        src = np.repeat(["a", "b", "half"], 20)
        v = np.concatenate([rng.random(20) * 0.3, rng.random(20) * 0.4, np.full(20, 0.25)])
        d = difficulty_adjust(src, qs, v)
        assert dict(zip(d.sources, d.source_mean.tolist(), strict=True))["half"] == pytest.approx(
            0.25
        )

    def test_disconnected_groups_rejected(self) -> None:
        """Sources with no question in common cannot be put on one scale."""
        with pytest.raises(ScoringInputError, match="groups"):
            difficulty_adjust(["a", "b"], [1, 2], [0.1, 0.2])


def test_a_ratio_past_the_largest_float_is_infinite_not_an_error() -> None:
    """Scores 1 and a subnormal on one shared question: the ratio overflows to inf, shown as n/a."""
    result = pairwise(["a", "b"], [0, 0], [2.225073858507203e-309, 1.0], n_permutations=0)
    assert result.ratio[1, 0] == np.inf
    assert result.ratio[0, 1] == 2.225073858507203e-309
