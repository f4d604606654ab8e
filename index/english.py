"""English: how its words become terms, and the word lists kcsearch's rules read.

The one language kcsearch implements. Every module that needs a word list reads it from
language.LANG (this module's ENGLISH), so a second language is a module like this one, not
edits across the code.
"""

from __future__ import annotations

import re

import Stemmer

from .language import Language

_stem = Stemmer.Stemmer("english").stemWord  # Snowball's English (Porter2), in C


# --- Checks (search/check.py): what a claim's words carry, and what counts as the same word -------
# Analysed words that carry no claim content.
CHECK_STOP_TERMS = {
    "the", "a", "an", "of", "to", "in", "on", "for", "and", "or", "is", "are", "wa", "was",
    "were", "be", "been", "ha", "has", "have", "had", "that", "thi", "this", "it", "it'", "by",
    "with", "as", "at", "from", "reach", "said", "say", "claim", "report", "accord", "there",
    "than", "into", "over", "about", "will", "would", "not", "no",
}
# Analysed forms that mean the same for matching a claim (stemming leaves these apart).
EQUIVALENTS = {
    "sent": "send", "dispatch": "send", "syrian": "syria", "armenian": "armenia",
    "turkish": "turkey", "türkiy": "turkey", "azerbaijani": "azerbaijan", "azeri": "azerbaijan",
    "russian": "russia", "iranian": "iran", "french": "franc", "dead": "death", "die": "death",
    "di": "death", "kill": "death", "toll": "death", "casualti": "death", "fatal": "death",
    "soldier": "militari", "troop": "militari", "servic": "militari", "armi": "militari",
    "mercenari": "fighter", "militia": "fighter", "militant": "fighter", "fighter": "fighter",
}

# --- Quote provenance (index/sketch.py) and near-duplicates (index/dedup.py) ----------------------
# Function words, as the index's analysis gives them (schema.terms: "its" and "it's" are "it").
FUNCTION_TERMS = {"the", "a", "an", "and", "or", "of", "to", "in", "on", "for", "is", "are", "was", "be",
        "it", "that", "this", "we", "they", "will", "with", "as", "at", "by", "from", "has", "have",
        "not", "no", "but", "if", "so", "our", "their", "which", "who", "there"}
# Function words make shingles ("of the fighting") that unrelated articles share; shingles are
# made of the other words only.
SHINGLE_STOP_WORDS = frozenset("""a an and are as at be been but by for from had has have he her his in is it
its of on or said says she that the their them they this to was were which who will with would
""".split())

# --- Figures (search/figures.py) ------------------------------------------------------------------
# concept -> word stems that signal it near a number (checked in this order)
CONCEPTS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("wounded", ("wound", "injur", "hurt")),
    ("deaths", ("death", "dead", "kill", "die", "dying", "toll", "casualt", "fatalit", "lives",
                "lost their")),
    ("fighters", ("mercenar", "militia", "fighter", "militant", "jihadist", "combatant")),
    ("displaced", ("displac", "refugee", "fled", "evacuat", "homeless")),
    ("missing", ("missing", "unaccounted")),
    ("targets", ("target",)),
    # weapons by kind: "10 air defence systems" and "20 armoured vehicles" count two things
    ("tanks", ("tank",)), ("drones", ("drone", "uav")), ("vehicles", ("vehicle",)),
    ("aircraft", ("jet", "aircraft", "plane", "helicopter")), ("artillery", ("artillery",)),
    ("air defence systems", ("air defence", "air defense")), ("weapons", ("system", "weapon")),
    ("people", ("people", "civilian", "resident", "person", "soldier", "troop", "personnel")),
)
# concepts a figure's population (military or civilian) and side are read for
CASUALTY_CONCEPTS = frozenset({"deaths", "wounded", "missing", "displaced", "people"})
# hedge -> the interval it makes of a figure N: "about" [0.9N, 1.1N], "nearly" [0.9N, N],
# "at least" [N, inf), "more than" (N, inf), "up to" [0, N], "fewer than" [0, N)
HEDGE_INTERVALS = {
    "about": "about", "around": "about", "approximately": "about", "roughly": "about",
    "some": "about", "an estimated": "about", "estimated": "about", "almost": "nearly",
    "nearly": "nearly", "close to": "nearly", "at least": "at least", "no fewer than": "at least",
    "no less than": "at least", "more than": "more than", "over": "more than",
    "upwards of": "more than", "up to": "up to", "as many as": "up to", "at most": "up to",
    "fewer than": "fewer than", "less than": "fewer than", "under": "fewer than",
    "nearly half": "nearly",
}
HEDGES = tuple(HEDGE_INTERVALS)
# who is counted: word stems after or before a figure that say military or civilian
POPULATIONS = (("civilians", ("civilian", "non-combatant", "noncombatant")),
               ("military", ("soldier", "troop", "servicem", "service personnel", "military",
                             "army", "serviceme", "conscript", "forces", "personnel")))
# whose people or forces a figure counts: country names and their adjectives -> the country
SIDES = {
    "armenia": "Armenia", "armenian": "Armenia", "armenians": "Armenia",
    "azerbaijan": "Azerbaijan", "azerbaijani": "Azerbaijan", "azerbaijanis": "Azerbaijan",
    "azeri": "Azerbaijan", "azeris": "Azerbaijan", "turkey": "Turkey", "turkish": "Turkey",
    "türkiye": "Turkey", "syria": "Syria", "syrian": "Syria", "syrians": "Syria",
    "russia": "Russia", "russian": "Russia", "iran": "Iran", "iranian": "Iran",
    "nagorno-karabakh": "Nagorno-Karabakh", "artsakh": "Nagorno-Karabakh",
}
# the country names among them: before a figure a bare name speaks ("Azerbaijan said six
# civilians ..."); only its possessive or adjective says whose the figure is
SIDE_NAMES = frozenset({"armenia", "azerbaijan", "turkey", "türkiye", "syria", "russia", "iran",
                        "nagorno-karabakh", "artsakh"})
BOTH_SIDES = ("both sides", "all sides", "on both sides", "the two sides", "both countries")
# money: a currency written before a figure ("$", "US$", "€") or after it ("manat", "euros")
CURRENCY_BEFORE = {"us$": "USD", "$": "USD", "usd": "USD", "€": "EUR", "eur": "EUR",
                   "£": "GBP", "gbp": "GBP", "azn": "AZN", "₽": "RUB", "₺": "TRY"}
CURRENCY_AFTER = {"dollars": "USD", "us dollars": "USD", "euros": "EUR", "euro": "EUR",
                  "pounds": "GBP", "manat": "AZN", "manats": "AZN", "drams": "AMD", "dram": "AMD",
                  "roubles": "RUB", "rubles": "RUB", "lira": "TRY", "liras": "TRY"}
PERCENT_UNITS = ("%", "per cent", "percent", "pct")
WEEKDAYS = {"monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4,
            "saturday": 5, "sunday": 6}
# "the early 1990s": the part of a decade a qualifier gives (first and last year of it)
DECADE_PARTS = {"early": (0, 3), "mid": (4, 6), "mid-": (4, 6), "late": (7, 9)}
# words after which a new clause starts: a figure's clause ends there
CLAUSE_SPLITS = ("and", "but", "while", "whereas", "before", "after", "since", "as well as",
                 "although", "which", "when")
# English function words: a text with few of them is in another language, whose words the
# English equivalents and figure words must not read ("Die Zahl ... 240" is no "die")
COMMON_WORDS = frozenset("""the of and to in a is that for on was with as by it at from
his her are were has have had be been this which but not said they their its an or will would
who after about more than also over into""".split())


_WORD = re.compile(r"[^\W\d_]+")


def reads_as_english(text: str) -> bool:
    """Whether a text is English: at least 12% of the words of its first 600 characters (about
    a hundred words) are English function words (English news runs near 40%; German, French or
    Azerbaijani text shares few)."""
    words = _WORD.findall(text[:600].lower())
    if len(words) < 4:
        return True  # too short to tell: a claim or a caption
    common = sum(map(COMMON_WORDS.__contains__, words))
    return common >= 0.12 * len(words)


NUMBER_WORDS = {
    "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20, "thirty": 30,
    "forty": 40, "fifty": 50, "hundred": 100, "a hundred": 100, "a thousand": 1000,
}
SCALE = {"thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000}

# --- Who says a sentence, and who disputes it (search/attribution.py) -----------------------------
REPORTING_VERBS = (
    "said", "says", "say", "told", "tells", "accused", "accuses", "claimed", "claims", "alleged",
    "alleges", "reported", "reports", "announced", "stated", "added", "insisted", "warned",
    "denied", "denies", "described", "called", "urged", "asserted", "estimated",
    "tweeted", "wrote", "argued", "suggested", "disclosed", "admitted", "blamed",
)
# a word before "reports", "claims" that makes it a noun: "received reports that ..."
NOUN_DETERMINERS = ("the", "a", "an", "its", "their", "his", "her", "these", "those", "such",
                    "some", "many", "of", "received", "unconfirmed", "media", "news", "earlier",
                    "recent", "initial", "first")
# a verb of saying with what follows it that says nothing: "claimed 30,000 lives", "called off"
NOT_SAYING = (r"claim(?:ed|s)\s+(?:the\s+)?(?:lives|victims|victory|\d|(?:thousands|hundreds|dozens|"
              r"millions|tens)\s+of)", r"call(?:ed|s)\s+(?:off|up)\b", r"report(?:ed|s)\s+for\b")
FRAGMENT_ENDS = frozenset({"that", "and", "or", "but", "the", "a", "an", "of", "in", "to", "on",
                           "at", "by", "for", "with", "from", "as", "which", "who", "whose",
                           "where", "when", "than", "so", "its", "their", "his", "her"})
FINITE_VERBS = frozenset({"is", "are", "was", "were", "has", "have", "had", "did", "does", "do",
                          "will", "would", "can", "could", "should", "may", "might", "must",
                          "began", "begun", "became"})
DISPUTE_VERBS = ("denied", "denies", "deny", "denying", "rejected", "rejects", "rejecting",
                 "dismissed", "dismisses", "refuted", "refutes", "rebuffed", "contradicted",
                 "debunked",
                 # "disputed" only as a verb: "disputed the claims", not "the disputed enclave"
                 r"disputed?s?(?=\s+(?:the|that|this|these|those|claims?|reports?|it|them)\b)")
DISPUTE_WORDS = ("lies", "lie", "lying", "nonsense", "provocation", "provocations", "fake",
                 "false", "falsehood", "baseless", "groundless", "fabricated", "fabrication",
                 "fabricating", "disinformation", "propaganda", "untrue", "not true", "slander",
                 "smear", "absurd", "hoax")
# words opening an adverbial lead-in before the subject: "Also on Tuesday, Russia urged ..."
LEAD_INS = {"also", "on", "in", "at", "after", "meanwhile", "earlier", "later", "while", "since",
            "during", "however", "separately", "last", "this"}

# --- Quotations and their speakers (index/quotes.py, index/speakers.py) --------------------------
# Verbs that attribute a direct quote, in the forms news writing uses them.
SPEECH_VERBS = (
    "said", "says", "say", "told", "tells", "added", "adds", "tweeted", "tweets", "wrote",
    "writes", "alleged", "alleges", "stated", "states", "warned", "warns", "insisted", "insists",
    "declared", "declares", "noted", "notes", "explained", "explains", "continued", "continues",
    "argued", "argues", "claimed", "claims", "stressed", "stresses", "asked", "asks", "replied",
    "replies", "responded", "responds", "posted", "posts", "announced", "announces", "recalled",
    "recalls", "admitted", "admits", "acknowledged", "acknowledges", "urged", "urges",
    "commented", "comments", "remarked", "remarks", "concluded", "concludes", "observed",
    "observes", "quipped", "quips", "joked", "jokes", "echoed", "echoes", "pointed out",
    "points out", "shot back", "fired back", "snapped", "retorted", "countered", "counters",
    "conceded", "concedes", "contended", "contends", "maintained", "maintains", "predicted",
    "predicts", "promised", "promises", "vowed", "vows", "pledged", "cautioned", "cautions",
    "reminded", "testified", "texted", "emailed", "recounted", "recounts", "confirmed",
    "confirms", "charged", "charges", "emphasized", "emphasised", "emphasizes", "emphasises",
    "shouted", "yelled", "cried", "whispered", "muttered", "sighed", "laughed", "barked",
    "proclaimed", "proclaims", "boasted", "bragged", "complained", "complains", "lamented",
    "laments", "mused", "muses", "suggested", "suggests", "offered", "reported", "reports",
    "wondered", "wonders", "agreed", "agrees", "assured", "assures", "chimed in", "went on",
    "explained", "summed up", "put it", "puts it", "reiterated", "insisted", "opined",
    "interjected", "thundered", "scoffed", "chided", "demanded", "asserted", "asserts",
    "elaborated", "cracked", "deadpanned", "gushed", "raged", "fumed", "protested",
)
# Verbs that introduce a quote later in the sentence ('Azerbaijan denied ... saying "..."').
INTRO_VERBS = (*SPEECH_VERBS, "denied", "denies", "accused", "accuses", "described",
               "describes", "called", "calls", "saying", "adding", "writing", "telling",
               "asking", "noting", "arguing", "warning", "declaring", "tweeting", "vowed",
               "pledged", "demanded", "condemned", "condemns", "welcomed", "praised",
               "dismissed", "rejected", "issued", "released", "published", "read", "reads",
               "began", "begins", "ended", "ends", "put", "puts")
# Verbs whose subject is the listener, not the speaker, after the quote ('told AFP').
LISTENER_VERBS = ("told", "tells", "reminded", "assured", "assures", "urged", "urges")
# Lower-case words inside a name ("Bashar al-Assad", "Staffan de Mistura").
NAME_PARTICLES = {"al", "al-", "bin", "ibn", "de", "da", "das", "dos", "du", "van", "von", "der",
                  "den", "la", "le", "el", "di", "del", "della", "ter", "ten", "y", "e", "zu"}
# Words that open an adverbial before a sentence's subject ("In a statement, X said").
ADVERBIAL_STARTS = {
    "in", "on", "at", "after", "before", "during", "since", "when", "while", "as", "asked",
    "speaking", "writing", "later", "earlier", "meanwhile", "also", "then", "still",
    "yet", "instead", "afterward", "afterwards", "immediately", "separately", "elsewhere",
    "here", "there", "now", "today", "yesterday", "tonight", "last", "this", "next", "for",
    "from", "with", "without", "under", "according", "despite", "although", "though",
    "because", "if", "once", "until", "unlike", "like", "by", "about", "over", "among",
    "however", "indeed", "moreover", "furthermore", "finally", "again", "so", "but",
    "and", "or", "nor", "interviewed", "reached", "contacted", "pressed", "responding",
    "addressing", "told", "commenting", "appearing", "campaigning", "visiting", "returning",
}
# Words that end the name in a speaker phrase; what follows is a description
# ("Stephen Vladeck of the University of Texas", "X in a statement", "X who studies FRBs").
HEAD_CUTS = {
    "of", "in", "on", "at", "from", "for", "with", "who", "whose", "which", "that", "during",
    "after", "before", "to", "as", "while", "when", "where", "about", "by", "and", "but",
    "via", "through", "into", "since", "recently", "earlier", "later", "last", "this", "also",
    "then", "himself", "herself", "themselves", "itself",
}
PRONOUNS = {"he", "she"}
UNRESOLVABLE = {"it", "they", "we", "i", "you", "this", "that", "who", "one", "there",
                "which", "what", "someone", "somebody", "nobody", "everyone", "others"}
# Titles written with a full stop that does not end the sentence ("Sen. Richard Blumenthal"),
# and other abbreviations a name or a clause runs through.
ABBREVIATIONS = {
    "mr", "mrs", "ms", "messrs", "dr", "sen", "sens", "rep", "reps", "gov", "govs", "gen",
    "lt", "col", "sgt", "capt", "cpl", "maj", "adm", "cmdr", "prof", "rev", "fr", "st", "jr",
    "sr", "hon", "pres", "sec", "atty", "supt", "insp", "det", "amb", "mme", "mlle",
    "no", "nos", "vs", "v", "u.s", "u.n", "u.k", "e.u", "mt", "ft", "jan", "feb", "mar",
    "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "inc", "corp", "co", "ltd",
    "approx", "dept", "univ", "assn", "gens", "brig", "pvt", "spc", "ret",
}
# Titles before a name that say nothing but the title ("Mr.", "Sen."): never a speaker alone.
HONORIFICS = {
    "mr", "mrs", "ms", "messrs", "dr", "sen", "rep", "gov", "gen", "lt", "col", "sgt", "capt",
    "cpl", "maj", "adm", "cmdr", "prof", "rev", "fr", "hon", "amb", "sir", "lord", "lady", "dame",
    "madam", "mme", "mlle", "sheikh", "imam", "rabbi", "father", "sister", "brother", "pope",
    "king", "queen", "prince", "princess", "ayatollah", "mullah", "herr", "frau", "monsieur",
}
# Words that precede a name as its title ("Turkish President", "US Secretary of State").
ROLE_WORDS = {
    "president", "prime", "minister", "foreign", "defence", "defense", "interior", "secretary",
    "state", "chancellor", "spokesman", "spokeswoman", "spokesperson", "director",
    "communication", "communications", "ambassador", "envoy", "chief", "head", "leader",
    "commander", "general", "official", "adviser", "advisor", "aide", "deputy", "vice", "mayor",
    "governor", "senator", "representative", "ombudsman", "premier", "speaker", "chairman",
    "chair", "press", "high", "commissioner", "special", "former", "acting", "mr", "mrs", "ms",
    "dr", "sir", "lord", "kremlin", "white", "house", "affairs", "national", "security",
    "senate", "majority", "minority", "whip", "attorney", "judge", "justice", "candidate",
    "nominee", "chairwoman", "chairperson", "councilman", "councilwoman", "councillor",
    "councilor", "alderman", "sheriff", "officer", "reporter", "correspondent", "analyst",
    "strategist", "pollster", "consultant", "professor", "economist", "historian",
    "executive", "ceo", "founder", "co-founder", "manager", "campaign", "pastor", "bishop",
    "colonel", "lieutenant", "sergeant", "captain", "admiral", "lawmaker", "legislator",
    "delegate", "activist", "lawyer", "writer", "author", "columnist", "editor", "host",
    "anchor", "commentator", "expert", "researcher", "scientist", "senior", "assistant",
    "associate", "staffer", "congressman", "congresswoman", "assemblyman", "assemblywoman",
    "rep", "sen", "gov", "gen", "lt", "col", "sgt", "capt", "maj", "adm", "prof",
    "rev", "hon", "amb", "sheikh", "imam", "rabbi", "father", "pope", "king", "queen",
    "prince", "princess", "ayatollah", "emir", "sultan", "marshal", "president-elect",
    "speechwriter", "organizer", "organiser", "coordinator", "superintendent", "inspector",
    "detective", "prosecutor", "counsel", "solicitor", "treasurer", "comptroller", "auditor",
    "surgeon", "registrar", "clerk", "trustee", "regent", "dean", "provost", "rector",
    "commissar", "ombudsperson", "rapporteur", "attaché", "consul",
    "undersecretary", "under-secretary", "first", "lady", "gentleman",
}
DEMONYMS = {
    "turkish", "armenian", "azerbaijani", "azeri", "russian", "german", "french", "american",
    "british", "iranian", "syrian", "georgian", "european", "israeli", "chinese", "ukrainian",
    "us", "u.s.", "uk", "eu", "un", "u.n.", "nato", "osce",
}
# Capitalised function words that start a sentence, not a name.
FUNCTION_WORDS = {
    "the", "a", "an", "in", "on", "at", "as", "but", "and", "also", "while", "when", "after",
    "before", "if", "so", "yet", "for", "with", "by", "from", "of", "to", "it", "he", "she",
    "they", "we", "this", "that", "these", "those", "however", "meanwhile", "both",
    "his", "her", "their", "its", "our", "my", "your", "there", "here", "what", "some", "many",
    "most", "all", "every", "each", "other", "another", "such", "no", "not", "even", "only",
    "just", "now", "then", "still", "or", "nor", "i", "you", "us", "them", "him",
}
# A speaker phrase ending in one of these is a body, not a person ("the Armenian foreign ministry").
ORG_WORDS = {
    "ministry", "presidency", "government", "parliament", "office", "army", "military",
    "council", "committee", "commission", "administration", "embassy", "agency", "party",
    "forces", "authorities", "authority", "officials", "sources", "department", "service",
    "assembly", "kremlin", "pentagon", "rebels", "statement", "spokesperson", "command",
    "campaign", "group", "organization", "organisation", "association", "union", "institute",
    "foundation", "center", "centre", "university", "court", "police", "company", "corporation",
    "bank", "fund", "network", "newspaper", "coalition", "alliance", "movement",
    "federation", "league", "board", "bureau", "caucus", "senate", "congress", "cabinet",
    "ministries", "governments", "parties", "groups", "spokesmen", "aides",
    "advisers", "lawmakers", "leaders", "analysts", "experts", "critics", "residents",
    "protesters", "witnesses", "supporters", "observers", "house",
}
# Countries, capitals and regions speak as states ("Azerbaijan denied ..."): they are never a
# person's surname to expand ("mostly Turkic Azerbaijan" is not a full name).
PLACES = {
    "armenia", "azerbaijan", "turkey", "türkiye", "russia", "iran", "georgia", "syria", "france",
    "germany", "israel", "china", "us", "usa", "uk", "europe", "baku", "yerevan", "moscow",
    "ankara", "tehran", "tbilisi", "paris", "washington", "brussels", "istanbul", "karabakh",
    "nagorno-karabakh", "artsakh", "stepanakert", "khankendi", "shusha", "shushi", "lachin",
    "caucasus", "kremlin", "nakhchivan", "ganja", "aghdam", "agdam",
}

# --- Dates (index/extract.py) and page furniture (index/clean.py) ---------------------------------
MONTHS = {
    m: i
    for i, names in enumerate(
        [("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"),
         ("may",), ("jun", "june"), ("jul", "july"), ("aug", "august"),
         ("sep", "sept", "september"), ("oct", "october"), ("nov", "november"),
         ("dec", "december")],
        start=1,
    )
    for m in names
}
NAV_WORDS = (
    "share", "share this", "share on facebook", "share on twitter", "share via email",
    "tweet", "email", "print", "comments", "read more", "view image in", "fullscreen",
    "view image in fullscreen", "advertisement", "skip advertisement", "close", "copy link",
    "save", "listen", "reuse this content", "follow", "subscribe",
)

# Page furniture and sign-offs (index/clean.py builds its line rules from these)
PROMO_MARKERS = ("READ MORE", "READ ALSO", "ALSO READ", "SEE ALSO", "RELATED")
PROMO_SENTENCE_CASE = ("Read more", "Read also", "Also read", "See also")  # need their colon
AGE_BANNER = r"This article is (?:more than|over) \d+ (?:years?|months?) old"
DATE_LABELS = r"Published|Updated|Last (?:updated|modified)(?: on)?|First published on"
MONTH_STEMS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov",
               "Dec")
DAY_STEMS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
CREDIT_LABELS = ("Photograph", "Photo", "Picture", "Image", "Photo credit")

# Grammar the attribution, figure and date rules match (regular expressions where marked)
ARTICLES = ("the", "a", "an")
CLAUSE_BREAKS = ("when", "while", "but", "because", "after", "although", "as well as")
AUXILIARIES = ("is", "are", "was", "were", "been", "be", "being")
TRAILING_ADVERBS = ("also", "then", "later", "again", r"on \w+day")  # regular expressions
TRAILING_WORDS = (*TRAILING_ADVERBS[:4], "have", "has", "had", "all", "both", "not", "did", "does",
                  "do", r"on \w+day", r"\w+ly")  # regular expressions
CLAIM_NOUNS = ("claims?", "reports?", "allegations?", "accusations?")  # regular expressions
# what a denial points back with: "denied the claims", "a claim Baku described as nonsense"
DENIED_REFERENCE = (r"\b(?:the|these|those|such|this|that|a|its)\s+(?:claims?|reports?|allegations?|"
                    r"accusations?|charges?)\b|\b(?:denied|denies|rejected|dismissed)\s+(?:it|this|that|them)\b")
FIGURE_UNITS = ("%", "per cent", "percent", "km", "kilometres", "kilometers", "miles", r"m\b",
                "years?-old")  # regular expressions
TOTAL_VERBS = ("bringing", "taking", "raising", "pushing", "bring", "take", "rose", "risen",
               "rising", "climbed")


ENGLISH = Language(
    code="en",
    name="English",
    stem=_stem,
    # A Snowball English stem keeps all but at most its last letter as the lowercased word has
    # it (it rewrites suffixes only: "hoping" -> hope, "happy" -> happi), except three of its
    # exceptional forms: "dying", "lying", "tying" -> die, lie, tie (bench/README.md counts
    # the words of each kind; tests/test_language.py holds the rule).
    stem_rewrites=1,
    rewrites_more=frozenset({"die", "lie", "tie"}),
    check_stop_terms=CHECK_STOP_TERMS,
    equivalents=EQUIVALENTS,
    function_terms=FUNCTION_TERMS,
    shingle_stop_words=SHINGLE_STOP_WORDS,
    concepts=CONCEPTS,
    hedges=HEDGES,
    hedge_intervals=HEDGE_INTERVALS,
    casualty_concepts=CASUALTY_CONCEPTS,
    populations=POPULATIONS,
    sides=SIDES,
    side_names=SIDE_NAMES,
    both_sides=BOTH_SIDES,
    currency_before=CURRENCY_BEFORE,
    currency_after=CURRENCY_AFTER,
    percent_units=PERCENT_UNITS,
    weekdays=WEEKDAYS,
    decade_parts=DECADE_PARTS,
    clause_splits=CLAUSE_SPLITS,
    reads=reads_as_english,
    number_words=NUMBER_WORDS,
    scale=SCALE,
    reporting_verbs=REPORTING_VERBS,
    dispute_verbs=DISPUTE_VERBS,
    dispute_words=DISPUTE_WORDS,
    lead_ins=LEAD_INS,
    speech_verbs=SPEECH_VERBS,
    intro_verbs=INTRO_VERBS,
    listener_verbs=LISTENER_VERBS,
    abbreviations=ABBREVIATIONS,
    honorifics=HONORIFICS,
    name_particles=NAME_PARTICLES,
    adverbial_starts=ADVERBIAL_STARTS,
    head_cuts=HEAD_CUTS,
    pronouns=PRONOUNS,
    unresolvable=UNRESOLVABLE,
    role_words=ROLE_WORDS,
    demonyms=DEMONYMS,
    function_words=FUNCTION_WORDS,
    org_words=ORG_WORDS,
    places=PLACES,
    months=MONTHS,
    nav_words=NAV_WORDS,
    promo_markers=PROMO_MARKERS,
    promo_sentence_case=PROMO_SENTENCE_CASE,
    age_banner=AGE_BANNER,
    date_labels=DATE_LABELS,
    month_stems=MONTH_STEMS,
    day_stems=DAY_STEMS,
    source_label="Source",
    via_word="Via",
    reporting_credit=r"(?:Additional|Further) reporting by",
    by_word="By",
    and_word="and",
    credit_labels=CREDIT_LABELS,
    in_word="in",
    to_word="to",
    according_to="according to",
    articles=ARTICLES,
    articles_before_nouns=("a", "the", "an"),
    clause_breaks=CLAUSE_BREAKS,
    clause_starts=("while", "but"),
    auxiliaries=AUXILIARIES,
    passive_adverbs=("also", "widely"),
    trailing_words=TRAILING_WORDS,
    claim_nouns=CLAIM_NOUNS,
    denied_reference=DENIED_REFERENCE,
    noun_determiners=NOUN_DETERMINERS,
    not_saying=NOT_SAYING,
    fragment_ends=FRAGMENT_ENDS,
    finite_verbs=FINITE_VERBS,
    complementizers=("that", "which"),
    leading_conjunctions=("and", "but", "then", "so"),
    describing_words=("who", "which", "whose", "where", "adding", "speaking"),
    figure_units=FIGURE_UNITS,
    increment_words=("more", "additional", "further", "new"),
    total_verbs=TOTAL_VERBS,
    total_hedges=("about", "at least", "nearly"),
    possessive="['’]s",
    ordinal_suffixes=("st", "nd", "rd", "th"),
)
