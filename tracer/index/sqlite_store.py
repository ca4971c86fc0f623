"""The embedded index: one SQLite file (WAL journal, one transaction per batch of documents).

Tables: `meta` (the recorded settings), `docs` (id, digest, metadata), `texts` (zlib-compressed text and
the packed features),
`windows` (one MinHash signature per window, keyed by its reference), `buckets` (the LSH: one
row per window and band, keyed by bucket, so a lookup reads only the buckets it asks for), and `shingles`,
`outlets` and `outlet_shingles` (how many documents, in all and of each outlet, hold each shingle, so
boilerplate is known as `trace` knows it), `stems` (the MinHash values of every stem seen, see stems.py), and
`files` (the file each document was read from, see files.py; created by the first write to an index made before it).
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager

import numpy as np

from ..banding import Banding
from ..errors import IndexStoreError
from ..model import Document
from ..pipeline import OUTLET_PAGES
from .files import FilesMoved, Held, still_held
from .refs import REF_BITS, documents_in, ref
from .records import Prepared, distinct_shingles, document, metadata, one_per_id, pack_text, unpack_text
from .sqlite_file import FILES_TABLE, IN_CHUNK, SCHEMA, WRITE_CACHE_KB, WRITE_CHECKPOINT_PAGES, connect, store_error

class SQLiteStore:
    """An index in one SQLite file. Methods raise IndexStoreError for anything the file does wrong."""

    backend = "sqlite"

    def __init__(self, path: str, create: bool):
        self.path = path
        self.where = path
        self._db = connect(path, create)
        self.banding: Banding | None = None
        """Set from the recorded settings when the index is opened, as is `dtype`."""
        self.dtype = np.dtype(np.uint32)
        self._stems: np.ndarray | None = None
        """The stems known to hold values (this process's view: others may have added more)."""

    # -- settings ---------------------------------------------------------------------------------

    def read_meta(self) -> dict | None:
        tables, has_meta = self._tables()
        if not has_meta:
            if tables:
                raise IndexStoreError(f"{self.where}: an SQLite database, but not a tracer index")
            return None
        with self._errors():
            rows = self._db.execute("SELECT key, value FROM meta").fetchall()
        meta = {k: json.loads(v) for k, v in rows}
        if "format" not in meta:
            raise IndexStoreError(f"{self.where}: an SQLite database, but not a tracer index")
        return meta

    def init_meta(self, meta: dict) -> dict:
        """Create the tables and record `meta` unless another process did first; the recorded meta."""
        tables, has_meta = self._tables()
        if tables and not has_meta:
            raise IndexStoreError(f"{self.where}: an SQLite database, but not a tracer index")
        with self._write():
            for statement in SCHEMA.split(";"):
                if statement.strip():
                    self._db.execute(statement)
            self._db.executemany("INSERT OR IGNORE INTO meta (key, value) VALUES (?, ?)",
                                 [(k, json.dumps(v)) for k, v in meta.items()])
        return self.read_meta()

    # -- writing ----------------------------------------------------------------------------------

    def digests(self, ids: list[str]) -> dict[str, str]:
        out = {}
        with self._errors():
            for chunk in _chunks(ids):
                marks = ",".join("?" * len(chunk))
                out.update(self._db.execute(f"SELECT id, digest FROM docs WHERE id IN ({marks})", chunk).fetchall())
        return out

    def held(self, ids: list[str], files: list[str]) -> Held:
        """The digests and recorded files of `ids`, and the documents holding `files` (with their digests): one
        statement per 500 ids and one per 500 files, on the unique index of `files.file`."""
        if not self._has_table("files"):  # an index built before files were recorded
            return Held(self.digests(ids), {}, {})
        digests, recorded, holders = {}, {}, {}
        with self._errors():
            for chunk in _chunks(files):
                marks = ",".join("?" * len(chunk))
                for file, doc_id, digest in self._db.execute(
                        f"SELECT f.file, d.id, d.digest FROM files f JOIN docs d USING (num) WHERE f.file IN ({marks})",
                        chunk):
                    holders[file], recorded[doc_id], digests[doc_id] = doc_id, file, digest
            for chunk in _chunks(ids):
                marks = ",".join("?" * len(chunk))
                for doc_id, digest, file in self._db.execute(
                        f"SELECT d.id, d.digest, f.file FROM docs d LEFT JOIN files f USING (num) "
                        f"WHERE d.id IN ({marks})", chunk):
                    digests[doc_id] = digest
                    if file is not None:
                        recorded[doc_id] = file
        return Held(digests, recorded, holders)

    def known_stems(self) -> np.ndarray:
        """The stems whose MinHash values the index holds (sorted)."""
        if self._stems is None:
            with self._errors():
                rows = self._db.execute("SELECT hash FROM stems ORDER BY hash").fetchall()
            self._stems = np.array([h for (h,) in rows], dtype=np.int64).view(np.uint64)
        return self._stems

    def stem_values(self, stems: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(found, values): which of `stems` the index holds, and their MinHash values (zeros where not)."""
        values = np.zeros((len(stems), self._banding().num_perm), dtype=self.dtype)
        found = np.zeros(len(stems), dtype=bool)
        position = {h: i for i, h in enumerate(np.asarray(stems, dtype=np.uint64).view(np.int64).tolist())}
        with self._errors():
            for chunk in _chunks(list(position)):
                marks = ",".join("?" * len(chunk))
                for h, sig in self._db.execute(f"SELECT hash, sig FROM stems WHERE hash IN ({marks})", chunk):
                    values[position[h]] = np.frombuffer(sig, dtype=self.dtype)
                    found[position[h]] = True
        return found, values

    def write(self, batch: list[Prepared], stems: tuple[np.ndarray, np.ndarray] | None = None,
              files: dict[str, str] | None = None, expected: dict[str, str | None] | None = None
              ) -> tuple[list[str], dict[str, str]]:
        """Store a batch in one transaction: "added", "replaced" or "unchanged" per document, the
        MinHash values of new `stems` (hashes, values), and the file of each id in `files`. Raise FilesMoved,
        writing nothing, unless each file in `expected` still has the holder given (see files.py), and ValueError
        when the batch holds an id twice. Also returned: the recorded file of each document replaced (read in the
        transaction: another add may have written it).

        The rows of all its documents go in sorted by key: nearby inserts touch nearby pages."""
        one_per_id(batch)
        with self._write():
            if expected and not still_held(expected, self.held([], list(expected))):
                raise FilesMoved
            if stems is not None and len(stems[0]):
                self._db.executemany("INSERT OR IGNORE INTO stems (hash, sig) VALUES (?, ?)",
                                     zip(stems[0].view(np.int64).tolist(), [v.tobytes() for v in stems[1]]))
            outcomes, replaced, rows = [], {}, _Rows()
            for p in batch:
                outcome, old_file = self._put(p, rows, (files or {}).get(p.doc.id))
                outcomes.append(outcome)
                if old_file is not None:
                    replaced[p.doc.id] = old_file
            self._db.executemany("INSERT INTO windows (ref, sig) VALUES (?, ?)", rows.windows)
            self._db.executemany("INSERT OR IGNORE INTO buckets (key, ref) VALUES (?, ?)", rows.bucket_rows())
            self._db.executemany("INSERT INTO shingles (hash, docs) VALUES (?, ?) "
                                 "ON CONFLICT (hash) DO UPDATE SET docs = docs + excluded.docs", rows.shingle_counts())
            self._db.executemany("INSERT INTO outlet_shingles (outlet, hash, docs) VALUES (?, ?, ?) ON CONFLICT "
                                 "(outlet, hash) DO UPDATE SET docs = docs + excluded.docs", rows.outlet_counts())
            self._add_count(outcomes.count("added"))
        if stems is not None and self._stems is not None:
            self._stems = np.union1d(self._stems, stems[0])
        return outcomes, replaced

    def record_files(self, files: dict[str, tuple[str, str]]) -> None:
        """Record each `file` as the file of its id ({id: (digest, file)}: an unchanged document read from another
        file than the one recorded), while the id's document has the `digest` given and no other document holds
        the file (another add may have indexed it meanwhile)."""
        with self._write():
            for doc_id, (digest, file) in files.items():
                row = self._db.execute("SELECT num FROM docs WHERE id = ? AND digest = ?", (doc_id, digest)).fetchone()
                holder = self._db.execute("SELECT d.id FROM files f JOIN docs d USING (num) WHERE f.file = ?",
                                          (file,)).fetchone()
                if row and (holder is None or holder[0] == doc_id):
                    self._db.execute("INSERT OR REPLACE INTO files (num, file) VALUES (?, ?)", (row[0], file))

    def remove(self, doc_id: str) -> bool:
        with self._write():
            row = self._db.execute("SELECT num FROM docs WHERE id = ?", (doc_id,)).fetchone()
            if row:
                self._delete(row[0])
                self._add_count(-1)
            return row is not None

    def _put(self, p: Prepared, rows: _Rows, file: str | None) -> tuple[str, str | None]:
        """The document's outcome, and the recorded file of the document it replaces (None: none)."""
        row = self._db.execute("SELECT d.num, d.digest, f.file FROM docs d LEFT JOIN files f USING (num) "
                               "WHERE d.id = ?", (p.doc.id,)).fetchone()
        if row and row[1] == p.digest:
            return "unchanged", None
        if row:
            self._delete(row[0])
        num = self._db.execute("INSERT INTO docs (id, digest, windows, meta) VALUES (?, ?, ?, ?)",
                               (p.doc.id, p.digest, len(p.signatures), json.dumps(metadata(p.doc)))).lastrowid
        self._db.execute("INSERT INTO texts (num, text, features) VALUES (?, ?, ?)",
                         (num, pack_text(p.doc.text), p.features))
        if file is not None:  # a file recorded for another document (one moved meanwhile) now belongs to this one
            self._db.execute("INSERT OR REPLACE INTO files (num, file) VALUES (?, ?)", (num, file))
        rows.windows += [(ref(num, w), sig.tobytes()) for w, sig in enumerate(p.signatures)]
        rows.buckets.append(_bucket_arrays(num, p.buckets))
        rows.shingles.append(p.shingles)
        if p.doc.outlet:
            rows.outlets.append((self._count_outlet(p.doc.outlet, 1), p.shingles))
        return ("replaced", row[2]) if row else ("added", None)

    def _count_outlet(self, name: str, delta: int) -> int:
        self._db.execute("INSERT INTO outlets (name, docs) VALUES (?, ?) "
                         "ON CONFLICT (name) DO UPDATE SET docs = docs + excluded.docs", (name, delta))
        return self._db.execute("SELECT id FROM outlets WHERE name = ?", (name,)).fetchone()[0]

    def _delete(self, num: int) -> None:
        low, high = ref(num, 0), ref(num + 1, 0) - 1
        sigs = self._db.execute("SELECT sig FROM windows WHERE ref BETWEEN ? AND ? ORDER BY ref", (low, high))
        signatures = self._signature_matrix([s for (s,) in sigs])
        if len(signatures):
            rows = _bucket_rows(num, self._banding().buckets(signatures))
            self._db.executemany("DELETE FROM buckets WHERE key = ? AND ref = ?", rows)
        self._db.execute("DELETE FROM windows WHERE ref BETWEEN ? AND ?", (low, high))
        (packed,) = self._db.execute("SELECT features FROM texts WHERE num = ?", (num,)).fetchone()
        held = _signed(distinct_shingles(packed))
        self._db.executemany("UPDATE shingles SET docs = docs - 1 WHERE hash = ?", held)
        self._db.executemany("DELETE FROM shingles WHERE hash = ? AND docs <= 0", held)
        outlet = json.loads(self._db.execute("SELECT meta FROM docs WHERE num = ?", (num,)).fetchone()[0]).get("outlet")
        if outlet:
            site = self._count_outlet(outlet, -1)
            self._db.executemany("UPDATE outlet_shingles SET docs = docs - 1 WHERE outlet = ? AND hash = ?",
                                 [(site, h) for (h,) in held])
            self._db.execute("DELETE FROM outlet_shingles WHERE outlet = ? AND docs <= 0", (site,))
        self._db.execute("DELETE FROM texts WHERE num = ?", (num,))
        self._db.execute("DELETE FROM files WHERE num = ?", (num,))
        self._db.execute("DELETE FROM docs WHERE num = ?", (num,))

    # -- reading ----------------------------------------------------------------------------------

    def lookup(self, buckets: list[tuple[int, int]], cap: int) -> dict[tuple[int, int], np.ndarray]:
        """The window references in each (band, bucket): all of them when they belong to at most `cap`
        documents, else the first (by reference) of more than `cap` documents' windows, enough to show the
        bucket crowded. One statement per IN_CHUNK buckets, each bucket's first `cap` + 1 references joined into
        one string by a subquery SQLite runs per bucket (a statement per bucket cost 13 ms a check of 830 buckets
        on a 10,000-article index, this one 7–9 ms; numbering each bucket's rows in one statement cost several
        times as much), and more for a bucket whose first `cap` + 1 references belong to `cap` documents or
        fewer."""
        keyed = [(_key(band, bucket), (band, bucket)) for band, bucket in buckets]
        found: dict[int, np.ndarray] = {}
        with self._errors():
            for chunk in _chunks(sorted({key for key, _ in keyed})):
                found.update(self._first_references(chunk, cap))
        empty = np.zeros(0, dtype=np.int64)
        return {pair: found.get(key, empty) for key, pair in keyed}

    def _first_references(self, keys: list[int], cap: int) -> Iterator[tuple[int, np.ndarray]]:
        """(key, references) of each bucket among `keys` that holds any: read whole, or read on by `_rest`."""
        statement = _LOOKUP.format(keys=",".join(["(?)"] * len(keys)), limit=int(cap) + 1)
        rows = [(key, joined) for key, joined in self._db.execute(statement, keys) if joined]
        if not rows:
            return
        refs = _references(",".join(joined for _, joined in rows))
        start = 0
        for key, joined in rows:
            end = start + joined.count(",") + 1
            first, start = refs[start:end], end
            yield key, self._rest(key, first, cap) if len(first) == cap + 1 else first

    def _rest(self, key: int, first: np.ndarray, cap: int) -> np.ndarray:
        """A bucket read on from its `first` references, in pages twice as long each time, until it is read
        whole or shows more than `cap` documents (references come in order, so a document's are together and
        its count grows page by page; each page is sorted, as group_concat promises no order)."""
        pages, documents, size = [np.sort(first)], documents_in(first), len(first)
        while len(pages[-1]) == size and documents <= cap:
            last = int(pages[-1][-1])
            size *= 2
            (joined,) = self._db.execute(_LOOKUP_AFTER, (key, last, size)).fetchone()
            page = np.sort(_references(joined))
            documents += documents_in(page) - int(len(page) > 0 and (page[0] >> REF_BITS) == (last >> REF_BITS))
            pages.append(page)
        return np.concatenate(pages)

    def frequent(self, shingles: np.ndarray, above: int) -> np.ndarray:
        """The shingles among `shingles` held by more than `above` documents."""
        out = []
        with self._errors():
            for chunk in _chunks(_signed(shingles)):
                marks = ",".join("?" * len(chunk))
                out += [h for (h,) in self._db.execute(
                    f"SELECT hash FROM shingles WHERE hash IN ({marks}) AND docs > ?", [h for (h,) in chunk] + [above])]
        return np.array(out, dtype=np.int64).view(np.uint64)

    def site_frequent(self, shingles: np.ndarray, outlets: list[str], own: str | None) -> np.ndarray:
        """The shingles among `shingles` in over half the documents of one of `outlets` (that has at least
        OUTLET_PAGES documents), counting one more document, holding all of `shingles`, for outlet `own`."""
        if not outlets or not len(shingles):
            return np.zeros(0, dtype=np.uint64)
        out = []
        with self._errors():
            for chunk in _chunks(_signed(shingles)):
                marks, names = ",".join("?" * len(chunk)), ",".join("?" * len(outlets))
                out += [h for (h,) in self._db.execute(
                    f"SELECT s.hash FROM outlets o JOIN outlet_shingles s ON s.outlet = o.id "
                    f"WHERE o.name IN ({names}) AND s.hash IN ({marks}) AND CASE WHEN o.name = ? "
                    f"THEN o.docs + 1 >= {OUTLET_PAGES} AND s.docs + 1 > (o.docs + 1) / 2 "
                    f"ELSE o.docs >= {OUTLET_PAGES} AND s.docs > o.docs / 2 END",
                    list(outlets) + [h for (h,) in chunk] + [own])]
        return np.unique(np.array(out, dtype=np.int64).view(np.uint64))

    def signatures(self, refs: list[int]) -> tuple[np.ndarray, np.ndarray]:
        """(references found, in order; their signatures, one row each)."""
        rows = []
        with self._errors():
            for chunk in _chunks(sorted(refs)):
                marks = ",".join("?" * len(chunk))
                rows += self._db.execute(f"SELECT ref, sig FROM windows WHERE ref IN ({marks}) ORDER BY ref",
                                         chunk).fetchall()
        return np.array([r for r, _ in rows], dtype=np.int64), self._signature_matrix([sig for _, sig in rows])

    def documents(self, nums: list[int]) -> dict[int, Document]:
        return {num: doc for num, (doc, _) in self._read(nums, "NULL").items()}

    def with_features(self, nums: list[int]) -> dict[int, tuple[Document, bytes]]:
        """Documents and their packed features (see features.pack_features)."""
        return self._read(nums, "t.features")

    def _read(self, nums: list[int], features: str) -> dict[int, tuple[Document, bytes | None]]:
        out = {}
        with self._errors():
            for chunk in _chunks(sorted(nums)):
                marks = ",".join("?" * len(chunk))
                rows = self._db.execute(f"SELECT d.num, d.id, d.meta, t.text, {features} FROM docs d "
                                        f"JOIN texts t USING (num) WHERE d.num IN ({marks})", chunk)
                out.update({num: (document(i, unpack_text(t), json.loads(m)), f) for num, i, m, t, f in rows})
        return out

    def find(self, doc_id: str) -> int | None:
        with self._errors():
            row = self._db.execute("SELECT num FROM docs WHERE id = ?", (doc_id,)).fetchone()
        return row[0] if row else None

    def entries(self) -> Iterator[tuple[int, str, str, int, dict]]:
        """(number, id, digest, windows, metadata) of every document, by id."""
        with self._errors():
            rows = self._db.execute("SELECT num, id, digest, windows, meta FROM docs ORDER BY id").fetchall()
        for num, doc_id, digest, windows, meta in rows:
            yield num, doc_id, digest, windows, json.loads(meta)

    def scan_signatures(self, chunk: int = 20_000) -> Iterator[tuple[np.ndarray, np.ndarray]]:
        """Every stored window signature, in chunks: (references, signatures)."""
        last = -1
        while True:
            with self._errors():
                rows = self._db.execute("SELECT ref, sig FROM windows WHERE ref > ? ORDER BY ref LIMIT ?",
                                        (last, chunk)).fetchall()
            if not rows:
                return
            last = rows[-1][0]
            yield np.array([r for r, _ in rows], dtype=np.int64), self._signature_matrix([s for _, s in rows])

    def stats(self) -> dict:
        with self._errors():
            docs, windows = self._db.execute("SELECT count(*), coalesce(sum(windows), 0) FROM docs").fetchone()
        size = sum(os.path.getsize(p) for p in (self.path, self.path + "-wal") if os.path.exists(p))
        return {"documents": docs, "windows": windows, "bytes": size}

    def count(self) -> int:
        """Documents in the index (kept in `counts`, so no table is scanned)."""
        with self._errors():
            return self._db.execute("SELECT n FROM counts WHERE name = 'documents'").fetchone()[0]

    def _add_count(self, delta: int) -> None:
        if delta:
            self._db.execute("UPDATE counts SET n = n + ? WHERE name = 'documents'", (delta,))

    def verify(self) -> list[str]:
        """Problems found by SQLite's integrity check and by cross-checking the tables (slow: reads everything)."""
        with self._errors():
            problems = [r for (r,) in self._db.execute("PRAGMA integrity_check") if r != "ok"]
            expected, windows = self._db.execute(
                "SELECT (SELECT coalesce(sum(windows), 0) FROM docs), (SELECT count(*) FROM windows)").fetchone()
            orphans = self._db.execute(
                "SELECT count(*) FROM buckets b WHERE NOT EXISTS (SELECT 1 FROM windows w WHERE w.ref = b.ref)"
            ).fetchone()[0]
            textless = self._db.execute(
                "SELECT count(*) FROM docs d WHERE NOT EXISTS (SELECT 1 FROM texts t WHERE t.num = d.num)").fetchone()[0]
            stray_files = self._db.execute(
                "SELECT count(*) FROM files f WHERE NOT EXISTS (SELECT 1 FROM docs d WHERE d.num = f.num)"
            ).fetchone()[0] if self._has_table("files") else 0
        if expected != windows:
            problems.append(f"{windows} window signatures stored, documents list {expected}")
        if orphans:
            problems.append(f"{orphans} bucket entries point to no window")
        if textless:
            problems.append(f"{textless} documents have no text")
        if stray_files:
            problems.append(f"{stray_files} recorded files belong to no document")
        if self.count() != self.stats()["documents"]:
            problems.append(f"the document count says {self.count()}, the documents table holds "
                            f"{self.stats()['documents']}")
        with self._errors():
            if self._db.execute("SELECT count(*) FROM shingles WHERE docs <= 0").fetchone()[0]:
                problems.append("shingle counts below one")
        return problems

    def finish(self) -> None:
        """After a large write: fold the write-ahead log back into the file (skipped when others read)."""
        with self._errors():
            self._db.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    def close(self) -> None:
        self._db.close()

    # -- helpers ----------------------------------------------------------------------------------

    def _banding(self) -> Banding:
        if self.banding is None:
            raise RuntimeError("banding is set when the index is opened")
        return self.banding

    def _signature_matrix(self, blobs: list[bytes]) -> np.ndarray:
        n = self._banding().num_perm
        return np.frombuffer(b"".join(blobs), dtype=self.dtype).reshape(len(blobs), n)

    def _tables(self) -> tuple[bool, bool]:
        """(whether the file holds any table, whether it holds `meta`), read in one statement: read in two, another
        process creating the index could commit its tables between them, and this one would call the index
        "not a tracer index"."""
        with self._errors():
            count, meta = self._db.execute("SELECT count(*), count(CASE WHEN name = 'meta' THEN 1 END) "
                                           "FROM sqlite_master").fetchone()
        return count > 0, meta > 0

    def _has_table(self, name: str) -> bool:
        with self._errors():
            return self._db.execute("SELECT count(*) FROM sqlite_master WHERE name = ?", (name,)).fetchone()[0] > 0

    @contextmanager
    def _write(self):
        with self._errors():
            self._db.execute(f"PRAGMA cache_size = -{WRITE_CACHE_KB}")
            self._db.execute(f"PRAGMA wal_autocheckpoint = {WRITE_CHECKPOINT_PAGES}")
            self._db.execute("BEGIN IMMEDIATE")
            try:
                self._db.execute(FILES_TABLE)  # an index built before files were recorded gets the table here
                yield
            except BaseException:
                self._db.rollback()
                raise
            self._db.commit()

    @contextmanager
    def _errors(self):
        try:
            yield
        except sqlite3.Error as err:
            raise store_error(self.where, err) from err


def open_sqlite(path: str, create: bool) -> SQLiteStore:
    return SQLiteStore(path, create)


def _bucket_arrays(num: int, buckets: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Keys and refs of a document's bucket rows: the key is the digest with the band folded in, as a
    signed 64-bit integer (see `_key`)."""
    n, bands = buckets.shape
    keys = (buckets ^ np.arange(bands, dtype=np.uint64)).view(np.int64).ravel()
    refs = np.repeat(np.array([ref(num, w) for w in range(n)], dtype=np.int64), bands)
    return keys, refs


def _bucket_rows(num: int, buckets: np.ndarray) -> list[tuple[int, int]]:
    keys, refs = _bucket_arrays(num, buckets)
    return list(zip(keys.tolist(), refs.tolist()))


def _key(band: int, bucket: int) -> int:
    value = (int(bucket) ^ band) & 0xFFFF_FFFF_FFFF_FFFF
    return value - (1 << 64) if value >= 1 << 63 else value


class _Rows:
    """The rows a batch of documents adds, gathered to be inserted in key order."""

    def __init__(self):
        self.windows: list[tuple[int, bytes]] = []
        self.buckets: list[tuple[np.ndarray, np.ndarray]] = []
        self.shingles: list[np.ndarray] = []
        self.outlets: list[tuple[int, np.ndarray]] = []

    def outlet_counts(self) -> list[tuple[int, int, int]]:
        counts: dict[tuple[int, int], int] = {}
        for site, shingles in self.outlets:
            for h in shingles.view(np.int64).tolist():
                counts[(site, h)] = counts.get((site, h), 0) + 1
        return [(site, h, n) for (site, h), n in sorted(counts.items())]

    def bucket_rows(self) -> list[tuple[int, int]]:
        if not self.buckets:
            return []
        keys, refs = (np.concatenate(parts) for parts in zip(*self.buckets))
        order = np.lexsort((refs, keys))
        return list(zip(keys[order].tolist(), refs[order].tolist()))

    def shingle_counts(self) -> list[tuple[int, int]]:
        if not self.shingles:
            return []
        values, counts = np.unique(np.concatenate(self.shingles), return_counts=True)
        return list(zip(values.view(np.int64).tolist(), counts.tolist()))


_LOOKUP = ("WITH wanted(key) AS (VALUES {keys}) SELECT key, (SELECT group_concat(ref) FROM "
           "(SELECT ref FROM buckets b WHERE b.key = wanted.key ORDER BY ref LIMIT {limit})) FROM wanted")
_LOOKUP_AFTER = "SELECT group_concat(ref) FROM (SELECT ref FROM buckets WHERE key = ? AND ref > ? ORDER BY ref LIMIT ?)"


def _references(joined: str | None) -> np.ndarray:
    """The references of a `group_concat` ("12,345,678"; None for none)."""
    if not joined:
        return np.zeros(0, dtype=np.int64)
    return np.fromstring(joined, dtype=np.int64, sep=",")


def _signed(shingles: np.ndarray) -> list[tuple[int]]:
    """Shingle hashes as SQLite integers (signed 64-bit), one-tuples for executemany."""
    return [(h,) for h in np.asarray(shingles, dtype=np.uint64).view(np.int64).tolist()]


def _chunks(items: list, size: int = IN_CHUNK) -> Iterator[list]:
    for start in range(0, len(items), size):
        yield items[start : start + size]

