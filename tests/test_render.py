"""Terminal versus piped highlighting."""

from __future__ import annotations

from kcsearch import Snippet
from kcsearch.cli.render import mark


def test_terminal_gets_escape_codes_pipe_gets_plain_marks() -> None:
    s = Snippet("talks of the Minsk Group resumed", ((13, 24),))
    assert mark(s, color=False) == "talks of the **Minsk Group** resumed"
    coloured = mark(s, color=True)
    assert "\x1b[" in coloured and "Minsk Group" in coloured and "**" not in coloured
