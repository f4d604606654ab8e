"""A search request as plain data, with its arguments checked before any engine sees them.

syntax.py parses `SearchRequest.text` (Whoosh's query syntax) and reader.py applies the
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
                 outlets: tuple[str, ...] = (), speaker: str | None = None,
                 limit: int = DEFAULT_LIMIT, sort: str = "relevance",
                 text_required: bool = True, aliases: bool = True) -> SearchRequest:
    if text_required and (not text or not text.strip()):
        raise QueryError("the query is empty; give words to search for, e.g. kcsearch \"Minsk Group\"")
    if not text_required and text and not text.strip():  # "  ": a typo, not "no query"
        raise QueryError("the query is empty; leave it out to list every quotation")
    start = parse_bound(after, "--after", end=False)
    stop = parse_bound(before, "--before", end=True)
    if start and stop and start > stop:
        raise QueryError(f"--after {after} is later than --before {before}; nothing can match")
    if sort not in SORTS:
        raise QueryError(f"--sort {sort!r} is not one of: {', '.join(SORTS)}")
    if limit < 1:
        raise QueryError(f"--limit must be at least 1, not {limit}")
    if speaker is not None and not speaker.strip():
        raise QueryError("--speaker is empty; give a name, e.g. --speaker Peskov")
    return SearchRequest((text or "").strip(), start, stop, outlets, speaker, limit, sort, aliases)
