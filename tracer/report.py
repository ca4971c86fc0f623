r"""The HTML report: one self-contained page a fact-checker can open offline, read, attach and trust.

The page holds the lineage diagram (inline SVG from Graphviz), a details view that builds a link's side-by-side
texts only when the link is opened, and tables of links, documents, external sources and settings. Nothing
leaves the page: the CSS and JS are inlined, and a Content-Security-Policy allows only those two (by hash), no
network at all. Article text and metadata reach the page only as JSON inside a non-executed script element
(with <, >, & and the JavaScript line separators escaped) and become DOM text nodes, never markup.

>>> from tracer.model import Document
>>> from tracer.pipeline import compare
>>> out = comparison_report(compare(Document("a", "<script>alert(1)</script>"), Document("b", "x")))
>>> "<script>alert(1)" in out, "\\u003cscript\\u003ealert(1)" in out
(False, True)
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import re
from importlib import resources

from .model import Lineage
from .own import GENERATOR
from .pipeline import Comparison
from .report_data import lineage_payload, pair_payload
from .report_regions import lineage_regions
from .settings import Settings

NO_DOT = ("Graphviz's dot program is not installed, so this report has no diagram; everything below is complete. "
          "Install it (Debian/Ubuntu: sudo apt-get install graphviz) and run the trace again to get the diagram.")
_MARKER = re.compile(r"@@([A-Z]+)@@")
_JSON_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}


def lineage_report(lineage: Lineage, svg: str | bytes | None, missing: str | None = None) -> str:
    """The report of a trace. `svg` is the diagram Graphviz drew (render.render_images), None when there is none;
    `missing` then says why (NO_DOT by default)."""
    data = lineage_payload(lineage, lineage_regions(lineage))
    n = len(lineage.documents)
    title = f"tracer report: {n} document{'s' if n != 1 else ''}"
    return page(data, title, diagram_html(svg, missing or NO_DOT))


def drawing_failed(reason: str) -> str:
    """The report's note when Graphviz is installed but could not draw the diagram."""
    return (f"{reason}, so this report has no diagram; everything below is complete. lineage.dot, written beside "
            "this report, holds the diagram for Graphviz (e.g. sfdp -Tsvg lineage.dot -o lineage.svg).")


def comparison_report(comparison: Comparison, settings: Settings = Settings()) -> str:
    """The side-by-side view of one compared pair."""
    title = f"tracer compare: {comparison.a.id} and {comparison.b.id}"
    return page(pair_payload(comparison, settings), title, "")


def page(data: dict, title: str, diagram: str) -> str:
    """The whole page: the template with its CSS, JS, data and diagram filled in (one pass, so nothing that is
    filled in is read for markers again)."""
    css, js = _asset("report.css"), _asset("report.js")
    parts = {"TITLE": html.escape(title), "CSP": html.escape(content_security_policy(js, css)), "CSS": css,
             "JS": js, "DATA": script_json(data), "DIAGRAM": diagram, "GENERATOR": html.escape(GENERATOR)}
    return _MARKER.sub(lambda m: parts[m.group(1)], _asset("report.html"))


def diagram_html(svg: str | bytes | None, missing: str = NO_DOT) -> str:
    """The diagram's SVG element, ready to sit in HTML (its XML prolog and comments dropped), or the note
    `missing` saying why there is none."""
    if svg is None:
        return f'<p class="missing">{html.escape(missing)}</p>'
    text = svg.decode("utf-8") if isinstance(svg, bytes) else svg
    return text[text.index("<svg"):]


def script_json(data: dict) -> str:
    r"""JSON that cannot end its <script> element or start markup: <, >, & and U+2028/9 are \u escapes.

    >>> script_json({"t": "</script><!--&" + chr(0x2028)})
    '{"t":"\\u003c/script\\u003e\\u003c!--\\u0026\\u2028"}'
    """
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return re.sub("[<>&\u2028\u2029]", lambda m: _JSON_ESCAPES[m.group()], text)


def content_security_policy(js: str, css: str) -> str:
    """Nothing may load, connect or run but the page's own script and style, identified by their hashes."""
    return (f"default-src 'none'; script-src '{_sha256(js)}'; style-src '{_sha256(css)}'; img-src data:; "
            "base-uri 'none'; form-action 'none'")


def _sha256(text: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")


def _asset(name: str) -> str:
    return resources.files("tracer").joinpath("report_assets", name).read_text(encoding="utf-8")
