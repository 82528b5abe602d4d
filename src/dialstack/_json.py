"""Narrowing decoded JSON: the one place a JSON object becomes a typed mapping."""

from collections.abc import Mapping
from typing import Any, cast


def as_object(value: object) -> Mapping[str, Any] | None:
    """``value`` if it is a JSON object (a mapping), else None."""
    return cast("Mapping[str, Any]", value) if isinstance(value, Mapping) else None
