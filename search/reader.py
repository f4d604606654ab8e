"""The reading side of the engine seam: opening an index and reading stored documents.

All Whoosh reading goes through here, and returns plain dataclasses, never Whoosh objects.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from whoosh import index as whoosh_index

from kcsearch.index import storage
from kcsearch.index.model import Quote

from .errors import IndexUnusableError
from .results import Document


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

    def close(self) -> None:
        self.ix.close()
