"""Everyday deadline phrases: hours, vague spans, two readings, and refusals that teach."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from forecastcheck.cli import main
from forecastcheck.ledger import DateWindow, DeadlineError, is_open_ended, parse_deadline
from forecastcheck.ledger.deadlines import ACCEPTED_FORMS, read_phrase

STATED = dt.date(2021, 11, 15)
DAYS = "a plural: 2 days at least"
WEEKS = "a plural: 2 weeks at least"
MONTHS = "a plural: 2 months at least"

# (phrase, shortest window, longest window, where the reading comes from, in its rule)
PHRASES = [
    ("within 72 hours", "2021-11-15..2021-11-18", None, "72 hours from 2021-11-15, rounded up"),
    ("within 48 hours", "2021-11-15..2021-11-17", None, "48 hours from 2021-11-15, rounded up"),
    ("in the coming days", "2021-11-15..2021-11-17", "2021-11-15..2021-11-22", DAYS),
    ("in the coming weeks", "2021-11-15..2021-11-29", "2021-11-15..2022-01-10", WEEKS),
    ("in the coming months", "2021-11-15..2022-01-15", "2021-11-15..2022-11-15", MONTHS),
    ("in the next few days", "2021-11-15..2021-11-17", "2021-11-15..2021-11-22", DAYS),
    ("in the next few weeks", "2021-11-15..2021-11-29", "2021-11-15..2022-01-10", WEEKS),
    ("in the next few months", "2021-11-15..2022-01-15", "2021-11-15..2022-11-15", MONTHS),
    ("within days", "2021-11-15..2021-11-17", "2021-11-15..2021-11-22", DAYS),
    ("within weeks", "2021-11-15..2021-11-29", "2021-11-15..2022-01-10", WEEKS),
    ("within months", "2021-11-15..2022-01-15", "2021-11-15..2022-11-15", MONTHS),
    ("within a matter of weeks", "2021-11-15..2021-11-29", "2021-11-15..2022-01-10", WEEKS),
    ("shortly", "2021-11-15..2021-11-16", "2021-11-15..2021-12-15", "names no unit"),
    ("imminently", "2021-11-15..2021-11-16", "2021-11-15..2021-11-22", "about to happen"),
    ("by early next year", "2022-01..2022-04", None, "early = Jan–Apr"),
    ("by the end of the decade", "2020..2029", "2021..2030", "the 2020s (2020–2029)"),
    (
        "by late January / early February 2022",
        "2022-01-21..2022-01-31",
        "2022-02-01..2022-02-10",
        "two readings, 'late' + month",
    ),
]


@pytest.mark.parametrize(("phrase", "shortest", "longest", "source"), PHRASES)
def test_phrase_window_and_reading(
    phrase: str, shortest: str, longest: str | None, source: str
) -> None:
    """Each everyday phrase reads to its documented shortest and longest window, saying why."""
    deadline = parse_deadline(phrase, STATED)
    assert deadline.shortest.window == DateWindow.parse(shortest)
    assert deadline.longest.window == DateWindow.parse(longest or shortest)
    assert deadline.window == deadline.longest.window  # the default is the longest reading
    assert source in deadline.rule
    assert bool(deadline.alternatives) == (longest is not None)


@pytest.mark.parametrize("phrase", ["forever", "never", "Forever."])
def test_open_ended(phrase: str) -> None:
    """'forever' and 'never' are open-ended: no deadline, as a horizon they read to none."""
    assert is_open_ended(phrase)
    assert read_phrase(phrase, "horizon", STATED).result is None


def test_hours_round_up_to_whole_days() -> None:
    """25 hours is two days: hours are counted from the statement day and rounded up."""
    assert parse_deadline("within 25 hours", STATED).last_day == dt.date(2021, 11, 17)
    assert parse_deadline("within 24 hours", STATED).last_day == dt.date(2021, 11, 16)
    assert parse_deadline("in 72 hours", STATED).window == DateWindow.day(dt.date(2021, 11, 18))


def test_alternative_takes_the_year_before_when_it_must() -> None:
    """'late December / early January 2022' reads December as 2021, not December 2022."""
    deadline = parse_deadline("by late December / early January 2022", STATED)
    assert deadline.shortest.last_day == dt.date(2021, 12, 31)
    assert deadline.longest.last_day == dt.date(2022, 1, 10)


def test_exclusive_alternatives_sort_by_last_day() -> None:
    """With 'before', each reading's last day is the day before its window: sorted by that."""
    deadline = parse_deadline("before late January / early February 2022", STATED)
    assert deadline.shortest.last_day == dt.date(2022, 1, 20)
    assert deadline.longest.last_day == dt.date(2022, 1, 31)


def test_the_decade_said_in_a_round_year() -> None:
    """Said in 2030, 'the end of the decade' is 2039-12-31 or 2030-12-31 (2021–2030 counted)."""
    deadline = parse_deadline("by the end of the decade", dt.date(2030, 3, 1))
    assert deadline.shortest.last_day == dt.date(2030, 12, 31)
    assert deadline.longest.last_day == dt.date(2039, 12, 31)


def test_refusal_names_the_nearest_form() -> None:
    """A misspelt phrase is refused naming the nearest accepted form and where all are listed."""
    with pytest.raises(DeadlineError) as info:
        parse_deadline("in the comming weeks", STATED)
    message = str(info.value)
    assert message.startswith(
        "unrecognised deadline phrase 'in the comming weeks'; did you mean 'in the coming weeks'"
    )
    assert message.endswith("? Accepted forms: docs/dates.md#accepted-forms")


def test_refusal_without_a_near_form() -> None:
    """A phrase near no form is refused pointing to the list, suggesting nothing."""
    with pytest.raises(DeadlineError) as info:
        parse_deadline("soon", STATED)
    assert str(info.value) == (
        "unrecognised deadline phrase 'soon'; accepted forms: docs/dates.md#accepted-forms"
    )


@pytest.mark.parametrize("form", ACCEPTED_FORMS)
def test_every_accepted_form_reads(form: str) -> None:
    """Every form the refusal may suggest is itself read (as a horizon)."""
    read_phrase(form, "horizon", STATED)


def test_uncertain_statement_date_compares_the_shortest_reading_too() -> None:
    """A vague span said in an uncertain window is refused: its readings depend on the day."""
    with pytest.raises(DeadlineError, match="depends on when"):
        parse_deadline("within weeks", DateWindow.parse("2021-11"))


def test_check_accepts_a_ledger_using_every_phrase(tmp_path: Path) -> None:
    """`forecastcheck check` passes a ledger whose deadlines use every listed phrase."""
    phrases = [phrase for phrase, *_ in PHRASES] + ["forever", "never"]
    records = ['[[sources]]\nid = "s"\nname = "S"\n']
    for i, phrase in enumerate(phrases):
        records.append(
            f'[[predictions]]\nid = "p{i}"\nsource = "s"\nstated = "2021-11-15"\n'
            f'quote = "q"\nconfidence = {{ probability = 0.5 }}\n'
            f'proposition = {{ type = "occurs", subject = "x", kind = "y", deadline = "{phrase}" }}\n'
        )
    path = tmp_path / "every.toml"
    path.write_text("\n".join(records), encoding="utf-8")
    assert main(["check", str(path)]) == 0
