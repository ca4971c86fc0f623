"""The shared index: the LSH buckets and the document store in one Redis database.

The buckets use datasketch's MinHashLSH Redis layout: band i's bucket for digest H is the set
`tracer:lsh_bucket_<i as 2 bytes>H`, holding window references, so `Banding.lsh(storage_config,
basename=b"tracer:lsh")` is a datasketch MinHashLSH that answers from the same buckets. Each batch of
documents is written in one MULTI/EXEC transaction, with the ids it touches WATCHed, so a killed
writer leaves whole documents or none, and two writers never interleave one document. The hash `tracer:files`
maps the file each document was read from (see files.py) to its id, and the document's record names its file.
"""

from __future__ import annotations

import json
import struct
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TypeVar

import numpy as np

from ..banding import Banding
from ..errors import IndexStoreError
from ..model import Document
from ..pipeline import OUTLET_PAGES
from .files import FilesMoved, Held, still_held
from .refs import REF_BITS, documents_in, ref
from .records import Prepared, distinct_shingles, document, metadata, one_per_id, pack_text, unpack_text

PREFIX = b"tracer:"
BASENAME = PREFIX + b"lsh"
"""The `basename` of the datasketch MinHashLSH whose buckets this store writes."""
CONNECT_TIMEOUT = 5
RETRIES = 50
T = TypeVar("T")
_EACH = "for i, key in ipairs(KEYS) do redis.call('{}', key, ARGV[i]) end return #KEYS"
SADD_EACH, SREM_EACH = _EACH.format("SADD"), _EACH.format("SREM")
"""One command per document instead of one per bucket: SADD (or SREM) ARGV[i] to KEYS[i]."""
COUNT_UP = "for _, h in ipairs(ARGV) do redis.call('HINCRBY', KEYS[1], h, 1) end return #ARGV"
COUNT_DOWN = ("for _, h in ipairs(ARGV) do if redis.call('HINCRBY', KEYS[1], h, -1) <= 0 then "
              "redis.call('HDEL', KEYS[1], h) end end return #ARGV")
"""How many documents hold each shingle (the hash `tracer:shingles`), so boilerplate is known as `trace` knows it."""
SHINGLES = PREFIX + b"shingles"
STEMS = PREFIX + b"stems"
"""The MinHash values of every stem seen (field: the stem, 8 bytes big-endian), see stems.py."""
OUTLETS = PREFIX + b"outlets"
"""Documents per outlet; `tracer:site:<outlet>` counts the documents of that outlet holding each shingle."""
FILES = PREFIX + b"files"
"""The file each document was read from (resolved) -> its id. Indexes built before it have none: a write adds it."""
FORGET_FILE = ("if redis.call('HGET', KEYS[1], ARGV[1]) == ARGV[2] then return redis.call('HDEL', KEYS[1], ARGV[1]) "
               "end return 0")
"""Drop a file's entry only while it names the document deleted (another document may have taken the file)."""
TAKE_FILE = ("local old = redis.call('HGET', KEYS[1], ARGV[1]) if old and old ~= ARGV[2] then "
             "local num = redis.call('HGET', KEYS[2], old) if num and redis.call('HGET', ARGV[3] .. num, 'file') == "
             "ARGV[1] then redis.call('HDEL', ARGV[3] .. num, 'file') end end "
             "return redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])")
"""Give a file to a document: the document that had it no longer names it (as SQLite's unique `files.file`)."""
MISSING_EACH = ("local n = 0 for i, key in ipairs(KEYS) do n = n + 1 - redis.call('SISMEMBER', key, ARGV[i]) end "
                "return n")
COUNT_ALL = ("local cursor, n = '0', 0 repeat local r = redis.call('SCAN', cursor, 'MATCH', ARGV[1], 'COUNT', 10000) "
             "cursor = r[1] for _, key in ipairs(r[2]) do n = n + redis.call('SCARD', key) end until cursor == '0' "
             "return n")
"""Diagnostics run in the server: windows missing from their buckets; entries in all buckets."""


class RedisStore:
    """An index in a Redis database (`redis://HOST:PORT/DB`)."""

    backend = "redis"

    def __init__(self, url: str, create: bool):
        import redis  # only a shared index needs the client

        self.where = url
        self._redis_errors = redis.exceptions
        with self._errors():
            self._r = redis.Redis.from_url(url, socket_connect_timeout=CONNECT_TIMEOUT, socket_timeout=120)
            self._r.ping()
        self.banding: Banding | None = None
        self.dtype = np.dtype(np.uint32)
        self._stems: np.ndarray | None = None

    # -- settings ---------------------------------------------------------------------------------

    def read_meta(self) -> dict | None:
        with self._errors():
            raw = self._r.get(PREFIX + b"meta")
        if raw is None:
            return None
        try:
            meta = json.loads(raw)
        except ValueError:
            meta = None
        if not isinstance(meta, dict) or "format" not in meta:
            raise IndexStoreError(f"{self.where}: {PREFIX.decode()}meta is not a tracer index record")
        return meta

    def init_meta(self, meta: dict) -> dict:
        with self._errors():
            self._r.set(PREFIX + b"meta", json.dumps(meta), nx=True)
        return self.read_meta()

    # -- writing ----------------------------------------------------------------------------------

    def digests(self, ids: list[str]) -> dict[str, str]:
        return self.held(ids, []).digests if ids else {}

    def held(self, ids: list[str], files: list[str]) -> Held:
        """The digests and recorded files of `ids`, and the documents holding `files` (with their digests), in
        three round trips: the ids holding the files, the documents' numbers, their digests and files."""
        with self._errors():
            named = dict(zip(files, self._r.hmget(FILES, files))) if files else {}
            wanted = list(dict.fromkeys(ids + [i.decode() for i in named.values() if i]))
            nums = self._r.hmget(PREFIX + b"ids", wanted) if wanted else []
            pipe = self._r.pipeline(transaction=False)
            for num in nums:
                pipe.hmget(_doc(num), ["digest", "file"]) if num else pipe.echo(b"")
            found = pipe.execute()
        digests, recorded = {}, {}
        for doc_id, num, fields in zip(wanted, nums, found):
            if num and fields[0]:
                digests[doc_id] = fields[0].decode()
                if fields[1]:
                    recorded[doc_id] = fields[1].decode()
        holders = {file: i.decode() for file, i in named.items() if i and recorded.get(i.decode()) == file}
        return Held(digests, recorded, holders)

    def known_stems(self) -> np.ndarray:
        """The stems whose MinHash values the index holds (sorted)."""
        if self._stems is None:
            with self._errors():
                fields = self._r.hkeys(STEMS)
            self._stems = np.sort(np.array([int.from_bytes(f, "big") for f in fields], dtype=np.uint64))
        return self._stems

    def stem_values(self, stems: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(found, values): which of `stems` the index holds, and their MinHash values (zeros where not)."""
        values = np.zeros((len(stems), self._banding().num_perm), dtype=self.dtype)
        if not len(stems):
            return np.zeros(0, dtype=bool), values
        with self._errors():
            found = self._r.hmget(STEMS, [_stem(h) for h in np.asarray(stems, dtype=np.uint64).tolist()])
        for i, sig in enumerate(found):
            if sig is not None:
                values[i] = np.frombuffer(sig, dtype=self.dtype)
        return np.array([sig is not None for sig in found]), values

    def write(self, batch: list[Prepared], stems: tuple[np.ndarray, np.ndarray] | None = None,
              files: dict[str, str] | None = None, expected: dict[str, str | None] | None = None
              ) -> tuple[list[str], dict[str, str]]:
        """Store a batch in one transaction (retried when another writer touched the same ids), the
        MinHash values of new `stems` (hashes, values), and the file of each id in `files`. Raise FilesMoved,
        writing nothing, unless each file in `expected` still has the holder given (see files.py), and ValueError
        when the batch holds an id twice. The outcome of each document, and the recorded file of each document
        replaced (read in the transaction)."""
        one_per_id(batch)
        with self._errors():
            if stems is not None and len(stems[0]):  # a stem's values never change: no need to watch them
                self._r.hset(STEMS, mapping={_stem(h): v.tobytes() for h, v in zip(stems[0].tolist(), stems[1])})
                self._stems = None if self._stems is None else np.union1d(self._stems, stems[0])
            return self._retried(lambda: self._write_once(batch, files or {}, expected or {}))

    def _retried(self, attempt: Callable[[], T]) -> T:
        """`attempt()`, a transaction that watches what it reads, tried again while another writer touches it."""
        for _ in range(RETRIES):
            try:
                return attempt()
            except self._redis_errors.WatchError:
                continue
        raise IndexStoreError(f"{self.where}: index is busy (gave up after {RETRIES} conflicting writes)")

    def _write_once(self, batch: list[Prepared], files: dict[str, str], expected: dict[str, str | None]
                    ) -> tuple[list[str], dict[str, str]]:
        with self._r.pipeline(transaction=True) as pipe:
            pipe.watch(*[_id(p.doc.id) for p in batch], *([FILES] if expected else []))
            if expected and not still_held(expected, self.held([], list(expected))):
                pipe.unwatch()
                raise FilesMoved
            olds = pipe.mget([_id(p.doc.id) for p in batch])
            digests = self._fetch([(b"HGET", _doc(n), "digest") if n else None for n in olds])
            outcomes = ["unchanged" if d is not None and d.decode() == p.digest else "replaced" if n else "added"
                        for p, n, d in zip(batch, olds, digests)]
            changed = [(p, n) for p, n, o in zip(batch, olds, outcomes) if o != "unchanged"]
            if not changed:
                pipe.unwatch()
                return outcomes, {}
            old_sigs = self._fetch([(b"GET", _sig(n)) if n else None for _, n in changed])
            old_texts = self._fetch([(b"HMGET", _doc(n), "features", "meta", "file") if n else None
                                     for _, n in changed])
            replaced = {p.doc.id: text[2].decode() for (p, _), text in zip(changed, old_texts) if text and text[2]}
            first = pipe.incrby(PREFIX + b"next", len(changed)) - len(changed) + 1
            pipe.multi()
            for k, ((p, old), sig, text) in enumerate(zip(changed, old_sigs, old_texts)):
                if old:
                    self._delete(pipe, int(old), p.doc.id, sig, tuple(text))
                self._put(pipe, first + k, p, files.get(p.doc.id))
            pipe.execute()
        return outcomes, replaced

    def record_files(self, files: dict[str, tuple[str, str]]) -> None:
        """Record each `file` as the file of its id ({id: (digest, file)}: an unchanged document read from another
        file than the one recorded), while the id's document has the `digest` given and no other document holds
        the file (another add may have indexed it meanwhile)."""
        ids = list(files)
        with self._errors():
            self._retried(lambda: self._record_files_once(ids, files))

    def _record_files_once(self, ids: list[str], files: dict[str, tuple[str, str]]) -> None:
        """One try of `record_files`: what it reads is watched (the ids, their documents, the files), so another
        writer in between makes it try again."""
        with self._r.pipeline(transaction=True) as pipe:
            pipe.watch(FILES, *[_id(doc_id) for doc_id in ids])
            nums = pipe.mget([_id(doc_id) for doc_id in ids])
            pipe.watch(*[_doc(num) for num in nums if num])
            held = self.held(ids, [file for _, file in files.values()])
            pipe.multi()
            for doc_id, num in zip(ids, nums):
                digest, file = files[doc_id]
                old = held.files.get(doc_id)
                unheld = held.holders.get(file, doc_id) == doc_id  # by no other document
                if not num or held.digests.get(doc_id) != digest or not unheld or old == file:
                    continue
                if old is not None:
                    pipe.eval(FORGET_FILE, 1, FILES, old, doc_id)
                pipe.eval(TAKE_FILE, 2, FILES, PREFIX + b"ids", file, doc_id, PREFIX + b"doc:")
                pipe.hset(_doc(num), "file", file)
            pipe.execute()

    def remove(self, doc_id: str) -> bool:
        with self._errors():
            return self._retried(lambda: self._remove_once(doc_id))

    def _remove_once(self, doc_id: str) -> bool:
        with self._r.pipeline(transaction=True) as pipe:
            pipe.watch(_id(doc_id))
            num = pipe.get(_id(doc_id))
            if num is None:
                pipe.unwatch()
                return False
            sig, record = pipe.get(_sig(num)), pipe.hmget(_doc(num), ["features", "meta", "file"])
            pipe.multi()
            self._delete(pipe, int(num), doc_id, sig, tuple(record))
            pipe.delete(_id(doc_id))
            pipe.hdel(PREFIX + b"ids", doc_id)
            pipe.execute()
            return True

    def _put(self, pipe, num: int, p: Prepared, file: str | None) -> None:
        record = {"id": p.doc.id, "digest": p.digest, "windows": len(p.signatures), "meta": json.dumps(metadata(p.doc)),
                  "text": pack_text(p.doc.text), "features": p.features}
        if file is not None:
            record["file"] = file
            pipe.eval(TAKE_FILE, 2, FILES, PREFIX + b"ids", file, p.doc.id, PREFIX + b"doc:")
        pipe.hset(_doc(num), mapping=record)
        pipe.set(_sig(num), p.signatures.tobytes())
        _each(pipe, SADD_EACH, num, p.buckets)
        _count(pipe, COUNT_UP, p.shingles)
        if p.doc.outlet:
            pipe.hincrby(OUTLETS, p.doc.outlet, 1)
            _count(pipe, COUNT_UP, p.shingles, _site(p.doc.outlet))
        pipe.set(_id(p.doc.id), num)
        pipe.hset(PREFIX + b"ids", p.doc.id, num)
        pipe.incrby(PREFIX + b"windows", len(p.signatures))

    def _delete(self, pipe, num: int, doc_id: str, sig: bytes | None, record: tuple) -> None:
        """Delete document `num`, of id `doc_id`; `record` is its stored (features, meta, file)."""
        signatures = self._matrix(sig or b"")
        _each(pipe, SREM_EACH, num, self._banding().buckets(signatures))
        packed, meta, file = record
        if file:
            pipe.eval(FORGET_FILE, 1, FILES, file, doc_id)
        if packed:
            held = distinct_shingles(packed)
            _count(pipe, COUNT_DOWN, held)
            outlet = json.loads(meta or "{}").get("outlet")
            if outlet:
                pipe.hincrby(OUTLETS, outlet, -1)
                _count(pipe, COUNT_DOWN, held, _site(outlet))
        pipe.delete(_doc(num), _sig(num))
        pipe.incrby(PREFIX + b"windows", -len(signatures))

    # -- reading ----------------------------------------------------------------------------------

    def lookup(self, buckets: list[tuple[int, int]], cap: int) -> dict[tuple[int, int], np.ndarray]:
        """The window references in each (band, bucket): all of them when they belong to at most `cap`
        documents, else the windows of more than `cap` documents, enough to show the bucket crowded. One
        pipeline of up to `cap` + 1 members per bucket, then a scan of each bucket those did not settle."""
        with self._errors():
            pipe = self._r.pipeline(transaction=False)
            for band, bucket in buckets:
                pipe.srandmember(bucket_key(band, bucket), cap + 1)
            found = [_refs(members) for members in pipe.execute()]
            for k, refs in enumerate(found):
                if len(refs) == cap + 1 and documents_in(refs) <= cap:
                    found[k] = self._scan_bucket(bucket_key(*buckets[k]), cap)
        return dict(zip(buckets, found))

    def _scan_bucket(self, key: bytes, cap: int) -> np.ndarray:
        """A bucket's members, read until they are all read or belong to more than `cap` documents (a scan may
        return a member twice: they are kept as a set)."""
        members, documents, cursor = set(), set(), None
        while cursor != 0 and len(documents) <= cap:
            cursor, page = self._r.sscan(key, cursor or 0, count=max(1000, cap + 1))
            refs = [int(m) for m in page]
            members.update(refs)
            documents.update(r >> REF_BITS for r in refs)
        return np.array(sorted(members), dtype=np.int64)

    def frequent(self, shingles: np.ndarray, above: int) -> np.ndarray:
        """The shingles among `shingles` held by more than `above` documents."""
        shingles = np.asarray(shingles, dtype=np.uint64)
        if not len(shingles):
            return shingles
        with self._errors():
            counts = self._r.hmget(SHINGLES, [int(h).to_bytes(8, "big") for h in shingles.tolist()])
        return shingles[[int(c or 0) > above for c in counts]]

    def site_frequent(self, shingles: np.ndarray, outlets: list[str], own: str | None) -> np.ndarray:
        """The shingles among `shingles` in over half the documents of one of `outlets` (that has at least
        OUTLET_PAGES documents), counting one more document, holding all of `shingles`, for outlet `own`."""
        shingles = np.asarray(shingles, dtype=np.uint64)
        if not outlets or not len(shingles):
            return np.zeros(0, dtype=np.uint64)
        fields = [int(h).to_bytes(8, "big") for h in shingles.tolist()]
        with self._errors():
            sizes = self._r.hmget(OUTLETS, outlets)
            pipe = self._r.pipeline(transaction=False)
            for outlet in outlets:
                pipe.hmget(_site(outlet), fields)
            found = pipe.execute()
        frequent = np.zeros(len(shingles), dtype=bool)
        for outlet, size, counts in zip(outlets, sizes, found):
            extra = int(outlet == own)
            size = int(size or 0) + extra
            if size >= OUTLET_PAGES:
                frequent |= np.array([int(c or 0) + extra > size // 2 for c in counts])
        return shingles[frequent]

    def signatures(self, refs: list[int]) -> tuple[np.ndarray, np.ndarray]:
        """(references found, in order; their signatures, one row each)."""
        size = self._banding().num_perm * self.dtype.itemsize
        refs = sorted(refs)
        with self._errors():
            pipe = self._r.pipeline(transaction=False)
            for r in refs:
                start = (r & ((1 << REF_BITS) - 1)) * size
                pipe.getrange(_sig(r >> REF_BITS), start, start + size - 1)
            found = [(r, b) for r, b in zip(refs, pipe.execute()) if len(b) == size]
        return np.array([r for r, _ in found], dtype=np.int64), self._matrix(b"".join(b for _, b in found))

    def documents(self, nums: list[int]) -> dict[int, Document]:
        return {num: doc for num, (doc, _) in self._read(nums, ["id", "meta", "text"]).items()}

    def with_features(self, nums: list[int]) -> dict[int, tuple[Document, bytes]]:
        """Documents and their packed features (see features.pack_features)."""
        return self._read(nums, ["id", "meta", "text", "features"])

    def _read(self, nums: list[int], fields: list[str]) -> dict[int, tuple[Document, bytes | None]]:
        with self._errors():
            pipe = self._r.pipeline(transaction=False)
            for num in nums:
                pipe.hmget(_doc(num), fields)
            found = pipe.execute()
        return {num: (document(i.decode(), unpack_text(t), json.loads(m)), rest[0] if rest else None)
                for num, (i, m, t, *rest) in zip(nums, found) if i is not None}

    def find(self, doc_id: str) -> int | None:
        with self._errors():
            num = self._r.hget(PREFIX + b"ids", doc_id)
        return int(num) if num else None

    def entries(self) -> Iterator[tuple[int, str, str, int, dict]]:
        with self._errors():
            ids = sorted((k.decode(), int(v)) for k, v in self._r.hscan_iter(PREFIX + b"ids"))
        for start in range(0, len(ids), 1000):
            chunk = ids[start : start + 1000]
            with self._errors():
                pipe = self._r.pipeline(transaction=False)
                for _, num in chunk:
                    pipe.hmget(_doc(num), ["digest", "windows", "meta"])
                found = pipe.execute()
            for (doc_id, num), (digest, windows, meta) in zip(chunk, found):
                if digest is not None:
                    yield num, doc_id, digest.decode(), int(windows), json.loads(meta)

    def scan_signatures(self, chunk: int = 20_000) -> Iterator[tuple[np.ndarray, np.ndarray]]:
        refs, sigs = [], []
        for num, _, _, windows, _ in self.entries():
            with self._errors():
                matrix = self._matrix(self._r.get(_sig(num)) or b"")
            refs.extend(ref(num, w) for w in range(len(matrix)))
            sigs.append(matrix)
            if len(refs) >= chunk:
                yield np.array(refs, dtype=np.int64), np.concatenate(sigs)
                refs, sigs = [], []
        if refs:
            yield np.array(refs, dtype=np.int64), np.concatenate(sigs)

    def stats(self) -> dict:
        with self._errors():
            docs = self._r.hlen(PREFIX + b"ids")
            windows = int(self._r.get(PREFIX + b"windows") or 0)
            memory = self._r.info("memory").get("used_memory", 0)
        return {"documents": docs, "windows": windows, "bytes": memory}

    def count(self) -> int:
        with self._errors():
            return self._r.hlen(PREFIX + b"ids")

    def verify(self) -> list[str]:
        """Cross-check documents, signatures and buckets (slow: reads everything)."""
        problems, expected = [], []
        entries = list(self.entries())
        for start in range(0, len(entries), 1000):
            chunk = entries[start : start + 1000]
            found = self._fetch([(b"GET", _sig(num)) for num, *_ in chunk] + [(b"GET", _id(i)) for _, i, *_ in chunk])
            for (num, doc_id, _, windows, _), sig, pointer in zip(chunk, found, found[len(chunk):]):
                matrix = self._matrix(sig or b"")
                if pointer != str(num).encode():
                    problems.append(f"{doc_id}: id record does not point to document {num}")
                if len(matrix) != windows:
                    problems.append(f"{doc_id}: {len(matrix)} signatures stored, {windows} listed")
                for w, row in enumerate(self._banding().buckets(matrix).tolist()):
                    expected += [(bucket_key(b, h), str(ref(num, w))) for b, h in enumerate(row)]
        with self._errors():
            missing = sum(self._r.eval(MISSING_EACH, len(part), *[k for k, _ in part], *[m for _, m in part])
                          for part in (expected[i : i + 10_000] for i in range(0, len(expected), 10_000)))
            total = self._r.eval(COUNT_ALL, 0, BASENAME + b"_bucket_*")
        if missing:
            problems.append(f"{missing} windows are missing from their buckets")
        if total != len(expected) - missing:
            problems.append(f"{total - len(expected) + missing} bucket entries point to no stored window")
        stray = self._stray_files()
        if stray:
            problems.append(f"{stray} recorded files belong to no document")
        return problems

    def _stray_files(self) -> int:
        """Entries of `tracer:files` that name a document which does not record that file (or does not exist)."""
        with self._errors():
            named = [(f.decode(), i.decode()) for f, i in self._r.hscan_iter(FILES)]
        recorded = self.held([i for _, i in named], []).files if named else {}
        return sum(recorded.get(i) != f for f, i in named)

    def finish(self) -> None:
        return None

    def close(self) -> None:
        self._r.close()

    # -- helpers ----------------------------------------------------------------------------------

    def _fetch(self, commands: list[tuple | None]) -> list:
        """Run read commands in one round trip (None for a None command)."""
        pipe = self._r.pipeline(transaction=False)
        for command in commands:
            pipe.execute_command(*command) if command else pipe.echo(b"")
        return [r if c else None for c, r in zip(commands, pipe.execute())]

    def _banding(self) -> Banding:
        if self.banding is None:
            raise RuntimeError("banding is set when the index is opened")
        return self.banding

    def _matrix(self, blob: bytes) -> np.ndarray:
        return np.frombuffer(blob, dtype=self.dtype).reshape(-1, self._banding().num_perm)

    @contextmanager
    def _errors(self):
        errors = self._redis_errors
        try:
            yield
        except errors.WatchError:
            raise
        except (errors.ConnectionError, errors.TimeoutError) as err:
            raise IndexStoreError(f"{self.where}: cannot reach Redis ({err})") from err
        except errors.RedisError as err:
            raise IndexStoreError(f"{self.where}: Redis error: {err}") from err


def open_redis(url: str, create: bool) -> RedisStore:
    return RedisStore(url, create)


def bucket_key(band: int, bucket: int) -> bytes:
    """datasketch's key of a band's bucket: `<basename>_bucket_<band, 2 bytes big-endian><digest>`."""
    return BASENAME + b"_bucket_" + struct.pack(">H", band) + int(bucket).to_bytes(8, "big")


def _each(pipe, script: str, num: int, buckets: np.ndarray) -> None:
    """Add (or remove) each window of document `num` to (from) its bucket in every band, in one command."""
    keys, members = [], []
    for w, row in enumerate(buckets.tolist()):
        member = str(ref(num, w))
        for band, bucket in enumerate(row):
            keys.append(bucket_key(band, bucket))
            members.append(member)
    if keys:
        pipe.eval(script, len(keys), *keys, *members)


def _count(pipe, script: str, shingles: np.ndarray, key: bytes = SHINGLES) -> None:
    if len(shingles):
        pipe.eval(script, 1, key, *[int(h).to_bytes(8, "big") for h in shingles.tolist()])


def _stem(stem: int) -> bytes:
    return int(stem).to_bytes(8, "big")


def _site(outlet: str) -> bytes:
    return PREFIX + b"site:" + outlet.encode("utf-8")


def _id(doc_id: str) -> bytes:
    return PREFIX + b"id:" + doc_id.encode("utf-8")


def _doc(num) -> bytes:
    return PREFIX + b"doc:" + str(int(num)).encode()


def _sig(num) -> bytes:
    return PREFIX + b"sig:" + str(int(num)).encode()


def _refs(members) -> np.ndarray:
    return np.array([int(m) for m in members], dtype=np.int64)
