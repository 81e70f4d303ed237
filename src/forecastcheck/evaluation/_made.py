"""Frozen attrs records made from their field values in order, past the keyword ``__init__``.

:func:`~forecastcheck.evaluation.call_results.call_results` makes one
:class:`~forecastcheck.evaluation.PredictionResult` per prediction, and
:func:`~forecastcheck.evaluation.skill.relative_skill` one
:class:`~forecastcheck.evaluation.Comparison` per pair of sources; an attrs
``__init__`` parses the keyword arguments and sets each slot in a line of
Python. A :func:`maker`'s function sets the same slots from a sequence of
values in one pass of C, and gives an equal record (equality, hash and repr
are the class's own, whichever way it was made).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Sequence
from itertools import repeat
from typing import TYPE_CHECKING, Any, TypeVar

import attrs

if TYPE_CHECKING:
    from attrs import AttrsInstance

from forecastcheck.evaluation.results import Comparison, PredictionResult

__all__ = ["FIELDS", "comparison", "maker", "result"]

_T = TypeVar("_T", bound="AttrsInstance")
_new = object.__new__
_set = object.__setattr__  # past a frozen class's own __setattr__, as attrs' __init__ does


def maker(cls: type[_T]) -> Callable[[Sequence[object]], _T]:
    """A function making a ``cls`` from one value per field, in the order of ``attrs.fields``.

    What it makes equals ``cls(**dict(zip(names, values)))``: ``cls`` must be an
    attrs class whose ``__init__`` does nothing else, with every field an
    argument, and no validator, converter or pre- or post-init step.

    Raises:
        TypeError: ``cls`` is not such a class.
    """
    fields: tuple[Any, ...] = tuple(attrs.fields(cls))
    steps = ("__attrs_pre_init__", "__attrs_post_init__", "__attrs_init__")
    if any(hasattr(cls, s) for s in steps) or any(
        not f.init or f.validator is not None or f.converter is not None for f in fields
    ):
        raise TypeError(f"{cls.__name__}'s __init__ does more than set its fields")
    names = tuple(f.name for f in fields)
    n = len(names)
    what = cls.__name__

    def make(values: Sequence[object]) -> _T:
        if len(values) != n:
            raise ValueError(f"{len(values)} values for the {n} fields of a {what}")
        made: _T = _new(cls)
        deque(map(_set, repeat(made, n), names, values), 0)
        return made

    make.__doc__ = f"A {what} of ``values``, one per field in order (:func:`maker`)."
    return make


FIELDS: tuple[str, ...] = tuple(a.name for a in attrs.fields(PredictionResult))
"""The names of :class:`~forecastcheck.evaluation.PredictionResult`'s fields, in their order."""

result = maker(PredictionResult)
"""A :class:`~forecastcheck.evaluation.PredictionResult` of its 39 values in :data:`FIELDS` order.

Raises:
    ValueError: not one value per field.
"""

comparison = maker(Comparison)
"""A :class:`~forecastcheck.evaluation.Comparison` of ``(other, n_shared, ratio, p_value)``."""
