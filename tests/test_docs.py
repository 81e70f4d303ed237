"""The examples in docs/ run: every ```python block of a page, in order, in one namespace."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

DOCS = Path(__file__).resolve().parent.parent / "docs"
ROOT = DOCS.parent
_BLOCK = re.compile(r"^```python\n(.*?)^```", re.MULTILINE | re.DOTALL)


def _pages() -> list[Path]:
    return sorted(p for p in DOCS.glob("*.md") if _BLOCK.search(p.read_text(encoding="utf-8")))


@pytest.mark.parametrize("page", _pages(), ids=lambda p: p.name)
def test_page_examples_run(page: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each page's Python examples execute without error, from the project root."""
    monkeypatch.chdir(ROOT)
    namespace: dict[str, object] = {"__name__": f"docs_{page.stem}"}
    for i, block in enumerate(_BLOCK.findall(page.read_text(encoding="utf-8"))):
        code = compile(block, f"{page.name}[block {i}]", "exec")
        exec(code, namespace)


def test_docs_exist() -> None:
    """The docs folder holds the pages the README links to."""
    assert os.path.isdir(DOCS)
