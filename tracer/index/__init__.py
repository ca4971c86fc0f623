"""A persistent corpus index for `check`: one SQLite file by default, or a shared Redis database.

>>> import tempfile, os
>>> from tracer import Document, Index
>>> text = ("Syrian government troops backed by Russian air power have driven militants out of the ancient "
...         "city of Palmyra after a three-week offensive, state television said on Sunday. Army engineers "
...         "began clearing mines laid around the Roman-era ruins, and the governor said residents could return.")
>>> with tempfile.TemporaryDirectory() as folder, Index(os.path.join(folder, "i.sqlite")) as index:
...     index.add([Document("wire.txt", text)]).added
...     [m.document.id for m in index.check("Breaking news from our desk. " + text).matches]
1
['wire.txt']
"""

from __future__ import annotations

import logging
import os
from multiprocessing import get_all_start_methods, get_context
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import numpy as np

from ..banding import Banding
from ..errors import IndexStoreError, InputError, MissingIndex
from ..minhash_loader import minhash_module
from ..model import Document
from ..parallel import ignore_interrupts, workers as worker_count
from ..settings import Settings
from .build import batches, prepared
from .check import QUERY_ID, CheckMatch, CheckResult, check_document
from .files import FilesMoved, expected, moved_files, other_files, place, replace_batch, source_file
from .meta import banding_of, ensure_compatible, record, runtime, settings_of
from .records import content_digest
from .stems import new_stems

log = logging.getLogger(__name__)

ENV_VAR = "TRACER_INDEX"
DEFAULT_INDEX = "tracer-index.sqlite"
DEFAULT_LIMIT = 50
"""Candidate documents aligned per check, the most similar first."""
REDIS_SCHEMES = ("redis://", "rediss://", "unix://")
WRITE_ATTEMPTS = 10
"""Times a batch is placed again when other adds keep moving its files (see files.py)."""
MOVES_PER_WRITE = 1000
"""Unchanged documents whose new files one transaction records (an index built before files were recorded, added
again whole, records them all)."""

__all__ = ["AddReport", "CheckMatch", "CheckResult", "DEFAULT_INDEX", "ENV_VAR", "Index", "IndexEntry", "IndexInfo",
           "QUERY_ID", "default_target"]


@dataclass(frozen=True)
class AddReport:
    """What an `add` did: documents added, replaced (same id, new content) and left unchanged, and what it found of
    the files they were read from (see files.py), for a caller to tell people."""

    added: int = 0
    replaced: int = 0
    unchanged: int = 0
    same_file: tuple[tuple[str, str], ...] = ()
    """(id given, id kept): a document whose file the index holds under another id, counted as that document."""
    other_file: tuple[tuple[str, str], ...] = ()
    """(id, file): a document that replaced the one of its id read from another file (the file named)."""


@dataclass(frozen=True)
class _Written:
    """One batch as `Index._write` wrote it: each document's outcome, the batch under the ids written, their files,
    and the recorded file of each document it replaced."""

    outcomes: list[str]
    batch: list
    files: dict[str, str]
    replaced: dict[str, str]
    kept_as: dict[str, str]
    """The id each id given is indexed as (two given ids are one document when they hold one file)."""


@dataclass(frozen=True)
class IndexEntry:
    """One indexed document, as `list` shows it."""

    id: str
    path: str | None
    digest: str
    windows: int
    title: str | None = None


@dataclass(frozen=True)
class IndexInfo:
    """Where an index is, what it holds and the settings it was built with."""

    target: str
    backend: str
    documents: int
    windows: int
    bytes: int
    recorded: dict


def default_target() -> str:
    """`$TRACER_INDEX`, else `tracer-index.sqlite` in the working folder."""
    return os.environ.get(ENV_VAR) or DEFAULT_INDEX


class Index:
    """A persistent index of articles to check new ones against.

    `target` is a file path (SQLite, created by the first `add`) or `redis://HOST:PORT/DB`; by default
    `$TRACER_INDEX` or `./tracer-index.sqlite`. `settings` default to those the index was built with;
    given, the ones that shape the index (shingle size, num_perm, seed, window, stride, LSH threshold)
    must match it. Nothing is opened until the first call.
    """

    def __init__(self, target: str | os.PathLike | None = None, settings: Settings | None = None):
        self.target = os.fspath(target) if target is not None else default_target()
        self._requested = settings
        self._store = None
        self._settings: Settings | None = None
        self._pool = None

    @property
    def settings(self) -> Settings:
        self._open(create=False)
        return self._settings

    def recorded_settings(self) -> Settings | None:
        """The settings the index was built with, or None when there is no index at the target yet."""
        try:
            return self.settings
        except MissingIndex:
            return None

    def add(self, documents: Iterable[Document]) -> AddReport:
        """Index documents: new ids are added, a changed document replaces the one with its id,
        an unchanged one is skipped. Each batch is one transaction.

        A document read from a file that the index holds under another id is that document: unchanged, or
        replaced under the id the index has for it (`same_file` lists them); one that replaces a document read
        from another file is listed in `other_file` (see files.py)."""
        store = self._open(create=True)
        documents = _unique(documents)
        files = {d.id: file for d in documents if (file := source_file(d))}
        held = store.held([d.id for d in documents], list(files.values()))
        placed = place(documents, files, held)
        digests = {d.id: content_digest(d) for d in placed.documents}
        todo, unchanged = [], []
        for d in placed.documents:
            (unchanged if held.digests.get(d.id) == digests[d.id] else todo).append(d)
        counts = {"added": 0, "replaced": 0, "unchanged": len(unchanged)}
        origins: dict[str, list[str]] = {}  # the ids given for each kept id (kept ids are never ids given)
        for doc_id, kept in placed.same_file:
            origins.setdefault(kept, []).append(doc_id)
        same, other, incoming = dict(placed.same_file), [], {d.id for d in documents}
        for batch in batches(prepared(todo, self._settings, store.banding)):
            given = [(doc_id, p) for p in batch for doc_id in origins.get(p.doc.id, [p.doc.id])]
            written = self._write(store, batch, given, (files, placed.files), held, incoming)
            for doc_id, kept in written.kept_as.items():
                same.pop(doc_id, None)
                if kept != doc_id:
                    same[doc_id] = kept
            changed = [p.doc for p, outcome in zip(written.batch, written.outcomes) if outcome != "unchanged"]
            other += other_files(changed, written.files, written.replaced)
            for outcome in written.outcomes:
                counts[outcome] += 1
            log.info("indexed %d of %d documents", counts["added"] + counts["replaced"], len(todo))
        _record_moves(store, moved_files([d.id for d in unchanged], digests, placed.files, held))
        if todo:
            store.finish()
        same_file = tuple((d.id, same[d.id]) for d in documents if d.id in same)
        return AddReport(**counts, same_file=same_file, other_file=tuple(other))

    def _write(self, store, batch: list, given: list[tuple[str, object]], files: tuple[dict[str, str], dict[str, str]],
               held, incoming: set[str]) -> _Written:
        """Write one batch while its files have the holders it was placed by; when another add moved them
        meanwhile, place the batch again from the ids `given` ((id given, its document of the batch) for each id
        given, several for a document that two ids given held one file of) by what the index holds now, and write
        that (`files`: the file of each id given, and of each id placed)."""
        stems = new_stems(store, batch, self._settings)
        given_files, placed_files = files
        where = {p.doc.id: placed_files[p.doc.id] for p in batch if p.doc.id in placed_files}
        placed, kept_as = batch, {doc_id: p.doc.id for doc_id, p in given}
        ids, documents = [doc_id for doc_id, _ in given], [p for _, p in given]
        for _ in range(WRITE_ATTEMPTS):
            try:
                outcomes, replaced = store.write(placed, stems, where, expected(where, held))
                return _Written(outcomes, placed, where, replaced, kept_as)
            except FilesMoved:
                held = store.held(list(dict.fromkeys(ids + [p.doc.id for p in placed])),
                                  [given_files[g] for g in ids if g in given_files])
                placed, where, kept_as = replace_batch(documents, ids, given_files, held, incoming)
        raise IndexStoreError(f"{store.where}: index is busy (its files kept moving over "
                              f"{WRITE_ATTEMPTS} attempts to write)")

    def remove(self, doc_id: str) -> bool:
        """Remove a document; False when the index does not hold it."""
        return self._open(create=False).remove(doc_id)

    def missing(self, ids: Iterable[str]) -> list[str]:
        """The ids among `ids` that the index does not hold, in their order."""
        ids = list(ids)
        held = self._open(create=False).digests(ids)
        return [doc_id for doc_id in ids if doc_id not in held]

    def check(self, article: Document | str, *, limit: int | None = DEFAULT_LIMIT, exhaustive: bool = False
              ) -> CheckResult:
        """The indexed documents that share text with `article` (a Document or a text), best first.

        The `limit` candidates with the most similar windows are aligned (None: all of them).
        `exhaustive` reads every stored window instead of the LSH buckets: slow, the baseline of the benchmark.
        """
        doc = article if isinstance(article, Document) else Document(QUERY_ID, article)
        store = self._open(create=False)
        return check_document(store, doc, self._settings, limit, exhaustive, self._workers)

    def related(self, doc_id: str, *, limit: int | None = None) -> list[Document]:
        """The indexed document `doc_id` and every indexed document that shares text with it."""
        doc = self.get(doc_id)
        if doc is None:
            raise InputError(f"{doc_id}: not in the index {self.target}")
        found = self.check(doc, limit=limit).matches
        return [doc] + [m.document for m in found if m.document.id != doc_id]

    def get(self, doc_id: str) -> Document | None:
        store = self._open(create=False)
        num = store.find(doc_id)
        return store.documents([num]).get(num) if num is not None else None

    def documents(self) -> Iterator[Document]:
        """Every indexed document, by id."""
        store = self._open(create=False)
        nums = [num for num, *_ in store.entries()]
        for start in range(0, len(nums), 500):
            found = store.documents(nums[start : start + 500])
            yield from (found[n] for n in nums[start : start + 500] if n in found)

    def entries(self) -> list[IndexEntry]:
        return [IndexEntry(i, meta.get("path"), digest, windows, meta.get("title"))
                for _, i, digest, windows, meta in self._open(create=False).entries()]

    def info(self) -> IndexInfo:
        store = self._open(create=False)
        stats = store.stats()
        return IndexInfo(self.target, store.backend, stats["documents"], stats["windows"], stats["bytes"],
                         store.read_meta())

    def verify(self) -> list[str]:
        """Problems with the stored data (an empty list when it is consistent). Reads the whole index."""
        return self._open(create=False).verify()

    def close(self) -> None:
        if self._pool is not None:
            self._pool.terminate()
            self._pool = None
        if self._store is not None:
            self._store.close()
            self._store = None

    def __enter__(self) -> Index:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _open(self, create: bool):
        if self._store is None:
            if create and self._requested is not None:  # a threshold it cannot band stops before any file is made
                Banding.for_threshold(self._requested.lsh_threshold, self._requested.num_perm)
            store = open_store(self.target, create)
            try:
                self._settings = _configure(store, self._requested, create)
            except BaseException:
                store.close()
                raise
            self._store = store
        return self._store

    def _workers(self):
        """A pool of worker processes for aligning many candidates, started at the first check that has many: one
        fewer than the workers, since the checking process aligns its own share (see `check.align_all`)."""
        if self._pool is None and worker_count(self._settings.workers) > 1 and "fork" in get_all_start_methods():
            minhash_module()  # loaded alone while this process has one thread: the pool starts three
            self._pool = get_context("fork").Pool(worker_count(self._settings.workers) - 1,
                                                  initializer=ignore_interrupts)
        return self._pool


def _record_moves(store, moved: dict[str, tuple[str, str]]) -> None:
    """Record the new files of unchanged documents (`files.moved_files`), MOVES_PER_WRITE a transaction; after the
    batches are written, so that a file one of them took from an unchanged document stays its (the store leaves a
    file another document holds alone)."""
    moves = list(moved.items())
    for start in range(0, len(moves), MOVES_PER_WRITE):
        store.record_files(dict(moves[start : start + MOVES_PER_WRITE]))


def open_store(target: str, create: bool):
    """The store behind a target: Redis for a redis:// URL, else an SQLite file."""
    if target.startswith(REDIS_SCHEMES):
        from .redis_store import open_redis

        return open_redis(target, create)
    from .sqlite_store import open_sqlite

    return open_sqlite(target, create)


def _configure(store, requested: Settings | None, create: bool) -> Settings:
    """Read (or, creating, record) the index's settings; refuse to mix them with other ones."""
    meta = store.read_meta()
    if meta is None:
        if not create:
            raise MissingIndex(f"{store.where}: no tracer index here (build one with: tracer index add PATH... "
                                  f"--index {store.where})")
        base = requested or Settings()
        meta = store.init_meta(record(base, Banding.for_threshold(base.lsh_threshold, base.num_perm)))
    settings = settings_of(meta, requested or Settings())
    ensure_compatible(meta, runtime(requested or settings), store.where)
    store.banding, store.dtype = banding_of(meta), np.dtype(meta["dtype"])
    return settings


def _unique(documents: Iterable[Document]) -> list[Document]:
    """The last document given for each id, in the order given."""
    return list({d.id: d for d in documents}.values())


def __getattr__(name: str):
    """`tracer.index.report` (the JSON and text of a check, as the README names it), imported when first used."""
    if name == "report":
        from importlib import import_module

        return import_module(".report", __name__)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
