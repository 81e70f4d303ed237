"""Chances stated in words: "one in three", "nine times out of ten", "two to one against".

These wordings state a probability exactly, so it is computed, never looked
up in a scale: "N in M" and "N (times) out of M" are N/M; odds "N to M
against" are M/(N + M) and "N to M on" (or "for") N/(N + M); "fifty-fifty",
"50-50" and "a toss-up" are even odds, 1/2. Numbers may be digits or words
("one" to "twenty", the tens, "a hundred", "a thousand", "a million"). Odds
with no direction ("three to one") are not read: either side could be meant.
The text is already normalised (see :func:`forecastcheck.verbal.normalise`),
so hyphens and slashes are spaces.
"""

from __future__ import annotations

import re

import attrs

from forecastcheck.verbal.intervals import clean

__all__: list[str] = []  # private: read through forecastcheck.verbal.interpret

_UNITS = [
    *("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"),
    *("eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen"),
    *("eighteen", "nineteen"),
]
_TENS = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
_WORDS: dict[str, int] = {w: i for i, w in enumerate(_UNITS)}
_WORDS.update({w: 20 + 10 * i for i, w in enumerate(_TENS)})
_SCALES = {"hundred": 100, "thousand": 1000, "million": 1_000_000}

_WORD = "|".join(sorted(_WORDS, key=len, reverse=True))
_TEN = "|".join(_TENS)
_NUM = (
    rf"(\d+(?:\.\d+)?|(?:(?:a|one) )?(?:hundred|thousand|million)"
    rf"|(?:{_TEN}) (?:{'|'.join(_UNITS[1:10])})|{_WORD})"
)
_TAIL = r"(?: chances?| odds| probability)?"
_LEAD = r"(?:a |an |the )?(?:odds of |chances of )?"
_IN = re.compile(rf"{_LEAD}{_NUM} (?:chance |chances )?(?:in|out of) {_NUM}{_TAIL}\Z")
_TIMES = re.compile(rf"{_NUM} times out of {_NUM}\Z")
_AGAINST = re.compile(rf"{_LEAD}{_NUM} to {_NUM} (against|on|for)\Z")
_EVEN = re.compile(r"(?:a )?(?:fifty fifty|50 50|toss up)(?: chance| proposition)?\Z")


def _number(text: str) -> float:
    """A number the patterns matched, written as digits or words."""
    if text[0].isdigit():
        return float(text)
    words = text.split()
    if words[-1] in _SCALES:
        return float(_SCALES[words[-1]])
    return float(sum(_WORDS[w] for w in words))


def _pair(match: re.Match[str]) -> tuple[float, float]:
    return _number(match.group(1)), _number(match.group(2))


def _g(x: float) -> str:
    """A number for the arithmetic shown: six significant digits, no trailing zeros."""
    return f"{x:.10g}" if x == int(x) else f"{x:.6g}"


@attrs.frozen
class Odds:
    """A chance read from words: the probability and how it was computed, or why not.

    Args:
        probability: the chance, or ``None`` when the numbers are not a probability.
        how: the arithmetic, or why the numbers are not a probability.
    """

    probability: float | None
    how: str


def read_odds(text: str) -> Odds | None:
    """The chance a normalised wording states, ``None`` when it is not a chance in words.

    Returns:
        An :class:`Odds` with the probability and the arithmetic
        (``"1 in 3 = 1/3 = 0.3333"``), or with ``probability`` ``None`` and the
        reason when the numbers cannot be a probability (``"4 in 3"``).
    """
    if _EVEN.match(text):
        return Odds(0.5, f"'{text}' is even odds, 1 to 1: 1/2 = 0.5")
    match = _IN.match(text) or _TIMES.match(text)
    if match is not None:
        n, m = _pair(match)
        if m == 0 or n > m:
            return Odds(None, f"'{text}' is not a probability: {_g(n)} in {_g(m)}")
        p = clean(n / m)
        return Odds(p, f"'{text}' is {_g(n)} in {_g(m)}: {_g(n)}/{_g(m)} = {_g(p)}")
    match = _AGAINST.match(text)
    if match is None:
        return None
    n, m = _pair(match)
    if n + m == 0:
        return Odds(None, f"'{text}' is not a probability: odds of 0 to 0")
    against = match.group(3) == "against"
    top = m if against else n
    p = clean(top / (n + m))
    side = "against" if against else "on"
    return Odds(
        p,
        f"'{text}' is odds of {_g(n)} to {_g(m)} {side}: {_g(top)}/({_g(n)} + {_g(m)}) = {_g(p)}",
    )
