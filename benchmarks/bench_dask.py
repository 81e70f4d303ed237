"""Benchmark: binary forecasts scored on a local Dask cluster, against the single-process stream.

Not a test: run it by hand, ``python benchmarks/bench_dask.py [--rows N] [--partitions P]``
(default 10^8 rows in 100 partitions, 2 workers of one thread each).

Each partition is generated where it is scored (``dd.from_map``, seeded by its
number: 100 models, a question number, ``predicted`` float64, ``observed`` int8),
so no file is read and the figures are the engine's. The table is scored by model
(Brier, log score, 10-bin reliability table, duplicate forecast units checked
across partitions) with ``score_table_detail`` on the cluster, then the same
partitions, generated in this process one after the other, go through the
single-process streaming engine (``engine.score_source``). Printed: wall time,
throughput, the peak resident memory of each worker (``ru_maxrss``) and of the
streaming process, the ratio of the two wall times, and whether the two results
are bit-identical. On a shared machine the CPU times say more than the wall times.
"""

from __future__ import annotations

import argparse
import resource
import time
from collections.abc import Iterator, Sequence
from typing import Any

import attrs


def partition(number: int, rows: int) -> Any:
    """Partition ``number`` of the table: ``rows`` binary forecasts (a pandas DataFrame)."""
    import numpy as np
    import pandas as pd

    rng = np.random.default_rng(number)
    p = rng.random(rows)
    return pd.DataFrame(
        {
            "model": pd.Categorical.from_codes(
                rng.integers(0, 100, rows), [f"model-{g:03d}" for g in range(100)]
            ),
            "question": np.arange(number * rows, (number + 1) * rows, dtype=np.int64),
            "predicted": p,
            "observed": (rng.random(rows) < p).astype(np.int8),
        }
    )


def _peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def on_cluster(
    rows: int, partitions: int, workers: int, check_duplicates: bool = True
) -> tuple[Any, float, list[float], float]:
    """The table scored on a local cluster: results, wall s, peak MiB per worker, worker CPU s."""
    import dask.dataframe as dd
    import distributed

    from forecastcheck.tables import score_table_detail

    size = rows // partitions
    with (
        distributed.LocalCluster(
            n_workers=workers,
            threads_per_worker=1,
            processes=True,
            dashboard_address=":0",
            memory_limit=0,
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        ddf = dd.from_map(partition, range(partitions), rows=size)
        cpu0 = sum(client.run(_cpu_seconds).values())
        start = time.perf_counter()
        results = score_table_detail(ddf, forecast_type="binary", check_duplicates=check_duplicates)
        wall = time.perf_counter() - start
        cpu = sum(client.run(_cpu_seconds).values()) - cpu0
        peaks = sorted(client.run(_peak_mib).values())
    return results, wall, peaks, cpu


def streamed(rows: int, partitions: int) -> tuple[Any, float]:
    """The same partitions through the single-process streaming engine."""
    import pyarrow as pa

    from forecastcheck.tables import engine

    size = rows // partitions

    def source(columns: Sequence[str]) -> Iterator[Any]:
        for number in range(partitions):
            table = pa.Table.from_pandas(partition(number, size), preserve_index=False)
            yield from table.select(list(columns)).to_batches(max_chunksize=1 << 20)

    names = ["model", "question", "predicted", "observed"]
    start = time.perf_counter()
    result = engine.score_source(source, names, forecast_type="binary")
    return (result,), time.perf_counter() - start


def main() -> None:
    """Run both, print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10**8)
    parser.add_argument("--partitions", type=int, default=100)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument(
        "--no-duplicate-check",
        dest="check_duplicates",
        action="store_false",
        help="score on the cluster with check_duplicates=False",
    )
    args = parser.parse_args()
    rows = args.rows // args.partitions * args.partitions
    cpu0 = time.process_time()
    dask_results, dask_wall, peaks, worker_cpu = on_cluster(
        rows, args.partitions, args.workers, args.check_duplicates
    )
    checked = "checked" if args.check_duplicates else "NOT checked"
    print(f"dask: {rows:,} rows in {args.partitions} partitions on {args.workers} workers")
    print(f"  duplicate forecast units across partitions: {checked}")
    print(f"  wall {dask_wall:.1f} s, {rows / dask_wall / 1e6:.2f} M rows/s")
    print(f"  peak memory per worker: {', '.join(f'{m:.0f} MiB' for m in peaks)}")
    print(f"  per-row cost: {dask_wall * args.workers / rows * 1e9:.0f} ns of worker wall time,")
    print(f"  {worker_cpu / rows * 1e9:.0f} ns of worker CPU time ({worker_cpu:.1f} s in all)")
    cpu1 = time.process_time()
    stream_results, stream_wall = streamed(rows, args.partitions)
    cpu = time.process_time() - cpu1
    print(f"(this process's CPU time while the cluster ran: {cpu1 - cpu0:.1f} s)")
    print(f"stream: wall {stream_wall:.1f} s, {rows / stream_wall / 1e6:.2f} M rows/s")
    print(f"  peak memory of this process: {_peak_mib():.0f} MiB, CPU time {cpu:.1f} s")
    print(f"  per-row cost: {cpu / rows * 1e9:.0f} ns of CPU time (generating the rows included)")
    print(f"ratio stream / dask wall time: {stream_wall / dask_wall:.2f}")
    same = [attrs.evolve(r, duplicates_checked=True) for r in dask_results]
    print(f"bit-identical: {repr(same) == repr(list(stream_results))}")


if __name__ == "__main__":
    main()
