"""The object every command receives: settings and the App, built lazily.

Owns turning global options into ``Settings`` and an ``App``; nothing else.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import click

from tracker import config, conflict
from tracker.errors import ConfigError

if TYPE_CHECKING:
    from tracker.app import App


@dataclass
class CliContext:
    database_url: str | None = None
    config_file: str | None = None
    debug: bool = False
    _settings: config.Settings | None = field(default=None, repr=False)
    _app: App | None = field(default=None, repr=False)

    def settings(self, **overrides: Any) -> config.Settings:
        if self._settings is None or overrides:
            self._settings = config.load(
                self.config_file, overrides={"database_url": self.database_url, **overrides}
            )
            conflict.configure(self._settings.conflict, self._settings.conflict_dirs)
        return self._settings

    def app(self, *, check_schema: bool = True, create: bool = False) -> App:
        """The composition root, connected and (by default) checked against the migrations.

        A SQLite file that does not exist is refused (a mistyped path would otherwise
        become a new empty database) unless ``create`` (``tracker db upgrade``).

        Raises:
            ConfigError: the SQLite file does not exist.
        """
        if self._app is None:
            from tracker.app import App

            settings = self.settings()
            path = config.sqlite_file(settings.database_url)
            if path is not None and not create and not path.exists():
                raise ConfigError(
                    f"database file {path} does not exist (mistyped --database or "
                    "TRACKER_DATABASE_URL?). Run `tracker db upgrade` first."
                )
            self._app = App(settings)
            if check_schema:
                self._app.check_schema()
        return self._app

    def close(self) -> None:
        if self._app is not None:
            self._app.close()
            self._app = None


pass_cli = click.make_pass_decorator(CliContext)
