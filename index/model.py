"""Plain data passed between the ingest stages.

load (bytes -> RawFile) -> clean (text -> CleanDoc) -> extract (CleanDoc -> fields, quotes)
-> Article, which the engine writer stores. Nothing here knows about Whoosh, so a second
engine can store the same Article.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from .records import record


@record(many=True)
class Quote:
    """A direct quotation; start/end are character offsets of `text` inside the body."""

    text: str
    speaker: str | None
    role: str | None
    start: int
    end: int
    # "person", "org" or "unnamed" (a description such as "an official at ... office");
    # None when the speaker is unknown.
    speaker_kind: str | None = None
    # one or two words, or a title ("occupation", "Minsk Group"): kept searchable, listed
    # only on request or when the query matches it
    short: bool = False
    # how the speaker was found: rule, cue, the attributing clause's body offsets, and for a
    # pronoun its antecedent and how many sentences back it was named
    how: dict[str, object] | None = None

    def to_dict(self) -> dict[str, object]:
        return {
            "text": self.text,
            "speaker": self.speaker,
            "role": self.role,
            "speaker_kind": self.speaker_kind,
            "start": self.start,
            "end": self.end,
            "short": self.short,
            "how": self.how,
        }

    @classmethod
    def from_dict(cls, d: dict[str, object]) -> Quote:
        return cls(
            text=str(d["text"]),
            speaker=d.get("speaker"),  # type: ignore[arg-type]
            role=d.get("role"),  # type: ignore[arg-type]
            start=int(d["start"]),  # type: ignore[call-overload]
            end=int(d["end"]),  # type: ignore[call-overload]
            speaker_kind=d.get("speaker_kind"),  # type: ignore[arg-type]
            short=bool(d.get("short", False)),
            how=d.get("how") if isinstance(d.get("how"), dict) else None,  # type: ignore[arg-type]
        )


@record
class Metadata:
    """What a corpus metadata file (sources.toml) says about one article."""

    url: str | None = None
    outlet: str | None = None
    date: dt.date | None = None
    title: str | None = None
    author: str | None = None
    # fields the file's values replace even where the article states its own
    override: frozenset[str] = frozenset()


@dataclass
class CleanDoc:
    """An article after boilerplate removal: body paragraphs plus the metadata lines found.

    The cleaner only recognises metadata lines (so they leave the body); extract.py turns
    the raw strings into field values.
    """

    paragraphs: list[str] = field(default_factory=list)
    headings: list[str] = field(default_factory=list)
    title: str | None = None
    byline: str | None = None  # raw byline text, e.g. "Michael Safi" or "By Michael Safi"
    dateline: str | None = None  # raw date text, e.g. "Mon 28 Sep 2020 18.13 CEST"
    source: str | None = None  # "Source: TRTWorld and agencies" -> "TRTWorld and agencies"
    via: str | None = None  # "Via Financial Times" -> "Financial Times"
    reporting: list[str] = field(default_factory=list)  # "Additional reporting by ..."
    # a wire story's "Reporting by X; Writing by Y; Editing by Z": (role, names) pairs
    credits: list[tuple[str, str]] = field(default_factory=list)
    wire: str | None = None  # the agency of "(Reuters)" datelines and "By X | Associated Press"
    wire_day: str | None = None  # "Oct 4" of a wire dateline (it gives no year)
    modified: str | None = None  # raw "Updated ..." date, kept apart from the published one
    from_html: bool = False  # a web page: its outlet comes from its markup, never its text
    corrections: list[str] = field(default_factory=list)  # "Correction: ...", editor's notes
    encoding: str = "utf-8"  # how a text file's bytes were read
    stale_banner: bool = False
    # Metadata found in HTML markup (meta tags, <time>, og:site_name).
    html_date: str | None = None
    html_author: str | None = None
    html_outlet: str | None = None
    html_url: str | None = None
    html_modified: str | None = None  # article:modified_time / dateModified
    # Every removed line with the rule that removed it: for tests and `--explain`-style audits.
    dropped: list[tuple[str, str]] = field(default_factory=list)
    # Removed captions still name people in full ("Turkish President Recep Tayyip Erdogan at
    # Dolmabahce"); quote attribution may use them to expand a surname.
    captions: list[str] = field(default_factory=list)

    @property
    def body(self) -> str:
        return "\n\n".join(self.paragraphs)


@record
class Article:
    """One fielded document, ready for any engine."""

    id: str  # path relative to its corpus root, '/'-separated
    path: str  # absolute path when indexed
    root: str  # absolute corpus root it was found under
    title: str | None
    outlet: str | None
    url: str | None
    date: dt.date | None
    date_source: str  # "text", "metadata" or "none"
    author: str | None
    contributors: tuple[str, ...]
    headings: tuple[str, ...]
    body: str
    quotes: tuple[Quote, ...]
    speakers: tuple[str, ...]  # as named in the article, in order of first quotation
    content_hash: str  # sha256 of the file's bytes
    fingerprint: str  # content + metadata + pipeline version: what incremental runs compare
    stale_banner: bool
    format: str  # "text" or "html"
    signature: tuple[int, ...] = ()  # near-duplicate signature (dedup.py)
    encoding: str = "utf-8"  # how a text file's bytes were read (a detector's guess if not UTF-8)
    # fields whose value came from sources.toml (a gap it filled, or a value it overrode)
    from_metadata: tuple[str, ...] = ()
    corrections: tuple[str, ...] = ()  # corrections and editor's notes the article carries
    agency: str | None = None  # the agency credited beside the outlet ("Daily Sabah with AA")
    modified: dt.date | None = None  # the "Updated ..." date, apart from the published one
    # where each field's value came from: "outlet:html", "date:text", "author:sources.toml"...
    field_sources: tuple[str, ...] = ()
