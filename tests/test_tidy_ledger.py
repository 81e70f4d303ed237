"""A tidy table back into a ledger: ledger → table → ledger → table is the identity."""

from __future__ import annotations

import datetime as dt
import json
import math
from pathlib import Path

import pandas as pd
import polars as pl
import pyarrow as pa
import pyarrow.csv as pacsv
import pytest
from hypothesis import HealthCheck, given, settings

from forecastcheck import evaluate
from forecastcheck import strategies as fst
from forecastcheck.ledger import Ledger
from forecastcheck.tables import TableError, ledger_from_table, ledger_table, score_table

AS_OF = dt.date(2061, 1, 1)  # after every day the strategies write
KARABAKH_DAY = dt.date(2026, 2, 7)


def _same(a: pa.Table, b: pa.Table) -> None:
    assert a.to_pylist() == b.to_pylist()
    assert a.schema.equals(b.schema)


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(fst.ledgers())
def test_round_trip_is_the_identity(ledger: Ledger) -> None:
    """Any ledger's table, rebuilt into a ledger and tabled again, is the same table."""
    table = ledger_table(ledger, as_of=AS_OF)
    rebuilt = ledger_from_table(table, as_of=AS_OF)
    again = ledger_table(rebuilt, as_of=AS_OF)
    _same(again, table)
    _same(ledger_table(ledger_from_table(again, as_of=AS_OF), as_of=AS_OF), table)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(fst.ledgers())
def test_rebuilt_ledger_scores_as_its_table(ledger: Ledger) -> None:
    """Each source's Brier and log score in the rebuilt ledger are its table's scores."""
    table = ledger_table(ledger, as_of=AS_OF)
    result = evaluate(ledger_from_table(table, as_of=AS_OF), as_of=AS_OF, n_bootstrap=0)
    if not any(v is not None for v in table.column("observed").to_pylist()):
        return  # nothing decided: no scores to compare
    scored = score_table(table, missing="count").to_pylist()
    by_source = {s.source: s for s in result.sources}
    for row in scored:
        if row["n"]:
            s = by_source[row["model"]]
            assert s.n_resolved == row["n"]
            assert s.brier is not None
            assert math.isclose(s.brier, row["brier_score"], rel_tol=1e-12)


EVERY_STATUS = {
    "model": ["a", "a", "b", "b", "c", "c", "a", "b", "c"],
    "prediction": ["y", "n", "p", "amb", "ann", "u", "late", "pt", "u2"],
    "question": [0, 1, 2, 3, 4, 5, 0, 6, None],
    "topic": ["t", None, "t", "t", "t", "t", "t", None, None],
    "stated": [
        "2020-01-01",
        "2020-03",
        "2020-01-01..2020-02-01",
        "2020",
        "2020-01-02",
        "2020-01-02",
        "2023-05-01",
        "2020-01-02",
        "2021-Q2",
    ],
    "status": [
        "YES",
        "NO",
        "PENDING",
        "AMBIGUOUS",
        "ANNULLED",
        "UNSCORABLE",
        "AFTER_THE_FACT",
        "NO",
        "UNSCORABLE",
    ],
    "predicted": [0.8, 0.25, 0.5, 0.1, 0.9, None, None, None, None],
    "observed": [1.0, 0.0, None, None, None, None, None, None, None],
}
DAY = dt.date(2024, 1, 1)


def _every_status() -> pa.Table:
    types = {"question": pa.int64(), "predicted": pa.float64(), "observed": pa.float64()}
    return pa.table({c: pa.array(v, types.get(c, pa.string())) for c, v in EVERY_STATUS.items()})


@pytest.mark.parametrize("kind", ["pyarrow", "pandas", "polars", "csv"])
def test_every_status_comes_back(kind: str, tmp_path: Path) -> None:
    """Each status (a point forecast and a call stated after the fact too) survives the trip."""
    table = _every_status()
    given_table: object
    if kind == "pyarrow":
        given_table = table
    elif kind == "pandas":
        given_table = table.to_pandas()
    elif kind == "polars":
        given_table = pl.from_arrow(table)
    else:
        given_table = _csv(table, tmp_path / "calls.csv")
    rebuilt = ledger_from_table(given_table, as_of=DAY)
    _same(ledger_table(rebuilt, as_of=DAY), table)


def _csv(table: pa.Table, path: Path) -> str:
    pacsv.write_csv(table, path)
    return str(path)


def test_karabakh_verdicts_and_scores_survive() -> None:
    """The Karabakh ledger rebuilt from its table has the same statuses and per-source scores."""
    table = ledger_table("fixtures/karabakh", as_of=KARABAKH_DAY)
    rebuilt = ledger_from_table(table, as_of=KARABAKH_DAY)
    _same(ledger_table(rebuilt, as_of=KARABAKH_DAY), table)
    from forecastcheck import load

    before = evaluate(load("fixtures/karabakh"), as_of=KARABAKH_DAY, n_bootstrap=0)
    after = evaluate(rebuilt, as_of=KARABAKH_DAY, n_bootstrap=0)
    assert [r.verdict for r in after.predictions] == [r.verdict for r in before.predictions]
    scores = {s.source: (s.n_resolved, s.brier, s.log_score) for s in before.sources}
    assert {s.source: (s.n_resolved, s.brier, s.log_score) for s in after.sources} == scores


def test_a_plain_tidy_table_becomes_a_ledger() -> None:
    """Without ledger columns, each forecast unit is a question and the scores are the table's."""
    table = pd.DataFrame(
        {
            "target": ["x", "x", "y", "y", "z"],
            "model": ["a", "b", "a", "b", "a"],
            "predicted": [0.9, 0.6, 0.2, 0.5, 0.7],
            "observed": [1, 1, 0, 0, None],
        }
    )
    ledger = ledger_from_table(table, as_of=DAY)
    calls = ledger_table(ledger, as_of=DAY).to_pylist()
    assert [c["question"] for c in calls] == [0, 0, 1, 1, 2]
    assert [c["status"] for c in calls] == ["YES", "YES", "NO", "NO", "PENDING"]
    result = evaluate(ledger, as_of=DAY, n_bootstrap=0)
    expected = score_table(table, missing="count")
    assert [s.brier for s in result.sources] == expected["brier_score"].tolist()


def test_what_a_table_cannot_carry_is_said() -> None:
    """Rebuilt calls are paraphrases whose quote and notes say what the table did not carry."""
    ledger = ledger_from_table(_every_status(), as_of=DAY)
    late = ledger.predictions[6]
    assert all(p.paraphrase and "not carried" in p.quote for p in ledger.predictions)
    assert "quote, document" in late.notes
    assert "0.5 stands in" in late.notes
    assert ledger_table(ledger, as_of=DAY).schema.metadata[b"forecastcheck.not_carried"]


def test_every_problem_is_located_at_once() -> None:
    """Bad statuses, outcomes, ids, dates and disagreeing questions are all listed by row."""
    table = pa.table(
        {
            "model": ["a", "a b", "c", "c", "c", "d"],
            "prediction": ["p1", "p2", "p3", "p3", "p5", "p6"],
            "question": [1, 2, 3, 4, 1, 5],
            "stated": ["2020-01-01", "2020-01-01", "soon", "2020-01-01", "2020-01-01", "2020"],
            "status": ["YES", "YES", "YES", "NO", "NO", "MAYBE"],
            "predicted": [0.5, 0.5, 0.5, 0.5, 0.5, 0.5],
            "observed": [1.0, 1.0, 1.0, 1.0, 0.0, None],
        }
    )
    with pytest.raises(TableError) as info:
        ledger_from_table(table, as_of=DAY, file="calls.csv")
    assert [p.path for p in info.value.problems] == [
        "row 2, column model",
        "row 3, column stated",
        "row 4, column observed",
        "row 5, column status",
        "row 6, column status",
    ]
    assert info.value.problems[0].file == "calls.csv"
    assert "row 1 on the same question says YES" in info.value.problems[3].message


def test_a_call_without_a_model_is_a_problem() -> None:
    """A row whose model is empty is located, never made into a source called 'None'."""
    table = pa.table(
        {
            "model": ["a", None],
            "question": [1, 2],
            "predicted": [0.5, 0.5],
            "observed": [1.0, 0.0],
        }
    )
    with pytest.raises(TableError) as info:
        ledger_from_table(table, as_of=DAY, file="calls.csv")
    assert [str(p) for p in info.value.problems] == [
        "calls.csv: row 2, column model: missing: a call needs a source"
    ]


def test_missing_columns_are_problems() -> None:
    """A table without model, predicted or observed is one problem per column."""
    with pytest.raises(TableError) as info:
        ledger_from_table(pa.table({"model": ["a"]}), as_of=DAY)
    assert [p.path for p in info.value.problems] == ["column predicted", "column observed"]


def test_report_reads_a_table(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`forecastcheck report calls.csv` scores the table's calls and says what it lacks."""
    from forecastcheck.cli import main

    path = _csv(ledger_table("fixtures/karabakh", as_of=KARABAKH_DAY), tmp_path / "calls.csv")
    assert main(["report", path, "--as-of", str(KARABAKH_DAY), "--format", "json"]) == 0
    out, err = capsys.readouterr()
    assert f"{path}: calls rebuilt from a tidy table, which does not carry their quote" in err
    doc = json.loads(out)
    assert "niculescu" in json.dumps(doc)


def test_report_lists_a_tables_problems(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A table that cannot be a ledger is located problems and exit status 1, no traceback."""
    from forecastcheck.cli import main

    bad = tmp_path / "calls.csv"
    bad.write_text("model,predicted,observed\na,0.5,2\n", encoding="utf-8")
    assert main(["report", str(bad), "--as-of", "2024-01-01"]) == 1
    assert capsys.readouterr().err.splitlines() == [
        f"{bad}: row 1, column observed: 2 is not an outcome (1, 0 or empty)",
        "forecastcheck report: 1 problem",
    ]
