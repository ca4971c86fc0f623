"""Spread work over the machine's cores. Small jobs run in this process."""

from __future__ import annotations

import multiprocessing
import os
import signal
from collections.abc import Callable, Sequence
from typing import Any

SERIAL_BELOW = 64
"""Fewer items than this are not worth starting processes for."""

_SHARED: Any = None


def workers(requested: int) -> int:
    return requested if requested > 0 else (os.cpu_count() or 1)


def pmap(func: Callable, items: Sequence, requested_workers: int = 0, shared: Any = None,
         serial_below: int = SERIAL_BELOW) -> list:
    """`[func(item) for item in items]`, over forked worker processes when it pays: from `serial_below` items
    (fewer for items that are each a large piece of work).

    `shared` is made visible to `func` through `shared_state()` without being pickled per item.
    Results come back in the order of `items`.
    """
    global _SHARED
    n = workers(requested_workers)
    _SHARED = shared
    try:
        if n == 1 or len(items) < serial_below or "fork" not in multiprocessing.get_all_start_methods():
            return [func(item) for item in items]
        chunk = max(1, len(items) // (n * 8))
        with multiprocessing.get_context("fork").Pool(n, initializer=ignore_interrupts) as pool:
            return pool.map(func, items, chunksize=chunk)
    finally:
        _SHARED = None


def ignore_interrupts() -> None:
    """A worker's initializer: Ctrl-C reaches the whole process group, and only the parent answers it (it stops
    the pool). A worker that took it too would die with a traceback of its own and could leave the pool's
    shutdown waiting for work it will never finish."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def shared_state() -> Any:
    return _SHARED
