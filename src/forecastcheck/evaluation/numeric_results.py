"""The numeric results of point forecasts: :class:`NumericScore` per call, :class:`NumericSummary`.

Plain frozen records, filled by :mod:`forecastcheck.evaluation.numeric` and
held by :class:`~forecastcheck.evaluation.PredictionResult` (``numeric``) and
:class:`~forecastcheck.evaluation.Scorecard` (``value_forecasts``,
``date_forecasts``).
"""

from __future__ import annotations

import datetime as dt
from typing import Literal, TypeAlias

import attrs

__all__ = ["NumericKind", "NumericScore", "NumericSummary", "Point"]

NumericKind: TypeAlias = Literal["value", "date"]
"""What a point forecast is of: a number (``"value"``) or a day (``"date"``)."""

Point: TypeAlias = float | dt.date


@attrs.frozen(kw_only=True)
class NumericSummary:
    """A source's point forecasts of one kind (values, or dates in days), summed up.

    Args:
        n: point forecasts scored (decided, the truth known).
        n_pending: not decided yet (the truth not known as of the date).
        n_ambiguous: decided AMBIGUOUS: the record does not tell the truth.
        n_after_the_fact: stated once the truth was known; not scored.
        mean_error: mean of the signed errors (forecast minus truth): the bias.
        mean_absolute_error: mean absolute error; ``None`` when ``n == 0``.
        median_absolute_error: median absolute error; ``None`` when ``n == 0``.
        n_with_interval: scored forecasts with an interval stated.
        coverage: the share of those whose interval held the truth; ``None``
            when ``n_with_interval == 0``.
    """

    n: int = 0
    n_pending: int = 0
    n_ambiguous: int = 0
    n_after_the_fact: int = 0
    mean_error: float | None = None
    mean_absolute_error: float | None = None
    median_absolute_error: float | None = None
    n_with_interval: int = 0
    coverage: float | None = None

    @property
    def n_total(self) -> int:
        """Every point forecast of the kind: scored, pending, ambiguous or after the fact."""
        return self.n + self.n_pending + self.n_ambiguous + self.n_after_the_fact


@attrs.frozen(kw_only=True)
class NumericScore:
    """A point forecast of a value or a date against the truth.

    Args:
        kind: ``"value"`` or ``"date"``.
        point: the forecast value, or day.
        lower: the lower end of the stated interval (the first day of
            ``earliest`` for dates); ``None`` when not stated.
        upper: the upper end (the last day of ``latest``); ``None`` when not stated.
        level: the interval's nominal level as stated, or ``None``.
        truth: the realised value or day (for an event known only to a window
            of days, the window's midpoint, as resolution takes it); ``None``
            while not known.
        scored: the call is decided (YES or NO): the errors below are given.
        error: forecast minus truth (days for dates): positive when the
            forecast was too high, or too late; ``None`` unless scored.
        absolute_error: the size of ``error``.
        in_interval: whether the truth fell in the stated interval, ends
            included (an interval with one end stated is open at the other);
            ``None`` unless scored with an interval stated.
        interval_score: the interval score at ``alpha = 1 - level``, in days
            for dates; ``None`` unless scored with both ends and a level stated.
    """

    kind: NumericKind
    point: Point
    lower: Point | None = None
    upper: Point | None = None
    level: float | None = None
    truth: Point | None = None
    scored: bool = False
    error: float | None = None
    absolute_error: float | None = None
    in_interval: bool | None = None
    interval_score: float | None = None
