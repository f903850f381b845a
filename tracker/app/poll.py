"""The polling use case ``tracker serve`` and ``tracker feeds poll`` share.

Owns one polling round (:func:`poll_due_feeds`: sync the feed list into ``feed_state``,
claim due feeds, fetch them on a bounded thread pool, append their events with the feed
state in the same transaction). Extraction and projections are the next use cases
(``tracker.app.extract``, ``tracker.app.project``). Must not print or import click or
rich; it logs one line per poll and returns a summary.

Throughput. Fetching and parsing (phase 1) run on ``workers`` threads; planning and
appending (phase 2) run on the calling thread, one feed at a time, so cross-feed
duplicate checks see every earlier feed of the round. Appends are batched across feeds
(one ``append_batch`` per :data:`BATCH_FEEDS` feeds with events, :data:`BATCH_EVENTS`
events, :data:`BATCH_POLLS` polls or :data:`BATCH_WAIT_S` seconds), and
each feed's state is saved by the ``also`` callback of that same transaction.
"""

from __future__ import annotations

import contextlib
import dataclasses
import logging
import multiprocessing
import os
import random
import socket
import threading
import time
import uuid
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from tracker.app.root import App
from tracker.config import feeds_path
from tracker.errors import FeedFetchError, FeedParseError, IdempotencyConflict, StoreError
from tracker.ingest import poller, schedule
from tracker.ingest.feedlist import FeedConfig, FeedList
from tracker.ingest.fetch import Fetcher, FetchLimits
from tracker.store import ANY, NewEvent
from tracker.store import feed_state as fs

log = logging.getLogger(__name__)

#: Feeds with new events, and events, per append transaction in a round.
BATCH_FEEDS = 100
BATCH_EVENTS = 4_000
#: Feeds per transaction in all (polls with nothing new only update their feed's row:
#: a round of 304s then commits, and syncs to disk, a few times instead of once per 100),
#: and the age of the oldest queued poll at which the next one finished writes the batch
#: (so that progress is reported while slow feeds time out).
BATCH_POLLS = 1_000
BATCH_WAIT_S = 1.0
#: Feeds claimed at a time: a few per worker, so that several ingesters share the
#: due feeds (each claim is a short transaction that takes leases).
CLAIM_PER_WORKER = 4
CLAIM_MIN = 16
CLAIM_SQLITE = 256
#: Fetches submitted ahead per fetch thread (finished ones wait to be planned).
AHEAD_PER_WORKER = 8
#: Once a round is told to stop, fetches in flight get this long to finish; then they are
#: cut short (their feeds are given back untouched), whatever the servers do.
STOP_GRACE_S = 2.0
#: A round with this many due feeds parses in worker processes (their start-up, ~0.5 s,
#: is not worth it for a handful of feeds).
PARSE_POOL_MIN_FEEDS = 64


@dataclass(frozen=True, slots=True)
class PollReport:
    """One feed's poll, as logged and shown."""

    feed: str
    outcome: str
    new: int
    duplicates: int
    seen: int
    ms: int
    error: str | None = None
    next_poll_at: datetime | None = None
    paused: bool = False


@dataclass(slots=True)
class PollSummary:
    """What one round did."""

    polled: int = 0
    new: int = 0
    duplicates: int = 0
    seen: int = 0
    outcomes: Counter[str] = field(default_factory=Counter)
    reports: list[PollReport] = field(default_factory=list)
    elapsed_s: float = 0.0
    skipped: list[str] = field(default_factory=list)

    @property
    def failed(self) -> int:
        return sum(n for o, n in self.outcomes.items() if schedule.classify(o) != "success")

    def as_dict(self) -> dict[str, Any]:
        return {
            "polled": self.polled,
            "new": self.new,
            "duplicates": self.duplicates,
            "seen": self.seen,
            "failed": self.failed,
            "outcomes": dict(sorted(self.outcomes.items())),
            "elapsed_s": round(self.elapsed_s, 3),
            "feeds": [
                {
                    "feed": r.feed,
                    "outcome": r.outcome,
                    "new": r.new,
                    "duplicates": r.duplicates,
                    "ms": r.ms,
                    "error": r.error,
                }
                for r in self.reports
            ],
        }


def ingester_id() -> str:
    """A lease owner name unique to this process: host, pid and a random suffix."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def fetch_limits(app: App) -> FetchLimits:
    """The global fetch limits from the settings."""
    s = app.settings
    return FetchLimits(
        max_body_bytes=s.max_body_bytes,
        total_timeout_s=s.fetch_timeout_s,
        read_timeout_s=min(30.0, s.fetch_timeout_s),
        connect_timeout_s=min(10.0, s.fetch_timeout_s),
        user_agent=s.user_agent,
        allow_private_networks=s.allow_private_networks,
    )


def load_feeds(app: App) -> FeedList:
    """The feed list named by the settings.

    Raises:
        ConfigError: the file does not exist.
        FeedConfigError: the file is unreadable or has a bad entry (named).
    """
    return FeedList.load(feeds_path(app.settings))


def make_fetcher(app: App) -> Fetcher:
    """A fetcher with the settings' limits."""
    return Fetcher(fetch_limits(app))


class ParsePool:
    """Worker processes that parse feed bodies (feedparser holds the GIL for ~0.2 ms/item).

    Started with the ``spawn`` method (the ingester has threads and open connections,
    which ``fork`` would copy), as calls need them, up to ``workers``. :meth:`analyze`
    has the signature of :func:`tracker.ingest.poller.analyze_feed` and is safe to call
    from many threads: the calling thread sends the body straight down a worker's pipe
    and reads the answer itself (no executor threads in between). Each worker has up to
    :data:`PARSE_DEPTH` bodies queued, so that it starts the next one as soon as it
    answered the last, without waiting for a thread of this (busy) process to hand it
    over. A worker that dies fails only the bodies it had, and is replaced.
    """

    def __init__(self, workers: int) -> None:
        self.workers = max(1, workers)
        self._lock = threading.Lock()
        self._slots = threading.BoundedSemaphore(self.workers * PARSE_DEPTH)
        self._live: list[_ParseWorker] = []

    def analyze(
        self, body: bytes, *, url: str, headers: Mapping[str, str] | None = None
    ) -> poller.Analyzed:
        with self._slots:
            worker = self._take()
            try:
                result = worker.call((body, url, dict(headers or {})))
            except (EOFError, OSError) as exc:
                self._drop(worker)
                if worker.cancelled:
                    raise FeedFetchError(
                        url, "cancelled: the round is stopping (parse cut short)", "cancelled"
                    ) from exc
                raise FeedParseError(url, f"the parse worker process died: {exc!r}") from exc
            finally:
                with self._lock:
                    worker.inflight -= 1
        if isinstance(result, tuple):
            raise FeedParseError(result[1], result[2])
        assert isinstance(result, poller.Analyzed)
        return result

    def _take(self) -> _ParseWorker:
        with self._lock:
            best = min(self._live, key=lambda w: w.inflight, default=None)
            if best is None or (best.inflight > 0 and len(self._live) < self.workers):
                best = _ParseWorker.start()
                self._live.append(best)
            best.inflight += 1
            return best

    def _drop(self, worker: _ParseWorker) -> None:
        with self._lock:
            if worker in self._live:
                self._live.remove(worker)
        worker.stop(wait=False)

    def cancel(self) -> int:
        """Cut every parse in flight short (a shutdown): the busy workers are terminated
        and their calls raise ``FeedFetchError`` with outcome ``cancelled``; a feed of
        100,000 items takes a worker most of a minute, and a stop must not wait for it.
        Returns how many workers were stopped; the next :meth:`analyze` starts new ones."""
        with self._lock:
            busy = [w for w in self._live if w.inflight > 0]
        for worker in busy:  # each waiting call sees the pipe end and drops its worker
            worker.cancelled = True
            with contextlib.suppress(OSError):
                worker.process.terminate()
        return len(busy)

    def close(self) -> None:
        """Stop the workers (the next :meth:`analyze` starts new ones)."""
        with self._lock:
            live, self._live = self._live, []
        idle = [w for w in live if w.inflight == 0]
        for worker in idle:  # ask them all first: they exit in parallel
            worker.ask_to_stop()
        for worker in live:  # one still busy in another thread is cut short
            worker.stop(wait=worker in idle)


#: Bodies queued per parse worker process: enough work (~10 ms) to outlast a fetch
#: thread's wait for the GIL (up to the 5 ms switch interval while the planning thread
#: runs), so that a worker never idles between answering and being sent the next body.
PARSE_DEPTH = 4


class _ParseWorker:
    """One parse process and the parent's end of its pipe; answers come in request order."""

    def __init__(self, process: Any, conn: Any) -> None:
        self.process = process
        self.conn = conn
        self.inflight = 0  # guarded by the pool's lock
        self.cancelled = False  # stopped by ParsePool.cancel: its calls were cut short
        self._send = threading.Lock()
        self._turn = threading.Condition()
        self._sent = 0
        self._read = 0
        self._broken = False

    @classmethod
    def start(cls) -> _ParseWorker:
        context = multiprocessing.get_context("spawn")
        parent, child = context.Pipe()
        process = context.Process(
            target=poller.serve_analyses, args=(child,), name="tracker-parse", daemon=True
        )
        process.start()
        child.close()
        return cls(process, parent)

    def call(self, request: object) -> object:
        """Send ``request`` and return its answer.

        Raises:
            EOFError, OSError: the process died (or an earlier call found it dead).
        """
        with self._send:
            ticket = self._sent
            self._sent += 1
            try:
                self.conn.send(request)
            except BaseException:
                self._fail()
                raise
        with self._turn:
            while self._read != ticket and not self._broken:
                self._turn.wait()
            if self._broken:
                raise EOFError("an earlier request found the parse worker dead")
        try:
            return self.conn.recv()
        except BaseException:
            self._fail()
            raise
        finally:
            with self._turn:
                self._read += 1
                self._turn.notify_all()

    def _fail(self) -> None:
        with self._turn:
            self._broken = True
            self._turn.notify_all()

    def ask_to_stop(self) -> None:
        with self._send, contextlib.suppress(OSError):
            self.conn.send(None)

    def stop(self, *, wait: bool) -> None:
        if wait:
            self.ask_to_stop()  # a second None is never read: the loop ends at the first
            self.process.join(5)
        if self.process.is_alive():
            self.process.terminate()
            self.process.join(5)
        self.conn.close()


class IndexLookup:
    """:class:`tracker.ingest.poller.ItemLookup` over the store, plus this round's items.

    Items planned earlier in the round are overlaid (kept for the whole round, committed
    or not), so two feeds carrying the same story in one round are marked too, also when
    a fetch thread read the index (:meth:`exact_duplicates`, before the story's batch was
    committed) and the planning thread adds the rest (:meth:`planned_duplicates`).
    Fetch threads read the overlay while the planning thread adds to it; nothing is
    removed during a round.
    """

    def __init__(self, app: App) -> None:
        self._engine = app.engine
        self._links: dict[str, str] = {}
        self._hashes: dict[str, str] = {}

    def known_items(self, feed: str, identities: Sequence[str]) -> dict[str, fs.KnownItem]:
        return fs.known_items(self._engine, feed, identities)

    def exact_duplicates(
        self, link_aliases: Sequence[str], content_hashes: Sequence[str]
    ) -> tuple[Mapping[str, str], Mapping[str, str]]:
        links, hashes = fs.exact_duplicates(
            self._engine, link_aliases=link_aliases, content_hashes=content_hashes
        )
        more_links, more_hashes = self.planned_duplicates(link_aliases, content_hashes)
        return {**more_links, **links}, {**more_hashes, **hashes}

    def planned_duplicates(
        self, link_aliases: Sequence[str], content_hashes: Sequence[str]
    ) -> tuple[dict[str, str], dict[str, str]]:
        links = {a: self._links[a] for a in link_aliases if a in self._links}
        hashes = {h: self._hashes[h] for h in content_hashes if h in self._hashes}
        return links, hashes

    def add(self, rows: Sequence[poller.IndexRow]) -> None:
        for row in rows:
            root = row.duplicate_of or row.item_id
            if row.link_alias:
                self._links.setdefault(row.link_alias, root)
            self._hashes.setdefault(row.content_hash, root)

    def clear(self) -> None:
        self._links.clear()
        self._hashes.clear()


class _Committer:
    """Collects plans and writes them in batched transactions."""

    def __init__(self, app: App, owner: str, lookup: IndexLookup) -> None:
        self.app = app
        self.owner = owner
        self.lookup = lookup
        self.plans: list[poller.PollPlan] = []
        self.events = 0
        self.eventful = 0
        self.since = 0.0

    def add(self, plan: poller.PollPlan) -> list[poller.PollPlan]:
        """Queue ``plan``; returns the plans written if this filled a batch."""
        if not self.plans:
            self.since = time.monotonic()
        self.plans.append(plan)
        self.events += len(plan.events)
        self.eventful += bool(plan.events)
        self.lookup.add(plan.index)
        if (
            self.eventful >= BATCH_FEEDS
            or self.events >= BATCH_EVENTS
            or len(self.plans) >= BATCH_POLLS
            or time.monotonic() - self.since >= BATCH_WAIT_S
        ):
            return self.flush()
        return []

    def due(self) -> bool:
        """True when queued plans have waited :data:`BATCH_WAIT_S` or more."""
        return bool(self.plans) and time.monotonic() - self.since >= BATCH_WAIT_S

    def flush(self) -> list[poller.PollPlan]:
        """Write the queued plans; returns them as written."""
        plans, self.plans, self.events, self.eventful = self.plans, [], 0, 0
        if not plans:
            return []
        written = plans
        try:
            self._write(plans)
        except IdempotencyConflict as exc:
            log.warning(
                "an append conflicted (%s); writing the %d feeds one by one", exc, len(plans)
            )
            written = []
            for plan in plans:
                try:
                    self._write([plan])
                except IdempotencyConflict as one:
                    # Another ingester appended these items first (an expired lease) with
                    # other per-poll details. Keep the old validators: the next poll
                    # sees the items in the index and appends nothing.
                    plan = _conflicted(plan, one)
                    self._write([plan])
                written.append(plan)
        return written

    def _write(self, plans: Sequence[poller.PollPlan]) -> None:
        updates = [p.state for p in plans]
        entries = [r for p in plans for r in p.index]  # IndexRow is an IndexEntrySpec
        streams: dict[str, list[NewEvent]] = {}
        for p in plans:
            for stream, event in p.events:
                streams.setdefault(stream, []).append(event)
        requests = [(stream, evs, ANY) for stream, evs in streams.items()]
        if not requests:
            fs.record_poll(self.app.engine, updates, owner=self.owner)
            return
        documents = list({d[0]: d for p in plans for d in p.documents}.values())
        self.app.store.append_batch(
            requests, documents=documents, also=fs.save_poll(updates, entries, owner=self.owner)
        )


def poll_due_feeds(
    app: App,
    *,
    feed: str | None = None,
    workers: int = 8,
    owner: str | None = None,
    feeds: FeedList | None = None,
    fetcher: Fetcher | None = None,
    policy: schedule.Policy | None = None,
    rng: random.Random | None = None,
    now: Callable[[], datetime] | None = None,
    stop: threading.Event | None = None,
    on_report: Callable[[PollReport], None] | None = None,
    parse_pool: ParsePool | None = None,
    sole_ingester: bool = False,
) -> PollSummary:
    """Poll every due feed (or just ``feed``, due or not) once, and write what they gave.

    Feeds are claimed a few at a time with a lease (several ingesters on PostgreSQL
    share the due feeds and never poll one at the same time), fetched on ``workers``
    threads, and appended in batches, each with its feeds' new state in the same
    transaction. A feed's failure is recorded on its ``feed_state`` row and never stops
    the round. ``stop`` ends the round early: fetches in flight finish and are written,
    leases on feeds not yet started are given back. Once a round has claimed
    :data:`PARSE_POOL_MIN_FEEDS` feeds, bodies are parsed in worker processes:
    ``parse_pool`` (the service keeps one alive), else ``settings.parse_workers``
    processes started for the round. ``sole_ingester`` says the caller holds the
    one-ingester lock (SQLite): leases left by a crashed process are taken over at once.
    Leases of the feeds in hand are extended every third of their length.

    Raises:
        FeedConfigError: the feed list is invalid, or ``feed`` is not in it.
        StoreUnavailable: the database is down.
    """
    clock = now or app.now
    started = time.perf_counter()
    feed_list = feeds if feeds is not None else load_feeds(app)
    if feed is not None:
        feed_list.get(feed)  # raises FeedConfigError naming the list
    fs.sync_feeds(app.engine, feed_list.feeds, now=clock())
    run = _Round(
        app,
        {f.name: f for f in feed_list.feeds},
        owner=owner or ingester_id(),
        workers=max(1, workers),
        fetcher=fetcher,
        policy=policy or _policy(app),
        rng=rng or random.Random(),
        clock=clock,
        stop=stop,
        on_report=on_report,
        parse_pool=parse_pool,
        sole_ingester=sole_ingester,
    )
    run.run(names=[feed] if feed is not None else None)
    run.summary.elapsed_s = time.perf_counter() - started
    return run.summary


def _policy(app: App) -> schedule.Policy:
    return schedule.Policy(pause_after=app.settings.max_consecutive_failures)


class _Round:
    """One polling round: claim as the pool drains, fetch in threads, plan and append here."""

    def __init__(
        self,
        app: App,
        configs: Mapping[str, FeedConfig],
        *,
        owner: str,
        workers: int,
        fetcher: Fetcher | None,
        policy: schedule.Policy,
        rng: random.Random,
        clock: Callable[[], datetime],
        stop: threading.Event | None,
        on_report: Callable[[PollReport], None] | None,
        parse_pool: ParsePool | None = None,
        sole_ingester: bool = False,
    ) -> None:
        self.app = app
        self.sole_ingester = sole_ingester
        self.heartbeat_at = time.monotonic()
        self.parse_pool = parse_pool
        self.own_pool: ParsePool | None = None
        self.analyze: poller.Analyze | None = None
        self.claimed = 0
        self.configs = configs
        self.owner = owner
        self.workers = workers
        self.fetcher = fetcher
        self.policy = policy
        self.rng = rng
        self.clock = clock
        self.stop = stop
        self.on_report = on_report
        self.summary = PollSummary()
        self.lookup = IndexLookup(app)
        self.committer = _Committer(app, owner, self.lookup)
        self.states: dict[str, fs.FeedStateRow] = {}
        # One ingester per SQLite file: big claims. On PostgreSQL, small ones, so that
        # several ingesters share the due feeds.
        self.claim_chunk = (
            max(CLAIM_MIN, workers * CLAIM_PER_WORKER) if app.store.is_postgres else CLAIM_SQLITE
        )
        # Fetches queued ahead of the planning thread: enough that the fetch threads keep
        # going while this thread plans and appends a batch (otherwise they drain the
        # queue in a few ms and wait for it, and so do the parse workers).
        self.ahead = workers * AHEAD_PER_WORKER

    def _stopping(self) -> bool:
        return self.stop is not None and self.stop.is_set()

    def _claim(self, names: Sequence[str] | None) -> list[FeedConfig]:
        claimed = fs.claim_due(
            self.app.engine,
            owner=self.owner,
            now=self.clock(),
            limit=self.claim_chunk,
            names=names,
            sole_ingester=self.sole_ingester,
        )
        orphans = [r.name for r in claimed if r.name not in self.configs]
        if orphans:  # claimed by name but no longer in the list
            fs.release(self.app.engine, orphans, owner=self.owner)
            self.summary.skipped.extend(orphans)
        self.states.update({r.name: r for r in claimed})
        self.claimed += len(claimed)
        workers = self.app.settings.parse_workers
        # A pool the caller keeps (the service's) is used from the first feed: its
        # processes outlive the round, and a stop can cut a parse in a process short
        # (one in a fetch thread it cannot: a 100,000-item feed parses for most of a
        # minute). A pool for this round alone only pays off for many feeds.
        wanted = self.parse_pool is not None or self.claimed >= PARSE_POOL_MIN_FEEDS
        if wanted and workers > 0 and self.analyze is None:
            if self.parse_pool is None:
                self.parse_pool = self.own_pool = ParsePool(workers)
            self.analyze = self.parse_pool.analyze
        return [self.configs[r.name] for r in claimed if r.name in self.configs]

    def run(self, names: Sequence[str] | None) -> None:
        own = self.fetcher is None
        fetcher = self.fetcher or make_fetcher(self.app)
        queue: list[FeedConfig] = []
        pending: dict[Future[poller.Fetched], FeedConfig] = {}
        exhausted = False
        stop_seen: float | None = None
        cancelled: list[str] = []
        try:
            with ThreadPoolExecutor(self.workers, thread_name_prefix="poll") as pool:
                while True:
                    if self._stopping():
                        exhausted = True
                    if not queue and not exhausted and len(pending) < self.workers:
                        queue = self._claim(names)
                        exhausted = not queue or names is not None
                    while queue and len(pending) < self.ahead and not self._stopping():
                        cfg = queue.pop(0)
                        future = pool.submit(
                            poller.fetch_feed,
                            cfg,
                            self.states[cfg.name],
                            fetcher=fetcher,
                            lookup=self.lookup,
                            now=self.clock(),
                            analyze=self.analyze or poller.analyze_feed,
                        )
                        pending[future] = cfg
                    if not pending:
                        if queue and self._stopping():
                            break
                        if exhausted:
                            break
                        continue
                    finished, _ = wait(pending, timeout=0.2, return_when=FIRST_COMPLETED)
                    self._heartbeat([*pending.values(), *queue])
                    if not finished and self.committer.due():
                        # slow feeds in flight: what the others gave is written meanwhile
                        self._reported(self.committer.flush())
                    if self._stopping() and not finished:
                        stop_seen = stop_seen or time.monotonic()
                        if time.monotonic() - stop_seen >= STOP_GRACE_S:
                            fetcher.cancel()
                            if self.parse_pool is not None:
                                self.parse_pool.cancel()
                    for future in finished:
                        cfg = pending.pop(future)
                        fetched = future.result()
                        if fetched.outcome == "cancelled":
                            cancelled.append(cfg.name)  # not the feed's fault: no failure
                            continue
                        plan = poller.plan_poll(
                            cfg,
                            self.states[cfg.name],
                            fetched,
                            lookup=self.lookup,
                            policy=self.policy,
                            rng=self.rng,
                        )
                        self._reported(self.committer.add(plan))
                self._reported(self.committer.flush())
        except BaseException:
            # Nothing half-written: a batch committed or not. Give back what is left.
            _release_quietly(self.app, list(self.states), self.owner)
            raise
        finally:
            if own:
                fetcher.close()
            if self.own_pool is not None:
                self.own_pool.close()
        if queue or cancelled:
            fs.release(self.app.engine, [c.name for c in queue] + cancelled, owner=self.owner)

    def _heartbeat(self, in_hand: Sequence[FeedConfig]) -> None:
        """Extend the leases of the feeds in hand every third of a lease."""
        if time.monotonic() - self.heartbeat_at < fs.DEFAULT_LEASE_S / 3 or not in_hand:
            return
        self.heartbeat_at = time.monotonic()
        try:
            fs.extend_leases(
                self.app.engine, [c.name for c in in_hand], owner=self.owner, now=self.clock()
            )
        except StoreError as exc:  # the next claim or write will say it louder
            log.warning("could not extend %d leases: %s", len(in_hand), exc)

    def _reported(self, written: Sequence[poller.PollPlan]) -> None:
        for plan in written:  # logged and counted once committed, not before
            _report(plan, self.summary, self.on_report)


def _conflicted(plan: poller.PollPlan, exc: IdempotencyConflict) -> poller.PollPlan:
    state = dataclasses.replace(
        plan.state,
        outcome="store_conflict",
        error=str(exc),
        success=False,
        full_fetch=False,
        found_new=False,
        new=0,
        duplicates=0,
        identity_mode=None,
    )
    return poller.PollPlan(plan.feed, "store_conflict", state, error=str(exc))


def _release_quietly(app: App, names: Sequence[str], owner: str) -> None:
    try:
        fs.release(app.engine, names, owner=owner)
    except StoreError as exc:  # the database is what failed; the leases expire by themselves
        log.warning("could not release %d leases: %s", len(names), exc)


def _report(
    plan: poller.PollPlan,
    summary: PollSummary,
    on_report: Callable[[PollReport], None] | None,
) -> None:
    report = PollReport(
        feed=plan.feed,
        outcome=plan.outcome,
        new=plan.new,
        duplicates=plan.duplicates,
        seen=plan.state.seen,
        ms=plan.duration_ms,
        error=plan.error,
        next_poll_at=plan.state.next_poll_at,
        paused=plan.state.paused_at is not None,
    )
    summary.polled += 1
    summary.new += report.new
    summary.duplicates += report.duplicates
    summary.seen += report.seen
    summary.outcomes[report.outcome] += 1
    summary.reports.append(report)
    fields = {
        "feed": report.feed,
        "outcome": report.outcome,
        "new": report.new,
        "dup": report.duplicates,
        "ms": report.ms,
    }
    line = " ".join(f"{k}={v}" for k, v in fields.items())
    if report.error:
        log.warning(
            "%s error=%r", line, report.error, extra={"poll": {**fields, "error": report.error}}
        )
    else:
        log.info("%s", line, extra={"poll": fields})
    if on_report is not None:
        on_report(report)
