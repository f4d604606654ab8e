"""HTML page -> CleanDoc. The only module that imports bs4 and trafilatura.

Main-text selection is delegated to trafilatura, because it measurably beats hand-written
rules on the annotated pages of shared/eval/html-dev (bench/html_eval.py; the scores are in
the README), and so does its date (htmldate); our meta-tag rules read title and author
better. So a page is read in these steps:

1. metadata from the markup (meta tags, JSON-LD, <time>, rel=author), before anything is removed,
   read from lxml's tree (bs4's own tree, costly to build, only for step 2's fallback);
2. main text: trafilatura's XML (<head> -> section heading, <p>/<item>/<quote> -> paragraph);
   when it finds nothing (a very short page), our rules take over: DROP_TAGS and elements
   whose class/id says boilerplate (BOILERPLATE_WORDS) are removed, and the article container
   is chosen (<article>, articleBody, <main>, else the block with the most paragraph text);
3. the lines go through the plain-text cleaner (clean.py), so READ MORE lines, captions and
   share debris are removed by the same rules as in text files.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import warnings
from collections.abc import Callable
from typing import Any
from urllib.parse import urlparse

from bs4 import BeautifulSoup, Comment, Tag
from bs4.dammit import EncodingDetector

from .clean import clean_text, normalise_text
from .extract import parse_date, split_names
from .model import CleanDoc

# Elements that never hold article text. (why, per group)
DROP_TAGS: tuple[str, ...] = (
    "script", "style", "noscript", "template", "svg", "canvas",  # code and drawing
    "nav", "header", "footer", "aside",  # site chrome: menus, mastheads, sidebars
    "figure", "figcaption", "picture", "video", "audio",  # media and their captions
    "form", "button", "input", "select", "textarea", "label",  # widgets: search, newsletter
    "iframe", "object", "embed",  # embedded players, ads
)
# class/id words that mark boilerplate containers: share bars, related links, ads, comments...
BOILERPLATE_WORDS: tuple[str, ...] = (
    "share", "sharing", "social", "related", "recommended", "recommend", "newsletter",
    "subscribe", "subscription", "signup", "comment", "comments", "advert", "advertisement",
    "ad", "ads", "adslot", "sponsor", "sponsored", "promo", "breadcrumb", "breadcrumbs",
    "caption", "credit", "cookie", "consent", "banner", "sidebar", "popup", "modal", "menu",
    "navbar", "navigation", "footer", "masthead", "tags", "tag-list", "toolbar", "trending",
    "most-read", "mostread", "more-stories", "read-more", "readmore", "paywall", "outbrain",
    "taboola", "widget", "author-bio", "skip", "print", "hidden", "visually-hidden", "sr-only",
)
_BOILERPLATE = re.compile(
    r"(?:^|[\s_-])(?:" + "|".join(re.escape(w) for w in BOILERPLATE_WORDS) + r")(?:$|[\s_-])", re.I)
# Never removed by the class/id rule: they wrap the whole page or the story itself.
PROTECTED_TAGS = {"html", "body", "article", "main"}
# A boilerplate-looking container holding more than this share of the page's paragraph text
# is a layout wrapper ('has-sidebar'), not boilerplate.
MAX_BOILERPLATE_SHARE = 0.4

BLOCK_TAGS = ("h1", "h2", "h3", "h4", "h5", "h6", "p", "li", "blockquote", "pre", "dd", "dt")

# <meta> tags stating when the article was published (not updated), best first
PUBLISHED_META = (("property", "article:published_time"), ("name", "article:published_time"),
                  ("property", "og:article:published_time"), ("itemprop", "datePublished"))
DATE_META = (  # (attribute, value) of <meta> tags holding a date, best first
    *PUBLISHED_META, ("name", "pubdate"), ("name", "publishdate"),
    ("name", "date"), ("name", "dc.date.issued"), ("name", "DC.date.issued"),
    ("name", "dcterms.created"), ("property", "og:published_time"), ("name", "sailthru.date"),
    ("name", "parsely-pub-date"), ("property", "article:modified_time"),
)
AUTHOR_META = (("name", "author"), ("property", "article:author"), ("name", "byl"),
               ("name", "sailthru.author"), ("name", "parsely-author"), ("name", "dc.creator"))
TITLE_META = (("property", "og:title"), ("name", "twitter:title"))
OUTLET_META = (("property", "og:site_name"), ("name", "application-name"))
MODIFIED_META = (("property", "article:modified_time"), ("itemprop", "dateModified"),
                 ("property", "og:updated_time"))
_META_ATTRS = tuple(sorted({attr for pairs in (DATE_META, AUTHOR_META, TITLE_META, OUTLET_META,
                                                MODIFIED_META)
                            for attr, _ in pairs}))


def _meta(metas: dict[tuple[str, str], str], pairs: tuple[tuple[str, str], ...]) -> str | None:
    """The content of the first <meta> tag with one of the (attribute, value) pairs, the pairs
    in order of preference (values case-insensitive)."""
    for pair in pairs:
        content = metas.get((pair[0], pair[1].lower()))
        if content:
            return content
    return None


def _metas(root: Any) -> dict[tuple[str, str], str]:
    """(attribute, lowercased value) -> stripped content of the first <meta> tag with it, for
    the attributes the *_META pairs name: one pass over the page, where looking for each pair
    through the whole page was a fifth of reading one."""
    out: dict[tuple[str, str], str] = {}
    for tag in root.iter("meta"):
        for attr in _META_ATTRS:
            value = tag.get(attr)
            if value is not None:
                key = (attr, value.lower().removesuffix("\n"))  # as re's ^value$ matched it
                if key not in out:
                    out[key] = (tag.get("content") or "").strip()
    return out


def _json_ld(root: Any) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for tag in root.iter("script"):
        if not _LD_JSON.search(tag.get("type") or ""):
            continue
        try:
            data = json.loads(tag.text or "")
        except (ValueError, TypeError):
            continue
        stack = data if isinstance(data, list) else [data]
        while stack:
            item = stack.pop()
            if isinstance(item, dict):
                out.append(item)
                stack.extend(v for v in item.get("@graph", []) if isinstance(v, dict))
    return out


_LD_JSON = re.compile("ld\\+json", re.I)
_BYLINE = re.compile(r"(?:^|[\s_-])(?:byline|author-name|author)(?:$|[\s_-])", re.I)
# Elements whose text is not the page's words (bs4's get_text leaves them out as well).
_NOT_TEXT = frozenset({"script", "style", "template", "rt", "rp"})


def _ld_author(value: Any) -> str | None:
    if isinstance(value, str):
        return value
    if isinstance(value, dict):
        return value.get("name")
    if isinstance(value, list):
        names = [n for n in (_ld_author(v) for v in value) if n]
        return ", ".join(names) or None
    return None


def _text(tag: Tag) -> str:
    return re.sub(r"\s+", " ", tag.get_text(" ")).strip()


def _element_text(el: Any) -> str:
    """The element's text with runs of white space as one space, as _text() gives it."""
    strings: list[str] = []

    def walk(e: Any, skip: bool) -> None:
        skip = skip or e.tag in _NOT_TEXT
        if e.text and not skip:
            strings.append(e.text)
        for child in e:
            if isinstance(child.tag, str):  # comments and processing instructions hold no text
                walk(child, skip)
            if child.tail and not skip:
                strings.append(child.tail)

    walk(el, False)
    return re.sub(r"\s+", " ", " ".join(strings)).strip()


def _first(root: Any, tag: str, test: Callable[[Any], bool] | None = None) -> Any:
    return next((el for el in root.iter(tag) if test is None or test(el)), None)


_TITLE_SEPARATORS = re.compile(r"\s+(?:\||-|–|—|·|::|»|/)\s+")


_TYPOGRAPHY = str.maketrans({"–": "-", "—": "-", "“": '"', "”": '"', "„": '"', "‘": "'",
                             "’": "'", "«": '"', "»": '"', "\xa0": " "})


def _fold_title(text: str) -> str:
    """A title as compared: case, spacing, dashes and quote marks folded."""
    return re.sub(r"\s+", " ", text.translate(_TYPOGRAPHY)).strip().casefold()


def _title_words(text: str) -> set[str]:
    return set(re.findall(r"\w+", _fold_title(text)))


def pick_title(root: Any, metas: dict[tuple[str, str], str], ld: list[dict[str, Any]]) -> str | None:
    """The article's headline, not the site's name or a section's.

    The page states its headline several times: in <title> (mostly with the site name after a
    separator), og:title, JSON-LD `headline` and an <h1>. A blog's first <h1> is often the
    blog's name, a news page's a section ("Games"). The headline is the <h1> the <title> or
    og:title also gives; failing one, og:title or the headline, then the <title> without its
    site name, then the first <h1>."""
    head = _first(root, "title")
    tag = re.sub(r"\s+", " ", head.text or "").strip() if head is not None and head.text else ""
    og = _meta(metas, TITLE_META)
    if og and tag.startswith(og) and tag[len(og):].strip() and \
            tag[len(og):].strip()[0] not in "|-–—·:»/_(":
        og = None  # cut short by a quote mark the page left unescaped: 'de "incapacitado"'
    headline = next((d["headline"] for d in ld if isinstance(d.get("headline"), str)), None)
    names = site_names(metas, [tag, og, headline])
    site = names[0] if names else None
    stated = [t for t in (tag, og, headline) if t]
    parts = {_fold_title(p) for t in stated for p in _TITLE_SEPARATORS.split(t)}
    sites_f = {_fold_title(v) for v in names}
    # an <h1> in the page's footer, menu or sidebar is the site's tag line, never the headline
    h1s = [t for t in (_element_text(h) for h in root.iter("h1")
                       if not any(a.tag in ("footer", "nav", "aside") for a in h.iterancestors())) if t][:8]

    def is_site(text: str) -> bool:
        f = _fold_title(text)
        return f in sites_f or (len(stated) > 0 and all(
            f != _fold_title(t) and not _fold_title(t).startswith(f) for t in stated)
            and ((f in parts and len(parts) > 1 and _is_tail_part(f, stated))
                 or _ends_title(f, stated)))

    site_h1s = [h for h in h1s if is_site(h)]
    h1s = [h for h in h1s if not is_site(h) and _fold_title(h) not in _NOT_HEADLINES]
    for h in site_h1s:  # the <title> ends with the blog's name, its <h1>: the rest is the headline
        tag = re.sub(r"\s+(?:\||-|–|—|·|::|»|/)\s+" + re.escape(h) + r"\s*$", "", tag, flags=re.I)
    if not h1s and tag and len(parts) > 1:
        # no <h1>, or a blog's name: the <title>'s part the page shows as a heading (the
        # longer, where the site's name is a heading too)
        shown = [text for text in (_element_text(h) for h in root.iter("h2", "h3"))
                 if len(_title_words(text)) >= 2 and _fold_title(text) not in sites_f
                 and (_fold_title(text) in parts or _starts_title(_fold_title(text), tag))]
        if shown:
            return max(shown, key=lambda text: len(_title_words(text)))
    for h in h1s:  # an <h1> the page's other statements confirm
        f = _fold_title(h)
        if any(f == _fold_title(t) or _fold_title(t).startswith(f + " ") or f in parts
               for t in stated):
            return h
        for piece in _TITLE_SEPARATORS.split(h):  # "Politics | <the og:title>"
            if any(_fold_title(piece) == _fold_title(t) for t in stated):
                return piece.strip()
        # a kicker before the stated headline or a subtitle, date or category row after it,
        # run into the <h1>: "Open Progress Why collaborative thinking ...", "<headline>
        # 02.02.2022 • Presse"
        for t in stated:
            whole = _strip_site(t, site)
            folded = _fold_title(whole)
            if len(folded.split()) >= 3 and (f.startswith(folded + " ") or (
                    f.endswith(" " + folded) and not f[:-len(folded)].rstrip().endswith(":"))):
                return whole  # (a kicker ending in a colon is the headline's own: "X": ...)
    # the visible headline sharing most words with what the page states; with nothing
    # stated, the first <h1>
    said = set().union(*(_title_words(t) for t in stated)) if stated else set()
    best, best_share = None, 0.5
    for h in h1s:
        words = _title_words(h)
        share = len(words & said) / len(words) if words else 0.0
        if share > best_share:
            best, best_share = h, share
    if best is not None:
        return best
    if h1s and not stated:
        return h1s[0]
    # a headline-like <h1> (a sentence, not a widget's "E-Mail-Abo" or a place) the page
    # words differently elsewhere
    sentence = next((h for h in h1s if len(_title_words(h)) >= 4), None)
    if sentence is not None:
        return sentence
    for t in (og, headline):
        if t:
            return _strip_site(t, site)
    if tag:
        return _strip_site(tag, site) or tag
    return next((h for h in h1s if not is_site(h)), None) or (h1s[0] if h1s else None)


# <h1> texts that head a section or a menu, never an article
_NOT_HEADLINES = {"sections", "menu", "navigation", "search", "home", "news", "games", "page",
                  "main menu", "startseite", "suche", "navigation menu"}


# the separators of a <title>'s parts, as _fold_title leaves them. A spaced colon parts a
# title's headline from what follows it ("Muffin Grundrezept : Muffin Rezepte"), but after a
# kicker it leads into the headline ("Pétition : Non à la mutilation ..."): only at the end
_FOLDED_SEPARATOR = r"\s(?:\||-|·|::|»|/)\s"


def _ends_title(folded: str, stated: list[str]) -> bool:
    """Whether a stated title ends with this text after a separator: "Enchufla Figuren -
    Salsa-Figuren - Rueda in Berlin" ends with the blog's name, its <h1>."""
    end = re.compile(_FOLDED_SEPARATOR + re.escape(folded) + "$")
    return any(end.search(_fold_title(t)) for t in stated)


def _starts_title(folded: str, title: str) -> bool:
    """Whether the title starts with this text and a separator ("Muffin Grundrezept : ...")."""
    return re.match(re.escape(folded) + r"(?:" + _FOLDED_SEPARATOR + r"|\s:\s)",
                    _fold_title(title)) is not None


def _is_tail_part(part: str, stated: list[str]) -> bool:
    """Whether `part` is what a stated title ends with after a separator ("... | Blog")."""
    return any(_TITLE_SEPARATORS.split(_fold_title(t))[-1] == part and
               len(_TITLE_SEPARATORS.split(t)) > 1 for t in stated)


# a site name glued to a CJK headline without spaces: "-新华网", "_人民网", "｜新浪"
_CJK_SITE = re.compile(r"(?<=[\u3000-\u9fff\uff00-\uffef])\s*[-_|｜—]\s*[^\s\-_|｜—]{2,10}$")


def _strip_site(title: str, site: str | None) -> str:
    """'Headline | Site' -> 'Headline' when the last part is the site's name (or shorter than
    the rest and a name-like tail of a <title>)."""
    pieces = _TITLE_SEPARATORS.split(title)
    if len(pieces) < 2:
        glued = _CJK_SITE.search(title)  # Chinese and Japanese titles glue it on: "...！-新华网"
        return title[:glued.start()].strip() if glued else title.strip()
    last = pieces[-1].strip()
    if (site and _fold_title(last) == _fold_title(site)) or len(last) < len(title) / 3:
        return re.sub(r"\s+", " ", title[:title.rfind(last)]).strip(" |-–—·:»/")
    return title.strip()


def site_names(metas: dict[tuple[str, str], str], titles: list[str | None]) -> list[str]:
    """The names the page gives itself (og:site_name, application-name), but the page's own
    headline (MSN's pages put it in application-name)."""
    return [v for pair in OUTLET_META if (v := metas.get((pair[0], pair[1].lower())))
            and not _is_headline_of(v, titles)]


def _is_headline_of(name: str, titles: list[str | None]) -> bool:
    """Whether a site name is one of the page's titles, or (four words or more) starts one."""
    f = _fold_title(name)
    return any(t and (_fold_title(t) == f or (len(name.split()) > 3 and _fold_title(t).startswith(f)))
               for t in titles)


def pick_outlet(names: list[str | None], url: str | None) -> str | None:
    """The outlet among the names the page gives itself (og:site_name, then JSON-LD publisher):
    the first that names the site the page is served from, else the first. Reuters' pages give
    og:site_name "U.S." (their edition) and publisher "Reuters"."""
    given = [n.strip() for n in names if n and n.strip()]
    host = urlparse(url or "").netloc.lower().removeprefix("www.").split(":")[0]
    label = host.rsplit(".", 2)[-2] if host.count(".") >= 1 else host
    for name in given:
        squashed = re.sub(r"[\W_]+", "", name.casefold())
        if len(label) >= 3 and squashed and (label in squashed or squashed in label):
            return name
    return given[0] if given else None


def read_metadata(root: Any) -> dict[str, str | None]:
    """Headline, byline, date, outlet and canonical URL, from markup the body rules remove.

    Read from lxml's tree of the page (the parser bs4 runs too): building bs4's tree of a real
    page and searching it took half of cleaning one (bench/README.md: "Metadata from lxml")."""
    ld = _json_ld(root)
    metas = _metas(root)
    canonical = _first(root, "link", lambda el: "canonical" in (el.get("rel") or "").split())
    url = (canonical.get("href") if canonical is not None and canonical.get("href")
           else _meta(metas, (("property", "og:url"),)))
    title = pick_title(root, metas, ld)
    published = _meta(metas, PUBLISHED_META) or next(
        (d[k] for k in ("datePublished", "dateCreated") for d in ld
         if isinstance(d.get(k), str) and not _not_article(d)), None)
    if not published:  # the date the article shows: its first <time> that is not an update's
        time = _first(root, "time", _is_publication_time)
        published = time.get("datetime") if time is not None else None
    date = published or _meta(metas, DATE_META)
    names = site_names(metas, [title, _meta(metas, TITLE_META)])
    site = names[0] if names else None
    # an image's or a video's author in JSON-LD is its photographer, not the article's
    candidates: list[str | None] = [_ld_author(d.get("author")) for d in ld if not _not_article(d)]
    microdata, rel, byline, visible = _bylines(root)
    if microdata is not None:  # schema.org microdata: as explicit as JSON-LD
        candidates.append(microdata.get("content") or _element_text(microdata))
    candidates += [metas.get((attr, value.lower())) for attr, value in AUTHOR_META]
    candidates += [_element_text(el) for el in (rel, byline) if el is not None]
    candidates.append(visible)  # a byline the page shows, marked up or not
    author = _fullest(clean_author(c, site) for c in candidates) or _fullest(
        clean_author(c) for c in candidates)
    publisher = next((p for p in (_ld_author(d.get(k)) for d in ld
                                  for k in ("publisher", "sourceOrganization")) if p), None)
    modified = _meta(metas, MODIFIED_META) or next(
        (d["dateModified"] for d in ld if isinstance(d.get("dateModified"), str)), None)
    return {"title": title, "date": date, "published": published, "author": author,
            "outlet": pick_outlet([site, publisher], url), "url": url,
            "modified": modified}


# What an author field holds when it holds no author: a comment form's labels, a CMS account,
# a link, a date or reading time after the names.
_NOT_AUTHOR = re.compile(
    r"^(?:name|e-?mail|website|posted|admin|wordpressadmin|human|author|autor|redaktion|"
    r"editor|staff|anonymous|guest|unknown|user|none|null|by)\b\W*(?:\(?(?:erforderlich|"
    r"required|obligatoire)\)?\W*|\*\W*)?$", re.I)
_AUTHOR_TAIL = re.compile(
    r"\s+(?:hace\s+\d|\d+\s+(?:min|minutes?|hours?|horas?|stunden?)\b|tiempo de lectura|"
    r"updated|published|posted|aktualisiert|veröffentlicht|am\s+\d|on\s+\d|\||•|·|follow\b|"
    r"for\s+(?:the\s+)?[A-Z]|"
    r"\d{1,2}[./]\d{1,2}[./]\d{2,4}|\d{4}-\d{2}-\d{2}|"
    r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d|"
    r"\d{1,2}\.?\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b).*$", re.I)
_AUTHOR_LEAD = re.compile(r"^\W*(?:(?:posted|written|geschrieben)\s+)?(?:by|von|por|par|di|av|door)\s+|^\W+",
                          re.I)


# lowercase words a name may start with ("de la Cruz", "van Gogh", "al-Omar")
_NAME_PARTICLES = frozenset({"de", "da", "di", "del", "della", "van", "von", "der", "den", "la", "le",
                             "du", "dos", "das", "bin", "ibn", "al", "el", "ben", "ter", "zu"})


def clean_author(text: str | None, site: str | None = None) -> str | None:
    """An author field's names, or None when it names no one: not a URL, a comment form's
    label ("Name (erforderlich)"), a CMS account ("wordpressadmin"), the site's own name,
    nor names followed by a date or a reading time ("... hace 13 horas")."""
    if not text:
        return None
    text = re.sub(r"\s+", " ", text).strip()
    if "http" in text or "@" in text or ("/" in text and " " not in text):
        return None
    if re.search(r"\b(?:said|says|sagt|schreibt|wrote|replied|antworten|reply)\b", text, re.I):
        return None  # a comment: "X said, on August 3 ..."
    posted = re.search(r"\bby\s+(?=[^\W\d_])", text, re.I)
    if posted and posted.start() > 0:
        text = text[posted.end():]  # "Posted on September 21, 2020 by Adi Tzlil"
    text = re.sub(r"^[^\W\d_a-z]{3,}:\s*", "", _AUTHOR_LEAD.sub("", text))  # "DOTYCZY: ..."
    text = _AUTHOR_TAIL.sub("", text).strip(" ,;:-–|")
    if not text or _NOT_AUTHOR.match(text) or not re.search(r"[^\W\d_]{2}", text):
        return None
    if site and _fold_title(text) == _fold_title(site):
        return None  # the site's own name (read_metadata takes it only when nothing else)
    first = text.split()[0]
    if " " in text and first.islower() and first not in _NAME_PARTICLES:
        return None  # words, not a name: "deinen Hochzeitsbloggern" (a handle is one word)
    if len(text.split()) > 12 or (len(text.split()) > 6 and not re.search(
            r",|\band\b|\bund\b|\by\b|&", text, re.I)):
        return None  # a sentence (an article's or a comment's text), not a byline
    return text


# JSON-LD items that describe something on the page other than the article: an image or a
# video (whose "author" is its photographer), a person, an organisation, a reader's comment
_NOT_ARTICLE_TYPES = frozenset({"ImageObject", "VideoObject", "AudioObject", "MediaObject", "Photograph",
                          "Person", "Organization", "Comment"})
# containers whose bylines are other people's: comments, sidebars, related stories. Matched
# on whole class words: "content-sidebar" on <body> is a layout, "post-footer" holds the byline
_ASIDE_TAGS = frozenset({"aside", "nav"})
_ASIDE_WORD = re.compile(r"(?:[\w-]*-)?(?:comments?|respond|repl(?:y|ies)|related|recommended|"
                         r"recent-posts|widget_recent_entries)(?:[-_][\w-]*)?|sidebar|sidebar-[\w-]+",
                         re.I)


def _not_article(item: dict[str, Any]) -> bool:
    kind = item.get("@type")
    kinds = kind if isinstance(kind, list) else [kind]
    return any(isinstance(k, str) and k in _NOT_ARTICLE_TYPES for k in kinds)


def _in_aside(el: Any) -> bool:
    """Whether the element is or stands in a comment thread, a sidebar, a menu or a list of
    related stories, where an author's name is a commenter's or another article's."""
    for anc in (el, *el.iterancestors()):
        if anc.tag in _ASIDE_TAGS:
            return True
        marks = f"{anc.get('class') or ''} {anc.get('id') or ''}".split()
        if any(_ASIDE_WORD.fullmatch(word) for word in marks):
            return True
    return False


# A visible byline: "By Alex Bozarjian", "Von Henry Steinhau", "Par Didier Roy" and nothing
# else in its element (a name is one to four capitalised words, two names joined by "and")
_NAME = r"[A-ZÀ-ÖØ-Þ][\w.'’-]*(?:\s+(?:[A-ZÀ-ÖØ-Þ][\w.'’-]*|de|la|van|von|der|al|el|bin))*"
_VISIBLE_BYLINE = re.compile(rf"^(?i:by|von|par|por|di|av|door)\s+"
                             rf"({_NAME}(?:\s+(?:and|und|y|et|&)\s+{_NAME})?)$")
_BY_WORD = re.compile(r"\s*(?:by|von|par|por|di|av|door)\b", re.I)


_UPDATED_MARK = re.compile(r"updat|modif|aktualisiert|actualiz|mis à jour", re.I)


def _is_publication_time(el: Any) -> bool:
    """A <time datetime> of the article: not in comments or a sidebar (another post's date),
    not marked as an update ("updated", "dateModified")."""
    if not el.get("datetime"):
        return False
    marks = " ".join(str(x.get(a) or "") for x in (el, el.getparent()) if x is not None
                     for a in ("class", "itemprop"))
    return not _UPDATED_MARK.search(marks + " " + (el.text or "")) and not _in_aside(el)


def _bylines(root: Any) -> tuple[Any, Any, Any, str | None]:
    """The first itemprop=author element, rel=author element and byline-classed element of
    the page, and the first visible "By NAME" line, outside comments and sidebars, in one pass
    over the page."""
    found: list[Any] = [None, None, None]
    visible: str | None = None
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        tests = ((el.get("itemprop") or "").lower() == "author", _is_author_rel(el),
                 bool(_BYLINE.search(el.get("class") or "")))
        for i, hit in enumerate(tests):
            if hit and found[i] is None and not _in_aside(el):
                found[i] = el
        # the element's own text starts with the word, or its first child is the word alone
        # (<span>By</span><a>Name</a>)
        lead = el.text if el.text and el.text.strip() else (
            el[0].text if len(el) and isinstance(el[0].tag, str) and el[0].text
            and _BY_WORD.fullmatch(el[0].text.strip()) else None)
        if visible is None and lead and _BY_WORD.match(lead) and el.tag not in _NOT_TEXT:
            m = _VISIBLE_BYLINE.match(_element_text(el))
            if m and len(m.group(1).split()) <= 9 and not _in_aside(el):
                visible = m.group(1)
    return found[0], found[1], found[2], visible


def _byline_names(text: str) -> set[str]:
    return {_fold_title(n) for n in split_names(text)}


def _fullest(names: Any) -> str | None:
    """The first byline found, or a later one that names the same people and more ("April
    Roach" in JSON-LD, "April Roach, Daniel O'Mahony" in the author meta tag)."""
    first: str | None = None
    for name in names:
        if name and (first is None or _byline_names(first) < _byline_names(name)):
            first = name
    return first


def _is_author_rel(el: Any) -> bool:
    rel = el.get("rel")
    if rel is None:
        return False
    # rel is a list of words on links (as bs4 reads it), one value elsewhere
    return "author" in rel.split() if el.tag in ("a", "link", "area") else rel == "author"


def _strip_boilerplate(soup: BeautifulSoup) -> None:
    for comment in soup.find_all(string=lambda s: isinstance(s, Comment)):
        comment.extract()
    for tag in soup.find_all(DROP_TAGS):
        tag.decompose()
    total = sum(len(p.get_text()) for p in soup.find_all("p")) or 1
    for tag in soup.find_all(True):
        # read from the tag's own dict: a missing attribute of a bs4 tag is looked up as a
        # child tag of that name, a search of its whole subtree (quadratic on deep pages)
        if tag.__dict__.get("_decomposed") or tag.name in PROTECTED_TAGS or tag.attrs is None:
            continue
        marks = " ".join([*(tag.get("class") or []), str(tag.get("id") or ""),
                          str(tag.get("role") or "")])
        hidden = tag.get("aria-hidden") == "true" or "display:none" in str(
            tag.get("style") or "").replace(" ", "")
        if hidden or (marks.strip() and _BOILERPLATE.search(marks)):
            share = sum(len(p.get_text()) for p in tag.find_all("p")) / total
            if hidden or share <= MAX_BOILERPLATE_SHARE:
                tag.decompose()


def _container(soup: BeautifulSoup) -> Tag:
    """The element holding the story: explicit markup first, else the most paragraph text."""
    def text_len(t: Tag) -> int:
        return sum(len(p.get_text()) for p in t.find_all("p"))

    candidates = [t for t in soup.find_all(["article", "main"]) if text_len(t) > 200]
    candidates += [t for t in soup.find_all(attrs={"itemprop": "articleBody"}) if text_len(t) > 200]
    if candidates:
        return max(candidates, key=text_len)
    best: Tag | None = None
    best_len = 0
    for p in soup.find_all("p"):
        parent = p.parent
        if isinstance(parent, Tag):
            n = text_len(parent)
            if n > best_len:
                best, best_len = parent, n
    body = soup.body or soup
    return best if best is not None and best_len > 200 else body  # type: ignore[return-value]


def _lines(container: Tag) -> list[str]:
    lines: list[str] = []
    blocks = container.find_all(BLOCK_TAGS)
    if not blocks:
        return [line.strip() for line in container.get_text("\n").split("\n") if line.strip()]
    for tag in blocks:
        if tag.find_parent(BLOCK_TAGS) is not None and tag.name not in ("li",):
            continue  # a <p> inside a <blockquote>/<li> is emitted with its parent
        if tag.name == "li" and tag.find(BLOCK_TAGS):
            continue  # emit the inner blocks, not the list item around them
        text = _text(tag)
        if not text:
            continue
        if tag.name == "h1":
            lines.append(f"# {text}")
        elif tag.name in ("h2", "h3", "h4", "h5", "h6"):
            lines.append(f"## {text}")
        else:
            lines.append(text)
    return lines


# trafilatura's XML: these elements flow inside a line; every other element is a block
_INLINE_XML = frozenset({"hi", "ref", "lb", "del", "graphic", "span"})
# ... and so does <code> inside a line of text (`next-line`); elsewhere it is a code block
_TEXT_BLOCKS = frozenset({"p", "item", "cell", "head", "quote"})


def xml_lines(root: Any) -> list[str]:
    """trafilatura's XML -> lines, each block's words once, in reading order.

    Each block (<p>, <head>, <item>, <cell>, <quote>, ...) is a line of its own, its inline
    markup flowing in it; a block inside another (a layout table's paragraphs in a <cell>)
    ends the outer line there and is emitted once, not again inside its container; text
    trafilatura leaves after a block (the tail of a <head>) is a line of its own, not lost;
    a line break <lb/> parts words ("Tampa, FL<lb/>June 14")."""
    lines: list[str] = []

    def flush(buf: list[str], tag: str) -> None:
        text = re.sub(r"\s+", " ", "".join(buf)).strip()
        buf.clear()
        if text:
            lines.append(f"## {text}" if tag == "head" else text)

    def inline(el: Any, buf: list[str]) -> None:
        buf.append(" " if el.tag == "lb" else el.text or "")
        for child in el:
            if isinstance(child.tag, str):
                inline(child, buf)
            buf.append(child.tail or "")

    def block(el: Any) -> None:
        buf: list[str] = [el.text or ""]
        for child in el:
            if not isinstance(child.tag, str):  # a comment: only its tail is text
                buf.append(child.tail or "")
            elif (child.tag in _INLINE_XML or (child.tag == "code" and el.tag in _TEXT_BLOCKS)) \
                    and not any(isinstance(d.tag, str) and d.tag not in _INLINE_XML
                                for d in child.iterdescendants()):
                inline(child, buf)
                buf.append(child.tail or "")
            else:
                flush(buf, el.tag)
                block(child)
                buf.append(child.tail or "")
        flush(buf, el.tag)

    block(root)
    return lines


def _trafilatura_lines(data: bytes) -> tuple[list[str], dict[str, str]]:
    """Main-text lines and metadata from trafilatura; ([], {}) when it finds no article."""
    import trafilatura
    from lxml import etree

    try:
        xml = trafilatura.extract(data, output_format="xml", with_metadata=True,
                                  include_comments=False, include_tables=True)
    except Exception:  # trafilatura gives up on odd markup; our own rules then take over
        return [], {}
    if not xml:
        return [], {}
    root = etree.fromstring(xml.encode("utf-8"))
    return xml_lines(root), {k: v for k, v in root.attrib.items() if v}


def page_encoding(data: bytes) -> str | None:
    """UTF-8 for a page that declares no encoding and decodes as UTF-8; else None (bs4 then
    takes a byte-order mark or the page's declaration, and guesses only as a last resort).

    Saved pages often lost their encoding with the HTTP header. bs4's guess (charset_normalizer)
    costs time on every page, and text that decodes as UTF-8 is UTF-8 all but certainly: a
    guess can only be worse (say, cp1252, turning every curly quote into mojibake)."""
    if EncodingDetector.find_declared_encoding(data, is_html=True) is not None:
        return None
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return None
    return "utf-8"


def parse_page(data: bytes) -> Any:
    """The page as lxml's tree, parsed as bs4 parses it: the same parser, trying the same
    encodings in the same order (page_encoding's, a byte-order mark's, the page's own...)."""
    from lxml import etree

    known = page_encoding(data)
    detector = EncodingDetector(data, known_definite_encodings=[known] if known else [],
                                is_html=True)
    problem: Exception | None = None
    for encoding in detector.encodings:
        try:
            parser = etree.HTMLParser(recover=True, encoding=encoding)
            parser.feed(detector.markup)
            root = parser.close()
        except (UnicodeDecodeError, LookupError, etree.ParserError, etree.XMLSyntaxError) as e:
            problem = e
            continue
        if root is None:
            break
        return root
    if problem is not None and not isinstance(problem, etree.XMLSyntaxError):
        raise ValueError(f"malformed HTML: {problem}")
    raise ValueError("malformed HTML: no elements found")


def _soup(data: bytes) -> BeautifulSoup:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # bs4's XML-as-HTML notice: we still want the text
        try:
            return BeautifulSoup(data, "lxml", from_encoding=page_encoding(data))
        except Exception as e:  # lxml is lenient; anything it rejects is not a page
            raise ValueError(f"malformed HTML: {e}") from None


MAX_DEPTH = 250  # lxml (libxml2) reads 255 levels of nesting and drops what lies deeper
_TOO_DEEP: Any = None


def _too_deep(root: Any) -> bool:
    """Whether the page nests elements MAX_DEPTH deep: one XPath, evaluated in C."""
    global _TOO_DEEP
    if _TOO_DEEP is None:
        from lxml import etree

        _TOO_DEEP = etree.XPath("boolean(/" + "/*" * MAX_DEPTH + ")")
    return bool(_TOO_DEEP(root.getroottree()))


_URL_DATE = re.compile(r"/((?:19|20)\d\d)[/-](\d\d?)[/-](\d\d?)(?:/|[-_.]|$)")


def published_date(stamp: str | None, url: str | None) -> str | None:
    """The day the page says it was published, as an ISO date, or None.

    The page's own published stamp (article:published_time, JSON-LD datePublished) wins over
    htmldate's guess from the whole page, which can take an update's date. A date in the
    article's URL is the outlet's own calendar day: where the stamp is a day off from it
    (a UTC time past midnight), the URL's day is the one the outlet printed."""
    m = _URL_DATE.search(url or "")
    try:
        in_url = dt.date(int(m[1]), int(m[2]), int(m[3])) if m else None
    except ValueError:
        in_url = None
    day = parse_date(stamp)
    if day and in_url and abs((day - in_url).days) <= 1:
        return in_url.isoformat()
    if day:
        return day.isoformat()
    return in_url.isoformat() if in_url else None


def clean_html(data: bytes) -> CleanDoc:
    root = parse_page(data)
    if _too_deep(root):
        raise ValueError(f"HTML nested more than {MAX_DEPTH} elements deep: part of it cannot be "
                         "read (a broken or hostile page); skipped")
    # the markup's fields in the one form the text takes (NFC, no control characters)
    meta = {k: normalise_text(v) if v else v for k, v in read_metadata(root).items()}
    lines, tmeta = _trafilatura_lines(data)
    if not lines:  # our own rules, on bs4's tree
        soup = _soup(data)
        _strip_boilerplate(soup)
        lines = _lines(_container(soup))
    doc = clean_text("\n\n".join(lines), marked_headings=True)
    meta["date"] = published_date(meta["published"], meta["url"]) or tmeta.get("date") or meta["date"]
    meta["author"] = meta["author"] or clean_author(tmeta.get("author"), meta["outlet"])
    # trafilatura's site name is often a social-media handle ("Handelsblatt_De",
    # "Timesofisrael") or the headline (MSN): taken only when it reads as a name
    sitename = tmeta.get("sitename") or ""
    meta["outlet"] = meta["outlet"] or (
        sitename if " " in sitename.strip() and not _is_headline_of(sitename, [meta["title"]]) else None)
    # The headline is the page's metadata (pick_title); the text's first heading, when it is
    # another, stays a heading
    if meta["title"] and doc.title and _fold_title(doc.title) != _fold_title(meta["title"]):
        doc.headings.insert(0, doc.title)
    doc.title = meta["title"] or doc.title
    if doc.title and doc.paragraphs and doc.paragraphs[0] == doc.title:
        doc.paragraphs.pop(0)
    doc.from_html = True
    doc.html_modified = meta.get("modified")
    doc.html_date, doc.html_author = meta["date"], meta["author"]
    doc.html_outlet, doc.html_url = meta["outlet"], meta["url"]
    return doc
