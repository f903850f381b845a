"""``tracker config show``: every setting with its value and where it came from.

Owns displaying settings; loading them is ``tracker.config``'s job.
"""

from __future__ import annotations

import json

import click
from rich.table import Table

from tracker import config
from tracker.cli import render
from tracker.cli.context import CliContext, pass_cli


@click.group("config")
def config_group() -> None:
    """Show the settings in force.

    \b
    Example:
      tracker config show
    """


@config_group.command("show")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@pass_cli
def show(obj: CliContext, as_json: bool) -> None:
    """Print every setting, its value (passwords masked) and its source.

    \b
    Example:
      TRACKER_LOG_LEVEL=DEBUG tracker config show --json
    """
    settings = obj.settings()
    sources = config.sources(obj.config_file, overrides={"database_url": obj.database_url})
    rows = [
        (name, value, sources.get(name, "default"), help_)
        for name, value, help_ in config.describe(settings)
    ]
    if as_json:
        click.echo(
            json.dumps([{"name": n, "value": v, "source": s} for n, v, s, _h in rows], indent=2)
        )
        return
    table = Table("setting", "value", "source", "meaning")
    for row in rows:
        table.add_row(*row)
    render.console().print(table)


def register(group: click.Group) -> None:
    """Add ``tracker config`` to ``group``."""
    group.add_command(config_group)
