"""Request parameter specs: check JSON types and formats, name the offending field.

A spec checks one value and returns it; an ``Obj`` refuses keys it does not know, by name,
so a typo in a test shows up as a 400 instead of being silently ignored. Nested fields are
named with dots ("address.city"), as the API's ``details.field`` does.
"""

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, cast

from .errors import SemanticallyInvalid, UnknownParameter, ValidationFailed

# Deliberately loose (one "@", a dot in the domain): the API validates the same way.
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")


class Spec:
    def check(self, value: Any, name: str) -> Any:
        raise NotImplementedError


@dataclass(frozen=True)
class Str(Spec):
    nullable: bool = False
    email: bool = False

    def check(self, value: Any, name: str) -> Any:
        if value is None and self.nullable:
            return None
        if not isinstance(value, str):
            raise ValidationFailed(name, f"{name} must be a string")
        if self.email and _EMAIL.fullmatch(value) is None:
            raise ValidationFailed(name, f"{name} must be a valid email address")
        return value


@dataclass(frozen=True)
class Bool(Spec):
    def check(self, value: Any, name: str) -> Any:
        if not isinstance(value, bool):
            raise ValidationFailed(name, f"{name} must be a boolean")
        return value


@dataclass(frozen=True)
class Int(Spec):
    minimum: int | None = None
    allowed: range | None = None
    """Values outside ``allowed`` are well-formed but refused with 422."""

    def check(self, value: Any, name: str) -> Any:
        if not isinstance(value, int) or isinstance(value, bool):
            raise ValidationFailed(name, f"{name} must be an integer")
        if self.minimum is not None and value < self.minimum:
            raise ValidationFailed(name, f"{name} must be at least {self.minimum}")
        if self.allowed is not None and value not in self.allowed:
            low, high = self.allowed.start, self.allowed.stop - 1
            raise SemanticallyInvalid(name, f"{name} must be between {low} and {high}")
        return value


@dataclass(frozen=True)
class Obj(Spec):
    fields: Mapping[str, Spec]
    required: tuple[str, ...] = ()
    """Checked in this order, so the first missing one is named."""

    def check(self, value: Any, name: str) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise ValidationFailed(name, f"{name} must be an object")
        return check_fields(self, cast("dict[str, Any]", value), f"{name}.")


def check_fields(spec: Obj, value: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    """Check every key of a JSON object (a request body, or a nested object) against ``spec``."""
    for key in value:
        if key not in spec.fields:
            raise UnknownParameter(f"{prefix}{key}")
    for key in spec.required:
        if key not in value:
            raise ValidationFailed(f"{prefix}{key}", f"{prefix}{key} is required")
    return {key: spec.fields[key].check(item, f"{prefix}{key}") for key, item in value.items()}
