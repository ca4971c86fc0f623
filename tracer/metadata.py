"""What a plain text says about itself: its title and its publication date."""

from __future__ import annotations

import re
from datetime import date

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
