"""Both engines side by side on the same corpus: the same answers, so behaviour cannot drift.

(Every test that uses the `index_dir` fixture already runs once per engine; this file compares
the two directly, on queries covering the whole query language.)"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

import kcsearch
from conftest import CORPUS, DATA, ENGINES, invoke

QUERIES = [
    "Karabakh", "Minsk Group", '"Minsk Group"', '"Armenia Turkey"~5', "ceasefire OR mercenaries",
    "Turkey NOT Russia", "Turkey -Russia", "Azerbaijan ANDNOT drones", "(drones OR jets) Turkey",
    "mercenar*", "merc?nari*", "Erdogan~", "Pashinian~2", "title:ceasefire", "quote:ceasefire",
    "speaker:Peskov", "outlet:guardian", "author:Safi", "Nagorno-Karabakh", "4,000",
    "date:[2020-09-28 TO 2020-09-28]", "Artsakh", "Pashinyan", "*",
    "talks^3 Moscow", "heading:fighting",
]


@pytest.fixture(scope="module")
def both(tmp_path_factory: pytest.TempPathFactory) -> dict[str, kcsearch.Corpus]:
    corpora = {}
    for engine in ENGINES:
        ix = tmp_path_factory.mktemp(f"both-{engine}") / "ix"
        assert not kcsearch.build([CORPUS, DATA / "search", DATA / "dupes"], ix, engine=engine).failed
        corpora[engine] = kcsearch.open(ix)
    yield corpora
    for c in corpora.values():
        c.close()


def same(values: dict[str, object]) -> object:
    """The one value every engine gave; fails naming the engines that differ."""
    first, *_ = values.values()
    assert all(v == first for v in values.values()), {e: v for e, v in values.items() if v != first}
    return first


def answer(c: kcsearch.Corpus, query: str, **kw) -> tuple:
    r = c.search(query, limit=50, expand=True, **kw)
    # ranks differ (each engine scores its own way); what matched and what is marked may not
    return r.total, sorted((h.id, h.snippets) for h in r.hits), r.notices


@pytest.mark.parametrize("query", QUERIES)
def test_same_matches_and_highlights(both: dict[str, kcsearch.Corpus], query: str) -> None:
    total, _hits, _notices = same({e: answer(both[e], query) for e in ENGINES})
    assert total > 0 or query == "heading:fighting"  # the matrix must not test nothing


@pytest.mark.parametrize("kw", [
    {"after": "2020-09-28", "until": "2020-09-28"}, {"before": "2020-09-29"},
    {"outlets": ["guardian", "trt"]},
    {"speaker": "Peskov"}, {"exact_names": True}, {"after": "2021"},
])
def test_same_filters(both: dict[str, kcsearch.Corpus], kw: dict) -> None:
    same({e: answer(both[e], "Armenia", **kw) for e in ENGINES})


@pytest.mark.parametrize("sort", ["newest", "oldest"])
def test_same_order_when_sorted_by_date(both: dict[str, kcsearch.Corpus], sort: str) -> None:
    # undated articles come last either way; ties on a date go by id
    order = same({e: [h.id for h in both[e].search("Armenia", sort=sort, limit=6, expand=True).hits]
                  for e in ENGINES})
    assert len(order) == 6


def test_same_facets_clusters_and_similar(both: dict[str, kcsearch.Corpus]) -> None:
    found = {e: both[e].search("Karabakh", facets=True, limit=50) for e in ENGINES}
    same({e: r.facets for e, r in found.items()})
    same({e: sorted((h.id, h.also) for h in r.hits) for e, r in found.items()})
    same({e: both[e].similar("004_c67a387fa88ce996.txt") for e in ENGINES})


@pytest.mark.parametrize("args", [
    {"query": "ceasefire"}, {"speaker": "Erdogan"}, {}, {"query": "solution", "after": "2020-09-28"},
])
def test_same_quotes_and_provenance(both: dict[str, kcsearch.Corpus], args: dict) -> None:
    found = {e: both[e].quotes(limit=100, **args) for e in ENGINES}
    assert same({e: r.total for e, r in found.items()}) > 0
    key = (lambda r: sorted((q.id, q.text, q.highlights) for q in r.quotes)) if args.get("query") \
        else (lambda r: [(q.id, q.text) for q in r.quotes])  # a listing has one order
    same({e: key(r) for e, r in found.items()})
    same({e: sorted(map(repr, r.groups)) for e, r in found.items()})


@pytest.mark.parametrize("engine", ENGINES)
def test_the_quotation_field_holds_quote_documents_only(both: dict[str, kcsearch.Corpus],
                                                        engine: str) -> None:
    """Provenance searches it with no kind restriction: an article there would be a carrier."""
    from kcsearch import syntax as sx
    from kcsearch.index.schema import QUOTATION

    s = both[engine]._session.s
    for word in ("ceasefir", "turkey", "solut", "armenia"):
        rows = s.search(sx.Term(QUOTATION, word), limit=None).rows
        assert rows and all(f["kind"] == "quote" for _score, f in rows)
        in_quotes = s.search(sx.Term("quote_text", word), sx.Term("kind", "quote"), limit=None)
        assert sorted(f["id"] for _score, f in rows) == sorted(f["id"] for _s, f in in_quotes.rows)


@pytest.mark.parametrize("engine", ENGINES)
def test_keyed_search_gives_the_search_s_matches_and_their_sketches(both: dict[str, kcsearch.Corpus],
                                                                  engine: str) -> None:
    """Provenance pages through quotations by sketch, reading only some (search_keyed, read);
    the first pages come from search_keyed_each, which tantivy runs on two threads."""
    from kcsearch import syntax as sx
    from kcsearch.index.schema import QUOTATION, SKETCH, name_key, terms
    from kcsearch.index.sketch import sketch

    s = both[engine]._session.s
    queries = [sx.or_(*(sx.Term(QUOTATION, w) for w in ws)) for ws in (
        ["ceasefir"], ["turkey", "armenia"], ["solut", "occupi", "territori"], ["zzznothing"],
        ["armenia"], ["azerbaijan", "russia"], ["peac"])]
    with s.pinned():
        each = s.search_keyed_each(queries, SKETCH, 4)
        for q, keyed in zip(queries, each, strict=True):
            assert keyed == s.search_keyed(q, SKETCH, 4)
            rows = s.read([h for h, _sk in keyed])
            assert [f["id"] for f in rows] == [f["id"] for _s, f in s.search(q, None, 4, count=False).rows]
            assert [sk for _h, sk in keyed] == [
                sketch(f["quotes"]["text"], f["quotes"].get("speaker"), terms, name_key) for f in rows]
        page2 = s.search_keyed(queries[1], SKETCH, 4, offset=4)
        assert [f["id"] for f in s.read([h for h, _sk in page2])] == [
            f["id"] for _s, f in s.search(queries[1], None, 4, offset=4, count=False).rows]
    assert sum(map(len, each)) > 15 and not each[3]


@pytest.mark.parametrize("engine", ENGINES)
def test_pages_read_ahead_are_the_pages_searched_one_by_one(both: dict[str, kcsearch.Corpus],
                                                            engine: str) -> None:
    """The reader asks for a first page and says how far it may read (ahead=): an engine may
    rank that far at once and serve the later pages from it; they must be the same pages."""
    from kcsearch import syntax as sx
    from kcsearch.index import engine as engines

    s = both[engine]._session.s
    fresh = engines.open_searcher(engine, both[engine]._session.index_dir, indexname_of(both[engine]))
    articles = sx.Term("kind", "article")
    for text in ("Armenia", "Turkey OR Russia", "ceasefire", "the"):
        q = sx.parse(text, sx.TEXT_FIELDS)
        with s.pinned():
            first = s.search(q, articles, 3, ahead=6)
            pages = [first] + [s.search(q, articles, 3, offset=o, count=False) for o in (3, 6, 9)]
        alone = [fresh.search(q, articles, 3)] + [
            fresh.search(q, articles, 3, offset=o, count=False) for o in (3, 6, 9)]
        assert [[f["id"] for _s, f in p.rows] for p in pages] == [
            [f["id"] for _s, f in p.rows] for p in alone], text
        assert pages[0].total == alone[0].total and len(pages[1].rows) == 3, text
    fresh.close()


@pytest.mark.parametrize("engine", ENGINES)
def test_a_search_reads_only_the_rows_its_page_needs(both: dict[str, kcsearch.Corpus],
                                                     engine: str,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """A page of n hits from n distinct stories reads n stored rows, not a second page: rows
    read a page at a time had cost a whole second page whenever the reader looked one past."""
    c = both[engine]
    s = c._session.s
    read: list[int] = []
    search = s.search

    def counted(*args: object, **kwargs: object) -> object:
        found = search(*args, **kwargs)
        read.append(len(found.rows))
        return found

    from kcsearch import syntax as sx

    ranked = [f.get("cluster") or f["id"] for _s, f in search(
        sx.parse("ceasefire", sx.TEXT_FIELDS), sx.Term("kind", "article"), 20).rows]
    assert len(set(ranked)) < len(ranked)  # some stories carried twice: pages collapse
    monkeypatch.setattr(s, "search", counted)
    for limit in (1, 2, 3):
        read.clear()
        res = c.search("ceasefire", limit=limit)
        assert [h.cluster for h in res.hits] == list(dict.fromkeys(ranked))[:limit]
        # the rows up to the one completing the page, then the shown stories' other carriers
        needed = next(i + 1 for i in range(len(ranked)) if len(set(ranked[:i + 1])) == limit)
        assert sum(read) == needed + sum(len(h.also) for h in res.hits), (limit, read)


@pytest.mark.parametrize("engine", ENGINES)
def test_stories_one_article_carries_need_no_search_for_other_carriers(
        both: dict[str, kcsearch.Corpus], engine: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Half the benchmark's pages show only stories one article carries: the search for the
    other carriers of the stories shown is left out for those, and only for those."""
    c = both[engine]
    carriers = Counter(h.cluster for h in c.search("*", limit=100, expand=True).hits)
    s = c._session.s
    searches: list[object] = []
    search = s.search

    def counted(*args: object, **kwargs: object) -> object:
        searches.append(args[0])
        return search(*args, **kwargs)

    monkeypatch.setattr(s, "search", counted)
    for query, shared in (("Minsk Group", False), ("drone", False), ("ceasefire", True)):
        searches.clear()
        res = c.search(query)
        assert res.hits and any(carriers[h.cluster] > 1 for h in res.hits) == shared, query
        assert len(searches) == (2 if shared else 1), query
        assert any(h.also for h in res.hits) == shared, query


def indexname_of(c: kcsearch.Corpus) -> str:
    from kcsearch.index import storage

    return storage.read_meta(c._session.index_dir).indexname


def test_whoosh_reads_segments_as_needed_for_a_few_commands_then_from_memory(
        both: dict[str, kcsearch.Corpus]) -> None:
    """Copying the index into memory cost a command-line search at 10k articles 200 of its 640
    ms: the first commands read the files as needed, later ones from the copy, same answers."""
    from kcsearch.index.whoosh_engine import LAZY_CALLS

    path = both["whoosh"]._session.index_dir
    c = kcsearch.open(path)
    try:
        s = c._session.s
        answers, copied = [], []
        for _ in range(LAZY_CALLS + 1):
            answers.append(answer(c, "ceasefire OR mercenaries"))
            copied.append(s.ix.storage.supports_mmap)
        assert copied == [False] * LAZY_CALLS + [True]
        assert all(a == answers[0] for a in answers) and answers[0][0] > 0
    finally:
        c.close()


def test_whoosh_top_hits_are_the_best_scored_of_all_matches(tmp_path: Path) -> None:
    """Whoosh's top-N collector swaps in matchers that drop a field's score when its block
    maximum looks too low: on 2,000 documents it put a 18.6 first where 24.2 was the best, and
    on a 2,000-article benchmark index 114 of 300 one-word searches had a wrong top 10."""
    import random

    from kcsearch import syntax as sx
    from kcsearch.index import engine as engines

    rng = random.Random(3)
    filler = "talks officials region border ministry statement week city".split()

    def text(share: float, most: int) -> str:
        words = [rng.choice(filler) for _ in range(rng.randint(5, 40))]
        for _ in range(rng.randint(1, most) if rng.random() < share else 0):
            words.insert(rng.randrange(len(words) + 1), "zorakan")
        return " ".join(words)

    writer = engines.open_writer("whoosh", tmp_path, "ix", create=True)
    for n in range(2000):
        fields = {"id": f"a{n:04d}", "kind": "article", "article": f"a{n:04d}",
                  "title": text(0.05, 1), "headings": text(0.1, 2), "body": text(0.3, 5),
                  "quote_text": text(0.1, 2)}
        writer.add_encoded((fields, []), fields["id"])
    writer.commit()
    s = engines.open_searcher("whoosh", tmp_path, "ix")
    q, articles = sx.parse("zorakan", sx.TEXT_FIELDS), sx.Term("kind", "article")
    every = sorted(((-score, f["id"]) for score, f in s.search(q, articles, None).rows))
    for limit in (1, 3, 10, 30):
        top = [(-score, f["id"]) for score, f in s.search(q, articles, limit).rows]
        assert top == every[:limit], limit
    for offset in (0, 10, 20, 40, 90):  # later pages come from a kept ranking: the same order
        page = [(-score, f["id"]) for score, f in s.search(q, articles, 10, offset=offset).rows]
        assert page == every[offset:offset + 10], offset
    # a commit makes the kept rankings stale: the next search sees the new best article
    writer = engines.open_writer("whoosh", tmp_path, "ix", create=False)
    best = " ".join(["zorakan"] * 6)
    writer.add_encoded(({"id": "new", "kind": "article", "article": "new", "title": best,
                         "headings": best, "body": best, "quote_text": best}, []), "new")
    writer.commit()
    assert s.search(q, articles, 10).rows[0][1]["id"] == "new"
    s.close()


@pytest.mark.parametrize("engine", ENGINES)
def test_equal_scores_rank_in_the_order_files_were_indexed(tmp_path: Path, engine: str) -> None:
    """The same corpus gives the same ranking in every build. tantivy indexing on two threads
    split documents between segments in varying order, so equal-scored hits came in a
    different order from build to build (one quotes test failed about one build in fifteen)."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for n in range(120):  # the same words: every article scores the same
        (corpus / f"a{n:03}.txt").write_text("Talks in Zorakan resumed on Monday, officials said.\n")
    kcsearch.build([corpus], tmp_path / "ix", engine=engine)
    with kcsearch.open(tmp_path / "ix") as c:
        hits = c.search("Zorakan", limit=100, expand=True).hits
    assert [h.id for h in hits] == [f"a{n:03}.txt" for n in range(100)]


def test_same_check(both: dict[str, kcsearch.Corpus]) -> None:
    claim = "Turkey sent 4,000 Syrian mercenaries"
    same({e: both[e].check(claim) for e in ENGINES})


def test_same_documents(both: dict[str, kcsearch.Corpus]) -> None:
    same({e: both[e].documents() for e in ENGINES})
    same({e: len(both[e]) for e in ENGINES})


def test_same_stored_files_and_each_is_the_article_s(both: dict[str, kcsearch.Corpus]) -> None:
    """What an incremental run compares (tantivy keeps it apart from the document)."""
    files = {e: both[e]._session.s.stored_files() for e in ENGINES}
    same(files)
    assert all(sorted(files[e]) == [d.id for d in both[e].documents()] for e in ENGINES)
    for e in ENGINES:
        for doc_id, (fingerprint, root) in files[e].items():
            row = both[e]._session.s.get(doc_id)
            assert row and (row["fingerprint"], row["root"]) == (fingerprint, root)
            assert len(fingerprint) == 64 and Path(root).is_dir()


def run(*args: str):
    if not args[0].startswith("-") and args[0] not in ("index", "search", "quotes", "check"):
        args = ("search", *args)  # invoke skips main(), which makes search the default
    return invoke(list(args))


def test_engine_is_chosen_at_index_time_and_kept(corpus_copy: Path, tmp_path: Path) -> None:
    ix = tmp_path / "ix"
    assert run("index", str(corpus_copy), "--index", str(ix), "--engine", "tantivy").exit_code == 0
    assert json.loads((ix / "kcsearch.json").read_text())["engine"] == "tantivy"
    r = run("Minsk Group", "--index", str(ix))  # no flag: the index knows its engine
    assert r.exit_code == 0 and "**Minsk Group**" in r.stdout
    r = run("index", str(corpus_copy), "--index", str(ix), "--json")  # an update keeps it
    assert len(json.loads(r.stdout)["unchanged"]) == 5
    assert json.loads((ix / "kcsearch.json").read_text())["engine"] == "tantivy"
    # another engine rebuilds with it, and the old generation's files go
    old = [p for p in ix.iterdir() if p.is_dir()]
    r = run("index", str(corpus_copy), "--index", str(ix), "--engine", "whoosh")
    assert r.exit_code == 0 and "switching the engine from tantivy to whoosh" in r.stdout + r.stderr
    assert json.loads((ix / "kcsearch.json").read_text())["engine"] == "whoosh"
    assert old and not any(p.exists() for p in old)
    assert run("Minsk Group", "--index", str(ix)).exit_code == 0


def test_unknown_engine_is_a_clear_error(corpus_copy: Path, tmp_path: Path) -> None:
    r = run("index", str(corpus_copy), "--index", str(tmp_path / "ix"), "--engine", "lucene")
    assert r.exit_code == 2
    assert r.stderr.strip() == "kcsearch: error: --engine 'lucene' is not one of: whoosh, tantivy"
    assert not (tmp_path / "ix").exists()


def test_index_of_an_engine_that_is_not_installed(corpus_copy: Path, tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    ix = tmp_path / "ix"
    kcsearch.build([corpus_copy], ix, engine="tantivy")
    monkeypatch.setitem(sys.modules, "tantivy", None)  # as if the package were missing
    monkeypatch.delitem(sys.modules, "kcsearch.index.tantivy_engine", raising=False)
    r = run("Minsk Group", "--index", str(ix))
    assert r.exit_code == 2
    assert "uses the tantivy engine, which is not installed: pip install 'kcsearch[tantivy]'" in r.stderr


def test_a_title_match_weighs_the_same_on_every_engine(tmp_path: Path) -> None:
    """The title's weight is applied once, by the parser (schema.QUERY_FIELDS): Whoosh also
    had it in its schema, so a title match scored 2.70x a body match there and 1.96x on
    tantivy, and the engines ranked differently."""
    corpus = tmp_path / "c"
    corpus.mkdir()
    (corpus / "a.txt").write_text("# Zorakan talks resumed\n\nOfficials met in the capital on Monday.\n")
    (corpus / "b.txt").write_text("# Officials met on Monday\n\nZorakan talks resumed in the capital.\n")
    ratios = []
    for engine in ENGINES:
        kcsearch.build([corpus], tmp_path / engine, engine=engine)
        with kcsearch.open(tmp_path / engine) as c:
            scores = {h.id: h.score for h in c.search("Zorakan", expand=True).hits}
        ratios.append(scores["a.txt"] / scores["b.txt"])
    assert max(ratios) / min(ratios) < 1.05, ratios
