"""The README's Python example runs as written."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO


def test_readme_python_example_runs(tmp_path) -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    code = re.search(r"## Python API\n\n```python\n(.*?)```", readme, re.S).group(1)
    code = code.replace("/tmp/kc-index", str(tmp_path / "ix"))
    proc = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert "The Guardian 2020-09-28 Michael Safi" in proc.stdout
    assert "TRT World 2020-09-29 001_5bb3d145a699a386.txt" in proc.stdout
    assert "Dmitry Peskov Financial Times It’s important now" in proc.stdout
    assert ("fighters · Syria [('=', '4,000', 'Financial Times', 'Armenia’s ambassador to Moscow')"
            in proc.stdout)
    assert "Ömer Çelik spokesman for Erdoğan's ruling party" in proc.stdout


def _reference_examples() -> list[str]:
    """Every `kcsearch ...` line of the reference's shell blocks, and every line piping into
    kcsearch (the quick start is for a reader's own articles), without its trailing comment."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    reference = readme[readme.index("## Reference"):]
    return [re.sub(r"\s+#[^'\"]*$", "", line).strip()
            for block in re.findall(r"```sh\n(.*?)```", reference, re.S)
            for line in block.splitlines() if line.startswith("kcsearch ") or "| kcsearch " in line]


def test_the_reference_has_examples() -> None:
    assert len(_reference_examples()) >= 12


@pytest.mark.parametrize("example", _reference_examples())
def test_every_readme_example_runs_and_finds_something(example: str, index_dir: Path,
                                                        tmp_path: Path) -> None:
    kcsearch = str(Path(sys.executable).parent / "kcsearch")
    command = re.sub(r"(^|\| )kcsearch ", rf"\g<1>{kcsearch} ", example)
    proc = subprocess.run(command, shell=True, cwd=tmp_path,
                          capture_output=True, text=True,
                          env={**os.environ, "KCSEARCH_INDEX": str(index_dir)})
    assert proc.returncode == 0, (example, proc.stderr)
