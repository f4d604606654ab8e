"""Where quotations are in a paragraph: pairs of quote marks, in every common convention.

English “...” and ‘...’, straight "..." and '...', German „...“ and ‚...‘, French and Russian
«...», German and Danish »...«, and ‹...› / ›...‹. A quotation nested inside another stays
part of it. Each paragraph is read on its own, so a mismatched mark can cost at most the rest
of its paragraph, never invert the quotes of the paragraphs after it.
"""

from __future__ import annotations

import re

# opening mark -> the marks that may close it
DOUBLE = {"“": "”\"", '"': '"”', "„": "“”", "«": "»", "»": "«", "‹": "›", "›": "‹"}
SINGLE = {"‘": "’", "'": "'’", "‚": "‘’"}
# marks that close nothing: the next one of these after an opening mark closes it
_WORD_START_BEFORE = set(" \t\n([{—–-/")



def _opens_word(para: str, i: int) -> bool:
    """A mark at the start of a word: after a space or an opening bracket, before a non-space."""
    before = para[i - 1] if i > 0 else " "
    after = para[i + 1] if i + 1 < len(para) else " "
    return (before in _WORD_START_BEFORE or before in "“\"„«»‹") and not after.isspace()


def _closes_word(para: str, i: int) -> bool:
    """A mark at the end of a word: after a non-space, before a space, punctuation or the end."""
    before = para[i - 1] if i > 0 else " "
    after = para[i + 1] if i + 1 < len(para) else " "
    return not before.isspace() and not after.isalnum()


def _guillemet_opener(para: str, i: int) -> bool:
    """» and › open a quote only where the paragraph uses them that way (German »...«)."""
    mark = para[i]
    other = "«" if mark == "»" else "‹"
    first_other = para.find(other)
    return first_other != -1 and first_other > i and _opens_word(para, i)


def _close_double(para: str, i: int) -> int:
    """Where the double quote opened at i closes; -1 if never, -2 if a straight mark that can
    only open comes first (the one at i was never closed)."""
    mark = para[i]
    closers = DOUBLE[mark]
    j = i + 1
    while True:
        j = min((k for k in (para.find(c, j) for c in closers) if k != -1), default=-1)
        if j == -1:
            return -1
        if para[j] == '"' and not _closes_word(para, j):
            if mark == '"' and _opens_word(para, j):
                return -2
            if mark != '"':
                j += 1  # a straight mark nested in curly ones ("he said "no" to me")
                continue
        return j


def _close_single(para: str, i: int) -> int:
    """Where the single quote opened at i closes. An apostrophe inside a word ("don't") closes
    nothing; one after a plural ("the voters' choice") closes only if no mark later in the
    paragraph closes more plainly (after punctuation, or before punctuation or the end)."""
    j = i + 1
    closers = SINGLE[para[i]]
    first = -1
    while True:
        j = min((k for k in (para.find(c, j) for c in closers) if k != -1), default=-1)
        if j == -1:
            return first
        if _closes_word(para, j):
            after = para[j + 1:j + 3]
            plain = para[j - 1] in ",.!?;:…" or not after.strip() or after[:1] in ",.;:!?)" or \
                (after[:1] == " " and not after[1:2].islower())
            if plain:
                return j
            if first == -1:
                first = j
        j += 1


_MARKUP = re.compile(r"</?[A-Za-z][\w-]*(?:\s+[\w-]+(?:=(?:\"[^\"<>]*\"|'[^'<>]*'|[^\s<>]*))?)*\s*/?>")


def _masked(para: str) -> str:
    """The paragraph with markup tags ('<tweet author="...">') and doubled apostrophes blanked
    out: quote marks inside a tag are not quote marks, and neither is '' (an archive's stand-in
    for a double mark, which the annotated data reads as plain text)."""
    if "<" in para:
        para = _MARKUP.sub(lambda m: " " * len(m.group()), para)
    return para.replace("''", "  ")


_ANY_MARK = re.compile("[" + re.escape("".join({*DOUBLE, *SINGLE})) + "]")


def find_spans(para: str) -> list[tuple[int, int]]:
    """(open, close) index pairs of quote marks; an unclosed double quote runs to the
    paragraph end (the convention for a quotation that goes on into the next paragraph)."""
    if not _ANY_MARK.search(para):
        return []
    para = _masked(para)
    spans: list[tuple[int, int]] = []
    i = 0
    n = len(para)
    while i < n:
        m = _ANY_MARK.search(para, i)  # jump to the next mark: most characters are none
        if m is None:
            break
        i = m.start()
        c = para[i]
        if c in DOUBLE and (c not in "»›" or _guillemet_opener(para, i)):
            if c == '"' and not _opens_word(para, i) and i > 0 and not para[i - 1].isspace():
                i += 1  # a straight closing mark with no opening one: skip it
                continue
            close = _close_double(para, i)
            if close == -2:
                i = para.find('"', i + 1)
                continue
            if close == -1:
                spans.append((i, n))
                break
            spans.append((i, close))
            i = close + 1
            continue
        if c in SINGLE and _opens_word(para, i) and i + 1 < n and not para[i + 1].isdigit():
            close = _close_single(para, i)
            if close != -1:
                spans.append((i, close))
                i = close + 1
                continue
        i += 1
    return spans
