"""Word spans as arrays: the words a set of (first, last) spans covers, and how much of each span a mask marks."""

from __future__ import annotations

import numpy as np


def covered(n: int, first: np.ndarray, last: np.ndarray) -> np.ndarray:
    """True for each of `n` word positions inside one of the spans `first[k]`..`last[k]` (inclusive).

    >>> covered(6, np.array([0, 3]), np.array([1, 3])).astype(int).tolist()
    [1, 1, 0, 1, 0, 0]
    """
    first, last = np.asarray(first, dtype=np.int64), np.asarray(last, dtype=np.int64)
    edges = np.bincount(first, minlength=n + 1) - np.bincount(last + 1, minlength=n + 1)
    return edges[:-1].cumsum() > 0


def share(mask: np.ndarray, first: np.ndarray, last: np.ndarray) -> np.ndarray:
    """For each span `first[k]`..`last[k]` (inclusive), the share of its words that `mask` marks.

    >>> share(np.array([True, True, False, False]), np.array([0, 1]), np.array([3, 2])).tolist()
    [0.5, 0.5]
    """
    inside = np.concatenate(([0], np.cumsum(mask)))
    return (inside[last + 1] - inside[first]) / (last - first + 1)


def run_starts(changed: np.ndarray) -> np.ndarray:
    """Where each run of equal items starts, given `changed[k]`: item k + 1 differs from item k.

    >>> run_starts(np.array([False, True, True, False])).tolist()
    [0, 2, 3]
    """
    return np.concatenate(([True], changed)).nonzero()[0]


def run_ends(starts: np.ndarray, n: int) -> np.ndarray:
    """Where each run ends (inclusive), given the `run_starts` of `n` items.

    >>> run_ends(np.array([0, 2, 3]), 5).tolist()
    [1, 2, 4]
    """
    return np.concatenate((starts[1:], [n])) - 1


def run_lengths(starts: np.ndarray, n: int) -> np.ndarray:
    """How many items each run holds, given the `run_starts` of `n` items.

    >>> run_lengths(np.array([0, 2, 3]), 5).tolist()
    [2, 1, 2]
    """
    return np.concatenate((starts[1:], [n])) - starts
