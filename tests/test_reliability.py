"""The reliability suite: generated queries and files, processes killed at random moments, a
disk that fills up, long-lived sessions and threads. Each case ends with the same checks:
nothing but a kcsearch error reaches the caller, no article is lost, the next run succeeds,
and nothing outside the index folder changed. (bench/soak.py runs the same for longer.)"""

from __future__ import annotations

import contextlib
import os
import random
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import kcsearch
from conftest import SEEDS
from kcsearch.index import storage

QUERY_PIECES = st.sampled_from([
    "Karabakh", "Minsk", "Group", '"', "(", ")", "AND", "OR", "NOT", "ANDNOT", "-", "*", "?", "~",
    "~2", "^3", "title:", "speaker:", "outlet:", "date:", "[2020 TO 2021]", "[", "]", "{", "}",
    "'", ":", "4,000", "Erdoğan", "\x1b[2J", "\x00", "\u202e", " ", "  ", "\n", "date:2020-13",
    "~99999999999999999999", "^99999999", "Pashinian~", "mercenar*", "*a", "?", "📰", "ß",
])
QUERIES = st.one_of(st.lists(QUERY_PIECES, max_size=30).map("".join),
                    st.lists(QUERY_PIECES, max_size=12).map(" ".join),
                    st.text(max_size=200))
SETTINGS = settings(max_examples=150, deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.function_scoped_fixture])


@SETTINGS
@given(query=QUERIES)
def test_any_query_gives_results_or_a_kcsearch_error(corpus: kcsearch.Corpus, query: str) -> None:
    for run in (lambda: corpus.search(query, facets=True), lambda: corpus.quotes(query),
                lambda: corpus.check(query), lambda: corpus.search(query, sort="newest")):
        try:
            result = run()
        except kcsearch.KcsearchError as e:
            assert str(e) and "\n" not in str(e)
            continue
        assert result.total >= 0


FILE_BYTES = st.one_of(
    st.binary(max_size=3000),
    st.text(max_size=3000).map(lambda t: t.encode("utf-8", "surrogatepass")),
    st.lists(st.sampled_from([
        b"<html>", b"<body>", b"<div>", b"<p>", b"</p>", b"<script>", b"</div>", b"<meta charset='utf-16'>",
        b"Talks resumed, officials said.", b'"We will fight," Aliyev said.', b"\xff\xfe", b"\x00",
        b"\n\n", b"<!--", b"-->", b"<![CDATA[", b"&#0;", b"&#x1b;", b"# Title\n", b"By Name\n",
        b"\xef\xbb\xbf", b"\xe2\x80\xae", b"\x1b]52;c;eA==\x07",
    ]), max_size=60).map(b"".join),
)


@settings(max_examples=40, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(files=st.lists(st.tuples(st.sampled_from([".txt", ".md", ".html"]), FILE_BYTES),
                      min_size=1, max_size=6))
def test_any_files_index_or_are_skipped_with_a_reason(tmp_path_factory: pytest.TempPathFactory,
                                                      files: list[tuple[str, bytes]]) -> None:
    root = tmp_path_factory.mktemp("gen")
    corpus = root / "c"
    corpus.mkdir()
    for n, (ext, data) in enumerate(files):
        (corpus / f"f{n}{ext}").write_bytes(data)
    r = kcsearch.build([corpus], root / "ix")
    assert len(r.added) + len(r.failed) == len(files)
    assert all(f.reason and "\n" not in f.reason for f in r.failed)
    with kcsearch.open(root / "ix") as c:
        assert len(c) == len(r.added)
        for doc_id in r.added:
            doc = c.get(doc_id)
            assert not {chr(n) for n in range(32)} - {"\n", "\t"} & set(doc.body)
    shutil.rmtree(root)


# --- processes killed at random moments -------------------------------------------------------
RUN = """
import sys
try:
    from kcsearch.cli.main import main
    from kcsearch.index import writer
except KeyboardInterrupt:  # stopped while Python was still importing: kcsearch never started
    sys.exit(130)
writer.PARALLEL_FROM = int(sys.argv[3])
main(["index", sys.argv[1], "--index", sys.argv[2]] + sys.argv[4:])
"""


def _article(i: int, version: int) -> str:
    return (f"Talks in Zorakan {i} resumed on day {version}, officials said.\n\n"
            f"\"We want peace,\" Dmitry Peskov said on day {version}.\n")


def _ids(ix: Path) -> set[str]:
    with kcsearch.open(ix) as c:
        return {d.id for d in c.documents()}


@pytest.mark.parametrize("engine", ["whoosh", "tantivy"])
def test_kills_at_random_moments_never_lose_or_mix_an_index(corpus_copy: Path, tmp_path: Path,
                                                            engine: str) -> None:
    rng = random.Random(f"kills-{engine}")
    ix, outside = tmp_path / "ix", tmp_path / "outside"
    outside.mkdir()
    (outside / "keep.txt").write_text("precious")
    kcsearch.build([corpus_copy], ix, engine=engine)
    committed = _ids(ix)
    for round_ in range(6):
        wanted = set(SEEDS)
        for i in range(rng.randint(20, 80)):
            (corpus_copy / f"extra{i:03}.txt").write_text(_article(i, round_))
            wanted.add(f"extra{i:03}.txt")
        for old in set(os.listdir(corpus_copy)) - wanted - {"sources.toml"}:
            (corpus_copy / old).unlink()
        sig = rng.choice([signal.SIGKILL, signal.SIGINT, signal.SIGTERM])
        args = ["--rebuild"] if rng.random() < 0.25 else []
        if rng.random() < 0.2:
            args = ["--engine", "tantivy" if engine == "whoosh" else "whoosh"]
        proc = subprocess.Popen([sys.executable, "-c", RUN, str(corpus_copy), str(ix),
                                 rng.choice(["1", "1000"]), *args],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                start_new_session=True)
        time.sleep(rng.uniform(0.05, 1.5))
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, sig)
        _out, err = proc.communicate(timeout=120)
        time.sleep(0.2)  # workers of a killed run leave too, quietly
        assert "Traceback" not in err, err
        now = _ids(ix)
        assert now in (committed, wanted), (round_, sig, sorted(now ^ committed)[:5])
        r = kcsearch.build([corpus_copy], ix)  # the next run always completes
        committed = _ids(ix)
        assert committed == wanted, (round_, r)
        generations = {storage.generation_of(n) for n in os.listdir(ix)} - {None}
        assert len(generations) == 1, sorted(os.listdir(ix))
    assert (outside / "keep.txt").read_text() == "precious" and os.listdir(outside) == ["keep.txt"]


# --- a disk that fills up -------------------------------------------------------------------------
@contextlib.contextmanager
def small_disk(where: Path, size: str) -> Iterator[Path]:
    where.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(where)],
                      capture_output=True).returncode != 0:
        pytest.skip("cannot mount a small tmpfs here (needs root)")
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], capture_output=True)


def _listing(ix: Path) -> list[tuple[str, int]]:
    """The index's files and sizes (not the lock, nor tantivy's list of the files it made,
    which it rewrites as it works)."""
    return sorted((str(p.relative_to(ix)), p.stat().st_size) for p in ix.rglob("*")
                  if p.is_file() and p.name not in ("write.lock", ".managed.json"))


@pytest.mark.parametrize("engine", ["whoosh", "tantivy"])
def test_disk_full_keeps_the_index_leaves_nothing_and_the_next_run_succeeds(
        corpus_copy: Path, tmp_path: Path, engine: str) -> None:
    with small_disk(tmp_path / "disk", "24m") as disk:
        ix = disk / "ix"
        kcsearch.build([corpus_copy], ix, engine=engine)
        before = _listing(ix)
        filler = disk / "filler"  # the user's other files: all but 800 KB of the disk
        free = shutil.disk_usage(disk).free
        filler.write_bytes(b"x" * (free - 800_000))
        rng = random.Random(5)
        words = ["".join(rng.choice("abcdefghijklmnop") for _ in range(7)) for _ in range(20000)]
        for i in range(12):
            (corpus_copy / f"big{i}.txt").write_text(" ".join(rng.choice(words) for _ in range(6000)) + ".\n")
        for attempt in range(2):  # and again: a failed run leaves nothing that fails the next
            with pytest.raises(kcsearch.DiskFullError, match=f"disk full: .*{ix}.*as it was before"):
                kcsearch.build([corpus_copy], ix)
            assert _listing(ix) == before, attempt
            assert _ids(ix) == set(SEEDS)
        proc = subprocess.run([str(Path(sys.executable).parent / "kcsearch"), "index", str(corpus_copy),
                               "--index", str(ix)], capture_output=True, text=True)
        assert proc.returncode == 2 and proc.stderr.count("\n") == 1 and "disk full" in proc.stderr
        assert _listing(ix) == before
        filler.unlink()  # space again: the next run succeeds
        r = kcsearch.build([corpus_copy], ix)
        assert len(r.added) == 12 and len(_ids(ix)) == len(SEEDS) + 12


# --- long-lived sessions and threads --------------------------------------------------------
@pytest.mark.parametrize("engine", ["whoosh", "tantivy"])
def test_a_long_lived_corpus_sees_each_commit_exactly(corpus_copy: Path, tmp_path: Path,
                                                      engine: str) -> None:
    ix = tmp_path / "ix"
    kcsearch.build([corpus_copy], ix, engine=engine)
    with kcsearch.open(ix) as c:
        for version in range(5):
            for name in SEEDS:  # every article changed: each update deletes and re-adds all
                path = corpus_copy / name
                path.write_text(path.read_text() + f"\n\nUpdate {version}.\n")
            kcsearch.build([corpus_copy], ix)
            res = c.search("Armenia", limit=50, expand=True)
            assert sorted(h.id for h in res.hits) == sorted(set(h.id for h in res.hits))
            assert len(c) == len(SEEDS) and res.total == len(res.hits)
            assert c.get(SEEDS[0]).body.endswith(f"Update {version}.")


def test_whoosh_stays_near_a_clean_build_s_size_after_many_updates(corpus_copy: Path,
                                                                  tmp_path: Path) -> None:
    ix, clean = tmp_path / "ix", tmp_path / "clean"
    for i in range(60):
        (corpus_copy / f"extra{i}.txt").write_text(_article(i, 0) * 20)
    kcsearch.build([corpus_copy], ix, engine="whoosh")
    for version in range(1, 16):
        for i in range(0, 60, 2):
            (corpus_copy / f"extra{i}.txt").write_text(_article(i, version) * 20)
        kcsearch.build([corpus_copy], ix)
    kcsearch.build([corpus_copy], clean, engine="whoosh")

    def size(path: Path) -> int:
        return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())

    assert size(ix) < 2 * size(clean), (size(ix), size(clean))
    assert _ids(ix) == _ids(clean)


@pytest.mark.parametrize("engine", ["whoosh", "tantivy"])
def test_one_corpus_serves_several_threads_while_the_index_changes(corpus_copy: Path,
                                                                   tmp_path: Path, engine: str) -> None:
    ix = tmp_path / "ix"
    kcsearch.build([corpus_copy], ix, engine=engine)
    problems: list[BaseException] = []
    done = threading.Event()

    with kcsearch.open(ix) as c:
        def reader(n: int) -> None:
            rng = random.Random(n)
            try:
                while not done.is_set():
                    query = rng.choice(["Armenia", '"Minsk Group"', "Zorakan", "ceasefire OR talks"])
                    res = c.search(query, limit=20, expand=True)
                    ids = [h.id for h in res.hits]
                    assert len(ids) == len(set(ids)) and res.total >= len(ids)
                    c.quotes(speaker="Peskov")
                    if rng.random() < 0.2:
                        c.check("Turkey sent 4,000 Syrian mercenaries")
            except BaseException as e:  # raised again in the test's thread
                problems.append(e)

        threads = [threading.Thread(target=reader, args=(n,)) for n in range(4)]
        for t in threads:
            t.start()
        for version in range(6):
            (corpus_copy / f"new{version}.txt").write_text(_article(version, version))
            kcsearch.build([corpus_copy], ix)
        done.set()
        for t in threads:
            t.join(timeout=60)
        assert not problems, problems[0]
        assert c.search("Zorakan").total == 6


def test_the_api_raises_only_kcsearch_errors(corpus: kcsearch.Corpus, tmp_path: Path) -> None:
    calls = [lambda: corpus.get(None), lambda: corpus.get(5), lambda: corpus.similar(None),
             lambda: corpus.get("\udcff"), lambda: corpus.similar("x" * 100_000),
             lambda: corpus.quotes(5), lambda: corpus.check(None), lambda: corpus.search("a", sort=5),
             lambda: corpus.search("a", after=2020), lambda: corpus.search("a", outlets="guardian"),
             lambda: corpus.quotes(limit=-1), lambda: kcsearch.open(5),
             lambda: kcsearch.build([None], tmp_path / "ix"), lambda: kcsearch.build(["x"], 5),
             lambda: kcsearch.build(["x"], tmp_path / "ix", wait=float("nan")),
             lambda: kcsearch.build(["x"], tmp_path / "ix", engine="lucene")]
    for call in calls:
        with pytest.raises(kcsearch.KcsearchError):
            call()


# --- check: never a crash on any sentence ---------------------------------------------------

SENTENCE_PIECES = st.sampled_from([
    "Turkey", "sent", "4,000", "Syrian", "mercenaries", ",", ", and", "shortly after,", "said",
    "denied", "the claims", "“", "”", '"', "—", "–", "-", "so-called", "about", "at least",
    "fewer than", "50%", "$2 billion", "1994", "Sept 19", "Tuesday", "on", "killed", "wounded",
    "displaced", "Die", "Zahl", "240", "the", "of", "which", "that", "(", ")", ";", ":", ".",
    "Armenia's", "military", "death toll", "Mr.", "U.S.", "lies", "provocation", "according to",
    "claimed", "lives", "reported", "\x1b[2J", "\u202e", "", " ", "\n",
])
SENTENCES = st.one_of(st.lists(SENTENCE_PIECES, max_size=25).map(" ".join),
                      st.lists(SENTENCE_PIECES, max_size=25).map("".join), st.text(max_size=150))


@SETTINGS
@given(body=st.lists(SENTENCES, min_size=1, max_size=6), claim=SENTENCES)
def test_check_rules_never_raise_on_any_sentence(body: list[str], claim: str) -> None:
    """The check's sentence rules (attribution, figures, disputes) on generated articles."""
    import datetime as dt

    from kcsearch.check import ArticleText, claim_terms, find_evidence
    from kcsearch.index.quotes import extract_quotes
    from kcsearch.index.schema import tokens

    text = "\n\n".join(body)
    article = ArticleText(id="a.txt", title="t", outlet=None, date=dt.date(2020, 9, 29), body=text,
                          quotes=tuple(extract_quotes(body)))
    for wanted in (claim, *body):
        terms = claim_terms(wanted, tokens, lambda words: [words], lambda _t: 1.0)
        find_evidence(wanted, terms, [article], tokens).to_dict()


def test_check_of_every_corpus_sentence_gives_evidence_or_a_kcsearch_error(
        corpus: kcsearch.Corpus) -> None:
    """Each sentence of the bundled corpus, checked as a claim, finds at least itself."""
    from kcsearch.snippets import sentences

    checked = 0
    for doc in corpus.documents():
        for s, e in sentences(doc.body):
            claim = doc.body[s:e]
            try:
                result = corpus.check(claim)
            except kcsearch.KcsearchError as err:
                assert str(err) and "\n" not in str(err)
                continue
            result.to_dict()
            checked += 1
    assert checked > 100


def test_the_reported_crash_a_clause_that_starts_with_a_comma(tmp_path: Path) -> None:
    folder = tmp_path / "c"
    folder.mkdir()
    (folder / "a.txt").write_text(
        "Turkey lifted its Wikipedia block.\n\nEarlier today, the court made the ruling public, "
        "and shortly after, we received reports that access to Wikipedia was restored.\n")
    kcsearch.build([folder], tmp_path / "idx")
    with kcsearch.open(tmp_path / "idx") as corpus:
        result = corpus.check("Wikipedia access restored")
    [group] = result.groups
    assert [(s.kind, s.speaker) for s in group.sentences] == [("statement", None)]
