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
from collections.abc import Callable
from dataclasses import field
from typing import Any

from kcsearch.index.language import LANG
from kcsearch.index.model import Quote
from kcsearch.index.records import record
from kcsearch.index.speakers import speaker_key

from .attribution import attribute, find_disputes
from .figures import Figure, extract_figures, format_value
from .snippets import merge_spans, occurrences, sentences

Token = tuple[str, int, int]
Tokenise = Callable[[str], list[Token]]

MIN_COVERAGE = 0.45  # share of the claim's weight a sentence must cover to count as evidence
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


@record
class FigureHit:
    """A figure one source gives on the claim's subject, with who gives it."""

    value: float
    text: str
    counts: str
    concept: str | None
    reported_by: str  # who gives it: the attributed source, else the outlet
    outlet: str | None
    date: dt.date | None
    id: str
    sentence: str
    matches_claim: bool

    def to_dict(self) -> dict[str, Any]:
        return {"value": self.value, "text": self.text, "counts": self.counts,
                "concept": self.concept, "reported_by": self.reported_by, "outlet": self.outlet,
                "date": self.date.isoformat() if self.date else None, "id": self.id,
                "matches_claim": self.matches_claim}


@record
class FigureGroup:
    """The figures given for one thing (deaths, fighters), and whether sources disagree."""

    concept: str
    figures: tuple[FigureHit, ...]
    disagree: bool  # sources give different values for the same thing
    claim_value: float | None

    def to_dict(self) -> dict[str, Any]:
        return {"concept": self.concept, "claim_value": self.claim_value,
                "disagree": self.disagree, "figures": [f.to_dict() for f in self.figures]}


@record
class DisputeHit:
    """A sentence where someone denies or disputes what the claim says."""

    who: str | None
    trigger: str
    sentence: str
    outlet: str | None
    date: dt.date | None
    id: str

    def to_dict(self) -> dict[str, Any]:
        return {"who": self.who, "who_key": speaker_key(self.who), "trigger": self.trigger,
                "sentence": self.sentence,
                "outlet": self.outlet, "date": self.date.isoformat() if self.date else None,
                "id": self.id}


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

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "kind": self.kind, "speaker": self.speaker,
                "speaker_key": speaker_key(self.speaker), "role": self.role,
                "coverage": round(self.coverage, 3),
                "highlights": [list(h) for h in self.highlights],
                "figures": [{"value": f.value, "text": f.text, "counts": f.counts,
                             "concept": f.concept, "partial": f.partial} for f in self.figures]}


@record
class EvidenceGroup:
    """The sentences of one article that bear most on the claim, in the article's order."""

    id: str
    title: str
    outlet: str | None
    date: dt.date | None
    sentences: tuple[EvidenceSentence, ...]
    names: tuple[str, ...] = ()  # how this article spells the claim's alias-group names
    corrected: bool = False  # the article carries a correction: read it before citing

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "title": self.title, "outlet": self.outlet,
                "date": self.date.isoformat() if self.date else None,
                "sentences": [s.to_dict() for s in self.sentences], "names": list(self.names),
                "corrected": self.corrected}


@record
class CheckResult:
    """What a check returns: evidence by article, the figures given, and the denials."""

    claim: str
    terms: tuple[str, ...]
    groups: tuple[EvidenceGroup, ...]
    figures: tuple[FigureGroup, ...]
    disputes: tuple[DisputeHit, ...]
    notices: tuple[str, ...] = field(default=())

    @property
    def total(self) -> int:
        return sum(len(g.sentences) for g in self.groups)

    def to_dict(self) -> dict[str, Any]:
        return {"claim": self.claim, "terms": list(self.terms), "total": self.total,
                "articles": [g.to_dict() for g in self.groups],
                "figures": [f.to_dict() for f in self.figures],
                "disputes": [d.to_dict() for d in self.disputes]}


Members = Callable[[tuple[str, ...]], list[tuple[str, ...]]]


def claim_terms(claim: str, tokenise: Tokenise, alias_members: Members,
                idf: Callable[[str], float]) -> list[ClaimTerm]:
    """Weighted terms of a claim; alias names (up to three words) count as one term."""
    toks = tokenise(claim)
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
            terms.append(ClaimTerm(text, alts, weight))
        else:  # "death toll": two words, one thing to find
            old = terms[same]
            terms[same] = ClaimTerm(f"{old.text} {text}", alts, max(old.weight, weight))
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
                       ) -> tuple[list[tuple[int, int]], list[int]] | None:
    """The body's sentences, and the indices of those that may hold `need` claim terms; None
    when no sentence can. Without `words_in` every sentence is read.

    Analysing every word of every candidate body dominated a check, so the claim words are
    found first (words_in, e.g. schema.surface_words) and only sentences holding words of
    enough different terms are analysed (bench/README.md: "Check reads few sentences")."""
    if words_in is None:
        present = {key(t) for t, _s, _e in tokenise(body)}
        if sum(any(a[0] in present for a in t.alternatives) for t in terms) < need:
            return None
        bounds = sentences(body)
        return bounds, list(range(len(bounds)))
    found = {w: starts[tokenise(w)[0][0]] for w in words_in(body, set(starts))}
    if len(set().union(*found.values())) < need:
        return None
    bounds = sentences(body)
    # only the sentences where a found word starts can hold one
    firsts = [s for s, _e in bounds]
    held = sorted({bisect.bisect_right(firsts, p) - 1 for w in found for p in occurrences(body, w)})
    return bounds, [si for si in held
                    if si >= 0 and _terms_in(body[bounds[si][0]:bounds[si][1]], found) >= need]


def _terms_in(sentence: str, found: dict[str, set[int]]) -> int:
    """How many different claim terms the found words in `sentence` may begin."""
    return len(set().union(*(tis for w, tis in found.items() if w in sentence)))


def find_evidence(claim: str, terms: list[ClaimTerm], articles: list[ArticleText],
                  tokenise: Tokenise, words_in: WordsIn | None = None) -> CheckResult:
    total_weight = sum(t.weight for t in terms) or 1.0
    need = min(2, len(terms))
    starts = _starts(terms)
    claim_figures = [f for f in extract_figures(claim) if f.concept]
    groups: list[tuple[float, EvidenceGroup]] = []
    figure_hits: list[FigureHit] = []
    disputes: dict[tuple[str, int, str], DisputeHit] = {}
    for art in articles:
        to_read = _sentences_to_read(art.body, terms, starts, need, tokenise, words_in)
        if to_read is None:
            continue  # no sentence can hold enough of the claim
        bounds, read = to_read
        evidence: list[tuple[int, EvidenceSentence]] = []
        spellings: dict[int, list[str]] = {}  # sentence index -> alias names as written
        for si in read:
            s, e = bounds[si]
            stoks = [(key(t), a + s, b + s) for t, a, b in tokenise(art.body[s:e])]
            hits = _covered(terms, [t[0] for t in stoks])
            matched = {h[0] for h in hits}
            coverage = sum(terms[i].weight for i in matched) / total_weight
            if coverage < MIN_COVERAGE or len(matched) < need:
                continue
            text = art.body[s:e]
            who = attribute(text, s, art.quotes)
            spans = merge_spans([(stoks[a][1] - s, stoks[b - 1][2] - s) for _t, a, b in hits], text)
            spellings[si] = [art.body[stoks[a][1]:stoks[b - 1][2]] for t, a, b in hits
                             if len(terms[t].alternatives) > 1]
            figs = tuple(extract_figures(text))
            evidence.append((si, EvidenceSentence(text, who.kind, who.who, who.role, coverage,
                                                  tuple(spans), figs)))
        if not evidence:
            continue
        evidence.sort(key=lambda x: -x[1].coverage)
        kept = sorted(evidence[:MAX_SENTENCES_PER_ARTICLE], key=lambda x: x[0])
        for _si, ev in kept:
            for f in ev.figures:
                if f.partial or f.concept is None:
                    continue
                figure_hits.append(FigureHit(
                    value=f.value, text=f.text, counts=f.counts, concept=f.concept,
                    reported_by=ev.speaker or art.outlet or "the article", outlet=art.outlet,
                    date=art.date, id=art.id, sentence=ev.text,
                    matches_claim=any(c.concept == f.concept and c.value == f.value
                                      for c in claim_figures)))
        near = {j for si, _ in kept
                for j in range(si - DISPUTE_WINDOW, si + DISPUTE_WINDOW + 1)}
        for j in sorted(near):
            if 0 <= j < len(bounds):
                s, e = bounds[j]
                for d in find_disputes(art.body[s:e], s, art.quotes):
                    disputes.setdefault((art.id, s + d.start, d.trigger), DisputeHit(
                        d.who, d.trigger, art.body[s:e], art.outlet, art.date, art.id))
        best = max(x[1].coverage for x in kept)
        names = tuple(dict.fromkeys(n for si, _ in kept for n in spellings.get(si, [])))
        groups.append((best, EvidenceGroup(art.id, art.title, art.outlet, art.date,
                                           tuple(x[1] for x in kept), names, art.corrected)))
    groups.sort(key=lambda g: (-round(g[0], 3), g[1].date or dt.date.max, g[1].id))
    return CheckResult(claim, tuple(t.text for t in terms), tuple(g for _b, g in groups),
                       tuple(compare_figures(figure_hits, claim_figures)), tuple(disputes.values()))


def compare_figures(hits: list[FigureHit], claim_figures: list[Figure]) -> list[FigureGroup]:
    """Figures by what they count; the claim's own concepts first."""
    by_concept: dict[str, list[FigureHit]] = {}
    for h in hits:
        by_concept.setdefault(h.concept or "other", []).append(h)
    claim_concepts = [f.concept for f in claim_figures if f.concept]
    order = sorted(by_concept, key=lambda c: (c not in claim_concepts, c))
    out = []
    for concept in order:
        figs = sorted(by_concept[concept], key=lambda h: (h.date or dt.date.max, h.outlet or "", h.value))
        claim_value = next((f.value for f in claim_figures if f.concept == concept), None)
        out.append(FigureGroup(concept, tuple(figs), len({f.value for f in figs}) > 1, claim_value))
    return out


def figure_label(h: FigureHit) -> str:
    return f"{h.text} {h.counts}".strip() if h.counts else h.text


__all__ = ["CheckResult", "ClaimTerm", "DisputeHit", "EvidenceGroup", "EvidenceSentence",
           "FigureGroup", "FigureHit", "claim_terms", "find_evidence", "format_value"]
