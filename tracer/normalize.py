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
_MASK_PARTS = (
    (("](",), r"\]\([^)\s]*(?:\s+\"[^\"]*\")?\)"),  # markdown link target: [text](target "title")
    (("<",), r"<(?:https?|mailto|ftp):[^>\s]*>"),  # autolink
    (("://", "www.", "mailto:"), r"\b(?:https?|ftp)://\S+|\bwww\.\S+|\bmailto:\S+"),
    (("@",), r"(?<![\w.+-])[\w.+-]+@[\w-]+\.[\w.-]+"),  # e-mail address, tried where a run of its characters starts
)
"""The alternatives of `_MASK`, each with the strings every match of it holds."""
_MASK = re.compile("|".join(part for _, part in _MASK_PARTS))
_MASK_HINTS = tuple(hint for hints, _ in _MASK_PARTS for hint in hints)
"""Every match of `_MASK` holds one of these, so a text without any needs no search."""
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
    starts, ends = word_spans(text)
    keep = ~_masked(text, starts)
    starts, ends = starts[keep], ends[keep]
    raw = [text[s:e] for s, e in zip(starts.tolist(), ends.tolist())]
    return raw, Tokens(starts, ends, _sentences(text, starts), np.searchsorted(newline_offsets(text), starts))


def word_spans(text: str) -> tuple[np.ndarray, np.ndarray]:
    """Start and end offsets of the runs of letters and digits: the matches of `_WORD`, found by classifying
    each code point once instead of building a match object per word.

    >>> [s.tolist() for s in word_spans("Él dijo: ¡sí, 2016!")]
    [[0, 3, 10, 14], [2, 7, 12, 18]]
    """
    points = _code_points(text)
    edges = np.flatnonzero(np.diff(np.r_[False, _is_word(points), False].astype(np.int8)))
    return edges[0::2], edges[1::2]


def _is_word(points: np.ndarray) -> np.ndarray:
    """True for code points `_WORD` matches (str.isalnum, the same test as the regex's `[^\\W_]`)."""
    out = np.zeros(len(points), dtype=bool)
    ascii = points < 128
    out[ascii] = _ASCII_WORD[points[ascii]]
    if not ascii.all():
        other = np.flatnonzero(~ascii)
        distinct, inverse = np.unique(points[other], return_inverse=True)
        out[other] = np.array([chr(c).isalnum() for c in distinct.tolist()], dtype=bool)[inverse]
    return out


_ASCII_WORD = np.array([chr(c).isalnum() for c in range(128)], dtype=bool)


def _code_points(text: str) -> np.ndarray:
    return np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)


def newline_offsets(text: str) -> np.ndarray:
    """Character offsets of the line breaks of a text.

    >>> newline_offsets("ab\\ncd\\n").tolist()
    [2, 5]
    """
    return np.flatnonzero(_code_points(text) == 10)


def _masked(text: str, starts: np.ndarray) -> np.ndarray:
    """True for words that start inside a link target, URL or e-mail address."""
    present = tuple(any(hint in text for hint in hints) for hints, _ in _MASK_PARTS)
    if not any(present):
        return np.zeros(len(starts), dtype=bool)
    spans = np.array([m.span() for m in _mask_of(present).finditer(text)], dtype=np.int64).reshape(-1, 2)
    if not len(spans):
        return np.zeros(len(starts), dtype=bool)
    idx = np.searchsorted(spans[:, 0], starts, side="right") - 1
    return (idx >= 0) & (starts < spans[np.maximum(idx, 0), 1])


@lru_cache(maxsize=None)
def _mask_of(present: tuple[bool, ...]) -> re.Pattern:
    """`_MASK` with only the alternatives whose hints a text holds, in the same order: the same matches (an
    alternative without its hint cannot match), without trying the others at every word start."""
    return re.compile("|".join(part for (_, part), kept in zip(_MASK_PARTS, present) if kept))


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
