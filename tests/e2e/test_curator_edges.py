"""The curator's edge refuses what would poison the views: absurd figures and dates,
renames, non-web sources, files that are not curated files, and says what it left out."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from tracker.cli import cli
from tracker.db import make_engine
from tracker.store import EventStore, migrate

VIOLATION = [
    "record", "violation", "--accuser", "AM", "--accused", "AZ",
    "--occurred", "2020-10-10T12:05+04:00", "--source", "https://e.org/a",
]  # fmt: skip
TRUCE = [
    "record", "truce", "--id", "t-1", "--name", "Moscow ceasefire", "--party", "AM",
    "--party", "AZ", "--effective", "2020-10-10T12:00+04:00", "--source", "https://e.org/t",
]  # fmt: skip


@pytest.fixture
def db(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 't.db'}"
    engine = make_engine(url)
    migrate.upgrade(engine)
    engine.dispose()
    return url


def run(db: str, *args: str) -> Result:
    return CliRunner().invoke(cli, ["--database", db, *args])


def events(db: str) -> int:
    engine = make_engine(db)
    try:
        return EventStore(engine).last_position()
    finally:
        engine.dispose()


@pytest.mark.parametrize(
    ("change", "needle"),
    [
        (["--killed", "100000000000000000000"], "above the sane maximum"),
        (["--wounded", "-3"], "negative figure"),
        (["--occurred", "0001-01-01T00:00+04:00"], "outside the calendar"),
        (["--occurred", "9999-12-31T23:00-01:00"], "outside the calendar"),
        (["--occurred", "1850-10-10T12:05+04:00"], "before 1900"),
        (["--occurred", "2999-10-10T12:05+04:00"], "more than a year after now"),
        (["--published", "9999-12-31T23:00-01:00"], "outside the calendar"),
        (["--source", "javascript:alert(1)"], "http:// or https://"),
        (["--source", "file:///etc/passwd"], "http:// or https://"),
    ],
)
def test_a_poisonous_report_is_refused_with_a_reason(
    db: str, change: list[str], needle: str
) -> None:
    args = list(VIOLATION)
    if change[0] == "--source":
        args[args.index("--source") + 1] = change[1]
    elif change[0] in args:
        args[args.index(change[0]) + 1] = change[1]
    else:
        args += change
    result = run(db, *args)
    assert result.exit_code != 0
    assert needle in result.output
    assert "Traceback" not in result.output
    assert events(db) == 0


def test_a_truce_is_never_renamed(db: str) -> None:
    assert run(db, *TRUCE).exit_code == 0
    assert run(db, *TRUCE).exit_code == 0  # the same record again: nothing new
    renamed = list(TRUCE)
    renamed[renamed.index("--name") + 1] = "Another name"
    result = run(db, *renamed)
    assert result.exit_code == 1 and "is not renamed" in result.output
    assert events(db) == 1


@pytest.mark.parametrize(
    ("name", "content", "needle"),
    [
        ("empty.json", "", "is empty; nothing loaded"),
        ("blank.toml", "\n\n", "is empty; nothing loaded"),
        ("v9.json", '{"schema": "tracker-curated/9", "truce": []}', "unknown schema"),
        ("list.json", "[1, 2]", "not a list"),
        ("none.json", '{"curator": "x"}', "holds no event"),
        ("typo.json", '{"violations": [{"key": "a"}]}', "unknown section 'violations'"),
    ],
)
def test_a_file_that_loads_nothing_says_so_and_fails(
    db: str, tmp_path: Path, name: str, content: str, needle: str
) -> None:
    path = tmp_path / name
    path.write_text(content)
    result = run(db, "load", str(path))
    assert result.exit_code == 1, result.output
    assert needle in result.output
    assert events(db) == 0


def test_a_device_is_not_read(db: str) -> None:
    result = run(db, "load", "/dev/zero")
    assert result.exit_code == 1 and "not a regular file" in result.output


def test_what_a_file_leaves_out_is_named(db: str, tmp_path: Path) -> None:
    path = tmp_path / "some.toml"
    path.write_text(
        'schema = "tracker-curated/1"\n'
        '[[truce]]\nid = "t-1"\nname = "n"\nparties = ["AM", "AZ"]\n'
        'effective = "2020-10-10T12:00+04:00"\nsources = ["https://e.org/t"]\n'
        '[[violatoin]]\nkey = "v"\n'
    )
    result = run(db, "load", str(path))
    assert result.exit_code == 0, result.output
    assert "not loaded: unknown section 'violatoin' (1 entries)" in result.output
    assert events(db) == 1


def test_an_extreme_year_in_a_file_is_refused_without_a_traceback(db: str, tmp_path: Path) -> None:
    path = tmp_path / "y.toml"
    path.write_text(
        '[[truce]]\nid = "t-1"\nname = "n"\nparties = ["AM", "AZ"]\n'
        'effective = "0001-01-01T00:00+04:00"\nsources = ["https://e.org/t"]\n'
    )
    result = run(db, "load", str(path))
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "outside the calendar" in result.output
