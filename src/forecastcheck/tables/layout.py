"""The tidy layout: column names, forecast types and how the type is inferred.

A tidy forecast table has one row per forecast (binary, point), per quantile
(``quantile_level``), per sample (``sample_id``) or per category
(``predicted_label``), as scoringutils' ``as_forecast_*`` functions expect:

- ``observed``: what happened (0/1 or a probability for binary forecasts, a
  number for point, quantile and sample forecasts, a category for categorical ones);
- ``predicted``: the forecast (a probability, a number, a quantile, a sample or
  the probability of ``predicted_label``);
- ``model``: who forecast (optional);
- every other column is part of the *forecast unit* (target, location, date...).

The forecast type is inferred from which of those columns are present, as
scoringutils does: ``quantile_level`` → quantile, ``sample_id`` → sample,
``predicted_label`` → categorical, otherwise binary when every observed value
is 0, 1 (or a boolean) and every forecast is in [0, 1], else point. Pass
``forecast_type=`` to say it instead (a point forecast of a count that happens
to be 0 or 1 would otherwise read as binary).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final, Literal, TypeAlias

__all__ = [
    "FORECAST_TYPES",
    "MODEL",
    "OBSERVED",
    "PREDICTED",
    "PREDICTED_LABEL",
    "PROTECTED",
    "QUANTILE_LEVEL",
    "ROW",
    "SAMPLE_ID",
    "ForecastType",
    "forecast_unit",
    "type_from_columns",
]

ForecastType: TypeAlias = Literal["binary", "categorical", "point", "quantile", "sample"]
FORECAST_TYPES: Final[tuple[ForecastType, ...]] = (
    "binary",
    "categorical",
    "point",
    "quantile",
    "sample",
)

OBSERVED: Final = "observed"
PREDICTED: Final = "predicted"
MODEL: Final = "model"
QUANTILE_LEVEL: Final = "quantile_level"
SAMPLE_ID: Final = "sample_id"
PREDICTED_LABEL: Final = "predicted_label"

#: The row number of the original table, carried by readers that filter or join rows.
ROW: Final = "__row__"

#: Columns that are never part of the forecast unit.
PROTECTED: Final[frozenset[str]] = frozenset(
    {OBSERVED, PREDICTED, QUANTILE_LEVEL, SAMPLE_ID, PREDICTED_LABEL, ROW}
)

#: The column that tells one row of a forecast from another, per type (None: one row each).
WITHIN: Final[dict[ForecastType, str | None]] = {
    "binary": None,
    "point": None,
    "quantile": QUANTILE_LEVEL,
    "sample": SAMPLE_ID,
    "categorical": PREDICTED_LABEL,
}


def forecast_unit(columns: Sequence[str]) -> list[str]:
    """The forecast-unit columns: every column but the protected ones, in table order."""
    return [c for c in columns if c not in PROTECTED]


def type_from_columns(columns: Sequence[str]) -> ForecastType | None:
    """The forecast type the columns alone decide, or None (binary or point: see the values)."""
    names = set(columns)
    if QUANTILE_LEVEL in names:
        return "quantile"
    if SAMPLE_ID in names:
        return "sample"
    if PREDICTED_LABEL in names:
        return "categorical"
    return None
