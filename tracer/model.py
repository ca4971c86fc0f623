"""The records that flow between stages. Records refer to documents by id, so all of them serialise."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, fields

Span = tuple[int, int]


def pickled_by_fields(cls: type) -> type:
    """Pickle instances of the dataclass `cls` as its constructor's arguments, not as a dict of attributes: a
    trace's workers send back tens of thousands of Matches, each with dozens of Regions, and the main process
    loads these 2.6 times faster (and a third smaller).

    >>> import pickle
    >>> pickle.loads(pickle.dumps(Region((3, 9), "lead", 2, True)))
    Region(span=(3, 9), location='lead', words=2, wrapper=True)
    """

    def __reduce__(self):
        return type(self), tuple(getattr(self, f.name) for f in fields(self))

    cls.__reduce__ = __reduce__
    return cls


@dataclass(frozen=True)
class Document:
    """One article as read: its original text and what is known about it."""

    id: str
    text: str
    path: str | None = None
    url: str | None = None
    outlet: str | None = None
    published: str | None = None
    title: str | None = None
    author: str | None = None
    captured: str | None = None
    """When a web archive captured the page (ISO date and time), for documents read from WARC files."""


@dataclass(frozen=True)
class Credit:
    """A line in which a document names where its text came from."""

    outlet: str
    kind: str
    quote: str
    span: Span


@pickled_by_fields
@dataclass(frozen=True)
class Passage:
    """Aligned shared text: character offsets into the original texts of both documents."""

    a: Span
    b: Span
    exact: float
    """Share of the passage's words that sit in shingles found verbatim on the other side, on the side where that
    share is lower (so it is the same whichever document is `a`): at least this share of each side's passage is
    word for word."""


@pickled_by_fields
@dataclass(frozen=True)
class Region:
    """Text one document has and the other lacks, with where it sits."""

    span: Span
    location: str
    """lead, body or tail."""
    words: int
    wrapper: bool
    """True when it reads as site furniture (copyright, comments, share buttons, repeated boilerplate)."""


@pickled_by_fields
@dataclass(frozen=True)
class Regions(Sequence):
    """One side's unshared Regions, in text order, held as columns: a sequence of Region records that are made
    when asked for. A long article lacks dozens of lines of its partner's, and a trace's workers send back tens of
    thousands of Matches: the results of 8,000 PAN 2013 pairs pickled in 0.34–0.38 s and loaded in 0.53–0.60 s
    with the regions as records, in 0.14 s and 0.04 s as columns (the main process loads what the workers send
    back while they work).

    >>> r = Regions.of([Region((0, 9), "lead", 2, True), Region((10, 90), "tail", 15, False)])
    >>> len(r), r[-1], r.where(wrapper=False).total_words()
    (2, Region(span=(10, 90), location='tail', words=15, wrapper=False), 15)
    """

    starts: tuple[int, ...] = ()
    ends: tuple[int, ...] = ()
    locations: tuple[str, ...] = ()
    words: tuple[int, ...] = ()
    wrappers: tuple[bool, ...] = ()

    @classmethod
    def of(cls, regions: Iterable[Region]) -> Regions:
        rows = [(r.span[0], r.span[1], r.location, r.words, r.wrapper) for r in regions]
        return cls(*(tuple(column) for column in zip(*rows))) if rows else cls()

    def __len__(self) -> int:
        return len(self.starts)

    def __getitem__(self, k: int | slice) -> Region | Regions:
        if isinstance(k, slice):
            return Regions(self.starts[k], self.ends[k], self.locations[k], self.words[k], self.wrappers[k])
        return Region((self.starts[k], self.ends[k]), self.locations[k], self.words[k], self.wrappers[k])

    def __iter__(self) -> Iterator[Region]:
        for s, e, location, words, wrapper in zip(self.starts, self.ends, self.locations, self.words, self.wrappers):
            yield Region((s, e), location, words, wrapper)

    def where(self, wrapper: bool | None = None, locations: tuple[str, ...] = ("lead", "body", "tail")) -> Regions:
        """The regions that are (or are not) wrapper, in the given locations."""
        keep = [k for k, (w, loc) in enumerate(zip(self.wrappers, self.locations))
                if (wrapper is None or w == wrapper) and loc in locations]
        if len(keep) == len(self.starts):
            return self
        columns = (self.starts, self.ends, self.locations, self.words, self.wrappers)
        return Regions(*(tuple([column[k] for k in keep]) for column in columns))

    def total_words(self) -> int:
        return sum(self.words)


@pickled_by_fields
@dataclass(frozen=True)
class Match:
    """Everything measured about one pair of documents, with `a` < `b` by id."""

    a: str
    b: str
    jaccard: float
    containment_a: float
    """Share of a's shingles found in b."""
    containment_b: float
    passages: tuple[Passage, ...]
    coverage_a: float
    """Share of a's article words (outside wrappers) inside shared passages."""
    coverage_b: float
    unshared_a: Regions = Regions()
    """What a has that b lacks (a sequence of Regions given as any sequence of Region records is held as Regions)."""
    unshared_b: Regions = Regions()

    def __post_init__(self) -> None:
        for name in ("unshared_a", "unshared_b"):
            if not isinstance(getattr(self, name), Regions):
                object.__setattr__(self, name, Regions.of(getattr(self, name)))

    def side(self, doc_id: str) -> str:
        return "a" if doc_id == self.a else "b"

    def containment(self, doc_id: str) -> float:
        return self.containment_a if doc_id == self.a else self.containment_b

    def coverage(self, doc_id: str) -> float:
        return self.coverage_a if doc_id == self.a else self.coverage_b

    def unshared(self, doc_id: str) -> Regions:
        return self.unshared_a if doc_id == self.a else self.unshared_b

    def spans(self, doc_id: str) -> list[Span]:
        return [p.a if doc_id == self.a else p.b for p in self.passages]


@dataclass(frozen=True)
class Evidence:
    """One reason for (or against) a direction. `favors` names the document it makes the source,
    "siblings" when it points to a common source, or "none" when it is only informative."""

    kind: str
    favors: str
    weight: float
    detail: str
    quote: str = ""
    """The words this evidence rests on, where there are such words: a credit line (two documents' credit lines,
    joined by " / " for siblings, in the order `detail` names the documents)."""


@dataclass(frozen=True)
class Link:
    """An edge of the lineage graph. When `directed`, `target` derives from `source`."""

    source: str
    target: str
    kind: str
    """"text" for shared text between two documents, "credit" for a credited external source."""
    directed: bool
    direction: str
    """"derived", "siblings" (both derive from a common source), "credited" or "undetermined"."""
    relation: str
    confidence: float
    jaccard: float | None
    containment: dict[str, float]
    passages: tuple[Passage, ...]
    evidence: tuple[Evidence, ...]
    common_source: str | None = None
    indirect: bool = False
    """True when a longer chain of directed links already implies this one."""

    def shared(self) -> float:
        """The larger of the two containments: how much of the smaller text is shared."""
        return max(self.containment.values(), default=0.0)


@dataclass(frozen=True)
class ExternalSource:
    """An outlet that documents credit but that is not in the collection."""

    id: str
    name: str
    credited_by: tuple[str, ...]


@dataclass(frozen=True)
class Skipped:
    """An input that could not be read, and why."""

    path: str
    reason: str
    kind: str = "file"
    """"file" (a file, URL or stdin), "record" (a record of a JSONL or CSV file, a WARC archive's record) or
    "own" (tracer's own output, left out of a folder: never an error)."""


@dataclass(frozen=True)
class Lineage:
    """The result of a trace: documents, links and external sources, in a deterministic order."""

    documents: tuple[Document, ...]
    credits: dict[str, tuple[Credit, ...]]
    links: tuple[Link, ...]
    external_sources: tuple[ExternalSource, ...]
    settings: dict = field(default_factory=dict)
    skipped: tuple[Skipped, ...] = ()
    warnings: tuple[str, ...] = ()

    def document(self, doc_id: str) -> Document:
        return next(d for d in self.documents if d.id == doc_id)
