"""The command line knows its commands from what is registered, not from a list kept by hand."""

from __future__ import annotations

import pytest

from conftest import invoke
from kcsearch.cli import main as cli


@pytest.fixture()
def serve_command() -> object:
    """A command registered the way a new one would be."""
    ran: list[str] = []

    @cli.command("tally", read_only=True)
    def tally() -> None:
        ran.append("tally")

    yield ran
    cli.app.registered_commands = [c for c in cli.app.registered_commands if c.name != "tally"]
    cli.READ_ONLY.discard("tally")


def test_a_new_command_named_like_a_query_word_runs(serve_command: list[str]) -> None:
    with pytest.raises(SystemExit) as done:
        cli.main(["tally"])
    assert done.value.code in (0, None) and serve_command == ["tally"]
    assert "tally" in cli.subcommands()


def test_only_commands_declared_read_only_skip_shutdown() -> None:
    assert {"search", "check", "quotes", "similar", "show"} == cli.READ_ONLY
    # they write, or run until stopped: they shut down cleanly
    assert cli.subcommands() - cli.READ_ONLY == {"index", "watch", "serve"}



def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    from importlib import metadata

    from kcsearch.cli.main import main

    main(["--version"])
    assert capsys.readouterr().out == f"kcsearch {metadata.version('kcsearch')}\n"


@pytest.mark.parametrize("command", ["check", "search", "quotes", "index", "show"])
def test_help_has_no_escape_characters(command: str) -> None:
    r = invoke([command, "--help"])
    assert r.exit_code == 0 and "\\[" not in r.stdout, r.stdout
    if command in ("search", "show"):
        assert "[required]" in r.stdout
    if command != "show" and command != "index":
        flat = " ".join(r.stdout.split())
        assert "--before 2020 ends on 2019-12-31" in flat and "--until 2020 keeps all of 2020" in flat
