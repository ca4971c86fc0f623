"""CSV (and TSV) corpora: a header row naming the columns, then one article per row."""

from __future__ import annotations

import csv
import io
import sys
from pathlib import Path

from .assemble import Batch, NotArticle, decode_text
from .errors import InputError
from .model import Skipped
from .records import Fields, add_record

CSV_SUFFIXES = (".csv", ".tsv")
DELIMITERS = ",;\t"

csv.field_size_limit(min(sys.maxsize, 2**31 - 1))  # a column of whole HTML pages is normal


def read_csv(path: str, names: Fields = Fields()) -> Batch:
    """Every row of a CSV file; a bad row is listed with its line number and the rest still loads."""
    batch, first_seen = Batch(), {}
    rows = open_rows(path, batch.warnings)
    header = rows.fieldnames or []
    if names.text not in header and names.html not in header:
        raise InputError(f"{path}: no '{names.text}' or '{names.html}' column (columns: {', '.join(header)[:200]})")
    name = Path(path).name
    for lineno, row in _numbered(rows, name, batch.skipped):
        where = f"{name}:{lineno}"
        add_record(batch, row, where, names, first_seen)
    return batch


def open_rows(path: str, warnings: list[str]) -> csv.DictReader:
    """A DictReader over a CSV file decoded as UTF-8 (or cp1252, with a warning), delimiter from its header."""
    try:
        text = decode_text(Path(path).read_bytes(), path, warnings)
    except OSError as err:
        raise InputError(f"{path}: cannot read ({err.strerror})") from None
    except NotArticle as why:
        raise InputError(f"{path}: {why}") from None
    first = text.split("\n", 1)[0]
    delimiter = "\t" if path.lower().endswith(".tsv") else max(DELIMITERS, key=first.count)
    return csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter)


def _numbered(rows: csv.DictReader, name: str, skipped: list[Skipped]):
    """(line where the row starts, row) for each well-formed row; malformed rows are listed as skipped."""
    while True:
        try:
            row = next(rows)
        except StopIteration:
            return
        except csv.Error as err:
            skipped.append(Skipped(f"{name}:{rows.line_num}", f"not valid CSV ({err})", "record"))
            continue
        line = rows.line_num - sum(v.count("\n") for v in row.values() if isinstance(v, str))
        if None in row or None in row.values():
            width = len(rows.fieldnames or [])
            skipped.append(Skipped(f"{name}:{line}", f"row does not have the header's {width} columns", "record"))
            continue
        yield line, row
