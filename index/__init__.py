"""kcsearch.index: turning article files into a fielded, incremental index.

Stages, one module each: load (files, metadata file) -> clean (boilerplate) / html (web pages)
-> extract (date, outlet, author) and quotes (quotations, speakers) -> schema + engine (Whoosh)
-> writer (incremental, locked, all-or-nothing runs). storage knows the index directory.
"""

from .errors import (
    CorpusError,
    IndexLockedError,
    IndexMissingError,
    IndexOutdatedError,
    IndexUnusableError,
    InterruptedIndexing,
    KcsearchError,
)
from .load import Failure
from .model import Article, Quote
from .writer import IndexReport, update_index

__all__ = [
    "Article",
    "CorpusError",
    "Failure",
    "IndexLockedError",
    "IndexMissingError",
    "IndexOutdatedError",
    "IndexReport",
    "IndexUnusableError",
    "InterruptedIndexing",
    "KcsearchError",
    "Quote",
    "update_index",
]
