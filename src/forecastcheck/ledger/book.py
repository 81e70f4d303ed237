"""The ledger itself: sources, documents, predictions and the event log, checked together."""

from __future__ import annotations

import typing
from collections.abc import Mapping
from typing import TypeVar

import attrs

from forecastcheck.errors import LedgerError
from forecastcheck.ledger import _fields
from forecastcheck.ledger.checks import Checked, check_records
from forecastcheck.ledger.readings import Readings
from forecastcheck.ledger.records import Document, Event, EventLog, Prediction, Source

__all__ = ["Ledger"]


@attrs.frozen(kw_only=True)
class Ledger:
    """Sources, documents, predictions and the event log, every reference checked.

    Building a ledger checks its records together and reads every deadline
    and date phrase of its predictions once, against their statement dates;
    the readings are kept as :attr:`readings` for resolution and evaluation.

    Raises:
        LedgerError: listing every duplicate id, dangling reference and date
            that cannot be read.
    """

    sources: tuple[Source, ...] = attrs.field(default=(), converter=_fields.as_tuple)
    documents: tuple[Document, ...] = attrs.field(default=(), converter=_fields.as_tuple)
    predictions: tuple[Prediction, ...] = attrs.field(default=(), converter=_fields.as_tuple)
    log: EventLog = attrs.field(factory=EventLog)
    checked: Checked | None = attrs.field(default=None, eq=False, repr=False)
    """What checking these records found: given by a loader that checked them
    itself; made on construction otherwise (a :class:`Checked` of other
    records is not trusted, only one of these very objects)."""
    readings: Readings = attrs.field(init=False, eq=False, repr=False)
    """Every deadline and date phrase of the predictions, read once (see :class:`Readings`)."""
    _indexes: dict[str, Mapping[str, Source | Document | Prediction]] = attrs.field(
        init=False, factory=dict, eq=False, repr=False, hash=False
    )
    """The records of each table by id, each made on the first look-up in it and kept."""

    def __attrs_post_init__(self) -> None:
        checked = self.checked
        records = (self.sources, self.documents, self.predictions, self.log.events)
        if checked is None or not checked.covers(*records):
            checked = check_records(*records)
        if checked.problems:
            raise LedgerError(checked.problems)
        object.__setattr__(self, "checked", checked)
        object.__setattr__(self, "readings", checked.readings)

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
        """The prediction with this id.

        The first look-up in a table indexes it by id (once, kept with the
        ledger); every later one is a dictionary look-up.
        """
        return self._by_id(self.predictions, prediction_id, "prediction")

    def _by_id(self, records: tuple[_R, ...], wanted: str, what: str) -> _R:
        index = self._indexes.get(what)
        if index is None:
            # ids are unique in a checked ledger: the index holds every record
            index = self._indexes[what] = {record.id: record for record in records}
        found = index.get(wanted)
        if found is None:
            raise KeyError(f"no {what} with id {wanted!r}")
        return typing.cast(_R, found)


_R = TypeVar("_R", Source, Document, Prediction)
