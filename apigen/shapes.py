"""From schemas to Python: the type a field has on each side, and how a model converts it.

Response side: models (``DialStackModel`` subclasses) and converter expressions from
``dialstack._models``. Request side: ``TypedDict`` classes. Named object schemas keep their
name (a schema reached from both sides is the model ``X`` and the TypedDict ``XParams``);
inline objects are named after where they sit (``UserRevokeSessionsResponse``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal, cast

from .document import JSON, DescriptionError, Document

Side = Literal["response", "request"]
DICT_METHODS = frozenset(dir(dict)) | {"request_id", "extra", "to_dict", "from_wire", "convert"}


def pascal(name: str) -> str:
    return "".join(part[:1].upper() + part[1:] for part in name.replace("-", "_").split("_"))


def singular(name: str) -> str:
    if name.endswith("ies"):
        return name[:-3] + "y"
    if name.endswith(("sses", "xes", "ches", "shes")):  # addresses, boxes, faxes, switches
        return name[:-2]
    return name[:-1] if name.endswith("s") else name


def attribute_name(wire: str) -> str:
    """A wire name as a Python attribute: a dict method's name gets a trailing ``_``."""
    name = wire.replace("-", "_").replace(".", "_").replace("[]", "")
    if not name.isidentifier():
        raise DescriptionError(f"field {wire!r} has no Python spelling")
    return name + "_" if name in DICT_METHODS or name in {"class", "from", "def"} else name


@dataclass
class Prop:
    wire: str
    schema: JSON
    required: bool


@dataclass
class ObjectClass:
    """A class to emit: a model (response side) or a TypedDict (request side)."""

    name: str
    side: Side
    module: str
    schema: JSON
    props: list[Prop] = field(default_factory=list[Prop])


@dataclass
class Types:
    """Every class the generator emits, by (schema identity, side)."""

    document: Document
    classes: dict[str, ObjectClass] = field(default_factory=dict[str, ObjectClass])
    by_key: dict[tuple[int, Side], ObjectClass] = field(
        default_factory=dict[tuple[int, Side], ObjectClass]
    )
    response_names: set[str] = field(default_factory=set[str])

    def flatten(self, schema: JSON) -> JSON:
        """``allOf`` merged into one schema (properties and required combined)."""
        schema = self.document.resolve(schema)
        if "allOf" not in schema:
            return schema
        merged: JSON = {k: v for k, v in schema.items() if k != "allOf"}
        properties: JSON = dict(cast("JSON", merged.get("properties", {})))
        required: list[str] = list(merged.get("required", []))
        for part in cast("list[JSON]", schema["allOf"]):
            flat = self.flatten(part)
            for name, sub in cast("JSON", flat.get("properties", {})).items():
                if name in properties:
                    properties[name] = {**self.document.resolve(properties[name]), **sub}
                else:
                    properties[name] = sub
            required += [r for r in flat.get("required", []) if r not in required]
            for key in ("type", "description"):
                if key in flat and key not in merged:
                    merged[key] = flat[key]
        merged["properties"] = properties
        merged["required"] = required
        merged.setdefault("type", "object")
        return merged

    def is_object(self, schema: JSON) -> bool:
        flat = self.flatten(schema)
        return bool(flat.get("properties")) and _types(flat) in ([], ["object"])

    def object_class(self, schema: JSON, side: Side, module: str, fallback: str) -> ObjectClass:
        """The class for an object schema; a ``$ref`` names it, else ``fallback`` does."""
        ref = schema.get("$ref")
        target = self.document.resolve(schema)
        key = (id(target), side)
        if key in self.by_key:
            return self.by_key[key]
        if isinstance(ref, str):
            name = ref.rsplit("/", 1)[1]
            module = self.document.schema_origin.get(name, module)
            if side == "request" and name in self.response_names:
                name += "Params"
        else:
            name = fallback
        if name in self.classes:
            raise DescriptionError(f"two classes would be called {name}")
        flat = self.flatten(target)
        required = set(flat.get("required", []))
        made = ObjectClass(name, side, module, flat)
        made.props = [
            Prop(wire, cast("JSON", sub), wire in required)
            for wire, sub in cast("JSON", flat.get("properties", {})).items()
        ]
        self.by_key[key] = made
        self.classes[name] = made
        if side == "response":
            self.response_names.add(name)
        return made


def _types(schema: JSON) -> list[str]:
    kind = schema.get("type")
    if kind is None:
        return []
    return [kind] if isinstance(kind, str) else list(cast("list[str]", kind))


@dataclass
class Typed:
    """A field's Python type, and (response side) its converter expression."""

    annotation: str
    converter: str
    nullable: bool


class Mapper:
    """Types and converters for one module being emitted (it collects that module's imports)."""

    def __init__(self, types: Types, module: str) -> None:
        self.types = types
        self.module = module
        self.imports: set[tuple[str, str]] = set()
        """(module, class name) of other generated modules this one uses."""
        self.typing: set[str] = set()

    def typed(self, schema: JSON, side: Side, owner: str, wire: str) -> Typed:
        types = self.types
        document = types.document
        raw = schema
        schema = document.resolve(schema)
        for key in ("anyOf", "oneOf"):
            if key in schema:
                options = [
                    self.typed(option, side, owner, wire)
                    for option in cast("list[JSON]", schema[key])
                ]
                concrete = [o for o in options if o.annotation != "None"]
                nullable = len(concrete) < len(options) or any(o.nullable for o in options)
                annotations = _unique(a for o in concrete for a in o.annotation.split(" | "))
                annotations = [a for a in annotations if a != "None"]
                converter = (
                    concrete[0].converter
                    if len(concrete) == 1
                    else f"one_of({', '.join(o.converter for o in concrete)})"
                )
                if nullable:
                    converter = f"nullable({converter})"
                    annotations.append("None")
                return Typed(" | ".join(annotations), converter, nullable)
        if "allOf" in schema or types.is_object(raw):
            made = types.object_class(raw, side, self.module, owner + pascal(wire))
            if made.module != self.module:
                self.imports.add((made.module, made.name))
            converter = f'ref("{_module_path(made.module)}", "{made.name}")'
            return Typed(made.name, converter, False)
        kinds = _types(schema)
        nullable = "null" in kinds
        kinds = [k for k in kinds if k != "null"]
        if nullable and not kinds:
            return Typed("None", "ANY", True)
        annotation, converter = self._scalar(schema, kinds, side, owner, wire)
        if nullable:
            return Typed(f"{annotation} | None", f"nullable({converter})", True)
        return Typed(annotation, converter, False)

    def _scalar(
        self, schema: JSON, kinds: list[str], side: Side, owner: str, wire: str
    ) -> tuple[str, str]:
        enum = [v for v in cast("list[Any]", schema.get("enum", [])) if v is not None]
        if "const" in schema:
            enum = [schema["const"]]
        if side == "request" and enum:
            self.typing.add("Literal")
            return f"Literal[{', '.join(repr(v) for v in enum)}]", "ANY"
        if len(kinds) != 1:
            if not kinds and enum:
                kinds = [_json_type(enum[0])]
            else:
                self.typing.add("Any")
                return "Any", "ANY"
        kind = kinds[0]
        if kind == "string":
            if schema.get("format") == "date-time" and side == "response":
                return "datetime", "DATETIME"
            if side == "request" and schema.get("format") == "binary":
                return "FileInput", "ANY"  # bytes, a path or a binary file: streamed (_wire)
            if side == "request" and schema.get("format") in ("date-time", "date"):
                # Sent as ISO 8601 text (``iso_instants``); a datetime or date is taken too.
                return f"str | {'datetime' if schema['format'] == 'date-time' else 'date'}", "ANY"
            if enum:
                # Typed as the values the API documents, so a checker flags a misspelt one
                # (``call.status == "no_answer"``); read as any string, so a value the API
                # adds later still reads.
                self.typing.add("Literal")
                return f"Literal[{', '.join(repr(v) for v in enum)}]", "STRING"
            return "str", "STRING"
        if kind == "integer":
            return "int", "INTEGER"
        if kind == "number":
            return "float", "NUMBER"
        if kind == "boolean":
            return "bool", "BOOLEAN"
        if kind == "array":
            items = self.typed(cast("JSON", schema.get("items", {})), side, owner, wire)
            return f"list[{items.annotation}]", f"list_of({items.converter})"
        if kind == "object":
            extra = schema.get("additionalProperties")
            if isinstance(extra, dict) and extra:
                values = self.typed(cast("JSON", extra), side, owner, wire)
                return f"dict[str, {values.annotation}]", f"dict_of({values.converter})"
            self.typing.add("Any")
            return "dict[str, Any]", "OBJECT"
        self.typing.add("Any")
        return "Any", "ANY"


def _json_type(value: Any) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    return "string"


def _unique(values: Any) -> list[str]:
    seen: list[str] = []
    for value in values:
        if value not in seen:
            seen.append(value)
    return seen


def _module_path(fragment: str) -> str:
    return f"dialstack.types.{fragment}"
