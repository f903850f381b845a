"""``tracker load / project / truces / violations / events / record``: the truce commands.

Owns parsing, rendering (rich tables, ``--json``) and exit behaviour of these commands;
the rules are in ``tracker.domain``, the views in ``tracker.projections``. Curated events
get deterministic uuid5 ids, so loading a file or recording a claim twice adds nothing.
"""

from __future__ import annotations

import json
import stat
import time
import tomllib
import uuid
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any

import click
import sqlalchemy as sa
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

from tracker.app import App
from tracker.cli import render
from tracker.cli.context import CliContext, pass_cli
from tracker.domain import curated
from tracker.domain.events import (
    EVENT_TYPES,
    Event,
)
from tracker.domain.truces import assess
from tracker.domain.validation import Known, validate_all
from tracker.domain.values import Provenance, ValidTime, format_utc, parse_instant
from tracker.errors import DomainError, TrackerError
from tracker.projections import Runner, all_projections
from tracker.projections.asof import as_of as as_of_book
from tracker.projections.truce_status import status_rows
from tracker.report.exports import boolean_columns, json_rows
from tracker.store import ANY, NewEvent, canonical_json

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
        json_rows(view, rows, booleans)
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


def known_from_log(app: App) -> Known:
    known = Known(now=app.now())
    types = {
        "TruceAnnounced",
        "TruceTimeCorrected",
        "ViolationReported",
        "ViolationDenied",
        "CasualtyClaimReported",
    }
    for ev in app.store.read_all(types=types):
        domain_event = EVENT_TYPES[ev.type].from_data(ev.data)
        known.add(domain_event)
    return known


def append_curated(
    app: App, items: Sequence[tuple[uuid.UUID, Event]], recorded_by: str, origin: dict[str, Any]
) -> int:
    """Append events grouped by stream in one transaction; returns how many were new."""
    correlation = str(uuid.uuid5(curated.NAMESPACE, canonical_json([str(i) for i, _ in items])))
    by_stream: dict[str, list[NewEvent]] = {}
    for eid, ev in items:
        meta = {
            "source": {**origin, "urls": list(getattr(ev, "provenance", Provenance()).urls)},
            "recorded_by": recorded_by,
            "correlation_id": correlation,
            "causation_id": None,
        }
        by_stream.setdefault(ev.stream_id, []).append(
            NewEvent(
                ev.TYPE, ev.to_data(), event_id=eid, metadata=meta, schema_version=ev.SCHEMA_VERSION
            )
        )
    results = app.store.append_batch([(s, evs, ANY) for s, evs in by_stream.items()])
    return sum(r.appended for r in results)


def catch_up(app: App) -> None:
    for r in Runner(app.store, all_projections()).run():
        if r.status == "failed":
            click.echo(
                f"Warning: projection {r.name} failed at position {r.position}: {r.error}", err=True
            )


def parse_cli_time(
    text: str | None, what: str, precision: str | None = None, as_written: str = ""
) -> ValidTime | None:
    if text is None:
        return None
    try:
        return ValidTime.parse(text, precision=precision, expression=as_written or text)
    except DomainError as exc:
        raise click.BadParameter(str(exc), param_hint=what) from exc


def content_id(prefix: str, ev_data: dict[str, Any]) -> str:
    return str(uuid.uuid5(curated.NAMESPACE, f"{prefix}:{canonical_json(ev_data)}"))


def curated_event_id(ev: Event) -> uuid.UUID:
    return uuid.uuid5(curated.NAMESPACE, f"{ev.stream_id}/{ev.TYPE}/{canonical_json(ev.to_data())}")


# ---------------------------------------------------------------- commands


#: Largest curated file ``load`` reads (the reference file is ~100 KB).
MAX_CURATED_BYTES = 20 * 1024 * 1024


def _read_curated(file: Path) -> bytes:
    """The bytes of a regular file of at most :data:`MAX_CURATED_BYTES`.

    Raises:
        TrackerError: a device, pipe or other non-regular file, or one too large.
    """
    try:
        info = file.stat()
        if not stat.S_ISREG(info.st_mode):
            raise TrackerError(f"{file} is not a regular file; nothing loaded")
        with file.open("rb") as handle:
            raw = handle.read(MAX_CURATED_BYTES + 1)
    except OSError as exc:
        raise TrackerError(f"cannot read {file}: {exc.strerror or exc}") from exc
    if len(raw) > MAX_CURATED_BYTES:
        raise TrackerError(f"{file} is over {MAX_CURATED_BYTES:,} bytes; nothing loaded (split it)")
    if not raw.strip():
        raise TrackerError(f"{file} is empty; nothing loaded")
    return raw


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
    app = obj.app()
    raw = _read_curated(file)
    try:
        doc = tomllib.loads(raw.decode("utf-8")) if file.suffix == ".toml" else json.loads(raw)
    except (tomllib.TOMLDecodeError, json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise TrackerError(f"cannot read {file}: {exc}") from exc
    try:
        left_out = curated.not_loaded(doc)
        items = curated.parse_document(doc)
        validate_all([ev for _, ev, _ in items], known_from_log(app))
    except DomainError as exc:
        raise DomainError(f"{file}: {exc}") from exc
    for what in left_out:
        click.echo(f"Warning: {file}: not loaded: {what}.", err=True)
    new = append_curated(
        app,
        [(eid, ev) for eid, ev, _ in items],
        str(doc.get("curator", "loader")),
        {"file": file.name},
    )
    catch_up(app)
    click.echo(f"Loaded {file}: {len(items)} events, {new} new.")


@click.command("project")
@click.option("--rebuild", is_flag=True, help="Rebuild every projection from the start of the log.")
@click.option("--batch-size", default=500, show_default=True, help="Events per transaction.")
@pass_cli
def project(obj: CliContext, rebuild: bool, batch_size: int) -> None:
    """Catch the projections (the analysts' views) up with the log, or rebuild them.

    A rebuild writes fresh tables while the old ones keep serving, then swaps the views
    in one transaction.

    \b
    Example:
      tracker project
      tracker project --rebuild
    """
    app = obj.app()
    runner = Runner(app.store, all_projections(), batch_size=batch_size)
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

            results = runner.run(rebuild=True, progress=progress)
    else:
        results = runner.run()
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
        found = as_of_book(app.store, cutoff, clock)
        rows = list(status_rows(assess(found.book).truces))
        if not rows and found.earliest is not None:
            raise TrackerError(
                f"nothing about truces was known at {format_utc(cutoff)} ({clock} time): "
                f"the log's earliest {clock} time is {format_utc(found.earliest)}"
            )
        as_of = when
    else:
        catch_up(app)
        with app.engine.connect() as conn:
            rows = [
                dict(r)
                for r in conn.execute(
                    sa.text("SELECT * FROM truce_status ORDER BY effective_at")
                ).mappings()
            ]
    if as_json:
        with app.engine.connect() as conn:
            flags = boolean_columns(conn, "truce_status")
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
    catch_up(app)
    sql = "SELECT * FROM violation_reports"
    params: dict[str, Any] = {}
    if truce_id is not None:
        sql += " WHERE truce_id = :t"
        params["t"] = truce_id
    with app.engine.connect() as conn:
        if truce_id is not None:
            known = conn.execute(
                sa.text("SELECT 1 FROM truce_status WHERE truce_id = :t"), {"t": truce_id}
            ).first()
            if known is None:
                ids = [r[0] for r in conn.execute(sa.text("SELECT truce_id FROM truce_status"))]
                raise DomainError(
                    f"unknown truce {truce_id!r}; known truces: {', '.join(sorted(ids)) or 'none'}"
                )
        rows = [
            dict(r)
            for r in conn.execute(
                sa.text(sql + " ORDER BY occurred_at, report_id"), params
            ).mappings()
        ]
    if as_json:
        with app.engine.connect() as conn:
            flags = boolean_columns(conn, "violation_reports")
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
    if stream is not None:
        found: Iterable[Any] = (e for e in app.store.read_stream(stream) if e.position > after)
    else:
        found = app.store.read_all(after)
    rows = []
    for e in found:
        rows.append(e._asdict())
        if len(rows) >= limit:
            break
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
    if next(iter(app.store.read_stream(stream)), None) is None:
        return (
            f"No stream {stream!r} in the log. Streams are named by kind and id "
            "(truce-ID, report-ID, item-ID, ...); `tracker events` shows them."
        )
    return f"No events in stream {stream!r}{where}."


def register(group: click.Group) -> None:
    """Add this module's commands to ``group``."""
    from tracker.cli import record_truce_cmd  # noqa: F401  (adds the truce subcommands)
    from tracker.cli.record_cmd import record

    for command in (load, project, truces, violations, events, record):
        group.add_command(command)
