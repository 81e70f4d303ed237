"""The ledger: what was predicted, by whom, when, and what happened, as typed records.

Every name is importable from here; each module holds one part:

- :mod:`.dates` — what a date means: :class:`DateWindow`, :class:`Deadline`,
  :class:`PointEstimate`, and the :class:`Reading` of one phrase;
- :mod:`.deadlines` — the deadline grammar (:func:`parse_deadline`,
  :func:`parse_horizon`, :func:`parse_point`, :func:`parse_term`), read
  through its one entry point :func:`read_phrase`;
- :mod:`.propositions` — what makes a prediction true (:class:`Occurs` …
  :class:`If`) and how to walk them;
- :mod:`.records` — sources, documents, predictions, events and the event log;
- :mod:`.readings` — every phrase of a ledger read once (:class:`Readings`);
- :mod:`.checks` — the checks records must pass together (references, dates);
- :mod:`.book` — the :class:`Ledger` that holds them, checked;
- :mod:`.convert` — the strict converter between records and plain data;
- :mod:`.folders` — finding a ledger's files and reading their text (the
  private :mod:`._raw` parses it into raw records);
- :mod:`.files` — :func:`load`, :func:`save` and :func:`dumps`;
- :mod:`.writing` — :func:`write_text_atomic`.
"""

from __future__ import annotations

from forecastcheck.ledger._raw import MAX_FILE_NESTING
from forecastcheck.ledger.book import Ledger
from forecastcheck.ledger.checks import (
    Checked,
    Locate,
    check_records,
    date_problems,
    drafts_to_confirm,
    proposition_date_problems,
    reference_problems,
)
from forecastcheck.ledger.convert import PROPOSITION_TYPES, TABLES, converter
from forecastcheck.ledger.dates import (
    DateWindow,
    Deadline,
    How,
    PointEstimate,
    Precision,
    Reading,
    as_window,
)
from forecastcheck.ledger.deadlines import (
    MAX_TERM_NESTING,
    DeadlineError,
    is_open_ended,
    parse_deadline,
    parse_horizon,
    parse_point,
    parse_term,
    read_phrase,
)
from forecastcheck.ledger.files import RecordPlace, dumps, load, record_places, save
from forecastcheck.ledger.folders import FORMATS, ledger_files
from forecastcheck.ledger.propositions import (
    MAX_PROPOSITION_DEPTH,
    TOO_DEEP,
    AllOf,
    AnyOf,
    DateOf,
    HoldsAt,
    HoldsThroughout,
    If,
    Not,
    Occurs,
    Proposition,
    ValueOf,
    proposition_depth,
    walk,
    walk_paths,
)
from forecastcheck.ledger.readings import Readings
from forecastcheck.ledger.records import (
    Citation,
    Confidence,
    Document,
    Event,
    EventLog,
    Polarity,
    Prediction,
    Source,
)
from forecastcheck.ledger.writing import write_text_atomic

__all__ = [
    "FORMATS",
    "MAX_FILE_NESTING",
    "MAX_PROPOSITION_DEPTH",
    "MAX_TERM_NESTING",
    "PROPOSITION_TYPES",
    "TABLES",
    "TOO_DEEP",
    "AllOf",
    "AnyOf",
    "Checked",
    "Citation",
    "Confidence",
    "DateOf",
    "DateWindow",
    "Deadline",
    "DeadlineError",
    "Document",
    "Event",
    "EventLog",
    "HoldsAt",
    "HoldsThroughout",
    "How",
    "If",
    "Ledger",
    "Locate",
    "Not",
    "Occurs",
    "PointEstimate",
    "Polarity",
    "Precision",
    "Prediction",
    "Proposition",
    "Reading",
    "Readings",
    "RecordPlace",
    "Source",
    "ValueOf",
    "as_window",
    "check_records",
    "converter",
    "date_problems",
    "drafts_to_confirm",
    "dumps",
    "is_open_ended",
    "ledger_files",
    "load",
    "parse_deadline",
    "parse_horizon",
    "parse_point",
    "parse_term",
    "proposition_date_problems",
    "proposition_depth",
    "read_phrase",
    "record_places",
    "reference_problems",
    "save",
    "walk",
    "walk_paths",
    "write_text_atomic",
]
