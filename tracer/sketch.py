"""MinHash sketches of passage windows: overlapping runs of content words (datasketch)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from .minhash_loader import minhash_module
from .settings import Settings
from .shingle import Features

if TYPE_CHECKING:
    from datasketch import LeanMinHash

MIN_WINDOW_WORDS = 8
SCHEME = "affine32"
"""datasketch's permutation scheme (its default since 2.0), recorded with every index."""
_CACHES: dict[tuple[int, int], tuple] = {}


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

    The MinHash of a set is the element-wise minimum of the MinHashes of its members, so each distinct
    stem is hashed once, all in one array operation, and a window takes the minimum over its stems: the
    values are exactly those `MinHash.update_batch` gives for the window.
    """
    bounds = np.array(window_bounds(len(features.content), settings), dtype=np.int64).reshape(-1, 2)
    if not len(bounds):
        return Sketches(bounds, np.zeros((0, settings.num_perm), dtype=np.uint32))
    signatures = stem_signatures(features.content, settings.num_perm, settings.seed)
    return Sketches(bounds, window_minima(signatures, bounds).astype(np.uint32))


def window_minima(per_word: np.ndarray, bounds) -> np.ndarray:
    """(windows, num_perm): each window's MinHash, the element-wise minimum of the rows of its words.

    One `np.minimum.reduceat` over the window starts and ends interleaved: its even rows are the windows
    (bounds as `window_bounds` gives them: first <= last < len(per_word)).

    >>> window_minima(np.array([[5, 1], [2, 7], [9, 3]]), [(0, 1), (1, 2)]).tolist()
    [[2, 1], [2, 3]]
    """
    edges = np.array(bounds, dtype=np.int64).reshape(-1, 2)
    if not len(edges):
        return np.zeros((0, per_word.shape[1]), dtype=per_word.dtype)
    edges[:, 1] += 1  # reduceat needs every index inside the array: a padding row stands for the end
    padded = np.concatenate([per_word, per_word[:1]])
    return np.minimum.reduceat(padded, edges.reshape(-1), axis=0)[::2]


def stem_signatures(stems: np.ndarray, num_perm: int, seed: int) -> np.ndarray:
    """The datasketch MinHash of each single stem, one row per stem (the scheme's dtype)."""
    distinct, inverse = np.unique(stems, return_inverse=True)
    return single_minhashes(distinct, num_perm, seed)[inverse.reshape(-1)]


def single_minhashes(values: np.ndarray, num_perm: int, seed: int) -> np.ndarray:
    """(len(values), num_perm): the hash values of datasketch's MinHash of each one-element set {v}, for
    integer values hashed as themselves (`hashfunc=int`), all in one array operation.

    datasketch's `MinHash.update` pre-mixes a value with its `_fmix` and applies the sketch's affine
    permutations; this applies the same permutations and the same pre-mix to many values at once (a test
    checks the rows value for value against `MinHash.update`).
    """
    a, b, empty, width = _permutations(num_perm, seed)
    if len(values) and (int(values.min()) < 0 or int(values.max()) >= 1 << width):
        raise ValueError(f"hash values out of range for scheme {SCHEME!r} (as datasketch's MinHash.update says)")
    mixed = minhash_module()._fmix(values.astype(a.dtype).reshape(-1, 1), width)
    return np.minimum(mixed * a + b, empty)


def _permutations(num_perm: int, seed: int) -> tuple[np.ndarray, np.ndarray, np.ndarray, int]:
    """datasketch's permutations for (num_perm, seed), its empty sketch's values and the scheme's width."""
    found = _CACHES.get((num_perm, seed))
    if found is None:
        template = minhash_module().MinHash(num_perm=num_perm, seed=seed, hashfunc=int, scheme=SCHEME)
        a, b = template.permutations
        found = _CACHES[(num_perm, seed)] = (a, b, template.hashvalues, 8 * a.dtype.itemsize)
    return found
