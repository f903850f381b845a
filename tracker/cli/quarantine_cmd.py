"""``tracker quarantine``: what polling, extraction and projections set aside, and why.

Owns listing the quarantine, closing a row (``resolve``) and trying a row's stage again
(``retry``); the work is ``tracker.app.quarantine``.
"""

from __future__ import annotations

import json

import click

from tracker.app import quarantine
from tracker.cli.context import CliContext, pass_cli


@click.group("quarantine")
def quarantine_group() -> None:
    """What was set aside so that the rest could go on: feed items, extractions, events.

    \b
    Example:
      tracker quarantine list
      tracker quarantine resolve 3 --how "retracted: the report was a duplicate"
    """


@quarantine_group.command("list")
@click.option("--all", "include_resolved", is_flag=True, help="Resolved rows too.")
@click.option("--stage", type=click.Choice(quarantine.STAGES), help="One stage only.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@pass_cli
def list_rows(obj: CliContext, include_resolved: bool, stage: str | None, as_json: bool) -> None:
    """List the quarantine: stage, feed and item or position, the reason in words.

    \b
    Example:
      tracker quarantine list --stage ingest
    """
    rows = quarantine.rows(obj.app(), include_resolved=include_resolved, stage=stage)
    if as_json:
        click.echo(json.dumps([r.as_dict() for r in rows], indent=2, ensure_ascii=False))
        return
    if not rows:
        click.echo(
            "The quarantine is empty." if not include_resolved else "Nothing was ever set aside."
        )
        return
    for r in rows:
        where = (
            f"feed {r.feed}, item {r.item}"
            if r.stage == "ingest"
            else f"{r.projection or 'extraction'} at position {r.position}"
        )
        state = f" [resolved: {r.resolution}]" if r.resolved_at is not None else ""
        click.echo(f"{r.id:>5}  {r.stage:<8} {where}: {r.error} (x{r.occurrences}){state}")


@quarantine_group.command("resolve")
@click.argument("row_id", type=int)
@click.option("--how", required=True, help="What was done: retracted, corrected, ignored ...")
@pass_cli
def resolve(obj: CliContext, row_id: int, how: str) -> None:
    """Close a quarantine row, saying what was done about it.

    \b
    Example:
      tracker quarantine resolve 3 --how "publisher fixed the date"
    """
    row = quarantine.resolve(obj.app(), row_id, how)
    click.echo(f"Quarantine row {row.id} ({row.stage}) resolved: {row.resolution}.")


@quarantine_group.command("retry")
@click.argument("row_id", type=int)
@pass_cli
def retry(obj: CliContext, row_id: int) -> None:
    """Try a row's stage again: re-extract its item, re-poll its feed, or re-project.

    An extraction that succeeds resolves the row. A feed item is read again at the
    feed's next poll (its validators are forgotten, the poll is due now). A projection
    event is applied again by a rebuild (``tracker project --rebuild``).

    \b
    Example:
      tracker quarantine retry 3
    """
    done = quarantine.retry(obj.app(), row_id)
    row = done.row
    if done.outcome == "re-extracted":
        click.echo(f"Re-extracted the item at position {row.position}: {done.appended} new events.")
    elif done.outcome == "feed-due":
        click.echo(f"Feed {row.feed} is due now and will read its whole body again.")
    else:
        click.echo("Rebuild the projection to apply the event again: tracker project --rebuild")


def register(group: click.Group) -> None:
    """Add ``tracker quarantine`` to ``group``."""
    group.add_command(quarantine_group)
