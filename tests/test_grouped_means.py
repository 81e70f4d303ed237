"""Scores, hit rates and reliability tables taken over many groups at once equal each group's own."""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from forecastcheck import strategies
from forecastcheck.calibration import _binom, _grouped, reliability_table
from forecastcheck.evaluation import evaluate
from forecastcheck.evaluation import scorecards as scorecards_module
from forecastcheck.evaluation.results import ALL_SOURCES
from forecastcheck.evaluation.scorecards import SourceCalls, SourceScores, scorecard, scorecards
from forecastcheck.ledger import Ledger, load
from forecastcheck.scoring import summarize

KARABAKH = Path(__file__).resolve().parent.parent / "fixtures" / "karabakh"
AS_OF = dt.date(2026, 2, 7)

_p = st.floats(0.0, 1.0) | st.sampled_from([0.0, 0.05, 0.1, 0.3, 0.5, 0.7, 0.9, 0.95, 1.0])


def _parts(sizes: list[int], seed: int) -> list[tuple[np.ndarray, np.ndarray]]:
    rng = np.random.default_rng(seed)
    return [
        (rng.integers(1, 5000, size), rng.choice([0.0, 0.05, 0.5, 0.95, 1.0, 0.3], size))
        for size in sizes
    ]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(1, 12), min_size=1, max_size=8), st.integers(0, 1000))
def test_quantiles_of_parts_are_each_parts_own(sizes: list[int], seed: int) -> None:
    parts = _parts(sizes, seed)
    got = _binom.ppf_parts((0.05, 0.95), parts)
    assert len(got) == len(parts)
    for (n, p), each in zip(parts, got, strict=True):
        for a, b in zip(each, _binom.ppf((0.05, 0.95), n, p), strict=True):
            np.testing.assert_array_equal(a, b)


def test_parts_are_joined_only_while_their_cells_fit(monkeypatch: pytest.MonkeyPatch) -> None:
    """Joined while the joined cells fit in _CELLS; a part too large alone is counted alone."""
    calls: list[int] = []
    real = _binom.ppf

    def counting(levels: tuple[float, ...], n: np.ndarray, p: np.ndarray) -> list[np.ndarray]:
        calls.append(int(np.size(p)))
        return real(levels, n, p)

    monkeypatch.setattr(_binom, "ppf", counting)
    n = np.full(10, 100, dtype=np.int64)
    p = np.full(10, 0.3)
    per_row = 12.0 * math.sqrt(100.0) + 62.0  # 182 cells a row
    fit = int(_binom._CELLS // (10 * per_row))  # whole parts of 10 rows that fit together
    parts = [(n, p)] * (fit + 1)
    _binom.ppf_parts((0.05,), parts)
    assert calls == [10 * fit, 10]
    calls.clear()
    big = (np.array([10**6], dtype=np.int64), np.array([0.5]))  # 12062 cells alone
    monkeypatch.setattr(_binom, "_CELLS", 12062.0)
    _binom.ppf_parts((0.05,), [big, (n[:1], p[:1]), big])
    assert calls == [1, 1, 1]
    calls.clear()
    _binom.ppf_parts((0.05,), [(n[:1], p[:1]), (n[:1], p[:1])])
    assert calls == [2]
    assert _binom.ppf_parts((0.05,), []) == []


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(st.tuples(_p, st.booleans()), max_size=15), min_size=1, max_size=6))
def test_grouped_tables_are_each_groups_own(groups: list[list[tuple[float, bool]]]) -> None:
    pa = np.array([p for g in groups for p, _ in g], dtype=np.float64)
    yb = np.array([y for g in groups for _, y in g], dtype=np.bool_)
    codes = np.repeat(np.arange(len(groups), dtype=np.intp), [len(g) for g in groups])
    wanted = [i for i, g in enumerate(groups) if g]
    tables = _grouped.reliability_tables(pa, yb, codes, wanted, 10)
    for i, table in zip(wanted, tables, strict=True):
        p = [x for x, _ in groups[i]]
        y = [int(v) for _, v in groups[i]]
        assert repr(table) == repr(reliability_table(p, y, 10))
    assert _grouped.reliability_tables(pa, yb, codes, [], 10) == []


def test_a_wanted_group_past_the_codes_counts_nothing() -> None:
    table = _grouped.reliability_tables(
        np.array([0.3]), np.array([True]), np.zeros(1, np.intp), [2], 10
    )
    assert table[0].n == 0
    assert all(b.empty for b in table[0].bins)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.lists(
            st.floats(0.0, 50.0) | st.sampled_from([math.inf, -math.inf, math.nan, 0.0, 0.25]),
            max_size=10,
        ),
        min_size=1,
        max_size=5,
    )
)
def test_grouped_summaries_are_each_groups_own(groups: list[list[float]]) -> None:
    values = [v for g in groups for v in g]
    sizes = [len(g) for g in groups]
    codes = np.repeat(np.arange(len(groups), dtype=np.intp), sizes)
    got = scorecards_module._summaries(values, codes, sizes, "log")
    for g, summary in zip(groups, got, strict=True):
        assert repr(summary) == repr(summarize(g, rule="log"))


def _cards(ledger: Ledger) -> None:
    evaluation = evaluate(ledger, as_of=AS_OF, n_bootstrap=20)
    scores = SourceScores(
        brier_interval={s.source: s.brier_interval for s in evaluation.sources if s.brier_interval},
        log_interval={},
        rank_interval={},
        skill={},
    )
    by_source = {
        s.id: [r for r in evaluation.predictions if r.source == s.id] for s in ledger.sources
    }
    by_source[ALL_SOURCES] = list(evaluation.predictions)
    by_source["nobody"] = []
    entries = [
        SourceCalls(source, source.upper(), calls, (None, None), 1, 3, "person")
        for source, calls in by_source.items()
    ]
    for min_resolved in (0, 2):
        one_by_one = tuple(
            scorecard(
                e.source,
                name=e.name,
                calls=e.calls,
                scores=scores,
                ranges=e.ranges,
                rank=e.rank,
                n_ranked=e.n_ranked,
                min_resolved=min_resolved,
                kind=e.kind,
            )
            for e in entries
        )
        together = scorecards(entries, scores=scores, min_resolved=min_resolved)
        assert repr(together) == repr(one_by_one)


def test_karabakh_cards_together_equal_each_on_its_own() -> None:
    _cards(load(KARABAKH))


@given(strategies.ledgers(max_records=10))
@settings(suppress_health_check=[HealthCheck.too_slow], max_examples=40, deadline=None)
def test_generated_cards_together_equal_each_on_its_own(ledger: Ledger) -> None:
    _cards(ledger)
