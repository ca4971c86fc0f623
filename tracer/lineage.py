"""The lineage graph (networkx): documents, external sources, links; each document under its parent."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from .credits import credit_weight
from .model import Credit, Document, Evidence, ExternalSource, Link

if TYPE_CHECKING:  # networkx is imported where a graph is built: `check --json` needs none and starts faster
    import networkx as nx

EXTERNAL_PREFIX = "external:"


def credit_links(documents: tuple[Document, ...], credits: dict[str, tuple[Credit, ...]]) -> tuple[
        list[Link], list[ExternalSource]]:
    """A link from each credited outlet that is not in the collection to each document crediting it."""
    by_outlet: dict[str, list[str]] = {}
    for doc in documents:
        own = doc.outlet
        for c in credits.get(doc.id, ()):
            if c.outlet != own and doc.id not in by_outlet.setdefault(c.outlet, []):
                by_outlet[c.outlet].append(doc.id)
    in_collection = {d.outlet: d.id for d in documents if d.outlet}
    links, sources = [], []
    for outlet in sorted(by_outlet):
        source_id = in_collection.get(outlet) or EXTERNAL_PREFIX + outlet
        if source_id.startswith(EXTERNAL_PREFIX):
            sources.append(ExternalSource(source_id, outlet, tuple(by_outlet[outlet])))
        for doc_id in by_outlet[outlet]:
            if doc_id != source_id:
                links.append(_credit_link(source_id, doc_id, outlet, credits[doc_id]))
    return links, sources


def build_graph(documents, links: list[Link], external: list[ExternalSource]) -> nx.DiGraph:
    """A DiGraph with a node per document and external source, an edge per link (attribute `link`)."""
    import networkx as nx

    graph = nx.DiGraph()
    for doc in documents:
        graph.add_node(doc.id, kind="document")
    for src in external:
        graph.add_node(src.id, kind="external")
    for link in links:
        graph.add_edge(link.source, link.target, link=link)
    return graph


def mark_indirect(links: list[Link]) -> list[Link]:
    """Flag directed links implied by a longer chain (A→B→C makes A→C indirect): parent, not root.

    A cycle of directed links is contradictory evidence: its least confident link is made
    undetermined first, with a note saying so.
    """
    import networkx as nx

    directed = nx.DiGraph()
    for link in links:
        if link.directed:
            directed.add_edge(link.source, link.target, confidence=link.confidence)
    broken = _break_cycles(directed)
    reduced = nx.transitive_reduction(directed)
    out = []
    for link in links:
        if (link.source, link.target) in broken:
            link = _undetermined_by_cycle(link)
        elif link.directed and not reduced.has_edge(link.source, link.target):
            link = replace(link, indirect=True)
        out.append(link)
    return out


def _break_cycles(directed: nx.DiGraph) -> set[tuple[str, str]]:
    import networkx as nx

    broken = set()
    while True:
        try:
            cycle = nx.find_cycle(directed)
        except nx.NetworkXNoCycle:
            return broken
        weakest = min(cycle, key=lambda e: (directed.edges[e[0], e[1]]["confidence"], e))
        directed.remove_edge(weakest[0], weakest[1])
        broken.add((weakest[0], weakest[1]))


def _undetermined_by_cycle(link: Link) -> Link:
    note = Evidence("cycle", "none", 0.0, f"{link.source} -> {link.target} would close a cycle of directed links "
                                           "whose other links are more confident: direction undetermined")
    return replace(link, directed=False, direction="undetermined", confidence=0.0, evidence=link.evidence + (note,))


def clusters(documents, links: list[Link]) -> list[list[str]]:
    """Groups of documents joined by shared text (external sources left out), largest first."""
    import networkx as nx

    graph = nx.Graph()
    graph.add_nodes_from(d.id for d in documents)
    graph.add_edges_from((l.source, l.target) for l in links if l.kind == "text")
    groups = [sorted(c) for c in nx.connected_components(graph) if len(c) > 1]
    return sorted(groups, key=lambda g: (-len(g), g))


def _credit_link(source_id: str, doc_id: str, outlet: str, doc_credits: tuple[Credit, ...]) -> Link:
    mine = [c for c in doc_credits if c.outlet == outlet]
    evidence = tuple(Evidence("credit", source_id, credit_weight(c.kind), f"{doc_id} credits {outlet}: '{c.quote}'",
                              c.quote) for c in mine)
    confidence = max(credit_weight(c.kind) for c in mine)
    return Link(source=source_id, target=doc_id, kind="credit", directed=True, direction="credited",
                relation="credited", confidence=confidence, jaccard=None, containment={}, passages=(),
                evidence=evidence)
