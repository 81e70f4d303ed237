"""Event-anchored deadlines: the window opens when the anchor happens."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

import forecastcheck
from forecastcheck.ledger import Anchor, Occurs, dumps, load
from forecastcheck.resolution import Resolution, Resolver, Status

HEAD = """
[log]
complete_through = "2022-12-31"

[[sources]]
id = "analyst"
name = "An Analyst"

[[predictions]]
id = "kyiv-falls"
source = "analyst"
stated = "2022-02-01"
quote = "Kyiv could fall within 72 hours of a full invasion."
confidence = { probability = 0.6 }
"""
BY_KIND = (
    'proposition = { type = "occurs", subject = "kyiv", kind = "captured", '
    'deadline = "within 72 hours", '
    'after = { subject = "ukraine", kind = "full-invasion", by = "by the end of 2022" } }\n'
)
INVASION = """
[[events]]
id = "invasion"
subject = "ukraine"
kind = "full-invasion"
date = "2022-02-24"
evidence = [{ outlet = "Reuters" }]
"""
CAPTURE = """
[[events]]
id = "capture"
subject = "kyiv"
kind = "captured"
date = "{date}"
evidence = [{{ outlet = "Reuters" }}]
"""


def _ledger(tmp_path: Path, text: str) -> forecastcheck.Ledger:
    path = tmp_path / "ledger.toml"
    path.write_text(text, encoding="utf-8")
    return load(path)


def _resolved(tmp_path: Path, text: str, as_of: dt.date = dt.date(2023, 1, 1)) -> Resolution:
    ledger = _ledger(tmp_path, text)
    return Resolver(ledger.log, ledger.readings).resolve_prediction(ledger.predictions[0], as_of)


def test_yes_within_the_window_after_the_anchor(tmp_path: Path) -> None:
    """The target within 72 hours of the anchor is YES, the anchor's date in the reason."""
    text = HEAD + BY_KIND + INVASION + CAPTURE.format(date="2022-02-26")
    result = _resolved(tmp_path, text)
    assert result.status is Status.YES
    assert "the window opens with invasion on 2022-02-24" in result.reason
    assert result.deadline is not None
    assert result.deadline.last_day == dt.date(2022, 2, 27)


def test_no_when_the_window_closes_first(tmp_path: Path) -> None:
    """No target by 72 hours after the anchor (log complete) is NO, the anchor's date shown."""
    text = HEAD + BY_KIND + INVASION
    result = _resolved(tmp_path, text)
    assert result.status is Status.NO
    assert "the window opens with invasion on 2022-02-24" in result.reason
    assert "2022-02-27" in result.reason


def test_not_triggered_when_the_anchor_never_happens(tmp_path: Path) -> None:
    """No anchor by its own 'by' (log complete through it) annuls the call: not triggered."""
    result = _resolved(tmp_path, HEAD + BY_KIND)
    assert result.status is Status.ANNULLED
    assert result.reason.startswith("not triggered: the anchor did not happen")
    assert "2022-12-31" in result.reason


def test_pending_while_the_anchor_may_still_happen(tmp_path: Path) -> None:
    """Before the anchor's 'by' has passed with no anchor, the call is pending, not annulled."""
    result = _resolved(tmp_path, HEAD + BY_KIND, as_of=dt.date(2022, 2, 10))
    assert result.status is Status.PENDING
    assert result.reason.startswith("not triggered yet")


def test_named_date_anchor(tmp_path: Path) -> None:
    """An anchor naming an event of the log (a named date) opens the window on its date."""
    named = BY_KIND.replace(
        'after = { subject = "ukraine", kind = "full-invasion", by = "by the end of 2022" }',
        'after = { event = "invasion" }',
    )
    result = _resolved(tmp_path, HEAD + named + INVASION + CAPTURE.format(date="2022-03-10"))
    assert result.status is Status.NO
    assert "invasion on 2022-02-24" in result.reason


def test_check_locates_a_dangling_anchor(tmp_path: Path) -> None:
    """An anchor naming an event the log lacks is a located problem, not a traceback."""
    named = BY_KIND.replace(
        'after = { subject = "ukraine", kind = "full-invasion", by = "by the end of 2022" }',
        'after = { event = "invasoin" }',
    )
    with pytest.raises(forecastcheck.LedgerError) as info:
        _ledger(tmp_path, HEAD + named + INVASION)
    assert [str(p) for p in info.value.problems] == [
        "ledger.toml: $.predictions[0].proposition.after.event: unknown event 'invasoin'"
    ]


def test_anchor_needs_an_event_or_a_subject_and_kind() -> None:
    """An anchor with neither an event nor a subject and a kind is refused."""
    with pytest.raises(ValueError, match="names an event, or a subject and a kind"):
        Anchor(subject="ukraine")


def test_anchor_round_trips_through_toml(tmp_path: Path) -> None:
    """A ledger with an anchored deadline writes back to TOML and loads equal."""
    ledger = _ledger(tmp_path, HEAD + BY_KIND + INVASION)
    again = tmp_path / "again.toml"
    again.write_text(dumps(ledger, "toml"), encoding="utf-8")
    proposition = load(again).predictions[0].proposition
    assert isinstance(proposition, Occurs)
    assert proposition.after == Anchor(
        subject="ukraine", kind="full-invasion", by="by the end of 2022"
    )
