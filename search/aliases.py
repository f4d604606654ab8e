"""Alias groups: the same place or person under different names (Stepanakert/Khankendi,
Pashinyan/Pashinian). A query term that names one member is widened to all of them.

Groups live in aliases.txt beside this module (one group per line, comma-separated, then
"# what the group names"), merged
with the file named by $KCSEARCH_ALIASES if set. Matching is on analysed terms, so accents,
case and hyphens do not matter ("Nagorno-Karabakh" = "nagorno karabakh").
"""

from __future__ import annotations

import os
from collections.abc import Callable
from functools import cache
from pathlib import Path

from kcsearch.index.errors import KcsearchError
from kcsearch.index.records import record

ENV_VAR = "KCSEARCH_ALIASES"
BUILTIN = Path(__file__).with_name("aliases.txt")

Terms = tuple[str, ...]
Analyse = Callable[[str], Terms]


class AliasFileError(KcsearchError):
    """An alias file cannot be read."""


@record
class AliasBook:
    """Names that stand for one place or body (Artsakh, Nagorno-Karabakh), by analysed form."""

    groups: tuple[tuple[str, ...], ...]  # names as written in the file
    index: dict[Terms, int]  # analysed name -> group number

    def group_of(self, terms: Terms) -> tuple[str, ...] | None:
        g = self.index.get(terms)
        return self.groups[g] if g is not None else None

    def members(self, terms: Terms, analyse: Analyse) -> list[Terms]:
        """The analysed forms of every name in the group `terms` belongs to (or just it)."""
        group = self.group_of(terms)
        if group is None:
            return [terms]
        return list(dict.fromkeys(analyse(name) for name in group))


def parse_groups(text: str, source: str) -> list[tuple[str, ...]]:
    groups = []
    for n, line in enumerate(text.splitlines(), 1):
        line = line.split("#", 1)[0].strip()  # "names  # what they name"
        if not line:
            continue
        names = tuple(dict.fromkeys(x.strip() for x in line.split(",") if x.strip()))
        if len(names) < 2:
            raise AliasFileError(f"{source}:{n}: an alias group needs two or more names "
                                 "separated by commas")
        groups.append(names)
    return groups


def load(analyse: Analyse) -> AliasBook:
    return _load(analyse, os.environ.get(ENV_VAR, ""))


@cache
def _load(analyse: Analyse, extra: str) -> AliasBook:
    groups = parse_groups(BUILTIN.read_text(encoding="utf-8"), str(BUILTIN))
    if extra:
        try:
            groups += parse_groups(Path(extra).read_text(encoding="utf-8"), extra)
        except OSError as e:
            raise AliasFileError(f"cannot read alias file {extra} (from ${ENV_VAR}): "
                                 f"{e.strerror}") from None
    index: dict[Terms, int] = {}
    merged: list[tuple[str, ...]] = []
    for names in groups:
        keys = [analyse(n) for n in names]
        # a name in two groups joins them: a user's line extends a built-in group
        hits = sorted({index[k] for k in keys if k in index})
        if hits:
            g = hits[0]
            merged[g] = tuple(dict.fromkeys((*merged[g], *names)))
        else:
            g = len(merged)
            merged.append(names)
        for n in merged[g]:
            index[analyse(n)] = g
    return AliasBook(tuple(merged), index)
