"""An index folder is untrusted input: crafted or damaged, it must never make kcsearch delete,
write or read outside it, or run its code; kcsearch repairs what it can and says what it cannot.

Every attack runs on both engines, with a sentinel folder beside the index that must survive."""

from __future__ import annotations

import gc
import json
import os
import pickle
from pathlib import Path

import pytest

import kcsearch
from conftest import SEEDS
from kcsearch.index import storage

pytestmark = pytest.mark.usefixtures("each_engine")


@pytest.fixture()
def sentinel(tmp_path: Path) -> Path:
    """A folder outside the index that nothing may touch."""
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "keep.txt").write_text("precious")
    (outside / "sub").mkdir()
    (outside / "sub" / "also.txt").write_text("precious too")
    return outside


def intact(outside: Path) -> bool:
    return ((outside / "keep.txt").read_text() == "precious"
            and (outside / "sub" / "also.txt").read_text() == "precious too")


def built(corpus: Path, ix: Path) -> dict:
    assert not kcsearch.build([corpus], ix).failed
    return json.loads((ix / storage.META_FILE).read_text())


def rewrite_meta(ix: Path, **changes: object) -> None:
    meta = json.loads((ix / storage.META_FILE).read_text())
    meta.update(changes)
    (ix / storage.META_FILE).write_text(json.dumps(meta))


def ids(ix: Path) -> list[str]:
    with kcsearch.open(ix) as c:
        return [d.id for d in c.documents()]


@pytest.mark.parametrize("name", [
    "/ABS", "../outside", "../../..", "..", ".", "", "kc10_1/../../outside", "kc10_1/..",
    "outside", "kc10_1\x00", 7, None,
])
def test_a_crafted_generation_name_never_removes_anything_outside(
        corpus_copy: Path, tmp_path: Path, sentinel: Path, name: object) -> None:
    ix = tmp_path / "ix"
    built(corpus_copy, ix)
    rewrite_meta(ix, indexname=str(sentinel) if name == "/ABS" else name)
    with pytest.raises(kcsearch.IndexUnusableError, match="damaged or not kcsearch's"):
        kcsearch.open(ix)
    r = kcsearch.build([corpus_copy], ix)  # a plain run rebuilds: the folder is kcsearch's
    assert r.rebuilt and r.rebuilt.startswith("rebuilding") and sorted(r.added) == SEEDS
    assert intact(sentinel) and ids(ix) == SEEDS
    r = kcsearch.build([corpus_copy], ix, rebuild=True)
    assert intact(sentinel) and ids(ix) == SEEDS


def test_a_crafted_file_list_never_reads_or_removes_outside(corpus_copy: Path, tmp_path: Path,
                                                          sentinel: Path) -> None:
    ix = tmp_path / "ix"
    meta = built(corpus_copy, ix)
    for bad in ([["../outside/keep.txt", 8, 0]], [[str(sentinel / "keep.txt"), 8, 0]],
                [[f"{meta['indexname']}/../../outside/keep.txt", 8, 0]], "x", [["a", -1, 0]]):
        rewrite_meta(ix, files=bad)
        with pytest.raises(kcsearch.IndexUnusableError, match="malformed file list"):
            kcsearch.open(ix)
        r = kcsearch.build([corpus_copy], ix)
        assert r.rebuilt and intact(sentinel) and ids(ix) == SEEDS


@pytest.mark.parametrize("raw", [
    b"{", b"\xff\xfe{}", b"[]", b'{"schema_version": "10"}', b"null",
    b'{"format": "other", "schema_version": 10, "engine": "whoosh", "indexname": "kc10_1"}',
    b"[" * 100_000,
])
def test_a_damaged_meta_file_is_a_clean_error_and_rebuilt(corpus_copy: Path, tmp_path: Path,
                                                          raw: bytes) -> None:
    ix = tmp_path / "ix"
    built(corpus_copy, ix)
    (ix / storage.META_FILE).write_bytes(raw)
    with pytest.raises(kcsearch.IndexUnusableError, match="rebuild"):
        kcsearch.open(ix)
    assert kcsearch.index_state(ix) == "unusable"
    r = kcsearch.build([corpus_copy], ix, rebuild=True)
    assert sorted(r.added) == SEEDS and ids(ix) == SEEDS


def test_an_unknown_engine_is_named_and_rebuilt(corpus_copy: Path, tmp_path: Path) -> None:
    ix = tmp_path / "ix"
    built(corpus_copy, ix)
    rewrite_meta(ix, engine="lucene")
    with pytest.raises(kcsearch.IndexUnusableError, match="unknown engine 'lucene'"):
        kcsearch.open(ix)
    assert ids_after_build(corpus_copy, ix) == SEEDS


def ids_after_build(corpus: Path, ix: Path) -> list[str]:
    kcsearch.build([corpus], ix)
    return ids(ix)


def test_a_meta_file_that_is_a_link_is_never_read(corpus_copy: Path, tmp_path: Path,
                                                  sentinel: Path) -> None:
    ix = tmp_path / "ix"
    built(corpus_copy, ix)
    real = json.loads((ix / storage.META_FILE).read_text())
    (sentinel / "meta.json").write_text(json.dumps(real))
    (ix / storage.META_FILE).unlink()
    (ix / storage.META_FILE).symlink_to(sentinel / "meta.json")
    with pytest.raises(kcsearch.IndexUnusableError, match="symbolic link"):
        kcsearch.open(ix)
    kcsearch.build([corpus_copy], ix)  # replaced by a file of its own, the target untouched
    assert not (ix / storage.META_FILE).is_symlink()
    assert json.loads((sentinel / "meta.json").read_text()) == real and intact(sentinel)


def test_links_planted_in_the_index_folder_are_removed_never_followed(
        corpus_copy: Path, tmp_path: Path, sentinel: Path) -> None:
    ix = tmp_path / "ix"
    meta = built(corpus_copy, ix)
    name = meta["indexname"]
    # an older generation's name, a Whoosh lock and table of contents, tantivy's lock
    links = [ix / "kc10_5", ix / f"{name}_WRITELOCK", ix / f"_{name}_99.toc", ix / storage.LOCK_FILE]
    if (ix / name).is_dir():
        links.append(ix / name / ".tantivy-writer.lock")
    for link in links:
        if link.exists() or link.is_symlink():
            link.unlink()
        link.symlink_to(sentinel / "keep.txt" if link.name != "kc10_5" else sentinel)
    if storage.LOCK_FILE in [link.name for link in links]:
        with pytest.raises(kcsearch.IndexUnusableError, match="symbolic link"):
            kcsearch.build([corpus_copy], ix)
        (ix / storage.LOCK_FILE).unlink()
    with pytest.raises(kcsearch.IndexUnusableError, match="symbolic link"):
        kcsearch.open(ix)
    (corpus_copy / SEEDS[0]).write_text("Talks resumed, officials said on Friday.\n")
    r = kcsearch.build([corpus_copy], ix)
    assert r.rebuilt and "symbolic link" in r.rebuilt
    assert intact(sentinel) and sorted(os.listdir(sentinel)) == ["keep.txt", "sub"]
    assert not any(p.is_symlink() for p in ix.rglob("*")) and ids(ix) == SEEDS


def test_the_corpus_record_and_saved_searches_never_write_through_a_link(
        corpus_copy: Path, tmp_path: Path, sentinel: Path) -> None:
    """corpus.json, watches.json and watches.lock planted as links to a folder outside the
    index: kcsearch replaces or refuses them, and the outside folder is as it was."""
    from conftest import invoke

    ix = tmp_path / "ix"
    built(corpus_copy, ix)
    for name in (storage.CORPUS_FILE, storage.WATCH_FILE):
        (ix / name).unlink(missing_ok=True)
        (ix / name).symlink_to(sentinel / "keep.txt")
    kcsearch.build([corpus_copy], ix)  # the run's sweep removes the planted links
    assert not (ix / storage.CORPUS_FILE).is_symlink() and not (ix / storage.WATCH_FILE).exists()
    (ix / storage.WATCH_FILE).symlink_to(sentinel / "keep.txt")
    r = invoke(["watch", "add", "w", "ceasefire", "--index", str(ix)])
    assert r.exit_code == 2 and "cannot read the saved searches" in r.stderr
    (ix / storage.WATCH_FILE).unlink()
    (ix / storage.WATCH_LOCK).unlink(missing_ok=True)
    (ix / storage.WATCH_LOCK).symlink_to(sentinel / "keep.txt")
    r = invoke(["watch", "add", "w", "ceasefire", "--index", str(ix)])
    assert r.exit_code == 2 and "cannot save searches" in r.stderr
    assert intact(sentinel) and sorted(os.listdir(sentinel)) == ["keep.txt", "sub"]


def test_a_generation_folder_replaced_by_a_link_is_not_read(corpus_copy: Path, tmp_path: Path,
                                                            sentinel: Path) -> None:
    ix = tmp_path / "ix"
    meta = built(corpus_copy, ix)
    other = tmp_path / "other-ix"
    built(corpus_copy, other)
    gen = ix / meta["indexname"]
    if not gen.is_dir():
        pytest.skip("Whoosh keeps a generation in files, not a folder")
    gen.rename(tmp_path / "moved")
    gen.symlink_to(tmp_path / "moved")
    with pytest.raises(kcsearch.IndexUnusableError, match="symbolic link"):
        kcsearch.open(ix)
    kcsearch.build([corpus_copy], ix)
    assert (tmp_path / "moved").is_dir() and ids(ix) == SEEDS and intact(sentinel)


@pytest.mark.parametrize("foreign", [
    {".git/HEAD": "ref: refs/heads/main\n", "README.md": "# my project\n"},
    {"notes.txt": "my notes"},
    {"meta.json": "{}", "abc.idx": "x"},  # another program's tantivy index
    {"_MAIN_1.toc": "x", "MAIN_abc.seg": "x"},  # another program's Whoosh index
])
def test_a_folder_that_is_not_an_index_is_never_written(corpus_copy: Path, tmp_path: Path,
                                                        foreign: dict[str, str]) -> None:
    folder = tmp_path / "project"
    for name, text in foreign.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text)
    before = sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))
    with pytest.raises(kcsearch.IndexUnusableError, match="not a kcsearch index folder"):
        kcsearch.build([corpus_copy], folder)
    assert sorted(str(p.relative_to(folder)) for p in folder.rglob("*")) == before
    with pytest.raises(kcsearch.IndexMissingError):
        kcsearch.open(folder)


def test_an_empty_folder_and_an_earlier_kcsearch_index_are_taken(corpus_copy: Path,
                                                                 tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    built(corpus_copy, empty)
    assert (empty / storage.MARKER_FILE).is_file()
    # an index from before the marker: every entry a name kcsearch generates
    (empty / storage.MARKER_FILE).unlink()
    meta = json.loads((empty / storage.META_FILE).read_text())
    for key in ("format", "commit", "files"):
        meta.pop(key)
    (empty / storage.META_FILE).write_text(json.dumps(meta))
    assert ids(empty) == SEEDS
    r = kcsearch.build([corpus_copy], empty)
    assert sorted(r.unchanged) == SEEDS and (empty / storage.MARKER_FILE).is_file()
    assert json.loads((empty / storage.META_FILE).read_text())["files"]  # its files recorded


def test_orphaned_generations_and_temporary_files_are_removed(corpus_copy: Path,
                                                              tmp_path: Path) -> None:
    ix = tmp_path / "ix"
    meta = built(corpus_copy, ix)
    before = sorted(os.listdir(ix))
    orphans = ["kc10_1", "kc9_2", "_kc10_3_1.toc", "kc10_3_abc.seg", ".kcsearch-x1y2z3.json",
               f"_{meta['indexname']}_7.toc.1700000000.5"]
    (ix / "kc10_1").mkdir()
    (ix / "kc10_1" / "meta.json").write_text("{}")
    for name in orphans[1:]:
        (ix / name).write_text("left by a killed run")
    (ix / "mine.txt").write_text("a user's own file")  # not kcsearch's: never removed
    r = kcsearch.build([corpus_copy], ix)
    assert sorted(r.unchanged) == SEEDS
    assert sorted(os.listdir(ix)) == sorted([*before, "mine.txt"])


def test_rebuilds_and_engine_switches_leave_one_generation(corpus_copy: Path, tmp_path: Path) -> None:
    ix = tmp_path / "ix"
    built(corpus_copy, ix)
    kcsearch.build([corpus_copy], ix, rebuild=True)
    for engine in ("tantivy", "whoosh", "tantivy"):
        kcsearch.build([corpus_copy], ix, engine=engine)
    gens = {storage.generation_of(n) for n in os.listdir(ix)} - {None}
    assert len(gens) == 1 and ids(ix) == SEEDS


def _segment_files(ix: Path, meta: dict) -> list[Path]:
    return sorted(p for p in (ix / f for f, _s, _c in meta["files"])
                  if p.suffix in (".seg", ".store", ".idx", ".term"))


@pytest.mark.parametrize("damage", ["truncate", "zero", "delete", "garbage-toc"])
def test_damaged_engine_files_are_an_error_and_repaired_by_index(
        corpus_copy: Path, tmp_path: Path, damage: str) -> None:
    ix = tmp_path / "ix"
    meta = built(corpus_copy, ix)
    with kcsearch.open(ix) as c:
        expected = c.search('"Minsk Group"')
    del c  # closed: no mapping of the files is left in this process
    # ... once the garbage collector has run the finalizers of what the search left in
    # reference cycles: one that reads a mapped page after the file is cut short is a bus
    # error (seen twice: 'Fatal Python error: Bus error' in write_bytes below)
    gc.collect()
    target = max(_segment_files(ix, meta), key=lambda p: p.stat().st_size)
    if damage == "truncate":
        target.write_bytes(target.read_bytes()[: target.stat().st_size // 2])
    elif damage == "zero":
        data = bytearray(target.read_bytes())
        data[len(data) // 3: len(data) // 3 + 4096] = bytes(min(4096, len(data) - len(data) // 3))
        target.write_bytes(bytes(data))
    elif damage == "delete":
        target.unlink()
    else:
        toc = next(ix / f for f, _s, _c in meta["files"] if f.endswith((".toc", "meta.json")))
        toc.write_bytes(b"\x00" * 64)
    try:  # a search may or may not meet the damage; it must never fail in another way
        with kcsearch.open(ix) as c:
            for q in ("Karabakh", '"Minsk Group"', "mercenar*"):
                c.search(q)
            c.quotes(speaker="Peskov")
            c.check("Turkey sent 4,000 Syrian mercenaries")
            [c.get(i) for i in SEEDS]
    except kcsearch.IndexUnusableError as e:
        assert "rebuild" in str(e)
    r = kcsearch.build([corpus_copy], ix)
    assert r.rebuilt and r.rebuilt.startswith("repairing"), r.rebuilt
    assert sorted(r.added) == SEEDS and ids(ix) == SEEDS
    with kcsearch.open(ix) as c:
        assert c.search('"Minsk Group"') == expected


def test_files_a_failed_run_left_in_the_generation_are_removed(corpus_copy: Path,
                                                               tmp_path: Path) -> None:
    ix = tmp_path / "ix"
    meta = built(corpus_copy, ix)
    name = meta["indexname"]
    junk = (ix / name / "0123abcd.idx") if (ix / name).is_dir() else ix / f"{name}_zzzz9999.seg"
    junk.write_bytes(b"partial segment of a run that died")
    r = kcsearch.build([corpus_copy], ix)
    assert sorted(r.unchanged) == SEEDS and not junk.exists() and ids(ix) == SEEDS


class _Evil:
    def __reduce__(self) -> tuple:
        return (os.system, ("touch pwned-by-index",))


def test_a_whoosh_index_cannot_run_code(corpus_copy: Path, tmp_path: Path,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    from kcsearch.index import whoosh_unpickle

    ix = tmp_path / "ix"
    kcsearch.build([corpus_copy], ix, engine="whoosh")
    meta = json.loads((ix / storage.META_FILE).read_text())
    monkeypatch.chdir(tmp_path)
    from whoosh.filedb.filestore import FileStorage
    from whoosh.index import TOC

    from kcsearch.index.whoosh_engine import build_schema

    TOC(build_schema(), [_Evil()], 2).write(FileStorage(str(ix)), meta["indexname"])
    with pytest.raises(kcsearch.IndexUnusableError), kcsearch.open(ix) as c:
        c.search("Karabakh")
    assert not (tmp_path / "pwned-by-index").exists()
    for payload in (pickle.dumps(_Evil()), pickle.dumps([_Evil()], 2),
                    pickle.dumps((b"bytes take the fast path", _Evil()), 2),
                    b"cos\nsystem\n(S'touch pwned-by-index'\ntR."):
        with pytest.raises(pickle.UnpicklingError):
            whoosh_unpickle.loads(payload)
    assert not (tmp_path / "pwned-by-index").exists()
    r = kcsearch.build([corpus_copy], ix)
    assert r.rebuilt and ids(ix) == SEEDS and not (tmp_path / "pwned-by-index").exists()


def test_whoosh_pickles_kcsearch_writes_read_back_the_same() -> None:
    from kcsearch.index import whoosh_unpickle

    for value in ([1, 5, 99, 105, 300, 70000], (b"\x00\x63\x69" * 50, [1.5, 2.0], None, 3),
                  {"id": "a.txt", "body": "Talks in Baku", "quotes": [{"speaker": "Peskov"}]},
                  {"n": 2**70, "t": (1, "c", b"i")}):
        for protocol in (2, 4, 5):
            assert whoosh_unpickle.loads(pickle.dumps(value, protocol)) == value
