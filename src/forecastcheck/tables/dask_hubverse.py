"""A hubverse model-output Dask DataFrame scored per output type, joined to its oracle output.

The oracle-output table is small: it is checked once, on the client, by the
in-memory reader's own checks (:func:`~forecastcheck.tables.hubverse.plan_output_types`),
and each output type's rows of it go into the task graph once, a broadcast every
partition's task reads. Each partition is then tidied on its own by
:func:`~forecastcheck.tables.hubverse.tidy`, the function the in-memory reader
applies batch by batch (rows renamed, ``output_type_id`` read as the quantile
level, sample id, pmf category or cdf threshold, and joined to their oracle
rows), and the tidy frame is scored by :func:`~forecastcheck.tables.dask_engine.score_dask`.
Tidying is row-local, so the tidy rows are those of the whole table, and the
figures are bit-identical to :func:`~forecastcheck.tables.score_table` with
``oracle=`` in memory, for every output type. The rows are numbered before they
are filtered and joined, so a problem is located at its partition and row of the
model-output frame. Needs the ``dask`` extra (dask[dataframe], distributed).
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import Any

from forecastcheck.tables import dask_engine, hubverse, layout
from forecastcheck.tables.engine import Missing, TableScores
from forecastcheck.tables.layout import ForecastType

__all__ = ["score_detail"]


def score_detail(
    ddf: Any,
    *,
    by: Sequence[str] | str | None,
    scores: Sequence[str] | None,
    forecast_type: ForecastType | None,
    oracle: Any,
    missing: Missing,
    bins: int,
    max_problems: int | None,
    check_duplicates: bool = True,
    file: str = "",
    oracle_file: str = "",
) -> tuple[TableScores, ...]:
    """:func:`~forecastcheck.tables.score_table_detail` of a Dask DataFrame (tidy or hubverse).

    A hubverse model-output frame is scored per output type, every output type
    (mean, median, quantile, sample, pmf, cdf), against ``oracle``, its
    oracle-output table as pyarrow, or its ``oracle_value`` column when
    ``oracle`` is None; ``oracle`` is not read for a tidy frame (as in memory).

    Raises:
        TableError: as :func:`~forecastcheck.tables.dask_engine.score_dask`;
            a hubverse frame's problems as in memory, located by partition and row.
    """
    options: dict[str, Any] = {"by": by, "missing": missing, "bins": bins, "file": file}
    options |= {"max_problems": max_problems, "check_duplicates": check_duplicates}
    if hubverse.OUTPUT_TYPE not in ddf.columns:
        return (dask_engine.score_dask(ddf, scores=scores, forecast_type=forecast_type, **options),)
    import dask

    names = [str(c) for c in ddf.columns if c != layout.ROW]
    numbered = dask_engine.number_rows(ddf[names])  # numbered before rows are filtered or joined

    def score(plan: hubverse.OutputPlan) -> TableScores:
        meta = _tidy_part(numbered._meta, plan, None)
        # the plan (its oracle rows) is one key of the graph, read by every partition's task
        tidy = numbered.map_partitions(_tidy_part, dask.delayed(plan), meta, meta=meta)
        ftype = plan.forecast_type
        return dask_engine.score_dask(tidy, scores=plan.scores, forecast_type=ftype, **options)

    where: dict[str, Any] = {"file": file, "oracle_file": oracle_file, "max_problems": max_problems}
    kinds = functools.partial(_output_types, ddf)
    return hubverse.score_output_types(names, oracle, kinds, score, scores=scores, **where)


def _output_types(ddf: Any) -> list[Any]:
    """The output types of the frame, in the order they first appear."""
    import pandas as pd

    column = ddf[hubverse.OUTPUT_TYPE]
    found = column.map_partitions(
        lambda s: pd.Series(s.unique(), dtype=object), meta=(hubverse.OUTPUT_TYPE, object)
    )
    return list(dict.fromkeys(None if pd.isna(v) else v for v in found.compute().tolist()))


def _tidy_part(frame: Any, plan: hubverse.OutputPlan, meta: Any) -> Any:
    """One partition's rows of the plan's output type, tidied (``meta`` when it has none).

    The columns keep their Arrow types exactly (``pd.ArrowDtype``), so scoring
    reads what the in-memory reader would.
    """
    import pandas as pd
    import pyarrow as pa

    if meta is not None and len(frame) == 0:
        return meta
    out = hubverse.tidy(pa.Table.from_pandas(frame, preserve_index=False), plan)
    if meta is not None and out.num_rows == 0:
        return meta
    return out.to_pandas(types_mapper=pd.ArrowDtype)
