"""Quotes and speakers of each seed article, and the attribution rules on small cases."""

from __future__ import annotations

import pytest

from conftest import SEEDS, cleaned
from kcsearch.index.quotes import extract_quotes, parse_who


def quotes_of(name: str) -> list[tuple[str | None, str | None, str]]:
    doc = cleaned(name)
    return [(q.speaker, q.role, q.text) for q in extract_quotes(doc.paragraphs, doc.captions)
            if not q.short]


ERDOGAN_000 = ("Recep Tayyip Erdogan", "Turkish President")
# (speaker, role, start of quote text) per article, in order.
EXPECTED = {
    "000_3c0a0dd70ffd9184.txt": [
        (*ERDOGAN_000, "The time has come for the crisis"),
        (*ERDOGAN_000, "Once Armenia immediately leaves the territory"),
        (*ERDOGAN_000, "They basically did everything they could"),
        (*ERDOGAN_000, "Now Azerbaijan must take matters into its own hands."),  # runs on
    ],
    "001_5bb3d145a699a386.txt": [
        ("Mevlut Cavusoglu", "Foreign Minister", "on the battlefield, and at the negotiation table"),
        ("Mevlut Cavusoglu", "Foreign Minister", "We always stand with brotherly Azerbaijan"),
        ("Fahrettin Altun", "Turkey's Communication Director", "In the name of acting"),
        ("Mike Pompeo", "US Secretary of State", "work with the Minsk Group co-chairs"),
        ("Steffen Seibert", None, "The Chancellor has underlined"),
        (None, "an official at President Emmanuel Macron's office", "We will trigger"),
        ("Dmitry Peskov", "Kremlin spokesman", "We call on all sides"),
    ],
    "002_f9a3e5e411da9d93.txt": [
        ("Recep Tayyip Erdogan", "Turkish President", "As everyone now acknowledges"),
        ("Recep Tayyip Erdogan", "Turkish President", "We support the steps taken by Azerbaijan"),
        ("Recep Tayyip Erdogan", "Turkish President", "We supported the negotiation process"),
        ("Azerbaijani Presidency", None, "To stop anti-terrorist measures"),
    ],
    "003_f7b754d68ae601d2.txt": [
        ("Recep Tayyip Erdogan", "Turkey’s president", "It is time to put an end to this crisis"),
        ("Recep Tayyip Erdogan", "Turkey’s president", "The region will once again be able"),
        ("Azerbaijan", None, "a large number of ethnic Armenian mercenaries"),
        ("Russia", None, "its influence and historically good relations"),
        ("Dmitry Peskov", "Kremlin’s spokesman", "It’s important now to stop the fighting"),
    ],
    "004_c67a387fa88ce996.txt": [
        ("Recep Tayyip Erdoğan", "Turkish president", "Once Armenia immediately leaves"),
        ("Peter Stano", "European commission spokesman", "We hope and we urge everyone"),
        ("Peter Stano", "European commission spokesman", "There is no military solution"),
        ("Dmitry Peskov", "Kremlin spokesman", "is a cause for concern for Moscow"),
        ("Dmitry Peskov", "Kremlin spokesman", "We believe that the hostilities"),
        (None, None, "full-scale military attack"),  # "what it called": speaker unclear
        ("Armenian foreign ministry", None, "Turkish military experts are fighting"),
        ("Armenian foreign ministry", None, "a Turkish-Azerbaijani alliance"),
        ("Ömer Çelik", "spokesman for Erdoğan's ruling party", "Armenia is disturbed by Turkey"),
    ],
}


@pytest.mark.parametrize("name", SEEDS)
def test_quotes_and_speakers_per_article(name: str) -> None:
    got = quotes_of(name)
    assert [(s, r) for s, r, _ in got] == [(s, r) for s, r, _ in EXPECTED[name]]
    for (_s, _r, text), (_es, _er, start) in zip(got, EXPECTED[name], strict=True):
        assert text.startswith(start), (text, start)


@pytest.mark.parametrize("name", SEEDS)
def test_quote_offsets_point_into_the_body(name: str) -> None:
    doc = cleaned(name)
    for q in extract_quotes(doc.paragraphs, doc.captions):
        assert doc.body[q.start:q.end] == q.text


def test_scare_quotes_are_not_quotations() -> None:
    texts = [t for name in SEEDS for _s, _r, t in quotes_of(name)]
    for scare in ("occupation", "Minsk Group", "counteroffensive", "lies", "provocation",
                  "absolute nonsense", "a politico-diplomatic", "neutrality principle"):
        assert scare not in texts


def test_unnamed_source_is_never_the_person_named_inside_it() -> None:
    speakers = [s for s, _r, _t in quotes_of("001_5bb3d145a699a386.txt")]
    assert "Emmanuel Macron" not in speakers


def test_quote_text_keeps_its_full_wording() -> None:
    got = dict((t[:20], t) for _s, _r, t in quotes_of("002_f9a3e5e411da9d93.txt"))
    assert got["As everyone now ackn"] == ("As everyone now acknowledges, Karabakh is Azerbaijani "
                                           "territory. Imposition of another status [to the region] "
                                           "will never be accepted.")


@pytest.mark.parametrize(("para", "speaker"), [
    ('"We will not stop," he said.', None),  # no named person before: no guess
    ('Ilham Aliyev spoke on Monday. "We will not stop," he said.', "Ilham Aliyev"),
    ('"We will not stop," said Azerbaijan\'s President Ilham Aliyev.', "Ilham Aliyev"),
    ('"We will not stop," a senior official said.', None),  # unnamed: the role says who
    ('"We will not stop," the defence ministry said in a statement.', "defence ministry"),
    ('Straight and “curly” quotes: “We will not stop here,” Aliyev told reporters.', "Aliyev"),
])
def test_attribution_forms(para: str, speaker: str | None) -> None:
    quotes = extract_quotes([para])
    assert quotes[-1].speaker == speaker


def test_surname_expands_only_when_the_article_names_one_person_so() -> None:
    paras = ["Ilham Aliyev met Mehriban Aliyeva.", '"We will not stop," Aliyev said.']
    assert extract_quotes(paras)[0].speaker == "Ilham Aliyev"
    two = ["Ilham Aliyev and Heydar Aliyev were named.", '"We will not stop," Aliyev said.']
    assert extract_quotes(two)[0].speaker == "Aliyev"


def test_quote_running_into_next_paragraph_keeps_speaker() -> None:
    paras = ['"We will not stop," Ilham Aliyev said.', '"The army will go on until the end."']
    assert [q.speaker for q in extract_quotes(paras)] == ["Ilham Aliyev", "Ilham Aliyev"]


def test_unattributed_quote_far_from_others_has_no_speaker() -> None:
    paras = ['"We will not stop," Ilham Aliyev said.', "Other news followed. " * 12,
             '"The army will go on until the end."']
    assert extract_quotes(paras)[-1].speaker is None


@pytest.mark.parametrize(("phrase", "speaker", "role"), [
    ("Kremlin spokesman Dmitry Peskov", "Dmitry Peskov", "Kremlin spokesman"),
    ("Dmitry Peskov, the Kremlin’s spokesman,", "Dmitry Peskov", "Kremlin’s spokesman"),
    ("the Turkish president, Recep Tayyip Erdoğan,", "Recep Tayyip Erdoğan", "Turkish president"),
    ("US Secretary of State Mike Pompeo", "Mike Pompeo", "US Secretary of State"),
    ("the Armenian foreign ministry", "Armenian foreign ministry", None),
    ("an official at President Emmanuel Macron's office",
     "an official at President Emmanuel Macron's office", None),
    ("Russia, which leads mediation efforts alongside the US and France,", "Russia", None),
])
def test_parse_who(phrase: str, speaker: str, role: str | None) -> None:
    who = parse_who(phrase)
    assert who is not None and (who.speaker, who.role) == (speaker, role)
