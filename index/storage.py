"""An index folder on disk: whose it is, what version wrote it, who may write it, and what
kcsearch may remove from it.

An index folder can come from a colleague, a download or a shared drive, so nothing in it is
trusted: kcsearch writes only into a folder it made (or an empty one), removes only names it
generates (validated before every removal, never following a symbolic link), and reads no
file through a link.

Layout of an index folder:
    kcsearch-index.txt  the marker: written when kcsearch takes the folder; a folder without
                        it (and not an index of an earlier kcsearch) is never written into
    kcsearch.json       {"format", "schema_version", "engine", "indexname", "commit", "files"}:
                        written atomically (temp file + rename), after the engine's commit, so
                        it only ever names a complete index; "files" lists each file of the
                        committed generation with its size and CRC-32, "commit" the engine's
                        commit it was taken from, so a later run can tell damage from change
    corpus.json         {"paths", "files"}: the folders and files the last runs indexed and
                        each article file's size and modification time, so a search can tell
                        the corpus changed since (index/freshness.py); written atomically
    watches.json        saved searches (search/watches.py): each one's query, filters and the
                        articles it has shown; watches.lock (flock) is held while it changes
    write.lock          held (flock) for the whole of an indexing run; the OS frees it if the
                        process dies, so a killed run never leaves a stale lock behind
    kc<v>_<ms>...       the engine's files for one generation (tantivy: a folder of that name;
                        Whoosh: files named _kc<v>_<ms>_... and kc<v>_<ms>_...)
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import json
import os
import re
import shutil
import stat
import time
import zlib
from collections.abc import Iterator
from pathlib import Path

from .engine import ENGINES
from .errors import IndexLockedError, IndexMissingError, IndexOutdatedError, IndexUnusableError
from .language import LANG, LANGUAGES
from .reading import read_regular
from .records import record
from .schema import SCHEMA_VERSION

ENV_VAR = "KCSEARCH_INDEX"
DEFAULT_DIR = ".kcsearch"  # in the current directory, like .git
META_FILE = "kcsearch.json"
CORPUS_FILE = "corpus.json"
WATCH_FILE = "watches.json"
WATCH_LOCK = "watches.lock"
LOCK_FILE = "write.lock"
MARKER_FILE = "kcsearch-index.txt"
MARKER_TEXT = ("This folder is a kcsearch index. kcsearch writes, renames and deletes files only "
               "inside it,\nand only names it generated. Delete the whole folder to remove the "
               "index.\n")
FORMAT = "kcsearch-index"
TEMP_PREFIX = ".kcsearch-"  # temporary files of an atomic write: .kcsearch-<random>.json/.txt
MAX_META_BYTES = 4_000_000  # a real kcsearch.json is a few KB
# An index generation's name, as writer.new_generation() makes it: kc<schema>_<milliseconds>.
GENERATION = re.compile(r"kc\d{1,6}_\d{1,20}")
# What the engines name a generation's entries: tantivy a folder "<gen>", Whoosh "<gen>_..."
# (segments, its write lock), "<gen>.tmp" (a writer's scratch folder) and "_<gen>_..." (tables
# of contents, and their temporary files).
_GENERATION_ENTRY = re.compile(r"_?(kc\d{1,6}_\d{1,20})(?:[_.][A-Za-z0-9_.\-]*)?")
_TEMP_ENTRY = re.compile(re.escape(TEMP_PREFIX) + r"[A-Za-z0-9_]{1,64}\.(?:json|txt)")
CRC_CHUNK = 1 << 20


def default_index_dir() -> Path:
    """$KCSEARCH_INDEX if set, else ./.kcsearch."""
    env = os.environ.get(ENV_VAR, "").strip()
    return Path(env) if env else Path(DEFAULT_DIR)


@record
class IndexMeta:
    """What kcsearch.json records beside the engine's files: enough to open the index right,
    and to tell later whether its files are still the ones the commit wrote."""

    schema_version: int
    engine: str
    indexname: str
    commit: str = ""  # the engine's mark of the commit `files` was taken from ("" = unknown)
    files: tuple[tuple[str, int, int], ...] = ()  # (path in the folder, size, CRC-32)
    language: str = "en"  # the code of the language its text was analysed in

    def to_json(self) -> str:
        return json.dumps({"format": FORMAT, "schema_version": self.schema_version,
                           "engine": self.engine, "indexname": self.indexname,
                           "language": self.language, "commit": self.commit,
                           "files": [list(f) for f in self.files]}, indent=1)


def generation_of(name: str) -> str | None:
    """The generation an entry of the index folder belongs to, if kcsearch's naming made it."""
    m = _GENERATION_ENTRY.fullmatch(name)
    return m.group(1) if m else None


def is_generated_name(name: str) -> bool:
    """Whether kcsearch (or an engine on its behalf) could have made this folder entry."""
    return (name in (META_FILE, LOCK_FILE, MARKER_FILE, CORPUS_FILE, WATCH_FILE, WATCH_LOCK)
            or generation_of(name) is not None
            or _TEMP_ENTRY.fullmatch(name) is not None)


def _is_safe_relative(path: str) -> bool:
    parts = path.split("/")
    return (bool(path) and not path.startswith("/") and "\\" not in path and "\x00" not in path
            and all(p not in ("", ".", "..") for p in parts) and len(parts) <= 2
            and generation_of(parts[0]) is not None)


def _corrupt(path: Path, why: str) -> IndexUnusableError:
    return IndexUnusableError(
        f"{path} is damaged or not kcsearch's ({why}); rebuild with: "
        "kcsearch index --rebuild CORPUS_DIR")


def read_meta(index_dir: Path) -> IndexMeta:
    """The index's meta file, validated; raises IndexMissingError / IndexUnusableError with a
    next step. Every value is checked: a generation name is what kcsearch makes, or refused."""
    if not index_dir.exists():
        raise IndexMissingError(f"no index at {index_dir}; build one with: kcsearch index CORPUS_DIR")
    if not index_dir.is_dir():
        raise IndexUnusableError(f"{index_dir} is not a folder; pass an index folder with --index")
    path = index_dir / META_FILE
    try:
        raw = read_regular(path, MAX_META_BYTES)  # never through a link: no read outside
    except FileNotFoundError:
        raise IndexMissingError(
            f"no index at {index_dir}; build one with: kcsearch index CORPUS_DIR") from None
    except PermissionError:
        raise IndexUnusableError(f"cannot read {path}: permission denied") from None
    except OSError as e:
        if e.errno == errno.ELOOP:
            raise _corrupt(path, "it is a symbolic link") from None
        raise _corrupt(path, e.strerror or "unreadable") from None
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise _corrupt(path, "not valid JSON") from None
    return _meta_from(data, path)


def _meta_from(data: object, path: Path) -> IndexMeta:
    if not isinstance(data, dict):
        raise _corrupt(path, "not a JSON object")
    if data.get("format", FORMAT) != FORMAT:
        raise _corrupt(path, f"format {str(data.get('format'))[:40]!r}")
    version, engine, name = data.get("schema_version"), data.get("engine"), data.get("indexname")
    if type(version) is not int or not 0 <= version < 1_000_000:
        raise _corrupt(path, "no schema version")
    if not isinstance(engine, str) or not isinstance(name, str):
        raise _corrupt(path, "no engine or generation name")
    if GENERATION.fullmatch(name) is None:
        raise _corrupt(path, f"generation name {name[:40]!r} is not one kcsearch makes")
    commit, files = data.get("commit", ""), data.get("files", [])
    if not isinstance(commit, str) or not isinstance(files, list):
        raise _corrupt(path, "malformed file list")
    language = data.get("language", "en")  # an index of an earlier kcsearch is English
    if not isinstance(language, str) or not 1 <= len(language) <= 16:
        raise _corrupt(path, "no language")
    checked = []
    for f in files:
        if not (isinstance(f, list) and len(f) == 3 and isinstance(f[0], str)
                and type(f[1]) is int and type(f[2]) is int and f[1] >= 0
                and _is_safe_relative(f[0]) and generation_of(f[0].split("/")[0]) == name):
            raise _corrupt(path, "malformed file list")
        checked.append((f[0], f[1], f[2]))
    return IndexMeta(version, engine, name, commit, tuple(checked), language)


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
        raise IndexUnusableError(
            f"the index at {index_dir} names unknown engine {meta.engine[:40]!r}; "
            "rebuild it with: kcsearch index --rebuild CORPUS_DIR")
    if meta.language != LANG.code:
        known = LANGUAGES.get(meta.language)
        raise IndexUnusableError(
            f"the index at {index_dir} was analysed as "
            f"{known.name if known else repr(meta.language[:16])}, and kcsearch reads "
            f"{LANG.name}; rebuild it with: kcsearch index --rebuild CORPUS_DIR")


def _write_atomically(index_dir: Path, name: str, text: str, suffix: str) -> None:
    """Replace index_dir/name with `text`: readers see the old or the new file, never half of
    one; a symbolic link planted under that name is replaced, never written through."""
    import tempfile  # writing only: searches start faster without it

    fd, tmp = tempfile.mkstemp(prefix=TEMP_PREFIX, suffix=suffix, dir=index_dir)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, index_dir / name)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def write_meta(index_dir: Path, meta: IndexMeta) -> None:
    """Atomically replace the meta file: readers see the old or the new, never half of one."""
    _write_atomically(index_dir, META_FILE, meta.to_json(), ".json")


def write_corpus_state(index_dir: Path, text: str) -> None:
    """Atomically replace corpus.json (see index/freshness.py)."""
    _write_atomically(index_dir, CORPUS_FILE, text, ".json")


def read_corpus_state(index_dir: Path, limit: int) -> str | None:
    """corpus.json's text, or None if it is missing, a link, too large or unreadable."""
    try:
        return read_regular(index_dir / CORPUS_FILE, limit).decode("utf-8")
    except (OSError, UnicodeDecodeError):
        return None


def read_watches(index_dir: Path, limit: int) -> str | None:
    """watches.json's text, or None if there is none; an unreadable one is an error."""
    try:
        return read_regular(index_dir / WATCH_FILE, limit).decode("utf-8")
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError) as e:
        raise IndexUnusableError(f"cannot read the saved searches in {index_dir / WATCH_FILE}: "
                                 f"{getattr(e, 'strerror', None) or 'not UTF-8 text'}") from None


def write_watches(index_dir: Path, text: str) -> None:
    _write_atomically(index_dir, WATCH_FILE, text, ".json")


@contextlib.contextmanager
def watch_lock(index_dir: Path) -> Iterator[None]:
    """Hold the saved searches' lock (another `kcsearch watch` waits for it)."""
    try:
        fd = os.open(index_dir / WATCH_LOCK, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC,
                     0o644)
    except OSError as e:
        raise IndexUnusableError(f"cannot save searches in {index_dir}: {e.strerror}") from None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


# --- whose folder it is ----------------------------------------------------------------------
def claim(index_dir: Path) -> None:
    """Make `index_dir` an index folder of kcsearch's, or refuse it with one line.

    A new or empty folder is taken (the marker written); a folder with the marker, or whose
    every entry is a name kcsearch generates (an index of an earlier kcsearch), is kcsearch's;
    anything else (a git repository, a corpus, another program's index) is refused."""
    try:
        index_dir.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        raise IndexUnusableError(
            f"{index_dir} is a file, not a folder; pass an index folder with --index") from None
    except PermissionError:
        raise IndexUnusableError(f"cannot create {index_dir}: permission denied") from None
    except OSError as e:
        raise IndexUnusableError(f"cannot create {index_dir}: {e.strerror}") from None
    if not index_dir.is_dir():
        raise IndexUnusableError(f"{index_dir} is not a folder; pass an index folder with --index")
    try:
        entries = os.listdir(index_dir)
    except OSError as e:
        raise IndexUnusableError(f"cannot read {index_dir}: {e.strerror}") from None
    if MARKER_FILE in entries and stat.S_ISREG(os.lstat(index_dir / MARKER_FILE).st_mode):
        return
    foreign = sorted(e for e in entries if not is_generated_name(e))
    if foreign:
        shown = ", ".join(repr(e) for e in foreign[:3]) + (", ..." if len(foreign) > 3 else "")
        raise IndexUnusableError(
            f"{index_dir} is not a kcsearch index folder (it holds {shown}); kcsearch writes "
            "only into a new or empty folder or an index it made: pass another folder with --index")
    try:
        _write_atomically(index_dir, MARKER_FILE, MARKER_TEXT, ".txt")
    except OSError as e:
        raise _unwritable(index_dir, e) from None


def _unwritable(index_dir: Path, e: OSError) -> IndexUnusableError:
    if e.errno == errno.ENOSPC:
        return IndexUnusableError(f"disk full: no space left to write {index_dir}")
    if isinstance(e, PermissionError):
        return IndexUnusableError(f"cannot write to {index_dir}: permission denied")
    return IndexUnusableError(f"cannot write to {index_dir}: {e.strerror}")


def links_in(index_dir: Path, indexname: str) -> list[str]:
    """Symbolic links among the entries of generation `indexname` (and in its folder, for
    tantivy): kcsearch never makes one, and reading or writing through one would leave the
    index folder."""
    found = []
    with contextlib.suppress(OSError), os.scandir(index_dir) as it:
        for e in it:
            if generation_of(e.name) != indexname and e.name not in (META_FILE, LOCK_FILE):
                continue
            if e.is_symlink():
                found.append(e.name)
            elif e.name == indexname and e.is_dir(follow_symlinks=False):
                with contextlib.suppress(OSError), os.scandir(e.path) as inner:
                    found += [f"{e.name}/{i.name}" for i in inner if i.is_symlink()]
    return found


def check_links(index_dir: Path, indexname: str) -> None:
    """Refuse to open a generation that a symbolic link would lead out of the folder."""
    links = links_in(index_dir, indexname)
    if links:
        raise IndexUnusableError(
            f"the index at {index_dir} holds a symbolic link ({links[0]}), which kcsearch never "
            "makes; rebuild it with: kcsearch index --rebuild CORPUS_DIR")


# --- removing what kcsearch made -------------------------------------------------------------
def _remove_entry(index_dir: Path, name: str) -> None:
    """Delete one entry of the index folder that kcsearch generated; never follows a link."""
    if "/" in name or "\x00" in name or name in ("", ".", "..") or not is_generated_name(name):
        raise ValueError(f"refusing to remove {name!r} from {index_dir}")
    path = index_dir / name
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        return
    if stat.S_ISDIR(st.st_mode):
        if not shutil.rmtree.avoids_symlink_attacks:  # pragma: no cover - Linux has it
            raise OSError(errno.ENOTSUP, "cannot remove folders safely on this system")
        shutil.rmtree(path)  # fd-based: a link inside is removed, never followed
    else:
        os.unlink(path)  # a symbolic link itself, not what it points to


def remove_generation(index_dir: Path, indexname: str) -> None:
    """Delete every entry of one superseded generation (validated name, inside the folder)."""
    if GENERATION.fullmatch(indexname) is None:
        raise ValueError(f"refusing to remove generation {indexname!r}")
    for name in os.listdir(index_dir):
        if generation_of(name) == indexname:
            with contextlib.suppress(OSError):
                _remove_entry(index_dir, name)


def sweep(index_dir: Path, keep: str | None) -> list[str]:
    """Remove what interrupted or failed runs left: every generation but `keep`, temporary
    files of atomic writes, and symbolic links wherever kcsearch's own names belong. Call it
    holding the write lock. Returns the names removed."""
    removed = []
    for name in sorted(os.listdir(index_dir)):
        gen = generation_of(name)
        stale = _TEMP_ENTRY.fullmatch(name) is not None or (gen is not None and gen != keep)
        planted = (gen is not None or name in (META_FILE, MARKER_FILE, CORPUS_FILE, WATCH_FILE)) and \
            os.path.islink(index_dir / name)
        try:
            if stale or planted:
                _remove_entry(index_dir, name)
                removed.append(name)
        except OSError:
            continue  # left for the next run; nothing outside the folder was touched
    if keep is not None and os.path.isdir(index_dir / keep) and not os.path.islink(index_dir / keep):
        for inner in links_in(index_dir, keep):
            if "/" in inner:
                with contextlib.suppress(OSError):
                    os.unlink(index_dir / inner)
                    removed.append(inner)
    return removed


def remove_files(index_dir: Path, names: list[str]) -> None:
    """Delete entries of the current generation that no commit uses (a failed run's leftovers:
    files, a scratch folder); inside the generation's folder, files only."""
    for name in names:
        if not _is_safe_relative(name):
            continue
        path = index_dir / name
        with contextlib.suppress(OSError):
            if "/" not in name:
                _remove_entry(index_dir, name)
            elif stat.S_ISREG(os.lstat(path).st_mode) or os.path.islink(path):
                os.unlink(path)


# --- the files of a commit, and whether they are intact ----------------------------------------
def file_crc(path: Path) -> tuple[int, int]:
    """(size, CRC-32) of a file, read without following a symbolic link."""
    fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC)
    try:
        crc, size = 0, 0
        while chunk := os.read(fd, CRC_CHUNK):
            crc, size = zlib.crc32(chunk, crc), size + len(chunk)
        return size, crc
    finally:
        os.close(fd)


def manifest(index_dir: Path, names: list[str], known: dict[str, tuple[int, int, int]]
             ) -> tuple[tuple[str, int, int], ...]:
    """(name, size, CRC-32) of each file; `known` gives (size, mtime_ns, crc) already read."""
    out = []
    for name in sorted(names):
        st = os.lstat(index_dir / name)
        seen = known.get(name)
        if seen is not None and seen[:2] == (st.st_size, st.st_mtime_ns):
            out.append((name, seen[0], seen[2]))
        else:
            out.append((name, *file_crc(index_dir / name)))
    return tuple(out)


def verify(index_dir: Path, meta: IndexMeta) -> tuple[str | None, dict[str, tuple[int, int, int]]]:
    """Whether every file the last commit wrote is still as written: (what is wrong, or None;
    name -> (size, mtime_ns, crc) of the files read, for the next manifest)."""
    read: dict[str, tuple[int, int, int]] = {}
    for name, size, crc in meta.files:
        path = index_dir / name
        try:
            st = os.lstat(path)
            if not stat.S_ISREG(st.st_mode):
                return f"{name} is not a regular file", read
            if st.st_size != size:
                return f"{name} has {st.st_size} bytes, not the {size} written", read
            got = file_crc(path)
        except FileNotFoundError:
            return f"{name} is missing", read
        except OSError as e:
            return f"{name} cannot be read ({e.strerror})", read
        if got[1] != crc:
            return f"{name} was changed or damaged after it was written", read
        read[name] = (size, st.st_mtime_ns, crc)
    return None, read


# --- the write lock --------------------------------------------------------------------------
@contextlib.contextmanager
def write_lock(index_dir: Path, wait: float = 0.0) -> Iterator[None]:
    """Hold the index's write lock, waiting up to `wait` seconds for another writer to finish."""
    try:
        index_dir.mkdir(parents=True, exist_ok=True)
        fd = os.open(index_dir / LOCK_FILE, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC,
                     0o644)
    except PermissionError:
        raise IndexUnusableError(f"cannot write to {index_dir}: permission denied") from None
    except OSError as e:
        if e.errno == errno.ELOOP:
            raise IndexUnusableError(
                f"{index_dir / LOCK_FILE} is a symbolic link, which kcsearch never makes; "
                "remove it and run again") from None
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
        fd = os.open(index_dir / LOCK_FILE, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
        return False
    except BlockingIOError:
        return True
    finally:
        os.close(fd)
