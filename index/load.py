"""Files -> Articles: finding article files, reading them safely, and the corpus metadata file.

A file that cannot become an article (binary, undecodable, empty, no text after cleaning,
unsupported type) is returned as a Failure with its reason, never raised: one bad file must
not stop a run. Only a broken metadata file stops the run, because indexing without it would
silently drop dates and outlets the user gave.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import hashlib
import json
import os
import re
import signal
import stat
import threading
import tomllib
from collections.abc import Iterator
from dataclasses import field
from pathlib import Path

from . import clean, dedup, extract, quotes
from .errors import CorpusError
from .formats import FORMATS, INDEX_MARKER, METADATA_FILE, NOT_ARTICLES
from .model import Article, CleanDoc, Metadata
from .reading import read_regular
from .records import record

# Bump when cleaning or extraction changes, so an incremental run re-extracts every file.
PIPELINE_VERSION = "7"  # 2: near-duplicate signatures; 3: tabulation-hashed shingles;
# 4: control characters dropped from article text; 5: attribution rules, short quotes, `how`;
# 6: text-file headlines, wire datelines and credits, legacy encodings, corrections;
# 7: web-page blocks, bylines, published dates and titles; calls to action; field sources; NFC

METADATA_FIELDS = ("url", "outlet", "date", "title", "author")
METADATA_KEYS = {*METADATA_FIELDS, "override"}
BINARY_SNIFF_BYTES = 8192
MAX_FILE_BYTES = 32_000_000  # larger than any news article or saved page; bounds one file's work
MAX_METADATA_BYTES = 8_000_000
FILE_SECONDS = 30.0  # time budget to clean one file (a real page takes well under a second)


@record
class Failure:
    """A file that could not be indexed, and why (in words a user can act on)."""

    path: str
    reason: str


@record
class Candidate:
    """An article file found under a corpus root. `path` is where it was found (a symbolic
    link, perhaps), `source` the file to read: the link's target, checked at scan time."""

    id: str
    path: Path
    root: Path
    source: str | None = None  # a str: a Path for every file of a big corpus costs
    follow_links: bool = False

    @property
    def shown(self) -> str:
        """The path as a user reads it (a name that is not UTF-8 shows its bytes as \\xNN)."""
        return printable(str(self.path))


@record
class Scan:
    """What a walk of the corpus paths found: article files, failures, and what to keep."""

    candidates: list[Candidate]
    failures: list[Failure]
    # Roots scanned as whole folders: documents indexed from them whose file is gone are removed.
    full_roots: set[Path]
    metadata: dict[Path, dict[str, Metadata]]
    # Ids of files that are there but cannot be read now (a FIFO, a broken link): their
    # previous versions are kept, as are those under folders that could not be read.
    kept: set[str] = field(default_factory=set)
    kept_folders: dict[str, list[str]] = field(default_factory=dict)  # root -> folder ids

    def kept_under(self, root: str, doc_id: str) -> bool:
        return any(doc_id.startswith(f"{folder}/") for folder in self.kept_folders.get(root, ()))


_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")


def printable(path: str) -> str:
    """A path as text: bytes of a file name that is not UTF-8 (Python holds them as
    surrogates) and control characters (a name may hold a line break or an escape sequence)
    shown as \\xNN, so ids, JSON and terminals can carry it on one line."""
    try:
        path.encode("utf-8")
    except UnicodeEncodeError:
        path = os.fsencode(path).decode("utf-8", "backslashreplace")
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", path) if _CONTROL.search(path) else path


def _inside(path: str, root_real: str) -> bool:
    return path == root_real or path.startswith(root_real.rstrip("/") + "/")


def scan(paths: list[Path], follow_links: bool = False) -> Scan:
    """Find article files under the given folders and files.

    Symbolic links are followed only where they stay inside the corpus folder, unless
    follow_links: a link in a downloaded corpus could otherwise make kcsearch index (and
    `show`) any file the user can read."""
    out = Scan([], [], set(), {})
    ids: dict[str, Path] = {}
    for given in paths:
        path = Path(os.path.abspath(given))
        try:
            mode = path.stat().st_mode
        except FileNotFoundError:
            out.failures.append(Failure(printable(str(given)), "no such file or folder"))
            continue
        except OSError as e:
            out.failures.append(Failure(printable(str(given)), f"cannot access: {e.strerror}"))
            continue
        if stat.S_ISDIR(mode):
            if (path / INDEX_MARKER).exists():
                out.failures.append(Failure(printable(str(given)),
                                            "is a kcsearch index folder, not a corpus"))
                continue
            out.full_roots.add(path)
            out.metadata[path] = read_metadata(path, follow_links)
            _walk(path, out, ids, follow_links)
        elif stat.S_ISREG(mode):
            root = path.parent
            if root not in out.metadata:
                out.metadata[root] = read_metadata(root, follow_links)
            if _is_article_name(path, out.failures):  # named by the user: read where it leads
                _add(Candidate(printable(path.name), path, root, os.path.realpath(path), True),
                     out, ids)
        else:
            out.failures.append(Failure(printable(str(given)), "not a regular file or folder"))
    return out


def _add(cand: Candidate, out: Scan, ids: dict[str, Path]) -> None:
    other = ids.get(cand.id)
    if other is not None and other != cand.path:
        out.failures.append(Failure(cand.shown, f"its id {cand.id!r} is already taken by "
                                                f"{printable(str(other))}; rename one of them"))
        return
    ids[cand.id] = cand.path
    out.candidates.append(cand)


def _is_article_name(path: Path, failures: list[Failure]) -> bool:
    if path.name.lower() in NOT_ARTICLES:
        return False
    if path.suffix.lower() not in FORMATS:
        failures.append(Failure(printable(str(path)),
                                f"unsupported file type {printable(path.suffix) or '(none)'}; "
                                f"kcsearch reads {', '.join(sorted(FORMATS))}"))
        return False
    return True


def _walk(root: Path, out: Scan, ids: dict[str, Path], follow_links: bool) -> None:
    root_real = os.path.realpath(root)
    visited: set[tuple[int, int]] = set()
    unreadable: list[str] = []

    def onerror(e: OSError) -> None:
        out.failures.append(Failure(printable(str(e.filename)), f"cannot read folder: {e.strerror}"))
        if e.filename is not None and str(e.filename) != str(root):
            unreadable.append(printable(os.path.relpath(e.filename, root)).replace(os.sep, "/"))

    for dirpath, dirnames, filenames in os.walk(root, onerror=onerror, followlinks=follow_links):
        dir_real = os.path.realpath(dirpath)  # once a folder: a file's is this and its name
        if follow_links:  # a link back up the tree would walk forever
            st = os.stat(dirpath)
            if (st.st_dev, st.st_ino) in visited:
                dirnames[:] = []
                continue
            visited.add((st.st_dev, st.st_ino))
        kept_dirs = []
        for d in sorted(dirnames):
            if d.startswith("."):
                continue
            full = os.path.join(dirpath, d)
            if not follow_links and os.path.islink(full):
                if not _inside(os.path.realpath(full), root_real):
                    out.failures.append(Failure(printable(full), "symbolic link to a folder outside "
                                                "the corpus folder; not followed (--follow-links "
                                                "follows it)"))
                continue  # a link inside the corpus: its files are indexed where they are
            kept_dirs.append(d)
        dirnames[:] = kept_dirs
        for name in sorted(filenames):
            if name.startswith("."):
                continue
            file = Path(dirpath) / name
            doc_id = printable(file.relative_to(root).as_posix())
            if name.lower() in NOT_ARTICLES:
                continue
            why, linked = _unreadable(file, root_real, follow_links)
            if why is not None:
                out.failures.append(Failure(printable(str(file)), why[0]))
                if why[1]:
                    out.kept.add(doc_id)
                continue
            if _is_article_name(file, out.failures):
                source = os.path.realpath(file) if linked else os.path.join(dir_real, name)
                _add(Candidate(doc_id, file, root, source, follow_links), out, ids)
    if unreadable:
        out.kept_folders[printable(str(root))] = unreadable


def _unreadable(file: Path, root_real: str, follow_links: bool
                ) -> tuple[tuple[str, bool] | None, bool]:
    """Why a folder entry cannot be read as an article, and whether an earlier version of it
    should be kept (the file is there but unreadable now), or None if it can be read; and
    whether the entry is a symbolic link."""
    try:
        st = os.lstat(file)
    except OSError as e:
        return (f"cannot access: {e.strerror}", True), False
    linked = stat.S_ISLNK(st.st_mode)
    if linked:
        target = os.path.realpath(file)
        if not os.path.exists(target):
            return ("broken symbolic link (its target is missing); an earlier version is kept",
                    True), True
        if not follow_links and not _inside(target, root_real):
            return ("symbolic link to a file outside the corpus folder; not followed "
                    "(--follow-links follows it)", False), True
        st = os.stat(target)
    if not stat.S_ISREG(st.st_mode):
        kind = ("a FIFO" if stat.S_ISFIFO(st.st_mode) else "a socket" if stat.S_ISSOCK(st.st_mode)
                else "a device" if stat.S_ISCHR(st.st_mode) or stat.S_ISBLK(st.st_mode)
                else "a folder" if stat.S_ISDIR(st.st_mode) else "not a file")
        return (f"not a regular file ({kind}); an earlier version is kept", True), linked
    return None, linked


def read_metadata(root: Path, follow_links: bool = False) -> dict[str, Metadata]:
    """Parse ROOT/sources.toml: a table per article file name. Raises CorpusError if malformed
    or unreadable (indexing without it would silently drop the dates and outlets it gives)."""
    path = root / METADATA_FILE
    if not os.path.lexists(path):
        return {}
    shown = printable(str(path))
    if os.path.islink(path):
        target = os.path.realpath(path)
        if not os.path.exists(target):
            raise CorpusError(f"{shown}: broken symbolic link; fix or remove it and run again")
        if not follow_links and not _inside(target, os.path.realpath(root)):
            raise CorpusError(f"{shown}: symbolic link to a file outside the corpus folder; "
                              "kcsearch follows it only with --follow-links")
    try:
        data = tomllib.loads(read_bytes(Path(os.path.realpath(path)), MAX_METADATA_BYTES).decode("utf-8"))
    except UnicodeDecodeError as e:
        raise CorpusError(f"{shown}: not valid UTF-8 (bad byte at offset {e.start}); "
                          "re-save it as UTF-8") from None
    except OSError as e:
        raise CorpusError(f"{shown}: cannot read metadata file: {e.strerror}") from None
    except RecursionError:
        raise CorpusError(f"{shown}: nested too deeply to be a metadata file") from None
    except tomllib.TOMLDecodeError as e:
        raise CorpusError(f"{shown}: invalid TOML: {e}; fix it and run again") from None
    path = Path(shown)
    out: dict[str, Metadata] = {}
    for name, entry in data.items():
        if not isinstance(entry, dict):
            raise CorpusError(f"{path}: [{name!r}] must be a table of url/outlet/date/title/author")
        unknown = set(entry) - METADATA_KEYS
        if unknown:
            raise CorpusError(f"{path}: [{name!r}] has unknown key(s) {', '.join(sorted(unknown))}; "
                              f"allowed: {', '.join(sorted(METADATA_KEYS))}")
        date = entry.get("date")
        if isinstance(date, str):
            parsed = extract.parse_date(date)
            if parsed is None:
                raise CorpusError(f"{path}: [{name!r}] date {date!r} is not a date (use YYYY-MM-DD)")
            date = parsed
        elif isinstance(date, dt.datetime):
            date = date.date()
        elif date is not None and not isinstance(date, dt.date):
            raise CorpusError(f"{path}: [{name!r}] date must be a date like 2020-09-28")
        for key in ("url", "outlet", "title", "author"):
            if key in entry and not isinstance(entry[key], str):
                raise CorpusError(f"{path}: [{name!r}] {key} must be a string")
        override = entry.get("override", False)
        given = {k for k in METADATA_FIELDS if entry.get(k) is not None}
        if override is True:
            override = sorted(given)
        elif override is False:
            override = []
        if not isinstance(override, list) or not all(isinstance(k, str) for k in override):
            raise CorpusError(f"{path}: [{name!r}] override must be true or a list of fields, "
                              f"e.g. override = [\"outlet\", \"date\"]")
        if set(override) - given:
            raise CorpusError(f"{path}: [{name!r}] override names {', '.join(sorted(set(override) - given))}"
                              ", which the table gives no value for")
        out[name] = Metadata(url=entry.get("url"), outlet=entry.get("outlet"), date=date,
                             title=entry.get("title"), author=entry.get("author"),
                             override=frozenset(override))
    return out


def read_bytes(path: str | Path, limit: int | None = None, root: Path | None = None) -> bytes:
    """A file's bytes (reading.read_regular: no FIFO blocks, no link swapped in since the scan
    is followed, at most `limit` bytes); with `root`, refuses a file no longer inside it (a
    folder swapped for a link during the run)."""
    return read_regular(path, MAX_FILE_BYTES if limit is None else limit,
                        _real(str(root)) if root is not None else None)


@functools.lru_cache(maxsize=64)
def _real(root: str) -> str:
    """A corpus root's real path (asked once a file: an lstat per path component each time)."""
    return os.path.realpath(root)


def content_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def fingerprint(content_hash: str, meta: Metadata) -> str:
    """What decides whether a file must be re-indexed: its bytes, its metadata, the pipeline."""
    payload = json.dumps([content_hash, PIPELINE_VERSION, meta.url, meta.outlet,
                          meta.date.isoformat() if meta.date else None, meta.title, meta.author,
                          sorted(meta.override)])
    return hashlib.sha256(payload.encode()).hexdigest()


_BOMS = ((b"\xff\xfe\x00\x00", "utf-32-le"), (b"\x00\x00\xfe\xff", "utf-32-be"),
         (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be"))


def _wide_encoding(data: bytes) -> tuple[str, int] | None:
    """UTF-16 or UTF-32 (as Windows tools save text), by its byte-order mark, or for UTF-16
    without one by the zero bytes of mostly-ASCII text falling on one side of each pair:
    (encoding, bytes of mark to skip)."""
    for mark, encoding in _BOMS:
        if data.startswith(mark):
            return encoding, len(mark)
    head = data[:BINARY_SNIFF_BYTES]
    if len(head) >= 8 and len(head) % 2 == 0:
        even, odd = head[0::2].count(0), head[1::2].count(0)
        half = len(head) // 2
        if odd >= 0.4 * half and even == 0:
            return "utf-16-le", 0
        if even >= 0.4 * half and odd == 0:
            return "utf-16-be", 0
    return None


def decode_text(data: bytes) -> str:
    return read_text(data)[0]


def read_text(data: bytes) -> tuple[str, str]:
    """A text file's text and the encoding it was read in."""
    if not data.strip():
        raise ValueError("empty file")
    wide = _wide_encoding(data)
    if wide is not None:
        try:
            text = data[wide[1]:].decode(wide[0])
        except UnicodeDecodeError:
            raise ValueError(f"not valid {wide[0].upper()} text; re-save the file as UTF-8") from None
        if not text.strip():
            raise ValueError("empty file")
        if "\x00" in text[:BINARY_SNIFF_BYTES]:
            raise ValueError("binary file, not text")
        return text, wide[0]
    if b"\x00" in data[:BINARY_SNIFF_BYTES]:
        raise ValueError("binary file, not text")
    return decode_with_encoding(data)


# Legacy encodings of the archives kcsearch meets (Russian, Azerbaijani, Turkish, Armenian and
# western pages): a detector's guess is trusted only among these.
LEGACY_ENCODINGS = ("cp1251", "cp1254", "cp1252", "latin_1", "iso8859_9", "iso8859_5", "koi8_r",
                    "cp1250", "iso8859_2", "iso8859_15", "mac_cyrillic", "cp866", "armscii8")


def decode_with_encoding(data: bytes) -> tuple[str, str]:
    """A text file's text and the encoding read: UTF-8, else a legacy encoding that a
    detector (charset-normalizer) reads cleanly. A file no encoding reads cleanly is refused."""
    try:
        return data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError as e:
        bad = e.start
    from charset_normalizer import from_bytes  # only for files that are not UTF-8

    best = from_bytes(data, cp_isolation=list(LEGACY_ENCODINGS)).best()
    if best is not None and best.encoding in LEGACY_ENCODINGS and best.chaos <= 0.2:
        text = str(best)
        if text.strip() and not _NOT_TEXT_CONTROL.search(text):
            return text, best.encoding.replace("_", "-")
    raise ValueError(f"not valid UTF-8 text (bad byte at offset {bad}), and no common encoding "
                     "reads it cleanly; re-save the file as UTF-8")


# control characters no text holds (line ends and tabs apart): a wrong guess of an encoding
_NOT_TEXT_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def clean_file(data: bytes, fmt: str) -> CleanDoc:
    if fmt == "html":
        if not data.strip():
            raise ValueError("empty file")
        if _wide_encoding(data) is not None:  # the page's text, as UTF-8 with a mark bs4 trusts
            data = b"\xef\xbb\xbf" + decode_text(data).encode("utf-8")
        if b"\x00" in data[:BINARY_SNIFF_BYTES]:
            raise ValueError("binary file, not HTML")
        from . import html  # bs4 is imported only when an HTML page is indexed

        return html.clean_html(data)
    text, encoding = read_text(data)
    doc = clean.clean_text(text)
    doc.encoding = encoding
    return doc


def build_article(cand: Candidate, data: bytes, meta: Metadata) -> Article:
    """Clean and extract one file. Raises ValueError with a user-facing reason."""
    fmt = FORMATS[cand.path.suffix.lower()]
    doc = clean_file(data, fmt)
    if not doc.paragraphs:
        raise ValueError("no article text found after removing boilerplate")
    qs = quotes.extract_quotes(doc.paragraphs, doc.captions)
    date, date_source = extract.extract_date(doc, meta)
    outlet = extract.extract_outlet(doc, meta)
    digest = content_hash(data)
    sources = extract.field_sources(doc, meta, outlet)
    return Article(
        id=cand.id,
        path=cand.shown,
        root=printable(str(cand.root)),
        title=extract.extract_title(doc, meta),
        outlet=outlet,
        url=meta.url if "url" in meta.override and meta.url else doc.html_url or meta.url,
        date=date,
        date_source=date_source,
        author=extract.extract_author(doc, meta),
        contributors=extract.extract_contributors(doc),
        headings=tuple(doc.headings),
        body=doc.body,
        quotes=tuple(qs),
        speakers=tuple(quotes.speakers_of(qs)),
        content_hash=digest,
        fingerprint=fingerprint(digest, meta),
        stale_banner=doc.stale_banner,
        format=fmt,
        signature=dedup.signature(dedup.words(doc.body)),
        encoding=doc.encoding,
        from_metadata=extract.fields_from_metadata(sources),
        corrections=tuple(doc.corrections),
        agency=extract.extract_agency(doc, outlet),
        modified=extract.parse_date(doc.modified or doc.html_modified),
        field_sources=sources,
    )


class FileTimeout(BaseException):
    """A file's cleaning ran past its time budget. A BaseException, so that no library's
    `except Exception` around its own work swallows it."""


@contextlib.contextmanager
def time_budget(seconds: float) -> Iterator[None]:
    """Raise FileTimeout in this block after `seconds` (a pathological page must not stall a
    run). Needs the main thread's signals; elsewhere (an API caller's thread) no budget."""
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        yield
        return

    def expired(_signum: int, _frame: object) -> None:
        raise FileTimeout

    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def load_article(path: Path, root: Path | None = None, meta: Metadata | None = None) -> Article:
    """Convenience for callers with one file: its article, reading ROOT's metadata if not given."""
    path = Path(os.path.abspath(path))
    root = Path(os.path.abspath(root)) if root else path.parent
    if meta is None:
        meta = read_metadata(root).get(path.relative_to(root).as_posix(), Metadata())
    return build_article(Candidate(path.relative_to(root).as_posix(), path, root),
                         read_bytes(path), meta)
