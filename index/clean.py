"""Boilerplate removal for article text (plain text or the markdown-ish text of a web page).

The body must keep every sentence of the article, in order, and nothing else. Cleaning runs
in three passes, each driven by the tables below:

1. INLINE rules rewrite markdown syntax inside a line ("**3 years old**" -> "3 years old",
   "[Dmitry Peskov](#)" -> "Dmitry Peskov"). They run first so line rules see plain text.
2. LINE rules classify whole lines, in table order (first match wins): a line is dropped
   (promo, share debris), or recognised as metadata (dateline, byline, sign-off) and moved
   out of the body into a CleanDoc field.
3. Blocks (runs of lines between blank lines) become paragraphs; a short single-line block
   without closing punctuation is a section heading, kept in `headings`, not in the body.

Photo captions need two lines of context (a caption and its copy with a credit), so they are
handled by `_drop_captions` between passes 1 and 2.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Any, Protocol

from .language import LANG
from .model import CleanDoc

# --- pass 1: inline markdown --------------------------------------------------------------
# (pattern, replacement, why)
INLINE_RULES: tuple[tuple[re.Pattern[str], str, str], ...] = (
    (re.compile(r"!\[[^\]]*\]\([^)]*\)"), "",
     "markdown images carry no article text"),
    (re.compile(r"\[([^\]]+)\]\([^)]*\)"), r"\1",
     "keep a link's words ('[Dmitry Peskov](#)' -> 'Dmitry Peskov'), drop the target"),
    (re.compile(r"\*\*(.+?)\*\*|__(.+?)__"), r"\1\2",
     "bold markers are formatting, not text"),
    (re.compile(r"(?<![\w*])\*(?!\s)(.+?)(?<!\s)\*(?![\w*])"), r"\1",
     "italic markers are formatting, not text"),
    (re.compile(r"[ \t]+$"), "",
     "trailing spaces (markdown's two-space line break)"),
)
# Every inline rule needs one of these: most lines have none, and skip the five rules.
_INLINE_MARK = re.compile(r"[\[*_]|[ \t]$")

# --- pass 2: whole lines ------------------------------------------------------------------
DROP = "drop"  # boilerplate: remove
DROP_NEXT = "drop+next"  # remove, and the next non-blank line too (a promo headline)
BANNER = "banner"  # the age banner: remove, set stale_banner
TITLE = "title"  # '# Headline'
HEADING = "heading"  # '## Section'
SOURCE = "source"  # 'Source: X' sign-off
VIA = "via"  # 'Via X' sign-off
REPORTING = "reporting"  # 'Additional reporting by X'
BYLINE = "byline"  # 'By X'
DATELINE = "dateline"  # a line that is only a publication date
DATE_PREFIX = "date-prefix"  # 'date 2023-09-20 First sentence...': date out, sentence kept
CREDITS = "credits"  # 'Reporting by X; Writing by Y; Editing by Z'
BYLINE_AGENCY = "byline-agency"  # 'By NAME | Associated Press'
PUBLISHED = "published"  # 'Published October 9, 2020 · Updated October 10, 2020'
CORRECTION = "correction"  # 'Correction: ...', 'This article was amended ...'
CORRECTION = "correction"  # 'Correction: ...', 'This article was amended ...'

# News agencies as wire datelines and bylines name them ("BAKU, Oct 4 (Reuters) -")
AGENCIES = {"Reuters": "Reuters", "AP": "Associated Press", "AFP": "AFP", "AA": "Anadolu Agency",
            "TASS": "TASS", "Xinhua": "Xinhua", "Bloomberg": "Bloomberg", "dpa": "dpa",
            "Anadolu": "Anadolu Agency", "Associated Press": "Associated Press",
            "Agence France-Presse": "AFP", "Interfax": "Interfax", "RIA": "RIA Novosti",
            "Sputnik": "Sputnik", "EFE": "EFE", "ANSA": "ANSA", "UPI": "UPI", "APA": "APA"}
_AGENCY = "|".join(sorted((re.escape(a) for a in AGENCIES), key=len, reverse=True))

_MONTH = rf"(?:{'|'.join(LANG.month_stems)})[a-z]*\.?"
_DAY = rf"(?:{'|'.join(LANG.day_stems)})[a-z]*\.?,?"
# A line that is nothing but a date (and maybe a time and zone): "Mon 28 Sep 2020 18.13 CEST",
# "September 28, 2020", "2020-09-28", "Published: 28 September 2020 10:02 BST".
DATE_ONLY = re.compile(
    rf"^(?:(?:{LANG.date_labels})[:\s]+)?"
    rf"(?:{_DAY}\s+)?"
    rf"(?:\d{{1,2}}\s+{_MONTH}\s+\d{{4}}|{_MONTH}\s+\d{{1,2}},?\s+\d{{4}}|\d{{4}}-\d{{2}}-\d{{2}})"
    rf"(?:[\sT,]+\d{{1,2}}[.:]\d{{2}}(?::\d{{2}})?\s*(?:[ap]\.?m\.?)?(?:\s*[A-Z]{{2,5}}|[+-]\d{{2}}:?\d{{2}}|Z)?)?$",
    re.IGNORECASE,
)

NAV_WORDS = LANG.nav_words
_UPDATE_LABEL = re.compile(r"^\W*(?:updated|last (?:updated|modified))\b", re.I)
# Labels of a byline line, in the languages of the conflict's coverage (en, fr, de/es/pl, ru,
# tr, az): a label before a colon is explicit in any language the article is written in
AUTHOR_LABELS = "|".join(("written by", "words by", "author", "auteur", "autor", "autorin",
                          "автор", "yazar", "müəllif"))
# "Read more:" in the other languages of the coverage (es, de, fr, ru, tr, az)
PROMOS_OTHER_LANGUAGES = ("le puede interesar", "te puede interesar", "lea también", "lee también",
                          "lesen sie auch", "mehr zum thema", "lire aussi", "à lire aussi",
                          "читайте также", "смотрите также", "ayrıca okuyun", "ilgili haber",
                          "həmçinin oxuyun")
# A call to action names what it asks (sign up, follow, log in, donate, affiliate links) ...
CTA_WORDS = "|".join((
    r"newsletter", r"\bsign(?:ing)?[ -]up\b", r"\bsubscri(?:be|bing|ption)", r"\bsuscri",
    r"\babonnie", r"\bfollow us\b", r"\bs[ií]guenos\b", r"\bfolg(?:e|en sie) uns\b",
    r"\baffiliate[ -]links?\b", r"\badvertisers?\b.{0,80}\bcompensation\b", r"\beingeloggt\b",
    # an appeal for money, not news of one: a button's "Donate" ending the line, "donate now",
    # "make a donation", "jetzt spenden", "spenden Sie" ("Sie spenden für die Opfer" is news)
    r"\blogged in\b", r"\bdonate\s*[.!]?$", r"\bdonate (?:now|today|here)\b", r"\bmake a donation\b",
    r"\bjetzt spenden\b", r"\bspenden sie\b", r"\bpaywall\b", r"\bbezahlschranke\b",
    r"\bletters? to the editor\b", r"\bnever miss\b"))
# ... and speaks to the reader (or as the site: "our newsletter")
READER_WORDS = "|".join((
    "you", "your", "our", "us", "we", "du", "dir", "dich", "dein", "deine", "unser", "unsere",
    "sie", "ihr", "euch", "usted", "nuestra", "nuestro", "nos", "te", "tu", "vous", "votre",
    "notre", "nous", "вы", "ваш", "наш", "siz", "bizim", "nuestras", "nuestros"))
_NAME_WORDS = r"(?:[^\W\d_][\w'’.-]*\s*){1,4}"  # one to four words of a name

# (name, pattern, action, why). Order matters: the first match wins.
class _Matcher(Protocol):
    def match(self, text: str) -> Any: ...


class CallToAction:
    """Matches a short line that asks something of the reader (CTA_WORDS) and speaks to them
    (READER_WORDS), with no quotation or report of speech. Three searches, cheapest first,
    where one regex with look-aheads cost clean_text six times its time on long paragraphs."""

    _asks = re.compile(CTA_WORDS)  # searched in the lowercased line
    _reader = re.compile(rf"\b(?:{READER_WORDS})\b", re.I)
    # quote marks, or a verb of saying in the coverage's languages: a reported appeal is news
    _reported = re.compile(r"[\"“”«»„]|''|\b(?:said|says|told|according to|sagte|sagt|dijo|afirmó|"
                           r"a déclaré|a dit|заявил|сказал|dedi|bildirdi)\b", re.I)
    MAX_WORDS = 60

    # a literal piece of every CTA_WORDS pattern: most lines hold none, and `in` costs little
    _hints = ("newsletter", "sign up", "signing up", "sign-up", "subscri", "suscri", "abonn",
              "follow us", "guenos", "folg", "affiliate", "advertiser", "eingeloggt", "logged in",
              "donat", "spende", "paywall", "bezahlschranke", "to the editor", "never miss")

    def match(self, text: str) -> bool:
        if text.count(" ") >= self.MAX_WORDS:
            return False
        low = text.lower()
        return (any(h in low for h in self._hints) and self._asks.search(low) is not None
                and self._reader.search(text) is not None and self._reported.search(text) is None)


class MetaRow:
    """Matches a blog's row of post facts: short parts parted by '|', '•' or '·', one of
    them a date ("January 13, 2020 at 08:45 AM | categories: Python | View Comments")."""

    _parts = re.compile(r"\s+[|•·]\s+")
    MAX_PART_WORDS = 6

    def match(self, text: str) -> bool:
        if not ("|" in text or "•" in text or "·" in text) or text.count(" ") > 40:
            return False
        from .extract import parse_date  # extract reads clean's tables: imported on use

        parts = self._parts.split(text)
        return len(parts) >= 2 and all(len(p.split()) <= self.MAX_PART_WORDS for p in parts) \
            and any(parse_date(p) for p in parts)


LINE_RULES: tuple[tuple[str, _Matcher, str, str], ...] = (
    ("age-banner", re.compile(rf"^{LANG.age_banner}$", re.I),
     BANNER, "Guardian archive banner; a fact about the page, kept as the stale_banner flag"),
    ("read-more-alone", re.compile(rf"^(?:{'|'.join(LANG.promo_markers)})\s*:?$"),
     DROP_NEXT, "a promo marker on its own line: the promoted headline follows on the next line"),
    ("read-more", re.compile(rf"^(?:{'|'.join(LANG.promo_markers)})\b\s*:?\s+\S"),
     DROP, "TRT 'READ MORE: ...' / FT 'READ ALSO  ...' promo lines link to other articles"),
    ("read-more-mixed", re.compile(rf"^(?:{'|'.join(LANG.promo_sentence_case)})\s*:\s*\S", re.I),
     DROP, "the same promo in sentence case needs its colon, so a sentence is never hit"),
    ("read-more-other", re.compile(rf"^(?:{'|'.join(PROMOS_OTHER_LANGUAGES)})\s*:\s*\S", re.I),
     DROP, "'Le puede interesar: ...', 'Lesen Sie auch: ...': the promo in the coverage's other "
           "languages, with its colon"),
    ("nav", re.compile(r"^[-*•]?\s*(?:" + "|".join(re.escape(w) for w in NAV_WORDS) + r")\s*$", re.I),
     DROP, "share and navigation debris ('Share', 'View image in', 'fullscreen', 'Read more')"),
    ("title", re.compile(r"^#\s+(\S.*)$"),
     TITLE, "a markdown H1 is the headline, not a body sentence"),
    ("heading", re.compile(r"^#{2,6}\s+(\S.*)$"),
     HEADING, "markdown H2-H6 are section subheadings"),
    ("source", re.compile(rf"^{LANG.source_label}:\s*(\S.*)$"),
     SOURCE, "TRT's 'Source: TRTWorld and agencies' sign-off names the outlet, it is not text"),
    ("via", re.compile(rf"^{LANG.via_word}\s+(\S.{{0,60}})$"),
     VIA, "syndication sign-off 'Via Financial Times' names the outlet"),
    ("reporting", re.compile(rf"^{LANG.reporting_credit}\s+(\S.*?)\.?$", re.I),
     REPORTING, "contributor credit: a field (contributors), not a sentence"),
    ("byline", re.compile(rf"^{LANG.by_word}\s+((?:[A-Z][\w'’.-]+\s*){{1,4}}(?:(?:{LANG.and_word}|&)\s+"
                          rf"(?:[A-Z][\w'’.-]+\s*){{1,4}})?)$"),
     BYLINE, "'By Name' bylines are the author field"),
    ("author-label", re.compile(rf"^(?:{AUTHOR_LABELS})\s*:\s*({_NAME_WORDS}(?:(?:{LANG.and_word}|&)\s+"
                                rf"{_NAME_WORDS})?)$", re.I),
     BYLINE, "'Written by: NAME', 'Auteur : NAME', 'Автор: NAME': a labelled byline"),
    ("credits", re.compile(r"^((?:Additional\s+)?(?:Reporting|Writing|Editing|Compiled|Produced|"
                           r"Research|Graphics)\s+by\s+.+)$", re.I),
     CREDITS, "a wire story's 'Reporting by X; Writing by Y; Editing by Z': contributors "
              "with their roles, not a sentence"),
    ("byline-agency", re.compile(rf"^{LANG.by_word}\s+(.{{2,80}}?)\s*(?:\||,|—|–|-)\s*"
                                 rf"(?:The\s+)?({_AGENCY})$", re.I),
     BYLINE_AGENCY, "'By NAME | Associated Press': the author, and the agency as the outlet"),
    ("published", re.compile(r"^(?:Published|Posted|First published)(?:\s+on)?:?\s+(.+?)"
                             r"(?:\s*[·|•,;-]\s*(?:Updated|Last updated|Modified)(?:\s+on)?:?\s+(.+))?$",
                             re.I),
     PUBLISHED, "'Published DATE · Updated DATE': the published date, the updated one apart"),
    ("correction", re.compile(r"^\W*((?:correction|clarification|editor[’']s note|update)\s*[:—–-]\s*\S.*|"
                              r"(?:this (?:article|story|report) (?:was|has been) (?:amended|corrected|"
                              r"updated)|an earlier version of this (?:article|story|report)).*)$",
                              re.I),
     CORRECTION, "a correction or editor's note: a field of its own, shown first, not text"),
    ("share-row", re.compile(r"^(?:share this (?:article|story|page)|share on \w+|"
                             r"(?:sign up|subscribe) (?:for|to) (?:our|the) .{0,60}newsletter.*|"
                             r"advertisement|continue reading.*|our standards:.*)$", re.I),
     DROP, "share rows, sign-up promos and a wire's standards link are page furniture"),
    ("meta-row", MetaRow(),
     DROP, "a row of post facts (date | categories | comments count) under a blog's heading"),
    ("call-to-action", CallToAction(),
     DROP, "a line asking the reader to sign up, follow, log in or donate, or disclosing "
           "affiliate links: page furniture in any language (not a quotation or a report of what "
           "someone said: an appeal reported is news)"),
    ("copyright", re.compile(r"^(?:copyright|©)\s*(?:\(c\)\s*)?\d{4}.{0,120}$", re.I),
     DROP, "'Copyright 2020 The Associated Press. All rights reserved.' closes a wire story"),
    ("photo-line", re.compile(r"^(?:photo|picture|image|foto)\s*:\s*\S.{0,300}$", re.I),
     DROP, "a '*Photo: ...*' caption line in markdown"),
    ("dateline", DATE_ONLY,
     DATELINE, "a line that is only a date is the publication date, e.g. Guardian's "
               "'Mon 28 Sep 2020 18.13 CEST'"),
    ("date-prefix", re.compile(r"^\s*date\s+(\d{4}-\d{2}-\d{2})\s+(\S.*)$"),
     DATE_PREFIX, "some scraped articles start 'date 2023-09-20 <first sentence>'"),
    ("lone-link", re.compile(r"^[-*•]?\s*\[([^\]]+)\]\([^)]*\)\s*$"),
     DROP, "a line that is only a link is navigation or a related-article promo "
           "(a person's name in that spot is the byline; see _classify)"),
    ("bare-url", re.compile(r"^(?:https?://|www\.)\S+$"),
     DROP, "a bare URL is not a sentence"),
)

# --- captions -----------------------------------------------------------------------------
# Agencies and forms used as photo credits at the end of a caption line.
CREDIT_AGENCIES = (
    "AA", "Reuters", "AFP", "AP", "EPA", "EPA-EFE", "Getty Images", "Getty", "Anadolu",
    "Anadolu Agency", "TASS", "RIA Novosti", "Sputnik", "Xinhua", "PAN Photo", "Photolure",
    "Azertac", "Armenpress", "Handout", "Courtesy", "File photo", "File",
)
# (pattern, a character every match holds: lines without it are not searched, why)
CREDIT_PATTERNS: tuple[tuple[re.Pattern[str], str, str], ...] = (
    (re.compile(r"\s*\((?:" + "|".join(re.escape(a) for a in CREDIT_AGENCIES)
                + r")(?:\s*/\s*[^()]{1,40})?\)\s*$"), ")",
     "TRT-style '(AA)' / '(Reuters)' credit closing a caption"),
    (re.compile(r"\s*©\s*[^©]{2,80}$"), "©",
     "FT-style '© Hayk Baghdasaryan/Reuters' credit"),
    (re.compile(rf"\s*(?:{'|'.join(LANG.credit_labels)})s?:\s*[^.]{{2,100}}$"), ":",
     "Guardian-style 'Photograph: Armenian foreign ministry/AFP/Getty Images' credit"),
    (re.compile(r"\s*\((?:photo|photograph|picture|image|credit|foto|bild|фото|fotoğraf)s?\s*:"
                r"\s*[^()]{2,100}\)\.?\s*$", re.I), ":",
     "'(Foto: Natacha Pisarenko/Pool via REUTERS)', '(Credit: ...)': a labelled credit in brackets"),
    (re.compile(r"(?<=[.!?])\s+By\s+[A-Z][A-Z.'&-]+(?:\s+[A-Z][A-Z.'&-]+)+$"), "By",
     "'... in Las Croabas. By U.S. CUSTOMS AND BORDER PROTECTION': a credit in capitals after "
     "the caption's last sentence"),
)
# A caption's bare copy printed just above its credited copy is at least this similar.
CAPTION_COPY_SIMILARITY = 0.9

# --- headings -----------------------------------------------------------------------------
HEADING_MAX_WORDS = 12
# A body paragraph ends like a sentence; a subheading does not ('Second day of fighting').
# A closing quote alone does not end a sentence: "Ankara slams 'neutrality principle'" is a
# heading, while '... said "lies".' and '... to be ended."' are sentences.
SENTENCE_END = re.compile(r"[.!:;,…][\"”’')\]]*$")
# Questions can be subheadings ('What triggered recent clashes between Armenia and Azerbaijan?')
QUESTION_HEADING_MAX_WORDS = 10

_PERSON_NAME = re.compile(r"^(?:[A-ZÀ-ÖØ-Þ][\w'’.-]+\s+){1,3}[A-ZÀ-ÖØ-Þ][\w'’-]+$")
_BULLET = re.compile(r"^[-*•]\s+")


# Control characters (but tab and newline) and Unicode non-characters are never article text:
# an escape sequence in a page is an attack on whoever reads it in a terminal
_NOT_TEXT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufdd0-\ufdef\ufffe\uffff]")


def normalise_text(raw: str) -> str:
    """Unify line ends, invisible characters and Unicode forms (NFC: one letter, one form,
    whether the page composed "ড়" or wrote "ড" + nukta) so rules and searches see one text."""
    if not unicodedata.is_normalized("NFC", raw):
        raw = unicodedata.normalize("NFC", raw)
    text = raw.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    text = text.replace("\u00a0", " ").replace("\u200b", "").replace("\u2028", "\n")
    return _NOT_TEXT.sub("", text)


def apply_inline(line: str) -> str:
    if not _INLINE_MARK.search(line):
        return line
    for pattern, repl, _why in INLINE_RULES:
        line = pattern.sub(repl, line)
    return line


# A caption is a sentence or three; a longer line ending in "© Name" is a paragraph (a blog
# post run into one line with its footer), not a caption to drop
CAPTION_MAX_SENTENCES = 3
_SENTENCE_BREAK = re.compile(r"[.!?]\s+(?=[A-ZÀ-ÖØ-Þ])")


def strip_credit(line: str) -> str | None:
    """The caption text without its photo credit, or None if the line has no credit."""
    for pattern, mark, _why in CREDIT_PATTERNS:
        m = pattern.search(line) if mark in line else None
        if m:  # (a line that is only a credit is one too: "(Credit: Clayton Aldern / Grist)")
            caption = line[: m.start()].rstrip()
            if len(_SENTENCE_BREAK.findall(caption)) >= CAPTION_MAX_SENTENCES:
                return None
            return caption
    return None


def _squash(s: str) -> str:
    return re.sub(r"[\W_]+", "", s.lower())


def _is_caption_copy(candidate: str, caption: str) -> bool:
    a, b = _squash(candidate), _squash(caption)
    if not a or not b:
        return False
    if a == b:
        return True
    m = SequenceMatcher(None, a, b)
    # the cheap upper bounds first (lengths, then letters): ratio() is quadratic in the worst case
    return (m.real_quick_ratio() >= CAPTION_COPY_SIMILARITY and m.quick_ratio() >= CAPTION_COPY_SIMILARITY
            and m.ratio() >= CAPTION_COPY_SIMILARITY)


@dataclass
class _Line:
    """A line as the rules see it (inline markdown applied) and as the file had it."""

    text: str
    raw: str


def _drop_captions(lines: list[_Line | None], doc: CleanDoc) -> None:
    """Drop caption lines (those ending in a credit) and the bare copy printed above them."""
    for i, line in enumerate(lines):
        if line is None:
            continue
        caption = strip_credit(line.text)
        if caption is None:
            continue
        lines[i] = None
        doc.dropped.append(("caption-credit", line.raw))
        if not caption:
            continue
        doc.captions.append(caption)
        # the bare copy is the previous non-blank line
        j = i - 1
        while j >= 0 and lines[j] is not None and not lines[j].text.strip():  # type: ignore[union-attr]
            j -= 1
        prev = lines[j] if j >= 0 else None
        if prev is not None and _is_caption_copy(prev.text, caption):
            lines[j] = None
            doc.dropped.append(("caption-copy", prev.raw))


def _is_heading(text: str) -> bool:
    words = text.split()
    if not words or not text[0].isupper() or len(words) > HEADING_MAX_WORDS:
        return False
    if text.endswith("?"):
        return len(words) <= QUESTION_HEADING_MAX_WORDS and not re.search(r"[\"“”]", text)
    return not SENTENCE_END.search(text)


def _classify(line: _Line, doc: CleanDoc) -> tuple[str, str | None]:
    """Return (action, payload) for one line; payload is the text to keep, if any."""
    for name, pattern, action, _why in LINE_RULES:
        # link rules must see the markdown, which the inline pass has already unwrapped
        m = pattern.match(line.raw.strip() if name == "lone-link" else line.text)
        if not m:
            continue
        if name == "lone-link":
            label = m.group(1).strip()
            # A lone link holding a person's name before the story starts is the byline
            # ("[Michael Safi](#)" on the Guardian); anywhere else it is navigation.
            if doc.byline is None and _PERSON_NAME.match(label) and not label.endswith("?"):
                return BYLINE, label
            return DROP, None
        if action in (TITLE, HEADING, SOURCE, VIA, REPORTING, BYLINE, CREDITS, CORRECTION):
            return action, m.group(1).strip()
        if action in (BYLINE_AGENCY, PUBLISHED):
            if action == PUBLISHED and not _has_date(m.group(1)):
                continue  # "Posted in Politics": no date, a sentence or a category line
            return action, m.group(1).strip() + "\x00" + (m.group(2) or "").strip()
        if action == DATE_PREFIX:
            return action, m.group(1) + "\x00" + m.group(2)
        if action == DATELINE:
            return action, line.text.strip()
        return action, None
    return "keep", line.text


@dataclass
class _Heading:
    """A section heading's place among the paragraph blocks."""

    text: str


def clean_text(raw: str, marked_headings: bool = False) -> CleanDoc:
    """Clean one article's text (plain or markdown-ish) into a CleanDoc.

    With `marked_headings` (text from a web page, whose headings are marked '## '), a short
    unmarked line is a paragraph (a list item, a table cell, a product name), never a heading."""
    doc = CleanDoc()
    lines: list[_Line | None] = [
        _Line(apply_inline(r), r) for r in normalise_text(raw).split("\n")
    ]
    _drop_captions(lines, doc)

    blocks: list[list[str] | _Heading] = []  # paragraphs' lines, and headings in their place
    block: list[str] = []  # the paragraph being read
    skip_next = False

    def end_block() -> None:
        nonlocal block
        if block:
            blocks.append(block)
            block = []

    def heading(text: str) -> None:
        end_block()
        blocks.append(_Heading(text))

    def drop(rule: str, raw_line: str) -> None:
        doc.dropped.append((rule, raw_line))

    for line in lines:
        if line is None:
            continue
        text = line.text.strip()
        if not text:
            end_block()
            continue
        if skip_next:
            skip_next = False
            drop("read-more-headline", line.raw)
            continue
        action, payload = _classify(_Line(text, line.raw), doc)
        if action == "keep":
            block.append(_BULLET.sub("", payload or ""))
        elif action == DROP:
            drop("drop", line.raw)
        elif action == DROP_NEXT:
            drop("read-more", line.raw)
            skip_next = True
        elif action == BANNER:
            doc.stale_banner = True
            drop("age-banner", line.raw)
        elif action == TITLE:
            if doc.title is None:
                doc.title = payload
                end_block()
            else:
                heading(payload or "")
        elif action == HEADING:
            heading(payload or "")
        elif action == SOURCE:
            doc.source = payload
        elif action == VIA:
            doc.via = payload
        elif action == REPORTING:
            doc.reporting.append(payload or "")
        elif action == CORRECTION:
            doc.corrections.append(payload or "")
            drop("correction", line.raw)
        elif action == CREDITS:
            doc.credits.extend(_credits(payload or ""))
            drop("credits", line.raw)
        elif action == BYLINE_AGENCY:
            names, agency = (payload or "\x00").split("\x00", 1)
            doc.byline = doc.byline or names
            doc.wire = doc.wire or AGENCIES.get(agency, agency)
            drop("byline-agency", line.raw)
        elif action == PUBLISHED:
            published, updated = (payload or "\x00").split("\x00", 1)
            if doc.dateline is None:
                doc.dateline = published
            doc.modified = doc.modified or updated or None
            drop("published", line.raw)
        elif action == BYLINE:
            doc.byline = payload
        elif action == DATELINE:
            if _UPDATE_LABEL.match(payload or ""):  # "Updated: ...": not when it was published
                doc.modified = doc.modified or payload
            elif doc.dateline is None:
                doc.dateline = payload
            drop("dateline", line.raw)
        elif action == DATE_PREFIX:
            date, rest = (payload or "\x00").split("\x00", 1)
            if doc.dateline is None:
                doc.dateline = date
            block.append(rest.strip())
    end_block()

    first = True
    opening = blocks[0] if blocks else None
    if doc.title is None and len(blocks) > 1 and isinstance(opening, list) and \
            len(opening) == 1 and _is_headline(opening[0]):
        # a plain-text article's first line, alone and not a sentence, is its headline
        doc.title = opening[0]
        blocks = blocks[1:]
        first = False
    items: list[_Heading | str] = []
    for lines_or_heading in blocks:
        if isinstance(lines_or_heading, _Heading):
            items.append(lines_or_heading)
            continue
        text = " ".join(lines_or_heading)
        if not first and not marked_headings and len(lines_or_heading) == 1 and _is_heading(text):
            items.append(_Heading(text))
            continue
        items.append(text)
        first = False
    # headings after the last paragraph head no text: a related-stories or widget title
    while items and isinstance(last := items[-1], _Heading) and any(isinstance(i, str) for i in items):
        items.pop()
        doc.dropped.append(("empty-section", last.text))
    for item in items:
        if isinstance(item, _Heading):
            doc.headings.append(item.text)
        else:
            doc.paragraphs.append(item)
    _read_wire_dateline(doc)
    return doc


# "BAKU, Oct 4 (Reuters) -", "STEPANAKERT, Nagorno-Karabakh (AP) —": a wire story's dateline
WIRE_DATELINE = re.compile(
    rf"^(?P<place>[A-ZÀ-ÖØ-Þ][A-ZÀ-ÖØ-Þ .'’-]{{1,40}}"
    rf"(?:,\s*(?![\s\d])(?!{_MONTH}\s+\d)[\w .'’-]{{2,40}}?)?),?\s+"
    rf"(?:(?P<date>{_MONTH}\s+\d{{1,2}})\s+)?\((?P<agency>{_AGENCY})\)\s*[-—–]")


def _read_wire_dateline(doc: CleanDoc) -> None:
    """The agency (and the day) of a wire dateline opening the story; the text stays."""
    for para in doc.paragraphs[:3]:
        m = WIRE_DATELINE.match(para)
        if m:
            doc.wire = doc.wire or AGENCIES.get(m.group("agency"), m.group("agency"))
            if m.group("date"):
                doc.wire_day = m.group("date")
            return


HEADLINE_MAX_WORDS = 25


def _is_headline(text: str) -> bool:
    words = text.split()
    return bool(words) and text[0].isupper() and len(words) <= HEADLINE_MAX_WORDS and \
        not SENTENCE_END.search(text) and not text.startswith(("“", '"', "'", "‘"))


def _has_date(text: str) -> bool:
    return bool(re.search(r"\d", text))


_CREDIT = re.compile(r"^(?:Additional\s+)?(?P<role>Reporting|Writing|Editing|Compiled|Produced|"
                     r"Research|Graphics)\s+by\s+(?P<names>.+)$", re.I)


def _credits(line: str) -> list[tuple[str, str]]:
    """'Reporting by A and B; Editing by C' -> [("reporting", "A and B"), ("editing", "C")]."""
    out = []
    for part in re.split(r"\s*[;,]\s*(?=(?:Additional\s+)?(?:Reporting|Writing|Editing|Compiled|"
                         r"Produced|Research|Graphics)\s+by\b)", line.strip().rstrip("."), flags=re.I):
        m = _CREDIT.match(part.strip())
        if m:
            out.append((m.group("role").lower(), m.group("names").strip()))
    return out

