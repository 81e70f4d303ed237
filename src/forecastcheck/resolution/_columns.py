"""Columnar resolution: the plain ``occurs`` questions of a whole ledger decided at once.

:func:`resolve_all` resolves many predictions as of one date. The shapes that
dominate real ledgers, a top-level ``occurs`` without an ``after`` anchor and
the ``not`` of one, are decided in columns: each prediction is joined to its
event's :class:`~forecastcheck.resolution.timeline.Reports` (one summary per
subject and kind), its deadline's last day and the earliest "had not
happened" report reaching that day are found, and every verdict and decision
day is computed with numpy over all such predictions together. Only then is each
:class:`~forecastcheck.resolution.Resolution` built, from the fields the
per-prediction rule in :mod:`~forecastcheck.resolution.leaves` gives it (a
YES or a completeness NO directly, the rarer outcomes and PENDING by the
rule's own builders), once for all the rows asking of one event with one
reading of the deadline; a ``not`` row's is then the negation of that one
by :func:`~forecastcheck.resolution.logic.negate`, as the per-prediction
resolver negates its inner answer (same timing, YES and NO swapped). The
plain ``occurs`` parts of an ``all`` / ``any`` / ``if`` are rows too; its
other parts go to the per-prediction resolver, and the answers are combined
by :mod:`~forecastcheck.resolution.logic`. Every other shape (other
compound propositions, anchored deadlines, states, date and value
forecasts) goes, explicitly, to the per-prediction resolver it is given;
both paths give equal resolutions.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence

import numpy as np

from forecastcheck import _collector
from forecastcheck.ledger import (
    AllOf,
    AnyOf,
    DateWindow,
    Deadline,
    Event,
    If,
    Not,
    Occurs,
    Prediction,
    Proposition,
)
from forecastcheck.resolution import _final, leaves, logic
from forecastcheck.resolution._final import Final
from forecastcheck.resolution.outcomes import Resolution, Status
from forecastcheck.resolution.timeline import Reports, Timeline

__all__: list[str] = []

#: A per-prediction resolver: proposition, as-of date, anchor.
Fallback = Callable[[Proposition, dt.date, DateWindow], Resolution]

_MAX_ORD = dt.date.max.toordinal()
_BIG = _MAX_ORD + 10  # later than any day: "never" / "no deadline"

# what decided a plain occurs question over the whole record (_NONE: not known by the as-of date)
_NONE, _DISAGREE, _YES, _STRADDLE, _NO_COMPLETE, _NO_NEGATIVE = range(6)


def plain(proposition: Proposition) -> tuple[Occurs, bool] | None:
    """The plain ``occurs`` a proposition asks, and whether it is negated; ``None`` for others.

    A plain ``occurs`` has no ``after`` anchor; it is asked as it is, or under
    one ``not``. Every other shape (a ``not`` of anything else included) gives ``None``.
    """
    inner, negated = proposition, False
    if type(proposition) is Not:
        inner, negated = proposition.proposition, True
    if type(inner) is Occurs and inner.after is None:
        return inner, negated
    return None


def columnar(proposition: Proposition) -> bool:
    """Whether the columnar path answers this proposition, or some of its parts.

    A plain ``occurs`` or its ``not``; or an ``all`` / ``any`` / ``if`` with
    such a part (see :func:`compound`).
    """
    return plain(proposition) is not None or compound(proposition) is not None


class _Rows:
    """The plain occurs questions gathered, one entry per prediction, in ledger order.

    A ``not`` of a plain occurs question is gathered as its inner question,
    marked ``negated``.
    """

    def __init__(self, index: Timeline) -> None:
        self.index = index
        self.props: list[Occurs] = []
        self.negated: list[bool] = []
        self.deadlines: list[Deadline | None] = []
        self.groups: list[int] = []
        self.lasts: list[int] = []
        self.negatives: list[int] = []
        self.reports: list[Reports] = []
        self.completes: list[int] = []
        self.whats: list[str] = []  # how each group's event is named in a reason
        self.keys: dict[str, int] = {}
        self._dues: dict[int, str] = {}  # by id(): the readings share one Deadline per reading
        self._lasts: dict[int, int] = {}  # by id(): each reading's last day, as an ordinal

    def add(self, p: Occurs, anchor: DateWindow, *, negated: bool = False) -> int:
        """Gather one question: its event's reports, its deadline, the negative report.

        Returns:
            Its row: where :meth:`resolutions` gives its answer.
        """
        deadline = self.index.horizon(p.deadline, anchor)
        key = f"{p.subject} {p.kind}"
        g = self.keys.get(key)
        if g is None:
            g = self.keys[key] = len(self.reports)
            self.reports.append(self.index.reports(p.subject, p.kind))
            complete = self.index.complete(p.subject)
            self.completes.append(-1 if complete is None else complete.toordinal())
            self.whats.append(leaves.what_text(p))
        row = len(self.props)
        self.props.append(p)
        self.negated.append(negated)
        self.deadlines.append(deadline)
        self.groups.append(g)
        if deadline is None:
            self.lasts.append(_BIG)
            self.negatives.append(_BIG)
            return row
        last = self._lasts.get(id(deadline))
        if last is None:
            last = self._lasts[id(deadline)] = deadline.last_day.toordinal()
        self.lasts.append(last)
        reports = self.reports[g]
        negative = reports.negative_from(deadline.last_day) if reports.negated else None
        self.negatives.append(_BIG if negative is None else negative.date.end.toordinal())
        return row

    def decide(self, as_of: dt.date) -> tuple[list[int], list[bool]]:
        """The verdict code of every row and whether it was known by ``as_of``, in columns.

        The day ``_BIG`` ("never") stands for a missing report, deadline or
        disagreement, so the rows that cannot be decided fall out by
        arithmetic alone, their day being later than any as-of date: a row
        with no report and no deadline counts as reported by its deadline on
        the day ``_BIG``; one neither reported by its deadline nor covered by
        completeness waits for a "had not happened" report (``_BIG`` when
        there is none); and a NO on a deadline ending 9999-12-31 would be
        known the day after the calendar ends. All of them stay PENDING, as
        the per-prediction rules say.
        """
        n = len(self.reports)
        conflict = np.full(n, _BIG, np.int64)
        start = np.full(n, _BIG, np.int64)
        end = np.full(n, _BIG, np.int64)
        for i, r in enumerate(self.reports):
            if r.conflict is not None:
                conflict[i] = r.conflict.day.toordinal()
            elif r.window is not None:  # the reports agree and place the first occurrence
                start[i] = r.window.start.toordinal()
                end[i] = r.window.end.toordinal()
        g = np.asarray(self.groups, np.int64)
        conflict, start, end = conflict[g], start[g], end[g]
        complete = np.asarray(self.completes, np.int64)[g]
        last = np.asarray(self.lasts, np.int64)
        negative = np.asarray(self.negatives, np.int64)
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
        return code.tolist(), (day <= as_of.toordinal()).tolist()

    def resolutions(self, as_of: dt.date) -> list[Resolution]:
        """Every row's resolution as of ``as_of``, in row order.

        Rows asking of one event with one reading of the deadline are answered
        alike, so they share one (immutable) resolution, and those of them
        under a ``not`` share its negation.
        """
        if not self.props:
            return []
        codes, known = self.decide(as_of)
        shared: dict[tuple[int, int, bool], Resolution] = {}
        out: list[Resolution] = []
        for i, (code, shown) in enumerate(zip(codes, known, strict=True)):
            if i % _collector.SETTLE_EVERY == 0:
                _collector.settled()
            key = (self.groups[i], id(self.deadlines[i]), False)
            resolution = shared.get(key)
            if resolution is None:
                resolution = shared[key] = self._resolution(i, code if shown else _NONE, as_of)
            if self.negated[i]:  # as the per-prediction resolver: the inner answer, negated
                key = (key[0], key[1], True)
                negation = shared.get(key)
                if negation is None:
                    negation = shared[key] = logic.negate(resolution)
                resolution = negation
            out.append(resolution)
        return out

    def _due(self, deadline: Deadline) -> str:
        """How a reason names ``deadline``, worded once per reading."""
        due = self._dues.get(id(deadline))
        if due is None:
            due = self._dues[id(deadline)] = leaves.due_text(deadline)
        return due

    def _resolution(self, i: int, code: int, as_of: dt.date) -> Resolution:
        """The resolution of row ``i``: its outcome (``code``), known by ``as_of``, or PENDING.

        The two common outcomes, a YES from the first report and a NO from
        completeness, are built directly from the fields the per-prediction
        rule gives them (:func:`~forecastcheck.resolution._final.decided`);
        the others through that rule's own findings.
        """
        g, deadline = self.groups[i], self.deadlines[i]
        reports, what = self.reports[g], self.whats[g]
        if code == _YES:
            first, window = reports.first, reports.window
            assert first is not None
            assert window is not None
            if deadline is None:
                reason = leaves.open_yes_text(what, first)
            else:
                reason = leaves.by_yes_text(what, first, self._due(deadline))
            return _final.decided(
                Status.YES,
                as_of,
                reason,
                day=window.end,
                events=(first,),
                settled=window.start,
                deadline=deadline,
                open_ended=deadline is None,
            )
        if code == _NO_COMPLETE:
            assert deadline is not None
            return self._no_complete(i, deadline, as_of)
        return self._found(i, code, as_of)

    def _no_complete(self, i: int, deadline: Deadline, as_of: dt.date) -> Resolution:
        """Row ``i``'s NO, decided by completeness the day after its deadline (as ``none_by``)."""
        subject = self.props[i].subject
        complete = self.index.complete(subject)
        assert complete is not None
        day = dt.date.fromordinal(self.lasts[i] + 1)
        events: tuple[Event, ...] = ()
        if self.negatives[i] <= as_of.toordinal():  # a "had not happened" report, visible
            negative = self.reports[self.groups[i]].negative_from(deadline.last_day)
            assert negative is not None
            events = (negative,)
        reason = _final.complete_no_text(
            self.whats[self.groups[i]], self._due(deadline), subject, complete
        )
        return _final.decided(
            Status.NO,
            as_of,
            reason,
            day=day,
            events=events,
            settled=day,
            deadline=deadline,
            open_ended=False,
        )

    def _found(self, i: int, code: int, as_of: dt.date) -> Resolution:
        """Row ``i``'s rarer outcomes (or PENDING), by the per-prediction rule's own findings."""
        p, deadline = self.props[i], self.deadlines[i]
        reports = self.reports[self.groups[i]]
        what = self.whats[self.groups[i]]
        due = None if deadline is None else self._due(deadline)
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


def resolve_all(
    index: Timeline, predictions: Iterable[Prediction], as_of: dt.date, fallback: Fallback
) -> dict[str, Resolution]:
    """Resolve every prediction that records a proposition, plain occurs questions in columns.

    A plain ``occurs`` question under one ``not`` is decided in the columns
    too, and negated as the per-prediction resolver negates it; so are
    those among the parts of an ``all`` / ``any`` / ``if`` (:func:`compound`).

    The objects alive on entry are frozen for the garbage collector meanwhile
    (:func:`forecastcheck._collector.held`); it keeps running.

    Args:
        index: the indexed event log.
        predictions: the predictions, in ledger order.
        as_of: the day the questions are asked.
        fallback: the per-prediction resolver, for every shape the columns do not cover.

    Returns:
        By prediction id, in the order given: each resolution, equal to the fallback's.
    """
    with _collector.held():
        return _resolve_all(index, predictions, as_of, fallback)


#: How a compound combines its parts' answers: ``all`` / ``any`` (with the as-of date), ``if``.
Combine = Callable[[Sequence[Resolution], dt.date], Resolution]


def _if(parts: Sequence[Resolution], as_of: dt.date) -> Resolution:
    return logic.if_then(parts[0], parts[1])


def compound(proposition: Proposition) -> tuple[Combine, Sequence[Proposition]] | None:
    """An ``all`` / ``any`` / ``if`` with a plain ``occurs`` part: how it combines, its parts.

    ``None`` for every other shape, and for a compound with no plain
    ``occurs`` part (or ``not`` of one). Those parts are answered in the
    columns, the others one by one, and the answers combined by the
    functions of :mod:`~forecastcheck.resolution.logic`, as the
    per-prediction resolver combines them.
    """
    combine: Combine
    parts: Sequence[Proposition]
    if isinstance(proposition, AllOf):
        combine, parts = logic.all_of, proposition.propositions
    elif isinstance(proposition, AnyOf):
        combine, parts = logic.any_of, proposition.propositions
    elif isinstance(proposition, If):
        combine, parts = _if, (proposition.condition, proposition.then)
    else:
        return None
    return (combine, parts) if any(plain(part) is not None for part in parts) else None


#: A compound question gathered: how it combines, each part's row in the columns or its answer.
_Compound = tuple[Combine, list[int | Resolution]]


def _resolve_all(
    index: Timeline, predictions: Iterable[Prediction], as_of: dt.date, fallback: Fallback
) -> dict[str, Resolution]:
    out: dict[str, Resolution | None] = {}
    rows = _Rows(index)
    # the answers still to come from the columns, by id (the last prediction's, as in a dict)
    late: dict[str, int | _Compound] = {}
    for n, prediction in enumerate(predictions, 1):
        p, pid, stated = prediction.proposition, prediction.id, prediction.stated
        if n % _collector.SETTLE_EVERY == 0:
            _collector.settled()
        if p is None:
            continue
        asked = plain(p)
        if asked is not None:
            out[pid] = None  # keeps the ledger order; filled below
            late[pid] = rows.add(asked[0], stated, negated=asked[1])
            continue
        found = compound(p)
        if found is not None:
            out[pid] = None
            parts: list[int | Resolution] = []
            for part in found[1]:
                inner = plain(part)
                if inner is None:
                    parts.append(fallback(part, as_of, stated))
                else:
                    parts.append(rows.add(inner[0], stated, negated=inner[1]))
            late[pid] = (found[0], parts)
        else:
            out[pid] = fallback(p, as_of, stated)
            late.pop(pid, None)
    answers = rows.resolutions(as_of)
    for pid, spec in late.items():
        if isinstance(spec, int):
            out[pid] = answers[spec]
        else:
            combine, gathered = spec
            out[pid] = combine([answers[q] if isinstance(q, int) else q for q in gathered], as_of)
    return out  # type: ignore[return-value]  # every placeholder is filled above
