"""Figures in a sentence, and whether two figures say the same.

A figure is a count ("about 4,000 Syrian militia forces"), a year ("in 1994", "the early
1990s"), a date ("Sept 19", "on Tuesday" resolved against the article's date), a percentage or
an amount of money, with its hedge read as an interval: "about N" is [0.9N, 1.1N], "at least
N" is [N, ...), "fewer than N" is [0, N). A count has a scope: what it counts (deaths,
wounded, displaced, fighters, ...: the signal word nearest to it in its own clause), and for
casualties whose people (military or civilian) and which side ("Armenia's military death
toll"). Figures are compared only within one kind and scope (`same_scope`), and `compare`
says "=" only where one figure is the other, "≠" where their intervals do not meet, and "~"
where they meet without being the same ("at least 28" and 59).

English word lists (index/english.py) read only English text: in another language a figure
keeps its number and kind but never a concept. Pure text in, plain data out.
"""

from __future__ import annotations

import calendar
import datetime as dt
import math
import re
from dataclasses import replace

from kcsearch.index.language import LANG
from kcsearch.index.records import record

CONCEPTS = LANG.concepts  # concept -> word stems that signal it near a number, in order

HEDGES = LANG.hedges
NUMBER_WORDS = LANG.number_words
SCALE = LANG.scale
WINDOW_BEFORE, WINDOW_AFTER = 45, 70  # characters of a figure's clause read for its concept
ABOUT = 0.1  # "about N" stands for N give or take a tenth


def _alternatives(words: object) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))  # type: ignore[arg-type]


_NUM = re.compile(
    rf"(?P<cur>(?:{_alternatives(LANG.currency_before)})\s?)?"
    r"(?<![\w.,/-])(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)(?P<decade>s\b)?"
    rf"(?:\s*(?P<scale>{'|'.join(SCALE)}|bn|m)\b)?"
    rf"(?P<pct>\s*(?:{_alternatives(LANG.percent_units)}))?"
    rf"(?P<curafter>\s+(?:{_alternatives(LANG.currency_after)})\b)?"
    rf"(?P<unit>\s*(?:{'|'.join(LANG.figure_units)}))?"
    r"|(?<![\w-])(?P<word>" + _alternatives(NUMBER_WORDS) + r")(?![\w-])",
    re.I)
_MONTHS = rf"(?:{'|'.join(LANG.month_stems)})[a-z]*\.?"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_DATE = re.compile(
    rf"\b(?P<m1>{_MONTHS})\s+{_DAY}\b(?:,?\s+{_YEAR}\b)?"
    rf"|\b(?P<day2>[0-3]?\d)(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<m2>{_MONTHS})(?:,?\s+(?P<year2>(?:19|20)\d\d))?\b"
    r"|\b(?P<iso>(?:19|20)\d\d-[01]\d-[0-3]\d)\b"
    rf"|\b(?P<weekday>{'|'.join(LANG.weekdays)})\b",
    re.I)
_INCREMENT_AFTER = re.compile(rf"^\s*(?:{'|'.join(LANG.increment_words)})\b", re.I)
_SPACE = r"\s+"
_TOTAL_TO = re.compile(
    rf"\b(?:{'|'.join(LANG.total_verbs)})\b"
    rf"[^.;]{{0,90}}?\b{LANG.to_word}\s+(?:{'|'.join(w + _SPACE for w in LANG.total_hedges)})?"
    r"(\d{1,3}(?:,\d{3})+|\d+)", re.I)
_HAS_DIGIT = re.compile(r"\d")
_RANGE = re.compile(r"^\s*(?:-|–|—|to|and)\s*(?P<hi>\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)\b", re.I)
# where a figure's clause ends (not at brackets: "on Tuesday (Sept 19)" is one clause)
_CLAUSE_END = re.compile(rf"[,;:–—]|\s[-]\s|\b(?:{'|'.join(LANG.clause_splits)})\b", re.I)
# where the words after a figure stop saying whose it is: "27 people dying in Karabakh"
_SIDE_STOP = re.compile(r"\b(?:in|at|on|near|inside|within|across|to|into|over|under|around|"
                        r"against|with|by|since|during|after|before)\b", re.I)
_SIDE = re.compile(rf"\b(?:{_alternatives(LANG.sides)})(?:['’]s)?\b", re.I)
_BOTH_SIDES = re.compile(rf"\b(?:{_alternatives(LANG.both_sides)})\b", re.I)


@record
class Figure:
    """A number in a sentence: its kind, value and hedge, and for a count what it counts."""

    value: float  # the number as written (a year; a date as its ordinal, or month*100+day)
    text: str  # as written, with its hedge: "about 4,000"
    hedge: str | None
    counts: str  # the words saying what it counts: "Syrian militia forces"
    concept: str | None  # "deaths", "fighters", ... (counts only; None when not read)
    partial: bool  # not a total: "28 more", 28 in "... bringing the total to 59", a breakdown
    start: int  # offsets of `text` in the sentence
    end: int
    kind: str = "count"  # "count", "year", "date", "percent" or "money"
    low: float = 0.0  # the interval the hedge gives (a decade, a range, "at least")
    high: float = 0.0
    population: str | None = None  # "military" or "civilians", for casualty counts
    side: str | None = None  # whose: "Armenia", ... or "all sides"
    unit: str | None = None  # money's currency; "md" for a date without its year

    @property
    def scope(self) -> str:
        """What the figure is compared within: "deaths · military · Armenia", "year", "USD"."""
        if self.kind != "count":
            return {"money": f"money ({self.unit})", "date": "date"}.get(self.kind, self.kind)
        return " · ".join(p for p in (self.concept, self.population, self.side) if p)

    def label(self) -> str:
        return f"{self.text} {self.counts}".strip() if self.counts and self.kind == "count" else self.text


def same_scope(a: Figure, b: Figure) -> bool:
    """Whether two figures count the same thing: one kind, and for counts one concept,
    population and side (a figure that leaves one unsaid is another scope, never a match)."""
    if a.kind != b.kind:
        return False
    if a.kind == "count":
        return a.concept is not None and (a.concept, a.population, a.side) == (
            b.concept, b.population, b.side)
    if a.kind == "money":
        return a.unit == b.unit
    return True


def compare(claim: Figure, other: Figure) -> str:
    """"=" where `other` gives the claim's figure, "≠" where it cannot be it (the intervals do
    not meet), "~" where they meet without being one figure ("at least 28" and 59)."""
    a_low, a_high, b_low, b_high = claim.low, claim.high, other.low, other.high
    if claim.kind == "date" and "md" in (claim.unit, other.unit):  # a date without its year
        a_low = a_high = _month_day(claim)
        b_low = b_high = _month_day(other)
    if a_high < b_low or b_high < a_low:
        return "≠"
    point_a, point_b = a_low == a_high, b_low == b_high
    if point_a and point_b:
        return "="
    about_a = claim.hedge is not None and LANG.hedge_intervals.get(claim.hedge.lower()) == "about"
    about_b = other.hedge is not None and LANG.hedge_intervals.get(other.hedge.lower()) == "about"
    if (about_b and (point_a or about_a) and b_low <= claim.value <= b_high) or (
            about_a and point_b and a_low <= other.value <= a_high):
        return "="  # "about 4,000" gives 4,000
    return "~"


def _month_day(f: Figure) -> float:
    if f.unit == "md":
        return f.value
    d = dt.date.fromordinal(int(f.value))
    return d.month * 100 + d.day


def _hedge_before(sentence: str, start: int) -> tuple[str | None, int]:
    before = sentence[:start].lower()
    for h in sorted(HEDGES, key=len, reverse=True):
        if before.rstrip().endswith(h) and (len(before.rstrip()) == len(h)
                                           or not before.rstrip()[-len(h) - 1].isalnum()):
            pos = len(before.rstrip()) - len(h)
            return sentence[pos:pos + len(h)], pos
    return None, start


def interval(value: float, hedge: str | None) -> tuple[float, float]:
    """The values a hedged figure stands for."""
    how = LANG.hedge_intervals.get(hedge.lower()) if hedge else None
    step = 1 if value == int(value) else value * 1e-9
    return {
        "about": (value * (1 - ABOUT), value * (1 + ABOUT)),
        "nearly": (value * (1 - ABOUT), value),
        "at least": (value, math.inf),
        "more than": (value + step, math.inf),
        "up to": (0.0, value),
        "fewer than": (0.0, value - step),
    }.get(how or "", (value, value))


_COUNT_STOPS = frozenset({"had", "have", "has", "were", "was", "are", "is", "in", "to", "into", "on",
                          "at", "and", "since", "who", "that", "with", "including", "bringing",
                          "taking", "died", "killed", "said", "as", "by", "for", "while"})


def _counted_words(sentence: str, end: int) -> str:
    """The few words after a number saying what it counts ("of its soldiers", "Syrian militia")."""
    rest = sentence[end:]
    m = re.match(r"\s*(?:more\s+|additional\s+)?(?:of\s+(?:its|the|their|his|her)\s+)?"
                 r"((?:[\w'’-]+\s*){1,4})", rest)
    if not m:
        return ""
    words = []
    for w in m.group(1).split():
        if w.lower() in _COUNT_STOPS or w.lower() in ("of", "from"):
            break
        words.append(w.strip(",.;:"))
    return " ".join(words)


def _clause(sentence: str, start: int, end: int) -> tuple[int, int]:
    """Where the clause holding sentence[start:end] starts and ends: at punctuation or a
    conjunction ("at least 27 people dying and 200 getting injured")."""
    lo = max(0, start - WINDOW_BEFORE)
    hi = min(len(sentence), end + WINDOW_AFTER)
    before = list(_CLAUSE_END.finditer(sentence, lo, start))
    after = _CLAUSE_END.search(sentence, end, hi)
    # "bringing the toll to 59", "the total ... to 59": a total's clause reaches back over "to"
    return (before[-1].end() if before else lo), (after.start() if after else hi)


def clause_of(sentence: str, f: Figure) -> str:
    """The words of the clause a figure stands in: what it is said of."""
    s, e = _clause(sentence, f.start, f.end)
    return sentence[s:e]


def _concept(sentence: str, start: int, end: int, c_start: int, c_end: int) -> str | None:
    """What a count counts: the event word nearest it in its clause ("27 people dying" counts
    deaths), else what it counts ("150,000 people")."""
    events = tuple((c, stems) for c, stems in CONCEPTS if c != "people")
    return (_nearest(sentence, start, end, c_start, c_end, events)
            or _nearest(sentence, start, end, c_start, c_end, tuple(c for c in CONCEPTS if c[0] == "people")))


def _nearest(sentence: str, start: int, end: int, c_start: int, c_end: int,
             table: tuple[tuple[str, tuple[str, ...]], ...]) -> str | None:
    """The entry of `table` whose word is nearest the figure within its clause (a word after it
    wins a tie: "59 dead"); a word of the figure's clause only."""
    low = sentence.lower()
    best: tuple[int, int, str] | None = None
    for name, stems in table:
        for stem in stems:
            for m in re.finditer(rf"\b{re.escape(stem)}", low[c_start:c_end]):
                pos = c_start + m.start()
                dist, after = (pos - end, 0) if pos >= end else (start - (pos + len(stem)), 1)
                if dist >= 0 and (best is None or (dist, after) < best[:2]):
                    best = (dist, after, name)
    return best[2] if best else None


def _side(sentence: str, start: int, end: int, c_start: int, c_end: int,
          before_too: bool = True) -> str | None:
    """Whose people a figure counts: a country word in the five words after it and before a
    place's preposition ("members of Armenian forces", "mercenaries from Syria", not "people
    live in Nagorno-Karabakh"), else (for casualties) the nearest before it
    in its clause ("Armenia's military death toll to 59"); "both sides" counts all. Fighters
    take theirs from after only: in "Turkey sent 4,000 mercenaries" Turkey is the sender."""
    if _BOTH_SIDES.search(sentence, c_start, c_end):
        return "all sides"
    after = re.match(r"(?:\W*[\w'’-]+){0,5}", sentence[end:c_end])
    stop = end + (after.end() if after else 0)
    cut = _SIDE_STOP.search(sentence, end, stop)
    found = _SIDE.search(sentence, end, cut.start() if cut else stop)
    if found is None and before_too:
        # before it, only a word that qualifies the count ("Armenia's military death toll",
        # "Armenian"), not a country that speaks ("Azerbaijan said six civilians ...")
        # "Armenia said about 30 of its soldiers": "its" is the country that speaks
        owner = re.match(r"\s*(?:more\s+)?of\s+its\b", sentence[end:])
        before = [m for m in _SIDE.finditer(sentence, 0 if owner else c_start, start)
                  if owner or m.group(0).lower() not in LANG.side_names]
        found = before[-1] if before else None
    return LANG.sides[re.sub(r"['’]s$", "", found.group(0).lower())] if found else None


def _years(sentence: str, m: re.Match[str], value: float) -> tuple[float, float]:
    if not m.group("decade"):
        return value, value
    before = sentence[max(0, m.start() - 12):m.start()].lower().split()
    part = LANG.decade_parts.get(before[-1] if before else "", (0, 9))
    return value + part[0], value + part[1]


def _is_year(value: float, raw: str, sentence: str, start: int, end: int) -> bool:
    if "," in raw or "." in raw or not 1900 <= value <= 2100:
        return False
    before = sentence[max(0, start - 12):start].lower()
    after = sentence[end:end + 3]
    # "since 2016", "in 1994", "the 2020 clashes", "1990s" - not "2020 people"
    return bool(re.search(r"(?:since|in|of|until|by|from|the|early|late|mid|april|july|"
                          r"september|during|before|after)\s*$", before)) or after.startswith("s") or \
        not re.match(r"\s+(?:people|soldiers|troops|civilians|fighters|mercenaries|dead)", sentence[end:])


def _dates(sentence: str, on: dt.date | None) -> list[Figure]:
    """Full and partial dates: "September 27, 2020", "Sept 19" (its year from the article's
    date, else compared by month and day), "Tuesday" (the last one on or before `on`)."""
    out = []
    for m in _DATE.finditer(sentence):
        if m.group("weekday"):
            if on is None:
                continue  # a weekday alone names no day without the article's date
            back = (on.weekday() - LANG.weekdays[m.group("weekday").lower()]) % 7
            day = on - dt.timedelta(days=back)
            out.append(_date_figure(sentence, m, day, "ymd"))
            continue
        if m.group("iso"):
            try:
                day = dt.date.fromisoformat(m.group("iso"))
            except ValueError:
                continue
            out.append(_date_figure(sentence, m, day, "ymd"))
            continue
        month_word = (m.group("m1") or m.group("m2")).lower().rstrip(".")
        month = next((n for k, n in LANG.months.items() if month_word.startswith(k)), None)
        day_n = int(m.group("day") or m.group("day2"))
        year_s = m.group("year") or m.group("year2")
        if month is None or not 1 <= day_n <= 31:
            continue
        year = int(year_s) if year_s else (on.year if on else None)
        if year is None:
            out.append(Figure(value=month * 100 + day_n, text=m.group(0), hedge=None, counts="",
                              concept=None, partial=False, start=m.start(), end=m.end(),
                              kind="date", low=month * 100 + day_n, high=month * 100 + day_n,
                              unit="md"))
            continue
        if day_n > calendar.monthrange(year, month)[1]:
            continue
        out.append(_date_figure(sentence, m, dt.date(year, month, day_n), "ymd"))
    return out


def _date_figure(sentence: str, m: re.Match[str], day: dt.date, unit: str) -> Figure:
    n = float(day.toordinal())
    return Figure(value=n, text=m.group(0), hedge=None, counts="", concept=None, partial=False,
                  start=m.start(), end=m.end(), kind="date", low=n, high=n, unit=unit)


def extract_figures(sentence: str, on: dt.date | None = None, english: bool = True) -> list[Figure]:
    """The figures of a sentence; `on` is the article's date (for "Tuesday" and a date without
    its year), `english` whether the English word lists may read the sentence."""
    dates = _dates(sentence, on) if on is not None or _HAS_DIGIT.search(sentence) else []
    taken = [(d.start, d.end) for d in dates]
    totals = {m.group(1).replace(",", "") for m in _TOTAL_TO.finditer(sentence)} if english else set()
    out: list[Figure] = list(dates)
    for m in _NUM.finditer(sentence):
        if out and out[-1].kind != "date" and m.start() < out[-1].end:
            continue  # the second number of a range: "between 2,000 and 4,000"
        if m.group("word") and not english:
            continue
        if any(s <= m.start() < e for s, e in taken):
            continue
        if m.group("unit") and m.group("unit").strip() and not m.group("pct"):
            continue  # distances and ages: not counts of people or things
        if m.group("word"):
            raw = m.group("word")
            value = float(NUMBER_WORDS[raw.lower()])
        else:
            raw = m.group("num")
            value = float(raw.replace(",", ""))
            scale = (m.group("scale") or "").lower()
            if scale in ("m", "bn") and not (m.group("cur") or m.group("curafter")):
                continue  # "300m": metres; "m" and "bn" are millions only in an amount of money
            value *= SCALE.get(scale, {"bn": 1_000_000_000, "m": 1_000_000}.get(scale, 1))
        start = m.start("num") if m.group("num") else m.start()
        end = m.end()
        kind = "count"
        unit = None
        if m.group("cur") or m.group("curafter"):
            kind = "money"
            cur = (m.group("cur") or m.group("curafter")).strip().lower()
            unit = LANG.currency_before.get(cur) or LANG.currency_after.get(cur)
            start = m.start()
        elif m.group("pct"):
            kind = "percent"
        elif m.group("num") and not m.group("scale") and _is_year(value, raw, sentence, m.start(), end):
            kind = "year"
        hedge, hstart = (_hedge_before(sentence, start) if english and kind != "year"
                         else (None, start))
        low, high = interval(value, hedge)
        if kind == "year":
            low, high = _years(sentence, m, value)
        rng = _RANGE.match(sentence[end:]) if kind in ("count", "percent", "money") else None
        if rng and (sentence[end:end + 3].strip()[:1] in "-–—" or re.search(
                r"\bbetween\s+$", sentence[max(0, hstart - 9):hstart], re.I)):
            high = float(rng.group("hi").replace(",", ""))
            if high < value:
                continue
            low, end = value, end + rng.end()
        counts = _counted_words(sentence, end) if kind == "count" else ""
        c_start, c_end = _clause(sentence, hstart, end)
        total = next((t for t in _TOTAL_TO.finditer(sentence) if t.start(1) == start), None)
        if total is not None and english:  # "taking the total dead since ... to 59"
            c_start = min(c_start, total.start())
        concept = population = side = None
        number = raw.replace(",", "")
        partial = english and kind == "count" and (
            bool(_INCREMENT_AFTER.match(sentence[end:])) or bool(totals and number not in totals))
        if english and kind == "count":
            concept = _concept(sentence, hstart, end, c_start, c_end)
            if concept in LANG.casualty_concepts:
                population = _nearest(sentence, hstart, end, c_start, c_end, LANG.populations)
                side = _side(sentence, hstart, end, c_start, c_end)
                if "civilian" in sentence[end:end + 50].lower() and re.match(
                        r"\s*(?:people\s+)?including\b", sentence[end:], re.I):
                    population = "incl. civilians"  # "68 including nine civilian deaths"
            elif concept == "fighters":
                side = _side(sentence, hstart, end, c_start, c_end, before_too=False)
        out.append(Figure(value=value, text=sentence[hstart:end].strip(), hedge=hedge, counts=counts,
                          concept=concept, partial=partial, start=hstart, end=end, kind=kind,
                          low=low, high=high, population=population, side=side, unit=unit))
    out = _totals_take_their_parts_scope(sentence, out)
    out.sort(key=lambda f: f.start)
    return out


def _totals_take_their_parts_scope(sentence: str, figures: list[Figure]) -> list[Figure]:
    """'28 service personnel had died ..., taking the total dead to 59': the total counts
    what its parts count, so it takes their population and side where it says none."""
    parts = [f for f in figures if f.partial and f.kind == "count" and f.concept]
    if not parts:
        return figures
    out = []
    for f in figures:
        if not f.partial and f.kind == "count" and f.concept == parts[0].concept:
            f = replace(f, population=f.population or parts[0].population,
                        side=f.side or parts[0].side)
        out.append(f)
    return out


def format_value(value: float) -> str:
    return f"{int(value):,}" if value == int(value) else f"{value:,}"
