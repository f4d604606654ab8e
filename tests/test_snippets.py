"""Snippet rules on plain text (no index): whole sentences, whole-phrase highlights."""

from __future__ import annotations

import pytest

from conftest import CORPUS
from kcsearch.index.schema import term, tokens, words
from kcsearch.snippets import find_snippets, sentences

QUERIES = [({"mercenari"}, []), (set(), [("minsk", "group")]), ({"turkey", "drone"}, []),
           ({"ceasefir"}, [("foreign", "fighter")]), ({"4000"}, [])]


def snippets_the_slow_way(body: str, terms: set[str], phrases: list[tuple[str, ...]]) -> list:
    """Every sentence analysed (every word counts as a candidate): what the shortcut must equal."""
    return find_snippets(body, set(words(body)), tokens, terms, phrases)


@pytest.mark.parametrize(("terms", "phrases"), QUERIES)
def test_analysing_only_candidate_sentences_changes_nothing(terms: set[str], phrases: list) -> None:
    for path in sorted(CORPUS.glob("*.txt")):
        body = path.read_text(encoding="utf-8")
        wanted = terms.union(*phrases)
        surface = {w for w in set(words(body)) if term(w) in wanted}
        assert (find_snippets(body, surface, tokens, terms, phrases)
                == snippets_the_slow_way(body, terms, phrases))


def test_a_figure_point_does_not_end_a_sentence() -> None:
    text = "Losses rose to 4.5 million. Talks stalled."
    assert [text[s:e] for s, e in sentences(text)] == ["Losses rose to 4.5 million.", "Talks stalled."]
    (snippet,) = find_snippets(text, {"4.5"}, tokens, {"4.5"}, [])
    assert snippet.text == "Losses rose to 4.5 million." and snippet.highlights == ((15, 18),)


def test_a_phrase_is_one_highlight_and_stray_words_none() -> None:
    text = "The Minsk Group met. A group of people gathered in Minsk."
    (snippet,) = find_snippets(text, {"Minsk", "Group", "group"}, tokens, set(), [("minsk", "group")])
    assert snippet.text == "The Minsk Group met." and snippet.highlights == ((4, 15),)
