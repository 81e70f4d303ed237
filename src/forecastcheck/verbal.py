"""Verbal probabilities: phrases read as intervals under named, cited scales.

Pundits rarely give numbers. "Seems highly unlikely" is 5% to one reader and
20% to another, so forecastcheck reads every phrase as an *interval* under a
named, versioned scale and says which rules it applied. A phrase is
*mapped* (an interval and a point), *unscorable* (a wording that states no
likelihood, such as Kent's "possible", with the reason) or *unmapped* (not
known: never guessed).

Six scales ship with the package as TOML files (``scales/*.toml``): ICD 203
(the default: published, covering 1–99% without gaps), the UK PHIA yardstick
(2025), Kent (1964), IPCC AR6 and two reader surveys. Users add or override
scales with a TOML file of the same form (:func:`load_scale`). Scale files are
checked by hand-written validation rather than a cattrs structure hook, so each
message can say what a valid value looks like (``expected two numbers 0 ≤ lo ≤
hi ≤ 1, got [0.3, 0.1]``); every problem is collected before anything is
raised.

:func:`sensitivity` shows how much a source's mean Brier and log scores move
with the choice of scale and of point within each interval, and which
rankings of sources survive every choice. The rules are set out in
``docs/verbal.md``.

.. versionadded:: 0.1
"""

from __future__ import annotations

import functools
import itertools
import math
import re
from collections.abc import Iterable, Sequence
from typing import Literal, TypeAlias, cast

import attrs
import numpy as np

from forecastcheck._phrases import (
    DEFAULT_SCALE,
    RULES,
    Entry,
    Interval,
    PointRule,
    Scale,
    ScalePhrase,
    as_scale,
    builtin_scales,
    clean,
    fmt,
    get_scale,
    is_number,
    load_scale,
    normalise,
    phrase_rules,
    split_prefix,
    split_suffix,
)
from forecastcheck.scoring import brier, log_score

__all__ = [
    "DEFAULT_SCALE",
    "RULES",
    "Interpretation",
    "Interval",
    "PointRule",
    "Scale",
    "ScalePhrase",
    "ScoreCell",
    "Sensitivity",
    "SourceSensitivity",
    "VerbalRecord",
    "builtin_scales",
    "get_scale",
    "interpret",
    "load_scale",
    "normalise",
    "sensitivity",
]

Status: TypeAlias = Literal["mapped", "unscorable", "unmapped"]
Polarity: TypeAlias = Literal["for", "against"]

_MAX_DEPTH = 12


# --- interpretation --------------------------------------------------------


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
            (rule ids are the keys of :data:`RULES`).
        reason: one sentence: the mapping, or why it is unscorable or unmapped.
        hedges: the hedges stripped ("seems", "I think"), in order.
    """

    phrase: str
    scale: str
    status: Status
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
    status: Status
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
    number = _stated_number(text)
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
    of the scale; a stated number ("20%"); the extension table (certainty and
    impossibility words, "same as" wordings, unscorable wordings); then the
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


# --- sensitivity -----------------------------------------------------------


def _statement(
    instance: object, attribute: attrs.Attribute[str | float], value: str | float
) -> None:
    if isinstance(value, str):
        if not value.strip():
            raise ValueError("statement must be a phrase or a probability, got an empty string")
        return
    if not is_number(value) or not 0.0 <= float(value) <= 1.0:
        raise ValueError(f"statement must be a phrase or a probability in [0, 1], got {value!r}")


def _outcome(instance: object, attribute: attrs.Attribute[int | None], value: int | None) -> None:
    if value is not None and (isinstance(value, bool) or value not in (0, 1)):
        raise ValueError(f"outcome must be 0, 1 or None (unresolved), got {value!r}")


@attrs.frozen
class VerbalRecord:
    """One resolved (or pending) statement of a source, for :func:`sensitivity`.

    Args:
        source: who said it.
        statement: the phrase as written, or a probability the source stated.
        polarity: ``"for"`` when the statement is about the proposition,
            ``"against"`` when it qualifies the proposition's negation (then
            the proposition's probability is ``1 - p``).
        outcome: 1 if the proposition came true, 0 if not, ``None`` if unresolved.
    """

    source: str
    statement: str | float = attrs.field(validator=_statement)
    polarity: Polarity = attrs.field(
        default="for", validator=attrs.validators.in_(("for", "against"))
    )
    outcome: int | None = attrs.field(default=None, validator=_outcome)


RecordLike: TypeAlias = VerbalRecord | tuple[str, str | float, str, int | None]


@attrs.frozen
class ScoreCell:
    """A source's mean scores under one scale and one point rule.

    Args:
        scale: the scale's name.
        point_rule: the point rule's name.
        brier: mean Brier score (0 best).
        log: mean log score, ``-ln p`` of what happened (0 best; ``inf`` after
            a certain miss).
    """

    scale: str
    point_rule: str
    brier: float
    log: float


@attrs.frozen
class SourceSensitivity:
    """How much one source's mean scores depend on the scale and the point rule.

    Args:
        source: the source.
        n: resolved records scored: mapped under every scale, or a stated number.
        unscorable: resolved records unscorable under some scale (not scored).
        unmapped: resolved records unmapped under some scale (not scored).
        unresolved: records without an outcome.
        brier: (min, max) of the mean Brier score over every scale and point
            rule; ``(nan, nan)`` when ``n == 0``.
        log: (min, max) of the mean log score, likewise.
        cells: the mean scores under each scale and point rule.
    """

    source: str
    n: int
    unscorable: int
    unmapped: int
    unresolved: int
    brier: tuple[float, float]
    log: tuple[float, float]
    cells: tuple[ScoreCell, ...]

    def cell(self, scale: str, point_rule: str) -> ScoreCell:
        """The mean scores under one scale and point rule.

        Raises:
            KeyError: no such scale and rule in the analysis.
        """
        for cell in self.cells:
            if cell.scale == scale and cell.point_rule == point_rule:
                return cell
        raise KeyError((scale, point_rule))


def _num(x: float) -> str:
    return "-" if math.isnan(x) else f"{x:.3f}"


@attrs.frozen
class Sensitivity:
    """Mean scores of each source across scales and point rules, and which rankings hold.

    Args:
        scales: the scales' names.
        point_rules: the point rules' names.
        reference: the (scale, point rule) the sources are ordered by.
        sources: per source, ordered by mean Brier under ``reference``
            (best first); sources with nothing scored come last.
    """

    scales: tuple[str, ...]
    point_rules: tuple[str, ...]
    reference: tuple[str, str]
    sources: tuple[SourceSensitivity, ...]

    def ranking(self) -> tuple[str, ...]:
        """The sources with something scored, best mean Brier under ``reference`` first."""
        return tuple(s.source for s in self.sources if s.n)

    def _get(self, source: str) -> SourceSensitivity:
        for entry in self.sources:
            if entry.source == source:
                return entry
        raise KeyError(source)

    def robust(self, better: str, worse: str) -> bool:
        """Whether ``better`` has the lower mean Brier under every scale and every point rule.

        Raises:
            KeyError: an unknown source.
        """
        a, b = self._get(better), self._get(worse)
        if not a.n or not b.n:
            return False
        return all(x.brier < y.brier for x, y in zip(a.cells, b.cells, strict=True))

    def robust_pairs(self) -> tuple[tuple[str, str], ...]:
        """Every (better, worse) pair of sources whose order holds under every choice."""
        names = self.ranking()
        return tuple((a, b) for a in names for b in names if a != b and self.robust(a, b))

    def _reversal(self, better: str, worse: str) -> str:
        a, b = self._get(better), self._get(worse)
        for x, y in zip(a.cells, b.cells, strict=True):
            if not x.brier < y.brier:
                return f"{x.scale}/{x.point_rule}"
        return ""

    def table(self) -> str:
        """The sensitivity as a plain-text table, then the ranking with its robustness.

        Returns:
            Lines of text: one row per source (records scored and excluded,
            min and max of mean Brier and log score), then each step of the
            ranking marked robust or not (with a choice that reverses it).
        """
        head: tuple[str, ...] = ("source", "n", "unscorable", "unmapped", "unresolved")
        head += ("Brier min", "Brier max", "log min", "log max")
        rows = [head]
        for s in self.sources:
            counts = (str(s.n), str(s.unscorable), str(s.unmapped), str(s.unresolved))
            scores = (_num(s.brier[0]), _num(s.brier[1]), _num(s.log[0]), _num(s.log[1]))
            rows.append((s.source, *counts, *scores))
        widths = [max(len(r[i]) for r in rows) for i in range(len(head))]

        def line(row: Sequence[str]) -> str:
            first = row[0].ljust(widths[0])
            rest = (cell.rjust(w) for cell, w in zip(row[1:], widths[1:], strict=True))
            return "  ".join((first, *rest)).rstrip()

        rules = ", ".join(self.point_rules)
        out = [
            f"Mean scores over {len(self.scales)} scales ({', '.join(self.scales)}) "
            f"and point rules ({rules}); lower is better.",
            line(head),
            line(["-" * w for w in widths]),
            *(line(r) for r in rows[1:]),
        ]
        names = self.ranking()
        scale, rule = self.reference
        if names:
            out += ["", f"Ranking by mean Brier under {scale}/{rule}: {' < '.join(names)}"]
        for a, b in itertools.pairwise(names):
            if self.robust(a, b):
                out.append(f"  {a} < {b}: robust (holds under every scale and point rule)")
            else:
                where = self._reversal(a, b)
                out.append(f"  {a} < {b}: not robust (reversed or tied under {where})")
        return "\n".join(out)


def _rule_name(rule: PointRule) -> str:
    return rule if isinstance(rule, str) else getattr(rule, "__name__", repr(rule))


def _record(item: RecordLike) -> VerbalRecord:
    if isinstance(item, VerbalRecord):
        return item
    source, statement, polarity, outcome = item
    return VerbalRecord(source, statement, cast(Polarity, polarity), outcome)


def sensitivity(
    records: Iterable[RecordLike],
    scales: Iterable[Scale | str] | None = None,
    point_rules: Sequence[PointRule] = ("lower", "mid", "upper"),
    *,
    reference: tuple[str, str] | None = None,
    log_epsilon: float | None = None,
) -> Sensitivity:
    """How each source's mean Brier and log scores move with the scale and the point rule.

    For every scale and point rule, each scored record's phrase is read under
    the scale (polarity ``"against"`` negates the interval), the point rule
    picks a number from the interval, and the source's mean scores are
    computed with :func:`forecastcheck.scoring.brier` and
    :func:`forecastcheck.scoring.log_score`. Stated numbers are used as they
    are under every scale. A record is scored only when it is resolved and
    its phrase is mapped under *every* scale, so each source is scored on the
    same records throughout.

    Args:
        records: :class:`VerbalRecord` objects or ``(source, statement,
            polarity, outcome)`` tuples.
        scales: scales or built-in names; all built-in scales by default.
        point_rules: names (``"lower"``, ``"mid"``, ``"upper"``, ``"stated"``)
            or callables (see :meth:`Interval.point`).
        reference: the (scale name, point rule name) that orders the sources;
            the default scale (else the first) with ``"mid"`` (else the first rule).
        log_epsilon: passed to :func:`~forecastcheck.scoring.log_score` as
            ``epsilon`` (clipping); ``None`` leaves a certain miss at ``inf``.

    Returns:
        The per-source ranges and the ranking with its robustness.

    Raises:
        ScaleError: a scale name is not built in.
        ValueError: no scales or point rules, a name given twice, a bad
            record or reference.
    """
    chosen = [as_scale(s) for s in (builtin_scales().values() if scales is None else scales)]
    names = tuple(s.name for s in chosen)
    rule_names = tuple(_rule_name(r) for r in point_rules)
    if not chosen or not point_rules:
        raise ValueError("sensitivity needs at least one scale and one point rule")
    if len(set(names)) != len(names) or len(set(rule_names)) != len(rule_names):
        raise ValueError("each scale and each point rule may be given once")
    if reference is None:
        ref_scale = DEFAULT_SCALE if DEFAULT_SCALE in names else names[0]
        reference = (ref_scale, "mid" if "mid" in rule_names else rule_names[0])
    if reference[0] not in names or reference[1] not in rule_names:
        raise ValueError(f"reference {reference} is not among the scales and point rules")

    by_source: dict[str, list[VerbalRecord]] = {}
    for item in records:
        rec = _record(item)
        by_source.setdefault(rec.source, []).append(rec)

    results: list[SourceSensitivity] = []
    for source, recs in by_source.items():
        counts = {"unscorable": 0, "unmapped": 0, "unresolved": 0}
        scored: list[tuple[VerbalRecord, list[Interval]]] = []
        for rec in recs:
            if rec.outcome is None:
                counts["unresolved"] += 1
                continue
            intervals = [_read_record(rec, scale) for scale in chosen]
            status = {i if isinstance(i, str) else "mapped" for i in intervals}
            if "unscorable" in status:
                counts["unscorable"] += 1
            elif "unmapped" in status:
                counts["unmapped"] += 1
            else:
                scored.append((rec, [i for i in intervals if isinstance(i, Interval)]))
        y = np.array([rec.outcome for rec, _ in scored], dtype=np.float64)
        cells = []
        for k, scale in enumerate(chosen):
            for rule, rule_name in zip(point_rules, rule_names, strict=True):
                if not scored:
                    cells.append(ScoreCell(scale.name, rule_name, math.nan, math.nan))
                    continue
                p = np.array([ivs[k].point(rule) for _, ivs in scored], dtype=np.float64)
                mean_brier = float(np.mean(brier(p, y)))
                mean_log = float(np.mean(log_score(p, y, epsilon=log_epsilon)))
                cells.append(ScoreCell(scale.name, rule_name, mean_brier, mean_log))
        b = [c.brier for c in cells]
        lg = [c.log for c in cells]
        results.append(
            SourceSensitivity(
                source=source,
                n=len(scored),
                brier=(min(b), max(b)),
                log=(min(lg), max(lg)),
                cells=tuple(cells),
                **counts,
            )
        )

    def order(s: SourceSensitivity) -> tuple[bool, float, str]:
        return (s.n == 0, s.cell(*reference).brier if s.n else 0.0, s.source)

    return Sensitivity(names, rule_names, reference, tuple(sorted(results, key=order)))


def _read_record(rec: VerbalRecord, scale: Scale) -> Interval | Status:
    if isinstance(rec.statement, str):
        read = interpret(rec.statement, scale)
        if read.status != "mapped" or read.interval is None:
            return read.status
        interval = read.interval
    else:
        p = float(rec.statement)
        interval = Interval(p, p, p)
    return interval.negate() if rec.polarity == "against" else interval
