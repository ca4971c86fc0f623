"""Alignment of two documents into shared passages (word positions on both sides)."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from tracer.align import align
from tracer.settings import Settings
from tracer.shingle import featurize

SETTINGS = Settings()


def features(text):
    return featurize(text, SETTINGS.shingle_size)


def lines(text):
    return text.strip().splitlines()


def word_count(text):
    return len(features(text).tokens)


def test_identical_texts_align_as_one_passage_word_for_word(story):
    f = features(story)
    (passage,) = align(f, f, SETTINGS)
    n = len(f.tokens)
    assert (passage.a0, passage.a1, passage.b0, passage.b1) == (0, n - 1, 0, n - 1)
    assert (passage.exact_a, passage.exact_b) == (n, n)


def test_a_short_copy_inside_two_long_unrelated_articles_is_found_where_it_sits(story, harbour, flood, article):
    copy = " ".join(lines(story)[2:4])
    a = harbour + "\n" + copy + "\n" + article(3)
    b = flood + "\n" + article(4) + "\n" + copy
    a_first = word_count(harbour)
    b_first = word_count(flood) + word_count(article(4))
    n = word_count(copy)
    (passage,) = align(features(a), features(b), SETTINGS)
    assert (passage.a0, passage.a1) == (a_first, a_first + n - 1)
    assert (passage.b0, passage.b1) == (b_first, b_first + n - 1)


def test_texts_that_share_nothing_have_no_passage(story, harbour):
    assert align(features(story), features(harbour), SETTINGS) == []


def test_a_common_phrase_is_not_reuse(story, harbour, flood):
    phrase = " the 2,000-year-old Temple of Bel was destroyed "
    assert align(features(harbour + phrase + flood), features(story + phrase), SETTINGS) == []


def test_a_lower_minimum_passage_mass_finds_shorter_copies(story, harbour, flood):
    copy = " militants out of the ancient city of Palmyra. "
    f = features(copy)
    function_words = len(f.tokens) - len(f.content)
    assert len(f.content) + SETTINGS.run_function_weight * function_words < SETTINGS.min_passage_mass
    a, b = features(harbour + copy), features(flood + copy)
    assert align(a, b, SETTINGS) == []
    (passage,) = align(a, b, replace(SETTINGS, min_passage_mass=5))
    assert passage.exact_a == passage.exact_b == word_count(copy)


def test_the_function_words_of_a_verbatim_run_count_towards_its_mass(story, harbour, flood):
    copy = " driven militants out of the ancient city of Palmyra after a three-week offensive. "
    assert len(features(copy).content) < SETTINGS.min_passage_mass  # too few content words on their own
    a, b = features(harbour + copy), features(flood + copy)
    (passage,) = align(a, b, SETTINGS)
    assert passage.exact_a == passage.exact_b == word_count(copy)
    assert align(a, b, replace(SETTINGS, run_function_weight=0.0)) == []


def test_a_copy_with_its_words_reordered_is_found_without_a_single_shared_shingle(story):
    reordered = "\n".join(" ".join(reversed(s.rstrip(".").split())) + "." for s in lines(story))
    fa, fb = features(story), features(reordered)
    assert len(np.intersect1d(fa.shingles, fb.shingles)) == 0
    (passage,) = align(fa, fb, SETTINGS)
    assert (passage.exact_a, passage.exact_b) == (0, 0)
    assert (passage.a0, passage.a1) == (0, len(fa.tokens) - 1)


def test_shingles_to_ignore_seed_nothing(story):
    f = features(story)
    no_sentence_seeds = replace(SETTINGS, sentence_dice=1.01)  # Dice never exceeds 1
    assert align(f, f, no_sentence_seeds)
    assert align(f, f, no_sentence_seeds, ignore=np.unique(f.shingles)) == []


def test_passages_are_ordered_and_do_not_overlap(story, harbour, flood):
    first, second = " ".join(lines(story)[:2]), " ".join(lines(story)[3:5])
    a = first + "\n" + harbour + "\n" + second
    b = second + "\n" + flood + "\n" + first  # the two passages in the other order
    passages = align(features(a), features(b), SETTINGS)
    assert len(passages) == 2
    assert passages[0].a1 < passages[1].a0
    for p, q in zip(passages, passages[1:]):
        assert not (p.a0 <= q.a1 and q.a0 <= p.a1 and p.b0 <= q.b1 and q.b0 <= p.b1)
    assert passages[0].b0 > passages[1].b0, "the first passage of a is the last of b"


@pytest.mark.parametrize("cut", [0, 1, 2])
def test_a_trimmed_copy_aligns_inside_the_full_text(story, cut):
    trimmed = "\n".join(lines(story)[cut : cut + 3])
    full, part = features(story), features(trimmed)
    (passage,) = align(full, part, SETTINGS)
    start = word_count("\n".join(lines(story)[:cut]))
    assert (passage.a0, passage.a1) == (start, start + len(part.tokens) - 1)
    assert (passage.b0, passage.b1) == (0, len(part.tokens) - 1)


def test_a_look_alike_sentence_beside_a_verbatim_copy_does_not_stretch_the_passage():
    story = ("The embassy tweeted that the Foreign Office had failed to acknowledge the retaking of the ancient city "
             "from the militants. Later on Monday the ministry said it welcomed action against the group, but laid "
             "responsibility for the conflict and the fate of the heritage site on the government in Damascus.")
    look_alike = ("Responsibility for the fate of the site, the ministry said on Monday, lay with the government in "
                  "Damascus, which had welcomed the action against the group and the conflict.")
    a, b = features(story), features(story + " " + look_alike)
    (passage,) = align(a, b, SETTINGS)
    assert (passage.b0, passage.b1) == (0, len(a.tokens) - 1)



STORY = ("The embassy tweeted that the Foreign Office had failed to acknowledge the retaking of the ancient city from "
         "the militants. Later on Monday the ministry said it welcomed action against the group, but laid "
         "responsibility for the conflict and the fate of the heritage site on the government in Damascus. Officials "
         "in Moscow said the heritage site would be cleared of mines within weeks, and that archaeologists from "
         "several countries had offered to help restore the temples.")


def test_a_phrase_the_original_repeats_before_the_copied_part_does_not_stretch_the_passage():
    original = "Satellite images of the heritage site would be cleared for release, an adviser hinted. " + STORY
    a, b = features(STORY), features(original)
    (passage,) = align(a, b, SETTINGS)
    start = word_count("Satellite images of the heritage site would be cleared for release, an adviser hinted.")
    assert (passage.a0, passage.a1) == (0, len(a.tokens) - 1)
    assert (passage.b0, passage.b1) == (start, len(b.tokens) - 1)


def test_a_copy_that_starts_inside_a_sentence_of_the_original_does_not_take_the_whole_sentence():
    lead = "Diplomats at the embassy and the Foreign Office watched the militants and the city closely, and then "
    a, b = features(STORY), features(lead + STORY[0].lower() + STORY[1:])
    (passage,) = align(a, b, SETTINGS)
    assert (passage.b0, passage.b1) == (word_count(lead), len(b.tokens) - 1)


def _resentenced(text, every=3):
    """Each sentence's words reversed (no shingle survives), then full stops put after every `every` words
    (no sentence of the rewrite shares 40% of its words with one of the original)."""
    words = [w for s in lines(text) for w in reversed(s.rstrip(".").split())]
    return " ".join(" ".join(words[k:k + every]) + "." for k in range(0, len(words), every))


def test_a_rewrite_that_moved_the_sentence_ends_is_found_by_its_windows(story):
    fa, fb = features(story), features(_resentenced(story))
    assert len(np.intersect1d(fa.shingles, fb.shingles)) == 0
    assert align(fa, fb, replace(SETTINGS, window_dice=1.01)) == [], "no sentence pair seeds it"
    (passage,) = align(fa, fb, SETTINGS)
    assert (passage.exact_a, passage.exact_b) == (0, 0)
    assert passage.a1 - passage.a0 + 1 > 0.9 * len(fa.tokens)


def test_boilerplate_beside_two_stories_pairs_none_of_their_windows(harbour, flood):
    footer = ("Subscribers receive the morning briefing, weekend supplements, crossword archives, podcast episodes, "
              "newsletter alerts, discounted tickets, member events and unlimited digital access across devices")
    fa, fb = features(harbour + "\n" + footer), features(flood + "\n" + footer)
    assert align(fa, fb, SETTINGS)
    assert align(fa, fb, SETTINGS, ignore=np.unique(features(footer).shingles)) == []
