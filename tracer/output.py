"""Write results so that an interrupted run never leaves a half-written file."""

from __future__ import annotations

import os
import tempfile
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
    first, then all renamed into place (and the files named in `remove` deleted) only once every one is on
    disk, so an error or an interrupt while writing leaves the files of the run before as they were."""
    folder, staged = Path(folder), {}
    try:
        for name, data in files.items():
            staged[folder / name] = _cannot_write(folder / name, _stage, folder / name, data)
        for path, tmp in staged.items():
            _cannot_write(path, os.replace, tmp, path)
        for name in remove:
            _cannot_write(folder / name, (folder / name).unlink, missing_ok=True)
    finally:
        for tmp in staged.values():
            Path(tmp).unlink(missing_ok=True)


def _cannot_write(path: Path, func, *args, **kwargs):
    """`func(*args, **kwargs)`, an OSError said as one line about `path`."""
    try:
        return func(*args, **kwargs)
    except OSError as err:
        raise OutputError(f"{path}: cannot write ({err.strerror})") from err


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
