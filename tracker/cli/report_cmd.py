"""``tracker report``: write the HTML report and its PNG timeline.

Owns the command's options, the progress line and printing the paths written; the
work is ``tracker.app.query.report`` (the report reads the analysts' views only).
"""

from __future__ import annotations

from pathlib import Path

import click
from rich.console import Console

from tracker.app import project, query
from tracker.cli.context import CliContext, pass_cli
from tracker.domain.values import parse_instant
from tracker.errors import DomainError, TrackerError


@click.command("report")
@click.option(
    "--out",
    "out_dir",
    required=True,
    metavar="DIR",
    type=click.Path(file_okay=False, path_type=Path),
    help="Directory to write index.html and timeline.png into (created if missing).",
)
@click.option(
    "--as-of",
    "as_of",
    metavar="TIME",
    default=None,
    help="Show the truces as they could be known at TIME (ISO-8601 with a zone): only what "
    "sources had published (truces announced, curators' records made) by then.",
)
@pass_cli
def report(obj: CliContext, out_dir: Path, as_of: str | None) -> None:
    """Write a self-contained HTML report with a timeline picture of the truces.

    The page (index.html) embeds the picture and needs no network; timeline.png is
    also written on its own. Reads the views as they stand (run `tracker project` first
    so they are up to date; a note says when they are behind the log). The page says
    which log position it reflects.

    \b
    Example:
      tracker project
      tracker report --out var/report
      tracker report --out /tmp/oct --as-of 2020-10-31T00:00Z
    """
    when = None
    if as_of is not None:
        try:
            when = parse_instant(as_of)
        except DomainError as exc:
            raise click.BadParameter(str(exc), param_hint="--as-of") from exc
    app = obj.app()
    console = Console(stderr=True)
    try:
        with console.status("Building the report…") as status:
            paths = query.report(
                app,
                out_dir,
                as_of=when,
                on_step=lambda step: status.update(f"Building the report: {step}…"),
            )
    except OSError as exc:
        raise TrackerError(f"cannot write the report to {out_dir}: {exc.strerror or exc}") from exc
    behind = project.behind(app)
    if behind and when is None:
        click.echo(
            f"Note: views are {behind} events behind the log; run `tracker project`.", err=True
        )
    click.echo(f"Wrote {paths.html}")
    click.echo(f"Wrote {paths.png}")


def register(group: click.Group) -> None:
    """Add ``tracker report`` to ``group``."""
    group.add_command(report)
