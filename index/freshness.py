"""Whether the corpus changed since the last `kcsearch index`: files added, changed or removed
under the folders (and files) it indexed.

`kcsearch index` records what it saw in the index folder (corpus.json: each folder and file it
was given, each article file's size and modification time, and each folder's modification
time); a search compares that with the disk by stat alone: no file is read. Up to MAX_FILES
files every file is compared (a few milliseconds a thousand files); above that only the
folders are, which tells files added, removed or renamed (editors save by renaming) but not
a file changed in place. The index folder is untrusted: corpus.json is read with a size limit
and its paths are only listed and stat'ed.
"""

from __future__ import annotations

import json
import os
import shlex
from pathlib import Path

from . import storage
from .formats import FORMATS, INDEX_MARKER, METADATA_FILE, NOT_ARTICLES
from .records import record

MAX_FILES = 5_000
_MAX_BYTES = 64_000_000


@record
class Staleness:
    """What changed in the indexed folders since the index was last brought up to date."""

    added: int
    changed: int
    removed: int
    paths: tuple[str, ...]  # the folders and files `kcsearch index` was given
    folders: int = 0  # for a large corpus: folders whose files were added, removed or renamed

    def message(self, index_dir: str) -> str:
        what = ", ".join(f"{n} {word}" for n, word in ((self.added, "added"), (self.changed, "changed"),
                                                        (self.removed, "removed")) if n)
        if self.folders:
            what = f"added, removed or renamed in {self.folders} folder{'s' if self.folders > 1 else ''}"
        paths = " ".join(shlex.quote(p) for p in self.paths)
        return (f"the corpus changed since the last `kcsearch index` (files: {what}); update the "
                f"index: kcsearch index {paths} --index {shlex.quote(index_dir)}")


def _walk(given: Path, stat_files: bool) -> tuple[dict[str, list[int]], dict[str, int], int]:
    """Article files (and sources.toml files) of a corpus folder or file -> [size, mtime_ns]
    (when `stat_files`), its folders -> mtime_ns, and how many article files it holds: the
    files `kcsearch index` reads (formats.py), found the way it finds them (hidden names and
    index folders skipped, links to folders not followed)."""
    files: dict[str, list[int]] = {}
    dirs: dict[str, int] = {}
    count = 0

    def add(path: str) -> None:
        nonlocal count
        name = os.path.basename(path).lower()
        if name != METADATA_FILE and (name in NOT_ARTICLES or os.path.splitext(name)[1] not in FORMATS):
            return
        count += 1
        if stat_files:
            try:
                st = os.stat(path)
            except OSError:
                return
            files[path] = [st.st_size, st.st_mtime_ns]

    path = os.path.abspath(given)
    if os.path.isfile(path):
        add(path)
        add(os.path.join(os.path.dirname(path), METADATA_FILE))
        return files, dirs, count
    for dirpath, dirnames, filenames in os.walk(path, onerror=_unreadable):
        if INDEX_MARKER in filenames and dirpath != path:
            dirnames[:] = []
            continue
        try:
            dirs[dirpath] = os.stat(dirpath).st_mtime_ns
        except OSError:
            continue
        dirnames[:] = [d for d in dirnames if not d.startswith(".")
                       and not os.path.islink(os.path.join(dirpath, d))]
        for name in filenames:
            if not name.startswith("."):
                add(os.path.join(dirpath, name))
    return files, dirs, count


def _unreadable(_error: OSError) -> None:
    """A folder that cannot be read: its files are not compared (indexing says why)."""


def record_corpus(index_dir: Path, paths: list[Path]) -> None:
    """After an indexing run: remember what the given folders and files held. Folders indexed
    into the same index by earlier runs are kept (one index may hold several folders)."""
    old = _read(index_dir)
    given = [os.path.abspath(p) for p in paths]

    def outside(f: str) -> bool:
        return not any(f == p or f.startswith(p.rstrip("/") + "/") for p in given)

    files = {f: st for f, st in old.get("files", {}).items() if outside(f)}
    dirs = {d: m for d, m in old.get("dirs", {}).items() if outside(d)}
    total = len(files)
    for p in paths:
        found, found_dirs, count = _walk(p, stat_files=True)
        files.update(found)
        dirs.update(found_dirs)
        total += count
    state = {"paths": [p for p in old.get("paths", []) if p not in given] + given, "dirs": dirs,
             "files": files if total <= MAX_FILES else {}, "large": total > MAX_FILES}
    if state != old:  # an unchanged corpus writes nothing
        storage.write_corpus_state(index_dir, json.dumps(state))


def _read(index_dir: Path) -> dict:
    text = storage.read_corpus_state(index_dir, _MAX_BYTES)
    if text is None:
        return {}
    try:
        state = json.loads(text)
    except (ValueError, RecursionError):
        return {}
    if not isinstance(state, dict) or not all(
            isinstance(state.get(k, {}), t) for k, t in (("paths", list), ("files", dict), ("dirs", dict))):
        return {}
    return state


def indexed_paths(index_dir: Path) -> list[Path]:
    """The folders and files the index's runs were given, those that still exist."""
    paths = _read(index_dir).get("paths", [])
    return [Path(p) for p in paths if isinstance(p, str) and os.path.exists(p)]


def staleness(index_dir: Path) -> Staleness | None:
    """What changed under the indexed folders since the last `kcsearch index`; None when
    nothing did, or when it cannot be told (an index without the record)."""
    state = _read(index_dir)
    paths = tuple(p for p in state.get("paths", []) if isinstance(p, str))
    if not paths:
        return None
    if state.get("large"):  # folders only: one stat a folder
        moved = 0
        for d, mtime in state.get("dirs", {}).items():
            try:
                moved += os.stat(d).st_mtime_ns != mtime
            except (OSError, TypeError, ValueError):
                moved += 1
        return Staleness(0, 0, 0, paths, folders=moved) if moved else None
    now: dict[str, list[int]] = {}
    for p in paths:
        found, _dirs, _count = _walk(Path(p), stat_files=True)
        now.update(found)
    before = {f: s for f, s in state.get("files", {}).items() if isinstance(s, list)}
    added = sum(1 for f in now if f not in before)
    removed = sum(1 for f in before if f not in now)
    changed = sum(1 for f, s in now.items() if f in before and before[f] != s)
    if not (added or removed or changed):
        return None
    return Staleness(added, changed, removed, paths)
