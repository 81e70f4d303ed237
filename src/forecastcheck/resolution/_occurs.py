"""The batch of plain ``occurs`` questions: decided in columns, each record built when read.

A plain ``occurs`` has no ``after`` anchor. :class:`OccursBatch` gathers
each as its proposition and a code for its deadline's reading (each distinct
phrase and statement window read once, a phrase that depends on no
statement date once for all). :meth:`OccursBatch.decide` codes every row's
event ("subject kind", by first asking) at once, and joins each distinct
question (one event, one reading) to its event's
reports, summarised once per event into columns
(:meth:`~forecastcheck.resolution.timeline.Timeline.summaries`), finds its
deadline's last day and the earliest "had not happened" report reaching it,
and computes every verdict and decision day with numpy over all the
questions together. A question's :class:`~forecastcheck.resolution.Resolution`
is built only when a row asking it is read (:meth:`OccursBatch.record`),
from the fields the per-prediction rule in
:mod:`~forecastcheck.resolution.leaves` gives it (a YES or a completeness NO
directly, the rarer outcomes and PENDING by the rule's own builders), once
for all the rows asking it.
"""

from __future__ import annotations

import array
import datetime as dt

import numpy as np

from forecastcheck.ledger import DateWindow, Deadline, Event, Occurs, Proposition
from forecastcheck.resolution import _final, leaves
from forecastcheck.resolution._final import Final
from forecastcheck.resolution.outcomes import Resolution, Status
from forecastcheck.resolution.timeline import Reports, Timeline

__all__: list[str] = []

_MAX_ORD = dt.date.max.toordinal()
_BIG = _MAX_ORD + 10  # later than any day: "never" / "no deadline"

# what decided a plain occurs question over the whole record (_NONE: not known by the as-of date)
_NONE, _DISAGREE, _YES, _STRADDLE, _NO_COMPLETE, _NO_NEGATIVE = range(6)
# each verdict's status, as a code into tuple(Status) (_batch.STATUSES)
_CODES = tuple(Status).index
_STATUS_OF = np.array(
    [_CODES(s) for s in (Status.PENDING, Status.AMBIGUOUS, Status.YES, Status.AMBIGUOUS)]
    + [_CODES(Status.NO)] * 2,
    np.int8,
)


class OccursBatch:
    """The plain ``occurs`` questions of many predictions (see the module docstring).

    Args:
        index: the indexed event log.
    """

    def __init__(self, index: Timeline) -> None:
        self.index = index
        self.props: list[Occurs] = []
        self.dues = array.array("q")  # each row's deadline, as a code into ``deadlines``
        self.deadlines: list[Deadline | None] = [None]  # code 0: no deadline (or open-ended)
        self.fixed: dict[str | None, int] = {None: 0}  # phrases read alike on every date
        self._read: dict[tuple[str, dt.date, dt.date], int] = {}  # the others, by date too
        # set by decide(): each event asked of ("subject kind", by first asking) and its first
        # row; each row's question, and each question's event, first row, deadline code, verdict
        # (_NONE when not known by the as-of date) and "had not happened" report's day
        self._keys: list[str] = []
        self._key_first: list[int] = []
        self._question: list[int] = []
        self._event: list[int] = []
        self._first: list[int] = []
        self._due: list[int] = []
        self._code: list[int] = []
        self._negative: list[int] = []
        self._arrays: tuple[np.ndarray, ...] = ()  # the columns above, until first read
        self._records: list[Resolution | None] = []  # each question's record, once read
        self._texts: dict[int, str] = {}  # each deadline's wording in a reason, by code
        self._whats: dict[int, tuple[str, Reports]] = {}  # each event's naming and reports

    def add(self, proposition: Proposition, anchor: DateWindow) -> int:
        """Gather one plain ``occurs`` question: its deadline reading's code (its event's is
        found by :meth:`decide`, for every row at once).

        Returns:
            Its row.

        Raises:
            DeadlineError: the deadline phrase cannot be read against ``anchor``.
        """
        p: Occurs = proposition  # type: ignore[assignment]  # this batch is for plain occurs
        due = self.fixed.get(p.deadline)
        if due is None:
            due = self.reading(p.deadline, anchor)  # type: ignore[arg-type]  # None is in fixed
        self.props.append(p)
        self.dues.append(due)
        return len(self.props) - 1

    def reading(self, text: str, anchor: DateWindow) -> int:
        """The code of ``text`` read against ``anchor``: a new one for a reading not met yet."""
        key = (text, anchor.start, anchor.end)  # a window is its two days
        due = self._read.get(key)
        if due is None:
            read = self.index.readings.read(text, "horizon", anchor)  # the rule's reading
            due = self._read[key] = len(self.deadlines)
            self.deadlines.append(read.result)  # type: ignore[arg-type]  # a horizon's
            if read.anchor is None:
                self.fixed[text] = due
        return due

    def decide(self, as_of: dt.date) -> tuple[np.ndarray, np.ndarray]:
        """Every row's status code and decision day (ordinal, 0 while PENDING) as of ``as_of``.

        The day ``_BIG`` ("never") stands for a missing report, deadline or
        disagreement, so the questions that cannot be decided fall out by
        arithmetic alone, their day being later than any as-of date: one
        with no report and no deadline counts as reported by its deadline on
        the day ``_BIG``; one neither reported by its deadline nor covered by
        completeness waits for a "had not happened" report (``_BIG`` when
        there is none); and a NO on a deadline ending 9999-12-31 would be
        known the day after the calendar ends. All of them stay PENDING, as
        the per-prediction rules say.
        """
        if not self.props:
            return np.zeros(0, np.int8), np.zeros(0, np.int64)
        props = self.props
        # each row's event, coded by first asking: a dict keeps the keys in that order
        names = [f"{p.subject} {p.kind}" for p in props]
        coded: dict[str, int] = {}  # a new key's code is the number of keys before it
        groups = np.fromiter(
            [coded.setdefault(name, len(coded)) for name in names], np.int64, len(names)
        )
        self._keys = list(coded)
        # each key's first row: where the highest code so far goes up (codes come in order)
        highest = np.maximum.accumulate(groups)
        self._key_first = np.flatnonzero(np.diff(highest, prepend=-1) > 0).tolist()
        width = len(self.deadlines)
        pairs, first, question = np.unique(
            groups * width + np.array(self.dues, np.int64),
            return_index=True,
            return_inverse=True,
        )
        key, due = pairs // width, pairs % width
        conflict, start, end, negated = (c[key] for c in self.index.summaries(self._keys, _BIG))
        uniform = self.index.uniform_completeness()
        if uniform is not None:  # one day for every subject: none asked for
            complete = np.full(len(pairs), uniform, np.int64)
        else:
            through = self.index.complete_day
            complete = np.array([through(props[r].subject) for r in self._key_first], np.int64)
            complete = complete[key]
        last = np.array(
            [_BIG if d is None else d.last_day.toordinal() for d in self.deadlines], np.int64
        )[due]
        negative = np.full(len(pairs), _BIG, np.int64)
        rare = np.flatnonzero(negated.astype(bool) & (last < _BIG)).tolist()
        dues = [self.deadlines[d] for d in due[rare].tolist()]  # last < _BIG: each a deadline
        negative[rare] = self.index.negatives(
            [self._keys[k] for k in key[rare].tolist()],
            [d.last_day for d in dues if d is not None],
            _BIG,
        )
        inside = start <= last
        code = np.select(
            [conflict < _BIG, inside & (end <= last), inside, complete >= last],
            [_DISAGREE, _YES, _STRADDLE, _NO_COMPLETE],
            _NO_NEGATIVE,
        )
        # a NO is known the day after the deadline; from a "had not happened" report, once that
        # report is visible too (completeness, when it also decides, is never later)
        day = np.select(
            [code == _DISAGREE, code == _NO_COMPLETE, code == _NO_NEGATIVE],
            [conflict, last + 1, np.maximum(last + 1, negative)],
            end,
        )
        known = day <= as_of.toordinal()
        code = np.where(known, code, _NONE)
        # made lists (read faster one item at a time) when a record is first read, not before
        self._arrays = (question, first, key, due, code, negative)
        self._records = [None] * len(pairs)
        return _STATUS_OF[code][question], np.where(known, day, 0)[question]

    def record(self, row: int, as_of: dt.date) -> Resolution:
        """Row ``row``'s resolution, built from its question's column entries on first read.

        Rows asking of one event with one reading of the deadline share one
        (immutable) record.
        """
        if self._arrays:
            self._listed()
        i = self._question[row]
        found = self._records[i]
        if found is None:  # built twice at once, either is kept: they are equal
            c = self._code[i]
            if c == _YES:
                found = self._yes(i, as_of)
            elif c == _NO_COMPLETE:
                found = self._no_complete(i, as_of)
            else:
                found = self._found(i, c, as_of)
            self._records[i] = found
        return found

    def _listed(self) -> None:
        """The columns :meth:`decide` made, as lists (each list set whole: a second thread
        doing the same at once sets equal lists)."""
        arrays = self._arrays
        if arrays:
            question, first, key, due, code, negative = (a.tolist() for a in arrays)
            self._first, self._event, self._due = first, key, due
            self._code, self._negative, self._question = code, negative, question
            self._arrays = ()

    def _asked(self, i: int) -> tuple[Occurs, Deadline | None]:
        """Question ``i``'s proposition (its first row's) and deadline."""
        return self.props[self._first[i]], self.deadlines[self._due[i]]

    def _what(self, i: int) -> tuple[str, Reports]:
        """How a reason names question ``i``'s event, and its reports: found once per event."""
        event = self._event[i]
        found = self._whats.get(event)
        if found is None:
            p = self.props[self._key_first[event]]
            found = self._whats[event] = (
                leaves.what_text(p),
                self.index.reports(p.subject, p.kind),
            )
        return found

    def _due_text(self, i: int) -> str:
        """How a reason names question ``i``'s deadline, worded once per reading."""
        code = self._due[i]
        text = self._texts.get(code)
        if text is None:
            deadline = self.deadlines[code]
            assert deadline is not None
            text = self._texts[code] = leaves.due_text(deadline)
        return text

    def _yes(self, i: int, as_of: dt.date) -> Resolution:
        """Question ``i``'s YES from the first report, with the fields the rule gives it."""
        deadline = self.deadlines[self._due[i]]
        what, reports = self._what(i)
        first, window = reports.first, reports.window
        assert first is not None
        assert window is not None
        if deadline is None:
            reason = leaves.open_yes_text(what, first)
        else:
            reason = leaves.by_yes_text(what, first, self._due_text(i))
        # the fields _final.leaf fills, passed straight to the record (the common case)
        return Resolution(
            status=Status.YES,
            as_of=as_of,
            reason=reason,
            decided_on=window.end,
            events=(first,),
            open_ended=deadline is None,
            deadline=deadline,
            settled_from=window.start,
        )

    def _no_complete(self, i: int, as_of: dt.date) -> Resolution:
        """Question ``i``'s NO, decided by completeness the day after its deadline (``none_by``)."""
        p, deadline = self._asked(i)
        complete = self.index.complete(p.subject)
        assert complete is not None
        assert deadline is not None
        day = dt.date.fromordinal(deadline.last_day.toordinal() + 1)
        events: tuple[Event, ...] = ()
        what, reports = self._what(i)
        if self._negative[i] <= as_of.toordinal():  # a "had not happened" report, visible
            found = reports.negative_from(deadline.last_day)
            assert found is not None
            events = (found,)
        reason = _final.complete_no_text(what, self._due_text(i), p.subject, complete)
        return Resolution(
            status=Status.NO,
            as_of=as_of,
            reason=reason,
            decided_on=day,
            events=events,
            deadline=deadline,
            settled_from=day,
        )

    def _found(self, i: int, code: int, as_of: dt.date) -> Resolution:
        """Question ``i``'s rarer outcomes (or PENDING), by the per-prediction rule's findings."""
        p, deadline = self._asked(i)
        what, reports = self._what(i)
        due = None if deadline is None else self._due_text(i)
        final: Final | None = None
        if code == _DISAGREE:
            assert reports.conflict is not None
            final = _final.disagree(what, reports.conflict)
        elif code == _STRADDLE:
            first, window = reports.first, reports.window
            assert first is not None
            assert window is not None
            assert due is not None
            final = leaves.straddles(what, first, window, due)
        elif code == _NO_NEGATIVE:  # the per-prediction finding, which words its evidence
            assert deadline is not None
            assert due is not None
            final = _final.none_by(self.index, p.subject, what, reports, deadline.last_day, due=due)
        # the columns found the outcome known by as_of: the rule's own day must say so too
        assert final is None or final.day <= as_of, (final, as_of)
        return leaves.occurs_answer(
            self.index, p.subject, what, reports, deadline, final=final, as_of=as_of
        )
