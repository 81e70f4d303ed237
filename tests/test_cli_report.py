"""The command line: `forecastcheck report`."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from forecastcheck.cli import main
from forecastcheck.files import load

ROOT = Path(__file__).resolve().parent.parent
KARABAKH = ROOT / "fixtures" / "karabakh"
NICULESCU = "niculescu-withdrawal-by-2025-11"
FAST = ["--bootstrap", "100"]


class TestReportAcceptance:
    def test_json_of_the_karabakh_case(self) -> None:
        """`forecastcheck report fixtures/karabakh --as-of 2026-02-07 --format json`: miss, pending, all sources."""
        result = subprocess.run(
            [
                sys.executable,
                "-m",
                "forecastcheck.cli",
                "report",
                "fixtures/karabakh",
                "--as-of",
                "2026-02-07",
                "--format",
                "json",
            ],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=False,
        )
        assert result.returncode == 0, result.stderr
        data = json.loads(result.stdout)
        calls = {p["id"]: p for p in data["predictions"]}
        miss = calls[NICULESCU]
        assert miss["quote"].startswith("Unfortunately, as of now")
        assert miss["wording"] == "seems highly unlikely"
        assert miss["proposition"].endswith("withdrawn from Karabakh by November 2025")
        assert miss["status"] == "YES"
        assert miss["verdict"] == "MISS"
        assert miss["outcome"] == 1
        assert miss["probability"] <= 0.2
        assert miss["brier"] >= 0.64
        assert calls["pritchin-never-return"]["status"] == "PENDING"
        sources = {s["source"] for s in data["sources"]}
        assert sources == {s.id for s in load(KARABAKH).sources}

    def test_text_and_html_in_one_command(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """`--html FILE` prints the text scoreboard and writes the HTML page."""
        page = tmp_path / "karabakh-report.html"
        code = main(["report", str(KARABAKH), "--as-of", "2026-02-07", "--html", str(page), *FAST])
        assert code == 0
        captured = capsys.readouterr()
        assert captured.out.startswith("Forecast scoreboard as of 2026-02-07")
        assert "George Vlad Niculescu" in captured.out
        assert f"HTML report written to {page}" in captured.err
        html = page.read_text(encoding="utf-8")
        assert html.startswith("<!DOCTYPE html>")
        assert NICULESCU in html


class TestReportOptions:
    @pytest.mark.parametrize(
        ("fmt", "start"),
        [
            ("text", "Forecast scoreboard"),
            ("json", "{"),
            ("markdown", "# Forecast scoreboard"),
            ("html", "<!DOCTYPE html>"),
        ],
    )
    def test_formats(self, fmt: str, start: str, capsys: pytest.CaptureFixture[str]) -> None:
        """Each --format prints its own kind of document."""
        code = main(["report", str(KARABAKH), "--as-of", "2026-02-07", "--format", fmt, *FAST])
        assert code == 0
        assert capsys.readouterr().out.startswith(start)

    def test_output_file_is_written_whole(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """-o FILE holds exactly what stdout would, and leaves no temporary file behind."""
        args = ["report", str(KARABAKH), "--as-of", "2026-02-07", "--format", "json", *FAST]
        assert main(args) == 0
        printed = capsys.readouterr().out
        target = tmp_path / "report.json"
        assert main([*args, "-o", str(target)]) == 0
        assert capsys.readouterr().out == ""
        assert target.read_text(encoding="utf-8") == printed
        assert [p.name for p in tmp_path.iterdir()] == ["report.json"]

    def test_min_resolved_ranks(self, capsys: pytest.CaptureFixture[str]) -> None:
        """--min-resolved 1 ranks every source with a resolved call."""
        code = main(
            ["report", str(KARABAKH), "--as-of", "2026-02-07", "--min-resolved", "1", *FAST]
        )
        assert code == 0
        out = capsys.readouterr().out
        assert "rank 4 of 4" in out
        assert "unranked: 0 resolved < 1" in out

    def test_scale_option(self, capsys: pytest.CaptureFixture[str]) -> None:
        """--scale picks another built-in scale, named in the output."""
        args = ["report", str(KARABAKH), "--as-of", "2026-02-07", "--scale", "kent1964"]
        assert main([*args, "--format", "json", *FAST]) == 0
        assert json.loads(capsys.readouterr().out)["scale"] == "kent1964"

    def test_default_as_of_is_today(self, capsys: pytest.CaptureFixture[str]) -> None:
        """Without --as-of the report is as of today."""
        assert main(["report", str(KARABAKH), "--format", "json", *FAST]) == 0
        assert json.loads(capsys.readouterr().out)["as_of"] == dt.date.today().isoformat()


class TestReportErrors:
    def test_bad_date(self, capsys: pytest.CaptureFixture[str]) -> None:
        """A date that does not exist exits 1 with a clear message."""
        assert main(["report", str(KARABAKH), "--as-of", "2026-13-07"]) == 1
        err = capsys.readouterr().err
        assert "--as-of: expected a date as YYYY-MM-DD, got '2026-13-07'" in err

    def test_unknown_scale(self, capsys: pytest.CaptureFixture[str]) -> None:
        """An unknown scale exits 1 and lists the known ones."""
        assert main(["report", str(KARABAKH), "--scale", "vibes"]) == 1
        err = capsys.readouterr().err
        assert "unknown scale 'vibes'" in err
        assert "icd203" in err

    def test_invalid_ledger(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """A broken ledger exits 1 naming each problem with its file and path."""
        copy = tmp_path / "karabakh"
        shutil.copytree(KARABAKH, copy)
        preds = copy / "predictions.toml"
        preds.write_text(
            preds.read_text(encoding="utf-8").replace('source = "arkov"', 'source = "arkof"'),
            encoding="utf-8",
        )
        assert main(["report", str(copy), "--as-of", "2026-02-07"]) == 1
        err = capsys.readouterr().err
        assert "no source with id 'arkof'" in err
        assert err.rstrip().endswith("1 problem")

    def test_missing_path(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """A path that does not exist exits 1 without a traceback."""
        assert main(["report", str(tmp_path / "nothing")]) == 1
        err = capsys.readouterr().err
        assert "no such file or folder" in err
        assert "Traceback" not in err

    def test_unwritable_output(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """An output file in a missing folder exits 1 naming the file."""
        target = tmp_path / "missing" / "out.txt"
        code = main(["report", str(KARABAKH), "--as-of", "2026-02-07", "-o", str(target), *FAST])
        assert code == 1
        assert f"cannot write {target}" in capsys.readouterr().err

    @pytest.mark.parametrize(
        "extra", [["--format", "pdf"], ["--min-resolved", "-1"], ["--min-resolved", "many"]]
    )
    def test_usage_errors_exit_2(
        self, extra: list[str], capsys: pytest.CaptureFixture[str]
    ) -> None:
        """Wrong usage (unknown format, a negative or non-numeric count) exits 2."""
        with pytest.raises(SystemExit) as exc:
            main(["report", str(KARABAKH), *extra])
        assert exc.value.code == 2
        assert "usage:" in capsys.readouterr().err

    def test_no_traceback_from_the_console(self, tmp_path: Path) -> None:
        """Run as a program, a bad date gives one line on stderr and no traceback."""
        result = subprocess.run(
            [sys.executable, "-m", "forecastcheck.cli", "report", str(KARABAKH), "--as-of", "x"],
            capture_output=True,
            text=True,
            check=False,
        )
        assert result.returncode == 1
        assert "Traceback" not in result.stderr
        assert result.stderr.startswith("forecastcheck: --as-of")
