"""Columnar resolution: the plain ``occurs`` questions of a whole ledger decided at once.

:func:`resolve_all` resolves many predictions as of one date. The shape that
dominates real ledgers, a top-level ``occurs`` without an ``after`` anchor, is
decided in columns: each prediction is joined to its event's
:class:`~forecastcheck.resolution.timeline.Reports` (one summary per subject
and kind), its deadline's last day and the earliest "had not happened"
report reaching that day are found, and every verdict and decision day is
computed with numpy over all such predictions together. Only then is each
:class:`~forecastcheck.resolution.Resolution` built, with the reason texts
the per-prediction rules in :mod:`~forecastcheck.resolution.leaves` use
(they share the text functions). Every other shape (compound propositions,
anchored deadlines, states, date and value forecasts) goes, explicitly, to
the per-prediction resolver it is given; both paths give equal resolutions.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator

import numpy as np

from forecastcheck.ledger import DateWindow, Deadline, Occurs, Prediction, Proposition
from forecastcheck.resolution import _final, leaves
from forecastcheck.resolution.outcomes import Resolution, Status
from forecastcheck.resolution.timeline import Reports, Timeline

__all__: list[str] = []

#: A per-prediction resolver: proposition, as-of date, anchor.
Fallback = Callable[[Proposition, dt.date, DateWindow], Resolution]

_MAX = dt.date.max
_MAX_ORD = _MAX.toordinal()
_BIG = _MAX_ORD + 10  # later than any day: "never" / "no deadline"
_DAY = dt.timedelta(days=1)

# what decided a plain occurs question over the whole record
_NONE, _DISAGREE, _OPEN_YES, _BY_YES, _STRADDLE, _NO_COMPLETE, _NO_NEGATIVE = range(7)


def columnar(proposition: Proposition) -> bool:
    """Whether the columnar path decides this proposition (a plain ``occurs``)."""
    return type(proposition) is Occurs and proposition.after is None


class _Rows:
    """The plain occurs questions gathered, one entry per prediction, in ledger order."""

    def __init__(self, index: Timeline) -> None:
        self.index = index
        self.ids: list[str] = []
        self.props: list[Occurs] = []
        self.deadlines: list[Deadline | None] = []
        self.groups: list[int] = []
        self.lasts: list[int] = []
        self.negatives: list[int] = []
        self.reports: list[Reports] = []
        self.completes: list[int] = []
        self.whats: list[str] = []  # how each group's event is named in a reason
        self.keys: dict[str, int] = {}
        self._dues: dict[int, str] = {}  # by id(): the readings share one Deadline per reading

    def add(self, pid: str, p: Occurs, anchor: DateWindow) -> None:
        """Gather one prediction: its event's reports, its deadline, the negative report."""
        deadline = self.index.horizon(p.deadline, anchor)
        key = f"{p.subject} {p.kind}"
        g = self.keys.get(key)
        if g is None:
            g = self.keys[key] = len(self.reports)
            self.reports.append(self.index.reports(p.subject, p.kind))
            complete = self.index.complete(p.subject)
            self.completes.append(-1 if complete is None else complete.toordinal())
            self.whats.append(leaves.what_text(p))
        self.ids.append(pid)
        self.props.append(p)
        self.deadlines.append(deadline)
        self.groups.append(g)
        if deadline is None:
            self.lasts.append(_BIG)
            self.negatives.append(_BIG)
        else:
            last = deadline.last_day
            self.lasts.append(last.toordinal())
            negative = self.reports[g].negative_from(last)
            self.negatives.append(_BIG if negative is None else negative.date.end.toordinal())

    def decide(self, as_of: dt.date) -> tuple[list[int], list[bool]]:
        """The verdict code of every row and whether it was known by ``as_of``, in columns."""
        n = len(self.reports)
        conflict = np.full(n, _BIG, np.int64)
        start = np.full(n, _BIG, np.int64)
        end = np.full(n, _BIG, np.int64)
        for i, r in enumerate(self.reports):
            if r.conflict is not None:
                conflict[i] = r.conflict.day.toordinal()
            elif r.first is not None and r.window is not None:
                start[i] = r.window.start.toordinal()
                end[i] = r.window.end.toordinal()
        g = np.asarray(self.groups, np.int64)
        conflict, start, end = conflict[g], start[g], end[g]
        complete = np.asarray(self.completes, np.int64)[g]
        last = np.asarray(self.lasts, np.int64)
        negative = np.asarray(self.negatives, np.int64)
        deadline = last < _BIG
        window = (start < _BIG) & (conflict == _BIG)
        inside = deadline & window & (start <= last)
        # nothing by the last day: a NO known the day after it (never after 9999-12-31)
        none = deadline & ~inside & (conflict == _BIG) & (last < _MAX_ORD)
        by_complete = none & (complete >= last)
        negative_day = np.maximum(last + 1, negative)
        by_negative = none & (negative < _BIG) & ~(by_complete & (last + 1 <= negative_day))
        code = np.select(
            [
                conflict < _BIG,
                ~deadline & window,
                inside & (end <= last),
                inside,
                by_complete,
                by_negative,
            ],
            [_DISAGREE, _OPEN_YES, _BY_YES, _STRADDLE, _NO_COMPLETE, _NO_NEGATIVE],
            _NONE,
        )
        day = np.select(
            [code == _DISAGREE, code == _NO_COMPLETE, code == _NO_NEGATIVE, code != _NONE],
            [conflict, last + 1, negative_day, end],
            _BIG,
        )
        return code.tolist(), (day <= as_of.toordinal()).tolist()

    def resolutions(self, as_of: dt.date) -> Iterator[tuple[str, Resolution]]:
        """Every row's resolution as of ``as_of``, in row order."""
        if not self.ids:
            return
        codes, known = self.decide(as_of)
        for i, (code, shown) in enumerate(zip(codes, known, strict=True)):
            p, deadline = self.props[i], self.deadlines[i]
            reports = self.reports[self.groups[i]]
            if shown:
                yield self.ids[i], self._known(i, code, as_of)
            else:
                what = self.whats[self.groups[i]]
                reason = leaves.occurs_pending(
                    self.index, p.subject, what, reports, deadline, as_of=as_of
                )
                yield (
                    self.ids[i],
                    Resolution(
                        status=Status.PENDING,
                        as_of=as_of,
                        reason=reason,
                        open_ended=deadline is None,
                        deadline=deadline,
                    ),
                )

    def _due(self, deadline: Deadline) -> str:
        """How a reason names ``deadline``, worded once per reading."""
        due = self._dues.get(id(deadline))
        if due is None:
            due = self._dues[id(deadline)] = leaves.due_text(deadline)
        return due

    def _known(self, i: int, code: int, as_of: dt.date) -> Resolution:
        """The resolution of row ``i``, whose outcome (``code``) was known by ``as_of``."""
        p, deadline = self.props[i], self.deadlines[i]
        reports = self.reports[self.groups[i]]
        what = self.whats[self.groups[i]]
        first, window = reports.first, reports.window
        if code in (_OPEN_YES, _BY_YES, _STRADDLE):
            assert first is not None
            assert window is not None
            if code == _STRADDLE:
                assert deadline is not None
                status, settled = Status.AMBIGUOUS, window.end
                reason = leaves.straddle_text(what, window, self._due(deadline))
            else:
                status, settled = Status.YES, window.start
                if deadline is None:
                    reason = leaves.open_yes_text(what, first)
                else:
                    reason = leaves.by_yes_text(what, first, self._due(deadline))
            return Resolution(
                status=status,
                as_of=as_of,
                reason=reason,
                decided_on=window.end,
                events=(first,),
                open_ended=deadline is None,
                deadline=deadline,
                settled_from=settled,
            )
        if code == _NO_COMPLETE and self.negatives[i] == _BIG:
            assert deadline is not None
            day = deadline.last_day + _DAY
            complete = self.index.complete(p.subject)
            assert complete is not None
            due = self._due(deadline)
            return Resolution(
                status=Status.NO,
                as_of=as_of,
                reason=_final.complete_no_text(what, due, p.subject, complete),
                decided_on=day,
                deadline=deadline,
                settled_from=day,
            )
        if code == _DISAGREE:
            assert reports.conflict is not None
            final = _final.disagree(what, reports.conflict)
        else:  # a NO beside a "had not happened" report: the per-prediction rule, as it is rare
            assert deadline is not None
            due = self._due(deadline)
            found = _final.none_by(self.index, p.subject, what, reports, deadline.last_day, due=due)
            assert found is not None
            final = found
        return _final.leaf(final, as_of, deadline=deadline, open_ended=deadline is None)


def resolve_all(
    index: Timeline, predictions: Iterable[Prediction], as_of: dt.date, fallback: Fallback
) -> dict[str, Resolution]:
    """Resolve every prediction that records a proposition, plain occurs questions in columns.

    Args:
        index: the indexed event log.
        predictions: the predictions, in ledger order.
        as_of: the day the questions are asked.
        fallback: the per-prediction resolver, for every shape the columns do not cover.

    Returns:
        By prediction id, in the order given: each resolution, equal to the fallback's.
    """
    out: dict[str, Resolution | None] = {}
    rows = _Rows(index)
    row_of: dict[str, int] = {}  # the row giving an id's resolution (the last one, as in a dict)
    for prediction in predictions:
        p, pid = prediction.proposition, prediction.id
        if p is None:
            continue
        if columnar(p):
            assert isinstance(p, Occurs)
            out[pid] = None  # keeps the ledger order; filled below
            row_of[pid] = len(rows.ids)
            rows.add(pid, p, prediction.stated)
        else:
            out[pid] = fallback(p, as_of, prediction.stated)
            row_of.pop(pid, None)
    for i, (pid, resolution) in enumerate(rows.resolutions(as_of)):
        if row_of.get(pid) == i:
            out[pid] = resolution
    return out  # type: ignore[return-value]  # every placeholder is filled above
