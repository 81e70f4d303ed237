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
