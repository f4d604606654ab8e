"""`kcsearch check --claims`: a checker's list of claims, from a spreadsheet's CSV or a text
file or stdin, with a summary table and each claim's evidence in every format."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from conftest import invoke

CLAIMS_CSV = ('claim,source,notes\n"Turkey sent 10,000 Syrian mercenaries",tweet,"a, b"\n'
              "A ceasefire was signed in 1998,blog,\n\"the of\",x,\nPenguins colonised Antarctica,y,\n")


def run(index_dir: Path, *args: str, **kwargs: object):
    return invoke(["check", *args, "--index", str(index_dir)], **kwargs)


@pytest.fixture()
def claims_csv(tmp_path: Path) -> Path:
    path = tmp_path / "claims.csv"
    path.write_text(CLAIMS_CSV, encoding="utf-8-sig")  # as a spreadsheet saves "CSV UTF-8"
    return path


def test_summary_table_then_each_claim(index_dir: Path, claims_csv: Path) -> None:
    r = run(index_dir, "--claims", str(claims_csv))
    assert r.exit_code == 0
    lines = r.stdout.splitlines()
    assert lines[0] == "Claims checked: 4. kcsearch shows evidence, not a verdict."
    row = next(line for line in lines if line.startswith("Turkey sent 10,000 Syrian mercenaries"))
    assert row.split()[-6:] == ["2", "4", "0", "2", "0", "7"]  # stories, sentences, =, ≠, ~, disputes
    assert any("the of" in line and "not checked: the claim 'the of' has no words" in line for line in lines)
    assert "Claim: A ceasefire was signed in 1998" in r.stdout and "≠1994" in r.stdout


def test_json_and_csv(index_dir: Path, claims_csv: Path) -> None:
    data = json.loads(run(index_dir, "--claims", str(claims_csv), "--json").stdout)
    first = data["claims"][0]
    assert (first["claim"], first["figures_differing"], first["error"]) == (
        "Turkey sent 10,000 Syrian mercenaries", 2, None)
    assert first["result"]["sources_differ_from_claim"] and data["claims"][2]["result"] is None
    rows = list(csv.DictReader(io.StringIO(run(index_dir, "--claims", str(claims_csv), "--format",
                                               "csv").stdout)))
    summary = [r for r in rows if r["row"] == "summary"]
    assert [r["claim"] for r in summary] == ["Turkey sent 10,000 Syrian mercenaries",
                                             "A ceasefire was signed in 1998", "the of",
                                             "Penguins colonised Antarctica"]
    assert summary[1]["figures_differing"] == "1" and "no words" in summary[2]["error"]
    year = next(r for r in rows if r["row"] == "figure" and r["claim"].endswith("1998"))
    assert (year["figure"], year["verdict"]) == ("1994", "differs")


def test_one_claim_a_line_from_stdin(index_dir: Path) -> None:
    text = "# my list\nTurkey sent 4,000 Syrian mercenaries\n\nA ceasefire was signed\n"
    r = run(index_dir, "--claims", "-", "--format", "markdown", input=text)
    assert r.exit_code == 0
    assert "| Turkey sent 4,000 Syrian mercenaries | 2 | 4 | 2 | 0 | 0 | 7 |  |" in r.stdout
    assert r.stdout.count("### Evidence on:") == 2


def test_nothing_found_for_any_claim_exits_1(index_dir: Path) -> None:
    assert run(index_dir, "--claims", "-", input="Penguins colonised Antarctica\n").exit_code == 1


@pytest.mark.parametrize(("args", "content", "message"), [
    (["Turkey", "--claims", "x.csv"], None, "give one claim, or --claims FILE"),
    ([], None, "give one claim, or --claims FILE"),
    (["--claims", "missing.csv"], None, "cannot read claims file missing.csv"),
    (["--claims", "{file}"], b"\xff\xfe\x00bad", "is not UTF-8 text"),
    (["--claims", "{file}"], b"\n# only a comment\n", "holds no claim"),
])
def test_bad_claims_input_is_one_line(index_dir: Path, tmp_path: Path, monkeypatch, args: list[str],
                                      content: bytes | None, message: str) -> None:
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "c.txt"
    if content is not None:
        path.write_bytes(content)
    r = run(index_dir, *[a.replace("{file}", str(path)) for a in args])
    assert r.exit_code == 2 and message in r.stderr and len(r.stderr.splitlines()) == 1
