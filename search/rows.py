"""Stored rows as typed values: what the engines hand back (plain dicts) turned into the
results kcsearch returns."""

from __future__ import annotations

import datetime as dt
import functools
import re
from typing import TYPE_CHECKING, Any

from kcsearch.index.schema import name_key

from .results import Document

if TYPE_CHECKING:
    from kcsearch.index.model import Quote

TITLE_FALLBACK_CHARS = 100
# a stored name folded for comparing (facets count Erdogan and Erdoğan as one; provenance
# folds every candidate's speaker), cached: the same few names come back all the time
fold = functools.lru_cache(maxsize=4096)(name_key)


def stored_date(value: Any) -> dt.date | None:
    if not value:
        return None
    v = int(value)
    return dt.date(v // 10000, v // 100 % 100, v % 100)


def stored_quote(stored: dict[str, Any]) -> Quote:
    """A stored quotation (the indexing data model loads only for commands that show quotes)."""
    from kcsearch.index.model import Quote

    return Quote.from_dict(stored)


def to_document(f: dict[str, Any]) -> Document:
    quotes = tuple(map(stored_quote, f.get("quotes") or ()))
    return Document(
        id=f["id"],
        path=f.get("path") or "",
        title=f.get("title") or None,
        outlet=f.get("outlet") or None,
        url=f.get("url") or None,
        date=stored_date(f.get("date")),
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
        encoding=f.get("encoding") or "utf-8",
        from_metadata=tuple(f.get("from_metadata") or ()),
        corrections=tuple(f.get("corrections") or ()),
        agency=f.get("agency") or None,
        modified=_iso_date(f.get("modified")),
        sources=tuple(tuple(s.split(":", 1)) for s in f.get("field_sources") or ()  # type: ignore[misc]
                      if isinstance(s, str) and ":" in s),
    )


def display_title(title: str | None, body: str) -> str:
    """The headline, or the article's first sentence when it has none."""
    if title:
        return title
    first = re.split(r"(?<=[.!?])\s", body.strip(), maxsplit=1)[0]
    if len(first) <= TITLE_FALLBACK_CHARS:
        return first
    return first[:TITLE_FALLBACK_CHARS].rsplit(" ", 1)[0] + "…"


def _iso_date(value: object) -> dt.date | None:
    """A stored ISO date ("2020-10-10"), or None for none or anything else."""
    if not isinstance(value, str) or not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None
