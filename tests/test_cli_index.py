"""`kcsearch index` and `kcsearch show` as a user runs them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import SEEDS, invoke
from kcsearch.index import storage


def run(*args: str, env: dict[str, str] | None = None):
    return invoke(list(args), env=env)


def test_index_summary_and_second_run(corpus_copy: Path, tmp_path: Path) -> None:
    ix = str(tmp_path / "ix")
    r = run("index", str(corpus_copy), "--index", ix)
    assert r.exit_code == 0, r.output
    assert "5 added, 0 updated, 0 removed, 0 unchanged, 0 failed" in r.stdout
    r = run("index", str(corpus_copy), "--index", ix)
    assert "0 added, 0 updated, 0 removed, 5 unchanged, 0 failed; index unchanged" in r.stdout


def test_index_json_report(corpus_copy: Path, tmp_path: Path) -> None:
    r = run("index", str(corpus_copy), "--index", str(tmp_path / "ix"), "--json")
    report = json.loads(r.stdout)
    assert sorted(report["added"]) == SEEDS and report["failed"] == []


def test_default_corpus_and_env_index(corpus_copy: Path, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(corpus_copy.parent)  # ./corpus is the default
    r = run("index", env={"KCSEARCH_INDEX": str(tmp_path / "env-ix")})
    assert r.exit_code == 0 and (tmp_path / "env-ix" / "kcsearch.json").exists()


def test_bad_files_named_on_stderr_exit_1(corpus_copy: Path, tmp_path: Path) -> None:
    (corpus_copy / "bad.txt").write_bytes(b"\x00\x01binary")
    r = run("index", str(corpus_copy), "--index", str(tmp_path / "ix"))
    assert r.exit_code == 1
    assert f"kcsearch: skipped {corpus_copy / 'bad.txt'}: binary file, not text" in r.stderr
    assert "5 added" in r.stdout


def test_locked_index_is_one_clear_line_exit_2(corpus_copy: Path, tmp_path: Path) -> None:
    ix = tmp_path / "ix"
    run("index", str(corpus_copy), "--index", str(ix))
    with storage.write_lock(ix):
        r = run("index", str(corpus_copy), "--index", str(ix))
    assert r.exit_code == 2
    assert r.stderr.startswith("kcsearch: error: another kcsearch is indexing")
    assert len(r.stderr.strip().splitlines()) == 1


def test_broken_metadata_one_line_exit_2(corpus_copy: Path, tmp_path: Path) -> None:
    (corpus_copy / "sources.toml").write_text("[[[")
    r = run("index", str(corpus_copy), "--index", str(tmp_path / "ix"))
    assert r.exit_code == 2 and "invalid TOML" in r.stderr and "Traceback" not in r.output


def test_show_prints_fields_body_and_quotes(index_dir: Path) -> None:
    r = run("show", "004_c67a387fa88ce996.txt", "--index", str(index_dir))
    assert r.exit_code == 0
    out = r.stdout
    assert out.startswith("Dozens killed as Armenian and Azerbaijani forces clash for second day")
    assert "outlet:   The Guardian" in out and "date:     2020-09-28 (from text)" in out
    assert "Ömer Çelik (spokesman for Erdoğan's ruling party): “Armenia is disturbed" in out
    assert "Share" not in out.split("\n")


def test_show_json(index_dir: Path) -> None:
    r = run("show", "003_f7b754d68ae601d2.txt", "--index", str(index_dir), "--json")
    d = json.loads(r.stdout)
    assert d["outlet"] == "Financial Times" and d["date_source"] == "metadata"


def test_show_unknown_id_and_missing_index(index_dir: Path, tmp_path: Path) -> None:
    r = run("show", "nope.txt", "--index", str(index_dir))
    assert r.exit_code == 2 and r.stderr.startswith("kcsearch: error: no document 'nope.txt'")
    r = run("show", "x", "--index", str(tmp_path / "missing"))
    assert r.exit_code == 2 and "kcsearch index" in r.stderr


def test_installed_entry_point_runs(index_dir: Path) -> None:
    exe = Path(sys.executable).parent / "kcsearch"
    proc = subprocess.run([str(exe), "show", SEEDS[0], "--index", str(index_dir)],
                          capture_output=True, text=True, env={**os.environ})
    assert proc.returncode == 0 and "TRT World" in proc.stdout


# --- where the index is, and the sample corpus only when asked for ---------------------------

def test_a_search_in_a_folder_without_index_or_corpus_says_what_to_do(tmp_path: Path, monkeypatch,
                                                                       capsys) -> None:
    from kcsearch.cli.main import main

    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("KCSEARCH_INDEX", raising=False)
    with pytest.raises(SystemExit) as done:
        main(["Karabakh"])
    err = capsys.readouterr().err
    assert done.value.code == 2 and "kcsearch index --sample" in err and "$KCSEARCH_INDEX" in err
    assert not (tmp_path / ".kcsearch").exists()  # never the sample data unasked
    r = run("index")
    assert r.exit_code == 2 and "name the folders to index" in r.stderr


def test_index_sample_builds_from_the_bundled_articles_and_says_where(tmp_path: Path,
                                                                       monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("KCSEARCH_INDEX", raising=False)
    r = run("index", "--sample")
    assert r.exit_code == 0 and "indexing the sample corpus shipped with kcsearch" in r.stderr
    where = (tmp_path / ".kcsearch").resolve()
    assert f"the index is {where} (./.kcsearch in this folder" in r.stderr
    assert f"--index {where}" in r.stderr and "5 added" in r.stdout
    assert run("index", "--sample", "elsewhere").exit_code == 2
