"""The typed model: who said what, when, about which proposition, and what happened.

Every class is an immutable attrs class validated on construction; changed
copies are made with :func:`attrs.evolve`. Cross-references (a prediction's
source, a citation's document) are checked by :class:`Ledger`.

Propositions form a small algebra:

- :class:`Occurs` — an event happens by a deadline (or, with no deadline, ever);
- :class:`HoldsAt` — a state holds on a date;
- :class:`HoldsThroughout` — a state holds on every day of a period;
- :class:`DateOf` — the date of an event, as a point with an optional interval;
- :class:`ValueOf` — the value of a quantity, as a point with an optional interval;
- :class:`Not`, :class:`All`, :class:`Any` — logic;
- :class:`If` — a conditional: *if* the condition holds, *then* the consequent.

Deadlines and dates inside propositions are kept as written ("by November
2025", "end of September this year", "2025-11-10"): they are read relative to
the prediction's statement date by :mod:`forecastcheck.dates` when resolved, so
what the file says is what the model keeps.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import typing as t
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Literal, TypeAlias, TypeVar

import attrs

from forecastcheck.dates import (
    DateWindow,
    Deadline,
    PointEstimate,
    parse_deadline,
    parse_horizon,
    parse_point,
)
from forecastcheck.errors import FieldError, ForecastcheckError, LedgerError, Problem, shown

__all__ = [
    "MAX_PROPOSITION_DEPTH",
    "All",
    "Any",
    "Citation",
    "Confidence",
    "DateOf",
    "Document",
    "Event",
    "EventLog",
    "HoldsAt",
    "HoldsThroughout",
    "If",
    "Ledger",
    "Not",
    "Occurs",
    "Polarity",
    "Prediction",
    "Proposition",
    "Source",
    "ValueOf",
    "date_problems",
    "proposition_date_problems",
    "proposition_depth",
    "walk",
    "walk_paths",
]

MAX_PROPOSITION_DEPTH = 32
"""How deep ``not``, ``all``, ``any`` and ``if`` may nest propositions (a lone ``occurs`` is 1)."""

_Attr: TypeAlias = "attrs.Attribute[t.Any]"

_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:/-]*")

Polarity = Literal["for", "against"]


def _identifier(instance: object, attribute: _Attr, value: str) -> None:
    if not isinstance(value, str) or not _ID.fullmatch(value):
        raise FieldError(
            attribute.name,
            f"expected an identifier (letters, digits and . _ : / -), got {shown(value)}",
        )


def _optional_identifier(instance: object, attribute: _Attr, value: str | None) -> None:
    if value is not None:
        _identifier(instance, attribute, value)


def _text(instance: object, attribute: _Attr, value: str) -> None:
    if not isinstance(value, str) or not value.strip():
        raise FieldError(attribute.name, "must be non-empty text")


def _strings(instance: object, attribute: _Attr, value: tuple[str, ...]) -> None:
    for item in value:
        _identifier(instance, attribute, item)


def _window(instance: object, attribute: _Attr, value: object) -> None:
    if value is not None and not isinstance(value, DateWindow):
        raise FieldError(attribute.name, f"must be a DateWindow, got {type(value).__name__}")


def _day(instance: object, attribute: _Attr, value: object) -> None:
    if value is not None and (not isinstance(value, dt.date) or isinstance(value, dt.datetime)):
        raise FieldError(attribute.name, f"must be a date, got {type(value).__name__}")


def _tuple(value: Iterable[object]) -> tuple[object, ...]:
    return tuple(value)


# --- who said it, and where -------------------------------------------------


@attrs.frozen(kw_only=True)
class Source:
    """A person or model whose forecasts are tracked.

    Args:
        id: stable identifier used by predictions.
        name: the name as it should be shown.
        role: what they are (e.g. "senior researcher", "model").
        affiliation: where they work or publish, if anyone.
        notes: anything else worth keeping.
    """

    id: str = attrs.field(validator=_identifier)
    name: str = attrs.field(validator=_text)
    role: str = ""
    affiliation: str = ""
    notes: str = ""


@attrs.frozen(kw_only=True)
class Document:
    """A publication that quotes one or more predictions.

    Args:
        id: stable identifier used by predictions and citations.
        outlet: who published it.
        title: its title.
        url: where it can be read, if known.
        author: who wrote it, if named.
        published: when it was published; a window when the day is unknown,
            ``None`` when the document carries no date at all.
        notes: how the date was inferred, translations, anything else.
    """

    id: str = attrs.field(validator=_identifier)
    outlet: str = attrs.field(validator=_text)
    title: str = attrs.field(validator=_text)
    url: str | None = None
    author: str | None = None
    published: DateWindow | None = attrs.field(default=None, validator=_window)
    notes: str = ""


# --- propositions -----------------------------------------------------------


@attrs.frozen(kw_only=True)
class Occurs:
    """The event ``kind`` happens to ``subject`` by ``deadline``.

    Args:
        subject: what the event is about (matches :attr:`Event.subject`).
        kind: what happens (matches :attr:`Event.kind`).
        deadline: the deadline as written ("by November 2025", "2025-11-10",
            "before 2027"); ``None`` for a claim with no horizon
            ("eventually", "never"), which is open-ended.
        text: the proposition in plain words, for reports.
    """

    subject: str = attrs.field(validator=_identifier)
    kind: str = attrs.field(validator=_identifier)
    deadline: str | None = None
    text: str = ""

    @property
    def open_ended(self) -> bool:
        """True when the claim has no horizon."""
        return self.deadline is None


@attrs.frozen(kw_only=True)
class HoldsAt:
    """The state ``state`` holds on the day ``date`` (a date or phrase, as written)."""

    state: str = attrs.field(validator=_identifier)
    date: str = attrs.field(validator=_text)
    text: str = ""


@attrs.frozen(kw_only=True)
class HoldsThroughout:
    """The state ``state`` holds on every day from ``start`` to ``end`` (as written)."""

    state: str = attrs.field(validator=_identifier)
    start: str = attrs.field(validator=_text)
    end: str = attrs.field(validator=_text)
    text: str = ""


@attrs.frozen(kw_only=True)
class DateOf:
    """A date forecast: when the event ``kind`` happens to ``subject``.

    As a yes/no proposition it reads "the event happens within
    [``earliest``, ``latest``]" (a missing bound is open); with neither bound it
    reads "the event happens within the window ``point`` names".

    Args:
        subject: what the event is about.
        kind: what happens.
        point: the forecast date as written ("end of September this year").
        earliest: the earliest date of the stated interval, as written.
        latest: the latest date of the stated interval, as written.
        text: the proposition in plain words.
    """

    subject: str = attrs.field(validator=_identifier)
    kind: str = attrs.field(validator=_identifier)
    point: str = attrs.field(validator=_text)
    earliest: str | None = None
    latest: str | None = None
    text: str = ""


def _finite(instance: object, attribute: _Attr, value: float | None) -> None:
    if value is None:
        return
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise FieldError(attribute.name, f"must be a finite number, got {value!r}")


@attrs.frozen(kw_only=True)
class ValueOf:
    """A number forecast: the value of ``quantity`` for ``subject``.

    As a yes/no proposition it reads "the value lies within [``lower``,
    ``upper``]" (a missing bound is open); with neither bound, "the value
    equals ``point``".

    Args:
        subject: what the quantity is about.
        quantity: which quantity (matches :attr:`Event.kind` of events carrying a value).
        point: the forecast value.
        lower: the lower end of the stated interval.
        upper: the upper end of the stated interval.
        by: when the value is due, as written; ``None`` when open-ended.
        text: the proposition in plain words.
    """

    subject: str = attrs.field(validator=_identifier)
    quantity: str = attrs.field(validator=_identifier)
    point: float = attrs.field(validator=_finite)
    lower: float | None = attrs.field(default=None, validator=_finite)
    upper: float | None = attrs.field(default=None, validator=_finite)
    by: str | None = None
    text: str = ""

    def __attrs_post_init__(self) -> None:
        if self.lower is not None and self.upper is not None and self.lower > self.upper:
            raise ValueError(f"lower ({self.lower}) exceeds upper ({self.upper})")


@attrs.frozen(kw_only=True)
class Not:
    """The negation of ``proposition``."""

    proposition: Proposition
    text: str = ""


def _nonempty(instance: object, attribute: _Attr, value: tuple[object, ...]) -> None:
    if not value:
        raise FieldError(attribute.name, "must hold at least one proposition")


@attrs.frozen(kw_only=True)
class All:
    """Every one of ``propositions`` holds."""

    propositions: tuple[Proposition, ...] = attrs.field(converter=_tuple, validator=_nonempty)
    text: str = ""


@attrs.frozen(kw_only=True)
class Any:
    """At least one of ``propositions`` holds."""

    propositions: tuple[Proposition, ...] = attrs.field(converter=_tuple, validator=_nonempty)
    text: str = ""


@attrs.frozen(kw_only=True)
class If:
    """A conditional forecast: if ``condition`` holds, ``then`` holds.

    It is annulled when the condition turns out false, and otherwise decided
    by the consequent.
    """

    condition: Proposition
    then: Proposition
    text: str = ""


Proposition: TypeAlias = (
    Occurs | HoldsAt | HoldsThroughout | DateOf | ValueOf | Not | All | Any | If
)


def walk(proposition: Proposition) -> Iterator[Proposition]:
    """Every proposition inside ``proposition``, itself first, depth first."""
    yield proposition
    match proposition:
        case Not(proposition=inner):
            yield from walk(inner)
        case All(propositions=parts) | Any(propositions=parts):
            for part in parts:
                yield from walk(part)
        case If(condition=condition, then=then):
            yield from walk(condition)
            yield from walk(then)
        case _:
            pass


def walk_paths(proposition: Proposition, path: str = "") -> Iterator[tuple[str, Proposition]]:
    """Like :func:`walk`, with each proposition's path below the root (``.propositions[1]``)."""
    yield path, proposition
    match proposition:
        case Not(proposition=inner):
            yield from walk_paths(inner, f"{path}.proposition")
        case All(propositions=parts) | Any(propositions=parts):
            for i, part in enumerate(parts):
                yield from walk_paths(part, f"{path}.propositions[{i}]")
        case If(condition=condition, then=then):
            yield from walk_paths(condition, f"{path}.condition")
            yield from walk_paths(then, f"{path}.then")
        case _:
            pass


_Reader = Literal["horizon", "deadline", "point"]


def _date_fields(proposition: Proposition) -> Iterator[tuple[str, str, _Reader]]:
    """(field, text, how resolution reads it) for every date written in one proposition."""
    match proposition:
        case Occurs(deadline=str(text)):
            yield "deadline", text, "horizon"
        case ValueOf(by=str(text)):
            yield "by", text, "horizon"
        case HoldsAt(date=text):
            yield "date", text, "point"
        case HoldsThroughout(start=start, end=end):
            yield "start", start, "deadline"
            yield "end", end, "deadline"
        case DateOf(point=point, earliest=earliest, latest=latest):
            yield "point", point, "point"
            for name, bound in (("earliest", earliest), ("latest", latest)):
                if bound is not None:
                    yield name, bound, "deadline"
        case _:
            pass


_PERIODS = {HoldsThroughout: ("start", "end"), DateOf: ("earliest", "latest")}

#: The field giving the last day a simple proposition asks about (a date
#: forecast with no interval: the window its point names).
_ENDS = {Occurs: "deadline", ValueOf: "by", HoldsAt: "date", HoldsThroughout: "end"}


def _last_asked(
    proposition: Proposition, read: Mapping[str, Deadline | PointEstimate]
) -> tuple[str, dt.date] | None:
    """(field, day): the last day a simple proposition asks about, as resolution reads it."""
    if isinstance(proposition, DateOf):
        if proposition.earliest is None and proposition.latest is None:
            point = read.get("point")
            return None if point is None else ("point", point.window.end)
        name = "latest"
    else:
        name = _ENDS.get(type(proposition), "")
    found = read.get(name)
    if isinstance(found, Deadline):
        return name, found.last_day
    if isinstance(found, PointEstimate):
        return name, found.day
    return None


def date_problems(prediction: Prediction) -> Iterator[tuple[str, str]]:
    """Deadlines and dates a prediction's proposition cannot be read with.

    Each phrase is read relative to the statement date, as resolution will
    read it; a period (``start``..``end``, ``earliest``..``latest``) must not
    end before it starts, and no question may end before the statement date
    (the first day of its window): a call about a period already over is not
    a forecast.

    Yields:
        (path below the prediction, message), e.g.
        ``(".proposition.deadline", "unrecognised deadline phrase 'soon'")``.
    """
    if prediction.proposition is None:
        return
    yield from proposition_date_problems(prediction.proposition, prediction.stated)


def proposition_date_problems(
    proposition: Proposition, stated: DateWindow
) -> Iterator[tuple[str, str]]:
    """:func:`date_problems` of a proposition stated at ``stated``, below ``.proposition``.

    A loader uses it for a prediction whose other fields failed to validate,
    so date problems are reported with them in one pass.
    """
    anchor = stated
    for path, part in walk_paths(proposition, ".proposition"):
        read: dict[str, Deadline | PointEstimate] = {}
        deadlines: dict[str, Deadline] = {}
        texts: dict[str, str] = {}
        for name, text, reader in _date_fields(part):
            texts[name] = text
            try:
                if reader == "horizon":
                    horizon = parse_horizon(text, anchor)
                    if horizon is not None:
                        read[name] = horizon
                elif reader == "deadline":
                    read[name] = deadlines[name] = parse_deadline(text, anchor)
                else:
                    read[name] = parse_point(text, anchor)
            except ForecastcheckError as exc:
                yield f"{path}.{name}", str(exc).replace(repr(text), shown(text))
        first_name, last_name = _PERIODS.get(type(part), ("", ""))
        if first_name in deadlines and last_name in deadlines:
            start, end = deadlines[first_name], deadlines[last_name]
            if end.last_day < start.window.start:
                yield (
                    f"{path}.{last_name}",
                    f"period {shown(start.phrase)} to {shown(end.phrase)} ends ({end.last_day}) "
                    f"before it starts ({start.window.start})",
                )
                continue
        asked = _last_asked(part, read)
        if asked is not None and asked[1] < anchor.start:
            name, day = asked
            yield (
                f"{path}.{name}",
                f"{name} {shown(texts[name])} ends ({day}) before the statement date ({anchor}): "
                "a call about a time already past is not a forecast",
            )


def proposition_depth(proposition: Proposition) -> int:
    """How many propositions the longest chain of nested ones holds (a leaf alone is 1)."""
    deepest = 0
    stack: list[tuple[Proposition, int]] = [(proposition, 1)]
    while stack:
        part, depth = stack.pop()
        deepest = max(deepest, depth)
        if depth > MAX_PROPOSITION_DEPTH:
            break
        match part:
            case Not(proposition=inner):
                stack.append((inner, depth + 1))
            case All(propositions=parts) | Any(propositions=parts):
                stack.extend((p, depth + 1) for p in parts)
            case If(condition=condition, then=then):
                stack.extend(((condition, depth + 1), (then, depth + 1)))
            case _:
                pass
    return deepest


TOO_DEEP = f"propositions nested more than {MAX_PROPOSITION_DEPTH} deep (not, all, any and if)"
"""The problem of a proposition nested past :data:`MAX_PROPOSITION_DEPTH`."""


def _shallow(instance: object, attribute: _Attr, value: Proposition | None) -> None:
    if value is not None and proposition_depth(value) > MAX_PROPOSITION_DEPTH:
        raise FieldError(attribute.name, TOO_DEEP)


# --- predictions ------------------------------------------------------------


def _probability(instance: object, attribute: _Attr, value: float | None) -> None:
    if value is None:
        return
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0.0 <= value <= 1.0:
        raise FieldError(attribute.name, f"expected a probability between 0 and 1, got {value!r}")


@attrs.frozen(kw_only=True)
class Confidence:
    """How sure the source said it was: a number, the words as written, or both.

    Args:
        probability: a number the source stated, in [0, 1].
        phrase: the verbal wording as written ("seems highly unlikely"); it is
            mapped to a probability under a named scale when scored.
        polarity: ``"for"`` when the stated confidence is about the
            proposition itself, ``"against"`` when it is about its negation
            (the source said "I do not expect a treaty" and the proposition is
            "no treaty is signed").
    """

    probability: float | None = attrs.field(default=None, validator=_probability)
    phrase: str | None = None
    polarity: Polarity = attrs.field(
        default="for", validator=attrs.validators.in_(("for", "against"))
    )

    def __attrs_post_init__(self) -> None:
        if self.probability is None and (self.phrase is None or not self.phrase.strip()):
            raise ValueError("confidence needs a probability, a phrase, or both")


@attrs.frozen(kw_only=True)
class Prediction:
    """One forecast-like statement, with its provenance.

    Args:
        id: stable identifier.
        source: the :class:`Source` id of who said it.
        document: the :class:`Document` id that quotes it, if any.
        quote: the statement verbatim.
        stated: when it was said (a window when the day is uncertain); this,
            not the publication date, anchors relative deadlines and lead times.
        proposition: what makes it true.
        confidence: how sure the source said it was.
        unscorable: why the statement is recorded but not scored (too vague,
            no horizon, not a forecast); ``None`` for a scorable statement.
        topic: a topic for grouping.
        tags: free labels.
        notes: anything else (how the proposition was read from the quote).
    """

    id: str = attrs.field(validator=_identifier)
    source: str = attrs.field(validator=_identifier)
    quote: str = attrs.field(validator=_text)
    stated: DateWindow = attrs.field(validator=_window)
    document: str | None = attrs.field(default=None, validator=_optional_identifier)
    proposition: Proposition | None = attrs.field(default=None, validator=_shallow)
    confidence: Confidence | None = None
    unscorable: str | None = None
    topic: str | None = None
    tags: tuple[str, ...] = attrs.field(default=(), converter=_tuple, validator=_strings)
    notes: str = ""

    def __attrs_post_init__(self) -> None:
        if self.unscorable is not None:
            if not self.unscorable.strip():
                raise ValueError("unscorable must give a reason")
            return
        missing = [n for n in ("proposition", "confidence") if getattr(self, n) is None]
        if missing:
            raise ValueError(
                f"a scorable prediction needs {' and '.join(missing)}; "
                "record it as unscorable with a reason otherwise"
            )


# --- what happened ----------------------------------------------------------


@attrs.frozen(kw_only=True)
class Citation:
    """Evidence for an event: a public report, or a document of the ledger.

    Args:
        outlet: who reported it.
        url: where, if online.
        published: when the report was published.
        title: the report's title.
        document: the id of a ledger :class:`Document`, when the evidence is one.
    """

    outlet: str | None = None
    url: str | None = None
    published: DateWindow | None = attrs.field(default=None, validator=_window)
    title: str | None = None
    document: str | None = attrs.field(default=None, validator=_optional_identifier)

    def __attrs_post_init__(self) -> None:
        if not (self.outlet or self.document):
            raise ValueError("a citation needs an outlet or a document")


@attrs.frozen(kw_only=True)
class Event:
    """Something that happened (or a report that it did not), with its evidence.

    Args:
        id: stable identifier.
        subject: what it is about (propositions refer to it).
        kind: what happened (propositions refer to it).
        date: when; a window when the day is uncertain.
        summary: what happened, in plain words.
        evidence: the public reports behind it.
        starts: the states this event starts ("russian-contingent-in-karabakh").
        ends: the states this event ends.
        value: the value of the quantity ``kind``, for value forecasts.
        occurred: ``False`` for a report that the event did *not* happen by
            ``date``; two reports that disagree make a proposition ambiguous.
    """

    id: str = attrs.field(validator=_identifier)
    subject: str = attrs.field(validator=_identifier)
    kind: str = attrs.field(validator=_identifier)
    date: DateWindow = attrs.field(validator=_window)
    summary: str = ""
    evidence: tuple[Citation, ...] = attrs.field(default=(), converter=_tuple)
    starts: tuple[str, ...] = attrs.field(default=(), converter=_tuple, validator=_strings)
    ends: tuple[str, ...] = attrs.field(default=(), converter=_tuple, validator=_strings)
    value: float | None = attrs.field(default=None, validator=_finite)
    occurred: bool = True


def _subject_days(instance: object, attribute: _Attr, value: Mapping[str, dt.date]) -> None:
    for key, day in value.items():
        _identifier(instance, attribute, key)
        _day(instance, attribute, day)


@attrs.frozen(kw_only=True)
class EventLog:
    """The recorded events, and how far the record is known to be complete.

    Args:
        events: the events, in any order.
        complete_through: the last day through which the log is known to
            record every relevant event (absence of an event then means it
            did not happen); ``None`` if completeness is never claimed.
        subjects: per-subject (or per-state) completeness dates overriding
            ``complete_through``.
    """

    events: tuple[Event, ...] = attrs.field(default=(), converter=_tuple)
    complete_through: dt.date | None = attrs.field(default=None, validator=_day)
    subjects: Mapping[str, dt.date] = attrs.field(factory=dict, validator=_subject_days)

    def __hash__(self) -> int:
        return hash((self.events, self.complete_through, tuple(sorted(self.subjects.items()))))

    def complete_for(self, subject: str) -> dt.date | None:
        """The last day through which the log is complete for ``subject``."""
        return self.subjects.get(subject, self.complete_through)


# --- the ledger -------------------------------------------------------------

Locate = Callable[[str, int], tuple[str, str]]
"""Maps (table, index) to (file, record path); used to place problems."""


def _in_memory(table: str, index: int) -> tuple[str, str]:
    return "", f"$.{table}[{index}]"


def reference_problems(
    ids: Mapping[str, Iterable[tuple[int, str]]],
    prediction_refs: Iterable[tuple[int, str | None, str | None]],
    citation_refs: Iterable[tuple[int, int, str]],
    *,
    locate: Locate = _in_memory,
) -> list[Problem]:
    """Problems of identity and reference between records.

    Works on plain ids, so a loader can check records that failed to
    validate as well as those that passed.

    Args:
        ids: per table ("sources", "documents", "predictions", "events"), the
            (index, id) of each record.
        prediction_refs: (prediction index, source id, document id) per prediction.
        citation_refs: (event index, citation index, document id) per citation
            that names a document.
        locate: how to place a record in its file.

    Returns:
        Duplicate ids within a table and every dangling reference.
    """
    problems: list[Problem] = []
    known: dict[str, set[str]] = {}
    for table, rows in ids.items():
        first: dict[str, int] = {}
        for index, record_id in rows:
            if record_id in first:
                file, path = locate(table, index)
                other_file, other_path = locate(table, first[record_id])
                where = f"{other_file}: {other_path}" if other_file != file else other_path
                problems.append(
                    Problem(
                        file, f"{path}.id", f"duplicate id {shown(record_id)} (also at {where})"
                    )
                )
            first.setdefault(record_id, index)
        known[table] = set(first)
    sources, documents = known.get("sources", set()), known.get("documents", set())
    for index, source, document in prediction_refs:
        file, path = locate("predictions", index)
        if source is not None and source not in sources:
            problems.append(Problem(file, f"{path}.source", f"no source with id {shown(source)}"))
        if document is not None and document not in documents:
            problems.append(
                Problem(file, f"{path}.document", f"no document with id {shown(document)}")
            )
    for index, k, document in citation_refs:
        if document not in documents:
            file, path = locate("events", index)
            problems.append(
                Problem(
                    file, f"{path}.evidence[{k}].document", f"no document with id {shown(document)}"
                )
            )
    return problems


@attrs.frozen(kw_only=True)
class Ledger:
    """Sources, documents, predictions and the event log, every reference checked.

    Raises:
        LedgerError: listing every duplicate id and dangling reference.
    """

    sources: tuple[Source, ...] = attrs.field(default=(), converter=_tuple)
    documents: tuple[Document, ...] = attrs.field(default=(), converter=_tuple)
    predictions: tuple[Prediction, ...] = attrs.field(default=(), converter=_tuple)
    log: EventLog = attrs.field(factory=EventLog)

    def __attrs_post_init__(self) -> None:
        problems = reference_problems(
            {
                "sources": [(i, r.id) for i, r in enumerate(self.sources)],
                "documents": [(i, r.id) for i, r in enumerate(self.documents)],
                "predictions": [(i, r.id) for i, r in enumerate(self.predictions)],
                "events": [(i, r.id) for i, r in enumerate(self.log.events)],
            },
            [(i, p.source, p.document) for i, p in enumerate(self.predictions)],
            [
                (i, k, c.document)
                for i, e in enumerate(self.log.events)
                for k, c in enumerate(e.evidence)
                if c.document is not None
            ],
        )
        problems.extend(
            Problem("", f"$.predictions[{i}]{path}", message)
            for i, prediction in enumerate(self.predictions)
            for path, message in date_problems(prediction)
        )
        if problems:
            raise LedgerError(problems)

    @property
    def events(self) -> tuple[Event, ...]:
        """The events of the log."""
        return self.log.events

    def source(self, source_id: str) -> Source:
        """The source with this id."""
        return self._by_id(self.sources, source_id, "source")

    def document(self, document_id: str) -> Document:
        """The document with this id."""
        return self._by_id(self.documents, document_id, "document")

    def prediction(self, prediction_id: str) -> Prediction:
        """The prediction with this id."""
        return self._by_id(self.predictions, prediction_id, "prediction")

    @staticmethod
    def _by_id(records: tuple[_R, ...], wanted: str, what: str) -> _R:
        for record in records:
            if record.id == wanted:
                return record
        raise KeyError(f"no {what} with id {wanted!r}")


_R = TypeVar("_R", Source, Document, Prediction)
