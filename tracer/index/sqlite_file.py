"""Opening an index file: SQLite only (never a plain open), the schema, and SQLite's errors as IndexStoreError."""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

from ..errors import IndexStoreError, MissingIndex

FILES_TABLE = "CREATE TABLE IF NOT EXISTS files (num INTEGER PRIMARY KEY, file TEXT NOT NULL UNIQUE);"
"""The file each document was read from, resolved (see files.py). Indexes built before it have no such table: every
write transaction creates it when it is missing, so such an index opens and is added to as before."""
SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS docs (num INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE,
    digest TEXT NOT NULL, windows INTEGER NOT NULL, meta TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS texts (num INTEGER PRIMARY KEY, text BLOB NOT NULL, features BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS windows (ref INTEGER PRIMARY KEY, sig BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS buckets (key INTEGER NOT NULL, ref INTEGER NOT NULL, PRIMARY KEY (key, ref))
    WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS shingles (hash INTEGER PRIMARY KEY, docs INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS stems (hash INTEGER PRIMARY KEY, sig BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS outlets (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, docs INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS outlet_shingles (outlet INTEGER NOT NULL, hash INTEGER NOT NULL, docs INTEGER NOT NULL,
    PRIMARY KEY (outlet, hash)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS counts (name TEXT PRIMARY KEY, n INTEGER NOT NULL);
INSERT OR IGNORE INTO counts (name, n) VALUES ('documents', 0);
""" + FILES_TABLE
BUSY_MS = 120_000
READ_CACHE_KB = 16_384
WRITE_CACHE_KB = 524_288
"""A writer touches pages all over the bucket table; a large cache keeps them from spilling mid-transaction."""
WRITE_CHECKPOINT_PAGES = 50_000
"""A writer folds the log back into the file every 200 MB or so, not every 4 MB (each fold syncs the disk)."""
IN_CHUNK = 500


def connect(path: str, create: bool) -> sqlite3.Connection:
    """Open the file with SQLite only: opening and closing it any other way in this process would drop the
    locks SQLite holds on it for other connections (POSIX advisory locks belong to the process)."""
    file = Path(path)
    if not create and not file.exists():
        raise MissingIndex(f"{path}: no index here (build one with: tracer index add PATH... --index {path})")
    if file.is_dir():
        raise IndexStoreError(f"{path}: is a folder, not an index file")
    if not create and file.stat().st_size == 0:  # also what another process creating an index leaves at first
        raise MissingIndex(f"{path}: an empty file, no index yet (build one with: tracer index add PATH... "
                           f"--index {path})")
    try:
        db = sqlite3.connect(path, timeout=BUSY_MS / 1000, isolation_level=None, check_same_thread=False)
        db.execute(f"PRAGMA busy_timeout = {BUSY_MS}")
        use_wal(db)
        db.execute("PRAGMA synchronous = NORMAL")
        db.execute(f"PRAGMA cache_size = -{READ_CACHE_KB}")
        check_size(db, file)
    except sqlite3.Error as err:
        raise store_error(path, err) from err
    return db


def use_wal(db: sqlite3.Connection, wait_ms: int = BUSY_MS) -> None:
    """Switch the database to write-ahead logging unless it uses it already.

    The switch needs the write lock. When two processes open a new index at once, each holds the read lock
    while asking for it, and SQLite refuses one of them at once instead of waiting (waiting could deadlock),
    so the refused one lets go and tries again, for up to `wait_ms`; by then the other has usually made the
    switch for both. (An in-memory database keeps its own journal.)
    """
    deadline = time.monotonic() + wait_ms / 1000
    pause = 0.005
    while True:
        try:
            if db.execute("PRAGMA journal_mode").fetchall()[0][0] != "wal":
                db.execute("PRAGMA journal_mode = WAL").fetchall()  # an in-memory database stays "memory"
            return
        except sqlite3.OperationalError as err:
            if "locked" not in str(err) and "busy" not in str(err):
                raise
        if time.monotonic() > deadline:
            raise sqlite3.OperationalError("database is locked (could not switch it to write-ahead logging)")
        time.sleep(pause)
        pause = min(0.1, 2 * pause)


def check_size(db: sqlite3.Connection, file: Path) -> None:
    """Refuse a file shorter than the pages SQLite expects in it (those not in the write-ahead log).

    The log is measured before the file: a writer folding the log back into the file (`finish`) writes the
    pages into the file before it empties the log, so a log found full or a file found whole covers them."""
    pages, page_size = db.execute("PRAGMA page_count").fetchone()[0], db.execute("PRAGMA page_size").fetchone()[0]
    wal = Path(f"{file}-wal")
    logged = wal.stat().st_size if wal.exists() else 0
    size = file.stat().st_size if file.exists() else 0
    if size + logged < pages * page_size:
        db.close()
        raise IndexStoreError(f"{file}: index is damaged (truncated: {size} of {pages * page_size} bytes); "
                              "rebuild it")


def store_error(where: str, err: sqlite3.Error) -> IndexStoreError:
    text = str(err)
    if "locked" in text or "busy" in text:
        return IndexStoreError(f"{where}: index is busy (another process holds it): {text}")
    if "not a database" in text:
        return IndexStoreError(f"{where}: not a tracer index (not an SQLite database, or a damaged one)")
    if isinstance(err, sqlite3.DatabaseError) and "malformed" in text:
        return IndexStoreError(f"{where}: index is damaged ({text}); rebuild it")
    return IndexStoreError(f"{where}: index error: {text}")
