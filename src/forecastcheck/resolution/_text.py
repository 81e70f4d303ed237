"""The phrases resolution's reasons are written with, shared by the leaf rules."""

from __future__ import annotations

import datetime as dt
import functools

from forecastcheck.ledger import DateWindow, Deadline

_DAY = dt.timedelta(days=1)
_MAX = dt.date.max


@functools.lru_cache(maxsize=1 << 16)
def when(window: DateWindow) -> str:
    """``on <day>`` for a one-day window, ``in <window>`` otherwise."""
    return f"on {window}" if window.start == window.end else f"in {window}"


def rule(deadline: Deadline) -> str:
    """A deadline's last day with the phrase and the rule that gave it."""
    return f"{deadline.last_day} ({deadline.phrase}: {deadline.rule})"


def span(lo: dt.date | None, hi: dt.date | None) -> str:
    """An interval of days, either bound possibly open."""
    if lo is not None and hi is not None:
        return f"{lo}..{hi}"
    return f"from {lo} on" if lo is not None else f"up to {hi}"


def day_after(day: dt.date) -> dt.date | None:
    """The next day; ``None`` after the calendar's last day, 9999-12-31.

    A NO is known the day after a deadline's last day, so a NO on a deadline
    ending 9999-12-31 is never known: such a question stays PENDING.
    """
    return None if day == _MAX else day + _DAY


def complete_text(subject: str, complete: dt.date | None) -> str:
    """How far the log claims to be complete for ``subject``."""
    if complete is None:
        return f"the log claims no completeness for {subject}"
    return f"the log is complete for {subject} only through {complete}"
