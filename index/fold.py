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
    every character in a Python dict, slow over a whole article body."""
    return text if text.isascii() else NON_ASCII.sub(_fold_run, text)


def _fold_run(m: re.Match[str]) -> str:
    return m.group().translate(accent_map)


def fold_in_place(text: str) -> str | None:
    """The lowercased, folded text with every character at its offset in `text`, or None where
    lowercasing or folding a character changes its length ("ß" -> ss): offsets found in it are
    offsets in `text`, for finding where words start.

    Characters no word holds (punctuation and symbols outside ASCII: curly quotes, dashes, ©)
    become spaces, and the apostrophe ’ inside words becomes ': a text whose letters all fold
    to ASCII is then ASCII, which lowercases several times faster.
    Each distinct non-ASCII character is replaced throughout at once: finding their runs with a
    regex took longer than the rest."""
    if text.isascii():
        return text.lower()
    for ch in non_ascii(text):
        out = ch.lower().translate(accent_map)
        if out == ch and not _WORD_CHAR.match(ch):
            out = "'" if ch == "’" else " "
        if out != ch:
            if len(out) != 1:
                return None
            text = text.replace(ch, out)
    folded = text.lower()
    return folded if len(folded) == len(text) else None


_WORD_CHAR = re.compile(r"\w")
_ASCII_BYTES = bytes(range(128))


def non_ascii(text: str) -> set[str]:
    """The distinct non-ASCII characters of `text`: its UTF-8 with the ASCII bytes deleted, at C
    speed (deleting them never splits a character's bytes)."""
    raw = text.encode("utf-8", "surrogatepass").translate(None, _ASCII_BYTES)
    return set(raw.decode("utf-8", "surrogatepass"))
