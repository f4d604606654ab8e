"""Direct quotations and who said them.

A news article attributes a quote in a handful of ways, tried here in this order:

1. after the quote:  "...," Erdogan said. / "...," said Sen. X (D-Conn.), who ... /
   "...?" Borger asked. / "..." -Michelle Marks, Philadelphia.
2. before the quote: Erdogan said, "..." / When asked ..., X said: "..." / According to X,
   "..." / X fired back: "..." / X said on Tuesday that Ankara ... "on the battlefield".
3. same sentence as an attributed quote: '"...," the ministry said, casting it as "a ... alliance".'
4. continuation: a quote opening a sentence with no attribution continues the last quote, or
   takes the person the paragraph before reported as speaking ("X says she wants ...").

The phrase naming the speaker is read by speakers.py. "he"/"she" resolve to the last person
named as a sentence's subject or a quote's speaker, and the quote says so (`how`). A surname
expands to the one full name the article gives for it. When unsure the speaker is None: a
wrong name is worse than none for a fact-checker.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass

from .language import LANG
from .model import Quote
from .quotemarks import find_spans
from .speakers import (
    PLACES,
    NameBook,
    Who,
    bare,
    is_name_token,
    leading_subject,
    parse_who,
    role_search_words,
)

__all__ = ["MIN_QUOTE_WORDS", "Who", "extract_quotes", "find_spans", "parse_who",
           "speaker_search_text", "speakers_of"]

# Quotes of one or two words are scare quotes ("occupation", "Minsk Group"): stored, marked
# short, and left out of listings unless asked for.
MIN_QUOTE_WORDS = 3

SPEECH_VERBS = LANG.speech_verbs
INTRO_VERBS = LANG.intro_verbs  # verbs that introduce a quote later in the sentence
PRONOUNS = LANG.pronouns

_ABBREVIATIONS = LANG.abbreviations
_VERB = "|".join(sorted((re.escape(v) for v in SPEECH_VERBS), key=len, reverse=True))
_INTRO = "|".join(sorted((re.escape(v) for v in INTRO_VERBS), key=len, reverse=True))
_INVERTED_VERBS = "|".join(sorted((re.escape(v) for v in SPEECH_VERBS
                                   if v not in LANG.listener_verbs), key=len, reverse=True))
_ADVERB = r"(?:\w+ly|also|then|later|again|once|simply|just|too)"

# "...," said X / "...," X said / "...," X, a Y, said / "...," X barked
_AFTER_INVERTED = re.compile(
    rf"^[\s,]*(?:{_ADVERB}\s+)?(?P<cue>{_INVERTED_VERBS})(?:\s+{_ADVERB})?\s+(?P<who>[^“”\"«»„]+)")
_AFTER = re.compile(
    rf"^[\s,]*(?P<who>[^“”\"«»„;:]{{1,160}}?)\s+(?:{_ADVERB}\s+)?(?P<cue>{_VERB})\b")
_AFTER_ANY_VERB = re.compile(
    r"^[\s,]*(?P<who>(?:[^\W\d_][\w'’.-]*\s+){0,5}[^\W\d_][\w'’.-]*)\s+(?P<cue>[a-z]+ed)\b")
_AFTER_INVERTED_ANY = re.compile(
    r"^[\s,]*(?P<cue>[a-z]+ed)\s+(?P<who>(?:[A-Z][\w'’.-]*\s+){0,4}[A-Z][\w'’.-]*(?:,[^“”\"]*)?)")
_BEFORE_INVERTED = re.compile(
    rf"^\s*(?P<cue>{_INVERTED_VERBS.replace('said', 'said|Said')})\s+(?P<who>[^“”\"]{{1,150}}?)[,:]?\s*$",
    re.I)
_AFTER_DASH = re.compile(r"^\s*[-—–]+\s*(?P<who>[^\W\d_][^“”\"]{1,150})")
_ACCORDING = re.compile(rf"\b(?P<cue>{LANG.according_to})\s+(?P<who>[^,“”\"]{{1,150}}?)\s*,?\s*$",
                        re.I)
_ACCORDING_AFTER = re.compile(rf"^[\s,]*(?P<cue>{LANG.according_to})\s+(?P<who>[^“”\"]{{1,150}})",
                              re.I)
_INTRO_CUE = re.compile(rf"\b(?P<cue>{_INTRO})\b")
_SPEECH_SUBJECT = re.compile(rf"^(?P<who>[^“”\"]{{1,160}}?)\s+(?:{_ADVERB}\s+)?(?:{_VERB})\b")
_QUOTE_MARK = re.compile(r"[“”\"«»„]")
# what opens the clause after a quote ending in ? or ! when it attributes the quote
_ATTRIBUTION_NEXT = re.compile(
    rf"(?:[^\W\d_][^.!?“”\"]{{0,120}}?\s|(?:he|she|they)\s+)(?:{_ADVERB}\s+)?(?:{_VERB})\b|"
    rf"(?:{_INVERTED_VERBS})\s")
# a short attribution sentence after a quote ending in a full stop: '"...." Trump said.'
_ATTRIBUTION_SENTENCE = re.compile(
    rf"(?:[^\W\d_][\w'’.-]*\s+){{1,5}}(?:{_ADVERB}\s+)?(?:{_VERB})(?=[.,;]|\s+(?:in|on|at|during|"
    rf"after|to|of|from|via|last|this|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b)")


@dataclass
class Span:
    """One quotation in a paragraph: its marks, its text and its sentence."""

    open: int
    close: int
    text_start: int
    text_end: int
    text: str
    sentence: tuple[int, int]
    ends_open: bool  # ends in , ? ! — : the attribution may follow


# --- sentences ----------------------------------------------------------------------------

_SENTENCE_END = re.compile(r"[.!?…]+(?P<closers>[\"”’»)\]]*)\s+(?=[\"“‘„«A-Z0-9À-ÖØ-ÞĀ-ſ(])")


def _abbreviation_before(para: str, dot: int) -> bool:
    """Whether the full stop at `dot` ends an abbreviation or an initial ("Sen.", "D.")."""
    k = dot
    while k > 0 and not para[k - 1].isspace() and para[k - 1] not in "(\"“":
        k -= 1
    word = para[k:dot].lower()
    if re.fullmatch(r"(?:[^\W\d_]\.)*[^\W\d_]", word):
        return True  # an initial: "D.", "J.J."
    return word in _ABBREVIATIONS or word.rstrip(".") in _ABBREVIATIONS


def sentence_starts(para: str, spans: list[tuple[int, int]]) -> list[int]:
    """Start offsets of sentences. A full stop inside a quote, after a title ("Sen.") or an
    initial ends none, and neither does a quote ending in ? or ! followed by its attribution."""
    opens = [a for a, _b in spans]

    def inside(k: int) -> bool:  # strictly between a span's quote marks
        n = bisect.bisect_left(opens, k) - 1
        return n >= 0 and k < min(spans[n][1], len(para))

    starts = [0]
    for m in _SENTENCE_END.finditer(para):
        closers = m.group("closers")
        if not closers:
            if inside(m.start()):
                continue
            if para[m.start()] == "." and _abbreviation_before(para, m.start()):
                continue
        else:
            close_at = m.start("closers")
            if inside(m.start()) and not _closes_span(close_at, spans):
                continue
            if para[m.end("closers") - 1] in "\"”’»" and para[m.start("closers") - 1] in "?!…" \
                    and _ATTRIBUTION_NEXT.match(para, m.end()):
                continue  # "...?" Borger asked.
            if para[m.end("closers") - 1] in "\"”’»" and _ATTRIBUTION_SENTENCE.match(para, m.end()):
                continue  # '"...." Trump said.' (a comma the writer left out)
        starts.append(m.end())
    return starts


def _closes_span(k: int, spans: list[tuple[int, int]]) -> bool:
    """Whether position k is a span's closing mark or the character just before it."""
    return any(k in (b, b - 1) for _a, b in spans)


def _sentence_of(pos: int, starts: list[int], length: int) -> tuple[int, int]:
    n = bisect.bisect_right(starts, pos)  # starts ascend from 0
    return starts[n - 1], (starts[n] if n < len(starts) else length)


# --- attribution --------------------------------------------------------------------------

@dataclass
class Found:
    """An attribution: who, by which rule and cue, and the clause it was read from."""

    who: Who
    rule: str
    cue: str
    clause: tuple[int, int]  # offsets in the paragraph


def _after(para: str, start: int, end: int) -> Found | None:
    """The attribution in the clause after a quote ('"...," said X' / '"...," X said')."""
    text = para[start:end]
    m = _ACCORDING_AFTER.match(text)
    if m:
        who = parse_who(_first_clause(m.group("who")), subject=False)
        if who:
            return Found(who, "after", m.group("cue"), (start, start + m.end()))
    for rx in (_AFTER_INVERTED, _AFTER_INVERTED_ANY):
        m = rx.match(text)
        if m:
            who = parse_who(_first_clause(m.group("who")), subject=False)
            if who and (rx is _AFTER_INVERTED or who.kind == "person"):
                return Found(who, "after-inverted", m.group("cue"), (start, start + m.end()))
    for rx in (_AFTER, _AFTER_ANY_VERB):
        m = rx.match(text)
        if m and rx is _AFTER_ANY_VERB and not is_name_token(m.group("who").split()[0]):
            continue  # '"...," after Clinton spokesman X expressed': no attribution
        if m:
            who = parse_who(m.group("who"), subject=True)
            if who:
                return Found(who, "after", m.group("cue"), (start, start + m.end()))
    return None


def _first_clause(text: str) -> str:
    """A speaker phrase after an inverted verb, up to the end of its sentence or clause."""
    for m in re.finditer(r"[.;:!?](?=\s|$)|\s[-—–]\s", text):
        if m.group() == "." and _abbreviation_before(text, m.start()):
            continue
        return text[:m.start()]
    return text


def _before(para: str, start: int, end: int, sentence_start: int) -> Found | None:
    """The attribution in the clause before a quote ('X said: "..."', 'According to X, "..."')."""
    text = para[start:end]
    if not text.strip():
        return None
    m = _ACCORDING.search(text)
    if m:
        who = parse_who(m.group("who"), subject=False)
        if who:
            return Found(who, "before", m.group("cue"), (start + m.start(), end))
    m = _BEFORE_INVERTED.match(text)  # 'Said Dorothy Poynter, who ..., "..."'
    if m and start == sentence_start:
        who = parse_who(m.group("who"), subject=False)
        if who and who.kind == "person":
            return Found(who, "before-inverted", m.group("cue"), (start, end))
    cues = list(_INTRO_CUE.finditer(text))
    for cue in reversed(cues[-3:]):
        if cue.group("cue").endswith("ing"):
            # "X went on the attack, saying, "..."": the speaker is the main clause's subject
            who = _sentence_subject(para[sentence_start:start + cue.start()])
            return Found(who or Who(None, None, "participle"), "participle", cue.group("cue"),
                         (sentence_start, end))
        subject = text[:cue.start()]
        clause_start = max(subject.rfind(c) for c in (";", ":", "—", " – ")) + 1
        subject = subject[clause_start:]
        if _QUOTE_MARK.search(subject):
            subject = re.split(r"[“”\"«»„]", subject)[-1]
        who = parse_who(subject, subject=True)
        if who is not None:
            return Found(who, "before", cue.group("cue"), (start + clause_start, end))
    if text.rstrip().endswith(":"):
        who = _sentence_subject(text) or _name_before_colon(text)
        if who is not None:
            return Found(who, "before", ":", (start, end))
    return None


def _name_before_colon(text: str) -> Who | None:
    """'... doesn't surprise Republican pollster Daron Shaw: "..."': a name just before the
    colon, with nothing but title words before it in its run."""
    words = text.rstrip().rstrip(":").split()
    k = len(words)
    while k > 0 and len(words) - k < 6 and (is_name_token(words[k - 1])
                                             or bare(words[k - 1]) in LANG.role_words):
        k -= 1
    if k == len(words) or not is_name_token(words[-1]):
        return None
    who = parse_who(" ".join(words[k:]), subject=True)
    return who if who is not None and who.kind == "person" else None


def _sentence_subject(text: str) -> Who | None:
    who = leading_subject(text.strip())
    if who is not None:
        return who
    m = re.match(r"^(?P<who>[^:“”\"]{1,80}):\s*$", text.strip())  # 'Donald Trump: "..."'
    if m:
        who = parse_who(m.group("who"), subject=True)
        if who and who.kind == "person" and who.speaker and \
                len(who.speaker.split()) == len(m.group("who").split()):
            return who
    return None


# --- the article walk ---------------------------------------------------------------------

@dataclass
class Mention:
    """A person the text names as a sentence's subject or a quote's speaker."""

    name: str
    role: str | None
    pos: int  # body offset
    sentence: int  # running sentence number
    speaking: bool  # the sentence reports them speaking ("X says she wants ...")


def _spans_of(para: str, marks: list[tuple[int, int]], starts: list[int]) -> list[Span]:
    out = []
    for open_i, close_i in marks:
        raw = para[open_i + 1:close_i]
        text = raw.strip()
        while text and text[-1] in ",;:—–-" and not text.endswith("--"):
            text = text[:-1].rstrip()
        if not text or not any(ch.isalnum() for ch in text):
            continue
        lead = len(raw) - len(raw.lstrip())
        t_start = open_i + 1 + lead
        rest = para[close_i + 1:close_i + 40].lstrip()
        ends_open = raw.rstrip().rstrip("'’\"” ").endswith((",", "?", "!", "—", "–", "-", ":", "…")) or \
            para[close_i + 1:close_i + 2] == "," or (rest[:1].islower() and not
                                                    raw.rstrip().endswith(".")) or \
            bool(_ATTRIBUTION_SENTENCE.match(para, close_i + 1 + len(para[close_i + 1:]) -
                                             len(para[close_i + 1:].lstrip())))
        out.append(Span(open_i, close_i, t_start, t_start + len(text), text,
                        _sentence_of(open_i, starts, len(para)), ends_open))
    return out


_SMALL_WORDS = set(LANG.articles) | set(LANG.head_cuts) | {"and", "or", "nor", "a"}


def _is_title_case(text: str) -> bool:
    """A name of a work, a sign or a slogan ("Jeb Can Fix It", "The Nightly Show with Larry
    Wilmore"): every word but the small ones capitalised, and no sentence break inside."""
    body = text.strip().rstrip(".!?")
    words = re.findall(r"[^\W_][\w'’-]*", body)
    if len(words) < 2 or len(words) > 14 or re.search(r"[.!?;:]\s", body):
        return False
    return words[0][0].isupper() and all(
        w[0].isupper() or w[0].isdigit() or w.lower() in _SMALL_WORDS for w in words)


def extract_quotes(paragraphs: list[str], context: list[str] | None = None) -> list[Quote]:
    """Quotes in body order with offsets into '\\n\\n'.join(paragraphs).

    `context` is other text of the article (e.g. removed captions) that may name people in full.
    """
    marks_of = [find_spans(para) for para in paragraphs]
    last = max((pi for pi, marks in enumerate(marks_of) if marks), default=-1)
    if last < 0:
        return []
    return _Walk(paragraphs, NameBook([*paragraphs, *(context or [])])).run(
        marks_of, last)


Speaker = tuple[str | None, str | None, str | None]  # (name, role, kind)
NOBODY: Speaker = (None, None, None)


class _Walk:
    """One pass over an article's paragraphs, remembering who was named last."""

    def __init__(self, paragraphs: list[str], book: NameBook) -> None:
        self.paragraphs = paragraphs
        self.book = book
        self.mentions: list[Mention] = []  # quotes' speakers, in body order
        # sentences whose subject a later "he" may mean: (body offset, text, number)
        self.pending: list[tuple[int, str, int]] = []
        self.read: dict[int, Mention | None] = {}
        self.sentence_no = 0
        self.gender: dict[str, str] = {}

    # who a Who is, once the article's names are known
    def resolve(self, who: Who) -> Speaker:
        if who.speaker is None:
            return NOBODY
        if who.kind == "description":
            return who.speaker, who.role, "unnamed"
        if who.kind == "org" or who.speaker.lower() in PLACES:
            return who.speaker, who.role, "org"
        name = self.book.expand(who.speaker)
        role = who.role or self.book.role_of(name)
        return name, role, "person"

    def mention(self, speaker: Speaker, pos: int, speaking: bool) -> None:
        if speaker[2] == "person" and speaker[0]:
            self.mentions.append(Mention(speaker[0], speaker[1], pos, self.sentence_no, speaking))

    def named_before(self, pos: int) -> Iterator[Mention]:
        """People named before `pos`, the latest first: quotes' speakers, and the subjects of
        sentences, read only when asked for (most articles never ask)."""
        i, j = len(self.mentions) - 1, len(self.pending) - 1
        while i >= 0 or j >= 0:
            if j >= 0 and (i < 0 or self.pending[j][0] > self.mentions[i].pos):
                if self.pending[j][0] < pos:
                    m = self._subject_mention(j)
                    if m is not None:
                        yield m
                j -= 1
            else:
                if self.mentions[i].pos < pos:
                    yield self.mentions[i]
                i -= 1

    def _subject_mention(self, j: int) -> Mention | None:
        if j not in self.read:
            pos, sent, number = self.pending[j]
            who = leading_subject(sent)
            m = None
            if who and who.kind == "person" and who.speaker:
                name = self.book.expand(who.speaker)
                # a lone capitalised word opening a sentence may be any noun ("Employees")
                if " " in name or self.book.is_surname(name):
                    speaker = self.resolve(who)
                    m = Mention(speaker[0] or name, speaker[1], pos, number,
                                bool(_SPEECH_SUBJECT.match(sent)))
            self.read[j] = m
        return self.read[j]

    def antecedent(self, pronoun: str, pos: int) -> Mention | None:
        """The person a "he" or "she" at `pos` refers to: the last one named before it."""
        for m in self.named_before(pos):
            if self.sentence_no - m.sentence > 6:
                return None
            known = self.gender.get(m.name)
            if known and known != pronoun:
                continue
            return m
        return None

    def run(self, marks_of: list[list[tuple[int, int]]], last: int) -> list[Quote]:
        quotes: list[Quote] = []
        prev: tuple[int, int, Speaker] | None = None  # (paragraph index, body end, speaker)
        offset = 0
        for pi, para in enumerate(self.paragraphs[:last + 1]):
            marks = marks_of[pi]
            starts = sentence_starts(para, marks)
            spans = _spans_of(para, marks, starts)
            first_quote = marks[0][0] if marks else len(para)
            by_sentence: dict[int, tuple[Speaker, dict[str, object]]] = {}
            sent_no_base = self.sentence_no
            # subjects of the sentences before the first quote: referents of a later "he"
            self._note_subjects(para, starts, offset, 0, first_quote, sent_no_base)
            for k, sp in enumerate(spans):
                sent_start, sent_end = sp.sentence
                self.sentence_no = sent_no_base + bisect.bisect_right(starts, sp.open) - 1
                nxt_open = spans[k + 1].open if k + 1 < len(spans) else sent_end
                prev_close = spans[k - 1].close + 1 if k > 0 and \
                    spans[k - 1].sentence == sp.sentence else sent_start
                found = None
                if sp.ends_open or para[sp.close + 1:sp.close + 3].strip().startswith(("-", "—")):
                    found = _after(para, sp.close + 1, min(nxt_open, sent_end))
                    if found is None and para[sp.close + 1:].lstrip()[:1] in "-—–":
                        m = _AFTER_DASH.match(para[sp.close + 1:sent_end])
                        if m:
                            who = parse_who(_first_clause(m.group("who")), subject=False)
                            if who and who.kind == "person":
                                found = Found(who, "after", "—",
                                              (sp.close + 1, sp.close + 1 + m.end()))
                if found is None:
                    found = _before(para, prev_close, sp.open, sent_start)
                speaker, how = NOBODY, {}
                if found is not None and found.rule == "participle" and sent_start in by_sentence:
                    speaker, first_how = by_sentence[sent_start]
                    how = {"rule": "participle", "cue": found.cue, "clause": first_how.get("clause")}
                    found = None
                if found is not None and found.who.kind == "participle":
                    found = None
                if found is not None:
                    speaker, how = self._speaker_of(found, offset, para)
                if speaker[0] is None and sent_start in by_sentence:
                    speaker, first_how = by_sentence[sent_start]
                    how = {"rule": "same-sentence", "cue": first_how.get("cue"),
                           "clause": first_how.get("clause")}
                if speaker[0] is None and not para[sent_start:sp.open].strip():
                    cont = self._continuation(pi, offset + sp.open, prev)
                    if cont[0][0] is not None:
                        speaker, how = cont
                if speaker[0] is None and para[sent_start:sp.open].strip() and \
                        not _QUOTE_MARK.search(para[sent_start:sp.open]):
                    # a quoted fragment in a sentence with no speech verb: its subject's words
                    # ("Clinton supports "appropriate pay raises"")
                    who = leading_subject(para[sent_start:sp.open])
                    if who is not None and who.kind in ("person", "org"):
                        speaker = self.resolve(who)
                        how = {"rule": "subject", "cue": None,
                               "clause": [offset + sent_start, offset + sp.open]}
                if speaker[0] is not None:
                    by_sentence.setdefault(sent_start, (speaker, how))
                    self.mention(speaker, offset + sp.open, True)
                short = len(sp.text.split()) < MIN_QUOTE_WORDS or _is_title_case(sp.text)
                name, role = speaker[0], speaker[1]
                if speaker[2] == "unnamed":
                    # a description names no one: it is the role of an unnamed speaker
                    name, role = None, speaker[0]
                quotes.append(Quote(text=sp.text, speaker=name, role=role,
                                    speaker_kind=speaker[2], start=offset + sp.text_start,
                                    end=offset + sp.text_end, short=short,
                                    how=how if speaker[0] is not None or
                                    how.get("rule") == "unattributed" else None))
                if not short:
                    prev = (pi, offset + sp.close, speaker)
                # subjects between this quote and the next (or the paragraph's end)
                upto = spans[k + 1].open if k + 1 < len(spans) else len(para)
                self._note_subjects(para, starts, offset, sp.close + 1, upto, sent_no_base)
            self.sentence_no = sent_no_base + len(starts)
            offset += len(para) + 2
        return quotes

    def _note_subjects(self, para: str, starts: list[int], offset: int, lo: int, hi: int,
                       base: int) -> None:
        for n, s in enumerate(starts):
            if s < lo or s >= hi:
                continue
            end = starts[n + 1] if n + 1 < len(starts) else len(para)
            sent = para[s:min(end, hi)]
            if not sent or sent[0] in "“\"„«‘'":
                continue
            self.pending.append((offset + s, sent, base + n))

    def _speaker_of(self, found: Found, offset: int,
                    para: str) -> tuple[Speaker, dict[str, object]]:
        how: dict[str, object] = {"rule": found.rule, "cue": found.cue,
                                  "clause": [offset + found.clause[0], offset + found.clause[1]]}
        if found.who.kind == "pronoun":
            text = para[found.clause[0]:found.clause[1]]
            pronoun = "she" if re.search(r"\bshe\b", text, re.I) else "he"
            m = self.antecedent(pronoun, offset + found.clause[0])
            if m is None:
                # say why there is no speaker: the words are there, whom they mean is not
                how.update({"rule": "unattributed", "pronoun": pronoun,
                            "why": f"'{pronoun}' with no person named in the sentences before"})
                return NOBODY, how
            self.gender.setdefault(m.name, pronoun)
            how.update({"rule": "pronoun", "pronoun": pronoun, "antecedent": m.name,
                        "sentences_back": max(0, self.sentence_no - m.sentence)})
            return (m.name, m.role, "person"), how
        return self.resolve(found.who), how

    def _continuation(self, pi: int, pos: int,
                      prev: tuple[int, int, Speaker] | None) -> tuple[Speaker, dict[str, object]]:
        """A quote opening its sentence with no attribution of its own."""
        recent = next(self.named_before(pos), None)
        if prev is not None and prev[0] in (pi, pi - 1) and pos - prev[1] <= 200 and \
                prev[2][0] is not None and (recent is None or recent.pos <= prev[1]
                                            or recent.name == prev[2][0]):
            return prev[2], {"rule": "continues", "cue": None, "clause": None}
        if recent is not None and recent.speaking and pos - recent.pos <= 400 and \
                (prev is None or recent.pos > prev[1]):
            return (recent.name, recent.role, "person"), {
                "rule": "continues", "cue": None, "clause": None,
                "antecedent": recent.name, "sentences_back": self.sentence_no - recent.sentence}
        return NOBODY, {}


def speaker_search_text(q: Quote) -> str:
    """What makes a quote's speaker findable: the name, and the body or title it speaks for
    ("Kremlin spokesman"). An unnamed source is found by its generic words ("official"),
    never by the names inside its description ("... Macron's office")."""
    if q.speaker_kind == "unnamed":
        return " ".join(w for w in (q.role or "").split() if not is_name_token(w))
    if not q.speaker:
        return ""
    role = role_search_words(q.role)
    return f"{q.speaker}\n{role}" if role else q.speaker


def speakers_of(quotes: list[Quote]) -> list[str]:
    """Distinct speakers in order of first quotation."""
    seen: dict[str, None] = {}
    for q in quotes:
        if q.speaker and not q.short:
            seen.setdefault(q.speaker, None)
    return list(seen)

