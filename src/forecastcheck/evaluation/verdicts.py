"""The words a call is judged in: where it stands (:class:`CallStatus`) and its :class:`Verdict`.

One vocabulary in three layers, each adding only its own words to the one below:

- :class:`forecastcheck.resolution.Status`, the proposition's outcome: YES, NO,
  PENDING, AMBIGUOUS, ANNULLED;
- :class:`CallStatus`, where a call stands: its proposition's status (the same
  names, as strings), or what only a call can be: UNSCORABLE, AFTER_THE_FACT;
- :class:`Verdict`, what a scored call adds: HIT, MISS, EVEN, and NUMERIC
  for a decided point forecast (scored by its error). An unscored
  call's verdict is its status itself: ``Verdict.PENDING`` *is*
  ``CallStatus.PENDING`` (an alias, not a copy), so ``list(Verdict)`` holds
  the three words a score gives.

The strings in reports and JSON are the member names (``"YES"``, ``"HIT"``,
``"AFTER_THE_FACT"``); ``str()`` of each gives them.
"""

from __future__ import annotations

import enum

from forecastcheck.ledger import DateWindow
from forecastcheck.resolution import Resolution, Status, Timing, statement_timing

__all__ = [
    "NOT_SCORED",
    "CallStatus",
    "Verdict",
    "call_standing",
    "call_status",
    "verdict_of",
]


class CallStatus(enum.StrEnum):
    """Where a prediction stands: its resolution's status, UNSCORABLE, or AFTER_THE_FACT.

    The first five are :class:`~forecastcheck.resolution.Status`'s members under
    the same names (:meth:`of` turns one into the other). UNSCORABLE: recorded
    without a usable probability. AFTER_THE_FACT: decided YES or NO, but
    stated on or after the day the outcome was known
    (:class:`~forecastcheck.resolution.Timing`): not a forecast, never scored.

    .. versionadded:: 0.1
    """

    # resolution.Status, member for member, by its own names
    YES = Status.YES.name
    NO = Status.NO.name
    PENDING = Status.PENDING.name
    AMBIGUOUS = Status.AMBIGUOUS.name
    ANNULLED = Status.ANNULLED.name
    # what only a call can be
    UNSCORABLE = "UNSCORABLE"
    AFTER_THE_FACT = "AFTER_THE_FACT"

    @classmethod
    def of(cls, status: Status) -> CallStatus:
        """The call status of a proposition's resolution status (the same name)."""
        return _OF_STATUS[status]

    @property
    def scored(self) -> bool:
        """Whether a call standing here is scored: YES or NO (its proposition decided)."""
        return self in _SCORED


_SCORED = frozenset({CallStatus.YES, CallStatus.NO})
_OF_STATUS = {status: CallStatus[status.name] for status in Status}

NOT_SCORED = frozenset({CallStatus.UNSCORABLE, CallStatus.AFTER_THE_FACT})
"""The statuses of calls that carry no probability in the evaluation."""


class Verdict(enum.StrEnum):
    """The verdict on one call, as a reader would put it.

    HIT, MISS and EVEN are for resolved, scored calls (EVEN: a probability of
    exactly 0.5 is on neither side). NUMERIC is for a decided point forecast
    (a value or date stated with no probability), scored by its error. Any
    other call's verdict is its :class:`CallStatus`; the names below are
    those very members.

    .. versionadded:: 0.1
    """

    HIT = "HIT"
    MISS = "MISS"
    EVEN = "EVEN"
    NUMERIC = "NUMERIC"
    # an unscored call's verdict is its status: CallStatus's own members, not copies
    PENDING = enum.nonmember(CallStatus.PENDING)
    AMBIGUOUS = enum.nonmember(CallStatus.AMBIGUOUS)
    ANNULLED = enum.nonmember(CallStatus.ANNULLED)
    UNSCORABLE = enum.nonmember(CallStatus.UNSCORABLE)
    AFTER_THE_FACT = enum.nonmember(CallStatus.AFTER_THE_FACT)


def call_status(
    stated: DateWindow, unscorable: str | None, resolution: Resolution | None
) -> tuple[CallStatus, CallStatus | None, tuple[Timing, str] | None]:
    """Where a call stands: ``(status, resolved, timing)``.

    ``resolved`` is the proposition's own status (``None`` without one);
    ``status`` is UNSCORABLE when the call has no usable probability (or no
    proposition), AFTER_THE_FACT when it was stated once the outcome was known,
    else ``resolved``; ``timing`` is :func:`~forecastcheck.resolution.statement_timing`
    for calls that are not unscorable.
    """
    resolved = None if resolution is None else CallStatus.of(resolution.status)
    status, timing = call_standing(stated, unscorable, resolution, resolved)
    return status, resolved, timing


def call_standing(
    stated: DateWindow,
    unscorable: str | None,
    resolution: Resolution | None,
    resolved: CallStatus | None,
) -> tuple[CallStatus, tuple[Timing, str] | None]:
    """``(status, timing)`` of :func:`call_status`, given ``resolved`` (the resolution's status).

    For callers that hold the resolution's call status already (one per
    resolution, shared by every call it decides): ``resolved`` must be
    ``CallStatus.of(resolution.status)``, or ``None`` without a resolution.
    """
    if resolution is None or resolved is None or unscorable is not None:
        return CallStatus.UNSCORABLE, None
    timing = statement_timing(stated, resolution)
    if timing is not None and timing[0] is Timing.AFTER_THE_FACT:
        return CallStatus.AFTER_THE_FACT, timing
    return resolved, timing


def verdict_of(
    status: CallStatus, probability: float | None, outcome: int | None
) -> Verdict | CallStatus:
    """HIT, MISS or EVEN for a decided call (probability against outcome), else its status.

    A decided call without a probability is a point forecast: NUMERIC.
    """
    if not status.scored:
        return status
    if probability is None:
        return Verdict.NUMERIC
    assert outcome is not None  # and a decided proposition has an outcome
    if probability == 0.5:
        return Verdict.EVEN
    return Verdict.HIT if (probability > 0.5) == (outcome == 1) else Verdict.MISS
