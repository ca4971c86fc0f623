"""Web archives: each HTML response record is a document with its target URI and capture date."""

from __future__ import annotations

import io

import pytest
from click.testing import CliRunner
from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from tracer import InputError, read_documents, trace
from tracer.cli import cli

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
    with pytest.raises(InputError, match=r"no articles found .*\(1 file skipped: .*not a readable WARC file"):
        read_documents([str(path)])


def record_spans(path) -> list[tuple[int, int]]:
    """(offset, length) of each record in the file (its gzip member, when gzipped)."""
    with open(path, "rb") as stream:
        records = ArchiveIterator(stream)
        return [(records.get_record_offset(), records.get_record_length()) for _ in records]


def cut_copy(path, at: int):
    """A copy of the archive at `path` holding its first `at` bytes."""
    cut = path.with_name("cut-" + path.name)
    cut.write_bytes(path.read_bytes()[:at])
    return cut


def two_pages(tmp_path, gzip=True):
    path = tmp_path / ("two.warc.gz" if gzip else "two.warc")
    write_warc(path, [
        ("https://valley.example/flood", "200 OK", "text/html", page("Flood", STORY, "Valley News"),
         "2020-02-03T10:00:00Z"),
        ("https://mirror.example/copied", "200 OK", "text/html", page("Valley flood", "Reposted: " + STORY,
         "Mirror Site"), "2020-02-05T08:30:00Z")], gzip=gzip)
    return path


@pytest.mark.parametrize("gzip", [True, False])
def test_an_archive_cut_inside_a_page_keeps_the_pages_before_and_says_it_is_truncated(tmp_path, gzip):
    path = two_pages(tmp_path, gzip)
    offset, length = record_spans(path)[1]
    cut = cut_copy(path, offset + length // 2)
    corpus = read_documents([str(cut)])
    assert [d.id for d in corpus.documents] == ["https://valley.example/flood"]
    assert [(s.path, s.reason) for s in corpus.skipped] == [
        (f"{cut}: https://mirror.example/copied", "cut short: the archive is truncated or damaged")]
    with pytest.raises(InputError, match="copied: cut short: the archive is truncated or damaged"):
        read_documents([str(cut)], strict=True)


@pytest.mark.parametrize("gzip", [True, False])
def test_an_archive_cut_inside_a_record_header_says_it_is_truncated(tmp_path, gzip):
    path = two_pages(tmp_path, gzip)
    offset, _ = record_spans(path)[1]
    cut = cut_copy(path, offset + (40 if gzip else 150))  # inside the second record's WARC header
    corpus = read_documents([str(cut)])
    assert [d.id for d in corpus.documents] == ["https://valley.example/flood"]
    ((where, reason),) = [(s.path, s.reason) for s in corpus.skipped]
    assert where.startswith(str(cut)) and "the archive is truncated or damaged" in reason


def test_a_gzipped_archive_cut_inside_its_last_member_end_says_so(tmp_path):
    cut = cut_copy(two_pages(tmp_path), -4)  # the gzip trailer: the pages are whole, the archive is not
    corpus = read_documents([str(cut)])
    assert len(corpus.documents) == 2
    assert [(s.path, s.reason) for s in corpus.skipped] == [
        (str(cut), "the archive is truncated or damaged (it ends inside record 2's gzip member)")]


def test_cli_on_an_archive_cut_inside_its_only_page_says_truncated_not_no_article_text(tmp_path):
    path = tmp_path / "one.warc.gz"
    write_warc(path, [("https://valley.example/flood", "200 OK", "text/html", page("Flood", STORY, "Valley News"),
                       "2020-02-03T10:00:00Z")])
    cut = cut_copy(path, path.stat().st_size * 2 // 3)
    result = CliRunner().invoke(cli, ["trace", str(cut), "-o", str(tmp_path / "out")])
    assert result.exit_code == 3 and "Traceback" not in result.stderr
    assert result.stderr.strip() == (f"tracer: error: no articles found in {cut} (1 record skipped: {cut}: "
                                     "https://valley.example/flood: cut short: the archive is truncated or damaged)")
    assert "no article text" not in result.stderr and not (tmp_path / "out").exists()
