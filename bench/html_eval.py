"""Score HTML cleaning on ../shared/eval/html-dev (trafilatura's annotated pages).

    python bench/html_eval.py [--eval-dir DIR] [--json OUT]

Scoring as upstream: whitespace-normalised substring match (invisible soft hyphens and
zero-width characters folded too) of each "with" snippet (must keep)
and "without" snippet (must drop) against the kept text (title, headings, body);
precision, recall, F1 over all pages;
plus date, title and author accuracy where the case gives them. A title matches whatever its
letter case and dash or quote forms (title_exact counts the letter-for-letter matches); an
author matches when the stored byline contains the annotated one or names the same people.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
import time
from pathlib import Path

from kcsearch.index import extract
from kcsearch.index.html import clean_html
from kcsearch.index.model import Metadata

DEFAULT_DIR = Path(__file__).resolve().parents[2] / "shared" / "eval" / "html-dev"


# invisible format characters (soft hyphen, zero-width and invisible separators): a page's
# text with or without them reads the same, and kcsearch removes them
_INVISIBLE = re.compile("[\u00ad\u200b-\u200d\u2060-\u2064\ufeff]")


def norm(s: str) -> str:
    return re.sub(r"\s+", " ", _INVISIBLE.sub("", s)).strip()


_NAME_JOINERS = re.compile(r"\s*(?:[,;&/]|\s(?:and|und|y|et|e|i|og|en)\s)\s*", re.I)


def names(text: str) -> set[str]:
    """A byline's names as a set: 'A und B', 'A; B' and 'A, B' name the same two people."""
    return {n for n in (norm(p).lower() for p in _NAME_JOINERS.split(text)) if n}


_TYPOGRAPHY = str.maketrans({"–": "-", "—": "-", "“": '"', "”": '"', "„": '"', "‘": "'", "’": "'"})


def title_matches(got: str, wanted: str) -> bool:
    """The same headline, letter case and dash or quote-mark forms aside: several annotations
    copy what the page's CSS shows (`text-transform: uppercase`), not the headline's text."""
    return norm(got).translate(_TYPOGRAPHY).casefold() == norm(wanted).translate(_TYPOGRAPHY).casefold()


def author_matches(got: str, wanted: str) -> bool:
    """The annotated author is the stored one: contained in it (upstream's test), or the same
    names however they are joined. A part of a list of authors does not count."""
    return norm(wanted).lower() in norm(got).lower() or names(got) == names(wanted)


def score(eval_dir: Path, show: str | None = None) -> dict[str, float]:
    """The scores; with `show` ("title", "date", "author", "body"), print the misses of it."""
    tp = fp = fn = 0
    dates = dates_ok = titles = titles_ok = titles_exact = authors = authors_ok = failed = 0
    started = time.perf_counter()
    cases = [json.loads(line) for line in (eval_dir / "cases.jsonl").read_text().splitlines() if line]
    for case in cases:
        data = gzip.decompress((eval_dir / case["file"]).read_bytes())
        try:
            doc = clean_html(data)
            text = norm(" ".join([doc.title or "", *doc.headings, *doc.paragraphs]))
        except ValueError:
            failed += 1
            doc, text = None, ""
        for snippet in case.get("with", []):
            if norm(snippet) in text:
                tp += 1
            else:
                fn += 1
                if show == "body":
                    print(f"MISSED {case['file']}: {norm(snippet)[:120]}")
        for s in case.get("without", []):
            if norm(s) in text:
                fp += 1
                if show == "body":
                    print(f"KEPT   {case['file']}: {norm(s)[:120]}")
        meta = Metadata()
        # what a user sees: the fields kcsearch stores, from the page alone
        if case.get("date"):
            dates += 1
            got = extract.extract_date(doc, meta)[0] if doc else None
            ok = got is not None and got.isoformat() == case["date"]
            dates_ok += ok
            if show == "date" and not ok:
                print(f"{case['file']}: want {case['date']} got {got}")
        if case.get("title"):
            titles += 1
            got_t = extract.extract_title(doc, meta) if doc else None
            titles_exact += bool(got_t) and norm(got_t or "") == norm(case["title"])
            ok = bool(got_t) and title_matches(got_t or "", case["title"])
            titles_ok += ok
            if show == "title" and not ok:
                print(f"{case['file']}: want {case['title']!r} got {got_t!r}")
        if case.get("author"):
            authors += 1
            wanted = case["author"] if isinstance(case["author"], list) else [case["author"]]
            got_a = (extract.extract_author(doc, meta) or "") if doc else ""
            ok = bool(got_a) and any(author_matches(got_a, w) for w in wanted)
            authors_ok += ok
            if show == "author" and not ok:
                print(f"{case['file']}: want {wanted!r} got {got_a!r}")
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return {
        "pages": len(cases), "failed": failed, "precision": round(p, 4), "recall": round(r, 4),
        "f1": round(2 * p * r / (p + r), 4) if p + r else 0.0,
        "date_accuracy": round(dates_ok / dates, 4) if dates else 0.0,
        "title_accuracy": round(titles_ok / titles, 4) if titles else 0.0,
        "title_exact": round(titles_exact / titles, 4) if titles else 0.0,
        "author_accuracy": round(authors_ok / authors, 4) if authors else 0.0,
        "seconds": round(time.perf_counter() - started, 2),
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--eval-dir", type=Path, default=DEFAULT_DIR)
    ap.add_argument("--json", type=Path)
    ap.add_argument("--show", choices=("title", "date", "author", "body"),
                    help="print the pages where this field (or body snippet) is wrong")
    args = ap.parse_args()
    if not (args.eval_dir / "cases.jsonl").exists():
        print(f"html_eval: no cases.jsonl in {args.eval_dir}", file=sys.stderr)
        return 2
    result = score(args.eval_dir, args.show)
    print(json.dumps(result, indent=2))
    if args.json:
        args.json.write_text(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
