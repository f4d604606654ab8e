"""The query language: what a user types, parsed into a plain tree that any engine compiles.

The syntax is Whoosh's, which kcsearch documented from the start, so existing queries keep
their meaning whichever engine an index uses:
    Minsk Group               both words (implicit AND), in title, headings, body or quotes
    "Minsk Group"             the phrase; "Minsk Group"~3 within three positions
    ceasefire OR truce        either; AND and NOT (and ANDNOT) too, with ( ) to group
    -Russia                   without the word (as NOT Russia)
    title:ceasefire           one field: title, headings, body, quote, outlet, author, speaker
    ceasefir*  mercenar?es    wildcards;  Erdogan~  Erdogan~2  spelling distance 1 (or 2)
    ceasefire^3               weigh a word more
    date:[2020-09 TO 2020-11] a date range (YYYY, YYYY-MM or YYYY-MM-DD; either end may be open)
Precedence follows Whoosh: NOT, then AND, then OR, then the implicit AND between words, so
`a b OR c` means a AND (b OR c).

Words are analysed here as the index analysed them (schema.tokens / name_tokens), so an engine
receives final terms and never needs an analyzer of its own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from kcsearch.index.schema import (
    FIELD_BOOSTS,
    NAME_FIELDS,
    QUERY_FIELDS,
    TEXT_FIELDS,
    date_to_int,
    name_tokens,
    tokens,
)
from kcsearch.index.tree import (
    And,
    DateRange,
    Every,
    Fuzzy,
    Node,
    Not,
    Or,
    Pattern,
    Phrase,
    Term,
    and_,
    leaves,
    or_,
    transform,
)

from .query import QueryError, parse_bound

# what a query may name, from the one field table (index/schema.py)
FIELD_NAMES = {typed: f.name for f in QUERY_FIELDS for typed in f.typed_as} | {"date": "date"}
USER_FIELDS = (*(f.typed_as[0] for f in QUERY_FIELDS), "date")
MAX_FUZZY = 2
MAX_DEPTH = 32  # levels of ( ), NOT and field: a query may nest
MAX_TERMS = 200  # words and phrases in one query
MAX_SLOP = 1_000  # "a b"~N
MAX_BOOST = 1_000.0  # word^N


# --- the tree engines compile lives in index/tree.py, re-exported here ---------------------
# --- parsing ---------------------------------------------------------------------------------
_LEX = re.compile(r"""
    (?P<space>\s+)
  | (?P<lpar>\()
  | (?P<rpar>\))
  | (?P<field>[A-Za-z_]+):(?=\S)
  | (?P<range>[\[{][^\]}]*[\]}])
  | (?P<phrase>"[^"]*"|'[^']*')(?P<psuffix>(?:~\d+)?(?:\^\d+(?:\.\d+)?)?)
  | (?P<word>[^\s()"]+)
""", re.VERBOSE)
_WORD_SUFFIX = re.compile(r"^(?P<text>.*?)(?P<fuzzy>~(?P<dist>\d*))?(?:\^(?P<boost>\d+(?:\.\d+)?))?$")
_OPERATORS = {"AND", "OR", "NOT", "ANDNOT"}


@dataclass
class _Tok:
    """A lexed piece of the query: the parser needs its kind and text only."""

    kind: str  # lpar rpar field range phrase word op
    text: str
    suffix: str = ""
    glued: bool = False  # directly follows the previous token (no space)


@dataclass
class _Parser:
    """Recursive-descent state over the tokens of one query."""

    toks: list[_Tok]
    default_fields: tuple[str, ...]
    pos: int = 0
    fields: list[tuple[str, ...]] = field(default_factory=list)
    depth: int = 0

    def deeper(self) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise QueryError(f"the query nests more than {MAX_DEPTH} levels of ( ), NOT and "
                             "field: prefixes; simplify it")

    def peek(self) -> _Tok | None:
        return self.toks[self.pos] if self.pos < len(self.toks) else None

    def take(self) -> _Tok:
        t = self.toks[self.pos]
        self.pos += 1
        return t

    def is_op(self, name: str) -> bool:
        t = self.peek()
        # an operator needs an operand after it: a trailing "OR" is a word
        return (t is not None and t.kind == "word" and t.text == name
                and self.pos + 1 < len(self.toks) and self.toks[self.pos + 1].kind != "rpar")

    def sequence(self) -> Node | None:
        parts: list[Node] = []
        while (t := self.peek()) is not None and t.kind != "rpar":
            n = self.or_expr()
            if n is not None:
                parts.append(n)
        return and_(*parts) if parts else None

    def or_expr(self) -> Node | None:
        parts = [self.and_expr()]
        while self.is_op("OR"):
            self.take()
            parts.append(self.and_expr())
        kept = [p for p in parts if p is not None]
        return or_(*kept) if kept else None

    def and_expr(self) -> Node | None:
        node = self.unary()
        while self.is_op("AND") or self.is_op("ANDNOT"):
            negate = self.take().text == "ANDNOT"
            right = self.unary()
            if right is None:
                continue
            right = Not(right) if negate else right
            node = right if node is None else and_(node, right)
        return node

    def unary(self) -> Node | None:
        if self.is_op("NOT"):
            self.take()
            self.deeper()
            child = self.unary()
            self.depth -= 1
            return Not(child) if child is not None else None
        t = self.peek()
        if t is not None and t.kind == "word" and t.text.startswith("-") and len(t.text) > 1:
            self.toks[self.pos] = _Tok("word", t.text[1:], t.suffix, t.glued)
            child = self.primary()
            return Not(child) if child is not None else None
        return self.primary()

    def primary(self) -> Node | None:
        t = self.take()
        if t.kind == "lpar":
            self.deeper()
            inner = self.sequence()
            if self.peek() is not None:
                self.take()  # the ")"; balance was checked before parsing
            self.depth -= 1
            return inner
        if t.kind == "rpar":
            return None
        if t.kind == "field":
            name = FIELD_NAMES.get(t.text.lower())
            if name is None:
                raise QueryError(f"unknown field {t.text!r} in the query; fields are: "
                                 f"{', '.join(USER_FIELDS)}")
            nxt = self.peek()
            if name == "date":
                if nxt is None or nxt.kind not in ("range", "word", "phrase"):
                    raise QueryError("date: needs a date or a range, e.g. date:[2020-09 TO 2020-11]")
                return _date_range(self.take())
            if nxt is not None and nxt.kind == "range":
                raise QueryError(f"ranges work on date only, not on {t.text}:")
            self.fields.append((name,))
            self.deeper()
            try:
                return self.primary()
            finally:
                self.fields.pop()
                self.depth -= 1
        if t.kind == "range":
            raise QueryError(f"a range needs a field: date:{t.text}")
        fields = self.fields[-1] if self.fields else self.default_fields
        if t.kind == "phrase":
            return _phrase(t, fields)
        return _word(t, fields)


def _boosted(field: str, boost: float) -> float:
    return boost * FIELD_BOOSTS.get(field, 1.0)


def analyse(field: str, text: str) -> tuple[str, ...]:
    """Text as `field` indexes it."""
    toks = name_tokens(text) if field in NAME_FIELDS else tokens(text)
    return tuple(t for t, _s, _e in toks)


def _text_node(field: str, words: tuple[str, ...], slop: int, boost: float) -> Node | None:
    if not words:
        return None
    if len(words) == 1:
        return Term(field, words[0], boost)
    return Phrase(field, words, slop, boost)


def _number(text: str, what: str, most: float, zero: bool = False) -> float:
    value = float(text)
    if not (value >= 0 if zero else value > 0) or value > most:
        raise QueryError(f"{what}{text[:20]} is out of range: use a number up to {most:,.0f}")
    return value


def _phrase(t: _Tok, fields: tuple[str, ...]) -> Node | None:
    m = re.fullmatch(r"(?:~(\d+))?(?:\^(\d+(?:\.\d+)?))?", t.suffix)
    slop = int(_number(m.group(1), "the proximity ~", MAX_SLOP, zero=True)) if m and m.group(1) else 1
    boost = _number(m.group(2), "the weight ^", MAX_BOOST) if m and m.group(2) else 1.0
    nodes = [_text_node(f, analyse(f, t.text[1:-1]), max(slop, 1), _boosted(f, boost)) for f in fields]
    kept = [n for n in nodes if n is not None]
    return or_(*kept) if kept else None


def _word(t: _Tok, fields: tuple[str, ...]) -> Node | None:
    m = _WORD_SUFFIX.match(t.text)
    assert m is not None  # the pattern matches any string
    text = m.group("text")
    boost = _number(m.group("boost"), "the weight ^", MAX_BOOST) if m.group("boost") else 1.0
    if text == "*" and not m.group("fuzzy"):
        return Every()
    nodes: list[Node | None] = []
    if "*" in text or "?" in text:
        pattern = "".join(c for c in text.lower() if c.isalnum() or c in "*?'-")
        if not pattern.strip("*?"):
            raise QueryError(f"the wildcard {text!r} needs at least one letter")
        folded = _fold_pattern(pattern)
        nodes = [Pattern(f, folded, _boosted(f, boost)) for f in fields]
    elif m.group("fuzzy") is not None:
        dist = int(m.group("dist")[:3] or 1)
        if not 1 <= dist <= MAX_FUZZY or len(m.group("dist")) > 3:
            raise QueryError(f"{t.text!r}: spelling distance must be 1 or {MAX_FUZZY}")
        for f in fields:
            words = analyse(f, text)
            nodes.append(Fuzzy(f, words[0], dist, _boosted(f, boost)) if len(words) == 1
                         else _text_node(f, words, 1, _boosted(f, boost)))
    else:
        nodes = [_text_node(f, analyse(f, text), 1, _boosted(f, boost)) for f in fields]
    kept = [n for n in nodes if n is not None]
    return or_(*kept) if kept else None


def _fold_pattern(pattern: str) -> str:
    """Case and accents folded like indexed words (wildcards are not stemmed)."""
    out = []
    for part in re.split(r"([*?])", pattern):
        if part in ("*", "?") or not part:
            out.append(part)
        else:
            folded = name_tokens(part)
            out.append("".join(t for t, _s, _e in folded))
    return "".join(out)


def _date_range(t: _Tok) -> DateRange:
    if t.kind != "range":  # date:2020-09 means that whole month
        text = t.text.strip("\"'")
        start, end = parse_bound(text, "date:", end=False), parse_bound(text, "date:", end=True)
        return DateRange(date_to_int(start), date_to_int(end))
    body = t.text[1:-1]
    m = re.fullmatch(r"\s*(\S*)\s+TO\s+(\S*)\s*", body)
    if not m:
        raise QueryError(f"date:{t.text} is not a range; write date:[2020-09-27 TO 2020-11-10]")
    lo, hi = (None if v in ("", "*") else v for v in m.groups())
    start, end = parse_bound(lo, "date:", end=False), parse_bound(hi, "date:", end=True)
    if start and end and start > end:
        raise QueryError(f"date:{t.text} starts after it ends; nothing can match")
    return DateRange(date_to_int(start), date_to_int(end))


def _lex(text: str) -> list[_Tok]:
    toks: list[_Tok] = []
    glued = False
    for m in _LEX.finditer(text):
        kind = m.lastgroup if m.lastgroup != "psuffix" else "phrase"
        if m.group("space"):
            glued = False
            continue
        if m.group("phrase"):
            toks.append(_Tok("phrase", m.group("phrase"), m.group("psuffix") or "", glued))
        else:
            assert kind is not None
            toks.append(_Tok(kind, m.group(kind), "", glued))
        glued = True
    return toks


def parse(text: str, default_fields: tuple[str, ...] = TEXT_FIELDS) -> Node:
    """The user's query as a tree; QueryError (one line, with the fix) when it cannot be read."""
    if sum(text.count(q) for q in '"') % 2:
        raise QueryError('unbalanced " in the query: close the phrase, e.g. "Minsk Group"')
    if text.count("(") != text.count(")"):
        raise QueryError("unbalanced parenthesis in the query")
    toks = _lex(text)
    words = sum(1 for t in toks if t.kind in ("word", "phrase") and t.text not in _OPERATORS)
    if words > MAX_TERMS:
        raise QueryError(f"the query has {words} words; kcsearch takes up to {MAX_TERMS}")
    parser = _Parser(toks, default_fields)
    node = parser.sequence()
    if parser.peek() is not None:  # a ")" before its "("
        raise QueryError("unbalanced parenthesis in the query")
    if node is None or not any(True for _ in leaves(node)):
        raise QueryError(f"the query {text[:80]!r} has no searchable words")
    return node


__all__ = ["FIELD_BOOSTS", "NAME_FIELDS", "TEXT_FIELDS",
           "And", "DateRange", "Every", "Fuzzy", "Node", "Not", "Or", "Pattern", "Phrase", "Term",
           "and_", "leaves", "or_", "parse", "transform"]
