"""forecastcheck: hold forecasters to account.

Predictions are typed objects with provenance; they are resolved against a
log of recorded events and scored with the standard, exactly defined rules.
The whole public API is re-exported here.
"""

from __future__ import annotations

from forecastcheck.dates import (
    DateWindow,
    Deadline,
    DeadlineError,
    PointEstimate,
    is_open_ended,
    parse_deadline,
    parse_horizon,
    parse_point,
    parse_term,
)
from forecastcheck.errors import FieldError, ForecastcheckError, LedgerError, Problem, ScaleError
from forecastcheck.files import load, save
from forecastcheck.model import (
    All,
    Any,
    Citation,
    Confidence,
    DateOf,
    Document,
    Event,
    EventLog,
    HoldsAt,
    HoldsThroughout,
    If,
    Ledger,
    Not,
    Occurs,
    Prediction,
    Proposition,
    Source,
    ValueOf,
)

__version__ = "0.1.0"

__all__ = [
    "All",
    "Any",
    "Citation",
    "Confidence",
    "DateOf",
    "DateWindow",
    "Deadline",
    "DeadlineError",
    "Document",
    "Event",
    "EventLog",
    "FieldError",
    "ForecastcheckError",
    "HoldsAt",
    "HoldsThroughout",
    "If",
    "Ledger",
    "LedgerError",
    "Not",
    "Occurs",
    "PointEstimate",
    "Prediction",
    "Problem",
    "Proposition",
    "ScaleError",
    "Source",
    "ValueOf",
    "__version__",
    "is_open_ended",
    "load",
    "parse_deadline",
    "parse_horizon",
    "parse_point",
    "parse_term",
    "save",
]
