"""Nested (struct, list) columns in forecast tables: located problems on every scoring path."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from forecastcheck.cli import main
from forecastcheck.tables import TableError, files, read_table, score_table

ROOT = Path(__file__).resolve().parent.parent
HUB = ROOT / "fixtures" / "tables" / "hubverse"
META = [
    {"run": 1, "tag": "x"},
    {"run": 2, "tag": "y"},
    {"run": 1, "tag": "x"},
    {"run": 2, "tag": "y"},
]
STRUCT = "struct<run: int64, tag: string>"


def _binary(**columns: Any) -> pa.Table:
    base: dict[str, Any] = {
        "model": ["a", "a", "b", "b"],
        "question": [1, 2, 1, 2],
        "meta": META,
        "observed": [1, 0, 1, 1],
        "predicted": [0.8, 0.3, 0.6, 0.5],
    }
    return pa.table(base | columns)


def _quantile() -> pa.Table:
    rows = [(m, q, lv) for m in ("a", "b") for q in (1, 2) for lv in (0.25, 0.5, 0.75)]
    return pa.table(
        {
            "model": [m for m, _, _ in rows],
            "question": [q for _, q, _ in rows],
            "meta": [[q] for _, q, _ in rows],
            "quantile_level": [lv for _, _, lv in rows],
            "observed": [float(q) for _, q, _ in rows],
            "predicted": [q + lv - 0.5 for _, q, lv in rows],
        }
    )


def _messages(exc: pytest.ExceptionInfo[TableError]) -> list[str]:
    return [str(p) for p in exc.value.problems]


def _nested_message(file: str, type_: str) -> str:
    where = f"{file}: " if file else ""
    return (
        f"{where}column meta: is a nested column ({type_}): it is part of the forecast unit, "
        "whose columns must hold plain values (text, numbers, dates); "
        "split it into plain columns or drop it"
    )


def _parquet(table: pa.Table, tmp_path: Path) -> str:
    path = str(tmp_path / "forecasts.parquet")
    pq.write_table(table, path)
    return path


def test_struct_unit_column_in_memory_is_a_column_problem() -> None:
    """A struct column of an in-memory table's forecast unit is one problem naming it and its type."""
    with pytest.raises(TableError) as exc:
        score_table(_binary())
    assert _messages(exc) == [_nested_message("", STRUCT)]


def test_list_column_of_a_pandas_frame_is_a_column_problem() -> None:
    """A pandas column of lists (a list column once in Arrow) is the same problem, not a crash."""
    frame = _binary().to_pandas()
    frame["meta"] = [[1], [2], [1], [2]]
    with pytest.raises(TableError) as exc:
        score_table(frame)
    assert _messages(exc) == [_nested_message("", "list<item: int64>")]


def test_struct_column_of_a_parquet_file_names_the_file(tmp_path: Path) -> None:
    """score_files of a Parquet file with a struct unit column: the problem names file and column."""
    path = _parquet(_binary(), tmp_path)
    with pytest.raises(TableError) as exc:
        files.score_files([path])
    assert _messages(exc) == [_nested_message(path, STRUCT)]


@pytest.mark.parametrize("partitions", [1, 3])
def test_list_column_of_quantile_forecasts_in_parts(tmp_path: Path, partitions: int) -> None:
    """Quantile forecasts with a list unit column, in one pass or in K parts: one problem."""
    path = _parquet(_quantile(), tmp_path)
    with pytest.raises(TableError) as exc:
        files.score_files([path], partitions=partitions)
    assert _messages(exc) == [_nested_message(path, "list<element: int64>")]


def test_nested_column_is_listed_with_every_other_problem(tmp_path: Path) -> None:
    """The rows are still validated: a bad probability and a duplicate are listed beside it."""
    table = _binary(
        predicted=[1.5, 0.3, 0.6, 0.5], question=[1, 2, 1, 1], meta=META[:3] + META[2:3]
    )
    path = _parquet(table, tmp_path)
    with pytest.raises(TableError) as exc:
        files.score_files([path], forecast_type="binary")
    assert _messages(exc) == [
        _nested_message(path, STRUCT),
        f"{path}: row 1, column predicted: 1.5 is not a probability in [0, 1]",
        f"{path}: row 4, column model: repeats the forecast unit (model, question, meta) of "
        "row 3 (a duplicate forecast)",
    ]


def test_rows_differing_only_in_the_nested_column_are_not_duplicates() -> None:
    """Rows told apart by their nested value alone are not reported as duplicate forecasts."""
    table = _binary(question=[1, 1, 1, 1])
    with pytest.raises(TableError) as exc:
        score_table(table)
    assert _messages(exc) == [_nested_message("", STRUCT)]


def test_nested_sample_id_is_a_column_problem() -> None:
    """A nested sample_id, which tells a forecast's rows apart, is a problem of that column."""
    table = _binary(sample_id=[[1], [2], [1], [2]], predicted=[3.0, 2.0, 1.0, 2.0]).drop(["meta"])
    with pytest.raises(TableError) as exc:
        score_table(table)
    assert _messages(exc) == [
        "column sample_id: is a nested column (list<item: int64>): it must hold plain values"
    ]


def test_pooling_a_table_with_a_nested_unit_column_is_a_problem(tmp_path: Path) -> None:
    """aggregate= (the crowd of the models) reports the nested unit column instead of crashing."""
    path = _parquet(_binary(), tmp_path)
    with pytest.raises(TableError) as exc:
        files.score_files([path], aggregate="mean")
    assert _messages(exc) == [_nested_message(path, STRUCT)]


def test_command_reports_the_nested_column(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`forecastcheck score FILE` exits 1 with the located problem, as for other table problems."""
    path = _parquet(_binary(), tmp_path)
    assert main(["score", path]) == 1
    captured = capsys.readouterr()
    assert _nested_message(path, STRUCT) in captured.err
    assert "Traceback" not in captured.err


def test_hubverse_task_id_column_that_is_nested(tmp_path: Path) -> None:
    """A nested task-id column of hubverse model output is the same located problem."""
    output = pq.read_table(HUB / "model-output.parquet")
    output = output.append_column("meta", pa.array([[1]] * output.num_rows))
    path = _parquet(output, tmp_path)
    with pytest.raises(TableError) as exc:
        files.score_files([path], oracle=[str(HUB / "oracle-output.csv")], missing="count")
    assert _messages(exc) == [_nested_message(path, "list<element: int64>")]


def test_nested_oracle_column_not_in_the_unit_is_ignored(tmp_path: Path) -> None:
    """A nested oracle-output column the model output lacks is not used, and changes no score."""
    oracle = read_table(str(HUB / "oracle-output.csv"))
    oracle = oracle.append_column("note", pa.array([{"source": "x"}] * oracle.num_rows))
    nested_oracle = str(tmp_path / "oracle.parquet")
    pq.write_table(oracle, nested_oracle)
    model_output = [str(HUB / "model-output.parquet")]
    plain = files.score_files(
        model_output, oracle=[str(HUB / "oracle-output.csv")], missing="count"
    )
    assert files.score_files(model_output, oracle=[nested_oracle], missing="count") == plain


def test_dask_frame_with_a_nested_unit_column_is_a_problem() -> None:
    """A Dask DataFrame with a column of dicts reports it as a struct column, binary or point."""
    dd = pytest.importorskip("dask.dataframe")
    import dask

    with dask.config.set({"dataframe.convert-string": False}):  # keep the dicts as objects
        frame = dd.from_pandas(_binary().to_pandas(), npartitions=2)
    with dask.config.set(scheduler="synchronous"):
        for forecast_type in ("binary", "point"):
            with pytest.raises(TableError) as exc:
                score_table(frame, forecast_type=forecast_type)
            assert _messages(exc) == [_nested_message("", STRUCT)]
