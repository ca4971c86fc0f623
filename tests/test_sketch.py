"""Passage windows and their MinHash sketches."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from tracer.settings import Settings
from tracer.shingle import featurize
from tracer.sketch import MIN_WINDOW_WORDS, SCHEME, single_minhashes, sketch, sketch_arrays, window_bounds

from conftest import fresh_python


@pytest.mark.parametrize(
    "n, window, stride, expected",
    [
        (0, 24, 12, []),
        (MIN_WINDOW_WORDS - 1, 24, 12, []),  # too few content words to say anything
        (MIN_WINDOW_WORDS, 24, 12, [(0, MIN_WINDOW_WORDS - 1)]),
        (24, 24, 12, [(0, 23)]),
        (36, 24, 12, [(0, 23), (12, 35)]),
        (37, 24, 12, [(0, 23), (12, 35), (13, 36)]),  # a last window flush with the end
        (10, 4, 3, [(0, 3), (3, 6), (6, 9)]),
    ],
)
def test_window_bounds(n, window, stride, expected):
    assert window_bounds(n, Settings(window=window, stride=stride)) == expected


@pytest.mark.parametrize("window, stride", [(24, 12), (10, 10), (16, 5), (8, 3)])
def test_windows_cover_every_content_word_with_full_windows(window, stride):
    settings = Settings(window=window, stride=stride)
    for n in range(window + 1, 6 * window):
        bounds = window_bounds(n, settings)
        assert bounds[0][0] == 0 and bounds[-1][1] == n - 1
        assert all(last - first + 1 == window for first, last in bounds)
        assert all(0 < b[0] - a[0] <= stride for a, b in zip(bounds, bounds[1:]))


def test_one_sketch_per_window_with_the_configured_permutations(story):
    settings = Settings()
    f = featurize(story, settings.shingle_size)
    windows = sketch(f, settings)
    assert [(w.first, w.last) for w in windows] == window_bounds(len(f.content), settings)
    assert all(len(w.minhash.hashvalues) == settings.num_perm for w in windows)


def test_sketches_are_deterministic_and_ignore_case_and_punctuation(story):
    settings = Settings()
    a = sketch(featurize(story, 5), settings)
    b = sketch(featurize(story.upper().replace(",", " -"), 5), settings)
    assert len(a) == len(b)
    for x, y in zip(a, b):
        assert np.array_equal(x.minhash.hashvalues, y.minhash.hashvalues)


def test_the_seed_changes_the_sketch(story):
    f = featurize(story, 5)
    a = sketch(f, Settings(seed=1))[0].minhash.hashvalues
    b = sketch(f, Settings(seed=2))[0].minhash.hashvalues
    assert not np.array_equal(a, b)


def test_similar_windows_estimate_high_and_unrelated_windows_low(story, harbour):
    settings = replace(Settings(), num_perm=128)
    words = story.split()
    edited = " ".join(words[:20] + ["reportedly"] + words[20:])  # one word added
    a, b, c = (sketch(featurize(t, 5), settings)[0].minhash for t in (story, edited, harbour))
    assert a.jaccard(b) > 0.8
    assert a.jaccard(c) < 0.2


@pytest.mark.parametrize("num_perm, seed", [(128, 1), (64, 7)])
def test_single_stem_rows_are_datasketchs_own_values(num_perm, seed):
    from datasketch import MinHash

    values = np.random.default_rng(seed).integers(0, 1 << 32, 300, dtype=np.uint64)
    rows = single_minhashes(values, num_perm, seed)
    for value, row in zip(values.tolist(), rows):
        single = MinHash(num_perm=num_perm, seed=seed, hashfunc=int, scheme=SCHEME)
        single.update(value)
        assert np.array_equal(row, single.hashvalues) and row.dtype == single.hashvalues.dtype


@pytest.mark.parametrize("window, stride", [(24, 12), (10, 3)])
def test_window_values_equal_datasketchs_update_batch_over_the_window(story, harbour, window, stride):
    from datasketch import MinHash

    settings = replace(Settings(), window=window, stride=stride)
    features = featurize(story + " " + harbour, 5)
    found = sketch_arrays(features, settings)
    assert len(found.bounds) > 2
    for (first, last), values in zip(found.bounds.tolist(), found.values):
        expected = MinHash(num_perm=settings.num_perm, seed=settings.seed, hashfunc=int, scheme=SCHEME)
        expected.update_batch(features.content[first : last + 1].tolist())
        assert np.array_equal(values, expected.hashvalues)


def test_a_hash_value_datasketch_would_refuse_is_refused_not_wrapped():
    with pytest.raises(ValueError):
        single_minhashes(np.array([(1 << 32) + 5], dtype=np.uint64), 16, 1)
    with pytest.raises(ValueError):
        single_minhashes(np.array([-1], dtype=np.int64), 16, 1)


def test_stems_are_hashed_without_importing_the_datasketch_package():
    """A fresh process hashes stems with datasketch's own minhash module, run without the package's __init__
    (nor SciPy, which datasketch.lsh imports); a later `import datasketch` gets the whole package, whose
    MinHash gives the same values."""
    import textwrap

    code = textwrap.dedent("""
        import sys
        import numpy as np
        from tracer.sketch import single_minhashes
        rows = single_minhashes(np.arange(1, 50, dtype=np.uint64), 64, 3)
        print(sorted(m for m in sys.modules if m.partition('.')[0] in ('datasketch', 'scipy')))
        from datasketch import MinHash, MinHashLSH
        single = MinHash(num_perm=64, seed=3, hashfunc=int, scheme='affine32')
        single.update(7)
        print(bool((single.hashvalues == rows[6]).all()), 'scipy' in sys.modules)
    """)
    assert fresh_python(code).split("\n")[:2] == ["[]", "True True"]


def test_a_process_with_other_threads_imports_the_datasketch_package_whole():
    """The bare package datasketch's minhash module runs under would be seen by an import in another thread, so
    a process with more than one thread imports datasketch whole, and hashes the same."""
    import textwrap

    code = textwrap.dedent("""
        import sys, threading
        import numpy as np
        waiting = threading.Event()
        other = threading.Thread(target=waiting.wait)
        other.start()
        from tracer.sketch import single_minhashes
        rows = single_minhashes(np.arange(1, 50, dtype=np.uint64), 64, 3)
        whole = 'datasketch.lsh' in sys.modules
        waiting.set()
        from datasketch import MinHash
        single = MinHash(num_perm=64, seed=3, hashfunc=int, scheme='affine32')
        single.update(7)
        print(whole, bool((single.hashvalues == rows[6]).all()))
    """)
    assert fresh_python(code).split() == ["True", "True"]
