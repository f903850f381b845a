"""``tracker db``: migrate the database, show its revision, grant the analyst role.

Owns the database administration commands; the work is in ``tracker.store``.
"""

from __future__ import annotations

import json
from pathlib import Path

import click

from tracker.cli.context import CliContext, pass_cli
from tracker.config import mask_url
from tracker.errors import StoreError
from tracker.store import migrate, roles


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
    before = migrate.current(app.engine)
    app.upgrade()
    after = migrate.current(app.engine)
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
    rev = migrate.current(app.engine)
    head = migrate.head_revision()
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
    app = obj.app()
    if not app.store.is_postgres:
        raise StoreError(
            "grant-analyst needs PostgreSQL; a SQLite file is read-only by opening it with ?mode=ro"
        )
    roles.grant_analyst(app.engine, role, password=password)
    click.echo(f"Role {role} can now read the analysts' views and tables, and write nothing.")


def register(group: click.Group) -> None:
    """Add ``tracker db`` to ``group``."""
    group.add_command(db_group)
