"""A check's result for scripts (JSON shaped like trace's links) and for people (passages quoted)."""

from __future__ import annotations

from .. import __version__
from ..explain import link_line
from ..serialize import JSON_VERSION, credit_to_dict, document_to_dict, link_to_dict
from .check import CheckMatch, CheckResult

QUOTE_CHARS = 160


def check_to_dict(result: CheckResult) -> dict:
    """`matches` best first; each is the matched document's `id` and `path` plus its link, as `trace` writes links."""
    return {
        "tracer": {"version": __version__, "format": JSON_VERSION, "settings": result.settings},
        "query": document_to_dict(result.query, result.credits.get(result.query.id, ())),
        "indexed": result.indexed,
        "aligned": result.aligned,
        "unaligned": result.unaligned,
        "unexamined": result.unexamined,
        "matches": [match_to_dict(m, result) for m in result.matches],
    }


def match_to_dict(m: CheckMatch, result: CheckResult) -> dict:
    doc = m.document
    return {"id": doc.id, "path": doc.path, "url": doc.url, "title": doc.title, "outlet": doc.outlet,
            "published": doc.published, **link_to_dict(m.link),
            "credits": [credit_to_dict(c) for c in result.credits.get(doc.id, ())]}


def check_text(result: CheckResult) -> str:
    """Each match: the relation and direction, containment both ways, the passages quoted with their
    offsets, the credits and the evidence."""
    if not result.matches:
        return f"no reuse found among {result.indexed} indexed documents\n"
    out = []
    for n, m in enumerate(result.matches, 1):
        out += [f"{n}. " + link_line(m.link)] + _details(m, result) + [""]
    out.append(f"{len(result.matches)} of {result.indexed} indexed documents share text with the article")
    return "\n".join(out) + "\n"


def _details(m: CheckMatch, result: CheckResult) -> list[str]:
    link, q, d = m.link, result.query, m.document
    texts = {q.id: q.text, d.id: d.text}
    lines = [f"   {d.path or d.id}" + (f" ({d.url})" if d.url else ""),
             f"   share of the article found in {d.id}: {link.containment[q.id]:.0%}; "
             f"share of {d.id} found in the article: {link.containment[d.id]:.0%}; jaccard {link.jaccard:.2f}"]
    for k, p in enumerate(link.passages, 1):
        lines.append(f"   passage {k}: {link.source} [{p.a[0]}:{p.a[1]}] ~ {link.target} [{p.b[0]}:{p.b[1]}], "
                     f"{p.exact:.0%} verbatim")
        lines.append(f"     {link.source}: \"{_clip(texts[link.source][p.a[0]:p.a[1]])}\"")
        lines.append(f"     {link.target}: \"{_clip(texts[link.target][p.b[0]:p.b[1]])}\"")
    for doc_id in (q.id, d.id):
        credits = result.credits.get(doc_id, ())
        if credits:
            lines.append(f"   credits in {doc_id}: " + ", ".join(f"{c.outlet} ('{c.quote}')" for c in credits))
    lines += [f"   [{e.kind}] favors {e.favors} (weight {e.weight}): {e.detail}" for e in link.evidence]
    return lines


def _clip(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= QUOTE_CHARS else text[: QUOTE_CHARS // 2 - 2] + " … " + text[-QUOTE_CHARS // 2 + 2:]
