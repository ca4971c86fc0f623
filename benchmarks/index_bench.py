"""Speed of the persistent index: build, size, warm and cold `check`, memory, beside a linear-scan baseline.

    python benchmarks/index_bench.py [--articles 5000] [--queries 100] [--cold 20] [--baseline 5]
                                     [--index TARGET] [--work DIR] [--json OUT]

One run, all figures from it:
1. a corpus of --articles articles and --queries held-out queries (benchmarks/corpus_gen.py, from the PAN 2013
   texts in ../shared/eval/pan13-train, read at run time);
2. build: `tracer index add` of the whole corpus in a fresh process on every core: documents/s, the process's
   peak memory, and the index's size per document (the SQLite file, by table, or Redis `used_memory`);
3. warm: one process opens the index and runs `Index.check` on every query (after one untimed check):
   p50/p95 latency, peak memory, and recall/precision against the generator's ground truth;
4. cold: `tracer check QUERY --index TARGET --json` as a new process per query, --cold queries spread over all
   of them: p50/p95 wall time (also for copies of corpus stories and stories the corpus lacks), peak memory;
5. baseline, in the warm process: `Index.check(exhaustive=True)` — every stored window signature read and
   compared, no LSH — on the first --baseline queries, reported as ratios to the LSH check on the same queries,
   with the share of the scan's matches the LSH check finds, at the default limit and with none (the scan ranks
   its candidates by windows alone, so within a limit the two can pick different documents);
6. memory against index size: the cold check again on an index of the first tenth of the corpus.
Peak memory of a check is the process's own high-water mark (Linux's VmHWM; ru_maxrss elsewhere, which counts
this benchmark's own peak), without the aligning processes a check with many candidates forks.
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


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=5000, help="corpus size (100000 for the README figures)")
    parser.add_argument("--queries", type=int, default=100, help="held-out articles checked warm")
    parser.add_argument("--cold", type=int, default=20, help="queries checked by a new `tracer check` process")
    parser.add_argument("--baseline", type=int, default=5, help="queries also checked by the linear scan")
    parser.add_argument("--index", dest="target", help="index target (default WORK/index-N.sqlite; redis://... too)")
    parser.add_argument("--work", type=Path, default=Path("/tmp/tracer-index-bench"), help="scratch folder")
    parser.add_argument("--eval-dir", type=Path, default=DEFAULT_EVAL_DIR)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--json", type=Path, help="also write the figures to this JSON file")
    parser.add_argument("--skip-build", action="store_true",
                        help="measure checks on the index an earlier run built (no build, no small index)")
    parser.add_argument("--warm", nargs=3, metavar=("TARGET", "QUERIES", "BASELINE"), help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def timed_process(argv) -> tuple[str, float, int]:
    """stdout, wall seconds and peak RSS of one process: the peak it reports on stderr (`PEAK_LINE`, from a
    `measured_argv` process), else the rusage os.wait4 gives, which counts its waited-for children but starts
    from this process's own peak (a forked child keeps its parent's high-water mark through exec)."""
    start = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    out = proc.stdout.read()
    err = proc.stderr.read().decode()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:  # `check` without --fail-on-reuse exits 0 when it finds reuse
        sys.exit(f"index_bench: {' '.join(map(str, argv))} failed:\n{err}")
    reported = [line.split()[-1] for line in err.splitlines() if line.startswith(PEAK_LINE)]
    return out.decode(), wall, int(reported[-1]) * 1024 if reported else usage.ru_maxrss * RSS_UNIT


PEAK_LINE = "index_bench: peak KiB"
RSS_UNIT = 1 if sys.platform == "darwin" else 1024
"""Bytes in a unit of `ru_maxrss`: macOS counts bytes, Linux KiB."""
_MEASURED = (
    "import atexit, sys\n"
    "def peak():\n"
    "    try:\n"
    "        with open('/proc/self/status') as f:\n"
    "            kib = next(line.split()[1] for line in f if line.startswith('VmHWM:'))\n"
    "    except (OSError, StopIteration):\n"
    "        return\n"
    f"    print('{PEAK_LINE}', kib, file=sys.stderr)\n"
    "atexit.register(peak)\n"
    "sys.argv = ['tracer', *sys.argv[1:]]\n"
    "from tracer.cli import main\n"
    "main()\n"
)


def own_peak() -> int:
    """This process's peak RSS in bytes since it started its program (Linux's VmHWM), else ru_maxrss."""
    import resource

    try:
        with open("/proc/self/status") as f:
            return 1024 * int(next(line.split()[1] for line in f if line.startswith("VmHWM:")))
    except (OSError, StopIteration):
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * RSS_UNIT


def tracer_argv(*args) -> list[str]:
    return [sys.executable, "-m", "tracer", *map(str, args)]


def measured_argv(*args) -> list[str]:
    """`tracer ARGS` in a process that reports its own peak RSS at exit (`timed_process` reads it)."""
    return [sys.executable, "-c", _MEASURED, *map(str, args)]


def corpus(args) -> Path:
    folder = args.work / f"corpus-{args.articles}-{args.queries}-{args.seed}"
    if not (folder / "truth.jsonl").exists():
        shutil.rmtree(folder, ignore_errors=True)
        subprocess.run([sys.executable, str(REPO / "benchmarks" / "corpus_gen.py"), str(folder), "--articles",
                        str(args.articles), "--queries", str(args.queries), "--seed", str(args.seed),
                        "--eval-dir", str(args.eval_dir)], check=True, stdout=subprocess.DEVNULL)
    return folder


def fresh(target: str) -> None:
    if target.startswith("redis://"):
        import redis

        redis.Redis.from_url(target).flushdb()
    else:
        for suffix in ("", "-wal", "-shm"):
            Path(target + suffix).unlink(missing_ok=True)


def size_of(target: str) -> int:
    if target.startswith("redis://"):
        import redis

        return redis.Redis.from_url(target).info("memory")["used_memory"]
    return sum(Path(target + s).stat().st_size for s in ("", "-wal") if Path(target + s).exists())


def build(target: str, paths: list[Path], n: int) -> dict:
    fresh(target)
    empty = size_of(target) if target.startswith("redis://") else 0
    _, wall, peak = timed_process(tracer_argv("index", "add", *paths, "--index", target))
    size = size_of(target) - empty
    return {"documents": n, "seconds": round(wall, 1), "docs_per_s": round(n / wall, 1),
            "bytes": size, "bytes_per_doc": round(size / n), "peak_rss_mb": round(peak / 2**20)}


def percentiles(values: list[float]) -> dict:
    ordered = sorted(values)
    pick = lambda q: ordered[min(len(ordered) - 1, int(q * len(ordered)))]
    return {"p50_ms": round(1000 * statistics.median(ordered), 1), "p95_ms": round(1000 * pick(0.95), 1),
            "n": len(ordered)}


def warm_process(target: str, queries: Path, baseline: int) -> dict:
    """Run in a process of its own: warm Index.check latencies, matches, and the linear-scan baseline."""
    from tracer import Index

    paths = sorted(queries.glob("*.txt"))
    with Index(target) as index:
        index.check(paths[0].read_text(encoding="utf-8"))
        latencies, found, aligned = [], {}, {}
        for path in paths:
            text = path.read_text(encoding="utf-8")
            start = time.perf_counter()
            result = index.check(text)
            latencies.append(time.perf_counter() - start)
            found[path.name] = [Path(m.document.id).name for m in result.matches]
            aligned[path.name] = result.aligned + result.unaligned
        rss = own_peak()
        base = []
        for path in paths[:: max(1, len(paths) // baseline)][:baseline]:
            text = path.read_text(encoding="utf-8")
            start = time.perf_counter()
            lsh = index.check(text)
            lsh_s = time.perf_counter() - start
            start = time.perf_counter()
            scan = index.check(text, exhaustive=True)
            scan_s = time.perf_counter() - start
            every = [index.check(text, limit=0, exhaustive=e) for e in (False, True)]  # no limit: no ranking
            base.append({"query": path.name, "lsh_s": lsh_s, "scan_s": scan_s,
                         "lsh": sorted(m.document.id for m in lsh.matches),
                         "scan": sorted(m.document.id for m in scan.matches),
                         "lsh_all": sorted(m.document.id for m in every[0].matches),
                         "scan_all": sorted(m.document.id for m in every[1].matches)})
    return {"latencies": latencies, "found": found, "candidates": aligned, "rss": rss, "baseline": base}


def truth_of(folder: Path) -> tuple[dict, dict]:
    """(parts of each corpus article, parts of each query), by file name."""
    articles, queries = {}, {}
    for line in (folder / "truth.jsonl").open(encoding="utf-8"):
        record = json.loads(line)
        (queries if record["query"] else articles)[record["id"]] = {tuple(p) for p in record["parts"]}
    return articles, queries


def quality(folder: Path, found: dict) -> dict:
    """Recall and precision of the matches against the generator's truth (shared story paragraphs)."""
    articles, queries = truth_of(folder)
    by_part: dict[tuple, set] = {}
    for name, parts in articles.items():
        for part in parts:
            by_part.setdefault(part, set()).add(name)
    hits = expected_total = found_total = 0
    for query, parts in queries.items():
        expected = set().union(*(by_part.get(p, set()) for p in parts)) if parts else set()
        got = set(found.get(query, []))
        hits += len(expected & got)
        expected_total += len(expected)
        found_total += len(got)
    return {"recall": round(hits / max(1, expected_total), 4), "precision": round(hits / max(1, found_total), 4),
            "expected_pairs": expected_total, "found_pairs": found_total}


def warm(target: str, folder: Path, baseline: int) -> dict:
    out, wall, _ = timed_process([sys.executable, __file__, "--warm", target, str(folder / "queries"), str(baseline)])
    data = json.loads(out)
    matches = [len(v) for v in data["found"].values()]
    base = data["baseline"]
    lsh = statistics.median(b["lsh_s"] for b in base) if base else 0
    scan = statistics.median(b["scan_s"] for b in base) if base else 0
    agree = [len(set(b["lsh"]) & set(b["scan"])) / len(b["scan"]) if b["scan"] else 1.0 for b in base]
    agree_all = [len(set(b["lsh_all"]) & set(b["scan_all"])) / len(b["scan_all"]) if b["scan_all"] else 1.0
                 for b in base]
    groups = {"no match": [], "1-9 matches": [], "10+ matches": []}
    for latency, n in zip(data["latencies"], matches):
        groups["no match" if not n else "1-9 matches" if n < 10 else "10+ matches"].append(latency)
    return {
        "check": percentiles(data["latencies"]),
        "check_by_matches": {k: percentiles(v) for k, v in groups.items() if v},
        "peak_rss_mb": round(data["rss"] / 2**20),
        "matches_per_query": {"median": statistics.median(matches), "max": max(matches)},
        "candidates_per_query": {"median": statistics.median(data["candidates"].values()),
                                 "max": max(data["candidates"].values())},
        "quality": quality(folder, data["found"]),
        "baseline": {"queries": len(base), "lsh_p50_ms": round(1000 * lsh, 1), "scan_p50_ms": round(1000 * scan, 1),
                     "scan_over_lsh": round(scan / lsh, 1) if lsh else None,
                     "lsh_finds_of_scan_matches": round(statistics.mean(agree), 4) if agree else None,
                     "lsh_finds_of_scan_matches_unlimited": round(statistics.mean(agree_all), 4) if agree_all else None},
    }


def cold(target: str, folder: Path, count: int) -> dict:
    """`tracer check` in a new process on `count` queries spread over all of them (the generator writes the
    stories the corpus lacks first), also split into those and the copies of corpus stories."""
    paths = sorted((folder / "queries").glob("*.txt"))
    new_story = {name for name, kind in _query_kinds(folder).items() if kind == "original"}
    walls, peaks, groups = [], [], {"copy of a corpus story": [], "story the corpus lacks": []}
    for path in paths[:: max(1, len(paths) // count)][:count]:
        _, wall, peak = timed_process(measured_argv("check", path, "--index", target, "--json"))
        walls.append(wall)
        peaks.append(peak)
        groups["story the corpus lacks" if path.name in new_story else "copy of a corpus story"].append(wall)
    return {"check": percentiles(walls), "check_by_query": {k: percentiles(v) for k, v in groups.items() if v},
            "peak_rss_mb": round(max(peaks) / 2**20)}


def _query_kinds(folder: Path) -> dict[str, str]:
    kinds = {}
    for line in (folder / "truth.jsonl").open(encoding="utf-8"):
        record = json.loads(line)
        if record["query"]:
            kinds[record["id"]] = record["kind"]
    return kinds


def tables(target: str) -> dict:
    """Bytes per table of an SQLite index (SQLite's dbstat), largest first; {} where it cannot say."""
    import sqlite3

    if target.startswith(("redis://", "rediss://", "unix://")):
        return {}
    try:
        with sqlite3.connect(target) as db:
            rows = db.execute("SELECT name, sum(pgsize) FROM dbstat GROUP BY name ORDER BY 2 DESC").fetchall()
    except sqlite3.Error:
        return {}
    return {name: size for name, size in rows if size > 1 << 20}


def main(argv=None) -> int:
    args = parse_args(argv)
    if args.warm:
        print(json.dumps(warm_process(args.warm[0], Path(args.warm[1]), int(args.warm[2]))))
        return 0
    if not (args.eval_dir / "src").is_dir():
        print(f"index_bench: {args.eval_dir} not found; skipped", file=sys.stderr)
        return 0
    args.work.mkdir(parents=True, exist_ok=True)
    folder = corpus(args)
    target = args.target or str(args.work / f"index-{args.articles}.sqlite")
    shards = sorted((folder / "articles").iterdir())
    report = {"articles": args.articles, "queries": args.queries, "cpus": os.cpu_count(), "target": target}
    if not args.skip_build:
        report["build"] = build(target, shards, args.articles)
        report["build"]["tables_bytes"] = tables(target)
        _tell("build", report["build"])
    report["warm"] = warm(target, folder, args.baseline)
    _tell("warm", report["warm"])
    report["cold"] = cold(target, folder, args.cold)
    _tell("cold", report["cold"])
    small_n = max(1, len(shards) // 10)
    small = (target + ".small") if not target.startswith("redis://") else target
    if not target.startswith("redis://") and not args.skip_build:
        build(small, shards[:small_n], small_n * 1000)
        report["cold_small_index"] = {"documents": small_n * 1000, **cold(small, folder, args.cold)}
        _tell("cold, small index", report["cold_small_index"])
    print(json.dumps(report, indent=2))
    if args.json:
        args.json.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    return 0


def _tell(stage: str, figures: dict) -> None:
    print(f"index_bench: {stage}: {json.dumps(figures)}", file=sys.stderr, flush=True)


if __name__ == "__main__":
    sys.exit(main())
