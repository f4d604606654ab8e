"""Quote provenance: the same quotation carried by several articles, and its variants.

Two quotations by compatible speakers (same surname once accents and case are folded, or one
unknown) are:
- the same quote when their normalised text (quote marks, case, punctuation folded) is at
  least SAME similar: wire copy, small edits;
- variants when they share at least VARIANT of their content words (overlap coefficient on
  stems): a different translation of the same remark ("Once Armenia immediately leaves the
  territory it is occupying..." / "... if Armenia immediately withdraws from the Azeri lands
  that it is occupying"). The score is shown so a checker can judge.
Pure functions over plain data; the engine only finds candidate quotations.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import unicodedata
from collections import Counter
from collections.abc import Callable
from difflib import SequenceMatcher
from typing import Any

from kcsearch.index.records import record
from kcsearch.index.sketch import (
    COUNT_MAX,
    MASK_BITS,
    NAME_SHIFT,
    NO_NAME,
    bit,
    content,
    name_code,
)

SAME = 0.9
VARIANT = 0.5
SAME_WORDS = 0.8  # the same quotation shares at least this share of its content words
@record(many=True)
class Carrier:
    """One article carrying a quotation, as its earliest source or a later copy."""

    id: str
    outlet: str | None
    date: dt.date | None
    speaker: str | None
    text: str
    score: float  # similarity to the group's first-seen text (1.0 for identical)
    differences: tuple[str, ...]  # wording changes against the earliest text: "-leaves +withdraws"

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "outlet": self.outlet,
                "date": self.date.isoformat() if self.date else None, "speaker": self.speaker,
                "text": self.text, "score": round(self.score, 3),
                "differences": list(self.differences)}


@record
class QuoteGroup:
    """A quotation with every article carrying it, earliest first, and its variants."""

    speaker: str | None
    text: str  # the earliest carrier's wording
    earliest: Carrier
    carriers: tuple[Carrier, ...]  # the same quotation, earliest first
    variants: tuple[Carrier, ...]  # differently worded versions, best score first

    def to_dict(self) -> dict[str, Any]:
        return {"speaker": self.speaker, "text": self.text, "earliest": self.earliest.to_dict(),
                "carriers": [c.to_dict() for c in self.carriers],
                "variants": [v.to_dict() for v in self.variants]}


@record(many=True)
class QuoteRecord:
    """A stored quotation as provenance sees it."""

    id: str
    outlet: str | None
    date: dt.date | None
    speaker: str | None
    text: str


@functools.lru_cache(maxsize=4096)  # a group compares its first text with every carrier
def normalise(text: str) -> str:
    """Fold quote marks, case, accents and punctuation: what wire edits do not change."""
    if not text.isascii():  # ASCII has no accents to strip (a character loop per quotation)
        text = unicodedata.normalize("NFKD", text)
        text = "".join(c for c in text if not unicodedata.combining(c))
    text = text.lower()
    text = re.sub(r"[\"“”‘’'`´]", "", text)
    return re.sub(r"[^\w]+", " ", text).strip()


def same_text_score(a: str, b: str) -> float:
    na, nb = normalise(a), normalise(b)
    if na == nb:  # wire copies mostly: the ratio of equal texts is 1.0
        return 1.0
    return SequenceMatcher(None, na, nb, autojunk=False).ratio()


def overlap(a: set[str], b: set[str]) -> float:
    return len(a & b) / min(len(a), len(b)) if a and b else 0.0


def speakers_compatible(a: str | None, b: str | None, fold: Callable[[str], str]) -> bool:
    if not a or not b:
        return True
    fa, fb = fold(a).split(), fold(b).split()
    return bool(fa and fb) and (fa == fb or fa[-1] == fb[-1])


def differences(base: str, other: str) -> tuple[str, ...]:
    """Word-level changes from `base` to `other`: '-leaves the territory', '+withdraws from'."""
    na, nb = normalise(base), normalise(other)
    if na == nb:  # the group's own wording, most carriers: no changes to find
        return ()
    a, b = na.split(), nb.split()
    out = []
    for op, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op in ("replace", "delete"):
            out.append("-" + " ".join(a[i1:i2]))
        if op in ("replace", "insert"):
            out.append("+" + " ".join(b[j1:j2]))
    return tuple(out)


def _when(r: QuoteRecord) -> tuple[dt.date, str]:
    return (r.date or dt.date.max, r.id)


def word_overlap(seed: QuoteRecord, stems: Callable[[str], list[str]],
                 fold: Callable[[str], str],
                 words_of: Callable[[str], set[str]] | None = None) -> Callable[[QuoteRecord], float]:
    """Share of content words a candidate has in common with `seed`; 0 when their speakers
    differ. At VARIANT or more, it belongs to the seed's group (as a carrier or a variant).
    `words_of` (text -> content words) may be a cache shared by many seeds."""
    words = words_of or (lambda text: content(stems(text)))
    seed_words = words(seed.text)

    def score(c: QuoteRecord) -> float:
        if not speakers_compatible(seed.speaker, c.speaker, fold):
            return 0.0
        return overlap(seed_words, words(c.text))
    return score


def may_relate(seed: QuoteRecord, stems: Callable[[str], list[str]],
               fold: Callable[[str], str]) -> Callable[[int], bool]:
    """A test of a candidate's sketch: False only when word_overlap(seed)(candidate) is below
    VARIANT. Every shared word has its bit set, so the seed words whose bits are set bound the
    shared count from above; the capped count bounds the candidate's word count from below."""
    words = content(stems(seed.text))
    code = name_code(seed.speaker, fold)
    weights = Counter(bit(w) for w in words)  # seed words per bit (two may share one)

    def test(sk: int) -> bool:
        other = sk >> NAME_SHIFT
        if code and other and (code != other or code == NO_NAME):
            return False  # speakers_compatible would say no
        n = sk >> MASK_BITS & COUNT_MAX
        if not words or not n:
            return False
        shared = sum(k for b, k in weights.items() if sk >> b & 1)
        return shared / min(len(words), n) >= VARIANT
    return test


def build_group(seed: QuoteRecord, candidates: list[QuoteRecord], stems: Callable[[str], list[str]],
                fold: Callable[[str], str],
                words_of: Callable[[str], set[str]] | None = None) -> QuoteGroup:
    """The group of `seed`: candidates that are the same quote or a variant of it."""
    shared_words = word_overlap(seed, stems, fold, words_of)
    same: list[tuple[QuoteRecord, float]] = [(seed, 1.0)]
    variants: list[tuple[QuoteRecord, float]] = []
    seen = {(seed.id, seed.text)}
    for c in candidates:
        if (c.id, c.text) in seen:
            continue
        seen.add((c.id, c.text))
        shared = shared_words(c)
        if shared < VARIANT:
            continue  # cheap word overlap first: the character diff below is the slow part
        score = same_text_score(seed.text, c.text) if shared >= SAME_WORDS else 0.0
        if score >= SAME:
            same.append((c, score))
        else:
            variants.append((c, shared))
    same.sort(key=lambda x: _when(x[0]))
    first = same[0][0]

    def carrier(r: QuoteRecord, score: float) -> Carrier:
        return Carrier(r.id, r.outlet, r.date, r.speaker, r.text, score, differences(first.text, r.text))

    carriers = tuple(carrier(r, s) for r, s in same)
    return QuoteGroup(
        speaker=next((r.speaker for r, _s in same if r.speaker), None), text=first.text,
        earliest=carriers[0], carriers=carriers,
        variants=tuple(carrier(r, s) for r, s in sorted(variants, key=lambda x: (-x[1], _when(x[0])))))
