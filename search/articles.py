"""Article search: a ranking read a page at a time, wire copies collapsed into one story each
(with the other articles that carried it), snippets, and facets over the whole matching set."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Iterable

from kcsearch.index.engine import Row
from kcsearch.index.schema import ARTICLE
from kcsearch.index.speakers import speaker_key

from . import syntax as sx
from .highlight import highlight_spec
from .query import SearchRequest
from .results import AlsoCarried, Facets, Hit, SearchResult
from .rewrite import expand_aliases, restrictions, spellings_used
from .rows import display_title, fold, stored_date
from .session import Session, pinned
from .snippets import find_snippets

ARTICLE_FIELDS = sx.TEXT_FIELDS
COLLAPSE_FETCH = 3  # raw hits fetched per shown hit when story clusters are collapsed


@pinned
def search(session: Session, req: SearchRequest, facets: bool = False, expand: bool = False) -> SearchResult:
    """The request's page of hits, best (or newest, oldest) first, with snippets."""
    typed = sx.parse(req.text, ARTICLE_FIELDS)
    q, groups = expand_aliases(typed, ARTICLE_FIELDS) if req.aliases else (typed, [])
    # pages before this one are ranked (and collapsed) too, to know where this one starts;
    # with clusters collapsed a page needs more raw hits than it shows
    skip = (req.page - 1) * req.limit
    shown = skip + req.limit
    fetch = shown if expand else shown * COLLAPSE_FETCH
    flt, notices = restrictions(session, req, ARTICLE, q)
    more: Callable[[int], list[tuple[float, Row]]] | None = None  # later rows, as needed
    if groups and req.sort == "relevance":
        # articles using the name as typed first, then those found through an alias
        exact = session.s.search(typed, flt, fetch)
        rest = session.s.search(sx.and_(q, sx.Not(typed)), flt, max(fetch - len(exact.rows), 1))
        found = [*exact.rows, *rest.rows][:fetch]
        total = exact.total + rest.total
    elif req.sort == "relevance" and not expand:
        pager = Pager(session, q, flt, shown, fetch)
        total, found, more = pager.total, pager.rows, pager.more
    else:
        total, found = session.ranked(q, flt, req.sort, fetch)
    page, also = collapse(session, q, flt, found, req.limit, more, skip) if not expand else (
        list(found)[skip:shown], {})
    spec = highlight_spec(q, ARTICLE_FIELDS)
    hits = []
    for score, f in page:
        body = f.get("body") or ""
        terms, phrases, found = spec.in_text(body)
        hits.append(Hit(
            id=f["id"], title=display_title(f.get("title"), body),
            outlet=f.get("outlet") or None, date=stored_date(f.get("date")),
            author=f.get("author") or None, score=score,
            snippets=tuple(find_snippets(body, found, terms, phrases)),
            names=tuple(spellings_used(body, groups)),
            cluster=f.get("cluster") or f["id"],
            also=tuple(also.get(f["id"], ())),
            corrected=bool(f.get("corrections")),
            url=f.get("url") or None,
        ))
    counts = facets_of(session, q, flt) if facets else None
    return SearchResult(req.text, total, tuple(hits), tuple(notices), counts, req.page)


class Pager:
    """A relevance ranking read as a page needs it: `rows` holds the first `first` matches
    and `total` counts them all; more(n) reads the next n (up to `most` in all). One hit is
    shown per story cluster, so a page whose hits share clusters needs a few rows more: only
    those are read (read a page at a time, a look one row past a full page cost a whole
    second page: bench/README.md, "Rows read as needed")."""

    def __init__(self, session: Session, q: sx.Node, flt: sx.Node, first: int, most: int) -> None:
        self.session, self.q, self.flt, self.most = session, q, flt, most
        found = session.s.search(q, flt, first, ahead=most - first)
        self.total, self.rows = found.total, found.rows
        self.got, self.done = len(found.rows), len(found.rows) < first

    def more(self, n: int) -> list[tuple[float, Row]]:
        n = min(n, self.most - self.got)
        if self.done or n <= 0:
            return []
        rows = self.session.s.search(self.q, self.flt, n, offset=self.got, count=False).rows
        self.got, self.done = self.got + len(rows), len(rows) < n
        return rows


def collapse(session: Session, q: sx.Node, flt: sx.Node, found: Iterable[tuple[float, Row]],
             limit: int, more: Callable[[int], list[tuple[float, Row]]] | None = None, skip: int = 0
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
    shared = [c for c in first_of if session.s.doc_frequency("cluster", c) > 1]
    if shared:  # one search for the other matching members of every cluster shown
        in_clusters = sx.or_(*(sx.Term("cluster", c) for c in shared))
        shown = sx.Not(sx.or_(*(sx.Term("id", first_of[c]) for c in shared)))
        for _score, m in session.s.search(q, sx.and_(flt, in_clusters, shown), limit=None,
                                       count=False).rows:
            also[first_of[m.get("cluster") or m["id"]]].append(
                AlsoCarried(m["id"], m.get("outlet") or None, stored_date(m.get("date"))))
    for members in also.values():
        members.sort(key=lambda a: (a.date or dt.date.max, a.id))
    return page, also

def facets_of(session: Session, q: sx.Node, flt: sx.Node) -> Facets:
    """Counts over the whole matching set, not only the page shown."""
    outlets: Counter[str] = Counter()
    speakers: Counter[str] = Counter()  # by folded name: Erdogan and Erdoğan are one speaker
    spellings: dict[str, Counter[str]] = {}
    months: Counter[str] = Counter()
    for _score, f in session.s.search(q, flt, limit=None).rows:
        outlets[f.get("outlet") or "unknown"] += 1
        for name in f.get("speakers") or ():
            key = speaker_key(name) or fold(name)
            speakers[key] += 1
            spellings.setdefault(key, Counter())[name] += 1
        d = f.get("date")
        months[f"{int(d) // 10000:04d}-{int(d) // 100 % 100:02d}" if d else "undated"] += 1
    # a surname alone ("Peskov") is the one full name in the set ending in it
    for key in [k for k in speakers if " " not in k]:
        fuller = [k for k in speakers if " " in k and k.rsplit(" ", 1)[-1] == key]
        if len(fuller) == 1:
            speakers[fuller[0]] += speakers.pop(key)
            spellings[fuller[0]].update(spellings.pop(key))
    by_speaker = {max(spellings[k], key=lambda s: (len(s.split()), spellings[k][s])): n
                  for k, n in speakers.most_common()}
    return Facets(dict(outlets.most_common()), by_speaker, dict(sorted(months.items())))


