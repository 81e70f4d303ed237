"""From a page or a plain text to the article's paragraphs, title, date and byline.

HTML goes through ``trafilatura`` (imported only when HTML is given), which
drops scripts, styles, menus and comment widgets and finds the title, the
author and the publication date; its text, and any plain text, then go
through the same cleaning: everything from an end-of-article marker ("Read
also", "Related:", "Latest news", "Leave a review", "Subscribe to …") on is
dropped, short lines without closing punctuation (headings, menus, dates,
bylines) are not prose, and a paragraph repeated at the start of the next one
(a teaser) is dropped. The rules are set out in ``docs/extraction.md``.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import re
from typing import Any

import attrs

from forecastcheck.errors import ForecastcheckError
from forecastcheck.extraction import cues, speakers
from forecastcheck.ledger import DateWindow

__all__ = [
    "END_MARKERS",
    "HEADER_WORDS",
    "MIN_PROSE_WORDS",
    "Article",
    "ExtraMissingError",
    "from_html",
    "from_text",
    "is_prose",
    "looks_like_html",
    "require_extra",
]

#: A line matching this ends the article: what follows is navigation and widgets.
END_MARKERS = re.compile(
    r"^(?:read\s+(?:also|more)|related(?:\s+(?:news|articles|stories))?|see\s+also|latest\s+news"
    r"|news\s+line|all\s+news|more\s+(?:news|from\b.*)|leave\s+a\s+(?:review|comment|reply)"
    r"|comments?|subscribe\s+to\b.*|follow\s+us\b.*|share\s+(?:this|on)\b.*|recommended(?:\s+for\s+you)?"
    r"|you\s+may\s+also\s+like|tags?)\s*:?\s*$",
    re.IGNORECASE,
)
#: A line with fewer words, or without closing punctuation, is a heading, menu or label.
MIN_PROSE_WORDS = 6
_CLOSING = tuple('.!?:;…"”’)')


class ExtraMissingError(ForecastcheckError):
    """A library of the ``extract`` extra is not installed; the message says how to install it."""


def require_extra(module: str) -> object:
    try:
        return __import__(module)
    except ImportError:
        raise ExtraMissingError(
            f'extracting needs the {module!r} library: pip install "forecastcheck[extract]"'
        ) from None


@attrs.frozen
class Article:
    """An article's prose paragraphs, with what its page says about it.

    Args:
        paragraphs: the prose, one string per paragraph, in order.
        title: the first heading, or the page's title.
        published: the publication date found, if any.
        author: the byline or author line, if any.
        dropped: how many lines the cleaning dropped (headings, menus, widgets).
    """

    paragraphs: tuple[str, ...]
    title: str = ""
    published: DateWindow | None = None
    author: speakers.Person | None = None
    dropped: int = 0


def looks_like_html(text: str) -> bool:
    """Whether a text is a page: it opens with a tag, or holds ``<html>``, ``<body>`` or ``<p>``."""
    head = text.lstrip()[:1000].lower()
    return head.startswith("<") or any(t in head for t in ("<html", "<body", "<p>", "<p "))


def is_prose(line: str) -> bool:
    """Whether a line is prose: enough words, ending with closing punctuation."""
    return len(line.split()) >= MIN_PROSE_WORDS and line.rstrip().endswith(_CLOSING)


_NAME_LINE = re.compile(r"(?:[A-Z][\w’'.-]+\s+){1,3}[A-Z][\w’'-]+")
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")


def _date_in(line: str) -> DateWindow | None:
    """A publication date in a short line (a day with its year), read by the date grammar."""
    if not _YEAR.search(line):
        return None
    anchor = DateWindow.day(dt.date.today())
    for found in cues.dates_in(line, anchor, "point"):
        window = found.reading.window
        if window is not None and window.precision == "day" and _YEAR.search(found.phrase):
            return window
    return None


#: The header: the lines before the first paragraph of at least this many words.
HEADER_WORDS = 25
_HEADLINE_WORDS = 25


def _words(line: str) -> int:
    return len(re.findall(r"[^\W\d_][\w’'-]*", line))


def _header(lines: list[str]) -> tuple[str, DateWindow | None, speakers.Person | None]:
    """(title, date, byline) from the lines above the first full paragraph."""
    headings = [
        line
        for line in lines
        if 3 <= _words(line) <= _HEADLINE_WORDS and not line.endswith((".", ":", ";"))
    ]
    title = max(headings, key=_words, default="")
    published = next((d for line in lines if (d := _date_in(line)) is not None), None)
    author = None
    for line in lines:
        if _NAME_LINE.fullmatch(line) and line != title:
            people = speakers.find_people(line, {})
            if people and people[0][1].name == line:
                author = people[0][1]
                break
    return title, published, author


def from_text(text: str) -> Article:
    """Clean a plain text: the article's paragraphs, its title, date and byline."""
    lines = [" ".join(line.split()) for line in text.replace("\r\n", "\n").split("\n")]
    lines = [line for line in lines if line]
    start = next((i for i, line in enumerate(lines) if len(line.split()) >= HEADER_WORDS), 0)
    title, published, author = _header(lines[:start])
    kept: list[str] = []
    dropped = 0
    for i, line in enumerate(lines):
        if (END_MARKERS.match(line) and kept) or (
            kept and speakers.author_line(kept[-1:]) is not None
        ):
            dropped += len(lines) - i
            break
        if is_prose(line) and line != title:
            kept.append(line)
        else:
            dropped += 1
    paragraphs: list[str] = []
    for line in kept:
        if paragraphs and paragraphs[-1] == line:
            continue
        paragraphs.append(line)
    teasers = [p for k, p in enumerate(paragraphs[:-1]) if paragraphs[k + 1].startswith(p)]
    dropped += len(teasers)
    body = tuple(p for p in paragraphs if p not in teasers)
    author = author or speakers.author_line(body[-3:])
    return Article(body, title, published, author, dropped)


def from_html(html: str) -> Article:
    """Clean a page: trafilatura finds the text and metadata, then :func:`from_text` cleans it.

    Raises:
        ExtraMissingError: trafilatura is not installed.
    """
    require_extra("trafilatura")
    import trafilatura  # noqa: PLC0415 - the extra is imported only when a page is read

    found = trafilatura.bare_extraction(
        html, with_metadata=True, include_comments=False, include_tables=False
    )
    if found is None:
        return Article(())
    meta: dict[str, Any] = found if isinstance(found, dict) else found.as_dict()
    cleaned = from_text(str(meta.get("text") or ""))
    published = cleaned.published
    if meta.get("date"):
        with contextlib.suppress(ValueError):
            published = DateWindow.parse(str(meta["date"]))
    author = cleaned.author
    if author is None and meta.get("author"):
        people = speakers.find_people(str(meta["author"]), {})
        author = people[0][1] if people else speakers.Person(str(meta["author"]))
    title = str(meta.get("title") or "") or cleaned.title
    return attrs.evolve(cleaned, title=title, published=published, author=author)
