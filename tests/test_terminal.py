"""The shared text rules: printable() for terminals, link_target() for every report's links."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from forecastcheck._terminal import CONTROL_CODES, printable
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
    @given(st.text())
    def test_a_linked_address_is_plain_http(self, url: str) -> None:
        """Whatever is linked is http(s), has no quote, bracket, space, backslash or control."""
        href = link_target(url)
        if href is not None:
            assert href.lower().startswith(("http://", "https://"))
            assert href.isascii()
            assert not set(href) & set(" \"'<>\\`|{}^\n\r\t")
            assert all(ch.isprintable() for ch in href)
