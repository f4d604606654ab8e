"""Typed, immutable results the API returns (never engine objects)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from kcsearch.index.model import Quote


@dataclass(frozen=True)
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

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id, "path": self.path, "title": self.title, "outlet": self.outlet,
            "url": self.url, "date": self.date.isoformat() if self.date else None,
            "date_source": self.date_source, "author": self.author,
            "contributors": list(self.contributors), "headings": list(self.headings),
            "body": self.body, "quotes": [q.to_dict() for q in self.quotes],
            "speakers": list(self.speakers), "content_hash": self.content_hash,
            "stale_banner": self.stale_banner, "format": self.format,
        }
