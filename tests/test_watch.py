"""Saved searches: `kcsearch watch add/list/remove`, `kcsearch watch` listing what is new since
each was last shown, and `kcsearch index` naming those that gained articles."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import CORPUS, invoke


@pytest.fixture()
def indexed(tmp_path: Path, each_engine: str) -> tuple[Path, Path]:
    corpus = tmp_path / "c"
    shutil.copytree(CORPUS, corpus)
    assert invoke(["index", str(corpus), "--index", str(tmp_path / "ix")]).exit_code == 0
    return corpus, tmp_path / "ix"


def watch(index: Path, *args: str):
    return invoke(["watch", *args, "--index", str(index)])


def test_a_saved_search_shows_only_what_is_new_and_once(indexed: tuple[Path, Path]) -> None:
    corpus, index = indexed
    r = watch(index, "add", "mercs", "mercenaries", "--exact-names")
    assert r.exit_code == 0 and "2 articles match now" in r.stdout
    assert watch(index, "add", "shusha", "Shusha OR Shushi").exit_code == 0
    listed = watch(index, "list").stdout
    assert "mercs: mercenaries --exact-names" in listed and "shusha: Shusha OR Shushi" in listed
    assert watch(index, "show").exit_code == 1  # nothing new yet
    (corpus / "new.txt").write_text("Syrian mercenaries were seen in Shusha, officials said.\n")
    r = invoke(["index", str(corpus), "--index", str(index)])
    assert "saved searches with new articles: mercs (1), shusha (1); see them: kcsearch watch" in r.stderr
    peek = json.loads(watch(index, "--peek", "--json").stdout)  # --peek marks nothing shown
    assert [(w["name"], [h["id"] for h in w["new"]]) for w in peek["watches"]] == [
        ("mercs", ["new.txt"]), ("shusha", ["new.txt"])]
    r = watch(index)
    assert r.exit_code == 0 and "mercs: mercenaries: 1 new of 3" in r.stdout and "new.txt" in r.stdout
    assert watch(index).exit_code == 1  # shown once
    r = watch(index, "remove", "shusha")
    assert r.exit_code == 0 and "shusha" not in watch(index, "list").stdout


def test_csv_of_new_articles(indexed: tuple[Path, Path]) -> None:
    corpus, index = indexed
    watch(index, "add", "talks", "talks")
    (corpus / "t.txt").write_text("Peace talks resumed in Moscow, officials said.\n")
    invoke(["index", str(corpus), "--index", str(index)])
    lines = watch(index, "--format", "csv").stdout.splitlines()
    assert lines[0] == "watch,query,outlet,date,title,id,url" and lines[1].startswith("talks,talks,")


@pytest.mark.parametrize(("args", "message"), [
    (["add", "bad name", "x"], "a saved search's name is letters"),
    (["add", "x"], "give a name and a query"),
    (["remove", "nope"], "no saved search named 'nope'"),
    (["explode"], "unknown action 'explode'"),
    (["add", "q", '"unbalanced'], 'unbalanced "'),
])
def test_bad_input_is_one_line(indexed: tuple[Path, Path], args: list[str], message: str) -> None:
    _corpus, index = indexed
    r = watch(index, *args)
    assert r.exit_code == 2 and message in r.stderr and len(r.stderr.splitlines()) == 1


def test_a_name_taken_and_a_damaged_file(indexed: tuple[Path, Path]) -> None:
    _corpus, index = indexed
    watch(index, "add", "a", "talks")
    r = watch(index, "add", "a", "ceasefire")
    assert r.exit_code == 2 and "exists; remove it first" in r.stderr
    (index / "watches.json").write_text("{not json")
    r = watch(index, "list")
    assert r.exit_code == 2 and "are damaged; remove that file" in r.stderr


def test_concurrent_runs_keep_each_other_s_changes(indexed: tuple[Path, Path]) -> None:
    _corpus, index = indexed
    exe = str(Path(sys.executable).parent / "kcsearch")
    procs = [subprocess.Popen([exe, "watch", "add", f"w{n}", "ceasefire", "--index", str(index)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE) for n in range(8)]
    assert all(p.wait(timeout=120) == 0 for p in procs)
    saved = json.loads(watch(index, "list", "--json").stdout)["watches"]
    assert sorted(w["name"] for w in saved) == [f"w{n}" for n in range(8)]
