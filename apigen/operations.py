"""The SDK methods the description asks for: one ``Method`` per operation."""

from __future__ import annotations

import keyword
import re
from dataclasses import dataclass
from typing import cast

from .document import JSON, DescriptionError, Document
from .shapes import ObjectClass, Types, pascal, singular


@dataclass
class Param:
    """A keyword argument of a method: a query parameter or a body field."""

    python: str
    wire: str
    where: str  # "query" or "body"
    schema: JSON
    required: bool
    description: str
    deprecated: bool = False
    instant: bool = False
    """A date-time or date: the method also takes a ``datetime`` or ``date`` for it."""


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
    form_files: tuple[str, ...] | None = None
    """None: a JSON body. Else the body is a form and these are its file fields."""
    server: str | None = None
    """The operation's own server (``servers``), when it is not the API's (the files host)."""
    events: dict[str, ObjectClass] | None = None
    """A stream (``x-dialstack-stream``): each event's name and the model of its data."""

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
        params = _query_params(document, parameters)
        body = cast("JSON", operation.get("requestBody") or {})
        body = document.resolve(body) if body else body
        content = cast("JSON", body.get("content", {}))
        form_files: tuple[str, ...] | None = None
        if content:
            media = _FORM if _FORM in content else "application/json"
            schema = cast("JSON", content.get(media, {}).get("schema", {}))
            flat = types.flatten(schema)
            required = set(flat.get("required", []))
            properties = cast("JSON", flat.get("properties", {}))
            for wire, sub in properties.items():
                if "x-dialstack-alias-of" in sub:
                    continue
                params.append(Param(_plain(wire), wire, "body", sub, wire in required, _text(sub)))
            if media == _FORM:
                form_files = tuple(
                    wire
                    for wire, sub in properties.items()
                    if document.resolve(cast("JSON", sub)).get("format") == "binary"
                )
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
        method.form_files = form_files
        servers = cast("list[JSON]", operation.get("servers", []))
        method.server = cast("str", servers[0]["url"]) if servers else None
        method.result = _result(document, types, operation, method)
        method.params_class = method.stem + "Params"
        found.append(method)
        stream = cast("JSON | None", operation.get("x-dialstack-stream"))
        if stream is not None:
            found.append(_stream_method(document, types, method, stream))
    return found


def _query_params(document: Document, parameters: list[JSON]) -> list[Param]:
    params: list[Param] = []
    for parameter in parameters:
        if parameter["in"] != "query":
            continue
        wire = cast("str", parameter["name"])
        schema = cast("JSON", parameter.get("schema", {}))
        params.append(
            Param(
                _plain(wire),
                wire,
                "query",
                schema,
                bool(parameter.get("required")),
                _text(parameter),
                bool(parameter.get("deprecated")),
                _is_instant(document, schema),
            )
        )
    return params


def _stream_method(document: Document, types: Types, route: Method, stream: JSON) -> Method:
    """The SDK method of an operation's ``x-dialstack-stream``: the same route and account
    rule, its own parameters, and a model per event."""
    operation_id = cast("str", stream["operationId"])
    *namespace, name = operation_id.split(".")
    parameters = [document.resolve(p) for p in cast("list[JSON]", stream.get("parameters", []))]
    method = Method(
        operation_id,
        tuple(namespace),
        name,
        route.fragment,
        route.http_method,
        route.path,
        route.path_params,
        _query_params(document, parameters),
        route.account,
        None,
        False,
        str(stream.get("summary", "")).strip(),
        str(stream.get("description", "")).strip(),
        None,
    )
    method.events = {
        event: types.object_class(schema, "response", route.fragment, pascal(event))
        for event, schema in cast("JSON", stream["events"]).items()
    }
    method.params_class = method.stem + "Params"
    return method


_FORM = "multipart/form-data"


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
