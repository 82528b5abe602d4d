"""Checks a call's keyword arguments against its TypedDict before anything is sent.

Type checkers catch these mistakes in typed code; this catches them everywhere else, with
an error that names the argument (``address.city``), as Python does for a bad keyword.
"""

from __future__ import annotations

import sys
import typing
from collections.abc import Mapping
from functools import cache
from types import NoneType, UnionType
from typing import Any, Literal, cast, is_typeddict

from ._json import as_object


def check_arguments(where: str, arguments: Mapping[str, Any], schema: type) -> None:
    """Raise TypeError naming the first unknown, missing or mistyped argument."""
    _check_typeddict(where, "", arguments, schema)


def require_id(name: str, value: object) -> str:
    """An id that goes into a path: a non-empty string (quoting happens when the path is built)."""
    if not isinstance(value, str):
        raise TypeError(f"{name} must be a string, got {type(value).__name__}")
    if not value.strip():
        raise ValueError(f"{name} must be a non-empty id, got {value!r}")
    return value


@cache
def _hints(schema: type) -> tuple[dict[str, Any], frozenset[str]]:
    hints = typing.get_type_hints(schema, vars(sys.modules[schema.__module__]))
    required: frozenset[str] = getattr(schema, "__required_keys__")  # noqa: B009
    return hints, required


def _check_typeddict(where: str, prefix: str, value: Mapping[str, Any], schema: type) -> None:
    hints, required = _hints(schema)
    for key, item in value.items():
        if key not in hints:
            known = ", ".join(sorted(hints))
            raise TypeError(f"{where} got an unexpected argument {prefix + key!r} (known: {known})")
        _check(where, prefix + key, item, hints[key])
    for key in required - value.keys():
        raise TypeError(f"{where} is missing the required argument {prefix + key!r}")


def _check(where: str, name: str, value: Any, hint: Any) -> None:
    if _matches(where, name, value, hint):
        return
    raise TypeError(f"{where}: {name!r} must be {_describe(hint)}, got {_shown(value)}")


_SHOWN_LENGTH = 80


def _shown(value: object) -> str:
    """The bad value itself when it is a short scalar (``'no_answer'``), else its type: a
    mistake is found fastest by seeing it, but a large or nested value is no message."""
    if value is None or isinstance(value, str | int | float | bool):
        shown = repr(value)
        if len(shown) <= _SHOWN_LENGTH:
            return shown
    return type(value).__name__


def _matches(where: str, name: str, value: Any, hint: Any) -> bool:
    origin = typing.get_origin(hint)
    if origin in (typing.Required, typing.NotRequired):
        return _matches(where, name, value, typing.get_args(hint)[0])
    if isinstance(hint, UnionType) or origin is typing.Union:
        return any(_matches(where, name, value, arg) for arg in typing.get_args(hint))
    if hint is Any:
        return True
    if hint is NoneType:
        return value is None
    if origin is Literal:
        return value in typing.get_args(hint)
    if is_typeddict(hint):
        found = as_object(value)
        if found is None:
            return False
        _check_typeddict(where, f"{name}.", found, hint)
        return True
    if origin is dict or origin is Mapping:
        return isinstance(value, Mapping)
    if origin is list:
        if not isinstance(value, list | tuple):
            return False
        [item_hint] = typing.get_args(hint)
        items = cast("list[object] | tuple[object, ...]", value)
        return all(_matches(where, f"{name}[{i}]", v, item_hint) for i, v in enumerate(items))
    if hint is float:
        return isinstance(value, int | float) and not isinstance(value, bool)
    if hint is int:
        return isinstance(value, int) and not isinstance(value, bool)
    if origin is not None:  # another generic, os.PathLike[str]: its class is what is checked
        return isinstance(value, origin)
    return isinstance(value, hint)


def _describe(hint: Any) -> str:
    origin = typing.get_origin(hint)
    if origin in (typing.Required, typing.NotRequired):
        return _describe(typing.get_args(hint)[0])
    if isinstance(hint, UnionType) or origin is typing.Union:
        return " or ".join(_describe(arg) for arg in typing.get_args(hint))
    if hint is NoneType:
        return "None"
    if is_typeddict(hint) or origin in (dict, Mapping):
        return "a dict"
    if origin is list:
        return f"a list of {_describe(typing.get_args(hint)[0])}"
    if origin is Literal:
        return "one of " + ", ".join(repr(arg) for arg in typing.get_args(hint))
    return getattr(hint, "__name__", str(hint))
