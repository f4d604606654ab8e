"""Typed, immutable results the API returns (never engine objects)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from kcsearch.index.records import record
from kcsearch.index.speakers import speaker_key

from .snippets import Snippet

if TYPE_CHECKING:
    from kcsearch.index.model import Quote

    from .provenance import QuoteGroup


@record
class Document:
    """One indexed article as stored: what `kcsearch show` prints."""

    id: str
    path: str
    title: str | None
    outlet: str | None
    url: str | None
    date: dt.date | None
    date_source: str
    author: str | None
    contributors: tuple[str, ...]
    headings: tuple[str, ...]
    body: str
    quotes: tuple[Quote, ...]
    speakers: tuple[str, ...]
    content_hash: str
    stale_banner: bool
    format: str
    encoding: str = "utf-8"
    from_metadata: tuple[str, ...] = ()  # fields whose value sources.toml gave
    corrections: tuple[str, ...] = ()  # corrections and editor's notes, shown first
    agency: str | None = None  # the agency credited beside the outlet
    modified: dt.date | None = None  # the updated date, apart from the published one
    # where each field came from: (("outlet", "html"), ("date", "text"), ...)
    sources: tuple[tuple[str, str], ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id, "path": self.path, "title": self.title, "outlet": self.outlet,
            "url": self.url, "date": self.date.isoformat() if self.date else None,
            "date_source": self.date_source, "author": self.author,
            "contributors": list(self.contributors), "headings": list(self.headings),
            "body": self.body, "quotes": [q.to_dict() for q in self.quotes],
            "speakers": list(self.speakers), "content_hash": self.content_hash,
            "stale_banner": self.stale_banner, "format": self.format, "encoding": self.encoding,
            "from_metadata": list(self.from_metadata), "corrections": list(self.corrections),
            "agency": self.agency, "modified": self.modified.isoformat() if self.modified else None,
            "sources": dict(self.sources),
        }


@record
class AlsoCarried:
    """Another article in the same story cluster that also matched."""

    id: str
    outlet: str | None
    date: dt.date | None

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "outlet": self.outlet,
                "date": self.date.isoformat() if self.date else None}


@record
class Similar:
    """An article telling the same story, for `kcsearch similar`."""

    id: str
    title: str
    outlet: str | None
    date: dt.date | None
    overlap: float  # estimated share of shared wording (dedup.overlap)
    same_cluster: bool

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "title": self.title, "outlet": self.outlet,
                "date": self.date.isoformat() if self.date else None, "overlap": self.overlap,
                "same_cluster": self.same_cluster}


@record(many=True)
class Hit:
    """One article on a results page: one per story cluster, with its snippets."""

    id: str
    title: str
    outlet: str | None
    date: dt.date | None
    author: str | None
    score: float
    snippets: tuple[Snippet, ...]
    names: tuple[str, ...] = ()  # how this article spells the alias-group names searched for
    cluster: str = ""  # story cluster id: wire copies and rewrites share it
    also: tuple[AlsoCarried, ...] = ()  # other matching articles of the cluster (collapsed)
    corrected: bool = False  # the article carries a correction or an editor's note
    url: str | None = None  # the article's address, when known

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id, "title": self.title, "outlet": self.outlet, "url": self.url,
            "date": self.date.isoformat() if self.date else None, "author": self.author,
            "score": round(self.score, 4), "corrected": self.corrected,
            "snippets": [{"text": s.text, "highlights": [list(h) for h in s.highlights]}
                         for s in self.snippets],
            "names": list(self.names),
            "cluster": self.cluster,
            "also": [a.to_dict() for a in self.also],
        }


@record
class Facets:
    """Counts over every matching article: by outlet, by quoted speaker, by month."""

    outlet: dict[str, int]
    speaker: dict[str, int]
    month: dict[str, int]  # "2020-09" -> n; "undated" for articles without a date

    def to_dict(self) -> dict[str, dict[str, int]]:
        return {"outlet": self.outlet, "speaker": self.speaker, "month": self.month}


@record
class SearchResult:
    """What a search returns: the page of hits, the total and any notices."""

    query: str
    total: int
    hits: tuple[Hit, ...]
    notices: tuple[str, ...] = ()  # e.g. "2 articles without a date were excluded by --after"
    facets: Facets | None = None  # only when asked for
    page: int = 1

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"query": self.query, "total": self.total, "page": self.page,
                             "hits": [h.to_dict() for h in self.hits]}
        if self.facets is not None:
            d["facets"] = self.facets.to_dict()
        return d


@record(many=True)
class QuoteHit:
    """One quotation found by a quotes search, with who said it and where."""

    id: str  # the article's id
    speaker: str | None
    role: str | None
    text: str
    outlet: str | None
    date: dt.date | None
    highlights: tuple[tuple[int, int], ...]  # [start, end) offsets into text
    short: bool = False  # one or two words, or a title: a scare quote more than a quotation
    speaker_kind: str | None = None  # "person", "org", "unnamed"; None with no speaker
    # how the speaker was found (index.model.Quote.how): rule, cue, clause, antecedent
    how: dict[str, Any] | None = None
    url: str | None = None  # the article's address, when known

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "speaker": self.speaker, "role": self.role, "text": self.text,
                "outlet": self.outlet, "url": self.url,
                "date": self.date.isoformat() if self.date else None,
                "highlights": [list(h) for h in self.highlights], "short": self.short,
                "speaker_kind": self.speaker_kind, "speaker_key": speaker_key(self.speaker),
                "how": self.how}


@record
class QuoteResult:
    """What a quotes search returns: the quotations, and for each its other carriers."""

    query: str | None
    total: int
    quotes: tuple[QuoteHit, ...]
    notices: tuple[str, ...] = ()
    # the shown quotations grouped with their other carriers and variants (provenance.py)
    groups: tuple[QuoteGroup, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {"query": self.query, "total": self.total,
                "quotes": [q.to_dict() for q in self.quotes],
                "groups": [g.to_dict() for g in self.groups]}
