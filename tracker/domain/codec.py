"""The payload codec of domain events: dataclass fields <-> JSON-ready values.

Owns turning field values (value objects with ``to_data``/``from_data``, tuples,
optionals, plain JSON scalars) into payload values and back, driven by the classes'
type hints. Pure: stdlib only.
"""

from __future__ import annotations

import types
import typing
from functools import cache
from typing import Any

__all__ = ["decode_value", "encode_value", "type_hints"]


def encode_value(value: Any) -> Any:
    if hasattr(value, "to_data") and not isinstance(value, type):
        return value.to_data()
    if isinstance(value, tuple):
        return [encode_value(v) for v in value]
    return value


@cache
def type_hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def decode_value(tp: Any, raw: Any) -> Any:
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        if raw is None:
            return None
        inner = [a for a in typing.get_args(tp) if a is not type(None)]
        return decode_value(inner[0], raw)
    if origin is tuple:
        args = typing.get_args(tp)
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(decode_value(args[0], v) for v in raw)
        return tuple(decode_value(a, v) for a, v in zip(args, raw, strict=True))
    if isinstance(tp, type) and hasattr(tp, "from_data"):
        return tp.from_data(raw)
    return raw
