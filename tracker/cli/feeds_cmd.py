"""``tracker feeds ...``, ``tracker poll`` and ``tracker serve``: the ingester's commands.

Owns parsing these commands' arguments and rendering their results (rich tables, JSON,
a progress bar, the summary). The work is in ``tracker.app.feeds`` (the feed
list and OPML), ``tracker.app.poll`` (a polling round) and ``tracker.service`` (the
scheduler); nothing here touches the network or SQL directly.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click
from rich.console import Console
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from tracker import config
from tracker.app import feeds as feeds_app
from tracker.cli import render
from tracker.cli.context import CliContext, pass_cli
from tracker.errors import FeedConfigError

_STYLE = {
    "ok": "green",
    "not_modified": "green",
    "failing": "red",
    "paused": "yellow",
    "never-polled": "dim",
    "disabled": "dim",
}


def _feed_list(obj: CliContext, *, may_create: bool = False) -> feeds_app.FeedList:
    """The feed list; a missing file is an error, except for commands that add feeds."""
    return feeds_app.load(obj.settings(), may_create=may_create)


def _health(obj: CliContext) -> dict[str, Any]:
    """Health rows by feed name, or {} when there is no migrated database yet."""
    return feeds_app.health(obj.settings(), obj.app)


def _why(status: str, enabled: bool, health: Any) -> str:
    """The reason shown beside a feed's status: the pause, the last error, or why it is off."""
    if health is not None and (health.pause_reason or health.last_error):
        return str(health.pause_reason or health.last_error)
    if status == "disabled":
        return (
            "enabled = false in the feed list"
            if not enabled
            else "was missing from the feed list at the last poll; the next poll enables it"
        )
    return ""


@click.group("feeds")
def feeds_group() -> None:
    """List and edit the feed list (feeds/feeds.toml), import and export OPML.

    \b
    Example:
      tracker feeds list
      tracker feeds add osce https://example.org/osce.rss --interval 900 --tag monitor
    """


@feeds_group.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@pass_cli
def list_feeds(obj: CliContext, as_json: bool) -> None:
    """Show every feed, with its health when the database exists.

    Health comes from the feed_health view: status (ok, failing, paused, never-polled,
    disabled), the last error in words, items ingested and when the next poll is due.

    \b
    Example:
      tracker feeds list
      tracker feeds list --json
    """
    feeds = _feed_list(obj)
    health = _health(obj)
    rows: list[dict[str, Any]] = []
    for f in feeds.feeds:
        h = health.get(f.name)
        rows.append(
            {
                "name": f.name,
                "url": f.url,
                "interval_s": f.interval_s,
                "tags": list(f.tags),
                "conflict": f.conflict,
                "enabled": f.enabled,
                "health": h.as_dict() if h is not None else None,
            }
        )
    if as_json:
        click.echo(json.dumps(rows, indent=2, ensure_ascii=False))
        return
    if not rows:
        click.echo(f"No feeds in {feeds.path}. Add one with `tracker feeds add NAME URL`.")
        return
    table = Table("feed", "url", "every", "status", "items", "last error", "next poll")
    for row in rows:
        h = health.get(row["name"])
        status = h.status if h is not None else ("enabled" if row["enabled"] else "disabled")
        table.add_row(
            row["name"],
            row["url"],
            f"{row['interval_s']:.0f} s",
            f"[{_STYLE.get(status, 'white')}]{status}[/]",
            str(h.items_new) if h is not None else "-",
            _why(status, row["enabled"], h),
            h.next_poll_at.strftime("%Y-%m-%d %H:%M:%S") if h is not None else "-",
        )
    render.console().print(table)


@feeds_group.command("add")
@click.argument("name")
@click.argument("url")
@click.option(
    "--interval",
    "interval_s",
    type=float,
    default=feeds_app.DEFAULT_INTERVAL_S,
    show_default=True,
    help="Poll interval in seconds (the fastest cadence).",
)
@click.option("--tag", "tags", multiple=True, help="A tag (repeatable).")
@click.option("--conflict", default=None, help="The conflict this feed covers.")
@click.option("--full-article", is_flag=True, help="Also fetch each new item's page.")
@click.option("--max-body-bytes", type=int, default=None, help="Per-feed body size cap.")
@click.option("--timeout", "timeout_s", type=float, default=None, help="Per-feed timeout (s).")
@pass_cli
def add(
    obj: CliContext,
    name: str,
    url: str,
    interval_s: float,
    tags: tuple[str, ...],
    conflict: str | None,
    full_article: bool,
    max_body_bytes: int | None,
    timeout_s: float | None,
) -> None:
    """Add a feed to the list (the file is edited in place; comments survive).

    \b
    Example:
      tracker feeds add caucasus-wire https://example.org/wire.rss --tag wire \\
          --conflict <pack> --interval 900
    """
    feeds = _feed_list(obj, may_create=True)
    stored = feeds.add(
        feeds_app.FeedConfig(
            name=name,
            url=url,
            interval_s=interval_s,
            tags=tags,
            conflict=conflict,
            max_body_bytes=max_body_bytes,
            timeout_s=timeout_s,
            full_article=full_article,
        )
    )
    feeds.save()
    click.echo(f"Added feed {stored.name} ({stored.url}) to {feeds.path}.")


@feeds_group.command("remove")
@click.argument("name")
@pass_cli
def remove(obj: CliContext, name: str) -> None:
    """Remove a feed from the list. Its items stay in the log; its health row is disabled.

    \b
    Example:
      tracker feeds remove caucasus-wire
    """
    feeds = _feed_list(obj)
    gone = feeds.remove(name)
    feeds.save()
    click.echo(f"Removed feed {gone.name} from {feeds.path}.")


@feeds_group.command("import-opml")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--interval",
    "interval_s",
    type=float,
    default=feeds_app.DEFAULT_INTERVAL_S,
    show_default=True,
    help="Poll interval of the imported feeds, in seconds.",
)
@click.option("--conflict", default=None, help="Conflict the imported feeds cover.")
@click.option("--dry-run", is_flag=True, help="Show what would be imported; change nothing.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@pass_cli
def import_opml(
    obj: CliContext,
    file: Path,
    interval_s: float,
    conflict: str | None,
    dry_run: bool,
    as_json: bool,
) -> None:
    """Import feeds from an OPML file; feeds already listed (same URL) are skipped.

    \b
    Example:
      tracker feeds import-opml subscriptions.opml --conflict <pack>
    """
    feeds = _feed_list(obj, may_create=True)
    try:
        data = file.read_bytes()
    except OSError as exc:
        raise FeedConfigError(f"cannot read {file}: {exc}") from exc
    result = feeds_app.import_opml(
        data, existing=feeds.feeds, interval_s=interval_s, conflict=conflict, source=str(file)
    )
    if not dry_run and result.feeds:
        feeds.add_many(result.feeds)
        feeds.save()
    if as_json:
        click.echo(
            json.dumps(
                {
                    "imported": [f.name for f in result.feeds],
                    "duplicates": result.duplicates,
                    "skipped": result.skipped,
                    "dry_run": dry_run,
                },
                indent=2,
            )
        )
        return
    verb = "Would import" if dry_run else "Imported"
    click.echo(f"{verb} {len(result.feeds)} feeds into {feeds.path}.")
    for f in result.feeds:
        click.echo(f"  + {f.name}  {f.url}")
    if result.duplicates:
        click.echo(f"Already listed: {len(result.duplicates)}.")
    for line in result.skipped:
        click.echo(f"  skipped {line}")


@feeds_group.command("export-opml")
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Write to this file instead of standard output.",
)
@pass_cli
def export_opml(obj: CliContext, out: Path | None) -> None:
    """Write the feed list as OPML 2.0.

    \b
    Example:
      tracker feeds export-opml --out feeds.opml
    """
    data = feeds_app.export_opml(_feed_list(obj).feeds)
    if out is None:
        click.echo(data.decode("utf-8"), nl=False)
        return
    try:
        out.write_bytes(data)
    except OSError as exc:
        raise FeedConfigError(f"cannot write {out}: {exc}") from exc
    click.echo(f"Wrote {out}.")


# --------------------------------------------------------------------------- poll and serve


def _summary_table(summary: Any) -> Table:
    table = Table("feed", "outcome", "new", "dup", "ms", "error", title="poll summary")
    for r in sorted(summary.reports, key=lambda r: r.feed):
        style = "green" if r.outcome in ("ok", "not_modified") else "red"
        table.add_row(
            r.feed,
            f"[{style}]{r.outcome}[/]",
            str(r.new),
            str(r.duplicates),
            str(r.ms),
            r.error or "",
        )
    return table


def _summary_line(summary: Any) -> str:
    outcomes = ", ".join(f"{k} {v}" for k, v in sorted(summary.outcomes.items())) or "none due"
    return (
        f"Polled {summary.polled} feeds in {summary.elapsed_s:.2f} s: {summary.new} new items "
        f"({summary.duplicates} duplicates), {summary.failed} failed [{outcomes}]."
    )


def _hook_line(name: str, value: Any) -> str | None:
    if value is None:
        return None
    items, events = getattr(value, "items", None), getattr(value, "events", None)
    if isinstance(items, int) and isinstance(events, int):
        return f"{name}: {items} items read, {events} events appended."
    if isinstance(value, list | tuple) and all(hasattr(v, "status") for v in value):
        parts = [f"{getattr(v, 'name', '?')} {v.status}" for v in value]
        return f"{name}: " + (", ".join(parts) or "none") + "."
    return f"{name}: {value}"


@click.command("poll")
@click.option(
    "--feed",
    "feed_name",
    default=None,
    metavar="NAME",
    help="Poll only this feed, now, even if it is not due.",
)
@click.option("--workers", type=int, default=None, help="Concurrent fetches (default: setting).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@pass_cli
def poll(obj: CliContext, feed_name: str | None, workers: int | None, as_json: bool) -> None:
    """Poll due feeds once (or one feed now) and append what is new to the log.

    Does not extract or project; `tracker serve --once` does the whole cycle.

    \b
    Example:
      tracker poll
      tracker poll --feed caucasus-wire --json
    """
    from tracker import service
    from tracker.app import poll as jobs

    app = obj.app()
    err = Console(stderr=True)
    with service.ingester_lock(app):
        if as_json or not err.is_terminal:
            summary = jobs.poll_due_feeds(
                app,
                feed=feed_name,
                workers=workers or app.settings.fetch_workers,
                sole_ingester=not app.store.is_postgres,  # the lock above is held
            )
        else:
            with Progress(
                SpinnerColumn(),
                TextColumn("{task.description}"),
                TimeElapsedColumn(),
                console=err,
                transient=True,
            ) as progress:
                task = progress.add_task("polling feeds", total=None)

                def seen(report: jobs.PollReport) -> None:
                    progress.update(task, description=f"polled {report.feed}: {report.outcome}")
                    progress.advance(task)

                summary = jobs.poll_due_feeds(
                    app,
                    feed=feed_name,
                    workers=workers or app.settings.fetch_workers,
                    on_report=seen,
                    sole_ingester=not app.store.is_postgres,
                )
    if as_json:
        click.echo(json.dumps(summary.as_dict(), indent=2, ensure_ascii=False))
        return
    if summary.reports:
        render.console().print(_summary_table(summary))
    click.echo(_summary_line(summary))


@click.command("serve")
@click.option("--once", is_flag=True, help="Run one full cycle (poll, extract, project) and exit.")
@click.option(
    "--metrics-port",
    type=click.IntRange(1, 65535),
    default=None,
    help="Serve Prometheus metrics on this port (127.0.0.1).",
)
@click.option(
    "--metrics-addr",
    default="127.0.0.1",
    show_default=True,
    help="Address the metrics endpoint listens on.",
)
@click.option("--workers", type=int, default=None, help="Concurrent fetches (default: setting).")
@click.option("--json", "as_json", is_flag=True, help="With --once: print the summary as JSON.")
@pass_cli
def serve(
    obj: CliContext,
    once: bool,
    metrics_port: int | None,
    metrics_addr: str,
    workers: int | None,
    as_json: bool,
) -> None:
    """Run the ingester: poll due feeds, extract, project; until Ctrl-C (or once).

    Logs one line per poll (feed=... outcome=... new=... dup=... ms=...) to stderr,
    as JSON when log_format is json. SIGINT/SIGTERM finish the feeds in flight, then
    stop. On SQLite only one ingester may run per database file.

    \b
    Example:
      tracker serve --once
      tracker serve --metrics-port 9108
    """
    from tracker import service

    config.feeds_path(obj.settings())  # a missing feed list is an error before anything runs
    app = obj.app()
    settings = app.settings
    service.configure_logging("DEBUG" if obj.debug else settings.log_level, settings.log_format)

    def cycle_line(result: service.CycleSummary) -> None:
        if not once:
            click.echo(_summary_line(result.poll))

    svc = service.Service(
        app,
        workers=workers,
        metrics_port=metrics_port,
        metrics_addr=metrics_addr,
        on_cycle=cycle_line,
    )
    if not once:
        click.echo(
            f"Serving: polling due feeds every {settings.poll_tick_s:.0f} s. Ctrl-C to stop.",
            err=True,
        )
        svc.run_forever()
        click.echo("Stopped.", err=True)
        return
    result = svc.run_once()
    if as_json:
        out = result.poll.as_dict()
        out["errors"] = result.errors
        click.echo(json.dumps(out, indent=2, ensure_ascii=False))
        return
    if result.poll.reports:
        render.console().print(_summary_table(result.poll))
    click.echo(_summary_line(result.poll))
    for line in (
        _hook_line("Extraction", result.extracted),
        _hook_line("Projections", result.projected),
    ):
        if line:
            click.echo(line)
    for line in result.errors:
        click.echo(f"Warning: {line}", err=True)


def register(group: click.Group) -> None:
    """Add ``tracker feeds``, ``tracker poll`` and ``tracker serve`` to ``group``."""
    group.add_command(feeds_group)
    group.add_command(poll)
    group.add_command(serve)
