"""Quotation search, and each quotation's provenance: the other articles carrying it, the
earliest, and differently worded variants by the same speaker."""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

from kcsearch.index.schema import QUOTATION, QUOTE, SHORT_QUOTE, SKETCH, tokens
from kcsearch.index.schema import terms as analysed

from . import syntax as sx
from .highlight import highlight_spec
from .query import SearchRequest
from .results import QuoteHit, QuoteResult
from .rewrite import expand_aliases, restrictions
from .rows import fold, stored_date, stored_quote
from .session import Session, pinned
from .snippets import match_spans

if TYPE_CHECKING:
    from .provenance import QuoteGroup

PROVENANCE_TERMS = 8  # a quotation's rarest words, used to find its other carriers
PROVENANCE_CANDIDATES = 200  # at most, read PROVENANCE_PAGE at a time
PROVENANCE_PAGE = 10
# Above this many shown quotations (an export), every quotation is read once and their
# carriers are found in memory: a search per quotation would take minutes.
BULK_PROVENANCE = 200


@pinned
def quotes(session: Session, req: SearchRequest) -> QuoteResult:
    q: sx.Node = sx.parse(req.text, ("quote_text",)) if req.text else sx.Every()
    if req.aliases and req.text:
        q, _groups = expand_aliases(q, ("quote_text",))
    # short quotations ("lies") are listed when asked for or when the query matches them
    kinds = (QUOTE, SHORT_QUOTE) if req.short or req.text else QUOTE
    flt, notices = restrictions(session, req, kinds, q)
    # with no query text there is no relevance: list by date, then article and position
    sort = req.sort if req.text or req.sort != "relevance" else "oldest"
    total, rows = session.ranked(q, flt, sort, req.limit)
    spec = highlight_spec(q, ("quote_text",))
    hits = []
    for _score, f in rows:
        quote = stored_quote(f["quotes"])
        toks = tokens(quote.text)  # a quotation is shown whole: every word may be marked
        terms, phrases = spec.resolve(t for t, _s, _e in toks)
        hits.append(QuoteHit(
            id=f["article"], speaker=quote.speaker, role=quote.role, text=quote.text,
            outlet=f.get("outlet") or None, date=stored_date(f.get("date")),
            highlights=tuple(match_spans(toks, terms, phrases, quote.text)),
            short=quote.short, speaker_kind=quote.speaker_kind, how=quote.how,
            url=f.get("url") or None,
        ))
    groups = provenance(session, hits)
    return QuoteResult(req.text or None, total, tuple(hits), tuple(notices), tuple(groups))

def provenance(session: Session, hits: list[QuoteHit]) -> list[QuoteGroup]:
    """Group each shown quotation with its other carriers and variants in the corpus."""
    if len(hits) > BULK_PROVENANCE:
        return bulk_provenance(session, hits)
    from kcsearch.index.sketch import STOP

    from .provenance import VARIANT, QuoteRecord, build_group, may_relate, word_overlap

    groups: list[QuoteGroup] = []
    placed: set[tuple[str, str]] = set()
    # a candidate's words are compared while paging and again to build its group
    stems = functools.lru_cache(maxsize=4096)(analysed)
    rarity = functools.lru_cache(maxsize=4096)(functools.partial(session.s.doc_frequency, QUOTATION))
    # quotations sharing the most of a quotation's rare words are its likeliest carriers
    queries: dict[str, sx.Node] = {}
    for h in hits:
        if h.short:
            continue  # a word or two is not a quotation to trace across outlets
        words = sorted(set(stems(h.text)) - STOP, key=rarity)[:PROVENANCE_TERMS]
        if words:
            queries.setdefault(h.text, sx.or_(*(sx.Term(QUOTATION, w) for w in words)))
    # every first page at once: an engine may search them on several threads
    first_pages = dict(zip(queries, session.s.search_keyed_each(
        list(queries.values()), SKETCH, PROVENANCE_PAGE), strict=True))
    for h in hits:
        if (h.id, h.text) in placed or h.text not in queries:
            continue
        seed = QuoteRecord(h.id, h.outlet, h.date, h.speaker, h.text)
        related = word_overlap(seed, stems, fold)
        worth_reading = may_relate(seed, stems, fold)
        cands: list[QuoteRecord] = []
        found = 0
        # read on while a page still holds carriers or variants (a unique quotation costs
        # one page, not 50 reads)
        q = queries.get(h.text)  # quote documents only
        while q is not None and found < PROVENANCE_CANDIDATES:
            keyed = (first_pages[h.text] if not found else
                     session.s.search_keyed(q, SKETCH, PROVENANCE_PAGE, offset=found))
            found += len(keyed)
            # a quotation whose sketch rules it out would only be dropped: not read
            rows = session.s.read([m for m, sk in keyed if sk is None or worth_reading(sk)])
            page = [QuoteRecord(f["article"], f.get("outlet") or None, stored_date(f.get("date")),
                                (qt := f["quotes"]).get("speaker"), str(qt["text"]))
                    for f in rows if not f["quotes"].get("short")]  # as stored_quote reads it
            cands += page
            if len(keyed) < PROVENANCE_PAGE or not any(
                    related(c) >= VARIANT for c in page if (c.id, c.text) != (seed.id, seed.text)):
                break
        group = build_group(seed, cands, stems, fold)
        # a variant may still head its own group (its wording has its own carriers)
        placed.update((c.id, c.text) for c in group.carriers)
        groups.append(group)
    return groups



def bulk_provenance(session: Session, hits: list[QuoteHit]) -> list[QuoteGroup]:
    """provenance() for many quotations at once: one read of every quotation in the index,
    then each shown one's likeliest carriers (those sharing most of its rarest words)."""
    from collections import Counter

    from kcsearch.index.sketch import STOP, content

    from .provenance import QuoteRecord, build_group

    stems = functools.lru_cache(maxsize=65536)(analysed)
    words_of = functools.lru_cache(maxsize=65536)(lambda text: content(stems(text)))
    records = sorted((QuoteRecord(f["article"], f.get("outlet") or None, stored_date(f.get("date")),
                                  (qt := f["quotes"]).get("speaker"), str(qt["text"]))
                      for _score, f in session.s.search(sx.Term("kind", QUOTE), limit=None).rows),
                     key=lambda r: (r.id, r.text))  # the same order whichever the engine
    postings: dict[str, list[int]] = {}
    for n, rec in enumerate(records):
        for w in set(stems(rec.text)) - STOP:
            postings.setdefault(w, []).append(n)
    groups: list[QuoteGroup] = []
    placed: set[tuple[str, str]] = set()
    for h in hits:
        if h.short or (h.id, h.text) in placed:
            continue
        words = sorted(set(stems(h.text)) - STOP, key=lambda w: (len(postings.get(w, ())), w))
        if not words:
            continue
        shared: Counter[int] = Counter()
        for w in words[:PROVENANCE_TERMS]:
            shared.update(postings.get(w, ()))
        cands = [records[i] for i, _n in shared.most_common(PROVENANCE_CANDIDATES)]
        seed = QuoteRecord(h.id, h.outlet, h.date, h.speaker, h.text)
        group = build_group(seed, cands, stems, fold, words_of)
        placed.update((c.id, c.text) for c in group.carriers)
        groups.append(group)
    return groups
