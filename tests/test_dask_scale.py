"""Dask at scale: exact CORP and AUC in two passes, the optional duplicate check, stable hashes."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from typing import Any

import attrs
import numpy as np
import pytest

dd = pytest.importorskip(
    "dask.dataframe", reason="the dask extra (dask[dataframe], distributed) is not installed"
)
distributed = pytest.importorskip(
    "distributed", reason="the dask extra (dask[dataframe], distributed) is not installed"
)
pd = pytest.importorskip("pandas")
pa = pytest.importorskip("pyarrow")

from forecastcheck.calibration import corp, roc_auc  # noqa: E402
from forecastcheck.scoring import ScoringInputError  # noqa: E402
from forecastcheck.tables import TableError, dask_sorted, score_table_detail  # noqa: E402

PARTITIONS = [1, 7, 64]


@pytest.fixture(scope="module")
def client() -> Iterator[Any]:
    """One local cluster for the module: two worker processes, one thread each."""
    with (
        distributed.LocalCluster(
            n_workers=2, processes=True, threads_per_worker=1, dashboard_address=":0"
        ) as cluster,
        distributed.Client(cluster) as c,
    ):
        yield c


def _forecasts(n: int = 900) -> Any:
    """Binary forecasts with many ties (two decimals), certainties and a -0.0."""
    rng = np.random.default_rng(7)
    p = np.round(rng.random(n), 2)
    y = (rng.random(n) < p).astype(np.int8)
    p[:3] = [0.0, 1.0, -0.0]
    y[:3] = [1, 0, 0]  # two wrong certainties: infinite log scores
    return pd.DataFrame({"question": np.arange(n), "predicted": p, "observed": y})


def _split(frame: Any, n: int) -> Any:
    """The rows shuffled into ``n`` partitions, every third one empty."""
    rows = frame.iloc[np.random.default_rng(n).permutation(len(frame))]
    pieces = [rows.iloc[idx] for idx in np.array_split(np.arange(len(rows)), max(1, n - n // 3))]
    for k in range(n // 3):
        pieces.insert(min(3 * k + 1, len(pieces)), rows.iloc[0:0])
    return dd.concat([dd.from_pandas(p, npartitions=1, sort=False) for p in pieces])


def _same_corp(a: Any, b: Any) -> bool:
    """Every field equal, arrays element for element (bit for bit)."""
    da, db = attrs.asdict(a), attrs.asdict(b)
    return da.keys() == db.keys() and all(
        np.array_equal(da[k], db[k])
        if isinstance(da[k], np.ndarray)
        else repr(da[k]) == repr(db[k])
        for k in da
    )


@pytest.mark.parametrize("n", PARTITIONS)
@pytest.mark.parametrize("score", ["brier", "log", "misclassification"])
def test_corp_on_dask_is_the_in_memory_corp_bit_for_bit(client: Any, n: int, score: str) -> None:
    """CORP of a Dask frame (1, 7, 64 partitions, empty ones, ties) equals calibration.corp exactly."""
    frame = _forecasts()
    expected = corp(frame["predicted"].to_numpy(), frame["observed"].to_numpy(), score)  # type: ignore[arg-type]
    assert _same_corp(dask_sorted.corp(_split(frame, n), score), expected)  # type: ignore[arg-type]


@pytest.mark.parametrize("n", PARTITIONS)
def test_roc_auc_on_dask_is_the_in_memory_auc_bit_for_bit(client: Any, n: int) -> None:
    """ROC AUC of a Dask frame (ties as midranks) equals calibration.roc_auc exactly."""
    frame = _forecasts()
    expected = roc_auc(frame["predicted"].to_numpy(), frame["observed"].to_numpy())
    assert repr(dask_sorted.roc_auc(_split(frame, n))) == repr(expected)


def test_corp_on_dask_refuses_a_missing_forecast_as_in_memory(client: Any) -> None:
    """A NaN forecast is a ScoringInputError on Dask, as calibration.corp raises."""
    frame = _forecasts(20)
    frame.loc[5, "predicted"] = np.nan
    with pytest.raises(ScoringInputError):
        corp(frame["predicted"].to_numpy(), frame["observed"].to_numpy())
    with pytest.raises(ScoringInputError):
        dask_sorted.corp(_split(frame, 3))


def test_roc_auc_on_dask_needs_both_outcomes(client: Any) -> None:
    """Only outcomes 0 is the in-memory error, not a division by zero."""
    frame = _forecasts(20).assign(observed=0)
    with pytest.raises(ScoringInputError, match="needs both outcomes"):
        dask_sorted.roc_auc(_split(frame, 3))


def _with_duplicate() -> Any:
    """Two partitions; the second repeats question 1 of the first."""
    first = pd.DataFrame({"question": [1, 2], "predicted": [0.1, 0.2], "observed": [0, 1]})
    second = pd.DataFrame({"question": [3, 1], "predicted": [0.3, 0.4], "observed": [1, 0]})
    return dd.concat([dd.from_pandas(f, npartitions=1) for f in (first, second)])


def test_skipping_the_duplicate_check_scores_and_says_so(client: Any) -> None:
    """check_duplicates=False scores a table with a repeat across partitions and marks the result."""
    with pytest.raises(TableError, match="a duplicate forecast"):
        score_table_detail(_with_duplicate())
    (result,) = score_table_detail(_with_duplicate(), check_duplicates=False)
    assert result.duplicates_checked is False
    assert result.groups[0].n == 4


def test_the_duplicate_check_is_on_by_default_and_said(client: Any) -> None:
    """A checked Dask result says its duplicates were checked."""
    frame = _forecasts(50)
    (result,) = score_table_detail(_split(frame, 4), forecast_type="binary")
    assert result.duplicates_checked is True


def test_skipping_the_duplicate_check_in_memory_is_refused() -> None:
    """check_duplicates=False on a pandas table is a located error: only Dask skips it."""
    with pytest.raises(TableError, match="check_duplicates: False is for Dask DataFrames only"):
        score_table_detail(_forecasts(10), check_duplicates=False)


def test_text_unit_hashes_are_the_same_in_every_process() -> None:
    """The forecast-unit hashes of text do not depend on the process's hash seed."""
    code = (
        "import pyarrow as pa; from forecastcheck.tables import binary_stream as b; "
        "t = pa.table({'m': ['a', 'b', None], 'q': [1, 2, 3]}); "
        "print(b.unit_hashes(t, ['m', 'q']).tolist())"
    )
    outs = {
        subprocess.run(
            [sys.executable, "-c", code],
            capture_output=True,
            text=True,
            check=True,
            env={**os.environ, "PYTHONHASHSEED": seed},
        ).stdout
        for seed in ("1", "2")
    }
    assert len(outs) == 1


def test_a_dictionary_column_scores_as_its_values() -> None:
    """A dictionary-typed model column (unused entries, a null) gives the decoded column's scores."""
    models = pa.DictionaryArray.from_arrays(
        pa.array([0, 2, None, 0, 2, 2], pa.int32()), pa.array(["a", "unused", "b"])
    )
    table = pa.table(
        {
            "model": models,
            "question": [1, 2, 3, 4, 5, 6],
            "predicted": [0.1, 0.5, 0.7, 0.9, 0.2, 0.4],
            "observed": [0, 1, 1, 1, 0, 0],
        }
    )
    plain = table.set_column(0, "model", models.dictionary_decode())
    got = score_table_detail(table, forecast_type="binary")
    assert repr(got) == repr(score_table_detail(plain, forecast_type="binary"))
    assert [g.key for g in got[0].groups] == [("a",), ("b",), (None,)]


def test_a_long_batch_scores_as_short_ones() -> None:
    """A batch longer than a piece gives the same figures as the same rows in short batches."""
    from forecastcheck.tables import engine

    rng = np.random.default_rng(3)
    n = 300_000
    table = pa.table(
        {
            "model": rng.choice(["a", "b", "c"], n),
            "question": np.arange(n),
            "predicted": rng.random(n),
            "observed": (rng.random(n) < 0.5).astype(np.int8),
        }
    )
    names = table.column_names
    long = engine.score_source(engine.table_source(table, n), names, forecast_type="binary")
    short = engine.score_source(engine.table_source(table, 4096), names, forecast_type="binary")
    assert repr(long) == repr(short)


def test_no_duplicate_check_on_the_command_line_says_so(
    client: Any, tmp_path: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    """score --dask --no-duplicate-check scores a dataset with a repeat and says the check was skipped."""
    from forecastcheck.cli import main

    folder = tmp_path / "dataset"
    folder.mkdir()
    for i, part in enumerate(_with_duplicate().partitions):
        part.compute().to_parquet(folder / f"part-{i}.parquet", index=False)
    address = client.scheduler.address
    base = ["score", str(folder), "--dask", "--scheduler", address]
    assert main(base) == 1
    assert "a duplicate forecast" in capsys.readouterr().err
    assert main([*base, "--no-duplicate-check"]) == 0
    out, err = capsys.readouterr()
    assert "duplicate forecasts NOT checked" in out.splitlines()[0]
    assert "duplicate forecasts were not checked" in err


def test_no_duplicate_check_without_dask_is_a_usage_error(tmp_path: Any) -> None:
    """--no-duplicate-check without --dask exits 2."""
    from forecastcheck.cli import main

    with pytest.raises(SystemExit) as info:
        main(["score", str(tmp_path / "x.parquet"), "--no-duplicate-check"])
    assert info.value.code == 2
