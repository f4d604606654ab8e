"""Reading the words that name a quotation's speaker.

An attributing clause names its speaker in a phrase such as "Sen. Richard Blumenthal
(D-Conn.), who has pushed for ...", "Dmitry Peskov, the Kremlin's spokesman", "House Speaker
Paul Ryan in a statement" or "the Armenian foreign ministry". The phrase is read as a person
(a name, with the rest as the role), a body ("the Armenian foreign ministry"), an unnamed
source kept as its description ("an official at President Emmanuel Macron's office", never
"Macron") or a pronoun. A place or a description is never taken for a person's name; when the
phrase names nobody the answer is None.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from .fold import fold
from .language import LANG
from .records import record

ROLE_WORDS = LANG.role_words
DEMONYMS = LANG.demonyms
FUNCTION_WORDS = LANG.function_words  # capitalised, they start a sentence, not a name
ORG_WORDS = LANG.org_words  # a speaker phrase ending in one is a body, not a person
PLACES = LANG.places  # places speak as states: never a person's surname to expand
PRONOUNS = LANG.pronouns
UNRESOLVABLE = LANG.unresolvable
HONORIFICS = LANG.honorifics
PARTICLES = LANG.name_particles
HEAD_CUTS = LANG.head_cuts
ADVERBIAL_STARTS = LANG.adverbial_starts
_TITLE_WORDS = ROLE_WORDS | DEMONYMS | HONORIFICS
_ARTICLES = set(LANG.articles)
_INDEFINITE = {a for a in LANG.articles_before_nouns if a != LANG.articles[0]}
_CONJUNCTIONS = set(LANG.leading_conjunctions)
_DESCRIBING = set(LANG.describing_words)

_POSSESSIVE = re.compile(rf"{LANG.possessive}$")
_PARTY_TAG = re.compile(r"^\([A-Z][\w.]*(?:-[\w. ]+)?\)[,.;:]?$")  # "(D-Conn.)", "(R)"
_AGE = re.compile(r"^\d{1,3}[,;]?$")


@record
class Who:
    """Who a quotation is attributed to, and what kind of speaker that is."""

    speaker: str | None
    role: str | None
    kind: str  # "person", "org", "description", "pronoun"


@functools.lru_cache(maxsize=1 << 16)
def bare(token: str) -> str:
    """A token as the word lists hold it: lower case, no possessive, no edge punctuation."""
    return _POSSESSIVE.sub("", token.strip(",.;:()\"“”'’")).strip(",.;:").lower()


def is_capitalised(token: str) -> bool:
    t = token.lstrip("(\"“‘'")
    return bool(t) and t[0].isupper()


@functools.lru_cache(maxsize=1 << 16)
def is_name_token(token: str) -> bool:
    """A word that can be part of a name: capitalised ("Çelik", "O'Malley", "D."), or a
    particle ("al-", "de")."""
    t = token.strip(",;:")
    if not t:
        return False
    if t.lower() in PARTICLES or t.lower().startswith(("al-", "el-", "bin-")):
        return True
    return t[0].isupper() and any(ch.isalpha() for ch in t)


def _clean(text: str) -> str | None:
    text = text.strip(" ,;:")
    words = text.split()
    while words and words[0].lower() in _ARTICLES:
        words.pop(0)
    return " ".join(words) or None


def _split_parts(phrase: str) -> list[str]:
    """Comma parts of a phrase, keeping commas inside brackets."""
    if "(" not in phrase and "[" not in phrase:
        return [p for p in (x.strip() for x in phrase.split(",")) if p]
    parts, depth, cur = [], 0, []
    for ch in phrase:
        if ch in "([":
            depth += 1
        elif ch in ")]":
            depth = max(0, depth - 1)
        if ch == "," and depth == 0:
            parts.append("".join(cur).strip())
            cur = []
        else:
            cur.append(ch)
    parts.append("".join(cur).strip())
    return [p for p in parts if p]


@dataclass
class Head:
    """The head of a speaker phrase: its title words, its name and what follows the name."""

    role: list[str]
    name: list[str]
    tail: list[str]
    article: str | None


def _is_title(token: str) -> bool:
    return bare(token) in _TITLE_WORDS or token.rstrip(",").endswith(("'s", "’s", "s'", "s’"))


def _head_tokens(tokens: list[str]) -> tuple[list[str], list[str]]:
    """Split a part's words into its head and the rest at the first word that ends a name:
    'Stephen Vladeck of the University of Texas' -> 'Stephen Vladeck', 'of the ...'. "of"
    after title words only is part of the title ("Secretary of State John Kerry")."""
    for k, tok in enumerate(tokens):
        low = tok.lower().strip(",;:")
        if k > 0 and low in HEAD_CUTS and tok == tok.lower():
            if low == "of" and all(_is_title(t) and is_capitalised(t) for t in tokens[:k]):
                continue
            return tokens[:k], tokens[k:]
    return tokens, []


def read_head(tokens: list[str]) -> Head:
    """Split a phrase's words into title, name and tail.

    'House Speaker Paul Ryan in a statement' -> ['House', 'Speaker'], ['Paul', 'Ryan'],
    ['in', 'a', 'statement']. The name is the last run of capitalised words in the head;
    inside it the last title word ("Leader" in "Senate Minority Leader Harry M. Reid",
    "Capt." in "Navy Capt. Jeff Davis") ends the title.
    """
    article = None
    toks = list(tokens)
    if toks and toks[0].lower() in _ARTICLES:
        article = toks.pop(0).lower()
    head, tail = _head_tokens(toks)
    # party tags and generational suffixes after the name stay with it
    suffix: list[str] = []
    while head and (_PARTY_TAG.match(head[-1]) or bare(head[-1]) in _SUFFIXES):
        suffix.insert(0, head.pop())
    # the name is the last run of capitalised words not ending in a possessive
    end = len(head)
    while end > 0:
        if is_name_token(head[end - 1]) and not _POSSESSIVE.search(head[end - 1].rstrip(",")) \
                and not head[end - 1].rstrip(",").endswith(("s'", "s’")):
            break
        end -= 1
    start = end
    while start > 0 and is_name_token(head[start - 1]) and \
            (start == end or not head[start - 1].endswith(",")):
        start -= 1
    tail = head[end:] + tail
    if end < len(head):
        suffix = []
    run = head[start:end]
    role = head[:start]
    last_title = -1
    for k, tok in enumerate(run[:-1]):
        if _is_title(tok):
            last_title = k
    role += run[:last_title + 1]
    name = run[last_title + 1:]
    for tok in suffix:
        if bare(tok) in _SUFFIXES:
            name.append(tok)
        else:
            role.append(tok.rstrip(",.;:"))
    return Head(role, name, tail, article)


_SUFFIXES = {"jr", "sr", "ii", "iii", "iv"}
_COURTESY = {"mr", "mrs", "ms", "messrs", "dr", "sir", "madam", "mme", "mlle", "herr", "frau",
             "monsieur"}


def _name_text(name: list[str]) -> str:
    words = [_POSSESSIVE.sub("", t) if k == len(name) - 1 else t for k, t in enumerate(name)]
    return " ".join(words).strip(",;: ")


_CALENDAR = {*LANG.months, "monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
             "sunday", "today", "yesterday", "tonight"}


def _is_person_name(name: list[str]) -> bool:
    if not name:
        return False
    words = [bare(t) for t in name if bare(t) not in _SUFFIXES]
    if words and words[-1] in _CALENDAR:
        return False  # "Saturday", "May": a date, not a person
    if not words or all(w in _TITLE_WORDS or w in FUNCTION_WORDS for w in words):
        return False
    if len(words) == 1 and (words[0] in FUNCTION_WORDS or len(words[0]) < 2):
        return False
    return len(name) <= 6


_CLAUSE_BREAK = re.compile(rf"\s(?:{'|'.join(LANG.clause_breaks)}|after|before|since|that|"
                           r"if|as|because|though|although|until|once|what|whom|which)\s")


def _who_of_part(part: str, subject: bool = False) -> Who | None:
    """A comma part read as a speaker: person, body, description or pronoun. A subject is
    the last clause's ("Axelrod tweeted after Clinton" -> "Clinton")."""
    if subject:
        part = _CLAUSE_BREAK.split(f" {part} ")[-1].strip()
    toks = part.split()
    while toks and bare(toks[0]) in _CONJUNCTIONS:
        toks.pop(0)
    if not toks:
        return None
    low = " ".join(toks).lower().strip(",.;:")
    if low in PRONOUNS:
        return Who(None, None, "pronoun")
    if low in UNRESOLVABLE or bare(toks[0]) in _DESCRIBING or bare(toks[0]) in UNRESOLVABLE:
        return None
    if _AGE.match(toks[0]):
        return None
    head = read_head(toks)
    if head.article in _INDEFINITE and head.name and not head.tail and \
            all(t.islower() for t in head.role) and _is_person_name(head.name) and \
            bare(head.name[-1]) not in ORG_WORDS | ROLE_WORDS:
        return Who(_name_text(head.name), None, "person")  # "an angry Hollande"
    if head.article in _INDEFINITE:
        words = _until(toks[1:], _DESCRIBING)
        return Who(" ".join([toks[0], *words]).strip(" ,;:"), None, "description")
    tail_head = _until(head.tail, HEAD_CUTS)
    if head.name and tail_head and tail_head[0].islower() and bare(tail_head[0]) in ROLE_WORDS:
        phrase = _clean(" ".join([*head.role, *head.name, *tail_head]))
        if bare(tail_head[-1]) in ORG_WORDS:
            return Who(phrase, None, "org")  # "the Armenian foreign ministry"
        # "the Vermont senator", "the Kremlin spokesman": a title, its name given elsewhere
        return Who(None, phrase, "title")
    if head.name and _is_person_name(head.name):
        lowname = bare(head.name[-1])
        titled = any(bare(t) in ROLE_WORDS for t in head.role)
        if (head.article and not titled) or lowname in ORG_WORDS or \
                (lowname in PLACES and len(head.name) == 1):
            return Who(_clean(" ".join([*head.role, *head.name])), None, "org")
        # "Mr", "Dr.": a courtesy title says nothing of whom the speaker speaks for
        titles = [t for t in head.role if bare(t) not in HONORIFICS or (bare(t) in ROLE_WORDS
                  and bare(t) not in _COURTESY)]
        role = _clean(" ".join(titles)) if titles else None
        if role and (role.lower() in FUNCTION_WORDS or bare(role.split()[0]) in ADVERBIAL_STARTS):
            role = None
        tail_role = _tail_role(head.tail)
        if role and tail_role:
            role = f"{role} {tail_role}"
        return Who(_name_text(head.name), role or tail_role, "person")
    # no name: a body ("the defence ministry", "the White House")
    words = _head_tokens(toks[1:] if head.article else toks)[0]
    possessed = bool(words) and bool(_POSSESSIVE.search(words[0]))
    if (head.article or possessed) and words and \
            all(bare(w) in ROLE_WORDS | DEMONYMS or _POSSESSIVE.search(w) for w in words) and \
            bare(words[-1]) in ROLE_WORDS and bare(words[-1]) not in ORG_WORDS:
        # "the Turkish president", "Armenia's prime minister": a title waiting for its name
        return Who(None, _clean(" ".join(words)), "title")
    if words and all(bare(w) in HONORIFICS for w in words):
        return None  # "Mr.", "Sen.": a title with no name
    if words and (bare(words[-1]) in ORG_WORDS or
                  (head.name and all(_is_title(t) for t in head.name))):
        return Who(_clean(" ".join(words)), None, "org")
    return None


def _until(words: list[str], stops: set[str]) -> list[str]:
    """The words before the first of `stops`: a description up to its relative clause ("a
    resident who ..." -> "a resident"), a head up to the word that ends it."""
    for k, w in enumerate(words):
        if bare(w) in stops:
            return words[:k]
    return words


def _tail_role(tail: list[str]) -> str | None:
    """What follows a name in its part: "of Human Rights Watch" -> "Human Rights Watch"."""
    if len(tail) > 2 and bare(tail[0]) == "who" and bare(tail[1]) in ("is", "was"):
        return _clean(" ".join(_until(tail[2:], HEAD_CUTS)))  # "X who is Napa County's director"
    if not tail or bare(tail[0]) not in ("of", "from", "at"):
        return None
    return _clean(" ".join(_until(tail[1:], _DESCRIBING)))


def _is_place_continuation(parts: list[str], k: int) -> bool:
    """", Calif" after "a student from Fresno": the rest of a place, not a name."""
    if k == 0:
        return False
    toks = parts[k].split()
    prev = parts[k - 1].split()
    return 1 <= len(toks) <= 3 and all(is_name_token(t) for t in toks) and len(prev) >= 2 and \
        is_name_token(prev[-1]) and any(t in ("from", "in", "of", "at") for t in prev[-4:]) and \
        (prev[0][0].islower() or _is_apposition(parts[k - 1]))



def parse_who(phrase: str, *, subject: bool = True) -> Who | None:
    """Read the words naming a speaker; None when they do not name one.

    `subject`: the phrase is a clause's subject, read back from its verb ("In a statement,
    Trump", "Miller, a retired worker,"); otherwise it follows an inverted verb and runs on
    ("Sen. X (D-Conn.), who ...", "a spokesman for the campaign, Jason Miller").
    """
    p = re.sub(r"\s+", " ", phrase).strip(" ,;:")
    if not p:
        return None
    parts = _split_parts(p)
    if subject:
        last = bare(p.split()[-1])
        if last in PRONOUNS:  # the word before the verb is its subject: "what it called"
            return Who(None, None, "pronoun")
        if last in UNRESOLVABLE:
            return None
        return _subject_who(parts)
    return _forward_who(parts)


def _subject_who(parts: list[str]) -> Who | None:
    """The subject is the comma part nearest its verb, past appositions and ages."""
    k = len(parts) - 1
    if all(bare(t) in _CONJUNCTIONS | FUNCTION_WORDS for t in parts[k].split()):
        return None  # "X said ..., but added": the subject is the first verb's
    while k >= 0:
        part = parts[k]
        if _AGE.match(part) or _PARTY_PART.match(part) or _is_place_continuation(parts, k) or \
                (k > 0 and _is_insert(part)):
            k -= 1
            continue
        own = _who_of_part(part, subject=True)
        if own is not None and bare(part.split()[0]) in _APPOSITION_STARTS:
            own = None  # "both Republicans", "one of the stars": describes the name before
        if k > 0 and _is_apposition(part) and not (own is not None and own.kind == "person"):
            # "Miller, a retired worker, said" / "X, executive director of Y, said"
            name = _name_before(parts, k)
            if name is not None:
                return Who(name.speaker, name.role or _role_text(part), name.kind)
        who = _who_of_part(part, subject=True)
        if who is None or who.kind == "title" or (who.kind == "description" and k > 0
                                                  and _name_before(parts, k) is not None):
            return None
        if who.kind == "person" and who.role is None and k > 0:
            before = _who_of_part(parts[k - 1])
            if before is not None and before.kind == "title":
                return Who(who.speaker, before.role, "person")  # "the Turkish president, X"
        return who
    return None


def _role_text(part: str) -> str | None:
    words = _until(part.split(), _DESCRIBING)
    while words and bare(words[0]) in _APPOSITION_STARTS - {"one", "both", "another"}:
        words.pop(0)
    return _clean(" ".join(words))


def _name_before(parts: list[str], k: int) -> Who | None:
    """The name an apposition at part k describes: the nearest part before it naming one."""
    for j in range(k - 1, -1, -1):
        if _AGE.match(parts[j]) or _PARTY_PART.match(parts[j]) or \
                _is_place_continuation(parts, j) or _is_insert(parts[j]):
            continue
        who = _who_of_part(parts[j], subject=True)
        if who is not None and who.kind == "person":
            return who
        if parts[j].split()[0][0].islower():
            if _is_apposition(parts[j]):
                continue
            return None
        if who is not None and who.kind in ("person", "org"):
            return who
        if not _is_apposition(parts[j]):
            return None
    return None


_PARTY_PART = re.compile(r"^\(?[RDI]-[A-Z][\w.]*\)?$")  # "Mitch McConnell, R-Ky., said"



def _is_apposition(part: str) -> bool:
    """A part that describes the name before it: "the chairman for ...", "executive director
    of ...", "Sanders' campaign manager", "now a partner at ...", "who ..."."""
    toks = part.split()
    if not toks:
        return False
    first = bare(toks[0])
    if first in _ARTICLES or first in _APPOSITION_STARTS or first in _DESCRIBING:
        return True
    if toks[0][0].islower() and first not in PARTICLES | FUNCTION_WORDS | HEAD_CUTS | _CONJUNCTIONS:
        return True  # "playing the 74-year-old Sanders on ...", "executive director of ..."
    return bool(_POSSESSIVE.search(toks[0]) or toks[0].endswith(("s'", "s’"))) and \
        any(bare(t) in ROLE_WORDS for t in toks[1:5])


_APPOSITION_STARTS = {"one", "now", "then", "also", "himself", "herself", "both", "another"}
# a part opening with one of these is an insert between a subject and its verb ("Clinton,
# during a town hall in Columbus, Ohio, said"; "Harry Bond, 30, of Raleigh, N.C., said")
_INSERT_STARTS = {"of", "from", "during", "at", "in", "on", "after", "before", "while", "when",
                  "speaking", "asked", "like", "unlike", "with", "without", "for", "as"}


def _is_insert(part: str) -> bool:
    toks = part.split()
    return bool(toks) and toks[0].islower() and toks[0] in _INSERT_STARTS


def _forward_who(parts: list[str]) -> Who | None:
    """After an inverted verb the speaker comes first; the parts after it describe it."""
    who = _who_of_part(parts[0])
    if who is None:
        return None
    if who.kind in ("description", "title") and len(parts) > 1:
        # "a spokesman for the campaign, Jason Miller" / "the Turkish president, Erdoğan"
        nxt = _who_of_part(parts[1])
        if nxt and nxt.kind == "person" and _looks_like_name_only(parts[1]):
            return Who(nxt.speaker, _clean(parts[0]) if who.kind == "description"
                       else who.role, "person")
    if who.kind == "title":
        return None
    if who.kind == "person" and who.role is None and len(parts) > 1:
        role = _role_after(parts[1:])
        if role:
            return Who(who.speaker, role, "person")
    return who


def _looks_like_name_only(part: str) -> bool:
    toks = part.split()
    return 1 <= len(toks) <= 5 and all(is_name_token(t) for t in toks)


def _role_after(parts: list[str]) -> str | None:
    """The apposition after a name: "Dmitry Peskov, the Kremlin's spokesman" -> role."""
    for part in parts:
        if _AGE.match(part):
            continue
        toks = part.split()
        if len(toks) > 2 and bare(toks[0]) == "who" and bare(toks[1]) in ("is", "was"):
            return _role_text(" ".join(toks[2:]))  # "X, who is the county's director"
        if not _is_apposition(part) or bare(toks[0]) in _DESCRIBING:
            return None
        return _role_text(part)
    return None


def leading_subject(text: str) -> Who | None:
    """The subject a sentence opens with, past its adverbial lead-ins: "In a statement
    released Thursday, Rep. Hakeem Jeffries (D-N.Y.) reacted ..." -> Hakeem Jeffries. It is
    the words up to the first one that is neither a name nor a title (the verb, mostly)."""
    text = text.strip()
    for _ in range(3):  # lead-ins: "In a statement released Thursday, ..."
        first = text.split(None, 1)[0] if text else ""
        comma = text.find(",")
        if comma == -1 or bare(first) not in ADVERBIAL_STARTS:
            break
        text = text[comma + 1:].lstrip()
    if not text or (not is_name_token(text.split(None, 1)[0]) and \
            text.split(None, 1)[0].lower() not in _ARTICLES):
        return None
    parts = _split_parts(" ".join(text.split()[:40]))
    if not parts:
        return None
    toks = parts[0].split()
    while toks and bare(toks[0]) in _CONJUNCTIONS | {"then", "also", "later", "now"}:
        toks.pop(0)
    np: list[str] = []
    for k, tok in enumerate(toks):
        if (k == 0 and tok.lower() in _ARTICLES) or is_name_token(tok) or _PARTY_TAG.match(tok) \
                or bare(tok) in ROLE_WORDS | DEMONYMS:
            np.append(tok)
            continue
        break
    if not np or (len(np) == len(toks) and len(parts) == 1):
        return None  # no verb after it: not a clause's subject
    who = parse_who(" ".join(np), subject=False)
    if who is None:
        return None
    if who.kind == "person" and len(parts) > 1 and len(np) == len(toks):
        role = _role_after(parts[1:])  # "Jeff Weaver, Sanders' campaign manager, said"
        if role:
            return Who(who.speaker, who.role or role, who.kind)
    return who


# --- names the article gives in full --------------------------------------------------------

@functools.cache
def _candidate_run() -> re.Pattern[str]:
    """Two or more capitalised words in a row (built on first use: every upper-case letter
    of the Basic Multilingual Plane, so "Əliyev" and "İlham" count)."""
    upper = "".join(re.escape(chr(c)) for c in range(0x10000) if chr(c).isupper())
    word = rf"[{upper}][^\s]*"
    return re.compile(rf"{word}(?:\s+(?:(?:{'|'.join(sorted(PARTICLES))})\s+)*{word})+")


def _capitalised_runs(text: str) -> list[list[str]]:
    """Runs of two or more consecutive name words ("Turkish President Recep Tayyip Erdogan")."""
    runs: list[list[str]] = []
    for m in _candidate_run().finditer(text):
        runs += _runs_of(m.group().split())
    return runs


def _runs_of(tokens: list[str]) -> list[list[str]]:
    runs: list[list[str]] = []
    cur: list[str] = []
    for tok in tokens:
        if is_name_token(tok) and not tok.startswith(("“", '"', "(", "‘")):
            cur.append(tok)
            if tok.endswith((",", ".", ";", ":", "”", '"', ")")) and not \
                    (tok.endswith(".") and len(tok.rstrip(".")) <= 4):
                if len(cur) >= 2:
                    runs.append(cur)
                cur = []
            continue
        if len(cur) >= 2:
            runs.append(cur)
        cur = []
    if len(cur) >= 2:
        runs.append(cur)
    return runs


class NameBook:
    """Full names (and titles) an article gives, so 'Erdogan' can become 'Recep Tayyip Erdogan'.

    The article's runs of capitalised words are filed by their last word; a surname's runs
    are read only when a speaker needs them."""

    def __init__(self, texts: list[str]) -> None:
        self._runs: dict[str, list[list[str]]] = {}
        seen: set[tuple[str, ...]] = set()
        for text in texts:
            for toks in _capitalised_runs(text):
                toks = [t.strip(",.;:”\")") if k == len(toks) - 1 else t
                        for k, t in enumerate(toks)]
                if tuple(toks) not in seen:  # a name an article repeats is read once
                    seen.add(tuple(toks))
                    self._runs.setdefault(bare(toks[-1]), []).append(toks)
        self._full: dict[str, set[str]] = {}
        self._roles: dict[str, str] = {}

    def full_names(self, surname: str) -> set[str]:
        """The full names the article gives ending in `surname` ("Erdogan")."""
        key = bare(surname)
        if key not in self._full:
            names: set[str] = set()
            if key not in PLACES and key not in ORG_WORDS and key not in _SUFFIXES:
                for toks in self._runs.get(key, ()):
                    self._read_run(toks, names)
            # a name given with and without a middle initial is one name
            if len(names) > 1:
                plain = {n for n in names if not any(w.endswith(".") for w in n.split()[1:-1])}
                if len({(n.split()[0], n.split()[-1]) for n in names}) == 1 and plain:
                    names = {min(plain, key=len)}
            self._full[key] = names
        return self._full[key]

    def _read_run(self, toks: list[str], names: set[str]) -> None:
        head = read_head(toks)
        run = [_POSSESSIVE.sub("", t) for t in head.name]
        while run and bare(run[0]) in FUNCTION_WORDS:
            run.pop(0)
        if len(run) < 2 or len(run) > 4 or run[-1].endswith(".") or bare(run[-1]) != bare(toks[-1]):
            return
        full = " ".join(run)
        names.add(full)
        role = [t for t in head.role if bare(t) not in FUNCTION_WORDS]
        if role and all(_is_title(h) for h in role):
            self._roles.setdefault(full, " ".join(role))

    def expand(self, name: str) -> str:
        if " " in name:
            return name
        options = self.full_names(name)
        return next(iter(options)) if len(options) == 1 else name

    def is_surname(self, name: str) -> bool:
        """Whether the article gives `name` as the surname of a full name."""
        return bool(self.full_names(name))

    def role_of(self, name: str) -> str | None:
        self.full_names(name.split()[-1])
        return self._roles.get(name)


# --- one speaker across articles ------------------------------------------------------------

_KEY_WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")


def speaker_key(name: str | None) -> str | None:
    """One speaker whatever the spelling: "Ömer Çelik" and "Omer Celik" -> "omer celik";
    titles go ("Mr. Aliyev" -> "aliyev"). None for no speaker."""
    if not name:
        return None
    words = [w for w in _KEY_WORD.findall(fold(name).lower().replace("’", "'"))
             if w not in HONORIFICS]
    return " ".join(words) or None


def role_search_words(role: str | None) -> str:
    """The words of a role that name whom a speaker speaks for, so `--speaker Kremlin` finds
    the "Kremlin spokesman": the title before any "of"/"for"/"to", without a person's
    possessive ("spokesman for Erdoğan's party" never makes Erdoğan the speaker)."""
    if not role:
        return ""
    out = []
    for tok in role.split():
        low = bare(tok)
        if low in HEAD_CUTS or tok.endswith(","):
            if not tok.endswith(","):
                break
            out.append(tok.rstrip(","))
            break
        if _POSSESSIVE.search(tok) and low not in PLACES | ORG_WORDS:
            continue  # "Erdoğan's": a person the speaker serves, not the speaker
        out.append(_POSSESSIVE.sub("", tok))
    return " ".join(out)
