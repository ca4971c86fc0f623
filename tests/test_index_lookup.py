"""The SQLite index's bucket lookup, one statement per IN_CHUNK buckets: over any number of buckets (none, one,
a chunk less one, a chunk, a chunk and one, several chunks and a remainder), each bucket gives the references
its documents' own windows put in it, as a lookup of that bucket alone does; a crowded bucket is read on by
`_rest` until it shows the crowd; a bucket the index does not hold gives nothing and changes no other."""

from __future__ import annotations

import random
from collections import defaultdict

import pytest

from tracer import Document, Index
from tracer.index.records import prepare
from tracer.index.refs import ref, ref_document
from tracer.index.sqlite_file import IN_CHUNK

from conftest import make_article, seed_vocabulary

WHOLE = 10_000
"""A cap no bucket of the test index reaches: every bucket is read whole."""


def corpus() -> list[Document]:
    """Eight unrelated articles, four copies of the first (buckets of five documents) and one text of a
    sentence said forty times (buckets of many windows of one document)."""
    vocabulary = seed_vocabulary()
    docs = [Document(f"a{i}.txt", make_article(i, 8, vocabulary)) for i in range(8)]
    docs += [Document(f"copy{i}.txt", docs[0].text) for i in range(4)]
    said = " ".join(vocabulary[100:112]).capitalize() + ". "
    return docs + [Document("refrain.txt", said * 40)]


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """(index path, {(band, bucket): sorted references}): an SQLite index of `corpus()` added through `Index.add`,
    and what each document's windows put in each of its buckets, from the documents' own sketches."""
    path = str(tmp_path_factory.mktemp("lookup") / "index.sqlite")
    docs = corpus()
    expected = defaultdict(set)
    with Index(path) as index:
        assert index.add(docs).added == len(docs)
        store = index._open(create=False)
        for doc in docs:
            num = store.find(doc.id)
            for window, row in enumerate(prepare(doc, index.settings, store.banding).buckets.tolist()):
                for band, bucket in enumerate(row):
                    expected[(band, bucket)].add(ref(num, window))
    return path, {pair: sorted(refs) for pair, refs in expected.items()}


def present(expected: dict, n: int, seed: int = 0) -> list[tuple[int, int]]:
    pairs = sorted(expected)
    assert len(pairs) >= n
    return random.Random(seed).sample(pairs, n)


def absent(expected: dict, n: int, seed: int = 1) -> list[tuple[int, int]]:
    """Buckets the index does not hold: half of them a held bucket's digest in another band, half random digests."""
    rng, held = random.Random(seed), sorted(expected)
    bands, out = max(band for band, _ in held) + 1, set()
    while len(out) < n:
        band, bucket = rng.choice(held)
        pair = (band + 1) % bands, bucket if len(out) % 2 else rng.getrandbits(64)
        if pair not in expected:
            out.add(pair)
    return sorted(out)


def lookup(path: str, buckets: list[tuple[int, int]], cap: int = WHOLE) -> tuple[dict, int]:
    """(what the store's lookup gives, as sorted lists; the lookup statements it ran)."""
    statements = []
    with Index(path) as index:
        store = index._open(create=False)
        store._db.set_trace_callback(lambda sql: statements.append(sql) if sql.startswith("WITH wanted") else None)
        found = store.lookup(buckets, cap)
    return {pair: sorted(refs.tolist()) for pair, refs in found.items()}, len(statements)


def shows_the_crowd_or_is_whole(found: list[int], whole: list[int], cap: int) -> bool:
    """A bucket is read whole when its references belong to `cap` documents or fewer, else the first of them in
    order, enough to belong to more than `cap` documents."""
    if len({ref_document(r) for r in whole}) <= cap:
        return found == whole
    return found == whole[: len(found)] and len({ref_document(r) for r in found}) > cap


def read_on(expected: dict, cap: int) -> list[tuple[int, int]]:
    """The buckets of more than `cap` + 1 references of `cap` documents or fewer: `_rest` reads them on, whole."""
    return [pair for pair, refs in expected.items()
            if len(refs) > cap + 1 and len({ref_document(r) for r in refs}) <= cap]


def test_the_index_has_buckets_of_every_kind_in_several_chunks(built):
    _, expected = built
    documents = [len({ref_document(r) for r in refs}) for refs in expected.values()]
    assert len(expected) > 4 * IN_CHUNK
    assert 1 in documents and 1 + 4 in documents  # buckets of one document; of a0.txt and its four copies
    assert all(len(read_on(expected, cap)) > 0 for cap in (1, 2, 4))


def test_a_lookup_over_1201_buckets_in_three_statements_gives_what_each_bucket_alone_gives(built):
    path, expected = built
    wanted = present(expected, 2 * IN_CHUNK + 201)
    found, statements = lookup(path, wanted)
    assert statements == 3 and set(found) == set(wanted)
    assert all(found[pair] == expected[pair] for pair in wanted)
    with Index(path) as index:
        store = index._open(create=False)
        alone = {pair: sorted(store.lookup([pair], WHOLE)[pair].tolist()) for pair in wanted}
    assert alone == found


@pytest.mark.parametrize("n", [0, 1, IN_CHUNK - 1, IN_CHUNK, IN_CHUNK + 1, 4 * IN_CHUNK + 1])
def test_every_bucket_of_a_lookup_is_answered_at_any_count_around_the_chunk(built, n):
    path, expected = built
    wanted = present(expected, n, seed=n)
    found, statements = lookup(path, wanted)
    assert statements == -(-n // IN_CHUNK)
    assert found == {pair: expected[pair] for pair in wanted}


@pytest.mark.parametrize("cap", [1, 2, 4])
def test_crowded_buckets_in_every_chunk_are_read_until_they_show_the_crowd(built, cap):
    """Every bucket of the index at once (more than four chunks): the refrain's buckets, many windows of one document,
    are read on page by page until whole; the copies' buckets, five documents, until more than `cap` show."""
    path, expected = built
    found, statements = lookup(path, list(expected), cap)
    assert statements == -(-len(expected) // IN_CHUNK)
    assert set(found) == set(expected)
    assert all(shows_the_crowd_or_is_whole(found[pair], refs, cap) for pair, refs in expected.items())
    assert all(found[pair] == expected[pair] for pair in read_on(expected, cap))


def test_buckets_the_index_lacks_give_nothing_and_leave_the_others_as_they_are(built):
    path, expected = built
    held, lacking = present(expected, 700), absent(expected, 700)
    found, statements = lookup(path, held + lacking)
    assert statements == 3 and set(found) == set(held + lacking)
    assert all(found[pair] == [] for pair in lacking)
    assert {pair: found[pair] for pair in held} == lookup(path, held)[0] == {pair: expected[pair] for pair in held}


def test_a_lookup_of_only_lacking_buckets_gives_an_empty_list_for_each(built):
    path, expected = built
    lacking = absent(expected, IN_CHUNK + 1)
    found, _ = lookup(path, lacking)
    assert found == {pair: [] for pair in lacking}
