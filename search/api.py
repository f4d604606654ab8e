"""The Corpus: kcsearch's one entry point for reading an index and keeping it up to date."""

from __future__ import annotations

import sys
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any

from kcsearch.index import storage

from . import articles
from .errors import (
    DocumentNotFound,
    IndexMissingError,
    IndexOutdatedError,
    IndexUnusableError,
    KcsearchError,
)
from .query import DEFAULT_LIMIT, MAX_NAME_CHARS, MAX_OUTLETS, QueryError, make_request
from .results import Document, QuoteResult, SearchResult, Similar
from .session import Session

if TYPE_CHECKING:  # the writing stack is imported only when an index is built
    from kcsearch.index.freshness import Staleness
    from kcsearch.index.writer import IndexReport, Progress

    from .check import CheckResult
    from .watches import Watch, WatchNews


MAX_WAIT = 7 * 24 * 3600.0  # --wait: a week at most (nan and inf are refused)


def default_corpus() -> Path | None:
    """./corpus, if the current folder has one: the corpus `kcsearch index` reads when given
    no folder, and a first search builds its index from."""
    here = Path("corpus")
    return here if here.is_dir() else None


def sample_corpus() -> Path | None:
    """The sample corpus shipped with kcsearch (five articles), read only when asked for
    (`kcsearch index --sample`)."""
    for candidate in (Path(sys.prefix) / "share" / "kcsearch" / "corpus",  # pip install .
                      Path(__file__).resolve().parents[1] / "corpus"):  # a source checkout
        if candidate.is_dir() and any(candidate.glob("*.txt")):
            return candidate
    return None


def indexed_paths(index: str | Path | None = None) -> list[Path]:
    """The folders and files the index at `index` was built from (as its last runs recorded
    them), where they still exist: what rebuilding it after an upgrade reads."""
    from kcsearch.index.freshness import indexed_paths as recorded

    return recorded(index_path(index))


def index_state(index: str | Path | None = None) -> str:
    """'current', 'missing', 'outdated' or 'unusable': what opening the index would find."""
    path = index_path(index)
    try:
        meta = storage.read_meta(path)
        storage.check_current(meta, path)
    except IndexMissingError:
        return "missing"
    except IndexOutdatedError:
        return "outdated"
    except KcsearchError:
        return "unusable"
    return "current"


def index_path(index: str | Path | None) -> Path:
    """The index location: the argument, else $KCSEARCH_INDEX, else ./.kcsearch."""
    return _path(index, "the index") if index else storage.default_index_dir()


def _path(value: object, what: str) -> Path:
    if not isinstance(value, str | Path) or "\x00" in str(value):
        raise QueryError(f"{what} must be a path (text), not {type(value).__name__}")
    return Path(value)


def _doc_id(value: object) -> str:
    if not isinstance(value, str):
        raise QueryError(f"a document id is text (as search prints it), not {type(value).__name__}")
    return value


def build(paths: list[str | Path], index: str | Path | None = None, *, rebuild: bool = False,
          engine: str | None = None, wait: float = 0.0,
          progress: Progress | None = None, follow_links: bool = False) -> IndexReport:
    """Build or incrementally update the index from corpus folders or files.

    engine: "whoosh" (the default for a new index) or "tantivy"; None keeps the index's own.
    Another engine than the index's rebuilds it with that engine. follow_links: also index
    files that symbolic links in the corpus folders point to outside them."""
    from kcsearch.index import engine as engines
    from kcsearch.index.writer import update_index

    if engine is not None:
        if engine not in engines.ENGINES:
            raise QueryError(f"--engine {engine!r} is not one of: {', '.join(engines.ENGINES)}")
        if not engines.available(engine):
            raise IndexUnusableError(f"the {engine} engine is not installed: "
                                     f"pip install 'kcsearch[{engine}]'")
    if not (isinstance(wait, int | float) and 0 <= wait <= MAX_WAIT):
        raise QueryError(f"--wait {wait!r} must be a number of seconds from 0 to {MAX_WAIT:.0f}")
    if isinstance(paths, str | Path):
        paths = [paths]
    return update_index([_path(p, "a corpus path") for p in paths], index_path(index), rebuild=rebuild,
                        engine=engine, wait=wait, progress=progress, follow_links=follow_links)


class Corpus:
    """An open index. Use `kcsearch.open()`; close it, or use it in a `with` block."""

    def __init__(self, index: str | Path | None = None) -> None:
        self.index_dir = index_path(index)
        self._session = Session(self.index_dir)

    def __len__(self) -> int:
        return self._session.count()

    def documents(self) -> list[Document]:
        """Every stored document, by id."""
        return self._session.documents()

    def get(self, doc_id: str) -> Document:
        doc_id = _doc_id(doc_id)
        try:
            doc_id.encode("utf-8")
            doc = self._session.get(doc_id)
        except UnicodeEncodeError:  # ids are text: raw bytes of a file name name no document
            doc = None
        if doc is None:
            raise DocumentNotFound(f"no document {doc_id!r} in the index at {self.index_dir}")
        return doc

    def search(self, query: str, *, after: str | None = None, before: str | None = None,
               until: str | None = None, outlets: list[str] | tuple[str, ...] = (),
               speaker: str | None = None,
               limit: int = DEFAULT_LIMIT, sort: str = "relevance",
               facets: bool = False, exact_names: bool = False,
               expand: bool = False, page: int = 1) -> SearchResult:
        """Articles matching `query` (Whoosh syntax), best first, with highlighted snippets.

        after, before and until take YYYY-MM-DD, YYYY-MM or YYYY: after from the period's first
        day on, before up to (not including) it (before="2020" ends on 2019-12-31), until up to
        and including its last day (until="2020" ends on 2020-12-31); outlets match
        canonical names case-insensitively ("guardian" -> The Guardian); speaker keeps
        articles quoting that person or body (accents and case folded, surname enough);
        facets adds counts by outlet, speaker and month over the whole matching set;
        names in an alias group (Stepanakert/Khankendi) find each other unless exact_names;
        articles telling the same story collapse into one hit ("also") unless expand;
        page 2 holds the `limit` hits (stories) after page 1's, and so on.
        """
        req = make_request(query, after=after, before=before, until=until,
                           outlets=self._resolve_outlets(outlets), speaker=speaker,
                           limit=limit, sort=sort, aliases=not exact_names, page=page)
        return articles.search(self._session, req, facets=facets, expand=expand)

    def similar(self, doc_id: str) -> list[Similar]:
        """Articles that tell the same story as `doc_id` (same cluster first, then close ones)."""
        doc_id = self.get(doc_id).id  # raises DocumentNotFound with a clear message
        from .similar import similar  # only this command compares signatures

        return similar(self._session, doc_id)

    def check(self, claim: str, *, after: str | None = None, before: str | None = None,
              until: str | None = None, outlets: list[str] | tuple[str, ...] = (),
              exact_names: bool = False) -> CheckResult:
        """Every sentence bearing on `claim`, grouped by article, with who says it, the
        figures each source gives (side by side, disagreements flagged) and the denials
        near it. Evidence only: kcsearch gives no verdict."""
        req = make_request(claim, after=after, before=before, until=until,
                           outlets=self._resolve_outlets(outlets), aliases=not exact_names)
        from .evidence import check  # check.py loads only for a check

        return check(self._session, req.text, req)

    def quotes(self, query: str | None = None, *, speaker: str | None = None,
               after: str | None = None, before: str | None = None, until: str | None = None,
               outlets: list[str] | tuple[str, ...] = (), limit: int = 50,
               sort: str = "relevance", exact_names: bool = False,
               short: bool = False) -> QuoteResult:
        """Direct quotations matching `query` (all of them if None), with who said them.

        Filters work as in search(); speaker keeps only that speaker's own quotations (a
        name, a role or a body: "Peskov", "Kremlin", "defence ministry"). Without a query,
        quotations come by date, then article, then position, and one- or two-word ones
        ("lies") only with short=True; a query finds them whenever it matches.
        """
        req = make_request(query, after=after, before=before, until=until,
                           outlets=self._resolve_outlets(outlets), speaker=speaker,
                           limit=limit, sort=sort, text_required=False, aliases=not exact_names,
                           short=short)
        from .quotations import quotes

        return quotes(self._session, req)

    def staleness(self) -> Staleness | None:
        """Files added, changed or removed under the indexed folders since the last
        `kcsearch index` (compared by size and time, no file read); None when none were, or
        when it cannot be told (an index without the record, a corpus of over 20,000 files)."""
        from kcsearch.index.freshness import staleness

        return staleness(self._session.index_dir)

    # --- saved searches (search/watches.py) ---------------------------------------------------
    def watch_add(self, name: str, query: str, **filters: Any) -> tuple[Watch, int]:
        """Save a search under `name` (filters as search() takes them: after, before, until,
        outlets, speaker, exact_names). What it matches now counts as shown; returns the
        saved search and how many articles match now."""
        from . import watches

        return watches.add(self, name, query, **filters)

    def watch_remove(self, name: str) -> None:
        from . import watches

        watches.remove(self, name)

    def watches(self) -> list[Watch]:
        from . import watches

        return watches.listing(self)

    def watch_news(self, mark: bool = True) -> list[WatchNews]:
        """Per saved search, the articles it matches that it has not shown before; with
        mark, they count as shown from now on."""
        from . import watches

        return watches.news(self, mark=mark)

    def outlets(self) -> list[str]:
        """The outlets of the indexed articles."""
        return self._session.outlets()

    def _resolve_outlets(self, names: list[str] | tuple[str, ...]) -> tuple[str, ...]:
        if not names:
            return ()
        if isinstance(names, str) or len(names) > MAX_OUTLETS or any(
                not isinstance(n, str) or len(n) > MAX_NAME_CHARS for n in names):
            raise QueryError(f"--outlet: at most {MAX_OUTLETS} outlets of up to {MAX_NAME_CHARS} "
                             "characters, as a list of names")
        from kcsearch.index.extract import canonical_outlet  # only --outlet needs it

        known = {o.lower(): o for o in self.outlets()}
        out = []
        for name in names:
            canon = (canonical_outlet(name) or "").lower()
            match = known.get(canon) or known.get(name.strip().lower())
            if match is None:
                raise QueryError(f"unknown outlet {name!r}; the index has: "
                                 f"{', '.join(sorted(known.values())) or 'no outlets'}")
            out.append(match)
        return tuple(out)

    def close(self) -> None:
        self._session.close()

    def __enter__(self) -> Corpus:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()


def open(index: str | Path | None = None) -> Corpus:
    """Open the index at `index` (default: $KCSEARCH_INDEX or ./.kcsearch)."""
    return Corpus(index)
