"""Forecast files: CSV and Parquet read in batches, platform formats, and `forecastcheck score`."""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import narwhals as nw
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from forecastcheck.cli import main
from forecastcheck.scoring import crps_sample, weighted_interval_score
from forecastcheck.tables import TableError, files, forecastbench, score_table, score_table_detail

ROOT = Path(__file__).resolve().parent.parent
FIX = ROOT / "fixtures" / "tables"
SU = FIX / "scoringutils"
HUB = FIX / "hubverse"
FB = FIX / "forecastbench"
HUB_FILES = sorted(str(p) for p in (HUB / "model-output").glob("*/*.csv"))
FB_FORECASTS = str(FB / "2024-07-21.ForecastBench.gpt-4o-2024-05-13.json")
FB_RESOLUTIONS = str(FB / "2024-07-21_resolution_set.json")


def _by_key(result: Any) -> dict[tuple[Any, ...], Any]:
    return {g.key: g for g in result.groups}


class TestScoringutilsLayout:
    def test_example_quantile_rows(self) -> None:
        """scoringutils' example_quantile CSV layout: WIS per model equals the WIS of its 23 quantiles."""
        (res,) = files.score_files([str(SU / "example_quantile.csv")])
        df = pd.read_csv(SU / "example_quantile.csv")
        for (model,), group in _by_key(res).items():
            rows = df[df.model == model].sort_values("quantile_level")
            wis = weighted_interval_score(
                [rows.predicted.to_numpy()], rows.quantile_level.to_numpy(), [rows.observed.iloc[0]]
            )
            assert group.scores["wis"].mean == pytest.approx(wis[0], rel=1e-12)

    def test_example_binary_rows_with_a_row_without_forecast(self) -> None:
        """example_binary's rows without a model or forecast are counted, not dropped silently."""
        (res,) = files.score_files([str(SU / "example_binary.csv")], missing="count")
        groups = _by_key(res)
        assert groups[(None,)].unscored == {"no_forecast": 1}
        ens = groups[("EuroCOVIDhub-ensemble",)]
        df = pd.read_csv(SU / "example_binary.csv")
        mine = df[df.model == "EuroCOVIDhub-ensemble"]
        assert ens.n == len(mine) == 2
        assert ens.scores["brier_score"].mean == pytest.approx(
            ((mine.predicted - mine.observed) ** 2).mean()
        )

    def test_example_sample_continuous_rows(self) -> None:
        """example_sample_continuous: CRPS of the 40 samples, pivoted by sample_id."""
        (res,) = files.score_files([str(SU / "example_sample_continuous.csv")])
        df = pd.read_csv(SU / "example_sample_continuous.csv").sort_values("sample_id")
        expected = crps_sample([df.predicted.to_numpy()], [df.observed.iloc[0]])[0]
        assert res.groups[0].scores["crps"].mean == pytest.approx(expected, rel=1e-12)


class TestHubverse:
    def test_model_output_folders_and_oracle(self) -> None:
        """Hub files take model_id from their folder; quantile, median and pmf are scored apart."""
        results = files.score_files(
            HUB_FILES, oracle=[str(HUB / "oracle-output.csv")], missing="count"
        )
        assert [r.output_type for r in results] == ["quantile", "median", "pmf"]
        quantile = _by_key(results[0])
        one = quantile[("team1-model",)]
        expected = weighted_interval_score(
            [[380, 460, 520, 590, 700], [10, 14, 17, 21, 27]],
            [0.05, 0.25, 0.5, 0.75, 0.95],
            [551, 23],
        )
        assert one.scores["wis"].mean == pytest.approx(expected.mean())
        assert (one.n, one.unscored) == (2, {"no_observation": 1})  # horizon 1 not yet observed
        pmf = _by_key(results[2])
        assert pmf[("team2-model",)].scores["log_score"].mean == pytest.approx(-np.log(0.5))

    def test_each_output_type_scores_its_own_named_scores(self) -> None:
        """Named scores go to the output types they belong to; coverage only to quantiles."""
        results = files.score_files(
            HUB_FILES,
            oracle=[str(HUB / "oracle-output.csv")],
            scores=["wis", "interval_coverage_50", "ae_point"],
            missing="count",
        )
        assert [r.score_names for r in results] == [
            ("wis", "interval_coverage_50"),
            ("ae_point",),
            (),
        ]

    def test_a_score_no_output_type_has_is_a_problem(self) -> None:
        """A score name that fits none of the output types present is a problem, not ignored."""
        with pytest.raises(TableError, match=r"scores: no score 'crps' for the output types"):
            files.score_files(
                HUB_FILES, oracle=[str(HUB / "oracle-output.csv")], scores=["crps"], missing="count"
            )

    def test_parquet_gives_the_csv_numbers(self) -> None:
        """The same model output as one Parquet file scores exactly as the CSV files."""
        oracle = [str(HUB / "oracle-output.csv")]
        from_csv = files.score_files(HUB_FILES, oracle=oracle, missing="count")
        from_parquet = files.score_files(
            [str(HUB / "model-output.parquet")], oracle=oracle, missing="count"
        )
        assert [r.columns() for r in from_csv] == [r.columns() for r in from_parquet]

    def test_missing_oracle_rows_are_problems_by_default(self) -> None:
        """Without --missing count, a forecast with no oracle row is a problem at its file and row."""
        with pytest.raises(TableError) as info:
            files.score_files(HUB_FILES[:1], oracle=[str(HUB / "oracle-output.csv")])
        first = info.value.problems[0]
        assert (first.file, first.path) == (HUB_FILES[0], "row 7, column observed")


class TestForecastBench:
    def test_dataset_and_market_brier(self) -> None:
        """Brier (forecast - resolved_to)**2 per ForecastBench; a market not resolved scores against its value."""
        # ForecastBench src/leaderboard/main.py, brier_score: (df["forecast"] - df["resolved_to"]) ** 2;
        # resolved_to of an unresolved market question is its market value.
        table = forecastbench.forecastbench_table([FB_FORECASTS], [FB_RESOLUTIONS])
        out = nw.from_native(
            score_table(table, by=["source_type"], forecast_type="binary"), eager_only=True
        ).to_dict(as_series=False)
        assert out["source_type"] == ["dataset", "market"]
        assert out["brier_score"] == pytest.approx(
            [(0.16 + 0.3025 + 0.09) / 3, (0.0225 + 0.01) / 2]
        )

    def test_combination_question_ids(self) -> None:
        """A combination question's ids and directions are joined by '|'."""
        table = forecastbench.forecastbench_table([FB_FORECASTS], [FB_RESOLUTIONS])
        rows = table.to_pylist()
        combo = [r for r in rows if "|" in r["id"]]
        assert [(r["id"], r["direction"], r["observed"]) for r in combo] == [
            ("T10YIE|DGS10", "1|-1", 0.0)
        ]

    def test_leaderboard_equal_weight_overall(self) -> None:
        """Overall is the equal-weight mean of the dataset and market means."""
        table = forecastbench.forecastbench_table([FB_FORECASTS], [FB_RESOLUTIONS])
        (row,) = forecastbench.leaderboard(table)
        assert (row.n_dataset, row.n_market) == (3, 2)
        assert row.overall == pytest.approx((row.dataset + row.market) / 2)
        assert row.low < row.overall < row.high

    def test_crowd_median(self) -> None:
        """The crowd median is the median of the models' forecasts per question."""
        table = forecastbench.forecastbench_table([FB_FORECASTS], [FB_RESOLUTIONS])
        other = table.set_column(0, "model", pa.array(["other"] * table.num_rows))
        other = other.set_column(
            other.column_names.index("predicted"), "predicted", pa.array([0.2] * table.num_rows)
        )
        both = forecastbench.crowd_median(pa.concat_tables([table, other]))
        crowd = [r for r in both.to_pylist() if r["model"] == "crowd median"]
        assert sorted(r["predicted"] for r in crowd) == pytest.approx(
            sorted((p + 0.2) / 2 for p in table.column("predicted").to_pylist())
        )

    def test_bad_forecast_set_located_by_json_path(self, tmp_path: Path) -> None:
        """A forecast from an unknown source is a problem at its JSON path."""
        data = json.loads(Path(FB_FORECASTS).read_text(encoding="utf-8"))
        data["forecasts"][1]["source"] = "astrology"
        bad = tmp_path / "set.json"
        bad.write_text(json.dumps(data), encoding="utf-8")
        with pytest.raises(TableError) as info:
            forecastbench.forecastbench_table([str(bad)])
        assert [str(p) for p in info.value.problems] == [
            f"{bad}: $.forecasts[1].source: 'astrology' is not a ForecastBench source"
        ]

    def test_forecasts_that_are_not_probabilities_are_located(self, tmp_path: Path) -> None:
        """A forecast that is not a number, or lies outside [0, 1], is a problem at its path."""
        data = json.loads(Path(FB_FORECASTS).read_text(encoding="utf-8"))
        data["forecasts"][0]["forecast"] = "abc"
        data["forecasts"][1]["forecast"] = 3.0
        bad = tmp_path / "set.json"
        bad.write_text(json.dumps(data), encoding="utf-8")
        with pytest.raises(TableError) as info:
            forecastbench.forecastbench_table([str(bad)])
        assert [str(p) for p in info.value.problems] == [
            f"{bad}: $.forecasts[0].forecast: expected a probability in [0, 1], got 'abc'",
            f"{bad}: $.forecasts[1].forecast: expected a probability in [0, 1], got 3.0",
        ]


class TestBatches:
    def test_small_batches_give_the_whole_table_numbers(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """Read 3 rows at a time from Parquet row groups of 4, the scores are the in-memory ones, bit for bit."""
        rng = np.random.default_rng(3)
        n = 50
        table = pa.table(
            {
                "model": rng.choice(["a", "b", "c"], n),
                "question": np.arange(n),
                "observed": rng.integers(0, 2, n),
                "predicted": rng.random(n),
            }
        )
        path = tmp_path / "f.parquet"
        pq.write_table(table, path, row_group_size=4)
        monkeypatch.setattr(files, "_BATCH_ROWS", 3)
        (streamed,) = files.score_files([str(path)])
        whole = score_table(table)
        assert streamed.columns() == nw.from_native(whole, eager_only=True).to_dict(as_series=False)

    def test_problems_keep_their_file_row_across_batches_and_files(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """Rows are numbered per file whatever the batches; a duplicate names the other file's row."""
        a = tmp_path / "a.csv"
        b = tmp_path / "b.csv"
        a.write_text("question,observed,predicted\n1,1,0.5\n2,0,0.5\n3,1,0.5\n", encoding="utf-8")
        b.write_text("question,observed,predicted\n4,1,0.5\n3,1,1.5\n", encoding="utf-8")
        monkeypatch.setattr(files, "_BATCH_ROWS", 2)
        with pytest.raises(TableError) as info:
            files.score_files([str(a), str(b)], forecast_type="binary")
        assert [str(p) for p in info.value.problems] == [
            f"{b}: row 2, column predicted: 1.5 is not a probability in [0, 1]",
            f"{b}: row 2, column question: repeats the forecast unit (question) of {a} row 3 (a duplicate forecast)",
        ]


class TestCommand:
    def test_text_table(self, capsys: pytest.CaptureFixture[str]) -> None:
        """`forecastcheck score FILE` prints one line per group under a header."""
        assert main(["score", str(SU / "example_quantile.csv"), "--scores", "wis,bias"]) == 0
        lines = capsys.readouterr().out.splitlines()
        assert lines[0] == "quantile forecasts, by model"
        assert lines[1].split() == [
            "model",
            "n",
            "n_no_observation",
            "n_no_forecast",
            "wis",
            "bias",
        ]
        assert [line.split()[0] for line in lines[2:]] == [
            "EuroCOVIDhub-baseline",
            "EuroCOVIDhub-ensemble",
        ]

    def test_json_and_csv(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """--output json carries counts and reliability tables; --output csv -o writes the table."""
        assert (
            main(
                ["score", str(SU / "example_binary.csv"), "--missing", "count", "--output", "json"]
            )
            == 0
        )
        doc = json.loads(capsys.readouterr().out)
        assert doc[0]["forecast_type"] == "binary"
        assert doc[0]["groups"][0]["key"] == {"model": "EuroCOVIDhub-baseline"}
        bins = doc[0]["groups"][0]["reliability"]
        assert len(bins) == 10
        # a bin counts the calls that came true as `n_true`, the report JSON's name
        assert all("n_true" in b and "hits" not in b for b in bins)
        assert sum(b["n_true"] for b in bins) <= sum(b["n"] for b in bins)
        out = tmp_path / "scores.csv"
        assert (
            main(
                [
                    "score",
                    str(SU / "example_binary.csv"),
                    "--missing",
                    "count",
                    "--by",
                    "model,target_type",
                    "--output",
                    "csv",
                    "-o",
                    str(out),
                ]
            )
            == 0
        )
        header = out.read_text(encoding="utf-8").splitlines()[0]
        assert header == "model,target_type,n,n_no_observation,n_no_forecast,brier_score,log_score"

    def test_problems_located_exit_1(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """Every problem is printed with file, row and column; the exit status is 1."""
        bad = tmp_path / "bad.csv"
        bad.write_text("model,observed,predicted\na,1,2\na,,0.5\n", encoding="utf-8")
        assert main(["score", str(bad), "--type", "binary"]) == 1
        err = capsys.readouterr().err.splitlines()
        assert err == [
            f"{bad}: row 1, column predicted: 2.0 is not a probability in [0, 1]",
            f"{bad}: row 2, column observed: is missing: no observation (pass missing='count' to count such rows instead)",
            f"{bad}: row 2, column model: repeats the forecast unit (model) of row 1 (a duplicate forecast)",
            "forecastcheck score: 3 problems",
        ]

    def test_unreadable_and_unknown_files(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A missing file or a file that is not CSV or Parquet is a problem, not a traceback."""
        assert main(["score", str(tmp_path / "none.csv")]) == 1
        assert main(["score", str(tmp_path / "notes.txt")]) == 1
        err = capsys.readouterr().err
        assert "none.csv: cannot read" in err
        assert "notes.txt: not a table file" in err

    def test_output_over_an_input_is_a_usage_error(
        self, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """-o naming one of the files read exits 2 and writes nothing."""
        path = str(SU / "example_binary.csv")
        with pytest.raises(SystemExit) as info:
            main(["score", path, "-o", path])
        assert info.value.code == 2
        assert "is one of the files read" in capsys.readouterr().err

    def test_forecastbench_format(self, capsys: pytest.CaptureFixture[str]) -> None:
        """--format forecastbench takes forecast sets and, with --oracle, resolution sets."""
        assert (
            main(["score", "--format", "forecastbench", FB_FORECASTS, "--oracle", FB_RESOLUTIONS])
            == 0
        )
        lines = capsys.readouterr().out.splitlines()
        assert lines[0] == "binary forecasts, by model, source_type"
        assert [line.split()[1] for line in lines[2:]] == ["dataset", "market"]


class TestLedger:
    def test_ledger_rows_score_as_the_evaluation(self) -> None:
        """A ledger as a tidy table scores per source exactly as forecastcheck.evaluate does."""
        import datetime as dt

        import forecastcheck
        from forecastcheck.tables import ledger_table

        day = dt.date(2026, 2, 7)
        ledger = forecastcheck.load(ROOT / "fixtures" / "karabakh")
        table = ledger_table(ledger, as_of=day, backend="polars")
        (res,) = score_table_detail(table, missing="count", forecast_type="binary")
        cards = {c.source: c for c in forecastcheck.evaluate(ledger, as_of=day).sources}
        for (source,), group in _by_key(res).items():
            card = cards[source]
            assert group.n == card.n_resolved
            assert (
                group.unscored.get("no_observation", 0)
                == card.n_pending + card.n_ambiguous + card.n_annulled
            )
            if card.brier is not None:
                assert group.scores["brier_score"].mean == card.brier


def test_core_imports_load_no_dataframe_library() -> None:
    """Importing forecastcheck and its command line loads neither pyarrow nor narwhals."""
    import subprocess
    import sys

    code = (
        "import sys, forecastcheck, forecastcheck.cli; "
        "print([m for m in ('pyarrow', 'narwhals', 'pandas', 'polars') if m in sys.modules])"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


MQ = str(FIX / "metaculus" / "question_data.csv")
MF = str(FIX / "metaculus" / "forecast_data.csv")


class TestMetaculus:
    def test_baseline_time_averaged_by_coverage(self) -> None:
        """Baseline 100 (log2 p + 1) times the share of the life covered (Metaculus' score_math)."""
        # Metaculus scoring/score_math.py, evaluate_forecasts_baseline_accuracy:
        # 100 * ln(p * 2) / ln(2) * forecast_duration / total_duration.
        from forecastcheck.tables import metaculus

        scores, unscored, skipped = metaculus.metaculus_scores(MQ, MF)
        got = {(s.question, s.forecaster): s for s in scores}
        assert got["31001", "alice"].baseline == pytest.approx(100 * (math.log2(0.8) + 1))
        assert got["31001", "bob"].coverage == pytest.approx(0.5)
        assert got["31001", "bob"].baseline == pytest.approx(0.0)
        assert got["31002", "bob"].baseline == pytest.approx(100 * (math.log2(0.9) + 1))
        assert unscored == {"alice": 1}  # the annulled question
        assert skipped == {"31003": "resolved annulled"}

    def test_peer_against_the_geometric_mean(self) -> None:
        """Peer 100 N/(N-1) ln(p/g) over the intervals two forecasters stand; aggregates are not in g."""
        # Metaculus evaluate_forecasts_peer_accuracy: g the (unnormalised) geometric mean of
        # the standing pmfs; a lone forecaster (N = 1) scores 0 for that interval.
        from forecastcheck.tables import metaculus

        got = {(s.question, s.forecaster): s for s in metaculus.metaculus_scores(MQ, MF)[0]}
        g_yes = math.sqrt(0.8 * 0.5)
        assert got["31001", "alice"].peer == pytest.approx(200 * math.log(0.8 / g_yes) * 0.5)
        assert got["31001", "recency_weighted"].peer == pytest.approx(
            200 * math.log(0.7 / g_yes) * 0.5
        )
        g_no = math.sqrt(0.7 * 0.9)
        assert got["31002", "alice"].peer == pytest.approx(200 * math.log(0.7 / g_no))
        assert got["31002", "alice"].peer + got["31002", "bob"].peer == pytest.approx(0.0)

    def test_command(self, capsys: pytest.CaptureFixture[str]) -> None:
        """--format metaculus scores forecast_data.csv against its question_data.csv, per forecaster."""
        assert main(["score", "--format", "metaculus", MF, "--oracle", MQ]) == 0
        lines = capsys.readouterr().out.splitlines()
        assert lines[1].split() == [
            "model",
            "n",
            "n_no_observation",
            "n_no_forecast",
            "baseline_score",
            "peer_score",
            "coverage",
        ]
        assert lines[2].split()[:3] == ["alice", "2", "1"]

    def test_bad_probability_located(self, tmp_path: Path) -> None:
        """A probability of 1 (Metaculus keeps to [0.001, 0.999]) is a problem at its row."""
        from forecastcheck.tables import metaculus

        bad = tmp_path / "forecast_data.csv"
        text = Path(MF).read_text(encoding="utf-8").replace("0.8,,", "1,,", 1)
        bad.write_text(text, encoding="utf-8")
        with pytest.raises(TableError) as info:
            metaculus.metaculus_scores(MQ, str(bad))
        assert [str(p) for p in info.value.problems] == [
            f"{bad}: row 1, column Probability Yes: '1' is not a probability strictly between 0 and 1"
        ]
