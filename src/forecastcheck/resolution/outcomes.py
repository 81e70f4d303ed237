"""What resolution answers: a :class:`Status`, a :class:`Resolution`, :class:`Resolutions`,
a :class:`Timing`.

A :class:`Resolution` is a proposition decided against the event log as of a
date: its :class:`Status`, the day the outcome became known, the deciding
events and a one-line reason. :class:`Resolutions` is a ledger's worth of
them by prediction id, decided together: every status and decision day held
in columns, each record built when it is first read. :class:`Timing` flags a
call stated after the event that decided it (see
:func:`forecastcheck.resolution.statement_timing`). No rule lives here: the
rules that fill these types are in the sibling modules of
:mod:`forecastcheck.resolution`; :class:`Resolutions` only holds the columns
they decided and calls the builder it is given when a record is first read.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Callable, ItemsView, Iterator, Mapping, ValuesView

import attrs
import numpy as np

from forecastcheck import _collector
from forecastcheck.ledger import DateWindow, Deadline, Event

__all__ = ["Resolution", "Resolutions", "Status", "Timing"]


class Status(enum.Enum):
    """The outcome of a proposition as of a date.

    - ``YES`` / ``NO``: decided, and scored;
    - ``PENDING``: not decidable yet;
    - ``AMBIGUOUS``: reality is unclear (reports disagree, or a report's date
      cannot be placed on one side of a deadline); reported, not scored;
    - ``ANNULLED``: the question failed (a conditional whose condition did not
      happen); reported, not scored.

    .. versionadded:: 0.1
    """

    YES = "yes"
    NO = "no"
    PENDING = "pending"
    AMBIGUOUS = "ambiguous"
    ANNULLED = "annulled"

    @property
    def decided(self) -> bool:
        """Whether the outcome is known (anything but PENDING); it then never changes."""
        return self is not Status.PENDING

    def __str__(self) -> str:
        return self.name


# Same shape as in resolution/_final.py: Figures holds Resolution's figure fields, copied into it
# by name by leaf() (intentional).
@attrs.frozen(kw_only=True)
class Resolution:
    """A proposition resolved against the event log, as of a date.

    Args:
        status: the outcome.
        as_of: the date the question was asked.
        reason: one line a person can read: what decided it, or why not yet.
        decided_on: the day the outcome became known; ``None`` while PENDING.
        events: the events that decided it (both reports, when they disagree).
        open_ended: the claim has no horizon ("eventually", "never"): it can
            resolve one way only, and otherwise stays PENDING.
        deadline: the deadline the decision was measured against, if one.
        realised_date: for a date forecast, the day the event happened (the
            midpoint of its window when only a window is known).
        realised_window: for a date forecast, the window the event's date is
            known to (the overlap of every report of it).
        forecast_date: for a date forecast, the forecast day (the point).
        realised_value: for a value forecast, the value reported.
        forecast_value: for a value forecast, the point forecast.
        error: realised minus forecast: days for dates, units for values.
        absolute_error: the size of ``error``.
        covered: whether the stated interval held the realised date or value
            (``None`` when no interval was stated or it cannot be told).
        parts: the resolutions of the parts of ``not``, ``all``, ``any``, ``if``.
        settled_from: the first day the outcome may already have been settled:
            the first day of the deciding event's date window, ``decided_on``
            itself when that day is known; ``None`` while PENDING.

    .. versionadded:: 0.1
    """

    status: Status
    as_of: dt.date
    reason: str
    decided_on: dt.date | None = None
    events: tuple[Event, ...] = ()
    open_ended: bool = False
    deadline: Deadline | None = None
    # Same fields as resolution/_final.Figures, which leaf() copies across (intentional).
    realised_date: dt.date | None = None
    realised_window: DateWindow | None = None
    forecast_date: dt.date | None = None
    realised_value: float | None = None
    forecast_value: float | None = None
    error: float | None = None
    absolute_error: float | None = None
    covered: bool | None = None
    parts: tuple[Resolution, ...] = ()
    settled_from: dt.date | None = None

    @property
    def outcome(self) -> bool | None:
        """True for YES, False for NO, None for anything that is not scored."""
        if self.status is Status.YES:
            return True
        if self.status is Status.NO:
            return False
        return None


_STATUSES = tuple(Status)  # the status codes of the columns (as resolution._batch.STATUSES)
_CHUNK = 1 << 10  # records built between two freezes, when many are read in order


class Resolutions(Mapping[str, Resolution]):
    """Resolutions by prediction id, in ledger order: decided in columns, each record built on read.

    What :func:`~forecastcheck.resolution.resolve_ledger` and
    :meth:`~forecastcheck.resolution.Resolver.resolve_all` return. It is an
    immutable mapping, equal (``==``) to the dict of the same resolutions.
    Every prediction's status and decision day were decided when it was made
    and are held in columns: :meth:`status`, :meth:`decided_on`,
    :meth:`statuses`, :meth:`decision_days` and :meth:`counts` read them and
    build no record. A :class:`Resolution` (reason, events, figures, parts) is
    built the first time it is read (``resolutions[pid]``, ``values()``,
    ``items()``, ``get``) and kept; it is equal, field for field, to what
    :meth:`~forecastcheck.resolution.Resolver.resolve_prediction` gives. It
    may be read from several threads: a record built twice at once is kept
    once, and both are equal.

    Args:
        as_of: the day the questions were asked.
        ids: each prediction id's place (0, 1, ... in order).
        codes: each place's status, as an index into ``tuple(Status)``.
        days: each place's decision day as a date ordinal (0 while undecided).
        build: builds the record of a place.

    .. versionadded:: 0.3
    """

    __slots__ = ("_build", "_codes", "_days", "_ids", "_records", "as_of")

    def __init__(
        self,
        as_of: dt.date,
        ids: dict[str, int],
        codes: np.ndarray,
        days: np.ndarray,
        build: Callable[[int], Resolution],
    ) -> None:
        self.as_of = as_of
        self._ids = ids
        self._codes: list[int] = np.asarray(codes).tolist()
        self._days: list[int] = np.asarray(days).tolist()
        self._build = build
        self._records: list[Resolution | None] = [None] * len(ids)

    def __getitem__(self, pid: str) -> Resolution:
        place = self._ids[pid]
        found = self._records[place]
        if found is None:  # built once, kept (a second build at once is equal; either is kept)
            found = self._records[place] = self._build(place)
        return found

    def __iter__(self) -> Iterator[str]:
        return iter(self._ids)

    def __len__(self) -> int:
        return len(self._ids)

    def __contains__(self, pid: object) -> bool:
        return pid in self._ids

    def values(self) -> ValuesView[Resolution]:
        """The records in order; iterating builds the missing ones (see :meth:`_filled`)."""
        return _Values(self)

    def items(self) -> ItemsView[str, Resolution]:
        """``(id, record)`` in order; iterating builds the missing records."""
        return _Items(self)

    def _filled(self) -> Iterator[Resolution]:
        """Every record in order, the missing ones built a chunk at a time.

        Each chunk of :data:`_CHUNK` is built with the objects alive before
        frozen for the collector (:func:`~forecastcheck._collector.held`), as
        resolving builds its objects, and handed out after: so its passes
        walk one chunk's new objects at most.
        """
        records, build, step = self._records, self._build, _CHUNK
        for lo in range(0, len(records), step):
            chunk = range(lo, min(lo + step, len(records)))
            if any(records[place] is None for place in chunk):
                with _collector.held():
                    for place in chunk:
                        if records[place] is None:
                            records[place] = build(place)
            yield from records[lo : chunk.stop]  # type: ignore[misc]  # every one is built

    def __repr__(self) -> str:
        counts = ", ".join(f"{s} {n}" for s, n in self.counts().items() if n)
        return f"<Resolutions as of {self.as_of}: {len(self)} predictions ({counts})>"

    def status(self, pid: str) -> Status:
        """The status of prediction ``pid``, read from the columns (no record is built).

        Raises:
            KeyError: no prediction ``pid`` was resolved.
        """
        return _STATUSES[self._codes[self._ids[pid]]]

    def decided_on(self, pid: str) -> dt.date | None:
        """The day prediction ``pid``'s outcome became known (``None`` while PENDING), read
        from the columns.

        Raises:
            KeyError: no prediction ``pid`` was resolved.
        """
        day = self._days[self._ids[pid]]
        return dt.date.fromordinal(day) if day else None

    def statuses(self) -> dict[str, Status]:
        """Every prediction's status, by id in order, read from the columns."""
        codes = self._codes
        return {pid: _STATUSES[codes[i]] for pid, i in self._ids.items()}

    def decision_days(self) -> dict[str, dt.date | None]:
        """Every prediction's decision day (``None`` while PENDING), by id in order."""
        days = self._days
        return {
            pid: dt.date.fromordinal(days[i]) if days[i] else None for pid, i in self._ids.items()
        }

    def counts(self) -> dict[Status, int]:
        """How many predictions have each status (every status, in :class:`Status` order)."""
        found = np.bincount(np.asarray(self._codes, np.int64), minlength=len(_STATUSES))
        return dict(zip(_STATUSES, found.tolist(), strict=True))


class _Values(ValuesView[Resolution]):
    """The values of :class:`Resolutions`, the missing records built as they are reached."""

    _mapping: Resolutions

    def __iter__(self) -> Iterator[Resolution]:
        return self._mapping._filled()


class _Items(ItemsView[str, Resolution]):
    """The items of :class:`Resolutions`, the missing records built as they are reached."""

    _mapping: Resolutions

    def __iter__(self) -> Iterator[tuple[str, Resolution]]:
        return zip(self._mapping, self._mapping._filled(), strict=True)


class Timing(enum.StrEnum):
    """When a call was stated, against the event that decided it (see :func:`statement_timing`).

    - ``AFTER_THE_FACT``: the statement window starts on or after the day the
      outcome became known; it is not a forecast and is never scored;
    - ``MAY_BE_AFTER_THE_FACT``: the statement window starts before that day
      but reaches the deciding event's date; it is scored, and flagged.

    .. versionadded:: 0.1
    """

    AFTER_THE_FACT = "AFTER_THE_FACT"
    MAY_BE_AFTER_THE_FACT = "MAY_BE_AFTER_THE_FACT"
