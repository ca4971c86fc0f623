"""What the HTML report carries: each text once, passages and regions as character offsets, nodes by DOT name.

Documents and external sources are referred to by their diagram node names (d0, x0…), so a link costs a few
bytes beyond its passages and evidence, and the page finds a link's SVG element from its position (link_N).
"""

from __future__ import annotations

from dataclasses import fields

from . import __version__
from .model import Credit, Document, Evidence, Lineage, Link, Region, Regions
from .pipeline import Comparison
from .render import node_names
from .settings import Settings

RegionPair = tuple[Regions, Regions]
"""What a link's source has that its target lacks, and the reverse."""


def lineage_payload(lineage: Lineage, regions: dict[int, RegionPair]) -> dict:
    """The report data of a trace; `regions[n]` are the unshared regions of `lineage.links[n]`."""
    names = node_names(lineage)
    return {
        "mode": "lineage",
        "tracer": {"version": __version__, "settings": lineage.settings},
        "documents": [document_entry(d, lineage.credits.get(d.id, ()), names[d.id]) for d in lineage.documents],
        "sources": [{"node": names[s.id], "name": s.name, "credited_by": [names[x] for x in s.credited_by]}
                    for s in lineage.external_sources],
        "links": [link_entry(l, names, regions.get(n)) for n, l in enumerate(lineage.links)],
        "skipped": [{"path": s.path, "reason": s.reason} for s in lineage.skipped],
        "warnings": list(lineage.warnings),
    }


def pair_payload(c: Comparison, settings: Settings) -> dict:
    """The report data of one compared pair: its two documents and, when they share text, their link."""
    names = {c.a.id: "d0", c.b.id: "d1"}
    links = []
    if c.link and c.match:
        regions = (c.match.unshared(c.link.source), c.match.unshared(c.link.target))
        links.append(link_entry(c.link, names, regions))
    return {
        "mode": "pair",
        "tracer": {"version": __version__, "settings": settings.as_dict()},
        "documents": [document_entry(d, c.credits.get(d.id, ()), names[d.id]) for d in (c.a, c.b)],
        "sources": [], "links": links, "skipped": [], "warnings": [],
    }


def document_entry(doc: Document, credits: tuple[Credit, ...], node: str) -> dict:
    return {
        "node": node, "id": doc.id, "path": doc.path, "url": doc.url, "title": doc.title, "outlet": doc.outlet,
        "published": doc.published, "author": doc.author, "captured": doc.captured,
        "credits": [{"outlet": c.outlet, "kind": c.kind, "quote": c.quote, "span": list(c.span)} for c in credits],
        "text": doc.text,
    }


def link_entry(link: Link, names: dict[str, str], regions: RegionPair | None) -> dict:
    """One link; passages as [source start, source end, target start, target end, share word for word]."""
    return {
        "source": names[link.source], "target": names[link.target], "kind": link.kind,
        "directed": link.directed, "direction": link.direction, "relation": link.relation,
        "confidence": link.confidence, "common_source": link.common_source, "indirect": link.indirect,
        "jaccard": link.jaccard,
        "containment": [link.containment.get(link.source), link.containment.get(link.target)],
        "passages": [[*p.a, *p.b, p.exact] for p in link.passages],
        "regions": [[region_entry(r) for r in side] for side in regions] if regions else None,
        "evidence": [evidence_entry(e, names) for e in link.evidence],
    }


def region_entry(r: Region) -> list:
    """[start, end, location, words, wrapper] (plain Python numbers: regions are measured with numpy)"""
    return [int(r.span[0]), int(r.span[1]), r.location, int(r.words), bool(r.wrapper)]


def evidence_entry(e: Evidence, names: dict[str, str]) -> dict:
    """`favors` becomes a node name when it names a document or source; "siblings" and "none" stay."""
    return {"kind": e.kind, "favors": names.get(e.favors, e.favors), "weight": e.weight, "detail": e.detail,
            "quote": e.quote}


def settings_of(lineage: Lineage) -> Settings:
    """The Settings a lineage was traced with (keys this version does not know are left out)."""
    known = {f.name for f in fields(Settings)}
    return Settings(**{k: v for k, v in lineage.settings.items() if k in known})
