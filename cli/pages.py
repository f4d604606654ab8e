"""The web UI's pages as HTML: search, article, quotes, check, and error pages.

Every piece of corpus text is untrusted (an article may hold `<script>`, attributes,
`javascript:` links or terminal escapes): it is escaped here, in one place (`esc`), control
characters shown as symbols first; links to an article's own address are made only for
http(s) URLs. Pages work without JavaScript; the stylesheet is the package's own file (the
server's Content-Security-Policy allows nothing else). Plain results in, text out.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING
from urllib.parse import urlencode

from kcsearch import Snippet
from kcsearch.snippets import merge_spans

from .output import neutralise
from .render import who_label

if TYPE_CHECKING:
    from kcsearch import Document, QuoteResult, SearchResult
    from kcsearch.check import CheckResult


def esc(text: object) -> str:
    """Text safe inside HTML elements and quoted attributes."""
    return html.escape(neutralise("" if text is None else str(text)), quote=True)


def url(path: str, **params: object) -> str:
    """A link to one of the UI's own pages: every state is a URL."""
    kept = {k: v for k, v in params.items() if v not in (None, "", False, [], ())}
    return path + ("?" + urlencode(kept, doseq=True) if kept else "")


def _external(address: str | None) -> str:
    """An article's own address as a link, only for http(s): never `javascript:`."""
    if not address or not address.lower().startswith(("http://", "https://")):
        return esc(address or "")
    return f'<a href="{esc(address)}" rel="noreferrer noopener">{esc(address)}</a>'


def marked(snippet: Snippet) -> str:
    """A snippet with its matched words in <mark>, everything escaped."""
    out, at = [], 0
    for a, b in snippet.highlights:
        out += [esc(snippet.text[at:a]), f"<mark>{esc(snippet.text[a:b])}</mark>"]
        at = b
    out.append(esc(snippet.text[at:]))
    return "".join(out)


NAV = (("/", "Search"), ("/quotes", "Quotes"), ("/check", "Check"))


def page(title: str, body: str, active: str = "/") -> str:
    nav = " ".join(f'<a href="{p}"{" aria-current=page" if p == active else ""}>{n}</a>'
                   for p, n in NAV)
    return (f'<!doctype html>\n<html lang="en"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">'
            f'<title>{esc(title)} · kcsearch</title><link rel="stylesheet" href="/static/style.css">'
            f'</head><body><header><strong>kcsearch</strong> <nav aria-label="Pages">{nav}</nav>'
            f'</header><main>{body}</main></body></html>\n')


def error_page(status: int, message: str) -> str:
    return page(f"Error {status}", f'<h1>Error {status}</h1><p role="alert">{esc(message)}</p>'
                f'<p><a href="/">Back to search</a></p>')


def _field(label: str, name: str, value: str | None, hint: str = "") -> str:
    return (f'<label>{esc(label)} <input name="{name}" value="{esc(value or "")}"'
            f' placeholder="{esc(hint)}"></label>')


def _form(action: str, title: str, fields: str, button: str) -> str:
    """A page's form: its state goes into the URL (GET), so every result is a link."""
    return (f'<form action="{action}" method="get"><h1>{esc(title)}</h1>{fields}'
            f'<button type="submit">{esc(button)}</button></form>')


def _filters(p: dict[str, str]) -> str:
    return (_field("After", "after", p.get("after"), "2020-09-27")
            + _field("Until", "until", p.get("until"), "2020-11")
            + _field("Outlet", "outlet", p.get("outlet"), "guardian"))


def search_page(p: dict[str, str], result: SearchResult | None, limit: int) -> str:
    q = p.get("q", "")
    form = (f'<form action="/" method="get" role="search"><h1>Search</h1>'
            f'{_field("Query", "q", q, "Minsk Group")} {_filters(p)}'
            f'{_field("Speaker", "speaker", p.get("speaker"), "Peskov")}'
            f'<label>Sort <select name="sort">'
            + "".join(f'<option{" selected" if p.get("sort", "relevance") == s else ""}>{s}</option>'
                      for s in ("relevance", "newest", "oldest"))
            + '</select></label> <button type="submit">Search</button></form>')
    if result is None:
        return page("Search", form)
    parts = [form, f'<p class="count">{result.total} article{"s" if result.total != 1 else ""} matched</p>']
    if result.facets is not None:
        parts.append(_facets(p, result))
    for h in result.hits:
        also = ('<p class="also">also carried by: '
                + ", ".join(f'<a href="{esc(url("/article", id=a.id, q=q))}">{esc(a.outlet or a.id)}</a>'
                            for a in h.also) + "</p>") if h.also else ""
        snippets = "".join(f"<blockquote>{marked(s)}</blockquote>" for s in h.snippets)
        parts.append(f'<article class="hit"><h2><a href="{esc(url("/article", id=h.id, q=q))}">'
                     f'{esc(h.title)}</a></h2><p class="where">{esc(h.outlet or "unknown outlet")} · '
                     f'{esc(h.date.isoformat() if h.date else "undated")} · {esc(h.id)}</p>'
                     f'{snippets}{also}</article>')
    pages = []
    if result.page > 1:
        pages.append(f'<a rel="prev" href="{esc(url("/", **{**p, "page": result.page - 1}))}">Previous</a>')
    if result.page * limit < result.total:
        pages.append(f'<a rel="next" href="{esc(url("/", **{**p, "page": result.page + 1}))}">Next</a>')
    exports = " ".join(f'<a href="{esc(url("/export/search." + ext, **p))}">{ext.upper()}</a>'
                       for ext in ("csv", "md", "json"))
    parts.append(f'<nav class="pages" aria-label="Pages of results">{" ".join(pages)}</nav>'
                 f'<p class="exports">Export: {exports}</p>')
    return page(f"{q} – search", "".join(parts))


def _facets(p: dict[str, str], result: SearchResult) -> str:
    f = result.facets
    assert f is not None
    outlets = "".join(f'<li><a href="{esc(url("/", **{**p, "outlet": o, "page": None}))}">{esc(o)}</a> '
                      f"{n}</li>" for o, n in f.outlet.items())
    speakers = "".join(f'<li><a href="{esc(url("/", **{**p, "speaker": s, "page": None}))}">{esc(s)}</a> '
                       f"{n}</li>" for s, n in list(f.speaker.items())[:15])
    top = max(f.month.values(), default=1)
    months = "".join(f'<li><progress value="{n}" max="{top}" aria-label="{esc(m)}: {n}"></progress> '
                     f'{esc(m)} {n}</li>' for m, n in f.month.items())
    return (f'<aside class="facets"><h2>Outlets</h2><ul>{outlets}</ul><h2>Speakers</h2><ul>{speakers}'
            f'</ul><h2>Months</h2><ul class="histogram" aria-label="Articles by month">{months}</ul></aside>')


def article_page(d: Document, q: str) -> str:
    sources = dict(d.sources)
    rows = [("Outlet", d.outlet), ("Date", d.date.isoformat() if d.date else None), ("Author", d.author),
            ("Title", d.title), ("URL", d.url), ("Modified", d.modified.isoformat() if d.modified else None)]
    fields = "".join(f"<dt>{label}</dt><dd>{_external(value) if label == 'URL' else esc(value)}"
                     + (f' <small>(from {esc(sources.get(label.lower()))})</small>'
                        if sources.get(label.lower()) else "") + "</dd>"
                     for label, value in rows if value)
    corrections = "".join(f'<p class="correction" role="note">{esc(c)}</p>' for c in d.corrections)
    headings = "".join(f"<li>{esc(h)}</li>" for h in d.headings)
    body = "".join(f"<p>{_highlight(par, q)}</p>" for par in d.body.split("\n\n"))
    quotes = "".join(f'<li><strong>{esc(x.speaker or "unattributed")}</strong>'
                     f'{" (" + esc(x.role) + ")" if x.role else ""}: “{esc(x.text)}”</li>' for x in d.quotes)
    return page(d.title or d.id, f'<h1>{esc(d.title or d.id)}</h1>{corrections}<dl>{fields}</dl>'
                f'{"<h2>Headings</h2><ul>" + headings + "</ul>" if headings else ""}'
                f'<section aria-label="Article text">{body}</section>'
                f'<h2>Quotes ({len(d.quotes)})</h2><ul>{quotes}</ul>'
                f'<p><a href="{esc(url("/similar", id=d.id))}">Similar articles</a></p>')


def _highlight(text: str, q: str) -> str:
    """A paragraph with the query's plain words marked (case-insensitive), all escaped."""
    words = [w for w in q.replace('"', " ").split() if w.isalnum() and len(w) > 2
             and w.upper() not in ("AND", "OR", "NOT")]
    if not words:
        return esc(text)
    low, spans = text.lower(), []
    for w in words:
        start = low.find(w.lower())
        while start >= 0:
            spans.append((start, start + len(w)))
            start = low.find(w.lower(), start + len(w))
    merged = merge_spans(spans)
    return marked(Snippet(text, tuple(merged)))


def quotes_page(p: dict[str, str], result: QuoteResult | None) -> str:
    form = _form("/quotes", "Quotes", _field("Words", "q", p.get("q"), "ceasefire")
                 + _field("Speaker", "speaker", p.get("speaker"), "Peskov") + _filters(p), "Find quotes")
    if result is None:
        return page("Quotes", form, "/quotes")
    items = "".join(f'<li><strong>{esc(x.speaker or "unattributed")}</strong>'
                    f'{" (" + esc(x.role) + ")" if x.role else ""}: '
                    f'“{marked(Snippet(x.text, x.highlights))}” '
                    f'<a href="{esc(url("/article", id=x.id))}">{esc(x.outlet or "unknown outlet")} · '
                    f'{esc(x.date.isoformat() if x.date else "undated")}</a></li>' for x in result.quotes)
    groups = "".join(_quote_group(g) for g in result.groups if len(g.carriers) > 1 or g.variants)
    return page("Quotes", f'{form}<p class="count">{result.total} quotations</p><ul>{items}</ul>'
                f'{"<h2>Provenance</h2>" + groups if groups else ""}', "/quotes")


def _quote_group(g: object) -> str:
    carriers = ", ".join(f'<a href="{esc(url("/article", id=c.id))}">{esc(c.outlet or c.id)}</a>'
                         for c in g.carriers)  # type: ignore[attr-defined]
    variants = "".join(f"<li>{esc(v.text)} ({esc(v.outlet or v.id)})</li>"
                       for v in g.variants)  # type: ignore[attr-defined]
    return (f'<section class="provenance"><p>“{esc(g.text)}” — {esc(g.speaker or "unattributed")}; '  # type: ignore[attr-defined]
            f'earliest {esc(g.earliest.outlet or g.earliest.id)}; carried by {carriers}</p>'  # type: ignore[attr-defined]
            f'{"<ul>" + variants + "</ul>" if variants else ""}</section>')


VERDICT_WORDS = {"=": "gives the claim's figure", "≠": "cannot be the claim's figure",
                 "~": "consistent, not the same"}


def check_page(p: dict[str, str], result: CheckResult | None) -> str:
    claim = p.get("claim", "")
    form = _form("/check", "Check a claim",
                 _field("Claim", "claim", claim, "Turkey sent 4,000 Syrian mercenaries") + _filters(p),
                 "Check")
    if result is None:
        return page("Check", form, "/check")
    parts = [form, "<p>kcsearch shows evidence, not a verdict.</p>"]
    if result.differs:
        parts.append('<p class="warn" role="alert">Sources disagree with the claim: they give a '
                     "figure of its scope that cannot be the claim's.</p>")
    if result.unnamed:
        parts.append(f'<p class="warn">No evidence sentence names: {esc(", ".join(result.unnamed))}.</p>')
    if not result.groups:
        parts.append(f"<p>No sentence in the index bears on this claim (looked for: "
                     f"{esc(', '.join(result.terms))}).</p>")
    for g in result.groups:
        carriers = ", ".join(a.outlet or a.id for a in g.also)
        also = f'<p class="also">also carried by: {esc(carriers)}</p>' if g.also else ""
        sentences = "".join(
            f'<li><span class="who">[{esc(who_label(s))}]</span> {marked(Snippet(s.text, s.highlights))}</li>'
            for s in g.sentences)
        when = g.date.isoformat() if g.date else "undated"
        parts.append(f'<section class="evidence"><h2><a href="{esc(url("/article", id=g.id))}">'
                     f'{esc(g.outlet or "unknown outlet")} · {esc(when)}'
                     f'</a></h2>{also}<ul>{sentences}</ul></section>')
    if result.figures:
        rows = "".join(f"<tr><td>{esc(fg.concept)}</td><td>{esc(fg.claim_text or '')}</td>"
                       f"<td>{esc(f.text)} {esc(f.counts)}</td>"
                       f"<td>{esc(f.verdict or '')} {esc(VERDICT_WORDS.get(f.verdict or '', 'not compared'))}"
                       f"</td><td>{esc(f.reported_by)}</td><td>{esc(f.outlet)}</td></tr>"
                       for fg in result.figures for f in fg.figures)
        parts.append('<h2>Figures</h2><table><thead><tr><th scope="col">What</th><th scope="col">Claim</th>'
                     '<th scope="col">Figure</th><th scope="col">Verdict</th><th scope="col">Per</th>'
                     f'<th scope="col">Outlet</th></tr></thead><tbody>{rows}</tbody></table>')
    if result.disputes:
        items = "".join(f"<li><strong>{esc(d.who or 'unattributed')}</strong>: “{esc(d.trigger)}” — "
                        f"denies: {esc(d.denies)} ({esc(d.outlet)})</li>" for d in result.disputes)
        parts.append(f"<h2>Disputes</h2><ul>{items}</ul>")
    exports = " ".join(f'<a href="{esc(url("/export/check." + ext, **p))}">{ext.upper()}</a>'
                       for ext in ("csv", "md", "json"))
    parts.append(f'<p class="exports">Export: {exports}</p>')
    return page(f"{claim} – check", "".join(parts), "/check")


def similar_page(doc_id: str, items: list) -> str:  # type: ignore[type-arg]
    rows = "".join(f'<li><a href="{esc(url("/article", id=i.id))}">{esc(i.title)}</a> '
                   f'({esc(i.outlet or "unknown outlet")}, {i.overlap:.2f}'
                   f'{", same story" if i.same_cluster else ""})</li>' for i in items)
    return page("Similar", f"<h1>Articles telling the same story as {esc(doc_id)}</h1>"
                f"<ul>{rows or '<li>None.</li>'}</ul>")
