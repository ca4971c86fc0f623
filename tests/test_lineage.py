"""The lineage graph: external sources from credits, parents rather than roots, clusters."""

from __future__ import annotations

import pytest

from tracer import Document, trace
from tracer.lineage import EXTERNAL_PREFIX, build_graph, clusters, credit_links, mark_indirect
from tracer.model import Credit, ExternalSource, Link


def doc(doc_id, outlet=None):
    return Document(doc_id, "text", outlet=outlet)


def credit(outlet, kind="reports"):
    return Credit(outlet, kind, f"{outlet} reports:", (0, len(outlet) + 9))


def link(source, target, directed=True, confidence=0.6, kind="text"):
    return Link(source=source, target=target, kind=kind, directed=directed,
                direction="derived" if directed else "undetermined", relation="verbatim", confidence=confidence,
                jaccard=1.0, containment={source: 1.0, target: 1.0}, passages=(), evidence=())


def test_an_outlet_credited_but_not_in_the_collection_becomes_an_external_source():
    docs = (doc("a.txt"), doc("b.txt"), doc("c.txt"))
    credits = {"a.txt": (credit("RT"),), "b.txt": (credit("RT", "original-source"),), "c.txt": ()}
    links, sources = credit_links(docs, credits)
    assert sources == [ExternalSource(EXTERNAL_PREFIX + "RT", "RT", ("a.txt", "b.txt"))]
    assert [(l.source, l.target, l.kind, l.directed, l.direction) for l in links] == [
        ("external:RT", "a.txt", "credit", True, "credited"),
        ("external:RT", "b.txt", "credit", True, "credited"),
    ]
    assert all(0 < l.confidence <= 1 and l.evidence for l in links)


def test_a_credited_outlet_in_the_collection_is_linked_to_its_document_not_made_external():
    docs = (doc("rt.txt", outlet="RT"), doc("copy.txt"))
    links, sources = credit_links(docs, {"rt.txt": (), "copy.txt": (credit("RT"),)})
    assert sources == []
    assert [(l.source, l.target) for l in links] == [("rt.txt", "copy.txt")]


def test_a_document_naming_its_own_outlet_does_not_credit_itself():
    docs = (doc("tass.txt", outlet="TASS"),)
    assert credit_links(docs, {"tass.txt": (credit("TASS", "dateline"),)}) == ([], [])


def test_several_credits_of_one_outlet_by_one_document_make_one_link():
    docs = (doc("a.txt"),)
    links, sources = credit_links(docs, {"a.txt": (credit("AP"), credit("AP", "based-on"))})
    assert len(links) == 1 and len(links[0].evidence) == 2
    assert sources[0].credited_by == ("a.txt",)


def test_a_link_implied_by_a_chain_is_indirect():
    links = [link("a", "b"), link("b", "c"), link("a", "c"), link("c", "d", directed=False)]
    marked = {(l.source, l.target): l.indirect for l in mark_indirect(links)}
    assert marked == {("a", "b"): False, ("b", "c"): False, ("a", "c"): True, ("c", "d"): False}


def test_a_cycle_of_directed_links_keeps_every_link_and_its_strongest_links_direct():
    links = [link("a", "b", confidence=0.9), link("b", "c", confidence=0.8), link("c", "a", confidence=0.5)]
    marked = mark_indirect(links)
    assert [(l.source, l.target) for l in marked] == [("a", "b"), ("b", "c"), ("c", "a")]
    assert not marked[0].indirect and not marked[1].indirect


def test_the_link_that_breaks_a_cycle_is_not_called_implied_but_undetermined():
    links = [link("a", "b", confidence=0.9), link("b", "c", confidence=0.8), link("c", "a", confidence=0.5)]
    weakest = mark_indirect(links)[2]
    assert not weakest.indirect
    assert (weakest.directed, weakest.direction, weakest.confidence) == (False, "undetermined", 0.0)
    assert weakest.evidence[-1].kind == "cycle"


def test_clusters_group_documents_joined_by_text_largest_first_ignoring_credits():
    docs = [doc(x) for x in ("a", "b", "c", "d", "e", "f")]
    links = [link("e", "f"), link("a", "b"), link("b", "c"), link("external:RT", "d", kind="credit")]
    assert clusters(docs, [l for l in links if l.kind == "text"]) == [["a", "b", "c"], ["e", "f"]]
    assert clusters(docs, links) == [["a", "b", "c"], ["e", "f"]]


def test_graph_has_a_node_per_document_and_external_source_and_an_edge_per_link():
    docs = [doc("a"), doc("b"), doc("c")]
    external = [ExternalSource("external:RT", "RT", ("a",))]
    links = [link("a", "b"), link("external:RT", "a", kind="credit")]
    graph = build_graph(docs, links, external)
    assert dict(graph.nodes(data="kind")) == {"a": "document", "b": "document", "c": "document",
                                              "external:RT": "external"}
    assert graph.edges["a", "b"]["link"] is links[0]
    assert graph.number_of_edges() == 2


def test_trace_hangs_each_copy_under_its_parent_not_the_root(story, harbour, flood):
    """a → b → c, each a later copy trimmed from the one before: a → c is implied, so indirect."""
    lead, tail = " ".join(harbour.splitlines()[:3]), " ".join(flood.splitlines()[:3])
    a = Document("a.txt", lead + "\n\n" + story + "\n" + tail + "\n", published="2016-03-01")
    b = Document("b.txt", story + "\n" + tail + "\n", published="2016-03-02")
    c = Document("c.txt", story, published="2016-03-03")
    lineage = trace([c, a, b])
    found = {(l.source, l.target): (l.direction, l.indirect) for l in lineage.links}
    assert found == {
        ("a.txt", "b.txt"): ("derived", False),
        ("b.txt", "c.txt"): ("derived", False),
        ("a.txt", "c.txt"): ("derived", True),
    }
    assert [d.id for d in lineage.documents] == ["a.txt", "b.txt", "c.txt"]


def test_trace_makes_external_sources_from_credits(story, harbour):
    a = Document("a.txt", "RT reports: " + story)
    b = Document("b.txt", harbour + "\nThe original source of this article is RT\n")
    lineage = trace([a, b])
    assert [(s.id, s.credited_by) for s in lineage.external_sources] == [("external:RT", ("a.txt", "b.txt"))]
    assert [(l.source, l.target, l.kind) for l in lineage.links] == [
        ("external:RT", "a.txt", "credit"), ("external:RT", "b.txt", "credit"),
    ]
