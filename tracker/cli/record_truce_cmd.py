"""``tracker record truce / end / correct-time``: curated facts about truces themselves.

Owns the truce subcommands the ``record`` group (``record_cmd``) adds: a truce
(``TruceAnnounced``), how it ended (``TruceCollapsed``, ``TruceSuperseded``,
``TruceEnded``) and time corrections (``TruceTimeCorrected``). Each event is validated
against the log and appended with a deterministic id.
"""

from __future__ import annotations

import click

from tracker.cli.context import CliContext, pass_cli
from tracker.cli.curating import parse_cli_time, record_event, source_options
from tracker.cli.curating import provenance as _prov
from tracker.domain.events import (
    Event,
    TruceAnnounced,
    TruceCollapsed,
    TruceEnded,
    TruceSuperseded,
    TruceTimeCorrected,
)
from tracker.domain.truce_fields import VOCABULARIES
from tracker.domain.values import Sourced


@click.command("truce")
@click.option(
    "--id",
    "truce_id",
    required=True,
    help="Stable truce id (as in the conflict pack's truces.tsv).",
)
@click.option("--name", required=True)
@click.option(
    "--party",
    "parties",
    multiple=True,
    required=True,
    help="Actor code bound by the truce (repeat).",
)
@click.option("--broker", "brokers", multiple=True, help="Broker actor code (repeat).")
@click.option(
    "--effective", required=True, metavar="TIME", help="Effective time, ISO-8601 with zone."
)
@click.option("--effective-as-written", default="", help="The words of the source.")
@click.option("--precision", default=None, help="Precision of the effective time.")
@click.option("--announced", metavar="TIME", help="Announcement time, ISO-8601 with zone.")
@click.option("--term", "terms", multiple=True, help="A provision (repeat).")
@click.option("--kind", default="", help="Kind as the sources describe it.")
@click.option("--purpose", default="", help="What the truce is for, as the sources say.")
@click.option(
    "--type",
    "truce_type",
    default="",
    type=click.Choice(["", *VOCABULARIES["truce_type"]]),
    help="ETH/PRIO type: humanitarian or general.",
)
@click.option(
    "--declaration",
    default="",
    type=click.Choice(["", *VOCABULARIES["declaration"]]),
    help="Who declared it: bilateral, unilateral or multilateral.",
)
@click.option(
    "--written",
    default="",
    type=click.Choice(["", *VOCABULARIES["written"]]),
    help="ETH/PRIO form: written, verbal or unclear.",
)
@click.option("--scope", default="", help="The area and actors the truce covers.")
@click.option(
    "--monitoring", default="", help="The agreed monitoring or compliance mechanism, or none."
)
@source_options
@pass_cli
def record_truce(
    obj: CliContext,
    truce_id: str,
    name: str,
    parties: tuple[str, ...],
    brokers: tuple[str, ...],
    effective: str,
    effective_as_written: str,
    precision: str | None,
    announced: str | None,
    terms: tuple[str, ...],
    kind: str,
    purpose: str,
    truce_type: str,
    declaration: str,
    written: str,
    scope: str,
    monitoring: str,
    sources: tuple[str, ...],
    published: str | None,
    curator: str,
) -> None:
    """Record a truce (TruceAnnounced), with the attributes ETH/PRIO and UCDP code.

    \b
    Example:
      tracker record truce --id <truce-id> --name "..." --party <code> --party <code> \\
        --broker <code> --effective 2020-10-10T12:00+04:00 --type humanitarian \\
        --declaration bilateral --written written --monitoring none --source https://...
    """
    eff = parse_cli_time(effective, "--effective", precision, effective_as_written)
    assert eff is not None
    record_event(
        obj,
        lambda _k: TruceAnnounced(
            truce_id=truce_id,
            name=name,
            parties=parties,
            effective=eff,
            announced=parse_cli_time(announced, "--announced"),
            brokers=tuple(Sourced(b, sources) for b in brokers),
            terms=terms,
            kind=kind,
            purpose=purpose,
            truce_type=truce_type,
            declaration=declaration,
            written=written,
            scope=scope,
            monitoring=monitoring,
            sources=sources,
            provenance=_prov(sources, published, curator),
        ),
        curator,
    )


@click.command("end")
@click.argument("truce_id")
@click.option(
    "--type", "kind", required=True, type=click.Choice(["collapsed", "superseded", "ended"])
)
@click.option(
    "--at", "at_text", metavar="TIME", help="When (ISO-8601 with zone); required unless superseded."
)
@click.option("--precision", default=None, help="Precision of --at.")
@click.option(
    "--declared-by", help="collapsed: the party or broker that declared it failed (rule C1.1)."
)
@click.option("--by", "by_truce", help="superseded: the successor truce id.")
@click.option(
    "--reason",
    "end_reason",
    help="ended: terminated, expired, purpose_achieved, settlement, "
    "party_ceased, offensive, other.",
)
@click.option("--basis", required=True, help="Why (the curator's reasoning or the quote).")
@source_options
@pass_cli
def record_end(
    obj: CliContext,
    truce_id: str,
    kind: str,
    at_text: str | None,
    precision: str | None,
    declared_by: str | None,
    by_truce: str | None,
    end_reason: str | None,
    basis: str,
    sources: tuple[str, ...],
    published: str | None,
    curator: str,
) -> None:
    """Record how a truce ended: collapsed (C1.1/C1.3), superseded (S1.2) or ended (E1).

    \b
    Example:
      tracker record end <truce-id> --type collapsed --declared-by <code> --at 2020-10-26+04:00 \\
        --basis "..." --source https://...
    """
    at = parse_cli_time(at_text, "--at", precision)
    prov = _prov(sources, published, curator)
    if kind != "superseded" and at is None:
        raise click.UsageError(f"--at is required for --type {kind}")
    if kind == "collapsed":
        assert at is not None
        ev: Event = TruceCollapsed(
            truce_id=truce_id, at=at, declared_by=declared_by, basis=basis, provenance=prov
        )
    elif kind == "superseded":
        if not by_truce:
            raise click.UsageError("--by is required for --type superseded")
        ev = TruceSuperseded(
            truce_id=truce_id, by_truce_id=by_truce, at=at, basis=basis, provenance=prov
        )
    else:
        assert at is not None
        ev = TruceEnded(
            truce_id=truce_id, at=at, reason=end_reason or "other", basis=basis, provenance=prov
        )
    record_event(obj, lambda _k: ev, curator)


@click.command("correct-time")
@click.argument("truce_id")
@click.option("--which", required=True, type=click.Choice(["announced", "effective"]))
@click.option(
    "--time",
    "time_text",
    required=True,
    metavar="TIME",
    help="The corrected time, ISO-8601 with zone.",
)
@click.option("--precision", default=None)
@click.option("--as-written", default="", help="The words of the source.")
@click.option("--reason", required=True, help="Why the time is corrected.")
@source_options
@pass_cli
def record_correct_time(
    obj: CliContext,
    truce_id: str,
    which: str,
    time_text: str,
    precision: str | None,
    as_written: str,
    reason: str,
    sources: tuple[str, ...],
    published: str | None,
    curator: str,
) -> None:
    """Correct a truce's announced or effective time (TruceTimeCorrected); the original stays in the log.

    \b
    Example:
      tracker record correct-time <truce-id> --which effective --time 2020-10-10T12:00+04:00 \\
        --reason "..." --source https://...
    """
    when = parse_cli_time(time_text, "--time", precision, as_written)
    assert when is not None
    record_event(
        obj,
        lambda _k: TruceTimeCorrected(
            truce_id=truce_id,
            which=which,
            time=when,
            reason=reason,
            provenance=_prov(sources, published, curator),
        ),
        curator,
    )


#: The subcommands ``record_cmd`` adds to the ``record`` group.
COMMANDS = (record_truce, record_end, record_correct_time)
