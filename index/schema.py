"""Fields and text analysis: how article fields become searchable terms, for every engine.

Text analysis decides what matches, so its rules are here in one place:
- words split at hyphens ("Nagorno-Karabakh" -> nagorno, karabakh at adjacent positions), and
  a multi-token query word becomes a phrase, so "Nagorno-Karabakh" and "Nagorno Karabakh" match
  each other;
- a possessive 's is dropped ("Azerbaijan's" -> azerbaijan), either apostrophe;
- digit-group commas go ("4,000" -> 4000) so a figure matches however it is written;
- case and accents fold ("Erdoğan" -> erdogan, "Çavuşoğlu" -> cavusoglu);
- body and title are stemmed (ceasefires -> ceasefir, killed -> kill), by the language's
  stemmer (index/language.py; English is the one implemented);
- no stop words are removed: removing them renumbers positions and lets a phrase match words
  that are not adjacent in the text.
"""

from __future__ import annotations

import functools
import re
from operator import itemgetter
from typing import TYPE_CHECKING, Any

from .fold import fold, fold_in_place
from .language import LANG
from .records import record

if TYPE_CHECKING:
    from .model import Article

# Bump when the schema or analysis changes: an older index is then detected and rebuilt.
# 2: quotations are documents of their own (kind=quote), so quote searches match per quote.
# 3: near-duplicate signature, LSH keys and story cluster per article.
# 4: a "dated" flag, so counting undated matches is one term, not a walk of every date.
# 5: analysis by kcsearch for both engines: Snowball (PyStemmer) stems, own accent folding.
# 6: a lone combining mark folds away ("İlham" -> ilham, was i + a dot above); a quotation
#    field on quote documents only.
# 7: quotations stored as data, not as a JSON string inside the stored document (decoding
#    twice was a fifth of reading a candidate quotation for provenance).
# 8: tantivy stores an article's id, fingerprint and root apart from the document.
# 9: the near-duplicate signature stored as hex (dedup.to_stored), not a list of integers.
# 10: a sketch of each quotation (index/sketch.py), read without reading the quotation.
SCHEMA_VERSION = 15
ARTICLE, QUOTE = "article", "quote"
SHORT_QUOTE = "short_quote"  # one or two words, or a title: listed on request or on a match

TOKEN_PATTERN = r"\d+(?:[.,]\d+)+|\w+(?:['’]\w+)*"
_stem = LANG.stem


_POSSESSIVE = re.compile(rf"{LANG.possessive}$")
_DIGIT_GROUPS = re.compile(r"^\d{1,3}(?:,\d{3})+(?:\.\d+)?$")


def normalise(word: str) -> str:
    """Drop possessive 's, unify apostrophes, and write figures without digit-group commas."""
    text = _POSSESSIVE.sub("", word).replace("’", "'")
    return text.replace(",", "") if _DIGIT_GROUPS.match(text) else text


_TOKEN = re.compile(TOKEN_PATTERN)
_TERM_CACHE_MAX = 200_000


class _Terms(dict[str, str]):
    """word -> term, filled as words are met. A known word costs one dict lookup in C when
    mapped with terms() (a Python function around a cache cost more)."""

    def __missing__(self, word: str) -> str:
        found: str = _stem(fold(normalise(word.lower())))
        if len(self) < _TERM_CACHE_MAX:
            self[word] = found
        return found


_TERMS = _Terms()
term = _TERMS.__getitem__  # one word as the index's text fields store it: folded, normalised, stemmed


def terms(text: str) -> list[str]:
    """The terms of `text` in order (tokens() without the offsets)."""
    return list(map(term, _TOKEN.findall(text)))


def tokens(text: str) -> list[tuple[str, int, int]]:
    """`text` as the index sees it: (term, start char, end char), for highlighting and checks.

    Same output as whoosh_engine.text_analyzer() (a test holds them equal) at a fraction of the
    cost: the analyzer builds a Token object per word in generator chains."""
    return [(term(m.group()), m.start(), m.end()) for m in _TOKEN.finditer(text)]


def words(text: str) -> list[str]:
    """The words of `text` as written (what tokens() analyses), found at C speed."""
    return _TOKEN.findall(text)




def surface_words(text: str, wanted: set[str] | frozenset[str]) -> set[str]:
    """The words of `text`, as written, whose terms are in `wanted` (and, where a word starts
    inside another, a few more: callers that need exact words use wanted_tokens())."""
    found = _wanted_at(text, wanted)
    if found is None:
        return {w for w in set(words(text)) if term(w) in wanted}
    return {m.group() for _t, m in found}


def wanted_tokens(text: str, wanted: set[str] | frozenset[str]) -> list[tuple[str, int, int]]:
    """The tokens() of `text` whose terms are in `wanted`, in order: what snippets and alias
    spellings need, without analysing the other words (see _wanted_at()).

    A word found is kept if a token starts there: after white space or any other character no
    token holds, at once; otherwise ("2km", "O'Neill", "1,400") by tokenising from the last
    space or line end before it, as tokens() would, so snippets need not locate the words again
    in each candidate sentence."""
    found = _wanted_at(text, wanted)
    if found is None:
        return [t for t in tokens(text) if t[0] in wanted]
    # most words follow white space: the check then costs no call
    toks = [(t, p, m.end()) for t, m in found
            if (p := m.start()) == 0 or text[p - 1].isspace() or _token_starts_at(text, p)]
    toks.sort(key=itemgetter(1))
    return toks


def _wanted_at(text: str, wanted: set[str] | frozenset[str]) -> list[tuple[str, re.Match[str]]] | None:
    """The words of `text` (term, match) whose terms are in `wanted`, in no order, a few of them
    starting inside another word; None where folding changes a length (see _starts).

    Analysing every distinct word of a hit's body to find them was most of a search's time.
    A word can only have term t if its lowercased, accent-folded form starts with t's first
    letters (all but STEM_REWRITES), so only the words found at those prefixes are analysed."""
    if not wanted:
        return []
    starts = _starts(text, wanted)
    if starts is None:
        return None
    found = []
    for p in starts:
        m = _TOKEN.match(text, p)
        if m is not None and (t := term(m.group())) in wanted:
            found.append((t, m))
    return found


_IN_TOKENS = re.compile(r"[\w'’.,]")  # characters a token may hold (a figure holds . and ,)


def _token_starts_at(text: str, p: int) -> bool:
    if not _IN_TOKENS.match(text, p - 1):
        return True
    start = max(text.rfind(" ", 0, p), text.rfind("\n", 0, p)) + 1
    for m in _TOKEN.finditer(text, start):
        if m.end() > p:
            return m.start() == p
    return False


def _starts(text: str, wanted: set[str] | frozenset[str]) -> set[int] | None:
    """Where words with a wanted term may start in `text`, found in a folded copy of it that
    keeps every character's offset; None where folding or lowercasing changes a length ("ß"
    -> ss): every word must then be analysed."""
    folded = fold_in_place(text)
    if folded is None:
        return None
    return {m.start() for prefix in _prefixes(frozenset(wanted)) for m in prefix.finditer(folded)}


@functools.lru_cache(maxsize=256)
def _prefixes(wanted: frozenset[str]) -> tuple[re.Pattern[str], ...]:
    """Where words of the wanted terms can start (built once per query or claim: building them
    for each of a check's 60 bodies was a third of surface_words())."""
    prefixes = set()
    for t in wanted:
        # a figure's term has no digit-group commas ("4,000" -> 4000): keep its first digit
        # a word's stem may have rewritten its last letters (language.Language.rewritten)
        n = 1 if t[:1].isdigit() else max(1, len(t) - LANG.rewritten(t))
        prefixes.add(re.escape(t[:n]))  # fold_in_place() writes ’ as ', as terms have it
    # A word starts after a non-word character, or after a figure ("2.5km" -> 2.5, km). The
    # check for a letter before the prefix comes after it: in front, as a lookbehind, it kept re
    # from scanning for the prefix's letters (many times slower). One pattern a prefix, for the
    # same reason: an alternation has no letters to scan for (bench/README.md: "Prefix scans").
    return tuple(re.compile(p + r"(?<![^\W\d]" + p + ")") for p in sorted(prefixes))


def name_term(word: str) -> str:
    return fold(normalise(word.lower()))


def name_tokens(text: str) -> list[tuple[str, int, int]]:
    """A name as the speaker, author and outlet fields index it (folded, unstemmed)."""
    return [(name_term(m.group()), m.start(), m.end()) for m in _TOKEN.finditer(text)]


def name_key(name: str) -> str:
    """Case- and accent-free form of a name, as the speaker field indexes it."""
    return " ".join(t for t, _s, _e in name_tokens(name))


# What engines store of a document (the rest is only searched).
STORED_FIELDS = frozenset({
    "id", "kind", "article", "root", "path", "title", "outlet", "url", "date", "date_source",
    "author", "contributors", "headings", "body", "quotes", "speakers", "content_hash",
    "fingerprint", "stale_banner", "format", "signature", "cluster", "encoding",
    "from_metadata", "corrections", "agency", "modified", "field_sources"})



@record
class QueryField:
    """A field a query can name: the names a user may type for it, how its words are analysed
    ("text": tokens(), folded and stemmed; "name": name_tokens(), folded only) and its weight
    in a relevance score. The parser applies the weight, so every engine scores it the same."""

    name: str
    analysis: str
    boost: float
    typed_as: tuple[str, ...]


# The one table both engines' schemas and the query parser are built from.
QUERY_FIELDS = (
    QueryField("title", "text", 2.0, ("title",)),
    QueryField("headings", "text", 1.2, ("headings", "heading")),
    QueryField("body", "text", 1.0, ("body",)),
    QueryField("quote_text", "text", 1.0, ("quote", "quotes", "quote_text")),
    QueryField("outlet", "name", 1.0, ("outlet",)),
    QueryField("author", "name", 1.0, ("author",)),
    QueryField("speaker", "name", 1.0, ("speaker", "speakers")),
)
TEXT_FIELDS = tuple(f.name for f in QUERY_FIELDS if f.analysis == "text")  # analysed by tokens()
# A quotation's words on its quote document alone (articles have none), without positions:
# finding a quotation's other carriers then needs no kind:quote restriction, which made each
# of the searches behind one quotes command several times slower.
QUOTATION = "quotation"
SKETCH = "sketch"  # quote documents: a 64-bit number engines keep apart from stored fields
NAME_FIELDS = tuple(f.name for f in QUERY_FIELDS if f.analysis == "name")  # by name_tokens()
FIELD_BOOSTS = {f.name: f.boost for f in QUERY_FIELDS if f.boost != 1.0}
KEY_FIELDS = ("id", "kind", "article", "root", "outlet_key", "dated", "content_hash", "format",
              "cluster")  # exact values
# lsh: space-separated keys; date: YYYYMMDD integer


def date_to_int(date: Any) -> int | None:
    return date.year * 10000 + date.month * 100 + date.day if date else None


def to_fields(a: Article) -> dict[str, Any]:
    """An Article as one document's fields (engines store those in STORED_FIELDS), but for its
    story cluster: the indexing process decides that later, in order (writer.py), and engines
    add it with the document (add_encoded)."""
    from .dedup import bands, to_stored  # writing only, as below
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
        "quotes": [q.to_dict() for q in a.quotes],
        "speakers": list(a.speakers),
        "speaker": "\n".join(dict.fromkeys(speaker_search_text(q) for q in a.quotes)),
        "content_hash": a.content_hash,
        "fingerprint": a.fingerprint,
        "stale_banner": a.stale_banner,
        "format": a.format,
        "encoding": a.encoding,
        "from_metadata": list(a.from_metadata),
        "corrections": list(a.corrections),
        "agency": a.agency or "",
        "modified": a.modified.isoformat() if a.modified else "",
        "field_sources": list(a.field_sources),
        "signature": to_stored(a.signature),
        "lsh": " ".join(bands(a.signature)) if a.signature else "",
    }
    date = date_to_int(a.date)
    fields["dated"] = "n" if date is None else "y"
    if date is not None:
        fields["date"] = date
    return fields


def quote_fields(a: Article) -> list[dict[str, Any]]:
    """One document per quotation, carrying the article fields that quote filters need."""
    from .quotes import speaker_search_text
    from .sketch import sketch

    docs = []
    date = date_to_int(a.date)
    for n, q in enumerate(a.quotes):
        doc: dict[str, Any] = {
            "id": f"{a.id}#q{n:04d}",  # zero-padded: id order is text order
            "kind": SHORT_QUOTE if q.short else QUOTE,
            "article": a.id,
            "root": a.root,
            "outlet": a.outlet or "",
            "outlet_key": (a.outlet or "").lower(),
            "url": a.url,  # so a quotation listed or exported links to its article
            "quote_text": q.text,
            QUOTATION: q.text,
            "quotes": q.to_dict(),
            "speakers": [q.speaker] if q.speaker else [],
            "speaker": speaker_search_text(q),
            "dated": "n" if date is None else "y",
            SKETCH: sketch(q.text, q.speaker, terms, name_key),
        }
        if date is not None:
            doc["date"] = date
        docs.append(doc)
    return docs
