"""Command line: each command parses options, calls one library function, writes the result.

Exit codes: 0 success; 1 reuse found (check --fail-on-reuse); 2 usage or settings error; 3 input error
(missing path, no articles, unreadable file or bad record with --strict); 4 output error (folder not
writable); 5 a URL could not be fetched; 6 index error; 70 internal error; 130 interrupted (Ctrl-C).
"""

from __future__ import annotations

import functools
import json
import logging
import sys
from dataclasses import asdict, replace
from pathlib import Path

import click

from .banding import Banding
from .errors import InputError, OutputError, TracerError
from .fetch import DEFAULT_TIMEOUT, DEFAULT_USER_AGENT
from .index import DEFAULT_INDEX, DEFAULT_LIMIT, ENV_VAR, Index, default_target
from .ingest import Corpus, ReadOptions, read_documents, skipped_count
from .model import Document
from .output import output_folder, write_all, write_atomic
from .records import FIELD_NAMES, Fields
from .serialize import dumps
from .settings import Settings

# Each command imports what only it uses (the pipeline, the report, Graphviz rendering), so `tracer check`
# starts without them.

INTERNAL_ERROR = 70
REUSE_FOUND = 1
INTERRUPTED = 130
"""Ctrl-C (SIGINT), as shells report it: not click's 1, which `check --fail-on-reuse` gives to reuse found."""


_RUN_OPTIONS = (
    click.option("--min-passage", "min_passage_mass", type=click.FloatRange(1), default=Settings.min_passage_mass,
                 show_default=True,
                 help="Weighted matched words a shared passage needs (content words 1, function words in verbatim "
                      "runs 1/2)."),
    click.option("--workers", type=click.IntRange(0), default=0, help="Processes to use (0: one per core)."),
)
"""Settings that any run may change, index or not."""


def _with_options(func, options):
    for option in reversed(options):
        func = option(func)
    return func


def _settings_options(func):
    return _with_options(func, (
        click.option("--shingle-size", type=click.IntRange(2, 20), default=Settings.shingle_size, show_default=True,
                     help="Words per shingle for the exact scores."),
        click.option("--lsh-threshold", type=click.FloatRange(0.05, 1.0), default=Settings.lsh_threshold,
                     show_default=True, help="Window similarity that makes a candidate pair (lower: more recall)."),
    ) + _RUN_OPTIONS)


def _settings(**kwargs) -> Settings:
    return replace(Settings(), **kwargs)


_FIELD_HELP = {"text": "the article text", "html": "the article as an HTML page", "id": "the document id",
               "url": "the article's URL", "outlet": "the outlet (site) name", "published": "the publication date",
               "title": "the headline", "author": "the author"}


def _read_options(func):
    """Options for how inputs are read (record field names, URL fetching), passed on as `read_options`."""
    options = [click.option(f"--{name}-field", f"{name}_field", default=name, show_default=True, metavar="NAME",
                            help=f"JSONL key or CSV column of {_FIELD_HELP[name]}.") for name in FIELD_NAMES]
    options += [
        click.option("--user-agent", default=DEFAULT_USER_AGENT, show_default=True,
                     help="User-Agent header sent when fetching URLs."),
        click.option("--timeout", type=click.FloatRange(0.1), default=DEFAULT_TIMEOUT, show_default=True,
                     help="Seconds a URL may take to fetch, all told."),
    ]

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        names = Fields(**{name: kwargs.pop(f"{name}_field") for name in FIELD_NAMES})
        kwargs["read_options"] = ReadOptions(fields=names, user_agent=kwargs.pop("user_agent"),
                                             timeout=kwargs.pop("timeout"))
        return func(*args, **kwargs)

    return _with_options(wrapper, options)


def _print(text: str, nl: bool = True, err: bool = False) -> None:
    """Data to stdout (or, with `err`, to stderr): a stream that cannot take it (a full disk) is an output error.
    A closed pipe (`| head`) is not: main ends quietly then."""
    try:
        click.echo(text, nl=nl, err=err)
    except BrokenPipeError:
        raise
    except OSError as error:
        raise OutputError(f"cannot write to the {'error' if err else 'standard'} output: "
                          f"{error.strerror or error}") from None


class TracerGroup(click.Group):
    """Turns library errors into one line on stderr and their documented exit code."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except TracerError as err:
            click.echo(f"tracer: error: {err}", err=True)
            raise click.exceptions.Exit(err.exit_code) from err
        except KeyboardInterrupt:
            click.echo(f"tracer: interrupted; {_kept_when_interrupted(ctx.invoked_subcommand)}", err=True)
            raise click.exceptions.Exit(INTERRUPTED) from None


def _kept_when_interrupted(command: str | None) -> str:
    """What an interrupted command leaves: an index keeps the documents it had committed."""
    if command == "index":
        return "the index keeps the documents committed before, and opens and answers"
    return "no output file was left half-written"


@click.group(cls=TracerGroup)
@click.version_option(package_name="tracer")
@click.option("-v", "--verbose", is_flag=True, help="Log progress to stderr.")
def cli(verbose: bool) -> None:
    """Trace shared text between news articles: who copied from whom, with evidence."""
    _log_to_stderr(verbose)


def _log_to_stderr(verbose: bool) -> None:
    logging.basicConfig(level=logging.INFO if verbose else logging.WARNING, stream=sys.stderr,
                        format="tracer: %(message)s")
    if verbose:  # `-v` after the command comes once the group has configured logging
        logging.getLogger().setLevel(logging.INFO)
    for chatty in ("trafilatura", "htmldate", "courlan"):  # their complaints about a page are ours to word
        logging.getLogger(chatty).setLevel(logging.WARNING if verbose else logging.CRITICAL)


def _verbose_after_the_command(ctx: click.Context, param: click.Parameter, value: bool) -> None:
    if value:
        _log_to_stderr(True)


@cli.command()
@click.argument("paths", nargs=-1)
@click.option("-o", "--output", "output_dir", default="output", show_default=True, help="Folder for the results.")
@click.option("--json", "as_json", is_flag=True, help="Print the lineage JSON to stdout.")
@click.option("--strict", is_flag=True, help="Stop at the first unreadable file or bad record instead of skipping it.")
@click.option("--index", "target", default=None, metavar="TARGET", help="Trace every document of this index too.")
@click.option("--reusing", metavar="ID", help="With --index: only document ID and the documents sharing text with it.")
@click.option("--layout", type=click.Choice(["auto", "dot", "sfdp"]), default="auto", show_default=True,
              help="Graphviz layout of the diagram: dot draws ranks from source to copy, sfdp is force-directed; "
                   "auto uses dot up to 1,000 links (beyond, dot takes minutes to hours).")
@click.option("--min-shared-shingles", type=click.IntRange(0), default=Settings.min_shared_shingles, show_default=True,
              help="Shingles held by few documents that make two documents a candidate pair without similar windows "
                   "(0: similar windows only).")
@_settings_options
@_read_options
def trace(paths, output_dir, as_json, strict, target, reusing, layout, read_options, **settings) -> None:
    """Trace the articles in PATHS into a lineage diagram: files, folders, - for stdin, http(s) URLs,
    JSONL/CSV corpora, WARC archives.

    Writes OUTPUT/lineage.json, lineage.dot, lineage.svg, lineage.png and report.html (a self-contained page).
    """
    from .explain import summary_lines
    from .pipeline import trace as trace_documents
    from .render import layout_engine, to_dot
    from .report import lineage_report
    from .serialize import lineage_to_dict

    run_settings = _settings(**settings)
    Banding.for_threshold(run_settings.lsh_threshold, run_settings.num_perm)  # a threshold it cannot band stops here
    read_options = replace(read_options, workers=settings["workers"], output=output_dir)
    corpus = _trace_corpus(paths, strict, read_options, target, reusing)
    with output_folder(output_dir) as folder:  # after reading, so bad input leaves no output folder behind
        _tell_skipped(corpus)
        lineage = replace(trace_documents(corpus.documents, run_settings), skipped=corpus.skipped,
                          warnings=corpus.warnings)
        data = dumps(lineage_to_dict(lineage))
        engine = layout_engine(lineage, layout)
        if layout == "auto" and engine != "dot":
            click.echo(f"tracer: {len(lineage.links):,} links: the diagram is laid out by sfdp (force-directed); "
                       "--layout dot draws ranks, but takes minutes or hours at this size", err=True)
        dot_source = to_dot(lineage, engine)
        images, why, failure = _draw(folder, dot_source, engine)
        files = {"lineage.json": data, "lineage.dot": dot_source}
        files.update({f"lineage.{fmt}": image for fmt, image in images.items()})
        files["report.html"] = lineage_report(lineage, images.get("svg"), why)
        write_all(folder, files, remove=() if images else ("lineage.svg", "lineage.png"))  # old images would mislead
    if failure:
        click.echo(failure, err=True)
    lines = summary_lines(lineage)
    if as_json:
        _print(data, nl=False)
    _print("\n".join(lines), err=as_json)
    click.echo(f"tracer: wrote {folder}/lineage.json, " + ", ".join(f".{fmt}" for fmt in ["dot", *images]) +
               f", {folder}/report.html", err=True)


def _draw(folder: Path, dot_source: str, engine: str) -> tuple[dict[str, bytes], str | None, str | None]:
    """The diagram's images by format; when there are none (Graphviz missing or failing), why, for the report,
    and the line that tells the user once the run's files are written (nothing is written here)."""
    from .render import DotMissing, DrawingFailed, render_images
    from .report import NO_DOT, drawing_failed

    try:
        return render_images(dot_source, engine=engine), None, None
    except (DotMissing, DrawingFailed) as err:
        if isinstance(err, DotMissing):
            return {}, NO_DOT, f"tracer: {err}"
        return {}, drawing_failed(str(err)), (f"tracer: {err}: wrote the lineage without images "
                                              f"({folder}/lineage.dot holds the diagram)")


@cli.command()
@click.argument("first")
@click.argument("second")
@click.option("--json", "as_json", is_flag=True, help="Print the comparison as JSON.")
@click.option("--html", "html_file", metavar="FILE", help="Also write the side-by-side view to FILE, a self-contained page.")
@_settings_options
@_read_options
def compare(first, second, as_json, html_file, read_options, **settings) -> None:
    """Explain one pair (files, - for stdin, or URLs): scores both ways, shared passages, what each lacks,
    credits, direction."""
    from .explain import comparison_text, comparison_to_dict
    from .pipeline import compare as compare_documents
    from .report import comparison_report

    if first == "-" and second == "-":
        raise click.UsageError("only one of the two articles can be read from stdin")
    a, b = _read_article(first, read_options, "compare"), _read_article(second, read_options, "compare")
    if a.id == b.id:
        b = replace(b, id=b.id + " (2)")
    result = compare_documents(a, b, _settings(**settings))
    if html_file:  # before anything is printed: a page that cannot be written stops the command with nothing shown
        write_atomic(html_file, comparison_report(result, _settings(**settings)))
        click.echo(f"tracer: wrote {html_file}", err=True)
    shown = dumps(comparison_to_dict(result, _settings(**settings))) if as_json else comparison_text(result)
    _print(shown, nl=not as_json)


def _index_option(func):
    return click.option("--index", "target", envvar=ENV_VAR, default=None, metavar="TARGET",
                        help=f"Index file (SQLite) or redis://HOST:PORT/DB [default: ${ENV_VAR}, else {DEFAULT_INDEX}]."
                        )(func)


def _index_settings_options(func):
    """Settings of an index command: the recorded ones (shingle size, LSH threshold) default to the index's."""
    return _with_options(func, (
        click.option("--shingle-size", type=click.IntRange(2, 20), default=None,
                     help=f"Words per shingle (a new index: {Settings.shingle_size}; else the index's)."),
        click.option("--lsh-threshold", type=click.FloatRange(0.05, 1.0), default=None,
                     help=f"Window similarity of a candidate (a new index: {Settings.lsh_threshold}; else the index's)."),
    ) + _RUN_OPTIONS)


def _open_index(target: str | None, **settings) -> Index:
    """The index at TARGET with the settings given on the command line over those it was built with."""
    target = target or default_target()
    given = {k: v for k, v in settings.items() if v is not None}
    with Index(target) as probe:
        recorded = probe.recorded_settings()
    return Index(target, replace(recorded or Settings(), **given))


@cli.group()
def index() -> None:
    """Build and inspect the persistent index that `tracer check` searches."""


@index.command("add")
@click.argument("paths", nargs=-1, required=True)
@_index_option
@click.option("--strict", is_flag=True, help="Stop at the first unreadable file or bad record instead of skipping it.")
@_index_settings_options
@_read_options
def index_add(paths, target, strict, read_options, **settings) -> None:
    """Add the articles in PATHS to the index (an unchanged article is skipped, a changed one replaced)."""
    corpus = read_documents(paths, strict=strict, options=replace(read_options, workers=settings["workers"]))
    _tell_skipped(corpus)
    documents = _stdin_named_by_content(corpus.documents) if "-" in paths else corpus.documents
    with _open_index(target, **settings) as idx:
        report = idx.add(documents)
    _tell_files(report)
    click.echo(f"tracer: {report.added} added, {report.replaced} replaced, {report.unchanged} unchanged "
               f"in {idx.target}", err=True)


def _tell_files(report) -> None:
    """One line per file the index holds under another id, and per document that replaced another file's."""
    for given, kept in report.same_file:
        click.echo(f"tracer: {given} is indexed as {kept} (the same file)", err=True)
    for doc_id, file in report.other_file:
        click.echo(f"tracer: warning: {doc_id} replaces the indexed {doc_id} read from {file} "
                   "(another file of that name)", err=True)


def _stdin_named_by_content(documents: tuple[Document, ...]) -> list[Document]:
    """An article read from stdin has no name of its own: in an index it is `stdin-` and 12 hex digits of its
    content digest, so each new text is a document of its own and the same text again is unchanged (with one id
    for all, each `index add -` replaced the last)."""
    from .index.records import content_digest

    out = []
    for doc in documents:
        if doc.id == "stdin" and doc.path is None:
            doc = replace(doc, id=f"stdin-{content_digest(doc)[:12]}")
            click.echo(f"tracer: stdin indexed as {doc.id}", err=True)
        out.append(doc)
    return out


@index.command("remove")
@click.argument("ids", nargs=-1, required=True)
@_index_option
def index_remove(ids, target) -> None:
    """Remove the documents with these IDS from the index (none of them when one is not there)."""
    with Index(target or default_target()) as idx:
        missing = idx.missing(ids)
        if missing:
            raise InputError(f"not in the index {idx.target}, nothing removed: " + ", ".join(missing))
        removed = sum(idx.remove(doc_id) for doc_id in dict.fromkeys(ids))  # one removed meanwhile is gone too
    click.echo(f"tracer: removed {removed} document(s) from {idx.target}", err=True)


@index.command("list")
@_index_option
@click.option("--json", "as_json", is_flag=True, help="One JSON object per line.")
def index_list(target, as_json) -> None:
    """List the indexed documents: id, path and title."""
    with Index(target or default_target()) as idx:
        for entry in idx.entries():
            line = json.dumps(asdict(entry), ensure_ascii=False) if as_json else \
                "\t".join([entry.id, entry.path or "", entry.title or ""])
            _print(line)


@index.command("info")
@_index_option
@click.option("--json", "as_json", is_flag=True, help="Print the information as JSON.")
def index_info(target, as_json) -> None:
    """Where the index is, what it holds and the settings it was built with."""
    with Index(target or default_target()) as idx:
        info = idx.info()
    if as_json:
        _print(dumps(asdict(info)), nl=False)
        return
    _print(f"index: {info.target} ({info.backend})\ndocuments: {info.documents}\nwindows: {info.windows}\n"
               f"bytes: {info.bytes}")
    _print("\n".join(f"{k}: {v}" for k, v in info.recorded.items()))


@cli.command()
@click.argument("article")
@click.argument("paths", nargs=-1)
@_index_option
@click.option("--against", is_flag=True, help="Check against the PATHS that follow ARTICLE instead of an index.")
@click.option("--json", "as_json", is_flag=True, help="Print the matches as JSON.")
@click.option("--fail-on-reuse", is_flag=True, help=f"Exit {REUSE_FOUND} when the article shares text with a document.")
@click.option("--limit", type=click.IntRange(0), default=DEFAULT_LIMIT, show_default=True,
              help="Candidates aligned, the most similar first (0: all).")
@_index_settings_options
@_read_options
def check(article, paths, target, against, as_json, fail_on_reuse, limit, read_options, **settings) -> None:
    """Check ARTICLE (a file, - for stdin, or a URL) against the index, or against PATHS with --against:
    where its text appeared before, and which copy it is."""
    if bool(paths) != against:
        raise click.UsageError("give --against PATH... to check against files" if paths else "--against needs PATHS")
    if against and target:
        raise click.UsageError("use --index or --against, not both")
    from .index.report import check_text, check_to_dict

    query = _read_article(article, read_options)
    idx = _against(paths, read_options, settings) if against else _open_index(target, **settings)
    with idx:
        result = idx.check(query, limit=limit or None)
    _print(dumps(check_to_dict(result)) if as_json else check_text(result), nl=not as_json)
    if result.unaligned or result.unexamined:
        click.echo(f"tracer: the best {result.aligned} candidates aligned; {result.unaligned} more confirmed and "
                   f"{result.unexamined} ranked below them not examined (--limit 0 aligns them all)", err=True)
    if fail_on_reuse and result.reuse_found:
        raise click.exceptions.Exit(REUSE_FOUND)


def _read_article(arg: str, read_options, command: str = "check") -> Document:
    documents = read_documents([arg], strict=True, options=read_options).documents
    if len(documents) != 1:
        raise InputError(f"{arg}: holds {len(documents)} articles; {command} takes one for each argument")
    return documents[0]


def _against(paths, read_options, settings) -> Index:
    corpus = read_documents(paths, options=replace(read_options, workers=settings["workers"]))
    _tell_skipped(corpus)
    idx = Index(":memory:", replace(Settings(), **{k: v for k, v in settings.items() if v is not None}))
    idx.add(corpus.documents)
    return idx


def _trace_corpus(paths, strict: bool, read_options, target: str | None, reusing: str | None) -> Corpus:
    """The articles to trace: those in PATHS, and those of the index (all, or one and those reusing it)."""
    if reusing and not target:
        raise click.UsageError("--reusing needs --index")
    if not paths and not target:
        raise click.UsageError("give PATHS to trace, or --index TARGET")
    corpus = read_documents(paths, strict=strict, options=read_options) if paths else Corpus(())
    if target:
        with Index(target) as idx:
            indexed = idx.related(reusing) if reusing else list(idx.documents())
        have = {d.id: d.text for d in corpus.documents}
        shadowed = tuple(f"{d.id}: the file is traced, not the different text the index holds under that id"
                         for d in indexed if have.get(d.id, d.text) != d.text)
        corpus = replace(corpus, documents=corpus.documents + tuple(d for d in indexed if d.id not in have),
                         warnings=corpus.warnings + shadowed)
    return corpus


def _tell_skipped(corpus) -> None:
    for warning in corpus.warnings:
        click.echo(f"tracer: warning: {warning}", err=True)
    for item in corpus.skipped:
        click.echo(f"tracer: skipped {item.path}: {item.reason}", err=True)
    count = skipped_count(corpus.skipped)
    if count:
        click.echo(f"tracer: {count} skipped (--strict makes this an error)", err=True)


def _accept_verbose_everywhere() -> None:
    """`-v` after the command (`tracer trace seeds -v`) as well as before it (`tracer -v trace seeds`)."""
    commands = [c for c in cli.commands.values() if c is not index] + list(index.commands.values())
    for command in commands:
        command.params.append(click.Option(["-v", "--verbose"], is_flag=True, expose_value=False,
                                           callback=_verbose_after_the_command, help="Log progress to stderr."))


_accept_verbose_everywhere()


def main() -> None:
    try:
        cli.main(prog_name="tracer")
    except KeyboardInterrupt:  # before a command runs (while click parses the command line)
        click.echo(f"tracer: interrupted; {_kept_when_interrupted(None)}", err=True)
        sys.exit(INTERRUPTED)
    except BrokenPipeError:
        sys.exit(0)
    except Exception as err:  # a bug: say so in one line, not a traceback
        click.echo(f"tracer: internal error: {type(err).__name__}: {err} (please report it)", err=True)
        sys.exit(INTERNAL_ERROR)


if __name__ == "__main__":
    main()
