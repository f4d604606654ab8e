"""A corpus folder is untrusted input too (a download, an archive, a shared drive): its links
stay inside it unless asked, one odd file never stops a run or loses a previous version, and
one pathological file costs bounded work."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

import kcsearch
from conftest import SEEDS, invoke
from kcsearch.index import load

pytestmark = pytest.mark.usefixtures("each_engine")

ARTICLE = "Talks on Nagorno-Karabakh resumed in Moscow on Friday, officials said.\n"


def ids(ix: Path) -> list[str]:
    with kcsearch.open(ix) as c:
        return [d.id for d in c.documents()]


def reasons(report: kcsearch.IndexReport) -> dict[str, str]:
    return {Path(f.path).name: f.reason for f in report.failed}


@pytest.fixture()
def secret(tmp_path: Path) -> Path:
    private = tmp_path / "home" / ".ssh"
    private.mkdir(parents=True)
    key = private / "id_rsa.txt"
    key.write_text("-----BEGIN PRIVATE KEY----- secret words, officials said.\n")
    return key


def test_links_out_of_the_corpus_are_not_followed(corpus_copy: Path, tmp_path: Path,
                                                  secret: Path) -> None:
    (corpus_copy / "passwd.txt").symlink_to(secret)
    (corpus_copy / "home").symlink_to(secret.parent, target_is_directory=True)
    r = kcsearch.build([corpus_copy], tmp_path / "ix")
    why = reasons(r)
    assert "outside the corpus folder" in why["passwd.txt"] and "--follow-links" in why["passwd.txt"]
    assert "outside the corpus folder" in why["home"]
    assert ids(tmp_path / "ix") == SEEDS
    with kcsearch.open(tmp_path / "ix") as c:
        assert c.search("secret").total == 0
        with pytest.raises(kcsearch.DocumentNotFound):
            c.get("passwd.txt")


def test_follow_links_indexes_them_when_asked(corpus_copy: Path, tmp_path: Path, secret: Path) -> None:
    (corpus_copy / "linked.txt").symlink_to(secret)
    (corpus_copy / "more").symlink_to(secret.parent, target_is_directory=True)
    (secret.parent / "loop").symlink_to(corpus_copy, target_is_directory=True)  # no endless walk
    r = kcsearch.build([corpus_copy], tmp_path / "ix", follow_links=True)
    assert not r.failed, r.failed
    assert set(ids(tmp_path / "ix")) == {*SEEDS, "linked.txt", "more/id_rsa.txt"}
    res = invoke(["index", str(corpus_copy), "--index", str(tmp_path / "ix2"),
                              "--follow-links"])
    assert res.exit_code == 0, res.output


def test_links_inside_the_corpus_are_read_where_they_lead(corpus_copy: Path, tmp_path: Path) -> None:
    (corpus_copy / "sub").mkdir()
    (corpus_copy / "sub" / "real.txt").write_text(ARTICLE)
    (corpus_copy / "alias.txt").symlink_to(corpus_copy / "sub" / "real.txt")
    (corpus_copy / "again").symlink_to(corpus_copy / "sub", target_is_directory=True)
    r = kcsearch.build([corpus_copy], tmp_path / "ix")
    assert not r.failed
    assert set(ids(tmp_path / "ix")) == {*SEEDS, "sub/real.txt", "alias.txt"}


def test_a_link_swapped_in_after_the_scan_is_not_followed(corpus_copy: Path, tmp_path: Path,
                                                          secret: Path) -> None:
    cand = load.Candidate("x.txt", corpus_copy / "x.txt", corpus_copy, str(corpus_copy / "x.txt"))
    (corpus_copy / "x.txt").symlink_to(secret)
    with pytest.raises(OSError):
        load.read_bytes(cand.source, root=corpus_copy)


def test_a_file_turned_fifo_or_broken_link_keeps_its_previous_version(corpus_copy: Path,
                                                                      tmp_path: Path) -> None:
    ix = tmp_path / "ix"
    kcsearch.build([corpus_copy], ix)
    (corpus_copy / SEEDS[0]).unlink()
    os.mkfifo(corpus_copy / SEEDS[0])
    (corpus_copy / SEEDS[1]).unlink()
    (corpus_copy / SEEDS[1]).symlink_to(tmp_path / "gone.txt")
    started = time.monotonic()
    r = kcsearch.build([corpus_copy], ix)
    assert time.monotonic() - started < 30  # a FIFO is never opened for reading
    why = reasons(r)
    assert "FIFO" in why[SEEDS[0]] and "broken symbolic link" in why[SEEDS[1]]
    assert not r.removed and ids(ix) == SEEDS


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads any folder")
def test_an_unreadable_subfolder_keeps_its_articles(corpus_copy: Path, tmp_path: Path) -> None:
    sub = corpus_copy / "sub"
    sub.mkdir()
    (sub / "a.txt").write_text(ARTICLE)
    kcsearch.build([corpus_copy], tmp_path / "ix")
    sub.chmod(0)
    try:
        r = kcsearch.build([corpus_copy], tmp_path / "ix")
    finally:
        sub.chmod(0o755)
    assert not r.removed and "sub/a.txt" in ids(tmp_path / "ix")


def test_an_unreadable_folder_found_by_the_walk_keeps_its_articles(corpus_copy: Path, tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """As root every folder is readable: the walk's error is simulated for one folder."""
    sub = corpus_copy / "sub"
    sub.mkdir()
    (sub / "a.txt").write_text(ARTICLE)
    kcsearch.build([corpus_copy], tmp_path / "ix")
    walk = os.walk

    def failing(top: str, onerror=None, followlinks: bool = False):  # type: ignore[no-untyped-def]
        for dirpath, dirnames, filenames in walk(top, onerror=onerror, followlinks=followlinks):
            if "sub" in dirnames:
                dirnames.remove("sub")
                onerror(PermissionError(13, "Permission denied", str(sub)))
            yield dirpath, dirnames, filenames

    monkeypatch.setattr(load.os, "walk", failing)
    r = kcsearch.build([corpus_copy], tmp_path / "ix")
    assert "cannot read folder" in reasons(r)["sub"]
    assert not r.removed and "sub/a.txt" in ids(tmp_path / "ix")


def test_a_file_name_that_is_not_utf8_is_indexed_under_a_readable_id(corpus_copy: Path,
                                                                     tmp_path: Path) -> None:
    raw = os.fsencode(str(corpus_copy)) + b"/caf\xe9-report.txt"
    with open(raw, "wb") as f:
        f.write(ARTICLE.encode())
    r = kcsearch.build([corpus_copy], tmp_path / "ix")
    assert not r.failed and "caf\\xe9-report.txt" in r.added
    with kcsearch.open(tmp_path / "ix") as c:
        doc = c.get("caf\\xe9-report.txt")
        assert doc.path.endswith("caf\\xe9-report.txt") and "Moscow" in doc.body
    res = invoke(["search", "Moscow", "--index", str(tmp_path / "ix"), "--json"])
    assert res.exit_code == 0 and "caf\\\\xe9-report.txt" in res.stdout
    r = kcsearch.build([corpus_copy], tmp_path / "ix")  # the same id next time: unchanged
    assert "caf\\xe9-report.txt" in r.unchanged


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be", "utf-32"])
def test_utf16_and_utf32_text_is_read(corpus_copy: Path, tmp_path: Path, encoding: str) -> None:
    (corpus_copy / "wide.txt").write_bytes(ARTICLE.encode(encoding))
    (corpus_copy / "wide.html").write_bytes(
        f"<html><head><title>Wide</title></head><body><article><p>{ARTICLE * 5}</p>"
        f"</article></body></html>".encode("utf-16"))
    r = kcsearch.build([corpus_copy], tmp_path / "ix")
    assert not r.failed, r.failed
    with kcsearch.open(tmp_path / "ix") as c:
        assert "Moscow" in c.get("wide.txt").body and "Moscow" in c.get("wide.html").body


def test_decoding_rules() -> None:
    assert load.decode_text("Baku – Yerevan".encode("utf-16")) == "Baku – Yerevan"
    assert load.decode_text("Talks".encode("utf-16-le")) == "Talks"  # no mark: zero bytes tell
    for binary in (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", b"\x00\x01\x02\x03abc\x00\x00",
                   "x".encode("utf-16")[:2] + b"\x00\x00\x00\x00"):
        with pytest.raises(ValueError, match=r"binary|empty|not valid"):
            load.decode_text(binary)


def test_a_file_too_large_is_skipped_with_its_size(corpus_copy: Path, tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(load, "MAX_FILE_BYTES", 1_000_000)
    (corpus_copy / "huge.txt").write_text(ARTICLE * 20_000)
    r = kcsearch.build([corpus_copy], tmp_path / "ix")
    assert "file too large" in reasons(r)["huge.txt"] and sorted(r.added) == SEEDS


def test_a_deeply_nested_page_is_skipped_quickly(corpus_copy: Path, tmp_path: Path) -> None:
    (corpus_copy / "deep.html").write_text(
        "<html><body><article><p>" + ARTICLE * 5 + "</p>" + "<div><span>" * 10_000 + "x"
        + "</article></body></html>")
    (corpus_copy / "deep-no-article.html").write_text(
        "<html><body>" + "<div class='share'><span>" * 3000 + "x" + "</body></html>")
    started = time.monotonic()
    r = kcsearch.build([corpus_copy], tmp_path / "ix")
    assert time.monotonic() - started < 20
    why = reasons(r)
    assert "nested more than 250" in why["deep.html"] and "deep-no-article.html" in why
    assert sorted(r.added) == SEEDS


def test_a_page_over_its_time_budget_is_skipped_and_the_rest_indexed(
        corpus_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from kcsearch.index import clean

    monkeypatch.setattr(load, "FILE_SECONDS", 0.5)
    real = clean.clean_text

    def stalls_on_one(text: str):  # type: ignore[no-untyped-def]
        if "STALL" in text:
            time.sleep(5)
        return real(text)

    monkeypatch.setattr(load.clean, "clean_text", stalls_on_one)
    (corpus_copy / "slow.txt").write_text("STALL " + ARTICLE)
    started = time.monotonic()
    r = kcsearch.build([corpus_copy], tmp_path / "ix")
    assert time.monotonic() - started < 4.5
    assert "took over" in reasons(r)["slow.txt"]
    assert sorted(r.added) == SEEDS


def test_the_time_budget_holds_in_worker_processes(corpus_copy: Path, tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    from kcsearch.index import clean, writer

    monkeypatch.setattr(writer, "PARALLEL_FROM", 1)
    monkeypatch.setattr(writer, "MAX_PROCS", 2)
    monkeypatch.setattr(load, "FILE_SECONDS", 0.5)
    real = clean.clean_text

    def stalls_on_one(text: str):  # type: ignore[no-untyped-def]
        if "STALL" in text:
            while True:
                time.sleep(0.01)
        return real(text)

    monkeypatch.setattr(load.clean, "clean_text", stalls_on_one)
    (corpus_copy / "slow.txt").write_text("STALL " + ARTICLE)
    r = kcsearch.build([corpus_copy], tmp_path / "ix")
    assert "took over" in reasons(r)["slow.txt"] and sorted(r.added) == SEEDS


def test_a_broken_or_outside_metadata_file_stops_the_run(corpus_copy: Path, tmp_path: Path,
                                                         secret: Path) -> None:
    meta = corpus_copy / "sources.toml"
    meta.unlink()
    meta.symlink_to(tmp_path / "missing.toml")
    with pytest.raises(kcsearch.CorpusError, match="broken symbolic link"):
        kcsearch.build([corpus_copy], tmp_path / "ix")
    meta.unlink()
    outside = tmp_path / "outside.toml"
    outside.write_text('["x.txt"]\noutlet = "X"\n')
    meta.symlink_to(outside)
    with pytest.raises(kcsearch.CorpusError, match="outside the corpus folder"):
        kcsearch.build([corpus_copy], tmp_path / "ix")
    assert not (tmp_path / "ix").exists()
    assert kcsearch.build([corpus_copy], tmp_path / "ix", follow_links=True).added
    meta.unlink()
    meta.write_bytes(b'["x.txt"]\noutlet = "\xff"\n')
    with pytest.raises(kcsearch.CorpusError, match="not valid UTF-8"):
        kcsearch.build([corpus_copy], tmp_path / "ix")


def test_ids_that_would_clash_are_refused_one_by_one(corpus_copy: Path, tmp_path: Path) -> None:
    raw = os.fsencode(str(corpus_copy)) + b"/a\xe9.txt"
    with open(raw, "wb") as f:
        f.write(ARTICLE.encode())
    (corpus_copy / "a\\xe9.txt").write_text(ARTICLE)  # a name spelling the same id
    r = kcsearch.build([corpus_copy], tmp_path / "ix")
    assert len(r.failed) == 1 and "already taken" in r.failed[0].reason
    assert "a\\xe9.txt" in ids(tmp_path / "ix")


def test_control_characters_in_a_file_name_never_reach_an_id(corpus_copy: Path, tmp_path: Path) -> None:
    (corpus_copy / "two\nlines\x1b[2J.txt").write_text(ARTICLE)
    r = kcsearch.build([corpus_copy], tmp_path / "ix")
    assert "two\\x0alines\\x1b[2J.txt" in r.added
    with kcsearch.open(tmp_path / "ix") as c:
        assert "Moscow" in c.get("two\\x0alines\\x1b[2J.txt").body
