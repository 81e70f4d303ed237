"""The ledger package keeps its layout rules: a flat namespace, small modules, no cycle."""

from __future__ import annotations

import ast
import builtins
import importlib
import typing
from pathlib import Path

import pytest

import forecastcheck
import forecastcheck.ledger

LEDGER = Path(forecastcheck.ledger.__file__).parent
MODULES = sorted(LEDGER.glob("*.py"))
PUBLIC = [p for p in MODULES if not p.name.startswith("_")]


def _label(path: Path) -> str:
    return f"ledger/{path.name}"


@pytest.mark.parametrize("path", MODULES, ids=_label)
def test_modules_stay_under_600_lines(path: Path) -> None:
    """No ledger module exceeds the 600-line limit."""
    assert len(path.read_text(encoding="utf-8").splitlines()) <= 600


@pytest.mark.parametrize("path", MODULES, ids=_label)
def test_no_module_imports_its_own_package(path: Path) -> None:
    """A ledger module imports its siblings, never names from ``forecastcheck.ledger`` itself."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    from_package = [
        alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and node.module == "forecastcheck.ledger"
        for alias in node.names
        if not (LEDGER / f"{alias.name}.py").exists()
    ]
    plain = [
        alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.Import)
        for alias in node.names
        if alias.name == "forecastcheck.ledger"
    ]
    assert (from_package, plain) == ([], [])


@pytest.mark.parametrize("path", PUBLIC, ids=_label)
def test_every_public_name_is_in_the_flat_namespace(path: Path) -> None:
    """Each public module's ``__all__`` is importable from ``forecastcheck.ledger`` as the same object."""
    module = importlib.import_module(f"forecastcheck.ledger.{path.stem}")
    missing = [
        name
        for name in module.__all__
        if getattr(forecastcheck.ledger, name, None) is not getattr(module, name)
    ]
    assert missing == []


def test_no_module_is_named_like_a_name_of_the_namespace() -> None:
    """A module's name never equals a function or class of the flat namespace (``load`` vs ``ledger.load``)."""
    assert {p.stem for p in MODULES} & set(forecastcheck.ledger.__all__) == set()


def test_no_name_shadows_a_builtin_or_typing() -> None:
    """No public name of the ledger or the root package is a builtin's or ``typing``'s (``Any``, ``All``)."""
    reserved = set(dir(builtins)) | set(typing.__all__)
    assert set(forecastcheck.ledger.__all__) & reserved == set()
    assert set(forecastcheck.__all__) & reserved == set()


def test_proposition_type_keys_are_unchanged() -> None:
    """The renamed ``AllOf`` and ``AnyOf`` are still written as ``type = "all"`` / ``"any"``."""
    types = forecastcheck.ledger.PROPOSITION_TYPES
    assert (types["all"], types["any"]) == (forecastcheck.AllOf, forecastcheck.AnyOf)
