"""Errors the search API raises, under the one base class users catch: KcsearchError."""

from __future__ import annotations

from kcsearch.index.errors import (
    CorpusError,
    DiskFullError,
    IndexDamagedError,
    IndexLockedError,
    IndexMissingError,
    IndexOutdatedError,
    IndexUnusableError,
    InterruptedIndexing,
    KcsearchError,
)


class DocumentNotFound(KcsearchError):
    """No document with that id is in the index."""


__all__ = [
    "CorpusError",
    "DiskFullError",
    "DocumentNotFound",
    "IndexDamagedError",
    "IndexLockedError",
    "IndexMissingError",
    "IndexOutdatedError",
    "IndexUnusableError",
    "InterruptedIndexing",
    "KcsearchError",
]
