"""The JSON report's format 2: bins count what came true, Murphy/ECE/AUC, sources and documents.

Checked on the Karabakh case and on the benchmark's generated 600-call,
30-source ledger against :mod:`forecastcheck.calibration` on the same calls.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from forecastcheck.calibration import ece, murphy, roc_auc
from forecastcheck.cli import main
from forecastcheck.evaluation import evaluate
from forecastcheck.ledger import Ledger, load
from forecastcheck.report import FORMAT_VERSION, render_json

ROOT = Path(__file__).resolve().parent.parent
KARABAKH = ROOT / "fixtures" / "karabakh"
AS_OF = dt.date(2026, 2, 7)


@pytest.fixture(scope="module")
def ledgers(large_ledger: Ledger) -> dict[str, Ledger]:
    """Both ledgers: the Karabakh case and the generated one."""
    return {"karabakh": load(KARABAKH), "large": large_ledger}


@pytest.fixture(scope="module")
def reports(ledgers: dict[str, Ledger]) -> dict[str, dict[str, Any]]:
    """Each ledger's JSON report, given the ledger, read back."""
    out = {}
    for name, ledger in ledgers.items():
        evaluation = evaluate(ledger, as_of=AS_OF, n_bootstrap=0)
        out[name] = json.loads(render_json(evaluation, ledger=ledger))
    return out


def scored(report: dict[str, Any], source: str) -> tuple[np.ndarray, np.ndarray]:
    """The probabilities and outcomes of a source's scored calls (``*``: every source)."""
    calls = [
        p for p in report["predictions"] if p["brier"] is not None and source in ("*", p["source"])
    ]
    return (
        np.array([p["probability"] for p in calls], dtype=float),
        np.array([p["outcome"] for p in calls], dtype=int),
    )


def cards(report: dict[str, Any]) -> list[dict[str, Any]]:
    """The pooled card, then each source's."""
    return [report["overall"], *report["sources"]]


def test_the_format_is_version_2(reports: dict[str, dict[str, Any]]) -> None:
    """The bin rename is a change of meaning for readers: the format version is 2."""
    assert FORMAT_VERSION == 2
    assert reports["karabakh"]["format_version"] == 2


@pytest.mark.parametrize("name", ["karabakh", "large"])
def test_bins_count_what_came_true(reports: dict[str, dict[str, Any]], name: str) -> None:
    """A bin's n_true counts its calls that came true; no bin has the old, ambiguous "hits"."""
    differ = False
    for card in cards(reports[name]):
        if card["calibration"] is None:
            continue
        bins = card["calibration"]["bins"]
        assert all("hits" not in b for b in bins)
        _, y = scored(reports[name], card["source"])
        assert sum(b["n_true"] for b in bins) == int(y.sum())
        differ = differ or int(y.sum()) != card["n_hits"]
    assert differ or name == "karabakh"  # came true and hit part ways on the large ledger


@pytest.mark.parametrize("name", ["karabakh", "large"])
def test_murphy_ece_and_auc_per_source_and_pooled(
    reports: dict[str, dict[str, Any]], name: str
) -> None:
    """Each card's murphy, ece and auc are the calibration functions' on its scored calls."""
    for card in cards(reports[name]):
        p, y = scored(reports[name], card["source"])
        if not len(p):
            assert (card["murphy"], card["ece"], card["auc"]) == (None, None, None)
            continue
        m = murphy(p, y, "unique")
        got = card["murphy"]
        assert got["binning"] == "unique"
        assert got["n"] == card["n_resolved"]
        assert (got["reliability"], got["resolution"], got["uncertainty"]) == (m.rel, m.res, m.unc)
        assert got["brier"] == pytest.approx(card["brier"], abs=1e-12)
        assert got["reliability"] - got["resolution"] + got["uncertainty"] == pytest.approx(
            card["brier"], abs=1e-12
        )
        assert card["ece"] == {"n_bins": 10, "value": ece(p, y, 10).value}
        both = 0 < y.sum() < len(y)
        assert card["auc"] == (roc_auc(p, y) if both else None)


def test_auc_is_null_with_one_outcome(reports: dict[str, dict[str, Any]]) -> None:
    """Verdiev's one call came true: no AUC; Niculescu has a YES and a NO: an AUC of 0."""
    by = {c["source"]: c for c in reports["karabakh"]["sources"]}
    assert by["verdiev"]["auc"] is None
    assert by["niculescu"]["auc"] == 0.0  # his lower forecast is the one that came true


@pytest.mark.parametrize("name", ["karabakh", "large"])
def test_source_metadata_and_documents(
    reports: dict[str, dict[str, Any]], ledgers: dict[str, Ledger], name: str
) -> None:
    """Every source carries the ledger's role, affiliation and notes; every document is listed."""
    ledger = ledgers[name]
    report = reports[name]
    people = {s.id: s for s in ledger.sources}
    assert report["overall"]["metadata"] is None
    for card in report["sources"]:
        s = people[card["source"]]
        assert card["metadata"] == {"role": s.role, "affiliation": s.affiliation, "notes": s.notes}
    docs = {d["id"]: d for d in report["documents"]}
    assert list(docs) == [d.id for d in ledger.documents]
    for d in ledger.documents:
        assert (docs[d.id]["outlet"], docs[d.id]["title"], docs[d.id]["url"]) == (
            d.outlet,
            d.title,
            d.url,
        )


def test_without_the_ledger_metadata_and_documents_are_null(ledgers: dict[str, Ledger]) -> None:
    """render_json(evaluation) alone cannot know them: null, not empty."""
    report = json.loads(render_json(evaluate(ledgers["karabakh"], as_of=AS_OF, n_bootstrap=0)))
    assert report["documents"] is None
    assert all(card["metadata"] is None for card in report["sources"])
    assert report["overall"]["murphy"] is not None


def test_the_command_gives_metadata_and_documents(capsys: pytest.CaptureFixture[str]) -> None:
    """`forecastcheck report --format json` passes the ledger: documents and roles are there."""
    args = ["report", str(KARABAKH), "--as-of", "2026-02-07", "--format", "json"]
    assert main([*args, "--bootstrap", "0"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert "bakutribune-2022-07-14" in {d["id"] for d in report["documents"]}
    by = {c["source"]: c for c in report["sources"]}
    assert by["niculescu"]["metadata"]["affiliation"] == "European Geopolitical Forum (Brussels)"
