"""The tantivy engine (Rust, PyPI `tantivy`): the same documents and queries as Whoosh, faster.

Text is analysed by kcsearch (schema.tokens / name_tokens) and handed to tantivy as terms
separated by spaces, indexed with tantivy's whitespace tokenizer: positions stay one per word,
so phrases, highlights and checks match exactly as with Whoosh. Stored fields travel as one
JSON blob. Each index generation lives in its own folder (index_dir/<indexname>); tantivy's
commit is atomic, so an interrupted run leaves the previous commit readable.
"""

from __future__ import annotations

import contextlib
import errno
import itertools
import json
import os
import re
import threading
import zlib
from pathlib import Path
from typing import TYPE_CHECKING, Any

import tantivy

from . import tree as s
from .engine import FollowsCommits, Found, Row
from .errors import IndexDamagedError, IndexUnusableError
from .schema import (
    ARTICLE,
    KEY_FIELDS,
    NAME_FIELDS,
    QUOTATION,
    SKETCH,
    STORED_FIELDS,
    TEXT_FIELDS,
    name_term,
    quote_fields,
    terms,
    to_fields,
    words,
)

if TYPE_CHECKING:
    from .model import Article

HEAP_BYTES = 200_000_000  # the writer's indexing buffer (shared by its threads)
THREADS = 1  # documents in the order added: equal scores rank the same in every build
NO_DATE = (0, 99_991_231)
STORE = "stored"
# An article's id, fingerprint and root, stored apart: an incremental run compares every stored
# article's, and decoding whole documents for them was most of a run over an unchanged corpus.
FILE = "file"


def build_schema() -> Any:
    b = tantivy.SchemaBuilder()
    for name in KEY_FIELDS:
        b.add_text_field(name, stored=False, tokenizer_name="raw", index_option="basic")
    for name in (*TEXT_FIELDS, *NAME_FIELDS):
        b.add_text_field(name, stored=False, tokenizer_name="whitespace")
    b.add_text_field(QUOTATION, stored=False, tokenizer_name="whitespace", index_option="freq")
    b.add_text_field("lsh", stored=False, tokenizer_name="whitespace", index_option="basic")
    b.add_integer_field("date", stored=False, indexed=True, fast=True)
    b.add_unsigned_field(SKETCH, stored=False, indexed=False, fast=True)  # read by search_keyed
    b.add_bytes_field(STORE, stored=True)
    b.add_bytes_field(FILE, stored=True)
    return b.build()


def _analysed(name: str, text: str) -> str:
    """Terms in order, one space apart: tantivy's whitespace tokenizer gives each a position."""
    return " ".join(map(name_term, words(text)) if name in NAME_FIELDS else terms(text))


# A document as tantivy takes it: (field, analysed text) pairs, the date, the stored JSON blob,
# for an article its FILE blob, for a quotation its sketch.
Encoded = tuple[list[tuple[str, str]], int | None, bytes, bytes | None, int | None]


def encode(article: Article) -> tuple[Encoded, list[Encoded]]:
    """The article's document (without its story cluster) and its quotations' documents.

    Made in the worker processes: analysis and JSON were two fifths of the indexing process's
    own time, which bounds a whole build when cleaning runs beside it."""
    fields = to_fields(article)
    file = json.dumps([article.id, article.fingerprint, article.root], ensure_ascii=False).encode()
    return _encode(fields, file), [_encode(doc) for doc in quote_fields(article)]


def _encode(fields: dict[str, Any], file: bytes | None = None) -> Encoded:
    texts = [(name, str(fields[name])) for name in KEY_FIELDS if fields.get(name)]
    texts += [(name, _analysed(name, fields[name]))
              for name in (*TEXT_FIELDS, QUOTATION, *NAME_FIELDS) if fields.get(name)]
    if fields.get("lsh"):
        texts.append(("lsh", fields["lsh"]))
    date = fields.get("date")
    stored = {k: v for k, v in fields.items() if k in STORED_FIELDS}
    return (texts, None if date is None else int(date), json.dumps(stored, ensure_ascii=False).encode(),
            file, fields.get(SKETCH))


def _document(encoded: Encoded, cluster: str | None = None) -> Any:
    texts, date, blob, file, sketch = encoded
    doc = tantivy.Document()
    for name, text in texts:
        doc.add_text(name, text)
    if date is not None:
        doc.add_integer("date", date)
    if cluster is not None:
        doc.add_text("cluster", cluster)
        # the blob is a JSON object: its last key is appended before the closing brace
        blob = blob[:-1] + b', "cluster": ' + json.dumps(cluster, ensure_ascii=False).encode() + b"}"
    doc.add_bytes(STORE, blob)
    if file is not None:
        doc.add_bytes(FILE, file)
    if sketch is not None:
        doc.add_unsigned(SKETCH, sketch)
    return doc


class _Compiler:
    def __init__(self, schema: Any) -> None:
        self.schema = schema

    def __call__(self, n: s.Node) -> Any:
        Q, Occur = tantivy.Query, tantivy.Occur
        if isinstance(n, s.Term):
            return self._boost(Q.term_query(self.schema, n.field, n.text), n.boost)
        if isinstance(n, s.Phrase):
            # Whoosh counts slop from 1 (adjacent), tantivy from 0
            q = Q.phrase_query(self.schema, n.field, list(n.words), slop=max(n.slop - 1, 0))
            return self._boost(q, n.boost)
        if isinstance(n, s.Fuzzy):
            fuzzy = Q.fuzzy_term_query(self.schema, n.field, n.text, distance=n.distance,
                                       transposition_cost_one=False, prefix=False)
            # the first letter must match, as with Whoosh's prefixlength=1
            first = Q.const_score_query(
                Q.regex_query(self.schema, n.field, re.escape(n.text[0]) + ".*"), 0.0)
            return self._boost(Q.boolean_query([(Occur.Must, fuzzy), (Occur.Must, first)]), n.boost)
        if isinstance(n, s.Pattern):
            return self._boost(Q.regex_query(self.schema, n.field, n.regex()), n.boost)
        if isinstance(n, s.DateRange):
            lo, hi = n.start or NO_DATE[0], n.end or NO_DATE[1]
            return Q.range_query(self.schema, "date", tantivy.FieldType.Integer, lo, hi)
        if isinstance(n, s.And):
            clauses = [(Occur.MustNot, self(c.child)) if isinstance(c, s.Not) else (Occur.Must, self(c))
                       for c in n.children]
            if all(o == Occur.MustNot for o, _q in clauses):
                clauses.append((Occur.Must, Q.all_query()))
            return Q.boolean_query(clauses)
        if isinstance(n, s.Or):
            return Q.boolean_query([(Occur.Should, self(c)) for c in n.children])
        if isinstance(n, s.Not):
            return Q.boolean_query([(Occur.Must, Q.all_query()), (Occur.MustNot, self(n.child))])
        if isinstance(n, s.Every):
            return Q.all_query()
        raise TypeError(f"not a query node: {type(n).__name__}")  # never match all by mistake

    @staticmethod
    def _boost(q: Any, boost: float) -> Any:
        return q if boost == 1.0 else tantivy.Query.boost_query(q, boost)


def _open(path: Path) -> Any:
    try:
        return tantivy.Index.open(str(path))
    except Exception as e:  # tantivy reports damage as ValueError or OSError
        raise IndexDamagedError(
            f"the index at {path.parent} is damaged ({e}); "
            "rebuild it with: kcsearch index --rebuild CORPUS_DIR") from None


def _blob(searcher: Any, addr: Any, field: str) -> Any:
    """A stored JSON blob of the document at `addr`. The bytes are UTF-8: decoded here, json
    skips guessing the encoding of each one."""
    return json.loads(searcher.doc(addr).get_first(field).decode())


def _addresses(searcher: Any, tq: Any, limit: int, offset: int = 0) -> list[Any]:
    """The best matches' addresses (count=False: the engine may skip hopeless documents)."""
    return [addr for _score, addr in searcher.search(tq, limit, count=False, offset=offset).hits]


def _keyed(searcher: Any, key: str, addrs: list[Any]) -> list[tuple[Any, int | None]]:
    return list(zip(addrs, searcher.fast_field_values(key, addrs) if addrs else [], strict=True))


class Searcher(FollowsCommits):
    """Reads one generation; tantivy's searchers are safe to share between threads."""

    def __init__(self, index_dir: Path, indexname: str, follow: bool = True) -> None:
        self.ix = _open(index_dir / indexname)
        self.follow = follow
        self._local = threading.local()
        self.compile = _Compiler(self.ix.schema)
        self._meta = index_dir / indexname / "meta.json"
        self._seen = self._commit_mark()
        self._s: Any = self.ix.searcher()

    def _commit_mark(self) -> tuple[int, int] | None:
        try:
            st = os.stat(self._meta)
        except OSError:
            return None
        return st.st_ino, st.st_mtime_ns

    def _fresh(self) -> Any:
        # see a commit made since the last call: tantivy replaces meta.json (a new file) on
        # every commit, cheaper to check than reloading on every call (hundreds a command)
        if self.follow and (mark := self._commit_mark()) != self._seen:
            self.ix.reload()
            self._s = self.ix.searcher()
            self._seen = mark
        return self._s

    def _rows(self, searcher: Any, hits: list[tuple[Any, Any]], scored: bool) -> list[tuple[float, Row]]:
        return [(float(score) if scored else 0.0, _blob(searcher, addr, STORE)) for score, addr in hits]

    def search(self, q: s.Node, restrict: s.Node | None = None, limit: int | None = 10,
               sort: str | None = None, offset: int = 0, count: bool = True, ahead: int = 0) -> Found:
        searcher = self._current()
        key = (q, restrict)
        kept = self._kept(searcher, key) if sort is None and limit is not None else None
        if offset and not count and kept is not None and limit is not None and (
                offset + limit <= kept[1] or len(kept[0]) < kept[1]):
            # later rows of a query ranked ahead: its matches are known, only rows are read
            # (98 of 100 benchmark term searches read more rows when clusters collapse)
            rows = self._rows(searcher, kept[0][offset:offset + limit], True)
            return Found(offset + len(rows), rows)
        tq = self.compile(q)
        if restrict is not None:
            Q, Occur = tantivy.Query, tantivy.Occur
            tq = Q.boolean_query([(Occur.Must, tq),
                                  (Occur.Must, Q.const_score_query(self.compile(restrict), 0.0))])
        n = max(searcher.num_docs, 1) if limit is None else limit
        if sort is None and limit is not None and ahead and not offset:
            res = searcher.search(tq, limit + ahead, count=count)
            self._keep(searcher, key, res.hits, limit + ahead)
            rows = self._rows(searcher, res.hits[:limit], True)
            return Found(res.count if count else len(rows), rows)
        if sort is None:
            res = searcher.search(tq, n, count=count, offset=offset)
            rows = self._rows(searcher, res.hits, True)
            return Found(res.count if count else offset + len(rows), rows)
        if offset:
            raise ValueError("offset is for relevance order only")
        return self._sorted(searcher, tq, n, sort.startswith("-"))

    def _sorted(self, searcher: Any, tq: Any, limit: int, reverse: bool) -> Found:
        """By (date, id): tantivy orders by date alone, so the documents sharing the last date
        shown are fetched whole and ordered by id (as Whoosh's sort on both keys does)."""
        order = tantivy.Order.Desc if reverse else tantivy.Order.Asc
        res = searcher.search(tq, limit, count=True, order_by_field="date", order=order)
        rows = self._rows(searcher, res.hits, False)
        if not rows:
            return Found(res.count, [])
        last = int(res.hits[-1][0])
        Q, Occur = tantivy.Query, tantivy.Occur
        same = Q.boolean_query([(Occur.Must, tq), (Occur.Must, Q.range_query(
            self.ix.schema, "date", tantivy.FieldType.Integer, last, last))])
        tied = searcher.search(same, max(searcher.num_docs, 1), count=False).hits
        rows = [r for r in rows if int(r[1].get("date") or 0) != last] + self._rows(searcher, tied, False)
        rows.sort(key=lambda r: (int(r[1].get("date") or 0), r[1]["id"]), reverse=reverse)
        return Found(res.count, rows[:limit])

    def search_keyed(self, q: s.Node, key: str, limit: int, offset: int = 0) -> list[tuple[Any, int | None]]:
        searcher = self._current()
        return _keyed(searcher, key, _addresses(searcher, self.compile(q), limit, offset))

    def search_keyed_each(self, queries: list[s.Node], key: str, limit: int
                          ) -> list[list[tuple[Any, int | None]]]:
        searcher = self._current()
        compiled = [self.compile(q) for q in queries]

        def run(part: list[Any]) -> list[list[Any]]:
            return [_addresses(searcher, tq, limit) for tq in part]

        if len(compiled) < 2 or (os.cpu_count() or 1) < 2:
            pages = run(compiled)
        else:  # tantivy releases the GIL while it searches: half the searches on another thread
            # (a plain thread: concurrent.futures imports logging, which every start-up paid)
            theirs: list[Any] = []

            def other_half() -> None:
                try:
                    theirs.append(run(compiled[1::2]))
                except BaseException as e:  # raised again below, in the caller's thread
                    theirs.append(e)

            other = threading.Thread(target=other_half, daemon=True)  # never holds up an exit
            other.start()
            mine = run(compiled[0::2])
            other.join()
            if isinstance(theirs[0], BaseException):
                raise theirs[0]
            pages = [page for pair in itertools.zip_longest(mine, theirs[0]) for page in pair
                     if page is not None]
        return [_keyed(searcher, key, addrs) for addrs in pages]

    def read(self, handles: list[Any]) -> list[Row]:
        searcher = self._current()
        return [_blob(searcher, addr, STORE) for addr in handles]

    def count(self, q: s.Node) -> int:
        return int(self._current().search(self.compile(q), 1, count=True).count)

    def doc_frequency(self, field: str, term: str) -> int:
        return int(self._current().doc_freq(field, term))

    def stored_files(self) -> dict[str, tuple[str, str]]:
        searcher = self._current()
        q = self.compile(s.Term("kind", ARTICLE))
        out = {}
        for _score, addr in searcher.search(q, max(searcher.num_docs, 1), count=False).hits:
            doc_id, fingerprint, root = _blob(searcher, addr, FILE)
            out[doc_id] = (fingerprint, root)
        return out

    def get(self, doc_id: str) -> Row | None:
        searcher = self._current()
        res = searcher.search(tantivy.Query.term_query(self.ix.schema, "id", doc_id), 1)
        rows = self._rows(searcher, res.hits, False)
        return rows[0][1] if rows else None

    def close(self) -> None:
        # drop the index too: tantivy maps its files, and a mapping kept after a file was
        # truncated would bring down the process (SIGBUS) when another Index reuses it
        self._s = self.ix = None


class Writer:
    """Writes one index generation, index_dir/<indexname>. tantivy's writer is opened at the
    first change, so a run over an unchanged corpus writes nothing."""

    def __init__(self, index_dir: Path, indexname: str, create: bool) -> None:
        self.index_dir, self.indexname = index_dir, indexname
        self.path = index_dir / indexname
        if create:
            try:
                self.path.mkdir(parents=True, exist_ok=False)
                self.ix = tantivy.Index(build_schema(), path=str(self.path), reuse=False)
            except OSError as e:
                if e.errno == errno.ENOSPC:
                    raise
                raise IndexUnusableError(f"cannot create an index in {self.path}: {e}") from None
        else:
            self.ix = _open(self.path)
        self._writer: Any = None
        self._changed = False

    def searcher(self) -> Searcher:
        return Searcher(self.index_dir, self.indexname, follow=False)

    def _w(self) -> Any:
        if self._writer is None:
            self._writer = self.ix.writer(HEAP_BYTES, THREADS)
        return self._writer

    def add_encoded(self, encoded: tuple[Encoded, list[Encoded]], cluster: str) -> None:
        w = self._w()
        doc, quote_docs = encoded
        w.add_document(_document(doc, cluster))
        for q in quote_docs:
            w.add_document(_document(q))
        self._changed = True

    def delete(self, doc_id: str) -> None:
        self._w().delete_documents_by_term("article", doc_id)  # the article and its quotes
        self._changed = True

    def commit(self) -> bool:
        if self._writer is None or not self._changed:
            return False
        self._writer.commit()
        self._writer.wait_merging_threads()
        self._writer = None
        return True

    def cancel(self) -> None:
        if self._writer is not None:
            with contextlib.suppress(Exception):
                self._writer.rollback()
            self._writer = None

    def close(self) -> None:
        self.cancel()
        self.ix = None


OWN_FILES = ".managed.json"  # tantivy's list of the files it made (rewritten as it works)


def _entries(index_dir: Path, indexname: str) -> list[str]:
    path = index_dir / indexname
    if path.is_symlink() or not path.is_dir():
        return []
    return sorted(n for n in os.listdir(path)
                  if not (n.startswith(".tantivy-") and n.endswith(".lock")) and n != OWN_FILES)


def files(index_dir: Path, indexname: str) -> list[str]:
    """Every file of the generation's folder, but tantivy's locks and bookkeeping (after a
    commit tantivy has removed the files of merged segments)."""
    return [f"{indexname}/{n}" for n in _entries(index_dir, indexname)]


def commit_mark(index_dir: Path, indexname: str) -> str:
    """meta.json's CRC: tantivy writes a new meta.json at every commit."""
    try:
        with open(index_dir / indexname / "meta.json", "rb") as f:
            return f"meta {zlib.crc32(f.read()):08x}"
    except OSError:
        return ""


def leftovers(index_dir: Path, indexname: str, committed: set[str]) -> list[str]:
    """Files of the generation that its last commit does not use: a failed or killed run's
    segments, and any file named for the generation beside its folder."""
    beside = [n for n in os.listdir(index_dir) if n != indexname and n.startswith(
        (f"{indexname}_", f"_{indexname}_", f"{indexname}."))]
    return sorted(beside) + [name for name in files(index_dir, indexname) if name not in committed]
