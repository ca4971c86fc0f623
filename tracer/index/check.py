"""Check one article against an index: candidates from the LSH buckets, confirmed by the MinHash
estimate as `trace` confirms them, then the pipeline's own alignment, credits and direction, so a
match carries the passages, relation and evidence `trace` gives for the same pair."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, replace

import numpy as np

from ..align import Side
from ..candidates import confirm_floor, distinct
from ..credits import find_credits
from ..direction import compilation_evidence
from ..match import match_pair
from ..model import Credit, Document, Link, Match
from ..parallel import workers as worker_count
from ..pipeline import boilerplate_floor, decide_match
from ..settings import Settings
from ..shingle import Features, featurize
from ..spans import covered, run_lengths, run_starts
from .features import unpack_features
from .refs import REF_BITS, ref_document
from .stems import window_values

QUERY_ID = "query"
"""The id of the checked article in links and containment."""
PARALLEL_FROM = 8
"""Candidates from which alignment is spread over the worker processes, when there are any."""


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
    """Further candidates confirmed beyond the limit, not aligned."""
    unexamined: int = 0
    """Documents that share an LSH bucket with the article, ranked below the limit, whose MinHash estimate was
    not read: once the limit is filled, candidates further down the ranking cannot enter it."""

    @property
    def reuse_found(self) -> bool:
        return bool(self.matches)


def check_document(store, query: Document, settings: Settings, limit: int | None, exhaustive: bool = False,
                   pool=None) -> CheckResult:
    """Find, align and decide the indexed documents that share text with `query`.

    `exhaustive` compares the article's windows with every stored window instead of reading LSH buckets;
    `pool`, called only when there are many candidates, gives a multiprocessing pool (or None) to align them on
    several cores.
    """
    query = replace(query, id=QUERY_ID)
    indexed = store.count()
    features = featurize(query.text, settings.shingle_size)
    own = [query.outlet] if query.outlet else []
    ignore = boilerplate_shingles(store, features, indexed, settings, own, query.outlet)
    finder = scan_candidates if exhaustive else find_candidates
    found = finder(store, without(features, ignore, settings.shingle_size), settings,
                   boilerplate_floor(indexed + 1, settings), limit)
    chosen = found.ranked[:limit] if limit else found.ranked
    stored = store.with_features(chosen)
    outlets = sorted({d.outlet for d, _ in stored.values() if d.outlet} | set(own))
    if outlets != own:
        ignore = boilerplate_shingles(store, features, indexed, settings, outlets, query.outlet)
    matches = align_all(query, features, [stored[n] for n in chosen if n in stored], settings, ignore, pool)
    return CheckResult(query, tuple(matches.values()), matches.credits, settings.as_dict(), indexed, len(chosen),
                       len(found.ranked) - len(chosen), found.unexamined)


@dataclass(frozen=True)
class Candidates:
    """Confirmed candidate documents, best first (see `confirm`), and how many documents with a hit were ranked
    too low to be examined."""

    ranked: list[int]
    unexamined: int = 0


def find_candidates(store, features: Features, settings: Settings, crowd: int, limit: int | None = None
                    ) -> Candidates:
    """Documents sharing an LSH bucket with an article window, kept when the MinHash estimate of the two
    windows' Jaccard confirms it, ranked by their bucket hits and windows (see `confirm`). A bucket
    holding more than `crowd` documents proposes nothing, as in `trace`."""
    signatures = window_values(store, features, settings)
    if not len(signatures):
        return Candidates([])
    buckets = store.banding.buckets(signatures).tolist()
    wanted = sorted({(band, bucket) for row in buckets for band, bucket in enumerate(row)})
    members = store.lookup(wanted, crowd)
    proposing = {key: refs for key, refs in members.items() if _proposes(refs, crowd)}
    hits = [(w, proposing[(band, bucket)]) for w, row in enumerate(buckets) for band, bucket in enumerate(row)
            if (band, bucket) in proposing]
    if not hits:
        return Candidates([])
    article = np.concatenate([np.full(len(refs), w) for w, refs in hits])
    stored = np.concatenate([refs for _, refs in hits])
    return confirm(store, signatures, article, stored, settings, limit)


def _proposes(refs: np.ndarray, crowd: int) -> bool:
    """A bucket proposes its documents unless it holds more than `crowd` of them, the article counted."""
    return len(refs) > 0 and (len(refs) + 1 <= crowd or len(np.unique(refs >> REF_BITS)) + 1 <= crowd)


def confirm(store, signatures: np.ndarray, article: np.ndarray, stored: np.ndarray, settings: Settings,
            limit: int | None = None) -> Candidates:
    """The documents where the MinHash estimate of one (article window, stored window) pair passes, as `trace`
    confirms a pair, ranked by the LSH's own evidence, read before any signature: the bucket hits between the
    document's windows and the article's, each (window pair, band) counted once (the more alike two windows, the
    more of their bands agree; the more text shared, the more window pairs), then the article windows with a hit on
    the document, most first, then by number. (Ranked by windows alone, the pages that share a site's furniture
    with a short article, one window each like its copies, came first by number and filled the limit; ranked by the
    best single pair's bands, pages quoting one window of a story outranked a rewrite of the whole of it.)

    `article[i]` and `stored[i]` are the windows of one bucket hit. A document's rank does not depend on the
    estimate, only whether it is kept does: documents are examined down the ranking, in growing batches, until
    `limit` of them pass, so a check does not read the signatures of thousands of chance collisions that could
    not enter the limit (None or 0: all are examined)."""
    limit = limit or None
    n = len(signatures)  # a (stored, article) pair is coded as one integer: unique on it is 1-D, and fast
    pairs, bands = np.unique(stored * n + article, return_counts=True)
    refs, windows = pairs // n, pairs % n
    docs = refs >> REF_BITS
    nums, hits = _windows_per_document(docs, windows, n)
    collisions = np.bincount(np.searchsorted(nums, docs), weights=bands, minlength=len(nums))
    order = nums[np.lexsort((nums, -hits, -collisions))]
    passed, examined, size = np.zeros(0, dtype=np.int64), 0, max(1, limit or len(order))
    while examined < len(order) and (limit is None or len(passed) < limit):
        batch = np.isin(docs, order[examined : examined + size])
        found = _passing(store, signatures, refs[batch], windows[batch], docs[batch], bands[batch], settings)
        passed, examined, size = np.union1d(passed, found), examined + size, size * 4
    examined = min(examined, len(order))
    kept = order[:examined][np.isin(order[:examined], passed)]
    return Candidates(kept.tolist(), len(order) - examined)


def _windows_per_document(docs: np.ndarray, windows: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray]:
    """The documents among `docs` and, for each, the distinct article windows (of `n`) paired with it: by a
    sort of (document, window) codes (`candidates.distinct`), not np.unique's hash table (several times slower on
    these).

    >>> [r.tolist() for r in _windows_per_document(np.array([7, 7, 7, 9]), np.array([0, 2, 0, 1]), 3)]
    [[7, 9], [2, 1]]
    """
    if not len(docs):
        return docs, docs
    paired = distinct(docs * n + windows) // n
    first = run_starts(paired[1:] != paired[:-1])
    return paired[first], run_lengths(first, len(paired))


def _passing(store, signatures: np.ndarray, refs: np.ndarray, windows: np.ndarray, docs: np.ndarray,
             bands: np.ndarray, settings: Settings) -> np.ndarray:
    """The documents among `docs` with a (stored window `refs[i]`, article window `windows[i]`) pair whose
    estimate passes. A document's pairs are tried most-shared first (the most bands in common), in growing
    rounds, so a copy costs one signature read, not hundreds."""
    order = np.lexsort((-bands, docs))
    refs, windows, docs = refs[order], windows[order], docs[order]
    rank = np.arange(len(docs)) - np.searchsorted(docs, docs)
    floor = confirm_floor(settings)
    confirmed = np.zeros(0, dtype=np.int64)
    low, size = 0, 1
    while True:
        trial = (rank >= low) & (rank < low + size) & ~np.isin(docs, confirmed)
        if not trial.any():
            return confirmed
        found, matrix = store.signatures(np.unique(refs[trial]).tolist())
        if len(found):
            at = np.searchsorted(found, refs[trial]).clip(max=len(found) - 1)
            known = found[at] == refs[trial]  # a window removed since the lookup is skipped
            passed = (signatures[windows[trial][known]] == matrix[at[known]]).mean(axis=1) >= floor
            confirmed = np.union1d(confirmed, docs[trial][known][passed])
        low, size = low + size, size * 4


def scan_candidates(store, features: Features, settings: Settings, crowd: int, limit: int | None = None,
                    block: int = 4096) -> Candidates:
    """Without the LSH: every stored window whose MinHash estimate passes, found by reading them all, ranked by
    the article windows similar to one of the document's. An article window similar to windows of more than
    `crowd` documents proposes nothing."""
    mine = window_values(store, features, settings)
    if not len(mine):
        return Candidates([])
    floor = confirm_floor(settings)
    docs_of = [set() for _ in mine]
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
    return Candidates(sorted(scores, key=lambda num: (-scores[num], num)))


def boilerplate_shingles(store, features: Features, indexed: int, settings: Settings, outlets: list[str] = (),
                         own: str | None = None) -> np.ndarray:
    """The article's shingles `trace` would ignore in a collection of the index and the article (outlet `own`):
    those held by more than the boilerplate floor of documents, and those in over half the documents of an
    outlet with at least five, for the `outlets` given (trace: every outlet of the collection)."""
    shingles = features.shingle_counts[0]
    total = indexed + 1
    floor = boilerplate_floor(total, settings)
    common = store.frequent(shingles, floor - 1) if total > floor else np.zeros(0, dtype=np.uint64)
    return np.union1d(common, store.site_frequent(shingles, list(outlets), own))


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
    starts = (~np.isin(features.shingles, ignore)).nonzero()[0]  # a shingle covers its n words
    keep = covered(len(features.tokens), starts, starts + n - 1)[features.content_pos]
    return replace(features, content_pos=features.content_pos[keep], content=features.content[keep])


@dataclass(frozen=True)
class _Aligned:
    by_document: dict[str, CheckMatch]
    credits: dict[str, tuple[Credit, ...]]

    def values(self) -> list[CheckMatch]:
        return sorted(self.by_document.values(), key=_rank)


def align_all(query: Document, features: Features, candidates: list[tuple[Document, bytes]], settings: Settings,
              ignore: np.ndarray, pool=None) -> _Aligned:
    """Align the article with each candidate (a document and its packed features), then decide each pair as
    `trace` does. With many candidates and a pool from `pool()`, this process aligns one share of them while
    the pool's processes align the others: it would otherwise sit idle waiting for them."""
    started = pool() if pool is not None and len(candidates) >= PARALLEL_FROM else None
    if started is not None:
        processes = worker_count(settings.workers)
        parts = [candidates[i::processes] for i in range(processes)]
        pending = started.map_async(_match_part, [(query, features, ignore, settings, part) for part in parts[1:]])
        mine = _matches(query, features, parts[0], settings, ignore)
        own = find_credits(query.text)
        results = [mine, *pending.get()]
        found = [(doc, m) for part, ms in zip(parts, results) for (doc, _), m in zip(part, ms) if m is not None]
    else:
        own = find_credits(query.text)
        found = [(doc, m) for (doc, _), m in zip(candidates, _matches(query, features, candidates, settings, ignore))
                 if m is not None]
    credits = {query.id: own} | {d.id: c for d, (_, c) in found}
    found = [(d, m) for d, (m, _) in found]
    by_id = {query.id: query} | {d.id: d for d, _ in found}
    context = compilation_evidence([m for _, m in found], {d: len(doc.text) for d, doc in by_id.items()},
                                   frozenset(d.id for d, _ in found))
    links = {d.id: CheckMatch(d, m, decide_match(m, by_id, credits, context.get((m.a, m.b), ()))) for d, m in found}
    return _Aligned(links, credits)


def _matches(query: Document, features: Features, candidates: list[tuple[Document, bytes]], settings: Settings,
             ignore: np.ndarray) -> list[tuple[Match, tuple[Credit, ...]] | None]:
    """`match_pair` of the article and each candidate, on the candidate's stored features, with the credits
    of each candidate that shares text with it (None for one that does not)."""
    side = Side.of(features, ignore, settings)
    out = []
    for doc, packed in candidates:
        match = match_pair(query, features, doc, unpack_features(packed), settings, ignore, side)
        out.append(None if match is None else (match, find_credits(doc.text)))
    return out


def _match_part(task) -> list[tuple[Match, tuple[Credit, ...]] | None]:
    query, features, ignore, settings, candidates = task
    return _matches(query, features, candidates, settings, ignore)


def _rank(m: CheckMatch) -> tuple:
    shares = sorted(m.link.containment.values(), reverse=True)
    return (-shares[0], -shares[-1], m.document.id)
