"""Phrase rules: normalising a wording, and the extension table that the rules read.

The extension table (``data/rules.toml``, shipped with the package) lists the
words the structural rules recognise (hedges, filler, negations,
intensifiers) and the wordings no published scale lists ("absolutely
inevitable", "I do not expect", "does not rule out"), each with its rule. Rule
identifiers and their one-line meanings are in :data:`RULES`;
``docs/verbal.md`` explains each.
"""

from __future__ import annotations

import functools
import re
import tomllib
import unicodedata
from collections.abc import Mapping
from importlib import resources
from typing import Literal, TypeAlias, get_args

import attrs

from forecastcheck.errors import Problem, ScaleError

__all__ = [
    "RULES",
    "Entry",
    "EntryKind",
    "PhraseRules",
    "normalise",
    "phrase_rules",
    "split_prefix",
    "split_suffix",
]


RULES: Mapping[str, str] = {
    "normalise": "case, punctuation, quotes and whitespace normalised; contractions expanded",
    "scale": "the phrase is one of the scale's own phrases",
    "synonym": "the phrase is a synonym the scale lists for one of its phrases",
    "stated-number": "a number stated by the source ('20%') is used as it is",
    "chances-in-words": "a chance in words ('one in three', 'two to one against') is computed",
    "hedge": "a hedge ('seems', 'I think') is stripped: it marks stance, not likelihood",
    "filler": "grammatical filler ('it is', 'there is a', 'to happen') is dropped",
    "same-as": "the extension table reads the wording as another phrase",
    "certainty": "a certainty word takes the scale's highest band, raised to at least 0.95",
    "impossibility": "an impossibility word takes the negation of the certainty band",
    "negation": "'not X' maps X's interval [a, b] to [1 - b, 1 - a]",
    "negated-certainty": "'not' before a certainty word ('not inevitable') gives no likelihood",
    "intensifier-scale": "'very/highly X' takes the scale's own intensified phrase",
    "intensifier-halfway": "'very X' without its own phrase moves X half way to the nearer end",
    "intensifier-absorbed": "an intensifier on a certainty word changes nothing",
    "unscorable": "the wording states no likelihood and is not scored",
    "unsourced": "no published scale or survey gives the wording a number: left unmapped",
}
"""Every rule :func:`forecastcheck.verbal.interpret` may record, by identifier."""

EntryKind: TypeAlias = Literal["certainty", "impossibility", "same-as", "unscorable", "unsourced"]


_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'"})
_NOT = re.compile(r"\b(\w+)n't\b")
_IRREGULAR_NOT = {"wo": "will", "ca": "can", "sha": "shall", "ai": "is"}
_CLITICS = (
    (re.compile(r"\b(it|that|there|what|he|she)'s\b"), r"\1 is"),
    (re.compile(r"\bi'm\b"), "i am"),
    (re.compile(r"'re\b"), " are"),
    (re.compile(r"'ll\b"), " will"),
    (re.compile(r"'ve\b"), " have"),
    (re.compile(r"'d\b"), " would"),
)
_CAN_NOT = re.compile(r"\bcan not\b")
_NOT_WORD = re.compile(r"[^\w%.]+")
_LONE_DOT = re.compile(r"(?<!\d)\.|\.(?!\d)")
_UNDERSCORE = re.compile(r"_+")


def _expand_not(match: re.Match[str]) -> str:
    stem = match.group(1)
    stem = _IRREGULAR_NOT.get(stem, stem)
    return "cannot" if stem == "can" else f"{stem} not"


def normalise(text: str) -> str:
    """Normalise a phrase for matching.

    Unicode compatibility forms are folded, the text is lower-cased, curly
    quotes become straight ones, contractions are expanded ("don't" → "do
    not", "won't" → "will not", "can't" and "can not" → "cannot", "it's" →
    "it is"), every other punctuation mark becomes a space (a decimal point
    and ``%`` are kept), and runs of whitespace become one space.

    Args:
        text: the phrase as written.

    Returns:
        The normalised phrase; normalising it again changes nothing.
    """
    out = unicodedata.normalize("NFKC", text).lower().translate(_APOSTROPHES)
    out = _NOT.sub(_expand_not, out)
    for pattern, replacement in _CLITICS:
        out = pattern.sub(replacement, out)
    out = out.replace("'", "")
    out = _UNDERSCORE.sub(" ", _NOT_WORD.sub(" ", out))
    out = _LONE_DOT.sub(" ", out)
    out = " ".join(out.split())
    return _CAN_NOT.sub("cannot", out)


def split_prefix(text: str, words: tuple[str, ...]) -> tuple[str, str] | None:
    """The longest of ``words`` that ``text`` starts with (as whole words), and the rest.

    Args:
        text: a normalised phrase.
        words: normalised candidate prefixes, longest first.

    Returns:
        ``(prefix, rest)`` or ``None`` when no candidate starts ``text``.
    """
    for word in words:
        if text == word:
            return word, ""
        if text.startswith(word + " "):
            return word, text[len(word) + 1 :]
    return None


def split_suffix(text: str, words: tuple[str, ...]) -> tuple[str, str] | None:
    """The longest of ``words`` that ``text`` ends with (as whole words), and the head.

    Args:
        text: a normalised phrase.
        words: normalised candidate suffixes, longest first.

    Returns:
        ``(suffix, head)`` or ``None``; a suffix that is the whole text does not count.
    """
    for word in words:
        if text.endswith(" " + word):
            return word, text[: -len(word) - 1]
    return None


@attrs.frozen
class Entry:
    """One wording of the extension table and its rule.

    Args:
        phrase: the normalised wording.
        kind: ``"certainty"``, ``"impossibility"``, ``"same-as"``, ``"unscorable"`` or
            ``"unsourced"`` (known, but no source gives it a number: unmapped).
        why: the reason shown with the rule (for unscorable and unsourced
            wordings, the reason the interpretation reports).
        means: for ``"same-as"``, the phrase it is read as.
        prefix: the entry also matches longer phrases that start with it.
    """

    phrase: str
    kind: EntryKind
    why: str
    means: str = ""
    prefix: bool = False


def _by_length(words: list[str]) -> tuple[str, ...]:
    return tuple(sorted({normalise(w) for w in words}, key=lambda w: (-len(w), w)))


@attrs.frozen
class PhraseRules:
    """The extension table, loaded: word lists for the structural rules and the wordings.

    Args:
        certainty_floor: the least probability a certainty word is read as.
        hedges: hedge prefixes, longest first.
        fillers: filler prefixes, longest first.
        trailing_fillers: filler suffixes, longest first.
        negations: negation prefixes, longest first.
        negation_suffixes: negation suffixes, longest first.
        intensifiers: the "very"-strength intensifiers.
        strong_intensifiers: the "extremely"-strength intensifiers.
        entries: the wordings, by normalised text.
        prefixes: the wordings that also match as a prefix, longest first.
    """

    certainty_floor: float
    hedges: tuple[str, ...]
    fillers: tuple[str, ...]
    trailing_fillers: tuple[str, ...]
    negations: tuple[str, ...]
    negation_suffixes: tuple[str, ...]
    intensifiers: tuple[str, ...]
    strong_intensifiers: tuple[str, ...]
    entries: Mapping[str, Entry]
    prefixes: tuple[Entry, ...]

    def lookup(self, text: str) -> Entry | None:
        """The entry for a normalised phrase: an exact wording first, then a prefix one."""
        entry = self.entries.get(text)
        if entry is not None:
            return entry
        for candidate in self.prefixes:
            if text.startswith(candidate.phrase + " "):
                return candidate
        return None


_WORD_KEYS = (
    "hedges",
    "fillers",
    "trailing_fillers",
    "negations",
    "negation_suffixes",
    "intensifiers",
    "strong_intensifiers",
)
_KINDS: tuple[EntryKind, ...] = get_args(EntryKind)


def _strings(value: object, path: str, problems: list[Problem], file: str) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        problems.append(Problem(file, path, "expected a list of non-empty strings"))
        return []
    return list(value)


def _parse_rules(data: Mapping[str, object], file: str) -> PhraseRules:
    problems: list[Problem] = []
    floor = data.get("certainty_floor")
    if isinstance(floor, bool) or not isinstance(floor, int | float) or not 0 <= floor <= 1:
        problems.append(Problem(file, "$.certainty_floor", "expected a number in [0, 1]"))
        floor = 1.0
    words_raw = data.get("words")
    words = words_raw if isinstance(words_raw, dict) else {}
    lists = {key: _strings(words.get(key), f"$.words.{key}", problems, file) for key in _WORD_KEYS}
    entries: dict[str, Entry] = {}
    raw_groups = data.get("phrases")
    groups = raw_groups if isinstance(raw_groups, list) else []
    for i, group in enumerate(groups):
        here = f"$.phrases[{i}]"
        if not isinstance(group, dict):
            problems.append(Problem(file, here, "expected a table"))
            continue
        kind = group.get("rule")
        if kind not in _KINDS:
            problems.append(Problem(file, f"{here}.rule", f"expected one of {', '.join(_KINDS)}"))
            continue
        why = group.get("reason" if kind in ("unscorable", "unsourced") else "why")
        means = group.get("means", "")
        prefix = group.get("prefix", False)
        if not isinstance(why, str) or not why or not isinstance(means, str):
            problems.append(Problem(file, here, "needs its 'why' (or 'reason') as text"))
            continue
        if (kind == "same-as") != bool(means) or not isinstance(prefix, bool):
            problems.append(Problem(file, here, "'means' goes with rule 'same-as', and only there"))
            continue
        for j, phrase in enumerate(
            _strings(group.get("phrases"), f"{here}.phrases", problems, file)
        ):
            key = normalise(phrase)
            if key in entries:
                problems.append(
                    Problem(file, f"{here}.phrases[{j}]", f"{phrase!r} is listed twice")
                )
            entries[key] = Entry(key, kind, why, normalise(means), prefix)
    if problems:
        raise ScaleError(problems)
    return PhraseRules(
        certainty_floor=float(floor),
        hedges=_by_length(lists["hedges"]),
        fillers=_by_length(lists["fillers"]),
        trailing_fillers=_by_length(lists["trailing_fillers"]),
        negations=_by_length(lists["negations"]),
        negation_suffixes=_by_length(lists["negation_suffixes"]),
        intensifiers=_by_length(lists["intensifiers"]),
        strong_intensifiers=_by_length(lists["strong_intensifiers"]),
        entries=entries,
        prefixes=tuple(
            sorted((e for e in entries.values() if e.prefix), key=lambda e: -len(e.phrase))
        ),
    )


@functools.cache
def phrase_rules() -> PhraseRules:
    """The shipped extension table (``data/rules.toml``), loaded once.

    Raises:
        ScaleError: the shipped table is malformed (a packaging error).
    """
    file = resources.files("forecastcheck.verbal").joinpath("data", "rules.toml")
    return _parse_rules(tomllib.loads(file.read_text("utf-8")), "rules.toml")
