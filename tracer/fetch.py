"""Fetch one web page: a time limit, a size cap, a content-type check, and one clear message per failure."""

from __future__ import annotations

import functools
import http.client
import socket
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass

from . import __version__
from .errors import FetchError

DEFAULT_USER_AGENT = f"tracer/{__version__} (provenance tracer for news text)"
DEFAULT_TIMEOUT = 20.0
"""Seconds for the whole fetch: connecting, waiting and reading."""
MAX_BYTES = 10 * 1024 * 1024
HTML_TYPES = ("text/html", "application/xhtml+xml")
TEXT_TYPES = ("text/plain", "text/markdown")
_CHUNK = 64 * 1024


@dataclass(frozen=True)
class Fetched:
    """A fetched page: the URL it ended at (after redirects), its media type, charset and bytes."""

    url: str
    media_type: str
    charset: str | None
    data: bytes

    @property
    def is_html(self) -> bool:
        return self.media_type in HTML_TYPES


def is_url(arg: str) -> bool:
    """
    >>> is_url("https://example.org/a"), is_url("seeds/")
    (True, False)
    """
    return arg.lower().startswith(("http://", "https://"))


def fetch(url: str, *, user_agent: str = DEFAULT_USER_AGENT, timeout: float = DEFAULT_TIMEOUT,
          max_bytes: int = MAX_BYTES) -> Fetched:
    """GET `url` and return the page, or raise FetchError saying what went wrong in one line."""
    request = urllib.request.Request(url, headers={
        "User-Agent": user_agent, "Accept": "text/html,application/xhtml+xml,text/plain;q=0.9"})
    deadline = time.monotonic() + timeout
    with _Watch(timeout) as watch:
        try:
            return _get(url, request, watch, max_bytes, deadline, timeout)
        except FetchError:
            if watch.cut:
                said = "not fully received" if watch.answered else "no answer"
                raise FetchError(f"{url}: {said} within {timeout:g} s") from None
            raise


def _get(url: str, request: urllib.request.Request, watch: _Watch, max_bytes: int, deadline: float,
         timeout: float) -> Fetched:
    opener = urllib.request.build_opener(_HTTPHandler(watch), _HTTPSHandler(watch))
    try:
        with opener.open(request, timeout=timeout) as response:
            watch.answered = True
            media_type = response.headers.get_content_type() if response.headers.get("Content-Type") else ""
            _check_type(url, media_type)
            _check_length(url, response.headers.get("Content-Length"), max_bytes)
            data = _read_capped(url, response, max_bytes, deadline, timeout, watch)
            return Fetched(response.geturl(), media_type, response.headers.get_content_charset(), data)
    except urllib.error.HTTPError as err:
        raise FetchError(f"{url}: HTTP {err.code} {err.reason}") from None
    except urllib.error.URLError as err:
        raise FetchError(f"{url}: {_reason(err.reason, timeout)}") from None
    except (TimeoutError, socket.timeout):
        raise FetchError(f"{url}: no answer within {timeout:g} s") from None
    except (http.client.HTTPException, ConnectionError, OSError) as err:
        raise FetchError(f"{url}: connection failed ({type(err).__name__}: {err})") from None
    except ValueError as err:
        raise FetchError(f"{url}: not a valid URL ({err})") from None


class _Watch:
    """Cuts the connections of one fetch when its time is up. A socket time-out bounds each wait, not the whole
    answer: a server that sends its status line and headers a few bytes at a time would hold the fetch for as
    long as it likes (the body is read with waits cut to the time left, see `_read_capped`)."""

    def __init__(self, seconds: float):
        self.cut = False
        """True once a socket of this fetch has been shut by the watch."""
        self.expired = False
        self.answered = False
        """True once urllib has a response (its headers, or those that came before the cut): a cut before is
        'no answer', after 'not fully received'."""
        self._sockets: list[socket.socket] = []
        self._lock = threading.Lock()
        self._timer = threading.Timer(seconds, self._cut_all)
        self._timer.daemon = True

    def __enter__(self) -> _Watch:
        self._timer.start()
        return self

    def __exit__(self, *exc) -> None:
        self._timer.cancel()

    def add(self, sock: socket.socket) -> None:
        """Watch a newly connected socket; one that connects after the time is up is shut at once."""
        with self._lock:
            self._sockets.append(sock)
            if self.expired:
                self.cut = True
                _shut(sock)

    def _cut_all(self) -> None:
        with self._lock:
            self.expired = True
            self.cut = bool(self._sockets)  # none yet: still connecting; `add` shuts it when it connects
            for sock in self._sockets:
                _shut(sock)


def _shut(sock: socket.socket) -> None:
    """Shut `sock` from the watch's thread, which wakes the read waiting on it in the fetching thread. The plain
    socket's shutdown, also for TLS: `SSLSocket.shutdown` drops its TLS state while the other thread reads."""
    try:
        socket.socket.shutdown(sock, socket.SHUT_RDWR)
    except OSError:
        pass


class _WatchedConnection:
    """A connection that hands its socket to the fetch's `_Watch` as soon as it is connected."""

    def __init__(self, *args, watch: _Watch, **kwargs):
        super().__init__(*args, **kwargs)
        self._watch = watch

    def connect(self) -> None:
        super().connect()
        self._watch.add(self.sock)


class _WatchedHTTP(_WatchedConnection, http.client.HTTPConnection):
    pass


class _WatchedHTTPS(_WatchedConnection, http.client.HTTPSConnection):
    pass


class _WatchedHandler:
    """A urllib handler whose connections are watched: `_connection(cls)` is `cls` bound to the watch."""

    def __init__(self, watch: _Watch):
        super().__init__()
        self._watch = watch

    def _connection(self, cls):
        return functools.partial(cls, watch=self._watch)


class _HTTPHandler(_WatchedHandler, urllib.request.HTTPHandler):
    def http_open(self, req):
        return self.do_open(self._connection(_WatchedHTTP), req)


class _HTTPSHandler(_WatchedHandler, urllib.request.HTTPSHandler):
    def https_open(self, req):
        return self.do_open(self._connection(_WatchedHTTPS), req, context=self._context)


def _check_type(url: str, media_type: str) -> None:
    if media_type and media_type not in HTML_TYPES + TEXT_TYPES:
        raise FetchError(f"{url}: not a web page or text (Content-Type {media_type})")


def _check_length(url: str, length: str | None, max_bytes: int) -> None:
    if length and length.isdigit() and int(length) > max_bytes:
        raise FetchError(f"{url}: page too large ({int(length):,} bytes; the limit is {max_bytes:,})")


def _read_capped(url: str, response, max_bytes: int, deadline: float, timeout: float, watch: _Watch) -> bytes:
    """The body, as it comes (read1), each wait on the socket limited to the time left before `deadline`."""
    chunks, size = [], 0
    while True:
        try:
            _limit_wait(response, deadline)
            chunk = response.read1(min(_CHUNK, max_bytes + 1 - size))
        except (TimeoutError, socket.timeout):
            raise FetchError(f"{url}: not fully received within {timeout:g} s") from None
        except http.client.IncompleteRead:  # a chunked body cut or garbled before its last chunk (see `fetch`):
            # http.client gives the same IncompleteRead for a closed connection and a malformed chunk-size line
            raise FetchError(f"{url}: not fully received (the chunked body broke off before its last chunk)") from None
        if not chunk:
            _check_complete(url, response, timeout, watch)
            return b"".join(chunks)
        chunks.append(chunk)
        size += len(chunk)
        if size > max_bytes:
            raise FetchError(f"{url}: page too large (over {max_bytes:,} bytes)")


def _check_complete(url: str, response, timeout: float, watch: _Watch) -> None:
    """At the end of the body: raise FetchError unless it is the page's end. `response.length` is what its
    Content-Length still promised (None without one); without a length, an end after a cut is the cut's."""
    missing = response.length
    if missing:
        if watch.cut:
            raise FetchError(f"{url}: not fully received within {timeout:g} s")
        raise FetchError(f"{url}: not fully received (the connection closed {missing:,} bytes before the end "
                         "its Content-Length announced)")
    if missing is None and watch.cut:
        raise FetchError(f"{url}: not fully received within {timeout:g} s")


def _limit_wait(response, deadline: float) -> None:
    """Set the response's socket time-out to the time left; raise TimeoutError when none is."""
    left = deadline - time.monotonic()
    if left <= 0:
        raise TimeoutError
    sock = getattr(getattr(response.fp, "raw", None), "_sock", None)  # http.client keeps it only there
    if sock is not None:
        sock.settimeout(left)


def _reason(reason, timeout: float) -> str:
    if isinstance(reason, (TimeoutError, socket.timeout)):
        return f"no answer within {timeout:g} s"
    if isinstance(reason, socket.gaierror):
        return "host not found"
    if isinstance(reason, ConnectionRefusedError):
        return "connection refused"
    return f"cannot connect ({reason})"
