"""Figures in a sentence: the number, its hedge ("about", "at least"), what it counts, and
whether it is only part of a total ("28 more ... bringing the toll to 59").

What a figure counts is read from the words around it and mapped to a concept (deaths,
wounded, fighters, ...), so "59 dead", "a death toll of 59" and "59 killed" compare as the
same thing while "about 200 wounded" does not. Years, dates, times and distances are not
figures. Pure text in, plain data out.
"""

from __future__ import annotations

import re

from kcsearch.index.language import LANG
from kcsearch.index.records import record

CONCEPTS = LANG.concepts  # concept -> word stems that signal it near a number, in order

HEDGES = LANG.hedges
NUMBER_WORDS = LANG.number_words
SCALE = LANG.scale
WINDOW_BEFORE, WINDOW_AFTER = 45, 70  # characters of context read for the concept

_NUM = re.compile(
    r"(?<![\w.,/-])(?P<num>\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)"
    rf"(?:\s*(?P<scale>{'|'.join(SCALE)}))?"
    rf"(?P<unit>\s*(?:{'|'.join(LANG.figure_units)}))?"
    r"|(?<![\w-])(?P<word>" + "|".join(sorted(NUMBER_WORDS, key=len, reverse=True)) + r")(?![\w-])",
    re.I)
_MONTHS = rf"(?:{'|'.join(LANG.month_stems)})[a-z]*"
_DATE_CONTEXT = re.compile(rf"(?:{_MONTHS}\.?\s+$)|(?:^\s*{_MONTHS})", re.I)
_INCREMENT_AFTER = re.compile(rf"^\s*(?:{'|'.join(LANG.increment_words)})\b", re.I)
_SPACE = r"\s+"
_TOTAL_TO = re.compile(
    rf"\b(?:{'|'.join(LANG.total_verbs)})\b"
    rf"[^.;]{{0,90}}?\b{LANG.to_word}\s+(?:{'|'.join(w + _SPACE for w in LANG.total_hedges)})?"
    r"(\d{1,3}(?:,\d{3})+|\d+)", re.I)


@record
class Figure:
    """A number in a sentence with its hedge and what it counts."""

    value: float
    text: str  # as written, with its hedge: "about 4,000"
    hedge: str | None
    counts: str  # the words saying what it counts: "Syrian militia forces"
    concept: str | None  # "deaths", "fighters", ...
    partial: bool  # not a total: "28 more", 28 in "... bringing the total to 59", a breakdown
    start: int  # offsets of `text` in the sentence
    end: int


def _hedge_before(sentence: str, start: int) -> tuple[str | None, int]:
    before = sentence[:start].lower()
    for h in sorted(HEDGES, key=len, reverse=True):
        if before.rstrip().endswith(h) and (len(before.rstrip()) == len(h)
                                           or not before.rstrip()[-len(h) - 1].isalnum()):
            pos = len(before.rstrip()) - len(h)
            return sentence[pos:pos + len(h)], pos
    return None, start


def _counted_words(sentence: str, end: int) -> str:
    """The few words after a number saying what it counts ("of its soldiers", "Syrian militia")."""
    rest = sentence[end:]
    m = re.match(r"\s*(?:more\s+|additional\s+)?(?:of\s+(?:its|the|their|his|her)\s+)?"
                 r"((?:[\w'’-]+\s*){1,4})", rest)
    if not m:
        return ""
    words = []
    for w in m.group(1).split():
        if w.lower() in ("had", "have", "has", "were", "was", "are", "is", "from", "in", "to",
                         "into", "on", "at", "and", "since", "who", "that", "of", "with",
                         "including", "bringing", "taking", "died", "killed", "said"):
            break
        words.append(w.strip(",.;:"))
    return " ".join(words)


def _population(sentence: str, start: int, end: int, counts: str) -> str:
    """' (civilians)' or ' (incl. civilians)' when the figure says whose deaths it counts."""
    after = sentence[end:end + 50].lower()
    if re.match(r"\s*(?:people\s+)?including\b", after) and "civilian" in after:
        return " (incl. civilians)"  # "68 including nine civilian deaths": a total of both
    before = " ".join(sentence[:start].split()[-3:]).lower()
    if "civilian" in counts.lower() or "civilian" in before:
        return " (civilians)"
    return ""


def _concept(context: str) -> str | None:
    low = context.lower()
    for concept, stems in CONCEPTS:
        if any(re.search(rf"\b{re.escape(s)}", low) for s in stems):
            return concept
    return None


def _is_year(value: float, raw: str, sentence: str, start: int, end: int) -> bool:
    if "," in raw or "." in raw or not 1900 <= value <= 2100:
        return False
    before = sentence[max(0, start - 12):start].lower()
    after = sentence[end:end + 3]
    # "since 2016", "in 1994", "the 2020 clashes", "1990s" - not "2020 people"
    return bool(re.search(r"(?:since|in|of|until|by|from|the|early|late|mid|april|july|"
                          r"september|during|before|after)\s*$", before)) or after.startswith("s") or \
        not re.match(r"\s+(?:people|soldiers|troops|civilians|fighters|mercenaries|dead)", sentence[end:])


def extract_figures(sentence: str) -> list[Figure]:
    totals = {m.group(1).replace(",", "") for m in _TOTAL_TO.finditer(sentence)}
    out: list[Figure] = []
    for m in _NUM.finditer(sentence):
        if m.group("unit") and m.group("unit").strip():
            continue  # percentages, distances, ages: not counts of people or things
        if m.group("word"):
            raw = m.group("word")
            value = float(NUMBER_WORDS[raw.lower()])
        else:
            raw = m.group("num")
            value = float(raw.replace(",", ""))
            if m.group("scale"):
                value *= SCALE[m.group("scale").lower()]
        start, end = m.start(), m.end()
        if m.group("num") and (_is_year(value, raw, sentence, start, end)
                               or _DATE_CONTEXT.search(sentence[max(0, start - 10):start])
                               or (_DATE_CONTEXT.search(sentence[end:end + 10]) and value <= 31)):
            continue
        hedge, hstart = _hedge_before(sentence, start)
        counts = _counted_words(sentence, end)
        context = sentence[max(0, hstart - WINDOW_BEFORE):min(len(sentence), end + WINDOW_AFTER)]
        number = raw.replace(",", "")
        partial = bool(_INCREMENT_AFTER.match(sentence[end:])) or bool(
            totals and number not in totals)
        concept = _concept(context)
        if concept == "deaths":
            concept += _population(sentence, hstart, end, counts)
        out.append(Figure(value=value, text=sentence[hstart:m.end()].strip(), hedge=hedge,
                          counts=counts, concept=concept, partial=partial,
                          start=hstart, end=m.end()))
    return out


def format_value(value: float) -> str:
    return f"{int(value):,}" if value == int(value) else f"{value:,}"
