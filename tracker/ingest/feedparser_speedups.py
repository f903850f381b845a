"""Hot spots of feedparser 6.0.x, replaced by functions that give the same results.

Owns every change tracker makes to feedparser's internals, and the way to undo them
(:func:`original_feedparser`, for the test that parses feedparser's own corpus both ways
and compares every field). Must not change what feedparser returns: each replacement is
the original on every input it does not recognise as its fast case.

Measured on 20-item RSS feeds (``benchmarks/bench_ingest.py``'s bodies), feedparser spends
its time in Python per element; these were over a third of it (feedparser alone: 3.4 ms
per 20-item feed before, 2.0 ms after, on one core):

- ``mixin.make_safe_absolute_uri`` resolves ``xml:base`` at *every* start tag, nearly
  always with the same two strings: a pure function of its arguments (and the module
  constant ``ACCEPTABLE_URI_SCHEMES``), so an LRU cache answers.
- ``FeedParserDict.__getitem__``, ``get`` and ``__setitem__`` (~100 calls per item)
  check five special keys and the alias map before the plain lookup; a key that is
  neither goes straight to the dict.
- ``copy.deepcopy`` of the content parameters (type, language, base: two per item) goes
  through the generic reduce machinery; a flat dict of strings is copied key by key
  through the same ``__setitem__`` that deepcopy's reconstruction uses.

Installed by :mod:`tracker.ingest.parse` at import, only on the feedparser release they
were checked against (:data:`CHECKED_VERSION`, pinned in pyproject.toml; the test that
parses feedparser's corpus both ways is the check): any other release is left alone, with
a warning, and parses as shipped. Measured again with 6.0.14 on the bundled 9-item sample
feed: 2.3 ms per parse with them, 2.8 ms without (about 20% less CPU).
"""

from __future__ import annotations

import contextlib
import copy
import functools
import types
import warnings
from collections.abc import Iterator
from typing import Any

import feedparser
import feedparser.mixin
import feedparser.util

#: Values a flat content-parameter dict may hold for the shallow copy to equal deepcopy.
_ATOMIC = frozenset({str, int, float, bool, type(None), bytes})

_originals: dict[str, Any] = {}

#: The feedparser release the replacements were checked against (keep pyproject's pin equal).
CHECKED_VERSION = "6.0.14"


def install() -> None:
    """Install the replacements (once; later calls do nothing); on a feedparser release
    other than :data:`CHECKED_VERSION`, warn and leave feedparser as shipped."""
    if _originals:
        return
    version = str(getattr(feedparser, "__version__", "unknown"))
    if version != CHECKED_VERSION:
        warnings.warn(
            f"feedparser {version} is not {CHECKED_VERSION}, the release tracker's feedparser "
            "speed-ups were checked against: feeds are parsed by plain feedparser (slower)",
            RuntimeWarning,
            stacklevel=2,
        )
        return
    mixin = getattr(feedparser, "mixin", None)
    fpdict = getattr(getattr(feedparser, "util", None), "FeedParserDict", None)
    resolve = getattr(mixin, "make_safe_absolute_uri", None)
    if mixin is not None and resolve is not None:
        _originals["make_safe_absolute_uri"] = resolve
        mixin.make_safe_absolute_uri = _memoized(resolve)
    if mixin is not None and getattr(mixin, "copy", None) is copy and fpdict is not None:
        _originals["copy"] = copy
        mixin.copy = types.SimpleNamespace(deepcopy=_deepcopy_for(fpdict))
    if fpdict is not None and isinstance(getattr(fpdict, "keymap", None), dict):
        for name, make in _DICT_METHODS.items():
            _originals[name] = getattr(fpdict, name)
            setattr(fpdict, name, make(fpdict, _originals[name]))


def _memoized(original: Any) -> Any:
    cached = functools.lru_cache(maxsize=512)(original)

    def make_safe_absolute_uri(base: Any, rel: Any = None) -> Any:
        try:
            return cached(base, rel)
        except TypeError:  # an unhashable argument: no caching
            return original(base, rel)

    return make_safe_absolute_uri


def _special_keys(cls: type) -> frozenset[Any]:
    # Keys FeedParserDict treats specially: five computed ones and the aliases.
    computed = frozenset({"category", "enclosures", "license", "updated", "updated_parsed"})
    return computed | frozenset(cls.keymap)  # type: ignore[attr-defined]


def _getitem_for(cls: type, original: Any) -> Any:
    special = _special_keys(cls)
    plain = dict.__getitem__

    def __getitem__(self: dict[Any, Any], key: Any) -> Any:
        if key in special:
            return original(self, key)
        return plain(self, key)  # the original's last line, for every other key

    return __getitem__


def _get_for(cls: type, original: Any) -> Any:
    special = _special_keys(cls)
    plain = dict.get

    def get(self: dict[Any, Any], key: Any, default: Any = None) -> Any:
        if key in special:
            return original(self, key, default)
        return plain(self, key, default)  # __getitem__ or KeyError → default, as the original

    return get


def _setitem_for(cls: type, original: Any) -> Any:
    aliases = frozenset(cls.keymap)  # type: ignore[attr-defined]
    plain = dict.__setitem__

    def __setitem__(self: dict[Any, Any], key: Any, value: Any) -> None:
        if key in aliases:
            original(self, key, value)
        else:
            plain(self, key, value)  # the original maps only the aliases

    return __setitem__


_DICT_METHODS = {"__getitem__": _getitem_for, "get": _get_for, "__setitem__": _setitem_for}


def _deepcopy_for(cls: type) -> Any:
    deepcopy = copy.deepcopy

    def fast_deepcopy(value: Any, memo: Any = None) -> Any:
        flat: dict[Any, Any] = value
        if type(value) is not cls or value.__dict__:
            return deepcopy(value, memo)
        if not all(type(v) in _ATOMIC for v in dict.values(flat)):
            return deepcopy(value, memo)
        out = cls()
        for key, item in dict.items(flat):
            out[key] = item  # deepcopy's reconstruction assigns through __setitem__ too
        return out

    return fast_deepcopy


@contextlib.contextmanager
def original_feedparser() -> Iterator[None]:
    """feedparser as shipped, for the duration of the block (tests compare both)."""
    mixin = feedparser.mixin
    fpdict = feedparser.util.FeedParserDict
    saved = {
        "make_safe_absolute_uri": mixin.make_safe_absolute_uri,
        "copy": mixin.copy,
        **{name: getattr(fpdict, name) for name in _DICT_METHODS},
    }
    try:
        for name, original in _originals.items():
            setattr(fpdict if name in _DICT_METHODS else mixin, name, original)
        yield
    finally:
        for name, value in saved.items():
            setattr(fpdict if name in _DICT_METHODS else mixin, name, value)
