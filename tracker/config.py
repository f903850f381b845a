"""Settings: declared once, loaded once at the edge.

Owns ``Settings`` and ``load()``: the only code that reads ``os.environ`` or
``tracker.toml``. Must not import the store, the CLI or anything with side effects.

Precedence: defaults < ``tracker.toml`` (``--config`` / ``TRACKER_CONFIG``) <
``TRACKER_<FIELD>`` environment variables < explicit overrides (CLI flags).
"""

from __future__ import annotations

import dataclasses
import math
import os
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tracker.errors import ConfigError

DEFAULT_SQLITE_PATH = Path("var") / "tracker.db"

#: Database URL schemes tracker can use (``postgresql://`` and ``postgres://`` mean psycopg 3).
SUPPORTED_DATABASES = (
    "sqlite:///PATH",
    "postgresql+psycopg://USER@HOST/DB (also written postgresql:// or postgres://)",
)
_SUPPORTED_SCHEMES = {"sqlite", "sqlite+pysqlite", "postgresql", "postgresql+psycopg", "postgres"}


def default_database_url() -> str:
    """The embedded default: a SQLite file under ./var, in WAL mode."""
    return f"sqlite:///{DEFAULT_SQLITE_PATH.as_posix()}"


@dataclass(frozen=True, slots=True)
class Settings:
    """Every setting of tracker. Each field's metadata carries its help text."""

    database_url: str = field(
        default_factory=default_database_url,
        metadata={
            "help": "SQLAlchemy URL of the database (sqlite:///path or postgresql+psycopg://...).",
            "check": "database_url",
        },
    )
    feeds_file: str = field(
        default="feeds/feeds.toml",
        metadata={"help": "Path of the feed list (TOML).", "check": "nonempty"},
    )
    allow_private_networks: bool = field(
        default=False,
        metadata={"help": "Allow fetching from loopback, private and link-local addresses."},
    )
    user_agent: str = field(
        default="tracker/0.1 (+https://github.com/tracker-ceasefire/tracker)",
        metadata={"help": "User-Agent sent with every feed request.", "check": "nonempty"},
    )
    max_body_bytes: int = field(
        default=10 * 1024 * 1024,
        metadata={
            "help": "Largest feed or page body accepted, counted after decompression.",
            "min": 1024,
        },
    )
    fetch_timeout_s: float = field(
        default=30.0,
        metadata={"help": "Overall deadline of one HTTP fetch, in seconds.", "above": 0},
    )
    fetch_workers: int = field(
        default=8,
        metadata={"help": "Feeds fetched concurrently by one ingester.", "min": 1, "max": 256},
    )
    parse_workers: int = field(
        default=2,
        metadata={
            "help": "Processes that parse feeds: in every round of the service, in large rounds of poll (0: in the fetch threads, which a stop cannot cut short).",
            "min": 0,
            "max": 64,
        },
    )
    max_consecutive_failures: int = field(
        default=10,
        metadata={
            "help": "Failures in a row after which a feed is paused (visible in feed_health).",
            "min": 1,
        },
    )
    poll_tick_s: float = field(
        default=30.0,
        metadata={"help": "How often `tracker serve` looks for due feeds, in seconds.", "above": 0},
    )
    lock_timeout_ms: int = field(
        default=10_000,
        metadata={
            "help": "How long an append waits for the log's write lock before failing, in ms.",
            "min": 1,
        },
    )
    sqlite_synchronous: str = field(
        default="FULL",
        metadata={
            "help": "SQLite synchronous pragma for the log: FULL (default, durable) or NORMAL.",
            "choices": ("FULL", "EXTRA", "NORMAL"),
        },
    )
    log_level: str = field(
        default="INFO",
        metadata={
            "help": "Logging level: DEBUG, INFO, WARNING, ERROR.",
            "choices": ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"),
        },
    )
    log_format: str = field(
        default="text",
        metadata={"help": "Log line format: text or json.", "choices": ("text", "json")},
    )
    conflict: str = field(
        default="",
        metadata={
            "help": "Default conflict pack (a name or folder) for feeds that name none; "
            "empty: the one pack shipped with tracker.",
            "check": "pack",
        },
    )
    conflict_dirs: str = field(
        default="",
        metadata={
            "help": "Further folders that hold conflict packs, separated by ':'.",
            "check": "folders",
        },
    )


FIELDS: dict[str, dataclasses.Field[Any]] = {f.name: f for f in dataclasses.fields(Settings)}


def _coerce(name: str, value: Any, where: str) -> Any:
    f = FIELDS[name]
    default = f.default if f.default is not dataclasses.MISSING else f.default_factory()  # type: ignore[misc,operator]
    kind = type(default)
    try:
        if kind is bool:
            if isinstance(value, bool):
                return value
            text = str(value).strip().lower()
            if text in {"1", "true", "yes", "on"}:
                return True
            if text in {"0", "false", "no", "off"}:
                return False
            raise ValueError(f"expected true or false, got {value!r}")
        if kind is int:
            if isinstance(value, bool) or (isinstance(value, float) and not value.is_integer()):
                raise ValueError(f"expected a whole number, got {value!r}")
            try:
                number: int | float = int(value)
            except ValueError:
                raise ValueError(f"expected a whole number, got {value!r}") from None
            return _check_range(f, number)
        if kind is float:
            if isinstance(value, bool):
                raise ValueError(f"expected a number, got {value!r}")
            try:
                number = float(value)
            except ValueError:
                raise ValueError(f"expected a number, got {value!r}") from None
            if not math.isfinite(number):
                raise ValueError(f"expected a finite number, got {value!r}")
            return _check_range(f, number)
        if not isinstance(value, str):
            raise ValueError(f"expected text, got {value!r}")
        return _check_text(f, value)
    except (TypeError, ValueError) as exc:
        raise ConfigError(f"bad value for {where}: {exc}") from exc


def _check_range(f: dataclasses.Field[Any], number: Any) -> Any:
    low, high, above = f.metadata.get("min"), f.metadata.get("max"), f.metadata.get("above")
    if above is not None and not number > above:
        raise ValueError(f"{number!r} is not allowed; allowed: a number above {above}")
    if (low is not None and number < low) or (high is not None and number > high):
        bounds = f"from {low}" + (f" to {high}" if high is not None else " up")
        raise ValueError(f"{number!r} is not allowed; allowed: a whole number {bounds}")
    return number


def _check_text(f: dataclasses.Field[Any], value: str) -> str:
    choices: tuple[str, ...] | None = f.metadata.get("choices")
    if choices is not None:
        for choice in choices:
            if value.strip().lower() == choice.lower():
                return choice
        raise ValueError(f"{value!r} is not allowed; allowed: {', '.join(choices)}")
    check = f.metadata.get("check")
    if check == "nonempty" and not value.strip():
        raise ValueError("empty; allowed: any non-empty text")
    if check == "database_url":
        check_database_url(value)
    if (
        check == "pack"
        and value.strip()
        and not (re.fullmatch(r"[a-z0-9][a-z0-9._-]*", value.strip()) or Path(value).is_dir())
    ):
        raise ValueError(f"{value!r} is neither a pack name (a-z 0-9 . _ -) nor a folder")
    if check == "folders":
        missing = [p for p in value.split(os.pathsep) if p and not Path(p).is_dir()]
        if missing:
            raise ValueError(f"no such folder: {missing[0]!r}")
    return value


def check_database_url(url: str) -> None:
    """Refuse a database URL tracker cannot use, naming the ones it can.

    Raises:
        ValueError: one line, naming the scheme given and the supported ones.
    """
    scheme = url.split("://", 1)[0] if "://" in url else ""
    if not scheme:
        raise ValueError(f"bad database URL {url!r}; supported: {', '.join(SUPPORTED_DATABASES)}")
    if scheme.lower() not in _SUPPORTED_SCHEMES:
        raise ValueError(
            f"unsupported database driver {scheme!r}; supported: {', '.join(SUPPORTED_DATABASES)}"
        )


def load(
    config_file: str | os.PathLike[str] | None = None,
    overrides: Mapping[str, Any] | None = None,
    environ: Mapping[str, str] | None = None,
) -> Settings:
    """Build the settings from defaults, a TOML file, the environment and overrides.

    Raises:
        ConfigError: an unknown key, a bad value or an unreadable file, naming where.
    """
    env = os.environ if environ is None else environ
    values: dict[str, Any] = {}
    path = config_file or env.get("TRACKER_CONFIG")
    if path:
        p = Path(path)
        try:
            data = tomllib.loads(p.read_text(encoding="utf-8"))
        except FileNotFoundError as exc:
            raise ConfigError(f"config file not found: {p}") from exc
        except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise ConfigError(f"cannot read config file {p}: {exc}") from exc
        section = data.get("tracker", data)
        for key, value in section.items():
            if key not in FIELDS:
                raise ConfigError(f"unknown setting {p}:{key}")
            values[key] = _coerce(key, value, f"{p}:{key}")
    for name in FIELDS:
        var = f"TRACKER_{name.upper()}"
        if var in env and env[var] != "":
            values[name] = _coerce(name, env[var], var)
    for key, value in (overrides or {}).items():
        if value is None:
            continue
        if key not in FIELDS:
            raise ConfigError(f"unknown setting {key}")
        values[key] = _coerce(key, value, _flag(key))
    return Settings(**values)


def sources(
    config_file: str | os.PathLike[str] | None = None,
    overrides: Mapping[str, Any] | None = None,
    environ: Mapping[str, str] | None = None,
) -> dict[str, str]:
    """Where each non-default setting comes from: the file, the variable or the flag."""
    env = os.environ if environ is None else environ
    out: dict[str, str] = {}
    path = config_file or env.get("TRACKER_CONFIG")
    if path:
        try:
            data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError):
            data = {}
        for key in data.get("tracker", data):
            out[key] = f"{path}:{key}"
    for name in FIELDS:
        var = f"TRACKER_{name.upper()}"
        if env.get(var):
            out[name] = var
    for key, value in (overrides or {}).items():
        if value is not None:
            out[key] = _flag(key)
    return out


def feeds_path(settings: Settings, *, must_exist: bool = True) -> Path:
    """The feed list's path; a missing file is an error unless ``must_exist`` is false.

    Raises:
        ConfigError: the file does not exist (naming the setting that chose it).
    """
    path = Path(settings.feeds_file).expanduser()
    if must_exist and not path.is_file():
        raise ConfigError(
            f"feed list {path} not found (feeds_file, TRACKER_FEEDS_FILE): point TRACKER_FEEDS_FILE "
            "at your feeds.toml, or create one with `tracker feeds add NAME URL`"
        )
    return path


def sqlite_file(url: str) -> Path | None:
    """The file of a SQLite URL, or None for PostgreSQL, ``:memory:`` and ``file:`` URIs."""
    from sqlalchemy.engine import make_url

    try:
        parsed = make_url(url)
    except Exception:  # a malformed URL is make_engine's to report
        return None
    db = parsed.database
    if parsed.get_backend_name() != "sqlite" or not db or db == ":memory:":
        return None
    return None if db.startswith("file:") else Path(db).expanduser()


def _flag(key: str) -> str:
    """The command-line flag that overrides ``key``."""
    return "--database" if key == "database_url" else f"--{key.replace('_', '-')}"


def describe(settings: Settings) -> list[tuple[str, str, str]]:
    """(name, shown value, help) rows, with passwords in URLs masked."""
    rows = []
    for name, f in FIELDS.items():
        value = getattr(settings, name)
        shown = str(value)
        if name == "database_url":
            shown = mask_url(shown)
        rows.append((name, shown, str(f.metadata.get("help", ""))))
    return rows


def mask_url(url: str) -> str:
    """Hide the password of a database URL."""
    if "://" not in url or "@" not in url:
        return url
    scheme, rest = url.split("://", 1)
    creds, host = rest.rsplit("@", 1)
    if ":" in creds:
        user = creds.split(":", 1)[0]
        return f"{scheme}://{user}:***@{host}"
    return url
