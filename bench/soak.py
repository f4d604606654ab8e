"""A long reliability soak: what tests/test_reliability.py checks, many more times.

    python bench/soak.py [--kills 40] [--queries 2000] [--corpora 100] [--damage 100]
                         [--seed 1] [--out bench/results/soak.md]

Four phases, on both engines, each with a sentinel folder beside the index that must never
change:
  kills     `kcsearch index` (updates, --rebuild, engine switches; one process or workers)
            killed by SIGKILL, SIGINT or SIGTERM at a random moment: the index must be the
            old or the new one, the next run must complete, one generation must remain, no
            traceback may be printed
  queries   random queries through search, quotes and check: a result or a KcsearchError
  corpora   random files (bytes, text, HTML fragments, escape sequences): each indexed or
            skipped with a one-line reason
  damage    an index folder damaged or crafted at random (kcsearch.json fields, truncated,
            zeroed or deleted files, planted links): `kcsearch` commands in fresh processes
            must exit 0, 1 or 2 with at most one error line, and `kcsearch index` must leave
            a working index
The report counts every case tried and every failure (with how to reproduce it).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
KCSEARCH = str(Path(sys.executable).parent / "kcsearch")
RUN = """
import sys
try:
    from kcsearch.cli.main import main
    from kcsearch.index import writer
except KeyboardInterrupt:  # stopped while Python was still importing: kcsearch never started
    sys.exit(130)
writer.PARALLEL_FROM = int(sys.argv[3])
main(["index", sys.argv[1], "--index", sys.argv[2]] + sys.argv[4:])
"""
PIECES = ["Karabakh", "Minsk", "Group", '"', "(", ")", "AND", "OR", "NOT", "-", "*", "?", "~",
          "~2", "^3", "title:", "speaker:", "date:", "[2020 TO 2021]", "[", "]", "'", ":",
          "4,000", "Erdoğan", "\x1b[2J", "\x00", "\u202e", " ", "\n", "~99999999999", "^9999999",
          "Pashinian~", "mercenar*", "📰", "ß", "date:2020-13", "outlet:", "{", "}"]
FRAGMENTS = [b"<html>", b"<body>", b"<div>", b"<p>", b"</p>", b"<script>", b"</div>",
             b"Talks resumed, officials said.", b'"We will fight," Aliyev said.', b"\xff\xfe",
             b"\x00", b"\n\n", b"<!--", b"# Title\n", b"By Name\n", b"\xef\xbb\xbf",
             b"\xe2\x80\xae", b"\x1b]52;c;eA==\x07", b"<div><span>" * 50, b"&#x1b;"]


def article(i: int, version: int) -> str:
    return (f"Talks in Zorakan {i} resumed on day {version}, officials said.\n\n"
            f"\"We want peace,\" Dmitry Peskov said on day {version}.\n")


def ids(ix: Path) -> set[str]:
    import kcsearch

    with kcsearch.open(ix) as c:
        return {d.id for d in c.documents()}


def sentinel(root: Path) -> Path:
    outside = root / "outside"
    outside.mkdir(exist_ok=True)
    (outside / "keep.txt").write_text("precious")
    return outside


def untouched(outside: Path) -> bool:
    return os.listdir(outside) == ["keep.txt"] and (outside / "keep.txt").read_text() == "precious"


class Soak:
    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.counts: dict[str, int] = {}
        self.failures: list[str] = []

    def count(self, what: str) -> None:
        self.counts[what] = self.counts.get(what, 0) + 1

    def fail(self, what: str) -> None:
        self.failures.append(what)
        print("FAIL:", what, file=sys.stderr)

    # --- kills ----------------------------------------------------------------------------
    def kills(self, work: Path, n: int) -> None:
        import kcsearch
        from kcsearch.index import storage

        for engine in ("whoosh", "tantivy"):
            root = work / f"kills-{engine}"
            corpus, ix = root / "corpus", root / "ix"
            shutil.copytree(REPO / "corpus", corpus)
            outside = sentinel(root)
            kcsearch.build([corpus], ix, engine=engine)
            committed = ids(ix)
            for round_ in range(n // 2):
                wanted = {p.name for p in (REPO / "corpus").glob("*.txt")}
                for i in range(self.rng.randint(20, 120)):
                    (corpus / f"extra{i:03}.txt").write_text(article(i, round_))
                    wanted.add(f"extra{i:03}.txt")
                for old in set(os.listdir(corpus)) - wanted - {"sources.toml"}:
                    (corpus / old).unlink()
                sig = self.rng.choice([signal.SIGKILL, signal.SIGINT, signal.SIGTERM])
                args = ["--rebuild"] if self.rng.random() < 0.25 else []
                if self.rng.random() < 0.2:
                    args = ["--engine", self.rng.choice(["whoosh", "tantivy"])]
                proc = subprocess.Popen([sys.executable, "-c", RUN, str(corpus), str(ix),
                                         self.rng.choice(["1", "1000"]), *args],
                                        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                        start_new_session=True)
                time.sleep(self.rng.uniform(0.05, 2.0))
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(proc.pid, sig)
                _out, err = proc.communicate(timeout=300)
                time.sleep(0.2)
                case = f"kills {engine} round {round_} {signal.Signals(sig).name} {args}"
                self.count("kills")
                if "Traceback" in err:
                    self.fail(f"{case}: a traceback was printed")
                now = ids(ix)
                if now not in (committed, wanted):
                    self.fail(f"{case}: the index mixes two runs")
                kcsearch.build([corpus], ix)
                committed = ids(ix)
                if committed != wanted:
                    self.fail(f"{case}: the next run did not index the corpus")
                gens = {storage.generation_of(x) for x in os.listdir(ix)} - {None}
                if len(gens) != 1:
                    self.fail(f"{case}: {len(gens)} generations left")
                if not untouched(outside):
                    self.fail(f"{case}: the folder outside changed")

    # --- queries ----------------------------------------------------------------------------
    def queries(self, work: Path, n: int) -> None:
        import kcsearch

        for engine in ("whoosh", "tantivy"):
            ix = work / f"q-{engine}"
            kcsearch.build([REPO / "corpus"], ix, engine=engine)
            with kcsearch.open(ix) as c:
                for _ in range(n // 2):
                    pieces = self.rng.choices(PIECES, k=self.rng.randint(0, 25))
                    query = self.rng.choice(["", " "]).join(pieces)
                    for name in ("search", "quotes", "check"):
                        self.count("queries")
                        try:
                            if name == "search":
                                c.search(query, facets=True)
                            else:
                                getattr(c, name)(query)
                        except kcsearch.KcsearchError as e:
                            if "\n" in str(e):
                                self.fail(f"{name} {query!r}: a message of several lines")
                        except Exception as e:
                            self.fail(f"{engine} {name} {query!r}: {type(e).__name__}: {e}")

    # --- corpora ----------------------------------------------------------------------------
    def corpora(self, work: Path, n: int) -> None:
        import kcsearch

        for k in range(n):
            engine = ("whoosh", "tantivy")[k % 2]
            root = work / f"corpus-{k}"
            corpus = root / "c"
            corpus.mkdir(parents=True)
            files = self.rng.randint(1, 8)
            for f in range(files):
                kind = self.rng.random()
                if kind < 0.3:
                    data = self.rng.randbytes(self.rng.randint(0, 4000))
                elif kind < 0.6:
                    data = b"".join(self.rng.choices(FRAGMENTS, k=self.rng.randint(0, 80)))
                else:
                    data = "".join(chr(self.rng.randint(0, 0x2FFF)) for _ in range(
                        self.rng.randint(0, 2000))).encode("utf-8", "surrogatepass")
                (corpus / f"f{f}{self.rng.choice(['.txt', '.md', '.html'])}").write_bytes(data)
            self.count("corpora")
            try:
                r = kcsearch.build([corpus], root / "ix", engine=engine)
                if len(r.added) + len(r.failed) != files or any(
                        not f.reason or "\n" in f.reason for f in r.failed):
                    self.fail(f"corpus {k}: files neither indexed nor skipped with one reason")
                if len(ids(root / "ix")) != len(r.added):
                    self.fail(f"corpus {k}: the index does not hold what was added")
            except Exception as e:
                self.fail(f"corpus {k} ({engine}): {type(e).__name__}: {e}")
            shutil.rmtree(root)

    # --- damaged and crafted index folders ----------------------------------------------------
    def damage(self, work: Path, n: int) -> None:
        import kcsearch

        for k in range(n):
            engine = ("whoosh", "tantivy")[k % 2]
            root = work / f"damage-{k}"
            root.mkdir()
            ix, outside = root / "ix", sentinel(root)
            kcsearch.build([REPO / "corpus"], ix, engine=engine)
            how = self._damage(ix, outside)
            self.count("damaged folders")
            case = f"damage {k} ({engine}, {how})"
            for cmd in (["Karabakh"], ["quotes"], ["check", "Turkey sent 4,000 mercenaries"],
                        ["show", "004_c67a387fa88ce996.txt"], ["index", str(REPO / "corpus")]):
                proc = subprocess.run([KCSEARCH, *cmd, "--index", str(ix)], capture_output=True,
                                      text=True, timeout=300)
                self.count("commands on damaged folders")
                errors = [line for line in proc.stderr.splitlines() if line.startswith("kcsearch: error")]
                if proc.returncode not in (0, 1, 2) or "Traceback" in proc.stderr or len(errors) > 1:
                    self.fail(f"{case}: kcsearch {cmd[0]} exited {proc.returncode}: "
                              f"{proc.stderr[-300:]!r}")
            proc = subprocess.run([KCSEARCH, "index", str(REPO / "corpus"), "--index", str(ix)],
                                  capture_output=True, text=True, timeout=300)
            if proc.returncode == 0:
                try:
                    if len(ids(ix)) == 5:
                        self.count("damaged folders repaired by kcsearch index")
                    else:
                        self.fail(f"{case}: the repaired index does not hold the corpus")
                except kcsearch.KcsearchError as e:
                    self.fail(f"{case}: the repaired index cannot be read: {e}")
            elif "not a kcsearch index folder" in proc.stderr or "symbolic link" in proc.stderr:
                self.count("damaged folders refused by kcsearch index (one line)")
            else:
                self.fail(f"{case}: kcsearch index did not repair it: {proc.stderr[-300:]!r}")
            if not untouched(outside):
                self.fail(f"{case}: the folder outside changed")
            shutil.rmtree(root)

    def _damage(self, ix: Path, outside: Path) -> str:
        meta_path = ix / "kcsearch.json"
        meta = json.loads(meta_path.read_text())
        files = [ix / f for f, _s, _c in meta["files"]]
        choice = self.rng.randrange(7)
        if choice == 0:
            key = self.rng.choice(["indexname", "engine", "schema_version", "files", "commit", "format"])
            meta[key] = self.rng.choice([str(outside), "../outside", "..", "", None, 7, [], {},
                                         "kc10_1", f"{meta['indexname']}/..", "\udcff"])
            meta_path.write_bytes(json.dumps(meta).encode("utf-8", "surrogatepass"))
            return f"kcsearch.json {key}"
        if choice == 1:
            raw = bytearray(meta_path.read_bytes())
            for _ in range(self.rng.randint(1, 8)):
                raw[self.rng.randrange(len(raw))] = self.rng.randrange(256)
            meta_path.write_bytes(bytes(raw))
            return "kcsearch.json bytes"
        target = self.rng.choice(files)
        data = bytearray(target.read_bytes())
        if choice == 2:
            target.write_bytes(bytes(data[: self.rng.randrange(len(data) + 1)]))
            return f"truncated {target.name}"
        if choice == 3:
            start = self.rng.randrange(len(data) + 1)
            data[start:start + 4096] = bytes(len(data[start:start + 4096]))
            target.write_bytes(bytes(data))
            return f"zeroed {target.name}"
        if choice == 4:
            for _ in range(self.rng.randint(1, 20)):
                if data:
                    data[self.rng.randrange(len(data))] = self.rng.randrange(256)
            target.write_bytes(bytes(data))
            return f"flipped bytes of {target.name}"
        if choice == 5:
            target.unlink()
            return f"deleted {target.name}"
        target.unlink()
        target.symlink_to(self.rng.choice([outside / "keep.txt", outside]))
        return f"{target.name} made a link outside"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--kills", type=int, default=40)
    ap.add_argument("--queries", type=int, default=2000)
    ap.add_argument("--corpora", type=int, default=100)
    ap.add_argument("--damage", type=int, default=100)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", type=Path)
    args = ap.parse_args()
    soak = Soak(args.seed)
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="kc-soak-") as tmp:
        work = Path(tmp)
        for phase in ("kills", "queries", "corpora", "damage"):
            t = time.monotonic()
            getattr(soak, phase)(work, getattr(args, phase))
            print(f"{phase}: {time.monotonic() - t:.0f} s", file=sys.stderr)
    lines = [f"# Reliability soak (seed {args.seed}, {time.monotonic() - started:.0f} s)", "",
             "| cases | tried |", "|---|---|"]
    lines += [f"| {what} | {n:,} |" for what, n in soak.counts.items()]
    lines += ["", f"Failures: {len(soak.failures)}", *[f"- {f}" for f in soak.failures]]
    report = "\n".join(lines) + "\n"
    print(report)
    if args.out:
        args.out.write_text(report)
    return 1 if soak.failures else 0


if __name__ == "__main__":
    sys.exit(main())
