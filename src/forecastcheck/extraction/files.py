"""Texts read from files and folders for extraction, every failure a located problem.

A folder is read in name order, every ``.txt``, ``.text``, ``.md``, ``.html``
and ``.htm`` file below it; each file becomes one document whose id is made
from the file's name. A file that cannot be read, or is not UTF-8 text, is a
problem naming the file; the others are still extracted.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from forecastcheck.errors import Problem
from forecastcheck.extraction import drafts, speakers
from forecastcheck.ledger import DateWindow

__all__ = ["SUFFIXES", "extract_path", "text_files"]

SUFFIXES = (".txt", ".text", ".md", ".html", ".htm")
"""The files a folder is read for."""


def text_files(path: Path) -> list[Path]:
    """The files to read: ``path`` itself, or the text and HTML files below a folder."""
    if path.is_dir():
        return sorted(p for p in path.rglob("*") if p.suffix.lower() in SUFFIXES and p.is_file())
    return [path]


def _read(path: Path) -> str | Problem:
    try:
        data = path.read_bytes()
    except OSError as exc:
        return Problem(str(path), "", f"cannot read: {exc.strerror or exc}")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return Problem(str(path), "", f"not UTF-8 text (byte {exc.start}); convert it first")


def extract_path(
    path: str | os.PathLike[str],
    *,
    date: dt.date | DateWindow | None = None,
    outlet: str | None = None,
    url: str | None = None,
    min_score: float = drafts.DEFAULT_MIN_SCORE,
) -> tuple[drafts.Draft, list[Problem]]:
    """Extract one file, or every text and HTML file of a folder, into one draft.

    Returns:
        The draft (one document per file read) and the problems of the files
        that could not be read (a folder with no text files is one problem).

    Raises:
        ExtraMissingError: a library of the ``extract`` extra is not installed.
    """
    root = Path(path)
    files = text_files(root)
    problems: list[Problem] = []
    if not files:
        problems.append(Problem(str(root), "", f"no text or HTML files ({', '.join(SUFFIXES)})"))
    found = []
    used: set[str] = set()
    for file in files:
        text = _read(file)
        if isinstance(text, Problem):
            problems.append(text)
            continue
        base = doc_id = speakers.slug(file.stem)
        k = 1
        while doc_id in used:  # a.md, a.txt and a-2.txt share a stem: never one id twice
            k += 1
            doc_id = f"{base}-{k}"
        used.add(doc_id)
        html = file.suffix.lower() in (".html", ".htm") or None
        found.append(
            drafts.extract(
                text,
                date,
                outlet=outlet,
                url=url,
                document_id=doc_id,
                min_score=min_score,
                html=html,
            )
        )
    return drafts.merge(found), problems
