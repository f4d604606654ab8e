"""Build or update an index from corpus paths: incremental, locked, all-or-nothing.

A run compares each file's fingerprint (bytes + metadata + pipeline version) with the stored
one: new files are added, changed ones replaced, files gone from a scanned folder removed,
the rest skipped. All changes become visible in one commit at the end, so an interrupted run
(Ctrl-C, kill) leaves the previous index complete. A file that fails is reported and skipped;
if it was indexed before, its previous version is kept rather than lost.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

from kcsearch import syntax

from . import dedup, load, storage
from . import engine as engines
from .engine import EngineSearcher, EngineWriter
from .errors import IndexUnusableError, InterruptedIndexing
from .load import Failure
from .model import Article, Metadata
from .schema import ARTICLE, SCHEMA_VERSION

Progress = Callable[[int, int, str], None]  # (done, total, current path)
PARALLEL_FROM = 500  # files in a run from which they are cleaned in several processes
MAX_PROCS = 4


@dataclass
class IndexReport:
    index_dir: str
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    failed: list[Failure] = field(default_factory=list)
    rebuilt: str | None = None  # why the index was built from scratch, if it was
    written: bool = False
    seconds: float = 0.0

    def summary(self) -> str:
        return (f"{len(self.added)} added, {len(self.updated)} updated, {len(self.removed)} removed, "
                f"{len(self.unchanged)} unchanged, {len(self.failed)} failed")


def _open(index_dir: Path, rebuild: bool, engine: str | None
          ) -> tuple[EngineWriter, storage.IndexMeta | None, str | None]:
    """The writer to use, the meta to replace (None if unchanged), and why a rebuild happens.

    engine None keeps the index's engine (the default engine for a new index); another engine
    than the index's rebuilds it with that one."""
    reason: str | None = "--rebuild" if rebuild else None
    if not rebuild:
        try:
            old = storage.read_meta(index_dir)
            storage.check_current(old, index_dir)
            if engine is None or engine == old.engine:
                writer = engines.open_writer(old.engine, index_dir, old.indexname, create=False)
                return writer, None, None
            reason = f"switching the engine from {old.engine} to {engine}"
        except storage.IndexMissingError:
            reason = "new index"
        except IndexUnusableError as e:
            reason = f"rebuilding: {e}"
    if engine is None:
        engine = _previous(index_dir)[0] or engines.DEFAULT_ENGINE
    name = f"kc{SCHEMA_VERSION}_{int(time.time() * 1000)}"
    writer = engines.open_writer(engine, index_dir, name, create=True)
    return writer, storage.IndexMeta(SCHEMA_VERSION, engine, name), reason


def stored_articles(searcher: EngineSearcher) -> dict[str, tuple[str, str]]:
    """id -> (fingerprint, root) of every stored article."""
    found = searcher.search(syntax.Term("kind", ARTICLE), limit=None)
    return {f["id"]: (f.get("fingerprint", ""), f.get("root", "")) for _score, f in found.rows}


def update_index(paths: list[Path], index_dir: Path, *, rebuild: bool = False,
                 engine: str | None = None, wait: float = 0.0,
                 progress: Progress | None = None) -> IndexReport:
    """Bring the index at `index_dir` up to date with `paths` (corpus folders or files).

    engine: "whoosh" or "tantivy" for a new index or to switch engines (a rebuild); None keeps
    the index's engine."""
    started = time.perf_counter()
    report = IndexReport(index_dir=str(index_dir))
    scan = load.scan(paths)  # reads metadata files first: a broken one stops before any write
    report.failed.extend(scan.failures)
    with storage.write_lock(index_dir, wait=wait):
        previous_engine, previous = _previous(index_dir)
        # worker processes pay off only for big runs; small ones stay in one process
        procs = min(os.cpu_count() or 1, MAX_PROCS) if len(scan.candidates) >= PARALLEL_FROM else 1
        writer, new_meta, report.rebuilt = _open(index_dir, rebuild, engine)
        searcher = writer.searcher()
        try:
            stored = stored_articles(searcher)
            clusters = Clusters(searcher)
            seen: set[str] = set()
            tasks: list[Task] = []
            for cand in scan.candidates:
                seen.add(cand.id)
                old = stored.get(cand.id)
                if old and old[1] != str(cand.root):
                    report.failed.append(Failure(
                        str(cand.path), f"id {cand.id!r} is already indexed from {old[1]}; "
                                        "use one index per corpus folder"))
                    continue
                meta = scan.metadata.get(cand.root, {}).get(cand.id, Metadata())
                tasks.append((cand, meta, old[0] if old else None))
            with _preparer(procs) as prepare:
                for n, ((cand, _meta, old_fp), result) in enumerate(
                        zip(tasks, prepare(tasks), strict=True), 1):
                    if progress:
                        progress(n, len(tasks), str(cand.path))
                    if isinstance(result, str):
                        report.failed.append(Failure(str(cand.path), result))
                    elif result is None:
                        report.unchanged.append(cand.id)
                    else:
                        article = clusters.assign(result)
                        if old_fp is not None:
                            writer.delete(article.id)
                        writer.add(article)
                        (report.updated if old_fp is not None else report.added).append(cand.id)
            roots = {str(r) for r in scan.full_roots}
            for doc_id, (_fp, root) in sorted(stored.items()):
                if root in roots and doc_id not in seen:
                    writer.delete(doc_id)
                    report.removed.append(doc_id)
            report.written = writer.commit()
            if new_meta is not None:
                storage.write_meta(index_dir, new_meta)
                report.written = True
        except KeyboardInterrupt:
            writer.cancel()
            raise InterruptedIndexing(
                f"indexing interrupted; the index at {index_dir} is as it was before this run") from None
        finally:
            searcher.close()
            writer.close()
        if new_meta is not None and previous and previous != new_meta.indexname:
            engines.remove_files(previous_engine or engines.DEFAULT_ENGINE, index_dir, previous)
    report.seconds = time.perf_counter() - started
    return report


Task = tuple[load.Candidate, Metadata, str | None]  # file, its metadata, stored fingerprint
Prepared = Article | str | None  # the article, why the file failed, or None: unchanged
WINDOW = 1000  # files handed to the workers at a time: bounds the finished articles held


def prepare(task: Task) -> Prepared:
    """Read, clean and extract one file, unless its fingerprint says it is unchanged."""
    cand, meta, old_fp = task
    try:
        data = load.read_bytes(cand.path)
    except OSError as e:
        return f"cannot read: {e.strerror}"
    if old_fp is not None and old_fp == load.fingerprint(load.content_hash(data), meta):
        return None
    try:
        return load.build_article(cand, data, meta)
    except ValueError as e:
        return str(e)


@contextlib.contextmanager
def _preparer(procs: int) -> Iterator[Callable[[list[Task]], Iterator[Prepared]]]:
    """prepare() over the tasks in order: in this process, or in `procs` worker processes
    (cleaning and extraction are most of the indexing time, and files are independent)."""
    if procs <= 1:
        yield lambda tasks: map(prepare, tasks)
        return
    with multiprocessing.get_context("fork").Pool(procs) as pool:
        def run(tasks: list[Task]) -> Iterator[Prepared]:
            for i in range(0, len(tasks), WINDOW):
                yield from pool.imap(prepare, tasks[i:i + WINDOW], chunksize=8)
        yield run


class Clusters:
    """Gives each new or changed article a story cluster: that of its most similar neighbour
    (stored, or added earlier in this run) if they overlap enough, else its own id."""

    def __init__(self, searcher: EngineSearcher) -> None:
        self.searcher = searcher
        # this run's articles: how many carry each LSH key, and the story heads by key
        self.key_docs: Counter[str] = Counter()
        self.heads_by_key: dict[str, list[str]] = {}
        self.heads: dict[str, tuple[int, ...]] = {}  # head id -> signature

    def assign(self, article: Article) -> Article:
        if not article.signature:
            return article
        keys = dedup.bands(article.signature)
        candidates = self.neighbours(article, keys)
        # story heads of this run sharing the most keys (a few common shingles make everything
        # share some key: comparing all of them cost 30% of indexing time)
        shared = Counter(h for k in keys if self.key_docs[k] <= dedup.MAX_KEY_DOCS
                         for h in self.heads_by_key.get(k, ()) if h != article.id)
        candidates += [(h, self.heads[h], h) for h, _n in shared.most_common(dedup.MAX_CANDIDATES)]
        # join a story through its first article only: joining through any member would let
        # clusters drift, each copy a little further from the story, into one giant cluster
        best = max(((dedup.overlap(article.signature, sig), cid, cluster)
                    for cid, sig, cluster in candidates if cid == cluster), default=(0.0, "", ""))
        cluster = best[2] if best[0] >= dedup.CLUSTER_THRESHOLD else article.id
        for k in keys:
            self.key_docs[k] += 1
            if cluster == article.id and self.key_docs[k] <= dedup.MAX_KEY_DOCS:
                self.heads_by_key.setdefault(k, []).append(article.id)
        if cluster == article.id:
            self.heads[article.id] = article.signature
        return replace(article, cluster=cluster)


    def neighbours(self, article: Article, keys: list[str]) -> list[tuple[str, tuple[int, ...], str]]:
        """(id, signature, cluster) of stored articles sharing LSH keys with it, best first."""
        keys = [k for k in keys if self.searcher.doc_frequency("lsh", k) <= dedup.MAX_KEY_DOCS]
        if not keys:
            return []
        q = syntax.or_(*(syntax.Term("lsh", k) for k in keys))
        return [(f["id"], tuple(f.get("signature") or ()), f.get("cluster") or f["id"])
                for _score, f in self.searcher.search(q, limit=dedup.MAX_CANDIDATES + 1).rows
                if f["id"] != article.id]


def _previous(index_dir: Path) -> tuple[str | None, str | None]:
    """(engine, index name) of the index there now, if any."""
    try:
        meta = storage.read_meta(index_dir)
        return meta.engine, meta.indexname
    except IndexUnusableError:
        return None, None
