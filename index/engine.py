"""The writing side of the engine seam. Everything Whoosh-specific about writing is here; the
incremental logic in writer.py talks only to EngineWriter, so a second engine (tantivy) needs
one more class, not changes elsewhere.
"""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Protocol

from whoosh import index as whoosh_index
from whoosh import query
from whoosh.writing import IndexWriter

from .dedup import MAX_CANDIDATES, MAX_KEY_DOCS, bands
from .errors import IndexUnusableError
from .model import Article
from .schema import ARTICLE, build_schema, quote_fields, to_fields


class EngineWriter(Protocol):
    def stored(self) -> dict[str, tuple[str, str]]:
        """id -> (fingerprint, root) of every stored document."""
        ...

    def neighbours(self, article: Article) -> list[tuple[str, tuple[int, ...], str]]:
        """(id, signature, cluster) of stored articles sharing LSH keys with it, best first."""
        ...

    def add(self, article: Article) -> None: ...
    def replace(self, article: Article) -> None: ...
    def delete(self, doc_id: str) -> None: ...
    def commit(self) -> bool:
        """Make all changes visible at once; False if there were none (nothing written)."""
        ...

    def cancel(self) -> None: ...


class WhooshWriter:
    """Writes one named Whoosh index inside an index directory.

    Whoosh commits by writing new segment files and then renaming a new table of contents into
    place, so an interrupted run leaves the previous generation readable. The writer is opened
    only at the first change: a run over an unchanged corpus writes nothing.
    """

    def __init__(self, index_dir: Path, indexname: str, create: bool, procs: int = 1) -> None:
        self.procs = procs
        self.indexname = indexname
        try:
            if create:
                self.ix = whoosh_index.create_in(str(index_dir), build_schema(), indexname=indexname)
            else:
                self.ix = whoosh_index.open_dir(str(index_dir), indexname=indexname)
        except (OSError, whoosh_index.EmptyIndexError, ValueError, EOFError) as e:
            raise IndexUnusableError(f"cannot open the index in {index_dir}: {e}") from None
        self._writer: IndexWriter | None = None

    def stored(self) -> dict[str, tuple[str, str]]:
        with self.ix.searcher() as s:
            return {f["id"]: (f.get("fingerprint", ""), f.get("root", ""))
                    for f in s.all_stored_fields() if f.get("kind") == ARTICLE}

    def neighbours(self, article: Article) -> list[tuple[str, tuple[int, ...], str]]:
        keys = bands(article.signature) if article.signature else []
        if not keys:
            return []
        with self.ix.searcher() as s:
            keys = [k for k in keys if s.doc_frequency("lsh", k) <= MAX_KEY_DOCS]
            if not keys:
                return []
            q = query.Or([query.Term("lsh", k) for k in keys])
            return [(f["id"], tuple(f.get("signature") or ()), f.get("cluster") or f["id"])
                    for f in (r.fields() for r in s.search(q, limit=MAX_CANDIDATES + 1))
                    if f["id"] != article.id]

    def _w(self) -> IndexWriter:
        if self._writer is None:
            # several processes analyse documents in parallel for big runs (Whoosh's MpWriter)
            self._writer = (self.ix.writer(procs=self.procs, multisegment=False, limitmb=128)
                            if self.procs > 1 else self.ix.writer())
        return self._writer

    def add(self, article: Article) -> None:
        w = self._w()
        w.add_document(**to_fields(article))
        for doc in quote_fields(article):
            w.add_document(**doc)

    def replace(self, article: Article) -> None:
        self.delete(article.id)
        self.add(article)

    def delete(self, doc_id: str) -> None:
        self._w().delete_by_term("article", doc_id)  # the article and its quotes

    def commit(self) -> bool:
        if self._writer is None:
            return False
        self._writer.commit()
        self._writer = None
        return True

    def cancel(self) -> None:
        if self._writer is not None:
            with contextlib.suppress(Exception):
                self._writer.cancel()
            self._writer = None

    def close(self) -> None:
        self.cancel()
        self.ix.close()


def remove_index_files(index_dir: Path, indexname: str) -> None:
    """Delete a superseded Whoosh index's files (after a rebuild has been committed)."""
    for f in index_dir.iterdir():
        if f.name.startswith((f"_{indexname}_", f"{indexname}_")):
            with contextlib.suppress(OSError):
                f.unlink()
