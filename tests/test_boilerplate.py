"""Boilerplate learned per outlet: text one site repeats around its articles is dropped from the shingles."""

from __future__ import annotations

import numpy as np

from tracer import Settings
from tracer.pipeline import boilerplate_shingles
from tracer.shingle import featurize

WRAPPER = ("Support independent journalism from the valley: become a member of the Valley News community today "
           "and read every story without limits")


def features(texts):
    return [featurize(t, Settings().shingle_size) for t in texts]


def shingles_of(text):
    return set(featurize(text, Settings().shingle_size).shingles.tolist())


def test_text_repeated_across_most_documents_of_one_outlet_is_boilerplate(article):
    texts = [article(i) + "\n\n" + WRAPPER for i in range(6)] + [article(100 + i) for i in range(4)]
    outlets = ["Valley News"] * 6 + ["Port Times"] * 4
    found = set(boilerplate_shingles(features(texts), Settings(), outlets).tolist())
    assert shingles_of(WRAPPER) <= found
    assert not found & shingles_of(article(0)), "an article's own text is not boilerplate"


def test_without_outlets_a_small_collection_learns_no_boilerplate(article):
    texts = [article(i) + "\n\n" + WRAPPER for i in range(6)]
    assert boilerplate_shingles(features(texts), Settings()).size == 0


def test_two_copies_of_one_story_at_one_outlet_are_not_boilerplate(article):
    story = article(7)
    texts = [story, story] + [article(i) for i in range(20, 25)]
    found = boilerplate_shingles(features(texts), Settings(), ["Valley News"] * len(texts))
    assert not set(found.tolist()) & shingles_of(story)


def test_outlets_with_few_documents_learn_nothing(article):
    texts = [article(i) + "\n\n" + WRAPPER for i in range(4)]
    assert boilerplate_shingles(features(texts), Settings(), ["Valley News"] * 4).dtype == np.uint64
    assert boilerplate_shingles(features(texts), Settings(), ["Valley News"] * 4).size == 0


def test_trace_drops_an_outlets_wrapper_and_calls_it_wrapper_evidence(wide_article):
    """Six Valley News pages share their footer; Port Times copies one story without it."""
    from tracer import Document, trace

    docs = [Document(f"valley{i}.txt", wide_article(i) + "\n\n" + WRAPPER, outlet="Valley News") for i in range(6)]
    docs.append(Document("port.txt", wide_article(3), outlet="Port Times"))
    text_links = [l for l in trace(docs).links if l.kind == "text"]
    assert {(l.source, l.target) for l in text_links} in ({("valley3.txt", "port.txt")}, {("port.txt", "valley3.txt")})
    (link,) = text_links
    wrappers = [e for e in link.evidence if e.kind == "wrapper"]
    assert wrappers and "valley3.txt" in wrappers[0].detail and "Support independent journalism" in wrappers[0].detail
    assert link.relation == "verbatim", "the footer is wrapper, not article text the copy lacks"
