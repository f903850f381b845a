"""The log's JSON is read to the values ``json`` reads, whichever decoder reads it.

Payloads are folded into views and written back as text: a fast decoder that read a
number otherwise (orjson reads an integer beyond 64 bits as a float) would change rows.
"""

from __future__ import annotations

import json
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from tracker.store.events import canonical_json
from tracker.store.eventstore import _loads_fast

NUMBERS = st.one_of(
    st.integers(),
    st.integers(min_value=2**63 - 3, max_value=2**66),
    st.integers(min_value=-(2**64), max_value=-(2**63) + 3),
    st.floats(allow_nan=True, allow_infinity=True),
)
VALUES = st.recursive(
    st.one_of(st.none(), st.booleans(), NUMBERS, st.text(max_size=24)),
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=6), inner, max_size=4)
    ),
    max_leaves=20,
)


def _typed(value: Any) -> Any:
    """``value`` with the type of every number beside it (``1 == 1.0`` hides a float)."""
    if isinstance(value, dict):
        return {k: _typed(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_typed(v) for v in value]
    if isinstance(value, float) and value != value:
        return ("nan",)
    return (type(value).__name__, value)


@settings(max_examples=600, deadline=None, database=None)
@given(VALUES)
def test_the_fast_reader_reads_the_logs_text_as_json_does(value: Any) -> None:
    text = canonical_json(value)
    assert _typed(_loads_fast(text)) == _typed(json.loads(text))


def test_integers_beyond_64_bits_stay_integers() -> None:
    for number in (2**64, 2**70 + 1, -(2**63) - 1, -(2**80) - 7):
        text = canonical_json({"n": number, "s": "x"})
        assert _typed(_loads_fast(text)) == {"n": ("int", number), "s": ("str", "x")}
    assert _loads_fast('{"n":9223372036854775807,"m":-9223372036854775808}') == {
        "n": 2**63 - 1,
        "m": -(2**63),
    }


def test_a_text_orjson_refuses_is_read_by_json() -> None:
    for text in ('"\ud800"', '["\udfff", 1]', "NaN", "[1e400]", '{"a": 1}'):
        assert _typed(_loads_fast(text)) == _typed(json.loads(text))
