"""Everything the `kcsearch` command prints passes through here.

Article text and file names are untrusted: an escape sequence in a page could write to the
reader's clipboard (OSC 52), retitle the window or clear the screen, and a carriage return,
backspace or bidi control could make a quote read differently from what is stored. So every
line is neutralised before it is written: control characters become visible symbols (one
character for one, so highlight offsets stay right), and the only escape sequences that reach
a terminal are kcsearch's own bold and reset, which render.py marks with two reserved
non-characters (BOLD, RESET) and which are swapped in last. JSON escapes the same characters as
\\uXXXX; markdown escapes HTML and link syntax.
"""

from __future__ import annotations

import json
import re
from typing import Any

import typer

BOLD, RESET = "\ufdd0", "\ufdd1"  # Unicode non-characters: reserved for a program's own use
_SGR = {BOLD: "\x1b[1;33m", RESET: "\x1b[0m"}
# C0 controls but tab and newline, DEL, C1 controls, bidi embedding/override/isolate marks and
# the Arabic letter mark, line and paragraph separators
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e"
                     "\u2066-\u2069]")
_STYLE = re.compile(f"[{BOLD}{RESET}]")


def _visible(m: re.Match[str]) -> str:
    c = ord(m.group())
    if c < 0x20:
        return chr(0x2400 + c)  # Unicode's control pictures: ␛ for ESC, ␍ for CR
    if c == 0x7F:
        return "\u2421"  # ␡
    return "\ufffd"


def neutralise(text: str) -> str:
    """Text safe to print: every control character shown as a symbol, styling marks kept."""
    return _UNSAFE.sub(_visible, text)


def terminal(text: str, color: bool) -> str:
    """The final form of a line: neutralised, then kcsearch's own styling (or none)."""
    text = neutralise(text)
    return _STYLE.sub(lambda m: _SGR[m.group()], text) if color else _STYLE.sub("", text)


def out(text: str, color: bool = False) -> None:
    typer.echo(terminal(text, color))


def err(text: str) -> None:
    """One message on stderr, on one line (a line break in a quoted name shows as ␤)."""
    typer.echo(terminal(text.replace("\n", "\u2424"), False), err=True)


_JSON_UNSAFE = re.compile(f"[\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069"
                          f"{BOLD}{RESET}]")


def json_text(obj: Any) -> str:
    """JSON with non-ASCII text as it is, except the characters above, escaped as \\uXXXX
    (json escapes the C0 controls itself; these can only stand inside its strings)."""
    text = json.dumps(obj, indent=2, ensure_ascii=False)
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


_MARKDOWN = re.compile(r"[\\`\[\]<>&|]")
_MD_ESCAPES = {"<": "&lt;", ">": "&gt;", "&": "&amp;"}


def markdown_cell(text: str | None) -> str:
    """Text for a markdown table cell: HTML and link syntax escaped (an article's `<script>`
    or `[link](javascript:...)` stays text where the table is rendered), one line."""
    text = re.sub(r"\s*\n\s*", " ", neutralise(text or ""))
    return _MARKDOWN.sub(lambda m: _MD_ESCAPES.get(m.group(), "\\" + m.group()), text)
