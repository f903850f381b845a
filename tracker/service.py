"""``tracker serve``: the scheduler, signals, logs, metrics and the one-ingester lock.

Owns the wiring of the application layer (:mod:`tracker.app`) into a long-running process: an APScheduler 3.x
``BlockingScheduler`` with an in-memory job store (the ``feed_state`` table is the
schedule; no job is persisted), one interval job (poll due feeds, then extract and
project), graceful shutdown on SIGINT/SIGTERM, structured logs and an optional
Prometheus endpoint. Must not print or import click/rich: the CLI renders what the
callbacks report.

Nothing is half-written on shutdown: a signal stops the round from starting new fetches;
fetches in flight finish and are appended (each batch is one transaction with its feeds'
state), then the scheduler shuts down with ``wait=True``.

On SQLite only one ingester may run per database file: :func:`ingester_lock` takes an
OS lock (``fcntl.flock``) on ``<database>.ingester.lock`` and refuses a second one with a
clear error. Several ingesters on PostgreSQL coordinate through leases in ``feed_state``.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import logging
import os
import signal
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from types import FrameType
from typing import Any

from tracker.app import App, extract, feeds, lag, project
from tracker.app import poll as polling
from tracker.errors import StoreUnavailable, TrackerError

log = logging.getLogger(__name__)

_LOG_RECORD_FIELDS = frozenset(vars(logging.makeLogRecord({})))


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message and any ``poll`` fields."""

    def format(self, record: logging.LogRecord) -> str:
        out: dict[str, Any] = {
            "ts": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "msg": record.getMessage(),
        }
        poll = getattr(record, "poll", None)
        if isinstance(poll, dict):
            out.update(poll)
        if record.exc_info:
            out["exc"] = self.formatException(record.exc_info)
        return json.dumps(out, ensure_ascii=False, default=str)


def configure_logging(level: str = "INFO", fmt: str = "text") -> logging.Handler:
    """Send tracker's logs to stderr at ``level``, as text or JSON lines.

    Returns the handler (installed on the ``tracker`` logger), so a caller can remove it.
    """
    handler = logging.StreamHandler()
    if fmt == "json":
        handler.setFormatter(JsonFormatter())
    else:
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    logger = logging.getLogger("tracker")
    for old in [h for h in logger.handlers if getattr(h, "_tracker_service", False)]:
        logger.removeHandler(old)
    handler._tracker_service = True  # type: ignore[attr-defined]
    logger.addHandler(handler)
    logger.setLevel(level.upper())
    logger.propagate = False
    return handler


# --------------------------------------------------------------------------- lock


def sqlite_path(app: App) -> Path | None:
    """The database file of a SQLite app (None for PostgreSQL or an in-memory database)."""
    url = app.engine.url
    if url.get_backend_name() != "sqlite":
        return None
    database = url.database or ""
    if not database or database == ":memory:" or database.startswith("file:"):
        return None
    return Path(database).expanduser().resolve()


@contextlib.contextmanager
def ingester_lock(app: App) -> Iterator[Path | None]:
    """Hold the one-ingester-per-file lock while polling a SQLite database.

    A no-op on PostgreSQL (leases coordinate several ingesters there).

    Raises:
        StoreUnavailable: another ingester already holds the lock on this file.
    """
    path = sqlite_path(app)
    if path is None:
        yield None
        return
    lock_path = path.with_name(path.name + ".ingester.lock")
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 64, 0).decode("ascii", "replace").strip() or "unknown"
            raise StoreUnavailable(
                f"another ingester (pid {holder}) is already polling the SQLite database "
                f"{path}; only one ingester may run per SQLite file (lock {lock_path}). "
                "Stop it first, or use PostgreSQL to run several ingesters"
            ) from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, str(os.getpid()).encode("ascii"), 0)
        yield lock_path
    finally:
        os.close(fd)  # closing the descriptor releases the flock


# --------------------------------------------------------------------------- metrics


class Metrics:
    """Prometheus metrics of the ingester, on a registry of its own."""

    def __init__(self) -> None:
        from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram

        self.registry = CollectorRegistry()
        self.polls = Counter(
            "tracker_polls", "Feed polls by outcome.", ["outcome"], registry=self.registry
        )
        self.errors = Counter(
            "tracker_poll_errors",
            "Failed feed polls by outcome.",
            ["outcome"],
            registry=self.registry,
        )
        self.items = Counter(
            "tracker_items", "Items appended to the log, by kind.", ["kind"], registry=self.registry
        )
        self.duration = Histogram(
            "tracker_poll_duration_seconds",
            "Time to fetch, parse and plan one feed.",
            buckets=(0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60),
            registry=self.registry,
        )
        self.lag = Gauge(
            "tracker_feed_lag_seconds",
            "Seconds since the feed's last successful poll.",
            ["feed"],
            registry=self.registry,
        )
        self.feeds = Gauge(
            "tracker_feeds", "Feeds by health status.", ["status"], registry=self.registry
        )
        self.cycles = Counter(
            "tracker_cycles", "Service cycles (poll, extract, project).", registry=self.registry
        )
        self.head = Gauge(
            "tracker_log_head_position", "Position of the newest event.", registry=self.registry
        )
        self.extraction_pending = Gauge(
            "tracker_extraction_pending_items",
            "Ingested items the extraction job has not read yet.",
            registry=self.registry,
        )
        self.extraction_lag = Gauge(
            "tracker_extraction_lag_seconds",
            "Age (record time) of the oldest item not yet extracted; 0 when none is pending.",
            registry=self.registry,
        )
        self.projection_lag = Gauge(
            "tracker_projection_lag_events",
            "Events between the projection's checkpoint and the head of the log.",
            ["projection"],
            registry=self.registry,
        )
        self.projection_failed = Gauge(
            "tracker_projection_failed",
            "1 if the projection stopped at its checkpoint on an error, else 0.",
            ["projection"],
            registry=self.registry,
        )
        self.projections_failed = Gauge(
            "tracker_projections_failed", "Projections that failed.", registry=self.registry
        )
        self._server: Any = None

    def observe(self, report: polling.PollReport) -> None:
        self.polls.labels(report.outcome).inc()
        if report.error is not None:
            self.errors.labels(report.outcome).inc()
        self.items.labels("new").inc(report.new - report.duplicates)
        self.items.labels("duplicate").inc(report.duplicates)
        self.duration.observe(report.ms / 1000.0)

    def refresh_health(self, app: App) -> None:
        statuses: dict[str, int] = {s: 0 for s in ("ok", "failing", "paused", "never-polled")}
        for row in feeds.health_rows(app):
            statuses[row.status] = statuses.get(row.status, 0) + 1
            if row.lag_s is not None:
                self.lag.labels(row.feed).set(row.lag_s)
        for status, n in statuses.items():
            self.feeds.labels(status).set(n)

    def refresh_lag(self, app: App) -> None:
        """Extraction lag, projection lag and failed projections, read from the checkpoints."""
        now = lag.measure(app)
        self.head.set(now.head)
        self.extraction_pending.set(now.extraction_pending)
        self.extraction_lag.set(now.extraction_lag_s)
        for p in now.projections:
            self.projection_lag.labels(p.name).set(p.behind)
            self.projection_failed.labels(p.name).set(1 if p.failed else 0)
        self.projections_failed.set(len(now.failed_projections))

    def serve(self, port: int, addr: str = "127.0.0.1") -> None:
        from prometheus_client import start_http_server

        self._server, _thread = start_http_server(port, addr=addr, registry=self.registry)

    def close(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None


# --------------------------------------------------------------------------- service


@dataclass(slots=True)
class CycleSummary:
    """One cycle: the poll round, then extraction and projections."""

    poll: polling.PollSummary
    extracted: Any = None
    projected: Any = None
    elapsed_s: float = 0.0
    errors: list[str] = field(default_factory=list)


class Service:
    """The ingester: cycles of poll → extract → project, once or on a schedule."""

    def __init__(
        self,
        app: App,
        *,
        workers: int | None = None,
        metrics_port: int | None = None,
        metrics_addr: str = "127.0.0.1",
        on_report: Callable[[polling.PollReport], None] | None = None,
        on_cycle: Callable[[CycleSummary], None] | None = None,
    ) -> None:
        self.app = app
        self.workers = workers or app.settings.fetch_workers
        self.owner = polling.ingester_id()
        self.stop = threading.Event()
        self.on_report = on_report
        self.on_cycle = on_cycle
        self.metrics = Metrics() if metrics_port is not None else None
        self.metrics_port = metrics_port
        self.metrics_addr = metrics_addr
        self._scheduler: Any = None
        # Processes start only when a round is large enough to use them (see jobs).
        workers = app.settings.parse_workers
        self.parse_pool = polling.ParsePool(workers) if workers > 0 else None

    def _report(self, report: polling.PollReport) -> None:
        if self.metrics is not None:
            self.metrics.observe(report)
        if self.on_report is not None:
            self.on_report(report)

    def cycle(self) -> CycleSummary:
        """Poll every due feed, then run extraction and projections if anything is new.

        Never raises for a feed or a hook failure (they are logged and counted); a
        database outage raises ``StoreUnavailable`` out of ``run_once`` and is logged
        and retried at the next tick by ``run_forever``.
        """
        started = time.perf_counter()
        summary = polling.poll_due_feeds(
            self.app,
            workers=self.workers,
            owner=self.owner,
            stop=self.stop,
            on_report=self._report,
            parse_pool=self.parse_pool,
            # run_once and run_forever hold the one-ingester lock on SQLite
            sole_ingester=not self.app.store.is_postgres,
        )
        result = CycleSummary(summary)
        if not self.stop.is_set():
            for name, hook in (("extract", extract.run), ("project", project.run)):
                try:
                    value = hook(self.app)
                except TrackerError as exc:
                    log.error("%s failed: %s", name, exc)
                    result.errors.append(f"{name}: {exc}")
                    continue
                if name == "extract":
                    result.extracted = value
                else:
                    result.projected = value
        if self.metrics is not None:
            self.metrics.cycles.inc()
            with contextlib.suppress(TrackerError):
                self.metrics.refresh_health(self.app)
                self.metrics.refresh_lag(self.app)
        result.elapsed_s = time.perf_counter() - started
        log.info(
            "cycle polled=%d new=%d dup=%d failed=%d s=%.2f",
            summary.polled,
            summary.new,
            summary.duplicates,
            summary.failed,
            result.elapsed_s,
        )
        if self.on_cycle is not None:
            self.on_cycle(result)
        return result

    def run_once(self) -> CycleSummary:
        """One full cycle without APScheduler (``tracker serve --once``).

        Raises:
            StoreUnavailable: another ingester holds the SQLite lock, or the database is down.
            FeedConfigError: the feed list is invalid.
        """
        with ingester_lock(self.app), self._metrics_server():
            try:
                return self.cycle()
            finally:
                self._close_pool()

    def _close_pool(self) -> None:
        if self.parse_pool is not None:
            self.parse_pool.close()

    def _tick(self) -> None:
        try:
            self.cycle()
        except TrackerError as exc:  # a database outage or a bad feed list: retry next tick
            log.error("cycle failed, retrying at the next tick: %s", exc)

    @contextlib.contextmanager
    def _metrics_server(self) -> Iterator[None]:
        if self.metrics is None or self.metrics_port is None:
            yield
            return
        self.metrics.serve(self.metrics_port, self.metrics_addr)
        log.info("metrics on http://%s:%d/metrics", self.metrics_addr, self.metrics_port)
        try:
            yield
        finally:
            self.metrics.close()

    def run_forever(self, *, install_signals: bool = True) -> None:
        """Run cycles every ``poll_tick_s`` until SIGINT/SIGTERM or :meth:`shutdown`.

        Raises:
            StoreUnavailable: another ingester holds the SQLite lock.
        """
        from apscheduler.executors.pool import ThreadPoolExecutor as JobExecutor
        from apscheduler.jobstores.memory import MemoryJobStore
        from apscheduler.schedulers.blocking import BlockingScheduler

        with ingester_lock(self.app), self._metrics_server():
            scheduler = BlockingScheduler(
                jobstores={"default": MemoryJobStore()},
                executors={"default": JobExecutor(1)},
                job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": 30},
                timezone=UTC,
            )
            scheduler.add_job(
                self._tick,
                "interval",
                seconds=self.app.settings.poll_tick_s,
                id="poll_extract_project",
                name="poll due feeds, extract, project",
                next_run_time=datetime.now(UTC),
                coalesce=True,
                max_instances=1,
                misfire_grace_time=30,
            )
            self._scheduler = scheduler
            previous: dict[signal.Signals, Any] = {}
            if install_signals:
                for sig in (signal.SIGINT, signal.SIGTERM):
                    previous[sig] = signal.signal(sig, self._on_signal)
            log.info(
                "serving: polling due feeds every %.0f s (owner %s)",
                self.app.settings.poll_tick_s,
                self.owner,
            )
            try:
                scheduler.start()
            finally:
                for sig, handler in previous.items():
                    signal.signal(sig, handler)
                self._scheduler = None
                self._close_pool()
            log.info("stopped")

    def _on_signal(self, signum: int, _frame: FrameType | None) -> None:
        log.info(
            "%s received: finishing the feeds in flight, then stopping", signal.Signals(signum).name
        )
        self.shutdown()

    def shutdown(self) -> None:
        """Stop after the work in flight is written (safe to call from a signal handler)."""
        self.stop.set()
        scheduler = self._scheduler
        if scheduler is None:
            return
        from apscheduler.schedulers import SchedulerNotRunningError

        with contextlib.suppress(SchedulerNotRunningError):
            scheduler.shutdown(wait=True)
