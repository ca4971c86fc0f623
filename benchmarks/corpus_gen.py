"""Realistic syndication built from real text, at any size, with its ground truth.

    python benchmarks/corpus_gen.py OUT --articles 10000 [--queries 200] [--seed 1] [--eval-dir DIR]

Base stories are cut from the PAN 2013 training texts, read at run time from ../shared/eval/pan13-train
(next to the repository) and never copied into it: the source documents, and the suspicious documents
with every annotated reused passage cut out, split at paragraph breaks into stories of 150-600 words.
Each story is published once by its origin outlet and then republished by other outlets:

- `wrapper`: whole, inside the site's furniture (menu line, share line, footer, comment form), often with
  a credit line ("The original source of this article is ...", "... reports:", "originally appeared on");
- `trimmed`: the first 40-80% of its paragraphs;
- `lede`: the first paragraph rewritten (sentences reordered, words dropped, swapped and replaced);
- `excerpt`: two or three paragraphs, "Read the full story at ...";
- `compiled`: paragraphs of two to four stories run together.

How often a story is republished follows a Zipf-like law, so a few stories are everywhere and most
appear a few times. Writes:

- OUT/articles/NNN/aNNNNNN.txt, the corpus;
- OUT/queries/qNNNNN.txt, articles not in the corpus: new copies of corpus stories, and stories the
  corpus lacks (70/30);
- OUT/truth.jsonl, one line per article and query: `id`, `path`, `kind`, `outlet`, `origin` and
  `parts`, the [story, paragraph] pairs its text carries (two documents share text when they share a part).
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEFAULT_EVAL_DIR = REPO.parent / "shared" / "eval" / "pan13-train"
MIN_STORY, MAX_STORY, MIN_PARAGRAPH = 150, 600, 12
KINDS = (("wrapper", 0.40), ("trimmed", 0.20), ("lede", 0.15), ("excerpt", 0.15), ("compiled", 0.10))
ZIPF = 0.5
NAMES = ("Harbor", "Northern", "Valley", "Capital", "Evening", "Morning", "Coastal", "Metro", "Union", "Pioneer",
         "Frontier", "Summit", "Liberty", "Prairie", "Granite", "Lakeside", "Midland", "Western", "Eastern", "Civic")
KINDS_OF_SITE = ("Times", "Ledger", "Herald", "Gazette", "Post", "Wire", "Courier", "Tribune", "Report", "Observer")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
SYNONYMS = {"said": "stated", "big": "large", "many": "numerous", "also": "additionally", "about": "around",
            "very": "highly", "new": "fresh", "help": "assist", "use": "employ", "show": "reveal", "make": "create",
            "get": "obtain", "find": "discover", "important": "significant", "people": "residents"}


@dataclass(frozen=True)
class Story:
    id: int
    paragraphs: tuple[str, ...]


@dataclass
class Article:
    id: str
    kind: str
    outlet: str
    origin: str
    text: str
    parts: list[tuple[int, int]] = field(default_factory=list)


def read_stories(eval_dir: Path) -> list[Story]:
    """Stories of 150-600 words from the source texts and the unreused parts of the suspicious texts."""
    texts = [p.read_text(encoding="utf-8", errors="replace") for p in sorted((eval_dir / "src").glob("*.txt"))]
    reused = reused_spans(eval_dir)
    for path in sorted((eval_dir / "susp").glob("*.txt")):
        text = path.read_text(encoding="utf-8", errors="replace")
        for start, end in sorted(reused.get(path.name, []), reverse=True):
            text = text[:start] + "\n\n" + text[end:]
        texts.append(text)
    stories: list[Story] = []
    seen: set[int] = set()
    for text in texts:
        for paragraphs in _cut(_paragraphs(text)):
            if _new_text(paragraphs, seen):
                stories.append(Story(len(stories), tuple(paragraphs)))
    return stories


def _new_text(paragraphs: list[str], seen: set[int], n: int = 8) -> bool:
    """False when the paragraphs repeat any 8 words of an earlier story (the PAN texts hold duplicates,
    which would be reuse the truth does not know); otherwise remember their 8-grams."""
    words = " ".join(paragraphs).lower().split()
    grams = {hash(" ".join(words[i : i + n])) for i in range(max(0, len(words) - n + 1))}
    if len(grams & seen) > 2:
        return False
    seen.update(grams)
    return True


def reused_spans(eval_dir: Path) -> dict[str, list[tuple[int, int]]]:
    """Character spans of every annotated reused passage, per suspicious document."""
    spans: dict[str, list[tuple[int, int]]] = {}
    for xml in eval_dir.glob("0*/*.xml"):
        root = ET.parse(xml).getroot()
        for feature in root.iter("feature"):
            if feature.get("name") == "plagiarism":
                start = int(feature.get("this_offset"))
                spans.setdefault(root.get("reference"), []).append((start, start + int(feature.get("this_length"))))
    return spans


def _paragraphs(text: str) -> list[str]:
    out = []
    text = _CONTROL.sub(" ", text)  # a few texts carry NUL and other control bytes
    for block in re.split(r"\n\s*\n|\n(?=\s*\S)", text):
        words = block.split()
        if len(words) >= MIN_PARAGRAPH:
            out.append(" ".join(words))
    return out


def _cut(paragraphs: list[str]) -> Iterator[list[str]]:
    story, words = [], 0
    for p in paragraphs:
        n = len(p.split())
        if n > MAX_STORY:
            continue
        if words + n > MAX_STORY and words >= MIN_STORY:
            yield story
            story, words = [], 0
        story.append(p)
        words += n
    if words >= MIN_STORY:
        yield story


class Generator:
    """Articles and queries over a fixed set of stories, deterministic for a seed."""

    def __init__(self, stories: list[Story], articles: int, queries: int, seed: int):
        self.rng = random.Random(seed)
        order = list(range(len(stories)))
        self.rng.shuffle(order)
        held_out = max(1, queries * 3 // 10) if queries else 0
        self.stories = stories
        self.unseen = order[:held_out]
        self.used = order[held_out : held_out + max(1, min(len(order) - held_out, articles // 2))]
        self.weights = [1 / (rank + 1) ** ZIPF for rank in range(len(self.used))]
        self.outlets = [f"{a} {b}" for a in NAMES for b in KINDS_OF_SITE]
        self.origin = {s: self.rng.choice(self.outlets) for s in self.used + self.unseen}
        self.n_articles, self.n_queries = articles, queries

    def articles(self) -> Iterator[Article]:
        """Each used story's original first (in a shuffled order), then copies."""
        originals = list(self.used)
        self.rng.shuffle(originals)
        for n in range(self.n_articles):
            article_id = f"a{n:06d}"
            if n < len(originals):
                yield self.original(article_id, originals[n])
            else:
                yield self.copy(article_id)

    def queries(self) -> Iterator[Article]:
        for n in range(self.n_queries):
            if n < len(self.unseen):
                yield self.original(f"q{n:05d}", self.unseen[n])
            else:
                yield self.copy(f"q{n:05d}")

    def original(self, article_id: str, story: int) -> Article:
        outlet = self.origin[story]
        paragraphs = self.stories[story].paragraphs
        text = f"{outlet}\n\n" + "\n\n".join(paragraphs) + f"\n\n© {outlet}"
        return Article(article_id, "original", outlet, outlet, text, [(story, i) for i in range(len(paragraphs))])

    def copy(self, article_id: str) -> Article:
        story = self.rng.choices(self.used, weights=self.weights)[0]
        kind = self.rng.choices([k for k, _ in KINDS], weights=[w for _, w in KINDS])[0]
        outlet = self.rng.choice([o for o in self.outlets if o != self.origin[story]])
        body, parts = getattr(self, "_" + kind)(story)
        return Article(article_id, kind, outlet, self.origin[story], self._wrap(outlet, story, body), parts)

    def _wrapper(self, story: int) -> tuple[str, list]:
        paragraphs = self.stories[story].paragraphs
        return "\n\n".join(paragraphs), [(story, i) for i in range(len(paragraphs))]

    def _trimmed(self, story: int) -> tuple[str, list]:
        paragraphs = self.stories[story].paragraphs
        keep = max(1, round(len(paragraphs) * self.rng.uniform(0.4, 0.8)))
        return "\n\n".join(paragraphs[:keep]), [(story, i) for i in range(keep)]

    def _lede(self, story: int) -> tuple[str, list]:
        paragraphs = list(self.stories[story].paragraphs)
        paragraphs[0] = self.rewrite(paragraphs[0])
        return "\n\n".join(paragraphs), [(story, i) for i in range(1, len(paragraphs))]

    def _excerpt(self, story: int) -> tuple[str, list]:
        paragraphs = self.stories[story].paragraphs
        size = min(len(paragraphs), self.rng.randint(2, 3))
        start = self.rng.randint(0, len(paragraphs) - size)
        body = "\n\n".join(paragraphs[start : start + size])
        return body + f"\n\nRead the full story at {self.origin[story]}.", [(story, start + i) for i in range(size)]

    def _compiled(self, story: int) -> tuple[str, list]:
        chosen = [story] + self.rng.sample(self.used, min(len(self.used), self.rng.randint(1, 3)))
        pieces, parts = [], []
        for s in dict.fromkeys(chosen):
            paragraphs = self.stories[s].paragraphs
            size = min(len(paragraphs), self.rng.randint(1, 3))
            start = self.rng.randint(0, len(paragraphs) - size)
            pieces.append("\n\n".join(paragraphs[start : start + size]))
            parts += [(s, start + i) for i in range(size)]
        return "\n\nMeanwhile, in other news:\n\n".join(pieces), parts

    def rewrite(self, paragraph: str) -> str:
        """Reorder the sentences, drop and swap words, use synonyms: a rewritten lede."""
        sentences = [s for s in re.split(r"(?<=[.!?])\s+", paragraph) if s]
        if len(sentences) > 1:
            sentences[0], sentences[1] = sentences[1], sentences[0]
        out = []
        for sentence in sentences:
            words = [SYNONYMS.get(w.lower(), w) for w in sentence.split() if self.rng.random() > 0.15]
            if len(words) > 3:
                i = self.rng.randrange(len(words) - 1)
                words[i], words[i + 1] = words[i + 1], words[i]
            out.append(" ".join(words))
        return " ".join(out)

    def _wrap(self, outlet: str, story: int, body: str) -> str:
        origin = self.origin[story]
        credit = self.rng.choice([f"The original source of this article is {origin}", f"{origin} reports:",
                                  f"This article originally appeared on {origin}.", ""])
        head = f"{outlet} | Home | World | Politics | Business | Opinion\n\nShare this: Facebook Twitter Email"
        foot = (f"© 2024 {outlet}. All rights reserved.\n\nLeave a Reply\n\nYour email address will not be "
                "published. Required fields are marked *")
        lead = f"{credit}\n\n" if credit.endswith(":") else ""
        tail = f"\n\n{credit}" if credit and not credit.endswith(":") else ""
        return f"{head}\n\n{lead}{body}{tail}\n\n{foot}"


def write(out: Path, generator: Generator) -> dict:
    """Write the corpus, the queries and the truth; counts by kind."""
    counts: dict[str, int] = {}
    with (out / "truth.jsonl").open("w", encoding="utf-8") as truth:
        for folder, articles in (("articles", generator.articles()), ("queries", generator.queries())):
            for n, article in enumerate(articles):
                sub = out / folder / (f"{n // 1000:03d}" if folder == "articles" else "")
                sub.mkdir(parents=True, exist_ok=True)
                path = sub / f"{article.id}.txt"
                path.write_text(article.text, encoding="utf-8")
                record = {"id": path.name, "path": str(path.relative_to(out)), "kind": article.kind,
                          "outlet": article.outlet, "origin": article.origin, "parts": article.parts,
                          "query": folder == "queries"}
                truth.write(json.dumps(record) + "\n")
                key = ("query " if folder == "queries" else "") + article.kind
                counts[key] = counts.get(key, 0) + 1
    return counts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="folder to write (created)")
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--eval-dir", type=Path, default=DEFAULT_EVAL_DIR)
    args = parser.parse_args(argv)
    if not (args.eval_dir / "src").is_dir():
        print(f"corpus_gen: {args.eval_dir} not found; nothing generated", file=sys.stderr)
        return 0
    stories = read_stories(args.eval_dir)
    args.out.mkdir(parents=True, exist_ok=True)
    counts = write(args.out, Generator(stories, args.articles, args.queries, args.seed))
    print(json.dumps({"stories": len(stories), **counts}, sort_keys=True))
    return 0


if __name__ == "__main__":
    sys.exit(main())
