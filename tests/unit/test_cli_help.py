"""Every command has help with an example, and the documented names exist."""

from __future__ import annotations

import click
import pytest
from click.testing import CliRunner

from tracker.cli import cli


def walk(
    group: click.Group, prefix: tuple[str, ...] = ()
) -> list[tuple[tuple[str, ...], click.Command]]:
    out: list[tuple[tuple[str, ...], click.Command]] = []
    for name, command in sorted(group.commands.items()):
        if command.hidden:
            continue
        path = (*prefix, name)
        out.append((path, command))
        if isinstance(command, click.Group):
            out.extend(walk(command, path))
    return out


COMMANDS = walk(cli)


@pytest.mark.parametrize("path", [p for p, _c in COMMANDS], ids=" ".join)
def test_every_command_has_help_with_an_example(path: tuple[str, ...]) -> None:
    result = CliRunner().invoke(cli, [*path, "--help"])
    assert result.exit_code == 0, result.output
    assert "Example" in result.output, f"tracker {' '.join(path)} --help has no example"


def test_the_documented_admin_commands_exist() -> None:
    names = {" ".join(p) for p, _c in COMMANDS}
    assert {"db", "db upgrade", "db current", "db grant-analyst", "config show"} <= names
