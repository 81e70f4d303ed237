"""Draft predictions: accepted by `check` and listed, skipped by reports, kept by round trips."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import attrs
import pytest

from forecastcheck import (
    Confidence,
    DateWindow,
    Document,
    Ledger,
    LedgerError,
    Occurs,
    Prediction,
    Source,
    evaluate,
    load,
    render_json,
    render_text,
    save,
)
from forecastcheck.cli import main

DAY = DateWindow.day(dt.date(2024, 4, 19))


def _ledger() -> Ledger:
    confirmed = Prediction(
        id="confirmed",
        source="ann",
        document="doc",
        quote="The bridge will open by June 2024.",
        stated=DAY,
        proposition=Occurs(subject="bridge", kind="opens", deadline="by June 2024"),
        confidence=Confidence(phrase="will"),
    )
    draft = attrs.evolve(
        confirmed,
        id="draft",
        quote="The tunnel will probably open next year.",
        proposition=None,
        confidence=Confidence(phrase="will probably"),
        draft=True,
        why="score 2.5; future: will",
    )
    return Ledger(
        sources=(Source(id="ann", name="Ann Lee"),),
        documents=(Document(id="doc", outlet="Paper", title="Roads"),),
        predictions=(confirmed, draft),
    )


def test_draft_needs_no_proposition() -> None:
    """A draft prediction may lack a proposition and a confidence."""
    draft = Prediction(id="d", source="s", quote="It will rain.", stated=DAY, draft=True)
    assert draft.proposition is None


def test_confirmed_prediction_still_needs_a_proposition() -> None:
    """A prediction that is not a draft still needs a proposition (or a reason it is unscorable)."""
    with pytest.raises(ValueError, match="needs proposition"):
        Prediction(id="d", source="s", quote="It will rain.", stated=DAY)


def test_draft_with_blank_unscorable_is_refused() -> None:
    """A draft's unscorable reason, when given, must still say something."""
    with pytest.raises(ValueError, match="reason"):
        Prediction(
            id="d", source="s", quote="It will rain.", stated=DAY, draft=True, unscorable=" "
        )


def test_draft_fields_round_trip(tmp_path: Path) -> None:
    """`draft` and `why` are written and read back unchanged."""
    path = save(_ledger(), tmp_path / "ledger.toml")
    text = path.read_text("utf-8")
    assert "draft = true" in text
    assert 'why = "score 2.5; future: will"' in text
    assert load(path).predictions == _ledger().predictions


def test_draft_must_be_a_boolean(tmp_path: Path) -> None:
    """`draft = "yes"` is a located problem, not a silent truth."""
    path = tmp_path / "ledger.toml"
    path.write_text(
        '[[sources]]\nid = "s"\nname = "S"\n\n[[predictions]]\nid = "d"\nsource = "s"\n'
        'quote = "It will rain."\nstated = "2024-04-19"\ndraft = "yes"\n',
        encoding="utf-8",
    )
    with pytest.raises(LedgerError) as exc:
        load(path)
    assert any(p.path.startswith("$.predictions[0].draft") for p in exc.value.problems)


def test_report_skips_drafts_and_says_how_many() -> None:
    """Evaluation leaves drafts out; the text and JSON reports give their number."""
    evaluation = evaluate(_ledger(), as_of=dt.date(2025, 1, 1), n_bootstrap=0)
    assert [r.id for r in evaluation.predictions] == ["confirmed"]
    assert evaluation.n_drafts == 1
    assert "Skipped 1 draft prediction still to confirm" in render_text(evaluation)
    assert json.loads(render_json(evaluation))["n_drafts"] == 1


def test_report_without_drafts_has_no_drafts_line() -> None:
    """A ledger without drafts reports n_drafts 0 and no drafts line."""
    ledger = Ledger(
        sources=_ledger().sources,
        documents=_ledger().documents,
        predictions=_ledger().predictions[:1],
    )
    evaluation = evaluate(ledger, as_of=dt.date(2025, 1, 1), n_bootstrap=0)
    assert evaluation.n_drafts == 0
    assert "draft" not in render_text(evaluation)
    assert json.loads(render_json(evaluation))["n_drafts"] == 0


def test_check_lists_drafts_as_notes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`check` accepts a draft ledger and notes each draft at its record."""
    path = save(_ledger(), tmp_path / "ledger.toml")
    assert main(["check", str(path)]) == 0
    err = capsys.readouterr().err
    assert "ledger.toml: $.predictions[1]: note: draft prediction 'draft' still to confirm" in err
    assert "'confirmed'" not in err
