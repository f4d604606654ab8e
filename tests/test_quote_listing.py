"""What `kcsearch quotes` and the API show about each quotation: short quotes, how the speaker
was found, one speaker across spellings, and --speaker by role or body (both engines)."""

from __future__ import annotations

import json
from pathlib import Path

import kcsearch
from conftest import invoke

GUARDIAN = "004_c67a387fa88ce996.txt"
FT = "003_f7b754d68ae601d2.txt"


def listing(index_dir: Path, *args: str) -> dict:
    r = invoke(["quotes", *args, "--json", "--limit", "1000", "--index", str(index_dir)])
    assert r.exit_code == 0, r.stderr
    return json.loads(r.stdout)


def test_short_quotes_are_listed_only_on_request(index_dir: Path) -> None:
    plain = listing(index_dir)["quotes"]
    with_short = listing(index_dir, "--short")["quotes"]
    assert not any(q["short"] for q in plain)
    short = [q for q in with_short if q["short"]]
    assert {"lies", "provocation"} <= {q["text"] for q in short}
    assert len(with_short) == len(plain) + len(short)


def test_a_query_finds_a_short_quote_and_its_speaker(index_dir: Path) -> None:
    found = listing(index_dir, "lies")["quotes"]
    lies = [q for q in found if q["text"] == "lies"]
    assert lies and lies[0]["short"] and lies[0]["speaker"] == "Omer Celik"
    assert lies[0]["id"] == FT


def test_a_short_quote_makes_its_article_findable(corpus: kcsearch.Corpus) -> None:
    assert {h.id for h in corpus.search('quote:"absolute nonsense"').hits} != set()


def test_each_quote_says_how_its_speaker_was_found(index_dir: Path) -> None:
    quotes = listing(index_dir, "--speaker", "Peskov")["quotes"]
    assert quotes
    for q in quotes:
        how = q["how"]
        assert how["rule"] in {"after", "after-inverted", "before", "pronoun", "continues",
                               "same-sentence", "participle", "before-inverted"}
        if how["rule"] == "pronoun":
            assert how["antecedent"] == "Dmitry Peskov" and how["sentences_back"] >= 0
            assert how["pronoun"] == "he"
        if how.get("clause"):
            a, b = how["clause"]
            assert 0 <= a < b


def test_the_clause_offsets_point_at_the_attribution(corpus: kcsearch.Corpus) -> None:
    doc = corpus.get(GUARDIAN)
    q = next(q for q in doc.quotes if q.text.startswith("We hope and we urge"))
    assert q.how is not None and q.how["cue"] == "told"
    a, b = q.how["clause"]
    assert "Peter Stano" in doc.body[a:b] and "told" in doc.body[a:b]


def test_one_speaker_across_spellings(index_dir: Path, corpus: kcsearch.Corpus) -> None:
    quotes = listing(index_dir, "--speaker", "Omer Celik", "--short")["quotes"]
    keys = {q["speaker_key"] for q in quotes}
    assert {q["id"] for q in quotes} == {FT, GUARDIAN} and keys == {"omer celik"}
    facets = corpus.search("Celik", facets=True).facets
    assert facets is not None
    assert [n for n in facets.speaker if "elik" in n] in (["Ömer Çelik"], ["Omer Celik"])


def test_speaker_matches_the_body_a_spokesman_speaks_for(index_dir: Path) -> None:
    kremlin = listing(index_dir, "--speaker", "Kremlin")["quotes"]
    assert kremlin and {q["speaker"] for q in kremlin} == {"Dmitry Peskov"}
    ministry = listing(index_dir, "--speaker", "foreign ministry")["quotes"]
    assert {q["speaker"] for q in ministry} == {"Armenian foreign ministry"}


def test_speaker_never_matches_a_name_inside_a_role(index_dir: Path) -> None:
    # Çelik is "a spokesman for Erdoğan's ruling party": Erdoğan did not say his words
    quotes = listing(index_dir, "--speaker", "Erdogan", "--short")["quotes"]
    assert quotes and all("Erdo" in q["speaker"] for q in quotes)


def test_an_unnamed_source_is_a_role_not_a_speaker(index_dir: Path) -> None:
    quotes = listing(index_dir, "--speaker", "official")["quotes"]
    assert [(q["speaker"], q["role"], q["speaker_kind"]) for q in quotes] == [
        (None, "an official at President Emmanuel Macron's office", "unnamed")]
    r = invoke(["quotes", "--speaker", "official", "--index", str(index_dir)])
    assert r.stdout.startswith("unnamed: an official at President Emmanuel Macron's office: “")
