"""forecastcheck: hold forecasters to account.

Predictions are typed objects with provenance; they are resolved against a
log of recorded events and scored with the standard, exactly defined rules.
"""

from __future__ import annotations

from forecastcheck.dates import DateWindow
from forecastcheck.errors import ForecastcheckError, LedgerError, Problem, ScaleError

__version__ = "0.1.0"

__all__ = [
    "DateWindow",
    "ForecastcheckError",
    "LedgerError",
    "Problem",
    "ScaleError",
    "__version__",
]
