"""The emulator's contract: the OpenAPI document, checked on every request before its handler.

``Description`` reads ``openapi.json`` (generated from ``api/`` by scripts/generate) and
compiles, per operation, validators (jsonschema-rs: compiled, with linear-time regex and
format checks) for the path parameters, the query (its strings converted to the described
integers, booleans and arrays first) and the body. A failure becomes the API's error:

- a key the schema does not have: 400 ``parameter_unknown``, ``details.field`` naming it;
- anything else: 400 ``validation_error`` naming the dotted field (``address.city``), or 422
  when the failing schema says ``x-dialstack-unprocessable: true`` (well-formed, but a value
  the API refuses: ``config.extension_length`` of 9).

Older spellings (``x-dialstack-aliases``) are folded into the current one before the handler
runs, the current one winning, so handlers only ever read the current names.
"""

import json
import math
import os
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from importlib.resources import files
from typing import Any, cast
from urllib.parse import parse_qsl, unquote

import jsonschema_rs

from ..core.errors import EmulatorError, SemanticallyInvalid, UnknownParameter, ValidationFailed

BASE = "urn:dialstack:api"
CHECK_RESPONSES_ENV = "DIALSTACK_EMULATOR_CHECK_RESPONSES"
"""Set to 1 (the test suite does) to check every handler's answer against the description."""
_INTEGER = re.compile(r"-?[0-9]{1,18}")
_MESSAGE_LIMIT = 200
_FORM = "multipart/form-data"

JSON = dict[str, Any]


def document_bytes() -> bytes:
    # Beside the package root, where scripts/generate writes it.
    return files("dialstack.emulator").joinpath("openapi.json").read_bytes()


@dataclass(frozen=True)
class QueryParameter:
    name: str
    kind: str  # the described JSON type: string, integer, number, boolean, array
    item_kind: str = "string"
    required: bool = False


AliasPlan = Mapping[str, tuple[tuple[str, ...], "AliasPlan"]]
"""Per property of an object: its older spellings, and the plan for its own value."""


@dataclass
class Operation:
    """One operation of the description, ready to check a request and an answer."""

    operation_id: str
    method: str
    path: str
    account: str
    handler_id: str
    """The operationId whose handler serves it (``x-dialstack-same-as``, else its own)."""
    components: tuple[str, ...] = ()
    """The browser components whose account session tokens may call it
    (``x-dialstack-components``)."""
    path_check: Callable[[object], None] | None = None
    query: dict[str, QueryParameter] = field(default_factory=dict[str, QueryParameter])
    query_check: Callable[[object], None] | None = None
    query_required: bool = False
    body_check: Callable[[object], None] | None = None
    body_aliases: AliasPlan = field(default_factory=dict[str, tuple[tuple[str, ...], Any]])
    form_files: tuple[str, ...] | None = None
    """None: the body is JSON. Else it is a ``multipart/form-data`` form, read as it streams
    in (``core.uploads``), and these are its file fields (``format: binary``)."""
    responses: dict[str, Callable[[object], None] | None] = field(
        default_factory=dict[str, Callable[[object], None] | None]
    )


class Description:
    def __init__(self, raw: bytes | None = None) -> None:
        self.raw = document_bytes() if raw is None else raw
        self.document: JSON = json.loads(self.raw)
        self._registry = jsonschema_rs.Registry([(BASE, self.document)])
        self.operations: list[Operation] = []
        for path, item in cast("JSON", self.document["paths"]).items():
            for method, node in cast("JSON", item).items():
                if method in ("get", "post", "put", "delete", "patch"):
                    self.operations.append(self._operation(path, method, item, node))

    # --- building ---------------------------------------------------------------------

    def _validator(self, pointer: str) -> Callable[[object], None]:
        """A check of a value against the schema at ``pointer`` in the document."""
        return self._check({"$ref": f"{BASE}#{pointer}"})

    def _check(self, schema: JSON) -> Callable[[object], None]:
        """A check of a value against ``schema``: an error of the wire's shape when it fails,
        whatever the value holds."""
        validator = jsonschema_rs.validator_for(
            schema, registry=self._registry, validate_formats=True, formats=_FORMATS
        )
        document = self.document

        def check(value: object) -> None:
            try:
                if validator.is_valid(value):
                    return
                errors = list(validator.iter_errors(value))
            except (UnicodeError, ValueError, RecursionError, OverflowError):
                raise _unrepresentable(value) from None
            raise _wire_error(document, errors)

        return check

    def resolve(self, node: JSON) -> JSON:
        while "$ref" in node:
            target: Any = self.document
            for part in cast("str", node["$ref"]).removeprefix("#/").split("/"):
                key = unquote(part).replace("~1", "/").replace("~0", "~")
                target = target[int(key) if isinstance(target, list) else key]
            node = cast("JSON", target)
        return node

    def _operation(self, path: str, method: str, item: JSON, node: JSON) -> Operation:
        operation_id = cast("str", node["operationId"])
        operation = Operation(
            operation_id,
            method.upper(),
            path,
            cast("str", node.get("x-dialstack-account", "never")),
            cast("str", node.get("x-dialstack-same-as", operation_id)),
            tuple(cast("list[str]", node.get("x-dialstack-components", []))),
        )
        base = f"/paths/{_escape(path)}"
        pointers: dict[tuple[str, str], str] = {}
        for where, owner in (("", item), (f"/{method}", node)):
            for index, parameter in enumerate(cast("list[JSON]", owner.get("parameters", []))):
                resolved = self.resolve(parameter)
                pointer = f"{base}{where}/parameters/{index}"
                if "$ref" in parameter:
                    pointer = cast("str", parameter["$ref"]).removeprefix("#")
                pointers[(resolved["name"], resolved["in"])] = pointer
        path_properties: JSON = {}
        query_properties: JSON = {}
        required: list[str] = []
        for (name, place), pointer in pointers.items():
            parameter = self.resolve({"$ref": "#" + pointer})
            schema = self.resolve(cast("JSON", parameter.get("schema", {})))
            reference = {"$ref": f"{BASE}#{pointer}/schema"}
            if place == "path":
                if schema != {"type": "string"}:  # every path segment is a string
                    path_properties[name] = reference
            elif place == "query":
                kind = _kind(schema)
                items = self.resolve(cast("JSON", schema.get("items", {})))
                operation.query[name] = QueryParameter(
                    name, kind, _kind(items), bool(parameter.get("required"))
                )
                query_properties[name] = reference
                if parameter.get("required"):
                    required.append(name)
        if path_properties:
            operation.path_check = self._inline({"properties": path_properties})
        if query_properties:
            operation.query_check = self._inline(
                {"properties": query_properties, "required": required}
            )
            operation.query_required = bool(required)
        self._read_body(operation, f"{base}/{method}", cast("JSON | None", node.get("requestBody")))
        for status, response in cast("JSON", node.get("responses", {})).items():
            resolved = self.resolve(cast("JSON", response))
            content = cast("JSON", resolved.get("content", {}))
            if "application/json" not in content:
                operation.responses[status] = None
                continue
            pointer = f"{base}/{method}/responses/{status}/content/application~1json/schema"
            if "$ref" in cast("JSON", response):
                ref = cast("str", cast("JSON", response)["$ref"]).removeprefix("#")
                pointer = f"{ref}/content/application~1json/schema"
            operation.responses[status] = self._validator(pointer)
        return operation

    def _read_body(self, operation: Operation, at: str, body: JSON | None) -> None:
        """The checks of the request body an operation takes, JSON or a form."""
        if body is None:
            return
        content = cast("JSON", self.resolve(body).get("content", {}))
        if "application/json" in content:
            pointer = f"{at}/requestBody/content/application~1json/schema"
            if "$ref" in body:
                ref = cast("str", body["$ref"]).removeprefix("#")
                pointer = f"{ref}/content/application~1json/schema"
            operation.body_check = self._validator(pointer)
            operation.body_aliases = self._aliases(
                cast("JSON", content["application/json"]["schema"]), set()
            )
        elif _FORM in content:
            schema = self.resolve(cast("JSON", content[_FORM]["schema"]))
            operation.body_check = self._validator(
                f"{at}/requestBody/content/multipart~1form-data/schema"
            )
            operation.form_files = tuple(
                name
                for name, sub in cast("JSON", schema.get("properties", {})).items()
                if self.resolve(cast("JSON", sub)).get("format") == "binary"
            )

    def _inline(self, schema: JSON) -> Callable[[object], None]:
        """A validator of an object whose properties are the given parameter schemas."""
        return self._check({"type": "object", **schema})

    def _aliases(self, schema: JSON, seen: set[int]) -> AliasPlan:
        schema = self.resolve(schema)
        if id(schema) in seen:
            return {}
        seen = seen | {id(schema)}
        plan: dict[str, tuple[tuple[str, ...], AliasPlan]] = {}
        for name, sub in cast("JSON", schema.get("properties", {})).items():
            aliases = tuple(cast("list[str]", cast("JSON", sub).get("x-dialstack-aliases", [])))
            nested = self._aliases(cast("JSON", sub), seen)
            if aliases or nested:
                plan[name] = (aliases, nested)
        return plan

    # --- checking ---------------------------------------------------------------------

    def check_request(
        self,
        operation: Operation,
        path_params: Mapping[str, str],
        query_string: bytes,
        body: dict[str, Any],
    ) -> dict[str, Any]:
        """Raise the wire error of a request that breaks the description; else return its
        query, converted to the described types (arrays as lists)."""
        if operation.path_check is not None:
            operation.path_check(dict(path_params))
        query: dict[str, Any] = {}
        if query_string:
            query = _query(operation, query_string)
        if operation.query_check is not None and (query or operation.query_required):
            operation.query_check(query)
        if operation.body_check is not None:
            if body:
                _require_text(body)
            # An older spelling stands in for the field, a required one included: fold first.
            if operation.body_aliases:
                _fold(body, operation.body_aliases)
            operation.body_check(body)
        return query

    def check_response(self, operation: Operation, status: int, body: str | None) -> None:
        """Raise ``ResponseMismatch`` when an answer is not one the description allows."""
        documented = operation.responses
        if str(status) not in documented:
            raise ResponseMismatch(f"{operation.operation_id} answered an undocumented {status}")
        check = documented[str(status)]
        if check is None:
            if body:
                raise ResponseMismatch(f"{operation.operation_id} {status} must have no body")
            return
        try:
            check(json.loads(body or "null"))
        except EmulatorError as error:
            raise ResponseMismatch(
                f"{operation.operation_id} {status} breaks its schema at "
                f"{error.details.get('field', '')!r}: {error.message}"
            ) from None


class ResponseMismatch(Exception):
    """The emulator answered what its own description does not allow (a bug of ours)."""


def responses_checked() -> bool:
    return os.environ.get(CHECK_RESPONSES_ENV) == "1"


def is_email(value: str) -> bool:
    """One ``@``, something before it, a dot inside the domain, no whitespace: the API's own
    loose rule. Linear in the length, whatever the input (no backtracking regex)."""
    if value.count("@") != 1 or any(character.isspace() for character in value):
        return False
    local, _, domain = value.partition("@")
    return bool(local) and "." in domain[1:-1]


_FORMATS: dict[str, Callable[[str], bool]] = {"email": is_email}


def _escape(path: str) -> str:
    return path.replace("~", "~0").replace("/", "~1").replace("{", "%7B").replace("}", "%7D")


def _kind(schema: JSON) -> str:
    kind = schema.get("type", "string")
    if isinstance(kind, list):
        kinds = [k for k in cast("list[str]", kind) if k != "null"]
        kind = kinds[0] if kinds else "string"
    return cast("str", kind)


def _query(operation: Operation, query_string: bytes) -> dict[str, Any]:
    described = operation.query
    query: dict[str, Any] = {}
    for name, value in parse_qsl(query_string.decode("latin-1"), keep_blank_values=True):
        parameter = described.get(name)
        if parameter is None:
            raise UnknownParameter(name)
        if parameter.kind == "array":
            query.setdefault(name, []).append(_typed(value, parameter.item_kind))
        else:
            query[name] = _typed(value, parameter.kind)
    return query


def _typed(value: str, kind: str) -> object:
    """A query string value as the described type, when it spells one (else left a string,
    for the validator to name)."""
    if kind == "integer" and _INTEGER.fullmatch(value):
        return int(value)
    if kind == "boolean" and value in ("true", "false"):
        return value == "true"
    if kind == "number":
        try:
            number = float(value)
        except ValueError:
            return value
        return number if math.isfinite(number) else value
    return value


def _fold(value: dict[str, Any], plan: AliasPlan) -> None:
    for name, (aliases, nested) in plan.items():
        for alias in aliases:
            if alias in value:
                older = value.pop(alias)
                value.setdefault(name, older)
        inner = value.get(name)
        if nested and isinstance(inner, dict):
            _fold(cast("dict[str, Any]", inner), nested)
        elif nested and isinstance(inner, list):
            for item in cast("list[object]", inner):
                if isinstance(item, dict):
                    _fold(cast("dict[str, Any]", item), nested)


_PRIORITY = {"AdditionalProperties": 0, "Required": 1}


def _wire_error(document: JSON, errors: list[jsonschema_rs.ValidationError]) -> EmulatorError:
    """The first error a client should fix, as the API reports it."""
    error = min(errors, key=lambda e: _PRIORITY.get(type(e.kind).__name__, 2))
    kind = type(error.kind).__name__
    path = [str(part) for part in error.instance_path]
    details: JSON = error.kind.as_dict()
    if kind == "AdditionalProperties":
        unexpected = cast("list[str]", details.get("unexpected") or ["?"])
        return UnknownParameter(".".join([*path, unexpected[0]]))
    if kind == "Required":
        name = ".".join([*path, str(details.get("property", "?"))])
        return ValidationFailed(name, f"{name} is required")
    choices = _exclusive_fields(document, list(error.schema_path))
    if choices and kind in {"OneOfNotValid", "OneOfMultipleValid"}:
        # Fields of which exactly one is given: name the first when none is, else the later.
        listed = " or ".join(".".join([*path, choice]) for choice in choices)
        if kind == "OneOfNotValid":
            return ValidationFailed(".".join([*path, choices[0]]), f"{listed} is required")
        instance: object = error.instance
        given = [choice for choice in choices if isinstance(instance, dict) and choice in instance]
        name = ".".join([*path, given[-1] if given else choices[-1]])
        return ValidationFailed(name, f"give {listed}, not more than one")
    name = ".".join(path) or "body"
    message = f"{name}: {error.message}"
    if len(message) > _MESSAGE_LIMIT:
        message = message[: _MESSAGE_LIMIT - 1] + "…"
    if kind != "Type" and _unprocessable(document, list(error.schema_path)):
        return SemanticallyInvalid(name, message)
    return ValidationFailed(name, message)


def _exclusive_fields(document: JSON, schema_path: list[str | int]) -> list[str]:
    """The fields of a ``oneOf`` whose options each only require one field (``user`` or
    ``target``); empty for any other ``oneOf``."""
    node: Any = document
    for part in schema_path:
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            return []
    options: list[object] = cast("list[object]", node) if isinstance(node, list) else []
    fields: list[str] = []
    for option in options:
        if not isinstance(option, dict) or set(cast("JSON", option)) != {"required"}:
            return []
        required: object = cast("JSON", option)["required"]
        if not isinstance(required, list):
            return []
        names = cast("list[object]", required)
        if len(names) != 1 or not isinstance(names[0], str):
            return []
        fields.append(names[0])
    return fields


def _unprocessable(document: JSON, schema_path: list[str | int]) -> bool:
    """Whether the schema holding the failed keyword says ``x-dialstack-unprocessable``."""
    node: Any = document
    for part in schema_path[:-1]:
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            return False
    return isinstance(node, dict) and cast("JSON", node).get("x-dialstack-unprocessable") is True


def _require_text(body: dict[str, Any]) -> None:
    """Refuse a string the emulator could neither store nor answer: a lone surrogate (JSON
    allows the escape ``\\ud800``; UTF-8 has no such character)."""
    try:
        json.dumps(body, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        raise _unrepresentable(body) from None
    except (ValueError, RecursionError):
        raise ValidationFailed("body", "The request body is nested too deeply") from None


def _unrepresentable(value: object) -> ValidationFailed:
    """Text the validator cannot read (a lone surrogate from a ``\\ud800`` escape), named."""
    stack: list[tuple[str, object]] = [("", value)]
    while stack:
        where, item = stack.pop()
        if isinstance(item, str) and not _is_text(item):
            name = where or "body"
            return ValidationFailed(name, f"{name} is not valid Unicode text")
        if isinstance(item, dict):
            for key, sub in cast("dict[object, object]", item).items():
                name = f"{where}.{key}" if where else str(key)
                if isinstance(key, str) and not _is_text(key):
                    return ValidationFailed(
                        where or "body", f"a key of {where or 'the body'} is not valid Unicode text"
                    )
                stack.append((name, sub))
        elif isinstance(item, list):
            stack += [(f"{where}.{i}", sub) for i, sub in enumerate(cast("list[object]", item))]
    return ValidationFailed("body", "The request cannot be read (nested too deeply?)")


def _is_text(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True
