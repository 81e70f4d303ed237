"""The command line: `forecastcheck check`."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from forecastcheck.cli import main

KARABAKH = Path(__file__).resolve().parent.parent / "fixtures" / "karabakh"


class TestCheck:
    def test_fixture_is_valid(self, capsys: pytest.CaptureFixture[str]) -> None:
        """`forecastcheck check fixtures/karabakh` exits 0 and counts the records."""
        assert main(["check", str(KARABAKH)]) == 0
        out = capsys.readouterr().out
        assert "ok — 9 sources, 5 documents, 19 predictions, 20 events" in out

    def test_broken_copy_names_all_five_problems(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A copy with five kinds of error exits 1 and names each with file and path."""
        copy = tmp_path / "karabakh"
        shutil.copytree(KARABAKH, copy)
        preds = copy / "predictions.toml"
        text = preds.read_text(encoding="utf-8")
        text = text.replace(
            'confidence = { phrase = "unlikely" }', "confidence = { probability = 1.3 }"
        )
        text = text.replace(
            'id = "niculescu-moscow-control"\nsource', 'id = "niculescu-moscow-control"\nsorce'
        )
        text = text.replace('id = "markov-rewards"', 'id = "markov-no-return"')
        text = text.replace('source = "arkov"', 'source = "arkof"')
        preds.write_text(text, encoding="utf-8")
        events = copy / "events.toml"
        events.write_text(
            events.read_text(encoding="utf-8").replace('date = "2024-04-17"', 'date = "soon"'),
            encoding="utf-8",
        )
        assert main(["check", str(copy)]) == 1
        err = capsys.readouterr().err
        expected = [
            "karabakh/predictions.toml: $.predictions[1].confidence.probability: expected a probability between 0 and 1, got 1.3",
            "karabakh/predictions.toml: $.predictions[3].sorce: unknown key 'sorce'",
            "karabakh/events.toml: $.events[10].date: expected a date",
            "karabakh/predictions.toml: $.predictions[16].id: duplicate id 'markov-no-return'",
            "karabakh/predictions.toml: $.predictions[10].source: no source with id 'arkof'",
        ]
        for line in expected:
            assert line in err
        assert "Traceback" not in err
        assert err.rstrip().endswith("6 problems")  # the misspelt key also leaves `source` missing

    def test_unknown_deadline_phrase_is_named(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """An unrecognised deadline phrase is reported with file, path and the phrase."""
        copy = tmp_path / "karabakh"
        shutil.copytree(KARABAKH, copy)
        preds = copy / "predictions.toml"
        preds.write_text(
            preds.read_text(encoding="utf-8").replace(
                'deadline = "until November 2025"', 'deadline = "sometime soonish"'
            ),
            encoding="utf-8",
        )
        assert main(["check", str(copy)]) == 1
        assert (
            "karabakh/predictions.toml: $.predictions[1].proposition.deadline: "
            "unrecognised deadline phrase 'sometime soonish'" in capsys.readouterr().err
        )

    def test_console_script_runs_without_traceback(self, tmp_path: Path) -> None:
        """The installed module entry point reports a missing path without a traceback."""
        result = subprocess.run(
            [sys.executable, "-m", "forecastcheck.cli", "check", str(tmp_path / "missing")],
            capture_output=True,
            text=True,
            check=False,
        )
        assert result.returncode == 1
        assert "no such file or folder" in result.stderr
        assert "Traceback" not in result.stderr


HOUSE_SCALE = """
name = "house"
title = "House scale"
version = "1"
citation = "A newsroom's own style guide."

[[phrases]]
phrase = "highly unlikely"
range = [0.02, 0.1]
"""


class TestUserScale:
    def test_phrase_suggests_the_wordings_of_the_scale_file(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """An unread phrase under `--scale FILE` is pointed at that scale's own wordings."""
        scale = tmp_path / "house.toml"
        scale.write_text(
            HOUSE_SCALE + '\n[[phrases]]\nphrase = "zorbly probable"\nrange = [0.6, 0.8]\n',
            encoding="utf-8",
        )
        assert main(["phrase", "zorbly probabl", "--scale", str(scale)]) == 1
        assert "did you mean 'zorbly probable'" in capsys.readouterr().err

    def test_report_reads_phrases_under_a_scale_file(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """`--scale FILE.toml` scores phrases under the user's own scale, named in the report."""
        import json

        scale = tmp_path / "house.toml"
        scale.write_text(HOUSE_SCALE, encoding="utf-8")
        code = main(
            [
                "report",
                str(KARABAKH),
                "--as-of",
                "2026-02-07",
                "--scale",
                str(scale),
                "--format",
                "json",
            ]
        )
        assert code == 0
        report = json.loads(capsys.readouterr().out)
        assert report["scale"] == "house"
        (call,) = [p for p in report["predictions"] if p["id"] == "niculescu-withdrawal-by-2025-11"]
        assert call["probability"] == pytest.approx(0.06)

    def test_bad_scale_file_lists_every_problem(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A broken scale file exits 1 and names each problem with file and path, no traceback."""
        scale = tmp_path / "bad.toml"
        scale.write_text("name = 3\n", encoding="utf-8")
        assert main(["report", str(KARABAKH), "--scale", str(scale)]) == 1
        err = capsys.readouterr().err
        assert "bad.toml: $.name: expected a non-empty string, got 3" in err
        assert "bad.toml: $.citation: required key is missing" in err
        assert "Traceback" not in err

    def test_evaluate_takes_a_scale_object(self, tmp_path: Path) -> None:
        """forecastcheck.evaluate accepts a loaded Scale, and the sensitivity table includes it."""
        import datetime as dt

        import forecastcheck

        scale_file = tmp_path / "house.toml"
        scale_file.write_text(HOUSE_SCALE, encoding="utf-8")
        scale = forecastcheck.load_scale(scale_file)
        evaluation = forecastcheck.evaluate(
            forecastcheck.load(KARABAKH), as_of=dt.date(2026, 2, 7), scale=scale
        )
        assert evaluation.scale == "house"
        assert evaluation.by_id("niculescu-withdrawal-by-2025-11").probability == pytest.approx(
            0.06
        )
        # phrases the house scale does not know are reported, not guessed
        assert evaluation.by_id("niculescu-treaty-by-2025-11").verdict == "UNSCORABLE"


class TestTerminalOutput:
    def test_file_name_with_a_newline_cannot_forge_a_problem(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A file named `a\\nforged.toml` gives one problem line, the newline shown as `\\n`."""
        folder = tmp_path / "ledger"
        folder.mkdir()
        (folder / "a\nforged: $.x: fake.toml").write_text("bogus = 1\n", encoding="utf-8")
        assert main(["check", str(folder)]) == 1
        err = capsys.readouterr().err
        lines = err.splitlines()
        assert not any(line.startswith("forged") for line in lines)
        assert lines[0].startswith("ledger/a\\nforged: $.x: fake.toml: $.bogus: unknown key")
        assert len(lines) == 2  # the problem and the count

    def test_control_characters_are_escaped_in_every_line(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """ESC, BEL, CR, DEL, C1 and RLO in names reach the terminal as visible escapes."""
        controls = "\x1b[2J\x07\r\x7f\x9b\u202e"
        folder = tmp_path / f"led{controls}ger"
        shutil.copytree(KARABAKH, folder)
        assert main(["check", str(folder)]) == 0
        (folder / f"bad{controls}.toml").write_text("bogus = 1\n", encoding="utf-8")
        assert main(["check", str(folder)]) == 1
        captured = capsys.readouterr()
        for char in "\x1b\x07\r\x7f\x9b\u202e":
            assert char not in captured.out
            assert char not in captured.err
        assert "led\\x1b[2J\\x07\\r\\x7f\\x9b\\u202eger: ok" in captured.out
        assert "bad\\x1b[2J\\x07\\r\\x7f\\x9b\\u202e.toml: $.bogus: unknown key" in captured.err

    def test_report_text_has_no_raw_control_characters(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """The text report printed by `report` shows a source name's ESC and RLO as escapes."""
        folder = tmp_path / "karabakh"
        shutil.copytree(KARABAKH, folder)
        sources = folder / "sources.toml"
        text = sources.read_text(encoding="utf-8")
        assert 'name = "George Vlad Niculescu"' in text
        sources.write_text(
            text.replace(
                'name = "George Vlad Niculescu"',
                'name = "George\\u001b[31m Vlad\\u202e\\nNiculescu"',
            ),
            encoding="utf-8",
        )
        assert main(["report", str(folder), "--as-of", "2026-02-07", "--bootstrap", "0"]) == 0
        out = capsys.readouterr().out
        assert "\x1b" not in out
        assert "\u202e" not in out
        assert "George\\x1b[31m Vlad\\u202e\\nNiculescu" in out


class TestBadPaths:
    def test_too_long_path_is_reported(self, tmp_path: Path) -> None:
        """A 300-character PATH exits 1 with one clear line, not an OSError traceback."""
        path = str(tmp_path / ("x" * 300))
        result = subprocess.run(
            [sys.executable, "-m", "forecastcheck.cli", "check", path],
            capture_output=True,
            text=True,
            check=False,
        )
        assert result.returncode == 1
        assert "Traceback" not in result.stderr
        assert result.stderr.startswith(path) or result.stderr.startswith(
            f"forecastcheck: cannot read {path}"
        )
