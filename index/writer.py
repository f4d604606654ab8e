"""Build or update an index from corpus paths: incremental, locked, all-or-nothing.

A run compares each file's fingerprint (bytes + metadata + pipeline version) with the stored
one: new files are added, changed ones replaced, files gone from a scanned folder removed,
the rest skipped. All changes become visible in one commit at the end, so an interrupted run
(Ctrl-C, kill) leaves the previous index complete. A file that fails is reported and skipped;
if it was indexed before, its previous version is kept rather than lost.
"""

from __future__ import annotations

import contextlib
import errno
import os
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import engine as engines
from . import freshness, load, storage, workers
from .clusters import Clusters
from .engine import EngineSearcher, EngineWriter
from .errors import (
    DiskFullError,
    IndexDamagedError,
    IndexMissingError,
    IndexUnusableError,
    InterruptedIndexing,
)
from .language import LANG
from .load import Failure
from .model import Article, Metadata
from .records import record
from .schema import SCHEMA_VERSION

Progress = Callable[[int, int, str], None]  # (done, total, current path)
PARALLEL_FROM = 500  # files in a run from which they are cleaned in several processes
MAX_PROCS = 4


@dataclass
class IndexReport:
    """What an indexing run did: files added, updated, removed, unchanged and skipped."""

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


@record
class _Existing:
    """What an index folder holds before a run: its meta (if readable), why it cannot be
    updated in place (None: it can), and the files already read while verifying it."""

    meta: storage.IndexMeta | None
    problem: str | None
    known: dict[str, tuple[int, int, int]]
    stale_manifest: bool = False  # the engine committed after kcsearch.json was last written


def _reason(e: Exception) -> str:
    """An error's message without its advice (the run is what follows the advice)."""
    return str(e).split("; rebuild")[0].split("; repair")[0]


def _inspect(index_dir: Path) -> _Existing:
    try:
        meta = storage.read_meta(index_dir)
    except IndexMissingError:
        return _Existing(None, "new index", {})
    except IndexUnusableError as e:
        return _Existing(None, f"rebuilding: {_reason(e)}", {})
    try:
        storage.check_current(meta, index_dir)
    except IndexUnusableError as e:
        return _Existing(meta, f"rebuilding: {_reason(e)}", {})
    links = storage.links_in(index_dir, meta.indexname)
    if links:
        return _Existing(meta, f"repairing: the index held a symbolic link ({links[0]})", {})
    mark = engines.commit_mark(meta.engine, index_dir, meta.indexname)
    if not mark:
        return _Existing(meta, "repairing: the engine's list of segments is missing", {})
    if mark != meta.commit or not meta.files:
        # an index of an earlier kcsearch, or a run killed between the engine's commit and
        # kcsearch.json: nothing to check its files against; this run records them
        return _Existing(meta, None, {}, stale_manifest=True)
    problem, known = storage.verify(index_dir, meta)
    if problem:
        return _Existing(meta, f"repairing: {problem}", {})
    return _Existing(meta, None, known)


def _engine_on_disk(index_dir: Path) -> str | None:
    """The engine a generation left in the folder was made by, when kcsearch.json cannot say:
    tantivy keeps a generation in a folder of its own, Whoosh in files."""
    kinds = set()
    for e in os.scandir(index_dir):
        if storage.generation_of(e.name) is not None and not e.is_symlink():
            kinds.add("tantivy" if e.is_dir(follow_symlinks=False) else "whoosh")
    return kinds.pop() if len(kinds) == 1 else None


def _new_generation(index_dir: Path) -> str:
    stamp = int(time.time() * 1000)
    while any(storage.generation_of(n) == f"kc{SCHEMA_VERSION}_{stamp}" for n in os.listdir(index_dir)):
        stamp += 1
    return f"kc{SCHEMA_VERSION}_{stamp}"


def update_index(paths: list[Path], index_dir: Path, *, rebuild: bool = False,
                 engine: str | None = None, wait: float = 0.0,
                 progress: Progress | None = None, follow_links: bool = False) -> IndexReport:
    """Bring the index at `index_dir` up to date with `paths` (corpus folders or files).

    engine: "whoosh" or "tantivy" for a new index or to switch engines (a rebuild); None keeps
    the index's engine. A damaged index is rebuilt (report.rebuilt says why). follow_links:
    index files that symbolic links in the corpus folders point to outside them."""
    started = time.perf_counter()
    report = IndexReport(index_dir=str(index_dir))
    scan = load.scan(paths, follow_links=follow_links)  # a broken metadata file stops here
    report.failed.extend(scan.failures)
    storage.claim(index_dir)
    with storage.write_lock(index_dir, wait=wait):
        existing = _inspect(index_dir)
        keep = existing.meta.indexname if existing.meta else None
        storage.sweep(index_dir, keep)  # other generations and temporary files of killed runs
        if existing.meta and existing.problem is None and not existing.stale_manifest:
            storage.remove_files(index_dir, engines.leftovers(
                existing.meta.engine, index_dir, existing.meta.indexname,
                {name for name, _size, _crc in existing.meta.files}))
        reason = "--rebuild" if rebuild else existing.problem
        try:
            _run(scan, index_dir, existing, reason, engine, progress, report)
        except IndexDamagedError as e:
            if reason is not None:
                raise
            # damage the file check could not see (an index of an earlier kcsearch): rebuild
            report = IndexReport(index_dir=str(index_dir), failed=list(scan.failures))
            _run(scan, index_dir, existing, f"repairing: {_reason(e)}", engine, progress, report)
        with contextlib.suppress(OSError):  # without the record, searches just cannot tell
            freshness.record_corpus(index_dir, paths)
    report.seconds = time.perf_counter() - started
    return report


def _run(scan: load.Scan, index_dir: Path, existing: _Existing, rebuild: str | None,
         engine: str | None, progress: Progress | None, report: IndexReport) -> None:
    """One indexing run under the write lock: in place, or into a new generation (`rebuild`
    says why), which replaces the old one only once it is committed."""
    old = existing.meta
    in_place = rebuild is None and old is not None and engine in (None, old.engine)
    if in_place:
        assert old is not None
        engine, name = old.engine, old.indexname
    else:
        if rebuild is None:
            assert old is not None
            rebuild = f"switching the engine from {old.engine} to {engine}"
        if engine is None:
            engine = (old.engine if old and old.engine in engines.ENGINES
                      else _engine_on_disk(index_dir) or engines.DEFAULT_ENGINE)
        name = _new_generation(index_dir)
    report.rebuilt = rebuild
    procs = min(os.cpu_count() or 1, MAX_PROCS) if len(scan.candidates) >= PARALLEL_FROM else 1
    committed = False
    try:
        writer = engines.open_writer(engine, index_dir, name, create=not in_place)
        try:
            searcher = writer.searcher()
            try:
                _changes(scan, writer, searcher, engine, procs, progress, report)
                report.written = committed = writer.commit()
            finally:
                searcher.close()
        finally:
            writer.close()
        if committed or not in_place or existing.stale_manifest:
            names = engines.files(engine, index_dir, name)
            storage.write_meta(index_dir, storage.IndexMeta(
                SCHEMA_VERSION, engine, name, engines.commit_mark(engine, index_dir, name),
                storage.manifest(index_dir, names, existing.known), LANG.code))
            report.written = True
    except BaseException as e:
        _discard(index_dir, engine, name, in_place, existing)
        if isinstance(e, KeyboardInterrupt):
            raise InterruptedIndexing(
                f"indexing interrupted; the index at {index_dir} is as it was before this run") from None
        if isinstance(e, workers.WorkerDied):
            raise InterruptedIndexing(
                f"indexing stopped: {e}; the index at {index_dir} is as it was before this run") from None
        if isinstance(e, DiskFullError) or (isinstance(e, OSError) and e.errno == errno.ENOSPC):
            kept = ("holds this run's changes, but kcsearch could not record its file list"
                    if committed and in_place else "is as it was before this run")
            raise DiskFullError(
                f"disk full: no space left to write the index at {index_dir}; the index {kept}; "
                "free some space and run kcsearch index again") from None
        raise
    if not in_place and old is not None:
        storage.remove_generation(index_dir, old.indexname)


def _changes(scan: load.Scan, writer: EngineWriter, searcher: EngineSearcher, engine: str,
             procs: int, progress: Progress | None, report: IndexReport) -> None:
    """Hand the writer every added, changed and removed article (nothing is committed here)."""
    stored = searcher.stored_files()
    clusters = Clusters(searcher if stored else None)
    seen: set[str] = set(scan.kept)
    tasks: list[Task] = []
    for cand in scan.candidates:
        seen.add(cand.id)
        old = stored.get(cand.id)
        if old and old[1] != load.printable(str(cand.root)):
            report.failed.append(Failure(
                cand.shown, f"id {cand.id!r} is already indexed from {old[1]}; "
                            "use one index per corpus folder"))
            continue
        meta = scan.metadata.get(cand.root, {}).get(cand.id, Metadata())
        tasks.append((cand, meta, old[0] if old else None))
    with _prepared(tasks, procs, engines.encoder(engine)) as results:
        for n, ((cand, _meta, old_fp), result) in enumerate(zip(tasks, results, strict=True), 1):
            if progress:
                progress(n, len(tasks), cand.shown)
            if isinstance(result, str):
                report.failed.append(Failure(cand.shown, result))
            elif result is None:
                report.unchanged.append(cand.id)
            else:
                cluster = clusters.cluster_of(result.id, result.signature)
                if old_fp is not None:
                    writer.delete(result.id)
                writer.add_encoded(result.docs, cluster)
                (report.updated if old_fp is not None else report.added).append(cand.id)
    roots = {load.printable(str(r)) for r in scan.full_roots}
    for doc_id, (_fp, root) in sorted(stored.items()):
        if root in roots and doc_id not in seen and not scan.kept_under(root, doc_id):
            writer.delete(doc_id)
            report.removed.append(doc_id)


def _discard(index_dir: Path, engine: str, name: str, in_place: bool, existing: _Existing) -> None:
    """Remove what a failed run wrote: its whole new generation, or the files an in-place
    run added that no commit uses (the previous commit's files are left as they are)."""
    with contextlib.suppress(OSError, ValueError):
        if not in_place:
            storage.remove_generation(index_dir, name)
        elif existing.meta is not None and not existing.stale_manifest and \
                engines.commit_mark(engine, index_dir, name) == existing.meta.commit:
            storage.remove_files(index_dir, engines.leftovers(
                engine, index_dir, name, {f for f, _s, _c in existing.meta.files}))


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
        data = load.read_bytes(cand.source or cand.path, root=None if cand.follow_links else cand.root)
    except OSError as e:
        if e.errno == errno.ELOOP:
            return "turned into a symbolic link during the run; not followed"
        if e.errno in (errno.EFBIG, errno.EXDEV, errno.EINVAL):
            return str(e.strerror)
        return f"cannot read: {e.strerror}"
    if old_fp is not None and old_fp == load.fingerprint(load.content_hash(data), meta):
        return None
    try:
        with load.time_budget(load.FILE_SECONDS):
            article = load.build_article(cand, data, meta)
            return Ready(article.id, article.signature, encode(article))
    except ValueError as e:
        return str(e)
    except load.FileTimeout:
        return (f"took over {load.FILE_SECONDS:.0f} s to clean (a pathological page?); "
                "skipped, the rest of the corpus is indexed")
    except RecursionError:
        return "nested too deeply to clean; skipped"


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
