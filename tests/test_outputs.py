"""forecastcheck.outputs: a report's outputs never overwrite what it reads, or each other."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from forecastcheck.outputs import overwrite_problem, same_file

ROOT = Path(__file__).resolve().parent.parent
KARABAKH = ROOT / "fixtures" / "karabakh"


def test_same_file_by_another_name(tmp_path: Path) -> None:
    """A symlink and its target are one file; a name not there yet is compared by its path."""
    target = tmp_path / "t.txt"
    target.write_text("x", encoding="utf-8")
    (tmp_path / "link").symlink_to(target)
    assert same_file(tmp_path / "link", target)
    assert same_file(tmp_path / "new" / ".." / "n.txt", tmp_path / "n.txt")
    assert not same_file(target, tmp_path / "n.txt")


def test_an_output_onto_a_ledger_file_is_refused(tmp_path: Path) -> None:
    """-o naming one of the ledger's files, by a relative name, says which file."""
    ledger = tmp_path / "k"
    shutil.copytree(KARABAKH, ledger)
    name = os.path.relpath(ledger / "events.toml")
    why = overwrite_problem(ledger, [("-o", name)])
    assert why == f"-o {name} is a file of the ledger being read ({ledger / 'events.toml'})"


def test_a_new_ledger_file_inside_the_folder_is_refused(tmp_path: Path) -> None:
    """A new .json inside the ledger folder would be read as part of the ledger next time."""
    ledger = tmp_path / "k"
    shutil.copytree(KARABAKH, ledger)
    why = overwrite_problem(ledger, [("--html", str(ledger / "r.json"))])
    assert why is not None
    assert "would be read as part of the ledger" in why
    assert overwrite_problem(ledger, [("--html", str(ledger / "r.html"))]) is None


def test_the_scale_file_and_two_outputs_are_refused(tmp_path: Path) -> None:
    """The scale file is not an output; nor is one file named by two options."""
    scale = tmp_path / "s.toml"
    scale.write_text("", encoding="utf-8")
    out = str(tmp_path / "r.txt")
    assert overwrite_problem(KARABAKH, [("-o", str(scale))], scale_file=str(scale)) == (
        f"-o {scale} is the scale file being read"
    )
    assert overwrite_problem(KARABAKH, [("--html", out), ("-o", out)]) == (
        f"-o and --html name the same file: {out}"
    )
    assert overwrite_problem(KARABAKH, [("-o", out)]) is None
