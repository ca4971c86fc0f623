"""Credit lines (where the text came from) versus citations of a fact (who said something)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tracer.credits import HINTS, canonical, find_credits


def outlets(text):
    return [c.outlet for c in find_credits(text)]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("RT reports: Calling the retaking a major victory, the embassy tweeted.", ["RT"]),
        ("Later that day. Russia Today reports: the embassy tweeted.", ["RT"]),
        ("The original source of this article is RT", ["RT"]),
        ("The original source of this article is [RT](#)  ", ["RT"]),
        ("The original source of this article is [RT](https://www.rt.com/news/a/)", ["RT"]),
        ("Copyright © RT, 2016\nThe original source of this article is Global Research", ["Global Research"]),
        ("Based on reporting by AFP, AP, dpa, and Reuters", ["AFP", "AP", "dpa", "Reuters"]),
        ("Based on reporting by AFP, AP, dpa, and Reuters – EIN News", ["AFP", "AP", "dpa", "Reuters"]),
        ("With reporting by Associated Press and Agence France-Presse.", ["AP", "AFP"]),
        ("This article originally appeared on Consortium News.", ["Consortium News"]),
        ("originally appeared on X", ["X"]),
        ("It was first published in The Guardian.", ["The Guardian"]),
        ("Republished from Antiwar.com with permission.", ["Antiwar.com"]),
        ("Source: Al Jazeera", ["Al Jazeera"]),
        ("BRUSSELS, December 12. /TASS/. Russia has given the Islamic State a chance.", ["TASS"]),
        ("MOSCOW, March 28 /TASS/ - The Russian embassy said", ["TASS"]),
        ("WASHINGTON (Reuters) - The United States said on Monday", ["Reuters"]),
        ("BEIRUT (AP) — Syrian troops entered the city.", ["AP"]),
        ("Courtesy of Forests News\n\nWritten by: Julie Mollins", ["Forests News"]),
    ],
)
def test_credit_lines_name_their_outlet(text, expected):
    assert outlets(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "NATO is refusing to comment, an official told TASS on Monday.",
        "The army killed at least 120 men loyal to President Bashar Al-Assad, Al Jazeera reported.",
        "“The only way out is a political settlement,” a Foreign Office spokesman told Sputnik.",
        "Image: SANA/Reuters",
        "Debris of the collapsed buildings [Image: SANA/Reuters]",
        "Photo courtesy of Reuters",
        "The map, courtesy of the UN, shows the front line.",
        "According to Reuters, the army advanced into the city.",
        "The army advanced, Reuters reported on Monday.",
        "He said the Reuters report was wrong.",
        "In Damascus, SANA reported that the museum had been looted.",
        "Syrian troops retook Palmyra on Sunday.",
    ],
)
def test_citations_of_a_fact_are_not_credits(text):
    assert find_credits(text) == ()


@pytest.mark.parametrize(
    "text, outlet",
    [
        # the words after the outlet's name are not part of it
        ("Republished from Antiwar.com with permission.", "Antiwar.com"),
        ("This article originally appeared on Consortium News on March 3, 2016.", "Consortium News"),
        ("The original source of this article is Global Research and we thank them.", "Global Research"),
        ("This story was first published by the Intercept and is republished here.", "Intercept"),
    ],
)
def test_an_outlet_name_stops_where_the_name_stops(text, outlet):
    assert outlets(text) == [outlet]


def test_credit_quote_and_span_point_at_the_credit_line():
    text = "Syrian troops retook the city.\n\nRT reports: Calling the retaking a victory."
    (credit,) = find_credits(text)
    assert credit.kind == "reports"
    assert text[credit.span[0] : credit.span[1]].strip() == credit.quote == "RT reports:"


def test_credits_come_in_text_order_one_per_outlet_and_line():
    text = ("WASHINGTON (Reuters) - The embassy said.\n"
            "Based on reporting by AFP and Reuters.\n"
            "The original source of this article is RT")
    credits = find_credits(text)
    assert [(c.outlet, c.kind) for c in credits] == [
        ("Reuters", "dateline"), ("AFP", "based-on"), ("Reuters", "based-on"), ("RT", "original-source"),
    ]
    assert [c.span for c in credits] == sorted(c.span for c in credits)


@pytest.mark.parametrize(
    "name, outlet",
    [
        ("Russia Today", "RT"), ("RT.", "RT"), ("rt.com", "RT"), ("Associated Press", "AP"),
        ("The Associated Press", "AP"), ("Agence France-Presse", "AFP"), ("Deutsche Presse-Agentur", "dpa"),
        ("Thomson Reuters", "Reuters"), ("TASS news agency", "TASS"), ("Al Jazeera", "Al Jazeera"),
    ],
)
def test_canonical_outlet_names(name, outlet):
    assert canonical(name) == outlet


_PIECES = ["RT", "Reuters", "The Guardian", "AFP", "reports", "Reports", "writes", "says", ":", ".", ",", " - ",
           "\n", " ", "Originally", "first", "appeared", "published", "on", "by", "from", "Republished", "REPRINTED",
           "with permission", "Based on", "reporting", "material", "Source", "via", "Courtesy of", "the original",
           "source of this article is", "MOSCOW", "/TASS/", "(Reuters)", "–", "RT reports:", "AP says:", "ran", "at",
           "in", "This story", "was", "is", "\t", "\u00a0", "FIRST", "Syndicated", "compiled from", "reports by"]


def _unhinted(text: str):
    saved = dict(HINTS)
    HINTS.clear()
    try:
        return find_credits(text)
    finally:
        HINTS.update(saved)


@pytest.mark.parametrize("line", [
    "This article originally appeared on Consortium News.", "First published\tin\nThe Guardian on Monday.",
    "The original source of this article is Global Research", "ORIGINALLY RAN AT RT", "Republished with permission "
    "from Antiwar.com", "Reprinted\u00a0by Reuters", "Based on reporting by AFP, AP and Reuters.",
    "Compiled from reports from TASS and RT.", "With material from AFP – EIN News", "first ran by AP.",
])
def test_a_credit_line_passes_its_hints(line):
    text = f"Some story text first.\n{line}\nMore text."
    assert find_credits(text) and find_credits(text) == _unhinted(text)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=25).map(" ".join))
def test_hints_only_skip_patterns_that_cannot_match(text):
    assert find_credits(text) == _unhinted(text)

