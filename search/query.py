"""A search request as plain data, with its arguments checked before any engine sees them.

syntax.py parses `SearchRequest.text` (Whoosh's query syntax) and rewrite.py applies the
filters; everything a user can get wrong in the options is rejected here with a one-line
message.
"""

from __future__ import annotations

import datetime as dt
import re

from kcsearch.index.errors import KcsearchError
from kcsearch.index.records import record

SORTS = ("relevance", "newest", "oldest")
DEFAULT_LIMIT = 10
MAX_LIMIT = 10_000  # hits a page may hold (an engine allocates for the limit)
MAX_QUOTE_LIMIT = 1_000_000  # quotations: a full export (`quotes --json --limit 100000`)
MAX_QUERY_CHARS = 2_000  # a query or a claim; longer is a paste gone wrong, not a search
MAX_NAME_CHARS = 200  # --speaker, --outlet
MAX_OUTLETS = 100


class QueryError(KcsearchError):
    """A query or search option the user gave cannot be used."""


@record
class SearchRequest:
    """A search as the user asked for it, before parsing: the API's and the CLI's one input."""

    text: str
    after: dt.date | None = None
    before: dt.date | None = None
    outlets: tuple[str, ...] = ()  # canonical names
    speaker: str | None = None
    limit: int = DEFAULT_LIMIT
    sort: str = "relevance"
    aliases: bool = True  # widen names to their alias groups (off: --exact-names)
    page: int = 1  # which page of `limit` hits (stories, when copies collapse), from 1
    short: bool = False  # quotes: list one- and two-word quotations too (--short)


def parse_bound(value: str | None, option: str, end: bool) -> dt.date | None:
    """'2020', '2020-09' or '2020-09-27' as the first (or, for an end bound, last) day it covers."""
    if value is None:
        return None
    v = value.strip()
    m = re.fullmatch(r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?", v)
    try:
        if not m:
            raise ValueError
        year, month, day = int(m.group(1)), m.group(2), m.group(3)
        if month is None:
            return dt.date(year, 12, 31) if end else dt.date(year, 1, 1)
        if day is None:
            first = dt.date(year, int(month), 1)
            if not end:
                return first
            # the month's last day: the day before the next month's first (no calendar import)
            return dt.date(year + first.month // 12, first.month % 12 + 1, 1) - dt.timedelta(days=1)
        return dt.date(year, int(month), int(day))
    except ValueError:
        raise QueryError(f"{option} {value!r} is not a date; use YYYY-MM-DD, YYYY-MM or YYYY "
                         "(e.g. 2020-09-27)") from None


def make_request(text: str | None, *, after: str | None = None, before: str | None = None,
                 until: str | None = None,
                 outlets: tuple[str, ...] = (), speaker: str | None = None,
                 limit: int = DEFAULT_LIMIT, sort: str = "relevance",
                 text_required: bool = True, aliases: bool = True, page: int = 1,
                 short: bool = False) -> SearchRequest:
    for name, value in (("the query", text), ("--after", after), ("--before", before),
                        ("--until", until), ("--speaker", speaker), ("--sort", sort)):
        if value is not None and not isinstance(value, str):
            raise QueryError(f"{name} must be text, not {type(value).__name__}")
    if text is not None and len(text) > MAX_QUERY_CHARS:
        raise QueryError(f"the query has {len(text):,} characters; kcsearch takes up to "
                         f"{MAX_QUERY_CHARS:,}")
    if "\x00" in (text or ""):
        raise QueryError("the query holds a NUL character; type it again")
    if len(outlets) > MAX_OUTLETS or any(len(o) > MAX_NAME_CHARS for o in outlets):
        raise QueryError(f"--outlet: at most {MAX_OUTLETS} outlets of up to {MAX_NAME_CHARS} characters")
    if speaker is not None and len(speaker) > MAX_NAME_CHARS:
        raise QueryError(f"--speaker is {len(speaker):,} characters long; a name takes up to "
                         f"{MAX_NAME_CHARS}")
    if text_required and (not text or not text.strip()):
        raise QueryError("the query is empty; give words to search for, e.g. kcsearch \"Minsk Group\"")
    if not text_required and text and not text.strip():  # "  ": a typo, not "no query"
        raise QueryError("the query is empty; leave it out to list every quotation")
    start = parse_bound(after, "--after", end=False)
    if before is not None and until is not None:
        raise QueryError("give --before (up to, not including) or --until (up to and including), "
                         "not both")
    # --before 2020 ends on 2019-12-31; --until 2020 on 2020-12-31
    first = parse_bound(before, "--before", end=False)
    stop = first - dt.timedelta(days=1) if first else parse_bound(until, "--until", end=True)
    if start and stop and start > stop:
        option, value = ("--before", before) if before is not None else ("--until", until)
        raise QueryError(f"--after {after} is not earlier than {option} {value}; nothing can match")
    if sort not in SORTS:
        raise QueryError(f"--sort {sort!r} is not one of: {', '.join(SORTS)}")
    cap = MAX_LIMIT if text_required else MAX_QUOTE_LIMIT
    if type(limit) is not int or not 1 <= limit <= cap:
        raise QueryError(f"--limit must be a whole number from 1 to {cap:,}, not {limit!r}")
    if speaker is not None and not speaker.strip():
        raise QueryError("--speaker is empty; give a name, e.g. --speaker Peskov")
    if type(page) is not int or page < 1 or page * limit > cap:
        raise QueryError(f"--page must be a whole number from 1, and --page x --limit at most "
                         f"{cap:,}, not {page!r}")
    return SearchRequest((text or "").strip(), start, stop, outlets, speaker, limit, sort, aliases,
                         page, bool(short))
