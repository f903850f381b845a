"""tracker: an event-sourced ceasefire tracker.

Truces, violation reports, denials and casualty claims are kept as an append-only log of
events; analysts query SQL projections (views) computed from that log.
"""

__version__ = "0.1.0"
