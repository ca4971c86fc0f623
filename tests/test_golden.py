"""The seeds golden test: what a correct trace of the five seed articles shows (issue 2)."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

import tracer
from tracer.serialize import dumps, lineage_to_dict

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
RT_TRIMMED, RT_FULL = "000_d5f8d56ce77da1f0.txt", "001_cc31bfe275242cde.txt"
TASS, MEMO, EIN = "002_da0339af868036fa.txt", "003_db87a7e1bdfb7599.txt", "004_885ee4dcb98e6b35.txt"


@pytest.fixture(scope="module")
def lineage():
    return tracer.trace(tracer.read_documents([str(SEEDS)]).documents)


@pytest.fixture(scope="module")
def data(lineage):
    return json.loads(dumps(lineage_to_dict(lineage)))


def text_links(data):
    return [l for l in data["links"] if l["kind"] == "text"]


def test_the_two_rt_copies_are_linked_with_most_of_the_trimmed_copy_shared(data):
    (link,) = text_links(data)
    assert {link["source"], link["target"]} == {RT_TRIMMED, RT_FULL}
    assert link["containment"][RT_TRIMMED] >= 0.75
    assert link["containment"][RT_FULL] < 0.5
    assert link["jaccard"] < 0.5, "a Jaccard-threshold dedup would miss this pair"


def test_000_is_the_trimmed_copy_of_the_fuller_001(data):
    (link,) = text_links(data)
    assert (link["source"], link["target"], link["relation"]) == (RT_FULL, RT_TRIMMED, "trimmed")
    trimmed = [e for e in link["evidence"] if e["kind"] == "trimmed"]
    assert trimmed and "Boris Johnson" in trimmed[0]["detail"]


def test_001_carries_its_text_inside_a_global_research_wrapper(data):
    (link,) = text_links(data)
    wrappers = [e["detail"] for e in link["evidence"] if e["kind"] == "wrapper" and RT_FULL in e["detail"]]
    assert wrappers and "Global Research" in wrappers[0]


def test_both_rt_copies_credit_rt_so_they_are_siblings_and_the_output_says_why(data):
    (link,) = text_links(data)
    assert link["direction"] == "siblings" and link["common_source"] == "RT"
    assert link["directed"] is False
    deciding = [e for e in link["evidence"] if e["favors"] == "siblings"]
    assert deciding and "RT reports:" in deciding[0]["detail"] and "original source" in deciding[0]["detail"]


def test_rt_is_an_external_source_linked_to_each_copy(data):
    rt = next(s for s in data["external_sources"] if s["name"] == "RT")
    assert sorted(rt["credited_by"]) == [RT_TRIMMED, RT_FULL]
    credited = {l["target"] for l in data["links"] if l["kind"] == "credit" and l["source"] == rt["id"]}
    assert credited == {RT_TRIMMED, RT_FULL}


def test_004_credits_the_four_wire_agencies(data):
    doc = next(d for d in data["documents"] if d["id"] == EIN)
    assert [c["outlet"] for c in doc["credits"]] == ["AFP", "AP", "dpa", "Reuters"]
    assert all(c["kind"] == "based-on" for c in doc["credits"])


def test_citations_of_a_fact_are_not_credits(data):
    outlets = {d["id"]: {c["outlet"] for c in d["credits"]} for d in data["documents"]}
    assert "TASS" not in outlets[RT_TRIMMED] and "Sputnik" not in outlets[RT_TRIMMED]
    assert "Al Jazeera" not in outlets[MEMO]
    assert outlets[TASS] == {"TASS"}, "the /TASS/ dateline credits TASS"


def test_independent_reports_share_no_reused_text(data):
    linked = {x for l in text_links(data) for x in (l["source"], l["target"])}
    assert not linked & {TASS, MEMO, EIN}, "the Temple of Bel phrase in 001 and 004 is a common phrase, not reuse"
    assert data["clusters"] == [sorted([RT_TRIMMED, RT_FULL])]


def test_passages_point_at_the_same_words_in_both_originals(lineage):
    (link,) = [l for l in lineage.links if l.kind == "text"]
    source, target = lineage.document(link.source).text, lineage.document(link.target).text
    for p in link.passages:
        assert source[p.a[0] : p.a[1]].split()[-3:] == target[p.b[0] : p.b[1]].split()[-3:]


def test_titles_and_dates_are_read_from_the_text(data):
    docs = {d["id"]: d for d in data["documents"]}
    assert docs[RT_FULL]["published"] == "2016-03-29"
    assert docs[TASS]["title"].startswith("French top diplomat")
    assert docs[MEMO]["title"] == "Russia, Syria fail to dislodge Daesh from Palmyra"


def link_figures(link, names=None):
    """What a text link says (ends, direction, relation, confidence, passages with their exact shares, evidence),
    with document ids mapped by `names` so that a renamed document reads as its first name."""
    def name(doc_id):
        return (names or {}).get(doc_id, doc_id)
    return (name(link.source), name(link.target), link.directed, link.direction, link.relation, link.confidence,
            [(p.a, p.b, p.exact) for p in link.passages], sorted((e.kind, name(e.favors), e.weight) for e in link.evidence))


@pytest.fixture(scope="module")
def seed_documents():
    return {d.id: d for d in tracer.read_documents([str(SEEDS)]).documents}


@pytest.mark.parametrize("renamed, new_id", [(RT_TRIMMED, "zzz.txt"), (RT_FULL, "0.txt"), (None, None)])
def test_the_rt_pair_compares_the_same_whatever_the_documents_are_called(seed_documents, renamed, new_id):
    """The pair is ordered by id before it is aligned: renaming one document (or passing them the other way
    round) changes which is `a`, and nothing else, the passages' exact shares included. ("zzz.txt" sorts after
    001, "0.txt" before 000: either way the other document is `a` now.)"""
    trimmed, full = seed_documents[RT_TRIMMED], seed_documents[RT_FULL]
    expected = tracer.compare(trimmed, full)
    docs = [replace(d, id=new_id) if d.id == renamed else d for d in (full, trimmed)]
    got = tracer.compare(*docs)
    names = {new_id: renamed} if renamed else {}
    assert link_figures(got.link, names) == link_figures(expected.link)
    assert sorted(p.exact for p in got.match.passages) == sorted(p.exact for p in expected.match.passages)


def test_the_exact_share_of_the_rt_passage_is_read_on_the_side_where_it_is_lower(seed_documents):
    """The passage is about 91% word for word in the trimmed copy, 80% in the fuller one, whose passage holds more
    words that are not in the other: the share shown is the lower."""
    (p,) = tracer.compare(seed_documents[RT_TRIMMED], seed_documents[RT_FULL]).match.passages
    assert 0.75 < p.exact < 0.85


def test_a_renamed_seed_traces_to_the_same_link(lineage, seed_documents):
    renamed = [replace(d, id="zzz.txt") if d.id == RT_TRIMMED else d for d in seed_documents.values()]
    (link,) = [l for l in tracer.trace(renamed).links if l.kind == "text"]
    (expected,) = [l for l in lineage.links if l.kind == "text"]
    assert link_figures(link, {"zzz.txt": RT_TRIMMED}) == link_figures(expected)
