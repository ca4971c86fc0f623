"""What tracer writes itself, which reading a folder leaves out: its reports, and this run's output folder."""

from __future__ import annotations

from pathlib import Path

from . import __version__
from .model import Skipped

GENERATOR = f"tracer {__version__}"
"""The `<meta name="generator">` of every report tracer writes (report_assets/report.html)."""
_MARK = b'<meta name="generator" content="tracer '
_HEAD = 2048
OWN = "own"
"""The kind of a Skipped that is tracer's own output: left out of a folder, never an error."""


def leave_out_own(root: Path, files: list[Path], output: str | None) -> tuple[list[Path], list[Skipped]]:
    """`files` (found in folder `root`) without tracer's own: the reports it wrote, and the files of this run's
    output folder when that lies inside `root`; and what was left out, as Skipped items."""
    in_output = set(_inside_output(root, files, output))
    reports = {f for f in files if f not in in_output and is_report(f)}
    folder = f"this run's output folder ({_files(len(in_output))} in it not read)"
    left_out = [Skipped(output, folder, OWN)] if in_output else []
    left_out += [Skipped(str(f), "a report tracer wrote, not an article", OWN) for f in sorted(reports)]
    return [f for f in files if f not in in_output and f not in reports], left_out


def is_report(path: Path) -> bool:
    """True when the file opens like a report tracer wrote (its generator mark near the top)."""
    if path.suffix.lower() not in (".html", ".htm"):
        return False
    try:
        with open(path, "rb") as f:
            return _MARK in f.read(_HEAD)
    except OSError:
        return False  # reading it as an article says why


def _inside_output(root: Path, files: list[Path], output: str | None) -> list[Path]:
    """The files inside this run's output folder, when it lies below `root` (none otherwise)."""
    if not output:
        return []
    folder, top = Path(output).resolve(), root.resolve()
    if folder == top or top not in folder.parents:
        return []
    return [f for f in files if folder in f.resolve().parents]


def _files(n: int) -> str:
    return f"{n} file{'s' if n != 1 else ''}"
