"""Which file each indexed document was read from, so that `add` knows a file for itself and not by its id.

A file's id is its path relative to the argument it was found under (`seeds/` gives `x.txt`, `.` gives
`seeds/x.txt`), so an id alone cannot tell one file named two ways from two files of one name. The index records
each document's file, resolved (`os.path.realpath`), and `add` uses it: a file the index holds under another id
is that document (unchanged, or replaced under its old id), and a document that replaces one read from another
file is reported. Documents with no file of their own (stdin, a URL, a JSONL, CSV or web archive record) and
documents of an index built before files were recorded have none, and neither rule applies to them until they are
added again from their files: an unchanged document read from a file the index does not record for it (moved,
renamed, copied, or never recorded) has that file recorded, the file it was last read from.

Two adds at once can both find a file unheld and index it under two ids, so a store writes a batch only while
its files have the holders `place` saw (`expected`), in the write's transaction; else it raises FilesMoved and
the batch is placed again (`replace`).
"""

from __future__ import annotations

import os
from collections import Counter
from dataclasses import dataclass, replace

from ..model import Document
from .records import Prepared


@dataclass(frozen=True)
class Held:
    """What the index holds of a batch: the digest and the recorded file of each of its ids that the index holds
    (and of each id holding one of its files), and the id holding each of its files that the index records."""

    digests: dict[str, str]
    files: dict[str, str]
    holders: dict[str, str]


class FilesMoved(Exception):
    """Raised by a store's write when a file of the batch has another holder than the one the batch was placed
    by (another add wrote meanwhile); nothing of the batch is written."""


@dataclass(frozen=True)
class Placed:
    """A batch with each document under the id it is indexed as.

    `files` maps an id to its document's file; `same_file` holds (id given, id kept) for each document whose file
    the index holds under another id, and which is indexed under that id instead."""

    documents: tuple[Document, ...]
    files: dict[str, str]
    same_file: tuple[tuple[str, str], ...]


def source_file(doc: Document) -> str | None:
    """The file `doc` was read from, resolved: None when it has no path (stdin, a URL, a JSONL or CSV record),
    when its path is a web archive's (shared by all the archive's records: not one document's own file), or when
    the path names no file (a label a caller gave a Document). Relative paths are taken from the working folder,
    as the readers took them."""
    from ..warc import WARC_SUFFIXES  # only an add reads files: `check` starts without the readers

    path = doc.path
    if path is None or path.lower().endswith(WARC_SUFFIXES) or not os.path.isfile(path):
        return None
    return os.path.realpath(path)


def place(documents: list[Document], files: dict[str, str], held: Held) -> Placed:
    """Move each document whose file the index holds under another id to that id, unless a document of the batch
    is given that id too (then the file is indexed under the id it comes with, and the other takes the old id).
    The last document given for an id stays, as in `add`."""
    incoming = {d.id for d in documents}
    out: dict[str, Document] = {}
    where: dict[str, str] = {}
    same = []
    for doc in documents:
        file = files.get(doc.id)
        holder = _holder(doc.id, file, held, incoming)
        if holder is not None:
            same.append((doc.id, holder))
            doc = replace(doc, id=holder)
        out[doc.id] = doc
        if file:
            where[doc.id] = file
        else:
            where.pop(doc.id, None)
    return Placed(tuple(out.values()), where, tuple(same))


def _holder(doc_id: str, file: str | None, held: Held, incoming: set[str]) -> str | None:
    """The other id `doc_id` is indexed as: that of the document holding its file, unless given too."""
    holder = held.holders.get(file) if file else None
    return holder if holder is not None and holder != doc_id and holder not in incoming else None


def expected(files: dict[str, str], held: Held) -> dict[str, str | None]:
    """The holder (or None) that each of `files` (id -> file) had when its document was placed."""
    return {file: held.holders.get(file) for file in files.values()}


def still_held(expected: dict[str, str | None], held: Held) -> bool:
    """Whether each file has the holder `expected` (None: none) in `held`, read in the write's transaction."""
    return all(held.holders.get(file) == holder for file, holder in expected.items())


def replace_batch(batch: list[Prepared], given: list[str], files: dict[str, str], held: Held, incoming: set[str]
                  ) -> tuple[list[Prepared], dict[str, str], dict[str, str]]:
    """A batch placed again by `held`, read after a FilesMoved, from the ids its documents were `given` (in the
    batch's order; `files` maps a given id to its file), as `place` placed them: a document goes to the id now
    holding its file, or back to its own, and the last document given for an id stays. The batch, the files of
    its ids, and the id each given id is indexed as."""
    out: dict[str, Prepared] = {}
    where: dict[str, str] = {}
    kept_as: dict[str, str] = {}
    for doc_id, p in zip(given, batch):
        file = files.get(doc_id)
        kept = kept_as[doc_id] = _holder(doc_id, file, held, incoming) or doc_id
        out[kept] = p if kept == p.doc.id else replace(p, doc=replace(p.doc, id=kept))
        if file:
            where[kept] = file
        else:
            where.pop(kept, None)
    return list(out.values()), where, kept_as


def other_files(documents: list[Document], files: dict[str, str], replaced: dict[str, str]
                ) -> tuple[tuple[str, str], ...]:
    """(id, recorded file) for each of `documents` (the changed ones) that replaced an indexed document read from
    another file than its own; `replaced` holds the recorded file of each document replaced, as the write found
    it (another add may have written the id since the batch was placed)."""
    return tuple((d.id, replaced[d.id]) for d in documents
                 if d.id in files and replaced.get(d.id) not in (None, files[d.id]))


def moved_files(unchanged: list[str], digests: dict[str, str], files: dict[str, str], held: Held
                ) -> dict[str, tuple[str, str]]:
    """{id: (digest, file)} for each of the `unchanged` ids read from a file the index does not record for it
    (another, or none): its folder was moved, renamed or copied, or the index was built before files were
    recorded. The index records the file (see the stores' `record_files`), so that the file added again through
    another argument is this document. A file that two documents of the add were read from (given twice, through
    the API) is left as it is: neither is its one document."""
    shared = {file for file, n in Counter(files.values()).items() if n > 1}
    return {doc_id: (digests[doc_id], files[doc_id]) for doc_id in unchanged
            if doc_id in files and files[doc_id] not in shared and held.files.get(doc_id) != files[doc_id]}
