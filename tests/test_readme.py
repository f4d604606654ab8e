"""The README's Python example runs as written."""

from __future__ import annotations

import re
import subprocess
import sys

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
    assert "fighters [('4,000', 'Financial Times', 'Armenia’s ambassador to Moscow')" in proc.stdout
    assert "Ömer Çelik spokesman for Erdoğan's ruling party" in proc.stdout
