"""kcsearch.index: turning article files into a fielded, incremental index.

Stages, one module each: load (files, metadata file) -> clean (boilerplate) / html (web pages)
-> extract (date, outlet, author) and quotes (quotations, speakers) -> schema (fields, analysis)
-> engine (the seam; whoosh_engine or tantivy_engine behind it) -> writer (incremental, locked,
all-or-nothing runs; workers runs the cleaning in other processes, clusters gives each article
its story, from dedup's signatures). storage knows the index directory.

Exports load on first use (PEP 562), so a search imports none of the writing stack.
"""

from __future__ import annotations

import importlib
from typing import Any

_EXPORTS = {
    "CorpusError": "errors", "DiskFullError": "errors", "IndexDamagedError": "errors",
    "IndexLockedError": "errors", "IndexMissingError": "errors",
    "IndexOutdatedError": "errors", "IndexUnusableError": "errors",
    "InterruptedIndexing": "errors", "KcsearchError": "errors",
    "Failure": "load", "Article": "model", "Quote": "model",
    "IndexReport": "writer", "update_index": "writer",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    if name not in _EXPORTS:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f".{_EXPORTS[name]}", __name__), name)
