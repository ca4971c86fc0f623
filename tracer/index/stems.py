"""The datasketch MinHash values of single stems, kept in the index, and an article's windows sketched from them.

A window's MinHash is the element-wise minimum of the MinHashes of its stems (see `sketch.sketch_arrays`),
so an index that keeps every stem's values (computed by datasketch when a document brings a new stem)
lets a check sketch an article without datasketch whenever the index knows all of its stems, as it
usually does: a cold `tracer check` need not import datasketch and SciPy. Stems the index does not know
are hashed by datasketch, as `trace` hashes them. Stems are never deleted: their values depend only on
the stem and the recorded num_perm and seed.
"""

from __future__ import annotations

import numpy as np

from ..settings import Settings
from ..shingle import Features
from ..sketch import window_bounds, window_minima


def new_stems(store, batch: list, settings: Settings) -> tuple[np.ndarray, np.ndarray]:
    """The stems of a batch of prepared documents the index does not hold yet, and their MinHash values."""
    stems = np.unique(np.concatenate([p.stems for p in batch] + [np.zeros(0, dtype=np.uint64)]))
    stems = stems[~np.isin(stems, store.known_stems())]
    return stems, _datasketch_values(stems, settings).astype(store.dtype)


def window_values(store, features: Features, settings: Settings) -> np.ndarray:
    """(windows, num_perm): the MinHash values of a text's windows, exactly as `sketch.sketch_arrays` computes
    them, from the stem values the index holds (datasketch only for stems it lacks)."""
    bounds = window_bounds(len(features.content), settings)
    if not bounds:
        return np.zeros((0, settings.num_perm), dtype=store.dtype)
    stems, where = np.unique(features.content, return_inverse=True)
    found, values = store.stem_values(stems)
    if not found.all():
        values[~found] = _datasketch_values(stems[~found], settings)
    return window_minima(values[where.reshape(-1)], bounds)


def _datasketch_values(stems: np.ndarray, settings: Settings) -> np.ndarray:
    if not len(stems):
        return np.zeros((0, settings.num_perm), dtype=np.uint64)
    from ..sketch import stem_signatures  # datasketch, only when a stem is new

    return stem_signatures(stems, settings.num_perm, settings.seed)
