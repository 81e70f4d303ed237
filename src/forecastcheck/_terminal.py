"""Text for a terminal: characters that would act on it are shown, not obeyed.

Ledger text and file names reach the terminal in problem lines, messages and
the text report. A raw ESC starts an escape sequence, BEL rings, CR or LF
inside a line forges a new one, and the bidirectional controls (RLO and
friends) reorder what is shown. :func:`printable` replaces each such
character with a visible escape (``\\x1b``, ``\\n``, ``\\u202e``), so one line of
output stays one line and reads as written.

Escaped: the C0 controls (U+0000–U+001F, including tab, CR and LF), DEL and the
C1 controls (U+007F–U+009F), the bidirectional controls (U+061C, U+200E,
U+200F, U+202A–U+202E, U+2066–U+2069), the line and paragraph separators
(U+2028, U+2029) and lone surrogates (U+D800–U+DFFF, which no terminal
encoding can write). Everything else, including joiners used by Persian,
Indic scripts and emoji, is left alone. A backslash is not escaped, so the
escaping marks a character; it is not meant to be reversed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

__all__ = ["CONTROL_CODES", "any_of", "printable"]

_NAMED = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}


def _escape(code: int) -> str:
    char = chr(code)
    if char in _NAMED:
        return _NAMED[char]
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


CONTROL_CODES: tuple[int, ...] = (
    *range(0x20),
    *range(0x7F, 0xA0),
    0x061C,
    0x200E,
    0x200F,
    *range(0x202A, 0x202F),
    *range(0x2066, 0x206A),
    0x2028,
    0x2029,
    *range(0xD800, 0xE000),
)
"""The code points :func:`printable` escapes."""


def any_of(codes: Iterable[int]) -> re.Pattern[str]:
    """A pattern matching one character of ``codes``, written as ranges (quick to compile)."""
    ranges: list[list[int]] = []
    for code in sorted(set(codes)):
        if ranges and ranges[-1][1] == code - 1:
            ranges[-1][1] = code
        else:
            ranges.append([code, code])
    return re.compile(
        "["
        + "".join(
            re.escape(chr(a)) + ("" if a == b else "-" + re.escape(chr(b))) for a, b in ranges
        )
        + "]"
    )


# Most text has none of these: one regex scan, each character found escaped (no table to build).
_ANY = any_of(CONTROL_CODES)


def _escaped(match: re.Match[str]) -> str:
    return _escape(ord(match.group()))


def printable(text: str) -> str:
    """``text`` with every character that acts on a terminal replaced by a visible escape.

    >>> printable("ok\\x1b[2J\\nforged: $.x: fake")
    'ok\\\\x1b[2J\\\\nforged: $.x: fake'
    """
    if text.isprintable():  # no Cc, Cf, Cs, Zl or Zp character: none of CONTROL_CODES
        return text
    return _ANY.sub(_escaped, text)
