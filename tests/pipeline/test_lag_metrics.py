"""The lag an operator watches: items waiting for extraction, events each projection is
behind the head of the log, failed projections; and the Prometheus gauges that carry them.
On SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from prometheus_client import generate_latest

from tracker import service
from tracker.app import App, extract, lag, poll, project
from tracker.config import Settings
from tracker.projections import all_projections
from tracker.store import checkpoints

ROOT = Path(__file__).resolve().parents[2]
BUNDLED = ROOT / "feeds" / "feeds.toml"


@pytest.fixture
def app(db_url: str) -> Iterator[App]:
    the_app = App(Settings(database_url=db_url, feeds_file=str(BUNDLED)))
    yield the_app
    the_app.close()


def scrape(app: App) -> str:
    metrics = service.Metrics()
    metrics.refresh_lag(app)
    return generate_latest(metrics.registry).decode()


def gauge(text: str, name: str) -> float:
    (line,) = [ln for ln in text.splitlines() if ln.startswith(name + " ")]
    return float(line.split()[-1])


def test_an_empty_log_has_no_lag(app: App) -> None:
    now = lag.measure(app)
    assert (now.head, now.extraction_pending, now.extraction_lag_s) == (0, 0, 0.0)
    assert {p.behind for p in now.projections} == {0}
    assert now.failed_projections == []


def test_polled_items_wait_for_extraction_and_the_views_lag_until_projected(app: App) -> None:
    summary = poll.poll_due_feeds(app, workers=2)
    assert summary.new > 0
    before = lag.measure(app)
    assert before.head > 0
    assert before.extraction_pending == summary.new
    assert before.extraction_lag_s >= 0.0
    assert {p.name for p in before.projections} == {p.name for p in all_projections()}
    assert all(p.behind == before.head for p in before.projections)
    text = scrape(app)
    assert gauge(text, "tracker_extraction_pending_items") == summary.new
    assert gauge(text, "tracker_log_head_position") == before.head
    assert f'tracker_projection_lag_events{{projection="claims"}} {float(before.head)}' in text

    extract.run(app)
    middle = lag.measure(app)
    assert middle.extraction_pending == 0 and middle.extraction_lag_s == 0.0
    assert middle.head >= before.head

    project.run(app)
    after = lag.measure(app)
    assert [p.behind for p in after.projections] == [0] * len(after.projections)
    text = scrape(app)
    assert 'tracker_projection_lag_events{projection="claims"} 0.0' in text
    assert gauge(text, "tracker_projections_failed") == 0.0


def test_a_failed_projection_is_counted_and_named(app: App) -> None:
    poll.poll_due_feeds(app, workers=2)
    project.run(app)
    head = app.store.last_position()
    stuck = next(p for p in all_projections() if p.name == "claims")
    with app.engine.begin() as conn:
        checkpoints.save(
            conn, stuck.name, stuck.version, head - 3, status="failed", error="KeyError: 'x'"
        )
    now = lag.measure(app)
    assert now.failed_projections == ["claims"]
    (claims,) = [p for p in now.projections if p.name == "claims"]
    assert (claims.behind, claims.error) == (3, "KeyError: 'x'")
    text = scrape(app)
    assert gauge(text, "tracker_projections_failed") == 1.0
    assert 'tracker_projection_failed{projection="claims"} 1.0' in text
    assert 'tracker_projection_failed{projection="items"} 0.0' in text
    assert 'tracker_projection_lag_events{projection="claims"} 3.0' in text


def test_the_service_publishes_the_lag_after_each_cycle(app: App) -> None:
    svc = service.Service(app)
    svc.metrics = service.Metrics()
    svc.run_once()
    text = generate_latest(svc.metrics.registry).decode()
    assert gauge(text, "tracker_extraction_pending_items") == 0.0
    assert gauge(text, "tracker_log_head_position") == app.store.last_position() > 0
    assert gauge(text, "tracker_projections_failed") == 0.0
