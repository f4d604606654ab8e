"""Field extraction: one pure extract_<field>() per field, returning None when unsure.

Precedence is the same for every field: what the article itself states (its text, or its
HTML markup) wins; the corpus metadata file fills only what the article does not state; a
field neither gives stays empty. Nothing is guessed.
"""

from __future__ import annotations

import datetime as dt
import re
from urllib.parse import urlparse

from .language import LANG
from .model import CleanDoc, Metadata

# --- outlets ------------------------------------------------------------------------------
# canonical name -> (spellings seen in sign-offs, bylines and site names; web domains)
OUTLETS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "TRT World": (("trtworld", "trt world", "trt"), ("trtworld.com",)),
    "Financial Times": (("financial times", "ft", "ft.com"), ("ft.com",)),
    "The Guardian": (("the guardian", "guardian", "guardian news"), ("theguardian.com", "guardian.co.uk")),
    "Reuters": (("reuters", "thomson reuters"), ("reuters.com",)),
    "Associated Press": (("associated press", "ap", "ap news"), ("apnews.com",)),
    "Agence France-Presse": (("afp", "agence france-presse", "agence france presse"), ("afp.com",)),
    "BBC News": (("bbc", "bbc news"), ("bbc.com", "bbc.co.uk")),
    "Al Jazeera": (("al jazeera", "aljazeera", "al jazeera english"), ("aljazeera.com",)),
    "Anadolu Agency": (("anadolu agency", "anadolu", "aa"), ("aa.com.tr",)),
    "Daily Sabah": (("daily sabah",), ("dailysabah.com",)),
    "Eurasianet": (("eurasianet",), ("eurasianet.org",)),
    "OC Media": (("oc media", "oc-media"), ("oc-media.org",)),
    "Armenpress": (("armenpress",), ("armenpress.am",)),
    "Azertac": (("azertac",), ("azertac.az",)),
    "Hetq": (("hetq",), ("hetq.am",)),
    "JAMnews": (("jamnews", "jam news"), ("jam-news.net",)),
    "The New York Times": (("the new york times", "new york times", "nyt"), ("nytimes.com",)),
    "The Washington Post": (("the washington post", "washington post"), ("washingtonpost.com",)),
    "The Economist": (("the economist", "economist"), ("economist.com",)),
    "Radio Free Europe/Radio Liberty": (("rfe/rl", "radio free europe", "azatutyun"),
                                        ("rferl.org", "azatutyun.am")),
    "TASS": (("tass",), ("tass.com", "tass.ru")),
    "WION": (("wion", "wion news"), ("wionews.com",)),
}

_ALIAS = {alias: name for name, (aliases, _d) in OUTLETS.items() for alias in (*aliases, name.lower())}
_DOMAIN = {domain: name for name, (_a, domains) in OUTLETS.items() for domain in domains}


def canonical_outlet(name: str | None) -> str | None:
    """The canonical outlet for a spelling ('TRTWorld' -> 'TRT World'); unknown names pass through."""
    if not name or not name.strip():
        return None
    key = re.sub(r"\s+", " ", name.strip().lower())
    if key in _ALIAS:
        return _ALIAS[key]
    # "TRTWorld and agencies", "Financial Times staff": the first listed party is the outlet
    head = re.split(r"\s+(?:and|&|with)\s+|,|;", key)[0].strip()
    head = re.sub(r"\s+(?:staff|agencies|wires?|news desk)$", "", head)
    if head in _ALIAS:
        return _ALIAS[head]
    return _credit_parts(name)[0]


_JOINER = re.compile(r"\s+(?:and|&|with)\s+|\s*[,;]\s*", re.I)


def _credit_parts(credit: str) -> tuple[str, str | None]:
    """'Daily Sabah with AA' -> ('Daily Sabah', 'AA'); 'TRTWorld and agencies' ->
    ('TRTWorld', 'agencies'); a credit with no second party -> (credit, None)."""
    parts = _JOINER.split(credit.strip(), maxsplit=1)
    head = re.sub(r"\s+(?:staff|wires?|news desk)$", "", parts[0].strip(), flags=re.I)
    return head, (parts[1].strip() or None) if len(parts) > 1 else None


def extract_agency(doc: CleanDoc, outlet: str | None) -> str | None:
    """The agency an outlet credits beside itself ("Daily Sabah with AA" -> "Anadolu Agency",
    "TRTWorld and agencies" -> "agencies"), or a wire dateline's when the outlet is another."""
    from .clean import AGENCIES

    for stated in (doc.source, doc.via):
        if stated:
            agency = _credit_parts(stated)[1]
            if agency:
                return AGENCIES.get(agency, agency)
    if doc.wire and doc.wire != outlet:
        return doc.wire
    return None


def outlet_from_url(url: str | None) -> str | None:
    if not url:
        return None
    host = urlparse(url).netloc.lower().split(":")[0]
    while host:
        if host in _DOMAIN:
            return _DOMAIN[host]
        if "." not in host:
            break
        host = host.split(".", 1)[1]
    return None


def fields_from_metadata(sources: tuple[str, ...]) -> tuple[str, ...]:
    """The fields whose stored value sources.toml gave (overridden, or a gap it filled), from
    field_sources()."""
    return tuple(s.split(":", 1)[0] for s in sources if s.split(":", 1)[1].startswith("sources.toml"))


def field_sources(doc: CleanDoc, meta: Metadata, outlet: str | None) -> tuple[str, ...]:
    """Where each stored field's value came from, as "field:source": "html" (the page's
    markup), "text" (a line of the article: headline, byline, dateline, sign-off),
    "sources.toml" (a gap it filled), "sources.toml override" (a value it replaced) or "url"
    (an outlet known by its web address, or that address's host). A checker cites a field
    knowing its source."""
    text_date = parse_date(doc.dateline) or wire_date(doc)
    stated = {"outlet": _stated_outlet(doc), "date": text_date or parse_date(doc.html_date),
              "title": doc.title, "author": doc.byline or doc.html_author, "url": doc.html_url}
    from_page = "html" if doc.from_html else "text"
    out: list[str] = []
    for k in ("url", "outlet", "date", "title", "author"):
        given = getattr(meta, k)
        if given and k in meta.override:
            out.append(f"{k}:sources.toml override" if stated[k] else f"{k}:sources.toml")
        elif stated[k]:
            # a byline or date line of a web page's text is the text's, not the markup's
            text_line = (k == "author" and doc.byline) or (k == "date" and text_date)
            out.append(f"{k}:{'text' if text_line else from_page}")
        elif given:
            out.append(f"{k}:sources.toml")
        elif k == "outlet" and outlet:
            out.append("outlet:url")
    return tuple(out)


def _stated_outlet(doc: CleanDoc) -> str | None:
    stated = (doc.html_outlet,) if doc.from_html else (doc.source, doc.via, doc.wire)
    return next((s for s in stated if s), None)


def extract_outlet(doc: CleanDoc, meta: Metadata) -> str | None:
    """The outlet: on a web page what its markup says (og:site_name, JSON-LD publisher), never
    a "Source:" line inside its text (a chart's "Source: CDC"); in a text file its sign-off,
    a wire dateline's agency or a byline's; then the metadata file; then the URL."""
    if "outlet" in meta.override and meta.outlet:
        return canonical_outlet(meta.outlet)
    stated = _stated_outlet(doc)
    if stated:
        return canonical_outlet(stated)
    if meta.outlet:
        return canonical_outlet(meta.outlet)
    url = doc.html_url or meta.url
    return outlet_from_url(url) or site_host(url)


def site_host(url: str | None) -> str | None:
    """The web address's host, for an outlet the table does not know ("timesofisrael.com"):
    exact and citable, where a page's handle-like site names are not."""
    try:
        host = urlparse(url or "").netloc.lower().split("@")[-1].split(":")[0].removeprefix("www.")
    except ValueError:
        return None
    return host if "." in host and re.fullmatch(r"[a-z0-9.-]+", host) else None


# --- dates --------------------------------------------------------------------------------
MONTHS = LANG.months
_M = r"([A-Za-z]{3,9})\.?"
_ORDINAL = "|".join(LANG.ordinal_suffixes)
# (pattern, order of year/month/day groups) tried in turn; the first valid date wins.
DATE_FORMS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})"), "ymd"),  # ISO 2020-09-28, 2020-09-28T18:13Z
    (re.compile(r"(\d{4})/(\d{1,2})/(\d{1,2})"), "ymd"),  # 2020/09/28 (URLs, some CMSs)
    (re.compile(rf"\b(\d{{1,2}})(?:{_ORDINAL})?\s+{_M},?\s+(\d{{4}})"), "dmy"),  # 28 Sep 2020
    (re.compile(rf"\b{_M}\s+(\d{{1,2}})(?:{_ORDINAL})?,?\s+(\d{{4}})"), "mdy"),  # September 28, 2020
    (re.compile(r"\b(\d{4})(\d{2})(\d{2})\b"), "ymd"),  # 20200928
)


def parse_date(text: str | None) -> dt.date | None:
    """Parse the publication dates news pages use; None for anything not a real date."""
    if not text:
        return None
    for pattern, order in DATE_FORMS:
        for m in pattern.finditer(text):
            parts = dict(zip(order, m.groups(), strict=True))
            month = parts["m"]
            if not month.isdigit():
                month_num = MONTHS.get(month.lower())
                if month_num is None:
                    continue
            else:
                month_num = int(month)
            try:
                return dt.date(int(parts["y"]), month_num, int(parts["d"]))
            except ValueError:
                continue
    return None


_DAY_MONTH = re.compile(rf"\b{_M}\s+(\d{{1,2}})\b|\b(\d{{1,2}})\s+{_M}")
_COPYRIGHT_YEAR = re.compile(r"^\W*(?:copyright|©)\s*(?:\(c\)\s*)?((?:19|20)\d\d)\b", re.I)


def wire_date(doc: CleanDoc) -> dt.date | None:
    """A wire dateline's day ("BAKU, Oct 4 (Reuters)") with its year, where the article gives
    one: the latest such day on or before its "Updated" date, else the year of its closing
    "Copyright 2020 The Associated Press" line. No year, no date: a day is never guessed."""
    m = _DAY_MONTH.search(doc.wire_day or "")
    if not m:
        return None
    month = MONTHS.get((m.group(1) or m.group(4) or "").lower())
    day = int(m.group(2) or m.group(3))
    if month is None:
        return None
    updated = parse_date(doc.modified)
    copyright_year = next((int(c.group(1)) for _rule, line in doc.dropped
                           if (c := _COPYRIGHT_YEAR.match(line))), None)
    if updated:
        years = (updated.year, updated.year - 1)
    elif copyright_year:
        years = (copyright_year,)
    else:
        return None
    for year in years:
        try:
            date = dt.date(year, month, day)
        except ValueError:
            continue
        if updated is None or date <= updated:
            return date
    return None


def extract_date(doc: CleanDoc, meta: Metadata) -> tuple[dt.date | None, str]:
    """The publication date and where it came from: 'text', 'metadata' or 'none'."""
    if "date" in meta.override and meta.date:
        return meta.date, "metadata"
    for stated in (doc.dateline, doc.html_date):
        date = parse_date(stated)
        if date:
            return date, "text"
    date = wire_date(doc)
    if date:
        return date, "text"
    if meta.date:
        return meta.date, "metadata"
    return None, "none"


# --- people -------------------------------------------------------------------------------
_BY = re.compile(rf"^\s*{LANG.by_word}\s+", re.I)
_PLACE = re.compile(rf"\s+{LANG.in_word}\s+[A-Z][\w'’ -]*$")  # "Asmaa al-Omar in Istanbul"


# a full stop that is part of the last name: an initial ("Joe S.") or a suffix ("Jr.")
_KEEPS_STOP = re.compile(r"(?:\b[^\W\d_]|\b(?:Jr|Sr|Snr|Jnr))\.$")


def split_names(text: str) -> list[str]:
    """'A, B and C in Istanbul.' -> ['A', 'B', 'C']; 'Perry Bacon Jr.' keeps its stop."""
    text = text.strip()
    if text.endswith(".") and not _KEEPS_STOP.search(text):
        text = text.rstrip(".")
    text = _PLACE.sub("", _BY.sub("", text))
    parts = re.split(rf"\s*(?:,|;|\b{LANG.and_word}\b|&)\s*", text)
    return [p.strip() for p in parts if p.strip()]


def extract_author(doc: CleanDoc, meta: Metadata) -> str | None:
    if "author" in meta.override and meta.author:
        return meta.author
    for stated in (doc.byline, doc.html_author):
        if stated and split_names(stated):
            return ", ".join(split_names(stated))
    return meta.author or None


def extract_contributors(doc: CleanDoc) -> tuple[str, ...]:
    """Contributors' names; a wire credit's with its role: "Tom Balmforth (writing)"."""
    names = [name for line in doc.reporting for name in split_names(line)]
    names += [f"{name} ({role})" for role, line in doc.credits for name in split_names(line)]
    return tuple(dict.fromkeys(names))


def extract_title(doc: CleanDoc, meta: Metadata) -> str | None:
    if "title" in meta.override and meta.title:
        return meta.title
    return doc.title or meta.title or None
