"""Candidate document pairs: passage windows that share a bucket of datasketch's MinHash LSH banding.

The bands and rows are those datasketch's `MinHashLSH(threshold, num_perm)` chooses, and two windows
share a bucket when their values agree over a whole band, as in a MinHashLSH; the buckets are found by
sorting a million windows' band digests at once instead of inserting them one by one (see `Banding`).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from .banding import Banding
from .settings import Settings
from .sketch import Sketches

ESTIMATE_SLACK = 0.05
"""How far below the threshold a colliding window pair's estimated Jaccard may fall (MinHash noise)."""
CHUNK = 1 << 16


def candidate_pairs(sketches: Sequence[Sketches], settings: Settings, crowd: int | None = None) -> list[
        tuple[int, int]]:
    """Pairs (i, j), i < j, of documents with at least one pair of similar windows.

    `sketches[i]` holds the windows of document i. Every bucket that holds windows of two documents
    proposes them, and the pair is kept when the MinHash estimate of the two windows' Jaccard confirms
    it, so chance collisions cost no alignment. A bucket shared by more than `crowd` documents is
    boilerplate and proposes nothing.
    """
    owner = np.repeat(np.arange(len(sketches)), [len(s.values) for s in sketches])
    if not len(owner):
        return []
    values = np.concatenate([s.values for s in sketches])
    banding = Banding.for_threshold(settings.lsh_threshold, settings.num_perm)
    left, right = colliding_rows(bucket_digests(banding, values), owner, crowd or len(sketches))
    keep = estimates(values, left, right) >= settings.lsh_threshold - ESTIMATE_SLACK
    pairs = distinct(owner[left[keep]] * len(sketches) + owner[right[keep]])
    return list(zip((pairs // len(sketches)).tolist(), (pairs % len(sketches)).tolist()))


def bucket_digests(banding: Banding, values: np.ndarray) -> np.ndarray:
    """(windows, bands) bucket digests of every window, computed in chunks to bound memory."""
    out = np.empty((len(values), banding.bands), dtype=np.uint64)
    for start in range(0, len(values), CHUNK):
        out[start : start + CHUNK] = banding.buckets(values[start : start + CHUNK])
    return out


def colliding_rows(buckets: np.ndarray, owner: np.ndarray, crowd: int) -> tuple[np.ndarray, np.ndarray]:
    """Distinct pairs of window rows (of two different documents, lower row first) sharing a bucket
    in any band, leaving out buckets that hold windows of more than `crowd` documents.

    >>> buckets = np.array([[5, 1], [5, 2], [6, 2], [5, 3]], dtype=np.uint64)
    >>> [r.tolist() for r in colliding_rows(buckets, np.array([0, 1, 1, 2]), crowd=3)]
    [[0, 0, 1], [1, 3, 3]]
    >>> [r.tolist() for r in colliding_rows(buckets, np.array([0, 1, 1, 2]), crowd=2)]
    [[], []]
    """
    found = [_band_pairs(buckets[:, band], owner, crowd) for band in range(buckets.shape[1])]
    codes = distinct(np.concatenate([np.zeros(0, dtype=np.int64)] + found))
    return codes // len(owner), codes % len(owner)


def distinct(values: np.ndarray) -> np.ndarray:
    """The distinct values, sorted (np.unique by a sort: its hash table is slower on millions of integers).

    >>> distinct(np.array([3, 1, 3, 2])).tolist()
    [1, 2, 3]
    """
    values = np.sort(values)
    return values[np.r_[True, values[1:] != values[:-1]]] if len(values) else values


def _band_pairs(keys: np.ndarray, owner: np.ndarray, crowd: int) -> np.ndarray:
    """Row pairs (coded `left * rows + right`) of different documents sharing a bucket of one band."""
    order = np.argsort(keys, kind="stable")  # rows stay in document order inside a bucket
    sorted_keys, docs = keys[order], owner[order]
    new_bucket = np.r_[True, sorted_keys[1:] != sorted_keys[:-1]]
    starts = np.flatnonzero(new_bucket)
    sizes = np.diff(np.r_[starts, len(keys)])
    documents = np.add.reduceat(np.r_[True, new_bucket[1:] | (docs[1:] != docs[:-1])], starts)
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


def estimates(values: np.ndarray, left: np.ndarray, right: np.ndarray) -> np.ndarray:
    """MinHash Jaccard estimate of each pair of rows, in chunks to bound memory."""
    out = np.empty(len(left))
    for start in range(0, len(left), CHUNK):
        a, b = left[start : start + CHUNK], right[start : start + CHUNK]
        out[start : start + CHUNK] = (values[a] == values[b]).mean(axis=1)
    return out
