"""The dataframe-agnostic entry point: any pandas, polars or pyarrow table in, the same kind out."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from forecastcheck.crowd import CrowdMethod
from forecastcheck.tables import dask_engine, dask_hubverse, engine, hubverse, layout
from forecastcheck.tables.engine import Missing, TableScores
from forecastcheck.tables.layout import ForecastType
from forecastcheck.tables.validate import MAX_PROBLEMS

__all__ = ["result_columns", "score_table", "score_table_detail"]


def _arrow(table: Any, name: str) -> Any:
    """Any eager dataframe narwhals knows, as a pyarrow Table (and its narwhals frame)."""
    import narwhals as nw

    try:
        frame = nw.from_native(table, eager_only=True)
    except TypeError as exc:
        raise TypeError(
            f"{name} must be a pandas, polars or pyarrow table (or another eager dataframe "
            f"narwhals supports), not {type(table).__name__}"
        ) from exc
    arrow = frame.to_arrow()
    # pyarrow adds a pandas index that is not 0, 1, 2... as a column: it is not the caller's
    extra = [c for c in arrow.column_names if c not in frame.columns]
    return (arrow.drop_columns(extra) if extra else arrow), frame


# Same shape as in tables/frames.py: the same keyword options by design (one public API shape)
# (intentional).
def score_table_detail(
    table: Any,
    *,
    by: Sequence[str] | str | None = None,
    scores: Sequence[str] | None = None,
    forecast_type: ForecastType | None = None,
    oracle: Any = None,
    missing: Missing = "raise",
    bins: int = 10,
    max_problems: int | None = MAX_PROBLEMS,
    file: str = "",
    aggregate: CrowdMethod | None = None,
    check_duplicates: bool = True,
) -> tuple[TableScores, ...]:
    """Validate and score a table; the full results (reliability tables included).

    Arguments are :func:`score_table`'s. Returns one :class:`TableScores` (a
    hubverse table: one per ``output_type``, in the order they first appear).
    ``check_duplicates=False`` (Dask DataFrames only) skips the cross-partition
    check for repeated binary forecast units; the results say so
    (:attr:`TableScores.duplicates_checked`).

    Raises:
        TableError: every problem of the table, located by row and column.
    """
    if dask_engine.is_dask(table):  # partitions scored on the Dask scheduler, merged exactly
        _check_oracle(oracle, list(table.columns), file)
        if aggregate is not None:
            _refuse_pooling_on_dask(file)
        truth = None if oracle is None else _arrow(_computed(oracle), "oracle")[0]
        options: dict[str, Any] = {"by": by, "scores": scores, "forecast_type": forecast_type}
        return dask_hubverse.score_detail(
            table,
            missing=missing,
            bins=bins,
            max_problems=max_problems,
            **options,
            oracle=truth,
            check_duplicates=check_duplicates,
            file=file,
        )
    if not check_duplicates:
        dask_engine.refuse_unchecked(file)
    arrow, _ = _arrow(table, "table")
    if aggregate is not None:
        arrow = _pooled(arrow, aggregate, forecast_type, file)
    names = list(arrow.column_names)
    _check_oracle(oracle, names, file)
    by_list = [by] if isinstance(by, str) else (None if by is None else list(by))
    if hubverse.OUTPUT_TYPE in names:
        oracle_arrow = None if oracle is None else _arrow(oracle, "oracle")[0]
        return hubverse.score_hubverse(
            engine.table_source(arrow),
            names,
            oracle_arrow,
            by=by_list,
            scores=scores,
            missing=missing,
            bins=bins,
            file=file,
            max_problems=max_problems,
        )
    return (
        engine.score_source(
            engine.table_source(arrow),
            names,
            by=by_list,
            scores=scores,
            forecast_type=forecast_type,
            missing=missing,
            bins=bins,
            file=file,
            max_problems=max_problems,
        ),
    )


def _computed(table: Any) -> Any:
    """An oracle table given as a Dask DataFrame, computed (it is small); others as they are."""
    return table.compute() if dask_engine.is_dask(table) else table


def _pooled(arrow: Any, method: CrowdMethod, forecast_type: Any, file: str) -> Any:
    """The table pooled across models; only a binary tidy table can be."""
    from forecastcheck.errors import Problem
    from forecastcheck.tables import pooled
    from forecastcheck.tables.validate import TableError

    names = arrow.column_names
    kind = "hubverse" if hubverse.OUTPUT_TYPE in names else layout.type_from_columns(names)
    if kind is not None or forecast_type not in {None, "binary"}:
        what = kind or forecast_type
        raise TableError([Problem(file, "", f"aggregate= pools binary forecasts, not {what}")])
    return pooled.pool_table(arrow, method, file=file)


def result_columns(results: Sequence[TableScores]) -> dict[str, list[Any]]:
    """Results as one set of columns; several (hubverse output types) get an ``output_type`` column.

    A score that one output type has and another lacks is None in the other's rows.
    """
    if len(results) == 1 and results[0].output_type is None:
        return results[0].columns()
    parts = [r.columns() for r in results]
    names: list[str] = ["output_type"]
    for part in parts:
        names += [c for c in part if c not in names]
    out: dict[str, list[Any]] = {c: [] for c in names}
    for r, part in zip(results, parts, strict=True):
        size = len(r.groups)
        out["output_type"] += [r.output_type] * size
        for c in names[1:]:
            out[c] += part.get(c, [None] * size)
    return out


# Same shape as in tables/frames.py: the same keyword options by design (one public API shape)
# (intentional).
def score_table(
    table: Any,
    *,
    by: Sequence[str] | str | None = None,
    scores: Sequence[str] | None = None,
    forecast_type: ForecastType | None = None,
    oracle: Any = None,
    missing: Missing = "raise",
    bins: int = 10,
    max_problems: int | None = MAX_PROBLEMS,
    aggregate: CrowdMethod | None = None,
) -> Any:
    """Score a forecast table by groups; the result is a table of the caller's kind.

    Args:
        table: a pandas, polars or pyarrow table in the tidy layout (``observed``,
            ``predicted``, optional ``model``, ``quantile_level``, ``sample_id`` or
            ``predicted_label``, any forecast-unit columns), or a hubverse
            model-output table (``model_id``, task ids, ``output_type``,
            ``output_type_id``, ``value``, and ``oracle_value`` or ``oracle=``).
        by: the columns to group by (default: ``model`` if there is one, else none).
        scores: the score columns wanted (default: :data:`~forecastcheck.tables.DEFAULT_SCORES`
            of the forecast type).
        forecast_type: ``"binary"``, ``"point"``, ``"quantile"``, ``"sample"`` or
            ``"categorical"``; inferred when None (see :mod:`forecastcheck.tables.layout`).
        oracle: a hubverse oracle-output table, joined on the task-id columns it shares.
        missing: ``"raise"`` (default): a row without an observation or a forecast is a
            problem; ``"count"``: it is left out and counted in ``n_no_observation`` or
            ``n_no_forecast``.
        bins: reliability-table bins of binary forecasts.
        max_problems: problems listed before the rest are counted (None: all).
        aggregate: pool the models' forecasts of each forecast unit into one
            (binary tidy tables; ``"median"``, ``"mean"``, ``"geometric_mean_odds"``...,
            see :func:`forecastcheck.crowd.crowd_aggregate`) and score that crowd,
            as the model ``"crowd:<method>"`` (:mod:`forecastcheck.tables.pooled`).

    Returns:
        One row per group: the ``by`` columns, ``n`` (forecasts scored),
        ``n_no_observation``, ``n_no_forecast``, and the mean of each score — as a
        pandas DataFrame, polars DataFrame or pyarrow Table, like ``table``.

    Raises:
        TableError: every problem of the table, located by row and column.
    """
    import narwhals as nw

    # a Dask DataFrame's (small) result is a pandas DataFrame, like its partitions
    _, frame = _arrow(table._meta if dask_engine.is_dask(table) else table, "table")
    results = score_table_detail(
        table,
        by=by,
        scores=scores,
        forecast_type=forecast_type,
        oracle=oracle,
        missing=missing,
        bins=bins,
        max_problems=max_problems,
        aggregate=aggregate,
    )
    data = result_columns(results)
    return nw.from_dict(data, backend=frame.implementation).to_native()


def _check_oracle(oracle: Any, names: Sequence[str], file: str) -> None:
    """``oracle=`` joins hubverse model output: with a table without ``output_type``, refused."""
    from forecastcheck.errors import Problem
    from forecastcheck.tables.validate import TableError

    if oracle is not None and hubverse.OUTPUT_TYPE not in names:
        message = (
            "oracle= is joined to hubverse model output, and this table has no "
            f"{hubverse.OUTPUT_TYPE!r} column: put what happened in its 'observed' column instead"
        )
        raise TableError([Problem(file, "oracle", message)])


def _refuse_pooling_on_dask(file: str) -> None:
    """``aggregate=`` needs every model's forecast of a unit together: not on Dask (yet)."""
    from forecastcheck.errors import Problem
    from forecastcheck.tables.validate import TableError

    message = "aggregate= is not available on a Dask frame; compute it to pandas first"
    raise TableError([Problem(file, "", message)])
