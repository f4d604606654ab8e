"""The reading side of the engine seam: every Whoosh read goes through here.

It takes plain requests (query.py) and returns plain results (results.py). Queries are written
in Whoosh's syntax, so a future engine translates that syntax; nothing outside this module
sees a Whoosh object. Search runs against the last committed generation of the index, so a
search during an indexing run sees the index as it was before that run.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import math
import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from whoosh import index as whoosh_index
from whoosh import qparser, query

from kcsearch.index import dedup, storage
from kcsearch.index.model import Quote
from kcsearch.index.schema import ARTICLE, QUOTE, date_to_int, name_tokens, tokens

from . import aliases
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
from .snippets import highlight_text, make_snippets, match_spans

if TYPE_CHECKING:  # check.py and provenance.py load only for the commands that use them
    from .check import CheckResult, ClaimTerm
    from .provenance import QuoteGroup

ARTICLE_FIELDS = ("title", "headings", "body", "quote_text")
FIELD_ALIASES = {"speakers": "speaker", "quote": "quote_text", "quotes": "quote_text",
                 "heading": "headings"}
USER_FIELDS = ("title", "outlet", "author", "speaker", "quote", "headings", "body")
KNOWN_FIELDS = {*ARTICLE_FIELDS, "outlet", "author", "speaker", *FIELD_ALIASES}
TITLE_FALLBACK_CHARS = 100
CHECK_CANDIDATES = 60  # best-matching articles a check reads sentence by sentence
COLLAPSE_FETCH = 3  # raw hits fetched per shown hit when story clusters are collapsed
SIMILAR_CANDIDATES = 50
PROVENANCE_TERMS = 8  # a quotation's rarest words, used to find its other carriers
PROVENANCE_CANDIDATES = 50
RESTRICTION_BOOST = 1e-6  # filters add (almost) nothing to a document's score
ALIAS_WEIGHT = 0.5  # an alias match scores half of a match on the name as typed


def _date(value: Any) -> dt.date | None:
    if not value:
        return None
    v = int(value)
    return dt.date(v // 10000, v // 100 % 100, v % 100)


def to_document(f: dict[str, Any]) -> Document:
    quotes = tuple(Quote.from_dict(q) for q in json.loads(f.get("quotes") or "[]"))
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


class WhooshReader:
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
        try:
            self.ix = whoosh_index.open_dir(str(index_dir), indexname=meta.indexname)
        except Exception as e:  # whoosh raises many kinds on damaged files
            raise IndexUnusableError(
                f"the index at {index_dir} is damaged ({type(e).__name__}); "
                "rebuild it with: kcsearch index --rebuild CORPUS_DIR") from None
        self.index_dir = index_dir
        self._searcher: Any = None

    @contextlib.contextmanager
    def _searching(self) -> Iterator[Any]:
        """The open searcher, reused across calls (opening one reads the segment files: 36 ms
        a time at 10k articles) and refreshed when an indexing run has committed since."""
        if self._searcher is None:
            self._searcher = self.ix.searcher()
        elif not self._searcher.up_to_date():
            self._searcher = self._searcher.refresh()
        yield self._searcher

    # --- documents ------------------------------------------------------------------------
    def _articles(self) -> list[dict[str, Any]]:
        with self._searching() as s:
            return [f for f in s.all_stored_fields() if f.get("kind") == ARTICLE]

    def count(self) -> int:
        with self._searching() as s:
            return int(s.doc_frequency("kind", ARTICLE))

    def documents(self) -> list[Document]:
        return sorted((to_document(f) for f in self._articles()), key=lambda d: d.id)

    def get(self, doc_id: str) -> Document | None:
        with self._searching() as s:
            f = s.document(id=doc_id)
            return to_document(f) if f and f.get("kind") == ARTICLE else None

    def outlets(self) -> list[str]:
        return sorted({f["outlet"] for f in self._articles() if f.get("outlet")})

    def close(self) -> None:
        if self._searcher is not None:
            self._searcher.close()
            self._searcher = None
        self.ix.close()

    # --- search -----------------------------------------------------------------------------
    def similar(self, doc_id: str) -> list[Similar]:
        """Articles telling the same story as `doc_id`: its cluster, then near neighbours."""
        with self._searching() as s:
            f = s.document(id=doc_id)
            if not f or f.get("kind") != ARTICLE:
                return []
            sig = tuple(f.get("signature") or ())
            cluster = f.get("cluster") or doc_id
            found: dict[str, dict[str, Any]] = {}
            for r in s.search(query.Term("cluster", cluster), limit=None):
                found[r["id"]] = r.fields()
            keys = dedup.bands(sig) if sig else []
            if keys:
                q = query.Or([query.Term("lsh", k) for k in keys])
                for r in s.search(within(q, query.Term("kind", ARTICLE)), limit=SIMILAR_CANDIDATES):
                    found.setdefault(r["id"], r.fields())
            found.pop(doc_id, None)
            out = []
            for oid, g in found.items():
                score = dedup.overlap(sig, tuple(g.get("signature") or ())) if sig else 0.0
                same = (g.get("cluster") or oid) == cluster
                if same or score >= dedup.CLUSTER_THRESHOLD / 2:
                    out.append(Similar(oid, display_title(g.get("title"), g.get("body") or ""),
                                       g.get("outlet") or None, _date(g.get("date")), round(score, 3),
                                       same))
            return sorted(out, key=lambda x: (not x.same_cluster, -x.overlap, x.id))

    def search(self, req: SearchRequest, facets: bool = False, expand: bool = False) -> SearchResult:
        typed = parse_text(self.ix.schema, req.text, ARTICLE_FIELDS)
        q, groups = expand_aliases(typed, ARTICLE_FIELDS) if req.aliases else (typed, [])
        # with clusters collapsed a page needs more raw hits than it shows
        fetch = req.limit if expand else req.limit * COLLAPSE_FETCH
        with self._searching() as s:
            flt, notices = _filters(s, self.ix.schema, req, ARTICLE, q)
            if groups and req.sort == "relevance":
                # articles using the name as typed first, then those found through an alias
                exact = s.search(within(typed, flt), limit=fetch)
                rest = s.search(within(q, flt), mask=typed, limit=max(fetch - len(exact.top_n), 1))
                found = [*exact, *rest][:fetch]
                total = len(exact) + len(rest)
            else:
                results = s.search(within(q, flt), **{**_sorting(req), "limit": fetch})
                found, total = list(results), len(results)
            page, also = _collapse(s, q, flt, found, req.limit) if not expand else (
                found[:req.limit], {})
            terms, phrases = highlight_spec(q, s.reader(), ARTICLE_FIELDS)
            hits = []
            for r in page:
                f = r.fields()
                body = f.get("body") or ""
                spans = match_spans(tokens(body), terms, phrases, body)
                hits.append(Hit(
                    id=f["id"], title=display_title(f.get("title"), body),
                    outlet=f.get("outlet") or None, date=_date(f.get("date")),
                    author=f.get("author") or None, score=float(r.score or 0.0),
                    snippets=tuple(make_snippets(body, spans)),
                    names=tuple(spellings_used(body, groups)),
                    cluster=f.get("cluster") or f["id"],
                    also=tuple(also.get(f["id"], ())),
                ))
            counts = _facets(s, q, flt) if facets else None
            return SearchResult(req.text, total, tuple(hits), tuple(notices), counts)

    def check(self, claim: str, req: SearchRequest) -> CheckResult:
        """Evidence for a claim: candidate articles from the engine, the rest in check.py."""
        from .check import ArticleText, CheckResult, claim_terms, find_evidence

        book = aliases.load(_analyse)

        def members(words: tuple[str, ...]) -> list[tuple[str, ...]]:
            return book.members(words, _analyse) if req.aliases else [words]

        with self._searching() as s:
            n_docs = max(s.doc_frequency("kind", ARTICLE), 1)

            def idf(term: str) -> float:
                return 1.0 + math.log(n_docs / (1 + s.doc_frequency("body", term)))

            terms = claim_terms(claim, tokens, members, idf)
            if not terms:
                raise QueryError(f"the claim {claim!r} has no words to look for")
            q = query.Or([query.Term("body", a[0]) if len(a) == 1 else query.Phrase("body", list(a))
                          for t in terms for a in {tuple(w for w in alt) for alt in
                                                   _unkeyed(t, members)}])
            flt, notices = _filters(s, self.ix.schema, req, ARTICLE, q)
            results = s.search(within(q, flt), limit=CHECK_CANDIDATES)
            arts = [ArticleText(
                id=f["id"], title=display_title(f.get("title"), f.get("body") or ""),
                outlet=f.get("outlet") or None, date=_date(f.get("date")), body=f.get("body") or "",
                quotes=tuple(Quote.from_dict(d) for d in json.loads(f.get("quotes") or "[]")))
                for f in (r.fields() for r in results)]
        result = find_evidence(claim, terms, arts, tokens)
        return CheckResult(result.claim, result.terms, result.groups, result.figures,
                           result.disputes, tuple(notices))

    def quotes(self, req: SearchRequest) -> QuoteResult:
        q = parse_text(self.ix.schema, req.text, ("quote_text",)) if req.text else query.Every()
        if req.aliases and req.text:
            q, _groups = expand_aliases(q, ("quote_text",))
        with self._searching() as s:
            flt, notices = _filters(s, self.ix.schema, req, QUOTE, q)
            # with no query text there is no relevance: list by date, then article and position
            sorting = (_sorting(req) if req.text or req.sort != "relevance"
                       else {"limit": req.limit, "sortedby": ["date", "id"]})
            results = s.search(within(q, flt), **sorting)
            terms, phrases = highlight_spec(q, s.reader(), ("quote_text",))
            hits = []
            for r in results:
                f = r.fields()
                quote = Quote.from_dict(json.loads(f["quotes"]))
                hits.append(QuoteHit(
                    id=f["article"], speaker=quote.speaker, role=quote.role, text=quote.text,
                    outlet=f.get("outlet") or None, date=_date(f.get("date")),
                    highlights=tuple(highlight_text(quote.text, terms, phrases)),
                ))
            groups = self._provenance(s, hits)
            return QuoteResult(req.text or None, len(results), tuple(hits), tuple(notices),
                               tuple(groups))

    def _provenance(self, s: Any, hits: list[QuoteHit]) -> list[QuoteGroup]:
        """Group each shown quotation with its other carriers and variants in the corpus."""
        from .provenance import STOP, QuoteRecord, build_group

        groups: list[QuoteGroup] = []
        placed: set[tuple[str, str]] = set()
        n_docs = max(s.doc_frequency("kind", QUOTE), 1)
        for h in hits:
            if (h.id, h.text) in placed:
                continue
            words = sorted(set(_stems(h.text)) - STOP,
                           key=lambda w: s.doc_frequency("quote_text", w))[:PROVENANCE_TERMS]
            cands: list[QuoteRecord] = []
            if words and n_docs:
                q = query.Or([query.Term("quote_text", w) for w in words])
                for r in s.search(within(q, query.Term("kind", QUOTE)), limit=PROVENANCE_CANDIDATES):
                    f = r.fields()
                    qt = Quote.from_dict(json.loads(f["quotes"]))
                    cands.append(QuoteRecord(f["article"], f.get("outlet") or None,
                                             _date(f.get("date")), qt.speaker, qt.text))
            seed = QuoteRecord(h.id, h.outlet, h.date, h.speaker, h.text)
            group = build_group(seed, cands, _stems, fold)
            # a variant may still head its own group (its wording has its own carriers)
            placed.update((c.id, c.text) for c in group.carriers)
            groups.append(group)
        return groups


def _unkeyed(term: ClaimTerm, members: Any) -> list[tuple[str, ...]]:
    """A claim term's forms as the index stores them (check.py compares equivalence keys)."""
    from .check import EQUIVALENTS

    forms = set(term.alternatives)
    raw = tuple(t for t, _s, _e in tokens(term.text))
    forms.update(members(raw))
    forms.update((k,) for k, v in EQUIVALENTS.items() if (v,) in term.alternatives)
    return sorted(forms)


def _stems(text: str) -> list[str]:
    return [t for t, _s, _e in tokens(text)]


def _analyse(name: str) -> tuple[str, ...]:
    return tuple(t for t, _s, _e in tokens(name))


def _analyse_name(name: str) -> tuple[str, ...]:
    return tuple(t for t, _s, _e in name_tokens(name))


def expand_aliases(q: Any, fields: tuple[str, ...]) -> tuple[Any, list[list[tuple[str, ...]]]]:
    """Widen every term or phrase that names an alias group to the whole group.

    Returns the new query and the groups used (as analysed names), to report spellings."""
    book = aliases.load(_analyse)
    used: list[list[tuple[str, ...]]] = []

    def alternatives(field: str, terms: tuple[str, ...], boost: float) -> Any | None:
        if book.group_of(terms) is None:
            return None
        members = book.members(terms, _analyse)
        if members not in used:
            used.append(members)
        # the name the user typed counts more than its aliases, so it ranks first
        def weight(m: tuple[str, ...]) -> float:
            return boost if m == terms else boost * ALIAS_WEIGHT

        return query.Or([query.Term(field, m[0], boost=weight(m)) if len(m) == 1
                         else query.Phrase(field, list(m), boost=weight(m)) for m in members if m])

    def walk(node: Any) -> Any:
        if isinstance(node, query.Term) and node.fieldname in fields:
            return alternatives(node.fieldname, (str(node.text),), node.boost) or node
        if isinstance(node, query.Phrase) and node.fieldname in fields and node.slop <= 1:
            return alternatives(node.fieldname, tuple(node.words), node.boost) or node
        if isinstance(node, query.Not):
            return node
        return node.apply(walk)

    return walk(q), used


def speaker_filter(schema: Any, name: str, use_aliases: bool) -> Any:
    """Quotes by `name` (a surname is enough), widened to its alias spellings."""
    name = name.replace('"', " ").strip()
    names = [name]
    if use_aliases:
        book = aliases.load(_analyse_name)
        group = book.group_of(_analyse_name(name))
        names = list(group) if group else names
    parser = qparser.QueryParser("speaker", schema)
    return query.Or([parser.parse(f'"{n}"') for n in names])


def spellings_used(body: str, groups: list[list[tuple[str, ...]]]) -> list[str]:
    """The names from the searched alias groups as this article writes them."""
    if not groups:
        return []
    toks = tokens(body)
    words = [t[0] for t in toks]
    found: dict[str, None] = {}
    covered: set[int] = set()
    # longest names first, so "Karabakh" inside "Nagorno-Karabakh" is not a spelling of its own
    for m in sorted((m for members in groups for m in members), key=len, reverse=True):
        n = len(m)
        for i in range(len(words) - n + 1):
            if tuple(words[i:i + n]) == m and not covered.intersection(range(i, i + n)):
                covered.update(range(i, i + n))
                found.setdefault(body[toks[i][1]:toks[i + n - 1][2]], None)
    return list(found)


def _collapse(s: Any, q: Any, flt: Any, found: list[Any], limit: int
              ) -> tuple[list[Any], dict[str, list[AlsoCarried]]]:
    """One hit per story cluster (its best-ranked article) and the others that carried it."""
    page: list[Any] = []
    first_of: dict[str, str] = {}
    for r in found:
        cluster = r.get("cluster") or r["id"]
        if cluster not in first_of and len(page) < limit:
            first_of[cluster] = r["id"]
            page.append(r)
    also: dict[str, list[AlsoCarried]] = {head: [] for head in first_of.values()}
    if first_of:  # one search for the other matching members of every cluster shown
        in_clusters = query.Or([query.Term("cluster", c) for c in first_of])
        for m in s.search(within(q, query.And([flt, in_clusters])), limit=None):
            head = first_of[m.get("cluster") or m["id"]]
            if m["id"] != head:
                also[head].append(AlsoCarried(m["id"], m.get("outlet") or None, _date(m.get("date"))))
    for members in also.values():
        members.sort(key=lambda a: (a.date or dt.date.max, a.id))
    return page, also


def within(q: Any, restriction: Any) -> Any:
    """`q` limited to documents matching `restriction`, which adds nothing to the score.

    Whoosh's filter= argument, and ConstantScoreQuery too, build the full set of documents the
    restriction matches on every search (100 ms per quotes search at 10k articles, for
    kind=quote); a plain intersection skips through the postings instead. The restriction's
    boost is negligible rather than zero: Whoosh's block skipping divides by it."""
    return query.And([q, restriction.with_boost(RESTRICTION_BOOST)])


def _parser(schema: Any, fields: tuple[str, ...]) -> Any:
    boosts = {"title": 2.0, "headings": 1.2}
    p = qparser.MultifieldParser(list(fields), schema,
                                 fieldboosts={f: b for f, b in boosts.items() if f in fields})
    p.add_plugin(qparser.FuzzyTermPlugin())
    aliases: dict[str, list[str]] = {}
    for alias, field in FIELD_ALIASES.items():
        aliases.setdefault(field, []).append(alias)
    p.add_plugin(qparser.FieldAliasPlugin(aliases))
    return p


def parse_text(schema: Any, text: str, fields: tuple[str, ...]) -> Any:
    """The user's query in Whoosh syntax; unknown fields and unbalanced quotes are errors."""
    for m in re.finditer(r"(?<![\w\"])(\w+):(?=\S)", text):
        if m.group(1).lower() not in KNOWN_FIELDS:
            raise QueryError(f"unknown field {m.group(1)!r} in the query; fields are: "
                             f"{', '.join(USER_FIELDS)}")
    if text.count('"') % 2:
        raise QueryError('unbalanced " in the query: close the phrase, e.g. "Minsk Group"')
    if text.count("(") != text.count(")"):
        raise QueryError("unbalanced parenthesis in the query")
    try:
        q = _parser(schema, fields).parse(text)
    except Exception as e:  # whoosh's parser has its own exception zoo
        raise QueryError(f"cannot read the query {text!r}: {e}") from None
    if q is None or q is query.NullQuery:
        raise QueryError(f"the query {text!r} has no searchable words")
    return q


def _filters(s: Any, schema: Any, req: SearchRequest, kind: str, q: Any) -> tuple[Any, list[str]]:
    """The filter query for the request's options, and notices about what they excluded."""
    parts: list[Any] = [query.Term("kind", kind)]
    if req.outlets:
        parts.append(query.Or([query.Term("outlet_key", o.lower()) for o in req.outlets]))
    if req.speaker:
        parts.append(speaker_filter(schema, req.speaker, req.aliases))
    notices: list[str] = []
    if req.after or req.before:
        undated = query.And([q, *parts, query.Term("dated", "n")])
        n = len(s.search(undated, limit=1))
        if n:
            opts = " and ".join(o for o, v in (("--after", req.after), ("--before", req.before)) if v)
            what = "quotation" if kind == QUOTE else "article"
            notices.append(f"{n} matching {what}{'s' if n != 1 else ''} without a date "
                           f"{'were' if n != 1 else 'was'} excluded by {opts}")
        parts.append(query.NumericRange("date", date_to_int(req.after), date_to_int(req.before)))
    return query.And(parts), notices


def _sorting(req: SearchRequest) -> dict[str, Any]:
    if req.sort == "relevance":
        return {"limit": req.limit}
    return {"limit": req.limit, "sortedby": "date", "reverse": req.sort == "newest"}


def _facets(s: Any, q: Any, flt: Any) -> Facets:
    """Counts over the whole matching set, not only the page shown."""
    outlets: Counter[str] = Counter()
    speakers: Counter[str] = Counter()  # by folded name: Erdogan and Erdoğan are one speaker
    spellings: dict[str, Counter[str]] = {}
    months: Counter[str] = Counter()
    for docnum in s.search(within(q, flt), limit=None).docs():
        f = s.stored_fields(docnum)
        outlets[f.get("outlet") or "unknown"] += 1
        for name in f.get("speakers") or ():
            key = fold(name)
            speakers[key] += 1
            spellings.setdefault(key, Counter())[name] += 1
        d = f.get("date")
        months[f"{int(d) // 10000:04d}-{int(d) // 100 % 100:02d}" if d else "undated"] += 1
    by_speaker = {spellings[k].most_common(1)[0][0]: n for k, n in speakers.most_common()}
    return Facets(dict(outlets.most_common()), by_speaker, dict(sorted(months.items())))


def fold(name: str) -> str:
    """Case- and accent-free form of a name, as the speaker field indexes it."""
    return " ".join(t for t, _s, _e in name_tokens(name))


def highlight_spec(q: Any, reader: Any, fields: tuple[str, ...]) -> tuple[set[str], list[tuple[str, ...]]]:
    """Terms and phrases a query asks for in `fields`, as plain strings (NOT clauses left out)."""
    terms: set[str] = set()
    phrases: list[tuple[str, ...]] = []

    def walk(node: Any) -> None:
        if isinstance(node, query.Not):
            return
        if isinstance(node, query.Phrase):
            if node.fieldname in fields:
                if node.slop <= 1:
                    phrases.append(tuple(node.words))
                else:
                    terms.update(node.words)
            return
        if isinstance(node, query.Term):
            if node.fieldname in fields:
                terms.add(str(node.text))
            return
        if isinstance(node, (query.Wildcard, query.Prefix, query.FuzzyTerm, query.Variations)):
            if node.fieldname in fields:
                for _f, t in node.existing_terms(reader, expand=True):
                    terms.add(t.decode("utf-8") if isinstance(t, bytes) else str(t))
            return
        for child in node.children():
            walk(child)

    walk(q)
    return terms, phrases
