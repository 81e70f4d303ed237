"""The package's layout rules: small modules and functions, no private imports, no import cycles,
flat namespaces, names that cannot collide, and cheap imports."""

from __future__ import annotations

import ast
import builtins
import importlib
import subprocess
import sys
import typing
from pathlib import Path
from types import ModuleType

import pytest

import forecastcheck

SRC = Path(__file__).resolve().parent.parent / "src" / "forecastcheck"
MAX_LINES = 600
MAX_FUNCTION_LINES = 60

# Packages whose public modules' names are all re-exported, as the same objects, by the package.
# (evaluation, report and tables are stage packages: their modules are imported by name.)
FLAT_PACKAGES = ("calibration", "compare", "ledger", "resolution", "scoring", "verbal")
# Modules whose functions are held to MAX_FUNCTION_LINES by a test (the fronts and their engine,
# the evaluation stages); elsewhere a longer function says why in a comment.
SHORT_FUNCTIONS = (
    "forecastcheck.cli",
    "forecastcheck.pytest_plugin",
    "forecastcheck.session",
    "forecastcheck.outputs",
    "forecastcheck.evaluation",
)
# Packages each of whose modules is imported first in a fresh interpreter (a runtime cycle check).
IMPORTED_FIRST = ("forecastcheck.resolution", "forecastcheck.evaluation")


def _modules() -> dict[str, Path]:
    found: dict[str, Path] = {}
    for path in sorted(SRC.rglob("*.py")):
        parts = list(path.relative_to(SRC.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


MODULES = _modules()


def _package_of(name: str) -> str:
    return name if MODULES[name].name == "__init__.py" else name.rpartition(".")[0]


def _absolute(module: str, node: ast.ImportFrom) -> str:
    if node.level == 0:
        return node.module or ""
    base = _package_of(module).split(".")
    if node.level > 1:
        base = base[: len(base) - node.level + 1]
    return ".".join([*base, *([node.module] if node.module else [])])


def _imports(module: str) -> list[tuple[str, str | None, int]]:
    """(imported module, imported name or None, line) for every import, lazy ones too."""
    tree = ast.parse(MODULES[module].read_text(encoding="utf-8"))
    found: list[tuple[str, str | None, int]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.extend((alias.name, None, node.lineno) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            target = _absolute(module, node)
            found.extend((target, alias.name, node.lineno) for alias in node.names)
    return [f for f in found if f[0] == "forecastcheck" or f[0].startswith("forecastcheck.")]


def _edges(module: str) -> set[str]:
    """The project's modules that ``module`` imports (a name that is a submodule counts as it)."""
    out: set[str] = set()
    for target, name, _ in _imports(module):
        if name is not None and f"{target}.{name}" in MODULES:
            out.add(f"{target}.{name}")
        elif target in MODULES:
            out.add(target)
    out.discard(module)
    return out


@pytest.mark.parametrize("module", sorted(MODULES))
def test_module_is_at_most_600_lines(module: str) -> None:
    """Every module stays small enough to read in one sitting."""
    lines = len(MODULES[module].read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_LINES, f"{module} has {lines} lines"


def test_no_module_imports_a_private_name_from_another() -> None:
    """Shared internals are imported as modules, never as underscored names."""
    bad = [
        f"{module}:{line} imports {name} from {target}"
        for module in MODULES
        for target, name, line in _imports(module)
        if name is not None
        and name.startswith("_")
        and not name.startswith("__")
        and f"{target}.{name}" not in MODULES
    ]
    assert bad == []


def test_no_import_cycle() -> None:
    """The import graph, lazy imports included, has no cycle (a package is not its own cycle)."""
    graph = {m: _edges(m) for m in MODULES}
    # a package's __init__ re-exports its submodules: ignore edges from a package into itself
    for module, targets in graph.items():
        if MODULES[module].name == "__init__.py":
            graph[module] = {t for t in targets if not t.startswith(f"{module}.")}
    state: dict[str, int] = {}
    stack: list[str] = []
    cycles: list[list[str]] = []

    def visit(node: str) -> None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                cycles.append([*stack[stack.index(nxt) :], nxt])
            elif nxt not in state:
                visit(nxt)
        stack.pop()
        state[node] = 2

    for module in sorted(graph):
        if module not in state:
            visit(module)
    assert cycles == []


def test_no_module_imports_its_own_package() -> None:
    """A package's ``__init__`` re-exports its modules, so a module importing it closes a cycle."""
    bad = [
        f"{module} imports {target}"
        for module in MODULES
        for target in _edges(module)
        if module.startswith(f"{target}.") and MODULES[target].name == "__init__.py"
    ]
    assert bad == []


def test_the_public_api_page_names_every_public_name() -> None:
    """docs/architecture.md lists every name of ``forecastcheck.__all__``, and no other."""
    import re

    page = (SRC.parent.parent / "docs" / "architecture.md").read_text(encoding="utf-8")
    section = page.split("## The public API, on one page", 1)[1]
    listed = set(re.findall(r"^- \*\*[^*]+\*\*: (.*?)(?=^- |\Z)", section, re.M | re.S))
    names = {n for chunk in listed for n in re.findall(r"`([A-Za-z_][A-Za-z0-9_]*)`", chunk)}
    assert names == set(forecastcheck.__all__)


def test_nothing_but_modules_is_imported_from_the_root_package() -> None:
    """Only modules are imported from ``forecastcheck`` itself: its lazy re-exports close cycles."""
    bad = [
        f"{module}:{line} imports {name} from forecastcheck"
        for module in MODULES
        for target, name, line in _imports(module)
        if target == "forecastcheck" and name is not None and f"forecastcheck.{name}" not in MODULES
    ]
    assert bad == []


def _in(module: str, roots: tuple[str, ...]) -> bool:
    return any(module == root or module.startswith(f"{root}.") for root in roots)


@pytest.mark.parametrize("module", [m for m in sorted(MODULES) if _in(m, SHORT_FUNCTIONS)])
def test_front_and_stage_functions_stay_under_60_lines(module: str) -> None:
    """No function of the fronts, their engine or the evaluation stages runs over 60 lines."""
    tree = ast.parse(MODULES[module].read_text(encoding="utf-8"))
    lengths = {
        node.name: (node.end_lineno or node.lineno) - node.lineno + 1
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
    }
    assert {name: n for name, n in lengths.items() if n > MAX_FUNCTION_LINES} == {}


def _public_submodules(package: str) -> list[str]:
    return [
        m
        for m in sorted(MODULES)
        if m.rpartition(".")[0] == f"forecastcheck.{package}"
        and not m.rpartition(".")[2].startswith("_")
    ]


@pytest.mark.parametrize(
    "module", [m for p in FLAT_PACKAGES for m in _public_submodules(p)], ids=str
)
def test_every_public_name_is_in_its_flat_namespace(module: str) -> None:
    """A flat package re-exports each public module's ``__all__``, as the very same objects."""
    package = importlib.import_module(module.rpartition(".")[0])
    loaded = importlib.import_module(module)
    missing = [n for n in loaded.__all__ if getattr(package, n, None) is not getattr(loaded, n)]
    assert missing == []


@pytest.mark.parametrize(
    "package", [m for m in sorted(MODULES) if MODULES[m].name == "__init__.py"]
)
def test_no_module_is_named_like_a_name_of_its_package(package: str) -> None:
    """A module's name never equals a public function or class of its package (``resolve``)."""
    loaded = importlib.import_module(package)
    names = {
        n for n in getattr(loaded, "__all__", ()) if not isinstance(getattr(loaded, n), ModuleType)
    }
    stems = {m.rpartition(".")[2] for m in MODULES if m.rpartition(".")[0] == package}
    assert stems & names == set()


def test_no_public_name_shadows_a_builtin_or_typing() -> None:
    """No public name of the root package or the ledger is a builtin's or ``typing``'s (``Any``)."""
    import forecastcheck.ledger

    reserved = set(dir(builtins)) | set(typing.__all__)
    assert set(forecastcheck.ledger.__all__) & reserved == set()
    assert set(forecastcheck.__all__) & reserved == set()


def _imported_top_levels(code: str) -> list[str]:
    """The top-level packages among numpy and scipy that ``code`` leaves imported."""
    probe = f"{code}\nimport sys\nprint(sorted({{m.split('.')[0] for m in sys.modules}} & {{'numpy', 'scipy'}}))\n"
    out = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    ).stdout
    return list(ast.literal_eval(out.strip()))


def test_the_inert_plugin_imports_no_numerics() -> None:
    """Importing the pytest plugin (inert until turned on) loads neither numpy nor scipy."""
    assert _imported_top_levels("import forecastcheck.pytest_plugin") == []


def test_importing_the_numerics_does_not_import_scipy() -> None:
    """scipy is imported only by the functions that use it, so importing the numerics stays cheap."""
    code = (
        "import forecastcheck.aggregate, forecastcheck.calibration, forecastcheck.compare\n"
        "import forecastcheck.scoring"
    )
    assert "scipy" not in _imported_top_levels(code)


@pytest.mark.parametrize("fmt", ["text", "json", "markdown", "html"])
def test_a_report_imports_no_scipy(fmt: str, tmp_path: Path) -> None:
    """A report (bands, bootstrap, AUC and all) runs on numpy alone: scipy's import is not paid."""
    ledger = SRC.parent.parent / "fixtures" / "karabakh"
    argv = ["forecastcheck", "report", str(ledger), "--as-of", "2026-02-07", "--format", fmt]
    argv += ["-o", str(tmp_path / f"report.{fmt}")]
    code = (
        f"import runpy, sys\nsys.argv = {argv!r}\n"
        "try:\n    runpy.run_module('forecastcheck', run_name='__main__')\n"
        "except SystemExit as done:\n    assert not done.code, done.code\n"
    )
    assert _imported_top_levels(code) == ["numpy"]
    assert (tmp_path / f"report.{fmt}").stat().st_size > 0


@pytest.mark.parametrize("module", [m for m in sorted(MODULES) if _in(m, IMPORTED_FIRST)])
def test_each_module_imports_first_without_a_cycle(module: str) -> None:
    """Each resolution and evaluation module imports on its own, first, in a fresh interpreter."""
    done = subprocess.run(
        [sys.executable, "-c", f"import {module}"], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr


def test_the_version_is_one_value() -> None:
    """``forecastcheck.__version__`` is the value the build reads (forecastcheck._version)."""
    from forecastcheck import _version

    assert forecastcheck.__version__ == _version.VERSION
    pyproject = (SRC.parent.parent / "pyproject.toml").read_text(encoding="utf-8")
    assert 'path = "src/forecastcheck/_version.py"' in pyproject
