"""Resolution of propositions against the event log, as of a date: rules, properties, Karabakh."""

from __future__ import annotations

import datetime as dt
import gc
import weakref
from pathlib import Path
from typing import Any as AnyType

import attrs
import pytest
from hypothesis import event, given
from hypothesis import strategies as st

from forecastcheck import ledger as files
from forecastcheck.errors import LedgerError
from forecastcheck.ledger import (
    AllOf,
    AnyOf,
    Confidence,
    DateOf,
    DateWindow,
    DeadlineError,
    Event,
    EventLog,
    HoldsAt,
    HoldsThroughout,
    If,
    Ledger,
    Not,
    Occurs,
    Prediction,
    Proposition,
    Source,
    ValueOf,
    parse_deadline,
)
from forecastcheck.resolution import (
    Resolution,
    Resolver,
    Status,
    resolve,
    resolve_ledger,
    resolve_prediction,
)

KARABAKH = Path(__file__).resolve().parent.parent / "fixtures" / "karabakh"
ANCHOR = DateWindow.parse("2024-01-10")
YES, NO, PENDING = Status.YES, Status.NO, Status.PENDING
AMBIGUOUS, ANNULLED = Status.AMBIGUOUS, Status.ANNULLED


def D(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def ev(id: str, date: str, subject: str = "s", kind: str = "k", **fields: AnyType) -> Event:
    return Event(id=id, subject=subject, kind=kind, date=DateWindow.parse(date), **fields)


def log(*events: Event, complete: str | None = None, **subjects: str) -> EventLog:
    return EventLog(
        events=events,
        complete_through=D(complete) if complete else None,
        subjects={k.replace("_", "-"): D(v) for k, v in subjects.items()},
    )


def at(proposition: Proposition, events: EventLog, as_of: str) -> Resolution:
    return resolve(proposition, events, D(as_of), anchor=ANCHOR)


def occurs(deadline: str | None = "by June 2024", subject: str = "s", kind: str = "k") -> Occurs:
    return Occurs(subject=subject, kind=kind, deadline=deadline)


class TestStatus:
    """Statuses and the scored outcome."""

    def test_decided(self) -> None:
        """Every status but PENDING is decided."""
        assert [s for s in Status if not s.decided] == [PENDING]

    def test_outcome(self) -> None:
        """Only YES and NO carry an outcome to score: True for YES, False for NO, else None."""
        r = at(occurs(), log(ev("e", "2024-03-01")), "2024-12-31")
        assert (r.status, r.outcome) == (YES, True)
        r = at(occurs(), log(complete="2024-12-31"), "2024-12-31")
        assert (r.status, r.outcome) == (NO, False)
        assert at(occurs(), log(), "2024-12-31").outcome is None
        for status in (PENDING, AMBIGUOUS, ANNULLED):
            r = at(_leaf(status), LOGIC, "2024-12-31")
            assert (r.status, r.outcome) == (status, None)


class TestOccurs:
    """'Occurs by D': YES the day it happens; NO only after D on a complete log."""

    def test_yes_on_the_day(self) -> None:
        """The first matching event decides YES on its day, and not before."""
        events = log(ev("e", "2024-03-01"))
        r = at(occurs(), events, "2024-03-01")
        assert (r.status, r.decided_on, r.events) == (YES, D("2024-03-01"), events.events)
        assert at(occurs(), events, "2024-02-29").status is PENDING

    def test_reason_names_event_and_deadline(self) -> None:
        """The reason names the event, its day, the deadline and the rule behind it."""
        r = at(occurs(), log(ev("e", "2024-03-01")), "2024-12-31")
        assert r.reason.startswith("'k' event for s on 2024-03-01, before the deadline 2024-06-30")
        assert "'by' + month: inclusive, last day of 2024-06" in r.reason
        assert r.deadline is not None
        assert r.deadline.last_day == D("2024-06-30")

    def test_window_date_counts_from_window_end(self) -> None:
        """An event dated by a window is known, and decides, at the window's end."""
        events = log(ev("e", "2024-03"))
        assert at(occurs(), events, "2024-03-30").status is PENDING
        assert at(occurs(), events, "2024-03-31").decided_on == D("2024-03-31")

    def test_window_straddling_deadline_is_ambiguous(self) -> None:
        """A report whose window reaches past the deadline cannot be placed: AMBIGUOUS."""
        r = at(
            occurs(), log(ev("e", "2024-06-20..2024-07-10"), complete="2025-01-01"), "2025-01-01"
        )
        assert (r.status, r.decided_on) == (AMBIGUOUS, D("2024-07-10"))
        assert "straddles" in r.reason
        # and it is not NO in the meantime, although the log is complete
        assert (
            at(
                occurs(),
                log(ev("e", "2024-06-20..2024-07-10"), complete="2025-01-01"),
                "2024-07-05",
            ).status
            is PENDING
        )

    def test_event_on_last_day_counts(self) -> None:
        """An inclusive deadline's last day still counts."""
        assert at(occurs(), log(ev("e", "2024-06-30")), "2024-07-01").status is YES

    def test_no_needs_deadline_passed_and_complete_log(self) -> None:
        """NO is known the day after the last day, only where the log is complete through it."""
        events = log(complete="2024-12-31")
        assert at(occurs(), events, "2024-06-30").status is PENDING
        r = at(occurs(), events, "2024-07-01")
        assert (r.status, r.decided_on) == (NO, D("2024-07-01"))
        assert "complete for s through 2024-12-31" in r.reason

    def test_log_complete_exactly_through_the_last_day(self) -> None:
        """A log complete through the deadline's last day itself decides NO the day after."""
        r = at(occurs(), log(complete="2024-06-30"), "2024-07-01")
        assert (r.status, r.decided_on) == (NO, D("2024-07-01"))
        assert at(occurs(), log(complete="2024-06-29"), "2024-07-01").status is PENDING

    def test_incomplete_log_stays_pending(self) -> None:
        """Past the deadline, a log not known complete through it leaves the question open."""
        r = at(occurs(), log(complete="2024-06-29"), "2025-06-01")
        assert r.status is PENDING
        assert "complete for s only through 2024-06-29" in r.reason
        assert at(occurs(), log(), "2025-06-01").status is PENDING

    def test_per_subject_completeness(self) -> None:
        """A per-subject completeness date overrides the log's."""
        events = log(complete="2025-01-01", s="2024-05-01")
        assert at(occurs(), events, "2025-01-01").status is PENDING
        assert at(occurs(subject="other"), events, "2025-01-01").status is NO

    def test_exclusive_deadline(self) -> None:
        """'before 2025' ends on 2024-12-31: an event on 2025-01-01 is too late."""
        p = occurs("before 2025")
        events = log(ev("e", "2025-01-01"), complete="2025-06-01")
        r = at(p, events, "2025-06-01")
        assert (r.status, r.decided_on) == (NO, D("2025-01-01"))

    def test_event_after_deadline_on_complete_log(self) -> None:
        """An event recorded after the deadline, on a complete log, gives NO after the deadline."""
        r = at(occurs(), log(ev("e", "2024-08-01"), complete="2024-12-31"), "2024-12-31")
        assert (r.status, r.decided_on) == (NO, D("2024-07-01"))

    def test_event_after_deadline_on_incomplete_log(self) -> None:
        """Without completeness, a late event does not exclude an earlier, unrecorded one."""
        r = at(occurs(), log(ev("e", "2024-08-01")), "2024-12-31")
        assert r.status is PENDING
        assert "after the deadline" in r.reason

    def test_not_happened_report_gives_no(self) -> None:
        """A report that it had not happened as of a day past the deadline gives NO."""
        events = log(ev("n", "2024-09-01", occurred=False))
        r = at(occurs(), events, "2024-09-01")
        assert (r.status, r.decided_on, [e.id for e in r.events]) == (NO, D("2024-09-01"), ["n"])
        assert at(occurs(), events, "2024-08-31").status is PENDING

    def test_not_happened_report_before_deadline_decides_nothing(self) -> None:
        """'Not yet' before the deadline leaves the question open."""
        assert (
            at(occurs(), log(ev("n", "2024-05-01", occurred=False)), "2024-12-01").status is PENDING
        )

    def test_other_subjects_and_kinds_ignored(self) -> None:
        """Only events of the same subject and kind count."""
        events = log(ev("a", "2024-03-01", subject="x"), ev("b", "2024-03-01", kind="y"))
        assert at(occurs(), events, "2024-05-01").status is PENDING

    def test_open_ended_yes(self) -> None:
        """With no deadline, an event decides YES; the claim is flagged open-ended."""
        r = at(occurs(None), log(ev("e", "2030-01-01")), "2030-01-01")
        assert (r.status, r.decided_on, r.open_ended) == (YES, D("2030-01-01"), True)

    def test_open_ended_never_no(self) -> None:
        """With no deadline, absence of events stays PENDING, even on a complete log."""
        r = at(occurs("eventually"), log(complete="2099-01-01"), "2099-01-01")
        assert (r.status, r.open_ended) == (PENDING, True)
        assert r.reason.startswith("open-ended")

    def test_relative_deadline_read_against_anchor(self) -> None:
        """'this year' is the statement date's year."""
        p = occurs("by the end of this year")
        events = log(ev("e", "2025-03-01"), complete="2025-12-31")
        r = resolve(p, events, D("2025-12-31"), anchor=DateWindow.parse("2024-04-01"))
        assert (r.status, r.decided_on) == (NO, D("2025-01-01"))
        r = resolve(p, events, D("2025-12-31"), anchor=DateWindow.parse("2025-01-15"))
        assert r.status is YES

    def test_unknown_phrase_raises(self) -> None:
        """An unrecognised deadline phrase is an error naming it."""
        with pytest.raises(DeadlineError, match="'soonish'"):
            at(occurs("soonish"), log(), "2024-01-01")


class TestConflicts:
    """Reports that disagree make the question AMBIGUOUS, naming both."""

    def test_disjoint_dates(self) -> None:
        """Two reports of one event on different days: AMBIGUOUS once both are visible."""
        events = log(ev("a", "2024-03-01"), ev("b", "2024-04-01"))
        r = at(occurs(), events, "2024-12-31")
        assert (r.status, r.decided_on) == (AMBIGUOUS, D("2024-04-01"))
        assert "a" in r.reason
        assert "b" in r.reason
        assert {e.id for e in r.events} == {"a", "b"}

    def test_pending_until_disagreement_visible(self) -> None:
        """Before the second report is visible the question is PENDING, never YES then not."""
        events = log(ev("a", "2024-03-01"), ev("b", "2024-04-01"))
        assert at(occurs(), events, "2024-03-15").status is PENDING

    def test_overlapping_windows_corroborate(self) -> None:
        """A day and a month holding it agree: no conflict; the first visible report decides."""
        events = log(ev("a", "2024-03-10"), ev("b", "2024-03"))
        r = at(occurs(), events, "2024-12-31")
        assert (r.status, r.decided_on, [e.id for e in r.events]) == (YES, D("2024-03-10"), ["a"])

    def test_not_happened_after_occurrence(self) -> None:
        """'Had not happened' dated on or after a reported occurrence contradicts it."""
        events = log(ev("a", "2024-03-01"), ev("n", "2024-03-01", occurred=False))
        r = at(occurs(None), events, "2024-12-31")
        assert r.status is AMBIGUOUS
        assert "n says it had not happened on 2024-03-01" in r.reason

    def test_not_happened_before_occurrence(self) -> None:
        """'Had not happened' dated before the occurrence agrees with it."""
        events = log(ev("a", "2024-03-01"), ev("n", "2024-02-01", occurred=False))
        assert at(occurs(), events, "2024-12-31").status is YES

    def test_conflict_in_date_forecast(self) -> None:
        """A date forecast with disagreeing reports is AMBIGUOUS, without figures."""
        p = DateOf(subject="s", kind="k", point="2024-03-01")
        r = at(p, log(ev("a", "2024-03-01"), ev("b", "2024-05-01")), "2024-12-31")
        assert (r.status, r.error) == (AMBIGUOUS, None)


class TestHoldsAt:
    """A state holds on a date: state intervals built from starts and ends."""

    EVENTS = log(
        ev("start", "2024-02-01", starts=("st",)),
        ev("end", "2024-05-01", ends=("st",)),
        complete="2024-12-31",
    )

    def test_inside_interval(self) -> None:
        """Between its start and its end the state holds: YES, decided on the date."""
        r = at(HoldsAt(state="st", date="2024-03-01"), self.EVENTS, "2024-06-01")
        assert (r.status, r.decided_on, [e.id for e in r.events]) == (
            YES,
            D("2024-03-01"),
            ["start"],
        )

    def test_start_day_holds_end_day_does_not(self) -> None:
        """A state holds from its start day up to, not including, its end day."""
        assert at(HoldsAt(state="st", date="2024-02-01"), self.EVENTS, "2024-06-01").status is YES
        assert at(HoldsAt(state="st", date="2024-05-01"), self.EVENTS, "2024-06-01").status is NO

    def test_after_end(self) -> None:
        """After its end the state does not hold, citing the end."""
        r = at(HoldsAt(state="st", date="2024-06-01"), self.EVENTS, "2024-06-01")
        assert (r.status, [e.id for e in r.events]) == (NO, ["end"])

    def test_before_start(self) -> None:
        """Before any start the state does not hold."""
        assert at(HoldsAt(state="st", date="2024-01-01"), self.EVENTS, "2024-06-01").status is NO

    def test_resolves_at_the_date(self) -> None:
        """Nothing is known before the date itself."""
        assert (
            at(HoldsAt(state="st", date="2024-03-01"), self.EVENTS, "2024-02-29").status is PENDING
        )

    def test_needs_completeness(self) -> None:
        """A log not known complete through the date leaves it PENDING."""
        events = log(*self.EVENTS.events, complete="2024-02-15")
        assert at(HoldsAt(state="st", date="2024-03-01"), events, "2024-12-01").status is PENDING

    def test_log_complete_exactly_through_the_date(self) -> None:
        """A log complete through the asked-about day itself decides it."""
        events = log(*self.EVENTS.events, complete="2024-03-01")
        assert at(HoldsAt(state="st", date="2024-03-01"), events, "2024-12-01").status is YES
        events = log(*self.EVENTS.events, complete="2024-02-29")
        assert at(HoldsAt(state="st", date="2024-03-01"), events, "2024-12-01").status is PENDING

    def test_pending_reason_on_the_day_itself(self) -> None:
        """On the asked-about day with an incomplete log, the reason is the log, not the date."""
        events = log(*self.EVENTS.events, complete="2024-02-15")
        r = at(HoldsAt(state="st", date="2024-03-01"), events, "2024-03-01")
        assert r.status is PENDING
        assert "is unknown" in r.reason
        early = at(HoldsAt(state="st", date="2024-03-01"), events, "2024-02-29")
        assert "after 2024-02-29" in early.reason

    def test_state_completeness_by_name(self) -> None:
        """Completeness is looked up under the state's name."""
        events = log(*self.EVENTS.events, st="2024-12-31")
        assert at(HoldsAt(state="st", date="2024-03-01"), events, "2024-12-01").status is YES

    def test_end_without_start(self) -> None:
        """An end with no start before it: the state held since before the record began."""
        events = log(ev("end", "2024-05-01", ends=("st",)), complete="2024-12-31")
        assert at(HoldsAt(state="st", date="2020-01-01"), events, "2024-12-01").status is YES

    def test_restart(self) -> None:
        """Starts and ends pair in order: a later start opens a new interval."""
        events = log(
            *self.EVENTS.events, ev("again", "2024-07-01", starts=("st",)), complete="2024-12-31"
        )
        assert at(HoldsAt(state="st", date="2024-08-01"), events, "2024-12-01").status is YES

    def test_window_date_is_ambiguous_inside(self) -> None:
        """On a day inside a transition's window the state may or may not hold."""
        events = log(ev("end", "2024-05", ends=("st",)), complete="2024-12-31")
        r = at(HoldsAt(state="st", date="2024-05-10"), events, "2024-12-01")
        assert (r.status, r.decided_on) == (AMBIGUOUS, D("2024-05-31"))

    def test_date_phrase(self) -> None:
        """The date may be a phrase, read against the anchor as a point."""
        r = at(HoldsAt(state="st", date="end of March this year"), self.EVENTS, "2024-06-01")
        assert (r.status, r.decided_on) == (YES, D("2024-03-31"))


class TestHoldsThroughout:
    """A state holds every day of a period: NO as soon as it is seen not to."""

    def test_yes_at_the_end(self) -> None:
        """Held every day: YES on the period's last day, with a complete log."""
        events = log(ev("start", "2024-01-01", starts=("st",)), complete="2024-12-31")
        p = HoldsThroughout(state="st", start="2024-02-01", end="2024-06-30")
        assert at(p, events, "2024-06-29").status is PENDING
        r = at(p, events, "2024-06-30")
        assert (r.status, r.decided_on) == (YES, D("2024-06-30"))

    def test_no_the_day_an_end_is_seen(self) -> None:
        """An end inside the period decides NO that day, even without completeness."""
        events = log(
            ev("start", "2024-01-01", starts=("st",)), ev("end", "2024-03-10", ends=("st",))
        )
        p = HoldsThroughout(state="st", start="2024-02-01", end="2024-06-30")
        assert at(p, events, "2024-03-09").status is PENDING
        r = at(p, events, "2024-03-10")
        assert (r.status, r.decided_on, [e.id for e in r.events]) == (NO, D("2024-03-10"), ["end"])

    def test_end_on_the_last_day_is_no(self) -> None:
        """A state ends on its end day, so an end on the period's last day is NO that day."""
        events = log(
            ev("start", "2024-01-01", starts=("st",)), ev("end", "2024-06-30", ends=("st",))
        )
        p = HoldsThroughout(state="st", start="2024-02-01", end="2024-06-30")
        r = at(p, events, "2024-12-31")
        assert (r.status, r.decided_on) == (NO, D("2024-06-30"))
        events = log(
            ev("start", "2024-01-01", starts=("st",)),
            ev("end", "2024-07-01", ends=("st",)),
            complete="2024-12-31",
        )
        assert at(p, events, "2024-12-31").status is YES

    def test_one_day_period_not_holding(self) -> None:
        """A one-day period on which the state does not hold, on a complete log: NO."""
        p = HoldsThroughout(state="st", start="2024-02-01", end="2024-02-01")
        r = at(p, log(complete="2024-12-31"), "2024-12-31")
        assert (r.status, r.decided_on) == (NO, D("2024-02-01"))

    def test_not_holding_at_start(self) -> None:
        """Not holding on the first day, on a complete log: NO on that day."""
        p = HoldsThroughout(state="st", start="2024-02-01", end="2024-06-30")
        r = at(p, log(complete="2024-12-31"), "2024-12-31")
        assert (r.status, r.decided_on) == (NO, D("2024-02-01"))

    def test_log_complete_exactly_through_the_last_day(self) -> None:
        """Held every day, with the log complete through the period's last day itself: YES."""
        p = HoldsThroughout(state="st", start="2024-02-01", end="2024-06-30")
        held = ev("start", "2024-01-01", starts=("st",))
        r = at(p, log(held, complete="2024-06-30"), "2024-12-31")
        assert (r.status, r.decided_on) == (YES, D("2024-06-30"))
        assert at(p, log(held, complete="2024-06-29"), "2024-12-31").status is PENDING

    def test_not_holding_with_log_complete_exactly_through_the_first_day(self) -> None:
        """Not holding on the first day, the log complete through that day alone: NO."""
        p = HoldsThroughout(state="st", start="2024-02-01", end="2024-06-30")
        r = at(p, log(complete="2024-02-01"), "2024-12-31")
        assert (r.status, r.decided_on) == (NO, D("2024-02-01"))
        assert at(p, log(complete="2024-01-31"), "2024-12-31").status is PENDING

    def test_incomplete_log_pending(self) -> None:
        """Held as far as recorded, but completeness is not claimed: PENDING."""
        events = log(ev("start", "2024-01-01", starts=("st",)))
        p = HoldsThroughout(state="st", start="2024-02-01", end="2024-06-30")
        assert at(p, events, "2025-01-01").status is PENDING

    def test_uncertain_start_is_ambiguous(self) -> None:
        """A start whose window overlaps the period's first day: AMBIGUOUS at the end."""
        events = log(ev("start", "2024-01-20..2024-02-10", starts=("st",)), complete="2024-12-31")
        p = HoldsThroughout(state="st", start="2024-02-01", end="2024-06-30")
        assert at(p, events, "2024-12-31").status is AMBIGUOUS

    def test_period_must_not_end_before_it_starts(self) -> None:
        """A period that ends before it starts is an error."""
        with pytest.raises(DeadlineError, match="before it starts"):
            at(
                HoldsThroughout(state="st", start="2024-05-01", end="2024-02-01"),
                log(),
                "2024-12-31",
            )


class TestDateOf:
    """Date forecasts: a yes/no reading plus the realised date and the error in days."""

    def test_verdiev_style(self) -> None:
        """'End of September this year', said in April 2024, against 2024-06-12: YES, −110 days."""
        p = DateOf(
            subject="s",
            kind="k",
            point="end of September this year",
            latest="end of September this year",
        )
        r = resolve(
            p, log(ev("e", "2024-06-12")), D("2025-01-01"), anchor=DateWindow.parse("2024-04-19")
        )
        assert (r.status, r.decided_on) == (YES, D("2024-06-12"))
        assert (r.realised_date, r.forecast_date) == (D("2024-06-12"), D("2024-09-30"))
        assert (r.error, r.absolute_error, r.covered) == (-110, 110, True)

    def test_neither_bound_uses_point_window(self) -> None:
        """With no bounds the yes/no reading is the window the point names."""
        p = DateOf(subject="s", kind="k", point="September 2024")
        assert at(p, log(ev("e", "2024-09-20")), "2024-12-31").status is YES
        r = at(p, log(ev("e", "2024-06-12")), "2024-12-31")
        assert (r.status, r.decided_on, r.covered) == (NO, D("2024-06-12"), False)
        assert r.forecast_date == D("2024-09-15")  # a bare month's point is its midpoint

    def test_before_earliest(self) -> None:
        """An event before the earliest date is NO the day it happens."""
        p = DateOf(
            subject="s", kind="k", point="2024-06-01", earliest="2024-05-01", latest="2024-07-31"
        )
        r = at(p, log(ev("e", "2024-03-01")), "2024-03-01")
        assert (r.status, r.error, r.covered) == (NO, -92, False)

    def test_no_event_after_latest(self) -> None:
        """No event by the latest date, on a complete log: NO the day after."""
        p = DateOf(subject="s", kind="k", point="2024-06-01", latest="2024-07-31")
        r = at(p, log(complete="2024-12-31"), "2024-12-31")
        assert (r.status, r.decided_on, r.error) == (NO, D("2024-08-01"), None)

    def test_late_event_on_complete_log(self) -> None:
        """A late event: NO after the latest date, with figures once the event is visible."""
        p = DateOf(subject="s", kind="k", point="2024-06-01", latest="2024-07-31")
        events = log(ev("e", "2024-10-01"), complete="2024-12-31")
        early = at(p, events, "2024-09-01")
        assert (early.status, early.decided_on, early.error) == (NO, D("2024-08-01"), None)
        assert at(p, events, "2024-10-01").error == 122

    @pytest.mark.parametrize(
        ("day", "status"),
        [("2024-04-30", NO), ("2024-05-01", YES), ("2024-07-31", YES), ("2024-08-01", NO)],
    )
    def test_interval_ends_are_inside(self, day: str, status: Status) -> None:
        """An event on the earliest or the latest day is inside the interval; a day out is not."""
        p = DateOf(
            subject="s", kind="k", point="2024-06-01", earliest="2024-05-01", latest="2024-07-31"
        )
        r = at(p, log(ev("e", day), complete="2024-12-31"), "2024-12-31")
        assert (r.status, r.covered) == (status, status is YES)

    def test_late_event_the_day_after_latest_is_cited(self) -> None:
        """A late event seen the same day as the log's NO decides it, citing the event."""
        p = DateOf(subject="s", kind="k", point="2024-06-01", latest="2024-07-31")
        r = at(p, log(ev("e", "2024-08-01"), complete="2024-12-31"), "2024-12-31")
        assert (r.status, r.decided_on, [e.id for e in r.events]) == (NO, D("2024-08-01"), ["e"])
        assert r.reason.startswith("'k' event for s on 2024-08-01")

    def test_open_upper_bound(self) -> None:
        """With no latest date the forecast has no horizon: open-ended."""
        p = DateOf(subject="s", kind="k", point="2024-06-01", earliest="2024-05-01")
        r = at(p, log(complete="2030-01-01"), "2030-01-01")
        assert (r.status, r.open_ended) == (PENDING, True)

    def test_window_report_straddling(self) -> None:
        """A report's window crossing the interval's end is AMBIGUOUS; the error uses its midpoint."""
        p = DateOf(subject="s", kind="k", point="2024-06-30", latest="2024-06-30")
        r = at(p, log(ev("e", "2024-06-21..2024-07-09")), "2024-12-31")
        assert (r.status, r.covered, r.realised_date, r.error) == (
            AMBIGUOUS,
            None,
            D("2024-06-30"),
            0,
        )
        assert r.realised_window == DateWindow.parse("2024-06-21..2024-07-09")


class TestValueOf:
    """Value forecasts: the reported value against the interval or the point."""

    @staticmethod
    def value(id: str, date: str, v: float) -> Event:
        return ev(id, date, kind="count", value=v)

    def test_inside_interval(self) -> None:
        """A value within [lower, upper]: YES with signed and absolute error."""
        p = ValueOf(subject="s", quantity="count", point=50, lower=40, upper=70)
        r = at(p, log(self.value("v", "2024-03-01", 65)), "2024-12-31")
        assert (r.status, r.decided_on, r.realised_value) == (YES, D("2024-03-01"), 65)
        assert (r.error, r.absolute_error, r.covered) == (15, 15, True)

    def test_outside_interval(self) -> None:
        """A value outside the interval: NO."""
        p = ValueOf(subject="s", quantity="count", point=50, lower=40, upper=60)
        r = at(p, log(self.value("v", "2024-03-01", 30)), "2024-12-31")
        assert (r.status, r.error, r.covered) == (NO, -20, False)

    def test_point_only(self) -> None:
        """With no interval the reading is equality with the point; coverage is not told."""
        p = ValueOf(subject="s", quantity="count", point=3)
        r = at(p, log(self.value("v", "2024-03-01", 3)), "2024-12-31")
        assert (r.status, r.covered, r.open_ended) == (YES, None, True)

    @pytest.mark.parametrize(
        ("lower", "upper", "value", "status"),
        [
            (None, 10, 9, YES),  # "at most 10"
            (None, 10, 10, YES),  # the bound itself is inside
            (None, 10, 11, NO),
            (10, None, 11, YES),  # "at least 10"
            (10, None, 10, YES),
            (10, None, 9, NO),
            (8, 10, 8, YES),  # both bounds are inside
            (8, 10, 10, YES),
        ],
    )
    def test_one_sided_and_closed_intervals(
        self, lower: float | None, upper: float | None, value: float, status: Status
    ) -> None:
        """A one-sided interval is read as an interval, not as the point; its bounds are inside."""
        p = ValueOf(subject="s", quantity="count", point=7, lower=lower, upper=upper)
        r = at(p, log(self.value("v", "2024-03-01", value)), "2024-12-31")
        assert (r.status, r.covered) == (status, status is YES)
        assert "the stated interval" in r.reason

    def test_disagreeing_values(self) -> None:
        """Two reports with different values: AMBIGUOUS naming both."""
        p = ValueOf(subject="s", quantity="count", point=3)
        r = at(
            p, log(self.value("a", "2024-03-01", 3), self.value("b", "2024-04-01", 4)), "2024-12-31"
        )
        assert (r.status, r.decided_on) == (AMBIGUOUS, D("2024-04-01"))
        assert "a says 3" in r.reason
        assert "b says 4" in r.reason

    def test_report_on_the_due_dates_last_day_counts(self) -> None:
        """A value reported on the due date's last day is in time."""
        p = ValueOf(subject="s", quantity="count", point=3, by="by June 2024")
        events = log(self.value("a", "2024-06-30", 3), complete="2024-12-31")
        assert at(p, events, "2024-12-31").status is YES

    def test_reports_after_due_date_ignored(self) -> None:
        """Only values reported by the due date count."""
        p = ValueOf(subject="s", quantity="count", point=3, by="by June 2024")
        events = log(self.value("a", "2024-03-01", 3), self.value("b", "2024-09-01", 9))
        assert at(p, events, "2024-12-31").status is YES

    def test_missing_value_on_complete_log(self) -> None:
        """No value by the due date although the log is complete: AMBIGUOUS after it."""
        p = ValueOf(subject="s", quantity="count", point=3, by="by June 2024")
        r = at(p, log(complete="2024-12-31"), "2024-12-31")
        assert (r.status, r.decided_on) == (AMBIGUOUS, D("2024-07-01"))
        assert at(p, log(), "2024-12-31").status is PENDING

    def test_missing_value_with_log_complete_exactly_through_the_due_date(self) -> None:
        """A log complete through the due date's last day itself is complete enough."""
        p = ValueOf(subject="s", quantity="count", point=3, by="by June 2024")
        r = at(p, log(complete="2024-06-30"), "2024-12-31")
        assert (r.status, r.decided_on) == (AMBIGUOUS, D("2024-07-01"))
        assert at(p, log(complete="2024-06-29"), "2024-12-31").status is PENDING


def _leaf(status: Status) -> Proposition:
    """A proposition with the given status as of 2024-12-31 against LOGIC."""
    leaves: dict[Status, Proposition] = {
        YES: occurs(kind="yes"),
        NO: occurs(kind="no"),
        PENDING: occurs(None, kind="pending"),
        AMBIGUOUS: occurs(kind="ambiguous"),
        ANNULLED: If(condition=occurs(kind="no"), then=occurs(kind="yes")),
    }
    return leaves[status]


LOGIC = log(
    ev("y", "2024-03-01", kind="yes"),
    ev("y2", "2024-05-01", kind="yes-later"),
    ev("a1", "2024-02-01", kind="ambiguous"),
    ev("a2", "2024-04-01", kind="ambiguous"),
    complete="2024-12-31",
)


class TestLogic:
    """not / all / any / if, with PENDING as unknown."""

    def test_leaves(self) -> None:
        """The helper leaves have the statuses they are named after."""
        for status in Status:
            assert at(_leaf(status), LOGIC, "2024-12-31").status is status

    def test_not(self) -> None:
        """Not swaps YES and NO and keeps the rest, with the same decision day."""
        r = at(Not(proposition=_leaf(YES)), LOGIC, "2024-12-31")
        assert (r.status, r.decided_on) == (NO, D("2024-03-01"))
        for status in (PENDING, AMBIGUOUS, ANNULLED):
            assert at(Not(proposition=_leaf(status)), LOGIC, "2024-12-31").status is status

    def test_all_no_is_earliest_no(self) -> None:
        """All is NO as soon as one part is NO, even with others unknown."""
        r = at(
            AllOf(propositions=[_leaf(PENDING), _leaf(NO), _leaf(AMBIGUOUS)]), LOGIC, "2024-12-31"
        )
        assert (r.status, r.decided_on) == (NO, D("2024-07-01"))

    def test_all_yes_is_latest_yes(self) -> None:
        """All is YES when every part is, known when the last one was."""
        p = AllOf(propositions=[_leaf(YES), occurs(kind="yes-later")])
        r = at(p, LOGIC, "2024-12-31")
        assert (r.status, r.decided_on, [e.id for e in r.events]) == (
            YES,
            D("2024-05-01"),
            ["y", "y2"],
        )

    def test_all_unknown(self) -> None:
        """A pending part keeps All pending; with only ambiguous unknowns it is AMBIGUOUS."""
        assert (
            at(AllOf(propositions=[_leaf(YES), _leaf(PENDING)]), LOGIC, "2024-12-31").status
            is PENDING
        )
        assert (
            at(AllOf(propositions=[_leaf(YES), _leaf(AMBIGUOUS)]), LOGIC, "2024-12-31").status
            is AMBIGUOUS
        )
        assert (
            at(AllOf(propositions=[_leaf(AMBIGUOUS), _leaf(PENDING)]), LOGIC, "2024-12-31").status
            is PENDING
        )

    @pytest.mark.parametrize("compound", [AllOf, AnyOf])
    def test_two_ambiguous_parts(self, compound: type[AllOf] | type[AnyOf]) -> None:
        """All/Any of two AMBIGUOUS parts is AMBIGUOUS, known when the later one was, citing both."""
        events = log(
            ev("a1", "2024-02-01", kind="early"),
            ev("a2", "2024-03-01", kind="early"),
            ev("b1", "2024-04-01", kind="late"),
            ev("b2", "2024-05-01", kind="late"),
        )
        parts = [occurs(kind="early"), occurs(kind="late")]
        assert [at(q, events, "2024-12-31").decided_on for q in parts] == [
            D("2024-03-01"),
            D("2024-05-01"),
        ]
        r = at(compound(propositions=parts), events, "2024-12-31")
        assert (r.status, r.decided_on) == (AMBIGUOUS, D("2024-05-01"))
        assert [e.id for e in r.events] == ["a1", "a2", "b1", "b2"]
        assert "part 1 is AMBIGUOUS" in r.reason
        assert "part 2 is AMBIGUOUS" in r.reason
        assert at(compound(propositions=parts), events, "2024-04-30").status is PENDING

    @pytest.mark.parametrize("compound", [AllOf, AnyOf])
    def test_ambiguous_outranks_annulled(self, compound: type[AllOf] | type[AnyOf]) -> None:
        """Undecidable parts, one AMBIGUOUS and one ANNULLED, make the whole AMBIGUOUS."""
        parts = [_leaf(ANNULLED), _leaf(AMBIGUOUS)]
        r = at(compound(propositions=parts), LOGIC, "2024-12-31")
        assert r.status is AMBIGUOUS
        assert "part 2 is AMBIGUOUS" in r.reason
        assert "part 1" not in r.reason
        both = at(compound(propositions=[_leaf(ANNULLED), _leaf(ANNULLED)]), LOGIC, "2024-12-31")
        assert both.status is ANNULLED

    def test_any(self) -> None:
        """Any is YES at the earliest YES, NO when every part is NO."""
        r = at(
            AnyOf(propositions=[_leaf(PENDING), occurs(kind="yes-later"), _leaf(YES)]),
            LOGIC,
            "2024-12-31",
        )
        assert (r.status, r.decided_on) == (YES, D("2024-03-01"))
        r = at(AnyOf(propositions=[_leaf(NO), occurs(kind="none")]), LOGIC, "2024-12-31")
        assert (r.status, r.decided_on) == (NO, D("2024-07-01"))
        assert (
            at(AnyOf(propositions=[_leaf(NO), _leaf(AMBIGUOUS)]), LOGIC, "2024-12-31").status
            is AMBIGUOUS
        )

    def test_if_annulled(self) -> None:
        """A conditional whose condition is NO is ANNULLED, decided when the condition was."""
        r = at(If(condition=_leaf(NO), then=_leaf(YES)), LOGIC, "2024-12-31")
        assert (r.status, r.decided_on) == (ANNULLED, D("2024-07-01"))

    def test_if_condition_holds(self) -> None:
        """A condition that holds hands the answer to the consequent."""
        r = at(If(condition=_leaf(YES), then=_leaf(NO)), LOGIC, "2024-12-31")
        assert (r.status, r.decided_on) == (NO, D("2024-07-01"))
        assert (
            at(If(condition=_leaf(YES), then=_leaf(PENDING)), LOGIC, "2024-12-31").status is PENDING
        )

    def test_if_condition_unknown(self) -> None:
        """An undecided condition keeps it PENDING; an ambiguous one makes it AMBIGUOUS."""
        assert (
            at(If(condition=_leaf(PENDING), then=_leaf(YES)), LOGIC, "2024-12-31").status is PENDING
        )
        assert (
            at(If(condition=_leaf(AMBIGUOUS), then=_leaf(YES)), LOGIC, "2024-12-31").status
            is AMBIGUOUS
        )

    def test_open_ended_flag_spreads(self) -> None:
        """A compound with an open-ended part is flagged open-ended."""
        assert at(Not(proposition=occurs(None)), LOGIC, "2024-12-31").open_ended


def _prediction(
    id: str, proposition: Proposition | None, stated: str = "2024-01-10", **kw: AnyType
) -> Prediction:
    if proposition is None and "unscorable" not in kw:
        kw["unscorable"] = "no proposition"
    confidence = None if "unscorable" in kw else Confidence(probability=0.5)
    return Prediction(
        id=id,
        source="src",
        quote="q",
        stated=DateWindow.parse(stated),
        proposition=proposition,
        confidence=confidence,
        **kw,
    )


def _ledger(*predictions: Prediction, events: EventLog | None = None) -> Ledger:
    return Ledger(
        sources=[Source(id="src", name="Src")], predictions=predictions, log=events or log()
    )


class TestResolvePrediction:
    """One prediction, read against its statement date."""

    def test_anchor_is_stated(self) -> None:
        """Relative phrases are read against the prediction's statement date."""
        p = _prediction("p", occurs("by the end of this year"), stated="2023-05-01")
        r = resolve_prediction(
            p, log(ev("e", "2024-03-01"), complete="2024-12-31"), D("2024-12-31")
        )
        assert (r.status, r.decided_on) == (NO, D("2024-01-01"))

    def test_no_proposition(self) -> None:
        """A prediction without a proposition cannot be resolved."""
        with pytest.raises(ValueError, match="records no proposition"):
            resolve_prediction(_prediction("p", None), log(), D("2024-12-31"))


class TestResolveLedger:
    """Every prediction of a ledger in one call."""

    def test_every_prediction_with_a_proposition(self) -> None:
        """Unscorable predictions with a proposition are resolved; those without are left out."""
        ledger = _ledger(
            _prediction("a", occurs()),
            _prediction("b", occurs(), unscorable="too vague"),
            _prediction("c", None),
            events=log(ev("e", "2024-03-01")),
        )
        results = resolve_ledger(ledger, D("2024-12-31"))
        assert list(results) == ["a", "b"]
        assert results["a"] == resolve_prediction(
            ledger.predictions[0], ledger.log, D("2024-12-31")
        )

    def test_bad_periods_listed(self) -> None:
        """Every period that cannot be resolved is reported at once, with its path and phrase, before resolution."""
        backwards = HoldsThroughout(state="st", start="2024-05-01", end="2024-02-01")
        with pytest.raises(LedgerError) as info:  # caught when the ledger is built
            _ledger(
                _prediction("a", backwards),
                _prediction("b", Not(proposition=AllOf(propositions=[occurs(), backwards]))),
            )
        paths = [p.path for p in info.value.problems]
        assert paths == [
            "$.predictions[0].proposition.end",
            "$.predictions[1].proposition.proposition.propositions[1].end",
        ]
        assert "'2024-02-01'" in info.value.problems[1].message


# --- properties ---------------------------------------------------------------

BASE = dt.date(2024, 1, 1)
SPAN = 60
STATES = ("st", "su")


def _iso(n: int) -> str:
    return (BASE + dt.timedelta(days=n)).isoformat()


days = st.integers(0, SPAN)
as_of_days = st.integers(-5, SPAN + 40)
#: The log's completeness in the complete logs: past every horizon the leaves name (the
#: latest is a 'holds throughout' end, day SPAN + 20) and every event's window end.
COMPLETE = SPAN + 30
#: The last as-of day the monotonicity property looks at: past COMPLETE, so every
#: decision a complete log allows (at most the day after a horizon) has been made.
LAST_AS_OF = SPAN + 39


def _day(n: int) -> dt.date:
    return BASE + dt.timedelta(days=n)


def _completeness(draw: st.DrawFn, complete: bool) -> dt.date:
    """COMPLETE, or (one time in four, unless ``complete``) a day inside the span."""
    partial = not complete and draw(st.sampled_from([False, False, False, True]))
    return _day(draw(days) if partial else COMPLETE)


@st.composite
def event_logs(draw: st.DrawFn, complete: bool = False) -> EventLog:
    """Small logs over a 60-day span, dense enough that most rules fire.

    Most are complete through COMPLETE, for every subject; with ``complete=True`` all are.
    """
    n = draw(st.integers(0, 8))
    events = []
    for i in range(n):
        start = draw(days)
        width = draw(st.sampled_from([0, 0, 0, 3, 10]))
        window = DateWindow(
            BASE + dt.timedelta(days=start), BASE + dt.timedelta(days=start + width)
        )
        kind = draw(st.sampled_from(["k", "k", "m", "q"]))
        events.append(
            Event(
                id=f"e{i}",
                subject=draw(st.sampled_from(["a", "a", "b"])),
                kind=kind,
                date=window,
                occurred=kind == "q" or draw(st.sampled_from([True, True, True, False])),
                starts=draw(st.lists(st.sampled_from(STATES), max_size=1)),
                ends=draw(st.lists(st.sampled_from(STATES), max_size=1)),
                value=draw(st.sampled_from([1.0, 2.0])) if kind == "q" else None,
            )
        )
    unknown = not complete and draw(st.sampled_from([False, False, False, False, True]))
    completeness = None if unknown else _completeness(draw, complete)
    keys = draw(st.lists(st.sampled_from(["a", "b", *STATES]), max_size=2, unique=True))
    subjects = {key: _completeness(draw, complete) for key in keys}
    return EventLog(events=events, complete_through=completeness, subjects=subjects)


def _leaves(bounded: bool = False) -> st.SearchStrategy[Proposition]:
    """Leaves of every type; with ``bounded=True`` each has a horizon (no open-ended one)."""
    subjects = st.sampled_from(["a", "a", "b"])
    kinds = st.sampled_from(["k", "k", "m"])
    some = [] if bounded else [None]
    deadline = days.map(_iso) | st.sampled_from(["by February 2024", "before March 2024", *some])
    return st.one_of(
        st.builds(Occurs, subject=subjects, kind=kinds, deadline=deadline),
        st.builds(HoldsAt, state=st.sampled_from(STATES), date=days.map(_iso)),
        st.tuples(days, st.integers(0, 20)).flatmap(
            lambda t: st.builds(
                HoldsThroughout,
                state=st.sampled_from(STATES),
                start=st.just(_iso(t[0])),
                end=st.just(_iso(t[0] + t[1])),
            )
        ),
        st.builds(
            DateOf,
            subject=subjects,
            kind=kinds,
            point=days.map(_iso),
            earliest=st.none() | st.just("2024-01-15"),
            latest=st.sampled_from(["2024-02-10", "2024-02-10", *some]),
        ),
        st.builds(
            ValueOf,
            subject=subjects,
            quantity=st.just("q"),
            point=st.just(1.0),
            by=st.sampled_from(["2024-02-01", "2024-02-01", *some]),
        ),
    )


def _compounds(leaves: st.SearchStrategy[Proposition]) -> st.SearchStrategy[Proposition]:
    return st.recursive(
        leaves,
        lambda inner: st.one_of(
            st.builds(Not, proposition=inner),
            st.builds(AllOf, propositions=st.lists(inner, min_size=1, max_size=3)),
            st.builds(AnyOf, propositions=st.lists(inner, min_size=1, max_size=3)),
            st.builds(If, condition=inner, then=inner),
        ),
        max_leaves=4,
    )


propositions: st.SearchStrategy[Proposition] = _compounds(_leaves())
#: Propositions that a complete log decides by LAST_AS_OF: every leaf has a horizon.
bounded_propositions: st.SearchStrategy[Proposition] = _compounds(_leaves(bounded=True))

KLEENE_VALUE = {YES: True, NO: False}


def _kleene(values: list[Status], decisive: bool) -> Status:
    """Reference three-valued and (decisive=False) / or (decisive=True) over statuses."""
    known = [KLEENE_VALUE.get(s) for s in values]
    if decisive in known:
        return YES if decisive else NO
    if all(k is not None for k in known):
        return NO if decisive else YES
    if PENDING in values:
        return PENDING
    return AMBIGUOUS if AMBIGUOUS in values else ANNULLED


class TestProperties:
    """Invariants over generated logs and propositions."""

    @given(propositions, event_logs())
    def test_monotone_in_as_of(self, proposition: Proposition, events: EventLog) -> None:
        """Once decided, the status and the decision day never change as the as-of date moves on."""
        decided: Resolution | None = None
        for n in range(-1, SPAN + 40, 3):
            r = resolve(proposition, events, BASE + dt.timedelta(days=n), anchor=ANCHOR)
            if decided is not None:
                assert (r.status, r.decided_on) == (decided.status, decided.decided_on)
            elif r.status.decided:
                decided = r
        event(f"decided: {decided is not None}")

    @given(bounded_propositions, event_logs(complete=True))
    def test_monotone_in_as_of_every_case_decided(
        self, proposition: Proposition, events: EventLog
    ) -> None:
        """With horizons and a complete log every case is decided, then never changes."""
        decided: Resolution | None = None
        for n in [*range(-1, LAST_AS_OF, 3), LAST_AS_OF]:
            r = resolve(proposition, events, _day(n), anchor=ANCHOR)
            if decided is not None:
                assert (r.status, r.decided_on) == (decided.status, decided.decided_on)
            elif r.status.decided:
                decided = r
        assert decided is not None, "a complete log decides every bounded proposition"
        event(f"final status: {decided.status}")

    @given(propositions, event_logs(), as_of_days)
    def test_decided_only_on_visible_evidence(
        self, proposition: Proposition, events: EventLog, n: int
    ) -> None:
        """A decision is dated no later than the as-of date and rests on events known by then.

        The events that happened are dated no later than the decision; a "had not
        happened" report (``occurred = false``) listed beside a NO the log's completeness
        decided may be later than the decision, but never later than the as-of date.
        """
        r = resolve(proposition, events, BASE + dt.timedelta(days=n), anchor=ANCHOR)
        assert (r.decided_on is None) == (r.status is PENDING)
        if r.decided_on is not None:
            assert r.decided_on <= r.as_of
            assert all(e.date.end <= r.decided_on for e in r.events if e.occurred)
            assert all(e.date.end <= r.as_of for e in r.events)

    @given(propositions, event_logs(), as_of_days, st.randoms(use_true_random=False))
    def test_independent_of_event_order(
        self, proposition: Proposition, events: EventLog, n: int, rng: AnyType
    ) -> None:
        """Shuffling the log's events changes nothing."""
        shuffled = list(events.events)
        rng.shuffle(shuffled)
        other = EventLog(
            events=shuffled, complete_through=events.complete_through, subjects=events.subjects
        )
        as_of = BASE + dt.timedelta(days=n)
        assert resolve(proposition, events, as_of, anchor=ANCHOR) == resolve(
            proposition, other, as_of, anchor=ANCHOR
        )

    @given(st.lists(propositions, min_size=1, max_size=3), event_logs(), as_of_days)
    def test_kleene(self, parts: list[Proposition], events: EventLog, n: int) -> None:
        """not / all / any follow three-valued logic, with PENDING as unknown."""
        as_of = BASE + dt.timedelta(days=n)
        statuses = [resolve(p, events, as_of, anchor=ANCHOR).status for p in parts]
        assert resolve(AllOf(propositions=parts), events, as_of, anchor=ANCHOR).status is _kleene(
            statuses, False
        )
        assert resolve(AnyOf(propositions=parts), events, as_of, anchor=ANCHOR).status is _kleene(
            statuses, True
        )
        swapped = {YES: NO, NO: YES}.get(statuses[0], statuses[0])
        assert resolve(Not(proposition=parts[0]), events, as_of, anchor=ANCHOR).status is swapped

    @given(
        st.sampled_from(
            ["by February 2024", "before March 2024", "2024-01-20", "until 2024-02-15"]
        ),
        event_logs(),
        as_of_days,
    )
    def test_deadline_never_no_early(self, phrase: str, events: EventLog, n: int) -> None:
        """A deadline never resolves NO before its last day has passed."""
        deadline = parse_deadline(phrase, ANCHOR)
        for kind in ("k", "m"):
            r = resolve(
                occurs(phrase, subject="a", kind=kind),
                events,
                BASE + dt.timedelta(days=n),
                anchor=ANCHOR,
            )
            if r.status is NO:
                assert r.decided_on is not None
                assert r.decided_on > deadline.last_day
                assert r.as_of > deadline.last_day
                if deadline.inclusive:
                    assert r.decided_on > deadline.window.end


# --- acceptance: the Karabakh case --------------------------------------------


@pytest.fixture(scope="module")
def karabakh() -> Ledger:
    return files.load(KARABAKH)


class TestKarabakh:
    """fixtures/karabakh as of 2026-02-07, and as of 2024-01-01."""

    AS_OF = D("2026-02-07")

    def test_niculescu_withdrawal(self, karabakh: Ledger) -> None:
        """Withdrawal by November 2025: YES, decided 2024-06-12."""
        r = resolve_ledger(karabakh, self.AS_OF)["niculescu-withdrawal-by-2025-11"]
        assert (r.status, r.decided_on) == (YES, D("2024-06-12"))
        assert [e.id for e in r.events] == ["withdrawal-complete-2024"]
        assert r.reason.startswith(
            "'withdrawal-complete' event for russian-contingent-karabakh on 2024-06-12, "
            "before the deadline 2025-11-30"
        )

    def test_niculescu_treaty(self, karabakh: Ledger) -> None:
        """Treaty signed until November 2025: NO, known the day after the deadline window."""
        r = resolve_ledger(karabakh, self.AS_OF)["niculescu-treaty-by-2025-11"]
        assert (r.status, r.decided_on) == (NO, D("2025-12-01"))
        assert (
            resolve_ledger(karabakh, D("2025-11-30"))["niculescu-treaty-by-2025-11"].status
            is PENDING
        )

    def test_amashov_eventual(self, karabakh: Ledger) -> None:
        """'Eventually pull out': YES, decided 2024-06-12, open-ended."""
        r = resolve_ledger(karabakh, self.AS_OF)["amashov-eventual-withdrawal"]
        assert (r.status, r.decided_on, r.open_ended) == (YES, D("2024-06-12"), True)

    def test_verdiev_date(self, karabakh: Ledger) -> None:
        """End of September 2024: YES, decided 2024-06-12, error −110 days against 2024-09-30."""
        r = resolve_ledger(karabakh, self.AS_OF)["verdiev-withdrawal-complete-2024-09"]
        assert (r.status, r.decided_on) == (YES, D("2024-06-12"))
        assert (r.forecast_date, r.realised_date, r.error) == (
            D("2024-09-30"),
            D("2024-06-12"),
            -110,
        )
        assert (r.absolute_error, r.covered) == (110, True)

    def test_orujlu_no_treaty(self, karabakh: Ledger) -> None:
        """No treaty 'at least this year' (2024): YES, known 2025-01-01, the first day after 2024."""
        r = resolve_ledger(karabakh, self.AS_OF)["orujlu-no-treaty-2024"]
        assert (r.status, r.decided_on) == (YES, D("2025-01-01"))
        assert resolve_ledger(karabakh, D("2024-12-31"))["orujlu-no-treaty-2024"].status is PENDING

    def test_pritchin_never(self, karabakh: Ledger) -> None:
        """'Never return': PENDING, open-ended."""
        r = resolve_ledger(karabakh, self.AS_OF)["pritchin-never-return"]
        assert (r.status, r.open_ended) == (PENDING, True)

    def test_niculescu_stay(self, karabakh: Ledger) -> None:
        """Peacekeepers still there on 2025-12-01: NO, the contingent left on 2024-06-12."""
        r = resolve_ledger(karabakh, self.AS_OF)["niculescu-stay-beyond-2025-11"]
        assert (r.status, r.decided_on, [e.id for e in r.events]) == (
            NO,
            D("2025-12-01"),
            ["withdrawal-complete-2024"],
        )

    def test_all_pending_on_new_year_2024(self, karabakh: Ledger) -> None:
        """As of 2024-01-01 every acceptance prediction is PENDING."""
        results = resolve_ledger(karabakh, D("2024-01-01"))
        for pid in (
            "niculescu-withdrawal-by-2025-11",
            "niculescu-treaty-by-2025-11",
            "amashov-eventual-withdrawal",
            "verdiev-withdrawal-complete-2024-09",
            "orujlu-no-treaty-2024",
            "pritchin-never-return",
        ):
            assert results[pid].status is PENDING, pid

    def test_every_prediction_with_proposition_resolved(self, karabakh: Ledger) -> None:
        """Every prediction that records a proposition gets a resolution."""
        results = resolve_ledger(karabakh, self.AS_OF)
        assert set(results) == {p.id for p in karabakh.predictions if p.proposition is not None}


# --- the calendar's ends --------------------------------------------------------

EDGE_SPAN = 60
LOW, HIGH = dt.date.min, dt.date.max - dt.timedelta(days=EDGE_SPAN)


def _edge_day(base: dt.date, n: int) -> dt.date:
    return base + dt.timedelta(days=n)


@st.composite
def edge_cases(draw: st.DrawFn, base: dt.date) -> tuple[Proposition, EventLog, DateWindow, dt.date]:
    """A proposition, a log, a statement date and an as-of date in the 60 days from ``base``."""
    offsets = st.integers(0, EDGE_SPAN)
    events = []
    for i in range(draw(st.integers(0, 6))):
        start = draw(offsets)
        end = min(EDGE_SPAN, start + draw(st.sampled_from([0, 0, 3, 30])))
        kind = draw(st.sampled_from(["k", "k", "q"]))
        events.append(
            Event(
                id=f"e{i}",
                subject="a",
                kind=kind,
                date=DateWindow(_edge_day(base, start), _edge_day(base, end)),
                occurred=kind == "q" or draw(st.booleans()),
                starts=draw(st.lists(st.just("st"), max_size=1)),
                ends=draw(st.lists(st.just("st"), max_size=1)),
                value=1.0 if kind == "q" else None,
            )
        )
    ends = st.sampled_from([None, dt.date.max, dt.date.max, dt.date.max])
    complete = draw(ends | offsets.map(lambda n: _edge_day(base, n)))
    events_log = EventLog(events=events, complete_through=complete)
    iso = offsets.map(lambda n: _edge_day(base, n).isoformat())
    year = str(base.year).zfill(4)
    phrases = st.one_of(
        st.sampled_from([f"by {year}", f"by the end of {year}", year, "within 30 days"]),
        st.sampled_from([f"by {year}", year]),
        iso,
        iso.map(lambda d: f"before {d}"),
    )
    leaf = st.one_of(
        st.builds(Occurs, subject=st.just("a"), kind=st.just("k"), deadline=st.none() | phrases),
        st.builds(HoldsAt, state=st.just("st"), date=phrases),
        st.builds(HoldsThroughout, state=st.just("st"), start=phrases, end=phrases),
        st.builds(
            DateOf,
            subject=st.just("a"),
            kind=st.just("k"),
            point=phrases,
            earliest=st.none() | phrases,
            latest=st.none() | phrases,
        ),
        st.builds(
            ValueOf, subject=st.just("a"), quantity=st.just("q"), point=st.just(1.0), by=phrases
        ),
    )
    proposition = draw(
        st.recursive(
            leaf,
            lambda inner: st.one_of(
                st.builds(Not, proposition=inner),
                st.builds(AllOf, propositions=st.lists(inner, min_size=1, max_size=2)),
                st.builds(If, condition=inner, then=inner),
            ),
            max_leaves=3,
        )
    )
    anchor = DateWindow.day(_edge_day(base, draw(offsets)))
    as_of = draw(
        st.sampled_from([dt.date.max, dt.date.max]) | offsets.map(lambda n: _edge_day(base, n))
    )
    return proposition, events_log, anchor, as_of


class TestCalendarEnds:
    """Resolution near 0001-01-01 and 9999-12-31: an answer or a DeadlineError, never an overflow."""

    @pytest.mark.parametrize("base", [LOW, HIGH], ids=["first-days", "last-days"])
    @given(data=st.data())
    def test_never_overflows(self, base: dt.date, data: st.DataObject) -> None:
        """Every proposition resolves or raises DeadlineError, as of any day up to 9999-12-31."""
        proposition, events, anchor, as_of = data.draw(edge_cases(base))
        try:
            r = resolve(proposition, events, as_of, anchor=anchor)
        except DeadlineError:
            return
        assert (r.decided_on is None) == (r.status is PENDING)
        if r.decided_on is not None:
            assert r.decided_on <= as_of

    def test_deadline_on_the_last_day(self) -> None:
        """'by 9999' on a log complete through 9999-12-31 stays PENDING: NO is known only after."""
        events = EventLog(complete_through=dt.date.max)
        for p in (occurs("by 9999"), ValueOf(subject="s", quantity="q", point=1.0, by="9999")):
            r = resolve(p, events, dt.date.max, anchor=ANCHOR)
            assert r.status is PENDING
            assert "9999-12-31" in r.reason

    def test_not_happened_report_on_the_last_day(self) -> None:
        """A 'had not happened' report dated 9999-12-31 cannot decide a 9999 deadline either."""
        events = log(ev("n", "9999-12-31", occurred=False))
        assert resolve(occurs("by 9999"), events, dt.date.max, anchor=ANCHOR).status is PENDING
        assert resolve(occurs("by 9998"), events, dt.date.max, anchor=ANCHOR).status is NO

    def test_report_as_of_the_last_day(self, tmp_path: Path, capsys: AnyType) -> None:
        """`report --as-of 9999-12-31` on a 'by 9999' ledger prints the call as PENDING."""
        from forecastcheck.cli import main

        ledger = _ledger(
            _prediction("p", occurs("by 9999")), events=EventLog(complete_through=dt.date.max)
        )
        path = files.save(ledger, tmp_path / "l.toml")
        assert main(["check", str(path)]) == 0
        assert main(["report", str(path), "--as-of", "9999-12-31", "--bootstrap", "0"]) == 0
        assert "[PENDING] p" in capsys.readouterr().out


# --- the resolver object ----------------------------------------------------------


@attrs.frozen(kw_only=True)
class _WatchedLog(EventLog):
    """An event log that records whether the garbage collector ran while it was asked."""

    seen: list[bool] = attrs.field(factory=list, eq=False, hash=False)

    def complete_for(self, subject: str) -> dt.date | None:
        self.seen.append(gc.isenabled())
        return super().complete_for(subject)


class TestResolver:
    """An explicit Resolver holds the index; the module keeps nothing and changes nothing."""

    def test_resolve_ledger_leaves_the_garbage_collector_alone(self) -> None:
        """resolve_ledger never turns the process's garbage collector off, even while it runs."""
        events = _WatchedLog(events=[ev("e", "2024-03-01")], complete_through=D("2024-12-31"))
        ledger = _ledger(_prediction("a", occurs("by February 2024")), events=events)
        assert gc.isenabled()
        assert resolve_ledger(ledger, D("2024-12-31"))["a"].status is NO
        assert events.seen == [True]

    def test_no_log_is_kept_after_a_call(self) -> None:
        """resolve() keeps no reference to the log it was given: no module-level cache."""
        events = log(ev("e", "2024-03-01"))
        ref = weakref.ref(events)
        assert at(occurs(), events, "2024-12-31").status is YES
        del events
        gc.collect()
        assert ref() is None

    def test_a_kept_resolver_answers_as_the_functions_do(self) -> None:
        """Resolver(log).resolve / resolve_prediction / resolve_all equal the module functions."""
        ledger = _ledger(
            _prediction("a", occurs()),
            _prediction("b", occurs("by March 2024"), stated="2023-12-01"),
            _prediction("c", None),
            events=log(ev("e", "2024-03-01"), complete="2024-12-31"),
        )
        resolver = Resolver(ledger.log)
        assert resolver.log is ledger.log
        as_of = D("2024-12-31")
        for _ in range(2):  # a kept resolver answers the same the second time
            assert resolver.resolve_all(ledger.predictions, as_of) == resolve_ledger(ledger, as_of)
            p = ledger.predictions[1]
            assert resolver.resolve_prediction(p, as_of) == resolve_prediction(p, ledger.log, as_of)
            assert resolver.resolve(occurs(), as_of, anchor=ANCHOR.start) == at(
                occurs(), ledger.log, "2024-12-31"
            )
        with pytest.raises(ValueError, match="records no proposition"):
            resolver.resolve_prediction(ledger.predictions[2], as_of)

    def test_resolvers_of_equal_logs_are_independent(self) -> None:
        """Two logs that are equal but distinct objects each get their own answer."""
        one, other = log(ev("e", "2024-03-01")), log(ev("e", "2024-08-01"))
        assert at(occurs(), one, "2024-12-31").status is YES
        assert at(occurs(), other, "2024-12-31").status is PENDING
        assert at(occurs(), one, "2024-12-31").status is YES


class TestDeadlineBeforeTheStatement:
    """A question whose last day is before the statement date is refused when the ledger is built."""

    @pytest.mark.parametrize(
        ("proposition", "field"),
        [
            (occurs("by 2020"), "deadline"),
            (ValueOf(subject="s", quantity="q", point=1.0, by="before 2022"), "by"),
            (HoldsAt(state="st", date="2021-12-31"), "date"),
            (HoldsThroughout(state="st", start="2019", end="by 2020"), "end"),
            (DateOf(subject="s", kind="k", point="2020", latest="by 2021"), "latest"),
            (DateOf(subject="s", kind="k", point="2021"), "point"),
        ],
    )
    def test_past_question_is_a_located_problem(self, proposition: Proposition, field: str) -> None:
        """Each field that ends the question, ending before 2022-07-14, is named with its day."""
        with pytest.raises(LedgerError) as info:
            _ledger(_prediction("p", Not(proposition=proposition), stated="2022-07-14"))
        [problem] = info.value.problems
        assert problem.path == f"$.predictions[0].proposition.proposition.{field}"
        assert "before the statement date (2022-07-14)" in problem.message

    @pytest.mark.parametrize(
        "proposition",
        [
            occurs("by 2022-07-14"),
            occurs("by 2022"),
            occurs(None),
            HoldsAt(state="st", date="2022-07-14"),
            DateOf(subject="s", kind="k", point="2020", latest="by 2023"),
        ],
    )
    def test_on_or_after_the_statement_is_accepted(self, proposition: Proposition) -> None:
        """A question ending on the statement date or later, or open-ended, is accepted."""
        _ledger(_prediction("p", proposition, stated="2022-07-14"))

    def test_uncertain_statement_date_is_measured_from_its_start(self) -> None:
        """With a statement window, only a question ending before the window's start is refused."""
        _ledger(_prediction("p", occurs("by 2022-07-14"), stated="2022-07"))
        with pytest.raises(LedgerError):
            _ledger(_prediction("p", occurs("by 2022-06-30"), stated="2022-07"))

    def test_check_names_file_record_and_field(self, tmp_path: Path, capsys: AnyType) -> None:
        """`forecastcheck check` reports it as file: $.predictions[i].proposition.deadline, exit 1."""
        from forecastcheck.cli import main

        good = _ledger(_prediction("p", occurs("by 2025"), stated="2022-07-14"))
        path = files.save(good, tmp_path / "l.toml")
        path.write_text(path.read_text().replace("by 2025", "by 2020"))
        assert main(["check", str(path)]) == 1
        err = capsys.readouterr().err
        assert "l.toml: $.predictions[0].proposition.deadline: deadline 'by 2020' ends" in err
        assert "(2020-12-31) before the statement date (2022-07-14)" in err


# Every public name of the former forecastcheck.resolve and forecastcheck.timeline modules.
NAMES_BEFORE = {
    *("Conflict", "Reports", "Resolution", "Resolver", "StateLine", "Status", "Timeline"),
    *("Timing", "resolve", "resolve_ledger", "resolve_prediction", "statement_timing"),
}


def test_namespace_holds_every_former_name() -> None:
    """``forecastcheck.resolution`` exports every public name of the former resolve and timeline modules."""
    import forecastcheck.resolution

    # and, since, the mapping resolve_ledger returns
    assert set(forecastcheck.resolution.__all__) == NAMES_BEFORE | {"Resolutions"}


def test_root_resolve_is_the_function() -> None:
    """``forecastcheck.resolve`` is the function and ``forecastcheck.resolution`` the package."""
    import forecastcheck
    import forecastcheck.resolution

    assert forecastcheck.resolve is forecastcheck.resolution.resolve
    assert forecastcheck.resolution.__name__ == "forecastcheck.resolution"
    assert "resolution" in forecastcheck.__all__
