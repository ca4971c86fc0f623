"""Measure one pair: exact scores on shingle sets, aligned passages, and what each side lacks."""

from __future__ import annotations

import numpy as np

from .align import Fragment, Side, align_sides
from .model import Document, Match, Passage
from .regions import article_words, unshared_regions
from .settings import Settings
from .shingle import Features
from .spans import covered


def match_pair(
    da: Document, fa: Features, db: Document, fb: Features, settings: Settings, ignore: np.ndarray | None = None,
    side_a: Side | None = None, side_b: Side | None = None,
) -> Match | None:
    """The Match of two documents (ordered so that `a` < `b` by id), or None when they share no passage.

    `side_a` and `side_b` are the documents' `align.Side` for this `ignore`, given by a caller that matches a
    document with many others.
    """
    sa = side_a if side_a is not None else Side.of(fa, ignore, settings)
    sb = side_b if side_b is not None else Side.of(fb, ignore, settings)
    if db.id < da.id:
        da, fa, sa, db, fb, sb = db, fb, sb, da, fa, sa
    fragments = align_sides(sa, sb, settings)
    if not fragments:
        return None
    passages = tuple(_passage(fa, fb, f) for f in fragments)
    jaccard, cont_a, cont_b = exact_scores(fa.shingle_counts[0], fb.shingle_counts[0])
    unshared_a = unshared_regions(da.text, fa.tokens, [p.a for p in passages], fa.furniture, sa.mask)
    unshared_b = unshared_regions(db.text, fb.tokens, [p.b for p in passages], fb.furniture, sb.mask)
    return Match(
        a=da.id, b=db.id, jaccard=jaccard, containment_a=cont_a, containment_b=cont_b, passages=passages,
        coverage_a=_coverage(fa, [(f.a0, f.a1) for f in fragments], unshared_a),
        coverage_b=_coverage(fb, [(f.b0, f.b1) for f in fragments], unshared_b),
        unshared_a=unshared_a, unshared_b=unshared_b,
    )


def exact_scores(ua: np.ndarray, ub: np.ndarray) -> tuple[float, float, float]:
    """Jaccard of two sets of distinct shingles (see `Features.shingle_counts`) and the containment of each
    in the other.

    >>> exact_scores(np.array([1, 2, 3, 4]), np.array([3, 4, 5]))
    (0.4, 0.5, 0.6667)
    """
    if not len(ua) or not len(ub):
        return 0.0, 0.0, 0.0
    small, large = (ua, ub) if len(ua) <= len(ub) else (ub, ua)
    at = np.minimum(large.searchsorted(small), len(large) - 1)  # both sorted: a binary search, not a merge sort
    inter = int(np.count_nonzero(large[at] == small))
    union = len(ua) + len(ub) - inter
    return round(inter / union, 4), round(inter / len(ua), 4), round(inter / len(ub), 4)


def _passage(fa: Features, fb: Features, f: Fragment) -> Passage:
    return Passage(fa.tokens.span(f.a0, f.a1), fb.tokens.span(f.b0, f.b1), exact_share(f))


def exact_share(f: Fragment) -> float:
    """`Passage.exact`: the share of the passage's words inside its verbatim runs, on the side where that share
    is lower, so the same whichever document is `a`, and never more than either side's share.

    >>> exact_share(Fragment(0, 99, 0, 119, 50.0, 90, 90))  # 90 of 100 words on one side, of 120 on the other
    0.75
    """
    words_a, words_b = f.a1 - f.a0 + 1, f.b1 - f.b0 + 1
    return round(min(1.0, f.exact_a / words_a, f.exact_b / words_b), 4)


def _coverage(f: Features, ranges: list[tuple[int, int]], unshared) -> float:
    first, last = np.array(ranges, dtype=np.int64).reshape(-1, 2).T
    shared = int(covered(len(f.tokens), first, last).sum())
    total = shared + article_words(unshared)
    return round(shared / total, 4) if total else 0.0
