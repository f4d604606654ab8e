"""The engine seam: one writer and one searcher per engine, and nothing else engine-specific.

Everything above this seam (cleaning, extraction, the incremental logic in writer.py, query
parsing in syntax.py, ranking tiers, snippets, checks, the CLI) works on plain data: Article
in, query trees (kcsearch.syntax) and stored-field dicts out. An engine module is imported
only when an index of that engine is opened, so a search never loads the other engine.

Engines:
    whoosh   pure Python, no native code; the default
    tantivy  Rust (PyPI tantivy): much faster indexing and search at 10k+ articles
"""

from __future__ import annotations

import contextlib
import importlib
import importlib.util
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from .records import record

if TYPE_CHECKING:
    from kcsearch.syntax import Node

    from .model import Article

ENGINES = ("whoosh", "tantivy")
DEFAULT_ENGINE = "whoosh"
Row = dict[str, Any]  # a document's stored fields, as schema.to_fields / quote_fields made them


@record
class Found:
    """One page of an engine's matches, in plain data: the seam hands no engine types on."""

    total: int  # every match, not only the rows returned
    rows: list[tuple[float, Row]]  # (score, stored fields), best (or first in sort order) first


class EngineSearcher(Protocol):
    """Reads the last committed generation of an index."""

    def search(self, q: Node, restrict: Node | None = None, limit: int | None = 10,
               sort: str | None = None, offset: int = 0, count: bool = True, ahead: int = 0) -> Found:
        """Matches of `q` among documents matching `restrict` (which adds nothing to scores).

        limit None returns every match. sort None ranks by relevance; "date" orders by
        (date, id) ascending, "-date" by (date, id) descending: only dated documents may be
        sorted (undated ones have no place in that order). offset skips that many of the
        best matches (relevance order only), to read a ranking page by page. count False
        leaves Found.total uncounted (the rows returned): the engine may then skip documents
        that cannot make the page (2-3x faster for a wide OR at 100k articles). ahead: how
        many more matches the caller may read next, with offsets, in the same generation: the
        engine may rank them now and keep them for those calls."""
        ...

    def search_keyed(self, q: Node, key: str, limit: int, offset: int = 0) -> list[tuple[Any, int | None]]:
        """(handle, value of the number field `key`) of the matches search(q, None, limit,
        offset=offset, count=False) returns, in its order, without reading their stored fields
        where the engine keeps `key` apart: read() reads those a caller still wants."""
        ...

    def search_keyed_each(self, queries: list[Node], key: str, limit: int
                          ) -> list[list[tuple[Any, int | None]]]:
        """search_keyed(q, key, limit) for each query: an engine able to search on several
        threads at once does so."""
        ...

    def read(self, handles: list[Any]) -> list[Row]:
        """The stored fields of search_keyed() matches, in the same generation (pinned())."""
        ...

    def count(self, q: Node) -> int: ...
    def doc_frequency(self, field: str, term: str) -> int:
        """Documents containing the analysed `term` in `field` (for rarity weights)."""
        ...

    def get(self, doc_id: str) -> Row | None: ...
    def stored_files(self) -> dict[str, tuple[str, str]]:
        """Every article's id -> (fingerprint, root): what an incremental run compares. An
        engine may keep these apart, so a run over an unchanged corpus reads no bodies."""
        ...

    def pinned(self) -> AbstractContextManager[None]:
        """Within the block every call reads the generation that was current at its start:
        one check for a newer commit instead of one per call (a quotes command makes ~300)."""
        ...

    def close(self) -> None: ...


KEPT_RANKINGS = 64  # rankings kept for later pages of the same query, per index generation


class FollowsCommits:
    """pinned() for an engine searcher whose _searcher() moves to a newer commit while
    `follow` is set, and the relevance rankings it keeps for later pages (valid only for the
    generation they were ranked in)."""

    follow: bool
    _ranked: dict[Any, tuple[Any, int]]  # (query, restriction) -> (ranking, its depth)
    _ranked_in: Any = None  # the engine searcher (one generation) those rankings come from

    def _searcher(self) -> Any:
        raise NotImplementedError

    def _kept(self, searcher: Any, key: Any) -> tuple[Any, int] | None:
        """The ranking kept for `key` in the generation `searcher` reads, if any."""
        if self._ranked_in is not searcher:
            self._ranked, self._ranked_in = {}, searcher
        return self._ranked.get(key)

    def _keep(self, key: Any, ranking: Any, depth: int) -> None:
        if len(self._ranked) >= KEPT_RANKINGS:
            self._ranked.clear()
        self._ranked[key] = ranking, depth

    @contextlib.contextmanager
    def pinned(self) -> Iterator[None]:
        self._searcher()  # see the latest commit once
        following, self.follow = self.follow, False
        try:
            yield
        finally:
            self.follow = following


class EngineWriter(Protocol):
    """Collects changes and makes them visible all at once, or not at all."""

    def searcher(self) -> EngineSearcher:
        """A searcher over the last committed generation (for what is already stored)."""
        ...

    def add_encoded(self, encoded: Any, cluster: str) -> None:
        """Add an article as its engine module's encode() made it (in a worker process),
        with the story cluster the indexing process gave it."""
        ...

    def delete(self, doc_id: str) -> None:
        """Remove an article and its quotations."""
        ...

    def commit(self) -> bool:
        """Make all changes visible at once; False if there were none (nothing written)."""
        ...

    def cancel(self) -> None: ...
    def close(self) -> None: ...


def _module(engine: str) -> Any:
    if engine not in ENGINES:
        raise ValueError(f"unknown engine {engine!r}")
    return importlib.import_module(f".{engine}_engine", __package__)


def open_writer(engine: str, index_dir: Path, indexname: str, create: bool) -> EngineWriter:
    writer: EngineWriter = _module(engine).Writer(index_dir, indexname, create)
    return writer


def open_searcher(engine: str, index_dir: Path, indexname: str) -> EngineSearcher:
    searcher: EngineSearcher = _module(engine).Searcher(index_dir, indexname)
    return searcher


def encoder(engine: str) -> Callable[[Article], Any]:
    """The engine's encode(article): its documents in a picklable form the writer adds as
    they are, so analysis can run in the worker processes that clean the files."""
    encode: Callable[[Article], Any] = _module(engine).encode
    return encode


def remove_files(engine: str, index_dir: Path, indexname: str) -> None:
    """Delete a superseded index generation's files (after a rebuild has been committed)."""
    _module(engine).remove_files(index_dir, indexname)


def available(engine: str) -> bool:
    """Whether the engine's library is installed (tantivy is an optional extra)."""
    return importlib.util.find_spec(engine) is not None
