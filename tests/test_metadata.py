"""Titles and publication dates guessed from plain text."""

from __future__ import annotations

import pytest

from tracer.metadata import HEAD_CHARS, guess_published, guess_title


@pytest.mark.parametrize(
    "text, title",
    [
        ("# Russia questions British silence\n\nBody.", "Russia questions British silence"),
        ("## A second-level heading ##\nBody.", "A second-level heading"),
        ("   # Indented up to three spaces\nBody.", "Indented up to three spaces"),
        ("# [Linked](http://x.org) *and* **bold** `code`\n", "Linked and bold code"),
        # no heading: the first line of 5 to 30 words that does not end like a sentence
        ("All news\n\nFrench top diplomat: Russia gives Palmyra to IS\n\nBody text.",
         "French top diplomat: Russia gives Palmyra to IS"),
        ("Menu\nThe army retook the city on Sunday.\nSyrian Army retakes Palmyra from IS\n",
         "Syrian Army retakes Palmyra from IS"),
        ("Only four words here\nand a line ending in a colon like this:\n", None),
        ("", None),
        ("word " * 40, None),  # one line far too long for a headline
    ],
)
def test_guess_title(text, title):
    assert guess_title(text) == title


@pytest.mark.parametrize(
    "text, published",
    [
        ("Global Research, March 29, 2016", "2016-03-29"),
        ("March 29 2016", "2016-03-29"),
        ("RT 28 March 2016", "2016-03-28"),
        ("On 5 May, 2015 the city fell", "2015-05-05"),
        ("Posted 2016-03-28 by the editors", "2016-03-28"),
        # the first date in the text wins, whatever its format
        ("Global Research, March 29, 2016\nRT 28 March 2016", "2016-03-29"),
        ("Updated 2014-01-01. First published 5 May 2015", "2014-01-01"),
        # impossible dates are skipped
        ("February 30, 2016, then March 1, 2016", "2016-03-01"),
        ("2016-13-01", None),
        # not a full date
        ("BRUSSELS, December 12. /TASS/.", None),
        ("May 2015", None),
        ("in the 1990s", None),
        ("Sept 3, 2016", None),
        ("", None),
    ],
)
def test_guess_published(text, published):
    assert guess_published(text) == published


def test_dates_are_looked_for_only_near_the_top():
    body = "x" * HEAD_CHARS
    assert guess_published(body + " March 29, 2016") is None
    assert guess_published("March 29, 2016 " + body) == "2016-03-29"


def test_titles_are_looked_for_only_near_the_top():
    assert guess_title("." * HEAD_CHARS + "\n# A heading far down the page") is None
