"""The Karabakh case as recorded in fixtures/karabakh."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from forecastcheck import Ledger, load

KARABAKH = Path(__file__).resolve().parent.parent / "fixtures" / "karabakh"


@pytest.fixture(scope="module")
def ledger() -> Ledger:
    return load(KARABAKH)


class TestKarabakh:
    def test_sizes(self, ledger: Ledger) -> None:
        """At least 12 predictions from at least 8 sources, and at least 12 events."""
        assert len(ledger.predictions) >= 12
        assert len({p.source for p in ledger.predictions}) >= 8
        assert len(ledger.events) >= 12

    def test_every_event_has_evidence(self, ledger: Ledger) -> None:
        """Each recorded event cites at least one report."""
        assert all(e.evidence for e in ledger.events)

    def test_log_is_complete_through_2026_02_07(self, ledger: Ledger) -> None:
        """The log claims completeness through the last report checked."""
        assert ledger.log.complete_through == dt.date(2026, 2, 7)

    def test_named_statements_are_recorded(self, ledger: Ledger) -> None:
        """The statements the case is known for are all there."""
        ids = {p.id for p in ledger.predictions}
        assert {
            "niculescu-withdrawal-by-2025-11",
            "niculescu-treaty-by-2025-11",
            "niculescu-stay-beyond-2025-11",
            "amashov-eventual-withdrawal",
            "verdiev-withdrawal-complete-2024-09",
            "orujlu-no-treaty-2024",
            "karavaev-gradual-winddown",
            "karavaev-demining-centre-continues",
            "pritchin-never-return",
            "shainoglu-eaeu-membership",
            "arkov-redeployment",
            "orujlu-destabilisation-if-demand",
        } <= ids

    def test_statement_date_differs_from_publication(self, ledger: Ledger) -> None:
        """Amashov's call was made in early October 2023, not when the article appeared."""
        p = ledger.prediction("amashov-eventual-withdrawal")
        assert p.document is not None
        published = ledger.document(p.document).published
        assert published is not None
        assert published.start == dt.date(2024, 4, 21)
        assert p.stated.end < dt.date(2023, 10, 31)
        assert p.stated.precision == "range"

    def test_undated_article_is_a_window(self, ledger: Ledger) -> None:
        """The undated article keeps an uncertain window, not an invented day."""
        published = ledger.document("contingent-undated").published
        assert published is not None
        assert published.precision != "day"
        assert published.start <= dt.date(2024, 2, 12) <= published.end

    def test_quotes_are_verbatim_text(self, ledger: Ledger) -> None:
        """The headline quote is stored exactly as printed, typographic apostrophe included."""
        quote = ledger.prediction("niculescu-withdrawal-by-2025-11").quote
        assert "it doesn’t look that any of those conditions" in quote
        assert quote.endswith("seems highly unlikely.")

    def test_unscorable_statements_keep_their_reason(self, ledger: Ledger) -> None:
        """Statements that cannot be scored are recorded with a reason, not dropped."""
        unscorable = [p for p in ledger.predictions if p.unscorable]
        assert len(unscorable) >= 3
        assert all(p.unscorable and p.unscorable.strip() for p in unscorable)
