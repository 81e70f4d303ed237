"""The checks a ledger's records must pass together: references, and dates read in time.

:func:`reference_problems` finds duplicate ids and dangling references;
:func:`date_problems` reads every deadline and date of a prediction against
its statement date, as resolution will, and finds those that cannot be read,
periods that end before they start, and questions that end before they were
asked. Both work on what a loader has, so records that failed to validate are
checked too and every problem is reported in one pass.

:func:`check_records` runs both on records built in Python and gives a
:class:`Checked`: what was found, and the phrase readings made on the way. A
:class:`~forecastcheck.ledger.book.Ledger` given a :class:`Checked` of its
very records (a loader's) does not check them again.
"""

from __future__ import annotations

import datetime as dt
import operator
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence, Set
from typing import NamedTuple

import attrs

from forecastcheck import _collector
from forecastcheck.errors import ForecastcheckError, Problem, shown
from forecastcheck.ledger.chains import chain_problems
from forecastcheck.ledger.dates import DateWindow, Deadline, PointEstimate
from forecastcheck.ledger.propositions import (
    DateOf,
    HoldsAt,
    HoldsThroughout,
    Not,
    Occurs,
    Proposition,
    ValueOf,
    date_fields,
    walk_paths,
)
from forecastcheck.ledger.readings import Readings
from forecastcheck.ledger.records import Document, Event, Prediction, Source

__all__ = [
    "Checked",
    "Locate",
    "anchor_problems",
    "check_records",
    "date_problems",
    "drafts_to_confirm",
    "proposition_date_problems",
    "reference_problems",
]

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
    elif isinstance(proposition, Occurs) and proposition.after is not None:
        return None  # read from its anchor, not from the statement date
    else:
        name = _ENDS.get(type(proposition), "")
    found = read.get(name)
    if isinstance(found, Deadline):
        return name, found.last_day
    if isinstance(found, PointEstimate):
        return name, found.day
    return None


def date_problems(
    prediction: Prediction, readings: Readings | None = None
) -> Iterator[tuple[str, str]]:
    """Deadlines and dates a prediction's proposition cannot be read with.

    Each phrase is read relative to the statement date, as resolution will
    read it, into ``readings`` (a fresh set when none is given); a period
    (``start``..``end``, ``earliest``..``latest``) must not end before it
    starts, and no question may end before the statement date (the first day
    of its window): a call about a period already over is not a forecast.

    Yields:
        (path below the prediction, message), e.g.
        ``(".proposition.deadline", "unrecognised deadline phrase 'soon'; accepted forms: …")``.
    """
    if prediction.proposition is None:
        return
    yield from proposition_date_problems(prediction.proposition, prediction.stated, readings)


def proposition_date_problems(
    proposition: Proposition, stated: DateWindow, readings: Readings | None = None
) -> Iterator[tuple[str, str]]:
    """:func:`date_problems` of a proposition stated at ``stated``, below ``.proposition``.

    A loader uses it for a prediction whose other fields failed to validate,
    so date problems are reported with them in one pass.
    """
    if readings is None:
        readings = Readings()
    for path, read in _part_reads(proposition, stated, readings):
        yield from _part_problems(path, read, stated)


def _part_reads(
    proposition: Proposition, stated: DateWindow, readings: Readings
) -> Iterator[tuple[str, _PartRead]]:
    """(path, what reading its dates found) for each part of the proposition, in walk order."""
    for path, part in walk_paths(proposition, ".proposition"):
        yield path, _read_part(path, part, stated, readings)


def _part_problems(path: str, read: _PartRead, stated: DateWindow) -> Iterator[tuple[str, str]]:
    """The date problems of one part of a proposition stated at ``stated``, in order."""
    yield from read.unreadable
    if read.period is not None:
        yield read.period
    elif read.asked is not None and read.asked[1] < stated.start:
        name, day = read.asked
        yield (
            f"{path}.{name}",
            f"{name} {shown(read.texts[name])} ends ({day}) before the statement date "
            f"({stated}): a call about a time already past is not a forecast",
        )


class _PartRead(NamedTuple):
    """What reading the dates of one part of a proposition found (see :func:`_read_part`)."""

    unreadable: list[tuple[str, str]]
    """(path, message) of each phrase that cannot be read."""
    period: tuple[str, str] | None
    """(path, message) of a period that ends before it starts."""
    asked: tuple[str, dt.date] | None
    """(field, day): the last day asked about, when no period problem stands before it."""
    texts: dict[str, str]
    """The phrase of each date field."""
    fixed: bool
    """Whether every phrase was read to a meaning no statement date changes."""


def _read_part(path: str, part: Proposition, anchor: DateWindow, readings: Readings) -> _PartRead:
    """Read the date phrases of one part against ``anchor``, into ``readings``."""
    read: dict[str, Deadline | PointEstimate] = {}
    deadlines: dict[str, Deadline] = {}
    texts: dict[str, str] = {}
    unreadable: list[tuple[str, str]] = []
    fixed = True
    for name, text, how in date_fields(part):
        texts[name] = text
        try:
            reading = readings.read(text, how, anchor)
        except ForecastcheckError as exc:
            unreadable.append((f"{path}.{name}", str(exc).replace(repr(text), shown(text))))
            continue
        fixed = fixed and reading.anchor is None
        result = reading.result
        if result is not None:
            read[name] = result
        if how == "deadline" and isinstance(result, Deadline):
            deadlines[name] = result
    first_name, last_name = _PERIODS.get(type(part), ("", ""))
    if first_name in deadlines and last_name in deadlines:
        start, end = deadlines[first_name], deadlines[last_name]
        if end.last_day < start.window.start:
            message = (
                f"period {shown(start.phrase)} to {shown(end.phrase)} ends ({end.last_day}) "
                f"before it starts ({start.window.start})"
            )
            return _PartRead(unreadable, (f"{path}.{last_name}", message), None, texts, fixed)
    return _PartRead(unreadable, None, _last_asked(part, read), texts, fixed)


def anchor_problems(prediction: Prediction, events: Set[str]) -> Iterator[tuple[str, str]]:
    """Anchors naming an event the log does not hold: ``(path, "unknown event 'x'")``.

    An anchor naming a subject and a kind is never dangling: its event may
    not have happened yet (see ``docs/dates.md#anchored-deadlines``).
    """
    if prediction.proposition is None:
        return
    for path, part in walk_paths(prediction.proposition, ".proposition"):
        event = part.after.event if isinstance(part, Occurs) and part.after else None
        if event is not None and event not in events:
            yield f"{path}.after.event", f"unknown event {shown(event)}"


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
        if (source is None or source in sources) and (document is None or document in documents):
            continue  # most are: placed only when wrong
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


@attrs.frozen(eq=False)
class Checked:
    """What checking one set of records together found, tied to those very records.

    Args:
        sources: the sources checked.
        documents: the documents checked.
        predictions: the predictions checked.
        events: the events checked.
        problems: every duplicate id, dangling reference and date that cannot
            be read (empty when the records pass).
        readings: every deadline and date phrase of the predictions, read.

    .. versionadded:: 0.2
    """

    sources: tuple[Source, ...]
    documents: tuple[Document, ...]
    predictions: tuple[Prediction, ...]
    events: tuple[Event, ...]
    problems: tuple[Problem, ...]
    readings: Readings

    def covers(
        self,
        sources: Sequence[Source],
        documents: Sequence[Document],
        predictions: Sequence[Prediction],
        events: Sequence[Event],
    ) -> bool:
        """Whether this is the check of exactly these records (the same objects, not equal ones)."""
        return (
            sources is self.sources
            and documents is self.documents
            and predictions is self.predictions
            and events is self.events
        )


def check_records(
    sources: tuple[Source, ...],
    documents: tuple[Document, ...],
    predictions: tuple[Prediction, ...],
    events: tuple[Event, ...],
) -> Checked:
    """Check records built in Python together: references, chains of readings and dates,
    placed as ``$.table[i]``.

    One pass over the records screens each family of checks; a family whose
    screen finds anything is checked again by its exact function
    (:func:`reference_problems`, :func:`~forecastcheck.ledger.chains.chain_problems`,
    :func:`date_problems`, :func:`anchor_problems`), so every problem reads
    and is placed as they give it. A proposition shared by several
    predictions, or a simple one holding the same phrases as another (see
    :class:`DateScreens`), is read once when its phrases mean the same from
    every statement date. Cyclic garbage collection is held off while the check
    runs (it allocates much and frees nothing).

    Returns:
        What was found, and the readings of every phrase that could be read.
    """
    with _collector.paused():
        problems = record_reference_problems(sources, documents, predictions, events)
        if any(p.revises is not None for p in predictions):
            problems.extend(
                chain_problems(
                    (p.id for p in predictions),
                    [(("", f"$.predictions[{i}]"), p) for i, p in enumerate(predictions)],
                )
            )
        readings = Readings()
        problems.extend(_date_check(predictions, {e.id for e in events}, readings))
    return Checked(sources, documents, predictions, events, tuple(problems), readings)


_ID = operator.attrgetter("id")
_SOURCE = operator.attrgetter("source")
_DOCUMENT = operator.attrgetter("document")


def record_reference_problems(
    sources: Sequence[Source],
    documents: Sequence[Document],
    predictions: Sequence[Prediction],
    events: Sequence[Event],
    *,
    locate: Locate = _in_memory,
) -> list[Problem]:
    """:func:`reference_problems` of built records, run only when a quick screen fails.

    The screen passes exactly when no table repeats an id and every source
    and document named is held: then there is nothing to report. A loader
    whose every record was built uses it too (``locate`` placing them in their files).
    Not part of the package's namespace.
    """
    # the sets are made by ``map`` of attribute getters (no Python frame per record)
    source_ids: set[str | None] = set(map(_ID, sources))
    document_ids: set[str | None] = set(map(_ID, documents))
    unique = (
        len(source_ids) == len(sources)
        and len(document_ids) == len(documents)
        and len(set(map(_ID, predictions))) == len(predictions)
        and len(set(map(_ID, events))) == len(events)
    )
    source_ids.add(None)
    document_ids.add(None)
    if (
        unique
        and source_ids.issuperset(map(_SOURCE, predictions))
        and document_ids.issuperset(map(_DOCUMENT, predictions))
        and {c.document for e in events for c in e.evidence} <= document_ids
    ):
        return []
    return reference_problems(
        {
            "sources": [(i, r.id) for i, r in enumerate(sources)],
            "documents": [(i, r.id) for i, r in enumerate(documents)],
            "predictions": [(i, r.id) for i, r in enumerate(predictions)],
            "events": [(i, r.id) for i, r in enumerate(events)],
        },
        [(i, p.source, p.document) for i, p in enumerate(predictions)],
        [
            (i, k, c.document)
            for i, e in enumerate(events)
            for k, c in enumerate(e.evidence)
            if c.document is not None
        ],
        locate=locate,
    )


def _date_screen(
    proposition: Proposition, stated: DateWindow, readings: Readings
) -> tuple[dt.date | None, bool, list[tuple[str, str]]]:
    """(screen, anchored, problems) of a proposition stated at ``stated``.

    ``problems`` are its date problems (as :func:`proposition_date_problems`
    gives them); ``anchored``, whether a part is anchored on an event. The
    screen is the last statement day from which the proposition has no date
    problem whatever its statement date: it is given only when every phrase
    reads the same from every statement date and no part has a problem that
    does not depend on it; ``None`` otherwise (each prediction is then read
    on its own).
    """
    found: list[tuple[str, str]] = []
    day: dt.date | None = dt.date.max
    anchored = False
    for path, part in walk_paths(proposition, ".proposition"):
        read = _read_part(path, part, stated, readings)
        found.extend(_part_problems(path, read, stated))
        anchored = anchored or (isinstance(part, Occurs) and part.after is not None)
        if read.unreadable or read.period or not read.fixed:
            day = None
        elif day is not None and read.asked is not None and read.asked[1] < day:
            day = read.asked[1]
    return day, anchored, found


def _leaf_key(proposition: Proposition) -> tuple[object, ...] | None:
    """What the screen of a proposition depends on, when that is the phrases of one leaf.

    A leaf not anchored on an event (or such a leaf under any number of
    ``not``), whose phrases all read the same from every statement date and
    give no problem of their own, has a screen (see :func:`_date_screen`)
    told by its type and date phrases alone; ``None`` for any other.
    """
    while type(proposition) is Not:
        proposition = proposition.proposition
    match proposition:
        case Occurs(after=None, deadline=deadline):
            return Occurs, deadline
        case HoldsAt(date=date):
            return HoldsAt, date
        case ValueOf(by=by):
            return ValueOf, by
        case HoldsThroughout(start=start, end=end):
            return HoldsThroughout, start, end
        case DateOf(point=point, earliest=earliest, latest=latest):
            return DateOf, point, earliest, latest
        case _:
            return None


_Found = list[tuple[str, str]]
"""(path below a prediction, message) of each of its date problems."""

_UNSEEN = dt.date.min
"""The screen of a proposition not screened yet (a real screen of this day is screened again)."""


class DateScreens:
    """:func:`date_problems` of many predictions, each distinct screen made once.

    The screen of a proposition (:func:`_date_screen`) is made with the first
    prediction that holds it and kept: by the phrases of its leaf when it has
    one (:func:`_leaf_key`: every proposition with the same phrases shares
    it), else by the proposition (the same object). A later prediction its
    screen clears has no date problem and is not read again; any other is
    read on its own with :func:`date_problems`. The problems are those
    :func:`date_problems` gives, in its order, and every phrase read goes
    into ``readings``. Each prediction screened whose proposition has a part
    anchored on an event is kept in :attr:`anchoring` (the only ones
    :func:`anchor_problems` can find anything in).

    Not part of the package's namespace: the loader and :func:`check_records` use it.

    Args:
        readings: where the phrases are read into.
    """

    def __init__(self, readings: Readings) -> None:
        self.readings = readings
        self.anchoring: list[Prediction] = []
        """The predictions screened whose proposition has an anchored part, in order."""
        self.anchoring_at: list[int] = []
        """The index of each of :attr:`anchoring` in the predictions screened."""
        self._leaves: dict[object, dt.date | None] = {}
        self._screens: dict[int, tuple[Proposition, dt.date | None, bool]] = {}

    def screened(self, predictions: Sequence[Prediction]) -> list[tuple[int, _Found]]:
        """(index, problems) of each prediction with a date problem, in order.

        The problems are (path below the prediction, message), as :func:`date_problems`.
        """
        failed: list[tuple[int, _Found]] = []
        readings, leaves, screens = self.readings, self._leaves, self._screens
        for i, prediction in enumerate(predictions):
            proposition = prediction.proposition
            if proposition is None:
                continue
            if type(proposition) is Occurs and proposition.after is None:  # the most common
                key: tuple[object, ...] | None = (Occurs, proposition.deadline)
            else:
                key = _leaf_key(proposition)
            if key is not None:
                day = leaves.get(key, _UNSEEN)
            else:
                screen = screens.get(id(proposition))
                day = _UNSEEN if screen is None else screen[1]
                if screen is not None and screen[2]:
                    self.anchoring.append(prediction)
                    self.anchoring_at.append(i)
            stated = prediction.stated
            if day is _UNSEEN:
                day, anchored, found = _date_screen(proposition, stated, readings)
                if key is not None:
                    leaves[key] = day
                else:
                    # the proposition is kept with its screen: its id names no other object
                    screens[id(proposition)] = proposition, day, anchored
                    if anchored:
                        self.anchoring.append(prediction)
                        self.anchoring_at.append(i)
            elif day is not None and stated.start <= day:
                continue
            else:
                found = list(date_problems(prediction, readings))
            if found:
                failed.append((i, found))
        return failed


def _date_check(
    predictions: tuple[Prediction, ...], event_ids: Set[str], readings: Readings
) -> list[Problem]:
    """The date problems, then the anchor problems, of every prediction (at ``$.predictions[i]``).

    Dates are read through :class:`DateScreens`. Anchor problems depend on
    the proposition alone, so each is found once per proposition.
    """
    screens = DateScreens(readings)
    dated = [
        Problem("", f"$.predictions[{i}]{path}", m)
        for i, found in screens.screened(predictions)
        for path, m in found
    ]
    unknown: list[Problem] = []
    anchors_of: dict[int, list[tuple[str, str]]] = {}
    for i, prediction in zip(screens.anchoring_at, screens.anchoring, strict=True):
        proposition = prediction.proposition
        anchors = anchors_of.get(id(proposition))
        if anchors is None:
            anchors = anchors_of[id(proposition)] = list(anchor_problems(prediction, event_ids))
        unknown.extend(Problem("", f"$.predictions[{i}]{path}", m) for path, m in anchors)
    return dated + unknown


def drafts_to_confirm(predictions: Sequence[Prediction]) -> list[tuple[int, str]]:
    """(index, note) for every draft prediction a person has still to confirm.

    A draft is not an error: ``check`` accepts the ledger and prints each note
    at its record, so the reviewer can work through them.
    """
    return [
        (i, f"note: draft prediction {p.id!r} still to confirm ({p.why or 'no reason given'})")
        for i, p in enumerate(predictions)
        if p.draft
    ]
