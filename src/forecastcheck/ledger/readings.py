"""Every deadline and date phrase of a ledger, read once and kept.

A ledger's :class:`Readings` are made when its records are checked: each
phrase a proposition holds is read, with the rule that applies, against the
prediction's statement date. Resolution, question identity, the reports and
the pytest plugin then use these readings instead of reading the phrase
again, so every part of forecastcheck agrees on what a phrase means.

A phrase whose meaning does not depend on the statement date ("by November
2025", "2025-Q3", "eventually") is read once for the whole ledger; one that
does ("this year", "within six months") once per (phrase, how, statement
date). A phrase that cannot be read is not kept: asking again raises again.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Literal

import attrs

from forecastcheck.ledger import deadlines
from forecastcheck.ledger.dates import DateWindow, Deadline, How, PointEstimate, Reading, as_window

__all__ = ["Pick", "Readings"]

Pick = Literal["longest", "shortest"]
"""Which reading of a deadline with two is used: the longest (the default) or the shortest."""


class Readings:
    """Phrases read against statement dates, each distinct reading made once.

    Readings are asked for as :meth:`read` (or :meth:`horizon`,
    :meth:`deadline`, :meth:`point`); one not yet made is made then, through
    :func:`~forecastcheck.ledger.deadlines.read_phrase`, and kept. A ledger's
    readings hold every phrase of the ledger once it is built; a resolver
    given them asks nothing of the grammar for the ledger's own predictions.

    Args:
        pick: which reading of a deadline with two ("within weeks") is given:
            ``"longest"``, the default and the deadline as read, or ``"shortest"``.

    .. versionadded:: 0.2
    """

    def __init__(self, pick: Pick = "longest") -> None:
        self.pick: Pick = pick
        self._fixed: dict[tuple[str, How], Reading] = {}
        self._relative: dict[tuple[str, How, dt.date, dt.date], Reading] = {}

    def picking(self, pick: Pick) -> Readings:
        """These readings with each deadline of two readings taken at ``pick``, sharing the store.

        The default ``"longest"`` is the deadline as read; ``"shortest"`` swaps
        in :attr:`~forecastcheck.ledger.Deadline.shortest` (the deadline
        sensitivity resolves a ledger both ways).
        """
        other = Readings(pick)
        other._fixed, other._relative = self._fixed, self._relative
        return other

    def _picked(self, reading: Reading) -> Reading:
        result = reading.result
        if self.pick == "longest" or not isinstance(result, Deadline) or not result.alternatives:
            return reading
        return attrs.evolve(reading, result=result.shortest)

    def read(self, phrase: str, how: How, anchor: DateWindow | dt.date) -> Reading:
        """The reading of ``phrase`` as ``how`` against the statement date ``anchor``.

        Raises:
            DeadlineError: the phrase cannot be read (see
                :func:`~forecastcheck.ledger.deadlines.parse_deadline`).
        """
        found = self._fixed.get((phrase, how))
        if found is None:
            window = anchor if type(anchor) is DateWindow else as_window(anchor)
            key = (phrase, how, window.start, window.end)  # two days hash faster than a window
            found = self._relative.get(key)
            if found is None:
                found = deadlines.read_phrase(phrase, how, window)
                if found.anchor is None:
                    self._fixed[phrase, how] = found
                else:
                    self._relative[key] = found
        # read once per question by a large resolution: the default pick is taken inline
        return found if self.pick == "longest" else self._picked(found)

    def fixed(self, phrase: str, how: How) -> bool:
        """Whether ``phrase``, read as ``how``, is read alike on every statement date.

        Known once it has been read that way (by :meth:`read`): ``False`` for a
        phrase not read so yet, as for one whose reading depends on the date.
        """
        return (phrase, how) in self._fixed

    def horizon(self, phrase: str, anchor: DateWindow | dt.date) -> Deadline | None:
        """The deadline of a horizon phrase; ``None`` for an open-ended one ("eventually")."""
        result = self.read(phrase, "horizon", anchor).result
        assert result is None or isinstance(result, Deadline)
        return result

    def deadline(self, phrase: str, anchor: DateWindow | dt.date) -> Deadline:
        """The deadline of a phrase that must name one (a period's start or end)."""
        result = self.read(phrase, "deadline", anchor).result
        assert isinstance(result, Deadline)
        return result

    def point(self, phrase: str, anchor: DateWindow | dt.date) -> PointEstimate:
        """The one day a date estimate names."""
        result = self.read(phrase, "point", anchor).result
        assert isinstance(result, PointEstimate)
        return result

    def __iter__(self) -> Iterator[Reading]:
        """Every reading made, those that serve every statement date first."""
        yield from self._fixed.values()
        yield from self._relative.values()

    def __len__(self) -> int:
        return len(self._fixed) + len(self._relative)

    def __repr__(self) -> str:
        return f"<Readings: {len(self)} phrase readings>"
