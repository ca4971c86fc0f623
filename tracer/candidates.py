"""Candidate document pairs: passage windows whose MinHashes collide in a datasketch MinHashLSH."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from datasketch import MinHashLSH

from .settings import Settings
from .sketch import Window

ESTIMATE_SLACK = 0.1
"""How far below the threshold a colliding window pair's estimated Jaccard may fall (MinHash noise)."""


def candidate_pairs(windows: Sequence[Sequence[Window]], settings: Settings) -> list[tuple[int, int]]:
    """Pairs (i, j), i < j, of documents with at least one pair of similar windows.

    `windows[i]` holds the windows of document i. A collision in the LSH is confirmed with the
    MinHash estimate of the two windows' Jaccard, so chance collisions cost no alignment.
    """
    lsh = MinHashLSH(threshold=settings.lsh_threshold, num_perm=settings.num_perm)
    with lsh.insertion_session() as session:
        for doc, doc_windows in enumerate(windows):
            for w, window in enumerate(doc_windows):
                session.insert((doc, w), window.minhash, check_duplication=False)
    floor = settings.lsh_threshold - ESTIMATE_SLACK
    offsets = np.cumsum([0] + [len(w) for w in windows])
    hashes = np.array([w.minhash.hashvalues for ws in windows for w in ws]).reshape(offsets[-1], settings.num_perm)
    pairs: set[tuple[int, int]] = set()
    for doc, doc_windows in enumerate(windows):
        for window in doc_windows:
            hits = [(other, w) for other, w in lsh.query(window.minhash) if other > doc and (doc, other) not in pairs]
            if not hits:
                continue
            rows = np.array([offsets[other] + w for other, w in hits])
            estimates = (hashes[rows] == window.minhash.hashvalues).mean(axis=1)
            pairs.update((doc, other) for (other, _), e in zip(hits, estimates) if e >= floor)
    return sorted(pairs)
