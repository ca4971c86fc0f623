"""MinHash sketches of passage windows: overlapping runs of content words (datasketch)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from .settings import Settings
from .shingle import Features

if TYPE_CHECKING:
    from datasketch import LeanMinHash

MIN_WINDOW_WORDS = 8
SCHEME = "affine32"
"""datasketch's permutation scheme (its default since 2.0), recorded with every index."""
_CACHES: dict[tuple[int, int], dict] = {}


@dataclass(frozen=True, eq=False)
class Window:
    """A sketched passage window: its first and last content-word index and its MinHash."""

    first: int
    last: int
    minhash: LeanMinHash


def window_bounds(n_content: int, settings: Settings) -> list[tuple[int, int]]:
    """(first, last) content-word indexes of the windows covering a text.

    >>> window_bounds(50, Settings(window=24, stride=12))
    [(0, 23), (12, 35), (24, 47), (26, 49)]
    >>> window_bounds(10, Settings()), window_bounds(3, Settings())
    ([(0, 9)], [])
    """
    if n_content < MIN_WINDOW_WORDS:
        return []
    if n_content <= settings.window:
        return [(0, n_content - 1)]
    starts = list(range(0, n_content - settings.window + 1, settings.stride))
    if starts[-1] + settings.window < n_content:
        starts.append(n_content - settings.window)
    return [(s, s + settings.window - 1) for s in starts]


@dataclass(frozen=True, eq=False)
class Sketches:
    """The windows of one document as arrays: row k is window k."""

    bounds: np.ndarray
    """(windows, 2): first and last content-word index."""
    values: np.ndarray
    """(windows, num_perm) uint32: the window's datasketch MinHash hash values (its scheme's fit 32 bits)."""


def sketch(features: Features, settings: Settings) -> list[Window]:
    """One MinHash per window over the set of the window's content-word stems (see `sketch_arrays`)."""
    from datasketch import LeanMinHash  # here: importing datasketch costs a one-article check 0.9 s

    found = sketch_arrays(features, settings)
    return [Window(int(a), int(b), LeanMinHash(seed=settings.seed, hashvalues=values, scheme=SCHEME))
            for (a, b), values in zip(found.bounds.tolist(), found.values)]


def sketch_arrays(features: Features, settings: Settings) -> Sketches:
    """The windows' bounds and MinHash values, compact enough to pass between processes by the million.

    The MinHash of a set is the element-wise minimum of the MinHashes of its members, so each
    stem is hashed by datasketch once (and cached) and a window takes the minimum over its stems:
    the values are exactly those `MinHash.update_batch` gives for the window.
    """
    bounds = np.array(window_bounds(len(features.content), settings), dtype=np.int64).reshape(-1, 2)
    if not len(bounds):
        return Sketches(bounds, np.zeros((0, settings.num_perm), dtype=np.uint32))
    signatures = stem_signatures(features.content, settings.num_perm, settings.seed)
    return Sketches(bounds, window_minima(signatures, bounds.tolist()).astype(np.uint32))


def window_minima(per_word: np.ndarray, bounds: list[tuple[int, int]]) -> np.ndarray:
    """(windows, num_perm): each window's MinHash, the element-wise minimum of the rows of its words.

    >>> window_minima(np.array([[5, 1], [2, 7], [9, 3]]), [(0, 1), (1, 2)]).tolist()
    [[2, 1], [2, 3]]
    """
    return np.stack([per_word[a : b + 1].min(axis=0) for a, b in bounds])


def stem_signatures(stems: np.ndarray, num_perm: int, seed: int) -> np.ndarray:
    """The datasketch MinHash of each single stem, one row per stem."""
    cache = _CACHES.setdefault((num_perm, seed), {})
    template = cache.get("template")
    if template is None:
        from datasketch import MinHash  # here: a check whose stems the index knows never needs it

        template = cache["template"] = MinHash(num_perm=num_perm, seed=seed, hashfunc=int, scheme=SCHEME)
    distinct, inverse = np.unique(stems, return_inverse=True)
    rows = []
    for stem in distinct.tolist():
        row = cache.get(stem)
        if row is None:
            single = template.copy()
            single.update(stem)
            row = cache[stem] = single.hashvalues
        rows.append(row)
    return np.stack(rows)[inverse] if rows else np.zeros((0, num_perm), dtype=np.uint64)
