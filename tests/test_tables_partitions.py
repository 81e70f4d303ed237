"""Non-binary tables scored in parts by forecast unit: the same scores and problems as one pass."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from forecastcheck.tables import TableError, score_files
from forecastcheck.tables._partitions import unit_hash

LEVELS = [0.05, 0.25, 0.5, 0.75, 0.95]


def _quantiles(n_units: int, seed: int = 0) -> pa.Table:
    rng = np.random.default_rng(seed)
    models = ["m1", "m2", "m3"]
    units = [(m, loc, t) for m in models for loc in ("DE", "FR", "PL") for t in range(n_units)]
    rows: dict[str, list[object]] = {
        k: [] for k in ("model", "location", "target", "quantile_level", "predicted", "observed")
    }
    for m, loc, t in units:
        centre, spread, obs = rng.normal(100, 20), rng.uniform(1, 30), rng.normal(100, 25)
        qs = np.sort(centre + spread * rng.normal(size=len(LEVELS)))
        for tau, q in zip(LEVELS, qs, strict=True):
            for k, v in zip(rows, (m, loc, t, tau, float(q), float(obs)), strict=True):
                rows[k].append(v)
    table = pa.table(rows)
    return table.take(pa.array(rng.permutation(table.num_rows)))  # a unit's rows apart


def _write(table: pa.Table, path: Path) -> str:
    if path.suffix == ".csv":
        pacsv.write_csv(table, path)
    else:
        pq.write_table(table, path, row_group_size=97)
    return str(path)


@pytest.mark.parametrize("suffix", [".csv", ".parquet"])
def test_seven_parts_score_exactly_as_one(tmp_path: Path, suffix: str) -> None:
    """WIS, its parts, bias and coverage by model and location are bit-identical for K=1 and K=7."""
    path = _write(_quantiles(40), tmp_path / f"q{suffix}")
    scores = ["wis", "dispersion", "overprediction", "bias", "interval_coverage_50", "ae_median"]
    options = {"by": ["model", "location"], "scores": scores}
    (one,) = score_files([path], partitions=1, **options)  # type: ignore[arg-type]
    (seven,) = score_files([path], partitions=7, **options)  # type: ignore[arg-type]
    assert seven == one
    assert [g.n for g in seven.groups] == [40] * 9


@settings(max_examples=25, deadline=None)
@given(
    values=st.lists(st.floats(-1e6, 1e6, allow_nan=False), min_size=1, max_size=40),
    k=st.integers(2, 9),
)
def test_sample_scores_do_not_depend_on_the_parts(values: list[float], k: int) -> None:
    """Sample forecasts (CRPS, median and mean errors) score the same in k parts as in one."""
    n = len(values)
    table = pa.table(
        {
            "model": [f"m{i % 3}" for i in range(n)],
            "target": [i % 5 for i in range(n)],
            "sample_id": [i // 15 for i in range(n)],
            "predicted": values,
            "observed": [float(i % 5) for i in range(n)],
        }
    )
    with tempfile.TemporaryDirectory() as folder:
        path = _write(table, Path(folder) / "s.parquet")
        assert score_files([path], partitions=k) == score_files([path], partitions=1)


def test_problems_keep_the_original_rows(tmp_path: Path) -> None:
    """Duplicates, missing and differing observations are listed alike, at the file's rows."""
    text = (
        "model,target,quantile_level,predicted,observed\n"
        "a,1,0.25,1,5\n"  # row 1
        "a,2,0.25,4,5\n"
        "b,1,0.25,2,\n"  # row 3: no observation
        "a,1,0.75,3,5\n"
        "a,2,0.75,6,5\n"
        "a,1,0.25,1,5\n"  # row 6: repeats row 1
        "b,1,0.75,2,5\n"
    )
    bad = tmp_path / "bad.csv"
    bad.write_text(text, encoding="utf-8")
    found = []
    for k in (1, 7):
        with pytest.raises(TableError) as info:
            score_files([str(bad)], partitions=k)
        found.append([str(p) for p in info.value.problems])
    assert found[0] == found[1]
    assert found[0] == [
        f"{bad}: row 3, column observed: is missing: no observation "
        "(pass missing='count' to count such rows instead)",
        f"{bad}: row 6, column quantile_level: repeats the forecast unit (model, target) "
        "and quantile_level of row 1 (a duplicate forecast)",
        f"{bad}: row 7, column observed: differs from the observed value of the same "
        "forecast's first row",
    ]


def test_temporary_parts_are_removed_on_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The parts' temporary folder is gone after a table with problems raised."""
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    table = _quantiles(5).set_column(4, "predicted", pa.array(["x"] * (5 * 9 * len(LEVELS))))
    path = _write(table, tmp_path / "bad.parquet")
    with pytest.raises(TableError):
        score_files([path], partitions=4)
    assert os.listdir(scratch) == []


def test_equal_units_hash_alike_across_batches() -> None:
    """A unit's hash depends on its values only, not on the batch's other rows (NaN included)."""
    a = pa.table({"x": ["p", "q", "p"], "y": [1.0, float("nan"), 2.0]})
    b = pa.table({"x": ["q", "z"], "y": [float("nan"), 1.0]})
    ha, hb = unit_hash(a, ["x", "y"]), unit_hash(b, ["x", "y"])
    assert ha[1] == hb[0]
    assert len({int(ha[0]), int(ha[2]), int(hb[1])}) == 3


def test_groups_merged_from_parts_are_the_whole_tables() -> None:
    """Two halves' groups merged (`merge_groups`) equal the whole's: counts, bins and totals."""
    from forecastcheck.tables import _common, engine
    from forecastcheck.tables.binary_stream import score_binary
    from forecastcheck.tables.validate import Problems

    table = pa.table(
        {
            "model": ["a", "b", "a", "b", "a", "c", "c"],
            "predicted": [0.1, 0.9, 0.35, None, 0.7, 0.5, 0.2],
            "observed": [0, 1, 1, 1, 0, None, 1],
        }
    )

    def groups(part: pa.Table) -> dict[_common.Key, _common.Group]:
        source = engine.table_source(part)
        problems = Problems("t.csv")
        names = part.column_names
        _, by, want = engine.plan(source, names, ["model"], None, "binary", "count", problems)
        ctx = _common.Context(names, by, want, "count", 10, problems, False)
        return score_binary(source, ctx)

    whole = groups(table)
    merged: dict[_common.Key, _common.Group] = {}
    for part in (table.slice(0, 3), table.slice(3)):
        _common.merge_groups(merged, groups(part))
    assert merged.keys() == whole.keys()
    for key, g in whole.items():
        m = merged[key]
        assert (m.n, m.unscored, m.totals) == (g.n, g.unscored, g.totals)
        assert m.bins is not None
        assert g.bins is not None
        assert np.array_equal(m.bins.count, g.bins.count)
        assert (m.bins.sum_p, m.bins.sum_brier) == (g.bins.sum_p, g.bins.sum_brier)
    assert sum(sum(g.unscored.values()) for g in whole.values()) == 2
