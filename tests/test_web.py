"""kcsearch serve over HTTP: every page, the security headers, escaping of hostile articles,
read-only, and clear errors. (Driving a real browser over the same pages comes next.)"""

from __future__ import annotations

import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import pytest

import kcsearch
from conftest import CORPUS
from kcsearch.cli import web

HOSTILE = ('Ceasefire <script>alert(1)</script> report "><img src=x onerror=alert(2)> '
           "and \x1b[2J a claim, officials said.")


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = tmp_path_factory.mktemp("web")
    corpus = root / "c"
    corpus.mkdir()
    for f in CORPUS.glob("*.txt"):
        (corpus / f.name).write_text(f.read_text())
    (corpus / "sources.toml").write_text((CORPUS / "sources.toml").read_text()
                                         + '\n["evil.txt"]\nurl = "javascript:alert(3)"\n'
                                         'outlet = "<b>Evil</b> News"\n')
    (corpus / "evil.txt").write_text(f"<script>x</script> Ceasefire headline\n\n{HOSTILE}\n\n"
                                     '"The <script>ceasefire</script> holds," Dmitry Peskov said.\n')
    kcsearch.build([corpus], root / "ix")
    corpus_api = kcsearch.open(root / "ix")
    httpd = web.server(corpus_api, "127.0.0.1", 0)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()
    corpus_api.close()


class Elements(HTMLParser):
    """The elements and attributes a browser would build from a page."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))


def elements(body: str) -> list[tuple[str, list[tuple[str, str | None]]]]:
    parser = Elements()
    parser.feed(body)
    return parser.tags


def get(base: str, path: str, method: str = "GET") -> tuple[int, dict[str, str], str]:
    req = urllib.request.Request(base + path, method=method)
    try:
        with urllib.request.urlopen(req, timeout=30) as r:
            return r.status, dict(r.headers), r.read().decode("utf-8")
    except urllib.error.HTTPError as e:
        return e.code, dict(e.headers), e.read().decode("utf-8")


PAGES = ["/", "/?q=Minsk+Group", "/?q=ceasefire&outlet=guardian&sort=newest",
         "/article?id=004_c67a387fa88ce996.txt&q=Minsk", "/quotes?speaker=Peskov", "/quotes?q=ceasefire",
         "/check?claim=Turkey+sent+4%2C000+Syrian+mercenaries", "/check", "/similar?id=evil.txt",
         "/?q=ceasefire", "/article?id=evil.txt&q=ceasefire", "/check?claim=ceasefire+report+claim"]


@pytest.mark.parametrize("path", PAGES)
def test_every_page_is_escaped_and_locked_down(base: str, path: str) -> None:
    status, headers, body = get(base, path)
    assert status == 200 and headers["Content-Type"] == "text/html; charset=utf-8"
    assert headers["Content-Security-Policy"].startswith("default-src 'none'")
    assert "script-src" not in headers["Content-Security-Policy"]  # no script runs at all
    assert headers["X-Content-Type-Options"] == "nosniff"
    tags = elements(body)
    assert not [t for t, _a in tags if t in ("script", "img", "iframe", "object", "b")]
    attrs = [(name, value or "") for _t, a in tags for name, value in a]
    assert not [n for n, _v in attrs if n.startswith("on") or n == "style"]  # no handlers, no inline style
    assert not [v for n, v in attrs if n == "href" and not v.startswith(("/", "http://", "https://"))]
    assert "\x1b" not in body


def test_hostile_text_shows_as_text(base: str) -> None:
    _s, _h, body = get(base, "/article?id=evil.txt")
    assert "&quot;&gt;&lt;img src=x onerror=alert(2)&gt;" in body  # shown, not built
    assert "&lt;script&gt;" in body and "␛" not in body  # indexing dropped the escape itself
    # the javascript: address is shown as text, never a link; the outlet's markup as text
    assert "javascript:alert(3)" in body and 'href="javascript' not in body
    assert "&lt;b&gt;Evil&lt;/b&gt; News" in body


def test_search_results_link_articles_and_mark_matches(base: str) -> None:
    _s, _h, body = get(base, "/?q=Minsk+Group")
    assert "2 articles matched" in body or "articles matched" in body
    assert "<mark>Minsk Group</mark>" in body and 'href="/article?id=' in body
    assert '<progress value="' in body  # the date histogram


def test_check_page_and_its_exports(base: str) -> None:
    _s, _h, body = get(base, "/check?claim=Turkey+sent+10%2C000+Syrian+mercenaries")
    assert "Sources disagree with the claim" in body and "cannot be the claim&#x27;s figure" in body
    status, headers, csv_text = get(base, "/export/check.csv?claim=Turkey+sent+4%2C000+Syrian+mercenaries")
    assert status == 200 and headers["Content-Type"].startswith("text/csv")
    assert "attachment" in headers["Content-Disposition"] and csv_text.startswith("row,outlet,date")
    status, headers, md = get(base, "/export/check.md?claim=Turkey+sent+4%2C000+Syrian+mercenaries")
    assert status == 200 and md.startswith("### Evidence on:")


@pytest.mark.parametrize(("path", "status", "message"), [
    ("/?bogus=1", 400, "unknown parameter"),
    ("/?q=%22unbalanced", 400, "unbalanced"),
    ("/?q=x&after=soon", 400, "is not a date"),
    ("/?q=x&page=two", 400, "page must be a whole number"),
    ("/?q=a&q=b", 400, "given twice"),
    ("/article", 400, "give the article"),
    ("/article?id=nope.txt", 404, "no document"),
    ("/nope", 404, "no page"),
    ("/static/../web.py", 404, "no"),
    ("/export/check.exe?claim=x", 400, "export format"),
])
def test_bad_requests_get_a_clear_error_page(base: str, path: str, status: int, message: str) -> None:
    got, headers, body = get(base, path)
    assert got == status and message in body and "Traceback" not in body
    assert headers["Content-Security-Policy"].startswith("default-src 'none'")


@pytest.mark.parametrize("method", ["POST", "PUT", "DELETE"])
def test_nothing_writes(base: str, method: str) -> None:
    status, headers, _body = get(base, "/?q=x", method=method)
    assert status == 405 and headers["Allow"] == "GET, HEAD"


def test_serve_warns_for_a_public_address_and_refuses_a_taken_port(tmp_path: Path) -> None:
    import socket

    from conftest import invoke
    kcsearch.build([CORPUS], tmp_path / "ix")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen()
        port = s.getsockname()[1]
        r = invoke(["serve", "--index", str(tmp_path / "ix"), "--port", str(port)])
    assert r.exit_code == 2 and f"cannot listen on 127.0.0.1:{port}" in r.stderr
