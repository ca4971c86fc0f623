"""What one side of a pair has that the other lacks: where it sits and whether it is site furniture."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .furniture import FURNITURE, furniture_lines, lowered
from .model import Regions, Span
from .normalize import Tokens
from .spans import covered, run_ends, run_starts, share

SHORT_LINE_WORDS = 4
"""A line of this many words or fewer outside the shared text is furniture (labels, menus, buttons)."""
FURNITURE_RUN_WORDS = 200
"""A run of text on a line with a furniture marker is furniture up to this many words (a copyright notice or a
fair-use disclaimer is under a hundred); a longer one is a paragraph that happens to mention Facebook or cookies."""


def unshared_regions(text: str, tokens: Tokens, spans: list[Span], furniture: np.ndarray | None = None,
                     boilerplate: np.ndarray | None = None) -> Regions:
    """The stretches of `text` outside `spans`, line by line, labelled lead/body/tail and wrapper or not.

    >>> from tracer.normalize import tokenize
    >>> text = "Menu\\nShared words here.\\nLeave a Reply to this story"
    >>> _, toks = tokenize(text)
    >>> [(r.location, r.words, r.wrapper) for r in unshared_regions(text, toks, [(5, 23)])]
    [('lead', 1, True), ('tail', 6, True)]
    """
    if not spans or not len(tokens):
        return Regions()
    runs = _line_runs(tokens, _inside(tokens, spans))
    if not len(runs[0]):
        return Regions()
    marked = furniture_lines(text) if furniture is None else furniture
    return _merge(_Runs.of(tokens, runs, spans, marked, boilerplate), spans)


def _inside(tokens: Tokens, spans: list[Span]) -> np.ndarray:
    """True for each word that lies wholly inside one of the character spans.

    >>> from tracer.normalize import tokenize
    >>> _inside(tokenize("one two three four")[1], [(4, 13), (15, 16)]).astype(int).tolist()
    [0, 1, 1, 0]
    """
    bounds = np.array(spans, dtype=np.int64).reshape(-1, 2)
    first = tokens.starts.searchsorted(bounds[:, 0], side="left")  # the first word starting in the span
    last = tokens.ends.searchsorted(bounds[:, 1], side="right") - 1  # the last word ending in it
    keep = first <= last
    return covered(len(tokens), first[keep], last[keep])


def article_words(regions: Regions) -> int:
    """Words of unshared text that are article, not wrapper."""
    return sum(n for n, wrapper in zip(regions.words, regions.wrappers) if not wrapper)


def is_furniture(line: str, words: int) -> bool:
    """True for a line of `words` words that reads as site furniture."""
    return words <= SHORT_LINE_WORDS or bool(FURNITURE.search(lowered(line)))


def _line_runs(tokens: Tokens, inside: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Runs (firsts, lasts) of word indexes outside the shared spans, cut at line breaks."""
    idx = (~inside).nonzero()[0]
    if not len(idx):
        return idx, idx
    lines = tokens.line[idx]
    starts = run_starts((idx[1:] - idx[:-1] != 1) | (lines[1:] != lines[:-1]))
    return idx[starts], idx[run_ends(starts, len(idx))]


@dataclass(frozen=True, eq=False)
class _Runs:
    """The unshared runs of one text as arrays: character spans, location, words and wrapper flag.

    A run is a wrapper when it is a short line, a furniture line, or mostly boilerplate text.
    """

    starts: np.ndarray
    ends: np.ndarray
    location: np.ndarray
    """0 lead, 1 body, 2 tail."""
    words: np.ndarray
    wrapper: np.ndarray

    @classmethod
    def of(cls, tokens: Tokens, runs: tuple[np.ndarray, np.ndarray], spans: list[Span], marked: np.ndarray,
           boilerplate: np.ndarray | None) -> _Runs:
        firsts, lasts = runs
        starts, ends = tokens.starts[firsts], tokens.ends[lasts]
        first, last = min(s for s, _ in spans), max(e for _, e in spans)
        location = np.where(ends <= first, 0, np.where(starts >= last, 2, 1))
        words = lasts - firsts + 1
        wrapper = (words <= SHORT_LINE_WORDS) | (_marked(tokens.line[firsts], marked) & (words <= FURNITURE_RUN_WORDS))
        if boilerplate is not None:
            wrapper |= share(boilerplate, firsts, lasts) > 0.5
        return cls(starts, ends, location, words, wrapper)


def _marked(lines: np.ndarray, marked: np.ndarray) -> np.ndarray:
    """True for each line number in `marked` (sorted, distinct): a binary search, cheaper than np.isin on a
    few lines.

    >>> _marked(np.array([0, 3, 5]), np.array([3, 4])).tolist()
    [False, True, False]
    """
    if not len(marked):
        return np.zeros(len(lines), dtype=bool)
    at = marked.searchsorted(lines)
    return marked[np.minimum(at, len(marked) - 1)] == lines


def _merge(runs: _Runs, spans: list[Span]) -> Regions:
    """Regions of the runs, neighbouring runs of the same kind that no shared span separates joined."""
    span_starts = np.sort(np.array([s for s, _ in spans]))
    separated = span_starts.searchsorted(runs.starts[1:]) > span_starts.searchsorted(runs.ends[:-1])
    same = (runs.location[1:] == runs.location[:-1]) & (runs.wrapper[1:] == runs.wrapper[:-1])
    begins = run_starts(separated | ~same)
    closes = run_ends(begins, len(runs.starts))
    words = np.add.reduceat(runs.words, begins)
    return Regions(tuple(runs.starts[begins].tolist()), tuple(runs.ends[closes].tolist()),
                   tuple(_LOCATIONS[loc] for loc in runs.location[begins].tolist()), tuple(words.tolist()),
                   tuple(runs.wrapper[begins].tolist()))


_LOCATIONS = ("lead", "body", "tail")
