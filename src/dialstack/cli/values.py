"""Command-line text to the SDK's keyword arguments, typed by the description.

``--limit 5`` gives ``limit=5`` (an integer field), ``-d address.city=Springfield`` gives
``address={"city": "Springfield"}``, a key given again adds to a list, ``null`` is JSON null
where the field allows it, and ``@file.json`` is that file's JSON. What the description does
not say (unknown keys, missing required fields, enum values) is left for the SDK to refuse.
"""

from __future__ import annotations

import json
import math
import re
from pathlib import Path
from typing import Any, cast

from .table import Field, Node, flag, type_label

_INTEGER = re.compile(r"[+-]?\d+")


class ArgumentMistake(Exception):
    """A mistake in the arguments, found before anything is sent; the message names it."""


def typed(where: str, text: str, node: Node) -> Any:
    """``text`` as the JSON value ``node`` describes (the first of its types it fits)."""
    if text.startswith("@"):
        return _json_file(where, text[1:])
    types = node.get("type", [])
    if not types:
        return text
    if "null" in types and text == "null":
        return None
    if "boolean" in types and text in ("true", "false"):
        return text == "true"
    if "integer" in types and _INTEGER.fullmatch(text):
        return int(text)
    if "number" in types:
        number = _finite(text)
        if number is not None:
            return number
    if ("object" in types and text.startswith("{")) or ("array" in types and text.startswith("[")):
        try:
            return json.loads(text)
        except json.JSONDecodeError as error:
            raise ArgumentMistake(f"{where}: not valid JSON ({error.msg})") from None
    if "string" in types:
        return text
    raise ArgumentMistake(f"{where}: {text!r} is not {_article(type_label(node))}")


def _finite(text: str) -> int | float | None:
    if _INTEGER.fullmatch(text):
        return int(text)
    try:
        number = float(text)
    except ValueError:
        return None
    return number if math.isfinite(number) else None  # JSON has no NaN or Infinity


def _article(label: str) -> str:
    if label.startswith(("object", "array", "integer", "any")):
        return "an " + label
    return "a " + label


def _json_file(where: str, name: str) -> Any:
    try:
        text = Path(name).read_text(encoding="utf-8")
    except OSError as error:
        raise ArgumentMistake(f"{where}: cannot read {name} ({error.strerror})") from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise ArgumentMistake(f"{where}: {name} is not valid JSON ({error.msg})") from None


class Arguments:
    """The keyword arguments of one call, built from ``--field`` options and ``-d`` pairs."""

    def __init__(self, fields: list[Field]) -> None:
        self._fields = fields
        self.values: dict[str, Any] = {}

    def field(self, name: str) -> Field | None:
        """The field a ``-d`` key starts with: its SDK name, wire name or flag spelling."""
        for candidate in self._fields:
            if name in (candidate["name"], candidate["wire"], flag(candidate["name"])):
                return candidate
        return None

    def add_option(self, found: Field, texts: list[str]) -> None:
        where = "--" + flag(found["name"])
        for text in texts:
            self._put(where, self.values, found["name"], text, found)

    def add_pair(self, pair: str) -> None:
        key, sep, text = pair.partition("=")
        where = f"-d {key}"
        if not sep or not key:
            raise ArgumentMistake(f"-d {pair!r}: expected PATH=VALUE (address.city=Springfield)")
        first, *rest = key.split(".")
        found = self.field(first)
        if found is None:
            known = ", ".join(f["name"] for f in self._fields) or "none"
            raise ArgumentMistake(f"{where}: no field {first!r} (fields: {known})")
        node: Node = found
        container, name = self.values, found["name"]
        for part in rest:
            if "object" not in node.get("type", ["object"]):
                label = type_label(node)
                raise ArgumentMistake(f"{where}: {name} is {_article(label)}, not an object")
            properties = node.get("properties")
            if properties is not None and part not in properties:
                known = ", ".join(properties)
                raise ArgumentMistake(f"{where}: {name} has no field {part!r} (fields: {known})")
            inner: object = container.setdefault(name, {})
            if not isinstance(inner, dict):
                raise ArgumentMistake(f"{where}: {name} is given a value and fields")
            container = cast("dict[str, Any]", inner)
            name, node = part, (properties or {}).get(part, Node())
        self._put(where, container, name, text, node)

    @staticmethod
    def _put(where: str, container: dict[str, Any], name: str, text: str, node: Node) -> None:
        is_list = "array" in node.get("type", []) and not text.startswith(("[", "@"))
        if is_list:
            item = typed(where, text, node.get("items", Node()))
            existing: object = container.setdefault(name, [])
            if not isinstance(existing, list):
                raise ArgumentMistake(f"{where}: given twice")
            cast("list[Any]", existing).append(item)  # type: ignore[redundant-cast]
            return
        if name in container:
            raise ArgumentMistake(f"{where}: given twice")
        container[name] = typed(where, text, node)
