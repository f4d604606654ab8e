"""The distribution installs one import name, kcsearch, and nothing generic."""

from __future__ import annotations

import ast
import io
import json
import re
import subprocess
import sys
import tokenize
from pathlib import Path

import pytest

from conftest import REPO, all_modules


def _python(code: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", code], cwd=cwd, capture_output=True, text=True)


def test_import_from_outside_the_repo(tmp_path: Path) -> None:
    proc = _python("import kcsearch, kcsearch.index, kcsearch.cli; "
                   "print(sorted(n for n in kcsearch.__all__))", tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "'open'" in proc.stdout and "'KcsearchError'" in proc.stdout


def test_no_generic_top_level_packages(tmp_path: Path) -> None:
    for name in ("search", "index", "cli"):
        proc = _python(f"import {name}", tmp_path)
        assert proc.returncode != 0, f"a top-level package '{name}' is installed"


def test_public_api_exports_exist() -> None:
    import kcsearch

    for name in kcsearch.__all__:
        assert hasattr(kcsearch, name), name


# what a search must never load: the HTML stack and the writing side are for indexing only
INDEXING_ONLY = ("bs4", "lxml", "trafilatura", "multiprocessing", "kcsearch.index.clean",
                 "kcsearch.index.html", "kcsearch.index.quotes", "kcsearch.index.writer",
                 "kcsearch.index.workers", "kcsearch.index.dedup",
                 "kcsearch.index.model",  # its four dataclasses: ~1 ms each to create
                 "whoosh.writing")


def test_a_search_imports_only_what_it_needs(index_dir: Path, engine: str, tmp_path: Path) -> None:
    """Start-up time is import time: `kcsearch QUERY` loads its own engine and nothing else.

    A search leaves by os._exit (cli.main._leave), so the modules are listed there."""
    code = ("import json, os, sys\n"
            "_exit = os._exit\n"
            f"def leave(code): open({str(tmp_path / 'mods.json')!r}, 'w').write("
            "json.dumps(sorted(sys.modules))); _exit(code)\n"
            "os._exit = leave\n"
            f"sys.argv = ['kcsearch', 'ceasefire', '--index', {str(index_dir)!r}]\n"
            "from kcsearch.cli.main import main\nmain()\n")
    r = _python(code, tmp_path)
    assert r.returncode == 0 and "ceasefire" in r.stdout.lower(), r.stderr
    loaded = set(json.loads((tmp_path / "mods.json").read_text()))
    other = "tantivy" if engine == "whoosh" else "whoosh"
    assert engine in loaded and other not in loaded
    assert not loaded.intersection(INDEXING_ONLY), sorted(loaded.intersection(INDEXING_ONLY))


def test_frozen_plain_data_is_a_record() -> None:
    """@dataclass(frozen=True) compiles six methods a class at start-up; @record one
    (kcsearch.index.records): a frozen dataclass in kcsearch would bring the cost back."""
    import dataclasses
    import importlib

    frozen = []
    for name in all_modules():
        module = importlib.import_module(name)
        frozen += [f"{module.__name__}.{obj.__name__}" for obj in vars(module).values()
                   if isinstance(obj, type) and dataclasses.is_dataclass(obj)
                   and obj.__module__ == module.__name__ and obj.__dataclass_params__.frozen
                   and not hasattr(obj, "__record__")]  # @record(many=True) is frozen too
    assert not frozen, frozen


def test_every_dataclass_says_what_it_is_for() -> None:
    """Python 3.11 gives a dataclass without a docstring one made by inspect.signature, which
    doubles its creation time: every command pays it at start-up (and help() shows a
    signature instead of a purpose)."""
    import dataclasses
    import importlib

    missing = []
    for name in all_modules():
        module = importlib.import_module(name)
        for obj in vars(module).values():
            if (isinstance(obj, type) and dataclasses.is_dataclass(obj)
                    and obj.__module__ == module.__name__
                    and (obj.__doc__ or "").startswith(f"{obj.__name__}(")):  # the made one
                missing.append(f"{module.__name__}.{obj.__name__}")
    assert not missing, missing


def test_the_guards_see_every_package() -> None:
    found = set(all_modules())
    assert {"kcsearch.api", "kcsearch.index.writer", "kcsearch.cli.main"} <= found


# a figure with a unit, a speed-up, an instruction count: measurements belong in bench/README.md
MEASUREMENT = re.compile(r"\d[\d.,]*\s?(?:ms|µs|us|MB|GB)\b|\d(?:\.\d+)?x (?:faster|slower)|callgrind")


def _prose(path: Path) -> list[tuple[int, str]]:
    """The comments and docstrings of a source file, with their line numbers."""
    text = path.read_text(encoding="utf-8")
    out = [(t.start[0], t.string) for t in tokenize.generate_tokens(io.StringIO(text).readline)
           if t.type == tokenize.COMMENT]
    for node in ast.walk(ast.parse(text)):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            doc = ast.get_docstring(node, clean=False)
            if doc:
                out.append((node.body[0].lineno, doc))
    return out


SOURCES = sorted(p for d in ("search", "index", "cli") for p in (REPO / d).glob("*.py"))


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_docstrings_and_comments_hold_no_measurements(path: Path) -> None:
    """Code says what and why; the figures behind a decision, and their history, are in
    bench/README.md, where they can be updated without touching the code."""
    found = [(line, m.group()) for line, text in _prose(path) for m in MEASUREMENT.finditer(text)]
    assert not found, found
