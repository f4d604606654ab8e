"""Near-duplicate signatures: wire copy and lightly rewritten agency stories look alike here.

An article's body becomes the set of its SHINGLE-word shingles (words folded for case and
accents by words(): cheaper than the index's stemming analysis). A
MinHash signature estimates the Jaccard similarity of two such sets; with the set sizes (kept
as the signature's first number) that gives the overlap |A∩B| / min(|A|, |B|), which, unlike
Jaccard, stays high when an agency copy is a shortened version of the original. We use one-
permutation hashing: each shingle is hashed once and only its bin's minimum is kept, so a
signature costs one hash per word rather than one per word per bin. Documents whose signatures
agree on all rows of some band share an LSH key, which is how the index finds candidates
without comparing every pair.
"""

from __future__ import annotations

import hashlib
import re
import sys
from array import array
from collections.abc import Sequence

from .fold import fold, fold_in_place
from .language import LANG

SHINGLE = 3  # words per shingle
BINS = 128  # signature length
# LSH bands of one bin each, the first LSH_BINS bins: any shared bin minimum makes two articles
# candidates (a pair at Jaccard 0.1 meets with p > 0.99); candidates are then ranked by how
# many keys they share and only the best few are compared, which keeps the cost bounded as
# the index grows. Keys for the first 64 bins only: each key is a term no other article has,
# and tantivy's indexing cost grew with them (bench/README.md: "LSH keys for 64 bins").
LSH_BINS = 64
MAX_CANDIDATES = 20
# An LSH key shared by more articles than this comes from a shingle everyone uses: like a stop
# word it tells nothing, and following it made clustering quadratic in the corpus size.
MAX_KEY_DOCS = 50
EMPTY = (1 << 64) - 1
# Estimated overlap at or above which two articles tell the same story (one cluster).
# Measured: the shortened, reworded wire copy of the Guardian article in tests/data/dupes
# scores 0.75 against it (Jaccard only 0.25); different real stories about the same days score
# 0.09 at most; the 244,650 pairs of 700 synthetic benchmark articles, which reuse the same
# real sentences, score 0.25 at the 99th percentile (33 pairs reach 0.4, up to 0.54).
CLUSTER_THRESHOLD = 0.4


_WORD = re.compile(r"\w+")


# Function words make shingles ("of the fighting") that unrelated articles share; shingles are
# made of the other words only.
STOP = LANG.shingle_stop_words


def words(text: str) -> list[str]:
    """Case- and accent-folded content words: what shingles are made of."""
    # fold_in_place() leaves the words as fold() does, in a copy str.lower() handles at C speed
    # as ASCII (faster than fold() then lower())
    folded = fold_in_place(text)
    if folded is None:  # a character whose folding changes its length ("ß" -> ss)
        folded = fold(text.lower())
    return [w for w in _WORD.findall(folded) if w not in STOP]


class _Table(dict[str, tuple[int, int, int]]):
    """word -> its three random 64-bit table entries, filled as words are met."""

    def __missing__(self, word: str) -> tuple[int, int, int]:
        raw = hashlib.blake2b(word.encode("utf-8", "surrogatepass"), digest_size=24).digest()
        value = (int.from_bytes(raw[:8], "little"), int.from_bytes(raw[8:16], "little"),
                 int.from_bytes(raw[16:], "little"))
        if len(self) < _TABLE_MAX:
            self[word] = value
        return value


_TABLE_MAX = 100_000  # words kept: a Zipf vocabulary's common words are nearly all met again
_WORDS = _Table()


def signature(terms: Sequence[str]) -> tuple[int, ...]:
    """(number of distinct shingles, then BINS one-permutation MinHash values).

    A shingle's hash is simple tabulation over its three words: the XOR of the first word's
    first table entry, the second's second and the third's third. Tabulation hashing gives
    MinHash estimates as good as a fully random hash (Patrascu and Thorup, 2012) for a dict
    lookup a word and two XORs a shingle, a fraction of hashing each joined shingle with blake2b
    (bench/README.md: "Tabulation-hashed shingles")."""
    sig = [EMPTY] * BINS
    if len(terms) < SHINGLE:  # one shingle of the words there are, or none
        distinct = {_WORDS[" ".join(terms)][0]} if terms else set()
    else:
        t = list(map(_WORDS.__getitem__, terms))
        distinct = {x[0] ^ y[1] ^ z[2] for x, y, z in zip(t, t[1:], t[2:], strict=False)}
    for h in distinct:
        b, v = h % BINS, h // BINS
        if v < sig[b]:
            sig[b] = v
    return (len(distinct), *sig)


# A signature packed for comparison: (set size, its BINS minimums as the 64-bit lanes of one
# integer, its empty bins as the bits of a small one). Comparing lanes takes a few whole-integer
# operations in C, not element by element in Python (clustering compares dozens of pairs an
# article); the empty bins' bits count the bins empty
# in both with two operations on a small integer instead of six on the lanes.
Packed = tuple[int, int, int]
_LOW63 = sum(((1 << 63) - 1) << (64 * i) for i in range(BINS))  # all but each lane's top bit
_TOP = sum(1 << (64 * i + 63) for i in range(BINS))  # each lane's top bit


def pack(sig: Sequence[int]) -> Packed:
    if len(sig) != BINS + 1:  # no signature (an article stored without one)
        return 0, 0, 0
    return sig[0], int.from_bytes(_bytes(sig[1:]), "little"), _empty_bins(sig[1:])


def to_stored(sig: Sequence[int]) -> str:
    """A signature as the index stores it: its values as 64-bit little-endian hex (a JSON list
    of 129 large integers made decoding a stored article twice as slow)."""
    return _bytes(sig).hex()


def from_stored(value: str) -> tuple[int, ...]:
    values = array("Q", bytes.fromhex(value))
    if sys.byteorder == "big":
        values.byteswap()
    return tuple(values)


def pack_stored(value: str) -> Packed:
    """pack(from_stored(value)), straight from the bytes."""
    raw = bytes.fromhex(value)
    if len(raw) != 8 * (BINS + 1):
        return 0, 0, 0
    # EMPTY is all ones in either byte order
    return (int.from_bytes(raw[:8], "little"), int.from_bytes(raw[8:], "little"),
            _empty_bins(array("Q", raw[8:])))


def _empty_bins(values: Sequence[int]) -> int:
    """Bit i set when bin i is empty."""
    bits = 0
    if EMPTY in values:
        for i, v in enumerate(values):
            if v == EMPTY:
                bits |= 1 << i
    return bits


def _bytes(values: Sequence[int]) -> bytes:
    """The values as unsigned 64-bit little-endian bytes."""
    packed = array("Q", values)
    if sys.byteorder == "big":
        packed.byteswap()
    return packed.tobytes()


def similarity(a: Packed, b: Packed) -> float:
    """Estimated Jaccard similarity of the two shingle sets: the share of equal bin minimums,
    bins empty in both not counted."""
    # a lane's low 63 bits plus 2^63 - 1 carry into its top bit iff any is set (never beyond)
    x = a[1] ^ b[1]
    unequal = ((((x & _LOW63) + _LOW63) | x) & _TOP).bit_count()
    filled = BINS - (a[2] & b[2]).bit_count()
    return (filled - unequal) / filled if filled else 0.0


def overlap(a: Packed, b: Packed) -> float:
    """Estimated share of the smaller article's shingles found in the other one."""
    smaller = a[0] if a[0] < b[0] else b[0]
    if not smaller:
        return 0.0
    j = similarity(a, b)
    return min(1.0, j / (1 + j) * (a[0] + b[0]) / smaller)


def bands(sig: Sequence[int]) -> list[str]:
    """LSH keys: one per filled bin of the first LSH_BINS (a band of one row)."""
    # the minimums are hash values already: written out, they are the key
    return [f"b{i}_{v:x}" for i, v in enumerate(sig[1:LSH_BINS + 1]) if v != EMPTY]
