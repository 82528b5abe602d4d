"""The command table of the ``dialstack`` command line, from the same description as the SDK.

One JSON document (``src/dialstack/cli/commands.json``): for every SDK method its namespace,
name, HTTP route, account rule, list style, path parameters and fields, each field with its
JSON types, enum values, nested properties and array items, so that the command line types
``--limit 5`` or ``-d address.city=Springfield`` without importing the SDK's models.
"""

from __future__ import annotations

import json
from typing import Any, cast

from .document import JSON, Document
from .operations import Method

JSON_TYPES = ("object", "array", "string", "integer", "number", "boolean", "null")


def cli_table(document: Document, found: list[Method]) -> str:
    table = {
        "generated_by": "scripts/generate from api/openapi.yaml and api/paths/*.yaml",
        "methods": [_method(document, method) for method in found],
    }
    return json.dumps(table, indent=1, ensure_ascii=False) + "\n"


def _method(document: Document, method: Method) -> JSON:
    fields: list[JSON] = []
    for param in method.params:
        node = _node(document, param.schema, frozenset())
        fields.append(
            {
                "name": param.python,
                "wire": param.wire,
                "where": param.where,
                "required": param.required,
                "deprecated": param.deprecated,
                **node,
                "help": param.description or node.get("help", ""),
            }
        )
    return {
        "namespace": list(method.namespace),
        "method": method.name,
        "operation_id": method.operation_id,
        "http": f"{method.http_method} {method.path}",
        "summary": method.summary,
        "description": _one_line(method.description),
        "account": method.account,
        "list": method.list_style,
        "returns_body": method.result is not None,
        "stream": method.events is not None,
        "path_params": [{"name": name, "help": text} for name, text in method.path_params],
        "fields": fields,
    }


def _node(document: Document, schema: JSON, refs: frozenset[str]) -> JSON:
    """The types, enum, help, items and properties of ``schema``, its $refs followed (a $ref
    met again inside itself stands for any object: the command line types no deeper)."""
    help_text = _one_line(str(schema.get("description", "")))
    ref = schema.get("$ref")
    if isinstance(ref, str):
        if ref in refs:
            return {"type": ["object"], "help": help_text}
        refs = refs | {ref}
        schema = document.resolve(schema)
        help_text = help_text or _one_line(str(schema.get("description", "")))
    types: list[str] = []
    enum: list[Any] = []
    properties: JSON = {}
    items: JSON | None = None
    declared = schema.get("type")
    for name in [declared] if isinstance(declared, str) else cast("list[str]", declared or []):
        if name not in types:
            types.append(name)
    for value in cast("list[Any]", schema.get("enum", [])):
        if value not in enum:
            enum.append(value)
    if "const" in schema and schema["const"] not in enum:
        enum.append(schema["const"])
    for wire, sub in cast("JSON", schema.get("properties", {})).items():
        if "x-dialstack-alias-of" not in sub:
            properties[wire] = _node(document, cast("JSON", sub), refs)
    if isinstance(schema.get("items"), dict):
        items = _node(document, cast("JSON", schema["items"]), refs)
    for key in ("allOf", "anyOf", "oneOf"):
        for branch in cast("list[JSON]", schema.get(key, [])):
            merged = _node(document, branch, refs)
            types += [t for t in merged["type"] if t not in types]
            enum += [v for v in merged.get("enum", []) if v not in enum]
            properties.update(merged.get("properties", {}))
            items = items or merged.get("items")
            help_text = help_text or merged.get("help", "")
    if not types and properties:
        types.append("object")
    node: JSON = {"type": sorted(types, key=JSON_TYPES.index), "help": help_text}
    if enum:
        node["enum"] = enum
    if items is not None:
        node["items"] = items
    if properties:
        node["properties"] = properties
    return node


def _one_line(text: str) -> str:
    return " ".join(text.split())
