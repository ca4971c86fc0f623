"""Web archives (WARC, optionally gzipped): each HTML response record is a page, with its URI and capture date.

warcio is imported on first use.
"""

from __future__ import annotations

import contextlib
import gzip
import io

from .assemble import Batch, Meta, Pending
from .errors import InputError
from .fetch import HTML_TYPES

WARC_SUFFIXES = (".warc", ".warc.gz", ".arc", ".arc.gz")


def read_warc(path: str) -> Batch:
    """One pending page per HTML response (or resource) record with a 2xx status; other records are counted."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    batch, seen, ignored = Batch(), {}, 0
    try:
        _check_opening(path)
        with open(path, "rb") as stream, contextlib.redirect_stderr(io.StringIO()):  # warcio writes warnings there
            records = ArchiveIterator(stream, arc2warc=True)
            for number, record in enumerate(records, 1):
                item = _page(record, path, number, seen)
                if item is None:
                    ignored += record.rec_type in ("response", "resource")
                else:
                    batch.pending.append(item)
    except OSError as err:
        raise InputError(f"{path}: cannot read ({err.strerror or err})") from None
    except ArchiveLoadFailed as err:
        raise InputError(f"{path}: not a readable WARC file ({str(err).strip()[:120]})") from None
    if ignored:
        batch.warnings.append(f"{path}: {ignored} record(s) that are not HTML pages with a 2xx status ignored")
    if records.err_count:
        batch.warnings.append(f"{path}: {records.err_count} record(s) with a wrong Content-Length (archive damaged?)")
    return batch


def _check_opening(path: str) -> None:
    """An archive opens with a WARC (or ARC) record header, gzipped or not."""
    with open(path, "rb") as f:
        head = f.read(64)
    if head.startswith(b"\x1f\x8b"):
        try:
            with gzip.open(path, "rb") as f:
                head = f.read(64)
        except (OSError, EOFError) as err:
            raise InputError(f"{path}: not a readable WARC file (gzip: {err})") from None
    if not head.lstrip().startswith((b"WARC/", b"filedesc://")):
        raise InputError(f"{path}: not a readable WARC file (it does not open with a WARC record)")


def _page(record, path: str, number: int, seen: dict[str, int]) -> Pending | None:
    if record.rec_type not in ("response", "resource") or not _is_html_ok(record):
        return None
    uri = record.rec_headers.get_header("WARC-Target-URI") or f"{path}#{number}"
    captured = record.rec_headers.get_header("WARC-Date")
    seen[uri] = seen.get(uri, 0) + 1
    doc_id = uri if seen[uri] == 1 else f"{uri} ({captured or seen[uri]})"
    data = record.content_stream().read()
    return Pending(doc_id, f"{path}: {uri}", path=path, html=data, meta=Meta(url=uri, captured=captured))


def _is_html_ok(record) -> bool:
    """An HTML page with a 2xx status (a resource record has no HTTP headers: its own Content-Type counts)."""
    http = record.http_headers
    if http is not None:
        status = http.get_statuscode() or ""
        media = (http.get_header("Content-Type") or "").split(";")[0].strip().lower()
        return status.startswith("2") and media in HTML_TYPES
    media = (record.rec_headers.get_header("Content-Type") or "").split(";")[0].strip().lower()
    return media in HTML_TYPES
