"""Sketch documents for the index on every core, and hand them to the store in committed batches."""

from __future__ import annotations

import logging
import multiprocessing
from collections.abc import Iterator

from ..model import Document
from ..parallel import workers as worker_count
from ..settings import Settings
from .banding import Banding
from .records import Prepared, prepare

log = logging.getLogger(__name__)

SERIAL_BELOW = 32
"""Fewer documents than this are sketched in this process."""
MIN_BATCH, MAX_BATCH = 32, 2000
_STATE: tuple[Settings, Banding] | None = None


def prepared(documents: list[Document], settings: Settings, banding: Banding) -> Iterator[Prepared]:
    """`prepare` each document, in order, over forked worker processes when it pays."""
    n = worker_count(settings.workers)
    if n == 1 or len(documents) < SERIAL_BELOW or "fork" not in multiprocessing.get_all_start_methods():
        yield from (prepare(d, settings, banding) for d in documents)
        return
    with multiprocessing.get_context("fork").Pool(n, initializer=_init, initargs=(settings, banding)) as pool:
        yield from pool.imap(_prepare, documents, chunksize=8)


def batch_size(indexed: int) -> int:
    """Documents per transaction: a larger index writes larger batches (each touches pages all over the buckets).

    >>> batch_size(0), batch_size(50_000), batch_size(10_000_000)
    (32, 500, 2000)
    """
    return max(MIN_BATCH, min(MAX_BATCH, indexed // 100))


def batches(items: Iterator[Prepared], indexed: int) -> Iterator[list[Prepared]]:
    """Group prepared documents into batches that grow with the index."""
    batch: list[Prepared] = []
    for item in items:
        batch.append(item)
        if len(batch) >= batch_size(indexed):
            indexed += len(batch)
            yield batch
            batch = []
    if batch:
        yield batch


def _init(settings: Settings, banding: Banding) -> None:
    global _STATE
    _STATE = (settings, banding)


def _prepare(doc: Document) -> Prepared:
    settings, banding = _STATE
    return prepare(doc, settings, banding)
