"""The features the index keeps: unpacked, they are exactly what `featurize` computes."""

from __future__ import annotations

import numpy as np
import pytest

from tracer.index.features import features_code, pack_features, unpack_features
from tracer.shingle import featurize

TEXTS = [
    "",
    "one",
    "The “Temple” of [Bel](http://x.org/a). It's *old*.\n\nCopyright 2016 Site\nLeave a Reply",
    "ＩＳＩＳ Straße naïve café — 2016, 7 and 12.5%; e-mail me@example.org or see www.example.org/x?y=1.",
    " ".join(f"word{i % 97}" for i in range(2000)) + "\n" + "x" * 300,
    "Sentence one.\nHard wrap inside it\n\nNew paragraph! And another? Yes…\n" * 40,
]


def arrays(f):
    t = f.tokens
    return {"starts": t.starts, "ends": t.ends, "sentence": t.sentence, "line": t.line, "shingles": f.shingles,
            "content_pos": f.content_pos, "content": f.content, "furniture": f.furniture}


@pytest.mark.parametrize("text", TEXTS)
@pytest.mark.parametrize("n", [3, 5])
def test_unpacked_features_are_featurizes_own(text, n):
    expected = arrays(featurize(text, n))
    got = arrays(unpack_features(pack_features(featurize(text, n))))
    for name, values in expected.items():
        assert got[name].dtype == values.dtype and np.array_equal(got[name], values), name


def test_seed_articles_round_trip(seeds_dir):
    for path in sorted(seeds_dir.glob("*.txt")):
        f = featurize(path.read_text(encoding="utf-8"), 5)
        g = unpack_features(pack_features(f))
        assert all(np.array_equal(a, b) for a, b in zip(arrays(f).values(), arrays(g).values())), path.name


def test_features_code_is_a_stable_digest():
    assert features_code() == features_code() and len(features_code()) == 16


def test_windows_from_the_index_stems_are_sketchs_own(index_target, story, harbour, flood):
    """An article's windows sketched from the stem values the index keeps (and datasketch for the stems it
    lacks) are those `sketch` computes."""
    from tracer import Document, Index
    from tracer.index.stems import window_values
    from tracer.sketch import sketch_arrays

    with Index(index_target) as index:
        index.add([Document("palmyra.txt", story), Document("harbour.txt", harbour)])
        store, settings = index._open(create=False), index.settings
        assert len(store.known_stems()) > 50
        for text in (story, harbour + " Zanzibarian quokkas", flood, story[:90]):
            f = featurize(text, settings.shingle_size)
            expected = sketch_arrays(f, settings).values
            got = window_values(store, f, settings)
            assert got.shape == expected.shape and np.array_equal(got, expected)
