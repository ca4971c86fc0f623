"""Align two documents: exact and edited seeds, grown into passages, kept only with enough evidence.

Seeds are of two kinds: runs of shingles found verbatim on both sides, and pairs of sentences
that share most of their content words (a copy with words swapped, translated or reordered).
Seeds that lie close together on both sides join into one passage, which tolerates edits and
reordering inside it; a passage with less matched content-word weight than `min_passage_mass` is a
common phrase, not reuse.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

import numpy as np
from scipy import sparse

from .settings import Settings
from .shingle import Features

MAX_REPEAT = 8
"""A shingle repeated more often than this inside either document seeds nothing (it is a refrain, not reuse)."""


@dataclass(frozen=True, eq=False)
class Seed:
    """Matched words: word positions a0..a1 in one document and b0..b1 in the other (inclusive),
    and the content words (ids in the pair's vocabulary) they share."""

    a0: int
    a1: int
    b0: int
    b1: int
    shared: frozenset[int]
    exact: bool


@dataclass(frozen=True)
class Fragment:
    """A passage aligned on both sides, in word positions, with the matched content words behind it."""

    a0: int
    a1: int
    b0: int
    b1: int
    mass: float
    exact_words: int


def align(fa: Features, fb: Features, settings: Settings, ignore: np.ndarray | None = None,
          masks: tuple[np.ndarray | None, np.ndarray | None] | None = None) -> list[Fragment]:
    """Aligned passages between two documents, ordered by position in the first.

    `ignore` holds shingle hashes that never seed (boilerplate); `masks` are the words they cover
    in each document (see `boilerplate`), computed here when the caller has not already.
    """
    if not len(fa.content) or not len(fb.content):
        return []
    va, vb = vocabulary(fa, fb)
    if masks is None:
        masks = (boilerplate(fa, ignore, settings.shingle_size), boilerplate(fb, ignore, settings.shingle_size))
    seeds = exact_seeds(fa, fb, va, settings.shingle_size, ignore) + sentence_seeds(fa, fb, va, vb, settings, masks)
    weights = word_weights(va, vb)
    fragments = [_fragment(group, weights) for group in cluster(seeds, settings.max_gap)]
    kept = [f for f in fragments if f.mass >= settings.min_passage_mass]
    return sorted(_merge_overlaps(kept), key=lambda f: (f.a0, f.b0))


def vocabulary(fa: Features, fb: Features) -> tuple[np.ndarray, np.ndarray]:
    """An id per content word of each document, the same id for the same stem on both sides."""
    _, inverse = np.unique(np.concatenate([fa.content, fb.content]), return_inverse=True)
    return inverse[: len(fa.content)], inverse[len(fa.content) :]


def word_weights(va: np.ndarray, vb: np.ndarray) -> np.ndarray:
    """Evidence weight of each content word of the pair: 1 for a word used once on either side,
    1/sqrt(n) for a word used n times on both (the topic words two texts on one subject share).

    >>> word_weights(np.array([0, 1, 1, 1, 1]), np.array([0, 1, 1, 1, 1])).tolist()
    [1.0, 0.5]
    """
    n = int(max(va.max(), vb.max())) + 1
    uses = np.minimum(np.bincount(va, minlength=n), np.bincount(vb, minlength=n))
    return 1.0 / np.sqrt(np.maximum(1, uses))


def exact_seeds(fa: Features, fb: Features, va: np.ndarray, n: int, ignore: np.ndarray | None = None) -> list[Seed]:
    """Runs of consecutive shingles that occur in both documents, one seed per diagonal run."""
    common = np.intersect1d(_seldom(fa.shingles), _seldom(fb.shingles), assume_unique=True)
    if ignore is not None and len(ignore):
        common = np.setdiff1d(common, ignore, assume_unique=True)
    if not len(common):
        return []
    places_b: dict[int, list[int]] = defaultdict(list)
    for j in np.flatnonzero(np.isin(fb.shingles, common)).tolist():
        places_b[int(fb.shingles[j])].append(j)
    hits = [(i, j) for i in np.flatnonzero(np.isin(fa.shingles, common)).tolist()
            for j in places_b[int(fa.shingles[i])]]
    return [_exact_seed(fa, va, run, n) for run in _diagonal_runs(hits)]


def sentence_seeds(fa: Features, fb: Features, va: np.ndarray, vb: np.ndarray, settings: Settings,
                   masks: tuple[np.ndarray | None, np.ndarray | None] = (None, None)) -> list[Seed]:
    """Sentence pairs whose content-word sets overlap by at least `sentence_dice` (Dice).

    Sentences that are mostly boilerplate (`masks`, see `boilerplate`) seed nothing.
    """
    n_vocab = int(max(va.max(), vb.max())) + 1
    ma, mb = _sentence_matrix(fa, va, n_vocab), _sentence_matrix(fb, vb, n_vocab)
    shared = (ma @ mb.T).tocoo()
    size_a = np.asarray(ma.sum(axis=1)).ravel()
    size_b = np.asarray(mb.sum(axis=1)).ravel()
    dice = 2 * shared.data / (size_a[shared.row] + size_b[shared.col])
    keep = (shared.data >= settings.min_shared_words) & (dice >= settings.sentence_dice)
    keep &= ~_boilerplate_sentences(fa, masks[0])[shared.row] & ~_boilerplate_sentences(fb, masks[1])[shared.col]
    if not keep.any():
        return []
    words_a, words_b = _sentence_words(fa, va), _sentence_words(fb, vb)
    seeds = []
    for r, c in zip(shared.row[keep].tolist(), shared.col[keep].tolist()):
        words = frozenset(words_a[r][1]) & frozenset(words_b[c][1])
        seeds.append(Seed(*_extent(words_a[r], words), *_extent(words_b[c], words), words, False))
    return seeds


def boilerplate(f: Features, ignore: np.ndarray | None, n: int) -> np.ndarray | None:
    """True for each word inside a boilerplate shingle (text repeated across many documents or one site's pages).

    >>> from tracer.shingle import featurize
    >>> f = featurize("one two three four five six seven", 3)
    >>> boilerplate(f, f.shingles[2:3], 3).astype(int).tolist()
    [0, 0, 1, 1, 1, 0, 0]
    """
    if ignore is None or not len(ignore):
        return None
    starts = np.flatnonzero(np.isin(f.shingles, ignore))
    covered = np.zeros(len(f.tokens) + 1, dtype=np.int64)
    np.add.at(covered, starts, 1)
    np.add.at(covered, np.minimum(starts + n, len(f.tokens)), -1)
    return np.cumsum(covered[:-1]) > 0


def _boilerplate_sentences(f: Features, mask: np.ndarray | None) -> np.ndarray:
    """True for each sentence of which more than half the words are boilerplate."""
    n_sentences = int(f.tokens.sentence[-1]) + 1
    if mask is None:
        return np.zeros(n_sentences, dtype=bool)
    share = np.bincount(f.tokens.sentence, weights=mask, minlength=n_sentences)
    return share > 0.5 * np.maximum(1, np.bincount(f.tokens.sentence, minlength=n_sentences))


def cluster(seeds: list[Seed], max_gap: int) -> list[list[Seed]]:
    """Group seeds that lie within `max_gap` words of each other on both sides (transitively)."""
    seeds = sorted(seeds, key=lambda s: (s.a0, s.b0))
    parent = list(range(len(seeds)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, s in enumerate(seeds):
        for j in range(i + 1, len(seeds)):
            t = seeds[j]
            if t.a0 - s.a1 > max_gap:
                break
            if max(0, t.b0 - s.b1, s.b0 - t.b1) <= max_gap:
                parent[root(j)] = root(i)
    groups: dict[int, list[Seed]] = defaultdict(list)
    for i, s in enumerate(seeds):
        groups[root(i)].append(s)
    return list(groups.values())


def _diagonal_runs(hits: list[tuple[int, int]]) -> list[list[tuple[int, int]]]:
    runs: list[list[tuple[int, int]]] = []
    for i, j in sorted(hits, key=lambda h: (h[0] - h[1], h[0])):
        last = runs[-1][-1] if runs else None
        if last and last[0] - last[1] == i - j and i == last[0] + 1:
            runs[-1].append((i, j))
        else:
            runs.append([(i, j)])
    return runs


def _exact_seed(fa: Features, va: np.ndarray, run: list[tuple[int, int]], n: int) -> Seed:
    (a0, b0), (a_last, b_last) = run[0], run[-1]
    a1 = a_last + n - 1
    pos = fa.content_pos
    words = va[np.searchsorted(pos, a0, "left") : np.searchsorted(pos, a1, "right")]
    return Seed(a0, a1, b0, b_last + n - 1, frozenset(words.tolist()), True)


def _seldom(shingles: np.ndarray) -> np.ndarray:
    """The shingles a text holds at most MAX_REPEAT times (a phrase repeated more often seeds nothing)."""
    values, counts = np.unique(shingles, return_counts=True)
    return values[counts <= MAX_REPEAT]


def _sentence_matrix(f: Features, columns: np.ndarray, n_vocab: int) -> sparse.csr_matrix:
    rows = f.tokens.sentence[f.content_pos]
    n_sentences = int(f.tokens.sentence[-1]) + 1
    m = sparse.csr_matrix((np.ones(len(rows), dtype=np.int32), (rows, columns)), shape=(n_sentences, n_vocab))
    m.sum_duplicates()
    m.data[:] = 1
    return m


def _sentence_words(f: Features, ids: np.ndarray) -> list[tuple[list[int], list[int]]]:
    """For each sentence, the positions of its content words and their ids."""
    sentence_of = f.tokens.sentence[f.content_pos]
    bounds = [0] + np.searchsorted(sentence_of, np.arange(1, int(f.tokens.sentence[-1]) + 1)).tolist() + [len(ids)]
    positions, words = f.content_pos.tolist(), ids.tolist()
    return [(positions[lo:hi], words[lo:hi]) for lo, hi in zip(bounds, bounds[1:])]


def _extent(sentence: tuple[list[int], list[int]], words: frozenset[int]) -> tuple[int, int]:
    """First and last word position, in one sentence, of the content words it shares with the other side."""
    positions = [p for p, i in zip(*sentence) if i in words]
    return positions[0], positions[-1]


def _fragment(group: list[Seed], weights: np.ndarray) -> Fragment:
    """The bounding passage of a group of seeds; its mass is the weight of the distinct content words
    matched, so a phrase repeated many times weighs no more than once, and topic words little."""
    exact_words = sum(s.a1 - s.a0 + 1 for s in group if s.exact)
    mass = round(float(weights[sorted(frozenset().union(*(s.shared for s in group)))].sum()), 4)
    return Fragment(
        min(s.a0 for s in group), max(s.a1 for s in group),
        min(s.b0 for s in group), max(s.b1 for s in group),
        mass, exact_words,
    )


def _merge_overlaps(fragments: list[Fragment]) -> list[Fragment]:
    """Join fragments that overlap on both sides (one passage found in pieces)."""
    merged: list[Fragment] = []
    for f in sorted(fragments, key=lambda f: (f.a0, f.b0)):
        for k, g in enumerate(merged):
            if f.a0 <= g.a1 and g.a0 <= f.a1 and f.b0 <= g.b1 and g.b0 <= f.b1:
                merged[k] = Fragment(
                    min(f.a0, g.a0), max(f.a1, g.a1), min(f.b0, g.b0), max(f.b1, g.b1),
                    f.mass + g.mass, f.exact_words + g.exact_words,
                )
                break
        else:
            merged.append(f)
    return merged
