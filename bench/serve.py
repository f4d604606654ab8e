"""The web UI's speed: search pages served by `kcsearch serve` over a generated corpus.

    python bench/serve.py [--articles 100000] [--engine tantivy] [--requests 400] [--work DIR]

Builds (or reuses, in --work) an index of generated articles, starts the server in this
process on a free port and asks for search result pages the way a browser would (a query
from the benchmark's vocabulary, with facets, the first page or a later one, a date filter
or an outlet now and then), one request at a time over HTTP. Reports the median and p95
of whole responses in ms, with the article page and the check page beside them; asserts
nothing (bench/README.md quotes a run).
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from generate import generate  # noqa: E402

import kcsearch  # noqa: E402
from kcsearch.cli import web  # noqa: E402

WORDS = ["talks", "ceasefire", "Armenia", "drones", "Lachin", "Shusha", "border", "president",
         "refugees", "minister", "Russia", "Turkey", "peace", "army", "attack", "city",
         "government", "statement", "week", '"peace talks"', "Karabakh AND drones"]


def timed(url: str) -> float:
    t = time.perf_counter()
    with urllib.request.urlopen(url, timeout=60) as r:
        r.read()
        assert r.status == 200, url
    return (time.perf_counter() - t) * 1000


def p95(xs: list[float]) -> float:
    return sorted(xs)[max(0, round(0.95 * len(xs)) - 1)]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--articles", type=int, default=100_000)
    ap.add_argument("--engine", default="tantivy")
    ap.add_argument("--requests", type=int, default=400)
    ap.add_argument("--work", type=Path, default=Path("/tmp/kcsearch-bench-serve"))
    args = ap.parse_args()
    corpus_dir = args.work / f"corpus-{args.articles}"
    index_dir = args.work / f"index-{args.articles}-{args.engine}"
    if not corpus_dir.exists():
        generate(corpus_dir, args.articles)
    if kcsearch.index_state(index_dir) != "current":
        t = time.perf_counter()
        kcsearch.build([corpus_dir], index_dir, engine=args.engine)
        print(f"indexed {args.articles} articles in {time.perf_counter() - t:.0f} s", file=sys.stderr)
    api = kcsearch.open(index_dir)
    httpd = web.server(api, "127.0.0.1", 0)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{httpd.server_address[1]}"
    rnd = random.Random(7)
    outlets = api.outlets()
    ids = [h.id for h in api.search("Karabakh OR Armenia", limit=200).hits]

    def search_url() -> str:
        params = {"q": rnd.choice(WORDS)}
        if rnd.random() < 0.3:
            params["page"] = str(rnd.choice([2, 3]))
        if rnd.random() < 0.2:
            params["after"] = "2020-10"
        if rnd.random() < 0.2 and outlets:
            params["outlet"] = rnd.choice(outlets)
        return base + "/?" + urllib.parse.urlencode(params)

    for _ in range(20):  # warm: the first requests open the engine's files
        timed(search_url())
    searches = [timed(search_url()) for _ in range(args.requests)]
    articles = [timed(base + "/article?" + urllib.parse.urlencode({"id": rnd.choice(ids)}))
                for _ in range(max(20, args.requests // 10))]
    checks = [timed(base + "/check?" + urllib.parse.urlencode(
        {"claim": f"Turkey sent Syrian mercenaries to {rnd.choice(WORDS[:18])}"}))
        for _ in range(max(20, args.requests // 10))]
    httpd.shutdown()
    api.close()
    print(f"| page ({args.articles:,} articles, {args.engine}) | requests | median ms | p95 ms |")
    print("|---|---|---|---|")
    for name, xs in (("search (with facets)", searches), ("article", articles), ("check", checks)):
        print(f"| {name} | {len(xs)} | {statistics.median(xs):.1f} | {p95(xs):.1f} |")


if __name__ == "__main__":
    main()
