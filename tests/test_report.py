"""The HTML report without a browser: what the file holds, that it holds nothing that loads or runs, and that
hostile article text stays text (tests/test_report_browser.py opens the same pages in Chromium)."""

from __future__ import annotations

import base64
import hashlib
import html
import json
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser

import pytest
from click.testing import CliRunner
from hostile import FIRST, HOSTILE_TEXT, SECOND, write_hostile_jsonl

import tracer
from tracer.cli import cli
from tracer.report import NO_DOT, comparison_report, lineage_report
from tracer.report_regions import lineage_regions

RT_TRIMMED, RT_FULL = "000_d5f8d56ce77da1f0.txt", "001_cc31bfe275242cde.txt"
HAS_DOT = shutil.which("dot") is not None
PAGE_TAGS = {"html", "head", "meta", "title", "style", "body", "header", "h1", "h2", "p", "noscript", "main", "section",
             "div", "span", "button", "input", "table", "script", "svg", "g", "polygon", "path", "ellipse", "text", "a"}
"""Elements of the template and of Graphviz's SVG (its <a> elements carry node tooltips)."""


class Page(HTMLParser):
    """Every start tag with its attributes, the text of each <script> and <style>, and the <title>."""

    def __init__(self, text: str):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.raw: dict[str, list[str]] = {"script": [], "style": [], "title": []}
        self._open: str | None = None
        self.feed(text)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self._open = tag if tag in self.raw else None
        if self._open:
            self.raw[tag].append("")

    def handle_endtag(self, tag):
        self._open = None

    def handle_data(self, data):
        if self._open:
            self.raw[self._open][-1] += data

    def named(self, tag: str) -> list[dict]:
        return [attrs for t, attrs in self.tags if t == tag]


def data_of(page: Page) -> dict:
    [data] = [s for s, attrs in zip(page.raw["script"], page.named("script")) if attrs.get("type") == "application/json"]
    return json.loads(data)


@pytest.fixture(scope="module")
def seeds_report(tmp_path_factory) -> str:
    from conftest import TESTS

    out = tmp_path_factory.mktemp("seeds-report")
    result = CliRunner().invoke(cli, ["trace", str(TESTS.parent / "seeds"), "-o", str(out)])
    assert result.exit_code == 0, result.stderr
    assert f"{out}/report.html" in result.stderr.splitlines()[-1]
    return (out / "report.html").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def hostile_report(tmp_path_factory) -> str:
    folder = tmp_path_factory.mktemp("hostile")
    result = CliRunner().invoke(cli, ["trace", str(write_hostile_jsonl(folder)), "-o", str(folder / "out")])
    assert result.exit_code == 0, result.stderr
    return (folder / "out" / "report.html").read_text(encoding="utf-8")


def test_trace_writes_a_report_with_every_document_and_link(seeds_report, seeds_dir):
    data = data_of(Page(seeds_report))
    assert data["mode"] == "lineage" and data["tracer"]["version"] == tracer.__version__
    assert data["tracer"]["settings"]["shingle_size"] == 5
    by_node = {d["node"]: d for d in data["documents"]}
    assert sorted(by_node[n]["id"] for n in by_node) == sorted(p.name for p in seeds_dir.glob("*.txt"))
    [text] = [l for l in data["links"] if l["kind"] == "text"]
    assert {by_node[text["source"]]["id"], by_node[text["target"]]["id"]} == {RT_TRIMMED, RT_FULL}
    assert text["direction"] == "siblings" and text["common_source"] == "RT"
    rt = [s for s in data["sources"] if s["name"] == "RT"][0]
    assert sorted(by_node[n]["id"] for n in rt["credited_by"]) == [RT_TRIMMED, RT_FULL]


def test_texts_are_carried_once_and_passages_as_offsets_into_them(seeds_report, seeds_dir):
    data = data_of(Page(seeds_report))
    by_node = {d["node"]: d for d in data["documents"]}
    for doc in data["documents"]:
        assert doc["text"] == (seeds_dir / doc["id"]).read_text(encoding="utf-8")
    [link] = [l for l in data["links"] if l["kind"] == "text"]
    pair = tracer.compare(*[tracer.Document(by_node[n]["id"], by_node[n]["text"]) for n in (link["source"], link["target"])])
    assert link["passages"] == [[*p.a, *p.b, p.exact] for p in pair.link.passages]
    assert all("text" not in l for l in data["links"]), "a link refers to its texts; it does not carry them"


def test_regions_are_those_the_pair_was_decided_on(seeds_dir):
    documents = tracer.read_documents([str(seeds_dir)]).documents
    lineage = tracer.trace(documents)
    [(n, link)] = [(n, l) for n, l in enumerate(lineage.links) if l.kind == "text"]
    pair = tracer.compare(lineage.document(link.source), lineage.document(link.target))
    assert lineage_regions(lineage)[n] == (pair.match.unshared(link.source), pair.match.unshared(link.target))


def test_the_page_loads_nothing_and_runs_only_its_own_script(seeds_report):
    page = Page(seeds_report)
    assert not [t for t, a in page.tags if t in ("link", "img", "iframe", "object", "embed", "base", "form")]
    assert not [a for _, a in page.tags if "src" in a or "srcset" in a]
    assert not [a for t, a in page.tags if t == "a" and "href" in a]  # outside links are made in JS, http(s) only
    assert "url(" not in page.raw["style"][0] and "@import" not in page.raw["style"][0]
    [csp] = [a["content"] for a in page.named("meta") if a.get("http-equiv") == "Content-Security-Policy"]
    assert "default-src 'none'" in csp
    [script] = [s for s, a in zip(page.raw["script"], page.named("script")) if "type" not in a]
    for inline in (script, page.raw["style"][0]):
        digest = base64.b64encode(hashlib.sha256(inline.encode("utf-8")).digest()).decode()
        assert f"'sha256-{digest}'" in csp, "the CSP must allow the page's own script and style"
    assert len(page.named("script")) == 2


@pytest.mark.skipif(not HAS_DOT, reason="Graphviz's dot is not installed")
def test_the_diagram_is_inline_svg_with_ids_for_every_document_source_and_link(seeds_report):
    page = Page(seeds_report)
    assert "<?xml" not in seeds_report and "<!DOCTYPE svg" not in seeds_report
    ids = {a.get("id") for _, a in page.tags}
    assert {f"node_d{i}" for i in range(5)} <= ids and {f"node_x{i}" for i in range(5)} <= ids
    assert {f"link_{n}" for n in range(len(data_of(page)["links"]))} <= ids


def test_hostile_text_stays_text_in_the_page(hostile_report):
    page = Page(hostile_report)
    assert len(page.named("script")) == 2, "no script element but the data and the page's own"
    assert {t for t, _ in page.tags} <= PAGE_TAGS, "no element the template and Graphviz do not make"
    assert not [a for t, a in page.tags if t == "a" and set(a) - {"xlink:title"}], "SVG tooltips only, no links"
    assert not [a for _, a in page.tags for k in a if k.startswith("on")], "no event handler attributes"
    assert not [a for _, a in page.tags for v in a.values() if v and "javascript:" in v]
    assert "@@" not in "".join(page.raw["title"])
    raw_json = [s for s, a in zip(page.raw["script"], page.named("script")) if a.get("type")][0]
    assert not re.search("[<>&\u2028\u2029]", raw_json)
    data = data_of(page)
    docs = {d["id"]: d for d in data["documents"]}
    assert set(docs) == {FIRST["id"], SECOND["id"]}
    for record in (FIRST, SECOND):
        doc = docs[record["id"]]
        assert (doc["title"], doc["outlet"], doc["url"]) == (record["title"], record["outlet"], record["url"])
        assert HOSTILE_TEXT in doc["text"]


@pytest.mark.skipif(not HAS_DOT, reason="Graphviz's dot is not installed")
def test_hostile_labels_are_svg_text_not_markup(hostile_report):
    texts = re.findall(r"<text[^>]*>(.*?)</text>", hostile_report[hostile_report.index("<svg"):hostile_report.index("</svg>")])
    shown = [html.unescape(t) for t in texts]
    assert "<script>alert(1)</script>" in shown  # the first line of FIRST's title, wrapped by render
    assert "</script><script>alert(2)</script>" in shown and "<i>" in shown and "back\\slash <<b>bold</b>>" in shown
    assert any("siblings via Evil&Co's" == s for s in shown)


def test_without_dot_the_report_says_so_and_has_everything_else(seeds_dir):
    lineage = tracer.trace(tracer.read_documents([str(seeds_dir)]).documents)
    text = lineage_report(lineage, None)
    page = Page(text)
    assert "svg" not in {t for t, _ in page.tags}
    assert html.escape(NO_DOT) in text
    assert len(data_of(page)["links"]) == len(lineage.links)


def test_compare_writes_the_side_by_side_view_of_one_pair(seeds_dir, tmp_path):
    out = tmp_path / "pair.html"
    result = CliRunner().invoke(cli, ["compare", str(seeds_dir / RT_TRIMMED), str(seeds_dir / RT_FULL), "--html", str(out)])
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith(f"{RT_TRIMMED} -- {RT_FULL}")  # the explanation is still printed
    data = data_of(Page(out.read_text(encoding="utf-8")))
    assert data["mode"] == "pair" and len(data["documents"]) == 2
    [link] = data["links"]
    assert link["passages"] and link["regions"] and link["evidence"]


def test_compare_of_unrelated_articles_writes_both_texts_and_no_link(story, harbour):
    pair = tracer.compare(tracer.Document("a.txt", story), tracer.Document("b.txt", harbour))
    data = data_of(Page(comparison_report(pair)))
    assert data["links"] == [] and [d["text"] for d in data["documents"]] == [story, harbour]


def test_compare_html_to_a_folder_that_does_not_exist_is_an_output_error(seeds_dir, tmp_path):
    result = CliRunner().invoke(cli, ["compare", str(seeds_dir / RT_TRIMMED), str(seeds_dir / RT_FULL), "--html",
                                      str(tmp_path / "missing" / "pair.html")])
    assert result.exit_code == 4 and "cannot write" in result.stderr


def test_import_tracer_imports_neither_the_report_nor_a_browser():
    code = ("import tracer, sys; print(sorted(m for m in ('tracer.report', 'playwright', 'graphviz') "
            "if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True)
    assert done.stdout.strip() == "[]"
