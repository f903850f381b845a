"""What an operator sees in a terminal: tables that fit, piped output never cut, ids that
round-trip, empty results that say why, source URLs that are URLs."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from rich.console import Console

from tracker import config
from tracker.app.curate import claim as _claim
from tracker.cli import cli, render
from tracker.domain.validation import Known
from tracker.errors import DomainError

pytestmark = pytest.mark.e2e
ROOT = Path(__file__).resolve().parents[2]
REFERENCE = ROOT / "feeds" / "conflicts" / "nagorno-karabakh" / "reference.toml"


def invoke(args: list[str], env: dict[str, str] | None = None) -> Result:
    clean = {k: None for k in os.environ if k.startswith("TRACKER_")}
    return CliRunner().invoke(cli, args, env={**clean, **(env or {})})  # type: ignore[dict-item]


def ok(result: Result) -> str:
    assert result.exit_code == 0, result.output
    return result.output


@pytest.fixture
def loaded(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'tracker.db'}"
    ok(invoke(["--database", url, "db", "upgrade"]))
    ok(invoke(["--database", url, "load", str(REFERENCE)]))
    return url


def test_the_truce_table_fits_100_columns_without_cutting_ids(
    loaded: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(render, "console", lambda: Console(width=100, color_system=None))
    out = ok(invoke(["--database", loaded, "truces"]))
    lines = out.splitlines()
    reasons = next(i for i, line in enumerate(lines) if re.match(r"nk-\S+ \S+: ", line))
    table = "\n".join(lines[:reasons])
    assert max(len(line) for line in out.splitlines()) <= 100
    ids = [
        r["truce_id"] for r in json.loads(ok(invoke(["--database", loaded, "truces", "--json"])))
    ]
    rows = [line for line in table.splitlines() if line.strip().startswith("nk-")]
    assert sorted(line.split()[0] for line in rows) == sorted(ids)
    for word in ("superseded", "collapsed", "ended"):
        assert f" {word} " in out
    assert "…" not in out


def test_the_wide_truce_table_has_every_column(loaded: str) -> None:
    out = ok(invoke(["--database", loaded, "truces", "--wide"]))
    for header in ("brokers", "rule", "by publication", "ended (local)", "lifespan"):
        assert header in out


def test_the_truce_table_shows_effective_times_in_the_zone_they_were_written_in(
    loaded: str,
) -> None:
    rows = json.loads(ok(invoke(["--database", loaded, "truces", "--json"])))
    out = ok(invoke(["--database", loaded, "truces", "--wide"]))
    for r in rows:
        day, clock = r["effective_local"][:10], r["effective_local"][11:16]
        zone = r["effective_local"][-6:]
        line = next(line for line in out.splitlines() if line.strip().startswith(r["truce_id"]))
        assert f"{day} {clock} {zone}" in line, line


def test_piped_tables_are_never_truncated(tmp_path: Path) -> None:
    long_url = "https://example.org/" + "very-long-path-segment/" * 6 + "feed.rss"
    feeds = tmp_path / "feeds.toml"
    feeds.write_text(f'[[feeds]]\nname = "long-one"\nurl = "{long_url}"\n')
    env = {"TRACKER_FEEDS_FILE": str(feeds)}
    database = ["--database", f"sqlite:///{tmp_path / 'none.db'}"]
    listed = ok(invoke([*database, "feeds", "list"], env))
    assert long_url in listed and "…" not in listed
    shown = ok(invoke([*database, "config", "show"], env))
    for name, _value, help_ in config.describe(config.load(environ=env)):
        assert help_ in shown, name
    assert str(feeds) in shown and "…" not in shown


def test_the_ids_violations_shows_are_accepted_by_retract(loaded: str) -> None:
    out = ok(invoke(["--database", loaded, "violations"]))
    rows = [line for line in out.splitlines() if line.startswith("│ 20")]
    shown = rows[0].strip("│ ").split("│")[-1].strip()
    assert len(shown) == 8
    ok(invoke(["--database", loaded, "record", "retract", shown, "--reason", "test"]))
    left = json.loads(ok(invoke(["--database", loaded, "violations", "--json"])))
    assert not any(str(r["report_id"]).startswith(shown) for r in left)
    assert len(left) == len(rows) - 1


def test_a_claim_prefix_must_be_unique_and_long_enough() -> None:
    known = Known(claims={"abcd1234-x": "report", "abcd9999-y": "casualty", "ffff0000": "denial"})
    assert _claim(known, "abcd1") == ("abcd1234-x", "report")
    assert _claim(known, "ffff0000") == ("ffff0000", "denial")
    with pytest.raises(DomainError, match="ambiguous: 2 claims start with it"):
        _claim(known, "abcd")
    with pytest.raises(DomainError, match="at least 4 characters"):
        _claim(known, "ff")
    with pytest.raises(DomainError, match="no claim 'zzzz'"):
        _claim(known, "zzzz")


def test_empty_results_say_why(loaded: str, tmp_path: Path) -> None:
    out = ok(invoke(["--database", loaded, "events", "--stream", "nosuch"]))
    assert "No stream 'nosuch' in the log" in out
    out = ok(invoke(["--database", loaded, "events", "--after", "1000000"]))
    assert "No events in the log after position 1000000" in out
    empty = f"sqlite:///{tmp_path / 'empty.db'}"
    ok(invoke(["--database", empty, "db", "upgrade"]))
    assert "No truces in the log" in ok(invoke(["--database", empty, "truces"]))
    assert "No violation reports in the log" in ok(invoke(["--database", empty, "violations"]))
    assert "No events in the log" in ok(invoke(["--database", empty, "events"]))


@pytest.mark.parametrize("url", ["not-a-url", "ftp://example.org/x", "https://", "example.org/a"])
def test_a_source_must_be_an_http_url(loaded: str, url: str) -> None:
    result = invoke(
        [
            "--database",
            loaded,
            "record",
            "violation",
            "--accuser",
            "AM",
            "--accused",
            "AZ",
            "--occurred",
            "2020-10-10T12:05+04:00",
            "--source",
            url,
        ]
    )
    assert result.exit_code == 2, result.output
    assert f"{url!r} is not a URL" in result.output
