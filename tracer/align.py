"""Align two documents: exact and edited seeds, grown into passages, kept only with enough evidence.

Seeds are of two kinds: runs of shingles found verbatim on both sides, and pairs of sentences
that share most of their content words (a copy with words swapped, translated or reordered).
Seeds that lie close together on both sides join into one passage, which tolerates edits and
reordering inside it; a passage with less matched weight than `min_passage_mass` (its content words, and
the function words of its verbatim runs, see `Mass`) is a common phrase, not reuse. Where that leaves text
unexplained, pairs of sketch windows that share most of their content words seed too (a rewrite that moved
the sentence ends), and vouch for passages of their own (see `_vouched`).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from functools import cached_property

import numpy as np

from .settings import Settings
from .shingle import Features
from .sketch import window_bounds
from .spans import covered, run_ends, run_starts, share

CONDENSED = 2.0
"""How many times longer on one side than on the other two passages must be together to be one condensed retelling."""
MAX_REPEAT = 8
"""A shingle repeated more often than this inside either document seeds nothing (it is a refrain, not reuse)."""
SKIP_FROM = 30
"""Words from which an exact seed may hold whole sentences that `sentence_seeds` need not pair (see `_within_one`)."""
DENSE_CELLS = 1 << 16
"""Group pairs (sentences or windows of one document times the other's) up to which `_counts` counts in one pass."""
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
    window: bool = False


@dataclass(frozen=True)
class Fragment:
    """A passage aligned on both sides, in word positions, with the matched content words behind it."""

    a0: int
    a1: int
    b0: int
    b1: int
    mass: float
    exact_a: int
    """The passage's words on the first side inside its verbatim runs (exact seeds), each counted once."""
    exact_b: int
    """The same on the second side (it differs from `exact_a` where runs overlap on one side only: a phrase one
    text repeats, paired with each repeat)."""


def align(fa: Features, fb: Features, settings: Settings, ignore: np.ndarray | None = None) -> list[Fragment]:
    """Aligned passages between two documents, ordered by position in the first.

    `ignore` holds shingle hashes that never seed (boilerplate).
    """
    return align_sides(Side.of(fa, ignore, settings), Side.of(fb, ignore, settings), settings)


def align_sides(a: Side, b: Side, settings: Settings) -> list[Fragment]:
    """`align` on the two documents' Sides (each worked out once when a document is aligned with many)."""
    fa, fb = a.features, b.features
    if not len(fa.content) or not len(fb.content):
        return []
    stems, va, vb = _pair_stems(a.distinct_stems, b.distinct_stems)
    exact = unrepeated(exact_seeds(a, b, va, settings.shingle_size))
    vocabulary = Vocabulary(stems, va, vb)
    edited = sentence_seeds(a, b, vocabulary, settings, _within_one(a.sentence_spans, exact, 0),
                            _within_one(b.sentence_spans, exact, 2))
    seeds = exact + consistent(edited, exact, len(fa.tokens), len(fb.tokens))
    if not seeds:  # most candidates of a check share no passage: windows pair only where runs or sentences do
        return []
    mass = Mass(word_weights(va, vb), a.function_before, b.function_before, settings.run_function_weight)
    kept = _passages(seeds, mass, settings)
    loose = _loose(seeds, kept)
    if loose:
        windows = _windows_near(a, b, vocabulary, settings, exact, kept, loose)
        if windows:
            kept = _attach(kept, _vouched(loose, windows, mass, settings), settings.max_gap)
    return sorted(_merge_overlaps(kept), key=lambda f: (f.a0, f.b0))


def _windows_near(a: Side, b: Side, vocabulary: Vocabulary, settings: Settings, exact: list[Seed], kept: list[Fragment],
                  loose: list[Seed]) -> list[Seed]:
    """The window seeds near the `loose` seeds: windows within `max_gap` words of a loose seed on their side are
    compared, then, in turn, those within `max_gap` words of a window seed found so and not compared yet, so a
    passage of windows grows from a seed much as `cluster` grows one. Windows far from every seed are never
    compared (nor a window first near in a later round with one compared in an earlier round), nor those that
    overlap a `kept` passage (see `_vouched`)."""
    n_a, n_b = len(a.features.tokens), len(b.features.tokens)
    verbatim_a = verbatim_b = None
    if exact:
        boxes = _boxes(exact)
        verbatim_a, verbatim_b = covered(n_a, boxes[:, 0], boxes[:, 1]), covered(n_b, boxes[:, 2], boxes[:, 3])
    done_a, done_b = np.zeros(len(a.window_bounds), dtype=bool), np.zeros(len(b.window_bounds), dtype=bool)
    if kept:
        boxes = _fragment_boxes(kept)
        done_a |= _meets(*a.window_spans, boxes[:, 0], boxes[:, 1])
        done_b |= _meets(*b.window_spans, boxes[:, 2], boxes[:, 3])
    found: list[Seed] = []
    near = loose
    while near:
        boxes = _boxes(near) + np.array([-1, 1, -1, 1]) * settings.max_gap
        skip_a = done_a | ~_meets(*a.window_spans, boxes[:, 0], boxes[:, 1])
        skip_b = done_b | ~_meets(*b.window_spans, boxes[:, 2], boxes[:, 3])
        if skip_a.all() or skip_b.all():
            break
        done_a, done_b = done_a | ~skip_a, done_b | ~skip_b
        near = consistent(window_seeds(a, b, vocabulary, settings, (skip_a, verbatim_a), (skip_b, verbatim_b)), exact,
                          n_a, n_b)
        found += near
    return found


def _loose(seeds: list[Seed], kept: list[Fragment]) -> list[Seed]:
    """The seeds that overlap none of the `kept` passages on either side: found, but too little to keep."""
    if not kept:
        return seeds
    return [s for s, hit in zip(seeds, _overlapping(_boxes(seeds), _fragment_boxes(kept)).tolist()) if not hit]


def _passages(seeds: list[Seed], mass: Mass, settings: Settings) -> list[Fragment]:
    """The seeds grouped into passages, those with the mass to be kept."""
    groups = condense(cluster(seeds, settings.max_gap), settings.max_gap, settings.max_spread) if seeds else []
    fragments = [_fragment(group, mass) for group in groups]
    return [f for f in fragments if f.mass >= settings.min_passage_mass]


def _vouched(loose: list[Seed], windows: list[Seed], mass: Mass, settings: Settings) -> list[Fragment]:
    """The passages window seeds add where runs and sentences found too little: each groups the `loose` seeds
    (those of no kept passage) with the window seeds near them, and needs one of each. A passage found by runs
    and sentences is not widened by windows: a window reaches past the reused text by up to its own length,
    with the chance words its neighbourhood shares."""
    groups = condense(cluster(loose + windows, settings.max_gap), settings.max_gap, settings.max_spread)
    placed = [_fragment(group, mass) for group in groups
              if any(s.window for s in group) and not all(s.window for s in group)]
    return [f for f in placed if f.mass >= settings.min_passage_mass]


def _meets(first: np.ndarray, last: np.ndarray, table_first: np.ndarray, table_last: np.ndarray) -> np.ndarray:
    """True for each span (first, last) that overlaps one of the table's spans.

    >>> _meets(np.array([0, 5, 9]), np.array([3, 7, 12]), np.array([4, 12]), np.array([5, 20])).tolist()
    [False, True, True]
    """
    return ((first[:, None] <= table_last[None, :]) & (table_first[None, :] <= last[:, None])).any(axis=1)


def _overlapping(boxes: np.ndarray, table: np.ndarray) -> np.ndarray:
    """True for each box (a0, a1, b0, b1) that overlaps one of the table's on either side."""
    return _meets(boxes[:, 0], boxes[:, 1], table[:, 0], table[:, 1]) | _meets(boxes[:, 2], boxes[:, 3], table[:, 2],
                                                                                table[:, 3])


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
    sentences: _GroupWords
    by_shingle: np.ndarray
    """The shingle positions, ordered by shingle (stable): where each shingle occurs, found by a binary search."""
    sorted_shingles: np.ndarray
    """The shingles in that order."""
    window_bounds: np.ndarray
    """(windows, 2): the first and last content-word index of each sketch window (`sketch.window_bounds`)."""

    @classmethod
    def of(cls, f: Features, ignore: np.ndarray | None, settings: Settings) -> Side:
        seeding, by_shingle = _seldom(f), f.shingles.argsort(kind="stable")
        ordered = f.shingles[by_shingle]
        mask = None
        if ignore is not None and len(ignore):
            table = _distinct(ignore)
            mask = _boilerplate_mask(f, table, settings.shingle_size)
            seeding = seeding[~_within(seeding, table)]
        bounds = np.array(window_bounds(len(f.content), settings), dtype=np.int64).reshape(-1, 2)
        return cls(f, mask, seeding, _boilerplate_sentences(f, mask), _GroupWords.sentences(f), by_shingle, ordered,
                   bounds)

    @cached_property
    def windows(self) -> _GroupWords:
        """The content words of the sketch windows, each window a group, but those inside boilerplate: a window
        cuts across sentences, so boilerplate beside a story would otherwise pair its windows with those of every
        page that carries it. Worked out when first needed (a pair with no seed needs none)."""
        return _GroupWords.windows(self.features, self.window_bounds, self.mask)

    @cached_property
    def distinct_stems(self) -> tuple[np.ndarray, np.ndarray]:
        """The text's distinct stems, sorted, and each content word's place among them (`_distinct_stems`)."""
        return _distinct_stems(self.features)

    @cached_property
    def window_spans(self) -> tuple[np.ndarray, np.ndarray]:
        """The first and last word position of each window."""
        pos = self.features.content_pos
        return pos[self.window_bounds[:, 0]], pos[self.window_bounds[:, 1]]

    @cached_property
    def function_before(self) -> list[int]:
        """How many function words (words that are not content words) come before each word position, and
        in all (the last item)."""
        content = np.zeros(len(self.features.tokens), dtype=np.int64)
        content[self.features.content_pos] = 1
        return np.concatenate(([0], (1 - content).cumsum())).tolist()

    @cached_property
    def sentence_spans(self) -> tuple[np.ndarray, np.ndarray]:
        """The first and last word position of each sentence."""
        ids, sentence = np.arange(self.sentences.n_groups), self.features.tokens.sentence
        return sentence.searchsorted(ids, "left"), sentence.searchsorted(ids, "right") - 1

    def occurrences(self, values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """For each of the distinct sorted `values`, where its occurrences start among `by_shingle`, and how many
        there are."""
        start = self.sorted_shingles.searchsorted(values, "left")
        return start, self.sorted_shingles.searchsorted(values, "right") - start


def vocabulary(fa: Features, fb: Features) -> tuple[np.ndarray, np.ndarray]:
    """An id per content word of each document, the same id for the same stem on both sides."""
    return _stems_and_ids(fa, fb)[1:]


def _stems_and_ids(fa: Features, fb: Features) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The distinct stems of the pair, sorted, and `vocabulary`: each content word's id is its stem's place
    among them, so ids are in the order of the stems."""
    return _pair_stems(_distinct_stems(fa), _distinct_stems(fb))


def _distinct_stems(f: Features) -> tuple[np.ndarray, np.ndarray]:
    """A text's distinct stems, sorted, and each content word's place among them."""
    return np.unique(f.content, return_inverse=True)


def _pair_stems(a: tuple[np.ndarray, np.ndarray], b: tuple[np.ndarray, np.ndarray]
                ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """`_stems_and_ids` from each side's `_distinct_stems` (worked out once for a document aligned with many):
    the pair's stems are the union of two sorted sets, and a word's id its own stem's place among them."""
    (stems_a, inverse_a), (stems_b, inverse_b) = a, b
    stems = np.concatenate([stems_a, stems_b])
    stems.sort(kind="stable")  # two sorted runs: merged in one pass
    stems = stems[np.concatenate(([True], stems[1:] != stems[:-1]))] if len(stems) else stems
    return stems, stems.searchsorted(stems_a)[inverse_a], stems.searchsorted(stems_b)[inverse_b]


@dataclass(frozen=True, eq=False)
class Vocabulary:
    """The pair's distinct stems, sorted, and each side's content words as ids among them (`_pair_stems`)."""

    stems: np.ndarray
    ids_a: np.ndarray
    ids_b: np.ndarray


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
    lo, hi = pos.searchsorted(i[first], "left").tolist(), pos.searchsorted(i[last] + n - 1, "right").tolist()
    return [Seed(a0, a1 + n - 1, b0, b1 + n - 1, frozenset(ids[x:y]), True) for a0, a1, b0, b1, x, y in
            zip(i[first].tolist(), i[last].tolist(), j[first].tolist(), j[last].tolist(), lo, hi)]


def _shared_positions(a: Side, b: Side, common: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Every pair (i, j) of shingle positions of the two documents that hold the same shingle of `common`
    (distinct, sorted, present on both sides), grouped by shingle."""
    start_a, count_a = a.occurrences(common)
    start_b, count_b = b.occurrences(common)
    pairs = count_a * count_b
    shingle = np.arange(len(common)).repeat(pairs)
    k = np.arange(len(shingle)) - (pairs.cumsum() - pairs).repeat(pairs)  # the pair's place in its shingle
    return (a.by_shingle[start_a[shingle] + k // count_b[shingle]],
            b.by_shingle[start_b[shingle] + k % count_b[shingle]])


@dataclass(frozen=True, eq=False)
class Lookup:
    """Where each value of an array lies, for `join`: for its distinct values, in sorted order, where each one's
    places start in the array's stable argsort `order`, and how many there are. Worked out once for a document's
    groups of words, which are joined with those of many other documents."""

    start: np.ndarray
    count: np.ndarray
    order: np.ndarray
    word: np.ndarray
    """For each value, the content-word index (in its text) of one place holding it: its id in a pair's
    `Vocabulary` is that word's."""

    @classmethod
    def of(cls, keys: np.ndarray, words: np.ndarray) -> Lookup:
        """For `keys` (stems) and the content-word index of each (`_GroupWords.index`)."""
        order = keys.argsort(kind="stable")
        _, start, count = np.unique(keys[order], return_index=True, return_counts=True)
        return cls(start, count, order, words[order[start]])


def join(ids_a: np.ndarray, table: Lookup, table_ids: np.ndarray, n_ids: int) -> tuple[np.ndarray, np.ndarray]:
    """Every pair (x, y) of indexes with `ids_a[x] == ids_b[y]`, ordered by x then y, for the `table` of the keys
    behind `ids_b` (`Lookup.of`), whose distinct values have the ids `table_ids` (all below `n_ids`): ids of one
    pair's vocabulary, so a value is found by indexing, not by a search.

    >>> table = Lookup.of(np.array([30, 30, 20]), np.array([0, 1, 2]))
    >>> [r.tolist() for r in join(np.array([3, 1, 3]), table, np.array([2, 3]), 4)]
    [[0, 0, 2, 2], [0, 1, 0, 1]]
    """
    if not len(table.count):
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    where = np.full(n_ids, -1, dtype=np.int64)
    where[table_ids] = np.arange(len(table_ids))
    at = where[ids_a]
    count = np.where(at >= 0, table.count[at], 0)
    left = np.arange(len(ids_a)).repeat(count)
    right = (table.start[at] - (count.cumsum() - count)).repeat(count) + np.arange(len(left))
    return left, table.order[right]


def sentence_seeds(sa: Side, sb: Side, vocabulary: Vocabulary, settings: Settings, skip_a: np.ndarray | None = None,
                   skip_b: np.ndarray | None = None) -> list[Seed]:
    """Sentence pairs whose content-word sets overlap by at least `sentence_dice` (Dice).

    Sentences that are mostly boilerplate (see `boilerplate`) seed nothing, nor do those flagged in `skip_a`
    and `skip_b` (see `_within_one`). A seed spans, on each side, the first to the last use in its sentence of
    the content words the two sentences share, which it holds as ids in the pair's `vocabulary`.
    """
    return group_seeds((sa.sentences, sa.weak_sentences, skip_a), (sb.sentences, sb.weak_sentences, skip_b), vocabulary,
                       settings.sentence_dice, settings.min_shared_words)


def window_seeds(sa: Side, sb: Side, vocabulary: Vocabulary, settings: Settings,
                 side_a: tuple[np.ndarray, np.ndarray | None], side_b: tuple[np.ndarray, np.ndarray | None]) -> list[Seed]:
    """Pairs of sketch windows (the runs of content words the candidates stage compared) whose content words
    outside the exact seeds overlap by at least `window_dice` (Dice): a rewrite that kept the words but not
    the sentences (words shuffled across sentence ends, sentences split or merged). Each side is (True for each
    window to skip, True for each word inside an exact seed or None). Verbatim text is the exact seeds' to find:
    counted in a window, it would lend a short copy the chance words its window shares."""
    (skip_a, verbatim_a), (skip_b, verbatim_b) = side_a, side_b
    return group_seeds((sa.windows, None, skip_a), (sb.windows, None, skip_b), vocabulary,
                       settings.window_dice, settings.min_shared_words, verbatim_a, verbatim_b, True)


def group_seeds(side_a: tuple[_GroupWords, np.ndarray | None, np.ndarray | None],
                side_b: tuple[_GroupWords, np.ndarray | None, np.ndarray | None], vocabulary: Vocabulary,
                dice_floor: float,
                min_shared: int, left_out_a: np.ndarray | None = None,
                left_out_b: np.ndarray | None = None, window: bool = False) -> list[Seed]:
    """Pairs of groups of words (sentences, windows), one on each side, whose content-word sets overlap by at
    least `dice_floor` (Dice) and `min_shared` words, as seeds (`window` tells which kind of group). Each side
    is (its groups, True for each weak group or None, True for each group to skip or None); weak and skipped
    groups seed nothing. `left_out_a` and `left_out_b` mark word positions whose content words the groups do
    not count (a word is left out where it is first used in its group)."""
    (a, weak_a, skip_a), (b, weak_b, skip_b) = side_a, side_b
    if dice_floor > 1 or not a.n_groups or not b.n_groups:
        return []
    rows = np.arange(len(a.word)) if skip_a is None else (~skip_a[a.group]).nonzero()[0]
    sizes_a, sizes_b = a.sizes, b.sizes
    if left_out_a is not None:
        rows = rows[~left_out_a[a.first[rows]]]
        sizes_a = np.bincount(a.group[rows], minlength=a.n_groups)
    table = b.lookup
    left, right = join(vocabulary.ids_a[a.index[rows]], table, vocabulary.ids_b[table.word], len(vocabulary.stems))
    left = rows[left]
    kept = None if skip_b is None else ~skip_b[b.group[right]]
    if left_out_b is not None:
        live_b = ~left_out_b[b.first]
        sizes_b = np.bincount(b.group[live_b], minlength=b.n_groups)
        kept = live_b[right] if kept is None else kept & live_b[right]
    if kept is not None:
        left, right = left[kept], right[kept]
    code = a.group[left] * b.n_groups + b.group[right]
    values, shared = _counts(code, a.n_groups * b.n_groups, min_shared)
    rows, cols = values // b.n_groups, values % b.n_groups
    keep = 2 * shared / (sizes_a[rows] + sizes_b[cols]) >= dice_floor
    if weak_a is not None:
        keep &= ~weak_a[rows] & ~weak_b[cols]
    if not keep.any():
        return []
    shared = shared[keep]
    chosen = _within(code, values[keep]).nonzero()[0]
    chosen = chosen[code[chosen].argsort(kind="stable")]  # each group pair's words together, in the order joined
    left, right = left[chosen], right[chosen]
    first = np.concatenate(([0], shared.cumsum()[:-1]))
    spans = [np.minimum.reduceat(a.first[left], first), np.maximum.reduceat(a.last[left], first),
             np.minimum.reduceat(b.first[right], first), np.maximum.reduceat(b.last[right], first)]
    words, cuts = vocabulary.ids_a[a.index[left]].tolist(), first.tolist() + [len(left)]
    return [Seed(a0, a1, b0, b1, frozenset(words[x:y]), False, window)
            for a0, a1, b0, b1, x, y in zip(*(s.tolist() for s in spans), cuts, cuts[1:])]


def _counts(values: np.ndarray, bound: int, least: int) -> tuple[np.ndarray, np.ndarray]:
    """The distinct values (non-negative, below `bound`) held at least `least` times, sorted, and how many times
    each is held: counted in one pass when `bound` is small (DENSE_CELLS), else sorted.

    >>> [r.tolist() for r in _counts(np.array([5, 1, 5, 3, 5, 1]), 8, 2)]
    [[1, 5], [2, 3]]
    """
    if bound <= DENSE_CELLS:
        counts = np.bincount(values, minlength=bound)
        found = (counts >= max(1, least)).nonzero()[0]
        return found, counts[found]
    found, counts = np.unique(values, return_counts=True)
    held = counts >= least
    return found[held], counts[held]


@dataclass(frozen=True, eq=False)
class _GroupWords:
    """The distinct (group, content word) pairs of a document, for groups of words such as its sentences or
    sketch windows, ordered by group and stem, with the word positions of the first and last use of the word
    in the group, and each group's number of distinct content words. `word` holds the stems, `index` the
    content-word index of each first use (its id in a pair's `Vocabulary` is that word's)."""

    group: np.ndarray
    word: np.ndarray
    first: np.ndarray
    last: np.ndarray
    sizes: np.ndarray
    n_groups: int
    index: np.ndarray

    @cached_property
    def lookup(self) -> Lookup:
        """Where each stem lies among the pairs, for `join` (worked out once, for the first pair it is joined in)."""
        return Lookup.of(self.word, self.index)

    @classmethod
    def sentences(cls, f: Features) -> _GroupWords:
        return cls.of(f.tokens.sentence[f.content_pos], f.content, f.content_pos, _sentence_count(f),
                      np.arange(len(f.content)))

    @classmethod
    def windows(cls, f: Features, bounds: np.ndarray, left_out: np.ndarray | None = None) -> _GroupWords:
        """Groups of the content words from index `bounds[k, 0]` to `bounds[k, 1]` (inclusive), without those
        at the word positions `left_out` marks."""
        lengths = bounds[:, 1] - bounds[:, 0] + 1
        group = np.arange(len(bounds)).repeat(lengths)
        index = np.arange(len(group)) - (lengths.cumsum() - lengths - bounds[:, 0]).repeat(lengths)
        if left_out is not None:
            kept = ~left_out[f.content_pos[index]]
            group, index = group[kept], index[kept]
        return cls.of(group, f.content[index], f.content_pos[index], len(bounds), index)

    @classmethod
    def of(cls, group: np.ndarray, stems: np.ndarray, positions: np.ndarray, n_groups: int, index: np.ndarray
           ) -> _GroupWords:
        """From each content word's group, stem, word position and content-word index (in word order within each
        group)."""
        if not len(group):
            return cls(group, stems, positions, positions, np.zeros(n_groups, np.int64), n_groups, index)
        order = np.lexsort((positions, stems, group))
        group, stems, positions, index = group[order], stems[order], positions[order], index[order]
        start = run_starts((group[1:] != group[:-1]) | (stems[1:] != stems[:-1]))
        end = run_ends(start, len(group))
        group, word = group[start], stems[start]
        return cls(group, word, positions[start], positions[end], np.bincount(group, minlength=n_groups), n_groups,
                   index[start])


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
    starts = _within(f.shingles, table).nonzero()[0]
    return covered(len(f.tokens), starts, np.minimum(starts + n, len(f.tokens)) - 1)


def _within(values: np.ndarray, table: np.ndarray) -> np.ndarray:
    """`np.isin(values, table)` for a sorted `table` of distinct values: a binary search, not a sort of both.

    >>> _within(np.array([5, 1, 9, 4]), np.array([1, 4, 7])).tolist()
    [False, True, False, True]
    """
    if not len(table):
        return np.zeros(len(values), dtype=bool)
    at = table.searchsorted(values)
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
    share_a = _exact_share(n_a, seeds[:, :2], spans[:, :2])
    share_b = _exact_share(n_b, seeds[:, 2:], spans[:, 2:])
    keep = ~(((share_a > 0.5) & (share_b == 0)) | ((share_b > 0.5) & (share_a == 0)) | inside)
    return [s for s, k in zip(edited, keep.tolist()) if k]


def _within_one(bounds: tuple[np.ndarray, np.ndarray], exact: list[Seed], column: int) -> np.ndarray | None:
    """True for each group of words (sentence, window; its first and last word position in `bounds`) whose
    words all lie inside one exact seed (on the side whose first word is column `column` of the seeds' boxes): a
    seed there adds nothing and `consistent` drops it, whatever it pairs with, so such a group is left out of
    `group_seeds` (most sentences of a verbatim copy). Only worked out when an exact seed is long enough to hold
    a sentence (SKIP_FROM words): else it would cost more than it saves."""
    if not exact or max(s.a1 - s.a0 for s in exact) + 1 < SKIP_FROM:
        return None
    boxes = _boxes(exact)
    return _inside(bounds[0], bounds[1], boxes[:, column], boxes[:, column + 1])


def _boxes(seeds: list[Seed]) -> np.ndarray:
    return np.array([(s.a0, s.a1, s.b0, s.b1) for s in seeds], dtype=np.int64).reshape(-1, 4)


def _fragment_boxes(fragments: list[Fragment]) -> np.ndarray:
    return np.array([(f.a0, f.a1, f.b0, f.b1) for f in fragments], dtype=np.int64).reshape(-1, 4)


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
    order = table_first.argsort(kind="stable")
    reach = np.maximum.accumulate(table_last[order])
    at = table_first[order].searchsorted(first, "right") - 1
    return (at >= 0) & (reach[np.maximum(at, 0)] >= last)


def _exact_share(n: int, exact: np.ndarray, spans: np.ndarray) -> np.ndarray:
    """For each (first, last) row of `spans`, the share of its words inside one of the `exact` rows' spans, out
    of a text of `n` words.

    >>> _exact_share(10, np.array([[0, 3]]), np.array([[2, 5], [6, 9]])).tolist()
    [0.5, 0.0]
    """
    return share(covered(n, exact[:, 0], exact[:, 1]), spans[:, 0], spans[:, 1])


def cluster(seeds: list[Seed], max_gap: int) -> list[list[Seed]]:
    """Group seeds that lie within `max_gap` words of each other on both sides (transitively)."""
    if len(seeds) < 2:  # a third of the pairs with a seed: no arrays needed
        return [list(seeds)] if seeds else []
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
    if len(groups) < 2:
        return [list(g) for g in groups]
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


def _fragment(group: list[Seed], mass: Mass) -> Fragment:
    """The bounding passage of a group of seeds, with its `Mass` and the words of its verbatim runs on each side."""
    runs = [s for s in group if s.exact]
    return Fragment(
        min(s.a0 for s in group), max(s.a1 for s in group),
        min(s.b0 for s in group), max(s.b1 for s in group),
        mass.of(group), _words_in(sorted((s.a0, s.a1) for s in runs)), _words_in(sorted((s.b0, s.b1) for s in runs)),
    )


def _words_in(spans: list[tuple[int, int]]) -> int:
    """The words inside the union of the sorted (first, last) `spans`.

    >>> _words_in([(0, 4), (2, 6), (10, 11)]), _words_in([])
    (9, 0)
    """
    return sum(last - first + 1 for first, last in _union_spans(spans)) if spans else 0


@dataclass(frozen=True, eq=False)
class Mass:
    """The evidence a group of seeds holds: the weight of the distinct content words matched (`word_weights`),
    so a phrase repeated many times weighs no more than once, and topic words little; plus `function_weight`
    for each function word inside a verbatim run, each counted once however many runs cover it, on the side
    where the runs cover fewer (so the mass is the same whichever document comes first).

    >>> m = Mass(np.array([1.0, 0.5, 1.0]), [0, 0, 1, 1, 2, 2, 3], [0, 0, 1, 1, 2, 2, 3], 0.5)
    >>> m.of([Seed(0, 4, 0, 4, frozenset({0, 1, 2}), True), Seed(2, 5, 2, 5, frozenset({1, 2}), True)])
    4.0
    >>> m.of([Seed(0, 4, 0, 4, frozenset({0, 1, 2}), True), Seed(0, 4, 1, 5, frozenset({0, 1, 2}), True)])
    3.5
    """

    weights: np.ndarray
    """The weight of each content-word id of the pair."""
    function_before_a: list[int]
    """The first side's `Side.function_before`."""
    function_before_b: list[int]
    function_weight: float

    def of(self, group: list[Seed]) -> float:
        """The mass of a group of seeds (of one passage)."""
        content = float(self.weights[sorted(frozenset().union(*(s.shared for s in group)))].sum())
        runs = [s for s in group if s.exact]
        if not runs or not self.function_weight:
            return round(content, 4)
        on_a = _function_words(self.function_before_a, sorted((s.a0, s.a1) for s in runs))
        on_b = _function_words(self.function_before_b, sorted((s.b0, s.b1) for s in runs))
        return round(content + self.function_weight * min(on_a, on_b), 4)


def _function_words(before: list[int], spans: list[tuple[int, int]]) -> int:
    """The function words inside the union of the sorted `spans`, given `Side.function_before`."""
    return sum(before[last + 1] - before[first] for first, last in _union_spans(spans))


def _union_spans(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The sorted (first, last) word spans merged where they overlap or touch.

    >>> _union_spans([(0, 4), (2, 6), (7, 9), (12, 13)])
    [(0, 9), (12, 13)]
    """
    merged = [spans[0]]
    for first, last in spans[1:]:
        if first <= merged[-1][1] + 1:
            merged[-1] = (merged[-1][0], max(merged[-1][1], last))
        else:
            merged.append((first, last))
    return merged


def _merge_overlaps(fragments: list[Fragment]) -> list[Fragment]:
    """Join fragments that overlap on both sides (one passage found in pieces)."""
    return _attach([], sorted(fragments, key=lambda f: (f.a0, f.b0)), 0)


def _attach(kept: list[Fragment], vouched: list[Fragment], gap: int) -> list[Fragment]:
    """The `kept` passages, each `vouched` one joined to the first passage so far within `gap` words of it on both
    sides (one passage found in pieces), or added. Two kept passages are never joined here.

    >>> f = lambda a, b: Fragment(a, a + 9, b, b + 9, 9.0, 0, 0)
    >>> [(p.a0, p.a1) for p in _attach([f(0, 0), f(30, 30)], [f(200, 200)], 40)]
    [(0, 9), (30, 39), (200, 209)]
    >>> [(p.a0, p.a1, p.mass) for p in _attach([f(0, 0)], [f(30, 30)], 40)]
    [(0, 39, 18.0)]
    """
    out = list(kept)
    for f in vouched:
        for k, g in enumerate(out):
            if _within_gap(f, g, gap):
                out[k] = _union(f, g)
                break
        else:
            out.append(f)
    return out


def _within_gap(f: Fragment, g: Fragment, gap: int) -> bool:
    return f.a0 <= g.a1 + gap and g.a0 <= f.a1 + gap and f.b0 <= g.b1 + gap and g.b0 <= f.b1 + gap


def _union(f: Fragment, g: Fragment) -> Fragment:
    """One passage of two; their verbatim words add up (the runs of two passages found apart seldom share a word,
    and `match.exact_share` caps the share at 1 where they do)."""
    return Fragment(min(f.a0, g.a0), max(f.a1, g.a1), min(f.b0, g.b0), max(f.b1, g.b1), f.mass + g.mass,
                    f.exact_a + g.exact_a, f.exact_b + g.exact_b)
