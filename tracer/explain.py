"""Words for people: the trace summary and the explanation of one pair."""

from __future__ import annotations

from .model import Lineage, Link, Region
from .pipeline import Comparison
from . import __version__
from .serialize import JSON_VERSION, credit_to_dict, link_to_dict
from .settings import Settings

QUOTE_CHARS = 160
ALONE_NAMED = 20
"""The unlinked documents the summary names; beyond, it counts them."""


def summary_lines(lineage: Lineage) -> list[str]:
    """One line per link (copy <- source, relation, shared %, confidence), then the unlinked documents."""
    names = {s.id: s.name for s in lineage.external_sources}
    lines = [link_line(l, names) for l in lineage.links if l.kind == "text"]
    lines += [link_line(l, names) for l in lineage.links if l.kind == "credit"]
    linked = {x for l in lineage.links if l.kind == "text" for x in (l.source, l.target)}
    alone = [d.id for d in lineage.documents if d.id not in linked]
    if alone:
        lines.append(_alone_line(alone))
    return lines or ["no documents"]


def _alone_line(alone: list[str]) -> str:
    """The documents that share no text, named up to ALONE_NAMED of them (lineage.json holds them all).

    >>> _alone_line(["a.txt", "b.txt"])
    'no reuse found: a.txt, b.txt'
    >>> _alone_line([f"{i}.txt" for i in range(1234)])[-55:]
    '18.txt, 19.txt, and 1,214 more (1,234 documents in all)'
    """
    if len(alone) <= ALONE_NAMED:
        return "no reuse found: " + ", ".join(alone)
    return (f"no reuse found: {', '.join(alone[:ALONE_NAMED])}, and {len(alone) - ALONE_NAMED:,} more "
            f"({len(alone):,} documents in all)")


def link_line(link: Link, names: dict[str, str] | None = None) -> str:
    names = names or {}
    source = names.get(link.source, link.source)
    if link.kind == "credit":
        return f"{link.target} <- {source}  credited: '{link.evidence[0].quote}'"
    shared = f"{round(100 * link.shared())}% shared"
    if link.direction == "derived":
        return f"{link.target} <- {source}  {link.relation}, {shared}, confidence {link.confidence:.2f}"
    if link.direction == "siblings":
        return (f"{link.target} -- {source}  {link.relation}, {shared}, siblings: both from {link.common_source} "
                f"(confidence {link.confidence:.2f})")
    return f"{link.target} -- {source}  {link.relation}, {shared}, direction undetermined"


def comparison_to_dict(c: Comparison, settings: Settings | None = None) -> dict:
    """What `tracer compare --json` prints: the pair's scores, what each side lacks, credits and link, with the
    tracer version and output format (and the settings, when given) under "tracer", as trace's JSON has them."""
    link = link_to_dict(c.link) if c.link else None
    match = c.match
    return {
        "tracer": {"version": __version__, "format": JSON_VERSION, "settings": settings.as_dict() if settings else None},
        "documents": [c.a.id, c.b.id],
        "linked": link is not None,
        "jaccard": match.jaccard if match else 0.0,
        "containment": {match.a: match.containment_a, match.b: match.containment_b} if match else {},
        "unshared": {d: [_region_dict(c, d, r) for r in match.unshared(d)] for d in (match.a, match.b)} if match else {},
        "credits": {d: [credit_to_dict(x) for x in cs] for d, cs in c.credits.items()},
        "link": link,
    }


def comparison_text(c: Comparison) -> str:
    if not c.match or not c.link:
        return f"{c.a.id} and {c.b.id} share no passage of reused text.\n" + _credits_text(c)
    m, link = c.match, c.link
    out = [link_line(link), "",
           f"jaccard {m.jaccard:.2f}; share of {m.a} found in {m.b}: {m.containment_a:.0%}; "
           f"share of {m.b} found in {m.a}: {m.containment_b:.0%}", ""]
    docs = {c.a.id: c.a, c.b.id: c.b}
    for n, p in enumerate(link.passages, 1):
        out.append(f"passage {n}: {link.source} [{p.a[0]}:{p.a[1]}] ~ {link.target} [{p.b[0]}:{p.b[1]}], "
                   f"{p.exact:.0%} verbatim")
        out.append(f"  {link.source}: \"{_clip(docs[link.source].text[p.a[0]:p.a[1]])}\"")
        out.append(f"  {link.target}: \"{_clip(docs[link.target].text[p.b[0]:p.b[1]])}\"")
    for doc_id in (m.a, m.b):
        out.append("")
        out.append(f"only in {doc_id}:")
        for r in m.unshared(doc_id):
            kind = "wrapper" if r.wrapper else "article"
            out.append(f"  {r.location} ({kind}, {r.words} words): \"{_clip(docs[doc_id].text[r.span[0]:r.span[1]])}\"")
    out += ["", _credits_text(c), "evidence:"]
    out += [f"  [{e.kind}] favors {e.favors} (weight {e.weight}): {e.detail}" for e in link.evidence]
    return "\n".join(out)


def _credits_text(c: Comparison) -> str:
    lines = []
    for doc_id, credits in c.credits.items():
        names = ", ".join(f"{x.outlet} ('{x.quote}')" for x in credits) or "none"
        lines.append(f"credits in {doc_id}: {names}")
    return "\n".join(lines)


def _region_dict(c: Comparison, doc_id: str, r: Region) -> dict:
    text = (c.a if doc_id == c.a.id else c.b).text
    return {"span": list(r.span), "location": r.location, "words": r.words, "wrapper": r.wrapper,
            "text": _clip(text[r.span[0]:r.span[1]])}


def _clip(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= QUOTE_CHARS else text[: QUOTE_CHARS // 2 - 2] + " … " + text[-QUOTE_CHARS // 2 + 2:]
