"""Poll one feed: fetch, parse, identify items, and plan the events and the feed's new state.

Owns the orchestration of a single poll and the ``ItemIngested`` payload. Must not import
SQLAlchemy or write anything itself: item lookups come through :class:`ItemLookup` and
the result goes to a store-facing callback (``commit``), both supplied by
``tracker.app.poll``. The schedule is decided by :mod:`tracker.ingest.schedule`.

A poll runs in two phases so that the slow part can run in parallel while the
order-sensitive part runs one feed at a time:

1. :func:`fetch_feed` (any thread): conditional GET with the stored validators (one
   unconditional fetch a day, FEEDS.md §3 item 5), parse, item identities (GUID, or
   link once the feed's GUIDs proved unusable), content hashes, and which identities the
   feed already has in the log; optional full-article text for new items.
2. :func:`plan_poll` (one at a time): exact cross-feed duplicates (same canonical URL or
   same text hash, ``duplicate_of`` the original's item id), ``ItemIngested`` events for
   new and revised items, documents keyed by SHA-256, index entries, and the feed's new
   state (validators, counters, next poll).

Events. Stream ``item-<item_id>`` where ``item_id`` digests feed and identity; event id
``item_event_id(feed, identity, content_hash)``, so a re-poll is a no-op in the store.
The payload has no per-poll fields (fetch time and fetched URL are metadata), except the
fetch time standing in for a missing publication time, flagged ``published_missing``.

``ItemIngested`` v2 payload (the typed hand-off ``tracker.domain.events.ItemIngested``;
consumers: ``tracker.app.extract``, the items projection): ``item_id``, ``feed``,
``conflict`` and ``tz`` (the feed's conflict pack and zone), ``identity`` (``guid:``,
``link:`` or ``hash:``), ``guid``, ``link``, ``canonical_url``, ``title``, ``summary``
(first 500 characters), ``content_hash`` (normalised title + text; a change is a
revision), ``document_sha256`` (the full plain text in ``documents``),
``article_sha256`` (full-article text, optional), ``published_at`` (ISO 8601 UTC),
``published_missing``, ``published_raw``, ``authors``, ``language``, ``revision``
(1, 2, ...), ``previous_content_hash``, ``duplicate_of`` (item id of the original
when the same canonical URL or text arrived earlier, from any feed) and
``duplicate_reason`` (``canonical_url`` or ``content_hash``), ``lsh_bands`` (the MinHash
LSH band keys of title + text, computed here once for the items projection). Metadata: ``source``,
``fetched_at``, ``feed_url``.
"""

from __future__ import annotations

import dataclasses
import hashlib
import logging
import os
import random
import time
import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any, Protocol, cast, runtime_checkable

from tracker.domain import sanity
from tracker.domain.events import ItemIngested
from tracker.errors import FeedError, FeedFetchError, FeedParseError
from tracker.ingest import schedule
from tracker.ingest.identity import (
    BANDS_BASIS,
    IdentityMode,
    alias_of_canonical,
    canonical_url,
    content_hash,
    feed_identity_mode,
    identity_digest,
    item_bands,
    item_event_id,
    item_identities,
)
from tracker.ingest.parse import ParsedFeed, ParsedItem, parse_feed, pickled_by_fields
from tracker.intents import FeedUpdate

if TYPE_CHECKING:  # kept out of worker processes, which only run analyze_in_worker
    from tracker.ingest.feedlist import FeedConfig
    from tracker.ingest.fetch import Fetcher, FetchLimits, FetchResult
    from tracker.store import NewEvent

log = logging.getLogger(__name__)

#: The event type every poll appends, and its payload version.
ITEM_INGESTED = ItemIngested.TYPE
ITEM_SCHEMA_VERSION = ItemIngested.SCHEMA_VERSION
#: A known item whose text changed more often than this is no longer re-ingested
#: (feeds with timestamps in their content; reader's HASH_CHANGED_LIMIT).
MAX_REVISIONS = 24
#: Validators are dropped once a day so that a server with broken ones recovers.
UNCONDITIONAL_EVERY_S = 86_400.0
#: Longest summary kept in the payload; the full text is a document.
SUMMARY_CHARS = 500
#: Per-item limits: an item over them is quarantined, not stored (a 5 MB title is not a
#: title). Text is the item's fullest text, or its full article.
MAX_TITLE_CHARS = 2_000
MAX_TEXT_CHARS = 1_000_000
#: New or revised items appended per feed per poll; the rest wait for the next poll,
#: which comes at the configured interval (validators are not saved, so the same body
#: is read again and the items already taken are skipped as known).
MAX_ITEMS_PER_POLL = 500

Document = tuple[str, str, str]


class FeedStateView(Protocol):
    """What a poll reads of the feed's stored state (``FeedStateRow`` fits)."""

    @property
    def etag(self) -> str | None: ...
    @property
    def last_modified(self) -> str | None: ...
    @property
    def body_sha256(self) -> str | None: ...
    @property
    def identity_mode(self) -> str: ...
    @property
    def consecutive_failures(self) -> int: ...
    @property
    def consecutive_rate_limited(self) -> int: ...
    @property
    def interval_s(self) -> float: ...
    @property
    def configured_interval_s(self) -> float: ...
    @property
    def last_new_at(self) -> datetime | None: ...
    @property
    def last_success_at(self) -> datetime | None: ...
    @property
    def last_full_fetch_at(self) -> datetime | None: ...
    @property
    def paused_at(self) -> datetime | None: ...
    @property
    def pause_reason(self) -> str | None: ...
    @property
    def moved_to(self) -> str | None: ...


class KnownItemView(Protocol):
    """An identity the feed already has in the log (``KnownItem`` fits)."""

    @property
    def item_id(self) -> str: ...
    @property
    def content_hash(self) -> str: ...
    @property
    def revisions(self) -> int: ...


class ItemLookup(Protocol):
    """Read access to the identity index (``tracker.app.poll`` adapts the store to it)."""

    def known_items(self, feed: str, identities: Sequence[str]) -> Mapping[str, KnownItemView]:
        """The identities among ``identities`` that ``feed`` already has in the log."""
        ...

    def exact_duplicates(
        self, link_aliases: Sequence[str], content_hashes: Sequence[str]
    ) -> tuple[Mapping[str, str], Mapping[str, str]]:
        """``(by URL alias, by content hash)`` → item id of the original, for items in the log."""
        ...


@runtime_checkable
class PlannedDuplicates(Protocol):
    """A lookup that also knows the items planned since an earlier ``exact_duplicates``.

    With one, phase 1 reads the index for exact duplicates (off the planning thread) and
    phase 2 only asks :meth:`planned_duplicates` about the keys not found then.
    """

    def planned_duplicates(
        self, link_aliases: Sequence[str], content_hashes: Sequence[str]
    ) -> tuple[Mapping[str, str], Mapping[str, str]]:
        """Like ``exact_duplicates``, for the items planned in this round (no store read)."""
        ...


def _planned(lookup: ItemLookup) -> PlannedDuplicates | None:
    """``lookup`` if it is a :class:`PlannedDuplicates`, else ``None``.

    By its method, not ``isinstance``: a runtime protocol check walks the protocol's
    attributes on every call (twice per feed).
    """
    if callable(getattr(lookup, "planned_duplicates", None)):
        return cast(PlannedDuplicates, lookup)
    return None


@dataclass(frozen=True, slots=True)
class Candidate:
    """A parsed item that is new to the feed, or a revision of a known one."""

    item: ParsedItem
    identity: str
    item_id: str
    text: str
    keys: ItemKeys
    known: KnownItemView | None
    article: str | None = None

    @property
    def content_hash(self) -> str:
        return self.keys.content_hash


@dataclass(frozen=True, slots=True)
class Fetched:
    """Phase 1's result: a failure, or what came back and which items need events."""

    feed: str
    attempt_at: datetime
    elapsed_s: float
    outcome: str
    error: str | None = None
    retry_after_s: float | None = None
    result: FetchResult | None = None
    parsed: ParsedFeed | None = None
    identity_mode: str | None = None
    candidates: list[Candidate] = field(default_factory=list)
    seen: int = 0
    unconditional: bool = False
    warnings: list[str] = field(default_factory=list)
    #: ``exact_duplicates`` of the fresh candidates, read in phase 1 when the lookup can
    #: add later-planned items at phase 2 (:class:`PlannedDuplicates`); else ``None``.
    prefetched: tuple[Mapping[str, str], Mapping[str, str]] | None = None
    #: Items refused (identity, reason in words): they go to the quarantine.
    refused: list[tuple[str, str]] = field(default_factory=list)
    #: New or revised items left for the next poll (over :data:`MAX_ITEMS_PER_POLL`).
    deferred: int = 0
    #: Items of the body already known to the feed (an overlap with the last window).
    known: int = 0
    #: The remembered permanent URL that was fetched (failures only).
    moved_from: str | None = None


@dataclass(frozen=True, slots=True)
class IndexRow:
    """An identity entering the index with its event (the store's ``IndexEntrySpec``)."""

    feed: str
    identity: str
    item_id: str
    content_hash: str
    link_alias: str | None
    duplicate_of: str | None
    event_id: uuid.UUID
    seen_at: datetime


@dataclass(frozen=True, slots=True)
class PollPlan:
    """Everything one poll wants written, in one transaction."""

    feed: str
    outcome: str
    state: FeedUpdate
    events: list[tuple[str, NewEvent]] = field(default_factory=list)
    documents: list[Document] = field(default_factory=list)
    index: list[IndexRow] = field(default_factory=list)
    error: str | None = None

    @property
    def new(self) -> int:
        return self.state.new

    @property
    def duplicates(self) -> int:
        return self.state.duplicates

    @property
    def duration_ms(self) -> int:
        return self.state.duration_ms or 0


Commit = Callable[[PollPlan], None]


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class ItemKeys:
    """What de-duplication needs of an item, computed once (and in a worker process)."""

    content_hash: str
    canonical_url: str | None
    link_alias: str | None
    has_text: bool
    bands: tuple[int, ...] = ()  # LSH band keys of the compared text (near duplicates)


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class Analyzed:
    """A parsed feed and the keys of its items, in the same order."""

    parsed: ParsedFeed
    keys: list[ItemKeys]


def item_keys(item: ParsedItem) -> ItemKeys:
    """Content hash (title + text), canonical URL and its scheme-less alias of ``item``."""
    link = (item.link or "").strip()
    text = item.content or item.summary
    canonical = canonical_url(link) if link else None
    return ItemKeys(
        content_hash=content_hash(item.title, text),
        canonical_url=canonical,
        link_alias=alias_of_canonical(canonical) if canonical is not None else None,
        has_text=bool(text.strip()),
        bands=item_bands(item.title, text),
    )


def analyze_feed(body: bytes, *, url: str, headers: Mapping[str, str] | None = None) -> Analyzed:
    """Parse a body and compute its items' keys: the CPU-bound half of a poll.

    Raises:
        FeedParseError: see :func:`~tracker.ingest.parse.parse_feed`.
    """
    parsed = parse_feed(body, url=url, headers=headers)
    return Analyzed(parsed, [item_keys(item) for item in parsed.items])


def analyze_in_worker(
    body: bytes, url: str, headers: dict[str, str]
) -> Analyzed | tuple[str, str, str]:
    """:func:`analyze_feed` for a worker process: a parse error comes back as a tuple.

    (``FeedError`` does not survive pickling; the caller rebuilds it from the parts.)
    """
    try:
        return analyze_feed(body, url=url, headers=headers)
    except FeedParseError as exc:
        return ("FeedParseError", exc.url, exc.message)


def serve_analyses(conn: Any) -> None:
    """A parse worker process's loop: answer each ``(body, url, headers)`` on ``conn``.

    ``conn`` is one end of a ``multiprocessing`` pipe; each request gets the answer of
    :func:`analyze_in_worker`, in order, until ``None`` (the process then exits at once,
    so call this only as a worker process's target) or the pipe's end. An unexpected
    exception becomes a parse error of that body (the worker carries on).
    """
    while True:
        try:
            request = conn.recv()
        except (EOFError, OSError):
            return
        if request is None:
            conn.close()
            # Nothing to flush or clean up: skip the interpreter's shutdown (~0.1 s of
            # module teardown), which the ingester would otherwise wait for.
            os._exit(0)
        body, url, headers = request
        reply: Analyzed | tuple[str, str, str]
        try:
            reply = analyze_in_worker(body, url, headers)
        except Exception as exc:  # a bug, not the feed's fault: report it for this body
            reply = ("FeedParseError", url, f"the feed parser failed: {exc!r}")
        conn.send(reply)


class Analyze(Protocol):
    """The signature of :func:`analyze_feed` (``tracker.app.poll`` runs it in processes)."""

    def __call__(
        self, body: bytes, *, url: str, headers: Mapping[str, str] | None = None
    ) -> Analyzed: ...


def item_id_of(feed: str, identity: str) -> str:
    """The item id (32 hex chars) of ``identity`` in ``feed``; its stream is ``item-<id>``."""
    return identity_digest(f"{feed}\x1f{identity}")


def sha256_text(text: str) -> str:
    """Hex SHA-256 of ``text`` (UTF-8): the key of a document."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


# --------------------------------------------------------------------------- phase 1


def fetch_feed(
    feed: FeedConfig,
    state: FeedStateView,
    *,
    fetcher: Fetcher,
    lookup: ItemLookup,
    now: datetime,
    limits: FetchLimits | None = None,
    analyze: Analyze = analyze_feed,
    monotonic: Callable[[], float] = time.perf_counter,
) -> Fetched:
    """Fetch and parse ``feed`` and find the items that need an event.

    Never raises for a feed problem: fetch and parse errors come back as a failed
    ``Fetched`` with the outcome and the reason in words. ``analyze`` replaces
    :func:`analyze_feed` (``tracker.app.poll`` runs it in worker processes when a round is
    large: parsing is CPU-bound and holds the GIL).

    Raises:
        StoreUnavailable: the identity index could not be read.
    """
    started = monotonic()
    lim = feed.fetch_limits(limits or fetcher.limits)
    unconditional = (
        state.last_full_fetch_at is None
        or (now - state.last_full_fetch_at).total_seconds() >= UNCONDITIONAL_EVERY_S
    )
    try:
        result = fetcher.fetch(
            state.moved_to or feed.fetch_url,  # a 301 is remembered: the new URL first
            etag=None if unconditional else state.etag,
            last_modified=None if unconditional else state.last_modified,
            previous_sha256=state.body_sha256,
            limits=lim,
        )
    except FeedFetchError as exc:
        return Fetched(
            feed.name,
            now,
            monotonic() - started,
            exc.outcome,
            error=exc.message,
            retry_after_s=getattr(exc, "retry_after_s", None),
            moved_from=state.moved_to,
        )
    if result.status == "not_modified":
        return Fetched(
            feed.name,
            now,
            monotonic() - started,
            "not_modified",
            result=result,
            unconditional=unconditional,
        )
    try:
        analyzed = analyze(result.body, url=result.final_url, headers=result.headers)
    except FeedFetchError as exc:  # the parse was cut short by a stop (``cancelled``)
        return Fetched(feed.name, now, monotonic() - started, exc.outcome, error=exc.message)
    except FeedParseError as exc:
        return Fetched(feed.name, now, monotonic() - started, "parse_error", error=exc.message)
    except FeedError as exc:  # pragma: no cover - parse raises only FeedParseError
        return Fetched(feed.name, now, monotonic() - started, "parse_error", error=str(exc))

    parsed = analyzed.parsed
    warnings = [parsed.warning] if parsed.warning else []
    mode: IdentityMode = "link" if state.identity_mode == "link" else "guid"
    if mode == "guid" and feed_identity_mode(parsed.items) == "link":
        mode = "link"
        warnings.append(
            "item identity switched from GUID to link: > 5 % of GUIDs blank or repeated"
        )
    identities = item_identities(parsed.items, mode)
    # Index rows are written only with a successful poll: a feed that never had one
    # has none, and its first (cold) poll skips the lookup.
    known = (
        lookup.known_items(feed.name, list(dict.fromkeys(identities)))
        if state.last_success_at is not None
        else {}
    )
    candidates: list[Candidate] = []
    refused: list[tuple[str, str]] = []
    taken: set[str] = set()
    deferred = 0
    for item, identity, keys in zip(parsed.items, identities, analyzed.keys, strict=True):
        if identity in taken:
            continue  # the same item listed twice in one fetch
        taken.add(identity)
        old = known.get(identity)
        if old is not None and (
            old.content_hash == keys.content_hash or old.revisions >= MAX_REVISIONS
        ):
            continue
        why = item_refusal(item, now)
        if why is not None:
            refused.append((identity, why))
            continue
        if len(candidates) >= MAX_ITEMS_PER_POLL:
            deferred += 1
            continue
        candidates.append(
            Candidate(
                item,
                identity,
                item_id_of(feed.name, identity),
                item.content or item.summary,
                keys,
                old,
            )
        )
    if feed.full_article and candidates:
        candidates = [_with_article(c, fetcher, lim) for c in candidates]
    if deferred:
        warnings.append(
            f"{deferred} new items left for the next poll (at most {MAX_ITEMS_PER_POLL} a poll)"
        )
    if refused:
        warnings.append(f"{len(refused)} items refused and quarantined (first: {refused[0][1]})")
    prefetched = None
    if _planned(lookup) is not None and candidates:
        prefetched = lookup.exact_duplicates(*_duplicate_keys(candidates))
    return Fetched(
        feed.name,
        now,
        monotonic() - started,
        "ok",
        result=result,
        parsed=parsed,
        identity_mode=mode,
        candidates=candidates,
        seen=len(taken),
        unconditional=unconditional,
        warnings=warnings,
        prefetched=prefetched,
        refused=refused,
        deferred=deferred,
        known=sum(1 for identity in taken if identity in known),
    )


def item_refusal(item: ParsedItem, now: datetime) -> str | None:
    """Why ``item`` is refused (quarantined instead of stored), or ``None``.

    A publication date that does not exist or lies outside the sane range (1900 to a
    year from now) is refused, never coerced; so are a title or a text over the
    per-item limits.
    """
    if item.date_problem is not None:
        return item.date_problem
    if item.published_at is not None:
        why = sanity.date_refusal(item.published_at, now, "the publication date")
        if why is not None:
            return f"{why} (as written: {item.published_raw!r})"
    if len(item.title) > MAX_TITLE_CHARS:
        return f"a title of {len(item.title):,} characters (limit {MAX_TITLE_CHARS:,})"
    longest = max(len(item.content), len(item.summary))
    if longest > MAX_TEXT_CHARS:
        return f"a text of {longest:,} characters (limit {MAX_TEXT_CHARS:,})"
    return None


def _duplicate_keys(candidates: Sequence[Candidate]) -> tuple[list[str], list[str]]:
    """URL aliases and content hashes of the new items among ``candidates``."""
    fresh = [c for c in candidates if c.known is None]
    return (
        [c.keys.link_alias for c in fresh if c.keys.link_alias],
        [c.content_hash for c in fresh if c.keys.has_text],
    )


def _with_article(candidate: Candidate, fetcher: Fetcher, limits: FetchLimits) -> Candidate:
    from tracker.ingest.article import fetch_article  # imports trafilatura lazily

    link = candidate.item.link
    if not link:
        return candidate
    try:
        article = fetch_article(link, fetcher=fetcher, limits=limits)
    except FeedFetchError as exc:
        log.warning("full article of %s not fetched: %s", link, exc)
        return candidate
    if article is None:
        return candidate
    return dataclasses.replace(candidate, article=article)


# --------------------------------------------------------------------------- phase 2


def plan_poll(
    feed: FeedConfig,
    state: FeedStateView,
    fetched: Fetched,
    *,
    lookup: ItemLookup,
    policy: schedule.Policy,
    rng: random.Random,
    monotonic: Callable[[], float] = time.perf_counter,
) -> PollPlan:
    """Turn phase 1's result into events, documents, index rows and the feed's new state.

    Raises:
        StoreUnavailable: the identity index could not be read.
    """
    started = monotonic()
    now = fetched.attempt_at
    if schedule.classify(fetched.outcome) != "success":
        decision = schedule.after_failure(
            now=now,
            outcome=fetched.outcome,
            error=fetched.error or fetched.outcome,
            interval_s=state.interval_s,
            consecutive_failures=state.consecutive_failures,
            consecutive_rate_limited=state.consecutive_rate_limited,
            paused_at=state.paused_at,
            pause_reason=state.pause_reason,
            retry_after_s=fetched.retry_after_s,
            policy=policy,
            rng=rng,
        )
        change = FeedUpdate(
            name=feed.name,
            attempt_at=now,
            outcome=fetched.outcome,
            next_poll_at=decision.next_poll_at,
            interval_s=decision.interval_s,
            consecutive_failures=decision.consecutive_failures,
            consecutive_rate_limited=decision.consecutive_rate_limited,
            error=_error_words(fetched),
            paused_at=decision.paused_at,
            pause_reason=decision.pause_reason,
            duration_ms=_ms(fetched.elapsed_s + monotonic() - started),
            # the moved feed is gone from its new place: go back to the configured URL
            moved_to="" if fetched.moved_from and fetched.outcome == "gone" else None,
        )
        return PollPlan(feed.name, fetched.outcome, change, error=change.error)

    result = fetched.result
    assert result is not None
    parsed = fetched.parsed
    events: list[tuple[str, NewEvent]] = []
    documents: list[Document] = []
    index: list[IndexRow] = []
    duplicates = 0
    if parsed is not None and fetched.candidates:
        events, documents, index, duplicates = _events(feed, fetched, lookup)
    published = [i.published_at for i in parsed.items if i.published_at] if parsed else []
    fresh = sum(1 for c in fetched.candidates if c.known is None) + fetched.deferred
    found_new = fresh > 0
    since = (
        (now - state.last_success_at).total_seconds() if state.last_success_at is not None else None
    )
    interval = schedule.adaptive_interval(
        configured_s=state.configured_interval_s,
        published=published,
        now=now,
        last_new_at=now if found_new else state.last_new_at,
        policy=policy,
        arrived=fresh,
        window=fetched.seen,
        since_s=since,
    )
    if parsed is None:  # not modified: keep the interval learnt from the last body
        interval = max(interval, state.interval_s)
    # A window that is all new, with nothing seen before, likely lost items that fell
    # out of the feed between polls: say so, and come back at the configured interval.
    gap = (
        parsed is not None
        and state.last_success_at is not None
        and fetched.seen > 1
        and fetched.known == 0
        and fresh >= fetched.seen
    )
    if gap or fetched.deferred:
        interval = state.configured_interval_s
    warnings = list(fetched.warnings)
    if gap:
        warnings.append(
            f"likely gap: all {fetched.seen} items of the feed were new (none seen before); "
            "items may have fallen out of the feed unseen"
        )
    # Items left for later: forget the validators, so that the same body is read again.
    keep_body = not fetched.deferred
    decision = schedule.after_success(
        now=now,
        interval_s=interval,
        ttl_s=float(parsed.ttl_s) if parsed and parsed.ttl_s else None,
        max_age_s=result.max_age_s,
        policy=policy,
        rng=rng,
    )
    change = FeedUpdate(
        name=feed.name,
        attempt_at=now,
        outcome=fetched.outcome,
        next_poll_at=decision.next_poll_at,
        interval_s=decision.interval_s,
        consecutive_failures=0,
        consecutive_rate_limited=0,
        warning="; ".join(warnings) or None,
        success=True,
        full_fetch=fetched.unconditional and keep_body,
        found_new=found_new,
        etag=result.etag if keep_body else None,
        last_modified=result.last_modified if keep_body else None,
        body_sha256=result.body_sha256 if keep_body else None,
        effective_url=result.final_url,
        duration_ms=_ms(fetched.elapsed_s + monotonic() - started),
        seen=fetched.seen,
        new=len(events),
        duplicates=duplicates,
        identity_mode=fetched.identity_mode,
        gap=gap,
        quarantined=tuple(fetched.refused),
        moved_to=result.moved_to,
    )
    return PollPlan(feed.name, fetched.outcome, change, events, documents, index)


def _events(
    feed: FeedConfig, fetched: Fetched, lookup: ItemLookup
) -> tuple[list[tuple[str, NewEvent]], list[Document], list[IndexRow], int]:
    aliases, hashes = _duplicate_keys(fetched.candidates)
    by_link: Mapping[str, str]
    by_hash: Mapping[str, str]
    planned = _planned(lookup)
    if fetched.prefetched is not None and planned is not None:
        # The index as phase 1 read it, plus what this round planned since.
        by_link, by_hash = dict(fetched.prefetched[0]), dict(fetched.prefetched[1])
        later_links, later_hashes = planned.planned_duplicates(
            [a for a in aliases if a not in by_link], [h for h in hashes if h not in by_hash]
        )
        by_link = {**later_links, **by_link}
        by_hash = {**later_hashes, **by_hash}
    else:
        by_link, by_hash = lookup.exact_duplicates(aliases, hashes)
    local_links: dict[str, str] = {}
    local_hashes: dict[str, str] = {}
    result = fetched.result
    assert result is not None
    now = fetched.attempt_at
    from tracker.store import NewEvent  # the envelope; not needed by worker processes

    events: list[tuple[str, NewEvent]] = []
    documents: list[Document] = []
    index: list[IndexRow] = []
    duplicates = 0
    meta = {
        "source": f"feed:{feed.name}",
        "fetched_at": now.isoformat(),
        "feed_url": result.final_url,
    }
    conflict, zone = feed.item_context()  # every item carries its conflict and zone
    for c in fetched.candidates:
        alias = c.keys.link_alias
        duplicate_of: str | None = None
        reason: str | None = None
        has_text = c.keys.has_text
        if c.known is None:
            if alias and (alias in by_link or alias in local_links):
                duplicate_of, reason = by_link.get(alias) or local_links[alias], "canonical_url"
            elif has_text and (c.content_hash in by_hash or c.content_hash in local_hashes):
                duplicate_of = by_hash.get(c.content_hash) or local_hashes[c.content_hash]
                reason = "content_hash"
            root = duplicate_of or c.item_id
            if alias:
                local_links.setdefault(alias, root)
            if has_text:
                local_hashes.setdefault(c.content_hash, root)
        if duplicate_of is not None:
            duplicates += 1
        doc_sha = sha256_text(c.text) if c.text else None
        if doc_sha is not None:
            documents.append((doc_sha, "text/plain", c.text))
        article_sha = sha256_text(c.article) if c.article else None
        if c.article and article_sha:
            documents.append((article_sha, "text/plain", c.article))
        published = c.item.published_at
        ingested = ItemIngested(
            item_id=c.item_id,
            feed=feed.name,
            conflict=conflict,
            tz=zone,
            identity=c.identity,
            guid=c.item.guid,
            link=c.item.link,
            canonical_url=c.keys.canonical_url,
            title=c.item.title,
            summary=c.item.summary[:SUMMARY_CHARS],
            content_hash=c.content_hash,
            document_sha256=doc_sha,
            article_sha256=article_sha,
            published_at=(published or now).isoformat(),
            published_missing=published is None,
            published_raw=c.item.published_raw,
            authors=tuple(c.item.authors),
            language=c.item.language,
            revision=1 if c.known is None else c.known.revisions + 1,
            previous_content_hash=None if c.known is None else c.known.content_hash,
            duplicate_of=duplicate_of,
            duplicate_reason=reason,
            lsh_bands=tuple(c.keys.bands),
            lsh_basis=BANDS_BASIS,
        )
        data = ingested.to_data()
        event_id = item_event_id(feed.name, c.identity, c.content_hash)
        events.append(
            (
                f"item-{c.item_id}",
                NewEvent(
                    ITEM_INGESTED,
                    data,
                    event_id=event_id,
                    metadata=meta,
                    schema_version=ITEM_SCHEMA_VERSION,
                    occurred_at=published or now,
                ),
            )
        )
        index.append(
            IndexRow(
                feed.name,
                c.identity,
                c.item_id,
                c.content_hash,
                alias,
                duplicate_of,
                event_id,
                now,
            )
        )
    return events, documents, index, duplicates


def _error_words(fetched: Fetched) -> str:
    words = fetched.error or fetched.outcome
    if fetched.outcome == "rate_limited" and fetched.retry_after_s is not None:
        words += f" (server asked to retry after {fetched.retry_after_s:.0f} s)"
    return words


def _ms(seconds: float) -> int:
    return max(0, round(seconds * 1000))


# --------------------------------------------------------------------------- both


def poll_feed(
    feed: FeedConfig,
    state: FeedStateView,
    *,
    fetcher: Fetcher,
    lookup: ItemLookup,
    commit: Commit,
    now: datetime,
    policy: schedule.Policy | None = None,
    rng: random.Random | None = None,
) -> PollPlan:
    """Poll ``feed`` once and hand the plan to ``commit`` (which writes it atomically).

    Raises:
        StoreUnavailable: the index could not be read or ``commit`` failed.
    """
    fetched = fetch_feed(feed, state, fetcher=fetcher, lookup=lookup, now=now)
    plan = plan_poll(
        feed,
        state,
        fetched,
        lookup=lookup,
        policy=policy or schedule.Policy(),
        rng=rng or random.Random(),
    )
    commit(plan)
    return plan


def never_polled_state(feed: FeedConfig) -> FeedStateView:
    """A state for a feed with no row yet (tests and one-off polls)."""
    return _Fresh(feed.interval_s)


@dataclass(frozen=True, slots=True)
class _Fresh:
    configured_interval_s: float
    etag: str | None = None
    last_modified: str | None = None
    body_sha256: str | None = None
    identity_mode: str = "guid"
    consecutive_failures: int = 0
    consecutive_rate_limited: int = 0
    last_new_at: datetime | None = None
    last_success_at: datetime | None = None
    last_full_fetch_at: datetime | None = None
    paused_at: datetime | None = None
    pause_reason: str | None = None
    moved_to: str | None = None

    @property
    def interval_s(self) -> float:
        return self.configured_interval_s
