"""The command line: exit codes, stdout for data and stderr for people, files written whole."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

import tracer

from tracer.cli import cli
from tracer.errors import OutputError
from tracer.output import write_all, write_atomic

RT_TRIMMED, RT_FULL = "000_d5f8d56ce77da1f0.txt", "001_cc31bfe275242cde.txt"
HAS_DOT = shutil.which("dot") is not None


def run(*args, input=None):
    return CliRunner().invoke(cli, [str(a) for a in args], input=input)


def one_error_line(result) -> str:
    """The single line a failed command writes: on stderr, not a traceback, nothing on stdout."""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("tracer: error: ")
    assert "Traceback" not in result.stderr and result.stdout == ""
    return lines[0]


def leftovers(folder: Path) -> list[str]:
    """Temporary files and kept copies of replaced files (see tracer.output): none once a write is over."""
    return [name for name in os.listdir(folder) if name.endswith((".tmp", ".old"))]


@pytest.fixture
def traced(seeds_dir, tmp_path):
    """One `tracer trace seeds/ -o OUT --json` run, shared by the tests that only read its results."""
    out = tmp_path / "out"
    result = run("trace", seeds_dir, "-o", out, "--json")
    assert result.exit_code == 0, result.stderr
    return result, out


def test_trace_writes_json_dot_and_images(traced):
    result, out = traced
    assert "sfdp" not in result.stderr, "a small diagram is laid out by dot without a word"
    assert (out / "lineage.json").is_file() and (out / "lineage.dot").is_file()
    assert (out / "lineage.dot").read_text().lstrip().startswith("digraph")
    if HAS_DOT:
        assert b"<svg" in (out / "lineage.svg").read_bytes()
        assert (out / "lineage.png").read_bytes().startswith(b"\x89PNG")
    assert leftovers(out) == []


def test_json_on_stdout_is_the_lineage_json_with_the_documented_keys(traced, seeds_dir):
    result, out = traced
    data = json.loads(result.stdout)
    assert result.stdout == (out / "lineage.json").read_text(encoding="utf-8")
    assert {"documents", "links", "external_sources"} <= data.keys()
    assert sorted(d["id"] for d in data["documents"]) == sorted(p.name for p in seeds_dir.glob("*.txt"))
    for doc in data["documents"]:
        assert {"id", "path", "title", "outlet", "published", "credits"} <= doc.keys()
    for link in data["links"]:
        assert {"source", "target", "directed", "relation", "confidence", "jaccard", "containment", "passages",
                "evidence"} <= link.keys()
        for passage in link["passages"]:
            assert {"source", "target"} <= passage.keys()
        for item in link["evidence"]:
            assert set(item) == {"kind", "favors", "weight", "detail", "quote"}


def test_with_json_peoples_messages_go_to_stderr(traced):
    result, _ = traced
    assert f"{RT_TRIMMED} -- {RT_FULL}" in result.stderr
    assert "tracer: wrote" in result.stderr
    assert "tracer:" not in result.stdout and " -- " not in result.stdout


def test_without_json_the_summary_is_on_stdout_one_line_per_link(seeds_dir, tmp_path):
    result = run("trace", seeds_dir, "-o", tmp_path / "out")
    assert result.exit_code == 0
    data = json.loads((tmp_path / "out" / "lineage.json").read_text())
    lines = result.stdout.splitlines()
    assert len(lines) == len(data["links"]) + 1  # and one "no reuse found" line
    assert lines[-1].startswith("no reuse found: ")
    assert "tracer: wrote" in result.stderr and "tracer: wrote" not in result.stdout


def test_the_same_input_gives_byte_identical_json(seeds_dir, tmp_path):
    first = run("trace", seeds_dir, "-o", tmp_path / "one")
    second = run("trace", seeds_dir, "-o", tmp_path / "two")
    assert first.exit_code == second.exit_code == 0
    assert (tmp_path / "one" / "lineage.json").read_bytes() == (tmp_path / "two" / "lineage.json").read_bytes()
    assert (tmp_path / "one" / "lineage.dot").read_bytes() == (tmp_path / "two" / "lineage.dot").read_bytes()


def test_json_is_byte_identical_across_processes_with_different_hash_seeds(seeds_dir, tmp_path):
    outputs = []
    for hash_seed in ("1", "2"):
        env = dict(os.environ, PYTHONHASHSEED=hash_seed)
        done = subprocess.run([sys.executable, "-m", "tracer", "trace", "seeds", "-o", str(tmp_path / hash_seed),
                               "--json"], cwd=seeds_dir.parent, env=env, capture_output=True, timeout=120)
        assert done.returncode == 0, done.stderr
        outputs.append(done.stdout)
    assert outputs[0] == outputs[1]
    json.loads(outputs[0])


def test_settings_given_on_the_command_line_are_recorded_in_the_json(seeds_dir, tmp_path):
    result = run("trace", seeds_dir, "-o", tmp_path, "--json", "--shingle-size", "4", "--min-passage", "20",
                 "--min-shared-shingles", "0")
    settings = json.loads(result.stdout)["tracer"]["settings"]
    assert (settings["shingle_size"], settings["min_passage_mass"], settings["min_shared_shingles"]) == (4, 20, 0)


def test_stdin_is_one_article_named_stdin(seeds_dir, tmp_path):
    text = (seeds_dir / RT_TRIMMED).read_text(encoding="utf-8")
    result = run("trace", "-", seeds_dir / RT_FULL, "-o", tmp_path, "--json", input=text)
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert sorted(d["id"] for d in data["documents"]) == [RT_FULL, "stdin"]
    assert any({l["source"], l["target"]} == {RT_FULL, "stdin"} for l in data["links"] if l["kind"] == "text")


@pytest.mark.parametrize(
    "args",
    [
        ["trace"],  # no path
        ["trace", "seeds", "--no-such-option"],
        ["trace", "seeds", "--shingle-size", "1"],
        ["trace", "seeds", "--lsh-threshold", "2"],
        ["compare", "only-one.txt"],
        ["compare", "-", "-"],
        ["no-such-command"],
    ],
)
def test_usage_errors_exit_2(args):
    result = run(*args)
    assert result.exit_code == 2
    assert result.stdout == "" and "Traceback" not in result.stderr
    assert "Usage:" in result.stderr or "Error:" in result.stderr


def test_a_threshold_too_near_1_to_band_exits_2_and_writes_nothing(seeds_dir, tmp_path):
    result = run("trace", seeds_dir, "--lsh-threshold", "1.0", "-o", tmp_path / "out")
    assert result.exit_code == 2
    assert "lower threshold" in one_error_line(result)
    assert not (tmp_path / "out").exists()


def test_a_missing_path_exits_3_with_one_line_and_writes_nothing(tmp_path):
    result = run("trace", tmp_path / "nowhere", "-o", tmp_path / "out")
    assert result.exit_code == 3
    assert "nowhere" in one_error_line(result)
    assert not (tmp_path / "out").exists(), "bad input leaves no output folder behind"


def test_a_folder_with_no_articles_exits_3(tmp_path):
    (tmp_path / "empty").mkdir()
    (tmp_path / "empty" / "picture.png").write_bytes(b"\x89PNG")
    result = run("trace", tmp_path / "empty", "-o", tmp_path / "out")
    assert result.exit_code == 3
    assert "no articles found" in one_error_line(result)


def test_an_unreadable_file_is_skipped_and_counted_or_fatal_with_strict(seeds_dir, tmp_path):
    folder = tmp_path / "in"
    shutil.copytree(seeds_dir, folder)
    (folder / "broken.txt").write_bytes(b"\x00\x01binary")
    lenient = run("trace", folder, "-o", tmp_path / "out")
    assert lenient.exit_code == 0
    assert "skipped" in lenient.stderr and "broken.txt" in lenient.stderr
    assert "tracer: 1 file skipped (--strict makes this an error)" in lenient.stderr
    data = json.loads((tmp_path / "out" / "lineage.json").read_text())
    assert [s["path"] for s in data["skipped"]] == [str(folder / "broken.txt")]
    strict = run("trace", folder, "-o", tmp_path / "out2", "--strict")
    assert strict.exit_code == 3
    assert "broken.txt" in one_error_line(strict)


def traced_ids(folder: Path) -> list[str]:
    return [d["id"] for d in json.loads((folder / "lineage.json").read_text())["documents"]]


def test_tracing_a_folder_twice_does_not_read_its_own_output_folder(seeds_dir, tmp_path, monkeypatch):
    for name in (RT_TRIMMED, RT_FULL):
        shutil.copy(seeds_dir / name, tmp_path / name)
    monkeypatch.chdir(tmp_path)
    first = run("trace", ".")
    assert first.exit_code == 0, first.stderr
    second = run("trace", ".")
    assert second.exit_code == 0, second.stderr
    assert "tracer: skipped output: this run's output folder (1 file in it not read)" in second.stderr.splitlines()
    assert "report.html" not in second.stdout and "skipped (--strict" not in second.stderr
    assert traced_ids(tmp_path / "output") == [RT_TRIMMED, RT_FULL]
    strict = run("trace", ".", "--strict")
    assert strict.exit_code == 0, strict.stderr


def test_a_report_tracer_wrote_is_not_read_as_an_article(seeds_dir, tmp_path, monkeypatch):
    for name in (RT_TRIMMED, RT_FULL):
        shutil.copy(seeds_dir / name, tmp_path / name)
    monkeypatch.chdir(tmp_path)
    assert run("trace", ".", "-o", "o").exit_code == 0
    second = run("trace", ".", "-o", "o2")
    assert second.exit_code == 0, second.stderr
    assert "tracer: skipped o/report.html: a report tracer wrote, not an article" in second.stderr.splitlines()
    assert "report.html" not in second.stdout and traced_ids(tmp_path / "o2") == [RT_TRIMMED, RT_FULL]
    (tmp_path / "o2" / "notes.txt").write_text((tmp_path / RT_FULL).read_text())  # this run's: left out too
    third = run("trace", ".", "-o", "o2", "--strict")
    assert third.exit_code == 0, third.stderr
    assert third.stderr.splitlines()[:2] == ["tracer: skipped o2: this run's output folder (2 files in it not read)",
                                             "tracer: skipped o/report.html: a report tracer wrote, not an article"]
    assert traced_ids(tmp_path / "o2") == [RT_TRIMMED, RT_FULL]
    alone = run("trace", "o")
    assert alone.exit_code == 3 and one_error_line(alone) == (
        "tracer: error: no articles found in o (tracer's own output skipped: o/report.html: a report tracer wrote, "
        "not an article)")


def test_a_file_that_is_not_utf8_is_read_with_a_warning(tmp_path):
    (tmp_path / "latin.txt").write_bytes("Caf\xe9 news from the valley today\n".encode("latin-1"))
    result = run("trace", tmp_path / "latin.txt", "-o", tmp_path / "out")
    assert result.exit_code == 0
    assert "warning" in result.stderr and "not UTF-8" in result.stderr


@pytest.mark.parametrize("output", ["somefile", "somefile/sub"])
def test_an_output_folder_that_cannot_be_created_exits_4(seeds_dir, tmp_path, output):
    """A path under a regular file cannot be a folder, even for root (chmod would not stop root)."""
    (tmp_path / "somefile").write_text("I am a file")
    result = run("trace", seeds_dir, "-o", tmp_path / output)
    assert result.exit_code == 4
    assert "somefile" in one_error_line(result)
    assert (tmp_path / "somefile").read_text() == "I am a file"


def test_compare_json(seeds_dir):
    result = run("compare", seeds_dir / RT_TRIMMED, seeds_dir / RT_FULL, "--json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["documents"] == [RT_TRIMMED, RT_FULL] and data["linked"] is True
    assert data["containment"][RT_TRIMMED] > data["containment"][RT_FULL]
    assert 0 < data["jaccard"] < 1
    link = data["link"]
    assert {link["source"], link["target"]} == {RT_TRIMMED, RT_FULL}
    assert link["passages"] and link["evidence"]
    assert {c["outlet"] for c in data["credits"][RT_TRIMMED]} == {"RT"}
    assert data["tracer"]["version"] == tracer.__version__ and data["tracer"]["settings"]["shingle_size"] == 5


def test_compare_of_a_folder_or_a_file_of_records_is_refused(seeds_dir, tmp_path):
    """compare takes one article for each argument: a folder of five, or a JSONL file of two, says so (it quietly
    compared the first one)."""
    folder = run("compare", seeds_dir, seeds_dir / RT_FULL)
    assert "holds 5 articles; compare takes one for each argument" in one_error_line(folder)
    records = tmp_path / "two.jsonl"
    records.write_text('{"id": "a", "text": "One story here."}\n{"id": "b", "text": "Another story."}\n')
    assert "holds 2 articles" in one_error_line(run("compare", seeds_dir / RT_FULL, records))


def test_compare_html_to_a_path_it_cannot_write_prints_nothing(seeds_dir, tmp_path):
    result = run("compare", seeds_dir / RT_TRIMMED, seeds_dir / RT_FULL, "--html", tmp_path / "nowhere" / "p.html")
    assert result.exit_code == 4 and result.stdout == ""
    assert "p.html" in one_error_line(result)


def test_compare_text_quotes_the_passages_and_the_evidence(seeds_dir):
    result = run("compare", seeds_dir / RT_TRIMMED, seeds_dir / RT_FULL)
    assert result.exit_code == 0
    out = result.stdout
    assert out.splitlines()[0].startswith(f"{RT_TRIMMED} -- {RT_FULL}")
    assert "passage 1:" in out and "evidence:" in out and "credits in" in out
    assert f"only in {RT_FULL}:" in out


def test_compare_of_unrelated_articles_says_so_and_succeeds(seeds_dir):
    result = run("compare", seeds_dir / RT_TRIMMED, seeds_dir / "003_db87a7e1bdfb7599.txt", "--json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["linked"] is False and data["link"] is None


def test_compare_of_a_missing_file_exits_3(seeds_dir, tmp_path):
    result = run("compare", seeds_dir / RT_TRIMMED, tmp_path / "nowhere.txt")
    assert result.exit_code == 3
    assert "nowhere.txt" in one_error_line(result)


def test_compare_of_two_files_with_the_same_name_keeps_them_apart(seeds_dir, tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    shutil.copy(seeds_dir / RT_TRIMMED, tmp_path / "a" / "x.txt")
    shutil.copy(seeds_dir / RT_FULL, tmp_path / "b" / "x.txt")
    data = json.loads(run("compare", tmp_path / "a" / "x.txt", tmp_path / "b" / "x.txt", "--json").stdout)
    assert len(set(data["documents"])) == 2 and data["linked"] is True


def test_python_dash_m_tracer_runs_the_cli():
    done = subprocess.run([sys.executable, "-m", "tracer", "--help"], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0
    assert "trace" in done.stdout and "compare" in done.stdout


def test_without_dot_trace_writes_json_and_dot_and_says_in_one_line_how_to_get_images(seeds_dir, tmp_path):
    """Run as a subprocess with every folder holding `dot` taken off PATH."""
    path = [p for p in os.environ.get("PATH", "").split(os.pathsep)
            if p and not os.path.exists(os.path.join(p, "dot"))]
    env = dict(os.environ, PATH=os.pathsep.join(path))
    out = tmp_path / "out"
    done = subprocess.run([sys.executable, "-m", "tracer", "trace", str(seeds_dir), "-o", str(out)],
                          env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    assert (out / "lineage.json").is_file() and (out / "lineage.dot").is_file()
    assert not (out / "lineage.svg").exists() and not (out / "lineage.png").exists()
    mentions = [line for line in done.stderr.splitlines() if "Graphviz" in line]
    assert len(mentions) == 1 and "install" in mentions[0].lower()
    assert ".svg" not in done.stderr.splitlines()[-1], "the closing line lists only the files written"
    assert json.loads((out / "lineage.json").read_text())["documents"]


def test_write_atomic_replaces_the_file_whole(tmp_path):
    target = tmp_path / "lineage.json"
    write_atomic(target, "old")
    write_atomic(target, "new ü")
    assert target.read_text(encoding="utf-8") == "new ü"
    write_atomic(target, b"\x89PNG")
    assert target.read_bytes() == b"\x89PNG"
    assert leftovers(tmp_path) == []


def test_written_files_get_the_permissions_open_would_give_them(traced):
    _, out = traced
    (out / "reference.txt").write_text("made with open()")
    expected = (out / "reference.txt").stat().st_mode & 0o777
    for name in ("lineage.json", "lineage.dot"):
        assert (out / name).stat().st_mode & 0o777 == expected, name


def test_an_interrupted_write_leaves_the_old_file_and_no_temporary_file(tmp_path):
    target = tmp_path / "lineage.json"
    target.write_text('{"complete": true}')

    class Unwritable:  # writing it fails half-way through write_atomic, like an interrupted run
        pass

    with pytest.raises(TypeError):
        write_atomic(target, Unwritable())
    assert target.read_text() == '{"complete": true}'
    assert leftovers(tmp_path) == []


def test_a_set_of_files_is_written_whole_or_not_at_all(tmp_path, monkeypatch):
    import tracer.output

    for name in ("lineage.json", "lineage.svg"):
        (tmp_path / name).write_text("the run before")
    real_stage, staged = tracer.output._stage, []

    def stage_then_fail(path, data):  # the disk fills up while the second file is written
        if staged:
            raise OSError(28, "No space left on device")
        staged.append(path)
        return real_stage(path, data)

    monkeypatch.setattr(tracer.output, "_stage", stage_then_fail)
    with pytest.raises(OutputError) as err:
        write_all(tmp_path, {"lineage.json": "new", "lineage.dot": "new"}, remove=("lineage.svg",))
    assert str(err.value).endswith("lineage.dot: cannot write (No space left on device)")
    assert [(tmp_path / n).read_text() for n in ("lineage.json", "lineage.svg")] == ["the run before"] * 2
    assert not (tmp_path / "lineage.dot").exists() and leftovers(tmp_path) == []
    monkeypatch.undo()
    write_all(tmp_path, {"lineage.json": "new", "lineage.dot": "new"}, remove=("lineage.svg",))
    assert sorted(os.listdir(tmp_path)) == ["lineage.dot", "lineage.json"]


def run_before(folder: Path) -> dict[str, str]:
    """A folder holding an earlier run's files; what it holds, to compare with after."""
    for name in ("lineage.json", "lineage.svg", "report.html"):
        (folder / name).write_text(f"{name} of the run before")
    return {name: (folder / name).read_text() for name in os.listdir(folder)}


NEW_RUN = {"lineage.json": "new", "lineage.dot": "new", "report.html": "new"}


def test_a_failed_rename_puts_back_every_file_already_replaced(tmp_path, monkeypatch):
    """The third rename fails (another user's file in a shared folder): the two before it are undone."""
    before = run_before(tmp_path)
    fail_third_replace(monkeypatch)
    with pytest.raises(OutputError) as err:
        write_all(tmp_path, NEW_RUN, remove=("lineage.svg",))
    monkeypatch.undo()
    assert str(err.value).endswith("report.html: cannot write (Operation not permitted)")
    assert {name: (tmp_path / name).read_text() for name in os.listdir(tmp_path)} == before


def fail_third_replace(monkeypatch, also=lambda src, dst: False):
    """os.replace in tracer.output fails on its third call (another user's file in a shared folder), and on
    any call for which `also(src, dst)` holds."""
    import tracer.output

    real_replace, calls = os.replace, []

    def replace(src, dst):
        calls.append(dst)
        if len(calls) == 3 or also(Path(src), Path(dst)):
            raise PermissionError(1, "Operation not permitted")
        return real_replace(src, dst)

    monkeypatch.setattr(tracer.output.os, "replace", replace)


@pytest.mark.parametrize("refusal", [PermissionError(1, "Operation not permitted"), NotImplementedError()])
def test_without_hard_links_the_files_replaced_are_renamed_aside_and_put_back(tmp_path, monkeypatch, refusal):
    """A file system with no hard links (vfat, many network mounts), or a platform without linkat: the run
    before is still put back whole."""
    import tracer.output

    before = run_before(tmp_path)

    def no_link(*args, **kwargs):
        raise refusal

    monkeypatch.setattr(tracer.output.os, "link", no_link)
    fail_third_replace(monkeypatch)
    with pytest.raises(OutputError):
        write_all(tmp_path, NEW_RUN, remove=("lineage.svg",))
    assert {name: (tmp_path / name).read_text() for name in os.listdir(tmp_path)} == before
    monkeypatch.undo()
    monkeypatch.setattr(tracer.output.os, "link", no_link)
    write_all(tmp_path, NEW_RUN, remove=("lineage.svg",))
    assert {name: (tmp_path / name).read_text() for name in os.listdir(tmp_path)} == NEW_RUN


def test_a_file_that_cannot_be_put_back_is_kept_and_named_not_deleted(tmp_path, monkeypatch):
    run_before(tmp_path)
    fail_third_replace(monkeypatch,
                       also=lambda src, dst: src.name.startswith(".lineage.json.") and src.suffix == ".old")
    with pytest.raises(OutputError) as err:
        write_all(tmp_path, NEW_RUN)
    monkeypatch.undo()
    message = str(err.value)
    assert "report.html: cannot write (Operation not permitted); could not put back" in message
    kept = leftovers(tmp_path)
    assert len(kept) == 1 and f"lineage.json (kept as {kept[0]})" in message
    assert (tmp_path / kept[0]).read_text() == "lineage.json of the run before"


@pytest.mark.parametrize("target", ["nowhere", "elsewhere.dot"])
def test_a_symbolic_link_in_a_files_place_is_put_back_as_a_link(tmp_path, monkeypatch, target):
    run_before(tmp_path)
    (tmp_path / "elsewhere.dot").write_text("the file the link points to")
    (tmp_path / "lineage.dot").symlink_to(tmp_path / target)
    fail_third_replace(monkeypatch)
    with pytest.raises(OutputError):
        write_all(tmp_path, NEW_RUN)
    monkeypatch.undo()
    assert os.readlink(tmp_path / "lineage.dot") == str(tmp_path / target)
    assert (tmp_path / "elsewhere.dot").read_text() == "the file the link points to"
    assert leftovers(tmp_path) == []


def test_a_sigterm_while_a_set_is_written_ends_the_process_once_the_set_is_whole(tmp_path):
    """`timeout`, `kill` and service managers send SIGTERM: it waits for the set, then ends the process."""
    run_before(tmp_path)
    script = f"""
import os, signal, sys
import tracer.output
real_stage = tracer.output._stage
def stage_and_terminate(path, data):
    os.kill(os.getpid(), signal.SIGTERM)
    return real_stage(path, data)
tracer.output._stage = stage_and_terminate
tracer.output.write_all(sys.argv[1], {NEW_RUN!r}, remove=("lineage.svg",))
print("not reached")
"""
    done = subprocess.run([sys.executable, "-c", script, str(tmp_path)], capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == -signal.SIGTERM and "not reached" not in done.stdout, done.stderr
    assert {name: (tmp_path / name).read_text() for name in os.listdir(tmp_path)} == NEW_RUN


def test_a_folder_in_a_files_place_stops_the_set_before_anything_is_replaced(tmp_path):
    before = run_before(tmp_path)
    (tmp_path / "lineage.dot").mkdir()
    with pytest.raises(OutputError) as err:
        write_all(tmp_path, NEW_RUN)
    assert str(err.value).endswith("lineage.dot: cannot write (a folder has that name)")
    assert {name: (tmp_path / name).read_text() for name in before} == before
    assert sorted(os.listdir(tmp_path)) == sorted([*before, "lineage.dot"])


def test_ctrl_c_while_a_set_is_written_is_held_until_the_set_is_whole(tmp_path, monkeypatch):
    import tracer.output

    run_before(tmp_path)
    real_stage = tracer.output._stage

    def stage_and_interrupt(path, data):
        os.kill(os.getpid(), signal.SIGINT)  # Ctrl-C arrives while the first file is staged
        return real_stage(path, data)

    monkeypatch.setattr(tracer.output, "_stage", stage_and_interrupt)
    with pytest.raises(KeyboardInterrupt):
        write_all(tmp_path, NEW_RUN, remove=("lineage.svg",))
    assert sorted(os.listdir(tmp_path)) == sorted(NEW_RUN)
    assert all((tmp_path / name).read_text() == "new" for name in NEW_RUN)
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler


@pytest.mark.skipif(not HAS_DOT, reason="needs Graphviz")
def test_ctrl_c_while_the_diagram_is_drawn_leaves_the_run_before_untouched(seeds_dir, tmp_path):
    """A real process, interrupted as a user would while a slow `dot` (first on PATH) lays out the diagram:
    it says so, exits 130, and the folder still holds the earlier run's files, all of them as they were."""
    out, articles = tmp_path / "out", tmp_path / "articles"
    shutil.copytree(seeds_dir, articles)
    first = subprocess.run([sys.executable, "-m", "tracer", "trace", str(articles), "-o", str(out)],
                           capture_output=True, text=True, timeout=120)
    assert first.returncode == 0, first.stderr
    before = {name: (out / name).read_bytes() for name in os.listdir(out)}
    assert {"lineage.json", "lineage.dot", "lineage.svg", "lineage.png", "report.html"} <= set(before)
    bin_dir, started = tmp_path / "bin", tmp_path / "dot-started"
    bin_dir.mkdir()
    (bin_dir / "dot").write_text(f"#!/bin/sh\ntouch '{started}'\nexec sleep 60\n")
    (bin_dir / "dot").chmod(0o755)
    env = dict(os.environ, PATH=os.pathsep.join([str(bin_dir), os.environ.get("PATH", "")]))
    (articles / "extra.txt").write_text("A new article for the second run, so its lineage differs. " * 30)
    proc = subprocess.Popen([sys.executable, "-m", "tracer", "trace", str(articles), "-o", str(out)], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        for _ in range(600):
            if started.exists() or proc.poll() is not None:
                break
            time.sleep(0.1)
        assert started.exists(), "the second run never reached the drawing"
        proc.send_signal(signal.SIGINT)
        _, stderr = proc.communicate(timeout=30)
    finally:
        proc.kill()
    assert proc.returncode == 130 and "interrupted" in stderr and "Traceback" not in stderr
    assert {name: (out / name).read_bytes() for name in os.listdir(out)} == before


def test_an_interrupted_command_exits_130_not_the_1_of_reuse_found(seeds_dir, monkeypatch):
    """Click's own answer to Ctrl-C is "Aborted!" and 1, which a script reading `check --fail-on-reuse`
    would take for reuse found."""
    import tracer.pipeline

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(tracer.pipeline, "compare", interrupted)
    result = run("compare", seeds_dir / RT_TRIMMED, seeds_dir / RT_FULL)
    assert result.exit_code == 130
    assert result.stderr == "tracer: interrupted; no output file was left half-written\n" and result.stdout == ""


def test_write_atomic_into_a_missing_folder_is_an_output_error(tmp_path):
    with pytest.raises(OutputError) as err:
        write_atomic(tmp_path / "missing" / "lineage.json", "{}")
    assert err.value.exit_code == 4


@pytest.mark.skipif(not HAS_DOT, reason="needs Graphviz")
def test_a_diagram_with_more_links_than_dot_lays_out_in_time_is_drawn_by_sfdp_and_the_user_told(
        seeds_dir, tmp_path, monkeypatch):
    import tracer.render

    monkeypatch.setattr(tracer.render, "LAYERED_MAX_LINKS", 0)  # the seeds' links stand for a large collection
    out = tmp_path / "out"
    result = run("trace", seeds_dir, "-o", out)
    assert result.exit_code == 0, result.stderr
    told = [line for line in result.stderr.splitlines() if "sfdp" in line]
    assert len(told) == 1 and "--layout dot" in told[0]
    dot_source = (out / "lineage.dot").read_text()
    assert "drawn with sfdp" in dot_source and "overlap=prism" in dot_source
    assert "cluster" not in dot_source, "sfdp ignores clusters: drawn from its positions, one frames everything"
    svg = (out / "lineage.svg").read_text()
    assert svg.count('class="node"') == dot_source.count("shape=")  # every box and ellipse is drawn
    assert (out / "lineage.png").read_bytes().startswith(b"\x89PNG")
    assert 'class="node"' in (out / "report.html").read_text(encoding="utf-8")


@pytest.mark.skipif(not HAS_DOT, reason="needs Graphviz")
def test_layout_dot_is_kept_when_asked_for_and_says_nothing(seeds_dir, tmp_path, monkeypatch):
    import tracer.render

    monkeypatch.setattr(tracer.render, "LAYERED_MAX_LINKS", 0)
    result = run("trace", seeds_dir, "-o", tmp_path / "out", "--layout", "dot")
    assert result.exit_code == 0 and "sfdp" not in result.stderr
    assert "drawn with" not in (tmp_path / "out" / "lineage.dot").read_text()


def test_the_layout_help_names_the_link_limit():
    from tracer.render import LAYERED_MAX_LINKS

    assert f"{LAYERED_MAX_LINKS:,} links" in " ".join(run("trace", "--help").output.split())


def test_when_graphviz_fails_the_trace_keeps_json_dot_and_report_and_says_why(seeds_dir, tmp_path):
    """A real `dot` that fails (a stand-in program first on PATH, as a crash or a killed layout would)."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    fake = bin_dir / "dot"
    fake.write_text("#!/bin/sh\necho 'Error: out of memory' >&2\necho 'Warning: a trailing note' >&2\nexit 3\n")
    fake.chmod(0o755)
    env = dict(os.environ, PATH=os.pathsep.join([str(bin_dir), os.environ.get("PATH", "")]))
    out = tmp_path / "out"
    done = subprocess.run([sys.executable, "-m", "tracer", "trace", str(seeds_dir), "-o", str(out)],
                          env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    said = [line for line in done.stderr.splitlines() if "could not draw" in line]
    assert len(said) == 1 and "out of memory" in said[0]
    assert (out / "lineage.json").is_file() and (out / "lineage.dot").is_file()
    assert not (out / "lineage.svg").exists() and not (out / "lineage.png").exists()
    report = (out / "report.html").read_text(encoding="utf-8")
    assert "could not draw the diagram: Error: out of memory" in report and "not installed" not in report
    assert ".svg" not in done.stderr.splitlines()[-1], "the closing line lists only the files written"


def test_a_killed_graphviz_is_said_to_be_killed():
    import graphviz

    from tracer.render import _failure

    assert _failure(graphviz.CalledProcessError(-9, ["dot"], stderr=b"")) == " (killed by signal 9)"
    assert _failure(graphviz.CalledProcessError(1, ["dot"], stderr=b"Warning: x\n")) == ": Warning: x"


def test_an_interrupted_first_trace_leaves_no_output_folder(seeds_dir, tmp_path, monkeypatch):
    import tracer.pipeline

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(tracer.pipeline, "trace", interrupted)
    result = run("trace", seeds_dir, "-o", tmp_path / "runs" / "first")
    assert result.exit_code == 130 and "interrupted" in result.stderr
    assert os.listdir(tmp_path) == []
    (tmp_path / "kept").mkdir()
    result = run("trace", seeds_dir, "-o", tmp_path / "kept")
    assert result.exit_code == 130 and (tmp_path / "kept").is_dir(), "a folder the user made stays"


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
@pytest.mark.parametrize("args", [["trace", "{seeds}", "-o", "{out}", "--json"], ["check", "{article}", "--against",
                                  "{seeds}", "--json"], ["compare", "{article}", "{full}"]])
def test_a_full_stdout_is_an_output_error_in_a_real_process(args, seeds_dir, tmp_path):
    """Data that stdout cannot take (a full disk) is exit 4 with one line, not an internal error."""
    values = {"seeds": seeds_dir, "out": tmp_path / "out", "article": seeds_dir / RT_TRIMMED, "full": seeds_dir / RT_FULL}
    with open("/dev/full", "w") as full:
        done = subprocess.run([sys.executable, "-m", "tracer", *(a.format(**values) for a in args)], stdout=full,
                              stderr=subprocess.PIPE, text=True, timeout=120)
    assert done.returncode == 4, done.stderr
    assert done.stderr.splitlines()[-1] == "tracer: error: cannot write to the standard output: No space left on device"
    assert "Traceback" not in done.stderr


def test_verbose_works_after_the_command_too(seeds_dir, tmp_path):
    """In a real process: this one's logging goes to pytest's handlers."""
    for args in (["-v", "trace", seeds_dir, "-o", tmp_path / "a"], ["trace", seeds_dir, "-o", tmp_path / "b", "-v"]):
        done = subprocess.run([sys.executable, "-m", "tracer", *map(str, args)], capture_output=True, text=True,
                              timeout=120)
        assert done.returncode == 0, done.stderr
        assert "tracer: 5 documents, 2 candidate pairs, 1 text links" in done.stderr
    assert run("index", "list", "-v", "--index", tmp_path / "none.sqlite").exit_code == 6
