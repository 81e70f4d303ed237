"""Restated forecasts: predictions linked by ``revises`` into chains, and their checks.

A prediction that names an earlier one in ``revises`` restates it: the same
source, on the same proposition (its wording, ``text``, aside), at a later
time. The readings so linked are one forecast over time, a *chain*, read from
its first reading (which revises nothing) to its last. A chain is a line:
two readings may not revise the same one (a fork), and no reading may revise
itself through others (a cycle). :func:`chain_problems` finds every breach;
:func:`chains_of` gives the chains of a checked ledger's predictions. How a
chain is scored is a policy (:data:`RESTATED_POLICIES`), named here so that
every front can offer it without loading the evaluation.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Literal, Protocol

import attrs

from forecastcheck.errors import ForecastcheckError, Problem, shown
from forecastcheck.ledger.propositions import (
    AllOf,
    AnyOf,
    If,
    Not,
    Proposition,
    date_fields,
    walk,
)
from forecastcheck.ledger.readings import Readings
from forecastcheck.ledger.records import Prediction

__all__ = [
    "DEFAULT_RESTATED",
    "RESTATED_POLICIES",
    "Restated",
    "chain_problems",
    "chains_of",
    "parse_restated",
    "same_question",
]

Restated = Literal["each", "first", "last", "time-averaged"]
"""How a chain is scored (:mod:`forecastcheck.evaluation.restating` applies it)."""

RESTATED_POLICIES: tuple[Restated, ...] = ("each", "first", "last", "time-averaged")
"""The policies for restated forecasts (``--restated``, ``evaluate(restated=...)``)."""

DEFAULT_RESTATED: Restated = "time-averaged"
"""The default policy: each reading weighed by the days it stood."""


def parse_restated(text: str) -> Restated:
    """A policy for restated forecasts from text (an ini file's, a command line's).

    Raises:
        ValueError: the text names no policy, with a message fit for a usage error.
    """
    for policy in RESTATED_POLICIES:
        if text == policy:
            return policy
    raise ValueError(f"expected one of {', '.join(RESTATED_POLICIES)}, got {text!r}")


Place = tuple[str, str]
"""(file, record path) of a prediction record."""


def _shape(proposition: Proposition) -> Iterator[object]:
    """The proposition, part by part in :func:`walk` order, its wording left out."""
    for part in walk(proposition):
        if isinstance(part, Not | AllOf | AnyOf | If):
            width = len(part.propositions) if isinstance(part, AllOf | AnyOf) else 0
            yield type(part), width
        else:
            yield attrs.evolve(part, text="")


def same_question(a: Proposition | None, b: Proposition | None) -> bool:
    """Whether two propositions ask the same thing as written, their ``text`` aside."""
    if a is None or b is None:
        return a is b
    return list(_shape(a)) == list(_shape(b))


def _moving_phrase(
    proposition: Proposition, earlier: Prediction, later: Prediction, readings: Readings
) -> str | None:
    """A date phrase of the proposition two readings share that their dates read differently."""
    for part in walk(proposition):
        for _, text, how in date_fields(part):
            try:
                first = readings.read(text, how, earlier.stated).window
                second = readings.read(text, how, later.stated).window
            except ForecastcheckError:  # unreadable: its own problem is reported
                continue
            if first != second:
                return f"{shown(text)} means {first} for the one and {second} for the other"
    return None


def _where(place: Place, other: Place) -> str:
    return f"{other[0]}: {other[1]}" if other[0] != place[0] else other[1]


def _pair_messages(other: Prediction, p: Prediction, at: str, readings: Readings) -> Iterator[str]:
    """What is wrong with ``p`` revising ``other`` (placed at ``at``), in words."""
    named = f"revises {shown(other.id)} (at {at})"
    if other.source != p.source:
        yield (
            f"{named} of source {shown(other.source)}, not of {shown(p.source)}: "
            "a reading restates its own source's forecast"
        )
    elif not same_question(other.proposition, p.proposition):
        yield f"{named}, which has a different proposition: a reading restates the same question"
    elif p.proposition is not None:
        moving = _moving_phrase(p.proposition, other, p, readings)
        if moving is not None:
            yield (
                f"{named}, but read from each statement date the date {moving}: "
                "give a chain's readings the same absolute dates"
            )
    if p.stated.end < other.stated.start:
        yield (
            f"stated ({p.stated}) before {shown(other.id)} (at {at}, stated {other.stated}), "
            "the reading it revises"
        )


def chain_problems(
    known: Iterable[str],
    predictions: Sequence[tuple[Place, Prediction]],
    readings: Readings | None = None,
) -> list[Problem]:
    """Every ``revises`` that names no prediction, or would not make a line of readings.

    Args:
        known: the id of every prediction record, including those that failed
            to validate (a revises naming one of them is not dangling).
        predictions: the predictions that validated, each with its place.
        readings: where the date phrases read are kept (a fresh set when none is given).

    Returns:
        A problem at ``….revises`` for a revises naming an unknown
        prediction, another source's, one on a different proposition (or on
        one whose relative date phrase each statement date reads differently), one
        stated after the reviser (windows that cannot overlap), one already
        revised by an earlier record (a fork), or one that leads back to
        itself (a cycle, reported once at each of its readings).
    """
    revising = [(place, p) for place, p in predictions if p.revises is not None]
    if not revising:
        return []  # no revises: nothing to name, fork or close a cycle
    ids = set(known)
    readings = Readings() if readings is None else readings
    by_id = {p.id: (place, p) for place, p in predictions}
    problems: list[Problem] = []
    revised_by: dict[str, Place] = {}
    for place, p in revising:
        assert p.revises is not None
        file, path = place[0], f"{place[1]}.revises"
        if p.revises not in ids:
            problems.append(Problem(file, path, f"no prediction with id {shown(p.revises)}"))
            continue
        if p.revises not in by_id:
            continue  # the revised record failed to validate; its problems are given
        other_place, other = by_id[p.revises]
        at = _where(place, other_place)
        problems.extend(Problem(file, path, m) for m in _pair_messages(other, p, at, readings))
        if p.revises in revised_by:
            first = _where(place, revised_by[p.revises])
            message = f"{shown(p.revises)} is already revised by the prediction at {first}"
            problems.append(Problem(file, path, f"{message}: a chain of readings cannot fork"))
        else:
            revised_by[p.revises] = place
    starts = [key for key, (_, p) in by_id.items() if p.revises is not None]
    problems.extend(_cycle_problems(by_id, starts))
    return problems


def _cycle_problems(
    by_id: Mapping[str, tuple[Place, Prediction]], starts: Iterable[str]
) -> Iterator[Problem]:
    """A problem at each reading of a cycle of revises (a reading revising itself included).

    ``starts`` are the ids of ``by_id`` (in its order) whose reading revises
    one: a walk from any other ends at once, so every cycle is met from them,
    in the same order and from the same reading.
    """
    done: set[str] = set()
    for start in starts:
        trail: list[str] = []
        seen: set[str] = set()
        current: str | None = start
        while current is not None and current in by_id and current not in done:
            if current in seen:
                loop = trail[trail.index(current) :]
                text = " → ".join(shown(i) for i in [*loop, current])
                for member in loop:
                    place = by_id[member][0]
                    yield Problem(
                        place[0], f"{place[1]}.revises", f"the readings revise in a cycle: {text}"
                    )
                break
            seen.add(current)
            trail.append(current)
            current = by_id[current][1].revises
        done.update(trail)


class _Revising(Protocol):
    """What a chain is read from: a reading's id and the id it revises (a prediction, a result)."""

    @property
    def id(self) -> str: ...  # pragma: no cover - a protocol
    @property
    def revises(self) -> str | None: ...  # pragma: no cover - a protocol


def chains_of(predictions: Sequence[_Revising]) -> list[tuple[int, ...]]:
    """The chains of a checked ledger's predictions, by index, each from its first reading.

    Every prediction stands in exactly one chain (one on its own is a chain of
    one), read along ``revises`` whatever order the file lists its readings
    in; chains are in the order of their first readings. The results of an
    evaluation, which keep each prediction's id and ``revises``, give the same chains.
    """
    index = {p.id: i for i, p in enumerate(predictions)}
    next_of: dict[int, int] = {
        index[p.revises]: i for i, p in enumerate(predictions) if p.revises in index
    }
    found: list[tuple[int, ...]] = []
    for i, p in enumerate(predictions):
        if p.revises is not None and p.revises in index:
            continue
        chain = [i]
        while chain[-1] in next_of and len(chain) <= len(predictions):
            chain.append(next_of[chain[-1]])
        found.append(tuple(chain))
    return found
