"""Candidate document pairs: passage windows that share a bucket of datasketch's MinHash LSH banding.

The rows per band are those datasketch's `MinHashLSH(threshold, num_perm)` chooses (see
`Banding.for_threshold`), and two windows share a bucket when their values agree over a whole band, as in a
MinHashLSH; the buckets are found by sorting a million windows' band digests at once instead of inserting them
one by one (see `Banding`). Pairs of documents that share a few shingles held by few documents are
candidates too (`shingle_pairs`).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

from .banding import Banding, row_hash
from .parallel import pmap, shared_state
from .settings import Settings
from .sketch import Sketches
from .spans import run_lengths, run_starts

ESTIMATE_SIGMAS = 2.5
"""How many standard deviations of MinHash noise a colliding window pair's estimated Jaccard may fall below the
threshold (see `confirm_floor`)."""
CHUNK = 1 << 16
PAIRS_CHUNK = 1 << 21
"""Pairs of shingle holders counted at a time (see `shingle_pairs`): some 100 MB of working arrays. A chunk ends
after the holder set that reaches it (a set is not split), and each chunk's distinct pairs are kept until all
are counted."""
PARALLEL_WINDOWS = 20_000
"""From this many windows (a few thousand documents), bands and estimates are spread over the worker processes."""


def candidate_pairs(sketches: Sequence[Sketches], settings: Settings, crowd: int | None = None) -> list[
        tuple[int, int]]:
    """Pairs (i, j), i < j, of documents with at least one pair of similar windows.

    `sketches[i]` holds the windows of document i. Every bucket that holds windows of two documents
    proposes them, and the pair is kept when the MinHash estimate of the two windows' Jaccard confirms
    it, so chance collisions cost no alignment. A bucket shared by more than `crowd` documents is
    boilerplate and proposes nothing. A large collection's bands and estimates are worked out over the
    worker processes.
    """
    owner = np.repeat(np.arange(len(sketches)), [len(s.values) for s in sketches])
    if not len(owner):
        return []
    values = np.concatenate([s.values for s in sketches])
    banding = Banding.for_threshold(settings.lsh_threshold, settings.num_perm)
    workers = settings.workers if len(values) >= PARALLEL_WINDOWS else 1
    left, right = colliding_rows(values, banding, owner, crowd or len(sketches), workers)
    keep = estimates(values, left, right, workers) >= confirm_floor(settings)
    pairs = distinct(owner[left[keep]] * len(sketches) + owner[right[keep]])
    return list(zip((pairs // len(sketches)).tolist(), (pairs % len(sketches)).tolist()))


def shingle_pairs(shingle_sets: Sequence[np.ndarray], least: int, most: int, ignore: np.ndarray | None = None,
                  groups: np.ndarray | None = None) -> list[tuple[int, int]]:
    """Pairs (i, j), i < j, of documents that share at least `least` shingles held by at most `most` documents
    and not in `ignore` (boilerplate, a site's own furniture). A short passage rewritten inside long windows
    leaves no pair of similar windows, but the phrases it kept are found in few documents; a shingle proposes at
    most most(most - 1)/2 pairs, however large the collection. `shingle_sets[i]` holds document i's distinct
    shingles; `least` 0 proposes nothing. Where `groups[i]` (an outlet's number, or -1 for none) is the same for
    i and j, they are no pair: an outlet's pages share its wrapper, of which `ignore` learns only what over half
    of five pages or more hold (an author's box, a series footer on some of them is not), and the windows still
    propose the pages that share a passage.

    The shingles that the same documents hold are counted once and weighed by their number, so that copies
    (whose shingles all have one set of holders) cost a set's pairs once, not once per shingle.

    >>> sets = [np.array([1, 2, 3, 9]), np.array([1, 2, 3]), np.array([3, 9])]
    >>> shingle_pairs(sets, 2, 2), shingle_pairs(sets, 2, 3), shingle_pairs(sets, 2, 3, np.array([3]))
    ([(0, 1)], [(0, 1), (0, 2)], [(0, 1)])
    >>> shingle_pairs(sets, 2, 3, groups=np.array([4, 4, -1]))
    [(0, 2)]
    """
    if least <= 0 or len(shingle_sets) < 2:
        return []
    n = len(shingle_sets)
    starts, lengths, owner, weight = holder_sets(shingle_sets, most, ignore)
    groups = np.full(n, -1) if groups is None else np.asarray(groups)
    counted = [_pair_weights(starts[k], lengths[k], weight[k], owner, groups, n) for k in _chunks(lengths, PAIRS_CHUNK)]
    pairs, inverse = np.unique(np.concatenate([np.zeros(0, np.int64)] + [c[0] for c in counted]), return_inverse=True)
    totals = np.bincount(inverse, weights=np.concatenate([np.zeros(0)] + [c[1] for c in counted]), minlength=len(pairs))
    pairs = pairs[totals >= least]
    return list(zip((pairs // n).tolist(), (pairs % n).tolist()))


def _chunks(lengths: np.ndarray, size: int) -> list[slice]:
    """Slices of consecutive runs whose pairs number about `size` together (memory stays bounded however
    many shingles copies share)."""
    ends = np.cumsum(lengths * (lengths - 1) // 2)
    cuts = np.unique(np.searchsorted(ends, np.arange(size, ends[-1] if len(ends) else 0, size), side="right"))
    bounds = [0, *cuts.tolist(), len(lengths)]
    return [slice(a, b) for a, b in zip(bounds, bounds[1:]) if b > a]


def _pair_weights(starts, lengths, weight, owner, groups, n) -> tuple[np.ndarray, np.ndarray]:
    """The pairs (coded `i * n + j`) of some holder sets' members, and the shingles each pair shares in them,
    leaving out pairs of one group."""
    left, right = _pairs_within(starts, lengths)
    a, b = owner[left].astype(np.int64), owner[right].astype(np.int64)
    swap = a > b  # holders come in no order (see `holder_sets`)
    a[swap], b[swap] = b[swap], a[swap]
    weight = np.repeat(weight, lengths * (lengths - 1) // 2)  # each pair weighs as many shingles as its set holds
    apart = (groups[a] != groups[b]) | (groups[a] < 0)
    pairs, inverse = np.unique(a[apart] * n + b[apart], return_inverse=True)
    return pairs, np.bincount(inverse, weights=weight[apart], minlength=len(pairs))


def holder_sets(shingle_sets: Sequence[np.ndarray], most: int, ignore: np.ndarray | None = None
                ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The distinct sets of 2 to `most` documents that hold a shingle (not in `ignore`), as runs of
    `owner[starts[k]:starts[k] + lengths[k]]` (document numbers, in no order), and `weight[k]`: how many shingles
    that set holds. A set is known by its size and the sum of its members' 64-bit hashes.

    >>> starts, lengths, owner, weight = holder_sets([np.array([1, 2, 3, 9]), np.array([1, 2, 3]), np.array([3, 9])], 3)
    >>> sorted((sorted(owner[s : s + l].tolist()), int(w)) for s, l, w in zip(starts, lengths, weight))
    [([0, 1], 2), ([0, 1, 2], 1), ([0, 2], 1)]
    """
    owner = np.repeat(np.arange(len(shingle_sets), dtype=np.int32), [len(s) for s in shingle_sets])
    values = np.concatenate(shingle_sets)
    if ignore is not None and len(ignore):
        kept = ~np.isin(values, ignore)
        values, owner = values[kept], owner[kept]
    order = np.argsort(values)  # a shingle's holders follow each other (in any order: twice as fast as stable)
    values, owner = values[order], owner[order]
    first = run_starts(values[1:] != values[:-1])
    held = run_lengths(first, len(values))
    shared = (held >= 2) & (held <= most)
    members = owner[np.repeat(shared, held)]  # the holders of the shared shingles, run after run
    first, held = first[shared], held[shared]
    hashes = row_hash(members.astype(np.uint64).reshape(-1, 1))
    key = np.add.reduceat(hashes, np.cumsum(held) - held) if len(held) else hashes
    key ^= row_hash(held.astype(np.uint64).reshape(-1, 1))
    _, one, weight = np.unique(key, return_index=True, return_counts=True)
    return first[one], held[one], owner, weight


def _pairs_within(starts: np.ndarray, lengths: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Every pair (x, y), x < y, of positions inside one run (runs `starts[k]` .. `starts[k] + lengths[k] - 1`).

    >>> [r.tolist() for r in _pairs_within(np.array([0, 5]), np.array([3, 2]))]
    [[0, 0, 1, 5], [1, 2, 2, 6]]
    """
    place = np.arange(lengths.sum()) - np.repeat(np.cumsum(lengths) - lengths, lengths)  # a position's place in its run
    after = np.repeat(lengths, lengths) - place - 1  # positions after it in its run
    left = np.repeat(np.repeat(starts, lengths) + place, after)
    step = np.arange(len(left)) - np.repeat(np.cumsum(after) - after, after)
    return left, left + step + 1


def confirm_floor(settings: Settings) -> float:
    """The estimated Jaccard a colliding window pair needs to be kept: the threshold, less ESTIMATE_SIGMAS standard
    deviations of the estimate of a pair right at the threshold, sqrt(t(1 - t) / num_perm), so that such a pair is
    kept 99 times in 100 however its permutations fell, and chance collisions far below it are dropped.

    >>> round(confirm_floor(Settings(lsh_threshold=0.3, num_perm=128)), 3)
    0.199
    """
    t = settings.lsh_threshold
    return max(0.0, t - ESTIMATE_SIGMAS * math.sqrt(t * (1 - t) / settings.num_perm))


def colliding_rows(values: np.ndarray, banding: Banding, owner: np.ndarray, crowd: int, workers: int = 1
                   ) -> tuple[np.ndarray, np.ndarray]:
    """Distinct pairs of window rows (of two different documents, lower row first) sharing a bucket
    in any band, leaving out buckets that hold windows of more than `crowd` documents.

    >>> values = np.array([[5, 5, 5, 1, 1, 1], [5, 5, 5, 2, 2, 2], [6, 6, 6, 2, 2, 2], [5, 5, 5, 3, 3, 3]])
    >>> [r.tolist() for r in colliding_rows(values, Banding(6, 2, 3), np.array([0, 1, 1, 2]), crowd=3)]
    [[0, 0, 1], [1, 3, 3]]
    >>> [r.tolist() for r in colliding_rows(values, Banding(6, 2, 3), np.array([0, 1, 1, 2]), crowd=2)]
    [[], []]
    """
    found = pmap(_band_rows, range(banding.bands), workers, shared=(values, banding, owner, crowd), serial_below=2)
    codes = distinct(np.concatenate([np.zeros(0, dtype=np.int64)] + found))
    return codes // len(owner), codes % len(owner)


def _band_rows(band: int) -> np.ndarray:
    values, banding, owner, crowd = shared_state()
    return _band_pairs(banding.band(values, band), owner, crowd)


def distinct(values: np.ndarray) -> np.ndarray:
    """The distinct values, sorted (np.unique by a sort: its hash table is slower on millions of integers).

    >>> distinct(np.array([3, 1, 3, 2])).tolist()
    [1, 2, 3]
    """
    values = np.sort(values)
    first = np.concatenate(([True], values[1:] != values[:-1]))  # a mask: 3x faster than run_starts' indexes here
    return values[first] if len(values) else values


def _band_pairs(keys: np.ndarray, owner: np.ndarray, crowd: int) -> np.ndarray:
    """Row pairs (coded `left * rows + right`) of different documents sharing a bucket of one band."""
    order = np.argsort(keys, kind="stable")  # rows stay in document order inside a bucket
    sorted_keys, docs = keys[order], owner[order]
    new_bucket = np.concatenate(([True], sorted_keys[1:] != sorted_keys[:-1]))
    starts = np.flatnonzero(new_bucket)
    sizes = run_lengths(starts, len(keys))
    documents = np.add.reduceat(np.concatenate(([True], new_bucket[1:] | (docs[1:] != docs[:-1]))), starts)
    useful = (documents >= 2) & (documents <= crowd)
    bucket_of = np.repeat(np.arange(len(starts)), sizes)
    member = np.flatnonzero(useful[bucket_of])
    after = (starts + sizes)[bucket_of[member]] - member - 1  # members after this one in its bucket
    left = np.repeat(member, after)
    right = left + 1 + np.arange(len(left)) - np.repeat(np.cumsum(after) - after, after)
    x, y = order[left], order[right]
    different = owner[x] != owner[y]
    x, y = x[different], y[different]
    return np.minimum(x, y) * len(owner) + np.maximum(x, y)


def estimates(values: np.ndarray, left: np.ndarray, right: np.ndarray, workers: int = 1, chunk: int = CHUNK
              ) -> np.ndarray:
    """MinHash Jaccard estimate of each pair of rows, `chunk` pairs at a time (over `workers` processes) to
    bound memory."""
    starts = range(0, len(left), chunk)
    found = pmap(_estimate_chunk, starts, workers, shared=(values, left, right, chunk), serial_below=2)
    return np.concatenate([np.zeros(0)] + found)


def _estimate_chunk(start: int) -> np.ndarray:
    values, left, right, chunk = shared_state()
    a, b = left[start : start + chunk], right[start : start + chunk]
    return (values[a] == values[b]).mean(axis=1)
