"""Cut a text into normalised words that keep their offsets into the original characters.

Normalisation is case folding and Unicode compatibility folding of each word; punctuation,
quotes and dashes are not words, so their variants never matter. Markdown link targets,
bare URLs and e-mail addresses are masked: they are not article words.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

_WORD = re.compile(r"[^\W_]+")
"""Letters and digits; the underscore of _emphasis_ is punctuation."""
_MASK = re.compile(
    r"\]\([^)\s]*(?:\s+\"[^\"]*\")?\)"  # markdown link target: [text](target "title")
    r"|<(?:https?|mailto|ftp):[^>\s]*>"  # autolink
    r"|\b(?:https?|ftp)://\S+|\bwww\.\S+|\bmailto:\S+"
    r"|(?<![\w.+-])[\w.+-]+@[\w-]+\.[\w.-]+"  # e-mail address, tried only where a run of its characters starts
)
_SENTENCE_END = re.compile(r"[.!?…]+[\"'”’»)\]*_]*\s+|\n[ \t]*\n")
"""A sentence ends at end punctuation or a blank line; a single line break may be a hard wrap."""
MAX_SENTENCE_WORDS = 40


@dataclass(frozen=True, eq=False)
class Tokens:
    """Positions of the words of one text: `starts`/`ends` are character offsets into the original,
    `sentence` numbers each word's sentence and `line` its line."""

    starts: np.ndarray
    ends: np.ndarray
    sentence: np.ndarray
    line: np.ndarray

    def __len__(self) -> int:
        return len(self.starts)

    def span(self, first: int, last: int) -> tuple[int, int]:
        """Character span from the start of word `first` to the end of word `last` (inclusive)."""
        return int(self.starts[first]), int(self.ends[last])


def tokenize(text: str) -> tuple[tuple[str, ...], Tokens]:
    """Folded words and their positions, links and addresses masked, sentences numbered.

    >>> words, t = tokenize("The “Temple” of [Bel](http://x.org/a). It's *old*.")
    >>> words
    ('the', 'temple', 'of', 'bel', 'it', 's', 'old')
    >>> text = "The “Temple” of [Bel](http://x.org/a). It's *old*."
    >>> [text[s:e] for s, e in zip(t.starts, t.ends)][:4]
    ['The', 'Temple', 'of', 'Bel']
    >>> t.sentence.tolist()
    [0, 0, 0, 0, 1, 1, 1]
    """
    raw, tokens = scan(text)
    return tuple(fold(w) for w in raw), tokens


def scan(text: str) -> tuple[list[str], Tokens]:
    """The words of a text as written (not yet folded) and their positions."""
    matches = list(_WORD.finditer(text))
    starts = np.fromiter((m.start() for m in matches), np.int64, len(matches))
    ends = np.fromiter((m.end() for m in matches), np.int64, len(matches))
    keep = ~_masked(text, starts)
    raw = [m.group() for m, k in zip(matches, keep.tolist()) if k]
    starts, ends = starts[keep], ends[keep]
    return raw, Tokens(starts, ends, _sentences(text, starts), np.searchsorted(newline_offsets(text), starts))


def newline_offsets(text: str) -> np.ndarray:
    """Character offsets of the line breaks of a text.

    >>> newline_offsets("ab\\ncd\\n").tolist()
    [2, 5]
    """
    return np.flatnonzero(np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32) == 10)


def _masked(text: str, starts: np.ndarray) -> np.ndarray:
    """True for words that start inside a link target, URL or e-mail address."""
    spans = np.array([m.span() for m in _MASK.finditer(text)], dtype=np.int64).reshape(-1, 2)
    if not len(spans):
        return np.zeros(len(starts), dtype=bool)
    idx = np.searchsorted(spans[:, 0], starts, side="right") - 1
    return (idx >= 0) & (starts < spans[np.maximum(idx, 0), 1])


@lru_cache(maxsize=1 << 18)
def fold(word: str) -> str:
    """Case- and compatibility-fold one word.

    >>> fold("ＩＳＩＳ"), fold("Straße")
    ('isis', 'strasse')
    """
    return unicodedata.normalize("NFKC", word).casefold()


def _sentences(text: str, starts: np.ndarray) -> np.ndarray:
    ends = np.array([m.end() for m in _SENTENCE_END.finditer(text)], dtype=np.int64)
    sentence = np.searchsorted(ends, starts, side="right")
    return _split_long(sentence)


def _split_long(sentence: np.ndarray) -> np.ndarray:
    """Renumber so that no sentence is longer than MAX_SENTENCE_WORDS words.

    >>> _split_long(np.array([0, 0, 0, 5, 5])).tolist()
    [0, 0, 0, 1, 1]
    """
    n = len(sentence)
    if n == 0:
        return sentence
    index = np.arange(n)
    change = np.r_[True, sentence[1:] != sentence[:-1]]
    position = index - np.maximum.accumulate(np.where(change, index, 0))
    return np.cumsum(change | (position % MAX_SENTENCE_WORDS == 0)) - 1
