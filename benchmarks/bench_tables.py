"""Benchmark: scoring forecast tables from Parquet files, against a plain pyarrow + numpy pass.

Not a test: run it by hand, ``python benchmarks/bench_tables.py [--rows N] [--quantile-rows N]``.

1. A binary tidy table of 10^7 rows (100 models, ``predicted`` float64,
   ``observed`` int8) in a Parquet file of 1M-row row groups, scored by model
   (Brier, log score, 10-bin reliability table) with
   ``forecastcheck.tables.files.score_files`` — streamed in batches, validated
   (ranges, missing values, duplicate forecast units), exact sums. Target:
   <= 3 s and <= 1 GiB peak memory.
2. A hubverse quantile model-output table of 10^6 rows (23 levels, 5 models)
   with its oracle output, scored by model (WIS and its parts, bias, 50% and 90%
   coverage, absolute error of the median). Target: <= 5 s. Scored twice: in
   one pass (the columns gathered in memory) and in 8 parts by forecast unit
   (``partitions=8``: rows split into temporary Arrow files, one part in memory
   at a time), with the peak memory of each.

Each is also done by a plain pass — pyarrow reads the same columns, numpy
computes the same means with ``np.bincount`` per group (floating-point sums, no
validation) — in the same run, and the ratio printed, since the machine may be
shared. Each measurement runs in a fresh subprocess; its peak memory is that
process's maximum resident set size, and its CPU time user + system time
(``resource.getrusage``) — on a busy machine the CPU time says more than the
wall-clock time.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

LEVELS = [0.01, 0.025, *[round(0.05 * k, 2) for k in range(1, 20)], 0.975, 0.99]


def make_binary(path: Path, rows: int, groups: int = 100) -> None:
    """A binary tidy Parquet file of ``rows`` rows, written 1M rows at a time."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.parquet as pq

    rng = np.random.default_rng(1)
    chunk = 1_000_000
    names = np.array([f"model-{g:03d}" for g in range(groups)])
    schema = pa.schema(
        [
            ("model", pa.string()),
            ("question", pa.int64()),
            ("predicted", pa.float64()),
            ("observed", pa.int8()),
        ]
    )
    with pq.ParquetWriter(path, schema) as writer:
        for start in range(0, rows, chunk):
            n = min(chunk, rows - start)
            q = np.arange(start, start + n, dtype=np.int64)
            p = rng.random(n)
            writer.write_table(
                pa.table(
                    {
                        "model": names[q % groups],
                        "question": q // groups,
                        "predicted": p,
                        "observed": (rng.random(n) < p).astype(np.int8),
                    },
                    schema=schema,
                )
            )


def make_quantile(folder: Path, rows: int, models: int = 5) -> tuple[Path, Path]:
    """A hubverse quantile model-output Parquet file of about ``rows`` rows and its oracle."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.parquet as pq
    from scipy import stats  # type: ignore[import-untyped]

    rng = np.random.default_rng(2)
    forecasts = rows // len(LEVELS)
    per_model = forecasts // models
    units = np.arange(per_model)
    z = stats.norm.ppf(LEVELS)
    centre = rng.normal(100, 20, (models, per_model))
    spread = rng.uniform(5, 20, (models, per_model))
    q = centre[:, :, None] + spread[:, :, None] * z[None, None, :]
    n = models * per_model * len(LEVELS)
    mo = pa.table(
        {
            "model_id": np.repeat(
                [f"team{m}-model" for m in range(models)], per_model * len(LEVELS)
            ),
            "location": np.tile(np.repeat(units % 50, len(LEVELS)), models).astype(str),
            "horizon": np.tile(np.repeat(units // 50, len(LEVELS)), models),
            "target": np.full(n, "wk inc flu hosp"),
            "output_type": np.full(n, "quantile"),
            "output_type_id": np.tile(LEVELS, models * per_model),
            "value": q.reshape(-1),
        }
    )
    oracle = pa.table(
        {
            "location": (units % 50).astype(str),
            "horizon": units // 50,
            "target": np.full(per_model, "wk inc flu hosp"),
            "oracle_value": rng.normal(100, 25, per_model),
        }
    )
    pq.write_table(mo, folder / "model-output.parquet", row_group_size=1_000_000)
    pq.write_table(oracle, folder / "oracle-output.parquet")
    return folder / "model-output.parquet", folder / "oracle-output.parquet"


def ours_binary(path: str) -> str:
    """forecastcheck: score_files by model, streamed."""
    from forecastcheck.tables import files

    (res,) = files.score_files([path], by=["model"], forecast_type="binary")
    g = res.groups[0]
    assert g.reliability is not None
    n = sum(x.n for x in res.groups)
    return f"{len(res.groups)} groups, n={n}, brier[0]={g.scores['brier_score'].mean:.6f}"


def plain_binary(path: str) -> str:
    """pyarrow batches + numpy bincount: Brier, log and 10-bin reliability counts per model."""
    import numpy as np
    import pyarrow.compute as pc
    import pyarrow.dataset as ds

    d = ds.dataset(path, format="parquet")
    sums: dict[str, np.ndarray] = {}
    for batch in d.to_batches(columns=["model", "predicted", "observed"], batch_size=1 << 20):
        enc = pc.dictionary_encode(batch.column(0))
        codes = enc.indices.to_numpy()
        names = enc.dictionary.to_pylist()
        p = batch.column(1).to_numpy()
        y = batch.column(2).to_numpy().astype(np.float64)
        G = len(names)
        brier = np.bincount(codes, (p - y) ** 2, G)
        log = np.bincount(codes, -np.log(np.where(y == 1, p, 1 - p)), G)
        count = np.bincount(codes, None, G)
        b = np.minimum((p * 10).astype(np.int64), 9)
        rel = np.bincount(codes * 20 + b * 2 + y.astype(np.int64), None, G * 20).reshape(G, 20)
        for g, name in enumerate(names):
            row = np.concatenate([[brier[g], log[g], count[g]], rel[g]])
            sums[name] = sums[name] + row if name in sums else row
    first = sums[sorted(sums)[0]]
    n = int(sum(v[2] for v in sums.values()))
    return f"{len(sums)} groups, n={n}, brier[0]={first[0] / first[2]:.6f}"


def ours_quantile(path: str, oracle: str, partitions: str = "1") -> str:
    """forecastcheck: hubverse model output + oracle, WIS and coverage by model."""
    from forecastcheck.tables import files

    parts = int(partitions)
    (res,) = files.score_files([path], oracle=[oracle], missing="count", partitions=parts)
    n = sum(g.n for g in res.groups)
    return f"{len(res.groups)} models, n={n}, wis[0]={res.groups[0].scores['wis'].mean:.6f}"


def plain_quantile(path: str, oracle: str) -> str:
    """pyarrow join + numpy: WIS and 50%/90% coverage by model (rows sorted by unit and level)."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    mo = pq.read_table(path)
    orc = pq.read_table(oracle)
    t = mo.join(orc, keys=["location", "horizon", "target"], join_type="left outer")
    t = t.sort_by(
        [
            ("model_id", "ascending"),
            ("location", "ascending"),
            ("horizon", "ascending"),
            ("output_type_id", "ascending"),
        ]
    )
    Q = len(LEVELS)
    q = t.column("value").to_numpy().reshape(-1, Q)
    y = t.column("oracle_value").to_numpy().reshape(-1, Q)[:, 0]
    tau = np.asarray(LEVELS)
    pin = (np.where(y[:, None] < q, 1.0, 0.0) - tau[None, :]) * (q - y[:, None])
    alphas = 2 * tau[: Q // 2]
    wis = (2 * pin).sum(axis=1) / (len(alphas) + 0.5) / 2 * 1  # pinball form of the WIS
    cov50 = (q[:, LEVELS.index(0.25)] <= y) & (y <= q[:, LEVELS.index(0.75)])
    cov90 = (q[:, LEVELS.index(0.05)] <= y) & (y <= q[:, LEVELS.index(0.95)])
    model = pc.dictionary_encode(
        t.column("model_id").combine_chunks().take(pa.array(np.arange(0, t.num_rows, Q)))
    )
    codes = model.indices.to_numpy()
    G = len(model.dictionary)
    n = np.bincount(codes, None, G)
    w = np.bincount(codes, wis, G) / n
    np.bincount(codes, cov50, G)
    np.bincount(codes, cov90, G)
    return f"{G} models, n={int(n.sum())}, wis[0]={w[0]:.6f}"


def _child(kind: str, args: list[str]) -> None:
    fn: Callable[..., str] = {  # type: ignore[assignment]
        "ours_binary": ours_binary,
        "plain_binary": plain_binary,
        "ours_quantile": ours_quantile,
        "plain_quantile": plain_quantile,
    }[kind]
    import numpy as np  # noqa: F401  # imports are not timed
    import pyarrow.dataset  # noqa: F401
    import scipy.stats  # type: ignore[import-untyped]  # noqa: F401  # the reliability band's

    import forecastcheck.tables.files  # noqa: F401

    before = resource.getrusage(resource.RUSAGE_SELF)
    start = time.perf_counter()
    what = fn(*args)
    seconds = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_SELF)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # kB on Linux
    print(json.dumps({"seconds": seconds, "cpu": cpu, "peak": peak, "what": what}))


def _run(kind: str, *args: str) -> dict[str, object]:
    out = subprocess.run(
        [sys.executable, __file__, "--child", kind, *args],
        capture_output=True,
        text=True,
        check=True,
    )
    result: dict[str, object] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def _show(label: str, ours: dict[str, object], plain: dict[str, object], limit: float) -> None:
    s, p = float(str(ours["seconds"])), float(str(plain["seconds"]))
    cs, cp = float(str(ours["cpu"])), float(str(plain["cpu"]))
    mib = float(str(ours["peak"])) / 2**20
    print(f"{label}")
    print(
        f"  forecastcheck: {s:6.2f} s wall, {cs:6.2f} s CPU, peak RSS {mib:5.0f} MiB  "
        f"({ours['what']})"
    )
    print(
        f"  plain pass:    {p:6.2f} s wall, {cp:6.2f} s CPU, "
        f"peak RSS {float(str(plain['peak'])) / 2**20:5.0f} MiB  ({plain['what']})"
    )
    print(
        f"  ratio forecastcheck / plain: {s / p:.2f}x wall, {cs / cp:.2f}x CPU   "
        f"target <= {limit:g} s: {'met' if s <= limit else 'NOT met'}"
    )


def main() -> None:
    """Build the files, run each measurement in its own process, print the figures."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=10_000_000)
    parser.add_argument("--quantile-rows", type=int, default=1_000_000)
    parser.add_argument("--child", nargs="+")
    parser.add_argument("--quantile-only", action="store_true", help="skip the binary table")
    args = parser.parse_args()
    if args.child:
        _child(args.child[0], args.child[1:])
        return
    print(
        "load average: " + " ".join(f"{x:.2f}" for x in os.getloadavg()),
        f"on {os.cpu_count()} cores",
    )
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        if not args.quantile_only:
            binary = folder / "binary.parquet"
            make_binary(binary, args.rows)
            ours = _run("ours_binary", str(binary))
            plain = _run("plain_binary", str(binary))
            title = f"binary, {args.rows:,} rows, 100 models (Brier, log, reliability)"
            _show(title, ours, plain, 3.0)
            mib = float(str(ours["peak"])) / 2**20
            print(f"  peak <= 1024 MiB: {'met' if mib <= 1024 else 'NOT met'}")
        mo, orc = make_quantile(folder, args.quantile_rows)
        plain = _run("plain_quantile", str(mo), str(orc))
        for parts in (1, 8):
            ours = _run("ours_quantile", str(mo), str(orc), str(parts))
            how = "one pass" if parts == 1 else f"{parts} parts by forecast unit"
            title = f"hubverse quantile, {args.quantile_rows:,} rows, 23 levels"
            _show(f"{title} (WIS + coverage by model), {how}", ours, plain, 5.0)


if __name__ == "__main__":
    main()
