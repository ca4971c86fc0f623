"""Reading articles from files, folders and stdin, and what happens to bad input."""

from __future__ import annotations

import io

import pytest

from tracer import InputError, read_documents
from tracer.errors import TracerError

ARTICLE = "Syrian Army retakes Palmyra from IS\n\nMarch 27, 2016\n\nSyrian troops entered the city.\n"


def ids(corpus):
    return [d.id for d in corpus.documents]


def test_a_file_is_read_with_its_name_as_id_and_its_text_untouched(write_files):
    text = "Title line of this article\r\n\r\nCafé “quoted” text.\r\n"
    root = write_files({"story.txt": text})
    (doc,) = read_documents([str(root / "story.txt")]).documents
    assert (doc.id, doc.path, doc.text) == ("story.txt", str(root / "story.txt"), text)


def test_title_and_date_are_guessed_from_the_text(write_files):
    root = write_files({"a.txt": ARTICLE})
    (doc,) = read_documents([str(root / "a.txt")]).documents
    assert (doc.title, doc.published) == ("Syrian Army retakes Palmyra from IS", "2016-03-27")


def test_folders_are_searched_recursively_and_ids_are_relative_to_the_argument(write_files):
    root = write_files({
        "in/a.txt": ARTICLE, "in/sub/b.md": ARTICLE, "in/sub/deeper/c.markdown": ARTICLE,
        "in/sub/notes.html": ARTICLE, "in/data.json": "{}", "in/README": ARTICLE,
    })
    corpus = read_documents([str(root / "in")])
    assert ids(corpus) == ["a.txt", "sub/b.md", "sub/deeper/c.markdown", "sub/notes.html"]
    assert corpus.skipped == () and corpus.warnings == ()


def test_ids_are_relative_to_each_argument(write_files):
    root = write_files({"one/x/a.txt": ARTICLE, "two/b.txt": ARTICLE})
    corpus = read_documents([str(root / "one"), str(root / "two" / "b.txt")])
    assert ids(corpus) == ["x/a.txt", "b.txt"]


def test_the_same_relative_name_under_two_arguments_gets_the_path_as_id(write_files):
    root = write_files({"one/a.txt": ARTICLE, "two/a.txt": ARTICLE.upper()})
    corpus = read_documents([str(root / "one"), str(root / "two")])
    assert ids(corpus) == [str(root / "one" / "a.txt"), str(root / "two" / "a.txt")]
    assert len(set(ids(corpus))) == 2


@pytest.mark.parametrize("twice", [["a.txt", "a.txt"], [".", "a.txt"], ["a.txt", "./a.txt"]])
def test_a_file_given_twice_is_read_once(write_files, monkeypatch, twice):
    root = write_files({"a.txt": ARTICLE})
    monkeypatch.chdir(root)
    corpus = read_documents(twice)
    assert len(corpus.documents) == 1
    assert len(corpus.warnings) == 1 and "more than once" in corpus.warnings[0]


def test_stdin_is_read_from_the_injected_stream_with_id_stdin():
    corpus = read_documents(["-"], stdin=io.BytesIO(ARTICLE.encode()))
    (doc,) = corpus.documents
    assert (doc.id, doc.path, doc.text) == ("stdin", None, ARTICLE)


def test_stdin_and_files_together(write_files):
    root = write_files({"a.txt": ARTICLE})
    corpus = read_documents([str(root / "a.txt"), "-"], stdin=io.BytesIO(b"Another article from a pipe today\n"))
    assert ids(corpus) == ["a.txt", "stdin"]


@pytest.mark.parametrize(
    "content, reason",
    [(b"", "empty file"), (b"  \n\t\n", "empty file"), (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary")],
)
def test_unreadable_files_are_skipped_and_listed(write_files, content, reason):
    root = write_files({"good.txt": ARTICLE, "bad.txt": content})
    corpus = read_documents([str(root)])
    assert ids(corpus) == ["good.txt"]
    (skipped,) = corpus.skipped
    assert skipped.path == str(root / "bad.txt") and reason in skipped.reason


def test_strict_makes_an_unreadable_file_fatal(write_files):
    root = write_files({"good.txt": ARTICLE, "bad.txt": b"\x00\x01\x02"})
    with pytest.raises(InputError, match="bad.txt.*binary"):
        read_documents([str(root)], strict=True)


def test_a_file_that_is_not_utf8_is_decoded_with_a_warning(write_files):
    root = write_files({"latin.txt": "Café “Palmyra” – naïve\n".encode("cp1252")})
    corpus = read_documents([str(root / "latin.txt")])
    (doc,) = corpus.documents
    assert doc.text == "Café “Palmyra” – naïve\n"
    (warning,) = corpus.warnings
    assert "latin.txt" in warning and "UTF-8" in warning


def test_a_utf8_byte_order_mark_is_not_text(write_files):
    root = write_files({"bom.txt": "\ufeff" + ARTICLE})
    assert read_documents([str(root / "bom.txt")]).documents[0].text == ARTICLE


def test_texts_in_utf16_and_utf32_with_a_byte_order_mark_are_decoded(write_files, seeds_dir):
    text = (seeds_dir / "002_da0339af868036fa.txt").read_text(encoding="utf-8")
    paragraph = next(p for p in text.split("\n\n") if "/TASS/" in p)
    root = write_files({f"{codec}.txt": "\ufeff".encode(codec) + (paragraph + "\n").encode(codec)
                        for codec in ("utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be")})
    corpus = read_documents([str(root)])
    assert ids(corpus) == ["utf-16-be.txt", "utf-16-le.txt", "utf-32-be.txt", "utf-32-le.txt"]
    assert {d.text for d in corpus.documents} == {paragraph + "\n"}
    assert corpus.skipped == () and corpus.warnings == ()


def test_a_utf16_text_cut_mid_character_is_read_with_a_warning(write_files):
    root = write_files({"cut.txt": ARTICLE.encode("utf-16")[:-1]})
    corpus = read_documents([str(root / "cut.txt")])
    assert corpus.documents[0].text == ARTICLE[:-1] + "\ufffd"
    assert corpus.warnings == (f"{root / 'cut.txt'}: not valid UTF-16 after its byte-order mark; bad bytes replaced",)


def test_a_folder_with_no_articles_is_an_input_error(write_files):
    root = write_files({"folder/image.png": b"\x89PNG", "folder/notes.html": "<p>hi</p>"})
    with pytest.raises(InputError, match="no articles found") as err:
        read_documents([str(root / "folder")])
    assert err.value.exit_code == 3


def test_a_folder_whose_articles_are_all_unreadable_says_why(write_files):
    root = write_files({"empty.txt": ""})
    with pytest.raises(InputError, match=r"\(1 file skipped: .*empty file\)"):
        read_documents([str(root)])


def test_a_missing_path_is_an_input_error(tmp_path):
    with pytest.raises(InputError, match="no such file or folder") as err:
        read_documents([str(tmp_path / "nowhere")])
    assert isinstance(err.value, TracerError) and err.value.exit_code == 3


def test_reading_prints_nothing(write_files, capsys):
    root = write_files({"a.txt": ARTICLE, "b.txt": b"\x00", "c.txt": "caf\xe9 au lait".encode("latin-1")})
    corpus = read_documents([str(root)])
    assert len(corpus.skipped) == 1 and len(corpus.warnings) == 1
    assert capsys.readouterr() == ("", "")
