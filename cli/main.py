"""The `kcsearch` command: argument parsing and printing only; the work is in `kcsearch`.

Exit codes: 0 success, 1 nothing matched / some files skipped, 2 error, 130 interrupted.
"""

# Unlike the other modules, no `from __future__ import annotations`: typer reads the commands'
# annotations on every run, and given strings it evals each one (bench/README.md: "Start-up").
import contextlib
import os
import signal
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Annotated, Any, NoReturn

import click
import typer
import typer.core

import kcsearch

from . import render, tables
from .output import err, json_text, out

# typer escapes "[required]" and "[default: ...]" for rich's HTML export whenever rich is
# installed, even with rich markup off: help then shows "\\[required]". kcsearch prints plain
# help, so typer is told rich is not there.
typer.core.HAS_RICH = False

# shared by the whole app and the one-command app main() runs (see _command)
SETTINGS: dict[str, Any] = {"add_completion": False, "rich_markup_mode": None,
                            "context_settings": {"help_option_names": ["-h", "--help"]}}

app = typer.Typer(
    **SETTINGS,
    no_args_is_help=True,
    help=(
        "Search news coverage of the Nagorno-Karabakh conflict.\n\n"
        "Examples:\n\n"
        "  kcsearch \"Minsk Group\" --after 2020-09-27   search (the default command)\n\n"
        "  kcsearch index corpus/            build or update the index\n\n"
        "  kcsearch quotes --speaker Peskov  what Dmitry Peskov was quoted saying\n\n"
        "  kcsearch check \"Turkey sent 4,000 Syrian mercenaries\"   evidence on a claim\n\n"
        "  kcsearch show 004_c67a387fa88ce996.txt   read one cleaned article\n\n"
        "Where the index is: --index PATH, else $KCSEARCH_INDEX, else ./.kcsearch in the current "
        "folder. A first search builds it from ./corpus when the current folder has one; "
        "'kcsearch index --sample' builds it from the five sample articles shipped with kcsearch."
    ),
)

IndexOpt = Annotated[
    Path | None,
    typer.Option("--index", help="Index folder (default: $KCSEARCH_INDEX, else ./.kcsearch).",
                 show_default=False),
]


AfterOpt = Annotated[str | None, typer.Option(
    "--after", help="Only items dated on or after the first day of this day, month or year "
                    "(YYYY-MM-DD, YYYY-MM or YYYY): --after 2020-09-27 keeps the 27th.",
    show_default=False)]
BeforeOpt = Annotated[str | None, typer.Option(
    "--before", help="Only items dated before this day, month or year began: --before 2020 "
                     "ends on 2019-12-31, --before 2020-10 on 30 September.",
    show_default=False)]
UntilOpt = Annotated[str | None, typer.Option(
    "--until", help="Only items dated up to the end of this day, month or year: --until 2020 "
                    "keeps all of 2020, --until 2020-10 all of October.",
    show_default=False)]
OutletOpt = Annotated[list[str] | None, typer.Option(
    "--outlet", help="Only this outlet (repeatable, any case): --outlet guardian.",
    show_default=False)]
DocIdArg = Annotated[str, typer.Argument(metavar="ID", help="Document id, as search prints it.")]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print one JSON object on stdout (the same as "
                                                       "--format json).")]
FormatOpt = Annotated[str, typer.Option(
    "--format", help="text (default), json, csv (a header row, then one row each; opens in a "
    "spreadsheet) or markdown (a table to paste into a write-up).")]
ExactNamesOpt = Annotated[bool, typer.Option(
    "--exact-names", help="Do not widen names to their aliases (Artsakh finds only Artsakh).")]


def fail(message: str, code: int = 2) -> NoReturn:
    err(f"kcsearch: error: {message}")
    raise typer.Exit(code)


def _one_line(self: click.ClickException, file: Any = None) -> None:
    """click's errors as one line (click prints a usage line, a hint and the error)."""
    ctx = getattr(self, "ctx", None)
    where = ctx.command_path if ctx is not None else _running[0]
    hint = f" (see: {where} --help)" if isinstance(self, click.UsageError) else ""
    err(f"kcsearch: error: {self.format_message()}{hint}")


_running = ["kcsearch"]  # the command main() runs, for errors raised before click has a context
click.ClickException.show = _one_line  # type: ignore[method-assign]
click.UsageError.show = _one_line  # type: ignore[method-assign]


@contextlib.contextmanager
def user_errors() -> Iterator[None]:
    """A kcsearch error becomes one line on stderr and exit code 2, never a traceback."""
    try:
        yield
    except kcsearch.KcsearchError as e:
        fail(str(e))


# Commands that only read the index (a search may first build a missing one, which has been
# committed and closed by the time the command returns): their process may skip shutdown.
READ_ONLY: set[str] = set()


def command(name: str, *, read_only: bool) -> Any:
    """app.command(name), recording whether the command only reads (see _leave)."""
    if read_only:
        READ_ONLY.add(name)
    return app.command(name)


@command("index", read_only=False)
def index_cmd(
    paths: Annotated[list[Path] | None, typer.Argument(
        help="Corpus folders or article files (.txt, .md, .html). Default: ./corpus, if the "
        "current folder has one.", show_default=False)] = None,
    sample: Annotated[bool, typer.Option(
        "--sample", help="Index the five sample articles shipped with kcsearch (to try it out).")] = False,
    index: IndexOpt = None,
    rebuild: Annotated[bool, typer.Option("--rebuild", help="Build from scratch.")] = False,
    wait: Annotated[float, typer.Option(
        "--wait", min=0, help="Seconds to wait if another kcsearch is indexing.")] = 0.0,
    engine: Annotated[str | None, typer.Option(
        "--engine", help="whoosh (default, pure Python) or tantivy (faster at 10k+ articles; "
        "pip install 'kcsearch[tantivy]'). Kept in the index: searches need no flag; giving "
        "another engine rebuilds the index with it.", show_default=False)] = None,
    follow_links: Annotated[bool, typer.Option(
        "--follow-links", help="Also index files that symbolic links in the corpus folders "
        "point to outside them (not followed by default: a downloaded corpus could link to "
        "any file you can read).")] = False,
    as_json: JsonOpt = False,
) -> None:
    """Build or update the index (incremental: unchanged files are skipped).

    Exit code 0 when every file was indexed, 1 when some were skipped (named on stderr),
    2 on an error (nothing written), 130 when interrupted (previous index kept).

    The index goes to --index PATH, else $KCSEARCH_INDEX, else ./.kcsearch here; the summary
    line names it.

    Examples: kcsearch index corpus/ --index /data/kc-index
              kcsearch index corpus/ --engine tantivy
              kcsearch index --sample     (the bundled sample articles, to try kcsearch)
    """
    targets = _index_targets(paths, sample)
    progress = render.ProgressLine() if sys.stderr.isatty() and not as_json else None
    signal.signal(signal.SIGTERM, _sigterm_as_interrupt)
    try:
        report = kcsearch.build(targets, index, rebuild=rebuild, engine=engine, wait=wait,
                                progress=progress.update if progress else None,
                                follow_links=follow_links)
    except kcsearch.InterruptedIndexing as e:
        if progress:
            progress.clear()
        fail(str(e), 130)
    except kcsearch.KcsearchError as e:
        if progress:
            progress.clear()
        fail(str(e))
    if progress:
        progress.clear()
    for f in report.failed:
        err(f"kcsearch: skipped {f.path}: {f.reason}")
    if as_json:
        out(json_text(render.report_dict(report)))
    else:
        out(render.report_line(report, [str(p) for p in targets]))
        if index is None:  # say where the rule put it, and how to reach it from elsewhere
            where = kcsearch.index_path(None).resolve()
            why = ("$KCSEARCH_INDEX" if os.environ.get("KCSEARCH_INDEX")
                   else "./.kcsearch in this folder: no --index or $KCSEARCH_INDEX given")
            err(f"kcsearch: the index is {where} ({why}); from another folder use "
                f"--index {where} or export KCSEARCH_INDEX={where}")
    _watch_summary(index)
    if report.failed:
        raise typer.Exit(1)


def _watch_summary(index: Path | None) -> None:
    """After indexing: name the saved searches that gained articles (nothing is marked shown)."""
    with contextlib.suppress(kcsearch.KcsearchError), kcsearch.open(index) as corpus:
        if not corpus.watches():
            return
        gained = [f"{n.watch.name} ({len(n.new)})" for n in corpus.watch_news(mark=False) if n.new]
        if gained:
            err(f"kcsearch: saved searches with new articles: {', '.join(gained)}; see them: "
                "kcsearch watch")


@command("search", read_only=True)
def search_cmd(
    query: Annotated[str, typer.Argument(help=(
        'What to find, in Whoosh syntax: words (AND by default), "a phrase", OR, NOT, -word, '
        '"Armenia Turkey"~5, Pashinian~, ceasefire*, title:/outlet:/author:/speaker:/quote:, '
        'date:[2020-09 TO 2020-11].'))],
    after: AfterOpt = None,
    before: BeforeOpt = None,
    until: UntilOpt = None,
    outlet: OutletOpt = None,
    speaker: Annotated[str | None, typer.Option(
        "--speaker", help="Only articles quoting this person or body: --speaker Peskov.",
        show_default=False)] = None,
    limit: Annotated[int, typer.Option("--limit", help="How many articles to show.")] = 10,
    page: Annotated[int, typer.Option(
        "--page", help="Which page of --limit hits: --page 2 shows the next ones.")] = 1,
    sort: Annotated[str, typer.Option("--sort", help="relevance, newest or oldest.")] = "relevance",
    facets: Annotated[bool, typer.Option(
        "--facets", help="Add counts by outlet, speaker and month over all matches.")] = False,
    exact_names: ExactNamesOpt = False,
    expand: Annotated[bool, typer.Option(
        "--expand", help="Show every copy of a story (by default wire copies and rewrites "
                         "collapse into one hit, 'also carried by ...').")] = False,
    fmt: FormatOpt = "text",
    as_json: JsonOpt = False,
    index: IndexOpt = None,
) -> None:
    """Find articles (the default command: `kcsearch QUERY` is `kcsearch search QUERY`).

    Example: kcsearch "Minsk Group" --after 2020-09-27 --outlet "TRT World"

    Matches are highlighted in bold on a terminal and as **words** when piped.
    --format csv gives one row per hit (with its URL), for a spreadsheet.
    Exit code 0 when something matched, 1 when nothing did, 2 on error.
    """
    fmt = output_format(fmt, as_json)
    with user_errors():
        _ensure_index(index)
        with kcsearch.open(index) as corpus:
            _stale_notice(corpus, index)
            result = corpus.search(query, after=after, before=before, until=until,
                                   outlets=tuple(outlet or ()),
                                   speaker=speaker, limit=limit, sort=sort, facets=facets,
                                   exact_names=exact_names, expand=expand, page=page)
    for notice in result.notices:
        err(f"kcsearch: {notice}")
    if fmt == "json":
        out(json_text(result.to_dict()))
    elif fmt in ("csv", "markdown"):
        table = tables.search_table(result, first=(page - 1) * limit + 1)
        out(tables.csv_text(table) if fmt == "csv" else tables.markdown_table(table))
        err(render.total_line(result, limit))
    else:
        color = sys.stdout.isatty()
        text = render.search_text(result, color=color)
        if text:  # no empty line on stdout when nothing matched
            out(text, color)
        if result.facets is not None:
            out(render.facets_text(result.facets))
        err(render.total_line(result, limit))
    raise typer.Exit(0 if result.total else 1)


FORMATS = ("text", "json", "csv", "markdown")


def output_format(fmt: str, as_json: bool) -> str:
    """The format asked for: --json is --format json."""
    fmt = "json" if as_json else fmt.lower()
    if fmt not in FORMATS:
        fail(f"--format {fmt!r} is not one of: {', '.join(FORMATS)}")
    return fmt


@command("check", read_only=True)
def check_cmd(
    claim: Annotated[str | None, typer.Argument(
        help="The claim to check, in plain words (or give --claims).", show_default=False)] = None,
    claims_file: Annotated[str | None, typer.Option(
        "--claims", metavar="FILE", help="Check every claim of FILE (- for stdin): a CSV with a "
        "'claim' column, or one claim a line. Prints a summary table, then each claim's "
        "evidence.", show_default=False)] = None,
    after: AfterOpt = None,
    before: BeforeOpt = None,
    until: UntilOpt = None,
    outlet: OutletOpt = None,
    exact_names: ExactNamesOpt = False,
    fmt: FormatOpt = "text",
    as_json: JsonOpt = False,
    index: IndexOpt = None,
) -> None:
    """What each outlet says about a claim: sentences, who says them, figures, denials.

    Examples: kcsearch check "Turkey sent 4,000 Syrian mercenaries" --format markdown
              kcsearch check --claims claims.csv --format csv > evidence.csv

    Evidence is found on what the claim is about; its figures (counts, years, dates,
    percentages, money) are then compared with the sources' of the same scope: = gives the
    claim's figure, ≠ cannot be it, ~ consistent but not the same. A wire story and its
    rewrites count as one source. Shows evidence, never a verdict. Exit code 0 when evidence
    was found, 1 when none.
    """
    fmt = output_format(fmt, as_json)
    if (claim is None) == (claims_file is None):
        fail("give one claim, or --claims FILE (see: kcsearch check --help)")
    if claims_file is not None:
        _check_many(claims_file, fmt, index, after=after, before=before, until=until,
                    outlets=tuple(outlet or ()), exact_names=exact_names)
    with user_errors():
        _ensure_index(index)
        with kcsearch.open(index) as corpus:
            _stale_notice(corpus, index)
            result = corpus.check(claim, after=after, before=before, until=until,
                                  outlets=tuple(outlet or ()),
                                  exact_names=exact_names)
    for notice in result.notices:
        err(f"kcsearch: {notice}")
    emit(fmt, lambda: result.to_dict(), lambda: tables.check_table(result),
         lambda color: render.check_text(result, color), lambda: render.check_markdown(result))
    raise typer.Exit(0 if result.total else 1)


def emit(fmt: str, as_json: Callable[[], Any], table: Callable[[], tables.Table],
         text: Callable[[bool], str], markdown: Callable[[], str] | None = None) -> None:
    """Print a result in the format asked for (each form is made only if it is printed)."""
    if fmt == "json":
        out(json_text(as_json()))
    elif fmt == "csv":
        out(tables.csv_text(table()))
    elif fmt == "markdown":
        out(markdown() if markdown else tables.markdown_table(table()))
    else:
        color = sys.stdout.isatty()
        out(text(color), color)


def _check_many(source: str, fmt: str, index: Path | None, **filters: Any) -> NoReturn:
    """`check --claims`: every claim of a file, a summary table first (a claim that cannot be
    checked is listed with why; the others go on). Exit 0 when some claim has evidence."""
    from .claims import ClaimsFileError, read_claims

    try:
        claims = read_claims(source)
    except ClaimsFileError as e:
        fail(str(e))
    checked: list[render.Checked] = []
    progress = render.ProgressLine() if sys.stderr.isatty() and len(claims) > 1 else None
    with user_errors():
        _ensure_index(index)
        with kcsearch.open(index) as corpus:
            _stale_notice(corpus, index)
            for n, claim in enumerate(claims, 1):
                if progress:
                    progress.update(n, len(claims), claim)
                try:
                    checked.append((claim, corpus.check(claim, **filters), None))
                except kcsearch.QueryError as e:
                    checked.append((claim, None, str(e)))
    if progress:
        progress.clear()
    emit(fmt, lambda: {"claims": [{"claim": c, "error": e, **(r.tally() if r else {}),
                                   "result": r.to_dict() if r else None} for c, r, e in checked]},
         lambda: tables.batch_table(checked), lambda color: render.batch_text(checked, color),
         lambda: render.batch_markdown(checked))
    raise typer.Exit(0 if any(r is not None and r.total for _c, r, _e in checked) else 1)


@command("quotes", read_only=True)
def quotes_cmd(
    query: Annotated[str | None, typer.Argument(
        help="Words to find inside quotations (Whoosh syntax); leave out to list them all.",
        show_default=False)] = None,
    speaker: Annotated[str | None, typer.Option(
        "--speaker", help="Only this person's or body's quotations: --speaker Peskov.",
        show_default=False)] = None,
    after: AfterOpt = None,
    before: BeforeOpt = None,
    until: UntilOpt = None,
    outlet: OutletOpt = None,
    limit: Annotated[int, typer.Option("--limit", help="How many quotations to show.")] = 50,
    exact_names: ExactNamesOpt = False,
    short: Annotated[bool, typer.Option(
        "--short", help="Also list quotations of one or two words (\"lies\"); a query finds "
        "them anyway.")] = False,
    fmt: FormatOpt = "text",
    as_json: JsonOpt = False,
    index: IndexOpt = None,
) -> None:
    """List direct quotations with who said them, one per line.

    Examples: kcsearch quotes --speaker Peskov    kcsearch quotes ceasefire --after 2020-09
    kcsearch quotes --speaker Kremlin --short    kcsearch quotes --json --limit 100000 > all.json
    kcsearch quotes --speaker Aliyev --format csv > aliyev.csv
    """
    fmt = output_format(fmt, as_json)
    with user_errors():
        _ensure_index(index)
        with kcsearch.open(index) as corpus:
            _stale_notice(corpus, index)
            result = corpus.quotes(query, speaker=speaker, after=after, before=before, until=until,
                                   outlets=tuple(outlet or ()), limit=limit,
                                   exact_names=exact_names, short=short)
    for notice in result.notices:
        err(f"kcsearch: {notice}")
    if fmt == "json":
        out(json_text(result.to_dict()))
    elif fmt in ("csv", "markdown"):
        table = tables.quotes_table(result)
        out(tables.csv_text(table) if fmt == "csv" else tables.markdown_table(table))
        err(render.quotes_total_line(result))
    else:
        color = sys.stdout.isatty()
        text = render.quotes_text(result, color=color)
        if text:
            out(text, color)
        err(render.quotes_total_line(result))
    raise typer.Exit(0 if result.total else 1)


def _stale_notice(corpus: kcsearch.Corpus, index: Path | None) -> None:
    """Say on stderr when files were added, changed or removed under the indexed folders
    since the last `kcsearch index`, with the command that brings the index up to date."""
    stale = corpus.staleness()
    if stale is not None:
        err(f"kcsearch: {stale.message(str(kcsearch.index_path(index)))}")


def _index_targets(paths: list[Path] | None, sample: bool) -> list[Path]:
    """What `kcsearch index` reads: the paths given, the bundled sample when asked for, else
    ./corpus; never the sample unasked."""
    if sample:
        if paths:
            fail("give corpus folders or --sample, not both")
        bundled = kcsearch.sample_corpus()
        if bundled is None:
            fail("the sample corpus is not installed with this kcsearch")
        err(f"kcsearch: indexing the sample corpus shipped with kcsearch ({bundled})")
        return [bundled]
    if paths:
        return paths
    here = kcsearch.default_corpus()
    if here is None:
        fail("name the folders to index: kcsearch index FOLDER (this folder has no ./corpus); "
             "to try kcsearch on its sample articles: kcsearch index --sample")
    return [here]


def _ensure_index(index: Path | None) -> None:
    """The first search in a folder holding ./corpus builds the default index (./.kcsearch or
    $KCSEARCH_INDEX) from it, and one after an upgrade rebuilds the default index from the
    folders it was built from; both say so. Never from the bundled sample unasked."""
    if index is not None:
        return  # an index the user named is never rebuilt behind their back
    path = kcsearch.index_path(index)
    state = kcsearch.index_state(path)
    if state not in ("missing", "outdated"):
        return
    if state == "missing":
        here = kcsearch.default_corpus()
        if here is None:
            fail(f"no index at {path} (the index is --index PATH, else $KCSEARCH_INDEX, else "
                 "./.kcsearch here); build one: kcsearch index FOLDER, or try the sample "
                 "articles: kcsearch index --sample")
        sources, what = [here], "no index yet; building"
    else:
        sources = kcsearch.indexed_paths(path) or [c for c in [kcsearch.default_corpus()] if c]
        if not sources:
            return  # opening the index will say it is outdated and what to run
        what = "index is from an older kcsearch; rebuilding"
    err(f"kcsearch: {what} {path} from {' '.join(map(str, sources))} ...")
    report = kcsearch.build(sources, path)
    err(f"kcsearch: {report.summary()}")


@command("similar", read_only=True)
def similar_cmd(
    doc_id: DocIdArg,
    index: IndexOpt = None,
    fmt: FormatOpt = "text",
    as_json: JsonOpt = False,
) -> None:
    """List the articles that tell the same story (wire copies, light rewrites).

    Example: kcsearch similar 004_c67a387fa88ce996.txt
    Exit code 0 when some were found, 1 when none.
    """
    fmt = output_format(fmt, as_json)
    with user_errors(), kcsearch.open(index) as corpus:
        items = corpus.similar(doc_id)
    if fmt == "json":
        out(json_text({"id": doc_id, "similar": [i.to_dict() for i in items]}))
    elif fmt in ("csv", "markdown"):
        table = tables.similar_table(doc_id, items)
        out(tables.csv_text(table) if fmt == "csv" else tables.markdown_table(table))
    else:
        out(render.similar_text(doc_id, items))
    raise typer.Exit(0 if items else 1)


@command("show", read_only=True)
def show_cmd(
    doc_id: DocIdArg,
    index: IndexOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Print one cleaned article: fields, headings, body and quotes with speakers.

    Example: kcsearch show 004_c67a387fa88ce996.txt
    """
    with user_errors(), kcsearch.open(index) as corpus:
        doc = corpus.get(doc_id)
    out(json_text(doc.to_dict()) if as_json else render.document_text(doc))


@command("serve", read_only=False)
def serve_cmd(
    index: IndexOpt = None,
    port: Annotated[int, typer.Option("--port", min=0, max=65535, help="Port to listen on.")] = 8080,
    host: Annotated[str, typer.Option(
        "--host", help="Address to listen on. The default serves this machine only; another "
        "(0.0.0.0: every network) lets anyone who can reach it read the corpus.")] = "127.0.0.1",
) -> None:
    """A read-only web page for searching, reading articles, quotes and checks.

    Example: kcsearch serve --index ~/kc/index   then open http://127.0.0.1:8080/

    Every page is a link you can share; nothing on it changes the index. Stop with Ctrl-C.
    """
    from . import web

    with user_errors():
        corpus = kcsearch.open(index)
    if host not in ("127.0.0.1", "localhost", "::1"):
        err(f"kcsearch: warning: serving on {host}: anyone who can reach this machine on port "
            f"{port} can read the whole corpus")
    try:
        httpd = web.server(corpus, host, port)
    except OSError as e:
        fail(f"cannot listen on {host}:{port}: {e.strerror} (try another --port)")
    shown = f"[{host}]" if ":" in host else host
    err(f"kcsearch: serving {corpus.index_dir} at http://{shown}:{httpd.server_address[1]}/ "
        "(Ctrl-C stops)")
    try:
        httpd.serve_forever()
    except KeyboardInterrupt:
        err("kcsearch: stopped")
    finally:
        httpd.server_close()
        corpus.close()


def version() -> str:
    """The installed kcsearch's version (a source checkout run without installing: unknown)."""
    from importlib import metadata

    try:
        return metadata.version("kcsearch")
    except metadata.PackageNotFoundError:
        return "unknown (not installed)"


WATCH_ACTIONS = ("show", "add", "list", "remove")


@command("watch", read_only=False)
def watch_cmd(
    action: Annotated[str, typer.Argument(
        help="show (default: each saved search's new articles), add, list or remove.")] = "show",
    name: Annotated[str | None, typer.Argument(
        help="The saved search's name (add, remove).", show_default=False)] = None,
    query: Annotated[str | None, typer.Argument(
        help="What it searches for (add), in the search syntax.", show_default=False)] = None,
    after: AfterOpt = None,
    before: BeforeOpt = None,
    until: UntilOpt = None,
    outlet: OutletOpt = None,
    speaker: Annotated[str | None, typer.Option(
        "--speaker", help="Only articles quoting this person or body.", show_default=False)] = None,
    exact_names: ExactNamesOpt = False,
    peek: Annotated[bool, typer.Option(
        "--peek", help="Show the new articles without marking them shown.")] = False,
    fmt: FormatOpt = "text",
    as_json: JsonOpt = False,
    index: IndexOpt = None,
) -> None:
    """Saved searches: the articles new since each was last shown.

    Examples: kcsearch watch add lachin-blockade 'Lachin AND blockade' --after 2022-12
              kcsearch watch            (what is new for each saved search; marks it shown)
              kcsearch watch list       kcsearch watch remove lachin-blockade

    Saved searches live in the index folder; `kcsearch index` names those that gained
    articles. Exit code 0 when something is new (show) or done, 1 when nothing is new.
    """
    fmt = output_format(fmt, as_json)
    if action not in WATCH_ACTIONS:
        fail(f"unknown action {action!r}; use one of: {', '.join(WATCH_ACTIONS)}")
    if (action == "add") != (query is not None) or (action in ("add", "remove")) != (name is not None):
        fail({"add": "give a name and a query: kcsearch watch add NAME QUERY",
              "remove": "give the name: kcsearch watch remove NAME"}.get(
                  action, f"kcsearch watch {action} takes no name or query"))
    filters = {"after": after, "before": before, "until": until, "outlets": tuple(outlet or ()),
               "speaker": speaker, "exact_names": exact_names}
    with user_errors(), kcsearch.open(index) as corpus:
        if action == "add":
            assert name is not None and query is not None
            watch, now = corpus.watch_add(name, query, **filters)
            out(json_text(watch.to_dict()) if fmt == "json" else
                f"Saved search {watch.name!r}: {watch.query} ({now} article{'s' if now != 1 else ''} "
                "match now; `kcsearch watch` will list the ones that come after)")
            return
        if action == "remove":
            assert name is not None
            corpus.watch_remove(name)
            out(f"Removed the saved search {name!r}.")
            return
        if action == "list":
            saved = corpus.watches()
            if fmt == "json":
                out(json_text({"watches": [w.to_dict() for w in saved]}))
            else:
                out(render.watch_list(saved))
            raise typer.Exit(0)
        found = corpus.watch_news(mark=not peek)
    if fmt == "json":
        out(json_text({"watches": [n.to_dict() for n in found]}))
    elif fmt in ("csv", "markdown"):
        table = tables.watch_table(found)
        out(tables.csv_text(table) if fmt == "csv" else tables.markdown_table(table))
    else:
        out(render.watch_news_text(found, color=sys.stdout.isatty()), sys.stdout.isatty())
    raise typer.Exit(0 if any(n.new for n in found) else 1)


def _sigterm_as_interrupt(_signum: int, _frame: object) -> None:
    raise KeyboardInterrupt


def subcommands() -> set[str]:
    """The registered commands' names: what `kcsearch WORD` runs instead of searching WORD."""
    return {c.name for c in app.registered_commands if c.name}


def _command(name: str) -> typer.Typer:
    """An app of the one command a run uses: typer builds every registered command's click
    parameters from its signature on each run, and a run needs one."""
    one = typer.Typer(**SETTINGS)
    one.registered_commands = [c for c in app.registered_commands if c.name == name]
    return one


def main(argv: list[str] | None = None) -> None:
    """Entry point. Unexpected errors print one line (set KCSEARCH_DEBUG=1 for a traceback).

    Run as the `kcsearch` program (no argv given), a read-only command ends with _leave()."""
    args = list(sys.argv[1:] if argv is None else argv)
    if args[:1] in (["--version"], ["-V"]):
        out(f"kcsearch {version()}")
        return
    # Searching is the default command: `kcsearch QUERY ...` means `kcsearch search QUERY ...`.
    commands = subcommands()
    if args and args[0] not in commands and args[0] not in ("-h", "--help"):
        args.insert(0, "search")
    run, prog = app, "kcsearch"
    name = args[0] if args else ""
    if name in commands:
        run, prog, args = _command(name), f"kcsearch {name}", args[1:]
    _running[0] = prog
    try:
        run(args=args, prog_name=prog, standalone_mode=True)
    except SystemExit as done:
        if argv is None and name in READ_ONLY and (done.code is None or isinstance(done.code, int)):
            _leave(done.code or 0)
        raise
    except KeyboardInterrupt:
        err("kcsearch: interrupted")
        sys.exit(130)
    except Exception as e:  # last resort: a bug, not a user error
        if os.environ.get("KCSEARCH_DEBUG"):
            raise
        err(f"kcsearch: internal error: {type(e).__name__}: {e} "
            "(run with KCSEARCH_DEBUG=1 for details)")
        sys.exit(2)


def _leave(code: int) -> NoReturn:
    """End the process now, once its output is out, without the interpreter's shutdown.

    Shutdown tears down the modules a command loaded (typer and click bring most of them), a
    noticeable part of a `kcsearch QUERY` (bench/README.md: "Start-up"), after its last line
    was printed, with nothing to save or close (a read-only command holds no writer, and an
    index a search built first has been committed and closed). A reader that closed the pipe
    early gets exit code 1, as click gives when the pipe breaks while printing."""
    try:
        sys.stdout.flush()
    except OSError:  # BrokenPipeError: the reader has gone
        code = code or 1
    with contextlib.suppress(OSError):
        sys.stderr.flush()
    os._exit(code)
