"""The query language, parsed into the plain tree every engine compiles (no engine involved)."""

from __future__ import annotations

import re

import pytest

from kcsearch import QueryError
from kcsearch.syntax import (
    And,
    DateRange,
    Every,
    Fuzzy,
    Not,
    Or,
    Pattern,
    Phrase,
    Term,
    parse,
)

B = ("body",)


def test_words_are_analysed_as_the_index_analyses_them() -> None:
    assert parse("Ceasefires", B) == Term("body", "ceasefir")
    assert parse("4,000", B) == Term("body", "4000")
    assert parse("Erdoğan's", B) == Term("body", "erdogan")
    # a word the analyzer splits becomes a phrase, so both spellings match each other
    assert parse("Nagorno-Karabakh", B) == Phrase("body", ("nagorno", "karabakh"))


def test_fold_translates_only_non_ascii_runs_as_the_whole_text_would() -> None:
    from kcsearch.index.fold import accent_map, fold

    for text in ("plain ASCII, 4,000 troops.", "Kılıçdaroğlu met Çavuşoğlu in İstanbul", "ß Straße",
                 "e\u0301 a lone mark\u0307", "Łukasz – “quoted” Søren", ""):
        assert fold(text) == text.translate(accent_map)
    assert fold("Erdoğan’s") == "Erdogan’s"  # punctuation outside ASCII is kept


def test_analysis_rules() -> None:
    from kcsearch.syntax import analyse

    # accents fold, dotless ı and other letters without a combining mark included
    assert analyse("speaker", "Kılıçdaroğlu Çavuşoğlu Łukasz Søren") == (
        "kilicdaroglu", "cavusoglu", "lukasz", "soren")
    # a capital dotted İ lowercases to i + a combining dot, which folds away with the rest
    assert analyse("speaker", "İlham ALİYEV") == ("ilham", "aliyev")
    assert analyse("body", "İstanbul") == ("istanbul",)
    # Snowball English stems; names are not stemmed
    assert analyse("body", "added killed ceasefires Azerbaijan’s") == ("add", "kill", "ceasefir",
                                                                        "azerbaijan")
    assert analyse("author", "Roberts") == ("roberts",)


def test_unfielded_words_search_every_default_field_with_its_weight() -> None:
    assert parse("Minsk", ("title", "body")) == Or((Term("title", "minsk", 2.0), Term("body", "minsk")))


def test_precedence_follows_whoosh() -> None:
    a, b, c = (Term("body", w) for w in "abc")
    assert parse("a b OR c", B) == And((a, Or((b, c))))
    assert parse("a AND b OR c", B) == Or((And((a, b)), c))
    assert parse("a NOT b", B) == And((a, Not(b)))
    assert parse("a ANDNOT b", B) == And((a, Not(b)))
    assert parse("-a b", B) == And((Not(a), b))
    assert parse("(a OR b) c", B) == And((Or((a, b)), c))


def test_dangling_operators_are_words() -> None:
    assert parse("a OR", B) == And((Term("body", "a"), Term("body", "or")))


def test_phrases_proximity_and_boosts() -> None:
    assert parse('"Minsk Group"', B) == Phrase("body", ("minsk", "group"))
    assert parse('"Minsk Group"~3', B) == Phrase("body", ("minsk", "group"), slop=3)
    assert parse("'Minsk Group'", B) == Phrase("body", ("minsk", "group"))
    assert parse("truce^3", B) == Term("body", "truce", 3.0)


def test_fields_and_their_aliases() -> None:
    assert parse("title:ceasefire", B) == Term("title", "ceasefir", 2.0)
    assert parse("quote:ceasefire", B) == Term("quote_text", "ceasefir")
    # names are folded, not stemmed
    assert parse("speaker:Erdoğans", B) == Term("speaker", "erdogans")
    assert parse('speaker:"Dmitry Peskov"', B) == Phrase("speaker", ("dmitry", "peskov"))
    assert parse("title:(truce OR ceasefire)", B) == Or((Term("title", "truce", 2.0),
                                                         Term("title", "ceasefir", 2.0)))


def test_wildcards_and_fuzzy_words() -> None:
    assert parse("Mercenar*", B) == Pattern("body", "mercenar*")
    assert parse("Erdogan~", B) == Fuzzy("body", "erdogan", 1)
    assert parse("Erdogan~2", B) == Fuzzy("body", "erdogan", 2)
    assert parse("*", B) == Every()
    assert Pattern("body", "a?c*").regex() == "a.c.*"


def test_date_ranges() -> None:
    assert parse("date:[2020-09 TO 2020-11]", B) == DateRange(20200901, 20201130)
    assert parse("date:[2020-09-27 TO *]", B) == DateRange(20200927, None)
    assert parse("date:2020", B) == DateRange(20200101, 20201231)


@pytest.mark.parametrize(("text", "message"), [
    ('"Minsk Group', 'unbalanced "'),
    ("(a OR b", "unbalanced parenthesis"),
    (")a(", "unbalanced parenthesis"),
    ("place:Shusha", "unknown field 'place'"),
    ("date:[2020 TO soon]", "not a date"),
    ("date:[2021 TO 2020]", "starts after it ends"),
    ("title:[a TO b]", "ranges work on date only"),
    ("Erdogan~3", "spelling distance"),
    ("—", "no searchable words"),
    ("**", "needs at least one letter"),
])
def test_bad_queries_say_what_is_wrong(text: str, message: str) -> None:
    with pytest.raises(QueryError, match=message.replace("(", r"\(")):
        parse(text, B)


@pytest.mark.parametrize(("query", "message"), [
    ("(" * 160 + "a" + ")" * 160, "nests more than 32 levels"),
    ("NOT " * 600 + "a", "nests more than 32 levels"),
    ("title:" * 40 + "a", "nests more than 32 levels"),
    ("word " * 201, "201 words; kcsearch takes up to 200"),
    ('"a b"~99999999999999999999', "proximity ~99999999999999999999 is out of range"),
    ("ceasefire^1e400", None),  # not a weight: a word with odd characters
    ("ceasefire^99999999", "weight ^99999999 is out of range"),
    ("ceasefire~99999999999999999999", "spelling distance must be 1 or 2"),
])
def test_hostile_queries_get_a_clear_error_not_a_crash(query: str, message: str | None) -> None:
    if message is None:
        parse(query)
        return
    with pytest.raises(QueryError, match=re.escape(message)):
        parse(query)


def test_query_size_and_limits_are_checked_before_any_engine(corpus) -> None:  # type: ignore[no-untyped-def]
    for kwargs, message in (({"limit": 10**9}, "--limit must be a whole number from 1 to 10,000"),
                            ({"limit": 0}, "--limit"), ({"limit": 2.5}, "--limit"),
                            ({"speaker": "x" * 1000}, "--speaker is 1,000 characters"),
                            ({"outlets": ["x"] * 1000}, "--outlet: at most")):
        with pytest.raises(QueryError, match=re.escape(message)):
            corpus.search("Karabakh", **kwargs)
    with pytest.raises(QueryError, match="2,000"):
        corpus.search("Karabakh " * 1000)
    with pytest.raises(QueryError, match="NUL"):
        corpus.search("Kara\x00bakh")
    with pytest.raises(QueryError, match="must be text"):
        corpus.search(7)  # type: ignore[arg-type]
    with pytest.raises(QueryError, match="2,000"):
        corpus.check("Turkey sent mercenaries " * 200)


def test_an_error_quoting_the_query_stays_on_one_line() -> None:
    for query in ("{\n4,000}OR?}", "[ date: \n ~ 4,000 ]", "date:[2020\nTO x]"):
        with pytest.raises(QueryError) as e:
            parse(query)
        assert "\n" not in str(e.value)
