"""The log is indexed with the objects alive on entry left out of the collector's passes."""

from __future__ import annotations

import datetime as dt
import gc

import pytest

from forecastcheck import ledger as lg
from forecastcheck.evaluation.resolving import resolve_calls
from forecastcheck.ledger import DateWindow, Event, EventLog, Occurs, Readings
from forecastcheck.resolution import Status, resolve_ledger, timeline

BASE = dt.date(2024, 1, 1)


def _ledger() -> lg.Ledger:
    event = Event(id="e1", subject="a", kind="k", date=DateWindow.day(BASE))
    prediction = lg.Prediction(
        id="p",
        source="s",
        quote="q",
        stated=DateWindow.day(dt.date(2023, 6, 1)),
        proposition=Occurs(subject="a", kind="k", deadline="by March 2024"),
        confidence=lg.Confidence(probability=0.7),
    )
    return lg.Ledger(
        sources=[lg.Source(id="s", name="S")],
        predictions=[prediction],
        log=EventLog(events=[event], complete_through=dt.date(2024, 2, 1)),
    )


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
    assert resolve_ledger(_ledger(), dt.date(2024, 4, 1))["p"].status is Status.YES
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
    assert resolved.resolutions["p"].status is Status.YES
    assert len(indexed) == 1
    assert indexed[0] > 0
    assert gc.get_freeze_count() == 0
