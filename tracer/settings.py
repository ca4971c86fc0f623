"""One settings object passed through every stage of the pipeline."""

from __future__ import annotations

from dataclasses import asdict, dataclass


@dataclass(frozen=True)
class Settings:
    """Every knob of a trace, recorded in its output so a run can be reproduced.

    >>> Settings().shingle_size
    5
    >>> from dataclasses import replace
    >>> replace(Settings(), num_perm=64).num_perm
    64
    """

    shingle_size: int = 5
    """Words per shingle for the exact scores (Jaccard, containment)."""
    num_perm: int = 128
    """MinHash permutations per sketch window. 128 rather than 64: the estimate that confirms a candidate is
    half as noisy, so windows edited near the LSH threshold are kept and chance collisions dropped."""
    seed: int = 1
    """MinHash seed; fixed so runs are deterministic."""
    window: int = 24
    """Content words per sketch window (passage-level candidates)."""
    stride: int = 12
    """Content words between the starts of two windows."""
    lsh_threshold: float = 0.3
    """Jaccard threshold of the window LSH (recall knob: lower finds more edits, costs time)."""
    min_shared_shingles: int = 3
    """Shingles held by at most `boilerplate_docs` documents (and not boilerplate) two documents must share to be
    a candidate pair without similar windows (3 overlapping shingles are a run of 7 words); 0: only similar
    windows propose pairs."""
    sentence_dice: float = 0.4
    """Dice overlap of content words for two sentences to seed an edited passage."""
    window_dice: float = 0.4
    """Dice overlap of content words for two sketch windows to seed an edited passage (a rewrite that moved
    sentence ends); above 1, windows seed nothing."""
    min_shared_words: int = 3
    """Content words two sentences must share to seed a passage."""
    max_gap: int = 40
    """Words of unaligned text allowed between two pieces of one passage."""
    max_spread: int = 400
    """Words a passage may skip on one side when its pieces follow each other within `max_gap` words, in the
    same order, on the other (a summary or condensed rewrite of a longer stretch)."""
    min_passage_mass: float = 9.0
    """Weighted matched words a passage needs to be kept (shorter matches are common phrases). A content word
    counts 1, or 1/sqrt(n) when both texts use it n times or more (see align.word_weights); a function word
    inside a verbatim run counts `run_function_weight`."""
    run_function_weight: float = 0.5
    """What each function word inside a verbatim run adds to its passage's mass: the run matched it in place,
    with its neighbours, as chance-shared topic words are not (stopword n-grams, Stamatatos 2011); 0 counts
    content words only."""
    boilerplate_docs: int = 20
    """A shingle in more documents than this (and in over 5% of them) is boilerplate."""
    workers: int = 0
    """Processes for alignment; 0 means one per core."""

    def as_dict(self) -> dict:
        return asdict(self)
