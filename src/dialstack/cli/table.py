"""The generated command table (``commands.json``), typed, and the namespace tree over it."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypedDict, cast


class Node(TypedDict, total=False):
    """A field's schema as the command line needs it: JSON types (empty: any), help,
    enum values, array items and object properties."""

    type: list[str]
    help: str
    enum: list[Any]
    items: Node
    properties: dict[str, Node]


class Field(Node):
    name: str
    """The SDK's keyword argument."""
    wire: str
    where: str
    required: bool
    deprecated: bool


class PathParam(TypedDict):
    name: str
    help: str


class Entry(TypedDict):
    namespace: list[str]
    method: str
    operation_id: str
    http: str
    summary: str
    description: str
    account: str
    list: str | None
    returns_body: bool
    stream: bool
    path_params: list[PathParam]
    fields: list[Field]


@dataclass
class Namespace:
    """A namespace of the SDK: its methods and the namespaces inside it."""

    path: tuple[str, ...]
    methods: dict[str, Entry] = field(default_factory=dict[str, Entry])
    children: dict[str, Namespace] = field(default_factory=dict[str, "Namespace"])

    def summary(self) -> str:
        names = [*self.methods, *(f"{name} ..." for name in self.children)]
        return ", ".join(names)


def load() -> Namespace:
    """The root namespace, holding every method of the generated table."""
    text = (Path(__file__).parent / "commands.json").read_text(encoding="utf-8")
    root = Namespace(())
    for entry in cast("list[Entry]", json.loads(text)["methods"]):
        space = root
        for name in entry["namespace"]:
            space = space.children.setdefault(name, Namespace((*space.path, name)))
        space.methods[entry["method"]] = entry
    return root


def dotted(entry: Entry) -> str:
    """``test_helpers.calls.create``, as the SDK's own messages name a method."""
    return ".".join([*entry["namespace"], entry["method"]])


def flag(python_name: str) -> str:
    """``from_date`` -> ``from-date``; ``from_`` (a Python keyword) -> ``from``."""
    return python_name.rstrip("_").replace("_", "-")


def type_label(node: Node) -> str:
    types = node.get("type", [])
    if not types:
        return "any JSON"
    labels: list[str] = []
    for name in types:
        if name == "array" and "items" in node:
            labels.append(f"array of {type_label(node['items'])}")
        else:
            labels.append(name)
    return " or ".join(labels)
