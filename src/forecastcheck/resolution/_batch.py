"""The batch protocol: one shape of question gathered, decided in columns, its records read later.

A :class:`Batch` is made for one indexed event log (``SomeBatch(index)``).
Each question is :meth:`~Batch.add`-ed (its proposition and statement date;
the batch files it and gives back its row); :meth:`~Batch.decide` then
gives, in columns, every row's status (a code into :data:`STATUSES`) and the
day it became known (a date ordinal, 0 while undecided), equal to the
per-prediction rule's; :meth:`~Batch.record` builds one row's full
:class:`~forecastcheck.resolution.Resolution` when it is read.

:data:`BATCHES` names the batch for each proposition class; it is filled by
:mod:`~forecastcheck.resolution._columns` when that module is imported, and
a shape with no batch there is resolved one prediction at a time.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Protocol

import numpy as np

from forecastcheck.ledger import DateWindow, Proposition
from forecastcheck.resolution.outcomes import Resolution, Status
from forecastcheck.resolution.timeline import Timeline

__all__: list[str] = []

#: Every status, in the order of the codes a batch decides.
STATUSES: tuple[Status, ...] = tuple(Status)


class Batch(Protocol):
    """Questions of one shape, gathered, decided in columns, each record built when read."""

    def add(self, proposition: Proposition, anchor: DateWindow) -> int:
        """Gather one question asked on the statement date ``anchor``; return its row."""
        ...

    def decide(self, as_of: dt.date) -> tuple[np.ndarray, np.ndarray]:
        """Every row's status code (int8, into :data:`STATUSES`) and decision day (int64
        ordinal; 0 while undecided) as of ``as_of``, equal to the per-prediction rule's."""
        ...

    def record(self, row: int, as_of: dt.date) -> Resolution:
        """Row ``row``'s full resolution as of ``as_of`` (after :meth:`decide`)."""
        ...


#: The batch for each proposition class (see the module docstring).
BATCHES: dict[type, Callable[[Timeline], Batch]] = {}
