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

__all__ = ["CONTROL_CODES", "printable"]

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

_TABLE = {code: _escape(code) for code in CONTROL_CODES}
# Most text has none of these: one regex scan finds out faster than translating.
_ANY = re.compile("[" + "".join(re.escape(chr(code)) for code in CONTROL_CODES) + "]")


def printable(text: str) -> str:
    """``text`` with every character that acts on a terminal replaced by a visible escape.

    >>> printable("ok\\x1b[2J\\nforged: $.x: fake")
    'ok\\\\x1b[2J\\\\nforged: $.x: fake'
    """
    return text.translate(_TABLE) if _ANY.search(text) else text
