"""Errors of point forecasts of numbers or dates: signed and absolute error.

Dates (``datetime.date``/``datetime.datetime`` objects or ``numpy.datetime64``)
are measured in days, fractional when the inputs carry times.
"""

from __future__ import annotations

import numpy as np

from forecastcheck.scoring import _validate
from forecastcheck.scoring._validate import FloatArray, NanPolicy, NumbersOrDates

__all__ = ["absolute_error", "signed_error"]


def signed_error(
    forecast: NumbersOrDates, y: NumbersOrDates, *, nan_policy: NanPolicy = "raise"
) -> FloatArray:
    """Signed error per forecast: ``forecast - y`` (positive: too high, or too late).

    Dates (``datetime.date``/``datetime.datetime`` objects or ``numpy.datetime64``)
    give the error in days, fractional when the inputs carry times.

    Args:
        forecast: point forecasts, numbers or dates.
        y: what happened, of the same kind, broadcastable to ``forecast``.
        nan_policy: ``"raise"`` (default) or ``"omit"`` (NaN/NaT in, NaN out).

    Returns:
        One error per forecast, float64.

    Raises:
        ScoringInputError: malformed input, or dates mixed with numbers.
    """
    (f, ya), mask = _validate.numeric_inputs({"forecast": forecast, "y": y}, nan_policy)
    return _validate.finish(np.asarray(np.subtract(f, ya)), mask)


def absolute_error(
    forecast: NumbersOrDates, y: NumbersOrDates, *, nan_policy: NanPolicy = "raise"
) -> FloatArray:
    """Absolute error per forecast: ``|forecast - y|``, in days for dates.

    The CRPS of a point forecast (Gneiting & Raftery 2007): :func:`crps_sample`
    with one member gives the same number.

    Args:
        forecast: point forecasts, numbers or dates.
        y: what happened, of the same kind.
        nan_policy: ``"raise"`` (default) or ``"omit"``.

    Returns:
        One error per forecast, float64, non-negative.

    Raises:
        ScoringInputError: malformed input, or dates mixed with numbers.
    """
    out = signed_error(forecast, y, nan_policy=nan_policy)
    np.abs(out, out=out)
    return out
