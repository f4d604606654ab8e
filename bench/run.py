"""kcsearch benchmark: indexing and query speed against plain Whoosh, tantivy and SQLite FTS5
on the same synthetic documents, measured in one run (the systems answering each query in turn)
so the ratios share the machine's noise.

    python bench/run.py                    # 1k and 10k articles
    python bench/run.py --sizes 100000     # the big one (long)
    python bench/run.py --quick            # 1k articles, fewer repetitions: what CI runs
    python bench/run.py --sizes 100000 --systems kcsearch/tantivy tantivy fts5
    python bench/run.py --sizes 10000 --processes-only   # whole processes on an earlier run's indexes

Writes bench/out/results.json (raw numbers) and bench/out/results.md (the tables). Baselines
index the raw files (no cleaning, minimal schema); kcsearch indexes them as users would.
No timing is asserted anywhere: this reports, it does not judge.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import sqlite3
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from generate import SPEAKERS, generate  # noqa: E402

PY = sys.executable
TAG = re.compile(r"<[^>]+>")


def raw_docs(corpus: Path) -> list[tuple[str, str]]:
    """(id, text) of every file, markup stripped, no cleaning: what the baselines index."""
    out = []
    for p in sorted(corpus.rglob("*")):
        if p.suffix in (".md", ".html", ".txt"):
            out.append((p.relative_to(corpus).as_posix(), TAG.sub(" ", p.read_text(encoding="utf-8"))))
    return out


# --- indexing, each in its own process so peak memory is its own ------------------------------

KC = ("kcsearch/whoosh", "kcsearch/tantivy")  # kcsearch with each of its engines
INDEXERS = {
    "kcsearch/whoosh": """
import sys, kcsearch
kcsearch.build([sys.argv[1]], sys.argv[2], engine="whoosh")
""",
    "kcsearch/tantivy": """
import sys, kcsearch
kcsearch.build([sys.argv[1]], sys.argv[2], engine="tantivy")
""",
    "whoosh": f"""
import sys, json
sys.path.insert(0, {str(HERE)!r})
from whoosh import index
from run import whoosh_baseline_schema
docs = json.load(open(sys.argv[1] + '.docs.json'))
ix = index.create_in(sys.argv[2], whoosh_baseline_schema())
w = ix.writer()
for i, t in docs: w.add_document(id=i, body=t)
w.commit()
""",
    "tantivy": """
import sys, json, tantivy
docs = json.load(open(sys.argv[1] + '.docs.json'))
sb = tantivy.SchemaBuilder()
sb.add_text_field('id', stored=True, tokenizer_name='raw')
sb.add_text_field('body', stored=True, tokenizer_name='en_stem')
ix = tantivy.Index(sb.build(), path=sys.argv[2])
w = ix.writer(heap_size=200_000_000, num_threads=1)
for i, t in docs: w.add_document(tantivy.Document(id=i, body=t))
w.commit(); w.wait_merging_threads()
""",
    "fts5": """
import sys, json, sqlite3
docs = json.load(open(sys.argv[1] + '.docs.json'))
con = sqlite3.connect(sys.argv[2] + '/fts.db')
con.execute("create virtual table t using fts5(id unindexed, body, tokenize='porter unicode61')")
con.executemany('insert into t(id, body) values (?, ?)', docs)
con.commit()
""",
}


def run_indexer(name: str, corpus: Path, ix: Path) -> dict[str, float]:
    shutil.rmtree(ix, ignore_errors=True)
    ix.mkdir(parents=True)
    started = time.perf_counter()
    proc = subprocess.Popen([PY, "-c", INDEXERS[name], str(corpus), str(ix)])
    peaks = {"VmRSS:": 0, "RssAnon:": 0}
    sampler = threading.Thread(target=_sample_memory, args=(proc.pid, peaks), daemon=True)
    sampler.start()
    _pid, status, _usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - started
    if status != 0:
        raise SystemExit(f"bench: {name} indexing failed (status {status})")
    size = sum(f.stat().st_size for f in ix.rglob("*") if f.is_file())
    return {"seconds": seconds, "peak_mb": peaks["VmRSS:"] / 1024,
            "peak_private_mb": peaks["RssAnon:"] / 1024, "index_mb": size / 2**20}


def _sample_memory(pid: int, peaks: dict[str, int]) -> None:
    """Peak resident (VmRSS) and private (RssAnon) memory of the indexing process (not of any
    worker processes it starts), in KB, sampled every 0.1 s. Not ru_maxrss: a child forked
    from this process inherits its peak (this process holds the corpus as JSON, 1.6 GB at
    100k). RSS also counts the index file pages an engine maps to read them (tantivy's merges
    at commit touch the whole index), which the system can take back at any time; the
    private figure is what indexing holds."""
    path = f"/proc/{pid}/status"
    while True:
        try:
            with open(path) as f:
                for line in f:
                    key = line.split(maxsplit=1)[0] if line.strip() else ""
                    if key in peaks:
                        peaks[key] = max(peaks[key], int(line.split()[1]))
        except (OSError, ValueError):
            return
        time.sleep(0.1)


# --- queries --------------------------------------------------------------------------------------

def query_sets(docs: list[tuple[str, str]], n: int, rng: random.Random) -> dict[str, list[Any]]:
    """Deterministic queries drawn from the documents themselves."""
    words: dict[str, int] = {}
    bigrams: list[str] = []
    for _id, text in docs[:2000]:
        toks = re.findall(r"[A-Za-z]{4,}", text)
        for w in toks:
            words[w.lower()] = words.get(w.lower(), 0) + 1
        for i in range(0, len(toks) - 1, 37):
            bigrams.append(f"{toks[i]} {toks[i + 1]}".lower())
    mid = [w for w, c in sorted(words.items(), key=lambda x: -x[1])[30:3000]]
    years = list(range(2016, 2025))
    surnames = [name.split()[-1] for name, _role in SPEAKERS]
    claims = [f"{rng.choice(surnames)} said {rng.choice(mid)} {rng.choice(mid)}" for _ in range(n)]
    return {
        "term": [rng.choice(mid) for _ in range(n)],
        "two_terms": [f"{rng.choice(mid)} {rng.choice(mid)}" for _ in range(n)],
        "phrase": [f'"{rng.choice(bigrams)}"' for _ in range(n)],
        "phrase_dates": [(f'"{rng.choice(bigrams)}"', y, y + 1)
                         for y in (rng.choice(years) for _ in range(n))],
        "speaker": [(rng.choice(mid), rng.choice(surnames)) for _ in range(n)],
        "quotes": [rng.choice(mid) for _ in range(n)],
        "check": claims,
    }


Runner = Callable[[Any], Any]


def timed_together(runners: dict[str, dict[str, Runner]], qs: dict[str, list[Any]],
                   warm: dict[str, list[Any]]) -> dict[str, dict[str, dict[str, float]]]:
    """Median and p95 ms per system and query kind, after each system has answered the `warm`
    queries of the kind untimed (other queries: a repeated one could be served from a cache).
    The systems answer each query in turn (the order rotating from query to query), so a slow
    minute of this noisy machine falls on all of them alike and the ratios hold. Run one system
    after another, tantivy alone answered a term at 100k in 2.20 ms median in one run and 2.88
    an hour later, and kcsearch's ratios moved by up to 0.2 with it."""
    out: dict[str, dict[str, dict[str, float]]] = {name: {} for name in runners}
    for kind, items in qs.items():
        names = [name for name in runners if kind in runners[name]]
        for name in names:
            for item in warm[kind]:
                runners[name][kind](item)
        times: dict[str, list[float]] = {name: [] for name in names}
        for i, item in enumerate(items):
            for name in names[i % len(names):] + names[:i % len(names)]:
                t = time.perf_counter()
                runners[name][kind](item)
                times[name].append((time.perf_counter() - t) * 1000)
        for name, ts in times.items():
            ts.sort()
            out[name][kind] = {"median_ms": statistics.median(ts),
                               "p95_ms": ts[int(0.95 * (len(ts) - 1))], "n": len(ts)}
    return out


def kcsearch_runners(ix: Path) -> dict[str, Runner]:
    import kcsearch

    c = kcsearch.open(ix)
    return {
        "term": lambda q: c.search(q),
        "two_terms": lambda q: c.search(q),
        "phrase": lambda q: c.search(q),
        "phrase_dates": lambda q: c.search(q[0], after=str(q[1]), before=str(q[2])),
        "speaker": lambda q: c.search(q[0], speaker=q[1]),
        "quotes": lambda q: c.quotes(q),
        "check": lambda q: c.check(q),
    }


def whoosh_baseline_schema() -> Any:
    """Plain Whoosh's schema. Passed when its index is opened beside kcsearch's: kcsearch
    reads no pickled schema (nor any pickle naming other classes) from an index folder."""
    from whoosh.analysis import StemmingAnalyzer
    from whoosh.fields import ID, TEXT, Schema

    return Schema(id=ID(stored=True), body=TEXT(analyzer=StemmingAnalyzer(stoplist=None), stored=True))


def whoosh_runners(ix: Path) -> dict[str, Runner]:
    from whoosh import index
    from whoosh.qparser import QueryParser

    w = index.open_dir(str(ix), schema=whoosh_baseline_schema())
    s = w.searcher()
    parser = QueryParser("body", w.schema)

    def run(q: str) -> None:
        for hit in s.search(parser.parse(q), limit=10):
            hit.highlights("body")

    return dict.fromkeys(("term", "two_terms", "phrase"), run)


def tantivy_runners(ix: Path) -> dict[str, Runner]:
    import tantivy

    index = tantivy.Index.open(str(ix))
    s = index.searcher()

    def run(q: str) -> None:
        query = index.parse_query(q, ["body"], conjunction_by_default=True)
        gen = tantivy.SnippetGenerator.create(s, query, index.schema, "body")
        for _score, addr in s.search(query, limit=10).hits:
            gen.snippet_from_doc(s.doc(addr)).to_html()

    return dict.fromkeys(("term", "two_terms", "phrase"), run)


def fts5_runners(ix: Path) -> dict[str, Runner]:
    con = sqlite3.connect(ix / "fts.db")

    def run(q: str) -> None:
        con.execute("select id, snippet(t, 1, '[', ']', '…', 20) from t where t match ? "
                    "order by rank limit 10", (q,)).fetchall()

    return dict.fromkeys(("term", "two_terms", "phrase"), run)


def counts(ixs: dict[str, Path], terms: list[str]) -> list[dict[str, Any]]:
    """How many articles each engine finds for simple one-word queries."""
    import kcsearch

    counters: dict[str, Callable[[str], int]] = {}
    cs = {name: kcsearch.open(ixs[name]) for name in KC if name in ixs}
    for name, c in cs.items():
        counters[name] = lambda term, c=c: c.search(term, expand=True).total
    if "whoosh" in ixs:
        from whoosh import index
        from whoosh.qparser import QueryParser

        w = index.open_dir(str(ixs["whoosh"]), schema=whoosh_baseline_schema())
        ws = w.searcher()
        counters["whoosh"] = lambda term: len(ws.search(QueryParser("body", w.schema).parse(term),
                                                        limit=None))
    if "tantivy" in ixs:
        import tantivy

        t = tantivy.Index.open(str(ixs["tantivy"]))
        ts = t.searcher()
        counters["tantivy"] = lambda term: ts.search(t.parse_query(term, ["body"]), limit=1).count
    if "fts5" in ixs:
        con = sqlite3.connect(ixs["fts5"] / "fts.db")
        counters["fts5"] = lambda term: con.execute(
            "select count(*) from t where t match ?", (term,)).fetchone()[0]
    rows = [{"term": term, **{name: count(term) for name, count in counters.items()}}
            for term in terms]
    for c in cs.values():
        c.close()
    return rows


CLI_PROCESS = {
    "python (nothing)": ["-c", "pass"],
    "bare whoosh process": ["-c", "import sys; from whoosh import index; from whoosh.qparser import "
                            "QueryParser; ix = index.open_dir(sys.argv[1]); s = ix.searcher(); "
                            "print(len(s.search(QueryParser('body', ix.schema).parse(sys.argv[2]))))"],
    "bare tantivy process": ["-c", "import sys, tantivy; ix = tantivy.Index.open(sys.argv[1]); "
                             "print(ix.searcher().search(ix.parse_query(sys.argv[2], ['body'])).count)"],
}


def cold_process(runs: int, ixs: dict[str, Path], term: str) -> dict[str, float]:
    """Whole-process wall time, median of `runs`: what a user waits for one command.

    Each command runs once untimed first, with bytecode writing allowed: an installed package
    has its .pyc files, and compiling kcsearch's modules on every run (as under
    PYTHONDONTWRITEBYTECODE with an editable install) cost about 45 ms a process."""
    kc = Path(PY).parent / "kcsearch"
    cmds = {
        **{f"{name} QUERY": [str(kc), term, "--index", str(ixs[name])] for name in KC if name in ixs},
        "python (nothing)": [PY, *CLI_PROCESS["python (nothing)"]],
    }
    for base in ("whoosh", "tantivy"):
        if base in ixs:
            cmds[f"bare {base} process"] = [PY, *CLI_PROCESS[f"bare {base} process"], str(ixs[base]), term]
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    for cmd in cmds.values():
        subprocess.run(cmd, capture_output=True, check=False, env=env)
    # the commands take turns, as the queries do: a slow minute falls on all of them
    times: dict[str, list[float]] = {name: [] for name in cmds}
    for _ in range(runs):
        for name, cmd in cmds.items():
            t = time.perf_counter()
            subprocess.run(cmd, capture_output=True, check=False, env=env)
            times[name].append((time.perf_counter() - t) * 1000)
    return {name: statistics.median(ts) for name, ts in times.items()}


def docs_path(corpus: Path) -> Path:
    return Path(f"{corpus}.docs.json")


def write_raw_docs(corpus: Path) -> list[tuple[str, str]]:
    """raw_docs() beside the corpus, as <corpus>.docs.json: what the baseline indexers read."""
    docs = raw_docs(corpus)
    docs_path(corpus).write_text(json.dumps(docs))
    return docs


def index_paths(out: Path, systems: list[str], tag: str) -> dict[str, Path]:
    return {name: out / f"ix-{name.replace('/', '-')}-{tag}" for name in systems}


def five_article_process(out: Path, runs: int, systems: list[str]) -> dict[str, float]:
    """The whole-process time of `kcsearch QUERY` on the repository's own corpus (the five seed
    articles), beside the bare engines' processes on the same files: the start-up cost a user
    pays on every command, with no index size to hide behind."""
    corpus = out / "corpus-five"
    shutil.rmtree(corpus, ignore_errors=True)
    shutil.copytree(HERE.parent / "corpus", corpus)
    write_raw_docs(corpus)
    ixs = index_paths(out, [n for n in (*KC, "whoosh", "tantivy") if n in systems], "five")
    for name in ixs:
        run_indexer(name, corpus, ixs[name])
    return cold_process(runs, ixs, "ceasefire")


def bench_size(n: int, out: Path, n_queries: int, cold_runs: int,
               systems: list[str]) -> dict[str, Any]:
    corpus = generate(out / f"corpus-{n}", n)
    docs = write_raw_docs(corpus)
    ixs = index_paths(out, systems, str(n))
    indexing = {}
    for name in systems:
        indexing[name] = run_indexer(name, corpus, ixs[name])
        indexing[name]["articles_per_s"] = n / indexing[name]["seconds"]
        print(f"  {n}: {name} indexed in {indexing[name]['seconds']:.1f}s", file=sys.stderr)
    # an incremental run over the unchanged corpus: it should cost a small share of a build
    for name in (k for k in KC if k in ixs):
        started = time.perf_counter()
        subprocess.run([PY, "-c", INDEXERS[name], str(corpus), str(ixs[name])], check=True)
        indexing[name]["unchanged_rerun_seconds"] = time.perf_counter() - started
    rng = random.Random(11)
    qs = query_sets(docs, n_queries, rng)
    warm = query_sets(docs, 10, random.Random(12))
    makers = {**{name: kcsearch_runners for name in KC}, "whoosh": whoosh_runners,
              "tantivy": tantivy_runners, "fts5": fts5_runners}
    queries = timed_together({name: makers[name](ixs[name]) for name in systems}, qs, warm)
    return {"articles": n, "indexing": indexing, "queries": queries,
            "counts": counts(ixs, qs["term"][:12]),
            "process_ms": cold_process(cold_runs, ixs, qs["term"][0])}


def markdown(results: list[dict[str, Any]]) -> str:
    lines = ["# kcsearch benchmark", "",
             "Ratios are kcsearch / baseline on the same documents in the same run (lower is better "
             "for times); the systems answer each query in turn, so a slow minute falls on all "
             "of them. Baselines index raw files with a minimal schema and no cleaning.", ""]
    for r in results:
        n = r["articles"]
        ix = r["indexing"]
        lines += [f"## {n:,} articles", "",
                  "| Indexing | articles/s | peak MB (RSS) | peak private MB | index MB |",
                  "|---|---|---|---|---|"]
        for name, m in ix.items():
            lines.append(f"| {name} | {m['articles_per_s']:.0f} | {m['peak_mb']:.0f} | "
                         f"{m.get('peak_private_mb', 0):.0f} | {m['index_mb']:.1f} |")
        lines.append("")
        kcs = [k for k in KC if k in ix]
        bases = [b for b in ("whoosh", "tantivy", "fts5") if b in r["queries"]]
        for name in kcs:
            kc = ix[name]
            lines.append(f"Re-running {name} index over the unchanged corpus: "
                         f"{kc['unchanged_rerun_seconds']:.1f}s, "
                         f"{100 * kc['unchanged_rerun_seconds'] / kc['seconds']:.0f}% of the full build.  ")
        q = r["queries"]
        lines += ["", "| Query (warm, with snippets) | engine | kcsearch median / p95 ms | "
                  + " | ".join(f"vs {b}" for b in bases) + " |", "|---|---|---|" + "---|" * len(bases)]
        for kind in q[kcs[0]] if kcs else ():
            for name in kcs:
                m = q[name][kind]
                ratios = []
                for base in bases:
                    b = q[base].get(kind)
                    ratios.append(f"{m['median_ms'] / b['median_ms']:.1f}x" if b and b["median_ms"]
                                  else "—")
                lines.append(f"| {kind} | {name.split('/')[1]} | {m['median_ms']:.1f} / "
                             f"{m['p95_ms']:.1f} | {' | '.join(ratios)} |")
        lines += ["", "| Baseline query, median / p95 ms | " + " | ".join(bases) + " |",
                  "|---|" + "---|" * len(bases)]
        for kind in ("term", "two_terms", "phrase"):
            cells = [f"{q[b][kind]['median_ms']:.2f} / {q[b][kind]['p95_ms']:.2f}" for b in bases]
            lines.append(f"| {kind} | {' | '.join(cells)} |")
        p = r["process_ms"]
        lines += ["", "| Whole process (cold, median) | ms |", "|---|---|"]
        lines += [f"| {name} | {ms:.0f} |" for name, ms in p.items()]
        agree = sum(len({row[b] for b in bases}) == 1 for row in r["counts"])
        agree_kc = sum(len({row[k] for k in kcs}) == 1 for row in r["counts"])
        cols = [*kcs, *bases]
        lines += ["", f"Result counts for one-word queries ({agree}/{len(r['counts'])} agree among the "
                  f"baselines, {agree_kc}/{len(r['counts'])} between kcsearch's engines):", "",
                  "| term | " + " | ".join(cols) + " |", "|---|" + "---|" * len(cols)]
        lines += ["| " + " | ".join(str(c[k]) for k in ["term", *cols]) + " |" for c in r["counts"]]
        lines += ["", "kcsearch counts differ from the baselines by design: it drops boilerplate "
                  "(captions, promo lines, share debris) before indexing, and the analysis differs "
                  "(kcsearch's Snowball stems and hyphen/figure rules, Whoosh's Porter variant, "
                  "tantivy's en_stem, SQLite's porter). kcsearch's two engines must agree.", ""]
    return "\n".join(lines)


def startup_markdown(p: dict[str, float]) -> str:
    lines = ["", "## Whole process on the five-article corpus (`corpus/`)", "",
             "Median wall time of one command in a new process (after one untimed run; the "
             "commands take turns).", "",
             "| process | ms | ratio |", "|---|---|---|"]
    base_of = {"kcsearch/whoosh QUERY": "bare whoosh process",
               "kcsearch/tantivy QUERY": "bare tantivy process"}
    for name, ms in p.items():
        base = base_of.get(name)
        ratio = f"{ms / p[base]:.2f}x {base}" if base in p else ""
        lines.append(f"| {name} | {ms:.0f} | {ratio} |")
    return "\n".join([*lines, ""])


def processes_only(out: Path, sizes: list[int], runs: int, systems: list[str], n_queries: int) -> str:
    """The whole-process times alone, on the indexes an earlier run left in `out` (after a
    start-up change, say): the five-article processes, then `kcsearch QUERY` on each size's
    index with the word the full run used. Writes results-processes.json and .md."""
    found: dict[str, dict[str, float]] = {
        "five articles": five_article_process(out, runs, systems)}
    for n in sizes:
        docs = json.loads(docs_path(out / f"corpus-{n}").read_text())
        term = query_sets(docs, n_queries, random.Random(11))["term"][0]  # as bench_size draws it
        ixs = {name: p for name, p in index_paths(out, systems, str(n)).items() if p.exists()}
        if ixs:
            found[f"{n:,} articles"] = cold_process(runs, ixs, term)
    (out / "results-processes.json").write_text(json.dumps(found, indent=2))
    names = list(dict.fromkeys(name for times in found.values() for name in times))
    lines = ["# Whole processes (cold, median ms)", "",
             "| process | " + " | ".join(found) + " |", "|---|" + "---|" * len(found)]
    lines += [f"| {name} | " + " | ".join(f"{t[name]:.0f}" if name in t else "" for t in found.values())
              + " |" for name in names]
    for name, base in (("kcsearch/whoosh QUERY", "bare whoosh process"),
                       ("kcsearch/tantivy QUERY", "bare tantivy process")):
        ratios = [f"{where}: {t[name] / t[base]:.2f}x" for where, t in found.items()
                  if name in t and base in t]
        if ratios:
            lines += ["", f"{name} against the {base}: " + ", ".join(ratios) + "."]
    md = "\n".join([*lines, ""])
    (out / "results-processes.md").write_text(md)
    return md


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    ap.add_argument("--quick", action="store_true",
                    help="1k articles, 40 queries a kind, 3 cold runs: keeps the benchmark working "
                         "(CI runs it); the full run's 200 queries are what to quote")
    ap.add_argument("--queries", type=int, default=200, help="queries per kind (at least 200 to quote)")
    ap.add_argument("--cold-runs", type=int, default=10)
    ap.add_argument("--out", type=Path, default=HERE / "out")
    ap.add_argument("--systems", nargs="+", choices=list(INDEXERS), default=list(INDEXERS),
                    help="what to measure (default all); e.g. at 100k: kcsearch/tantivy tantivy fts5")
    ap.add_argument("--processes-only", action="store_true",
                    help="only the whole-process times, on the indexes an earlier run of the same "
                         "--sizes left in --out (results-processes.md)")
    args = ap.parse_args()
    if args.quick:
        args.sizes, args.cold_runs, args.queries = [1000], 3, 40
    args.out.mkdir(parents=True, exist_ok=True)
    if args.processes_only:
        missing = [n for n in args.sizes if not docs_path(args.out / f"corpus-{n}").exists()]
        if missing:
            print(f"bench: no earlier run of {missing} in {args.out}: run without "
                  "--processes-only first", file=sys.stderr)
            return 2
        print(processes_only(args.out, args.sizes, args.cold_runs, args.systems, args.queries))
        return 0
    results = []
    for n in args.sizes:
        results.append(bench_size(n, args.out, args.queries, args.cold_runs, args.systems))
    five = five_article_process(args.out, args.cold_runs, args.systems)
    (args.out / "results.json").write_text(json.dumps(
        {"sizes": results, "five_article_process_ms": five}, indent=2))
    md = markdown(results) + startup_markdown(five)
    (args.out / "results.md").write_text(md)
    print(md)
    return 0


if __name__ == "__main__":
    sys.exit(main())
