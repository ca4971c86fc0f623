"""Accuracy and speed of tracer on the PAN 2013 text-alignment training corpus.

    python benchmarks/pan13.py [--eval-dir DIR] [--json OUT] [--limit N] [--workers N] [--set KNOB=VALUE] [--lineage OUT]

Runs one real `tracer.trace` over all source and suspicious documents (as `tracer trace src susp`
would), scores its text links against the truth XMLs (see pan13_score.py), and times a plain
document-level datasketch MinHashLSH pass over the same documents in the same process for scale, once
before the trace and once after (the ratio is to their mean: a shared machine's speed drifts within a run).
With --repeat N the trace runs N times, each followed by a baseline pass, and the figures are the medians of
the N traces and of their ratios, each trace's ratio taken to the passes on either side of it (peak memory is
then the highest over all of them: 1.36 GB for the main process over three traces, against 0.99 GB for one).
The corpus is read at run time from ../shared/eval/pan13-train (next to the repository) and never
copied; when it is absent the benchmark says so and exits 0.
"""

from __future__ import annotations

import argparse
import gc
import json
import re
import resource
import statistics
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

from datasketch import MinHash, MinHashLSH

import tracer
from pan13_score import CATEGORIES, NEGATIVE, OVERALL, PairTruth, load_truth, map_links, pair_recall, score
from pan13_score import failures, false_positive_rate, unlisted_links

REPO = Path(__file__).resolve().parents[1]
DEFAULT_EVAL_DIR = REPO.parent / "shared" / "eval" / "pan13-train"
BASELINE_PERM, BASELINE_THRESHOLD, BASELINE_NGRAM = 128, 0.5, 5
_WORD = re.compile(r"\w+")


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--eval-dir", type=Path, default=DEFAULT_EVAL_DIR, help="the pan13-train folder")
    parser.add_argument("--json", type=Path, help="also write the figures to this JSON file")
    parser.add_argument("--limit", type=int, help="only the first N pairs of each category (quick run)")
    parser.add_argument("--workers", type=int, default=0, help="tracer processes (0: one per core)")
    parser.add_argument("--repeat", type=int, default=1, help="traces to time, each between two baseline passes")
    parser.add_argument("--lineage", type=Path, help="also write the trace's lineage.json here (for inspection)")
    parser.add_argument("--set", action="append", default=[], metavar="KNOB=VALUE",
                        help="run with a Settings knob changed, e.g. --set min_passage_mass=8 (repeatable)")
    return parser.parse_args(argv)


def document_paths(eval_dir: Path, truths: list[PairTruth], limited: bool) -> list[str]:
    """The two document folders, or with --limit only the files the chosen pairs name."""
    if not limited:
        return [str(eval_dir / "src"), str(eval_dir / "susp")]
    names = {("susp", t.susp) for t in truths} | {("src", t.src) for t in truths}
    return sorted(str(eval_dir / folder / name) for folder, name in names)


def knobs(pairs: list[str]) -> dict:
    """Settings overrides from KNOB=VALUE strings, each value of the knob's own type."""
    defaults, out = tracer.Settings(), {}
    for pair in pairs:
        name, _, value = pair.partition("=")
        if not hasattr(defaults, name):
            raise SystemExit(f"pan13: no setting {name!r}")
        out[name] = type(getattr(defaults, name))(value)
    return out


def timed(func, *args):
    gc.collect()
    start = time.perf_counter()
    result = func(*args)
    return result, time.perf_counter() - start


def document_minhash(text: str) -> MinHash:
    """MinHash of a whole document over its word 5-gram shingles."""
    words = _WORD.findall(text.lower())
    shingles = {" ".join(words[i : i + BASELINE_NGRAM]) for i in range(max(1, len(words) - BASELINE_NGRAM + 1))}
    m = MinHash(num_perm=BASELINE_PERM)
    m.update_batch([s.encode("utf-8") for s in shingles])
    return m


def minhash_baseline(documents) -> set[tuple[str, str]]:
    """Naive near-duplicate search: one MinHash per document, insert all, then query all."""
    sketches = [(d.id, document_minhash(d.text)) for d in documents]
    lsh = MinHashLSH(threshold=BASELINE_THRESHOLD, num_perm=BASELINE_PERM)
    for doc_id, m in sketches:
        lsh.insert(doc_id, m)
    found = set()
    for doc_id, m in sketches:
        found.update((doc_id, other) for other in lsh.query(m) if other != doc_id)
    return found


def peak_memory_mb() -> dict[str, float]:
    """Peak resident memory of this process and of its largest child (ru_maxrss: KiB on Linux, bytes on macOS)."""
    unit = 2**20 if sys.platform == "darwin" else 1024
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / unit
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / unit
    return {"self_mb": round(own, 1), "children_mb": round(children, 1), "total_mb": round(own + children, 1)}


def tracer_commit() -> str | None:
    """The repository's HEAD commit, with "+dirty" when tracer/ has uncommitted changes."""
    try:
        head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=REPO, capture_output=True, text=True, check=True)
        dirty = subprocess.run(["git", "status", "--porcelain", "tracer"], cwd=REPO, capture_output=True, text=True)
    except (OSError, subprocess.CalledProcessError):
        return None
    return head.stdout.strip() + ("+dirty" if dirty.stdout.strip() else "")


def baseline_figures(truths: list[PairTruth], found: set[tuple[str, str]]) -> dict[str, float | None]:
    figures = {name: pair_recall([t for t in truths if t.category == name and t.scored], found).value
               for name in CATEGORIES if name != NEGATIVE}
    figures[OVERALL] = pair_recall([t for t in truths if t.scored], found).value
    figures["false_positive_rate"] = false_positive_rate(truths, found).value
    return figures


def run(args: argparse.Namespace) -> dict:
    commit = tracer_commit()
    truths = load_truth(args.eval_dir, args.limit)
    paths = document_paths(args.eval_dir, truths, args.limit is not None)
    corpus, read_s = timed(tracer.read_documents, paths)
    settings = replace(tracer.Settings(), workers=args.workers, **knobs(args.set))
    found, before_s = timed(minhash_baseline, corpus.documents)  # timed before and after each trace: the
    lineage, traces, passes = None, [], [before_s]                  # machine's speed drifts within a run
    for _ in range(max(1, args.repeat)):
        lineage = None  # the last trace's lineage is freed before the next one runs
        lineage, trace_s = timed(tracer.trace, corpus.documents, settings)
        traces.append(trace_s)
        passes.append(timed(minhash_baseline, corpus.documents)[1])
    if args.lineage:
        from tracer.output import write_atomic
        from tracer.serialize import dumps, lineage_to_dict
        write_atomic(args.lineage, dumps(lineage_to_dict(lineage)))
    ratios = [t / ((passes[k] + passes[k + 1]) / 2) for k, t in enumerate(traces)]
    trace_s, after_s, baseline_s = statistics.median(traces), passes[-1], statistics.median(passes)
    pairs = {t.pair for t in truths}
    susp_ids = {d.id for d in corpus.documents if d.path and Path(d.path).parent.name == "susp"}
    detected = map_links(lineage.links, pairs)
    return {
        "documents": len(corpus.documents), "limit": args.limit, "commit": commit, "settings": lineage.settings,
        "categories": score(truths, detected), "failures": failures(truths, detected),
        "skipped": [f"{Path(s.path).name}: {s.reason}" for s in corpus.skipped],
        "unlisted_links": unlisted_links(lineage.links, pairs, susp_ids),
        "text_links": sum(link.kind == "text" for link in lineage.links),
        "baseline_pair_recall": baseline_figures(truths, found),
        "time": {"read_s": round(read_s, 2), "trace_s": round(trace_s, 2), "baseline_s": round(baseline_s, 2),
                 "baseline_before_s": round(before_s, 2), "baseline_after_s": round(after_s, 2),
                 "ratio": round(statistics.median(ratios), 2), "traces_s": [round(t, 2) for t in traces],
                 "baselines_s": [round(b, 2) for b in passes], "ratios": [round(r, 2) for r in ratios]},
        "memory": peak_memory_mb(),
    }


COLUMNS = (
    ("pairs", "pairs", "d"), ("positives", "pos", "d"), ("detected", "det", "d"), ("pair_recall", "pairRec", "f"),
    ("false_positive_rate", "FP", "f"), ("char_precision", "charP", "f"), ("char_recall", "charR", "f"),
    ("granularity", "gran", "f"), ("plagdet", "plagdet", "f"), ("direction_precision", "dirP", "f"),
    ("direction_coverage", "dirCov", "f"), ("baseline", "lshRec", "f"),
)


def _cell(value, kind: str) -> str:
    if value is None:
        return "-"
    return f"{value:d}" if kind == "d" else f"{value:.3f}"


def table(report: dict) -> str:
    rows = [f"{'category':<28}" + "".join(f"{head:>9}" for _, head, _ in COLUMNS)]
    for name, figures in report["categories"].items():
        figures = figures | {"baseline": report["baseline_pair_recall"].get(name)}
        rows.append(f"{name:<28}" + "".join(f"{_cell(figures.get(key), kind):>9}" for key, _, kind in COLUMNS))
    return "\n".join(rows)


def summary(report: dict) -> str:
    t, m = report["time"], report["memory"]
    return "\n".join([
        f"documents: {report['documents']} (skipped as unreadable: {len(report['skipped'])})  "
        f"text links: {report['text_links']}  "
        f"links on unlisted pairs: {report['unlisted_links']}",
        f"baseline (document MinHashLSH, threshold {BASELINE_THRESHOLD}) false-positive rate on {NEGATIVE}: "
        f"{_cell(report['baseline_pair_recall']['false_positive_rate'], 'f')}",
        _time_line(t),
        f"peak memory: self {m['self_mb']:.0f} MB + largest child {m['children_mb']:.0f} MB = {m['total_mb']:.0f} MB",
    ])


def _time_line(t: dict) -> str:
    if len(t["traces_s"]) == 1:
        return (f"time: read {t['read_s']:.1f}s  trace {t['trace_s']:.1f}s  baseline {t['baseline_s']:.1f}s "
                f"(mean of {t['baseline_before_s']:.1f}s before the trace and {t['baseline_after_s']:.1f}s after)  "
                f"ratio trace/baseline {t['ratio']}")
    return (f"time: read {t['read_s']:.1f}s  traces {t['traces_s']}s (median {t['trace_s']:.1f}s)  baseline passes "
            f"{t['baselines_s']}s  ratios {t['ratios']} (median {t['ratio']})")


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if not args.eval_dir.is_dir():
        print(f"pan13: skipped, no evaluation corpus at {args.eval_dir}")
        return 0
    report = run(args)
    print(table(report))
    print(summary(report))
    if args.json:
        args.json.write_text(json.dumps(report, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
