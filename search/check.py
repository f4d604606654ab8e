"""The fact-check lookup: which sentences bear on a claim, who says them, the figures each
source gives, and who disputes it. Evidence, never a verdict.

1. The claim becomes weighted terms: rare words weigh more (IDF from the index), figures and
   names more still; each term may be met by any spelling in its alias group and by simple
   equivalents (Syrian/Syria, sent/send, killed/dead/death).
2. Every sentence of the candidate articles is scored by the share of the claim's weight it
   covers; sentences above MIN_COVERAGE are evidence.
3. Each evidence sentence is classified (quote / reported / statement, attribution.py), its
   figures read (figures.py); sentences near it are searched for denials.
4. Figures about the same thing (deaths, fighters, ...) are laid side by side, and flagged
   when sources disagree.

Plain data in and out; the engine only supplies candidate articles and term rarity.
"""

from __future__ import annotations

import bisect
import datetime as dt
import math
import re
from collections.abc import Callable
from dataclasses import field, replace
from typing import Any

from kcsearch.index.language import LANG
from kcsearch.index.model import Quote
from kcsearch.index.records import record
from kcsearch.index.speakers import speaker_key

from .attribution import attribute, disputer, find_disputes
from .figures import Figure, clause_of, compare, extract_figures, format_value, same_scope
from .results import AlsoCarried
from .snippets import merge_spans, occurrences, sentences

Token = tuple[str, int, int]
Tokenise = Callable[[str], list[Token]]

MIN_COVERAGE = 0.45  # share of the claim's weight a sentence must cover to count as evidence
# ... and a sentence giving no figure of the kind the claim gives (deaths, a year) must cover this
FIGURELESS_COVERAGE = 0.7
DISPUTE_WINDOW = 3  # sentences either side of evidence searched for denials
NUMBER_WEIGHT, NAME_WEIGHT = 2.0, 1.5
MAX_SENTENCES_PER_ARTICLE = 6

STOP = LANG.check_stop_terms  # analysed words that carry no claim content
EQUIVALENTS = LANG.equivalents  # analysed forms a claim counts as the same word


def key(term: str) -> str:
    return EQUIVALENTS.get(term, term)


@record
class ClaimTerm:
    """A word of the claim and the analysed forms that count as it, weighted by rarity."""

    text: str  # as written in the claim
    alternatives: tuple[tuple[str, ...], ...]  # analysed forms that satisfy it (alias group)
    weight: float
    figure: bool = False  # part of a figure ("1998", "about", "Sept"): compared, not looked for
    name: bool = False  # a capitalised name (an actor, a place): a sentence without it differs


@record(many=True)
class ArticleText:
    """What the engine hands over per candidate article."""

    id: str
    title: str
    outlet: str | None
    date: dt.date | None
    body: str
    quotes: tuple[Quote, ...]
    corrected: bool = False  # the article carries a correction or an editor's note
    cluster: str | None = None  # its story cluster: articles of one story are one source
    url: str | None = None


@record
class FigureHit:
    """A figure one source gives on the claim's subject, with who gives it and how it compares
    with the claim's figure of the same scope."""

    value: float
    text: str
    counts: str
    concept: str | None  # the scope label: "deaths · military · Armenia", "year", "percent"
    reported_by: str  # who gives it: the attributed source, else the outlet
    outlet: str | None
    date: dt.date | None
    id: str
    sentence: str
    matches_claim: bool  # verdict "="
    verdict: str | None = None  # "=", "≠" or "~" against the claim; None: no claim figure here
    why: str = ""  # why "~" where the numbers alone would say "=" ("does not name Russia")
    also: tuple[AlsoCarried, ...] = ()  # the same story's other articles, giving the same figure
    low: float = 0.0  # the values its hedge allows ("about 30": 27 to 33)
    high: float = 0.0
    url: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"value": self.value, "text": self.text, "counts": self.counts,
                "concept": self.concept, "reported_by": self.reported_by, "outlet": self.outlet,
                "date": self.date.isoformat() if self.date else None, "id": self.id,
                "matches_claim": self.matches_claim, "verdict": self.verdict, "why": self.why,
                "interval": [_finite(self.low), _finite(self.high)], "url": self.url,
                "also_carried_by": [c.to_dict() for c in self.also]}


def _finite(x: float) -> float | None:
    return x if math.isfinite(x) else None  # JSON has no infinity: an open end is null


@record
class FigureGroup:
    """The figures given for one thing (deaths of one side's soldiers, a year), and whether
    sources disagree: with each other, counted once per story."""

    concept: str  # the scope label
    figures: tuple[FigureHit, ...]
    disagree: bool  # sources give different values for the same thing
    claim_value: float | None  # the claim's figure of this scope, if it gives one
    claim_text: str | None = None  # as the claim writes it: "10,000 Syrian mercenaries"

    def to_dict(self) -> dict[str, Any]:
        return {"concept": self.concept, "claim_value": self.claim_value,
                "claim_text": self.claim_text, "disagree": self.disagree,
                "figures": [f.to_dict() for f in self.figures]}


@record
class DisputeHit:
    """A sentence where someone denies or disputes what the claim says, and what it denies."""

    who: str | None
    trigger: str
    sentence: str
    outlet: str | None
    date: dt.date | None
    id: str
    denies: str = ""  # the words denied: the claim's content this denial is about
    url: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"who": self.who, "who_key": speaker_key(self.who), "trigger": self.trigger,
                "denies": self.denies, "sentence": self.sentence,
                "outlet": self.outlet, "date": self.date.isoformat() if self.date else None,
                "id": self.id, "url": self.url}


@record
class EvidenceSentence:
    """A sentence bearing on the claim, with who says it and how much of the claim it covers."""

    text: str
    kind: str  # "statement", "quote" or "reported"
    speaker: str | None  # the quote's speaker or the attributed source
    role: str | None
    coverage: float
    highlights: tuple[tuple[int, int], ...]
    figures: tuple[Figure, ...]
    missing: tuple[str, ...] = ()  # the claim's words this sentence does not hold

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "kind": self.kind, "speaker": self.speaker,
                "speaker_key": speaker_key(self.speaker), "role": self.role,
                "coverage": round(self.coverage, 3),
                "highlights": [list(h) for h in self.highlights], "missing": list(self.missing),
                "figures": [{"value": f.value, "text": f.text, "kind": f.kind, "counts": f.counts,
                             "concept": f.scope, "partial": f.partial} for f in self.figures]}


@record
class EvidenceGroup:
    """The sentences of one article that bear most on the claim, in the article's order; the
    other articles of its story are listed as carriers, not as more sources."""

    id: str
    title: str
    outlet: str | None
    date: dt.date | None
    sentences: tuple[EvidenceSentence, ...]
    names: tuple[str, ...] = ()  # how this article spells the claim's alias-group names
    corrected: bool = False  # the article carries a correction: read it before citing
    also: tuple[AlsoCarried, ...] = ()  # the same story's other articles bearing on the claim
    url: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "title": self.title, "outlet": self.outlet, "url": self.url,
                "date": self.date.isoformat() if self.date else None,
                "sentences": [s.to_dict() for s in self.sentences], "names": list(self.names),
                "corrected": self.corrected, "also_carried_by": [c.to_dict() for c in self.also]}


@record
class CheckResult:
    """What a check returns: evidence by story, the figures given, and the denials."""

    claim: str
    terms: tuple[str, ...]
    groups: tuple[EvidenceGroup, ...]
    figures: tuple[FigureGroup, ...]
    disputes: tuple[DisputeHit, ...]
    notices: tuple[str, ...] = field(default=())
    unnamed: tuple[str, ...] = ()  # names in the claim that no evidence sentence holds

    @property
    def total(self) -> int:
        return sum(len(g.sentences) for g in self.groups)

    @property
    def differs(self) -> bool:
        """Sources give a figure of the claim's scope that cannot be the claim's."""
        return any(f.verdict == "≠" for g in self.figures for f in g.figures)

    def tally(self) -> dict[str, int]:
        """A line of a batch summary: stories and sentences of evidence, the figures of the
        claim's scope that match it, differ from it or are consistent with it (each story's
        figure once), and the denials."""
        verdicts = [f.verdict for g in self.figures for f in g.figures]
        return {"stories": len(self.groups), "sentences": self.total,
                "figures_matching": verdicts.count("="), "figures_differing": verdicts.count("≠"),
                "figures_consistent": verdicts.count("~"), "disputes": len(self.disputes)}

    def to_dict(self) -> dict[str, Any]:
        return {"claim": self.claim, "terms": list(self.terms), "total": self.total,
                "sources_differ_from_claim": self.differs, "unnamed": list(self.unnamed),
                "articles": [g.to_dict() for g in self.groups],
                "figures": [f.to_dict() for f in self.figures],
                "disputes": [d.to_dict() for d in self.disputes]}


Members = Callable[[tuple[str, ...]], list[tuple[str, ...]]]


def claim_terms(claim: str, tokenise: Tokenise, alias_members: Members,
                idf: Callable[[str], float]) -> list[ClaimTerm]:
    """Weighted terms of a claim; alias names (up to three words) count as one term. Words of
    the claim's figures are marked: evidence is found on what the claim is about, and its
    figures are then compared, so a wrong number never hides the sentences with the right one."""
    toks = tokenise(claim)
    spans = [(f.start, f.end) for f in extract_figures(claim)]
    terms: list[ClaimTerm] = []
    i = 0
    while i < len(toks):
        for n in (3, 2, 1):
            words = tuple(t[0] for t in toks[i:i + n])
            if len(words) < n:
                continue
            members = alias_members(words)
            if n == 1 or members != [words]:
                break
        text = claim[toks[i][1]:toks[i + n - 1][2]]
        in_figure = any(a <= toks[i][1] < b for a, b in spans)
        i += n
        if n == 1 and (words[0] in STOP or (len(words[0]) < 2 and not words[0].isdigit())):
            continue
        alts = tuple(tuple(key(w) for w in m) for m in members)
        weight = max(sum(idf(w) for w in m) / len(m) for m in members)
        if words[0].replace(".", "").isdigit():
            weight *= NUMBER_WEIGHT
        elif text[:1].isupper():
            weight *= NAME_WEIGHT
        same = next((k for k, t in enumerate(terms) if t.alternatives == alts), None)
        if same is None:
            terms.append(ClaimTerm(text, alts, weight, in_figure,
                                   text[:1].isupper() and not in_figure))
        else:  # "death toll": two words, one thing to find
            old = terms[same]
            terms[same] = ClaimTerm(f"{old.text} {text}", alts, max(old.weight, weight),
                                    old.figure and in_figure, old.name)
    return terms


def _covered(terms: list[ClaimTerm], words: list[str]) -> list[tuple[int, int, int]]:
    """(term index, first token, last token + 1) for each occurrence of a claim term."""
    found = []
    present = set(words)  # most sentences hold few claim words: skip the others at once
    for ti, term in enumerate(terms):
        for alt in term.alternatives:
            if alt[0] not in present:
                continue
            n = len(alt)
            for i in range(len(words) - n + 1):
                if words[i] == alt[0] and tuple(words[i:i + n]) == alt:
                    found.append((ti, i, i + n))
    return found


WordsIn = Callable[[str, set[str]], set[str]]


def _starts(terms: list[ClaimTerm]) -> dict[str, set[int]]:
    """Each analysed form (before key()) that can begin a claim term: which terms it begins."""
    out: dict[str, set[int]] = {}
    for ti, t in enumerate(terms):
        for alt in t.alternatives:
            for form in (alt[0], *(k for k, v in EQUIVALENTS.items() if v == alt[0])):
                out.setdefault(form, set()).add(ti)
    return out


def _sentences_to_read(body: str, terms: list[ClaimTerm], starts: dict[str, set[int]], need: int,
                       tokenise: Tokenise, words_in: WordsIn | None
                       ) -> tuple[list[tuple[int, int]], list[int], dict[str, set[int]] | None] | None:
    """The body's sentences, the indices of those that may hold `need` claim terms, and the
    claim's words found in the body (word -> the terms it may begin); None when no sentence
    can. Without `words_in` every sentence is read (and no words are given).

    Analysing every word of every candidate body dominated a check, so the claim words are
    found first (words_in, e.g. schema.surface_words) and only sentences holding words of
    enough different terms are analysed (bench/README.md: "Check reads few sentences")."""
    if words_in is None:
        present = {key(t) for t, _s, _e in tokenise(body)}
        if sum(any(a[0] in present for a in t.alternatives) for t in terms) < need:
            return None
        bounds = sentences(body)
        return bounds, list(range(len(bounds))), None
    found = {w: starts[tokenise(w)[0][0]] for w in words_in(body, set(starts))}
    if len(set().union(*found.values())) < need:
        return None
    bounds = sentences(body)
    # only the sentences where a found word starts can hold one
    firsts = [s for s, _e in bounds]
    held = sorted({bisect.bisect_right(firsts, p) - 1 for w in found for p in occurrences(body, w)})
    return bounds, [si for si in held
                    if si >= 0 and _terms_in(body[bounds[si][0]:bounds[si][1]], found) >= need], found


def _terms_in(sentence: str, found: dict[str, set[int]]) -> int:
    """How many different claim terms the found words in `sentence` may begin."""
    return len(set().union(*(tis for w, tis in found.items() if w in sentence)))


def find_evidence(claim: str, terms: list[ClaimTerm], articles: list[ArticleText],
                  tokenise: Tokenise, words_in: WordsIn | None = None) -> CheckResult:
    """Evidence for a claim in the candidate articles: sentences covering enough of what the
    claim is about (its figures left out), their sources and figures, and relevant denials."""
    subject = [t for t in terms if not t.figure] or terms
    figure_terms = [t for t in terms if t not in subject]  # highlighted where the numbers agree
    weight = sum(t.weight for t in subject) or 1.0
    need = min(2, len(subject))
    starts = _starts(subject)
    claim_figures = [f for f in extract_figures(claim)
                     if not f.partial and (f.kind != "count" or f.concept)]
    names = [i for i, t in enumerate(subject) if t.name]
    found: list[tuple[float, ArticleText, EvidenceGroup]] = []
    hits: list[tuple[ArticleText, FigureHit]] = []
    disputes: list[tuple[ArticleText, DisputeHit]] = []
    named: set[int] = set()
    # in text of another language a word is the claim's only as the claim writes it: its
    # English equivalents ("die" for "death") are not read there
    own = {t for t, _a, _b in tokenise(claim)} | {w for t in terms for alt in t.alternatives for w in alt}

    def claim_words_only(term: str) -> str:
        return key(term) if term in own else term

    for art in articles:
        to_read = _sentences_to_read(art.body, subject, starts, need, tokenise, words_in)
        if to_read is None:
            continue  # no sentence can hold enough of the claim
        bounds, read, found_words = to_read
        english = LANG.reads(art.body)
        keyed = key if english else claim_words_only
        evidence: list[tuple[int, EvidenceSentence, set[int]]] = []
        spellings: dict[int, list[str]] = {}  # sentence index -> alias names as written
        for si in read:
            s, e = bounds[si]
            stoks = [(keyed(t), a + s, b + s) for t, a, b in tokenise(art.body[s:e])]
            covered = _covered(subject, [t[0] for t in stoks])
            matched = {h[0] for h in covered}
            coverage = sum(subject[i].weight for i in matched) / weight
            if coverage < MIN_COVERAGE or len(matched) < need:
                continue
            text = art.body[s:e]
            figs = tuple(extract_figures(text, art.date, english))
            if claim_figures and coverage < FIGURELESS_COVERAGE and not any(
                    _same_kind(c, f) for c in claim_figures for f in figs):
                continue  # the claim gives a figure: a sentence giving none must say more of it
            who = attribute(text, s, art.quotes)
            shown = covered + _covered(figure_terms, [t[0] for t in stoks]) if figure_terms else covered
            spans = merge_spans([(stoks[a][1] - s, stoks[b - 1][2] - s) for _t, a, b in shown], text)
            spellings[si] = [art.body[stoks[a][1]:stoks[b - 1][2]] for t, a, b in covered
                             if len(subject[t].alternatives) > 1]
            missing = tuple(t.text for i, t in enumerate(subject) if i not in matched)
            evidence.append((si, EvidenceSentence(text, who.kind, who.who, who.role, coverage,
                                                  tuple(spans), figs, missing), matched))
        if not evidence:
            continue
        evidence.sort(key=lambda x: -x[1].coverage)
        kept = sorted(evidence[:MAX_SENTENCES_PER_ARTICLE], key=lambda x: x[0])
        for _si, ev, matched in kept:
            named |= matched
            lacks = [subject[i].text for i in names if i not in matched]
            for f in ev.figures:
                hit = _figure_hit(f, ev, art, claim_figures, lacks, subject, tokenise, keyed)
                if hit is not None:
                    hits.append((art, hit))
        evidence_at = {si: ev for si, ev, _m in kept}
        near = {j for si in evidence_at for j in range(si - DISPUTE_WINDOW, si + DISPUTE_WINDOW + 1)}
        before: list[DisputeHit] = []  # the relevant denials of the sentence before
        todo = sorted(j for j in near if 0 <= j < len(bounds))
        while todo:
            j = todo.pop(0)
            found_here = _relevant_disputes(art, bounds, j, evidence_at, subject, need, tokenise,
                                            keyed, before, found_words)
            disputes += [(art, d) for d in found_here]
            before = found_here
            if found_here and j + 1 < len(bounds) and (not todo or todo[0] != j + 1):
                todo.insert(0, j + 1)  # a denial may go on in the next sentence
            elif not todo or todo[0] != j + 1:
                before = []
        best = max(x[1].coverage for x in kept)
        spelled = tuple(dict.fromkeys(n for si, _ev, _m in kept for n in spellings.get(si, [])))
        found.append((best, art, EvidenceGroup(art.id, art.title, art.outlet, art.date,
                                               tuple(x[1] for x in kept), spelled, art.corrected,
                                               url=art.url)))
    groups = _one_per_story(found)
    unnamed = tuple(subject[i].text for i in names if i not in named) if groups else ()
    return CheckResult(claim, tuple(t.text for t in terms), groups,
                       tuple(compare_figures(_one_figure_per_story(hits), claim_figures)),
                       _one_dispute_per_story(disputes), (), unnamed)


def _same_kind(a: Figure, b: Figure) -> bool:
    """One kind of figure, and for counts one thing counted (of whatever population or side)."""
    return a.kind == b.kind and (a.kind != "count" or a.concept == b.concept)


def _figure_hit(f: Figure, ev: EvidenceSentence, art: ArticleText, claim_figures: list[Figure],
                lacks: list[str], subject: list[ClaimTerm], tokenise: Tokenise,
                keyed: Callable[[str], str]) -> FigureHit | None:
    """A figure of an evidence sentence as the check lists it: compared with the claim's figure
    of the same scope, or listed apart; None for a figure that says nothing here (a part of a
    total, a count of nothing read, a year or date of another clause)."""
    if f.partial or (f.kind == "count" and f.concept is None):
        return None
    if claim_figures and not any(_same_kind(c, f) for c in claim_figures):
        return None  # the claim gives deaths: its evidence's counts of fighters are not listed
    if f.kind != "count":
        if not any(c.kind == f.kind for c in claim_figures):
            return None  # years, dates, amounts: listed when the claim gives one
        clause = {keyed(t) for t, _a, _b in tokenise(clause_of(ev.text, f))}
        if not any(a[0] in clause for t in subject for a in t.alternatives):
            return None  # "A war began in the early 1990s" is not when the ceasefire was signed
    mine = next((c for c in claim_figures if same_scope(c, f)), None)
    verdict = compare(mine, f) if mine is not None else None
    why = ""
    if verdict == "≠" and mine is not None and mine.kind == "count" and mine.side is None and (
            mine.concept in LANG.casualty_concepts):
        # "six civilians" and "two civilian deaths" of unsaid sides may count two sides' dead
        verdict, why = "~", "neither says whose; may count another side"
    if verdict == "=" and lacks:
        verdict, why = "~", f"the sentence does not name {', '.join(lacks)}"
    return FigureHit(value=f.value, text=f.text, counts=f.counts if f.kind == "count" else "",
                     concept=f.scope, reported_by=ev.speaker or art.outlet or "the article",
                     outlet=art.outlet, date=art.date, id=art.id, sentence=ev.text,
                     matches_claim=verdict == "=", verdict=verdict, why=why, low=f.low, high=f.high,
                     url=art.url)


_ANAPHORIC = re.compile(LANG.denied_reference, re.I)


def _relevant_disputes(art: ArticleText, bounds: list[tuple[int, int]], j: int,
                       evidence_at: dict[int, EvidenceSentence], subject: list[ClaimTerm], need: int,
                       tokenise: Tokenise, keyed: Callable[[str], str],
                       before: list[DisputeHit],
                       found_words: dict[str, set[int]] | None = None) -> list[DisputeHit]:
    """The denials in sentence j that deny what the claim says, each with what it denies:
    - "denied the claims" (and nothing after): the evidence sentence just before;
    - the same person's denial going on in the next sentence (`before`: the relevant denials
      of sentence j - 1): what they denied there ('"... producing lies," he tweeted');
    - "a claim Baku described as nonsense", "described the claims that ... as lies": the
      sentence up to the denial;
    - "denied the group had sent mercenaries": the words after the denial.
    Listed only where what is denied holds enough of the claim."""
    s, e = bounds[j]
    text = art.body[s:e]

    beside = j in evidence_at or j - 1 in evidence_at
    toks: list[Token] = []
    # no claim word in the sentence at all (the body's found words say so without analysing it)
    none_held = found_words is not None and _terms_in(text, found_words) == 0
    if none_held and not before and j - 1 not in evidence_at:
        return []  # nothing here can deny the claim: no claim word, nothing to point back to

    def holds_claim(lo: int, hi: int) -> bool:
        """Whether text[lo:hi] holds enough of the claim: `need` of its words, or beside the
        evidence one of its names ("denied the report that Jabrayil had fallen" after the
        claim's Jabrayil sentence). The sentence is analysed once, when first asked."""
        if none_held:
            return False
        if not toks:
            toks.extend((keyed(t), a, b) for t, a, b in tokenise(text))
        held = {h[0] for h in _covered(subject, [t for t, a, b in toks if a >= lo and b <= hi])}
        return len(held) >= need or (beside and any(subject[i].name for i in held))

    out = []
    for d in find_disputes(text, s, art.quotes, who=False):
        after = text[d.end:]
        back = _ANAPHORIC.match(after.strip(" “”\"'’"))
        pointers = list(_ANAPHORIC.finditer(text, 0, d.start))
        if back and not _CONTENT_AFTER.match(after.strip(" “”\"'’")[back.end():]):
            if j - 1 not in evidence_at:
                continue  # denies something said before that is not the claim
            denied = evidence_at[j - 1].text
        elif pointers and holds_claim(0, d.start):
            # "the claims that Turkey had dispatched ... as “lies”": what follows the noun;
            # "..., a claim Baku described as “nonsense”": what precedes it
            at = pointers[-1].start()
            said = re.split(r"\s+as\s+[“\"‘']|\s*[“\"‘']+$", text[at:d.start])[0]
            denied = said if holds_claim(at, at + len(said)) else text[:at].rstrip(" –—-,")
        elif holds_claim(d.end, len(text)):
            denied = after.strip(" ,.")
        elif before and (going_on := next((b for b in before if _same_person(
                b.who, disputer(text, s, art.quotes, d))), None)) is not None:
            denied = going_on.denies
        else:
            continue
        out.append(DisputeHit(disputer(text, s, art.quotes, d), d.trigger, text, art.outlet, art.date,
                              art.id, denied, art.url))
    return out


def _same_person(a: str | None, b: str | None) -> bool:
    """'Ömer Çelik' and 'Ömer Çelik, a spokesman for ...': one speaker named two ways."""
    ka, kb = speaker_key(a), speaker_key(b)
    return bool(ka and kb) and (ka == kb or ka.startswith(kb + " ") or kb.startswith(ka + " "))


_CONTENT_AFTER = re.compile(r"\s*(?:that|of|about|which)\b", re.I)


def _story(art: ArticleText) -> str:
    return art.cluster or art.id


def _first_carrier(arts: list[ArticleText]) -> ArticleText:
    """The story's article to show: the earliest (the original), then by id."""
    return min(arts, key=lambda a: (a.date or dt.date.max, a.id))


def _one_per_story(found: list[tuple[float, ArticleText, EvidenceGroup]]) -> tuple[EvidenceGroup, ...]:
    """One evidence group per story: its earliest article's, the others listed as carriers."""
    stories: dict[str, list[tuple[float, ArticleText, EvidenceGroup]]] = {}
    for item in found:
        stories.setdefault(_story(item[1]), []).append(item)
    out = []
    for items in stories.values():
        first = _first_carrier([a for _b, a, _g in items])
        best = max(b for b, _a, _g in items)
        group = next(g for _b, a, g in items if a is first)
        also = tuple(AlsoCarried(a.id, a.outlet, a.date) for _b, a, _g in
                     sorted(items, key=lambda x: (x[1].date or dt.date.max, x[1].id)) if a is not first)
        out.append((best, replace(group, also=also)))
    out.sort(key=lambda g: (-round(g[0], 3), g[1].date or dt.date.max, g[1].id))
    return tuple(g for _b, g in out)


def _one_figure_per_story(hits: list[tuple[ArticleText, FigureHit]]) -> list[FigureHit]:
    """A figure a story gives once, however many of its articles carry it."""
    by: dict[tuple[str, str | None, float], list[tuple[ArticleText, FigureHit]]] = {}
    for art, h in hits:
        by.setdefault((_story(art), h.concept, h.value), []).append((art, h))
    out = []
    for items in by.values():
        first = _first_carrier([a for a, _h in items])
        hit = next(h for a, h in items if a is first)
        also = tuple(dict.fromkeys(AlsoCarried(a.id, a.outlet, a.date)
                                   for a, _h in items if a is not first))
        out.append(replace(hit, also=also))
    return out


def _one_dispute_per_story(disputes: list[tuple[ArticleText, DisputeHit]]) -> tuple[DisputeHit, ...]:
    """A denial a story reports once (by who denies and the word), from its earliest article."""
    by: dict[tuple[str, str | None, str], list[tuple[ArticleText, DisputeHit]]] = {}
    for art, d in disputes:
        by.setdefault((_story(art), d.who, d.trigger.lower()), []).append((art, d))
    out = []
    for items in by.values():
        first = _first_carrier([a for a, _d in items])
        out.append(next(d for a, d in items if a is first))
    return tuple(out)


def compare_figures(hits: list[FigureHit], claim_figures: list[Figure]) -> list[FigureGroup]:
    """Figures by scope, the claim's own scopes first. Sources disagree where stories (not
    articles: a story's carriers count once) give different values of one scope."""
    by_scope: dict[str, list[FigureHit]] = {}
    for h in hits:
        by_scope.setdefault(h.concept or "other", []).append(h)
    claim_scopes = [f.scope for f in claim_figures]
    order = sorted(by_scope, key=lambda c: (c not in claim_scopes, c))
    out = []
    for scope in order:
        figs = sorted(by_scope[scope], key=lambda h: (h.date or dt.date.max, h.outlet or "", h.value))
        mine = next((f for f in claim_figures if f.scope == scope), None)
        out.append(FigureGroup(scope, tuple(figs), _disagree(figs, scope),
                               mine.value if mine else None, mine.label() if mine else None))
    return out


def _disagree(figs: list[FigureHit], scope: str) -> bool:
    """Two stories give values of one scope that cannot both hold ("about 30" and 59). Not
    said of casualties whose population or side is unread: two counts of "civilian deaths"
    may count two sides' dead."""
    parts = scope.split(" · ")
    if parts[0] in LANG.casualty_concepts and len(parts) < 3:
        return False
    return any(a.high < b.low or b.high < a.low for i, a in enumerate(figs) for b in figs[i + 1:])


def figure_label(h: FigureHit) -> str:
    return f"{h.text} {h.counts}".strip() if h.counts else h.text


__all__ = ["CheckResult", "ClaimTerm", "DisputeHit", "EvidenceGroup", "EvidenceSentence",
           "FigureGroup", "FigureHit", "claim_terms", "find_evidence", "format_value"]
