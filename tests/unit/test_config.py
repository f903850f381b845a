"""Settings: precedence, validation, documentation."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tracker import config
from tracker.errors import ConfigError

README = Path(__file__).resolve().parents[2] / "README.md"


def test_defaults_point_at_the_embedded_sqlite_file() -> None:
    settings = config.load(environ={})
    assert settings.database_url == "sqlite:///var/tracker.db"
    assert settings.allow_private_networks is False


def test_file_then_environment_then_flags_take_precedence(tmp_path: Path) -> None:
    f = tmp_path / "tracker.toml"
    f.write_text(
        '[tracker]\nlog_level = "DEBUG"\nfetch_workers = 3\ndatabase_url = "sqlite:///from-file.db"\n'
    )
    env = {"TRACKER_FETCH_WORKERS": "5", "TRACKER_DATABASE_URL": "sqlite:///from-env.db"}
    settings = config.load(f, overrides={"database_url": "sqlite:///from-flag.db"}, environ=env)
    assert settings.log_level == "DEBUG"
    assert settings.fetch_workers == 5
    assert settings.database_url == "sqlite:///from-flag.db"
    assert config.sources(f, {"database_url": "x"}, env) == {
        "log_level": f"{f}:log_level",
        "fetch_workers": "TRACKER_FETCH_WORKERS",
        "database_url": "--database",
    }


def test_an_unknown_key_names_the_file_and_key(tmp_path: Path) -> None:
    f = tmp_path / "tracker.toml"
    f.write_text("colour = 1\n")
    with pytest.raises(ConfigError, match=re.escape(f"unknown setting {f}:colour")):
        config.load(f, environ={})


def test_a_bad_value_names_the_variable() -> None:
    with pytest.raises(ConfigError, match="bad value for TRACKER_FETCH_WORKERS"):
        config.load(environ={"TRACKER_FETCH_WORKERS": "many"})
    with pytest.raises(
        ConfigError, match="bad value for TRACKER_ALLOW_PRIVATE_NETWORKS: expected true or false"
    ):
        config.load(environ={"TRACKER_ALLOW_PRIVATE_NETWORKS": "perhaps"})


def test_a_missing_or_broken_file_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="config file not found"):
        config.load(tmp_path / "nope.toml", environ={})
    broken = tmp_path / "broken.toml"
    broken.write_text("this is = = not toml")
    with pytest.raises(ConfigError, match="cannot read config file"):
        config.load(broken, environ={})


def test_passwords_are_masked() -> None:
    assert (
        config.mask_url("postgresql+psycopg://u:secret@db/x") == "postgresql+psycopg://u:***@db/x"
    )
    assert config.mask_url("sqlite:///var/tracker.db") == "sqlite:///var/tracker.db"


def test_every_setting_is_documented_in_the_readme() -> None:
    text = README.read_text(encoding="utf-8")
    for name in config.FIELDS:
        assert f"`{name}`" in text and f"`TRACKER_{name.upper()}`" in text, name
