"""The Whoosh engine: schema, writer and searcher. Pure Python, the default engine.

Whoosh commits by writing new segment files and then renaming a new table of contents into
place, so an interrupted run leaves the previous generation readable.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from whoosh import collectors, query
from whoosh import index as whoosh_index
from whoosh.analysis import Filter, RegexTokenizer
from whoosh.fields import BOOLEAN, ID, KEYWORD, NUMERIC, STORED, TEXT, Schema
from whoosh.filedb.filestore import FileStorage

from . import tree as s
from .engine import FollowsCommits, Found, Row
from .errors import IndexDamagedError, IndexUnusableError
from .schema import (
    ARTICLE,
    QUERY_FIELDS,
    STORED_FIELDS,
    TOKEN_PATTERN,
    name_term,
    quote_fields,
    term,
    to_fields,
)
from .whoosh_unpickle import install

install()  # Whoosh reads no pickle from an index folder that could run code

if TYPE_CHECKING:
    from whoosh.writing import IndexWriter  # loads with ix.writer(): a search needs none

    from .model import Article

RESTRICTION_BOOST = 1e-6  # filters add (almost) nothing to a document's score
RANKED_AHEAD = 3  # pages of a relevance ranking computed at once (see Searcher._top)
LAZY_CALLS = 3  # commands a reader runs reading segment files as needed (see Searcher)


class TermFilter(Filter):
    """Each word analysed by kcsearch's own rules (schema.py), as every engine indexes it."""

    def __init__(self, analyse: Any) -> None:
        self.analyse = analyse

    def __eq__(self, other: object) -> bool:
        return isinstance(other, TermFilter) and other.analyse is self.analyse

    def __call__(self, tokens: Iterator[Any]) -> Iterator[Any]:
        for t in tokens:
            t.text = self.analyse(t.text)
            yield t


def text_analyzer() -> Any:
    """Body, title, headings and quotes: folded and stemmed (schema.tokens does the same)."""
    return RegexTokenizer(TOKEN_PATTERN) | TermFilter(term)


def name_analyzer() -> Any:
    """Speakers, authors, outlets: folded, not stemmed (schema.name_tokens does the same)."""
    return RegexTokenizer(TOKEN_PATTERN) | TermFilter(name_term)


def build_schema() -> Schema:
    """Whoosh's schema: the searchable text and name fields from schema.QUERY_FIELDS (their
    weights are applied by the parser, not here), the rest listed below."""
    text, names = text_analyzer(), name_analyzer()
    searchable = {f.name: TEXT(analyzer=text if f.analysis == "text" else names,
                               stored=f.name in STORED_FIELDS, multitoken_query="phrase")
                  for f in QUERY_FIELDS}
    return Schema(
        **searchable,
        id=ID(stored=True, unique=True),  # article: its path; quote: "<article id>#q<n>"
        kind=ID(stored=True),  # "article" or "quote"
        article=ID(stored=True),  # the article a document belongs to (itself, for an article)
        root=ID(stored=True),
        path=STORED(),
        outlet_key=ID(stored=False),  # lower-cased canonical outlet, for exact filters
        url=STORED(),
        date=NUMERIC(int, bits=32, stored=True, sortable=True),  # YYYYMMDD: day resolution
        dated=ID(),  # "y" or "n"
        date_source=ID(stored=True),
        contributors=STORED(),
        quotation=TEXT(analyzer=text, phrase=False),  # quote documents only (schema.QUOTATION)
        sketch=STORED(),  # quote documents: sketch.sketch (schema.SKETCH)
        quotes=STORED(),  # Quote dicts: a list on an article, one on a quote document
        speakers=STORED(),  # the speakers as named, for display
        content_hash=ID(stored=True),
        fingerprint=STORED(),
        stale_banner=BOOLEAN(stored=True),
        format=ID(stored=True),
        encoding=STORED(),
        from_metadata=STORED(),
        corrections=STORED(),
        agency=STORED(),
        modified=STORED(),
        field_sources=STORED(),
        signature=STORED(),  # dedup.to_stored(dedup.signature)
        lsh=KEYWORD(),  # dedup.bands: finds near-duplicate candidates
        cluster=ID(stored=True),  # the story cluster (an article id)
    )


def compile_query(n: s.Node) -> Any:
    """A kcsearch query tree as a Whoosh query."""
    if isinstance(n, s.Term):
        return query.Term(n.field, n.text, boost=n.boost)
    if isinstance(n, s.Phrase):
        return query.Phrase(n.field, list(n.words), slop=n.slop, boost=n.boost)
    if isinstance(n, s.Fuzzy):
        return query.FuzzyTerm(n.field, n.text, boost=n.boost, maxdist=n.distance, prefixlength=1)
    if isinstance(n, s.Pattern):
        if n.pattern.endswith("*") and not any(c in "*?" for c in n.pattern[:-1]):
            return query.Prefix(n.field, n.pattern[:-1], boost=n.boost)
        return query.Wildcard(n.field, n.pattern, boost=n.boost)
    if isinstance(n, s.DateRange):
        return query.NumericRange("date", n.start, n.end)
    if isinstance(n, s.And):
        return query.And([compile_query(c) for c in n.children])
    if isinstance(n, s.Or):
        return query.Or([compile_query(c) for c in n.children])
    if isinstance(n, s.Not):
        return query.Not(compile_query(n.child))
    if isinstance(n, s.Every):
        return query.Every()
    raise TypeError(f"not a query node: {type(n).__name__}")  # never match all by mistake


class Searcher(FollowsCommits):
    """A Whoosh searcher, reused across calls and refreshed when an indexing run has committed
    since. Whoosh's readers are not safe on two threads (they share file positions): one
    thread at a time uses this one, each for a whole pinned() command.

    Whoosh maps a segment's file and copies each part it opens into memory, which touches the
    whole index and was most of a command-line search's time; reading the file as needed
    makes later searches slower instead. So a reader reads as needed for its first LAZY_CALLS
    commands (all a command-line process runs) and copies only when it keeps being used (the
    API). Figures: bench/README.md, "Whoosh reads lazily, then copies"."""

    def __init__(self, index_dir: Path, indexname: str, follow: bool = True) -> None:
        self.follow = follow  # refresh after commits (a writer's own searcher need not)
        self._where = (index_dir, indexname)
        self._local = threading.local()
        self._lock = threading.RLock()
        # a writer's own searcher reads every stored article: it copies from the start
        self._lazy, self._commands = follow, 0
        self.ix = self._open(mmap=not self._lazy)
        self._s: Any = None

    def _open(self, mmap: bool) -> Any:
        index_dir, indexname = self._where
        try:
            return FileStorage(str(index_dir), supports_mmap=mmap).open_index(
                indexname, schema=build_schema())
        except Exception as e:  # whoosh raises many kinds on damaged files
            raise IndexDamagedError(
                f"the index at {index_dir} is damaged ({type(e).__name__}); "
                "rebuild it with: kcsearch index --rebuild CORPUS_DIR") from None

    def _fresh(self) -> Any:
        if self.follow and self._lazy:  # a command starts (see pinned())
            self._commands += 1
            if self._commands > LAZY_CALLS:  # still in use: from now on, read from memory
                if self._s is not None:
                    self._s.close()
                    self._s = None
                self.ix = self._open(mmap=True)
                self._lazy = False
        if self._s is None:
            self._s = self.ix.searcher()
        elif self.follow and not self._s.up_to_date():
            # a new searcher, not Searcher.refresh(): Whoosh's refresh keeps the readers of
            # segments the new commit no longer lists, so superseded documents came back
            # (an API session saw 10, 20, 30 ... copies of an article after re-indexing)
            self._s.close()
            self._s = self.ix.searcher()
        return self._s

    @contextlib.contextmanager
    def pinned(self) -> Iterator[None]:
        with self._lock, super().pinned():
            yield

    def search(self, q: s.Node, restrict: s.Node | None = None, limit: int | None = 10,
               sort: str | None = None, offset: int = 0, count: bool = True, ahead: int = 0) -> Found:
        # ahead needs nothing here: every relevance ranking is kept, RANKED_AHEAD pages deep
        wq = compile_query(q)
        if restrict is not None:
            # Whoosh's filter= argument, and ConstantScoreQuery too, build the full set of
            # documents the restriction matches on every search; a plain intersection skips
            # through the postings instead. The boost is negligible rather than zero: Whoosh's
            # block skipping divides by it.
            wq = query.And([wq, compile_query(restrict).with_boost(RESTRICTION_BOOST)])
        opts: dict[str, Any] = {"limit": None if limit is None else offset + limit}
        if sort is not None:
            if offset:
                raise ValueError("offset is for relevance order only")
            opts.update(sortedby=["date", "id"], reverse=sort.startswith("-"))
        with self._lock:
            searcher = self._current()
            if sort is None and limit is not None and offset + limit < searcher.doc_count():
                results = self._top(searcher, wq, (q, restrict), offset + limit, limit)
            else:
                results = searcher.search(wq, **opts)
            # a sorted search's "score" is its sort key: sorted rows have no relevance
            rows = [(0.0 if sort else float(r.score or 0.0), r.fields())
                    for r in results[offset:None if limit is None else offset + limit]]
            return Found(len(results) if count else offset + len(rows), rows)

    def _top(self, searcher: Any, wq: Any, key: Any, depth: int, page: int) -> Any:
        """The best `depth` or more matches, exactly ranked.

        Whoosh's top-N collector replaces the matcher every ten matches by one that drops a
        sub-query whose block maximum looks too low to matter, and so returned a wrong top 10
        (the best article missing, or scored without one of its fields; bench/README.md,
        "Whoosh's exact ranking"): every match is scored instead. Scoring is then the whole
        cost of a search, so a ranking is kept, RANKED_AHEAD pages deep, for the next page of
        the same query in the same generation."""
        kept = self._kept(searcher, key)
        if kept is not None and (kept[1] >= depth or kept[0].scored_length() < kept[1]):
            return kept[0]  # deep enough, or holding every match
        depth = max(depth, RANKED_AHEAD * page, 2 * kept[1] if kept else 0)
        collector = collectors.TopCollector(depth, usequality=False, replace=0)
        searcher.search_with_collector(wq, collector)
        results = collector.results()
        self._keep(searcher, key, results, depth)
        return results

    def search_keyed(self, q: s.Node, key: str, limit: int, offset: int = 0) -> list[tuple[Any, int | None]]:
        # Whoosh reads stored fields as it goes: the handle is the row already read
        return [(row, row.get(key)) for _score, row in self.search(q, None, limit, offset=offset,
                                                                  count=False).rows]

    def search_keyed_each(self, queries: list[s.Node], key: str, limit: int
                          ) -> list[list[tuple[Any, int | None]]]:
        return [self.search_keyed(q, key, limit) for q in queries]  # Whoosh: one thread

    def read(self, handles: list[Any]) -> list[Row]:
        return list(handles)

    def count(self, q: s.Node) -> int:
        with self._lock:
            return len(self._current().search(compile_query(q), limit=1))

    def doc_frequency(self, field: str, term: str) -> int:
        with self._lock:
            return int(self._current().doc_frequency(field, term))

    def get(self, doc_id: str) -> Row | None:
        with self._lock:
            f = self._current().document(id=doc_id)
            return dict(f) if f else None

    def stored_files(self) -> dict[str, tuple[str, str]]:
        with self._lock:
            return {f["id"]: (f.get("fingerprint", ""), f.get("root", ""))
                    for f in self._current().documents(kind=ARTICLE)}

    def close(self) -> None:
        with self._lock:
            if self._s is not None:
                self._s.close()
                self._s = None
            self.ix.close()


def encode(article: Article) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The article's fields (without its story cluster, decided later by the indexing process)
    and its quotations': made in the worker processes. Whoosh analyses text as it adds it."""
    return to_fields(article), quote_fields(article)


class Writer:
    """Writes one named Whoosh index inside an index directory. The Whoosh writer is opened
    only at the first change: a run over an unchanged corpus writes nothing."""

    def __init__(self, index_dir: Path, indexname: str, create: bool) -> None:
        self.index_dir, self.indexname = index_dir, indexname
        if create:
            try:
                self.ix = whoosh_index.create_in(str(index_dir), build_schema(), indexname=indexname)
            except OSError as e:
                if e.errno == errno.ENOSPC:
                    raise
                raise IndexUnusableError(f"cannot create an index in {index_dir}: {e}") from None
            return
        try:
            self.ix = whoosh_index.open_dir(str(index_dir), indexname=indexname, schema=build_schema())
        except Exception as e:  # whoosh raises many kinds on damaged files
            if isinstance(e, OSError) and e.errno == errno.ENOSPC:
                raise
            raise IndexDamagedError(f"the index at {index_dir} is damaged ({type(e).__name__}); "
                                    "rebuild it with: kcsearch index --rebuild CORPUS_DIR") from None
    _writer: IndexWriter | None = None

    def searcher(self) -> Searcher:
        return Searcher(self.index_dir, self.indexname, follow=False)

    def _w(self) -> IndexWriter:
        if self._writer is None:
            # One process: with cleaning and extraction in worker processes (writer.py), Whoosh's
            # own MpWriter made a 1k-article build slower (30.6 s against 24.5 s).
            self._writer = self.ix.writer(limitmb=128)
        return self._writer

    def add_encoded(self, encoded: tuple[dict[str, Any], list[dict[str, Any]]], cluster: str) -> None:
        w = self._w()
        fields, quote_docs = encoded
        w.add_document(**fields, cluster=cluster)
        for doc in quote_docs:
            w.add_document(**doc)

    def delete(self, doc_id: str) -> None:
        self._w().delete_by_term("article", doc_id)  # the article and its quotes

    def commit(self) -> bool:
        if self._writer is None:
            return False
        self._writer.commit(mergetype=merge_policy)
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


def merge_policy(writer: Any, segments: list[Any]) -> list[Any]:
    """Whoosh's own policy (merge the small segments), and also rewrite any segment of which a
    quarter or more is deleted documents: an update deletes an article's old version in its
    old segment, and Whoosh reclaims that space only when the segment is merged, so without
    this an often-updated index grows without bound."""
    from whoosh.reading import SegmentReader
    from whoosh.writing import MERGE_SMALL

    kept = []
    for seg in MERGE_SMALL(writer, segments):
        total = seg.doc_count_all()
        if total and seg.deleted_count() * 4 >= total:
            reader = SegmentReader(writer.storage, writer.schema, seg)
            writer.add_reader(reader)
            reader.close()
        else:
            kept.append(seg)
    return kept


WHOOSH_LOCK = "_WRITELOCK"  # Whoosh's own lock file, <indexname>_WRITELOCK


def files(index_dir: Path, indexname: str) -> list[str]:
    """The generation's files: segments and tables of contents, not the lock or temporaries."""
    toc = re.compile(rf"_{re.escape(indexname)}_\d+\.toc")
    seg = re.compile(rf"{re.escape(indexname)}_[0-9a-z]+\.[A-Za-z0-9_.]+")
    return sorted(n for n in os.listdir(index_dir)
                  if (toc.fullmatch(n) or seg.fullmatch(n)) and not n.endswith(WHOOSH_LOCK))


def commit_mark(index_dir: Path, indexname: str) -> str:
    """The newest table of contents: Whoosh writes a new one, numbered, at every commit."""
    toc = re.compile(rf"_{re.escape(indexname)}_(\d+)\.toc")
    gens = [int(m.group(1)) for n in os.listdir(index_dir) if (m := toc.fullmatch(n))]
    return f"toc {max(gens)}" if gens else ""


def leftovers(index_dir: Path, indexname: str, committed: set[str]) -> list[str]:
    """Files of the generation that its last commit does not use: what a failed or killed run
    left (partial segments, a temporary table of contents)."""
    return sorted(n for n in os.listdir(index_dir)
                  if (n.startswith((f"{indexname}_", f"_{indexname}_")) or n == f"{indexname}.tmp")
                  and n not in committed and not n.endswith(WHOOSH_LOCK))
