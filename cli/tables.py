"""Results as tables: one row per hit, quotation, similar article, or piece of check evidence
(a sentence, a figure, a denial), printed as CSV for spreadsheets or as a markdown table.

Cells are untrusted article text: a CSV cell that a spreadsheet would run as a formula (one
starting with =, +, -, @, a tab or a carriage return) is written with a leading apostrophe, and
control characters are shown as symbols (output.neutralise); markdown cells escape HTML and
link syntax (output.markdown_cell).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from typing import TYPE_CHECKING

from .output import markdown_cell, neutralise

if TYPE_CHECKING:
    from kcsearch import QuoteResult, SearchResult, Similar
    from kcsearch.check import CheckResult
    from kcsearch.results import AlsoCarried
    from kcsearch.watches import WatchNews

Table = tuple[list[str], list[list[str]]]

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: object) -> str:
    """A value as a spreadsheet reads it as text: never a formula, no control characters."""
    text = "" if value is None else str(value)
    if text.startswith(_FORMULA_START):
        text = "'" + text
    return neutralise(text)


def csv_text(table: Table) -> str:
    header, rows = table
    buf = io.StringIO()
    # quoted where needed (RFC 4180); rows end in a line feed, which spreadsheets read as
    # well as CRLF (and a carriage return is a control character kcsearch never prints)
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(header)
    writer.writerows([csv_cell(c) for c in row] for row in rows)
    return buf.getvalue().rstrip("\n")


def markdown_table(table: Table) -> str:
    header, rows = table
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(markdown_cell(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def _date(d: object) -> str:
    return d.isoformat() if d is not None else ""  # type: ignore[attr-defined]


def _carriers(also: Iterable[AlsoCarried]) -> str:
    return "; ".join(f"{a.outlet or 'unknown outlet'} ({a.id})" for a in also)


def search_table(result: SearchResult, first: int = 1) -> Table:
    """`first`: the rank of the page's first hit (page 2 of 10 starts at 11)."""
    header = ["rank", "outlet", "date", "title", "author", "id", "url", "snippet", "also_carried_by",
              "corrected"]
    rows = [[str(n), h.outlet or "", _date(h.date), h.title, h.author or "", h.id, h.url or "",
             h.snippets[0].text if h.snippets else "", _carriers(h.also), "yes" if h.corrected else ""]
            for n, h in enumerate(result.hits, first)]
    return header, rows


def quotes_table(result: QuoteResult) -> Table:
    header = ["speaker", "role", "speaker_kind", "quotation", "outlet", "date", "id", "url"]
    rows = [[q.speaker or "", q.role or "", q.speaker_kind or "", q.text, q.outlet or "", _date(q.date),
             q.id, q.url or ""] for q in result.quotes]
    return header, rows


def similar_table(doc_id: str, items: list[Similar]) -> Table:
    header = ["of", "overlap", "same_story", "outlet", "date", "title", "id"]
    rows = [[doc_id, f"{i.overlap:.2f}", "yes" if i.same_cluster else "", i.outlet or "", _date(i.date),
             i.title, i.id] for i in items]
    return header, rows


# a spreadsheet would read a cell "=" as a formula: verdicts are words in a table
VERDICT_WORDS = {"=": "matches", "≠": "differs", "~": "consistent, not the same"}
CHECK_HEADER = ["row", "outlet", "date", "id", "url", "also_carried_by", "text", "source",
                "scope", "figure", "claim_figure", "verdict", "why", "denies"]


def watch_table(found: list[WatchNews]) -> Table:
    header = ["watch", "query", "outlet", "date", "title", "id", "url"]
    rows = [[n.watch.name, n.watch.query, h.outlet or "", _date(h.date), h.title, h.id, h.url or ""]
            for n in found for h in n.new]
    return header, rows


TALLY = ["stories", "sentences", "figures_matching", "figures_differing", "figures_consistent",
         "disputes"]


def batch_table(checked: list[tuple[str, CheckResult | None, str | None]]) -> Table:
    """`check --claims` as one table: a `summary` row per claim (its counts, or why it could
    not be checked), then its evidence, figure and denial rows, each naming the claim."""
    header = ["claim", *CHECK_HEADER, *TALLY, "error"]
    rows: list[list[str]] = []
    for claim, result, error in checked:
        tally = result.tally() if result else {}
        rows.append([claim, "summary", *[""] * (len(CHECK_HEADER) - 1),
                     *[str(tally.get(k, "")) for k in TALLY], error or ""])
        if result is not None:
            rows += [[claim, *row, *[""] * len(TALLY), ""] for row in check_table(result)[1]]
    return header, rows


def check_table(result: CheckResult) -> Table:
    """One row per evidence sentence, per figure and per denial, told apart by `row`."""
    rows: list[list[str]] = []
    for g in result.groups:
        for s in g.sentences:
            source = ("outlet's own statement" if s.kind == "statement"
                      else f"{s.kind}: {s.speaker or 'unnamed'}")
            rows.append(["evidence", g.outlet or "", _date(g.date), g.id, g.url or "", _carriers(g.also),
                         s.text, source, "", "", "", "", "", ""])
    for fg in result.figures:
        for f in fg.figures:
            label = f"{f.text} {f.counts}".strip() if f.counts else f.text
            rows.append(["figure", f.outlet or "", _date(f.date), f.id, f.url or "", _carriers(f.also),
                         f.sentence, f.reported_by, fg.concept, label, fg.claim_text or "",
                         VERDICT_WORDS.get(f.verdict or "", "not compared"), f.why, ""])
    for d in result.disputes:
        rows.append(["denial", d.outlet or "", _date(d.date), d.id, d.url or "", "", d.sentence,
                     d.who or "unattributed", "", d.trigger, "", "", "", d.denies])
    return CHECK_HEADER, rows
