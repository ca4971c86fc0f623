"""Write results so that an interrupted run never leaves a half-written file."""

from __future__ import annotations

import contextlib
import os
import secrets
import signal
import tempfile
import threading
from pathlib import Path

from .errors import OutputError


def ensure_dir(path: str | Path) -> Path:
    folder = Path(path)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise OutputError(f"{folder}: cannot create output folder ({err.strerror})") from err
    if not os.access(folder, os.W_OK):
        raise OutputError(f"{folder}: output folder is not writable")
    return folder


def write_atomic(path: str | Path, data: bytes | str) -> None:
    """Write to a temporary file beside `path`, then rename it over `path` in one step."""
    write_all(Path(path).parent, {Path(path).name: data})


def write_all(folder: str | Path, files: dict[str, bytes | str], remove: tuple[str, ...] = ()) -> None:
    """Write a set of files in `folder` (name: contents) as one: each to a temporary file beside its place
    first; only once every one is on disk are they renamed into place (and the files named in `remove`
    deleted). An error in either step puts back the files of the run before, and a Ctrl-C meanwhile is held
    until the set is written (see `_interrupts_held`), so the folder holds one run's files, whole."""
    folder, staged = Path(folder), {}
    with _interrupts_held():
        try:
            for name, data in files.items():
                staged[folder / name] = _cannot(folder / name, "write", _stage, folder / name, data)
            _commit(staged, [folder / name for name in remove])
        finally:
            for tmp in staged.values():
                Path(tmp).unlink(missing_ok=True)


def _commit(staged: dict[Path, str], removed: list[Path]) -> None:
    """Rename the staged files over their places and delete `removed`, keeping a hard link to each file
    replaced or deleted, through which all are put back if one step fails."""
    for path in [*staged, *removed]:
        if path.is_dir():
            raise OutputError(f"{path}: cannot write (a folder has that name)")
    kept: list[tuple[Path, Path | None | bool]] = []
    try:
        for path, tmp in staged.items():
            kept.append((path, _keep(path)))
            _cannot(path, "write", os.replace, tmp, path)
        for path in removed:
            kept.append((path, _keep(path)))
            _cannot(path, "remove", path.unlink, missing_ok=True)
    except BaseException:
        for path, old in reversed(kept):
            _put_back(path, old)
        raise
    finally:
        for _, old in kept:
            if isinstance(old, Path):
                old.unlink(missing_ok=True)


def _keep(path: Path) -> Path | None | bool:
    """A hard link to the file at `path`, to put it back; None when there is none; False when it cannot be kept
    (a file system without hard links, or another user's file in a shared folder)."""
    if not path.exists():
        return None
    link = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}.old")
    try:
        os.link(path, link)
    except OSError:
        return False
    return link


def _put_back(path: Path, old: Path | None | bool) -> None:
    """Undo one step of `_commit`, as far as it can be undone."""
    try:
        if old is None:
            path.unlink(missing_ok=True)
        elif isinstance(old, Path):
            os.replace(old, path)
    except OSError:
        pass  # the error being raised says what went wrong; this one would hide it


@contextlib.contextmanager
def _interrupts_held():
    """Hold a Ctrl-C (SIGINT) that arrives inside the block and raise it when the block ends, so a set of files
    is written whole or, on an error, not at all. Only the main thread can set a signal handler: elsewhere, and
    when SIGINT is not Python's to answer, this does nothing."""
    if threading.current_thread() is not threading.main_thread() or \
            signal.getsignal(signal.SIGINT) is not signal.default_int_handler:
        yield
        return
    held: list[int] = []
    signal.signal(signal.SIGINT, lambda signum, frame: held.append(signum))
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, signal.default_int_handler)
    if held:
        raise KeyboardInterrupt


def _cannot(path: Path, verb: str, func, *args, **kwargs):
    """`func(*args, **kwargs)`, an OSError said as one line about `path`: "cannot {verb}"."""
    try:
        return func(*args, **kwargs)
    except OSError as err:
        raise OutputError(f"{path}: cannot {verb} ({err.strerror})") from err


def _stage(path: Path, data: bytes | str) -> str:
    """`data` in a new temporary file beside `path`, on disk (fsync); its name."""
    payload = data.encode("utf-8") if isinstance(data, str) else data
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            os.fchmod(handle.fileno(), 0o666 & ~_umask())  # as open() would; mkstemp makes it owner-only
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return tmp


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
