"""Phrases and scales as data: normalisation, scale files, the extension table.

Private helpers for :mod:`forecastcheck.verbal`, which re-exports the public
names (:class:`Interval`, :class:`Scale`, :func:`load_scale`...). Scale files
are TOML (``scales/*.toml`` ship with the package) and are checked by
hand-written validation rather than a cattrs structure hook, so that each
message can say what a valid value looks like (``expected two numbers 0 ≤ lo ≤
hi ≤ 1, got [0.3, 0.1]``); every problem is collected before anything is
raised. The extension table
(``scales/_rules.toml``) lists the words the structural rules recognise
(hedges, filler, negations, intensifiers) and the wordings no published scale
lists ("absolutely inevitable", "I do not expect", "does not rule out"), each
with its rule. Rule identifiers and their one-line meanings are in
:data:`RULES`; ``docs/verbal.md`` explains each.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import math
import os
import re
import tomllib
import unicodedata
from collections.abc import Callable, Mapping
from importlib import resources
from typing import Literal, TypeAlias

import attrs

from forecastcheck.errors import Problem, ScaleError

__all__ = [
    "DEFAULT_SCALE",
    "RULES",
    "Entry",
    "Interval",
    "PhraseRules",
    "PointRule",
    "Scale",
    "ScalePhrase",
    "as_scale",
    "builtin_scales",
    "clean",
    "fmt",
    "get_scale",
    "is_number",
    "load_scale",
    "normalise",
    "phrase_rules",
    "split_prefix",
    "split_suffix",
]

DEFAULT_SCALE = "icd203"
"""The scale used when none is named: ICD 203 (published, cited, covers 1–99% with no gaps)."""

PointRuleName: TypeAlias = Literal["mid", "lower", "upper", "stated"]
PointRule: TypeAlias = PointRuleName | Callable[["Interval"], float]

_POINT_RULES = ("mid", "lower", "upper", "stated")

RULES: Mapping[str, str] = {
    "normalise": "case, punctuation, quotes and whitespace normalised; contractions expanded",
    "scale": "the phrase is one of the scale's own phrases",
    "synonym": "the phrase is a synonym the scale lists for one of its phrases",
    "stated-number": "a number stated by the source ('20%') is used as it is",
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
}
"""Every rule :func:`forecastcheck.verbal.interpret` may record, by identifier."""

Kind = Literal["certainty", "impossibility", "same-as", "unscorable"]

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
        kind: ``"certainty"``, ``"impossibility"``, ``"same-as"`` or ``"unscorable"``.
        why: the reason shown with the rule (for unscorable wordings, the reason
            the interpretation reports).
        means: for ``"same-as"``, the phrase it is read as.
        prefix: the entry also matches longer phrases that start with it.
    """

    phrase: str
    kind: Kind
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
_KINDS = ("certainty", "impossibility", "same-as", "unscorable")


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
        why = group.get("reason" if kind == "unscorable" else "why")
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
    """The shipped extension table (``scales/_rules.toml``), loaded once.

    Raises:
        ScaleError: the shipped table is malformed (a packaging error).
    """
    text = resources.files("forecastcheck").joinpath("scales", "_rules.toml").read_text("utf-8")
    return _parse_rules(tomllib.loads(text), "_rules.toml")


# --- intervals -------------------------------------------------------------


def is_number(value: object) -> bool:
    """Whether ``value`` is an int or float (a bool is not a number here)."""
    return isinstance(value, int | float) and not isinstance(value, bool)


def _probability(instance: object, attribute: attrs.Attribute[float], value: object) -> None:
    if not is_number(value) or not 0.0 <= float(value) <= 1.0:  # type: ignore[arg-type]
        raise ValueError(f"{attribute.name} must be a probability in [0, 1], got {value!r}")


def _not_below_lo(instance: Interval, attribute: attrs.Attribute[float], value: float) -> None:
    if value < instance.lo:
        raise ValueError(f"interval [{instance.lo}, {value}] has hi below lo")


def _inside(instance: Interval, attribute: attrs.Attribute[float | None], value: object) -> None:
    if value is None:
        return
    _probability(instance, attribute, value)  # type: ignore[arg-type]
    if not instance.lo <= float(value) <= instance.hi:  # type: ignore[arg-type]
        raise ValueError(f"stated point {value} lies outside [{instance.lo}, {instance.hi}]")


def clean(x: float) -> float:
    """``x`` rounded to 12 decimals, so that ``1 - 0.8`` reads as 0.2 (rounding keeps order)."""
    return round(x, 12)


def fmt(x: float) -> str:
    """A probability for messages: at most four decimals, no trailing zeros."""
    return f"{round(x, 4):g}"


@attrs.frozen
class Interval:
    """A probability interval ``[lo, hi]``, with the point its scale states, if any.

    Args:
        lo: lower end, in [0, 1].
        hi: upper end, in [lo, 1].
        stated: the scale's own point for the phrase (Kent's centre, a
            survey's median), inside ``[lo, hi]``; ``None`` when the scale
            gives only the range.

    Raises:
        ValueError: a bound outside [0, 1], ``hi < lo``, or a stated point outside.
    """

    lo: float = attrs.field(validator=_probability)
    hi: float = attrs.field(validator=[_probability, _not_below_lo])
    stated: float | None = attrs.field(default=None, validator=_inside)

    def __str__(self) -> str:
        return f"[{fmt(self.lo)}, {fmt(self.hi)}]"

    @property
    def mid(self) -> float:
        """The midpoint ``(lo + hi) / 2`` (to 12 decimals, never outside the interval)."""
        return min(max(clean((self.lo + self.hi) / 2), self.lo), self.hi)

    def negate(self) -> Interval:
        """The interval of the negation: ``[1 - hi, 1 - lo]`` (a stated point ``p`` → ``1 - p``)."""
        stated = None if self.stated is None else clean(1.0 - self.stated)
        return Interval(clean(1.0 - self.hi), clean(1.0 - self.lo), stated)

    def point(self, rule: PointRule = "stated") -> float:
        """One number for the interval.

        Args:
            rule: ``"mid"`` (the midpoint), ``"lower"``, ``"upper"``,
                ``"stated"`` (the scale's own point when it gives one, else the
                midpoint) or a callable taking the interval and returning a
                probability.

        Returns:
            The point, in [0, 1].

        Raises:
            ValueError: an unknown rule name, or a callable returning a value
                outside [0, 1].
        """
        if callable(rule):
            value = rule(self)
            if not is_number(value) or not 0.0 <= float(value) <= 1.0:
                raise ValueError(f"point rule returned {value!r}, not a probability in [0, 1]")
            return float(value)
        if rule == "lower":
            return self.lo
        if rule == "upper":
            return self.hi
        if rule == "mid":
            return self.mid
        if rule == "stated":
            return self.mid if self.stated is None else self.stated
        raise ValueError(f"unknown point rule {rule!r}; expected one of {', '.join(_POINT_RULES)}")

    def not_below(self, other: Interval) -> bool:
        """Whether this interval lies nowhere below ``other`` (both ends at least as high)."""
        return self.lo >= other.lo and self.hi >= other.hi


# --- scales ----------------------------------------------------------------


@attrs.frozen
class ScalePhrase:
    """One phrase of a scale: its wording, its interval and its synonyms.

    Args:
        phrase: the wording, normalised (see :func:`normalise`).
        interval: the probability interval the scale gives it.
        synonyms: other wordings the scale gives the same interval, normalised.
    """

    phrase: str
    interval: Interval
    synonyms: tuple[str, ...] = ()


def _index(scale: Scale) -> dict[str, tuple[ScalePhrase, bool]]:
    index: dict[str, tuple[ScalePhrase, bool]] = {}
    for entry in scale.phrases:
        index.setdefault(normalise(entry.phrase), (entry, False))
        for synonym in entry.synonyms:
            index.setdefault(normalise(synonym), (entry, True))
    return index


@attrs.frozen
class Scale:
    """A named, cited scale of verbal probabilities.

    Args:
        name: short identifier (``"icd203"``).
        title: full title.
        version: edition or date.
        citation: where the numbers come from.
        phrases: the phrases with their intervals.
        file: the file it was loaded from ("" for a scale built in memory).
    """

    name: str
    title: str
    version: str
    citation: str
    phrases: tuple[ScalePhrase, ...]
    file: str = ""
    _by_text: dict[str, tuple[ScalePhrase, bool]] = attrs.field(
        init=False, repr=False, eq=False, default=attrs.Factory(_index, takes_self=True)
    )

    def find(self, phrase: str) -> ScalePhrase | None:
        """The scale's phrase for a wording (its own phrase or a synonym), else ``None``."""
        hit = self._by_text.get(normalise(phrase))
        return None if hit is None else hit[0]

    def match(self, text: str) -> tuple[ScalePhrase, bool] | None:
        """The scale's phrase for an already normalised text, and whether it matched a synonym."""
        return self._by_text.get(text)

    def top(self) -> ScalePhrase:
        """The highest band that is an estimate (not a point mass at 0 or 1, as Kent's "certain").

        Returns:
            The phrase with the greatest lower end (then upper end) among the
            estimates; the greatest of all phrases when every phrase is a point mass.
        """
        estimates = [
            p
            for p in self.phrases
            if not (p.interval.lo == p.interval.hi and p.interval.lo in (0.0, 1.0))
        ]
        pool = estimates or list(self.phrases)
        return max(pool, key=lambda p: (p.interval.lo, p.interval.hi))


_NAME = re.compile(r"[a-z0-9][a-z0-9_-]*\Z")
_SCALE_KEYS = ("name", "title", "version", "citation", "phrases")
_PHRASE_KEYS = ("phrase", "synonyms", "range", "point", "spread")


def _kind(value: object) -> str:
    match value:
        case bool():
            return "a boolean"
        case int():
            return "an integer"
        case float():
            return "a number"
        case str():
            return "a string"
        case list():
            return "a list"
        case dict():
            return "a table"
        case dt.date() | dt.time():
            return "a date or time"
    return type(value).__name__


class _Checker:
    """Collects located problems while a scale file is read."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.problems: list[Problem] = []

    def add(self, path: str, message: str) -> None:
        self.problems.append(Problem(self.file, path, message))

    def keys(self, table: Mapping[str, object], allowed: tuple[str, ...], path: str) -> None:
        for key in table:
            if key not in allowed:
                self.add(f"{path}.{key}", f"unknown key (expected one of: {', '.join(allowed)})")

    def text(self, table: Mapping[str, object], key: str, path: str) -> str | None:
        if key not in table:
            self.add(f"{path}.{key}", "required key is missing")
            return None
        value = table[key]
        if not isinstance(value, str) or not value.strip():
            self.add(
                f"{path}.{key}", f"expected a non-empty string, got {_show(value)} ({_kind(value)})"
            )
            return None
        return value

    def number(self, value: object, path: str, what: str) -> float | None:
        if not is_number(value) or not math.isfinite(float(value)):  # type: ignore[arg-type]
            self.add(path, f"expected {what}, got {_show(value)} ({_kind(value)})")
            return None
        return float(value)  # type: ignore[arg-type]


def _show(value: object) -> str:
    """A value as it would be written in TOML (JSON-like: ``true``, ``"text"``, ``[0.3, 0.1]``)."""
    return json.dumps(value, ensure_ascii=False, default=str)


def _percent_hint(values: list[object]) -> str:
    if any(is_number(v) and 1 < float(v) <= 100 for v in values):  # type: ignore[arg-type]
        return " (probabilities, not percentages: write 0.05, not 5)"
    return ""


def _interval(check: _Checker, entry: Mapping[str, object], path: str) -> Interval | None:
    has_range, has_spread = "range" in entry, "spread" in entry
    point = entry.get("point")
    if has_range and has_spread:
        check.add(path, "give either 'range' (and perhaps 'point') or 'point' with 'spread'")
        return None
    if not has_range and not has_spread:
        check.add(path, "missing 'range' (or 'point' with 'spread')")
        return None
    if has_spread:
        if point is None:
            check.add(f"{path}.spread", "'spread' needs a 'point'")
            return None
        p = check.number(point, f"{path}.point", "a number 0 ≤ point ≤ 1")
        s = check.number(entry["spread"], f"{path}.spread", "a number 0 ≤ spread ≤ 1")
        if p is not None and not 0 <= p <= 1:
            check.add(f"{path}.point", f"expected a number 0 ≤ point ≤ 1, got {_show(point)}")
            p = None
        if s is not None and not 0 <= s <= 1:
            check.add(f"{path}.spread", f"expected a number 0 ≤ spread ≤ 1, got {_show(s)}")
            s = None
        if p is None or s is None:
            return None
        lo, hi = round(max(0.0, p - s), 12), round(min(1.0, p + s), 12)
        return Interval(lo, hi, p)
    raw = entry["range"]
    pair = raw if isinstance(raw, list) else [raw]
    ok = (
        len(pair) == 2
        and all(is_number(v) and math.isfinite(float(v)) for v in pair)  # type: ignore[arg-type]
        and 0 <= float(pair[0]) <= float(pair[1]) <= 1  # type: ignore[arg-type]
    )
    if not ok:
        check.add(
            f"{path}.range",
            f"expected two numbers 0 ≤ lo ≤ hi ≤ 1, got {_show(raw)}{_percent_hint(pair)}",
        )
        return None
    lo, hi = float(pair[0]), float(pair[1])  # type: ignore[arg-type]
    if point is None:
        return Interval(lo, hi)
    p = check.number(point, f"{path}.point", f"a number within the range [{fmt(lo)}, {fmt(hi)}]")
    if p is None:
        return None
    if not lo <= p <= hi:
        check.add(
            f"{path}.point",
            f"expected a number within the range [{fmt(lo)}, {fmt(hi)}], got {_show(point)}",
        )
        return None
    return Interval(lo, hi, p)


def _wordings(
    check: _Checker, entry: Mapping[str, object], path: str, seen: dict[str, str]
) -> tuple[str | None, tuple[str, ...]]:
    def claim(value: str, where: str) -> str | None:
        key = normalise(value)
        if not key:
            check.add(where, "the wording is empty once normalised")
            return None
        if key in seen:
            check.add(where, f"{_show(key)} is already used at {seen[key]}")
            return None
        seen[key] = where
        return key

    phrase = check.text(entry, "phrase", path)
    main = None if phrase is None else claim(phrase, f"{path}.phrase")
    raw = entry.get("synonyms", [])
    synonyms: list[str] = []
    if not isinstance(raw, list):
        check.add(f"{path}.synonyms", f"expected a list of strings, got {_kind(raw)}")
        return main, ()
    for j, value in enumerate(raw):
        where = f"{path}.synonyms[{j}]"
        if not isinstance(value, str):
            check.add(where, f"expected a string, got {_show(value)} ({_kind(value)})")
            continue
        key = claim(value, where)
        if key is not None:
            synonyms.append(key)
    return main, tuple(synonyms)


def _parse_scale(data: Mapping[str, object], file: str) -> Scale:
    check = _Checker(file)
    check.keys(data, _SCALE_KEYS, "$")
    name = check.text(data, "name", "$")
    if name is not None and not _NAME.match(name):
        check.add(
            "$.name",
            f"expected a short id of lower-case letters, digits, '-' or '_', got {_show(name)}",
        )
    title = check.text(data, "title", "$")
    version = check.text(data, "version", "$")
    citation = check.text(data, "citation", "$")
    raw = data.get("phrases")
    phrases: list[ScalePhrase] = []
    if not isinstance(raw, list) or not raw:
        what = "missing" if raw is None else f"{_kind(raw)}"
        check.add("$.phrases", f"expected a non-empty list of [[phrases]] tables, got {what}")
        raw = []
    seen: dict[str, str] = {}
    for i, entry in enumerate(raw):
        path = f"$.phrases[{i}]"
        if not isinstance(entry, dict):
            check.add(path, f"expected a table, got {_kind(entry)}")
            continue
        check.keys(entry, _PHRASE_KEYS, path)
        phrase, synonyms = _wordings(check, entry, path, seen)
        interval = _interval(check, entry, path)
        if phrase is not None and interval is not None:
            phrases.append(ScalePhrase(phrase, interval, synonyms))
    if check.problems:
        raise ScaleError(check.problems)
    if name is None or title is None or version is None or citation is None:  # pragma: no cover
        raise AssertionError("a missing key is always reported as a problem")
    return Scale(name, title, version, citation, tuple(phrases), file)


def _scale_from_text(text: str, file: str) -> Scale:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ScaleError([Problem(file, "$", f"not valid TOML: {exc}")]) from None
    return _parse_scale(data, file)


def load_scale(path: str | os.PathLike[str]) -> Scale:
    """Load a scale from a TOML file of the same form as the shipped ones.

    A user scale with the name of a built-in one overrides it wherever the
    :class:`Scale` object is passed instead of the name.

    Args:
        path: the TOML file.

    Returns:
        The scale, its phrases normalised.

    Raises:
        ScaleError: the file cannot be read or has problems; every problem is
            listed with the file and its path inside it (``$.phrases[2].range``).
    """
    file = os.fspath(path)
    try:
        with open(file, "rb") as handle:
            raw = handle.read()
    except OSError as exc:
        raise ScaleError([Problem(file, "$", f"cannot read the file: {exc.strerror}")]) from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ScaleError([Problem(file, "$", f"not UTF-8 text: {exc.reason}")]) from None
    return _scale_from_text(text, file)


@functools.cache
def _builtin() -> tuple[Scale, ...]:
    folder = resources.files("forecastcheck").joinpath("scales")
    scales = [
        _scale_from_text(item.read_text("utf-8"), item.name)
        for item in folder.iterdir()
        if item.name.endswith(".toml") and not item.name.startswith("_")
    ]
    return tuple(sorted(scales, key=lambda s: (s.name != DEFAULT_SCALE, s.name)))


def builtin_scales() -> dict[str, Scale]:
    """The scales shipped with forecastcheck, by name, the default first.

    Returns:
        A new dict each call: ``icd203`` (default), ``ipcc-ar6``, ``kent1964``,
        ``phia2025``, ``survey-a``, ``survey-b``.
    """
    return {scale.name: scale for scale in _builtin()}


def get_scale(name: str) -> Scale:
    """A built-in scale by name.

    Raises:
        ScaleError: no built-in scale has that name.
    """
    scales = builtin_scales()
    if name not in scales:
        known = ", ".join(scales)
        raise ScaleError([Problem("", "", f"unknown scale {name!r} (built-in scales: {known})")])
    return scales[name]


def as_scale(scale: Scale | str) -> Scale:
    """``scale`` itself, or the built-in scale of that name."""
    return scale if isinstance(scale, Scale) else get_scale(scale)
