"""A tidy binary table back into a ledger: sources, predictions, and outcomes as recorded events.

:func:`ledger_from_table` is the way back from
:func:`~forecastcheck.tables.ledger_table`: it reads a table of any kind
(pandas, polars, pyarrow) or a CSV or Parquet file, one row per call, and
builds a :class:`~forecastcheck.Ledger` whose evaluation gives the same rows:

==============  ================================================================
column          becomes
==============  ================================================================
``model``       the call's source (one :class:`~forecastcheck.ledger.Source` per
                model, named by it, of kind ``kind``)
``predicted``   the stated probability (polarity ``for``); None: no forecast
``observed``    1 or 0: the question's outcome, recorded as an event
``prediction``  the call's id (optional: ``row-R`` for row R otherwise)
``question``    calls sharing a value share a question (optional: otherwise the
                forecast-unit columns, or each row its own question)
``topic``       the call's topic (optional)
``stated``      when it was said, a date or window as text (optional: the day
                before ``as_of`` otherwise)
``status``      YES, NO, PENDING, AMBIGUOUS, ANNULLED, UNSCORABLE or
                AFTER_THE_FACT (optional: from ``predicted`` and ``observed``)
==============  ================================================================

Each question becomes one proposition about the subject ``q<N>`` and its
outcome one or two events dated after every call on it was stated (the day after
the last statement window ends, ``as_of`` at the latest, or the first day of a
call stated after the fact): YES is an ``occurs`` whose event happened, NO the
negation of one, AMBIGUOUS two reports that disagree, ANNULLED a conditional
whose condition did not happen, PENDING no event. A question with a call that
is neither unscorable nor after the fact and has no probability is a point
forecast (a ``value_of`` of the value 0, the event's value 0 for YES, 1 for NO).
Resolved as of ``as_of``, the ledger gives each row its status, ``observed``,
``predicted`` and question back, so ledger → table → ledger → table is the
identity, and the scores are the table's.

What a table cannot carry, the ledger does not invent silently: every rebuilt
call is marked a paraphrase, its quote says it is not carried, and its notes
list :data:`NOT_CARRIED`. A call stated after the fact has no probability in a
table; 0.5 stands in for it (such a call is never scored), and its notes say so.
A row the ledger cannot be built from is a located problem.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Hashable
from typing import Any

from forecastcheck.errors import Problem
from forecastcheck.tables import layout
from forecastcheck.tables.validate import TableError

__all__ = ["NOT_CARRIED", "STATUSES", "ledger_from_table"]

#: What a tidy table does not carry of a ledger's calls (the rebuilt calls' notes list it).
NOT_CARRIED = (
    "quote",
    "document",
    "proposition wording and dates",
    "events and their evidence",
    "confidence wording and polarity",
    "tags",
    "notes",
    "restated readings (revises)",
    "source names and kinds",
    "point-forecast values",
)
#: The calls' statuses a table may give (those of :class:`forecastcheck.evaluation.CallStatus`).
STATUSES = ("YES", "NO", "PENDING", "AMBIGUOUS", "ANNULLED", "UNSCORABLE", "AFTER_THE_FACT")
_DECIDED = {"YES": 1.0, "NO": 0.0}
_OUTCOMES = ("YES", "NO", "PENDING", "AMBIGUOUS", "ANNULLED")
_LEDGER_COLUMNS = ("prediction", "question", "topic", "stated", "status")
_QUOTE = "(not carried by the table)"
_STAND_IN = 0.5


def _rows(table: Any, file: str) -> tuple[list[dict[str, Any]], list[str], str]:
    """The table's rows as dicts and its column names (a path: the file read whole)."""
    import os

    if isinstance(table, str | os.PathLike):
        from forecastcheck.tables.files import read_table

        path = os.fspath(table)
        arrow = read_table(path)
        return arrow.to_pylist(), list(arrow.column_names), file or path
    import narwhals as nw

    try:
        frame = nw.from_native(table, eager_only=True)
    except TypeError as exc:
        raise TypeError(
            f"table must be a pandas, polars or pyarrow table or a file, not {type(table).__name__}"
        ) from exc
    return frame.to_arrow().select(frame.columns).to_pylist(), list(frame.columns), file


def _status(row: dict[str, Any], has_status: bool) -> str:
    if has_status and row.get("status") is not None:
        return str(row["status"]).upper()
    if _empty(row.get(layout.PREDICTED)):
        return "UNSCORABLE"
    observed = _number(row.get(layout.OBSERVED))
    return "YES" if observed == 1 else "NO" if observed == 0 else "PENDING"


def _empty(value: Any) -> bool:
    """A missing value: None or NaN (pandas' and polars' missing floats)."""
    return value is None or (isinstance(value, float) and math.isnan(value))


def _number(value: Any) -> float | None:
    if value is None or isinstance(value, str):
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(number) else number


class _Rows:
    """The checks of each row, collecting located problems."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.problems: list[Problem] = []
        self._rows: list[int] = []

    def bad(self, row: int, column: str, message: str) -> None:
        self.problems.append(Problem(self.file, f"row {row}, column {column}", message))
        self._rows.append(row)

    def raise_if_any(self) -> None:
        """A :class:`TableError` of every problem, in row order."""
        if self.problems:
            order = sorted(range(len(self.problems)), key=lambda i: (self._rows[i], i))
            raise TableError([self.problems[i] for i in order])


def _question_keys(rows: list[dict[str, Any]], names: list[str]) -> list[Hashable | None]:
    """Each row's question: its ``question`` value, else its forecast unit, else itself."""
    if "question" in names:
        return [r.get("question") for r in rows]
    unit = [c for c in layout.forecast_unit(names) if c not in {layout.MODEL, *_LEDGER_COLUMNS}]
    if not unit:
        return list(range(len(rows)))
    return [tuple(repr(r.get(c)) for c in unit) for r in rows]


# Over 60 lines, kept whole: one pass over the rows, each check where its row is at hand.
def ledger_from_table(table: Any, *, as_of: dt.date, kind: str = "person", file: str = "") -> Any:
    """The ledger of a tidy binary table (see the module docs).

    Args:
        table: a pandas, polars or pyarrow table, or the path of a CSV or Parquet file.
        as_of: the day the table's outcomes were known by (the day to resolve the
            ledger as of); the calls of a table without ``stated`` were stated the day
            before.
        kind: the sources' kind (a :data:`~forecastcheck.ledger.SourceKind`).
        file: the name problems are located in (a path's own name by default).

    Returns:
        A :class:`forecastcheck.Ledger`.

    Raises:
        TableError: every problem, located by row and column.
    """
    from forecastcheck.ledger import DateWindow, Source

    rows, names, file = _rows(table, file)
    check = _Rows(file)
    for col in (layout.MODEL, layout.PREDICTED, layout.OBSERVED):
        if col not in names:
            check.problems.append(Problem(file, f"column {col}", "missing: a call needs it"))
    if check.problems:
        raise TableError(check.problems)
    keys = _question_keys(rows, names)
    calls: list[dict[str, Any]] = []
    for r, (row, key) in enumerate(zip(rows, keys, strict=True), start=1):
        status = _status(row, "status" in names)
        p, y = _number(row.get(layout.PREDICTED)), _number(row.get(layout.OBSERVED))
        if status not in STATUSES:
            check.bad(r, "status", f"{row.get('status')!r} is not one of {STATUSES}")
            continue
        if _empty(row.get(layout.MODEL)):
            check.bad(r, layout.MODEL, "missing: a call needs a source")
            continue
        if not _empty(row.get(layout.PREDICTED)) and (p is None or not 0 <= p <= 1):
            check.bad(r, layout.PREDICTED, f"{row[layout.PREDICTED]!r} is not a probability")
            continue
        want = _DECIDED.get(status) if p is not None else None
        if y not in {None, 0.0, 1.0} or (y is None and not _empty(row.get(layout.OBSERVED))):
            check.bad(
                r, layout.OBSERVED, f"{row[layout.OBSERVED]!r} is not an outcome (1, 0 or empty)"
            )
            continue
        if y != want:
            check.bad(r, layout.OBSERVED, f"{row.get(layout.OBSERVED)!r} does not fit {status}")
            continue
        if p is not None and status in {"UNSCORABLE", "AFTER_THE_FACT"}:
            check.bad(r, layout.PREDICTED, f"a call {status} has no forecast in a table")
            continue
        if key is None and status != "UNSCORABLE":
            check.bad(r, "question", f"missing: only an UNSCORABLE call may have none ({status})")
            continue
        try:
            stated = (
                DateWindow.parse(str(row["stated"]))
                if row.get("stated") is not None
                else DateWindow.day(as_of - dt.timedelta(days=1))
            )
        except ValueError as exc:
            check.bad(r, "stated", f"{row.get('stated')!r}: {exc}")
            continue
        calls.append({**row, "row": r, "status": status, "p": p, "key": key, "stated": stated})
    questions = _questions(calls, as_of, check)
    sources: dict[str, Any] = {}
    for call in calls:
        model = call[layout.MODEL]
        if model not in sources:
            try:
                sources[model] = Source(id=str(model), name=str(model), kind=kind)  # type: ignore[arg-type]
            except ValueError as exc:
                check.bad(call["row"], layout.MODEL, f"{model!r}: {exc}")
                sources[model] = None
    check.raise_if_any()
    return _ledger(calls, questions, sources, check)


def _questions(
    calls: list[dict[str, Any]], as_of: dt.date, check: _Rows
) -> dict[Hashable, dict[str, Any]]:
    """Per question: its number, outcome, family (occurs or a point value) and event day."""
    by_key: dict[Hashable, list[dict[str, Any]]] = {}
    for call in calls:
        if call["key"] is not None:
            by_key.setdefault(call["key"], []).append(call)
    out: dict[Hashable, dict[str, Any]] = {}
    for n, (key, rows) in enumerate(by_key.items()):
        decided = [c for c in rows if c["status"] in _OUTCOMES]
        for c in decided[1:]:
            if c["status"] != decided[0]["status"]:
                check.bad(
                    c["row"],
                    "status",
                    f"{c['status']}, but row {decided[0]['row']} on the same question says "
                    f"{decided[0]['status']} (calls on one question share its outcome)",
                )
        late = [c for c in rows if c["status"] == "AFTER_THE_FACT"]
        outcome = decided[0]["status"] if decided else ("YES" if late else "PENDING")
        point = any(c["p"] is None for c in decided)
        if point and outcome == "ANNULLED":
            check.bad(
                decided[0]["row"], "status", "a point forecast (no probability) is never ANNULLED"
            )
        if late:
            day = min(c["stated"].start for c in late)
            if day > as_of:
                check.bad(late[0]["row"], "stated", f"after the fact, but stated after {as_of}")
        else:
            ends = [c["stated"].end for c in decided]
            day = min(max(ends) + dt.timedelta(days=1), as_of) if ends else as_of
        for c in decided:
            if outcome != "PENDING" and c["stated"].start >= day:
                check.bad(
                    c["row"],
                    "stated",
                    f"{c['status']} by {day}, but stated from {c['stated'].start} "
                    "(a call stated then is AFTER_THE_FACT)",
                )
        out[key] = {"n": n, "outcome": outcome, "point": point, "day": day}
    return out


def _proposition(q: dict[str, Any]) -> tuple[Any, list[Any]]:
    """A question's proposition and the events that give it its outcome."""
    from forecastcheck.ledger import DateWindow, Event, If, Not, Occurs, ValueOf

    subject, outcome = f"q{q['n']}", q["outcome"]

    def event(name: str, kind: str, **more: Any) -> Any:
        day = DateWindow.day(q["day"])
        said = f"the table's outcome: {outcome}"
        return Event(
            id=f"{subject}-{name}", subject=subject, kind=kind, date=day, summary=said, **more
        )

    if q["point"]:
        values = {"YES": [0.0], "NO": [1.0], "PENDING": [], "AMBIGUOUS": [0.0, 1.0]}[outcome]
        events = [event(f"value-{i}", "value", value=v) for i, v in enumerate(values)]
        return ValueOf(subject=subject, quantity="value", point=0.0), events
    happens = Occurs(subject=subject, kind="happens")
    shown = {
        "PENDING": (happens, []),
        "YES": (happens, [event("happens", "happens")]),
        "NO": (Not(proposition=happens), [event("happens", "happens")]),
        "AMBIGUOUS": (
            happens,
            [event("happens", "happens"), event("not", "happens", occurred=False)],
        ),
    }
    if outcome in shown:
        return shown[outcome]
    condition = Not(proposition=Occurs(subject=subject, kind="condition"))
    return If(condition=condition, then=happens), [event("condition", "condition")]


def _ledger(
    calls: list[dict[str, Any]],
    questions: dict[Hashable, dict[str, Any]],
    sources: dict[str, Any],
    check: _Rows,
) -> Any:
    from forecastcheck.errors import LedgerError
    from forecastcheck.ledger import Confidence, EventLog, Ledger, Prediction

    built = {key: _proposition(q) for key, q in questions.items()}
    notes = "rebuilt from row {row} of a tidy table, which does not carry its " + ", ".join(
        NOT_CARRIED
    )
    predictions: list[Any] = []
    seen: dict[str, int] = {}
    for call in calls:
        r, status = call["row"], call["status"]
        pid = f"row-{r}" if call.get("prediction") is None else str(call["prediction"])
        if pid in seen:
            check.bad(r, "prediction", f"{pid!r} repeats the id of row {seen[pid]}")
            continue
        seen[pid] = r
        prop = None if call["key"] is None else built[call["key"]][0]
        point = call["key"] is not None and questions[call["key"]]["point"]
        said = notes.format(row=r)
        fields: dict[str, Any] = {"proposition": prop}
        if status == "UNSCORABLE":
            fields["unscorable"] = f"UNSCORABLE in row {r} of the table (its reason is not carried)"
        elif call["p"] is not None:
            fields["confidence"] = Confidence(probability=call["p"])
        elif status == "AFTER_THE_FACT" and not point:
            fields["confidence"] = Confidence(probability=_STAND_IN)
            said += (
                f"; stated after the fact, its probability is not carried ({_STAND_IN} stands in)"
            )
        topic = call.get("topic")
        try:
            predictions.append(
                Prediction(
                    id=pid,
                    source=str(call[layout.MODEL]),
                    quote=_QUOTE,
                    paraphrase=True,
                    stated=call["stated"],
                    topic=None if topic is None else str(topic),
                    notes=said,
                    **fields,
                )
            )
        except ValueError as exc:
            check.bad(r, "prediction", f"{pid!r}: {exc}")
    check.raise_if_any()
    events = [e for _, evs in built.values() for e in evs]
    try:
        return Ledger(
            sources=list(sources.values()),
            documents=[],
            predictions=predictions,
            log=EventLog(events=tuple(events)),
        )
    except LedgerError as exc:
        raise TableError([Problem(check.file, p.path, p.message) for p in exc.problems]) from exc
