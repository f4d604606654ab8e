"""Whose statement a sentence is, and which sentences dispute a claim.

A sentence is one of:
- "quote": mostly a direct quotation (its speaker comes from the stored quotes);
- "reported": reported speech or attribution ("Armenia's ambassador to Moscow accused Turkey
  of ...", "according to ...", "a claim Baku described as ...");
- "statement": the outlet's own statement.

A dispute is a denial or rebuttal ("denied", "lies", "absolute nonsense", "a provocation"),
with who made it. Pure text in, plain data out.
"""

from __future__ import annotations

import re
from dataclasses import replace

from kcsearch.index.language import LANG
from kcsearch.index.model import Quote
from kcsearch.index.records import record

REPORTING_VERBS = LANG.reporting_verbs

DISPUTE_VERBS = LANG.dispute_verbs
DISPUTE_WORDS = LANG.dispute_words
QUOTE_SHARE = 0.5  # a sentence at least this much inside quotation marks is a quote

def _spaced(words: tuple[str, ...], word: bool = False) -> str:
    """Alternatives each followed by white space (and each a whole word, if asked)."""
    return "|".join((r"\b" if word else "") + w + r"\s+" for w in words)


# a verb of saying: not inside a compound ("so-called"), not a noun after a determiner or a
# verb ("received reports that ..."), not a use that says nothing ("claimed 30,000 lives")
_REPORTING = re.compile(r"(?<![\w-])(?:" + "|".join(REPORTING_VERBS) + r")\b(?!-)")
_NOUN_BEFORE = re.compile(rf"\b(?:{'|'.join(LANG.noun_determiners)})\s+$", re.I)
_NOT_SAYING = re.compile(rf"(?:{'|'.join(LANG.not_saying)})", re.I)
_ACCORDING = re.compile(rf"\b{LANG.according_to}\s+(?P<who>[^,.;]{{2,80}})", re.I)
_DISPUTE_VERB = re.compile(r"\b(?:" + "|".join(DISPUTE_VERBS) + r")\b", re.I)
# where a clause (and so its subject) starts: a dash, a semicolon, a quote end, a conjunction
_PUNCT_BREAK = re.compile(r"\s[–—-]\s|;|[”\"]")
_CLAUSE_BREAK = re.compile(rf"\b(?:{'|'.join(LANG.clause_breaks)})\b", re.I)
LEAD_INS = LANG.lead_ins  # words opening an adverbial lead-in before the subject
_PASSIVE = re.compile(rf"\b(?:{'|'.join(LANG.auxiliaries)})\s+(?:{_spaced(LANG.passive_adverbs)})?$", re.I)
_TRAILING = re.compile(rf"\s+(?:{'|'.join(LANG.trailing_words)})$", re.I)
_DISPUTE_WORD = re.compile(r"\b(?:" + "|".join(re.escape(w) for w in DISPUTE_WORDS) + r")\b", re.I)
_CLAUSE_START = re.compile(rf"(?:^|[,;:–—]\s*|{_spaced(LANG.clause_starts, word=True)})")
_LEAD_NOUNS = re.compile(rf"^(?:{'|'.join(LANG.articles_before_nouns)})?\s*"
                         rf"(?:{'|'.join(LANG.claim_nouns)})\s+(?:{_spaced(LANG.complementizers)})?", re.I)
MAX_WHO_WORDS = 16
SCARE_QUOTE_WORDS = 3  # a quotation this short names a thing, it does not report speech


@record
class Attribution:
    """Who a sentence's content comes from: a quoted speaker, a reported source or the outlet."""

    kind: str  # "quote", "reported" or "statement"
    who: str | None  # speaker or attributed source; None for the outlet's own statement
    role: str | None = None


@record
class Dispute:
    """A denial in a sentence: who denies, and the words that mark it."""

    who: str | None
    trigger: str  # the word that marks it: "denied", "lies", "absolute nonsense"
    start: int  # offsets of the trigger in the sentence
    end: int


def subject_before(sentence: str, pos: int) -> str | None:
    """The noun phrase a verb at `pos` belongs to: the words since the clause began."""
    head = sentence[:pos]
    if not head.strip() or _PASSIVE.search(head):
        return None  # "are said to be", "was reported": attributed to no one
    head = _PUNCT_BREAK.split(head)[-1]
    head = re.sub(r",\s*(?:which|who|whose|where)\b[^,]*,?", "", head)  # relative clauses
    clauses = _CLAUSE_BREAK.split(head)
    head = clauses[-1]
    if not head.strip(" ,") and len(clauses) > 1:
        # "Azerbaijan did not disclose ... but said": the verb shares the first clause's subject
        head = re.split(r"\s(?:did|does|do|has|have|had|was|were|is|are|would|could|\w+ed)\b",
                        clauses[-2])[0]
    parts = head.split(",")
    first = parts[0].split()
    if len(parts) > 1 and (not first or len(first) > 4 or first[0].lower() in LEAD_INS):
        head = parts[-1]  # "About 200 people were wounded ..., the defence ministry said"
    head = re.sub(r"^\s*(?:and|but|while|however,?)\s+", "", head.strip(" ,"), flags=re.I)
    head = _LEAD_NOUNS.sub("", head.strip(" ,"))
    while _TRAILING.search(head.strip()):
        head = _TRAILING.sub("", head.strip())
    head = re.sub(r"^(?:the|The)\s+", "", head.strip()).strip(" ,")
    words = head.split()
    if (not words or len(words) > MAX_WHO_WORDS
            or words[0].lower() in ("it", "they", "he", "she", "we", "which", "that", "who", "this")):
        return None
    return head if is_source(head) else None


def is_source(phrase: str) -> bool:
    """Whether a phrase before a verb of saying reads as who says it, not a cut-off fragment:
    it ends on a word (not "so-", "that", "and"), holds no finite verb of its own ("A war
    began in ..."), and names someone (a capitalised word or a word for people or bodies)."""
    words = phrase.split()
    last = words[-1].lower().strip(",;:")
    if phrase.rstrip().endswith("-") or last in LANG.fragment_ends:
        return False
    if any(w.lower() in LANG.finite_verbs for w in words):
        return False
    return any(w[:1].isupper() for w in words) or any(
        w.lower().strip(",.") in LANG.org_words or w.lower() in LANG.role_words for w in words)


def attribute(sentence: str, start: int, quotes: tuple[Quote, ...]) -> Attribution:
    """Classify a sentence found at body offset `start`, given the article's quotes."""
    end = start + len(sentence)
    inside = [q for q in quotes if q.start < end and q.end > start]
    quoted = sum(min(q.end, end) - max(q.start, start) for q in inside)
    if inside and quoted >= QUOTE_SHARE * len(sentence):
        q = max(inside, key=lambda q: min(q.end, end) - max(q.start, start))
        return Attribution("quote", q.speaker, q.role)
    m = _ACCORDING.search(sentence)
    if m:
        return Attribution("reported", m.group("who").strip())
    for m in _REPORTING.finditer(sentence):
        if (_in_quote(sentence, m.start()) or _NOUN_BEFORE.search(sentence[:m.start()])
                or _NOT_SAYING.match(sentence, m.start())):
            continue
        who = subject_before(sentence, m.start())
        if who:
            return Attribution("reported", who)
    # a quotation inside: its speaker, unless it is a phrase in scare quotes ("Minsk Group")
    spoken = [q for q in inside if not q.short and len(q.text.split()) > SCARE_QUOTE_WORDS]
    if spoken:
        q = spoken[0]
        return Attribution("reported", q.speaker, q.role)
    return Attribution("statement", None)


def _in_quote(sentence: str, pos: int) -> bool:
    before = sentence[:pos]
    return before.count("“") > before.count("”") or before.count('"') % 2 == 1


def find_disputes(sentence: str, start: int, quotes: tuple[Quote, ...],
                  who: bool = True) -> list[Dispute]:
    """Denials and rebuttals in a sentence at body offset `start`, with who made them (with
    `who=False` left unread, for `disputer` to read of the ones that matter)."""
    out: list[Dispute] = []
    for m in _DISPUTE_VERB.finditer(sentence):
        out.append(Dispute(None, m.group(0), m.start(), m.end()))
    for m in _DISPUTE_WORD.finditer(sentence):
        if any(d.start <= m.start() < d.end for d in out):
            continue
        trigger_start, trigger_end = _widen(sentence, m.start(), m.end())
        out.append(Dispute(None, sentence[trigger_start:trigger_end], trigger_start, trigger_end))
    out.sort(key=lambda d: d.start)
    if who:
        out = [replace(d, who=disputer(sentence, start, quotes, d)) for d in out]
    return out


def disputer(sentence: str, start: int, quotes: tuple[Quote, ...], d: Dispute) -> str | None:
    """Who makes a denial: the subject of a denying verb; for a denying word ("lies") the
    speaker of the quotation it stands in, or the subject of the verb that frames it ("a claim
    Baku described as 'absolute nonsense'", "Armenia accused X of fabricating")."""
    if _DISPUTE_VERB.fullmatch(d.trigger):
        return subject_before(sentence, d.start)
    quote = next((q for q in quotes if q.start <= start + d.start < q.end), None)
    if quote is not None and len(quote.text.split()) > 2:
        return quote.speaker  # said inside a quotation: its speaker disputes
    verbs = list(re.finditer(r"\b(?:described|called|dismissed|branded|labelled|labeled|"
                             r"termed|accused|said|denied)\b", sentence[:d.start]))
    who = subject_before(sentence, verbs[-1].start()) if verbs else None
    if who is None and quote is not None:
        who = quote.speaker
    return who


def _widen(sentence: str, start: int, end: int) -> tuple[int, int]:
    """'nonsense' -> 'absolute nonsense' when an adjective leads it inside the same quote."""
    m = re.search(r"(?:absolute|complete|utter|total|pure|blatant|outright)\s+$", sentence[:start],
                  re.I)
    return (m.start() if m else start), end
