"""What a date in a ledger means: a window of days, a deadline, a point estimate, a reading.

A date taken from an article is rarely a day. "November 2025" is the window
2025-11-01..2025-11-30 and an undated article is a range: :class:`DateWindow`
keeps the window. A deadline or date phrase, read against the statement date
by :mod:`forecastcheck.ledger.deadlines`, becomes a :class:`Deadline` (the
period named and the last day that counts) or a :class:`PointEstimate` (one
day), each recording in words the rule that was applied.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from typing import Literal

import attrs

__all__ = [
    "DateWindow",
    "Deadline",
    "How",
    "PointEstimate",
    "Precision",
    "Reading",
    "as_window",
]

Precision = Literal["day", "month", "quarter", "half", "year", "range"]

_DAY = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_MONTH = re.compile(r"(\d{4})-(\d{2})")
_QUARTER = re.compile(r"(\d{4})-Q([1-4])")
_HALF = re.compile(r"(\d{4})-H([12])")
_YEAR = re.compile(r"(\d{4})")


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _only_dates(instance: object, attribute: attrs.Attribute[dt.date], value: object) -> None:
    if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
        raise TypeError(f"{attribute.name} must be a date, not {type(value).__name__}")


def _end(instance: DateWindow, attribute: attrs.Attribute[dt.date], end: dt.date) -> None:
    """A date, not before the start (one validator: windows are made by the hundred thousand)."""
    _only_dates(instance, attribute, end)
    if end < instance.start:
        raise ValueError(f"window ends ({end}) before it starts ({instance.start})")


@attrs.frozen(order=True)
class DateWindow:
    """An inclusive window of days: ``start`` to ``end``, both included.

    Written as text in one of these forms: ``2025-11-10`` (a day), ``2025-11``
    (a month), ``2025-Q3`` (a quarter), ``2025-H1`` (a half year), ``2025``
    (a year), or ``A..B`` where ``A`` and ``B`` are any of the above (from the
    start of ``A`` to the end of ``B``).

    .. versionadded:: 0.1
    """

    start: dt.date = attrs.field(validator=_only_dates)
    end: dt.date = attrs.field(validator=_end)

    @classmethod
    def day(cls, day: dt.date) -> DateWindow:
        """The window holding exactly one day."""
        return cls(day, day)

    @classmethod
    def month(cls, year: int, month: int) -> DateWindow:
        """The window of one calendar month."""
        return cls(dt.date(year, month, 1), _month_end(year, month))

    @classmethod
    def year(cls, year: int) -> DateWindow:
        """The window of one calendar year."""
        return cls(dt.date(year, 1, 1), dt.date(year, 12, 31))

    @classmethod
    def parse(cls, text: str) -> DateWindow:
        """Read a window from its text form.

        Raises:
            ValueError: the text is not one of the documented forms, or names
                a day that does not exist.
        """
        raw = text.strip()
        if ".." in raw:
            left, _, right = raw.partition("..")
            return cls(
                cls._parse_one(left.strip(), text).start, cls._parse_one(right.strip(), text).end
            )
        return cls._parse_one(raw, text)

    @classmethod
    def _parse_one(cls, raw: str, text: str) -> DateWindow:
        try:
            if m := _DAY.fullmatch(raw):
                return cls.day(dt.date(int(m[1]), int(m[2]), int(m[3])))
            if m := _MONTH.fullmatch(raw):
                return cls.month(int(m[1]), int(m[2]))
            if m := _QUARTER.fullmatch(raw):
                year, q = int(m[1]), int(m[2])
                return cls(dt.date(year, 3 * q - 2, 1), _month_end(year, 3 * q))
            if m := _HALF.fullmatch(raw):
                year, h = int(m[1]), int(m[2])
                return cls(dt.date(year, 6 * h - 5, 1), _month_end(year, 6 * h))
            if m := _YEAR.fullmatch(raw):
                return cls.year(int(m[1]))
        except ValueError as exc:
            raise ValueError(f"expected a date, got {text!r} ({exc})") from None
        raise ValueError(
            f"expected a date (YYYY-MM-DD, YYYY-MM, YYYY-Qn, YYYY-Hn, YYYY or A..B), got {text!r}"
        )

    @property
    def precision(self) -> Precision:
        """How precisely the window was known: the coarsest named unit it is exactly."""
        s, e = self.start, self.end
        if s == e:
            return "day"
        if s.day == 1 and e == _month_end(e.year, e.month):
            months = (e.year - s.year) * 12 + e.month - s.month + 1
            if months == 1:
                return "month"
            if months == 3 and s.month % 3 == 1:
                return "quarter"
            if months == 6 and s.month in (1, 7):
                return "half"
            if months == 12 and s.month == 1:
                return "year"
        return "range"

    @property
    def days(self) -> int:
        """How many days the window holds."""
        return (self.end - self.start).days + 1

    @property
    def midpoint(self) -> dt.date:
        """The middle day (the earlier of two when the count is even)."""
        return self.start + dt.timedelta(days=(self.days - 1) // 2)

    def __contains__(self, day: object) -> bool:
        return isinstance(day, dt.date) and self.start <= day <= self.end

    def overlaps(self, other: DateWindow) -> bool:
        """Whether the two windows share at least one day."""
        return self.start <= other.end and other.start <= self.end

    def __str__(self) -> str:
        s, e = self.start, self.end
        match self.precision:
            case "day":
                return s.isoformat()
            case "month":
                return f"{s.year:04d}-{s.month:02d}"
            case "quarter":
                return f"{s.year:04d}-Q{(s.month + 2) // 3}"
            case "half":
                return f"{s.year:04d}-H{1 if s.month == 1 else 2}"
            case "year":
                return f"{s.year:04d}"
        if s.day == 1 and e == _month_end(e.year, e.month):
            return f"{s.year:04d}-{s.month:02d}..{e.year:04d}-{e.month:02d}"
        return f"{s.isoformat()}..{e.isoformat()}"


def _is_str(instance: object, attribute: attrs.Attribute[str], value: object) -> None:
    if not isinstance(value, str):
        raise TypeError(f"{attribute.name} must be a str, not {type(value).__name__}")


def _readings(
    instance: object, attribute: attrs.Attribute[tuple[Deadline, ...]], value: object
) -> None:
    if not isinstance(value, tuple) or not all(isinstance(d, Deadline) for d in value):
        raise TypeError(f"{attribute.name} must be a tuple of Deadline")
    if value and len(value) != 2:
        raise ValueError(f"{attribute.name} holds the shortest and the longest reading, or none")


@attrs.frozen
class Deadline:
    """A deadline read from a phrase: the period it names and the last day that counts.

    Args:
        phrase: the phrase as written ("by the end of September this year").
        window: the period the phrase names (September 2024; for "within six
            months", the statement date to six months later).
        inclusive: True when the deadline is the window's last day ("by",
            "until", "at the latest", "end of", a bare period); False for
            "before", where the last allowed day is the day before the window
            starts.
        rule: in words, the rule that turned the phrase into this deadline,
            e.g. ``'by' + month: inclusive, last day of 2025-11``.
        alternatives: for a phrase with more than one reading ("within weeks",
            "by late January / early February 2022", "the end of the decade"),
            its shortest and its longest reading, in that order, each a
            `Deadline` with no alternatives; empty otherwise. The deadline
            itself is the default reading, the longest (see ``docs/dates.md``).

    .. versionchanged:: 0.3
       ``alternatives``, ``shortest`` and ``longest``.

    .. versionadded:: 0.1
    """

    phrase: str = attrs.field(validator=_is_str)
    window: DateWindow = attrs.field(validator=attrs.validators.instance_of(DateWindow))
    inclusive: bool = attrs.field(validator=attrs.validators.instance_of(bool))
    rule: str = attrs.field(validator=_is_str)
    alternatives: tuple[Deadline, ...] = attrs.field(default=(), validator=_readings)

    @property
    def shortest(self) -> Deadline:
        """The reading with the earliest last day: this deadline when it has only one reading."""
        return self.alternatives[0] if self.alternatives else self

    @property
    def longest(self) -> Deadline:
        """The reading with the latest last day (the default): this deadline when it has one."""
        return self.alternatives[-1] if self.alternatives else self

    def __attrs_post_init__(self) -> None:
        if not self.inclusive and self.window.start == dt.date.min:
            raise ValueError(
                f"an exclusive deadline whose window starts on {dt.date.min} "
                "leaves no day before it"
            )

    @property
    def last_day(self) -> dt.date:
        """The last day on which the event may happen and still count."""
        if self.inclusive:
            return self.window.end
        return self.window.start - dt.timedelta(days=1)


@attrs.frozen
class PointEstimate:
    """A single day read from a date estimate ("completed at the end of September").

    Args:
        phrase: the phrase as written.
        day: the day the phrase is taken to mean.
        window: the period the phrase names.
        rule: in words, how the phrase became the window and the window the day.

    .. versionadded:: 0.1
    """

    phrase: str = attrs.field(validator=_is_str)
    day: dt.date = attrs.field(validator=_only_dates)
    window: DateWindow = attrs.field(validator=attrs.validators.instance_of(DateWindow))
    rule: str = attrs.field(validator=_is_str)


How = Literal["horizon", "deadline", "point"]
"""How a phrase is read: as a horizon (a deadline, or none for an open-ended claim), as a
deadline (a bounded one), or as a point estimate (one day)."""


@attrs.frozen
class Reading:
    """One phrase read once: how it was read, against which statement date, and what it means.

    Args:
        phrase: the phrase as written.
        how: ``"horizon"``, ``"deadline"`` or ``"point"``.
        anchor: the statement date the meaning depends on; ``None`` when it
            depends on none ("by November 2025", "2025-Q3", "eventually"),
            so the one reading serves every statement date.
        result: the :class:`Deadline` (horizon and deadline) or
            :class:`PointEstimate` (point); ``None`` for an open-ended horizon.

    .. versionadded:: 0.2
    """

    phrase: str
    how: How
    anchor: DateWindow | None
    result: Deadline | PointEstimate | None

    @property
    def rule(self) -> str | None:
        """In words, the rule that was applied; ``None`` for an open-ended horizon."""
        return None if self.result is None else self.result.rule

    @property
    def window(self) -> DateWindow | None:
        """The period the phrase names; ``None`` for an open-ended horizon."""
        return None if self.result is None else self.result.window


def as_window(anchor: DateWindow | dt.date) -> DateWindow:
    """A statement date as a window: a day becomes the window of that day.

    Raises:
        TypeError: ``anchor`` is neither a window nor a date (a datetime is refused).
    """
    if isinstance(anchor, DateWindow):
        return anchor
    if isinstance(anchor, dt.date) and not isinstance(anchor, dt.datetime):
        return DateWindow.day(anchor)
    raise TypeError(f"anchor must be a DateWindow or a date, not {type(anchor).__name__}")
