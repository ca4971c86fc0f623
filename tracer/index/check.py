"""Check one article against an index: candidates from the LSH buckets, confirmed by the MinHash
estimate as `trace` confirms them, then the pipeline's own alignment, credits and direction, so a
match carries the passages, relation and evidence `trace` gives for the same pair."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, replace

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


def check_document(store, query: Document, settings: Settings, limit: int | None, exhaustive: bool = False
                   ) -> CheckResult:
    """Find, align and decide the indexed documents that share text with `query`.

    `exhaustive` compares the article's windows with every stored window instead of reading LSH buckets.
    """
    query = replace(query, id=QUERY_ID)
    indexed = store.count()
    features = featurize(query.text, settings.shingle_size)
    ignore = boilerplate_shingles(store, features, indexed, settings)
    finder = scan_candidates if exhaustive else find_candidates
    scores = finder(store, without(features, ignore, settings.shingle_size), settings,
                    boilerplate_floor(indexed + 1, settings))
    ranked = sorted(scores, key=lambda num: (-scores[num], num))
    chosen = ranked[:limit] if limit else ranked
    documents = store.documents(chosen)
    matches = align_all(query, features, [documents[n] for n in chosen if n in documents], settings, ignore)
    return CheckResult(query, tuple(matches.values()), matches.credits, settings.as_dict(), indexed, len(chosen),
                       len(ranked) - len(chosen))


def find_candidates(store, features: Features, settings: Settings, crowd: int) -> dict[int, int]:
    """Documents sharing an LSH bucket with an article window, kept when the MinHash estimate of the two
    windows' Jaccard confirms it (document number -> article windows confirmed). A bucket holding more than
    `crowd` documents proposes nothing, as in `trace`."""
    windows = sketch(features, settings)
    if not windows:
        return {}
    signatures = np.array([w.minhash.hashvalues for w in windows])
    buckets = store.banding.buckets(signatures).tolist()
    wanted = sorted({(band, bucket) for row in buckets for band, bucket in enumerate(row)})
    members = store.lookup(wanted, crowd)
    pairs = set()
    for w, row in enumerate(buckets):
        for band, bucket in enumerate(row):
            refs = members.get((band, bucket), [])
            if len({ref_document(r) for r in refs}) + 1 <= crowd:
                pairs.update((w, r) for r in refs)
    return confirm(store, signatures, pairs, settings)


def scan_candidates(store, features: Features, settings: Settings, crowd: int, block: int = 4096) -> dict[int, int]:
    """Without the LSH: every stored window whose MinHash estimate passes, found by reading them all.
    An article window similar to windows of more than `crowd` documents proposes nothing."""
    windows = sketch(features, settings)
    if not windows:
        return {}
    mine = np.array([w.minhash.hashvalues for w in windows])
    floor = settings.lsh_threshold - ESTIMATE_SLACK
    docs_of = [set() for _ in windows]
    for refs, stored in store.scan_signatures():
        for start in range(0, len(refs), block):
            part = stored[start : start + block]
            hits = (mine[:, None, :] == part[None, :, :]).mean(axis=2) >= floor
            for w, r in zip(*np.nonzero(hits)):
                docs_of[w].add(ref_document(int(refs[start + r])))
    scores: dict[int, int] = defaultdict(int)
    for docs in docs_of:
        if len(docs) + 1 <= crowd:
            for num in docs:
                scores[num] += 1
    return dict(scores)


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


def boilerplate_shingles(store, features: Features, indexed: int, settings: Settings) -> np.ndarray:
    """The article's shingles held by more than the boilerplate floor of documents, the article counted:
    the shingles `trace` would ignore in a collection of the index and the article."""
    total = indexed + 1
    floor = boilerplate_floor(total, settings)
    if total <= floor:
        return np.zeros(0, dtype=np.uint64)
    return store.frequent(np.unique(features.shingles), floor - 1)


def without(features: Features, ignore: np.ndarray, n: int) -> Features:
    """The features with the content words that lie only inside ignored (boilerplate) shingles left out:
    site furniture proposes no candidate, as it seeds no passage.

    >>> from tracer.shingle import featurize
    >>> f = featurize("alpha beta gamma delta epsilon zeta eta theta", 3)
    >>> without(f, f.shingles[:2], 3).content_pos.tolist()
    [2, 3, 4, 5, 6, 7]
    """
    if not len(ignore) or not len(features.shingles):
        return features
    kept = ~np.isin(features.shingles, ignore)
    covered = np.convolve(kept.astype(np.int64), np.ones(n, dtype=np.int64))[: len(features.tokens)] > 0
    keep = covered[features.content_pos]
    return replace(features, content_pos=features.content_pos[keep], content=features.content[keep])


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
