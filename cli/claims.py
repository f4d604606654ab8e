"""A checker's list of claims, read from a file or stdin for `kcsearch check --claims`: a CSV
with a `claim` column (a spreadsheet saved as CSV), else one claim per line. The file is
untrusted input: its size and the number of claims are bounded, and it must be UTF-8."""

from __future__ import annotations

import csv
import io
import sys
from pathlib import Path

MAX_BYTES = 10_000_000
MAX_CLAIMS = 10_000


class ClaimsFileError(ValueError):
    """The claims file cannot be used; the message says why, naming the file."""


def read_claims(source: str) -> list[str]:
    name = "stdin" if source == "-" else source
    try:
        if source == "-":
            data = sys.stdin.buffer.read(MAX_BYTES + 1)
        else:
            with Path(source).open("rb") as f:
                data = f.read(MAX_BYTES + 1)
    except OSError as e:
        raise ClaimsFileError(f"cannot read claims file {name}: {e.strerror or e}") from None
    if len(data) > MAX_BYTES:
        raise ClaimsFileError(f"claims file {name} is over {MAX_BYTES // 1_000_000} MB")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ClaimsFileError(f"claims file {name} is not UTF-8 text; save it as UTF-8 (CSV UTF-8 "
                              "in a spreadsheet)") from None
    claims = _from_csv(text)
    if claims is None:
        claims = [line.strip() for line in text.splitlines()
                  if line.strip() and not line.lstrip().startswith("#")]
    claims = [c for c in claims if c]
    if not claims:
        raise ClaimsFileError(f"claims file {name} holds no claim (one a line, or a CSV with a "
                              "'claim' column)")
    if len(claims) > MAX_CLAIMS:
        raise ClaimsFileError(f"claims file {name} holds {len(claims):,} claims; kcsearch checks up "
                              f"to {MAX_CLAIMS:,} at a time")
    return claims


def _from_csv(text: str) -> list[str] | None:
    """The `claim` column of a CSV whose header row names one; None if the first line is no
    such header (then each line is a claim)."""
    first = text.split("\n", 1)[0]
    try:
        header = next(csv.reader([first]))
    except (csv.Error, StopIteration):
        return None
    column = next((i for i, h in enumerate(header) if h.strip().lower() == "claim"), None)
    if column is None:
        return None
    try:
        rows = list(csv.reader(io.StringIO(text)))[1:]
    except csv.Error as e:
        raise ClaimsFileError(f"claims CSV cannot be read: {e}") from None
    return [row[column].strip() for row in rows if len(row) > column]
