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
import errno
import importlib
import importlib.util
import threading
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from .errors import DiskFullError, IndexDamagedError, KcsearchError
from .records import record

if TYPE_CHECKING:
    from .model import Article
    from .tree import Node

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
        that cannot make the page (much faster for a wide OR). ahead: how
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
    """Which generation an engine searcher reads: the latest commit (while `follow` is set; a
    writer's own searcher stays on the one it opened), or, within pinned(), the one current
    when the block began. Pinning is per thread, so one Corpus can serve several threads, each
    command reading one generation. Also the relevance rankings kept for later pages (valid
    only in the generation they were ranked in)."""

    follow: bool
    _local: threading.local  # .searcher: this thread's pinned engine searcher, if any
    _ranked: tuple[Any, dict[Any, tuple[Any, int]]] = (None, {})  # (generation, rankings)

    def _fresh(self) -> Any:
        """The engine searcher of the latest commit (of the opened one, if not following)."""
        raise NotImplementedError

    def _current(self) -> Any:
        pinned = getattr(self._local, "searcher", None)
        return pinned if pinned is not None else self._fresh()

    def _kept(self, searcher: Any, key: Any) -> tuple[Any, int] | None:
        """The ranking kept for `key` in the generation `searcher` reads, if any."""
        generation, kept = self._ranked
        return kept.get(key) if generation is searcher else None

    def _keep(self, searcher: Any, key: Any, ranking: Any, depth: int) -> None:
        generation, kept = self._ranked
        if generation is not searcher:  # one assignment: another thread sees old or new
            kept = {}
            self._ranked = (searcher, kept)
        if len(kept) >= KEPT_RANKINGS:
            kept.clear()
        kept[key] = ranking, depth

    @contextlib.contextmanager
    def pinned(self) -> Iterator[None]:
        if getattr(self._local, "searcher", None) is not None:
            yield  # already pinned by an outer block of this thread
            return
        self._local.searcher = self._fresh()  # see the latest commit once
        try:
            yield
        finally:
            self._local.searcher = None


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


def _no_space(e: BaseException | None) -> bool:
    """Whether a failure, or one it came from, is a full disk (tantivy reports it in text)."""
    seen = 0
    while e is not None and seen < 8:
        if isinstance(e, OSError) and e.errno == errno.ENOSPC:
            return True
        if "No space left on device" in str(e) or "os error 28" in str(e):
            return True
        e, seen = e.__cause__ or e.__context__, seen + 1
    return False


def engine_error(e: BaseException, index_dir: Path) -> BaseException:
    """An engine's failure as the kcsearch error a user can act on. Engines raise many kinds
    on damaged or crafted files (struct.error, zlib.error, EOFError, ValueError, and a tantivy
    panic, which is no Exception): each becomes one line naming the index and the repair.
    Interrupts, exits and kcsearch's own errors pass unchanged."""
    if isinstance(e, KcsearchError):
        return e
    if not isinstance(e, Exception) and type(e).__name__ != "PanicException":
        return e  # KeyboardInterrupt, SystemExit, GeneratorExit
    if _no_space(e):
        return DiskFullError(f"disk full: no space left on the device holding {index_dir}")
    return IndexDamagedError(
        f"the index at {index_dir} is damaged or was not written by kcsearch "
        f"({type(e).__name__}); rebuild it with: kcsearch index --rebuild CORPUS_DIR")


class GuardedSearcher:
    """An EngineSearcher whose failures come out as kcsearch errors (engine_error): a damaged
    or crafted index ends in one clear line, never a traceback. Costs nothing until one."""

    def __init__(self, inner: EngineSearcher, index_dir: Path) -> None:
        self.inner, self.index_dir = inner, index_dir

    def __getattr__(self, name: str) -> Any:  # the engine's own attributes (tests, bench)
        return getattr(self.inner, name)

    def search(self, *args: Any, **kwargs: Any) -> Found:
        try:
            return self.inner.search(*args, **kwargs)
        except BaseException as e:
            raise engine_error(e, self.index_dir) from None

    def search_keyed(self, *args: Any, **kwargs: Any) -> list[tuple[Any, int | None]]:
        try:
            return self.inner.search_keyed(*args, **kwargs)
        except BaseException as e:
            raise engine_error(e, self.index_dir) from None

    def search_keyed_each(self, *args: Any, **kwargs: Any) -> list[list[tuple[Any, int | None]]]:
        try:
            return self.inner.search_keyed_each(*args, **kwargs)
        except BaseException as e:
            raise engine_error(e, self.index_dir) from None

    def read(self, handles: list[Any]) -> list[Row]:
        try:
            return self.inner.read(handles)
        except BaseException as e:
            raise engine_error(e, self.index_dir) from None

    def count(self, q: Node) -> int:
        try:
            return self.inner.count(q)
        except BaseException as e:
            raise engine_error(e, self.index_dir) from None

    def doc_frequency(self, field: str, term: str) -> int:
        try:
            return self.inner.doc_frequency(field, term)
        except BaseException as e:
            raise engine_error(e, self.index_dir) from None

    def get(self, doc_id: str) -> Row | None:
        try:
            return self.inner.get(doc_id)
        except BaseException as e:
            raise engine_error(e, self.index_dir) from None

    def stored_files(self) -> dict[str, tuple[str, str]]:
        try:
            return self.inner.stored_files()
        except BaseException as e:
            raise engine_error(e, self.index_dir) from None

    @contextlib.contextmanager
    def pinned(self) -> Iterator[None]:
        try:
            block = self.inner.pinned()
            block.__enter__()
        except BaseException as e:
            raise engine_error(e, self.index_dir) from None
        try:
            yield
        except BaseException as e:
            if not block.__exit__(type(e), e, e.__traceback__):
                raise
        else:
            block.__exit__(None, None, None)

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self.inner.close()


class GuardedWriter:
    """An EngineWriter whose failures come out as kcsearch errors (engine_error)."""

    def __init__(self, inner: EngineWriter, index_dir: Path) -> None:
        self.inner, self.index_dir = inner, index_dir

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)

    def searcher(self) -> EngineSearcher:
        try:
            return GuardedSearcher(self.inner.searcher(), self.index_dir)
        except BaseException as e:
            raise engine_error(e, self.index_dir) from None

    def add_encoded(self, encoded: Any, cluster: str) -> None:
        try:
            self.inner.add_encoded(encoded, cluster)
        except BaseException as e:
            raise engine_error(e, self.index_dir) from None

    def delete(self, doc_id: str) -> None:
        try:
            self.inner.delete(doc_id)
        except BaseException as e:
            raise engine_error(e, self.index_dir) from None

    def commit(self) -> bool:
        try:
            return self.inner.commit()
        except BaseException as e:
            raise engine_error(e, self.index_dir) from None

    def cancel(self) -> None:
        with contextlib.suppress(Exception):
            self.inner.cancel()

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self.inner.close()


def open_writer(engine: str, index_dir: Path, indexname: str, create: bool) -> EngineWriter:
    try:
        writer: EngineWriter = _module(engine).Writer(index_dir, indexname, create)
    except BaseException as e:
        raise engine_error(e, index_dir) from None
    return GuardedWriter(writer, index_dir)


def open_searcher(engine: str, index_dir: Path, indexname: str) -> EngineSearcher:
    module = _module(engine)  # ImportError passes: the caller says which extra to install
    try:
        searcher: EngineSearcher = module.Searcher(index_dir, indexname)
    except BaseException as e:
        raise engine_error(e, index_dir) from None
    return GuardedSearcher(searcher, index_dir)


def encoder(engine: str) -> Callable[[Article], Any]:
    """The engine's encode(article): its documents in a picklable form the writer adds as
    they are, so analysis can run in the worker processes that clean the files."""
    encode: Callable[[Article], Any] = _module(engine).encode
    return encode


def files(engine: str, index_dir: Path, indexname: str) -> list[str]:
    """The files of a generation's last commit, as paths inside the index folder (the
    engine's lock files and its own bookkeeping left out): what kcsearch.json's manifest lists."""
    names: list[str] = _module(engine).files(index_dir, indexname)
    return names


def commit_mark(engine: str, index_dir: Path, indexname: str) -> str:
    """A short string naming the generation's last commit: it changes with every commit."""
    mark: str = _module(engine).commit_mark(index_dir, indexname)
    return mark


def leftovers(engine: str, index_dir: Path, indexname: str, committed: set[str]) -> list[str]:
    """Files of the generation its last commit (`committed`, as files() listed them) does not
    use: what a failed or killed run left behind."""
    names: list[str] = _module(engine).leftovers(index_dir, indexname, committed)
    return names


def available(engine: str) -> bool:
    """Whether the engine's library is installed (tantivy is an optional extra)."""
    return importlib.util.find_spec(engine) is not None
