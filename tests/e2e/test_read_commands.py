"""Read commands never write: they read the views as they stand and say how far behind
the log they are; `tracker project` catches them up. On SQLite and PostgreSQL."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner, Result

from tracker import config
from tracker.app import App, curate
from tracker.cli import cli
from tracker.domain.events import TruceAnnounced
from tracker.domain.values import Provenance, ValidTime

pytestmark = pytest.mark.e2e


def run(db: str, *args: str) -> Result:
    return CliRunner().invoke(cli, ["--database", db, *args])


def ok(result: Result) -> Result:
    assert result.exit_code == 0, result.output
    return result


def append_unprojected(db: str, truce_id: str) -> None:
    """Append one curated truce to the log without catching the views up."""
    app = App(config.load(None, overrides={"database_url": db}))
    try:
        ev = TruceAnnounced(
            truce_id=truce_id,
            name=truce_id,
            parties=("AM", "AZ"),
            effective=ValidTime.parse("2020-10-18T00:00+04:00"),
            provenance=Provenance(urls=("https://e.org/t",), curator="curator:test"),
        )
        assert curate.append_curated(app, [(curate.curated_event_id(ev), ev)], "curator:test", {})
    finally:
        app.close()


def truce_ids(result: Result) -> list[str]:
    return sorted(str(r["truce_id"]) for r in json.loads(result.stdout))


@pytest.mark.parametrize("db_url", ["sqlite", "postgresql"], indirect=True)
def test_read_commands_read_the_views_as_they_stand_and_say_how_far_behind(db_url: str) -> None:
    ok(run(db_url, "project"))
    assert truce_ids(ok(run(db_url, "truces", "--json"))) == []

    append_unprojected(db_url, "t-behind")
    for args in (["truces"], ["truces", "--json"], ["violations"], ["violations", "--json"]):
        result = ok(run(db_url, *args))
        assert "views are 1 events behind the log; run `tracker project`" in result.stderr
        assert "t-behind" not in result.stdout  # nothing was projected by reading
    assert truce_ids(ok(run(db_url, "truces", "--json"))) == []
    assert json.loads(ok(run(db_url, "violations", "--json")).stdout) == []

    ok(run(db_url, "project"))
    result = ok(run(db_url, "truces", "--json"))
    assert truce_ids(result) == ["t-behind"]
    assert "behind" not in result.stderr
