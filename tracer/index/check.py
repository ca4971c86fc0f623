"""Check one article against an index: candidates from the LSH buckets, confirmed by the MinHash
estimate as `trace` confirms them, then the pipeline's own alignment, credits and direction, so a
match carries the passages, relation and evidence `trace` gives for the same pair."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field, replace

import numpy as np

from ..candidates import ESTIMATE_SLACK
from ..credits import find_credits
from ..direction import compilation_evidence
from ..match import match_pair
from ..model import Credit, Document, Link, Match
from ..pipeline import boilerplate_floor, decide_match
from ..settings import Settings
from ..shingle import Features, featurize
from ..sketch import sketch
from .banding import ref_document

QUERY_ID = "query"
"""The id of the checked article in links and containment."""


@dataclass(frozen=True)
class CheckMatch:
    """One indexed document that shares text with the checked article."""

    document: Document
    match: Match
    link: Link


@dataclass(frozen=True)
class CheckResult:
    """The ranked matches of a checked article (best first), its credits and what was searched."""

    query: Document
    matches: tuple[CheckMatch, ...]
    credits: dict[str, tuple[Credit, ...]]
    settings: dict
    indexed: int
    """Documents in the index."""
    aligned: int
    """Candidate documents aligned with the article."""
    unaligned: int = 0
    """Further candidates, beyond the limit, not aligned."""

    @property
    def reuse_found(self) -> bool:
        return bool(self.matches)


@dataclass(frozen=True)
class Candidates:
    """Indexed documents with windows similar to the article's, and the article's boilerplate windows."""

    scores: dict[int, int] = field(default_factory=dict)
    """Document number -> article windows it confirmed."""
    boilerplate: tuple[tuple[int, int], ...] = ()
    """(first, last) content words of the article windows whose buckets are crowded (text in too many documents)."""


def check_document(store, query: Document, settings: Settings, limit: int | None) -> CheckResult:
    """Find, align and decide the indexed documents that share text with `query`."""
    query = replace(query, id=QUERY_ID)
    indexed = store.count()
    features = featurize(query.text, settings.shingle_size)
    found = find_candidates(store, features, settings, boilerplate_floor(indexed + 1, settings))
    ranked = sorted(found.scores, key=lambda num: (-found.scores[num], num))
    chosen = ranked[:limit] if limit else ranked
    documents = store.documents(chosen)
    ignore = boilerplate_shingles(features, found.boilerplate, settings)
    matches = align_all(query, features, [documents[n] for n in chosen if n in documents], settings, ignore)
    return CheckResult(query, tuple(matches.values()), matches.credits, settings.as_dict(), indexed, len(chosen),
                       len(ranked) - len(chosen))


def find_candidates(store, features: Features, settings: Settings, crowd: int) -> Candidates:
    """Documents sharing an LSH bucket with an article window, kept when the MinHash estimate of the two
    windows' Jaccard confirms it. A bucket holding more than `crowd` documents proposes nothing."""
    windows = sketch(features, settings)
    if not windows:
        return Candidates()
    signatures = np.array([w.minhash.hashvalues for w in windows])
    buckets = store.banding.buckets(signatures).tolist()
    wanted = sorted({(band, bucket) for row in buckets for band, bucket in enumerate(row)})
    members = store.lookup(wanted, crowd)
    pairs, crowded = set(), [0] * len(windows)
    for w, row in enumerate(buckets):
        for band, bucket in enumerate(row):
            refs = members.get((band, bucket), [])
            if len({ref_document(r) for r in refs}) + 1 > crowd:
                crowded[w] += 1
            else:
                pairs.update((w, r) for r in refs)
    boilerplate = tuple((windows[w].first, windows[w].last) for w, n in enumerate(crowded) if 2 * n >= len(buckets[w]))
    return Candidates(confirm(store, signatures, pairs, settings), boilerplate)


def confirm(store, signatures: np.ndarray, pairs: set[tuple[int, int]], settings: Settings) -> dict[int, int]:
    """Document number -> number of article windows whose estimated Jaccard with one of its windows passes."""
    if not pairs:
        return {}
    stored = store.signatures(sorted({r for _, r in pairs}))
    pairs = sorted((w, r) for w, r in pairs if r in stored)
    if not pairs:
        return {}
    mine = signatures[[w for w, _ in pairs]]
    theirs = np.stack([stored[r] for _, r in pairs])
    keep = (mine == theirs).mean(axis=1) >= settings.lsh_threshold - ESTIMATE_SLACK
    windows_of = defaultdict(set)
    for (w, r), ok in zip(pairs, keep.tolist()):
        if ok:
            windows_of[ref_document(r)].add(w)
    return {num: len(ws) for num, ws in windows_of.items()}


def boilerplate_shingles(features: Features, windows: tuple[tuple[int, int], ...], settings: Settings) -> np.ndarray:
    """The article's shingles inside its boilerplate windows: like `trace`, they seed no passage."""
    if not windows:
        return np.zeros(0, dtype=np.uint64)
    parts = []
    for first, last in windows:
        start, end = features.content_pos[first], features.content_pos[last]
        parts.append(features.shingles[start : max(start, end - settings.shingle_size + 2)])
    return np.unique(np.concatenate(parts))


@dataclass(frozen=True)
class _Aligned:
    by_document: dict[str, CheckMatch]
    credits: dict[str, tuple[Credit, ...]]

    def values(self) -> list[CheckMatch]:
        return sorted(self.by_document.values(), key=_rank)


def align_all(query: Document, features: Features, documents: list[Document], settings: Settings,
              ignore: np.ndarray) -> _Aligned:
    """Align the article with each document, then decide each pair as `trace` does."""
    found = []
    for doc in documents:
        match = match_pair(query, features, doc, featurize(doc.text, settings.shingle_size), settings, ignore)
        if match is not None:
            found.append((doc, match))
    credits = {d.id: find_credits(d.text) for d in [query] + [d for d, _ in found]}
    context = compilation_evidence([m for _, m in found])
    by_id = {query.id: query} | {d.id: d for d, _ in found}
    links = {d.id: CheckMatch(d, m, decide_match(m, by_id, credits, context.get((m.a, m.b), ()))) for d, m in found}
    return _Aligned(links, credits)


def _rank(m: CheckMatch) -> tuple:
    shares = sorted(m.link.containment.values(), reverse=True)
    return (-shares[0], -shares[-1], m.document.id)
