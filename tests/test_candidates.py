"""Candidate pairs: the banded buckets must propose exactly what datasketch's MinHashLSH proposes."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import replace
from itertools import combinations
from unittest.mock import patch

import numpy as np
import pytest
from datasketch import LeanMinHash, MinHash, MinHashLSH

from tracer.banding import Banding
from tracer.candidates import candidate_pairs, colliding_rows, confirm_floor, estimates, shingle_pairs
from tracer.settings import Settings
from tracer.shingle import featurize
from tracer.sketch import SCHEME, sketch_arrays

from conftest import FLOOD, HARBOUR, STORY, fresh_python, make_article


def corpus() -> list[str]:
    """Unrelated articles, copies and edited copies of them, and compilations: many kinds of overlap."""
    base = [STORY, HARBOUR, FLOOD] + [make_article(seed, 12) for seed in range(12)]
    edited = [text.replace("the", "a").replace("said", "told") for text in base[:6]]
    halves = [base[k][: len(base[k]) // 2] + base[k + 1][len(base[k + 1]) // 2 :] for k in range(0, 10, 2)]
    return base + edited + halves


def datasketch_pairs(sketches, settings: Settings, crowd: int) -> set[tuple[int, int]]:
    """The reference: every window in one datasketch MinHashLSH, each bucket read back from its tables."""
    banding = Banding.for_threshold(settings.lsh_threshold, settings.num_perm)
    lsh = MinHashLSH(num_perm=settings.num_perm, params=(banding.bands, banding.rows))
    owner, rows = [], []
    for doc, found in enumerate(sketches):
        for values in found.values:
            rows.append(values.astype(np.uint64))
            lsh.insert(len(owner), LeanMinHash(seed=settings.seed, hashvalues=rows[-1], scheme=SCHEME))
            owner.append(doc)
    pairs = set()
    floor = confirm_floor(settings)
    for table in lsh.hashtables:
        for key in table.keys():
            members = sorted(table.get(key))
            if not 2 <= len({owner[r] for r in members}) <= crowd:
                continue
            for x, y in combinations(members, 2):
                if owner[x] != owner[y] and (rows[x] == rows[y]).mean() >= floor:
                    pairs.add((owner[x], owner[y]))
    return pairs


@pytest.mark.parametrize("threshold, crowd", [(0.3, 100), (0.5, 100), (0.3, 3)])
def test_banding_proposes_what_datasketch_lsh_proposes(threshold, crowd):
    settings = Settings(lsh_threshold=threshold)
    sketches = [sketch_arrays(featurize(text, settings.shingle_size), settings) for text in corpus()]
    expected = datasketch_pairs(sketches, settings, crowd)
    assert len(expected) >= 10  # the corpus has overlap to find
    assert set(candidate_pairs(sketches, settings, crowd=crowd)) == expected


def test_bands_and_estimates_over_two_workers_equal_those_of_one_process():
    settings = Settings()
    sketches = [sketch_arrays(featurize(text, settings.shingle_size), settings) for text in corpus()]
    values = np.concatenate([s.values for s in sketches])
    owner = np.repeat(np.arange(len(sketches)), [len(s.values) for s in sketches])
    banding = Banding.for_threshold(settings.lsh_threshold, settings.num_perm)
    one, two = (colliding_rows(values, banding, owner, 100, workers) for workers in (1, 2))
    assert len(one[0]) >= 10 and all((x == y).all() for x, y in zip(one, two))
    assert (estimates(values, *one, workers=1) == estimates(values, *one, workers=2, chunk=7)).all()


def test_no_windows_no_pairs():
    settings = Settings()
    empty = sketch_arrays(featurize("too short", 5), settings)
    assert candidate_pairs([empty, empty], settings) == []
    assert candidate_pairs([], settings) == []


@pytest.mark.parametrize("module", ["tracer.pipeline", "tracer.candidates", "tracer.index.check"])
def test_each_stage_imports_first_in_a_fresh_process(module):
    """No import cycle: a script may import a stage before `tracer` itself (benchmarks/pan13.py does)."""
    done = subprocess.run([sys.executable, "-c", f"import {module}"], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def test_a_window_pair_right_at_the_threshold_is_kept_whatever_the_seed():
    """Two sets of Jaccard exactly 0.3, sketched with 400 different datasketch seeds: the estimate passes the
    confirm floor for (nearly) all of them, as 2.5 standard deviations promise; a pair of Jaccard 0.09 never."""
    settings = Settings(lsh_threshold=0.3)
    shared, only = [f"s{k}".encode() for k in range(30)], [f"x{k}".encode() for k in range(140)]
    far = [f"f{k}".encode() for k in range(70)]

    def estimate(a, b, seed):
        ma, mb = MinHash(num_perm=settings.num_perm, seed=seed), MinHash(num_perm=settings.num_perm, seed=seed)
        ma.update_batch(a)
        mb.update_batch(b)
        return ma.jaccard(mb)

    at_threshold = [estimate(shared + only[:35], shared + only[35:70], seed) for seed in range(400)]
    assert sum(e >= confirm_floor(settings) for e in at_threshold) / len(at_threshold) >= 0.98
    far_below = [estimate(shared[:10] + only[:50], shared[:10] + far[:50], seed) for seed in range(400)]
    assert max(far_below) < confirm_floor(settings)


def test_the_known_rows_per_band_are_datasketchs_own():
    """Each entry of DATASKETCH_ROWS for the installed datasketch is what its MinHashLSH picks, and the
    default settings have one: a trace or check of a few articles takes them without importing SciPy."""
    from tracer.banding import DATASKETCH_ROWS, datasketch_version

    installed = {key: rows for key, rows in DATASKETCH_ROWS.items() if key[0] == datasketch_version()}
    defaults = Settings()
    assert (datasketch_version(), defaults.lsh_threshold, defaults.num_perm) in installed
    for (_, threshold, num_perm), rows in installed.items():
        assert MinHashLSH(threshold=threshold, num_perm=num_perm).r == rows


def test_a_trace_and_a_check_against_files_import_neither_datasketch_nor_scipy():
    """A fresh process that traces a few articles, or checks one against them (an index in memory, as
    `check --against` builds), loads only datasketch's minhash module: the package's __init__ imports its LSH
    and with it SciPy's integrators."""
    code = (
        "import sys\n"
        "from tracer import Document, Index, trace\n"
        "from conftest import HARBOUR, STORY\n"
        "docs = [Document('a.txt', STORY), Document('b.txt', 'Earlier that week. ' + STORY),\n"
        "        Document('c.txt', HARBOUR)]\n"
        "links = trace(docs).links\n"
        "with Index(':memory:') as index:\n"
        "    index.add(docs)\n"
        "    found = index.check(Document('q.txt', STORY + ' A closing line.'))\n"
        "print(len(links), len(found.matches), "
        "sorted(m for m in sys.modules if m.partition('.')[0] in ('datasketch', 'scipy')))\n"
    )
    out = fresh_python(code, timeout=120)
    assert out.split() == ["1", "2", "[]"], out


def test_a_short_passage_no_windows_share_is_found_by_the_shingles_it_kept():
    """A 14-word run reused inside long unrelated texts leaves no pair of similar windows, but its shingles are
    held by few documents: the documents that hold it are candidate pairs, and the trace links them, also when a
    third document quotes it (a shingle proposes the documents that hold it, up to `boilerplate_docs` of them)."""

    from test_index_reliability import distinct_article
    from tracer import Document, trace
    from tracer.pipeline import featurize_all, sketch_all

    c = f"{distinct_article(6, 11)} As {KEPT}, the ferry moved. {distinct_article(7, 9)}"
    docs = tuple(rewritten_pair())
    settings = Settings()
    features = featurize_all(docs, settings)
    assert candidate_pairs(sketch_all(features, settings), settings) == []
    shingles = [f.shingle_counts[0] for f in features]
    assert shingle_pairs(shingles, settings.min_shared_shingles, settings.boilerplate_docs) == [(0, 1)]
    assert [{l.source, l.target} for l in trace(docs, settings).links if l.kind == "text"] == [{"a.txt", "b.txt"}]
    assert trace(docs, replace(settings, min_shared_shingles=0)).links == ()
    three = [{l.source, l.target} for l in trace(docs + (Document("c.txt", c),), settings).links if l.kind == "text"]
    assert {"a.txt", "b.txt"} in three and len(three) == 3


FOOTER = "From the desk of the valley paper in the county seat, every single morning"
"""14 words: too few for a pair of similar windows, enough shingles for a shingle candidate."""


def pages(footer, outlet=None, n=3):
    from test_index_reliability import distinct_article
    from tracer import Document

    return [Document(f"v{i}.txt", f"{distinct_article(10 + i, 12)}\n\n{footer}", outlet=outlet) for i in range(n)]


def text_links(docs):
    from tracer import trace

    return [{l.source, l.target} for l in trace(docs, Settings(workers=1)).links if l.kind == "text"]


@pytest.mark.parametrize("n", [2, 3, 4])
def test_the_pages_of_one_outlet_are_not_paired_by_the_shingles_they_share(n):
    """An outlet's footer is its wrapper, which boilerplate learns only from five pages or more; without outlets,
    the same pages are linked by it (shared text of unknown origin)."""
    assert text_links(pages(FOOTER, "Valley News", n)) == []
    assert len(text_links(pages(FOOTER, None, n))) == n * (n - 1) // 2


def test_furniture_lines_propose_no_pairs():
    """A newsletter box is site furniture: its shingles propose nothing, where the same words without the
    marker are shared text."""
    assert text_links(pages("Sign up for the newsletter of the valley paper in the county seat, every single morning")) == []
    assert len(text_links(pages(FOOTER))) == 3


KEPT = "the harbour authority confirmed on tuesday that the old northern breakwater would be rebuilt"


def rewritten_pair(outlet=None, extra="", other=None):
    """Two long texts sharing a 14-word phrase inside rewritten sentences (only shingles propose them) and a third;
    the second is of `other`'s outlet when given, else of `outlet`."""
    from test_index_reliability import distinct_article
    from tracer import Document

    a = f"{distinct_article(1, 14)} {KEPT.capitalize()} with stone from the quarry. {distinct_article(2, 10)}"
    b = f"{distinct_article(3, 12)} Officials said {KEPT}, though not when.{extra} {distinct_article(4, 12)}"
    return [Document("a.txt", a, outlet=outlet), Document("b.txt", b, outlet=other or outlet),
            Document("z.txt", distinct_article(5, 20))]


@pytest.mark.parametrize("extra", [" The mayor said on Twitter that work starts soon.", " Advertising revenue fell."])
def test_a_paragraph_that_mentions_twitter_is_not_furniture_to_the_shingle_candidates(extra):
    assert text_links(rewritten_pair(extra=extra)) == [{"a.txt", "b.txt"}]


def test_the_pages_of_one_outlet_are_never_paired_by_shingles_whatever_its_size():
    """A footer on 3 of an outlet's 6 pages is not the wrapper boilerplate learns (that is in over half of them),
    and links nothing; a short rewritten passage between two pages of one outlet is not found either (README,
    Limitations), where between two outlets it is."""
    from test_index_reliability import distinct_article
    from tracer import Document

    unrelated = [Document(f"p{i}.txt", distinct_article(20 + i, 12), outlet="Valley News") for i in range(3)]
    assert text_links(pages(FOOTER, "Valley News") + unrelated) == []
    assert text_links(rewritten_pair("Valley News") + unrelated) == []
    assert text_links(rewritten_pair("Valley News", other="Port Times") + unrelated) == [{"a.txt", "b.txt"}]


@pytest.mark.parametrize(("words", "furniture"), [(50, True), (51, False)])
def test_a_marked_line_is_furniture_to_the_shingle_candidates_up_to_50_words(words, furniture):
    """The shingles starting on a line with a marker ("Subscribe") of `words` words propose nothing up to 50."""
    from test_index_reliability import distinct_article
    from tracer.pipeline import body_shingles
    from tracer.shingle import featurize

    line = " ".join(["Subscribe.", *distinct_article(9, 8).split()[: words - 1]])
    f = featurize(f"{distinct_article(3, 12)}\n{line}\n{distinct_article(4, 12)}", Settings().shingle_size)
    on_line = np.unique(f.shingles[f.tokens.line[: len(f.shingles)] == 1])
    assert np.bincount(f.tokens.line)[1] == words and f.furniture.tolist() == [1]
    assert np.isin(on_line, body_shingles(f)).any() != furniture


def test_shingle_pairs_count_the_shingles_few_documents_hold():
    """Against a count over every shingle's holders, with documents of one group (an outlet) never paired, and
    with chunks of a few pairs so that a pair's shingles fall in several."""
    rng = np.random.default_rng(5)
    for trial in range(50):
        sets = [np.unique(rng.integers(0, 60, rng.integers(0, 25))) for _ in range(rng.integers(1, 10))]
        sets = [sets[k % len(sets)] for k in range(len(sets) + trial % 3)]  # some documents are copies
        ignore = np.unique(rng.integers(0, 60, 3))
        groups = rng.integers(-1, 3, len(sets))
        holders = {}
        for i, s in enumerate(sets):
            for v in s.tolist():
                holders.setdefault(v, []).append(i)
        for crowd in (2, 3, 6):
            shared, apart = {}, {}
            for value, docs in holders.items():
                if 2 <= len(docs) <= crowd and value not in ignore:
                    for i, j in combinations(docs, 2):
                        shared[i, j] = shared.get((i, j), 0) + 1
                        if groups[i] < 0 or groups[i] != groups[j]:
                            apart[i, j] = apart.get((i, j), 0) + 1
            for least in (1, 2, 3):
                assert shingle_pairs(sets, least, crowd, ignore) == sorted(p for p, n in shared.items() if n >= least)
                with patch("tracer.candidates.PAIRS_CHUNK", 3):
                    found = shingle_pairs(sets, least, crowd, ignore, groups)
                assert found == sorted(p for p, n in apart.items() if n >= least)
        assert shingle_pairs(sets, 0, 6) == []


def test_the_shingle_benchmark_counts_each_group_of_copies_pairs():
    """benchmarks/shingle_bench.py on a small collection: 3 groups of 20 copies make 3 x 190 pairs, and it prints
    its ratios against the boilerplate sort."""
    out = fresh_python("import sys; sys.path.insert(0, 'benchmarks'); import shingle_bench; "
                       "shingle_bench.main(['--documents', '200', '--shingles', '100'])")
    assert "570 shingle candidate pairs" in out
    assert "ratios: time" in out and "memory" in out
