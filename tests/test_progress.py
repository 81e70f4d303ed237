"""The progress bar: on a terminal only, after a delay, erased before anything else is written."""

from __future__ import annotations

import datetime as dt
import io
import sys
from pathlib import Path

import pytest

from forecastcheck import _progress
from forecastcheck.cli import main

KARABAKH = Path(__file__).resolve().parent.parent / "fixtures" / "karabakh"
STAGES = _progress.REPORT_STAGES
ERASE = "\r\x1b[K"


class Tty(io.StringIO):
    """A stream that says it is a terminal."""

    def isatty(self) -> bool:
        return True


def test_a_terminal_gets_a_bar_per_stage_then_nothing_left() -> None:
    """On a terminal the bar is drawn at each stage, in place, and erased at the end."""
    stream = Tty()
    with _progress.Progress(STAGES, stream, delay=0) as progress:
        progress.stage("resolve and score")
        progress.stage("report")
    drawn = stream.getvalue().split(ERASE)
    assert drawn[0] == ""
    assert drawn[1:] == [
        _progress.bar_line(STAGES, 0, 80),
        _progress.bar_line(STAGES, 1, 80),
        _progress.bar_line(STAGES, 2, 80),
        "",  # erased: the line is left empty
    ]
    assert "\n" not in stream.getvalue()


def test_not_a_terminal_gets_nothing() -> None:
    """Redirected, piped or captured, the stream gets not a single character."""
    stream = io.StringIO()
    with _progress.Progress(STAGES, stream, delay=0) as progress:
        progress.stage("resolve and score")
        progress.stage("report")
    assert stream.getvalue() == ""


def test_a_quick_run_shows_nothing() -> None:
    """A run that ends before the delay writes nothing, even on a terminal."""
    stream = Tty()
    with _progress.Progress(STAGES, stream, delay=600) as progress:
        progress.stage("report")
    assert stream.getvalue() == ""


def test_nothing_is_drawn_after_close() -> None:
    """Once closed, a late stage call draws nothing."""
    stream = Tty()
    progress = _progress.Progress(STAGES, stream, delay=0)
    progress.close()
    written = stream.getvalue()
    progress.stage("report")
    assert stream.getvalue() == written
    assert written.endswith(ERASE)


@pytest.mark.parametrize("width", [20, 40, 80])
def test_the_bar_fills_with_the_stages_done_and_fits(width: int) -> None:
    """The bar fills with the finished stages, names the current one and fits the terminal."""
    line = _progress.bar_line(STAGES, 1, 200)
    assert line == "forecastcheck [######--------------] 2/3 resolve and score"
    assert len(_progress.bar_line(STAGES, 2, width)) < width


def test_the_command_closes_the_bar_before_a_problem(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A broken ledger's problems start on a clean line: the bar is erased first."""
    copy = tmp_path / "broken.toml"
    copy.write_text("[[sources]]\nid = 'a'\n", encoding="utf-8")
    stream = Tty()
    monkeypatch.setattr(sys, "stderr", stream)
    monkeypatch.setattr(_progress, "DELAY", 0)
    assert main(["report", str(copy), "--as-of", "2026-02-07"]) == 1
    shown, after = stream.getvalue().rsplit(ERASE, 1)
    assert shown == ERASE + _progress.bar_line(STAGES, 0, 80)
    assert after.startswith("broken.toml: $.sources[0].name: ")


def test_the_command_on_a_terminal_ends_with_the_bar_erased(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """`forecastcheck report` draws every stage on a terminal's stderr and erases it."""
    stream = Tty()
    monkeypatch.setattr(sys, "stderr", stream)
    monkeypatch.setattr(_progress, "DELAY", 0)
    assert main(["report", str(KARABAKH), "--as-of", "2026-02-07", "--bootstrap", "0"]) == 0
    assert stream.getvalue().split(ERASE)[1:] == [
        *(_progress.bar_line(STAGES, i, 80) for i in range(3)),
        "",
    ]
    assert capsys.readouterr().out.startswith("Forecast scoreboard")


def test_the_command_off_a_terminal_writes_no_bar(capsys: pytest.CaptureFixture[str]) -> None:
    """With stderr captured (not a terminal), `forecastcheck report` writes nothing there."""
    assert main(["report", str(KARABAKH), "--as-of", "2026-02-07", "--bootstrap", "0"]) == 0
    assert capsys.readouterr().err == ""


def _karabakh_csv(tmp_path: Path) -> str:
    import pyarrow.csv as pacsv

    from forecastcheck.tables import ledger_table

    path = tmp_path / "calls.csv"
    pacsv.write_csv(ledger_table(str(KARABAKH), as_of=dt.date(2026, 2, 7)), path)
    return str(path)


def test_a_tables_note_is_said_above_the_bar_which_goes_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Reading a table, the note on what it lacks is a line of its own; the bar goes on after it."""
    path = _karabakh_csv(tmp_path)
    stream = Tty()
    monkeypatch.setattr(sys, "stderr", stream)
    monkeypatch.setattr(_progress, "DELAY", 0)
    assert main(["report", path, "--as-of", "2026-02-07", "--bootstrap", "0"]) == 0
    from forecastcheck.tables import tidy_ledger

    missing = ", ".join(tidy_ledger.NOT_CARRIED)
    note = f"{path}: calls rebuilt from a tidy table, which does not carry their {missing}"
    drawn = stream.getvalue().split(ERASE)
    assert drawn[0] == ""
    assert drawn[1] == _progress.bar_line(STAGES, 0, 80)
    assert drawn[2] == note + "\n"
    assert drawn[3:] == [*(_progress.bar_line(STAGES, i, 80) for i in range(3)), ""]
    assert capsys.readouterr().out.startswith("Forecast scoreboard")


def test_a_line_above_a_bar_not_yet_shown_is_just_the_line() -> None:
    """Before the delay is over, a line said during the run is written alone, with no bar."""
    stream = Tty()
    with _progress.Progress(STAGES, stream, delay=600) as progress:
        progress.say("a note")
    assert stream.getvalue() == "a note\n"
