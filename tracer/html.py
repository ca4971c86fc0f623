"""Web pages: the article's main text and what the page says about it, through trafilatura and htmldate.

Page furniture (navigation, share buttons, related links, comment forms, footers) is left out by the
extractor, so it never reaches the shingles. trafilatura and htmldate are imported on first use:
`import tracer` stays light.
"""

from __future__ import annotations

import json
import logging
import re
from dataclasses import dataclass

from .metadata import parse_date

log = logging.getLogger(__name__)

HTML_SUFFIXES = (".html", ".htm", ".xhtml")
MIN_ARTICLE_WORDS = 10
"""Fewer words than this is not an article (an empty shell, a consent wall, a script template)."""
SHORT_EXTRACTION_WORDS = 80
"""Below this, the page's structured data (JSON-LD articleBody) is tried for a fuller text."""
_SNIFF = re.compile(rb"^\s*<(?:!doctype\s+html|html|head|body|meta|title)\b", re.I)
_TEMPLATE = re.compile(r"\{\{.*?\}\}", re.S)
_WORD = re.compile(r"\w+")
_TEASER = re.compile(r"\[(?:…|\.\.\.)\]\s*$")
"""An excerpt of another post ("… and more […]"), as related-post lists show them."""
_LIST_LABEL = re.compile(
    r"(?:editors?['’]?s?['’]? (?:recommendations|picks)|related(?: articles| stories| posts| content)?|read more"
    r"|more (?:from|on|stories)\b.*|you (?:may|might) also like|recommended(?: for you)?|see also|trending)\s*:?$",
    re.I)
_TITLE_SEPARATORS = re.compile(r"\s+[|–—-]\s+|\s+·\s+")
_NUMERIC_DATE = re.compile(r"(?P<day>\d{1,2})\.(?P<month>\d{1,2})\.(?P<year>(?:19|20)\d\d)")


@dataclass(frozen=True)
class Page:
    """What was extracted from one web page."""

    text: str
    """The main text, one paragraph per block separated by blank lines."""
    title: str | None = None
    published: str | None = None
    """ISO date the page gives for its publication."""
    printed: str | None = None
    """ISO date printed in the page's own title, to check `published` against."""
    site: str | None = None
    url: str | None = None
    """The canonical URL the page declares (or the URL it was read from)."""
    author: str | None = None


def looks_like_html(data: bytes) -> bool:
    """True when bytes open like an HTML document.

    >>> looks_like_html(b"\\n<!DOCTYPE html><html>"), looks_like_html(b"Plain <b>text</b>")
    (True, False)
    """
    return bool(_SNIFF.match(data[:1024].removeprefix(b"\xef\xbb\xbf")))


def extract_page(data: bytes | str, url: str | None = None) -> Page | None:
    """The article in an HTML page, or None when the page holds no article text."""
    import trafilatura

    result = trafilatura.bare_extraction(
        data, url=url, with_metadata=True, include_comments=False, include_tables=True, include_images=False,
        include_links=False, date_extraction_params={"original_date": True, "extensive_search": True},
    )
    if result is None:
        return None
    text = _fuller_text(_paragraphs(result.text or ""), data)
    if not _is_article(text):
        return None
    site = _clean(result.sitename)
    title, title_date = clean_title(result.title, site, result.hostname)
    published = parse_date(result.date) or _htmldate(data, url)
    return Page(text, title, published, title_date, site, _clean(result.url) or url, _clean(result.author))


def clean_title(title: str | None, site: str | None, host: str | None) -> tuple[str | None, str | None]:
    """The headline without the site name and date a page appends to it, and that date (ISO).

    >>> clean_title("Uncork the mystery | DW | 10.06.2013", "DW.COM", "dw.com")
    ('Uncork the mystery', '2013-06-10')
    >>> clean_title("Letters: Crime | Tax dollars | Recount", "The Mercury News", "mercurynews.com")
    ('Letters: Crime | Tax dollars | Recount', None)
    """
    if not title:
        return None, None
    parts = _TITLE_SEPARATORS.split(title.strip())
    seps = _TITLE_SEPARATORS.findall(title.strip())
    found_date = None
    names = [_key(n) for n in (site, host, (host or "").split(".")[0]) if n and _key(n)]
    while len(parts) > 1:
        last = parts[-1]
        day = _numeric_date(last) or parse_date(last)
        if day:
            found_date = found_date or day
        elif not any(n.startswith(_key(last)) or _key(last).startswith(n) for n in names if _key(last)):
            break
        parts.pop()
        seps.pop()
    kept = parts[0] + "".join(s + p for s, p in zip(seps, parts[1:]))
    return kept.strip() or None, found_date


def _paragraphs(text: str) -> str:
    """One paragraph per line of extracted text, blank lines between, teasers and link lists left out.

    >>> _paragraphs("Body text.\\nAnother story teaser […]\\nRelated stories:\\n- One\\n- Two")
    'Body text.'
    """
    kept = [line.strip() for line in text.splitlines() if line.strip() and not _TEASER.search(line)]
    for i, line in enumerate(kept):
        if _LIST_LABEL.match(line) and all(_is_list_item(rest) for rest in kept[i + 1 :]):
            kept = kept[:i]
            break
    return "\n\n".join(kept)


def _is_list_item(line: str) -> bool:
    return line.startswith(("- ", "* ", "• ")) or len(_WORD.findall(line)) <= 4


def _fuller_text(text: str, data: bytes | str) -> str:
    """The extracted text, or the page's JSON-LD articleBody when the extractor found only a caption."""
    if len(_WORD.findall(text)) >= SHORT_EXTRACTION_WORDS:
        return text
    body = _json_ld_body(data)
    return body if body and len(body) > len(text) else text


def _json_ld_body(data: bytes | str) -> str | None:
    from lxml import html as lxml_html

    try:
        tree = lxml_html.fromstring(data)
    except (ValueError, TypeError, lxml_html.etree.ParserError):
        return None
    for script in tree.xpath('//script[@type="application/ld+json"]/text()'):
        try:
            found = _find_body(json.loads(script))
        except json.JSONDecodeError:
            continue
        if found:
            return _paragraphs(found)
    return None


def _find_body(node) -> str | None:
    if isinstance(node, dict):
        body = node.get("articleBody")
        if isinstance(body, str) and body.strip():
            return body
        node = list(node.values())
    if isinstance(node, list):
        for item in node:
            found = _find_body(item)
            if found:
                return found
    return None


def _is_article(text: str) -> bool:
    """Enough words once script-template expressions ({{ ... }}) are taken out."""
    words = len(_WORD.findall(_TEMPLATE.sub(" ", text)))
    return words >= MIN_ARTICLE_WORDS and not (words < 50 and "{{" in text)


def _htmldate(data: bytes | str, url: str | None) -> str | None:
    from htmldate import find_date

    try:
        return parse_date(find_date(data, original_date=True, extensive_search=True, url=url))
    except (ValueError, TypeError) as err:
        log.debug("htmldate: %s", err)
        return None


def _numeric_date(text: str) -> str | None:
    m = _NUMERIC_DATE.fullmatch(text.strip())
    if not m:
        return None
    from datetime import date

    try:
        return date(int(m["year"]), int(m["month"]), int(m["day"])).isoformat()
    except ValueError:
        return None


def _key(name: str | None) -> str:
    return re.sub(r"[\W_]+", "", (name or "").lower())


def _clean(value: str | None) -> str | None:
    value = (value or "").strip()
    return value or None
