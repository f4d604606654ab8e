"""Which files of a corpus folder are articles: one place for the loader (index/load.py) and
the stale-index check (index/freshness.py), which must see the same files without importing
the loading stack."""

from __future__ import annotations

FORMATS = {".txt": "text", ".md": "text", ".markdown": "text", ".html": "html", ".htm": "html"}
METADATA_FILE = "sources.toml"
# Files in a corpus folder that are about the corpus, not articles in it.
NOT_ARTICLES = {METADATA_FILE, "readme.md", "readme.txt", "readme", "license", "license.txt"}
INDEX_MARKER = "kcsearch.json"  # present in an index directory
