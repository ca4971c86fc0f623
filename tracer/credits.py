"""Credit lines: where a document says its text came from.

A credit names the origin of the text ("RT reports:", "The original source of this article is RT",
"Based on reporting by AFP, AP, dpa, and Reuters", "originally appeared on", a "/TASS/" or
"(Reuters) -" dateline). A citation of a fact ("told TASS", "Al Jazeera reported", "a spokesman
told Sputnik") is not a credit of the text, and none of these patterns match it.
"""

from __future__ import annotations

import re

from .model import Credit

_NAME = r"(?:[A-Z][\w&.'’-]*|dpa)(?:[ \t]+(?:[A-Z][\w&.'’-]*|of|de|du|la|the)){0,4}"
_OUTLET = r"\[?(?:(?-i:the)\s+)?(?P<outlet>(?-i:" + _NAME + r"))\]?(?:\([^)\s]*\))?"
"""An outlet name is matched case-sensitively even inside a case-insensitive pattern, so the words
after it ("Antiwar.com with permission", "Consortium News on March 3") are not taken as its name."""
_LIST = r"(?P<list>[^\n]+?)"

PATTERNS: tuple[tuple[str, float, re.Pattern], ...] = (
    ("original-source", 0.9, re.compile(
        r"\b(?:the\s+)?original\s+source\s+of\s+this\s+(?:article|story|post)\s+is\s+" + _OUTLET, re.I)),
    ("originally-appeared", 0.9, re.compile(
        r"\b(?:this\s+(?:article|story|post)\s+)?(?:was\s+)?(?:originally|first)\s+(?:appeared|published|ran)"
        r"\s+(?:on|in|at|by)\s+" + _OUTLET, re.I)),
    ("republished-from", 0.85, re.compile(
        r"\b(?:republished|reprinted|reproduced|syndicated)\s+(?:with\s+permission\s+)?(?:from|by)\s+" + _OUTLET,
        re.I)),
    ("based-on", 0.8, re.compile(
        r"\b(?:based\s+on|compiled\s+from|with)\s+(?:reporting|reports|material)\s+(?:by|from)\s+" + _LIST
        + r"(?=\s+[-–—]\s|[.;]?\s*$|\.\s)", re.I | re.M)),
    ("reports", 0.8, re.compile(r"(?:^|(?<=[.!?]\s))[ \t]*" + _OUTLET + r"\s+(?:reports|reported|writes|says):", re.M)),
    ("source-line", 0.8, re.compile(r"^[ \t]*(?:source|via|courtesy\s+of)\s*:\s*" + _OUTLET, re.I | re.M)),
    ("courtesy", 0.7, re.compile(r"^[ \t]*(?i:courtesy\s+of)\s+" + _OUTLET + r"[ \t]*$", re.M)),
    ("dateline", 0.8, re.compile(r"^[ \t]*[A-Z][A-Z .'-]{2,}(?:,[^\n/()]{0,30})?[ \t]*/(?P<outlet>[A-Z][\w-]{1,20})/", re.M)),
    ("dateline", 0.8, re.compile(
        r"^[ \t]*[A-Z][A-Z .'-]{2,}(?:,[^\n()]{0,30})?[ \t]*\((?P<outlet>" + _NAME + r")\)\s*[-–—]", re.M)),
)

HINTS: dict[str, tuple[str, ...]] = {
    "original-source": ("original",),
    "originally-appeared": ("originally", "first"),
    "republished-from": ("republished", "reprinted", "reproduced", "syndicated"),
    "based-on": ("reporting", "reports", "material"),
    "reports": ("reports:", "reported:", "writes:", "says:"),
    "source-line": ("source", "via", "courtesy"),
    "courtesy": ("courtesy",),
}
"""Words a kind's pattern cannot match without (in the casefolded text): a text holding none of them is not
searched with it. Datelines have no such word."""

FOLLOWED_BY: dict[str, re.Pattern] = {
    "original-source": re.compile(r"\s+source\s+of\s+this\s+(?:article|story|post)\s+is\s"),
    "originally-appeared": re.compile(r"\s+(?:appeared|published|ran)\s+(?:on|in|at|by)\s"),
    "republished-from": re.compile(r"\s+(?:with\s+permission\s+)?(?:from|by)\s"),
    "based-on": re.compile(r"\s+(?:by|from)\s"),
}
"""What a kind's pattern needs right after one of its hint words, matched in the casefolded text: a text where no
hint word is followed so is not searched with it either. Common hint words ("first", "reports") are in half the
PAN 2013 documents, and these patterns, tried at every word, took 1.1 of the 1.6 s their credits cost."""

ALIASES = {
    "russia today": "RT", "rt.com": "RT", "associated press": "AP", "the associated press": "AP",
    "agence france-presse": "AFP", "agence france presse": "AFP", "deutsche presse-agentur": "dpa",
    "reuters news": "Reuters", "thomson reuters": "Reuters", "tass news agency": "TASS",
}


def find_credits(text: str) -> tuple[Credit, ...]:
    """Every credit line of a text, in order of appearance, one Credit per named outlet.

    >>> [c.outlet for c in find_credits("RT reports: Calling the retaking a victory.")]
    ['RT']
    >>> [c.outlet for c in find_credits("Based on reporting by AFP, AP, dpa, and Reuters – EIN News")]
    ['AFP', 'AP', 'dpa', 'Reuters']
    >>> find_credits("NATO is refusing to comment, an official told TASS on Monday.")
    ()
    """
    found: list[Credit] = []
    folded = text.casefold()
    for kind, _, pattern in PATTERNS:
        if not _may_match(kind, folded):
            continue
        for m in pattern.finditer(text):
            quote = text[m.start() : m.end()].strip()
            for name in _names(m):
                found.append(Credit(canonical(name), kind, quote, (m.start(), m.end())))
    return tuple(sorted(_dedupe(found), key=lambda c: c.span))


def _may_match(kind: str, folded: str) -> bool:
    """False when the casefolded text holds none of the kind's `HINTS` followed as `FOLLOWED_BY` asks.

    >>> _may_match("originally-appeared", "the first time"), _may_match("originally-appeared", "first ran on rt")
    (False, True)
    """
    hints = HINTS.get(kind)
    if hints is None:
        return True
    follow = FOLLOWED_BY.get(kind)
    for hint in hints:
        at = folded.find(hint)
        while at >= 0:
            if follow is None or follow.match(folded, at + len(hint)):
                return True
            at = folded.find(hint, at + 1)
    return False


def credit_weight(kind: str) -> float:
    return next(w for k, w, _ in PATTERNS if k == kind)


def canonical(name: str) -> str:
    """One spelling per outlet, so "Russia Today" and "RT" are the same source.

    >>> canonical("Associated Press"), canonical("RT.")
    ('AP', 'RT')
    """
    name = name.strip(" .,:;–—-")
    return ALIASES.get(name.lower(), name)


def _names(m: re.Match) -> list[str]:
    if "list" in m.re.groupindex:
        parts = re.split(r",\s*(?:and\s+)?|\s+and\s+|\s*&\s*", m.group("list"))
        return [p for p in (canonical(p) for p in parts) if p and p[0].isalpha()]
    return [m.group("outlet")]


def _dedupe(credits: list[Credit]) -> list[Credit]:
    seen: set[tuple[str, int]] = set()
    out = []
    for c in credits:
        if (c.outlet, c.span[0]) not in seen:
            seen.add((c.outlet, c.span[0]))
            out.append(c)
    return out
