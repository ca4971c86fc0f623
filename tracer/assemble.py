"""Turn what a reader found (a file, bytes, text or HTML, and what is known about it) into a Document.

Every reader (files and folders, stdin, URLs, JSONL, CSV, WARC) hands over `Pending` items; this module
decodes them, extracts web pages, fills in what metadata is missing from the text, and checks the
publication date against the text's own evidence. It runs in worker processes for large inputs.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from .html import HTML_SUFFIXES, Page, extract_page, looks_like_html
from .metadata import guess_published, guess_title, outlet_name, settle_published
from .model import Document, Skipped

FALLBACK_ENCODING = "cp1252"
_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
         (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
"""UTF-32 first: its little-endian mark starts with UTF-16's."""


@dataclass(frozen=True)
class Meta:
    """What is known about an article besides its text (from a sidecar, a record, a fetch or an archive)."""

    url: str | None = None
    outlet: str | None = None
    published: str | None = None
    """ISO date."""
    title: str | None = None
    author: str | None = None
    captured: str | None = None


@dataclass(frozen=True)
class Pending:
    """An article found by a reader, not yet decoded. Exactly one of `text`, `html`, `raw` is set,
    or none of them and `path` is read."""

    id: str
    where: str
    """Where it came from, for messages: a path, "file.jsonl:17", a URL."""
    path: str | None = None
    text: str | None = None
    html: bytes | str | None = None
    raw: bytes | None = None
    """Bytes of unknown kind: HTML when they look like it, else text."""
    meta: Meta = Meta()
    record: bool = False
    """A record of a JSONL or CSV file, or of a WARC archive (not a file of its own)."""


@dataclass(frozen=True)
class Batch:
    """What one reader produced."""

    pending: list[Pending] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


Assembled = tuple["Document | Skipped", tuple[str, ...]]


def assemble(item: Pending) -> Assembled:
    """The Document for one pending article (or why it is not one), and warnings for people."""
    warnings: list[str] = []
    try:
        text, html = _content(item, warnings)
    except NotArticle as why:
        return _skipped(item, str(why)), tuple(warnings)
    if html is not None:
        page = extract_page(html, url=item.meta.url)
        if page is None:
            return _skipped(item, "no article text found in the page"), tuple(warnings)
        return _from_page(item, page, warnings), tuple(warnings)
    return _from_text(item, text, warnings), tuple(warnings)


def decode_text(data: bytes, where: str, warnings: list[str]) -> str:
    """UTF-8 (byte-order mark dropped), UTF-16 or UTF-32 with a byte-order mark, else cp1252 with a warning;
    binary data or no text are not articles.

    A text with a few stray NUL bytes (some scraped corpora have them) keeps them as spaces, so
    character offsets still count the file's characters.
    """
    data = from_bom(data, where, warnings)
    if looks_binary(data):
        raise NotArticle("binary file (contains NUL bytes)")
    if b"\x00" in data:
        warnings.append(f"{where}: {data.count(0)} stray NUL byte(s) read as spaces")
        data = data.replace(b"\x00", b" ")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode(FALLBACK_ENCODING, errors="replace")
        warnings.append(f"{where}: not UTF-8, decoded as {FALLBACK_ENCODING}")
    if not text.strip():
        raise NotArticle("empty file")
    return text


def from_bom(data: bytes, where: str, warnings: list[str]) -> bytes:
    """Bytes that open with a UTF-16 or UTF-32 byte-order mark, as UTF-8 (the NUL bytes of those encodings are
    not binary); other bytes as they are.

    >>> from_bom("Café".encode("utf-16"), "a.txt", []), from_bom(b"plain", "b.txt", [])
    (b'Caf\\xc3\\xa9', b'plain')
    """
    codec = next((codec for bom, codec in _BOMS if data.startswith(bom)), None)
    if codec is None:
        return data
    try:
        return data.decode(codec).encode("utf-8")
    except UnicodeDecodeError:
        warnings.append(f"{where}: not valid {codec.upper()} after its byte-order mark; bad bytes replaced")
        return data.decode(codec, errors="replace").encode("utf-8")


def looks_binary(data: bytes, sample: int = 8000) -> bool:
    """True when NUL or other control bytes make up more than 5% of the first `sample` bytes.

    >>> looks_binary(bytes([0, 1, 2]) + b" abc"), looks_binary(b"plain text with one stray " + bytes([0]) + b" byte")
    (True, False)
    """
    head = data[:sample]
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13))
    return controls > 0.05 * max(1, len(head))


def _skipped(item: Pending, reason: str) -> Skipped:
    return Skipped(item.where, reason, "record" if item.record else "file")


class NotArticle(Exception):
    """Some input is not an article; the message says why."""


def _content(item: Pending, warnings: list[str]) -> tuple[str | None, bytes | str | None]:
    if item.text is not None:
        if not item.text.strip():
            raise NotArticle("empty text")
        return item.text, None
    if item.html is not None:
        return None, item.html
    raw = from_bom(item.raw if item.raw is not None else _read(item.path), item.where, warnings)
    named_html = item.path and item.path.lower().endswith(HTML_SUFFIXES) and b"<" in raw[:4096]
    if named_html or looks_like_html(raw):
        return None, raw
    return decode_text(raw, item.where, warnings), None


def _read(path: str | None) -> bytes:
    try:
        return Path(path).read_bytes()
    except OSError as err:
        raise NotArticle(f"cannot read ({err.strerror})") from None


def _from_text(item: Pending, text: str, warnings: list[str]) -> Document:
    meta = item.meta
    published = guess_published(text)
    if meta.published:
        published, warning = settle_published(meta.published, published, item.where)
        warnings.extend([warning] if warning else [])
    return Document(
        id=item.id, text=text, path=item.path, url=meta.url, outlet=outlet_name(meta.outlet, meta.url),
        published=published, title=meta.title or guess_title(text), author=meta.author, captured=meta.captured)


def _from_page(item: Pending, page: Page, warnings: list[str]) -> Document:
    meta = item.meta
    if meta.published:
        published, warning = settle_published(meta.published, page.printed, item.where)
    else:
        published, warning = _page_date(page, item.where)
    warnings.extend([warning] if warning else [])
    url = meta.url or page.url
    return Document(
        id=item.id, text=page.text, path=item.path, url=url, outlet=outlet_name(meta.outlet or page.site, url),
        published=published, title=meta.title or page.title, author=meta.author or page.author,
        captured=meta.captured)


def _page_date(page: Page, where: str) -> tuple[str | None, str | None]:
    """The page's date, unless its title prints another: the site's own words beat the extractor's guess
    (which can come from a related-article teaser).

    >>> _page_date(Page("text", published="2019-08-01", printed="2013-06-10"), "p.html")[0]
    '2013-06-10'
    """
    found, printed = page.published, page.printed
    if not found or not printed or abs((date.fromisoformat(found) - date.fromisoformat(printed)).days) <= 1:
        return found or printed, None
    warning = f"{where}: the page's date {found} differs from the date in its title ({printed}); using the title's"
    return printed, warning
