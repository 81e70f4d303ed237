"""Sensitivity to the scale: how much each source's scores depend on how phrases are read.

:func:`sensitivity` scores every source's verbal statements under each scale
and each point rule, reports the range of its mean Brier and log scores, and
says which steps of the ranking of sources hold under every choice.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterable, Mapping, Sequence
from typing import TypeAlias, cast, get_args

import attrs
import numpy as np
import numpy.typing as npt
from attrs import validators as v

from forecastcheck.ledger import Polarity
from forecastcheck.verbal import _grouped_means as _grouped
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
        read: per scale (in the analysis's order), the resolved records
            mapped under that scale: what a scoreboard under it would count.
        partly: resolved records mapped under some scales but not all
            (counted in ``unscorable`` or ``unmapped`` above).
        own: the mean scores under each scale and point rule over the
            records *that scale* maps (``nan`` where it maps none): how a
            source unscorable under one scale scores under the others.
    """

    source: str
    n: int
    unscorable: int
    unmapped: int
    unresolved: int
    brier: tuple[float, float]
    log: tuple[float, float]
    cells: tuple[ScoreCell, ...]
    read: tuple[int, ...] = ()
    partly: int = 0
    own: tuple[ScoreCell, ...] = ()

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


def _span(values: Iterable[float]) -> tuple[float, float]:
    """(min, max) of the values that are numbers, ``(nan, nan)`` when none is."""
    kept = [v for v in values if not math.isnan(v)]
    return (min(kept), max(kept)) if kept else (math.nan, math.nan)


@attrs.frozen
class Sensitivity:
    """Mean scores of each source across scales and point rules, and which rankings hold.

    Args:
        scales: the scales' names.
        point_rules: the point rules' names.
        reference: the (scale, point rule) the sources are ordered by.
        sources: per source, ordered by mean Brier under ``reference``
            (best first); sources with nothing scored come last.
        labels: the name the table shows for each source (its id when absent).
        min_resolved: the scoreboard's ranking minimum, when the table is
            read beside a scoreboard; the table then says how its counts
            relate to it.
    """

    scales: tuple[str, ...]
    point_rules: tuple[str, ...]
    reference: tuple[str, str]
    sources: tuple[SourceSensitivity, ...]
    labels: Mapping[str, str] = attrs.field(factory=dict)
    min_resolved: int | None = None

    def label(self, source: str) -> str:
        """The name the table shows for ``source``."""
        return self.labels.get(source, source)

    def read_elsewhere(self) -> tuple[str, ...]:
        """Sources with nothing read under every scale but something read under some."""
        return tuple(s.source for s in self.sources if not s.n and any(s.read))

    def note(self, source: str) -> str:
        """Why a source's row has no numbers, or what its numbers rest on; "" when plain."""
        s = self._get(source)
        resolved = s.n + s.unscorable + s.unmapped
        readers = [name for name, k in zip(self.scales, s.read, strict=True) if k]
        if not resolved:
            return "no resolved calls" if s.unresolved else "no calls"
        if not s.n and readers:
            return f"read only under {', '.join(readers)}: ranges over those scales"
        if not s.n:
            kinds = [w for w, k in (("unscorable", s.unscorable), ("unmapped", s.unmapped)) if k]
            return f"resolved calls {' or '.join(kinds)} under every scale"
        if s.partly:
            return f"+{s.partly} read under some scales only, not counted in n"
        return ""

    def spans(self, source: str) -> tuple[tuple[float, float], tuple[float, float]]:
        """The table's (min, max) of mean Brier and log: over ``own`` cells when ``n`` is 0."""
        s = self._get(source)
        if s.n or not s.own:
            return s.brier, s.log
        return _span(c.brier for c in s.own), _span(c.log for c in s.own)

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

    def rows(self) -> list[tuple[str, ...]]:
        """The cells of :meth:`table`'s table: its header, then a row per source."""
        head: tuple[str, ...] = ("source", "n", "unscorable", "unmapped", "unresolved")
        head += ("Brier min", "Brier max", "log min", "log max", "note")
        rows = [head]
        for s in self.sources:
            counts = (str(s.n), str(s.unscorable), str(s.unmapped), str(s.unresolved))
            (b0, b1), (l0, l1) = self.spans(s.source)
            scores = (_num(b0), _num(b1), _num(l0), _num(l1))
            rows.append((self.label(s.source), *counts, *scores, self.note(s.source)))
        return rows

    def table(self) -> str:
        """The sensitivity as a plain-text table, then the ranking with its robustness.

        Returns:
            Lines of text: one row per source (records scored and excluded,
            min and max of mean Brier and log score), then each step of the
            ranking marked robust or not (with a choice that reverses it); two
            sources whose mean Brier under ``reference`` is equal are shown
            ``a = b`` (tied), never ``a < b``.
        """
        rows = self.rows()
        head = rows[0]
        widths = [max(len(r[i]) for r in rows) for i in range(len(head))]

        def line(row: Sequence[str]) -> str:
            first = row[0].ljust(widths[0])
            mid = (cell.rjust(w) for cell, w in zip(row[1:-1], widths[1:-1], strict=True))
            return "  ".join((first, *mid, row[-1])).rstrip()

        rules = ", ".join(self.point_rules)
        out = [
            f"Mean scores over {len(self.scales)} scales ({', '.join(self.scales)}) "
            f"and point rules ({rules}); lower is better.",
            *self._reconciling(),
            line(head),
            line(["-" * w for w in widths]),
            *(line(r) for r in rows[1:]),
        ]
        return "\n".join([*out, *self._ranking_lines()])

    def _reconciling(self) -> list[str]:
        """How n relates to the scoreboard's counts, when the table is read beside one."""
        if self.min_resolved is None:
            return []
        scale = self.reference[0]
        return [
            f"n counts resolved calls read under every scale; the scoreboard's Resolved counts "
            f"those read under {scale} (n plus any read there but not under every scale) and "
            f"ranks a source only with at least {self.min_resolved}. The ranking below orders "
            f"every source with n >= 1, ranked on the scoreboard or not."
        ]

    def _ranking_lines(self) -> list[str]:
        names = self.ranking()
        scale, rule = self.reference
        out = []
        if names:
            steps = (f" {self._sign(a, b)} {self.label(b)}" for a, b in itertools.pairwise(names))
            order = self.label(names[0]) + "".join(steps)
            out += ["", f"Ranking by mean Brier under {scale}/{rule}: {order}"]
        for a, b in itertools.pairwise(names):
            sign = self._sign(a, b)
            pair = f"  {self.label(a)} {sign} {self.label(b)}"
            if sign == "=":
                out.append(f"{pair}: tied under {scale}/{rule}")
            elif self.robust(a, b):
                out.append(f"{pair}: robust (holds under every scale and point rule)")
            else:
                out.append(f"{pair}: not robust (reversed or tied under {self._reversal(a, b)})")
        for source in self.read_elsewhere():
            s = self._get(source)
            readers = [name for name, k in zip(self.scales, s.read, strict=True) if k]
            out.append(
                f"  {self.label(source)}: unranked: its calls are read only under "
                f"{', '.join(readers)}, so no order with another source holds under every scale"
            )
        return out

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
    labels: Mapping[str, str] | None = None,
    min_resolved: int | None = None,
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
        labels: the name the table shows for each source (by default its id).
        min_resolved: a scoreboard's ranking minimum; the table then says how
            its counts relate to the scoreboard's.

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
    reader = _Reader(chosen, point_rules)
    results = _source_sensitivities(by_source, reader, log_epsilon)

    def order(s: SourceSensitivity) -> tuple[bool, float, str]:
        return (s.n == 0, s.cell(*ref).brier if s.n else 0.0, s.source)

    ranked = tuple(sorted(results, key=order))
    return Sensitivity(names, rule_names, ref, ranked, dict(labels or {}), min_resolved)


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


class _Reader:
    """Each distinct (statement, polarity) read once per scale, for every source alike.

    The readings, and the points the named point rules pick from them, are
    kept for one :func:`sensitivity` call: a phrase said a thousand times is
    interpreted once per scale. Callable point rules are called once for
    every record. :meth:`place` gives each record the place of its reading;
    :meth:`arrays` stacks every reading's row once.
    """

    def __init__(self, chosen: list[Scale], point_rules: Sequence[PointRule]) -> None:
        self.chosen = chosen
        self.point_rules = point_rules
        self._named = not any(callable(rule) for rule in point_rules)
        self._places: dict[tuple[type, str | float, str], int] = {}
        self._readings: list[_Reading] = []

    def place(self, rec: VerbalRecord) -> int:
        """The place of the record's reading under every scale (read now if new)."""
        key = (type(rec.statement), rec.statement, rec.polarity)
        found = self._places.get(key) if self._named else None
        if found is None:
            intervals = tuple(_read_record(rec, scale) for scale in self.chosen)
            found = len(self._readings)
            self._readings.append((intervals, self._points(intervals)))
            if self._named:
                self._places[key] = found
        return found

    def arrays(
        self,
    ) -> tuple[npt.NDArray[np.bool_], npt.NDArray[np.float64], npt.NDArray[np.int64]]:
        """Per reading: mapped per scale, points (scale by rule, NaN unmapped), and its kind.

        The kind is 1 when some scale finds the record unscorable, 2 when none
        does but some leaves it unmapped, else 0; plus 4 when some scales map
        it and others do not.
        """
        n_scales, n_rules = len(self.chosen), len(self.point_rules)
        mapped = np.zeros((len(self._readings), n_scales), dtype=bool)
        points = np.full((len(self._readings), n_scales, n_rules), np.nan)
        kinds = np.zeros(len(self._readings), dtype=np.int64)
        for k, (intervals, pts) in enumerate(self._readings):
            mapped[k] = [isinstance(i, Interval) for i in intervals]
            points[k] = pts
            status = {i if isinstance(i, str) else "mapped" for i in intervals}
            kind = 1 if "unscorable" in status else 2 if "unmapped" in status else 0
            kinds[k] = kind + 4 * (len(status) > 1 and "mapped" in status)
        return mapped, points, kinds

    def _points(self, intervals: tuple[Interval | ReadStatus, ...]) -> npt.NDArray[np.float64]:
        points = np.full((len(intervals), len(self.point_rules)), np.nan)
        for k, iv in enumerate(intervals):
            if isinstance(iv, Interval):
                points[k] = [iv.point(rule) for rule in self.point_rules]
        return points


_Reading: TypeAlias = tuple[tuple[Interval | ReadStatus, ...], npt.NDArray[np.float64]]


def _gathered(
    by_source: Mapping[str, list[VerbalRecord]], reader: _Reader
) -> list[tuple[dict[str, int], _grouped.Block]]:
    """Each source's counts, and its resolved records as :data:`_grouped_means.Block`."""
    placed: list[tuple[int, list[int], list[int]]] = []
    for recs in by_source.values():
        resolved = [rec for rec in recs if rec.outcome is not None]
        places = [reader.place(rec) for rec in resolved]
        outcomes = [cast(int, rec.outcome) for rec in resolved]
        placed.append((len(recs) - len(resolved), places, outcomes))
    mapped, points, kinds = reader.arrays()
    out = []
    for unresolved, places, outcomes in placed:
        at = np.array(places, dtype=np.intp)
        kind = np.bincount(kinds[at], minlength=8)
        counts = {
            "unscorable": int(kind[1] + kind[5]),
            "unmapped": int(kind[2] + kind[6]),
            "unresolved": unresolved,
            "partly": int(kind[4:].sum()),
        }
        out.append((counts, (mapped[at], points[at], np.array(outcomes, np.float64))))
    return out


def _source_sensitivities(
    by_source: Mapping[str, list[VerbalRecord]], reader: _Reader, log_epsilon: float | None
) -> list[SourceSensitivity]:
    """Each source's counts and mean scores under every scale and point rule.

    Every source's records are scored together, one scale at a time
    (:func:`_grouped_means.source_means`); each mean is of the same numbers
    in the same order as scoring the source alone.
    """
    gathered = _gathered(by_source, reader)
    names = [_rule_name(rule) for rule in reader.point_rules]
    means = _grouped.source_means(
        [block for _, block in gathered], len(reader.chosen), len(names), log_epsilon
    )
    out = []
    for source, (counts, (mapped, _, _)), per_scale in zip(by_source, gathered, means, strict=True):
        cells: list[ScoreCell] = []
        own: list[ScoreCell] = []
        for scale, (own_b, own_g, common_b, common_g) in zip(reader.chosen, per_scale, strict=True):
            for j, rule in enumerate(names):
                own.append(ScoreCell(scale.name, rule, own_b[j], own_g[j]))
                cells.append(ScoreCell(scale.name, rule, common_b[j], common_g[j]))
        out.append(
            SourceSensitivity(
                source=source,
                n=int(np.count_nonzero(mapped.all(axis=1))),
                brier=_span(c.brier for c in cells),
                log=_span(c.log for c in cells),
                cells=tuple(cells),
                read=tuple(int(k) for k in mapped.sum(axis=0)),
                own=tuple(own),
                **counts,
            )
        )
    return out


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
