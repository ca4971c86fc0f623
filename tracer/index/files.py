"""Which file each indexed document was read from, so that `add` knows a file for itself and not by its id.

A file's id is its path relative to the argument it was found under (`seeds/` gives `x.txt`, `.` gives
`seeds/x.txt`), so an id alone cannot tell one file named two ways from two files of one name. The index records
each document's file, resolved (`os.path.realpath`), and `add` uses it: a file the index holds under another id
is that document (unchanged, or replaced under its old id), and a document that replaces one read from another
file is reported. Documents with no file of their own (stdin, a URL, a JSONL, CSV or web archive record) and
documents of an index built before files were recorded have none, and neither rule applies to them.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, replace

from ..model import Document


@dataclass(frozen=True)
class Held:
    """What the index holds of a batch: the digest and the recorded file of each of its ids that the index holds
    (and of each id holding one of its files), and the id holding each of its files that the index records."""

    digests: dict[str, str]
    files: dict[str, str]
    holders: dict[str, str]


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
        holder = held.holders.get(file) if file else None
        if holder is not None and holder != doc.id and holder not in incoming:
            same.append((doc.id, holder))
            doc = replace(doc, id=holder)
        out[doc.id] = doc
        if file:
            where[doc.id] = file
        else:
            where.pop(doc.id, None)
    return Placed(tuple(out.values()), where, tuple(same))


def other_files(documents: list[Document], files: dict[str, str], held: Held) -> tuple[tuple[str, str], ...]:
    """(id, recorded file) for each of `documents` (the changed ones) that replaces an indexed document read from
    another file than its own."""
    return tuple((d.id, held.files[d.id]) for d in documents
                 if d.id in files and held.files.get(d.id) not in (None, files[d.id]))
