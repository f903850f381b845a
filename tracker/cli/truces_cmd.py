"""``tracker load / project / truces / violations / events / record``: the truce commands.

Owns parsing, rendering (rich tables, ``--json``) and exit behaviour of these commands;
the work is the application layer's (``tracker.app``: ``curate`` loads, ``project``
catches the views up, ``query`` reads them). ``truces`` and ``violations`` read the views
as they stand and say on stderr how far behind the log they are; ``tracker record`` is
``record_cmd``.
"""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Iterable
from datetime import date, datetime
from pathlib import Path
from typing import Any

import click
from rich import box
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table

from tracker.app import App, curate, project, query
from tracker.cli import render
from tracker.cli.context import CliContext, pass_cli
from tracker.cli.curating import parse_cli_time, warn_failed
from tracker.domain.values import parse_instant
from tracker.errors import DomainError, TrackerError

# ---------------------------------------------------------------- helpers


def _console() -> Console:
    """A console for standard output: the terminal's width, unlimited when piped."""
    return render.console()


def _jsonable(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    return value


def _print_json(
    rows: Iterable[dict[str, Any]], view: str | None = None, booleans: Iterable[str] = ()
) -> None:
    """Rows as JSON; rows of a view in the export's one form (times, booleans, lists)."""
    records = (
        query.json_rows(view, rows, booleans)
        if view is not None
        else [{k: _jsonable(v) for k, v in r.items()} for r in rows]
    )
    click.echo(json.dumps(records, indent=2, ensure_ascii=False))


def _utc(value: Any) -> str:
    if isinstance(value, str):
        try:
            value = parse_instant(value)
        except DomainError:
            return str(value)
    if value is None:
        return ""
    return value.strftime("%Y-%m-%d %H:%M") if isinstance(value, datetime) else str(value)


def _local(value: Any, fallback: Any) -> str:
    """A local time as written (``2020-10-18T00:00+04:00``) as ``2020-10-18 00:00 +04:00``;
    a view without the local column falls back to the UTC instant."""
    text = str(value or "")
    if len(text) >= 22 and text[10] == "T" and text[-6] in "+-":
        return f"{text[:10]} {text[11:-6]} {text[-6:]}"
    return text or (_utc(fallback) + (" UTC" if fallback else ""))


def _note_behind(app: App) -> None:
    """Say on stderr how far the views stand behind the log (read commands never catch up)."""
    behind = project.behind(app)
    if behind:
        click.echo(
            f"Note: views are {behind} events behind the log; run `tracker project`.", err=True
        )


# ---------------------------------------------------------------- commands


@click.command("load")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@pass_cli
def load(obj: CliContext, file: Path) -> None:
    """Load a curated data file (TOML or JSON) of truces and claims into the log.

    Idempotent: every event id is a uuid5 of the file's keys, so loading the same file
    twice appends nothing. Projections are caught up afterwards.

    \b
    Example:
      tracker load feeds/conflicts/<name>/reference.toml
    """
    loaded = curate.load(obj.app(), file)
    for what in loaded.left_out:
        click.echo(f"Warning: {file}: not loaded: {what}.", err=True)
    warn_failed(loaded.projected)
    click.echo(f"Loaded {file}: {loaded.events} events, {loaded.new} new.")


@click.command("project")
@click.option("--rebuild", is_flag=True, help="Rebuild every projection from the start of the log.")
@click.option("--batch-size", default=500, show_default=True, help="Events per transaction.")
@pass_cli
def project_cmd(obj: CliContext, rebuild: bool, batch_size: int) -> None:
    """Catch the projections (the analysts' views) up with the log, or rebuild them.

    A rebuild writes fresh tables while the old ones keep serving, then swaps the views
    in one transaction.

    \b
    Example:
      tracker project
      tracker project --rebuild
    """
    app = obj.app()
    if rebuild:
        with Progress(
            TextColumn("{task.description:<22}"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.fields[rate]:>14}"),
            TimeElapsedColumn(),
            console=Console(stderr=True),
        ) as bar:
            tasks: dict[str, Any] = {}
            started: dict[str, tuple[float, int]] = {}

            def progress(name: str, done: int, total: int) -> None:
                now = time.monotonic()
                if name not in tasks:
                    tasks[name] = bar.add_task(name, total=max(total, 1), rate="")
                    started[name] = (now, done)
                t0, first = started[name]
                rate = f"{(done - first) / (now - t0):,.0f} events/s" if now > t0 else ""
                bar.update(tasks[name], completed=done, total=max(total, done, 1), rate=rate)

            results = project.run(app, rebuild=True, batch_size=batch_size, progress=progress)
    else:
        results = project.run(app, batch_size=batch_size)
    table = Table("projection", "version", "status", "position", "events", "rebuilt", "error")
    for r in results:
        table.add_row(
            r.name,
            str(r.version),
            r.status,
            str(r.position),
            str(r.processed),
            "yes" if r.rebuilt else "",
            r.error or "",
        )
    _console().print(table)
    if any(r.status == "failed" for r in results):
        raise TrackerError(
            "some projections failed; they stopped at their checkpoints (see the table)"
        )


@click.command("truces")
@click.option(
    "--as-of",
    "as_of",
    metavar="TIME",
    help="Answer from what could be known at TIME (knowledge time: sources' publication "
    "times, truce announcements, curators' record times). ISO-8601 with zone.",
)
@click.option(
    "--recorded-as-of",
    "recorded_as_of",
    metavar="TIME",
    help="Answer from what the log had recorded at TIME (the log's own clock, for audits).",
)
@click.option("--json", "as_json", is_flag=True, help="Print JSON rows.")
@click.option(
    "--wide",
    is_flag=True,
    help="Also show brokers, the status rule, time to the first published report and the end time.",
)
@pass_cli
def truces(
    obj: CliContext, as_of: str | None, recorded_as_of: str | None, as_json: bool, wide: bool
) -> None:
    """The truce status table: status, lifespan, first reported violation, end.

    Fits 100 columns; --wide adds columns (about 150), --json gives every field.

    \b
    Example:
      tracker truces
      tracker truces --wide
      tracker truces --as-of 2020-10-20T00:00Z --json
      tracker truces --recorded-as-of 2026-01-01T00:00Z
    """
    app = obj.app()
    if as_of is not None and recorded_as_of is not None:
        raise click.UsageError("give --as-of (knowledge time) or --recorded-as-of, not both")
    when = as_of if as_of is not None else recorded_as_of
    if when is not None:
        option = "--as-of" if as_of is not None else "--recorded-as-of"
        clock = "knowledge" if as_of is not None else "recorded"
        at = parse_cli_time(when, option)
        assert at is not None
        cutoff = at.period_end if at.precision != "minute" else at.instant
        rows = query.truces_as_of(app, cutoff, clock)
        as_of = when
    else:
        rows = query.truces(app)
        _note_behind(app)
    if as_json:
        flags = query.boolean_columns(app, "truce_status")
        _print_json(rows, "truce_status", flags or {"lifespan_ongoing", "mediated"})
        return
    if not rows:
        click.echo(
            "No truces in the log"
            + (f" as of {as_of}" if as_of else "")
            + ". Load the curated ones with `tracker load feeds/conflicts/<name>/reference.toml`"
            " or record one with `tracker record truce`."
        )
        return
    table = _truce_table(rows, wide=wide, title="Truces" + (f" as of {as_of}" if as_of else ""))
    console = _console()
    console.print(table)
    for r in sorted(rows, key=lambda r: str(r["effective_at"])):
        console.print(
            f"[bold]{r['truce_id']}[/bold] {r['status_rule']}: {r['status_reason']}",
            highlight=False,
        )


def _truce_table(rows: list[dict[str, Any]], *, wide: bool, title: str) -> Table:
    """The truce status table; ids and times never wrap, the other columns may."""
    table = Table(title=title, box=box.SIMPLE_HEAD, pad_edge=False, collapse_padding=True)
    table.add_column("truce", no_wrap=True)
    table.add_column("parties")
    if wide:
        table.add_column("brokers")
    table.add_column("effective (local)", no_wrap=True)
    table.add_column("status")
    if wide:
        table.add_column("rule")
    table.add_column("1st violation")
    if wide:
        table.add_column("by publication")
    table.add_column("inc. (rep.)", justify="right")
    if wide:
        table.add_column("ended (local)", no_wrap=True)
        table.add_column("end")
    table.add_column("lifespan")
    for r in sorted(rows, key=lambda r: str(r["effective_at"])):
        ended = r.get("ended_local") or _utc(r["ended_at"])
        cells = {
            "truce": r["truce_id"],
            "parties": ", ".join(json.loads(r["parties"])),
            "brokers": ", ".join(json.loads(r["brokers"])),
            "effective (local)": _local(r.get("effective_local"), r["effective_at"]),
            "status": r["status"],
            "rule": r["status_rule"],
            "1st violation": r["time_to_first_violation"] or "",
            "by publication": r["time_to_first_published"] or "",
            "inc. (rep.)": f"{r.get('incident_count', r['report_count'])} ({r['report_count']})",
            "ended (local)": ended,
            "end": r["end_reason"] or "",
            "lifespan": r["lifespan"],
        }
        table.add_row(*(cells[str(c.header)] for c in table.columns))
    return table


@click.command("violations")
@click.option("--truce", "truce_id", metavar="ID", help="Only reports assigned to this truce.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON rows.")
@pass_cli
def violations(obj: CliContext, truce_id: str | None, as_json: bool) -> None:
    """Violation reports with their truce, incident, accuser and sources.

    \b
    Example:
      tracker violations --truce <truce-id>
    """
    app = obj.app()
    rows = query.violations(app, truce_id)
    _note_behind(app)
    if as_json:
        flags = query.boolean_columns(app, "violation_reports")
        _print_json(rows, "violation_reports", flags)
        return
    if not rows:
        click.echo(
            f"No violation reports assigned to truce {truce_id} (retracted ones are hidden)."
            if truce_id is not None
            else "No violation reports in the log (retracted ones are hidden). They come from "
            "`tracker load`, `tracker record violation` and the news feeds (`tracker serve`)."
        )
        return
    table = Table(
        "occurred (local, as written)",
        "prec.",
        "accuser",
        "accused",
        "truce",
        "incident",
        "places",
        "denied",
        "report",
    )
    for r in rows:
        table.add_row(
            str(r.get("occurred_local") or _utc(r["occurred_at"])),
            r["occurred_precision"],
            r["accuser"],
            r["accused"],
            r["truce_id"] or "-",
            str(r["incident_id"])[:8],
            ", ".join(json.loads(r["places"])),
            str(r["denied"]),
            str(r["report_id"])[:8],
        )
    _console().print(table)


@click.command("events")
@click.option("--stream", metavar="S", help="Only this stream (e.g. truce-<truce-id>).")
@click.option(
    "--after", default=0, show_default=True, help="Only events after this global position."
)
@click.option("--limit", default=200, show_default=True, help="At most this many events.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON events.")
@pass_cli
def events(obj: CliContext, stream: str | None, after: int, limit: int, as_json: bool) -> None:
    """The log itself: events in position order, with type, stream and record time.

    \b
    Example:
      tracker events --stream truce-<truce-id> --json
    """
    app = obj.app()
    rows = query.events(app, stream, after, limit)
    if as_json:
        _print_json(rows)
        return
    if not rows:
        click.echo(_no_events(app, stream, after))
        return
    table = Table("position", "recorded (UTC)", "stream", "version", "type", "by")
    for r in rows:
        table.add_row(
            str(r["position"]),
            _utc(r["recorded_at"]),
            r["stream_id"],
            str(r["stream_version"]),
            r["type"],
            str(r["metadata"].get("recorded_by", "")),
        )
    _console().print(table)


def _no_events(app: App, stream: str | None, after: int) -> str:
    """Why `tracker events` found nothing: an unknown stream, nothing after the position, or
    an empty log."""
    where = f" after position {after}" if after else ""
    if stream is None:
        return f"No events in the log{where}." + (
            "" if after else " `tracker load` or `tracker serve` adds some."
        )
    if not query.stream_exists(app, stream):
        return (
            f"No stream {stream!r} in the log. Streams are named by kind and id "
            "(truce-ID, report-ID, item-ID, ...); `tracker events` shows them."
        )
    return f"No events in stream {stream!r}{where}."


def register(group: click.Group) -> None:
    """Add this module's commands to ``group``."""
    for command in (load, project_cmd, truces, violations, events):
        group.add_command(command)
