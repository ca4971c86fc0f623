"""The unshared regions of each text link of a trace, for the report: what the copy trimmed and what it added.

A Lineage keeps each link's passages but not the regions around them, so they are measured again here, as
`match.match_pair` measures them: the same words, site-furniture lines and collection boilerplate.
"""

from __future__ import annotations

import logging

from .align import boilerplate
from .model import Lineage, Span
from .pipeline import boilerplate_shingles, featurize_all
from .regions import unshared_regions
from .report_data import RegionPair, settings_of

log = logging.getLogger(__name__)


def lineage_regions(lineage: Lineage) -> dict[int, RegionPair]:
    """`{n: (source regions, target regions)}` for each text link `lineage.links[n]`."""
    text_links = [(n, link) for n, link in enumerate(lineage.links) if link.kind == "text"]
    if not text_links:
        return {}
    settings = settings_of(lineage)
    documents = lineage.documents
    features = featurize_all(documents, settings)
    ignore = boilerplate_shingles(features, settings, [d.outlet for d in documents])
    at = {d.id: i for i, d in enumerate(documents)}

    def regions(doc_id: str, spans: list[Span]):
        i = at[doc_id]
        f = features[i]
        return unshared_regions(documents[i].text, f.tokens, spans, f.furniture,
                                boilerplate(f, ignore, settings.shingle_size))

    log.info("report: regions of %d text links", len(text_links))
    return {n: (regions(link.source, [p.a for p in link.passages]), regions(link.target, [p.b for p in link.passages]))
            for n, link in text_links}
