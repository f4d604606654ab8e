"""The Whoosh schema and its analyzers: how article fields become searchable terms.

Text analysis decides what matches, so its rules are here in one place:
- words split at hyphens ("Nagorno-Karabakh" -> nagorno, karabakh at adjacent positions), and
  a multi-token query word becomes a phrase, so "Nagorno-Karabakh" and "Nagorno Karabakh" match
  each other;
- a possessive 's is dropped ("Azerbaijan's" -> azerbaijan), either apostrophe;
- digit-group commas go ("4,000" -> 4000) so a figure matches however it is written;
- case and accents fold ("Erdoğan" -> erdogan, "Çavuşoğlu" -> cavusoglu);
- body and title are stemmed (ceasefires -> ceasefir, killed -> kill);
- no stop words are removed: removing them renumbers positions and lets a phrase match words
  that are not adjacent in the text.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

from whoosh.analysis import (
    CharsetFilter,
    Filter,
    LowercaseFilter,
    RegexTokenizer,
    StemFilter,
)
from whoosh.fields import BOOLEAN, ID, KEYWORD, NUMERIC, STORED, TEXT, Schema
from whoosh.lang import stemmer_for_language
from whoosh.support.charset import accent_map

from .dedup import bands
from .model import Article

# Bump when the schema or analysis changes: an older index is then detected and rebuilt.
# 2: quotations are documents of their own (kind=quote), so quote searches match per quote.
# 3: near-duplicate signature, LSH keys and story cluster per article.
# 4: a "dated" flag, so counting undated matches is one term, not a walk of every date.
SCHEMA_VERSION = 4
ARTICLE, QUOTE = "article", "quote"

TOKEN_PATTERN = r"\d+(?:[.,]\d+)+|\w+(?:['’]\w+)*"
_stem = stemmer_for_language("en")
_POSSESSIVE = re.compile(r"['’]s$")
_DIGIT_GROUPS = re.compile(r"^\d{1,3}(?:,\d{3})+(?:\.\d+)?$")


class NormaliseFilter(Filter):
    """Drop possessive 's, unify apostrophes, and write figures without digit-group commas."""

    def __call__(self, tokens: Iterator[Any]) -> Iterator[Any]:
        for t in tokens:
            text = _POSSESSIVE.sub("", t.text).replace("’", "'")
            if _DIGIT_GROUPS.match(text):
                text = text.replace(",", "")
            t.text = text
            yield t


def text_analyzer() -> Any:
    """Body, title, headings and quotes: folded and stemmed, positions kept exact."""
    return (RegexTokenizer(TOKEN_PATTERN) | LowercaseFilter() | NormaliseFilter()
            | CharsetFilter(accent_map) | StemFilter(lang="en", cachesize=50000))


def name_analyzer() -> Any:
    """Speakers, authors, outlets: folded but not stemmed, so 'Celik' is not cut to 'celik'-ish."""
    return RegexTokenizer(TOKEN_PATTERN) | LowercaseFilter() | NormaliseFilter() | CharsetFilter(
        accent_map)


_TOKEN = re.compile(TOKEN_PATTERN)
_TERM_CACHE: dict[str, str] = {}
_TERM_CACHE_MAX = 200_000


def _term(word: str) -> str:
    """One word through text_analyzer's filters, without its per-token generator overhead."""
    term = _TERM_CACHE.get(word)
    if term is None:
        term = word.lower()
        term = _POSSESSIVE.sub("", term).replace("’", "'")
        if _DIGIT_GROUPS.match(term):
            term = term.replace(",", "")
        term = _stem(term.translate(accent_map))
        if len(_TERM_CACHE) < _TERM_CACHE_MAX:
            _TERM_CACHE[word] = term
    return term


def tokens(text: str) -> list[tuple[str, int, int]]:
    """`text` as the index sees it: (term, start char, end char), for highlighting and checks.

    Same output as text_analyzer() (a test holds them equal) at a fraction of the cost: the
    analyzer builds a Token object per word in generator chains, about 12 µs a word."""
    return [(_term(m.group()), m.start(), m.end()) for m in _TOKEN.finditer(text)]


_NAME_ANALYZER = None


def name_tokens(text: str) -> list[tuple[str, int, int]]:
    """A name as the speaker field indexes it (folded, unstemmed)."""
    global _NAME_ANALYZER
    if _NAME_ANALYZER is None:
        _NAME_ANALYZER = name_analyzer()
    return [(t.text, t.startchar, t.endchar) for t in _NAME_ANALYZER(text, chars=True, mode="index")]


def build_schema() -> Schema:
    text, names = text_analyzer(), name_analyzer()
    return Schema(
        id=ID(stored=True, unique=True),  # article: its path; quote: "<article id>#q<n>"
        kind=ID(stored=True),  # "article" or "quote"
        article=ID(stored=True),  # the article a document belongs to (itself, for an article)
        root=ID(stored=True),
        path=STORED(),
        title=TEXT(analyzer=text, stored=True, field_boost=2.0, multitoken_query="phrase"),
        outlet=TEXT(analyzer=names, stored=True, multitoken_query="phrase"),
        outlet_key=ID(stored=False),  # lower-cased canonical outlet, for exact filters
        url=STORED(),
        date=NUMERIC(int, bits=32, stored=True, sortable=True),  # YYYYMMDD: day resolution
        dated=ID(),  # "y" or "n"
        date_source=ID(stored=True),
        author=TEXT(analyzer=names, stored=True, multitoken_query="phrase"),
        contributors=STORED(),
        headings=TEXT(analyzer=text, stored=True, multitoken_query="phrase"),
        body=TEXT(analyzer=text, stored=True, multitoken_query="phrase"),
        quote_text=TEXT(analyzer=text, multitoken_query="phrase"),
        quotes=STORED(),  # JSON list of Quote dicts
        speakers=STORED(),  # the speakers as named, for display
        speaker=TEXT(analyzer=names, multitoken_query="phrase"),  # what finds them (see quotes.py)
        content_hash=ID(stored=True),
        fingerprint=STORED(),
        stale_banner=BOOLEAN(stored=True),
        format=ID(stored=True),
        signature=STORED(),  # dedup.signature
        lsh=KEYWORD(),  # dedup.bands: finds near-duplicate candidates
        cluster=ID(stored=True),  # the story cluster (an article id)
    )


def date_to_int(date: Any) -> int | None:
    return date.year * 10000 + date.month * 100 + date.day if date else None


def to_fields(a: Article) -> dict[str, Any]:
    """An Article as the keyword arguments of Whoosh's add_document."""
    from .quotes import speaker_search_text  # writing only: keeps searches' imports small

    fields: dict[str, Any] = {
        "id": a.id,
        "kind": ARTICLE,
        "article": a.id,
        "root": a.root,
        "path": a.path,
        "title": a.title or "",
        "outlet": a.outlet or "",
        "outlet_key": (a.outlet or "").lower(),
        "url": a.url,
        "date_source": a.date_source,
        "author": a.author or "",
        "contributors": list(a.contributors),
        "headings": "\n".join(a.headings),
        "body": a.body,
        "quote_text": "\n".join(q.text for q in a.quotes),
        "quotes": json.dumps([q.to_dict() for q in a.quotes], ensure_ascii=False),
        "speakers": list(a.speakers),
        "speaker": "\n".join(dict.fromkeys(speaker_search_text(q) for q in a.quotes)),
        "content_hash": a.content_hash,
        "fingerprint": a.fingerprint,
        "stale_banner": a.stale_banner,
        "format": a.format,
        "signature": list(a.signature),
        "lsh": " ".join(bands(a.signature)) if a.signature else "",
        "cluster": a.cluster or a.id,
    }
    date = date_to_int(a.date)
    fields["dated"] = "n" if date is None else "y"
    if date is not None:
        fields["date"] = date
    return fields


def quote_fields(a: Article) -> list[dict[str, Any]]:
    """One document per quotation, carrying the article fields that quote filters need."""
    from .quotes import speaker_search_text

    docs = []
    date = date_to_int(a.date)
    for n, q in enumerate(a.quotes):
        doc: dict[str, Any] = {
            "id": f"{a.id}#q{n:04d}",  # zero-padded: id order is text order
            "kind": QUOTE,
            "article": a.id,
            "root": a.root,
            "outlet": a.outlet or "",
            "outlet_key": (a.outlet or "").lower(),
            "quote_text": q.text,
            "quotes": json.dumps(q.to_dict(), ensure_ascii=False),
            "speakers": [q.speaker] if q.speaker else [],
            "speaker": speaker_search_text(q),
            "dated": "n" if date is None else "y",
        }
        if date is not None:
            doc["date"] = date
        docs.append(doc)
    return docs
