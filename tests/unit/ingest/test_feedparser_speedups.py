"""The feedparser speed-ups answer exactly as feedparser's own code on every kind of key."""

from __future__ import annotations

import copy
import warnings

import feedparser
import feedparser.mixin
import pytest
from feedparser.util import FeedParserDict

from tracker.ingest import parse  # noqa: F401  (installs the speed-ups)
from tracker.ingest.feedparser_speedups import original_feedparser

KEYS = [
    "title", "summary", "description", "description_detail", "guid", "url", "date",
    "updated", "updated_parsed", "published", "category", "enclosures", "license",
    "channel", "items", "missing", "tagline",
]  # fmt: skip


def _sample() -> FeedParserDict:
    d = FeedParserDict()
    for key, value in {
        "title": "t",
        "summary": "s",
        "id": "g",
        "href": "h",
        "published": "p",
        "published_parsed": (2020, 10, 10),
        "tags": [FeedParserDict(term="war")],
        "links": [
            FeedParserDict(rel="enclosure", href="e.mp3", type="audio/mpeg"),
            FeedParserDict(rel="license", href="cc"),
        ],
        "feed": "f",
    }.items():
        d[key] = value
    return d


def _answers(d: FeedParserDict) -> list[object]:
    out: list[object] = []
    for key in KEYS:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            try:
                out.append(("ok", d[key], d.get(key, "default"), key in d))
            except KeyError as exc:
                out.append(("KeyError", str(exc)))
    return out


def test_lookups_answer_as_feedparser_does() -> None:
    fast = _answers(_sample())
    with original_feedparser():
        shipped = _answers(_sample())
    assert fast == shipped
    assert ("ok", "g", "g", True) in fast  # "guid" is an alias of "id"
    assert ("KeyError", "'missing'") in fast


def _stored(key: str) -> dict[object, object]:
    d = FeedParserDict()
    d[key] = "v"
    return dict(d)


def test_assignments_store_under_the_same_keys_as_feedparser() -> None:
    fast = [_stored(key) for key in KEYS]
    with original_feedparser():
        shipped = [_stored(key) for key in KEYS]
    assert fast == shipped
    assert {"summary": "v"} in fast and {"id": "v"} in fast  # aliases still mapped


def test_an_unhashable_key_fails_the_same_way() -> None:
    with pytest.raises(TypeError):
        _sample()[["not", "hashable"]]  # type: ignore[index]


def test_content_parameters_are_copied_as_deepcopy_would() -> None:
    params = FeedParserDict()
    params["type"], params["language"], params["base"] = "text/html", None, "http://e.org/"
    fast = feedparser.mixin.copy.deepcopy(params)
    assert fast == copy.deepcopy(params) and type(fast) is FeedParserDict
    assert fast is not params
    nested = FeedParserDict()
    nested["value"] = ["a", "list"]  # not flat: the generic deepcopy, a new list
    copied = feedparser.mixin.copy.deepcopy(nested)
    assert copied == nested and copied["value"] is not nested["value"]


def test_another_feedparser_release_is_not_patched(monkeypatch: pytest.MonkeyPatch) -> None:
    from tracker.ingest import feedparser_speedups

    assert feedparser.__version__ == feedparser_speedups.CHECKED_VERSION  # the pinned release
    monkeypatch.setattr(feedparser_speedups, "_originals", {})
    monkeypatch.setattr(feedparser, "__version__", "6.1.0")
    before = feedparser.mixin.make_safe_absolute_uri
    with pytest.warns(RuntimeWarning, match=r"feedparser 6\.1\.0 is not 6\.0\.14"):
        feedparser_speedups.install()
    assert feedparser_speedups._originals == {}
    assert feedparser.mixin.make_safe_absolute_uri is before
