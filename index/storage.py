"""An index directory on disk: where it is, what version wrote it, and who may write it.

Layout of an index directory:
    kcsearch.json   {"schema_version", "engine", "indexname"}: written
                    atomically (temp file + rename), last, so it only ever names a complete index
    write.lock      held (flock) for the whole of an indexing run; the OS frees it if the
                    process dies, so a killed run never leaves a stale lock behind
    ...             the engine's files
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import time
from collections.abc import Iterator
from pathlib import Path

from .engine import ENGINES
from .errors import IndexLockedError, IndexMissingError, IndexOutdatedError, IndexUnusableError
from .records import record
from .schema import SCHEMA_VERSION

ENV_VAR = "KCSEARCH_INDEX"
DEFAULT_DIR = ".kcsearch"  # in the current directory, like .git
META_FILE = "kcsearch.json"
LOCK_FILE = "write.lock"


def default_index_dir() -> Path:
    """$KCSEARCH_INDEX if set, else ./.kcsearch."""
    env = os.environ.get(ENV_VAR, "").strip()
    return Path(env) if env else Path(DEFAULT_DIR)


@record
class IndexMeta:
    """What kcsearch.json records beside the engine's files: enough to open the index right."""

    schema_version: int
    engine: str
    indexname: str

    def to_json(self) -> str:
        return json.dumps({"schema_version": self.schema_version, "engine": self.engine,
                           "indexname": self.indexname}, indent=2)


def read_meta(index_dir: Path) -> IndexMeta:
    """The index's meta file; raises IndexMissingError / IndexUnusableError with a next step."""
    if not index_dir.exists():
        raise IndexMissingError(f"no index at {index_dir}; build one with: kcsearch index CORPUS_DIR")
    if not index_dir.is_dir():
        raise IndexUnusableError(f"{index_dir} is not a directory; pass an index folder with --index")
    path = index_dir / META_FILE
    try:
        raw = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise IndexMissingError(
            f"no index at {index_dir}; build one with: kcsearch index CORPUS_DIR") from None
    except PermissionError:
        raise IndexUnusableError(f"cannot read {path}: permission denied") from None
    except OSError as e:
        raise IndexUnusableError(f"cannot read {path}: {e.strerror}") from None
    try:
        data = json.loads(raw)
        meta = IndexMeta(int(data["schema_version"]), str(data["engine"]), str(data["indexname"]))
    except (ValueError, KeyError, TypeError):
        raise IndexUnusableError(
            f"{path} is corrupt; rebuild with: kcsearch index --rebuild CORPUS_DIR") from None
    return meta


def check_current(meta: IndexMeta, index_dir: Path) -> None:
    if meta.schema_version < SCHEMA_VERSION:
        raise IndexOutdatedError(
            f"the index at {index_dir} was built by an older kcsearch (schema {meta.schema_version}, "
            f"now {SCHEMA_VERSION}); rebuild it with: kcsearch index")
    if meta.schema_version > SCHEMA_VERSION:
        raise IndexUnusableError(
            f"the index at {index_dir} was built by a newer kcsearch (schema {meta.schema_version}); "
            "upgrade kcsearch or rebuild the index")
    if meta.engine not in ENGINES:
        raise IndexUnusableError(f"the index at {index_dir} uses unknown engine {meta.engine!r}")


def write_meta(index_dir: Path, meta: IndexMeta) -> None:
    """Atomically replace the meta file: readers see the old or the new, never half of one."""
    import tempfile  # writing only: searches start faster without it

    fd, tmp = tempfile.mkstemp(prefix=".kcsearch-", suffix=".json", dir=index_dir)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(meta.to_json())
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, index_dir / META_FILE)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


@contextlib.contextmanager
def write_lock(index_dir: Path, wait: float = 0.0) -> Iterator[None]:
    """Hold the index's write lock, waiting up to `wait` seconds for another writer to finish."""
    try:
        index_dir.mkdir(parents=True, exist_ok=True)
        fd = os.open(index_dir / LOCK_FILE, os.O_RDWR | os.O_CREAT, 0o644)
    except PermissionError:
        raise IndexUnusableError(f"cannot write to {index_dir}: permission denied") from None
    except OSError as e:
        raise IndexUnusableError(f"cannot use {index_dir} as an index folder: {e.strerror}") from None
    deadline = time.monotonic() + wait
    try:
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise IndexLockedError(
                        f"another kcsearch is indexing into {index_dir}; wait for it to finish "
                        "(or pass --wait SECONDS) and run again") from None
                time.sleep(0.1)
        yield
    finally:
        os.close(fd)  # closing releases the flock


def is_locked(index_dir: Path) -> bool:
    """True while an indexing run holds the write lock."""
    try:
        fd = os.open(index_dir / LOCK_FILE, os.O_RDONLY)
    except OSError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
        return False
    except BlockingIOError:
        return True
    finally:
        os.close(fd)
