"""Module layout rules: no underscored names across modules, no names taken from the root package."""

from __future__ import annotations

import ast
import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

import forecastcheck

SRC = Path(forecastcheck.__file__).parent
MODULES = sorted(SRC.rglob("*.py"))
FRONTS = [SRC / name for name in ("cli.py", "pytest_plugin.py", "session.py", "outputs.py")]


def _is_module(name: str) -> bool:
    try:
        return importlib.util.find_spec(name) is not None
    except ModuleNotFoundError:  # a name inside a module, not a package
        return False


def _imported_names(path: Path) -> list[tuple[str, str]]:
    """Every ``(module, name)`` of a ``from forecastcheck... import name`` in ``path``."""
    return [
        (node.module, alias.name)
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.ImportFrom)
        and node.module is not None
        and node.module.split(".")[0] == "forecastcheck"
        for alias in node.names
    ]


def _label(path: Path) -> str:
    return path.relative_to(SRC).as_posix()


@pytest.mark.parametrize("path", MODULES, ids=_label)
def test_no_underscored_name_is_imported(path: Path) -> None:
    """A module imports another's underscored name only if that name is a (private) module."""
    assert [
        f"from {module} import {name}"
        for module, name in _imported_names(path)
        if name.startswith("_") and not _is_module(f"{module}.{name}")
    ] == []


@pytest.mark.parametrize("path", MODULES, ids=_label)
def test_no_name_is_taken_from_the_root_package(path: Path) -> None:
    """Only modules are imported from ``forecastcheck`` itself: its lazy re-exports close cycles."""
    assert [
        f"from forecastcheck import {name}"
        for module, name in _imported_names(path)
        if module == "forecastcheck" and not _is_module(f"forecastcheck.{name}")
    ] == []


@pytest.mark.parametrize("path", FRONTS, ids=_label)
def test_front_functions_stay_under_60_lines(path: Path) -> None:
    """No function of the fronts or their engine runs over 60 lines."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    lengths = {
        node.name: (node.end_lineno or node.lineno) - node.lineno + 1
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef)
    }
    long = {name: n for name, n in lengths.items() if n > 60}
    assert long == {}


def test_the_inert_plugin_imports_no_numerics() -> None:
    """Importing the pytest plugin (inert until turned on) loads neither numpy nor scipy."""
    code = (
        "import sys, forecastcheck.pytest_plugin\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'numpy', 'scipy'}))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "[]"


def test_the_version_is_one_value() -> None:
    """``forecastcheck.__version__`` is the value the build reads (forecastcheck._version)."""
    from forecastcheck import _version

    assert forecastcheck.__version__ == _version.VERSION
    pyproject = (SRC.parent.parent / "pyproject.toml").read_text(encoding="utf-8")
    assert 'path = "src/forecastcheck/_version.py"' in pyproject
