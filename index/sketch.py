"""A quotation's sketch: 64 bits stored with it at index time, from which quote provenance
(search/provenance.py) tells that a candidate cannot be related to a quotation without reading
it. Here, below both, because the indexer writes what the search reads.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable

from .language import LANG

STOP = LANG.function_terms  # function words, as the index's analysis gives them


def content(stems: list[str]) -> set[str]:
    return {s for s in stems if s not in STOP and len(s) > 1}


# A quotation's sketch: 64 bits, indexed with it, from which provenance can tell that it is not
# related to a seed without reading it (most candidates were read only to be dropped:
# bench/README.md, "Quotation sketches"). Its content words as a Bloom mask, how many there
# are (capped), and a code for its speaker's surname.
MASK_BITS, COUNT_BITS = 48, 6
COUNT_MAX = (1 << COUNT_BITS) - 1
NAME_SHIFT = MASK_BITS + COUNT_BITS
NO_NAME = (1 << (64 - NAME_SHIFT)) - 1  # a speaker with no words: compatible with no speaker


def bit(word: str) -> int:
    return zlib.crc32(word.encode()) % MASK_BITS  # stable across runs, unlike hash()


def name_code(speaker: str | None, fold: Callable[[str], str]) -> int:
    """0 for no speaker; equal codes for compatible speakers (speakers_compatible)."""
    if not speaker:
        return 0
    names = fold(speaker).split()
    return 1 + zlib.crc32(names[-1].encode()) % (NO_NAME - 1) if names else NO_NAME


def sketch(text: str, speaker: str | None, stems: Callable[[str], list[str]],
           fold: Callable[[str], str]) -> int:
    """The sketch of a quotation, made with the stems and name folding provenance uses."""
    words = content(stems(text))
    mask = 0
    for w in words:
        mask |= 1 << bit(w)
    return mask | min(len(words), COUNT_MAX) << MASK_BITS | name_code(speaker, fold) << NAME_SHIFT
