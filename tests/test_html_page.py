"""The HTML page's content: summary first, honest scoreboard, plain words, complete evidence."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from forecastcheck.evaluation import Evaluation, evaluate
from forecastcheck.ledger import DateWindow, Ledger, load
from forecastcheck.report import html, render_html
from forecastcheck.report._html_words import plain_date
from forecastcheck.report._svg import Box, place_labels, text_box

KARABAKH = Path(__file__).resolve().parent.parent / "fixtures" / "karabakh"
AS_OF = dt.date(2026, 2, 7)


@pytest.fixture(scope="module")
def karabakh() -> tuple[Ledger, Evaluation, str]:
    """The Karabakh ledger, its evaluation and its page, made once for the module."""
    ledger = load(KARABAKH)
    evaluation = evaluate(ledger, as_of=AS_OF, n_bootstrap=200)
    return ledger, evaluation, render_html(evaluation, ledger)


ledger = pytest.fixture(scope="module", name="ledger")(lambda karabakh: karabakh[0])
evaluation = pytest.fixture(scope="module", name="evaluation")(lambda karabakh: karabakh[1])
page = pytest.fixture(scope="module", name="page")(lambda karabakh: karabakh[2])


def text_of(fragment: str) -> str:
    """The visible words of an HTML fragment, tags dropped and spaces collapsed."""
    from html import unescape

    return " ".join(unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


def section(page: str, ident: str) -> str:
    start = page.index(f'<section id="{ident}"')
    return page[start : page.index("</section>", start)]


def card(page: str, call: str) -> str:
    start = page.index(f'id="call-{call}"')
    return page[start : page.index('<div class="call"', start + 10)]


def board_names(page: str) -> list[str]:
    board = section(page, "scoreboard")
    table = board[: board.index("</table>")]
    return re.findall(r'<td class="name" data-v="([^"]+)"', table)


class TestScoreboard:
    def test_unranked_sources_sorted_by_score(self, page: str) -> None:
        """Unranked sources are in Brier order: Niculescu's 0.436 comes after the 0.001 and 0.106."""
        names = board_names(page)
        niculescu = names.index("George Vlad Niculescu")
        assert names.index("Orkhan Amashov") < names.index("Arastun Orujlu") < niculescu
        assert names.index("Adalat Verdiev") < niculescu
        assert niculescu < names.index("Alexander Karavaev")  # unscored sources last

    def test_unranked_marked_once(self, page: str) -> None:
        """ "Not ranked" is said once for the group, not repeated in every Rank cell."""
        board = text_of(section(page, "scoreboard"))
        assert board.count("Not ranked: fewer than 5 resolved calls") == 1
        assert "unranked:" not in board

    def test_one_call_says_too_few_calls(self, page: str) -> None:
        """A one-call source's interval cell says "too few calls" instead of being blank."""
        board = section(page, "scoreboard")
        row = board[board.index('data-v="Orkhan Amashov"') :]
        row = row[: row.index("</tr>")]
        assert "too few calls" in row

    def test_rank_interval_shown(self, ledger: Ledger) -> None:
        """A ranked source's rank is given with its bootstrap range."""
        evaluation = evaluate(ledger, as_of=AS_OF, n_bootstrap=200, min_resolved=1)
        ranked = [c for c in evaluation.sources if c.ranked and c.rank_interval is not None]
        assert ranked
        board = section(render_html(evaluation, ledger), "scoreboard")
        low, high = (round(x) for x in ranked[-1].rank_interval or (0, 0))
        if low != high:
            assert f"(likely {low}–{high})" in board
        assert f"of {len([c for c in evaluation.sources if c.ranked])}" in board

    def test_names_never_ids_in_tables(self, page: str, ledger: Ledger) -> None:
        """No table cell on the page shows a source id instead of the source's name."""
        cells = [text_of(c) for c in re.findall(r"<td[^>]*>(.*?)</td>", page, re.DOTALL)]
        ids = {s.id for s in ledger.sources} - {s.name for s in ledger.sources}
        assert not ids & set(cells)


class TestSummary:
    def test_summary_comes_first_and_names_the_biggest_miss(self, page: str) -> None:
        """The first section says who missed most, before the scoreboard."""
        assert page.index('id="summary"') < page.index('id="scoreboard"')
        lead = text_of(section(page, "summary"))
        assert lead.startswith(
            "What was said and what happened Biggest miss: George Vlad Niculescu."
        )

    def test_niculescu_in_plain_words(self, page: str) -> None:
        """Niculescu's call: when, what, how sure, what happened and how long before his deadline."""
        lead = text_of(section(page, "summary"))
        assert (
            "On 14 July 2022, George Vlad Niculescu gave “The Russian peacekeepers have withdrawn "
            "from Karabakh by November 2025” about 12.5% (“seems highly unlikely”)"
        ) in lead
        assert "(12 June 2024), 17 months before the deadline of 30 November 2025" in lead
        assert "a confident miss" in lead

    def test_every_resolved_call_in_a_sentence(self, page: str, evaluation: Evaluation) -> None:
        """With few resolved calls, the summary gives each one."""
        lead = text_of(section(page, "summary"))
        resolved = [r for r in evaluation.predictions if r.brier is not None]
        assert len(resolved) == 5
        for r in resolved:
            assert f"gave “{(r.proposition_text or '').rstrip('.')}”" in lead


JARGON = [
    "'by' + month",
    "negated proposition",
    "said of the opposite",
    "the proposition itself",
    "off by",
    "2024-04-17..2024-04-19",
    "2023-12..2024-04-16",
    "decided on 20",
]


class TestPlainWords:
    @pytest.mark.parametrize("phrase", JARGON)
    def test_no_jargon_outside_how_this_was_read(self, page: str, phrase: str) -> None:
        """The resolver's mechanical wording appears only behind "How this was read"."""
        outside = re.sub(r'<details class="how">.*?</details>', "", page, flags=re.DOTALL)
        assert phrase not in outside

    def test_rule_kept_behind_disclosure(self, page: str) -> None:
        """The mechanical rule stays available in the call's "How this was read"."""
        niculescu = card(page, "niculescu-withdrawal-by-2025-11")
        how = niculescu[niculescu.index('<details class="how">') :]
        assert "&#x27;by&#x27; + month: inclusive" in how

    @pytest.mark.parametrize(
        ("text", "said"),
        [
            ("2022-07-14", "14 July 2022"),
            ("2023-12", "December 2023"),
            ("2024-Q3", "the third quarter of 2024"),
            ("2024-H1", "the first half of 2024"),
            ("2024", "2024"),
            ("2024-04-17..2024-04-19", "17–19 April 2024"),
            ("2023-12..2024-04-16", "1 December 2023 – 16 April 2024"),
            ("2023-12..2024-04", "December 2023 – April 2024"),
            ("2024-03-03..2024-05-05", "3 March – 5 May 2024"),
        ],
    )
    def test_dates_as_the_source_gave_them(self, text: str, said: str) -> None:
        """A window is written as an article would give it."""
        assert plain_date(DateWindow.parse(text)) == said


class TestEvidence:
    def test_quoted_in_links_to_the_document(self, page: str) -> None:
        """ "Quoted in" links to the document's entry, which the page holds."""
        niculescu = card(page, "niculescu-withdrawal-by-2025-11")
        assert 'href="#document-bakutribune-2022-07-14"' in niculescu
        assert 'id="document-bakutribune-2022-07-14"' in page

    def test_every_citation_is_shown(self, page: str, ledger: Ledger) -> None:
        """Every event's every report is on the page, with or without an address."""
        events = text_of(section(page, "events"))
        for event in ledger.events:
            for citation in event.evidence:
                if citation.outlet:
                    assert citation.outlet in events, (event.id, citation)
                if citation.document:
                    assert ledger.document(citation.document).title in events

    def test_no_verdict_lists_its_reports(self, page: str) -> None:
        """A call that came out NO lists the "had not happened" report that decided it."""
        treaty = card(page, "niculescu-treaty-by-2025-11")
        assert "<dt>Decided by</dt>" in treaty
        assert "a report that it had not happened" in treaty
        assert 'href="#event-treaty-not-signed-2026"' in treaty
        assert "OC Media" in treaty

    def test_calls_link_to_their_deciding_events(self, page: str) -> None:
        """A decided call links to the event that settled it, which links back."""
        niculescu = card(page, "niculescu-withdrawal-by-2025-11")
        assert 'href="#event-withdrawal-complete-2024"' in niculescu
        event = page[page.index('id="event-withdrawal-complete-2024"') :]
        assert 'href="#call-niculescu-withdrawal-by-2025-11"' in event[: event.index("</li>")]

    def test_timeline_marks_link_to_calls_and_events(self, page: str) -> None:
        """Every link in the timeline charts points at an id on the page."""
        timeline = section(page, "timeline")
        targets = re.findall(r'<a href="#([^"]+)">', timeline)
        assert any(t.startswith("event-") for t in targets)
        ids = set(re.findall(r' id="([^"]+)"', page))
        assert set(targets) <= ids


class TestLayout:
    def test_calls_in_date_order_unscorable_apart(self, page: str) -> None:
        """Within a source, scored calls come first in date order; the unscorable are grouped after."""
        start = page.index('id="source-orujlu"')
        orujlu = re.split(r'<details class="source"|</section>', page[start:])[0]
        calls = re.findall(r'<div class="call" id="call-([^"]+)"', orujlu)
        assert calls[0] == "orujlu-no-treaty-2024"
        assert orujlu.index("Not scored (3)") < orujlu.index(
            'id="call-orujlu-destabilisation-if-demand"'
        )

    def test_contents_bar_links_every_section(self, page: str) -> None:
        """The contents bar has one link per section, in page order."""
        nav = page[page.index('<nav class="contents"') : page.index("</nav>")]
        links = re.findall(r'href="#([^"]+)"', nav)
        sections = re.findall(r'<section id="([^"]+)"', page)
        assert links == sections

    def test_a_section_is_one_function(
        self, monkeypatch: pytest.MonkeyPatch, evaluation: Evaluation, ledger: Ledger
    ) -> None:
        """A function appended to SECTIONS adds its section to the page and to the contents bar."""

        def extra(evaluation: Evaluation, ledger: Ledger) -> str:
            return '<section id="extra" data-toc="Extra"><h2>An extra section</h2></section>'

        monkeypatch.setattr(html, "SECTIONS", [*html.SECTIONS, extra])
        page = render_html(evaluation, ledger)
        assert '<a href="#extra">Extra</a>' in page
        assert page.index('id="sensitivity"') < page.index('id="extra"')

    def test_sources_closed_by_default(self, page: str) -> None:
        """Each source's section is a closed <details> with a summary line."""
        sources = section(page, "sources")
        assert sources.count('<details class="source"') == 9
        assert '<details class="source" open' not in sources


anchors = st.lists(
    st.tuples(
        st.floats(0, 300), st.floats(0, 300), st.text("0123456789 of", min_size=1, max_size=9)
    ),
    max_size=25,
)


@given(anchors)
def test_placed_labels_never_overlap(points: list[tuple[float, float, str]]) -> None:
    """Placed labels lie inside the plot and overlap no mark and no other label."""
    bounds = Box(0, 0, 300, 300)
    marks = [Box(x - 4, y - 4, x + 4, y + 4) for x, y, _ in points]
    placed, missing = place_labels(points, marks, bounds, 12, clearance=4)
    assert len(placed) + missing == len(points)
    boxes = [text_box(p.x, p.y, p.text, 12, p.anchor) for p in placed]
    for i, box in enumerate(boxes):
        assert box.inside(bounds)
        assert not any(box.overlaps(m) for m in marks)
        assert not any(box.overlaps(other) for other in boxes[i + 1 :])
