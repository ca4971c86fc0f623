"""A folder's metadata.csv: what a fact-checker knows about its files, and dates checked against the texts."""

from __future__ import annotations

import pytest

from tracer import InputError, read_documents, trace

DATED = "Syrian Army retakes Palmyra from IS\n\nMarch 27, 2016\n\nSyrian troops entered the city on Sunday.\n"
UNDATED = "Russia questions British silence over Palmyra\n\nThe embassy tweeted on Monday.\n"


def test_sidecar_values_fill_in_and_override_what_the_text_says(write_files):
    root = write_files({
        "in/a.txt": DATED, "in/sub/b.txt": UNDATED,
        "in/metadata.csv": "path,url,outlet,published,title,author\n"
                           "a.txt,https://www.rt.com/news/1,,,,\n"
                           "./sub/b.txt,,Global Research,29 March 2016,Russia questions the West,Staff\n",
    })
    docs = {d.id: d for d in read_documents([str(root / "in")]).documents}
    assert list(docs) == ["a.txt", "sub/b.txt"]
    a, b = docs["a.txt"], docs["sub/b.txt"]
    assert (a.url, a.outlet, a.published, a.title) == (
        "https://www.rt.com/news/1", "RT", "2016-03-27", "Syrian Army retakes Palmyra from IS")
    assert (b.outlet, b.published, b.title, b.author) == (
        "Global Research", "2016-03-29", "Russia questions the West", "Staff")


def test_the_sidecar_is_not_read_as_an_article_and_unknown_rows_are_warned_about(write_files):
    root = write_files({"in/a.txt": DATED, "in/metadata.csv": "path,outlet\nmissing.txt,TASS\na.txt,TASS\n"})
    corpus = read_documents([str(root / "in")])
    assert [d.id for d in corpus.documents] == ["a.txt"]
    assert corpus.warnings == (f"{root / 'in' / 'metadata.csv'}: no article 'missing.txt' in the folder; "
                               "its row is ignored",)


def test_a_metadata_date_earlier_than_the_date_the_text_prints_is_flagged_and_not_used(write_files):
    root = write_files({"in/a.txt": DATED, "in/metadata.csv": "path,published\na.txt,2016-03-01\n"})
    corpus = read_documents([str(root / "in")])
    assert corpus.documents[0].published is None
    (warning,) = corpus.warnings
    assert "a.txt: metadata date 2016-03-01 is earlier than the date the text prints (2016-03-27)" in warning


def test_a_later_metadata_date_is_what_a_republication_looks_like_and_is_kept(write_files):
    root = write_files({"in/a.txt": DATED, "in/metadata.csv": "path,published\na.txt,2016-03-29\n"})
    corpus = read_documents([str(root / "in")])
    assert corpus.documents[0].published == "2016-03-29" and corpus.warnings == ()


def test_a_sidecar_without_a_path_column_is_an_input_error(write_files):
    root = write_files({"in/a.txt": DATED, "in/metadata.csv": "file,outlet\na.txt,TASS\n"})
    with pytest.raises(InputError, match="needs a 'path' column"):
        read_documents([str(root / "in")])


@pytest.mark.parametrize("content", ["", "\n  \n", "\ufeff"])
def test_an_empty_sidecar_is_a_warning_and_the_folder_is_read_without_metadata(write_files, content):
    root = write_files({"in/a.txt": DATED, "in/b.txt": UNDATED, "in/metadata.csv": content})
    corpus = read_documents([str(root / "in")])
    assert [d.id for d in corpus.documents] == ["a.txt", "b.txt"] and corpus.skipped == ()
    assert corpus.warnings == (f"{root / 'in' / 'metadata.csv'}: empty file; the folder is read without metadata",)
    with pytest.raises(InputError, match=r"metadata\.csv: empty file$") as err:
        read_documents([str(root / "in")], strict=True)
    assert err.value.exit_code == 3


def test_cli_goes_on_past_an_empty_sidecar_unless_strict(write_files, tmp_path):
    from click.testing import CliRunner

    from tracer.cli import cli

    root = write_files({"in/a.txt": DATED, "in/b.txt": UNDATED, "in/metadata.csv": ""})
    sidecar = root / "in" / "metadata.csv"
    result = CliRunner().invoke(cli, ["trace", str(root / "in"), "-o", str(tmp_path / "out")])
    assert result.exit_code == 0, result.stderr
    assert f"tracer: warning: {sidecar}: empty file; the folder is read without metadata" in result.stderr.splitlines()
    assert (tmp_path / "out" / "lineage.json").is_file()
    result = CliRunner().invoke(cli, ["trace", str(root / "in"), "-o", str(tmp_path / "strict"), "--strict"])
    assert result.exit_code == 3 and result.stderr.strip() == f"tracer: error: {sidecar}: empty file"
    assert not (tmp_path / "strict").exists()


def test_sidecar_dates_feed_the_direction_evidence(write_files, story):
    copy = "A preface about other matters entirely, written by the second site for its readers.\n\n" + story
    root = write_files({"in/first.txt": story, "in/second.txt": copy,
                        "in/metadata.csv": "path,published\nfirst.txt,2016-03-27\nsecond.txt,2016-03-30\n"})
    (link,) = [l for l in trace(read_documents([str(root / "in")]).documents).links if l.kind == "text"]
    assert any(e.kind == "date" and e.favors == "first.txt" for e in link.evidence)


def test_the_seeds_sidecar_records_what_the_texts_say_of_their_outlets(seeds_dir):
    docs = {d.id: d for d in read_documents([str(seeds_dir)]).documents}
    assert {i[:3]: d.outlet for i, d in docs.items()} == {
        "000": None, "001": "Global Research", "002": "TASS", "003": "Middle East Monitor", "004": "EIN News"}
    assert docs["001_cc31bfe275242cde.txt"].published == "2016-03-29"


def test_with_the_sidecar_tass_is_no_outside_source_of_its_own_article(seeds_dir):
    lineage = trace(read_documents([str(seeds_dir)]).documents)
    assert "TASS" not in {s.name for s in lineage.external_sources}
    assert {s.name for s in lineage.external_sources} == {"RT", "AFP", "AP", "dpa", "Reuters"}


def test_cli_flags_a_contradicted_date_on_stderr_and_in_the_json(write_files, tmp_path):
    import json

    from click.testing import CliRunner

    from tracer.cli import cli

    root = write_files({"in/a.txt": DATED, "in/b.txt": UNDATED,
                        "in/metadata.csv": "path,published\na.txt,2016-03-01\n"})
    result = CliRunner().invoke(cli, ["trace", str(root / "in"), "-o", str(tmp_path / "out"), "--json"])
    assert result.exit_code == 0, result.stderr
    flag = "a.txt: metadata date 2016-03-01 is earlier than the date the text prints (2016-03-27); neither is used"
    assert any(line.startswith("tracer: warning: ") and flag in line for line in result.stderr.splitlines())
    data = json.loads(result.stdout)
    assert any(flag in w for w in data["warnings"])
    assert next(d for d in data["documents"] if d["id"] == "a.txt")["published"] is None
