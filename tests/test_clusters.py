"""Same story, several outlets: near-duplicate clusters at index time."""

from __future__ import annotations

import hashlib
import json
import random
import shutil
from pathlib import Path

import pytest

import kcsearch
from conftest import CORPUS, DATA, invoke
from kcsearch.index.clusters import Clusters, RunKeys
from kcsearch.index.dedup import (
    BINS,
    CLUSTER_THRESHOLD,
    EMPTY,
    Packed,
    bands,
    from_stored,
    overlap,
    pack,
    pack_stored,
    signature,
    similarity,
    to_stored,
)
from kcsearch.index.engine import Found
from kcsearch.index.model import Article

GUARDIAN, REWRITE = "004_c67a387fa88ce996.txt", "wire-rewrite-of-guardian.txt"
OTHER = "unrelated-elections.txt"


@pytest.fixture(scope="module")
def dupes_index(tmp_path_factory: pytest.TempPathFactory, engine: str) -> Path:
    ix = tmp_path_factory.mktemp("dupes") / "ix"
    assert not kcsearch.build([CORPUS, DATA / "dupes"], ix, engine=engine).failed
    return ix


def run(ix: Path, *args: str):
    return invoke([*args, "--index", str(ix)])


def test_rewritten_copy_shares_the_cluster_and_others_stay_apart(dupes_index: Path) -> None:
    data = json.loads(run(dupes_index, "search", "Karabakh OR Armenians", "--expand", "--json",
                          "--limit", "20").stdout)
    cluster = {h["id"]: h["cluster"] for h in data["hits"]}
    assert cluster[REWRITE] == cluster[GUARDIAN]
    others = [c for i, c in cluster.items() if i not in (REWRITE, GUARDIAN)]
    assert len(set(others)) == len(others) and cluster[GUARDIAN] not in others
    assert cluster[OTHER] == OTHER


def test_search_collapses_a_story_and_expand_shows_every_copy(dupes_index: Path) -> None:
    r = run(dupes_index, "search", "ceasefire", "--json")
    hits = json.loads(r.stdout)["hits"]
    ids = [h["id"] for h in hits]
    assert GUARDIAN in ids and REWRITE not in ids
    guardian = next(h for h in hits if h["id"] == GUARDIAN)
    assert guardian["also"] == [{"id": REWRITE, "outlet": "Reuters", "date": "2020-09-29"}]
    expanded = [h["id"] for h in json.loads(run(dupes_index, "search", "ceasefire", "--expand",
                                                "--json").stdout)["hits"]]
    assert REWRITE in expanded and GUARDIAN in expanded
    text = run(dupes_index, "search", "ceasefire")
    assert f"also carried by: Reuters · 2020-09-29 · {REWRITE}" in text.stdout
    assert "shown as 4 stories" in text.stderr


def test_similar_command(dupes_index: Path) -> None:
    r = run(dupes_index, "similar", GUARDIAN)
    assert r.exit_code == 0 and REWRITE in r.stdout and "same story" in r.stdout
    data = json.loads(run(dupes_index, "similar", REWRITE, "--json").stdout)
    assert [s["id"] for s in data["similar"]] == [GUARDIAN]
    assert data["similar"][0]["overlap"] > 0.5
    r = run(dupes_index, "similar", OTHER)
    assert r.exit_code == 1 and "No other article" in r.stdout
    r = run(dupes_index, "similar", "nope.txt")
    assert r.exit_code == 2 and "no document 'nope.txt'" in r.stderr


@pytest.mark.usefixtures("each_engine")
def test_cluster_survives_incremental_runs(tmp_path: Path) -> None:
    corpus = tmp_path / "c"
    shutil.copytree(CORPUS, corpus)
    ix = tmp_path / "ix"
    kcsearch.build([corpus], ix)
    shutil.copy(DATA / "dupes" / REWRITE, corpus / REWRITE)  # the copy arrives later
    kcsearch.build([corpus], ix)
    with kcsearch.open(ix) as c:
        assert [s.id for s in c.similar(GUARDIAN) if s.same_cluster] == [REWRITE]


def test_signature_rules() -> None:
    words = ["the", "authority", "that", "runs", "the", "enclave", "said", "more", "troops",
             "had", "been", "killed"]
    def sig(w: list[str]) -> Packed:
        return pack(signature(w))

    assert overlap(sig(words), sig(words)) == 1.0
    assert overlap(sig(words), sig(words[:8])) > CLUSTER_THRESHOLD  # a cut copy
    other = ["voters", "in", "yerevan", "chose", "a", "new", "parliament", "after", "months", "of", "protest"]
    assert overlap(sig(words), sig(other)) < CLUSTER_THRESHOLD


def test_signature_estimates_overlap_as_well_as_a_cryptographic_hash() -> None:
    """The shingle hash (tabulation over the three words) must do as well as hashing each
    joined shingle with blake2b (the reference below), and word order makes other shingles."""
    def reference(words: list[str]) -> tuple[int, ...]:
        sig = [EMPTY] * BINS
        shingles = {" ".join(words[i:i + 3]) for i in range(len(words) - 2)}
        for sh in shingles:
            h = int.from_bytes(hashlib.blake2b(sh.encode(), digest_size=8).digest(), "big")
            sig[h % BINS] = min(sig[h % BINS], h // BINS)
        return (len(shingles), *sig)

    rng = random.Random(11)
    vocab = [f"w{i}" for i in range(5_000)]
    errors: dict[object, list[float]] = {signature: [], reference: []}
    for _ in range(300):
        text = rng.choices(vocab, k=rng.randrange(200, 800))
        start = rng.randrange(len(text) // 2)
        copy = text[start:start + rng.randrange(60, len(text) // 2)]  # an excerpt
        copy += rng.choices(vocab, k=rng.randrange(0, 2 * len(copy)))  # with new words
        a, b = ({" ".join(x[i:i + 3]) for i in range(len(x) - 2)} for x in (text, copy))
        exact = len(a & b) / min(len(a), len(b))
        for sig, errs in errors.items():
            errs.append(overlap(pack(sig(text)), pack(sig(copy))) - exact)  # type: ignore[operator]
    mine, ref = (sum(map(abs, e)) / len(e) for e in errors.values())
    assert mine < 1.25 * ref and abs(sum(errors[signature]) / 300) < 0.02
    words = rng.choices(vocab, k=300)
    assert similarity(pack(signature(words)), pack(signature(words[::-1]))) < 0.05
    assert signature(["a", "b", "c"]) != signature(["c", "b", "a"]) != signature(["b", "a", "c"])
    # the index keeps the keys of the first LSH_BINS (64) bins only, every one filled here
    sig = signature(rng.choices(vocab, k=2_000))
    assert bands(sig) == [f"b{i}_{v:x}" for i, v in enumerate(sig[1:65])]


def test_packed_similarity_counts_lanes_as_comparing_each_bin_would() -> None:
    def by_bin(a: tuple[int, ...], b: tuple[int, ...]) -> float:
        equal = sum(x == y for x, y in zip(a[1:], b[1:], strict=True))
        both_empty = sum(x == y == EMPTY for x, y in zip(a[1:], b[1:], strict=True))
        return (equal - both_empty) / (BINS - both_empty) if both_empty < BINS else 0.0

    rng = random.Random(3)
    vocab = [f"w{i}" for i in range(400)]  # shared words: many equal bins
    # 0 to 2 words leave every bin empty; 20 words most; 2,000 none
    sigs = [signature(rng.choices(vocab, k=n)) for n in (0, 2, 5, 20, 60, 150, 400, 2000) * 4]
    sigs.append((3, *([5] * BINS)))  # equal minimums in every bin
    sigs.append((1, 2 ** 57 - 1, *([EMPTY] * (BINS - 1))))  # the largest minimum beside EMPTY
    for a in sigs:
        for b in sigs:
            assert similarity(pack(a), pack(b)) == by_bin(a, b)
    assert pack(()) == (0, 0, 0) and overlap(pack(()), pack(sigs[5])) == 0.0
    assert pack(sigs[7])[2] == 0 and pack(sigs[3])[2] != 0  # 2,000 words fill every bin, 20 do not
    for sig in sigs:  # the stored form keeps every value, EMPTY included
        assert from_stored(to_stored(sig)) == sig
        assert pack_stored(to_stored(sig)) == pack(sig)
    assert from_stored("") == () and pack_stored("") == (0, 0, 0)


def test_run_keys_keep_every_head_of_a_key_through_growth() -> None:
    keys = RunKeys(limit=50)
    start = len(keys.hashes)

    def get(bin_no: int, value: int) -> list[int] | None:
        heads, open_keys = keys.lookup([(bin_no, value)])
        return heads if open_keys else None

    def add(bin_no: int, value: int, head: int) -> None:
        keys.add(keys.lookup([(bin_no, value)])[1], head)

    for n in range(3 * start):  # grows twice
        add(n % 128, 1_000_003 * n, n)
    add(5, 1_000_003 * 5, 99_999)  # a second head on a key
    assert len(keys.hashes) >= 4 * start
    assert get(5, 1_000_003 * 5) == [5, 99_999]
    assert get(7 % 128, 1_000_003 * 7) == [7]
    assert get(6, 1_000_003 * 5) == []  # same value, other bin
    assert get(0, 42) == []
    for n in range(48):  # 50 heads on the key: still answered, first added first
        add(5, 1_000_003 * 5, 200_000 + n)
    assert get(5, 1_000_003 * 5) == [5, 99_999, *range(200_000, 200_048)]
    add(5, 1_000_003 * 5, 300_000)  # 51: a shingle everyone uses
    assert get(5, 1_000_003 * 5) is None
    assert get(7 % 128, 1_000_003 * 7) == [7]
    # several keys at once: their heads key after key, over-used keys left out
    heads, open_keys = keys.lookup([(7, 1_000_003 * 7), (5, 1_000_003 * 5), (0, 42), (9, 1_000_003 * 9)])
    assert heads == [7, 9] and len(open_keys) == 3
    keys.add(open_keys, 400_000)
    assert get(0, 42) == [400_000] and get(9, 1_000_003 * 9) == [9, 400_000]


class _NoStoredArticles:
    def doc_frequency(self, field: str, term: str) -> int:
        return 0

    def search(self, q: object, limit: int | None = 10, count: bool = True) -> Found:
        return Found(0, [])


def _article(doc_id: str, words: list[str]) -> Article:
    return Article(id=doc_id, path=doc_id, root="/", title=None, outlet=None, url=None, date=None,
                   date_source="none", author=None, contributors=(), headings=(), body="",
                   quotes=(), speakers=(), content_hash="", fingerprint="", stale_banner=False,
                   format="text", signature=signature(words))


def _cluster(clusters: Clusters, a: Article) -> str:
    return clusters.cluster_of(a.id, a.signature)


def test_a_copy_joins_a_story_added_earlier_in_the_same_run() -> None:
    rng = random.Random(5)
    vocab = [f"w{i}" for i in range(20_000)]
    clusters = Clusters(_NoStoredArticles())  # type: ignore[arg-type]
    stories = {f"s{n}": rng.choices(vocab, k=300) for n in range(400)}  # 400 heads: tables grow
    assigned = {i: _cluster(clusters, _article(i, w)) for i, w in stories.items()}
    assert assigned == {i: i for i in stories}  # unrelated stories stay apart
    cut = _cluster(clusters, _article("cut-copy", stories["s3"][50:150]))  # a third of it
    assert cut == "s3"
    mixed = _cluster(clusters, _article("mixed", stories["s250"][:200] + rng.choices(vocab, k=100)))
    assert mixed == "s250"
    assert _cluster(clusters, _article("new", rng.choices(vocab, k=300))) == "new"
    # a copy joins the story's first article, never a copy of it
    assert _cluster(clusters, _article("copy-of-cut", stories["s3"][50:150])) == "s3"
