"""Draw the lineage: DOT text (always), and SVG/PNG through Graphviz's `dot` when it is installed."""

from __future__ import annotations

import textwrap

from .model import Document, ExternalSource, Lineage, Link

INSTALL_HINT = "Graphviz's `dot` program is not installed: wrote DOT and JSON only. " \
               "Install it (Debian/Ubuntu: sudo apt-get install graphviz) to get SVG and PNG."
TITLE_WIDTH = 32


class DotMissing(Exception):
    """`dot` is not on PATH."""


def to_dot(lineage: Lineage) -> str:
    """The lineage as DOT source: documents as boxes, external sources as grey ellipses.

    Directed links point from source to copy; siblings and undetermined links have no arrowhead.
    Documents that share no text with any other are drawn apart, in a "no reuse found" group.
    """
    import graphviz

    dot = graphviz.Digraph("lineage", graph_attr={"rankdir": "TB", "fontname": "Helvetica", "nodesep": "0.4",
                                                  "label": _graph_label(lineage), "labelloc": "t"},
                           node_attr={"fontname": "Helvetica", "fontsize": "11"},
                           edge_attr={"fontname": "Helvetica", "fontsize": "10"})
    names = node_names(lineage)
    linked = {x for l in lineage.links if l.kind == "text" for x in (l.source, l.target)}
    for doc in lineage.documents:
        if doc.id in linked:
            dot.node(names[doc.id], label=document_label(doc), tooltip=_escape(doc.id), shape="box",
                     style="rounded,filled", fillcolor="#eef3fb", id=node_id(names[doc.id]))
    with dot.subgraph(name="cluster_unlinked") as apart:
        apart.attr(label="no reuse found", style="dashed", color="#999999", fontcolor="#666666")
        for doc in lineage.documents:
            if doc.id not in linked:
                apart.node(names[doc.id], label=document_label(doc), tooltip=_escape(doc.id), shape="box",
                           style="rounded", color="#888888", id=node_id(names[doc.id]))
    for src in lineage.external_sources:
        dot.node(names[src.id], label=_escape(f"{src.name}\n(credited, not in collection)"), shape="ellipse",
                 style="filled,dashed", fillcolor="#f2f2f2", color="#777777", id=node_id(names[src.id]))
    for n, link in enumerate(lineage.links):
        dot.edge(names[link.source], names[link.target], id=edge_id(n), **edge_attributes(link))
    return dot.source


def node_id(name: str) -> str:
    """The `id` of a node's element in the SVG (the HTML report hooks clicks on it): node_d0, node_x0…"""
    return f"node_{name}"


def edge_id(n: int) -> str:
    """The `id` of the SVG element of `lineage.links[n]`."""
    return f"link_{n}"


def node_names(lineage: Lineage) -> dict[str, str]:
    """DOT node names: d0, d1… for documents and x0, x1… for external sources (ids may hold any character)."""
    names = {d.id: f"d{i}" for i, d in enumerate(lineage.documents)}
    names.update({s.id: f"x{i}" for i, s in enumerate(lineage.external_sources)})
    return names


def document_label(doc: Document) -> str:
    name = doc.outlet or doc.id
    lines = [name]
    if doc.title:
        lines += textwrap.wrap(doc.title, TITLE_WIDTH)[:3]
    if doc.published:
        lines.append(doc.published)
    return _escape("\n".join(lines))


def edge_attributes(link: Link) -> dict[str, str]:
    if link.kind == "credit":
        return {"label": "credited", "style": "dashed", "color": "#777777", "fontcolor": "#555555"}
    shared = f"{round(100 * link.shared())}%"
    label = f"{link.relation} {shared}"
    attrs = {"label": label, "penwidth": "2"}
    if link.direction == "siblings":
        attrs.update(dir="none", style="dashed", label=f"siblings via {link.common_source}\n{label}")
    elif not link.directed:
        attrs.update(dir="none", style="dotted", label=f"undetermined\n{label}")
    else:
        attrs["label"] = f"{label}\nconfidence {link.confidence:.2f}"
    if link.indirect:
        attrs.update(style="dotted", color="#aaaaaa", constraint="false")
    attrs["label"] = _escape(attrs["label"])  # the common source is an outlet name read from the text
    return attrs


def render_images(dot_source: str, formats: tuple[str, ...] = ("svg", "png")) -> dict[str, bytes]:
    """Each format's bytes from `dot`; raises DotMissing when Graphviz is not installed."""
    import graphviz

    source = graphviz.Source(dot_source)
    try:
        return {fmt: source.pipe(format=fmt) for fmt in formats}
    except graphviz.ExecutableNotFound as err:
        raise DotMissing(INSTALL_HINT) from err


def _graph_label(lineage: Lineage) -> str:
    n_text = sum(1 for l in lineage.links if l.kind == "text")
    counts = (_count(len(lineage.documents), "document"), _count(n_text, "text link"),
              _count(len(lineage.external_sources), "external source"))
    return _escape("tracer lineage: " + ", ".join(counts))


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def _escape(text: str) -> str:
    r"""Make user text safe inside a DOT string: backslashes literal, newlines centred line breaks, and never
    an HTML-like label (the graphviz package passes a string that starts with < and ends with > unquoted).
    The graphviz package escapes the quotes; `dot` escapes <, >, & and quotes in the SVG it writes.

    >>> print(_escape('<b>"x"</b> \\N' + chr(10) + 'next'))
    <b>"x"</b> \\N\nnext
    """
    from graphviz import nohtml

    return nohtml(text.replace("\\", "\\\\").replace("\n", "\\n"))
