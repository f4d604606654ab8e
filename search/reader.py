"""The reading side of the engine seam: opening an index and reading stored documents.

All Whoosh reading goes through here, and returns plain dataclasses, never Whoosh objects.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

from whoosh import index as whoosh_index

from kcsearch.index import storage
from kcsearch.index.model import Quote
from kcsearch.index.schema import date_to_int

from .errors import IndexUnusableError
from .query import QueryError, SearchRequest
from .results import Document, Hit, SearchResult


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


class WhooshReader:
    """An open, current index. Raises IndexUnusableError (with a next step) when it is not."""

    def __init__(self, index_dir: Path) -> None:
        meta = storage.read_meta(index_dir)
        storage.check_current(meta, index_dir)
        try:
            self.ix = whoosh_index.open_dir(str(index_dir), indexname=meta.indexname)
        except Exception as e:  # whoosh raises many kinds on damaged files
            raise IndexUnusableError(
                f"the index at {index_dir} is damaged ({type(e).__name__}); "
                "rebuild it with: kcsearch index --rebuild CORPUS_DIR") from None
        self.index_dir = index_dir

    def count(self) -> int:
        return int(self.ix.doc_count())

    def documents(self) -> list[Document]:
        with self.ix.searcher() as s:
            return sorted((to_document(f) for f in s.all_stored_fields()), key=lambda d: d.id)

    def get(self, doc_id: str) -> Document | None:
        with self.ix.searcher() as s:
            f = s.document(id=doc_id)
            return to_document(f) if f else None

    def outlets(self) -> list[str]:
        with self.ix.searcher() as s:
            return sorted({f["outlet"] for f in s.all_stored_fields() if f.get("outlet")})

    def search(self, req: SearchRequest) -> SearchResult:
        return run_search(self.ix, req)

    def close(self) -> None:
        self.ix.close()


# --- searching ----------------------------------------------------------------------------

TEXT_FIELDS = ("title", "headings", "body", "quote_text")
FIELD_ALIASES = {"speaker": "speaker", "speakers": "speaker", "quote": "quote_text",
                 "quotes": "quote_text", "heading": "headings"}
KNOWN_FIELDS = {*TEXT_FIELDS, "outlet", "author", "speaker", *FIELD_ALIASES}
TITLE_FALLBACK_CHARS = 100


def _parser(schema: Any) -> Any:
    from whoosh import qparser

    p = qparser.MultifieldParser(list(TEXT_FIELDS), schema,
                                 fieldboosts={"title": 2.0, "headings": 1.2})
    p.add_plugin(qparser.FuzzyTermPlugin())
    p.add_plugin(qparser.FieldAliasPlugin({v: [k] for k, v in FIELD_ALIASES.items() if k != v}))
    return p


def highlight_spec(q: Any, reader: Any) -> tuple[set[str], list[tuple[str, ...]]]:
    """Body terms and phrases a query asks for, as plain strings (NOT clauses left out)."""
    from whoosh import query

    terms: set[str] = set()
    phrases: list[tuple[str, ...]] = []

    def walk(node: Any) -> None:
        if isinstance(node, query.Not):
            return
        if isinstance(node, query.Phrase):
            if node.fieldname in TEXT_FIELDS:
                if node.slop <= 1:
                    phrases.append(tuple(node.words))
                else:
                    terms.update(node.words)
            return
        if isinstance(node, query.Term) and node.fieldname in TEXT_FIELDS:
            terms.add(str(node.text))
            return
        if isinstance(node, (query.Wildcard, query.Prefix, query.FuzzyTerm, query.Variations)):
            if node.fieldname in TEXT_FIELDS:
                for _f, t in node.existing_terms(reader, expand=True):
                    terms.add(t.decode("utf-8") if isinstance(t, bytes) else str(t))
            return
        for child in node.children():
            walk(child)

    walk(q)
    return terms, phrases


def display_title(title: str | None, body: str) -> str:
    """The headline, or the article's first sentence when it has none."""
    if title:
        return title
    first = re.split(r"(?<=[.!?])\s", body.strip(), maxsplit=1)[0]
    if len(first) <= TITLE_FALLBACK_CHARS:
        return first
    return first[:TITLE_FALLBACK_CHARS].rsplit(" ", 1)[0] + "…"


def run_search(ix: Any, req: SearchRequest) -> SearchResult:
    from whoosh import query
    from whoosh.qparser import QueryParser

    from kcsearch.index.schema import tokens

    from .snippets import make_snippets, match_spans

    q = parse_text(ix, req.text)
    filters: list[Any] = []
    if req.outlets:
        filters.append(query.Or([query.Term("outlet_key", o.lower()) for o in req.outlets]))
    if req.speaker:
        sq = QueryParser("speaker", ix.schema).parse(f'"{req.speaker.replace(chr(34), "")}"')
        filters.append(sq)
    notices: list[str] = []
    with ix.searcher() as s:
        if req.after or req.before:
            undated = query.And([q, *filters, query.Not(query.Every("date"))]) if filters else \
                query.And([q, query.Not(query.Every("date"))])
            n = len(s.search(undated, limit=None))
            if n:
                opts = " and ".join(o for o, v in (("--after", req.after), ("--before", req.before)) if v)
                notices.append(f"{n} matching article{'s' if n != 1 else ''} without a date "
                               f"{'were' if n != 1 else 'was'} excluded by {opts}")
            filters.append(query.NumericRange("date", date_to_int(req.after), date_to_int(req.before)))
        flt = query.And(filters) if filters else None
        kwargs: dict[str, Any] = {"limit": req.limit, "filter": flt}
        if req.sort != "relevance":
            kwargs["sortedby"] = "date"
            kwargs["reverse"] = req.sort == "newest"
        results = s.search(q, **kwargs)
        terms, phrases = highlight_spec(q, s.reader())
        hits = []
        for r in results:
            f = r.fields()
            body = f.get("body") or ""
            spans = match_spans(tokens(body), terms, phrases, body)
            hits.append(Hit(
                id=f["id"], title=display_title(f.get("title"), body),
                outlet=f.get("outlet") or None, date=_date(f.get("date")),
                author=f.get("author") or None, score=float(r.score or 0.0),
                snippets=tuple(make_snippets(body, spans)),
            ))
        return SearchResult(req.text, len(results), tuple(hits), tuple(notices))


def parse_text(ix: Any, text: str) -> Any:
    """The user's query in Whoosh syntax; unknown fields and unbalanced quotes are errors."""
    for m in re.finditer(r"(?<![\w\"])(\w+):(?=\S)", text):
        if m.group(1).lower() not in KNOWN_FIELDS:
            raise QueryError(f"unknown field {m.group(1)!r} in the query; fields are: "
                             f"{', '.join(sorted({'title', 'outlet', 'author', 'speaker', 'quote'}))}")
    if text.count('"') % 2:
        raise QueryError('unbalanced " in the query: close the phrase, e.g. "Minsk Group"')
    if text.count("(") != text.count(")"):
        raise QueryError("unbalanced parenthesis in the query")
    q = _parser(ix.schema).parse(text)
    if q is None or str(q) == "<_NullQuery>":
        raise QueryError(f"the query {text!r} has no searchable words")
    return q
