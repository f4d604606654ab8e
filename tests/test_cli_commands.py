"""The command line knows its commands from what is registered, not from a list kept by hand."""

from __future__ import annotations

import pytest

from kcsearch.cli import main as cli


@pytest.fixture()
def serve_command() -> object:
    """A command registered the way a new one would be (`kcsearch serve` is next)."""
    ran: list[str] = []

    @cli.command("serve", read_only=True)
    def serve() -> None:
        ran.append("serve")

    yield ran
    cli.app.registered_commands = [c for c in cli.app.registered_commands if c.name != "serve"]
    cli.READ_ONLY.discard("serve")


def test_a_new_command_named_like_a_query_word_runs(serve_command: list[str]) -> None:
    with pytest.raises(SystemExit) as done:
        cli.main(["serve"])
    assert done.value.code in (0, None) and serve_command == ["serve"]
    assert "serve" in cli.subcommands()


def test_only_commands_declared_read_only_skip_shutdown() -> None:
    assert {"search", "check", "quotes", "similar", "show"} == cli.READ_ONLY
    assert cli.subcommands() - cli.READ_ONLY == {"index"}

