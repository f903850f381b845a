"""Knowledge time: when the world could know what an event says.

Owns ``knowledge_time``, the clock of ``--as-of``. The log has two clocks of its own:
valid time (when a thing happened or takes effect, carried by the events) and record
time (when the log learned it, ``recorded_at``). Neither answers "what could an analyst
have known on 20 Oct 2020?" when the log was loaded years later: that is the time the
source made it public. So:

- a claim or statement with a source publication time: that time;
- a curated truce: its announcement time (else its effective time);
- a party's or broker's declaration that a truce failed: the time it was made;
- everything else (a curator's own judgment: a collapse without a declarer, a
  supersession, an end, a corrected time, a confirmation, a retraction; an extraction
  run): its record time.

Never later than the record time (the log knew it then). Pure: no I/O, no clock.
"""

from __future__ import annotations

from datetime import datetime

from tracker.domain.events import Event, TruceAnnounced, TruceCollapsed
from tracker.domain.values import Provenance

__all__ = ["knowledge_time"]


def knowledge_time(event: Event, recorded_at: datetime) -> datetime:
    """When what ``event`` says became public (see the module docstring)."""
    known: datetime | None = None
    prov = getattr(event, "provenance", None)
    if isinstance(prov, Provenance) and prov.published is not None:
        known = prov.published.instant
    elif isinstance(event, TruceAnnounced) and not event.status.startswith("extracted"):
        known = (event.announced or event.effective).instant
    elif isinstance(event, TruceCollapsed) and event.declared_by is not None:
        known = event.at.instant
    return recorded_at if known is None else min(known, recorded_at)
