"""MinHash sketches of passage windows: overlapping runs of content words (datasketch)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from datasketch import LeanMinHash, MinHash

from .settings import Settings
from .shingle import Features

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


def sketch(features: Features, settings: Settings) -> list[Window]:
    """One MinHash per window over the set of the window's content-word stems.

    The MinHash of a set is the element-wise minimum of the MinHashes of its members, so each
    stem is hashed by datasketch once (and cached) and a window takes the minimum over its stems:
    the values are exactly those `MinHash.update_batch` gives for the window.
    """
    bounds = window_bounds(len(features.content), settings)
    if not bounds:
        return []
    signatures = stem_signatures(features.content, settings.num_perm, settings.seed)
    return [Window(a, b, LeanMinHash(seed=settings.seed, hashvalues=signatures[a : b + 1].min(axis=0),
                                     scheme=SCHEME)) for a, b in bounds]


def stem_signatures(stems: np.ndarray, num_perm: int, seed: int) -> np.ndarray:
    """The datasketch MinHash of each single stem, one row per stem."""
    cache = _CACHES.setdefault((num_perm, seed), {})
    template = cache.get("template")
    if template is None:
        template = cache["template"] = MinHash(num_perm=num_perm, seed=seed, hashfunc=int, scheme=SCHEME)
    rows = []
    for stem in stems.tolist():
        row = cache.get(stem)
        if row is None:
            single = template.copy()
            single.update(stem)
            row = cache[stem] = single.hashvalues
        rows.append(row)
    return np.array(rows)
