"""Columnar resolution: the plain ``occurs`` questions of a whole ledger decided at once.

:func:`resolve_all` resolves many predictions as of one date. The shapes that
dominate real ledgers, a top-level ``occurs`` without an ``after`` anchor and
the ``not`` of one, are decided in columns: each prediction is gathered as
its proposition and a code for its deadline's reading; each distinct
question (one event, one reading) is joined to its event's
:class:`~forecastcheck.resolution.timeline.Reports` (one summary per
subject and kind), its deadline's last day and the earliest "had not
happened" report reaching that day are found, and every verdict and decision
day is computed with numpy over all the questions together. Only then is each
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
    marked ``negated``. Gathering a question only files it: its deadline as a
    code into the distinct readings (each distinct phrase and statement date
    read once, a phrase that depends on no statement date once for all), its
    event later, when the columns are decided.
    """

    def __init__(self, index: Timeline) -> None:
        self.index = index
        self.props: list[Occurs] = []
        self.negated: list[bool] = []
        self.dues: list[int] = []  # each row's deadline, as a code into ``deadlines``
        self.deadlines: list[Deadline | None] = [None]  # code 0: no deadline (or open-ended)
        self._fixed: dict[str | None, int] = {None: 0}  # phrases read alike on every date
        self._read: dict[tuple[str, dt.date, dt.date], int] = {}  # the others, by date too

    def add(self, p: Occurs, anchor: DateWindow, *, negated: bool = False) -> int:
        """Gather one question: its proposition and the code of its deadline's reading.

        Returns:
            Its row: where :meth:`resolutions` gives its answer.
        """
        text = p.deadline
        due = self._fixed.get(text)
        if due is None:
            due = self._reading(text, anchor)  # type: ignore[arg-type]  # None is in _fixed
        self.props.append(p)
        self.negated.append(negated)
        self.dues.append(due)
        return len(self.props) - 1

    def _reading(self, text: str, anchor: DateWindow) -> int:
        """The code of ``text`` read against ``anchor``: a new one for a reading not met yet."""
        key = (text, anchor.start, anchor.end)  # a window is its two days
        due = self._read.get(key)
        if due is None:
            due = self._read[key] = len(self.deadlines)
            self.deadlines.append(self.index.horizon(text, anchor))
            if self.index.readings.read(text, "horizon", anchor).anchor is None:
                self._fixed[text] = due
        return due

    def resolutions(self, as_of: dt.date) -> list[Resolution]:
        """Every row's resolution as of ``as_of``, in row order.

        Rows asking of one event with one reading of the deadline are answered
        alike, so they share one (immutable) resolution, and those of them
        under a ``not`` share its negation.
        """
        if not self.props:
            return []
        keys: dict[str, int] = {}
        groups = np.array(
            [keys.setdefault(f"{p.subject} {p.kind}", len(keys)) for p in self.props], np.int64
        )
        width = len(self.deadlines)
        pairs, first, inverse = np.unique(
            groups * width + np.asarray(self.dues, np.int64), return_index=True, return_inverse=True
        )
        answers = _Answers(self, pairs % width, first.tolist())
        records = answers.records(as_of)
        out = [records[j] for j in inverse.tolist()]
        negations: dict[int, Resolution] = {}
        for row in np.flatnonzero(self.negated).tolist():
            # as the per-prediction resolver: the inner answer, negated
            j = int(inverse[row])
            negation = negations.get(j)
            if negation is None:
                negation = negations[j] = logic.negate(records[j])
            out[row] = negation
        return out


class _Answers:
    """The distinct questions of the rows (one event, one reading of the deadline), in columns.

    Args:
        rows: the rows gathered.
        dues: each question's deadline, as a code into ``rows.deadlines``.
        firsts: each question's first row.
    """

    def __init__(self, rows: _Rows, dues: np.ndarray, firsts: list[int]) -> None:
        self.index = rows.index
        self.props = [rows.props[i] for i in firsts]
        self.deadlines = [rows.deadlines[d] for d in dues.tolist()]
        self.reports: list[Reports] = []  # each question's event's, summarised by decide()
        lasts = np.array(
            [_BIG if d is None else d.last_day.toordinal() for d in rows.deadlines], np.int64
        )
        self.lasts = lasts[dues]
        self.dues = dues.tolist()
        self._texts: dict[int, str] = {}  # each deadline's wording in a reason, by code

    def decide(self, as_of: dt.date) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The verdict code of every question, whether it was known by ``as_of``, and the
        day of its "had not happened" report, in columns.

        The day ``_BIG`` ("never") stands for a missing report, deadline or
        disagreement, so the questions that cannot be decided fall out by
        arithmetic alone, their day being later than any as-of date: one
        with no report and no deadline counts as reported by its deadline on
        the day ``_BIG``; one neither reported by its deadline nor covered by
        completeness waits for a "had not happened" report (``_BIG`` when
        there is none); and a NO on a deadline ending 9999-12-31 would be
        known the day after the calendar ends. All of them stay PENDING, as
        the per-prediction rules say. Called once, by :meth:`records`: it
        fetches each question's reports, settling what it made every
        :data:`~forecastcheck._collector.SETTLE_EVERY` questions.
        """
        n = len(self.props)
        conflict = np.full(n, _BIG, np.int64)
        start = np.full(n, _BIG, np.int64)
        end = np.full(n, _BIG, np.int64)
        complete = np.full(n, -1, np.int64)
        negative = np.full(n, _BIG, np.int64)
        completes: dict[str, int] = {}
        index, reports = self.index, self.reports
        for i, p in enumerate(self.props):
            if i % _collector.SETTLE_EVERY == 0:  # the summaries made so far join the freeze
                _collector.settled()
            r = index.reports(p.subject, p.kind)
            reports.append(r)
            if r.conflict is not None:
                conflict[i] = r.conflict.day.toordinal()
            elif r.window is not None:  # the reports agree and place the first occurrence
                start[i] = r.window.start.toordinal()
                end[i] = r.window.end.toordinal()
            if r.negated and self.deadlines[i] is not None:
                found = r.negative_from(self.deadlines[i].last_day)
                if found is not None:
                    negative[i] = found.date.end.toordinal()
            day = completes.get(p.subject)
            if day is None:
                known = self.index.complete(p.subject)
                day = completes[p.subject] = -1 if known is None else known.toordinal()
            complete[i] = day
        last = self.lasts
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
        return code, day <= as_of.toordinal(), negative

    def records(self, as_of: dt.date) -> list[Resolution]:
        """Every question's resolution as of ``as_of``, built from its column entries."""
        code, known, negative = self.decide(as_of)
        codes: list[int] = np.where(known, code, _NONE).tolist()
        negatives: list[int] = negative.tolist()
        out: list[Resolution] = []
        for i, c in enumerate(codes):
            if i % _collector.SETTLE_EVERY == 0:
                _collector.settled()
            if c == _YES:
                out.append(self._yes(i, as_of))
            elif c == _NO_COMPLETE:
                out.append(self._no_complete(i, negatives[i], as_of))
            else:
                out.append(self._found(i, c, as_of))
        return out

    def _due(self, i: int) -> str:
        """How a reason names question ``i``'s deadline, worded once per reading."""
        code = self.dues[i]
        text = self._texts.get(code)
        if text is None:
            deadline = self.deadlines[i]
            assert deadline is not None
            text = self._texts[code] = leaves.due_text(deadline)
        return text

    def _yes(self, i: int, as_of: dt.date) -> Resolution:
        """Question ``i``'s YES from the first report, with the fields the rule gives it."""
        p, reports, deadline = self.props[i], self.reports[i], self.deadlines[i]
        first, window = reports.first, reports.window
        assert first is not None
        assert window is not None
        what = leaves.what_text(p)
        if deadline is None:
            reason = leaves.open_yes_text(what, first)
        else:
            reason = leaves.by_yes_text(what, first, self._due(i))
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

    def _no_complete(self, i: int, negative: int, as_of: dt.date) -> Resolution:
        """Question ``i``'s NO, decided by completeness the day after its deadline (``none_by``)."""
        subject, deadline = self.props[i].subject, self.deadlines[i]
        complete = self.index.complete(subject)
        assert complete is not None
        assert deadline is not None
        day = dt.date.fromordinal(int(self.lasts[i]) + 1)
        events: tuple[Event, ...] = ()
        if negative <= as_of.toordinal():  # a "had not happened" report, visible
            found = self.reports[i].negative_from(deadline.last_day)
            assert found is not None
            events = (found,)
        what = leaves.what_text(self.props[i])
        reason = _final.complete_no_text(what, self._due(i), subject, complete)
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
        p, deadline, reports = self.props[i], self.deadlines[i], self.reports[i]
        what = leaves.what_text(p)
        due = None if deadline is None else self._due(i)
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
    # each id's answer, or where it is still to come from the columns: a row, or a compound
    # gathered (the last prediction's, in the first one's place, as in a dict)
    out: dict[str, Resolution | int | _Compound] = {}
    rows = _Rows(index)
    add = rows.add
    for n, prediction in enumerate(predictions, 1):
        p = prediction.proposition
        if n % _collector.SETTLE_EVERY == 0:
            _collector.settled()
        if p is None:
            continue
        if type(p) is Occurs and p.after is None:  # plain(p), spelled out: the common case
            out[prediction.id] = add(p, prediction.stated)
            continue
        asked = plain(p)
        if asked is not None:
            out[prediction.id] = add(asked[0], prediction.stated, negated=asked[1])
            continue
        found = compound(p)
        if found is None:
            out[prediction.id] = fallback(p, as_of, prediction.stated)
            continue
        parts: list[int | Resolution] = []
        for part in found[1]:
            inner = plain(part)
            if inner is None:
                parts.append(fallback(part, as_of, prediction.stated))
            else:
                parts.append(add(inner[0], prediction.stated, negated=inner[1]))
        out[prediction.id] = (found[0], parts)
    answers = rows.resolutions(as_of)
    for pid, spec in out.items():  # only values change: the order stays
        if type(spec) is int:
            out[pid] = answers[spec]
        elif type(spec) is tuple:
            combine, gathered = spec
            out[pid] = combine([answers[q] if isinstance(q, int) else q for q in gathered], as_of)
    return out  # type: ignore[return-value]  # every placeholder is filled above
