"""The ``tracker`` command: a click group and the error boundary.

Owns argument parsing, printing and exit codes; only this package prints or exits.
Each command group lives in its own module and exposes ``register(group)``.

Exit codes: 0 success; 1 a ``TrackerError`` (one line ``Error: ...`` on stderr, no
traceback unless ``--debug``); 2 bad arguments (click); 130 interrupted.
"""

from __future__ import annotations

import logging
from typing import Any

import click

from tracker import __version__
from tracker.cli import context as ctxmod
from tracker.errors import TrackerError


class _Group(click.Group):
    """A group whose ``main`` turns every ``TrackerError`` into one clear line."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except TrackerError as exc:
            obj = ctx.find_object(ctxmod.CliContext)
            if obj is not None and obj.debug:
                raise
            click.echo(f"Error: {exc}", err=True)
            ctx.exit(1)
        except KeyboardInterrupt:
            click.echo("Interrupted.", err=True)
            ctx.exit(130)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--database",
    "database_url",
    metavar="URL",
    default=None,
    help="Database URL (default: TRACKER_DATABASE_URL, else sqlite:///var/tracker.db).",
)
@click.option(
    "--config",
    "config_file",
    metavar="FILE",
    default=None,
    type=click.Path(dir_okay=False),
    help="A tracker.toml settings file (default: TRACKER_CONFIG).",
)
@click.option("--debug", is_flag=True, help="Show tracebacks and debug logs.")
@click.version_option(__version__, prog_name="tracker")
@click.pass_context
def cli(ctx: click.Context, database_url: str | None, config_file: str | None, debug: bool) -> None:
    """tracker: an event-sourced ceasefire tracker.

    Every report becomes an immutable event in an append-only log; analysts query
    SQL views computed from it.

    \b
    Example:
      tracker db upgrade
      tracker truces
    """
    ctx.obj = ctxmod.CliContext(database_url=database_url, config_file=config_file, debug=debug)
    logging.basicConfig(
        level=logging.DEBUG if debug else logging.WARNING,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    ctx.call_on_close(ctx.obj.close)


def _register_all() -> None:
    from tracker.cli import commands

    for module in commands.MODULES:
        module.register(cli)


_register_all()


def main(argv: list[str] | None = None) -> None:
    """Console entry point."""
    cli.main(args=argv, prog_name="tracker")


if __name__ == "__main__":  # pragma: no cover
    main()
