"""One exception family. The CLI maps each class to its documented exit code."""

from __future__ import annotations


class TracerError(Exception):
    """Base class of every error tracer raises on purpose."""

    exit_code = 1


class InputError(TracerError):
    """A path is missing, unreadable, or holds no articles."""

    exit_code = 3


class FetchError(InputError):
    """A URL could not be fetched: network error, time-out, HTTP error, too large, or not a web page."""

    exit_code = 5


class OutputError(TracerError):
    """The output folder or file cannot be written."""

    exit_code = 4


class SettingsError(TracerError):
    """Settings are out of range."""

    exit_code = 2


class IndexStoreError(TracerError):
    """An index cannot be used: missing, not an index, damaged, unreachable, busy, or built with other settings."""

    exit_code = 6


class MissingIndex(IndexStoreError):
    """There is no index at the target yet."""
