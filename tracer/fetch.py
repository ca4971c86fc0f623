"""Fetch one web page: a time limit, a size cap, a content-type check, and one clear message per failure."""

from __future__ import annotations

import http.client
import socket
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
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            media_type = response.headers.get_content_type() if response.headers.get("Content-Type") else ""
            _check_type(url, media_type)
            _check_length(url, response.headers.get("Content-Length"), max_bytes)
            data = _read_capped(url, response, max_bytes, deadline, timeout)
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


def _check_type(url: str, media_type: str) -> None:
    if media_type and media_type not in HTML_TYPES + TEXT_TYPES:
        raise FetchError(f"{url}: not a web page or text (Content-Type {media_type})")


def _check_length(url: str, length: str | None, max_bytes: int) -> None:
    if length and length.isdigit() and int(length) > max_bytes:
        raise FetchError(f"{url}: page too large ({int(length):,} bytes; the limit is {max_bytes:,})")


def _read_capped(url: str, response, max_bytes: int, deadline: float, timeout: float) -> bytes:
    """The body, as it comes (read1), each wait on the socket limited to the time left before `deadline`."""
    chunks, size = [], 0
    while True:
        try:
            _limit_wait(response, deadline)
            chunk = response.read1(min(_CHUNK, max_bytes + 1 - size))
        except (TimeoutError, socket.timeout):
            raise FetchError(f"{url}: not fully received within {timeout:g} s") from None
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)
        size += len(chunk)
        if size > max_bytes:
            raise FetchError(f"{url}: page too large (over {max_bytes:,} bytes)")


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
