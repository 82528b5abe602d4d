"""The SDK methods the description asks for: one ``Method`` per operation."""

from __future__ import annotations

import keyword
import re
from dataclasses import dataclass
from typing import cast

from .document import JSON, DescriptionError, Document
from .shapes import FILE_SCHEMA_KEY, ObjectClass, Types, pascal, singular


@dataclass
class Param:
    """A keyword argument of a method: a query parameter or a body field."""

    python: str
    wire: str
    where: str  # "query", "body", or "upload" (the file part of a multipart body)
    schema: JSON
    required: bool
    description: str
    deprecated: bool = False
    instant: bool = False
    """A date-time or date: the method also takes a ``datetime`` or ``date`` for it."""


@dataclass(frozen=True)
class Upload:
    """``x-dialstack-upload``: the body is multipart with one file part."""

    part: str
    filename: str
    """The part's file name when the caller gives none and the file has no name of its own."""


@dataclass
class Method:
    operation_id: str
    namespace: tuple[str, ...]
    name: str
    fragment: str
    http_method: str
    path: str
    path_params: list[tuple[str, str]]  # (name, description)
    params: list[Param]
    account: str
    list_style: str | None
    test_only: bool
    summary: str
    description: str
    result: ObjectClass | None
    """The model the answer is (or, for a list, each item is); None: no body."""
    params_class: str = ""
    upload: Upload | None = None

    @property
    def stem(self) -> str:
        """The name its TypedDicts start with: ``AccountCreate``, ``TestHelpersCallCreate``."""
        *parents, last = self.namespace
        return "".join(pascal(p) for p in parents) + pascal(singular(last)) + pascal(self.name)


def methods(document: Document, types: Types) -> list[Method]:
    found: list[Method] = []
    for path, http_method, operation, parameters in document.operations():
        if "x-dialstack-same-as" in operation:
            continue  # served by the emulator, no SDK method of its own
        operation_id = cast("str", operation["operationId"])
        *namespace, name = operation_id.split(".")
        fragment = document.operation_origin.get(operation_id, "shared")
        path_params = [(p, _describe(parameters, p)) for p in re.findall(r"{(\w+)}", path)]
        params: list[Param] = []
        for parameter in parameters:
            if parameter["in"] != "query":
                continue
            wire = cast("str", parameter["name"])
            params.append(
                Param(
                    _plain(wire),
                    wire,
                    "query",
                    cast("JSON", parameter.get("schema", {})),
                    bool(parameter.get("required")),
                    _text(parameter),
                    bool(parameter.get("deprecated")),
                    _is_instant(document, cast("JSON", parameter.get("schema", {}))),
                )
            )
        body = cast("JSON", operation.get("requestBody") or {})
        body = document.resolve(body) if body else body
        content = cast("JSON", body.get("content", {}))
        upload = cast("JSON | None", operation.get("x-dialstack-upload"))
        if upload is not None:
            params += _upload_params(content, upload)
        elif content:
            schema = cast("JSON", content.get("application/json", {}).get("schema", {}))
            flat = types.flatten(schema)
            required = set(flat.get("required", []))
            for wire, sub in cast("JSON", flat.get("properties", {})).items():
                if "x-dialstack-alias-of" in sub:
                    continue
                params.append(Param(_plain(wire), wire, "body", sub, wire in required, _text(sub)))
        names = [p.python for p in params] + [p for p, _ in path_params]
        if len(set(names)) != len(names):
            raise DescriptionError(f"{operation_id}: two arguments share a Python name")
        method = Method(
            operation_id,
            tuple(namespace),
            name,
            fragment,
            http_method.upper(),
            path,
            path_params,
            params,
            cast("str", operation["x-dialstack-account"]),
            operation.get("x-dialstack-list"),
            bool(operation.get("x-dialstack-test-only")),
            str(operation.get("summary", "")).strip(),
            str(operation.get("description", "")).strip(),
            None,
        )
        if upload is not None:
            method.upload = Upload(upload["part"], upload["filename"])
        method.result = _result(document, types, operation, method)
        method.params_class = method.stem + "Params"
        found.append(method)
    return found


def _result(
    document: Document, types: Types, operation: JSON, method: Method
) -> ObjectClass | None:
    responses = cast("JSON", operation["responses"])
    [status] = [s for s in responses if s.startswith("2")]
    response = document.resolve(cast("JSON", responses[status]))
    content = cast("JSON", response.get("content") or {})
    if not content:
        return None
    schema = cast("JSON", content.get("application/json", {}).get("schema", {}))
    fallback = method.stem + "Response"
    if method.list_style in ("paged", "unpaged"):
        data = cast("JSON", types.flatten(schema).get("properties", {})).get("data")
        items = types.document.resolve(cast("JSON", data or {})).get("items")
        if not isinstance(items, dict):
            raise DescriptionError(f"{method.operation_id}: a list without `data.items`")
        schema, fallback = cast("JSON", items), method.stem + "Item"
    elif method.list_style == "array":
        items = types.flatten(schema).get("items")
        if not isinstance(items, dict):
            raise DescriptionError(f"{method.operation_id}: an array list without `items`")
        schema, fallback = cast("JSON", items), method.stem + "Item"
    if not types.is_object(schema):
        raise DescriptionError(f"{method.operation_id}: the answer must be an object schema")
    return types.object_class(schema, "response", method.fragment, fallback)


_OPTION_NAMES = frozenset(
    {
        "timeout",
        "max_network_retries",
        "deadline",
        "dialstack_account",
        "idempotency_key",
        "extra_headers",
        "extra_query",
        "extra_body",
    }
)
"""The per-call options every method takes (``dialstack._config.RequestOptions``): a field
of the same name (a queue's ``timeout``) is spelt with a trailing ``_``, so both can be sent."""


def _upload_params(content: JSON, upload: JSON) -> list[Param]:
    """The file part's argument (an SDK file type) and ``filename``."""
    part = cast("str", upload["part"])
    described = cast("JSON", content["multipart/form-data"]["schema"])["properties"][part]
    file_schema: JSON = {FILE_SCHEMA_KEY: True, "description": described.get("description")}
    default = upload["filename"]
    name_schema: JSON = {
        "type": "string",
        "description": f"The file name sent (default: a path's own name, else `{default}`).",
    }
    return [
        Param(_plain(part), part, "upload", file_schema, True, _text(described)),
        Param("filename", "filename", "upload", name_schema, False, _text(name_schema)),
    ]


def _plain(wire: str) -> str:
    """A query or body name as a keyword argument (``expand[]`` -> ``expand``, ``from`` ->
    ``from_``, ``timeout`` -> ``timeout_``)."""
    name = wire.replace("[]", "").replace("-", "_").replace(".", "_")
    if not name.isidentifier():
        raise DescriptionError(f"the parameter {wire!r} has no Python spelling")
    clashes = keyword.iskeyword(name) or name in _OPTION_NAMES
    return name + "_" if clashes else name


def _describe(parameters: list[JSON], name: str) -> str:
    for parameter in parameters:
        if parameter["in"] == "path" and parameter["name"] == name:
            return _text(parameter)
    return ""


def _text(node: JSON) -> str:
    return " ".join(str(node.get("description", "")).split())


def _is_instant(document: Document, schema: JSON) -> bool:
    """A date-time or a date, alone or among the options of an ``anyOf``/``oneOf``."""
    schema = document.resolve(schema)
    if schema.get("format") in ("date-time", "date"):
        return True
    options = cast("list[JSON]", schema.get("anyOf", schema.get("oneOf", [])))
    return any(_is_instant(document, option) for option in options)
