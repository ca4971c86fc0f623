"""Write results so that an interrupted run never leaves a half-written file."""

from __future__ import annotations

import contextlib
import itertools
import os
import secrets
import signal
import tempfile
import threading
from collections.abc import Iterator
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


@contextlib.contextmanager
def output_folder(path: str | Path) -> Iterator[Path]:
    """`ensure_dir` for a run that writes into the folder at its end: the folders made for it are removed again,
    if still empty, when the run ends early (an error or a Ctrl-C), so an interrupted first run leaves nothing."""
    folder = Path(path)
    # the folders mkdir will make (lexists says False where Path.exists raises, for an unreadable parent)
    made = list(itertools.takewhile(lambda p: not os.path.lexists(p), (folder, *folder.parents)))
    try:
        yield ensure_dir(folder)
    except BaseException:
        for empty in made:  # deepest first
            with contextlib.suppress(OSError):
                empty.rmdir()
        raise


def write_atomic(path: str | Path, data: bytes | str) -> None:
    """Write to a temporary file beside `path`, then rename it over `path` in one step."""
    write_all(Path(path).parent, {Path(path).name: data})


def write_all(folder: str | Path, files: dict[str, bytes | str], remove: tuple[str, ...] = ()) -> None:
    """Write a set of files in `folder` (name: contents) as one: each to a temporary file beside its place
    first; only once every one is on disk are they renamed into place (and the files named in `remove`
    deleted). An error in either step puts back the files of the run before, and a Ctrl-C or SIGTERM meanwhile
    is held until the set is written (see `_interrupts_held`), so the folder holds one run's files, whole."""
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
    """Rename the staged files over their places and delete `removed`, keeping each file replaced or deleted
    (see `_keep`) so that all are put back if one step fails."""
    for path in [*staged, *removed]:
        if path.is_dir():
            raise OutputError(f"{path}: cannot write (a folder has that name)")
    kept: list[tuple[Path, Path | None]] = []
    try:
        for path, tmp in staged.items():
            _kept_step(kept, path, "write", os.replace, tmp, path)
        for path in removed:
            _kept_step(kept, path, "remove", path.unlink, missing_ok=True)
    except BaseException as err:
        stranded = [(path, old) for path, old in reversed(kept) if not _put_back(path, old)]
        if stranded and isinstance(err, OutputError):
            raise OutputError(f"{err}; could not put back the run before's {_listed(stranded)}") from err
        raise
    for _, old in kept:
        if old is not None:
            with contextlib.suppress(OSError):  # the set is in place; a leftover copy is no reason to fail
                old.unlink(missing_ok=True)


def _kept_step(kept: list[tuple[Path, Path | None]], path: Path, verb: str, func, *args, **kwargs) -> None:
    """One step of `_commit` on `path`: its file kept (see `_keep`), named in `kept` first, so that a file kept
    is always put back, then `func(*args, **kwargs)` (see `_cannot`)."""
    kept.append((path, _kept_name(path)))
    _keep(path, kept[-1][1])
    _cannot(path, verb, func, *args, **kwargs)


def _kept_name(path: Path) -> Path | None:
    """A hidden name beside `path` to keep its file under; None when there is no file (a symbolic link counts
    as one, even a broken one)."""
    if not os.path.lexists(path):
        return None
    return path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}.old")


def _keep(path: Path, old: Path | None) -> None:
    """Keep the file at `path` as `old`, to put back: a hard link, so that `path` is never missing, or, on a
    file system without them (or for another user's file in a shared folder), the file itself renamed aside."""
    if old is None:
        return
    try:
        os.link(path, old, follow_symlinks=False)
    except (OSError, NotImplementedError):  # NotImplementedError: a platform without linkat
        _cannot(path, "write", os.rename, path, old)


def _put_back(path: Path, old: Path | None) -> bool:
    """Undo one step of `_commit`; whether it could be undone. A failure here is not raised: the error that
    made the step be undone says what went wrong, and this one would hide it."""
    try:
        if old is None:
            path.unlink(missing_ok=True)
        elif os.path.lexists(old):  # else it was never kept, and `path` was never touched
            os.replace(old, path)
            old.unlink(missing_ok=True)  # rename(2) does nothing when both names link to one file
    except OSError:
        return False
    return True


def _listed(stranded: list[tuple[Path, Path | None]]) -> str:
    """The files `_put_back` could not restore, and where each one is kept."""
    return ", ".join(f"{path.name} (kept as {old.name})" if old else f"{path.name} (the run before had none)"
                     for path, old in stranded)


HELD = {signal.SIGINT: signal.default_int_handler, signal.SIGTERM: signal.SIG_DFL}
"""The signals `_interrupts_held` holds, each only while its handler is this one (Python's answer to Ctrl-C;
the default for SIGTERM, which `timeout`, `kill` and service managers send, and which ends the process)."""


@contextlib.contextmanager
def _interrupts_held():
    """Hold a Ctrl-C (SIGINT) or a SIGTERM that arrives inside the block and answer it when the block ends, so
    a set of files is written whole or, on an error, not at all: KeyboardInterrupt for SIGINT, and for SIGTERM
    the signal sent again, so that the process ends as it would have. Only the main thread can set a signal
    handler: elsewhere, and for a signal that a program has given its own handler, this does nothing."""
    mine = threading.current_thread() is threading.main_thread()
    signums = [s for s, usual in HELD.items() if mine and signal.getsignal(s) is usual]
    held: list[int] = []
    for signum in signums:
        signal.signal(signum, lambda got, frame: held.append(got))
    try:
        yield
    finally:
        for signum in reversed(signums):  # SIGINT last: until then, one that comes is held too
            signal.signal(signum, HELD[signum])
            if signum == signal.SIGTERM and signal.SIGTERM in held:
                os.kill(os.getpid(), signal.SIGTERM)
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
