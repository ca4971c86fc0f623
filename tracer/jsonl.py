"""JSONL corpora: one JSON object per line, one article per object."""

from __future__ import annotations

import json
from pathlib import Path

from .assemble import Batch
from .errors import InputError
from .model import Skipped
from .records import Fields, add_record

JSONL_SUFFIXES = (".jsonl", ".ndjson", ".jsonlines")


def read_jsonl(path: str, names: Fields = Fields()) -> Batch:
    """Every record of a JSONL file; a bad line is listed with its line number and the rest still loads."""
    batch, first_seen = Batch(), {}
    name = Path(path).name
    for lineno, line in _lines(path):
        where = f"{name}:{lineno}"
        record = _parse(line, where)
        if isinstance(record, Skipped):
            batch.skipped.append(record)
            continue
        add_record(batch, record, where, names, first_seen)
    return batch


def _lines(path: str):
    try:
        with open(path, "rb") as f:
            for lineno, line in enumerate(f, 1):
                if line.strip():
                    yield lineno, line
    except OSError as err:
        raise InputError(f"{path}: cannot read ({err.strerror})") from None


def _parse(line: bytes, where: str) -> dict | Skipped:
    try:
        record = json.loads(line.decode("utf-8-sig").strip())
    except UnicodeDecodeError:
        return Skipped(where, "not UTF-8", "record")
    except json.JSONDecodeError as err:
        return Skipped(where, f"not valid JSON ({err.msg.removesuffix(' at')}, column {err.colno})", "record")
    if not isinstance(record, dict):
        return Skipped(where, f"not a JSON object (a {type(record).__name__})", "record")
    return record
