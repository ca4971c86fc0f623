"""Draw the lineage: DOT text (always), and SVG/PNG through Graphviz's `dot` when it is installed."""

from __future__ import annotations

import textwrap

from .model import Document, ExternalSource, Lineage, Link

INSTALL_HINT = "Graphviz's `dot` program is not installed: wrote DOT and JSON only. " \
               "Install it (Debian/Ubuntu: sudo apt-get install graphviz) to get SVG and PNG."
TITLE_WIDTH = 32
LAYERED_MAX_LINKS = 1000
"""Up to this many links the diagram is laid out in ranks from source to copy by Graphviz's `dot`; beyond, `dot`
takes minutes and then hours (samples of the PAN 2013 documents on the 2-core machine: 736 links 2.4 s, 1,364
links 16 s, 1,803 links 92 s, 2,921 links over 5 minutes), so `sfdp` lays it out, force-directed (3.5 s for
2,921 links, 14 s for 19,228)."""
FORCE_DIRECTED_SIZE = "40,40"
"""Inches a force-directed diagram is scaled down to fit: thousands of documents would draw a PNG of 32,000
pixels a side (90 MB for the PAN 2013 corpus); the SVG stays zoomable."""


class DotMissing(Exception):
    """`dot` is not on PATH."""


class DrawingFailed(Exception):
    """Graphviz could not draw the diagram."""


def layout_engine(lineage: Lineage, requested: str = "auto") -> str:
    """The Graphviz layout for the diagram: `requested`, or for "auto" `dot` up to LAYERED_MAX_LINKS links and
    `sfdp` beyond.

    >>> layout_engine(Lineage((), {}, (), (), {})), layout_engine(Lineage((), {}, (), (), {}), "sfdp")
    ('dot', 'sfdp')
    """
    if requested != "auto":
        return requested
    return "dot" if len(lineage.links) <= LAYERED_MAX_LINKS else "sfdp"


def to_dot(lineage: Lineage, engine: str = "dot") -> str:
    """The lineage as DOT source: documents as boxes, external sources as grey ellipses.

    Directed links point from source to copy; siblings and undetermined links have no arrowhead.
    Documents that share no text with any other are drawn apart, in a "no reuse found" group. For a layout
    other than `dot` (see `layout_engine`), the source says which, that boxes may not overlap, and the size
    the drawing is scaled down to.
    """
    import graphviz

    graph = {"rankdir": "TB", "fontname": "Helvetica", "nodesep": "0.4", "label": _graph_label(lineage),
             "labelloc": "t"}
    if engine != "dot":
        graph.update(overlap="prism", size=FORCE_DIRECTED_SIZE)
    note = None if engine == "dot" else f"drawn with {engine}: {engine} -Tsvg lineage.dot -o lineage.svg"
    dot = graphviz.Digraph("lineage", graph_attr=graph, comment=note,
                           node_attr={"fontname": "Helvetica", "fontsize": "11"},
                           edge_attr={"fontname": "Helvetica", "fontsize": "10"})
    names = node_names(lineage)
    linked = {x for l in lineage.links if l.kind == "text" for x in (l.source, l.target)}
    for doc in lineage.documents:
        if doc.id in linked:
            dot.node(names[doc.id], label=document_label(doc), tooltip=_escape(doc.id), shape="box",
                     style="rounded,filled", fillcolor="#eef3fb", id=node_id(names[doc.id]))
    unlinked = [doc for doc in lineage.documents if doc.id not in linked]
    if engine == "dot":
        with dot.subgraph(name="cluster_unlinked") as apart:
            apart.attr(label="no reuse found", style="dashed", color="#999999", fontcolor="#666666")
            _unlinked_nodes(apart, unlinked, names)
    else:  # sfdp ignores clusters: drawn from its positions, the group's box would frame the whole diagram
        _unlinked_nodes(dot, unlinked, names)
    for src in lineage.external_sources:
        dot.node(names[src.id], label=_escape(f"{src.name}\n(credited, not in collection)"), shape="ellipse",
                 style="filled,dashed", fillcolor="#f2f2f2", color="#777777", id=node_id(names[src.id]))
    for n, link in enumerate(lineage.links):
        dot.edge(names[link.source], names[link.target], id=edge_id(n), **edge_attributes(link))
    return dot.source


def _unlinked_nodes(graph, documents: list[Document], names: dict[str, str]) -> None:
    """The boxes of documents that share no text with any other (grey outline, no fill)."""
    for doc in documents:
        graph.node(names[doc.id], label=document_label(doc), tooltip=_escape(doc.id), shape="box", style="rounded",
                   color="#888888", id=node_id(names[doc.id]))


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


def render_images(dot_source: str, formats: tuple[str, ...] = ("svg", "png"), engine: str = "dot"
                  ) -> dict[str, bytes]:
    """Each format's bytes, laid out by Graphviz's `engine`; raises DotMissing when Graphviz is not installed
    and DrawingFailed when it fails. An `sfdp` layout is made once and drawn in each format from its positions
    (`neato -n2`), as a large one takes seconds."""
    import graphviz

    try:
        if engine == "dot":
            source = graphviz.Source(dot_source, engine=engine)
            return {fmt: source.pipe(format=fmt, quiet=True) for fmt in formats}
        laid = graphviz.Source(dot_source, engine=engine).pipe(format="dot", encoding="utf-8", quiet=True)
        placed = graphviz.Source(laid, engine="neato")
        return {fmt: placed.pipe(format=fmt, neato_no_op=2, quiet=True) for fmt in formats}
    except graphviz.ExecutableNotFound as err:
        raise DotMissing(INSTALL_HINT) from err
    except graphviz.CalledProcessError as err:
        raise DrawingFailed(f"Graphviz ({engine}) could not draw the diagram{_failure(err)}") from err


def _failure(err) -> str:
    """What Graphviz said when it failed: its first error line, else its last line, else how it ended."""
    lines = (err.stderr or b"").decode("utf-8", "replace").strip().splitlines()
    said = [line for line in lines if line.lower().startswith("error")] or lines[-1:]
    if said:
        return f": {said[0]}"
    return f" (killed by signal {-err.returncode})" if err.returncode < 0 else f" (exit status {err.returncode})"


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
