"""Size and opening time of the HTML report of a large trace, in headless Chromium.

    python benchmarks/report_bench.py [--articles 1000] [--runs 5] [--work DIR] [--json OUT]

1. a collection of --articles articles with real-ish syndication (benchmarks/corpus_gen.py: stories cut from the
   PAN 2013 texts in ../shared/eval/pan13-train, read at run time, republished whole, trimmed, with a rewritten
   lede, as excerpts and compilations, inside site wrappers with credit lines);
2. in this process: `tracer.trace`, the diagram (DOT, then SVG from Graphviz's `dot`) and `lineage_report`, each
   timed; the report's size, and how much of it is texts, diagram and the rest;
3. the system `chromium` (headless, through Playwright, no network) opens the report from file:// --runs times,
   each in a new page: navigation start to the load event, to the first contentful paint, and to the first
   frame drawn after the page's script has built the tables (the `tracer-painted` mark); then the time to open
   the link with the longest texts (its side-by-side view is built on demand) until the next frame.
Medians and maxima are printed, with the machine's load average (the figures move with it).
When the PAN texts are absent it says so and exits 0.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "benchmarks"))

from corpus_gen import DEFAULT_EVAL_DIR  # noqa: E402

CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
OPEN_LINK = """async (n) => {
  const start = performance.now();
  location.hash = 'link=' + n;  // as a click on its row or edge does
  while (!document.querySelector('#details:not([hidden]) .side-by-side')) await new Promise((r) => setTimeout(r, 0));
  await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
  return performance.now() - start;
}"""
TIMES = """() => {
  const nav = performance.getEntriesByType('navigation')[0];
  const paint = performance.getEntriesByName('first-contentful-paint')[0];
  const drawn = performance.getEntriesByName('tracer-painted')[0];
  return {load_ms: nav.loadEventEnd, dom_ms: nav.domInteractive, first_paint_ms: paint ? paint.startTime : null,
          drawn_ms: drawn ? drawn.startTime : null};
}"""


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=5, help="page loads measured")
    parser.add_argument("--work", type=Path, default=Path("/tmp/tracer-report-bench"), help="scratch folder")
    parser.add_argument("--eval-dir", type=Path, default=DEFAULT_EVAL_DIR)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--json", type=Path, help="also write the figures to this JSON file")
    return parser.parse_args(argv)


def corpus(args) -> Path:
    folder = args.work / f"corpus-{args.articles}-{args.seed}"
    if not (folder / "truth.jsonl").exists():
        shutil.rmtree(folder, ignore_errors=True)
        subprocess.run([sys.executable, str(REPO / "benchmarks" / "corpus_gen.py"), str(folder), "--articles",
                        str(args.articles), "--queries", "0", "--seed", str(args.seed), "--eval-dir",
                        str(args.eval_dir)], check=True, stdout=subprocess.DEVNULL)
    return folder / "articles"


def build(articles: Path, out: Path) -> tuple[dict, int]:
    """Trace, draw and write the report; the seconds of each step and the sizes; the link to open."""
    import tracer
    from tracer.render import render_images, to_dot
    from tracer.report import lineage_report

    documents = tracer.read_documents([str(articles)]).documents
    clock = time.perf_counter()
    lineage = tracer.trace(documents)
    traced = time.perf_counter()
    svg = render_images(to_dot(lineage), ("svg",))["svg"]
    drawn = time.perf_counter()
    page = lineage_report(lineage, svg)
    done = time.perf_counter()
    out.write_text(page, encoding="utf-8")
    text_links = [(n, l) for n, l in enumerate(lineage.links) if l.kind == "text"]
    size = lambda doc_id: len(lineage.document(doc_id).text)
    longest = max(text_links, key=lambda x: size(x[1].source) + size(x[1].target))[0]
    texts = sum(len(d.text.encode("utf-8")) for d in lineage.documents)
    return {
        "documents": len(lineage.documents), "text_links": len(text_links), "links": len(lineage.links),
        "external_sources": len(lineage.external_sources),
        "trace_s": round(traced - clock, 1), "dot_svg_s": round(drawn - traced, 1), "report_s": round(done - drawn, 1),
        "report_bytes": out.stat().st_size, "texts_bytes": texts, "svg_bytes": len(svg),
    }, longest


def measure(path: Path, runs: int, link: int) -> dict:
    from playwright.sync_api import sync_playwright

    chromium = shutil.which("chromium")
    if chromium is None:
        return {"skipped": "chromium is not installed (scripts/setup --test installs it)"}
    samples, opened, requests, errors = [], [], set(), []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        for _ in range(runs):
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.on("request", lambda r: requests.add(r.url))
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            page.goto(path.resolve().as_uri())
            page.wait_for_function("performance.getEntriesByName('tracer-painted').length > 0")
            samples.append(page.evaluate(TIMES))
            opened.append(page.evaluate(OPEN_LINK, link))
            page.close()
        browser.close()
    figures = {key: _spread([s[key] for s in samples if s[key] is not None]) for key in samples[0]}
    return {**figures, "open_longest_link_ms": _spread(opened), "runs": runs,
            "requests": sorted(requests), "console_errors": errors}


def _spread(values: list[float]) -> dict:
    return {"median": round(statistics.median(values)), "max": round(max(values))} if values else {}


def main(argv=None) -> int:
    args = parse_args(argv)
    if not (args.eval_dir / "src").is_dir():
        print(f"report_bench: {args.eval_dir} not found; skipped", file=sys.stderr)
        return 0
    args.work.mkdir(parents=True, exist_ok=True)
    articles = corpus(args)
    out = args.work / f"report-{args.articles}.html"
    built, longest = build(articles, out)
    print(f"report_bench: built {out}: {json.dumps(built)}", file=sys.stderr)
    report = {"articles": args.articles, "cpus": os.cpu_count(), "load_average": [round(x, 1) for x in os.getloadavg()],
              "build": built, "browser": measure(out, args.runs, longest)}
    report["load_average_after"] = [round(x, 1) for x in os.getloadavg()]
    print(json.dumps(report, indent=2))
    if args.json:
        args.json.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
