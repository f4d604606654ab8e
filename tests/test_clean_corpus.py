"""Golden cleaning cases for each seed article: what must survive and what must go."""

from __future__ import annotations

import re

import pytest

from conftest import CORPUS, SEEDS, cleaned
from kcsearch.index.clean import clean_text, normalise_text

# (must keep in the body, must not be in the body or headings) per file.
GOLDEN: dict[str, tuple[list[str], list[str]]] = {
    "000_3c0a0dd70ffd9184.txt": (
        ["Turkish President Erdogan demands Armenia put an end to its \"occupation\"",
         "\"Now Azerbaijan must take matters into its own hands.\"",
         "bringing Armenia's military death toll to 59.",
         "the last big push for a peace deal collapsed in 2010."],
        ["READ MORE", "(AA)", "Dolmabahce", "Source: TRTWorld", "Second day of fighting",
         "Tense relations"],
    ),
    "001_5bb3d145a699a386.txt": (
        ["Foreign Minister Mevlut Cavusoglu said on Tuesday",
         "an official at President Emmanuel Macron's office said.",
         "It is not recognised by any country – including Armenia"],
        ["READ MORE", "(Reuters)", "A still image from a video", "Ankara slams",
         "Minsk Group talks\n", "Long-standing dispute", "Source: TRTWorld"],
    ),
    "002_f9a3e5e411da9d93.txt": (
        ["As Azerbaijan on Tuesday (Sept 19) launched a fresh military offensive",
         "where Russian peacekeepers are stationed."],
        ["date 2023-09-20", "Armenia-Azerbaijan flare-up enters second day",
         "What triggered recent clashes"],
    ),
    "003_f7b754d68ae601d2.txt": (
        ["Dozens of people have been killed in a second day of fighting",
         "accused Turkey of sending 4,000 mercenaries from Syria",
         "as a pretext to start its military operations."],
        ["READ ALSO", "Covid", "Hospitalisation", "©", "Hayk Baghdasaryan",
         "A man carries an ammunition part", "A view of houses", "Additional reporting",
         "Via Financial Times"],
    ),
    "004_c67a387fa88ce996.txt": (
        ["Fighting prompts international calls for immediate ceasefire",
         "The Kremlin spokesman, Dmitry Peskov, said on Monday",
         "Republic of Artsakh", "At least 200 people were killed in a revival of the conflict"],
        ["This article is more than", "3 years old", "**", "](#)", "[View", "Share",
         "View image in", "fullscreen", "Read more", "Photograph:", "Armenian medics help",
         "Michael Safi", "Mon 28 Sep 2020", "What is happening in Nagorno-Karabakh",
         "Why are Armenia and Azerbaijan fighting", "Dozens killed as Armenian"],
    ),
}


def test_golden_covers_every_seed() -> None:
    assert sorted(GOLDEN) == SEEDS


@pytest.mark.parametrize("name", SEEDS)
def test_boilerplate_gone_and_sentences_kept(name: str) -> None:
    doc = cleaned(name)
    keep, drop = GOLDEN[name]
    for text in keep:
        assert text in doc.body, text
    for text in drop:
        assert text not in doc.body, text


def _sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.!?\"”])\s+", text) if s]


@pytest.mark.parametrize("name", SEEDS)
def test_every_article_sentence_survives_in_order(name: str) -> None:
    """Every line of the source that no rule removed reaches the body, in the same order."""
    doc = cleaned(name)
    dropped = {normalise_text(raw).strip() for _rule, raw in doc.dropped}
    removed_as_fields = {doc.source, doc.via, doc.byline, doc.dateline, *doc.reporting,
                         *doc.headings, doc.title}
    body = doc.body
    cursor = 0
    for raw in normalise_text((CORPUS / name).read_text(encoding="utf-8")).split("\n"):
        line = raw.strip()
        if not line or line in dropped:
            continue
        plain = re.sub(r"\[([^\]]+)\]\([^)]*\)", r"\1", line).replace("**", "")
        plain = re.sub(r"^\s*date \d{4}-\d{2}-\d{2}\s+", "", plain)
        if plain in removed_as_fields or plain.lstrip("# ") in removed_as_fields:
            continue
        if any(plain.endswith(f) for f in removed_as_fields if f):
            continue  # "Source: X", "Via X", "Additional reporting by X"
        pos = body.find(plain, cursor)
        assert pos >= 0, f"lost or reordered: {plain[:80]!r}"
        cursor = pos + len(plain)


@pytest.mark.parametrize("name", SEEDS)
def test_cleaning_is_idempotent(name: str) -> None:
    once = cleaned(name)
    # the cleaned article as a file again: its headline first, then its body
    twice = clean_text(f"# {once.title}\n\n{once.body}" if once.title else once.body)
    assert twice.paragraphs == once.paragraphs


def test_section_headings_recorded() -> None:
    assert cleaned(SEEDS[0]).headings == ["Second day of fighting", "Tense relations"]
    assert cleaned(SEEDS[1]).headings == ["Ankara slams 'neutrality principle'",
                                          "Minsk Group talks", "Long-standing dispute"]
    assert cleaned(SEEDS[2]).headings == ["Armenia-Azerbaijan flare-up enters second day",
                                          "What triggered recent clashes between Armenia and Azerbaijan?"]
