"""Decoding and narrowing JSON: the one place a body becomes a value, and a JSON object
becomes a typed mapping."""

import json
from collections.abc import Mapping
from typing import Any, cast

# Everything json.loads can raise on hostile bytes: bad syntax or UTF-8 (ValueError), an
# integer past the digit limit (ValueError), nesting past the interpreter's recursion limit.
DECODE_ERRORS = (ValueError, RecursionError)


def as_object(value: object) -> Mapping[str, Any] | None:
    """``value`` if it is a JSON object (a mapping), else None."""
    return cast("Mapping[str, Any]", value) if isinstance(value, Mapping) else None


def _refuse_constant(name: str) -> object:
    raise ValueError(f"{name} is not JSON")  # NaN, Infinity, -Infinity: Python-only extensions


# One decoder, made once: json.loads with any option builds a new one on every call.
_DECODER = json.JSONDecoder(parse_constant=_refuse_constant)


def decode(body: bytes) -> object:
    """The JSON value of ``body`` (UTF-8, as RFC 8259 requires); raises one of
    ``DECODE_ERRORS`` for anything not JSON."""
    return _DECODER.decode(body.decode())


def decode_leniently(body: bytes) -> object:
    """What an answer said, for an error to keep: its JSON value, else its text, else None."""
    if not body:
        return None
    try:
        value = decode(body)
    except DECODE_ERRORS:
        value = None
    # A JSON null keeps its text, so that None always means "no body at all".
    return body.decode("utf-8", "replace") if value is None else value
