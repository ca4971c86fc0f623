"""Sketch documents for the index on every core, and hand them to the store in committed batches."""

from __future__ import annotations

import logging
import multiprocessing
import threading
import time
from collections.abc import Iterator

from ..banding import Banding
from ..model import Document
from ..parallel import ignore_interrupts, workers as worker_count
from ..settings import Settings
from .records import Prepared, prepare

log = logging.getLogger(__name__)

SERIAL_BELOW = 32
"""Fewer documents than this are sketched in this process."""
MIN_BATCH, MAX_BATCH = 32, 5000
IN_FLIGHT = 1024
"""Documents sketched ahead of the writer at most (memory stays flat on a large add)."""
COMMIT_EVERY = 2.0
"""Seconds of work between two commits."""
_STATE: tuple[Settings, Banding] | None = None


def prepared(documents: list[Document], settings: Settings, banding: Banding) -> Iterator[Prepared]:
    """`prepare` each document, in order, over forked worker processes when it pays."""
    n = worker_count(settings.workers)
    if n == 1 or len(documents) < SERIAL_BELOW or "fork" not in multiprocessing.get_all_start_methods():
        yield from (prepare(d, settings, banding) for d in documents)
        return
    slots, stop = threading.Semaphore(IN_FLIGHT), threading.Event()
    with multiprocessing.get_context("fork").Pool(n, initializer=_init, initargs=(settings, banding)) as pool:
        try:
            for item in pool.imap(_prepare, _paced(documents, slots, stop), chunksize=8):
                slots.release()
                yield item
        finally:  # an interrupted add: the pool's feeder must not wait for a slot while the pool is stopped
            stop.set()


def _paced(documents: list[Document], slots: threading.Semaphore, stop: threading.Event) -> Iterator[Document]:
    """Hand documents to the pool only while fewer than IN_FLIGHT results wait to be written, until `stop`."""
    for doc in documents:
        while not slots.acquire(timeout=0.1):
            if stop.is_set():
                return
        yield doc


def batches(items: Iterator[Prepared], every: float = COMMIT_EVERY, clock=time.monotonic) -> Iterator[list[Prepared]]:
    """Group prepared documents into transactions: one at least every `every` seconds (a killed add loses
    at most that much work), and of at least MIN_BATCH documents, so commits stay few on a large index.

    >>> [len(b) for b in batches(iter(range(70)), every=0)]
    [32, 32, 6]
    """
    batch: list[Prepared] = []
    started = clock()
    for item in items:
        batch.append(item)
        if len(batch) >= MAX_BATCH or (len(batch) >= MIN_BATCH and clock() - started >= every):
            yield batch
            batch, started = [], clock()
    if batch:
        yield batch


def _init(settings: Settings, banding: Banding) -> None:
    global _STATE
    ignore_interrupts()
    _STATE = (settings, banding)


def _prepare(doc: Document) -> Prepared:
    settings, banding = _STATE
    return prepare(doc, settings, banding)
