"""URLs for trace and compare, served by a local HTTP server on 127.0.0.1 (never any other address)."""

from __future__ import annotations

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from click.testing import CliRunner

from tracer import InputError, read_documents
from tracer.cli import cli
from tracer.errors import FetchError
from tracer.ingest import ReadOptions, read_url

ARTICLE = ("Dock workers at the northern harbour walked off the job on Tuesday, halting container traffic for the "
           "second time this month. The union said talks over pay and night shifts had collapsed after management "
           "refused to improve its offer. Shipping companies diverted several vessels to a smaller terminal.")
PAGE = f"""<!DOCTYPE html><html><head><title>Harbour strike halts traffic | Port Times</title>
<meta property="og:site_name" content="Port Times">
<meta property="article:published_time" content="2021-05-04">
<link rel="canonical" href="https://porttimes.example/strike"></head>
<body><nav>Home | Business | Sport</nav><article><h1>Harbour strike halts traffic</h1><p>{ARTICLE}</p>
<p>Retailers warned that shelves could run short of fresh fruit and electronics before the holiday season,
and the transport minister called both sides to a meeting on Thursday.</p></article>
<footer>Copyright Port Times. All rights reserved.</footer></body></html>"""


class Handler(BaseHTTPRequestHandler):
    seen_agents: list[str] = []

    def do_GET(self):  # noqa: N802 (http.server's name)
        Handler.seen_agents.append(self.headers.get("User-Agent", ""))
        route = {
            "/page.html": (200, "text/html; charset=utf-8", PAGE.encode()),
            "/story.txt": (200, "text/plain; charset=utf-8", ("Harbour strike halts container traffic again\n\n" + ARTICLE).encode()),
            "/report.pdf": (200, "application/pdf", b"%PDF-1.4 ..."),
            "/big.html": (200, "text/html", b"<html>" + b"x" * 3000 + b"</html>"),
            "/empty.html": (200, "text/html", b"<html><body><nav>Home</nav></body></html>"),
        }.get(self.path)
        if self.path == "/slow.html":
            time.sleep(1.5)
            route = (200, "text/html", PAGE.encode())
        if self.path == "/drip.html":
            return self._drip()
        if self.path == "/drip-headers.html":
            return self._drip_headers()
        if self.path == "/short.html":
            return self._short()
        if self.path == "/short-chunked.html":
            return self._short_chunked()
        if self.path == "/bad-chunk.html":
            return self._short_chunked(b"zz\r\nmore\r\n0\r\n\r\n")
        if self.path == "/moved":
            self.send_response(301)
            self.send_header("Location", "/page.html")
            self.end_headers()
            return
        status, ctype, body = route or (404, "text/html", b"<html>not found</html>")
        try:
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):  # the client gave up (time limit, size cap): as meant
            pass

    def _drip(self):
        """A page that never stops coming: 50 bytes every 0.3 s (3,000 announced), for up to 20 s."""
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", "3000")
        self.end_headers()
        try:
            for _ in range(60):
                self.wfile.write(b"<p>" + b"x" * 47)
                self.wfile.flush()
                time.sleep(0.3)
        except (BrokenPipeError, ConnectionResetError):
            pass

    def _short(self):
        """A page cut short: 1,000 bytes announced, 30 sent, then the connection closes."""
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", "1000")
        self.end_headers()
        self.wfile.write(b"<html><body><p>only part of th")

    def _short_chunked(self, rest: bytes = b""):
        """A chunked page cut short: one chunk, then `rest` if given (a malformed chunk-size line), then the
        connection closes before any valid last (empty) chunk."""
        self.protocol_version = "HTTP/1.1"
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Transfer-Encoding", "chunked")
        self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(b"1e\r\n<html><body><p>only part of th\r\n" + rest)

    def _drip_headers(self):
        """An answer whose headers never end: a status line, then a header line every 0.2 s, for up to 20 s."""
        try:
            self.wfile.write(b"HTTP/1.1 200 OK\r\n")
            for i in range(100):
                self.wfile.write(b"X-Wait-%d: 1\r\n" % i)
                self.wfile.flush()
                time.sleep(0.2)
        except (BrokenPipeError, ConnectionResetError):
            pass

    def log_message(self, *args):  # keep test output clean
        pass


@pytest.fixture(scope="module")
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_a_page_url_is_read_as_its_article(server):
    doc = read_url(f"{server}/page.html")
    assert doc.id == f"{server}/page.html" and doc.url == f"{server}/page.html"
    assert doc.title == "Harbour strike halts traffic" and doc.outlet == "Port Times"
    assert doc.published == "2021-05-04"
    assert ARTICLE in doc.text and "Business | Sport" not in doc.text and "Copyright" not in doc.text


def test_a_plain_text_url_is_read_as_text(server):
    doc = read_url(f"{server}/story.txt")
    assert doc.title == "Harbour strike halts container traffic again" and ARTICLE in doc.text


def test_redirects_are_followed_and_the_final_url_kept(server):
    doc = read_url(f"{server}/moved")
    assert doc.id == f"{server}/moved" and doc.url == f"{server}/page.html"


def test_the_user_agent_is_sent(server):
    read_url(f"{server}/page.html", ReadOptions(user_agent="newsroom-check/2.0"))
    assert Handler.seen_agents[-1] == "newsroom-check/2.0"


@pytest.mark.parametrize("path, options, message", [
    ("/missing.html", ReadOptions(), "HTTP 404 Not Found"),
    ("/report.pdf", ReadOptions(), "not a web page or text (Content-Type application/pdf)"),
    ("/big.html", ReadOptions(max_bytes=1000), "page too large (3,013 bytes; the limit is 1,000)"),
    ("/slow.html", ReadOptions(timeout=0.3), "no answer within 0.3 s"),
    ("/empty.html", ReadOptions(), "no article text found in the page"),
    ("/short.html", ReadOptions(),
     "not fully received (the connection closed 970 bytes before the end its Content-Length announced)"),
    ("/short-chunked.html", ReadOptions(), "not fully received (the chunked body broke off before its last chunk)"),
    ("/bad-chunk.html", ReadOptions(), "not fully received (the chunked body broke off before its last chunk)"),
])
def test_each_failure_has_one_clear_message(server, path, options, message):
    with pytest.raises(InputError) as err:
        read_url(server + path, options)
    assert str(err.value) == f"{server}{path}: {message}"


@pytest.mark.parametrize("path", [
    "/drip.html",  # the body: the whole page would take 18 s
    "/drip-headers.html",  # the headers: they would take 20 s
])
def test_the_time_limit_holds_against_an_answer_that_trickles_in(server, path):
    started = time.monotonic()
    with pytest.raises(FetchError) as err:
        read_url(f"{server}{path}", ReadOptions(timeout=1.5))
    took = time.monotonic() - started
    assert str(err.value) == f"{server}{path}: not fully received within 1.5 s"
    assert 1.4 < took < 1.5 + 3, took


def test_the_time_limit_holds_when_the_connection_is_made_after_it(server, monkeypatch):
    """The time runs out while connecting (a slow resolver, a first address that never answers); the socket
    that connects afterwards is cut at once, not left to the headers that trickle in on it."""
    import http.client

    connect = http.client.socket.create_connection

    def slow_connect(*args, **kwargs):
        time.sleep(1.0)
        return connect(*args, **kwargs)

    monkeypatch.setattr(http.client.socket, "create_connection", slow_connect)
    started = time.monotonic()
    with pytest.raises(FetchError) as err:
        read_url(f"{server}/drip-headers.html", ReadOptions(timeout=0.5))
    took = time.monotonic() - started
    assert str(err.value) == f"{server}/drip-headers.html: no answer within 0.5 s"
    assert took < 1.0 + 2, took


@pytest.fixture(scope="module")
def tls_server(tmp_path_factory):
    """The same pages over HTTPS, with a certificate for localhost made by `openssl` for the test."""
    import shutil
    import ssl
    import subprocess

    if shutil.which("openssl") is None:
        pytest.skip("openssl not found: no certificate for the HTTPS test")
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=localhost",
                    "-addext", "subjectAltName=DNS:localhost", "-keyout", str(key), "-out", str(cert)],
                   check=True, capture_output=True)
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    httpd.socket = context.wrap_socket(httpd.socket, server_side=True)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"https://localhost:{httpd.server_address[1]}", cert
    httpd.shutdown()
    httpd.server_close()


def test_https_pages_are_read_and_their_time_limit_holds(tls_server, monkeypatch):
    """The time limit cuts a TLS connection as it cuts a plain one: the watch shuts the socket under the TLS
    layer, from its own thread, while the fetching thread reads."""
    url, cert = tls_server
    with pytest.raises(FetchError, match="CERTIFICATE_VERIFY_FAILED"):  # not trusted yet: refused
        read_url(f"{url}/page.html")
    monkeypatch.setenv("SSL_CERT_FILE", str(cert))
    assert ARTICLE in read_url(f"{url}/page.html").text
    started = time.monotonic()
    with pytest.raises(FetchError) as err:
        read_url(f"{url}/drip-headers.html", ReadOptions(timeout=1.0))
    assert str(err.value) == f"{url}/drip-headers.html: not fully received within 1 s"
    assert time.monotonic() - started < 1.0 + 3


def test_fetch_failures_are_fetch_errors_with_their_exit_code(server):
    with pytest.raises(FetchError) as err:
        read_url(f"{server}/missing.html")
    assert err.value.exit_code == 5


def test_a_closed_port_says_connection_refused():
    import socket

    with socket.socket() as s:  # a port on loopback that nothing listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with pytest.raises(FetchError, match="connection refused"):
        read_url(f"http://127.0.0.1:{port}/x")


def test_trace_skips_a_url_it_cannot_fetch_and_reads_the_rest(server):
    corpus = read_documents([f"{server}/page.html", f"{server}/missing.html"])
    assert [d.id for d in corpus.documents] == [f"{server}/page.html"]
    assert [(s.path, s.reason) for s in corpus.skipped] == [(f"{server}/missing.html", "HTTP 404 Not Found")]


def test_cli_trace_of_urls_with_a_user_agent(server, tmp_path):
    result = CliRunner().invoke(cli, ["trace", f"{server}/page.html", f"{server}/story.txt", "-o", str(tmp_path),
                                      "--user-agent", "cli-agent/1.0"])
    assert result.exit_code == 0, result.stderr
    assert "page.html" in result.stdout and "story.txt" in result.stdout
    assert "cli-agent/1.0" in Handler.seen_agents


def test_cli_strict_stops_at_a_url_it_cannot_fetch_with_exit_code_5(server, tmp_path):
    result = CliRunner().invoke(cli, ["trace", f"{server}/page.html", f"{server}/report.pdf", "--strict",
                                      "-o", str(tmp_path / "out")])
    assert result.exit_code == 5
    assert result.stderr.strip() == (f"tracer: error: {server}/report.pdf: not a web page or text "
                                     "(Content-Type application/pdf)")
    assert not (tmp_path / "out").exists()


def test_cli_compare_of_a_url_that_fails_exits_5(server):
    result = CliRunner().invoke(cli, ["compare", f"{server}/page.html", f"{server}/missing.html"])
    assert result.exit_code == 5 and "HTTP 404" in result.stderr and "Traceback" not in result.stderr
