"""The HTML report in a real browser: headless Chromium (the system's `chromium`) driven by Playwright.

Playwright's own browser downloads are never used (`playwright install` is not needed): the tests launch the
Debian `chromium` that scripts/setup --test installs, and are skipped when it or Playwright is missing.
They leave a screenshot of the seeds' report in output/ for a person to look at.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import TESTS
from hostile import FIRST, HOSTILE_TEXT, SECOND, write_hostile_jsonl

from tracer.cli import cli

sync_api = pytest.importorskip("playwright.sync_api", reason="Playwright is not installed (pip install -e '.[test]')")
CHROMIUM = shutil.which("chromium")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (scripts/setup --test installs it)")
HAS_DOT = shutil.which("dot") is not None
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
OUTPUT = TESTS.parent / "output"
RT_TRIMMED, RT_FULL = "000_d5f8d56ce77da1f0.txt", "001_cc31bfe275242cde.txt"


@dataclass
class Opened:
    """A page and what happened while it was open."""

    page: object
    url: str
    requests: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def open_page(browser):
    """`open_page(path)`: the page loaded from file://, with its requests, console errors and dialogs recorded."""
    pages = []

    def load(path: Path) -> Opened:
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        pages.append(page)
        opened = Opened(page, path.resolve().as_uri())
        page.on("request", lambda r: opened.requests.append(r.url))
        page.on("console", lambda m: opened.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: opened.errors.append(str(e)))
        page.on("dialog", lambda d: (opened.dialogs.append(d.message), d.dismiss()))
        page.goto(opened.url)
        return opened

    yield load
    for page in pages:
        page.close()


def trace_to(tmp_path_factory, *paths: str) -> Path:
    out = tmp_path_factory.mktemp("report")
    result = CliRunner().invoke(cli, ["trace", *paths, "-o", str(out)])
    assert result.exit_code == 0, result.stderr
    return out / "report.html"


@pytest.fixture(scope="module")
def seeds_report(tmp_path_factory) -> Path:
    return trace_to(tmp_path_factory, str(TESTS.parent / "seeds"))


@pytest.fixture(scope="module")
def hostile_report(tmp_path_factory) -> Path:
    return trace_to(tmp_path_factory, str(write_hostile_jsonl(tmp_path_factory.mktemp("hostile"))))


def rows(page, table: str) -> list[str]:
    return page.locator(f"#{table} tbody tr").all_inner_texts()


def test_seeds_report_opens_offline_with_no_error_and_no_request(open_page, seeds_report):
    opened = open_page(seeds_report)
    assert opened.requests == [opened.url], "nothing but the file itself is requested"
    assert opened.errors == [] and opened.dialogs == []
    if HAS_DOT:
        assert opened.page.locator("#diagram-box svg g.node").count() == 10
    OUTPUT.mkdir(exist_ok=True)
    opened.page.screenshot(path=str(OUTPUT / "report-seeds-overview.png"))


def test_seeds_report_lists_the_sibling_link_and_the_rt_credits(open_page, seeds_report):
    page = open_page(seeds_report).page
    [link] = rows(page, "links")
    assert RT_TRIMMED in link and RT_FULL in link and "siblings via RT" in link and "trimmed" in link
    credits = [r for r in rows(page, "credits") if r.startswith("RT")]
    assert sorted(r.split("\t")[1] for r in credits) == [RT_TRIMMED, RT_FULL]


def test_clicking_the_link_shows_its_highlighted_passages(open_page, seeds_report):
    opened = open_page(seeds_report)
    page = opened.page
    target = "#diagram-box g.edge:has-text('siblings via RT') text" if HAS_DOT else "#links tbody tr"
    page.locator(target).first.click()
    details = page.locator("#details")
    assert details.is_visible()
    assert "siblings: both derive from RT" in details.inner_text()
    shared = details.locator(".side-by-side .shared")
    assert shared.count() >= 2  # each passage on both sides
    assert "Russian embassy" in shared.nth(0).inner_text() + shared.nth(1).inner_text()
    assert "tail · article text · 421 words" in details.locator("ul.regions").inner_text()
    assert "credit RT" in details.locator("ul.evidence").inner_text()
    if HAS_DOT:
        assert "selected" in page.locator("#diagram-box g.edge.selected").get_attribute("class")
    assert opened.errors == []
    # the diagram with the link selected, its details and the start of the side-by-side view
    page.screenshot(path=str(OUTPUT / "report-seeds-link.png"), full_page=True,
                    clip={"x": 0, "y": 0, "width": 1400, "height": 2600})


def test_clicking_a_document_shows_its_text_and_credit(open_page, seeds_report):
    page = open_page(seeds_report).page
    page.locator("#documents tbody tr", has_text=RT_TRIMMED).click()
    details = page.locator("#details")
    assert details.locator(".credit-line").inner_text() == "RT reports:"
    assert "siblings" in details.locator("ul").last.inner_text() or "shared" in details.inner_text()


def test_hostile_article_runs_no_code_and_leaves_the_page_whole(open_page, hostile_report):
    opened = open_page(hostile_report)
    page = opened.page
    page.locator("#links tbody tr").first.click()
    assert opened.dialogs == [] and opened.errors == []
    assert opened.requests == [opened.url]
    shape = page.evaluate("""() => ({
        scripts: document.scripts.length, images: document.images.length, title: document.title,
        javascript: [...document.querySelectorAll('[href]')].filter(e => /^\\s*javascript:/i.test(e.getAttribute('href'))).length,
        handlers: [...document.querySelectorAll('*')].filter(e => [...e.attributes].some(a => a.name.startsWith('on'))).length,
        sections: [...document.querySelectorAll('main > section')].map(s => s.id)})""")
    assert shape == {"scripts": 2, "images": 0, "title": "tracer report: 2 documents", "javascript": 0, "handlers": 0,
                     "sections": ["diagram", "details", "links-section", "credits-section", "documents-section",
                                  "sources-section", "settings-section"]}
    cells = page.locator("#documents tbody td")
    assert FIRST["title"] in cells.all_inner_texts() and FIRST["outlet"] in cells.all_inner_texts()
    assert page.locator("#documents a.url").count() == 1  # the https URL; javascript:alert(3) stays text
    assert page.locator("#documents a.url").get_attribute("href").startswith("https://example.org/")
    side = page.evaluate("""() => { const view = document.querySelector('#details .side-by-side').cloneNode(true);
        view.querySelectorAll('.pnum, .region-label').forEach((e) => e.remove()); return view.textContent; }""")
    assert side.count(HOSTILE_TEXT) == 2  # shown on both sides, as text
    if HAS_DOT:
        assert "<script>alert(1)</script>" in page.locator("#diagram-box svg text").all_text_contents()
    assert SECOND["title"] in page.locator("#documents").inner_text()


def test_compare_html_opens_on_the_side_by_side_view(open_page, seeds_dir, tmp_path):
    out = tmp_path / "pair.html"
    result = CliRunner().invoke(cli, ["compare", str(seeds_dir / RT_TRIMMED), str(seeds_dir / RT_FULL), "--html", str(out)])
    assert result.exit_code == 0, result.stderr
    opened = open_page(out)
    assert opened.errors == [] and opened.requests == [opened.url]
    assert opened.page.locator("#details .side-by-side .shared").count() >= 2
    assert not opened.page.locator("#diagram").is_visible()


def test_without_the_diagram_the_page_says_why_and_works(open_page, seeds_dir, tmp_path):
    import tracer
    from tracer.report import lineage_report

    lineage = tracer.trace(tracer.read_documents([str(seeds_dir)]).documents)
    path = tmp_path / "report.html"
    path.write_text(lineage_report(lineage, None), encoding="utf-8")
    opened = open_page(path)
    assert "dot program is not installed" in opened.page.locator("#diagram .missing").inner_text()
    opened.page.locator("#links tbody tr").first.click()
    shared = opened.page.locator("#details .shared")
    shared.first.wait_for()  # the click sets the address's #link=…, and the page opens it on hashchange, after
    assert shared.count() >= 2 and opened.errors == []


def test_long_tables_show_their_first_rows_and_filter_all_of_them(open_page, tmp_path):
    from tracer.model import Document, Lineage
    from tracer.report import lineage_report

    documents = tuple(Document(f"doc{i:04d}.txt", f"text {i}", title=f"Story number {i}") for i in range(450))
    path = tmp_path / "report.html"
    path.write_text(lineage_report(Lineage(documents, {}, (), ()), None), encoding="utf-8")
    opened = open_page(path)
    page = opened.page
    assert page.locator("#documents tbody tr.clickable").count() == 200
    assert "showing 200 of 450" in page.locator("#documents tr.more").inner_text()
    page.fill("input[data-table=documents]", "doc0321")
    assert page.locator("#documents tbody tr.clickable").all_inner_texts() == ["doc0321.txt\t\tStory number 321\t\t\t\t0"]
    page.fill("input[data-table=documents]", "")
    page.locator("#documents button[data-more]").click()
    assert page.locator("#documents tbody tr.clickable").count() == 450 and opened.errors == []
