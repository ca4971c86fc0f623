"""MinHash sketches of passage windows: overlapping runs of content words (datasketch)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from datasketch import LeanMinHash, MinHash

from .settings import Settings
from .shingle import Features

MIN_WINDOW_WORDS = 8


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
    """One MinHash per window over the set of the window's content-word stems."""
    bounds = window_bounds(len(features.content), settings)
    sets = [np.unique(features.content[a : b + 1]).tolist() for a, b in bounds]
    minhashes = MinHash.generator(sets, num_perm=settings.num_perm, seed=settings.seed, hashfunc=int)
    return [Window(a, b, LeanMinHash(m)) for (a, b), m in zip(bounds, minhashes)]
