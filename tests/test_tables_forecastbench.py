"""ForecastBench question sets joined to forecasts, and its leaderboard as ForecastBench computes it."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pytest

from forecastcheck.tables import TableError, forecastbench
from forecastcheck.tables import forecastbench_board as board

ROOT = Path(__file__).resolve().parent.parent
FB = ROOT / "fixtures" / "tables" / "forecastbench"
LB = FB / "leaderboard"
GPT = str(FB / "2024-07-21.ForecastBench.gpt-4o-2024-05-13.json")
GPT_RES = str(FB / "2024-07-21_resolution_set.json")
QUESTION_SETS = [str(LB / "2024-07-21-human.json"), str(LB / "2026-01-04-llm.json")]
RESOLUTION_SETS = sorted(str(p) for p in LB.glob("*_resolution_set.json"))
FORECAST_SETS = sorted(
    str(p) for p in LB.glob("20*.*.json") if "_resolution_set" not in p.name and "-" in p.stem[11:]
)

# ForecastBench's own src/leaderboard/main.py (github.com/forecastingresearch/forecastbench),
# score_models(df, [two_way_fixed_effects], MarketQuestionAdjustment.TWO_WAY_FIXED_EFFECTS)
# with pyfixest 0.60, run unchanged on this fixture's forecasts (the rows built as its
# get_df_info builds them): two_way_fixed_effects_{dataset,market,overall} after
# rescale_difficulty_adjusted_brier, and brier_index_overall.
FB_CODE = {
    "example-model-a": (
        0.22583333333333333,
        0.04533333333333333,
        0.13558333333333333,
        63.1783578131918,
    ),
    "example-model-b": (
        0.2537500000000001,
        0.1217333333333333,
        0.1877416666666667,
        56.670833533673104,
    ),
    "example-model-c": (
        0.17041666666666655,
        0.06253333333333333,
        0.11647499999999994,
        65.87156610683697,
    ),
    "example-model-d": (
        0.1687499999999999,
        0.04066666666666667,
        0.10470833333333328,
        67.64133294875494,
    ),
    "Always 0.5": (0.25, 0.25, 0.25, 50.0),
}


def _table() -> Any:
    return forecastbench.forecastbench_table(FORECAST_SETS, RESOLUTION_SETS, QUESTION_SETS)


def _rows(b: board.ForecastBenchBoard) -> dict[str, board.ForecastBenchRow]:
    return {r.model: r for r in b.rows}


class TestQuestionSets:
    def test_fixture_files(self) -> None:
        """The fixture has the seven forecast sets of five models over two rounds."""
        assert len(FORECAST_SETS) == 7
        assert len(RESOLUTION_SETS) == 2

    def test_rows_carry_their_question(self) -> None:
        """Each forecast row carries its question's text, criteria, url and freeze value."""
        t = _table()
        row = t.filter(pc.equal(t["id"], "TSCO")).to_pylist()[0]
        assert row["question"].startswith("Will TSCO's market close price on {resolution_date}")
        assert row["url"] == "https://finance.yahoo.com/quote/TSCO"
        assert row["freeze_datetime_value"] == "262.82"
        assert row["freeze_datetime"] == "2024-07-12T00:00:00+00:00"
        market = t.filter(pc.equal(t["id"], "20895")).to_pylist()[0]
        assert market["resolution_criteria"].startswith("Resolves to the outcome of the question")

    def test_without_question_sets_no_question_columns(self) -> None:
        """Without question sets the table keeps its columns as before."""
        t = forecastbench.forecastbench_table(FORECAST_SETS, RESOLUTION_SETS)
        assert "question" not in t.column_names

    def test_forecast_without_question_located(self) -> None:
        """A forecast of a question not in the question sets is a problem at its JSON path."""
        with pytest.raises(TableError) as info:
            forecastbench.forecastbench_table([GPT], [GPT_RES], [QUESTION_SETS[0]])
        assert str(info.value.problems[0]) == (
            f"{GPT}: $.forecasts[0]: not in the question set of 2024-07-21"
        )
        assert len(info.value.problems) == 5

    def test_resolution_date_not_among_the_questions(self, tmp_path: Path) -> None:
        """A dataset forecast at a date its question does not resolve on is a located problem."""
        data = json.loads(Path(FORECAST_SETS[1]).read_text(encoding="utf-8"))
        data["forecasts"][0]["resolution_date"] = "2024-07-29"
        bad = tmp_path / "set.json"
        bad.write_text(json.dumps(data), encoding="utf-8")
        with pytest.raises(TableError) as info:
            forecastbench.forecastbench_table([str(bad)], RESOLUTION_SETS, QUESTION_SETS)
        assert [str(p) for p in info.value.problems] == [
            f"{bad}: $.forecasts[0].resolution_date: 2024-07-29 is not among the question's dates"
        ]

    def test_combination_question_joined(self) -> None:
        """A combination question (a list of ids, its parts under combination_of) joins by its ids."""
        part = {"source": "fred", "resolution_dates": ["2024-07-28", "2024-08-20"]}
        qset = {
            "forecast_due_date": "2024-07-21",
            "questions": [
                {**part, "id": "T10YIE", "question": "Will T10YIE rise?"},
                {**part, "id": "DGS10", "question": "Will DGS10 rise?"},
                {
                    "id": ["T10YIE", "DGS10"],
                    "source": "fred",
                    "resolution_dates": "N/A",
                    "combination_of": [
                        {**part, "id": "T10YIE", "question": "Will T10YIE rise?"},
                        {**part, "id": "DGS10", "question": "Will DGS10 rise?", "url": "N/A"},
                    ],
                },
                {"id": "xHQlAEbUPl", "source": "manifold", "resolution_dates": "N/A"},
                {"id": "18042", "source": "metaculus", "resolution_dates": "N/A"},
            ],
        }
        t = forecastbench.forecastbench_table([GPT], [GPT_RES], [qset])
        combo = t.filter(pc.equal(t["id"], "T10YIE|DGS10")).to_pylist()
        assert [(r["direction"], r["question"], r["url"]) for r in combo] == [
            ("1|-1", "Will T10YIE rise? | Will DGS10 rise?", None)
        ]


class TestLeaderboard:
    def test_matches_forecastbench_code(self) -> None:
        """Difficulty-adjusted Brier per type, overall and Brier index equal ForecastBench's code."""
        got = _rows(board.forecastbench_board(_table(), n_boot=0))
        for model, (dataset, market, overall, index) in FB_CODE.items():
            r = got[model]
            assert (r.dataset, r.market, r.overall, r.index_overall) == pytest.approx(
                (dataset, market, overall, index), abs=1e-9
            )

    def test_order_and_counts(self) -> None:
        """Rows are best Brier index first; each counts the resolved questions it scored."""
        b = board.forecastbench_board(_table(), n_boot=0)
        assert [r.model for r in b.rows] == [
            "example-model-d",
            "example-model-c",
            "example-model-a",
            "example-model-b",
            "Always 0.5",
        ]
        assert (_rows(b)["example-model-a"].n_dataset, _rows(b)["example-model-a"].n_market) == (
            12,
            6,
        )
        assert b.left_out == {"combination": 0, "unresolved": 7, "no_forecast": 0}

    def test_question_keys(self) -> None:
        """A dataset question is keyed with its resolution date; a market question without one."""
        b = board.forecastbench_board(_table(), n_boot=0)
        assert ("2024-07-21", "yfinance", "TSCO", "2024-08-20") in b.question_effects["dataset"]
        assert ("2024-07-21", "metaculus", "20895", "") in b.question_effects["market"]
        assert len(b.question_effects["market"]) == 6

    def test_combinations_left_out_and_counted(self) -> None:
        """Combination questions are not on the leaderboard (as ForecastBench) but are counted."""
        t = forecastbench.forecastbench_table([GPT], [GPT_RES])
        b = board.forecastbench_board(t, n_boot=0, fit_models=["gpt-4o-2024-05-13"])
        assert b.left_out["combination"] == 1
        assert (b.rows[0].n_dataset, b.rows[0].n_market) == (2, 1)

    def test_reference_model_not_needed(self) -> None:
        """Without Always 0.5 in the table, the mean question effect gives the same scores."""
        t = _table()
        without = t.filter(pc.not_equal(t["model"], "Always 0.5"))
        got = _rows(board.forecastbench_board(without, n_boot=0))
        for model, (dataset, market, overall, _) in FB_CODE.items():
            if model != "Always 0.5":
                r = got[model]
                assert (r.dataset, r.market, r.overall) == pytest.approx(
                    (dataset, market, overall), abs=1e-9
                )

    def test_external_submission_not_in_the_fit(self) -> None:
        """An external team's forecasts do not move the question effects, so nor others' scores."""
        t = _table()
        external = pc.equal(t["organization"], "Example Team")
        moved = t.set_column(
            t.column_names.index("predicted"),
            "predicted",
            pc.if_else(external, pa.scalar(0.99), t["predicted"]),
        )
        before = _rows(board.forecastbench_board(t, n_boot=0))
        after = _rows(board.forecastbench_board(moved, n_boot=0))
        assert after["example-model-a"].overall == pytest.approx(before["example-model-a"].overall)
        assert after["example-model-d"].overall != pytest.approx(before["example-model-d"].overall)

    def test_no_model_in_the_fit_is_a_problem(self) -> None:
        """Question effects need a fitted model on every question; without one, each is named."""
        with pytest.raises(TableError) as info:
            board.forecastbench_board(_table(), n_boot=0, fit_models=[])
        assert str(info.value.problems[0]) == (
            "no question effect: any model of the fit did not forecast "
            "('2024-07-21', 'fred', 'TMBACBW027SBOG', '2024-07-28')"
        )

    def test_imputed_forecaster_market_adjustment(self) -> None:
        """Tournament style: a market's effect is the Imputed Forecaster's Brier score on it."""
        t = _table()
        half = t.filter(pc.equal(t["model"], "Always 0.5"))
        imputed = half.set_column(
            half.column_names.index("model"), "model", pa.array(["Imputed Forecaster"] * len(half))
        )
        both = pa.concat_tables([t, imputed])
        b = _rows(board.forecastbench_board(both, n_boot=0, market_adjustment="imputed_forecaster"))
        # the Imputed Forecaster says 0.5 everywhere: every effect is 0.25, so the adjusted
        # market score is the raw mean Brier score
        a = t.filter(
            pc.and_(pc.equal(t["model"], "example-model-a"), pc.equal(t["source_type"], "market"))
        ).to_pylist()
        scored = [(r["predicted"] - r["observed"]) ** 2 for r in a if r["resolved"]]
        assert b["example-model-a"].market == pytest.approx(sum(scored) / len(scored))

    def test_bootstrap_redraws_within_due_date_and_source(self) -> None:
        """With one question per due date and source each replicate is the data: a point interval."""
        t = _table()
        first = pc.is_in(t["resolution_date"], pa.array(["2024-07-28", "2026-01-11", ""]))
        keep = pc.and_(
            pc.or_(pc.equal(t["source_type"], "market"), first),
            pc.invert(pc.is_in(t["id"], pa.array(["PANW", POLYMARKET_2]))),
        )
        single = t.filter(pc.fill_null(keep, True))
        b = board.forecastbench_board(single, n_boot=15, seed=3)
        for r in b.rows:
            assert r.intervals["overall"] == pytest.approx((r.index_overall, r.index_overall))

    def test_bootstrap_reproducible_and_around_the_estimate(self) -> None:
        """A seeded bootstrap gives the same interval twice, and each interval holds its estimate."""
        one = board.forecastbench_board(_table(), n_boot=25, seed=7)
        two = board.forecastbench_board(_table(), n_boot=25, seed=7)
        assert [r.intervals for r in one.rows] == [r.intervals for r in two.rows]
        for r in one.rows:
            low, high = r.intervals["overall"]
            assert low <= r.index_overall <= high


POLYMARKET_2 = "0x0d44a3b546096156afdf40be8f37bce617970ee3d0901d35f4ade50d46ae18a8"


class TestLeaderboardProblems:
    def test_an_absent_imputed_forecaster_is_one_located_problem(self) -> None:
        """Tournament style without the Imputed Forecaster: one problem, at the file, counting."""
        with pytest.raises(TableError) as info:
            board.forecastbench_board(
                _table(), n_boot=0, market_adjustment="imputed_forecaster", file="fb.parquet"
            )
        assert [str(p) for p in info.value.problems] == [
            "fb.parquet: column model: no forecast of ForecastBench's 'Imputed Forecaster': "
            "market_adjustment='imputed_forecaster' takes the effect of each of the "
            "6 market questions from its Brier score"
        ]

    def test_a_question_without_an_effect_names_the_file(self) -> None:
        """A question no fitted model forecast is a problem located in the table's file."""
        with pytest.raises(TableError) as info:
            board.forecastbench_board(_table(), n_boot=0, fit_models=[], file="fb.parquet")
        assert {p.file for p in info.value.problems} == {"fb.parquet"}
        assert str(info.value.problems[0]) == (
            "fb.parquet: no question effect: any model of the fit did not forecast "
            "('2024-07-21', 'fred', 'TMBACBW027SBOG', '2024-07-28')"
        )

    def test_a_forecast_given_twice_is_located_at_its_row(self) -> None:
        """A model forecasting one question twice is a problem at the repeat's row of the file."""
        t = _table()
        twice = pa.concat_tables([t, t.slice(0, 1)])
        with pytest.raises(TableError) as info:
            board.forecastbench_board(twice, n_boot=0, file="fb.parquet")
        (problem,) = info.value.problems
        assert (problem.file, problem.path) == ("fb.parquet", f"row {len(twice)}")
        assert problem.message.endswith("more than once")
