"""Quote extraction and attribution scores on ../shared/eval/quotes-dev, without an index.

Runs the indexer's own cleaning and quote extraction on each article and writes the JSON
`kcsearch quotes --json` gives (id, text, speaker), then calls the set's scorer on it. The
figures are the same as the README recipe's; this is just the quick loop for rule work.

    python bench/quotes_eval.py                       # scores
    python bench/quotes_eval.py --show-errors 20      # and examples of each error kind
    python bench/quotes_eval.py --out /tmp/details.json
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from index.load import clean_file  # noqa: E402
from index.quotes import extract_quotes  # noqa: E402

EVAL = ROOT.parent / "shared" / "eval" / "quotes-dev"


def dump(articles: Path) -> dict:
    rows = []
    for path in sorted(articles.glob("*.txt")):
        doc = clean_file(path.read_bytes(), "text")
        for q in extract_quotes(doc.paragraphs, doc.captions):
            if q.short:
                continue
            rows.append({"id": path.name, "text": q.text, "speaker": q.speaker, "role": q.role,
                         "speaker_kind": q.speaker_kind})
    return {"quotes": rows}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--eval", type=Path, default=EVAL, help="the quotes-dev folder")
    ap.add_argument("--show-errors", type=int, default=0)
    ap.add_argument("--out", help="the scorer's details JSON")
    ap.add_argument("--got", help="keep the extracted quotations in this file")
    args = ap.parse_args()
    t0 = time.perf_counter()
    got = dump(args.eval / "articles")
    took = time.perf_counter() - t0
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
        json.dump(got, f)
    if args.got:
        Path(args.got).write_text(json.dumps(got), encoding="utf-8")
    cmd = [sys.executable, str(args.eval / "score.py"), "--gold", str(args.eval / "gold.json"),
           "--corpus", str(args.eval / "articles"), "--got", f.name]
    if args.show_errors:
        cmd += ["--show-errors", str(args.show_errors)]
    if args.out:
        cmd += ["--out", args.out]
    print(f"extraction: {len(got['quotes'])} quotations in {took:.1f} s", flush=True)
    sys.exit(subprocess.call(cmd))


if __name__ == "__main__":
    main()
