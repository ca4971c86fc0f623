"""tracer index / check / trace --index on the command line: output, exit codes, one-line errors."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from click.testing import CliRunner

from tracer.cli import cli

RT_TRIMMED, RT_FULL = "000_d5f8d56ce77da1f0.txt", "001_cc31bfe275242cde.txt"


def run(*args, input=None, env=None):
    return CliRunner().invoke(cli, [str(a) for a in args], input=input, env=env)


def one_error_line(result, code: int = 6) -> str:
    assert result.exit_code == code, (result.exit_code, result.stderr)
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("tracer: error: "), result.stderr
    assert "Traceback" not in result.stderr and result.stdout == ""
    return lines[0]


@pytest.fixture
def indexed(seeds_dir, tmp_path):
    """An index of the seeds but the trimmed RT copy."""
    target = tmp_path / "seeds.sqlite"
    paths = [p for p in sorted(seeds_dir.glob("*.txt")) if p.name != RT_TRIMMED]
    result = run("index", "add", *paths, "--index", target)
    assert result.exit_code == 0, result.stderr
    assert "4 added, 0 replaced, 0 unchanged" in result.stderr and result.stdout == ""
    return target


def test_check_json_lists_the_match_with_its_passages(indexed, seeds_dir):
    result = run("check", seeds_dir / RT_TRIMMED, "--index", indexed, "--json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    [match] = data["matches"]
    assert match["id"] == RT_FULL and match["relation"] == "trimmed" and match["direction"] == "siblings"
    assert set(match["containment"]) == {"query", RT_FULL} and match["passages"] and match["evidence"]


def test_check_text_quotes_passages_and_evidence(indexed, seeds_dir):
    result = run("check", seeds_dir / RT_TRIMMED, "--index", indexed)
    assert result.exit_code == 0
    assert result.stdout.startswith(f"1. query -- {RT_FULL}  trimmed, 81% shared, siblings: both from RT")
    assert "passage 1:" in result.stdout and "[credit] favors siblings" in result.stdout


def test_fail_on_reuse_exits_1_only_when_reuse_is_found(indexed, seeds_dir, article):
    assert run("check", seeds_dir / RT_TRIMMED, "--index", indexed, "--fail-on-reuse").exit_code == 1
    assert run("check", "-", "--index", indexed, "--fail-on-reuse", input=article(3)).exit_code == 0
    assert run("check", seeds_dir / RT_TRIMMED, "--index", indexed).exit_code == 0


def test_the_index_comes_from_the_environment(indexed, seeds_dir):
    result = run("check", seeds_dir / RT_TRIMMED, "--json", env={"TRACER_INDEX": str(indexed)})
    assert result.exit_code == 0 and json.loads(result.stdout)["matches"]


def test_check_against_files_needs_no_index(seeds_dir):
    result = run("check", seeds_dir / RT_TRIMMED, "--against", seeds_dir / RT_FULL, "--json")
    assert result.exit_code == 0, result.stderr
    assert [m["id"] for m in json.loads(result.stdout)["matches"]] == [RT_FULL]


@pytest.mark.parametrize("args", [["a.txt", "b.txt"], ["a.txt", "--against"], ["a.txt", "b.txt", "--against",
                                                                              "--index", "x.sqlite"]])
def test_check_usage_errors_exit_2(args):
    assert run("check", *args).exit_code == 2


def test_a_threshold_too_near_1_to_band_makes_no_index(seeds_dir, tmp_path):
    result = run("index", "add", seeds_dir, "--index", tmp_path / "new.sqlite", "--lsh-threshold", "1.0")
    assert result.exit_code == 2 and "lower threshold" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_index_list_info_and_remove(indexed):
    listed = run("index", "list", "--index", indexed)
    assert [line.split("\t")[0] for line in listed.stdout.splitlines()] == [
        "001_cc31bfe275242cde.txt", "002_da0339af868036fa.txt", "003_db87a7e1bdfb7599.txt", "004_885ee4dcb98e6b35.txt"]
    info = json.loads(run("index", "info", "--index", indexed, "--json").stdout)
    assert info["documents"] == 4 and info["backend"] == "sqlite" and info["recorded"]["num_perm"] == 128
    assert run("index", "remove", RT_FULL, "--index", indexed).exit_code == 0
    assert len(run("index", "list", "--index", indexed, "--json").stdout.splitlines()) == 3
    missing = run("index", "remove", RT_FULL, "--index", indexed)
    assert "not in the index" in one_error_line(missing, 3)


def test_index_remove_removes_nothing_when_one_id_is_not_there(indexed):
    mixed = run("index", "remove", "002_da0339af868036fa.txt", "typo.txt", "--index", indexed)
    assert one_error_line(mixed, 3).endswith("nothing removed: typo.txt")
    assert len(run("index", "list", "--index", indexed).stdout.splitlines()) == 4
    twice = run("index", "remove", "002_da0339af868036fa.txt", "002_da0339af868036fa.txt", "--index", indexed)
    assert twice.exit_code == 0 and "removed 1 document(s)" in twice.stderr


def test_texts_too_short_for_a_window_are_indexed_and_checked(seeds_dir, tmp_path):
    """A one-word page, a caption or a line of function words has no sketch window: it is indexed (and found by
    nothing), and the rest of the batch with it; checked, it matches nothing."""
    short = tmp_path / "short"
    short.mkdir()
    for name, text in (("hello.txt", "Hello\n"), ("photo.txt", "Photo"), ("stop.txt", "the and of a\n")):
        (short / name).write_text(text, encoding="utf-8")
    target = tmp_path / "short.sqlite"
    added = run("index", "add", seeds_dir, short, "--index", target)
    assert added.exit_code == 0, added.stderr
    assert "8 added" in added.stderr
    assert run("check", short / "hello.txt", "--index", target, "--json").exit_code == 0
    against = run("check", seeds_dir / RT_TRIMMED, "--against", short / "hello.txt", "--json")
    assert against.exit_code == 0 and json.loads(against.stdout)["matches"] == []


def test_trace_everything_in_an_index_or_what_reuses_one_article(indexed, seeds_dir, tmp_path):
    result = run("trace", "--index", indexed, seeds_dir / RT_TRIMMED, "-o", tmp_path / "all", "--json")
    assert result.exit_code == 0, result.stderr
    assert len(json.loads(result.stdout)["documents"]) == 5
    reusing = run("trace", "--index", indexed, "--reusing", "002_da0339af868036fa.txt", "-o", tmp_path / "one",
                  "--json")
    assert [d["id"] for d in json.loads(reusing.stdout)["documents"]] == ["002_da0339af868036fa.txt"]
    assert run("trace", "--reusing", "x", "-o", tmp_path / "none").exit_code == 2


def test_a_file_traced_with_an_index_says_when_it_stands_in_for_a_different_indexed_text(indexed, seeds_dir,
                                                                                        tmp_path):
    name = "002_da0339af868036fa.txt"  # indexed
    same = run("trace", "--index", indexed, seeds_dir / name, "-o", tmp_path / "same", "--json")
    assert same.exit_code == 0 and "warning" not in same.stderr  # the indexed text itself: nothing to say
    changed = tmp_path / "changed"
    changed.mkdir()
    text = (seeds_dir / name).read_text(encoding="utf-8") + "\nA late correction was added to this report.\n"
    (changed / name).write_text(text, encoding="utf-8")
    result = run("trace", "--index", indexed, changed / name, "-o", tmp_path / "changed-out", "--json")
    assert result.exit_code == 0, result.stderr
    assert (f"tracer: warning: {name}: the file is traced, not the different text the index holds under that id"
            in result.stderr)
    documents = json.loads(result.stdout)["documents"]
    assert len(documents) == 4 and [d["characters"] for d in documents if d["id"] == name] == [len(text)]


def test_a_file_that_is_not_an_index(tmp_path, seeds_dir):
    (tmp_path / "notes.txt").write_text("not a database")
    line = one_error_line(run("check", seeds_dir / RT_TRIMMED, "--index", tmp_path / "notes.txt"))
    assert "not a tracer index" in line


def test_an_empty_file_is_no_index_yet_and_index_add_builds_one_in_it(tmp_path, seeds_dir):
    """What another process creating an index leaves at first, too: `index add` must not refuse it."""
    (tmp_path / "new.sqlite").write_bytes(b"")
    assert "no index yet" in one_error_line(run("check", seeds_dir / RT_TRIMMED, "--index", tmp_path / "new.sqlite"))
    assert run("index", "add", seeds_dir, "--index", tmp_path / "new.sqlite").exit_code == 0
    assert run("check", seeds_dir / RT_TRIMMED, "--index", tmp_path / "new.sqlite").exit_code == 0


def test_an_sqlite_database_that_is_not_an_index(tmp_path, seeds_dir):
    import sqlite3

    with sqlite3.connect(tmp_path / "other.db") as db:
        db.execute("CREATE TABLE t (x)")
    assert "not a tracer index" in one_error_line(run("check", seeds_dir / RT_TRIMMED, "--index", tmp_path / "other.db"))
    assert "not a tracer index" in one_error_line(run("index", "add", seeds_dir, "--index", tmp_path / "other.db"))


def test_an_index_of_an_older_format(indexed, seeds_dir):
    """An index file written by an older tracer (format 1: no stored features nor stems) is refused in one line."""
    import sqlite3

    with sqlite3.connect(indexed) as db:
        db.execute("UPDATE meta SET value = '1' WHERE key = 'format'")
    for args in (("check", seeds_dir / RT_TRIMMED), ("index", "add", seeds_dir), ("index", "list")):
        line = one_error_line(run(*args, "--index", indexed))
        assert "built by another version of tracer (format 1, this tracer 3)" in line and "build a new index" in line


def test_a_truncated_index(indexed, seeds_dir):
    data = indexed.read_bytes()
    indexed.write_bytes(data[: len(data) // 2])
    assert "damaged" in one_error_line(run("check", seeds_dir / RT_TRIMMED, "--index", indexed))
    indexed.write_bytes(data[:60])
    assert "damaged" in one_error_line(run("index", "info", "--index", indexed))  # not even a whole header


def test_a_missing_index(tmp_path, seeds_dir):
    line = one_error_line(run("check", seeds_dir / RT_TRIMMED, "--index", tmp_path / "nowhere.sqlite"))
    assert "no index here" in line and not (tmp_path / "nowhere.sqlite").exists()


def test_settings_that_differ_from_the_index(indexed, seeds_dir):
    line = one_error_line(run("check", seeds_dir / RT_TRIMMED, "--index", indexed, "--shingle-size", "4"))
    assert "shingle_size=5 (this run: 4)" in line


def test_an_unreachable_redis_is_one_line_and_exit_6_in_a_real_process(seeds_dir, tmp_path):
    done = subprocess.run([sys.executable, "-m", "tracer", "check", str(seeds_dir / RT_TRIMMED), "--index",
                           "redis://127.0.0.1:1/0"], capture_output=True, text=True, timeout=60,
                          env=dict(os.environ, TRACER_INDEX=""))
    assert done.returncode == 6 and done.stdout == ""
    assert done.stderr.startswith("tracer: error: redis://127.0.0.1:1/0: cannot reach Redis")
    assert len(done.stderr.splitlines()) == 1


def test_index_add_and_check_on_redis(redis_server, seeds_dir):
    target = f"{redis_server}/62"
    import redis

    redis.Redis.from_url(target).flushdb()
    assert run("index", "add", seeds_dir, "--index", target).exit_code == 0
    result = run("check", seeds_dir / RT_TRIMMED, "--index", target, "--json")
    assert result.exit_code == 0, result.stderr
    ids = [m["id"] for m in json.loads(result.stdout)["matches"]]
    assert ids == [RT_TRIMMED, RT_FULL]  # the article itself is indexed: it matches itself first


def test_each_text_added_from_stdin_is_a_document_of_its_own(tmp_path, article):
    target = tmp_path / "stdin.sqlite"
    first = run("index", "add", "-", "--index", target, input=article(1))
    [named] = [line.split()[-1] for line in first.stderr.splitlines() if "stdin indexed as" in line]
    assert first.exit_code == 0 and named.startswith("stdin-") and len(named) == len("stdin-") + 12
    again = run("index", "add", "-", "--index", target, input=article(1))
    assert "0 added, 0 replaced, 1 unchanged" in again.stderr
    other = run("index", "add", "-", "--index", target, input=article(2))
    assert "1 added, 0 replaced, 0 unchanged" in other.stderr
    assert len(run("index", "list", "--index", target).stdout.splitlines()) == 2
