"""One test per cleaning rule in index/clean.py, on minimal inputs."""

from __future__ import annotations

import pytest

from kcsearch.index.clean import LINE_RULES, apply_inline, clean_text, strip_credit

BODY = "Fighting continued on Monday in the region, officials said."


def test_every_line_rule_has_a_reason() -> None:
    assert all(why.strip() for _name, _pattern, _action, why in LINE_RULES)


@pytest.mark.parametrize(("line", "expected"), [
    ("[Dmitry Peskov](#)", "Dmitry Peskov"),
    ("This article is more than **3 years old**", "This article is more than 3 years old"),
    ("a *very* big deal", "a very big deal"),
    ("![photo](x.jpg) text", " text"),
    ("line break  ", "line break"),
])
def test_inline_markdown(line: str, expected: str) -> None:
    assert apply_inline(line) == expected


@pytest.mark.parametrize("promo", [
    "READ MORE: Azerbaijan issues final warning to Armenia in Karabakh clashes",
    "READ ALSO  Covid condemns value investing to worst run in two centuries",
    "Read more: Why the war matters",
    "SEE ALSO: Another story",
    "Le puede interesar: JEP abrirá tres nuevos macrocasos",
    "Lesen Sie auch: Waffenruhe in Bergkarabach gebrochen",
    "Читайте также: Новые бои в Карабахе",
])
def test_promo_lines_dropped(promo: str) -> None:
    doc = clean_text(f"{BODY}\n\n{promo}\n\n{BODY}")
    assert promo not in doc.body and doc.paragraphs == [BODY, BODY]


def test_read_also_alone_drops_the_promoted_headline() -> None:
    doc = clean_text(f"{BODY}\n\nREAD ALSO\nCovid cases rise again in Europe\n\n{BODY}")
    assert "Covid" not in doc.body


def test_sentence_starting_read_more_is_kept() -> None:
    text = "Read more widely and you will see the pattern, analysts said."
    assert clean_text(f"{BODY}\n\n{text}").paragraphs[-1] == text


@pytest.mark.parametrize("credited", [
    "Turkish President Recep Tayyip Erdogan at Dolmabahce in Istanbul. (AA)",
    "A man carries an ammunition part in Martuni © Hayk Baghdasaryan/Reuters",
    "Armenian medics help a man. Photograph: Armenian foreign ministry/AFP/Getty Images",
    "Smoke rises over Stepanakert. (Reuters)",
    "Cristina Kirchner y Alberto Fernández en el Congreso (Foto: Natacha Pisarenko/Pool via REUTERS).",
    "Agents found 475 pounds of cocaine in a vessel in Las Croabas. By U.S. CUSTOMS AND BORDER PROTECTION",
])
def test_caption_with_credit_dropped(credited: str) -> None:
    doc = clean_text(f"{BODY}\n\n{credited}\n\n{BODY}")
    assert doc.paragraphs == [BODY, BODY]
    assert strip_credit(credited)


def test_caption_copy_above_credit_dropped_even_if_punctuation_differs() -> None:
    doc = clean_text(
        f"{BODY}\n\nA view of houses, in the town of Martuni on Monday\n"
        "A view of houses in the town of Martuni on Monday © Hayk Baghdasaryan/Reuters\n\n"
        f"{BODY}")
    assert doc.paragraphs == [BODY, BODY]
    assert [r for r, _ in doc.dropped] == ["caption-credit", "caption-copy"]


def test_sentence_with_parenthesis_is_not_a_caption() -> None:
    text = "The ministry (MoD) said it had retaken positions."
    assert strip_credit(text) is None
    assert clean_text(f"{BODY}\n\n{text}").paragraphs[-1] == text


@pytest.mark.parametrize("debris", ["Share", "[View image in](#)", "[fullscreen](#)",
                                    "[Read more](#)", "https://example.com/story",
                                    "[Why are Armenia and Azerbaijan fighting?](#)"])
def test_share_and_navigation_debris_dropped(debris: str) -> None:
    doc = clean_text(f"{BODY}\n\n{debris}\n\n{BODY}")
    assert doc.paragraphs == [BODY, BODY]


def test_age_banner_becomes_a_flag() -> None:
    doc = clean_text(f"This article is more than **3 years old**\n\n{BODY}\n\n"
                     "This article is more than 3 years old")
    assert doc.stale_banner and doc.paragraphs == [BODY]
    assert not clean_text(BODY).stale_banner


def test_markdown_headline_and_subheading() -> None:
    doc = clean_text(f"# The headline\n\n{BODY}\n\n## A section\n\n{BODY}")
    assert doc.title == "The headline"
    assert doc.headings == ["A section"]
    assert doc.paragraphs == [BODY, BODY]


def test_standfirst_bullet_is_stripped_but_text_kept() -> None:
    doc = clean_text(f"- Fighting prompts calls for a ceasefire.\n\n{BODY}")
    assert doc.paragraphs[0] == "Fighting prompts calls for a ceasefire."


@pytest.mark.parametrize(("line", "field", "value"), [
    ("Source: TRTWorld and agencies", "source", "TRTWorld and agencies"),
    ("Via Financial Times", "via", "Financial Times"),
    ("Additional reporting by Asmaa al-Omar in Istanbul", "reporting", ["Asmaa al-Omar in Istanbul"]),
    ("By Michael Safi", "byline", "Michael Safi"),
    ("[Michael Safi](#)", "byline", "Michael Safi"),
    ("Written by: Julie Mollins", "byline", "Julie Mollins"),
    ("Auteur : Kossivi Tiassou", "byline", "Kossivi Tiassou"),
    ("Автор: Анна Иванова", "byline", "Анна Иванова"),
    ("Mon 28 Sep 2020 18.13 CEST", "dateline", "Mon 28 Sep 2020 18.13 CEST"),
    ("September 28, 2020", "dateline", "September 28, 2020"),
])
def test_signoffs_and_metadata_lines_move_to_fields(line: str, field: str, value: object) -> None:
    doc = clean_text(f"{line}\n\n{BODY}" if field in ("byline", "dateline") else f"{BODY}\n\n{line}")
    assert getattr(doc, field) == value
    assert doc.paragraphs == [BODY]


def test_date_prefix_is_removed_and_sentence_kept() -> None:
    doc = clean_text(" date 2023-09-20 As Azerbaijan launched an offensive, Turkey backed it.")
    assert doc.dateline == "2023-09-20"
    assert doc.paragraphs == ["As Azerbaijan launched an offensive, Turkey backed it."]


@pytest.mark.parametrize("heading", [
    "Second day of fighting", "Minsk Group talks", "Ankara slams 'neutrality principle'",
    "What triggered recent clashes between Armenia and Azerbaijan?",
])
def test_subheadings_go_to_headings(heading: str) -> None:
    doc = clean_text(f"{BODY}\n\n{heading}\n\n{BODY}")
    assert doc.headings == [heading] and doc.paragraphs == [BODY, BODY]


@pytest.mark.parametrize("sentence", [
    "Ankara has no diplomatic relations with Yerevan.",
    '"Now Azerbaijan must take matters into its own hands."',
    "It described the claims as “lies”.",
])
def test_short_sentences_are_not_headings(sentence: str) -> None:
    assert clean_text(f"{BODY}\n\n{sentence}").paragraphs[-1] == sentence


def test_first_block_is_never_a_heading() -> None:
    # after a headline, a standfirst with no full stop is text, not a subheading
    standfirst = "Fighting prompts international calls for immediate ceasefire"
    doc = clean_text(f"# Clashes go on\n\n{standfirst}\n\n{BODY}")
    assert doc.paragraphs[0] == standfirst and doc.headings == []


def test_a_plain_text_files_first_line_is_its_headline() -> None:
    headline = "Azerbaijan says it has taken control of more villages"
    doc = clean_text(f"{headline}\n\n{BODY}\n\nMore of the story follows here.")
    assert doc.title == headline and doc.paragraphs[0] == BODY
    # a first line that is a sentence, or the only block, stays text
    assert clean_text(f"{BODY}\n\nMore.").title is None
    assert clean_text(headline).paragraphs == [headline]


@pytest.mark.parametrize(("text", "agency", "day"), [
    ("BAKU, Oct 4 (Reuters) - Azerbaijan said its forces advanced.", "Reuters", "Oct 4"),
    ("STEPANAKERT, Nagorno-Karabakh (AP) — Heavy shelling hit the city.", "Associated Press", None),
    ("YEREVAN, Armenia, Sept. 28 (AFP) - Armenia declared martial law.", "AFP", "Sept. 28"),
])
def test_a_wire_dateline_gives_the_agency_and_keeps_the_text(text: str, agency: str,
                                                               day: str | None) -> None:
    doc = clean_text(f"# Headline here\n\n{text}")
    assert (doc.wire, doc.wire_day) == (agency, day) and doc.paragraphs == [text]


def test_wire_credits_become_contributors_with_roles() -> None:
    from kcsearch.index.extract import extract_contributors

    doc = clean_text(f"{BODY}\n\nReporting by Nailia Bagirova and Nvard Hovhannisyan; Writing by "
                     "Tom Balmforth; Editing by Alex Richardson")
    assert doc.paragraphs == [BODY]
    assert extract_contributors(doc) == ("Nailia Bagirova (reporting)",
                                         "Nvard Hovhannisyan (reporting)",
                                         "Tom Balmforth (writing)", "Alex Richardson (editing)")


def test_an_agency_byline_and_a_published_line() -> None:
    doc = clean_text("# Headline here\n\n**By AVET DEMOURIAN | Associated Press**\n\n"
                     f"Published October 9, 2020 · Updated October 10, 2020\n\n{BODY}")
    assert (doc.byline, doc.wire) == ("AVET DEMOURIAN", "Associated Press")
    assert (doc.dateline, doc.modified) == ("October 9, 2020", "October 10, 2020")
    assert doc.paragraphs == [BODY]


@pytest.mark.parametrize("furniture", [
    "Share this article", "Copyright 2020 The Associated Press. All rights reserved.",
    "*Photo: A damaged building in Stepanakert.*", "Our Standards: The Thomson Reuters Trust "
    "Principles.", "Sign up for our daily newsletter",
])
def test_wire_and_page_furniture_dropped(furniture: str) -> None:
    doc = clean_text(f"# Headline here\n\n{BODY}\n\n{furniture}")
    assert doc.paragraphs == [BODY] and doc.headings == []


@pytest.mark.parametrize("note", [
    "Correction: An earlier version misstated the number of villages.",
    "Editor's note: This story has been updated with a statement from Baku.",
    "This article was amended on 29 September 2020 to correct the date of the talks.",
    "An earlier version of this article gave the wrong name for the minister.",
])
def test_corrections_become_a_field(note: str) -> None:
    doc = clean_text(f"# Headline here\n\n{BODY}\n\n{note}")
    assert doc.corrections == [note]
    assert doc.paragraphs == [BODY]


@pytest.mark.parametrize("sentence", [
    "Author: the ministry did not say who wrote the statement.",
    "Autor: Die Regierung in Baku hat am Montag 2020 erklärt, dass sie verhandeln will",
])
def test_a_labelled_sentence_is_not_a_byline(sentence: str) -> None:
    doc = clean_text(f"{sentence}\n\n{BODY}")
    assert doc.byline is None


def test_a_long_line_ending_in_a_copyright_credit_is_not_a_caption() -> None:
    caption = "Soldiers rest near Aghdam on Monday. © Hayk Baghdasaryan/Reuters"
    assert strip_credit(caption) == "Soldiers rest near Aghdam on Monday."
    post = ("Standorte Shuji: Japan. Walter: Deutschland. Filmmaterial Fuji X-TRA 400. Kameras "
            "Shuji: Widelux. Walter: PENTAX Z-1. Fotostrecke Copyright © Walter von Aachen")
    assert strip_credit(post) is None


def test_headings_after_the_last_paragraph_head_no_text() -> None:
    doc = clean_text(f"{BODY}\n\n## Fighting near Aghdam\n\n{BODY}\n\n## Most read\n\n## More on this")
    assert doc.headings == ["Fighting near Aghdam"]
    assert ("empty-section", "Most read") in doc.dropped


def test_marked_headings_leave_short_lines_in_the_body() -> None:
    text = f"{BODY}\n\nHarman Kardon Onyx Studio 7\n\n{BODY}"
    assert clean_text(text).headings == ["Harman Kardon Onyx Studio 7"]  # a text file's guess
    doc = clean_text(text, marked_headings=True)  # a web page marks its headings itself
    assert doc.headings == [] and "Harman Kardon Onyx Studio 7" in doc.paragraphs


@pytest.mark.parametrize("cta", [
    "Never miss the latest news by signing up to our newsletter today!",
    "Do you want to be informed of our actions? Sign up here",
    "We want to hear what you think about this article. Submit a letter to the editor.",
    "This post contains references to products from one or more of our advertisers. We may "
    "receive compensation when you click on links to those products.",
    "Sie sind aktuell nicht eingeloggt.",
    "Síguenos en Telegram, Instagram, Facebook y Twitter para recibir nuestras actualizaciones",
])
def test_a_call_to_action_is_dropped(cta: str) -> None:
    doc = clean_text(f"{BODY}\n\n{cta}")
    assert doc.paragraphs == [BODY]


@pytest.mark.parametrize("news", [
    # an appeal reported or quoted is news, as is a sentence about donors
    "The Armenia Fund urged the diaspora to donate, saying our soldiers need help, its head said.",
    "“Follow us,” the commander told the villagers, and they trailed behind to the shelter.",
    "''Subscribe to our channel,'' the blogger wrote under the video from Stepanakert.",
    "Donors pledged $40 million for the displaced families on Monday.",
])
def test_news_about_an_appeal_is_kept(news: str) -> None:
    assert clean_text(f"{BODY}\n\n{news}").paragraphs == [BODY, news]


def test_a_line_that_is_only_a_credit_is_dropped() -> None:
    doc = clean_text(f"{BODY}\n\n(Credit: Clayton Aldern / Grist)\n\n{BODY}")
    assert doc.paragraphs == [BODY, BODY] and doc.captions == []


def test_text_is_stored_in_one_unicode_form() -> None:
    decomposed = "Le ministre a de\u0301clare\u0301 que les combats continuaient pre\u0300s de Choucha."
    doc = clean_text(f"{BODY}\n\n{decomposed}")
    assert doc.paragraphs[1] == "Le ministre a déclaré que les combats continuaient près de Choucha."


def test_a_blogs_row_of_post_facts_is_dropped() -> None:
    row = "January 13, 2020 at 08:45 AM | categories: Python, Mercurial | View Comments"
    assert clean_text(f"{BODY}\n\n{row}").paragraphs == [BODY]
    # a sentence with a bar and a date is no such row
    sentence = "The talks | held on October 9, 2020 in Moscow between the two foreign ministers | ended late."
    assert clean_text(f"{BODY}\n\n{sentence}").paragraphs == [BODY, sentence]


def test_a_sentence_ending_by_a_name_is_no_caption() -> None:
    line = "The town was shelled overnight, officials said. By Monday the shelling had stopped."
    assert strip_credit(line) is None


@pytest.mark.parametrize("news", [
    "Sie spenden für die Opfer in Bergkarabach, sagte unser Korrespondent am Montag in Jerewan.",
    "We donated blankets to the displaced families in Goris, our volunteers reported on Monday.",
])
def test_news_of_a_donation_is_no_call_to_action(news: str) -> None:
    assert clean_text(f"{BODY}\n\n{news}").paragraphs == [BODY, news]


def test_a_donate_button_ending_the_line_is_one() -> None:
    cta = "We need your help. Help us continue to spread the magic of words to readers everywhere. Donate"
    assert clean_text(f"{BODY}\n\n{cta}").paragraphs == [BODY]
