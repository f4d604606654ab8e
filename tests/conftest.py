"""Shared fixtures: the real corpus, indexed once per test session."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import kcsearch
from kcsearch.index.clean import clean_text
from kcsearch.index.model import CleanDoc

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO / "corpus"
DATA = Path(__file__).resolve().parent / "data"
SEEDS = sorted(p.name for p in CORPUS.glob("*.txt"))


@pytest.fixture(scope="session")
def index_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("index") / "ix"
    report = kcsearch.build([CORPUS], path)
    assert not report.failed, report.failed
    return path


@pytest.fixture(scope="session")
def corpus(index_dir: Path) -> kcsearch.Corpus:
    c = kcsearch.open(index_dir)
    yield c
    c.close()


@pytest.fixture()
def corpus_copy(tmp_path: Path) -> Path:
    """A writable copy of the corpus for tests that change files."""
    dst = tmp_path / "corpus"
    shutil.copytree(CORPUS, dst)
    return dst


def cleaned(name: str) -> CleanDoc:
    return clean_text((CORPUS / name).read_text(encoding="utf-8"))
