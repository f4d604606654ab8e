"""Accent folding shared by text analysis (schema.py) and near-duplicate shingles (dedup.py).

"Erdoğan" and "Erdogan", "Kılıçdaroğlu" and "Kilicdaroglu" must be one word to a search.
"""

from __future__ import annotations

import re
import unicodedata

_FOLD_EXTRA = {  # letters that carry no combining mark to strip
    "ı": "i", "ø": "o", "Ø": "o", "đ": "d", "Đ": "d", "ł": "l", "Ł": "l", "ß": "ss",
    "æ": "ae", "Æ": "ae", "œ": "oe", "Œ": "oe", "ħ": "h", "þ": "th", "ð": "d"}


class _Fold(dict[int, str]):
    """A str.translate table folding accents, filled one character at a time as met."""

    def __missing__(self, code: int) -> str:
        ch = chr(code)
        if unicodedata.combining(ch):
            # a mark on its own goes too: "İlham".lower() is "i" + a combining dot above
            out = ""
        else:
            out = _FOLD_EXTRA.get(ch) or "".join(
                c for c in unicodedata.normalize("NFKD", ch) if not unicodedata.combining(c)) or ch
        self[code] = out
        return out


accent_map = _Fold()


NON_ASCII = re.compile(r"[^\x00-\x7f]+")


def fold(text: str) -> str:
    """text.translate(accent_map), translating only its non-ASCII runs: translate() looks up
    every character in a Python dict, which made folding a whole article body 5x slower."""
    return text if text.isascii() else NON_ASCII.sub(_fold_run, text)


def _fold_run(m: re.Match[str]) -> str:
    return m.group().translate(accent_map)


def fold_in_place(text: str) -> str | None:
    """The lowercased, folded text with every character at its offset in `text`, or None where
    lowercasing or folding changes a length ("ß" -> ss): offsets found in it are offsets in
    `text`. Only non-ASCII runs are translated, as in fold()."""
    if text.isascii():
        return text.lower()
    kept = True

    def run(m: re.Match[str]) -> str:
        nonlocal kept
        out = m.group().lower().translate(accent_map)
        kept = kept and len(out) == len(m.group())
        return out

    folded = NON_ASCII.sub(run, text).lower()
    return folded if kept else None
