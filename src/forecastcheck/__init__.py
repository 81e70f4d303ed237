"""forecastcheck: hold forecasters to account.

Predictions are typed objects with provenance; they are resolved against a
log of recorded events and scored with the standard, exactly defined rules.
The whole public API is re-exported here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from typing import Any as _Any

from forecastcheck import _lazy, _version
from forecastcheck.errors import FieldError, ForecastcheckError, LedgerError, Problem, ScaleError

# Same shape as in strategies.py, resolution/resolver.py: an import list; each module imports the
# names it uses (intentional).
from forecastcheck.ledger import (
    AllOf,
    Anchor,
    AnyOf,
    Citation,
    Confidence,
    DateOf,
    DateWindow,
    Deadline,
    DeadlineError,
    Document,
    Event,
    EventLog,
    HoldsAt,
    HoldsThroughout,
    If,
    Ledger,
    Not,
    Occurs,
    PointEstimate,
    Prediction,
    Proposition,
    Source,
    ValueOf,
    is_open_ended,
    load,
    parse_deadline,
    parse_horizon,
    parse_point,
    parse_term,
    save,
)

if TYPE_CHECKING:
    from forecastcheck import aggregate, calibration, compare, resolution, scoring, tables, verbal
    from forecastcheck.evaluation import Evaluation, PredictionResult, Scorecard, evaluate
    from forecastcheck.extraction import Draft, extract
    from forecastcheck.report import render_html, render_json, render_markdown, render_text
    from forecastcheck.resolution import (
        Resolution,
        Resolutions,
        Status,
        resolve,
        resolve_ledger,
        resolve_prediction,
    )
    from forecastcheck.tables import score_table
    from forecastcheck.verbal import (
        DEFAULT_SCALE,
        Interpretation,
        Interval,
        Scale,
        builtin_scales,
        get_scale,
        interpret,
        load_scale,
        sensitivity,
    )

__version__ = _version.VERSION

# Names whose modules pull in numpy and scipy are imported on first use, so
# that importing forecastcheck (and its pytest plugin, when inert) stays cheap.
_LAZY: dict[str, str] = {
    "Evaluation": "forecastcheck.evaluation",
    "PredictionResult": "forecastcheck.evaluation",
    "Scorecard": "forecastcheck.evaluation",
    "evaluate": "forecastcheck.evaluation",
    "render_html": "forecastcheck.report",
    "render_json": "forecastcheck.report",
    "render_markdown": "forecastcheck.report",
    "render_text": "forecastcheck.report",
    "aggregate": "forecastcheck.aggregate",
    "calibration": "forecastcheck.calibration",
    "compare": "forecastcheck.compare",
    "scoring": "forecastcheck.scoring",
    "verbal": "forecastcheck.verbal",
    "Resolution": "forecastcheck.resolution",
    "Resolutions": "forecastcheck.resolution",
    "Status": "forecastcheck.resolution",
    "resolution": "forecastcheck.resolution",
    "resolve": "forecastcheck.resolution",
    "resolve_ledger": "forecastcheck.resolution",
    "resolve_prediction": "forecastcheck.resolution",
    "DEFAULT_SCALE": "forecastcheck.verbal",
    "Interpretation": "forecastcheck.verbal",
    "Interval": "forecastcheck.verbal",
    "Scale": "forecastcheck.verbal",
    "builtin_scales": "forecastcheck.verbal",
    "get_scale": "forecastcheck.verbal",
    "interpret": "forecastcheck.verbal",
    "load_scale": "forecastcheck.verbal",
    "sensitivity": "forecastcheck.verbal",
    "score_table": "forecastcheck.tables",
    "Draft": "forecastcheck.extraction",
    "extract": "forecastcheck.extraction",
    "tables": "forecastcheck.tables",
}


def __getattr__(name: str) -> _Any:
    return _lazy.attribute(globals(), _LAZY, __name__, name)


# Same shape as in ledger/__init__.py: a package re-exports its modules' names, listed in both
# __all__ lists (intentional).
__all__ = [
    "DEFAULT_SCALE",
    "AllOf",
    "Anchor",
    "AnyOf",
    "Citation",
    "Confidence",
    "DateOf",
    "DateWindow",
    "Deadline",
    "DeadlineError",
    "Document",
    "Draft",
    "Evaluation",
    "Event",
    "EventLog",
    "FieldError",
    "ForecastcheckError",
    "HoldsAt",
    "HoldsThroughout",
    "If",
    "Interpretation",
    "Interval",
    "Ledger",
    "LedgerError",
    "Not",
    "Occurs",
    "PointEstimate",
    "Prediction",
    "PredictionResult",
    "Problem",
    "Proposition",
    "Resolution",
    "Resolutions",
    "Scale",
    "ScaleError",
    "Scorecard",
    "Source",
    "Status",
    "ValueOf",
    "__version__",
    "aggregate",
    "builtin_scales",
    "calibration",
    "compare",
    "evaluate",
    "extract",
    "get_scale",
    "interpret",
    "is_open_ended",
    "load",
    "load_scale",
    "parse_deadline",
    "parse_horizon",
    "parse_point",
    "parse_term",
    "render_html",
    "render_json",
    "render_markdown",
    "render_text",
    "resolution",
    "resolve",
    "resolve_ledger",
    "resolve_prediction",
    "save",
    "score_table",
    "scoring",
    "sensitivity",
    "tables",
    "verbal",
]
