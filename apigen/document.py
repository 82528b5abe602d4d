"""The API description: the root and the fragments merged into one checked OpenAPI document.

``load(api_dir)`` reads ``openapi.yaml`` and every ``paths/*.yaml``, refuses a path or a
schema defined twice, adds what every operation shares (the standard error responses, the
alias properties of ``x-dialstack-aliases``), and validates the result both as OpenAPI 3.1
and against the rules of docs/api-description.md.
"""

from __future__ import annotations

import copy
import importlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

JSON = dict[str, Any]
HTTP_METHODS = ("get", "put", "post", "delete", "patch")
ACCOUNT_RULES = ("never", "optional", "required")
LIST_STYLES = ("paged", "unpaged", "array")
OPERATION_ID = re.compile(r"[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+")
ROOT_FRAGMENT = "shared"
"""Where the schemas of the root document go (``dialstack.types.shared``)."""


class DescriptionError(Exception):
    """The description breaks a rule; the message says which and where."""


@dataclass
class Document:
    spec: JSON
    schema_origin: dict[str, str] = field(default_factory=dict[str, str])
    """Schema name -> the fragment (file stem) that defines it."""
    operation_origin: dict[str, str] = field(default_factory=dict[str, str])
    """operationId -> the fragment that describes it."""

    def resolve(self, node: JSON) -> JSON:
        """``node`` with its ``$ref`` (if any) followed, as often as needed."""
        seen: set[str] = set()
        while "$ref" in node:
            ref = cast("str", node["$ref"])
            if ref in seen or not ref.startswith("#/"):
                raise DescriptionError(f"unresolvable $ref {ref!r}")
            seen.add(ref)
            target: Any = self.spec
            for part in ref[2:].split("/"):
                if not isinstance(target, dict) or part not in target:
                    raise DescriptionError(f"$ref {ref!r} points at nothing")
                target = cast("JSON", target)[part]
            node = cast("JSON", target)
        return node

    def operations(self) -> list[tuple[str, str, JSON, list[JSON]]]:
        """(path, method, operation, parameters incl. the path item's), in document order."""
        found: list[tuple[str, str, JSON, list[JSON]]] = []
        for path, item in cast("JSON", self.spec["paths"]).items():
            shared = [self.resolve(p) for p in item.get("parameters", [])]
            for method in HTTP_METHODS:
                if method not in item:
                    continue
                operation = cast("JSON", item[method])
                own = [self.resolve(p) for p in operation.get("parameters", [])]
                keys = {(p["name"], p["in"]) for p in own}
                merged = [p for p in shared if (p["name"], p["in"]) not in keys] + own
                found.append((path, method, operation, merged))
        return found


def _load_yaml(path: Path) -> Any:
    yaml = importlib.import_module("yaml")
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        raise DescriptionError(f"{path}: not valid YAML: {error}") from None


def load(api_dir: Path) -> Document:
    spec = cast("JSON", _load_yaml(api_dir / "openapi.yaml"))
    spec.setdefault("paths", {})
    components = spec.setdefault("components", {})
    schemas = components.setdefault("schemas", {})
    document = Document(spec)
    for name in schemas:
        document.schema_origin[name] = ROOT_FRAGMENT
    for fragment_path in sorted((api_dir / "paths").glob("*.yaml")):
        _merge(document, fragment_path, cast("JSON", _load_yaml(fragment_path)))
    _add_defaults(document)
    _validate(document)
    return document


def _merge(document: Document, path: Path, fragment: JSON | None) -> None:
    stem = path.stem
    if not isinstance(fragment, dict):
        raise DescriptionError(f"{path}: must be a mapping with `paths:` and `components:`")
    extra = set(fragment) - {"paths", "components"}
    if extra:
        raise DescriptionError(f"{path}: unexpected top-level keys {sorted(extra)}")
    components = cast("JSON", fragment.get("components") or {})
    if set(components) - {"schemas"}:
        raise DescriptionError(f"{path}: components may only hold `schemas:`")
    paths = cast("JSON", document.spec["paths"])
    for route, item in cast("JSON", fragment.get("paths") or {}).items():
        if route in paths:
            raise DescriptionError(f"{path}: the path {route} is already described elsewhere")
        paths[route] = item
        for method in HTTP_METHODS:
            if method in item:
                operation_id = item[method].get("operationId")
                if operation_id in document.operation_origin:
                    raise DescriptionError(f"{path}: operationId {operation_id} is used twice")
                document.operation_origin[str(operation_id)] = stem
    schemas = cast("JSON", document.spec["components"]["schemas"])
    for name, schema in cast("JSON", components.get("schemas") or {}).items():
        if name in schemas:
            raise DescriptionError(
                f"{path}: the schema {name} is already defined in {document.schema_origin[name]}"
            )
        schemas[name] = schema
        document.schema_origin[name] = stem


# Every operation may answer these; a fragment that declares a status keeps its own.
_ALWAYS = {"400": "BadRequest", "401": "Unauthorized", "429": "RateLimited", "500": "InternalError"}


_ACCOUNT_HEADERS: JSON = {
    "DialStackAccountRequired": {
        "name": "DialStack-Account",
        "in": "header",
        "required": True,
        "description": "The account the call acts in (`acct_...`).",
        "schema": {"type": "string", "minLength": 1},
    },
    "DialStackAccountOptional": {
        "name": "DialStack-Account",
        "in": "header",
        "required": False,
        "description": (
            "Scopes the call to one account (`acct_...`); without it, or empty, the call is "
            "platform-wide."
        ),
        "schema": {"type": "string"},
    },
}
"""The header each ``x-dialstack-account`` rule stands for, added to the operations it rules."""


def _add_defaults(document: Document) -> None:
    for path, method, operation, parameters in document.operations():
        responses = cast("JSON", operation.setdefault("responses", {}))
        wanted = dict(_ALWAYS)
        scoped = operation.get("x-dialstack-account") in ("optional", "required")
        if scoped or any(p["in"] == "path" for p in parameters) or "{" in path:
            wanted["404"] = "NotFound"
        if method in ("post", "put"):
            wanted["409"] = "Conflict"
        for status, name in wanted.items():
            responses.setdefault(status, {"$ref": f"#/components/responses/{name}"})
        operation["responses"] = dict(sorted(responses.items()))
        if scoped:
            # Said once as x-dialstack-account; spelt out as a header for OpenAPI's readers.
            rule = operation["x-dialstack-account"]
            header = {"$ref": f"#/components/parameters/DialStackAccount{rule.title()}"}
            cast("list[JSON]", operation.setdefault("parameters", [])).append(header)
    components = cast("JSON", document.spec["components"])
    cast("JSON", components.setdefault("parameters", {})).update(_ACCOUNT_HEADERS)
    _add_aliases(document.spec)


def _add_aliases(node: Any) -> None:
    """Each ``x-dialstack-aliases`` spelling becomes a deprecated property of its own, so that
    any OpenAPI tool (and the emulator's validator) takes both spellings."""
    if isinstance(node, list):
        for item in cast("list[Any]", node):  # type: ignore[redundant-cast]
            _add_aliases(item)
        return
    if not isinstance(node, dict):
        return
    mapping = cast("JSON", node)
    properties = mapping.get("properties")
    if isinstance(properties, dict):
        for name, schema in list(cast("JSON", properties).items()):
            for alias in cast("JSON", schema).get("x-dialstack-aliases", []):
                if alias in properties:
                    raise DescriptionError(f"alias {alias} of {name} is also a property")
                twin = {
                    k: copy.deepcopy(v)
                    for k, v in cast("JSON", schema).items()
                    if k not in ("x-dialstack-aliases", "description")
                }
                twin["deprecated"] = True
                twin["description"] = f"The older spelling of `{name}`; `{name}` wins."
                twin["x-dialstack-alias-of"] = name
                properties[alias] = twin
    for value in mapping.values():
        _add_aliases(value)


EXTENSIONS = frozenset(
    {
        "x-dialstack-account",
        "x-dialstack-list",
        "x-dialstack-test-only",
        "x-dialstack-same-as",
        "x-dialstack-tristate",
        "x-dialstack-secret",
        "x-dialstack-aliases",
        "x-dialstack-alias-of",
        "x-dialstack-expand",
        "x-dialstack-unprocessable",
        "x-dialstack-codes",
        "x-dialstack-components",
        "x-dialstack-issued",
        "x-dialstack-exclusive-with",
        "x-dialstack-beyond-server-sdk",
        "x-dialstack-stream",
    }
)
"""Every extension docs/api-description.md describes: any other is a typo."""


def _unknown_extensions(node: Any, where: str = "#") -> list[str]:
    found: list[str] = []
    stack: list[tuple[str, Any]] = [(where, node)]
    while stack:
        place, item = stack.pop()
        if isinstance(item, dict):
            for key, value in cast("JSON", item).items():
                if key.startswith("x-dialstack-") and key not in EXTENSIONS:
                    found.append(f"{place}/{key}")
                stack.append((f"{place}/{key}", value))
        elif isinstance(item, list):
            stack += [(f"{place}/{i}", v) for i, v in enumerate(cast("list[Any]", item))]  # type: ignore[redundant-cast]
    return found


def _validate(document: Document) -> None:
    unknown = _unknown_extensions(document.spec)
    if unknown:
        raise DescriptionError(f"unknown extension(s): {', '.join(sorted(unknown))}")
    validator = importlib.import_module("openapi_spec_validator")
    try:
        validator.validate(document.spec)
    except Exception as error:  # the validator's own exception tree
        raise DescriptionError(f"not a valid OpenAPI 3.1 document: {error}") from None
    ids = {operation["operationId"] for _, _, operation, _ in document.operations()}
    for path, method, operation, parameters in document.operations():
        where = f"{method.upper()} {path}"
        operation_id = operation.get("operationId")
        if not isinstance(operation_id, str) or not OPERATION_ID.fullmatch(operation_id):
            raise DescriptionError(f"{where}: operationId must be `namespace.method`")
        if operation.get("x-dialstack-account") not in ACCOUNT_RULES:
            raise DescriptionError(f"{where}: x-dialstack-account must be one of {ACCOUNT_RULES}")
        style = operation.get("x-dialstack-list")
        if style is not None and style not in LIST_STYLES:
            raise DescriptionError(f"{where}: x-dialstack-list must be one of {LIST_STYLES}")
        components: object = operation.get("x-dialstack-components", [])
        if not isinstance(components, list) or not all(
            isinstance(name, str) for name in cast("list[object]", components)
        ):
            raise DescriptionError(f"{where}: x-dialstack-components must be a list of strings")
        stream = operation.get("x-dialstack-stream")
        if stream is not None:
            _validate_stream(where, cast("JSON", stream), ids)
        same_as = operation.get("x-dialstack-same-as")
        if same_as is not None and same_as not in ids:
            raise DescriptionError(f"{where}: x-dialstack-same-as names no operation")
        successes = [s for s in operation["responses"] if s.startswith("2")]
        if len(successes) != 1:
            raise DescriptionError(f"{where}: needs exactly one 2xx response, has {successes}")
        for parameter in parameters:
            if parameter["in"] == "query" and parameter["name"].endswith("[]"):
                schema = document.resolve(parameter.get("schema", {}))
                if schema.get("type") != "array" or parameter.get("explode") is False:
                    raise DescriptionError(f"{where}: {parameter['name']} must be an array")
        for name in re.findall(r"{(\w+)}", path):
            if not any(p["in"] == "path" and p["name"] == name for p in parameters):
                raise DescriptionError(f"{where}: the path parameter {name} is not described")


def _validate_stream(where: str, stream: JSON, ids: set[str]) -> None:
    operation_id = stream.get("operationId")
    if not isinstance(operation_id, str) or not OPERATION_ID.fullmatch(operation_id):
        raise DescriptionError(f"{where}: x-dialstack-stream needs an operationId")
    if operation_id in ids:
        raise DescriptionError(f"{where}: x-dialstack-stream's {operation_id} is taken")
    events = stream.get("events")
    if not isinstance(events, dict) or not events:
        raise DescriptionError(f"{where}: x-dialstack-stream needs events, each a $ref")
    for event, schema in cast("JSON", events).items():
        if not isinstance(schema, dict) or "$ref" not in schema:
            raise DescriptionError(f"{where}: the {event} event of x-dialstack-stream needs a $ref")
