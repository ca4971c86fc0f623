"""Words with offsets into the original text: folding, masking, sentences."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tracer.normalize import (_MASK, _MASK_HINTS, _MASK_PARTS, _WORD, MAX_SENTENCE_WORDS, _mask_of, fold, tokenize,
                              word_spans)


@pytest.mark.parametrize(
    "text, words",
    [
        ("The Temple of Bel", ("the", "temple", "of", "bel")),
        # quote and dash variants are punctuation, never part of a word
        ("“Temple” — ‘Bel’", ("temple", "bel")),
        ('"Temple" - \'Bel\'', ("temple", "bel")),
        # markdown emphasis and headings are punctuation too
        ("# *Old* **city** ~~gone~~", ("old", "city", "gone")),
        # a markdown link keeps its text, loses its target
        ("[Bel](http://x.org/a/b) temple", ("bel", "temple")),
        ('[RT](https://rt.com/news/1 "RT news") reports', ("rt", "reports")),
        ("[RT](#) reports", ("rt", "reports")),
        # bare URLs, autolinks and e-mail addresses are not article words
        ("see https://example.com/a/b?c=d now", ("see", "now")),
        ("see www.example.com/page now", ("see", "now")),
        ("see <http://example.com> now", ("see", "now")),
        ("write to press.office@example.co.uk today", ("write", "to", "today")),
        # contractions split at the apostrophe
        ("It's old", ("it", "s", "old")),
        # numbers are words
        ("the 2,000-year-old temple", ("the", "2", "000", "year", "old", "temple")),
        ("", ()),
        ("  ... — !!", ()),
    ],
)
def test_tokenize_words(text, words):
    assert tokenize(text)[0] == words


def test_underscore_emphasis_is_punctuation():
    assert tokenize("the _ruins_ and __temple__")[0] == ("the", "ruins", "and", "temple")


@pytest.mark.parametrize(
    "word, folded",
    [
        ("Palmyra", "palmyra"),
        ("ISIS", "isis"),
        ("ＩＳＩＳ", "isis"),  # full-width letters
        ("Straße", "strasse"),
        ("ﬁnal", "final"),  # ligature
        ("Ａ１", "a1"),
    ],
)
def test_fold(word, folded):
    assert fold(word) == folded


@pytest.mark.parametrize(
    "text",
    [
        "The “Temple” of [Bel](http://x.org/a). It's *old*.",
        "ＩＳＩＳ fighters\n\nretook  the\tcity — again…",
        "Crème brûlée, naïve café; Straße",
        "mail press@example.com or visit https://x.org/page.\nThen leave.",
    ],
)
def test_offsets_point_at_the_original_characters(text):
    words, tokens = tokenize(text)
    assert len(tokens) == len(words)
    for word, start, end in zip(words, tokens.starts.tolist(), tokens.ends.tolist()):
        original = text[start:end]
        assert re.fullmatch(r"\w+", original)
        assert fold(original) == word


def test_offsets_are_increasing_and_do_not_overlap():
    _, tokens = tokenize("One two, three. Four five six! Seven")
    starts, ends = tokens.starts.tolist(), tokens.ends.tolist()
    assert all(s < e for s, e in zip(starts, ends))
    assert all(e <= s for e, s in zip(ends, starts[1:]))


def test_span_runs_from_the_first_words_start_to_the_last_words_end():
    text = "Syrian troops retook Palmyra on Sunday."
    _, tokens = tokenize(text)
    start, end = tokens.span(1, 3)
    assert text[start:end] == "troops retook Palmyra"


@pytest.mark.parametrize(
    "text, sentence",
    [
        ("One two. Three four.", [0, 0, 1, 1]),
        ("Is it? Yes! Done… Next", [0, 0, 1, 2, 3]),
        # closing quotes after the full stop stay in the sentence that ends
        ("He said “go.” Then left.", [0, 0, 0, 1, 1]),
        # a blank line (paragraph break, heading) ends a sentence
        ("A heading\n\nBody text here", [0, 0, 1, 1, 1]),
        # a full stop inside a number or an abbreviation without a following space does not
        ("It cost 2.5 million", [0, 0, 0, 0, 0]),
    ],
)
def test_sentence_numbers(text, sentence):
    assert tokenize(text)[1].sentence.tolist() == sentence


def test_a_long_run_of_words_is_cut_into_sentences_of_bounded_length():
    text = " ".join(f"w{i}" for i in range(3 * MAX_SENTENCE_WORDS + 5))
    sentence = tokenize(text)[1].sentence.tolist()
    counts = [sentence.count(s) for s in sorted(set(sentence))]
    assert max(counts) <= MAX_SENTENCE_WORDS
    assert sum(counts) == len(sentence)
    assert sentence == sorted(sentence), "sentence numbers never go down"


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=200))
def test_word_spans_are_the_word_pattern_matches(text):
    matches = list(_WORD.finditer(text))
    starts, ends = word_spans(text)
    assert starts.tolist() == [m.start() for m in matches]
    assert ends.tolist() == [m.end() for m in matches]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from("ab@.<>:/w]( x-_"), max_size=60))
def test_texts_without_a_mask_hint_have_nothing_to_mask(text):
    if not any(hint in text for hint in _MASK_HINTS):
        assert not list(_MASK.finditer(text))


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from("ab@.<>:/w]()\" x-_htpsfmilo"), max_size=80))
def test_the_mask_of_a_texts_hints_finds_what_the_whole_mask_finds(text):
    present = tuple(any(hint in text for hint in hints) for hints, _ in _MASK_PARTS)
    expected = [m.span() for m in _MASK.finditer(text)]
    assert (expected == [m.span() for m in _mask_of(present).finditer(text)]) if any(present) else not expected
