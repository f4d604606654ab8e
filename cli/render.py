"""Turning library results into terminal text and JSON. No logic about what matches.

Styling is marked with output.BOLD / output.RESET; output.py neutralises the text and swaps
the real escape sequences in, so nothing here writes a control character itself."""

from __future__ import annotations

import shutil
import sys
import textwrap
from typing import TYPE_CHECKING, Any

from kcsearch import Document, Facets, QuoteResult, SearchResult, Similar, Snippet

if TYPE_CHECKING:
    from kcsearch.check import CheckResult, EvidenceSentence, FigureGroup
    from kcsearch.index.writer import IndexReport
    from kcsearch.results import AlsoCarried
    from kcsearch.watches import Watch, WatchNews

from .output import BOLD, RESET, markdown_cell, neutralise

PLAIN_MARK = "**"  # piped output marks highlights as **words** (documented in the README)


def mark(snippet: Snippet, color: bool) -> str:
    open_, close = (BOLD, RESET) if color else (PLAIN_MARK, PLAIN_MARK)
    out, last = [], 0
    for a, b in snippet.highlights:
        out += [snippet.text[last:a], open_, snippet.text[a:b], close]
        last = b
    out.append(snippet.text[last:])
    return "".join(out)


def search_text(result: SearchResult, color: bool) -> str:
    blocks = []
    for h in result.hits:
        meta = " · ".join(x for x in (h.outlet or "unknown outlet",
                                      h.date.isoformat() if h.date else "undated", h.id))
        lines = [f"{BOLD if color else ''}{h.title}{RESET if color else ''}", f"  {meta}"]
        if h.corrected:
            lines.append(f"  {CORRECTED_NOTE}")
        if h.names:
            lines.append(f"  names used: {', '.join(h.names)}")
        if h.also:
            lines.append("  also carried by: " + "; ".join(_where(a.outlet, a.date, a.id) for a in h.also))
        lines += [f"  > {mark(s, color)}" for s in h.snippets]
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)


def facets_text(f: Facets) -> str:
    def line(name: str, counts: dict[str, int]) -> str:
        return f"{name}: " + (" · ".join(f"{k} {v}" for k, v in counts.items()) or "none")

    return "\n" + "\n".join([line("Outlets", f.outlet), line("Speakers", f.speaker),
                             line("Months", f.month)])


def _where(outlet: str | None, date: object, doc_id: str) -> str:
    return " · ".join([outlet or "unknown outlet", date.isoformat() if date else "undated", doc_id])


def _speaker_label(speaker: str | None, role: str | None, kind: str | None) -> str:
    """"Dmitry Peskov (Kremlin spokesman)", "unnamed: a senior official", "unattributed"."""
    if not speaker:
        return f"unnamed: {role}" if kind == "unnamed" and role else "unattributed"
    return f"{speaker} ({role})" if role else speaker


def quotes_text(result: QuoteResult, color: bool) -> str:
    """One line per quotation; other articles carrying it, and variants, indented below."""
    lines = []
    by_member = {(c.id, c.text): g for g in reversed(result.groups) for c in g.carriers}
    shown: set[int] = set()
    for q in result.quotes:
        group = by_member.get((q.id, q.text))
        if group is not None and id(group) in shown:
            continue  # already shown with its group
        who = _speaker_label(q.speaker, q.role, q.speaker_kind)
        lines.append(f"{who}: “{mark(Snippet(q.text, q.highlights), color)}” — "
                     f"{_where(q.outlet, q.date, q.id)}")
        if group is None or (len(group.carriers) == 1 and not group.variants):
            continue
        shown.add(id(group))
        if len(group.carriers) > 1:
            e = group.earliest
            lines.append(f"    carried by {len(group.carriers)} articles; earliest: "
                         f"{_where(e.outlet, e.date, e.id)}")
            for c in group.carriers:
                if (c.id, c.text) == (q.id, q.text):
                    continue
                diff = f" — wording: {' '.join(c.differences)}" if c.differences else " (same words)"
                lines.append(f"    also: {_where(c.outlet, c.date, c.id)}{diff}")
        for v in group.variants:
            where = _where(v.outlet, v.date, v.id)
            lines.append(f"    variant (similarity {v.score:.2f}): {where}: “{v.text}”")
    return "\n".join(lines)


def quotes_total_line(result: QuoteResult) -> str:
    shown = len(result.quotes)
    more = f" (showing {shown}; use --limit for more)" if shown < result.total else ""
    return f"{result.total} quotation{'s' if result.total != 1 else ''} matched{more}"


def total_line(result: SearchResult, limit: int) -> str:
    stories = len(result.hits)
    shown = stories + sum(len(h.also) for h in result.hits)
    folded = (f", shown as {stories} stor{'ies' if stories != 1 else 'y'} (--expand shows every copy)"
              if stories < shown else "")
    if result.page > 1:  # which articles earlier pages showed is not counted: say what this one holds
        # more stories can follow only while this page is full and articles remain unshown
        nxt = (f"; --page {result.page + 1} for more"
               if stories == limit and result.page * limit < result.total else "")
        more = f" (page {result.page}: {stories} of them{nxt})"
    else:
        more = f" (showing {shown}; --page 2 or --limit for more)" if shown < result.total else ""
    return f"{result.total} article{'s' if result.total != 1 else ''} matched{folded}{more}"


def report_dict(r: IndexReport) -> dict[str, Any]:
    return {
        "index": r.index_dir,
        "added": r.added, "updated": r.updated, "removed": r.removed,
        "unchanged": r.unchanged,
        "failed": [{"path": f.path, "reason": f.reason} for f in r.failed],
        "rebuilt": r.rebuilt, "written": r.written, "seconds": round(r.seconds, 3),
    }


def report_line(r: IndexReport, targets: list[str]) -> str:
    note = f" ({r.rebuilt})" if r.rebuilt and r.rebuilt != "new index" else ""
    nothing = "" if r.written else "; index unchanged"
    return (f"Indexed {', '.join(targets)} into {r.index_dir}{note}: {r.summary()}{nothing} "
            f"[{r.seconds:.1f}s]")


class ProgressLine:
    """A one-line progress bar on stderr, for terminals only."""

    def __init__(self) -> None:
        self.width = shutil.get_terminal_size((80, 20)).columns

    def update(self, done: int, total: int, path: str) -> None:
        bar_w = 24
        filled = bar_w * done // max(total, 1)
        head = f"[{'#' * filled}{'.' * (bar_w - filled)}] {done}/{total} "
        room = max(self.width - len(head) - 1, 10)
        path = neutralise(path)
        name = path if len(path) <= room else "…" + path[-(room - 1):]
        sys.stderr.write("\r" + (head + name).ljust(self.width - 1))
        sys.stderr.flush()

    def clear(self) -> None:
        sys.stderr.write("\r" + " " * (self.width - 1) + "\r")
        sys.stderr.flush()


CORRECTED_NOTE = "corrected: the article carries a correction or editor's note (kcsearch show ID)"


def document_text(d: Document) -> str:
    wrap = textwrap.TextWrapper(width=min(shutil.get_terminal_size((100, 20)).columns, 100))
    source = dict(d.sources)

    def src(name: str) -> str:
        return f" (from {source[name]})" if name in source else ""

    date = (d.date.isoformat() + (src("date") or f" (from {d.date_source})")) if d.date else "unknown"
    lines = [f"CORRECTION: {c}" for c in d.corrections] + ([""] if d.corrections else [])
    lines += [
        d.title or "(no headline)",
        "",
        f"id:       {d.id}",
        f"outlet:   {d.outlet or 'unknown'}" + (f" (with {d.agency})" if d.agency else "")
        + src("outlet"),
        f"date:     {date}" + (f"; updated {d.modified.isoformat()}" if d.modified else ""),
        f"author:   {d.author or 'unknown'}" + src("author"),
    ]
    if d.contributors:
        lines.append(f"reporting: {', '.join(d.contributors)}")
    if d.url:
        lines.append(f"url:      {d.url}" + src("url"))
    lines.append(f"path:     {d.path}")
    if "title" in source:
        lines.append(f"headline: from {source['title']}")
    if d.from_metadata:
        lines.append(f"from sources.toml: {', '.join(d.from_metadata)}")
    if d.encoding != "utf-8":
        lines.append(f"encoding: {d.encoding} (not UTF-8: read with a detector's guess)")
    if d.stale_banner:
        lines.append("note:     the page carried an 'article is more than N years old' banner")
    if d.headings:
        lines += ["", "Headings: " + " | ".join(d.headings)]
    lines += ["", *("\n".join(wrap.wrap(p)) + "\n" for p in d.body.split("\n\n"))]
    if d.quotes:
        lines.append(f"Quotes ({len(d.quotes)}):")
        for q in d.quotes:
            who = _speaker_label(q.speaker, q.role, q.speaker_kind)
            lines.append(f"  - {who}: “{q.text}”")
    return "\n".join(lines).rstrip()


KIND_LABEL = {"statement": "outlet's own statement", "quote": "direct quote",
              "reported": "reported"}


def who_label(s: EvidenceSentence) -> str:
    if s.kind == "statement":
        return KIND_LABEL["statement"]
    who = s.speaker or "unnamed"
    if s.role:
        who += f", {s.role}"
    return f"{KIND_LABEL[s.kind]}: {who}"


FIGURES_KEY = ("Figures (= gives the claim's figure, ≠ cannot be it, ~ consistent but not the "
               "same; other scopes are listed apart, not compared):")


def _source(reported_by: str, outlet: str | None) -> str:
    outlet = outlet or "unknown outlet"
    return outlet if reported_by in (outlet, "the article") else f"per {reported_by}; {outlet}"


def _carriers(also: tuple[AlsoCarried, ...]) -> str:
    return ", ".join(f"{c.outlet or 'unknown outlet'} ({c.id})" for c in also)


def _figure_line(g: FigureGroup) -> str:
    from kcsearch.check import figure_label

    parts = []
    for f in g.figures:
        line = f"{f.verdict or ''}{figure_label(f)} ({_source(f.reported_by, f.outlet)})"
        if f.why:
            line += f" [{f.why}]"
        if f.also:
            line += f" [also carried by {_carriers(f.also)}]"
        parts.append(line)
    flag = "  ⚠ sources disagree" if g.disagree else ""
    claim = f" [claim: {g.claim_text}]" if g.claim_text is not None else ""
    return f"  {g.concept}{claim}{flag}\n    " + "\n    ".join(parts)


def check_text(r: CheckResult, color: bool) -> str:
    if not r.groups:
        return f"No sentence in the index bears on: {r.claim}\n(looked for: {', '.join(r.terms)})"
    stories = len(r.groups)
    lines = [f"Claim: {r.claim}", f"Looked for: {', '.join(r.terms)}",
             f"Evidence: {r.total} sentence{'s' if r.total != 1 else ''} in {stories} "
             f"stor{'ies' if stories != 1 else 'y'}. kcsearch shows evidence, not a verdict."]
    if r.differs:
        lines.append("⚠ Sources disagree with the claim: they give a figure of its scope that "
                     "cannot be the claim's (≠ under Figures).")
    if r.unnamed:
        lines.append(f"⚠ No evidence sentence names: {', '.join(r.unnamed)}.")
    lines.append("")
    for g in r.groups:
        date = g.date.isoformat() if g.date else "undated"
        lines.append(f"{BOLD if color else ''}{g.outlet or 'unknown outlet'} · {date}"
                     f"{RESET if color else ''} · {g.id}")
        if g.also:
            lines.append(f"  also carried by: {_carriers(g.also)} (one story, one source)")
        if g.corrected:
            lines.append(f"  {CORRECTED_NOTE}")
        if g.names:
            lines.append(f"  names used: {', '.join(g.names)}")
        for s in g.sentences:
            lines.append(f"  [{who_label(s)}] {mark(Snippet(s.text, s.highlights), color)}")
        lines.append("")
    if r.figures:
        lines.append(FIGURES_KEY)
        lines += [_figure_line(g) for g in r.figures]
        lines.append("")
    if r.disputes:
        lines.append("Disputes and denials of what the claim says:")
        for d in r.disputes:
            date = d.date.isoformat() if d.date else "undated"
            lines.append(f"  {d.who or 'unattributed'}: “{d.trigger}” — {d.outlet or 'unknown outlet'}"
                         f" · {date} · {d.id}")
            lines.append(f"    {d.sentence}")
            if d.denies and d.denies != d.sentence:
                lines.append(f"    denies: {d.denies}")
    return "\n".join(lines).rstrip()


_cell = markdown_cell


def check_markdown(r: CheckResult) -> str:
    from kcsearch.check import figure_label

    out = [f"### Evidence on: {_cell(r.claim)}", ""]
    if r.differs:
        out += ["**Sources disagree with the claim**: they give a figure of its scope that cannot "
                "be the claim's (≠ under Figures).", ""]
    if r.unnamed:
        out += [f"No evidence sentence names: {_cell(', '.join(r.unnamed))}.", ""]
    out += ["| Outlet | Date | Sentence | Speaker / attribution | Figure | Article |",
            "|---|---|---|---|---|---|"]
    for g in r.groups:
        article = g.id + (f" (also carried by {_carriers(g.also)})" if g.also else "")
        for s in g.sentences:
            figs = "; ".join(f.label() for f in s.figures
                             if not f.partial and (f.kind != "count" or f.concept))
            out.append(f"| {_cell(g.outlet)} | {g.date.isoformat() if g.date else ''} | "
                       f"{_cell(s.text)} | {_cell(who_label(s))} | {_cell(figs)} | {_cell(article)} |")
    if r.figures:
        out += ["", "#### Figures", "",
                "| What | Claim | Figure | Verdict | Per | Outlet | Date | Article |",
                "|---|---|---|---|---|---|---|---|"]
        for fg in r.figures:
            for f in fg.figures:
                what = fg.concept + (" ⚠ sources disagree" if fg.disagree else "")
                verdict = (f.verdict or "not compared") + (f" ({f.why})" if f.why else "")
                article = f.id + (f" (also carried by {_carriers(f.also)})" if f.also else "")
                out.append(f"| {_cell(what)} | {_cell(fg.claim_text or '')} | {_cell(figure_label(f))} | "
                           f"{_cell(verdict)} | {_cell(f.reported_by)} | {_cell(f.outlet)} | "
                           f"{f.date.isoformat() if f.date else ''} | {_cell(article)} |")
    if r.disputes:
        out += ["", "#### Disputes", "", "| Who | Said | Denies | Sentence | Outlet | Date | Article |",
                "|---|---|---|---|---|---|---|"]
        for d in r.disputes:
            out.append(f"| {_cell(d.who or 'unattributed')} | {_cell(d.trigger)} | {_cell(d.denies)} | "
                       f"{_cell(d.sentence)} | {_cell(d.outlet)} | {d.date.isoformat() if d.date else ''} | "
                       f"{_cell(d.id)} |")
    return "\n".join(out)


# one claim of `check --claims`: the claim, its result, or why it could not be checked
Checked = tuple[str, "CheckResult | None", "str | None"]
TALLY_COLUMNS = (("stories", "stories"), ("sentences", "sentences"), ("figures_matching", "="),
                 ("figures_differing", "≠"), ("figures_consistent", "~"), ("disputes", "disputes"))


def batch_text(checked: list[Checked], color: bool) -> str:
    """A summary table (a line per claim), then each claim's report."""
    width = min(max((len(c) for c, _r, _e in checked), default=5), 60)
    head = f"{'claim':<{width}}  " + "  ".join(f"{label:>9}" for _k, label in TALLY_COLUMNS)
    lines = [f"Claims checked: {len(checked)}. kcsearch shows evidence, not a verdict.", "", head]
    for claim, result, error in checked:
        shown = claim if len(claim) <= width else claim[:width - 1] + "…"
        if result is None:
            lines.append(f"{shown:<{width}}  not checked: {error}")
            continue
        tally = result.tally()
        lines.append(f"{shown:<{width}}  " + "  ".join(f"{tally[k]:>9}" for k, _l in TALLY_COLUMNS))
    for _claim, result, _error in checked:
        if result is not None:
            lines += ["", "=" * 40, check_text(result, color)]
    return "\n".join(lines)


def batch_markdown(checked: list[Checked]) -> str:
    out = ["### Claims checked", "",
           "| Claim | " + " | ".join(label for _k, label in TALLY_COLUMNS) + " | Note |",
           "|---|" + "---|" * (len(TALLY_COLUMNS) + 1)]
    for claim, result, error in checked:
        tally = result.tally() if result else {}
        cells = [str(tally.get(k, "")) for k, _l in TALLY_COLUMNS]
        out.append(f"| {_cell(claim)} | " + " | ".join(cells) + f" | {_cell(error or '')} |")
    for _claim, result, _error in checked:
        if result is not None:
            out += ["", check_markdown(result)]
    return "\n".join(out)


def watch_list(saved: list[Watch]) -> str:
    if not saved:
        return "No saved searches. Save one: kcsearch watch add NAME QUERY"
    lines = []
    for w in saved:
        filters = " ".join(f"--{k.replace('_', '-')} {v}" if not isinstance(v, (bool, list)) else
                           (f"--{k.replace('_', '-')}" if v is True else
                            " ".join(f"--outlet {o!r}" for o in v)) for k, v in w.filters.items())
        lines.append(f"{w.name}: {w.query} {filters}".rstrip() + f"  (since {w.created}, "
                     f"{len(w.seen)} shown)")
    return "\n".join(lines)


def watch_news_text(found: list[WatchNews], color: bool) -> str:
    if not found:
        return "No saved searches. Save one: kcsearch watch add NAME QUERY"
    lines = []
    for n in found:
        lines.append(f"{BOLD if color else ''}{n.watch.name}{RESET if color else ''}: "
                     f"{n.watch.query}: {len(n.new)} new of {n.total}")
        for h in n.new:
            lines.append(f"  {_where(h.outlet, h.date, h.id)}  {h.title}")
    return "\n".join(lines)


def similar_text(doc_id: str, items: list[Similar]) -> str:
    if not items:
        return f"No other article tells the same story as {doc_id}."
    lines = [f"Articles telling the same story as {doc_id}:"]
    for i in items:
        tag = "same story" if i.same_cluster else "related"
        lines.append(f"  {i.overlap:.2f} {tag:10} {_where(i.outlet, i.date, i.id)}  {i.title}")
    return "\n".join(lines)
