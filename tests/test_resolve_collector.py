"""The log is indexed with the objects alive on entry left out of the collector's passes."""

from __future__ import annotations

import datetime as dt
import gc

import attrs
import pytest

from forecastcheck import _collector
from forecastcheck import ledger as lg
from forecastcheck.evaluation.resolving import resolve_calls
from forecastcheck.ledger import DateWindow, Event, EventLog, Occurs, Readings
from forecastcheck.ledger.dates import How, Reading
from forecastcheck.resolution import Status, resolve_ledger, timeline

BASE = dt.date(2024, 1, 1)


def _many(log: EventLog, n: int) -> lg.Ledger:
    predictions = [
        lg.Prediction(
            id=f"p{i}",
            source="s",
            quote="q",
            stated=DateWindow.day(dt.date(2023, 6, 1)),
            proposition=Occurs(subject=f"a{i}", kind="k", deadline="by March 2024"),
            confidence=lg.Confidence(probability=0.7),
        )
        for i in range(n)
    ]
    return lg.Ledger(sources=[lg.Source(id="s", name="S")], predictions=predictions, log=log)


def _ledger() -> lg.Ledger:
    event = Event(id="e1", subject="a0", kind="k", date=DateWindow.day(BASE))
    return _many(EventLog(events=[event], complete_through=dt.date(2024, 2, 1)), 1)


@pytest.fixture
def indexed(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The freeze count each time a log is indexed (a Timeline built)."""
    seen: list[int] = []
    build = timeline.Timeline.__init__

    def watched(self: timeline.Timeline, log: EventLog, readings: Readings | None = None) -> None:
        seen.append(gc.get_freeze_count())
        build(self, log, readings)

    monkeypatch.setattr(timeline.Timeline, "__init__", watched)
    return seen


def test_resolve_ledger_indexes_the_log_with_the_objects_alive_on_entry_frozen(
    indexed: list[int],
) -> None:
    """resolve_ledger builds its index inside the freeze, and leaves nothing frozen after."""
    assert gc.get_freeze_count() == 0
    assert resolve_ledger(_ledger(), dt.date(2024, 4, 1))["p0"].status is Status.YES
    assert len(indexed) == 1
    assert indexed[0] > 0
    assert gc.isenabled()
    assert gc.get_freeze_count() == 0


def test_resolve_calls_indexes_the_log_with_the_objects_alive_on_entry_frozen(
    indexed: list[int],
) -> None:
    """The evaluation's resolve_calls builds its index inside the freeze too."""
    assert gc.get_freeze_count() == 0
    resolved = resolve_calls(_ledger(), dt.date(2024, 4, 1))
    assert resolved.resolutions["p0"].status is Status.YES
    assert len(indexed) == 1
    assert indexed[0] > 0
    assert gc.get_freeze_count() == 0


@pytest.fixture
def asked(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The freeze count each time a log is asked how far it is complete for a subject."""
    seen: list[int] = []
    ask = EventLog.complete_for

    def watched(self: EventLog, subject: str) -> dt.date | None:
        seen.append(gc.get_freeze_count())
        return ask(self, subject)

    monkeypatch.setattr(EventLog, "complete_for", watched)
    monkeypatch.setattr(_collector, "SETTLE_EVERY", 2)
    return seen


@pytest.fixture
def read(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The freeze count each time resolving reads a deadline phrase (as it gathers questions)."""
    seen: list[int] = []
    read = Readings.read

    def watched(self: Readings, text: str, how: How, anchor: DateWindow | dt.date) -> Reading:
        seen.append(gc.get_freeze_count())
        return read(self, text, how, anchor)

    monkeypatch.setattr(Readings, "read", watched)
    monkeypatch.setattr(_collector, "SETTLE_EVERY", 2)
    return seen


def test_what_a_long_resolve_has_made_is_frozen_as_it_goes(read: list[int]) -> None:
    """Every few predictions, what resolving made so far joins the freeze; all is unfrozen after."""
    ledger = _many(EventLog(events=(), complete_through=dt.date(2024, 2, 1)), 8)
    predictions = [  # each read against its own statement date
        attrs.evolve(
            p,
            stated=DateWindow.day(dt.date(2023, 6, 1 + i)),
            proposition=Occurs(subject=f"a{i}", kind="k", deadline="within six months"),
        )
        for i, p in enumerate(ledger.predictions)
    ]
    ledger = attrs.evolve(ledger, predictions=predictions)
    read.clear()
    out = resolve_ledger(ledger, dt.date(2024, 4, 1))
    assert [r.status for r in out.values()] == [Status.NO] * 8
    assert len(read) == 8
    assert read == sorted(read)
    assert read[-1] > read[0] > 0
    assert gc.get_freeze_count() == 0


def test_a_callers_freeze_is_not_extended(asked: list[int]) -> None:
    """Under a freeze the caller made, resolving freezes nothing more, and leaves it as it was."""
    # a subject's own completeness, so each subject's is asked for (one day for all is not)
    log = EventLog(
        events=(), complete_through=dt.date(2024, 2, 1), subjects={"other": dt.date(2024, 1, 1)}
    )
    ledger = _many(log, 8)
    gc.freeze()
    try:
        frozen = gc.get_freeze_count()
        resolve_ledger(ledger, dt.date(2024, 4, 1))
        assert asked == [frozen] * 8
        assert gc.get_freeze_count() == frozen
    finally:
        gc.unfreeze()
