"""Propositions: what makes a prediction true, as a small algebra of immutable classes.

- :class:`Occurs` — an event happens by a deadline (or, with no deadline, ever);
- :class:`HoldsAt` — a state holds on a date;
- :class:`HoldsThroughout` — a state holds on every day of a period;
- :class:`DateOf` — the date of an event, as a point with an optional interval;
- :class:`ValueOf` — the value of a quantity, as a point with an optional interval;
- :class:`Not`, :class:`AllOf`, :class:`AnyOf` — logic;
- :class:`If` — a conditional: *if* the condition holds, *then* the consequent.

Deadlines and dates inside propositions are kept as written ("by November
2025", "end of September this year", "2025-11-10"): they are read relative to
the prediction's statement date by :mod:`forecastcheck.ledger.deadlines`, so
what the file says is what the model keeps; :func:`date_fields` names the
phrases a proposition holds and how each is read.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Literal, TypeAlias

import attrs

from forecastcheck.errors import FieldError
from forecastcheck.ledger import _fields

__all__ = [
    "MAX_PROPOSITION_DEPTH",
    "TOO_DEEP",
    "AllOf",
    "Anchor",
    "AnyOf",
    "DateOf",
    "HoldsAt",
    "HoldsThroughout",
    "If",
    "Not",
    "Occurs",
    "Proposition",
    "ValueOf",
    "proposition_depth",
    "walk",
    "walk_paths",
]

MAX_PROPOSITION_DEPTH = 32
"""How deep ``not``, ``all``, ``any`` and ``if`` may nest propositions (a lone ``occurs`` is 1)."""


@attrs.frozen(kw_only=True)
class Anchor:
    """What an anchored deadline counts from: an event of the log, or the first of a kind.

    Either ``event`` (the id of an event of the log: a named date, "the
    Olympics' closing ceremony") or ``subject`` and ``kind`` (the first event
    of that subject and kind, which may never happen: "a full invasion"),
    with ``by``, the latest the anchor may happen for the call to be
    triggered, read against the statement date (none: it may happen any time).

    .. versionadded:: 0.3
    """

    event: str | None = attrs.field(default=None, validator=_fields.optional_identifier)
    subject: str | None = attrs.field(default=None, validator=_fields.optional_identifier)
    kind: str | None = attrs.field(default=None, validator=_fields.optional_identifier)
    by: str | None = None

    def __attrs_post_init__(self) -> None:
        if (self.event is None) == (self.subject is None or self.kind is None):
            raise ValueError("an anchor names an event, or a subject and a kind (not both)")
        if self.event is not None and (self.subject, self.kind, self.by) != (None, None, None):
            raise ValueError("an anchor naming an event takes no subject, kind or by")


@attrs.frozen(kw_only=True)
class Occurs:
    """The event ``kind`` happens to ``subject`` by ``deadline``.

    Args:
        subject: what the event is about (matches :attr:`Event.subject`).
        kind: what happens (matches :attr:`Event.kind`).
        deadline: the deadline as written ("by November 2025", "2025-11-10",
            "before 2027"); ``None`` for a claim with no horizon
            ("eventually", "never"), which is open-ended.
        text: the proposition in plain words, for reports.
        after: the :class:`Anchor` the deadline counts from ("within 72
            hours" of it), instead of the statement date; ``None`` (the
            default) for the statement date.

    .. versionchanged:: 0.3
       ``after``.
    """

    subject: str = attrs.field(validator=_fields.identifier)
    kind: str = attrs.field(validator=_fields.identifier)
    deadline: str | None = None
    text: str = ""
    after: Anchor | None = None

    @property
    def open_ended(self) -> bool:
        """True when the claim has no horizon."""
        return self.deadline is None


@attrs.frozen(kw_only=True)
class HoldsAt:
    """The state ``state`` holds on the day ``date`` (a date or phrase, as written)."""

    state: str = attrs.field(validator=_fields.identifier)
    date: str = attrs.field(validator=_fields.text)
    text: str = ""


@attrs.frozen(kw_only=True)
class HoldsThroughout:
    """The state ``state`` holds on every day from ``start`` to ``end`` (as written)."""

    state: str = attrs.field(validator=_fields.identifier)
    start: str = attrs.field(validator=_fields.text)
    end: str = attrs.field(validator=_fields.text)
    text: str = ""


@attrs.frozen(kw_only=True)
class DateOf:
    """A date forecast: when the event ``kind`` happens to ``subject``.

    As a yes/no proposition it reads "the event happens within
    [``earliest``, ``latest``]" (a missing bound is open); with neither bound it
    reads "the event happens within the window ``point`` names".

    Args:
        subject: what the event is about.
        kind: what happens.
        point: the forecast date as written ("end of September this year").
        earliest: the earliest date of the stated interval, as written.
        latest: the latest date of the stated interval, as written.
        level: the stated interval's nominal level ("90% sure it is between
            …"), in (0, 1); ``None`` when none was stated.
        text: the proposition in plain words.

    Recorded with no confidence, it is a point forecast scored by its error
    in days (see ``docs/scoring.md``).
    """

    # Same shape as records.Document's fields: validated attrs fields (intentional).
    subject: str = attrs.field(validator=_fields.identifier)
    kind: str = attrs.field(validator=_fields.identifier)
    point: str = attrs.field(validator=_fields.text)
    earliest: str | None = None
    latest: str | None = None
    level: float | None = attrs.field(default=None, validator=_fields.level)
    text: str = ""

    def __attrs_post_init__(self) -> None:
        _fields.level_has_interval(self.level, self.earliest, self.latest)


@attrs.frozen(kw_only=True)
class ValueOf:
    """A number forecast: the value of ``quantity`` for ``subject``.

    As a yes/no proposition it reads "the value lies within [``lower``,
    ``upper``]" (a missing bound is open); with neither bound, "the value
    equals ``point``".

    Args:
        subject: what the quantity is about.
        quantity: which quantity (matches :attr:`Event.kind` of events carrying a value).
        point: the forecast value.
        lower: the lower end of the stated interval.
        upper: the upper end of the stated interval.
        by: when the value is due, as written; ``None`` when open-ended.
        level: the stated interval's nominal level, in (0, 1); ``None`` when
            none was stated.
        text: the proposition in plain words.

    Recorded with no confidence, it is a point forecast scored by its error
    (see ``docs/scoring.md``).
    """

    subject: str = attrs.field(validator=_fields.identifier)
    quantity: str = attrs.field(validator=_fields.identifier)
    point: float = attrs.field(validator=_fields.finite)
    lower: float | None = attrs.field(default=None, validator=_fields.finite)
    upper: float | None = attrs.field(default=None, validator=_fields.finite)
    by: str | None = None
    level: float | None = attrs.field(default=None, validator=_fields.level)
    text: str = ""

    def __attrs_post_init__(self) -> None:
        if self.lower is not None and self.upper is not None and self.lower > self.upper:
            raise ValueError(f"lower ({self.lower}) exceeds upper ({self.upper})")
        _fields.level_has_interval(self.level, self.lower, self.upper)


@attrs.frozen(kw_only=True)
class Not:
    """The negation of ``proposition``."""

    proposition: Proposition
    text: str = ""


@attrs.frozen(kw_only=True)
class AllOf:
    """Every one of ``propositions`` holds."""

    propositions: tuple[Proposition, ...] = attrs.field(
        converter=_fields.as_tuple, validator=_fields.nonempty
    )
    text: str = ""


@attrs.frozen(kw_only=True)
class AnyOf:
    """At least one of ``propositions`` holds."""

    propositions: tuple[Proposition, ...] = attrs.field(
        converter=_fields.as_tuple, validator=_fields.nonempty
    )
    text: str = ""


@attrs.frozen(kw_only=True)
class If:
    """A conditional forecast: if ``condition`` holds, ``then`` holds.

    It is annulled when the condition turns out false, and otherwise decided
    by the consequent.
    """

    condition: Proposition
    then: Proposition
    text: str = ""


Proposition: TypeAlias = (
    Occurs | HoldsAt | HoldsThroughout | DateOf | ValueOf | Not | AllOf | AnyOf | If
)


def walk(proposition: Proposition) -> Iterator[Proposition]:
    """Every proposition inside ``proposition``, itself first, depth first."""
    yield proposition
    match proposition:
        case Not(proposition=inner):
            yield from walk(inner)
        case AllOf(propositions=parts) | AnyOf(propositions=parts):
            for part in parts:
                yield from walk(part)
        case If(condition=condition, then=then):
            yield from walk(condition)
            yield from walk(then)
        case _:
            pass


def walk_paths(proposition: Proposition, path: str = "") -> Iterator[tuple[str, Proposition]]:
    """Like :func:`walk`, with each proposition's path below the root (``.propositions[1]``)."""
    yield path, proposition
    match proposition:
        case Not(proposition=inner):
            yield from walk_paths(inner, f"{path}.proposition")
        case AllOf(propositions=parts) | AnyOf(propositions=parts):
            for i, part in enumerate(parts):
                yield from walk_paths(part, f"{path}.propositions[{i}]")
        case If(condition=condition, then=then):
            yield from walk_paths(condition, f"{path}.condition")
            yield from walk_paths(then, f"{path}.then")
        case _:
            pass


How = Literal["horizon", "deadline", "point"]


def date_fields(proposition: Proposition) -> Iterator[tuple[str, str, How]]:
    """(field, text, how resolution reads it) for every date written in one proposition."""
    match proposition:
        case Occurs(deadline=str(text), after=after):
            yield "deadline", text, "horizon"
            if after is not None and after.by is not None:
                yield "after.by", after.by, "horizon"
        case ValueOf(by=str(text)):
            yield "by", text, "horizon"
        case HoldsAt(date=text):
            yield "date", text, "point"
        case HoldsThroughout(start=start, end=end):
            yield "start", start, "deadline"
            yield "end", end, "deadline"
        case DateOf(point=point, earliest=earliest, latest=latest):
            yield "point", point, "point"
            for name, bound in (("earliest", earliest), ("latest", latest)):
                if bound is not None:
                    yield name, bound, "deadline"
        case _:
            pass


def proposition_depth(proposition: Proposition) -> int:
    """How many propositions the longest chain of nested ones holds (a leaf alone is 1)."""
    if type(proposition) in _LEAVES or not isinstance(proposition, Not | AllOf | AnyOf | If):
        return 1
    deepest = 0
    stack: list[tuple[Proposition, int]] = [(proposition, 1)]
    while stack:
        part, depth = stack.pop()
        deepest = max(deepest, depth)
        if depth > MAX_PROPOSITION_DEPTH:
            break
        match part:
            case Not(proposition=inner):
                stack.append((inner, depth + 1))
            case AllOf(propositions=parts) | AnyOf(propositions=parts):
                stack.extend((p, depth + 1) for p in parts)
            case If(condition=condition, then=then):
                stack.extend(((condition, depth + 1), (then, depth + 1)))
            case _:
                pass
    return deepest


_LEAVES = frozenset({Occurs, HoldsAt, HoldsThroughout, DateOf, ValueOf})
"""The propositions that hold no other (a leaf is told by its type without ``isinstance``)."""

TOO_DEEP = f"propositions nested more than {MAX_PROPOSITION_DEPTH} deep (not, all, any and if)"
"""The problem of a proposition nested past :data:`MAX_PROPOSITION_DEPTH`."""


def shallow(instance: object, attribute: _fields.Attr, value: Proposition | None) -> None:
    """A field's validator: its proposition (if any) nests at most :data:`MAX_PROPOSITION_DEPTH`."""
    if value is not None and proposition_depth(value) > MAX_PROPOSITION_DEPTH:
        raise FieldError(attribute.name, TOO_DEEP)
