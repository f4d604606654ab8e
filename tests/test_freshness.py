"""A search notices a stale index: files added, changed or removed under the indexed folders
since the last `kcsearch index`, told by stat alone, with the command to run."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

import kcsearch
from conftest import CORPUS, invoke
from kcsearch.index import freshness


@pytest.fixture()
def indexed(tmp_path: Path) -> tuple[Path, Path]:
    corpus = tmp_path / "c"
    shutil.copytree(CORPUS, corpus)
    r = invoke(["index", str(corpus), "--index", str(tmp_path / "ix")])
    assert r.exit_code == 0
    return corpus, tmp_path / "ix"


def notice(index: Path, *args: str) -> str:
    r = invoke([*(args or ("search", "Shusha")), "--index", str(index)])
    return r.stderr


def test_no_notice_while_the_corpus_is_as_indexed(indexed: tuple[Path, Path]) -> None:
    _corpus, index = indexed
    assert "changed since" not in notice(index)


def test_added_changed_and_removed_files_are_noticed_with_the_command(indexed: tuple[Path, Path]) -> None:
    corpus, index = indexed
    (corpus / "new.txt").write_text("Shusha fell, officials said.\n")
    with open(corpus / "001_5bb3d145a699a386.txt", "a") as f:
        f.write("\nOne more line.\n")
    (corpus / "002_f9a3e5e411da9d93.txt").unlink()
    for cmd in (("search", "Shusha"), ("quotes",), ("check", "Turkey sent mercenaries")):
        err = notice(index, *cmd)
        assert ("the corpus changed since the last `kcsearch index` (files: 1 added, 1 changed, "
                f"1 removed); update the index: kcsearch index {corpus} --index {index}") in err
    r = invoke(["index", str(corpus), "--index", str(index)])
    assert r.exit_code == 0 and "changed since" not in notice(index)


def test_sources_toml_counts_and_other_files_do_not(indexed: tuple[Path, Path]) -> None:
    corpus, index = indexed
    (corpus / "notes.pdf").write_bytes(b"%PDF")  # not an article kcsearch reads
    (corpus / ".hidden.txt").write_text("x")
    assert "changed since" not in notice(index)
    with open(corpus / "sources.toml", "a") as f:
        f.write('\n["new.txt"]\noutlet = "X"\n')
    assert "files: 1 changed" in notice(index)


def test_a_large_corpus_is_compared_by_folders(indexed: tuple[Path, Path],
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    corpus, index = indexed
    monkeypatch.setattr(freshness, "MAX_FILES", 2)
    kcsearch.build([corpus], index)  # recorded as a large corpus: folders only
    assert "changed since" not in notice(index)
    (corpus / "sub").mkdir()
    assert "files: added, removed or renamed in 1 folder" in notice(index)


def test_a_damaged_or_planted_record_is_ignored(indexed: tuple[Path, Path], tmp_path: Path) -> None:
    _corpus, index = indexed
    record = index / "corpus.json"
    for text in ("not json", "[1, 2]", '{"paths": "x"}', '{"paths": ["/nonexistent"], "files": {"a": 1}}'):
        record.write_text(text)
        r = invoke(["search", "Karabakh", "--index", str(index)])
        assert r.exit_code == 0 and "internal error" not in r.stderr
    record.unlink()
    os.symlink(tmp_path / "elsewhere.json", record)  # never read through a link
    (tmp_path / "elsewhere.json").write_text('{"paths": ["/"], "files": {}}')
    assert "changed since" not in notice(index)


def test_folders_indexed_by_earlier_runs_are_kept(tmp_path: Path) -> None:
    a, b = tmp_path / "a", tmp_path / "b"
    a.mkdir()
    b.mkdir()
    (a / "x.txt").write_text("Shusha talks, officials said.\n")
    (b / "y.txt").write_text("Shusha clashes, officials said.\n")
    kcsearch.build([a], tmp_path / "ix")
    kcsearch.build([b], tmp_path / "ix")
    (a / "z.txt").write_text("More Shusha news.\n")
    with kcsearch.open(tmp_path / "ix") as corpus:
        stale = corpus.staleness()
    assert stale is not None and stale.added == 1 and stale.paths == (str(a), str(b))
