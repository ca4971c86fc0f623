"""Score a tracer lineage against the PAN 2013 text-alignment truth.

Pure functions over small records, so every measure can be unit-tested on synthetic cases.
The character-level measures follow Potthast et al., "An Evaluation Framework for Plagiarism
Detection" (COLING 2010), as implemented in PAN's own evaluator:

- a detection r *detects* a case s when both name the same document pair and r overlaps s on the
  suspicious side and on the source side;
- macro recall = mean over cases of (characters of s covered by the detections that detect it,
  suspicious plus source side) / (characters of s, both sides); macro precision is the same with
  the roles of cases and detections swapped;
- granularity = mean, over the cases detected at all, of the number of detections that detect it;
- plagdet = F1(precision, recall) / log2(1 + granularity).
"""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

NEGATIVE = "01-no-plagiarism"
SUMMARY = "05-summary-obfuscation"
CATEGORIES = (NEGATIVE, "02-no-obfuscation", "03-random-obfuscation", "04-translation-obfuscation", SUMMARY)
OVERALL = "overall"

Span = tuple[int, int]
"""Character offsets [start, end)."""
PairKey = tuple[str, str]
"""(suspicious document id, source document id)."""


@dataclass(frozen=True)
class Annotation:
    """A case (truth) or a detection: a suspicious passage aligned with a source passage."""

    susp: str
    susp_span: Span
    src: str
    src_span: Span

    @property
    def pair(self) -> PairKey:
        return self.susp, self.src

    def size(self) -> int:
        return _length(self.susp_span) + _length(self.src_span)


@dataclass(frozen=True)
class PairTruth:
    """One line of a category's `pairs` file with the cases of its truth XML."""

    category: str
    susp: str
    src: str
    cases: tuple[Annotation, ...]

    @property
    def pair(self) -> PairKey:
        return self.susp, self.src

    @property
    def scored(self) -> bool:
        """Negative pairs and annotated pairs count; unannotated summary pairs count neither way."""
        return self.category == NEGATIVE or bool(self.cases)


@dataclass(frozen=True)
class Detection:
    """A detected text link mapped onto a listed pair, passages oriented (suspicious, source)."""

    susp: str
    src: str
    passages: tuple[Annotation, ...]
    directed: bool
    source_first: bool
    """True when the link is directed from the source document to the suspicious one."""


@dataclass(frozen=True)
class Ratio:
    hits: int
    total: int

    @property
    def value(self) -> float | None:
        return self.hits / self.total if self.total else None


# --- reading the truth -------------------------------------------------------------------------


def read_pairs(path: Path) -> list[PairKey]:
    """The (susp, src) lines of a `pairs` file, in file order."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return [(parts[0], parts[1]) for parts in (line.split() for line in lines) if len(parts) >= 2]


def parse_cases(xml_text: str, susp: str) -> tuple[Annotation, ...]:
    """The `plagiarism` features of one truth XML."""
    root = ET.fromstring(xml_text)
    return tuple(
        Annotation(
            susp, _span(f.get("this_offset"), f.get("this_length")),
            f.get("source_reference", ""), _span(f.get("source_offset"), f.get("source_length")),
        )
        for f in root.iter("feature")
        if f.get("name") == "plagiarism"
    )


def truth_xml_name(susp: str, src: str) -> str:
    return f"{Path(susp).stem}-{Path(src).stem}.xml"


def load_category(folder: Path, limit: int | None = None) -> list[PairTruth]:
    pairs = read_pairs(folder / "pairs")[:limit]
    return [
        PairTruth(folder.name, susp, src, parse_cases((folder / truth_xml_name(susp, src)).read_text("utf-8"), susp))
        for susp, src in pairs
    ]


def load_truth(eval_dir: Path, limit: int | None = None) -> list[PairTruth]:
    """Every listed pair of the five categories (the first `limit` of each when given)."""
    return [t for name in CATEGORIES for t in load_category(eval_dir / name, limit)]


def _span(offset: str | None, length: str | None) -> Span:
    start = int(offset or 0)
    return start, start + int(length or 0)


# --- mapping links onto pairs ------------------------------------------------------------------


def map_links(links: Iterable, pairs: set[PairKey]) -> dict[PairKey, Detection]:
    """Detected text links on listed pairs, in either link orientation.

    `links` are tracer Links (or anything with source, target, kind, directed and passages whose
    `.a` spans the link source's text and `.b` the link target's).
    """
    found: dict[PairKey, Detection] = {}
    for link in links:
        if link.kind != "text":
            continue
        if (link.target, link.source) in pairs:
            found[(link.target, link.source)] = _detection(link, susp=link.target, src=link.source)
        elif (link.source, link.target) in pairs:
            found[(link.source, link.target)] = _detection(link, susp=link.source, src=link.target)
    return found


def unlisted_links(links: Iterable, pairs: set[PairKey], susp_ids: set[str]) -> dict[str, int]:
    """Text links on no listed pair, by kind: suspicious-source, source-source, suspicious-suspicious."""
    counts: dict[str, int] = defaultdict(int)
    for link in links:
        if link.kind != "text" or (link.source, link.target) in pairs or (link.target, link.source) in pairs:
            continue
        n_susp = (link.source in susp_ids) + (link.target in susp_ids)
        counts[("src-src", "susp-src", "susp-susp")[n_susp]] += 1
    return dict(counts)


def _detection(link, susp: str, src: str) -> Detection:
    susp_is_a = link.source == susp
    passages = tuple(
        Annotation(susp, p.a if susp_is_a else p.b, src, p.b if susp_is_a else p.a) for p in link.passages
    )
    return Detection(susp, src, passages, bool(link.directed), bool(link.directed) and link.source == src)


# --- pair-level measures -----------------------------------------------------------------------


def pair_recall(truths: Iterable[PairTruth], detected: dict[PairKey, Detection] | set[PairKey]) -> Ratio:
    """Share of positive pairs with a detected text link."""
    positives = [t for t in truths if t.cases]
    return Ratio(sum(t.pair in detected for t in positives), len(positives))


def false_positive_rate(truths: Iterable[PairTruth], detected: dict[PairKey, Detection] | set[PairKey]) -> Ratio:
    """Share of listed no-plagiarism pairs that got a text link."""
    negatives = [t for t in truths if t.category == NEGATIVE]
    return Ratio(sum(t.pair in detected for t in negatives), len(negatives))


def direction_scores(truths: Iterable[PairTruth], detected: dict[PairKey, Detection]) -> tuple[Ratio, Ratio]:
    """(precision, coverage): of directed links on true positive pairs, the share from source to
    suspicious; of detected positive pairs, the share that got a direction."""
    hits = [detected[t.pair] for t in truths if t.cases and t.pair in detected]
    directed = [d for d in hits if d.directed]
    return Ratio(sum(d.source_first for d in directed), len(directed)), Ratio(len(directed), len(hits))


# --- character-level measures (PAN) ------------------------------------------------------------


def detects(r: Annotation, s: Annotation) -> bool:
    """True when the two annotations share their documents and overlap on both sides."""
    return r.pair == s.pair and _overlap(r.susp_span, s.susp_span) > 0 and _overlap(r.src_span, s.src_span) > 0


def case_recall(case: Annotation, detections: Iterable[Annotation]) -> float:
    """Share of the case's characters (both sides) covered by the detections that detect it."""
    hits = [r for r in detections if detects(r, case)]
    if not hits or not case.size():
        return 0.0
    susp = _covered(case.susp_span, [r.susp_span for r in hits])
    return (susp + _covered(case.src_span, [r.src_span for r in hits])) / case.size()


def macro_recall(cases: list[Annotation], detections: list[Annotation]) -> float:
    """Mean case recall (PAN: 1 with neither cases nor detections, 0 with only one of them)."""
    if not cases or not detections:
        return float(not cases and not detections)
    by_pair = _by_pair(detections)
    return sum(case_recall(s, by_pair.get(s.pair, ())) for s in cases) / len(cases)


def macro_precision(cases: list[Annotation], detections: list[Annotation]) -> float:
    """Mean share of each detection's characters that lie in cases it detects."""
    return macro_recall(detections, cases)


def granularity(cases: list[Annotation], detections: list[Annotation]) -> float:
    """Mean number of detections per detected case (1 when no case is detected)."""
    by_pair = _by_pair(detections)
    counts = [sum(detects(r, s) for r in by_pair.get(s.pair, ())) for s in cases]
    detected = [n for n in counts if n]
    return sum(detected) / len(detected) if detected else 1.0


def plagdet(precision: float, recall: float, gran: float) -> float:
    """F1 of precision and recall, discounted by log2(1 + granularity)."""
    if (precision <= 0 and recall <= 0) or gran < 1:
        return 0.0
    return 2 * precision * recall / (precision + recall) / math.log2(1 + gran)


def char_scores(cases: list[Annotation], detections: list[Annotation]) -> dict[str, float]:
    p, r, g = macro_precision(cases, detections), macro_recall(cases, detections), granularity(cases, detections)
    return {"char_precision": p, "char_recall": r, "granularity": g, "plagdet": plagdet(p, r, g)}


def _by_pair(annotations: Iterable[Annotation]) -> dict[PairKey, list[Annotation]]:
    out: dict[PairKey, list[Annotation]] = defaultdict(list)
    for a in annotations:
        out[a.pair].append(a)
    return out


def _length(span: Span) -> int:
    return max(0, span[1] - span[0])


def _overlap(x: Span, y: Span) -> int:
    return max(0, min(x[1], y[1]) - max(x[0], y[0]))


def _covered(span: Span, others: list[Span]) -> int:
    """Characters of `span` inside the union of `others`."""
    clipped = sorted((max(span[0], a), min(span[1], b)) for a, b in others if min(span[1], b) > max(span[0], a))
    total, reach = 0, span[0]
    for a, b in clipped:
        total += max(0, b - max(a, reach))
        reach = max(reach, b)
    return total


# --- the report --------------------------------------------------------------------------------


def score_group(truths: list[PairTruth], detected: dict[PairKey, Detection], negative_only: bool = False) -> dict:
    """Every figure for one group of scored pairs (a category, or all of them)."""
    scored = [t for t in truths if t.scored]
    hits = [detected[t.pair] for t in scored if t.pair in detected]
    out: dict = {"pairs": len(scored), "positives": sum(bool(t.cases) for t in scored), "detected": len(hits)}
    if negative_only:
        return out | {"false_positive_rate": false_positive_rate(scored, detected).value}
    cases = [c for t in scored for c in t.cases]
    detections = [p for d in hits for p in d.passages]
    precision, coverage = direction_scores(scored, detected)
    return out | {
        "pair_recall": pair_recall(scored, detected).value,
        **char_scores(cases, detections),
        "direction_precision": precision.value, "direction_coverage": coverage.value,
        "directed": precision.total, "directed_right": precision.hits, "detections": len(detections),
    }


def failures(truths: list[PairTruth], detected: dict[PairKey, Detection]) -> dict[str, list[str]]:
    """The pairs behind the errors, "susp src" each: missed positives per category, false positives,
    and positives directed from the suspicious document to the source."""
    out: dict[str, list[str]] = defaultdict(list)
    for t in truths:
        found = detected.get(t.pair)
        if t.category == NEGATIVE and found:
            out["false_positive"].append(f"{t.susp} {t.src}")
        elif t.cases and not found:
            out["missed " + t.category].append(f"{t.susp} {t.src}")
        elif t.cases and found.directed and not found.source_first:
            out["wrong_direction " + t.category].append(f"{t.susp} {t.src}")
    return dict(out)


def score(truths: list[PairTruth], detected: dict[PairKey, Detection]) -> dict[str, dict]:
    """Figures per category and overall (overall pools every scored pair, negatives included)."""
    report = {}
    for name in CATEGORIES:
        group = [t for t in truths if t.category == name]
        if group:
            report[name] = score_group(group, detected, negative_only=name == NEGATIVE)
    report[OVERALL] = score_group(truths, detected)
    report[OVERALL]["false_positive_rate"] = false_positive_rate(truths, detected).value
    return report
