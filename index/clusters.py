"""Story clusters at indexing time: each new or changed article joins the story of its most
similar earlier article, if they overlap enough (see dedup.py for the similarity).

Earlier articles are of two kinds: stored ones, found through the index's LSH field, and those
added earlier in the same run, which the index cannot search until the run commits. The second
kind is held in memory, compactly: flat arrays of 12 bytes a table slot (two to four slots a
distinct key) and 8 bytes for each of the 64 keys a story head adds, plus a story head's packed
signature, where dicts of LSH key -> ids ran to gigabytes at 100k articles (bench/README.md:
"Clusters in flat arrays").
"""

from __future__ import annotations

from array import array
from collections import Counter
from collections.abc import Iterable, Sequence

from . import dedup, tree
from .engine import EngineSearcher

# Bins whose LSH keys find this run's earlier articles, and how many of those sharing the
# most keys are compared. Any 32 bins share a key for 998-1,000 of 1,000 pairs above
# CLUSTER_THRESHOLD (excerpts of a third or a fifth, copies with half the sentences dropped,
# made from benchmark articles). But benchmark articles reuse real sentences, so unrelated
# ones share keys too, and ranking them by shared keys needs more bins: clustering the 10k
# benchmark corpus in one run joined 143 articles to a story with 32 bins and 20 candidates,
# 182 with 32 / 50, 245 with 64 / 50, and 238 with all 128 keys / 20 (the previous design).
RUN_BINS = dedup.LSH_BINS  # 64, the bins the index keeps keys of
RUN_CANDIDATES = 50
_MIX = 0x9E3779B97F4A7C15  # odd 64-bit constant (golden ratio): spreads keys over the slots
_MASK64 = (1 << 64) - 1


class RunKeys:
    """LSH key -> numbers of the story heads carrying it, in flat arrays. Keys sit in an
    open-addressing table (a slot holds a 32-bit hash of the key, 0 when empty, its number of
    heads and its newest entry); a key's heads are a chain of entries (head number, previous
    entry; entry 0 ends a chain). A lookup probes distinct keys only, and a key carried by
    more than `limit` heads (a shingle everyone uses) is left out without reading them: with
    one slot per head, lookups walked past every head of every key sharing the probe run
    (a large share of the indexing process's time). Two keys with the same hash (one
    chance in 4 billion) only add a candidate, which overlap() then rejects."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.entry_head = array("I", [0])
        self.entry_prev = array("I", [0])
        self._alloc(1 << 12)

    def _alloc(self, size: int) -> None:
        self.mask = size - 1
        self.hashes = array("I", bytes(4 * size))
        self.counts = array("I", bytes(4 * size))
        self.newest = array("I", bytes(4 * size))
        self.used = 0

    def lookup(self, keys: Iterable[tuple[int, int]]) -> tuple[list[int], list[int]]:
        """The heads carrying the keys (bin, value): key after key, each key's first added
        first, leaving out keys carried by more than `limit` heads; and the hashes of the keys
        not left out, for add(). One call an article: a method call a key was a fifth of
        clustering."""
        hashes, counts, newest, mask, limit = (
            self.hashes, self.counts, self.newest, self.mask, self.limit)
        heads, prev = self.entry_head, self.entry_prev
        found: list[int] = []
        open_keys: list[int] = []
        for bin_no, value in keys:
            h = ((((value ^ (bin_no << 57)) * _MIX) & _MASK64) >> 32) or 1  # 0 marks empty
            slot = h & mask  # the key's slot, or the empty one where it would go
            while (other := hashes[slot]) != 0 and other != h:
                slot = (slot + 1) & mask
            if counts[slot] > limit:
                continue
            open_keys.append(h)
            entry = newest[slot]
            if entry:
                chain = []
                while entry:
                    chain.append(heads[entry])
                    entry = prev[entry]
                chain.reverse()
                found += chain
        return found, open_keys

    def add(self, key_hashes: list[int], head: int) -> None:
        """Add the head to the keys whose hashes lookup() gave."""
        heads, prev = self.entry_head, self.entry_prev
        for h in key_hashes:
            if 2 * (self.used + 1) > len(self.hashes):  # at most half full: short probe runs
                self._grow()
            hashes, mask = self.hashes, self.mask
            slot = h & mask
            while (other := hashes[slot]) != 0 and other != h:
                slot = (slot + 1) & mask
            if other == 0:
                hashes[slot] = h
                self.used += 1
            self.counts[slot] += 1
            heads.append(head)
            prev.append(self.newest[slot])
            self.newest[slot] = len(heads) - 1

    def _grow(self) -> None:
        old, used = (self.hashes, self.counts, self.newest), self.used
        self._alloc(2 * len(self.hashes))
        self.used = used  # the same keys, in a larger table
        hashes, counts, newest, mask = self.hashes, self.counts, self.newest, self.mask
        for h, count, last in zip(*old, strict=True):
            if h:
                slot = h & mask
                while hashes[slot]:
                    slot = (slot + 1) & mask
                hashes[slot], counts[slot], newest[slot] = h, count, last


class Clusters:
    """Gives each new or changed article a story cluster: that of its most similar neighbour
    (stored, or added earlier in this run) if they overlap enough, else its own id."""

    def __init__(self, searcher: EngineSearcher | None) -> None:
        """searcher: the stored articles; None when there are none (a new index or a rebuild),
        which spares two lookups an article."""
        self.searcher = searcher
        self.run_keys = RunKeys(dedup.MAX_KEY_DOCS)
        self.head_ids: list[str] = []  # this run's story heads, by number
        self.head_sigs: list[dedup.Packed] = []  # their signatures

    def cluster_of(self, doc_id: str, sig: Sequence[int]) -> str:
        """The story of the article with this id and signature (its own id if none)."""
        if not sig:
            return doc_id
        mine = dedup.pack(sig)
        candidates = self.neighbours(doc_id, sig)
        # story heads of this run sharing the most keys (a few common shingles make everything
        # share some key, and comparing all of them would dominate indexing)
        heads, open_keys = self.run_keys.lookup(
            (b, v) for b, v in enumerate(sig[1:RUN_BINS + 1]) if v != dedup.EMPTY)
        for n, _count in Counter(heads).most_common(RUN_CANDIDATES):
            head = self.head_ids[n]
            candidates.append((head, self.head_sigs[n], head))
        # join a story through its first article only: joining through any member would let
        # clusters drift, each copy a little further from the story, into one giant cluster
        best = max(((dedup.overlap(mine, other), cid, cluster)
                    for cid, other, cluster in candidates if cid == cluster), default=(0.0, "", ""))
        if best[0] >= dedup.CLUSTER_THRESHOLD:
            return best[2]
        n = len(self.head_ids)
        self.head_ids.append(doc_id)
        self.head_sigs.append(mine)
        self.run_keys.add(open_keys, n)
        return doc_id

    def neighbours(self, doc_id: str, sig: Sequence[int]) -> list[tuple[str, dedup.Packed, str]]:
        """(id, signature, cluster) of stored articles sharing LSH keys with it, best first."""
        if self.searcher is None:
            return []
        keys = [k for k in dedup.bands(sig)
                if self.searcher.doc_frequency("lsh", k) <= dedup.MAX_KEY_DOCS]
        if not keys:
            return []
        q = tree.or_(*(tree.Term("lsh", k) for k in keys))
        return [(f["id"], dedup.pack_stored(f.get("signature") or ""), f.get("cluster") or f["id"])
                for _score, f in self.searcher.search(q, limit=dedup.MAX_CANDIDATES + 1,
                                                      count=False).rows
                if f["id"] != doc_id]
