"""What a query asks to mark in a text: its terms and phrases in some fields, and patterns
(wildcards, fuzzy words) resolved against the text's own words."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from kcsearch.index.schema import tokens, wanted_tokens

from . import syntax as sx
from .snippets import Token


class HighlightSpec:
    """What a query asks for in some fields, to mark in a text: terms, phrases, and patterns
    (wildcards, fuzzy words) resolved against the text's own words, not the index's."""

    def __init__(self) -> None:
        self.terms: set[str] = set()
        self.phrases: list[tuple[str, ...]] = []
        self.matchers: list[Callable[[str], bool]] = []

    def in_text(self, text: str) -> tuple[set[str], list[tuple[str, ...]], list[Token]]:
        """The terms and phrases to mark in `text`, and the tokens of `text` that hold them: a
        snippet is looked for only in sentences with one of those."""
        if self.matchers:  # a pattern can match any word: analyse them all
            toks = tokens(text)
            terms, phrases = self.resolve({t for t, _s, _e in toks})
            wanted = terms.union(*phrases)
            return terms, phrases, [t for t in toks if t[0] in wanted]
        return self.terms, self.phrases, wanted_tokens(text, self.terms.union(*self.phrases))

    def resolve(self, terms: Iterable[str]) -> tuple[set[str], list[tuple[str, ...]]]:
        """The terms and phrases to mark in a text with these (analysed) terms."""
        if not self.matchers:
            return self.terms, self.phrases
        extra = {t for t in terms if any(m(t) for m in self.matchers)}
        return self.terms | extra, self.phrases


def highlight_spec(q: sx.Node, fields: tuple[str, ...]) -> HighlightSpec:
    """Terms, phrases and patterns of `q` in `fields` (NOT clauses left out)."""
    spec = HighlightSpec()
    for node in sx.leaves(q):
        if getattr(node, "field", None) not in fields:
            continue
        if isinstance(node, sx.Phrase):
            if node.slop <= 1:
                spec.phrases.append(node.words)
            else:
                spec.terms.update(node.words)
        elif isinstance(node, sx.Term):
            spec.terms.add(node.text)
        elif isinstance(node, sx.Pattern):
            spec.matchers.append(re.compile(node.regex()).fullmatch)  # type: ignore[arg-type]
        elif isinstance(node, sx.Fuzzy):
            spec.matchers.append(_within_edits(node.text, node.distance))
    return spec


def _within_edits(word: str, distance: int) -> Callable[[str], bool]:
    """Whether a term is within `distance` edits of `word`, sharing its first letter (as the
    engines' fuzzy queries match)."""
    def match(term: str) -> bool:
        if not term or term[0] != word[0] or abs(len(term) - len(word)) > distance:
            return False
        prev = list(range(len(term) + 1))
        for i, a in enumerate(word, 1):
            cur = [i]
            for j, b in enumerate(term, 1):
                cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a != b)))
            if min(cur) > distance:
                return False
            prev = cur
        return prev[-1] <= distance
    return match
