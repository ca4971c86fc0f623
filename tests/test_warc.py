"""Web archives: each HTML response record is a document with its target URI and capture date."""

from __future__ import annotations

import io

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from tracer import InputError, read_documents, trace

STORY = ("Heavy rain swept across the valley overnight, flooding farmland and cutting power to thousands of homes. "
         "Rescue teams used boats to reach villagers stranded on rooftops, and two bridges were closed after the "
         "river burst its banks. Forecasters expect more storms later in the week.")


def page(title: str, body: str, site: str) -> bytes:
    return (f"<!DOCTYPE html><html><head><title>{title}</title><meta property='og:site_name' content='{site}'>"
            f"</head><body><nav>Home | News | Sport</nav><article><h2>{title}</h2><p>{body}</p></article>"
            "<footer>All rights reserved.</footer></body></html>").encode()


def write_warc(path, records, gzip=True) -> None:
    """records: (uri, status, content type, body bytes, WARC-Date)."""
    with open(path, "wb") as out:
        writer = WARCWriter(out, gzip=gzip)
        for uri, status, ctype, body, when in records:
            http = StatusAndHeaders(status, [("Content-Type", ctype)], protocol="HTTP/1.1")
            record = writer.create_warc_record(uri, "response", payload=io.BytesIO(body), http_headers=http,
                                               warc_headers_dict={"WARC-Date": when})
            writer.write_record(record)


@pytest.fixture
def archive(tmp_path):
    path = tmp_path / "crawl.warc.gz"
    write_warc(path, [
        ("https://valley.example/flood", "200 OK", "text/html; charset=utf-8",
         page("Flood cuts power to the valley", STORY, "Valley News"), "2020-02-03T10:00:00Z"),
        ("https://mirror.example/copied", "200 OK", "text/html",
         page("Valley flood", "Reposted: " + STORY, "Mirror Site"), "2020-02-05T08:30:00Z"),
        ("https://valley.example/style.css", "200 OK", "text/css", b"body { color: black }", "2020-02-03T10:00:01Z"),
        ("https://valley.example/gone", "404 Not Found", "text/html", page("Not found", "Nothing here", "V"),
         "2020-02-03T10:00:02Z"),
        ("https://valley.example/flood", "200 OK", "text/html", page("Flood cuts power to the valley", STORY,
         "Valley News"), "2020-03-01T00:00:00Z"),
    ])
    return path


def test_each_html_response_is_a_document_with_its_uri_and_capture_date(archive):
    corpus = read_documents([str(archive)])
    docs = {d.id: d for d in corpus.documents}
    assert list(docs) == ["https://valley.example/flood", "https://mirror.example/copied",
                          "https://valley.example/flood (2020-03-01T00:00:00Z)"]
    flood = docs["https://valley.example/flood"]
    assert (flood.url, flood.captured, flood.outlet, flood.title) == (
        "https://valley.example/flood", "2020-02-03T10:00:00Z", "Valley News", "Flood cuts power to the valley")
    assert STORY in flood.text and "Home | News" not in flood.text and flood.path == str(archive)
    assert corpus.warnings == (f"{archive}: 2 record(s) that are not HTML pages with a 2xx status ignored",)


def test_pages_from_an_archive_are_traced(archive):
    lineage = trace(read_documents([str(archive)]).documents)
    linked = {frozenset((l.source, l.target)) for l in lineage.links if l.kind == "text"}
    assert frozenset(("https://valley.example/flood", "https://mirror.example/copied")) in linked


def test_an_uncompressed_warc_is_read_too(tmp_path):
    path = tmp_path / "crawl.warc"
    write_warc(path, [("https://valley.example/flood", "200 OK", "text/html", page("Flood", STORY, "Valley News"),
                       "2020-02-03T10:00:00Z")], gzip=False)
    (doc,) = read_documents([str(path)]).documents
    assert doc.captured == "2020-02-03T10:00:00Z"


def test_a_file_that_is_not_a_warc_is_skipped_or_fatal_with_strict(tmp_path):
    path = tmp_path / "broken.warc"
    path.write_bytes(b"this is not a web archive\n" * 10)
    with pytest.raises(InputError, match="broken.warc: not a readable WARC file"):
        read_documents([str(path)], strict=True)
    with pytest.raises(InputError, match=r"no articles found .*1 file\(s\) skipped.*not a readable WARC file"):
        read_documents([str(path)])
