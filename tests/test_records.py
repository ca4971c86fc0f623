"""JSONL and CSV corpora: one article per record, configurable field names, bad records listed and skipped."""

from __future__ import annotations

import json
import random

import pytest
from click.testing import CliRunner

import tracer
from tracer import InputError, read_documents
from tracer.cli import cli
from tracer.ingest import ReadOptions
from tracer.records import Fields
from tracer.stopwords import STOPWORDS

PAGE = ("<!DOCTYPE html><html><head><title>Flood cuts power | Valley News</title>"
        "<meta property='og:site_name' content='Valley News'></head><body><nav>Home | Weather</nav><article>"
        "<p>Heavy rain swept across the valley overnight, flooding farmland and cutting power to thousands of "
        "homes. Rescue teams used boats to reach villagers stranded on rooftops.</p></article></body></html>")


def jsonl(*records) -> str:
    return "".join((r if isinstance(r, str) else json.dumps(r)) + "\n" for r in records)


def test_each_jsonl_record_is_an_article_with_its_metadata(write_files, story, harbour):
    root = write_files({"export.jsonl": jsonl(
        {"id": "a", "text": story, "url": "https://www.rt.com/news/1", "published": "2016-03-28T10:00:00Z",
         "title": "Palmyra retaken", "author": "Staff"},
        {"text": harbour, "outlet": "Associated Press", "published": 1458950400},
        {"id": "page", "html": PAGE},
    )})
    docs = {d.id: d for d in read_documents([str(root / "export.jsonl")]).documents}
    assert list(docs) == ["a", "export.jsonl:2", "page"]
    a = docs["a"]
    assert (a.text, a.outlet, a.published, a.title, a.author) == (story, "RT", "2016-03-28", "Palmyra retaken", "Staff")
    assert (docs["export.jsonl:2"].outlet, docs["export.jsonl:2"].published) == ("AP", "2016-03-26")
    page = docs["page"]
    assert (page.title, page.outlet) == ("Flood cuts power", "Valley News")
    assert page.text.startswith("Heavy rain") and "Weather" not in page.text


def test_records_of_two_files_with_one_id_stay_two_articles(write_files, story, harbour, flood, tmp_path):
    """Ids only one input uses stay as they are; a shared one becomes FILE#ID, FILE:LINE#ID for two files of one
    name, then a number in the order read. Before, both kept the id: one lineage node, one index document."""
    root = write_files({"a.jsonl": jsonl({"id": "x1", "text": story}, {"id": "own", "text": harbour}),
                        "b.csv": f"id,text\nx1,\"{harbour}\"\n", "one/c.jsonl": jsonl({"id": "x1", "text": flood}),
                        "two/c.jsonl": jsonl({"text": flood + " More.", "id": "x1"})})
    paths = [str(root / p) for p in ("a.jsonl", "b.csv", "one/c.jsonl", "two/c.jsonl")]
    docs = read_documents(paths).documents
    assert [d.id for d in docs] == ["a.jsonl#x1", "own", "b.csv#x1", "c.jsonl:1#x1", "c.jsonl:1#x1#2"]
    assert [d.text for d in docs][:3] == [story, harbour, harbour]
    added = CliRunner().invoke(cli, ["index", "add", paths[0], paths[1], "--index", str(tmp_path / "i.sqlite")])
    assert "3 added, 0 replaced" in added.stderr


def test_a_record_skipped_as_unreadable_takes_no_id_from_the_rest(write_files, story):
    """b.jsonl's x1 is a page with no article text: skipped, it is no article, so a.jsonl's x1 keeps its id."""
    root = write_files({"a.jsonl": jsonl({"id": "x1", "text": story}),
                        "b.jsonl": jsonl({"id": "x1", "html": "<html><body><nav>Home | News</nav></body></html>"})})
    corpus = read_documents([str(root / "a.jsonl"), str(root / "b.jsonl")])
    assert [d.id for d in corpus.documents] == ["x1"]
    assert [(s.path, s.reason) for s in corpus.skipped] == [("b.jsonl:1", "no article text found in the page")]


def test_bad_jsonl_lines_are_listed_with_their_line_numbers_and_the_rest_loads(write_files, story, harbour, flood):
    root = write_files({"export.jsonl": jsonl(
        {"id": "a", "text": story},
        '{"id": "b", "text": "unterminated',
        "",
        '["a", "list"]',
        {"id": "c", "body": harbour},
        {"id": "a", "text": flood},
        {"id": "d", "text": 42},
        {"id": "e", "text": flood, "published": "last week"},
    )})
    corpus = read_documents([str(root / "export.jsonl")])
    assert [d.id for d in corpus.documents] == ["a", "e"]
    assert [(s.path, s.reason) for s in corpus.skipped] == [
        ("export.jsonl:2", "not valid JSON (Unterminated string starting, column 21)"),
        ("export.jsonl:4", "not a JSON object (a list)"),
        ("export.jsonl:5", "no 'text' or 'html' value"),
        ("export.jsonl:6", "id 'a' already used at export.jsonl:1"),
        ("export.jsonl:7", "'text' is not a string"),
    ]
    assert corpus.warnings == ("export.jsonl:8: 'published' value 'last week' is not a date; ignored",)


def test_strict_makes_the_first_bad_record_fatal(write_files, story):
    root = write_files({"export.jsonl": jsonl({"text": story}, "{oops")})
    with pytest.raises(InputError, match=r"export.jsonl:2: not valid JSON") as err:
        read_documents([str(root / "export.jsonl")], strict=True)
    assert err.value.exit_code == 3


def test_field_names_are_configurable(write_files, story):
    root = write_files({"monitor.jsonl": jsonl({"uid": 7, "Hit Sentence": story, "Source": "TASS", "Date": "12 December 2016"})})
    names = Fields(text="Hit Sentence", id="uid", outlet="Source", published="Date")
    (doc,) = read_documents([str(root / "monitor.jsonl")], options=ReadOptions(fields=names)).documents
    assert (doc.id, doc.outlet, doc.published, doc.text) == ("7", "TASS", "2016-12-12", story)


def test_csv_rows_are_articles_with_line_numbers_for_bad_rows(write_files, story, harbour, flood):
    body = story.replace('"', '""')
    root = write_files({"export.csv": (
        "id,outlet,published,text\n"
        f'a,RT,2016-03-28,"{body}"\n'
        "b,TASS,2016-12-12\n"
        f'c,,,"{harbour}"\n'
        f'd,,,\n'
        f'e,,,"{flood}"\n')})
    corpus = read_documents([str(root / "export.csv")])
    assert [d.id for d in corpus.documents] == ["a", "c", "e"]
    story_lines = story.count("\n")
    assert [(s.path, s.reason) for s in corpus.skipped] == [
        (f"export.csv:{3 + story_lines}", "row does not have the header's 4 columns"),
        (f"export.csv:{5 + story_lines + harbour.count(chr(10))}", "no 'text' or 'html' value"),
    ]
    assert corpus.documents[0].outlet == "RT" and corpus.documents[0].text == story


def test_csv_with_semicolons_and_renamed_columns(write_files, harbour):
    root = write_files({"monitor.csv": "Headline;Body;Site\nStrike at the harbour;" + harbour.replace("\n", " ")
                        + ";Port Times\n"})
    names = Fields(text="Body", title="Headline", outlet="Site")
    (doc,) = read_documents([str(root / "monitor.csv")], options=ReadOptions(fields=names)).documents
    assert (doc.id, doc.title, doc.outlet) == ("monitor.csv:2", "Strike at the harbour", "Port Times")


def test_a_csv_without_a_text_or_html_column_says_which_columns_it_has(write_files):
    root = write_files({"export.csv": "id,body\n1,some words\n"})
    with pytest.raises(InputError, match=r"no 'text' or 'html' column \(columns: id, body\)"):
        read_documents([str(root / "export.csv")], strict=True)


def test_cli_reports_bad_lines_on_stderr_and_traces_the_rest(write_files, story, tmp_path):
    copy = "A preface about other matters entirely, written by the second site for its readers.\n\n" + story
    root = write_files({"export.jsonl": jsonl({"id": "orig", "text": story, "published": "2016-03-27"}, "{bad",
                                              {"id": "copy", "text": copy, "published": "2016-03-29"})})
    result = CliRunner().invoke(cli, ["trace", str(root / "export.jsonl"), "-o", str(tmp_path / "out"),
                                      "--id-field", "id"])
    assert result.exit_code == 0, result.stderr
    assert "tracer: skipped export.jsonl:2: not valid JSON" in result.stderr
    assert result.stdout.startswith("copy <- orig  verbatim")


def test_cli_counts_bad_records_as_records_and_unreadable_files_as_files(write_files, story, tmp_path):
    root = write_files({"export.jsonl": jsonl({"text": story}, "{bad", [1], {"body": "x"}, {"text": 5}),
                        "export.csv": "text,outlet\nno outlet here,TASS,extra\n", "empty.txt": ""})
    alone = CliRunner().invoke(cli, ["trace", str(root / "export.jsonl"), "-o", str(tmp_path / "out")])
    assert alone.exit_code == 0, alone.stderr
    assert "tracer: 4 records skipped (--strict makes this an error)" in alone.stderr.splitlines()
    mixed = CliRunner().invoke(cli, ["trace", *(str(root / n) for n in ("export.jsonl", "export.csv", "empty.txt")),
                                     "-o", str(tmp_path / "out2")])
    assert mixed.exit_code == 0, mixed.stderr
    assert "tracer: 1 file and 5 records skipped (--strict makes this an error)" in mixed.stderr.splitlines()
    one = CliRunner().invoke(cli, ["trace", str(root / "export.csv"), "-o", str(tmp_path / "out3")])
    assert one.exit_code == 3 and one.stderr.strip() == (
        "tracer: error: no articles found in " + str(root / "export.csv") +
        " (1 record skipped: export.csv:2: row does not have the header's 2 columns)")


SYLLABLES = "ba be bi bo bu da de di do du ka ke ki ko ku la le li lo lu ma me mi mo mu na ne ni no nu".split()


INTRODUCTION = "Republished from elsewhere with a new introduction for the readers of this site today."


def synthetic_export(n: int, seed: int = 5) -> tuple[str, list[int]]:
    """A JSONL export of `n` unrelated articles (a large invented vocabulary, real function words), a few of
    which copy another, with a malformed line every 2,500 records; and the line numbers of the bad lines."""
    rng = random.Random(seed)
    vocabulary = sorted({"".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))) for _ in range(30000)})
    function_words = sorted(STOPWORDS)
    lines, bad, texts = [], [], []
    for i in range(n):
        words = [rng.choice(function_words) if rng.random() < 0.45 else rng.choice(vocabulary) for _ in range(160)]
        text = ". ".join(" ".join(words[k : k + 16]).capitalize() for k in range(0, 160, 16)) + "."
        if i % 1000 == 999:
            text = INTRODUCTION + "\n\n" + texts[i - 500]
        texts.append(text)
        lines.append(json.dumps({"id": f"r{i}", "text": text, "outlet": f"Outlet {i % 40}",
                                 "published": f"2020-01-{1 + i % 28:02d}"}))
        if i % 2500 == 10:
            lines.append('{"id": "broken", "text": "an unterminated')
            bad.append(len(lines))
    return "\n".join(lines) + "\n", bad


def _load_and_trace(tmp_path, n: int):
    path = tmp_path / "export.jsonl"
    text, bad = synthetic_export(n)
    path.write_text(text, encoding="utf-8")
    corpus = read_documents([str(path)])
    assert len(corpus.documents) == n
    assert [s.path for s in corpus.skipped] == [f"export.jsonl:{line}" for line in bad]
    lineage = tracer.trace(corpus.documents)
    links = {tuple(sorted((l.source, l.target), key=lambda x: int(x[1:]))): l
             for l in lineage.links if l.kind == "text"}
    copies = {(f"r{i - 500}", f"r{i}") for i in range(999, n, 1000)}
    assert set(links) == copies  # the republished articles' shared introduction is their outlet's (Outlet 39)


def test_a_jsonl_export_with_malformed_lines_loads_reports_them_and_traces(tmp_path):
    _load_and_trace(tmp_path, 1000)


@pytest.mark.slow
def test_a_10000_record_jsonl_export_with_malformed_lines_loads_reports_them_and_traces(tmp_path):
    _load_and_trace(tmp_path, 10000)


def test_many_html_records_are_extracted_over_worker_processes_in_order(write_files):
    records = [{"id": f"p{i}", "html": PAGE.replace("Flood cuts power", f"Flood number {i} cuts power")}
               for i in range(70)]
    root = write_files({"pages.jsonl": jsonl(*records)})
    corpus = read_documents([str(root / "pages.jsonl")], options=ReadOptions(workers=2))
    assert [d.id for d in corpus.documents] == [f"p{i}" for i in range(70)]
    assert [d.title for d in corpus.documents][:2] == ["Flood number 0 cuts power", "Flood number 1 cuts power"]
    assert all(d.text.startswith("Heavy rain") for d in corpus.documents)
