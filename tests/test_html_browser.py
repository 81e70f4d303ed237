"""The HTML page in a real browser (system Chromium through Playwright), at 1280 and 390 px.

On the Karabakh report and on a generated 600-call, 30-source ledger: no
horizontal overflow, exactly one request, WCAG contrast of at least 4.5:1
for every piece of text, a title on every chart, chart labels that never
collide, the biggest miss on the first screen, the large page at most
25,000 px tall with its calls reachable from the contents bar, and a page
that works with JavaScript off. Screenshots of both widths are written under
pytest's temporary directory (the path is printed).

Skipped, with the reason, when Playwright or ``/usr/bin/chromium`` is missing.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from forecastcheck.evaluation import Evaluation, Verdict, evaluate
from forecastcheck.ledger import Ledger, load
from forecastcheck.report import render_html

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ROOT = Path(__file__).resolve().parent.parent
AS_OF = dt.date(2026, 2, 7)
URL = "http://report.test/page.html"
WIDTHS = (1280, 390)
LEDGERS = ("karabakh", "large")
MAX_HEIGHT = 25_000

try:
    from playwright.sync_api import Browser, Page, sync_playwright
except ImportError:  # pragma: no cover - depends on the environment
    pytest.skip(
        "playwright is not installed (pip install playwright; the browser is the system "
        "Chromium, /usr/bin/chromium)",
        allow_module_level=True,
    )
if not CHROMIUM.exists():  # pragma: no cover - depends on the environment
    pytest.skip(
        f"{CHROMIUM} is missing (Debian: apt-get install -y chromium)", allow_module_level=True
    )


def _module(path: Path, name: str) -> Any:
    """A Python file of the project loaded as a module (a benchmark, another test file)."""
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def large_ledger() -> Ledger:
    """The benchmark's seeded generator at 600 calls by 30 sources."""
    module = _module(ROOT / "benchmarks" / "bench_report.py", "bench_report")
    ledger: Ledger = module.build(n=600, n_sources=30, seed=11)
    return ledger


@pytest.fixture(scope="module")
def reports() -> dict[str, tuple[Evaluation, str]]:
    """Each ledger's evaluation and page, made once for the module."""
    out = {}
    for name, ledger in (
        ("karabakh", load(ROOT / "fixtures" / "karabakh")),
        ("large", large_ledger()),
    ):
        evaluation = evaluate(ledger, as_of=AS_OF, n_bootstrap=200)
        out[name] = (evaluation, render_html(evaluation, ledger))
    return out


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """One headless system Chromium for the module."""
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def artefacts(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where the screenshots go (printed, so a CI log shows it)."""
    path = tmp_path_factory.mktemp("html-screenshots")
    print(f"HTML screenshots in {path}")
    return path


class Opened:
    """A page served at :data:`URL` from memory, with every request it made."""

    def __init__(self, browser: Browser, html: str, width: int, *, script: bool = True) -> None:
        self.context = browser.new_context(
            viewport={"width": width, "height": 844}, java_script_enabled=script
        )
        self.page: Page = self.context.new_page()
        self.requests: list[str] = []
        self.page.on("request", lambda request: self.requests.append(request.url))
        self.page.route(
            "**/*",
            lambda route: (
                route.fulfill(body=html, content_type="text/html; charset=utf-8")
                if route.request.url == URL
                else route.abort()
            ),
        )
        self.page.goto(URL)

    def js(self, code: str) -> Any:
        return self.page.evaluate(code)

    def close(self) -> None:
        self.context.close()


@pytest.fixture(scope="module")
def opened(
    browser: Browser, reports: dict[str, tuple[Evaluation, str]], artefacts: Path
) -> Iterator[dict[tuple[str, int], Opened]]:
    """Each page at each width, opened once; screenshots of each written as artefacts."""
    pages = {}
    for name in LEDGERS:
        for width in WIDTHS:
            view = Opened(browser, reports[name][1], width)
            view.page.screenshot(path=str(artefacts / f"{name}-{width}.png"))
            if name == "karabakh":  # the large page is too tall to photograph whole, quickly
                view.page.screenshot(
                    path=str(artefacts / f"{name}-{width}-full.png"), full_page=True
                )
            pages[name, width] = view
    yield pages
    for view in pages.values():
        view.close()


CASES = [(name, width) for name in LEDGERS for width in WIDTHS]

# WCAG 2.x: relative luminance of sRGB, contrast (L1 + 0.05) / (L2 + 0.05); the background
# is every ancestor's background colour composited from the root down (alpha-blended).
CONTRAST = """() => {
  const closed = Array.from(document.querySelectorAll("details")).filter(d => !d.open);
  closed.forEach(d => { d.open = true; });
  const parse = (c) => {
    const m = /rgba?\\(([^)]+)\\)/.exec(c || "");
    if (!m) return null;
    const p = m[1].split(/[\\s,\\/]+/).filter(Boolean).map(Number);
    return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1];
  };
  const over = (top, bottom) => {
    const a = top[3];
    return [0, 1, 2].map(i => top[i] * a + bottom[i] * (1 - a)).concat([1]);
  };
  const background = (el) => {
    const layers = [];
    for (let e = el; e; e = e.parentElement) {
      const c = parse(getComputedStyle(e).backgroundColor);
      if (c && c[3] > 0) { layers.push(c); if (c[3] >= 1) break; }
    }
    let bg = [255, 255, 255, 1];
    for (let i = layers.length - 1; i >= 0; i--) bg = over(layers[i], bg);
    return bg;
  };
  const luminance = (rgb) => {
    const [r, g, b] = rgb.slice(0, 3).map(v => {
      v /= 255;
      return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const failures = [];
  let checked = 0;
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode;
    const el = node.parentElement;
    if (!node.textContent.trim() || !el || el.closest("script, style, title, desc")) continue;
    const range = document.createRange();
    range.selectNodeContents(node);
    if (!range.getClientRects().length) continue;
    const style = getComputedStyle(el);
    if (style.visibility !== "visible") continue;
    const bg = background(el);
    const raw = parse(el instanceof SVGElement ? style.fill : style.color);
    if (!raw) continue;
    const fg = over(raw, bg);
    const a = luminance(fg), b = luminance(bg);
    const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
    checked++;
    if (ratio < 4.5) {
      failures.push([node.textContent.trim().slice(0, 40), ratio.toFixed(2), fg.join(","), bg.join(",")]);
    }
  }
  closed.forEach(d => { d.open = false; });
  return {checked, failures: failures.slice(0, 20), n: failures.length};
}"""

# Every visible <text> of every chart, by chart: [chart title, text, left, top, right, bottom].
TEXT_BOXES = """() => Array.from(document.querySelectorAll("svg")).filter(s => s.getClientRects().length)
  .map(s => [s.querySelector("title") ? s.querySelector("title").textContent : "",
    Array.from(s.querySelectorAll("text")).map(t => {
      const r = t.getBoundingClientRect();
      return [t.textContent, r.left, r.top, r.right, r.bottom];
    })])"""


def biggest_miss(evaluation: Evaluation) -> str:
    """The name of the source of the resolved miss with the largest Brier score."""
    misses = [r for r in evaluation.predictions if r.verdict is Verdict.MISS]
    return max(misses, key=lambda r: r.brier or 0.0).source_name


@pytest.mark.parametrize(("name", "width"), CASES)
class TestEveryPage:
    def test_no_horizontal_overflow(
        self, opened: dict[tuple[str, int], Opened], name: str, width: int
    ) -> None:
        """The page is no wider than the viewport."""
        view = opened[name, width]
        assert view.js("document.scrollingElement.scrollWidth <= innerWidth")

    def test_exactly_one_request(
        self, opened: dict[tuple[str, int], Opened], name: str, width: int
    ) -> None:
        """Opening the page makes one request, for the page itself: no script, font, image."""
        assert opened[name, width].requests == [URL]

    def test_text_contrast(
        self, opened: dict[tuple[str, int], Opened], name: str, width: int
    ) -> None:
        """Every piece of visible text (every disclosure open) has a WCAG contrast of at least 4.5."""
        found = opened[name, width].js(CONTRAST)
        assert found["checked"] > 100
        assert found["n"] == 0, found["failures"]

    def test_every_chart_has_a_title(
        self, opened: dict[tuple[str, int], Opened], name: str, width: int
    ) -> None:
        """Every SVG on the page has a non-empty <title> and <desc>."""
        titles = opened[name, width].js(
            """() => Array.from(document.querySelectorAll("svg")).map(s =>
              [s.querySelector(":scope > title"), s.querySelector(":scope > desc")]
                .map(e => e ? e.textContent.trim() : ""))"""
        )
        assert titles
        assert all(title and desc for title, desc in titles), titles

    def test_chart_labels_never_collide(
        self, opened: dict[tuple[str, int], Opened], name: str, width: int
    ) -> None:
        """No two text labels of a shown chart overlap on screen, and none is below 9 px."""
        for title, boxes in opened[name, width].js(TEXT_BOXES):
            for i, (a, *ra) in enumerate(boxes):
                assert ra[3] - ra[1] >= 9, (title, a)
                for b, *rb in boxes[i + 1 :]:
                    apart = (
                        ra[2] <= rb[0] + 0.5
                        or rb[2] <= ra[0] + 0.5
                        or ra[3] <= rb[1] + 0.5
                        or rb[3] <= ra[1] + 0.5
                    )
                    assert apart, (title, a, b)

    def test_first_screen_names_the_biggest_miss(
        self,
        opened: dict[tuple[str, int], Opened],
        reports: dict[str, tuple[Evaluation, str]],
        name: str,
        width: int,
    ) -> None:
        """The biggest miss, by name, is within the first viewport height."""
        page = opened[name, width].page
        page.evaluate("window.scrollTo(0, 0)")
        who = biggest_miss(reports[name][0])
        lead = page.locator("#summary p.miss b")
        assert who in lead.inner_text()
        box = lead.bounding_box()
        assert box is not None
        assert box["y"] + box["height"] <= 844


@pytest.mark.parametrize("width", WIDTHS)
def test_large_page_height(opened: dict[tuple[str, int], Opened], width: int) -> None:
    """The 600-call page is at most 25,000 px tall at either width."""
    assert opened["large", width].js("document.scrollingElement.scrollHeight") <= MAX_HEIGHT


@pytest.mark.parametrize("width", WIDTHS)
def test_calls_reachable_through_the_contents_bar(
    browser: Browser, reports: dict[str, tuple[Evaluation, str]], width: int
) -> None:
    """From the contents bar: the sources section, a source opened, its first call on screen."""
    view = Opened(browser, reports["large"][1], width)
    try:
        page = view.page
        links = page.locator("nav.contents a")
        targets = [links.nth(i).get_attribute("href") for i in range(links.count())]
        assert all(page.locator(t or "#missing").count() == 1 for t in targets), targets
        page.locator('nav.contents a[href="#sources"]').click()
        first = page.locator("#source-list details.source").first
        first.locator(":scope > summary").click()
        assert first.get_attribute("open") is not None
        call = first.locator(".call").first
        call.scroll_into_view_if_needed()
        assert call.is_visible()
        evaluation = reports["large"][0]
        target = evaluation.predictions[-1].id
        page.goto(f"{URL}#call-{target}")
        assert page.locator(f"#call-{target}").is_visible()
    finally:
        view.close()


def test_filter_and_sort(browser: Browser, reports: dict[str, tuple[Evaluation, str]]) -> None:
    """The script's filter narrows the sources by name; a header click sorts the scoreboard."""
    view = Opened(browser, reports["large"][1], 1280)
    try:
        page = view.page
        page.fill("#sources input[type=search]", "analyst 007")
        shown = page.locator("#source-list details.source:visible")
        assert shown.count() == 1
        assert "Analyst 007" in shown.first.inner_text()
        names = page.locator("table.scoreboard tbody td.name")
        before = names.all_inner_texts()
        page.locator("table.scoreboard th", has_text="Source").click()
        after = names.all_inner_texts()
        assert sorted(after) == sorted(before)
        assert after == sorted(after)
        assert view.requests == [URL]
    finally:
        view.close()


def test_works_without_javascript(
    browser: Browser, reports: dict[str, tuple[Evaluation, str]]
) -> None:
    """With scripts off the content shows, disclosures open, and no script-made control appears."""
    view = Opened(browser, reports["large"][1], 390, script=False)
    try:
        page = view.page
        assert page.locator("#summary p.miss").is_visible()
        assert page.locator("#scoreboard table.scoreboard").is_visible()
        assert page.locator("input[type=search]").count() == 0
        first = page.locator("#source-list details.source").first
        assert first.get_attribute("open") is None
        first.locator(":scope > summary").click()
        assert first.get_attribute("open") is not None
        assert first.locator(".call").first.is_visible()
        assert view.requests == [URL]
    finally:
        view.close()


def test_screenshots_are_written(opened: dict[tuple[str, int], Opened], artefacts: Path) -> None:
    """A first-screen screenshot of each page at each width (and the whole Karabakh page) is on disk."""
    shots = [f"{name}-{width}.png" for name, width in CASES]
    shots += [f"karabakh-{width}-full.png" for width in WIDTHS]
    for shot in shots:
        assert (artefacts / shot).stat().st_size > 1000, shot


def deadline_page(tmp_path: Path) -> str:
    """The page of the two-source ledger whose 'within weeks' call flips with the reading."""
    module = _module(ROOT / "tests" / "test_deadline_sensitivity.py", "deadline_case")
    evaluation = module._evaluation(tmp_path)
    ledger = load(tmp_path / "ledger.json")
    return render_html(evaluation, ledger)


@pytest.mark.parametrize("width", WIDTHS)
def test_deadline_tables_fit_and_read(browser: Browser, tmp_path: Path, width: int) -> None:
    """The deadline-sensitivity tables show at either width, with no overflow and full contrast."""
    view = Opened(browser, deadline_page(tmp_path), width)
    try:
        for table in ("table.deadline-flips", "table.deadline-sources"):
            assert view.page.locator(f"#deadline-sensitivity {table}").is_visible()
        assert view.page.locator("#deadline-sensitivity pre").count() == 0
        assert view.js("document.scrollingElement.scrollWidth <= innerWidth")
        assert view.js(
            """() => Array.from(document.querySelectorAll("#deadline-sensitivity table"))
              .every(t => t.getBoundingClientRect().right <= innerWidth)"""
        )
        found = view.js(CONTRAST)
        assert found["checked"] > 0
        assert found["n"] == 0, found["failures"]
    finally:
        view.close()
