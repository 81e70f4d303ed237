"""Plain words for the HTML page: dates as the source gave them, each call in a sentence.

The page speaks to readers, not to the resolver: a date window is written
the way an article would give it ("July 2022", "17–19 April 2024"), a call
becomes one sentence saying what was said and what happened, and the
resolver's mechanical line is rewritten from the result's fields (the
original stays in the JSON and behind the page's "how this was read"
disclosure).
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools

from dateutil.relativedelta import relativedelta

from forecastcheck.evaluation import CallStatus, PredictionResult, Verdict
from forecastcheck.ledger import DateWindow
from forecastcheck.report import _format

__all__ = [
    "call_sentence",
    "confident",
    "plain_date",
    "plain_reason",
    "plain_wording",
    "when_said",
]

_QUARTERS = ("first", "second", "third", "fourth")


@functools.lru_cache(maxsize=8192)  # a report names the same days again and again
def _day(day: dt.date) -> str:
    return f"{day.day} {calendar.month_name[day.month]} {day.year}"


@functools.lru_cache(maxsize=1024)
def _month(day: dt.date) -> str:
    return f"{calendar.month_name[day.month]} {day.year}"


def plain_date(when: DateWindow | dt.date | None) -> str:
    """A day or window as an article gives it: ``14 July 2022``, ``17–19 April 2024``."""
    if when is None:
        return "—"
    if isinstance(when, dt.date):
        return _day(when)
    s, e = when.start, when.end
    if s == e:  # a day, nearly every window: no precision to work out
        return _day(s)
    return _window(s, e)


@functools.lru_cache(maxsize=4096)  # keyed by the two days: cheaper to hash than the window
def _window(s: dt.date, e: dt.date) -> str:
    """:func:`plain_date` of the window from ``s`` to ``e`` (more than a day)."""
    match DateWindow(s, e).precision:
        case "month":
            return _month(s)
        case "quarter":
            return f"the {_QUARTERS[(s.month - 1) // 3]} quarter of {s.year}"
        case "half":
            return f"the {'first' if s.month == 1 else 'second'} half of {s.year}"
        case "year":
            return str(s.year)
    if s.day == 1 and (e + dt.timedelta(days=1)).day == 1:
        return f"{_month(s)} – {_month(e)}"  # whole months
    if (s.year, s.month) == (e.year, e.month):
        return f"{s.day}–{e.day} {calendar.month_name[s.month]} {s.year}"
    if s.year == e.year:
        return f"{s.day} {calendar.month_name[s.month]} – {_day(e)}"
    return f"{_day(s)} – {_day(e)}"


def when_said(when: DateWindow) -> str:
    """``On 14 July 2022`` or ``In July 2022`` or ``Between …``: how a sentence opens."""
    text = plain_date(when)
    if when.precision == "day":
        return f"On {text}"
    if when.precision == "range":
        return f"Between {text.replace(' – ', ' and ').replace('–', ' and ', 1)}"
    return f"In {text}"


@functools.lru_cache(maxsize=8192)  # a report measures the same few gaps again and again
def _span(earlier: dt.date, later: dt.date) -> str:
    """``17 months``, ``3 weeks`` or ``5 days``: how far apart two days are, in words."""
    gap = relativedelta(later, earlier)
    months = gap.years * 12 + gap.months
    if months >= 1:
        return f"{months} month{'s' if months != 1 else ''}"
    days = (later - earlier).days
    if days >= 14:
        return f"{days // 7} weeks"
    return f"{days} day{'s' if days != 1 else ''}"


def confident(result: PredictionResult) -> bool:
    """Whether the call leaned hard (at most 20% or at least 80%)."""
    p = result.probability
    return p is not None and (p <= 0.2 or p >= 0.8)


def plain_wording(result: PredictionResult) -> str:
    """What was said and how it was read: ``“seems highly unlikely”, read as about 12.5%``."""
    said = [f"“{result.wording}”"] if result.wording else []
    if result.stated_probability is not None:
        said.append(_format.fmt_percent(result.stated_probability))
    if not said:
        return "no likelihood was stated, so the call is not scored"
    text = " and ".join(said)
    text += " (these words are about the opposite outcome)" if result.polarity == "against" else ""
    if result.probability is None:
        return f"{text}: no likelihood that can be scored"
    read = f"about {_format.fmt_percent(result.probability)} that it happens"
    if result.interval is not None and result.interval[0] != result.interval[1]:
        low, high = (_format.fmt_percent(x) for x in result.interval)
        read += f" (the words cover {low} to {high})"
    return f"{text}, read as {read}"


def _deciding(result: PredictionResult) -> str:
    """The first deciding event in words, with its day, or an empty string."""
    if not result.evidence:
        return ""
    evidence = result.evidence
    first = evidence[0] if len(evidence) == 1 else min(evidence, key=lambda e: e.date.start)
    return f"{first.summary.rstrip('.') or first.event} ({plain_date(first.date)})"


def _against_deadline(result: PredictionResult) -> str:
    if result.deadline is None or result.decided_on is None:
        return ""
    if result.decided_on <= result.deadline:
        return f", {_span(result.decided_on, result.deadline)} before the deadline of " + (
            f"{plain_date(result.deadline)}"
        )
    return ""


def _by(result: PredictionResult, as_of: dt.date) -> str:
    """`` by 31 December 2024`` (the deadline) or `` as of 2 December 2026``: when nothing came."""
    if result.deadline:
        return f" by {plain_date(result.deadline)}"
    return f" as of {plain_date(as_of)}"


def plain_reason(result: PredictionResult, as_of: dt.date) -> str:
    """Why the call stands as it does, for a reader (the resolver's line stays in the JSON)."""
    status = result.status
    if status is CallStatus.AFTER_THE_FACT:
        return result.timing_note or result.reason
    if status is CallStatus.UNSCORABLE:
        if result.wording and result.probability is None and result.mapping:
            return f"“{result.wording}” gives no likelihood that can be scored ({result.mapping})"
        return result.reason
    outcome = result.outcome
    if outcome == 1:
        if deciding := _deciding(result):
            return f"it happened: {deciding}{_against_deadline(result)}"
        return f"it held: the event log records nothing against it{_by(result, as_of)}"
    if outcome == 0:
        if deciding := _deciding(result):
            return f"it did not happen: {deciding}"
        return f"it did not happen: the event log records no such event{_by(result, as_of)}"
    if status is CallStatus.PENDING:
        if result.open_ended:
            return f"not decided: nothing in the event log settles it as of {plain_date(as_of)}"
        return f"not decided yet as of {plain_date(as_of)}"
    return result.reason


def call_sentence(result: PredictionResult, as_of: dt.date) -> str:
    """The call in one plain sentence: who said what, when, how sure, and what happened."""
    what = result.proposition_text or _format.shorten(result.quote, 160)
    said = f"{when_said(result.stated)}, {result.source_name} gave “{what.rstrip('.')}”"
    if result.probability is not None:
        said += f" about {_format.fmt_percent(result.probability)}"
    if result.wording:
        said += f" (“{result.wording}”)"
    outcome = plain_reason(result, as_of)
    words: dict[Verdict | CallStatus, str] = {
        Verdict.HIT: "a hit",
        Verdict.MISS: "a miss",
        Verdict.EVEN: "a 50-50 call, neither hit nor miss",
    }
    verdict = words.get(result.verdict)
    if verdict is not None and confident(result):
        verdict = f"a confident {verdict.removeprefix('a ')}"
    end = f" — {verdict}." if verdict else "."
    return f"{said}; {outcome}{end}"
