"""Forecast tables in, score tables out: any dataframe, the tidy layout, platform readers.

:func:`score_table` takes a pandas, polars or pyarrow table (through narwhals)
in the long "tidy" layout of scoringutils and the hubverse, validates it
(every problem at once, by row and column), scores it per group and returns
the caller's kind of table. Needs the ``tables`` extra (narwhals, pyarrow).
"""

from __future__ import annotations

from forecastcheck.tables.engine import (
    DEFAULT_SCORES,
    SCORES,
    GroupScores,
    TableScores,
)
from forecastcheck.tables.files import read_table, score_files
from forecastcheck.tables.frames import score_table, score_table_detail
from forecastcheck.tables.layout import FORECAST_TYPES, ForecastType
from forecastcheck.tables.ledger_tidy import ledger_table
from forecastcheck.tables.output import render
from forecastcheck.tables.tidy_ledger import ledger_from_table
from forecastcheck.tables.validate import TableError

__all__ = [
    "DEFAULT_SCORES",
    "FORECAST_TYPES",
    "SCORES",
    "ForecastType",
    "GroupScores",
    "TableError",
    "TableScores",
    "ledger_from_table",
    "ledger_table",
    "read_table",
    "render",
    "score_files",
    "score_table",
    "score_table_detail",
]
