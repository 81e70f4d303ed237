"""The examples in the README and docs/ run: every ```python block of a page, in order, in one namespace."""

from __future__ import annotations

import contextlib
import io
import re
from pathlib import Path

import pytest

DOCS = Path(__file__).resolve().parent.parent / "docs"
ROOT = DOCS.parent
_BLOCK = re.compile(r"^```python\n(.*?)^```", re.MULTILINE | re.DOTALL)
#: A Python block, and the ```text block right after it (blank lines between, no prose):
#: what the Python block prints.
_EXAMPLE = re.compile(
    r"^```python\n(.*?)^```\n(?:\s*?^```text\n(.*?)^```$)?", re.MULTILINE | re.DOTALL
)


def _lines(text: str) -> list[str]:
    """Text as lines, without trailing spaces or trailing blank lines."""
    return [line.rstrip() for line in text.rstrip().splitlines()]


def _pages() -> list[Path]:
    pages = [ROOT / "README.md", *sorted(DOCS.glob("*.md"))]
    return [p for p in pages if _BLOCK.search(p.read_text(encoding="utf-8"))]


def _run_examples(page: Path) -> None:
    """Run a page's Python blocks in one namespace; check each prints what the page shows."""
    namespace: dict[str, object] = {"__name__": f"docs_{page.stem}"}
    text = page.read_text(encoding="utf-8")
    examples = _EXAMPLE.findall(text)
    assert len(examples) == len(_BLOCK.findall(text))
    for i, (block, shown) in enumerate(examples):
        code = compile(block, f"{page.name}[block {i}]", "exec")
        printed = io.StringIO()
        with contextlib.redirect_stdout(printed):
            exec(code, namespace)
        where = f"{page.name}, Python block {i}"
        if shown:
            assert _lines(printed.getvalue()) == _lines(shown), f"{where} prints otherwise"
        else:
            assert printed.getvalue() == "", f"{where} prints, but no text block shows it"


@pytest.mark.parametrize("page", _pages(), ids=lambda p: p.name)
def test_page_examples_run(page: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each page's Python examples run from the project root and print what the page shows.

    A block that prints is followed by a ```text block with its output, checked line by
    line; a block followed by none prints nothing.
    """
    monkeypatch.chdir(ROOT)
    _run_examples(page)


def test_printed_output_must_match_the_page(tmp_path: Path) -> None:
    """An example printing other than its output block, or printing with none, is caught."""
    for name, output in [("right", "2\n"), ("wrong", "3\n"), ("missing", None)]:
        shown = "" if output is None else f"\n```text\n{output}```\n"
        page = tmp_path / f"{name}.md"
        page.write_text(f"# Page\n\n```python\nprint(1 + 1)\n```\n{shown}", encoding="utf-8")
    _run_examples(tmp_path / "right.md")
    with pytest.raises(AssertionError, match=r"wrong\.md, Python block 0 prints otherwise"):
        _run_examples(tmp_path / "wrong.md")
    with pytest.raises(AssertionError, match="prints, but no text block shows it"):
        _run_examples(tmp_path / "missing.md")


_LINK = re.compile(r"\]\(([^)#\s]+)(?:#[^)]*)?\)")


@pytest.mark.parametrize(
    "page", [ROOT / "README.md", *sorted(DOCS.glob("*.md"))], ids=lambda p: p.name
)
def test_relative_links_resolve(page: Path) -> None:
    """Every relative link in the README and the docs points at a file that exists."""
    targets = [t for t in _LINK.findall(page.read_text(encoding="utf-8")) if "://" not in t]
    missing = [t for t in targets if not (page.parent / t).exists()]
    assert not missing, f"{page.name} links to missing files: {missing}"


def test_readme_links_every_docs_page() -> None:
    """Each docs page is reachable from the README."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert [p.name for p in sorted(DOCS.glob("*.md")) if f"docs/{p.name}" not in readme] == []
