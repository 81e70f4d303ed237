"""forecastcheck.discovery: which files and folders of a project tree are ledgers."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from forecastcheck.discovery import find_ledgers, is_ledger_file, ledger_holding

ROOT = Path(__file__).resolve().parent.parent
KARABAKH = ROOT / "fixtures" / "karabakh"


class TestLedgerFiles:
    @pytest.mark.parametrize(
        ("name", "text", "expected"),
        [
            ("l.toml", '[[sources]]\nid = "a"\nname = "A"\n', True),
            ("l.toml", '[[predictons]]\nid = "a"\n', True),  # a near miss: loading reports it
            ("pyproject.toml", "[tool.x]\ny = 1\n", False),
            ("l.toml", '[[sources]]\nid = "a"\n[tool.x]\ny = 1\n', False),
            ("l.json", '{"events": []}', True),
            ("l.json", "[1, 2]", False),
            ("l.jsonl", '\n{"sources": {"id": "a"}}\n', True),
            ("l.jsonl", "5\n", False),
            ("l.toml", "not = [toml", True),  # unparsable: collected so loading says why
            ("l.txt", '{"events": []}', False),
        ],
    )
    def test_is_ledger_file(self, tmp_path: Path, name: str, text: str, expected: bool) -> None:
        """A ledger file's top-level keys are all ledger tables or near misses of them."""
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        assert is_ledger_file(path) is expected

    def test_the_front_parses_nothing_itself(self) -> None:
        """discovery asks the ledger package whether a file is a ledger file; it reads no TOML/JSON."""
        import ast

        import forecastcheck.discovery
        import forecastcheck.ledger

        assert forecastcheck.discovery.is_ledger_file is forecastcheck.ledger.is_ledger_file
        source = Path(forecastcheck.discovery.__file__).read_text(encoding="utf-8")
        imported = {
            alias.name
            for node in ast.walk(ast.parse(source))
            if isinstance(node, ast.Import)
            for alias in node.names
        }
        assert imported & {"json", "tomllib", "tomli"} == set()


class TestFindLedgers:
    def test_a_pure_folder_is_one_ledger(self) -> None:
        """A folder of ledger files is one ledger."""
        assert find_ledgers([KARABAKH]) == [KARABAKH]

    def test_a_project_folder_is_searched(self, tmp_path: Path) -> None:
        """Beside pyproject.toml, sub-folders and lone ledger files are ledgers; skipped ones not."""
        shutil.copytree(KARABAKH, tmp_path / "karabakh")
        shutil.copytree(KARABAKH, tmp_path / "build")
        (tmp_path / "pyproject.toml").write_text("[tool.x]\n", encoding="utf-8")
        lone = tmp_path / "lone.toml"
        lone.write_text('[[sources]]\nid = "a"\nname = "A"\n', encoding="utf-8")
        found = find_ledgers([tmp_path], skip=["build"])
        assert found == [lone.resolve(), (tmp_path / "karabakh").resolve()]

    def test_a_named_file_inside_a_named_folder_is_not_a_second_ledger(self) -> None:
        """A file of a ledger folder named beside the folder is part of it."""
        assert find_ledgers([KARABAKH / "sources.toml", KARABAKH]) == [KARABAKH]

    def test_a_named_file_is_a_ledger_whatever_it_holds(self, tmp_path: Path) -> None:
        """A ledger-suffixed file named directly is a ledger even if it is not a ledger file."""
        odd = tmp_path / "pyproject.toml"
        odd.write_text("[tool.x]\n", encoding="utf-8")
        assert find_ledgers([odd]) == [odd.resolve()]

    def test_ledger_holding(self, tmp_path: Path) -> None:
        """A ledger file inside a ledger folder belongs to it; another file does not."""
        stray = KARABAKH / "notes.toml"
        assert ledger_holding(KARABAKH / "events.toml", [KARABAKH]) == KARABAKH
        assert ledger_holding(stray, [KARABAKH]) is None
        assert ledger_holding(tmp_path / "x.toml", [KARABAKH]) is None
