"""Candidate document pairs: passage windows whose MinHashes share a bucket of a datasketch MinHashLSH."""

from __future__ import annotations

from collections.abc import Sequence
from itertools import combinations

import numpy as np
from datasketch import MinHashLSH

from .settings import Settings
from .sketch import Window

ESTIMATE_SLACK = 0.05
"""How far below the threshold a colliding window pair's estimated Jaccard may fall (MinHash noise)."""
CHUNK = 1 << 18


def candidate_pairs(windows: Sequence[Sequence[Window]], settings: Settings, crowd: int | None = None) -> list[
        tuple[int, int]]:
    """Pairs (i, j), i < j, of documents with at least one pair of similar windows.

    `windows[i]` holds the windows of document i. All windows go into one MinHashLSH; every bucket
    that holds windows of two documents proposes them, and the pair is kept when the MinHash
    estimate of the two windows' Jaccard confirms it, so chance collisions cost no alignment.
    A bucket shared by more than `crowd` documents is boilerplate and proposes nothing.
    """
    owner = np.repeat(np.arange(len(windows)), [len(w) for w in windows])
    flat = [w for ws in windows for w in ws]
    if not flat:
        return []
    lsh = MinHashLSH(threshold=settings.lsh_threshold, num_perm=settings.num_perm)
    with lsh.insertion_session() as session:
        for row, window in enumerate(flat):
            session.insert(row, window.minhash, check_duplication=False)
    left, right = colliding_rows(lsh, owner, crowd or len(windows))
    hashes = np.array([w.minhash.hashvalues for w in flat])
    keep = estimates(hashes, left, right) >= settings.lsh_threshold - ESTIMATE_SLACK
    pairs = np.unique(np.stack([owner[left[keep]], owner[right[keep]]], axis=1), axis=0)
    return [tuple(p) for p in pairs.tolist()]


def colliding_rows(lsh: MinHashLSH, owner: np.ndarray, crowd: int) -> tuple[np.ndarray, np.ndarray]:
    """Distinct pairs of window rows (of two different documents, lower document first) sharing a bucket."""
    found: set[tuple[int, int]] = set()
    for table in lsh.hashtables:
        for key in table.keys():
            rows = table.get(key)
            if len(rows) < 2:
                continue
            docs = {int(owner[r]) for r in rows}
            if len(docs) < 2 or len(docs) > crowd:
                continue
            for x, y in combinations(sorted(rows), 2):
                if owner[x] != owner[y]:
                    found.add((x, y))
    if not found:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    pairs = np.array(sorted(found), dtype=np.int64)
    return pairs[:, 0], pairs[:, 1]


def estimates(hashes: np.ndarray, left: np.ndarray, right: np.ndarray) -> np.ndarray:
    """MinHash Jaccard estimate of each pair of rows, in chunks to bound memory."""
    out = np.empty(len(left))
    for start in range(0, len(left), CHUNK):
        a, b = left[start : start + CHUNK], right[start : start + CHUNK]
        out[start : start + CHUNK] = (hashes[a] == hashes[b]).mean(axis=1)
    return out
