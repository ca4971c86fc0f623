"""Throughput of HTML ingest: pages per second through `tracer.read_documents`, on one core and on all.

    python benchmarks/ingest_bench.py [--pages-dir DIR] [--copies N] [--json OUT]

Reads the real saved pages in ../shared/html-pages (next to the repository) at run time, never copying
them into the repository: each page is copied N times into a temporary folder outside it (so the run is
long enough to measure), then all are read once with one worker and once with one worker per core. Extraction (trafilatura + htmldate) is the cost measured; reading the bytes is included. When the
pages are absent the benchmark says so and exits 0.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import sys
import tempfile
import time
from pathlib import Path

import tracer
from tracer.ingest import ReadOptions

REPO = Path(__file__).resolve().parents[1]
DEFAULT_PAGES = REPO.parent / "shared" / "html-pages"


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages-dir", type=Path, default=DEFAULT_PAGES, help="folder of saved .html pages")
    parser.add_argument("--copies", type=int, default=8, help="times each page is read (default 8)")
    parser.add_argument("--json", type=Path, help="also write the figures to this JSON file")
    return parser.parse_args(argv)


def write_copies(pages: list[Path], copies: int, folder: Path) -> list[str]:
    """`copies` copies of each page in a temporary `folder` (links would be read once: same file)."""
    paths = []
    for n in range(copies):
        for page in pages:
            target = folder / f"{n:03d}-{page.name}"
            target.write_bytes(page.read_bytes())
            paths.append(str(target))
    return paths


def measure(paths: list[str], workers: int) -> dict:
    gc.collect()
    start = time.perf_counter()
    corpus = tracer.read_documents(paths, options=ReadOptions(workers=workers))
    seconds = time.perf_counter() - start
    return {"workers": workers or os.cpu_count(), "pages": len(paths), "documents": len(corpus.documents),
            "skipped": len(corpus.skipped), "seconds": round(seconds, 2), "pages_per_s": round(len(paths) / seconds, 1),
            "mb_per_s": round(sum(os.path.getsize(p) for p in paths) / seconds / 1e6, 2)}


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    pages = sorted(args.pages_dir.glob("*.html")) if args.pages_dir.is_dir() else []
    if not pages:
        print(f"ingest_bench: skipped, no pages at {args.pages_dir}")
        return 0
    tracer.read_documents([str(pages[0])])  # warm up: imports and caches, outside the timings
    with tempfile.TemporaryDirectory(prefix="tracer-ingest-") as tmp:
        paths = write_copies(pages, args.copies, Path(tmp))
        runs = [measure(paths, 1), measure(paths, 0)]
    report = {"pages_dir": str(args.pages_dir), "distinct_pages": len(pages), "copies": args.copies, "runs": runs,
              "python": sys.version.split()[0], "cores": os.cpu_count()}
    for run in runs:
        print(f"HTML ingest, {run['workers']} worker(s): {run['pages']} pages in {run['seconds']} s = "
              f"{run['pages_per_s']} pages/s ({run['mb_per_s']} MB/s of HTML), {run['skipped']} skipped")
    if args.json:
        args.json.write_text(json.dumps(report, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
