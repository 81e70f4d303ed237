"""The hubverse's model-output and oracle-output tables, mapped onto the tidy layout.

A hubverse model-output table (hubverse docs, "Model output") has the task-id
columns (``reference_date``, ``target``, ``horizon``, ``location``,
``target_end_date``...), ``output_type`` ∈ {mean, median, quantile, cdf, pmf,
sample}, ``output_type_id`` and ``value``; tables combined across teams add
``model_id``. The oracle output ("Target data") holds what happened: the
task-id columns it shares, ``oracle_value``, and for pmf and cdf rows
``output_type`` and ``output_type_id`` (one row per category or threshold;
elsewhere ``output_type_id`` is NA).

Each output type becomes a tidy table of its own:

==============  ====================  =========================================
output_type     forecast type         mapping
==============  ====================  =========================================
mean, median    point                 ``predicted = value``
quantile        quantile              ``quantile_level = output_type_id``
sample          sample                ``sample_id = output_type_id``
pmf             categorical           ``predicted_label = output_type_id``;
                                      ``observed`` = the category whose
                                      ``oracle_value`` is 1
cdf             binary                one forecast ``P(Y <= t)`` per threshold
                                      ``t = output_type_id`` (kept as column
                                      ``threshold``); ``observed = oracle_value``
==============  ====================  =========================================

``model_id`` becomes ``model``; ``oracle_value`` (joined on the shared task-id
columns, a left join: a forecast without an oracle row has no observation)
becomes ``observed``. Problems are located at the model-output table's rows.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator, Sequence
from typing import Any, Final

import attrs
import numpy as np

from forecastcheck.errors import Problem
from forecastcheck.tables import _common, engine, layout
from forecastcheck.tables.engine import Missing, Source, TableScores
from forecastcheck.tables.layout import ForecastType
from forecastcheck.tables.validate import MAX_PROBLEMS, Problems, TableError

__all__ = [
    "HUBVERSE_COLUMNS",
    "OUTPUT_TYPE",
    "OUTPUT_TYPES",
    "OutputPlan",
    "plan_output_types",
    "score_hubverse",
    "score_output_types",
    "task_ids",
    "tidy",
]

OUTPUT_TYPE: Final = "output_type"
OUTPUT_TYPE_ID: Final = "output_type_id"
VALUE: Final = "value"
MODEL_ID: Final = "model_id"
ORACLE_VALUE: Final = "oracle_value"
HUBVERSE_COLUMNS: Final = (MODEL_ID, OUTPUT_TYPE, OUTPUT_TYPE_ID, VALUE, ORACLE_VALUE)
#: Each hubverse output type and the tidy forecast type it is scored as.
OUTPUT_TYPES: Final[dict[str, ForecastType]] = {
    "mean": "point",
    "median": "point",
    "quantile": "quantile",
    "sample": "sample",
    "pmf": "categorical",
    "cdf": "binary",
}
_WITHIN: Final[dict[str, str | None]] = {
    "quantile": layout.QUANTILE_LEVEL,
    "sample": layout.SAMPLE_ID,
    "pmf": layout.PREDICTED_LABEL,
    "cdf": "threshold",
}


def task_ids(names: Sequence[str]) -> list[str]:
    """The task-id columns of a model-output table: every column but the hubverse's own."""
    return [c for c in names if c not in HUBVERSE_COLUMNS and c != layout.ROW]


def _output_types(source: Source) -> list[str]:
    import pyarrow.compute as pc

    seen: dict[str, None] = {}
    for batch in source([OUTPUT_TYPE]):
        for v in pc.unique(batch.column(0)).to_pylist():
            seen.setdefault(v, None)
    return list(seen)


def score_hubverse(
    source: Source,
    names: Sequence[str],
    oracle: Any,
    *,
    by: Sequence[str] | None = None,
    scores: Sequence[str] | None = None,
    missing: Missing = "raise",
    bins: int = 10,
    file: str = "",
    oracle_file: str = "",
    max_problems: int | None = MAX_PROBLEMS,
    locate: Any = None,
    partitions: int = 1,
    types: dict[str, Any] | None = None,
) -> tuple[TableScores, ...]:
    """Score a hubverse model-output table against its oracle output, one result per output type.

    Args:
        source: the model-output table, as an engine :data:`~forecastcheck.tables.engine.Source`.
        names: its column names.
        oracle: the oracle-output table (pyarrow), or None when ``oracle_value`` is a column.
        by: grouping columns in the tidy names (``model``, not ``model_id``); default ``model``.
        scores: score names (each output type scores those it has; see ``engine.SCORES``).
        missing, bins, max_problems: as :func:`~forecastcheck.tables.score_table`.
        file: the model-output file's name, for problems.
        locate: maps a row of the whole stream to a file and row (several files).
        oracle_file: the oracle file's name, for its problems.
        partitions: as :func:`~forecastcheck.tables.engine.score_source`'s.
        types: the model-output columns' Arrow types, when known (else read from a batch).

    Raises:
        TableError: every problem found.
    """
    options: dict[str, Any] = {"by": by, "missing": missing, "bins": bins, "file": file}
    options |= {"max_problems": max_problems, "locate": locate, "partitions": partitions}
    unit = [*task_ids(names), *([MODEL_ID] if MODEL_ID in names else [])]
    known = _common.first_types(source, unit) if types is None else types
    nested = [c for c in unit if c in known and not _common.keyable(known[c])]
    if nested:  # never scored: read as text, so that the rows are tidied and validated
        source = _common.as_text(source, nested)
    options["types"] = {layout.MODEL if c == MODEL_ID else c: known[c] for c in unit if c in known}

    def score(plan: OutputPlan) -> TableScores:
        tidy = _tidy_source(source, names, plan)
        ftype = plan.forecast_type
        return engine.score_source(
            tidy, plan.names, scores=plan.scores, forecast_type=ftype, **options
        )

    kinds = functools.partial(_output_types, source)
    where: dict[str, Any] = {"file": file, "oracle_file": oracle_file, "max_problems": max_problems}
    return score_output_types(names, oracle, kinds, score, scores=scores, **where)


def score_output_types(
    names: Sequence[str],
    oracle: Any,
    output_types: Callable[[], list[str]],
    score: Callable[[OutputPlan], TableScores],
    *,
    scores: Sequence[str] | None,
    file: str = "",
    oracle_file: str = "",
    max_problems: int | None = MAX_PROBLEMS,
) -> tuple[TableScores, ...]:
    """Each output type planned (:func:`plan_output_types`, every check first), then scored.

    ``score(plan)`` scores one output type's tidy rows; its result is marked with
    the output type.

    Raises:
        TableError: every problem found.
    """
    where: dict[str, Any] = {"file": file, "oracle_file": oracle_file, "max_problems": max_problems}
    plans = plan_output_types(names, oracle, output_types, scores=scores, **where)
    return tuple(attrs.evolve(score(plan), output_type=plan.kind) for plan in plans)


@attrs.frozen
class OutputPlan:
    """How one output type's rows are tidied and scored (:func:`plan_output_types`).

    Attributes:
        kind: the output type (``quantile``, ``pmf``...).
        forecast_type: the tidy forecast type it is scored as.
        scores: the scores asked for that it has (None: its defaults).
        names: the tidy table's columns, :data:`~forecastcheck.tables.layout.ROW` last.
        truth: its rows of the oracle output, ready to join (None: ``oracle_value`` is a column).
        join_keys: the task-id columns the oracle output shares.
        oracle_file: the oracle output's file name, for its problems.
    """

    kind: str
    forecast_type: ForecastType
    scores: list[str] | None
    names: list[str]
    truth: Any
    join_keys: list[str]
    oracle_file: str = ""


def plan_output_types(
    names: Sequence[str],
    oracle: Any,
    output_types: Callable[[], list[str]],
    *,
    scores: Sequence[str] | None,
    file: str = "",
    oracle_file: str = "",
    max_problems: int | None = MAX_PROBLEMS,
) -> list[OutputPlan]:
    """Every check of a model-output table and its oracle output, then one plan per output type.

    The columns and the oracle table (pyarrow, or None) are checked first;
    ``output_types()`` is then asked for the output types present, in the order
    they first appear, and they and ``scores`` are checked.

    Raises:
        TableError: every problem found.
    """
    problems = Problems(file, max_problems)
    for col in (OUTPUT_TYPE, OUTPUT_TYPE_ID, VALUE):
        if col not in names:
            problems.column(col, "missing: a hubverse model-output table needs it")
    if oracle is None and ORACLE_VALUE not in names:
        problems.column(ORACLE_VALUE, "missing, and no oracle-output table given to join")
    if oracle is not None and ORACLE_VALUE in names:
        problems.column(
            ORACLE_VALUE,
            "is in the model output, and an oracle-output table is given too: "
            "which says what happened? drop the column, or give no oracle table",
        )
    problems.raise_if_any()
    tasks = task_ids(names)
    join_keys: list[str] = []
    if oracle is not None:
        oracle = _checked_oracle(oracle, tasks, oracle_file, max_problems)
        join_keys = [c for c in tasks if c in oracle.column_names]
    kinds = output_types()
    for kind in kinds:
        if kind not in OUTPUT_TYPES:
            problems.column(
                OUTPUT_TYPE, f"{kind!r} is not a hubverse output type {tuple(OUTPUT_TYPES)}"
            )
    for name in scores or ():
        if not any(_applies(name, OUTPUT_TYPES[k]) for k in kinds if k in OUTPUT_TYPES):
            problems.add("scores", f"no score {name!r} for the output types {kinds}")
    problems.raise_if_any()
    return [
        OutputPlan(
            kind,
            OUTPUT_TYPES[kind],
            None if scores is None else [s for s in scores if _applies(s, OUTPUT_TYPES[kind])],
            _tidy_names(names, kind),
            None if oracle is None else _oracle_for(oracle, kind, join_keys),
            join_keys,
            oracle_file,
        )
        for kind in kinds
    ]


def tidy(table: Any, plan: OutputPlan) -> Any:
    """The plan's output type's rows of a model-output table, in the tidy layout.

    ``table`` (pyarrow, with a :data:`~forecastcheck.tables.layout.ROW` column)
    is any part of the model-output table: each row is tidied on its own (renamed,
    ``output_type_id`` read as the level, label or threshold, and joined to its
    oracle row), so tidying the parts of a table one by one gives the rows of
    tidying it whole. The result has the columns ``plan.names``.
    """
    import pyarrow.compute as pc

    t = table.filter(pc.equal(table.column(OUTPUT_TYPE), plan.kind))
    t = _to_tidy(t, plan)
    return t.select(plan.names)


def _applies(score: str, ftype: ForecastType) -> bool:
    """Whether a score belongs to a forecast type (each output type scores its own)."""
    return score in engine.SCORES[ftype] or engine.is_coverage(score, ftype)


def _tidy_names(names: Sequence[str], kind: str) -> list[str]:
    out = [layout.MODEL if c == MODEL_ID else c for c in task_ids(names)]
    if MODEL_ID in names:
        out.insert(0, layout.MODEL)
        out = list(dict.fromkeys(out))
    within = _WITHIN.get(kind)
    return [*out, *([within] if within else []), layout.OBSERVED, layout.PREDICTED, layout.ROW]


def _checked_oracle(oracle: Any, tasks: list[str], file: str, max_problems: int | None) -> Any:
    """The oracle table, or every problem of it (missing column, repeated rows)."""
    problems = Problems(file, max_problems)
    if ORACLE_VALUE not in oracle.column_names:
        problems.column(ORACLE_VALUE, "missing: an oracle-output table needs it")
    if not [c for c in tasks if c in oracle.column_names]:
        problems.add("", f"shares no task-id column with the model output ({tasks})")
    problems.raise_if_any()
    return oracle


def _tidy_source(source: Source, names: Sequence[str], plan: OutputPlan) -> Source:
    """The rows of one output type, renamed to the tidy layout and joined to the oracle."""
    import pyarrow as pa

    read = list(names)

    def tidy_batches(columns: Sequence[str]) -> Iterator[pa.RecordBatch]:
        offset = 0
        for batch in source(read):
            t = pa.Table.from_batches([batch])
            if layout.ROW not in t.column_names:
                rows = pa.array(np.arange(offset + 1, offset + batch.num_rows + 1, dtype=np.int64))
                t = t.append_column(layout.ROW, rows)
            offset += batch.num_rows
            t = tidy(t, plan)
            if t.num_rows:
                yield from t.select(list(columns)).to_batches()

    return tidy_batches


def _oracle_for(oracle: Any, kind: str, join_keys: list[str]) -> Any:
    import pyarrow as pa
    import pyarrow.compute as pc

    t = oracle
    if pa.types.is_null(t.schema.field(ORACLE_VALUE).type):  # all empty: no value, as numbers
        i = t.column_names.index(ORACLE_VALUE)
        t = t.set_column(i, ORACLE_VALUE, pc.cast(t.column(i), pa.float64()))
    if kind in ("pmf", "cdf"):
        if OUTPUT_TYPE in t.column_names:
            t = t.filter(pc.equal(t.column(OUTPUT_TYPE), kind))
        keys = [*join_keys, OUTPUT_TYPE_ID]
        t = t.select([*keys, ORACLE_VALUE])
        t = t.set_column(
            t.column_names.index(OUTPUT_TYPE_ID),
            OUTPUT_TYPE_ID,
            pc.cast(t.column(OUTPUT_TYPE_ID), "string"),
        )
        if kind == "pmf":  # the category that happened, one row per task
            t = t.filter(pc.equal(t.column(ORACLE_VALUE), 1)).select([*join_keys, OUTPUT_TYPE_ID])
            t = t.rename_columns([*join_keys, layout.OBSERVED])
        return t
    if OUTPUT_TYPE_ID in t.column_names:
        t = t.filter(pc.is_null(t.column(OUTPUT_TYPE_ID)))
    t = t.select([*join_keys, ORACLE_VALUE])
    one = t.group_by(join_keys, use_threads=False).aggregate([(ORACLE_VALUE, "first")])
    return one.rename_columns(
        [ORACLE_VALUE if c == f"{ORACLE_VALUE}_first" else c for c in one.column_names]
    )


def _to_tidy(t: Any, plan: OutputPlan) -> Any:
    import pyarrow as pa
    import pyarrow.compute as pc

    kind, within, truth, join_keys = plan.kind, _WITHIN.get(plan.kind), plan.truth, plan.join_keys

    if kind in ("pmf", "cdf"):
        t = t.set_column(
            t.column_names.index(OUTPUT_TYPE_ID),
            OUTPUT_TYPE_ID,
            pc.cast(t.column(OUTPUT_TYPE_ID), "string"),
        )
    if truth is not None:
        keys = [*join_keys, OUTPUT_TYPE_ID] if kind == "cdf" else join_keys
        t = _joined(*_keys_alike(t, truth, join_keys, plan.oracle_file), keys)
    renames = {MODEL_ID: layout.MODEL, VALUE: layout.PREDICTED}
    if kind != "pmf":
        renames[ORACLE_VALUE] = layout.OBSERVED
    if within is not None:
        renames[OUTPUT_TYPE_ID] = within
    t = t.rename_columns([renames.get(c, c) for c in t.column_names])
    if kind == "quantile":
        i = t.column_names.index(layout.QUANTILE_LEVEL)
        t = t.set_column(i, layout.QUANTILE_LEVEL, _as_float(t.column(i)))
    if layout.OBSERVED not in t.column_names:
        t = t.append_column(layout.OBSERVED, pa.nulls(t.num_rows, pa.float64()))
    return t


def _as_float(col: Any) -> Any:
    import pyarrow as pa
    import pyarrow.compute as pc

    try:
        return pc.cast(col, pa.float64())
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        return col  # left as it is: the engine reports each value that is not a number


def _keys_alike(t: Any, truth: Any, keys: list[str], oracle_file: str) -> tuple[Any, Any]:
    """Both tables with each key column of one type: the oracle's cast to the model output's.

    CSV reads them apart. A key column without a type (``null``: all empty, as a
    pandas column of objects, or an empty Dask partition, is read) takes the
    other table's type; when neither has one, both are text.

    Raises:
        TableError: an oracle key column whose values cannot be read as the model
            output's type (no row of the one could be matched to the other).
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    def cast(table: Any, k: str, want: Any) -> Any:
        return table.set_column(table.column_names.index(k), k, pc.cast(table.column(k), want))

    for k in keys:
        want, have = t.schema.field(k).type, truth.schema.field(k).type
        if pa.types.is_null(want) and pa.types.is_null(have):
            t, truth = cast(t, k, pa.string()), cast(truth, k, pa.string())
        elif pa.types.is_null(want):
            t = cast(t, k, have)
        elif have != want:
            try:
                truth = cast(truth, k, want)
            except (pa.ArrowInvalid, pa.ArrowNotImplementedError) as exc:
                message = (
                    f"its values ({have}) cannot be read as the model output's column {k} "
                    f"({want}), so no row can be joined on it ({exc})"
                )
                raise TableError([Problem(oracle_file, f"column {k}", message)]) from None
    return t, truth


def _joined(t: Any, truth: Any, keys: list[str]) -> Any:
    """``t`` left-joined to ``truth`` on ``keys``; columns without a type (null) pass through.

    Arrow's join takes no ``null``-typed column, and such a column holds no value
    to join: it is set aside and put back, all null, where it was.
    """
    import pyarrow as pa

    def untyped(table: Any) -> list[str]:
        return [f.name for f in table.schema if pa.types.is_null(f.type) and f.name not in keys]

    aside = untyped(t) + untyped(truth)
    out = t.drop_columns(untyped(t)).join(
        truth.drop_columns(untyped(truth)), keys=keys, join_type="left outer"
    )
    order = [*t.column_names, *[c for c in truth.column_names if c not in keys]]
    for name in aside:
        out = out.append_column(name, pa.nulls(out.num_rows))
    return out.select(order)
