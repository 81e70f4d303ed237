"""The package's layout rules: small modules, no private imports, no import cycles."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parent.parent / "src" / "forecastcheck"
MAX_LINES = 600


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

    import forecastcheck

    page = (SRC.parent.parent / "docs" / "architecture.md").read_text(encoding="utf-8")
    section = page.split("## The public API, on one page", 1)[1]
    listed = set(re.findall(r"^- \*\*[^*]+\*\*: (.*?)(?=^- |\Z)", section, re.M | re.S))
    names = {n for chunk in listed for n in re.findall(r"`([A-Za-z_][A-Za-z0-9_]*)`", chunk)}
    assert names == set(forecastcheck.__all__)
