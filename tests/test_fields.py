"""The stored fields of each real article, read back through the public API."""

from __future__ import annotations

import datetime as dt

import pytest

import kcsearch
from conftest import SEEDS

EXPECTED = {
    # id: (outlet, date, date_source, author, stale_banner, title)
    "000_3c0a0dd70ffd9184.txt": ("TRT World", dt.date(2020, 9, 28), "metadata", None, False, None),
    "001_5bb3d145a699a386.txt": ("TRT World", dt.date(2020, 9, 29), "metadata", None, False, None),
    "002_f9a3e5e411da9d93.txt": (None, dt.date(2023, 9, 20), "text", None, False, None),
    "003_f7b754d68ae601d2.txt": ("Financial Times", dt.date(2020, 9, 28), "metadata", None, False, None),
    "004_c67a387fa88ce996.txt": ("The Guardian", dt.date(2020, 9, 28), "text", "Michael Safi", True,
                                 "Dozens killed as Armenian and Azerbaijani forces clash for second day"),
}


def test_every_seed_indexed_under_its_file_name(corpus: kcsearch.Corpus) -> None:
    assert [d.id for d in corpus.documents()] == SEEDS
    assert len(corpus) == 5


@pytest.mark.parametrize("doc_id", SEEDS)
def test_fields(corpus: kcsearch.Corpus, doc_id: str) -> None:
    d = corpus.get(doc_id)
    assert (d.outlet, d.date, d.date_source, d.author, d.stale_banner, d.title) == EXPECTED[doc_id]
    assert len(d.content_hash) == 64
    assert d.url is None  # no url is known for the seeds: none is invented
    assert d.path.endswith(doc_id)


def test_contributors_from_additional_reporting(corpus: kcsearch.Corpus) -> None:
    assert corpus.get("003_f7b754d68ae601d2.txt").contributors == ("Asmaa al-Omar",)


def test_headings_field(corpus: kcsearch.Corpus) -> None:
    assert corpus.get("001_5bb3d145a699a386.txt").headings == (
        "Ankara slams 'neutrality principle'", "Minsk Group talks", "Long-standing dispute")


def test_speakers_field(corpus: kcsearch.Corpus) -> None:
    assert corpus.get("004_c67a387fa88ce996.txt").speakers == (
        "Recep Tayyip Erdoğan", "Peter Stano", "Dmitry Peskov", "Armenian foreign ministry",
        "Ömer Çelik")
    # an unnamed source is no speaker: its description is the quote's role
    doc = corpus.get("001_5bb3d145a699a386.txt")
    assert not any("official" in s or "Macron" in s for s in doc.speakers)
    unnamed = [q for q in doc.quotes if q.speaker_kind == "unnamed"]
    assert [(q.speaker, q.role) for q in unnamed] == [
        (None, "an official at President Emmanuel Macron's office")]


def test_stored_quotes_round_trip(corpus: kcsearch.Corpus) -> None:
    d = corpus.get("003_f7b754d68ae601d2.txt")
    assert all(d.body[q.start:q.end] == q.text for q in d.quotes)
    assert d.quotes[-1].speaker == "Dmitry Peskov"


def test_unknown_id_is_a_kcsearch_error(corpus: kcsearch.Corpus) -> None:
    with pytest.raises(kcsearch.DocumentNotFound, match=r"no document 'nope\.txt'"):
        corpus.get("nope.txt")


@pytest.mark.parametrize(("speaker", "expected"), [
    ("erdogan", {"000_3c0a0dd70ffd9184.txt", "002_f9a3e5e411da9d93.txt",
                 "003_f7b754d68ae601d2.txt", "004_c67a387fa88ce996.txt"}),
    ("Erdoğan", {"000_3c0a0dd70ffd9184.txt", "002_f9a3e5e411da9d93.txt",
                 "003_f7b754d68ae601d2.txt", "004_c67a387fa88ce996.txt"}),
    ("Omer Celik", {"004_c67a387fa88ce996.txt"}),
    ("PESKOV", {"001_5bb3d145a699a386.txt", "003_f7b754d68ae601d2.txt", "004_c67a387fa88ce996.txt"}),
    ("macron", set()),  # an official at Macron's office spoke, not Macron
    ("official", {"001_5bb3d145a699a386.txt"}),
])
def test_speakers_search_folds_accents_case_and_takes_surnames(
        corpus: kcsearch.Corpus, speaker: str, expected: set[str]) -> None:
    assert {q.id for q in corpus.quotes(speaker=speaker).quotes} == expected


@pytest.mark.parametrize(("doc_id", "sources"), [
    # the Guardian article states its headline, byline and date; TRT's date and outlet come
    # from sources.toml
    ("004_c67a387fa88ce996.txt", {"title": "text", "author": "text", "date": "text"}),
    ("000_3c0a0dd70ffd9184.txt", {"date": "sources.toml"}),
])
def test_each_field_says_where_it_came_from(corpus: kcsearch.Corpus, doc_id: str,
                                            sources: dict[str, str]) -> None:
    got = dict(corpus.get(doc_id).sources)
    assert {k: got.get(k) for k in sources} == sources
    assert corpus.get(doc_id).to_dict()["sources"] == got
