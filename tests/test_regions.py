"""What one side has that the other lacks: lead, body or tail, article or wrapper."""

from __future__ import annotations

import pickle

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tracer.model import Match, Region, Regions
from tracer.normalize import tokenize
from tracer.regions import FURNITURE_RUN_WORDS, _inside, article_words, is_furniture, unshared_regions

MENU = "Home | News | World\nShare this article on Facebook\n"
EXTRA_LEAD = ("In a separate development, the defence ministry in Moscow said its aircraft had flown dozens "
              "of missions over the desert.\n")
FOOTER = "Copyright 2016 Example Media. All rights reserved.\nLeave a Reply\n"


def regions_around(text: str, shared: str) -> tuple[Region, ...]:
    start = text.index(shared)
    _, tokens = tokenize(text)
    return unshared_regions(text, tokens, [(start, start + len(shared.rstrip()))])


def test_wrapped_text_has_a_wrapper_lead_an_article_lead_and_a_wrapper_tail(story):
    text = MENU + EXTRA_LEAD + story + FOOTER
    regions = regions_around(text, story)
    assert [(r.location, r.wrapper) for r in regions] == [("lead", True), ("lead", False), ("tail", True)]
    quoted = [text[r.span[0] : r.span[1]] for r in regions]
    assert quoted[0].startswith("Home") and quoted[0].endswith("Facebook")
    assert quoted[1] == EXTRA_LEAD.strip().rstrip(".")
    assert "All rights reserved" in quoted[2] and quoted[2].endswith("Leave a Reply")
    assert regions[1].words == len(tokenize(EXTRA_LEAD)[0])


def test_text_between_two_shared_passages_is_body(story):
    lines = story.splitlines(keepends=True)
    first, gap, second = "".join(lines[:3]), lines[3], "".join(lines[4:])
    _, tokens = tokenize(story)
    spans = [(0, len(first.rstrip())), (len(first) + len(gap), len(story.rstrip()))]
    (region,) = unshared_regions(story, tokens, spans)
    assert region.location == "body" and not region.wrapper
    assert story[region.span[0] : region.span[1]] == gap.strip().rstrip(".")


def test_regions_lie_outside_the_shared_spans_and_count_their_words(story):
    text = MENU + EXTRA_LEAD + story + FOOTER
    start = text.index(story)
    shared = (start, start + len(story.rstrip()))
    _, tokens = tokenize(text)
    regions = unshared_regions(text, tokens, [shared])
    for r in regions:
        assert r.span[1] <= shared[0] or r.span[0] >= shared[1]
    assert sum(r.words for r in regions) == len(tokens) - len(tokenize(story)[0])


def test_nothing_shared_means_no_regions(story):
    _, tokens = tokenize(story)
    assert len(unshared_regions(story, tokens, [])) == 0


def test_everything_shared_means_no_regions(story):
    _, tokens = tokenize(story)
    assert len(unshared_regions(story, tokens, [(0, len(story))])) == 0


@pytest.mark.parametrize(
    "line, furniture",
    [
        ("Copyright © 2016 Global Research", True),
        ("All rights reserved.", True),
        ("Leave a Reply", True),
        ("Be the first to comment on this story below", True),
        ("Your email address will not be published. Required fields are marked", True),
        ("Subscribe to our newsletter for the latest updates every week", True),
        ("Region: Europe", True),
        ("Tags: Syria, Russia, Palmyra", True),
        ("Share this article with your friends and family today", True),
        ("Related articles", True),
        ("Menu", True),  # short lines are labels, menus and buttons
        ("The recapture of the ancient city was made possible by Russian airstrikes.", False),
        ("Syrian troops entered the city on Sunday after weeks of fighting.", False),
    ],
)
def test_is_furniture(line, furniture):
    assert is_furniture(line, len(tokenize(line)[0])) == furniture


def test_article_words_count_only_text_that_is_not_wrapper():
    regions = Regions.of([
        Region((0, 10), "lead", 7, True),
        Region((11, 90), "lead", 15, False),
        Region((200, 300), "tail", 20, False),
        Region((301, 320), "tail", 4, True),
    ])
    assert article_words(regions) == 35
    assert article_words(Regions()) == 0


def test_regions_hold_the_records_they_are_made_of():
    records = [Region((0, 10), "lead", 7, True), Region((11, 90), "body", 15, False), Region((95, 99), "tail", 1, True)]
    regions = Regions.of(records)
    assert list(regions) == records and [regions[k] for k in range(-3, 3)] == records + records
    assert regions[1:] == Regions.of(records[1:]) and regions[::-1][0] == records[2] and not regions[3:]
    assert list(regions.where(wrapper=True)) == [records[0], records[2]]
    assert list(regions.where(wrapper=False, locations=("lead", "tail"))) == []
    assert regions.where(locations=("body",)).total_words() == 15
    assert pickle.loads(pickle.dumps(regions)) == regions
    assert Match("a", "b", 0.1, 0.1, 0.1, (), 0.5, 0.5, records, ()).unshared_a == regions


def test_a_long_paragraph_that_mentions_facebook_is_article_not_furniture(story):
    paragraph = " ".join([EXTRA_LEAD.strip()] * 12).replace("desert.", "desert, the minister wrote on Facebook.", 1)
    assert len(paragraph.split()) > FURNITURE_RUN_WORDS and is_furniture(paragraph, len(paragraph.split()))
    regions = regions_around(story + "\n" + paragraph + "\n" + FOOTER, story)
    assert [(r.location, r.wrapper) for r in regions] == [("tail", False), ("tail", True)]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="ab .\n", max_size=60), st.lists(st.tuples(st.integers(0, 61), st.integers(0, 61)), max_size=5))
def test_the_words_inside_spans_are_those_that_start_and_end_in_one(text, spans):
    tokens = tokenize(text)[1]
    expected = np.zeros(len(tokens), dtype=bool)
    for start, end in spans:
        expected |= (tokens.starts >= start) & (tokens.ends <= end)
    assert np.array_equal(_inside(tokens, spans), expected)
