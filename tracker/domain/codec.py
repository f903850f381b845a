"""The payload codec of domain events: dataclass fields <-> JSON-ready values.

Owns turning field values (value objects with ``to_data``/``from_data``, tuples,
optionals, plain JSON scalars) into payload values and back, driven by the classes'
type hints. Pure: stdlib only.
"""

from __future__ import annotations

import types
import typing
from collections.abc import Callable
from functools import cache
from typing import Any

__all__ = ["decode_value", "decoder", "encode_value", "type_hints"]


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
    """The field value of type ``tp`` for the payload value ``raw``."""
    decode = decoder(tp)
    return raw if decode is None else decode(raw)


@cache
def decoder(tp: Any) -> Callable[[Any], Any] | None:
    """A function turning payload values into values of type ``tp`` (None: as they are).

    Built once per type from its hints, so that decoding a payload does not inspect
    the hints again (the projections decode every claim of a rebuild).
    """
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        inner = [a for a in typing.get_args(tp) if a is not type(None)]
        decode = decoder(inner[0])
        if decode is None:
            return None
        return lambda raw: None if raw is None else decode(raw)
    if origin is tuple:
        args = typing.get_args(tp)
        if len(args) == 2 and args[1] is Ellipsis:
            each = decoder(args[0])
            if each is None:
                return tuple
            return lambda raw: tuple(map(each, raw))
        parts = [decoder(a) or _same for a in args]
        return lambda raw: tuple(f(v) for f, v in zip(parts, raw, strict=True))
    if isinstance(tp, type) and hasattr(tp, "from_data"):
        return typing.cast(Callable[[Any], Any], tp.from_data)
    return None


def _same(value: Any) -> Any:
    return value
