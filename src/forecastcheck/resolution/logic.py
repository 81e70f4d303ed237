"""``not``, ``all``, ``any`` and ``if``: the as-of answers of parts combined in three-valued logic.

The parts are resolved as of the same date; a combination is decided as soon
as its parts decide it (Kleene logic), on the day the deciding part became
known, and PENDING while a part that could still decide it is pending.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

import attrs

from forecastcheck.ledger import Event
from forecastcheck.resolution.outcomes import Resolution, Status

# The rules are called by the resolver as module functions; none is API.
__all__: list[str] = []

_MAX = dt.date.max

_SWAP = {Status.YES: Status.NO, Status.NO: Status.YES}


def _merged(parts: Iterable[Resolution]) -> tuple[Event, ...]:
    seen: dict[str, Event] = {}
    for part in parts:
        for event in part.events:
            seen.setdefault(event.id, event)
    return tuple(seen.values())


def negate(inner: Resolution) -> Resolution:
    """``not``: YES and NO swap; anything else stays, with the reason kept."""
    status = _SWAP.get(inner.status, inner.status)
    if status is Status.PENDING:
        reason = inner.reason
    else:
        reason = f"the negated proposition is {inner.status}: {inner.reason}"
    return attrs.evolve(inner, status=status, reason=reason, parts=(inner,))


def _undecided(parts: Sequence[Resolution], as_of: dt.date, how: str) -> Resolution:
    """The result when no part decides: PENDING if any part may still, else AMBIGUOUS/ANNULLED."""
    open_ended = any(p.open_ended for p in parts)
    pending = [i for i, p in enumerate(parts) if p.status is Status.PENDING]
    if pending:
        which = ", ".join(str(i + 1) for i in pending)
        return Resolution(
            status=Status.PENDING,
            as_of=as_of,
            reason=f"{how}: part {which} not decided yet; {parts[pending[0]].reason}",
            open_ended=open_ended,
            parts=tuple(parts),
        )
    status = (
        Status.AMBIGUOUS if any(p.status is Status.AMBIGUOUS for p in parts) else Status.ANNULLED
    )
    failed = [(i, p) for i, p in enumerate(parts) if p.status is status]
    return Resolution(
        status=status,
        as_of=as_of,
        reason=f"{how}: " + "; ".join(f"part {i + 1} is {p.status}: {p.reason}" for i, p in failed),
        decided_on=max(p.decided_on for p in parts if p.decided_on is not None),
        settled_from=max(p.settled_from for p in parts if p.settled_from is not None),
        events=_merged(p for _, p in failed),
        open_ended=open_ended,
        parts=tuple(parts),
    )


def _decisive(
    parts: Sequence[Resolution], status: Status, as_of: dt.date, how: str
) -> Resolution | None:
    """The earliest part with ``status`` decides the whole (NO for all, YES for any)."""
    hits = [(p.decided_on or _MAX, i, p) for i, p in enumerate(parts) if p.status is status]
    if not hits:
        return None
    _, i, part = min(hits, key=lambda h: (h[0], h[1]))
    return Resolution(
        status=status,
        as_of=as_of,
        reason=f"{how}: part {i + 1} is {status}: {part.reason}",
        decided_on=part.decided_on,
        settled_from=min(p.settled_from or _MAX for _, _, p in hits),
        events=part.events,
        open_ended=any(p.open_ended for p in parts),
        deadline=part.deadline,
        parts=tuple(parts),
    )


def _every(
    parts: Sequence[Resolution], status: Status, as_of: dt.date, how: str
) -> Resolution | None:
    """Every part has ``status`` (YES for all, NO for any): known when the last one was."""
    if not all(p.status is status for p in parts):
        return None
    days = [p.decided_on for p in parts if p.decided_on is not None]
    return Resolution(
        status=status,
        as_of=as_of,
        reason=f"{how}: every part is {status}: " + "; ".join(p.reason for p in parts),
        decided_on=max(days),
        settled_from=max(p.settled_from for p in parts if p.settled_from is not None),
        events=_merged(parts),
        open_ended=any(p.open_ended for p in parts),
        parts=tuple(parts),
    )


def all_of(parts: Sequence[Resolution], as_of: dt.date) -> Resolution:
    """``all``: NO when a part is NO (the earliest), YES when every part is YES."""
    return (
        _decisive(parts, Status.NO, as_of, "all")
        or _every(parts, Status.YES, as_of, "all")
        or _undecided(parts, as_of, "all")
    )


def any_of(parts: Sequence[Resolution], as_of: dt.date) -> Resolution:
    """``any``: YES when a part is YES (the earliest), NO when every part is NO."""
    return (
        _decisive(parts, Status.YES, as_of, "any")
        or _every(parts, Status.NO, as_of, "any")
        or _undecided(parts, as_of, "any")
    )


def if_then(condition: Resolution, then: Resolution) -> Resolution:
    """``if``: the consequent when the condition holds, ANNULLED when it does not."""
    as_of = condition.as_of
    parts = (condition, then)
    open_ended = condition.open_ended or then.open_ended
    if condition.status is Status.NO:
        return Resolution(
            status=Status.ANNULLED,
            as_of=as_of,
            reason=f"annulled: the condition did not hold: {condition.reason}",
            decided_on=condition.decided_on,
            settled_from=condition.settled_from,
            events=condition.events,
            open_ended=open_ended,
            deadline=condition.deadline,
            parts=parts,
        )
    if condition.status is Status.YES:
        if then.status is Status.PENDING:
            return attrs.evolve(
                then,
                reason=f"the condition holds; the consequent is pending: {then.reason}",
                open_ended=open_ended,
                parts=parts,
            )
        assert condition.decided_on is not None
        assert then.decided_on is not None
        return attrs.evolve(
            then,
            reason=f"the condition holds ({condition.reason}); then {then.status}: {then.reason}",
            decided_on=max(condition.decided_on, then.decided_on),
            settled_from=max(condition.settled_from or _MAX, then.settled_from or _MAX),
            events=_merged(parts),
            open_ended=open_ended,
            parts=parts,
        )
    if condition.status is Status.PENDING:
        return Resolution(
            status=Status.PENDING,
            as_of=as_of,
            reason=f"the condition is not decided yet: {condition.reason}",
            open_ended=open_ended,
            parts=parts,
        )
    return attrs.evolve(
        condition,
        reason=f"the condition is {condition.status}: {condition.reason}",
        open_ended=open_ended,
        parts=parts,
    )
