"""Forecast tables from CSV and Parquet files, read in batches through ``pyarrow.dataset``.

Several files make one table (a hubverse hub's model-output folder, say): they
are read one after the other, and every problem names the file and the row in
it (rows count data rows from 1; in a CSV file row R is on line R + 1). In CSV files
an empty cell, ``NA``, ``null`` or ``NaN`` is a missing value (pyarrow's defaults,
for text columns too). A file
of a hubverse hub without a ``model_id`` column takes its model from its
folder, ``model-output/<model_id>/<round_id>-<model_id>.csv``.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, Literal, TypeAlias

import numpy as np

from forecastcheck.crowd import CrowdMethod
from forecastcheck.errors import Problem
from forecastcheck.tables import engine, hubverse, layout
from forecastcheck.tables.engine import Missing, Source, TableScores
from forecastcheck.tables.layout import ForecastType
from forecastcheck.tables.validate import MAX_PROBLEMS, TableError

__all__ = ["FORMATS", "Format", "read_table", "score_files", "table_files"]

Format: TypeAlias = Literal["auto", "tidy", "hubverse", "forecastbench", "metaculus"]
FORMATS: tuple[Format, ...] = ("auto", "tidy", "hubverse", "forecastbench", "metaculus")
_BATCH_ROWS = 1 << 20
#: Bytes of CSV (or a quarter as many of Parquet) per part when non-binary files are scored.
PART_BYTES = 1 << 28
_SUFFIXES = {".csv": "csv", ".parquet": "parquet", ".pq": "parquet"}


def _format_of(path: str) -> str:
    kind = _SUFFIXES.get(Path(path).suffix.lower())
    if kind is None:
        raise TableError(
            [Problem(path, "", f"not a table file: the name must end in {sorted(_SUFFIXES)}")]
        )
    return kind


def _dataset(path: str) -> Any:
    import pyarrow as pa
    import pyarrow.dataset as ds

    kind = _format_of(path)
    fmt: Any = kind
    if kind == "csv":  # empty cells and NA (R's write.csv) are missing, in text columns too
        import pyarrow.csv as pacsv

        fmt = ds.CsvFileFormat(convert_options=pacsv.ConvertOptions(strings_can_be_null=True))
    try:
        return ds.dataset(path, format=fmt)
    except (OSError, pa.ArrowInvalid) as exc:
        raise TableError([Problem(path, "", f"cannot read: {exc}")]) from exc


def _parts_for(paths: Sequence[str]) -> int:
    """How many parts the files' non-binary forecasts are scored in: one per PART_BYTES."""
    weight = {"csv": 1, "parquet": 4}
    size = sum(Path(p).stat().st_size * weight[_format_of(p)] for p in paths)
    return max(1, -(-size // PART_BYTES))


def _model_from_path(path: str) -> str | None:
    p = Path(path)
    if p.parent.parent.name == "model-output":
        return p.parent.name
    return None


def table_files(paths: Sequence[str]) -> tuple[Source, list[str], Any]:
    """Files as one engine source: its column names and a ``locate(row) -> (file, row)``.

    Raises:
        TableError: a file that cannot be read, or files whose columns differ.
    """
    source, names, locate, _ = _typed_files(paths)
    return source, names, locate


# Over 60 lines, kept whole: read() and locate() share the row offsets one pass records.
def _typed_files(paths: Sequence[str]) -> tuple[Source, list[str], Any, dict[str, Any]]:
    """:func:`table_files`, and the Arrow type of each column (read from the files' schemas).

    Each batch carries the running row number (column ``__row__``); a CSV column
    typed differently in two files is read as the wider type.

    Raises:
        TableError: a file that cannot be read, or files whose columns differ.
    """
    import pyarrow as pa

    sets = [_dataset(p) for p in paths]
    extra = {
        p: m
        for p, d in zip(paths, sets, strict=True)
        if hubverse.MODEL_ID not in d.schema.names and (m := _model_from_path(p)) is not None
    }
    try:
        schema = pa.unify_schemas([d.schema for d in sets], promote_options="permissive")
    except (pa.ArrowInvalid, pa.ArrowTypeError) as exc:
        raise TableError(
            [Problem(paths[0], "", f"files do not share their columns: {exc}")]
        ) from exc
    names = list(schema.names)
    if extra and hubverse.MODEL_ID not in names:
        names.insert(0, hubverse.MODEL_ID)
    problems = [
        Problem(p, f"column {c}", f"missing (present in {paths[0]})")
        for p, d in zip(paths, sets, strict=True)
        for c in names
        if c not in d.schema.names and not (c == hubverse.MODEL_ID and p in extra)
    ]
    if problems:
        raise TableError(problems)
    starts: list[int] = []

    def read(columns: Sequence[str]) -> Iterator[pa.RecordBatch]:
        offset = 0
        starts.clear()
        for path, d in zip(paths, sets, strict=True):
            starts.append(offset)
            cols = [c for c in columns if c in d.schema.names]
            try:
                batches = d.to_batches(
                    columns=cols, batch_size=_BATCH_ROWS, batch_readahead=2, fragment_readahead=1
                )
                for batch in batches:
                    t = pa.Table.from_batches([batch])
                    for c in columns:
                        if c == layout.ROW:
                            rows = pa.array(
                                np.arange(offset + 1, offset + t.num_rows + 1, dtype=np.int64)
                            )
                            t = t.append_column(c, rows)
                        elif c not in t.column_names:  # model_id from the file's folder
                            t = t.append_column(c, pa.array([extra[path]] * t.num_rows))
                    t = t.select(list(columns))
                    target = pa.schema([_field(schema, c) for c in columns])
                    offset += t.num_rows
                    yield from t.cast(target).to_batches()
            except (OSError, pa.ArrowInvalid) as exc:
                raise TableError([Problem(path, "", f"cannot read: {exc}")]) from exc

    def locate(row: int) -> tuple[str, int]:
        i = max(bisect.bisect_left(starts, row) - 1, 0)
        return paths[i], row - starts[i]

    types = {c: _field(schema, c).type for c in names}
    return read, [*names, layout.ROW], locate, types


def _field(schema: Any, name: str) -> Any:
    import pyarrow as pa

    if name == layout.ROW:
        return pa.field(name, pa.int64())
    if name not in schema.names:
        return pa.field(name, pa.string())
    return schema.field(name)


def read_table(paths: Sequence[str] | str) -> Any:
    """Files read whole into one pyarrow Table (for small files; scoring streams instead)."""
    import pyarrow as pa

    files = [paths] if isinstance(paths, str) else list(paths)
    source, names, _ = table_files(files)
    batches = list(source([n for n in names if n != layout.ROW]))
    return pa.Table.from_batches(batches) if batches else pa.table({})


def _score_forecastbench(
    paths: Sequence[str],
    oracle: Sequence[str] | None,
    *,
    by: Sequence[str] | None,
    scores: Sequence[str] | None,
    missing: Missing,
    bins: int,
    max_problems: int | None,
) -> TableScores:
    """:func:`score_files` of ForecastBench forecast sets, by model and source type by default."""
    from forecastcheck.tables import forecastbench

    table = forecastbench.forecastbench_table(paths, oracle or ())
    return engine.score_source(
        engine.table_source(table),
        table.column_names,
        by=["model", "source_type"] if by is None else by,
        scores=scores,
        forecast_type="binary",
        missing=missing,
        bins=bins,
        file=paths[0],
        max_problems=max_problems,
    )


def _score_metaculus(paths: Sequence[str], oracle: Sequence[str] | None) -> Any:
    """:func:`score_files` of one Metaculus export (its question_data.csv as the oracle)."""
    from forecastcheck.tables import metaculus

    if not oracle or len(oracle) != 1 or len(paths) != 1:
        message = (
            "a Metaculus export: one forecast_data.csv, and its question_data.csv as the oracle"
        )
        raise TableError([Problem(paths[0], "", message)])
    return metaculus.metaculus_results(oracle[0], paths[0])


def _score_pooled(
    paths: Sequence[str],
    format: Format,
    oracle: Sequence[str] | None,
    aggregate: CrowdMethod,
    **options: Any,
) -> TableScores:
    """:func:`score_files` with ``aggregate=``: the table read whole, pooled, then scored."""
    import pyarrow as pa

    from forecastcheck.tables import forecastbench, pooled

    if format == "forecastbench":  # JSON forecast sets: a binary tidy table once read
        table, locate = forecastbench.forecastbench_table(paths, oracle or ()), None
        options["by"] = ["model", "source_type"] if options["by"] is None else options["by"]
    else:
        source, names, locate = table_files(paths)
        kind: str | None = layout.type_from_columns(names)
        if format in {"hubverse", "metaculus"} or hubverse.OUTPUT_TYPE in names:
            kind = "hubverse" if format == "auto" else format
        if kind is not None or options["forecast_type"] not in {None, "binary"}:
            what = f"{kind or options['forecast_type']} forecasts"
            message = f"--aggregate pools the models' binary forecasts, not {what}"
            raise TableError([Problem(paths[0], "", message)])
        table = pa.Table.from_batches(list(source([n for n in names if n != layout.ROW])))
    crowd = pooled.pool_table(table, aggregate, file=paths[0], locate=locate)
    options["forecast_type"] = "binary"
    return engine.score_source(
        engine.table_source(crowd), crowd.column_names, file=paths[0], **options
    )


def score_files(
    paths: Sequence[str],
    *,
    format: Format = "auto",  # the command's --format
    oracle: Sequence[str] | None = None,
    by: Sequence[str] | None = None,
    scores: Sequence[str] | None = None,
    forecast_type: ForecastType | None = None,
    missing: Missing = "raise",
    bins: int = 10,
    max_problems: int | None = MAX_PROBLEMS,
    aggregate: CrowdMethod | None = None,
    partitions: int | None = None,
) -> tuple[TableScores, ...]:
    """Score forecast files (CSV or Parquet), streamed in batches.

    Args:
        paths: one or more files forming one table.
        format: ``"tidy"``, ``"hubverse"``, ``"forecastbench"`` (JSON forecast sets),
            ``"metaculus"`` (an export's ``forecast_data.csv``), or ``"auto"``
            (hubverse when there is an ``output_type`` column, else tidy).
        oracle: hubverse oracle-output files, ForecastBench resolution sets, or a
            Metaculus export's ``question_data.csv``.
        by, scores, forecast_type, missing, bins, max_problems: as
            :func:`~forecastcheck.tables.score_table`.
        aggregate: pool the models' binary forecasts of each forecast unit into one
            crowd forecast (a :data:`~forecastcheck.crowd.CrowdMethod`) and score it as
            the model ``crowd:<method>``; the table is read whole to pool it. Tidy
            and ForecastBench files only.

    Raises:
        TableError: every problem, located by file, row and column.
    """
    if aggregate is not None:
        options = {"by": by, "scores": scores, "forecast_type": forecast_type, "bins": bins}
        options |= {"missing": missing, "max_problems": max_problems}
        return (_score_pooled(paths, format, oracle, aggregate, **options),)
    if format == "forecastbench":  # JSON forecast sets; the oracle files are resolution sets
        return (
            _score_forecastbench(
                paths,
                oracle,
                by=by,
                scores=scores,
                missing=missing,
                bins=bins,
                max_problems=max_problems,
            ),
        )
    if format == "metaculus":  # forecast_data.csv files; the oracle is question_data.csv
        return (_score_metaculus(paths, oracle),)
    source, names, locate, types = _typed_files(paths)
    parts = _parts_for(paths) if partitions is None else partitions
    if format == "hubverse" or (format == "auto" and hubverse.OUTPUT_TYPE in names):
        truth = None if not oracle else read_table(oracle)
        return hubverse.score_hubverse(
            source,
            names,
            truth,
            by=by,
            scores=scores,
            missing=missing,
            bins=bins,
            file=paths[0],
            oracle_file=oracle[0] if oracle else "",
            max_problems=max_problems,
            locate=locate,
            partitions=parts,
            types=types,
        )
    return (
        engine.score_source(
            source,
            names,
            by=by,
            scores=scores,
            forecast_type=forecast_type,
            missing=missing,
            bins=bins,
            file=paths[0],
            max_problems=max_problems,
            locate=locate,
            partitions=parts,
            types=types,
        ),
    )
