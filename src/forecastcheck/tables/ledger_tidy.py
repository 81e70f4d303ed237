"""A ledger's predictions as a tidy binary table, to score with the table tools.

:func:`ledger_table` evaluates a ledger as of a day
(:func:`forecastcheck.evaluate`) and gives one row per prediction:

==================  ============================================================
column              from the prediction's result
==================  ============================================================
``model``           the source's id
``prediction``      the prediction's id (the forecast unit)
``question``        the question's number (calls on the same question share it)
``topic``           the prediction's topic
``stated``          when it was said (a day, or a window of days), as text
``status``          the resolution's status (``resolved-yes``, ``pending``...)
``predicted``       the probability of the proposition, after polarity (None
                    when unscorable)
``observed``        1 or 0 once decided; None while pending or ambiguous
==================  ============================================================

Scored with ``missing="count"``, the pending and unscorable calls are counted in
``n_no_observation`` and ``n_no_forecast``, and the Brier and log scores per
source are the evaluation's own. A table does not carry the calls' quotes,
documents, evidence and the rest of
:data:`~forecastcheck.tables.tidy_ledger.NOT_CARRIED`; a pyarrow table says so in
its schema metadata (``forecastcheck.not_carried``).
:func:`~forecastcheck.tables.ledger_from_table` is the way back.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from forecastcheck.tables import tidy_ledger

__all__ = ["ledger_table"]


def ledger_table(
    ledger: Any,
    *,
    as_of: dt.date,
    backend: Literal["pyarrow", "pandas", "polars"] = "pyarrow",
    **evaluate: Any,
) -> Any:
    """One tidy row per prediction of ``ledger`` as of ``as_of``.

    Args:
        ledger: a :class:`forecastcheck.Ledger` (or a path :func:`forecastcheck.load` reads).
        as_of: the evaluation day.
        backend: the table's kind, ``"pyarrow"``, ``"pandas"`` or ``"polars"``.
        evaluate: further arguments of :func:`forecastcheck.evaluate` (``scale``,
            ``point_rule``...).

    Returns:
        The table, in the tidy binary layout (see the module docs).
    """
    import narwhals as nw
    import pyarrow as pa

    from forecastcheck.evaluation import evaluate as run_evaluation  # loaded only when used
    from forecastcheck.ledger import Ledger, load

    if not isinstance(ledger, Ledger):
        ledger = load(ledger)
    result = run_evaluation(ledger, as_of=as_of, n_bootstrap=0, **evaluate)
    rows = result.predictions
    data: dict[str, list[Any]] = {
        "model": [r.source for r in rows],
        "prediction": [r.id for r in rows],
        "question": [r.question for r in rows],
        "topic": [r.topic for r in rows],
        "stated": [str(r.stated) for r in rows],
        "status": [str(r.status) for r in rows],
        "predicted": [r.probability for r in rows],
        "observed": [
            None if r.outcome is None or r.probability is None else float(r.outcome) for r in rows
        ],
    }
    types = {"question": pa.int64(), "predicted": pa.float64(), "observed": pa.float64()}
    table = pa.table({c: pa.array(v, types.get(c, pa.string())) for c, v in data.items()})
    said = "not carried by the table: " + ", ".join(tidy_ledger.NOT_CARRIED)
    table = table.replace_schema_metadata({"forecastcheck.not_carried": said})
    if backend == "pyarrow":
        return table
    return nw.from_arrow(table, backend=backend).to_native()
