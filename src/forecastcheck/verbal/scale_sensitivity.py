"""Sensitivity to the scale: how much each source's scores depend on how phrases are read.

:func:`sensitivity` scores every source's verbal statements under each scale
and each point rule, reports the range of its mean Brier and log scores, and
says which steps of the ranking of sources hold under every choice.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterable, Sequence
from typing import TypeAlias, cast, get_args

import attrs
import numpy as np
from attrs import validators as v

from forecastcheck.ledger import Polarity
from forecastcheck.scoring import brier, log_score
from forecastcheck.verbal.interpretation import ReadStatus, interpret
from forecastcheck.verbal.intervals import Interval, PointRule, is_number
from forecastcheck.verbal.scales import DEFAULT_SCALE, Scale, as_scale, builtin_scales

__all__ = [
    "RecordLike",
    "ScoreCell",
    "Sensitivity",
    "SourceSensitivity",
    "VerbalRecord",
    "sensitivity",
]


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


def _not_bool(instance: object, attribute: attrs.Attribute[int | None], value: object) -> None:
    if isinstance(value, bool):
        raise ValueError(f"{attribute.name} must be 0, 1 or None (unresolved), got {value!r}")


# True == 1, so attrs' in_ alone would take a bool for an outcome.
_OUTCOME = v.optional(v.and_(_not_bool, v.in_((0, 1))))


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
    polarity: Polarity = attrs.field(default="for", validator=v.in_(get_args(Polarity)))
    outcome: int | None = attrs.field(default=None, validator=_OUTCOME)


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
            ranking marked robust or not (with a choice that reverses it); two
            sources whose mean Brier under ``reference`` is equal are shown
            ``a = b`` (tied), never ``a < b``.
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
            steps = (f" {self._sign(a, b)} {b}" for a, b in itertools.pairwise(names))
            order = names[0] + "".join(steps)
            out += ["", f"Ranking by mean Brier under {scale}/{rule}: {order}"]
        for a, b in itertools.pairwise(names):
            sign = self._sign(a, b)
            if sign == "=":
                out.append(f"  {a} = {b}: tied under {scale}/{rule}")
            elif self.robust(a, b):
                out.append(f"  {a} < {b}: robust (holds under every scale and point rule)")
            else:
                where = self._reversal(a, b)
                out.append(f"  {a} < {b}: not robust (reversed or tied under {where})")
        return "\n".join(out)

    def tied(self, a: str, b: str) -> bool:
        """Whether ``a`` and ``b`` have the same mean Brier score under ``reference``.

        Raises:
            KeyError: an unknown source.
        """
        first, second = (self._get(name).cell(*self.reference).brier for name in (a, b))
        return first == second

    def _sign(self, better: str, worse: str) -> str:
        return "=" if self.tied(better, worse) else "<"


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
    ref = _reference(names, rule_names, reference)
    by_source: dict[str, list[VerbalRecord]] = {}
    for item in records:
        rec = _record(item)
        by_source.setdefault(rec.source, []).append(rec)
    results = [
        _source_sensitivity(source, recs, chosen, point_rules, log_epsilon)
        for source, recs in by_source.items()
    ]

    def order(s: SourceSensitivity) -> tuple[bool, float, str]:
        return (s.n == 0, s.cell(*ref).brier if s.n else 0.0, s.source)

    return Sensitivity(names, rule_names, ref, tuple(sorted(results, key=order)))


def _reference(
    names: tuple[str, ...], rule_names: tuple[str, ...], reference: tuple[str, str] | None
) -> tuple[str, str]:
    """The checked (scale, point rule) that orders the sources, after checking the choices."""
    if not names or not rule_names:
        raise ValueError("sensitivity needs at least one scale and one point rule")
    if len(set(names)) != len(names) or len(set(rule_names)) != len(rule_names):
        raise ValueError("each scale and each point rule may be given once")
    if reference is None:
        ref_scale = DEFAULT_SCALE if DEFAULT_SCALE in names else names[0]
        reference = (ref_scale, "mid" if "mid" in rule_names else rule_names[0])
    if reference[0] not in names or reference[1] not in rule_names:
        raise ValueError(f"reference {reference} is not among the scales and point rules")
    return reference


def _source_sensitivity(
    source: str,
    recs: list[VerbalRecord],
    chosen: list[Scale],
    point_rules: Sequence[PointRule],
    log_epsilon: float | None,
) -> SourceSensitivity:
    """One source's counts and mean scores under every scale and point rule."""
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
        for rule in point_rules:
            if not scored:
                cells.append(ScoreCell(scale.name, _rule_name(rule), math.nan, math.nan))
                continue
            p = np.array([ivs[k].point(rule) for _, ivs in scored], dtype=np.float64)
            mean_brier = float(np.mean(brier(p, y)))
            mean_log = float(np.mean(log_score(p, y, epsilon=log_epsilon)))
            cells.append(ScoreCell(scale.name, _rule_name(rule), mean_brier, mean_log))
    b = [c.brier for c in cells]
    lg = [c.log for c in cells]
    return SourceSensitivity(
        source=source,
        n=len(scored),
        brier=(min(b), max(b)),
        log=(min(lg), max(lg)),
        cells=tuple(cells),
        **counts,
    )


def _read_record(rec: VerbalRecord, scale: Scale) -> Interval | ReadStatus:
    if isinstance(rec.statement, str):
        read = interpret(rec.statement, scale)
        if read.status != "mapped" or read.interval is None:
            return read.status
        interval = read.interval
    else:
        p = float(rec.statement)
        interval = Interval(p, p, p)
    return interval.negate() if rec.polarity == "against" else interval
