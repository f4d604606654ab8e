"""kcsearch's exception tree. Every error a user can cause is a KcsearchError with a one-line,
actionable message; engine and parser exceptions are translated into these, never shown.

It lives in index/ because dependencies run cli -> search -> index; `kcsearch` re-exports it.
"""

from __future__ import annotations


class KcsearchError(Exception):
    """Base class: catch this to handle every kcsearch failure. The message is one line even
    when it quotes a user's query or a file name holding line breaks."""

    def __init__(self, message: object = "", *args: object) -> None:
        text = str(message).replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\r")
        super().__init__(text, *args)


class CorpusError(KcsearchError):
    """A corpus path or its metadata file cannot be used."""


class IndexLockedError(KcsearchError):
    """Another kcsearch process is writing the index."""


class IndexUnusableError(KcsearchError):
    """The index is missing, corrupt, unreadable or from another kcsearch version."""


class IndexMissingError(IndexUnusableError):
    """No index exists at the given location yet."""


class IndexOutdatedError(IndexUnusableError):
    """The index was written by an older kcsearch and must be rebuilt."""


class IndexDamagedError(IndexUnusableError):
    """The engine could not read the index's files: damaged, or not written by kcsearch."""


class DiskFullError(KcsearchError):
    """No space was left to write the index; the previous index is kept."""


class InterruptedIndexing(KcsearchError):
    """Indexing was interrupted; the previous index is intact."""
