"""Tests for forecastcheck.ledger.dates and .deadlines: date windows, deadline phrases, terms and point estimates."""

from __future__ import annotations

import datetime as dt
import pathlib
import re

import pytest
from dateutil.relativedelta import relativedelta
from hypothesis import given
from hypothesis import strategies as st

from forecastcheck.cli import main
from forecastcheck.errors import ForecastcheckError
from forecastcheck.ledger import (
    MAX_TERM_NESTING,
    DateWindow,
    Deadline,
    DeadlineError,
    PointEstimate,
    is_open_ended,
    parse_deadline,
    parse_horizon,
    parse_point,
    parse_term,
)

D = dt.date
APR_2024 = DateWindow.day(D(2024, 4, 15))  # a statement date inside 2024
UNCERTAIN = DateWindow.parse("2023-12..2024-04")  # spans a new year
TERM = "2020-11-10..2025-11-09"  # five years from 2020-11-10, first day counted


# --- strategies ---------------------------------------------------------------

#: Generated days leave room on both sides of the calendar (years 1..9999): 'before' a day
#: names the day before it, and a window's year may be read with a day either side.
FIRST_DAY, LAST_DAY = D(1000, 1, 2), D(9998, 12, 31)
dates = st.dates(min_value=FIRST_DAY, max_value=LAST_DAY)
years = st.integers(min_value=FIRST_DAY.year, max_value=LAST_DAY.year)
#: The largest N in the generated 'N days/weeks/months/years' durations.
MAX_N = 12
counts = st.integers(1, MAX_N)
#: Days from which any generated duration (at most MAX_N years) still ends within year 9999.
starts = st.dates(min_value=FIRST_DAY, max_value=D(9999 - MAX_N, 12, 31))


@st.composite
def windows(draw: st.DrawFn) -> DateWindow:
    """Windows of every precision, aligned ones as often as arbitrary ranges."""
    kind = draw(st.sampled_from(["day", "month", "quarter", "half", "year", "range", "months"]))
    year = draw(years)
    match kind:
        case "day":
            return DateWindow.day(draw(dates))
        case "month":
            return DateWindow.month(year, draw(st.integers(1, 12)))
        case "quarter":
            return DateWindow.parse(f"{year}-Q{draw(st.integers(1, 4))}")
        case "half":
            return DateWindow.parse(f"{year}-H{draw(st.integers(1, 2))}")
        case "year":
            return DateWindow.year(year)
        case "months":  # whole months, from one month to a little over three years
            first = draw(st.integers(FIRST_DAY.year * 12, LAST_DAY.year * 12 - 40))
            last = first + draw(st.integers(0, 40))
            start = DateWindow.month(first // 12, 1 + first % 12).start
            return DateWindow(start, DateWindow.month(last // 12, 1 + last % 12).end)
    first_day, last_day = sorted(draw(st.lists(dates, min_size=2, max_size=2)))
    return DateWindow(first_day, last_day)


#: Letters that spell no month, number, qualifier or keyword (no vowels, no digits).
gibberish = st.text(alphabet="bcdfgkpxz !?@#_'\"", min_size=0, max_size=30)


# --- tables ---------------------------------------------------------------------

#: (phrase, anchor, window as text, inclusive, last day)
PHRASES: list[tuple[str, DateWindow, str, bool, D]] = [
    ("2025-11-10", APR_2024, "2025-11-10", True, D(2025, 11, 10)),
    ("2025-11", APR_2024, "2025-11", True, D(2025, 11, 30)),
    ("2025", APR_2024, "2025", True, D(2025, 12, 31)),
    ("2025-Q3", APR_2024, "2025-Q3", True, D(2025, 9, 30)),
    ("2026-H1", APR_2024, "2026-H1", True, D(2026, 6, 30)),
    ("2025-q3", APR_2024, "2025-Q3", True, D(2025, 9, 30)),
    ("November 2025", APR_2024, "2025-11", True, D(2025, 11, 30)),
    ("Nov 2025", APR_2024, "2025-11", True, D(2025, 11, 30)),
    ("nov. 2025", APR_2024, "2025-11", True, D(2025, 11, 30)),
    ("Sept 2025", APR_2024, "2025-09", True, D(2025, 9, 30)),
    ("by November 2025", APR_2024, "2025-11", True, D(2025, 11, 30)),
    ("by the November 2025 deadline", APR_2024, "2025-11", True, D(2025, 11, 30)),
    ("until November 2025", APR_2024, "2025-11", True, D(2025, 11, 30)),
    ("no later than 2025-06", APR_2024, "2025-06", True, D(2025, 6, 30)),
    ("by 2026", APR_2024, "2026", True, D(2026, 12, 31)),
    ("before 2027", APR_2024, "2027", False, D(2026, 12, 31)),
    ("before 2026-11-10", APR_2024, "2026-11-10", False, D(2026, 11, 9)),
    ("before March 2024", APR_2024, "2024-03", False, D(2024, 2, 29)),
    ("prior to 2025-Q2", APR_2024, "2025-Q2", False, D(2025, 3, 31)),
    ("by 2025 at the latest", APR_2024, "2025", True, D(2025, 12, 31)),
    ("2025 at the latest", APR_2024, "2025", True, D(2025, 12, 31)),
    ("end of September this year", APR_2024, "2024-09", True, D(2024, 9, 30)),
    ("at the end of September", APR_2024, "2024-09", True, D(2024, 9, 30)),
    ("by the end of February", APR_2024, "2024-02", True, D(2024, 2, 29)),
    ("end of February next year", APR_2024, "2025-02", True, D(2025, 2, 28)),
    ("before the end of 2025", APR_2024, "2025", True, D(2025, 12, 31)),
    ("at least this year", APR_2024, "2024", True, D(2024, 12, 31)),
    ("until at least the end of 2025", APR_2024, "2025", True, D(2025, 12, 31)),
    ("this year", APR_2024, "2024", True, D(2024, 12, 31)),
    ("by the end of the year", APR_2024, "2024", True, D(2024, 12, 31)),
    ("by the end of this year", APR_2024, "2024", True, D(2024, 12, 31)),
    ("by year-end", APR_2024, "2024", True, D(2024, 12, 31)),
    ("end of 2025", APR_2024, "2025", True, D(2025, 12, 31)),
    ("next year", APR_2024, "2025", True, D(2025, 12, 31)),
    ("this month", APR_2024, "2024-04", True, D(2024, 4, 30)),
    ("next month", APR_2024, "2024-05", True, D(2024, 5, 31)),
    ("within six months", APR_2024, "2024-04-15..2024-10-15", True, D(2024, 10, 15)),
    ("within 6 months", APR_2024, "2024-04-15..2024-10-15", True, D(2024, 10, 15)),
    ("within two weeks", APR_2024, "2024-04-15..2024-04-29", True, D(2024, 4, 29)),
    ("within ten days", APR_2024, "2024-04-15..2024-04-25", True, D(2024, 4, 25)),
    ("within a year", APR_2024, "2024-04-15..2025-04-15", True, D(2025, 4, 15)),
    ("within twelve months", APR_2024, "2024-04-15..2025-04-15", True, D(2025, 4, 15)),
    ("in two years", APR_2024, "2026-04-15", True, D(2026, 4, 15)),
    ("in 3 years", APR_2024, "2027-04-15", True, D(2027, 4, 15)),
    ("in 2025", APR_2024, "2025", True, D(2025, 12, 31)),
    ("early 2025", APR_2024, "2025-01..2025-04", True, D(2025, 4, 30)),
    ("mid 2025", APR_2024, "2025-05..2025-08", True, D(2025, 8, 31)),
    ("mid-2025", APR_2024, "2025-05..2025-08", True, D(2025, 8, 31)),
    ("the middle of 2025", APR_2024, "2025-05..2025-08", True, D(2025, 8, 31)),
    ("late 2025", APR_2024, "2025-09..2025-12", True, D(2025, 12, 31)),
    ("by late 2025", APR_2024, "2025-09..2025-12", True, D(2025, 12, 31)),
    ("early next year", APR_2024, "2025-01..2025-04", True, D(2025, 4, 30)),
    ("late September", APR_2024, "2024-09-21..2024-09-30", True, D(2024, 9, 30)),
    ("late February 2024", APR_2024, "2024-02-21..2024-02-29", True, D(2024, 2, 29)),
    ("mid-May 2025", APR_2024, "2025-05-11..2025-05-20", True, D(2025, 5, 20)),
    ("Q3 2025", APR_2024, "2025-Q3", True, D(2025, 9, 30)),
    ("2025 Q3", APR_2024, "2025-Q3", True, D(2025, 9, 30)),
    ("H1 2026", APR_2024, "2026-H1", True, D(2026, 6, 30)),
    ("the third quarter of 2025", APR_2024, "2025-Q3", True, D(2025, 9, 30)),
    ("the second half of next year", APR_2024, "2025-H2", True, D(2025, 12, 31)),
    ("10 November 2025", APR_2024, "2025-11-10", True, D(2025, 11, 10)),
    ("November 10, 2025", APR_2024, "2025-11-10", True, D(2025, 11, 10)),
    ("10th of November 2025", APR_2024, "2025-11-10", True, D(2025, 11, 10)),
    ("2025-03..2025-05", APR_2024, "2025-03..2025-05", True, D(2025, 5, 31)),
    ("a term of five years from 2020-11-10", APR_2024, TERM, True, D(2025, 11, 9)),
    ("a five-year term from 10 November 2020", APR_2024, TERM, True, D(2025, 11, 9)),
    ("by the end of a 5-year term from 2020-11-10", APR_2024, TERM, True, D(2025, 11, 9)),
    # An uncertain statement date is fine when the phrase does not depend on it.
    ("by November 2025", UNCERTAIN, "2025-11", True, D(2025, 11, 30)),
    ("at least this year", DateWindow.parse("2024-01..2024-04"), "2024", True, D(2024, 12, 31)),
    ("this year", DateWindow.year(2024), "2024", True, D(2024, 12, 31)),
]  # fmt: skip


class TestDeadlinePhrases:
    """Every documented phrase form, read against a statement date."""

    @pytest.mark.parametrize(("phrase", "anchor", "window", "inclusive", "last"), PHRASES)
    def test_phrase(
        self, phrase: str, anchor: DateWindow, window: str, inclusive: bool, last: D
    ) -> None:
        """The phrase names the expected window, inclusivity and last day, and keeps its text."""
        deadline = parse_deadline(phrase, anchor)
        assert (str(deadline.window), deadline.inclusive, deadline.last_day) == (
            window,
            inclusive,
            last,
        )
        assert deadline.phrase == phrase

    @pytest.mark.parametrize(
        "phrase", ["  By November 2025.  ", "BY NOVEMBER 2025", "by\tnovember\n2025"]
    )
    def test_case_space_and_trailing_period_are_ignored(self, phrase: str) -> None:
        """Case, runs of whitespace and one trailing period do not change the reading."""
        assert parse_deadline(phrase, APR_2024).window == DateWindow.month(2025, 11)

    def test_anchor_may_be_a_plain_date(self) -> None:
        """A `datetime.date` anchor is read as the one-day window."""
        assert parse_deadline("this year", D(2024, 4, 15)) == parse_deadline("this year", APR_2024)

    def test_result_is_a_frozen_deadline(self) -> None:
        """The result is an immutable `Deadline`."""
        deadline = parse_deadline("by 2025", APR_2024)
        assert isinstance(deadline, Deadline)
        with pytest.raises(AttributeError):
            deadline.inclusive = False  # type: ignore[misc]


class TestInclusiveExclusive:
    """'by', 'until', 'at the latest' and 'end of' include the window; 'before' excludes it."""

    def test_by_and_before_differ_by_the_window(self) -> None:
        """'by 2026' and 'before 2027' end on the same day through opposite rules."""
        by, before = parse_deadline("by 2026", APR_2024), parse_deadline("before 2027", APR_2024)
        assert by.last_day == before.last_day == D(2026, 12, 31)
        assert by.inclusive
        assert not before.inclusive

    def test_before_a_day_is_the_day_before(self) -> None:
        """'before 2026-11-10' allows 2026-11-09 at the latest, 'by 2026-11-10' the day itself."""
        assert parse_deadline("before 2026-11-10", APR_2024).last_day == D(2026, 11, 9)
        assert parse_deadline("by 2026-11-10", APR_2024).last_day == D(2026, 11, 10)

    def test_before_a_leap_march(self) -> None:
        """'before March 2024' ends on the leap day, 'before March 2023' on Feb 28."""
        assert parse_deadline("before March 2024", APR_2024).last_day == D(2024, 2, 29)
        assert parse_deadline("before March 2023", APR_2024).last_day == D(2023, 2, 28)

    def test_before_the_end_of_is_inclusive(self) -> None:
        """'before the end of X' means by the close of X's last day, so it is inclusive."""
        deadline = parse_deadline("before the end of 2025", APR_2024)
        assert deadline.inclusive
        assert deadline.last_day == D(2025, 12, 31)

    @pytest.mark.parametrize("phrase", ["before 2027 at the latest", "prior to 2027 at the latest"])
    def test_before_with_at_the_latest_is_rejected(self, phrase: str) -> None:
        """'before' and 'at the latest' contradict each other, so neither is guessed."""
        with pytest.raises(DeadlineError, match=re.escape(repr(phrase))):
            parse_deadline(phrase, APR_2024)


class TestRules:
    """The rule records, in words, how the phrase became a deadline."""

    @pytest.mark.parametrize(
        ("phrase", "rule"),
        [
            ("by November 2025", "'by' + month: inclusive, last day of 2025-11"),
            ("before 2027", "'before' + year: exclusive, last day is the day before 2027 starts"),
            ("November 2025", "bare month: inclusive, last day of 2025-11"),
            ("by 2025 at the latest", "'by … at the latest' + year: inclusive, last day of 2025"),
        ],
    )
    def test_exact_rules(self, phrase: str, rule: str) -> None:
        """Simple phrases give exactly the documented rule text."""
        assert parse_deadline(phrase, APR_2024).rule == rule

    @pytest.mark.parametrize(
        ("phrase", "fragment"),
        [
            ("early 2025", "early = Jan–Apr"),
            ("mid 2025", "mid = May–Aug"),
            ("late 2025", "late = Sep–Dec"),
            ("early May 2025", "early = days 1–10"),
            ("mid May 2025", "mid = days 11–20"),
            ("late May 2025", "late = days 21–end"),
            ("this year", "'this year' = the statement date's year (2024)"),
            ("next year", "the statement date's year + 1 (2025)"),
            ("end of September", "year not given: the statement date's (2024)"),
            ("within six months", "6 months from 2024-04-15 (relativedelta"),
            ("within two weeks", "2 weeks from 2024-04-15: inclusive"),
            ("a term of five years from 2020-11-10", "the day before the anniversary"),
            ("before the end of 2025", "the end of a period is the close of its last day"),
        ],
    )
    def test_rules_record_the_choices(self, phrase: str, fragment: str) -> None:
        """Each rule names the choice it made (ranges, the anchor's year, clamping, terms)."""
        assert fragment in parse_deadline(phrase, APR_2024).rule


class TestRelativeDurations:
    """'within N units' and 'in N units' count from the statement date with relativedelta."""

    def test_within_clamps_to_the_end_of_a_short_month(self) -> None:
        """Jan 31 + 1 month is Feb 28 in a common year: relativedelta clamps the month end."""
        deadline = parse_deadline("within a month", D(2023, 1, 31))
        assert deadline.window == DateWindow(D(2023, 1, 31), D(2023, 2, 28))

    def test_within_clamps_to_the_leap_day(self) -> None:
        """Jan 31 + 1 month is Feb 29 in a leap year."""
        assert parse_deadline("within one month", D(2024, 1, 31)).last_day == D(2024, 2, 29)

    def test_within_a_year_from_the_leap_day(self) -> None:
        """Feb 29 + 1 year is Feb 28 of the next year."""
        assert parse_deadline("within a year", D(2024, 2, 29)).last_day == D(2025, 2, 28)

    def test_within_six_months_from_a_month_end(self) -> None:
        """Aug 31 + 6 months is Feb 28 (clamped), not Mar 3."""
        assert parse_deadline("within six months", D(2023, 8, 31)).last_day == D(2024, 2, 29)
        assert parse_deadline("within six months", D(2022, 8, 31)).last_day == D(2023, 2, 28)

    def test_in_n_years_is_one_day(self) -> None:
        """'in two years' names the single day two years after the statement date."""
        deadline = parse_deadline("in two years", D(2024, 4, 15))
        assert deadline.window == DateWindow.day(D(2026, 4, 15))

    @pytest.mark.parametrize("phrase", ["by two years", "before six months", "two years"])
    def test_duration_needs_within_or_in(self, phrase: str) -> None:
        """A bare duration or one after 'by'/'before' is not a deadline."""
        with pytest.raises(
            DeadlineError, match=re.escape(f"unrecognised deadline phrase {phrase!r}")
        ):
            parse_deadline(phrase, APR_2024)

    @given(n=counts, day=starts)
    def test_within_months_matches_in_months(self, n: int, day: D) -> None:
        """'within N months' ends on the day 'in N months' names, and starts at the anchor."""
        within = parse_deadline(f"within {n} months", day)
        assert within.window.start == day
        assert within.last_day == parse_deadline(f"in {n} months", day).last_day


class TestTerms:
    """A term from a start date counts its first day and ends the day before its anniversary."""

    def test_five_year_term(self) -> None:
        """Five years from 2020-11-10 covers 2020-11-10..2025-11-09."""
        term = parse_term("five years", D(2020, 11, 10))
        assert term.window == DateWindow(D(2020, 11, 10), D(2025, 11, 9))
        assert term.inclusive
        assert term.last_day == D(2025, 11, 9)
        assert "the day before the anniversary" in term.rule

    @pytest.mark.parametrize(
        "text", ["five years", "5 years", "a five-year term", "a term of 5 years"]
    )
    def test_term_spellings(self, text: str) -> None:
        """The term may be a duration, 'a N-year term' or 'a term of N years'."""
        assert parse_term(text, DateWindow.day(D(2020, 11, 10))).last_day == D(2025, 11, 9)

    def test_term_in_a_phrase_equals_parse_term(self) -> None:
        """'a term of five years from 2020-11-10' reads as parse_term does."""
        phrase = parse_deadline("a term of five years from 2020-11-10", APR_2024)
        assert phrase.window == parse_term("five years", D(2020, 11, 10)).window

    def test_one_year_term_from_a_plain_day(self) -> None:
        """One year from 2023-03-01 ends 2024-02-29, the day before the anniversary."""
        assert parse_term("one year", D(2023, 3, 1)).last_day == D(2024, 2, 29)

    def test_missing_anniversary_ends_on_the_month_end(self) -> None:
        """One month from Jan 31 ends on the last day of February (the anniversary is missing)."""
        assert parse_term("one month", D(2023, 1, 31)).last_day == D(2023, 2, 28)
        assert parse_term("one month", D(2024, 1, 31)).last_day == D(2024, 2, 29)

    def test_leap_day_start(self) -> None:
        """A year from 2024-02-29 ends 2025-02-28: 366 days, exactly one year."""
        assert parse_term("a year", D(2024, 2, 29)).window.days == 366

    def test_uncertain_start_is_an_error(self) -> None:
        """A term from a month-precise start has no single end, so it is refused."""
        with pytest.raises(DeadlineError, match="uncertain"):
            parse_term("five years", DateWindow.month(2020, 11))

    @pytest.mark.parametrize("text", ["forever", "five", "0 years", "years five"])
    def test_unrecognised_term(self, text: str) -> None:
        """A term that is not a positive duration is an error naming it."""
        with pytest.raises(DeadlineError, match=re.escape(repr(text))):
            parse_term(text, D(2020, 11, 10))

    @given(start=starts, n=counts, unit=st.sampled_from(["days", "weeks"]))
    def test_day_and_week_terms_count_days(self, start: D, n: int, unit: str) -> None:
        """A term of N days holds exactly N days, of N weeks exactly 7N, first day counted."""
        term = parse_term(f"{n} {unit}", start)
        assert term.window.start == start
        assert term.window.days == n * (7 if unit == "weeks" else 1)

    def test_terms_reach_the_last_day_of_the_calendar(self) -> None:
        """The latest generated start still has a MAX_N-year term; a later one is a DeadlineError."""
        latest = D(9999 - MAX_N, 12, 31)
        assert parse_term(f"{MAX_N} years", latest).last_day == D(9999, 12, 30)
        with pytest.raises(DeadlineError, match="ends after 9999-12-31"):
            parse_term(f"{MAX_N} years", D(9998, 1, 1))

    @given(start=starts, n=counts, unit=st.sampled_from(["months", "years"]))
    def test_month_and_year_terms_end_before_the_anniversary(
        self, start: D, n: int, unit: str
    ) -> None:
        """Where the anniversary exists, the term ends the day before it; else on its month end."""
        term = parse_term(f"{n} {unit}", start)
        anniversary = start + relativedelta(**{unit: n})  # type: ignore[arg-type]
        if anniversary.day == start.day:
            assert term.last_day == anniversary - dt.timedelta(days=1)
        else:
            assert term.last_day == anniversary
            assert (term.last_day + dt.timedelta(days=1)).day == 1


class TestUncertainAnchor:
    """A relative phrase that reads differently across an uncertain statement date is refused."""

    @pytest.mark.parametrize(
        "phrase",
        [
            "this year",
            "at least this year",
            "by the end of the year",
            "next year",
            "within six months",
        ],
    )
    def test_refused(self, phrase: str) -> None:
        """The error names the phrase and both readings instead of guessing."""
        with pytest.raises(DeadlineError) as info:
            parse_deadline(phrase, UNCERTAIN)
        message = str(info.value)
        assert repr(phrase) in message
        assert "uncertain statement date 2023-12..2024-04" in message
        assert info.value.phrase == phrase

    def test_both_readings_are_named(self) -> None:
        """'this year' across 2023-12..2024-04 names 2023 and 2024."""
        with pytest.raises(
            DeadlineError, match="2023 if said on 2023-12-01, 2024 if said on 2024-04-30"
        ):
            parse_deadline("this year", UNCERTAIN)

    def test_point_is_refused_too(self) -> None:
        """parse_point shares the rule."""
        with pytest.raises(DeadlineError, match="uncertain"):
            parse_point("end of September this year", UNCERTAIN)


class TestOpenEnded:
    """Claims with no horizon are recognised and never given an invented deadline."""

    @pytest.mark.parametrize(
        "phrase",
        [
            "eventually",
            "Never",
            "ever",
            "one day",
            "sooner or later",
            "Eventually.",
            " never again ",
        ],
    )
    def test_open_ended(self, phrase: str) -> None:
        """is_open_ended holds, parse_horizon gives None and parse_deadline refuses."""
        assert is_open_ended(phrase)
        assert parse_horizon(phrase, APR_2024) is None
        with pytest.raises(DeadlineError, match="is open-ended"):
            parse_deadline(phrase, APR_2024)

    def test_bounded_is_not_open_ended(self) -> None:
        """A bounded phrase is not open-ended and parse_horizon returns its deadline."""
        assert not is_open_ended("by 2025")
        assert parse_horizon("by 2025", APR_2024) == parse_deadline("by 2025", APR_2024)

    def test_parse_horizon_still_rejects_gibberish(self) -> None:
        """parse_horizon only forgives open-ended phrases, not unknown ones."""
        with pytest.raises(DeadlineError, match="unrecognised deadline phrase 'soon'"):
            parse_horizon("soon", APR_2024)


class TestErrors:
    """Anything not recognised is an error naming the phrase, never a guess."""

    def test_error_family(self) -> None:
        """DeadlineError is a ForecastcheckError and a ValueError."""
        assert issubclass(DeadlineError, ForecastcheckError)
        assert issubclass(DeadlineError, ValueError)

    @pytest.mark.parametrize(
        "phrase",
        ["soon", "Q5 2025", "Q3", "at 2025", "by the 2025", "2025 2026", ""],
    )
    def test_unrecognised(self, phrase: str) -> None:
        """Unknown wording starts 'unrecognised deadline phrase <phrase>' and points to the forms."""
        with pytest.raises(DeadlineError) as info:
            parse_deadline(phrase, APR_2024)
        assert str(info.value).startswith(f"unrecognised deadline phrase {phrase!r}; ")
        assert str(info.value).endswith("docs/dates.md#accepted-forms")

    @pytest.mark.parametrize(
        "phrase", ["2025-02-30", "30 February 2025", "H3 2025", "within 0 days"]
    )
    def test_impossible_dates(self, phrase: str) -> None:
        """A day or half that does not exist is an error naming the phrase."""
        with pytest.raises(DeadlineError, match=re.escape(repr(phrase))):
            parse_deadline(phrase, APR_2024)

    def test_q3_is_never_march(self) -> None:
        """'Q3 2025' is July–September, the reading dateutil's fuzzy mode gets wrong."""
        assert parse_deadline("Q3 2025", APR_2024).window == DateWindow(
            D(2025, 7, 1), D(2025, 9, 30)
        )

    @given(text=gibberish)
    def test_gibberish_always_raises(self, text: str) -> None:
        """Generated gibberish raises DeadlineError naming it verbatim, alone or after 'by'."""
        for phrase in (text, f"by {text}", f"before the end of {text}"):
            with pytest.raises(DeadlineError) as info:
                parse_deadline(phrase, APR_2024)
            assert repr(phrase) in str(info.value)
            assert info.value.phrase == phrase


class TestPoints:
    """parse_point turns a date estimate into one day with a stated rule."""

    @pytest.mark.parametrize(
        ("phrase", "day", "how"),
        [
            ("end of September this year", D(2024, 9, 30), "the last allowed day"),
            ("by the end of September 2024", D(2024, 9, 30), "the last allowed day"),
            ("at the end of September", D(2024, 9, 30), "the last allowed day"),
            ("before 2027", D(2026, 12, 31), "the last allowed day"),
            ("within six months", D(2024, 10, 15), "the last allowed day"),
            ("2025-11-10", D(2025, 11, 10), "the day"),
            ("in two years", D(2026, 4, 15), "the day"),
            ("September 2024", D(2024, 9, 15), "the window's midpoint"),
            ("mid 2025", D(2025, 7, 1), "the window's midpoint"),
            ("early 2025", D(2025, 3, 1), "the window's midpoint"),
            ("late 2025", D(2025, 10, 31), "the window's midpoint"),
            ("2025", D(2025, 7, 2), "the window's midpoint"),
            ("a term of five years from 2020-11-10", D(2025, 11, 9), "the last allowed day"),
        ],
    )
    def test_points(self, phrase: str, day: D, how: str) -> None:
        """Limits give their last allowed day, single days themselves, periods their midpoint."""
        point = parse_point(phrase, APR_2024)
        assert isinstance(point, PointEstimate)
        assert point.day == day
        assert f"point = {how} ({day})" in point.rule
        assert point.day in point.window or how == "the last allowed day"

    def test_point_shares_the_deadline_rule(self) -> None:
        """The point's rule starts with the deadline's rule for the same phrase."""
        phrase = "end of September this year"
        assert parse_point(phrase, APR_2024).rule.startswith(parse_deadline(phrase, APR_2024).rule)

    def test_point_errors(self) -> None:
        """An unrecognised estimate is the same error as an unrecognised deadline."""
        with pytest.raises(DeadlineError, match="unrecognised deadline phrase 'soonish'"):
            parse_point("soonish", APR_2024)


class TestProperties:
    """Invariants over generated windows and anchors."""

    @given(window=windows())
    def test_window_text_round_trip(self, window: DateWindow) -> None:
        """DateWindow.parse(str(w)) == w for every window."""
        assert DateWindow.parse(str(window)) == window

    @given(window=windows(), anchor=dates)
    def test_window_text_is_a_deadline(self, window: DateWindow, anchor: D) -> None:
        """A window's text read as a deadline names that window, inclusively."""
        deadline = parse_deadline(str(window), anchor)
        assert deadline.window == window
        assert deadline.inclusive
        assert deadline.last_day == window.end

    @given(window=windows(), anchor=dates)
    def test_before_is_the_day_before_by(self, window: DateWindow, anchor: D) -> None:
        """'before X' always ends exactly one day before 'by X''s window starts."""
        by, before = (
            parse_deadline(f"by {window}", anchor),
            parse_deadline(f"before {window}", anchor),
        )
        assert before.window == by.window == window
        assert before.last_day == by.window.start - dt.timedelta(days=1)
        assert by.last_day == window.end

    @given(year=years, month=st.integers(1, 12), anchor=dates)
    def test_month_names_match_iso(self, year: int, month: int, anchor: D) -> None:
        """'November 2025', 'Nov 2025' and '2025-11' all name the same window."""
        iso = parse_deadline(f"{year}-{month:02d}", anchor).window
        name = DateWindow.month(year, month).start.strftime("%B %Y")
        short = DateWindow.month(year, month).start.strftime("%b %Y")
        assert parse_deadline(name, anchor).window == iso == parse_deadline(short, anchor).window

    @given(anchor=dates)
    def test_this_year_is_the_anchor_year(self, anchor: D) -> None:
        """'this year' and its variants end on Dec 31 of the anchor's year."""
        for phrase in ("this year", "at least this year", "by the end of the year"):
            assert parse_deadline(phrase, anchor).last_day == D(anchor.year, 12, 31)

    @given(year=years, anchor=dates)
    def test_parts_of_a_year_tile_it(self, year: int, anchor: D) -> None:
        """Early, mid and late cover the year without gaps or overlaps."""
        early, mid, late = (
            parse_deadline(f"{p} {year}", anchor).window for p in ("early", "mid", "late")
        )
        assert early.start == D(year, 1, 1)
        assert late.end == D(year, 12, 31)
        assert mid.start == early.end + dt.timedelta(days=1)
        assert late.start == mid.end + dt.timedelta(days=1)

    @given(window=windows(), start=dates, end=dates)
    def test_absolute_phrases_ignore_uncertain_anchors(
        self, window: DateWindow, start: D, end: D
    ) -> None:
        """A phrase that names its own dates reads the same under any anchor window."""
        anchor = DateWindow(min(start, end), max(start, end))
        assert parse_deadline(f"by {window}", anchor).window == window

    @given(anchor=starts, n=counts)
    def test_point_never_after_the_deadline(self, anchor: D, n: int) -> None:
        """For limit phrases, the point estimate is the deadline's last day."""
        phrase = f"within {n} weeks"
        assert parse_point(phrase, anchor).day == parse_deadline(phrase, anchor).last_day


class TestNesting:
    """A term's start may itself be a term, but only MAX_TERM_NESTING deep (item: recursion)."""

    @pytest.mark.parametrize("depth", [1, 2, MAX_TERM_NESTING])
    def test_nesting_up_to_the_limit_reads(self, depth: int) -> None:
        """Terms nested up to the limit are read: one-day terms from a day end on that day."""
        phrase = "by " + "a one day term from " * depth + "2020-01-01"
        assert parse_deadline(phrase, APR_2024).last_day == D(2020, 1, 1)

    @pytest.mark.parametrize("depth", [MAX_TERM_NESTING + 1, 1000, 5000])
    def test_deeper_nesting_is_a_deadline_error(self, depth: int) -> None:
        """A deeper phrase is a DeadlineError naming the limit, never a RecursionError."""
        phrase = "by " + "a one day term from " * depth + "2020-01-01"
        for read in (parse_deadline, parse_point, parse_horizon):
            with pytest.raises(DeadlineError, match="too deeply nested") as info:
                read(phrase, APR_2024)
            assert info.value.phrase == phrase
            assert f"at most {MAX_TERM_NESTING}" in str(info.value)


# --- the calendar's ends ------------------------------------------------------

_EDGE_SPAN = 400
near_the_ends = st.one_of(
    st.dates(min_value=D.max - dt.timedelta(days=_EDGE_SPAN), max_value=D.max),
    st.dates(min_value=D.min, max_value=D.min + dt.timedelta(days=_EDGE_SPAN)),
)


@st.composite
def edge_windows(draw: st.DrawFn) -> DateWindow:
    """Windows of days, months and years touching or near 0001-01-01 and 9999-12-31."""
    first, last = sorted(draw(st.lists(near_the_ends, min_size=2, max_size=2)))
    if draw(st.booleans()):
        return DateWindow(first, last)
    return draw(
        st.sampled_from(
            [
                DateWindow.day(first),
                DateWindow.month(first.year, first.month),
                DateWindow.year(first.year),
            ]
        )
    )


EDGE_PHRASES = (
    "{w}",
    "by {w}",
    "before {w}",
    "until the end of {w}",
    "{w} at the latest",
    "within {n} days",
    "within {n} months",
    "in {n} years",
    "this year",
    "next year",
    "next month",
    "end of December",
    "late {y}",
    "a term of {n} days from {d}",
    "a {n}-month term from {d}",
)


class TestCalendarEnds:
    """Date arithmetic at 0001-01-01 and 9999-12-31 gives an answer or a DeadlineError."""

    @given(
        window=edge_windows(),
        anchor=edge_windows(),
        n=st.integers(1, 500),
        template=st.sampled_from(EDGE_PHRASES),
    )
    def test_phrases_near_the_ends_never_overflow(
        self, window: DateWindow, anchor: DateWindow, n: int, template: str
    ) -> None:
        """Every reader returns or raises DeadlineError; a deadline's last day always exists."""
        phrase = template.format(w=window, n=n, y=window.start.year, d=window.start)
        for read in (parse_deadline, parse_point):
            try:
                result = read(phrase, anchor)
            except DeadlineError:
                continue
            if isinstance(result, Deadline):
                assert result.last_day <= D.max
        try:
            term = parse_term(f"{n} days", window)
        except DeadlineError:
            return
        assert term.window.days == n

    def test_term_ending_on_the_last_day(self) -> None:
        """A term whose anniversary would be 10000-01-01 ends on 9999-12-31."""
        assert parse_term("a day", D.max).window == DateWindow.day(D.max)
        assert parse_term("a month", D(9999, 12, 1)).last_day == D.max
        assert parse_term("a year", D(9999, 1, 1)).last_day == D.max
        assert parse_term("two weeks", D.max - dt.timedelta(days=13)).last_day == D.max

    def test_term_past_the_last_day_is_an_error(self) -> None:
        """A term that would end after 9999-12-31 is refused, naming the calendar's end."""
        with pytest.raises(DeadlineError, match="9999-12-31"):
            parse_term("two days", D.max)
        with pytest.raises(DeadlineError, match="9999-12-31"):
            parse_deadline("within a year", D(9999, 6, 1))

    def test_exclusive_deadline_from_the_first_day_is_refused(self) -> None:
        """An exclusive Deadline starting on 0001-01-01 has no last day: refused when built."""
        with pytest.raises(ValueError, match="no day before"):
            Deadline("before 0001", DateWindow.year(1), False, "rule")
        with pytest.raises(DeadlineError, match="no day before"):
            parse_deadline("before 0001-01-01", APR_2024)


def test_too_deep_a_phrase_is_a_located_check_problem(
    tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`forecastcheck check` reports a too deeply nested deadline at its field, exit 1."""
    phrase = "by " + "a one day term from " * 1000 + "2020-01-01"
    (tmp_path / "l.toml").write_text(
        '[[sources]]\nid = "s"\nname = "S"\n\n[[predictions]]\nid = "p"\nsource = "s"\n'
        'quote = "q"\nstated = "2019-12-01"\nconfidence = { probability = 0.5 }\n'
        f'proposition = {{ type = "occurs", subject = "x", kind = "k", deadline = "{phrase}" }}\n',
        encoding="utf-8",
    )
    assert main(["check", str(tmp_path / "l.toml")]) == 1
    err = capsys.readouterr().err
    assert "l.toml: $.predictions[0].proposition.deadline: deadline phrase" in err
    assert "too deeply nested" in err
