"""Snippets: whole sentences of the cleaned body around the matches, with highlight spans.

Works on plain data only: the body text, its tokens as (term, start, end), and the query as
single terms plus phrases (term sequences). A phrase is highlighted as one span, and only
where its terms stand next to each other; a term that is only part of a phrase is not
highlighted on its own. (Whoosh's own highlighter marks every stray word of a phrase.)
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from kcsearch.index.language import LANG
from kcsearch.index.records import record

Token = tuple[str, int, int]  # (analysed term, start char, end char)

MAX_SNIPPETS = 3
MAX_SNIPPET_CHARS = 320
_WORD_CHAR = re.compile(r"\w")  # every word (a token) has one; nothing between two words does
# a sentence ends at . ! ? or a line end, but not at the point of a figure ("4.5 million"),
# nor after a title, a month or an initial ("Sen.", "Sept. 28", "U.S.", "J. Smith"); written as
# runs of plain characters, not one character at a time (faster, the same spans)
_SENTENCE = re.compile(r"[^.!?\n]*(?:(?<=\d)\.(?=\d)[^.!?\n]*)*(?:[.!?]+[\"”’)]*|\n|$)")
_NUMBER_SIGNS = frozenset({"No", "Nos"})
_TITLES = frozenset(a.capitalize() for a in LANG.abbreviations
                    if "." not in a and len(a) > 1) - _NUMBER_SIGNS


def _goes_on(text: str, e: int) -> bool:
    """Whether the sentence _SENTENCE ended at `e` goes on: its full stop follows a title, a
    month or an initial ("Sen.", "Sept.", "U.S.", "J.") and the line holds more after it."""
    if text[e - 1] != "." or e >= len(text) or text[e] == "\n" or not text[e:e + 80].strip():
        return False
    j = e - 1
    while j > 0 and text[j - 1].isalpha():
        j -= 1
        if e - 1 - j > 6:
            return False  # longer than any title: most sentences end in such a word
    word = text[j:e - 1]
    if not word or not word[0].isupper() or (j > 0 and text[j - 1].isalnum()):
        return False
    if word in _NUMBER_SIGNS:  # "No. 5", never "No." answering a question
        return text[e:e + 80].lstrip()[:1].isdigit()
    return (len(word) == 1 and word.isupper()) or word in _TITLES


def _spans(text: str, pos: int = 0) -> Iterator[tuple[int, int]]:
    """Sentence spans from `pos`, untrimmed: _SENTENCE's, joined where one _goes_on."""
    start = -1
    for m in _SENTENCE.finditer(text, pos):
        s, e = m.span()
        if s == e:
            continue
        if start < 0:
            start = s
        if _goes_on(text, e):
            continue
        yield start, e
        start = -1
    if start >= 0:
        yield start, len(text)


@record(many=True)
class Snippet:
    """A sentence (or its clipped middle) shown for a hit, with spans to highlight."""

    text: str
    highlights: tuple[tuple[int, int], ...]  # [start, end) offsets into text


def match_spans(tokens: list[Token], terms: set[str], phrases: list[tuple[str, ...]],
                text: str) -> list[tuple[int, int]]:
    """Character spans of every occurrence of a query term or a whole phrase in `text`.

    `tokens` may be all of the text's tokens or only those whose terms the query wants: a
    phrase's words stand next to each other when no word character lies between them, so the
    words in between need not be analysed. A phrase is looked for where its first term is
    (list.index, at C speed), not at every word."""
    spans: list[tuple[int, int]] = []
    words = [t[0] for t in tokens]
    for phrase in phrases:
        n = len(phrase)
        i = -1
        while True:
            try:
                i = words.index(phrase[0], i + 1)
            except ValueError:
                break
            if tuple(words[i:i + n]) == phrase and side_by_side(tokens, i, n, text):
                spans.append((tokens[i][1], tokens[i + n - 1][2]))
    for term, start, end in tokens:
        if term in terms:
            spans.append((start, end))
    return merge_spans(spans, text)


def side_by_side(tokens: list[Token], i: int, n: int, text: str) -> bool:
    """Whether tokens i..i+n-1 (of all a text's tokens or only some) are consecutive words of
    `text`: no word character lies between them, so no other word does."""
    return not any(_WORD_CHAR.search(text, tokens[j][2], tokens[j + 1][1]) for j in range(i, i + n - 1))


def merge_spans(spans: list[tuple[int, int]], text: str | None = None) -> list[tuple[int, int]]:
    """Sorted, overlapping spans joined; with `text`, spans only whitespace apart join too."""
    merged: list[tuple[int, int]] = []
    for s, e in sorted(spans):
        # matched words side by side read as one highlight: "**Minsk Group**"
        if merged and (s <= merged[-1][1] or (text is not None and not text[merged[-1][1]:s].strip())):
            merged[-1] = (merged[-1][0], max(merged[-1][1], e))
        else:
            merged.append((s, e))
    return merged


def sentences(text: str) -> list[tuple[int, int]]:
    out = []
    for s, e in _spans(text):
        if text[s].isspace() or text[e - 1].isspace():  # most sentences need no trimming
            if span := _trimmed(text, s, e):
                out.append(span)
        else:
            out.append((s, e))
    return out


def _trimmed(text: str, s: int, e: int) -> tuple[int, int] | None:
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    return (s, e) if e > s else None


def sentences_holding(text: str, toks: list[Token]) -> list[tuple[int, int, list[Token]]]:
    """The sentences (as sentences() splits them) holding one of `toks` (some of the text's
    tokens, in order), each with those it holds.

    Only the sentences of the tokens are trimmed: splitting every sentence of every hit's body
    was a fifth of a search's time. Sentences are split from the start of the line holding the
    next token, not from the top: a line end always ends a sentence, so the next starts on the
    line's first character (splitting the lines between tokens was half the time of a hit's
    snippets)."""
    out: list[tuple[int, int, list[Token]]] = []
    i = 0
    while i < len(toks):
        for start, e in _spans(text, text.rfind("\n", 0, toks[i][1]) + 1):
            if toks[i][1] >= e:
                continue
            first = i
            while i < len(toks) and toks[i][1] < e:
                i += 1
            span = _trimmed(text, start, e)  # a token holds no white space: it is inside
            if span:
                out.append((*span, toks[first:i]))
            if i == len(toks) or text.find("\n", e - 1, toks[i][1]) >= 0:
                break  # on to the line of the next token
    return out


def occurrences(text: str, word: str) -> list[int]:
    """Every start of `word` in `text`, overlapping ones included."""
    out = []
    p = text.find(word)
    while p >= 0:
        out.append(p)
        p = text.find(word, p + 1)
    return out


def _clip(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> tuple[str, int]:
    """Clip a long sentence at word boundaries around its first match, with ellipses."""
    if end - start <= MAX_SNIPPET_CHARS:
        return text[start:end], start
    first = spans[0][0] if spans else start
    lo = max(start, first - MAX_SNIPPET_CHARS // 3)
    hi = min(end, lo + MAX_SNIPPET_CHARS)
    if lo > start:
        lo = text.find(" ", lo, first) + 1 or lo
    if hi < end:
        cut = text.rfind(" ", lo, hi)
        hi = cut if cut > lo else hi
    prefix = "…" if lo > start else ""
    suffix = "…" if hi < end else ""
    return prefix + text[lo:hi] + suffix, lo - len(prefix)


def find_snippets(text: str, found: list[Token], terms: set[str], phrases: list[tuple[str, ...]],
                  limit: int = MAX_SNIPPETS) -> list[Snippet]:
    """Up to `limit` sentences holding the most matches, in text order, with highlights.

    `found` holds exactly the text's tokens whose terms the query wants, in order. Only the
    sentences holding one of them can match, and nothing else of the text is analysed (it was
    most of a search's time: bench/README.md, "Snippets from the wanted words"). A phrase
    never spans sentences in a snippet, so nothing is lost."""
    scored = []
    for s, e, toks in sentences_holding(text, found):
        inside = match_spans(toks, terms, phrases, text)
        if inside:
            scored.append((len(inside), s, e, inside))
    return _best(text, scored, limit)


def _best(text: str, scored: list[tuple[int, int, int, list[tuple[int, int]]]],
          limit: int) -> list[Snippet]:
    best = sorted(sorted(scored, key=lambda x: -x[0])[:limit], key=lambda x: x[1])
    out = []
    for _n, s, e, inside in best:
        snippet, base = _clip(text, s, e, inside)
        hl = tuple((a - base, b - base) for a, b in inside
                   if a - base >= 0 and b - base <= len(snippet))
        out.append(Snippet(snippet, hl))
    return out
