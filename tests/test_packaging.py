"""The distribution installs one import name, kcsearch, and nothing generic."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path


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
