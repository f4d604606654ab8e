"""Corrections and editor's notes: a field of their own, shown first, flagged in results."""

from __future__ import annotations

import json
from pathlib import Path

import kcsearch
from conftest import invoke


def test_a_correction_is_shown_first_and_flagged_in_search_and_check(corpus_copy: Path,
                                                                      tmp_path: Path) -> None:
    story = corpus_copy / "corrected.txt"
    story.write_text("# Ceasefire talks resume in Moscow\n\nCeasefire talks between the foreign "
                     "ministers resumed in Moscow on Friday, officials said.\n\nCorrection: An "
                     "earlier version of this article gave the wrong day for the talks.\n")
    ix = tmp_path / "ix"
    kcsearch.build([corpus_copy], ix)
    shown = invoke(["show", "corrected.txt", "--index", str(ix)]).stdout
    assert shown.startswith("CORRECTION: Correction: An earlier version")
    found = json.loads(invoke(["search", "Moscow", "--json", "--index", str(ix)]).stdout)
    flags = {h["id"]: h["corrected"] for h in found["hits"]}
    assert flags["corrected.txt"] is True and not any(v for k, v in flags.items()
                                                      if k != "corrected.txt")
    text = invoke(["search", "Moscow", "--index", str(ix)]).stdout
    assert "corrected: the article carries a correction" in text
    checked = json.loads(invoke(["check", "ceasefire talks resumed in Moscow", "--json",
                                 "--index", str(ix)]).stdout)
    assert any(g["id"] == "corrected.txt" and g["corrected"] for g in checked["articles"])
