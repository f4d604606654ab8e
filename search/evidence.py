"""A check's retrieval: the claim's terms, weighted by rarity, and the candidate articles the
engine finds for them; check.py then reads their sentences (pure, no engine)."""

from __future__ import annotations

import math
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from kcsearch.index.schema import ARTICLE, surface_words, tokens

from . import aliases
from . import syntax as sx
from .query import QueryError, SearchRequest
from .rewrite import analyse_text, restrictions
from .rows import display_title, stored_date, stored_quote
from .session import Session, pinned

if TYPE_CHECKING:
    from .check import CheckResult, ClaimTerm

CHECK_CANDIDATES = 60  # best-matching articles a check reads sentence by sentence


@pinned
def check(session: Session, claim: str, req: SearchRequest) -> CheckResult:
    """Evidence for a claim: candidate articles from the engine, the rest in check.py."""
    from .check import ArticleText, claim_terms, find_evidence

    book = aliases.load(analyse_text)

    def members(words: tuple[str, ...]) -> list[tuple[str, ...]]:
        return book.members(words, analyse_text) if req.aliases else [words]

    n_docs = max(session.s.count(sx.Term("kind", ARTICLE)), 1)

    def idf(term: str) -> float:
        return 1.0 + math.log(n_docs / (1 + session.s.doc_frequency("body", term)))

    terms = claim_terms(claim, tokens, members, idf)
    if not terms:
        raise QueryError(f"the claim {claim!r} has no words to look for")
    q = sx.or_(*(sx.Term("body", a[0]) if len(a) == 1 else sx.Phrase("body", a)
                 for t in terms for a in _unkeyed(t, members)))
    flt, notices = restrictions(session, req, ARTICLE, q)
    arts = [ArticleText(
        id=f["id"], title=display_title(f.get("title"), f.get("body") or ""),
        outlet=f.get("outlet") or None, date=stored_date(f.get("date")), body=f.get("body") or "",
        quotes=tuple(map(stored_quote, f.get("quotes") or ())),
        corrected=bool(f.get("corrections")), cluster=f.get("cluster") or None,
        url=f.get("url") or None)
        for _score, f in session.s.search(q, flt, CHECK_CANDIDATES, count=False).rows]
    result = find_evidence(claim, terms, arts, tokens, surface_words)
    return replace(result, notices=tuple(notices))

def _unkeyed(term: ClaimTerm, members: Any) -> list[tuple[str, ...]]:
    """A claim term's forms as the index stores them (check.py compares equivalence keys)."""
    from .check import EQUIVALENTS

    forms = set(term.alternatives)
    raw = tuple(t for t, _s, _e in tokens(term.text))
    forms.update(members(raw))
    forms.update((k,) for k, v in EQUIVALENTS.items() if (v,) in term.alternatives)
    return sorted(forms)
