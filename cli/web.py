"""`kcsearch serve`: a read-only web UI over the same API as the command line.

The standard library's threaded HTTP server: no dependency, and a start-up as fast as the
command line's (a checker runs it on their own machine, for themselves and a colleague).
Every page is a GET with its state in the URL; nothing writes to the index. Each response
carries a strict Content-Security-Policy (the package's own stylesheet and nothing else: no
inline script or style, no frames, no form posts elsewhere); bad parameters get a 400 page,
unknown paths a 404, never a traceback.
"""

from __future__ import annotations

import threading
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import kcsearch

from . import pages, tables
from .output import json_text

STATIC = Path(__file__).with_name("static")
CSP = ("default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; "
       "base-uri 'none'; frame-ancestors 'none'")
HEADERS = {"Content-Security-Policy": CSP, "X-Content-Type-Options": "nosniff",
           "Referrer-Policy": "no-referrer", "X-Frame-Options": "DENY", "Cache-Control": "no-store"}
PAGE_SIZE = 20
MAX_PARAM = 2000
PARAMS = {"q", "after", "until", "before", "outlet", "speaker", "sort", "page", "id", "claim"}


class BadRequest(ValueError):
    """A parameter the page cannot use: a 400 with this message."""


class Handler(BaseHTTPRequestHandler):
    corpus: kcsearch.Corpus  # set on the class server() makes
    lock: threading.Lock
    server_version = "kcsearch"
    sys_version = ""

    def log_message(self, format: str, *args: Any) -> None:
        pass  # quiet: the terminal is the user's, and request lines hold their queries

    def do_GET(self) -> None:
        split = urlsplit(self.path)
        try:
            params = self._params(split.query)
            self._route(split.path, params)
        except BadRequest as e:
            self._send(400, pages.error_page(400, str(e)))
        except kcsearch.DocumentNotFound as e:
            self._send(404, pages.error_page(404, str(e)))
        except kcsearch.KcsearchError as e:
            self._send(400, pages.error_page(400, str(e)))
        except Exception as e:  # a bug: one line, never a traceback in the page
            self._send(500, pages.error_page(500, f"internal error ({type(e).__name__})"))

    def do_HEAD(self) -> None:
        self.do_GET()

    def _refuse(self) -> None:
        self._send(405, pages.error_page(405, "kcsearch serve is read-only: GET pages only"),
                   extra={"Allow": "GET, HEAD"})

    do_POST = do_PUT = do_DELETE = do_PATCH = _refuse

    def _params(self, query: str) -> dict[str, str]:
        if len(query) > 8 * MAX_PARAM:
            raise BadRequest("the address is too long")
        try:
            raw = parse_qs(query, keep_blank_values=False, strict_parsing=False, max_num_fields=20)
        except ValueError as e:
            raise BadRequest(f"the address's parameters cannot be read: {e}") from None
        params = {}
        for key, values in raw.items():
            if key not in PARAMS:
                raise BadRequest(f"unknown parameter {key!r}")
            if len(values) > 1 or len(values[0]) > MAX_PARAM or "\x00" in values[0]:
                raise BadRequest(f"parameter {key!r} is given twice, too long or holds a NUL")
            params[key] = values[0]
        return params

    def _route(self, path: str, p: dict[str, str]) -> None:
        if path == "/favicon.ico":  # browsers ask for one: none, and no error in their console
            return self._send(204, "", extra={"Cache-Control": "max-age=86400"})
        if path.startswith("/static/"):
            return self._static(path[len("/static/"):])
        with self.lock:  # one Corpus, used by one request at a time
            body = self._page(path, p)
        if isinstance(body, tuple):
            self._send(200, body[0], content_type=body[1], extra=body[2])
        else:
            self._send(200, body)

    def _page(self, path: str, p: dict[str, str]) -> str | tuple[str, str, dict[str, str]]:
        c = self.corpus
        filters = {"after": p.get("after"), "before": p.get("before"), "until": p.get("until"),
                   "outlets": (p["outlet"],) if p.get("outlet") else ()}
        if path == "/":
            if not p.get("q"):
                return pages.search_page(p, None, PAGE_SIZE)
            return pages.search_page(p, self._search(p, filters), PAGE_SIZE)
        if path == "/article":
            if not p.get("id"):
                raise BadRequest("give the article's id: /article?id=...")
            return pages.article_page(c.get(p["id"]), p.get("q", ""))
        if path == "/similar":
            if not p.get("id"):
                raise BadRequest("give the article's id: /similar?id=...")
            return pages.similar_page(p["id"], c.similar(p["id"]))
        if path == "/quotes":
            if not p.get("q") and not p.get("speaker"):
                return pages.quotes_page(p, None)
            result = c.quotes(p.get("q") or None, speaker=p.get("speaker") or None, **filters)
            return pages.quotes_page(p, result)
        if path == "/check":
            if not p.get("claim"):
                return pages.check_page(p, None)
            return pages.check_page(p, c.check(p["claim"], **filters))
        if path.startswith("/export/"):
            return self._export(path[len("/export/"):], p, filters)
        raise kcsearch.DocumentNotFound(f"no page {path!r}; the pages are /, /quotes and /check")

    def _search(self, p: dict[str, str], filters: dict[str, Any]) -> Any:
        try:
            page_no = int(p.get("page", "1"))
        except ValueError:
            raise BadRequest(f"page must be a whole number, not {p['page']!r}") from None
        return self.corpus.search(p["q"], speaker=p.get("speaker") or None, limit=PAGE_SIZE,
                                  page=page_no, sort=p.get("sort", "relevance"), facets=True,
                                  **filters)

    def _export(self, name: str, p: dict[str, str], filters: dict[str, Any]
                ) -> tuple[str, str, dict[str, str]]:
        kind, _, ext = name.partition(".")
        if ext not in ("csv", "md", "json"):
            raise BadRequest(f"export format {ext!r} is not one of: csv, md, json")
        if kind == "check" and p.get("claim"):
            result: Any = self.corpus.check(p["claim"], **filters)
            table, as_json = tables.check_table(result), result.to_dict()
            markdown = None
        elif kind == "search" and p.get("q"):
            result = self._search(p, filters)
            table, as_json, markdown = tables.search_table(result), result.to_dict(), None
        else:
            raise BadRequest("exports are /export/check.EXT?claim=... and /export/search.EXT?q=...")
        if ext == "csv":
            text, ctype = tables.csv_text(table) + "\n", "text/csv; charset=utf-8"
        elif ext == "md":
            from .render import check_markdown

            text = (check_markdown(result) if kind == "check"
                    else markdown or tables.markdown_table(table)) + "\n"
            ctype = "text/markdown; charset=utf-8"
        else:
            text, ctype = json_text(as_json) + "\n", "application/json; charset=utf-8"
        return text, ctype, {"Content-Disposition": f'attachment; filename="kcsearch-{kind}.{ext}"'}

    def _static(self, name: str) -> None:
        allowed = {"style.css": "text/css; charset=utf-8"}
        if name not in allowed:
            raise kcsearch.DocumentNotFound(f"no file {name!r}")
        self._send(200, (STATIC / name).read_text(encoding="utf-8"), content_type=allowed[name],
                   extra={"Cache-Control": "max-age=3600"})

    def _send(self, status: int, text: str, content_type: str = "text/html; charset=utf-8",
              extra: dict[str, str] | None = None) -> None:
        data = text.encode("utf-8")
        self.send_response(status, HTTPStatus(status).phrase)
        for key, value in {**HEADERS, **(extra or {}), "Content-Type": content_type,
                           "Content-Length": str(len(data))}.items():
            self.send_header(key, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)


def server(corpus: kcsearch.Corpus, host: str = "127.0.0.1", port: int = 8080) -> ThreadingHTTPServer:
    """A server for `corpus` (not started: call serve_forever, or shutdown to stop)."""
    handler = type("KcsearchHandler", (Handler,), {"corpus": corpus, "lock": threading.Lock()})
    httpd = ThreadingHTTPServer((host, port), handler)
    httpd.daemon_threads = True
    return httpd

