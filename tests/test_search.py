"""Search as a user runs it on the real corpus: CLI output, exit codes, JSON, API."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

import kcsearch
from conftest import invoke
from kcsearch.cli.main import main
from kcsearch.index.schema import tokens
from kcsearch.query import parse_bound

TRT = ["000_3c0a0dd70ffd9184.txt", "001_5bb3d145a699a386.txt"]


def search(index_dir: Path, *args: str):
    r = invoke(["search", *args, "--index", str(index_dir)])
    return r


def hit_ids(index_dir: Path, *args: str) -> list[str]:
    r = search(index_dir, *args, "--json")
    assert r.exit_code in (0, 1), r.output
    return [h["id"] for h in json.loads(r.stdout)["hits"]]


def test_minsk_group_after_returns_the_two_trt_articles(index_dir: Path) -> None:
    r = search(index_dir, "Minsk Group", "--after", "2020-09-27")
    assert r.exit_code == 0
    assert sorted(hit_ids(index_dir, "Minsk Group", "--after", "2020-09-27")) == TRT
    assert "**Minsk Group**" in r.stdout and "\x1b[" not in r.stdout  # piped: plain marks
    assert hit_ids(index_dir, "Minsk Group", "--after", "2020-09-29") == [TRT[1]]


def test_words_in_wrong_order_as_phrase_match_nothing(index_dir: Path) -> None:
    r = search(index_dir, '"Group Minsk"')
    assert r.exit_code == 1 and r.stdout.strip() == ""


def test_phrase_highlight_only_where_the_phrase_occurs(index_dir: Path) -> None:
    data = json.loads(search(index_dir, '"military death toll"', "--json").stdout)
    assert [h["id"] for h in data["hits"]] == [TRT[0]]
    for hit in data["hits"]:
        for snip in hit["snippets"]:
            assert [snip["text"][a:b] for a, b in snip["highlights"]] == ["military death toll"]


def test_json_highlights_point_at_matching_text(index_dir: Path) -> None:
    data = json.loads(search(index_dir, "ceasefire OR mercenaries", "--json").stdout)
    assert data["total"] >= 3
    for hit in data["hits"]:
        for snip in hit["snippets"]:
            for a, b in snip["highlights"]:
                terms = {t for t, _s, _e in tokens(snip["text"][a:b])}
                assert terms & {"ceasefir", "mercenari"}, snip["text"][a:b]


@pytest.mark.parametrize(("query", "expected"), [
    ("erdogan", {"000_3c0a0dd70ffd9184.txt", "002_f9a3e5e411da9d93.txt",
                 "003_f7b754d68ae601d2.txt", "004_c67a387fa88ce996.txt"}),
    ("Çavuşoğlu", {"001_5bb3d145a699a386.txt"}),
    ('"4,000"', {"003_f7b754d68ae601d2.txt", "004_c67a387fa88ce996.txt"}),
    ("4000", {"003_f7b754d68ae601d2.txt", "004_c67a387fa88ce996.txt"}),
    ('"Nagorno Karabakh" Stano', {"004_c67a387fa88ce996.txt"}),
    ("ceasefires", {"002_f9a3e5e411da9d93.txt", "003_f7b754d68ae601d2.txt",
                    "004_c67a387fa88ce996.txt", "001_5bb3d145a699a386.txt"}),
])
def test_folding_numbers_hyphens_stemming(index_dir: Path, query: str, expected: set[str]) -> None:
    assert set(hit_ids(index_dir, query)) == expected


def test_speaker_filter(index_dir: Path) -> None:
    assert sorted(hit_ids(index_dir, "Karabakh", "--speaker", "Peskov")) == [
        "001_5bb3d145a699a386.txt", "003_f7b754d68ae601d2.txt", "004_c67a387fa88ce996.txt"]
    assert hit_ids(index_dir, "Karabakh", "--speaker", "Macron") == []


def test_outlet_filter_and_unknown_outlet(index_dir: Path) -> None:
    assert hit_ids(index_dir, "Karabakh", "--outlet", "guardian") == ["004_c67a387fa88ce996.txt"]
    r = search(index_dir, "Karabakh", "--outlet", "Pravda")
    assert r.exit_code == 2
    assert "unknown outlet 'Pravda'; the index has: Financial Times, TRT World, The Guardian" in r.stderr


def test_date_bounds_and_month_year_forms(index_dir: Path) -> None:
    day = ["000_3c0a0dd70ffd9184.txt", "003_f7b754d68ae601d2.txt", "004_c67a387fa88ce996.txt"]
    assert sorted(hit_ids(index_dir, "Karabakh", "--after", "2020-09-28", "--until", "2020-09-28")) == day
    assert sorted(hit_ids(index_dir, "Karabakh", "--after", "2020-09-28", "--before", "2020-09-29")) == day
    assert len(hit_ids(index_dir, "Karabakh", "--after", "2020-09", "--until", "2020-09")) == 4
    assert hit_ids(index_dir, "Karabakh", "--after", "2023") == ["002_f9a3e5e411da9d93.txt"]
    # "before 2023" means what it says: up to 31 December 2022; --until 2023 keeps 2023
    assert "002_f9a3e5e411da9d93.txt" not in hit_ids(index_dir, "Karabakh", "--before", "2023")
    assert "002_f9a3e5e411da9d93.txt" in hit_ids(index_dir, "Karabakh", "--until", "2023")
    assert hit_ids(index_dir, "Karabakh", "--before", "2020-09-28") == []


@pytest.mark.parametrize(("value", "start", "end"), [
    ("2020-02", "2020-02-01", "2020-02-29"),  # a leap year's February
    ("2021-02", "2021-02-01", "2021-02-28"),
    ("2020-04", "2020-04-01", "2020-04-30"),
    ("2020-12", "2020-12-01", "2020-12-31"),  # the next month is in the next year
    ("2020", "2020-01-01", "2020-12-31"),
    ("2020-9-7", "2020-09-07", "2020-09-07"),
])
def test_a_month_or_year_bound_covers_it_whole(value: str, start: str, end: str) -> None:
    assert parse_bound(value, "--after", end=False).isoformat() == start
    assert parse_bound(value, "--before", end=True).isoformat() == end


def test_sort_orders(index_dir: Path) -> None:
    newest = hit_ids(index_dir, "Karabakh", "--sort", "newest")
    assert newest[0] == "002_f9a3e5e411da9d93.txt"
    assert hit_ids(index_dir, "Karabakh", "--sort", "oldest")[-1] == "002_f9a3e5e411da9d93.txt"


@pytest.mark.parametrize(("args", "message"), [
    (["Karabakh", "--after", "2020-13-45"], "--after '2020-13-45' is not a date"),
    (["Karabakh", "--before", "soon"], "--before 'soon' is not a date"),
    (["Karabakh", "--after", "2021", "--before", "2020"], "not earlier than --before 2020"),
    (["Karabakh", "--after", "2020-09-28", "--before", "2020-09-28"], "nothing can match"),
    (["Karabakh", "--before", "2021", "--until", "2020"], "not both"),
    (["Karabakh", "--until", "later"], "--until 'later' is not a date"),
    (["   "], "the query is empty"),
    (['"Minsk Group'], 'unbalanced "'),
    (["(Minsk"], "unbalanced parenthesis"),
    (["publisher:reuters"], "unknown field 'publisher'"),
])
def test_bad_input_one_line_exit_2(index_dir: Path, args: list[str], message: str) -> None:
    r = search(index_dir, *args)
    assert r.exit_code == 2, r.output
    assert r.stderr.startswith("kcsearch: error: ") and message in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1 and r.stdout == ""


def test_missing_index_exit_2(tmp_path: Path) -> None:
    r = search(tmp_path / "nothing", "Karabakh")
    assert r.exit_code == 2 and "no index at" in r.stderr


def test_default_command_and_first_search_builds_index(tmp_path: Path, monkeypatch,
                                                       capsys) -> None:
    import shutil

    from conftest import CORPUS
    shutil.copytree(CORPUS, tmp_path / "corpus")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("KCSEARCH_INDEX", raising=False)
    with pytest.raises(SystemExit) as exit_:
        main(["Minsk Group", "--after", "2020-09-27"])
    out, err = capsys.readouterr()
    assert exit_.value.code == 0
    assert "no index yet; building .kcsearch from corpus" in err
    assert "2 articles matched" in err and out.count("TRT World") == 2


def test_api_returns_typed_results_same_as_cli(index_dir: Path) -> None:
    with kcsearch.open(index_dir) as c:
        res = c.search("Minsk Group", after="2020-09-27")
        with pytest.raises(kcsearch.QueryError):
            c.search("x", after="soon")
    assert isinstance(res, kcsearch.SearchResult) and isinstance(res.hits[0], kcsearch.Hit)
    cli = json.loads(search(index_dir, "Minsk Group", "--after", "2020-09-27", "--json").stdout)
    assert res.to_dict() == cli
    assert all(re.fullmatch(r"Minsk Group", s.text[a:b]) for h in res.hits for s in h.snippets
               for a, b in s.highlights)


# --- query language on a small purpose-built corpus (tests/data/search) -------------------

@pytest.fixture(scope="module")
def small_index(tmp_path_factory: pytest.TempPathFactory, engine: str) -> Path:
    from conftest import DATA

    ix = tmp_path_factory.mktemp("small") / "ix"
    assert not kcsearch.build([DATA / "search"], ix, engine=engine).failed
    return ix


def test_dropped_stop_words_never_make_a_phrase(small_index: Path, index_dir: Path) -> None:
    # "calling and yet them": a stop-word filter that renumbers positions would match this
    assert hit_ids(small_index, '"called them"') == []
    assert hit_ids(small_index, '"calling and yet them"') == ["stopword-trap.txt"]
    assert hit_ids(index_dir, '"called them"') == ["001_5bb3d145a699a386.txt"]


def test_hyphenated_words_match_both_ways(small_index: Path, index_dir: Path) -> None:
    assert hit_ids(small_index, "Nagorno-Karabakh") == ["stopword-trap.txt"]  # text has a space
    assert len(hit_ids(index_dir, '"Nagorno Karabakh"')) == 5  # the corpus has the hyphen


def test_possessives_match_both_ways(index_dir: Path) -> None:
    baku = set(hit_ids(index_dir, "Baku"))
    assert set(hit_ids(index_dir, "Baku's")) == baku
    assert "002_f9a3e5e411da9d93.txt" in baku  # written "Baku's announcement" there


def test_fuzzy_proximity_wildcard_and_fields(small_index: Path, index_dir: Path) -> None:
    assert hit_ids(small_index, "Pashinian~") == ["stopword-trap.txt"]
    assert hit_ids(index_dir, '"Armenia Turkey"~5') != []
    assert hit_ids(index_dir, '"Armenia Turkey"') == []
    assert set(hit_ids(index_dir, "mercenar*")) == {"003_f7b754d68ae601d2.txt", "004_c67a387fa88ce996.txt"}
    assert hit_ids(index_dir, "title:killed") == ["004_c67a387fa88ce996.txt"]
    assert hit_ids(index_dir, "outlet:guardian Karabakh") == ["004_c67a387fa88ce996.txt"]
    assert hit_ids(index_dir, "author:safi") == ["004_c67a387fa88ce996.txt"]
    assert sorted(hit_ids(index_dir, "speaker:peskov")) == [
        "001_5bb3d145a699a386.txt", "003_f7b754d68ae601d2.txt", "004_c67a387fa88ce996.txt"]
    assert hit_ids(index_dir, "quote:hostilities") == ["004_c67a387fa88ce996.txt"]
    # 000 names Turkey only in its dropped photo caption (its body misspells it "Tukey")
    assert hit_ids(index_dir, "Karabakh NOT Turkey") == ["000_3c0a0dd70ffd9184.txt"]
    assert set(hit_ids(index_dir, "Seibert OR Stano")) == {"001_5bb3d145a699a386.txt",
                                                          "004_c67a387fa88ce996.txt"}


def test_title_outranks_body(small_index: Path) -> None:
    # the two bodies are near copies, so they are one story unless expanded
    assert hit_ids(small_index, "ceasefire border", "--expand")[:2] == ["title-weight.md", "body-only.md"]
    assert hit_ids(small_index, "ceasefire border") == ["title-weight.md"]


def test_undated_articles_excluded_by_date_filter_with_notice(small_index: Path) -> None:
    r = search(small_index, "ceasefire", "--after", "2021")
    assert "undated.txt" not in r.stdout
    assert "1 matching article without a date was excluded by --after" in r.stderr
    assert "undated.txt" in search(small_index, "ceasefire").stdout


def test_facets_count_the_whole_matching_set(index_dir: Path) -> None:
    data = json.loads(search(index_dir, "Karabakh", "--facets", "--limit", "1", "--json").stdout)
    assert len(data["hits"]) == 1 and data["total"] == 5
    f = data["facets"]
    assert f["outlet"] == {"TRT World": 2, "Financial Times": 1, "The Guardian": 1, "unknown": 1}
    assert f["month"] == {"2020-09": 4, "2023-09": 1}
    assert f["speaker"]["Recep Tayyip Erdogan"] == 4  # with the Guardian's "Erdoğan" folded in
    assert f["speaker"]["Dmitry Peskov"] == 3
    text = search(index_dir, "Karabakh", "--facets").stdout
    assert "Outlets: TRT World 2" in text and "Months: 2020-09 4 · 2023-09 1" in text


# --- quotes ---------------------------------------------------------------------------------

def quotes(index_dir: Path, *args: str):
    return invoke(["quotes", *args, "--index", str(index_dir)])


def test_quotes_by_speaker(index_dir: Path) -> None:
    r = quotes(index_dir, "--speaker", "Peskov")
    assert r.exit_code == 0
    lines = r.stdout.strip().splitlines()
    assert len(lines) == 4 and all(line.startswith("Dmitry Peskov (Kremlin") for line in lines)
    assert ("“It’s important now to stop the fighting rather than try to find out who’s right and "
            "who’s wrong” — Financial Times · 2020-09-28 · 003_f7b754d68ae601d2.txt") in r.stdout
    assert "“We believe that the hostilities should be immediately ended” — The Guardian" in r.stdout
    assert "4 quotations matched" in r.stderr


def test_quotes_matching_words_highlighted(index_dir: Path) -> None:
    data = json.loads(quotes(index_dir, "ceasefire", "--json").stdout)
    assert data["query"] == "ceasefire" and data["total"] == 2
    assert {q["speaker"] for q in data["quotes"]} == {"Steffen Seibert", "Dmitry Peskov"}
    for q in data["quotes"]:
        assert [q["text"][a:b] for a, b in q["highlights"]] == ["ceasefire"]
        assert set(q) == {"id", "speaker", "role", "text", "outlet", "date", "highlights",
                          "short", "speaker_kind", "speaker_key", "how", "url"}


def test_quotes_match_within_one_quotation(index_dir: Path) -> None:
    # both words occur in the Guardian's quotes, but never in the same quotation
    assert quotes(index_dir, "hostilities solution").exit_code == 1
    assert quotes(index_dir, "military solution").exit_code == 0


def test_all_quotes_listed_without_query(index_dir: Path) -> None:
    data = json.loads(quotes(index_dir, "--json", "--limit", "100").stdout)
    assert data["query"] is None and data["total"] == 29
    dates = [q["date"] for q in data["quotes"]]
    assert dates == sorted(dates)


def test_quotes_filters_and_errors(index_dir: Path) -> None:
    data = json.loads(quotes(index_dir, "--outlet", "ft", "--json").stdout)
    assert {q["outlet"] for q in data["quotes"]} == {"Financial Times"}
    r = quotes(index_dir, "--after", "2020-13")
    assert r.exit_code == 2 and "--after '2020-13' is not a date" in r.stderr


# --- bad input through the API ---------------------------------------------------------------

@pytest.mark.parametrize(("kwargs", "error", "message"), [
    ({"query": "x", "after": "2020-13-45"}, kcsearch.QueryError, "is not a date"),
    ({"query": "x", "after": "2021", "before": "2020"}, kcsearch.QueryError, "nothing can match"),
    ({"query": ""}, kcsearch.QueryError, "the query is empty"),
    ({"query": "x", "outlets": ["Pravda"]}, kcsearch.QueryError, "unknown outlet 'Pravda'"),
    ({"query": "foo:bar"}, kcsearch.QueryError, "unknown field 'foo'"),
    ({"query": "x", "sort": "random"}, kcsearch.QueryError, "--sort"),
])
def test_api_bad_input(corpus: kcsearch.Corpus, kwargs: dict, error: type, message: str) -> None:
    with pytest.raises(error, match=re.escape(message)):
        corpus.search(**kwargs)


def test_index_being_built_is_a_clear_error(tmp_path: Path) -> None:
    from kcsearch.index import storage

    ix = tmp_path / "ix"
    with storage.write_lock(ix):
        with pytest.raises(kcsearch.IndexLockedError, match="being built by another kcsearch"):
            kcsearch.open(ix)
        r = search(ix, "Karabakh")
    assert r.exit_code == 2 and "being built" in r.stderr


def test_search_while_indexing_reads_the_committed_index(index_dir: Path) -> None:
    from kcsearch.index import storage

    with storage.write_lock(index_dir):
        assert sorted(hit_ids(index_dir, "Minsk Group", "--after", "2020-09-27")) == TRT


def test_index_path_that_is_a_file(tmp_path: Path) -> None:
    f = tmp_path / "file"
    f.write_text("x")
    r = search(f, "Karabakh")
    assert r.exit_code == 2 and "is not a folder" in r.stderr


def test_help_explains_options_with_examples() -> None:
    r = invoke(["search", "--help"])
    for text in ("--after", "--before", "--outlet", "--speaker", "--limit", "--sort", "--json",
                 "--facets", "--index", 'kcsearch "Minsk Group" --after 2020-09-27'):
        assert text in r.stdout


@pytest.mark.parametrize(("argv", "code", "shown"), [
    (["quotes", "-h"], 0, "Usage: kcsearch quotes [OPTIONS] [QUERY]"),
    (["show", "--help"], 0, "Usage: kcsearch show [OPTIONS] ID"),
    (["--help"], 0, "kcsearch show 004_c67a387fa88ce996.txt"),
    (["ceasefire", "--bogus"], 2, "No such option '--bogus'. (see: kcsearch search --help)"),
    (["search", "--limit"], 2, "requires an argument. (see: kcsearch search --help)"),
    (["check"], 2, "give one claim, or --claims FILE"),
])
def test_entry_point_runs_one_command_under_its_full_name(argv: list[str], code: int, shown: str,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    # main() hands typer only the command a run uses: help and usage errors must still name it
    with pytest.raises(SystemExit) as exit_:
        main(argv)
    out, err = capsys.readouterr()
    assert exit_.value.code == code and shown in out + err
    if argv == ["--help"]:  # the top-level help still lists every command
        assert all(name in out for name in ("index", "search", "quotes", "check", "similar", "show"))


KCSEARCH = Path(sys.executable).parent / "kcsearch"


def test_the_program_prints_everything_before_it_leaves(index_dir: Path) -> None:
    # a read-only command ends with os._exit (cli.main._leave): nothing printed may be lost
    proc = subprocess.run([str(KCSEARCH), "the", "--limit", "500", "--expand", "--json",
                           "--index", str(index_dir)], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    result = json.loads(proc.stdout)  # all of it arrived: it parses
    assert result["total"] >= 5 and len(result["hits"]) == result["total"]
    proc = subprocess.run([str(KCSEARCH), "ceasefire", "--index", str(index_dir)],
                          capture_output=True, text=True)
    assert proc.returncode == 0 and "ceasefire" in proc.stdout.lower()
    assert re.fullmatch(r"\d+ articles? matched.*\n", proc.stderr)  # the total line, last
    proc = subprocess.run([str(KCSEARCH), "zzyzxq", "--index", str(index_dir)],
                          capture_output=True, text=True)
    assert proc.returncode == 1 and proc.stdout == "" and proc.stderr == "0 articles matched\n"


def test_a_reader_that_goes_early_gets_exit_code_1_and_no_traceback(index_dir: Path) -> None:
    proc = subprocess.Popen([str(KCSEARCH), "the", "--json", "--index", str(index_dir)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.close()  # before the program can print: its first write finds the pipe closed
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=60) == 1 and err == ""


@pytest.mark.parametrize(("damage", "message"), [
    ("corrupt-meta", "(not valid JSON); rebuild with: kcsearch index --rebuild"),
    ("older", "built by an older kcsearch"),
    ("no-toc", "is damaged"),
    ("no-meta", "no index at"),
])
def test_unusable_index_through_the_cli(corpus_copy: Path, tmp_path: Path, damage: str,
                                        message: str) -> None:
    ix = tmp_path / "ix"
    kcsearch.build([corpus_copy], ix)
    meta = ix / "kcsearch.json"
    if damage == "corrupt-meta":
        meta.write_text("{")
    elif damage == "older":
        from kcsearch.index.schema import SCHEMA_VERSION
        meta.write_text(meta.read_text().replace(f'"schema_version": {SCHEMA_VERSION}',
                                                 f'"schema_version": {SCHEMA_VERSION - 1}'))
    elif damage == "no-toc":
        for f in ix.glob("*.toc"):
            f.unlink()
    else:
        meta.unlink()
    for cmd in (["search", "Karabakh"], ["quotes"], ["show", "x"]):
        r = invoke([*cmd, "--index", str(ix)])
        assert r.exit_code == 2 and message in r.stderr, (cmd, r.output)
        assert len(r.stderr.strip().splitlines()) == 1 and "Traceback" not in r.output


@pytest.mark.parametrize("corpus_here", [True, False])
def test_first_search_after_an_upgrade_rebuilds_the_default_index(tmp_path: Path, monkeypatch,
                                                                  capsys, corpus_here: bool) -> None:
    """From the folders it was built from (corpus.json), here ./corpus or a folder elsewhere."""
    import shutil

    from conftest import CORPUS
    from kcsearch.index.schema import SCHEMA_VERSION
    source = tmp_path / "corpus" if corpus_here else tmp_path / "elsewhere" / "mine"
    shutil.copytree(CORPUS, source)
    work = tmp_path if corpus_here else tmp_path / "work"
    work.mkdir(exist_ok=True)
    monkeypatch.chdir(work)
    monkeypatch.delenv("KCSEARCH_INDEX", raising=False)
    kcsearch.build([source], ".kcsearch")
    meta = work / ".kcsearch" / "kcsearch.json"
    meta.write_text(meta.read_text().replace(f'"schema_version": {SCHEMA_VERSION}',
                                             f'"schema_version": {SCHEMA_VERSION - 1}'))
    with pytest.raises(SystemExit) as exit_:
        main(["Minsk Group"])
    assert exit_.value.code == 0
    err = capsys.readouterr().err
    assert f"index is from an older kcsearch; rebuilding .kcsearch from {source.resolve()}" in err
    assert kcsearch.index_state(".kcsearch") == "current"


def test_fast_tokens_equal_the_index_analyzer() -> None:
    from conftest import CORPUS, DATA
    from kcsearch.index.schema import name_tokens, tokens
    from kcsearch.index.whoosh_engine import name_analyzer, text_analyzer
    analyzer, names = text_analyzer(), name_analyzer()
    texts = [p.read_text(encoding="utf-8") for p in [*CORPUS.glob("*.txt"), *DATA.rglob("*.txt")]]
    texts.append("Erdoğan's 4,000 Çavuşoğlu’s Nagorno-Karabakh 1,234.5 don't ceasefires killed")
    for text in texts:
        slow = [(t.text, t.startchar, t.endchar)
                for t in analyzer(text, chars=True, positions=True, mode="index")]
        assert tokens(text) == slow
        assert name_tokens(text) == [(t.text, t.startchar, t.endchar)
                                     for t in names(text, chars=True, positions=True, mode="index")]


def test_pages_of_collapsed_stories_follow_on_without_repeats(index_dir: Path) -> None:
    """Page 2 of a list where wire copies collapse into one story starts after page 1's last
    story: the pages together are one long page, split."""
    with kcsearch.open(index_dir) as c:
        for expand in (False, True):
            whole = c.search("Armenia", limit=6, expand=expand)
            pages = [c.search("Armenia", limit=2, page=n, expand=expand) for n in (1, 2, 3, 4)]
            assert [h.id for p in pages for h in p.hits] == [h.id for h in whole.hits]
            assert [h.also for p in pages for h in p.hits] == [h.also for h in whole.hits]
            assert all(p.total == whole.total and p.page == n for n, p in enumerate(pages, 1))
        with pytest.raises(kcsearch.QueryError, match="--page"):
            c.search("Armenia", page=0)
    r = invoke(["search", "Armenia", "--limit", "1", "--page", "2", "--index", str(index_dir)])
    assert r.exit_code == 0 and "(page 2: 1 of them; --page 3 for more)" in r.stderr
    r = invoke(["search", "Minsk Group", "--limit", "1", "--page", "2", "--index", str(index_dir)])
    assert r.exit_code == 0 and r.stderr.endswith("(page 2: 1 of them)\n"), r.stderr
