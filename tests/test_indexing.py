"""Incremental indexing, bad input, interruption, locking and schema versions."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import kcsearch
from conftest import SEEDS, invoke
from kcsearch.index import storage
from kcsearch.index.model import Article

pytestmark = pytest.mark.usefixtures("each_engine")  # every rule holds for both engines


def snapshot(index_dir: Path) -> dict[str, tuple[int, int]]:
    return {str(f): (f.stat().st_size, f.stat().st_mtime_ns) for f in index_dir.rglob("*")}


def ids(index_dir: Path) -> list[str]:
    with kcsearch.open(index_dir) as c:
        return [d.id for d in c.documents()]


def test_first_run_adds_everything(corpus_copy: Path, tmp_path: Path) -> None:
    r = kcsearch.build([corpus_copy], tmp_path / "ix")
    assert sorted(r.added) == SEEDS and not (r.updated or r.removed or r.unchanged or r.failed)


def test_unchanged_corpus_writes_nothing(corpus_copy: Path, tmp_path: Path) -> None:
    ix = tmp_path / "ix"
    kcsearch.build([corpus_copy], ix)
    before = snapshot(ix)
    r = kcsearch.build([corpus_copy], ix)
    assert sorted(r.unchanged) == SEEDS and not r.written
    assert snapshot(ix) == before


def test_add_change_delete(corpus_copy: Path, tmp_path: Path) -> None:
    ix = tmp_path / "ix"
    kcsearch.build([corpus_copy], ix)
    (corpus_copy / "sub").mkdir()
    (corpus_copy / "sub" / "new.txt").write_text("Peace talks resumed in Moscow on Friday, officials said.\n")
    changed = corpus_copy / SEEDS[2]
    changed.write_text(changed.read_text() + "\n\nA sentence added in an update.\n")
    (corpus_copy / SEEDS[0]).unlink()
    r = kcsearch.build([corpus_copy], ix)
    assert (r.added, r.updated, r.removed) == (["sub/new.txt"], [SEEDS[2]], [SEEDS[0]])
    assert len(r.unchanged) == 3
    with kcsearch.open(ix) as c:
        assert c.get(SEEDS[2]).body.endswith("A sentence added in an update.")
        assert c.get("sub/new.txt").body.startswith("Peace talks")
        with pytest.raises(kcsearch.DocumentNotFound):
            c.get(SEEDS[0])


def test_an_open_corpus_sees_each_later_update(corpus_copy: Path, tmp_path: Path) -> None:
    ix = tmp_path / "ix"
    kcsearch.build([corpus_copy], ix)
    with kcsearch.open(ix) as c:
        assert c.search("Zorakan").total == 0
        for n in range(2):  # each update, not only the first
            (corpus_copy / f"new{n}.txt").write_text(
                f"Peace talks resumed in Zorakan on day {n}, officials said.\n")
            kcsearch.build([corpus_copy], ix)
            assert c.search("Zorakan").total == n + 1
            assert c.get(f"new{n}.txt").body.startswith("Peace talks")


def test_a_pinned_searcher_reads_one_generation_then_sees_the_next(
        corpus_copy: Path, tmp_path: Path, engine: str) -> None:
    """One API call reads one generation (checked for a newer commit once, not per engine call)."""
    from kcsearch import syntax as sx

    ix = tmp_path / "ix"
    kcsearch.build([corpus_copy], ix, engine=engine)
    with kcsearch.open(ix) as c:
        s, q = c._session.s, sx.Term("body", "zorakan")
        with s.pinned():
            (corpus_copy / "new.txt").write_text("Peace talks resumed in Zorakan, officials said.\n")
            kcsearch.build([corpus_copy], ix)
            assert s.count(q) == 0  # the generation the block began with
        assert s.count(q) == 1
        assert c.search("Zorakan").total == 1


def test_metadata_change_reindexes_that_file(corpus_copy: Path, tmp_path: Path) -> None:
    ix = tmp_path / "ix"
    kcsearch.build([corpus_copy], ix)
    meta = corpus_copy / "sources.toml"
    meta.write_text(meta.read_text() + '\n["002_f9a3e5e411da9d93.txt"]\nurl = "https://example.org/a"\n')
    r = kcsearch.build([corpus_copy], ix)
    assert r.updated == ["002_f9a3e5e411da9d93.txt"]
    with kcsearch.open(ix) as c:
        assert c.get("002_f9a3e5e411da9d93.txt").url == "https://example.org/a"


def test_indexing_a_single_file_does_not_remove_the_others(corpus_copy: Path, tmp_path: Path) -> None:
    ix = tmp_path / "ix"
    kcsearch.build([corpus_copy], ix)
    r = kcsearch.build([corpus_copy / SEEDS[1]], ix)
    assert r.unchanged == [SEEDS[1]] and not r.removed
    assert len(ids(ix)) == 5


BAD_FILES = {
    "binary.txt": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
    "undecodable.txt": (b"\x81\x8d\x90\x9d\x98\xff\xfe\x80" * 5, "no common encoding reads it"),
    "empty.txt": (b"", "empty file"),
    "blank.md": (b"   \n\n  ", "empty file"),
    "broken.html": (b"<html><body><div><p></div></body", "no article text"),
    "only-boilerplate.txt": (b"Share\n\nREAD MORE: Another story\n", "no article text"),
    "scan.pdf": (b"%PDF-1.4", "unsupported file type .pdf"),
}


@pytest.mark.parametrize("name", sorted(BAD_FILES))
def test_bad_file_is_reported_and_skipped(corpus_copy: Path, tmp_path: Path, name: str) -> None:
    data, reason = BAD_FILES[name]
    (corpus_copy / name).write_bytes(data)
    r = kcsearch.build([corpus_copy], tmp_path / "ix")
    assert [(Path(f.path).name, reason in f.reason) for f in r.failed] == [(name, True)]
    assert sorted(r.added) == SEEDS  # the run went on


def test_missing_and_special_paths_are_reported(corpus_copy: Path, tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    ix = tmp_path / "ix"
    kcsearch.build([corpus_copy], ix)
    r = kcsearch.build([corpus_copy, tmp_path / "nope", fifo, ix], ix)
    reasons = {Path(f.path).name: f.reason for f in r.failed}
    assert reasons == {"nope": "no such file or folder", "pipe.txt": "not a regular file or folder",
                       "ix": "is a kcsearch index folder, not a corpus"}


def test_file_that_turns_bad_keeps_its_previous_version(corpus_copy: Path, tmp_path: Path) -> None:
    ix = tmp_path / "ix"
    kcsearch.build([corpus_copy], ix)
    (corpus_copy / SEEDS[3]).write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")  # now binary
    r = kcsearch.build([corpus_copy], ix)
    assert [Path(f.path).name for f in r.failed] == [SEEDS[3]] and not r.removed
    with kcsearch.open(ix) as c:
        assert c.get(SEEDS[3]).outlet == "Financial Times"


def test_broken_metadata_file_stops_before_writing(corpus_copy: Path, tmp_path: Path) -> None:
    ix = tmp_path / "ix"
    kcsearch.build([corpus_copy], ix)
    before = snapshot(ix)
    (corpus_copy / "sources.toml").write_text('["a.txt"]\ndate = "soon"\n')
    with pytest.raises(kcsearch.CorpusError, match=r"sources\.toml.*'soon' is not a date"):
        kcsearch.build([corpus_copy], ix)
    (corpus_copy / "sources.toml").write_text('["a.txt"]\npublisher = "x"\n')
    with pytest.raises(kcsearch.CorpusError, match=r"unknown key.*publisher"):
        kcsearch.build([corpus_copy], ix)
    (corpus_copy / "sources.toml").write_text("[[[not toml")
    with pytest.raises(kcsearch.CorpusError, match="invalid TOML"):
        kcsearch.build([corpus_copy], ix)
    assert snapshot(ix) == before


def test_interrupted_run_leaves_previous_index(corpus_copy: Path, tmp_path: Path) -> None:
    ix = tmp_path / "ix"
    kcsearch.build([corpus_copy], ix)
    for name in SEEDS:
        (corpus_copy / name).write_text("Changed text that should never be seen, officials said.\n")
    (corpus_copy / "extra.txt").write_text("Another article, officials said.\n")

    def interrupt(done: int, total: int, path: str) -> None:
        if done == 4:
            raise KeyboardInterrupt

    with pytest.raises(kcsearch.InterruptedIndexing, match="as it was before"):
        kcsearch.build([corpus_copy], ix, progress=interrupt)
    assert ids(ix) == SEEDS
    with kcsearch.open(ix) as c:
        assert all("should never be seen" not in d.body for d in c.documents())


KILL_SCRIPT = """
import os, signal, sys
import kcsearch
from kcsearch.index import writer
writer.PARALLEL_FROM = int(sys.argv[5])  # 1: clean in worker processes, as big runs do
def progress(done, total, path):
    if done == int(sys.argv[3]):
        os.kill(os.getpid(), signal.SIGKILL)
kcsearch.build([sys.argv[1]], sys.argv[2], progress=progress, engine=sys.argv[4])
"""


@pytest.mark.parametrize("parallel_from", ["1", "1000"])
def test_killed_run_leaves_previous_index_readable(corpus_copy: Path, tmp_path: Path,
                                                    engine: str, parallel_from: str) -> None:
    ix = tmp_path / "ix"
    kcsearch.build([corpus_copy], ix)
    for i in range(40):
        (corpus_copy / f"extra{i:02}.txt").write_text(f"Article {i} about talks, officials said.\n")
    proc = subprocess.run([sys.executable, "-c", KILL_SCRIPT, str(corpus_copy), str(ix), "30", engine,
                           parallel_from], capture_output=True, timeout=120)
    assert proc.returncode == -9
    time.sleep(0.5)  # no worker process outlives the run, and none prints a traceback
    assert b"Traceback" not in proc.stderr and b"Error" not in proc.stderr, proc.stderr
    assert subprocess.run(["pgrep", "-f", str(ix)], capture_output=True).stdout == b""
    assert ids(ix) == SEEDS
    r = kcsearch.build([corpus_copy], ix)  # and the next run completes normally
    assert len(r.added) == 40 and len(ids(ix)) == 45


CTRL_C_SCRIPT = """
import os, signal, sys
from kcsearch.cli.main import main
from kcsearch.index import writer
writer.PARALLEL_FROM = 1  # clean in worker processes, as big runs do
cluster_of = writer.Clusters.cluster_of
def stop_at_30(self, doc_id, sig, n=[0]):
    n[0] += 1
    if n[0] == 30 and sys.argv[3] != "none":  # as a terminal's Ctrl-C: the whole process group
        os.killpg(0, getattr(signal, sys.argv[3]))
    return cluster_of(self, doc_id, sig)
writer.Clusters.cluster_of = stop_at_30
main(["index", sys.argv[1], "--index", sys.argv[2], "--engine", sys.argv[4]])
"""


@pytest.mark.parametrize("sig", ["SIGINT", "SIGTERM", "none"])
def test_stopping_a_run_with_worker_processes_prints_one_line(
        corpus_copy: Path, tmp_path: Path, engine: str, sig: str) -> None:
    ix = tmp_path / "ix"
    kcsearch.build([corpus_copy], ix)
    for i in range(40):
        (corpus_copy / f"extra{i:02}.txt").write_text(f"Article {i} about talks, officials said.\n")
    proc = subprocess.run([sys.executable, "-c", CTRL_C_SCRIPT, str(corpus_copy), str(ix), sig,
                           engine], capture_output=True, text=True, timeout=120,
                          start_new_session=True)
    assert "Traceback" not in proc.stderr, proc.stderr
    if sig == "none":
        assert proc.returncode == 0 and len(ids(ix)) == 45
    else:
        assert proc.returncode == 130
        assert proc.stderr.strip().splitlines() == [
            f"kcsearch: error: indexing interrupted; the index at {ix} is as it was before this run"]
        assert ids(ix) == SEEDS


def test_a_worker_killed_from_outside_stops_the_run_cleanly(
        corpus_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from kcsearch.index import writer

    ix = tmp_path / "ix"
    kcsearch.build([corpus_copy], ix)
    for i in range(20):
        (corpus_copy / f"extra{i:02}.txt").write_text(f"Article {i} about talks, officials said.\n")
    prepare = writer.prepare

    def dies_on_extra07(task: writer.Task, encode: Callable[[Article], Any]) -> writer.Prepared:
        if task[0].id == "extra07.txt":  # as the out-of-memory killer would
            os.kill(os.getpid(), signal.SIGKILL)
        return prepare(task, encode)

    monkeypatch.setattr(writer, "PARALLEL_FROM", 1)
    monkeypatch.setattr(writer, "prepare", dies_on_extra07)
    with pytest.raises(kcsearch.InterruptedIndexing,
                       match=r"worker process .* ended unexpectedly; .* as it was before this run"):
        kcsearch.build([corpus_copy], ix)
    assert ids(ix) == SEEDS


def test_second_writer_fails_clearly_or_waits(corpus_copy: Path, tmp_path: Path) -> None:
    ix = tmp_path / "ix"
    kcsearch.build([corpus_copy], ix)
    with storage.write_lock(ix):
        assert storage.is_locked(ix)
        with pytest.raises(kcsearch.IndexLockedError, match="another kcsearch is indexing"):
            kcsearch.build([corpus_copy], ix)
    assert not storage.is_locked(ix)

    release = threading.Event()

    def hold() -> None:
        with storage.write_lock(ix):
            release.wait(5)

    t = threading.Thread(target=hold)
    t.start()
    time.sleep(0.2)
    threading.Timer(0.5, release.set).start()
    r = kcsearch.build([corpus_copy], ix, wait=10)  # waits for the holder, then runs
    t.join()
    assert sorted(r.unchanged) == SEEDS


def _set_schema_version(ix: Path, version: int) -> None:
    meta = json.loads((ix / "kcsearch.json").read_text())
    meta["schema_version"] = version
    (ix / "kcsearch.json").write_text(json.dumps(meta))


def test_older_index_is_detected_and_rebuilt(corpus_copy: Path, tmp_path: Path) -> None:
    ix = tmp_path / "ix"
    kcsearch.build([corpus_copy], ix)
    _set_schema_version(ix, 0)
    with pytest.raises(kcsearch.IndexOutdatedError, match=r"older kcsearch.*kcsearch index"):
        kcsearch.open(ix)
    r = kcsearch.build([corpus_copy], ix)
    assert r.rebuilt and "older kcsearch" in r.rebuilt and sorted(r.added) == SEEDS
    assert ids(ix) == SEEDS
    names = {f.name for f in ix.iterdir()}
    current = json.loads((ix / "kcsearch.json").read_text())["indexname"]
    assert all(current in n for n in names if n.endswith((".toc", ".seg")))  # old files gone


@pytest.mark.parametrize(("damage", "error"), [
    (lambda ix: (ix / "kcsearch.json").write_text("{not json"), "damaged or not kcsearch.s"),
    (lambda ix: (ix / "kcsearch.json").unlink(), "no index at"),
    # whoosh's table of contents, tantivy's segment list
    (lambda ix: [f.unlink() for f in ix.rglob("*") if f.suffix == ".toc" or f.name == "meta.json"],
     "damaged"),
])
def test_damaged_index_is_an_error_to_readers_and_rebuilt_by_index(
        corpus_copy: Path, tmp_path: Path, damage, error: str) -> None:
    ix = tmp_path / "ix"
    kcsearch.build([corpus_copy], ix)
    damage(ix)
    with pytest.raises(kcsearch.IndexUnusableError, match=error):
        kcsearch.open(ix)
    r = kcsearch.build([corpus_copy], ix)
    assert sorted(r.added) == SEEDS and ids(ix) == SEEDS


def test_missing_index_error_says_how_to_build(tmp_path: Path) -> None:
    with pytest.raises(kcsearch.IndexMissingError, match="kcsearch index"):
        kcsearch.open(tmp_path / "none")


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads any directory")
def test_unreadable_index_directory(corpus_copy: Path, tmp_path: Path) -> None:
    ix = tmp_path / "ix"
    kcsearch.build([corpus_copy], ix)
    ix.chmod(0)
    try:
        with pytest.raises(kcsearch.IndexUnusableError):
            kcsearch.open(ix)
    finally:
        ix.chmod(0o755)


def test_parallel_writer_gives_the_same_index(corpus_copy: Path, tmp_path: Path, monkeypatch) -> None:
    """Big runs analyse documents in several processes; the result must not differ."""
    from kcsearch.index import writer

    monkeypatch.setattr(writer, "PARALLEL_FROM", 1)
    monkeypatch.setattr(writer, "MAX_PROCS", 2)
    ix = tmp_path / "ix"
    kcsearch.build([corpus_copy], ix)
    changed = corpus_copy / SEEDS[2]
    changed.write_text(changed.read_text() + "\n\nA sentence added in an update.\n")
    (corpus_copy / SEEDS[0]).unlink()
    r = kcsearch.build([corpus_copy], ix)
    assert (r.updated, r.removed) == ([SEEDS[2]], [SEEDS[0]])
    with kcsearch.open(ix) as c:
        assert [d.id for d in c.documents()] == SEEDS[1:]
        assert c.get(SEEDS[2]).body.endswith("A sentence added in an update.")
        assert {q.id for q in c.quotes(speaker="Peskov").quotes} == {
            "001_5bb3d145a699a386.txt", "003_f7b754d68ae601d2.txt", "004_c67a387fa88ce996.txt"}
        assert sorted(h.id for h in c.search("Minsk Group").hits) == ["001_5bb3d145a699a386.txt"]


def built_doc(corpus: Path, tmp_path: Path, doc_id: str) -> tuple[kcsearch.Document, Path]:
    """Index the corpus into a new folder and read one document back."""
    ix = tmp_path / "ix"
    kcsearch.build([corpus], ix)
    with kcsearch.open(ix) as c:
        return c.get(doc_id), ix


@pytest.mark.parametrize(("text", "encoding"), [
    ("Азербайджан заявил, что его войска взяли под контроль несколько сёл в Нагорном "
     "Карабахе. Бои продолжаются второй день.", "cp1251"),
    ("Azerbaycan güçleri Dağlık Karabağ'da birkaç köyün kontrolünü ele geçirdi. Çatışmalar "
     "sürüyor ve şiddetleniyor.", "cp1254"),
])
def test_a_legacy_encoding_is_read_and_recorded(corpus_copy: Path, tmp_path: Path, text: str,
                                                encoding: str) -> None:
    (corpus_copy / "legacy.txt").write_bytes(f"Headline of the story\n\n{text}".encode(encoding))
    ix = tmp_path / "ix"
    r = kcsearch.build([corpus_copy], ix)
    assert "legacy.txt" in r.added and not r.failed
    with kcsearch.open(ix) as c:
        doc = c.get("legacy.txt")
    assert doc.body == text and doc.encoding == encoding and doc.to_dict()["encoding"] == encoding


def test_sources_toml_overrides_what_the_article_states_when_asked(corpus_copy: Path,
                                                                    tmp_path: Path) -> None:
    # 003 states its own outlet; the file corrects it, and the document says where it came from
    (corpus_copy / "sources.toml").write_text(
        '["003_f7b754d68ae601d2.txt"]\noutlet = "Corrected Outlet"\ndate = 2020-09-29\n'
        'override = ["outlet", "date"]\n')
    doc, ix = built_doc(corpus_copy, tmp_path, "003_f7b754d68ae601d2.txt")
    assert (doc.outlet, str(doc.date), doc.date_source) == ("Corrected Outlet", "2020-09-29",
                                                            "metadata")
    assert set(doc.from_metadata) == {"outlet", "date"}
    assert dict(doc.sources)["outlet"] == "sources.toml override"
    r = invoke(["show", "003_f7b754d68ae601d2.txt", "--index", str(ix)])
    assert "from sources.toml: outlet, date" in r.stdout
    assert "outlet:   Corrected Outlet (from sources.toml override)" in r.stdout


@pytest.mark.parametrize(("entry", "error"), [
    ('override = "yes"', "override must be true or a list"),
    ('outlet = "X"\noverride = ["date"]', "override names date"),
])
def test_a_bad_override_is_a_clear_error(corpus_copy: Path, tmp_path: Path, entry: str,
                                         error: str) -> None:
    (corpus_copy / "sources.toml").write_text(f'["003_f7b754d68ae601d2.txt"]\n{entry}\n')
    with pytest.raises(kcsearch.CorpusError, match=error):
        kcsearch.build([corpus_copy], tmp_path / "ix")


def test_agency_and_updated_date_are_stored_and_shown(corpus_copy: Path, tmp_path: Path) -> None:
    (corpus_copy / "wire.txt").write_text(
        "Azerbaijan says its forces took more villages\n\nSource: Daily Sabah with AA\n\n"
        "Published October 4, 2020 · Updated October 5, 2020\n\n"
        "BAKU (AA) - Azerbaijan said on Sunday its forces had taken several villages.\n")
    doc, ix = built_doc(corpus_copy, tmp_path, "wire.txt")
    assert (doc.outlet, doc.agency) == ("Daily Sabah", "Anadolu Agency")
    assert (str(doc.date), str(doc.modified)) == ("2020-10-04", "2020-10-05")
    assert doc.title == "Azerbaijan says its forces took more villages"
    shown = invoke(["show", "wire.txt", "--index", str(ix)]).stdout
    assert "outlet:   Daily Sabah (with Anadolu Agency)" in shown
    assert "date:     2020-10-04 (from text); updated 2020-10-05" in shown
