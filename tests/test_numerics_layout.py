"""The numerics packages (scoring, calibration, compare, aggregate) keep their layout rules."""

from __future__ import annotations

import ast
import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

import forecastcheck

SRC = Path(forecastcheck.__file__).parent
NUMERICS = [
    *sorted((SRC / "scoring").glob("*.py")),
    *sorted((SRC / "calibration").glob("*.py")),
    *sorted((SRC / "compare").glob("*.py")),
    SRC / "aggregate.py",
]


def _private_name_imports(path: Path) -> list[str]:
    """``from X import _y`` in ``path`` where ``X._y`` is not a module."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            for alias in node.names:
                if not alias.name.startswith("_"):
                    continue
                if importlib.util.find_spec(f"{node.module}.{alias.name}") is None:
                    found.append(f"{path.name}: from {node.module} import {alias.name}")
    return found


@pytest.mark.parametrize("path", NUMERICS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_private_internals_are_imported_as_modules(path: Path) -> None:
    """No numerics module imports an underscored name that is not itself a module."""
    assert _private_name_imports(path) == []


@pytest.mark.parametrize("path", NUMERICS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_modules_stay_under_600_lines(path: Path) -> None:
    """No numerics module exceeds the 600-line limit."""
    assert len(path.read_text(encoding="utf-8").splitlines()) <= 600


def test_importing_the_numerics_does_not_import_scipy() -> None:
    """scipy is imported only by the functions that use it, so importing stays cheap."""
    code = (
        "import sys\n"
        "import forecastcheck.aggregate, forecastcheck.calibration, forecastcheck.compare\n"
        "import forecastcheck.scoring\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'scipy'))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "[]"
