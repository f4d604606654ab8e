"""One case per attribution rule (index/quotes.py, index/speakers.py, index/quotemarks.py),
each a short excerpt written for the rule. The rules are measured on real news in
bench/quotes_eval.py; these keep each one from breaking."""

from __future__ import annotations

import pytest

from kcsearch.index.quotemarks import find_spans
from kcsearch.index.quotes import extract_quotes, sentence_starts
from kcsearch.index.speakers import parse_who, role_search_words, speaker_key


def spoken(*paras: str) -> list[tuple[str, str | None]]:
    """(quote text, speaker) of each quotation of one or more words."""
    return [(q.text, q.speaker) for q in extract_quotes(list(paras)) if not q.short]


def speaker_of(*paras: str) -> str | None:
    quotes = spoken(*paras)
    assert quotes, paras
    return quotes[-1][1]


# --- quote marks --------------------------------------------------------------------------

@pytest.mark.parametrize(("para", "inside"), [
    ("“We will not stop here,” he said.", ["We will not stop here,"]),
    ('"We will not stop here," he said.', ["We will not stop here,"]),
    ("‘We will not stop here,’ he said.", ["We will not stop here,"]),  # British style
    ("'We will not stop here,' he said.", ["We will not stop here,"]),
    ("„Wir werden nicht aufhören“, sagte er.", ["Wir werden nicht aufhören"]),  # German
    ("«Nous ne nous arrêterons pas», a-t-il dit.", ["Nous ne nous arrêterons pas"]),
    ("»Wir werden nicht aufhören«, sagte er.", ["Wir werden nicht aufhören"]),
    ("‹Nous ne nous arrêterons pas›, dit-il.", ["Nous ne nous arrêterons pas"]),
])
def test_every_common_quote_mark_convention(para: str, inside: list[str]) -> None:
    assert [para[a + 1:b] for a, b in find_spans(para)] == inside


def test_a_plural_possessive_inside_single_quotes_does_not_close_them() -> None:
    para = "'The voters' choice is clear now,' he said."
    assert [para[a + 1:b] for a, b in find_spans(para)] == ["The voters' choice is clear now,"]


def test_british_style_quotes_and_courtesy_titles() -> None:
    para = "'We will not give up,' said Mr Pashinyan, Armenia's prime minister."
    q = next(q for q in extract_quotes([para]) if not q.short)
    assert (q.speaker, q.role) == ("Pashinyan", "Armenia's prime minister")


def test_apostrophes_are_not_quote_marks() -> None:
    para = "It's the voters' choice, and they don't say 'maybe' twice."
    assert [para[a + 1:b] for a, b in find_spans(para)] == ["maybe"]


def test_a_nested_quote_stays_inside_its_quotation() -> None:
    para = "“He told me, ‘We will win,’ and left,” she said."
    assert [para[a + 1:b] for a, b in find_spans(para)] == ["He told me, ‘We will win,’ and left,"]


def test_mixed_curly_and_straight_marks_pair_up() -> None:
    para = "“I fundamentally disagree,\" said Lt. Gen. Mick Bednarek. \"The bottom line is clear.\""
    assert [para[a + 1:b] for a, b in find_spans(para)] == [
        "I fundamentally disagree,", "The bottom line is clear."]


def test_a_stray_mark_costs_only_its_own_paragraph() -> None:
    paras = ['He said "no and left the room', '"We are ready for talks," Aliyev said.']
    assert spoken(*paras)[-1] == ("We are ready for talks", "Aliyev")


def test_an_unclosed_quote_runs_to_its_paragraph_end() -> None:
    para = "“We will go on until the end. The army is ready."
    assert find_spans(para) == [(0, len(para))]


def test_marks_inside_markup_are_not_quotes() -> None:
    para = '<tweet author="@someone" date="May 2016">We are ready for talks now</tweet>'
    assert find_spans(para) == []


def test_doubled_apostrophes_are_not_read_as_quote_marks() -> None:
    # an archive's stand-in for a double mark; the annotated data reads it as plain text
    assert find_spans("''We are ready for talks,'' he said.") == []


def test_titles_of_works_are_short_quotes_not_quotations() -> None:
    quotes = extract_quotes(['He hosts “The Nightly Show with Larry Wilmore.” on Mondays.'])
    assert [q.short for q in quotes] == [True]


def test_one_and_two_word_quotes_are_kept_and_marked_short() -> None:
    quotes = extract_quotes(['Peskov called the reports “absolute nonsense” on Monday.'])
    assert [(q.text, q.short, q.speaker) for q in quotes] == [("absolute nonsense", True, "Peskov")]


# --- sentences ----------------------------------------------------------------------------

@pytest.mark.parametrize("para", [
    "“We will win,” said Sen. Richard Blumenthal (D-Conn.), who has long pushed for it.",
    "“We will win,” says J.J. MacNab, an expert on militias.",
    "“We will win,” said Gen. Mark A. Milley, the chairman.",
])
def test_titles_and_initials_do_not_end_a_sentence(para: str) -> None:
    marks = find_spans(para)
    assert sentence_starts(para, marks) == [0]


def test_a_question_keeps_the_attribution_after_it() -> None:
    assert speaker_of("“Would that be you?” Gloria Borger asked.") == "Gloria Borger"


def test_a_full_stop_before_a_short_attribution() -> None:
    assert speaker_of("“I hope you are able to find them.” Trump said.") == "Trump"


def test_a_question_does_not_pull_in_the_next_sentence() -> None:
    paras = ["“Is that fair to voters?” Bolton also discussed the campaign."]
    assert speaker_of(*paras) is None


# --- attribution after the quote ----------------------------------------------------------

@pytest.mark.parametrize(("para", "speaker", "role"), [
    ("“We will win,” Aliyev said.", "Aliyev", None),
    ("“We will win,” said Hikmet Hajiyev, an aide to President Ilham Aliyev.",
     "Hikmet Hajiyev", "aide to President Ilham Aliyev"),
    ("“We will win,” said Sen. Tom Carper of Delaware.", "Tom Carper", "Sen. Delaware"),
    ("“We will win,” said Meenakshi Ganguly of Human Rights Watch, who observed the vote.",
     "Meenakshi Ganguly", "Human Rights Watch"),
    ("“We will win,” said Carl Wendorff, a warehouse manager.", "Carl Wendorff",
     "warehouse manager"),
    ("“We will win,” says Gavin Hamilton, 23, a student from Fresno, Calif.", "Gavin Hamilton",
     "student from Fresno"),
    ("“We will win,” said Steve Lederer, who is the county's public works director.",
     "Steve Lederer", "county's public works director"),
    ("“We will win,” said Steve Lederer who is Napa County Public Works Director.",
     "Steve Lederer", "Napa County Public Works Director"),
    ("“We will win,” said Sasha Luccioni, a researcher at Mila, an AI institute in Canada.",
     "Sasha Luccioni", "researcher at Mila"),
    ("“We will win,” says Yunfan Zhang, who studies FRBs at the University of California, "
     "Berkeley.", "Yunfan Zhang", None),
    ("“We will win,” Khizr Khan, 66, said on Monday.", "Khizr Khan", None),
    ("“We will win,” Miller, a retired worker from a nuclear plant, said pleasantly.", "Miller",
     "retired worker from a nuclear plant"),
    ("“We will win,” Senate Majority Leader Mitch McConnell, R-Ky., said.", "Mitch McConnell",
     "Senate Majority Leader"),
    ("“We will win,” RNC spokesman Sean Spicer said in a tweet.", "Sean Spicer", "RNC spokesman"),
    ("“We will win,” said retired Army Lt. Gen. Mick Bednarek.", "Mick Bednarek",
     "retired Army Lt. Gen."),
    ("“We will win,” Oliver barked.", "Oliver", None),
    ("“We will win,” remembered Roy Verley, the company's former spokesman.", "Roy Verley",
     "company's former spokesman"),
    ("“We will win,” İlham Əliyev said.", "İlham Əliyev", None),
    ("“We will win,” the Armenian foreign ministry said.", "Armenian foreign ministry", None),
    ("“We will win,” the Kremlin said.", "Kremlin", None),
    ("“We will win,” a senior official said.", None, "a senior official"),  # unnamed
    ("“We will win,” Sanders said, according to CNN.", "Sanders", None),
    ("“We will win,” Harry Bond, 30, of Raleigh, N.C., who was polled, said.", "Harry Bond", None),
    ("“We will win,” the Post’s senior politics editor Steven Ginsberg responded.",
     "Steven Ginsberg", "Post’s senior politics editor"),
])
def test_attribution_after_the_quote(para: str, speaker: str, role: str | None) -> None:
    q = [q for q in extract_quotes([para]) if not q.short][-1]
    assert (q.speaker, q.role) == (speaker, role)


def test_the_listener_is_never_the_speaker() -> None:
    assert speaker_of("“We will win,” Ramos, 58, told AFP in Mexico City.") == "Ramos"


def test_a_dash_signs_a_quote() -> None:
    assert speaker_of("“We will win the vote in Ohio.” - Michelle Marks, Philadelphia.") == \
        "Michelle Marks"


def test_a_clause_after_the_quote_starting_elsewhere_is_no_attribution() -> None:
    para = "“We will win the vote,” after Clinton spokesman Brian Fallon expressed support."
    assert speaker_of(para) is None


# --- attribution before the quote ---------------------------------------------------------

@pytest.mark.parametrize(("para", "speaker"), [
    ("Pashinyan said: “We will not give up.”", "Pashinyan"),
    ("When asked about the talks, Pashinyan said: “We will not give up.”", "Pashinyan"),
    ("According to Woodward, “The real estate world is complex.”", "Woodward"),
    ("Clinton has since apologized for what happened: “I should have used two accounts.”",
     "Clinton"),
    ("His surge does not surprise Republican pollster Daron Shaw: “Candidates rise early.”",
     "Daron Shaw"),
    ("Said Dorothy Poynter, who grew up with him, “We were all so proud of him.”",
     "Dorothy Poynter"),
    ("Axelrod tweeted after Clinton argued that “everyone had voted as he voted.”", "Clinton"),
    ("Sen. Jack Reed (D-R.I.), the committee chairman, said he had not read the plan, but "
     "called it a “starting point for our deliberations.”", "Jack Reed"),
    ("Hillary Clinton immediately posted a Twitter comment of her own, saying, “We are so "
     "excited to meet our grandchild!”", "Hillary Clinton"),
    ("In April, Trump called the plans “an absolute disgrace for our workers.”", "Trump"),
    ("In a statement released Thursday, Rep. Hakeem Jeffries (D-N.Y.) reacted to the news, "
     "saying: “The killer should be in prison.”", "Hakeem Jeffries"),
    ("Clinton, during a town hall meeting in Columbus, Ohio, said she was “going to put a lot "
     "of coal miners out of business.”", "Clinton"),
])
def test_attribution_before_the_quote(para: str, speaker: str) -> None:
    assert speaker_of(para) == speaker


def test_a_participle_takes_the_speaker_of_its_sentence() -> None:
    para = ("“Nothing you can do, folks,” Trump told a North Carolina rally, saying Clinton would "
            "“abolish the second amendment.”")
    assert [s for _t, s in spoken(para)] == ["Trump", "Trump"]


@pytest.mark.parametrize("para", [
    "The report describes what it calls “a full-scale military attack by them.”",
    "The Vermont senator emailed supporters saying: “The struggle continues for us.”",
    "“We call on all sides to stop,” the Kremlin spokesman said.",
])
def test_no_speaker_when_the_words_name_nobody(para: str) -> None:
    assert speaker_of(para) is None


# --- across sentences ---------------------------------------------------------------------

def test_a_fragment_in_a_sentence_with_no_speech_verb_is_its_subjects() -> None:
    q = extract_quotes(["Clinton supports “appropriate pay raises for workers” and more."])[0]
    assert q.speaker == "Clinton" and q.how is not None and q.how["rule"] == "subject"


def test_a_fragment_after_another_quote_is_not_guessed_from_the_subject() -> None:
    para = "Critics of the “so-called deal,” including Aliyev, called it “a step too far for us.”"
    assert spoken(para)[-1][1] != "Critics"


def test_a_second_quote_in_the_sentence_shares_its_speaker() -> None:
    para = "“We will win,” Aliyev said, “and we will not stop until the end.”"
    assert [s for _t, s in spoken(para)] == ["Aliyev", "Aliyev"]


def test_a_quote_opening_a_sentence_continues_the_last_one() -> None:
    para = "“We will win,” Aliyev said. “The army will go on until the end.”"
    assert [s for _t, s in spoken(para)] == ["Aliyev", "Aliyev"]


def test_a_paragraph_opening_quote_takes_the_speaker_introduced_before_it() -> None:
    paras = ["Nancy Pelosi says she wants the vote held this week.",
             "“We have waited long enough for the bill.”"]
    assert speaker_of(*paras) == "Nancy Pelosi"


def test_a_pronoun_takes_the_last_person_named_not_the_last_quoted() -> None:
    paras = ["“We will win,” Ilham Aliyev said. Nikol Pashinyan met the envoys on Monday.",
             "“We will not give up,” he said."]
    q = extract_quotes(paras)[-1]
    assert q.speaker == "Nikol Pashinyan"
    assert q.how is not None and q.how["rule"] == "pronoun" and q.how["antecedent"] == \
        "Nikol Pashinyan" and q.how["sentences_back"] == 1


def test_a_pronoun_with_no_one_named_before_it_has_no_speaker_and_says_why() -> None:
    q = extract_quotes(["“We will not give up on this,” she said."])[0]
    assert q.speaker is None and q.how is not None
    assert q.how["rule"] == "unattributed" and q.how["pronoun"] == "she" and "she" in q.how["why"]


def test_how_names_the_cue_and_the_clause() -> None:
    para = "“We will win,” said Hikmet Hajiyev, an aide to the president."
    q = extract_quotes([para])[0]
    assert q.how is not None and q.how["rule"] == "after-inverted" and q.how["cue"] == "said"
    a, b = q.how["clause"]
    assert para[a:b].strip().startswith("said Hikmet Hajiyev")


# --- speaker phrases ----------------------------------------------------------------------

@pytest.mark.parametrize(("phrase", "subject", "speaker", "role"), [
    ("Senate Minority Leader Harry M. Reid (D-Nev.)", False, "Harry M. Reid",
     "Senate Minority Leader (D-Nev.)"),
    ("Secretary of State John Kerry", False, "John Kerry", "Secretary of State"),
    ("former George W. Bush speechwriter Noam Neusner", True, "Noam Neusner",
     "former George W. Bush speechwriter"),
    ("Jeff Weaver, Sanders’ campaign manager,", True, "Jeff Weaver", "Sanders’ campaign manager"),
    ("J. Gerald Hebert, executive director of the Campaign Legal Center,", True,
     "J. Gerald Hebert", "executive director of the Campaign Legal Center"),
    ("a spokesman for the campaign, Jason Miller", False, "Jason Miller",
     "spokesman for the campaign"),
    ("Armenia's prime minister, Nikol Pashinyan,", True, "Nikol Pashinyan",
     "Armenia's prime minister"),
    ("state Senate leader Phil Berger and House Speaker Tim Moore, both Republicans,", True,
     "Phil Berger", "state Senate leader"),
])
def test_speaker_phrases(phrase: str, subject: bool, speaker: str, role: str | None) -> None:
    who = parse_who(phrase, subject=subject)
    assert who is not None and (who.speaker, who.role) == (speaker, role)


@pytest.mark.parametrize("phrase", ["Mr.", "Sen.", "it", "they", "the Turkish president"])
def test_titles_and_pronouns_alone_name_no_speaker(phrase: str) -> None:
    who = parse_who(phrase)
    assert who is None or who.speaker is None


def test_speaker_key_is_one_speaker_whatever_the_spelling() -> None:
    assert speaker_key("Ömer Çelik") == speaker_key("Omer Celik") == "omer celik"
    assert speaker_key("Mr. Aliyev") == speaker_key("aliyev")
    assert speaker_key(None) is None


def test_role_search_words_keep_the_body_and_drop_the_people_served() -> None:
    assert role_search_words("Kremlin spokesman") == "Kremlin spokesman"
    assert "Erdoğan" not in role_search_words("spokesman for Erdoğan's ruling party")
    assert role_search_words("aide to President Ilham Aliyev") == "aide"
