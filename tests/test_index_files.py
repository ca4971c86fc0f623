"""The index knows the file each document was read from: one file added through two arguments (two ids) is
indexed once, and a file that replaces another file's document of the same id says so. Both backends, through the
command line where people meet it."""

from __future__ import annotations

import json
import os
import sqlite3

import pytest

from tracer import Document, Index

from test_index_cli import run
from test_warc import archive, page, write_warc  # noqa: F401 (archive is a fixture)


@pytest.fixture
def news(tmp_path, article, monkeypatch):
    """A working folder holding news/a.txt and news/b.txt (no metadata sidecar), the current folder."""
    work = tmp_path / "work"
    (work / "news").mkdir(parents=True)
    for name, seed in (("a.txt", 1), ("b.txt", 2)):
        (work / "news" / name).write_text(article(seed, 12), encoding="utf-8")
    monkeypatch.chdir(work)
    return work


def listed(target) -> list[str]:
    result = run("index", "list", "--index", target)
    assert result.exit_code == 0, result.stderr
    return [line.split("\t")[0] for line in result.stdout.splitlines()]


def matched(target, path) -> list[str]:
    result = run("check", path, "--index", target, "--json")
    assert result.exit_code == 0, result.stderr
    return [m["id"] for m in json.loads(result.stdout)["matches"]]


def notes(result) -> list[str]:
    """stderr's lines but the count line."""
    return [line for line in result.stderr.splitlines() if " added, " not in line]


def forget_files(target: str) -> None:
    """Make the index look built before files were recorded: no `files` table, no `tracer:files`, no file fields."""
    if target.startswith("redis://"):
        import redis

        r = redis.Redis.from_url(target)
        r.delete(b"tracer:files")
        for key in r.scan_iter(b"tracer:doc:*"):
            r.hdel(key, "file")
        return
    with sqlite3.connect(target) as db:
        db.execute("DROP TABLE files")


def test_a_folder_added_again_from_the_folder_above_is_not_indexed_twice(index_target, news):
    assert run("index", "add", "news/", "--index", index_target).exit_code == 0
    again = run("index", "add", ".", "--index", index_target)
    assert again.exit_code == 0, again.stderr
    assert notes(again) == ["tracer: news/a.txt is indexed as a.txt (the same file)",
                            "tracer: news/b.txt is indexed as b.txt (the same file)"]
    assert "0 added, 0 replaced, 2 unchanged" in again.stderr
    assert listed(index_target) == ["a.txt", "b.txt"]
    assert matched(index_target, "news/a.txt") == ["a.txt"]  # once, not also as news/a.txt


def test_an_edited_file_added_through_another_argument_replaces_it_under_its_old_id(index_target, news, article):
    assert run("index", "add", "news/", "--index", index_target).exit_code == 0
    edited = article(1, 12) + "\nA correction was appended to this report on Tuesday evening.\n"
    (news / "news" / "a.txt").write_text(edited, encoding="utf-8")
    again = run("index", "add", ".", "--index", index_target)
    assert again.exit_code == 0, again.stderr
    assert "0 added, 1 replaced, 1 unchanged" in again.stderr
    assert "tracer: news/a.txt is indexed as a.txt (the same file)" in notes(again)
    assert listed(index_target) == ["a.txt", "b.txt"]
    with Index(index_target) as index:
        assert index.get("a.txt").text == edited and index.get("news/a.txt") is None
        assert index.verify() == []
    assert matched(index_target, "news/a.txt") == ["a.txt"]


def test_a_file_that_replaces_another_file_of_its_name_says_so(index_target, news, story, harbour):
    for folder, text in (("one", story), ("two", harbour)):
        (news / folder).mkdir()
        (news / folder / "story.txt").write_text(text, encoding="utf-8")
    assert notes(run("index", "add", "one/", "--index", index_target)) == []
    second = run("index", "add", "two/", "--index", index_target)
    assert second.exit_code == 0, second.stderr
    first_file = os.path.realpath(news / "one" / "story.txt")
    assert notes(second) == [f"tracer: warning: story.txt replaces the indexed story.txt read from {first_file} "
                             "(another file of that name)"]
    assert "0 added, 1 replaced, 0 unchanged" in second.stderr  # the rule: the id's new text replaces
    assert listed(index_target) == ["story.txt"]
    assert matched(index_target, news / "two" / "story.txt") == ["story.txt"]
    assert matched(index_target, news / "one" / "story.txt") == []
    third = run("index", "add", "two/", "--index", index_target)  # now the file the index has: nothing to say
    assert notes(third) == [] and "0 added, 0 replaced, 1 unchanged" in third.stderr


def test_a_removed_document_leaves_no_file_behind(index_target, news):
    with Index(index_target) as index:
        index.add(Document(p.name, p.read_text(encoding="utf-8"), path=f"news/{p.name}")
                  for p in sorted((news / "news").iterdir()))
        assert index.remove("a.txt") is True
        report = index.add([Document("news/a.txt", (news / "news" / "a.txt").read_text(encoding="utf-8"),
                                     path="news/a.txt")])
        assert (report.added, report.same_file) == (1, ())
        assert [e.id for e in index.entries()] == ["b.txt", "news/a.txt"] and index.verify() == []


def test_an_index_built_before_files_were_recorded_still_adds_and_checks(index_target, news, article):
    assert run("index", "add", "news/", "--index", index_target).exit_code == 0
    forget_files(index_target)
    again = run("index", "add", "news/", "--index", index_target)  # unchanged, and their files recorded now
    assert again.exit_code == 0, again.stderr
    assert notes(again) == [] and "0 added, 0 replaced, 2 unchanged" in again.stderr
    assert matched(index_target, "news/a.txt") == ["a.txt"]
    with Index(index_target) as index:
        assert sorted(_files_held(index)) == ["a.txt", "b.txt"]
    forget_files(index_target)
    (news / "more").mkdir()
    (news / "more" / "c.txt").write_text(article(3, 12), encoding="utf-8")
    assert run("index", "add", "more/", "--index", index_target).exit_code == 0  # records c.txt's file
    whole = run("index", "add", ".", "--index", index_target)
    assert whole.exit_code == 0, whole.stderr
    # the documents indexed before know no file: added again under their new ids; c.txt is known
    assert notes(whole) == ["tracer: more/c.txt is indexed as c.txt (the same file)"]
    assert listed(index_target) == ["a.txt", "b.txt", "c.txt", "news/a.txt", "news/b.txt"]
    with Index(index_target) as index:
        assert index.verify() == [] and index.info().documents == 5
    assert run("index", "remove", "c.txt", "a.txt", "--index", index_target).exit_code == 0
    with Index(index_target) as index:
        assert index.verify() == []
        assert index.add([Document("c-again", article(3, 12), path="more/c.txt")]).same_file == ()


def test_the_records_of_a_web_archive_are_not_taken_for_one_file(index_target, archive, monkeypatch, harbour, flood):
    """Every record of an archive has the archive's path: it is no record's own file, and is not recorded."""
    monkeypatch.chdir(archive.parent)
    assert "3 added" in run("index", "add", archive.name, "--index", index_target).stderr
    again = run("index", "add", os.path.realpath(archive), "--index", index_target)
    assert "indexed as" not in again.stderr and "replaces the indexed" not in again.stderr
    assert "0 added, 0 replaced, 3 unchanged" in again.stderr and len(listed(index_target)) == 3
    write_warc(archive, [(f"https://other.example/{n}", "200 OK", "text/html", page(f"Story {n}", body, "Other"),
                          "2021-01-01T00:00:00Z") for n, body in ((1, harbour), (2, flood))])  # the next crawl
    crawl = run("index", "add", archive.name, "--index", index_target)
    assert "indexed as" not in crawl.stderr and "2 added, 0 replaced, 0 unchanged" in crawl.stderr
    assert len(listed(index_target)) == 5


def test_two_adds_at_once_of_one_folder_through_two_arguments_index_it_once(index_target, news, monkeypatch):
    """Two `index add` runs at once, `news/` and `.`: the second looks up the index's files, then the first writes
    them before the second does. The second must find them at its write and keep the first one's ids."""
    import tracer.index

    def folder(prefix: str) -> list[Document]:
        return [Document(prefix + p.name, p.read_text(encoding="utf-8"), path=f"news/{p.name}")
                for p in sorted((news / "news").iterdir())]

    sketch = tracer.index.prepared

    def other_add_first(documents, settings, banding):
        monkeypatch.setattr(tracer.index, "prepared", sketch)
        with Index(index_target) as other:
            assert other.add(folder("")).added == 2
        yield from sketch(documents, settings, banding)

    monkeypatch.setattr(tracer.index, "prepared", other_add_first)
    with Index(index_target) as index:
        report = index.add(folder("news/"))
        assert (report.added, report.replaced, report.unchanged) == (0, 0, 2)
        assert report.same_file == (("news/a.txt", "a.txt"), ("news/b.txt", "b.txt"))
        assert [e.id for e in index.entries()] == ["a.txt", "b.txt"] and index.verify() == []


def test_a_file_taken_by_another_document_is_no_longer_recorded_for_the_first(index_target, news, story):
    """b.txt's file is recorded for a.txt, then given to b.txt while a.txt, unchanged, is read from elsewhere:
    the index records the file for b.txt alone, and a.txt's where it was read now, on both backends."""
    a_text = (news / "news" / "a.txt").read_text(encoding="utf-8")
    (news / "copy.txt").write_text(a_text, encoding="utf-8")
    file = os.path.realpath(news / "news" / "b.txt")
    with Index(index_target) as index:
        index.add([Document("a.txt", a_text, path="news/b.txt")])
        index.add([Document("b.txt", story, path="news/b.txt"), Document("a.txt", a_text, path="copy.txt")])
        held = index._open(create=False).held(["a.txt", "b.txt"], [file])
        assert (held.files, held.holders) == ({"b.txt": file, "a.txt": os.path.realpath(news / "copy.txt")},
                                              {file: "b.txt"})
        assert index.verify() == []


def _meanwhile(monkeypatch, other_documents: list[Document], target) -> None:
    """Make the next add's write come after another add of `other_documents` (run after the first one placed its
    documents, before it writes them)."""
    _meanwhile_do(monkeypatch, target, lambda other: other.add(other_documents))


def _meanwhile_do(monkeypatch, target, work) -> None:
    """Make the next add's write come after `work(index)` on the index, as another process would do it (run after
    the first add placed its documents, before it writes them)."""
    import tracer.index

    sketch = tracer.index.prepared

    def other_first(documents, settings, banding):
        monkeypatch.setattr(tracer.index, "prepared", sketch)
        with Index(target) as other:
            work(other)
        yield from sketch(documents, settings, banding)

    monkeypatch.setattr(tracer.index, "prepared", other_first)


def _removed(index: Index, doc_id: str) -> None:
    assert index.remove(doc_id)


def _files_held(index: Index) -> dict[str, str]:
    store = index._open(create=False)
    ids = [e.id for e in index.entries()]
    return dict(sorted(store.held(ids, []).files.items()))


def test_a_document_placed_again_at_its_write_is_placed_from_the_id_it_was_given(index_target, news, story,
                                                                                  monkeypatch):
    """x.txt holds news/a.txt's text; news/a.txt is edited and added as news/a.txt (so it goes to x.txt) beside a
    copy.txt. Meanwhile another add gives x.txt copy.txt's text and file. At the write, copy.txt's document takes
    x.txt, and news/a.txt's edited text, whose file nobody holds now, goes back to news/a.txt: nothing is lost."""
    a_file = news / "news" / "a.txt"
    (news / "copy.txt").write_text(story, encoding="utf-8")
    with Index(index_target) as index:
        index.add([Document("x.txt", a_file.read_text(encoding="utf-8"), path="news/a.txt")])
    edited = a_file.read_text(encoding="utf-8") + "\nA paragraph added later, with the correction the editors made."
    a_file.write_text(edited, encoding="utf-8")
    _meanwhile(monkeypatch, [Document("x.txt", story, path="copy.txt")], index_target)
    with Index(index_target) as index:
        report = index.add([Document("news/a.txt", edited, path="news/a.txt"),
                            Document("copy.txt", story, path="copy.txt")])
        assert report.same_file == (("copy.txt", "x.txt"),)
        assert (report.added, report.replaced + report.unchanged) == (1, 1)
        assert _files_held(index) == {"news/a.txt": os.path.realpath(a_file),
                                      "x.txt": os.path.realpath(news / "copy.txt")}
        assert index.get("news/a.txt").text == edited and index.get("x.txt").text == story
        assert index.verify() == []


def test_a_document_whose_holder_is_removed_before_its_write_keeps_the_id_it_was_given(index_target, news,
                                                                                       monkeypatch):
    """x.txt holds news/a.txt; news/a.txt is edited and added (so it goes to x.txt) while another process removes
    x.txt. The write finds the file unheld and indexes it under the id given, news/a.txt, and says nothing of
    x.txt, which was removed."""
    a_file = news / "news" / "a.txt"
    with Index(index_target) as index:
        index.add([Document("x.txt", a_file.read_text(encoding="utf-8"), path="news/a.txt")])
    edited = a_file.read_text(encoding="utf-8") + "\nA paragraph added later."
    a_file.write_text(edited, encoding="utf-8")
    _meanwhile_do(monkeypatch, index_target, lambda other: _removed(other, "x.txt"))
    with Index(index_target) as index:
        report = index.add([Document("news/a.txt", edited, path="news/a.txt")])
        assert (report.added, report.same_file) == (1, ())
        assert _files_held(index) == {"news/a.txt": os.path.realpath(a_file)}
        assert index.verify() == []


def test_a_document_another_add_wrote_meanwhile_from_another_file_is_reported_as_replaced(index_target, news, story,
                                                                                        harbour, monkeypatch):
    """one/story.txt is placed as story.txt, new to the index; before it is written, another add indexes
    two/story.txt as story.txt. The write replaces that document, read from another file, and says so."""
    for folder, text in (("one", story), ("two", harbour)):
        (news / folder).mkdir()
        (news / folder / "story.txt").write_text(text, encoding="utf-8")
    _meanwhile(monkeypatch, [Document("story.txt", harbour, path="two/story.txt")], index_target)
    with Index(index_target) as index:
        report = index.add([Document("story.txt", story, path="one/story.txt")])
        assert (report.added, report.replaced, report.unchanged) == (0, 1, 0)
        assert report.other_file == (("story.txt", os.path.realpath(news / "two" / "story.txt")),)
        assert _files_held(index) == {"story.txt": os.path.realpath(news / "one" / "story.txt")}
        assert index.get("story.txt").text == story and index.verify() == []


def test_one_file_given_under_two_ids_that_another_add_takes_meanwhile_is_one_document(index_target, news,
                                                                                      monkeypatch):
    """news/a.txt is given twice, as x.txt and as y.txt (through the API: the command line reads a path once);
    before they are written, another add indexes it as z.txt. Both are that document, counted once, as when the
    index held it already."""
    text = (news / "news" / "a.txt").read_text(encoding="utf-8")
    _meanwhile(monkeypatch, [Document("z.txt", text, path="news/a.txt")], index_target)
    with Index(index_target) as index:
        report = index.add([Document("x.txt", text, path="news/a.txt"), Document("y.txt", text, path="news/a.txt")])
        assert (report.added, report.replaced, report.unchanged) == (0, 0, 1)
        assert report.same_file == (("x.txt", "z.txt"), ("y.txt", "z.txt"))
        assert [e.id for e in index.entries()] == ["z.txt"] and index.verify() == []
    with Index(index_target) as index:  # the same batch once the index holds the file: the same report
        again = index.add([Document("x.txt", text, path="news/a.txt"), Document("y.txt", text, path="news/a.txt")])
        assert again == report


def test_two_ids_of_one_held_file_whose_holder_changes_before_the_write_both_go_to_the_new_holder(index_target, news,
                                                                                                 monkeypatch):
    """news/a.txt is held as h.txt, then edited and given twice, as x.txt and y.txt (both h.txt's). Before the
    write, another process removes h.txt and indexes the file as z.txt: both given ids are z.txt's now."""
    a_file = news / "news" / "a.txt"
    with Index(index_target) as index:
        index.add([Document("h.txt", a_file.read_text(encoding="utf-8"), path="news/a.txt")])
    edited = a_file.read_text(encoding="utf-8") + "\nA paragraph added later, with the correction the editors made."
    a_file.write_text(edited, encoding="utf-8")
    _meanwhile_do(monkeypatch, index_target,
                  lambda other: (_removed(other, "h.txt"), other.add([Document("z.txt", edited, path="news/a.txt")])))
    with Index(index_target) as index:
        report = index.add([Document("x.txt", edited, path="news/a.txt"), Document("y.txt", edited, path="news/a.txt")])
        assert report.same_file == (("x.txt", "z.txt"), ("y.txt", "z.txt"))
        assert (report.added, report.replaced, report.unchanged) == (0, 0, 1)
        assert [e.id for e in index.entries()] == ["z.txt"] and index.verify() == []


def test_a_store_refuses_a_batch_that_holds_an_id_twice(index_target, story):
    import tracer.index

    with Index(index_target) as index:
        index.add([Document("seed.txt", story)])
        store = index._open(create=False)
        batch = list(tracer.index.prepared([Document("d.txt", story), Document("d.txt", story + " More.")],
                                           index.settings, store.banding))
        with pytest.raises(ValueError, match="each id once"):
            store.write(batch)
        assert [e.id for e in index.entries()] == ["seed.txt"] and index.verify() == []


def test_a_moved_folder_added_again_is_recorded_where_it_is_now(index_target, news, monkeypatch):
    """news/ is indexed, then moved to old/news/ and added again from old/: nothing changed, but the index now
    knows its files there, so old/ added from the folder above is the same files, not two new documents."""
    assert run("index", "add", "news/", "--index", index_target).exit_code == 0
    (news / "old").mkdir()
    (news / "news").rename(news / "old" / "news")
    monkeypatch.chdir(news / "old")
    moved = run("index", "add", "news/", "--index", index_target)
    assert moved.exit_code == 0, moved.stderr
    assert notes(moved) == [] and "0 added, 0 replaced, 2 unchanged" in moved.stderr
    with Index(index_target) as index:
        where = news / "old" / "news"
        assert _files_held(index) == {name: os.path.realpath(where / name) for name in ("a.txt", "b.txt")}
    monkeypatch.chdir(news)
    above = run("index", "add", "old/", "--index", index_target)
    assert above.exit_code == 0, above.stderr
    assert "0 added, 0 replaced, 2 unchanged" in above.stderr
    assert listed(index_target) == ["a.txt", "b.txt"]


def _record_calls(monkeypatch, target) -> list[dict]:
    """The `record_files` calls of the store behind `target`, as they happen."""
    from tracer.index.redis_store import RedisStore
    from tracer.index.sqlite_store import SQLiteStore

    store = RedisStore if target.startswith("redis://") else SQLiteStore
    calls, record = [], store.record_files

    def counted(self, files):
        calls.append(dict(files))
        return record(self, files)

    monkeypatch.setattr(store, "record_files", counted)
    return calls


def test_one_file_given_under_two_ids_added_again_records_nothing(index_target, news, monkeypatch):
    """Through the API one file can be given as two documents (the command line reads a path once): added again,
    both are unchanged, and neither takes the file from the other."""
    text = (news / "news" / "a.txt").read_text(encoding="utf-8")
    both = [Document("a.txt", text, path="news/a.txt"), Document("news/a.txt", text, path="news/a.txt")]
    with Index(index_target) as index:
        index.add(both)
        first = _files_held(index)
        calls = _record_calls(monkeypatch, index_target)
        for _ in range(3):
            assert index.add(both).unchanged == 2
        assert calls == [] and _files_held(index) == first and index.verify() == []


def test_a_moved_file_another_add_indexed_meanwhile_stays_that_documents(index_target, news, monkeypatch):
    """a.txt is recorded at old/a.txt; it is read again, unchanged, from news/a.txt, and before its new file is
    recorded another add indexes news/a.txt as news/a.txt: the file stays news/a.txt's."""
    text = (news / "news" / "a.txt").read_text(encoding="utf-8")
    (news / "old").mkdir()
    (news / "old" / "a.txt").write_text(text, encoding="utf-8")
    with Index(index_target) as index:
        index.add([Document("a.txt", text, path="old/a.txt")])
    _meanwhile_do(monkeypatch, index_target, lambda other: other.add([Document("news/a.txt", text, path="news/a.txt")]))
    with Index(index_target) as index:
        assert index.add([Document("a.txt", text, path="news/a.txt")]).unchanged == 1
        assert _files_held(index) == {"a.txt": os.path.realpath(news / "old" / "a.txt"),
                                      "news/a.txt": os.path.realpath(news / "news" / "a.txt")}
        assert index.verify() == []


def test_two_adds_recording_one_documents_file_at_once_leave_one_record(index_target, news, story, monkeypatch):
    """story.txt, recorded at news/a.txt, is read unchanged from a/story.txt; between the Redis store's reads and
    its write, another add reads it unchanged from b/story.txt and records that. The write sees it (it watches
    what it read) and records a/story.txt alone."""
    if not index_target.startswith("redis://"):
        pytest.skip("an SQLite write transaction holds the file's lock: no other add can come in between")
    from tracer.index.redis_store import RedisStore

    for folder in ("a", "b"):
        (news / folder).mkdir()
        (news / folder / "story.txt").write_text(story, encoding="utf-8")
    with Index(index_target) as index:
        index.add([Document("story.txt", story, path="news/a.txt")])
    import redis.client

    state, record, multi = {"armed": False, "fired": False}, RedisStore.record_files, redis.client.Pipeline.multi

    def armed_record(self, files):
        state["armed"] = not state["fired"]
        return record(self, files)

    def other_add_then_multi(self):  # after the store's reads, before its write
        if state["armed"]:
            state.update(armed=False, fired=True)
            with Index(index_target) as other:
                other.add([Document("story.txt", story, path="b/story.txt")])
        return multi(self)

    monkeypatch.setattr(RedisStore, "record_files", armed_record)
    monkeypatch.setattr(redis.client.Pipeline, "multi", other_add_then_multi)
    with Index(index_target) as index:
        assert index.add([Document("story.txt", story, path="a/story.txt")]).unchanged == 1
        store = index._open(create=False)
        assert state["fired"]
        assert store.held(["story.txt"], []).files == {"story.txt": os.path.realpath(news / "a" / "story.txt")}
        assert index.verify() == []

