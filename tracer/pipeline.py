"""The pipeline, one line per stage: read → featurize → sketch → candidates → align → credits → direction → lineage."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from .align import Side as AlignSide
from .candidates import candidate_pairs, shingle_pairs
from .credits import find_credits
from .direction import Side, compilation_evidence, decide
from .lineage import credit_links, mark_indirect
from .match import match_pair
from .minhash_loader import minhash_module
from .model import Credit, Document, Lineage, Link, Match
from .parallel import pmap, shared_state
from .settings import Settings
from .shingle import Features, featurize
from .sketch import Sketches, sketch_arrays

log = logging.getLogger(__name__)
FURNITURE_LINE_WORDS = 50
"""A line with a furniture marker proposes no pair by its shingles up to this many words (a newsletter box, a
share bar, a copyright line, a one-sentence disclaimer). Longer marked lines are paragraphs that mention Twitter
or advertising: in 400 PAN 2013 documents, a cap of 200 words would take 1.9% of their shingles out."""
OUTLET_PAGES = 5
"""An outlet's pages from which its own wrapper is learned (see `boilerplate_shingles`; an index learns it the same way)."""
SIDES_KEPT = 2048
"""Alignment Sides a worker keeps for reuse (a long PAN document's is about 100 KB): a document's pairs as the
second member are spread over the whole run, and 512 kept left most of them to be worked out again."""


def trace(documents: Iterable[Document], settings: Settings = Settings()) -> Lineage:
    """Find the shared text among `documents` and who copied from whom.

    >>> a = Document("a.txt", "The embassy tweeted that the Foreign Office had failed to acknowledge "
    ...     "the retaking of the ancient city from the militants. Later on Monday the ministry said it "
    ...     "welcomed action against the group, but laid responsibility for the conflict and the fate "
    ...     "of the heritage site on the government in Damascus.")
    >>> b = Document("b.txt", "A preface about other matters entirely, written by the second site for its "
    ...     "readers, who wanted more context on the day. " + a.text)
    >>> [(l.source, l.target, l.relation) for l in trace([a, b]).links]
    [('b.txt', 'a.txt', 'trimmed')]
    """
    documents = tuple(sorted(documents, key=lambda d: d.id))
    features = featurize_all(documents, settings)
    sketches = sketch_all(features, settings)
    crowd = boilerplate_floor(len(documents), settings)
    ignore = boilerplate_shingles(features, settings, [d.outlet for d in documents])
    pairs = candidate_pairs(sketches, settings, crowd=crowd)
    shared = shingle_pairs([body_shingles(f) for f in features], settings.min_shared_shingles,
                           settings.boilerplate_docs, ignore, outlet_numbers(documents))
    pairs = sorted(set(pairs).union(shared))
    matches = match_pairs(documents, features, pairs, settings, ignore)
    credits = dict(zip([d.id for d in documents], pmap(find_credits, [d.text for d in documents], settings.workers)))
    by_id = {d.id: d for d in documents}
    context = compilation_evidence(matches, {d.id: len(d.text) for d in documents})
    text_links = [decide_match(m, by_id, credits, context.get((m.a, m.b), ())) for m in matches]
    links, external = credit_links(documents, credits)
    log.info("%d documents, %d candidate pairs, %d text links", len(documents), len(pairs), len(text_links))
    all_links = mark_indirect(sorted(text_links + links, key=lambda l: (l.kind, l.source, l.target)))
    return Lineage(documents, credits, tuple(all_links), tuple(external), settings.as_dict())


@dataclass(frozen=True)
class Comparison:
    """One pair explained: the measurements, the decision, and each side's credits."""

    a: Document
    b: Document
    match: Match | None
    link: Link | None
    credits: dict[str, tuple[Credit, ...]]


def compare(a: Document, b: Document, settings: Settings = Settings()) -> Comparison:
    """Align two documents directly (no candidate search) and decide their relation."""
    fa, fb = featurize(a.text, settings.shingle_size), featurize(b.text, settings.shingle_size)
    match = match_pair(a, fa, b, fb, settings)
    credits = {a.id: find_credits(a.text), b.id: find_credits(b.text)}
    link = decide_match(match, {a.id: a, b.id: b}, credits) if match else None
    return Comparison(a, b, match, link, credits)


def featurize_all(documents: tuple[Document, ...], settings: Settings) -> list[Features]:
    return pmap(_featurize_one, [d.text for d in documents], settings.workers, shared=settings)


def sketch_all(features: list[Features], settings: Settings) -> list[Sketches]:
    """Every document's window sketches, over the workers. datasketch's minhash module is loaded here first, so
    the forked workers have it already: each would otherwise load it on its own."""
    minhash_module()
    return pmap(_sketch_one, range(len(features)), settings.workers, shared=(features, settings))


def boilerplate_shingles(features: list[Features], settings: Settings, outlets=()) -> np.ndarray:
    """Site furniture: shingles found in more than `boilerplate_docs` documents and over 5% of all; and, where
    `outlets[i]` names the outlet of `features[i]`, shingles in over half the documents of an outlet that has
    at least OUTLET_PAGES (a site's own wrapper, learned per site even in a small collection)."""
    by_outlet: dict[str, list[Features]] = {}
    for f, outlet in zip(features, outlets):
        if outlet:
            by_outlet.setdefault(outlet, []).append(f)
    groups = [(features, boilerplate_floor(len(features), settings))]
    groups += [(group, len(group) // 2) for group in by_outlet.values() if len(group) >= OUTLET_PAGES]
    found = [np.zeros(0, dtype=np.uint64)]
    for group, floor in groups:
        if len(group) > floor:
            values, counts = np.unique(np.concatenate([f.shingle_counts[0] for f in group]), return_counts=True)
            found.append(values[counts > floor])
    return np.unique(np.concatenate(found))


def body_shingles(f: Features) -> np.ndarray:
    """The distinct shingles of a document that start outside its furniture lines (a newsletter box, a
    disclaimer): the phrases that can propose a pair on their own (see `candidates.shingle_pairs`). A marked line
    is furniture here up to FURNITURE_LINE_WORDS words; a longer one is a paragraph that mentions Twitter.

    >>> body_shingles(featurize("Subscribe to our newsletter today.\\nOne two three four five", 3)).size
    3
    >>> paragraph = featurize("The mayor said on Twitter that work starts. " + "The old bridge will stay open. " * 40, 3)
    >>> body_shingles(paragraph).size == paragraph.shingle_counts[0].size
    True
    """
    marked = f.furniture
    if len(marked):
        words = np.bincount(f.tokens.line, minlength=int(marked.max()) + 1)
        marked = marked[words[marked] <= FURNITURE_LINE_WORDS]
    if not len(marked):
        return f.shingle_counts[0]
    return np.unique(f.shingles[~np.isin(f.tokens.line[: len(f.shingles)], marked)])


def outlet_numbers(documents: tuple[Document, ...]) -> np.ndarray:
    """A number for each document's outlet, the same for one outlet's documents, or -1 where it has none.

    >>> outlet_numbers((Document("a", "x", outlet="RT"), Document("b", "y"), Document("c", "z", outlet="RT"))).tolist()
    [0, -1, 0]
    """
    numbers: dict[str, int] = {}
    return np.array([numbers.setdefault(d.outlet, len(numbers)) if d.outlet else -1 for d in documents], dtype=np.int64)


def boilerplate_floor(n_documents: int, settings: Settings) -> int:
    """Text in more documents than this is boilerplate: `boilerplate_docs`, or 5% of a large collection."""
    return max(settings.boilerplate_docs, int(0.05 * n_documents))


def match_pairs(documents, features, pairs, settings: Settings, ignore: np.ndarray) -> list[Match]:
    _side.cache_clear()  # the Sides of another collection must not leak into this one
    try:
        found = pmap(_match_one, pairs, settings.workers, shared=(documents, features, settings, ignore))
    finally:
        _side.cache_clear()
    return [m for m in found if m is not None]


def decide_match(match: Match, by_id: dict[str, Document], credits: dict[str, tuple[Credit, ...]],
                 context=()) -> Link:
    a, b = by_id[match.a], by_id[match.b]
    return decide(match, Side(a, credits[a.id]), Side(b, credits[b.id]), context)


def _featurize_one(text: str) -> Features:
    return featurize(text, shared_state().shingle_size)


def _sketch_one(i: int) -> Sketches:
    features, settings = shared_state()  # the forked workers hold every document's features already
    return sketch_arrays(features[i], settings)


def _match_one(pair: tuple[int, int]) -> Match | None:
    documents, features, settings, ignore = shared_state()
    i, j = pair
    return match_pair(documents[i], features[i], documents[j], features[j], settings, ignore, _side(i), _side(j))


@lru_cache(maxsize=SIDES_KEPT)
def _side(i: int) -> AlignSide:
    """Document i's alignment Side, worked out once per worker for the pairs it takes part in (pairs come
    sorted, so a document's pairs as the first member follow each other)."""
    _, features, settings, ignore = shared_state()
    return AlignSide.of(features[i], ignore, settings)
