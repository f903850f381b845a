"""When to poll a feed next: pure decisions from an outcome, the feed's state and a clock.

Owns outcome classification, capped exponential backoff with jitter, ``Retry-After``
for 429/503, the adaptive cadence (observed item rate, clamped, never below the feed's
``<ttl>`` or ``Cache-Control: max-age``) and the automatic pause after too many
failures in a row (FEEDS.md §3 items 6–7). Must not do I/O, read the clock or use global
randomness: the time and a ``random.Random`` are passed in, so tests are exact.

Rules (``Policy`` holds the numbers):

* ``ok`` / ``not_modified``: failures reset; next poll after the adaptive interval:
  half the median gap between the newest items' publication times (CommaFeed's
  "empirical" cadence), never faster than the feed list's interval, never slower than
  ``max_interval_s``; a feed silent for 7 / 14 / 30 days slows to a quarter, half, all
  of the maximum. Never sooner than ``<ttl>`` or ``max-age``. Jitter ±``jitter``.
* ``rate_limited`` (429, 503): ``max(Retry-After, backoff)``, where the backoff counts
  only rate-limited answers in a row. It does **not** count toward the pause: a server
  asking us to slow down is not a broken feed (miniflux/v2#1628).
* any other failure: ``backoff_base_s × 2^(n-1)`` capped at ``backoff_cap_s``, with
  jitter; after ``pause_after`` failures in a row the feed is paused with the reason in
  words. A paused feed is still tried once per ``backoff_cap_s`` (it never stops
  silently) and the pause lifts on the first success.
"""

from __future__ import annotations

import itertools
import random
import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal

#: Outcomes that are a successful poll.
SUCCESS_OUTCOMES = frozenset({"ok", "not_modified"})
#: Outcomes meaning "the server asked us to slow down".
RATE_LIMITED_OUTCOMES = frozenset({"rate_limited"})

OutcomeKind = Literal["success", "rate_limited", "failure"]

_DAY = 86_400.0


def classify(outcome: str) -> OutcomeKind:
    """``success``, ``rate_limited`` or ``failure`` for a poll outcome name."""
    if outcome in SUCCESS_OUTCOMES:
        return "success"
    if outcome in RATE_LIMITED_OUTCOMES:
        return "rate_limited"
    return "failure"


@dataclass(frozen=True, slots=True)
class Policy:
    """The numbers of the schedule. Defaults follow FEEDS.md §3 items 6–7."""

    min_interval_s: float = 60.0
    max_interval_s: float = 6 * 3600.0
    backoff_base_s: float = 900.0
    backoff_cap_s: float = _DAY
    rate_limit_base_s: float = 300.0
    max_retry_after_s: float = 7 * _DAY
    jitter: float = 0.15
    pause_after: int = 10
    adaptive_items: int = 20


@dataclass(frozen=True, slots=True)
class Decision:
    """When to poll next and the feed's new failure counters and pause."""

    next_poll_at: datetime
    interval_s: float
    consecutive_failures: int
    consecutive_rate_limited: int
    paused_at: datetime | None
    pause_reason: str | None


def _jittered(delay_s: float, policy: Policy, rng: random.Random) -> float:
    if policy.jitter <= 0:
        return delay_s
    return delay_s * rng.uniform(1.0 - policy.jitter, 1.0 + policy.jitter)


def adaptive_interval(
    *,
    configured_s: float,
    published: Sequence[datetime],
    now: datetime,
    last_new_at: datetime | None,
    policy: Policy,
    arrived: int = 0,
    window: int = 0,
    since_s: float | None = None,
) -> float:
    """The interval a healthy feed deserves, before floors and jitter.

    What the feed actually does counts as much as its dates: when this poll found
    ``arrived`` new items in a ``window`` of items, ``since_s`` seconds after the last
    successful poll, the interval is at most the time the feed takes to fill half its
    window at that rate (a feed that outruns dated-looking-old items is not slowed down
    into losing them). Of the two, the shorter wins. A first poll (no ``since_s``) has
    observed nothing yet and keeps ``configured_s``.

    Half the median gap between the newest ``policy.adaptive_items`` publication times,
    clamped to ``[configured_s, max(configured_s, max_interval_s)]``; without two dated
    items, ``configured_s``. A feed with no new item for 7 / 14 / 30 days is slowed to
    a quarter / half / all of the upper bound.
    """
    low = max(policy.min_interval_s, configured_s)
    high = max(low, policy.max_interval_s)
    newest = sorted(published, reverse=True)[: policy.adaptive_items]
    interval = low
    if len(newest) >= 2:
        gaps = [(a - b).total_seconds() for a, b in itertools.pairwise(newest)]
        gaps = [g for g in gaps if g > 0]
        if gaps:
            interval = min(high, max(low, statistics.median(gaps) / 2.0))
    if since_s is None and window > 0:
        interval = low  # a first poll: nothing observed yet, dates alone do not slow it
    elif arrived > 0 and window > 0 and since_s is not None and since_s > 0:
        fill_half = since_s * window / (2.0 * arrived)
        interval = min(interval, max(low, fill_half))
    if last_new_at is not None:
        silent = (now - last_new_at).total_seconds()
        for days, share in ((30, 1.0), (14, 0.5), (7, 0.25)):
            if silent >= days * _DAY:
                interval = max(interval, high * share)
                break
    return interval


def after_success(
    *,
    now: datetime,
    interval_s: float,
    ttl_s: float | None,
    max_age_s: float | None,
    policy: Policy,
    rng: random.Random,
) -> Decision:
    """The schedule after an ``ok`` or ``not_modified`` poll: failures reset, pause lifted.

    ``interval_s`` is the adaptive interval (see :func:`adaptive_interval`); the delay is
    never below the feed's ``<ttl>`` nor the response's ``max-age``.
    """
    floor = max(ttl_s or 0.0, min(max_age_s or 0.0, policy.backoff_cap_s))
    delay = max(_jittered(interval_s, policy, rng), floor, policy.min_interval_s)
    return Decision(now + timedelta(seconds=delay), interval_s, 0, 0, None, None)


def after_failure(
    *,
    now: datetime,
    outcome: str,
    error: str,
    interval_s: float,
    consecutive_failures: int,
    consecutive_rate_limited: int,
    paused_at: datetime | None,
    pause_reason: str | None,
    retry_after_s: float | None,
    policy: Policy,
    rng: random.Random,
) -> Decision:
    """The schedule after a failed poll (``outcome`` is not ``ok``/``not_modified``).

    ``consecutive_*`` are the counters *before* this poll. ``retry_after_s`` is honoured
    for rate limiting (capped at ``max_retry_after_s``). Returns the new counters, and a
    pause (with its reason) once ``pause_after`` ordinary failures happened in a row.
    """
    if classify(outcome) == "rate_limited":
        n = consecutive_rate_limited + 1
        backoff = min(policy.backoff_cap_s, policy.rate_limit_base_s * 2 ** (n - 1))
        wait = min(max(retry_after_s or 0.0, 0.0), policy.max_retry_after_s)
        delay = max(_jittered(backoff, policy, rng), wait, interval_s)
        return Decision(
            now + timedelta(seconds=delay),
            interval_s,
            consecutive_failures,
            n,
            paused_at,
            pause_reason,
        )
    n = consecutive_failures + 1
    backoff = min(policy.backoff_cap_s, policy.backoff_base_s * 2 ** (n - 1))
    delay = max(_jittered(backoff, policy, rng), policy.min_interval_s)
    if paused_at is None and n >= policy.pause_after:
        paused_at = now
        pause_reason = (
            f"paused after {n} failures in a row ({outcome}: {error}); retried once a "
            f"day, resumes on the first success or `tracker poll --feed NAME`"
        )
    return Decision(now + timedelta(seconds=delay), interval_s, n, 0, paused_at, pause_reason)
