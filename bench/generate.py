"""A deterministic synthetic news corpus for benchmarks (fixed seed: same input, same files).

    python bench/generate.py OUT_DIR --articles 1000 [--seed 7]

Each article: an outlet with its sign-off style, a date in 2016-2024 (in the text or in
sources.toml), a title, 300-1,000 words mixing real sentences from corpus/ with sentences
drawn from a Zipf-distributed vocabulary, one to three direct quotes by named speakers, and the
boilerplate the cleaner removes (captions with credits, READ MORE lines, share debris). One
article in ten is an HTML page with navigation, share widgets and meta tags.
"""

from __future__ import annotations

import argparse
import bisect
import datetime as dt
import itertools
import json
import random
import re
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
GENERATOR_VERSION = 1

OUTLETS = [  # (name, sign-off line or None when the outlet goes in sources.toml)
    ("TRT World", "Source: TRTWorld and agencies"), ("Financial Times", "Via Financial Times"),
    ("The Guardian", None), ("Reuters", "Source: Reuters"), ("Al Jazeera", "Source: Al Jazeera"),
    ("OC Media", None), ("Eurasianet", None), ("Armenpress", "Source: Armenpress"),
    ("Azertac", "Source: Azertac"), ("BBC News", None),
]
SPEAKERS = [
    ("Dmitry Peskov", "Kremlin spokesman"), ("Nikol Pashinyan", "Armenian Prime Minister"),
    ("Ilham Aliyev", "Azerbaijani President"), ("Recep Tayyip Erdoğan", "Turkish President"),
    ("Peter Stano", "EU spokesman"), ("Ararat Mirzoyan", "Armenian Foreign Minister"),
    ("Jeyhun Bayramov", "Azerbaijani Foreign Minister"),
    ("Maria Zakharova", "Russian foreign ministry spokeswoman"),
    ("Antony Blinken", "US Secretary of State"), ("Hikmet Hajiyev", "Azerbaijani presidential aide"),
]
FUNCTION_WORDS = (
    "the", "of", "and", "to", "in", "a", "on", "for", "that", "with", "as", "by", "at", "from",
    "was", "were", "is", "are", "has", "have", "had", "said", "after", "over", "its", "their",
    "this", "but", "not", "would", "could", "which", "while",
)
SYLLABLES = (
    "ka", "ra", "ba", "lo", "mi", "sa", "na", "te", "vo", "ri", "ya", "ze", "du", "po", "ga",
    "he", "ki", "lu", "mo", "ne", "sha", "zo", "ta", "ve", "ar", "an", "el", "is", "om", "un",
    "ur", "ag", "ek",
)
TOWNS = ["Stepanakert", "Shusha", "Lachin", "Aghdam", "Fuzuli", "Hadrut", "Ganja", "Tartar",
         "Martuni", "Kalbajar", "Goris", "Jermuk", "Yerevan", "Baku"]
CREDITS = ["(AA)", "(Reuters)", "© Hayk Baghdasaryan/Reuters", "Photograph: AFP/Getty Images"]


class Zipf:
    """Words drawn with probability ~ 1/rank^1.1 from a fixed pseudo-vocabulary."""

    def __init__(self, rng: random.Random, size: int = 20000) -> None:
        words: list[str] = list(FUNCTION_WORDS)
        seen = set(words)
        for n in itertools.count(2):
            for combo in itertools.product(SYLLABLES, repeat=n):
                w = "".join(combo)
                if w not in seen:
                    seen.add(w)
                    words.append(w)
                if len(words) >= size:
                    break
            if len(words) >= size:
                break
        rng.shuffle(words[len(FUNCTION_WORDS):])
        self.words = words
        weights = [1 / (r + 1) ** 1.1 for r in range(len(words))]
        self.cum = list(itertools.accumulate(weights))
        self.rng = rng

    def word(self) -> str:
        return self.words[bisect.bisect(self.cum, self.rng.random() * self.cum[-1])]

    def sentence(self, n: int) -> str:
        words = [self.word() for _ in range(n)]
        words[0] = words[0].capitalize()
        if self.rng.random() < 0.3:
            words.insert(self.rng.randrange(1, len(words)), self.rng.choice(TOWNS))
        return " ".join(words) + "."


def real_sentences() -> list[str]:
    """Clean sentences of the seed corpus, so benchmark queries meet real news prose."""
    sys.path.insert(0, str(REPO))
    from kcsearch.index.clean import clean_text

    out = []
    for path in sorted((REPO / "corpus").glob("*.txt")):
        body = clean_text(path.read_text(encoding="utf-8")).body
        out += [s for s in re.split(r"(?<=[.!?])\s+", body) if 40 < len(s) < 300 and '"' not in s
                and "“" not in s]
    return out


def article(i: int, rng: random.Random, zipf: Zipf, real: list[str]) -> tuple[str, dict[str, object], bool]:
    outlet, signoff = rng.choice(OUTLETS)
    day = dt.date(2016, 1, 1) + dt.timedelta(days=rng.randrange(9 * 365))
    title = " ".join(zipf.word().capitalize() for _ in range(rng.randint(6, 10)))
    target = rng.randint(300, 1000)
    paragraphs: list[str] = []
    words = 0
    quotes = rng.randint(1, 3)
    while words < target:
        sents = []
        for _ in range(rng.randint(2, 4)):
            s = rng.choice(real) if rng.random() < 0.3 else zipf.sentence(rng.randint(8, 22))
            sents.append(s)
        if quotes and rng.random() < 0.35:
            name, role = rng.choice(SPEAKERS)
            said = zipf.sentence(rng.randint(8, 16))[:-1]
            sents = [f"“{said},” {role} {name} said."]
            quotes -= 1
        para = " ".join(sents)
        paragraphs.append(para)
        words += len(para.split())
    town = rng.choice(TOWNS)
    caption = f"Smoke rises over {town} after shelling on {day:%B} {day.day}, {day.year}."
    paragraphs.insert(1, f"{caption}\n{caption} {rng.choice(CREDITS)}")
    paragraphs.insert(rng.randrange(2, len(paragraphs)), f"READ MORE: {zipf.sentence(7)[:-1]}")
    paragraphs.insert(2, "Share")
    meta: dict[str, object] = {}
    dateline = rng.random() < 0.5
    if dateline:
        paragraphs.insert(0, f"{day:%a} {day.day} {day:%b} {day.year} 10.{rng.randint(10, 59)} CEST")
    else:
        meta["date"] = day
    if signoff:
        paragraphs.append(signoff)
    else:
        meta["outlet"] = outlet
    is_html = i % 10 == 9
    if is_html:
        meta = {k: v for k, v in meta.items() if k != "date"}
        body = "\n".join(f"<p>{p}</p>" for p in paragraphs if not p.startswith(("Share", "Mon", "Tue")))
        text = (f"<!doctype html><html><head><title>{title}</title>"
                f'<meta property="article:published_time" content="{day.isoformat()}T10:00:00Z">'
                f'<meta property="og:site_name" content="{outlet}"></head><body>'
                f'<nav><a href="/">Home</a> <a href="/world">World</a></nav>'
                f"<article><h1>{title}</h1>{body}"
                f'<div class="share-buttons"><a href="#">Share on Facebook</a></div></article>'
                f"<footer>Copyright {outlet}</footer></body></html>")
    else:
        text = f"# {title}\n\n" + "\n\n".join(paragraphs) + "\n"
    return text, meta, is_html


def toml_value(v: object) -> str:
    return v.isoformat() if isinstance(v, dt.date) else json.dumps(v, ensure_ascii=False)


def generate(out: Path, n: int, seed: int = 7) -> Path:
    """Write n articles under out/ (skipped if an identical corpus is already there)."""
    stamp = out / ".generated.json"
    want = {"articles": n, "seed": seed, "version": GENERATOR_VERSION}
    if stamp.exists() and json.loads(stamp.read_text()) == want:
        return out
    out.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    zipf = Zipf(random.Random(seed + 1))
    real = real_sentences()
    entries = []
    for i in range(n):
        text, meta, is_html = article(i, rng, zipf, real)
        rel = f"{i // 1000:03d}/{i:06d}.{'html' if is_html else 'md'}"
        path = out / rel
        path.parent.mkdir(exist_ok=True)
        path.write_text(text, encoding="utf-8")
        if meta:
            entries.append(f'["{rel}"]\n' + "".join(f"{k} = {toml_value(v)}\n" for k, v in meta.items()))
    (out / "sources.toml").write_text("\n".join(entries), encoding="utf-8")
    stamp.write_text(json.dumps(want))
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("--articles", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    generate(args.out, args.articles, args.seed)
    print(f"{args.articles} articles in {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
