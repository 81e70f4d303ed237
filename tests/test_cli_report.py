"""The command line: `forecastcheck report`."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from forecastcheck.cli import main
from forecastcheck.ledger import load, save

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
        assert "Rank of 4" in out
        (row,) = (ln for ln in out.splitlines() if ln.startswith("George Vlad Niculescu    2 of"))
        assert row.split("1 of 2", 1)[1].split()[0] == "4"
        assert out.count("Not ranked: fewer than 1 resolved call (sorted by Brier score):") == 1

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
        """A date that does not exist is a usage error (exit 2) with a clear message."""
        with pytest.raises(SystemExit) as exc:
            main(["report", str(KARABAKH), "--as-of", "2026-13-07"])
        assert exc.value.code == 2
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
        """Run as a program, a bad date is a usage error (exit 2) without a traceback."""
        result = subprocess.run(
            [sys.executable, "-m", "forecastcheck.cli", "report", str(KARABAKH), "--as-of", "x"],
            capture_output=True,
            text=True,
            check=False,
        )
        assert result.returncode == 2
        assert "Traceback" not in result.stderr
        assert result.stderr.startswith("usage: forecastcheck report")
        assert result.stderr.endswith(
            "forecastcheck report: error: argument --as-of: "
            "expected a date as YYYY-MM-DD, got 'x'\n"
        )


def usage_error(argv: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    """Run ``argv``, expect a usage error (exit 2) and return what it said on stderr."""
    with pytest.raises(SystemExit) as exc:
        main(argv)
    assert exc.value.code == 2
    err = capsys.readouterr().err
    assert "usage:" in err
    assert "Traceback" not in err
    return err


@pytest.fixture
def ledger_file(tmp_path: Path) -> Path:
    """The Karabakh ledger as one TOML file."""
    return save(load(KARABAKH), tmp_path / "karabakh.toml")


@pytest.fixture
def ledger_folder(tmp_path: Path) -> Path:
    """A copy of the Karabakh ledger folder."""
    copy = tmp_path / "karabakh"
    shutil.copytree(KARABAKH, copy)
    return copy


class TestInputsAreNeverOverwritten:
    @pytest.mark.parametrize("option", ["--html", "-o", "--output"])
    def test_output_onto_the_ledger_file_is_refused(
        self, option: str, ledger_file: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """`report LEDGER --html LEDGER` (or -o) is a usage error and the ledger is untouched."""
        before = ledger_file.read_bytes()
        err = usage_error(["report", str(ledger_file), option, str(ledger_file), *FAST], capsys)
        assert "is a file of the ledger being read" in err
        assert ledger_file.read_bytes() == before

    def test_the_same_file_by_another_name_is_refused(
        self, ledger_file: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A symlink to the ledger, or a path through `..`, is the same file and refused."""
        link = ledger_file.parent / "link.html"
        link.symlink_to(ledger_file.name)
        before = ledger_file.read_bytes()
        usage_error(["report", str(ledger_file), "--html", str(link), *FAST], capsys)
        detour = ledger_file.parent / ".." / ledger_file.parent.name / ledger_file.name
        usage_error(["report", str(ledger_file), "-o", str(detour), *FAST], capsys)
        assert ledger_file.read_bytes() == before

    def test_output_onto_a_file_of_the_ledger_folder_is_refused(
        self, ledger_folder: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A file the folder's ledger is read from cannot be an output."""
        events = ledger_folder / "events.toml"
        before = events.read_bytes()
        err = usage_error(["report", str(ledger_folder), "--html", str(events), *FAST], capsys)
        assert str(events) in err
        assert events.read_bytes() == before

    def test_new_ledger_file_in_the_folder_is_refused(
        self, ledger_folder: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A new .json/.toml/.jsonl output inside the ledger folder would be read as ledger next time."""
        target = ledger_folder / "sub" / "report.json"
        err = usage_error(
            ["report", str(ledger_folder), "--format", "json", "-o", str(target), *FAST], capsys
        )
        assert "would be read as part of the ledger" in err
        assert not target.exists()

    def test_output_onto_the_scale_file_is_refused(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """The scale file a report reads is an input too and cannot be overwritten."""
        scale = tmp_path / "house.toml"
        shutil.copy(
            ROOT / "src" / "forecastcheck" / "verbal" / "data" / "scales" / "kent1964.toml", scale
        )
        before = scale.read_bytes()
        err = usage_error(
            ["report", str(KARABAKH), "--scale", str(scale), "--html", str(scale)], capsys
        )
        assert "is the scale file being read" in err
        assert scale.read_bytes() == before

    def test_output_and_html_naming_one_file_is_refused(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """-o and --html cannot both write one file, one overwriting the other."""
        page = tmp_path / "page.html"
        err = usage_error(
            ["report", str(KARABAKH), "-o", str(page), "--html", str(tmp_path / "." / "page.html")],
            capsys,
        )
        assert "-o and --html name the same file" in err
        assert not page.exists()

    def test_other_files_in_the_folder_are_fine(
        self, ledger_folder: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A report that is not a ledger file may still be written inside the ledger folder."""
        target = ledger_folder / "report.txt"
        code = main(
            ["report", str(ledger_folder), "--as-of", "2026-02-07", "-o", str(target), *FAST]
        )
        assert code == 0, capsys.readouterr().err
        assert target.read_text(encoding="utf-8").startswith("Forecast scoreboard")


class TestUsage:
    @pytest.mark.parametrize(
        "day", ["20260207", "2026-13-07", "2026-2-7", "x", "２０２６-02-07", ""]
    )
    def test_as_of_must_be_yyyy_mm_dd(self, day: str, capsys: pytest.CaptureFixture[str]) -> None:
        """--as-of takes exactly YYYY-MM-DD; anything else is a usage error (exit 2)."""
        err = usage_error(["report", str(KARABAKH), "--as-of", day], capsys)
        assert f"--as-of: expected a date as YYYY-MM-DD, got {day!r}" in err

    def test_negative_seed_is_a_usage_error(self, capsys: pytest.CaptureFixture[str]) -> None:
        """--seed -1 is a usage error, not a traceback from the bootstrap."""
        err = usage_error(["report", str(KARABAKH), "--seed", "-1"], capsys)
        assert "--seed: must not be negative, got -1" in err

    @pytest.mark.parametrize("option", ["-o", "--html"])
    def test_empty_file_name_is_a_usage_error(
        self, option: str, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """`-o ''` names no file: a usage error, not "Device or resource busy"."""
        err = usage_error(["report", str(KARABAKH), option, ""], capsys)
        assert "expected a file name, got ''" in err

    def test_too_long_file_name_is_reported(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """-o with a 300-character file name exits 1 naming the error, without a traceback."""
        target = tmp_path / ("x" * 300)
        code = main(["report", str(KARABAKH), "--as-of", "2026-02-07", "-o", str(target), *FAST])
        assert code == 1
        err = capsys.readouterr().err
        assert f"cannot write {target}: File name too long" in err


FULL = Path("/dev/full")


@pytest.mark.skipif(not FULL.exists(), reason="needs /dev/full")
class TestFullOutput:
    @pytest.mark.parametrize(
        "argv",
        [
            ["check", str(KARABAKH)],
            ["report", str(KARABAKH), "--as-of", "2026-02-07", *FAST],
            ["report", str(KARABAKH), "--as-of", "2026-02-07", "--format", "json", *FAST],
        ],
    )
    def test_full_standard_output_is_reported(self, argv: list[str]) -> None:
        """`check > /dev/full` and `report > /dev/full` exit 1 with one clear line, no traceback."""
        with FULL.open("w") as full:
            result = subprocess.run(
                [sys.executable, "-m", "forecastcheck.cli", *argv],
                stdout=full,
                stderr=subprocess.PIPE,
                text=True,
                check=False,
            )
        assert result.returncode == 1
        assert result.stderr == (
            "forecastcheck: cannot write standard output: No space left on device\n"
        )

    def test_full_output_file_is_reported(self, capsys: pytest.CaptureFixture[str]) -> None:
        """-o /dev/full is streamed to, and its error reported (exit 1), the device left alone."""
        code = main(["report", str(KARABAKH), "--as-of", "2026-02-07", "-o", str(FULL), *FAST])
        assert code == 1
        assert "cannot write /dev/full: No space left on device" in capsys.readouterr().err
        assert FULL.is_char_device()

    def test_dev_stdout_is_written_to(self) -> None:
        """-o /dev/stdout writes to standard output (a pipe here) and leaves /dev alone."""
        before = os.lstat("/dev/stdout")
        result = subprocess.run(
            [
                sys.executable,
                "-m",
                "forecastcheck.cli",
                "report",
                str(KARABAKH),
                "--as-of",
                "2026-02-07",
                "--format",
                "json",
                "-o",
                "/dev/stdout",
                *FAST,
            ],
            capture_output=True,
            text=True,
            check=False,
        )
        assert result.returncode == 0, result.stderr
        assert json.loads(result.stdout)["as_of"] == "2026-02-07"
        after = os.lstat("/dev/stdout")
        assert (after.st_mode, after.st_ino) == (before.st_mode, before.st_ino)


class TestOneList:
    def test_point_rule_choices_are_the_library_list(self) -> None:
        """--point-rule offers exactly verbal.POINT_RULES, and its defaults are the library's."""
        from forecastcheck.cli import build_parser
        from forecastcheck.gates import MIN_SOURCE_RESOLVED
        from forecastcheck.verbal import DEFAULT_SCALE, POINT_RULES

        args = build_parser().parse_args(["report", "x"])
        assert (args.min_resolved, args.scale) == (MIN_SOURCE_RESOLVED, DEFAULT_SCALE)
        for rule in POINT_RULES:
            assert (
                build_parser().parse_args(["report", "x", "--point-rule", rule]).point_rule == rule
            )
        with pytest.raises(SystemExit):
            build_parser().parse_args(["report", "x", "--point-rule", "median"])
