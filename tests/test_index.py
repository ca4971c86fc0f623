"""The persistent index, on both backends (an SQLite file and a real Redis): add, replace, remove, check,
and check agreeing with trace."""

from __future__ import annotations

import json
import random
from dataclasses import replace

import numpy as np
import pytest

from tracer import Document, Index, IndexStoreError, Settings, read_documents, trace
from tracer.banding import Banding
from tracer.index.check import PARALLEL_FROM
from tracer.index.refs import REF_BITS, ref, ref_document
from tracer.index.report import check_text, check_to_dict
from tracer.serialize import link_to_dict

from conftest import fresh_python

COMPARED = ("source", "target", "directed", "direction", "relation", "confidence", "jaccard", "containment",
            "passages", "evidence", "common_source")


def wrap(text: str) -> str:
    return "Home | World | Business | Sport\n\n" + text + "\n\nCopyright 2024 Example Daily. All rights reserved."


@pytest.fixture
def stories(story, harbour, flood):
    return [Document("palmyra.txt", story), Document("harbour.txt", harbour), Document("flood.txt", flood)]


def test_check_finds_the_indexed_source_of_a_wrapped_copy(index_target, stories):
    with Index(index_target) as index:
        assert index.add(stories).added == 3
        result = index.check(wrap(stories[1].text))
    assert [m.document.id for m in result.matches] == ["harbour.txt"]
    link = result.matches[0].link
    assert link.containment["query"] > 0.9 and link.containment["harbour.txt"] == 1.0
    assert link.passages and result.indexed == 3


def test_an_unrelated_article_has_no_match(index_target, stories, article):
    with Index(index_target) as index:
        index.add(stories)
        result = index.check(article(7))
    assert result.matches == () and not result.reuse_found
    assert "no reuse found among 3 indexed documents" in check_text(result)


def test_adding_the_same_documents_again_is_a_no_op(index_target, stories):
    with Index(index_target) as index:
        index.add(stories)
        again = index.add(stories)
        assert (again.added, again.replaced, again.unchanged) == (0, 0, 3)
        assert index.info().documents == 3


def test_a_changed_document_with_the_same_id_replaces_the_old_one(index_target, stories, story, harbour):
    with Index(index_target) as index:
        index.add(stories)
        report = index.add([Document("palmyra.txt", harbour + "\n" + harbour)])
        assert (report.added, report.replaced) == (0, 1)
        assert index.info().documents == 3
        assert index.check(story).matches == ()
        assert {m.document.id for m in index.check(harbour).matches} == {"palmyra.txt", "harbour.txt"}
        assert index.verify() == []


def test_remove(index_target, stories, story):
    with Index(index_target) as index:
        index.add(stories)
        assert index.remove("palmyra.txt") is True
        assert index.remove("palmyra.txt") is False
        assert index.check(story).matches == ()
        assert [e.id for e in index.entries()] == ["flood.txt", "harbour.txt"]
        assert index.get("palmyra.txt") is None and index.verify() == []


def test_documents_come_back_whole(index_target):
    doc = Document("a/b.txt", "Text with “quotes” — and ünïcödé.\n" * 20, path="in/a/b.txt", url="https://x.org/b",
                   outlet="RT", published="2016-03-28", title="Headline")
    with Index(index_target) as index:
        index.add([doc])
        assert index.get("a/b.txt") == doc
        assert list(index.documents()) == [doc]


def test_check_gives_the_passages_relation_and_evidence_trace_gives(index_target, seeds_dir):
    docs = read_documents([str(seeds_dir)]).documents
    checked = next(d for d in docs if d.id.startswith("000_"))
    others = [d for d in docs if d is not checked]
    with Index(index_target) as index:
        index.add(others)
        result = index.check(checked)
    lineage = trace(others + [replace(checked, id="query")])
    expected = [link_to_dict(l) for l in lineage.links if l.kind == "text" and "query" in (l.source, l.target)]
    got = [link_to_dict(m.link) for m in result.matches]
    assert expected and [{k: l[k] for k in COMPARED} for l in got] == [{k: l[k] for k in COMPARED} for l in expected]


def test_check_json_has_the_documented_shape(index_target, stories):
    with Index(index_target) as index:
        index.add(stories)
        data = json.loads(json.dumps(check_to_dict(index.check(wrap(stories[0].text)))))
    assert data["query"]["id"] == "query"
    match = data["matches"][0]
    assert {"id", "path", "containment", "passages", "relation", "directed", "confidence", "evidence"} <= set(match)
    assert set(match["containment"]) == {"query", "palmyra.txt"}
    assert "query" in (match["source"], match["target"])


def test_a_compiled_article_matches_each_source(index_target, stories, story, harbour, flood):
    compiled = "\n".join(story.splitlines()[:3] + harbour.splitlines()[:3] + flood.splitlines()[:3])
    with Index(index_target) as index:
        index.add(stories)
        result = index.check(compiled)
    assert {m.document.id for m in result.matches} == {"palmyra.txt", "harbour.txt", "flood.txt"}
    compiled_evidence = [e for m in result.matches for e in m.link.evidence if e.kind == "compiled"]
    assert len(compiled_evidence) == 3  # the article is a compilation of each, and says what it did not read
    assert all("links with other documents were not read" in e.detail for e in compiled_evidence)


def test_a_limited_check_aligns_the_best_candidates_and_examines_no_further(index_target, stories, story):
    lines = story.splitlines()
    copies = [Document(f"copy{k}.txt", wrap("\n".join(lines[: len(lines) - k]))) for k in range(5)]
    with Index(index_target) as index:
        index.add(stories + copies)
        everything = index.check(story, limit=None)
        best = index.check(story, limit=2)
        assert index.check(story, limit=0).matches == everything.matches
    assert len(everything.matches) == 6 and everything.unexamined == 0
    ranked = [m.document.id for m in everything.matches]
    assert [m.document.id for m in best.matches] == ranked[:2]
    assert best.aligned == 2 and best.unaligned + best.unexamined == 4 and best.unexamined > 0


def test_a_bucket_of_many_windows_from_few_documents_proposes_them_all(index_target):
    """A refrain repeated through three documents puts all their windows, 19 each, in one bucket of every band:
    more windows than the crowd limit of 20 documents, but three documents, so the bucket proposes all three, as
    in `trace`, not the documents of the first windows read."""
    refrain = " ".join(["zorvak", "quelmin", "trasbo", "plinet", "varmuk", "delkor", "musarn", "tepliq", "gondrax",
                        "huvelt", "saprin", "kolvem"])
    docs = [Document(f"refrain{k}.txt", f"Refrain {k}. " + " ".join([refrain] * 20)) for k in range(3)]
    with Index(index_target) as index:
        index.add(docs)
        result = index.check(" ".join([refrain] * 20), limit=None)
    assert result.aligned == 3


def put_bucket(store, band: int, bucket: int, refs: list[int]) -> None:
    """Write bucket members straight into a store, as its own writes lay them out."""
    if store.backend == "sqlite":
        from tracer.index.sqlite_store import _key

        store._db.executemany("INSERT INTO buckets (key, ref) VALUES (?, ?)", [(_key(band, bucket), r) for r in refs])
    else:
        from tracer.index.redis_store import bucket_key

        store._r.sadd(bucket_key(band, bucket), *refs)


def test_a_large_bucket_is_read_whole_or_until_it_shows_the_crowd(index_target, story):
    """3,000 windows of 3 documents are read whole, over several pages; 3,000 windows of 300 documents only until
    more than the cap of 20 documents show (more windows than Redis keeps in one compact set, so its scan takes
    several steps)."""
    few = [ref(num, w) for num in (1, 2, 3) for w in range(1000)]
    many = [ref(num, w) for num in range(10, 310) for w in range(10)]
    with Index(index_target) as index:
        index.add([Document("story.txt", story)])
        store = index._open(create=False)
        put_bucket(store, 0, 111, few)
        put_bucket(store, 0, 222, many)
        found = store.lookup([(0, 111), (0, 222)], 20)
    assert sorted(found[(0, 111)].tolist()) == few
    crowded = {r >> REF_BITS for r in found[(0, 222)].tolist()}
    assert 20 < len(crowded) < 300


def test_related_is_the_document_and_those_sharing_its_text(index_target, stories, harbour):
    with Index(index_target) as index:
        index.add(stories + [Document("copy.txt", wrap(harbour))])
        assert sorted(d.id for d in index.related("harbour.txt")) == ["copy.txt", "harbour.txt"]


def test_settings_that_differ_from_the_index_are_refused(index_target, stories, story):
    with Index(index_target) as index:
        index.add(stories)
    for other in (Settings(shingle_size=4), Settings(num_perm=64), Settings(lsh_threshold=0.5)):
        with Index(index_target, other) as index, pytest.raises(IndexStoreError, match="other settings"):
            index.check(story)
    with Index(index_target, Settings(min_passage_mass=20)) as index:  # an alignment knob, free to change
        assert index.check(story).matches


def test_an_index_built_with_another_datasketch_is_refused(index_target, stories, story, monkeypatch):
    with Index(index_target) as index:
        index.add(stories)
    monkeypatch.setattr("tracer.index.meta.datasketch_version", lambda: "9.9.9")
    with Index(index_target) as index, pytest.raises(IndexStoreError, match="datasketch='2"):
        index.check(story)


def test_settings_default_to_the_index(index_target, stories):
    with Index(index_target, Settings(shingle_size=4, lsh_threshold=0.5)) as index:
        index.add(stories)
    with Index(index_target) as index:
        assert (index.settings.shingle_size, index.settings.lsh_threshold) == (4, 0.5)
        info = index.info()
    assert info.recorded["shingle_size"] == 4 and info.recorded["bands"] == Banding.for_threshold(0.5, Settings().num_perm).bands


def test_no_index_at_the_target(index_target, story):
    with Index(index_target) as index, pytest.raises(IndexStoreError, match="no .*index"):
        index.check(story)


def test_buckets_are_datasketchs_own(redis_server, stories, harbour):
    """A datasketch MinHashLSH attached to the same Redis finds the windows this index stored."""
    from tracer.index.redis_store import BASENAME
    from tracer.shingle import featurize
    from tracer.sketch import sketch

    url = f"{redis_server}/63"
    import redis

    redis.Redis.from_url(url).flushdb()
    with Index(url) as index:
        index.add(stories)
        settings, banding = index.settings, index._store.banding
        lsh = banding.lsh({"type": "redis", "redis": {"host": "127.0.0.1", "port": int(redis_server.rsplit(":", 1)[1]),
                                                       "db": 63}}, basename=BASENAME)
        windows = sketch(featurize(harbour, settings.shingle_size), settings)
        found = {ref_document(int(key)) for w in windows for key in lsh.query(w.minhash)}
        assert found == {index._store.find("harbour.txt")}


def test_band_buckets_hash_as_datasketch_does():
    banding = Banding.for_threshold(0.3, 64)
    lsh = banding.lsh()
    signatures = np.random.default_rng(1).integers(0, 2**32, size=(3, 64), dtype=np.uint64).astype(np.uint32)
    ours = banding.buckets(signatures)
    for row, values in zip(ours, signatures):
        theirs = [lsh._H(values[start:end]) for start, end in lsh.hashranges]
        assert [int(v).to_bytes(8, "big") for v in row] == theirs


FOOTER = ("\n\nLeave a Reply. Your email address will not be published. Required fields are marked. Subscribe to "
          "our newsletter for daily headlines, breaking alerts, exclusive interviews, weekend features and offers "
          "from trusted partners across the region.")


def test_site_furniture_in_many_documents_is_boilerplate(index_target):
    """Shingles of more than 20 documents (and 5% of the index) are boilerplate, counted over the index as
    trace counts them over a collection: they propose no candidate and seed no passage. (trace itself still
    links such texts through sentence seeds, which its boilerplate filter does not cover.)"""
    from test_index_reliability import distinct_article

    docs = [Document(f"d{n:02d}.txt", distinct_article(n) + FOOTER) for n in range(24)]
    query = Document("query", distinct_article(99) + FOOTER)
    with Index(index_target) as index:
        index.add(docs)
        assert index.check(query).matches == ()
        for doc in docs[:10]:
            index.remove(doc.id)
        few = index.check(query)  # 15 documents: too few for boilerplate, in trace as here
    expected = {l.source if l.target == "query" else l.target
                for l in trace(docs[10:] + [query]).links if "query" in (l.source, l.target)}
    assert {m.document.id for m in few.matches} == expected


SITES = ("Granite", "Summit", "Coastal", "Liberty", "Frontier", "Civic", "Evening", "Lakeside", "Capital", "Morning",
         "Northern", "Western", "Pioneer", "Union", "Valley", "Prairie", "Harbor", "Eastern", "Metro", "Pinewood",
         "Riverside", "Oakdale", "Bayview", "Highland")


def page(site: str, story: str) -> str:
    """A story inside the furniture every site of this kind carries, with the site's name in it."""
    return (f"{site} Ledger | Home | World | Politics | Business | Opinion\n\nShare this: Facebook Twitter Email\n\n"
            f"{story}\n\n© 2024 {site} Ledger. All rights reserved.\n\nLeave a Reply\n\nYour email address will not "
            "be published. Required fields are marked *")


def test_a_story_beside_site_furniture_is_found_as_trace_finds_it(index_target):
    """A story's first words copied under another site's furniture, with a sentence of its own: the stored pages'
    windows were sketched over their whole text, furniture and all, so the article's words beside its furniture
    stay in its windows (leaving out every word inside a boilerplate shingle found 16 of these 48 copies, where
    trace finds all 48), and a page that shares only the furniture is no match."""
    from test_index_reliability import distinct_article

    docs = [Document(f"{n:02d}.txt", page(SITES[n % len(SITES)], distinct_article(n, 1))) for n in range(48)]
    queries = [page("Midland", " ".join(distinct_article(n, 1).split()[:8]) + " " + distinct_article(2000 + n, 1))
               for n in range(48)]
    in_trace = {l.source if l.target == "query" else l.target
                for l in trace(docs + [Document("query", queries[5])]).links
                if l.kind == "text" and "query" in (l.source, l.target)}
    assert in_trace == {"05.txt"}
    with Index(index_target) as index:
        index.add(docs)
        found = [[m.document.id for m in index.check(Document("query", text)).matches] for text in queries]
        unrelated = index.check(Document("query", page("Midland", distinct_article(999, 1))))
    assert found == [[f"{n:02d}.txt"] for n in range(48)]
    assert unrelated.matches == ()


def test_the_copy_of_a_short_story_ranks_before_pages_that_share_only_the_furniture(index_target):
    """A one-sentence story inside a site's furniture has one window, as every page of the index does, and the
    pages that share only the furniture with it can pass the estimate too: ranked by bucket hits, the copy's
    window agreeing in more bands, the copy comes first, so even a check limited to one candidate finds it
    (ranked by windows and then by number, 43 of these 96 checks aligned another page instead)."""
    from test_index_reliability import distinct_article

    docs = [Document(f"{n:03d}.txt", page(SITES[n % len(SITES)], distinct_article(n, 1))) for n in range(96)]
    with Index(index_target) as index:
        index.add(docs)
        found = [[m.document.id for m in index.check(Document("q", page("Midland", distinct_article(n, 1))),
                                                      limit=1).matches] for n in range(96)]
    assert found == [[f"{n:03d}.txt"] for n in range(96)]


def test_a_rewrite_of_the_whole_story_ranks_before_pages_quoting_a_window_of_it(index_target):
    """Every window of a copy with a new sentence after each of the story's agrees with the article's in few bands;
    a page quoting 30 words of the story agrees in many, in one or two windows. Ranked by all the bucket hits, the
    rewrite comes before 52 such pages and is aligned within the limit of 50 (ranked by the best pair's bands
    alone, it came 58th)."""
    from test_index_reliability import distinct_article

    def sentences(text):
        return [s.strip() + "." for s in text.split(".") if s.strip()]

    story = distinct_article(0, 12)
    expanded = " ".join(a + " " + b for a, b in zip(sentences(story), sentences(distinct_article(777, 12))))
    words, rng = story.split(), random.Random(2)
    starts = [rng.randrange(0, len(words) - 30) for _ in range(52)]
    quoting = [Document(f"q{k:02d}", f"{distinct_article(10_000 + k, 3)} {' '.join(words[s:s + 30])} "
                                     f"{distinct_article(20_000 + k, 3)}") for k, s in enumerate(starts)]
    others = [Document(f"bg{k:03d}", distinct_article(50_000 + k, 8)) for k in range(200)]
    with Index(index_target) as index:
        index.add([Document("expanded", expanded)] + quoting + others)
        found = [m.document.id for m in index.check(Document("article", story), limit=50).matches]
    assert "expanded" in found


def test_import_tracer_opens_no_store_module():
    """The index's stores are imported when an index is opened, not with `import tracer`."""
    import subprocess
    import sys

    code = "import tracer, sys; print([m for m in ('sqlite3', 'tracer.index.sqlite_store', " \
           "'tracer.index.redis_store') if m in sys.modules])"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True)
    assert done.stdout.strip() == "[]"


def test_a_check_of_words_the_index_lacks_imports_neither_datasketch_nor_scipy(tmp_path):
    """A new process checking an article whose stems the index has never seen hashes them without importing
    the datasketch package and SciPy (datasketch.lsh's integrators): a cold `tracer check` is spared them."""
    from test_index_reliability import distinct_article

    target = str(tmp_path / "corpus.sqlite")
    with Index(target) as index:
        index.add([Document(f"a{n}.txt", distinct_article(n)) for n in range(3)])
    query = distinct_article(1) + " Zyxwvut quorblent flimmerage snorkwise."
    code = ("import sys; from tracer import Document, Index\n"
            f"with Index({target!r}) as index: found = index.check(Document('q', {query!r}))\n"
            "print([m.document.id for m in found.matches], "
            "sorted(m for m in sys.modules if m.partition('.')[0] in ('datasketch', 'scipy')))")
    assert fresh_python(code).strip() == "['a1.txt'] []"


@pytest.mark.parametrize("copies", [PARALLEL_FROM - 1, PARALLEL_FROM])
def test_many_candidates_are_aligned_on_a_pool_started_only_then(tmp_path, copies):
    """A check with PARALLEL_FROM candidates or more aligns them on a pool of processes, with the matches one
    process finds; a check with fewer starts no pool (a cold `tracer check` forks no process it does not need)."""
    from conftest import HARBOUR, STORY

    docs = [Document(f"copy{n:02d}.txt", f"Preface number {n} for this site's readers. " + STORY) for n in range(copies)]
    query = Document("q.txt", STORY + " A closing line of the checked article.")
    found = []
    for workers in (1, 2):
        with Index(str(tmp_path / f"w{workers}.sqlite"), Settings(workers=workers)) as index:
            index.add(docs)
            assert index.check(HARBOUR).matches == () and index._pool is None
            result = index.check(query)
            assert (index._pool is not None) == (workers == 2 and copies >= PARALLEL_FROM)
            found.append([(m.document.id, m.link.containment, m.link.relation) for m in result.matches])
    assert len(found[0]) == copies and found[0] == found[1]


def test_a_warm_index_with_its_pool_started_hashes_new_words_without_the_datasketch_package(tmp_path):
    """The pool's threads would make a later check import datasketch whole to hash a word the index lacks:
    the minhash module is loaded before the pool starts."""
    from conftest import STORY

    target = str(tmp_path / "copies.sqlite")
    with Index(target) as index:
        index.add([Document(f"copy{n:02d}.txt", f"Preface number {n} for these readers. " + STORY) for n in range(9)])
    code = ("import sys; from tracer import Document, Index, Settings\n"
            f"with Index({target!r}, Settings(workers=2)) as index:\n"
            f"    many = index.check(Document('q', {STORY!r}))\n"
            "    started = index._pool is not None\n"
            "    index.check(Document('r', 'Zyxwvut quorblent flimmerage snorkwise ' * 3 + 'trellimond.'))\n"
            "print(len(many.matches), started, 'datasketch.lsh' in sys.modules, 'scipy' in sys.modules)")
    out = fresh_python(code)
    assert out.split() == ["9", "True", "False", "False"], out


def test_an_outlets_own_furniture_is_boilerplate_as_in_trace(index_target):
    """Shingles in over half the documents of an outlet with five or more are its wrapper, in check as in trace."""
    from test_index_reliability import distinct_article

    docs = [Document(f"site/{n}.txt", distinct_article(n) + FOOTER, outlet="Example Daily") for n in range(6)]
    others = [Document(f"other/{n}.txt", distinct_article(50 + n)) for n in range(3)]
    query = Document("query", distinct_article(99) + FOOTER)
    in_trace = {l.source if l.target == "query" else l.target
                for l in trace(docs + others + [query]).links if "query" in (l.source, l.target)}
    with Index(index_target) as index:
        index.add(docs + others)
        found = {m.document.id for m in index.check(query).matches}
        assert found == in_trace == set()
        index.remove("site/0.txt")
        index.remove("site/1.txt")  # four documents left: too few to learn the outlet's wrapper
        assert {m.document.id for m in index.check(query).matches} == {f"site/{n}.txt" for n in range(2, 6)}
        assert index.verify() == []


@pytest.mark.parametrize("key, value", [("format", 1), ("features", "0123456789abcdef")])
def test_an_index_built_by_another_tracer_is_refused(index_target, stories, story, monkeypatch, key, value):
    """An index of an older format, or whose features another tracer computed, is refused, not misread."""
    with Index(index_target) as index:
        index.add(stories)
    if key == "format":
        monkeypatch.setattr("tracer.index.meta.INDEX_FORMAT", 99)
    else:
        monkeypatch.setattr("tracer.index.meta.features_code", lambda: value)
    for call in (lambda i: i.check(story), lambda i: i.add([Document("new.txt", story)])):
        with Index(index_target) as index, pytest.raises(IndexStoreError, match="built by another version of tracer"):
            call(index)
