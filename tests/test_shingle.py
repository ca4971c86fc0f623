"""Word n-gram shingles and content-word stems: the features every later stage compares."""

from __future__ import annotations

import os
import subprocess
import sys

import numpy as np
import pytest

from tracer.shingle import featurize, shingle_hashes, stem_hash, word_hash


@pytest.mark.parametrize(
    "n_words, n, expected",
    [(10, 5, 6), (5, 5, 1), (4, 5, 0), (0, 5, 0), (7, 1, 7), (3, 2, 2)],
)
def test_one_shingle_per_run_of_n_words(n_words, n, expected):
    hashes = np.array([word_hash(f"w{i}") for i in range(n_words)], dtype=np.uint64)
    assert len(shingle_hashes(hashes, n)) == expected


def test_shingles_follow_word_order():
    a = featurize("troops retook the ancient city", 3).shingles
    b = featurize("the ancient city retook troops", 3).shingles
    assert len(set(a.tolist()) & set(b.tolist())) == 1  # only "the ancient city"


def test_case_quotes_and_markup_do_not_change_the_shingles():
    plain = featurize('The "Temple" of Bel was destroyed in 2015 by the militants.', 5).shingles
    styled = featurize("THE “Temple” of **[Bel](http://x.org)** was destroyed in 2015 — by the militants", 5).shingles
    assert plain.tolist() == styled.tolist()


def test_a_changed_word_changes_exactly_the_shingles_that_contain_it():
    words = "syrian troops retook the ancient city of palmyra on sunday after weeks".split()
    edited = list(words)
    edited[6] = "near"
    a = featurize(" ".join(words), 5).shingles.tolist()
    b = featurize(" ".join(edited), 5).shingles.tolist()
    changed = [i for i, (x, y) in enumerate(zip(a, b)) if x != y]
    assert changed == [2, 3, 4, 5, 6]  # the five 5-grams that cover word 6


@pytest.mark.parametrize(
    "word, is_content",
    [
        ("the", False), ("of", False), ("said", False), ("would", False), ("s", False), ("7", False),
        ("palmyra", True), ("militants", True), ("2016", True), ("recaptured", True),
    ],
)
def test_function_words_are_not_content(word, is_content):
    assert (stem_hash(word) >= 0) == is_content
    f = featurize(f"alpha {word} omega", 5)
    assert (1 in f.content_pos.tolist()) == is_content


@pytest.mark.parametrize(
    "x, y",
    [("militants", "militant"), ("recaptured", "recapture"), ("destroying", "destroyed"), ("cities", "city")],
)
def test_inflections_share_a_stem(x, y):
    assert stem_hash(x) == stem_hash(y)


def test_content_hashes_line_up_with_content_positions():
    f = featurize("The army of Syria retook the city of Palmyra", 5)
    assert len(f.content) == len(f.content_pos)
    assert f.content_pos.tolist() == [1, 3, 4, 6, 8]  # army, syria, retook, city, palmyra


def test_hashes_are_the_same_in_another_process():
    """Keyed BLAKE2b, not Python's salted hash(): every process and every run agrees."""
    here = [word_hash("palmyra"), stem_hash("militants")]
    code = "from tracer.shingle import word_hash, stem_hash; print(word_hash('palmyra'), stem_hash('militants'))"
    env = dict(os.environ, PYTHONHASHSEED="12345")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    assert [int(x) for x in out.stdout.split()] == here


def test_threads_featurizing_at_once_get_the_features_one_thread_gets(monkeypatch):
    """Words are hashed into a per-process table; threads adding words to a fresh one must not mix up rows."""
    from concurrent.futures import ThreadPoolExecutor

    import tracer.shingle as shingle

    texts = [" ".join(f"w{t}x{i} shared{i % 50}" for i in range(3000)) for t in range(8)]
    monkeypatch.setattr(shingle, "_WORDS", [shingle._Words()])
    with ThreadPoolExecutor(8) as pool:
        together = list(pool.map(lambda t: featurize(t, 5), texts * 3))
    monkeypatch.setattr(shingle, "_WORDS", [shingle._Words()])
    alone = [featurize(t, 5) for t in texts * 3]
    for x, y in zip(together, alone):
        assert np.array_equal(x.shingles, y.shingles) and np.array_equal(x.content, y.content)
