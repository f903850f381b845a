"""What the curated commands share: time and source options, and reporting a write.

Owns parsing a time option into a ``ValidTime``, the ``--source/--published/--curator``
options, and printing what ``tracker.app.curate`` recorded. Imported by ``record_cmd``,
``record_truce_cmd`` and ``truces_cmd``; imports none of them.
"""

from __future__ import annotations

import getpass
from collections.abc import Callable, Iterable
from typing import Any
from urllib.parse import urlsplit

import click

from tracker.app import curate
from tracker.cli.context import CliContext
from tracker.domain.events import Event
from tracker.domain.validation import Known
from tracker.domain.values import Provenance, ValidTime
from tracker.errors import DomainError


def parse_cli_time(
    text: str | None, what: str, precision: str | None = None, as_written: str = ""
) -> ValidTime | None:
    if text is None:
        return None
    try:
        return ValidTime.parse(text, precision=precision, expression=as_written or text)
    except DomainError as exc:
        raise click.BadParameter(str(exc), param_hint=what) from exc


def warn_failed(results: Iterable[Any]) -> None:
    """One warning line per projection that failed while catching up after a write."""
    for r in results:
        if r.status == "failed":
            click.echo(
                f"Warning: projection {r.name} failed at position {r.position}: {r.error}", err=True
            )


def record_event(obj: CliContext, build: Callable[[Known], Event], curator: str) -> Event:
    """Record one curated event through the application layer and say what happened."""
    done = curate.record(obj.app(), build, curator)
    warn_failed(done.projected)
    ev = done.event
    click.echo(
        f"Recorded {ev.TYPE} in stream {ev.stream_id}"
        + ("" if done.new else " (already in the log)")
        + "."
    )
    return ev


def urls(_ctx: click.Context, _param: click.Parameter, values: tuple[str, ...]) -> tuple[str, ...]:
    """Accept only absolute http(s) URLs with a host, so that every source can be followed."""
    for value in values:
        parts = urlsplit(value.strip())
        if (
            parts.scheme.lower() not in {"http", "https"}
            or not parts.hostname
            or " " in value.strip()
        ):
            raise click.BadParameter(
                f"{value!r} is not a URL; give an absolute http:// or https:// address"
            )
    return tuple(v.strip() for v in values)


def source_options(f: Callable[..., Any]) -> Callable[..., Any]:
    f = click.option(
        "--curator", default=getpass.getuser, show_default="your login", help="Who records it."
    )(f)
    f = click.option(
        "--published", metavar="TIME", help="Publication time of the source (ISO-8601 with zone)."
    )(f)
    return click.option(
        "--source",
        "sources",
        multiple=True,
        required=True,
        metavar="URL",
        callback=urls,
        help="Source URL (repeatable; required).",
    )(f)


def provenance(sources: tuple[str, ...], published: str | None, curator: str) -> Provenance:
    return Provenance(
        urls=sources,
        published=parse_cli_time(published, "--published"),
        curator=f"curator:{curator}",
    )
