"""The layers import downwards only: cli -> search (the `kcsearch` package) -> index.

index/ (cleaning, extraction, the engines and the query tree they compile) must not import
the search layer: a module there that did could not be tested, reused or moved on its own,
and every edit to search/ would ripple into the indexer."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from conftest import REPO


def _imports(path: Path) -> list[str]:
    names = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names += [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names += [node.module] + [f"{node.module}.{a.name}" for a in node.names]
    return names


@pytest.mark.parametrize("path", sorted((REPO / "index").glob("*.py")), ids=lambda p: p.name)
def test_index_imports_nothing_from_the_search_layer(path: Path) -> None:
    upward = [n for n in _imports(path) if n == "kcsearch" or (
        n.startswith("kcsearch.") and not n.startswith("kcsearch.index"))]
    assert not upward, f"{path.name} imports {upward}: the indexer must not depend on search/"


@pytest.mark.parametrize("path", sorted((REPO / "search").glob("*.py")), ids=lambda p: p.name)
def test_search_never_imports_the_cli(path: Path) -> None:
    assert not [n for n in _imports(path) if n.startswith("kcsearch.cli")]


@pytest.mark.parametrize("engine", ["whoosh", "tantivy"])
def test_an_engine_refuses_a_node_it_does_not_know(engine: str) -> None:
    """A compiler that fell through to 'match everything' would turn an unknown node into a
    search returning the whole corpus."""
    from kcsearch.index import tantivy_engine, whoosh_engine

    class Unknown:
        pass

    with pytest.raises(TypeError, match="not a query node"):
        if engine == "whoosh":
            whoosh_engine.compile_query(Unknown())  # type: ignore[arg-type]
        else:
            tantivy_engine._Compiler(tantivy_engine.build_schema())(Unknown())  # type: ignore[arg-type]
