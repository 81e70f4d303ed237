"""Metaculus exports beyond binary: numeric CDFs, multiple choice, and questions not scored."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from forecastcheck.tables import TableError, metaculus

ROOT = Path(__file__).resolve().parent.parent
NB = ROOT / "fixtures" / "tables" / "metaculus" / "nonbinary"
QUESTIONS = str(NB / "question_data.csv")
FORECASTS = str(NB / "forecast_data.csv")

# Golden values: Metaculus' own scoring/score_math.py (github.com/Metaculus/metaculus),
# functions evaluate_forecasts_baseline_accuracy and evaluate_forecasts_peer_accuracy,
# run unchanged on this fixture's forecasts (pmfs from Forecast.get_pmf, buckets from
# utils/the_math/formulas.py unscaled_location_to_bucket_index), summed per forecaster.
GOLDEN = {
    # numeric, range 0..100, open upper bound, resolved 37.3 (bucket 75)
    ("32001", "alice"): (3.3306690738754585e-13, 4.465578530352308, 1.0),
    ("32001", "bob"): (-4.465578530352172, -4.465578530352374, 0.5),
    # multiple choice, resolved "Reform"; bob's forecast had only two options offered
    ("32002", "alice"): (28.971860029132635, -13.08688142543543, 1.0),
    ("32002", "bob"): (21.042752466703504, 13.086881425435458, 0.8),
    # numeric, resolved above the open upper bound (bucket 201)
    ("32004", "alice"): (4.440892098500624e-14, 25.541281188299546, 1.0),
    ("32004", "bob"): (-25.541281188299493, -25.541281188299514, 1.0),
}


def _scores() -> dict[tuple[str, str], metaculus.MetaculusScore]:
    scores, _, _ = metaculus.metaculus_scores(QUESTIONS, FORECASTS)
    return {(s.question, s.forecaster): s for s in scores}


def _rewrite(tmp_path: Path, old: str, new: str) -> str:
    bad = tmp_path / "forecast_data.csv"
    text = Path(FORECASTS).read_text(encoding="utf-8")
    assert old in text
    bad.write_text(text.replace(old, new, 1), encoding="utf-8")
    return str(bad)


class TestNonBinaryScores:
    @pytest.mark.parametrize("question", ["32001", "32004"])
    def test_numeric_matches_metaculus(self, question: str) -> None:
        """Numeric CDF forecasts: baseline and peer equal Metaculus' score_math on the fixture."""
        got = _scores()
        for (q, who), (baseline, peer, coverage) in GOLDEN.items():
            if q == question:
                s = got[q, who]
                assert (s.baseline, s.peer, s.coverage) == pytest.approx(
                    (baseline, peer, coverage), abs=1e-9
                )

    def test_uniform_in_range_scores_zero(self) -> None:
        """A CDF spreading 0.95 evenly over the range (0.05 above it) has baseline 0, as the baseline."""
        assert _scores()["32001", "alice"].baseline == pytest.approx(0.0, abs=1e-9)

    def test_multiple_choice_matches_metaculus(self) -> None:
        """Multiple choice: baseline 100 ln(p k)/ln(k) with k the options offered; peer as Metaculus."""
        got = _scores()
        for who in ("alice", "bob"):
            s = got["32002", who]
            assert (s.baseline, s.peer, s.coverage) == pytest.approx(GOLDEN["32002", who], abs=1e-9)

    def test_unhandled_type_is_listed_with_reason(self) -> None:
        """A date question is not scored, named with its reason, and counted per forecaster."""
        scores, unscored, skipped = metaculus.metaculus_scores(QUESTIONS, FORECASTS)
        assert skipped == {"32003": "question type 'date' is not scored"}
        assert unscored == {"alice": 1}
        assert all(s.question != "32003" for s in scores)
        res = metaculus.metaculus_results(QUESTIONS, FORECASTS)
        alice = next(g for g in res.groups if g.key == ("alice",))
        assert (alice.n, alice.unscored) == (3, {"no_observation": 1})


class TestNonBinaryProblems:
    def test_forecasts_of_unknown_questions_are_each_located(self, tmp_path: Path) -> None:
        """Every forecast of a question the question file lacks is a problem at its own row."""
        text = Path(FORECASTS).read_text(encoding="utf-8")
        bad = tmp_path / "forecast_data.csv"
        bad.write_text(text.replace("\n32001,", "\n99999,"), encoding="utf-8")
        with pytest.raises(TableError) as info:
            metaculus.metaculus_scores(QUESTIONS, str(bad))
        unknown = [str(p) for p in info.value.problems if "'99999' is not in" in str(p)]
        n = text.count("\n32001,")
        assert n >= 2
        assert unknown == [
            f"{bad}: row {r}, column Question ID: '99999' is not in {QUESTIONS}"
            for r in range(1, n + 1)
        ]

    def test_past_a_thousand_problems_the_rest_are_counted(self, tmp_path: Path) -> None:
        """1200 forecasts of an unknown question list 1000 problems and count the other 200."""
        text = Path(FORECASTS).read_text(encoding="utf-8")
        header, first = text.split("\n")[:2]
        row = "99999," + first.split(",", 1)[1]
        bad = tmp_path / "forecast_data.csv"
        bad.write_text("\n".join([header, *[row] * 1200]) + "\n", encoding="utf-8")
        with pytest.raises(TableError) as info:
            metaculus.metaculus_scores(QUESTIONS, str(bad))
        problems = [str(p) for p in info.value.problems]
        assert len(problems) == 1001
        assert (
            problems[999] == f"{bad}: row 1000, column Question ID: '99999' is not in {QUESTIONS}"
        )
        assert problems[1000] == f"{bad}: and 200 more problems (only the first 1000 are listed)"

    def test_forecast_without_values_located(self, tmp_path: Path) -> None:
        """A forecast row with no probability, per-category list or CDF is a problem at its row."""
        bad = _rewrite(tmp_path, ',"[0.5, 0.3, 0.2]",', ",,")
        with pytest.raises(TableError) as info:
            metaculus.metaculus_scores(QUESTIONS, bad)
        assert [str(p) for p in info.value.problems] == [
            f"{bad}: row 3: no Probability Yes, Per Category or Continuous CDF"
        ]

    @pytest.mark.parametrize(
        ("old", "new", "problem"),
        [
            (
                "[0.5, 0.3, 0.2]",
                "[0.5, 0.3, 0.3]",
                "row 3, column Probability Yes Per Category: needs two or more "
                "probabilities strictly between 0 and 1 summing to 1",
            ),
            ('"[0.0, 0.00475, ', '"[0.00475, ', "row 1: a forecast of 201 values, not 202"),
            (
                '"[0.0, 0.00475, ',
                '"[0.0, 0.5, ',
                "row 1, column Continuous CDF: must be a non-decreasing CDF within [0, 1]",
            ),
        ],
        ids=["categories-not-summing-to-1", "cdf-too-short", "cdf-decreasing"],
    )
    def test_bad_forecast_located(self, tmp_path: Path, old: str, new: str, problem: str) -> None:
        """A pmf not summing to 1, a CDF too short or decreasing: a problem at its row (and column)."""
        bad = _rewrite(tmp_path, old, new)
        with pytest.raises(TableError) as info:
            metaculus.metaculus_scores(QUESTIONS, bad)
        assert [str(p) for p in info.value.problems] == [f"{bad}: {problem}"]


def _bucket_of(x: float) -> int | str:
    grid = tuple(i * 0.5 for i in range(201))
    q = metaculus._Question("q", "numeric", 0.0, 1.0, 1.0, repr(x), grid=grid, open_bounds=1)
    return metaculus._bucket(q)


@given(st.floats(min_value=0.0, max_value=100.0))
def test_bucket_as_metaculus_locates_it(x: float) -> None:
    """The resolution's bucket is Metaculus' max(int(u n + 1 - 1e-10), 1) on a linear range."""
    # utils/the_math/formulas.py, unscaled_location_to_bucket_index, with u = x / 100, n = 200.
    u = x / 100.0
    assert _bucket_of(x) == (200 if u == 1 else max(int(u * 200 + 1 - 1e-10), 1))


@pytest.mark.parametrize(
    ("x", "bucket"),
    [(0.0, 1), (0.5, 1), (0.5 + 1e-12, 1), (0.5001, 2), (100.0, 200), (-0.1, 0), (100.5, 201)],
)
def test_bucket_edges(x: float, bucket: int) -> None:
    """On a grid point, or within 1e-10 of an interval above it, a value is in the bucket below."""
    assert _bucket_of(x) == bucket
