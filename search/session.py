"""An open index, for reading: the engine searcher of its last commit and its stored
documents. The feature modules (articles, quotations, similar, evidence) each work through a
Session; the Corpus (api.py) opens one and composes them."""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from kcsearch.index import storage
from kcsearch.index.engine import EngineSearcher, Row, open_searcher
from kcsearch.index.schema import ARTICLE

from . import syntax as sx
from .errors import IndexDamagedError, IndexLockedError, IndexMissingError, IndexUnusableError
from .results import Document
from .rows import to_document

T = TypeVar("T")


def pinned(fn: Callable[..., T]) -> Callable[..., T]:
    """Run a function of a Session on one index generation, checked for a newer commit once."""
    @functools.wraps(fn)
    def run(session: Session, *args: Any, **kwargs: Any) -> T:
        with session.s.pinned():
            return fn(session, *args, **kwargs)
    return run


class Session:
    """An open, current index: the engine searcher of its last commit. Raises
    IndexUnusableError (with a next step) when the index cannot be read."""

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
        self.meta = meta
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
        if f and f.get("kind") == ARTICLE:
            return to_document(f)
        # damaged files can hide a document: "not found" only once the files check out
        problem, _read = storage.verify(self.index_dir, self.meta)
        if problem:
            raise IndexDamagedError(
                f"the index at {self.index_dir} is damaged ({problem}); rebuild it with: "
                "kcsearch index --rebuild CORPUS_DIR")
        return None

    def outlets(self) -> list[str]:
        return sorted({f["outlet"] for f in self._articles() if f.get("outlet")})

    def close(self) -> None:
        self.s.close()

    def ranked(self, q: sx.Node, flt: sx.Node, sort: str, limit: int
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
