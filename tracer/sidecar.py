"""A metadata sidecar for a folder of articles: `metadata.csv`, one row per file a person knows about.

Columns: `path` (relative to the folder), and any of `url`, `outlet`, `published`, `title`, `author`.
An empty cell means "not known": the value read from the file itself is kept.
"""

from __future__ import annotations

import codecs
from pathlib import Path, PurePosixPath

from .assemble import Meta
from .csvrecords import open_rows
from .errors import InputError
from .metadata import parse_date

SIDECAR_NAME = "metadata.csv"
COLUMNS = ("path", "url", "outlet", "published", "title", "author")


def read_sidecar(folder: Path, strict: bool = False) -> tuple[dict[str, Meta], list[str]]:
    """{relative path: Meta} from `folder/metadata.csv` (empty when there is none), and warnings.

    An empty sidecar is a warning, or an InputError when `strict`.
    """
    path = folder / SIDECAR_NAME
    warnings: list[str] = []
    if not path.is_file():
        return {}, warnings
    if not strict and _is_empty(path):
        return {}, [f"{path}: empty file; the folder is read without metadata"]
    rows = open_rows(str(path), warnings)
    if "path" not in (rows.fieldnames or []):
        raise InputError(f"{path}: a metadata sidecar needs a 'path' column (columns: {', '.join(COLUMNS)})")
    known = {}
    for row in rows:
        where = f"{path}:{rows.line_num}"
        rel = _relative(row.get("path"))
        if not rel:
            warnings.append(f"{where}: no path; row ignored")
            continue
        known[rel] = _meta(row, where, warnings)
    return known, warnings


def unmatched(known: dict[str, Meta], ids: set[str], folder: Path) -> list[str]:
    """A warning for each sidecar row that names no article read from the folder."""
    return [f"{folder / SIDECAR_NAME}: no article '{rel}' in the folder; its row is ignored"
            for rel in sorted(set(known) - ids)]


def _is_empty(path: Path) -> bool:
    try:
        return not path.read_bytes().removeprefix(codecs.BOM_UTF8).strip()
    except OSError:
        return False  # reading it again says why


def _meta(row: dict, where: str, warnings: list[str]) -> Meta:
    value = {c: (row.get(c) or "").strip() or None for c in COLUMNS}
    published = parse_date(value["published"])
    if value["published"] and not published:
        warnings.append(f"{where}: published {value['published']!r} is not a date; ignored")
    return Meta(url=value["url"], outlet=value["outlet"], published=published, title=value["title"],
                author=value["author"])


def _relative(path: str | None) -> str | None:
    """
    >>> _relative("./sub/a.txt"), _relative("  "), _relative("sub\\\\b.txt")
    ('sub/a.txt', None, 'sub/b.txt')
    """
    path = (path or "").strip().replace("\\", "/")
    return PurePosixPath(path).as_posix() if path else None
