"""The PAN 2013 scoring functions on tiny synthetic cases (no corpus needed)."""

from __future__ import annotations

import math
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))

from pan13_score import (  # noqa: E402
    NEGATIVE, OVERALL, Annotation, PairTruth, case_recall, char_scores, direction_scores, failures, false_positive_rate,
    granularity, macro_precision, macro_recall, map_links, pair_recall, parse_cases, plagdet, read_pairs, score,
    truth_xml_name, unlisted_links,
)
from tracer import Link, Passage  # noqa: E402

SUSP, SRC = "suspicious-document00001.txt", "source-document00001.txt"


def ann(susp_span, src_span, susp=SUSP, src=SRC) -> Annotation:
    return Annotation(susp, susp_span, src, src_span)


def link(source, target, passages, directed=False, kind="text") -> Link:
    return Link(source=source, target=target, kind=kind, directed=directed,
                direction="derived" if directed else "undetermined", relation="excerpt", confidence=0.5,
                jaccard=0.1, containment={}, passages=tuple(Passage(a, b, 1.0) for a, b in passages), evidence=())


CASE = ann((100, 200), (1000, 1100))

CHAR_TABLE = [
    # (name, cases, detections, precision, recall, granularity, plagdet)
    ("exact match", [CASE], [CASE], 1.0, 1.0, 1.0, 1.0),
    ("two halves", [CASE], [ann((100, 150), (1000, 1050)), ann((150, 200), (1050, 1100))], 1.0, 1.0, 2.0,
     1 / math.log2(3)),
    ("half found", [CASE], [ann((100, 150), (1000, 1050))], 1.0, 0.5, 1.0, 2 / 3),
    ("twice as long", [CASE], [ann((100, 300), (1000, 1200))], 0.5, 1.0, 1.0, 2 / 3),
    ("extra false detection", [CASE], [CASE, ann((500, 600), (2000, 2100))], 0.5, 1.0, 1.0, 2 / 3),
    ("missed case", [CASE, ann((500, 600), (2000, 2100))], [CASE], 1.0, 0.5, 1.0, 2 / 3),
    ("overlap on one side only", [CASE], [ann((100, 200), (5000, 5100))], 0.0, 0.0, 1.0, 0.0),
    ("other document pair", [CASE], [ann((100, 200), (1000, 1100), src="other.txt")], 0.0, 0.0, 1.0, 0.0),
    ("no detections", [CASE], [], 0.0, 0.0, 1.0, 0.0),
    ("nothing at all", [], [], 1.0, 1.0, 1.0, 1.0),
    ("overlapping detections count once", [CASE], [ann((100, 180), (1000, 1080)), ann((120, 200), (1020, 1100))],
     1.0, 1.0, 2.0, 1 / math.log2(3)),
]


@pytest.mark.parametrize("name, cases, detections, precision, recall, gran, score_", CHAR_TABLE,
                         ids=[row[0] for row in CHAR_TABLE])
def test_char_scores(name, cases, detections, precision, recall, gran, score_):
    got = char_scores(cases, detections)
    assert got["char_precision"] == pytest.approx(precision)
    assert got["char_recall"] == pytest.approx(recall)
    assert got["granularity"] == pytest.approx(gran)
    assert got["plagdet"] == pytest.approx(score_)


def test_case_recall_counts_both_sides():
    # All of the suspicious side (100 chars) and none of... half of the source side (50 of 100).
    assert case_recall(CASE, [ann((0, 300), (1050, 1300))]) == pytest.approx(150 / 200)


def test_precision_is_recall_with_roles_swapped():
    cases, dets = [CASE], [ann((150, 250), (1050, 1150))]
    assert macro_precision(cases, dets) == pytest.approx(macro_recall(dets, cases)) == pytest.approx(0.5)


def test_granularity_ignores_undetected_cases():
    cases = [CASE, ann((500, 600), (2000, 2100))]
    assert granularity(cases, [ann((100, 150), (1000, 1050)), ann((160, 200), (1060, 1100))]) == 2.0


@pytest.mark.parametrize("precision, recall, gran, expected", [
    (0.0, 0.0, 1.0, 0.0), (1.0, 1.0, 1.0, 1.0), (0.5, 0.5, 1.0, 0.5), (1.0, 1.0, 3.0, 0.5), (1.0, 1.0, 0.5, 0.0),
])
def test_plagdet(precision, recall, gran, expected):
    assert plagdet(precision, recall, gran) == pytest.approx(expected)


MAP_TABLE = [
    # (name, link, expected susp span, expected src span, directed, source_first)
    ("source to suspicious", link(SRC, SUSP, [((1000, 1100), (100, 200))], directed=True),
     (100, 200), (1000, 1100), True, True),
    ("suspicious to source", link(SUSP, SRC, [((100, 200), (1000, 1100))], directed=True),
     (100, 200), (1000, 1100), True, False),
    ("undirected", link(SUSP, SRC, [((100, 200), (1000, 1100))]), (100, 200), (1000, 1100), False, False),
]


@pytest.mark.parametrize("name, the_link, susp_span, src_span, directed, source_first", MAP_TABLE,
                         ids=[row[0] for row in MAP_TABLE])
def test_map_links_orients_passages(name, the_link, susp_span, src_span, directed, source_first):
    found = map_links([the_link], {(SUSP, SRC)})
    d = found[(SUSP, SRC)]
    assert d.passages == (ann(susp_span, src_span),)
    assert (d.directed, d.source_first) == (directed, source_first)


def test_map_links_skips_credit_and_unlisted_links():
    links = [link("external:x", SUSP, [], directed=True, kind="credit"), link(SRC, "source-document00002.txt", [])]
    assert map_links(links, {(SUSP, SRC)}) == {}
    counts = unlisted_links(links + [link(SUSP, "suspicious-document00002.txt", [])], {(SUSP, SRC)},
                            {SUSP, "suspicious-document00002.txt"})
    assert counts == {"src-src": 1, "susp-susp": 1}


def truth(category, susp, src, cases=()):
    return PairTruth(category, susp, src, tuple(cases))


def test_pair_measures():
    positives = [truth("02-no-obfuscation", f"s{i}", f"r{i}", [ann((0, 1), (0, 1), f"s{i}", f"r{i}")])
                 for i in range(4)]
    negatives = [truth(NEGATIVE, f"n{i}", f"m{i}") for i in range(10)]
    found = {("s0", "r0"), ("s1", "r1"), ("s2", "r2"), ("n0", "m0")}
    assert pair_recall(positives + negatives, found).value == 0.75
    assert false_positive_rate(positives + negatives, found).value == 0.1


def test_direction_scores():
    truths = [truth("02-no-obfuscation", SUSP, f"r{i}", [ann((0, 10), (0, 10), SUSP, f"r{i}")]) for i in range(4)]
    links = [link("r0", SUSP, [], directed=True), link(SUSP, "r1", [], directed=True), link("r2", SUSP, [])]
    precision, coverage = direction_scores(truths, map_links(links, {t.pair for t in truths}))
    assert (precision.hits, precision.total) == (1, 2)
    assert (coverage.hits, coverage.total) == (2, 3)


def test_score_leaves_out_unannotated_summary_pairs():
    truths = [
        truth("05-summary-obfuscation", "s1", "r1", [ann((0, 100), (0, 100), "s1", "r1")]),
        truth("05-summary-obfuscation", "s2", "r2"),
        truth(NEGATIVE, "n1", "m1"),
    ]
    found = map_links([link("r2", "s2", [((0, 50), (0, 50))]), link("r1", "s1", [((0, 100), (0, 100))])],
                      {t.pair for t in truths})
    report = score(truths, found)
    assert report["05-summary-obfuscation"]["pairs"] == 1
    assert report["05-summary-obfuscation"]["plagdet"] == pytest.approx(1.0)
    assert report[NEGATIVE]["false_positive_rate"] == 0.0
    assert report[OVERALL]["pair_recall"] == 1.0


def test_score_counts_detections_on_negative_pairs_against_precision():
    truths = [truth("02-no-obfuscation", "s1", "r1", [ann((0, 100), (0, 100), "s1", "r1")]),
              truth(NEGATIVE, "n1", "m1")]
    found = map_links([link("r1", "s1", [((0, 100), (0, 100))]), link("m1", "n1", [((0, 100), (0, 100))])],
                      {t.pair for t in truths})
    report = score(truths, found)
    assert report[OVERALL]["char_precision"] == pytest.approx(0.5)
    assert report[OVERALL]["false_positive_rate"] == 1.0


def test_parse_cases_and_files(tmp_path):
    xml = ('<document reference="s.txt">\n<feature name="about" />\n'
           '<feature name="plagiarism" obfuscation="none" source_length="10" source_offset="5" '
           'source_reference="r.txt" this_length="12" this_offset="40" type="artificial" />\n</document>')
    assert parse_cases(xml, "s.txt") == (Annotation("s.txt", (40, 52), "r.txt", (5, 15)),)
    assert parse_cases('<document reference="s.txt">\n</document>', "s.txt") == ()
    (tmp_path / "pairs").write_text("s.txt r.txt\n\nt.txt q.txt\n")
    assert read_pairs(tmp_path / "pairs") == [("s.txt", "r.txt"), ("t.txt", "q.txt")]
    assert truth_xml_name("suspicious-document00005.txt", "source-document01090.txt") == (
        "suspicious-document00005-source-document01090.xml")


def test_failures_name_the_pairs():
    truths = [truth("03-random-obfuscation", "s1", "r1", [ann((0, 9), (0, 9), "s1", "r1")]),
              truth("03-random-obfuscation", "s2", "r2", [ann((0, 9), (0, 9), "s2", "r2")]),
              truth(NEGATIVE, "n1", "m1")]
    found = map_links([link("s2", "r2", [], directed=True), link("m1", "n1", [])], {t.pair for t in truths})
    assert failures(truths, found) == {"missed 03-random-obfuscation": ["s1 r1"],
                                       "wrong_direction 03-random-obfuscation": ["s2 r2"], "false_positive": ["n1 m1"]}
