"""Direct quotations and who said them.

A news article attributes a quote in a handful of ways, tried here in this order:

1. after the quote:  "...," Erdogan said. / "...," said Turkey's Communication Director X.
2. same sentence as an attributed quote: '"...," the ministry said, casting it as "a ... alliance".'
3. before the quote: Erdogan said, "..." / X said on Tuesday that Ankara ... "on the battlefield".
4. continuation: a quote opening a sentence with no attribution, right after another quote,
   continues it ('"...," he said. "Now Azerbaijan must take matters into its own hands."').

The phrase naming the speaker is then read as a person (with a role: "Kremlin spokesman
Dmitry Peskov", "Dmitry Peskov, the Kremlin's spokesman"), an organisation ("the Armenian
foreign ministry"), or an unnamed source kept as its description ("an official at President
Emmanuel Macron's office", never "Macron"). "he"/"she" resolve to the last named person only
when one is known; a surname expands to the one full name the article gives for it. When
unsure the speaker is None: a wrong name is worse than none for a fact-checker.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from .language import LANG
from .model import Quote
from .records import record

# Quotes of one or two words are scare quotes ("occupation", "Minsk Group"), not quotations.
MIN_QUOTE_WORDS = 3

SPEECH_VERBS = LANG.speech_verbs

INTRO_VERBS = LANG.intro_verbs  # verbs that introduce a quote later in the sentence

PRONOUNS = LANG.pronouns
UNRESOLVABLE = LANG.unresolvable

ROLE_WORDS = LANG.role_words  # words that precede a name as its title
DEMONYMS = LANG.demonyms
FUNCTION_WORDS = LANG.function_words  # capitalised, they start a sentence, not a name
ORG_WORDS = LANG.org_words  # a speaker phrase ending in one is a body, not a person

PLACES = LANG.places  # places speak as states: never a person's surname to expand

_CAP_TOKEN = re.compile(r"^[A-ZÀ-ÖØ-ÞĀ-Ž][\w'’.-]*$")
_PARTICLES = {"al", "al-", "bin", "ibn", "de", "da", "van", "von", "der", "la", "le", "el"}
_OPEN_CLOSE = {"“": "”", '"': '"'}
_TITLE_WORDS = ROLE_WORDS | DEMONYMS | FUNCTION_WORDS
_ROLE_OR_DEMONYM = ROLE_WORDS | DEMONYMS


@record
class Who:
    """Who a quotation is attributed to, and what kind of speaker that is."""

    speaker: str | None
    role: str | None
    kind: str  # "person", "org", "description", "pronoun"


# --- finding quote spans ------------------------------------------------------------------

_OPENING = re.compile("[" + "".join(_OPEN_CLOSE) + "]")
_SENTENCE_END = re.compile(r"[.!?][\"”’)\]]*\s+(?=[\"“‘A-ZÀ-ÖØ-Þ])")


def find_spans(para: str) -> list[tuple[int, int]]:
    """(open, close) index pairs of quote marks; an unclosed quote runs to the paragraph end."""
    spans: list[tuple[int, int]] = []
    i = 0
    while m := _OPENING.search(para, i):
        start = m.start()
        close = para.find(_OPEN_CLOSE[m.group()], start + 1)
        if close == -1:
            # a multi-paragraph quote leaves its last paragraph unclosed: run to the end
            spans.append((start, len(para)))
            break
        spans.append((start, close))
        i = close + 1
    return spans


def _sentence_bounds(para: str, spans: list[tuple[int, int]]) -> list[int]:
    """Start offsets of sentences, ignoring full stops inside quotes."""
    opens = [a for a, _b in spans]

    def inside(k: int) -> bool:  # strictly between a span's quote marks
        n = bisect.bisect_left(opens, k) - 1
        return n >= 0 and k < min(spans[n][1], len(para))

    starts = [0]
    for m in _SENTENCE_END.finditer(para):
        if not inside(m.start()) or (m.end() > m.start() + 1 and not inside(m.end() - 2)):
            starts.append(m.end())
    return starts


def _sentence_of(pos: int, starts: list[int], length: int) -> tuple[int, int]:
    n = bisect.bisect_right(starts, pos)  # starts ascend from 0
    return starts[n - 1], (starts[n] if n < len(starts) else length)


# --- reading a speaker phrase -------------------------------------------------------------

def _tokens(phrase: str) -> list[str]:
    return phrase.split()


_POSSESSIVE = re.compile(rf"{LANG.possessive}$")


def _bare(token: str) -> str:
    return _POSSESSIVE.sub("", token).strip(",.;:").lower()


def _is_name_token(token: str) -> bool:
    t = token.strip(",")
    return bool(_CAP_TOKEN.match(t)) or t.lower() in _PARTICLES


def _name_run(tokens: list[str]) -> tuple[list[str], list[str]]:
    """Split tokens into (title words, trailing name) where the name is capitalised words."""
    k = len(tokens)
    while k > 0 and _is_name_token(tokens[k - 1]):
        k -= 1
    head, run = tokens[:k], tokens[k:]
    # peel titles, demonyms and possessives off the front of the capitalised run
    while run and (_bare(run[0]) in _TITLE_WORDS
                   or run[0].endswith(("'s", "’s"))):
        head.append(run.pop(0))
    return head, run


def _is_role(phrase: str) -> bool:
    words = {_bare(t) for t in _tokens(phrase)}
    return bool(words & ROLE_WORDS) and len(words) <= 8


def _is_name(phrase: str) -> bool:
    toks = _tokens(phrase)
    return (1 <= len(toks) <= 5 and all(_is_name_token(t) for t in toks)
            and _bare(toks[0]) not in FUNCTION_WORDS)


_ARTICLE = re.compile(rf"^(?:{'|'.join(LANG.articles)})\s+", re.I)
_SPACES = re.compile(r"\s+")
_CONJUNCTION = re.compile(rf"^(?:{'|'.join(LANG.leading_conjunctions)})\s+", re.I)
_DESCRIBING = re.compile(rf"^(?:{'|'.join(LANG.describing_words)})\b", re.I)


def _clean_role(phrase: str) -> str | None:
    role = _ARTICLE.sub("", phrase.strip(" ,"))
    return role or None


def parse_who(phrase: str) -> Who | None:
    """Read the words naming a speaker; None when they do not name one."""
    p = _SPACES.sub(" ", phrase).strip(" ,;:")
    p = _CONJUNCTION.sub("", p)
    if not p:
        return None
    if p.lower() in PRONOUNS:
        return Who(None, None, "pronoun")
    if p.lower() in UNRESOLVABLE:
        return None
    parts = [x.strip() for x in p.split(",") if x.strip()]
    # relative clauses and participle phrases describe, they do not name
    parts = [x for x in parts if not _DESCRIBING.match(x)]
    if not parts:
        return None
    if len(parts) >= 2 and _is_name(parts[-2]) and _is_role(parts[-1]):
        # "Dmitry Peskov, the Kremlin's spokesman"
        return Who(parts[-2], _clean_role(parts[-1]), "person")
    if len(parts) >= 2 and _is_name(parts[-1]) and _is_role(parts[-2]):
        # "the Turkish president, Recep Tayyip Erdoğan"
        return Who(parts[-1], _clean_role(parts[-2]), "person")
    last = parts[-1]
    toks = _tokens(last)
    if len(toks) > 9:
        return None
    if toks[0].lower() in ("a", "an"):
        return Who(last, None, "description")  # "an official at President Emmanuel Macron's office"
    if _bare(toks[-1]) in ORG_WORDS and len(toks) <= 6:
        return Who(_clean_role(last), None, "org")  # "the Armenian foreign ministry"
    head, run = _name_run(toks)
    if not run:
        return None
    if len(head) > 6:
        return None
    name = " ".join(run).strip(",")
    role = _clean_role(" ".join(head)) if head else None
    if role and role.lower() in FUNCTION_WORDS:
        role = None
    return Who(name, role, "person")


# --- names the article gives in full --------------------------------------------------------

_CAPITALISED_RUN = re.compile(r"(?:[A-ZÀ-ÖØ-ÞĀ-Ž][\w'’.-]*\s+){1,6}[A-ZÀ-ÖØ-ÞĀ-Ž][\w'’-]*")


@dataclass
class NameBook:
    """Full names (and titles) an article gives, so 'Erdogan' can become 'Recep Tayyip Erdogan'."""

    full: dict[str, set[str]]
    roles: dict[str, str]

    @classmethod
    def from_texts(cls, texts: list[str]) -> NameBook:
        book = cls({}, {})
        for text in texts:
            for m in _CAPITALISED_RUN.finditer(text):
                head, run = _name_run(m.group(0).split())
                run = [_POSSESSIVE.sub("", t) for t in run]
                if len(run) < 2 or len(run) > 4 or run[-1].lower() in PLACES:
                    continue
                full = " ".join(run)
                book.full.setdefault(run[-1].lower(), set()).add(full)
                if head and all(_bare(h) in _ROLE_OR_DEMONYM for h in head):
                    book.roles.setdefault(full, " ".join(head))
        return book

    def expand(self, name: str) -> str:
        if " " in name:
            return name
        options = self.full.get(name.lower(), set())
        return next(iter(options)) if len(options) == 1 else name

    def role_of(self, name: str) -> str | None:
        return self.roles.get(name)


# --- attribution --------------------------------------------------------------------------

_VERBS = "|".join(SPEECH_VERBS)
_AFTER_INVERTED = re.compile(rf"^\s*,?\s*(?:{_VERBS})\s+(?P<who>[^.;:“”\"]+)")
_AFTER = re.compile(rf"^\s*,?\s*(?P<who>[^“”\".;:]{{1,150}}?)\s+(?:{_VERBS})\b")
# The subject of a sentence: the words before its first verb ("Ilham Aliyev spoke ...").
_SUBJECT = re.compile(
    rf"^(?P<who>[^“”\"]{{1,120}}?)\s+(?:{'|'.join((*INTRO_VERBS, *LANG.subject_verbs))})\b")
_QUOTE_MARK = re.compile(r"[“”\"]")
_ADVERB = re.compile(rf"\s+(?:{'|'.join(LANG.trailing_adverbs)})$")
_BEFORE = re.compile(rf"^(?P<who>.{{1,200}}?)\s+(?:{'|'.join(INTRO_VERBS)})\b")


def _attribute_after(after: str) -> Who | None:
    m = _AFTER_INVERTED.match(after)
    if m:
        who = parse_who(m.group("who"))
        if who:
            return who
    m = _AFTER.match(after)
    return parse_who(m.group("who")) if m else None


def _attribute_before(before: str) -> Who | None:
    if _QUOTE_MARK.search(before):
        return None
    m = _BEFORE.match(before.strip())
    if not m:
        return None
    who = m.group("who")
    # 'X also accused', 'X on Monday said': drop the adverb the regex let through
    return parse_who(_ADVERB.sub("", who))


def extract_quotes(paragraphs: list[str], context: list[str] | None = None) -> list[Quote]:
    """Quotes in body order with offsets into '\\n\\n'.join(paragraphs).

    `context` is other text of the article (e.g. removed captions) that may name people in full.
    """
    spans_of = [find_spans(para) for para in paragraphs]
    # nothing after the last paragraph with a quote mark can make or attribute a quote
    last = max((pi for pi, spans in enumerate(spans_of) if spans), default=-1)
    if last < 0:
        return []
    book = NameBook.from_texts([*paragraphs, *(context or [])])
    quotes: list[Quote] = []
    last_person: tuple[str, str | None] | None = None
    prev: tuple[int, int, Quote] | None = None  # (paragraph index, body end, quote)
    offset = 0

    Speaker = tuple[str | None, str | None, str | None]  # (name, role, kind)
    nobody: Speaker = (None, None, None)

    def resolve(who: Who | None) -> Speaker:
        nonlocal last_person
        if who is None:
            return nobody
        if who.kind == "pronoun":
            return (*last_person, "person") if last_person else nobody
        if who.speaker is None:
            return nobody
        if who.kind == "description":
            return who.speaker, who.role, "unnamed"
        if who.kind == "org" or who.speaker.lower() in PLACES:
            return who.speaker, who.role, "org"
        name = book.expand(who.speaker)
        role = who.role or book.role_of(name)
        if " " in name:
            last_person = (name, role)
        return name, role, "person"

    for pi, para in enumerate(paragraphs[:last + 1]):
        spans = spans_of[pi]
        starts = _sentence_bounds(para, spans)
        sentence_speaker: dict[int, Speaker] = {}
        # people who act as sentence subjects ("Recep Tayyip Erdogan, Turkey's president,
        # called for ...") before the paragraph's first quote become the referent of a later
        # "he said"
        first_quote = spans[0][0] if spans else len(para)
        for s in starts:
            if s >= first_quote:
                break
            end = _sentence_of(s, starts, len(para))[1]
            sent = para[s:end]
            if not sent or sent[0] in "“\"":
                continue
            m = _SUBJECT.match(sent)
            who = parse_who(m.group("who")) if m else None
            if who and who.kind == "person" and who.speaker and " " in book.expand(who.speaker):
                resolve(who)
        for open_i, close_i in spans:
            inner_start, inner_end = open_i + 1, close_i
            raw = para[inner_start:inner_end]
            text = raw.strip().rstrip(",").rstrip()
            lead = len(raw) - len(raw.lstrip())
            t_start = inner_start + lead
            t_end = t_start + len(text)
            sent_start, sent_end = _sentence_of(open_i, starts, len(para))
            if len(text.split()) < MIN_QUOTE_WORDS:
                continue
            after = para[close_i + 1: sent_end]
            speaker: Speaker = nobody
            ends_open = raw.rstrip().endswith((",", "?", "!", "—")) or after.startswith(",")
            if ends_open:
                speaker = resolve(_attribute_after(after))
            if speaker[0] is None and sent_start in sentence_speaker:
                speaker = sentence_speaker[sent_start]
            before = para[sent_start:open_i]
            if speaker[0] is None and before.strip():
                speaker = resolve(_attribute_before(before))
            if speaker[0] is None and not before.strip() and prev is not None:
                gap_ok = prev[0] in (pi, pi - 1) and (offset + open_i) - prev[1] <= 160
                if gap_ok and prev[2].speaker is not None:
                    speaker = (prev[2].speaker, prev[2].role, prev[2].speaker_kind)
            if speaker[0] is not None:
                sentence_speaker.setdefault(sent_start, speaker)
            q = Quote(text=text, speaker=speaker[0], role=speaker[1], speaker_kind=speaker[2],
                      start=offset + t_start, end=offset + t_end)
            quotes.append(q)
            prev = (pi, offset + close_i, q)
        offset += len(para) + 2
    return quotes


def speaker_search_text(q: Quote) -> str:
    """What makes a quote's speaker findable. An unnamed source is found by its generic words
    ("official"), never by the names inside its description ("... Macron's office")."""
    if not q.speaker:
        return ""
    if q.speaker_kind == "unnamed":
        return " ".join(w for w in q.speaker.split() if not _CAP_TOKEN.match(w))
    return q.speaker


def speakers_of(quotes: list[Quote]) -> list[str]:
    """Distinct speakers in order of first quotation."""
    seen: dict[str, None] = {}
    for q in quotes:
        if q.speaker:
            seen.setdefault(q.speaker, None)
    return list(seen)
