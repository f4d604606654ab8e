"""Query rewriting: alias groups widened, the speaker filter, and the restrictions a request's
options make (kind, outlets, speaker, dates), with notices about what they leave out."""

from __future__ import annotations

from typing import TYPE_CHECKING

from kcsearch.index.schema import QUOTE, date_to_int, name_tokens, wanted_tokens
from kcsearch.index.schema import terms as analysed

from . import aliases
from . import syntax as sx
from .query import QueryError, SearchRequest
from .snippets import side_by_side

if TYPE_CHECKING:
    from .session import Session

ALIAS_WEIGHT = 0.5  # an alias match scores half of a match on the name as typed


def analyse_text(name: str) -> tuple[str, ...]:
    return tuple(analysed(name))


def analyse_name(name: str) -> tuple[str, ...]:
    return tuple(t for t, _s, _e in name_tokens(name))


def expand_aliases(q: sx.Node, fields: tuple[str, ...]) -> tuple[sx.Node, list[list[tuple[str, ...]]]]:
    """Widen every term or phrase that names an alias group to the whole group.

    Returns the new query and the groups used (as analysed names), to report spellings."""
    book = aliases.load(analyse_text)
    used: list[list[tuple[str, ...]]] = []

    def alternatives(field: str, terms: tuple[str, ...], boost: float) -> sx.Node | None:
        if book.group_of(terms) is None:
            return None
        members = book.members(terms, analyse_text)
        if members not in used:
            used.append(members)

        # the name the user typed counts more than its aliases, so it ranks first
        def weight(m: tuple[str, ...]) -> float:
            return boost if m == terms else boost * ALIAS_WEIGHT

        return sx.or_(*(sx.Term(field, m[0], weight(m)) if len(m) == 1
                        else sx.Phrase(field, m, 1, weight(m)) for m in members if m))

    def widen(node: sx.Node) -> sx.Node | None:
        if isinstance(node, sx.Term) and node.field in fields:
            return alternatives(node.field, (node.text,), node.boost)
        if isinstance(node, sx.Phrase) and node.field in fields and node.slop <= 1:
            return alternatives(node.field, node.words, node.boost)
        return None

    return sx.transform(q, widen), used


def speaker_filter(name: str, use_aliases: bool) -> sx.Node:
    """Quotes by `name` (a surname is enough), widened to its alias spellings."""
    name = name.replace('"', " ").strip()
    names = [name]
    if use_aliases:
        book = aliases.load(analyse_name)
        group = book.group_of(analyse_name(name))
        names = list(group) if group else names
    nodes = [sx.Term("speaker", w[0]) if len(w) == 1 else sx.Phrase("speaker", w)
             for w in (analyse_name(n) for n in names) if w]
    if not nodes:
        raise QueryError(f"--speaker {name!r} has no letters to look for")
    return sx.or_(*nodes)


def spellings_used(body: str, groups: list[list[tuple[str, ...]]]) -> list[str]:
    """The names from the searched alias groups as this article writes them.

    Only the words whose terms are the names' are located and analysed (as for snippets):
    analysing every word of each hit's body made a search with an alias twice as slow."""
    if not groups:
        return []
    # longest names first, so "Karabakh" inside "Nagorno-Karabakh" is not a spelling of its own
    members = sorted((m for ms in groups for m in ms), key=len, reverse=True)
    toks = wanted_tokens(body, {t for m in members for t in m})
    words = [t[0] for t in toks]
    found: dict[str, None] = {}
    covered: set[int] = set()
    for m in members:
        n = len(m)
        for i in range(len(words) - n + 1):
            if (tuple(words[i:i + n]) == m and side_by_side(toks, i, n, body)
                    and not covered.intersection(range(i, i + n))):
                covered.update(range(i, i + n))
                found.setdefault(body[toks[i][1]:toks[i + n - 1][2]], None)
    return list(found)


def restrictions(session: Session, req: SearchRequest, kind: str | tuple[str, ...],
                 q: sx.Node) -> tuple[sx.Node, list[str]]:
    """The restriction for the request's options, and notices about what they excluded."""
    kinds = (kind,) if isinstance(kind, str) else kind
    parts: list[sx.Node] = [sx.or_(*(sx.Term("kind", k) for k in kinds))]
    if req.outlets:
        parts.append(sx.or_(*(sx.Term("outlet_key", o.lower()) for o in req.outlets)))
    if req.speaker:
        parts.append(speaker_filter(req.speaker, req.aliases))
    notices: list[str] = []
    if req.after or req.before:
        n = session.s.count(sx.and_(q, *parts, sx.Term("dated", "n")))
        if n:
            opts = " and ".join(o for o, v in (("--after", req.after), ("--before", req.before)) if v)
            what = "quotation" if QUOTE in kinds else "article"
            notices.append(f"{n} matching {what}{'s' if n != 1 else ''} without a date "
                           f"{'were' if n != 1 else 'was'} excluded by {opts}")
        parts.append(sx.DateRange(date_to_int(req.after), date_to_int(req.before)))
    return sx.and_(*parts), notices
