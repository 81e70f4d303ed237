"""The readings of vague spans and of the decade, and the refusal that teaches (private).

A vague span ("within weeks", "shortly") and "the end of the decade" each
have a shortest and a longest reading; :mod:`forecastcheck.ledger.deadlines`
turns them into a deadline whose default is the longest. :func:`unrecognised`
words the refusal of a phrase no form reads, naming the nearest forms.
"""

from __future__ import annotations

import datetime as dt
import difflib

from dateutil.relativedelta import relativedelta

from forecastcheck.ledger import _words
from forecastcheck.ledger.dates import DateWindow

__all__ = ["decade", "unrecognised", "vague"]


def _later(day: dt.date, n: int, units: str) -> dt.date:
    """``day`` plus ``n`` units, or ValueError past the calendar's last day."""
    try:
        return day + relativedelta(**{units: n})  # type: ignore[arg-type]
    except (OverflowError, ValueError):
        raise ValueError(f"it ends after {dt.date.max}, the calendar's last day") from None


def _plural(n: int, units: str) -> str:
    return f"{n} {units if n != 1 else units[:-1]}"


def vague(phrase: str, name: str, day: dt.date) -> tuple[tuple[tuple[DateWindow, str], ...], str]:
    """The (window, rule) of the shortest and longest reading of a vague span, and its rule.

    Both windows run from the statement day ``day``, included, like "within N units".
    """
    span = _words.SPANS[name]
    readings = []
    for n, units in (span.shortest, span.longest):
        window = DateWindow(day, _later(day, n, units))
        readings.append(
            (window, f"{_plural(n, units)} from {day}: inclusive, last day of {window}")
        )
    (short, _), (long, _) = readings
    rule = (
        f"vague span '{phrase}' = {span.why}: shortest {short}, longest {long}; "
        f"default the longest: inclusive, last day of {long}"
    )
    return tuple(readings), rule


def decade(year: int) -> tuple[tuple[DateWindow, ...], str]:
    """The decade of ``year`` read both ways, earlier end first, and the words saying so.

    The common decade is the 2020s (2020–2029); the decade counted from year 1
    is 2021–2030. Said in 2025 they end 2029-12-31 and 2030-12-31.
    """
    common = (year // 10 * 10, year // 10 * 10 + 9)
    counted = ((year - 1) // 10 * 10 + 1, (year - 1) // 10 * 10 + 10)
    windows = sorted(
        {DateWindow(dt.date(a, 1, 1), dt.date(b, 12, 31)) for a, b in (common, counted)},
        key=lambda w: w.end,
    )
    kind = (
        f"decade of the statement year {year}, two readings: the {common[0]}s "
        f"({common[0]}–{common[1]}) and the decade counted from year 1 ({counted[0]}–{counted[1]})"
    )
    return tuple(windows), kind


def unrecognised(text: str) -> str:
    """The refusal of an unread phrase, naming the nearest accepted forms and where all are.

    ``unrecognised deadline phrase 'in the comming weeks'; did you mean 'in
    the coming weeks'? Accepted forms: docs/dates.md#accepted-forms``; the
    nearest are `difflib.get_close_matches` over the accepted forms (at most three).

    .. versionadded:: 0.3
    """
    forms = {form.lower(): form for form in _words.ACCEPTED_FORMS}
    core = " ".join(text.split()).lower().removesuffix(".").strip()
    near = difflib.get_close_matches(core, forms, n=3, cutoff=0.75)
    base = f"unrecognised deadline phrase {text!r}"
    if not near:
        return f"{base}; accepted forms: {_words.FORMS_DOC}"
    return (
        f"{base}; did you mean {' or '.join(repr(forms[n]) for n in near)}? "
        f"Accepted forms: {_words.FORMS_DOC}"
    )
