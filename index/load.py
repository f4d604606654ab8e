"""Files -> Articles: finding article files, reading them safely, and the corpus metadata file.

A file that cannot become an article (binary, undecodable, empty, no text after cleaning,
unsupported type) is returned as a Failure with its reason, never raised: one bad file must
not stop a run. Only a broken metadata file stops the run, because indexing without it would
silently drop dates and outlets the user gave.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import stat
import tomllib
from collections.abc import Iterator
from pathlib import Path

from . import clean, dedup, extract, quotes
from .errors import CorpusError
from .model import Article, CleanDoc, Metadata
from .records import record

# Bump when cleaning or extraction changes, so an incremental run re-extracts every file.
PIPELINE_VERSION = "3"  # 2: near-duplicate signatures; 3: tabulation-hashed shingles

FORMATS = {".txt": "text", ".md": "text", ".markdown": "text", ".html": "html", ".htm": "html"}
METADATA_FILE = "sources.toml"
# Files in a corpus folder that are about the corpus, not articles in it.
NOT_ARTICLES = {METADATA_FILE, "readme.md", "readme.txt", "readme", "license", "license.txt"}
INDEX_MARKER = "kcsearch.json"  # present in an index directory
METADATA_KEYS = {"url", "outlet", "date", "title", "author"}
BINARY_SNIFF_BYTES = 8192


@record
class Failure:
    path: str
    reason: str


@record
class Candidate:
    """An article file found under a corpus root."""

    id: str
    path: Path
    root: Path


@record
class Scan:
    candidates: list[Candidate]
    failures: list[Failure]
    # Roots scanned as whole folders: documents indexed from them whose file is gone are removed.
    full_roots: set[Path]
    metadata: dict[Path, dict[str, Metadata]]


def scan(paths: list[Path]) -> Scan:
    """Find article files under the given folders and files."""
    candidates: list[Candidate] = []
    failures: list[Failure] = []
    full_roots: set[Path] = set()
    metadata: dict[Path, dict[str, Metadata]] = {}
    for given in paths:
        path = Path(os.path.abspath(given))
        try:
            mode = path.stat().st_mode
        except FileNotFoundError:
            failures.append(Failure(str(given), "no such file or folder"))
            continue
        except OSError as e:
            failures.append(Failure(str(given), f"cannot access: {e.strerror}"))
            continue
        if stat.S_ISDIR(mode):
            if (path / INDEX_MARKER).exists():
                failures.append(Failure(str(given), "is a kcsearch index folder, not a corpus"))
                continue
            full_roots.add(path)
            metadata[path] = read_metadata(path)
            for file in _walk(path, failures):
                candidates.append(Candidate(file.relative_to(path).as_posix(), file, path))
        elif stat.S_ISREG(mode):
            root = path.parent
            if root not in metadata:
                metadata[root] = read_metadata(root)
            if _is_article_name(path, failures):
                candidates.append(Candidate(path.name, path, root))
        else:
            failures.append(Failure(str(given), "not a regular file or folder"))
    return Scan(candidates, failures, full_roots, metadata)


def _is_article_name(path: Path, failures: list[Failure]) -> bool:
    if path.name.lower() in NOT_ARTICLES:
        return False
    if path.suffix.lower() not in FORMATS:
        failures.append(Failure(str(path), f"unsupported file type {path.suffix or '(none)'}; "
                                           f"kcsearch reads {', '.join(sorted(FORMATS))}"))
        return False
    return True


def _walk(root: Path, failures: list[Failure]) -> Iterator[Path]:
    def onerror(e: OSError) -> None:
        failures.append(Failure(str(e.filename), f"cannot read folder: {e.strerror}"))

    for dirpath, dirnames, filenames in os.walk(root, onerror=onerror):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            if name.startswith("."):
                continue
            file = Path(dirpath) / name
            if not file.is_file():
                failures.append(Failure(str(file), "not a regular file"))
                continue
            if _is_article_name(file, failures):
                yield file


def read_metadata(root: Path) -> dict[str, Metadata]:
    """Parse ROOT/sources.toml: a table per article file name. Raises CorpusError if malformed."""
    path = root / METADATA_FILE
    if not path.exists():
        return {}
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as e:
        raise CorpusError(f"{path}: cannot read metadata file: {e}") from None
    except tomllib.TOMLDecodeError as e:
        raise CorpusError(f"{path}: invalid TOML: {e}; fix it and run again") from None
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
        out[name] = Metadata(url=entry.get("url"), outlet=entry.get("outlet"), date=date,
                             title=entry.get("title"), author=entry.get("author"))
    return out


def read_bytes(path: Path) -> bytes:
    with open(path, "rb") as f:
        return f.read()


def content_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def fingerprint(content_hash: str, meta: Metadata) -> str:
    """What decides whether a file must be re-indexed: its bytes, its metadata, the pipeline."""
    payload = json.dumps([content_hash, PIPELINE_VERSION, meta.url, meta.outlet,
                          meta.date.isoformat() if meta.date else None, meta.title, meta.author])
    return hashlib.sha256(payload.encode()).hexdigest()


def decode_text(data: bytes) -> str:
    if not data.strip():
        raise ValueError("empty file")
    if b"\x00" in data[:BINARY_SNIFF_BYTES]:
        raise ValueError("binary file, not text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise ValueError(f"not valid UTF-8 text (bad byte at offset {e.start}); "
                         "re-save the file as UTF-8") from None


def clean_file(data: bytes, fmt: str) -> CleanDoc:
    if fmt == "html":
        if not data.strip():
            raise ValueError("empty file")
        if b"\x00" in data[:BINARY_SNIFF_BYTES]:
            raise ValueError("binary file, not HTML")
        from . import html  # bs4 is imported only when an HTML page is indexed

        return html.clean_html(data)
    return clean.clean_text(decode_text(data))


def build_article(cand: Candidate, data: bytes, meta: Metadata) -> Article:
    """Clean and extract one file. Raises ValueError with a user-facing reason."""
    fmt = FORMATS[cand.path.suffix.lower()]
    doc = clean_file(data, fmt)
    if not doc.paragraphs:
        raise ValueError("no article text found after removing boilerplate")
    qs = quotes.extract_quotes(doc.paragraphs, doc.captions)
    date, date_source = extract.extract_date(doc, meta)
    digest = content_hash(data)
    return Article(
        id=cand.id,
        path=str(cand.path),
        root=str(cand.root),
        title=extract.extract_title(doc, meta),
        outlet=extract.extract_outlet(doc, meta),
        url=doc.html_url or meta.url,
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
    )


def load_article(path: Path, root: Path | None = None, meta: Metadata | None = None) -> Article:
    """Convenience for callers with one file: its article, reading ROOT's metadata if not given."""
    path = Path(os.path.abspath(path))
    root = Path(os.path.abspath(root)) if root else path.parent
    if meta is None:
        meta = read_metadata(root).get(path.relative_to(root).as_posix(), Metadata())
    return build_article(Candidate(path.relative_to(root).as_posix(), path, root),
                         read_bytes(path), meta)
