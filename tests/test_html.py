"""Web pages as fact-checkers save them: the article's text and metadata, never the page furniture.

The real pages are read at run time from ../shared/html-pages (next to the repository), never copied.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import tracer
from tracer.html import clean_title, extract_page, looks_like_html

PAGES = Path(__file__).resolve().parents[2] / "shared" / "html-pages"
needs_pages = pytest.mark.skipif(not PAGES.is_dir(), reason=f"{PAGES} not found")

TITLES = {
    "blog.python.org.html": "Python 3.6.0 is now available!",
    "boingboing.net.millenials.html": "Hating Millennials - the prejudice you're allowed to boast about",
    "dw.com.colonial.html": "Berlin confronts Germany's colonial past with new initiative",
    "dw.com.uncork.html": "Uncork the mystery of Germany's Frühburgunder",
    "en.wikipedia.org.tsne.html": "T-distributed stochastic neighbor embedding",
    "faz.net.streaming.html": "Nutzerbasierte Abrechnung: Musik-Stars fordern neues Streaming-Modell",
    "github.blog.spiceland.html": "Leader spotlight: Erin Spiceland",
    "heise.de.lithium.html": "Lithium aus dem Schredder",
    "knowtechie.com.rally.html": "Rocket Pass 4 in Rocket League brings with it a new rally-inspired car",
    "kulu-media.com.meta-outage.html": "Meta Outage Hits Facebook, Instagram and Messenger",
    "lemire.me.json.html": "JSON parsing: simdjson vs. JSON for Modern C++",
    "mercurynews.com.2023.01.16.letters-1119.html":
        "Letters: Coddling criminals | Undermining road | Tax dollars | Recount cost | Predicting climate",
    "nationalgeographic.co.uk.goats.html":
        "Ravenous wild goats ruled this island for over a century. Now, it's being reborn.",
    "nature.com.telescope.html": "Gigantic Chinese telescope opens to astronomers worldwide",
    "pcgamer.com.skyrim.html": "An Illusionist in Skyrim: Part 1",
    "phys.org.tool.html": "Flint flake tool partially covered by birch tar adds to evidence of Neanderthal complex thinking",
    "reuters.com.parasite.html": "'Parasite' scores historic upset at SAG awards, boosting Oscar chances",
    "salon.com.emissions.html": "Despite everything, U.S. emissions dipped in 2019",
    "scmp.com.playbook.html": "Carrie Lam should study Tsai Ing-wen’s playbook",
    "theguardian.com.academics.html": "Thousands of UK academics 'treated as second-class citizens'",
    "theplanetarypress.com.forestlands.html":
        "Management of Intact Forestlands by Indigenous Peoples Key to Protecting Climate",
    "theverge.com.ios13.html": "iOS 13 will fix the FaceTime eye contact problem",
    "threatpost.com.android.html": "Android Ransomware Spreads Via 'Sex Simulation Game' Links on Reddit, SMS",
    "vancouversun.com.microsoft.html":
        "Microsoft moves to erase its carbon footprint from the atmosphere in climate push",
    "vice.com.amazon.html": "The Amazon Is on Fire and the Smoke Can Be Seen from Space",
    "wikimediafoundation.org.turkey.html":
        "Access to Wikipedia restored in Turkey after more than two and a half years",
}
SHELL = "lanouvellerepublique.fr.martin.html"
"""An Angular template with no article in it: the text is loaded by script."""

# (page, a sentence of the article, furniture strings the page has but the article text must not)
SPOT_CHECKS = [
    ("theguardian.com.academics.html",
     "Thousands of academic staff at British universities are being treated as second-class citizens",
     ["Share on", "Facebook", "Most viewed", "Reuse this content", "Advertisement"]),
    ("reuters.com.parasite.html",
     "South Korean thriller “Parasite” was the upset winner at the Screen Actors Guild (SAG) awards on Sunday",
     ["All quotes delayed", "Newsletters", "Advertise", "Cookies"]),
    ("nature.com.telescope.html",
     "took half a decade to build in the remote Dawodang depression",
     ["Sign up for Nature Briefing", "Subscribe", "Related Articles", "Latest on"]),
    ("threatpost.com.android.html",
     "The malicious links purport to connect back to a sex simulation game",
     ["Share this article", "Leave A Comment", "Podcasts", "Subscribe"]),
    ("theverge.com.ios13.html",
     "makes it look like you’re staring directly at your front-facing camera during FaceTime calls",
     ["Share this story", "Terms of Use", "Subscribe"]),
    ("lemire.me.json.html",
     "There is a lot of JSON that needs to be parsed and validated.",
     ["Leave a Reply", "Your email address", "Recent Posts", "Proudly powered by"]),
    ("salon.com.emissions.html",
     "Surging natural gas was the biggest reason for coal’s demise.",
     ["Related Topics", "Advertisement", "Sign up"]),
    ("scmp.com.playbook.html",  # the extractor finds only a caption; the page's JSON-LD has the article
     "Taiwanese President Tsai Ing-wen’s spectacular re-election was no easy feat.",
     []),
    ("knowtechie.com.rally.html",
     "Rocket League is gearing up for a new season",
     ["Recommendations:", "Crates are leaving Rocket League"]),
]


@pytest.fixture(scope="module")
def pages() -> dict[str, tracer.Document]:
    if not PAGES.is_dir():
        pytest.skip(f"{PAGES} not found")
    corpus = tracer.read_documents(sorted(str(p) for p in PAGES.glob("*.html")))
    assert [s.path for s in corpus.skipped] == [str(PAGES / SHELL)]
    return {d.id: d for d in corpus.documents}


@needs_pages
def test_every_page_gets_its_headline_as_title(pages):
    assert {name: doc.title for name, doc in pages.items()} == TITLES


@needs_pages
@pytest.mark.parametrize("name, sentence, furniture", SPOT_CHECKS, ids=[c[0] for c in SPOT_CHECKS])
def test_the_text_is_the_article_without_the_page_furniture(pages, name, sentence, furniture):
    doc = pages[name]
    raw = (PAGES / name).read_text(encoding="utf-8", errors="replace")
    assert sentence in doc.text
    for chrome in furniture:
        assert chrome in raw, f"the page should show {chrome!r}"
        assert chrome not in doc.text, f"furniture {chrome!r} reached the text"
    assert len(doc.text.split()) > 150


@needs_pages
def test_a_page_with_no_article_text_is_skipped_with_the_reason():
    corpus = tracer.read_documents([str(PAGES / SHELL), str(PAGES / "lemire.me.json.html")])
    assert [(s.path, s.reason) for s in corpus.skipped] == [(str(PAGES / SHELL), "no article text found in the page")]


@needs_pages
def test_page_metadata_names_the_outlet_date_and_canonical_url(pages):
    doc = pages["theguardian.com.academics.html"]
    assert (doc.outlet, doc.published, doc.author) == ("The Guardian", "2020-01-20", "Richard Adams")
    assert doc.url.endswith("/education/2020/jan/20/thousands-of-uk-academics-treated-as-second-class-citizens")
    assert doc.path == str(PAGES / "theguardian.com.academics.html")
    assert pages["reuters.com.parasite.html"].outlet == "Reuters"


@needs_pages
def test_a_page_date_that_contradicts_the_date_in_its_title_gives_way_with_a_warning():
    corpus = tracer.read_documents([str(PAGES / "dw.com.uncork.html"), str(PAGES / "dw.com.colonial.html")])
    assert [d.published for d in corpus.documents] == ["2013-06-10", "2020-01-19"]
    assert corpus.warnings == (f"{PAGES / 'dw.com.uncork.html'}: the page's date 2019-08-01 differs from the date "
                               "in its title (2013-06-10); using the title's",)


@needs_pages
def test_no_two_of_these_unrelated_pages_are_linked(pages):
    lineage = tracer.trace(list(pages.values()))
    assert [(l.source, l.target) for l in lineage.links if l.kind == "text"] == []


@needs_pages
@pytest.mark.parametrize("name", ["theguardian.com.academics.html", "nature.com.telescope.html",
                                  "heise.de.lithium.html", "threatpost.com.android.html"])
def test_a_page_and_a_plain_text_copy_of_its_body_are_the_same_text(tmp_path, name):
    body = _article_paragraphs(PAGES / name)
    copy = tmp_path / "copy.txt"
    copy.write_text("\n".join(body) + "\n", encoding="utf-8")
    corpus = tracer.read_documents([str(PAGES / name), str(copy)])
    (link,) = [l for l in tracer.trace(corpus.documents).links if l.kind == "text"]
    assert {link.source, link.target} == {name, "copy.txt"}
    assert link.relation in ("verbatim", "edited")
    assert min(link.containment.values()) >= 0.9


@needs_pages
@pytest.mark.parametrize("name", ["reuters.com.parasite.html", "salon.com.emissions.html"])
def test_a_page_and_its_copy_in_another_sites_template_are_linked(tmp_path, name):
    body = _article_paragraphs(PAGES / name)
    wrapped = tmp_path / "mirror.html"
    wrapped.write_text(another_sites_template("Copied story", body), encoding="utf-8")
    corpus = tracer.read_documents([str(PAGES / name), str(wrapped)])
    mirror = next(d for d in corpus.documents if d.id == "mirror.html")
    assert mirror.outlet == "Daily Mirrorsite" and mirror.published == "2020-02-03"
    for chrome in ("Leave a Reply", "Related posts", "Accept cookies", "Share on Facebook", "All rights reserved"):
        assert chrome not in mirror.text
    (link,) = [l for l in tracer.trace(corpus.documents).links if l.kind == "text"]
    assert {link.source, link.target} == {name, "mirror.html"}
    assert min(link.containment.values()) >= 0.8


def test_html_is_recognised_by_its_opening_whatever_the_file_is_called(tmp_path):
    (tmp_path / "saved-page").write_text(another_sites_template("A saved page", [LONG_PARAGRAPH]), encoding="utf-8")
    (doc,) = tracer.read_documents([str(tmp_path / "saved-page")]).documents
    assert doc.title == "A saved page" and doc.text.startswith("Rescue teams used boats")
    assert looks_like_html(b"\xef\xbb\xbf<!doctype html>") and not looks_like_html(b"Title\n\n<p>text</p>")


def test_html_on_stdin_is_recognised_and_extracted():
    import io

    page = another_sites_template("Piped page", [LONG_PARAGRAPH, SECOND_PARAGRAPH]).encode()
    (doc,) = tracer.read_documents(["-"], stdin=io.BytesIO(page)).documents
    assert (doc.id, doc.title, doc.outlet) == ("stdin", "Piped page", "Daily Mirrorsite")
    assert "Accept cookies" not in doc.text and LONG_PARAGRAPH in doc.text


def test_a_credit_line_finds_the_page_of_the_credited_outlet_in_the_collection(tmp_path):
    body = [LONG_PARAGRAPH, SECOND_PARAGRAPH]
    (tmp_path / "original.html").write_text(another_sites_template("The flood", body, site="RT"), encoding="utf-8")
    (tmp_path / "copy.txt").write_text("The flood\n\nRT reports: " + "\n\n".join(body) + "\n", encoding="utf-8")
    corpus = tracer.read_documents([str(tmp_path)])
    assert {d.id: d.outlet for d in corpus.documents} == {"original.html": "RT", "copy.txt": None}
    lineage = tracer.trace(corpus.documents)
    (link,) = [l for l in lineage.links if l.kind == "text"]
    assert (link.source, link.target, link.direction) == ("original.html", "copy.txt", "derived")
    assert lineage.external_sources == ()


@pytest.mark.parametrize("title, site, host, expected", [
    ("Meta Outage Hits Facebook | Kulu Media", "Kulu Media", "kulu-media.com", ("Meta Outage Hits Facebook", None)),
    ("Berlin confronts its past | DW | 19.01.2020", "DW.COM", "dw.com", ("Berlin confronts its past", "2020-01-19")),
    ("Story - The Guardian", "The Guardian", "theguardian.com", ("Story", None)),
    ("Cats - the true story", None, None, ("Cats - the true story", None)),
    (None, "X", "x.org", (None, None)),
])
def test_titles_lose_the_site_name_and_date_pages_append(title, site, host, expected):
    assert clean_title(title, site, host) == expected


def test_import_tracer_does_not_import_the_page_extractor():
    code = "import tracer, sys; print(sorted(m for m in ('trafilatura', 'htmldate', 'warcio') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_extract_page_returns_none_for_a_page_without_an_article():
    assert extract_page(b"<html><body><nav>Home | About</nav></body></html>") is None


LONG_PARAGRAPH = (
    "Rescue teams used boats to reach villagers stranded on rooftops after heavy rain swept across the valley "
    "overnight, flooding farmland and cutting power to thousands of homes in the district.")
SECOND_PARAGRAPH = (
    "Forecasters expect more storms later in the week as a slow-moving low-pressure system settles over the "
    "region, and local authorities opened schools and sports halls as shelters for the night.")


def another_sites_template(title: str, paragraphs: list[str], site: str = "Daily Mirrorsite") -> str:
    """A blog page of another site around `paragraphs`: menus, share buttons, related posts, comments, footer."""
    body = "\n".join(f"<p>{p}</p>" for p in paragraphs)
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{title} | {site}</title>
<meta property="og:site_name" content="{site}">
<meta property="og:title" content="{title}">
<meta property="article:published_time" content="2020-02-03T09:00:00+00:00">
<link rel="canonical" href="https://mirrorsite.example/2020/02/03/copied-story/">
</head><body>
<div class="cookie-banner">We use cookies to improve your experience. <button>Accept cookies</button></div>
<header><nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li><li><a href="/politics">Politics</a></li>
<li><a href="/about">About us</a></li><li><a href="/donate">Donate</a></li></ul></nav></header>
<main><article><h1>{title}</h1><div class="byline">By Staff Writer, February 3, 2020</div>
<div class="entry-content">{body}</div>
<div class="share">Share on Facebook | Share on Twitter | Share on WhatsApp</div></article>
<aside class="related"><h3>Related posts</h3><ul><li><a href="/a">Ministers meet over the budget crisis</a></li>
<li><a href="/b">Ten things you did not know about the harbour strike</a></li></ul></aside>
<section id="comments"><h3>Leave a Reply</h3><form><p>Your email address will not be published.</p>
<textarea name="comment"></textarea><button>Post Comment</button></form></section></main>
<footer><p>Copyright 2020 {site}. All rights reserved.</p><p><a href="/privacy">Privacy policy</a></p></footer>
</body></html>
"""


def _article_paragraphs(page: Path) -> list[str]:
    """The article's paragraphs as a person copying it would get them (here: as tracer extracted them)."""
    return extract_page(page.read_bytes()).text.split("\n\n")
