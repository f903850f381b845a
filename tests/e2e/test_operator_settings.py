"""Settings an operator gets wrong fail at load time, in one line that names the key and
what is allowed; a missing feed list or a mistyped SQLite path is an error, not silence."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from sqlalchemy import Engine, text

from tracker import config
from tracker.cli import cli
from tracker.errors import ConfigError

pytestmark = pytest.mark.e2e
ROOT = Path(__file__).resolve().parents[2]


def invoke(args: list[str], env: dict[str, str] | None = None) -> Result:
    clean = {k: None for k in os.environ if k.startswith("TRACKER_")}
    return CliRunner().invoke(cli, args, env={**clean, **(env or {})})  # type: ignore[dict-item]


def one_error_line(result: Result) -> str:
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    lines = [ln for ln in result.output.splitlines() if ln.strip()]
    assert len(lines) == 1 and lines[0].startswith("Error: "), result.output
    return lines[0]


@pytest.mark.parametrize(
    ("variable", "value", "allowed"),
    [
        ("TRACKER_LOG_LEVEL", "verbose", "DEBUG, INFO, WARNING, ERROR, CRITICAL"),
        ("TRACKER_LOG_FORMAT", "yaml", "text, json"),
        ("TRACKER_SQLITE_SYNCHRONOUS", "sometimes", "FULL, EXTRA, NORMAL"),
        ("TRACKER_FETCH_WORKERS", "-3", "a whole number from 1 to 256"),
        ("TRACKER_PARSE_WORKERS", "-1", "a whole number from 0 to 64"),
        ("TRACKER_POLL_TICK_S", "0", "a number above 0"),
        ("TRACKER_FETCH_TIMEOUT_S", "-1", "a number above 0"),
        ("TRACKER_MAX_CONSECUTIVE_FAILURES", "0", "a whole number from 1 up"),
        ("TRACKER_LOCK_TIMEOUT_MS", "0", "a whole number from 1 up"),
        ("TRACKER_MAX_BODY_BYTES", "10", "a whole number from 1024 up"),
    ],
)
def test_a_bad_setting_is_one_line_naming_the_key_and_the_allowed_values(
    variable: str, value: str, allowed: str
) -> None:
    line = one_error_line(invoke(["config", "show"], {variable: value}))
    assert line.startswith(f"Error: bad value for {variable}: ")
    assert repr(value) in line or value in line
    assert line.endswith(f"allowed: {allowed}"), line


def test_every_setting_is_checked() -> None:
    """Each field declares what it allows (choices, bounds or a check)."""
    for name, f in config.FIELDS.items():
        if f.type in ("bool", bool):
            continue
        assert {"choices", "min", "above", "check"} & set(f.metadata), name


def test_a_bad_log_level_cannot_reach_serve(tmp_path: Path) -> None:
    db = tmp_path / "t.db"
    assert invoke(["--database", f"sqlite:///{db}", "db", "upgrade"]).exit_code == 0
    line = one_error_line(
        invoke(
            ["--database", f"sqlite:///{db}", "serve", "--once"],
            {"TRACKER_LOG_LEVEL": "verbose", "TRACKER_FEEDS_FILE": str(ROOT / "feeds/feeds.toml")},
        )
    )
    assert "TRACKER_LOG_LEVEL" in line


def test_names_of_levels_and_modes_are_case_insensitive() -> None:
    settings = config.load(environ={"TRACKER_LOG_LEVEL": "debug", "TRACKER_LOG_FORMAT": "JSON"})
    assert (settings.log_level, settings.log_format) == ("DEBUG", "json")


@pytest.mark.parametrize(
    "url",
    ["postgresql+psycopg2://u@127.0.0.1/x", "postgresql+asyncpg://u@127.0.0.1/x", "mysql://x/y"],
)
def test_a_database_driver_tracker_cannot_use_is_one_line_naming_the_supported_ones(
    url: str,
) -> None:
    line = one_error_line(invoke(["--database", url, "truces"]))
    scheme = url.split("://")[0]
    assert f"unsupported database driver '{scheme}'" in line
    assert "sqlite:///PATH" in line and "postgresql+psycopg://" in line


@pytest.mark.slow
def test_psycopg2_in_a_subprocess_has_no_traceback() -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "tracker",
            "--database",
            "postgresql+psycopg2://u@h/x",
            "db",
            "current",
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "ModuleNotFoundError" not in result.stderr


def test_a_missing_feed_list_is_an_error(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 't.db'}"
    assert invoke(["--database", db, "db", "upgrade"]).exit_code == 0
    missing = {"TRACKER_FEEDS_FILE": str(tmp_path / "nope.toml")}
    for args in (["serve", "--once"], ["poll"], ["feeds", "list"]):
        line = one_error_line(invoke(["--database", db, *args], missing))
        assert "nope.toml not found" in line and "TRACKER_FEEDS_FILE" in line, args
    with pytest.raises(ConfigError, match="not found"):
        config.feeds_path(config.Settings(feeds_file=str(tmp_path / "nope.toml")))
    added = invoke(
        ["--database", db, "feeds", "add", "wire", "https://example.org/wire.rss"], missing
    )
    assert added.exit_code == 0, added.output
    assert (tmp_path / "nope.toml").is_file()


def test_a_sqlite_path_that_does_not_exist_is_refused_except_by_db_upgrade(tmp_path: Path) -> None:
    mistyped = tmp_path / "vra" / "tracker.db"
    url = f"sqlite:///{mistyped}"
    for args in (["truces"], ["db", "current"], ["events"], ["violations"]):
        line = one_error_line(invoke(["--database", url, *args]))
        assert f"database file {mistyped} does not exist" in line
        assert "tracker db upgrade" in line
    assert not mistyped.exists() and not mistyped.parent.exists()
    assert invoke(["--database", url, "db", "upgrade"]).exit_code == 0
    assert mistyped.is_file()
    assert invoke(["--database", url, "db", "current"]).exit_code == 0


@pytest.mark.postgres
def test_the_analyst_password_can_come_from_a_file_not_the_command_line(
    pg_engine: Engine, tmp_path: Path
) -> None:
    role = f"analyst_{uuid.uuid4().hex[:8]}"
    secret = tmp_path / "analyst_password"
    secret.write_text("from-a-secret\n")
    url = pg_engine.url.render_as_string(hide_password=False)
    try:
        result = invoke(
            ["--database", url, "db", "grant-analyst", role, "--password-file", str(secret)]
        )
        assert result.exit_code == 0, result.output
        with pg_engine.connect() as conn:
            stored = conn.execute(
                text("SELECT rolpassword FROM pg_authid WHERE rolname = :r"), {"r": role}
            ).scalar()
        assert stored is not None and stored.startswith(("SCRAM-SHA-256$", "md5"))
    finally:
        with pg_engine.begin() as conn:
            if conn.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :r"), {"r": role}).first():
                conn.execute(text(f"DROP OWNED BY {role}"))
                conn.execute(text(f"DROP ROLE {role}"))
    empty = tmp_path / "empty"
    empty.write_text("")
    result = invoke(["--database", url, "db", "grant-analyst", role, "--password-file", str(empty)])
    assert result.exit_code == 2 and "is empty" in result.output


def test_a_disabled_feed_says_why(tmp_path: Path) -> None:
    feeds = tmp_path / "feeds.toml"
    feeds.write_text(
        (ROOT / "feeds" / "feeds.toml")
        .read_text()
        .replace('name = "caucasus-wire-sample"', 'name = "caucasus-wire-sample"\nenabled = false')
    )
    shutil.copytree(ROOT / "feeds" / "samples", tmp_path / "samples")
    db = f"sqlite:///{tmp_path / 't.db'}"
    env = {"TRACKER_FEEDS_FILE": str(feeds)}
    assert invoke(["--database", db, "db", "upgrade"]).exit_code == 0
    assert invoke(["--database", db, "serve", "--once"], env).exit_code == 0
    listed = invoke(["--database", db, "feeds", "list"], env)
    assert listed.exit_code == 0, listed.output
    (line,) = [ln for ln in listed.output.splitlines() if "caucasus-wire-sample" in ln]
    assert "disabled" in line and "enabled = false in the feed list" in line
