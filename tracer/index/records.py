"""What the index keeps of a document: its text and metadata, a content digest, its features and window sketches."""

from __future__ import annotations

import hashlib
import json
import zlib
from dataclasses import dataclass, fields

import numpy as np

from ..banding import Banding
from ..model import Document
from ..settings import Settings
from ..shingle import featurize
from ..sketch import sketch_arrays
from .features import pack_features, unpack_features

_METADATA = tuple(f.name for f in fields(Document) if f.name not in ("id", "text"))


@dataclass(frozen=True, eq=False)
class Prepared:
    """A document ready to store: its digest, one MinHash signature per window, and their buckets."""

    doc: Document
    digest: str
    signatures: np.ndarray
    """(windows, num_perm) MinHash values, as datasketch computes them."""
    buckets: np.ndarray
    """(windows, bands) bucket digests (see Banding.buckets)."""
    shingles: np.ndarray
    """The distinct shingle hashes of the text, counted per document to find boilerplate as `trace` does."""
    features: bytes
    """The document's features, packed (see features.pack_features): a check aligns it without featurizing."""
    stems: np.ndarray
    """The distinct content-word stems, whose datasketch MinHash values the index keeps (see stems.py)."""


def prepare(doc: Document, settings: Settings, banding: Banding) -> Prepared:
    """Sketch a document with the pipeline's own featurize and sketch."""
    features = featurize(doc.text, settings.shingle_size)
    signatures = sketch_arrays(features, settings).values
    return Prepared(doc, content_digest(doc), signatures, banding.buckets(signatures), features.shingle_counts[0],
                    pack_features(features), np.unique(features.content))


def distinct_shingles(packed: bytes) -> np.ndarray:
    """The distinct shingle hashes of a stored document, from its packed features."""
    return np.unique(unpack_features(packed).shingles)


def content_digest(doc: Document) -> str:
    """SHA-256 of the text and the metadata (not the path): the same article read twice has the same digest.

    >>> content_digest(Document("a", "x", path="one")) == content_digest(Document("a", "x", path="two"))
    True
    >>> content_digest(Document("a", "x")) == content_digest(Document("a", "y"))
    False
    """
    meta = {k: v for k, v in metadata(doc).items() if k != "path"}
    payload = json.dumps([doc.text, meta], sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def metadata(doc: Document) -> dict:
    return {name: getattr(doc, name) for name in _METADATA if getattr(doc, name) is not None}


def document(doc_id: str, text: str, meta: dict) -> Document:
    """Rebuild a Document from stored parts (fields this version does not know are dropped)."""
    return Document(id=doc_id, text=text, **{k: v for k, v in meta.items() if k in _METADATA})


def pack_text(text: str) -> bytes:
    return zlib.compress(text.encode("utf-8"), 6)


def unpack_text(blob: bytes) -> str:
    return zlib.decompress(blob).decode("utf-8")


def one_per_id(batch: list[Prepared]) -> None:
    """Raise ValueError when a batch holds an id twice: a store writes each id of a batch once (two versions of
    one id would race with themselves, and the second would delete the first's rows while its windows are queued)."""
    if len({p.doc.id for p in batch}) < len(batch):
        raise ValueError("a batch holds each id once")
