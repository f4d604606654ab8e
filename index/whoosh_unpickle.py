"""Whoosh's pickles, read so that an index folder cannot run code.

Whoosh stores its table of contents (the schema, the segment list), posting blocks, positions
and stored fields as pickles, and a pickle can call any function it names: a crafted index
folder (from a colleague, a download, a shared drive) would run its code in kcsearch's process.
kcsearch hands Whoosh its schema on every open, so the pickled schema is never read; every
other pickle Whoosh reads goes through `loads` / `load` here, which resolve only the few
names kcsearch's own indexes use, and check the segments a table of contents lists.

`install()` points Whoosh's modules at these, for the whole process (an API user's own Whoosh
indexes with custom classes in their pickles would need their schema passed on open too).
"""

from __future__ import annotations

import _codecs
import pickle
import re
import threading
import types
from typing import IO, Any

# A pickle can name an object only through these opcodes: GLOBAL, INST, STACK_GLOBAL and the
# extension registry (EXT1/2/4). Data without any of these bytes cannot reference a global,
# so the C unpickler reads it as it is (most of Whoosh's pickles: position lists). Protocol 2
# writes bytes as GLOBAL _codecs.encode (posting blocks): data whose only such bytes are in
# that one global is read as it is too.
_MAY_NAME = re.compile(rb"[ci\x82\x83\x84\x93]")
_BYTES_GLOBAL = b"c_codecs\nencode\n"
_SEGMENT_ID = re.compile(r"[0-9a-z]{1,64}")


def _allowed() -> dict[tuple[str, str], Any]:
    from collections import defaultdict

    from whoosh.codec.whoosh3 import W3Codec, W3Segment

    return {
        # protocol 2's bytes; a codec name finds only the standard library's encodings.* codecs
        ("_codecs", "encode"): _codecs.encode,
        ("builtins", "int"): int, ("__builtin__", "long"): int, ("__builtin__", "int"): int,
        ("builtins", "set"): set, ("builtins", "frozenset"): frozenset,
        ("__builtin__", "set"): set, ("__builtin__", "frozenset"): frozenset,
        ("collections", "defaultdict"): defaultdict,
        ("whoosh.codec.whoosh3", "W3Codec"): W3Codec,
        ("whoosh.codec.whoosh3", "W3Segment"): W3Segment,
    }


_ALLOWED: dict[tuple[str, str], Any] = {}


class _Restricted(pickle.Unpickler):
    def find_class(self, module: str, name: str) -> Any:
        if not _ALLOWED:
            _ALLOWED.update(_allowed())
        found = _ALLOWED.get((module, name))
        if found is None:
            raise pickle.UnpicklingError(f"the index names {module}.{name}, which kcsearch never stores")
        return found


class _Input:
    """The bytes of one pickle as a file the C unpickler can peek into (from a bare BytesIO it
    makes a read call per opcode), refilled for each pickle: one unpickler per thread is
    reused instead of one made per pickle (Whoosh reads hundreds a search)."""

    __slots__ = ("data", "pos")

    def __init__(self) -> None:
        self.data, self.pos = b"", 0

    def read(self, n: int = -1) -> bytes:
        start = self.pos
        self.pos = len(self.data) if n < 0 else start + n
        return self.data[start:self.pos]

    def readline(self) -> bytes:
        start, end = self.pos, self.data.find(b"\n", self.pos)
        self.pos = len(self.data) if end < 0 else end + 1
        return self.data[start:self.pos]

    def readinto(self, buffer: Any) -> int:
        chunk = self.data[self.pos:self.pos + len(buffer)]
        buffer[:len(chunk)] = chunk
        self.pos += len(chunk)
        return len(chunk)

    def peek(self, n: int = 0) -> bytes:
        return self.data[self.pos:]


_local = threading.local()
_search = _MAY_NAME.search


def loads(data: bytes, *args: Any, **kwargs: Any) -> Any:
    """pickle.loads for Whoosh's data: names only what kcsearch's indexes use."""
    if _search(data) is None or (
            _BYTES_GLOBAL in data and _search(data.replace(_BYTES_GLOBAL, b"")) is None):
        return pickle.loads(data)
    reader = getattr(_local, "reader", None)
    if reader is None:
        source = _Input()
        reader = _local.reader = (source, _Restricted(source))
    source, unpickler = reader
    source.data, source.pos = data, 0
    unpickler.memo.clear()
    try:
        return _checked(unpickler.load())
    except BaseException:
        _local.reader = None  # a failed load may leave state behind: a new unpickler next time
        raise
    finally:
        source.data = b""


def load(file: IO[bytes], *args: Any, **kwargs: Any) -> Any:
    return _checked(_Restricted(file).load())


def _checked(obj: Any) -> Any:
    """A segment list from a table of contents: each segment's names must be ones Whoosh
    makes (its files are opened by those names: "../" in one would read outside the folder)."""
    from whoosh.codec.whoosh3 import W3Segment

    if isinstance(obj, list) and obj and all(isinstance(s, W3Segment) for s in obj):
        for s in obj:
            d = vars(s)
            if (not isinstance(d.get("segid"), str) or not _SEGMENT_ID.fullmatch(d["segid"])
                    or not isinstance(d.get("indexname"), str)
                    or re.fullmatch(r"[A-Za-z0-9_]{1,64}", d["indexname"]) is None):
                raise pickle.UnpicklingError("a segment of the index has a name Whoosh never makes")
    return obj


_installed = False


def install() -> None:
    """Point every Whoosh module that reads pickles from index files at loads / load."""
    global _installed
    if _installed:
        return
    import whoosh.codec.whoosh3
    import whoosh.columns
    import whoosh.filedb.structfile
    import whoosh.formats
    import whoosh.index

    for module in (whoosh.codec.whoosh3, whoosh.columns, whoosh.formats):
        module.loads = loads  # type: ignore[attr-defined]
    whoosh.filedb.structfile.load_pickle = load  # type: ignore[attr-defined]
    # whoosh.index reads the pickled schema with pickle.loads (skipped: kcsearch passes its
    # schema), and nothing else: a module of the names it uses, with the safe readers
    whoosh.index.pickle = types.SimpleNamespace(  # type: ignore[attr-defined]
        loads=loads, load=load, dumps=pickle.dumps, dump=pickle.dump,
        PicklingError=pickle.PicklingError, UnpicklingError=pickle.UnpicklingError)
    _installed = True
