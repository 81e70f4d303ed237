"""The deadline grammar: phrases such as "by the end of September this year" read as dates.

`parse_deadline` and `parse_point` turn a phrase ("by the end of September
this year", "within six months", "mid 2025") into a window plus the day that
counts, read against the statement date, and record in words the rule they
used; `parse_horizon` lets an open-ended phrase ("eventually") through as
None and `parse_term` reads a term ("a five-year term") from its first day.
The grammar and every rule are described in ``docs/dates.md``.
"""

from __future__ import annotations

import datetime as dt
import re

import attrs
from dateutil.relativedelta import relativedelta

from forecastcheck.errors import ForecastcheckError
from forecastcheck.ledger import _spans, _words
from forecastcheck.ledger._spans import unrecognised
from forecastcheck.ledger.dates import DateWindow, Deadline, How, PointEstimate, Reading, as_window

__all__ = [
    "ACCEPTED_FORMS",
    "MAX_TERM_NESTING",
    "DeadlineError",
    "is_open_ended",
    "parse_deadline",
    "parse_horizon",
    "parse_point",
    "parse_term",
    "read_phrase",
    "unrecognised",
]

ACCEPTED_FORMS: tuple[str, ...] = _words.ACCEPTED_FORMS
"""One example of every accepted deadline form, as listed in ``docs/dates.md#accepted-forms``.

An unread phrase is compared with these (`unrecognised`) to name the nearest.
"""

MAX_TERM_NESTING = 8
"""How deep terms may nest in one phrase: a term's start may be a term, at most this many in all.

"a one-day term from a five-year term from 2020-11-10" nests two; a phrase
nesting more is refused with a `DeadlineError` ("too deeply nested").
"""


class DeadlineError(ForecastcheckError, ValueError):
    """A phrase could not be turned into a deadline or a date; the message names it verbatim.

    Raised for an unrecognised phrase (``unrecognised deadline phrase 'soon'``),
    a phrase naming a day that does not exist, an open-ended phrase given where
    a bounded deadline is required, and a relative phrase whose answer depends
    on where in an uncertain statement date it was said.

    Attributes:
        phrase: the phrase exactly as it was given.

    .. versionadded:: 0.1
    """

    def __init__(self, message: str, phrase: str) -> None:
        super().__init__(message)
        self.phrase = phrase


class _InvalidError(Exception):
    """The phrase was recognised but names no valid date; carries the reason."""


class _TooDeepError(Exception):
    """The phrase nests terms deeper than MAX_TERM_NESTING."""


_PAST_THE_END = f"it ends after {dt.date.max}, the calendar's last day"


def _later(day: dt.date, delta: relativedelta) -> dt.date:
    """``day + delta`` (``delta`` not negative), or _InvalidError past the calendar's end."""
    try:
        return day + delta
    except (OverflowError, ValueError):
        raise _InvalidError(_PAST_THE_END) from None


@attrs.frozen
class _Period:
    window: DateWindow
    kind: str
    bound: bool = False  # a term names its own limit even without a qualifier
    others: tuple[DateWindow, ...] = ()  # every reading when there are two, window the latest


@attrs.frozen
class _Parsed:
    window: DateWindow
    inclusive: bool
    bound: bool  # names a limit ("by", "before", "within", "end of") rather than a period
    rule: str
    alternatives: tuple[tuple[DateWindow, str], ...] = ()  # (window, rule): shortest, longest


class _Said:
    """The statement day a phrase is read against, noting whether the reading looked at it.

    Whether it does is a property of the phrase alone ("this year" looks,
    "by November 2025" does not), so a phrase that did not look reads the
    same against every statement date.
    """

    __slots__ = ("_day", "used")

    def __init__(self, day: dt.date) -> None:
        self._day = day
        self.used = False

    @property
    def day(self) -> dt.date:
        self.used = True
        return self._day


def _normalise(text: str) -> str:
    return " ".join(text.split()).lower().removesuffix(".").strip()


def _year(text: str | None, said: _Said) -> tuple[int, str]:
    if text is not None and text.isdigit():
        return int(text), ""
    day = said.day
    if text is None:
        return day.year, f", year not given: the statement date's ({day.year})"
    if "next" in text:
        return day.year + 1, f", '{text}' = the statement date's year + 1 ({day.year + 1})"
    return day.year, f", '{text}' = the statement date's year ({day.year})"


def _duration(text: str) -> tuple[int, str] | None:
    if not (m := _words.RE["duration"].fullmatch(text)):
        return None
    n = int(m["n"]) if m["n"].isdigit() else _words.NUMBERS[m["n"]]
    if n < 1:
        raise _InvalidError("names a duration of zero")
    return n, m["unit"] + "s"


def _plural(n: int, units: str) -> str:
    return f"{n} {units if n != 1 else units[:-1]}"


def _term_end(first: dt.date, n: int, units: str) -> dt.date:
    """The last day of a term of ``n`` units from ``first`` (see `parse_term`).

    Computed without the anniversary where that may be the day after the
    calendar's last day: a month or year term from the 1st ends on the last
    day of the month before the anniversary's.
    """
    if units in ("days", "weeks"):
        days = n * 7 if units == "weeks" else n
        return _later(first, relativedelta(days=days - 1))
    if first.day == 1 and first != dt.date.min:
        before = first - dt.timedelta(days=1)
        return _later(before, relativedelta(**{units: n}, day=31))  # type: ignore[arg-type]
    anniversary = _later(first, relativedelta(**{units: n}))  # type: ignore[arg-type]
    if anniversary.day != first.day:  # clamped: the anniversary's day does not exist
        return anniversary
    return anniversary - dt.timedelta(days=1)


def _term(n: int, units: str, start: DateWindow) -> _Period:
    ends = {_term_end(first, n, units) for first in (start.start, start.end)}
    if len(ends) > 1:
        raise _InvalidError(
            f"starts on an uncertain date ({start}): the term would end anywhere from "
            f"{min(ends)} to {max(ends)}"
        )
    end = ends.pop()
    kind = (
        f"term of {_plural(n, units)} from {start.start} (the start day counts: the term ends "
        f"the day before the anniversary, or on the anniversary's month end if that day does "
        f"not exist)"
    )
    return _Period(DateWindow(start.start, end), kind, bound=True)


# Over 60 lines, kept whole: one match over the period grammar's cases, read best side by side.
def _period(core: str, said: _Said, depth: int = 0) -> _Period | None:
    """The calendar period a phrase core names, or None when no form matches.

    ``depth`` counts the terms this core is the start of; a term deeper than
    `MAX_TERM_NESTING` raises _TooDeepError. (Over 60 lines on purpose: one
    branch per form, in the order ``docs/dates.md`` lists them.)
    """
    if _words.RE["iso"].fullmatch(core):
        window = DateWindow.parse(core.upper())
        return _Period(window, _words.PRECISION_WORDS[window.precision])
    if m := _words.RE["year"].fullmatch(core):
        year, note = _year(m["year"], said)
        return _Period(DateWindow.year(year), f"year{note}")
    if _words.DECADE.fullmatch(core):
        return _decade(said.day.year)
    if m := _words.RE["this_month"].fullmatch(core):
        day = said.day
        month = dt.date(day.year, day.month, 1)
        which = "the statement date's month"
        if "next" in m["which"]:
            month = _later(month, relativedelta(months=1))
            which = "the month after the statement date's"
        return _Period(DateWindow.month(month.year, month.month), f"month, '{core}' = {which}")
    for form in ("qh_first", "qh_last", "qh_words"):
        if m := _words.RE[form].fullmatch(core):
            year, note = _year(m["year"], said)
            n = int(m["n"]) if m["n"].isdigit() else _words.ORDINALS[m["n"]]
            if m["qh"].startswith("q"):
                return _Period(DateWindow.parse(f"{year:04d}-Q{n}"), f"quarter{note}")
            if n > 2:
                raise _InvalidError(f"names half {n} of a year")
            return _Period(DateWindow.parse(f"{year:04d}-H{n}"), f"half year{note}")
    if m := _words.RE["part"].fullmatch(core):
        part = "mid" if "middle" in m["part"] else m["part"]
        if y := _words.RE["year"].fullmatch(m["rest"]):
            year, note = _year(y["year"], said)
            a, b = _words.PARTS_OF_YEAR[part]
            window = DateWindow(dt.date(year, a, 1), DateWindow.month(year, b).end)
            return _Period(
                window, f"'{part}' + year ({part} = {_words.ABBR[a]}–{_words.ABBR[b]}){note}"
            )
        if mo := _words.RE["month"].fullmatch(m["rest"]):
            year, note = _year(mo["year"], said)
            whole = DateWindow.month(year, _words.MONTHS[mo["month"]])
            a, b = _words.PARTS_OF_MONTH[part]
            window = DateWindow(
                whole.start.replace(day=a), whole.end.replace(day=min(b, whole.end.day))
            )
            span = f"days {a}–{b if b < 31 else 'end'}"
            return _Period(window, f"'{part}' + month ({part} = {span}){note}")
        return None
    for form in ("day_month", "month_day"):
        if m := _words.RE[form].fullmatch(core):
            year, note = _year(m["year"], said)
            date = dt.date(year, _words.MONTHS[m["month"]], int(m["day"]))
            return _Period(DateWindow.day(date), f"day{note}")
    if m := _words.RE["month"].fullmatch(core):
        year, note = _year(m["year"], said)
        return _Period(DateWindow.month(year, _words.MONTHS[m["month"]]), f"month{note}")
    if (m := _words.RE["term"].fullmatch(core)) and m["start"]:
        if depth >= MAX_TERM_NESTING:
            raise _TooDeepError
        duration = _duration(m["d1"] or m["d2"])
        start = _period(m["start"], said, depth + 1)
        if duration is None or start is None:
            return None
        return _term(*duration, start.window)
    return None


def _decade(year: int) -> _Period:
    """The statement year's decade, read both ways (see `_spans.decade`)."""
    windows, kind = _spans.decade(year)
    return _Period(windows[-1], kind, others=windows)


def _either(core: str, said: _Said) -> _Period | None:
    """Two periods joined by '/' ("late january / early february 2022"): two readings.

    A first part without a year takes the year the second part ends with, or
    the year before when that would put it after the second (december / january 2022).
    """
    parts = _words.ALTERNATIVE.split(core)
    if len(parts) != 2 or not all(parts):
        return None
    last = _period(parts[1], said)
    first = None
    year = _words.FINAL_YEAR.search(parts[1])
    if year is not None and _words.FINAL_YEAR.search(parts[0]) is None:
        first = _period(f"{parts[0]} {year['year']}", said)
        if first is not None and last is not None and first.window.start > last.window.start:
            first = _period(f"{parts[0]} {int(year['year']) - 1}", said)
    first = first or _period(parts[0], said)
    if first is None or last is None or first.others or last.others:
        return None
    windows = sorted((first.window, last.window), key=lambda w: (w.end, w.start))
    kind = f"two readings, {first.kind} ({first.window}) / {last.kind} ({last.window})"
    return _Period(windows[-1], kind, others=tuple(windows))


def _hours(core: str, said: _Said, qualifier: str) -> _Period | None:
    """'within 72 hours' / 'in 72 hours', counted in whole days from the statement day."""
    if qualifier not in ("within", "in") or not (m := _words.HOURS.fullmatch(core)):
        return None
    n = int(m["n"]) if m["n"].isdigit() else _words.NUMBERS[m["n"]]
    if n < 1:
        raise _InvalidError("names a duration of zero")
    days = -(-n // 24)
    day = said.day
    target = _later(day, relativedelta(days=days))
    why = (
        f"{_plural(n, 'hours')} from {day}, rounded up to {_plural(days, 'days')} "
        f"(said at any hour of {day}, they end by the close of {target})"
    )
    if qualifier == "within":
        return _Period(DateWindow(day, target), why)
    return _Period(DateWindow.day(target), why)


def _vague(m: re.Match[str], said: _Said) -> _Parsed:
    """A vague span ("within weeks", "shortly"): its shortest and longest reading."""
    readings, rule = _spans.vague(m[0], m["unit"] or m["word"], said.day)
    return _Parsed(readings[-1][0], True, True, rule, readings)


def _read(core: str, said: _Said) -> _Parsed | None:
    """Read a normalised phrase as said on ``said.day``; None when it is not recognised."""
    if m := _words.VAGUE.fullmatch(core):
        return _vague(m, said)
    core = _words.YEAR_END.sub("the end of the year", core)
    latest = core.endswith(" at the latest")
    core = core.removesuffix(" at the latest")
    qualifier = ""
    if m := _words.RE["qualifier"].fullmatch(core):
        qualifier, core = " ".join(m["q"].split()), m["rest"]
    end_of = bool(m := _words.RE["end_of"].fullmatch(core))
    if m:
        core = m["rest"]
    if m := _words.RE["named_deadline"].fullmatch(core):
        core = m["rest"]
    exclusive = qualifier in _words.EXCLUSIVE and not end_of
    if (qualifier == "at" and not end_of) or (latest and exclusive):
        return None

    duration = None if end_of else _duration(core)
    if duration is not None:
        if qualifier not in ("within", "in"):
            return None
        n, units = duration
        day = said.day
        target = _later(day, relativedelta(**{units: n}))  # type: ignore[arg-type]
        how = "" if units in ("days", "weeks") else f" {_words.CLAMPS}"
        if qualifier == "within":
            period = _Period(DateWindow(day, target), f"{_plural(n, units)} from {day}{how}")
        else:
            period = _Period(DateWindow.day(target), f"{_plural(n, units)} after {day}{how}")
    else:
        found = _hours(core, said, qualifier) or _either(core, said) or _period(core, said)
        if found is None:
            return None
        period = found

    bound = qualifier not in _words.NOT_BOUND or end_of or latest or period.bound
    label = " ".join(filter(None, [qualifier, ("the end of" if qualifier else "end of") * end_of]))
    if latest:
        label = f"{label} … at the latest" if label else "at the latest"
    head = (
        f"'{label}' + {period.kind}" if label else f"{'' if period.bound else 'bare '}{period.kind}"
    )
    if not period.others:
        rule = _rule(head, period.window, qualifier, exclusive=exclusive)
        return _Parsed(period.window, not exclusive, bound, rule)
    windows = sorted(period.others, key=lambda w: w.start if exclusive else w.end)
    readings = tuple((w, _rule(head, w, qualifier, exclusive=exclusive)) for w in windows)
    *_, (long, long_rule) = readings
    shortest = readings[0][0]
    rule = f"{long_rule}; shortest reading {shortest}, longest {long}: default the longest"
    return _Parsed(long, not exclusive, bound, rule, readings)


def _rule(head: str, window: DateWindow, qualifier: str, *, exclusive: bool) -> str:
    """How the qualifier makes a window a deadline, in words (the rule's tail)."""
    if exclusive:
        if window.start == dt.date.min:
            raise _InvalidError("leaves no day before the window")
        return f"{head}: exclusive, last day is the day before {window} starts"
    if qualifier in _words.EXCLUSIVE:
        why = "the end of a period is the close of its last day"
        return f"{head}: inclusive ({why}), last day of {window}"
    return f"{head}: inclusive, last day of {window}"


def _parse(text: str, window: DateWindow) -> tuple[_Parsed, bool]:
    """Read ``text`` against the statement date, and whether the reading depends on it.

    A phrase that looks at the statement date is read at both ends of an
    uncertain one and must give the same answer at both; one that does not
    look is read once.
    """
    core = _normalise(text)
    if core in _words.OPEN_ENDED:
        raise DeadlineError(
            f"deadline phrase {text!r} is open-ended: it names no deadline "
            f"(test with is_open_ended, or use parse_horizon)",
            text,
        )
    readings = []
    for day in dict.fromkeys((window.start, window.end)):
        said = _Said(day)
        try:
            reading = _read(core, said)
        except _TooDeepError:
            raise DeadlineError(
                f"deadline phrase {text!r} is too deeply nested: a term's start may itself "
                f"be a term, at most {MAX_TERM_NESTING} terms in all",
                text,
            ) from None
        except (_InvalidError, ValueError, OverflowError) as exc:
            raise DeadlineError(
                f"deadline phrase {text!r} names no valid date: {exc}", text
            ) from None
        if reading is None:
            raise DeadlineError(unrecognised(text), text)
        if not said.used:
            return reading, False
        readings.append(reading)
    first, last = readings[0], readings[-1]
    if (first.window, first.inclusive, first.alternatives[:1]) != (
        last.window,
        last.inclusive,
        last.alternatives[:1],
    ):
        raise DeadlineError(
            f"deadline phrase {text!r} depends on when in the uncertain statement date "
            f"{window} it was said: {first.window} if said on {window.start}, "
            f"{last.window} if said on {window.end}; give a more precise statement date",
            text,
        )
    return first, True


def _deadline(text: str, parsed: _Parsed) -> Deadline:
    alternatives = tuple(
        Deadline(text, w, parsed.inclusive, rule) for w, rule in parsed.alternatives
    )
    return Deadline(text, parsed.window, parsed.inclusive, parsed.rule, alternatives)


def _point(text: str, parsed: _Parsed) -> PointEstimate:
    if parsed.bound:
        deadline = _deadline(text, parsed)
        day, how = deadline.last_day, "point = the last allowed day"
    elif parsed.window.days == 1:
        day, how = parsed.window.start, "point = the day"
    else:
        day, how = parsed.window.midpoint, "point = the window's midpoint"
    return PointEstimate(text, day, parsed.window, f"{parsed.rule}; {how} ({day})")


def read_phrase(text: str, how: How, anchor: DateWindow | dt.date) -> Reading:
    """Read one phrase against a statement date: the grammar's one entry point.

    :func:`parse_deadline`, :func:`parse_horizon` and :func:`parse_point` read
    through it, and so does :class:`~forecastcheck.ledger.readings.Readings`,
    which keeps each reading for as long as its ledger lives.

    Args:
        text: the phrase as written.
        how: ``"horizon"`` (open-ended phrases give no deadline),
            ``"deadline"`` or ``"point"``.
        anchor: the statement date; a window when only that is known.

    Returns:
        The reading; its ``anchor`` is ``None`` when the meaning does not
        depend on the statement date.

    Raises:
        DeadlineError: as :func:`parse_deadline`.

    .. versionadded:: 0.2
    """
    if how == "horizon" and is_open_ended(text):
        return Reading(text, how, None, None)
    window = as_window(anchor)
    parsed, relative = _parse(text, window)
    if how == "point":
        result: Deadline | PointEstimate = _point(text, parsed)
    else:
        result = _deadline(text, parsed)
    return Reading(text, how, window if relative else None, result)


def is_open_ended(text: str) -> bool:
    """Whether a phrase names no horizon at all ("eventually", "never", "sooner or later").

    Such a claim cannot resolve NO the way a bounded one does; callers flag it
    instead of inventing a deadline. Case, surrounding space and a trailing
    period are ignored, as in `parse_deadline`.

    .. versionadded:: 0.1
    """
    return _normalise(text) in _words.OPEN_ENDED


def parse_deadline(text: str, anchor: DateWindow | dt.date) -> Deadline:
    """Turn a deadline phrase into a `Deadline`, reading relative words against ``anchor``.

    Args:
        text: the phrase as written ("by the end of September this year").
        anchor: the date the statement was made; a window when only that is known.

    Returns:
        The deadline: the window named, inclusive or exclusive, and the rule used.

    Raises:
        DeadlineError: the phrase is not recognised, names a day that does not
            exist, is open-ended ("eventually"; see `parse_horizon`), or reads
            differently at the start and the end of an uncertain ``anchor``.

    .. versionadded:: 0.1
    """
    found = read_phrase(text, "deadline", anchor).result
    assert isinstance(found, Deadline)
    return found


def parse_horizon(text: str, anchor: DateWindow | dt.date) -> Deadline | None:
    """Like `parse_deadline`, but an open-ended phrase gives None instead of an error.

    Returns:
        The deadline, or None when `is_open_ended` holds for ``text``.

    Raises:
        DeadlineError: as `parse_deadline`, except for open-ended phrases.

    .. versionadded:: 0.1
    """
    found = read_phrase(text, "horizon", anchor).result
    assert found is None or isinstance(found, Deadline)
    return found


def parse_point(text: str, anchor: DateWindow | dt.date) -> PointEstimate:
    """Turn a date estimate into one day ("completed at the end of September" → 09-30).

    The phrase is read with the `parse_deadline` grammar. A phrase that names a
    limit ("by", "before", "until", "end of", "within", "at the latest") gives
    the deadline's last day; a bare period ("September 2024", "mid 2025", "in
    2025") gives the window's midpoint (`DateWindow.midpoint`).

    Args:
        text: the estimate as written.
        anchor: the statement date, for relative phrases.

    Returns:
        The day, the window it came from and the rule used.

    Raises:
        DeadlineError: as `parse_deadline`.

    .. versionadded:: 0.1
    """
    found = read_phrase(text, "point", anchor).result
    assert isinstance(found, PointEstimate)
    return found


def parse_term(text: str, start: DateWindow | dt.date) -> Deadline:
    """Turn a term ("five years", "a five-year term") from ``start`` into a deadline.

    The start day counts, so a term ends the day before its anniversary: five
    years from 2020-11-10 covers 2020-11-10..2025-11-09. When the anniversary
    does not exist (one month from Jan 31, a year from Feb 29), relativedelta
    clamps it to the month's last day and the term ends on that day.

    Args:
        text: the term as written.
        start: the first day of the term (a window only if it is one day, or if
            every day in it gives the same end).

    Returns:
        An inclusive deadline whose window is the whole term.

    Raises:
        DeadlineError: the term is not recognised, or its end depends on an
            uncertain start.

    .. versionadded:: 0.1
    """
    core = _normalise(text)
    if (m := _words.RE["term"].fullmatch(core)) and not m["start"]:
        core = m["d1"] or m["d2"]
    try:
        duration = _duration(core)
        if duration is None:
            raise DeadlineError(f"unrecognised term phrase {text!r}", text)
        period = _term(*duration, as_window(start))
    except (_InvalidError, ValueError, OverflowError) as exc:
        if isinstance(exc, DeadlineError):
            raise
        raise DeadlineError(f"term phrase {text!r} names no valid term: {exc}", text) from None
    return Deadline(
        text, period.window, True, f"{period.kind}: inclusive, last day of {period.window}"
    )
