"""Grouped scoring of a tidy forecast table, batch by batch, through the library's accumulators.

The engine reads a table as a stream of Arrow record batches (from memory or
from a file through ``pyarrow.dataset``). Binary forecasts, one row each, are
scored as the batches pass: each batch's rows go into one
:class:`~forecastcheck.calibration.BinStats` per group (reliability table, Brier
sums, Murphy decomposition) and the exact :class:`~forecastcheck.aggregate.ScoreTotals`
of the other scores, merged exactly, so a file never has to fit in memory; only
a 64-bit hash and the row number of each row are kept, to find duplicate
forecasts (rows sharing a hash are read again and compared exactly). Point,
quantile, sample and categorical forecasts span several rows that can be
anywhere in the file, so their columns are gathered first (only the columns
scoring needs) and the rows of each forecast put together; their per-forecast scores come from
:mod:`forecastcheck.scoring` and are summed per group with
:func:`~forecastcheck.aggregate.score_totals_by`.

Nothing is dropped silently: a row without an observation or a forecast is an
error (``missing="raise"``, the default) or counted per group under its
reason (``missing="count"``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any, TypeAlias

import attrs

from forecastcheck.aggregate import ScoreTotals
from forecastcheck.calibration import MurphyDecomposition, ReliabilityTable
from forecastcheck.scoring import ScoreSummary
from forecastcheck.tables import _common, _partitions, layout
from forecastcheck.tables.binary_stream import score_binary
from forecastcheck.tables.layout import ForecastType
from forecastcheck.tables.validate import MAX_PROBLEMS, Problems

if TYPE_CHECKING:
    import pyarrow as pa

__all__ = [
    "DEFAULT_SCORES",
    "SCORES",
    "GroupScores",
    "Missing",
    "Source",
    "TableScores",
    "plan",
    "score_source",
]

Missing: TypeAlias = _common.Missing
#: A table as a function of the columns wanted, yielding record batches (read afresh each call).
Source: TypeAlias = _common.Source

#: Scores available per forecast type (``interval_coverage_<N>`` for any central N% interval).
SCORES: dict[ForecastType, tuple[str, ...]] = {
    "binary": ("brier_score", "log_score", "spherical_score", "misclassification"),
    "point": ("ae_point", "se_point", "ape"),
    "quantile": (
        "wis",
        "overprediction",
        "underprediction",
        "dispersion",
        "bias",
        "interval_coverage_50",
        "interval_coverage_90",
        "ae_median",
    ),
    "sample": ("crps", "ae_median", "se_mean"),
    "categorical": ("log_score", "brier_score"),
}
#: The scores computed when none are named: scoringutils' defaults where it has them.
DEFAULT_SCORES: dict[ForecastType, tuple[str, ...]] = {
    "binary": ("brier_score", "log_score"),
    "point": ("ae_point", "se_point", "ape"),
    "quantile": SCORES["quantile"],
    "sample": SCORES["sample"],
    "categorical": ("log_score", "brier_score"),
}
_HIGHER_IS_BETTER = frozenset({"spherical_score"})
_BATCH = 1 << 20


@attrs.frozen
class GroupScores:
    """The scores of one group of forecasts.

    Attributes:
        key: the group's values of the ``by`` columns.
        n: forecasts scored.
        unscored: forecasts not scored, per reason (``no_observation``, ``no_forecast``).
        scores: one :class:`~forecastcheck.scoring.ScoreSummary` per score name.
        reliability: binary forecasts with 0/1 outcomes: the reliability table
            (None for other forecasts, or with none).
        murphy: likewise, the Murphy decomposition of the Brier score.
    """

    key: _common.Key
    n: int
    unscored: dict[str, int]
    scores: dict[str, ScoreSummary]
    reliability: ReliabilityTable | None = None
    murphy: MurphyDecomposition | None = None


@attrs.frozen
class TableScores:
    """The scores of a table, per group.

    Attributes:
        forecast_type: the forecast type scored.
        by: the grouping columns.
        score_names: the scores, in column order.
        groups: one :class:`GroupScores` per group, in key order.
        output_type: the hubverse output type scored (None for a tidy table).
        duplicates_checked: whether duplicate forecast units were looked for (False
            only when a Dask DataFrame is scored with ``check_duplicates=False``).
    """

    forecast_type: ForecastType
    by: tuple[str, ...]
    score_names: tuple[str, ...]
    groups: tuple[GroupScores, ...]
    output_type: str | None = None
    duplicates_checked: bool = True

    def columns(self) -> dict[str, list[Any]]:
        """The result as columns: ``by`` columns, ``n``, ``n_<reason>``, one per score."""
        out: dict[str, list[Any]] = {c: [] for c in self.by}
        out["n"] = []
        for reason in _common.REASONS:
            out[f"n_{reason}"] = []
        for name in self.score_names:
            out[name] = []
        for g in self.groups:
            for c, v in zip(self.by, g.key, strict=True):
                out[c].append(v)
            out["n"].append(g.n)
            for reason in _common.REASONS:
                out[f"n_{reason}"].append(g.unscored.get(reason, 0))
            for name in self.score_names:
                out[name].append(g.scores[name].mean)
        return out


def table_source(table: pa.Table, batch_size: int = _BATCH) -> Source:
    """A :data:`Source` over an Arrow table in memory."""

    def read(columns: Sequence[str]) -> Iterator[pa.RecordBatch]:
        yield from table.select(list(columns)).to_batches(max_chunksize=batch_size)

    return read


def score_source(
    source: Source,
    names: Sequence[str],
    *,
    by: Sequence[str] | None = None,
    scores: Sequence[str] | None = None,
    forecast_type: ForecastType | None = None,
    missing: Missing = "raise",
    bins: int = 10,
    file: str = "",
    max_problems: int | None = MAX_PROBLEMS,
    check_duplicates: bool = True,
    locate: Callable[[int], tuple[str, int]] | None = None,
    partitions: int = 1,
    types: Mapping[str, pa.DataType] | None = None,
) -> TableScores:
    """Validate and score a tidy table given as a :data:`Source` with column ``names``.

    ``locate`` maps a row number of the whole stream to a file and its row there
    (for a table read from several files). ``partitions`` > 1 scores point,
    quantile, sample and categorical forecasts that many parts at a time, split by
    forecast unit through temporary files (the same scores, less memory; see
    :mod:`~forecastcheck.tables._partitions`). ``types`` gives the columns' Arrow
    types when the caller knows them (else they are read from the first batch).

    Raises:
        TableError: every problem found, located by row and column.
    """
    problems = Problems(file, max_problems, locate)
    ftype, by_cols, want = plan(source, names, by, scores, forecast_type, missing, problems)
    nested = _nested(source, names, ftype, types, problems)
    if nested:  # never scored: read as text so that the rest is validated too
        source = _common.as_text(source, nested)
    ctx = _common.Context(names, by_cols, want, missing, bins, problems, check_duplicates)
    if ftype == "binary":
        groups = score_binary(source, ctx)
    else:
        groups = _partitions.score_partitioned(source, ftype, ctx, partitions)
    problems.raise_if_any()
    return TableScores(ftype, tuple(by_cols), want, tuple(_finish(groups, ctx)))


def plan(  # noqa: PLR0917  # the checks of score_source's own arguments, in its order
    source: Source,
    names: Sequence[str],
    by: Sequence[str] | None,
    scores: Sequence[str] | None,
    forecast_type: ForecastType | None,
    missing: Missing,
    problems: Problems,
) -> tuple[ForecastType, list[str], tuple[str, ...]]:
    """The checks before scoring: the type, the ``by`` columns and the scores, or every problem.

    Raises:
        TableError: the columns, options or scores do not fit.
    """
    by_cols = _by_columns(names, by, problems)
    for col in (layout.OBSERVED, layout.PREDICTED):
        if col not in names:
            problems.column(col, "missing: a tidy forecast table needs it")
    if missing not in ("raise", "count"):
        problems.add("missing", f"must be 'raise' or 'count', not {missing!r}")
    if layout.OBSERVED not in names or layout.PREDICTED not in names:
        problems.raise_if_any()  # the type cannot be told without them
    ftype = forecast_type or layout.type_from_columns(names) or _binary_or_point(source)
    if ftype not in layout.FORECAST_TYPES:
        problems.add("forecast_type", f"must be one of {layout.FORECAST_TYPES}, not {ftype!r}")
    want = tuple(scores) if scores is not None else DEFAULT_SCORES.get(ftype, ())
    for name in want:
        if name not in SCORES.get(ftype, ()) and not is_coverage(name, ftype):
            problems.add(
                "scores", f"no score {name!r} for {ftype} forecasts; choose from {SCORES[ftype]}"
            )
    problems.raise_if_any()
    return ftype, by_cols, want


def _nested(
    source: Source,
    names: Sequence[str],
    ftype: ForecastType,
    types: Mapping[str, pa.DataType] | None,
    problems: Problems,
) -> list[str]:
    """The nested (struct, list, map...) columns of the forecast unit, each one problem."""
    keys, within = _common.unit_and_within(names, ftype)
    if not keys:
        return []
    known = _common.first_types(source, keys) if types is None else types
    return _common.nested_keys(known, keys, within, problems)


def _by_columns(names: Sequence[str], by: Sequence[str] | None, problems: Problems) -> list[str]:
    if by is None:
        return [layout.MODEL] if layout.MODEL in names else []
    cols = [by] if isinstance(by, str) else list(by)
    for c in cols:
        if c not in names:
            problems.column(c, "named in by, but the table has no such column")
        elif c in layout.PROTECTED:
            problems.column(c, "cannot group by it: it is not part of the forecast unit")
    return cols


def is_coverage(name: str, ftype: str) -> bool:
    """Whether ``name`` is ``interval_coverage_<N>`` (0 < N < 100) of a quantile forecast."""
    head, _, pct = name.rpartition("_")
    return (
        ftype == "quantile" and head == "interval_coverage" and pct.isdigit() and 0 < int(pct) < 100
    )


def _binary_or_point(source: Source) -> ForecastType:
    """Binary when every observed value is 0/1 (or boolean) and every forecast in [0, 1]."""
    import pyarrow as pa
    import pyarrow.compute as pc

    for batch in source([layout.OBSERVED, layout.PREDICTED]):
        obs, pred = batch.column(0), batch.column(1)
        if pa.types.is_boolean(obs.type):
            continue
        if not (_common.is_number(obs.type) and _common.is_number(pred.type)):
            return "point"
        o = pc.drop_null(obs)
        ok_obs = len(o) == 0 or bool(pc.all(pc.is_in(o, pa.array([0, 1], o.type))).as_py())
        lo, hi = pc.min_max(pred).values()
        ok_pred = lo.as_py() is None or (lo.as_py() >= 0 and hi.as_py() <= 1)
        if not (ok_obs and ok_pred):
            return "point"
    return "binary"


# ---------------------------------------------------------------- results


def _finish(groups: dict[_common.Key, _common.Group], ctx: _common.Context) -> list[GroupScores]:
    out: list[GroupScores] = []
    for key in _sorted_keys(groups):
        g = groups[key]
        totals = dict(g.totals)
        hard_n = 0 if g.bins is None else g.bins.n
        if g.bins is not None:
            brier = ScoreTotals(total=g.bins.brier_total or 0, n_finite=hard_n)
            totals["brier_score"] = brier.merge(totals.get("brier_score", ScoreTotals()))
        for soft, name in (("soft_brier", "brier_score"), ("soft_log", "log_score")):
            if soft in totals:
                totals[name] = totals.get(name, ScoreTotals()).merge(totals.pop(soft))
        summaries = {
            name: totals.get(name, ScoreTotals()).summary(
                name, higher_is_better=name in _HIGHER_IS_BETTER
            )
            for name in ctx.scores
        }
        reliability = murphy = None
        if g.bins is not None and hard_n:
            reliability, murphy = g.bins.reliability_table(), g.bins.murphy()
        out.append(GroupScores(key, g.n, dict(g.unscored), summaries, reliability, murphy))
    return out


def _sorted_keys(groups: dict[_common.Key, _common.Group]) -> list[_common.Key]:
    try:
        return sorted(groups, key=lambda k: tuple((v is None, v) for v in k))
    except TypeError:
        return sorted(groups, key=lambda k: tuple((v is None, str(v)) for v in k))
