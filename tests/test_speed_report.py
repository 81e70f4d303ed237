"""The report's hot paths: sensitivity reads each phrase once, the bootstrap ranks in one sort."""

from __future__ import annotations

import math
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy import stats  # type: ignore[import-untyped]

from forecastcheck.compare import resampling
from forecastcheck.scoring import brier, log_score
from forecastcheck.verbal import scale_sensitivity
from forecastcheck.verbal.interpretation import interpret
from forecastcheck.verbal.intervals import Interval, PointRule
from forecastcheck.verbal.scales import as_scale

KARABAKH = Path(__file__).resolve().parent.parent / "fixtures" / "karabakh"
PHRASES = ("likely", "very unlikely", "almost certainly", "could", "blorf", "even chance")
RULES: tuple[PointRule, ...] = ("lower", "mid", "upper")


class TestSensitivityReadsOnce:
    def test_each_phrase_is_read_once_per_scale(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """Fifty records of two phrases by five sources cost two readings per scale, not fifty."""
        calls: list[str] = []

        def counted(statement: str, scale: object) -> object:
            calls.append(statement)
            return interpret(statement, scale)  # type: ignore[arg-type]

        monkeypatch.setattr(scale_sensitivity, "interpret", counted)
        records = [(f"s{i % 5}", PHRASES[i % 2], "for", i % 2) for i in range(50)]
        scale_sensitivity.sensitivity(records, scales=["icd203", "phia2025"])
        assert len(calls) == 2 * 2

    @given(
        st.lists(
            st.tuples(
                st.sampled_from(("a", "b", "c")),
                st.one_of(st.sampled_from(PHRASES), st.floats(0.0, 1.0)),
                st.sampled_from(("for", "against")),
                st.sampled_from((0, 1, None)),
            ),
            max_size=30,
        ),
        st.sampled_from((None, 1e-3)),
    )
    def test_means_equal_a_record_by_record_reading(
        self, records: list[tuple[str, str | float, str, int | None]], epsilon: float | None
    ) -> None:
        """Every cell is exactly the mean of brier / log_score over each record read afresh."""
        scales = [as_scale("icd203"), as_scale("phia2025")]
        result = scale_sensitivity.sensitivity(records, scales=scales, log_epsilon=epsilon)
        for row in result.sources:
            mine = [r for r in records if r[0] == row.source and r[3] is not None]
            for scale in scales:
                mapped = []
                for _, statement, polarity, outcome in mine:
                    if isinstance(statement, str):
                        read = interpret(statement, scale)
                        if read.interval is None or read.status != "mapped":
                            continue
                        interval = read.interval
                    else:
                        interval = Interval(statement, statement, statement)
                    mapped.append(
                        (interval.negate() if polarity == "against" else interval, outcome)
                    )
                for rule in RULES:
                    cell = next(
                        c for c in row.own if c.scale == scale.name and c.point_rule == rule
                    )
                    if not mapped:
                        assert math.isnan(cell.brier)
                        assert math.isnan(cell.log)
                        continue
                    p = np.array([iv.point(rule) for iv, _ in mapped])
                    y = np.array([o for _, o in mapped])
                    assert cell.brier == float(np.mean(brier(p, y)))
                    assert cell.log == float(np.mean(log_score(p, y, epsilon=epsilon)))

    def test_callable_point_rules_are_called_per_record(self) -> None:
        """A callable point rule is called once for every mapped record, not once per phrase."""
        seen: list[Interval] = []

        def rule(interval: Interval) -> float:
            seen.append(interval)
            return interval.lo

        records = [("a", "likely", "for", 1)] * 4
        scale_sensitivity.sensitivity(records, scales=["icd203"], point_rules=[rule])
        assert len(seen) == 4


class TestRowRanks:
    @given(
        st.integers(1, 6).flatmap(
            lambda w: st.lists(
                st.lists(st.sampled_from((0.0, 0.5, 1.0, 2.0, math.nan)), min_size=w, max_size=w),
                min_size=1,
                max_size=6,
            )
        )
    )
    def test_equal_to_rankdata_row_by_row(self, rows: list[list[float]]) -> None:
        """Each row's ranks are scipy's average ranks of its non-NaN values, NaN kept as NaN."""
        means = np.array(rows, dtype=np.float64)
        expected = np.full_like(means, np.nan)
        for r in range(means.shape[0]):
            ok = ~np.isnan(means[r])
            expected[r, ok] = stats.rankdata(means[r, ok])
        assert np.array_equal(resampling._row_ranks(means), expected, equal_nan=True)


def test_the_text_report_does_not_import_scipy_stats(tmp_path: Path) -> None:
    """Importing forecastcheck and writing the text report leave scipy.stats and scipy.optimize unloaded."""
    code = (
        "import sys, forecastcheck, forecastcheck.cli\n"
        "assert 'scipy.stats' not in sys.modules\n"
        f"code = forecastcheck.cli.main(['report', {str(KARABAKH)!r}, '--as-of', '2026-02-07',"
        f" '-o', {str(tmp_path / 'out.txt')!r}])\n"
        "print(code, sorted(m for m in ('scipy.stats', 'scipy.optimize') if m in sys.modules))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.split(maxsplit=1) == ["0", "[]\n"]


def test_a_shared_draw_gives_the_numbers_of_a_fresh_one() -> None:
    """Inside shared(), bootstraps with one int seed give exactly what fresh draws give."""
    from forecastcheck.compare import _draws, bootstrap

    rng = np.random.default_rng(5)
    sources = np.repeat(["a", "b"], 40)
    questions = np.tile(np.arange(40), 2)
    scores = rng.random(80)
    args = (sources, questions, scores)
    alone = bootstrap(*args, n_resamples=300, seed=3)
    with _draws.shared():
        first = bootstrap(*args, n_resamples=300, seed=3)
        again = bootstrap(*args, n_resamples=300, seed=3)
        other = bootstrap(*args, n_resamples=300, seed=4)
    assert first == again == alone
    assert other != alone  # another seed, another draw: the cache is keyed by the seed


def test_a_generator_seed_is_never_shared() -> None:
    """A Generator moves on with each draw: two bootstraps from one differ inside shared()."""
    from forecastcheck.compare import _draws, bootstrap

    sources = np.repeat(["a", "b"], 40)
    questions = np.tile(np.arange(40), 2)
    scores = np.random.default_rng(5).random(80)
    gen = np.random.default_rng(3)
    with _draws.shared():
        one = bootstrap(sources, questions, scores, n_resamples=300, seed=gen)
        two = bootstrap(sources, questions, scores, n_resamples=300, seed=gen)
    assert one != two
