"""Reading a phrase: a verbal probability as an interval under one scale, with its rules.

:func:`interpret` normalises a phrase and reads it in a fixed order: the
scale's own phrases and synonyms, a stated number or a chance in words
("one in three", computed), the extension table, then
the structural rules (hedges, filler, negation, intensifiers). The result,
an :class:`Interpretation`, is *mapped* (an interval and a point),
*unscorable* (a wording that states no likelihood, with the reason) or
*unmapped* (not known: never guessed), and lists every rule applied.
"""

from __future__ import annotations

import functools
import re
from typing import Literal, TypeAlias

import attrs

from forecastcheck.verbal import _odds
from forecastcheck.verbal.intervals import Interval, PointRule, clean, fmt
from forecastcheck.verbal.rules import (
    Entry,
    normalise,
    phrase_rules,
    split_prefix,
    split_suffix,
)
from forecastcheck.verbal.scales import DEFAULT_SCALE, Scale, ScalePhrase, as_scale

__all__ = ["Interpretation", "ReadStatus", "interpret"]

ReadStatus: TypeAlias = Literal["mapped", "unscorable", "unmapped"]
"""How a phrase was read: an interval, a wording that states no likelihood, or not known."""

_MAX_DEPTH = 12


@attrs.frozen
class Interpretation:
    """What a phrase means under one scale, and how forecastcheck got there.

    Args:
        phrase: the phrase as given.
        scale: the scale's name.
        status: ``"mapped"`` (an interval and a point), ``"unscorable"`` (a
            wording that states no likelihood) or ``"unmapped"`` (not known).
        interval: the probability interval when mapped, else ``None``.
        point: the interval's point under the requested rule, else ``None``.
        matched: the scale phrase the reading rests on, else ``None``.
        rules: every rule applied, in order, each ``"<rule id>: <what it did>"``
            (rule ids are the keys of :data:`forecastcheck.verbal.RULES`).
        reason: one sentence: the mapping, or why it is unscorable or unmapped.
        hedges: the hedges stripped ("seems", "I think"), in order.
    """

    phrase: str
    scale: str
    status: ReadStatus
    interval: Interval | None
    point: float | None
    matched: str | None
    rules: tuple[str, ...]
    reason: str
    hedges: tuple[str, ...] = ()

    @property
    def mapped(self) -> bool:
        """Whether the phrase has an interval."""
        return self.status == "mapped"


@attrs.frozen
class _Read:
    status: ReadStatus
    interval: Interval | None = None
    matched: str | None = None
    rules: tuple[str, ...] = ()
    reason: str = ""
    hedges: tuple[str, ...] = ()
    certainty: bool = False

    def after(self, rule: str, hedge: str | None = None) -> _Read:
        hedges = self.hedges if hedge is None else (hedge, *self.hedges)
        return attrs.evolve(self, rules=(rule, *self.rules), hedges=hedges)


_NUMBER = re.compile(
    r"(?:a )?(\d+(?:\.\d+)?) ?(%|percent|per cent)(?: chance| probability| likelihood)?\Z"
)


def _stated_number(text: str) -> _Read | None:
    match = _NUMBER.match(text)
    if match is None:
        return None
    value = float(match.group(1)) / 100
    if value > 1:
        return _Read("unmapped", reason=f"'{text}' is a percentage above 100")
    rule = f"stated-number: '{text}' used as it is ({fmt(value)})"
    return _Read("mapped", Interval(value, value, value), text, (rule,))


def _chances_in_words(text: str) -> _Read | None:
    odds = _odds.read_odds(text)
    if odds is None:
        return None
    if odds.probability is None:
        return _Read("unmapped", reason=odds.how)
    p = odds.probability
    rule = f"chances-in-words: {odds.how} (computed, not looked up)"
    return _Read("mapped", Interval(p, p, p), text, (rule,))


def _certainty_band(scale: Scale) -> tuple[ScalePhrase, Interval]:
    top = scale.top()
    floor = phrase_rules().certainty_floor
    iv = top.interval
    lo, hi = max(iv.lo, floor), max(iv.hi, floor)
    stated = None if iv.stated is None else min(max(iv.stated, lo), hi)
    return top, Interval(lo, hi, stated)


def _by_entry(text: str, entry: Entry, scale: Scale, depth: int) -> _Read:
    if entry.kind == "unscorable":
        rule = f"unscorable: '{text}': {entry.why}"
        return _Read("unscorable", rules=(rule,), reason=entry.why)
    if entry.kind == "unsourced":
        rule = f"unsourced: '{text}': {entry.why}"
        return _Read("unmapped", rules=(rule,), reason=entry.why)
    if entry.kind == "same-as":
        sub = _resolve(entry.means, scale, depth + 1)
        return sub.after(f"same-as: '{text}' read as '{entry.means}' ({entry.why})")
    top, band = _certainty_band(scale)
    raised = "" if band.lo == top.interval.lo else f", raised to {band}"
    if entry.kind == "certainty":
        rule = (
            f"certainty: '{text}' takes {scale.name}'s highest band "
            f"'{top.phrase}' {top.interval}{raised} ({entry.why})"
        )
        return _Read("mapped", band, top.phrase, (rule,), certainty=True)
    negated = band.negate()
    rule = (
        f"impossibility: '{text}' takes the negation of {scale.name}'s highest band "
        f"'{top.phrase}' {top.interval}{raised}: {negated} ({entry.why})"
    )
    return _Read("mapped", negated, top.phrase, (rule,), certainty=True)


def _hedge(text: str, scale: Scale, depth: int) -> _Read | None:
    split = split_prefix(text, phrase_rules().hedges)
    if split is None:
        return None
    hedge, rest = split
    rule = f"hedge: stripped '{hedge}' (it marks stance, not likelihood)"
    if not rest:
        reason = f"'{hedge}' is a hedge with no likelihood phrase after it"
        return _Read("unmapped", rules=(rule,), reason=reason, hedges=(hedge,))
    return _resolve(rest, scale, depth + 1).after(rule, hedge)


def _filler(text: str, scale: Scale, depth: int) -> _Read | None:
    rules = phrase_rules()
    split = split_prefix(text, rules.fillers)
    if split is not None and split[1]:
        return _resolve(split[1], scale, depth + 1).after(f"filler: dropped '{split[0]}'")
    tail = split_suffix(text, rules.trailing_fillers)
    if tail is not None:
        return _resolve(tail[1], scale, depth + 1).after(f"filler: dropped '{tail[0]}'")
    return None


def _negation(text: str, scale: Scale, depth: int) -> _Read | None:
    rules = phrase_rules()
    split = split_prefix(text, rules.negations)
    before = split is not None and bool(split[1])
    if not before:
        split = split_suffix(text, rules.negation_suffixes)
    if split is None or not split[1]:
        return None
    word, rest = split
    sub = _resolve(rest, scale, depth + 1)
    if sub.status != "mapped" or sub.interval is None:
        return sub.after(f"negation: '{word}' on '{rest}', which has no interval to negate")
    if sub.certainty and before:
        reason = f"'{text}' denies a certainty (or impossibility) word: it gives no likelihood"
        rule = f"negated-certainty: '{word}' on '{rest}' gives no likelihood"
        return _Read("unscorable", rules=(*sub.rules, rule), reason=reason, hedges=sub.hedges)
    negated = sub.interval.negate()
    rule = f"negation: '{word}' on '{rest}': {sub.interval} → {negated}"
    return attrs.evolve(sub, interval=negated, rules=(*sub.rules, rule))


def _halfway(interval: Interval, up: bool) -> Interval:
    def move(x: float) -> float:
        return clean((1.0 + x) / 2 if up else x / 2)

    stated = None if interval.stated is None else move(interval.stated)
    return Interval(move(interval.lo), move(interval.hi), stated)


def _intensifier(text: str, scale: Scale, depth: int) -> _Read | None:
    rules = phrase_rules()
    split = split_prefix(text, rules.intensifiers + rules.strong_intensifiers)
    if split is None or not split[1]:
        return None
    word, rest = split
    strong = word in rules.strong_intensifiers
    same_tier = rules.strong_intensifiers if strong else rules.intensifiers
    candidates = [word, *(w for w in same_tier if w != word)]
    if strong:
        candidates += rules.intensifiers
    for candidate in candidates:
        hit = scale.match(f"{candidate} {rest}")
        if hit is not None:
            phrase, synonym = hit
            own = f"'{candidate} {rest}'"
            if synonym:
                own += f" (its synonym of '{phrase.phrase}')"
            rule = f"intensifier-scale: '{text}' read as {scale.name}'s own {own} {phrase.interval}"
            return _Read("mapped", phrase.interval, phrase.phrase, (rule,))
    sub = _resolve(rest, scale, depth + 1)
    if sub.status != "mapped" or sub.interval is None:
        return sub.after(f"intensifier: '{word}' on '{rest}', which has no interval")
    if sub.certainty:
        rule = f"intensifier-absorbed: '{word}' on the certainty word '{rest}' changes nothing"
        return attrs.evolve(sub, rules=(*sub.rules, rule))
    if sub.interval.lo <= 0.5 <= sub.interval.hi:
        reason = f"'{word}' on '{rest}' {sub.interval}, which holds even odds, has no direction"
        return _Read("unmapped", rules=sub.rules, reason=reason, hedges=sub.hedges)
    up = sub.interval.lo > 0.5
    moved = _halfway(sub.interval, up=up)
    end = "1" if up else "0"
    rule = (
        f"intensifier-halfway: {scale.name} has no '{word} {rest}'; '{word}' moves "
        f"{sub.interval} half way towards {end}: {moved}"
    )
    return attrs.evolve(sub, interval=moved, rules=(*sub.rules, rule))


def _resolve(text: str, scale: Scale, depth: int) -> _Read:
    if not text:
        return _Read("unmapped", reason="no words left to interpret")
    if depth > _MAX_DEPTH:
        return _Read("unmapped", reason=f"the rules nest too deeply at '{text}'")
    hit = scale.match(text)
    if hit is not None:
        phrase, synonym = hit
        if synonym:
            rule = f"synonym: '{text}' is {scale.name}'s synonym of '{phrase.phrase}'"
        else:
            rule = f"scale: '{text}' is a phrase of {scale.name}"
        return _Read("mapped", phrase.interval, phrase.phrase, (f"{rule} {phrase.interval}",))
    number = _stated_number(text) or _chances_in_words(text)
    if number is not None:
        return number
    entry = phrase_rules().lookup(text)
    if entry is not None:
        return _by_entry(text, entry, scale, depth)
    first: _Read | None = None
    for step in (_hedge, _filler, _negation, _intensifier):
        read = step(text, scale, depth)
        if read is not None and read.status != "unmapped":
            return read
        first = first or read
    if first is not None:
        return first
    return _Read(
        "unmapped",
        reason=(
            f"'{text}' is neither a phrase nor a synonym of {scale.name}, nor in the "
            "extension table, and no documented rule applies"
        ),
    )


def interpret(
    phrase: str, scale: Scale | str = DEFAULT_SCALE, *, point_rule: PointRule = "stated"
) -> Interpretation:
    """Read a verbal probability under a scale.

    The phrase is normalised, then read in this order: a phrase (or synonym)
    of the scale; a stated number ("20%") or a chance in words ("one in
    three", "two to one against": computed exactly); the extension table
    (certainty and impossibility words, "same as" wordings, unscorable and
    unsourced wordings); then the
    structural rules, each applied to what is left: hedges, filler, negation,
    intensifiers. Anything else is *unmapped*, never guessed. Every rule
    applied is recorded in :attr:`Interpretation.rules`.

    Args:
        phrase: the wording about the proposition ("seems highly unlikely").
        scale: a :class:`Scale` or the name of a built-in one.
        point_rule: how to take the point from the interval (see
            :meth:`Interval.point`); by default the scale's stated point
            (a survey median, Kent's centre), else the midpoint.

    Returns:
        The interpretation, with its status, interval, point, rules and reason.

    Raises:
        ScaleError: ``scale`` names no built-in scale.
        ValueError: an unknown point rule.
    """
    return _interpret(phrase, as_scale(scale), point_rule)


@functools.lru_cache(maxsize=65536)
def _interpret(phrase: str, chosen: Scale, point_rule: PointRule) -> Interpretation:
    """:func:`interpret` proper; readings are immutable, so each is made once."""
    text = normalise(phrase)
    read = _resolve(text, chosen, 0)
    if text != " ".join(phrase.lower().split()):
        read = read.after(f"normalise: {phrase!r} → '{text}'")
    if read.status == "mapped" and read.interval is not None:
        point = read.interval.point(point_rule)
        used = [r.split(":", 1)[0] for r in read.rules if not r.startswith("normalise:")]
        reason = (
            f"'{phrase}' → {read.interval} under {chosen.name}, from its phrase "
            f"'{read.matched}' by {', '.join(used)}"
        )
    else:
        point = None
        reason = read.reason
    return Interpretation(
        phrase=phrase,
        scale=chosen.name,
        status=read.status,
        interval=read.interval if read.status == "mapped" else None,
        point=point,
        matched=read.matched if read.status == "mapped" else None,
        rules=read.rules,
        reason=reason,
        hedges=read.hedges,
    )
