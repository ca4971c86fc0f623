"""One article per record (a JSONL line, a CSV row): which fields hold what, and what makes a record bad."""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import datetime, timezone

from .assemble import Batch, Meta, Pending
from .metadata import parse_date
from .model import Skipped


@dataclass(frozen=True)
class Fields:
    """The name of the field (JSON key, CSV column) that holds each value. A record needs text or html."""

    text: str = "text"
    html: str = "html"
    id: str = "id"
    url: str = "url"
    outlet: str = "outlet"
    published: str = "published"
    title: str = "title"
    author: str = "author"


FIELD_NAMES = tuple(f.name for f in fields(Fields))


def record_to_pending(record: dict, *, where: str, default_id: str,
                      names: Fields) -> tuple[Pending | Skipped, str | None]:
    """A Pending article for one record, or why the record is bad; and a warning about a value ignored.

    >>> item, _ = record_to_pending({"text": "Body", "published": "2016-03-29"}, where="a.jsonl:1",
    ...                             default_id="a.jsonl:1", names=Fields())
    >>> item.id, item.text, item.meta.published
    ('a.jsonl:1', 'Body', '2016-03-29')
    >>> record_to_pending({"body": "x"}, where="a.jsonl:2", default_id="x", names=Fields())[0].reason
    "no 'text' or 'html' value"
    """
    text, html = record.get(names.text), record.get(names.html)
    for name, value in ((names.text, text), (names.html, html)):
        if value is not None and not isinstance(value, str):
            return Skipped(where, f"'{name}' is not a string", "record"), None
    if not (text or "").strip() and not (html or "").strip():
        return Skipped(where, f"no '{names.text}' or '{names.html}' value", "record"), None
    published, warning = _published(record.get(names.published), names.published, where)
    meta = Meta(url=_string(record.get(names.url)), outlet=_string(record.get(names.outlet)), published=published,
                title=_string(record.get(names.title)), author=_string(record.get(names.author)))
    doc_id = _string(record.get(names.id)) or default_id
    if (text or "").strip():
        return Pending(doc_id, where, path=None, text=text, meta=meta, record=True), warning
    return Pending(doc_id, where, path=None, html=html, meta=meta, record=True), warning


def add_record(batch: Batch, record: dict, where: str, names: Fields, first_seen: dict[str, str]) -> None:
    """Turn one record into a pending document of `batch`, or list it as skipped (bad or a duplicate id)."""
    item, warning = record_to_pending(record, where=where, default_id=where, names=names)
    if warning:
        batch.warnings.append(warning)
    bad = item if isinstance(item, Skipped) else check_duplicate(item, first_seen)
    if bad:
        batch.skipped.append(bad)
    else:
        batch.pending.append(item)


def check_duplicate(item: Pending, first_seen: dict[str, str]) -> Skipped | None:
    """A record whose id an earlier record of the same file already used is bad."""
    if item.id in first_seen:
        return Skipped(item.where, f"id '{item.id}' already used at {first_seen[item.id]}", "record")
    first_seen[item.id] = item.where
    return None


def _published(value, name: str, where: str) -> tuple[str | None, str | None]:
    if value is None or value == "":
        return None, None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        parsed = _from_epoch(value)
    else:
        parsed = parse_date(str(value))
    if parsed is None:
        return None, f"{where}: '{name}' value {str(value)[:40]!r} is not a date; ignored"
    return parsed, None


def _from_epoch(value: float) -> str | None:
    """A Unix time in seconds (or milliseconds) as an ISO date."""
    try:
        return datetime.fromtimestamp(value / 1000 if value > 1e11 else value, tz=timezone.utc).date().isoformat()
    except (OverflowError, OSError, ValueError):
        return None


def _string(value) -> str | None:
    if value is None or isinstance(value, (dict, list)):
        return None
    value = str(value).strip()
    return value or None
