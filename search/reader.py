"""Searching an index, whatever its engine: requests (query.py) in, results (results.py) out.

The query language is parsed once (syntax.py) into a plain tree; the engine behind the seam
(index/engine.py) only runs trees and hands back stored fields. Alias tiers, story-cluster
collapsing, facets, snippets, provenance and check candidates are all built here, the same for
every engine. Search runs against the last committed generation of the index, so a search
during an indexing run sees the index as it was before that run.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
import re
from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from kcsearch.index import storage
from kcsearch.index.engine import EngineSearcher, Row, open_searcher
from kcsearch.index.schema import (
    ARTICLE,
    QUOTATION,
    QUOTE,
    SKETCH,
    date_to_int,
    name_key,
    name_tokens,
    surface_words,
    tokens,
    wanted_tokens,
)
from kcsearch.index.schema import terms as analysed  # `terms` names a query's terms below

from . import aliases
from . import syntax as sx
from .errors import IndexLockedError, IndexMissingError, IndexUnusableError
from .query import QueryError, SearchRequest
from .results import (
    AlsoCarried,
    Document,
    Facets,
    Hit,
    QuoteHit,
    QuoteResult,
    SearchResult,
    Similar,
)
from .snippets import Token, find_snippets, match_spans, side_by_side

if TYPE_CHECKING:  # check.py and provenance.py load only for the commands that use them
    from kcsearch.index.model import Quote

    from .check import CheckResult, ClaimTerm
    from .provenance import QuoteGroup

ARTICLE_FIELDS = sx.TEXT_FIELDS
TITLE_FALLBACK_CHARS = 100
CHECK_CANDIDATES = 60  # best-matching articles a check reads sentence by sentence
COLLAPSE_FETCH = 3  # raw hits fetched per shown hit when story clusters are collapsed
SIMILAR_CANDIDATES = 50
PROVENANCE_TERMS = 8  # a quotation's rarest words, used to find its other carriers
PROVENANCE_CANDIDATES = 200  # at most, read PROVENANCE_PAGE at a time
PROVENANCE_PAGE = 10
ALIAS_WEIGHT = 0.5  # an alias match scores half of a match on the name as typed


def _date(value: Any) -> dt.date | None:
    if not value:
        return None
    v = int(value)
    return dt.date(v // 10000, v // 100 % 100, v % 100)


def _quote(stored: dict[str, Any]) -> Quote:
    """A stored quotation (the indexing data model loads only for commands that show quotes)."""
    from kcsearch.index.model import Quote

    return Quote.from_dict(stored)


def to_document(f: dict[str, Any]) -> Document:
    quotes = tuple(map(_quote, f.get("quotes") or ()))
    return Document(
        id=f["id"],
        path=f.get("path") or "",
        title=f.get("title") or None,
        outlet=f.get("outlet") or None,
        url=f.get("url") or None,
        date=_date(f.get("date")),
        date_source=f.get("date_source") or "none",
        author=f.get("author") or None,
        contributors=tuple(f.get("contributors") or ()),
        headings=tuple(h for h in (f.get("headings") or "").split("\n") if h),
        body=f.get("body") or "",
        quotes=quotes,
        speakers=tuple(f.get("speakers") or ()),
        content_hash=f.get("content_hash") or "",
        stale_banner=bool(f.get("stale_banner")),
        format=f.get("format") or "text",
    )


def display_title(title: str | None, body: str) -> str:
    """The headline, or the article's first sentence when it has none."""
    if title:
        return title
    first = re.split(r"(?<=[.!?])\s", body.strip(), maxsplit=1)[0]
    if len(first) <= TITLE_FALLBACK_CHARS:
        return first
    return first[:TITLE_FALLBACK_CHARS].rsplit(" ", 1)[0] + "…"


T = TypeVar("T")


def _pinned(method: Callable[..., T]) -> Callable[..., T]:
    """Run a Reader method on one index generation, checked for a newer commit once."""
    @functools.wraps(method)
    def run(self: Reader, *args: Any, **kwargs: Any) -> T:
        with self.s.pinned():
            return method(self, *args, **kwargs)
    return run


class Reader:
    """An open, current index. Raises IndexUnusableError (with a next step) when it is not."""

    def __init__(self, index_dir: Path) -> None:
        try:
            meta = storage.read_meta(index_dir)
        except IndexMissingError:
            if storage.is_locked(index_dir):
                raise IndexLockedError(
                    f"the index at {index_dir} is being built by another kcsearch; "
                    "try again when it has finished") from None
            raise
        storage.check_current(meta, index_dir)
        storage.check_links(index_dir, meta.indexname)  # a link would read outside the folder
        self.index_dir = index_dir
        self.engine = meta.engine
        try:
            self.s: EngineSearcher = open_searcher(meta.engine, index_dir, meta.indexname)
        except ImportError:
            raise IndexUnusableError(
                f"the index at {index_dir} uses the {meta.engine} engine, which is not installed: "
                f"pip install 'kcsearch[{meta.engine}]'") from None

    # --- documents ------------------------------------------------------------------------
    def _articles(self) -> list[Row]:
        return [f for _score, f in self.s.search(sx.Term("kind", ARTICLE), limit=None).rows]

    def count(self) -> int:
        return self.s.count(sx.Term("kind", ARTICLE))

    def documents(self) -> list[Document]:
        return sorted((to_document(f) for f in self._articles()), key=lambda d: d.id)

    def get(self, doc_id: str) -> Document | None:
        f = self.s.get(doc_id)
        return to_document(f) if f and f.get("kind") == ARTICLE else None

    def outlets(self) -> list[str]:
        return sorted({f["outlet"] for f in self._articles() if f.get("outlet")})

    def close(self) -> None:
        self.s.close()

    # --- search -----------------------------------------------------------------------------
    @_pinned
    def similar(self, doc_id: str) -> list[Similar]:
        """Articles telling the same story as `doc_id`: its cluster, then near neighbours."""
        from kcsearch.index import dedup  # only this command compares signatures

        f = self.s.get(doc_id)
        if not f or f.get("kind") != ARTICLE:
            return []
        sig = dedup.from_stored(f.get("signature") or "")
        cluster = f.get("cluster") or doc_id
        found: dict[str, Row] = {}
        for _score, g in self.s.search(sx.Term("cluster", cluster), limit=None).rows:
            found[g["id"]] = g
        keys = dedup.bands(sig) if sig else []
        if keys:
            q = sx.or_(*(sx.Term("lsh", k) for k in keys))
            for _score, g in self.s.search(q, sx.Term("kind", ARTICLE), SIMILAR_CANDIDATES).rows:
                found.setdefault(g["id"], g)
        found.pop(doc_id, None)
        mine = dedup.pack(sig)
        out = []
        for oid, g in found.items():
            score = dedup.overlap(mine, dedup.pack_stored(g.get("signature") or "")) if sig else 0.0
            same = (g.get("cluster") or oid) == cluster
            if same or score >= dedup.CLUSTER_THRESHOLD / 2:
                out.append(Similar(oid, display_title(g.get("title"), g.get("body") or ""),
                                   g.get("outlet") or None, _date(g.get("date")), round(score, 3),
                                   same))
        return sorted(out, key=lambda x: (not x.same_cluster, -x.overlap, x.id))

    @_pinned
    def search(self, req: SearchRequest, facets: bool = False, expand: bool = False) -> SearchResult:
        typed = sx.parse(req.text, ARTICLE_FIELDS)
        q, groups = expand_aliases(typed, ARTICLE_FIELDS) if req.aliases else (typed, [])
        # pages before this one are ranked (and collapsed) too, to know where this one starts;
        # with clusters collapsed a page needs more raw hits than it shows
        skip = (req.page - 1) * req.limit
        shown = skip + req.limit
        fetch = shown if expand else shown * COLLAPSE_FETCH
        flt, notices = self._filters(req, ARTICLE, q)
        more: Callable[[int], list[tuple[float, Row]]] | None = None  # later rows, as needed
        if groups and req.sort == "relevance":
            # articles using the name as typed first, then those found through an alias
            exact = self.s.search(typed, flt, fetch)
            rest = self.s.search(sx.and_(q, sx.Not(typed)), flt, max(fetch - len(exact.rows), 1))
            found = [*exact.rows, *rest.rows][:fetch]
            total = exact.total + rest.total
        elif req.sort == "relevance" and not expand:
            total, found, more = self._pages(q, flt, shown, fetch)
        else:
            total, found = self._ranked(q, flt, req.sort, fetch)
        page, also = self._collapse(q, flt, found, req.limit, more, skip) if not expand else (
            list(found)[skip:shown], {})
        spec = highlight_spec(q, ARTICLE_FIELDS)
        hits = []
        for score, f in page:
            body = f.get("body") or ""
            terms, phrases, found = spec.in_text(body)
            hits.append(Hit(
                id=f["id"], title=display_title(f.get("title"), body),
                outlet=f.get("outlet") or None, date=_date(f.get("date")),
                author=f.get("author") or None, score=score,
                snippets=tuple(find_snippets(body, found, terms, phrases)),
                names=tuple(spellings_used(body, groups)),
                cluster=f.get("cluster") or f["id"],
                also=tuple(also.get(f["id"], ())),
            ))
        counts = self._facets(q, flt) if facets else None
        return SearchResult(req.text, total, tuple(hits), tuple(notices), counts, req.page)

    def _pages(self, q: sx.Node, flt: sx.Node, page: int, most: int
               ) -> tuple[int, list[tuple[float, Row]], Callable[[int], list[tuple[float, Row]]]]:
        """Matches by relevance: the total, the first page's rows, and a function reading the
        next n rows (up to `most` in all) for a caller that needs more. One hit per story
        cluster is shown, so a page whose hits share clusters needs a few rows more: only those
        are read (read a page at a time, a look one row past a full page cost a whole second
        page: bench/README.md, "Rows read as needed")."""
        first = self.s.search(q, flt, page, ahead=most - page)
        got, done = len(first.rows), len(first.rows) < page

        def more(n: int) -> list[tuple[float, Row]]:
            nonlocal got, done
            n = min(n, most - got)
            if done or n <= 0:
                return []
            rows = self.s.search(q, flt, n, offset=got, count=False).rows
            got, done = got + len(rows), len(rows) < n
            return rows

        return first.total, first.rows, more

    def _ranked(self, q: sx.Node, flt: sx.Node, sort: str, limit: int
                ) -> tuple[int, list[tuple[float, Row]]]:
        """Matches by relevance, or by date (oldest or newest first) with undated ones last."""
        if sort == "relevance":
            found = self.s.search(q, flt, limit)
            return found.total, found.rows
        dated = self.s.search(q, sx.and_(flt, sx.Term("dated", "y")), limit,
                              sort="-date" if sort == "newest" else "date")
        undated = self.s.search(q, sx.and_(flt, sx.Term("dated", "n")), limit=None)
        rest = sorted(undated.rows, key=lambda r: r[1]["id"])[:max(limit - len(dated.rows), 0)]
        return dated.total + undated.total, [*dated.rows, *rest]

    @_pinned
    def check(self, claim: str, req: SearchRequest) -> CheckResult:
        """Evidence for a claim: candidate articles from the engine, the rest in check.py."""
        from .check import ArticleText, CheckResult, claim_terms, find_evidence

        book = aliases.load(_analyse)

        def members(words: tuple[str, ...]) -> list[tuple[str, ...]]:
            return book.members(words, _analyse) if req.aliases else [words]

        n_docs = max(self.s.count(sx.Term("kind", ARTICLE)), 1)

        def idf(term: str) -> float:
            return 1.0 + math.log(n_docs / (1 + self.s.doc_frequency("body", term)))

        terms = claim_terms(claim, tokens, members, idf)
        if not terms:
            raise QueryError(f"the claim {claim!r} has no words to look for")
        q = sx.or_(*(sx.Term("body", a[0]) if len(a) == 1 else sx.Phrase("body", a)
                     for t in terms for a in _unkeyed(t, members)))
        flt, notices = self._filters(req, ARTICLE, q)
        arts = [ArticleText(
            id=f["id"], title=display_title(f.get("title"), f.get("body") or ""),
            outlet=f.get("outlet") or None, date=_date(f.get("date")), body=f.get("body") or "",
            quotes=tuple(map(_quote, f.get("quotes") or ())))
            for _score, f in self.s.search(q, flt, CHECK_CANDIDATES, count=False).rows]
        result = find_evidence(claim, terms, arts, tokens, surface_words)
        return CheckResult(result.claim, result.terms, result.groups, result.figures,
                           result.disputes, tuple(notices))

    @_pinned
    def quotes(self, req: SearchRequest) -> QuoteResult:
        q: sx.Node = sx.parse(req.text, ("quote_text",)) if req.text else sx.Every()
        if req.aliases and req.text:
            q, _groups = expand_aliases(q, ("quote_text",))
        flt, notices = self._filters(req, QUOTE, q)
        # with no query text there is no relevance: list by date, then article and position
        sort = req.sort if req.text or req.sort != "relevance" else "oldest"
        total, rows = self._ranked(q, flt, sort, req.limit)
        spec = highlight_spec(q, ("quote_text",))
        hits = []
        for _score, f in rows:
            quote = _quote(f["quotes"])
            toks = tokens(quote.text)  # a quotation is shown whole: every word may be marked
            terms, phrases = spec.resolve(t for t, _s, _e in toks)
            hits.append(QuoteHit(
                id=f["article"], speaker=quote.speaker, role=quote.role, text=quote.text,
                outlet=f.get("outlet") or None, date=_date(f.get("date")),
                highlights=tuple(match_spans(toks, terms, phrases, quote.text)),
            ))
        groups = self._provenance(hits)
        return QuoteResult(req.text or None, total, tuple(hits), tuple(notices), tuple(groups))

    def _provenance(self, hits: list[QuoteHit]) -> list[QuoteGroup]:
        """Group each shown quotation with its other carriers and variants in the corpus."""
        from kcsearch.index.sketch import STOP

        from .provenance import VARIANT, QuoteRecord, build_group, may_relate, word_overlap

        groups: list[QuoteGroup] = []
        placed: set[tuple[str, str]] = set()
        # a candidate's words are compared while paging and again to build its group
        stems = functools.lru_cache(maxsize=4096)(analysed)
        rarity = functools.lru_cache(maxsize=4096)(functools.partial(self.s.doc_frequency, QUOTATION))
        # quotations sharing the most of a quotation's rare words are its likeliest carriers
        queries: dict[str, sx.Node] = {}
        for h in hits:
            words = sorted(set(stems(h.text)) - STOP, key=rarity)[:PROVENANCE_TERMS]
            if words:
                queries.setdefault(h.text, sx.or_(*(sx.Term(QUOTATION, w) for w in words)))
        # every first page at once: an engine may search them on several threads
        first_pages = dict(zip(queries, self.s.search_keyed_each(
            list(queries.values()), SKETCH, PROVENANCE_PAGE), strict=True))
        for h in hits:
            if (h.id, h.text) in placed:
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
                         self.s.search_keyed(q, SKETCH, PROVENANCE_PAGE, offset=found))
                found += len(keyed)
                # a quotation whose sketch rules it out would only be dropped: not read
                rows = self.s.read([m for m, sk in keyed if sk is None or worth_reading(sk)])
                page = [QuoteRecord(f["article"], f.get("outlet") or None, _date(f.get("date")),
                                    (qt := f["quotes"]).get("speaker"), str(qt["text"]))
                        for f in rows]  # the stored quotation as _quote reads it
                cands += page
                if len(keyed) < PROVENANCE_PAGE or not any(
                        related(c) >= VARIANT for c in page if (c.id, c.text) != (seed.id, seed.text)):
                    break
            group = build_group(seed, cands, stems, fold)
            # a variant may still head its own group (its wording has its own carriers)
            placed.update((c.id, c.text) for c in group.carriers)
            groups.append(group)
        return groups

    def _filters(self, req: SearchRequest, kind: str, q: sx.Node) -> tuple[sx.Node, list[str]]:
        """The restriction for the request's options, and notices about what they excluded."""
        parts: list[sx.Node] = [sx.Term("kind", kind)]
        if req.outlets:
            parts.append(sx.or_(*(sx.Term("outlet_key", o.lower()) for o in req.outlets)))
        if req.speaker:
            parts.append(speaker_filter(req.speaker, req.aliases))
        notices: list[str] = []
        if req.after or req.before:
            n = self.s.count(sx.and_(q, *parts, sx.Term("dated", "n")))
            if n:
                opts = " and ".join(o for o, v in (("--after", req.after), ("--before", req.before)) if v)
                what = "quotation" if kind == QUOTE else "article"
                notices.append(f"{n} matching {what}{'s' if n != 1 else ''} without a date "
                               f"{'were' if n != 1 else 'was'} excluded by {opts}")
            parts.append(sx.DateRange(date_to_int(req.after), date_to_int(req.before)))
        return sx.and_(*parts), notices

    def _collapse(self, q: sx.Node, flt: sx.Node, found: Iterable[tuple[float, Row]], limit: int,
                  more: Callable[[int], list[tuple[float, Row]]] | None = None, skip: int = 0
                  ) -> tuple[list[tuple[float, Row]], dict[str, list[AlsoCarried]]]:
        """One hit per story cluster (its best-ranked article) and the others that carried it,
        for the `limit` stories after the first `skip`. `more(n)` reads n rows after `found`,
        asked for as many as the page still lacks."""
        heads: list[tuple[float, Row]] = []
        seen: set[str] = set()
        rows = list(found)
        i = 0
        while len(heads) < skip + limit:
            if i == len(rows):
                extra = more(skip + limit - len(heads)) if more else []
                if not extra:
                    break
                rows += extra
            score, r = rows[i]
            i += 1
            cluster = r.get("cluster") or r["id"]
            if cluster not in seen:
                seen.add(cluster)
                heads.append((score, r))
        page = heads[skip:]
        first_of = {r.get("cluster") or r["id"]: r["id"] for _score, r in page}
        also: dict[str, list[AlsoCarried]] = {head: [] for head in first_of.values()}
        # A story only one article carries has no other carriers: its cluster's term is in one
        # document (or a few more while deleted ones await a merge: they are then searched and
        # not found). Half the benchmark's pages show only such stories and need no search.
        shared = [c for c in first_of if self.s.doc_frequency("cluster", c) > 1]
        if shared:  # one search for the other matching members of every cluster shown
            in_clusters = sx.or_(*(sx.Term("cluster", c) for c in shared))
            shown = sx.Not(sx.or_(*(sx.Term("id", first_of[c]) for c in shared)))
            for _score, m in self.s.search(q, sx.and_(flt, in_clusters, shown), limit=None,
                                           count=False).rows:
                also[first_of[m.get("cluster") or m["id"]]].append(
                    AlsoCarried(m["id"], m.get("outlet") or None, _date(m.get("date"))))
        for members in also.values():
            members.sort(key=lambda a: (a.date or dt.date.max, a.id))
        return page, also

    def _facets(self, q: sx.Node, flt: sx.Node) -> Facets:
        """Counts over the whole matching set, not only the page shown."""
        outlets: Counter[str] = Counter()
        speakers: Counter[str] = Counter()  # by folded name: Erdogan and Erdoğan are one speaker
        spellings: dict[str, Counter[str]] = {}
        months: Counter[str] = Counter()
        for _score, f in self.s.search(q, flt, limit=None).rows:
            outlets[f.get("outlet") or "unknown"] += 1
            for name in f.get("speakers") or ():
                key = fold(name)
                speakers[key] += 1
                spellings.setdefault(key, Counter())[name] += 1
            d = f.get("date")
            months[f"{int(d) // 10000:04d}-{int(d) // 100 % 100:02d}" if d else "undated"] += 1
        by_speaker = {spellings[k].most_common(1)[0][0]: n for k, n in speakers.most_common()}
        return Facets(dict(outlets.most_common()), by_speaker, dict(sorted(months.items())))


def _unkeyed(term: ClaimTerm, members: Any) -> list[tuple[str, ...]]:
    """A claim term's forms as the index stores them (check.py compares equivalence keys)."""
    from .check import EQUIVALENTS

    forms = set(term.alternatives)
    raw = tuple(t for t, _s, _e in tokens(term.text))
    forms.update(members(raw))
    forms.update((k,) for k, v in EQUIVALENTS.items() if (v,) in term.alternatives)
    return sorted(forms)


def _analyse(name: str) -> tuple[str, ...]:
    return tuple(analysed(name))


def _analyse_name(name: str) -> tuple[str, ...]:
    return tuple(t for t, _s, _e in name_tokens(name))


def expand_aliases(q: sx.Node, fields: tuple[str, ...]) -> tuple[sx.Node, list[list[tuple[str, ...]]]]:
    """Widen every term or phrase that names an alias group to the whole group.

    Returns the new query and the groups used (as analysed names), to report spellings."""
    book = aliases.load(_analyse)
    used: list[list[tuple[str, ...]]] = []

    def alternatives(field: str, terms: tuple[str, ...], boost: float) -> sx.Node | None:
        if book.group_of(terms) is None:
            return None
        members = book.members(terms, _analyse)
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
        book = aliases.load(_analyse_name)
        group = book.group_of(_analyse_name(name))
        names = list(group) if group else names
    nodes = [sx.Term("speaker", w[0]) if len(w) == 1 else sx.Phrase("speaker", w)
             for w in (_analyse_name(n) for n in names) if w]
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


fold = functools.lru_cache(maxsize=4096)(name_key)  # provenance folds every candidate's speaker


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
