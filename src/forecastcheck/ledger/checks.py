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
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence, Set

import attrs

from forecastcheck.errors import ForecastcheckError, Problem, shown
from forecastcheck.ledger.chains import chain_problems
from forecastcheck.ledger.dates import DateWindow, Deadline, PointEstimate
from forecastcheck.ledger.propositions import (
    DateOf,
    HoldsAt,
    HoldsThroughout,
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
    anchor = stated
    if readings is None:
        readings = Readings()
    for path, part in walk_paths(proposition, ".proposition"):
        read: dict[str, Deadline | PointEstimate] = {}
        deadlines: dict[str, Deadline] = {}
        texts: dict[str, str] = {}
        for name, text, how in date_fields(part):
            texts[name] = text
            try:
                result = readings.read(text, how, anchor).result
            except ForecastcheckError as exc:
                yield f"{path}.{name}", str(exc).replace(repr(text), shown(text))
                continue
            if result is not None:
                read[name] = result
            if how == "deadline" and isinstance(result, Deadline):
                deadlines[name] = result
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

    Returns:
        What was found, and the readings of every phrase that could be read.
    """
    problems = reference_problems(
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
    )
    problems.extend(
        chain_problems(
            (p.id for p in predictions),
            [(("", f"$.predictions[{i}]"), p) for i, p in enumerate(predictions)],
        )
    )
    readings = Readings()
    problems.extend(
        Problem("", f"$.predictions[{i}]{path}", message)
        for i, prediction in enumerate(predictions)
        for path, message in date_problems(prediction, readings)
    )
    event_ids = {e.id for e in events}
    problems.extend(
        Problem("", f"$.predictions[{i}]{path}", message)
        for i, prediction in enumerate(predictions)
        for path, message in anchor_problems(prediction, event_ids)
    )
    return Checked(sources, documents, predictions, events, tuple(problems), readings)


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
