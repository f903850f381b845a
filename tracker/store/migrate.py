"""Schema migrations through Alembic: upgrade, current revision, the schema check.

Owns running the ``migrations/`` chain against an engine and comparing the database's
revision with the code's head. Must not define tables (``tables.py`` does).
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError

from tracker.errors import SchemaMismatch, StoreUnavailable


def migrations_dir() -> Path:
    """The Alembic folder: the repository's ``migrations/``, installed as ``tracker.migrations``.

    Raises:
        StoreUnavailable: tracker is installed in a way that has no folder on disk (a zip).
    """
    root = resources.files("tracker.migrations")
    if not isinstance(root, Path) or not (root / "env.py").is_file():
        raise StoreUnavailable(f"the migrations are not on disk ({root}); reinstall tracker")
    return root


def alembic_config() -> Config:
    """An Alembic config pointing at the installed migrations folder."""
    folder = migrations_dir()
    cfg = Config(str(folder / "alembic.ini"))
    cfg.set_main_option("script_location", str(folder))
    return cfg


def head_revision() -> str:
    """The newest revision this code knows."""
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def known_revisions() -> set[str]:
    script = ScriptDirectory.from_config(alembic_config())
    return {rev.revision for rev in script.walk_revisions()}


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Migrate the database to ``revision`` (default: head).

    Raises:
        StoreUnavailable: the database cannot be reached.
        SchemaMismatch: the database is at a revision this code does not know.
    """
    current_rev = current(engine)
    if current_rev is not None and current_rev not in known_revisions():
        raise SchemaMismatch(
            current_rev, head_revision(), "It was migrated by a newer tracker; upgrade tracker."
        )
    cfg = alembic_config()
    try:
        with engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, revision)
    except SQLAlchemyError as exc:
        raise StoreUnavailable(f"migration failed: {_first_line(exc)}") from exc


def current(engine: Engine) -> str | None:
    """The database's current revision, or None for an empty database.

    Raises:
        StoreUnavailable: the database cannot be reached.
    """
    try:
        with engine.connect() as conn:
            return MigrationContext.configure(conn).get_current_revision()
    except SQLAlchemyError as exc:
        raise StoreUnavailable(
            f"cannot connect to the database {engine.url.render_as_string(hide_password=True)}: "
            f"{_first_line(exc)}"
        ) from exc


def check(engine: Engine) -> None:
    """Refuse to work on a database at another revision than the code's head.

    Raises:
        SchemaMismatch: older (run ``tracker db upgrade``) or newer (upgrade tracker).
        StoreUnavailable: the database cannot be reached.
    """
    head = head_revision()
    rev = current(engine)
    if rev == head:
        return
    if rev is None or rev in known_revisions():
        raise SchemaMismatch(rev, head, "Run `tracker db upgrade` first.")
    raise SchemaMismatch(rev, head, "It was migrated by a newer tracker; upgrade tracker.")


def _first_line(exc: BaseException) -> str:
    orig = getattr(exc, "orig", None)
    text = str(orig if orig is not None else exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__
