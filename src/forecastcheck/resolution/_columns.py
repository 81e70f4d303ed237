"""Columnar resolution: a whole ledger's questions gathered in batches and decided in columns.

:func:`resolve_all` resolves many predictions as of one date into
:class:`~forecastcheck.resolution.Resolutions`. Each proposition is taken
apart as the per-prediction resolver takes it: a ``not`` / ``all`` / ``any``
/ ``if`` becomes a node over its parts, and every simple proposition a row of
the batch for its class (:data:`~forecastcheck.resolution._batch.BATCHES`,
filled here: the plain ``occurs`` batch of
:mod:`~forecastcheck.resolution._occurs`, and those of ``date of``, ``value
of``, ``holds at`` and ``holds throughout`` of
:mod:`~forecastcheck.resolution._batches`), or of the fallback batch
(:class:`Each`), which resolves it by the per-prediction resolver it is
given. An ``occurs`` with an ``after`` anchor always goes to the fallback.

The decisions are made eagerly, when the mapping is made: every batch
decides its rows' statuses and decision days in columns, and each compound's
are worked out from its parts' by the rules of
:mod:`~forecastcheck.resolution.logic` (Kleene logic; see :func:`_combine`).
The records are built on read: a simple proposition's by its batch, a
compound's from its parts' records by :mod:`~forecastcheck.resolution.logic`'s
own functions, so every field (reasons included) is the per-prediction
resolver's.
"""

from __future__ import annotations

import array
import datetime as dt
from collections.abc import Callable, Iterable, Sequence

import numpy as np

from forecastcheck import _collector
from forecastcheck.ledger import (
    AllOf,
    AnyOf,
    DateOf,
    DateWindow,
    HoldsAt,
    HoldsThroughout,
    If,
    Not,
    Occurs,
    Prediction,
    Proposition,
    ValueOf,
)
from forecastcheck.resolution import _batch, _batches, _occurs, logic
from forecastcheck.resolution._batch import STATUSES, Batch
from forecastcheck.resolution.outcomes import Resolution, Resolutions, Status
from forecastcheck.resolution.timeline import Timeline

__all__: list[str] = []

#: A per-prediction resolver: proposition, as-of date, anchor.
Fallback = Callable[[Proposition, dt.date, DateWindow], Resolution]

_batch.BATCHES[Occurs] = _occurs.OccursBatch
_batch.BATCHES[DateOf] = _batches.DateOfBatch
_batch.BATCHES[ValueOf] = _batches.ValueOfBatch
_batch.BATCHES[HoldsAt] = _batches.HoldsAtBatch
_batch.BATCHES[HoldsThroughout] = _batches.HoldsThroughoutBatch

_YES, _NO, _PENDING, _AMBIGUOUS, _ANNULLED = (STATUSES.index(s) for s in Status)
_CODE = {s: i for i, s in enumerate(STATUSES)}
_SWAP = (_NO, _YES, _PENDING, _AMBIGUOUS, _ANNULLED)  # not: YES and NO swap
_NEVER = dt.date.max.toordinal() + 1  # later than any decision day

# a node's kind: a batch's row (>= 0, the batch's number), or a compound over its parts
_NOT, _ALL, _ANY, _IF = -1, -2, -3, -4


class Each:
    """The fallback batch: each question resolved on its own, its record kept.

    Args:
        index: the indexed event log (unused: ``fallback`` has its own).
        fallback: the per-prediction resolver.
    """

    def __init__(self, index: Timeline, fallback: Fallback) -> None:
        self.fallback = fallback
        self.asked: list[tuple[Proposition, DateWindow]] = []
        self.records: list[Resolution] = []

    def add(self, proposition: Proposition, anchor: DateWindow) -> int:
        """File one question; it is resolved by :meth:`decide`."""
        self.asked.append((proposition, anchor))
        return len(self.asked) - 1

    def decide(self, as_of: dt.date) -> tuple[np.ndarray, np.ndarray]:
        """Every question resolved, record and all; the status and day read off each."""
        fallback = self.fallback
        records = self.records = []
        for n, (proposition, anchor) in enumerate(self.asked, 1):
            if n % _collector.SETTLE_EVERY == 0:  # the records made so far join the freeze
                _collector.settled()
            records.append(fallback(proposition, as_of, anchor))
        codes = np.array([_CODE[r.status] for r in records], np.int8)
        days = [0 if r.decided_on is None else r.decided_on.toordinal() for r in records]
        return codes, np.array(days, np.int64)

    def record(self, row: int, as_of: dt.date) -> Resolution:
        """Row ``row``'s record, made by :meth:`decide`."""
        return self.records[row]


class _Graph:
    """The questions of many predictions: batches' rows, and compounds over other nodes."""

    def __init__(self, index: Timeline, fallback: Fallback) -> None:
        self.index = index
        self.each = Each(index, fallback)
        self.batches: list[Batch] = [_occurs.OccursBatch(index), self.each]
        self._numbers: dict[type, int] = {Occurs: 0}  # each class's batch, by number
        # each class with a batch of its own but Occurs (whose rows split): its number and the
        # batch's add, the way most rows are filed
        self.direct: dict[type, tuple[int, Callable[[Proposition, DateWindow], int]]] = {}
        # machine integers, not lists of int objects: a million nodes are 9 MB, made columns
        # by one copy
        self.kinds = array.array("b")  # each node's kind: its batch's number, or _NOT ... _IF
        self.args = array.array("q")  # each node's row in its batch, or its parts' place
        self.parts: list[tuple[int, ...]] = []
        # each node's status code and decision day, once decided
        self.codes: np.ndarray = np.zeros(0, np.int8)
        self.days: np.ndarray = np.zeros(0, np.int64)
        self.as_of = dt.date.min
        self.top: Sequence[int] = ()  # each prediction's node, by its place in the mapping

    def add(self, proposition: Proposition, anchor: DateWindow) -> int:
        """A node for any proposition (its parts' nodes first); returns its number."""
        cls = type(proposition)
        direct = self.direct.get(cls)
        if direct is not None:  # a class met before, with a batch of its own
            self.args.append(direct[1](proposition, anchor))
            kinds = self.kinds
            kinds.append(direct[0])
            return len(kinds) - 1
        kind = _COMPOUNDS.get(cls)
        if kind is None:  # a simple proposition, or a compound's subclass
            if cls is Occurs:  # plain, or anchored (the fallback's)
                kind = 0 if proposition.after is None else 1  # type: ignore[union-attr]
            else:
                kind = self._numbers.get(cls)
                if kind is None:  # a class not met yet
                    kind, parts = _shape(proposition)
                    if kind < 0:
                        return self._compound(kind, parts, anchor)
                    kind = self._batch(proposition)
            arg = self.batches[kind].add(proposition, anchor)
            self.kinds.append(kind)
            self.args.append(arg)
            return len(self.kinds) - 1
        if kind == _NOT:
            return self._compound(kind, (proposition.proposition,), anchor)  # type: ignore[union-attr]
        if kind == _IF:
            parts = (proposition.condition, proposition.then)  # type: ignore[union-attr]
            return self._compound(kind, parts, anchor)
        return self._compound(kind, proposition.propositions, anchor)  # type: ignore[union-attr]

    def _compound(self, kind: int, parts: Sequence[Proposition], anchor: DateWindow) -> int:
        """A compound's node over its parts' (added first, in order); returns its number."""
        add = self.add
        nodes = tuple([add(part, anchor) for part in parts])
        self.kinds.append(kind)
        self.args.append(len(self.parts))
        self.parts.append(nodes)
        return len(self.kinds) - 1

    def _batch(self, proposition: Proposition) -> int:
        """The number of the batch for ``proposition``'s class (made on first use)."""
        cls = type(proposition)
        if cls is Occurs and proposition.after is not None:  # type: ignore[union-attr]
            return 1  # anchored: the fallback
        number = self._numbers.get(cls)
        if number is None:
            factory = _batch.BATCHES.get(cls)
            if factory is None:
                number = 1
            else:
                number = len(self.batches)
                batch = factory(self.index)
                self.batches.append(batch)
                if cls is not Occurs:
                    self.direct[cls] = (number, batch.add)
            self._numbers[cls] = number
        return number

    def decide(self, as_of: dt.date) -> None:
        """Every node's status and decision day: the batches' in columns, then the compounds'."""
        self.as_of = as_of
        n = len(self.kinds)
        codes = np.zeros(n, np.int8)
        days = np.zeros(n, np.int64)
        kinds, args = np.array(self.kinds, np.int64), np.array(self.args, np.int64)
        for number, batch in enumerate(self.batches):
            found, found_days = batch.decide(as_of)
            mine = np.flatnonzero(kinds == number)
            codes[mine] = found[args[mine]]
            days[mine] = found_days[args[mine]]
        compounds = np.flatnonzero(kinds < 0).tolist()
        if compounds:  # worked out one by one, over lists (read faster an item at a time)
            code_list, day_list = codes.tolist(), days.tolist()
            node_kinds, node_args, node_parts = self.kinds, self.args, self.parts
            for node in compounds:  # parts come before their compound
                code_list[node], day_list[node] = _combine(
                    node_kinds[node], node_parts[node_args[node]], code_list, day_list
                )
            codes[compounds] = [code_list[node] for node in compounds]
            days[compounds] = [day_list[node] for node in compounds]
        self.codes, self.days = codes, days

    def place(self, place: int) -> Resolution:
        """The record of the prediction in ``place``: its node's (a simple one's straight off
        its batch)."""
        node = self.top[place]
        kind = self.kinds[node]
        if kind >= 0:
            return self.batches[kind].record(self.args[node], self.as_of)
        return self.record(node)

    def record(self, node: int) -> Resolution:
        """Node ``node``'s record: its batch's, or its parts' combined by :mod:`logic`.

        Not kept here: each node is a part of one prediction only, whose
        record the :class:`~forecastcheck.resolution.Resolutions` keeps.
        """
        kind, arg, as_of = self.kinds[node], self.args[node], self.as_of
        if kind >= 0:
            return self.batches[kind].record(arg, as_of)
        parts = [self.record(part) for part in self.parts[arg]]
        if kind == _NOT:
            return logic.negate(parts[0])
        if kind == _ALL:
            return logic.all_of(parts, as_of)
        if kind == _ANY:
            return logic.any_of(parts, as_of)
        return logic.if_then(parts[0], parts[1])


#: Each compound class's kind, by exact class (a subclass is found by :func:`_shape`).
_COMPOUNDS: dict[type, int] = {Not: _NOT, AllOf: _ALL, AnyOf: _ANY, If: _IF}


def _shape(proposition: Proposition) -> tuple[int, Sequence[Proposition]]:
    """A compound's kind and parts; ``(0, ())`` for a simple proposition."""
    if isinstance(proposition, Not):
        return _NOT, (proposition.proposition,)
    if isinstance(proposition, AllOf):
        return _ALL, proposition.propositions
    if isinstance(proposition, AnyOf):
        return _ANY, proposition.propositions
    if isinstance(proposition, If):
        return _IF, (proposition.condition, proposition.then)
    return 0, ()


def _combine(
    kind: int, parts: tuple[int, ...], codes: list[int], days: list[int]
) -> tuple[int, int]:
    """A compound's status code and decision day from its parts', as :mod:`logic` decides them.

    ``not`` swaps YES and NO and keeps the day; ``all`` (``any``) is NO (YES)
    on the day of its earliest NO (YES) part (the first such part on a tie),
    YES (NO) when every part is, on the latest part's day, PENDING while a part
    is, and otherwise AMBIGUOUS when a part is, else ANNULLED, on the latest
    day of any part; ``if`` is ANNULLED on the condition's day when it is NO,
    the consequent's status when it is YES (on the later of the two days
    once the consequent is decided), and PENDING, AMBIGUOUS or ANNULLED with
    the condition otherwise.
    """
    if kind == _NOT:
        return _SWAP[codes[parts[0]]], days[parts[0]]
    if kind == _IF:
        condition, then = parts
        c, t = codes[condition], codes[then]
        if c == _NO:
            return _ANNULLED, days[condition]
        if c == _YES:
            if t == _PENDING:
                return t, days[then]
            return t, max(days[condition], days[then])
        if c == _PENDING:
            return _PENDING, 0
        return c, days[condition]
    decisive, every = (_NO, _YES) if kind == _ALL else (_YES, _NO)
    # one pass over the parts (a compound of every few predictions is worked out here)
    first = _NEVER + 1  # the earliest decisive part's day; a part with no day counts as latest
    first_day = 0
    alike, pending, ambiguous = True, False, False
    latest = 0  # 0, no day, is below every day
    for part in parts:
        code, day = codes[part], days[part]
        if code == decisive:
            if (day or _NEVER) < first:  # the first such part on a tie
                first, first_day = day or _NEVER, day
        elif code != every:
            alike = False
            if code == _PENDING:
                pending = True
            elif code == _AMBIGUOUS:
                ambiguous = True
        latest = max(latest, day)
    if first <= _NEVER:
        return decisive, first_day
    if alike:
        return every, latest
    if pending:
        return _PENDING, 0
    return (_AMBIGUOUS if ambiguous else _ANNULLED), latest


def columnar(proposition: Proposition) -> bool:
    """Whether some simple proposition in ``proposition`` is decided in a batch's columns.

    Every simple part counts but an ``occurs`` with an ``after`` anchor and a
    class with no batch in :data:`~forecastcheck.resolution._batch.BATCHES`.
    """
    kind, parts = _shape(proposition)
    if kind < 0:
        return any(columnar(part) for part in parts)
    if type(proposition) is Occurs and proposition.after is not None:
        return False
    return type(proposition) in _batch.BATCHES


def resolve_all(
    index: Timeline, predictions: Iterable[Prediction], as_of: dt.date, fallback: Fallback
) -> Resolutions:
    """Resolve every prediction that records a proposition, decided in columns.

    The objects alive on entry are frozen for the garbage collector meanwhile
    (:func:`forecastcheck._collector.held`); it keeps running.

    Args:
        index: the indexed event log.
        predictions: the predictions, in ledger order.
        as_of: the day the questions are asked.
        fallback: the per-prediction resolver, for every shape no batch covers.

    Returns:
        By prediction id, in the order given (a repeated id keeps its first
        place and its last proposition, as in a dict): each resolution,
        equal to the fallback's; every status and decision day decided now,
        each record built when read.
    """
    with _collector.held():
        graph = _Graph(index, fallback)
        plain: _occurs.OccursBatch = graph.batches[0]  # type: ignore[assignment]
        add, direct, fixed, reading = graph.add, graph.direct, plain.fixed, plain.reading
        kinds, args, props, dues = graph.kinds, graph.args, plain.props, plain.dues
        pids: list[str] = []  # each prediction's id and node, in order
        nodes = array.array("q")
        settle = _collector.SETTLE_EVERY
        for n, prediction in enumerate(predictions, 1):
            p = prediction.proposition
            if n % settle == 0:
                _collector.settled()
            if p is None:
                continue
            if type(p) is Occurs and p.after is None:  # the common case: OccursBatch.add inlined
                text = p.deadline
                due = fixed.get(text)
                if due is None:
                    due = reading(text, prediction.stated)  # type: ignore[arg-type]
                nodes.append(len(kinds))
                kinds.append(0)
                args.append(len(dues))
                props.append(p)
                dues.append(due)
            else:
                simple = direct.get(type(p))
                if simple is not None:  # a simple class met before: _Graph.add's first step
                    arg = simple[1](p, prediction.stated)
                    nodes.append(len(kinds))
                    kinds.append(simple[0])
                    args.append(arg)
                else:
                    nodes.append(add(p, prediction.stated))
            pids.append(prediction.id)
        ids = dict(zip(pids, range(len(pids)), strict=True))
        top: Sequence[int] = nodes
        if len(ids) < len(pids):  # a repeated id keeps its first place and its last node
            last = dict(zip(pids, nodes, strict=True))  # as a dict keeps them
            ids = dict(zip(last, range(len(last)), strict=True))
            top = list(last.values())
        graph.top = top
        graph.decide(as_of)
        nodes_ = np.array(top, np.int64)
        codes, days = graph.codes[nodes_], graph.days[nodes_]
        return Resolutions(as_of, ids, codes, days, graph.place)
