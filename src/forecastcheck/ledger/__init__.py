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
- :mod:`.chains` — restated forecasts: predictions linked by ``revises`` into chains;
- :mod:`.book` — the :class:`Ledger` that holds them, checked;
- :mod:`.convert` — the strict converter between records and plain data;
- :mod:`.folders` — finding a ledger's files (:func:`is_ledger_file` says
  whether a file is one) and reading their text (the
  private :mod:`._raw` parses it into raw records);
- :mod:`.files` — :func:`load`, :func:`save` and :func:`dumps`;
- :mod:`.writing` — :func:`write_text_atomic`.
"""

from __future__ import annotations

from forecastcheck.ledger._raw import MAX_FILE_NESTING
from forecastcheck.ledger.book import Ledger
from forecastcheck.ledger.chains import (
    DEFAULT_RESTATED,
    RESTATED_POLICIES,
    Restated,
    chain_problems,
    chains_of,
    parse_restated,
    same_question,
)
from forecastcheck.ledger.checks import (
    Checked,
    Locate,
    anchor_problems,
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
    ACCEPTED_FORMS,
    MAX_TERM_NESTING,
    DeadlineError,
    is_open_ended,
    parse_deadline,
    parse_horizon,
    parse_point,
    parse_term,
    read_phrase,
    unrecognised,
)
from forecastcheck.ledger.files import RecordPlace, dumps, load, record_places, save
from forecastcheck.ledger.folders import (
    FORMATS,
    LEDGER_KEYS,
    NEAR_MISS,
    is_ledger_file,
    ledger_files,
)

# Same shape as in ledger/convert.py: an import list; each module imports the names it uses
# (intentional).
from forecastcheck.ledger.propositions import (
    MAX_PROPOSITION_DEPTH,
    TOO_DEEP,
    AllOf,
    Anchor,
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
from forecastcheck.ledger.readings import Pick, Readings
from forecastcheck.ledger.records import (
    DEFAULT_KIND,
    SOURCE_KINDS,
    Citation,
    Confidence,
    Document,
    Event,
    EventLog,
    Polarity,
    Prediction,
    Source,
    SourceKind,
)
from forecastcheck.ledger.writing import write_text_atomic

# Same shape as in __init__.py: a package re-exports its modules' names, listed in both __all__
# lists (intentional).
__all__ = [
    "ACCEPTED_FORMS",
    "DEFAULT_KIND",
    "DEFAULT_RESTATED",
    "FORMATS",
    "LEDGER_KEYS",
    "MAX_FILE_NESTING",
    "MAX_PROPOSITION_DEPTH",
    "MAX_TERM_NESTING",
    "NEAR_MISS",
    "PROPOSITION_TYPES",
    "RESTATED_POLICIES",
    "SOURCE_KINDS",
    "TABLES",
    "TOO_DEEP",
    "AllOf",
    "Anchor",
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
    "Pick",
    "PointEstimate",
    "Polarity",
    "Precision",
    "Prediction",
    "Proposition",
    "Reading",
    "Readings",
    "RecordPlace",
    "Restated",
    "Source",
    "SourceKind",
    "ValueOf",
    "anchor_problems",
    "as_window",
    "chain_problems",
    "chains_of",
    "check_records",
    "converter",
    "date_problems",
    "drafts_to_confirm",
    "dumps",
    "is_ledger_file",
    "is_open_ended",
    "ledger_files",
    "load",
    "parse_deadline",
    "parse_horizon",
    "parse_point",
    "parse_restated",
    "parse_term",
    "proposition_date_problems",
    "proposition_depth",
    "read_phrase",
    "record_places",
    "reference_problems",
    "same_question",
    "save",
    "unrecognised",
    "walk",
    "walk_paths",
    "write_text_atomic",
]
