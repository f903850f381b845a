"""The coded attributes of a truce that analysts expect from ETH/PRIO and UCDP.

Owns the vocabularies of ``TruceAnnounced.truce_type`` (humanitarian or general),
``declaration`` (bilateral, unilateral, multilateral: how many parties declared it),
``written`` (written, verbal, unclear: ETH/PRIO ``written``), and ``check_truce_fields``,
which says clearly which value is wrong. ``scope`` and ``monitoring`` are free text
(the area and actors covered; the agreed monitoring or compliance mechanism, ``none``
when the text agrees none). Pure: stdlib and the domain only.
"""

from __future__ import annotations

from collections.abc import Mapping

from tracker.errors import DomainError

__all__ = ["ATTRIBUTES", "VOCABULARIES", "check_truce_fields"]

#: Coded attributes and their allowed values ("" = not coded).
VOCABULARIES: dict[str, tuple[str, ...]] = {
    "truce_type": ("humanitarian", "general"),
    "declaration": ("bilateral", "unilateral", "multilateral"),
    "written": ("written", "verbal", "unclear"),
}
#: Every attribute a source can be given for (``TruceAnnounced.attribute_sources``).
ATTRIBUTES: tuple[str, ...] = (
    "purpose",
    "truce_type",
    "declaration",
    "written",
    "brokers",
    "scope",
    "monitoring",
    "terms",
)


def check_truce_fields(values: Mapping[str, str]) -> None:
    """Check the coded attributes in ``values`` (attribute -> value; empty = not coded).

    Raises:
        DomainError: a value outside its vocabulary (the message lists the allowed ones).
    """
    for name, allowed in VOCABULARIES.items():
        value = values.get(name, "")
        if value and value not in allowed:
            raise DomainError(
                f"unknown {name.replace('_', ' ')} {value!r}; use one of {', '.join(allowed)}"
            )
