"""Build or update an index from corpus paths: incremental, locked, all-or-nothing.

A run compares each file's fingerprint (bytes + metadata + pipeline version) with the stored
one: new files are added, changed ones replaced, files gone from a scanned folder removed,
the rest skipped. All changes become visible in one commit at the end, so an interrupted run
(Ctrl-C, kill) leaves the previous index complete. A file that fails is reported and skipped;
if it was indexed before, its previous version is kept rather than lost.
"""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import engine as engines
from . import load, storage, workers
from .clusters import Clusters
from .engine import EngineWriter
from .errors import IndexUnusableError, InterruptedIndexing
from .load import Failure
from .model import Article, Metadata
from .records import record
from .schema import SCHEMA_VERSION

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
          ) -> tuple[EngineWriter, str, storage.IndexMeta | None, str | None]:
    """The writer to use, its engine, the meta to replace (None if unchanged), and why a
    rebuild happens.

    engine None keeps the index's engine (the default engine for a new index); another engine
    than the index's rebuilds it with that one."""
    reason: str | None = "--rebuild" if rebuild else None
    if not rebuild:
        try:
            old = storage.read_meta(index_dir)
            storage.check_current(old, index_dir)
            if engine is None or engine == old.engine:
                writer = engines.open_writer(old.engine, index_dir, old.indexname, create=False)
                return writer, old.engine, None, None
            reason = f"switching the engine from {old.engine} to {engine}"
        except storage.IndexMissingError:
            reason = "new index"
        except IndexUnusableError as e:
            reason = f"rebuilding: {e}"
    if engine is None:
        engine = _previous(index_dir)[0] or engines.DEFAULT_ENGINE
    name = f"kc{SCHEMA_VERSION}_{int(time.time() * 1000)}"
    writer = engines.open_writer(engine, index_dir, name, create=True)
    return writer, engine, storage.IndexMeta(SCHEMA_VERSION, engine, name), reason


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
        writer, engine, new_meta, report.rebuilt = _open(index_dir, rebuild, engine)
        searcher = writer.searcher()
        try:
            stored = searcher.stored_files()
            clusters = Clusters(searcher if stored else None)
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
            with _prepared(tasks, procs, engines.encoder(engine)) as results:
                for n, ((cand, _meta, old_fp), result) in enumerate(
                        zip(tasks, results, strict=True), 1):
                    if progress:
                        progress(n, len(tasks), str(cand.path))
                    if isinstance(result, str):
                        report.failed.append(Failure(str(cand.path), result))
                    elif result is None:
                        report.unchanged.append(cand.id)
                    else:
                        cluster = clusters.cluster_of(result.id, result.signature)
                        if old_fp is not None:
                            writer.delete(result.id)
                        writer.add_encoded(result.docs, cluster)
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
        except workers.WorkerDied as e:
            writer.cancel()
            raise InterruptedIndexing(
                f"indexing stopped: {e}; the index at {index_dir} is as it was before this run") from None
        finally:
            searcher.close()
            writer.close()
        if new_meta is not None and previous and previous != new_meta.indexname:
            engines.remove_files(previous_engine or engines.DEFAULT_ENGINE, index_dir, previous)
    report.seconds = time.perf_counter() - started
    return report


Task = tuple[load.Candidate, Metadata, str | None]  # file, its metadata, stored fingerprint


@record
class Ready:
    """An article as a worker hands it back: what its story cluster is decided from, and its
    documents in the engine's form (pickling the whole Article too would be wasted)."""

    id: str
    signature: tuple[int, ...]
    docs: Any


Prepared = Ready | str | None  # the article, why the file failed, or None: unchanged


def prepare(task: Task, encode: Callable[[Article], Any]) -> Prepared:
    """Read, clean, extract and encode one file, unless its fingerprint says it is unchanged."""
    cand, meta, old_fp = task
    try:
        data = load.read_bytes(cand.path)
    except OSError as e:
        return f"cannot read: {e.strerror}"
    if old_fp is not None and old_fp == load.fingerprint(load.content_hash(data), meta):
        return None
    try:
        article = load.build_article(cand, data, meta)
    except ValueError as e:
        return str(e)
    return Ready(article.id, article.signature, encode(article))


@contextlib.contextmanager
def _prepared(tasks: list[Task], procs: int, encode: Callable[[Article], Any]
              ) -> Iterator[Iterator[Prepared]]:
    """prepare() over the tasks in order: in this process, or in `procs` worker processes
    (cleaning, extraction and analysis are most of the indexing time; files are independent).
    Workers are forked with the task list, so each is sent a task's number, not the task
    (pickling 100,000 of them was a tenth of a run over an unchanged corpus)."""
    def one(n: int) -> Prepared:
        return prepare(tasks[n], encode)

    if procs <= 1:
        yield map(one, range(len(tasks)))
        return
    with workers.ordered_map(one, procs) as run:
        yield run(range(len(tasks)))


def _previous(index_dir: Path) -> tuple[str | None, str | None]:
    """(engine, index name) of the index there now, if any."""
    try:
        meta = storage.read_meta(index_dir)
        return meta.engine, meta.indexname
    except IndexUnusableError:
        return None, None
