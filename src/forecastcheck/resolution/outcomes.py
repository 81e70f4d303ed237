"""What resolution answers: a :class:`Status`, a :class:`Resolution`, a :class:`Timing`.

A :class:`Resolution` is a proposition decided against the event log as of a
date: its :class:`Status`, the day the outcome became known, the deciding
events and a one-line reason. :class:`Timing` flags a call stated after the
event that decided it (see :func:`forecastcheck.resolution.statement_timing`).
These types carry no logic of their own; the rules that fill them are in the
sibling modules of :mod:`forecastcheck.resolution`.
"""

from __future__ import annotations

import datetime as dt
import enum

import attrs

from forecastcheck.ledger import DateWindow, Deadline, Event

__all__ = ["Resolution", "Status", "Timing"]


class Status(enum.Enum):
    """The outcome of a proposition as of a date.

    - ``YES`` / ``NO``: decided, and scored;
    - ``PENDING``: not decidable yet;
    - ``AMBIGUOUS``: reality is unclear (reports disagree, or a report's date
      cannot be placed on one side of a deadline); reported, not scored;
    - ``ANNULLED``: the question failed (a conditional whose condition did not
      happen); reported, not scored.

    .. versionadded:: 0.1
    """

    YES = "yes"
    NO = "no"
    PENDING = "pending"
    AMBIGUOUS = "ambiguous"
    ANNULLED = "annulled"

    @property
    def decided(self) -> bool:
        """Whether the outcome is known (anything but PENDING); it then never changes."""
        return self is not Status.PENDING

    def __str__(self) -> str:
        return self.name


# Same shape as in resolution/_final.py: Figures holds Resolution's figure fields, copied into it
# by name by leaf() (intentional).
@attrs.frozen(kw_only=True)
class Resolution:
    """A proposition resolved against the event log, as of a date.

    Args:
        status: the outcome.
        as_of: the date the question was asked.
        reason: one line a person can read: what decided it, or why not yet.
        decided_on: the day the outcome became known; ``None`` while PENDING.
        events: the events that decided it (both reports, when they disagree).
        open_ended: the claim has no horizon ("eventually", "never"): it can
            resolve one way only, and otherwise stays PENDING.
        deadline: the deadline the decision was measured against, if one.
        realised_date: for a date forecast, the day the event happened (the
            midpoint of its window when only a window is known).
        realised_window: for a date forecast, the window the event's date is
            known to (the overlap of every report of it).
        forecast_date: for a date forecast, the forecast day (the point).
        realised_value: for a value forecast, the value reported.
        forecast_value: for a value forecast, the point forecast.
        error: realised minus forecast: days for dates, units for values.
        absolute_error: the size of ``error``.
        covered: whether the stated interval held the realised date or value
            (``None`` when no interval was stated or it cannot be told).
        parts: the resolutions of the parts of ``not``, ``all``, ``any``, ``if``.
        settled_from: the first day the outcome may already have been settled:
            the first day of the deciding event's date window, ``decided_on``
            itself when that day is known; ``None`` while PENDING.

    .. versionadded:: 0.1
    """

    status: Status
    as_of: dt.date
    reason: str
    decided_on: dt.date | None = None
    events: tuple[Event, ...] = ()
    open_ended: bool = False
    deadline: Deadline | None = None
    # Same fields as resolution/_final.Figures, which leaf() copies across (intentional).
    realised_date: dt.date | None = None
    realised_window: DateWindow | None = None
    forecast_date: dt.date | None = None
    realised_value: float | None = None
    forecast_value: float | None = None
    error: float | None = None
    absolute_error: float | None = None
    covered: bool | None = None
    parts: tuple[Resolution, ...] = ()
    settled_from: dt.date | None = None

    @property
    def outcome(self) -> bool | None:
        """True for YES, False for NO, None for anything that is not scored."""
        if self.status is Status.YES:
            return True
        if self.status is Status.NO:
            return False
        return None


class Timing(enum.StrEnum):
    """When a call was stated, against the event that decided it (see :func:`statement_timing`).

    - ``AFTER_THE_FACT``: the statement window starts on or after the day the
      outcome became known; it is not a forecast and is never scored;
    - ``MAY_BE_AFTER_THE_FACT``: the statement window starts before that day
      but reaches the deciding event's date; it is scored, and flagged.

    .. versionadded:: 0.1
    """

    AFTER_THE_FACT = "AFTER_THE_FACT"
    MAY_BE_AFTER_THE_FACT = "MAY_BE_AFTER_THE_FACT"
