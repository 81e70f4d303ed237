"""`forecastcheck score --aggregate METHOD`: the models' binary forecasts pooled, then scored."""

from __future__ import annotations

import csv
import typing
from pathlib import Path

import pyarrow as pa
import pytest

from forecastcheck import _score_command
from forecastcheck.cli import main
from forecastcheck.crowd import CrowdMethod
from forecastcheck.tables import score_files, score_table

ROWS: list[tuple[object, ...]] = [
    ("question", "model", "predicted", "observed"),
    (1, "a", 0.7, 1),
    (1, "b", 0.8, 1),
    (1, "c", 0.9, 1),
    (2, "a", 0.2, 0),
    (2, "b", 0.4, 0),
    (2, "c", 0.3, 0),
]


def _write(path: Path, rows: list[tuple[object, ...]]) -> str:
    with path.open("w", newline="", encoding="utf-8") as f:
        csv.writer(f).writerows(rows)
    return str(path)


def test_choices_are_the_crowd_methods(capsys: pytest.CaptureFixture[str]) -> None:
    """--aggregate offers exactly forecastcheck.crowd's pooling methods, each in its help."""
    assert typing.get_args(CrowdMethod) == _score_command.aggregates()
    with pytest.raises(SystemExit):
        main(["score", "--help"])
    text = " ".join(capsys.readouterr().out.split())
    assert all(name in text for name in _score_command.aggregates())


@pytest.mark.parametrize("method", typing.get_args(CrowdMethod))
def test_file_scores_equal_score_table(tmp_path: Path, method: CrowdMethod) -> None:
    """Each method scores a CSV file exactly as score_table(..., aggregate=method) scores it."""
    path = _write(tmp_path / "votes.csv", ROWS)
    (result,) = score_files([path], aggregate=method)
    header, *body = ROWS
    table = pa.table({c: [r[i] for r in body] for i, c in enumerate(header)})
    expected = score_table(table, aggregate=method).to_pydict()
    assert result.columns() == expected
    assert expected["model"] == [f"crowd:{method}"]


def test_command_prints_the_crowd(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`score FILE --aggregate trimmed-mean --output csv` prints the crowd's row."""
    path = _write(tmp_path / "votes.csv", ROWS)
    assert main(["score", path, "--aggregate", "median", "--output", "csv"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "model,n,n_no_observation,n_no_forecast,brier_score,log_score"
    assert lines[1].startswith("crowd:median,2,0,0,")
    assert main(["score", path, "--aggregate", "trimmed-mean", "--output", "csv"]) == 0
    assert capsys.readouterr().out.splitlines()[1].startswith("crowd:trimmed_mean,2,")


def test_unknown_method_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """An unknown method exits 2 and lists the choices."""
    path = _write(tmp_path / "votes.csv", ROWS)
    with pytest.raises(SystemExit) as info:
        main(["score", path, "--aggregate", "mode"])
    assert info.value.code == 2
    assert "geometric_mean_odds" in capsys.readouterr().err


def test_with_dask_is_a_usage_error(tmp_path: Path) -> None:
    """--aggregate with --dask exits 2 instead of scoring the models unpooled."""
    path = _write(tmp_path / "votes.csv", ROWS)
    with pytest.raises(SystemExit) as info:
        main(["score", path, "--aggregate", "mean", "--dask"])
    assert info.value.code == 2


def test_problems_name_the_file_and_row(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A forecast missing in the second file is located in that file, at its own row."""
    first = _write(tmp_path / "a.csv", ROWS[:4])
    second = _write(tmp_path / "b.csv", [ROWS[0], ROWS[4], (2, "b", "", 0), ROWS[6]])
    assert main(["score", first, second, "--aggregate", "mean"]) == 1
    assert capsys.readouterr().err.splitlines() == [
        f"{second}: row 2, column predicted: is missing: cannot be pooled",
        "forecastcheck score: 1 problem",
    ]


def test_non_binary_tables_are_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A quantile table with --aggregate is one located problem, not a traceback."""
    path = _write(
        tmp_path / "q.csv",
        [("model", "quantile_level", "predicted", "observed"), ("a", 0.5, 3, 2)],
    )
    assert main(["score", path, "--aggregate", "mean"]) == 1
    err = capsys.readouterr().err
    assert f"{path}: --aggregate pools the models' binary forecasts, not quantile forecasts" in err


def test_forecastbench_sets_pool_by_source_type() -> None:
    """A ForecastBench set of one model pooled: the crowd scores as that model, per source type."""
    fb = Path(__file__).resolve().parent.parent / "fixtures" / "tables" / "forecastbench"
    paths = [str(fb / "2024-07-21.ForecastBench.gpt-4o-2024-05-13.json")]
    oracle = [str(fb / "2024-07-21_resolution_set.json")]
    (alone,) = score_files(paths, format="forecastbench", oracle=oracle)
    (crowd,) = score_files(paths, format="forecastbench", oracle=oracle, aggregate="median")
    assert [g.key[1] for g in crowd.groups] == [g.key[1] for g in alone.groups]
    assert {g.key[0] for g in crowd.groups} == {"crowd:median"}
    assert [g.scores for g in crowd.groups] == [g.scores for g in alone.groups]
