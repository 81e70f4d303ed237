"""One crowd forecast per forecast unit, pooled across the models of a binary tidy table.

:func:`pool_table` replaces the rows of the models that forecast one unit (the
forecast-unit columns other than ``model``) by one row: its ``predicted`` is
:func:`forecastcheck.crowd.crowd_aggregate` of theirs, its ``model`` is
``"crowd:<method>"``, its ``observed`` theirs. ``score_table(..., aggregate=...)``
scores that table. Nothing is dropped on the way: a missing forecast, or a unit
whose rows disagree on the outcome, is a located problem.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Literal

import numpy as np

from forecastcheck.crowd import CrowdMethod, crowd_aggregate
from forecastcheck.errors import Problem
from forecastcheck.tables import _common, layout
from forecastcheck.tables.validate import TableError

__all__ = ["pool_table"]


def pool_table(
    table: Any,
    method: CrowdMethod,
    *,
    trim: float = 0.1,
    extremize: float | Literal["neyman"] = "neyman",
    file: str = "",
    locate: Callable[[int], tuple[str, int]] | None = None,
) -> Any:
    """A pyarrow binary tidy table with one pooled row per forecast unit (see the module docs).

    ``locate`` maps a row number of the table (from 1) to a file and its row
    there (a table read from several files); problems name that file and row.

    Raises:
        TableError: a forecast missing, outcomes differing within a unit, or no
            ``model``/``predicted``/``observed`` column.
    """
    import pyarrow as pa

    names = list(table.column_names)
    lacking = [c for c in (layout.MODEL, layout.PREDICTED, layout.OBSERVED) if c not in names]
    if lacking:
        raise TableError(
            [Problem(file, f"column {c}", "missing (pooling needs it)") for c in lacking]
        )
    unit = [c for c in layout.forecast_unit(names) if c != layout.MODEL]
    nested = [c for c in unit if not _common.keyable(table.schema.field(c).type)]
    if nested:
        raise TableError(
            [
                Problem(file, f"column {c}", _common.nested_unit(table.schema.field(c).type))
                for c in nested
            ]
        )
    p = np.asarray(table.column(layout.PREDICTED).to_numpy(zero_copy_only=False), dtype=float)
    y = np.asarray(table.column(layout.OBSERVED).to_numpy(zero_copy_only=False), dtype=float)
    codes, keys = _common.codes([table.column(c) for c in unit], table.num_rows)

    def located(row: int, column: str, message: str) -> Problem:
        where, local = (file, row) if locate is None else locate(row)
        return Problem(where, f"row {local}, column {column}", message)

    problems = [
        located(r + 1, layout.PREDICTED, "is missing: cannot be pooled")
        for r in np.flatnonzero(np.isnan(p)).tolist()
    ]
    Q = len(keys)
    lo, hi = np.full(Q, np.inf), np.full(Q, -np.inf)
    np.fmin.at(lo, codes, y)
    np.fmax.at(hi, codes, y)
    differ = np.flatnonzero(lo < hi)
    first = {int(c): r for r, c in reversed(list(enumerate(codes.tolist())))}
    problems += [
        located(
            first[q] + 1,
            layout.OBSERVED,
            "the models of this forecast unit disagree on the outcome: cannot be pooled",
        )
        for q in differ.tolist()
    ]
    # fmin/fmax skip NaN: a unit where only some rows lack the outcome is found apart
    unknown = np.isnan(y)
    missing = np.bincount(codes, weights=unknown, minlength=Q)
    partly = np.bincount(codes, minlength=Q) > missing
    problems += [
        located(r + 1, layout.OBSERVED, "is missing while other models of this unit have one")
        for r in np.flatnonzero(unknown & partly[codes] & (missing[codes] > 0)).tolist()
    ]
    if problems:
        raise TableError(problems)
    try:
        pooled = crowd_aggregate(codes, p, method, trim=trim, extremize=extremize)
    except ValueError as exc:  # the crowd rule's own refusal (0 and 1 for one unit...)
        raise TableError([Problem(file, f"column {layout.PREDICTED}", str(exc))]) from exc
    at = np.asarray(pooled.questions, dtype=np.intp)
    observed = np.where(np.isfinite(lo[at]), lo[at], np.nan)
    data = {
        c: pa.array([keys[q][i] for q in at.tolist()], table.schema.field(c).type)
        for i, c in enumerate(unit)
    }
    data[layout.MODEL] = pa.array([f"crowd:{method}"] * at.size, pa.string())
    data[layout.PREDICTED] = pa.array(pooled.p, pa.float64())
    data[layout.OBSERVED] = pa.array(observed, pa.float64(), from_pandas=True)  # NaN: null
    return pa.table(data)
