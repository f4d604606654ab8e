"""The language seam: everything kcsearch's rules know about a language, behind one record.

Analysis (how a word becomes a term, and how much of a word its stem may rewrite, which tells
snippets and checks where a term's words can start) and every word list the rules read (stop
words, equivalents, speech and reporting verbs, titles, months, figure words, page furniture)
come from a Language. English (index/english.py) is the one implemented; `LANG` is the
language of new indexes, and an index records the code of the language it was built in.
"""

from __future__ import annotations

from collections.abc import Callable

from .records import record


@record
class Language:
    """One language's analysis and word lists, as kcsearch's rules use them."""

    code: str  # recorded in the index (kcsearch.json "language")
    name: str
    stem: Callable[[str], str]  # a lowercased, folded word -> its stem
    # A stem keeps all but at most `stem_rewrites` of the word's last letters, except the stems
    # in `rewrites_more`, which may rewrite one more: where a term's words can start in a text
    stem_rewrites: int
    rewrites_more: frozenset[str]
    check_stop_terms: set[str]  # analysed words that carry no claim content
    equivalents: dict[str, str]  # analysed forms a claim counts as the same word
    function_terms: set[str]  # function words, analysed: left out of a quotation's sketch
    shingle_stop_words: frozenset[str]  # folded function words left out of shingles
    concepts: tuple[tuple[str, tuple[str, ...]], ...]  # concept -> stems signalling it
    hedges: tuple[str, ...]  # "about", "at least": how a figure is hedged
    hedge_intervals: dict[str, str]  # hedge -> "about", "nearly", "at least", "more than", ...
    casualty_concepts: frozenset[str]  # concepts whose population and side are read
    populations: tuple[tuple[str, tuple[str, ...]], ...]  # "military" -> stems signalling it
    sides: dict[str, str]  # "armenian" -> "Armenia": whose people or forces are counted
    side_names: frozenset[str]  # the country names among them (not their adjectives)
    both_sides: tuple[str, ...]  # "both sides": a figure counting every side
    currency_before: dict[str, str]  # "$" -> "USD"
    currency_after: dict[str, str]  # "manat" -> "AZN"
    percent_units: tuple[str, ...]
    weekdays: dict[str, int]  # "tuesday" -> 1 (Monday is 0)
    decade_parts: dict[str, tuple[int, int]]  # "early" -> (0, 3): "the early 1990s"
    clause_splits: tuple[str, ...]  # conjunctions that end a figure's clause
    reads: Callable[[str], bool]  # whether a text is in this language
    number_words: dict[str, int]
    scale: dict[str, int]  # "thousand" -> 1,000
    reporting_verbs: tuple[str, ...]  # verbs of saying in reported speech
    dispute_verbs: tuple[str, ...]  # regular expressions: "denied", "rejected", ...
    dispute_words: tuple[str, ...]  # "lies", "nonsense", "provocation", ...
    lead_ins: set[str]  # words opening an adverbial lead-in before a subject
    speech_verbs: tuple[str, ...]  # verbs attributing a direct quote
    intro_verbs: tuple[str, ...]  # verbs introducing a quote later in the sentence
    listener_verbs: tuple[str, ...]  # "told": the word after it is the listener
    abbreviations: set[str]  # "sen", "mr", "u.s": their full stop ends no sentence
    honorifics: set[str]  # "mr", "sen": a title that is never a speaker alone
    name_particles: set[str]  # "al", "de": lower-case words inside a name
    adverbial_starts: set[str]  # "in", "after": an adverbial before a subject
    head_cuts: set[str]  # "of", "who", "in": the end of a name in a speaker phrase
    pronouns: set[str]  # pronouns resolved to the person last named
    unresolvable: set[str]  # pronouns never resolved to a speaker
    role_words: set[str]  # words of a title before a name ("Turkish President")
    demonyms: set[str]
    function_words: set[str]  # capitalised, they start a sentence, not a name
    org_words: set[str]  # a speaker phrase ending in one is a body, not a person
    places: set[str]  # places speak as states: never a person's surname to expand
    months: dict[str, int]  # month names and abbreviations -> month number
    nav_words: tuple[str, ...]  # share buttons and other page furniture, as whole lines
    # cleaning's line rules (index/clean.py); the *_label, *_word and pattern fields are
    # regular expressions
    promo_markers: tuple[str, ...]  # "READ MORE": a promo line, in capitals
    promo_sentence_case: tuple[str, ...]  # "Read more": the same, with its colon
    age_banner: str  # an archive's "this article is N years old" banner
    date_labels: str  # "Published", "Updated" before a date line
    month_stems: tuple[str, ...]  # month names as their first letters ("Sep", "Sept")
    day_stems: tuple[str, ...]  # weekday names as their first letters
    source_label: str  # "Source": an outlet's sign-off
    via_word: str  # "Via": a syndication sign-off
    reporting_credit: str  # "Additional reporting by"
    by_word: str  # "By": a byline
    and_word: str  # "and" between two bylined names
    credit_labels: tuple[str, ...]  # "Photograph:": a caption's credit
    # grammar the attribution, figure and date rules match (search/attribution.py,
    # search/figures.py, index/extract.py, index/quotes.py); entries may be regular expressions
    in_word: str  # "Asmaa al-Omar in Istanbul"
    to_word: str  # "bringing the toll to 59"
    according_to: str
    articles: tuple[str, ...]  # "the", "a", "an"
    articles_before_nouns: tuple[str, ...]  # the same, in the order a lead noun rule tries them
    clause_breaks: tuple[str, ...]  # conjunctions that start a new clause
    clause_starts: tuple[str, ...]  # conjunctions after which a clause's subject starts
    auxiliaries: tuple[str, ...]  # "is", "was": a passive when they precede the verb
    passive_adverbs: tuple[str, ...]
    trailing_words: tuple[str, ...]  # words left at the end of a reported speaker
    claim_nouns: tuple[str, ...]  # "claims that ...": a lead noun before the content
    denied_reference: str  # a regular expression: a denial pointing back ("denied the claims")
    noun_determiners: tuple[str, ...]  # "the", "received": a "reports" after them is a noun
    not_saying: tuple[str, ...]  # regular expressions: "claimed 30,000 lives" says nothing
    fragment_ends: frozenset[str]  # words no source phrase ends on ("that", "and", "of")
    finite_verbs: frozenset[str]  # "was", "began": a phrase holding one is a clause, not a source
    complementizers: tuple[str, ...]  # "that", "which"
    leading_conjunctions: tuple[str, ...]  # dropped from the start of a speaker phrase
    describing_words: tuple[str, ...]  # "who", "adding": a description, not a name
    figure_units: tuple[str, ...]  # "%", "km": units after a figure
    increment_words: tuple[str, ...]  # "28 more": not a total
    total_verbs: tuple[str, ...]  # "bringing the toll to 59": the total
    total_hedges: tuple[str, ...]
    possessive: str  # a regular expression: the possessive ending analysis drops ("'s")
    ordinal_suffixes: tuple[str, ...]  # "28th September"

    def rewritten(self, stem: str) -> int:
        """How many of a word's last letters its stem `stem` may have rewritten."""
        return self.stem_rewrites + (stem in self.rewrites_more)


from .english import ENGLISH  # noqa: E402  (english.py builds a Language)

LANGUAGES = {ENGLISH.code: ENGLISH}
LANG = ENGLISH  # the language kcsearch analyses and reads text in
