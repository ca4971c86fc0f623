"""Web archives (WARC, optionally gzipped): each HTML response record is a page, with its URI and capture date.

warcio is imported on first use.
"""

from __future__ import annotations

import contextlib
import gzip
import io
import os

from .assemble import Batch, Meta, Pending
from .errors import InputError
from .fetch import HTML_TYPES
from .model import Skipped

WARC_SUFFIXES = (".warc", ".warc.gz", ".arc", ".arc.gz")
_BLOCK = 64 * 1024
DAMAGED = "the archive is truncated or damaged"


def read_warc(path: str) -> Batch:
    """One pending page per HTML response (or resource) record with a 2xx status; other records are counted.

    An archive that ends inside a record (truncated or damaged) has that record skipped and its earlier ones read.
    """
    from warcio.exceptions import ArchiveLoadFailed

    batch = Batch()
    try:
        _check_opening(path)
        with open(path, "rb") as stream, contextlib.redirect_stderr(io.StringIO()):  # warcio writes warnings there
            records = _records(stream)
            ignored = _read_records(records, path, os.fstat(stream.fileno()).st_size, batch)
    except OSError as err:
        raise InputError(f"{path}: cannot read ({err.strerror or err})") from None
    except ArchiveLoadFailed as err:
        raise InputError(f"{path}: not a readable WARC file ({str(err).strip()[:120]})") from None
    if ignored:
        batch.warnings.append(f"{path}: {ignored} record(s) that are not HTML pages with a 2xx status ignored")
    if records.err_count:
        batch.warnings.append(f"{path}: {records.err_count} record(s) with a wrong Content-Length (archive damaged?)")
    return batch


def _read_records(records, path: str, size: int, batch: Batch) -> int:
    """Add the archive's pages to `batch`, and where it is cut short to `batch.skipped`; how many were ignored."""
    seen: dict[str, int] = {}
    ignored = number = 0
    try:
        for number, record in enumerate(records, 1):
            ignored += _take(record, path, number, seen, batch)
    except (AttributeError, ValueError, IndexError, EOFError):  # warcio, parsing a record header cut short
        records.offset = -1
    if not batch.skipped:
        batch.skipped.extend(_cut_at_end(records, path, number, size))
    return ignored


def _take(record, path: str, number: int, seen: dict[str, int], batch: Batch) -> int:
    """Add the record to `batch` (a page, or skipped when cut short); 1 when it is a response that is no page."""
    item = _page(record, path, number, seen)
    if _cut_short(record):
        batch.skipped.append(Skipped(f"{path}: {_uri(record, path, number)}", f"cut short: {DAMAGED}", "record"))
        return 0
    if item is not None:
        batch.pending.append(item)
    return int(item is None and record.rec_type in ("response", "resource"))


def _cut_at_end(records, path: str, number: int, size: int) -> list[Skipped]:
    """Where warcio stopped without a word: before the file's end (a record header or a gzip member cut short),
    or inside the last gzip member's end."""
    if records.offset < size:
        return [Skipped(path, f"{DAMAGED} (it ends inside record {number + 1})")]
    if not records.ended:
        return [Skipped(path, f"{DAMAGED} (it ends inside record {number}'s gzip member)")]
    return []


def _records(stream):
    """warcio's iterator over the archive; `offset` is where its last whole record ends, `ended` is False when
    the archive stops inside its last gzip member."""
    from warcio.archiveiterator import ArchiveIterator

    class Records(ArchiveIterator):
        ended = True

        def close(self):
            decompressor = self.reader.decompressor if self.reader else None
            self.ended = getattr(decompressor, "eof", True)
            super().close()

    return Records(stream, arc2warc=True)


def _cut_short(record) -> bool:
    """True when the record's header stops before its Content-Length or the archive before the length's end
    (the record is read to its end here)."""
    while record.raw_stream.read(_BLOCK):
        pass
    length = record.rec_headers.get_header("Content-Length") or ""
    return not length.strip().isdigit() or getattr(record.raw_stream, "limit", 0) > 0


def _check_opening(path: str) -> None:
    """An archive opens with a WARC (or ARC) record header, gzipped or not."""
    with open(path, "rb") as f:
        head = f.read(64)
    if head.startswith(b"\x1f\x8b"):
        try:
            with gzip.open(path, "rb") as f:
                head = f.read(64)
        except EOFError:
            raise InputError(f"{path}: {DAMAGED} (it ends inside its first record)") from None
        except OSError as err:
            raise InputError(f"{path}: not a readable WARC file (gzip: {err})") from None
    if not head.lstrip().startswith((b"WARC/", b"filedesc://")):
        raise InputError(f"{path}: not a readable WARC file (it does not open with a WARC record)")


def _page(record, path: str, number: int, seen: dict[str, int]) -> Pending | None:
    if record.rec_type not in ("response", "resource") or not _is_html_ok(record):
        return None
    uri = _uri(record, path, number)
    captured = record.rec_headers.get_header("WARC-Date")
    seen[uri] = seen.get(uri, 0) + 1
    doc_id = uri if seen[uri] == 1 else f"{uri} ({captured or seen[uri]})"
    data = record.content_stream().read()
    return Pending(doc_id, f"{path}: {uri}", path=path, html=data, meta=Meta(url=uri, captured=captured),
                   record=True)


def _uri(record, path: str, number: int) -> str:
    return record.rec_headers.get_header("WARC-Target-URI") or f"{path}#{number}"


def _is_html_ok(record) -> bool:
    """An HTML page with a 2xx status (a resource record has no HTTP headers: its own Content-Type counts)."""
    http = record.http_headers
    if http is not None:
        status = http.get_statuscode() or ""
        media = (http.get_header("Content-Type") or "").split(";")[0].strip().lower()
        return status.startswith("2") and media in HTML_TYPES
    media = (record.rec_headers.get_header("Content-Type") or "").split(";")[0].strip().lower()
    return media in HTML_TYPES
