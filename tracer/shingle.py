"""Hash words, word n-grams and content words: the features every later stage compares.

Hashes are keyed BLAKE2b digests, so they are the same in every process and every run.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from functools import cached_property, lru_cache
from hashlib import blake2b

import numpy as np
import snowballstemmer

from .furniture import furniture_lines
from .normalize import Tokens, fold, scan
from .stopwords import STOPWORDS

_STEMMER = snowballstemmer.stemmer("english")
_MIX = np.uint64(0x9E3779B97F4A7C15)


@dataclass(frozen=True, eq=False)
class Features:
    """One document's words, shingles and content words, each tied back to word positions."""

    tokens: Tokens
    shingles: np.ndarray
    """64-bit hash of the n-gram starting at each word."""
    content_pos: np.ndarray
    """Word positions of content words (not function words)."""
    content: np.ndarray
    """32-bit hash of each content word's stem."""
    furniture: np.ndarray
    """Numbers of the lines that read as site furniture (see furniture.furniture_lines)."""

    @cached_property
    def shingle_counts(self) -> tuple[np.ndarray, np.ndarray]:
        """The distinct shingle hashes, sorted, and how often each occurs (worked out once per document)."""
        return np.unique(self.shingles, return_counts=True)


def featurize(text: str, shingle_size: int) -> Features:
    """All comparable features of a text.

    >>> f = featurize("The retaking of Palmyra from ISIS militants", 3)
    >>> len(f.shingles), f.content_pos.tolist()
    (5, [1, 3, 5, 6])
    """
    raw, tokens = scan(text)
    words = _words()
    codes = np.fromiter(map(words.__getitem__, raw), np.int64, len(raw))
    stems = words.stems[codes]
    positions = np.flatnonzero(stems >= 0)
    return Features(tokens, shingle_hashes(words.hashes[codes], shingle_size), positions,
                    stems[positions].astype(np.uint64), furniture_lines(text))


class _Words(dict):
    """Each word as written → its row in `hashes` (the folded word's hash) and `stems` (its stem's hash, or
    -1 for a function word): worked out once per process, then looked up in one pass over a text's words.
    A new word is added under a lock, its row written before the word is entered, so threads that featurize
    at once (a library user's) each read complete rows."""

    def __init__(self) -> None:
        super().__init__()
        self.hashes = np.zeros(1 << 12, dtype=np.uint64)
        self.stems = np.zeros(1 << 12, dtype=np.int64)
        self._adding = threading.Lock()

    def __missing__(self, raw: str) -> int:
        with self._adding:
            row = dict.get(self, raw)
            if row is not None:  # another thread added it meanwhile
                return row
            row = len(self)
            if row == len(self.hashes):
                self.hashes, self.stems = (np.concatenate([a, np.zeros_like(a)]) for a in (self.hashes, self.stems))
            word = fold(raw)
            self.hashes[row], self.stems[row] = word_hash(word), stem_hash(word)
            self[raw] = row
            return row


_WORDS = [_Words()]
WORDS_KEPT = 1 << 20
"""Distinct words as written a process keeps hashed (about 100 MB at most); then it starts afresh."""


def _words() -> _Words:
    if len(_WORDS[0]) >= WORDS_KEPT:
        _WORDS[0] = _Words()
    return _WORDS[0]


def shingle_hashes(word_hashes: np.ndarray, n: int) -> np.ndarray:
    """Hash of every run of `n` consecutive words (empty when the text is shorter).

    >>> h = np.arange(1, 6, dtype=np.uint64)
    >>> len(shingle_hashes(h, 3)), len(shingle_hashes(h, 6))
    (3, 0)
    """
    count = len(word_hashes) - n + 1
    if count <= 0:
        return np.zeros(0, dtype=np.uint64)
    out = np.zeros(count, dtype=np.uint64)
    with np.errstate(over="ignore"):
        for k in range(n):
            out = out * _MIX + word_hashes[k : k + count]
    return out


@lru_cache(maxsize=1 << 20)
def word_hash(word: str) -> int:
    return int.from_bytes(blake2b(word.encode("utf-8"), digest_size=8, key=b"tracer-w").digest(), "little")


@lru_cache(maxsize=1 << 20)
def stem_hash(word: str) -> int:
    """32-bit hash of a word's stem, or -1 for a function word."""
    if word in STOPWORDS or (word.isdigit() and len(word) < 2):
        return -1
    stem = _STEMMER.stemWord(word)
    return int.from_bytes(blake2b(stem.encode("utf-8"), digest_size=4, key=b"tracer-s").digest(), "little")
