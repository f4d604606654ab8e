"""Two kcsearch installs on the same work, taking turns: what a change costs.

    python bench/ab.py OLD_PYTHON NEW_PYTHON [--articles 2000] [--rounds 3] [--out FILE.md]

OLD_PYTHON and NEW_PYTHON are the interpreters of two virtual environments with kcsearch
installed (say main before a change, in a git worktree, and the change). Each round runs every
measurement once with each install, in turn, in fresh processes on the same generated corpus:
building the index (tantivy and Whoosh), re-indexing it unchanged, warm queries of five kinds
(median over the round's queries) and the whole `kcsearch QUERY` process. The report gives
the median over rounds for each install and the ratio new/old.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from generate import generate  # noqa: E402

BUILD = """
import sys, time, kcsearch
t = time.perf_counter()
kcsearch.build([sys.argv[1]], sys.argv[2], engine=sys.argv[3])
print(time.perf_counter() - t)
"""
QUERIES = """
import json, statistics, sys, time, kcsearch
KINDS = {
    "term": lambda c, w: c.search(w),
    "two terms": lambda c, w: c.search(w + " Karabakh"),
    "phrase": lambda c, w: c.search('"peace talks"'),
    "quotes": lambda c, w: c.quotes(w),
    "check": lambda c, w: c.check("Turkey sent 4,000 Syrian mercenaries to " + w),
}
words = json.loads(sys.argv[2])
out = {}
with kcsearch.open(sys.argv[1]) as c:
    for kind, run in KINDS.items():
        times = []
        for w in words:
            t = time.perf_counter()
            run(c, w)
            times.append(time.perf_counter() - t)
        out[kind] = statistics.median(times)
print(json.dumps(out))
"""
WORDS = ["talks", "ceasefire", "Armenia", "drones", "Lachin", "Shusha", "border", "president",
         "refugees", "minister", "Russia", "Turkey", "peace", "said", "army", "attack", "city",
         "government", "statement", "week"]


def _run(python: str, code: str, *args: str) -> str:
    proc = subprocess.run([python, "-c", code, *args], capture_output=True, text=True, check=True)
    return proc.stdout.strip()


def _process(python: str, index: Path, runs: int = 5) -> float:
    kcsearch = str(Path(python).parent / "kcsearch")
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        subprocess.run([kcsearch, "ceasefire", "--index", str(index)], capture_output=True)
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def measure(python: str, corpus: Path, work: Path) -> dict[str, float]:
    got: dict[str, float] = {}
    for engine in ("tantivy", "whoosh"):
        ix = work / f"ix-{engine}"
        shutil.rmtree(ix, ignore_errors=True)
        got[f"{engine}: build, s"] = float(_run(python, BUILD, str(corpus), str(ix), engine))
        got[f"{engine}: re-index unchanged, s"] = float(_run(python, BUILD, str(corpus), str(ix), engine))
        for kind, seconds in json.loads(_run(python, QUERIES, str(ix), json.dumps(WORDS))).items():
            got[f"{engine}: {kind}, ms"] = seconds * 1000
        got[f"{engine}: kcsearch QUERY process, ms"] = _process(python, ix) * 1000
    return got


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("old")
    ap.add_argument("new")
    ap.add_argument("--articles", type=int, default=2000)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--out", type=Path)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="kc-ab-") as tmp:
        work = Path(tmp)
        corpus = generate(work / "corpus", args.articles)
        rounds: dict[str, list[dict[str, float]]] = {"old": [], "new": []}
        for n in range(args.rounds):
            order = ("old", "new") if n % 2 == 0 else ("new", "old")
            for who in order:
                rounds[who].append(measure(getattr(args, who), corpus, work / who))
    lines = [f"# A/B: {args.articles} generated articles, {args.rounds} rounds taking turns "
             "(median over rounds)", "", f"old: `{args.old}`  new: `{args.new}`", "",
             "| measurement | old | new | new/old |", "|---|---|---|---|"]
    for key in rounds["old"][0]:
        old = statistics.median(r[key] for r in rounds["old"])
        new = statistics.median(r[key] for r in rounds["new"])
        lines.append(f"| {key} | {old:.3g} | {new:.3g} | {new / old:.2f} |")
    report = "\n".join(lines) + "\n"
    print(report)
    if args.out:
        args.out.write_text(report)
    return 0


if __name__ == "__main__":
    sys.exit(main())
