"""Scales as data: named, cited scales of verbal probabilities, and their files.

Eight scales ship with the package as TOML files (``data/scales/*.toml``);
users add or override scales with a TOML file of the same form
(:func:`load_scale`). Scale files are checked by hand-written validation
rather than a cattrs structure hook, so that each message can say what a valid
value looks like (``expected two numbers 0 ≤ lo ≤ hi ≤ 1, got [0.3, 0.1]``);
every problem is collected before anything is raised.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import math
import os
import re
import tomllib
from collections.abc import Mapping
from importlib import resources

import attrs

from forecastcheck.errors import Problem, ScaleError
from forecastcheck.verbal.intervals import Interval, fmt, is_number
from forecastcheck.verbal.rules import normalise

__all__ = [
    "DEFAULT_SCALE",
    "Scale",
    "ScalePhrase",
    "as_scale",
    "builtin_scales",
    "get_scale",
    "load_scale",
]

DEFAULT_SCALE = "icd203"
"""The scale used when none is named: ICD 203 (published, cited, covers 1–99% with no gaps)."""


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
    folder = resources.files("forecastcheck.verbal").joinpath("data", "scales")
    scales = [
        _scale_from_text(item.read_text("utf-8"), item.name)
        for item in folder.iterdir()
        if item.name.endswith(".toml")
    ]
    return tuple(sorted(scales, key=lambda s: (s.name != DEFAULT_SCALE, s.name)))


def builtin_scales() -> dict[str, Scale]:
    """The scales shipped with forecastcheck, by name, the default first.

    Returns:
        A new dict each call: ``icd203`` (default), ``ipcc-ar6``, ``kent1964``,
        ``kucharski2026``, ``mauboussin2018``, ``phia2025``, ``survey-a``, ``survey-b``.
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
