"""kcsearch: full-text search over news coverage of the Nagorno-Karabakh conflict.

    import kcsearch
    kcsearch.build(["corpus"], index=".kcsearch")      # incremental; returns an IndexReport
    with kcsearch.open(".kcsearch") as corpus:
        doc = corpus.get("004_c67a387fa88ce996.txt")
        print(doc.outlet, doc.date, doc.speakers)

This module is the only public API: the CLI is a thin layer over it.
"""

from typing import Any

from .api import Corpus, build, default_corpus, index_path, index_state, indexed_paths, open, sample_corpus
from .errors import (
    CorpusError,
    DiskFullError,
    DocumentNotFound,
    IndexDamagedError,
    IndexLockedError,
    IndexMissingError,
    IndexOutdatedError,
    IndexUnusableError,
    InterruptedIndexing,
    KcsearchError,
)
from .query import QueryError
from .results import (
    AlsoCarried,
    Document,
    Facets,
    Hit,
    QuoteHit,
    QuoteResult,
    SearchResult,
    Similar,
)
from .snippets import Snippet

__all__ = [
    "AlsoCarried",
    "CheckResult",
    "Corpus",
    "CorpusError",
    "DiskFullError",
    "Document",
    "DocumentNotFound",
    "Facets",
    "Hit",
    "IndexDamagedError",
    "IndexLockedError",
    "IndexMissingError",
    "IndexOutdatedError",
    "IndexReport",
    "IndexUnusableError",
    "InterruptedIndexing",
    "KcsearchError",
    "QueryError",
    "Quote",
    "QuoteHit",
    "QuoteResult",
    "SearchResult",
    "Similar",
    "Snippet",
    "build",
    "default_corpus",
    "index_path",
    "index_state",
    "indexed_paths",
    "open",
    "sample_corpus",
]


def __getattr__(name: str) -> Any:
    # IndexReport lives with the writing stack, which a search never needs to import
    if name == "IndexReport":
        from kcsearch.index.writer import IndexReport

        return IndexReport
    if name == "Quote":  # with the indexing data model, which a search does not use
        from kcsearch.index.model import Quote

        return Quote
    if name == "CheckResult":  # the check machinery loads only when it is used
        from .check import CheckResult

        return CheckResult
    raise AttributeError(f"module 'kcsearch' has no attribute {name!r}")
