"""Time and memory of the shingle candidates (`candidates.shingle_pairs`) as wire copies grow.

    python benchmarks/shingle_bench.py [--documents 20000] [--copies 0.3] [--group 20] [--shingles 600]

A collection of --documents documents of --shingles distinct shingles each, a share --copies of them in groups
of --group copies of one story, each copy missing a random 10% of its story's shingles (a light rewrite, so
that the copies' shingles have many different sets of holders). The baseline, in the same process, is the
sort that finds the collection's boilerplate (`np.unique` over every document's shingles), which every trace
does anyway. Times are the fastest of 3 runs; peak memory is numpy's allocations as tracemalloc counts them in
a fourth, above what the collection holds.
"""

from __future__ import annotations

import argparse
import sys
import time
import tracemalloc
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tracer.candidates import shingle_pairs  # noqa: E402


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=20_000)
    parser.add_argument("--copies", type=float, default=0.3, help="share of documents that are copies")
    parser.add_argument("--group", type=int, default=20, help="copies of one story")
    parser.add_argument("--shingles", type=int, default=600, help="distinct shingles per document")
    parser.add_argument("--seed", type=int, default=1)
    return parser.parse_args(argv)


def collection(args) -> list[np.ndarray]:
    rng = np.random.default_rng(args.seed)
    groups = int(args.documents * args.copies) // args.group
    sets = [np.unique(rng.integers(0, 2**63, args.shingles, dtype=np.uint64))
            for _ in range(args.documents - groups * args.group)]
    for _ in range(groups):
        story = rng.integers(0, 2**63, args.shingles, dtype=np.uint64)
        sets += [np.unique(story[rng.random(args.shingles) > 0.1]) for _ in range(args.group)]
    return sets


def measured(run, runs: int = 3) -> tuple[float, float, object]:
    """The fastest of `runs` runs of `run()` in seconds (the first run of a process is slower), the peak MB of
    tracemalloc-counted allocations, and the result."""
    seconds = []
    for _ in range(runs):
        start = time.perf_counter()
        run()
        seconds.append(time.perf_counter() - start)
    tracemalloc.start()  # counting allocations slows numpy's own: timed apart
    result = run()
    peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    return min(seconds), peak, result


def main(argv=None) -> int:
    args = parse_args(argv)
    sets = collection(args)
    base_s, base_mb, _ = measured(lambda: np.unique(np.concatenate(sets), return_counts=True))
    pairs_s, pairs_mb, pairs = measured(lambda: shingle_pairs(sets, 3, 20))
    print(f"{len(sets)} documents, {sum(len(s) for s in sets):,} shingles; {len(pairs):,} shingle candidate pairs")
    print(f"baseline (boilerplate sort): {base_s:.2f} s, peak {base_mb:.0f} MB")
    print(f"shingle_pairs: {pairs_s:.2f} s, peak {pairs_mb:.0f} MB; "
          f"ratios: time {pairs_s / base_s:.2f}, memory {pairs_mb / base_mb:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
