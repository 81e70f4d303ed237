"""Reports: the text scoreboard, stable JSON, Markdown and the self-contained HTML page."""

from __future__ import annotations

import datetime as dt
import json
import sys
from html.parser import HTMLParser
from pathlib import Path

import attrs
import pytest

from forecastcheck.evaluation import Evaluation, evaluate
from forecastcheck.ledger import (
    Citation,
    Confidence,
    DateWindow,
    Event,
    EventLog,
    Ledger,
    Occurs,
    Prediction,
    Source,
    load,
)
from forecastcheck.report import (
    FORMAT_VERSION,
    render_html,
    render_json,
    render_markdown,
    render_scoreboard,
    render_text,
)
from forecastcheck.report.plots import have_matplotlib

KARABAKH = Path(__file__).resolve().parent.parent / "fixtures" / "karabakh"
AS_OF = dt.date(2026, 2, 7)
NICULESCU = "niculescu-withdrawal-by-2025-11"


@pytest.fixture(scope="module")
def ledger() -> Ledger:
    return load(KARABAKH)


@pytest.fixture(scope="module")
def evaluation(ledger: Ledger) -> Evaluation:
    return evaluate(ledger, as_of=AS_OF, n_bootstrap=200)


@pytest.fixture(scope="module")
def page(evaluation: Evaluation, ledger: Ledger) -> str:
    return render_html(evaluation, ledger)


def certain_miss() -> Ledger:
    """One source, a stated certainty that failed, a hostile quote and a javascript: link."""
    event = Event(
        id="e",
        subject="x",
        kind="happens",
        date=DateWindow.day(dt.date(2021, 6, 1)),
        summary="X <b>happened</b>",
        evidence=[Citation(outlet="Evil", url="javascript:alert(1)")],
    )
    prediction = Prediction(
        id="p",
        source="s",
        quote='It <script>alert("x")</script> | will not happen',
        stated=DateWindow.day(dt.date(2020, 1, 1)),
        proposition=Occurs(subject="x", kind="happens", deadline="by 2021", text="X & Y"),
        confidence=Confidence(probability=0.0),
    )
    return Ledger(
        sources=[Source(id="s", name="Sam <Sure>")],
        predictions=[prediction],
        log=EventLog(events=[event], complete_through=dt.date(2025, 1, 1)),
    )


class _Page(HTMLParser):
    """Collects tags with their attributes, the text inside each id'd section, and the text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self.sections: dict[str, list[str]] = {}
        self._open: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        self.tags.append((tag, found))
        if tag == "section":
            self._open.append(found.get("id") or "")
            self.sections.setdefault(self._open[-1], [])

    def handle_endtag(self, tag: str) -> None:
        if tag == "section" and self._open:
            self._open.pop()

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        for section in self._open:
            self.sections[section].append(data)

    def section(self, name: str) -> str:
        return " ".join(" ".join(self.sections[name]).split())

    def all(self, tag: str, **wanted: str) -> list[dict[str, str | None]]:
        return [
            a
            for t, a in self.tags
            if t == tag and all(wanted[k] in (a.get(k) or "").split() for k in wanted)
        ]


def parse(page: str) -> _Page:
    parser = _Page()
    parser.feed(page)
    parser.close()
    return parser


def only_the_inline_script(page: str, doc: _Page) -> bool:
    """The page's one script is the renderer's own, inline: nothing loaded, nothing injected."""
    from forecastcheck.report import _html_style

    scripts = doc.all("script")
    return (
        len(scripts) == 1
        and not scripts[0]
        and page.count("<script") == 1
        and f"<script>{_html_style.SCRIPT}</script>" in page
    )


def hide_matplotlib(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make every `import matplotlib...` fail, as when the plot extra is not installed."""
    for name in [m for m in sys.modules if m == "matplotlib" or m.startswith("matplotlib.")]:
        monkeypatch.setitem(sys.modules, name, None)
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    monkeypatch.setitem(sys.modules, "matplotlib.figure", None)


class TestText:
    def test_scoreboard_lists_every_source(self, evaluation: Evaluation) -> None:
        """The text scoreboard names every source and the pooled row, with unranked reasons."""
        text = render_text(evaluation)
        board = text.split("\n\n")[1]
        for card in evaluation.sources:
            assert card.source_name in board
        assert "All sources" in board
        assert board.count("Not ranked: fewer than 5 resolved calls (sorted by Brier score):") == 1
        assert "unranked" not in board
        assert "Brier [90% interval]" in board

    def test_calls_show_wording_probability_and_status(self, evaluation: Evaluation) -> None:
        """Niculescu's call reads: MISS, 'seems highly unlikely' → 12.5%, YES on 2024-06-12."""
        text = render_text(evaluation)
        block = text[text.index(f"[MISS] {NICULESCU}") :].split("\n  [")[0]
        assert "“seems highly unlikely” → 12.5% (5%–20%)" in block
        assert "YES on 2024-06-12" in block
        assert "Brier 0.766" in block
        assert "“…withdrawal of Russian peacekeepers by that time seems highly unlikely.”" in block

    def test_pending_and_sensitivity(self, evaluation: Evaluation) -> None:
        """Pritchin's call is shown PENDING, and the scale sensitivity table closes the report."""
        text = render_text(evaluation)
        assert "[PENDING] pritchin-never-return" in text
        assert "Scale sensitivity" in text
        assert "n/a (no overlap)" in text

    def test_scoreboard_alone(self, evaluation: Evaluation) -> None:
        """render_scoreboard is the top of render_text: every source, no calls, no final newline."""
        board = render_scoreboard(evaluation)
        assert render_text(evaluation).startswith(board + "\n")
        assert "All sources" in board
        assert NICULESCU not in board
        assert not board.endswith("\n")

    def test_infinite_log_is_shown_and_counted(self) -> None:
        """A certain miss shows ∞ as its log score and the count of certain misses."""
        ev = evaluate(certain_miss(), as_of=AS_OF)
        text = render_text(ev)
        assert "∞ (1 certain miss)" in text


class TestJson:
    def test_required_fields(self, evaluation: Evaluation) -> None:
        """Top level and every prediction and source carry the documented required fields."""
        data = json.loads(render_json(evaluation))
        assert data["format_version"] == FORMAT_VERSION
        assert data["as_of"] == "2026-02-07"
        assert data["scale"] == "icd203"
        for p in data["predictions"]:
            for key in (
                "id",
                "source",
                "source_name",
                "quote",
                "status",
                "probability",
                "outcome",
                "brier",
                "log_score",
                "decided_on",
            ):
                assert key in p
        for s in data["sources"]:
            for key in (
                "source",
                "source_name",
                "n_predictions",
                "n_resolved",
                "brier",
                "log_score",
            ):
                assert key in s

    def test_niculescu_and_pritchin(self, evaluation: Evaluation) -> None:
        """The JSON carries Niculescu's scored miss and Pritchin's pending call."""
        data = json.loads(render_json(evaluation))
        calls = {p["id"]: p for p in data["predictions"]}
        n = calls[NICULESCU]
        assert (n["status"], n["verdict"], n["outcome"]) == ("YES", "MISS", 1)
        assert n["probability"] <= 0.2
        assert n["brier"] >= 0.64
        assert n["decided_on"] == "2024-06-12"
        assert n["evidence"][0]["links"]
        assert calls["pritchin-never-return"]["status"] == "PENDING"

    def test_infinity_is_valid_json(self) -> None:
        """An infinite log score is the string "Infinity" with a flag; no bare Infinity/NaN."""

        def refuse(name: str) -> float:
            raise AssertionError(f"non-standard JSON constant {name}")

        text = render_json(evaluate(certain_miss(), as_of=AS_OF))
        data = json.loads(text, parse_constant=refuse)
        p = data["predictions"][0]
        assert p["log_score"] == "Infinity"
        assert p["log_score_infinite"] is True
        assert float(p["log_score"]) == float("inf")
        assert data["sources"][0]["log_score"] == "Infinity"
        assert data["sources"][0]["n_infinite"] == 1

    def test_deterministic(self, evaluation: Evaluation) -> None:
        """The same evaluation renders to the same text."""
        assert render_json(evaluation) == render_json(evaluation)


class TestMarkdown:
    def test_tables(self, evaluation: Evaluation) -> None:
        """The Markdown has the scoreboard table, a section per source and Niculescu's row."""
        md = render_markdown(evaluation)
        assert "| Source | Calls | Resolved | Brier [90% interval] | Log | Hits | Rank |" in md
        for card in evaluation.sources:
            assert f"## {card.source_name}" in md
        row = next(line for line in md.splitlines() if NICULESCU in line)
        assert "**MISS**" in row
        assert "12.5%" in row

    def test_unranked_sources_are_in_the_order_of_the_other_reports(
        self, evaluation: Evaluation
    ) -> None:
        """Unranked rows go by mean Brier, best first, as in the text and HTML reports."""
        md = render_markdown(evaluation)
        names = {c.source_name for c in evaluation.sources}
        rows = [line.split(" | ")[0].lstrip("| ") for line in md.splitlines()]
        board = [r for r in rows if r in names][: len(names)]
        text = render_scoreboard(evaluation, width=200)
        in_text = sorted(names, key=text.index)
        assert board == in_text
        assert board.index("George Vlad Niculescu") == 3  # 0.436: after 0.001, 0.001, 0.106

    def test_cells_are_escaped(self) -> None:
        """Pipes and angle brackets from the ledger cannot break a table row."""
        md = render_markdown(evaluate(certain_miss(), as_of=AS_OF))
        row = next(line for line in md.splitlines() if "`p`" in line)
        assert "\\|" in row
        assert "<script>" not in md
        assert row.count(" | ") == 9  # ten cells, none split


class TestHtml:
    def test_is_one_document_with_every_section(self, page: str) -> None:
        """The page parses, and has the scoreboard, calibration, sources, timeline and sensitivity."""
        doc = parse(page)
        assert page.startswith("<!DOCTYPE html>")
        ids = {a.get("id") for t, a in doc.tags if t == "section"}
        assert {"scoreboard", "calibration", "sources", "timeline", "sensitivity"} <= ids
        assert doc.all("table", **{"class": "scoreboard"})

    def test_scoreboard_names_every_source(self, page: str, evaluation: Evaluation) -> None:
        """Every source's name is in the scoreboard, each linked to its section."""
        doc = parse(page)
        board = doc.section("scoreboard")
        for card in evaluation.sources:
            assert card.source_name in board
            assert doc.all("details", id=f"source-{card.source}")
            assert doc.all("a", href=f"#source-{card.source}")

    def test_niculescu_quote_verdict_and_evidence(self, page: str, ledger: Ledger) -> None:
        """Niculescu's call shows its quote, wording, probability, MISS, decision date and links."""
        start = page.index(f'id="call-{NICULESCU}"')
        call = parse(page[start - 20 : page.index('<div class="call"', start + 10)])
        text = " ".join(" ".join(call.text).split())
        quote = ledger.prediction(NICULESCU).quote
        assert " ".join(quote.split()) in text
        assert "MISS" in text
        assert "seems highly unlikely" in text
        assert "12.5%" in text
        assert "12 June 2024" in text
        links = [a.get("href") or "" for a in call.all("a")]
        assert any(h.startswith("https://") for h in links)

    def test_pritchin_pending(self, page: str) -> None:
        """Pritchin's call is shown with a PENDING badge."""
        start = page.index('id="call-pritchin-never-return"')
        assert "PENDING" in page[start : start + 600]

    def test_timeline_has_statements_and_events(self, page: str, ledger: Ledger) -> None:
        """The timeline lists every statement and every event of the log, in date order."""
        doc = parse(page)
        statements = doc.all("li", **{"class": "statement"})
        events = doc.all("li", **{"class": "event"})
        assert len(statements) == len(ledger.predictions)
        assert len(events) == len(ledger.events)
        timeline = doc.section("timeline")
        timeline = timeline[timeline.index("Everything in date order") :]  # the list, not the chart
        assert (
            timeline.index("9–10 November 2020")
            < timeline.index("14 July 2022")
            < timeline.index("12 June 2024")
        )

    def test_no_network_requests(self, page: str) -> None:
        """No script, stylesheet, font, image or frame is loaded; only <a href> leaves the page."""
        doc = parse(page)
        assert only_the_inline_script(page, doc)
        for tag, found in doc.tags:
            for key in ("src", "href", "srcset", "data", "poster"):
                value = (found.get(key) or "").strip().lower()
                if value.startswith(("http://", "https://", "//")):
                    assert (tag, key) == ("a", "href"), (tag, key, value)
            if tag == "link":
                raise AssertionError("no <link> elements expected")
        style = page[page.index("<style>") : page.index("</style>")]
        assert "url(" not in style
        assert "@import" not in style

    def test_reliability_diagram_is_inline_svg(self, page: str) -> None:
        """The calibration section holds an inline SVG diagram, with a title, and its table."""
        doc = parse(page)
        assert doc.all("div", **{"class": "reliability-diagram"})
        calibration = page[page.index('id="calibration"') : page.index('id="sources"')]
        assert "<svg" in calibration
        assert "<?xml" not in page
        assert "<!DOCTYPE svg" not in page
        assert doc.all("table", **{"class": "reliability-table"})
        assert "1 of 1" in doc.section("calibration")
        assert "Reliability of all resolved calls" in doc.section("calibration")

    def test_page_does_not_need_matplotlib(
        self, monkeypatch: pytest.MonkeyPatch, evaluation: Evaluation, ledger: Ledger, page: str
    ) -> None:
        """Without matplotlib the page is the same, diagram included: its charts are drawn inline."""
        hide_matplotlib(monkeypatch)
        assert not have_matplotlib()
        assert render_html(evaluation, ledger) == page
        table = parse(page).section("calibration")
        assert "Expected if calibrated (90%)" in table
        assert "0 of 1" in table

    def test_text_is_escaped(self) -> None:
        """Ledger text cannot inject markup, and a javascript: URL is not linked."""
        ledger = certain_miss()
        page = render_html(evaluate(ledger, as_of=AS_OF), ledger)
        doc = parse(page)
        assert only_the_inline_script(page, doc)
        assert "javascript:" not in " ".join(a.get("href") or "" for a in doc.all("a"))
        text = "".join(doc.text)
        assert '<script>alert("x")</script>' in text
        assert "Sam <Sure>" in text
        assert "X & Y" in text
        assert "X <b>happened</b>" in text  # the event summary's markup stays text

    def test_nothing_resolved(self, ledger: Ledger) -> None:
        """As of 2024-01-01 the page says nothing is resolved yet, instead of a diagram."""
        early = evaluate(ledger, as_of=dt.date(2024, 1, 1))
        page = render_html(early, ledger)
        assert "No call is resolved yet" in page
        assert 'id="reliability-t"' not in page


class TestLargeLedger:
    def test_timeline_is_capped(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """Past the limit the timeline shows the first entries and counts the rest."""
        from forecastcheck.report import html

        monkeypatch.setattr(html, "TIMELINE_LIMIT", 1)
        ledger = certain_miss()
        page = render_html(evaluate(ledger, as_of=AS_OF), ledger)
        assert "1 later entries not shown." in page
        assert len(parse(page).all("li", **{"class": "statement"})) == 1

    def test_ledger_order_does_not_matter_to_the_board(self, evaluation: Evaluation) -> None:
        """The scoreboard order is the same whatever order the sources come in."""
        shuffled = attrs.evolve(evaluation, sources=tuple(reversed(evaluation.sources)))
        board = render_text(evaluation).split("\n\n")[1]
        assert render_text(shuffled).split("\n\n")[1] == board


PAYLOAD = 'https://a.example/"><script>alert(1)</script>'
UNSAFE_URLS = [
    PAYLOAD,
    "javascript:alert(1)",
    "JavaScript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox(1)",
    "file:///etc/passwd",
    "//evil.example/x",
    "/relative/page",
    "evil.example/page",
    "https://a.example/a b",
    "https://a.example/'x'",
    "https://a.example/\x1b[31m",
    "https://a.example/\nnext",
    "https://a.example/\\x",
    "https:///no-host",
    "http://[::1",
]


def linked_ledger(url: str) -> Ledger:
    """The certain miss, its deciding event citing ``url`` from the Kyiv Independent."""
    ledger = certain_miss()
    event = attrs.evolve(
        ledger.events[0], evidence=[Citation(outlet="The Kyiv Independent", url=url)]
    )
    return attrs.evolve(ledger, log=attrs.evolve(ledger.log, events=[event]))


def evidence_cell(md: str) -> str:
    """The Evidence cell of the one call's row in a Markdown report."""
    row = next(line for line in md.splitlines() if "`p`" in line)
    return row.rsplit(" | ", 1)[1].removesuffix(" |")


class TestLinks:
    @pytest.mark.parametrize("url", UNSAFE_URLS)
    def test_markdown_links_only_http_addresses(self, url: str) -> None:
        """A Markdown report shows an address that is not a plain http(s) URL as text, not a link."""
        md = render_markdown(evaluate(linked_ledger(url), as_of=AS_OF))
        cell = evidence_cell(md)
        assert "](" not in cell
        assert "not linked" in cell
        assert "<script>" not in md
        assert "\x1b" not in md
        row = next(line for line in md.splitlines() if "`p`" in line)
        assert row.count(" | ") == 9  # the address cannot split the row or add a line

    @pytest.mark.parametrize("url", UNSAFE_URLS)
    def test_html_links_only_http_addresses(self, url: str) -> None:
        """The HTML page links no address that is not a plain http(s) URL, and shows it as text."""
        ledger = linked_ledger(url)
        page = render_html(evaluate(ledger, as_of=AS_OF), ledger)
        doc = parse(page)
        assert only_the_inline_script(page, doc)
        assert all(a.get("href") != url for a in doc.all("a"))
        assert all(
            (a.get("href") or "").startswith(("#", "http://", "https://")) for a in doc.all("a")
        )
        assert "not linked" in "".join(doc.text)

    @pytest.mark.parametrize("url", UNSAFE_URLS)
    def test_json_keeps_the_address_and_gives_no_href(self, url: str) -> None:
        """JSON keeps the recorded address as data and its `href` is null: nothing to link."""
        data = json.loads(render_json(evaluate(linked_ledger(url), as_of=AS_OF)))
        (link,) = data["predictions"][0]["evidence"][0]["links"]
        assert link["url"] == url
        assert link["href"] is None

    @pytest.mark.parametrize(
        ("url", "href"),
        [
            ("https://kyivindependent.com/a/", "https://kyivindependent.com/a/"),
            ("HTTP://A.example/x?q=1&r=(2)#f", "HTTP://A.example/x?q=1&r=(2)#f"),
            (
                "https://uk.wikipedia.org/wiki/Київ",
                "https://uk.wikipedia.org/wiki/%D0%9A%D0%B8%D1%97%D0%B2",
            ),
            ("https://a.example/a|b{c}", "https://a.example/a%7Cb%7Bc%7D"),
        ],
    )
    def test_http_addresses_are_linked_in_every_renderer(self, url: str, href: str) -> None:
        """An http(s) address is linked in Markdown, HTML and JSON `href`, percent-encoded."""
        ledger = linked_ledger(url)
        evaluation = evaluate(ledger, as_of=AS_OF)
        assert f"[The Kyiv Independent](<{href}>)" in evidence_cell(render_markdown(evaluation))
        hrefs = [a.get("href") for a in parse(render_html(evaluation, ledger)).all("a")]
        assert href in hrefs
        data = json.loads(render_json(evaluation))
        assert data["predictions"][0]["evidence"][0]["links"][0]["href"] == href


CONTROLS = "\x1b\x07\r\x7f\x9b\u202e\u2066"


def hostile_ledger() -> Ledger:
    """The certain miss with terminal controls and a newline in its names and quote."""
    ledger = certain_miss()
    proposition = ledger.predictions[0].proposition
    assert isinstance(proposition, Occurs)
    prediction = attrs.evolve(
        ledger.predictions[0],
        quote=f"It will{CONTROLS} not happen",
        proposition=attrs.evolve(proposition, text="X\nforged line" + CONTROLS),
    )
    source = attrs.evolve(ledger.sources[0], name=f"Sam{CONTROLS}\nSure")
    return attrs.evolve(ledger, sources=[source], predictions=[prediction])


class TestControlCharacters:
    def test_text_report_shows_controls_as_escapes(self) -> None:
        """The text report writes no control or bidi character raw; a newline cannot add a line."""
        text = render_text(evaluate(hostile_ledger(), as_of=AS_OF))
        for char in CONTROLS:
            assert char not in text
        assert "\\x1b\\x07\\r\\x7f\\x9b\\u202e\\u2066" in text
        assert not any(line.startswith("forged line") for line in text.splitlines())
        assert "X\\nforged line" in text

    def test_markdown_shows_controls_as_escapes(self) -> None:
        """Markdown writes no control or bidi character raw, and the rows stay whole."""
        md = render_markdown(evaluate(hostile_ledger(), as_of=AS_OF))
        for char in CONTROLS:
            assert char not in md
        assert "\\\\u202e" in md  # the visible escape, its backslash escaped for Markdown
        row = next(line for line in md.splitlines() if "`p`" in line)
        assert row.count(" | ") == 9

    def test_json_escapes_bidi_and_c1_controls(self) -> None:
        """JSON carries every string unchanged but writes C1 and bidi controls as \\u escapes."""
        out = render_json(evaluate(hostile_ledger(), as_of=AS_OF))
        for char in CONTROLS:
            assert char not in out
        data = json.loads(out)
        assert data["predictions"][0]["quote"] == f"It will{CONTROLS} not happen"
