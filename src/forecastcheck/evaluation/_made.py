"""A :class:`~forecastcheck.evaluation.PredictionResult` made from its field values in order.

:func:`~forecastcheck.evaluation.call_results.call_results` makes one result
per prediction; the class's own ``__init__`` parses 39 keyword arguments and
sets each slot in a line of Python. :func:`result` sets the same slots from a
sequence of values in one pass of C, and gives an equal record (equality,
hash and repr are the class's own, whichever way it was made).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Sequence
from itertools import repeat

import attrs

from forecastcheck.evaluation.results import PredictionResult

__all__ = ["FIELDS", "result"]

FIELDS: tuple[str, ...] = tuple(a.name for a in attrs.fields(PredictionResult))
"""The names of :class:`~forecastcheck.evaluation.PredictionResult`'s fields, in their order."""

_N_FIELDS = len(FIELDS)
_new = object.__new__
_set = object.__setattr__  # past the frozen class's own __setattr__, as attrs' __init__ does


def result(values: Sequence[object]) -> PredictionResult:
    """The result whose fields, in :data:`FIELDS` order, are ``values``.

    Equal to ``PredictionResult(**dict(zip(FIELDS, values)))``: the class has
    no validators, converters or post-init step for its ``__init__`` to run.

    Raises:
        ValueError: not one value per field.
    """
    if len(values) != _N_FIELDS:
        raise ValueError(f"{len(values)} values for the {_N_FIELDS} fields of a PredictionResult")
    made: PredictionResult = _new(PredictionResult)
    deque(map(_set, repeat(made, _N_FIELDS), FIELDS, values), 0)
    return made
