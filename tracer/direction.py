"""Decide, for one matched pair, the relation and the direction, with every piece of evidence kept.

Evidence of two sorts is weighed. Credits decide between "derived" and "siblings": a document
that credits the other's outlet is its copy; two documents that each credit the same outside
source, in their own words, are siblings of that source. Closeness evidence (what was trimmed,
wrapped, re-typed, dated) says which text is nearer the original. When the evidence is weak or
points both ways the answer is "undetermined": a wrong arrow in a fact-check is worse than none.
"""

from __future__ import annotations

from dataclasses import dataclass

from .align import CONDENSED
from .credits import canonical
from .model import Credit, Document, Evidence, Link, Match, Passage, Span
from .regions import article_words

CREDIT_WEIGHT = 3.0
SIBLING_WEIGHT = 2.0
TRIM_WEIGHT = 1.0
DATE_WEIGHT = 1.0
TYPOGRAPHY_WEIGHT = 0.5
COMPILED_WEIGHT = 1.0
COMPILED_RATIO = 2.0
"""A document is the compilation when the share of its text it shares with documents unrelated to its partner is
at least this many times the partner's share so (shares, not amounts: a long article shares more elsewhere by its
length alone). On PAN 2013 train: direction coverage 0.878 and precision 0.996; amounts instead of shares gave
0.887 and 0.996 at 2, 0.878 and 0.997 at 4, 0.865 and 0.997 at 10; the partner sharing none at all, 0.796 and
0.994."""
TRIMMED_COVERAGE = 0.75
"""A trimmed copy has at least this share of its article words in the shared passages."""
MIN_MARGIN = 1.0
"""Net weight a direction needs before it is called."""
CONFLICT_SHARE = 0.5
"""A direction is undetermined when the other side has at least this share of its weight."""
TYPOGRAPHIC = "“”‘’…"
STRAIGHT = "\"'"


@dataclass(frozen=True)
class Side:
    """One document of the pair with what the pipeline knows of it."""

    doc: Document
    credits: tuple[Credit, ...]


def decide(match: Match, x: Side, y: Side, context: tuple[Evidence, ...] = ()) -> Link:
    """The Link for a matched pair: relation, direction, confidence and evidence.

    `context` is closeness evidence that needs the whole collection (see `compilation_evidence`).
    """
    closeness = trim_evidence(match, x, y) + date_evidence(x, y) + typography_evidence(match, x, y) + list(context)
    derived = credit_evidence(match, x, y)
    notes = wrapper_notes(match, x, y)
    evidence = tuple(derived + closeness + notes)
    by_credit = [e for e in derived if e.favors in (x.doc.id, y.doc.id)]
    siblings = [e for e in derived if e.favors == "siblings"]
    fuller, other = _order_by_fullness(match, x, y)
    if by_credit:
        source = by_credit[0].favors
        target = y.doc.id if source == x.doc.id else x.doc.id
        return _link(match, source, target, True, "derived", CREDIT_WEIGHT, evidence)
    if siblings:
        common = sorted(_outlets(x) & _outlets(y))[0]
        return _link(match, fuller, other, False, "siblings", SIBLING_WEIGHT, evidence, common)
    return _by_closeness(match, closeness, evidence, fuller, other)


def credit_evidence(match: Match, x: Side, y: Side) -> list[Evidence]:
    """Who credits whom: a credit of the other's outlet, or independent credits of one source."""
    out: list[Evidence] = []
    for copy, orig in ((x, y), (y, x)):
        names = _names(orig.doc)
        for c in copy.credits:
            if c.outlet in names:
                out.append(Evidence("credit", orig.doc.id, CREDIT_WEIGHT,
                                    f"{copy.doc.id} credits {c.outlet}: '{c.quote}'", c.quote))
    if out:
        return out
    for outlet in sorted(_outlets(x) & _outlets(y)):
        cx, cy = _first(x, outlet), _first(y, outlet)
        if _copied_credit(match, x, y, cx, cy):
            out.append(Evidence("credit", "none", 0.0,
                                f"both credit {outlet} in the shared text itself, so the credit was copied with it",
                                cx.quote))
        else:
            out.append(Evidence("credit", "siblings", SIBLING_WEIGHT,
                                f"{x.doc.id} and {y.doc.id} credit {outlet}: '{cx.quote}' / '{cy.quote}'; "
                                "neither credits the other", f"{cx.quote} / {cy.quote}"))
    return out


def trim_evidence(match: Match, x: Side, y: Side) -> list[Evidence]:
    """A copy that is mostly the shared text, and lacks the other's lead or tail paragraphs, was cut from it.

    Two texts that each hold much of their own (an excerpt inside each) say nothing this way.
    """
    out = []
    for short, full in ((x, y), (y, x)):
        if match.coverage(short.doc.id) < TRIMMED_COVERAGE or _spread_out(match, short.doc.id, full.doc.id):
            continue
        lacking = match.unshared(full.doc.id).where(wrapper=False, locations=("lead", "tail"))
        missing = lacking.total_words()
        own_extra = article_words(match.unshared(short.doc.id))
        if missing >= 40 and missing > 3 * own_extra:
            where = " and ".join(sorted(set(lacking.locations)))
            text = full.doc.text[lacking[-1].span[0] : lacking[-1].span[1]]
            out.append(Evidence("trimmed", full.doc.id, TRIM_WEIGHT,
                                f"{short.doc.id} lacks {missing} words of {full.doc.id}'s {where}: '{_quote(text)}'"))
    return out


def _spread_out(match: Match, doc: str, other: str) -> bool:
    """True when `doc`'s passages span over CONDENSED times the text of their counterparts in `other` (the
    ratio at which align joins a condensed retelling): they match it sentence by sentence, so their extent is
    no measure of what `doc` shares.

    >>> m = Match("a", "b", 0.1, 0.1, 0.1, (Passage((0, 900), (0, 200), 0.2),), 0.9, 0.2, (), ())
    >>> _spread_out(m, "a", "b"), _spread_out(m, "b", "a")
    (True, False)
    """
    length = {d: sum(end - start for start, end in match.spans(d)) for d in (doc, other)}
    return length[doc] > CONDENSED * length[other]


def compilation_evidence(matches: list[Match], lengths: dict[str, int], unread: frozenset[str] = frozenset()
                         ) -> dict[tuple[str, str], tuple[Evidence, ...]]:
    """A document that shares other passages with documents unrelated to its partner is a compilation.

    For the pair (x, y): x is compiled from y (and others) when x shares, in parts of its text away
    from the y passages, text with documents that share none with y, and at least COMPILED_RATIO times as large
    a share of its text (`lengths[d]`: characters of document d) as y shares so. Both sharing about as much says
    nothing, nor does a pair where x's passages are spread out (x is retold in brief by y): then x's other parts
    may as well have been retold by other documents. `matches` are of distinct pairs, as `trace` finds them;
    `unread` names documents whose other links are not among them (a check reads only the article's), which the
    evidence says instead of "has no such parts".
    """
    partners: dict[str, dict[str, list]] = {}
    for m in matches:
        partners.setdefault(m.a, {})[m.b] = m.spans(m.a)
        partners.setdefault(m.b, {})[m.a] = m.spans(m.b)
    out: dict[tuple[str, str], tuple[Evidence, ...]] = {}
    for m in matches:
        others = {d: _independent(partners, d, partner) for d, partner in ((m.a, m.b), (m.b, m.a))}
        share = {d: _covered(span for other in others[d] for span in partners[d][other]) / max(1, lengths[d])
                 for d in others}
        for compiler, source in ((m.a, m.b), (m.b, m.a)):
            if (others[compiler] and share[compiler] > 0 and share[compiler] >= COMPILED_RATIO * share[source]
                    and not _spread_out(m, compiler, source)):
                out[(m.a, m.b)] = (_compiled(compiler, source, others[compiler], share, source in unread),)
                break
    return out


def _compiled(compiler: str, source: str, others: list[str], share: dict[str, float], unread: bool) -> Evidence:
    if unread:
        theirs = f"{source}'s links with other documents were not read"
    else:
        theirs = (f"{source} shares {_percent(share[source])} of its text so" if share[source]
                  else f"{source} has no such parts")
    detail = (f"{compiler} also shares other parts of its text ({_percent(share[compiler])} of it) with "
              f"{len(others)} document(s) that share none with {source} (e.g. {others[0]}); {theirs}: "
              f"{compiler} is a compilation")
    return Evidence("compiled", source, COMPILED_WEIGHT * min(2.0, 0.5 + 0.5 * len(others)), detail)


def _percent(share: float) -> str:
    """A share as a percentage, never rounded to 0.

    >>> _percent(0.4567), _percent(0.0004)
    ('46%', 'under 1%')
    """
    return f"{share:.0%}" if share >= 0.005 else "under 1%"


def _covered(spans) -> int:
    """Characters inside any of the (start, end) spans.

    >>> _covered([(0, 10), (5, 20), (30, 35)])
    25
    """
    total, end = 0, 0
    for start, stop in sorted(spans):
        if stop > end:
            total += stop - max(start, end)
            end = stop
    return total


def _independent(partners: dict[str, dict[str, list]], doc: str, partner: str) -> list[str]:
    """Documents sharing with `doc` a part of its text away from `partner`'s passages, unrelated to `partner`
    (`partners[x]` maps each document linked with x to x's spans in their passages)."""
    mine = partners[doc][partner]
    unrelated = partners[doc].keys() - partners[partner].keys() - {partner}
    return sorted(other for other in unrelated
                  if not any(s < e2 and s2 < e for s, e in partners[doc][other] for s2, e2 in mine))


def date_evidence(x: Side, y: Side) -> list[Evidence]:
    """The earlier publication is more likely the source; a same-day pair says nothing."""
    dx, dy = x.doc.published, y.doc.published
    if not dx or not dy or dx[:10] == dy[:10]:
        return []
    early, late = (x, y) if dx < dy else (y, x)
    return [Evidence("date", early.doc.id, DATE_WEIGHT,
                     f"{early.doc.id} is dated {early.doc.published}, {late.doc.id} {late.doc.published}")]


def typography_evidence(match: Match, x: Side, y: Side) -> list[Evidence]:
    """Copying straightens typographic quotes; it rarely curls straight ones."""
    counts = {}
    for side in (x, y):
        text = "".join(side.doc.text[s:e] for s, e in match.spans(side.doc.id))
        counts[side.doc.id] = (sum(text.count(c) for c in TYPOGRAPHIC), sum(text.count(c) for c in STRAIGHT))
    (cx, sx), (cy, sy) = counts[x.doc.id], counts[y.doc.id]
    for curly, straight, c_n, s_n in ((x, y, cx, sy), (y, x, cy, sx)):
        c_other = counts[straight.doc.id][0]
        if c_n >= 3 and s_n >= 3 and c_n >= 2 * max(c_other, 1):
            return [Evidence("typography", curly.doc.id, TYPOGRAPHY_WEIGHT,
                             f"{straight.doc.id} has straight quotes ({s_n}) where {curly.doc.id} has typographic "
                             f"ones ({c_n}); copying straightens quotes, it rarely curls them")]
    return []


def wrapper_notes(match: Match, x: Side, y: Side) -> list[Evidence]:
    """Site furniture around the shared text: a sign of republication, not of direction."""
    out = []
    for side in (x, y):
        wrapped = match.unshared(side.doc.id).where(wrapper=True)
        words = wrapped.total_words()
        if words >= 20:
            text = side.doc.text[wrapped[-1].span[0] : wrapped[-1].span[1]]
            out.append(Evidence("wrapper", "none", 0.0,
                                f"{side.doc.id} carries the text inside {words} words of site furniture: '{_quote(text)}'"))
    return out


def relation(match: Match, source: str, target: str) -> str:
    """What the target's text is relative to the source's.

    verbatim / edited: both texts are nearly all shared (edited when under 90% of it is verbatim);
    trimmed: the target is mostly the source's text, the source has more; expanded: the reverse;
    excerpt: a shared passage inside two otherwise different texts.
    """
    cs, ct = match.coverage(source), match.coverage(target)
    if cs >= 0.9 and ct >= 0.9:
        word_for_word = max(_exact_share(match), min(match.containment_a, match.containment_b))
        return "verbatim" if word_for_word >= 0.9 else "edited"
    if ct >= 0.75:
        return "trimmed"
    if cs >= 0.75:
        return "expanded"
    return "excerpt"


def _exact_share(match: Match) -> float:
    """The passages' `Passage.exact`, each weighted by its characters on both sides together (so the same
    whichever document is `a`).

    >>> m = Match("a", "b", 0.1, 0.1, 0.1, (Passage((0, 100), (0, 300), 0.5), Passage((100, 200), (300, 400), 1.0)),
    ...           0.9, 0.9, (), ())
    >>> round(_exact_share(m), 4)
    0.6667
    """
    sizes = [(p.a[1] - p.a[0]) + (p.b[1] - p.b[0]) for p in match.passages]
    return sum(p.exact * n for p, n in zip(match.passages, sizes)) / max(1, sum(sizes))


def _by_closeness(match: Match, closeness: list[Evidence], evidence, fuller: str, other: str) -> Link:
    weight = {fuller: 0.0, other: 0.0}
    for e in closeness:
        weight[e.favors] += e.weight
    win, lose = (fuller, other) if weight[fuller] >= weight[other] else (other, fuller)
    margin = weight[win] - weight[lose]
    if margin < MIN_MARGIN or weight[lose] >= CONFLICT_SHARE * weight[win]:
        return _link(match, fuller, other, False, "undetermined", 0.0, evidence)
    return _link(match, win, lose, True, "derived", margin, evidence)


def _link(match, source, target, directed, direction, margin, evidence, common=None) -> Link:
    return Link(
        source=source, target=target, kind="text", directed=directed, direction=direction,
        relation=relation(match, source, target), confidence=round(margin / (margin + 1), 4),
        jaccard=match.jaccard, containment={source: match.containment(source), target: match.containment(target)},
        passages=_oriented(match, source), evidence=evidence, common_source=common,
    )


def _oriented(match: Match, source: str) -> tuple[Passage, ...]:
    """The passages with the source's span first, in the source's order (so the same whichever is `a`)."""
    if source == match.a:
        return tuple(sorted(match.passages, key=_spans))
    return tuple(sorted((Passage(p.b, p.a, p.exact) for p in match.passages), key=_spans))


def _order_by_fullness(match: Match, x: Side, y: Side) -> tuple[str, str]:
    """(fuller, other): the document with more article text the other lacks comes first; on a tie the longer
    text, then the text itself, so the ids decide only between two equal texts."""
    kx = (article_words(match.unshared(x.doc.id)), len(x.doc.text), x.doc.text, y.doc.id)
    ky = (article_words(match.unshared(y.doc.id)), len(y.doc.text), y.doc.text, x.doc.id)
    return (x.doc.id, y.doc.id) if kx >= ky else (y.doc.id, x.doc.id)


def _names(doc: Document) -> set[str]:
    return {canonical(doc.outlet)} if doc.outlet else set()


def _outlets(side: Side) -> set[str]:
    return {c.outlet for c in side.credits} - _names(side.doc)


def _first(side: Side, outlet: str) -> Credit:
    return next(c for c in side.credits if c.outlet == outlet)


def _copied_credit(match: Match, x: Side, y: Side, cx: Credit, cy: Credit) -> bool:
    """True when both credit lines sit inside shared passages with the same words."""
    inside = lambda side, c: any(s <= c.span[0] and c.span[1] <= e for s, e in match.spans(side.doc.id))
    return inside(x, cx) and inside(y, cy) and cx.quote.lower() == cy.quote.lower()


def _quote(text: str, limit: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _spans(p: Passage) -> tuple[Span, Span]:
    return p.a, p.b
