"""The resolver: every proposition decided against the event log, as of a date.

A proposition is answered by the events of an :class:`~forecastcheck.ledger.EventLog`.
The answer depends on the date you ask: as of January 2024 nothing about the
Karabakh withdrawal was decided; by June 2024 much was. :func:`resolve` gives a
:class:`Resolution`: the :class:`Status`, the day the outcome became known, the
events that decided it and a one-line reason a person can read.

How it works. Each simple proposition (occurs, holds at, holds throughout,
date of, value of) is decided over the *whole* record: the record fixes the
outcome and the day it became known (``decided_on``). Resolving as of a date
then shows that outcome if it was known by then, and PENDING otherwise. So a
resolution never flips or reverts as the as-of date moves on, and a question is
never decided on an event that was not yet visible (an event is visible from
the last day of its date window). ``not`` / ``all`` / ``any`` combine the
as-of answers of their parts in three-valued (Kleene) logic. The rules are
described, with examples, in ``docs/resolution.md``.

Deadlines and dates inside propositions are kept as written and read here,
relative to the statement date (the *anchor*), with
:mod:`forecastcheck.ledger.deadlines`; each distinct (phrase, anchor) is read once. The
event log is indexed for these questions by
:mod:`forecastcheck.resolution.timeline`; the rules themselves are in
:mod:`~forecastcheck.resolution.leaves`, :mod:`~forecastcheck.resolution.estimates`
and :mod:`~forecastcheck.resolution.logic`. This module holds the
:class:`Resolver` that dispatches to them, and the module-level functions.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

# Same shape as in strategies.py, __init__.py: an import list; each module imports the names it uses
# (intentional).
from forecastcheck import _collector
from forecastcheck.ledger import (
    AllOf,
    Anchor,
    AnyOf,
    DateOf,
    DateWindow,
    EventLog,
    HoldsAt,
    HoldsThroughout,
    If,
    Ledger,
    Not,
    Occurs,
    Prediction,
    Proposition,
    Readings,
    ValueOf,
)
from forecastcheck.resolution import _columns, anchored, estimates, leaves, logic
from forecastcheck.resolution.outcomes import Resolution, Resolutions, Status, Timing
from forecastcheck.resolution.timeline import Timeline

__all__ = [
    "Resolver",
    "resolve",
    "resolve_ledger",
    "resolve_prediction",
    "statement_timing",
]

_MAX = dt.date.max


def statement_timing(stated: DateWindow, resolution: Resolution) -> tuple[Timing, str] | None:
    """Whether a call was stated after the event, or the report, that decided it.

    Only a decided YES or NO is judged. The outcome became known on
    ``resolution.decided_on`` (the last day of the deciding event's or
    report's date window) and may have been settled from
    ``resolution.settled_from`` (its first day).

    Args:
        stated: when the call was made.
        resolution: its resolution.

    Returns:
        ``(Timing.AFTER_THE_FACT, why)`` when ``stated`` starts on or after
        ``decided_on``; ``(Timing.MAY_BE_AFTER_THE_FACT, why)`` when it starts
        before but ends on or after ``settled_from``; otherwise ``None``.

    .. versionadded:: 0.1
    """
    known = resolution.decided_on
    if resolution.status not in (Status.YES, Status.NO) or known is None:
        return None
    settled = known if resolution.settled_from is None else resolution.settled_from
    if stated.start >= known:
        return Timing.AFTER_THE_FACT, (
            f"stated {stated}, on or after the outcome ({resolution.status}) was known on "
            f"{known}{_by(resolution)}: made after the fact, not a forecast, not scored"
        )
    if stated.end >= settled:
        by = _by(resolution)
        when = f"on {known}" if settled == known else f"from {settled} to {known}"
        return Timing.MAY_BE_AFTER_THE_FACT, (
            f"stated {stated}, a window reaching the deciding event{by}, settled {when}: "
            f"it may have been made after the fact (scored)"
        )
    return None


def _by(resolution: Resolution) -> str:
    """The deciding events' ids as a timing's reason names them: `` (e1, e2)``, or nothing."""
    ids = ", ".join(e.id for e in resolution.events)
    return f" ({ids})" if ids else ""


class Resolver:
    """Resolves propositions against one event log, indexed once for as long as it is kept.

    Make one per log and keep it for as many questions as you like: the log
    is indexed on first use (reports by subject and kind, states, values,
    completeness) and each distinct (phrase, statement date) is read once.
    The resolver (with the readings it is given) is the only cache: nothing
    is kept between calls of the module's functions.

    Args:
        log: the event log; it is immutable, so the index never goes stale.
        readings: the phrase readings to use: a ledger's
            (:attr:`~forecastcheck.ledger.Ledger.readings`), so its phrases
            are not read again; a fresh set, filled on demand, when ``None``.

    .. versionadded:: 0.1
    """

    def __init__(self, log: EventLog, readings: Readings | None = None) -> None:
        self.index = Timeline(log, readings)

    @property
    def log(self) -> EventLog:
        """The event log resolved against."""
        return self.index.log

    def resolve(
        self, proposition: Proposition, as_of: dt.date, *, anchor: DateWindow | dt.date
    ) -> Resolution:
        """Resolve ``proposition`` as of the day ``as_of``; see :func:`resolve`."""
        return self._resolve(proposition, as_of, _as_window(anchor))

    def resolve_prediction(self, prediction: Prediction, as_of: dt.date) -> Resolution:
        """Resolve a prediction against its statement date; see :func:`resolve_prediction`."""
        if prediction.proposition is None:
            raise ValueError(f"prediction {prediction.id!r} records no proposition")
        return self._resolve(prediction.proposition, as_of, prediction.stated)

    def resolve_all(self, predictions: Iterable[Prediction], as_of: dt.date) -> Resolutions:
        """Resolve every prediction that records a proposition; see :func:`resolve_ledger`.

        Every status and decision day is decided here, the simple
        propositions in batches, in columns, wherever a batch covers their
        shape (plain ``occurs``, parts of ``not`` / ``all`` / ``any`` / ``if``
        included), one by one otherwise
        (:mod:`~forecastcheck.resolution._columns`); each record is built when
        it is read.
        """
        return _columns.resolve_all(self.index, predictions, as_of, self._resolve)

    def timings(self, predictions: Iterable[Prediction]) -> dict[str, tuple[Timing, str]]:
        """The calls stated after, or maybe after, the event that decided them.

        Each prediction that records a proposition and is not marked
        unscorable is resolved on the whole record (as of 9999-12-31) and
        judged by :func:`statement_timing`.

        Returns:
            By prediction id, in order: the timing and why, for the flagged calls only.
        """
        out: dict[str, tuple[Timing, str]] = {}
        for prediction in predictions:
            if prediction.proposition is None or prediction.unscorable is not None:
                continue
            resolution = self._resolve(prediction.proposition, _MAX, prediction.stated)
            found = statement_timing(prediction.stated, resolution)
            if found is not None:
                out[prediction.id] = found
        return out

    def dates(
        self, proposition: Proposition, anchor: DateWindow | dt.date
    ) -> tuple[dt.date | None, ...]:
        """The days a simple proposition is decided against, read as resolution reads them.

        Two propositions of one kind, about the same thing, with the same
        dates here, ask the same question however their phrases are worded.

        Args:
            proposition: a simple proposition (``not``, ``all``, ``any`` and
                ``if`` have no dates of their own and give ``()``).
            anchor: the statement date.

        Returns:
            For ``occurs`` and ``value of``, the deadline's last day (``None``
            when open-ended); for ``holds at``, the day; for ``holds
            throughout``, the first and the last day of the period; for ``date
            of``, the forecast day and the interval's first and last day
            (``None`` for an open bound).

        Raises:
            DeadlineError: as :func:`resolve`.
        """
        window = _as_window(anchor)
        if type(proposition) is Occurs:  # the common case, ahead of the match below
            deadline = self.index.horizon(proposition.deadline, window)
            return (None if deadline is None else deadline.last_day,)
        match proposition:
            case Occurs(deadline=text) | ValueOf(by=text):
                deadline = self.index.horizon(text, window)
                return (None if deadline is None else deadline.last_day,)
            case HoldsAt():
                return (self.index.point(proposition.date, window).day,)
            case HoldsThroughout():
                first, end = leaves.period(self.index, proposition, window)
                return (first, end.last_day)
            case DateOf():
                interval = estimates.interval(self.index, proposition, window)
                return (interval.point.day, interval.lo, interval.hi)
            case _:
                return ()

    def _resolve(self, proposition: Proposition, as_of: dt.date, anchor: DateWindow) -> Resolution:
        match proposition:
            case Occurs(after=Anchor()):
                return anchored.occurs_after(self.index, proposition, as_of, anchor)
            case Occurs():
                return leaves.occurs(self.index, proposition, as_of, anchor)
            case HoldsAt():
                return leaves.holds_at(self.index, proposition, as_of, anchor)
            case HoldsThroughout():
                return leaves.holds_throughout(self.index, proposition, as_of, anchor)
            case DateOf():
                return estimates.date_of(self.index, proposition, as_of, anchor)
            case ValueOf():
                return estimates.value_of(self.index, proposition, as_of, anchor)
            case Not(proposition=inner):
                return logic.negate(self._resolve(inner, as_of, anchor))
            case AllOf(propositions=parts):
                return logic.all_of([self._resolve(p, as_of, anchor) for p in parts], as_of)
            case AnyOf(propositions=parts):
                return logic.any_of([self._resolve(p, as_of, anchor) for p in parts], as_of)
            case If(condition=condition, then=then):
                return logic.if_then(
                    self._resolve(condition, as_of, anchor), self._resolve(then, as_of, anchor)
                )
        raise TypeError(f"not a proposition: {type(proposition).__name__}")  # pragma: no cover


def _as_window(anchor: DateWindow | dt.date) -> DateWindow:
    if isinstance(anchor, DateWindow):
        return anchor
    return DateWindow.day(anchor)


def resolve(
    proposition: Proposition,
    log: EventLog,
    as_of: dt.date,
    *,
    anchor: DateWindow | dt.date,
) -> Resolution:
    """Resolve ``proposition`` against ``log`` as of the day ``as_of``.

    Args:
        proposition: what is claimed.
        log: what happened, and how far the record is complete.
        as_of: the day the question is asked; only what was known by then counts.
        anchor: the statement date, against which relative phrases ("this
            year", "within six months") in the proposition are read.

    Returns:
        The resolution: status, the day it became known, the deciding events
        and the reason. Each call indexes ``log`` afresh; to ask many
        questions of one log, keep a :class:`Resolver`, or use
        :func:`resolve_ledger`.

    Raises:
        DeadlineError: a deadline or date phrase in the proposition cannot be
            read (unrecognised, or ambiguous for an uncertain ``anchor``), or a
            period ends before it starts.

    .. versionadded:: 0.1
    """
    return Resolver(log).resolve(proposition, as_of, anchor=anchor)


def resolve_prediction(prediction: Prediction, log: EventLog, as_of: dt.date) -> Resolution:
    """Resolve a prediction's proposition, reading its phrases against when it was stated.

    Args:
        prediction: the prediction; its ``stated`` window is the anchor.
        log: the event log.
        as_of: the day the question is asked.

    Returns:
        The resolution of ``prediction.proposition``.

    Raises:
        ValueError: the prediction records no proposition.
        DeadlineError: as :func:`resolve`.

    .. versionadded:: 0.1
    """
    return Resolver(log).resolve_prediction(prediction, as_of)


def resolve_ledger(
    ledger: Ledger,
    as_of: dt.date,
) -> Resolutions:
    """Resolve every prediction of a ledger that records a proposition, in one pass.

    The log is indexed once (by one :class:`Resolver`, dropped on return) and
    the phrases are those the ledger read when it was built
    (:attr:`~forecastcheck.ledger.Ledger.readings`). Unscorable predictions
    are resolved too when they record a proposition; predictions without one
    are left out. Nothing is left to fail here: a :class:`Ledger` refuses,
    when it is built, every phrase that cannot be read and every period that
    ends before it starts.

    Args:
        ledger: the ledger.
        as_of: the day the questions are asked.

    Returns:
        The resolution of each prediction, by prediction id, in ledger order,
        as a :class:`Resolutions` mapping: every status and decision day is
        decided before it returns (:meth:`Resolutions.status`,
        :meth:`Resolutions.statuses` read them without building a record);
        each :class:`Resolution` (reason, events, figures, parts) is built
        when it is first read, equal to :func:`resolve_prediction`'s.

    .. versionadded:: 0.1
    .. versionchanged:: 0.3
       Returns :class:`Resolutions` (a mapping, equal to the dict it was).
    """
    # the log is indexed with the objects alive on entry frozen too: a full pass of the
    # collector while the index is built would walk every record of the ledger
    with _collector.held():
        return Resolver(ledger.log, ledger.readings).resolve_all(ledger.predictions, as_of)
