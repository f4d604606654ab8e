"""The query tree every engine compiles: plain data below both the parser and the engines.

search/syntax.py parses what a user types into these nodes; index/whoosh_engine.py and
index/tantivy_engine.py compile them. Every leaf names its field and holds analysed terms, so
an engine needs no analyzer of its own.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from .records import record


@record(many=True)
class Term:
    """One analysed word in one field: what every engine's term query takes."""

    field: str
    text: str
    boost: float = 1.0


@record
class Phrase:
    """Analysed words in order in one field, at most `slop` positions apart."""

    field: str
    words: tuple[str, ...]
    slop: int = 1  # Whoosh's convention: 1 = adjacent, n = within n positions
    boost: float = 1.0


@record
class Fuzzy:
    """A word within `distance` edits of `text` (`word~`), first letter fixed."""

    field: str
    text: str
    distance: int = 1  # edits allowed; the first letter must match
    boost: float = 1.0


@record
class Pattern:
    """A wildcard word (`mercenar*`), matched against folded, unstemmed terms."""

    field: str
    pattern: str  # * any run of characters, ? one character; folded, not stemmed
    boost: float = 1.0

    def regex(self) -> str:
        return "".join(".*" if c == "*" else "." if c == "?" else re.escape(c) for c in self.pattern)


@record
class DateRange:
    """Days as YYYYMMDD integers: both engines compare them as numbers."""

    start: int | None  # YYYYMMDD, inclusive; None = open
    end: int | None


@record
class And:
    """Every child must match."""

    children: tuple[Node, ...]


@record
class Or:
    """At least one child must match."""

    children: tuple[Node, ...]


@record
class Not:
    """The child must not match."""

    child: Node


@record
class Every:
    """Every document (a lone `*`, or a quotes listing without words)."""


Node = Term | Phrase | Fuzzy | Pattern | DateRange | And | Or | Not | Every


def and_(*nodes: Node) -> Node:
    flat: list[Node] = []
    for n in nodes:
        flat.extend(n.children if isinstance(n, And) else (n,))
    return flat[0] if len(flat) == 1 else And(tuple(flat))


def or_(*nodes: Node) -> Node:
    flat: list[Node] = []
    for n in nodes:
        flat.extend(n.children if isinstance(n, Or) else (n,))
    return flat[0] if len(flat) == 1 else Or(tuple(flat))


def leaves(node: Node, include_negated: bool = False) -> Iterator[Node]:
    """The leaves of a tree (NOT branches left out unless asked for)."""
    if isinstance(node, (And, Or)):
        for c in node.children:
            yield from leaves(c, include_negated)
    elif isinstance(node, Not):
        if include_negated:
            yield from leaves(node.child, include_negated)
    else:
        yield node


def transform(node: Node, fn: Callable[[Node], Node | None]) -> Node:
    """Rebuild a tree bottom-up, replacing each leaf for which fn returns a node (NOT kept)."""
    if isinstance(node, And):
        return And(tuple(transform(c, fn) for c in node.children))
    if isinstance(node, Or):
        return Or(tuple(transform(c, fn) for c in node.children))
    if isinstance(node, Not):
        return node
    return fn(node) or node
