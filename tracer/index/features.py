"""A document's features as the index keeps them, so a check aligns its candidates without featurizing them.

The blob holds exactly what `featurize` computed (word offsets, sentence and line numbers, shingle hashes,
content words, furniture lines): position arrays as zlib-compressed deltas, hashes raw. `features_code` is
a digest of the code that computes features and sketches; an index records it, and an index built by code
that featurizes differently is refused (its stored features, shingle counts and windows would not be the
ones `trace` computes).
"""

from __future__ import annotations

import hashlib
import unicodedata
import zlib
from functools import lru_cache
from importlib.util import find_spec
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import numpy as np

from ..normalize import Tokens
from ..shingle import Features

_HEAD = np.dtype("<u4")
_FIELDS = 6
"""Header: words, shingles, content words, furniture lines, bytes per content hash, compressed length."""
_MODULES = ("furniture", "normalize", "shingle", "sketch", "stopwords")
"""The modules whose code decides a document's features and window sketches."""
BLOB_VERSION = 1


def pack_features(f: Features) -> bytes:
    """The features of one document as bytes (see `unpack_features`).

    >>> from tracer.shingle import featurize
    >>> f = featurize("The retaking of Palmyra from ISIS militants.\\nCopyright 2016", 3)
    >>> g = unpack_features(pack_features(f))
    >>> g.shingles.tolist() == f.shingles.tolist() and g.tokens.line.tolist() == f.tokens.line.tolist()
    True
    """
    t = f.tokens
    small = np.concatenate([_deltas(t.starts), t.ends - t.starts, _deltas(t.sentence), _deltas(t.line),
                            _deltas(f.content_pos), np.asarray(f.furniture, dtype=np.int64)]).astype("<i8")
    packed = zlib.compress(small.tobytes(), 6)
    wide = len(f.content) and int(f.content.max()) >= 1 << 32
    content = f.content.astype("<u8" if wide else "<u4")
    head = np.array([len(t), len(f.shingles), len(f.content), len(f.furniture), content.itemsize, len(packed)],
                    dtype=_HEAD)
    return head.tobytes() + packed + f.shingles.astype("<u8").tobytes() + content.tobytes()


def unpack_features(blob: bytes) -> Features:
    """The Features `pack_features` packed, with the dtypes `featurize` gives."""
    at = _HEAD.itemsize * _FIELDS
    words, shingles, content, furniture, width, packed = np.frombuffer(blob[:at], dtype=_HEAD).tolist()
    small = np.frombuffer(zlib.decompress(blob[at : at + packed]), dtype="<i8").astype(np.int64)
    at += packed
    cuts = np.cumsum([words, words, words, words, content])
    starts, lengths, sentence, line, content_pos, furniture_lines = np.split(small, cuts)
    starts, sentence, line, content_pos = (np.cumsum(a) for a in (starts, sentence, line, content_pos))
    hashes = np.frombuffer(blob, dtype="<u8", count=shingles, offset=at).astype(np.uint64)
    at += 8 * shingles
    stems = np.frombuffer(blob, dtype="<u8" if width == 8 else "<u4", count=content, offset=at).astype(np.uint64)
    tokens = Tokens(starts, starts + lengths, sentence, line)
    return Features(tokens, hashes, content_pos, stems, furniture_lines.copy())


@lru_cache(maxsize=1)
def features_code() -> str:
    """A digest of the code behind features and sketches (its modules' source, the stemmer's version, the
    Unicode tables), so an index knows whether this tracer featurizes as the one that built it."""
    digest = hashlib.sha256(f"blob {BLOB_VERSION}".encode())
    for name in _MODULES:  # read, not imported: a check need not import datasketch for this
        digest.update(Path(find_spec(f"tracer.{name}").origin).read_bytes())
    digest.update(f"snowballstemmer {_version('snowballstemmer')} unicode {unicodedata.unidata_version}".encode())
    return digest.hexdigest()[:16]


def _deltas(values: np.ndarray) -> np.ndarray:
    return np.diff(np.asarray(values, dtype=np.int64), prepend=np.int64(0))


def _version(package: str) -> str:
    try:
        return version(package)
    except PackageNotFoundError:  # pragma: no cover - a dependency
        return "unknown"
