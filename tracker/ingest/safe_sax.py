"""The SAX parser feedparser's strict mode uses here: expat with entity declarations refused.

feedparser 6.0.x creates its strict parser with ``xml.sax.make_parser`` from a list of
module names (``feedparser.api.PREFERRED_XML_PARSERS``); :mod:`tracker.ingest.parse`
puts this module first. Any ``<!ENTITY>`` declaration the parser meets — in a DOCTYPE,
whatever comments or other tricks hid it from a scan — stops the strict parse with a
``SAXException`` (defusedxml's approach), so nothing is ever expanded; feedparser then
falls back to its lenient parser, which :mod:`tracker.ingest.parse` gives no entities.
External entities and DTDs are never fetched.
"""

from __future__ import annotations

from typing import Any
from xml.sax import SAXException
from xml.sax.expatreader import ExpatParser


class EntitiesRefused(SAXException):
    """An entity declaration in a feed: refused, never expanded."""


def _refuse_entity(name: str, *_args: Any) -> None:
    raise EntitiesRefused(f"entity declarations are refused (the feed declares {name!r})")


def _refuse_external(*_args: Any) -> int:
    raise EntitiesRefused("external entities are refused")


class SafeExpatParser(ExpatParser):
    """``ExpatParser`` whose expat parser refuses entity declarations and external DTDs."""

    def reset(self) -> None:
        super().reset()
        parser = self._parser  # type: ignore[attr-defined]
        parser.EntityDeclHandler = _refuse_entity
        parser.UnparsedEntityDeclHandler = _refuse_entity
        parser.ExternalEntityRefHandler = _refuse_external
        parser.SetParamEntityParsing(0)  # XML_PARAM_ENTITY_PARSING_NEVER


def create_parser(*args: Any, **kwargs: Any) -> SafeExpatParser:
    """What ``xml.sax.make_parser`` calls."""
    return SafeExpatParser(*args, **kwargs)
