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

from .settings import Settings
from .shingle import Features
from .spans import covered, run_ends, run_lengths, run_starts, share

CONDENSED = 2.0
"""How many times longer on one side than on the other two passages must be together to be one condensed retelling."""
MAX_REPEAT = 8
"""A shingle repeated more often than this inside either document seeds nothing (it is a refrain, not reuse)."""
SKIP_FROM = 30
"""Words from which an exact seed may hold whole sentences that `sentence_seeds` need not pair (see `_within_one`)."""
DOMINANT = 2.0
"""How many times longer than an exact seed a verbatim run holding its words on one side must be to show that
the seed pairs those words again, with a repeated phrase (see `unrepeated`)."""


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


def align(fa: Features, fb: Features, settings: Settings, ignore: np.ndarray | None = None) -> list[Fragment]:
    """Aligned passages between two documents, ordered by position in the first.

    `ignore` holds shingle hashes that never seed (boilerplate).
    """
    n = settings.shingle_size
    return align_sides(Side.of(fa, ignore, n), Side.of(fb, ignore, n), settings)


def align_sides(a: Side, b: Side, settings: Settings) -> list[Fragment]:
    """`align` on the two documents' Sides (each worked out once when a document is aligned with many)."""
    fa, fb = a.features, b.features
    if not len(fa.content) or not len(fb.content):
        return []
    stems, va, vb = _stems_and_ids(fa, fb)
    exact = unrepeated(exact_seeds(a, b, va, settings.shingle_size))
    edited = sentence_seeds(a, b, stems, settings, _within_one(fa, exact, 0), _within_one(fb, exact, 2))
    seeds = exact + consistent(edited, exact, len(fa.tokens), len(fb.tokens))
    if not seeds:  # most candidates of a check that share no passage
        return []
    weights = word_weights(va, vb)
    groups = condense(cluster(seeds, settings.max_gap), settings.max_gap, settings.max_spread)
    fragments = [_fragment(group, weights) for group in groups]
    kept = [f for f in fragments if f.mass >= settings.min_passage_mass]
    return sorted(_merge_overlaps(kept), key=lambda f: (f.a0, f.b0))


@dataclass(frozen=True, eq=False)
class Side:
    """What aligning a document needs that does not depend on the other document, given the shingles
    ignored: worked out once for a document aligned with many (the article of a `check`)."""

    features: Features
    mask: np.ndarray | None
    """True for each word inside a boilerplate shingle (see `boilerplate`); None when nothing is ignored."""
    seeding: np.ndarray
    """The distinct shingles that may seed a run: held at most MAX_REPEAT times, and not ignored."""
    weak_sentences: np.ndarray
    """True for each sentence of which more than half the words are boilerplate."""
    sentences: _SentenceWords
    by_shingle: np.ndarray
    """The shingle positions, ordered by shingle (stable): where each shingle occurs, found by a binary search."""
    sorted_shingles: np.ndarray
    """The shingles in that order."""

    @classmethod
    def of(cls, f: Features, ignore: np.ndarray | None, n: int) -> Side:
        seeding, by_shingle = _seldom(f), np.argsort(f.shingles, kind="stable")
        ordered = f.shingles[by_shingle]
        if ignore is None or not len(ignore):
            return cls(f, None, seeding, _boilerplate_sentences(f, None), _SentenceWords.of(f), by_shingle, ordered)
        table = _distinct(ignore)
        mask = _boilerplate_mask(f, table, n)
        return cls(f, mask, seeding[~_within(seeding, table)], _boilerplate_sentences(f, mask), _SentenceWords.of(f),
                   by_shingle, ordered)

    def occurrences(self, values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """For each of the distinct sorted `values`, where its occurrences start among `by_shingle`, and how many
        there are."""
        start = np.searchsorted(self.sorted_shingles, values, "left")
        return start, np.searchsorted(self.sorted_shingles, values, "right") - start


def vocabulary(fa: Features, fb: Features) -> tuple[np.ndarray, np.ndarray]:
    """An id per content word of each document, the same id for the same stem on both sides."""
    return _stems_and_ids(fa, fb)[1:]


def _stems_and_ids(fa: Features, fb: Features) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The distinct stems of the pair, sorted, and `vocabulary`: each content word's id is its stem's place
    among them, so ids are in the order of the stems."""
    stems, inverse = np.unique(np.concatenate([fa.content, fb.content]), return_inverse=True)
    return stems, inverse[: len(fa.content)], inverse[len(fa.content) :]


def word_weights(va: np.ndarray, vb: np.ndarray) -> np.ndarray:
    """Evidence weight of each content word of the pair: 1 for a word used once on either side,
    1/sqrt(n) for a word used n times on both (the topic words two texts on one subject share).

    >>> word_weights(np.array([0, 1, 1, 1, 1]), np.array([0, 1, 1, 1, 1])).tolist()
    [1.0, 0.5]
    """
    n = int(max(va.max(), vb.max())) + 1
    uses = np.minimum(np.bincount(va, minlength=n), np.bincount(vb, minlength=n))
    return 1.0 / np.sqrt(np.maximum(1, uses))


def exact_seeds(a: Side, b: Side, va: np.ndarray, n: int) -> list[Seed]:
    """Runs of consecutive shingles that occur in both documents, one seed per diagonal run."""
    fa = a.features
    common = a.seeding[_within(a.seeding, b.seeding)]  # both sorted and distinct: the shingles they share
    if not len(common):
        return []
    i, j = _shared_positions(a, b, common)
    order = np.lexsort((i, i - j))
    i, j = i[order], j[order]
    first = run_starts((i[1:] - j[1:] != i[:-1] - j[:-1]) | (i[1:] != i[:-1] + 1))
    last = run_ends(first, len(i))
    pos, ids = fa.content_pos, va.tolist()
    lo, hi = np.searchsorted(pos, i[first], "left").tolist(), np.searchsorted(pos, i[last] + n - 1, "right").tolist()
    return [Seed(a0, a1 + n - 1, b0, b1 + n - 1, frozenset(ids[x:y]), True) for a0, a1, b0, b1, x, y in
            zip(i[first].tolist(), i[last].tolist(), j[first].tolist(), j[last].tolist(), lo, hi)]


def _shared_positions(a: Side, b: Side, common: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Every pair (i, j) of shingle positions of the two documents that hold the same shingle of `common`
    (distinct, sorted, present on both sides), grouped by shingle."""
    start_a, count_a = a.occurrences(common)
    start_b, count_b = b.occurrences(common)
    pairs = count_a * count_b
    shingle = np.repeat(np.arange(len(common)), pairs)
    k = np.arange(len(shingle)) - np.repeat(np.cumsum(pairs) - pairs, pairs)  # the pair's place in its shingle
    return (a.by_shingle[start_a[shingle] + k // count_b[shingle]],
            b.by_shingle[start_b[shingle] + k % count_b[shingle]])


def join(keys_a: np.ndarray, keys_b: np.ndarray, order: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Every pair (x, y) of indexes with `keys_a[x] == keys_b[y]`, ordered by x; `order` is `keys_b`'s stable
    argsort when the caller has it.

    >>> [r.tolist() for r in join(np.array([3, 1, 3]), np.array([3, 3, 2]))]
    [[0, 0, 2, 2], [0, 1, 0, 1]]
    """
    order = np.argsort(keys_b, kind="stable") if order is None else order
    sorted_b = keys_b[order]
    lo = np.searchsorted(sorted_b, keys_a, "left")
    count = np.searchsorted(sorted_b, keys_a, "right") - lo
    left = np.repeat(np.arange(len(keys_a)), count)
    right = np.repeat(lo - (np.cumsum(count) - count), count) + np.arange(len(left))
    return left, order[right]


def sentence_seeds(sa: Side, sb: Side, stems: np.ndarray, settings: Settings, skip_a: np.ndarray | None = None,
                   skip_b: np.ndarray | None = None) -> list[Seed]:
    """Sentence pairs whose content-word sets overlap by at least `sentence_dice` (Dice).

    Sentences that are mostly boilerplate (see `boilerplate`) seed nothing, nor do those flagged in `skip_a`
    and `skip_b` (see `_within_one`). A seed spans, on each side, the first to the last use in its sentence of
    the content words the two sentences share, which it holds as ids in the pair's `stems` (see
    `_stems_and_ids`).
    """
    a, b = sa.sentences, sb.sentences
    rows = np.arange(len(a.word)) if skip_a is None else np.flatnonzero(~skip_a[a.sentence])
    left, right = join(a.word[rows], b.word, b.by_word)
    left = rows[left]
    if skip_b is not None:
        kept = ~skip_b[b.sentence[right]]
        left, right = left[kept], right[kept]
    code = a.sentence[left] * b.n_sentences + b.sentence[right]
    order = np.argsort(code, kind="stable")  # each sentence pair's words together, in the order joined
    code = code[order]
    starts = run_starts(code[1:] != code[:-1]) if len(code) else np.zeros(0, dtype=np.int64)
    shared = run_lengths(starts, len(code))
    rows, cols = code[starts] // b.n_sentences, code[starts] % b.n_sentences
    dice = 2 * shared / (a.sizes[rows] + b.sizes[cols])
    keep = (shared >= settings.min_shared_words) & (dice >= settings.sentence_dice)
    keep &= ~sa.weak_sentences[rows] & ~sb.weak_sentences[cols]
    if not keep.any():
        return []
    chosen = order[np.repeat(keep, shared)]
    left, right = left[chosen], right[chosen]
    first = np.concatenate(([0], np.cumsum(shared[keep])[:-1]))
    spans = [np.minimum.reduceat(a.first[left], first), np.maximum.reduceat(a.last[left], first),
             np.minimum.reduceat(b.first[right], first), np.maximum.reduceat(b.last[right], first)]
    words = np.split(np.searchsorted(stems, a.word[left]), first[1:])
    return [Seed(a0, a1, b0, b1, frozenset(w.tolist()), False)
            for a0, a1, b0, b1, w in zip(*(s.tolist() for s in spans), words)]


@dataclass(frozen=True, eq=False)
class _SentenceWords:
    """The distinct (sentence, content word) pairs of a document, ordered by sentence and stem, with the word
    positions of the first and last use of the word in the sentence, and each sentence's number of distinct
    content words. `word` holds the stems."""

    sentence: np.ndarray
    word: np.ndarray
    first: np.ndarray
    last: np.ndarray
    sizes: np.ndarray
    n_sentences: int
    by_word: np.ndarray
    """The pairs' order by stem (stable), for `join`."""

    @classmethod
    def of(cls, f: Features) -> _SentenceWords:
        n_sentences = _sentence_count(f)
        sentence = f.tokens.sentence[f.content_pos]
        if not len(sentence):
            return cls(sentence, f.content, f.content_pos, f.content_pos, np.zeros(n_sentences, np.int64), n_sentences,
                       np.zeros(0, dtype=np.int64))
        order = np.lexsort((f.content_pos, f.content, sentence))
        sentence, stems, positions = sentence[order], f.content[order], f.content_pos[order]
        start = run_starts((sentence[1:] != sentence[:-1]) | (stems[1:] != stems[:-1]))
        end = run_ends(start, len(sentence))
        sentence, word = sentence[start], stems[start]
        return cls(sentence, word, positions[start], positions[end],
                   np.bincount(sentence, minlength=n_sentences), n_sentences, np.argsort(word, kind="stable"))


def boilerplate(f: Features, ignore: np.ndarray | None, n: int) -> np.ndarray | None:
    """True for each word inside a boilerplate shingle (text repeated across many documents or one site's pages).

    >>> from tracer.shingle import featurize
    >>> f = featurize("one two three four five six seven", 3)
    >>> boilerplate(f, f.shingles[2:3], 3).astype(int).tolist()
    [0, 0, 1, 1, 1, 0, 0]
    """
    if ignore is None or not len(ignore):
        return None
    return _boilerplate_mask(f, _distinct(ignore), n)


def _boilerplate_mask(f: Features, table: np.ndarray, n: int) -> np.ndarray:
    """`boilerplate` for a sorted `table` of distinct shingle hashes."""
    starts = np.flatnonzero(_within(f.shingles, table))
    return covered(len(f.tokens), starts, np.minimum(starts + n, len(f.tokens)) - 1)


def _within(values: np.ndarray, table: np.ndarray) -> np.ndarray:
    """`np.isin(values, table)` for a sorted `table` of distinct values: a binary search, not a sort of both.

    >>> _within(np.array([5, 1, 9, 4]), np.array([1, 4, 7])).tolist()
    [False, True, False, True]
    """
    if not len(table):
        return np.zeros(len(values), dtype=bool)
    at = np.searchsorted(table, values)
    return table[np.minimum(at, len(table) - 1)] == values


def _distinct(hashes: np.ndarray) -> np.ndarray:
    """Shingle hashes sorted and distinct: as given when they already are (the boilerplate shingles always are)."""
    values = np.asarray(hashes, dtype=np.uint64)
    return values if (values[1:] > values[:-1]).all() else np.unique(values)


def _sentence_count(f: Features) -> int:
    return int(f.tokens.sentence[-1]) + 1 if len(f.tokens) else 0


def _boilerplate_sentences(f: Features, mask: np.ndarray | None) -> np.ndarray:
    """True for each sentence of which more than half the words are boilerplate."""
    n_sentences = _sentence_count(f)
    if mask is None:
        return np.zeros(n_sentences, dtype=bool)
    share = np.bincount(f.tokens.sentence, weights=mask, minlength=n_sentences)
    return share > 0.5 * np.maximum(1, np.bincount(f.tokens.sentence, minlength=n_sentences))


def unrepeated(exact: list[Seed]) -> list[Seed]:
    """The exact seeds but those whose words on one side lie inside an exact seed DOMINANT (2) times as long or longer: words
    already copied with their neighbours, paired again with a phrase the other text repeats elsewhere. Such a
    seed adds no copied word, and stretches a passage over text that is not its copy. (Between two repeats of
    about the same length, nothing tells which pairing is the copy: both stay.)

    >>> seed = lambda a, b, n: Seed(a, a + n - 1, b, b + n - 1, frozenset(), True)
    >>> [(s.a0, s.b0) for s in unrepeated([seed(0, 0, 50), seed(10, 90, 5), seed(70, 70, 5), seed(90, 75, 6)])]
    [(0, 0), (70, 70), (90, 75)]
    """
    if len(exact) < 2:
        return exact
    boxes = _boxes(exact)
    repeat = _dominated(boxes[:, 0], boxes[:, 1]) | _dominated(boxes[:, 2], boxes[:, 3])
    return [s for s, r in zip(exact, repeat.tolist()) if not r]


def consistent(edited: list[Seed], exact: list[Seed], n_a: int, n_b: int) -> list[Seed]:
    """The edited seeds that add to the exact ones without contradicting them.

    A sentence seed whose words on one side all lie inside one exact seed adds no matched word there: on the
    other side it either repeats the exact seed's partner or pairs the copied words with a look-alike, and it
    would stretch the passage to the whole sentence. A sentence seed whose words on one side are mostly copied
    verbatim (inside exact seeds) while its partner on the other side holds no verbatim word pairs a copied
    sentence with a look-alike, not with its copy. Neither seeds anything.
    """
    if not exact or not edited:
        return edited
    spans, seeds = _boxes(edited), _boxes(exact)
    inside = _inside(spans[:, 0], spans[:, 1], seeds[:, 0], seeds[:, 1])
    inside |= _inside(spans[:, 2], spans[:, 3], seeds[:, 2], seeds[:, 3])
    share_a = _exact_share(n_a, [(s.a0, s.a1) for s in exact], [(s.a0, s.a1) for s in edited])
    share_b = _exact_share(n_b, [(s.b0, s.b1) for s in exact], [(s.b0, s.b1) for s in edited])
    keep = ~(((share_a > 0.5) & (share_b == 0)) | ((share_b > 0.5) & (share_a == 0)) | inside)
    return [s for s, k in zip(edited, keep.tolist()) if k]


def _within_one(f: Features, exact: list[Seed], column: int) -> np.ndarray | None:
    """True for each sentence of `f` whose words all lie inside one exact seed (on the side whose first word is
    column `column` of the seeds' boxes): a sentence seed there adds nothing and `consistent` drops it, whatever
    it pairs with, so such a sentence is left out of `sentence_seeds` (most sentences of a verbatim copy). Only
    worked out when an exact seed is long enough to hold a sentence (SKIP_FROM words): else it would cost more
    than it saves."""
    if not exact or max(s.a1 - s.a0 for s in exact) + 1 < SKIP_FROM:
        return None
    ids = np.arange(_sentence_count(f))
    first = np.searchsorted(f.tokens.sentence, ids, "left")
    last = np.searchsorted(f.tokens.sentence, ids, "right") - 1
    boxes = _boxes(exact)
    return _inside(first, last, boxes[:, column], boxes[:, column + 1])


def _boxes(seeds: list[Seed]) -> np.ndarray:
    return np.array([(s.a0, s.a1, s.b0, s.b1) for s in seeds], dtype=np.int64).reshape(-1, 4)


def _dominated(first: np.ndarray, last: np.ndarray) -> np.ndarray:
    """True for each span (first, last) inside another span of the list at least DOMINANT times as long.

    >>> _dominated(np.array([0, 2, 0, 5]), np.array([9, 4, 9, 12])).tolist()
    [False, True, False, False]
    """
    length = last - first + 1
    out = np.zeros(len(first), dtype=bool)
    for i, rows in _row_blocks(len(first)):
        inside = (first[None, :] <= first[i, None]) & (last[None, :] >= last[i, None])
        out[rows] = (inside & (length[None, :] >= DOMINANT * length[i, None])).any(axis=1)
    return out


def _inside(first: np.ndarray, last: np.ndarray, table_first: np.ndarray, table_last: np.ndarray) -> np.ndarray:
    """True for each span (first, last) inside one of the table's spans.

    >>> _inside(np.array([3, 3, 12]), np.array([5, 11, 14]), np.array([0, 10]), np.array([9, 20])).tolist()
    [True, False, True]
    """
    order = np.argsort(table_first, kind="stable")
    reach = np.maximum.accumulate(table_last[order])
    at = np.searchsorted(table_first[order], first, "right") - 1
    return (at >= 0) & (reach[np.maximum(at, 0)] >= last)


def _exact_share(n: int, exact: list[tuple[int, int]], spans: list[tuple[int, int]]) -> np.ndarray:
    """For each (first, last) span of `spans`, the share of its words inside one of the `exact` spans, out of
    a text of `n` words.

    >>> _exact_share(10, [(0, 3)], [(2, 5), (6, 9)]).tolist()
    [0.5, 0.0]
    """
    exact_first, exact_last = np.array(exact).T
    first, last = np.array(spans).T
    return share(covered(n, exact_first, exact_last), first, last)


def cluster(seeds: list[Seed], max_gap: int) -> list[list[Seed]]:
    """Group seeds that lie within `max_gap` words of each other on both sides (transitively)."""
    seeds = sorted(seeds, key=lambda s: (s.a0, s.b0))
    boxes = np.array([(s.a0, s.a1, s.b0, s.b1) for s in seeds], dtype=np.int64).reshape(-1, 4)
    return _components(seeds, _near(boxes, max_gap))


def _near(boxes: np.ndarray, max_gap: int) -> tuple[np.ndarray, np.ndarray]:
    """Pairs i < j of seed boxes (a0, a1, b0, b1), in order of a0, within `max_gap` words on both sides."""
    a0, a1, b0, b1 = boxes.T
    found = []
    for i, rows in _row_blocks(len(boxes)):
        close = (a0[None, :] - a1[i, None] <= max_gap) & (np.arange(len(boxes))[None, :] > rows[:, None])
        close &= np.maximum(b0[None, :] - b1[i, None], b0[i, None] - b1[None, :]) <= max_gap
        first, second = np.nonzero(close)
        found.append((rows[first], second))
    return _stacked(found)


def condense(groups: list[list[Seed]], max_gap: int, spread: int) -> list[list[Seed]]:
    """Join passages that follow each other within `max_gap` words on one side and in the same order, up to
    `spread` words apart, on the other, the two together spanning at least CONDENSED times as many words on
    that side: the sentences of a condensed retelling (a summary, a trimmed rewrite) drawn from a longer
    stretch of the original. Two long excerpts placed side by side stay two passages.

    >>> seed = lambda a, b: Seed(a, a + 9, b, b + 9, frozenset(), True)
    >>> [len(g) for g in condense([[seed(0, 0)], [seed(20, 100)], [seed(40, 500)], [seed(200, 60)]], 40, 250)]
    [2, 1, 1]
    """
    boxes = np.array([(min(s.a0 for s in g), max(s.a1 for s in g), min(s.b0 for s in g), max(s.b1 for s in g))
                      for g in groups], dtype=np.int64).reshape(-1, 4)
    links = _in_sequence(boxes, max_gap, spread)
    return [[s for g in component for s in g] for component in _components(groups, links)]


def _in_sequence(boxes: np.ndarray, max_gap: int, spread: int) -> tuple[np.ndarray, np.ndarray]:
    """Pairs (i, j) of passage boxes (a0, a1, b0, b1) that `condense` joins: j follows i on both sides, within
    `max_gap` words on one and `spread` on the other, and the two span CONDENSED times more words on one side."""
    a0, a1, b0, b1 = boxes.T
    found = []
    for i, rows in _row_blocks(len(boxes)):
        gap_a, gap_b = a0[None, :] - a1[i, None], b0[None, :] - b1[i, None]
        near, far = np.minimum(gap_a, gap_b), np.maximum(gap_a, gap_b)
        extent_a, extent_b = a1[None, :] - a0[i, None], b1[None, :] - b0[i, None]
        joined = (near >= 0) & (near <= max_gap) & (far <= spread)
        joined &= np.maximum(extent_a, extent_b) >= CONDENSED * np.minimum(extent_a, extent_b)
        first, second = np.nonzero(joined)
        found.append((rows[first], second))
    return _stacked(found)


def _row_blocks(n: int, cells: int = 1 << 20):
    """(slice, row numbers) blocks of an n x n comparison, each of about `cells` cells (bounded memory)."""
    rows = max(1, cells // max(1, n))
    for start in range(0, n, rows):
        yield slice(start, start + rows), np.arange(start, min(start + rows, n))


def _stacked(found: list[tuple[np.ndarray, np.ndarray]]) -> tuple[np.ndarray, np.ndarray]:
    empty = np.zeros(0, dtype=np.int64)
    return np.concatenate([empty] + [f for f, _ in found]), np.concatenate([empty] + [s for _, s in found])


def _components(items: list, links: tuple[np.ndarray, np.ndarray]) -> list[list]:
    """The items grouped by the index pairs `links` joining them (transitively), in order of first member.

    Every item takes the lowest index it is linked to, by label propagation with pointer jumping.

    >>> _components(list("abcde"), (np.array([3, 0]), np.array([4, 2])))
    [['a', 'c'], ['b'], ['d', 'e']]
    """
    first, second = links
    label = np.arange(len(items))
    while len(first):
        low = np.minimum(label[first], label[second])
        lower = label.copy()
        np.minimum.at(lower, first, low)
        np.minimum.at(lower, second, low)
        lower = lower[lower]
        if (lower == label).all():
            break
        label = lower
    groups: dict[int, list] = defaultdict(list)
    for k, item in zip(label.tolist(), items):
        groups[k].append(item)
    return list(groups.values())


def _seldom(f: Features) -> np.ndarray:
    """The shingles a text holds at most MAX_REPEAT times (a phrase repeated more often seeds nothing)."""
    values, counts = f.shingle_counts
    return values[counts <= MAX_REPEAT]


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
