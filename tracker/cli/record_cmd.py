"""``tracker record ...``: curated events, validated before they reach the log.

Owns the ``record`` group (truce, violation, denial, casualty, confirm, retract): each
subcommand builds one domain event, validates it against what the log knows and appends
it with a deterministic id (recording the same thing twice adds nothing). The writes go
through ``tracker.app.curate``; the shared options are in ``curating``; the truce
subcommands (truce, end, correct-time) come from ``record_truce_cmd``.
"""

from __future__ import annotations

import getpass
from typing import Any

import click

from tracker.app import curate
from tracker.cli import record_truce_cmd
from tracker.cli.context import CliContext, pass_cli
from tracker.cli.curating import parse_cli_time, record_event, source_options, urls
from tracker.cli.curating import provenance as _prov
from tracker.domain.casualties import casualty_terms
from tracker.domain.events import (
    CasualtyClaimReported,
    ClaimConfirmed,
    ClaimRetracted,
    Event,
    ViolationDenied,
    ViolationReported,
)
from tracker.domain.validation import Known
from tracker.domain.values import Place, Provenance
from tracker.errors import DomainError

# ---------------------------------------------------------------- record


@click.group("record")
def record() -> None:
    """Record curated events: truces, violations, denials, casualties, confirmations, retractions.

    Every event is validated first; an impossible one is refused with the reason.

    \b
    Example:
      tracker record violation --accuser <code> --accused <code> --occurred 2020-10-10T12:05+04:00 --source https://...
    """


@record.command("violation")
@click.option(
    "--accuser",
    required=True,
    help="Accusing actor code (the conflict pack's actors.tsv, or unattributed).",
)
@click.option("--accused", required=True, help="Accused actor code, or unattributed.")
@click.option(
    "--occurred", required=True, metavar="TIME", help="When it occurred, ISO-8601 with zone."
)
@click.option("--precision", default=None, help="minute, hour, day, week, month or year.")
@click.option("--as-written", default="", help="The occurred time as the source wrote it.")
@click.option("--accuser-text", default="", help="The accuser as written.")
@click.option("--place", "places", multiple=True, help="Place as written (repeat).")
@click.option("--weapon", default="")
@click.option("--killed", type=int, default=None)
@click.option("--wounded", type=int, default=None)
@click.option("--truce", "truce_refs", multiple=True, help="Truce id the text names (repeat).")
@click.option("--description", default="")
@source_options
@pass_cli
def record_violation(
    obj: CliContext,
    accuser: str,
    accused: str,
    occurred: str,
    precision: str | None,
    as_written: str,
    accuser_text: str,
    places: tuple[str, ...],
    weapon: str,
    killed: int | None,
    wounded: int | None,
    truce_refs: tuple[str, ...],
    description: str,
    sources: tuple[str, ...],
    published: str | None,
    curator: str,
) -> None:
    """Record a violation claim (ViolationReported); prints its report id.

    \b
    Example:
      tracker record violation --accuser <code> --accused <code> --occurred 2020-10-10T12:05+04:00 \\
        --place <place> --source https://...
    """
    when = parse_cli_time(occurred, "--occurred", precision, as_written)
    assert when is not None
    fields: dict[str, Any] = dict(
        accuser=accuser,
        accused=accused,
        occurred=when,
        accuser_text=accuser_text,
        places=tuple(Place(p) for p in places),
        weapon=weapon,
        killed=killed,
        wounded=wounded,
        truce_refs=truce_refs,
        description=description,
        provenance=_prov(sources, published, curator),
    )
    report_id = curate.content_id("report", ViolationReported(report_id="", **fields).to_data())
    record_event(obj, lambda _k: ViolationReported(report_id=report_id, **fields), curator)
    click.echo(f"report id: {report_id}")


@record.command("denial")
@click.option("--denier", required=True, help="Denying actor code.")
@click.option(
    "--report", "reports", multiple=True, required=True, help="Report id denied (repeat)."
)
@click.option("--statement", default="")
@click.option("--denier-text", default="")
@source_options
@pass_cli
def record_denial(
    obj: CliContext,
    denier: str,
    reports: tuple[str, ...],
    statement: str,
    denier_text: str,
    sources: tuple[str, ...],
    published: str | None,
    curator: str,
) -> None:
    """Record a denial of violation claims (ViolationDenied).

    \b
    Example:
      tracker record denial --denier <code> --report 5f0c... --statement "denied" --source https://...
    """
    denial_id = curate.content_id(
        "denial", {"denier": denier, "reports": list(reports), "sources": list(sources)}
    )
    record_event(
        obj,
        lambda _k: ViolationDenied(
            denial_id=denial_id,
            denier=denier,
            report_ids=reports,
            denier_text=denier_text,
            statement=statement,
            provenance=_prov(sources, published, curator),
        ),
        curator,
    )


@record.command("casualty")
@click.option("--claimant", required=True)
@click.option(
    "--side",
    required=True,
    help="Whose casualties: an actor code, a side of the actor registry, or both.",
)
@click.option(
    "--category",
    required=True,
    help="civilian_killed, military_injured, total_killed ... (or civilian, military, "
    "total with --outcome).",
)
@click.option("--outcome", default="", help="killed, injured (or wounded), missing, captured.")
@click.option("--figure", required=True, type=int)
@click.option(
    "--qualifier", default="", help="exact, at_least, more_than, approximately ... or as written."
)
@click.option("--occurred", metavar="TIME")
@click.option("--report", "report_id", help="Report id the figure came with.")
@source_options
@pass_cli
def record_casualty(
    obj: CliContext,
    claimant: str,
    side: str,
    category: str,
    outcome: str,
    figure: int,
    qualifier: str,
    occurred: str | None,
    report_id: str | None,
    sources: tuple[str, ...],
    published: str | None,
    curator: str,
) -> None:
    """Record a casualty figure (CasualtyClaimReported).

    \b
    Example:
      tracker record casualty --claimant <code> --side <side> --category civilian --outcome killed \\
        --figure 7 --qualifier "at least" --source https://...
    """
    try:
        terms = casualty_terms(side=side, category=category, outcome=outcome, qualifier=qualifier)
    except DomainError as exc:
        raise click.BadParameter(str(exc)) from None
    claim_id = curate.content_id(
        "casualty",
        {
            "c": claimant,
            "s": terms.side_actor or terms.side,
            "k": terms.category,
            "f": figure,
            "q": terms.qualifier,
            "t": occurred,
            "r": report_id,
            "u": list(sources),
        },
    )
    record_event(
        obj,
        lambda _k: CasualtyClaimReported(
            claim_id=claim_id,
            claimant=claimant,
            side=terms.side,
            side_actor=terms.side_actor,
            category=terms.category,
            outcome=terms.outcome,
            figure=figure,
            qualifier=terms.qualifier,
            qualifier_text=terms.qualifier_text,
            occurred=parse_cli_time(occurred, "--occurred"),
            report_id=report_id,
            provenance=_prov(sources, published, curator),
        ),
        curator,
    )


@record.command("confirm")
@click.argument("claim_id")
@click.option(
    "--source",
    "sources",
    multiple=True,
    metavar="URL",
    callback=urls,
    help="Source URL backing the confirmation.",
)
@click.option("--reason", default="", help="Why it is confirmed (required without --source).")
@click.option("--curator", default=getpass.getuser, show_default="your login")
@pass_cli
def record_confirm(
    obj: CliContext, claim_id: str, sources: tuple[str, ...], reason: str, curator: str
) -> None:
    """Confirm an extracted claim (ClaimConfirmed); needs --source or --reason.

    \b
    Example:
      tracker record confirm 5f0c... --reason "matches the MoD bulletin"
    """
    if not sources and not reason.strip():
        raise click.UsageError("give --source or --reason")

    def build(known: Known) -> Event:
        full_id, kind = curate.claim(known, claim_id)
        return ClaimConfirmed(
            claim_id=full_id,
            claim_kind=kind,
            curator=f"curator:{curator}",
            note=reason,
            provenance=Provenance(urls=sources, curator=f"curator:{curator}"),
        )

    record_event(obj, build, curator)


@record.command("retract")
@click.argument("claim_id")
@click.option("--reason", required=True, help="Why the claim is withdrawn.")
@click.option("--curator", default=getpass.getuser, show_default="your login")
@pass_cli
def record_retract(obj: CliContext, claim_id: str, reason: str, curator: str) -> None:
    """Retract a claim (ClaimRetracted): the views hide it, the log keeps it.

    CLAIM_ID is a claim's id or a unique prefix of it (at least four characters), such as
    the eight characters `tracker violations` shows.

    \b
    Example:
      tracker record retract 5f0c... --reason "machine re-write mis-attributed the accuser"
    """

    def build(known: Known) -> Event:
        full_id, kind = curate.claim(known, claim_id)
        return ClaimRetracted(
            claim_id=full_id,
            claim_kind=kind,
            reason=reason,
            curator=f"curator:{curator}",
            provenance=Provenance(curator=f"curator:{curator}"),
        )

    record_event(obj, build, curator)


for _command in record_truce_cmd.COMMANDS:
    record.add_command(_command)


def register(group: click.Group) -> None:
    """Add ``tracker record`` to ``group``."""
    group.add_command(record)
