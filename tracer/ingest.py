"""Read articles from files, folders and stdin into Documents."""

from __future__ import annotations

import logging
import sys
from dataclasses import dataclass, replace
from pathlib import Path
from typing import IO, Iterable

from .errors import InputError
from .metadata import guess_published, guess_title
from .model import Document, Skipped

log = logging.getLogger(__name__)

ARTICLE_SUFFIXES = (".txt", ".md", ".markdown")
FALLBACK_ENCODING = "cp1252"


@dataclass(frozen=True)
class Corpus:
    """What a read produced: the documents, the inputs it skipped, and warnings for people."""

    documents: tuple[Document, ...]
    skipped: tuple[Skipped, ...] = ()
    warnings: tuple[str, ...] = ()


def read_documents(paths: Iterable[str], *, strict: bool = False, stdin: IO[bytes] | None = None) -> Corpus:
    """Read every article under `paths` (files, folders searched recursively, "-" for stdin).

    A document's id is its path relative to the argument it was found under. Unreadable files
    are skipped and listed, or raise InputError when `strict`.
    """
    documents: list[Document] = []
    skipped: list[Skipped] = []
    warnings: list[str] = []
    seen: set[str] = set()
    for arg in paths:
        for doc_id, path in _expand(arg):
            if _already_read(path, seen):
                warnings.append(f"{path}: given more than once, read once")
                continue
            try:
                data = _read_bytes(path, stdin)
            except OSError as err:
                result = Skipped(path, f"cannot read ({err.strerror})")
            else:
                result = decode_article(data, doc_id=doc_id, path=None if path == "-" else path)
            if isinstance(result, Skipped):
                if strict:
                    raise InputError(f"{result.path}: {result.reason}")
                skipped.append(result)
                continue
            doc, warning = result
            if warning:
                warnings.append(warning)
            documents.append(doc)
    documents = _unique_ids(documents)
    if not documents:
        raise InputError("no articles found in " + ", ".join(str(p) for p in paths) + _skip_note(skipped))
    return Corpus(tuple(documents), tuple(skipped), tuple(warnings))


def decode_article(data: bytes, *, doc_id: str, path: str | None) -> tuple[Document, str | None] | Skipped:
    """Turn raw bytes into a Document, or say why they are not an article.

    >>> doc, warning = decode_article("Title of a story here\\n\\nBody.".encode(), doc_id="a", path=None)
    >>> doc.title, warning
    ('Title of a story here', None)
    >>> decode_article(b"\\x00\\x01", doc_id="b", path="b.bin").reason
    'binary file (contains NUL bytes)'
    """
    where = path or doc_id
    if b"\x00" in data:
        return Skipped(where, "binary file (contains NUL bytes)")
    warning = None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode(FALLBACK_ENCODING, errors="replace")
        warning = f"{where}: not UTF-8, decoded as {FALLBACK_ENCODING}"
    if not text.strip():
        return Skipped(where, "empty file")
    doc = Document(id=doc_id, text=text, path=path, title=guess_title(text), published=guess_published(text))
    return doc, warning


def _expand(arg: str) -> list[tuple[str, str]]:
    if arg == "-":
        return [("stdin", "-")]
    root = Path(arg)
    if root.is_dir():
        files = sorted(p for p in root.rglob("*") if p.is_file() and p.suffix.lower() in ARTICLE_SUFFIXES)
        return [(p.relative_to(root).as_posix(), str(p)) for p in files]
    if root.exists():
        return [(root.name, str(root))]
    raise InputError(f"{arg}: no such file or folder")


def _already_read(path: str, seen: set[str]) -> bool:
    """True when `path` names a file read before (the same file given twice, or inside a folder given too)."""
    key = path if path == "-" else str(Path(path).resolve())
    if key in seen:
        return True
    seen.add(key)
    return False


def _read_bytes(path: str, stdin: IO[bytes] | None) -> bytes:
    if path == "-":
        return (stdin or sys.stdin.buffer).read()
    return Path(path).read_bytes()


def _unique_ids(documents: list[Document]) -> list[Document]:
    seen: dict[str, int] = {}
    for doc in documents:
        seen[doc.id] = seen.get(doc.id, 0) + 1
    return [replace(d, id=d.path) if seen[d.id] > 1 and d.path else d for d in documents]


def _skip_note(skipped: list[Skipped]) -> str:
    return f" ({len(skipped)} file(s) skipped: {skipped[0].path}: {skipped[0].reason})" if skipped else ""
