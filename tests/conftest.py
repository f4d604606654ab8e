"""Shared fixtures: the real corpus, indexed once per test session."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import Result
from typer.testing import CliRunner

import kcsearch
from kcsearch.index.clean import clean_text
from kcsearch.index.model import CleanDoc

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO / "corpus"
DATA = Path(__file__).resolve().parent / "data"
SEEDS = sorted(p.name for p in CORPUS.glob("*.txt"))


ENGINES = ("whoosh", "tantivy")
_RUNNER = CliRunner()


def invoke(args: list[str], **kwargs: object) -> Result:
    """Run `kcsearch ARGS` in this process, as a user's terminal would see it (stdout and
    stderr apart). It goes straight to the typer app: a search needs its `search` word."""
    from kcsearch.cli.main import app

    return _RUNNER.invoke(app, args, **kwargs)  # type: ignore[arg-type]


@pytest.fixture(scope="session", params=ENGINES)
def engine(request: pytest.FixtureRequest) -> str:
    """The conformance suite: every test that uses an index runs once per engine."""
    return str(request.param)


@pytest.fixture()
def each_engine(engine: str, monkeypatch: pytest.MonkeyPatch) -> str:
    """New indexes in the test get `engine` (for tests that build their own)."""
    from kcsearch.index import engine as engines

    monkeypatch.setattr(engines, "DEFAULT_ENGINE", engine)
    return engine


@pytest.fixture(scope="session")
def index_dir(tmp_path_factory: pytest.TempPathFactory, engine: str) -> Path:
    path = tmp_path_factory.mktemp(f"index-{engine}") / "ix"
    report = kcsearch.build([CORPUS], path, engine=engine)
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


def all_modules() -> list[str]:
    """Every module of the three packages (kcsearch's own path holds search/ only)."""
    import importlib
    import pkgutil

    names = []
    for package in ("kcsearch", "kcsearch.index", "kcsearch.cli"):
        pkg = importlib.import_module(package)
        names.append(package)
        names += [m.name for m in pkgutil.walk_packages(pkg.__path__, f"{package}.")
                  if not m.ispkg]
    return sorted(set(names))


def cleaned(name: str) -> CleanDoc:
    return clean_text((CORPUS / name).read_text(encoding="utf-8"))
