"""Two articles whose ids, titles, outlets, URLs and texts try to break the HTML report, the DOT file and the SVG.

They share a story, so the report has a text link (the side-by-side view shows the hostile text) and both
credit "Evil&Co's", so the diagram has an external source and a "siblings via Evil&Co's" edge label.
"""

from __future__ import annotations

import json
from pathlib import Path

from conftest import STORY

HOSTILE_TEXT = ('<script>alert("text")</script> </script><!-- ]]> <a href="javascript:alert(5)">click</a> '
                "<img src=x onerror=alert(6)> {x} -> d1 [label=\"pwn\"]; \\N \\ \"quotes\" 'single' @@DATA@@ "
                "\u2028 & &amp; &lt;b&gt; </style></svg>")
FIRST = {
    "id": "<img src=x onerror=alert(1)>\"a'.txt",
    "title": "<script>alert(1)</script> \"quoted\" 'single' \\N {x} -> d1 [label=pwn]",
    "outlet": "</script><script>alert(2)</script>",
    "url": "javascript:alert(3)",
    "published": "2016-03-28",
    "text": "The original source of this article is Evil&Co's\n\n" + HOSTILE_TEXT + "\n\n" + STORY
            + "\nMore words that only this copy has, about the weather and the markets, which nobody else wrote down "
              "on that day, in a long tail paragraph that goes on.\n",
}
SECOND = {
    "id": 'b\\"];x.txt',
    "title": "back\\slash <<b>bold</b>>",
    "outlet": "<i>",  # with the title, a DOT label that starts with < and ends with >: HTML-like unless escaped
    "url": 'https://example.org/a?b=<c>&d="e"',
    "text": "Evil&Co's reports:\n\n" + STORY.split("\n", 3)[3] + "\n" + HOSTILE_TEXT + "\n",
}
RECORDS = (FIRST, SECOND)


def write_hostile_jsonl(folder: Path) -> Path:
    path = folder / "hostile.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in RECORDS), encoding="utf-8")
    return path
