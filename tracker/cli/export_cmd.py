"""``tracker export``: the analysts' views as CSV or JSON Lines, and events in CAMEO terms.

Owns the command's options, opening the output files and the summary it prints; the
streaming and the CAMEO mapping are in ``tracker.report.exports`` (through ``tracker.app.query``).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TextIO

import click
from rich.console import Console

from tracker.app import App, query
from tracker.cli.context import CliContext, pass_cli
from tracker.errors import TrackerError

STDOUT = "-"


@click.command("export")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(query.FORMATS),
    default="csv",
    show_default=True,
    help="csv or jsonl: one file per view; cameo: truces (0871) and violation reports (196) "
    "in one GDELT/ACLED-style CSV (docs/exports.md).",
)
@click.option(
    "--view",
    "views",
    multiple=True,
    metavar="NAME",
    help="A view to export (repeatable; default: every analyst view). Not with --format cameo.",
)
@click.option(
    "--out",
    "out",
    default=STDOUT,
    show_default=True,
    metavar="DIR|-",
    help="Directory to write <view>.csv / <view>.jsonl / cameo.csv into, or - for "
    "standard output (one view, or cameo).",
)
@click.option(
    "--chunk-size",
    default=query.CHUNK_SIZE,
    show_default=True,
    type=click.IntRange(min=1),
    help="Rows fetched from the database at a time.",
)
@pass_cli
def export(obj: CliContext, fmt: str, views: tuple[str, ...], out: str, chunk_size: int) -> None:
    """Export the analysts' views, streamed (never the whole view in memory).

    Times are UTC (YYYY-MM-DDTHH:MM:SSZ), booleans true/false, JSON-array columns as
    JSON text; columns are those of docs/sql.md. The CAMEO export keeps every violation
    report as a claim (IsClaim, Claimant), never as an established fact.

    \b
    Example:
      tracker export --format csv --out var/export
      tracker export --format jsonl --view truce_status
      tracker export --format cameo --out - > cameo.csv
    """
    if fmt == "cameo" and views:
        raise click.UsageError("--view does not apply to --format cameo (it exports events)")
    app = obj.app()
    try:
        if fmt == "cameo":
            written = _export_cameo(app, out, chunk_size)
        else:
            names = query.resolve_views(app, views)
            if out == STDOUT and len(names) > 1:
                raise click.UsageError(
                    f"{len(names)} views to export: name one with --view to write to "
                    "standard output, or give --out DIR"
                )
            written = _export_views(app, names, fmt, out, chunk_size)
    except OSError as exc:
        raise TrackerError(f"cannot write the export to {out}: {exc.strerror or exc}") from exc
    if out != STDOUT:
        for path, rows in written:
            click.echo(f"Wrote {path} ({rows} rows)")


def _open(out: str, name: str) -> tuple[Path | None, TextIO]:
    if out == STDOUT:
        return None, sys.stdout
    directory = Path(out)
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / name
    return path, path.open("w", encoding="utf-8", newline="")


def _export_views(
    app: App, names: list[str], fmt: str, out: str, chunk_size: int
) -> list[tuple[Path | None, int]]:
    written: list[tuple[Path | None, int]] = []
    console = Console(stderr=True)
    with console.status("Exporting…") as status:
        for name in names:
            status.update(f"Exporting {name}…")
            path, stream = _open(out, f"{name}.{fmt}")
            try:
                rows = query.export_view(app, name, fmt, stream, chunk_size=chunk_size)
            finally:
                if path is not None:
                    stream.close()
            written.append((path, rows))
    return written


def _export_cameo(app: App, out: str, chunk_size: int) -> list[tuple[Path | None, int]]:
    path, stream = _open(out, "cameo.csv")
    try:
        rows = query.export_cameo(app, stream, chunk_size=chunk_size)
    finally:
        if path is not None:
            stream.close()
    return [(path, rows)]


def register(group: click.Group) -> None:
    """Add ``tracker export`` to ``group``."""
    group.add_command(export)
