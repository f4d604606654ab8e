"""Saved searches ("tell me when a new article mentions Lachin + blockade"): a name, a query
and its filters, and the articles it has already shown, kept in the index folder
(watches.json). Showing them lists, per saved search, the matching articles not shown
before, and marks them shown. Changes are made under a lock and written atomically, so
concurrent runs never lose one another's; the file is untrusted (a handed-over index) and
read with a size limit and checked entry by entry.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import TYPE_CHECKING, Any

from kcsearch.index import storage
from kcsearch.index.records import record

from .query import MAX_LIMIT, QueryError

if TYPE_CHECKING:
    from .api import Corpus
    from .results import Hit

MAX_WATCHES = 200
MAX_BYTES = 50_000_000
NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,63}")
FILTERS = ("after", "before", "until", "outlets", "speaker", "exact_names")


@record
class Watch:
    """A saved search: its name, query and filters, and the articles it has shown."""

    name: str
    query: str
    filters: dict[str, Any]
    created: str
    seen: frozenset[str]

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "query": self.query, "filters": self.filters,
                "created": self.created, "seen": len(self.seen)}


@record
class WatchNews:
    """What a saved search found that it had not shown before."""

    watch: Watch
    new: tuple[Hit, ...]
    total: int  # articles matching now

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.watch.name, "query": self.watch.query, "filters": self.watch.filters,
                "total": self.total, "new": [h.to_dict() for h in self.new]}


def _load(corpus: Corpus) -> dict[str, Watch]:
    text = storage.read_watches(corpus.index_dir, MAX_BYTES)
    if text is None:
        return {}
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):
        data = None
    if not isinstance(data, dict) or not isinstance(data.get("watches"), dict):
        raise QueryError(f"the saved searches in {corpus.index_dir / storage.WATCH_FILE} are "
                         "damaged; remove that file to start again")
    out = {}
    for name, w in list(data["watches"].items())[:MAX_WATCHES]:
        if (isinstance(name, str) and NAME.fullmatch(name) and isinstance(w, dict)
                and isinstance(w.get("query"), str) and isinstance(w.get("filters", {}), dict)
                and isinstance(w.get("seen", []), list)):
            filters = {k: v for k, v in w.get("filters", {}).items() if k in FILTERS}
            out[name] = Watch(name, w["query"], filters, str(w.get("created", "")),
                              frozenset(s for s in w.get("seen", []) if isinstance(s, str)))
    return out


def _save(corpus: Corpus, watches: dict[str, Watch]) -> None:
    data = {"version": 1, "watches": {
        w.name: {"query": w.query, "filters": w.filters, "created": w.created,
                 "seen": sorted(w.seen)} for w in watches.values()}}
    storage.write_watches(corpus.index_dir, json.dumps(data, ensure_ascii=False))


def _matches(corpus: Corpus, query: str, filters: dict[str, Any]) -> list[Hit]:
    """Every article the saved search matches now, newest first (every copy of a story)."""
    return list(corpus.search(query, limit=MAX_LIMIT, sort="newest", expand=True,
                              **filters).hits)


def add(corpus: Corpus, name: str, query: str, **filters: Any) -> tuple[Watch, int]:
    """Save a search; the articles it matches now count as shown (a watch reports what comes
    after). Returns it and how many articles match now."""
    if not isinstance(name, str) or not NAME.fullmatch(name):
        raise QueryError(f"a saved search's name is letters, digits, '-', '_' or '.' (up to 64), "
                         f"not {name!r}")
    filters = {k: v for k, v in filters.items() if k in FILTERS and v not in (None, (), [], False)}
    if "outlets" in filters:
        filters["outlets"] = list(filters["outlets"])
    hits = _matches(corpus, query, filters)  # a bad query or filter fails here, saving nothing
    with storage.watch_lock(corpus.index_dir):
        watches = _load(corpus)
        if name in watches:
            raise QueryError(f"a saved search named {name!r} exists; remove it first: "
                             f"kcsearch watch remove {name}")
        if len(watches) >= MAX_WATCHES:
            raise QueryError(f"kcsearch keeps up to {MAX_WATCHES} saved searches")
        watch = Watch(name, query, filters, dt.date.today().isoformat(),
                      frozenset(h.id for h in hits))
        _save(corpus, {**watches, name: watch})
    return watch, len(hits)


def remove(corpus: Corpus, name: str) -> None:
    with storage.watch_lock(corpus.index_dir):
        watches = _load(corpus)
        if name not in watches:
            raise QueryError(f"no saved search named {name!r}; kcsearch watch list shows them")
        del watches[name]
        _save(corpus, watches)


def listing(corpus: Corpus) -> list[Watch]:
    return sorted(_load(corpus).values(), key=lambda w: w.name)


def news(corpus: Corpus, mark: bool = True) -> list[WatchNews]:
    """Per saved search, the matching articles it has not shown; with `mark`, they count as
    shown from now on (another run's marks, made meanwhile, are kept)."""
    found = []
    for watch in listing(corpus):
        hits = _matches(corpus, watch.query, watch.filters)
        found.append(WatchNews(watch, tuple(h for h in hits if h.id not in watch.seen), len(hits)))
    if mark and any(n.new for n in found):
        with storage.watch_lock(corpus.index_dir):
            now = _load(corpus)  # as it is now: a concurrent add or remove is kept
            for n in found:
                if n.watch.name in now and n.new:
                    w = now[n.watch.name]
                    now[w.name] = Watch(w.name, w.query, w.filters, w.created,
                                        w.seen | {h.id for h in n.new})
            _save(corpus, now)
    return found
