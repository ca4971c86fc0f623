"""Read articles from files, folders, stdin, URLs, JSONL/CSV corpora and WARC archives into Documents.

Each input kind has its own reader module (html, fetch, jsonl, csvrecords, warc, sidecar); they all hand
over `Pending` items that `assemble` turns into Documents, in worker processes when there are many pages.
"""

from __future__ import annotations

import logging
import sys
from collections import Counter
from dataclasses import dataclass, replace
from pathlib import Path
from typing import IO, Iterable

from .assemble import Batch, Meta, Pending, assemble
from .csvrecords import CSV_SUFFIXES, read_csv
from .errors import FetchError, InputError
from .fetch import DEFAULT_TIMEOUT, DEFAULT_USER_AGENT, MAX_BYTES, fetch, is_url
from .html import HTML_SUFFIXES
from .jsonl import JSONL_SUFFIXES, read_jsonl
from .model import Document, Skipped
from .own import OWN, leave_out_own
from .parallel import pmap
from .records import Fields
from .sidecar import read_sidecar, unmatched
from .warc import WARC_SUFFIXES, read_warc

log = logging.getLogger(__name__)

ARTICLE_SUFFIXES = (".txt", ".md", ".markdown") + HTML_SUFFIXES
"""Files read from folders. Corpus files (JSONL, CSV, WARC) are read when named as arguments."""


@dataclass(frozen=True)
class Corpus:
    """What a read produced: the documents, the inputs it skipped, and warnings for people."""

    documents: tuple[Document, ...]
    skipped: tuple[Skipped, ...] = ()
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class ReadOptions:
    """How inputs are read: the field names of JSONL/CSV records, how URLs are fetched, how many processes."""

    fields: Fields = Fields()
    user_agent: str = DEFAULT_USER_AGENT
    timeout: float = DEFAULT_TIMEOUT
    """Seconds a URL may take, all told."""
    max_bytes: int = MAX_BYTES
    workers: int = 0
    """Processes extracting web pages; 0 means one per core."""
    output: str | None = None
    """This run's output folder: not read when it lies inside a folder that is."""


def read_documents(paths: Iterable[str], *, strict: bool = False, stdin: IO[bytes] | None = None,
                   options: ReadOptions = ReadOptions()) -> Corpus:
    """Read every article in `paths`: files, folders (searched recursively), "-" for stdin, http(s) URLs,
    JSONL/CSV corpora and WARC archives.

    A file's id is its path relative to the argument it was found under; a record's is its `id` field or
    FILE:LINE; a URL's or archived page's is its URL. Unreadable inputs and bad records are skipped and
    listed, or raise InputError when `strict` (FetchError, a subclass, for a URL).
    """
    paths = list(paths)
    seen: set[str] = set()
    batches = [_read_arg(arg, seen, stdin, options, strict) for arg in paths]
    skipped = [s for b in batches for s in b.skipped]
    warnings = [w for b in batches for w in b.warnings]
    pending = [p for b in batches for p in b.pending]
    read = _assemble_all(pending, options.workers, skipped, warnings)
    fatal = [s for s in skipped if s.kind != OWN]
    if strict and fatal:
        raise InputError(f"{fatal[0].path}: {fatal[0].reason}")
    documents = _distinct_ids(read)
    if not documents:
        raise InputError("no articles found in " + ", ".join(str(p) for p in paths) + _skip_note(skipped))
    return Corpus(tuple(documents), tuple(skipped), tuple(warnings))


def read_url(url: str, options: ReadOptions = ReadOptions()) -> Document:
    """Fetch one web page (or plain-text URL) and read its article; FetchError or InputError when it cannot.

    The same as `read_documents([url], strict=True, options=options).documents[0]`.
    """
    return read_documents([url], strict=True, options=options).documents[0]


def decode_article(data: bytes, *, doc_id: str, path: str | None) -> tuple[Document, str | None] | Skipped:
    """Turn raw bytes (text, or an HTML page) into a Document, or say why they are not an article.

    >>> doc, warning = decode_article("Title of a story here\\n\\nBody.".encode(), doc_id="a", path=None)
    >>> doc.title, warning
    ('Title of a story here', None)
    >>> decode_article(b"\\x00\\x01", doc_id="b", path="b.bin").reason
    'binary file (contains NUL bytes)'
    """
    result, warnings = assemble(Pending(doc_id, path or doc_id, path=path, raw=data))
    if isinstance(result, Skipped):
        return result
    return result, (warnings[0] if warnings else None)


def _read_arg(arg: str, seen: set[str], stdin: IO[bytes] | None, options: ReadOptions, strict: bool) -> Batch:
    if arg == "-":
        if _already_read(arg, seen):
            return Batch(warnings=["-: given more than once, read once"])
        return Batch([Pending("stdin", "stdin", raw=(stdin or sys.stdin.buffer).read())])
    if is_url(arg):
        return _read_url(arg, options, strict)
    root = Path(arg)
    if root.is_dir():
        return _read_folder(root, seen, strict, options.output)
    if not root.exists():
        raise InputError(f"{arg}: no such file or folder")
    if _already_read(arg, seen):
        return Batch(warnings=[f"{arg}: given more than once, read once"])
    try:
        return _read_file(arg, options)
    except InputError as err:
        if strict:
            raise
        return Batch(skipped=[Skipped(arg, str(err).removeprefix(f"{arg}: "))])


def _read_file(path: str, options: ReadOptions) -> Batch:
    name = path.lower()
    if name.endswith(JSONL_SUFFIXES):
        return read_jsonl(path, options.fields)
    if name.endswith(CSV_SUFFIXES):
        return read_csv(path, options.fields)
    if name.endswith(WARC_SUFFIXES):
        return read_warc(path)
    return Batch([Pending(Path(path).name, path, path=path)])


def _read_folder(root: Path, seen: set[str], strict: bool, output: str | None) -> Batch:
    known, warnings = read_sidecar(root, strict)
    files = sorted(p for p in root.rglob("*") if p.is_file() and p.suffix.lower() in ARTICLE_SUFFIXES)
    files, left_out = leave_out_own(root, files, output)
    batch = Batch(skipped=left_out, warnings=warnings)
    for file in files:
        rel, path = file.relative_to(root).as_posix(), str(file)
        if _already_read(path, seen):
            batch.warnings.append(f"{path}: given more than once, read once")
            continue
        batch.pending.append(Pending(rel, path, path=path, meta=known.get(rel, Meta())))
    batch.warnings.extend(unmatched(known, {f.relative_to(root).as_posix() for f in files}, root))
    return batch


def _read_url(url: str, options: ReadOptions, strict: bool) -> Batch:
    try:
        page = fetch(url, user_agent=options.user_agent, timeout=options.timeout, max_bytes=options.max_bytes)
    except FetchError as err:
        if strict:
            raise
        return Batch(skipped=[Skipped(url, str(err).removeprefix(f"{url}: "))])
    meta = Meta(url=page.url)
    if page.is_html:
        return Batch([Pending(url, url, html=page.data, meta=meta)])
    if page.charset:
        try:
            return Batch([Pending(url, url, text=page.data.decode(page.charset), meta=meta)])
        except (LookupError, UnicodeDecodeError):
            pass
    return Batch([Pending(url, url, raw=page.data, meta=meta)])


def _assemble_all(pending: list[Pending], workers: int, skipped: list[Skipped], warnings: list[str]
                  ) -> list[tuple[Pending, Document]]:
    """Documents for the pending items, each with its item, in order; pages are extracted over worker processes."""
    heavy = [i for i, p in enumerate(pending) if p.text is None]
    results: list = [None] * len(pending)
    if len(heavy) > 1:
        _warm_up()
    if heavy:
        for i, result in zip(heavy, pmap(assemble, [pending[i] for i in heavy], workers)):
            results[i] = result
    documents = []
    for item, result in zip(pending, results):
        doc, notes = result or assemble(item)
        warnings.extend(notes)
        if isinstance(doc, Skipped):
            skipped.append(doc)
        else:
            documents.append((item, doc))
    return documents


def _warm_up() -> None:
    """Import the page extractor before worker processes fork, so each does not import it again."""
    import htmldate  # noqa: F401
    import trafilatura  # noqa: F401


def _already_read(path: str, seen: set[str]) -> bool:
    """True when `path` names a file read before (the same file given twice, or inside a folder given too)."""
    key = path if path == "-" else str(Path(path).resolve())
    if key in seen:
        return True
    seen.add(key)
    return False


def _distinct_ids(read: list[tuple[Pending, Document]]) -> list[Document]:
    """The documents read, each under an id no other uses. An id shared by articles of different inputs becomes
    the file's path (PATH#ID when the path does not end in it) or, for a JSONL or CSV record, FILE#ID (a file of
    records holds each id once: a second is skipped as a duplicate); FILE:LINE#ID for two files of one name,
    then a number in the order read. Two articles under one id would be one lineage node and one index document."""
    counts = Counter(d.id for _, d in read)
    named = [_longer_id(p, d) if counts[d.id] > 1 else d.id for p, d in read]
    again = Counter(named)
    named = [f"{p.where}#{d.id}" if again[new] > 1 and _is_record(p, d) else new
             for (p, d), new in zip(read, named)]
    seen: Counter = Counter()
    out = []
    for (_, doc), new in zip(read, named):
        seen[new] += 1
        new = new if seen[new] == 1 else f"{new}#{seen[new]}"
        out.append(doc if new == doc.id else replace(doc, id=new))
    return out


def _is_record(item: Pending, doc: Document) -> bool:
    """A JSONL or CSV record: no file of its own."""
    return item.record and not doc.path


def _longer_id(item: Pending, doc: Document) -> str:
    if _is_record(item, doc):
        return f"{item.where.rsplit(':', 1)[0]}#{doc.id}"
    if not doc.path:  # stdin or a URL
        return doc.id
    return doc.path if Path(doc.path).as_posix().endswith(doc.id) else f"{doc.path}#{doc.id}"


def skipped_count(skipped: Iterable[Skipped]) -> str:
    """How many files and records were skipped, in words (tracer's own output, left out, is not counted).

    >>> skipped_count([Skipped("a.txt", "empty file"), Skipped("b.jsonl:2", "not valid JSON", "record")] * 2)
    '2 files and 2 records'
    >>> skipped_count([Skipped("b.jsonl:2", "not valid JSON", "record")])
    '1 record'
    """
    counts = Counter(s.kind for s in skipped if s.kind != OWN)
    return " and ".join(f"{n} {kind}{'s' if n != 1 else ''}" for kind, n in sorted(counts.items()))


def _skip_note(skipped: list[Skipped]) -> str:
    if not skipped:
        return ""
    first = next((s for s in skipped if s.kind != OWN), skipped[0])
    count = skipped_count(skipped) or "tracer's own output"
    return f" ({count} skipped: {first.path}: {first.reason})"
