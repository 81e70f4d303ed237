"""Questions: which calls ask the same thing, so they can be compared and resampled together.

A question is a proposition with its dates read against the statement date
as resolution reads them (:meth:`~forecastcheck.resolution.Resolver.dates`) and
its wording ignored: "by 2025" and "2025-12-31" are one question, "before
2025" another. :func:`question_key` is that identity; :func:`number_questions`
numbers the distinct ones in ledger order.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence

from forecastcheck.errors import ForecastcheckError
from forecastcheck.ledger import (
    DateOf,
    DateWindow,
    HoldsAt,
    HoldsThroughout,
    Occurs,
    Prediction,
    Proposition,
    ValueOf,
    walk,
)
from forecastcheck.resolution import Resolver

__all__ = ["number_questions", "question_key"]


def question_key(prediction: Prediction, proposition: Proposition, resolver: Resolver) -> Hashable:
    """The question a proposition asks: its structure, its dates read, its wording ignored.

    The dates are those resolution decides the question on (`Resolver.dates`),
    read against the statement date, so "before 2025" and "by 2025" differ
    and "by 2025" and "2025-12-31" do not. One tuple a node, depth first.
    """
    anchor = prediction.stated
    if type(proposition) is Occurs:  # a leaf, as most are: its one node, without the walk
        return (_node(proposition, anchor, resolver),)
    return tuple(_node(node, anchor, resolver) for node in walk(proposition))


def _node(node: Proposition, anchor: DateWindow, resolver: Resolver) -> tuple[Hashable, ...]:
    """One node's part of the key: its kind, what it is about, and its dates."""
    fields: list[Hashable] = [type(node).__name__]
    match node:
        case Occurs(subject=subject, kind=kind):
            fields += [subject, kind]
        case ValueOf(subject=subject, quantity=quantity, point=point, lower=lo, upper=hi):
            fields += [subject, quantity, point, lo, hi]
        case HoldsAt(state=state) | HoldsThroughout(state=state):
            fields += [state]
        case DateOf(subject=subject, kind=kind):
            fields += [subject, kind]
        case _:
            pass
    try:
        fields += resolver.dates(node, anchor)
    except ForecastcheckError:  # unreadable here: keep the words and the anchor
        fields += [repr(node), anchor]
    return tuple(fields)


def number_questions(predictions: Sequence[Prediction], resolver: Resolver) -> list[int | None]:
    """Each prediction's question number (0, 1, … in order of first appearance), or ``None``.

    Predictions asking the same question (:func:`question_key`) share a
    number; one without a proposition asks none.
    """
    numbers: dict[Hashable, int] = {}
    out: list[int | None] = []
    for prediction in predictions:
        if prediction.proposition is None:
            out.append(None)
            continue
        key = question_key(prediction, prediction.proposition, resolver)
        out.append(numbers.setdefault(key, len(numbers)))
    return out
