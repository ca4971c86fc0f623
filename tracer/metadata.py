"""What a text says about itself (its title and publication date), and what metadata values mean."""

from __future__ import annotations

import re
from datetime import date, datetime
from urllib.parse import urlsplit

from .credits import canonical

HEAD_CHARS = 1200
_MONTHS = {m: i for i, m in enumerate(
    "january february march april may june july august september october november december".split(), 1)}
_MONTH = r"(?P<month>" + "|".join(m.capitalize() for m in _MONTHS) + r")"
_DATE_PATTERNS = (
    re.compile(_MONTH + r"\s+(?P<day>\d{1,2}),?\s+(?P<year>(?:19|20)\d\d)\b"),
    re.compile(r"\b(?P<day>\d{1,2})\s+" + _MONTH + r",?\s+(?P<year>(?:19|20)\d\d)\b"),
    re.compile(r"\b(?P<year>(?:19|20)\d\d)-(?P<month>\d\d)-(?P<day>\d\d)\b"),
)
_HEADING = re.compile(r"^\s{0,3}#{1,3}\s+(.+?)\s*#*\s*$", re.M)
_WORD = re.compile(r"\w+")


def guess_title(text: str) -> str | None:
    """The first heading, or else the first line that reads like a headline (5 to 30 words).

    >>> guess_title("All news\\n\\nFrench top diplomat: Russia gives Palmyra to IS\\n\\nBody text.")
    'French top diplomat: Russia gives Palmyra to IS'
    >>> guess_title("# A markdown heading\\ntext")
    'A markdown heading'
    """
    head = text[:HEAD_CHARS]
    heading = _HEADING.search(head)
    if heading:
        return _clean(heading.group(1))
    for line in head.splitlines():
        words = len(_WORD.findall(line))
        if 5 <= words <= 30 and not line.rstrip().endswith((".", ":", ",")):
            return _clean(line)
    return None


def guess_published(text: str) -> str | None:
    """The first full date in the head of the text, as an ISO date.

    >>> guess_published("Global Research, March 29, 2016\\nRT 28 March 2016")
    '2016-03-29'
    >>> guess_published("BRUSSELS, December 12. /TASS/.") is None
    True
    """
    head = text[:HEAD_CHARS]
    found = []
    for pattern in _DATE_PATTERNS:
        for m in pattern.finditer(head):
            parsed = _to_date(m)
            if parsed:
                found.append((m.start(), parsed))
    return min(found)[1].isoformat() if found else None


def _to_date(m: re.Match) -> date | None:
    month = m.group("month")
    month_no = int(month) if month.isdigit() else _MONTHS[month.lower()]
    try:
        return date(int(m.group("year")), month_no, int(m.group("day")))
    except ValueError:
        return None


def _clean(line: str) -> str:
    line = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", line)
    return re.sub(r"[*_`#]+", "", line).strip()


def parse_date(value: str | None) -> str | None:
    """An ISO date from a metadata value (ISO date or date-time, "March 29, 2016", "29 March 2016").

    >>> parse_date("2016-03-29T08:15:00Z"), parse_date("29 March 2016"), parse_date("soon")
    ('2016-03-29', '2016-03-29', None)
    """
    value = (value or "").strip()
    if not value:
        return None
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00")).date().isoformat()
    except ValueError:
        pass
    for pattern in _DATE_PATTERNS:
        m = pattern.fullmatch(value.rstrip("."))
        parsed = _to_date(m) if m else None
        if parsed:
            return parsed.isoformat()
    return None


def settle_published(given: str | None, printed: str | None, where: str) -> tuple[str | None, str | None]:
    """The publication date to use, from a metadata date and the date the text prints near its top.

    A metadata date earlier than the date the text prints contradicts the text's own evidence:
    it is flagged and neither date is used as evidence. A later metadata date is what a
    republication looks like, and is kept.

    >>> settle_published("2016-03-29", "2016-03-28", "a.txt")
    ('2016-03-29', None)
    >>> settle_published("2016-03-01", "2016-03-29", "a.txt")[1]
    'a.txt: metadata date 2016-03-01 is earlier than the date the text prints (2016-03-29); neither is used'
    """
    if not given or not printed or given >= printed:
        return given or printed, None
    warning = f"{where}: metadata date {given} is earlier than the date the text prints ({printed}); neither is used"
    return None, warning


def outlet_name(site: str | None, url: str | None) -> str | None:
    """The outlet a document belongs to: its site name, or else the host of its URL (without www.).

    Names are spelled as credit lines spell them, so "Russia Today" and rt.com are both RT.

    >>> outlet_name("Russia Today", None), outlet_name(None, "https://www.rt.com/news/1"), outlet_name("", "x")
    ('RT', 'RT', None)
    """
    name = (site or "").strip() or host_of(url)
    return canonical(name) if name else None


def host_of(url: str | None) -> str | None:
    """
    >>> host_of("https://www.globalresearch.ca/a/b"), host_of("not a url")
    ('globalresearch.ca', None)
    """
    host = urlsplit(url or "").hostname
    return host.removeprefix("www.") if host else None
