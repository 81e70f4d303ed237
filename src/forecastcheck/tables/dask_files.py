"""Forecast files read as a Dask DataFrame and scored on a Dask scheduler (``score --dask``).

``dd.read_parquet`` reads a partitioned Parquet dataset (a folder of files, hive
partitions included) or files, ``dd.read_csv`` CSV files; the table is in the tidy
or the hubverse layout. Hubverse oracle-output files (``--oracle``) are read whole
(they are small) and joined per partition. With a scheduler address the work runs on that cluster;
without one a :class:`distributed.LocalCluster` is started for the run (worker
processes sized by Dask to the machine).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from forecastcheck.errors import Problem
from forecastcheck.tables import dask_hubverse, files
from forecastcheck.tables.engine import TableScores
from forecastcheck.tables.validate import MAX_PROBLEMS, TableError

__all__ = ["read_dataset", "scorer", "unavailable"]


def unavailable() -> str | None:
    """Why Dask scoring cannot run here (its packages missing), or None."""
    try:
        import dask.dataframe  # noqa: F401
        import distributed  # noqa: F401
    except ImportError as exc:
        return f"forecastcheck score --dask needs pip install 'forecastcheck[dask]' ({exc})"
    return None


def read_dataset(paths: Sequence[str]) -> Any:
    """The files (or one dataset folder) as one Dask DataFrame.

    Raises:
        TableError: a path that cannot be read as Parquet or CSV.
    """
    import dask.dataframe as dd

    csv = all(Path(p).suffix.lower() == ".csv" for p in paths)
    try:
        if csv:
            return dd.read_csv(list(paths), keep_default_na=True)
        return dd.read_parquet(list(paths) if len(paths) > 1 else paths[0])
    except (OSError, ValueError) as exc:
        raise TableError([Problem(paths[0], "", f"cannot read as a dataset: {exc}")]) from exc


@contextmanager
def _client(address: str | None) -> Iterator[Any]:
    import distributed

    if address is not None:
        with distributed.Client(address) as client:
            yield client
        return
    with distributed.LocalCluster(processes=True) as cluster, distributed.Client(cluster) as c:
        yield c


def scorer(
    address: str | None, *, check_duplicates: bool = True
) -> Callable[..., tuple[TableScores, ...]]:
    """A :func:`~forecastcheck.tables.score_files`-like function that scores on Dask.

    ``check_duplicates=False`` (``--no-duplicate-check``): binary forecasts are not
    checked for a forecast unit repeated across partitions; the results say so.
    """

    def score(paths: Sequence[str], **options: Any) -> tuple[TableScores, ...]:
        fmt = options.pop("format", "auto")
        oracle = options.pop("oracle", None)
        if fmt in ("forecastbench", "metaculus"):
            message = f"--dask reads tidy or hubverse tables, not --format {fmt}"
            raise TableError([Problem(paths[0], "", message)])
        ddf = read_dataset(paths)
        truth = files.read_table(oracle) if oracle else None  # small: read whole, broadcast
        with _client(address):
            return dask_hubverse.score_detail(
                ddf,
                oracle=truth,
                bins=10,
                max_problems=MAX_PROBLEMS,
                check_duplicates=check_duplicates,
                file=paths[0],
                oracle_file=oracle[0] if oracle else "",
                **options,
            )

    return score
