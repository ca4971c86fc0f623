"""Invariants, checked with hypothesis on generated texts."""

from __future__ import annotations

import re
import subprocess
import sys

import numpy as np
import pytest
from conftest import EXPLORING, NEWS_WORDS
from hypothesis import HealthCheck, assume, event, example, given, settings
from hypothesis import strategies as st

from tracer import Document, Settings, compare, trace
from tracer.align import MAX_REPEAT, vocabulary, word_weights
from tracer.normalize import fold, tokenize
from tracer.serialize import dumps, lineage_to_dict
from tracer.shingle import featurize, stem_hash

FAST = settings(max_examples=400 if EXPLORING else 40, deadline=None, suppress_health_check=[HealthCheck.too_slow])

CONTENT_WORDS = list(NEWS_WORDS[: NEWS_WORDS.index("damage")])  # the words these properties were written with
FUNCTION_WORDS = "the of and to in that was with for on by had has said".split()

sentence = st.lists(st.sampled_from(CONTENT_WORDS + FUNCTION_WORDS), min_size=5, max_size=16, unique=True).map(
    lambda words: " ".join(words).capitalize() + ".")
paragraph = st.lists(sentence, min_size=1, max_size=5).map(" ".join)
article = st.lists(paragraph, min_size=1, max_size=4).map("\n\n".join)

# Any text at all, with the characters that matter to tokenizing: markdown, URLs, quotes, dashes, digits.
noisy_text = st.lists(
    st.sampled_from(list("abcXYZ019 _-.,;:!?\n\t'\"“”‘’—–…*#[]()<>/@ßéﬁ") + ["ＩＳ", "http://", "www.", "](", "@x.org"]),
    max_size=120,
).map("".join) | st.text(max_size=80)


def distinct_content_words(text: str) -> int:
    return len({w for w in tokenize(text)[0] if stem_hash(w) >= 0})


def copy_mass(text: str) -> float:
    """The evidence mass of a verbatim copy of `text`: its distinct content words, each weighted as align
    weighs a word both sides use n times (1/sqrt(n))."""
    f = featurize(text, Settings().shingle_size)
    if not len(f.content):
        return 0.0
    va, vb = vocabulary(f, f)
    return float(word_weights(va, vb).sum())


def most_repeats(text: str) -> int:
    """How often the most repeated shingle of `text` occurs in it."""
    shingles = featurize(text, Settings().shingle_size).shingles
    return int(np.unique(shingles, return_counts=True)[1].max(initial=0))


def assert_span_holds_the_words_there(text: str, span: tuple[int, int]) -> None:
    """The text at `span` starts and ends on a word, and tokenized alone gives the words found there."""
    words, tokens = tokenize(text)
    start, end = span
    starts, ends = tokens.starts.tolist(), tokens.ends.tolist()
    assert start in starts and end in ends
    inside = [w for w, s, e in zip(words, starts, ends) if start <= s and e <= end]
    assert list(tokenize(text[start:end])[0]) == inside


@FAST
@given(noisy_text)
def test_token_offsets_map_back_to_the_original_characters(text):
    words, tokens = tokenize(text)
    starts, ends = tokens.starts.tolist(), tokens.ends.tolist()
    assert len(words) == len(starts) == len(ends) == len(tokens.sentence)
    for word, start, end in zip(words, starts, ends):
        assert re.fullmatch(r"\w+", text[start:end])
        assert fold(text[start:end]) == word
    assert all(e <= s for e, s in zip(ends, starts[1:])), "words are in order and do not overlap"
    assert tokens.sentence.tolist() == sorted(tokens.sentence.tolist())


@st.composite
def texts_sharing_a_passage(draw) -> tuple[str, str]:
    """(x, y): y holds a run of x's words (often a long one), maybe re-cased, re-punctuated or edited,
    between unrelated paragraphs."""
    words = draw(st.lists(sentence, min_size=4, max_size=14).map(" ".join)).split()
    first = draw(st.integers(0, max(0, len(words) - 30)))
    last = draw(st.integers(min(first + 29, len(words) - 1), len(words) - 1))
    copied = words[first : last + 1]
    every = draw(st.sampled_from([0, 0, 3, 5, 8]))
    if every:  # an edited copy: every few words dropped
        copied = [w for i, w in enumerate(copied) if i % every]
    copy = " ".join(copied)
    if draw(st.booleans()):
        copy = copy.upper().replace(".", " —")
    return " ".join(words), draw(article) + "\n\n" + copy + "\n\n" + draw(article)


@FAST
@given(texts_sharing_a_passage())
def test_passage_offsets_map_back_to_the_original_characters(texts):
    a, b = Document("a.txt", texts[0]), Document("b.txt", texts[1])
    result = compare(a, b)
    event("shared passage found" if result.match else "no shared passage")
    if result.match is None:
        return
    for p in result.match.passages:
        assert_span_holds_the_words_there(a.text, p.a)
        assert_span_holds_the_words_there(b.text, p.b)
    texts = {"a.txt": a.text, "b.txt": b.text}
    for p in result.link.passages:  # the link's passages are oriented source, target
        assert_span_holds_the_words_there(texts[result.link.source], p.a)
        assert_span_holds_the_words_there(texts[result.link.target], p.b)


@FAST
@given(texts_sharing_a_passage())
def test_compare_a_b_mirrors_compare_b_a(texts):
    a, b = Document("a.txt", texts[0]), Document("b.txt", texts[1])
    ab, ba = compare(a, b), compare(b, a)
    event("shared passage found" if ab.match else "no shared passage")
    assert (ab.match is None) == (ba.match is None)
    if ab.match is None:
        return
    m, n = ab.match, ba.match
    assert m.jaccard == n.jaccard
    assert (m.containment(a.id), m.containment(b.id)) == (n.containment(a.id), n.containment(b.id))
    assert m.spans(a.id) == n.spans(a.id) and m.spans(b.id) == n.spans(b.id)
    assert ab.link == ba.link


@FAST
@given(texts_sharing_a_passage())
def test_the_measurements_are_symmetric_in_the_two_texts(texts):
    """Swap the texts but keep the ids: the scores swap and the passages swap sides."""
    x, y = texts
    m = compare(Document("a.txt", x), Document("b.txt", y)).match
    n = compare(Document("a.txt", y), Document("b.txt", x)).match
    event("shared passage found" if m else "no shared passage")
    assert (m is None) == (n is None)
    if m is None:
        return
    assert m.jaccard == n.jaccard
    assert (m.containment_a, m.containment_b) == (n.containment_b, n.containment_a)
    assert sorted((p.a, p.b, p.exact) for p in m.passages) == sorted((p.b, p.a, p.exact) for p in n.passages)


# Two pairs CI's random examples found: the link's passages came in the order of side a, and with the fuller text
# undecided the ids chose the source.
PASSAGES_IN_ID_ORDER = (
    'Army city militants airstrikes embassy government minister foreign office spokesman palmyra victory. Army city militants airstrikes embassy government minister foreign office spokesman ancient syria russia britain victory temple. Army city militants syria russia recapture troops temple victory minister government office. Army city government minister temple victory ancient recapture statement foreign britain office. Army city office government minister temple. Army city government minister recapture troops office. Recapture troops province governor weekend army city militants spokesman conflict ancient airstrikes embassy government minister foreign. Ruins army city regime militants forces airstrikes embassy government.',
    'Army city militants airstrikes embassy.\n\nArmy city militants airstrikes embassy government minister foreign office spokesman palmyra victory. Army city militants airstrikes embassy government minister foreign office spokesman ancient syria russia britain victory temple. Army city\n\nArmy city militants airstrikes embassy. Army city militants airstrikes embassy. Army city militants airstrikes embassy. Army city militants airstrikes embassy government spokesman ruins tanks foreign. Army militants palmyra regime conflict tanks city minister forces ancient.',
)
ENDS_BY_ID = (
    'Army city militants airstrikes embassy government minister ancient syria foreign office spokesman. Army city militants airstrikes embassy government minister foreign office spokesman palmyra syria russia ancient temple. Army city militants airstrikes embassy. Army city militants airstrikes embassy government. Army city militants airstrikes embassy. Army city militants airstrikes embassy government. Army city militants airstrikes embassy government. Army city militants airstrikes embassy.',
    'Army city militants airstrikes embassy. Army city militants airstrikes embassy. Army city militants airstrikes embassy. Army city militants airstrikes embassy.\n\nARMY CITY MILITANTS AIRSTRIKES EMBASSY GOVERNMENT MINISTER ANCIENT SYRIA FOREIGN OFFICE SPOKESMAN — ARMY CITY MILITANTS AIRSTRIKES EMBASSY GOVERNMENT MINISTER FOREIGN OFFICE SPOKESMAN PALMYRA SYRIA RUSSIA ANCIENT TEMPLE — ARMY CITY MILITANTS\n\nArmy city militants airstrikes embassy government minister.',
)


@FAST
@given(texts_sharing_a_passage())
@example(PASSAGES_IN_ID_ORDER)
@example(ENDS_BY_ID)
def test_renaming_the_texts_changes_no_figure_of_their_link(texts):
    """The pair is ordered by id before it is aligned: with the ids swapped the other text is `a`, and the
    passages, their exact shares, the relation, direction and evidence stay as they were."""
    x, y = texts
    first = compare(Document("a.txt", x), Document("b.txt", y))
    second = compare(Document("b.txt", x), Document("a.txt", y))
    event("shared passage found" if first.match else "no shared passage")
    assert (first.link is None) == (second.link is None)
    if first.link is None:
        return
    swap = {"a.txt": "b.txt", "b.txt": "a.txt"}
    assert sorted((p.a, p.b, p.exact) for p in first.match.passages) == sorted(
        (p.b, p.a, p.exact) for p in second.match.passages)
    one, other = first.link, second.link
    assert (one.relation, one.direction, one.directed, one.confidence) == (
        other.relation, other.direction, other.directed, other.confidence)
    texts_first, texts_second = {"a.txt": x, "b.txt": y}, {"b.txt": x, "a.txt": y}
    assert (texts_first[one.source], texts_first[one.target]) == (
        texts_second[other.source], texts_second[other.target])  # the same text is the source (ids tie only equals)
    if x != y:
        assert (one.source, one.target) == (swap[other.source], swap[other.target])
    assert [(p.a, p.b, p.exact) for p in one.passages] == [(p.a, p.b, p.exact) for p in other.passages]
    assert sorted((e.kind, e.favors, e.weight) for e in one.evidence) == sorted(
        (e.kind, swap.get(e.favors, e.favors), e.weight) for e in other.evidence)


def test_the_measurements_are_symmetric_even_for_a_phrase_repeated_many_times():
    x = ("Army city militants airstrikes embassy. Army city militants airstrikes embassy government minister "
         "foreign. Army office spokesman ancient temple ruins palmyra syria russia britain victory conflict regime "
         "recapture. " + " ".join(["Army city militants airstrikes embassy."] * 7))
    y = ("Army city militants airstrikes government.\n\nARMY CITY MILITANTS AIRSTRIKES EMBASSY — ARMY CITY "
         "MILITANTS AIRSTRIKES EMBASSY GOVERNMENT MINISTER FOREIGN — ARMY OFFICE SPOKESMAN ANCIENT TEMPLE RUINS "
         "PALMYRA SYRIA RUSSIA BRITAIN VICTORY CONFLICT REGIME RECAPTURE — ARMY CITY MILITANTS\n\n"
         "Army city militants airstrikes government.")
    assert most_repeats(x) > MAX_REPEAT
    m = compare(Document("a.txt", x), Document("b.txt", y)).match
    n = compare(Document("a.txt", y), Document("b.txt", x)).match
    assert sorted((p.a, p.b) for p in m.passages) == sorted((p.b, p.a) for p in n.passages)


@FAST
@given(article)
def test_a_document_and_its_verbatim_copy_are_always_linked(text):
    assume(len(text.split()) >= 60)
    assume(copy_mass(text) >= Settings().min_passage_mass)  # a text of a few words said over and over is not
    lineage = trace([Document("original.txt", text), Document("copy.txt", text)])
    (link,) = [l for l in lineage.links if l.kind == "text"]
    assert {link.source, link.target} == {"original.txt", "copy.txt"}
    assert link.relation == "verbatim"
    assert link.containment == {"original.txt": 1.0, "copy.txt": 1.0} and link.jaccard == 1.0


@FAST
@given(article, article, article, article)
def test_a_copy_inside_two_unrelated_articles_is_found(copy, before, after, other):
    assume(distinct_content_words(copy) >= 2 * Settings().min_passage_mass)
    a = Document("a.txt", before + "\n\n" + copy + "\n\n" + after)
    b = Document("b.txt", other + "\n\n" + copy)
    links = [l for l in trace([a, b]).links if l.kind == "text"]
    assert len(links) == 1
    start = a.text.index(copy)
    spans = [p.a if links[0].source == "a.txt" else p.b for p in links[0].passages]
    assert any(s <= start + len(copy) and start <= e for s, e in spans), "a passage lies on the copy"


@FAST
@given(st.lists(article, min_size=2, max_size=4), st.randoms(use_true_random=False))
def test_the_order_of_the_input_does_not_change_the_json(texts, rng):
    docs = [Document(f"{i}.txt", t) for i, t in enumerate(texts)]
    docs.append(Document("copy.txt", texts[0]))
    shuffled = list(docs)
    rng.shuffle(shuffled)
    assert dumps(lineage_to_dict(trace(docs))) == dumps(lineage_to_dict(trace(shuffled)))


def test_import_tracer_does_not_import_graphviz():
    code = "import tracer, sys; print('graphviz' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True)
    assert done.stdout.strip() == "False"


@given(st.lists(st.integers(0, 2**64 - 1), max_size=60), st.lists(st.integers(0, 2**64 - 1), max_size=60),
       st.integers(1, 4))
def test_the_pair_vocabulary_from_each_sides_distinct_stems_is_the_vocabulary_of_both_together(xs, ys, repeats):
    """`_pair_stems` merges the two documents' sorted distinct stems (worked out once a document) into what one
    `np.unique` over both documents' words gives: the same sorted stems, the same id for every word."""
    from tracer.align import _distinct_stems, _pair_stems

    class Words:  # the one field of Features that _distinct_stems reads
        def __init__(self, values):
            self.content = np.array(values, dtype=np.uint64)

    a, b = Words(xs * repeats), Words(ys[: len(ys) // repeats] + xs[:3])
    stems, inverse = np.unique(np.concatenate([a.content, b.content]), return_inverse=True)
    got = _pair_stems(_distinct_stems(a), _distinct_stems(b))
    for found, expected in zip(got, (stems, inverse[: len(a.content)], inverse[len(a.content):])):
        assert found.tolist() == expected.tolist()
