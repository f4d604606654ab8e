"""The language seam: every language keeps the rules that depend on it, checked on its words."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

import kcsearch
from conftest import CORPUS, SEEDS
from kcsearch.index import storage
from kcsearch.index.fold import fold
from kcsearch.index.language import LANG, LANGUAGES
from kcsearch.index.schema import surface_words, term

# Words to check each language's rules on: a language without a sample fails the test.
SAMPLE_TEXT = {
    "en": " ".join(p.read_text(encoding="utf-8") for p in sorted(CORPUS.glob("*.txt")))
    + " hoping happy dying lying tying skies early only gently generously herring succeed",
}


@pytest.mark.parametrize("code", sorted(LANGUAGES))
def test_a_language_s_stem_prefix_rule_never_loses_a_highlight(code: str) -> None:
    """Snippets and checks look for a term's words where its first letters (all but the ones
    its stem may rewrite) occur in the text: a stem rewriting more than the language says would
    lose that word's highlight."""
    lang = LANGUAGES[code]
    assert code in SAMPLE_TEXT, f"{lang.name} has no sample words to check its rules on"
    words = set(re.findall(r"[^\W\d_]+", SAMPLE_TEXT[code]))
    assert len(words) > 500
    lost = []
    for w in sorted(words):
        t = term(w)
        kept = t[:max(1, len(t) - lang.rewritten(t))]
        if not fold(w.lower()).startswith(kept) or surface_words(f"x {w} y", {t}) != {w}:
            lost.append((w, t))
    assert not lost, lost[:20]


def test_every_word_list_comes_from_the_language() -> None:
    """The modules read their word lists from index/language.py's LANG, not lists of their own."""
    from kcsearch import attribution, check, figures
    from kcsearch.index import clean, dedup, extract, quotes, sketch

    assert check.STOP is LANG.check_stop_terms and check.EQUIVALENTS is LANG.equivalents
    assert sketch.STOP is LANG.function_terms and dedup.STOP is LANG.shingle_stop_words
    assert figures.CONCEPTS is LANG.concepts and attribution.DISPUTE_WORDS is LANG.dispute_words
    assert quotes.SPEECH_VERBS is LANG.speech_verbs and quotes.PLACES is LANG.places
    assert extract.MONTHS is LANG.months and clean.NAV_WORDS is LANG.nav_words


def test_the_index_records_its_language_and_refuses_another(corpus_copy: Path, tmp_path: Path) -> None:
    ix = tmp_path / "ix"
    kcsearch.build([corpus_copy], ix)
    meta = json.loads((ix / storage.META_FILE).read_text())
    assert meta["language"] == LANG.code
    meta["language"] = "xx"
    (ix / storage.META_FILE).write_text(json.dumps(meta))
    with pytest.raises(kcsearch.IndexUnusableError, match=r"analysed as 'xx'.*rebuild"):
        kcsearch.open(ix)
    r = kcsearch.build([corpus_copy], ix)  # rebuilt in the language kcsearch reads
    assert r.rebuilt and sorted(r.added) == SEEDS
    assert json.loads((ix / storage.META_FILE).read_text())["language"] == LANG.code
