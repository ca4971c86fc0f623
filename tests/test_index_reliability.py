"""A killed `index add` loses nothing committed; two `index add` processes at once leave a sound index.
Both backends, with real processes (kill -9) and a real redis-server."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from itertools import product

import pytest

from tracer import Index, read_documents
from tracer.index.sqlite_file import use_wal

SYLLABLES = ["ba", "ko", "ri", "tu", "ne", "sa", "lo", "mi", "da", "pe", "gu", "ha", "zo", "vi", "te", "ra", "no"]
VOCABULARY = ["".join(p) for p in product(SYLLABLES, repeat=3)]


def distinct_article(seed: int, sentences: int = 8) -> str:
    """Sentences of made-up words from a vocabulary of 4,913, so articles share no passage by chance."""
    rng = random.Random(seed)
    return " ".join(" ".join(rng.sample(VOCABULARY, rng.randint(10, 16))).capitalize() + "." for _ in range(sentences))


def write_articles(folder, numbers) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for n in numbers:
        (folder / f"a{n:05d}.txt").write_text(distinct_article(n), encoding="utf-8")


def index_add(folder, target, *extra) -> subprocess.Popen:
    env = dict(os.environ, TRACER_INDEX="")
    return subprocess.Popen([sys.executable, "-m", "tracer", "index", "add", str(folder), "--index", target, *extra],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
                            start_new_session=True)


def committed(target: str) -> int:
    """Documents committed so far, read as another process would, without the tracer API."""
    if target.startswith("redis://"):
        import redis

        return redis.Redis.from_url(target).hlen(b"tracer:ids")
    import sqlite3

    if not os.path.exists(target):
        return 0
    db = sqlite3.connect(f"file:{target}?mode=ro", uri=True, timeout=5)
    try:
        return db.execute("SELECT count(*) FROM docs").fetchone()[0]
    except sqlite3.OperationalError:  # the tables are not created yet
        return 0
    finally:
        db.close()


def add_until_committed(folder, target: str, least: int) -> tuple[subprocess.Popen, int]:
    """An `index add` of 1,000 articles on two workers, still running once it has committed `least` of them;
    the process and how many it had committed when last looked at."""
    write_articles(folder, range(1000))
    proc = index_add(folder, target, "--workers", "2")
    seen, deadline = 0, time.time() + 60
    while seen < least and time.time() < deadline and proc.poll() is None:
        time.sleep(0.02)
        seen = committed(target)
    assert proc.poll() is None, "index add finished before it could be stopped: " + proc.stderr.read()
    return proc, seen


def test_kill_9_during_index_add_loses_nothing_committed(index_target, tmp_path):
    folder = tmp_path / "articles"
    proc, seen = add_until_committed(folder, index_target, 100)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(timeout=10)
    assert seen >= 100
    with Index(index_target) as index:
        assert index.info().documents >= seen
        assert index.verify() == []
        first = index.get("a00000.txt")
        assert [m.document.id for m in index.check(first.text).matches] == ["a00000.txt"]
    with Index(index_target) as index:  # adding the folder again completes the index
        report = index.add(read_documents([str(folder)]).documents)
        assert report.unchanged >= seen and report.added + report.unchanged == 1000
        assert index.info().documents == 1000 and index.verify() == []


def test_ctrl_c_during_index_add_exits_130_and_keeps_what_was_committed(index_target, tmp_path):
    """SIGINT to the whole process group, as a terminal sends it: the workers leave it to the parent, which
    stops the pool (a worker that took it died with a traceback, and the pool's shutdown could wait forever
    for its feeder), says so in one line and exits 130."""
    folder = tmp_path / "articles"
    proc, seen = add_until_committed(folder, index_target, 100)
    os.killpg(proc.pid, signal.SIGINT)
    try:
        _, stderr = proc.communicate(timeout=30)
    finally:
        os.killpg(proc.pid, signal.SIGKILL) if proc.poll() is None else None
    assert proc.returncode == 130, stderr
    assert "Traceback" not in stderr
    assert stderr.splitlines()[-1] == "tracer: interrupted; the index keeps the documents committed before, " \
                                      "and opens and answers"
    with Index(index_target) as index:
        assert index.info().documents >= seen and index.verify() == []


def test_two_index_add_processes_at_once(index_target, tmp_path):
    write_articles(tmp_path / "one", range(0, 300))
    write_articles(tmp_path / "two", range(150, 450))
    procs = [index_add(tmp_path / name, index_target, "--workers", "1") for name in ("one", "two")]
    for proc in procs:
        out, err = proc.communicate(timeout=180)
        assert proc.returncode == 0, err
    with Index(index_target) as index:
        assert index.info().documents == 450
        assert index.verify() == []
        doc = index.get("a00400.txt")
        assert doc.text == distinct_article(400)
        assert [m.document.id for m in index.check(doc.text).matches] == ["a00400.txt"]


def test_switching_a_new_index_to_wal_waits_for_a_writer_instead_of_failing(tmp_path):
    """Two processes opening a new index at once: one holds the write lock while the other, holding the read
    lock, asks for it to switch the file to write-ahead logging. SQLite refuses that at once, without waiting
    (it could deadlock), so `use_wal` lets go and tries again until the writer is done."""
    path = str(tmp_path / "new.sqlite")
    writer = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    writer.execute("CREATE TABLE t (x)")
    writer.execute("BEGIN IMMEDIATE")
    other = sqlite3.connect(path, isolation_level=None, timeout=5)
    with pytest.raises(sqlite3.OperationalError, match="locked"):
        other.execute("PRAGMA journal_mode = WAL")  # what a single attempt meets
    threading.Timer(0.2, writer.rollback).start()
    use_wal(other, wait_ms=10_000)
    assert other.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_a_warm_index_stays_sound_while_another_process_adds(index_target, tmp_path):
    """Opening and closing a second Index in this process must not drop the locks the first one holds."""
    write_articles(tmp_path / "first", range(0, 60))
    write_articles(tmp_path / "more", range(60, 260))
    with Index(index_target) as warm:
        warm.add(read_documents([str(tmp_path / "first")]).documents)
        assert warm.check(distinct_article(5)).matches
        with Index(index_target) as other:
            assert other.info().documents == 60
        assert index_add(tmp_path / "more", index_target).wait(timeout=120) == 0
        assert [m.document.id for m in warm.check(distinct_article(200)).matches] == ["a00200.txt"]
        assert warm.info().documents == 260 and warm.verify() == []
