"""--format csv and markdown on search, quotes, check and similar: one row per item, URLs where
articles have them, and no spreadsheet formula or control character from article text."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

import kcsearch
from conftest import invoke
from kcsearch.cli.tables import csv_cell


@pytest.mark.parametrize(("value", "cell"), [
    ("=HYPERLINK(\"http://x\",\"y\")", "'=HYPERLINK(\"http://x\",\"y\")"),
    ("+1", "'+1"), ("-2+3", "'-2+3"), ("@SUM(A1)", "'@SUM(A1)"), ("\tx", "'\tx"),
    ("Turkey sent 4,000", "Turkey sent 4,000"), ("a\x1b[2Jb", "a␛[2Jb"), (None, ""),
])
def test_a_csv_cell_is_never_a_formula_nor_a_control(value: str | None, cell: str) -> None:
    assert csv_cell(value) == cell


@pytest.fixture(scope="module")
def linked_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("tables")
    corpus = root / "c"
    corpus.mkdir()
    (corpus / "a.txt").write_text(
        "Ceasefire talks in Moscow\n\n=cmd|' /C calc'!A0 was written in the ceasefire report.\n\n"
        "\"The ceasefire must hold,\" Dmitry Peskov said.\n\n"
        "Turkey sent 4,000 Syrian mercenaries, Armenian officials said.\n")
    (corpus / "b.txt").write_text("Ceasefire report\n\nA ceasefire was signed, officials said.\n")
    (corpus / "sources.toml").write_text('["a.txt"]\noutlet = "Example News"\n'
                                         'url = "https://example.org/ceasefire"\ndate = 2020-10-10\n')
    kcsearch.build([corpus], root / "ix")
    return root / "ix"


def rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def run(index: Path, *args: str):
    return invoke([*args, "--index", str(index)])


def test_search_csv_has_a_row_per_hit_with_its_url(linked_index: Path) -> None:
    r = run(linked_index, "search", "ceasefire", "--format", "csv")
    assert r.exit_code == 0
    got = rows(r.stdout)
    assert [row["rank"] for row in got] == ["1", "2"]
    a = next(row for row in got if row["id"] == "a.txt")
    assert (a["outlet"], a["date"], a["url"]) == ("Example News", "2020-10-10", "https://example.org/ceasefire")
    assert "matched" in r.stderr and "matched" not in r.stdout  # the count stays off the table


def test_a_formula_in_article_text_stays_text_in_csv(linked_index: Path) -> None:
    r = run(linked_index, "search", "calc", "--format", "csv")
    [row] = rows(r.stdout)
    assert row["snippet"].startswith("'=cmd|")


def test_quotes_csv_and_markdown(linked_index: Path) -> None:
    [row] = rows(run(linked_index, "quotes", "--speaker", "Peskov", "--format", "csv").stdout)
    assert (row["speaker"], row["quotation"], row["url"]) == (
        "Dmitry Peskov", "The ceasefire must hold", "https://example.org/ceasefire")
    md = run(linked_index, "quotes", "--speaker", "Peskov", "--format", "markdown").stdout.splitlines()
    assert md[0] == "| speaker | role | speaker_kind | quotation | outlet | date | id | url |"
    assert len(md) == 3 and md[2].count(" | ") == 7


def test_check_csv_rows_for_evidence_figures_and_denials(linked_index: Path) -> None:
    r = run(linked_index, "check", "Turkey sent 4,000 Syrian mercenaries", "--format", "csv")
    got = rows(r.stdout)
    kinds = [row["row"] for row in got]
    assert kinds[0] == "evidence" and "figure" in kinds
    fig = next(row for row in got if row["row"] == "figure")
    assert (fig["scope"], fig["figure"], fig["verdict"], fig["url"]) == (
        "fighters · Syria", "4,000 Syrian mercenaries", "matches", "https://example.org/ceasefire")


def test_similar_csv_and_bad_formats(linked_index: Path) -> None:
    r = run(linked_index, "similar", "a.txt", "--format", "csv")
    assert r.stdout.splitlines()[0] == "of,overlap,same_story,outlet,date,title,id"
    for cmd in (["search", "ceasefire"], ["quotes"], ["check", "ceasefire"], ["similar", "a.txt"]):
        r = run(linked_index, *cmd, "--format", "pdf")
        assert r.exit_code == 2 and "--format 'pdf' is not one of: text, json, csv, markdown" in r.stderr
