"""The resolution package keeps its layout rules: a flat namespace, small modules, no cycle."""

from __future__ import annotations

import ast
import importlib
import subprocess
import sys
from pathlib import Path

import pytest

import forecastcheck
import forecastcheck.resolution

RESOLUTION = Path(forecastcheck.resolution.__file__).parent
MODULES = sorted(RESOLUTION.glob("*.py"))
PUBLIC = [p for p in MODULES if not p.name.startswith("_")]

# Every public name of the former forecastcheck.resolve and forecastcheck.timeline.
NAMES_BEFORE = {
    "Conflict",
    "Reports",
    "Resolution",
    "Resolver",
    "StateLine",
    "Status",
    "Timeline",
    "Timing",
    "resolve",
    "resolve_ledger",
    "resolve_prediction",
    "statement_timing",
}


def _label(path: Path) -> str:
    return f"resolution/{path.name}"


def _imports(path: Path) -> list[ast.ImportFrom]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [node for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)]


@pytest.mark.parametrize("path", MODULES, ids=_label)
def test_modules_stay_under_600_lines(path: Path) -> None:
    """No resolution module exceeds the 600-line limit."""
    assert len(path.read_text(encoding="utf-8").splitlines()) <= 600


@pytest.mark.parametrize("path", MODULES, ids=_label)
def test_no_module_imports_its_own_package(path: Path) -> None:
    """A resolution module imports its siblings, never names from ``forecastcheck.resolution`` itself."""
    from_package = [
        alias.name
        for node in _imports(path)
        if node.module == "forecastcheck.resolution"
        for alias in node.names
        if not (RESOLUTION / f"{alias.name}.py").exists()
    ]
    assert from_package == []


@pytest.mark.parametrize("path", MODULES, ids=_label)
def test_no_module_imports_an_underscored_name(path: Path) -> None:
    """A resolution module imports private modules as modules, never an underscored name."""
    private = [
        f"{node.module}.{alias.name}"
        for node in _imports(path)
        if (node.module or "").startswith("forecastcheck")
        for alias in node.names
        if alias.name.startswith("_")
        and not (
            Path(forecastcheck.__file__).parent.joinpath(
                *(node.module or "").split(".")[1:], f"{alias.name}.py"
            )
        ).exists()
    ]
    assert private == []


def test_namespace_holds_every_former_name() -> None:
    """``forecastcheck.resolution`` exports every public name of the former resolve and timeline modules."""
    assert set(forecastcheck.resolution.__all__) == NAMES_BEFORE


@pytest.mark.parametrize("path", PUBLIC, ids=_label)
def test_every_public_name_is_in_the_flat_namespace(path: Path) -> None:
    """Each public module's ``__all__`` is importable from ``forecastcheck.resolution`` as the same object."""
    module = importlib.import_module(f"forecastcheck.resolution.{path.stem}")
    missing = [
        name
        for name in module.__all__
        if getattr(forecastcheck.resolution, name, None) is not getattr(module, name)
    ]
    assert missing == []


def test_no_module_is_named_like_a_name_of_the_namespace() -> None:
    """A module's name never equals a function or class of the flat namespace (``resolve``)."""
    assert {p.stem for p in MODULES} & set(forecastcheck.resolution.__all__) == set()


def test_root_resolve_is_the_function() -> None:
    """``forecastcheck.resolve`` is the function and ``forecastcheck.resolution`` the package."""
    assert forecastcheck.resolve is forecastcheck.resolution.resolve
    assert forecastcheck.resolution.__name__ == "forecastcheck.resolution"
    assert "resolution" in forecastcheck.__all__


@pytest.mark.parametrize("path", MODULES, ids=_label)
def test_each_module_imports_first_without_a_cycle(path: Path) -> None:
    """Each resolution module imports on its own, first, in a fresh interpreter (no import cycle)."""
    name = "forecastcheck.resolution" + ("" if path.stem == "__init__" else f".{path.stem}")
    done = subprocess.run(
        [sys.executable, "-c", f"import {name}"], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
