"""Fitting the text report to the terminal: its width, wrapped lines, tables, quotes.

The text report is as wide as the terminal: :func:`report_width` reads
``COLUMNS`` (then the terminal itself; 80 when output is not a terminal) and
never goes below :data:`MIN_WIDTH`. Every line is fitted to that width:
prose is wrapped at words with a hanging indent (:func:`fit_lines`), a table
that is too wide first leaves out the columns it can spare, one at a time
(saying which, in a note under it), then shortens its first column (names,
with ``…``, to no fewer than 12 characters), and at
last lists each row as a block: its name, then its other cells, each after
its column's name (:func:`fit_table`).
A quote is cut to one line around its confidence phrase (:func:`quote_around`),
so the words that were scored stay in view.

Widths are counted in characters (code points); a wide East Asian character
counts as one.
"""

from __future__ import annotations

import functools
import re
import shutil
import textwrap
from collections.abc import Iterable, Mapping, Sequence

from forecastcheck.report import _format

__all__ = [
    "MIN_WIDTH",
    "fit_block",
    "fit_lines",
    "fit_table",
    "quote_around",
    "report_width",
    "wrap_line",
]

MIN_WIDTH = 40
"""The narrowest text report: a narrower ``COLUMNS`` is read as this."""

_MIN_NAME = 12
"""A table's first column is never shortened below this many characters."""


def report_width(width: int | None = None) -> int:
    """``width``, or the terminal's (``COLUMNS`` first, 80 when not a terminal); at least 40."""
    if width is None:
        width = shutil.get_terminal_size((80, 24)).columns
    return max(width, MIN_WIDTH)


def fit_lines(lines: Iterable[str], width: int) -> list[str]:
    """Every line at most ``width`` wide: a longer one wrapped at words, indented 2 more."""
    if isinstance(lines, list) and (not lines or max(map(len, lines)) <= width):
        return lines.copy()  # every line fits: one scan in C, no line looked at again
    out: list[str] = []
    for line in lines:
        if len(line) <= width:
            out.append(line)
        else:
            out += _wrapped(line, width)
    return out


def fit_block(lines: list[str], width: int) -> str:
    """:func:`fit_lines` of ``lines``, joined by newlines: the same text, built in one pass.

    A line longer than ``width`` is replaced by its wrapped lines already
    joined (:func:`_wrapped_text`, remembered like :func:`_wrapped`).
    """
    return "\n".join([line if len(line) <= width else _wrapped_text(line, width) for line in lines])


@functools.lru_cache(maxsize=8192)
def _wrapped_text(line: str, width: int) -> str:
    """:func:`wrap_line`'s lines joined by newlines, remembered as :func:`_wrapped` is."""
    return "\n".join(wrap_line(line, width))


@functools.lru_cache(maxsize=8192)  # a large report wraps the same few lines again and again
def _wrapped(line: str, width: int) -> tuple[str, ...]:
    """:func:`wrap_line`, remembered: the last 8192 distinct lines wrapped, not every line."""
    return tuple(wrap_line(line, width))


def wrap_line(line: str, width: int) -> list[str]:
    """One line longer than ``width``, wrapped at words, its indent kept and 2 more after."""
    indent = line[: len(line) - len(line.lstrip(" "))]
    if len(indent) + 2 > width // 2:
        indent = ""
    return _wrap(line.strip(" "), width, indent)


_NOT_PLAIN = re.compile(r"[^\S ]| {2}")
"""Whitespace other than single spaces: such text is left to :mod:`textwrap` itself."""


def _wrap(text: str, width: int, indent: str) -> list[str]:
    """``textwrap.wrap(text, width, ...)`` with a hanging indent, without hyphen breaks.

    Text of words between single spaces (nearly all of a report) is wrapped
    greedily here, a line at a time (the last space that fits), giving exactly
    :func:`textwrap.wrap`'s lines many times faster; anything else (other
    whitespace, a word longer than its line) goes to :func:`textwrap.wrap`.
    """
    later = indent + "  "
    lines = _greedy(text, width, indent, later) if _plain(text) else None
    if lines is None:
        return textwrap.wrap(
            text, width, initial_indent=indent, subsequent_indent=later, break_on_hyphens=False
        )
    return lines


def _plain(text: str) -> bool:
    """Whether ``text`` has no whitespace but single spaces (what :data:`_NOT_PLAIN` finds).

    A printable string (``str.isprintable``) holds no whitespace but the
    ASCII space, since every other whitespace character is a separator or a
    control: then two C scans say it, and only other text is searched.
    """
    if text.isprintable():
        return "  " not in text
    return _NOT_PLAIN.search(text) is None


def _greedy(text: str, width: int, indent: str, later: str) -> list[str] | None:
    """The greedy lines of single-spaced ``text``; ``None`` when a word is longer than its line."""
    end = len(text)
    room = width - len(indent)
    if end <= room:
        return [indent + text]
    lines: list[str] = []
    start, prefix = 0, indent
    while end - start > room:
        space = text.rfind(" ", start, start + room + 1)
        if space <= start:  # the line's first word does not fit in it
            return None
        lines.append(prefix + text[start:space])
        start, prefix, room = space + 1, later, width - len(later)
    lines.append(prefix + text[start:])
    return lines


def _columns(rows: Sequence[Sequence[str]], keep: Sequence[int]) -> list[list[str]]:
    return [[row[i] for i in keep] for row in rows]


def _shortened(name: str, width: int) -> str:
    return name if len(name) <= width else name[: width - 1].rstrip() + "…"


def _grouped(lines: list[str], groups: Mapping[int, str], width: int) -> list[str]:
    """The table's ``lines`` with each group's line (wrapped; ``""``: a rule) before its row."""
    for row in sorted(groups, reverse=True):
        lines[2 + row : 2 + row] = fit_lines([groups[row]], width) if groups[row] else [lines[1]]
    return lines


def _records(rows: Sequence[Sequence[str]], width: int, groups: Mapping[int, str]) -> list[str]:
    """Each row as its first cell, then a line of ``column value`` cells (empty ones left out)."""
    head = rows[0]
    out = [f"{head[0]}: one row a block (a table would be wider than {width} columns)"]
    for i, row in enumerate(rows[1:]):
        if groups.get(i):
            out.append(groups[i])
        cells = (f"{h} {c}" for h, c in zip(head[1:], row[1:], strict=True) if c)
        out += [row[0], f"  {' · '.join(cells)}"]
    return fit_lines(out, width)


def fit_table(
    rows: Sequence[Sequence[str]],
    right: Sequence[bool],
    width: int,
    spare: Sequence[int] = (),
    groups: Mapping[int, str] | None = None,
) -> list[str]:
    """The table in at most ``width`` columns (a header row first, then the data rows).

    Args:
        rows: the header, then the rows, each a cell per column.
        right: per column, whether it is right-aligned (numbers).
        width: the widest line allowed.
        spare: columns that may be left out to fit, the first to go first.
        groups: a line to put before a data row (by its index among the data
            rows, from 0), such as a group's heading; ``""`` puts a rule there.

    Returns:
        The lines: the table as laid out by ``_format.table``, with a note line
        under it naming any column left out; or, when even that does not fit,
        one block per row: its first cell, then its other cells, each
        after its column's name.
    """
    groups = groups or {}
    keep = list(range(len(rows[0])))
    for column in spare:
        if _widest(rows, keep) <= width:
            break
        keep.remove(column)
    table = _columns(rows, keep)
    excess = _widest(rows, keep) - width
    if excess > 0 and excess > max(len(r[0]) for r in table) - _MIN_NAME:
        return _records(rows, width, groups)
    if excess > 0:
        short = max(len(r[0]) for r in table) - excess
        table = [[_shortened(r[0], short), *r[1:]] for r in table]
    lines = _grouped(_format.table(table, [right[i] for i in keep]), groups, width)
    dropped = [rows[0][i] for i in range(len(rows[0])) if i not in keep]
    if dropped:
        note = f"(Left out to fit {width} columns: {', '.join(dropped)}; "
        lines += fit_lines([note + "a wider terminal or --format json shows it.)"], width)
    return lines


def _widest(rows: Sequence[Sequence[str]], keep: Sequence[int]) -> int:
    """How wide the table of ``rows``' ``keep`` columns is."""
    return max(len(line) for line in _format.table(_columns(rows, keep), [False] * len(keep)))


def quote_around(quote: str, phrase: str | None, width: int) -> str:
    """``quote`` on one line of at most ``width`` characters, cut around ``phrase``.

    When the quote is longer than ``width``, the part kept is centred on the
    first occurrence of ``phrase`` (case and spacing ignored), cut at words
    and marked ``…`` where text was left out, so ``…seems highly unlikely…``
    keeps the words that were scored. Without the phrase in the quote, or
    when the phrase itself does not fit, the quote is cut from its end.
    """
    line = " ".join(quote.split())
    n = len(line)
    if n <= width:
        return line
    said = " ".join((phrase or "").split())
    i = line.lower().find(said.lower()) if said else -1
    j = i + len(said)
    if i < 0 or len(said) + 2 > width:
        return _format.cut_line(line, width)  # ``line`` is one line already
    start = max(0, min(i - (width - 2 - len(said)) // 2, n - (width - 1)))
    room = width - 1
    if start > 0:
        space = line.find(" ", start, i)
        start = space + 1 if space >= 0 else start
        if n - start <= width - 1:
            return "…" + line[start:]
        room = width - 2
    end = start + room
    space = line.rfind(" ", j, end + 1)
    end = space if space >= 0 else end
    return ("…" if start > 0 else "") + line[start:end].rstrip(",;:. ") + "…"
