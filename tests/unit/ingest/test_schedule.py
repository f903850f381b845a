"""The schedule's pure decisions: backoff, Retry-After, adaptive cadence, pause."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

from tracker.ingest import schedule
from tracker.ingest.schedule import Policy

NOW = datetime(2020, 10, 26, 4, 0, tzinfo=UTC)
EXACT = Policy(jitter=0.0)


def fail(policy: Policy = EXACT, **kw: object) -> schedule.Decision:
    args: dict[str, object] = {
        "now": NOW,
        "outcome": "http_5xx",
        "error": "HTTP 500 Internal Server Error",
        "interval_s": 900.0,
        "consecutive_failures": 0,
        "consecutive_rate_limited": 0,
        "paused_at": None,
        "pause_reason": None,
        "retry_after_s": None,
        "policy": policy,
        "rng": random.Random(1),
    }
    args.update(kw)
    return schedule.after_failure(**args)  # type: ignore[arg-type]


def seconds_until(decision: schedule.Decision) -> float:
    return (decision.next_poll_at - NOW).total_seconds()


def test_outcomes_are_classified_as_success_rate_limited_or_failure() -> None:
    assert schedule.classify("ok") == schedule.classify("not_modified") == "success"
    assert schedule.classify("rate_limited") == "rate_limited"
    for outcome in ("network", "timeout", "http_5xx", "gone", "parse_error", "too_large"):
        assert schedule.classify(outcome) == "failure"


def test_failures_back_off_exponentially_from_fifteen_minutes_up_to_a_day() -> None:
    delays = [seconds_until(fail(consecutive_failures=n)) for n in range(8)]
    assert delays == [900, 1800, 3600, 7200, 14400, 28800, 57600, 86400]
    assert seconds_until(fail(consecutive_failures=30)) == 86400


def test_jitter_stays_within_fifteen_percent_and_is_reproducible_with_a_seeded_rng() -> None:
    policy = Policy()
    delays = [
        seconds_until(fail(policy, consecutive_failures=2, rng=random.Random(seed)))
        for seed in range(200)
    ]
    assert all(3600 * 0.85 <= d <= 3600 * 1.15 for d in delays)
    assert len(set(delays)) > 100
    again = seconds_until(fail(policy, consecutive_failures=2, rng=random.Random(7)))
    assert again == seconds_until(fail(policy, consecutive_failures=2, rng=random.Random(7)))


def test_a_429_waits_for_retry_after_and_does_not_count_toward_the_pause() -> None:
    d = fail(outcome="rate_limited", retry_after_s=7200.0, consecutive_failures=3)
    assert seconds_until(d) == 7200
    assert d.consecutive_failures == 3  # unchanged: rate limiting is not a broken feed
    assert d.consecutive_rate_limited == 1
    assert d.paused_at is None


def test_a_429_without_retry_after_backs_off_on_its_own_counter() -> None:
    delays = [
        seconds_until(fail(outcome="rate_limited", consecutive_rate_limited=n, interval_s=60.0))
        for n in range(3)
    ]
    assert delays == [300, 600, 1200]


def test_a_retry_after_of_a_year_is_capped_at_seven_days() -> None:
    d = fail(outcome="rate_limited", retry_after_s=365 * 86400.0)
    assert seconds_until(d) == 7 * 86400


def test_the_tenth_failure_in_a_row_pauses_the_feed_with_the_reason_in_words() -> None:
    ninth = fail(consecutive_failures=8)
    assert ninth.paused_at is None and ninth.consecutive_failures == 9
    tenth = fail(consecutive_failures=9)
    assert tenth.paused_at == NOW
    assert tenth.pause_reason == (
        "paused after 10 failures in a row (http_5xx: HTTP 500 Internal Server Error); "
        "retried once a day, resumes on the first success or `tracker poll --feed NAME`"
    )
    assert seconds_until(tenth) == 86400


def test_a_paused_feed_keeps_its_original_pause_time_and_reason() -> None:
    earlier = NOW - timedelta(days=3)
    d = fail(consecutive_failures=14, paused_at=earlier, pause_reason="first reason")
    assert (d.paused_at, d.pause_reason) == (earlier, "first reason")


def test_success_resets_failures_lifts_the_pause_and_waits_the_interval() -> None:
    d = schedule.after_success(
        now=NOW, interval_s=900.0, ttl_s=None, max_age_s=None, policy=EXACT, rng=random.Random()
    )
    assert seconds_until(d) == 900
    assert (d.consecutive_failures, d.consecutive_rate_limited, d.paused_at) == (0, 0, None)


def test_success_never_polls_sooner_than_the_feeds_ttl_or_max_age() -> None:
    by_ttl = schedule.after_success(
        now=NOW, interval_s=900.0, ttl_s=3600.0, max_age_s=60.0, policy=EXACT, rng=random.Random()
    )
    by_max_age = schedule.after_success(
        now=NOW, interval_s=900.0, ttl_s=None, max_age_s=5000.0, policy=EXACT, rng=random.Random()
    )
    assert seconds_until(by_ttl) == 3600
    assert seconds_until(by_max_age) == 5000


def hourly(n: int, step: timedelta) -> list[datetime]:
    return [NOW - i * step for i in range(n)]


def test_adaptive_interval_is_half_the_median_gap_between_items() -> None:
    interval = schedule.adaptive_interval(
        configured_s=300.0,
        published=hourly(10, timedelta(hours=1)),
        now=NOW,
        last_new_at=NOW,
        policy=EXACT,
    )
    assert interval == 1800


def test_adaptive_interval_never_beats_the_configured_interval_nor_exceeds_the_maximum() -> None:
    fast = schedule.adaptive_interval(
        configured_s=900.0,
        published=hourly(10, timedelta(minutes=1)),
        now=NOW,
        last_new_at=NOW,
        policy=EXACT,
    )
    slow = schedule.adaptive_interval(
        configured_s=900.0,
        published=hourly(10, timedelta(days=5)),
        now=NOW,
        last_new_at=NOW,
        policy=EXACT,
    )
    assert fast == 900
    assert slow == EXACT.max_interval_s


def test_adaptive_interval_without_dated_items_is_the_configured_interval() -> None:
    assert (
        schedule.adaptive_interval(
            configured_s=1200.0, published=[NOW], now=NOW, last_new_at=None, policy=EXACT
        )
        == 1200
    )


def test_a_feed_silent_for_a_week_slows_to_a_quarter_of_the_maximum() -> None:
    def after(days: int) -> float:
        return schedule.adaptive_interval(
            configured_s=300.0,
            published=[],
            now=NOW,
            last_new_at=NOW - timedelta(days=days),
            policy=EXACT,
        )

    assert [after(d) for d in (6, 7, 14, 30)] == [300, 5400, 10800, 21600]
