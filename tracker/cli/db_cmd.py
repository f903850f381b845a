"""``tracker db``: migrate the database, show its revision, grant the analyst role.

Owns the database administration commands; the work is in ``tracker.store``.
"""

from __future__ import annotations

import dataclasses
import json
import time
from pathlib import Path

import click

from tracker.app import database
from tracker.cli.context import CliContext, pass_cli
from tracker.config import mask_url


@click.group("db")
def db_group() -> None:
    """Migrate and administer the database.

    \b
    Example:
      tracker db upgrade
      TRACKER_DATABASE_URL=postgresql+psycopg://tracker@db/tracker tracker db current
    """


@db_group.command("upgrade")
@pass_cli
def upgrade(obj: CliContext) -> None:
    """Create or migrate the database to the newest schema (Alembic).

    \b
    Example:
      tracker db upgrade
    """
    app = obj.app(check_schema=False, create=True)
    before, after = database.upgrade(app)
    url = mask_url(app.settings.database_url)
    if before == after:
        click.echo(f"Database {url} is up to date (revision {after}).")
    else:
        click.echo(f"Database {url} migrated from {before or 'empty'} to revision {after}.")


@db_group.command("current")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@pass_cli
def current(obj: CliContext, as_json: bool) -> None:
    """Show the database's schema revision and the code's.

    \b
    Example:
      tracker db current --json
    """
    app = obj.app(check_schema=False)
    rev = database.current(app)
    head = database.head()
    if as_json:
        click.echo(json.dumps({"current": rev, "head": head, "up_to_date": rev == head}))
        return
    state = "up to date" if rev == head else "needs `tracker db upgrade`"
    click.echo(f"current: {rev or 'none (empty database)'}\nhead:    {head}  ({state})")


@db_group.command("grant-analyst")
@click.argument("role")
@click.option(
    "--create",
    "password",
    default=None,
    metavar="PASSWORD",
    help="Create the login role with this password first.",
)
@click.option(
    "--password-file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    default=None,
    help="Create the login role with the password in this file (its first line), e.g. a "
    "Docker secret; keeps the password off the command line.",
)
@pass_cli
def grant_analyst(
    obj: CliContext, role: str, password: str | None, password_file: Path | None
) -> None:
    """Give a PostgreSQL login ROLE read-only access: SELECT on the analysts' views and tables.

    The role can read every view and table (now and those created later) and write
    nothing. PostgreSQL only.

    \b
    Example:
      tracker db grant-analyst analyst --create s3cret
      tracker db grant-analyst analyst --password-file /run/secrets/analyst_password
    """
    if password is not None and password_file is not None:
        raise click.UsageError("give --create or --password-file, not both")
    if password_file is not None:
        lines = password_file.read_text(encoding="utf-8").splitlines()
        password = lines[0] if lines else ""
        if not password:
            raise click.BadParameter(f"{password_file} is empty", param_hint="--password-file")
    database.grant_analyst(obj.app(), role, password=password)
    click.echo(f"Role {role} can now read the analysts' views and tables, and write nothing.")


@db_group.command("grant-service")
@click.argument("role")
@click.option(
    "--create",
    "password",
    default=None,
    metavar="PASSWORD",
    help="Create the login role with this password first.",
)
@pass_cli
def grant_service(obj: CliContext, role: str, password: str | None) -> None:
    """Make a PostgreSQL login ROLE the service role: it appends, it never rewrites.

    Run as the owner of the tables (the role that ran `tracker db upgrade`). The role
    gets SELECT and INSERT on the log and documents (no UPDATE, DELETE or TRUNCATE, and
    it cannot touch the triggers, which the owner keeps), the log's write lock, the
    operational tables, and CREATE for the projection tables it builds. PostgreSQL only.

    \b
    Example:
      tracker db grant-service tracker_service --create s3cret
    """
    database.grant_service(obj.app(), role, password=password)
    click.echo(f"Role {role} can now append to the log and run the service, and rewrite nothing.")


@db_group.command("verify")
@click.option("--quiet", is_flag=True, help="No progress, only the verdict.")
@click.option("--json", "as_json", is_flag=True, help="Print the verdict as JSON.")
@pass_cli
def verify(obj: CliContext, quiet: bool, as_json: bool) -> None:
    """Check the log's hash chain: order, content and links, from position 1 to the end.

    Reads the log in pages (nothing is locked) and stops at the first position whose
    order (1..N, record time never decreasing), content or chain does not match, and
    names it. Exit status 1 if one was found.

    \b
    Example:
      tracker db verify
    """
    app = obj.app()
    last = [0.0]

    def progress(checked: int, head: int) -> None:
        now = time.monotonic()
        if not quiet and not as_json and (now - last[0] >= 1.0 or checked >= head):
            last[0] = now
            pct = 100.0 * checked / head if head else 100.0
            click.echo(f"verified {checked:,} of {head:,} events ({pct:.0f} %)", err=True)

    result = database.verify(app, progress=progress)
    if as_json:
        click.echo(json.dumps(dataclasses.asdict(result)))
    elif result.ok:
        click.echo(f"The log is intact: {result.checked:,} events, positions 1..{result.head:,}.")
    else:
        click.echo(
            f"The log does not verify at position {result.position}: {result.problem} "
            f"({result.checked:,} events before it are intact).",
            err=True,
        )
    if not result.ok:
        raise SystemExit(1)


def register(group: click.Group) -> None:
    """Add ``tracker db`` to ``group``."""
    group.add_command(db_group)
