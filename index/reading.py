"""Reading one file the safe way: what the corpus walk and the index folder both need.

A corpus or an index folder may hold a FIFO where a file was (an open would block forever), a
symbolic link swapped in after it was checked (a read would leave the folder), or a file of
gigabytes (a read would exhaust memory). read_regular refuses each with an OSError whose
errno says which and whose strerror says it in words.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path


def read_regular(path: str | Path, limit: int, inside: str | None = None) -> bytes:
    """The bytes of a regular file of at most `limit` bytes, opened without following a link
    (ELOOP) and without blocking; EINVAL if not a regular file, EFBIG if larger, EXDEV if
    `inside` (a real path) is given and the file is not under it (Linux tells through /proc)."""
    fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise OSError(errno.EINVAL, "not a regular file")
        too_large = OSError(errno.EFBIG, f"file too large ({st.st_size / 1e6:.1f} MB; kcsearch "
                                         f"reads files up to {limit / 1e6:g} MB)")
        if st.st_size > limit:
            raise too_large
        if inside is not None:
            where = _opened_path(fd)
            if where is not None and where != inside and not where.startswith(inside.rstrip("/") + "/"):
                raise OSError(errno.EXDEV, "moved outside the corpus folder during the run")
        chunks, left = [], limit + 1
        while left > 0 and (chunk := os.read(fd, min(left, 1 << 20))):
            chunks.append(chunk)
            left -= len(chunk)
        if left <= 0:  # it grew past the limit while being read
            raise too_large
        return b"".join(chunks)
    finally:
        os.close(fd)


def _opened_path(fd: int) -> str | None:
    """Where an open file really is (Linux's /proc), or None where that cannot be told."""
    try:
        return os.readlink(f"/proc/self/fd/{fd}")
    except OSError:
        return None
