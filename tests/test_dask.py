"""Scoring a Dask DataFrame on a local cluster: the same figures as in memory, bit for bit.

Also exact CORP and AUC in two passes, the optional duplicate check, stable hashes.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
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
from forecastcheck.cli import main  # noqa: E402
from forecastcheck.scoring import ScoringInputError  # noqa: E402
from forecastcheck.tables import (  # noqa: E402
    ForecastType,
    TableError,
    dask_sorted,
    hubverse,
    score_table,
    score_table_detail,
)

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


def _canonical(results: Any) -> str:
    """The results' repr with each group's unscored counts in one order (a dict's order is no figure)."""
    return repr(
        [
            attrs.evolve(
                r,
                groups=tuple(
                    attrs.evolve(g, unscored=dict(sorted(g.unscored.items()))) for g in r.groups
                ),
            )
            for r in results
        ]
    )


def _partitioned(frame: Any, n: int, seed: int = 0) -> Any:
    """The rows shuffled and cut into ``n`` partitions, every third one of them empty."""
    rng = np.random.default_rng(seed)
    rows = frame.iloc[rng.permutation(len(frame))].reset_index(drop=True)
    pieces = np.array_split(np.arange(len(rows)), max(1, n - n // 3))
    parts = [rows.iloc[idx] for idx in pieces]
    for k in range(n // 3):  # empty partitions in between
        parts.insert(min(3 * k + 1, len(parts)), rows.iloc[0:0])
    return dd.concat([dd.from_pandas(p, npartitions=1, sort=False) for p in parts])


def _binary(n: int = 600) -> Any:
    rng = np.random.default_rng(1)
    p = rng.random(n)
    p[::37] = np.nan  # no forecast
    y = (rng.random(n) < p).astype(float)
    y[5::41] = np.nan  # no observation
    y[7::53] = 0.25  # an outcome given as a probability
    return pd.DataFrame(
        {
            "model": rng.choice(["a", "b", "c"], n),
            "question": np.arange(n),
            "predicted": p,
            "observed": y,
        }
    )


def _quantile(units: int = 60) -> Any:
    rng = np.random.default_rng(2)
    levels = [0.05, 0.25, 0.5, 0.75, 0.95]
    rows = []
    for u in range(units):
        centre, y = rng.normal(size=2)
        q = np.sort(centre + rng.normal(size=len(levels)))
        model = "ab"[u % 2]
        rows += [(model, u, tau, q[j], y) for j, tau in enumerate(levels)]
    frame = pd.DataFrame(
        rows, columns=["model", "target", "quantile_level", "predicted", "observed"]
    )
    frame.loc[frame.index[::23], "predicted"] = np.nan
    return frame


def _categorical(units: int = 60) -> Any:
    rng = np.random.default_rng(3)
    labels = ["low", "mid", "high"]
    rows = []
    for u in range(units):
        probs = rng.dirichlet(np.ones(3))
        obs = labels[int(rng.integers(3))]
        rows += [("xyz"[u % 3], u, lab, probs[j], obs) for j, lab in enumerate(labels)]
    return pd.DataFrame(
        rows, columns=["model", "question", "predicted_label", "predicted", "observed"]
    )


@pytest.mark.parametrize("n", PARTITIONS)
@pytest.mark.parametrize("make", [_binary, _quantile, _categorical], ids=lambda f: f.__name__)
def test_dask_scores_equal_the_in_memory_scores_bit_for_bit(client: Any, make: Any, n: int) -> None:
    """Binary, quantile and categorical scores on 1, 7 and 64 partitions (NaNs, empty ones) are the in-memory results exactly."""
    frame = make()
    ftype: ForecastType | None = (
        "binary" if make is _binary else None
    )  # an outcome of 0.25 would read as point
    expected = score_table_detail(frame, missing="count", forecast_type=ftype)
    got = score_table_detail(_partitioned(frame, n), missing="count", forecast_type=ftype)
    assert _canonical(got) == _canonical(expected)
    assert got[0].groups
    assert got[0].groups[0].n > 0


def test_score_table_of_a_dask_frame_returns_a_pandas_frame(client: Any) -> None:
    """score_table gives a Dask DataFrame's (small) result as a pandas DataFrame equal to the in-memory one."""
    frame = _binary()
    options: dict[str, Any] = {"missing": "count", "scores": ["brier_score", "spherical_score"]}
    got = score_table(_partitioned(frame, 7), forecast_type="binary", **options)
    expected = score_table(frame, forecast_type="binary", **options)
    assert isinstance(got, pd.DataFrame)
    pd.testing.assert_frame_equal(got, expected)


def _problems(second: dict[str, list[Any]], **options: Any) -> list[str]:
    """The problems of a two-partition binary table whose second partition is ``second``."""
    first = {"question": [1, 2], "predicted": [0.1, 0.2], "observed": [0, 1]}
    parts = [dd.from_pandas(pd.DataFrame(p), npartitions=1) for p in (first, second)]
    with pytest.raises(TableError) as info:
        score_table_detail(dd.concat(parts), **options)
    return [str(p) for p in info.value.problems]


def test_a_bad_row_is_located_by_partition_and_row(client: Any) -> None:
    """A probability out of range is a problem at its partition and its row there."""
    second: dict[str, list[Any]] = {"question": [3, 4], "predicted": [0.3, 1.5], "observed": [1, 0]}
    assert _problems(second, forecast_type="binary") == [
        " partition 1: row 2, column predicted: 1.5 is not a probability in [0, 1]"
    ]


def test_a_duplicate_in_another_partition_is_found(client: Any) -> None:
    """A binary forecast repeated in another partition is a duplicate, as in memory."""
    second: dict[str, list[Any]] = {"question": [3, 1], "predicted": [0.3, 0.4], "observed": [1, 0]}
    assert _problems(second) == [
        " partition 1: row 2, column question: repeats the forecast unit (question) of "
        " partition 0 row 1 (a duplicate forecast)"
    ]


def test_a_duplicate_quantile_row_across_partitions_is_found(client: Any) -> None:
    """A quantile row repeated in another partition is a duplicate after the shuffle."""
    frame = _quantile(4)
    ddf = dd.concat(
        [dd.from_pandas(frame, npartitions=1), dd.from_pandas(frame.iloc[1:2], npartitions=1)]
    )
    with pytest.raises(TableError, match="a duplicate forecast"):
        score_table_detail(ddf, missing="count")


def test_a_score_that_does_not_merge_is_refused_naming_the_alternative(client: Any) -> None:
    """Asking a Dask frame for ROC AUC is an error naming the in-memory function."""
    with pytest.raises(TableError, match=r"roc_auc.*does not merge.*calibration\.roc_auc"):
        score_table_detail(_partitioned(_binary(), 2), scores=["roc_auc"])


def test_pooling_a_dask_frame_is_refused_naming_the_alternative() -> None:
    """aggregate= on a Dask frame is an error that says to compute it to pandas first."""
    with pytest.raises(TableError, match=r"aggregate= is not available on a Dask frame.*pandas"):
        score_table_detail(_partitioned(_binary(), 2), aggregate="median")


def test_importing_the_tables_does_not_import_dask() -> None:
    """Importing forecastcheck and forecastcheck.tables leaves Dask unimported."""
    code = "import sys, forecastcheck, forecastcheck.tables; print('dask' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_score_dask_on_a_parquet_dataset_matches_the_files(
    client: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """forecastcheck score DATASET --dask --scheduler ADDRESS prints what scoring the files prints."""
    frame = _quantile()
    folder = tmp_path / "dataset"
    folder.mkdir()
    for i, idx in enumerate(np.array_split(np.arange(len(frame)), 5)):
        frame.iloc[idx].to_parquet(folder / f"part-{i}.parquet", index=False)
    files = sorted(str(p) for p in folder.iterdir())
    assert main(["score", *files, "--missing", "count", "--output", "json"]) == 0
    expected = json.loads(capsys.readouterr().out)
    address = client.scheduler.address
    assert (
        main(
            [
                "score",
                str(folder),
                "--dask",
                "--scheduler",
                address,
                "--missing",
                "count",
                "--output",
                "json",
            ]
        )
        == 0
    )
    assert json.loads(capsys.readouterr().out) == expected


def test_scheduler_without_dask_is_a_usage_error(tmp_path: Path) -> None:
    """--scheduler without --dask exits 2."""
    with pytest.raises(SystemExit) as info:
        main(["score", str(tmp_path / "x.parquet"), "--scheduler", "tcp://127.0.0.1:1"])
    assert info.value.code == 2


def test_a_hubverse_quantile_dataset_scores_as_in_memory(client: Any) -> None:
    """A hubverse model-output Dask frame (oracle_value column) scores as the same table in memory."""
    tidy = _quantile()
    hub = pd.DataFrame(
        {
            "model_id": tidy["model"],
            "target": tidy["target"],
            "output_type": "quantile",
            "output_type_id": tidy["quantile_level"],
            "value": tidy["predicted"],
            "oracle_value": tidy["observed"],
        }
    )
    expected = score_table_detail(hub, missing="count")
    got = score_table_detail(_partitioned(hub, 7), missing="count")
    assert _canonical(got) == _canonical(expected)


def test_dask_without_its_packages_is_a_usage_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """score --dask where dask is not installed exits 2 naming the extra to install."""
    from forecastcheck.tables import dask_files

    monkeypatch.setattr(dask_files, "unavailable", lambda: "needs forecastcheck[dask]")
    assert main(["score", str(tmp_path), "--dask"]) == 2
    assert "needs forecastcheck[dask]" in capsys.readouterr().err


def _forecasts(n: int = 900) -> Any:
    """Binary forecasts with many ties (two decimals), certainties and a -0.0."""
    rng = np.random.default_rng(7)
    p = np.round(rng.random(n), 2)
    y = (rng.random(n) < p).astype(np.int8)
    p[:3] = [0.0, 1.0, -0.0]
    y[:3] = [1, 0, 0]  # two wrong certainties: infinite log scores
    return pd.DataFrame({"question": np.arange(n), "predicted": p, "observed": y})


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
    assert _same_corp(dask_sorted.corp(_partitioned(frame, n), score), expected)  # type: ignore[arg-type]


@pytest.mark.parametrize("n", PARTITIONS)
def test_roc_auc_on_dask_is_the_in_memory_auc_bit_for_bit(client: Any, n: int) -> None:
    """ROC AUC of a Dask frame (ties as midranks) equals calibration.roc_auc exactly."""
    frame = _forecasts()
    expected = roc_auc(frame["predicted"].to_numpy(), frame["observed"].to_numpy())
    assert repr(dask_sorted.roc_auc(_partitioned(frame, n))) == repr(expected)


def test_corp_on_dask_refuses_a_missing_forecast_as_in_memory(client: Any) -> None:
    """A NaN forecast is a ScoringInputError on Dask, as calibration.corp raises."""
    frame = _forecasts(20)
    frame.loc[5, "predicted"] = np.nan
    with pytest.raises(ScoringInputError):
        corp(frame["predicted"].to_numpy(), frame["observed"].to_numpy())
    with pytest.raises(ScoringInputError):
        dask_sorted.corp(_partitioned(frame, 3))


def test_roc_auc_on_dask_needs_both_outcomes(client: Any) -> None:
    """Only outcomes 0 is the in-memory error, not a division by zero."""
    frame = _forecasts(20).assign(observed=0)
    with pytest.raises(ScoringInputError, match="needs both outcomes"):
        dask_sorted.roc_auc(_partitioned(frame, 3))


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
    (result,) = score_table_detail(_partitioned(frame, 4), forecast_type="binary")
    assert result.duplicates_checked is True


def test_skipping_the_duplicate_check_in_memory_is_refused() -> None:
    """check_duplicates=False on a pandas table is a located error: only Dask skips it."""
    with pytest.raises(TableError, match="check_duplicates: False is for Dask DataFrames only"):
        score_table_detail(_forecasts(10), check_duplicates=False)


def test_text_unit_hashes_are_the_same_in_every_process() -> None:
    """The forecast-unit hashes of text do not depend on the process's hash seed."""
    code = (
        "import pyarrow as pa; from forecastcheck.tables import _unit_hashes as b; "
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
    with pytest.raises(SystemExit) as info:
        main(["score", str(tmp_path / "x.parquet"), "--no-duplicate-check"])
    assert info.value.code == 2


def test_sample_scores_do_not_depend_on_the_order_of_the_rows() -> None:
    """A sample table's scores are the same bits with its rows in another order (as a shuffle leaves them)."""
    rng = np.random.default_rng(4)
    units, draws = 40, 7
    frame = pd.DataFrame(
        {
            "target": np.repeat(np.arange(units), draws),
            "sample_id": np.tile(np.arange(draws), units),
            "predicted": rng.normal(10, 3, units * draws),
            "observed": np.repeat(rng.normal(10, 3, units), draws),
        }
    )
    shuffled = frame.iloc[rng.permutation(len(frame))].reset_index(drop=True)
    assert _canonical(score_table_detail(shuffled)) == _canonical(score_table_detail(frame))


# ---------------------------------------------------------------- hubverse, oracle joined on Dask

_LEVELS = ["0.1", "0.5", "0.9"]
_LABELS = ["low", "mid", "high"]
_THRESHOLDS = ["10", "20", "30"]


def _hub_rows(location: int, model: str, rng: Any) -> list[tuple[Any, ...]]:
    """One model's forecasts of one location: mean, median, quantile, sample, pmf and cdf rows."""
    centre = float(rng.normal(20, 5))
    quantiles = np.sort(centre + rng.normal(0, 4, len(_LEVELS)))
    probs = rng.dirichlet(np.ones(len(_LABELS)))
    cdf = np.sort(rng.random(len(_THRESHOLDS)))
    samples = centre + rng.normal(0, 4, 4)
    return [
        (model, location, "cases", "mean", None, centre),
        (model, location, "cases", "median", None, centre + 0.5),
        *[
            (model, location, "cases", "quantile", t, q)
            for t, q in zip(_LEVELS, quantiles, strict=True)
        ],
        *[(model, location, "cases", "sample", str(i), s) for i, s in enumerate(samples)],
        *[(model, location, "level", "pmf", c, p) for c, p in zip(_LABELS, probs, strict=True)],
        *[(model, location, "peak", "cdf", t, p) for t, p in zip(_THRESHOLDS, cdf, strict=True)],
    ]


def _hub(locations: int = 12) -> tuple[Any, Any]:
    """A hubverse model-output table of every output type (a NaN value included) and its oracle output.

    The oracle output has no rows for the last location (its forecasts have no observation).
    """
    rng = np.random.default_rng(5)
    rows = [r for loc in range(locations) for m in ("m1", "m2") for r in _hub_rows(loc, m, rng)]
    columns = ["model_id", "location", "target", "output_type", "output_type_id", "value"]
    model_output = pd.DataFrame(rows, columns=columns)
    model_output.loc[model_output.index[::29], "value"] = np.nan
    oracle: list[tuple[Any, ...]] = []
    for loc in range(locations - 1):
        y = float(rng.normal(20, 5))
        oracle.append((loc, "cases", None, None, y))
        happened = _LABELS[int(rng.integers(len(_LABELS)))]
        oracle += [(loc, "level", "pmf", c, float(c == happened)) for c in _LABELS]
        oracle += [(loc, "peak", "cdf", t, float(y <= float(t))) for t in _THRESHOLDS]
    names = ["location", "target", "output_type", "output_type_id", "oracle_value"]
    return model_output, pd.DataFrame(oracle, columns=names)


@pytest.mark.parametrize("n", PARTITIONS)
def test_a_hubverse_frame_with_an_oracle_scores_as_in_memory(client: Any, n: int) -> None:
    """Every output type (pmf and cdf too) joined to oracle= on 1, 7, 64 partitions is the in-memory result."""
    model_output, oracle = _hub()
    ddf = _partitioned(model_output, n)
    # the same rows in the same order (the output types come in the order they first appear)
    rows = ddf.compute().reset_index(drop=True)
    expected = score_table_detail(rows, oracle=oracle, missing="count")
    got = score_table_detail(ddf, oracle=oracle, missing="count")
    assert sorted(str(r.output_type) for r in got) == sorted(hubverse.OUTPUT_TYPES)
    assert _canonical(got) == _canonical(expected)
    assert all(r.groups[0].n > 0 for r in got)


def test_an_oracle_given_as_a_dask_frame_is_joined_as_a_table(client: Any) -> None:
    """oracle= may itself be a Dask DataFrame: it is computed and joined like the table."""
    model_output, oracle = _hub(4)
    ddf = _partitioned(model_output, 3)
    expected = score_table(ddf.compute().reset_index(drop=True), oracle=oracle, missing="count")
    got = score_table(ddf, oracle=dd.from_pandas(oracle, npartitions=2), missing="count")
    pd.testing.assert_frame_equal(got, expected)


def _in_partitions(problems: list[str], sizes: list[int]) -> list[str]:
    """In-memory problems ("row R, ...") located as on Dask ("partition P: row R', ...")."""
    starts = np.cumsum([0, *sizes])
    out = []
    for p in problems:
        if not p.startswith("row "):  # a problem of the whole table, not of a row
            out.append(p)
            continue
        row = int(p.split(",")[0].removeprefix("row "))
        part = int(np.searchsorted(starts, row) - 1)
        out.append(f" partition {part}: row {row - starts[part]}" + p[p.index(",") :])
    return out


def _hub_problems(model_output: Any, oracle: Any, sizes: list[int]) -> tuple[list[str], list[str]]:
    """The problems in memory, relocated to ``sizes`` partitions, and those on Dask."""
    with pytest.raises(TableError) as memory:
        score_table_detail(model_output, oracle=oracle)
    parts = np.split(np.arange(len(model_output)), np.cumsum(sizes)[:-1])
    ddf = dd.concat([dd.from_pandas(model_output.iloc[i], npartitions=1) for i in parts])
    with pytest.raises(TableError) as on_dask:
        score_table_detail(ddf, oracle=oracle)
    expected = _in_partitions([str(p) for p in memory.value.problems], sizes)
    return expected, [str(p) for p in on_dask.value.problems]


def test_a_forecast_without_an_oracle_row_is_located_as_in_memory(client: Any) -> None:
    """A forecast unit with no oracle row is a problem at its partition and row, as in memory."""
    model_output, oracle = _hub(3)
    model_output = model_output[model_output["output_type"] == "pmf"].reset_index(drop=True)
    model_output["value"] = model_output["value"].fillna(0.0)
    expected, got = _hub_problems(model_output, oracle, [5, 8, 5])
    assert got == expected
    assert any("partition 2: row" in p for p in got)


def test_a_pmf_not_summing_to_one_is_located_as_in_memory(client: Any) -> None:
    """A pmf whose probabilities do not sum to 1 is a problem at its rows on Dask, as in memory."""
    model_output, oracle = _hub(3)
    model_output = model_output[model_output["output_type"] == "pmf"].reset_index(drop=True)
    model_output["value"] = model_output["value"].fillna(0.0)
    model_output.loc[7, "value"] += 0.25
    expected, got = _hub_problems(model_output, oracle.iloc[:-4], [4, 4, 10])
    assert got == expected
    assert any("partition 1" in p for p in got)


def test_crossing_quantiles_among_other_output_types_are_located_by_the_frames_rows(
    client: Any,
) -> None:
    """Crossing quantiles in partitions mixing output types are located at the model-output rows."""
    model_output, oracle = _hub(3)
    kept = model_output["output_type"].isin(["mean", "median", "quantile"])
    model_output = model_output[kept & (model_output["location"] < 2)].dropna(subset=["value"])
    truth = oracle.loc[oracle["target"] == "cases", ["location", "oracle_value"]]
    model_output = model_output.merge(truth, on="location", how="left")
    quantiles = model_output.index[model_output["output_type"] == "quantile"]
    model_output.loc[quantiles[7], "value"] -= 100.0  # below the unit's first quantile
    expected, got = _hub_problems(model_output, None, [6, 7, len(model_output) - 13])
    assert got == expected
    assert len(got) == 1
    assert "partition 1" in got[0]
    assert "crossing quantiles" in got[0]


def test_an_oracle_without_oracle_values_is_a_problem_of_the_oracle(client: Any) -> None:
    """An oracle table without oracle_value is the in-memory problem, before any partition is read."""
    model_output, oracle = _hub(2)
    oracle = oracle.drop(columns=["oracle_value"])
    expected, got = _hub_problems(model_output, oracle, [len(model_output)])
    assert got == expected == ["column oracle_value: missing: an oracle-output table needs it"]


def test_score_dask_with_an_oracle_file_matches_the_files(
    client: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    """forecastcheck score DATASET --dask --oracle FILE prints what scoring the files prints."""
    hub = Path(__file__).resolve().parent.parent / "fixtures" / "tables" / "hubverse"
    dataset, oracle = str(hub / "model-output.parquet"), str(hub / "oracle-output.csv")
    options = ["--oracle", oracle, "--missing", "count", "--output", "json"]
    assert main(["score", dataset, *options]) == 0
    expected = json.loads(capsys.readouterr().out)
    address = client.scheduler.address
    assert main(["score", dataset, "--dask", "--scheduler", address, *options]) == 0
    got = json.loads(capsys.readouterr().out)
    assert got == expected
    assert "pmf" in json.dumps(got)


# ------------------------------------------- hubverse, Dask's dataframe.convert-string on and off

_HUB = Path(__file__).resolve().parent.parent / "fixtures" / "tables" / "hubverse"


@pytest.mark.parametrize("convert_string", [True, False])
@pytest.mark.parametrize("n", [1, 3])
def test_a_hubverse_frame_of_objects_scores_as_in_memory(
    client: Any, convert_string: bool, n: int
) -> None:
    """Date objects as task ids score as in memory whether Dask turns objects to text or not."""
    import dask
    import pyarrow.csv
    import pyarrow.parquet

    model_output = pyarrow.parquet.read_table(_HUB / "model-output.parquet").to_pandas()
    oracle = pyarrow.csv.read_csv(_HUB / "oracle-output.csv")
    expected = score_table(model_output, oracle=oracle, missing="count")
    with dask.config.set({"dataframe.convert-string": convert_string}):
        ddf = dd.from_pandas(model_output, npartitions=n)
        got = score_table(ddf, oracle=oracle, missing="count")
    pd.testing.assert_frame_equal(got, expected)


def test_partitions_of_one_output_type_each_score_as_in_memory(client: Any) -> None:
    """A partition whose output_type_id is all None (mean rows), objects kept, scores as in memory."""
    import dask

    model_output, oracle = _hub(4)
    model_output = model_output.astype(object)  # Python objects, None for a missing id
    parts = [g for _, g in model_output.groupby("output_type", sort=False)]
    with dask.config.set({"dataframe.convert-string": False}):
        ddf = dd.concat([dd.from_pandas(p, npartitions=1, sort=False) for p in parts])
        rows = ddf.compute().reset_index(drop=True)
        got = score_table_detail(ddf, oracle=oracle, missing="count")
    assert _canonical(got) == _canonical(score_table_detail(rows, oracle=oracle, missing="count"))


def test_an_oracle_key_that_cannot_be_read_as_the_model_outputs_is_located(client: Any) -> None:
    """Oracle text that is no date, against date task ids, is one problem of that column, from a worker."""
    import datetime

    import dask

    model_output, oracle = _hub(2)
    model_output["location"] = [datetime.date(2024, 1, 1 + v) for v in model_output["location"]]
    oracle["location"] = "US"
    with dask.config.set({"dataframe.convert-string": False}):
        expected, got = _hub_problems(model_output, oracle, [20, len(model_output) - 20])
    assert got == expected
    assert len(expected) == 1
    assert expected[0].startswith("column location: its values (")
