"""kcsearch serve in a real browser: Debian's headless Chromium driven by Playwright.

Search, filter by a facet, open an article, quotes, check, export, and a hostile article
whose scripts must never run. CI installs chromium and sets KCSEARCH_REQUIRE_BROWSER=1, so
there these tests fail rather than skip; elsewhere they skip when no browser is installed.
With KCSEARCH_SCREENSHOTS=DIR they save the README's screenshots there.
"""

from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import kcsearch
from conftest import CORPUS
from kcsearch.cli import web

CHROMIUM = "/usr/bin/chromium"
# what a headless Chromium needs on a closed network, as root (see the machine notes)
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
SHOTS = os.environ.get("KCSEARCH_SCREENSHOTS")


def _browser_or_skip() -> Any:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        sync_playwright = None
    if sync_playwright is None or not os.path.exists(CHROMIUM):
        if os.environ.get("KCSEARCH_REQUIRE_BROWSER"):
            pytest.fail("the browser tests need playwright and Debian's chromium "
                        "(apt-get install -y chromium)")
        pytest.skip("no browser here: pip install playwright; apt-get install -y chromium")
    return sync_playwright


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = tmp_path_factory.mktemp("browser")
    corpus = root / "c"
    shutil.copytree(CORPUS, corpus)
    (corpus / "evil.txt").write_text(
        'Ceasefire <script>document.title="pwned"</script> talks\n\n'
        'Ceasefire talks <img src=x onerror="document.title=\'pwned\'"> went on, officials said.\n\n'
        '"The ceasefire <svg onload=alert(1)> holds," Dmitry Peskov said.\n')
    with open(corpus / "sources.toml", "a") as f:
        f.write('\n["evil.txt"]\nurl = "javascript:alert(2)"\noutlet = "Evil <i>News</i>"\n'
                "date = 2020-10-01\n")
    kcsearch.build([corpus], root / "ix")
    api = kcsearch.open(root / "ix")
    httpd = web.server(api, "127.0.0.1", 0)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()
    api.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    sync_playwright = _browser_or_skip()
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


@pytest.fixture()
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(accept_downloads=True, viewport={"width": 1100, "height": 900})
    pg = context.new_page()
    problems: list[str] = []
    pg.on("dialog", lambda d: (problems.append(f"dialog: {d.message}"), d.dismiss()))
    pg.on("console", lambda m: problems.append(f"console: {m.text}") if m.type == "error" else None)
    pg.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    pg.problems = problems
    yield pg
    context.close()


def shot(page: Any, name: str) -> None:
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SHOTS) / f"{name}.png"), full_page=False)


def test_search_by_keyboard_then_filter_by_a_facet(page: Any, site: str) -> None:
    page.goto(site + "/")
    page.get_by_label("Query").fill("Minsk Group")
    page.get_by_label("Query").press("Enter")  # keyboard: no mouse needed
    page.wait_for_url("**/?q=Minsk+Group*")
    assert page.locator("article.hit").count() == 2
    assert page.locator("mark").first.inner_text() == "Minsk Group"
    shot(page, "search")
    page.get_by_role("link", name="TRT World").first.click()
    page.wait_for_url("**outlet=TRT+World*")
    assert all("TRT World" in w for w in page.locator(".where").all_inner_texts())
    assert page.problems == []


def test_open_an_article_from_a_hit(page: Any, site: str) -> None:
    page.goto(site + "/?q=mercenaries")
    page.locator("article.hit h2 a").first.click()
    page.wait_for_url("**/article?id=*")
    assert page.get_by_role("heading", name="Quotes").count() == 1
    assert page.locator("mark").count() >= 1  # the query marked in the body
    shot(page, "article")
    assert page.problems == []


def test_quotes_by_speaker(page: Any, site: str) -> None:
    page.goto(site + "/quotes")
    page.get_by_label("Speaker").fill("Peskov")
    page.get_by_role("button", name="Find quotes").click()
    page.wait_for_url("**/quotes?*speaker=Peskov*")
    assert "Dmitry Peskov" in page.locator("main ul").first.inner_text()
    shot(page, "quotes")
    assert page.problems == []


def test_check_a_claim_and_export_its_evidence(page: Any, site: str, tmp_path: Path) -> None:
    page.goto(site + "/check")
    page.get_by_label("Claim").fill("Turkey sent 10,000 Syrian mercenaries")
    page.get_by_role("button", name="Check").click()
    page.wait_for_url("**/check?claim=*")
    assert "Sources disagree with the claim" in page.inner_text("main")
    assert "cannot be the claim's figure" in page.locator("table").inner_text()
    shot(page, "check")
    with page.expect_download() as done:
        page.get_by_role("link", name="CSV").click()
    path = tmp_path / "evidence.csv"
    done.value.save_as(path)
    assert path.read_text().startswith("row,outlet,date,id,url")
    assert page.problems == []


def test_a_hostile_article_never_runs_a_script(page: Any, site: str) -> None:
    for path in ("/?q=ceasefire+talks", "/article?id=evil.txt&q=ceasefire", "/quotes?q=ceasefire",
                 "/check?claim=ceasefire+talks+went+on"):
        page.goto(site + path)
        assert page.title() != "pwned"  # the title shows the text; no script set it
        assert page.locator("main script, main img, main svg, main i").count() == 0
        assert page.locator("a[href^='javascript']").count() == 0
    page.goto(site + "/article?id=evil.txt")
    assert "<script>" in page.inner_text("main") and "Evil <i>News</i>" in page.inner_text("main")
    assert page.problems == []  # no dialog, no script error, no blocked resource


def test_readable_on_a_phone(browser: Any, site: str) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    pg = context.new_page()
    pg.goto(site + "/?q=ceasefire")
    width = pg.evaluate("document.documentElement.scrollWidth")
    assert width <= 400  # nothing wider than the screen: no sideways scrolling
    context.close()
