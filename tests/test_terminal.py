"""The shared text rules: printable() for terminals, link_target() for every report's links."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from forecastcheck._terminal import CONTROL_CODES, printable
from forecastcheck.report import _format
from forecastcheck.report._format import link_target

CONTROLS = frozenset(map(chr, CONTROL_CODES))


class TestPrintable:
    @given(st.text(alphabet=st.characters(exclude_categories=[])))  # lone surrogates too
    def test_no_control_character_survives(self, text: str) -> None:
        """printable() leaves no control, bidi or line-breaking character, and is idempotent."""
        out = printable(text)
        assert not CONTROLS & set(out)
        assert len(out.splitlines()) <= 1
        assert printable(out) == out
        out.encode("utf-8")  # no lone surrogate left to fail the terminal's encoding

    def test_ordinary_text_is_untouched(self) -> None:
        """Letters of any script, joiners and emoji are left as written."""
        text = "Nagorno-Karabakh · Կարաբաղ · می‌خواهم · 👩‍👩‍👧 · “quoted” \\ backslash"
        assert printable(text) == text

    def test_escapes_are_visible(self) -> None:
        """Each escaped character is shown by its code: \\x1b, \\n, \\x9b, \\u202e, \\ud800."""
        assert printable("a\x1b[2Jb\nc\td\x9be\u202ef\ud800") == (
            "a\\x1b[2Jb\\nc\\td\\x9be\\u202ef\\ud800"
        )


class TestLinkTarget:
    @given(st.text() | st.text(alphabet=st.characters(max_codepoint=127)))
    def test_the_ascii_check_is_the_category_check(self, url: str) -> None:
        """Whether a character keeps an address unlinked: the same answer on the ASCII path."""
        by_category = any(
            ch in _format._NEVER_IN_LINKS or unicodedata.category(ch)[0] in "CZ" for ch in url
        )
        assert _format._unlinkable(url) == by_category

    @pytest.mark.parametrize("ch", [chr(c) for c in range(128)])
    def test_every_ascii_character_is_judged_as_by_its_category(self, ch: str) -> None:
        """Each ASCII character, alone and inside an address: unlinkable by its category."""
        bad = ch in _format._NEVER_IN_LINKS or unicodedata.category(ch)[0] in "CZ"
        assert _format._unlinkable(ch) == bad
        assert (link_target(f"https://example.org/a{ch}b") is None) == bad

    @given(st.text())
    def test_a_linked_address_is_plain_http(self, url: str) -> None:
        """Whatever is linked is http(s), has no quote, bracket, space, backslash or control."""
        href = link_target(url)
        if href is not None:
            assert href.lower().startswith(("http://", "https://"))
            assert href.isascii()
            assert not set(href) & set(" \"'<>\\`|{}^\n\r\t")
            assert all(ch.isprintable() for ch in href)
