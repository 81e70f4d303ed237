"""Hypothesis strategies for every public model type, for users' own tests.

Each strategy builds valid objects only: a generated :class:`Ledger` has
unique ids and no dangling reference, and every date or deadline it writes
is one :mod:`forecastcheck.ledger.deadlines` reads back. The strategies are registered
for :func:`hypothesis.strategies.from_type` through Hypothesis' entry point,
so ``st.from_type(forecastcheck.Ledger)`` works once forecastcheck is installed.

Example::

    from hypothesis import given
    from forecastcheck import strategies as fst

    @given(fst.ledgers())
    def test_my_report_never_crashes(ledger): ...

.. versionadded:: 0.1
"""

from __future__ import annotations

import datetime as dt
import string

import attrs
from hypothesis import strategies as st

# Same shape as in __init__.py, resolution/resolver.py: an import list; each module imports the
# names it uses (intentional).
from forecastcheck.ledger import (
    SOURCE_KINDS,
    AllOf,
    AnyOf,
    Citation,
    Confidence,
    DateOf,
    DateWindow,
    Document,
    Event,
    EventLog,
    HoldsAt,
    HoldsThroughout,
    If,
    Ledger,
    Not,
    Occurs,
    Prediction,
    Proposition,
    Source,
    ValueOf,
    date_problems,
)

__all__ = [
    "citations",
    "confidences",
    "date_windows",
    "days",
    "documents",
    "event_logs",
    "events",
    "identifiers",
    "ledgers",
    "predictions",
    "propositions",
    "sources",
]

_FIRST = string.ascii_letters + string.digits
_REST = _FIRST + "._:/-"
_MIN_DAY = dt.date(1990, 1, 1)
_MAX_DAY = dt.date(2060, 12, 31)


def identifiers() -> st.SearchStrategy[str]:
    """Identifiers as the model accepts them (letters, digits and ``. _ : / -``)."""
    return st.builds(
        lambda a, b: a + b,
        st.sampled_from(_FIRST),
        st.text(alphabet=_REST, max_size=12),
    )


def _texts(min_size: int = 0) -> st.SearchStrategy[str]:
    text = st.text(
        alphabet=st.characters(exclude_categories=["Cs"], exclude_characters="\r"),
        min_size=min_size,
        max_size=40,
    )
    return text.filter(lambda t: bool(t.strip())) if min_size else text


def days(
    min_value: dt.date = _MIN_DAY, max_value: dt.date = _MAX_DAY
) -> st.SearchStrategy[dt.date]:
    """Days in a range the project's tests use (1990–2060 by default)."""
    return st.dates(min_value=min_value, max_value=max_value)


@st.composite
def date_windows(draw: st.DrawFn) -> DateWindow:
    """Windows of every precision: days, months, quarters, halves, years and ranges."""
    kind = draw(st.sampled_from(["day", "month", "quarter", "half", "year", "range"]))
    year = draw(st.integers(_MIN_DAY.year, _MAX_DAY.year))
    if kind == "day":
        return DateWindow.day(draw(days()))
    if kind == "month":
        return DateWindow.month(year, draw(st.integers(1, 12)))
    if kind == "quarter":
        return DateWindow.parse(f"{year}-Q{draw(st.integers(1, 4))}")
    if kind == "half":
        return DateWindow.parse(f"{year}-H{draw(st.integers(1, 2))}")
    if kind == "year":
        return DateWindow.year(year)
    start = draw(days())
    return DateWindow(start, start + dt.timedelta(days=draw(st.integers(1, 800))))


def sources() -> st.SearchStrategy[Source]:
    """Sources of every kind, with any names and affiliations."""
    return st.builds(
        Source,
        id=identifiers(),
        name=_texts(1),
        kind=st.sampled_from(SOURCE_KINDS),
        role=_texts(),
        affiliation=_texts(),
        notes=_texts(),
    )


def documents() -> st.SearchStrategy[Document]:
    """Documents, dated, undated or dated by a window."""
    return st.builds(
        Document,
        id=identifiers(),
        outlet=_texts(1),
        title=_texts(1),
        url=st.none() | st.just("https://example.org/a"),
        author=st.none() | _texts(1),
        published=st.none() | date_windows(),
        notes=_texts(),
    )


def _deadlines() -> st.SearchStrategy[str | None]:
    return st.none() | date_windows().map(str)


def _ordered(pair: tuple[DateWindow, DateWindow]) -> tuple[str, str]:
    first, second = sorted(pair, key=lambda w: w.start)
    return str(first), str(second)


def _periods() -> st.SearchStrategy[tuple[str, str]]:
    """Two dates as text, the first starting no later than the second (a valid period)."""
    return st.tuples(date_windows(), date_windows()).map(_ordered)


def _with_level(estimate: DateOf | ValueOf) -> st.SearchStrategy[DateOf | ValueOf]:
    """The estimate, given a stated level when it states an interval (a level needs one)."""
    ends = (
        (estimate.earliest, estimate.latest)
        if isinstance(estimate, DateOf)
        else (
            estimate.lower,
            estimate.upper,
        )
    )
    if ends == (None, None):
        return st.just(estimate)
    levels = st.none() | st.floats(0.01, 0.99)
    return levels.map(lambda level: attrs.evolve(estimate, level=level))


def _estimates() -> st.SearchStrategy[DateOf | ValueOf]:
    """Date and value forecasts, with or without an interval and its level."""
    date_text = date_windows().map(str)
    finite = st.floats(-1e6, 1e6, allow_nan=False)
    dates = _periods().flatmap(
        lambda period: st.builds(
            DateOf,
            subject=identifiers(),
            kind=identifiers(),
            point=date_text,
            earliest=st.none() | st.just(period[0]),
            latest=st.none() | st.just(period[1]),
            text=_texts(),
        )
    )
    values = (
        st.tuples(finite, finite, finite)
        .map(sorted)
        .flatmap(
            lambda v: st.builds(
                ValueOf,
                subject=identifiers(),
                quantity=identifiers(),
                point=st.just(v[1]),
                lower=st.none() | st.just(v[0]),
                upper=st.none() | st.just(v[2]),
                by=_deadlines(),
                text=_texts(),
            )
        )
    )
    return (dates | values).flatmap(_with_level)


def _leaf_propositions() -> st.SearchStrategy[Proposition]:
    date_text = date_windows().map(str)
    return st.one_of(
        st.builds(
            Occurs, subject=identifiers(), kind=identifiers(), deadline=_deadlines(), text=_texts()
        ),
        st.builds(HoldsAt, state=identifiers(), date=date_text, text=_texts()),
        _periods().flatmap(
            lambda period: st.builds(
                HoldsThroughout,
                state=identifiers(),
                start=st.just(period[0]),
                end=st.just(period[1]),
                text=_texts(),
            )
        ),
        _estimates(),
    )


def propositions(max_leaves: int = 6) -> st.SearchStrategy[Proposition]:
    """Propositions of every type, nested through not / all / any / if."""

    def extend(children: st.SearchStrategy[Proposition]) -> st.SearchStrategy[Proposition]:
        many = st.lists(children, min_size=1, max_size=3)
        return st.one_of(
            st.builds(Not, proposition=children, text=_texts()),
            st.builds(AllOf, propositions=many, text=_texts()),
            st.builds(AnyOf, propositions=many, text=_texts()),
            st.builds(If, condition=children, then=children, text=_texts()),
        )

    return st.recursive(_leaf_propositions(), extend, max_leaves=max_leaves)


def confidences() -> st.SearchStrategy[Confidence]:
    """Stated confidences: a number, a phrase, or both, either polarity."""
    probability = st.floats(0.0, 1.0)
    phrase = _texts(1)
    polarity = st.sampled_from(["for", "against"])
    return st.one_of(
        st.builds(Confidence, probability=probability, polarity=polarity),
        st.builds(Confidence, phrase=phrase, polarity=polarity),
        st.builds(Confidence, probability=probability, phrase=phrase, polarity=polarity),
    )


def predictions(
    source_ids: st.SearchStrategy[str] | None = None,
    document_ids: st.SearchStrategy[str | None] | None = None,
) -> st.SearchStrategy[Prediction]:
    """Predictions: scorable calls, point forecasts (a date or value with no
    confidence), or recorded as unscorable with a reason.

    Args:
        source_ids: where their source ids come from (any identifier by default).
        document_ids: where their document ids come from (none by default).
    """
    common = {
        "id": identifiers(),
        "source": source_ids if source_ids is not None else identifiers(),
        "document": document_ids if document_ids is not None else st.none(),
        "quote": _texts(1),
        "stated": date_windows(),
        "topic": st.none() | identifiers(),
        "tags": st.lists(identifiers(), max_size=3).map(tuple),
        "notes": _texts(),
        "paraphrase": st.booleans(),
    }
    scorable = st.builds(Prediction, proposition=propositions(), confidence=confidences(), **common)
    points = st.builds(Prediction, proposition=_estimates(), confidence=st.none(), **common)
    unscorable = st.builds(
        Prediction,
        proposition=st.none() | propositions(),
        confidence=st.none() | confidences(),
        unscorable=_texts(1),
        **common,
    )
    return (scorable | points | unscorable).map(_stated_in_time)


def _stated_in_time(prediction: Prediction) -> Prediction:
    """The prediction, or, if a question of it ends before it was stated, restated earlier.

    A ledger refuses a question that ends before its statement date; the
    restatement is the day before every date these strategies generate.
    """
    if next(date_problems(prediction), None) is None:
        return prediction
    return attrs.evolve(prediction, stated=DateWindow.day(_MIN_DAY - dt.timedelta(days=1)))


def citations(document_ids: st.SearchStrategy[str] | None = None) -> st.SearchStrategy[Citation]:
    """Citations of public reports or of ledger documents."""
    by_outlet = st.builds(
        Citation,
        outlet=_texts(1),
        url=st.none() | st.just("https://example.org/report"),
        published=st.none() | date_windows(),
        title=st.none() | _texts(1),
    )
    if document_ids is None:
        return by_outlet
    return by_outlet | st.builds(Citation, document=document_ids)


def events(document_ids: st.SearchStrategy[str] | None = None) -> st.SearchStrategy[Event]:
    """Events with evidence, states they start or end, optional values and judgements."""
    judgement: st.SearchStrategy[dict[str, str]] = st.just({}) | st.fixed_dictionaries(
        {"judged_by": _texts(1), "reason": _texts(1)}
    )
    return judgement.flatmap(lambda judged: _events(document_ids, judged))


def _events(
    document_ids: st.SearchStrategy[str] | None, judged: dict[str, str]
) -> st.SearchStrategy[Event]:
    return st.builds(
        Event,
        **{k: st.just(v) for k, v in judged.items()},
        id=identifiers(),
        subject=identifiers(),
        kind=identifiers(),
        date=date_windows(),
        summary=_texts(),
        evidence=st.lists(citations(document_ids), max_size=2).map(tuple),
        starts=st.lists(identifiers(), max_size=2).map(tuple),
        ends=st.lists(identifiers(), max_size=2).map(tuple),
        value=st.none() | st.floats(-1e9, 1e9, allow_nan=False),
        occurred=st.booleans(),
    )


def event_logs(document_ids: st.SearchStrategy[str] | None = None) -> st.SearchStrategy[EventLog]:
    """Event logs with unique event ids and optional completeness dates."""
    return st.builds(
        EventLog,
        events=st.lists(events(document_ids), max_size=5, unique_by=lambda e: e.id).map(tuple),
        complete_through=st.none() | days(),
        subjects=st.dictionaries(identifiers(), days(), max_size=3),
    )


def _later_stated(earlier: DateWindow) -> st.SearchStrategy[DateWindow]:
    """A statement window no earlier than ``earlier``'s start: the same, or a later day or span."""
    room = max(0, min(800, (_MAX_DAY - earlier.start).days))

    def window(offset: int, span: int) -> DateWindow:
        start = earlier.start + dt.timedelta(days=offset)
        return DateWindow(start, max(start, min(start + dt.timedelta(days=span), _MAX_DAY)))

    return st.just(earlier) | st.builds(window, st.integers(0, room), st.integers(0, 90))


@st.composite
def _reading(draw: st.DrawFn, earlier: Prediction, taken: set[str]) -> Prediction:
    """A later reading of ``earlier`` that ``revises`` it: the same source and proposition (its
    wording aside), stated no earlier, with a new quote and (if it has one) a new confidence."""
    proposition = earlier.proposition
    if proposition is not None:
        proposition = attrs.evolve(proposition, text=draw(_texts()))
    reading = attrs.evolve(
        earlier,
        id=draw(identifiers().filter(lambda i: i not in taken)),
        revises=earlier.id,
        quote=draw(_texts(1)),
        stated=draw(_later_stated(earlier.stated)),
        proposition=proposition,
        confidence=None if earlier.confidence is None else draw(confidences()),
    )
    if next(date_problems(reading), None) is not None:  # a question over before the new day
        reading = attrs.evolve(reading, stated=earlier.stated)
    return reading


@st.composite
def _restated(draw: st.DrawFn, predictions: list[Prediction], most: int) -> list[Prediction]:
    """The predictions with later readings of some of them (valid ``revises`` chains), shuffled.

    Each reading revises its chain's last one, so a chain is a line (no fork,
    no cycle), as the prediction-file docs describe restated forecasts.
    """
    if not predictions:
        return predictions
    out = list(predictions)
    taken = {p.id for p in predictions}
    last: dict[str, Prediction] = {}  # each chain's last reading, by its first's id
    for _ in range(draw(st.integers(0, most))):
        first = draw(st.sampled_from(predictions))
        reading = draw(_reading(last.get(first.id, first), taken))
        taken.add(reading.id)
        last[first.id] = reading
        out.append(reading)
    return list(draw(st.permutations(out)))


@st.composite
def ledgers(draw: st.DrawFn, max_records: int = 6) -> Ledger:
    """Whole ledgers: unique ids, every reference resolvable, some forecasts restated
    (chains of readings linked by ``revises``)."""
    srcs = draw(st.lists(sources(), min_size=1, max_size=max_records, unique_by=lambda s: s.id))
    docs = draw(st.lists(documents(), max_size=max_records, unique_by=lambda d: d.id))
    source_ids = st.sampled_from([s.id for s in srcs])
    document_ids = st.sampled_from([d.id for d in docs]) if docs else None
    maybe_document = st.none() | document_ids if document_ids is not None else st.none()
    preds = draw(
        st.lists(
            predictions(source_ids, maybe_document),
            max_size=max_records,
            unique_by=lambda p: p.id,
        )
    )
    preds = draw(_restated(preds, max_records // 2))
    log = draw(event_logs(document_ids))
    return Ledger(sources=srcs, documents=docs, predictions=preds, log=log)


def _hypothesis_setup_hook() -> None:
    """Register the strategies for ``st.from_type`` (Hypothesis' entry point)."""
    st.register_type_strategy(DateWindow, date_windows())
    st.register_type_strategy(Source, sources())
    st.register_type_strategy(Document, documents())
    st.register_type_strategy(Confidence, confidences())
    st.register_type_strategy(Prediction, predictions())
    st.register_type_strategy(Citation, citations())
    st.register_type_strategy(Event, events())
    st.register_type_strategy(EventLog, event_logs())
    st.register_type_strategy(Ledger, ledgers())
    for cls in (Occurs, HoldsAt, HoldsThroughout, DateOf, ValueOf, Not, AllOf, AnyOf, If):
        st.register_type_strategy(cls, _propositions_of(cls))


def _propositions_of(cls: type) -> st.SearchStrategy[Proposition]:
    def is_instance(p: Proposition) -> bool:
        return isinstance(p, cls)

    return propositions().filter(is_instance)
