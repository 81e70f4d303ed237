"""The records of a ledger: who said what, where, how sure, and what happened.

Every class is an immutable attrs class validated on construction; changed
copies are made with :func:`attrs.evolve`. Cross-references (a prediction's
source, a citation's document) are checked by
:class:`~forecastcheck.ledger.book.Ledger`.
"""

from __future__ import annotations

import datetime as dt
import typing
from collections.abc import Mapping
from typing import Literal

import attrs

from forecastcheck.errors import FieldError
from forecastcheck.ledger import _fields
from forecastcheck.ledger.dates import DateWindow
from forecastcheck.ledger.propositions import (
    DateOf,
    Proposition,
    ValueOf,
    shallow,
)

__all__ = [
    "DEFAULT_KIND",
    "SOURCE_KINDS",
    "Citation",
    "Confidence",
    "Document",
    "Event",
    "EventLog",
    "Polarity",
    "Prediction",
    "Source",
    "SourceKind",
]

Polarity = Literal["for", "against"]

SourceKind = Literal["person", "institution", "community", "market", "model"]
"""What a source is: one person, an institution speaking as one (a ministry, a
bank, a research centre's official forecast), a community forecast (an
aggregate of many forecasters, such as Metaculus' community prediction), a
prediction market's price, or a statistical or machine-learning model."""

SOURCE_KINDS: tuple[str, ...] = typing.get_args(SourceKind)
"""The accepted :data:`SourceKind` values, in the order the docs list them."""

DEFAULT_KIND: SourceKind = "person"
"""The kind of a source whose kind is not given."""


# --- who said it, and where -------------------------------------------------


@attrs.frozen(kw_only=True)
class Source:
    """A person, institution, crowd, market or model whose forecasts are tracked.

    Args:
        id: stable identifier used by predictions.
        name: the name as it should be shown.
        kind: what the source is (:data:`SourceKind`): ``"person"`` (the
            default), ``"institution"``, ``"community"``, ``"market"`` or
            ``"model"``. Community, market and model sources are listed and
            ranked apart from people and institutions, and community and
            market sources are the yardstick people are compared with.
        role: what they are (e.g. "senior researcher", "model").
        affiliation: where they work or publish, if anyone.
        notes: anything else worth keeping.
    """

    id: str = attrs.field(validator=_fields.identifier)
    name: str = attrs.field(validator=_fields.text)
    kind: SourceKind = attrs.field(
        default=DEFAULT_KIND, validator=attrs.validators.in_(SOURCE_KINDS)
    )
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

    # Same shape as propositions.ValueOf's fields: validated attrs fields (intentional).
    id: str = attrs.field(validator=_fields.identifier)
    outlet: str = attrs.field(validator=_fields.text)
    title: str = attrs.field(validator=_fields.text)
    url: str | None = None
    author: str | None = None
    published: DateWindow | None = attrs.field(default=None, validator=_fields.window)
    notes: str = ""


# --- predictions ------------------------------------------------------------


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

    probability: float | None = attrs.field(default=None, validator=_fields.probability)
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
        confidence: how sure the source said it was; ``None`` for a point
            forecast (a ``date_of`` or ``value_of`` proposition stated with no
            confidence), which is scored by its error instead.
        unscorable: why the statement is recorded but not scored (too vague,
            no horizon, not a forecast); ``None`` for a scorable statement.
        topic: a topic for grouping.
        tags: free labels.
        notes: anything else (how the proposition was read from the quote);
            a call with notes is *notes-flagged* in reports.
        paraphrase: ``True`` when ``quote`` is not the source's words verbatim
            (a summary, a translation, a reported statement).
        notes: anything else (how the proposition was read from the quote).
        revises: the id of the earlier reading this one restates (same source,
            same proposition): the readings linked so form one forecast over
            time, a *chain* (see ``docs/prediction-files.md``); ``None`` for a
            first reading or a call on its own.
        draft: ``True`` for a statement proposed by ``forecastcheck extract``
            and not yet confirmed by a person; a draft may lack a proposition
            and a confidence, ``check`` lists it and ``report`` skips it.
        why: for a draft, which cues made the extractor propose it.
    """

    id: str = attrs.field(validator=_fields.identifier)
    source: str = attrs.field(validator=_fields.identifier)
    quote: str = attrs.field(validator=_fields.text)
    stated: DateWindow = attrs.field(validator=_fields.window)
    document: str | None = attrs.field(default=None, validator=_fields.optional_identifier)
    proposition: Proposition | None = attrs.field(default=None, validator=shallow)
    confidence: Confidence | None = None
    unscorable: str | None = None
    topic: str | None = None
    tags: tuple[str, ...] = attrs.field(
        default=(), converter=_fields.as_tuple, validator=_fields.strings
    )
    notes: str = ""
    paraphrase: bool = False
    revises: str | None = attrs.field(default=None, validator=_fields.optional_identifier)
    draft: bool = False
    why: str = ""

    def __attrs_post_init__(self) -> None:
        if self.unscorable is not None and not self.unscorable.strip():
            raise ValueError("unscorable must give a reason")
        if self.draft or self.unscorable is not None:
            return
        if self.confidence is None and isinstance(self.proposition, DateOf | ValueOf):
            return  # a point forecast, scored by its error
        if self.proposition is None or self.confidence is None:
            missing = [n for n in ("proposition", "confidence") if getattr(self, n) is None]
            raise ValueError(
                f"a scorable prediction needs {' and '.join(missing)} (only a date_of or "
                "value_of forecast may go without confidence: it is scored by its error); "
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
    published: DateWindow | None = attrs.field(default=None, validator=_fields.window)
    title: str | None = None
    document: str | None = attrs.field(default=None, validator=_fields.optional_identifier)

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
        judged_by: who judged that the event happened (or did not), when it
            is a judgement rather than a report of fact ("the recorder",
            "the editors"); a verdict resting on it says so.
        reason: why it was judged so; required with ``judged_by``, and only
            allowed with it.
    """

    id: str = attrs.field(validator=_fields.identifier)
    subject: str = attrs.field(validator=_fields.identifier)
    kind: str = attrs.field(validator=_fields.identifier)
    date: DateWindow = attrs.field(validator=_fields.window)
    summary: str = ""
    evidence: tuple[Citation, ...] = attrs.field(default=(), converter=_fields.as_tuple)
    starts: tuple[str, ...] = attrs.field(
        default=(), converter=_fields.as_tuple, validator=_fields.strings
    )
    ends: tuple[str, ...] = attrs.field(
        default=(), converter=_fields.as_tuple, validator=_fields.strings
    )
    value: float | None = attrs.field(default=None, validator=_fields.finite)
    occurred: bool = True
    judged_by: str | None = attrs.field(default=None, validator=_fields.optional_text)
    reason: str | None = attrs.field(default=None, validator=_fields.optional_text)

    def __attrs_post_init__(self) -> None:
        if self.judged_by is not None and self.reason is None:
            raise FieldError("reason", "a judged event needs a reason: why it was judged so")
        if self.reason is not None and self.judged_by is None:
            raise FieldError("judged_by", "a reason is given: name who judged the event")


def _subject_days(instance: object, attribute: _fields.Attr, value: Mapping[str, dt.date]) -> None:
    for key, day in value.items():
        _fields.identifier(instance, attribute, key)
        _fields.day(instance, attribute, day)


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

    events: tuple[Event, ...] = attrs.field(default=(), converter=_fields.as_tuple)
    complete_through: dt.date | None = attrs.field(default=None, validator=_fields.day)
    subjects: Mapping[str, dt.date] = attrs.field(factory=dict, validator=_subject_days)

    def __hash__(self) -> int:
        return hash((self.events, self.complete_through, tuple(sorted(self.subjects.items()))))

    def complete_for(self, subject: str) -> dt.date | None:
        """The last day through which the log is complete for ``subject``."""
        return self.subjects.get(subject, self.complete_through)
