"""`forecastcheck deadline`: try a deadline phrase before writing it in a file."""

from __future__ import annotations

import pytest

from forecastcheck.cli import main


def test_two_readings_are_printed_with_the_rule(capsys: pytest.CaptureFixture[str]) -> None:
    """The issue's example prints the default, both readings with last days, and the rule."""
    code = main(["deadline", "by late January / early February 2022", "--stated", "2021-11-15"])
    out = capsys.readouterr().out.splitlines()
    assert code == 0
    assert out[0] == "default (longest): 2022-02-01..2022-02-10  last day: 2022-02-10"
    assert out[1].startswith("rule: 'by' + two readings, 'late' + month")
    assert out[2:] == [
        "shortest: 2022-01-21..2022-01-31  last day: 2022-01-31",
        "longest: 2022-02-01..2022-02-10  last day: 2022-02-10",
    ]


def test_one_reading(capsys: pytest.CaptureFixture[str]) -> None:
    """A phrase with one reading prints its window, its last day and the rule."""
    assert main(["deadline", "within 72 hours", "--stated", "2022-02-24"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "window: 2022-02-24..2022-02-27  last day: 2022-02-27"
    assert "rounded up to 3 days" in out[1]


def test_unread_phrase_exits_1_with_the_teaching_message(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """An unread phrase exits 1 naming the nearest accepted form and where all are listed."""
    assert main(["deadline", "in the comming weeks", "--stated", "2021-11-15"]) == 1
    err = capsys.readouterr().err
    assert "did you mean 'in the coming weeks'" in err
    assert "docs/dates.md#accepted-forms" in err


@pytest.mark.parametrize(
    "argv",
    [
        ["deadline", "within weeks"],
        ["deadline", "within weeks", "--stated", "soon"],
        ["deadline", "within weeks", "--stated", "2021-11-15", "--as", "guess"],
    ],
)
def test_usage_errors_exit_2(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    """A missing or bad --stated, or an unknown --as, is a usage error (exit 2)."""
    with pytest.raises(SystemExit) as info:
        main(argv)
    assert info.value.code == 2
    assert "usage:" in capsys.readouterr().err


def test_control_characters_are_escaped(capsys: pytest.CaptureFixture[str]) -> None:
    """A phrase's control characters are shown escaped, never sent to the terminal."""
    assert main(["deadline", "never\x1b[2J", "--stated", "2021-11-15"]) == 1
    assert "\x1b" not in capsys.readouterr().err
