"""Snippet rules on plain text (no index): whole sentences, whole-phrase highlights."""

from __future__ import annotations

import random
import re

import pytest

from conftest import CORPUS
from kcsearch.index.fold import accent_map, fold, fold_in_place, non_ascii
from kcsearch.index.language import LANG
from kcsearch.index.schema import (
    surface_words,
    term,
    tokens,
    wanted_tokens,
    words,
)
from kcsearch.snippets import (
    MAX_SNIPPETS,
    _best,
    find_snippets,
    merge_spans,
    sentences,
    sentences_holding,
)

QUERIES = [({"mercenari"}, []), (set(), [("minsk", "group")]), ({"turkey", "drone"}, []),
           ({"ceasefir"}, [("foreign", "fighter")]), ({"4000"}, [])]


def snippets_the_slow_way(body: str, terms: set[str], phrases: list[tuple[str, ...]]) -> list:
    """Every word of every sentence analysed, a phrase looked for at every word: what the
    shortcuts (candidate sentences, located words, phrases found from their first term) must
    equal."""
    scored = []
    for s, e in sentences(body):
        toks = [(t, a + s, b + s) for t, a, b in tokens(body[s:e])]
        words = [t for t, _a, _b in toks]
        spans = [(toks[i][1], toks[i + len(p) - 1][2]) for p in phrases
                 for i in range(len(words) - len(p) + 1) if tuple(words[i:i + len(p)]) == p]
        spans += [(a, b) for t, a, b in toks if t in terms]
        if spans:
            inside = merge_spans(spans, body)
            scored.append((len(inside), s, e, inside))
    return _best(body, scored, MAX_SNIPPETS)


@pytest.mark.parametrize(("terms", "phrases"), QUERIES)
def test_analysing_only_candidate_sentences_changes_nothing(terms: set[str], phrases: list) -> None:
    for path in sorted(CORPUS.glob("*.txt")):
        body = path.read_text(encoding="utf-8")
        wanted = terms.union(*phrases)
        assert (find_snippets(body, wanted_tokens(body, wanted), terms, phrases)
                == snippets_the_slow_way(body, terms, phrases))


def bodies() -> list[str]:
    return [p.read_text(encoding="utf-8") for p in sorted(CORPUS.glob("*.txt"))]


def test_finding_a_terms_words_by_prefix_misses_none_and_adds_none() -> None:
    # the prefix path is the one under test: folding keeps these bodies' lengths
    assert len([b for b in bodies() if len(b.lower().translate(accent_map)) == len(b)]) >= 3
    for body in bodies():
        by_term: dict[str, set[str]] = {}
        for w in set(words(body)):
            by_term.setdefault(term(w), set()).add(w)
        assert len(by_term) > 150
        for t, written in by_term.items():
            assert surface_words(body, {t}) == written, t
        assert surface_words(body, set(by_term)) == set(words(body))


# Snowball English's rewrites, a word or two each (step 1a-1c, 2, 3, 4, 5 and the exceptional
# forms): its stems keep all but the last letter of the word, but for die, lie and tie
SNOWBALL_REWRITES = (
    "caresses ponies ties cries gas gaps kiwis tied cried agreed feed hoping hopping filing "
    "conflated troubled sized happy crying cry by say relational conditional rational valenci "
    "hesitanci digitizer conformabli radicalli differentli vileli analogousli vietnamization "
    "predication operator feudalism decisiveness hopefulness callousness formaliti sensitiviti "
    "sensibiliti fluentli logically triplicate formative formalize electriciti electrical "
    "hopeful goodness revival allowance inference airliner gyroscopic adjustable defensible "
    "irritant replacement adjustment dependent adoption homologou communism activate angulariti "
    "homologous effective bowdlerize probate rate cease controll roll generous generously "
    "skis skies dying lying tying idly gently ugly early only singly sky news howe atlas cosmos "
    "bias andes inning outing canning herring earring proceed exceed succeed "
    "generate generation generates arsenal communal communicate communication "
    "commune communities community"
).split()


def test_each_snowball_rewrite_keeps_the_prefix_words_are_found_by() -> None:
    for w in SNOWBALL_REWRITES:
        t = term(w)
        n = len(t) - LANG.rewritten(t)
        assert w.startswith(t[:n]), (w, t)
        assert surface_words(f"x {w.upper()} y", {t}) == {w.upper()}, w


@pytest.mark.parametrize(("text", "wanted", "found"), [
    ("Some 4,000 fighters and 4000 more", {"4000"}, {"4,000", "4000"}),
    ("Azerbaijan’s army and Azerbaijan's", {"azerbaijan"}, {"Azerbaijan’s", "Azerbaijan's"}),
    ("a 2.5km front", {"km"}, {"km"}),  # a word right after a figure
    ("DYING, dying and died", {"die"}, {"DYING", "dying", "died"}),  # Snowball's exceptions
    ("lying, tying, skies, early, only, gently", {"lie", "tie", "sky", "earli", "onli", "gentl"},
     {"lying", "tying", "skies", "early", "only", "gently"}),
    ("rock’n’roll and rock'n'roll", {"rock'n'rol"}, {"rock’n’roll", "rock'n'roll"}),
    ("Erdoğan and ERDOGAN met Çavuşoğlu", {"erdogan", "cavusoglu"}, {"Erdoğan", "ERDOGAN", "Çavuşoğlu"}),
    ("Hoping for hope", {"hope"}, {"Hoping", "hope"}),
    ("Straße, STRASSE", {"strass"}, {"Straße", "STRASSE"}),  # a fold that changes the length
    ("İstanbul and Istanbul", {"istanbul"}, {"İstanbul", "Istanbul"}),  # "İ" lowercases to i + ◌̇
    ("Straße; café written cafe\u0301", {"cafe"}, {"café", "cafe"}),  # one longer, one shorter
    ("the “Turkish” side", {"turkish"}, {"Turkish"}),
    ("unwar and warring", {"war"}, {"warring"}),  # a prefix inside a word is no word
    ("2.5km and 2,500 and x2", {"km", "2500", "2"}, {"km", "2,500"}),
    ("nothing here", set(), set()),
])
def test_words_holding_a_term(text: str, wanted: set[str], found: set[str]) -> None:
    assert surface_words(text, wanted) == found
    assert found == {w for w in words(text) if term(w) in wanted}


@pytest.mark.parametrize(("text", "wanted", "found"), [
    ("Turkey's drones, Turkey said", {"turkey"}, ["Turkey's", "Turkey"]),
    ("4,000 fighters; 4 fighters", {"4000"}, ["4,000"]),  # a figure is one word, "4" another
    ("2.5km away at 2.5", {"2.5", "km"}, ["2.5", "km", "2.5"]),  # a unit after a figure
    ("warring war unwar", {"war"}, ["warring", "war"]),  # never a word's part
    ("2km, O'Neill, 1,400", {"km", "neill", "400"}, []),  # ... nor a digit's, nor after ' or ,
    ("'Neill said: “Neill”", {"neill"}, ["Neill", "Neill"]),  # quotation marks are no word
    ("Straße and STRASSE", {"strass"}, ["Straße", "STRASSE"]),  # folding changes the length
])
def test_wanted_tokens_are_whole_words_as_tokens_sees_them(text: str, wanted: set[str],
                                                           found: list[str]) -> None:
    toks = wanted_tokens(text, wanted)
    assert [text[a:b] for _t, a, b in toks] == found
    assert toks == [t for t in tokens(text) if t[0] in wanted]


def test_wanted_tokens_match_tokens_over_the_corpus() -> None:
    """wanted_tokens() analyses only the words at a wanted term's prefix, and tokenises only
    near a word that does not start after white space: over corpus/ chunks and random sets of
    their terms (with terms of parts of words, after an apostrophe, comma or point, and terms
    not there), the tokens are those of analysing the whole text."""
    rng = random.Random(4)
    for text in bodies():
        pieces = text.split()
        for _ in range(60):
            a = rng.randrange(len(text))
            chunk = text[a:a + rng.randrange(1, 400)]
            written = {rng.choice(pieces).strip(".,;:\"“”()") for _ in range(rng.randrange(1, 6))}
            written |= {w[1:] for w in written if len(w) > 2} if rng.random() < 0.3 else set()
            written |= {re.split(r"['’,.]", w)[-1] for w in written}
            wanted = {term(w) for w in written if w}
            assert wanted_tokens(chunk, wanted) == [t for t in tokens(chunk) if t[0] in wanted]


@pytest.mark.parametrize(("text", "folded"), [
    ("Erdoğan’s “ÇAVUŞOĞLU” — İlham", "erdogan's  cavusoglu    ilham"),  # "İ".lower() is i + ◌̇
    ("Шуша — Şuşa ©", "шуша   susa  "),  # letters that stay non-ASCII stay; symbols are spaces
    ("plain ASCII", "plain ascii"),
    ("Straße", None),  # ß folds to ss: offsets would move
    ("cafe\u0301", None),  # a combining mark on its own folds to nothing
    ("\u2026 and \ufb01", None),  # … is ..., ﬁ is fi
])
def test_folding_in_place_keeps_every_offset_or_says_none(text: str, folded: str | None) -> None:
    # (punctuation and symbols outside ASCII, which no word holds, become spaces: a text whose
    # letters fold to ASCII is ASCII, and lowercases several times faster)
    assert fold_in_place(text) == folded
    if folded is not None:  # each word at its offsets, as folding it on its own gives it
        for m in re.finditer(r"\w+", text):
            assert folded[m.start():m.end()] == fold(m.group().lower())


def test_the_distinct_non_ascii_characters_of_a_text() -> None:
    assert non_ascii("Erdoğan, Erdoğan — 4,000 “fighters”") == {"ğ", "—", "“", "”"}
    assert non_ascii("plain") == set()
    assert non_ascii("lone \udc80 surrogate é") == {"\udc80", "é"}


def _holding_the_slow_way(text: str, toks: list) -> list:
    return [(s, e, [t for t in toks if s <= t[1] < e]) for s, e in sentences(text)
            if any(s <= t[1] < e for t in toks)]


def test_sentences_holding_tokens_are_the_sentences_filtered() -> None:
    for body in bodies():
        for ws in ({"Turkey"}, {"the", "Minsk"}, {"4,000", "zzz"}, {"said", "Aliyev"}):
            toks = [t for t in tokens(body) if body[t[1]:t[2]] in ws]
            assert sentences_holding(body, toks) == _holding_the_slow_way(body, toks)


@pytest.mark.parametrize("text", [
    "Turkey said no.\nAliyev said yes. Turkey again!\n\nAnd 4.5 million.\nTurkey",
    "one line: Turkey. Aliyev.  Turkey?” said 4.5.\n",
    "\n\nTurkey\n\n\nno Aliyev here\nTurkey, Aliyev. x",
    "Aliyev" * 3 + ".\n" + "filler. " * 20 + "\nTurkey",
    "Aliyev.Turkey.\nAliyev",
])
def test_sentences_are_split_from_the_line_of_each_token(text: str) -> None:
    for ws in ({"Turkey"}, {"Aliyev"}, {"Turkey", "Aliyev"}, {"4.5", "said"}):
        toks = [t for t in tokens(text) if text[t[1]:t[2]] in ws]
        assert sentences_holding(text, toks) == _holding_the_slow_way(text, toks)


def test_sentences_split_as_the_one_character_at_a_time_rule_does() -> None:
    import re

    from kcsearch.index.language import LANG

    # the same rule as lookbehinds, one character at a time: a full stop inside a figure, or
    # after a title or an initial with more on its line, ends no sentence
    more = r"(?=[^\S\n]*\S)(?![\"”’)])"  # more on the line, and no closing mark first
    not_an_end = "|".join(
        [r"(?<=\d)\.(?=\d)", rf"(?<=[A-Z])(?<![^\W\d_][A-Z])\.{more}",
         r"(?<![^\W\d_]{3})(?<=No)\.(?=\s*\d)", r"(?<![^\W\d_]{4})(?<=Nos)\.(?=\s*\d)"]
        + [rf"(?<![^\W\d_]{{{len(a) + 1}}})(?<={re.escape(a.capitalize())})\.{more}"
           for a in sorted(LANG.abbreviations) if "." not in a and len(a) > 1
           and a not in ("no", "nos")])
    plain = re.compile(rf"(?:[^.!?\n]|{not_an_end})*(?:[.!?]+[\"”’)]*|\n|$)")
    texts = [*bodies(), "a 1.2.3 b. c..d", "5.x", "x.5.", "...", "", "end 3.", "“No.” Yes!\n\nOk?",
             "Sen. X met U.S. envoys. Mr. Y left.", "In Sept. 2020. Then.", "No. 5 went. No. It did",
             "(Sen.) x. J. Smith. Mr.\nNew line."]
    for text in texts:
        assert sentences(text) == [
            (m.start() + len(m.group()) - len(m.group().lstrip()), m.start() + len(m.group().rstrip()))
            for m in plain.finditer(text) if m.group().strip()]


def test_a_figure_point_does_not_end_a_sentence() -> None:
    text = "Losses rose to 4.5 million. Talks stalled."
    assert [text[s:e] for s, e in sentences(text)] == ["Losses rose to 4.5 million.", "Talks stalled."]
    (snippet,) = find_snippets(text, wanted_tokens(text, {"4.5"}), {"4.5"}, [])
    assert snippet.text == "Losses rose to 4.5 million." and snippet.highlights == ((15, 18),)


def test_a_phrase_is_one_highlight_and_stray_words_none() -> None:
    text = "The Minsk Group met. A group of people gathered in Minsk."
    (snippet,) = find_snippets(text, wanted_tokens(text, {"minsk", "group"}), set(),
                               [("minsk", "group")])
    assert snippet.text == "The Minsk Group met." and snippet.highlights == ((4, 15),)


def test_a_phrase_matches_only_where_no_word_stands_between_its_words() -> None:
    # only the query's words are analysed: a word between them (a figure too) must still count
    text = "The Minsk 2 Group met. The Minsk of Group met. The Minsk-Group met."
    (snippet,) = find_snippets(text, wanted_tokens(text, {"minsk", "group"}), set(), [("minsk", "group")])
    assert snippet.text == "The Minsk-Group met." and snippet.highlights == ((4, 15),)


def test_sentences_do_not_end_after_titles_months_initials_or_decimals() -> None:
    from kcsearch.snippets import sentences

    text = ("Fighting began on Sept. 27 when Sen. Bob Menendez and Dr. Jill Biden met U.S. envoys. "
            "J. Smith said 4.5 million people fled. Mr. Aliyev spoke.")
    assert [text[a:b] for a, b in sentences(text)] == [
        "Fighting began on Sept. 27 when Sen. Bob Menendez and Dr. Jill Biden met U.S. envoys.",
        "J. Smith said 4.5 million people fled.", "Mr. Aliyev spoke."]
