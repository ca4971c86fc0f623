"""Relation and direction of a matched pair, and the evidence behind them."""

from __future__ import annotations

import pytest

from tracer import Document, compare
from tracer.direction import Side, date_evidence, decide, relation
from tracer.model import Credit, Match, Passage, Region

TEXT = "word " * 400  # 2,000 characters; the spans below point into it


def make_match(coverage_a=1.0, coverage_b=1.0, exact=1.0, unshared_a=(), unshared_b=(),
               passages=None, a="a.txt", b="b.txt") -> Match:
    passages = passages or (Passage((100, 900), (200, 1000), exact),)
    return Match(a=a, b=b, jaccard=0.5, containment_a=0.8, containment_b=0.6, passages=passages,
                 coverage_a=coverage_a, coverage_b=coverage_b, unshared_a=unshared_a, unshared_b=unshared_b)


def side(doc_id, credits=(), text=TEXT, **meta) -> Side:
    return Side(Document(doc_id, text, **meta), tuple(credits))


def credit(outlet, quote, span=(0, 20), kind="reports") -> Credit:
    return Credit(outlet, kind, quote, span)


def kinds(link):
    return [(e.kind, e.favors) for e in link.evidence]


@pytest.mark.parametrize(
    "coverage_source, coverage_target, exact, expected",
    [
        (1.0, 1.0, 1.0, "verbatim"),
        (0.95, 0.92, 0.95, "verbatim"),
        (1.0, 1.0, 0.5, "edited"),  # all of it shared, but not word for word
        (0.4, 0.95, 1.0, "trimmed"),  # the target is mostly the source's text; the source has more
        (0.95, 0.4, 1.0, "expanded"),  # the reverse
        (0.3, 0.2, 1.0, "excerpt"),  # a shared passage inside two different texts
    ],
)
def test_relation(coverage_source, coverage_target, exact, expected):
    m = make_match(coverage_a=coverage_source, coverage_b=coverage_target, exact=exact)
    assert relation(m, "a.txt", "b.txt") == expected


def test_verbatim_or_edited_is_the_same_whichever_document_is_a():
    """The passages' exact shares are weighed by their text on both sides: a long passage on one side only (here
    the second, 700 characters against 100, half of it word for word) weighs as much read from either."""
    passages = (Passage((0, 1000), (0, 1200), 0.95), Passage((1000, 1100), (1200, 1900), 0.5))
    m = make_match(passages=passages)
    swapped = make_match(passages=tuple(Passage(p.b, p.a, p.exact) for p in passages))
    assert relation(m, "a.txt", "b.txt") == relation(swapped, "b.txt", "a.txt") == "edited"


def test_trimmed_and_expanded_are_the_same_pair_read_both_ways():
    m = make_match(coverage_a=0.4, coverage_b=0.95)
    assert (relation(m, "a.txt", "b.txt"), relation(m, "b.txt", "a.txt")) == ("trimmed", "expanded")


def test_a_copy_that_credits_the_others_outlet_derives_from_it():
    copy = side("a.txt", [credit("RT", "RT reports:")], outlet="Daily Planet")
    original = side("b.txt", outlet="RT")
    link = decide(make_match(), copy, original)
    assert (link.source, link.target, link.directed, link.direction) == ("b.txt", "a.txt", True, "derived")
    assert ("credit", "b.txt") in kinds(link)
    assert 0.5 < link.confidence <= 1.0
    assert [e.quote for e in link.evidence if e.kind == "credit"] == ["RT reports:"]  # the words it rests on


def test_two_documents_crediting_one_outside_source_in_their_own_words_are_siblings():
    x = side("a.txt", [credit("RT", "RT reports:", span=(10, 21))])
    y = side("b.txt", [credit("RT", "The original source of this article is RT", span=(1500, 1541),
                              kind="original-source")])
    link = decide(make_match(), x, y)
    assert (link.directed, link.direction, link.common_source) == (False, "siblings", "RT")
    assert ("credit", "siblings") in kinds(link)
    assert link.confidence > 0
    assert [e.quote for e in link.evidence if e.kind == "credit"] == [
        "RT reports: / The original source of this article is RT"]  # both lines, the first document's first


def test_a_credit_copied_along_with_the_shared_text_decides_nothing():
    quote = "RT reports:"
    x = side("a.txt", [credit("RT", quote, span=(150, 161))])  # inside the passage on both sides
    y = side("b.txt", [credit("RT", quote, span=(250, 261))])
    link = decide(make_match(), x, y)
    assert link.direction == "undetermined"
    assert [(e.kind, e.favors, e.weight, e.quote) for e in link.evidence if e.kind == "credit"] == [
        ("credit", "none", 0.0, quote)]


def test_without_evidence_the_direction_is_undetermined():
    link = decide(make_match(), side("a.txt"), side("b.txt"))
    assert (link.directed, link.direction, link.confidence) == (False, "undetermined", 0.0)
    assert link.evidence == ()


def test_the_earlier_publication_is_the_source():
    x, y = side("a.txt", published="2016-03-29"), side("b.txt", published="2016-03-28")
    link = decide(make_match(), x, y)
    assert (link.source, link.target, link.directed, link.direction) == ("b.txt", "a.txt", True, "derived")
    assert kinds(link) == [("date", "b.txt")]


@pytest.mark.parametrize(
    "dx, dy, favors",
    [
        ("2016-03-28", "2016-03-29", "a.txt"),
        ("2016-03-29", "2016-03-28", "b.txt"),
        ("2016-03-28", "2016-03-28", None),  # the same day says nothing
        ("2016-03-28", None, None),
        (None, None, None),
    ],
)
def test_date_evidence(dx, dy, favors):
    found = date_evidence(side("a.txt", published=dx), side("b.txt", published=dy))
    assert [e.favors for e in found] == ([favors] if favors else [])


def test_a_copy_lacking_the_others_lead_was_cut_from_it():
    lead = Region((0, 300), "lead", 50, False)
    link = decide(make_match(coverage_a=0.7, coverage_b=1.0, unshared_a=(lead,)), side("a.txt"), side("b.txt"))
    assert ("trimmed", "a.txt") in kinds(link)
    assert (link.source, link.target, link.directed) == ("a.txt", "b.txt", True)
    assert link.relation == "trimmed"


def test_a_missing_wrapper_is_not_trimming():
    menu = Region((0, 300), "lead", 50, True)
    link = decide(make_match(unshared_a=(menu,)), side("a.txt"), side("b.txt"))
    assert "trimmed" not in [k for k, _ in kinds(link)]
    assert ("wrapper", "none") in kinds(link), "site furniture is noted, with no weight"
    assert link.direction == "undetermined"


def test_evidence_pointing_both_ways_leaves_the_direction_undetermined():
    lead = Region((0, 300), "lead", 50, False)  # a is fuller: trimming favours a
    m = make_match(coverage_a=0.7, unshared_a=(lead,))
    x, y = side("a.txt", published="2016-03-29"), side("b.txt", published="2016-03-28")  # the date favours b
    link = decide(m, x, y)
    assert link.direction == "undetermined" and not link.directed and link.confidence == 0.0
    assert {("trimmed", "a.txt"), ("date", "b.txt")} <= set(kinds(link))


def test_typographic_quotes_favour_the_text_that_has_them():
    curly = "“a” said ‘b’ and “c” " * 40
    straight = "\"a\" said 'b' and \"c\" " * 40
    m = make_match(passages=(Passage((0, 400), (0, 400), 1.0),))
    link = decide(m, side("a.txt", text=curly), side("b.txt", text=straight))
    assert ("typography", "a.txt") in kinds(link)
    assert link.direction == "undetermined", "typography alone weighs less than a call needs"


def test_link_passages_and_containment_follow_the_links_source():
    m = make_match()
    x, y = side("a.txt", published="2016-03-29"), side("b.txt", published="2016-03-28")
    link = decide(m, x, y)
    assert link.source == "b.txt"
    assert [(p.a, p.b) for p in link.passages] == [(p.b, p.a) for p in m.passages]
    assert link.containment == {"a.txt": m.containment_a, "b.txt": m.containment_b}
    assert link.jaccard == m.jaccard


def test_compare_calls_a_dated_trimmed_copy_derived_from_the_fuller_text(story, harbour, flood):
    lead, tail = " ".join(harbour.splitlines()[:3]), " ".join(flood.splitlines()[:3])
    full = Document("full.txt", "March 27, 2016\n\n" + lead + "\n\n" + story + "\n" + tail + "\n",
                    published="2016-03-27")
    trimmed = Document("trimmed.txt", "March 28, 2016\n\n" + story, published="2016-03-28")
    link = compare(trimmed, full).link
    assert (link.source, link.target, link.direction, link.relation) == ("full.txt", "trimmed.txt", "derived",
                                                                       "trimmed")
    assert {("trimmed", "full.txt"), ("date", "full.txt")} <= set(kinds(link))
    assert link.containment["trimmed.txt"] > 0.9 > link.containment["full.txt"]


def test_compare_leaves_an_undated_verbatim_copy_undetermined(story):
    link = compare(Document("a.txt", story), Document("b.txt", story)).link
    assert (link.relation, link.direction, link.directed) == ("verbatim", "undetermined", False)


def compilation_of(y_elsewhere: tuple[int, int], y_length: int = 2000):
    """x (2,000 characters) shares 800 with y, and 800 more with z, which shares nothing with y; y (`y_length`
    characters) shares `y_elsewhere` of its text with w, which shares nothing with x."""
    from tracer.direction import compilation_evidence

    matches = [make_match(a="x", b="y", passages=(Passage((100, 900), (100, 900), 1.0),)),
               make_match(a="x", b="z", passages=(Passage((1000, 1800), (0, 800), 1.0),)),
               make_match(a="w", b="y", passages=(Passage((0, 400), y_elsewhere, 1.0),))]
    lengths = {"x": 2000, "y": y_length, "z": 800, "w": 400}
    return compilation_evidence(matches, lengths).get(("x", "y"), ())


def test_a_compilation_is_the_side_that_shares_far_more_of_its_text_elsewhere():
    """A short passage the source shares with a document of its own (a quotation, an idiom) leaves x the
    compilation; y sharing about as large a part of its text elsewhere makes it no evidence either way."""
    (evidence,) = compilation_of((1000, 1060))
    assert (evidence.kind, evidence.favors) == ("compiled", "y")
    assert "(40% of it)" in evidence.detail and "y shares 3% of its text so" in evidence.detail
    assert compilation_of((1000, 1500)) == ()
    (alone,) = compilation_of((100, 900))  # y's passage with w lies inside its x passage: not elsewhere
    assert "y has no such parts" in alone.detail


def test_a_compilation_whose_sources_links_were_not_read_says_so():
    """A check reads only the article's links: it cannot say that a stored document shares nothing elsewhere."""
    from tracer.direction import compilation_evidence

    matches = [make_match(a="q", b="c1", passages=(Passage((0, 800), (0, 800), 1.0),)),
               make_match(a="q", b="c2", passages=(Passage((1000, 1800), (0, 800), 1.0),))]
    lengths = {"q": 2000, "c1": 800, "c2": 800}
    (evidence,) = compilation_evidence(matches, lengths, frozenset({"c1", "c2"}))[("q", "c1")]
    assert evidence.favors == "c1" and "c1's links with other documents were not read" in evidence.detail


@pytest.mark.parametrize(("y_elsewhere", "y_length", "compiled"),
                         [((1000, 1400), 2000, True), ((1000, 1401), 2000, False), ((1000, 1800), 8000, True)])
def test_the_compilation_shares_twice_the_share_of_its_text_elsewhere(y_elsewhere, y_length, compiled):
    """x shares 40% of its text elsewhere: y sharing 20% is half of that, 800 characters of 8,000 a tenth
    (a long article shares more by its length alone)."""
    assert bool(compilation_of(y_elsewhere, y_length)) == compiled
