"""canonical_json is the standard library's encoding, whichever encoder writes it (and
canonical_json_bytes its UTF-8).

The text is stored, compared for idempotency and hashed into ids: the fast path must give
exactly what ``json`` gives, on any value.
"""

from __future__ import annotations

import enum
import json
import uuid
from datetime import UTC, datetime
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tracker.store import canonical_json
from tracker.store.events import canonical_json_bytes

REFERENCE = json.JSONEncoder(sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)


class Colour(enum.Enum):
    RED = 1


class Kind(enum.StrEnum):
    TRUCE = "truce"


ODD_TEXT = st.sampled_from(["\ud800", "\x00\x1f\x7f", "\u2028", '"\\/', "😀é", "1e5", "NaN"])
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.integers(min_value=2**63 - 2, max_value=2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=20),
    ODD_TEXT,
    st.just(datetime(2020, 11, 10, 1, 0, tzinfo=UTC)),
    st.just(uuid.UUID(int=7)),
    st.just(Colour.RED),
    st.just(Kind.TRUCE),
)
KEYS = st.one_of(st.text(max_size=8), ODD_TEXT, st.integers(-3, 3), st.booleans(), st.none())
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.lists(inner, max_size=3).map(tuple),
        st.dictionaries(st.text(max_size=8), inner, max_size=5),
        st.dictionaries(KEYS, inner, max_size=3),
    ),
    max_leaves=20,
)


@settings(max_examples=600, deadline=None, database=None)
@given(VALUES)
def test_canonical_json_is_the_standard_librarys_text(value: Any) -> None:
    try:
        expected = REFERENCE.encode(value)
    except TypeError as exc:  # keys of mixed types cannot be sorted: the same error
        with pytest.raises(type(exc)):
            canonical_json(value)
        return
    assert canonical_json(value) == expected
    try:
        utf8 = expected.encode()
    except UnicodeEncodeError:  # a lone surrogate: no UTF-8 either way
        with pytest.raises(UnicodeEncodeError):
            canonical_json_bytes(value)
        return
    assert canonical_json_bytes(value) == utf8


def test_an_event_payload_takes_the_fast_path_and_gives_the_same_text() -> None:
    payload = {
        "title": "Ceasefire in Nagorno-Karabakh",
        "authors": ["A", "B"],
        "revision": 1,
        "duplicate_of": None,
        "published_missing": False,
        "nested": {"z": [1, 2], "a": ("x", None)},
    }
    text = canonical_json(payload)
    assert text == REFERENCE.encode(payload)
    assert text.startswith('{"authors":["A","B"],"duplicate_of":null,"nested":{"a":["x",null]')
