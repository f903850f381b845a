"""Regular expressions built from the words of the pack in use, compiled once per pack.

``PackPattern(build, flags)`` stands where a module-level ``re.compile(...)`` stood: its
``search``/``match``/``finditer``/... compile ``build(pack)`` for the pack in use the first
time, and reuse it after.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping
from functools import lru_cache
from typing import Any

from tracker.conflict.pack import NEVER, ConflictPack, default_pack, in_use

__all__ = ["PackPattern", "alternation", "coded", "groups_of"]


class PackPattern:
    """A regular expression built from the pack in use (see the module's doc)."""

    __slots__ = ("_build", "_cache", "_flags", "_last", "_last_rx")

    def __init__(self, build: Callable[[ConflictPack], str], flags: int = 0) -> None:
        self._build = build
        self._flags = flags
        self._cache: dict[ConflictPack, re.Pattern[str]] = {}
        self._last: ConflictPack | None = None
        self._last_rx: re.Pattern[str] | None = None

    def compiled(self) -> re.Pattern[str]:
        pack = in_use() or default_pack()
        if pack is self._last and self._last_rx is not None:
            return self._last_rx
        rx = self._cache.get(pack)
        if rx is None:
            rx = self._cache[pack] = re.compile(self._build(pack), self._flags)
        self._last, self._last_rx = pack, rx
        return rx

    def search(self, string: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        return self.compiled().search(string, pos, endpos)

    def match(self, string: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        return self.compiled().match(string, pos, endpos)

    def fullmatch(
        self, string: str, pos: int = 0, endpos: int = sys.maxsize
    ) -> re.Match[str] | None:
        return self.compiled().fullmatch(string, pos, endpos)

    def finditer(
        self, string: str, pos: int = 0, endpos: int = sys.maxsize
    ) -> Iterator[re.Match[str]]:
        return self.compiled().finditer(string, pos, endpos)

    def findall(self, string: str, pos: int = 0, endpos: int = sys.maxsize) -> list[Any]:
        return self.compiled().findall(string, pos, endpos)


def alternation(words: Iterable[str]) -> str:
    """``a|b|c`` of patterns written in the pack (kept as written, in order); none: a
    pattern that never matches."""
    return "|".join(words) or NEVER


@lru_cache(maxsize=64)
def groups_of(pack: ConflictPack, lang: str, key: str) -> dict[str, str]:
    """Group name → table key of ``coded`` for the pack's table ``key`` (built once)."""
    return coded(pack.word(lang, key))[1]


def coded(table: Mapping[str, str]) -> tuple[str, dict[str, str]]:
    """``(?P<g0>...)|(?P<g1>...)`` of a table key → pattern, and group name → key."""
    names = {f"g{i}": key for i, key in enumerate(table)}
    body = "|".join(f"(?P<g{i}>{rx})" for i, rx in enumerate(table.values()))
    return body or NEVER, names
