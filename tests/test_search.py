"""Search as a user runs it on the real corpus: CLI output, exit codes, JSON, API."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

import kcsearch
from kcsearch.cli.main import app, main
from kcsearch.index.schema import tokens

runner = CliRunner()
TRT = ["000_3c0a0dd70ffd9184.txt", "001_5bb3d145a699a386.txt"]


def search(index_dir: Path, *args: str):
    r = runner.invoke(app, ["search", *args, "--index", str(index_dir)])
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
    ('"Nagorno Karabakh" Artsakh', {"004_c67a387fa88ce996.txt"}),
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


def test_date_bounds_inclusive_and_month_year_forms(index_dir: Path) -> None:
    assert sorted(hit_ids(index_dir, "Karabakh", "--after", "2020-09-28", "--before", "2020-09-28")) \
        == ["000_3c0a0dd70ffd9184.txt", "003_f7b754d68ae601d2.txt", "004_c67a387fa88ce996.txt"]
    assert len(hit_ids(index_dir, "Karabakh", "--after", "2020-09", "--before", "2020-09")) == 4
    assert hit_ids(index_dir, "Karabakh", "--after", "2023") == ["002_f9a3e5e411da9d93.txt"]


def test_sort_orders(index_dir: Path) -> None:
    newest = hit_ids(index_dir, "Karabakh", "--sort", "newest")
    assert newest[0] == "002_f9a3e5e411da9d93.txt"
    assert hit_ids(index_dir, "Karabakh", "--sort", "oldest")[-1] == "002_f9a3e5e411da9d93.txt"


@pytest.mark.parametrize(("args", "message"), [
    (["Karabakh", "--after", "2020-13-45"], "--after '2020-13-45' is not a date"),
    (["Karabakh", "--before", "soon"], "--before 'soon' is not a date"),
    (["Karabakh", "--after", "2021", "--before", "2020"], "later than --before"),
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
    assert "no index yet; building .kcsearch from ./corpus" in err
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
