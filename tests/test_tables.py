"""forecastcheck.tables.score_table: any dataframe in, the caller's kind out; validation; counts."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any, ClassVar

import narwhals as nw
import pandas as pd
import polars as pl
import pyarrow as pa
import pytest
from hypothesis import given
from hypothesis import strategies as st

import forecastcheck
from forecastcheck.scoring import brier, log_score, weighted_interval_score
from forecastcheck.tables import TableError, score_table, score_table_detail

KINDS = {"pandas": pd.DataFrame, "polars": pl.DataFrame, "pyarrow": pa.table}

# scoringutils tests/testthat/test-metrics-quantile.R, "wis is correct, 2 intervals and
# median - test corresponds to covidHubUtils": observed c(1, -15, 22), these quantiles at
# c(0.1, 0.25, 0.5, 0.75, 0.9), expected WIS c(0.36, 15.34, 19.14).
SU_Y = [1, -15, 22]
SU_Q = [[-1, 0, 1, 2, 3], [-2, 1, 2, 2, 4], [-2, 0, 3, 3, 4]]
SU_L = [0.1, 0.25, 0.5, 0.75, 0.9]


def _columns(result: Any) -> dict[str, list[Any]]:
    """A result table of any kind as plain columns."""
    return {
        k: list(v)
        for k, v in nw.from_native(result, eager_only=True).to_dict(as_series=False).items()
    }


def _quantile_rows(
    q: Sequence[Sequence[float]], levels: Sequence[float], y: Sequence[float | None]
) -> dict[str, list[Any]]:
    rows: dict[str, list[Any]] = {
        "model": [],
        "target": [],
        "quantile_level": [],
        "predicted": [],
        "observed": [],
    }
    for i, (qi, yi) in enumerate(zip(q, y, strict=True)):
        for tau, v in zip(levels, qi, strict=True):
            rows["model"].append("m")
            rows["target"].append(i)
            rows["quantile_level"].append(tau)
            rows["predicted"].append(v)
            rows["observed"].append(yi)
    return rows


BINARY = {
    "model": ["a", "a", "b", "b"],
    "question": [1, 2, 1, 2],
    "observed": [1, 0, 1, 1],
    "predicted": [0.8, 0.3, 0.6, 0.5],
}


class TestScoreTable:
    def test_binary_by_model(self) -> None:
        """Brier and log score per model equal the library's per-forecast scores, averaged."""
        out = _columns(score_table(pd.DataFrame(BINARY)))
        assert out["model"] == ["a", "b"]
        assert out["n"] == [2, 2]
        assert out["brier_score"] == pytest.approx(
            [brier([0.8, 0.3], [1, 0]).mean(), brier([0.6, 0.5], [1, 1]).mean()]
        )
        assert out["log_score"] == pytest.approx(
            [log_score([0.8, 0.3], [1, 0]).mean(), log_score([0.6, 0.5], [1, 1]).mean()]
        )

    @pytest.mark.parametrize("kind", list(KINDS))
    def test_returns_the_callers_kind(self, kind: str) -> None:
        """A pandas table gives a pandas table back, polars polars, pyarrow pyarrow."""
        table = KINDS[kind](BINARY)
        assert type(score_table(table)) is type(table)

    def test_root_package_exports_score_table(self) -> None:
        """forecastcheck.score_table is the tables entry point."""
        assert forecastcheck.score_table is score_table

    def test_scoringutils_wis_through_a_table(self) -> None:
        """The scoringutils covidHubUtils-parity WIS values 0.36, 15.34, 19.14 come out per forecast."""
        out = _columns(score_table(pd.DataFrame(_quantile_rows(SU_Q, SU_L, SU_Y)), by="target"))
        assert out["wis"] == pytest.approx([0.36, 15.34, 19.14])

    def test_scoringutils_bias_and_coverage_through_a_table(self) -> None:
        """scoringutils' bias (0.0, ..) and 50% coverage c(TRUE, FALSE, FALSE) per forecast."""
        # scoringutils tests "interval_coverage works": the 50% intervals of these forecasts
        # cover c(TRUE, FALSE, FALSE).
        out = _columns(score_table(pa.table(_quantile_rows(SU_Q, SU_L, SU_Y)), by=["target"]))
        assert out["interval_coverage_50"] == [1.0, 0.0, 0.0]
        assert out["ae_median"] == [0.0, 17.0, 19.0]

    def test_quantile_levels_in_any_row_order(self) -> None:
        """Rows of a quantile forecast may come in any order: the same WIS."""
        rows = _quantile_rows(SU_Q, SU_L, SU_Y)
        df = pd.DataFrame(rows).iloc[::-1]
        out = _columns(score_table(df, by="target"))
        assert out["wis"] == pytest.approx(weighted_interval_score(SU_Q, SU_L, SU_Y).tolist())

    def test_sample_forecasts(self) -> None:
        """Samples are pivoted by sample_id: CRPS of one member is the absolute error."""
        df = pl.DataFrame(
            {
                "target": [1, 1, 2],
                "sample_id": [1, 2, 1],
                "predicted": [0.0, 2.0, 5.0],
                "observed": [1.0, 1.0, 3.0],
            }
        )
        out = _columns(score_table(df, by="target"))
        # empirical CRPS of {0, 2} at 1: mean|x - y| - (1/2M^2) sum|xi - xj| = 1 - 0.5 = 0.5
        assert out["crps"] == pytest.approx([0.5, 2.0])

    def test_categorical_forecasts(self) -> None:
        """predicted_label rows form one pmf: the log score is -ln p of the observed label."""
        df = pd.DataFrame(
            {
                "target": [1, 1, 1],
                "predicted_label": ["low", "mid", "high"],
                "predicted": [0.2, 0.5, 0.3],
                "observed": ["mid", "mid", "mid"],
            }
        )
        out = _columns(score_table(df))
        assert out["log_score"] == pytest.approx([-math.log(0.5)])
        assert out["brier_score"] == pytest.approx([0.04 + 0.25 + 0.09])

    def test_soft_outcome_scored_as_a_probability(self) -> None:
        """An observed value strictly between 0 and 1 is scored against it (ForecastBench's market Brier)."""
        # ForecastBench src/leaderboard/main.py brier_score: (forecast - resolved_to) ** 2, where
        # an unresolved market question's resolved_to is the market's value.
        df = pd.DataFrame({"question": [1, 2], "observed": [0.45, 1.0], "predicted": [0.6, 0.9]})
        out = _columns(score_table(df, forecast_type="binary"))
        assert out["brier_score"] == pytest.approx([(0.0225 + 0.01) / 2])

    def test_reliability_table_in_the_detail(self) -> None:
        """The detailed result carries each group's reliability table."""
        (result,) = score_table_detail(pd.DataFrame(BINARY))
        reliability = result.groups[0].reliability
        assert reliability is not None
        assert reliability.n == 2

    def test_hubverse_output_types(self) -> None:
        """A hubverse table scores each output type, joined to its oracle, in one table."""
        mo = pd.DataFrame(
            {
                "model_id": ["m"] * 5,
                "location": ["US"] * 5,
                "output_type": ["quantile"] * 3 + ["median", "mean"],
                "output_type_id": ["0.25", "0.5", "0.75", None, None],
                "value": [0.0, 1.0, 2.0, 1.0, 1.5],
            }
        )
        oracle = pd.DataFrame({"location": ["US"], "oracle_value": [1.0]})
        out = _columns(score_table(mo, oracle=oracle))
        assert out["output_type"] == ["quantile", "median", "mean"]
        # scoringutils "wis works, 1 interval and median": 1/3 for y = 1, q = (0, 1, 2)
        assert out["wis"][0] == pytest.approx(1 / 3)
        assert out["ae_point"][1:] == [0.0, 0.5]


class TestValidation:
    def test_every_problem_at_once_with_row_and_column(self) -> None:
        """Probabilities outside [0, 1], bad outcomes and duplicates are all listed, by row and column."""
        df = pd.DataFrame(
            {
                "model": ["a", "a", "a", "b"],
                "question": [1, 2, 2, 1],
                "observed": [1, 0, 2, 1],
                "predicted": [1.5, 0.3, 0.2, -0.1],
            }
        )
        with pytest.raises(TableError) as info:
            score_table(df, forecast_type="binary")
        assert [str(p) for p in info.value.problems] == [
            "row 1, column predicted: 1.5 is not a probability in [0, 1]",
            "row 3, column observed: 2.0 is not an outcome in [0, 1]",
            "row 3, column model: repeats the forecast unit (model, question) of row 2 (a duplicate forecast)",
            "row 4, column predicted: -0.1 is not a probability in [0, 1]",
        ]

    def test_crossing_quantiles(self) -> None:
        """A quantile below the one at a lower level is a problem at its row."""
        rows = _quantile_rows([[0.0, 2.0, 1.0]], [0.25, 0.5, 0.75], [1.0])
        with pytest.raises(TableError) as info:
            score_table(pd.DataFrame(rows))
        assert [str(p) for p in info.value.problems] == [
            "row 3, column predicted: 1.0 at level 0.75 is below 2.0 at level 0.5: crossing quantiles"
        ]

    def test_pmf_not_summing_to_one(self) -> None:
        """A pmf whose probabilities do not sum to 1 is a problem at its first row."""
        df = pd.DataFrame(
            {"predicted_label": ["x", "y"], "predicted": [0.5, 0.6], "observed": ["x", "x"]}
        )
        with pytest.raises(
            TableError,
            match=r"row 1, column predicted: the probabilities of this forecast's 2 rows sum to 1\.1",
        ):
            score_table(df)

    def test_missing_columns(self) -> None:
        """A table without observed or predicted says so per column."""
        with pytest.raises(TableError) as info:
            score_table(pd.DataFrame({"model": ["a"]}))
        assert [p.path for p in info.value.problems] == ["column observed", "column predicted"]

    def test_not_a_number(self) -> None:
        """A forecast that is not a number is a problem at its row."""
        df = pd.DataFrame({"observed": [1.0, 2.0], "predicted": ["3", "many"]})
        with pytest.raises(TableError) as info:
            score_table(df)
        assert [str(p) for p in info.value.problems] == [
            "row 2, column predicted: 'many' is not a number"
        ]

    def test_unknown_score_and_by_column(self) -> None:
        """An unknown score name or by column is a problem naming it."""
        with pytest.raises(TableError) as info:
            score_table(pd.DataFrame(BINARY), by="team", scores=["wis"])
        messages = [str(p) for p in info.value.problems]
        assert messages[0] == "column team: named in by, but the table has no such column"
        assert messages[1].startswith("scores: no score 'wis' for binary forecasts")

    def test_listing_stops_at_max_problems(self) -> None:
        """Past max_problems the rest are counted in one closing problem."""
        df = pd.DataFrame({"q": range(5), "observed": [1] * 5, "predicted": [2.0] * 5})
        with pytest.raises(TableError) as info:
            score_table(df, forecast_type="binary", max_problems=2)
        assert len(info.value.problems) == 3
        assert (
            info.value.problems[-1].message == "and 3 more problems (only the first 2 are listed)"
        )


class TestMissing:
    TABLE: ClassVar[dict[str, list[Any]]] = {
        "model": ["a", "a", "a", "b"],
        "question": [1, 2, 3, 1],
        "observed": [1.0, None, 0.0, 1.0],
        "predicted": [0.8, 0.3, None, 0.6],
    }

    def test_missing_raises_by_default(self) -> None:
        """Without missing='count', a row with no observation or no forecast is a problem."""
        with pytest.raises(TableError) as info:
            score_table(pd.DataFrame(self.TABLE))
        assert [p.path for p in info.value.problems] == [
            "row 2, column observed",
            "row 3, column predicted",
        ]

    @pytest.mark.parametrize("kind", list(KINDS))
    def test_missing_counted_with_reasons(self, kind: str) -> None:
        """With missing='count' such rows are left out and counted per group, with their reason."""
        out = _columns(score_table(KINDS[kind](self.TABLE), missing="count"))
        assert out["n"] == [1, 1]
        assert out["n_no_observation"] == [1, 0]
        assert out["n_no_forecast"] == [1, 0]
        assert out["brier_score"] == pytest.approx([0.04, 0.16])

    def test_quantile_forecast_without_observation(self) -> None:
        """A quantile forecast without an observation counts once, not once per row."""
        rows = _quantile_rows(SU_Q, SU_L, [1.0, None, 22.0])
        out = _columns(score_table(pd.DataFrame(rows), missing="count"))
        assert (out["n"], out["n_no_observation"]) == ([2], [1])


finite = st.floats(-1e6, 1e6, allow_nan=False, allow_subnormal=False)
prob = st.floats(0.0, 1.0, allow_nan=False, allow_subnormal=False)


@st.composite
def binary_tables(draw: st.DrawFn) -> dict[str, list[Any]]:
    """Binary tidy tables: up to 3 models, one forecast per model and question."""
    n = draw(st.integers(1, 30))
    models = draw(st.lists(st.sampled_from(["a", "b", "c"]), min_size=n, max_size=n))
    return {
        "model": models,
        "question": list(range(n)),
        "observed": draw(st.lists(st.sampled_from([0, 1]), min_size=n, max_size=n)),
        "predicted": draw(st.lists(prob, min_size=n, max_size=n)),
    }


@st.composite
def quantile_tables(draw: st.DrawFn) -> dict[str, list[Any]]:
    """Quantile tidy tables on five symmetric levels, sorted quantiles."""
    n = draw(st.integers(1, 8))
    q = [sorted(draw(st.lists(finite, min_size=5, max_size=5))) for _ in range(n)]
    y = draw(st.lists(finite, min_size=n, max_size=n))
    rows = _quantile_rows(q, SU_L, y)
    rows["model"] = [("a" if i % 2 else "b") for i in rows["target"]]
    return rows


def _same(a: dict[str, list[Any]], b: dict[str, list[Any]]) -> bool:
    if list(a) != list(b):
        return False
    for k, column in a.items():
        for x, y in zip(column, b[k], strict=True):
            if isinstance(x, float) and isinstance(y, float) and math.isnan(x) and math.isnan(y):
                continue
            if x != y:
                return False
    return True


class TestAnyDataframe:
    @given(binary_tables(), st.randoms(use_true_random=False))
    def test_binary_same_numbers_from_every_kind(
        self, rows: dict[str, list[Any]], rnd: Any
    ) -> None:
        """pandas, polars and pyarrow tables, in any row order, give bit-identical scores."""
        order = list(range(len(rows["model"])))
        rnd.shuffle(order)
        shuffled = {k: [v[i] for i in order] for k, v in rows.items()}
        results = [
            _columns(score_table(make(r))) for make in KINDS.values() for r in (rows, shuffled)
        ]
        assert all(_same(results[0], r) for r in results[1:])

    @given(quantile_tables())
    def test_quantile_same_numbers_from_every_kind(self, rows: dict[str, list[Any]]) -> None:
        """pandas, polars and pyarrow quantile tables give bit-identical WIS, bias and coverage."""
        results = [_columns(score_table(make(rows))) for make in KINDS.values()]
        assert all(_same(results[0], r) for r in results[1:])


class TestHubverseCdf:
    def test_cdf_rows_are_binary_forecasts_per_threshold(self) -> None:
        """A cdf row is the forecast P(Y <= t) of its threshold, scored against the oracle's 0/1."""
        mo = pd.DataFrame(
            {
                "location": ["US"] * 3,
                "output_type": ["cdf", "quantile", "cdf"],
                "output_type_id": ["10", "0.5", "20"],
                "value": [0.2, 15.0, 0.9],
            }
        )
        oracle = pd.DataFrame(
            {
                "location": ["US"] * 3,
                "output_type": ["cdf", "cdf", "quantile"],
                "output_type_id": ["10", "20", None],
                "oracle_value": [0.0, 1.0, 14.0],
            }
        )
        out = _columns(score_table(mo, oracle=oracle))
        assert out["output_type"] == ["cdf", "quantile"]
        assert out["brier_score"][0] == pytest.approx((0.2**2 + 0.1**2) / 2)

    def test_duplicate_cdf_row_located_in_the_model_output(self) -> None:
        """A repeated cdf threshold is a problem at its own row of the model output, among other rows."""
        mo = pd.DataFrame(
            {
                "location": ["US"] * 4,
                "output_type": ["cdf", "quantile", "cdf", "cdf"],
                "output_type_id": ["10", "0.5", "20", "10"],
                "value": [0.2, 15.0, 0.9, 0.3],
            }
        )
        oracle = pd.DataFrame(
            {
                "location": ["US"] * 2,
                "output_type": ["cdf"] * 2,
                "output_type_id": ["10", "20"],
                "oracle_value": [0.0, 1.0],
            }
        )
        with pytest.raises(TableError) as info:
            score_table(mo.iloc[[0, 2, 3]], oracle=oracle)
        assert [str(p) for p in info.value.problems] == [
            "row 3, column location: repeats the forecast unit (location, threshold) of row 1 (a duplicate forecast)"
        ]


def test_a_pandas_index_is_not_a_column() -> None:
    """A pandas table with a filtered index scores as the same rows with a fresh index."""
    df = pd.DataFrame(BINARY).iloc[[3, 0, 1]]
    assert _columns(score_table(df)) == _columns(score_table(df.reset_index(drop=True)))
    with pytest.raises(TableError, match="duplicate forecast"):
        score_table(pd.concat([df, df.iloc[[0]]]).set_index(pd.Index([10, 3, 7, 1])))


def test_an_oracle_with_a_table_without_output_types_is_refused() -> None:
    """oracle= with a tidy table (no output_type column) is a located problem, never ignored."""
    oracle = pd.DataFrame({"model": ["a"], "oracle_value": [1.0]})
    with pytest.raises(TableError) as info:
        score_table(pd.DataFrame(BINARY), oracle=oracle)
    (problem,) = info.value.problems
    assert problem.path == "oracle"
    assert "no 'output_type' column" in problem.message
    assert "observed" in problem.message


def _mean_forecasts(ids: list[Any], oracle_values: list[Any]) -> tuple[Any, Any]:
    """Two models' mean forecasts of two locations (output_type_id as given) and their oracle."""
    model_output = pd.DataFrame(
        {
            "model_id": ["a", "a", "b", "b"],
            "location": ["US", "CA"] * 2,
            "output_type": ["mean"] * 4,
            "output_type_id": pd.Series(ids, dtype=object),
            "value": [1.0, 2.0, 1.5, 3.0],
        }
    )
    oracle = pd.DataFrame({"location": ["US", "CA"], "oracle_value": oracle_values})
    return model_output, oracle


def test_mean_forecasts_with_no_output_type_id_at_all_are_scored() -> None:
    """A column of None (Arrow's null type) is no join field: the rows score as with typed nulls."""
    untyped, oracle = _mean_forecasts([None] * 4, [1.0, 2.5])
    typed = untyped.astype({"output_type_id": "string"})
    assert score_table(untyped, oracle=oracle).equals(score_table(typed, oracle=oracle))
    assert score_table(untyped, oracle=oracle)["n"].tolist() == [2, 2]


def test_an_oracle_with_no_value_at_all_is_no_observation() -> None:
    """An oracle_value column of None joins, each forecast then located as without an observation."""
    model_output, oracle = _mean_forecasts(["x"] * 4, [None, None])
    with pytest.raises(TableError) as info:
        score_table(model_output, oracle=oracle)
    assert len(info.value.problems) == 4
    assert all("no observation" in p.message for p in info.value.problems)
    counted = score_table(model_output, oracle=oracle, missing="count")
    assert counted["n_no_observation"].tolist() == [2, 2]


def test_an_oracle_key_unreadable_as_the_model_outputs_is_a_problem_of_its_column() -> None:
    """Oracle text that is no number, against numeric task ids, is one located problem, not a crash."""
    model_output, oracle = _mean_forecasts(["x"] * 4, [1.0, 2.0])
    model_output["location"] = [1, 2, 1, 2]
    with pytest.raises(TableError) as info:
        score_table(model_output, oracle=oracle)
    (problem,) = info.value.problems
    assert problem.path == "column location"
    assert "cannot be read as the model output's column location (int64)" in problem.message


@pytest.mark.parametrize("forecast_type", ["binary", "point"])
@pytest.mark.parametrize(
    "where",
    [
        pd.Series([math.nan, math.nan]),
        pd.Series(["x", None, None], dtype="string").iloc[1:].reset_index(drop=True),
        pd.Series([None, None], dtype=object),
    ],
    ids=["nan", "null-text", "untyped-none"],
)
def test_a_unit_with_an_empty_column_repeated_is_a_duplicate(
    forecast_type: str, where: pd.Series
) -> None:
    """Two forecasts of one unit whose column is empty (NaN, null, all None) are a duplicate."""
    table = pd.DataFrame(
        {"model": ["a", "a"], "where": where, "observed": [1.0, 0.0], "predicted": [0.5, 0.25]}
    )
    with pytest.raises(TableError) as info:
        score_table(table, forecast_type=forecast_type)  # type: ignore[arg-type]
    assert [str(p) for p in info.value.problems] == [
        "row 2, column model: repeats the forecast unit (model, where) of row 1 (a duplicate forecast)"
    ]


def test_oracle_values_both_in_the_model_output_and_an_oracle_table_are_a_problem() -> None:
    """An oracle_value column beside oracle= is one located problem, never a crash."""
    model_output, oracle = _mean_forecasts(["x"] * 4, [1.0, 2.0])
    model_output["oracle_value"] = 1.0
    with pytest.raises(TableError) as info:
        score_table(model_output, oracle=oracle)
    (problem,) = info.value.problems
    assert problem.path == "column oracle_value"
    assert "an oracle-output table is given too" in problem.message
