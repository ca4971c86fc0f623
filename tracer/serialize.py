"""The JSON contract: one stable, deterministic shape for trace, compare and scripts."""

from __future__ import annotations

import json
from dataclasses import asdict

from . import __version__
from .lineage import clusters
from .model import Credit, Document, Evidence, Lineage, Link, Passage

JSON_VERSION = 1


def lineage_to_dict(lineage: Lineage) -> dict:
    """Plain data for a Lineage, in a fixed order (same input, byte-identical output)."""
    text_links = [l for l in lineage.links if l.kind == "text"]
    return {
        "tracer": {"version": __version__, "format": JSON_VERSION, "settings": lineage.settings},
        "documents": [document_to_dict(d, lineage.credits.get(d.id, ())) for d in lineage.documents],
        "links": [link_to_dict(l) for l in lineage.links],
        "external_sources": [asdict(s) | {"credited_by": list(s.credited_by)} for s in lineage.external_sources],
        "clusters": clusters(lineage.documents, text_links),
        "skipped": [{"path": s.path, "reason": s.reason} for s in lineage.skipped],
        "warnings": list(lineage.warnings),
    }


def document_to_dict(doc: Document, credits: tuple[Credit, ...]) -> dict:
    return {
        "id": doc.id, "path": doc.path, "url": doc.url, "title": doc.title, "outlet": doc.outlet,
        "published": doc.published, "author": doc.author, "captured": doc.captured, "characters": len(doc.text),
        "credits": [credit_to_dict(c) for c in credits],
    }


def credit_to_dict(c: Credit) -> dict:
    return {"outlet": c.outlet, "kind": c.kind, "quote": c.quote, "span": list(c.span)}


def link_to_dict(link: Link) -> dict:
    return {
        "source": link.source, "target": link.target, "kind": link.kind, "directed": link.directed,
        "direction": link.direction, "relation": link.relation, "confidence": link.confidence,
        "common_source": link.common_source, "indirect": link.indirect, "jaccard": link.jaccard,
        "containment": dict(link.containment),
        "passages": [passage_to_dict(p) for p in link.passages],
        "evidence": [evidence_to_dict(e) for e in link.evidence],
    }


def passage_to_dict(p: Passage) -> dict:
    return {"source": list(p.a), "target": list(p.b), "exact": p.exact}


def evidence_to_dict(e: Evidence) -> dict:
    return {"kind": e.kind, "favors": e.favors, "weight": e.weight, "detail": e.detail, "quote": e.quote}


def dumps(data: dict) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
