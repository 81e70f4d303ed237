"""The deadline grammar's vocabulary: month names, numbers, ordinals and phrase forms (private).

Every form a phrase may take is one regular expression in :data:`RE`; the
rules that read them are in :mod:`forecastcheck.ledger.deadlines`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import NamedTuple

MONTH_NAMES = (
    "january jan",
    "february feb",
    "march mar",
    "april apr",
    "may",
    "june jun",
    "july jul",
    "august aug",
    "september sep sept",
    "october oct",
    "november nov",
    "december dec",
)
MONTHS = {name: i for i, names in enumerate(MONTH_NAMES, start=1) for name in names.split()}
ABBR = {i: names[:3].title() for i, names in enumerate(MONTH_NAMES, start=1)}
WORDS = "one two three four five six seven eight nine ten eleven twelve"
NUMBERS = {w: i for i, w in enumerate(WORDS.split(), start=1)} | {"a": 1, "an": 1}
ORDINALS = {
    "first": 1,
    "1st": 1,
    "second": 2,
    "2nd": 2,
    "third": 3,
    "3rd": 3,
    "fourth": 4,
    "4th": 4,
}
#: early / mid / late: months of a year, days of a month (31 stands for the month's last day).
PARTS_OF_YEAR = {"early": (1, 4), "mid": (5, 8), "late": (9, 12)}
PARTS_OF_MONTH = {"early": (1, 10), "mid": (11, 20), "late": (21, 31)}
OPEN_ENDED = frozenset(
    {"eventually", "never", "ever", "one day", "someday", "some day", "sooner or later"}
    | {"at some point", "never again", "ever again", "forever"}
)
CLAMPS = "(relativedelta: a day missing from the target month clamps to its last day)"
EXCLUSIVE = frozenset({"before", "prior to"})
NOT_BOUND = frozenset({"", "in", "during", "on"})


def _alternatives(words: Iterable[str]) -> str:
    return "|".join(sorted(words, key=len, reverse=True))


_M = rf"(?P<month>{_alternatives(MONTHS)})\.?"
_Y = r"(?P<year>\d{4}|this year|next year|the year|the current year|the next year)"
_ORD = rf"(?P<n>{_alternatives(ORDINALS)})"
RE = {
    "iso": re.compile(r"\d[0-9qh.\-]*"),
    "year": re.compile(_Y),
    "this_month": re.compile(r"(?P<which>this|the|the current|next|the next) month"),
    "qh_first": re.compile(rf"(?P<qh>[qh])(?P<n>[1-4])(?:,|\s+of)?\s+{_Y}"),
    "qh_last": re.compile(r"(?P<year>\d{4})\s+(?P<qh>[qh])(?P<n>[1-4])"),
    "qh_words": re.compile(rf"(?:the\s+)?{_ORD}\s+(?P<qh>quarter|half)(?:\s+of)?\s+{_Y}"),
    "part": re.compile(r"(?P<part>early|mid|late|(?:the\s+)?middle\s+of)[\s-]*(?P<rest>.+)"),
    "day_month": re.compile(
        rf"(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{_M}(?:,?\s+(?:of\s+)?{_Y})?"
    ),
    "month_day": re.compile(rf"{_M}\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+{_Y})?"),
    "month": re.compile(rf"{_M}(?:,?\s+(?:of\s+)?{_Y})?"),
    "duration": re.compile(
        rf"(?P<n>\d+|{_alternatives(NUMBERS)})[\s-]+(?P<unit>day|week|month|year)s?"
    ),
    "term": re.compile(
        r"(?:(?:a|the)\s+)?(?:term\s+of\s+(?P<d1>.+?)|(?P<d2>.+?)\s+term)"
        r"(?:\s+(?:from|starting(?:\s+on)?|beginning(?:\s+on)?|as\s+of)\s+(?P<start>.+))?"
    ),
    "qualifier": re.compile(
        r"(?P<q>(?:at\s+least\s+)?(?:until|till|through)(?:\s+at\s+least)?"
        r"|by|no\s+later\s+than|not\s+later\s+than|before|prior\s+to"
        r"|at\s+least|within|in|during|on|at)\s+(?P<rest>.+)"
    ),
    "end_of": re.compile(r"(?:the\s+)?(?:very\s+)?end\s+of\s+(?P<rest>.+)"),
    "named_deadline": re.compile(r"the\s+(?P<rest>.+?)\s+deadline"),
}
PRECISION_WORDS = {
    "day": "day",
    "month": "month",
    "quarter": "quarter",
    "half": "half year",
    "year": "year",
    "range": "range",
}


YEAR_END = re.compile(r"\b(?:the\s+)?(?:year[\s-]end|end\s+of\s+year)\b")


class Span(NamedTuple):
    """A vague span's shortest and longest reading, each (count, units), and why those two."""

    shortest: tuple[int, str]  # units: days, weeks or months (relativedelta's keywords)
    longest: tuple[int, str]
    why: str


#: Vague spans. No published survey gives numbers for these, so each range is forecastcheck's
#: own reasoning, written here and in docs/dates.md; the deadline sensitivity shows what it moves.
SPANS = {
    "days": Span(
        (2, "days"), (7, "days"), "a plural: 2 days at least; a week or more is said 'weeks'"
    ),
    "weeks": Span(
        (2, "weeks"), (8, "weeks"), "a plural: 2 weeks at least; over two months is said 'months'"
    ),
    "months": Span(
        (2, "months"), (12, "months"), "a plural: 2 months at least; a year or more is said 'years'"
    ),
    "shortly": Span(
        (1, "days"), (1, "months"), "names no unit: the next day at the soonest, a month at most"
    ),
    "imminently": Span(
        (1, "days"), (7, "days"), "about to happen: the next day at the soonest, a week at most"
    ),
}
HOURS = re.compile(rf"(?P<n>\d+|{_alternatives(NUMBERS)})[\s-]+hours?")
VAGUE = re.compile(
    r"(?:(?:within|in)\s+(?:the\s+)?(?:coming|next(?:\s+few)?)|within(?:\s+a\s+matter\s+of)?)"
    r"\s+(?P<unit>days|weeks|months)"
    r"|(?P<word>shortly|imminently)"
)
DECADE = re.compile(r"(?:this|the|the current)\s+decade")
#: Two readings of one deadline: "late January / early February 2022".
ALTERNATIVE = re.compile(r"\s*/\s*")
FINAL_YEAR = re.compile(r"(?:,?\s+(?:of\s+)?)(?P<year>\d{4})$")

#: What `difflib.get_close_matches` compares an unread phrase with: one example of every form.
ACCEPTED_FORMS = (
    "by November 2025",
    "by the end of September this year",
    "by the end of the year",
    "by the end of next year",
    "by the end of the decade",
    "by early next year",
    "by mid 2025",
    "by late January / early February 2022",
    "before 2027",
    "until November 2025",
    "no later than 2025-11-10",
    "by 2025 at the latest",
    "at least this year",
    "this year",
    "next year",
    "next month",
    "this month",
    "Q3 2025",
    "the first half of 2026",
    "within six months",
    "within a year",
    "within two weeks",
    "in two years",
    "within 72 hours",
    "within 48 hours",
    "within days",
    "within weeks",
    "within months",
    "within a matter of weeks",
    "in the coming days",
    "in the coming weeks",
    "in the coming months",
    "in the next few days",
    "in the next few weeks",
    "in the next few months",
    "shortly",
    "imminently",
    "a term of five years from 2020-11-10",
    "eventually",
    "never",
    "forever",
)
#: Where the accepted forms are listed (the anchor of docs/dates.md's section).
FORMS_DOC = "docs/dates.md#accepted-forms"
